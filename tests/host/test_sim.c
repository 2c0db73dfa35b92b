/*
 * test_sim.c - the simulated PC (tests/host/sim) against the reference
 * (shared/reference/xms-vds-dos-facts.md): DOS memory calls and the MCB
 * chain, XMS in the spec and DOSBox quirk modes, VDS with and without
 * remapping, and the port layer's checks.  Tests marked /spec and /dosbox
 * run once per quirk mode with the answers of each.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "port.h"
#include "sim.h"

static int Q_SPEC = SIM_QUIRKS_SPEC;
static int Q_DOSBOX = SIM_QUIRKS_DOSBOX;

#define QUIRKS(state)  (*(int *)*(state))
#define DOSBOX(state)  (QUIRKS(state) == SIM_QUIRKS_DOSBOX)

static struct sim_config C;

/* The call must end the test through sim_fail() for the reason why. */
#define SIM_FAILS(call, why) do { \
        global_last_failed_assert = NULL; \
        expect_assert_failure(call); \
        assert_non_null(global_last_failed_assert); \
        assert_non_null(strstr(global_last_failed_assert, why)); \
    } while (0)

/* ---------------------------------------------------------------- helpers */

static void clr(struct port_regs *r)
{
    memset(r, 0, sizeof(*r));
}

static int cf(const struct port_regs *r)
{
    return (r->flags & PORT_CF) != 0;
}

static struct port_regs dos(u16 ax, u16 bx, u16 es)
{
    struct port_regs r;

    clr(&r);
    r.ax = ax;
    r.bx = bx;
    r.es = es;
    port_int(0x21, &r);
    return r;
}

static u16 dos_alloc_ok(u16 paras)
{
    struct port_regs r = dos(0x4800, paras, 0);

    assert_false(cf(&r));
    return r.ax;
}

static void dos_free_ok(u16 seg)
{
    struct port_regs r = dos(0x4900, 0, seg);

    assert_false(cf(&r));
}

static void set_strategy(u16 s)
{
    struct port_regs r = dos(0x5801, s, 0);

    assert_false(cf(&r));
}

static u8 mcb_type(u16 mcb)  { return sim_lin_byte((u32)mcb << 4); }
static u16 mcb_owner(u16 mcb) { return sim_lin_word(((u32)mcb << 4) + 1); }
static u16 mcb_size(u16 mcb)  { return sim_lin_word(((u32)mcb << 4) + 3); }

static void boot(void **state)
{
    if (state != NULL && *state != NULL && DOSBOX(state))
        sim_config_dosbox(&C);
    else
        sim_config_default(&C);
}

/* XMS through the entry point INT 2Fh 4310h hands out. */
static u16 xseg, xoff;

static void xms_find(void)
{
    struct port_regs r;

    clr(&r);
    r.ax = 0x4310;
    port_int(0x2F, &r);
    xseg = r.es;
    xoff = r.bx;
}

static struct port_regs xms(u16 ax, u16 bx, u16 dx)
{
    struct port_regs r;

    clr(&r);
    r.ax = ax;
    r.bx = bx;
    r.dx = dx;
    port_farcall(xseg, xoff, &r);
    return r;
}

static struct port_regs xms32(u8 fn, u32 ebx, u32 edx)
{
    struct port_regs r;

    clr(&r);
    r.ax = (u16)(fn << 8);
    r.bx = (u16)ebx;
    r.e_bx = (u16)(ebx >> 16);
    r.dx = (u16)edx;
    r.e_dx = (u16)(edx >> 16);
    port_farcall32(xseg, xoff, &r);
    return r;
}

/* 0 on success (AX=1), else BL; FFh for AX=0 without an error code. */
static u8 xrc(const struct port_regs *r)
{
    if (r->ax == 1)
        return 0;
    return (u8)r->bx >= 0x80 ? (u8)r->bx : 0xFF;
}

/* One XMS call: 0 on success, else BL. */
static u8 xr(u16 ax, u16 bx, u16 dx)
{
    struct port_regs r = xms(ax, bx, dx);

    return xrc(&r);
}

static u16 xalloc_ok(u16 kb)
{
    struct port_regs r = xms(0x0900, 0, kb);

    assert_int_equal(r.ax, 1);
    assert_int_not_equal(r.dx, 0);
    return r.dx;
}

/* The 16-byte move struct of XMS 0Bh, passed as DS:port_near(&mv). */
static u8 mv[16];

static void put16(u8 *p, u16 v) { p[0] = (u8)v; p[1] = (u8)(v >> 8); }
static void put32(u8 *p, u32 v) { put16(p, (u16)v); put16(p + 2, (u16)(v >> 16)); }

static u8 xmove(u32 len, u16 sh, u32 so, u16 dh, u32 doff)
{
    struct port_regs r;

    put32(mv, len);
    put16(mv + 4, sh);
    put32(mv + 6, so);
    put16(mv + 10, dh);
    put32(mv + 12, doff);
    clr(&r);
    r.ax = 0x0B00;
    r.ds = 0;                   /* the module's DS */
    r.si = port_near(mv);
    port_farcall(xseg, xoff, &r);
    return xrc(&r);
}

#define FAR(seg, off) (((u32)(seg) << 16) | (u16)(off))

static void fill_conv(u16 seg, u16 n, u8 base)
{
    u16 i;

    for (i = 0; i < n; i++)
        port_pokeb(seg, i, (u8)(base + i));
}

/* VDS: the DDS at DS:0200h (plain simulated memory in the data segment). */
#define DDS_OFF 0x0200u

static void dds_put(u32 size, u16 seg, u32 off, u16 id)
{
    u16 ds = port_ds();

    port_pokew(ds, DDS_OFF, (u16)size);
    port_pokew(ds, DDS_OFF + 2, (u16)(size >> 16));
    port_pokew(ds, DDS_OFF + 4, (u16)off);
    port_pokew(ds, DDS_OFF + 6, (u16)(off >> 16));
    port_pokew(ds, DDS_OFF + 8, seg);
    port_pokew(ds, DDS_OFF + 10, id);
    port_pokew(ds, DDS_OFF + 12, 0);
    port_pokew(ds, DDS_OFF + 14, 0);
}

static u32 dds_size(void)
{
    return port_peekw(port_ds(), DDS_OFF) | ((u32)port_peekw(port_ds(), DDS_OFF + 2) << 16);
}

static u16 dds_id(void)
{
    return port_peekw(port_ds(), DDS_OFF + 10);
}

static u32 dds_phys(void)
{
    return port_peekw(port_ds(), DDS_OFF + 12)
           | ((u32)port_peekw(port_ds(), DDS_OFF + 14) << 16);
}

static struct port_regs vds(u16 ax, u16 dx)
{
    struct port_regs r;

    clr(&r);
    r.ax = ax;
    r.dx = dx;
    r.es = port_ds();
    r.di = DDS_OFF;
    port_int(0x4B, &r);
    return r;
}

static int vcf(u16 ax, u16 dx)
{
    struct port_regs r = vds(ax, dx);

    return cf(&r);
}

/* A DDS for linear address lin (segment lin >> 4). */
static void dds_lin(u32 lin, u32 size)
{
    dds_put(size, (u16)(lin >> 4), lin & 15, 0);
}

static int teardown(void **state)
{
    (void)state;
    assert_true(sim_irq_balanced());
    assert_false(sim_in_isr());
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    sim_free();
    return 0;
}

/* ==================================================================== DOS */

static void test_dos_version(void **state)
{
    struct port_regs r;

    (void)state;
    sim_reset(NULL);
    r = dos(0x3000, 0, 0);
    assert_int_equal(r.ax, 0x0005);
    sim_config_default(&C);
    C.dos_version = 0x031E;             /* 3.30 */
    sim_reset(&C);
    r = dos(0x3000, 0, 0);
    assert_int_equal(r.ax & 0xFF, 3);
    assert_int_equal(r.ax >> 8, 30);
    r = dos(0x3306, 0, 0);
    assert_int_equal(r.ax & 0xFF, 0xFF);
}

static void test_dos_alloc_free(void **state)
{
    u16 seg;
    struct port_regs r;

    (void)state;
    sim_reset(NULL);
    assert_int_equal(sim_dos_check_chain(), 0);
    assert_int_equal(sim_dos_free_paras(), 0x87EE);
    seg = dos_alloc_ok(0x100);
    assert_int_equal(seg, 0x1812);
    assert_int_equal(mcb_type(0x1811), 'M');
    assert_int_equal(mcb_owner(0x1811), SIM_PSP);
    assert_int_equal(mcb_size(0x1811), 0x100);
    assert_int_equal(mcb_type(0x1912), 'Z');
    assert_int_equal(mcb_owner(0x1912), 0);
    assert_int_equal(mcb_size(0x1912), 0x87EE - 0x101);
    assert_int_equal(sim_dos_blocks_owned(SIM_PSP), 2);
    assert_int_equal(sim_dos_check_chain(), 0);
    dos_free_ok(seg);
    assert_int_equal(mcb_owner(0x1811), 0);
    assert_int_equal(sim_dos_check_chain(), 0);
    /* 49h does not coalesce; the next 48h does. */
    assert_int_equal(mcb_size(0x1811), 0x100);
    r = dos(0x4800, 0x87EE, 0);
    assert_false(cf(&r));
    assert_int_equal(r.ax, 0x1812);
    assert_int_equal(mcb_type(0x1811), 'Z');
}

static void test_dos_alloc_largest(void **state)
{
    struct port_regs r;
    u16 seg;

    (void)state;
    sim_reset(NULL);
    r = dos(0x4800, 0xFFFF, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 8);
    assert_int_equal(r.bx, 0x87EE);
    seg = dos_alloc_ok(r.bx);
    r = dos(0x4800, 1, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 8);
    assert_int_equal(r.bx, 0);
    dos_free_ok(seg);
    r = dos(0x4800, 0x87EF, 0);
    assert_true(cf(&r));
    assert_int_equal(r.bx, 0x87EE);
}

static void test_dos_coalesce(void **state)
{
    struct sim_mcb m[16];
    u16 a, b, c;
    int n;

    (void)state;
    sim_reset(NULL);
    a = dos_alloc_ok(0x10);
    b = dos_alloc_ok(0x20);
    c = dos_alloc_ok(0x10);
    assert_int_equal(b, a + 0x11);
    assert_int_equal(c, b + 0x21);
    dos_free_ok(a);
    dos_free_ok(b);
    n = sim_dos_walk(m, 16);
    assert_int_equal(n, 5);
    assert_int_equal(m[1].owner, 0);
    assert_int_equal(m[2].owner, 0);
    assert_int_equal(m[1].size, 0x10);
    assert_int_equal(dos_alloc_ok(0x31), a);
    assert_int_equal(mcb_size((u16)(a - 1)), 0x31);
    assert_int_equal(sim_dos_check_chain(), 0);
}

static void test_dos_resize(void **state)
{
    struct port_regs r;
    u16 a, b;

    boot(state);
    C.umb = SIM_UMB_NONE;
    sim_reset(&C);
    a = dos_alloc_ok(0x100);
    b = dos_alloc_ok(0x10);
    r = dos(0x4A00, 0x80, a);                   /* shrink */
    assert_false(cf(&r));
    assert_int_equal(mcb_size((u16)(a - 1)), 0x80);
    assert_int_equal(mcb_owner((u16)(a + 0x80)), 0);
    assert_int_equal(mcb_size((u16)(a + 0x80)), 0x7F);
    r = dos(0x4A00, 0x100, a);                  /* grow into the free rest */
    assert_false(cf(&r));
    assert_int_equal(mcb_size((u16)(a - 1)), 0x100);
    assert_int_equal(mcb_owner((u16)(a + 0x100)), SIM_PSP);  /* b's MCB */
    r = dos(0x4A00, 0x200, a);                  /* b is in the way */
    assert_true(cf(&r));
    assert_int_equal(r.ax, 8);
    assert_int_equal(r.bx, 0x100);
    dos_free_ok(b);
    r = dos(0x4A00, 0xFFFF, a);                 /* grows as far as it goes */
    assert_true(cf(&r));
    assert_int_equal(r.ax, 8);
    assert_int_equal(r.bx, sim_dos_owned_paras(SIM_PSP) - SIM_PROG_PARAS);
    assert_int_equal(mcb_size((u16)(a - 1)), r.bx);
    assert_int_equal(sim_dos_free_paras(), 0);
    r = dos(0x4A00, 0x10, (u16)(a + 1));        /* not a block */
    assert_true(cf(&r));
    assert_int_equal(r.ax, DOSBOX(state) ? 7 : 9);
    assert_int_equal(sim_dos_check_chain(), 0);
}

static void test_dos_bad_free_and_corruption(void **state)
{
    struct port_regs r;
    u16 a;

    (void)state;
    sim_reset(NULL);
    a = dos_alloc_ok(0x10);
    r = dos(0x4900, 0, (u16)(a + 1));
    assert_true(cf(&r));
    assert_int_equal(r.ax, 9);
    r = dos(0x4900, 0, 0x0005);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 9);
    sim_lin_write((u32)(a + 0x10) << 4, "X", 1);    /* trash the next MCB */
    assert_true(sim_dos_check_chain() < 0);
    r = dos(0x4800, 0x10, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 7);
    r = dos(0x4A00, 0x20, a);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 7);
}

static void test_dos_strategy(void **state)
{
    struct port_regs r;
    u16 a, c;

    boot(state);
    C.umb = SIM_UMB_NONE;
    sim_reset(&C);
    a = dos_alloc_ok(0x40);
    dos_alloc_ok(1);
    c = dos_alloc_ok(0x10);
    dos_alloc_ok(1);
    dos_free_ok(a);
    dos_free_ok(c);
    set_strategy(0);
    a = dos_alloc_ok(0x10);
    assert_int_equal(a, 0x1812);                /* first fit */
    dos_free_ok(a);
    set_strategy(1);
    assert_int_equal(dos_alloc_ok(0x10), c);    /* best fit */
    dos_free_ok(c);
    set_strategy(2);
    assert_int_equal(dos_alloc_ok(0x10), 0xA000 - 0x10);   /* last fit */
    r = dos(0x5800, 0, 0);
    assert_int_equal(r.ax, 2);
    assert_int_equal(cf(&r), DOSBOX(state));    /* DOSBox leaves CF alone */
    r = dos(0x5801, 0x03, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 1);
    assert_int_equal(sim_dos_strategy(), 2);
    r = dos(0x5801, 0xC0, 0);
    assert_int_equal(cf(&r), !DOSBOX(state));   /* DOSBox checks low bits only */
    r = dos(0x5804, 0, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 1);
    assert_int_equal(sim_dos_check_chain(), 0);
}

static void test_dos_umb_link(void **state)
{
    struct port_regs r;
    struct sim_mcb m[32];
    u16 seg;
    int n, i, saw;

    (void)state;
    sim_config_default(&C);
    C.umb = SIM_UMB_DOS;
    sim_reset(&C);
    assert_int_equal(sim_dos_check_chain(), 0);
    assert_int_equal(mcb_owner(0x9FFF), 8);
    assert_int_equal(mcb_size(0xC800), 0x27FF);
    r = dos(0x5802, 0, 0);
    assert_false(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0);
    set_strategy(0x80);
    seg = dos_alloc_ok(0x100);                  /* not linked: low */
    assert_true(seg < 0xA000);
    r = dos(0x5803, 1, 0);
    assert_false(cf(&r));
    r = dos(0x5802, 0, 0);
    assert_int_equal(r.ax & 0xFF, 1);
    assert_int_equal(sim_dos_check_chain(), 0);
    n = sim_dos_walk(m, 32);
    for (i = saw = 0; i < n; i++)
        saw |= m[i].seg == 0x9FFF;
    assert_true(saw);
    assert_int_equal(dos_alloc_ok(0x100), 0xC801);  /* high first */
    set_strategy(0x40);
    r = dos(0x4800, 0x3000, 0);                     /* high only */
    assert_true(cf(&r));
    assert_int_equal(r.ax, 8);
    assert_int_equal(r.bx, 0x27FF - 0x101);
    set_strategy(0x80);
    assert_true(dos_alloc_ok(0x3000) < 0xA000);     /* high, then low */
    set_strategy(0x02);                              /* linked: UMBs too */
    assert_int_equal(dos_alloc_ok(0x10), 0xF000 - 0x10);
    r = dos(0x5803, 0, 0);
    assert_false(cf(&r));
    assert_int_equal(sim_dos_umb_linked(), 0);
    assert_int_equal(sim_dos_check_chain(), 0);
    r = dos(0x5803, 2, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 1);
    sim_lin_write((u32)0x1811 << 4, "?", 1);     /* the chain is broken */
    r = dos(0x5803, 1, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 7);
    assert_int_equal(sim_dos_umb_linked(), 0);
}

static void test_dos_umb_unlinked_quirk(void **state)
{
    u16 seg;

    boot(state);
    C.umb = SIM_UMB_DOS;
    sim_reset(&C);
    set_strategy(0x40);
    seg = dos_alloc_ok(0x10);
    if (DOSBOX(state))
        assert_true(seg > C.umb_regions[0].start);
    else
        assert_true(seg < 0xA000);
    assert_int_equal(sim_dos_check_chain(), 0);
}

static void test_dos3(void **state)
{
    struct port_regs r;

    (void)state;
    sim_config_default(&C);
    C.dos_version = 0x031E;
    sim_reset(&C);
    r = dos(0x5802, 0, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 1);
    r = dos(0x5803, 1, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 1);
    set_strategy(0x41);                 /* DOS 3/4 take any BL */
    r = dos(0x5800, 0, 0);
    assert_int_equal(r.ax, 0x41);
    assert_int_equal(dos_alloc_ok(0x10), 0xA000 - 0x10);    /* 2+ = last fit */
    /* DOSBox with "ver set 3 30": the UMB chain exists, the calls fail. */
    sim_config_dosbox(&C);
    C.dos_version = 0x031E;
    sim_reset(&C);
    r = dos(0x5803, 1, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 1);
    assert_int_equal(sim_dos_umb_linked(), 0);
    r = dos(0x5802, 0, 0);
    assert_true(cf(&r));
}

static void test_dos_vectors_psp_inject(void **state)
{
    struct port_regs r;

    (void)state;
    sim_reset(NULL);
    clr(&r);
    r.ax = 0x2560;
    r.ds = 0x1234;
    r.dx = 0x5678;
    port_int(0x21, &r);
    r = dos(0x3560, 0, 0);
    assert_int_equal(r.es, 0x1234);
    assert_int_equal(r.bx, 0x5678);
    r = dos(0x6200, 0, 0);
    assert_int_equal(r.bx, SIM_PSP);
    sim_dos_fail_next(0x48, 7);
    r = dos(0x4800, 1, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 7);
    assert_int_equal(r.bx, 0);
    dos_alloc_ok(1);
    assert_int_equal(sim_counters()->int21_ah[0x48], 2);
    assert_int_equal(sim_counters()->int21, 5);
}

/* Property: random allocate / free / resize sequences keep the chain whole,
 * blocks disjoint and owned, and every paragraph accounted for. */
struct held {
    u16 seg;
    u16 size;
    u8 tag;
};

static u32 lcg_state;

static u32 lcg(void)
{
    lcg_state = lcg_state * 1103515245UL + 12345UL;
    return (lcg_state >> 8) & 0xFFFFFFUL;
}

static void test_dos_property(void **state)
{
    static const u16 strat[] = { 0x00, 0x01, 0x02, 0x40, 0x41, 0x80, 0x82 };
    struct held h[64];
    struct sim_mcb m[256];
    int nh = 0, step, i, j, n;
    u32 sum, expect, mine;
    struct port_regs r;

    boot(state);
    C.umb = SIM_UMB_DOS;
    C.umb_count = 2;
    C.umb_regions[0].start = 0xC800;
    C.umb_regions[0].end = 0xD000;
    C.umb_regions[1].start = 0xD800;
    C.umb_regions[1].end = 0xF000;
    sim_reset(&C);
    assert_int_equal(sim_dos_check_chain(), 0);
    lcg_state = 12345;
    for (step = 0; step < 3000; step++) {
        u32 op = lcg() % 10;

        if (op == 0) {
            r = dos(0x5803, (u16)(lcg() & 1), 0);
            assert_false(cf(&r));
        } else if (op == 1) {
            set_strategy(strat[lcg() % 7]);
        } else if (op < 6 && nh < 64) {
            u16 want = (u16)(lcg() % 0x900);

            r = dos(0x4800, want, 0);
            if (!cf(&r)) {
                h[nh].seg = r.ax;
                h[nh].size = want;
                h[nh].tag = (u8)step;
                if (want)
                    port_pokeb(r.ax, 0, h[nh].tag);
                nh++;
            } else {
                assert_int_equal(r.ax, 8);
                assert_true(r.bx < want);
            }
        } else if (op < 8 && nh > 0) {
            i = (int)(lcg() % (u32)nh);
            dos_free_ok(h[i].seg);
            h[i] = h[--nh];
        } else if (nh > 0) {
            u16 want = (u16)(lcg() % 0x900);

            i = (int)(lcg() % (u32)nh);
            r = dos(0x4A00, want, h[i].seg);
            if (cf(&r)) {
                assert_int_equal(r.ax, 8);
                h[i].size = r.bx;       /* grown as far as it went */
            } else {
                h[i].size = want;
            }
            if (h[i].size)              /* a 0-size block lost its byte */
                port_pokeb(h[i].seg, 0, h[i].tag);
        }
        assert_int_equal(sim_dos_check_chain(), 0);
        n = sim_dos_walk(m, 256);
        assert_true(n > 0);
        for (i = 0, sum = 0; i < n; i++)
            sum += (u32)m[i].size + 1;
        if (sim_dos_umb_linked())
            expect = 0xF000 - SIM_FIRST_MCB;
        else
            expect = (0x9FFF - SIM_FIRST_MCB) + (0xF000 - 0xC800);
        assert_int_equal(sum, expect);
        for (i = 0, mine = 0; i < nh; i++) {
            assert_int_equal(mcb_owner((u16)(h[i].seg - 1)), SIM_PSP);
            assert_int_equal(mcb_size((u16)(h[i].seg - 1)), h[i].size);
            if (h[i].size)
                assert_int_equal(port_peekb(h[i].seg, 0), h[i].tag);
            for (j = 0; j < i; j++)
                assert_true(h[j].seg + h[j].size <= h[i].seg - 1
                            || h[i].seg + h[i].size <= h[j].seg - 1);
            mine += h[i].size;
        }
        assert_int_equal(sim_dos_owned_paras(SIM_PSP), mine + SIM_PROG_PARAS);
    }
}

/* ==================================================================== XMS */

static void test_xms_detect(void **state)
{
    struct port_regs r;

    boot(state);
    sim_reset(&C);
    clr(&r);
    r.ax = 0x4300;
    port_int(0x2F, &r);
    assert_int_equal(r.ax & 0xFF, 0x80);
    xms_find();
    assert_int_equal(xseg, SIM_STUB_SEG);
    assert_int_equal(xoff, SIM_XMS_OFF);
    assert_int_equal(sim_lin_byte(((u32)xseg << 4) + xoff), 0xEB);  /* hookable */
    C.xms = 0;
    sim_reset(&C);
    clr(&r);
    r.ax = 0x4300;
    port_int(0x2F, &r);
    assert_int_equal(r.ax & 0xFF, 0x00);
    SIM_FAILS(xms(0x0000, 0, 0), "no XMS driver there");
    assert_int_equal(sim_counters()->int2f, 1);
}

static void test_xms_version(void **state)
{
    struct port_regs r;

    boot(state);
    sim_reset(&C);
    xms_find();
    r = xms(0x0000, 0, 0);
    assert_int_equal(r.ax, 0x0300);
    assert_int_equal(r.bx, DOSBOX(state) ? 0x0301 : 0x0339);
    assert_int_equal(r.dx, DOSBOX(state) ? 0 : 1);
    C.xms_version = 0x0200;
    sim_reset(&C);
    r = xms32(0x88, 0, 0);
    assert_int_equal(xrc(&r), 0x80);
    r = xms32(0x89, 0, 16);
    assert_int_equal(xrc(&r), 0x80);
    r = xms(0x1200, 0, 0xC800);
    assert_int_equal(xrc(&r), 0x80);
    r = xms(0x1300, 0, 0);
    assert_int_equal(xrc(&r), 0x80);
    assert_int_equal(sim_counters()->xms_fn[0x88], 1);
    assert_int_equal(sim_counters()->xms_errors, 4);
}

static void test_xms_alloc_free(void **state)
{
    struct port_regs r;
    u16 h;
    u32 kb;

    boot(state);
    sim_reset(&C);
    xms_find();
    r = xms(0x0800, 0, 0);
    assert_int_equal(r.bx & 0xFF, 0);
    assert_int_equal(r.ax, 15296);              /* 16 MB - 1 MB - HMA */
    assert_int_equal(r.dx, 15296);
    h = xalloc_ok(3);
    if (DOSBOX(state))
        assert_int_equal(h, 1);
    r = xms(0x0800, 0, 0);
    assert_int_equal(r.dx, DOSBOX(state) ? 15292 : 15293);   /* 4 KB pages */
    assert_int_equal(sim_xms_block(h, NULL, &kb, NULL), 0);
    assert_int_equal(kb, 3);
    assert_int_equal(sim_xms_handles_used(), 1);
    r = xms(0x0A00, 0, h);
    assert_int_equal(xrc(&r), 0);
    r = xms(0x0A00, 0, h);
    assert_int_equal(xrc(&r), 0xA2);
    r = xms(0x0A00, 0, 0x7777);
    assert_int_equal(xrc(&r), 0xA2);
    r = xms(0x0A00, 0, 0);
    assert_int_equal(xrc(&r), 0xA2);
    assert_int_equal(sim_xms_free_kb(), 15296);
    h = xalloc_ok(0);                           /* size 0 is allowed */
    assert_int_equal(sim_xms_free_kb(), 15296);
}

static void test_xms_full(void **state)
{
    struct port_regs r;

    boot(state);
    C.xms_kb = 256;
    sim_reset(&C);
    xms_find();
    r = xms(0x0900, 0, 300);
    assert_int_equal(xrc(&r), 0xA0);
    assert_int_equal(r.dx, 0);
    xalloc_ok(256);
    r = xms(0x0800, 0, 0);
    assert_int_equal(r.ax, 0);
    assert_int_equal(r.dx, 0);
    assert_int_equal(r.bx & 0xFF, 0xA0);
    r = xms32(0x88, 0, 0);
    assert_int_equal(r.ax | r.e_ax, 0);
    assert_int_equal(r.bx & 0xFF, 0xA0);
    assert_int_equal(((u32)r.e_cx << 16) | r.cx, 16UL * 1024 * 1024 - 1);
}

static void test_xms_handles(void **state)
{
    struct port_regs r;
    int n = 0;

    boot(state);
    sim_reset(&C);
    xms_find();
    for (;;) {
        r = xms(0x0900, 0, 1);
        if (r.ax != 1)
            break;
        n++;
    }
    assert_int_equal(xrc(&r), 0xA1);
    assert_int_equal(r.dx, 0);
    assert_int_equal(n, DOSBOX(state) ? 49 : 48);
    C.xms_handles = 5;
    sim_reset(&C);
    for (n = 0; xms(0x0900, 0, 1).ax == 1; n++)
        ;
    assert_int_equal(n, 5);
}

static void test_xms_move(void **state)
{
    u16 h, a, b, i;
    u32 phys;
    u8 *p;

    boot(state);
    sim_reset(&C);
    xms_find();
    h = xalloc_ok(8);
    a = dos_alloc_ok(0x100);
    b = dos_alloc_ok(0x100);
    fill_conv(a, 0x1000, 0x11);
    assert_int_equal(xmove(0x1000, 0, FAR(a, 0), h, 0x1000), 0);   /* conv -> EMB */
    sim_xms_block(h, &phys, NULL, NULL);
    p = sim_phys_ptr(phys + 0x1000, 0x1000);
    for (i = 0; i < 0x1000; i++)
        assert_int_equal(p[i], (u8)(0x11 + i));
    assert_int_equal(xmove(0x800, h, 0x1800, 0, FAR(b, 0x10)), 0);  /* EMB -> conv */
    for (i = 0; i < 0x800; i++)
        assert_int_equal(port_peekb(b, (u16)(0x10 + i)), (u8)(0x11 + 0x800 + i));
    assert_int_equal(xmove(0, h, 0, 0, FAR(b, 0)), 0);                /* nothing */
    /* A conventional side in the module's own data (port_near window). */
    {
        static u8 buf[64];

        for (i = 0; i < 64; i++)
            buf[i] = (u8)(0xA0 + i);
        assert_int_equal(xmove(64, 0, FAR(port_ds(), port_near(buf)), h, 0), 0);
        assert_int_equal(sim_phys_ptr(phys, 64)[63], 0xA0 + 63);
        memset(buf, 0, sizeof(buf));
        assert_int_equal(xmove(64, h, 0, 0, FAR(port_ds(), port_near(buf))), 0);
        assert_int_equal(buf[5], 0xA5);
    }
    assert_int_equal(sim_counters()->xms_fn[0x0B], 5);
}

static void test_xms_move_errors(void **state)
{
    u16 h, g, a;

    boot(state);
    sim_reset(&C);
    xms_find();
    h = xalloc_ok(4);
    g = xalloc_ok(4);
    a = dos_alloc_ok(0x100);
    assert_int_equal(xmove(3, 0, FAR(a, 0), h, 0), DOSBOX(state) ? 0 : 0xA7);
    assert_int_equal(xmove(2, 0x7777, 0, h, 0), 0xA3);
    assert_int_equal(xmove(2, 0, FAR(a, 0), 0x7777, 0), 0xA5);
    assert_int_equal(xmove(2, h, 4096 + 2, g, 0), 0xA4);
    assert_int_equal(xmove(2, g, 0, h, 4096 + 2), 0xA6);
    assert_int_equal(xmove(2, h, 4096, g, 0), DOSBOX(state) ? 0xA4 : 0xA7);
    assert_int_equal(xmove(4096 + 2, 0, FAR(a, 0), h, 0), 0xA7);
    assert_int_equal(xmove(4094, h, 4, g, 0), 0xA7);
    assert_int_equal(xmove(0x20, 0, FAR(0xFFFF, 0xFFF0), h, 0), 0xA7); /* past 10FFF0h */
    assert_int_equal(xmove(0x10, 0, FAR(0xFFFF, 0xFFE0), h, 0), 0);
    assert_int_equal(sim_counters()->xms_errors, DOSBOX(state) ? 8 : 9);
}

static void test_xms_move_overlap(void **state)
{
    u16 h, i;
    u32 phys;
    u8 *p;

    boot(state);
    sim_reset(&C);
    xms_find();
    h = xalloc_ok(4);
    sim_xms_block(h, &phys, NULL, NULL);
    p = sim_phys_ptr(phys, 4096);
    for (i = 0; i < 64; i++)
        p[i] = (u8)i;
    /* src < dst < src + len: HimemX refuses, DOSBox copies forward. */
    assert_int_equal(xmove(32, h, 0, h, 2), DOSBOX(state) ? 0 : 0xA8);
    if (DOSBOX(state)) {
        for (i = 0; i < 34; i++)
            assert_int_equal(p[i], i & 1);      /* smeared */
    } else {
        for (i = 0; i < 64; i++)
            assert_int_equal(p[i], i);
    }
    for (i = 0; i < 64; i++)
        p[i] = (u8)i;
    assert_int_equal(xmove(32, h, 2, h, 0), 0);  /* src > dst: both fine */
    for (i = 0; i < 32; i++)
        assert_int_equal(p[i], i + 2);
}

static void test_xms_lock(void **state)
{
    struct port_regs r;
    u16 h;
    u32 phys;
    u8 locks;
    int i;

    boot(state);
    sim_reset(&C);
    xms_find();
    h = xalloc_ok(16);
    r = xms(0x0C00, 0, h);
    assert_int_equal(r.ax, 1);
    sim_xms_block(h, &phys, NULL, &locks);
    assert_int_equal(((u32)r.dx << 16) | r.bx, phys);
    assert_int_equal(phys, 0x110000UL);
    assert_int_equal(locks, 1);
    r = xms(0x0E00, 0, h);
    assert_int_equal(r.ax, 1);
    assert_int_equal(r.bx >> 8, 1);
    r = xms(0x0A00, 0, h);                      /* free while locked */
    assert_int_equal(xrc(&r), DOSBOX(state) ? 0 : 0xAB);
    if (DOSBOX(state)) {
        assert_int_equal(sim_xms_handles_used(), 0);
        h = xalloc_ok(16);
        xms(0x0C00, 0, h);
    }
    r = xms(0x0F00, 32, h);
    assert_int_equal(xrc(&r), 0xAB);
    r = xms(0x0D00, 0, h);
    assert_int_equal(xrc(&r), 0);
    r = xms(0x0D00, 0, h);
    assert_int_equal(xrc(&r), 0xAA);
    r = xms(0x0C00, 0, 0x7777);
    assert_int_equal(xrc(&r), 0xA2);
    r = xms(0x0D00, 0, 0x7777);
    assert_int_equal(xrc(&r), 0xA2);
    for (i = 0; i < 255; i++)
        assert_int_equal(xms(0x0C00, 0, h).ax, 1);
    r = xms(0x0C00, 0, h);                      /* the 256th lock */
    assert_int_equal(xrc(&r), DOSBOX(state) ? 0 : 0xAC);
    sim_xms_block(h, NULL, NULL, &locks);
    assert_int_equal(locks, 255);
}

static void test_xms_info(void **state)
{
    struct port_regs r;
    u16 h;

    boot(state);
    sim_reset(&C);
    xms_find();
    h = xalloc_ok(100);
    xms(0x0C00, 0, h);
    r = xms(0x0E00, 0, h);
    assert_int_equal(r.ax, 1);
    assert_int_equal(r.bx, (1 << 8) | (DOSBOX(state) ? 48 : 47));
    assert_int_equal(r.dx, 100);
    r = xms32(0x8E, 0, h);
    assert_int_equal(r.ax, 1);
    assert_int_equal(r.bx >> 8, 1);
    assert_int_equal(r.cx, DOSBOX(state) ? 48 : 47);
    assert_int_equal(((u32)r.e_dx << 16) | r.dx, 100);
    r = xms(0x0E00, 0, 0x7777);
    assert_int_equal(xrc(&r), 0xA2);
    r = xms32(0x8E, 0, 0x7777);
    assert_int_equal(xrc(&r), 0xA2);
}

static void test_xms_big(void **state)
{
    struct port_regs r;
    u16 h;
    u32 kb;

    boot(state);
    C.mem_kb = 131072;                          /* 128 MB: sizes past 16 bits */
    sim_reset(&C);
    xms_find();
    r = xms(0x0800, 0, 0);
    assert_int_equal(r.ax, DOSBOX(state) ? (129984UL & 0xFFFF) : 0xFFFF);
    r = xms32(0x88, 0, 0);
    assert_int_equal(((u32)r.e_ax << 16) | r.ax, DOSBOX(state) ? (129984UL & 0xFFFF) : 129984UL);
    assert_int_equal(((u32)r.e_dx << 16) | r.dx, DOSBOX(state) ? (129984UL & 0xFFFF) : 129984UL);
    r = xms32(0x89, 0, 70000UL);
    assert_int_equal(r.ax, 1);
    h = r.dx;
    sim_xms_block(h, NULL, &kb, NULL);
    assert_int_equal(kb, DOSBOX(state) ? (70000UL & 0xFFFF) : 70000UL);
    r = xms(0x0E00, 0, h);
    if (DOSBOX(state)) {
        assert_int_equal(r.ax, 1);
        assert_int_equal(r.dx, 70000UL & 0xFFFF);
    } else {
        assert_int_equal(xrc(&r), 0xA2);        /* HimemX 3.39 */
    }
    r = xms32(0x8E, 0, h);
    assert_int_equal(r.ax, 1);
    assert_int_equal(((u32)r.e_dx << 16) | r.dx, kb);
    r = xms32(0x8F, 0x10000UL | 8, h);          /* EBX = 65544 KB */
    assert_int_equal(r.ax, 1);
    sim_xms_block(h, NULL, &kb, NULL);
    assert_int_equal(kb, DOSBOX(state) ? 8 : 65544UL);
}

static void test_xms_realloc(void **state)
{
    struct port_regs r;
    u16 a, b;
    u32 pa, pa2, pb;
    u8 *p;
    int i;

    boot(state);
    sim_reset(&C);
    xms_find();
    a = xalloc_ok(4);
    b = xalloc_ok(4);
    sim_xms_block(a, &pa, NULL, NULL);
    sim_xms_block(b, &pb, NULL, NULL);
    p = sim_phys_ptr(pa, 4096);
    for (i = 0; i < 4096; i++)
        p[i] = (u8)(i * 7);
    r = xms(0x0F00, 8, a);                      /* b is in the way: moves */
    assert_int_equal(xrc(&r), 0);
    sim_xms_block(a, &pa2, NULL, NULL);
    assert_int_not_equal(pa2, pa);
    p = sim_phys_ptr(pa2, 4096);
    for (i = 0; i < 4096; i++)
        assert_int_equal(p[i], (u8)(i * 7));
    r = xms(0x0F00, 2, a);                      /* shrink in place */
    assert_int_equal(xrc(&r), 0);
    sim_xms_block(a, &pa, NULL, NULL);
    assert_int_equal(pa, pa2);
    r = xms(0x0F00, 12, a);                     /* last block: grows in place */
    assert_int_equal(xrc(&r), 0);
    sim_xms_block(a, &pa, NULL, NULL);
    assert_int_equal(pa, pa2);
    assert_int_equal(pa2, pb + 4096);
    r = xms(0x0F00, 60000, b);
    assert_int_equal(xrc(&r), 0xA0);
    r = xms(0x0F00, 1, 0x7777);
    assert_int_equal(xrc(&r), 0xA2);
    C.xms_handles = 2;                          /* no spare handle */
    sim_reset(&C);
    a = xalloc_ok(4);
    b = xalloc_ok(4);
    r = xms(0x0F00, 8, a);
    assert_int_equal(xrc(&r), DOSBOX(state) ? 0 : 0xA1);
}

static void test_xms_umb_provider(void **state)
{
    struct port_regs r;

    boot(state);
    C.umb = SIM_UMB_XMS;
    C.umb_regions[0].start = 0xC800;
    C.umb_regions[0].end = 0xF000;
    sim_reset(&C);
    xms_find();
    r = xms(0x1000, 0, 0x100);
    assert_int_equal(r.ax, 1);
    assert_int_equal(r.bx, 0xC800);
    assert_int_equal(r.dx, 0x100);
    r = xms(0x1000, 0, 0xFFFF);                 /* how big is the largest? */
    assert_int_equal(xrc(&r), 0xB0);
    assert_int_equal(r.dx, 0x2700);
    r = xms(0x1000, 0, 0);
    assert_int_equal(xrc(&r), 0xB0);
    r = xms(0x1200, 0x80, 0xC800);              /* shrink */
    if (DOSBOX(state)) {
        assert_int_equal(xrc(&r), 0x80);
    } else {
        assert_int_equal(xrc(&r), 0);
        r = xms(0x1200, 0x3000, 0xC800);
        assert_int_equal(xrc(&r), 0xB0);
        assert_int_equal(r.dx, 0x2800);
        r = xms(0x1200, 0x10, 0xC900);
        assert_int_equal(xrc(&r), 0xB2);
    }
    r = xms(0x1100, 0, 0xC900);
    assert_int_equal(xrc(&r), DOSBOX(state) ? 0xB1 : 0xB2);
    r = xms(0x1100, 0, 0xC800);
    assert_int_equal(xrc(&r), 0);
    assert_int_equal(sim_xms_umbs_used(), 0);
    r = xms(0x1000, 0, 0x2800);
    assert_int_equal(r.ax, 1);
    r = xms(0x1000, 0, 1);
    assert_int_equal(xrc(&r), 0xB1);
    assert_int_equal(r.dx, 0);
}

static void test_xms_umb_dos(void **state)
{
    struct port_regs r;
    u16 seg;

    boot(state);
    C.umb = SIM_UMB_DOS;
    sim_reset(&C);
    xms_find();
    r = xms(0x1000, 0, 0x100);
    if (!DOSBOX(state)) {
        assert_int_equal(xrc(&r), 0xB1);        /* DOS=UMB took them all */
        assert_int_equal(r.dx, 0);
        assert_int_equal(xr(0x1100, 0, 0xC801), 0xB2);
        assert_int_equal(xr(0x1200, 1, 0xC801), 0xB2);
        return;
    }
    assert_int_equal(r.ax, 1);
    seg = r.bx;
    assert_int_equal(seg, 0xD001);
    assert_int_equal(mcb_owner((u16)(seg - 1)), SIM_PSP);
    assert_int_equal(sim_dos_umb_linked(), 0);  /* link state restored */
    assert_int_equal(sim_dos_check_chain(), 0);
    r = xms(0x1000, 0, 0xFFFF);
    assert_int_equal(xrc(&r), 0xB0);
    assert_int_equal(r.dx, 0x1FFF - 0x101);
    r = xms(0x1100, 0, seg);
    assert_int_equal(xrc(&r), 0);
    r = xms(0x1100, 0, 0x1234);
    assert_int_equal(xrc(&r), 0xB1);
    r = xms(0x1200, 1, seg);
    assert_int_equal(xrc(&r), 0x80);
}

static void test_xms_umb_none(void **state)
{
    struct port_regs r;

    boot(state);
    C.umb = SIM_UMB_NONE;
    sim_reset(&C);
    xms_find();
    r = xms(0x1000, 0, 0x100);
    assert_int_equal(xrc(&r), 0x80);
    r = xms(0x1100, 0, 0xC800);
    assert_int_equal(xrc(&r), 0x80);
    r = xms(0x1200, 0x10, 0xC800);
    assert_int_equal(xrc(&r), 0x80);
}

static void test_xms_hma_a20(void **state)
{
    struct port_regs r;

    boot(state);
    sim_reset(&C);
    xms_find();
    r = xms(0x0100, 0, 0xFFFF);
    if (DOSBOX(state)) {
        assert_int_equal(xrc(&r), 0x90);
        assert_int_equal(xr(0x0200, 0, 0), 0x90);
    } else {
        assert_int_equal(xrc(&r), 0);
        assert_int_equal(sim_xms_hma_used(), 1);
        assert_int_equal(xr(0x0100, 0, 0xFFFF), 0x91);
        assert_int_equal(xr(0x0200, 0, 0), 0);
        assert_int_equal(xr(0x0200, 0, 0), 0x93);
    }
    assert_int_equal(xr(0x0500, 0, 0), 0);
    assert_int_equal(xms(0x0700, 0, 0).ax, 1);
    assert_int_equal(xr(0x0300, 0, 0), 0);
    r = xms(0x0400, 0, 0);
    assert_int_equal(xrc(&r), DOSBOX(state) ? 0 : 0x94);   /* local count */
    assert_int_equal(xr(0x0600, 0, 0), 0);
    r = xms(0x0700, 0, 0);
    assert_int_equal(r.ax, 0);
    assert_int_equal(r.bx & 0xFF, 0);
}

static void test_xms_inject(void **state)
{
    struct port_regs r;
    u16 h;

    boot(state);
    sim_reset(&C);
    xms_find();
    h = xalloc_ok(4);
    sim_xms_fail_next(0x0C, 0xAD);
    r = xms(0x0C00, 0, h);
    assert_int_equal(xrc(&r), 0xAD);
    r = xms(0x0C00, 0, h);
    assert_int_equal(xrc(&r), 0);
    sim_xms_fail_next(0x08, 0x8E);
    r = xms(0x0800, 0, 0);
    assert_int_equal(r.ax, 0);
    assert_int_equal(r.bx & 0xFF, 0x8E);
}

static void test_xms_286(void **state)
{
    struct port_regs r;

    (void)state;
    sim_config_default(&C);
    C.cpu = MEM_CPU_286;
    sim_reset(&C);
    xms_find();
    assert_int_equal(sim_cpu_type(), MEM_CPU_286);
    r = xms(0x0000, 0, 0);                      /* 16-bit calls are fine */
    assert_int_equal(r.ax, 0x0300);
    SIM_FAILS(xms32(0x88, 0, 0), "below the 80386");
    SIM_FAILS(xms32(0x00, 0, 0), "below the 80386");
    sim_reset(NULL);                            /* 386: 8xh only as 32-bit */
    xms_find();
    SIM_FAILS(xms(0x8800, 0, 0), "32-bit registers");
    r = xms32(0x88, 0, 0);
    assert_int_equal(r.bx & 0xFF, 0);
    assert_int_equal(sim_counters()->farcall32, 1);
}

/* ==================================================================== VDS */

static void vds_boot(int remap)
{
    sim_config_default(&C);
    C.vds = SIM_VDS_PRESENT;
    if (remap) {
        C.v86 = 1;
        C.remap = 1;
        C.umb = SIM_UMB_XMS;
        C.remap_conv_seg = 0x4000;
        C.remap_conv_paras = 0x1000;
    }
    sim_reset(&C);
}

static void test_vds_absent(void **state)
{
    struct port_regs r;

    (void)state;
    sim_reset(NULL);
    assert_int_equal(sim_lin_byte(0x47B) & 0x20, 0);
    assert_int_equal(sim_lin_word(0x4B * 4) | sim_lin_word(0x4B * 4 + 2), 0);
    SIM_FAILS(vds(0x8102, 0), "null vector");
    sim_config_dosbox(&C);
    sim_reset(&C);
    r = vds(0x8102, 0);                         /* DOSBox's stub */
    assert_true(cf(&r));
    assert_int_equal(r.ax, 0x0001);
    r = vds(0x8103, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax, 0x0001);
    assert_int_equal(sim_counters()->vds_errors, 2);
}

static void test_vds_version(void **state)
{
    struct port_regs r;

    (void)state;
    vds_boot(0);
    assert_int_equal(sim_lin_byte(0x47B) & 0x20, 0x20);
    r = vds(0x8102, 0);
    assert_false(cf(&r));
    assert_int_equal(r.ax, 0x0100);
    assert_int_equal(r.bx, 0x0001);
    assert_int_equal(((u32)r.si << 16) | r.di, 65536UL);
    assert_int_equal(r.dx & 0x08, 0x08);        /* identity: contiguous */
    r = vds(0x8102, 1);
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x10);
    r = vds(0x8105, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x0F);
    assert_int_equal(sim_counters()->vds_fn[0x02], 2);
}

static void test_vds_lock_identity(void **state)
{
    struct port_regs r;
    u16 seg;

    (void)state;
    vds_boot(0);
    seg = dos_alloc_ok(0x100);
    dds_put(0x800, seg, 0x10, 0);
    r = vds(0x8103, 0x0004);
    assert_false(cf(&r));
    assert_int_equal(dds_phys(), ((u32)seg << 4) + 0x10);
    assert_int_equal(dds_id(), 0);
    assert_int_equal(sim_vds_locks_held(), 1);
    r = vds(0x8104, 0);
    assert_false(cf(&r));
    assert_int_equal(sim_vds_locks_held(), 0);
    r = vds(0x8104, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x08);
    dds_put(0, seg, 0, 0);                      /* size 0 still locks */
    r = vds(0x8103, 0);
    assert_false(cf(&r));
    assert_int_equal(dds_phys(), (u32)seg << 4);
    r = vds(0x8104, 0);
    assert_false(cf(&r));
    r = vds(0x8103, 0x0041);                    /* reserved flag bits */
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x10);
    dds_put(0x1000, 0xFFFF, 0x00FFFFFFUL, 0);   /* past memory */
    r = vds(0x8103, 0x0004);
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x07);
}

static void test_vds_boundaries(void **state)
{
    struct port_regs r;

    (void)state;
    vds_boot(0);
    dds_lin(0x2FF00UL, 0x200);                  /* crosses 64K, not 128K */
    r = vds(0x8103, 0x0014);
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x02);
    assert_int_equal(dds_size(), 0x100);
    assert_int_equal(dds_id(), 0);
    dds_lin(0x2FF00UL, 0x200);
    r = vds(0x8103, 0x0024);
    assert_false(cf(&r));
    assert_int_equal(dds_phys(), 0x2FF00UL);
    vds(0x8104, 0);
    dds_lin(0x1FF00UL, 0x200);                  /* crosses 128K */
    r = vds(0x8103, 0x0024);
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x02);
    assert_int_equal(dds_size(), 0x100);
    assert_int_equal(sim_vds_locks_held(), 0);
}

static void test_vds_lock_buffer(void **state)
{
    struct port_regs r;
    u8 *b;
    u16 i, seg = 0x2FF0;                        /* linear 2FF00h */

    (void)state;
    vds_boot(0);
    fill_conv(seg, 0x200, 0x40);
    dds_put(0x200, seg, 0, 0);
    r = vds(0x8103, 0x0012);                    /* 64K rule, copy in */
    assert_false(cf(&r));
    assert_int_equal(dds_id(), 1);
    assert_int_equal(dds_phys(), sim_vds_buffer_phys());
    assert_int_equal(sim_vds_buffers_used(), 1);
    b = sim_phys_ptr(dds_phys(), 0x200);
    for (i = 0; i < 0x200; i++)
        assert_int_equal(b[i], (u8)(0x40 + i));
    memset(b, 0x77, 0x200);                     /* the device writes */
    r = vds(0x8104, 0x0002);                    /* unlock, copy out */
    assert_false(cf(&r));
    assert_int_equal(port_peekb(seg, 0x1FF), 0x77);
    assert_int_equal(sim_vds_buffers_used(), 0);
    assert_int_equal(sim_vds_locks_held(), 0);
    dds_lin(0x1F000UL, 0x11000UL);              /* bigger than the buffer */
    r = vds(0x8103, 0x0010);
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x05);
    assert_int_equal(dds_size(), 0x1000);
}

static void test_vds_remap(void **state)
{
    struct port_regs r;
    u32 lin, phys, p;
    u16 umb;
    int found = 0;

    (void)state;
    vds_boot(1);
    assert_true(sim_cpu_v86());
    r = vds(0x8102, 0);
    assert_int_equal(r.dx & 0x08, 0);
    /* A remapped conventional page: seg*16+off is not the address. */
    lin = 0x40000UL;
    assert_int_not_equal(sim_lin2phys(lin), lin);
    dds_lin(lin, 0x1000);
    r = vds(0x8103, 0x0004);
    assert_false(cf(&r));
    phys = dds_phys();
    assert_int_equal(phys, sim_lin2phys(lin));
    port_pokeb(0x4000, 0, 0x5A);
    assert_int_equal(sim_phys_ptr(phys, 1)[0], 0x5A);
    assert_int_not_equal(sim_phys_ptr(lin, 1)[0], 0x5A);
    vds(0x8104, 0);
    /* Two linear pages that are not physically adjacent. */
    assert_int_not_equal(sim_lin2phys(0x42000UL), sim_lin2phys(0x41000UL) + 0x1000);
    dds_lin(0x41F00UL, 0x200);
    r = vds(0x8103, 0x0004);
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x01);
    assert_int_equal(dds_size(), 0x100);
    /* Adjacent pages whose physical pair straddles 64K. */
    for (p = 0; p + 1 < SIM_LIN_TOP / SIM_PAGE && !found; p++)
        if (sim_lin2phys(p * SIM_PAGE) != p * SIM_PAGE
            && sim_lin2phys((p + 1) * SIM_PAGE) == sim_lin2phys(p * SIM_PAGE) + SIM_PAGE
            && ((sim_lin2phys(p * SIM_PAGE) >> 12) & 15) == 15)
            found = 1;
    assert_true(found);
    p--;
    assert_true(((p * SIM_PAGE) >> 16) == ((p * SIM_PAGE + 0x1FFF) >> 16)); /* linear: no */
    dds_lin(p * SIM_PAGE + 0xF00, 0x200);
    r = vds(0x8103, 0x0014);
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x02);
    assert_int_equal(dds_size(), 0x100);
    dds_lin(p * SIM_PAGE + 0xF00, 0x200);
    r = vds(0x8103, 0x0004);
    assert_false(cf(&r));
    vds(0x8104, 0);
    /* A UMB from the XMS driver lives somewhere else physically. */
    xms_find();
    r = xms(0x1000, 0, 0x100);
    assert_int_equal(r.ax, 1);
    umb = r.bx;
    dds_put(0x100, umb, 0, 0);
    r = vds(0x8103, 0x0004);
    assert_false(cf(&r));
    assert_true(dds_phys() >= 0x100000UL);
    assert_int_equal(dds_phys(), sim_lin2phys((u32)umb << 4));
    vds(0x8104, 0);
    assert_int_equal(sim_vds_locks_held(), 0);
}

static void test_vds_buffers(void **state)
{
    struct port_regs r;
    u16 seg, id1, i;
    u8 *b;

    (void)state;
    vds_boot(0);
    seg = dos_alloc_ok(0x100);
    fill_conv(seg, 0x800, 0x10);
    dds_put(0x800, seg, 0, 0);
    r = vds(0x8107, 0);
    assert_false(cf(&r));
    id1 = dds_id();
    assert_int_equal(id1, 1);
    assert_int_equal(dds_phys(), sim_vds_buffer_phys());
    dds_put(0x400, seg, 0, 0);
    r = vds(0x8107, 0x0002);                    /* with copy in */
    assert_false(cf(&r));
    assert_int_equal(dds_id(), 3);
    assert_int_equal(dds_phys(), sim_vds_buffer_phys() + 0x800);
    assert_int_equal(sim_phys_ptr(dds_phys(), 1)[0], 0x10);
    assert_int_equal(sim_vds_buffers_used(), 2);
    dds_put(0x100, seg, 0x100, id1);            /* 8109h at buffer offset 100h */
    clr(&r);
    r.ax = 0x8109;
    r.es = port_ds();
    r.di = DDS_OFF;
    r.cx = 0x100;
    port_int(0x4B, &r);
    assert_false(cf(&r));
    b = sim_phys_ptr(sim_vds_buffer_phys() + 0x100, 0x100);
    for (i = 0; i < 0x100; i++)
        assert_int_equal(b[i], (u8)(0x10 + 0x100 + i));
    memset(b, 0x99, 0x100);
    dds_put(0x100, seg, 0, id1);
    r.ax = 0x810A;
    port_int(0x4B, &r);
    assert_false(cf(&r));
    assert_int_equal(port_peekb(seg, 0xFF), 0x99);
    dds_put(0x800, seg, 0, id1);                /* offset 100h + 800h > 2 KB */
    r.ax = 0x8109;
    port_int(0x4B, &r);
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x0B);
    dds_put(0x10, seg, 0, 2);
    assert_int_equal(vds(0x8108, 0).ax & 0xFF, 0x0A);
    dds_put(0x800, seg, 0, id1);
    assert_false(vcf(0x8108, 0));
    r = vds(0x8108, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x0A);
    dds_put(0x10001UL, seg, 0, 0);
    assert_int_equal(vds(0x8107, 0).ax & 0xFF, 0x05);
    dds_put(0xFC00, seg, 0, 0);                 /* 63 KB: 61 KB in one run */
    assert_int_equal(vds(0x8107, 0).ax & 0xFF, 0x06);
    dds_put(0, seg, 0, 0);
    assert_false(vcf(0x8107, 0));
    assert_int_equal(dds_id(), 0);
    assert_int_equal(vds(0x8107, 0x0004).ax & 0xFF, 0x10);
    sim_vds_fail_next(0x07, 0x04);
    dds_put(0x10, seg, 0, 0);
    assert_int_equal(vds(0x8107, 0).ax & 0xFF, 0x04);
    C.vds_buffer_kb = 0;
    sim_reset(&C);
    dds_put(0x10, seg, 0, 0);
    r = vds(0x8107, 0);
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x04);
}

static void test_vds_translation(void **state)
{
    struct port_regs r;

    (void)state;
    vds_boot(0);
    clr(&r);
    r.ax = 0x810B;
    r.bx = 9;
    port_int(0x4B, &r);
    assert_int_equal(r.ax & 0xFF, 0x0C);
    r.ax = 0x810B;
    r.bx = 1;
    port_int(0x4B, &r);
    assert_false(cf(&r));
    r.ax = 0x810B;
    port_int(0x4B, &r);
    assert_int_equal(sim_vds_disable_count(1), 2);
    r.ax = 0x810C;
    port_int(0x4B, &r);
    assert_false(cf(&r));
    assert_int_equal(r.flags & 0x40, 0);
    r.ax = 0x810C;
    port_int(0x4B, &r);
    assert_int_equal(r.flags & 0x40, 0x40);     /* ZF: count reached 0 */
    r.ax = 0x810C;
    port_int(0x4B, &r);
    assert_true(cf(&r));
    assert_int_equal(r.ax & 0xFF, 0x0E);
    r.ax = 0x810B;
    r.dx = 1;
    port_int(0x4B, &r);
    assert_int_equal(r.ax & 0xFF, 0x10);
}

static void test_vds_dds_in_module_data(void **state)
{
    static u8 dds[16];
    struct port_regs r;

    (void)state;
    vds_boot(0);
    memset(dds, 0, sizeof(dds));
    put32(dds, 0x100);
    put16(dds + 8, 0x3000);
    clr(&r);
    r.ax = 0x8103;
    r.es = port_ds();
    r.di = port_near(dds);
    port_int(0x4B, &r);
    assert_false(cf(&r));
    assert_int_equal(dds[12] | dds[13] << 8 | (u32)dds[14] << 16, 0x30000UL);
    r.ax = 0x8104;
    port_int(0x4B, &r);
    assert_false(cf(&r));
    put16(dds + 8, port_ds());                  /* lock module data: host only */
    put32(dds + 4, port_near(dds));
    r.ax = 0x8103;
    SIM_FAILS(port_int(0x4B, &r), "VDS lock of a port_near");
}

/* =================================================================== port */

static void test_port_memory(void **state)
{
    (void)state;
    sim_reset(NULL);
    port_pokew(0x2000, 0x10, 0x1234);
    assert_int_equal(port_peekb(0x2000, 0x10), 0x34);
    assert_int_equal(port_peekb(0x2001, 0x01), 0x12);   /* same linear byte */
    assert_int_equal(sim_lin_word(0x20010UL), 0x1234);
    port_pokeb(0xFFFF, 0x0010, 0xAB);           /* HMA: A20 is on */
    assert_int_equal(sim_phys_ptr(0x100000UL, 1)[0], 0xAB);
    port_pokeb(port_ds(), 0x10, 0x42);          /* the low half of DS */
    assert_int_equal(sim_lin_byte(((u32)SIM_DS_SEG << 4) + 0x10), 0x42);
    SIM_FAILS(port_peekw(0x2000, 0xFFFF), "offset FFFFh");
    SIM_FAILS(port_pokew(0x2000, 0xFFFF, 1), "offset FFFFh");
    assert_int_equal(sim_counters()->poke, 4);
    assert_int_equal(sim_counters()->peek, 3);
}

static void test_port_near(void **state)
{
    static u8 obj[32];
    u16 off;

    (void)state;
    sim_reset(NULL);
    memset(obj, 0, sizeof(obj));
    off = port_near(obj);
    assert_true(off >= SIM_NEAR_BASE);
    assert_int_equal(port_near(obj), off);      /* same object, same offset */
    port_pokeb(port_ds(), (u16)(off + 3), 7);
    assert_int_equal(obj[3], 7);
    obj[4] = 9;
    assert_int_equal(port_peekw(port_ds(), (u16)(off + 3)), 0x0907);
    /* The same bytes by another segment are an alias the sim refuses. */
    SIM_FAILS(port_peekb((u16)(SIM_DS_SEG + 0x10), (u16)(off - 0x100)), "aliases a port_near");
    sim_reset(NULL);
    SIM_FAILS(port_peekb(port_ds(), SIM_NEAR_BASE + SIM_NEAR_WINDOW), "not an offset port_near");
    SIM_FAILS(port_peekw(port_ds(), SIM_NEAR_BASE - 1), "not an offset port_near");   /* straddles */
}

/* Windows stay put: a far pointer made early still reaches its object
 * after many more port_near() calls; neighbours share a window; running
 * out of windows fails loudly instead of re-pointing old far pointers. */
static void test_port_near_stable(void **state)
{
    static u8 big[16][SIM_NEAR_WINDOW];
    static u16 arr[8];
    u16 first, off;
    int i;

    (void)state;
    sim_reset(NULL);
    first = port_near(&arr[0]);
    assert_int_equal(port_near(&arr[5]), first + 10);
    for (i = 0; i < SIM_NEAR_SLOTS - 1; i++)
        off = port_near(big[i]);
    assert_int_equal(port_near(&big[3][100]), port_near(big[3]) + 100);
    port_pokew(port_ds(), (u16)(first + 4), 0xBEEF);
    assert_int_equal(arr[2], 0xBEEF);
    assert_int_equal(port_peekw(port_ds(), off), 0);
    SIM_FAILS(port_near(big[15]), "more than 15");
}

static void test_port_irq(void **state)
{
    u16 f, g;

    (void)state;
    sim_reset(NULL);
    xms_find();
    assert_true(sim_irq_enabled());
    f = port_irq_save();
    assert_int_equal(f & 0x200, 0x200);
    assert_false(sim_irq_enabled());
    g = port_irq_save();                        /* nested */
    assert_int_equal(g & 0x200, 0);
    port_peekb(0x2000, 0);
    port_peekb(0x2000, 1);
    port_pokeb(0x2000, 2, 0);
    port_irq_restore(g);
    assert_false(sim_irq_enabled());
    assert_false(sim_irq_balanced());
    SIM_FAILS(dos(0x3000, 0, 0), "interrupts disabled");   /* DOS with IF=0 */
    port_irq_restore(f);
    assert_true(sim_irq_balanced());
    assert_int_equal(sim_counters()->irq_disable, 1);
    assert_int_equal(sim_counters()->irq_save, 2);
    assert_int_equal(sim_counters()->irq_max_window, 3);
    port_peekb(0x2000, 0);                      /* IF=1: not counted */
    assert_int_equal(sim_counters()->irq_max_window, 3);
    sim_isr_enter();
    assert_true(sim_in_isr());
    port_peekb(0x2000, 0);                      /* memory is fine in an ISR */
    SIM_FAILS(dos(0x3000, 0, 0), "interrupt handler");   /* DOS from an ISR */
    SIM_FAILS(xms(0x0000, 0, 0), "interrupt handler");   /* XMS from an ISR */
    sim_isr_leave();
    assert_true(sim_irq_balanced());
}

static void test_port_unknown_calls(void **state)
{
    struct port_regs r;

    (void)state;
    sim_reset(NULL);
    clr(&r);
    SIM_FAILS(port_int(0x10, &r), "INT 10h is not simulated");
    r.ax = 0x3D00;
    SIM_FAILS(port_int(0x21, &r), "AX=3D00 is not simulated");
    SIM_FAILS(port_farcall(0x1234, 0x0000, &r), "no XMS driver there");
    sim_counters_clear();
    assert_int_equal(sim_counters()->int21, 0);
    assert_int_equal(port_ds(), SIM_DS_SEG);
}

/* =================================================================== main */

#define T(f)  cmocka_unit_test_teardown(f, teardown)
#define Q2(f) { #f "/spec", f, NULL, teardown, &Q_SPEC }, \
              { #f "/dosbox", f, NULL, teardown, &Q_DOSBOX }

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_dos_version),
        T(test_dos_alloc_free),
        T(test_dos_alloc_largest),
        T(test_dos_coalesce),
        Q2(test_dos_resize),
        T(test_dos_bad_free_and_corruption),
        Q2(test_dos_strategy),
        T(test_dos_umb_link),
        Q2(test_dos_umb_unlinked_quirk),
        T(test_dos3),
        T(test_dos_vectors_psp_inject),
        Q2(test_dos_property),
        Q2(test_xms_detect),
        Q2(test_xms_version),
        Q2(test_xms_alloc_free),
        Q2(test_xms_full),
        Q2(test_xms_handles),
        Q2(test_xms_move),
        Q2(test_xms_move_errors),
        Q2(test_xms_move_overlap),
        Q2(test_xms_lock),
        Q2(test_xms_info),
        Q2(test_xms_big),
        Q2(test_xms_realloc),
        Q2(test_xms_umb_provider),
        Q2(test_xms_umb_dos),
        Q2(test_xms_umb_none),
        Q2(test_xms_hma_a20),
        Q2(test_xms_inject),
        T(test_xms_286),
        T(test_vds_absent),
        T(test_vds_version),
        T(test_vds_lock_identity),
        T(test_vds_boundaries),
        T(test_vds_lock_buffer),
        T(test_vds_remap),
        T(test_vds_buffers),
        T(test_vds_translation),
        T(test_vds_dds_in_module_data),
        T(test_port_memory),
        T(test_port_near),
        T(test_port_near_stable),
        T(test_port_irq),
        T(test_port_unknown_calls),
    };

    return cmocka_run_group_tests(tests, NULL, group_teardown);
}
