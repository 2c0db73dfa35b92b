/*
 * t_high.c - where mem_load puts the module's own block, in every DOSBox
 * configuration:
 *   - in a UMB when one is large enough: DOS 5+ with DOS=UMB takes the
 *     whole image there (init included) and drops the init part in place;
 *     otherwise init runs low and the resident part moves into a UMB from
 *     DOS or from the XMS driver (function 10h), and the low block is
 *     freed;
 *   - in conventional memory otherwise, and always with MEM_CFG_NO_UMB;
 *     MEM_CFG_NO_XMS keeps the XMS driver's UMBs out of it;
 *   - DOS 5+: the allocation strategy and the UMB link state as they were;
 *   - the module works from wherever it landed: pools, packet buffers and
 *     the register entries, copies, the ISR bracket, the pool service and
 *     statistics, DMA buffers and mappings, XMS moves and parking, before
 *     and after the seal.  After a move the old low block is taken by the
 *     test and filled with HLT bytes: a jump into it would hang (the
 *     runner's time limit fails the test), a read would get garbage, and a
 *     write is seen when the filling is checked afterwards;
 *   - mem_info counts the module's block where it is (compared with the
 *     MCB chain on DOS 5+);
 *   - the seal shrinks a DOS block (4Ah, in a UMB too); an XMS UMB is
 *     shrunk with XMS 12h when the driver has it, else kept as it is;
 *   - unload gives every byte back, conventional and upper memory, an XMS
 *     UMB through the driver (no DOS call on it).
 * The paths a configuration would not take by itself are steered with the
 * INT 21h spy (i21spy.asm): failing the first 48h of the whole image
 * leaves a UMB only for the resident part (moved into a DOS UMB); failing
 * also 48h of the resident part leaves only the XMS driver's UMBs.  DOSBox
 * 0.74's XMS 10h/11h take their UMBs from the DOS chain without INT 21h,
 * so the spy sees none of the driver's work.
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "module_abi.h"
#include "port.h"

extern unsigned dt_i21_log[], dt_i21_nlog, dt_i21_fail_bx[2], dt_i21_fail_n[2];
void dt_i21_spy(int on);
mem_fp_t dt_small_take(unsigned size, unsigned *kept);
int dt_small_give(mem_fp_t p, unsigned *kept);
mem_fp_t dt_pkt_take(unsigned len, unsigned *kept);
int dt_pkt_give(mem_fp_t p, unsigned *kept);

#define UMB_SEG 0xA000u
#define DT_I21_LOG 160          /* entries the spy keeps (i21spy.asm) */
#define BIG_UMB 0x1800u         /* 96 KB: the image and every default pool */

/* Where a load is expected to put the block. */
#define AT_LOW      0           /* conventional memory */
#define AT_DIRECT   1           /* DOS UMB of the whole image, init there */
#define AT_MOVED    2           /* init low, moved into a DOS UMB */
#define AT_XMS      3           /* init low, moved into an XMS UMB */
#define AT_ANY      4           /* no expectation: only the invariants */
static const char *at_name[] = { "low", "DOS UMB", "moved to a DOS UMB",
                                 "moved to an XMS UMB", "any" };

/* Steering (the spy's fail rules). */
#define STEER_NONE  0
#define STEER_SHORT 1           /* the first 48h of total_paras fails */
#define STEER_NODOS 2           /* and every 48h of resident_paras */

static unsigned dosver, psp, res_paras, tot_paras;
static unsigned xms_seg, xms_off;
static int has_xms;
static struct mem_module m;
static struct mem_info info;
static struct mem_dma_constraints k;
static struct mem_dma_buf db;
static struct mem_dma_map map;
static struct mem_pool_stats st;
static unsigned char src[1600], dst[1600];

static mem_fp_t fp_of(void *p)
{
    return MEM_FP(port_ds(), (unsigned)p);
}

static void rz(struct port_regs *r)
{
    r->ax = r->bx = r->cx = r->dx = r->si = r->di = r->ds = r->es = 0;
    r->flags = 0;
}

static void dos(struct port_regs *r)
{
    port_int(0x21, r);
}

/* ------------------------------------------------------ the machine */

static unsigned strategy(void)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x5800;
    dos(&r);
    return r.ax & 0xFF;
}

static int umb_link(void)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x5802;
    dos(&r);
    return (r.flags & PORT_CF) ? -1 : (int)(r.ax & 0xFF);
}

static int set_link(int on)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x5803;
    r.bx = (unsigned)on;
    dos(&r);
    return (r.flags & PORT_CF) ? -1 : 0;
}

static void set_strategy(unsigned s)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x5801;
    r.bx = s;
    dos(&r);
}

/* Largest free DOS UMB in paragraphs (DOS 5+ with DOS=UMB), else 0. */
static unsigned umb_dos_largest(void)
{
    struct port_regs r;
    unsigned st0, n = 0;
    int link;

    if (dosver < 0x0500)
        return 0;
    st0 = strategy();
    link = umb_link();
    if (link < 0 || set_link(1) < 0)
        return 0;
    set_strategy(0x40);
    rz(&r);
    r.ax = 0x4800;
    r.bx = 0xFFFF;
    dos(&r);
    if (r.flags & PORT_CF)
        n = r.bx;
    set_strategy(st0);
    set_link(link);
    return n;
}

static int xms_call(unsigned ah, unsigned dx, unsigned bx, struct port_regs *r)
{
    rz(r);
    r->ax = ah << 8;
    r->dx = dx;
    r->bx = bx;
    port_farcall(xms_seg, xms_off, r);
    return r->ax == 1;
}

/* Largest free UMB the XMS driver gives (function 10h), else 0. */
static unsigned umb_xms_largest(void)
{
    struct port_regs r;

    if (!has_xms)
        return 0;
    if (xms_call(0x10, 0xFFFF, 0, &r)) {       /* cannot be, but be fair */
        xms_call(0x11, r.bx, 0, &r);
        return 0xFFFF;
    }
    return (r.bx & 0xFF) == 0xB0 ? r.dx : 0;
}

/* 1 when the XMS driver resizes a UMB (function 12h), probed on a UMB
 * of its own; DOSBox 0.74 answers 80h (not implemented). */
static int xms_has_12h(void)
{
    struct port_regs r;
    unsigned seg;
    int ok;

    if (!has_xms || !xms_call(0x10, 2, 0, &r))
        return 0;
    seg = r.bx;
    ok = xms_call(0x12, seg, 1, &r);
    xms_call(0x11, seg, 0, &r);
    return ok;
}

static unsigned mcb_paras(unsigned seg)
{
    return port_peekw(seg - 1, 3);
}

/* Paragraphs of the blocks this program's PSP owns besides its own block
 * and environment (the module, its arenas) below A000h (umb = 0) or above,
 * from the MCB chain with the UMBs linked in (DOS 5+); skip is a block of
 * the test's own. */
static unsigned held_paras(int umb, unsigned skip)
{
    struct port_regs r;
    unsigned seg, n = 0, env = port_peekw(psp, 0x2C), i;
    int link = umb_link();

    if (link == 0)
        set_link(1);
    rz(&r);
    r.ax = 0x5200;
    dos(&r);
    seg = port_peekw(r.es, r.bx - 2);
    for (i = 0; i < 400; i++) {
        unsigned char sig = port_peekb(seg, 0);
        unsigned owner = port_peekw(seg, 1), size = port_peekw(seg, 3);
        if (sig != 'M' && sig != 'Z')
            break;
        if (owner == psp && seg + 1 != psp && seg + 1 != env && seg + 1 != skip &&
            ((seg + 1 >= UMB_SEG) == (umb != 0)))
            n += size;
        if (sig == 'Z')
            break;
        seg += size + 1;
    }
    if (link == 0)
        set_link(0);
    return n;
}

/* Index of the first logged call matching (0xFFFF: any), or -1. */
static int logged(unsigned ah, unsigned bx, unsigned es, unsigned cf, unsigned ax_out)
{
    unsigned i;
    for (i = 0; i < dt_i21_nlog; i++) {
        unsigned *e = &dt_i21_log[6 * i];
        if ((e[0] >> 8) == ah && (bx == 0xFFFF || e[1] == bx) &&
            (es == 0xFFFF || e[2] == es) && (cf == 0xFFFF || e[5] == cf) &&
            (ax_out == 0xFFFF || e[3] == ax_out))
            return (int)i;
    }
    return -1;
}

static void read_header(void)
{
    struct port_regs r;
    static unsigned char h[MOD_HDR_SIZE];
    unsigned fh;

    rz(&r);
    r.ax = 0x3D00;
    r.dx = (unsigned)"MEMPOOL.MOD";
    dos(&r);
    DT_CHECK(!(r.flags & PORT_CF), "open MEMPOOL.MOD");
    fh = r.ax;
    rz(&r);
    r.ax = 0x3F00;
    r.bx = fh;
    r.cx = MOD_HDR_SIZE;
    r.dx = (unsigned)h;
    dos(&r);
    DT_EQ(r.ax, MOD_HDR_SIZE, "read its header");
    rz(&r);
    r.ax = 0x3E00;
    r.bx = fh;
    dos(&r);
    res_paras = h[22] | (h[23] << 8);
    tot_paras = h[24] | (h[25] << 8);
}

/* --------------------------------------------------------- the work */

/* A driver's set-up before it seals: a DMA tag and an XMS block. */
static int setup(int *xh)
{
    int tag;

    memset(&k, 0, sizeof(k));
    DT_EQ(mem_dma_preset(MEM_DMA_3C515_BUF, fp_of(&k)), MEM_OK, "set-up: DMA preset");
    k.count = 3;
    tag = mem_dma_tag_create(fp_of(&k));
    DT_CHECK(tag > 0, "set-up: DMA tag");
    *xh = (info.flags & MEM_INFO_XMS) ? mem_xms_alloc((mem_u32)4) : 0;
    if (info.flags & MEM_INFO_XMS)
        DT_CHECK(*xh > 0, "set-up: XMS block");
    return tag;
}

/* The essentials of the other tests, run against the module wherever it
 * is: every run-time part, and before the seal the set-up part. */
static void exercise(int tag, int xh, int sealed)
{
    static const unsigned sizes[5] = { 16, 32, 64, 128, 256 };
    struct mem_xms_move mv;
    struct mem_dma_stats ds;
    mem_fp_t s[5], p, q, back;
    unsigned i, kept, bad = 0;
    int t;

    DT_EQ(mem_version(), MEM_API_VERSION, "mem_version");
    DT_CHECK((mem_cpu() & 0xFF) >= MEM_CPU_286, "mem_cpu");
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    DT_EQ(mem_info(fp_of(&info)), MEM_OK, "mem_info");
    DT_EQ(info.module_seg, m.seg, "mem_info: module_seg");
    DT_EQ(info.api_version, MEM_API_VERSION, "mem_info: api_version");
    DT_EQ(info.cpu, mem_cpu() & 0xFF, "mem_info: the CPU mem_cpu names");
    DT_EQ(info.dos_version, dosver, "mem_info: the DOS version");

    /* copies */
    for (i = 0; i < sizeof(src); i++)
        src[i] = (unsigned char)(i * 13 + 5);
    memset(dst, 0, sizeof(dst));
    mem_copy(fp_of(dst), fp_of(src), (mem_u16)1514);
    DT_EQ(memcmp(dst, src, 1514), 0, "mem_copy");
    mem_move(fp_of(dst + 3), fp_of(dst), (mem_u16)1000);
    DT_EQ(memcmp(dst + 3, src, 1000), 0, "mem_move, overlapping upwards");
    mem_copy32(fp_of(dst), fp_of(src), (mem_u32)1600);
    DT_EQ(mem_compare(fp_of(dst), fp_of(src), (mem_u16)1600), 0, "mem_copy32, mem_compare");
    mem_fill(fp_of(dst), (mem_u8)0x5A, (mem_u16)700);
    DT_CHECK(dst[0] == 0x5A && dst[699] == 0x5A && dst[700] == src[700], "mem_fill");
    DT_CHECK(mem_compare(fp_of(dst), fp_of(src), (mem_u16)10) != 0, "mem_compare sees a difference");

    /* pools through the stubs and the register entries */
    for (i = 0; i < 5; i++) {
        s[i] = mem_small_alloc((mem_u16)sizes[i]);
        if (s[i] == MEM_FP_NULL)
            bad++;
        else
            mem_fill(s[i], (mem_u8)i, (mem_u16)sizes[i]);
    }
    for (i = 0; i < 5; i++)
        if (s[i] != MEM_FP_NULL &&
            (port_peekb(MEM_FP_SEG(s[i]), MEM_FP_OFF(s[i]) + sizes[i] - 1) != i ||
             mem_small_free(s[i]) != MEM_OK))
            bad++;
    DT_EQ(bad, 0, "small objects of every class: alloc, write, free");
    if (s[0] != MEM_FP_NULL)
        DT_EQ(mem_small_free(s[0]), MEM_E_DOUBLEFREE, "double free refused");
    p = dt_small_take(40, &kept);
    DT_CHECK(p != MEM_FP_NULL && kept, "mem_small_take (register entry)");
    DT_EQ(dt_small_give(p, &kept), MEM_OK, "mem_small_give (register entry)");
    DT_CHECK(kept, "mem_small_give keeps its registers");
    p = dt_pkt_take(1514, &kept);
    DT_CHECK(p != MEM_FP_NULL && kept, "mem_pkt_take (register entry)");
    DT_EQ(dt_pkt_give(p, &kept), MEM_OK, "mem_pkt_give (register entry)");
    p = mem_pkt_alloc((mem_u16)1514);
    q = mem_pkt_alloc((mem_u16)60);
    DT_CHECK(p != MEM_FP_NULL && q != MEM_FP_NULL, "packet buffers");
    if (p != MEM_FP_NULL && q != MEM_FP_NULL) {
        mem_copy(MEM_FP(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_DATA), fp_of(src), (mem_u16)1514);
        DT_EQ(mem_compare(MEM_FP(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_DATA), fp_of(src),
                          (mem_u16)1514), 0, "a frame in a packet buffer");
        DT_EQ(mem_pkt_ref(p), 2, "mem_pkt_ref");
        DT_EQ(mem_pkt_free(p), 1, "mem_pkt_free drops a reference");
        DT_EQ(mem_pkt_free(p), 0, "mem_pkt_free frees");
        DT_EQ(mem_pkt_free(q), 0, "short packet freed");
    }

    /* the ISR bracket */
    mem_isr_enter();
    p = mem_small_alloc((mem_u16)20);
    t = mem_pool_service();
    mem_isr_leave();
    DT_EQ(t, MEM_E_BUSY, "a task call inside the ISR bracket: MEM_E_BUSY");
    DT_CHECK(p != MEM_FP_NULL, "an ISR-safe call inside the bracket");
    mem_small_free(p);

    /* service and statistics */
    DT_CHECK(mem_pool_service() >= 0, "mem_pool_service");
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    DT_EQ(mem_pool_stats((mem_u16)MEM_POOL_PKT, fp_of(&st)), MEM_OK, "mem_pool_stats");
    DT_EQ(st.used, 0, "every packet buffer back");

    /* DMA */
    if (tag > 0) {
        DT_EQ(mem_dma_alloc(tag, fp_of(&db)), MEM_OK, "DMA buffer");
        DT_EQ(db.phys, MEM_FP_LINEAR(db.buf), "its physical address (real mode)");
        DT_EQ(mem_dma_free(db.handle), MEM_OK, "DMA buffer back");
        p = mem_pkt_alloc((mem_u16)600);
        DT_EQ(mem_dma_map(tag, MEM_FP(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_DATA),
                          (mem_u16)600, fp_of(&map)), MEM_OK, "mem_dma_map");
        DT_EQ(mem_dma_sync(fp_of(&map), MEM_DMA_TO_DEVICE), MEM_OK, "mem_dma_sync");
        DT_EQ(mem_dma_unmap(fp_of(&map)), MEM_OK, "mem_dma_unmap");
        mem_pkt_free(p);
        memset(&ds, 0, sizeof(ds));
        ds.size = sizeof(ds);
        DT_EQ(mem_dma_stats(tag, fp_of(&ds)), MEM_OK, "mem_dma_stats");
        DT_EQ(ds.maps, 0, "no mapping left");
        DT_EQ(ds.free, ds.count, "every DMA buffer back");
    }

    /* XMS */
    if (xh > 0) {
        memset(&mv, 0, sizeof(mv));
        mv.length = 1000;
        mv.src = MEM_XMS_CONV;
        mv.src_off = fp_of(src);
        mv.dst = (mem_xms_t)xh;
        mv.dst_off = 2;
        DT_EQ(mem_xms_move(fp_of(&mv)), MEM_OK, "XMS move out");
        memset(dst, 0, sizeof(dst));
        mv.src = (mem_xms_t)xh;
        mv.src_off = 2;
        mv.dst = MEM_XMS_CONV;
        mv.dst_off = fp_of(dst);
        DT_EQ(mem_xms_move(fp_of(&mv)), MEM_OK, "XMS move back");
        DT_EQ(memcmp(dst, src, 1000), 0, "XMS round trip");
        p = mem_pkt_alloc((mem_u16)300);
        mem_copy(MEM_FP(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_DATA), fp_of(src), (mem_u16)300);
        t = mem_xms_park(p);
        DT_CHECK(t > 0, "mem_xms_park");
        back = MEM_FP_NULL;
        if (t > 0) {
            DT_EQ(mem_xms_unpark((mem_u16)t, fp_of(&back)), MEM_OK, "mem_xms_unpark");
            DT_EQ(mem_compare(MEM_FP(MEM_FP_SEG(back), MEM_FP_OFF(back) + MEM_PKT_DATA),
                              fp_of(src), (mem_u16)300), 0, "the parked frame comes back");
            mem_pkt_free(back);
        }
    }

    /* the set-up part: there before the seal, gone after it */
    if (!sealed) {
        DT_EQ(mem_pool_check(), MEM_OK, "mem_pool_check");
    } else {
        DT_EQ(mem_pool_check(), MEM_E_STATE, "sealed: mem_pool_check is gone");
        DT_EQ(mem_dma_preset(MEM_DMA_3C515_BUF, fp_of(&k)), MEM_E_STATE,
              "sealed: mem_dma_preset is gone");
    }
}

/* mem_info's figures against the MCB chain (DOS 5+: the UMBs linked in),
 * the module's own block (blk paragraphs) included. */
static void info_matches_chain(unsigned blk, unsigned skip, const char *when)
{
    unsigned conv, umb;
    char what[80];

    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    DT_EQ(mem_info(fp_of(&info)), MEM_OK, "mem_info");
    if (m.seg >= UMB_SEG)
        DT_CHECK(info.umb_paras >= blk, "mem_info: umb_paras holds the module's block");
    else
        DT_CHECK(info.conv_paras >= blk, "mem_info: conv_paras holds the module's block");
    if (dosver < 0x0500)
        return;
    conv = held_paras(0, skip);
    umb = held_paras(1, skip);
    sprintf(what, "%s: mem_info conv_paras = the chain's blocks below A000h", when);
    DT_EQ(info.conv_paras, conv, what);
    sprintf(what, "%s: mem_info umb_paras = the chain's blocks in upper memory", when);
    DT_EQ(info.umb_paras, umb, what);
}

/* Take the old low block of a moved module (DOS first fit gives the same
 * place back) and fill it with HLT.  Its segment, 0 if it was not the
 * old block. */
static unsigned poison(unsigned old)
{
    struct port_regs r;
    unsigned i;

    rz(&r);
    r.ax = 0x4800;
    r.bx = tot_paras;
    dos(&r);
    if (r.flags & PORT_CF)
        return 0;
    DT_EQ(r.ax, old, "the old low block is free again (first fit gives it back)");
    for (i = 0; i < tot_paras * 8u; i++)
        port_pokew(r.ax, i * 2, 0xF4F4u);
    return r.ax;
}

static unsigned poison_intact(unsigned seg)
{
    unsigned i, bad = 0;
    for (i = 0; i < tot_paras * 8u; i++)
        if (port_peekw(seg, i * 2) != 0xF4F4u)
            bad++;
    return bad;
}

static void one(const char *name, unsigned flags, int steer, int expect)
{
    struct mem_config cfg;
    struct port_regs r;
    unsigned conv0, udos0, uxms0, st0 = 0, sealed, old = 0, pois = 0;
    unsigned kept_paras, seg;
    int link0 = 0, rc, tag, xh, at, i;
    int h12 = xms_has_12h();

    printf("%s (expect %s)\n", name, at_name[expect]);
    memset(&cfg, 0, sizeof(cfg));
    cfg.size = sizeof(cfg);
    cfg.flags = flags;
    conv0 = dt_dos_largest();
    udos0 = umb_dos_largest();
    uxms0 = umb_xms_largest();
    if (dosver >= 0x0500) {
        st0 = strategy();
        link0 = umb_link();
    }
    dt_i21_fail_bx[0] = tot_paras;
    dt_i21_fail_n[0] = steer >= STEER_SHORT ? 1 : 0;
    dt_i21_fail_bx[1] = res_paras;
    dt_i21_fail_n[1] = steer >= STEER_NODOS ? 0xFFFF : 0;
    dt_i21_spy(1);
    rc = mem_load("MEMPOOL.MOD", &cfg, &m);
    dt_i21_spy(0);
    dt_i21_fail_n[0] = dt_i21_fail_n[1] = 0;
    DT_CHECK(dt_i21_nlog < DT_I21_LOG, "the spy logged every DOS memory call of the load");
    DT_EQ(rc, MEM_OK, "mem_load");
    if (rc != MEM_OK)
        return;

    /* where it went, by the DOS calls the loader made */
    if (m.seg < UMB_SEG)
        at = AT_LOW;
    else if (logged(0x48, tot_paras, 0xFFFF, 0, m.seg) >= 0)
        at = AT_DIRECT;
    else if (logged(0x48, res_paras, 0xFFFF, 0, m.seg) >= 0)
        at = AT_MOVED;
    else
        at = AT_XMS;
    printf("  module at %04X (%s), %u paragraphs; UMBs before: DOS %u, XMS %u paragraphs\n",
           m.seg, at_name[at], m.paras, udos0, uxms0);
    if (expect != AT_ANY)
        DT_EQ(at, expect, "the module's block is where it should be");
    if (at == AT_LOW && !(flags & MEM_CFG_NO_UMB) && !(flags & MEM_CFG_NO_XMS) &&
        steer == STEER_NONE) {
        DT_CHECK(umb_dos_largest() < res_paras && umb_xms_largest() < res_paras,
                 "low only when no UMB would hold the resident part");
    }
    if (dosver >= 0x0500) {
        DT_EQ(strategy(), st0, "allocation strategy as it was");
        DT_EQ(umb_link(), link0, "UMB link state as it was");
    } else {
        DT_CHECK(logged(0x58, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF) < 0,
                 "DOS before 5: no strategy or UMB link call");
    }
    if (at != AT_XMS) {
        DT_EQ(m.paras, res_paras, "the block holds the resident part");
        DT_EQ(mcb_paras(m.seg), res_paras, "DOS block shrunk to the resident part (MCB)");
        DT_EQ(port_peekw(m.seg - 1, 1), psp, "owned by this program (MCB)");
        DT_CHECK(logged(0x4A, res_paras, m.seg, 0, 0xFFFF) >= 0 || at == AT_MOVED,
                 "init part dropped in place (4Ah)");
    } else {
        DT_CHECK(m.paras >= res_paras, "the XMS UMB holds the resident part");
        DT_CHECK(logged(0x49, 0xFFFF, m.seg, 0xFFFF, 0xFFFF) < 0 &&
                 logged(0x4A, 0xFFFF, m.seg, 0xFFFF, 0xFFFF) < 0,
                 "no DOS call on the XMS UMB");
    }
    if (at == AT_MOVED || at == AT_XMS) {
        i = logged(0x48, tot_paras, 0xFFFF, 0, 0xFFFF);
        DT_CHECK(i >= 0, "init ran in a low block");
        if (i >= 0) {
            old = dt_i21_log[6 * i + 3];
            DT_CHECK(old < UMB_SEG, "the init block was low");
            DT_CHECK(logged(0x4A, res_paras, old, 0, 0xFFFF) >= 0, "init part dropped there");
            DT_CHECK(logged(0x49, 0xFFFF, old, 0, 0xFFFF) >= 0, "the low block freed after the move");
            pois = poison(old);
            DT_CHECK(pois != 0, "the old low block filled with HLT");
        }
    }

    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    DT_EQ(mem_info(fp_of(&info)), MEM_OK, "mem_info");
    tag = setup(&xh);
    exercise(tag, xh, 0);
    info_matches_chain(m.paras, pois, "loaded");

    /* the seal */
    kept_paras = m.paras;
    dt_i21_spy(1);
    rc = mem_seal((mem_u16)0);
    dt_i21_spy(0);
    DT_EQ(rc, MEM_OK, "mem_seal");
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    mem_info(fp_of(&info));
    sealed = info.resident_bytes >> 4;
    DT_CHECK(sealed < res_paras, "the seal keeps less than the resident part");
    if (at != AT_XMS) {
        DT_EQ(mcb_paras(m.seg), sealed, "the seal shrank the DOS block (MCB)");
        DT_CHECK(logged(0x4A, sealed, m.seg, 0, 0xFFFF) >= 0, "by 4Ah");
    } else {
        DT_CHECK(logged(0x4A, 0xFFFF, m.seg, 0xFFFF, 0xFFFF) < 0, "no 4Ah on an XMS UMB");
        /* DOSBox's XMS UMBs are DOS blocks: their MCB shows the size */
        DT_EQ(mcb_paras(m.seg), h12 ? sealed : kept_paras,
              h12 ? "XMS 12h shrank the UMB" : "no XMS 12h: the UMB stays as it was");
    }
    printf("  sealed: %u -> %u paragraphs%s\n", kept_paras, mcb_paras(m.seg),
           at == AT_XMS && !h12 ? " (kept: the XMS driver has no 12h)" : "");
    exercise(tag, xh, 1);
    info_matches_chain(at != AT_XMS || h12 ? sealed : kept_paras, pois, "sealed");
    if (pois != 0) {
        DT_EQ(poison_intact(pois), 0, "nothing wrote into the old low block");
        rz(&r);
        r.ax = 0x4900;
        r.es = pois;
        dos(&r);
    }

    /* unload: every byte back */
    if (tag > 0)
        DT_EQ(mem_dma_tag_destroy(tag), MEM_E_STATE, "sealed: tag destroy is set-up, gone");
    seg = m.seg;
    dt_i21_spy(1);
    rc = mem_unload(&m);
    dt_i21_spy(0);
    DT_EQ(rc, MEM_OK, "mem_unload");
    if (at == AT_XMS)
        DT_CHECK(logged(0x49, 0xFFFF, seg, 0xFFFF, 0xFFFF) < 0,
                 "the XMS UMB is not given to DOS 49h (XMS 11h frees it)");
    else
        DT_CHECK(logged(0x49, 0xFFFF, seg, 0, 0xFFFF) >= 0, "the DOS block freed (49h)");
    DT_EQ(dt_dos_largest(), conv0, "unload: conventional memory all back");
    DT_EQ(umb_dos_largest(), udos0, "unload: DOS upper memory all back");
    DT_EQ(umb_xms_largest(), uxms0, "unload: the XMS driver's upper memory all back");
}

int main(void)
{
    struct port_regs r;
    unsigned udos, uxms;
    int big_dos, big_xms;

    dt_init("t_high: the module's own block in upper memory");
    rz(&r);
    r.ax = 0x3000;
    dos(&r);
    dosver = ((r.ax & 0xFF) << 8) | (r.ax >> 8);
    rz(&r);
    r.ax = 0x6200;
    dos(&r);
    psp = r.bx;
    has_xms = dt_xms_entry(&xms_seg, &xms_off);
    read_header();
    udos = umb_dos_largest();
    uxms = umb_xms_largest();
    big_dos = udos >= BIG_UMB;
    big_xms = uxms >= BIG_UMB;
    printf("DOS %u.%02u, XMS %s, largest UMB: DOS %u, XMS %u paragraphs;"
           " module: %u resident, %u in all\n", dosver >> 8, dosver & 0xFF,
           has_xms ? "yes" : "no", udos, uxms, res_paras, tot_paras);

    one("default", 0, STEER_NONE,
        big_dos ? AT_DIRECT : big_xms ? AT_XMS : (udos | uxms) == 0 ? AT_LOW : AT_ANY);
    one("MEM_CFG_NO_UMB", MEM_CFG_NO_UMB, STEER_NONE, AT_LOW);
    if (big_dos) {
        one("UMB too small for the image", 0, STEER_SHORT, AT_MOVED);
        if (big_xms) {
            one("only the XMS driver's UMBs", 0, STEER_NODOS, AT_XMS);
            one("only the XMS driver's UMBs, MEM_CFG_NO_XMS", MEM_CFG_NO_XMS,
                STEER_NODOS, AT_LOW);
        }
    } else if (big_xms) {
        one("MEM_CFG_NO_XMS", MEM_CFG_NO_XMS, STEER_NONE, AT_LOW);
    }
    return dt_done();
}
