/*
 * e_inter.c - every interleaving of an interrupt handler with the entries
 * that edit the pools' lists and counts, in the emulator (issue 14, item 0).
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
 * What it proves: for every entry listed in main(), no single interrupt at
 * any instruction boundary, running the handler's pool operations, breaks
 * a pool, a count or a reference count.  make emu-test also runs it
 * against two planted modules and requires both to fail: PLANT_GIVE_RACE
 * (a free reads the list head before its window: an interrupt that pops
 * and pushes in between loses a block; the *_open scenarios meet it) and
 * PLANT_REF_REREAD (free and ref re-read the count after their window,
 * issue 14's lying counts).  pool_fast.asm says why issue 14's first
 * defect, the count lowered after the push, is no longer one.
 *
 * Run time: each run ends with mem_pool_check, some 60,000 emulated
 * instructions.  The small class's grow and shrink are the longest entries
 * (2,600 and 4,760 boundaries, some 3.5 minutes of one core together):
 * they run the same pool_grow / pool_shrink_one as the packet class's, but
 * over an arena with a paragraph map, which pool_arena_used reads while an
 * interrupt's allocation writes it, so make emu-test runs them too, one
 * in each of its two processes.
 *
 * Output: a line per entry (boundaries, runs made, runs failed), then
 * "N passed, N failed": one count per entry (passed when every boundary
 * held) plus set-up and unload.  Arguments: name prefixes; only the
 * entries whose names start with one of them run.  Exit code 0 when
 * nothing failed.
 */
#include <stdio.h>
#include <string.h>
#include "memory_api.h"
#include "port.h"
#include "../dos/dtest.h"  /* dt_dos_alloc: the DOS tests' harness, linked in */

void bench_irq_arm(unsigned k, unsigned vec, unsigned *flag);
void bench_irq_disarm(void);
void eisr_install(unsigned vec);
void fakexms_install(unsigned mem_seg, unsigned mem_kb);
mem_fp_t dt_small_take(unsigned size, unsigned *kept);
mem_fp_t dt_pkt_take(unsigned len, unsigned *kept);
int dt_small_give(mem_fp_t p, unsigned *kept);
int dt_pkt_give(mem_fp_t p, unsigned *kept);

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

static unsigned passed, failed, run_bad;
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

static void hold(mem_fp_t p, mem_u16 pool)
{
    if (nheld < HMAX && p != MEM_FP_NULL) {
        held_pool[nheld] = pool;
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
            if (mem_pool_check() != MEM_OK)
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

int main(int argc, char **argv)
{
    int rc, i;

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
                break;
            }
        }
        if (mem_unload(&mod) != MEM_OK)
            failed++;
        else
            passed++;
    }
    printf("%u passed, %u failed\n", passed, failed);
    return failed ? 1 : 0;
}
