/*
 * replay.c - MEMPOOL's memory figures: metadata + alignment overhead and
 * fragmentation, from packet-driver workloads replayed on the host build
 * (the module's portable C on the simulated PC of tests/host/sim).
 *
 * Output: TSV rows "metric<TAB>-<TAB>value<TAB>unit" on stdout (no header),
 * read by tools/bench/bench_report.sh.  Exit 0, or 1 when a workload could
 * not run (the rows written so far stay; the report then misses figures).
 *
 * Definitions (shared/reference/x86-clocks-and-allocators.md section 4):
 *   held      bytes of DOS memory the allocator holds for the workload: the
 *             sum of the arenas (arena_tab; headers, bitmaps and padding
 *             included) of the pools the workload uses (packet workloads:
 *             both packet pools; small churn: the five small classes; DMA:
 *             the tags' arenas), so that one subsystem's preallocation is
 *             not charged to another's workload.  Module data (struct pool
 *             ...) is part of resident_bytes, not counted here.
 *   live      bytes the driver asked for and still holds: the size given to
 *             mem_small_alloc, the frame length given to mem_pkt_alloc, the
 *             max_size of every DMA buffer allocated.
 *   frag      Johnstone & Wilson #4: peak held / peak live - 1, the two peaks
 *             taken independently over the whole workload.  It counts size
 *             class rounding (a 60-byte frame in a 384-byte buffer), arena
 *             granularity, the interrupt reserves and the packet header.
 *   classbound the held memory the same trace needs when every pool holds
 *             exactly its own peak number of blocks (no preallocation, no
 *             reserve, no arena granularity): sum over pools of peak blocks
 *             in use x stride.  classbound / peak live - 1 is the part of
 *             frag that size classes kept in separate pools cannot go below,
 *             whatever the configuration (frag_<workload>_classbound_pct).
 *   firstfit, bestfit
 *             the same trace through the two conventional heaps Johnstone
 *             & Wilson found near zero fragmentation on real programs:
 *             address-ordered first fit and best fit, every free coalesced
 *             with its neighbours at once, the heap grown and trimmed at its
 *             top to exactly what it uses (no arena granularity, no
 *             preallocation, no reserve, the most favourable case), a block
 *             being the request rounded to 2 bytes (small objects, no
 *             header) or the frame plus MEM_PKT_DATA rounded to a paragraph
 *             (packets: the API's header and headroom).  frag_<workload>_
 *             firstfit_pct / _bestfit_pct are their peak heap size / peak
 *             live - 1, the same measure as frag; _bestfit_net_pct divides
 *             by the peak of live blocks instead (net of header, headroom
 *             and alignment).  frag_heapbound_pct is the worst workload's
 *             better heap: a bar below it asks more of MEMPOOL, with its
 *             interrupt and clock bars, than these heaps achieve without
 *             either.
 *   overhead  metadata + alignment as a share of held memory, for the
 *             default configuration plus the DMA ring set-up: arena headers,
 *             in-use bitmaps and paragraph padding, the 16-byte packet
 *             header and the slack behind the largest frame of each packet
 *             class (the headroom is usable frame space), DMA waste to
 *             boundaries, alignment and rounding, and DMA tag tables.
 *             Computed here from the arenas and the public layout, and
 *             compared with the module's own mem_pool_overhead / DMA stats.
 *
 * Workloads (deterministic: one LCG, fixed seeds):
 *   rx_burst      bursts of 32 received frames (bulk transfer: 90% full
 *                 frames, 10% minimum frames) taken by the "ISR", delivered
 *                 and freed by the task, mem_pool_service after each burst;
 *                 driver config: 32 full-frame buffers (its receive queue),
 *                 the rest defaults.
 *   steady_mixed  receive and transmit interleaved, simple IMIX frame sizes
 *                 (7:4:1 of 60, 590, 1514 bytes), each frame held for a
 *                 random 1..24 events, service every 8 events; defaults.
 *   small_churn   small control objects (8..256 bytes, skewed small) with
 *                 random lifetimes, about 100 live; service every 16 events;
 *                 defaults.
 *   dma_ring      a 3C515 (ISA bus master) and a 3C90x (PCI) set up their
 *                 descriptor rings and 16 receive + 16 transmit buffers each,
 *                 every buffer allocated (rings filled).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sim.h"
#include "mod_core.h"
#include "arena.h"
#include "pool.h"
#include "dma_priv.h"

#define MAXLIVE 512

struct obj {
    mem_fp_t p;
    u32 ha[2];          /* its place in the reference heaps */
    u16 hsize;          /* its block there */
    u16 req;            /* bytes asked for */
    int kind;           /* 0 small, 1 packet */
    long until;         /* event at which it is freed */
};

static struct obj live[MAXLIVE];
static int nlive;
static u16 in_pool[POOL_N], peak_pool[POOL_N];
static u32 live_bytes, peak_live, peak_held, base_held;
static unsigned pool_mask;  /* pools whose arenas count as held (0: all arenas) */
static unsigned long fails;
static u32 rnd_state;
static int bad;
static double heapbound;    /* frag_heapbound_pct */

/* The reference heaps (see the top): free blocks sorted by address. */
#define RH_MAX (MAXLIVE + 2)
struct rblk {
    u32 a, size;
};
struct rheap {
    struct rblk f[RH_MAX];
    int nf;
    u32 top, peak_top;
};
static struct rheap rheap[2];   /* 0 first fit, 1 best fit */
static u32 blk_bytes, peak_blk;

/* Free list edits: open a slot at k, or close the one at k. */
static void rh_open(struct rheap *h, int k)
{
    memmove(&h->f[k + 1], &h->f[k], (h->nf - k) * sizeof(h->f[0]));
    h->nf++;
}

static void rh_close(struct rheap *h, int k)
{
    memmove(&h->f[k], &h->f[k + 1], (h->nf - k - 1) * sizeof(h->f[0]));
    h->nf--;
}

static u32 rh_alloc(struct rheap *h, u32 size, int best)
{
    int i, pick = -1;
    u32 a;
    for (i = 0; i < h->nf; i++)
        if (h->f[i].size >= size &&
            (pick < 0 || (best && h->f[i].size < h->f[pick].size))) {
            pick = i;
            if (!best)
                break;
        }
    if (pick < 0) {
        a = h->top;
        h->top += size;
        if (h->top > h->peak_top)
            h->peak_top = h->top;
        return a;
    }
    a = h->f[pick].a;
    if (h->f[pick].size == size) {
        rh_close(h, pick);
    } else {
        h->f[pick].a += size;
        h->f[pick].size -= size;
    }
    return a;
}

static void rh_free(struct rheap *h, u32 a, u32 size)
{
    int k = 0;
    while (k < h->nf && h->f[k].a < a)
        k++;
    if (k > 0 && h->f[k - 1].a + h->f[k - 1].size == a) {   /* joins the left */
        k--;
        h->f[k].size += size;
    } else {
        rh_open(h, k);
        h->f[k].a = a;
        h->f[k].size = size;
    }
    if (k + 1 < h->nf && h->f[k].a + h->f[k].size == h->f[k + 1].a) { /* and the right */
        h->f[k].size += h->f[k + 1].size;
        rh_close(h, k + 1);
    }
    if (h->f[h->nf - 1].a + h->f[h->nf - 1].size == h->top) { /* trim the top */
        h->top = h->f[h->nf - 1].a;
        h->nf--;
    }
}

static u32 rnd(void)
{
    rnd_state = rnd_state * 1103515245UL + 12345UL;
    return (rnd_state >> 8) & 0xFFFFFFUL;
}

static void row(const char *metric, double v, const char *unit, int decimals)
{
    printf("%s\t-\t%.*f\t%s\n", metric, decimals, v, unit);
}

static u32 held_now(void)
{
    u32 b = 0;
    int i;
    for (i = 0; i < ARENA_MAX; i++) {
        u16 seg = arena_tab[i].seg;
        if (seg == 0)
            continue;
        if (pool_mask && !(port_peekw(seg, AH_SIG) == ARENA_SIG &&
                           (pool_mask >> port_peekb(seg, AH_POOL)) & 1u))
            continue;
        b += (u32)arena_tab[i].paras << 4;
    }
    return b - base_held;
}

static void note(void)
{
    u32 h = held_now();
    if (h > peak_held)
        peak_held = h;
    if (live_bytes > peak_live)
        peak_live = live_bytes;
}

/* The default packet classes (64 / 592 / 1514): pkt buffers of the
 * largest, pkt_small of each other (0: defaults). */
static void boot(u16 small, u16 pkt, u16 pkt_small)
{
    struct sim_config c;
    u16 num[MEM_DEF_PKT_CLASSES];
    int rc;

    sim_config_default(&c);
    c.xms = 0;                      /* conventional memory only */
    sim_reset(&c);
    memset(arena_tab, 0, sizeof(arena_tab));
    memset(&mod, 0, sizeof(mod));
    mod.initialised = 1;
    mod.cpu = (u8)sim_cpu_type();
    mod.v86 = (u8)sim_cpu_v86();
    if (dma_init() != MEM_OK) {
        fprintf(stderr, "replay: dma_init failed\n");
        exit(1);
    }
    num[0] = num[1] = pkt_small;
    num[2] = pkt;
    rc = pool_init(small, 0, 0, num, 0);
    if (rc != MEM_OK) {
        fprintf(stderr, "replay: pool_init failed (%d)\n", rc);
        exit(1);
    }
    nlive = 0;
    memset(in_pool, 0, sizeof(in_pool));
    memset(peak_pool, 0, sizeof(peak_pool));
    live_bytes = peak_live = peak_held = base_held = 0;
    memset(rheap, 0, sizeof(rheap));
    blk_bytes = peak_blk = 0;
    pool_mask = 0;
    fails = 0;
}

#define PKT_POOLS   (((1u << POOL_N) - 1u) & ~((1u << POOL_PKT_FIRST) - 1u))
#define SMALL_POOLS ((1u << POOL_SMALL_CLASSES) - 1u)

static void shutdown(void)
{
    int i;
    for (i = 0; i < nlive; i++) {
        if (live[i].kind)
            pool_pkt_free_c(live[i].p);
        else
            pool_small_free_c(live[i].p);
    }
    nlive = 0;
    if (mod_pool_check() != MEM_OK) {
        fprintf(stderr, "replay: mem_pool_check failed\n");
        bad = 1;
    }
    dma_release_all();
    pool_release();
}

static void take(int kind, u16 req, long until)
{
    mem_fp_t p;
    if (nlive == MAXLIVE) {
        fprintf(stderr, "replay: too many live objects\n");
        exit(1);
    }
    p = kind ? pool_pkt_alloc_c(req) : pool_small_alloc_c(req);
    if (p == MEM_FP_NULL) {
        fails++;
        return;
    }
    live[nlive].p = p;
    live[nlive].req = req;
    live[nlive].kind = kind;
    live[nlive].until = until;
    live[nlive].hsize = (u16)(kind ? (req + MEM_PKT_DATA + 15u) & ~15u : (req + 1u) & ~1u);
    live[nlive].ha[0] = rh_alloc(&rheap[0], live[nlive].hsize, 0);
    live[nlive].ha[1] = rh_alloc(&rheap[1], live[nlive].hsize, 1);
    blk_bytes += live[nlive].hsize;
    if (blk_bytes > peak_blk)
        peak_blk = blk_bytes;
    nlive++;
    {
        u8 pi = port_peekb(MEM_FP_SEG(p), AH_POOL);
        if (pi < POOL_N && ++in_pool[pi] > peak_pool[pi])
            peak_pool[pi] = in_pool[pi];
    }
    live_bytes += req;
    note();
}

static void give(int i)
{
    u8 pi = port_peekb(MEM_FP_SEG(live[i].p), AH_POOL);
    int rc = live[i].kind ? pool_pkt_free_c(live[i].p) : pool_small_free_c(live[i].p);
    if (pi < POOL_N && in_pool[pi] > 0)
        in_pool[pi]--;
    if (rc < 0) {
        fprintf(stderr, "replay: free refused (%d)\n", rc);
        bad = 1;
    }
    live_bytes -= live[i].req;
    rh_free(&rheap[0], live[i].ha[0], live[i].hsize);
    rh_free(&rheap[1], live[i].ha[1], live[i].hsize);
    blk_bytes -= live[i].hsize;
    live[i] = live[--nlive];
}

/* Free every object whose time has come (now < 0: all). */
static void expire(long now)
{
    int i;
    for (i = nlive - 1; i >= 0; i--)
        if (now < 0 || live[i].until <= now)
            give(i);
}

static void service(void)
{
    mod_pool_service();
    note();
}

static void report(const char *name)
{
    char m[64];
    double frag = peak_live ? ((double)peak_held / peak_live - 1.0) * 100.0 : 0.0;
    u32 bound = 0;
    int i;
    for (i = 0; i < POOL_N; i++)
        bound += (u32)peak_pool[i] * pool_ctl[i].stride;
    /* the reference heaps' own checks: never below the blocks they hold,
     * and back to nothing (every free coalesced, the top trimmed) once the
     * workload has freed all */
    for (i = 0; i < 2; i++)
        if (rheap[i].peak_top < peak_blk || (nlive == 0 && (rheap[i].top || rheap[i].nf))) {
            fprintf(stderr, "replay: %s: reference heap %d inconsistent (peak %lu, "
                    "blocks %lu, top %lu, %d free)\n", name, i,
                    (unsigned long)rheap[i].peak_top, (unsigned long)peak_blk,
                    (unsigned long)rheap[i].top, rheap[i].nf);
            bad = 1;
        }
    if (peak_blk) {
        double ff = ((double)rheap[0].peak_top / peak_live - 1.0) * 100.0;
        double bf = ((double)rheap[1].peak_top / peak_live - 1.0) * 100.0;
        double lo = ff < bf ? ff : bf;
        sprintf(m, "frag_%s_firstfit_pct", name);
        row(m, ff, "%", 2);
        sprintf(m, "frag_%s_bestfit_pct", name);
        row(m, bf, "%", 2);
        sprintf(m, "frag_%s_bestfit_net_pct", name);
        row(m, ((double)rheap[1].peak_top / peak_blk - 1.0) * 100.0, "%", 2);
        if (lo > heapbound)
            heapbound = lo;
    }
    if (bound) {
        sprintf(m, "frag_%s_classbound_pct", name);
        row(m, peak_live ? ((double)bound / peak_live - 1.0) * 100.0 : 0.0, "%", 2);
        sprintf(m, "held_classbound_%s", name);
        row(m, bound, "bytes", 0);
    }
    sprintf(m, "frag_%s_pct", name);
    row(m, frag, "%", 2);
    sprintf(m, "held_peak_%s", name);
    row(m, peak_held, "bytes", 0);
    sprintf(m, "live_peak_%s", name);
    row(m, peak_live, "bytes", 0);
    sprintf(m, "fails_%s", name);
    row(m, (double)fails, "allocs", 0);
    fprintf(stderr, "replay: %-13s peak held %6lu, peak live %6lu, frag %7.2f%%, "
            "%lu failed allocations\n", name, (unsigned long)peak_held,
            (unsigned long)peak_live, frag, fails);
}

static u16 bulk_frame(void)
{
    return (u16)(rnd() % 10 == 0 ? 60 : 1514);
}

static u16 imix_frame(void)
{
    u32 r = rnd() % 12;
    return (u16)(r < 7 ? 60 : r < 11 ? 590 : 1514);
}

static double wl_rx_burst(void)
{
    int burst, k;
    boot(0, 32, 0);
    pool_mask = PKT_POOLS;
    rnd_state = 1;
    note();
    for (burst = 0; burst < 50; burst++) {
        for (k = 0; k < 32; k++)
            take(1, bulk_frame(), 0);
        expire(-1);
        service();
    }
    report("rx_burst");
    shutdown();
    return peak_live ? ((double)peak_held / peak_live - 1.0) * 100.0 : 0.0;
}

static double wl_steady(void)
{
    long t;
    boot(0, 0, 0);
    pool_mask = PKT_POOLS;
    rnd_state = 2;
    note();
    for (t = 0; t < 20000; t++) {
        expire(t);
        take(1, imix_frame(), t + 1 + (long)(rnd() % 24));
        if (t % 8 == 7)
            service();
    }
    expire(-1);
    report("steady_mixed");
    shutdown();
    return peak_live ? ((double)peak_held / peak_live - 1.0) * 100.0 : 0.0;
}

static u16 small_size(void)
{
    /* skewed small: timers and list nodes (8-16), ARP entries (28),
     * control blocks (40-64), a few buffers up to 256 */
    u32 r = rnd() % 16;
    if (r < 5) return (u16)(8 + rnd() % 9);
    if (r < 9) return 28;
    if (r < 13) return (u16)(40 + rnd() % 25);
    if (r < 15) return (u16)(65 + rnd() % 64);
    return (u16)(129 + rnd() % 128);
}

static double wl_small(void)
{
    long t;
    boot(0, 0, 0);
    pool_mask = SMALL_POOLS;
    rnd_state = 3;
    note();
    for (t = 0; t < 20000; t++) {
        expire(t);
        take(0, small_size(), t + 1 + (long)(rnd() % 200));
        if (t % 16 == 15)
            service();
    }
    expire(-1);
    report("small_churn");
    shutdown();
    return peak_live ? ((double)peak_held / peak_live - 1.0) * 100.0 : 0.0;
}

static struct mem_dma_constraints g_k;
static struct mem_dma_buf g_b;
static struct mem_dma_stats g_st;
static u32 g_ov[2];

static mem_fp_t near_fp(const void *p)
{
    return MEM_FP(port_ds(), port_near(p));
}

/* DMA tags of the ring set-up; every buffer allocated.  Adds the tags'
 * waste + tables to *meta and their arenas to *arena. */
static int dma_setup(u32 *meta, u32 *arena, u32 *meta_mod)
{
    static const int presets[4] = { MEM_DMA_3C515_RING, MEM_DMA_3C515_BUF,
                                    MEM_DMA_3C90X_RING, MEM_DMA_3C90X_BUF };
    int i, tag, n;
    u32 before;

    for (i = 0; i < 4; i++) {
        if (mod_dma_preset(presets[i], near_fp(&g_k)) != MEM_OK)
            return -1;
        g_k.count = (u16)((i & 1) ? 32 : 2);    /* 16 rx + 16 tx / rx + tx ring */
        before = held_now();
        tag = mod_dma_tag_create(near_fp(&g_k));
        if (tag < 0) {
            fprintf(stderr, "replay: tag create failed (%d)\n", tag);
            return -1;
        }
        for (n = 0; n < g_k.count; n++) {
            if (dma_alloc_c(tag, near_fp(&g_b)) != MEM_OK) {
                fails++;
                continue;
            }
            live_bytes += g_k.max_size;
        }
        note();
        memset(&g_st, 0, sizeof(g_st));
        g_st.size = sizeof(g_st);
        if (mod_dma_stats(tag, near_fp(&g_st)) != MEM_OK)
            return -1;
        {
            u32 a = held_now() - before;
            /* metadata + alignment, from our side: the arena minus the bytes
             * of the buffers as asked (max_size each); the tag's tables are
             * inside its arena */
            *meta += a - (u32)g_st.count * g_k.max_size;
            *arena += a;
            *meta_mod += g_st.waste_bytes + g_st.meta_bytes;
            if (getenv("REPLAY_DEBUG"))
                fprintf(stderr, "tag %d: held %lu arena_bytes %lu waste %lu meta %u count %u "
                        "buf_size %u max_size %u\n", tag, (unsigned long)a,
                        (unsigned long)g_st.arena_bytes, (unsigned long)g_st.waste_bytes,
                        g_st.meta_bytes, g_st.count, g_st.buf_size, g_k.max_size);
        }
    }
    return 0;
}

static double wl_dma(void)
{
    u32 meta = 0, arena = 0, meta_mod = 0;
    boot(0, 0, 0);
    base_held = held_now();         /* count the DMA arenas only */
    note();
    if (dma_setup(&meta, &arena, &meta_mod) != 0)
        bad = 1;
    report("dma_ring");
    live_bytes = 0;
    shutdown();
    return peak_live ? ((double)peak_held / peak_live - 1.0) * 100.0 : 0.0;
}

/* Our own count of the pools' metadata + alignment (see the top). */
static void pool_meta(u32 *held, u32 *meta)
{
    int i, a;
    *held = *meta = 0;
    for (i = 0; i < POOL_N; i++) {
        struct pool_ctl *pl = &pool_ctl[i];
        u16 per;
        if (i >= POOL_PKT_FIRST)    /* the header and the slack behind the
                                     * largest frame (the headroom is frame
                                     * space) */
            per = (u16)(pl->stride - MEM_PKT_DATA - pool_maxframe((u16)i) + MEM_PKT_HDR);
        else
            per = (u16)(pl->stride - pl->bsize);
        for (a = 0; a < ARENA_MAX; a++) {
            u16 seg = arena_tab[a].seg, nb;
            u32 bytes;
            if (seg == 0 || port_peekw(seg, AH_SIG) != ARENA_SIG ||
                port_peekb(seg, AH_POOL) != i)
                continue;
            nb = port_peekw(seg, AH_NBLOCKS);
            bytes = (u32)arena_tab[a].paras << 4;
            *held += bytes;
            *meta += bytes - (u32)nb * pl->stride + (u32)nb * per;
        }
    }
}

static void overhead(void)
{
    u32 held, meta, dmeta = 0, darena = 0, dmeta_mod = 0;
    int mod_pct;
    double pools_pct, dma_pct, all_pct;

    boot(0, 0, 0);
    pool_meta(&held, &meta);
    mod_pct = mod_pool_overhead(near_fp(g_ov));
    if (g_ov[0] != held || g_ov[1] != meta)
        fprintf(stderr, "replay: note: mem_pool_overhead says %lu of %lu bytes, "
                "this count %lu of %lu\n", (unsigned long)g_ov[1],
                (unsigned long)g_ov[0], (unsigned long)meta, (unsigned long)held);
    if (dma_setup(&dmeta, &darena, &dmeta_mod) != 0)
        bad = 1;
    if (dmeta != dmeta_mod)
        fprintf(stderr, "replay: note: DMA stats say %lu bytes of waste + tables, "
                "this count %lu\n", (unsigned long)dmeta_mod, (unsigned long)dmeta);
    pools_pct = held ? 100.0 * meta / held : 0.0;
    dma_pct = darena ? 100.0 * dmeta / darena : 0.0;
    all_pct = (held + darena) ? 100.0 * (meta + dmeta) / (held + darena) : 0.0;
    row("overhead_pct", all_pct, "%", 2);
    row("overhead_pools_pct", pools_pct, "%", 2);
    row("overhead_pools_module_pct", mod_pct / 100.0, "%", 2);
    row("overhead_dma_pct", dma_pct, "%", 2);
    row("pool_held_default", held, "bytes", 0);
    row("dma_held_rings", darena, "bytes", 0);
    fprintf(stderr, "replay: overhead: pools %lu of %lu bytes (%.2f%%; module says "
            "%.2f%%), DMA %lu of %lu (%.2f%%), all %.2f%%\n", (unsigned long)meta,
            (unsigned long)held, pools_pct, mod_pct / 100.0, (unsigned long)dmeta,
            (unsigned long)darena, dma_pct, all_pct);
    live_bytes = 0;
    shutdown();
}

int main(void)
{
    double f, worst = 0.0;

    overhead();
    f = wl_rx_burst();
    worst = f > worst ? f : worst;
    f = wl_steady();
    worst = f > worst ? f : worst;
    f = wl_small();
    worst = f > worst ? f : worst;
    f = wl_dma();
    worst = f > worst ? f : worst;
    row("frag_pct", worst, "%", 2);
    row("frag_heapbound_pct", heapbound, "%", 2);
    sim_free();
    return bad;
}
