/*
 * e_inter.c - every interleaving of an interrupt handler with the entries
 * that edit the pools' lists and counts, in the emulator (issue 14, item 0),
 * and with the packet heap's allocation entries and put-back.
 *
 * Runs under bench86 (make emu-test), which can inject a hardware interrupt
 * at any instruction boundary (bench_irq_arm, tools/bench/README.md
 * "Injected interrupts").  MEMPOOL.MOD is loaded through mem_load as the
 * packet-driver core loads it, with bench/fakexms.asm as the XMS driver.
 * For each entry below the scenario is set up afresh (the module stays
 * loaded) and the entry run once per boundary k = 0, 1, 2, ... with the
 * interrupt injected at k, until the interrupt no longer fires before the
 * entry has returned.  The handler (e_isr.asm, its own stack, inside
 * mem_isr_enter / mem_isr_leave) works on the same pools, packets, small
 * objects and DMA tag as the foreground: it frees the other reference of
 * the packet the foreground frees, frees a block the foreground handed it,
 * pops two blocks of the pool the entry edits and pushes them back, through
 * the C stubs and the register entries by turns (k odd / even), and takes
 * and gives a buffer of the DMA tag the foreground maps.
 *
 * After every run: mem_pool_check() == MEM_OK (lists, maps, used, high <=
 * total), the pool's used equals the blocks the test holds, no block the
 * handler got was one the foreground held, and for a shared packet
 * "0 = freed" came back exactly once (the foreground's result and the
 * handler's), the other free returning 1; a reference taken while the
 * handler frees the buffer's only reference returns 2 (and the later free
 * 0) or MEM_E_DOUBLEFREE (the handler's free freed it).
 *
 * The packet heap (docs/dev/packet-heap.md; the heap_ entries): after the
 * entries above, the module is unloaded and loaded again with a heap of
 * 128 paragraphs (heap_top 0: frames up to 64 bytes from the top) and
 * small classes behind it (three buffers each, isr_reserve 1), only when
 * a heap_ entry is wanted.  Each set-up leaves three blocks freed since
 * the last heap call (one joins the gap, two link alone, one of them from
 * the top), so the entry drains the heap record's list and puts them back
 * at every boundary of its own.  The entries: the allocation through
 * mem_pkt_take's table slot (_mod_pkt_htake, heap_take_*), the library's
 * mem_pkt_alloc (heap_alloc_*) and the module's C entry (_mod_pkt_halloc,
 * heap_calloc_*), a short frame from the top and a long one from the
 * bottom; mem_pool_service putting back (heap_service); and an allocation
 * the heap cannot place (heap_take_full: the classes serve it).  The
 * handler frees a heap buffer the foreground handed it and takes a
 * reference of a shared heap packet and frees twice (on odd k the
 * foreground has let go of its own, so the handler's last free frees it):
 * two pushes on the heap record's list at any point of the drain; and
 * allocates a short and a long packet through the three entries by turns
 * and frees them (not in heap_take_full).  After every run, besides
 * mem_pool_check (which walks the heap) and the counts: the heap's used
 * (mem_pool_stats(MEM_POOL_HEAP)) equals the heap buffers the test holds,
 * the classes' used the class buffers, the heap's fails moved only for an
 * allocation it could not place; the foreground's buffer has its header
 * (len, data, one reference, the magic, cap = its block exactly), is a
 * heap buffer where no held one is, and without an interrupt exactly
 * where the freed block was; the handler's buffers meet no held buffer,
 * and are class buffers in exactly one run of consecutive boundaries (the
 * foreground holding the heap's lock; printed) and heap buffers before
 * and after it, after it never where the foreground's buffer is; held
 * headers unchanged; the shared packet's results 3 2 1 (or 2 1 0) and
 * "0 = freed" once; and, all freed and the service run, the heap is one
 * free block again (a freed block on no list is one mem_pool_check does
 * not see).  In heap_take_full the frame lands in the heap (where the
 * handler's free made room) exactly up to the boundary where the drain
 * takes the list, and from the classes after it (printed).
 *
 * What it proves: for every entry listed in main(), no single interrupt at
 * any instruction boundary, running the handler's pool operations, breaks
 * a pool, a count or a reference count.  make emu-test also runs it
 * against two planted modules and requires both to fail: PLANT_GIVE_RACE
 * (a free reads the list head before its window: an interrupt that pops
 * and pushes in between loses a block; the *_open scenarios meet it) and
 * PLANT_REF_REREAD (free and ref re-read the count after their window,
 * issue 14's lying counts).  pool_fast.asm says why issue 14's first
 * defect, the count lowered after the push, is no longer one.  The heap_
 * entries were seen failing on faults planted in pheap.asm by hand (not
 * among make emu-test's plants): the drain taking the list's head and
 * clearing it in two windows (every heap_ entry, the first at k = 29..72),
 * the allocation not testing the lock (every one but heap_take_full,
 * whose handler allocates nothing), the service's put-back not taking it
 * (heap_service).
 *
 * Run time: each run ends with mem_pool_check, some 60,000 emulated
 * instructions.  The small class's grow and shrink are the longest entries
 * (2,600 and 4,760 boundaries, some 3.5 minutes of one core together):
 * they run the same pool_grow / pool_shrink_one as the packet class's, but
 * over an arena with a paragraph map, which pool_arena_used reads while an
 * interrupt's allocation writes it, so make emu-test runs them too, one
 * in each of its two processes.  The heap_ entries: some 170 to 280
 * boundaries each, heap_service 810, about a minute of one core together
 * (make emu-test: heap_service in its second process, the others in its
 * first).
 *
 * Output: a line per entry (boundaries, runs made, runs failed; for a
 * heap_ entry that held, a line before it with the boundaries where the
 * handler met the heap's lock taken), then "N passed, N failed": one
 * count per entry (passed when every boundary held) plus set-up and
 * unload (of each load).  Arguments: name prefixes;
 * only the entries whose names start with one of them run.  Exit code 0
 * when nothing failed.
 */
#include <stdio.h>
#include <string.h>
#include "memory_api.h"
#include "port.h"
#include "../dos/dtest.h"  /* dt_dos_alloc: the DOS tests' harness, linked in */
#include "mem_api_idx.h"

void bench_irq_arm(unsigned k, unsigned vec, unsigned *flag);
void bench_irq_disarm(void);
void eisr_install(unsigned vec);
void fakexms_install(unsigned mem_seg, unsigned mem_kb);
mem_fp_t dt_small_take(unsigned size, unsigned *kept);
mem_fp_t dt_pkt_take(unsigned len, unsigned *kept);
int dt_small_give(mem_fp_t p, unsigned *kept);
int dt_pkt_give(mem_fp_t p, unsigned *kept);
extern mem_u32 mem_api_tab[];
mem_u32 mod_call();

#define VEC      0x60       /* the injected interrupt's vector */
#define PLEN     1000       /* packet length: the one class of 1514 */
#define SSIZE    16         /* small objects: class S16 */
#define PPOOL    MEM_POOL_PKTC(0)
#define SPOOL    MEM_POOL_S16
#define HMAX     160        /* blocks the foreground holds at most */
#define KMAX     20000      /* boundaries per entry before giving up */

/* What the handler does (isr_mode bits). */
#define HM_FREE_P   1       /* free isr_p (a reference or block it was given) */
#define HM_PKT      2       /* pop two packet buffers, push them back */
#define HM_SMALL    4       /* the same with two small objects */
#define HM_DMA      8       /* take and give a buffer of the DMA tag */
#define HM_SMALL_P  16      /* isr_p is a small object (HM_FREE_P) */
#define HM_SHARE    32      /* the heap: reference hs_p, free it twice */
#define HM_HPKT     64      /* the heap: a short and a long packet, freed */

/* The second load: a packet heap, small classes behind it */
#define HPARAS   128        /* heap_paras: 2,032 bytes of blocks */
#define HSLEN    60         /* a short frame: <= heap_top (64), the top */
#define HLLEN    200        /* a long one: first fit from the bottom */
#define HEAP     MEM_POOL_HEAP
#define HB_SIZE  MEM_PKT_OFF_CAP    /* a free heap block's bytes (pheap.h) */

static struct mem_module mod;
static struct mem_config cfg;
static struct mem_pool_stats pst;
static struct mem_dma_constraints dk;
static struct mem_dma_stats dst;
static struct mem_dma_map dmap;
static struct mem_dma_buf ibuf;

static unsigned irq_flag;   /* bench86: 0 = not fired, else 1 + deferred */
static unsigned cur_k;

/* the handler's side */
static int isr_mode;
static mem_fp_t isr_p;
static int isr_res;
static unsigned isr_ran, isr_err, isr_dma_handle;
static int dtag = -1;

/* what the foreground holds */
static mem_fp_t held[HMAX];
static mem_u16 held_pool[HMAX];
static int nheld;
static unsigned held_sum[HMAX];     /* their headers' words +4..+14 */

/* the packet heap's scenarios (the second load) */
static unsigned heap_seg;           /* the heap's segment */
static mem_fp_t hs_p;               /* the shared heap packet */
static int hs_fg;                   /* the foreground holds a reference */
static int isr_sh[3];               /* the handler's ref, free, free of it */
static unsigned long isr_lin[2];    /* the handler's packets (freed again) */
static unsigned isr_cap[2], isr_cls;    /* their caps; class buffers among them */
static unsigned isr_args[1], fg_args[1];

static unsigned passed, failed, run_bad;
static int heap_lost;       /* the heap lost a block: broken as a pool */
static char **only;
static int nonly;

static mem_fp_t fp_of(void *p)
{
    return MEM_FP(port_ds(), (unsigned)p);
}

static int is_held(mem_fp_t p)
{
    int i;

    for (i = 0; i < nheld; i++)
        if (held[i] == p)
            return 1;
    return 0;
}

/* A packet's header fields, the module's cap among them (+8: the bytes
 * of the buffer from the header on). */
static unsigned pkt_w(mem_fp_t p, unsigned at)
{
    return port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + at);
}
static unsigned pkt_pool(mem_fp_t p)
{
    return port_peekb(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_POOL);
}
static unsigned long lin_of(mem_fp_t p)
{
    return ((unsigned long)MEM_FP_SEG(p) << 4) + MEM_FP_OFF(p);
}
static int ranges_meet(unsigned long a, unsigned ca, unsigned long b, unsigned cb)
{
    return a < b + cb && b < a + ca;
}
static int overlap(mem_fp_t p, mem_fp_t q)
{
    return ranges_meet(lin_of(p), pkt_w(p, MEM_PKT_OFF_CAP),
                       lin_of(q), pkt_w(q, MEM_PKT_OFF_CAP));
}
static unsigned hdr_sum(mem_fp_t p)
{
    unsigned i, s = 0;

    for (i = MEM_PKT_OFF_LEN; i <= MEM_PKT_OFF_CHECK; i += 2)
        s += pkt_w(p, i) ^ (i << 8);
    return s;
}

/* A packet just allocated for a frame of len bytes: link 0, len, data,
 * one reference, the magic, cap >= len + MEM_PKT_DATA; a heap buffer
 * (MEM_POOL_HEAP, in the heap's segment) has its block exactly (the
 * release build's: no guard word, as make emu-test builds the module), a
 * class buffer is one of the three classes'. */
static unsigned blk_of(unsigned len)
{
    return (len + MEM_PKT_DATA + 15) & ~15u;
}
static int pkt_hdr_ok(mem_fp_t p, unsigned len)
{
    unsigned pool, cap;

    if (p == MEM_FP_NULL)
        return 0;
    pool = pkt_pool(p);
    cap = pkt_w(p, MEM_PKT_OFF_CAP);
    if (pkt_w(p, 0) != 0 || pkt_w(p, 2) != 0 ||
        pkt_w(p, MEM_PKT_OFF_LEN) != len || pkt_w(p, MEM_PKT_OFF_DATA) != MEM_PKT_DATA ||
        port_peekb(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_REF) != 1 ||
        pkt_w(p, MEM_PKT_OFF_MAGIC) != MEM_PKT_MAGIC || cap < len + MEM_PKT_DATA)
        return 0;
    if (pool == HEAP)
        return MEM_FP_SEG(p) == heap_seg && cap == blk_of(len);
    return MEM_FP_SEG(p) != heap_seg && pool >= MEM_POOL_PKTC(0) && pool <= MEM_POOL_PKTC(2);
}

/* The module's own C entry (mem_pkt_alloc's table slot: with a heap,
 * _mod_pkt_halloc), far-called as a v1.0 caller would. */
static mem_fp_t c_alloc(unsigned len, unsigned *args)
{
    args[0] = len;
    return (mem_fp_t)mod_call(MEM_FP_SEG(mem_api_tab[MEM_FN_PKT_ALLOC]),
                              MEM_FP_OFF(mem_api_tab[MEM_FN_PKT_ALLOC]), 1, args);
}

/* Does p meet a buffer the foreground holds (the shared packet while it
 * holds a reference)? */
static int isr_clash(mem_fp_t p)
{
    int i;

    for (i = 0; i < nheld; i++)
        if (overlap(p, held[i]))
            return 1;
    return hs_fg && overlap(p, hs_p);
}

static void hold(mem_fp_t p, mem_u16 pool)
{
    if (nheld < HMAX && p != MEM_FP_NULL) {
        held_pool[nheld] = pool;
        held_sum[nheld] = pool == HEAP ? hdr_sum(p) : 0;
        held[nheld++] = p;
    }
}

/* The handler's body (e_isr.asm calls it on its own stack, DS = SS). */
void isr_body(void)
{
    mem_fp_t a, b;
    unsigned kept;
    int odd = (int)(cur_k & 1);

    mem_isr_enter();
    isr_ran++;
    if (isr_mode & HM_FREE_P) {
        if (isr_mode & HM_SMALL_P)
            isr_res = odd ? dt_small_give(isr_p, &kept) : mem_small_free(isr_p);
        else
            isr_res = odd ? dt_pkt_give(isr_p, &kept) : mem_pkt_free(isr_p);
    }
    if (isr_mode & HM_SHARE) {
        isr_sh[0] = mem_pkt_ref(hs_p);
        isr_sh[1] = odd ? dt_pkt_give(hs_p, &kept) : mem_pkt_free(hs_p);
        isr_sh[2] = odd ? mem_pkt_free(hs_p) : dt_pkt_give(hs_p, &kept);
    }
    if (isr_mode & HM_HPKT) {   /* a short and a long one, freed again */
        kept = 1;
        a = odd ? dt_pkt_take(HSLEN, &kept) : mem_pkt_alloc(HSLEN);
        if (!kept)
            isr_err |= 128;                 /* registers not kept */
        b = odd ? c_alloc(HLLEN, isr_args) : dt_pkt_take(HLLEN, &kept);
        if (!kept)
            isr_err |= 128;
        if (!pkt_hdr_ok(a, HSLEN) || !pkt_hdr_ok(b, HLLEN)) {
            isr_err |= 64;                  /* none, or a bad header */
        } else {
            if (isr_clash(a) || isr_clash(b) || overlap(a, b))
                isr_err |= 1;               /* handed out twice */
            isr_cls = (pkt_pool(a) != HEAP) + (pkt_pool(b) != HEAP);
            isr_lin[0] = lin_of(a);
            isr_cap[0] = pkt_w(a, MEM_PKT_OFF_CAP);
            isr_lin[1] = lin_of(b);
            isr_cap[1] = pkt_w(b, MEM_PKT_OFF_CAP);
        }
        if (a && (odd ? mem_pkt_free(a) : dt_pkt_give(a, &kept)) != 0)
            isr_err |= 2;
        if (b && (odd ? dt_pkt_give(b, &kept) : mem_pkt_free(b)) != 0)
            isr_err |= 2;
    }
    if (isr_mode & HM_PKT) {
        a = odd ? dt_pkt_take(PLEN, &kept) : mem_pkt_alloc(PLEN);
        b = odd ? mem_pkt_alloc(PLEN) : dt_pkt_take(PLEN, &kept);
        if ((a && is_held(a)) || (b && (is_held(b) || b == a)))
            isr_err |= 1;                   /* handed out twice */
        if (a && (odd ? mem_pkt_free(a) : dt_pkt_give(a, &kept)) != 0)
            isr_err |= 2;
        if (b && (odd ? dt_pkt_give(b, &kept) : mem_pkt_free(b)) != 0)
            isr_err |= 2;
    }
    if (isr_mode & HM_SMALL) {
        a = odd ? dt_small_take(SSIZE, &kept) : mem_small_alloc(SSIZE);
        b = odd ? mem_small_alloc(SSIZE) : dt_small_take(SSIZE, &kept);
        if ((a && is_held(a)) || (b && (is_held(b) || b == a)))
            isr_err |= 4;
        if (a && (odd ? mem_small_free(a) : dt_small_give(a, &kept)) != MEM_OK)
            isr_err |= 8;
        if (b && (odd ? dt_small_give(b, &kept) : mem_small_free(b)) != MEM_OK)
            isr_err |= 8;
    }
    if ((isr_mode & HM_DMA) && mem_dma_alloc(dtag, fp_of(&ibuf)) == MEM_OK) {
        if (ibuf.handle == isr_dma_handle)
            isr_err |= 16;                  /* the foreground's bounce */
        if (mem_dma_free(ibuf.handle) != MEM_OK)
            isr_err |= 32;
    }
    mem_isr_leave();
}

/* ------------------------------------------------------------ checks */

static int stats(mem_u16 pool)
{
    pst.size = sizeof(pst);
    return mem_pool_stats(pool, fp_of(&pst));
}

static unsigned held_in(mem_u16 pool)
{
    int i;
    unsigned n = 0;

    for (i = 0; i < nheld; i++)
        if (held_pool[i] == pool)
            n++;
    return n;
}

static const char *cur_name;
static unsigned cur_fail;

static void bad(const char *what, int got, int want)
{
    run_bad++;
    if (cur_fail < 3)
        printf("  %s k=%u: %s: %d, expected %d\n", cur_name, cur_k, what, got, want);
}

/* The pools after a run: consistent, and used = what the test holds
 * (extra: blocks of the pool alive besides the held ones). */
static int pools_ok(unsigned extra_pkt, unsigned extra_small)
{
    int rc = mem_pool_check();

    if (rc != MEM_OK) {
        bad("mem_pool_check", rc, MEM_OK);
        return 0;
    }
    if (isr_err)
        bad("handler: block handed out twice / a free refused (bits)", isr_err, 0);
    if (stats(PPOOL) != MEM_OK || pst.used != held_in(PPOOL) + extra_pkt ||
        pst.high > pst.total || pst.reserve + pst.used > pst.total)
        bad("packet pool used", pst.used, held_in(PPOOL) + extra_pkt);
    if (stats(SPOOL) != MEM_OK || pst.used != held_in(SPOOL) + extra_small ||
        pst.high > pst.total)
        bad("small pool used", pst.used, held_in(SPOOL) + extra_small);
    return 1;
}

static void free_held(void)
{
    while (nheld > 0) {
        nheld--;
        if (held_pool[nheld] == PPOOL)
            mem_pkt_free(held[nheld]);
        else
            mem_small_free(held[nheld]);
    }
}

/* Until the service changes nothing more (arenas back, reserves full). */
static void settle(void)
{
    int i;

    for (i = 0; i < 8 && mem_pool_service() > 0; i++)
        ;
}

/* --------------------------------------------------------- scenarios */

/* Each scenario: set up (fresh state, the handler's mode), the entry
 * itself between bench_irq_arm and bench_irq_disarm, and the checks plus
 * the clean-up.  The foreground's result goes to fg_res. */
static int fg_res, fg_kind;
static mem_fp_t fg_p;
static unsigned fg_ticket;
static unsigned long lin_cross;
static unsigned buf_seg, buf_off;
static unsigned char frame_pat;

struct scen {
    const char *name;
    void (*setup)(void);
    void (*entry)(void);
    void (*check)(void);
};

/* packet free, shared: two references, the handler frees the other */
static void su_shared(void)
{
    fg_p = mem_pkt_alloc(PLEN);
    mem_pkt_ref(fg_p);
    isr_p = fg_p;
    isr_res = -100;
    isr_mode = HM_FREE_P | HM_PKT;
}
static void en_pkt_free(void)
{
    fg_res = mem_pkt_free(fg_p);
}
static void en_pkt_give(void)
{
    unsigned kept;

    fg_res = dt_pkt_give(fg_p, &kept);
}
static void ck_shared(void)
{
    int zeros;

    if (isr_res == -100) {          /* fired after the disarm point: none */
        isr_res = mem_pkt_free(fg_p);
    }
    zeros = (fg_res == 0) + (isr_res == 0);
    if (zeros != 1 || fg_res + isr_res != 1) {
        bad("shared packet: the foreground's free", fg_res, isr_res == 0 ? 1 : 0);
        bad("shared packet: the handler's free", isr_res, fg_res == 0 ? 1 : 0);
    }
    pools_ok(0, 0);
}

/* packet free of the last reference with the pool full: the handler pops
 * the block the free pushes (if it is there yet) and pushes it back */
static void fill_pool(mem_u16 pool)
{
    mem_fp_t p;
    unsigned kept;

    for (;;) {
        p = pool == PPOOL ? dt_pkt_take(PLEN, &kept) : dt_small_take(SSIZE, &kept);
        if (p == MEM_FP_NULL || nheld >= HMAX)
            break;
        hold(p, pool);
    }
}
static void su_pkt_last(void)
{
    fill_pool(PPOOL);
    fg_p = held[--nheld];
    isr_mode = HM_PKT;
}
static void ck_last(void)
{
    if (fg_res != 0)
        bad("free of the last reference", fg_res, 0);
    pools_ok(0, 0);
    free_held();
}

/* packet free of the last reference with blocks on the list: the handler
 * pops two and pushes them back in the other order, so the list's head
 * changes under a push that read it outside its window */
static void su_pkt_open(void)
{
    fg_p = mem_pkt_alloc(PLEN);
    isr_mode = HM_PKT;
}
static void ck_open(void)
{
    if (fg_res != 0)                    /* MEM_OK for a small block */
        bad("free with blocks on the list", fg_res, 0);
    pools_ok(0, 0);
}

/* packet reference while the handler frees the only reference */
static void su_ref(void)
{
    fg_p = mem_pkt_alloc(PLEN);
    isr_p = fg_p;
    isr_res = -100;
    isr_mode = HM_FREE_P | HM_PKT;
}
static void en_pkt_ref(void)
{
    fg_res = mem_pkt_ref(fg_p);
}
static void ck_ref(void)
{
    int r;

    if (isr_res == -100) {
        isr_res = mem_pkt_free(fg_p);
    }
    if (fg_res == 2 && isr_res == 1) {
        r = mem_pkt_free(fg_p);
        if (r != 0)
            bad("the reference taken: its free", r, 0);
    } else if (!(fg_res == MEM_E_DOUBLEFREE && isr_res == 0)) {
        bad("mem_pkt_ref while the handler frees", fg_res, 2);
        bad("the handler's free", isr_res, 1);
    }
    pools_ok(0, 0);
}

/* small free with the class full */
static void su_small(void)
{
    fill_pool(SPOOL);
    fg_p = held[--nheld];
    isr_mode = HM_SMALL;
}
/* small free with blocks on the list (as su_pkt_open) */
static void su_small_open(void)
{
    fg_p = mem_small_alloc(SSIZE);
    isr_mode = HM_SMALL;
}
static void en_small_free(void)
{
    fg_res = mem_small_free(fg_p);
}
static void en_small_give(void)
{
    unsigned kept;

    fg_res = dt_small_give(fg_p, &kept);
}
static void ck_small(void)
{
    if (fg_res != MEM_OK)
        bad("small free", fg_res, MEM_OK);
    pools_ok(0, 0);
    free_held();
}

/* mem_pool_service: grow (the pool under its low-water mark; the handler
 * frees a block it was handed meanwhile), shrink and splice (a second
 * arena all free), refill the reserve (drained); the handler pops two
 * blocks of the pool and pushes them back.  For the packet class and the
 * small class.  The run the interrupt did not reach must take the branch
 * (a grow, a shrink, the reserve back at its target). */
#define SV_GROW   1
#define SV_SHRINK 2
#define SV_REFILL 3
static mem_u16 sv_pool;
static int sv_kind;
static unsigned sv_grows, sv_shrinks, sv_res_target;

static void sv_note(mem_u16 pool, int kind)
{
    sv_pool = pool;
    sv_kind = kind;
    stats(pool);
    sv_grows = pst.grows;
    sv_shrinks = pst.shrinks;
}
static void churn(mem_u16 pool)
{
    isr_mode = pool == PPOOL ? HM_PKT : HM_SMALL;
}
static void grow_setup(mem_u16 pool)
{
    mem_fp_t p;
    unsigned kept;

    settle();
    for (;;) {                          /* take until 2 are free */
        stats(pool);
        if ((unsigned)(pst.total - pst.used) <= 2)
            break;
        p = pool == PPOOL ? dt_pkt_take(PLEN, &kept) : dt_small_take(SSIZE, &kept);
        if (p == MEM_FP_NULL || nheld >= HMAX)
            break;
        hold(p, pool);
    }
    isr_p = held[--nheld];              /* the handler frees this one */
    isr_res = -100;
    churn(pool);
    isr_mode |= HM_FREE_P | (pool == PPOOL ? 0 : HM_SMALL_P);
    sv_note(pool, SV_GROW);
}
static void su_grow_pkt(void)
{
    grow_setup(PPOOL);
}
static void su_grow_small(void)
{
    grow_setup(SPOOL);
}
static void shrink_setup(mem_u16 pool)
{
    grow_setup(pool);
    mem_pool_service();                 /* a second arena */
    if (pool == PPOOL)
        mem_pkt_free(isr_p);
    else
        mem_small_free(isr_p);
    free_held();                        /* every block free */
    isr_mode = 0;
    churn(pool);
    sv_note(pool, SV_SHRINK);
}
static void su_shrink_pkt(void)
{
    shrink_setup(PPOOL);
}
static void su_shrink_small(void)
{
    shrink_setup(SPOOL);
}
static void refill_setup(mem_u16 pool)
{
    settle();
    fill_pool(pool);                    /* main list and reserve drained */
    isr_p = held[--nheld];
    free_held();                        /* the rest back on the main list */
    isr_res = -100;
    churn(pool);
    isr_mode |= HM_FREE_P | (pool == PPOOL ? 0 : HM_SMALL_P);
    sv_note(pool, SV_REFILL);
}
static void su_refill_pkt(void)
{
    refill_setup(PPOOL);
}
static void su_refill_small(void)
{
    refill_setup(SPOOL);
}
static void en_service(void)
{
    fg_res = mem_pool_service();
}
static void ck_service(void)
{
    if (fg_res < 0)
        bad("mem_pool_service", fg_res, 0);
    if (isr_mode & HM_FREE_P) {
        if (isr_res == -100)
            isr_res = (isr_mode & HM_SMALL_P) ? mem_small_free(isr_p)
                                              : mem_pkt_free(isr_p);
        if (isr_res != 0)
            bad("the handler's free of the block it was given", isr_res, 0);
    }
    if (!irq_flag) {                    /* the service ran alone */
        stats(sv_pool);
        if (sv_kind == SV_GROW && pst.grows != sv_grows + 1)
            bad("no interrupt: the service grew", pst.grows - sv_grows, 1);
        if (sv_kind == SV_SHRINK && pst.shrinks != sv_shrinks + 1)
            bad("no interrupt: the service shrank", pst.shrinks - sv_shrinks, 1);
        if (sv_kind == SV_REFILL && pst.reserve != sv_res_target)
            bad("no interrupt: the reserve refilled", pst.reserve, sv_res_target);
    }
    pools_ok(0, 0);
    free_held();
}

/* park / unpark: the frame travels to XMS and back intact */
static void fill_frame(mem_fp_t p, unsigned char v)
{
    unsigned i, d = port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_DATA);

    for (i = 0; i < PLEN; i += 37)
        port_pokeb(MEM_FP_SEG(p), MEM_FP_OFF(p) + d + i, (unsigned char)(v + i));
}
static int frame_ok(mem_fp_t p, unsigned char v)
{
    unsigned i, d = port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_DATA);

    for (i = 0; i < PLEN; i += 37)
        if (port_peekb(MEM_FP_SEG(p), MEM_FP_OFF(p) + d + i) != (unsigned char)(v + i))
            return 0;
    return 1;
}
static void su_park(void)
{
    fg_p = mem_pkt_alloc(PLEN);
    fill_frame(fg_p, ++frame_pat);
    isr_p = mem_pkt_alloc(PLEN);
    isr_res = -100;
    isr_mode = HM_FREE_P | HM_PKT;
}
static void en_park(void)
{
    fg_res = mem_xms_park(fg_p);
}
static void ck_park(void)
{
    mem_fp_t q = MEM_FP_NULL;
    int rc;

    if (isr_res == -100)
        isr_res = mem_pkt_free(isr_p);
    if (isr_res != 0)
        bad("the handler's free of the block it was given", isr_res, 0);
    if (fg_res <= 0) {
        bad("mem_xms_park", fg_res, 1);
        mem_pkt_free(fg_p);
        pools_ok(0, 0);
        return;
    }
    pools_ok(0, 0);
    rc = mem_xms_unpark((mem_u16)fg_res, fp_of(&q));
    if (rc != MEM_OK || q == MEM_FP_NULL || !frame_ok(q, frame_pat))
        bad("parked frame back intact", rc, MEM_OK);
    if (q != MEM_FP_NULL)
        mem_pkt_free(q);
}
static void su_unpark(void)
{
    mem_fp_t p = mem_pkt_alloc(PLEN);

    fill_frame(p, ++frame_pat);
    fg_ticket = (unsigned)mem_xms_park(p);
    fg_p = MEM_FP_NULL;
    isr_p = mem_pkt_alloc(PLEN);
    isr_res = -100;
    isr_mode = HM_FREE_P | HM_PKT;
}
static void en_unpark(void)
{
    fg_res = mem_xms_unpark((mem_u16)fg_ticket, fp_of(&fg_p));
}
static void ck_unpark(void)
{
    if (isr_res == -100)
        isr_res = mem_pkt_free(isr_p);
    if (isr_res != 0)
        bad("the handler's free of the block it was given", isr_res, 0);
    if ((int)fg_ticket <= 0 || fg_res != MEM_OK || fg_p == MEM_FP_NULL ||
        !frame_ok(fg_p, frame_pat))
        bad("mem_xms_unpark: the frame back intact", fg_res, MEM_OK);
    pools_ok(fg_p != MEM_FP_NULL ? 1 : 0, 0);
    if (fg_p != MEM_FP_NULL)
        mem_pkt_free(fg_p);
}

/* DMA map (a bounce: the buffer crosses 64 KB) and unmap; the handler
 * takes and gives a buffer of the same tag */
static unsigned dma_free_now(void)
{
    dst.size = sizeof(dst);
    if (mem_dma_stats(dtag, fp_of(&dst)) != MEM_OK)
        return 0xFFFFu;
    return dst.free;
}
static void su_map(void)
{
    isr_dma_handle = 0xFFFFu;
    isr_mode = HM_DMA | HM_PKT;
}
static void en_map(void)
{
    fg_res = mem_dma_map(dtag, MEM_FP(buf_seg, buf_off), 1514, fp_of(&dmap));
}
static void ck_map(void)
{
    if (fg_res != MEM_OK || dmap.how != MEM_DMA_MAP_BOUNCE)
        bad("mem_dma_map (bounce)", fg_res, MEM_OK);
    if (dma_free_now() != dk.count - 1 || dst.maps != 1)
        bad("DMA buffers free with one bounce out", dst.free, dk.count - 1);
    pools_ok(0, 0);
    isr_dma_handle = dmap.bounce;
    if (fg_res == MEM_OK && mem_dma_unmap(fp_of(&dmap)) != MEM_OK)
        bad("mem_dma_unmap after", -1, MEM_OK);
}
static void su_unmap(void)
{
    int rc = mem_dma_map(dtag, MEM_FP(buf_seg, buf_off), 1514, fp_of(&dmap));

    if (rc != MEM_OK)
        printf("  dma_unmap_bounce: set-up map %d\n", rc);
    isr_dma_handle = 0xFFFFu;           /* unmap may free it before the IRQ */
    isr_mode = HM_DMA | HM_PKT;
}
static void en_unmap(void)
{
    fg_res = mem_dma_unmap(fp_of(&dmap));
}
static void ck_unmap(void)
{
    if (fg_res != MEM_OK)
        bad("mem_dma_unmap", fg_res, MEM_OK);
    if (dma_free_now() != dk.count || dst.maps != 0)
        bad("DMA buffers free after the unmap", dst.free, dk.count);
    pools_ok(0, 0);
}

static struct scen scens[] = {
    { "pkt_free_shared",   su_shared,       en_pkt_free,   ck_shared },
    { "pkt_give_shared",   su_shared,       en_pkt_give,   ck_shared },
    { "pkt_ref",           su_ref,          en_pkt_ref,    ck_ref },
    { "pkt_free_last",     su_pkt_last,     en_pkt_free,   ck_last },
    { "pkt_give_last",     su_pkt_last,     en_pkt_give,   ck_last },
    { "pkt_free_open",     su_pkt_open,     en_pkt_free,   ck_open },
    { "pkt_give_open",     su_pkt_open,     en_pkt_give,   ck_open },
    { "small_free",        su_small,        en_small_free, ck_small },
    { "small_give",        su_small,        en_small_give, ck_small },
    { "small_free_open",   su_small_open,   en_small_free, ck_open },
    { "small_give_open",   su_small_open,   en_small_give, ck_open },
    { "service_grow_pkt",  su_grow_pkt,     en_service,    ck_service },
    { "service_shrink_pkt", su_shrink_pkt,  en_service,    ck_service },
    { "service_refill_pkt", su_refill_pkt,  en_service,    ck_service },
    { "service_grow_small", su_grow_small,  en_service,    ck_service },
    { "service_shrink_small", su_shrink_small, en_service, ck_service },
    { "service_refill_small", su_refill_small, en_service, ck_service },
    { "xms_park",          su_park,         en_park,       ck_park },
    { "xms_unpark",        su_unpark,       en_unpark,     ck_unpark },
    { "dma_map_bounce",    su_map,          en_map,        ck_map },
    { "dma_unmap_bounce",  su_unmap,        en_unmap,      ck_unmap },
    { 0, 0, 0, 0 }
};

/* ------------------------------------------- the packet heap (second load)
 * The heap's allocation entries (_mod_pkt_htake in mem_pkt_take's slot,
 * which the library's mem_pkt_alloc calls too; _mod_pkt_halloc in
 * mem_pkt_alloc's) and the service's put-back.  Each set-up starts from
 * a heap whose blocks are all freed (its first allocation puts them back:
 * one free block) and lays out, bottom up and top down:
 *   hb[0] held   hb[1] freed   hb[2] isr_p   hb[3] freed   the gap
 *   ... ht[2] held   ht[1] freed   ht[0] the shared packet (top end)
 * so the entry drains three freed blocks (hb[1] linked alone, hb[3]
 * joining the gap, ht[1] alone from the top; hb[2] too, joining both
 * neighbours, when the handler frees it before the drain's window) and
 * then places its block, without an interrupt exactly where hb[1] (long)
 * or ht[1] (short) was. */
#define HK_ALLOC   1        /* the foreground allocates (the heap holds it) */
#define HK_SERVICE 2        /* the foreground runs mem_pool_service */
#define HK_FULL    3        /* the foreground's long frame fits no free block */
static int hkind;
static mem_fp_t hb[4], ht[3], h_want;
static unsigned h_fails;            /* the heap's fails after the set-up */
static int h_phase;                 /* runs so far: 0 none found the lock
                                       taken, 1 the last one did, 2 past it */
static int h_heap_seen;             /* HK_FULL: a run placed it in the heap */
static unsigned h_k1, h_k2;         /* the first runs of phases 1 and 2 */
static int h_setup_bad;             /* the set-up did not lay the heap out */
static unsigned fg_len, fg_kept;    /* the foreground's frame; registers kept */

static unsigned hoff(mem_fp_t p)
{
    return MEM_FP_OFF(p);
}

/* hb[], ht[] as above; 0 when the heap did not place them so */
static int heap_layout(void)
{
    int i, ok = 1;

    for (i = 0; i < 4; i++) {
        hb[i] = mem_pkt_alloc(HLLEN);
        if (MEM_FP_SEG(hb[i]) != heap_seg ||
            hoff(hb[i]) != 16 + (unsigned)i * blk_of(HLLEN))
            ok = 0;
    }
    for (i = 0; i < 3; i++) {
        ht[i] = mem_pkt_alloc(HSLEN);
        if (MEM_FP_SEG(ht[i]) != heap_seg ||
            hoff(ht[i]) != HPARAS * 16 - (unsigned)(i + 1) * blk_of(HSLEN))
            ok = 0;
    }
    if (!ok)
        h_setup_bad = 1;
    return ok;
}

/* The foreground's references: the shared packet's second one (the
 * handler's) taken; for odd k the foreground lets go of its own first,
 * so that the handler's second free is the last (a push on the heap
 * record's list in the middle of the entry). */
static void heap_share(void)
{
    hs_p = ht[0];
    mem_pkt_ref(hs_p);
    hs_fg = 1;
    if (cur_k & 1) {
        mem_pkt_free(hs_p);
        hs_fg = 0;
    }
    isr_sh[0] = isr_sh[1] = isr_sh[2] = -100;
}

static void heap_common(int kind, unsigned len)
{
    if (cur_k == 0) {
        h_phase = 0;
        h_heap_seen = 0;
    }
    hkind = kind;
    h_setup_bad = 0;
    fg_len = len;
    fg_p = MEM_FP_NULL;
    fg_kept = 1;
    isr_cls = 0;
    isr_res = -100;
    isr_cap[0] = isr_cap[1] = 0;
}

static void heap_layout_free(void)
{
    heap_layout();
    hold(hb[0], HEAP);
    hold(ht[2], HEAP);
    isr_p = hb[2];
    heap_share();
    mem_pkt_free(hb[1]);                /* freed since the last heap call */
    mem_pkt_free(hb[3]);
    mem_pkt_free(ht[1]);
    isr_mode = HM_FREE_P | HM_SHARE | HM_HPKT;
}
static void su_heap_top(void)
{
    heap_common(HK_ALLOC, HSLEN);
    heap_layout_free();
    h_want = ht[1];
}
static void su_heap_bottom(void)
{
    heap_common(HK_ALLOC, HLLEN);
    heap_layout_free();
    h_want = hb[1];
}
static void su_heap_service(void)
{
    heap_common(HK_SERVICE, 0);
    heap_layout_free();
}

/* The heap full but for blocks too small for a long frame: the long
 * frames from the bottom, the short ones from the top until the heap
 * places none, one short one freed (it joins the paragraph left between).
 * The handler frees hb[2] (a long block) and works the shared packet:
 * when it lands before the entry's drain, the entry places the frame
 * where hb[2] was, else the heap fails it and the classes serve it. */
static void su_heap_full(void)
{
    mem_fp_t p;
    int n = 0, i;

    heap_common(HK_FULL, HLLEN);
    for (;;) {
        p = mem_pkt_alloc(HLLEN);
        if (p == MEM_FP_NULL || MEM_FP_SEG(p) != heap_seg) {
            if (p != MEM_FP_NULL)
                mem_pkt_free(p);
            break;
        }
        if (n == 2)
            isr_p = p;
        else
            hold(p, HEAP);
        n++;
    }
    for (i = 0; i < 3; i++) {
        p = mem_pkt_alloc(HSLEN);
        if (p == MEM_FP_NULL || MEM_FP_SEG(p) != heap_seg) {
            if (p != MEM_FP_NULL)
                mem_pkt_free(p);
            break;
        }
        ht[i] = p;
    }
    if (n < 3 || i != 2)
        h_setup_bad = 1;
    heap_share();
    mem_pkt_free(ht[1]);                /* freed since the last heap call */
    stats(HEAP);
    h_fails = pst.fails;
    h_want = isr_p;                     /* if the handler's free comes first */
    isr_mode = HM_FREE_P | HM_SHARE;
}

static void en_heap_take(void)
{
    fg_p = dt_pkt_take(fg_len, &fg_kept);
}
static void en_heap_alloc(void)
{
    fg_p = mem_pkt_alloc(fg_len);
}
static void en_heap_calloc(void)
{
    fg_p = c_alloc(fg_len, fg_args);
}

/* The heap and the classes after a run: consistent (mem_pool_check walks
 * the heap), the heap's used = the heap buffers the test holds (and the
 * shared packet while the foreground has its reference), the classes'
 * used = the class buffers it holds, the heap's fails as expected, and
 * the held buffers' headers as they were. */
static void heap_ok(unsigned fails_more)
{
    int rc = mem_pool_check(), i, c;

    if (rc != MEM_OK)
        bad("mem_pool_check", rc, MEM_OK);
    if (isr_err)
        bad("handler: block handed out twice / a free refused / a bad buffer / "
            "registers not kept (bits 1 2 64 128)", isr_err, 0);
    if (stats(HEAP) != MEM_OK || pst.used != held_in(HEAP) + hs_fg)
        bad("heap used", pst.used, held_in(HEAP) + hs_fg);
    if (pst.fails != h_fails + fails_more)
        bad("heap fails (allocations it could not place)", pst.fails - h_fails, fails_more);
    for (c = 0; c < 3; c++)
        if (stats(MEM_POOL_PKTC(c)) != MEM_OK || pst.used != held_in(MEM_POOL_PKTC(c)))
            bad("class buffers used", pst.used, held_in(MEM_POOL_PKTC(c)));
    for (i = 0; i < nheld; i++)
        if (held_pool[i] == HEAP && hdr_sum(held[i]) != held_sum[i])
            bad("a held heap buffer's header changed (held index)", i, -1);
}

/* The handler's frees, made here when the interrupt did not come (as
 * the handler would make them), and their results: the heap buffer it
 * was given freed (0); the shared packet referenced and freed twice,
 * 3 2 1 while the foreground keeps its reference, 2 1 0 (the handler's
 * last free freed it) when it let go in the set-up. */
static void heap_isr_results(void)
{
    int w = hs_fg ? 3 : 2;

    if (isr_mode & HM_FREE_P) {
        if (isr_res == -100)
            isr_res = mem_pkt_free(isr_p);
        if (isr_res != 0)
            bad("the handler's free of the heap buffer it was given", isr_res, 0);
    }
    if (isr_sh[0] == -100) {
        isr_sh[0] = mem_pkt_ref(hs_p);
        isr_sh[1] = mem_pkt_free(hs_p);
        isr_sh[2] = mem_pkt_free(hs_p);
    }
    if (isr_sh[0] != w || isr_sh[1] != w - 1 || isr_sh[2] != w - 2) {
        bad("shared heap packet: the handler's reference", isr_sh[0], w);
        bad("shared heap packet: the handler's free", isr_sh[1], w - 1);
        bad("shared heap packet: the handler's last free", isr_sh[2], w - 2);
    }
}

/* The shared packet's last reference (the foreground's, if it kept one):
 * "0 = freed" exactly once among the handler's and this free. */
static void heap_share_end(void)
{
    int last = hs_fg ? mem_pkt_free(hs_p) : -1;

    hs_fg = 0;
    if ((isr_sh[0] == 0) + (isr_sh[1] == 0) + (isr_sh[2] == 0) + (last == 0) != 1)
        bad("shared heap packet: \"0 = freed\" not once (the foreground's free)", last, 0);
}

/* The handler's packets: from the classes exactly while the foreground
 * holds the heap's lock - the runs go heap, classes (the lock taken),
 * heap (let go), once each - and, from the heap after the lock was let
 * go, never where the foreground's buffer is. */
static void heap_isr_phase(void)
{
    int cls;

    if (!isr_ran || !(isr_mode & HM_HPKT) || isr_cap[0] == 0)
        return;
    if (isr_cls == 1)
        bad("the handler's two packets: one from the classes, one from the heap", 1, 0);
    cls = isr_cls == 2;
    if (h_phase == 0 && cls) {
        h_phase = 1;
        h_k1 = cur_k;
    } else if (h_phase == 1 && !cls) {
        h_phase = 2;
        h_k2 = cur_k;
    }
    else if (h_phase == 2 && cls)
        bad("the handler got class buffers after the heap's lock was let go", 1, 0);
    if (h_phase == 2 && fg_p != MEM_FP_NULL &&
        (ranges_meet(isr_lin[0], isr_cap[0], lin_of(fg_p), pkt_w(fg_p, MEM_PKT_OFF_CAP)) ||
         ranges_meet(isr_lin[1], isr_cap[1], lin_of(fg_p), pkt_w(fg_p, MEM_PKT_OFF_CAP))))
        bad("the handler's packet met the foreground's, placed before it", 1, 0);
}

static void ck_heap(void)
{
    int i, was_heap;

    if (h_setup_bad)
        bad("set-up: the heap did not place its blocks as laid out", 1, 0);
    heap_isr_results();
    if (!fg_kept)
        bad("mem_pkt_take (heap) kept CX DX SI BP DS", 0, 1);
    if (hkind == HK_SERVICE) {
        if (fg_res < 0)
            bad("mem_pool_service", fg_res, 0);
        /* alone, it put back: hb[3] joined the gap up to ht[2] */
        if (!irq_flag && pkt_w(hb[3], MEM_PKT_OFF_CAP) != hoff(ht[2]) - hoff(hb[3]))
            bad("no interrupt: the service put hb[3] back into the gap",
                pkt_w(hb[3], MEM_PKT_OFF_CAP), hoff(ht[2]) - hoff(hb[3]));
    } else if (!pkt_hdr_ok(fg_p, fg_len)) {
        bad("the foreground's buffer: none, or its header", (int)hoff(fg_p), -1);
        fg_p = MEM_FP_NULL;
    } else {
        was_heap = pkt_pool(fg_p) == HEAP;
        if (hkind == HK_ALLOC && !was_heap)
            bad("the foreground's buffer from the heap", 0, 1);
        if (hkind == HK_FULL) {
            if (was_heap && fg_p != h_want)
                bad("full heap: the frame where the handler's free made room",
                    (int)hoff(fg_p), (int)hoff(h_want));
            if (was_heap && h_phase != 0)
                bad("full heap: placed in the heap after a run that was not", 1, 0);
            if (was_heap) {
                h_heap_seen = 1;
            } else if (h_phase == 0) {
                h_phase = 1;
                h_k1 = cur_k;
            }
            if (!irq_flag && (was_heap || !h_heap_seen))
                bad("full heap: alone from the classes, and from the heap in "
                    "the early runs (seen)", h_heap_seen, 1);
        } else if (!irq_flag && fg_p != h_want) {
            bad("no interrupt: placed where the freed block was",
                (int)hoff(fg_p), (int)hoff(h_want));
        }
        hold(fg_p, pkt_pool(fg_p));
        for (i = 0; i + 1 < nheld; i++)
            if (overlap(fg_p, held[i]))
                bad("the foreground's buffer meets a held one (index)", i, -1);
    }
    heap_isr_phase();
    if (!irq_flag && hkind != HK_FULL && h_phase != 2)
        bad("no run found the heap's lock taken and then let go (phase)", h_phase, 2);
    heap_ok(hkind == HK_FULL && fg_p != MEM_FP_NULL && pkt_pool(fg_p) != HEAP);
    heap_share_end();
    while (nheld > 0)
        if (mem_pkt_free(held[--nheld]) != 0)
            bad("a held buffer's free", -1, 0);
    /* every block back: none lost on the way (mem_pool_check does not
     * see a freed block that is on no list) */
    mem_pool_service();
    if (port_peekw(heap_seg, 16 + HB_SIZE) != (HPARAS - 1) * 16 ||
        port_peekw(heap_seg, 16 + MEM_PKT_OFF_MAGIC) != 0) {
        bad("all freed and put back: one free block, the whole heap (its bytes)",
            port_peekw(heap_seg, 16 + HB_SIZE), (HPARAS - 1) * 16);
        heap_lost = 1;                  /* every later run would fail */
    }
    if (!irq_flag && h_phase != 0 && cur_fail == 0 && run_bad == 0) {
        if (hkind == HK_FULL)
            printf("  %s: the heap's buffer up to k=%u, then the classes'\n",
                   cur_name, h_k1 - 1);
        else
            printf("  %s: the handler's buffers from the classes at k=%u..%u\n",
                   cur_name, h_k1, h_k2 - 1);
    }
}

static struct scen hscens[] = {
    { "heap_take_top",     su_heap_top,     en_heap_take,   ck_heap },
    { "heap_alloc_top",    su_heap_top,     en_heap_alloc,  ck_heap },
    { "heap_take_bottom",  su_heap_bottom,  en_heap_take,   ck_heap },
    { "heap_alloc_bottom", su_heap_bottom,  en_heap_alloc,  ck_heap },
    { "heap_calloc_bottom", su_heap_bottom, en_heap_calloc, ck_heap },
    { "heap_service",      su_heap_service, en_service,     ck_heap },
    { "heap_take_full",    su_heap_full,    en_heap_take,   ck_heap },
    { 0, 0, 0, 0 }
};

/* One entry at every boundary.  A run whose interrupt had to wait d
 * boundaries (IF = 0 or an STI / MOV SS shadow; bench86 says so in
 * irq_flag) was taken at boundary k + d, where the runs for k + 1 .. k + d
 * would take it too: those are the same interleaving and are not run
 * again.  Returns 0 when the pools are broken (the remaining entries are
 * not run). */
static int run_scen(struct scen *s)
{
    unsigned k = 0, fired = 0, runs = 0;
    int broken = 0;

    cur_name = s->name;
    cur_fail = 0;
    while (k < KMAX) {
        cur_k = k;
        nheld = 0;
        isr_ran = isr_err = 0;
        isr_mode = 0;
        s->setup();
        bench_irq_arm(k, VEC, &irq_flag);
        s->entry();
        bench_irq_disarm();
        fired = irq_flag;
        runs++;
        run_bad = 0;
        if ((fired != 0) != (isr_ran == 1))
            bad("the handler's runs", (int)isr_ran, fired != 0);
        s->check();
        if (run_bad) {
            cur_fail++;
            if (mem_pool_check() != MEM_OK || heap_lost)
                broken = 1;
        }
        isr_mode = 0;
        if (!fired || broken)
            break;
        k += fired;                     /* 1 + the boundaries it waited */
    }
    if (k == 0 && !fired) {
        printf("%s: the interrupt never fired (not under bench86?)\n", s->name);
        cur_fail++;
    }
    if (k >= KMAX) {
        printf("%s: still firing after %u boundaries\n", s->name, KMAX);
        cur_fail++;
    }
    printf("%-20s %5u boundaries, %5u runs, %u failed%s\n", s->name, k, runs, cur_fail,
           broken ? " (pools broken: stopped)" : "");
    if (cur_fail)
        failed++;
    else
        passed++;
    return !broken;
}

static int setup_all(void)
{
    unsigned seg;
    unsigned long lin, bnd;
    int rc, t;
    mem_fp_t p, q;

    seg = dt_dos_alloc(0x0F00);         /* 60 KB of "extended" memory */
    if (seg == 0)
        return 1;
    fakexms_install(seg, 60);
    cfg.size = sizeof(cfg);
    cfg.small_count = 8;
    cfg.isr_reserve = 2;
    cfg.pkt_classes = 1;
    cfg.pkt_len[0] = 1514;
    cfg.pkt_num[0] = 12;
    if ((rc = mem_load("MEMPOOL.MOD", &cfg, &mod)) != MEM_OK) {
        printf("mem_load: %d\n", rc);
        return 2;
    }
    eisr_install(VEC);
    /* the park store is taken at the first park */
    p = mem_pkt_alloc(PLEN);
    t = mem_xms_park(p);
    q = MEM_FP_NULL;
    if (t <= 0 || mem_xms_unpark((mem_u16)t, fp_of(&q)) != MEM_OK) {
        printf("park/unpark: %d\n", t);
        return 3;
    }
    mem_pkt_free(q);
    /* a DMA tag of three 1514-byte buffers, and a caller's buffer that
     * crosses a 64 KB boundary (it must bounce) */
    if (mem_dma_preset(MEM_DMA_3C515_BUF, fp_of(&dk)) != MEM_OK)
        return 4;
    dk.count = 3;
    dtag = mem_dma_tag_create(fp_of(&dk));
    if (dtag < 0) {
        printf("mem_dma_tag_create: %d\n", dtag);
        return 5;
    }
    buf_seg = dt_dos_alloc(0x1100);     /* 68 KB: holds a 64 KB boundary */
    if (buf_seg == 0)
        return 6;
    lin = (unsigned long)buf_seg << 4;
    bnd = (lin | 0xFFFFUL) + 1;
    lin_cross = bnd - 700;
    buf_off = (unsigned)(lin_cross - lin);
    settle();
    if (mem_pool_check() != MEM_OK)
        return 7;
    sv_res_target = cfg.isr_reserve;
    stats(PPOOL);
    printf("packet pool: %u buffers, reserve %u;", pst.total, pst.reserve);
    stats(SPOOL);
    printf(" small pool S16: %u blocks, reserve %u\n", pst.total, pst.reserve);
    return 0;
}

/* Is entry name selected by the arguments (none: every entry)? */
static int wanted(const char *name)
{
    int i;

    if (nonly == 0)
        return 1;
    for (i = 0; i < nonly; i++)
        if (strncmp(name, only[i], strlen(only[i])) == 0)
            return 1;
    return 0;
}

/* The second load: a packet heap of HPARAS paragraphs (heap_top 0: the
 * smallest class's 64 bytes) with small classes behind it (three buffers
 * each, one on the interrupt reserve), then hscens[]: only when one of
 * them is wanted.  Counts its set-up and unload as setup_all's. */
static int heap_setup_all(void)
{
    int rc;

    memset(&cfg, 0, sizeof(cfg));
    cfg.size = sizeof(cfg);
    cfg.small_count = 8;
    cfg.pkt_count = 3;
    cfg.pkt_small_count = 3;
    cfg.isr_reserve = 1;
    cfg.heap_paras = HPARAS;
    if ((rc = mem_load("MEMPOOL.MOD", &cfg, &mod)) != MEM_OK) {
        printf("mem_load (heap): %d\n", rc);
        return 1;
    }
    settle();
    if (mem_pool_check() != MEM_OK)
        return 2;
    if (stats(HEAP) != MEM_OK || pst.total != (HPARAS - 1) * 16 || pst.used != 0)
        return 3;
    heap_seg = pst.first_seg;
    printf("packet heap: %u bytes;", pst.total);
    stats(MEM_POOL_PKTC(0));
    printf(" classes: %u buffers each, reserve %u\n", pst.total, pst.reserve);
    return 0;
}

static void run_heap(void)
{
    int rc, i, any = 0;

    for (i = 0; hscens[i].name; i++)
        any |= wanted(hscens[i].name);
    if (!any)
        return;
    rc = heap_setup_all();
    if (rc != 0) {
        printf("heap set-up failed (%d)\n", rc);
        failed++;
        return;
    }
    passed++;
    for (i = 0; hscens[i].name; i++) {
        if (!wanted(hscens[i].name))
            continue;
        if (!run_scen(&hscens[i])) {
            for (i++; hscens[i].name; i++)
                if (wanted(hscens[i].name))
                    failed++;
            break;
        }
    }
    if (mem_unload(&mod) != MEM_OK)
        failed++;
    else
        passed++;
}

int main(int argc, char **argv)
{
    int rc, i, ok = 1;

    only = argv + 1;
    nonly = argc - 1;
    rc = setup_all();
    if (rc != 0) {
        printf("set-up failed (%d)\n", rc);
        failed++;
    } else {
        passed++;
        for (i = 0; scens[i].name; i++) {
            if (!wanted(scens[i].name))
                continue;
            if (!run_scen(&scens[i])) {
                for (i++; scens[i].name; i++)
                    if (wanted(scens[i].name))
                        failed++;       /* not run: counted as failed */
                ok = 0;
                break;
            }
        }
        if (mem_unload(&mod) != MEM_OK)
            failed++;
        else
            passed++;
        if (ok)
            run_heap();
    }
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
