/*
 * t_storm.c - interrupt storm: PIT channel 0 at 8-13 kHz (several rates
 * in one run) and an IRQ0 handler (storm.asm) that allocates, fills,
 * checks and frees small objects, packet buffers and DMA buffers through
 * the C stubs and the register entries, and shares packets by reference
 * with the foreground, while the foreground does the same plus
 * mem_pool_service under a load that rises and falls (so that the pools
 * grow and shrink), mem_pool_stats, DMA map/sync/unmap of packet buffers
 * (bounced when they break the tag) and mem_xms_park/unpark.  Now and
 * then it squeezes a packet pool: takes all it has and churns the last
 * buffers, so that the handler's allocations and frees meet a pool that
 * is empty but for the buffer being given back.
 *
 * After each rate, with the timer put back: mem_pool_check (DT_POOLS_OK:
 * sealed, the statistics), every pool's `used` against the blocks both
 * sides hold, no block held twice, every
 * free block handed out once by draining each pool, every pattern intact,
 * every shared packet freed twice with "0 = freed" exactly once and no
 * free reporting more references than existed, DMA free + held = count.
 * Then everything is given back and the pools must be empty and whole.
 *
 * T_HSTORM (t_hstorm.c: STORM_HEAP 1, this file) runs the same storm with
 * a packet heap configured (HEAP_PARAS, heap_top 0 = the smallest class's
 * frames from the top) and the classes small (PKT_N_HEAP buffers each,
 * isr_reserve ISR_RES_HEAP): both sides' packet buffers come from the
 * heap, and from the classes when it is full (its fails) or busy (a tick
 * landing in a heap call of the foreground's or the service's put-back).
 * A squeeze then fills the heap (frames of every class, then 64-byte
 * blocks until none fits), churns it, and while it is full squeezes a
 * class as above.  The pools by slot include the heap's (a packet's pool
 * is its header's pool byte), so the heap's `used` is checked against the
 * heap buffers both sides hold; besides, every held packet's cap holds its
 * frame (a heap buffer's cap is its frame rounded to a paragraph), no two
 * held heap buffers overlap (ranges from their caps, not pointers) and
 * each lies inside the heap, no class buffer inside it; the drain takes
 * the heap's free space (every size down to a 64-byte block, until the
 * heap falls back on the classes) with none of it overlapping what is
 * held, then the classes' free buffers as above.  After each rate, with
 * everything given back and the service run, the heap holds nothing and
 * is one free block again: a short frame lands at its top end, then full
 * frames fill it from its first paragraph on, one behind the other, as
 * many as fit.  Each rate's heap fails must count every foreground
 * buffer the heap did not serve (the foreground never finds it busy) and
 * no more than the handler's besides; the rest of the handler's found the
 * heap busy.  Over the run: the heap served buffers at its bottom and its
 * top end, filled up (fails) and the classes served the fallbacks, ticks
 * found it busy, and squeezes aside it served more than 4 buffers in 5.
 *
 * T_STORM.COM [/SEAL] [ticks [divisor...]] runs other figures by hand
 * (T_HSTORM.COM alike).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "port.h"

#ifndef STORM_HEAP
#define STORM_HEAP 0        /* t_hstorm.c: 1, a packet heap configured */
#endif

/* storm.asm (its equates: QN, HS_N, HP_N, HD_N, REC_N, DMA_CHK) */
#define QN       32
#define HS_N     8
#define HP_N     8
#define HD_N     3
#define REC_N    512
#define DMA_CHK  32
extern unsigned stm_ticks, stm_chains, stm_active, stm_nest, stm_hfail;
extern unsigned stm_limit, stm_work, stm_shed, stm_fprog;
extern unsigned stm_herr, stm_hpat, stm_hdfail, stm_seed;
extern unsigned stm_tag_a, stm_tag_b;
extern unsigned long stm_hops, stm_hf_made, stm_fh_got;
extern unsigned long stm_hpk[];     /* the handler's packet buffers: heap,
                                       class, none */
extern unsigned stm_hs[], stm_hp[], stm_hd[], stm_hdb[];
extern unsigned stm_hfq[], stm_fhq[];
extern unsigned stm_hf_head, stm_hf_tail, stm_hf_rel, stm_hf_serial;
extern unsigned stm_fh_head, stm_fh_tail;
extern unsigned long stm_done[];
extern unsigned stm_zerr[], stm_hierr[], stm_nerr[];
extern unsigned char stm_rec[];
void stm_install(unsigned divisor);
void stm_remove(void);
int stm_note(unsigned way, unsigned serial, int result);
void stm_release(void);
int stm_scan(mem_fp_t p, unsigned len, unsigned pat);
mem_fp_t stm_small_take(unsigned size);
mem_fp_t stm_pkt_take(unsigned len);
int stm_small_give(mem_fp_t p);
int stm_pkt_give(mem_fp_t p);

#define TICKS    15000u     /* ticks the handler works on per rate at least,
                               three times as many at most while the
                               foreground does its part of MIN_OPS */
#define PERIOD   128u       /* iterations per wave of the foreground's load */
#define NS       160        /* small objects the foreground holds at a crest */
#define NP       40         /* packet buffers at a crest */
#define MOVES    4          /* steps toward the load per iteration */
#define NPEND    8          /* its references to packets it shared */
#define NDMA     3
#define NPARK    4
#define NSQ      64         /* buffers one squeeze takes at most (with a
                               heap: from the heap, and as many from a
                               class) */
#define SQUEEZE  32u        /* iterations between two squeezes */
#define SQ_TICKS 32u        /* ticks a squeeze keeps its pool empty */
#define NLIVE    (HS_N + HP_N + 3 * QN + NS + NP + NPEND)
#define NDRAIN   512
#define MAXRATES 8
#define MIN_OPS  100000UL   /* operations of each side per run at least */
#define HEAP_PARAS   768    /* T_HSTORM: the heap, 12 KB */
#define PKT_N_HEAP   4      /* ... each class's buffers at load */
#define ISR_RES_HEAP 2      /* ... and its interrupt reserve */
#define NHDRAIN      256    /* heap blocks one drain takes at most */

struct blk { mem_fp_t p; unsigned len; unsigned seed; };
struct pend { mem_fp_t p; unsigned len, serial; };
struct park { unsigned ticket, len, seed; };
struct live { mem_fp_t p; unsigned key; unsigned pool; unsigned len; };

static struct blk fs[NS], fpk[NP];
static unsigned nfs, nfp;
static struct pend fpend[NPEND];
static unsigned npend;
static struct mem_dma_buf fdma[NDMA];
static unsigned fdma_pat[NDMA], fdma_pos;
static struct park parked[NPARK];
static unsigned nparked;
static struct blk sq[2 * NSQ];
static unsigned char ramp[256 + 1536];  /* ramp[i] = i & 7Fh */
static struct live lv[NLIVE];
static unsigned nlv;
static mem_fp_t drained[NDRAIN];
static mem_fp_t hdrained[NHDRAIN];
static struct mem_pool_stats st;
/* The pools by slot: 0..4 the small-object pools, 5.. the packet classes
 * in ascending order (slot 5 + k is MEM_POOL_PKTC(k)), then the packet
 * heap when one is configured (slot hslot, MEM_POOL_HEAP); SLOT_N names
 * none. */
#define SLOT_PKT 5
#define SLOT_N   (SLOT_PKT + 4 + 1)
static unsigned nslot, big, ncls;   /* slots in use; the largest class;
                                       the classes */
static unsigned hslot = SLOT_N;     /* the heap's slot (SLOT_N: none) */
static unsigned hseg, hend;         /* the heap's segment, its blocks' end */
static unsigned cls_len[4];         /* each class's largest frame */
static unsigned blk_size[SLOT_N];
static int have_xms, v86;

/* the foreground's figures of one rate */
static unsigned long f_ops, fh_made;
static unsigned fh_serial, f_err, f_pat, f_fail, f_dfail;
static unsigned svc_runs, svc_fail, maps, bounces, map_err;
static unsigned parks, unparks, park_nomem, park_err, park_noxms, stat_err;
static unsigned squeezes, squeezed, churns;
/* the foreground's packet buffers: from the heap, the classes, none; heap
 * buffers at its first paragraph, at its top end; the heap's fails */
static unsigned long fpk_heap, fpk_cls, fpk_none;
static unsigned long sq_heap, sq_cls;   /* both sides' packet buffers from the
                                           heap / not, while a squeeze ran */
static unsigned hbot, htop, hfails0;
static unsigned long hfails;        /* the heap's fails since the rate began
                                       (its 16-bit count, read every
                                       iteration: heap_fails) */
/* ... and of the whole run */
static unsigned long run_fops, run_hops, run_maps, run_bounces, run_parks;
static unsigned long run_noxms, run_shared;
static unsigned long run_hheap, run_hcls, run_hfull, run_hbusy, run_hbot, run_htop;
static unsigned long run_lheap, run_lcls;
static unsigned run_g[SLOT_N], run_s[SLOT_N];

/* One foreground operation more; the handler watches stm_fprog move. */
#define FOP() (f_ops++, stm_fprog++)
static unsigned t_sa, t_sf, t_pa, t_pf;     /* turns: stub or register entry */
static unsigned rs = 1;

static unsigned rnd(void)
{
    rs ^= rs << 7;
    rs ^= rs >> 9;
    rs ^= rs << 8;
    return rs;
}

static mem_fp_t near_fp(void *p)
{
    return MEM_FP(port_ds(), (unsigned)p);
}

static mem_fp_t fp_add(mem_fp_t p, unsigned n)
{
    return MEM_FP(MEM_FP_SEG(p), MEM_FP_OFF(p) + n);
}

static mem_fp_t ramp_at(unsigned seed)
{
    return near_fp(ramp + seed);
}

static int stats(unsigned slot)
{
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    return mem_pool_stats(slot < SLOT_PKT ? slot : slot == hslot ? MEM_POOL_HEAP :
                          MEM_POOL_PKTC(slot - SLOT_PKT), near_fp(&st));
}

/* A packet buffer's cap (its bytes from the header on). */
static unsigned pkt_cap(mem_fp_t p)
{
    return port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_CAP);
}

/* A heap buffer's block: its cap rounded up to a paragraph (the debug
 * build's guard word lies beyond the cap). */
static unsigned heap_span(mem_fp_t p)
{
    return (pkt_cap(p) + 15) & ~15u;
}

/* A packet buffer still holds its magic, its length and len bytes of
 * pattern: ramp (pat > 255: ramp from pat - 256) or one byte. */
static int pkt_ok(mem_fp_t p, unsigned len, unsigned pat)
{
    mem_fp_t d = fp_add(p, MEM_PKT_DATA);

    if (port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_MAGIC) != MEM_PKT_MAGIC ||
        port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_LEN) != len)
        return 0;
    if (pat > 255)
        return mem_compare(d, ramp_at(pat - 256), len) == 0;
    return stm_scan(d, len, pat) == 0;
}

/* A packet's slot, from the pool its header names (SLOT_N: none). */
static unsigned pkt_pool(mem_fp_t p)
{
    unsigned b = port_peekb(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_POOL);

    if (b == MEM_POOL_HEAP)
        return hslot;
    if (b < MEM_POOL_PKTC(0) || b - MEM_POOL_PKTC(0) >= ncls)
        return SLOT_N;
    return SLOT_PKT + b - MEM_POOL_PKTC(0);
}

/* Drop a packet reference by mem_pkt_free and mem_pkt_give in turn. */
static int pkt_give(mem_fp_t p)
{
    FOP();
    return (t_pf ^= 1) ? mem_pkt_free(p) : stm_pkt_give(p);
}

static mem_fp_t pkt_take(unsigned len)
{
    mem_fp_t p;

    FOP();
    p = (t_pa ^= 1) ? mem_pkt_alloc(len) : stm_pkt_take(len);
    if (p == MEM_FP_NULL) {
        f_fail++;
        fpk_none++;
    } else if (hslot == SLOT_N || pkt_pool(p) != hslot) {
        fpk_cls++;
    } else {
        fpk_heap++;
        if (MEM_FP_OFF(p) == 16)
            hbot++;
        if (MEM_FP_OFF(p) + heap_span(p) == hend)
            htop++;
    }
    return p;
}

/* The heap's fails since the last call added to hfails. */
static void heap_fails(void)
{
    if (hslot == SLOT_N)
        return;
    stats(hslot);
    hfails += (unsigned)(st.fails - hfails0);
    hfails0 = st.fails;
}

/* ------------------------------------------------- the foreground's own */

static void small_take(void)
{
    unsigned size = (rnd() & 255) + 1, seed = rnd() & 255;
    mem_fp_t p;

    FOP();
    p = (t_sa ^= 1) ? mem_small_alloc(size) : stm_small_take(size);
    if (p == MEM_FP_NULL) {
        f_fail++;
        return;
    }
    mem_copy(p, ramp_at(seed), size);
    fs[nfs].p = p;
    fs[nfs].len = size;
    fs[nfs].seed = seed;
    nfs++;
}

static void small_give(unsigned i)
{
    struct blk *b = &fs[i];
    int rc;

    if (mem_compare(b->p, ramp_at(b->seed), b->len) != 0)
        f_pat++;
    FOP();
    rc = (t_sf ^= 1) ? mem_small_free(b->p) : stm_small_give(b->p);
    if (rc != MEM_OK)
        f_err++;
    nfs--;
    fs[i] = fs[nfs];
}

static void own_pkt_take(void)
{
    unsigned len, seed = rnd() & 255;
    mem_fp_t p;

    len = rnd() % cls_len[rnd() % ncls] + 1;    /* every class */
    p = pkt_take(len);
    if (p == MEM_FP_NULL)
        return;
    mem_copy(fp_add(p, MEM_PKT_DATA), ramp_at(seed), len);
    fpk[nfp].p = p;
    fpk[nfp].len = len;
    fpk[nfp].seed = seed;
    nfp++;
}

static void own_pkt_give(unsigned i)
{
    struct blk *b = &fpk[i];

    if (!pkt_ok(b->p, b->len, 256 + b->seed))
        f_pat++;
    if (pkt_give(b->p) != 0)
        f_err++;
    nfp--;
    fpk[i] = fpk[nfp];
}

/* ------------------------------------------------------ shared packets */

/* Drop the foreground's reference to a packet it queued for the handler. */
static void shared_give(mem_fp_t p, unsigned len, unsigned serial)
{
    if (!pkt_ok(p, len, 0x40 | (serial & 0x3F)))
        f_pat++;
    stm_note(1, serial, pkt_give(p));
}

static void pend_release(void)
{
    unsigned i;

    for (i = 0; i < npend; i++)
        shared_give(fpend[i].p, fpend[i].len, fpend[i].serial);
    npend = 0;
}

/* Take and free the packets the handler queued by now.  The handler
 * drops its own reference on its first tick after the tail passed the
 * packet: often while we are freeing ours. */
static void eat_hf(void)
{
    unsigned *e, serial, len, head = stm_hf_head;
    mem_fp_t p;

    while (stm_hf_tail != head) {
        e = &stm_hfq[(stm_hf_tail & (QN - 1)) * 4];
        p = MEM_FP(e[1], e[0]);
        len = e[2];
        serial = e[3];
        if (!pkt_ok(p, len, 0xC0 | (serial & 0x3F)))
            f_pat++;
        stm_hf_tail++;
        stm_note(0, serial, pkt_give(p));
    }
}

/* Share a packet with the handler: allocate, fill, reference, queue; our
 * reference goes at once for odd serials (the handler may be freeing its
 * own meanwhile), at the next iteration for even ones. */
static void make_fh(void)
{
    unsigned len, serial, *e;
    mem_fp_t p;

    if ((unsigned)(stm_fh_head - stm_fh_tail) >= QN || npend >= NPEND)
        return;
    len = (rnd() & 511) + 1;
    p = pkt_take(len);
    if (p == MEM_FP_NULL)
        return;
    serial = fh_serial++;
    mem_fill(fp_add(p, MEM_PKT_DATA), (mem_u8)(0x40 | (serial & 0x3F)), len);
    FOP();
    if (mem_pkt_ref(p) != 2)
        f_err++;
    e = &stm_fhq[(stm_fh_head & (QN - 1)) * 4];
    e[0] = MEM_FP_OFF(p);
    e[1] = MEM_FP_SEG(p);
    e[2] = len;
    e[3] = serial;
    stm_fh_head++;                  /* the entry is complete: publish it */
    fh_made++;
    if (serial & 1) {
        shared_give(p, len, serial);
    } else {
        fpend[npend].p = p;
        fpend[npend].len = len;
        fpend[npend].serial = serial;
        npend++;
    }
}

/* ------------------------------------------------- DMA, maps, parking */

static void dma_op(void)
{
    unsigned i = fdma_pos;
    int rc;

    fdma_pos = (fdma_pos + 1) % NDMA;
    if (fdma[i].handle != 0) {
        if (stm_scan(fdma[i].buf, DMA_CHK, fdma_pat[i]) != 0)
            f_pat++;
        FOP();
        if (mem_dma_free(fdma[i].handle) != MEM_OK)
            f_err++;
        fdma[i].handle = 0;
    }
    FOP();
    rc = mem_dma_alloc(stm_tag_a, near_fp(&fdma[i]));
    if (rc != MEM_OK) {
        f_dfail++;
        fdma[i].handle = 0;
        return;
    }
    fdma_pat[i] = 0x40 | (rnd() & 0x3F);
    mem_fill(fdma[i].buf, (mem_u8)fdma_pat[i], DMA_CHK);
}

/* Map one of our packets for tag B's bus master (4 KB boundary: many
 * frames cross one and bounce; in a UMB every one bounces), let the
 * "device" check what it reads and write a new frame, sync back. */
static void map_op(void)
{
    struct mem_dma_map m;
    struct blk *b;
    mem_fp_t data, dev;
    unsigned long end;
    unsigned ns = 0;

    if (nfp == 0)
        return;
    b = &fpk[rnd() % nfp];
    data = fp_add(b->p, MEM_PKT_DATA);
    FOP();
    if (mem_dma_map(stm_tag_b, data, b->len, near_fp(&m)) != MEM_OK) {
        map_err++;
        return;
    }
    maps++;
    end = m.phys + b->len - 1;
    if (m.how == MEM_DMA_MAP_BOUNCE)
        bounces++;
    else if (m.how != MEM_DMA_MAP_INPLACE || m.phys != MEM_FP_LINEAR(data))
        map_err++;
    if ((m.phys & 15) != 0 || (m.phys >> 12) != (end >> 12) || end >= 0xA0000UL)
        map_err++;                  /* the device could not take it */
    if (mem_dma_sync(near_fp(&m), MEM_DMA_TO_DEVICE) != MEM_OK)
        map_err++;
    if (!v86) {
        dev = MEM_FP((mem_u16)(m.phys >> 4), (mem_u16)(m.phys & 15));
        if (mem_compare(dev, data, b->len) != 0)
            map_err++;
        ns = rnd() & 255;
        mem_copy(dev, ramp_at(ns), b->len);
    }
    if (mem_dma_sync(near_fp(&m), MEM_DMA_FROM_DEVICE) != MEM_OK)
        map_err++;
    if (!v86) {
        if (mem_compare(data, ramp_at(ns), b->len) != 0)
            map_err++;
        b->seed = ns;
    }
    if (mem_dma_unmap(near_fp(&m)) != MEM_OK)
        map_err++;
}

/* Unpark the oldest parked packet; 1 when it came back. */
static int unpark_one(void)
{
    mem_fp_t p = MEM_FP_NULL;
    struct park *k = &parked[0];
    int rc;

    FOP();
    rc = mem_xms_unpark(k->ticket, near_fp(&p));
    if (rc == MEM_E_NOMEM) {
        park_nomem++;
        return 0;
    }
    if (rc == MEM_OK) {
        unparks++;
        if (!pkt_ok(p, k->len, 256 + k->seed) ||
            port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_DATA) != MEM_PKT_DATA)
            park_err++;
        fpk[nfp].p = p;
        fpk[nfp].len = k->len;
        fpk[nfp].seed = k->seed;
        nfp++;
    } else {
        park_err++;
    }
    nparked--;
    memmove(&parked[0], &parked[1], nparked * sizeof(parked[0]));
    return 1;
}

static void park_op(void)
{
    unsigned i;
    int rc;

    if (nparked < NPARK && nfp > 0 && (rnd() & 1)) {
        i = rnd() % nfp;
        FOP();
        rc = mem_xms_park(fpk[i].p);
        if (!have_xms) {
            if (rc == MEM_E_NOXMS)
                park_noxms++;
            else
                park_err++;
        } else if (rc > 0) {
            parks++;
            parked[nparked].ticket = (unsigned)rc;
            parked[nparked].len = fpk[i].len;
            parked[nparked].seed = fpk[i].seed;
            nparked++;
            nfp--;
            fpk[i] = fpk[nfp];
        } else {
            park_err++;
        }
    } else if (nparked > 0 && nfp < NP) {
        unpark_one();
    }
}

/* Frames for a squeeze: short ones of each class (a class's shortest is
 * one byte above the class below's largest), so that a churn is quick;
 * for the heap, frames of every class. */
static unsigned sq_len(unsigned slot)
{
    unsigned lo, room;

    if (slot == hslot)
        return rnd() % cls_len[rnd() % ncls] + 1;
    lo = slot > SLOT_PKT ? cls_len[slot - SLOT_PKT - 1] : 0;
    room = cls_len[slot - SLOT_PKT] - lo;
    return lo + (rnd() & 63) % (room < 64 ? room : 64) + 1;
}

/* Take a buffer of pool for a squeeze into sq[n], of len bytes (0: of
 * sq_len); 0 when the pool had none (a fallback buffer of a larger class,
 * or of the classes when the heap is squeezed, goes back at once).  A
 * class squeezed while the heap is full may still get a heap buffer (a
 * hole the handler's frees left): it is kept, the heap fuller still. */
static int sq_take(unsigned n, unsigned pool, unsigned len)
{
    unsigned seed, got;
    mem_fp_t p;

    if (len == 0)
        len = sq_len(pool);
    seed = rnd() & 255;
    p = pkt_take(len);
    if (p == MEM_FP_NULL)
        return 0;
    got = pkt_pool(p);
    if (got != pool && (hslot == SLOT_N || got != hslot)) {
        if (pkt_give(p) != 0)
            f_err++;
        return 0;
    }
    mem_copy(fp_add(p, MEM_PKT_DATA), ramp_at(seed), len);
    sq[n].p = p;
    sq[n].len = len;
    sq[n].seed = seed;
    return 1;
}

static void sq_give(unsigned i)
{
    if (!pkt_ok(sq[i].p, sq[i].len, 256 + sq[i].seed))
        f_pat++;
    if (pkt_give(sq[i].p) != 0)
        f_err++;
}

/* Take into sq[n..lim) every buffer pool has left: for a class until the
 * allocation fails or falls back on a larger class; for the heap frames
 * of every class until one falls back on the classes, then one-byte
 * frames (64-byte blocks) until none fits.  Returns the new n. */
static unsigned sq_fill(unsigned n, unsigned lim, unsigned pool)
{
    while (n < lim && sq_take(n, pool, 0))
        n++;
    if (pool == hslot)
        while (n < lim && sq_take(n, pool, 1))
            n++;
    return n;
}

/* For SQ_TICKS ticks give one of sq[n0..n) back and take all there are
 * again.  Returns the new n. */
static unsigned sq_churn(unsigned n0, unsigned n, unsigned lim, unsigned pool)
{
    unsigned t0 = stm_work;

    while (n > n0 && (unsigned)(stm_work - t0) < SQ_TICKS && stm_work < stm_limit) {
        sq_give(--n);
        churns++;
        n = sq_fill(n, lim, pool);
    }
    return n;
}

/* Squeeze a packet pool: take every buffer it has left (main list and
 * reserve: until the allocation fails, or falls back on a larger class),
 * then for SQ_TICKS ticks give one back and take
 * all there are again: the handler allocates and frees meanwhile, so each
 * of these frees finds the pool empty, and a tick that comes during one
 * finds the buffer it gave back as the pool's only one.  With a heap the
 * pool squeezed is the heap (pool hslot): filled, churned, and then,
 * while it is full, the class cls squeezed the same way (its buffers are
 * the ones allocations get when the heap has no room).  Then all go
 * back. */
static void squeeze(unsigned pool, unsigned cls)
{
    unsigned n, m;
    unsigned long h0 = stm_hpk[0] + fpk_heap;
    unsigned long c0 = stm_hpk[1] + stm_hpk[2] + fpk_cls + fpk_none;

    n = sq_fill(0, NSQ, pool);
    squeezed += n;
    n = sq_churn(0, n, NSQ, pool);
    m = n;
    if (pool == hslot) {
        m = sq_fill(n, 2 * NSQ, cls);
        squeezed += m - n;
        m = sq_churn(n, m, 2 * NSQ, cls);
    }
    while (m > 0)
        sq_give(--m);
    squeezes++;
    sq_heap += stm_hpk[0] + fpk_heap - h0;
    sq_cls += stm_hpk[1] + stm_hpk[2] + fpk_cls + fpk_none - c0;
}

/* --------------------------------------------------------- one iteration */

/* How many of NMAX the load asks for at iteration t: a triangle wave. */
static unsigned level(unsigned long t, unsigned nmax)
{
    unsigned ph = (unsigned)(t % PERIOD);

    if (ph >= PERIOD / 2)
        ph = PERIOD - ph;
    return (unsigned)((unsigned long)ph * nmax / (PERIOD / 2));
}

static void step(unsigned long it)
{
    unsigned ts = level(it, NS), tp = level(it, NP), k;

    pend_release();
    eat_hf();
    make_fh();
    make_fh();
    for (k = 0; k < MOVES; k++) {
        if (k == MOVES / 2)
            eat_hf();
        if (nfs < ts)
            small_take();
        else if (nfs > 0)
            small_give(rnd() % nfs);
        if (nfp < tp)
            own_pkt_take();
        else if (nfp > 0)
            own_pkt_give(rnd() % nfp);
    }
    if ((it & 3) == 0)
        dma_op();
    if ((it & 7) == 1) {
        svc_runs++;
        if (mem_pool_service() < 0)
            svc_fail++;
    }
    if ((it & 7) == 5)
        map_op();
    if ((it & 15) == 3)
        park_op();
    if (it % SQUEEZE == SQUEEZE / 2) {
        k = SLOT_PKT + (unsigned)(it / SQUEEZE) % ncls;
        squeeze(hslot != SLOT_N ? hslot : k, k);
    }
    if ((it & 31) == 7) {
        if (stats((unsigned)(it >> 5) % nslot) != MEM_OK || st.used > st.total ||
            st.arenas == 0)
            stat_err++;
    }
    heap_fails();
}

/* ------------------------------------------------------------ checking */

static void live_add(mem_fp_t p, unsigned key, unsigned pool, unsigned len)
{
    lv[nlv].p = p;
    lv[nlv].key = key;
    lv[nlv].pool = pool;
    lv[nlv].len = len;
    nlv++;
}

static unsigned small_class(unsigned size)
{
    unsigned c;

    for (c = 0; c + 1 < SLOT_PKT && blk_size[c] < size; c++)
        ;
    return c;
}

/* Everything both sides hold, each with its pool; a shared packet's two
 * references carry the same key. */
static void live_collect(void)
{
    unsigned i, *e, n;
    mem_fp_t p;

    nlv = 0;
    for (i = 0; i < HS_N; i++) {
        e = &stm_hs[i * 4];
        if (e[1] != 0)
            live_add(MEM_FP(e[1], e[0]), nlv, small_class(e[2]), e[2]);
    }
    for (i = 0; i < HP_N; i++) {
        e = &stm_hp[i * 4];
        if (e[1] != 0)
            live_add(MEM_FP(e[1], e[0]), nlv, pkt_pool(MEM_FP(e[1], e[0])), e[2]);
    }
    for (n = stm_hf_rel; n != stm_hf_head; n++) {      /* the handler's */
        e = &stm_hfq[(n & (QN - 1)) * 4];
        p = MEM_FP(e[1], e[0]);
        live_add(p, 0x8000u | (e[3] & 0x3FFF), pkt_pool(p), e[2]);
    }
    for (n = stm_hf_tail; n != stm_hf_head; n++) {     /* ours, not taken */
        e = &stm_hfq[(n & (QN - 1)) * 4];
        p = MEM_FP(e[1], e[0]);
        live_add(p, 0x8000u | (e[3] & 0x3FFF), pkt_pool(p), e[2]);
    }
    for (n = stm_fh_tail; n != stm_fh_head; n++) {
        e = &stm_fhq[(n & (QN - 1)) * 4];
        p = MEM_FP(e[1], e[0]);
        live_add(p, 0xC000u | (e[3] & 0x3FFF), pkt_pool(p), e[2]);
    }
    for (i = 0; i < npend; i++)
        live_add(fpend[i].p, 0xC000u | (fpend[i].serial & 0x3FFF), pkt_pool(fpend[i].p),
                 fpend[i].len);
    for (i = 0; i < nfs; i++)
        live_add(fs[i].p, nlv, small_class(fs[i].len), fs[i].len);
    for (i = 0; i < nfp; i++)
        live_add(fpk[i].p, nlv, pkt_pool(fpk[i].p), fpk[i].len);
}

/* Every pattern of what both sides hold, with the timer stopped. */
static unsigned live_patterns(void)
{
    unsigned i, n, bad = 0, *e;

    for (i = 0; i < HS_N; i++) {
        e = &stm_hs[i * 4];
        if (e[1] != 0 && stm_scan(MEM_FP(e[1], e[0]), e[2], e[3] & 0xFF) != 0)
            bad++;
    }
    for (i = 0; i < HP_N; i++) {
        e = &stm_hp[i * 4];
        if (e[1] != 0 && !pkt_ok(MEM_FP(e[1], e[0]), e[2], e[3] & 0xFF))
            bad++;
    }
    for (n = stm_hf_rel; n != stm_hf_head; n++) {
        e = &stm_hfq[(n & (QN - 1)) * 4];
        if (!pkt_ok(MEM_FP(e[1], e[0]), e[2], 0xC0 | (e[3] & 0x3F)))
            bad++;
    }
    for (n = stm_fh_tail; n != stm_fh_head; n++) {
        e = &stm_fhq[(n & (QN - 1)) * 4];
        if (!pkt_ok(MEM_FP(e[1], e[0]), e[2], 0x40 | (e[3] & 0x3F)))
            bad++;
    }
    for (i = 0; i < npend; i++)
        if (!pkt_ok(fpend[i].p, fpend[i].len, 0x40 | (fpend[i].serial & 0x3F)))
            bad++;
    for (i = 0; i < nfs; i++)
        if (mem_compare(fs[i].p, ramp_at(fs[i].seed), fs[i].len) != 0)
            bad++;
    for (i = 0; i < nfp; i++)
        if (!pkt_ok(fpk[i].p, fpk[i].len, 256 + fpk[i].seed))
            bad++;
    for (i = 0; i < HD_N; i++) {
        e = &stm_hd[i * 8];
        if (e[4] != 0 && stm_scan(MEM_FP(e[1], e[0]), DMA_CHK, e[6] & 0xFF) != 0)
            bad++;
    }
    if (stm_hdb[4] != 0 && stm_scan(MEM_FP(stm_hdb[1], stm_hdb[0]), DMA_CHK, stm_hdb[6] & 0xFF) != 0)
        bad++;
    for (i = 0; i < NDMA; i++)
        if (fdma[i].handle != 0 && stm_scan(fdma[i].buf, DMA_CHK, fdma_pat[i]) != 0)
            bad++;
    return bad;
}

static void print_pools(void)
{
    unsigned i;

    printf("  pool  total used high  low fails  bad grows shrinks arenas umb res first\n");
    for (i = 0; i < nslot; i++) {
        stats(i);
        printf("  %4u %6u %4u %4u %4u %5u %4u %5u %7u %6u %3u %3u %04X\n", i, st.total,
               st.used, st.high, st.low, st.fails, st.bad, st.grows, st.shrinks, st.arenas,
               st.umb_arenas, st.reserve, st.first_seg);
    }
}

/* Do the heap buffer p and the bytes [off, off + size) of the heap
 * overlap? */
static int heap_overlap(mem_fp_t p, unsigned off, unsigned size)
{
    unsigned o = MEM_FP_OFF(p);

    return (unsigned long)o + heap_span(p) > off && (unsigned long)off + size > o;
}

/* A heap buffer p for a frame of len bytes: in the heap's segment, on a
 * paragraph from its first one on, its block (cap rounded to a paragraph)
 * inside the heap, cap its frame rounded to a paragraph (the debug guard
 * less).  0 when so. */
static int heap_bad(mem_fp_t p, unsigned len)
{
    unsigned off = MEM_FP_OFF(p), cap = pkt_cap(p);

    if (MEM_FP_SEG(p) == hseg && off >= 16 && (off & 15) == 0 &&
        cap >= len + MEM_PKT_DATA && cap <= len + MEM_PKT_DATA + 15 &&
        (unsigned long)off + heap_span(p) <= hend)
        return 0;
    printf("  heap buffer %04X:%04X, frame %u: cap %u, heap %04X:0010-%04X\n",
           MEM_FP_SEG(p), off, len, cap, hseg, hend);
    return 1;
}

/* What both sides hold, as ranges: every packet's cap holds its frame; a
 * heap buffer is one of the heap's (heap_bad), overlaps no other heap
 * buffer held (a shared packet's two references are one buffer; two
 * references to one buffer under two keys are "held twice" already), and
 * no class buffer lies inside the heap. */
static unsigned held_ranges(void)
{
    unsigned i, k, bad = 0;
    unsigned long lin, hlo = (unsigned long)hseg << 4, hhi = hlo + hend;

    for (i = 0; i < nlv; i++) {
        if (lv[i].pool < SLOT_PKT)
            continue;
        if (pkt_cap(lv[i].p) < lv[i].len + MEM_PKT_DATA) {
            printf("  packet %04X:%04X: cap %u, frame %u\n", MEM_FP_SEG(lv[i].p),
                   MEM_FP_OFF(lv[i].p), pkt_cap(lv[i].p), lv[i].len);
            bad++;
        }
        if (hslot == SLOT_N)
            continue;
        if (lv[i].pool != hslot) {
            lin = MEM_FP_LINEAR(lv[i].p);
            if (lin + pkt_cap(lv[i].p) > hlo && lin < hhi) {
                printf("  class buffer %04X:%04X inside the heap\n", MEM_FP_SEG(lv[i].p),
                       MEM_FP_OFF(lv[i].p));
                bad++;
            }
            continue;
        }
        bad += heap_bad(lv[i].p, lv[i].len);
        for (k = 0; k < i; k++)
            if (lv[k].pool == hslot && lv[k].p != lv[i].p &&
                heap_overlap(lv[k].p, MEM_FP_OFF(lv[i].p), heap_span(lv[i].p))) {
                printf("  heap buffers %04X:%04X (%u) and %04X:%04X (%u) overlap\n",
                       hseg, MEM_FP_OFF(lv[k].p), heap_span(lv[k].p), hseg,
                       MEM_FP_OFF(lv[i].p), heap_span(lv[i].p));
                bad++;
            }
    }
    return bad;
}

/* Take the heap's free space into hdrained[0..*nd): frames of every block
 * size from a full frame's down to 64 bytes, each size until the heap
 * hands out a class buffer (it goes back at once) or none.  Each buffer
 * is one of the heap's (heap_bad) and overlaps nothing held and nothing
 * drained before.  Then the heap's used must be the heap buffers held and
 * drained, and the bytes neither held nor drained no more than the holes
 * under 64 bytes between them can hold.  The buffers stay taken until
 * the classes are drained (with the heap full, every allocation falls
 * back on them). */
static unsigned drain_heap(unsigned *nd)
{
    unsigned n = 0, len, bad = 0, i, k, nheld = 0, off, size;
    unsigned long held_b = 0, drain_b = 0, left;
    mem_fp_t p;

    for (i = 0; i < nlv; i++) {
        if (lv[i].pool != hslot)
            continue;
        for (k = 0; k < i && lv[k].p != lv[i].p; k++)
            ;
        if (k == i) {
            nheld++;
            held_b += heap_span(lv[i].p);
        }
    }
    for (len = MEM_PKT_MAX; ; len = len > 16 ? len - 16 : 1) {
        while (n < NHDRAIN) {
            p = mem_pkt_alloc(len);
            if (p == MEM_FP_NULL)
                break;
            if (pkt_pool(p) != hslot) {
                mem_pkt_free(p);    /* no free block that large is left */
                break;
            }
            hdrained[n++] = p;
            if (heap_bad(p, len)) {
                bad++;
                continue;
            }
            off = MEM_FP_OFF(p);
            size = heap_span(p);
            drain_b += size;
            for (k = 0; k < nlv; k++)
                if (lv[k].pool == hslot && heap_overlap(lv[k].p, off, size)) {
                    printf("  heap: free block %04X:%04X (%u) overlaps held %04X:%04X\n",
                           hseg, off, size, hseg, MEM_FP_OFF(lv[k].p));
                    bad++;
                }
            for (k = 0; k + 1 < n; k++)
                if (heap_overlap(hdrained[k], off, size)) {
                    printf("  heap: free block %04X:%04X (%u) handed out twice\n", hseg, off,
                           size);
                    bad++;
                }
        }
        if (n >= NHDRAIN) {
            printf("  heap: more than %u free blocks\n", NHDRAIN);
            bad++;
            break;
        }
        if (len == 1)
            break;
    }
    *nd = n;
    stats(hslot);
    left = (unsigned long)st.total - held_b - drain_b;
    if (st.used != nheld + n || held_b + drain_b > st.total || left > 48UL * (nheld + n + 1)) {
        printf("  heap: used %u, held %u + drained %u; bytes %u: held %lu, drained %lu\n",
               st.used, nheld, n, st.total, held_b, drain_b);
        bad++;
    }
    return bad;
}

/* When a check failed: the heap's blocks, walked by their cap words
 * (pheap.h: a free block's size is its cap word, its magic 0; blocks
 * freed but not yet put back look the same), with what is odd about
 * them: a magic neither the packet magic nor 0, a buffer's check word
 * wrong or held by no one, a size that leaves the heap, and when the walk
 * reached the heap's end, a held buffer that is no block start. */
#define PKT_CHECK_W 0x3CA5u         /* pool.h's PKT_CHECK */
static void print_heap(void)
{
    unsigned off, size, magic, n = 0, nfree = 0, nused = 0, odd = 0, i, k, end;

    for (off = 16; off < hend && n < 1024; off += size, n++) {
        size = (port_peekw(hseg, off + MEM_PKT_OFF_CAP) + 15) & ~15u;
        magic = port_peekw(hseg, off + MEM_PKT_OFF_MAGIC);
        if (magic == MEM_PKT_MAGIC) {
            nused++;
            for (i = 0; i < nlv && !(lv[i].pool == hslot && MEM_FP_OFF(lv[i].p) == off); i++)
                ;
            if (port_peekw(hseg, off + MEM_PKT_OFF_CHECK) != (hseg ^ off ^ PKT_CHECK_W)) {
                printf("  heap block %04X: %u bytes, allocated, check word %04X\n", off, size,
                       port_peekw(hseg, off + MEM_PKT_OFF_CHECK));
                odd++;
            }
            if (i == nlv) {
                printf("  heap block %04X: %u bytes, allocated, held by no one\n", off, size);
                odd++;
            }
        } else {
            nfree++;
            if (magic != 0) {
                printf("  heap block %04X: %u bytes, free, magic %04X (check %04X, len %u)\n",
                       off, size, magic, port_peekw(hseg, off + MEM_PKT_OFF_CHECK),
                       port_peekw(hseg, off + MEM_PKT_OFF_LEN));
                odd++;
            }
        }
        if (size < 16 || off + size > hend || off + size < off) {
            printf("  heap block %04X: size %u\n", off, size);
            odd++;
            break;
        }
    }
    end = off;
    for (i = 0; i < nlv && end == hend; i++) {
        if (lv[i].pool != hslot)
            continue;
        for (off = 16, k = 0; off < hend && off < MEM_FP_OFF(lv[i].p) && k < 1024; k++) {
            size = (port_peekw(hseg, off + MEM_PKT_OFF_CAP) + 15) & ~15u;
            if (size < 16)
                break;
            off += size;
        }
        if (off != MEM_FP_OFF(lv[i].p)) {
            printf("  held heap buffer %04X:%04X is no block start\n", hseg,
                   MEM_FP_OFF(lv[i].p));
            odd++;
        }
    }
    printf("  heap walked: %u blocks, %u allocated, %u free, %u odd; end %04X (%04X)\n", n,
           nused, nfree, odd, end, hend);
}

/* Take every free block of each pool: as many as total - used must come,
 * each once, none of them a block someone holds; then give them back.
 * The heap first (drain_heap), held until the classes are drained. */
static unsigned drain_pools(void)
{
    unsigned i, j, k, n, want, bad = 0, len, nh = 0;
    mem_fp_t p;

    if (hslot != SLOT_N)
        bad += drain_heap(&nh);
    for (i = 0; i < nslot; i++) {
        if (i == hslot)
            continue;
        stats(i);
        want = st.total - st.used;
        len = i == big ? MEM_PKT_MAX : st.block - MEM_PKT_DATA;
        for (n = 0; n < NDRAIN && n < want + 4; n++) {
            p = i < SLOT_PKT ? mem_small_alloc(blk_size[i]) : mem_pkt_alloc(len);
            if (p == MEM_FP_NULL)
                break;
            if (i >= SLOT_PKT && pkt_pool(p) != i) {
                mem_pkt_free(p);    /* the fallback: this pool is empty */
                break;
            }
            drained[n] = p;
        }
        if (n != want) {
            printf("  pool %u: %u free blocks handed out, %u expected\n", i, n, want);
            bad++;
        }
        for (j = 0; j < n; j++) {
            for (k = 0; k < j; k++)
                if (drained[k] == drained[j]) {
                    printf("  pool %u: block %04X:%04X handed out twice\n", i,
                           MEM_FP_SEG(drained[j]), MEM_FP_OFF(drained[j]));
                    bad++;
                }
            for (k = 0; k < nlv; k++)
                if (lv[k].p == drained[j]) {
                    printf("  pool %u: free block %04X:%04X is held\n", i,
                           MEM_FP_SEG(drained[j]), MEM_FP_OFF(drained[j]));
                    bad++;
                }
        }
        for (j = 0; j < n; j++)
            if ((i < SLOT_PKT ? mem_small_free(drained[j]) : mem_pkt_free(drained[j])) != 0)
                bad++;
    }
    for (j = 0; j < nh; j++)
        if (mem_pkt_free(hdrained[j]) != 0)
            bad++;
    return bad;
}

/* With nothing held and the service run, the heap is one free block: a
 * one-byte frame lands at its top end, then full frames from its first
 * paragraph on, each right behind the one before, as many as the rest
 * holds; all given back, nothing held.  0 when so. */
static unsigned heap_whole(void)
{
    unsigned n, bad = 0, want, total, fsz;
    mem_fp_t s, p;

    stats(hslot);
    total = st.total;
    if (st.used != 0)
        bad++;
    s = mem_pkt_alloc(1);
    if (s == MEM_FP_NULL || pkt_pool(s) != hslot || heap_bad(s, 1) ||
        MEM_FP_OFF(s) + heap_span(s) != hend) {
        printf("  heap: a short frame at %04X:%04X, not at its top end\n", MEM_FP_SEG(s),
               MEM_FP_OFF(s));
        bad++;
    }
    fsz = (MEM_PKT_MAX + MEM_PKT_DATA + 15) & ~15u;
    want = (total - (s != MEM_FP_NULL ? heap_span(s) : 0)) / fsz;
    for (n = 0; n < NHDRAIN; n++) {
        p = mem_pkt_alloc(MEM_PKT_MAX);
        if (p == MEM_FP_NULL)
            break;
        if (pkt_pool(p) != hslot) {
            mem_pkt_free(p);
            break;
        }
        hdrained[n] = p;
        if (heap_bad(p, MEM_PKT_MAX) || MEM_FP_OFF(p) != 16 + n * fsz) {
            printf("  heap: full frame %u at %04X:%04X\n", n, MEM_FP_SEG(p), MEM_FP_OFF(p));
            bad++;
        }
    }
    if (n != want) {
        printf("  heap: %u full frames placed, %u expected\n", n, want);
        bad++;
    }
    while (n > 0)
        if (mem_pkt_free(hdrained[--n]) != 0)
            bad++;
    if (s != MEM_FP_NULL && mem_pkt_free(s) != 0)
        bad++;
    mem_pool_service();
    stats(hslot);
    if (st.used != 0)
        bad++;
    return bad;
}

/* A tag's figures: free + held = count, no map left, never empty. */
static void dma_check(int tag, unsigned held, const char *what)
{
    struct mem_dma_stats ds;

    memset(&ds, 0, sizeof(ds));
    ds.size = sizeof(ds);
    DT_EQ(mem_dma_stats(tag, near_fp(&ds)), MEM_OK, "mem_dma_stats");
    if (ds.free + held != ds.count || ds.maps != 0 || ds.fails != 0)
        printf("  %s: count %u free %u held %u maps %u fails %u\n", what, ds.count,
               ds.free, held, ds.maps, ds.fails);
    DT_CHECK(ds.free + held == ds.count && ds.maps == 0 && ds.fails == 0, what);
}

/* Handles of the DMA buffers both sides hold: all different. */
static unsigned dma_held(unsigned *na, unsigned *nb)
{
    unsigned h[HD_N + 1 + NDMA], n = 0, i, j, dup = 0;

    *na = *nb = 0;
    for (i = 0; i < HD_N; i++)
        if (stm_hd[i * 8 + 4] != 0) {
            h[n++] = stm_hd[i * 8 + 4];
            (*na)++;
        }
    for (i = 0; i < NDMA; i++)
        if (fdma[i].handle != 0) {
            h[n++] = fdma[i].handle;
            (*na)++;
        }
    if (stm_hdb[4] != 0) {
        h[n++] = stm_hdb[4];
        (*nb)++;
    }
    for (i = 0; i < n; i++)
        for (j = 0; j < i; j++)
            if (h[i] == h[j])
                dup++;
    return dup;
}

static void print_shared(void)
{
    if (stm_zerr[0] | stm_zerr[1] | stm_hierr[0] | stm_hierr[1] | stm_nerr[0] | stm_nerr[1])
        printf("  shared handler->fg / fg->handler: frees not 1 then 0: %u / %u, "
               "above 1: %u / %u, errors: %u / %u\n", stm_zerr[0], stm_zerr[1],
               stm_hierr[0], stm_hierr[1], stm_nerr[0], stm_nerr[1]);
}

static void counters_reset(void)
{
    stm_hops = stm_hf_made = stm_fh_got = 0;
    stm_hfail = stm_herr = stm_hpat = stm_hdfail = stm_nest = 0;
    stm_done[0] = stm_done[1] = 0;
    stm_zerr[0] = stm_zerr[1] = stm_hierr[0] = stm_hierr[1] = 0;
    stm_nerr[0] = stm_nerr[1] = 0;
    f_ops = fh_made = 0;
    f_err = f_pat = f_fail = f_dfail = 0;
    svc_runs = svc_fail = maps = bounces = map_err = 0;
    parks = unparks = park_nomem = park_err = park_noxms = stat_err = 0;
    squeezes = squeezed = churns = 0;
    stm_hpk[0] = stm_hpk[1] = stm_hpk[2] = 0;
    fpk_heap = fpk_cls = fpk_none = 0;
    sq_heap = sq_cls = 0;
    hbot = htop = 0;
    hfails = 0;
    if (hslot != SLOT_N) {
        stats(hslot);
        hfails0 = st.fails;
    }
}

/* One rate: the storm, the checks with the timer put back, then
 * everything given back.  0 when mem_pool_check failed: the checks that
 * only look and take are made, then the rate stops (the pools can no
 * longer be trusted to give back into). */
static int run_rate(unsigned div, unsigned ticks, unsigned long fmin)
{
    unsigned long it = 0, sum_used = 0, sum_live = 0;
    unsigned i, k, dup, bad, na, nb, cnt[SLOT_N + 1];
    unsigned g0[SLOT_N], s0[SLOT_N], g[SLOT_N], s[SLOT_N];
    unsigned gs = 0, ss = 0, hhigh = 0, hlow = 0;
    unsigned long hfull = 0, hfg, hbusy = 0;
    int failed0 = dt_failed;
    int rc;

    counters_reset();
    for (i = 0; i < nslot; i++) {
        stats(i);
        g0[i] = st.grows;
        s0[i] = st.shrinks;
    }
    stm_limit = ticks * 3 < ticks ? 0xFFFFu : ticks * 3;
    stm_active = 1;
    stm_install(div);
    while ((stm_work < ticks || f_ops < fmin) && stm_work < stm_limit && it < 200000UL)
        step(it++);
    stm_active = 0;
    stm_remove();

    /* ---- the timer is back: nothing runs concurrently from here on */
    if (hslot != SLOT_N) {
        heap_fails();               /* before the drain's fails */
        hfull = hfails;
        hhigh = st.high;
        hlow = st.low;
    }
    rc = DT_POOLS_OK("mem_pool_check after the storm") ? MEM_OK : MEM_E_CORRUPT;
    for (i = 0; i < nslot; i++) {
        stats(i);
        g[i] = st.grows - g0[i];
        s[i] = st.shrinks - s0[i];
        if (i < SLOT_PKT) {
            gs += g[i];
            ss += s[i];
        }
    }
    run_fops += f_ops;
    run_hops += stm_hops;
    run_maps += maps;
    run_bounces += bounces;
    run_parks += parks;
    run_noxms += park_noxms;
    run_shared += stm_hf_made + fh_made;
    for (i = 0; i < nslot; i++) {
        run_g[i] += g[i];
        run_s[i] += s[i];
    }
    printf("  divisor %u (%lu Hz): %u ticks, %u chained, %u skipped; handler %lu ops;"
           " foreground %lu ops, %lu iterations\n", div, 1193182UL / div, stm_ticks,
           stm_chains, stm_shed, stm_hops, f_ops, it);
    printf("    shared %lu (handler->fg %lu, fg->handler %lu); grows/shrinks: pkt %u/%u,"
           " short %u/%u, small %u/%u\n", stm_hf_made + fh_made, stm_hf_made, fh_made,
           g[big], s[big], g[SLOT_PKT], s[SLOT_PKT], gs, ss);
    printf("    empty pools: handler %u, fg %u; squeezes %u (%u buffers, %u churned);"
           " service %u runs, %u failed\n", stm_hfail, f_fail, squeezes, squeezed, churns,
           svc_runs, svc_fail);
    printf("    maps %u, %u bounced; parked %u, unparked %u, refused %u\n", maps, bounces,
           parks, unparks, park_noxms);
    if (hslot != SLOT_N) {
        /* The foreground never finds the heap busy (no heap call of its
         * own runs inside one), so each of its buffers from the classes
         * (or none) is one the heap could not place: counted in fails.
         * The handler's others found it full or busy. */
        hfg = fpk_cls + fpk_none;
        hbusy = stm_hpk[1] + stm_hpk[2] - (hfull - hfg);
        printf("    heap: served handler %lu, fg %lu; classes served handler %lu, fg %lu;"
               " none: handler %lu, fg %lu\n", stm_hpk[0], fpk_heap, stm_hpk[1], fpk_cls,
               stm_hpk[2], fpk_none);
        printf("    heap: full %lu (fails), busy %lu; at its bottom %u, its top end %u;"
               " high %u, gap low %u\n", hfull, hbusy, hbot, htop, hhigh, hlow);
        printf("    heap: squeezes aside, served %lu, the classes or none %lu\n",
               stm_hpk[0] + fpk_heap - sq_heap, stm_hpk[1] + stm_hpk[2] + hfg - sq_cls);
        run_lheap += stm_hpk[0] + fpk_heap - sq_heap;
        run_lcls += stm_hpk[1] + stm_hpk[2] + hfg - sq_cls;
        DT_CHECK(hfull >= hfg && hfull - hfg <= stm_hpk[1] + stm_hpk[2],
                 "heap fails: every foreground fallback, no more than the handler's besides");
        run_hheap += stm_hpk[0] + fpk_heap;
        run_hcls += stm_hpk[1] + fpk_cls;
        run_hfull += hfull;
        run_hbusy += hbusy;
        run_hbot += hbot;
        run_htop += htop;
    }
    DT_CHECK(stm_work >= ticks, "the handler worked on every tick it was given");
    DT_EQ(stm_chains, (unsigned)((unsigned long)stm_ticks * div >> 16),
          "chained to the BIOS once per 65536 counts");
    DT_EQ(stm_nest, 0, "the handler never ran inside itself");
    DT_CHECK(stm_hops >= 5UL * stm_work, "the handler took and gave on every tick it worked");
    DT_CHECK(stm_hf_made > 0 && fh_made > 0 && stm_fh_got > 0, "packets shared both ways");

    /* what is held against what the pools say */
    live_collect();
    dup = 0;
    memset(cnt, 0, sizeof(cnt));
    for (i = 0; i < nlv; i++) {
        for (k = 0; k < i && lv[k].p != lv[i].p; k++)
            ;
        if (k < i) {
            if (lv[k].key != lv[i].key) {
                printf("  block %04X:%04X held twice\n", MEM_FP_SEG(lv[i].p), MEM_FP_OFF(lv[i].p));
                dup++;
            }
        } else {
            cnt[lv[i].pool < nslot ? lv[i].pool : SLOT_N]++;
        }
    }
    DT_EQ(dup, 0, "no block held twice");
    DT_EQ(cnt[SLOT_N], 0, "every held packet names its pool");
    DT_EQ(held_ranges(), 0, "every held packet's cap holds its frame; heap buffers apart, inside");
    bad = 0;
    for (i = 0; i < nslot; i++) {
        stats(i);
        sum_used += st.used;
        sum_live += cnt[i];
        if (st.used != cnt[i]) {
            printf("  pool %u: used %u, held %u\n", i, st.used, cnt[i]);
            bad++;
        }
    }
    DT_EQ(sum_used, sum_live, "used = blocks the handler and the foreground hold");
    DT_EQ(bad, 0, "... in every pool");
    DT_EQ(live_patterns(), 0, "every held block keeps its pattern");
    DT_EQ(drain_pools(), 0, "every free block handed out once, none of them held");
    DT_EQ(dma_held(&na, &nb), 0, "no DMA buffer held twice");
    dma_check(stm_tag_a, na, "tag A: free + held = count, never empty");
    dma_check(stm_tag_b, nb, "tag B: free + held = count, no map left, never empty");
    if (rc != MEM_OK) {
        print_shared();
        DT_EQ(stm_zerr[0] + stm_zerr[1], 0, "0 = freed exactly once per shared packet so far");
        DT_EQ(stm_hierr[0] + stm_hierr[1], 0, "no free returned more references than existed so far");
        print_pools();
        if (hslot != SLOT_N)
            print_heap();
        return 0;
    }

    /* everything back */
    stm_release();
    eat_hf();
    pend_release();
    while (nfs > 0)
        small_give(nfs - 1);
    while (nfp > 0)
        own_pkt_give(nfp - 1);
    for (i = 0; i < NDMA; i++)
        if (fdma[i].handle != 0) {
            if (stm_scan(fdma[i].buf, DMA_CHK, fdma_pat[i]) != 0)
                f_pat++;
            if (mem_dma_free(fdma[i].handle) != MEM_OK)
                f_err++;
            fdma[i].handle = 0;
        }
    for (k = 0; nparked > 0 && k < 8; k++)
        if (unpark_one())
            own_pkt_give(nfp - 1);
        else
            mem_pool_service();
    DT_EQ(nparked, 0, "every parked packet came back");
    DT_CHECK(stm_hf_rel == stm_hf_head && stm_hf_tail == stm_hf_head &&
             stm_fh_tail == stm_fh_head && npend == 0, "both queues empty");

    /* shared packets: each freed twice, 0 = freed exactly once */
    for (i = k = 0; i < 2 * REC_N; i++)
        if (stm_rec[i] != 0)
            k++;
    print_shared();
    DT_EQ(k, 0, "every shared packet freed by both sides");
    DT_EQ(stm_done[0], stm_hf_made, "handler->fg: every packet's two frees recorded");
    DT_EQ(stm_done[1], fh_made, "fg->handler: every packet's two frees recorded");
    DT_EQ(stm_zerr[0] + stm_zerr[1], 0, "0 = freed exactly once per shared packet");
    DT_EQ(stm_hierr[0] + stm_hierr[1], 0, "no free returned more references than existed");
    DT_EQ(stm_nerr[0] + stm_nerr[1], 0, "no free of a shared packet failed");

    DT_EQ(stm_herr, 0, "handler: every free, reference and DMA free returned what it must");
    DT_EQ(stm_hpat, 0, "handler: every pattern intact");
    DT_EQ(stm_hdfail, 0, "handler: DMA buffers always there");
    DT_EQ(f_err, 0, "foreground: every free, reference and DMA free returned what it must");
    DT_EQ(f_pat, 0, "foreground: every pattern intact");
    DT_EQ(f_dfail, 0, "foreground: DMA buffers always there");
    DT_EQ(stat_err, 0, "mem_pool_stats: used never above total");
    DT_EQ(map_err, 0, "maps met the tag, synced both ways, unmapped");
    DT_EQ(park_err, 0, "park / unpark: no error, frames came back whole");
    DT_EQ(unparks, parks, "as many unparked as parked");
    if (!have_xms)
        DT_EQ(parks, 0, "no XMS: mem_xms_park says MEM_E_NOXMS");

    bad = 0;
    for (i = 0; i < nslot; i++) {
        stats(i);
        if (st.used != 0)
            bad++;
    }
    DT_EQ(bad, 0, "nothing held after giving everything back");
    dma_check(stm_tag_a, 0, "tag A: every buffer back");
    dma_check(stm_tag_b, 0, "tag B: every buffer back");
    DT_POOLS_OK("mem_pool_check after giving everything back");
    for (k = 0; k < 64 && mem_pool_service() > 0; k++)
        ;
    DT_POOLS_OK("mem_pool_check after the pools shrank back");
    if (hslot != SLOT_N) {
        DT_EQ(heap_whole(), 0, "the heap one free block again (a short frame at its top end,"
              " full frames from its bottom)");
        DT_POOLS_OK("mem_pool_check after the heap's full frames");
    }
    if (dt_failed != failed0)
        print_pools();
    return 1;
}

int main(int argc, char **argv)
{
    static unsigned divs[MAXRATES];
#if STORM_HEAP
    static struct mem_config cfg;
#endif
    struct mem_module m;
    struct mem_info info;
    struct mem_dma_constraints k;
    unsigned nd = 0, ticks = TICKS, i, before, seed;
    int rc, ta, tb, whole;

#if STORM_HEAP
    dt_init("t_hstorm: t_storm with a packet heap: heap buffers from an 8-13 kHz timer"
            " interrupt and the foreground");
#else
    dt_init("t_storm: pools, packets and DMA from an 8-13 kHz timer interrupt and the foreground");
#endif
    if (argc > 1 && dt_sealed)
        argc--, argv++;             /* /SEAL (dt_init) comes first */
    if (argc > 1)
        ticks = (unsigned)atoi(argv[1]);
    for (i = 2; i < (unsigned)argc && nd < MAXRATES; i++)
        divs[nd++] = (unsigned)atoi(argv[i]);
    seed = port_peekw(0x40, 0x6C) | 1;
    if (nd == 0) {
        divs[nd++] = 90;
        divs[nd++] = 120;
        divs[nd++] = 150;
        divs[nd++] = 90 + seed % 60;   /* 7.9-13.3 kHz */
    }
    rs = seed;
    stm_seed = (seed * 7) | 1;
    for (i = 0; i < sizeof(ramp); i++)
        ramp[i] = (unsigned char)(i & 0x7F);
    printf("  seed %04X, %u ticks per rate\n", seed, ticks);

    before = dt_dos_largest();
#if STORM_HEAP
    cfg.size = sizeof(cfg);
    cfg.pkt_count = PKT_N_HEAP;
    cfg.pkt_small_count = PKT_N_HEAP;
    cfg.isr_reserve = ISR_RES_HEAP;
    cfg.heap_paras = HEAP_PARAS;
    cfg.heap_top = 0;
    rc = mem_load("MEMPOOL.MOD", &cfg, &m);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD with a packet heap, small classes");
#else
    rc = mem_load("MEMPOOL.MOD", 0, &m);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD");
#endif
    if (rc != MEM_OK)
        return dt_done();
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    DT_EQ(mem_info(near_fp(&info)), MEM_OK, "mem_info");
    have_xms = (info.flags & MEM_INFO_XMS) != 0;
    v86 = info.v86;
    ncls = info.pkt_classes;
    nslot = SLOT_PKT + ncls;
    big = nslot - 1;
    DT_CHECK(info.pkt_classes >= 1 && info.pkt_classes <= 4, "mem_info: 1..4 packet classes");
    for (i = 0; i < nslot; i++) {
        stats(i);
        blk_size[i] = st.block;
        if (i >= SLOT_PKT)
            cls_len[i - SLOT_PKT] = st.block - MEM_PKT_DATA;
    }
#if STORM_HEAP
    hslot = nslot++;
    DT_EQ(stats(hslot), MEM_OK, "mem_pool_stats(MEM_POOL_HEAP)");
    hseg = st.first_seg;
    hend = 16 + st.total;
    DT_CHECK(hseg != 0 && st.total == (HEAP_PARAS - 1) * 16 && st.arenas == 1 && st.used == 0,
             "the heap: its segment, its bytes, nothing handed out");
    printf("  heap at %04X, %u bytes; classes of %u buffers, isr_reserve %u\n", hseg, st.total,
           PKT_N_HEAP, ISR_RES_HEAP);
#endif

    /* tag A: 3C515 buffers, 8 (each side holds 3 at most); tag B: a bus
     * master that cannot cross 4 KB, for maps (the handler holds 1) */
    mem_dma_preset(MEM_DMA_3C515_BUF, near_fp(&k));
    k.count = 8;
    ta = mem_dma_tag_create(near_fp(&k));
    mem_dma_preset(MEM_DMA_3C515_BUF, near_fp(&k));
    k.boundary = 0x1000;
    k.count = 4;
    tb = mem_dma_tag_create(near_fp(&k));
    DT_CHECK(ta > 0 && tb > 0, "DMA tags created");
    dt_seal_point();
    if (ta > 0 && tb > 0) {
        stm_tag_a = ta;
        stm_tag_b = tb;
        /* each rate runs until the foreground (which a slow host gives
         * less of each tick) has done its part of MIN_OPS too */
        for (i = 0, whole = 1; whole && i < nd; i++)
            whole = run_rate(divs[i], ticks, (MIN_OPS + nd - 1) / nd);
        if (whole) {
            /* the load did what it is there for */
            printf("  run: handler %lu ops, foreground %lu ops, %lu shared packets\n",
                   run_hops, run_fops, run_shared);
            DT_CHECK(run_hops >= MIN_OPS, "the handler: 100,000 operations at least");
            DT_CHECK(run_fops >= MIN_OPS, "the foreground: 100,000 operations at least");
#if STORM_HEAP
            printf("  heap: served %lu, the classes %lu (heap full %lu, busy %lu);"
                   " at its bottom %lu, its top end %lu; squeezes aside, served %lu,"
                   " the classes or none %lu\n", run_hheap, run_hcls, run_hfull, run_hbusy,
                   run_hbot, run_htop, run_lheap, run_lcls);
            DT_CHECK(run_hbot > 0 && run_htop > 0, "the heap served buffers at both ends");
            DT_CHECK(run_hfull > 0 && run_hcls > 0,
                     "the heap filled up and the classes served what it could not place");
            DT_CHECK(run_hbusy > 0, "ticks found the heap busy: the classes served them");
            DT_CHECK(run_lheap > 4 * run_lcls, "squeezes aside, the heap served most buffers");
#else
            DT_CHECK(run_g[big] > 0 && run_s[big] > 0 &&
                     run_g[SLOT_PKT] > 0 && run_s[SLOT_PKT] > 0,
                     "the packet pools grew and shrank");
#endif
            DT_CHECK(run_maps > 0 && run_bounces > 0, "packet buffers were mapped, some bounced");
            if (have_xms)
                DT_CHECK(run_parks > 0, "packets parked in XMS and back");
            else
                DT_CHECK(run_noxms > 0, "no XMS: mem_xms_park said MEM_E_NOXMS");
            /* tag destroy is set-up code the seal drops: sealed, the tags
             * go with mem_unload (and "memory back" below checks that) */
            if (!dt_sealed) {
                DT_EQ(mem_dma_tag_destroy(ta), MEM_OK, "tag A destroyed");
                DT_EQ(mem_dma_tag_destroy(tb), MEM_OK, "tag B destroyed");
            }
        }
    }
    DT_EQ(mem_unload(&m), MEM_OK, "unload");
    DT_EQ(dt_dos_largest(), before, "memory back");
    return dt_done();
}
