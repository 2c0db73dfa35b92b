/*
 * t_seal.c - mem_seal through the module's far table in DOSBox: for each
 * choice of run-time groups to drop, a driver's set-up (a DMA tag, pools
 * in use, an XMS handle), the seal, then
 *   - the module's DOS block shrunk to what the seal kept, smaller with
 *     every group dropped;
 *   - every kept entry working: pools, packet buffers, copies, DMA buffers,
 *     and per kept group map/sync/unmap, mem_pool_service, statistics,
 *     XMS moves and park;
 *   - every dropped entry and every set-up entry answering MEM_E_STATE and
 *     changing nothing (the module's whole block compared byte by byte);
 * and the refusals: sealing twice, inside the ISR bracket, unknown bits,
 * dropping MAP while a mapping is live, XMS while a handle is held or a
 * buffer is parked (after the seal only the XMS group could give them
 * back).  Unload after the seal gives every byte back, and every KB of XMS
 * (asked of DOSBox's driver itself): the handles a seal kept, the park
 * store, which a seal that drops XMS gives back when it is empty.
 * And the module's private stack (the last stack_bytes of its block): the
 * deepest the set-up calls, and then every kept entry and unload, write
 * into it leaves at least MOD_STACK_ALLOW bytes (an XMS driver's 256 and
 * an interrupt's room) untouched, before the seal and after.
 *
 * The module is loaded low (MEM_CFG_NO_UMB) so that every configuration
 * measures the seal by its DOS block: in dos33 it would otherwise land in
 * an XMS UMB, which DOSBox cannot shrink (no XMS 12h) and the library
 * keeps as it is.  t_high.c seals the module in each kind of UMB.
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "mem_api_idx.h"
#include "module_abi.h"
#include "mod_sizes.h"
#include "port.h"

#ifndef MOD_STACK_ALLOW
#error "MOD_STACK_ALLOW: the Makefile passes the module's value"
#endif

struct api_row { char *name; int kind, words, ctx, ret, grp; };
static struct api_row rows[] = MEM_API_ROWS;
typedef int (*stub_fn)(void);
static stub_fn stubs[MEM_API_COUNT + 1];

static struct mem_module m;
static struct mem_config low;       /* MEM_CFG_NO_UMB */
static struct mem_dma_constraints k;
static struct mem_dma_buf db;
static struct mem_dma_map map;
static struct mem_pool_stats st;
static struct mem_dma_stats ds;
static struct mem_info info;
static unsigned char snap[32768u];
static unsigned char src[1600], dst[1600];
static unsigned xseg, xoff;

/* The XMS driver's entry point (0:0 without one). */
static void x_detect(void)
{
    dt_xms_entry(&xseg, &xoff);
}

/* Total free XMS in KB as the driver says (08h), 0 without a driver. */
static unsigned x_free(void)
{
    struct port_regs r;
    if (xseg == 0 && xoff == 0)
        return 0;
    memset(&r, 0, sizeof(r));
    r.ax = 0x0800;
    port_farcall(xseg, xoff, &r);
    return (r.bx & 0xFF) == 0xA0 ? 0 : r.dx;
}

static mem_fp_t fp_of(void *p)
{
    return MEM_FP(port_ds(), (unsigned)p);
}

/* Paragraphs of the DOS block at seg (its MCB). */
static unsigned block_paras(unsigned seg)
{
    return port_peekw(seg - 1, 3);
}

/* The module's private stack: the last stack_bytes (its header) of the
 * block (dt_stk_fill, dt_stk_used). */
static unsigned stk_size, stk_worst;

static void stk_fill(void)
{
    stk_size = dt_stk_fill(m.seg, block_paras(m.seg) * 16u);
}

/* The deepest frames the seal allows for what it keeps (mod_core.h). */
static unsigned stk_need(unsigned drop)
{
    static const unsigned grp[4] = { MOD_STK_MAP, MOD_STK_SVC, MOD_STK_STATS, MOD_STK_XMS };
    unsigned g, need = MOD_STK_CORE;

    for (g = 0; g < 4; g++)
        if (!(drop & (1u << g)) && grp[g] > need)
            need = grp[g];
    return need;
}

/* The calls since stk_fill went at most limit bytes deep, and left
 * MOD_STACK_ALLOW of the stack untouched. */
static void stk_check(const char *what, int ran, unsigned limit)
{
    unsigned used = dt_stk_used();

    printf("  stack: %s %u of %u bytes (frames allowed %u)\n", what, used, stk_size, limit);
    if (ran)
        DT_CHECK(used > 0, "the task calls ran on the module's stack");
    DT_CHECK(used <= limit && used + MOD_STACK_ALLOW <= stk_size,
             "the frames stay within what the stack was sized for");
    if (used > stk_worst)
        stk_worst = used;
}

static void fill_stubs(void)
{
    unsigned n = 0;
#define MEM_API_STUB(f) if (n < MEM_API_COUNT + 1) stubs[n++] = (stub_fn)f;
    MEM_API_STUBS
#undef MEM_API_STUB
}

/* The set-up a driver makes before it seals: a DMA tag (its buffers), a
 * packet held, an XMS block.  The tag, or -1. */
static int setup(int *xh)
{
    int tag;

    mem_dma_preset(MEM_DMA_3C515_BUF, fp_of(&k));
    k.count = 4;
    tag = mem_dma_tag_create(fp_of(&k));
    DT_CHECK(tag > 0, "set-up: DMA tag");
    *xh = mem_xms_alloc((mem_u32)4);
    return tag;
}

/* Every pool's statistics (mem_pool_stats, group SERVICE) into out[],
 * MEM_POOL_LAST + 1 records; a refused index leaves its record zero. */
static void pool_figures(struct mem_pool_stats *out)
{
    unsigned i;

    memset(out, 0, (MEM_POOL_LAST + 1) * sizeof(*out));
    for (i = 0; i <= MEM_POOL_LAST; i++) {
        out[i].size = sizeof(*out);
        if (mem_pool_stats((mem_u16)i, fp_of(&out[i])) != MEM_OK)
            memset(&out[i], 0, sizeof(*out));
    }
}

/* Every entry of group g (or the set-up part) answers MEM_E_STATE and the
 * module's block stays as it was (the pools' records and statistics live
 * in it); with SERVICE kept, every pool's statistics read through
 * mem_pool_stats are the same before and after too. */
static void dropped_entries(unsigned groups)
{
    static struct mem_pool_stats ps0[MEM_POOL_LAST + 1], ps1[MEM_POOL_LAST + 1];
    unsigned i, n = 0, bad = 0, paras = block_paras(m.seg);
    unsigned bytes = paras * 16u;
    int svc = !(groups & MEM_SEAL_DROP_SERVICE);

    if (svc)
        pool_figures(ps0);
    for (i = 0; i < bytes && i < sizeof(snap); i++)
        snap[i] = port_peekb(m.seg, i);
    for (i = 0; i < MEM_API_COUNT; i++) {
        int g = rows[i].grp;
        if (g == MEM_GRP_CORE || (g != MEM_GRP_SETUP && !(groups & (1u << (g - 1)))))
            continue;
        n++;
        if (stubs[i]() != MEM_E_STATE) {
            bad++;
            printf("  entry %s (group %d) did not answer MEM_E_STATE\n", rows[i].name, g);
        }
    }
    for (i = 0; i < bytes && i < sizeof(snap); i++)
        if (port_peekb(m.seg, i) != snap[i]) {
            bad++;
            printf("  module byte %04Xh changed\n", i);
            break;
        }
    DT_EQ(bad, 0, "every dropped and set-up entry: MEM_E_STATE, the module unchanged");
    DT_CHECK(n > 0, "some entries were dropped");
    DT_CHECK(bytes <= sizeof(snap), "the whole block was compared");
    if (svc) {
        pool_figures(ps1);
        DT_CHECK(ps0[MEM_POOL_S16].total > 0 &&
                 memcmp(ps0, ps1, sizeof(ps0)) == 0,
                 "every pool's statistics unchanged by the dropped entries");
    }
}

/* What every seal keeps: pools, packets, copies, DMA buffers. */
static void core_works(int tag)
{
    mem_fp_t s = mem_small_alloc(40), p = mem_pkt_alloc(1514);
    unsigned i;

    DT_CHECK(s != MEM_FP_NULL && p != MEM_FP_NULL, "sealed: pools allocate");
    for (i = 0; i < sizeof(src); i++)
        src[i] = (unsigned char)(i * 7);
    mem_copy(MEM_FP(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_DATA), fp_of(src), 1514);
    mem_copy(fp_of(dst), MEM_FP(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_DATA), 1514);
    DT_EQ(memcmp(src, dst, 1514), 0, "sealed: copies");
    DT_EQ(mem_compare(fp_of(src), fp_of(dst), 1514), 0, "sealed: compare");
    DT_EQ(mem_pkt_ref(p), 2, "sealed: packet reference");
    DT_EQ(mem_pkt_free(p), 1, "sealed: drop a reference");
    DT_EQ(mem_pkt_free(p), 0, "sealed: packet freed");
    DT_EQ(mem_small_free(s), MEM_OK, "sealed: small freed");
    DT_EQ(mem_dma_alloc(tag, fp_of(&db)), MEM_OK, "sealed: DMA buffer");
    DT_EQ(mem_dma_free(db.handle), MEM_OK, "sealed: DMA buffer back");
    DT_CHECK((mem_version() == MEM_API_VERSION) && (mem_cpu() & 0xFF) >= MEM_CPU_286,
             "sealed: version and cpu");
}

/* The groups kept work. */
static void groups_work(unsigned drop, int tag, int xh)
{
    static mem_fp_t held[24];
    unsigned n;
    mem_fp_t p;
    struct mem_xms_move mv;
    int t;
    mem_fp_t back;

    if (!(drop & MEM_SEAL_DROP_MAP)) {
        p = mem_pkt_alloc(600);
        DT_EQ(mem_dma_map(tag, MEM_FP(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_DATA), 600,
                          fp_of(&map)), MEM_OK, "sealed MAP: map");
        DT_EQ(mem_dma_sync(fp_of(&map), MEM_DMA_TO_DEVICE), MEM_OK, "sealed MAP: sync");
        DT_EQ(mem_dma_unmap(fp_of(&map)), MEM_OK, "sealed MAP: unmap");
        mem_pkt_free(p);
    }
    if (!(drop & MEM_SEAL_DROP_SERVICE)) {
        /* the service's deepest paths: an arena added, arenas given back */
        for (n = 0; n < sizeof(held) / sizeof(held[0]); n++)
            held[n] = mem_pkt_alloc(1514);
        DT_CHECK(mem_pool_service() > 0, "sealed SERVICE: a pool grows");
        for (n = 0; n < sizeof(held) / sizeof(held[0]); n++)
            if (held[n] != MEM_FP_NULL)
                mem_pkt_free(held[n]);
        for (n = 0; n < 64 && mem_pool_service() > 0; n++)
            ;
        DT_CHECK(mem_pool_service() >= 0, "sealed SERVICE: mem_pool_service");
        memset(&st, 0, sizeof(st));
        st.size = sizeof(st);
        DT_EQ(mem_pool_stats(MEM_POOL_S64, fp_of(&st)), MEM_OK, "sealed SERVICE: pool stats");
        DT_CHECK(st.total > 0 && st.block >= 64, "sealed SERVICE: pool stats filled in");
    }
    if (!(drop & MEM_SEAL_DROP_STATS)) {
        memset(&ds, 0, sizeof(ds));
        ds.size = sizeof(ds);
        DT_EQ(mem_dma_stats(tag, fp_of(&ds)), MEM_OK, "sealed STATS: DMA stats");
        DT_CHECK(ds.count > 0 && ds.free == ds.count, "sealed STATS: DMA stats filled in");
        memset(&info, 0, sizeof(info));
        info.size = sizeof(info);
        DT_EQ(mem_info(fp_of(&info)), MEM_OK, "sealed STATS: mem_info");
        DT_EQ(info.resident_bytes, block_paras(m.seg) * 16u, "mem_info: resident bytes = the sealed block");
    }
    if (!(drop & MEM_SEAL_DROP_XMS) && xh > 0) {
        memset(&mv, 0, sizeof(mv));
        mv.length = 100;
        mv.src = MEM_XMS_CONV;
        mv.src_off = fp_of(src);
        mv.dst = (mem_xms_t)xh;
        mv.dst_off = 1;
        DT_EQ(mem_xms_move(fp_of(&mv)), MEM_OK, "sealed XMS: move");
        p = mem_pkt_alloc(60);
        t = mem_xms_park(p);
        DT_CHECK(t > 0, "sealed XMS: park");
        DT_EQ(mem_xms_unpark((mem_u16)t, fp_of(&back)), MEM_OK, "sealed XMS: unpark");
        mem_pkt_free(back);
    }
}

static void one(unsigned drop, unsigned *paras_out)
{
    unsigned before, paras, xfree;
    int tag, xh, rc;

    before = dt_dos_largest();
    xfree = x_free();
    rc = mem_load("MEMPOOL.MOD", &low, &m);
    DT_EQ(rc, MEM_OK, "load");
    if (rc != MEM_OK)
        return;
    stk_fill();
    DT_EQ(stk_size, MOD_STACK_BYTES, "before the seal: the set-up stack");
    tag = setup(&xh);
    DT_EQ(mem_pool_check(), MEM_OK, "set-up: mem_pool_check");
    paras = block_paras(m.seg);
    if ((drop & MEM_SEAL_DROP_XMS) && xh > 0) {
        DT_EQ(mem_seal(drop), MEM_E_STATE, "XMS dropped while a handle is held");
        DT_EQ(block_paras(m.seg), paras, "the refused seal kept the block");
        DT_EQ(mem_xms_free((mem_xms_t)xh), MEM_OK, "the handle given back");
        xh = 0;
    }
    rc = mem_seal(drop);
    DT_EQ(rc, MEM_OK, "mem_seal");
    /* the seal ran on the set-up stack, which is now past the block: DOS
     * wrote nothing there (the free block's MCB is at the new end) */
    stk_check("set-up and the seal", 1, MOD_STACK_BYTES - MOD_STACK_ALLOW);
    *paras_out = block_paras(m.seg);
    printf("  drop %Xh: block %u -> %u bytes\n", drop, paras * 16u, *paras_out * 16u);
    DT_CHECK(*paras_out < paras, "the seal shrank the block");
    stk_fill();
    DT_EQ(stk_size, (MOD_STACK_ALLOW + stk_need(drop) + 15) & ~15u, "the seal sized the stack");
    core_works(tag);
    groups_work(drop, tag, xh);
    dropped_entries(drop);
    DT_EQ(mem_seal(0), MEM_E_STATE, "sealing twice");
    stk_check("sealed, every kept entry", (~drop & (MEM_SEAL_DROP_SERVICE | MEM_SEAL_DROP_STATS)) != 0
              || (!(drop & MEM_SEAL_DROP_XMS) && xh > 0), stk_need(drop));   /* MAP: the caller's stack */
    DT_EQ(mem_unload(&m), MEM_OK, "unload after the seal");
    stk_check("sealed, and unload", 1, stk_need(drop));   /* read from the block just freed */
    DT_EQ(dt_dos_largest(), before, "every byte back");
    DT_EQ(x_free(), xfree, "every KB of XMS back (the handles and store a seal kept)");
}

int main(void)
{
    static const unsigned drops[] = {
        0, MEM_SEAL_DROP_MAP, MEM_SEAL_DROP_SERVICE, MEM_SEAL_DROP_STATS,
        MEM_SEAL_DROP_XMS, MEM_SEAL_DROP_MAP | MEM_SEAL_DROP_STATS,
        MEM_SEAL_DROP_SERVICE | MEM_SEAL_DROP_STATS | MEM_SEAL_DROP_XMS,
        MEM_SEAL_DROP_ALL,
        /* each group alone: the stack the seal gives it is enough */
        MEM_SEAL_DROP_ALL & ~MEM_SEAL_DROP_SERVICE, MEM_SEAL_DROP_ALL & ~MEM_SEAL_DROP_STATS,
        MEM_SEAL_DROP_ALL & ~MEM_SEAL_DROP_XMS
    };
    unsigned size[11], i, before, xfree;
    int tag, xh, t;
    mem_fp_t p;

    dt_init("t_seal: mem_seal drops set-up and the groups a driver names");
    low.size = sizeof(low);
    low.flags = MEM_CFG_NO_UMB;
    fill_stubs();
    x_detect();
    DT_EQ(mem_seal(0), MEM_E_STATE, "mem_seal with no module loaded");
    for (i = 0; i < sizeof(drops) / sizeof(drops[0]); i++)
        one(drops[i], &size[i]);
    DT_CHECK(size[1] < size[0] && size[2] < size[0] && size[3] < size[0] &&
             size[4] < size[0] && size[7] < size[6], "each group dropped costs nothing");
    /* the sizes the build reports (tools/sizes.sh, make bench) */
    DT_EQ(size[0] * 16u, MOD_SEALED_BYTES, "sealed, every group kept: as the map says");
    DT_EQ(size[6] * 16u, MOD_SEALED_MIN_BYTES, "sealed, core and MAP only: as the map says");

    /* refusals */
    before = dt_dos_largest();
    xfree = x_free();
    DT_EQ(mem_load("MEMPOOL.MOD", &low, &m), MEM_OK, "load");
    tag = setup(&xh);
    DT_EQ(mem_seal(0x0010), MEM_E_INVAL, "unknown bits");
    mem_isr_enter();
    DT_EQ(mem_seal(0), MEM_E_BUSY, "inside mem_isr_enter/leave");
    mem_isr_leave();
    p = mem_pkt_alloc(100);
    DT_EQ(mem_dma_map(tag, MEM_FP(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_DATA), 100,
                      fp_of(&map)), MEM_OK, "a live mapping");
    DT_EQ(mem_seal(MEM_SEAL_DROP_MAP), MEM_E_STATE, "MAP dropped while a mapping is live");
    mem_dma_unmap(fp_of(&map));
    if (xh > 0) {
        DT_EQ(mem_seal(MEM_SEAL_DROP_XMS), MEM_E_STATE, "XMS dropped while a handle is held");
        DT_EQ(mem_xms_free((mem_xms_t)xh), MEM_OK, "the handle given back");
        t = mem_xms_park(p);
        DT_CHECK(t > 0, "a buffer parked (the store taken)");
        DT_EQ(mem_seal(MEM_SEAL_DROP_XMS), MEM_E_STATE,
              "XMS dropped while a buffer is parked, no handle held");
        DT_EQ(mem_xms_unpark((mem_u16)t, fp_of(&p)), MEM_OK, "the parked buffer comes back");
        DT_CHECK(x_free() < xfree, "the empty store is still held");
        DT_EQ(mem_seal(MEM_SEAL_DROP_XMS), MEM_OK, "then XMS dropped");
        DT_EQ(x_free(), xfree, "the seal gave the empty store back");
        DT_EQ(mem_xms_park(p), MEM_E_STATE, "park is gone");
    } else {
        DT_EQ(mem_seal(MEM_SEAL_DROP_XMS), MEM_OK, "without XMS nothing holds the group");
    }
    mem_pkt_free(p);
    DT_EQ(mem_unload(&m), MEM_OK, "unload");
    DT_EQ(dt_dos_largest(), before, "every byte back");
    DT_EQ(x_free(), xfree, "every KB of XMS back");

    /* a mis-built module whose table the seal leaves pointing outside what
     * it keeps (here: into the header, which the seal keeps as it is) is
     * refused, nothing jumps there, and unload still frees it */
    DT_EQ(mem_load("MEMPOOL.MOD", &low, &m), MEM_OK, "load");
    port_pokew(m.seg, (unsigned)(port_peekw(m.seg, MOD_HDR_OFF(api_off)) + 2 * MEM_FN_CPU),
               MOD_HDR_SIZE - 2);
    DT_EQ(mem_seal(0), MOD_E_API, "a sealed table entry outside what stays");
    DT_CHECK(mem_small_alloc(16) == MEM_FP_NULL && mem_pkt_alloc(60) == MEM_FP_NULL,
             "the refused table is not bound");
    DT_EQ(mem_cpu(), 0, "no stub jumps into it (unbound mem_cpu is 0)");
    DT_EQ(mem_unload(&m), MEM_OK, "unload after the refused table");
    DT_EQ(dt_dos_largest(), before, "every byte back");
    printf("  sealed bytes: all groups kept %u, none kept %u; deepest stack use %u\n",
           size[0] * 16u, size[7] * 16u, stk_worst);
    return dt_done();
}
