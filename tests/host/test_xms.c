/*
 * test_xms.c - the XMS service (xms_service.c, xms_init.c) on the simulated
 * PC, for what DOSBox cannot show: a driver that follows the spec (odd
 * lengths and overlapping moves refused with A7h/A8h, lock count overflow
 * ACh, free of a locked block ABh), the DOSBox quirks side by side, handle
 * table exhaustion, an XMS 2.0 driver on a 386, an 80286, every error code,
 * the ISR guard, UMBs and unload.
 *
 * The NASM of the XMS core and group (xms_core.asm, xms_move.asm) is
 * tested here through its C twins (xms_core_c.c, xms_move_c.c,
 * xms_park_c.c), which src/port/host/xms_host.c puts under the names the
 * NASM defines; xms_core.inc, the NASM's copy of the shared layouts, is
 * checked against xms_service.h.
 *
 * Block contents are read through the simulator's physical memory at the
 * block's own address (sim_xms_block), never through the module's moves.
 * Every test ends by unloading and checking that the driver holds no
 * handle, lock or UMB of ours.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>

#include "sim.h"
#include "mod_core.h"
#include "xms_service.h"
#include "pool.h"

#define CONV_SEG 0x3000u            /* free conventional memory in the sim */
#define CONV_LIN ((u32)CONV_SEG << 4)

static u32 free_before;

static mem_fp_t near_fp(const void *p)
{
    return MEM_FP(port_ds(), port_near(p));
}

static void boot(const struct sim_config *c)
{
    sim_reset(c);
    mod.initialised = 1;
    mod.cpu = (u8)sim_cpu_type();
    mod.cfg_flags = 0;
    mod.info_flags = 0;
    mod_isr_depth = 0;
    xms_init();
    free_before = sim_xms_free_kb();
}

static void boot_spec(void)
{
    boot(NULL);
}

static void boot_dosbox(void)
{
    struct sim_config c;
    sim_config_dosbox(&c);
    boot(&c);
}

static int teardown(void **state)
{
    (void)state;
    mod_isr_depth = 0;
    xms_release();                      /* mod_unload's order: the group's */
    xms_unload();                       /* hook, then the core */
    assert_int_equal(sim_xms_handles_used(), 0);
    assert_int_equal(sim_xms_umbs_used(), 0);
    assert_true(sim_xms_free_kb() == free_before);
    assert_true(sim_irq_balanced());
    mod.initialised = 0;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    sim_free();
    return 0;
}

/* The driver's handle, size and lock count of a module handle. */
static u16 raw(u16 h)
{
    struct { u16 size; u16 xh; u8 rest[12]; } hi;
    memset(&hi, 0, sizeof(hi));
    hi.size = 16;
    assert_int_equal(mod_xms_handle_info(h, near_fp(&hi)), MEM_OK);
    return hi.xh;
}

static u8 *block_bytes(u16 h, u32 *size)
{
    u32 phys, kb;
    u8 locks;
    assert_int_equal(sim_xms_block(raw(h), &phys, &kb, &locks), 0);
    *size = kb * 1024UL;
    return sim_phys_ptr(phys, *size);
}

static int move(u32 len, u16 sh, u32 so, u16 dh, u32 dof)
{
    u8 d[16];
    d[0] = (u8)len; d[1] = (u8)(len >> 8); d[2] = (u8)(len >> 16); d[3] = (u8)(len >> 24);
    d[4] = (u8)sh; d[5] = (u8)(sh >> 8);
    d[6] = (u8)so; d[7] = (u8)(so >> 8); d[8] = (u8)(so >> 16); d[9] = (u8)(so >> 24);
    d[10] = (u8)dh; d[11] = (u8)(dh >> 8);
    d[12] = (u8)dof; d[13] = (u8)(dof >> 8); d[14] = (u8)(dof >> 16); d[15] = (u8)(dof >> 24);
    return mod_xms_move(near_fp(d));
}

static void pattern(u8 *p, u32 n, unsigned seed)
{
    u32 i;
    for (i = 0; i < n; i++)
        p[i] = (u8)(seed + i * 13 + (i >> 7));
}

/* ------------------------------------------- xms_core.inc vs the headers */

struct inc_name { const char *name; long value; };
#define N(x) { #x, (long)(x) }
#define O(name, type, field) { #name, (long)offsetof(type, field) }
static const struct inc_name inc_names[] = {
    N(MEM_XMS_HANDLES), N(XMS_UMB_MAX), N(MEM_XMS_PARK_SLOTS), N(XMS_BOUNCE_BYTES),
    O(XS_ENTRY_OFF, struct xms_state, entry_off), O(XS_ENTRY_SEG, struct xms_state, entry_seg),
    O(XS_VERSION, struct xms_state, version), O(XS_REVISION, struct xms_state, revision),
    O(XS_USE32, struct xms_state, use32), O(XS_HMA, struct xms_state, hma),
    O(XS_LAST_ERROR, struct xms_state, last_error),
    O(XS_FREE_KB, struct xms_state, free_kb_init),
    { "XS_SIZE", (long)sizeof(struct xms_state) },
    O(SL_XH, struct xms_slot, xh), O(SL_LOCKS, struct xms_slot, locks),
    O(SL_GEN, struct xms_slot, gen), O(SL_BYTES, struct xms_slot, bytes),
    { "SL_SIZE", (long)sizeof(struct xms_slot) },
    /* XMS function 0Bh's structure: memory_api.h's offsets (a 16-bit
     * compiler packs struct mem_xms_move so; t_xms.c checks its size). */
    { "MV_LEN", 0 }, { "MV_SRC", 4 }, { "MV_SOFF", 6 }, { "MV_DST", 10 },
    { "MV_DOFF", 12 }, { "MV_SIZE", 16 },
    N(XMS_CONV_TOP), N(PARK_SLOT_BYTES), N(PARK_KB), N(MEM_PKT_HDR),
    N(MEM_E_BUSY), N(MEM_E_NOXMS), N(MEM_E_RANGE),
};

/* A NASM number (decimal, or hex with an h suffix) or the one expression
 * the file has, PARK_KB's, evaluated with the file's own values. */
static long inc_value(const char *v)
{
    char *end;
    size_t n = strlen(v);
    long x;

    if (strcmp(v, "(MEM_XMS_PARK_SLOTS * PARK_SLOT_BYTES + 1023) / 1024") == 0)
        return ((long)MEM_XMS_PARK_SLOTS * PARK_SLOT_BYTES + 1023) / 1024;
    if (n > 1 && (v[n - 1] == 'h' || v[n - 1] == 'H')) {
        x = strtol(v, &end, 16);
        if (end == v + n - 1)
            return x;
    } else {
        x = strtol(v, &end, 10);
        if (end == v + n)
            return x;
    }
    fail_msg("xms_core.inc: cannot read the value '%s'", v);
    return 0;
}

static void t_inc_matches_header(void **state)
{
    FILE *f = fopen("src/modules/mempool/xms_core.inc", "r");
    char line[200], name[64], val[100], *p;
    size_t i, seen = 0, n = sizeof(inc_names) / sizeof(inc_names[0]);
    int found;
    (void)state;

    assert_non_null(f);
    while (fgets(line, sizeof(line), f)) {
        p = strchr(line, ';');
        if (p != NULL)
            *p = 0;
        if (sscanf(line, " %%define %63s %99[^\n]", name, val) == 2) {
            /* a build option's default */
        } else if (sscanf(line, " %63s equ %99[^\n]", name, val) == 2) {
            /* a constant */
        } else {
            continue;
        }
        for (p = val + strlen(val); p > val && (p[-1] == ' ' || p[-1] == '\t'); p--)
            p[-1] = 0;
        found = 0;
        for (i = 0; i < n; i++)
            if (strcmp(inc_names[i].name, name) == 0) {
                if (inc_value(val) != inc_names[i].value)
                    fail_msg("xms_core.inc %s = %s, the headers say %ld", name, val,
                             inc_names[i].value);
                found = 1;
                seen++;
            }
        if (!found)
            fail_msg("xms_core.inc %s: not checked here", name);
    }
    fclose(f);
    assert_int_equal(seen, n);          /* every name is in the file */
}

/* ------------------------------------------------------------ detection */

static void t_detect_spec(void **state)
{
    (void)state;
    boot_spec();
    assert_true(xms_present());
    assert_int_equal(xms.version, 0x0300);
    assert_int_equal(xms.use32, 1);             /* 386 + XMS 3.0 */
    assert_true(mod.info_flags & MEM_INFO_XMS);
    assert_true(xms.free_kb_init > 0);
}

static void t_no_driver(void **state)
{
    struct sim_config c;
    u16 seg, got;
    (void)state;
    sim_config_default(&c);
    c.xms = 0;
    boot(&c);
    assert_false(xms_present());
    assert_false(mod.info_flags & MEM_INFO_XMS);
    assert_int_equal(mod_xms_alloc(1), MEM_E_NOXMS);
    assert_int_equal(move(2, 0, MEM_FP(CONV_SEG, 0), 0, MEM_FP(CONV_SEG, 16)), MEM_E_NOXMS);
    assert_int_equal(xms_umb_request(16, &seg, &got), MEM_E_NOXMS);
    assert_int_equal(sim_counters()->xms, 0);
}

static void t_cfg_no_xms(void **state)
{
    (void)state;
    sim_reset(NULL);
    mod.initialised = 1;
    mod.cpu = MEM_CPU_386;
    mod.cfg_flags = MEM_CFG_NO_XMS;
    mod.info_flags = 0;
    xms_init();
    free_before = sim_xms_free_kb();
    assert_false(xms_present());
    assert_int_equal(mod_xms_alloc(1), MEM_E_NOXMS);
    assert_int_equal(sim_counters()->int2f, 0);
}

/* An XMS 2.0 driver on a 386: the 8xh functions do not exist there. */
static void t_v2_driver_16bit(void **state)
{
    struct sim_config c;
    int h;
    (void)state;
    sim_config_default(&c);
    c.xms_version = 0x0200;
    boot(&c);
    assert_int_equal(xms.use32, 0);
    h = mod_xms_alloc(64);
    assert_true(h > 0);
    assert_int_equal(mod_xms_realloc((u16)h, 128), MEM_OK);
    assert_int_equal(mod_xms_alloc(70000UL), MEM_E_RANGE);
    raw((u16)h);
    assert_int_equal(sim_counters()->farcall32, 0);
    assert_int_equal(sim_counters()->xms_fn[0x88], 0);
    assert_int_equal(sim_counters()->xms_fn[0x89], 0);
    assert_int_equal(sim_counters()->xms_fn[0x8E], 0);
    assert_int_equal(sim_counters()->xms_fn[0x8F], 0);
    assert_true(sim_counters()->xms_fn[0x09] > 0);
    assert_int_equal(mod_xms_free((u16)h), MEM_OK);
}

/* An 80286 with an XMS 3.0 driver: 16-bit functions only (the sim fails
 * the test if port_farcall32 is called on a 286). */
static void t_286_16bit(void **state)
{
    struct sim_config c;
    int h;
    (void)state;
    sim_config_default(&c);
    c.cpu = MEM_CPU_286;
    boot(&c);
    assert_int_equal(xms.use32, 0);
    h = mod_xms_alloc(16);
    assert_true(h > 0);
    assert_int_equal(mod_xms_realloc((u16)h, 70000UL), MEM_E_RANGE);
    raw((u16)h);
    assert_int_equal(sim_counters()->farcall32, 0);
}

static void t_386_32bit(void **state)
{
    struct sim_config c;
    int h;
    u32 largest, total;
    (void)state;
    sim_config_default(&c);
    c.mem_kb = 80UL * 1024;                     /* room for a 68 MB block */
    boot(&c);
    h = mod_xms_alloc(70000UL);                 /* only 89h can say this */
    assert_true(h > 0);
    assert_int_equal(xms_query_free(&largest, &total), MEM_OK);
    assert_true(sim_counters()->xms_fn[0x89] == 1);
    assert_true(sim_counters()->xms_fn[0x88] >= 1);
    assert_int_equal(mod_xms_realloc((u16)h, 80000UL), MEM_OK);
    assert_true(sim_counters()->xms_fn[0x8F] == 1);
    assert_int_equal(mod_xms_free((u16)h), MEM_OK);
}

/* --------------------------------------------------------------- moves */

/* Every length 1..67 at every offset parity, conventional <-> block and
 * block <-> block, against a spec driver that refuses odd lengths. */
static void odd_moves(int dosbox)
{
    static u8 src[256], want[4096];
    u32 size, len, so, dof;
    u8 *a, *b;
    int ha, hb;

    if (dosbox)
        boot_dosbox();
    else
        boot_spec();
    ha = mod_xms_alloc(4);
    hb = mod_xms_alloc(4);
    assert_true(ha > 0 && hb > 0);
    a = block_bytes((u16)ha, &size);
    memset(a, 0xEE, 4096);
    b = block_bytes((u16)hb, &size);
    memset(b, 0xDD, 4096);
    for (len = 1; len < 68; len++)
        for (so = 0; so < 4; so++)
            for (dof = 0; dof < 4; dof++) {
                /* conventional -> A, near A's end when dof is odd */
                u32 at = (dof & 1) ? 4096 - len - (dof >> 1) : dof;
                pattern(src, sizeof(src), (unsigned)(len * 4 + so));
                sim_lin_write(CONV_LIN + so, src, len);
                memcpy(want, a, 4096);
                memcpy(want + at, src, len);
                assert_int_equal(move(len, 0, MEM_FP(CONV_SEG, so), (u16)ha, at), MEM_OK);
                assert_memory_equal(a, want, 4096);
                /* A -> B */
                memcpy(want, b, 4096);
                memcpy(want + dof + 100, a + at, len);
                assert_int_equal(move(len, (u16)ha, at, (u16)hb, dof + 100), MEM_OK);
                assert_memory_equal(b, want, 4096);
                /* B -> conventional, neighbours untouched */
                sim_lin_write(CONV_LIN + 512, want, 1);     /* any byte */
                {
                    u8 guard[80];
                    memset(guard, 0x99, sizeof(guard));
                    sim_lin_write(CONV_LIN + 1000, guard, sizeof(guard));
                    assert_int_equal(move(len, (u16)hb, dof + 100, 0,
                                          MEM_FP(CONV_SEG, 1001 + so)), MEM_OK);
                    sim_lin_read(CONV_LIN + 1000, guard, sizeof(guard));
                    assert_memory_equal(guard + 1 + so, b + dof + 100, len);
                    assert_int_equal(guard[so], 0x99);
                    assert_int_equal(guard[1 + so + len], 0x99);
                }
            }
    /* the driver never saw an odd length: nothing failed */
    assert_int_equal(sim_counters()->xms_errors, 0);
    assert_int_equal(mod_xms_free((u16)ha), MEM_OK);
    assert_int_equal(mod_xms_free((u16)hb), MEM_OK);
}

static void t_odd_spec(void **state)
{
    (void)state;
    odd_moves(0);
}

static void t_odd_dosbox(void **state)
{
    (void)state;
    odd_moves(1);
}

/* Overlapping moves inside one block and in conventional memory, every
 * distance class, both directions: memmove, while the spec driver refuses
 * src < dst overlap (A8h) and DOSBox's smears it. */
static void overlap_moves(int dosbox)
{
    static const u32 dists[] = { 1, 2, 3, 4, 7, 31, 32, 33, 100, 127, 128, 129, 300, 1001 };
    static const u32 lens[] = { 1, 2, 3, 5, 100, 255, 256, 1500, 1501 };
    static u8 model[8192], conv[4096];
    u32 size, di, li, d, len, base = 1200;
    u8 *a;
    int ha;

    if (dosbox)
        boot_dosbox();
    else
        boot_spec();
    ha = mod_xms_alloc(8);
    assert_true(ha > 0);
    a = block_bytes((u16)ha, &size);
    pattern(a, 8192, 3);
    memcpy(model, a, 8192);
    for (di = 0; di < sizeof(dists) / sizeof(dists[0]); di++)
        for (li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
            d = dists[di];
            len = lens[li];
            assert_int_equal(move(len, (u16)ha, base, (u16)ha, base + d), MEM_OK);
            memmove(model + base + d, model + base, len);
            assert_memory_equal(a, model, 8192);
            assert_int_equal(move(len, (u16)ha, base + d + 1, (u16)ha, base), MEM_OK);
            memmove(model + base, model + base + d + 1, len);
            assert_memory_equal(a, model, 8192);
            /* conventional memory overlapping itself */
            pattern(conv, sizeof(conv), (unsigned)(d + len));
            sim_lin_write(CONV_LIN, conv, sizeof(conv));
            assert_int_equal(move(len, 0, MEM_FP(CONV_SEG, 10), 0, MEM_FP(CONV_SEG, 10 + d)), MEM_OK);
            memmove(conv + 10 + d, conv + 10, len);
            {
                static u8 got[4096];
                sim_lin_read(CONV_LIN, got, sizeof(got));
                assert_memory_equal(got, conv, sizeof(got));
            }
        }
    /* the same bytes through two different seg:off: still an overlap */
    pattern(conv, sizeof(conv), 9);
    sim_lin_write(CONV_LIN, conv, sizeof(conv));
    assert_int_equal(move(301, 0, MEM_FP(CONV_SEG, 0x20), 0, MEM_FP(CONV_SEG + 3, 0)), MEM_OK);
    memmove(conv + 0x30, conv + 0x20, 301);
    {
        static u8 got[4096];
        sim_lin_read(CONV_LIN, got, sizeof(got));
        assert_memory_equal(got, conv, sizeof(got));
    }
    assert_int_equal(move(100, (u16)ha, 50, (u16)ha, 50), MEM_OK);     /* onto itself */
    assert_int_equal(sim_counters()->xms_errors, 0);
    assert_int_equal(mod_xms_free((u16)ha), MEM_OK);
}

static void t_overlap_spec(void **state)
{
    (void)state;
    overlap_moves(0);
}

static void t_overlap_dosbox(void **state)
{
    (void)state;
    overlap_moves(1);
}

/* Offsets and lengths are checked before the driver is called. */
static void t_ranges(void **state)
{
    int ha, hb;
    unsigned long calls;
    (void)state;
    boot_spec();
    ha = mod_xms_alloc(1);
    hb = mod_xms_alloc(2);
    assert_true(ha > 0 && hb > 0);
    calls = sim_counters()->xms;
    assert_int_equal(move(1025, (u16)ha, 0, (u16)hb, 0), MEM_E_RANGE);
    assert_int_equal(move(2, (u16)ha, 1023, (u16)hb, 0), MEM_E_RANGE);
    assert_int_equal(move(1, (u16)ha, 1024, (u16)hb, 0), MEM_E_RANGE);
    assert_int_equal(move(2, (u16)hb, 0, (u16)ha, 1023), MEM_E_RANGE);
    assert_int_equal(move(0xFFFFFFFFUL, (u16)ha, 2, (u16)hb, 0), MEM_E_RANGE);
    assert_int_equal(move(2, (u16)ha, 0xFFFFFFFFUL, (u16)hb, 0), MEM_E_RANGE);
    assert_int_equal(move(32, 0, MEM_FP(0xFFFF, 0xFFF0), (u16)ha, 0), MEM_E_RANGE);
    assert_int_equal(move(2, (u16)(ha + 0x100), 0, (u16)hb, 0), MEM_E_XMS_BAD_SRC_HANDLE);
    assert_int_equal(mod_xms_last_error(), 0xA3);
    assert_int_equal(move(2, (u16)ha, 0, 77, 0), MEM_E_XMS_BAD_DST_HANDLE);
    assert_int_equal(mod_xms_last_error(), 0xA5);
    assert_int_equal(move(0, (u16)ha, 0, (u16)hb, 0), MEM_OK);
    assert_int_equal(mod_xms_move(MEM_FP_NULL), MEM_E_INVAL);
    assert_true(sim_counters()->xms == calls);  /* the driver saw none */
    assert_int_equal(move(1024, (u16)ha, 0, (u16)hb, 1024), MEM_OK);   /* exact fit */
    assert_int_equal(mod_xms_free((u16)ha), MEM_OK);
    assert_int_equal(mod_xms_free((u16)hb), MEM_OK);
}

/* ------------------------------------------------------- locks, handles */

static void lock_overflow(int dosbox)
{
    u32 phys = 0, sphys, kb;
    u8 locks;
    int h, i;

    if (dosbox)
        boot_dosbox();
    else
        boot_spec();
    h = mod_xms_alloc(4);
    assert_true(h > 0);
    for (i = 0; i < 255; i++)
        assert_int_equal(mod_xms_lock((u16)h, near_fp(&phys)), MEM_OK);
    assert_int_equal(sim_xms_block(raw((u16)h), &sphys, &kb, &locks), 0);
    assert_true(phys == sphys);
    assert_int_equal(locks, 255);
    assert_int_equal(mod_xms_lock((u16)h, near_fp(&phys)), MEM_E_XMS_LOCK_OVERFLOW);
    assert_int_equal(mod_xms_last_error(), 0xAC);
    assert_int_equal(mod_xms_free((u16)h), MEM_E_XMS_LOCKED);
    /* left locked 255 times: teardown's unload must still free it */
}

static void t_lock_overflow_spec(void **state)
{
    (void)state;
    lock_overflow(0);
}

static void t_lock_overflow_dosbox(void **state)
{
    (void)state;
    lock_overflow(1);
}

/* DOSBox frees a locked block; the module refuses before asking it. */
static void t_free_locked(void **state)
{
    u32 phys, sphys, kb;
    u8 locks;
    int h;
    (void)state;
    boot_dosbox();
    h = mod_xms_alloc(4);
    assert_true(h > 0);
    assert_int_equal(mod_xms_lock((u16)h, near_fp(&phys)), MEM_OK);
    assert_int_equal(mod_xms_free((u16)h), MEM_E_XMS_LOCKED);
    assert_int_equal(mod_xms_last_error(), 0xAB);
    assert_int_equal(mod_xms_realloc((u16)h, 8), MEM_E_XMS_LOCKED);
    assert_int_equal(sim_xms_block(raw((u16)h), &sphys, &kb, &locks), 0);
    assert_int_equal(locks, 1);
    assert_int_equal(mod_xms_unlock((u16)h), MEM_OK);
    assert_int_equal(mod_xms_unlock((u16)h), MEM_E_XMS_NOT_LOCKED);
    assert_int_equal(mod_xms_last_error(), 0xAA);
    assert_int_equal(mod_xms_free((u16)h), MEM_OK);
    assert_int_equal(mod_xms_free((u16)h), MEM_E_XMS_BAD_HANDLE);   /* stale */
    assert_int_equal(mod_xms_lock((u16)h, MEM_FP_NULL), MEM_E_XMS_BAD_HANDLE);
}

static void t_handle_table_full(void **state)
{
    int h[MEM_XMS_HANDLES], i, g;
    unsigned long allocs;
    (void)state;
    boot_spec();
    for (i = 0; i < MEM_XMS_HANDLES; i++) {
        h[i] = mod_xms_alloc(1);
        assert_true(h[i] > 0);
    }
    allocs = sim_counters()->xms_fn[0x89];
    assert_int_equal(mod_xms_alloc(1), MEM_E_HANDLES);
    assert_true(sim_counters()->xms_fn[0x89] == allocs);
    assert_int_equal(mod_xms_free((u16)h[3]), MEM_OK);
    g = mod_xms_alloc(1);                       /* the slot again, new generation */
    assert_true(g > 0 && g != h[3]);
    assert_int_equal(mod_xms_free((u16)h[3]), MEM_E_XMS_BAD_HANDLE);
    h[3] = g;
    for (i = 0; i < MEM_XMS_HANDLES; i++)
        assert_int_equal(mod_xms_free((u16)h[i]), MEM_OK);
}

/* The driver's own handles run out first (A1h), and memory (A0h). */
static void t_driver_exhausted(void **state)
{
    struct sim_config c;
    int h[4], i;
    (void)state;
    sim_config_default(&c);
    c.xms_handles = 3;
    c.xms_kb = 64;
    boot(&c);
    for (i = 0; i < 3; i++)
        assert_true((h[i] = mod_xms_alloc(4)) > 0);
    assert_int_equal(mod_xms_alloc(1), MEM_E_XMS_NO_HANDLES);
    assert_int_equal(mod_xms_last_error(), 0xA1);
    assert_int_equal(mod_xms_free((u16)h[2]), MEM_OK);
    assert_int_equal(mod_xms_alloc(1000), MEM_E_XMS_NO_MEMORY);
    assert_int_equal(mod_xms_last_error(), 0xA0);
    assert_true(mod_xms_alloc(56) > 0);        /* what is left still fits */
}

/* Every XMS error code reaches the caller as MEM_E_XMS(code), raw kept. */
static void t_every_error_code(void **state)
{
    static const u8 codes[] = { 0x80, 0x81, 0x82, 0x8E, 0x8F, 0x90, 0x91, 0x92,
        0x93, 0x94, 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9,
        0xAA, 0xAB, 0xAC, 0xAD, 0xB0, 0xB1, 0xB2 };
    unsigned i;
    int h;
    u32 phys;
    (void)state;
    boot_spec();
    h = mod_xms_alloc(4);
    assert_true(h > 0);
    for (i = 0; i < sizeof(codes); i++) {
        sim_xms_fail_next(0x89, codes[i]);
        assert_int_equal(mod_xms_alloc(1), MEM_E_XMS(codes[i]));
        assert_int_equal(mod_xms_last_error(), codes[i]);
        sim_xms_fail_next(0x0C, codes[i]);
        assert_int_equal(mod_xms_lock((u16)h, near_fp(&phys)), MEM_E_XMS(codes[i]));
        sim_xms_fail_next(0x0B, codes[i]);
        assert_int_equal(move(2, (u16)h, 0, 0, MEM_FP(CONV_SEG, 0)), MEM_E_XMS(codes[i]));
        assert_int_equal(mod_xms_last_error(), codes[i]);
    }
    sim_xms_fail_next(0x0B, 0x12);              /* not an XMS code at all */
    assert_int_equal(move(2, (u16)h, 0, 0, MEM_FP(CONV_SEG, 0)), MEM_E_XMS_GENERAL);
    assert_int_equal(mod_xms_free((u16)h), MEM_OK);
}

/* ------------------------------------------------------ ISR, UMB, unload */

static void t_isr_guard(void **state)
{
    unsigned long calls;
    int h;
    u16 seg, got;
    (void)state;
    boot_spec();
    h = mod_xms_alloc(1);
    assert_true(h > 0);
    calls = sim_counters()->xms;
    /* The far-call entries are refused by c_gate before they run (DOS test
     * T_GATE calls every one through it); here its rule's C twin, and the
     * UMB functions the module reaches from inside, which refuse themselves. */
    assert_int_equal(mod_gate_admit_c(), MEM_OK);
    gate_depth = 1;                             /* a task call is running */
    assert_int_equal(mod_gate_admit_c(), MEM_E_BUSY);
    gate_depth = 0;
    mod_isr_enter_c();
    mod_isr_enter_c();
    assert_int_equal(mod_gate_admit_c(), MEM_E_BUSY);
    assert_int_equal(xms_umb_request(16, &seg, &got), MEM_E_BUSY);
    assert_int_equal(xms_umb_release(0xD000), MEM_E_BUSY);
    mod_isr_leave_c();
    assert_int_equal(mod_gate_admit_c(), MEM_E_BUSY);    /* one level up */
    mod_isr_leave_c();
    mod_isr_leave_c();                          /* never below zero */
    assert_int_equal(mod_isr_depth, 0);
    assert_int_equal(mod_gate_admit_c(), MEM_OK);
    assert_true(sim_counters()->xms == calls);
    assert_int_equal(mod_xms_free((u16)h), MEM_OK);
}

static void t_umb(void **state)
{
    struct sim_config c;
    u16 seg, got, seg2, got2;
    (void)state;
    sim_config_default(&c);
    c.umb = SIM_UMB_XMS;
    c.umb_count = 1;
    c.umb_regions[0].start = 0xC800;
    c.umb_regions[0].end = 0xD000;
    boot(&c);
    assert_int_equal(xms_umb_request(0x100, &seg, &got), MEM_OK);
    assert_true(seg >= 0xC800 && got >= 0x100);
    assert_int_equal(xms_umb_request(0xFFFF, &seg2, &got2), MEM_E_XMS_UMB_SMALLER);
    assert_int_equal(seg2, 0);
    assert_true(got2 > 0 && got2 < 0x800);
    assert_int_equal(xms_umb_release(0x1234), MEM_E_BADPTR);
    assert_int_equal(xms_umb_release(seg), MEM_OK);
    assert_int_equal(xms_umb_release(seg), MEM_E_BADPTR);
    assert_int_equal(xms_umb_request(0x80, &seg, &got), MEM_OK);
    /* left held: teardown's unload releases it */
}

static void t_no_umb_driver(void **state)
{
    u16 seg, got;
    (void)state;
    boot_spec();                                /* spec default: no UMBs */
    assert_true(xms_umb_request(0x100, &seg, &got) < 0);
    assert_int_equal(seg, 0);
}

/* Handles forgotten, some locked, one locked behind our back: unload
 * gives everything back (teardown checks the driver). */
static void unload_forgotten(int dosbox)
{
    struct port_regs r;
    u32 phys;
    int h1, h2, h3;

    if (dosbox)
        boot_dosbox();
    else
        boot_spec();
    h1 = mod_xms_alloc(4);
    h2 = mod_xms_alloc(8);
    h3 = mod_xms_alloc(100);
    assert_true(h1 > 0 && h2 > 0 && h3 > 0);
    assert_int_equal(mod_xms_lock((u16)h2, near_fp(&phys)), MEM_OK);
    assert_int_equal(mod_xms_lock((u16)h2, near_fp(&phys)), MEM_OK);
    memset(&r, 0, sizeof(r));                   /* someone locks h3 directly */
    r.ax = 0x0C00;
    r.dx = raw((u16)h3);
    port_farcall(xms.entry_seg, xms.entry_off, &r);
    assert_int_equal(r.ax, 1);
    assert_true(sim_xms_handles_used() == 3);
}

static void t_unload_spec(void **state)
{
    (void)state;
    unload_forgotten(0);
}

static void t_unload_dosbox(void **state)
{
    (void)state;
    unload_forgotten(1);
}

static void t_status(void **state)
{
    struct { u16 size, version, revision, flags; u8 rest[12]; } st;
    int h;
    (void)state;
    boot_spec();
    h = mod_xms_alloc(10);
    assert_true(h > 0);
    memset(&st, 0, sizeof(st));
    st.size = 20;
    assert_int_equal(mod_xms_status(near_fp(&st)), MEM_OK);
    assert_int_equal(st.version, 0x0300);
    assert_int_equal(st.flags & MEM_XMS_F_32BIT, MEM_XMS_F_32BIT);
    assert_int_equal(st.rest[8] | (st.rest[9] << 8), 1);           /* handles_used */
    assert_int_equal(st.rest[10], MEM_XMS_HANDLES);
    assert_true((st.rest[0] | (st.rest[1] << 8) | ((u32)st.rest[2] << 16))
                == sim_xms_free_kb());
    st.size = 4;                                /* a short struct: only version */
    st.revision = 0x5555;
    assert_int_equal(mod_xms_status(near_fp(&st)), MEM_OK);
    assert_int_equal(st.revision, 0x5555);
    assert_int_equal(mod_xms_status(MEM_FP_NULL), MEM_E_INVAL);
    assert_int_equal(mod_xms_free((u16)h), MEM_OK);
}

/* ------------------------------------------------------- backing store */

static void boot_pools(const struct sim_config *c)
{
    boot(c);
    assert_int_equal(pool_init(0, 0, 0, 0, 0), MEM_OK);
}

static int teardown_pools(void **state)
{
    pool_release();
    return teardown(state);
}

/* A packet buffer as an owner leaves it: data moved down, link set. */
static mem_fp_t pkt_make(u16 len, u16 down, u8 seed)
{
    mem_fp_t p = pool_pkt_alloc_c(len);
    u16 seg, off, data, i;

    assert_true(p != MEM_FP_NULL);
    seg = MEM_FP_SEG(p);
    off = MEM_FP_OFF(p);
    data = (u16)(port_peekw(seg, (u16)(off + MEM_PKT_OFF_DATA)) - down);
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_DATA), data);
    port_pokew(seg, off, 0xBEEF);
    port_pokew(seg, (u16)(off + 2), seed);
    for (i = 0; i < len; i++)
        port_pokeb(seg, (u16)(off + data + i), (u8)(seed * 5 + i));
    return p;
}

static int pkt_same(mem_fp_t p, u16 len, u16 down, u8 seed)
{
    u16 seg = MEM_FP_SEG(p), off = MEM_FP_OFF(p), data, i;

    data = port_peekw(seg, (u16)(off + MEM_PKT_OFF_DATA));
    if (data != MEM_PKT_DATA - down || port_peekw(seg, (u16)(off + MEM_PKT_OFF_LEN)) != len
        || port_peekw(seg, off) != 0xBEEF || port_peekw(seg, (u16)(off + 2)) != seed
        || port_peekb(seg, (u16)(off + MEM_PKT_OFF_REF)) != 1
        || port_peekw(seg, (u16)(off + MEM_PKT_OFF_MAGIC)) != MEM_PKT_MAGIC)
        return 0;
    for (i = 0; i < len; i++)
        if (port_peekb(seg, (u16)(off + data + i)) != (u8)(seed * 5 + i))
            return 0;
    return 1;
}

/* Packet buffers handed out, over every class. */
static u16 pkt_used(void)
{
    u16 i, n = 0;
    for (i = POOL_PKT_FIRST; i < POOL_N; i++)
        n = (u16)(n + POOL_USED(&pools[i]));
    return n;
}

static void park_roundtrips(int dosbox)
{
    static const u16 lens[] = { 1, 2, 3, 59, 60, 335, 336, 337, 1513, 1514 };
    struct sim_config c;
    mem_fp_t p, q;
    unsigned i;
    u16 used;
    int t;

    if (dosbox)
        sim_config_dosbox(&c);
    else
        sim_config_default(&c);
    boot_pools(&c);
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        p = pkt_make(lens[i], (u16)(i & 1 ? 16 : 0), (u8)i);
        used = pkt_used();
        t = mod_xms_park(p);
        assert_true(t > 0);
        assert_int_equal(pkt_used(), used - 1);
        assert_int_equal(xms_parked(), 1);
        q = MEM_FP_NULL;
        assert_int_equal(mod_xms_unpark((u16)t, near_fp(&q)), MEM_OK);
        assert_true(pkt_same(q, lens[i], (u16)(i & 1 ? 16 : 0), (u8)i));
        assert_int_equal(mod_xms_unpark((u16)t, near_fp(&q)), MEM_E_BADPTR);
        assert_int_equal(pool_pkt_free_c(q), 0);
    }
    assert_int_equal(sim_counters()->xms_errors, 0);
    assert_int_equal(xms_parked(), 0);
}

static void t_park_spec(void **state)
{
    (void)state;
    park_roundtrips(0);
}

static void t_park_dosbox(void **state)
{
    (void)state;
    park_roundtrips(1);
}

/* No XMS, XMS too small for the store, a failing move: the park call
 * says so and the buffer stays allocated and untouched. */
static void t_park_fallback(void **state)
{
    struct sim_config c;
    mem_fp_t p;
    (void)state;
    sim_config_default(&c);
    c.xms = 0;
    boot_pools(&c);
    p = pkt_make(500, 0, 1);
    assert_int_equal(mod_xms_park(p), MEM_E_NOXMS);
    assert_true(pkt_same(p, 500, 0, 1));
    assert_int_equal(pool_pkt_free_c(p), 0);
}

static void t_park_xms_full(void **state)
{
    struct sim_config c;
    mem_fp_t p;
    (void)state;
    sim_config_default(&c);
    c.xms_kb = 16;                              /* the store needs 49 KB */
    boot_pools(&c);
    p = pkt_make(500, 0, 2);
    assert_int_equal(mod_xms_park(p), MEM_E_XMS_NO_MEMORY);
    assert_true(pkt_same(p, 500, 0, 2));
    assert_int_equal(pool_pkt_free_c(p), 0);
}

/* A failed move leaves the buffer as it was, byte for byte: header,
 * headroom (the link goes before the frame for the move) and frame, also
 * with the frame right behind the header. */
static void t_park_move_fails(void **state)
{
    static u8 before[1568], after[1568];
    mem_fp_t p;
    u16 down, cap, i;
    (void)state;
    boot_pools(NULL);
    for (down = 0; down <= MEM_PKT_DATA - MEM_PKT_HDR; down += MEM_PKT_DATA - MEM_PKT_HDR) {
        p = pkt_make(501, down, 3);
        cap = port_peekw(MEM_FP_SEG(p), (u16)(MEM_FP_OFF(p) + MEM_PKT_OFF_CAP));
        for (i = 0; i < cap; i++)
            before[i] = port_peekb(MEM_FP_SEG(p), (u16)(MEM_FP_OFF(p) + i));
        sim_xms_fail_next(0x0B, 0xA9);
        assert_int_equal(mod_xms_park(p), MEM_E_XMS_PARITY);
        for (i = 0; i < cap; i++)
            after[i] = port_peekb(MEM_FP_SEG(p), (u16)(MEM_FP_OFF(p) + i));
        assert_memory_equal(before, after, cap);
        assert_true(pkt_same(p, 501, down, 3));
        assert_int_equal(xms_parked(), 0);
        assert_int_equal(pool_pkt_free_c(p), 0);
    }
}

static void t_park_store_full(void **state)
{
    int t[MEM_XMS_PARK_SLOTS];
    mem_fp_t p, q;
    unsigned i;
    (void)state;
    boot_pools(NULL);
    for (i = 0; i < MEM_XMS_PARK_SLOTS; i++) {
        t[i] = mod_xms_park(pkt_make((u16)(100 + i), 0, (u8)i));
        assert_true(t[i] > 0);
    }
    p = pkt_make(77, 0, 77);
    assert_int_equal(mod_xms_park(p), MEM_E_NOMEM);
    assert_true(pkt_same(p, 77, 0, 77));
    assert_int_equal(pool_pkt_free_c(p), 0);
    for (i = 0; i < MEM_XMS_PARK_SLOTS; i++) {
        assert_int_equal(mod_xms_unpark((u16)t[i], near_fp(&q)), MEM_OK);
        assert_true(pkt_same(q, (u16)(100 + i), 0, (u8)i));
        assert_int_equal(pool_pkt_free_c(q), 0);
    }
}

/* No packet buffer free: unpark says so and the ticket stays good. */
static void t_unpark_no_buffer(void **state)
{
    static mem_fp_t held[512];
    mem_fp_t p, q;
    int t, n = 0, i;
    (void)state;
    boot_pools(NULL);
    t = mod_xms_park(pkt_make(1200, 0, 9));
    assert_true(t > 0);
    while (n < 512 && (p = pool_pkt_alloc_c(1514)) != MEM_FP_NULL)
        held[n++] = p;
    assert_int_equal(mod_xms_unpark((u16)t, near_fp(&q)), MEM_E_NOMEM);
    assert_int_equal(xms_parked(), 1);
    assert_int_equal(pool_pkt_free_c(held[--n]), 0);
    assert_int_equal(mod_xms_unpark((u16)t, near_fp(&q)), MEM_OK);
    assert_true(pkt_same(q, 1200, 0, 9));
    assert_int_equal(pool_pkt_free_c(q), 0);
    for (i = 0; i < n; i++)
        assert_int_equal(pool_pkt_free_c(held[i]), 0);
}

static void t_park_bad_input(void **state)
{
    mem_fp_t p, q;
    (void)state;
    boot_pools(NULL);
    p = pkt_make(100, 0, 4);
    assert_int_equal(pool_pkt_ref_c(p), 2);
    assert_int_equal(mod_xms_park(p), MEM_E_STATE);         /* shared */
    assert_int_equal(pool_pkt_free_c(p), 1);
    assert_int_equal(mod_xms_park(MEM_FP_NULL), MEM_E_BADPTR);
    assert_int_equal(mod_xms_park(MEM_FP(CONV_SEG, 0)), MEM_E_BADPTR);
    assert_int_equal(mod_xms_unpark(0, near_fp(&q)), MEM_E_BADPTR);
    assert_int_equal(mod_xms_unpark(0x0101, near_fp(&q)), MEM_E_BADPTR);
    assert_int_equal(mod_xms_unpark(0x0101, MEM_FP_NULL), MEM_E_INVAL);
    assert_true(pkt_same(p, 100, 0, 4));
    assert_int_equal(pool_pkt_free_c(p), 0);
}

/* A packet buffer with len bytes of frame at data + shift (shift < 0:
 * moved down), from a buffer for alloc_len. */
static mem_fp_t pkt_make2(u16 alloc_len, u16 len, int shift, u8 seed)
{
    mem_fp_t p = pool_pkt_alloc_c(alloc_len);
    u16 seg, off, data, i;

    assert_true(p != MEM_FP_NULL);
    seg = MEM_FP_SEG(p);
    off = MEM_FP_OFF(p);
    data = (u16)(MEM_PKT_DATA + shift);
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_DATA), data);
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_LEN), len);
    port_pokew(seg, off, 0xBEEF);
    port_pokew(seg, (u16)(off + 2), seed);
    for (i = 0; i < len; i++)
        port_pokeb(seg, (u16)(off + data + i), (u8)(seed * 5 + i));
    return p;
}

static void park_back(mem_fp_t p, u16 len, int shift, u8 seed)
{
    mem_fp_t q = MEM_FP_NULL;
    u16 seg, off, i;
    int t = mod_xms_park(p);

    assert_true(t > 0);
    assert_int_equal(mod_xms_unpark((u16)t, near_fp(&q)), MEM_OK);
    seg = MEM_FP_SEG(q);
    off = MEM_FP_OFF(q);
    assert_int_equal(port_peekw(seg, (u16)(off + MEM_PKT_OFF_DATA)), MEM_PKT_DATA + shift);
    assert_int_equal(port_peekw(seg, (u16)(off + MEM_PKT_OFF_LEN)), len);
    assert_int_equal(port_peekw(seg, off), 0xBEEF);
    assert_int_equal(port_peekw(seg, (u16)(off + 2)), seed);
    for (i = 0; i < len; i++)
        assert_int_equal(port_peekb(seg, (u16)(off + MEM_PKT_DATA + shift + i)),
                         (u8)(seed * 5 + i));
    assert_int_equal(pool_pkt_free_c(q), 0);
}

/* The largest frames a buffer of the largest class holds come back: at
 * the end of cap with headroom above the default, and longer than
 * MEM_PKT_MAX (an owner may grow len up to cap - data). */
static void t_park_big_frames(void **state)
{
    u16 cap;
    mem_fp_t p;
    (void)state;
    boot_pools(NULL);
    p = pool_pkt_alloc_c(1514);
    cap = port_peekw(MEM_FP_SEG(p), (u16)(MEM_FP_OFF(p) + MEM_PKT_OFF_CAP));
    assert_int_equal(pool_pkt_free_c(p), 0);
    assert_int_equal(cap % 2, 0);
    park_back(pkt_make2(1514, 1514, cap - 1514 - MEM_PKT_DATA, 1), 1514,
              cap - 1514 - MEM_PKT_DATA, 1);
    park_back(pkt_make2(1514, (u16)(cap - MEM_PKT_DATA - 1), 0, 2),
              (u16)(cap - MEM_PKT_DATA - 1), 0, 2);
    park_back(pkt_make2(1514, (u16)(cap - MEM_PKT_HDR), MEM_PKT_HDR - MEM_PKT_DATA, 3),
              (u16)(cap - MEM_PKT_HDR), MEM_PKT_HDR - MEM_PKT_DATA, 3);
    assert_int_equal(sim_counters()->xms_errors, 0);
}

/* A header that is not a buffer of the pools, or one that lies about its
 * size: refused before the driver is called, so no store is taken and no
 * parked frame overwritten. */
static void t_park_refused_early(void **state)
{
    u8 fake[64];
    mem_fp_t a, b, c, q;
    unsigned long calls;
    int ta, tc;
    (void)state;
    boot_pools(NULL);
    memset(fake, 0, sizeof(fake));
    fake[MEM_PKT_OFF_LEN] = 8;
    fake[MEM_PKT_OFF_DATA] = 16;
    fake[MEM_PKT_OFF_CAP] = 48;
    fake[MEM_PKT_OFF_REF] = 1;
    fake[MEM_PKT_OFF_MAGIC] = (u8)MEM_PKT_MAGIC;
    fake[MEM_PKT_OFF_MAGIC + 1] = (u8)(MEM_PKT_MAGIC >> 8);
    calls = sim_counters()->xms;
    assert_int_equal(mod_xms_park(near_fp(fake)), MEM_E_BADPTR);
    assert_true(sim_counters()->xms == calls);
    assert_int_equal(xms_park_xh, 0);

    a = pkt_make2(1514, 1500, 0, 20);
    c = pkt_make2(1514, 1500, 0, 21);
    ta = mod_xms_park(a);
    tc = mod_xms_park(c);
    assert_true(ta > 0 && tc > 0);
    assert_int_equal(mod_xms_unpark((u16)ta, near_fp(&q)), MEM_OK);
    assert_int_equal(pool_pkt_free_c(q), 0);
    b = pkt_make2(1514, 1514, 0, 22);
    port_pokew(MEM_FP_SEG(b), (u16)(MEM_FP_OFF(b) + MEM_PKT_OFF_CAP), 4000);
    port_pokew(MEM_FP_SEG(b), (u16)(MEM_FP_OFF(b) + MEM_PKT_OFF_LEN), 3000);
    calls = sim_counters()->xms;
    assert_int_equal(mod_xms_park(b), MEM_E_CORRUPT);
    assert_true(sim_counters()->xms == calls);
    port_pokew(MEM_FP_SEG(b), (u16)(MEM_FP_OFF(b) + MEM_PKT_OFF_CAP), 1568);
    port_pokew(MEM_FP_SEG(b), (u16)(MEM_FP_OFF(b) + MEM_PKT_OFF_LEN), 1514);
    assert_int_equal(pool_pkt_free_c(b), 0);
    assert_int_equal(mod_xms_unpark((u16)tc, near_fp(&q)), MEM_OK);
    assert_true(pkt_same(q, 1500, 0, 21));
    assert_int_equal(pool_pkt_free_c(q), 0);
}

/* The store is the module's own: no slot of the handle table holds it,
 * so no handle value reaches it through any entry. */
static void t_park_store_private(void **state)
{
    u8 d[16];
    mem_fp_t q;
    u32 phys;
    unsigned bad = 0, g, i;
    int t, h;
    (void)state;
    boot_pools(NULL);
    h = mod_xms_alloc(1);                   /* a slot in use beside it */
    assert_true(h > 0);
    t = mod_xms_park(pkt_make2(700, 701, 0, 30));
    assert_true(t > 0);
    assert_true(xms_park_xh != 0);
    for (i = 0; i < MEM_XMS_HANDLES; i++)
        assert_true(xms_tab[i].xh != xms_park_xh);
    assert_int_equal(mod_xms_free((u16)h), MEM_OK);
    for (i = 0; i < 256; i++)
        for (g = 0; g < 256; g++) {
            u16 v = (u16)((g << 8) | i);
            if (mod_xms_free(v) != MEM_E_XMS_BAD_HANDLE
                || mod_xms_realloc(v, 1) != MEM_E_XMS_BAD_HANDLE
                || mod_xms_lock(v, near_fp(&phys)) != MEM_E_XMS_BAD_HANDLE
                || mod_xms_unlock(v) != MEM_E_XMS_BAD_HANDLE
                || mod_xms_handle_info(v, near_fp(d)) != MEM_E_XMS_BAD_HANDLE
                || move(2, 0, MEM_FP(CONV_SEG, 0), v, 0) != (v ? MEM_E_XMS_BAD_DST_HANDLE : MEM_OK)
                || (v && move(2, v, 0, 0, MEM_FP(CONV_SEG, 0)) != MEM_E_XMS_BAD_SRC_HANDLE))
                bad++;
        }
    assert_int_equal(bad, 0);
    assert_int_equal(mod_xms_unpark((u16)t, near_fp(&q)), MEM_OK);
    assert_true(pkt_same(q, 701, 0, 30));
    assert_int_equal(pool_pkt_free_c(q), 0);
}

/* Park and unpark each make one driver call (the store aside): an odd
 * frame is moved as an even length, never through the odd-byte word. */
static void t_park_one_call(void **state)
{
    mem_fp_t q;
    unsigned long moves;
    int t;
    (void)state;
    boot_pools(NULL);
    t = mod_xms_park(pkt_make2(64, 1, 0, 1));   /* takes the store */
    assert_true(t > 0);
    assert_int_equal(mod_xms_unpark((u16)t, near_fp(&q)), MEM_OK);
    assert_int_equal(pool_pkt_free_c(q), 0);
    moves = sim_counters()->xms_fn[0x0B];
    t = mod_xms_park(pkt_make2(1514, 1513, 0, 2));
    assert_true(t > 0);
    assert_true(sim_counters()->xms_fn[0x0B] == moves + 1);
    assert_int_equal(mod_xms_unpark((u16)t, near_fp(&q)), MEM_OK);
    assert_true(sim_counters()->xms_fn[0x0B] == moves + 2);
    assert_true(pkt_same(q, 1513, 0, 2));
    assert_int_equal(pool_pkt_free_c(q), 0);
    assert_int_equal(sim_counters()->xms_errors, 0);
}

/* Parked buffers forgotten at unload: the store goes with the handles. */
static void t_park_forgotten(void **state)
{
    (void)state;
    boot_pools(NULL);
    assert_true(mod_xms_park(pkt_make(300, 0, 5)) > 0);
    assert_true(mod_xms_park(pkt_make(301, 0, 6)) > 0);
    assert_int_equal(sim_xms_handles_used(), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(t_inc_matches_header),
        cmocka_unit_test_teardown(t_detect_spec, teardown),
        cmocka_unit_test_teardown(t_no_driver, teardown),
        cmocka_unit_test_teardown(t_cfg_no_xms, teardown),
        cmocka_unit_test_teardown(t_v2_driver_16bit, teardown),
        cmocka_unit_test_teardown(t_286_16bit, teardown),
        cmocka_unit_test_teardown(t_386_32bit, teardown),
        cmocka_unit_test_teardown(t_odd_spec, teardown),
        cmocka_unit_test_teardown(t_odd_dosbox, teardown),
        cmocka_unit_test_teardown(t_overlap_spec, teardown),
        cmocka_unit_test_teardown(t_overlap_dosbox, teardown),
        cmocka_unit_test_teardown(t_ranges, teardown),
        cmocka_unit_test_teardown(t_lock_overflow_spec, teardown),
        cmocka_unit_test_teardown(t_lock_overflow_dosbox, teardown),
        cmocka_unit_test_teardown(t_free_locked, teardown),
        cmocka_unit_test_teardown(t_handle_table_full, teardown),
        cmocka_unit_test_teardown(t_driver_exhausted, teardown),
        cmocka_unit_test_teardown(t_every_error_code, teardown),
        cmocka_unit_test_teardown(t_isr_guard, teardown),
        cmocka_unit_test_teardown(t_umb, teardown),
        cmocka_unit_test_teardown(t_no_umb_driver, teardown),
        cmocka_unit_test_teardown(t_unload_spec, teardown),
        cmocka_unit_test_teardown(t_unload_dosbox, teardown),
        cmocka_unit_test_teardown(t_status, teardown),
        cmocka_unit_test_teardown(t_park_spec, teardown_pools),
        cmocka_unit_test_teardown(t_park_dosbox, teardown_pools),
        cmocka_unit_test_teardown(t_park_fallback, teardown_pools),
        cmocka_unit_test_teardown(t_park_xms_full, teardown_pools),
        cmocka_unit_test_teardown(t_park_move_fails, teardown_pools),
        cmocka_unit_test_teardown(t_park_store_full, teardown_pools),
        cmocka_unit_test_teardown(t_unpark_no_buffer, teardown_pools),
        cmocka_unit_test_teardown(t_park_bad_input, teardown_pools),
        cmocka_unit_test_teardown(t_park_big_frames, teardown_pools),
        cmocka_unit_test_teardown(t_park_refused_early, teardown_pools),
        cmocka_unit_test_teardown(t_park_store_private, teardown_pools),
        cmocka_unit_test_teardown(t_park_one_call, teardown_pools),
        cmocka_unit_test_teardown(t_park_forgotten, teardown_pools),
    };
    return cmocka_run_group_tests(tests, NULL, group_teardown);
}
