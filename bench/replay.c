/*
 * replay.c - MEMPOOL's memory figures: metadata + alignment overhead and
 * fragmentation, from packet-driver workloads replayed on the host build
 * (the module's portable C on the simulated PC of tests/host/sim).
 *
 * Output: TSV rows "metric<TAB>-<TAB>value<TAB>unit" on stdout (no header),
 * read by tools/bench/bench_report.sh; a readable account of every run on
 * stderr (make bench shows it).  Exit 0, or 1 when a workload could not run
 * or a check of the replay's own failed.
 *
 * Definitions (shared/reference/x86-clocks-and-allocators.md section 4):
 *   live      what a perfect allocator must hold for what the driver asked
 *             and still holds: for a packet buffer its frame plus the API's
 *             header and headroom (len + MEM_PKT_DATA: a buffer posted to a
 *             receive ring holds MEM_PKT_MAX until the card writes a shorter
 *             frame into it), for a small object the request rounded up to 2
 *             bytes, for a DMA buffer its max_size.
 *   held      bytes of DOS memory the allocator holds for the workload: the
 *             sum of the arenas (headers, maps and padding included) of the
 *             pools the workload uses (packet workloads: the packet classes;
 *             small churn: the five small classes; DMA: the tags' arenas),
 *             less the interrupt reserve: the blocks lying on the pools'
 *             reserve lists at that moment (at most what the driver
 *             configured, isr_reserve blocks a pool; a reserve block the
 *             interrupt handler took is live and counts).  reserve_bytes_<w>
 *             is the reserve configured: isr_reserve x stride over the pools.
 *   frag      Johnstone & Wilson #4: peak held / peak live - 1, the two peaks
 *             taken independently over the whole workload.  Preallocation
 *             counts: a pool holds its load-time blocks all along.
 *   classbound the held memory of size classes in separate pools that each
 *             hold exactly their own peak of blocks (sum over pools of peak
 *             blocks in use x stride): what pools sized by their own high
 *             marks hold, none falling back on a larger class
 *             (frag_<w>_classbound_pct, held_classbound_<w>).  Taken, like
 *             jointbound and the heaps, from the run in which every buffer
 *             comes from its own class: packets, the recipe's measurement
 *             with its classes (generous pools; copy-break moves every
 *             short frame into its class); small objects, the recipe run.
 *   jointbound blocks in use x stride at their joint peak: what the same
 *             classes hold if memory moved between them freely, the least
 *             any pools of these classes hold; over live it is the classes'
 *             rounding alone (frag_<w>_jointbound_pct).
 *   parabound (small objects) the live requests each rounded up to a
 *             paragraph, at the peak of their sum: memory_api.h hands out
 *             every block paragraph aligned, so no allocator keeping that
 *             promise holds less (frag_<w>_parabound_pct).
 *   firstfit, bestfit
 *             the same trace through the two conventional heaps Johnstone
 *             & Wilson found near zero fragmentation on real programs:
 *             address-ordered first fit and best fit, every free coalesced
 *             at once, the heap grown and trimmed at its top to exactly what
 *             it uses (no arena granularity, no preallocation, no reserve),
 *             a block being the request rounded to 2 bytes (small objects,
 *             no header) or the frame plus MEM_PKT_DATA rounded to a
 *             paragraph (packets: the API's header, headroom and alignment).
 *             frag_<w>_firstfit_pct / _bestfit_pct: their peak size / peak
 *             live - 1, the same measure as frag.  frag_heapbound_pct is the
 *             worst workload's better heap.
 *   overhead  metadata + alignment as a share of held memory, for the
 *             default configuration plus the DMA ring set-up (unchanged:
 *             arena headers, maps, paragraph padding, the 16-byte packet
 *             header and the slack behind each class's largest frame, DMA
 *             waste and tables), compared with mem_pool_overhead / DMA stats.
 *
 * Frame sizes (Ethernet frames without FCS; IP length + 14, at least 60):
 *   imix  simple IMIX: 7:4:1 of 64, 594 and 1518 bytes on the wire, i.e.
 *         60, 590 and 1514.
 *   inet  measured Internet traffic, after R. Sinha, C. Papadopoulos and
 *         J. Heidemann, "Internet Packet Size Distributions: Some
 *         Observations", USC/ISI technical report ISI-TR-2007-643, May 2007
 *         (the web page http://netweb.usc.edu/~rsinha/pkt-sizes/ of October
 *         2005; traces of Los Nettos, a USC Internet2 link and three NLANR
 *         links): "packet sizes seem mostly bimodal at 40B and 1500B (at 40%
 *         and 20% of packets, respectively)".  Taken: 40% of frames at IP
 *         length 40 (60-byte frames), 20% at IP length 1500 (1514-byte
 *         frames); the report gives no finer split of the other 40%, which
 *         are spread evenly over IP lengths 41..1499 here (frames 60..1513).
 *
 * Workloads (deterministic: one LCG, a fixed seed each).  The packet ones
 * use the frames' first-choice classes exactly as the module assigns them.
 *   rx_burst      bursts of 32 received frames (bulk transfer: 90% full
 *                 frames, 10% minimum frames) taken by the "ISR" at their
 *                 length (PIO: the 3C509 reads the length first), delivered
 *                 and freed by the task, mem_pool_service after each burst;
 *                 driver config: 32 full-frame buffers, the rest defaults.
 *   rx_ring_imix, rx_ring_inet
 *                 a bus-master receive ring of 16 full-size buffers (the
 *                 descriptor count of the 3C515 / 3C90x presets), refilled
 *                 from the "ISR": each received frame is moved by copy-break
 *                 (docs/api-guide.md) into a buffer of its class when that
 *                 holds less, the ring buffer staying posted; otherwise the
 *                 ring buffer is handed on and its slot refilled.  Frames wait
 *                 in the driver's receive queue (32 at most; a frame that
 *                 finds it full is dropped, its ring buffer reused) and the
 *                 task drains it in order, 2 frames a tick, calling
 *                 mem_pool_service each tick.  Arrivals a tick: a burst of
 *                 1..16 frames one tick in eight, else one frame every other
 *                 tick (1.5 a tick on average); 20,000 ticks.
 *   tx_queue_imix, tx_queue_inet
 *                 the task queues frames for transmit (arrivals as above;
 *                 a buffer of the frame's length each, 32 queued at most),
 *                 the card sends them in order at 4/3 of the mean offered
 *                 load (frame + 24 bytes of preamble, gap and FCS on the
 *                 wire) and the "ISR" frees each one sent; service each tick.
 *   steady_mixed  (stress) receive and transmit interleaved, simple IMIX
 *                 frame sizes, each frame held for a random 1..24 events,
 *                 service every 8 events.
 *   small_churn   (stress) small control objects (8..256 bytes, skewed
 *                 small) with random lifetimes, about 100 live; service
 *                 every 16 events.
 *   dma_ring      a 3C515 (ISA bus master) and a 3C90x (PCI) set up their
 *                 descriptor rings and 16 receive + 16 transmit buffers each,
 *                 every buffer allocated (rings filled).
 *
 * Configurations.  Each packet and small workload runs three times:
 *   default   mem_config all zero but the driver's own settings (rx_burst:
 *             32 full-frame buffers): frag_<w>_default_pct, and
 *             frag_default_pct, the worst typical workload.
 *   measure   the recipe's measurements (docs/api-guide.md, "Sizing the
 *             pools", steps 2 and 4), each the same trace again, its figures
 *             only what mem_pool_stats reports: generous pools (64 blocks a
 *             class) and the service, checked that no class ran dry, once
 *             with the recipe's classes (each class's own high mark) and
 *             once with each class j below the largest and those above it
 *             but the largest left out (the largest's mark: peak[j], the
 *             most buffers of class j and up at once); then the check run:
 *             the counts of step 3, the largest class generous, isr_reserve
 *             1, no service.
 *   recipe    packets, steps 1-5: the classes (the defaults, or for the
 *             inet traces four fitted to the distribution, wls[]); the
 *             smallest class p[0] x (peak[0] - the buffers posted to the
 *             card) rounded up, p[0] the share of frames it serves in the
 *             frame-size distribution (100,000 frames drawn from it, not the
 *             trace); a class k in between peak[k] - peak[k+1]; at least 3
 *             each (isr_reserve + 2); a class no frame falls in left out;
 *             the largest its mark in the check run, after r blocks it rose
 *             above its own mark moved to the class below it and the check
 *             run again.  isr_reserve 1, no mem_pool_service (fixed pools,
 *             as after mem_seal(MEM_SEAL_DROP_SERVICE)); a buffer whose
 *             class is empty comes from the next larger one.  Small
 *             objects, step 6: small_count the lowest high mark, the
 *             default isr_reserve and the service.  Every allocation must
 *             succeed (the trace is the same as in the other runs), and
 *             the same configuration with the largest class one block short
 *             must fail some (the planted fault: the check sees a short
 *             recipe, and step 5's count is the least that never fails).
 *             These are the figures with bars: frag_<w>_pct, held_peak_<w>,
 *             live_peak_<w>, reserve_bytes_<w>.
 *   A last run replays the workload through the host-only prototype below
 *   (frag_<w>_proto_pct); the packet workloads then through the module's
 *   packet heap (the design, below: stderr only).
 *
 * Two more modes, not part of make bench's figures (stdout, one line each):
 *   replay --floor [SEED [NAME]]
 *                      (make bench-floor) for each typical packet workload,
 *                      the least any fixed counts of the recipe's classes
 *                      hold: every combination of counts for the classes
 *                      below the largest (3 .. their own mark), the largest
 *                      at the least that never fails with them.  A search
 *                      against the trace: a yardstick for the recipe, no
 *                      recipe.  SEED: on the trace of that seed offset
 *                      (as --seeds numbers them), NAME: that workload only.
 *   replay --seeds N   (make bench-seeds) the recipe's frag_<w>_pct for the
 *                      typical packet workloads on N other traces of each
 *                      (seeds + 1000, + 2000, ...): how much the figure of
 *                      the one trace make bench replays depends on it; in
 *                      parentheses the prototype's and the design's (below,
 *                      short frames from the top) on the same trace.
 *
 * Prototype (host only; what a heap for packet buffers would hold; no part
 * of the module):
 *   every packet buffer comes from one address-ordered first-fit heap in
 *   paragraphs (block: frame + MEM_PKT_DATA rounded to 16, so copy-break
 *   moves every frame shorter than a full one) and goes back to it, each
 *   free coalesced at once, at task and at interrupt time alike: the
 *   replay's interrupts never land inside a task's heap call.  One that did
 *   would find the heap busy and pop a per-class cache (the default
 *   classes' strides, LIFO, O(1) like today's pools; a free would wait on a
 *   deferred list for the service): the caches are the interrupt reserve,
 *   isr_reserve 1 block a class, given back and taken anew by the service
 *   each run so that first fit keeps them in the lowest holes.  Small
 *   objects: a best-fit heap at a paragraph (the API's alignment).  held:
 *   the heaps' tops, less the idle caches.  The account on stderr adds the
 *   same with the heaps grown and trimmed in 1 KB DOS blocks, the free
 *   blocks a heap call looked at (its clocks), and small-object heaps at
 *   2-byte granularity, with and without a size word a block.
 *
 * Design (docs/dev/packet-heap.md; stderr only, "replay: <w> design", and
 * bench-seeds): the packet heap that page describes, run through the
 * module's own code (pheap.h: the C twins pheap_c.c and pheap_init.c), no
 * longer a model of it.  One heap block, held all along, of the size the
 * recipe would measure: the trace runs in the largest heap (PHEAP_MAX_PARAS
 * paragraphs, one segment), set up after pool_init in a DOS block of its
 * own (arena_get, pheap_init); every packet allocation goes through
 * pheap_alloc_c, which places it first fit from the bottom or (frames up to
 * MEM_DEF_PKT_LEN0 bytes, the second figure: top_len) at the top end of the
 * highest hole that holds it; the figure is that of the least heap that
 * places every block alike, which the heap reads (PHEAP_NEED(): its blocks
 * less the gap's low-water size).  A buffer is freed by the module's packet
 * free (pool_pkt_free_c: onto the heap record's list) and put back at the
 * next allocation or the service (pheap_putback_c beside mem_pool_service).
 * An allocation the heap cannot place comes from the packet classes, the
 * default ones with all their blocks on the reserve lists (the section
 * "design" below); the replay's interrupts never find the heap busy.  held:
 * the heap of the measured size (its 16-byte arena header + PHEAP_NEED()) +
 * the classes' arenas less their reserve, i.e. 64 bytes of arena headers
 * (the heap's and three classes').  The account adds the free blocks a heap
 * call looked at (pheap_visits: its clocks).  Checked: the largest heap
 * places everything; a heap of the measured size places everything and
 * needs no more; first fit needs what the first-fit reference heap peaks
 * at, and one paragraph less fails some allocation; and when all is freed
 * the heap is one free block again.
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
#include "pheap.h"
#include "dma_priv.h"

#define MAXOBJ 1024

struct obj {
    mem_fp_t p;         /* module: the block; MEM_FP_NULL: slot free */
    int used;
    u32 ha[2];          /* its place in the reference heaps */
    u16 r16;            /* small objects: the request rounded to a paragraph */
    u16 hsize;          /* its block there */
    u32 pa;             /* prototype: its place in the prototype's heap */
    u16 ps;             /* prototype: its block */
    u16 lb;             /* live bytes (see the top) */
    u8 kind;            /* 0 small, 1 packet */
    u8 pool;            /* internal pool index */
    u8 fisr;            /* freed by the interrupt handler */
    long until;         /* random-lifetime traces: event it is freed at */
    int next;           /* free slot chain */
};

static struct obj ob[MAXOBJ];
static int ob_top, ob_free;
static u16 in_pool[POOL_N], peak_pool[POOL_N];
static u32 live_bytes, peak_live, peak_held, base_held, res_bytes;
static u32 cls_bytes, peak_cls;     /* blocks in use x stride, its peak */
static double sum_r2, sum_r16, sum_cls; /* small requests: rounded to 2, 16, class */
static unsigned pool_mask;  /* pools whose arenas count as held (0: all arenas) */
static unsigned long fails, drops;
static u32 rnd_state;
static u32 seed_off;        /* replay --seeds: other traces of each workload */
static int bad;
static int isr;             /* the trace is in its interrupt handler */
static int fixed_pools;     /* the recipe: no mem_pool_service */
static int proto;           /* run through the prototype, not the module */
static double heapbound;

/* ------------------------------------------------------------ heaps */

/* Address-ordered free lists of the reference heaps and of the prototype:
 * free blocks sorted by address, every free coalesced at once, the top
 * trimmed.  visits counts the free blocks a call looked at. */
#define RH_MAX (MAXOBJ + 8)
struct rblk {
    u32 a, size;
};
struct rheap {
    struct rblk f[RH_MAX];
    int nf;
    u32 top, peak_top;
    unsigned long calls, visits, vmax;
};
static struct rheap rheap[2];   /* 0 first fit, 1 best fit */
static u32 blk_bytes, peak_blk;
static u32 para_bytes, peak_para;  /* small objects: requests to a paragraph, live */

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

static void rh_count(struct rheap *h, int v)
{
    h->calls++;
    h->visits += (unsigned long)v;
    if ((unsigned long)v > h->vmax)
        h->vmax = (unsigned long)v;
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
    rh_count(h, best || pick < 0 ? h->nf : pick + 1);
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
    rh_count(h, k + 1);
    if (h->nf == RH_MAX) {
        fprintf(stderr, "replay: heap free list full\n");
        exit(1);
    }
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

/* ------------------------------------------------------------ prototype */

#define PC_N   MEM_DEF_PKT_CLASSES
#define PC_MAX 16
static const u16 pc_len[PC_N] = { MEM_DEF_PKT_LEN0, MEM_DEF_PKT_LEN1, MEM_DEF_PKT_LEN2 };
struct pcache {
    u32 a[PC_MAX];
    int n;
    u16 stride;
};
static struct pcache pc[PC_N];
static struct rheap ph;         /* packets */
static struct rheap psm;        /* small objects */
static u16 p_res = 1;           /* cache blocks a class: the reserve */
static u16 p_gran = 16;         /* small objects: granularity */
static u16 p_word;              /* small objects: a size word a block */
static int p_best = 1;          /* small objects: best fit */
static u32 p_chunk_peak;        /* peak held with the heaps in 1 KB chunks */
static unsigned long p_isr_take, p_isr_give;

#define PKT_MASK (((1u << POOL_N) - 1u) & ~((1u << POOL_PKT_FIRST) - 1u))

static void proto_reset(void)
{
    int k;
    memset(&ph, 0, sizeof(ph));
    memset(&psm, 0, sizeof(psm));
    memset(pc, 0, sizeof(pc));
    for (k = 0; k < PC_N; k++)
        pc[k].stride = (u16)((pc_len[k] + MEM_PKT_DATA + 15u) & ~15u);
    p_chunk_peak = 0;
    p_isr_take = p_isr_give = 0;
}

/* The service's part: every cache given back to the heap and taken anew
 * (first fit puts them in the lowest holes), largest class first. */
static void proto_service(unsigned mask)
{
    int k;
    if (!(mask & PKT_MASK))
        return;
    for (k = PC_N - 1; k >= 0; k--)
        while (pc[k].n > 0)
            rh_free(&ph, pc[k].a[--pc[k].n], pc[k].stride);
    for (k = PC_N - 1; k >= 0; k--)
        while (pc[k].n < p_res)
            pc[k].a[pc[k].n++] = rh_alloc(&ph, pc[k].stride, 0);
}

/* An allocation: small objects from their heap; packets from the packet
 * heap at frame + MEM_PKT_DATA rounded to a paragraph, at task time and
 * at interrupt time alike (the replay's interrupts never land inside a
 * task's heap call; one that did would pop its class cache instead). */
static void proto_take(struct obj *o, int kind, u16 req, int in_isr)
{
    if (!kind) {
        o->ps = (u16)(((req + p_gran - 1u) & ~(p_gran - 1u)) + p_word);
        o->pa = rh_alloc(&psm, o->ps, p_best);
        return;
    }
    if (in_isr)
        p_isr_take++;
    o->ps = (u16)((req + MEM_PKT_DATA + 15u) & ~15u);
    o->pa = rh_alloc(&ph, o->ps, 0);
}

static void proto_give(struct obj *o, int in_isr)
{
    if (!o->kind) {
        rh_free(&psm, o->pa, o->ps);
        return;
    }
    if (in_isr)
        p_isr_give++;
    rh_free(&ph, o->pa, o->ps);
}

/* held: the heaps' tops less the idle caches; *chunked: the same with the
 * heaps grown and trimmed in 1 KB DOS blocks. */
static u32 proto_held(unsigned mask, u32 *chunked)
{
    u32 h = 0, c = 0, idle = 0;
    int k;
    if (mask & PKT_MASK) {
        h += ph.top;
        c += (ph.top + 1023u) & ~1023UL;
        for (k = 0; k < PC_N; k++)
            idle += (u32)pc[k].n * pc[k].stride;
    }
    if (mask & ((1u << POOL_SMALL_CLASSES) - 1u)) {
        h += psm.top;
        c += (psm.top + 1023u) & ~1023UL;
    }
    *chunked = c - idle;
    return h - idle;
}

/* ------------------------------------------------------------ design */

/* The packet heap of docs/dev/packet-heap.md, the module's own (pheap.h;
 * see the top), loaded as pool_init_cfg loads it: the heap first, then the
 * pools, whose packet classes behind a heap hold isr_reserve blocks each
 * (D_RESERVE, the counts left 0), all on their reserve lists, and are
 * never grown by the service (pool_init.c, pool_setup).
 * Visits (the clocks of docs/dev/packet-heap.md): pheap_visits over a
 * heap call, a pheap_alloc_c (the blocks freed since put back first, then
 * the placing) or the put-back at the service; and the same over the
 * blocks placed or put back, the unit of the model this replaced. */
#define D_RESERVE 1
static int design;              /* packets through the module's heap */
static u16 d_paras = PHEAP_MAX_PARAS;   /* its paragraphs in this run */
static u16 d_top_len;           /* frames up to this from the top */
static u16 d_sized;             /* the heap_paras the recipe measured */
static unsigned long d_calls, d_visits, d_vmax;
static unsigned long d_blocks, d_pend;  /* blocks placed or put back; freed since */

/* Set up before pool_init (as pool_init_cfg does): the heap in a DOS
 * block of its own. */
static void design_boot(void)
{
    u16 seg;
    u8 umb;
    int rc;

    rc = arena_get(d_paras, 0, &seg, &umb);
    if (rc == MEM_OK)
        rc = pheap_init(seg, d_paras, d_top_len);
    if (rc != MEM_OK) {
        fprintf(stderr, "replay: a packet heap of %u paragraphs failed (%d)\n", d_paras, rc);
        exit(1);
    }
    d_calls = d_visits = d_vmax = 0;
    d_blocks = d_pend = 0;
}

/* A heap call's free blocks looked at (pheap_visits); a put-back that
 * found nothing freed (it looked at none) is no call. */
static void d_count(void)
{
    if (pheap_visits == 0)
        return;
    d_calls++;
    d_visits += pheap_visits;
    if (pheap_visits > d_vmax)
        d_vmax = pheap_visits;
}

static mem_fp_t d_alloc(u16 len)
{
    mem_fp_t p;

    pheap_visits = 0;
    p = pheap_alloc_c(len);
    d_count();
    d_blocks += d_pend + 1;
    d_pend = 0;
    return p;
}

/* The service in a design run: the pools' and the heap's put-back (one
 * call; a mem_pool_service that puts back itself leaves it nothing). */
static void d_service(void)
{
    pheap_visits = 0;
    mod_pool_service();
    if (!pheap_putback_c()) {
        fprintf(stderr, "replay: the packet heap was busy at the service\n");
        bad = 1;
    }
    d_count();
    d_blocks += d_pend;
    d_pend = 0;
}

/* ------------------------------------------------------------ common */

static u32 rnd(void)
{
    rnd_state = rnd_state * 1103515245UL + 12345UL;
    return (rnd_state >> 8) & 0xFFFFFFUL;
}

static void row(const char *metric, double v, const char *unit, int decimals)
{
    printf("%s\t-\t%.*f\t%s\n", metric, decimals, v, unit);
}

static void rowf(const char *fmt, const char *name, double v, const char *unit, int decimals)
{
    char m[80];
    sprintf(m, fmt, name);
    row(m, v, unit, decimals);
}

static mem_fp_t near_fp(const void *p)
{
    return MEM_FP(port_ds(), port_near(p));
}

static u32 held_now(void)
{
    u32 b = 0;
    int i;
    for (i = 0; i < ARENA_MAX; i++) {
        u16 seg = arena_tab[i].seg;
        if (seg == 0)
            continue;
        if (pool_mask && !(port_peekw(seg, AH_SIG) == ARENA_SIG_OF(port_peekb(seg, AH_POOL)) &&
                           (pool_mask >> port_peekb(seg, AH_POOL)) & 1u))
            continue;
        b += (u32)arena_tab[i].paras << 4;
    }
    return b - base_held;
}

/* Bytes on the reserve lists of the counted pools now. */
static u32 res_now(void)
{
    u32 b = 0;
    int i;
    for (i = 0; i < POOL_N; i++)
        if ((pool_mask >> i) & 1u)
            b += (u32)pools[i].nres * pool_ctl[i].stride;
    return b;
}

static void note(void)
{
    u32 h, c;
    if (proto) {
        h = proto_held(pool_mask, &c);
        if (c > p_chunk_peak)
            p_chunk_peak = c;
    } else {
        h = held_now() - res_now();
        if (design && d_paras != PHEAP_MAX_PARAS)
            h += (u32)d_paras << 4;     /* a sized heap: its whole block */
        else if (design)    /* the largest: the block the recipe measures */
            h += PHEAP_FIRST + PHEAP_NEED();
    }
    if (h > peak_held)
        peak_held = h;
    if (live_bytes > peak_live)
        peak_live = live_bytes;
}

static double frag_now(void)
{
    return peak_live ? ((double)peak_held / peak_live - 1.0) * 100.0 : 0.0;
}

/* A driver's struct mem_config, the fields the replay sets. */
struct cfg {
    u16 small;          /* small_count */
    u16 npkt;           /* 0: the default classes */
    u16 len[MEM_PKT_CLASSES_MAX];
    u16 num[MEM_PKT_CLASSES_MAX];   /* 0: the default count */
    u16 reserve;        /* isr_reserve */
};

/* A design run's classes (see design_boot): the default ones, each
 * isr_reserve blocks behind the heap. */
static const struct cfg d_cfg = {
    0, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, D_RESERVE
};

static void boot(const struct cfg *c)
{
    struct sim_config sc;
    int rc;

    sim_config_default(&sc);
    sc.xms = 0;                     /* conventional memory only */
    sim_reset(&sc);
    memset(arena_tab, 0, sizeof(arena_tab));
    memset(&mod, 0, sizeof(mod));
    mod.initialised = 1;
    mod.cpu = (u8)sim_cpu_type();
    mod.v86 = (u8)sim_cpu_v86();
    if (dma_init() != MEM_OK) {
        fprintf(stderr, "replay: dma_init failed\n");
        exit(1);
    }
    memset(&pheap, 0, sizeof(pheap));     /* no heap, */
    memset(&pools[POOL_HEAP_REC], 0, sizeof(pools[POOL_HEAP_REC]));
    if (design)                             /* or the design's */
        design_boot();
    rc = pool_init(c->small, c->npkt, c->npkt ? c->len : 0, c->num, c->reserve);
    if (rc != MEM_OK) {
        fprintf(stderr, "replay: pool_init failed (%d)\n", rc);
        exit(1);
    }
    memset(ob, 0, sizeof(ob));
    ob_top = 0;
    ob_free = -1;
    memset(in_pool, 0, sizeof(in_pool));
    memset(peak_pool, 0, sizeof(peak_pool));
    live_bytes = peak_live = peak_held = base_held = res_bytes = 0;
    cls_bytes = peak_cls = 0;
    sum_r2 = sum_r16 = sum_cls = 0.0;
    memset(rheap, 0, sizeof(rheap));
    blk_bytes = peak_blk = 0;
    para_bytes = peak_para = 0;
    pool_mask = 0;
    fails = drops = 0;
    isr = 0;
    proto_reset();
}

#define PKT_POOLS   (((1u << POOL_N) - 1u) & ~((1u << POOL_PKT_FIRST) - 1u))
#define SMALL_POOLS ((1u << POOL_SMALL_CLASSES) - 1u)

/* Count the arenas of the pools in mask as held; reserve_bytes. */
static void held_pools(unsigned mask)
{
    int i;
    pool_mask = mask;
    res_bytes = 0;
    for (i = 0; i < POOL_N; i++)
        if ((mask >> i) & 1u)
            res_bytes += (u32)pool_ctl[i].res_target * pool_ctl[i].stride;
    if (proto) {
        res_bytes = 0;
        if (mask & PKT_POOLS)
            for (i = 0; i < PC_N; i++)
                res_bytes += (u32)p_res * pc[i].stride;
    }
    note();
}

static void give(int h);

static void shutdown(void)
{
    int i;
    for (i = 0; i < ob_top; i++)
        if (ob[i].used)
            give(i);
    if (mod_pool_check() != MEM_OK) {
        fprintf(stderr, "replay: mem_pool_check failed\n");
        bad = 1;
    }
    if (design) {       /* all freed and put back: one free block again */
        if (!pheap_putback_c() || pheap.low != PHEAP_FIRST || pheap.high != PHEAP_FIRST ||
            port_peekw(pheap.seg, PHEAP_FIRST + HB_SIZE) != pheap.end - PHEAP_FIRST) {
            fprintf(stderr, "replay: the packet heap did not coalesce back whole\n");
            bad = 1;
        }
        arena_put(pheap.seg);
        memset(&pheap, 0, sizeof(pheap));
        memset(&pools[POOL_HEAP_REC], 0, sizeof(pools[POOL_HEAP_REC]));
    }
    dma_map_release();
    dma_release_all();
    pool_release();
}

/* An object in the current context: a packet buffer for a frame of req
 * bytes (kind 1) or a small object of req bytes; its handle, or -1 when
 * none was free (counted in fails). */
static int take(int kind, u16 req)
{
    mem_fp_t p = MEM_FP_NULL;
    struct obj *o;
    int h;
    u8 pi = POOL_N;

    if (!proto) {
        p = !kind ? pool_small_alloc_c(req) : design ? d_alloc(req) : pool_pkt_alloc_c(req);
        if (p == MEM_FP_NULL) {
            fails++;
            return -1;
        }
        pi = port_peekb(MEM_FP_SEG(p), AH_POOL);
    }
    if (ob_free >= 0) {
        h = ob_free;
        ob_free = ob[h].next;
    } else {
        if (ob_top == MAXOBJ) {
            fprintf(stderr, "replay: too many live objects\n");
            exit(1);
        }
        h = ob_top++;
    }
    o = &ob[h];
    o->p = p;
    o->used = 1;
    o->kind = (u8)kind;
    o->fisr = 0;
    o->until = 0;
    o->lb = kind ? (u16)(req + MEM_PKT_DATA) : (u16)((req + 1u) & ~1u);
    o->hsize = (u16)(kind ? (req + MEM_PKT_DATA + 15u) & ~15u : (req + 1u) & ~1u);
    o->ha[0] = rh_alloc(&rheap[0], o->hsize, 0);
    o->ha[1] = rh_alloc(&rheap[1], o->hsize, 1);
    blk_bytes += o->hsize;
    if (blk_bytes > peak_blk)
        peak_blk = blk_bytes;
    o->pool = pi;
    if (pi < POOL_N) {
        if (++in_pool[pi] > peak_pool[pi])
            peak_pool[pi] = in_pool[pi];
        cls_bytes += pool_ctl[pi].stride;
        if (cls_bytes > peak_cls)
            peak_cls = cls_bytes;
        if (!kind) {
            sum_r2 += (req + 1u) & ~1u;
            sum_r16 += (req + 15u) & ~15u;
            sum_cls += pool_ctl[pi].stride;
        }
    }
    if (proto)
        proto_take(o, kind, req, isr);
    live_bytes += o->lb;
    if (!kind) {
        o->r16 = (u16)((req + 15u) & ~15u);
        para_bytes += o->r16;
        if (para_bytes > peak_para)
            peak_para = para_bytes;
    }
    note();
    return h;
}

static void give(int h)
{
    struct obj *o = &ob[h];
    int rc;

    if (proto) {
        proto_give(o, isr);
    } else {
        if (design && o->pool == POOL_HEAP_REC)
            d_pend++;
        rc = o->kind ? pool_pkt_free_c(o->p) : pool_small_free_c(o->p);
        if (rc < 0) {
            fprintf(stderr, "replay: free refused (%d)\n", rc);
            bad = 1;
        }
        if (o->pool < POOL_N) {
            in_pool[o->pool]--;
            cls_bytes -= pool_ctl[o->pool].stride;
        }
    }
    live_bytes -= o->lb;
    if (!o->kind)
        para_bytes -= o->r16;
    rh_free(&rheap[0], o->ha[0], o->hsize);
    rh_free(&rheap[1], o->ha[1], o->hsize);
    blk_bytes -= o->hsize;
    o->used = 0;
    o->p = MEM_FP_NULL;
    o->next = ob_free;
    ob_free = h;
}

/* The frame in packet buffer h is now len bytes (the card wrote it, or the
 * buffer is posted to the ring for a full frame). */
static void relen(int h, u16 len)
{
    struct obj *o = &ob[h];
    if (!proto)
        port_pokew(MEM_FP_SEG(o->p), (u16)(MEM_FP_OFF(o->p) + MEM_PKT_OFF_LEN), len);
    live_bytes = live_bytes - o->lb + len + MEM_PKT_DATA;
    o->lb = (u16)(len + MEM_PKT_DATA);
    if (o->lb > o->hsize) {     /* the heaps allocate what it must hold */
        rh_free(&rheap[0], o->ha[0], o->hsize);
        rh_free(&rheap[1], o->ha[1], o->hsize);
        blk_bytes -= o->hsize;
        o->hsize = (u16)((o->lb + 15u) & ~15u);
        o->ha[0] = rh_alloc(&rheap[0], o->hsize, 0);
        o->ha[1] = rh_alloc(&rheap[1], o->hsize, 1);
        blk_bytes += o->hsize;
        if (blk_bytes > peak_blk)
            peak_blk = blk_bytes;
    }
    note();
}

/* Bytes a packet buffer holds from its header on (its header's cap). */
static u16 cap_of(int h)
{
    if (proto)
        return ob[h].ps;
    return port_peekw(MEM_FP_SEG(ob[h].p), (u16)(MEM_FP_OFF(ob[h].p) + MEM_PKT_OFF_CAP));
}

static void expire(long now)
{
    int i, was = isr;
    for (i = 0; i < ob_top; i++)
        if (ob[i].used && (now < 0 || ob[i].until <= now)) {
            isr = ob[i].fisr;
            give(i);
        }
    isr = was;
}

static void service(void)
{
    if (proto)
        proto_service(pool_mask);
    else if (design)
        d_service();
    else if (!fixed_pools)
        mod_pool_service();
    note();
}

/* ------------------------------------------------------------ frame sizes */

static u16 bulk_frame(void)
{
    return (u16)(rnd() % 10 == 0 ? 60 : 1514);
}

static u16 imix_frame(void)
{
    u32 r = rnd() % 12;
    return (u16)(r < 7 ? 60 : r < 11 ? 590 : 1514);
}

/* Sinha et al. (see the top): 40% at IP 40, 20% at IP 1500, the rest
 * spread evenly over IP 41..1499. */
static u16 inet_frame(void)
{
    u32 r = rnd() % 100, ip;
    if (r < 40)
        return 60;
    if (r < 60)
        return 1514;
    ip = 41 + rnd() % 1459;
    return (u16)(ip + 14 < 60 ? 60 : ip + 14);
}

static u16 (*frame)(void);

/* ------------------------------------------------------------ queues */

#define QCAP 64
struct fifo {
    int h[QCAP];
    int head, n;
};

static void q_put(struct fifo *q, int h)
{
    q->h[(q->head + q->n) % QCAP] = h;
    q->n++;
}

static int q_get(struct fifo *q)
{
    int h = q->h[q->head];
    q->head = (q->head + 1) % QCAP;
    q->n--;
    return h;
}

/* ------------------------------------------------------------ workloads */

static void tr_rx_burst(void)
{
    int burst, k;
    rnd_state = 1UL + seed_off;
    for (burst = 0; burst < 50; burst++) {
        isr = 1;
        for (k = 0; k < 32; k++)
            take(1, bulk_frame());
        isr = 0;
        expire(-1);
        service();
    }
}

#define RING   16
#define RXQ    32
#define TXQ    32
#define TICKS  20000L

static int ring[RING];
static struct fifo rxq, txq;

/* Frames a tick: a burst of 1..16 one tick in eight, else one frame every
 * other tick. */
static int arrivals(void)
{
    u32 r = rnd() % 16;
    if (r < 2)
        return (int)(1 + rnd() % 16);
    return r < 9 ? 1 : 0;
}

/* The ISR: a frame of len bytes arrived in ring slot slot. */
static void rx_frame(int slot, u16 len)
{
    int b = ring[slot], q;
    if (rxq.n == RXQ) {
        drops++;                        /* queue full: the buffer stays */
        return;
    }
    q = take(1, len);
    if (q < 0) {
        drops++;
        return;
    }
    if (cap_of(q) < cap_of(b)) {        /* copy-break: the copy is queued */
        q_put(&rxq, q);
        return;
    }
    relen(b, len);                      /* hand the ring buffer on ... */
    q_put(&rxq, b);
    relen(q, MEM_PKT_MAX);              /* ... and post the new one */
    ring[slot] = q;
}

static void tr_rx_ring(void)
{
    long t;
    int i, n, slot = 0;
    memset(&rxq, 0, sizeof(rxq));
    for (i = 0; i < RING; i++)          /* the driver opens the card */
        ring[i] = take(1, MEM_PKT_MAX);
    for (t = 0; t < TICKS; t++) {
        n = arrivals();
        isr = 1;
        for (i = 0; i < n; i++) {
            rx_frame(slot, frame());
            slot = (slot + 1) % RING;
        }
        isr = 0;
        for (i = 0; i < 2 && rxq.n; i++)
            give(q_get(&rxq));
        service();
    }
    while (rxq.n)
        give(q_get(&rxq));
}

static void tr_rx_ring_imix(void)
{
    rnd_state = 11UL + seed_off;
    frame = imix_frame;
    tr_rx_ring();
}

static void tr_rx_ring_inet(void)
{
    rnd_state = 12UL + seed_off;
    frame = inet_frame;
    tr_rx_ring();
}

/* budget: wire bytes a tick, 4/3 of the mean offered (1.5 frames). */
static void tr_tx_queue(long budget)
{
    long t, credit = 0, wire;
    int i, n, h;
    memset(&txq, 0, sizeof(txq));
    for (t = 0; t < TICKS; t++) {
        n = arrivals();
        for (i = 0; i < n && txq.n < TXQ; i++) {
            h = take(1, frame());
            if (h >= 0)
                q_put(&txq, h);
            else
                drops++;
        }
        credit += budget;
        isr = 1;
        while (txq.n) {
            wire = (long)ob[txq.h[txq.head]].lb - MEM_PKT_DATA + 24;
            if (credit < wire)
                break;
            credit -= wire;
            give(q_get(&txq));
        }
        isr = 0;
        if (txq.n == 0 && credit > budget)
            credit = budget;
        service();
    }
    while (txq.n)
        give(q_get(&txq));
}

static void tr_tx_queue_imix(void)
{
    rnd_state = 21UL + seed_off;
    frame = imix_frame;
    tr_tx_queue(2L * (7L * 84 + 4L * 614 + 1538) / 12);
}

static void tr_tx_queue_inet(void)
{
    rnd_state = 22UL + seed_off;
    frame = inet_frame;
    /* mean frame: 0.4 x 60 + 0.2 x 1514 + 0.4 x 786.5 */
    tr_tx_queue(2L * (40L * 84 + 20L * 1538 + 40L * 810) / 100);
}

static void tr_steady(void)
{
    long t;
    int h;
    rnd_state = 2UL + seed_off;
    for (t = 0; t < 20000; t++) {
        expire(t);
        isr = (int)(t & 1);             /* receive: the ISR takes it */
        h = take(1, imix_frame());
        isr = 0;
        if (h >= 0) {
            ob[h].until = t + 1 + (long)(rnd() % 24);
            ob[h].fisr = (u8)(!(t & 1));    /* transmit: the ISR frees it */
        }
        if (t % 8 == 7)
            service();
    }
    expire(-1);
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

static void tr_small(void)
{
    long t;
    int h;
    rnd_state = 3UL + seed_off;
    for (t = 0; t < 20000; t++) {
        expire(t);
        h = take(0, small_size());
        if (h >= 0)
            ob[h].until = t + 1 + (long)(rnd() % 200);
        if (t % 16 == 15)
            service();
    }
    expire(-1);
}

/* ------------------------------------------------------------ runs */

struct workload {
    const char *name;
    void (*fn)(void);
    unsigned mask;
    int typical;
    struct cfg base;            /* the driver's own settings */
    u16 (*dist)(void);          /* packets: its frame sizes */
    u16 posted;                 /* full-size buffers posted to the card */
    u16 rcp_n;                  /* the recipe's classes (0: the defaults) */
    u16 rcp_len[MEM_PKT_CLASSES_MAX];
};

/* rx_ring_inet, tx_queue_inet: four classes fitted to the distribution
 * (docs/api-guide.md, "Sizing the pools", step 1): 64 for the minimum
 * frames, and the 40% spread evenly over 60..1513 cut into three equal
 * spans (a boundary halfway between its neighbours minimises the mean
 * stride of an even spread), each limit rounded down to a frame length
 * whose stride wastes nothing (16 m - MEM_PKT_DATA): 60 + 1454/3 = 544.7
 * -> 544, 60 + 2 x 1454/3 = 1029.3 -> 1024. */
static const struct workload wls[] = {
    { "rx_burst", tr_rx_burst, PKT_POOLS, 1, { 0, 0, { 0, 0, 0, 0 }, { 0, 0, 32, 0 }, 0 },
      bulk_frame, 0, 0, { 0, 0, 0, 0 } },
    { "rx_ring_imix", tr_rx_ring_imix, PKT_POOLS, 1, { 0, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, 0 },
      imix_frame, RING, 0, { 0, 0, 0, 0 } },
    { "rx_ring_inet", tr_rx_ring_inet, PKT_POOLS, 1, { 0, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, 0 },
      inet_frame, RING, 4, { 64, 544, 1024, 1514 } },
    { "tx_queue_imix", tr_tx_queue_imix, PKT_POOLS, 1, { 0, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, 0 },
      imix_frame, 0, 0, { 0, 0, 0, 0 } },
    { "tx_queue_inet", tr_tx_queue_inet, PKT_POOLS, 1, { 0, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, 0 },
      inet_frame, 0, 4, { 64, 544, 1024, 1514 } },
    { "steady_mixed", tr_steady, PKT_POOLS, 0, { 0, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, 0 },
      imix_frame, 0, 0, { 0, 0, 0, 0 } },
    { "small_churn", tr_small, SMALL_POOLS, 0, { 0, 0, { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, 0 },
      0, 0, 0, { 0, 0, 0, 0 } }
};

static struct mem_pool_stats g_ps;

static int pool_stat(u16 pub)
{
    memset(&g_ps, 0, sizeof(g_ps));
    g_ps.size = sizeof(g_ps);
    return mod_pool_stats(pub, near_fp(&g_ps));
}

/* One run of w in configuration c: boot, replay, the peaks. */
static void run(const struct workload *w, const struct cfg *c)
{
    boot(c);
    held_pools(w->mask);
    w->fn();
}

/* The reference figures of a workload, from the run in which every
 * buffer comes from its own class (packets: the recipe's measurement with
 * its classes, generous; small objects: the recipe run): the two heaps,
 * the classes' own peaks (classbound) and their joint peak. */
static double ref_ff, ref_bf;
static u32 ref_bound, ref_cls, ref_live, ref_para;

static void reference(const struct workload *w)
{
    int i;

    ref_bound = 0;
    for (i = 0; i < POOL_N; i++)
        if ((w->mask >> i) & 1u)
            ref_bound += (u32)peak_pool[i] * pool_ctl[i].stride;
    for (i = 0; i < 2; i++)
        if (rheap[i].peak_top < peak_blk || (live_bytes == 0 && (rheap[i].top || rheap[i].nf))) {
            fprintf(stderr, "replay: %s: reference heap %d inconsistent (peak %lu, "
                    "blocks %lu, top %lu, %d free)\n", w->name, i,
                    (unsigned long)rheap[i].peak_top, (unsigned long)peak_blk,
                    (unsigned long)rheap[i].top, rheap[i].nf);
            bad = 1;
        }
    ref_ff = ((double)rheap[0].peak_top / peak_live - 1.0) * 100.0;
    ref_bf = ((double)rheap[1].peak_top / peak_live - 1.0) * 100.0;
    ref_cls = peak_cls;
    ref_live = peak_live;
    ref_para = peak_para;
    if ((w->mask & SMALL_POOLS) && (peak_para < peak_live || para_bytes != 0)) {
        fprintf(stderr, "replay: %s: paragraph bound inconsistent (peak %lu, live peak %lu, "
                "left %lu)\n", w->name, (unsigned long)peak_para, (unsigned long)peak_live,
                (unsigned long)para_bytes);
        bad = 1;
    }
}

/* The figures with bars of one configuration's run. */
struct barfig {
    double frag;
    u32 held, live, res;
    unsigned long fails;
};

static void take_fig(struct barfig *b)
{
    b->frag = frag_now();
    b->held = peak_held;
    b->live = peak_live;
    b->res = res_bytes;
    b->fails = fails;
}

static void print_fig(const struct workload *w, const struct barfig *b)
{
    rowf("frag_%s_pct", w->name, b->frag, "%", 2);
    rowf("held_peak_%s", w->name, b->held, "bytes", 0);
    rowf("live_peak_%s", w->name, b->live, "bytes", 0);
    rowf("reserve_bytes_%s", w->name, b->res, "bytes", 0);
    rowf("fails_%s", w->name, (double)b->fails, "allocs", 0);
}

static void report(const struct workload *w)
{
    double lo = ref_ff < ref_bf ? ref_ff : ref_bf;

    if (lo > heapbound)
        heapbound = lo;
    rowf("frag_%s_firstfit_pct", w->name, ref_ff, "%", 2);
    rowf("frag_%s_bestfit_pct", w->name, ref_bf, "%", 2);
    rowf("frag_%s_classbound_pct", w->name, ((double)ref_bound / ref_live - 1.0) * 100.0, "%", 2);
    rowf("held_classbound_%s", w->name, ref_bound, "bytes", 0);
    rowf("frag_%s_jointbound_pct", w->name, ((double)ref_cls / ref_live - 1.0) * 100.0, "%", 2);
    if (w->mask & SMALL_POOLS)
        rowf("frag_%s_parabound_pct", w->name, ((double)ref_para / ref_live - 1.0) * 100.0, "%", 2);
    fprintf(stderr, "replay: %-13s recipe   held %6lu live %6lu frag %7.2f%%  fails %lu drops %lu  "
            "reserve %lu\n", w->name, (unsigned long)peak_held, (unsigned long)peak_live,
            frag_now(), fails, drops, (unsigned long)res_bytes);
    fprintf(stderr, "replay: %-13s own classes, no spill: live %lu; first fit %.2f%%  best fit "
            "%.2f%%; the classes' own peaks x stride %lu (classbound %.2f%%); blocks in use x "
            "stride at their joint peak %lu (jointbound %.2f%%: class rounding)", w->name,
            (unsigned long)ref_live, ref_ff, ref_bf, (unsigned long)ref_bound,
            ((double)ref_bound / ref_live - 1.0) * 100.0, (unsigned long)ref_cls,
            ((double)ref_cls / ref_live - 1.0) * 100.0);
    if (w->mask & SMALL_POOLS)
        fprintf(stderr, "; live requests to a paragraph at their peak %lu (parabound %.2f%%)",
                (unsigned long)ref_para, ((double)ref_para / ref_live - 1.0) * 100.0);
    if (sum_r2 > 0)
        fprintf(stderr, "; requests: to a paragraph +%.2f%%, to their class +%.2f%% over "
                "rounded to 2", (sum_r16 / sum_r2 - 1.0) * 100.0, (sum_cls / sum_r2 - 1.0) * 100.0);
    fprintf(stderr, "\n");
}

/* One measurement run of w (docs/api-guide.md, "Sizing the pools") with
 * the packet classes len[0..n-1]: num[k] blocks of each, 0 = generous
 * (RCP_ROOM); with the service and the default reserve, or as the recipe
 * runs (fixed: reserve 1, no service).  The classes' high marks from
 * mem_pool_stats into high[].  A generous class must not run dry (fails 0,
 * low above 0), or its mark would be short.  ref: keep the reference
 * figures of this run. */
#define RCP_ROOM 64
static void measure(const struct workload *w, u16 n, const u16 *len, const u16 *num,
                    int fixed, int ref, u16 *high)
{
    struct cfg m = w->base;
    u16 k;

    m.npkt = n;
    for (k = 0; k < MEM_PKT_CLASSES_MAX; k++) {
        m.len[k] = k < n ? len[k] : 0;
        m.num[k] = k < n ? (num[k] ? num[k] : RCP_ROOM) : 0;
    }
    m.small = RCP_ROOM;
    m.reserve = (u16)(fixed ? 1 : 0);
    fixed_pools = fixed;
    run(w, &m);
    for (k = 0; k < n; k++) {
        pool_stat((u16)MEM_POOL_PKTC(k));
        high[k] = g_ps.high;
        if (num[k] == 0 && (g_ps.fails || g_ps.low == 0)) {
            fprintf(stderr, "replay: %s: class %u ran dry in a measurement\n", w->name, len[k]);
            bad = 1;
        }
    }
    if (ref)
        reference(w);
    shutdown();
    fixed_pools = 0;
}

/* The share of w's frames that class k of len[0..n-1] serves first: from
 * the frame-size distribution (DIST_DRAWS frames drawn from it with a
 * seed of its own), not from the trace. */
#define DIST_DRAWS 100000L
static void shares(const struct workload *w, u16 n, const u16 *len, double *p)
{
    u32 save = rnd_state;
    long i;
    u16 k, l;

    for (k = 0; k < n; k++)
        p[k] = 0.0;
    rnd_state = 99;
    for (i = 0; i < DIST_DRAWS; i++) {
        l = w->dist();
        for (k = 0; k + 1 < n && l > len[k]; k++)
            ;
        p[k] += 1.0 / DIST_DRAWS;
    }
    rnd_state = save;
}

static void print_counts(const struct workload *w, const char *what, u16 n, const u16 *len,
                         const u16 *num)
{
    u16 k;
    fprintf(stderr, "replay: %-13s recipe   %s:", w->name, what);
    for (k = 0; k < n; k++)
        fprintf(stderr, " %u x %u", num[k], len[k]);
    fprintf(stderr, "\n");
}

/* The recipe of docs/api-guide.md ("Sizing the pools") for w, applied as
 * written there: packets steps 1-5 (fixed pools that spill upwards),
 * small objects step 6. */
static void recipe(const struct workload *w, struct cfg *c)
{
    struct cfg m = w->base;
    u16 k, j, n, lo = 0xFFFFu, f, r, top;
    u16 len[MEM_PKT_CLASSES_MAX], sl[MEM_PKT_CLASSES_MAX], num[MEM_PKT_CLASSES_MAX];
    u16 zero[MEM_PKT_CLASSES_MAX], high[MEM_PKT_CLASSES_MAX], own[MEM_PKT_CLASSES_MAX];
    u16 peak[MEM_PKT_CLASSES_MAX];
    double p[MEM_PKT_CLASSES_MAX];

    *c = w->base;
    memset(zero, 0, sizeof(zero));
    memset(high, 0, sizeof(high));
    if (w->mask & SMALL_POOLS) {        /* step 6: the lowest high mark; the service */
        for (k = 0; k < MEM_PKT_CLASSES_MAX; k++)
            m.num[k] = RCP_ROOM;
        m.small = RCP_ROOM;
        run(w, &m);
        for (k = 0; k < POOL_SMALL_CLASSES; k++) {
            pool_stat(k);
            if (g_ps.high != 0 && g_ps.high < lo)
                lo = g_ps.high;
            if (g_ps.low == 0 || g_ps.fails) {
                fprintf(stderr, "replay: %s: S%u ran dry in the measurement\n", w->name, 16u << k);
                bad = 1;
            }
        }
        shutdown();
        c->small = lo == 0xFFFFu ? 1 : lo;
        fprintf(stderr, "replay: %-13s recipe   small_count %u, isr_reserve %u, the service\n",
                w->name, c->small, MEM_DEF_ISR_RESERVE);
        return;
    }

    /* step 1: the classes (the defaults, or fitted: wls[]) and the share
     * of the frames each serves */
    n = w->rcp_n ? w->rcp_n : MEM_DEF_PKT_CLASSES;
    for (k = 0; k < n; k++)
        len[k] = w->rcp_n ? w->rcp_len[k] : (u16)(k == 0 ? MEM_DEF_PKT_LEN0 :
                                                  k == 1 ? MEM_DEF_PKT_LEN1 : MEM_DEF_PKT_LEN2);
    shares(w, n, len, p);

    /* step 2: measure; peak[j], the most buffers of classes j and up in
     * use at once, is the largest class's mark in a run with the classes
     * j .. n-2 left out (their frames go to it); the run with every class
     * (j = n - 1) gives each class's own mark */
    for (j = 0; j < n; j++) {
        for (k = 0; k < j; k++)
            sl[k] = len[k];
        sl[j] = len[n - 1];
        measure(w, (u16)(j + 1), sl, zero, 0, j + 1 == n, high);
        peak[j] = high[j];
    }
    memcpy(own, high, sizeof(own));

    /* step 3: the counts.  The smallest class: its share of the buffers a
     * full queue holds (the most in use at once less the full-size ones
     * posted to the card); a class between: what its frames add to the
     * peak of the classes above it, at least isr_reserve + 2; the largest
     * class provisionally its own mark.  A class no frame falls in is left
     * out. */
    f = (u16)(peak[0] - w->posted);
    for (j = 0, k = 0; j < n; j++) {
        if (j + 1 < n && p[j] == 0.0)
            continue;
        sl[k] = len[j];
        if (j + 1 == n)
            num[k] = own[j];
        else if (k == 0)
            num[k] = (u16)(f * p[j] + 0.999999);
        else
            num[k] = (u16)(peak[j] - peak[j + 1]);
        if (num[k] < 3)
            num[k] = 3;
        k++;
    }
    n = k;
    print_counts(w, "steps 1-3", n, sl, num);

    /* step 4: a run with these counts, the largest class generous, as the
     * recipe runs (isr_reserve 1, no service): frames that spilled into
     * the largest class and lingered raise its mark above its own; hold
     * them one class lower, where a block costs less */
    top = num[n - 1];
    num[n - 1] = 0;
    measure(w, n, sl, num, 1, 0, high);
    r = high[n - 1] > top ? (u16)(high[n - 1] - top) : 0;
    if (r && n > 1) {
        num[n - 2] = (u16)(num[n - 2] + r);
        /* step 5: the largest class's count from the same run again */
        measure(w, n, sl, num, 1, 0, high);
    }
    num[n - 1] = high[n - 1] < 3 ? 3 : high[n - 1];

    c->reserve = 1;
    c->npkt = n;
    for (k = 0; k < MEM_PKT_CLASSES_MAX; k++) {
        c->len[k] = k < n ? sl[k] : 0;
        c->num[k] = k < n ? num[k] : 0;
    }
    fprintf(stderr, "replay: %-13s recipe   shares", w->name);
    for (k = 0; k < (w->rcp_n ? w->rcp_n : MEM_DEF_PKT_CLASSES); k++)
        fprintf(stderr, " %.3f", p[k]);
    fprintf(stderr, "; own marks");
    for (k = 0; k < (w->rcp_n ? w->rcp_n : MEM_DEF_PKT_CLASSES); k++)
        fprintf(stderr, " %u", own[k]);
    fprintf(stderr, "; peaks from each class up");
    for (k = 0; k < (w->rcp_n ? w->rcp_n : MEM_DEF_PKT_CLASSES); k++)
        fprintf(stderr, " %u", peak[k]);
    fprintf(stderr, "; step 4 moved %u down\n", r);
    print_counts(w, "pkt_classes, isr_reserve 1, no service", n, c->len, c->num);
}

static void proto_report(const struct workload *w)
{
    struct rheap *h = (w->mask & PKT_POOLS) ? &ph : &psm;
    rowf("frag_%s_proto_pct", w->name, frag_now(), "%", 2);
    fprintf(stderr, "replay: %-13s proto    held %6lu live %6lu frag %7.2f%% (in 1 KB DOS "
            "blocks %.2f%%)  reserve %lu  interrupt-time heap calls %lu + %lu; a heap "
            "call looked at %.1f free blocks (at most %lu)\n", w->name,
            (unsigned long)peak_held, (unsigned long)peak_live, frag_now(),
            ((double)p_chunk_peak / peak_live - 1.0) * 100.0, (unsigned long)res_bytes,
            p_isr_take, p_isr_give, h->calls ? (double)h->visits / h->calls : 0.0, h->vmax);
}

/* The prototype's small-object heap at granularity gran, with a size word
 * of word bytes a block, first or best fit. */
static void proto_small(const struct workload *w, u16 gran, u16 word, int best)
{
    p_gran = gran;
    p_word = word;
    p_best = best;
    run(w, &w->base);
    fprintf(stderr, "replay: %-13s proto    small objects at %2u bytes%s, %s fit: frag %.2f%%\n",
            w->name, gran, word ? " + a size word" : "", best ? "best" : "first", frag_now());
    shutdown();
    p_gran = 16;
    p_word = 0;
    p_best = 1;
}

/* A design run of w ended: did its heap place every allocation? */
static int d_placed(const struct workload *w, const char *what)
{
    if (pools[POOL_HEAP_REC].fails == 0)
        return 1;
    fprintf(stderr, "replay: %s: design (%u from the top) in %u paragraphs%s: %u allocations "
            "not placed\n", w->name, d_top_len, d_paras, what, pools[POOL_HEAP_REC].fails);
    return 0;
}

/* The design on w, frames up to top_len bytes from the top: its figure
 * (the heap PHEAP_NEED() measured in the largest one) and the free blocks
 * a heap call looked at there, and its sizing checked: a heap of the
 * measured size places every allocation and needs no more.  First fit:
 * the layout is the first-fit reference heap's (equal peaks), and one
 * paragraph less does not place everything (the measure is the least,
 * and the check can fail).  From both ends a smaller heap may still hold
 * the trace, its blocks placed otherwise; the measure is then what the
 * recipe can read, not the least. */
static double design_run(const struct workload *w, u16 top_len, double *visits,
                         unsigned long *vmax, u32 *hdr, struct barfig *sized)
{
    double f;
    u16 need;

    design = 1;
    d_top_len = top_len;
    d_paras = PHEAP_MAX_PARAS;
    run(w, &d_cfg);
    f = frag_now();
    need = PHEAP_NEED();
    *hdr = peak_held - need;    /* the arena headers, the heap's too */
    visits[0] = d_calls ? (double)d_visits / d_calls : 0.0;
    visits[1] = d_blocks ? (double)d_visits / d_blocks : 0.0;
    *vmax = d_vmax;
    if (!d_placed(w, ", the largest heap"))
        bad = 1;
    if (top_len == 0 && need != rheap[0].peak_top) {
        fprintf(stderr, "replay: %s: design, first fit, needs %u, the first-fit heap "
                "%lu\n", w->name, need, (unsigned long)rheap[0].peak_top);
        bad = 1;
    }
    shutdown();
    if (need / 16 < PHEAP_MIN_PARAS) {
        fprintf(stderr, "replay: %s: design (%u from the top) measured %u bytes, below the "
                "least heap\n", w->name, top_len, need);
        bad = 1;
    } else {
        d_paras = (u16)(1 + need / 16);
        d_sized = d_paras;
        run(w, &d_cfg);
        take_fig(sized);
        if (!d_placed(w, ", the size measured"))
            bad = 1;
        if (sized->frag != f) {
            fprintf(stderr, "replay: %s: design (%u from the top) holds %.2f%% in the heap "
                    "measured, %.2f%% in the largest\n", w->name, top_len, sized->frag, f);
            bad = 1;
        }
        if (PHEAP_NEED() != need) {
            fprintf(stderr, "replay: %s: design (%u from the top) in %u paragraphs needs %u "
                    "bytes, measured %u\n", w->name, top_len, d_paras, PHEAP_NEED(), need);
            bad = 1;
        }
        shutdown();
        if (top_len == 0) {
            d_paras = (u16)(need / 16);
            run(w, &d_cfg);
            if (pools[POOL_HEAP_REC].fails == 0) {
                fprintf(stderr, "replay: %s: design (first fit) in %u paragraphs placed "
                        "everything\n", w->name, d_paras);
                bad = 1;
            }
            shutdown();
        }
    }
    d_paras = PHEAP_MAX_PARAS;
    design = 0;
    return f;
}

static double run_workload(const struct workload *w, double *deflt)
{
    struct cfg c;
    struct barfig cls, heap;
    double ff, f2, vis[2];
    unsigned long vmax;
    u32 hdr;

    run(w, &w->base);                   /* the default configuration */
    *deflt = frag_now();
    rowf("frag_%s_default_pct", w->name, *deflt, "%", 2);
    fprintf(stderr, "replay: %-13s default  held %6lu live %6lu frag %7.2f%%  fails %lu drops %lu\n",
            w->name, (unsigned long)peak_held, (unsigned long)peak_live, *deflt, fails, drops);
    shutdown();

    recipe(w, &c);                      /* the recipe: the bars */
    fixed_pools = (w->mask & PKT_POOLS) != 0;
    run(w, &c);
    if (w->mask & SMALL_POOLS)
        reference(w);
    report(w);
    take_fig(&cls);
    if (fails) {
        fprintf(stderr, "replay: %s: the recipe's configuration failed allocations\n", w->name);
        bad = 1;
    }
    shutdown();
    if (w->mask & PKT_POOLS) {
        /* the planted fault: the largest class one block short must fail
         * allocations, or the check above could not see a short recipe
         * (and step 5's count would not be the least that never fails) */
        c.num[c.npkt - 1]--;
        run(w, &c);
        fprintf(stderr, "replay: %-13s recipe with the largest class one short: fails %lu "
                "(must be above 0)\n", w->name, fails);
        if (fails == 0) {
            fprintf(stderr, "replay: %s: one block short failed nothing\n", w->name);
            bad = 1;
        }
        shutdown();
    }
    fixed_pools = 0;

    proto = 1;                          /* the prototype */
    run(w, &w->base);
    proto_report(w);
    shutdown();
    if (w->mask & SMALL_POOLS) {
        proto_small(w, 16, 0, 0);
        proto_small(w, 2, 0, 0);
        proto_small(w, 2, 0, 1);
        proto_small(w, 2, 2, 1);
    }
    proto = 0;
    if (w->mask & PKT_POOLS) {          /* the module's heap, as docs/dev/packet-heap.md */
        ff = design_run(w, 0, vis, &vmax, &hdr, &heap);
        f2 = design_run(w, MEM_DEF_PKT_LEN0, vis, &vmax, &hdr, &heap);
        fprintf(stderr, "replay: %-13s design   the module's heap (pheap_c.c) the size measured "
                "in the largest one, frees put back at the next allocation, %lu bytes of arena "
                "headers: first fit %.2f%%, frames up to %u bytes from the top %.2f%% (a call "
                "looked at %.1f free blocks, at most %lu; %.1f a block placed or put back)\n",
                w->name, (unsigned long)hdr, ff, MEM_DEF_PKT_LEN0, f2, vis[0], vmax, vis[1]);
        /* the recipe measures both ways and keeps the one that holds
         * less (docs/api-guide.md, "Sizing the pools"): the heap as the
         * module defaults it (heap_top 0: pkt_len[0]) */
        rowf("frag_%s_classes_pct", w->name, cls.frag, "%", 2);
        rowf("frag_%s_heap_pct", w->name, heap.frag, "%", 2);
        rowf("recipe_heap_%s", w->name, heap.frag < cls.frag, "flag", 0);
        fprintf(stderr, "replay: %-13s recipe   keeps the %s: %.2f%% (the classes %.2f%%, the "
                "heap %.2f%%: heap_paras %u, held %lu)\n", w->name,
                heap.frag < cls.frag ? "heap" : "classes",
                heap.frag < cls.frag ? heap.frag : cls.frag, cls.frag, heap.frag, d_sized,
                (unsigned long)heap.held);
        if (heap.frag < cls.frag)
            cls = heap;
    }
    print_fig(w, &cls);
    return cls.frag;
}

/* ------------------------------------------------------------ DMA + overhead */

static struct mem_dma_constraints g_k;
static struct mem_dma_buf g_b;
static struct mem_dma_stats g_st;
static u32 g_ov[2];

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
        }
    }
    return 0;
}

static const struct cfg def_cfg;

static double wl_dma(void)
{
    u32 meta = 0, arena = 0, meta_mod = 0;
    boot(&def_cfg);
    base_held = held_now();         /* count the DMA arenas only */
    note();
    if (dma_setup(&meta, &arena, &meta_mod) != 0)
        bad = 1;
    rowf("frag_%s_pct", "dma_ring", frag_now(), "%", 2);
    rowf("held_peak_%s", "dma_ring", peak_held, "bytes", 0);
    rowf("live_peak_%s", "dma_ring", peak_live, "bytes", 0);
    rowf("fails_%s", "dma_ring", (double)fails, "allocs", 0);
    fprintf(stderr, "replay: dma_ring      held %6lu live %6lu frag %7.2f%%  fails %lu\n",
            (unsigned long)peak_held, (unsigned long)peak_live, frag_now(), fails);
    live_bytes = 0;
    shutdown();
    return frag_now();
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
            if (seg == 0 || port_peekw(seg, AH_SIG) != ARENA_SIG_OF(i) ||
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

    boot(&def_cfg);
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

/* replay --floor: the least any fixed counts hold with the recipe's
 * classes for w, every combination of counts for the classes below the
 * largest (3 .. their own mark) tried, the largest at the least that never
 * fails with them (its mark in a run with it generous).  A yardstick for
 * the recipe, found by search against the trace: no recipe. */
static u16 fl_n, fl_len[MEM_PKT_CLASSES_MAX], fl_own[MEM_PKT_CLASSES_MAX];
static u16 fl_num[MEM_PKT_CLASSES_MAX], fl_best[MEM_PKT_CLASSES_MAX];
static u32 fl_held;
static unsigned long fl_runs;

static void floor_try(const struct workload *w, u16 k)
{
    u16 high[MEM_PKT_CLASSES_MAX], i;
    u32 v = 0;

    if (k + 1 < fl_n) {
        for (fl_num[k] = 3; fl_num[k] <= (fl_own[k] > 3 ? fl_own[k] : 3); fl_num[k]++)
            floor_try(w, (u16)(k + 1));
        return;
    }
    fl_num[k] = 0;
    measure(w, fl_n, fl_len, fl_num, 1, 0, high);
    fl_runs++;
    for (i = 0; i + 1 < fl_n; i++)
        v += (u32)fl_num[i] * pool_ctl[POOL_PKT_FIRST + i].stride;
    v += (u32)high[k] * pool_ctl[POOL_PKT_FIRST + k].stride;
    if (v < fl_held) {
        fl_held = v;
        memcpy(fl_best, fl_num, sizeof(fl_best));
        fl_best[k] = high[k];
    }
}

static void floor_run(const struct workload *w)
{
    struct cfg c;
    u16 k, zero[MEM_PKT_CLASSES_MAX];

    recipe(w, &c);
    fl_n = c.npkt;
    memcpy(fl_len, c.len, sizeof(fl_len));
    memset(zero, 0, sizeof(zero));
    measure(w, fl_n, fl_len, zero, 0, 0, fl_own);
    fl_held = 0xFFFFFFFFul;
    fl_runs = 0;
    floor_try(w, 0);
    c.npkt = fl_n;
    memcpy(c.num, fl_best, sizeof(c.num));
    fixed_pools = 1;
    run(w, &c);
    printf("floor %-13s %6.2f%%  (%lu runs):", w->name, frag_now(), fl_runs);
    for (k = 0; k < fl_n; k++)
        printf(" %u x %u", fl_best[k], fl_len[k]);
    printf("; fails %lu\n", fails);
    if (fails)
        bad = 1;
    shutdown();
    fixed_pools = 0;
}

/* replay --seeds N: the recipe's figure for the typical packet workloads
 * on N other traces of each (the same workload, other seeds), and the
 * prototype's and the design's on the same trace. */
static void seeds_run(unsigned n)
{
    unsigned s, i;
    struct cfg c;

    for (s = 1; s <= n; s++) {
        seed_off = 1000UL * s;
        printf("seed +%-5lu", (unsigned long)seed_off);
        for (i = 0; i < sizeof(wls) / sizeof(wls[0]); i++) {
            if (!wls[i].typical || !(wls[i].mask & PKT_POOLS))
                continue;
            recipe(&wls[i], &c);
            fixed_pools = 1;
            run(&wls[i], &c);
            printf(" %s %.2f", wls[i].name, frag_now());
            if (fails)
                bad = 1;
            shutdown();
            fixed_pools = 0;
            proto = 1;
            run(&wls[i], &wls[i].base);
            printf(" (proto %.2f", frag_now());
            shutdown();
            proto = 0;
            design = 1;
            d_top_len = MEM_DEF_PKT_LEN0;
            run(&wls[i], &d_cfg);
            printf(", design %.2f)", frag_now());
            if (!d_placed(&wls[i], ", the largest heap"))
                bad = 1;
            shutdown();
            design = 0;
        }
        printf("\n");
    }
    seed_off = 0;
}

int main(int argc, char **argv)
{
    double f, d, worst = 0.0, worst_d = 0.0;
    unsigned i;

    if (argc == 3 && strcmp(argv[1], "--seeds") == 0) {
        seeds_run((unsigned)atoi(argv[2]));
        sim_free();
        return bad;
    }
    if (argc >= 2 && strcmp(argv[1], "--floor") == 0) {
        if (argc >= 3)
            seed_off = (u32)atol(argv[2]);
        for (i = 0; i < sizeof(wls) / sizeof(wls[0]); i++)
            if (wls[i].typical && (wls[i].mask & PKT_POOLS) &&
                (argc < 4 || strcmp(argv[3], wls[i].name) == 0))
                floor_run(&wls[i]);
        sim_free();
        return bad;
    }
    overhead();
    for (i = 0; i < sizeof(wls) / sizeof(wls[0]); i++) {
        f = run_workload(&wls[i], &d);
        if (wls[i].typical) {
            worst = f > worst ? f : worst;
            worst_d = d > worst_d ? d : worst_d;
        }
    }
    f = wl_dma();
    worst = f > worst ? f : worst;
    row("frag_pct", worst, "%", 2);
    row("frag_default_pct", worst_d, "%", 2);
    row("frag_heapbound_pct", heapbound, "%", 2);
    sim_free();
    return bad;
}
