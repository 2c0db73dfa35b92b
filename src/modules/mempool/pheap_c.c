/*
 * pheap_c.c - C twin of the packet heap's allocation and put-back
 * (pheap.h; docs/dev/packet-heap.md): the same steps, in the same order,
 * with the same single-instruction lock and the same short window (the
 * heap record's list taken whole).  A heap buffer is freed and referenced
 * by the packet paths of pool_c.c / pool_fast.asm unchanged: its arena
 * names the heap record, whose main list takes it.  Host only: never
 * linked into MEMPOOL.MOD (the Makefile's MOD_C_TWIN).
 */
#include "port.h"
#include "pool.h"
#include "pheap.h"

#define BS_SUB ((u16)(MEM_DEBUG ? 2 : 0))

unsigned long pheap_visits;

static u16 rd(u16 off)
{
    return port_peekw(pheap.seg, off);
}

static void wr(u16 off, u16 v)
{
    port_pokew(pheap.seg, off, v);
}

/* The lock: one XCHG of the byte (asm), which an interrupt cannot split. */
static int lock(void)
{
    u16 f = port_irq_save();
    u8 was = pheap.busy;

    pheap.busy = 1;
    port_irq_restore(f);
    return was == 0;
}

/* Link b between the free blocks p (below, 0 = none) and n (above). */
static void link_between(u16 b, u16 p, u16 n)
{
    wr((u16)(b + HB_NEXT), n);
    wr((u16)(b + HB_PREV), p);
    if (p != 0)
        wr((u16)(p + HB_NEXT), b);
    else
        pheap.low = b;
    if (n != 0)
        wr((u16)(n + HB_PREV), b);
    else
        pheap.high = b;
}

static void unlink_blk(u16 b)
{
    u16 n = rd((u16)(b + HB_NEXT)), p = rd((u16)(b + HB_PREV));

    if (p != 0)
        wr((u16)(p + HB_NEXT), n);
    else
        pheap.low = n;
    if (n != 0)
        wr((u16)(n + HB_PREV), p);
    else
        pheap.high = p;
}

/* One freed block b of s bytes back in the list, coalesced with the free
 * blocks right above and below it.  Its place is found from the nearer
 * end: from the top for a block above the gap (the short frames), else
 * from the bottom.  A block above that it joins leaves the list (b takes
 * its place); a block below that it joins stays and grows.  A block that
 * joins the gap (or meets an empty gap) makes the joined block the gap. */
static void put_back(u16 b, u16 s)
{
    u16 p, n, ps;

    if (b >= pheap.gap) {
        n = 0;
        p = pheap.high;
        while (p != 0 && p > b) {
            pheap_visits++;
            n = p;
            p = rd((u16)(p + HB_PREV));
        }
    } else {
        p = 0;
        n = pheap.low;
        while (n != 0 && n < b) {
            pheap_visits++;
            p = n;
            n = rd((u16)(n + HB_NEXT));
        }
    }
    pheap_visits++;
    if (n != 0 && (u16)(b + s) == n) {  /* joins the block above */
        s = (u16)(s + rd((u16)(n + HB_SIZE)));
        n = rd((u16)(n + HB_NEXT));
    }
    if (p != 0 && (u16)(p + (ps = rd((u16)(p + HB_SIZE)))) == b) {
        b = p;                          /* joins the block below: it stays */
        s = (u16)(s + ps);              /* where it is, n above it */
        p = rd((u16)(b + HB_PREV));
    }
    link_between(b, p, n);
    wr((u16)(b + HB_SIZE), s);
    if (b <= pheap.gap && pheap.gap <= (u16)(b + s))
        pheap.gap = b;
}

/* Every block freed since the last heap call back in the heap: the heap
 * record's list taken whole (one window), each block put back. */
static void drain(void)
{
    u32 l = pool_detach(&pools[POOL_HEAP_REC]);
    u16 b, next;

    while (l != 0) {
        b = MEM_FP_OFF(l);
        next = rd((u16)(b + FB_NEXT_OFF));
        l = next != 0 ? MEM_FP(rd((u16)(b + FB_NEXT_SEG)), next) : 0;
        put_back(b, (u16)(rd((u16)(b + MEM_PKT_OFF_CAP)) + BS_SUB));
    }
}

int pheap_putback_c(void)
{
    if (pheap.seg == 0 || !lock())
        return 0;
    drain();
    pheap.busy = 0;
    return 1;
}

mem_fp_t pheap_alloc_c(u16 len)
{
    struct pool *pl = &pools[POOL_HEAP_REC];
    u16 need, f, s, b, r, n, p;
    int top;

    if (len == 0 || len > MEM_PKT_MAX) {
        pool_bad_none++;
        return MEM_FP_NULL;
    }
    if (!lock())
        return pool_pkt_alloc_c(len);   /* an interrupt in a heap call */
    drain();
    need = (u16)((len + MEM_PKT_DATA + BS_SUB + 15u) & ~15u);
    top = len <= pheap.top_len;
    if (top) {
        f = pheap.high;
        while (f != 0 && rd((u16)(f + HB_SIZE)) < need) {
            pheap_visits++;
            f = rd((u16)(f + HB_PREV));
        }
    } else {
        f = pheap.low;
        while (f != 0 && rd((u16)(f + HB_SIZE)) < need) {
            pheap_visits++;
            f = rd((u16)(f + HB_NEXT));
        }
    }
    pheap_visits++;
    if (f == 0) {                       /* no free block holds it */
        pl->fails++;
        pheap.busy = 0;
        return pool_pkt_alloc_c(len);
    }
    s = rd((u16)(f + HB_SIZE));
    r = (u16)(s - need);
    if (top) {
        b = (u16)(f + r);               /* the top end */
        if (r == 0)
            unlink_blk(f);
        else
            wr((u16)(f + HB_SIZE), r);
    } else {
        b = f;
        if (r == 0) {
            unlink_blk(f);
        } else {                        /* the rest moves up */
            n = rd((u16)(f + HB_NEXT));
            p = rd((u16)(f + HB_PREV));
            link_between((u16)(f + need), p, n);
            wr((u16)(f + need + HB_SIZE), r);
            wr((u16)(f + need + MEM_PKT_OFF_MAGIC), 0);     /* frame data was there */
        }
    }
    if (f == pheap.gap) {
        if (!top)
            pheap.gap = (u16)(f + need);
        if (r < pheap.gapmin)
            pheap.gapmin = r;
    }
    wr((u16)(b + MEM_PKT_OFF_LINK), 0);
    wr((u16)(b + MEM_PKT_OFF_LINK + 2), 0);
    wr((u16)(b + MEM_PKT_OFF_LEN), len);
    wr((u16)(b + MEM_PKT_OFF_DATA), MEM_PKT_DATA);
    wr((u16)(b + MEM_PKT_OFF_CAP), (u16)(need - BS_SUB));
    port_pokeb(pheap.seg, (u16)(b + MEM_PKT_OFF_REF), 1);
    port_pokeb(pheap.seg, (u16)(b + MEM_PKT_OFF_POOL), pl->hpool);
    wr((u16)(b + MEM_PKT_OFF_CHECK), (u16)(pheap.seg ^ b ^ PKT_CHECK));
    wr((u16)(b + MEM_PKT_OFF_MAGIC), MEM_PKT_MAGIC);
    if (MEM_DEBUG)
        wr((u16)(b + need - 2), POOL_GUARD);
    pl->room--;                         /* DEC m, as TAKE counts */
    pheap.busy = 0;
    return MEM_FP(pheap.seg, b);
}
