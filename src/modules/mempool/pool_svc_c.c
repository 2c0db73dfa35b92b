/*
 * pool_svc_c.c - C twins (host only) of the pools' task-time NASM:
 * pool_svc.asm (arenas added and given back, mem_pool_service),
 * pool_stats.asm (mem_pool_stats) and the unload half of pool_fast.asm
 * (pool_release).  Every list change goes through the short
 * interrupts-off operations of pool_fast.asm (C twins: pool_list_c.c).
 */
#include "port.h"
#include "mod_core.h"
#include "arena.h"
#include "pool.h"
#include "pheap.h"

/* pool.h's offsets are the struct's (pool_fast.inc mirrors pool.h; the
 * field offsets are checked by tests/host/test_pool.c). */
typedef char pool_struct_is_pl_size[(sizeof(struct pool) == PL_SIZE) ? 1 : -1];
typedef char pool_ctl_is_26[(sizeof(struct pool_ctl) == 26) ? 1 : -1];

#define IS_PKT(i) ((i) >= POOL_PKT_FIRST)

/* Fold the high-water epoch that ends now (total is about to change) into
 * high_prev and low; the fast paths keep only high (pool.h). */
void pool_epoch(u16 i)
{
    struct pool *pl = &pools[i];
    struct pool_ctl *c = &pool_ctl[i];
    u16 h, f, fr;

    if (c->total == 0)
        return;                     /* no blocks yet: nothing was seen */
    f = port_irq_save();            /* high = used, room = 0 together */
    h = pl->high;
    if (pl->room >= 0x8000u)
        h = POOL_USED(pl);          /* a climb not yet ended by a free */
    pl->high = POOL_USED(pl);
    pl->room = 0;
    port_irq_restore(f);
    if (h > c->high_prev)
        c->high_prev = h;
    fr = (u16)(h < c->total ? c->total - h : 0);
    if (fr < c->low)
        c->low = fr;
}

/* The place of block k of an arena of pool i. */
static u16 block_off(u16 i, u16 seg, u16 k)
{
    return (u16)(port_peekw(seg, AH_FIRST) + k * pool_ctl[i].stride);
}

/* Blocks of an arena handed out now: used map bytes (small) or headers
 * carrying the magic (packets). */
u16 pool_arena_used(u16 i, u16 seg)
{
    u16 k, off, n = 0, nb = port_peekw(seg, AH_NBLOCKS);

    for (k = 0; k < nb; k++) {
        off = block_off(i, seg, k);
        if (IS_PKT(i) ? port_peekw(seg, (u16)(off + MEM_PKT_OFF_MAGIC)) == MEM_PKT_MAGIC
                      : port_peekb(seg, (u16)(AH_MAP + (off >> 4))) == PM_BLOCK_USED)
            n++;
    }
    return n;
}

/* An arena of nblocks blocks: its paragraphs, the offset of block 0 and
 * the offset past the last block.  A small-object arena holds its
 * paragraph map (one byte per paragraph up to the end) between the header
 * and the blocks: first >= 16 + end / 16. */
void pool_arena_layout(u16 i, u16 nblocks, u16 *paras, u16 *first, u16 *end)
{
    u32 blocks = (u32)nblocks * pool_ctl[i].stride, f = 16;

    if (!IS_PKT(i)) {
        f = ((256UL + blocks + 14) / 15 + 15) & ~15UL;
        while (16 + (f + blocks) / 16 > f)
            f += 16;
    }
    *first = (u16)f;
    *end = (u16)(f + blocks);
    *paras = (u16)((f + blocks) >> 4);
}

/* Largest block count whose arena stays under POOL_MAX_ARENA_BYTES. */
static u16 fit_blocks(u16 i, u16 n)
{
    u16 paras, first, end;
    for (;;) {
        if (n == 0)
            return 0;
        if ((u32)n * pool_ctl[i].stride < POOL_MAX_ARENA_BYTES) {
            pool_arena_layout(i, n, &paras, &first, &end);
            if (((u32)paras << 4) <= POOL_MAX_ARENA_BYTES)
                return n;
        }
        n--;
    }
}

int pool_grow(u16 i, u16 nblocks)
{
    struct pool *pl = &pools[i];
    struct pool_ctl *c = &pool_ctl[i];
    u16 paras, first, end, seg, k, off, stride = c->stride;
    u8 umb = 0;
    int rc;

    if (nblocks > (u16)(POOL_MAX_TOTAL - c->total))
        nblocks = (u16)(POOL_MAX_TOTAL - c->total);     /* room is signed */
    nblocks = fit_blocks(i, nblocks);
    if (nblocks == 0)
        return MEM_E_INVAL;
    pool_arena_layout(i, nblocks, &paras, &first, &end);
    rc = arena_get(paras, ARENA_UMB_OK, &seg, &umb);
    if (rc != MEM_OK)
        return rc;
    port_pokew(seg, AH_SIG, ARENA_SIG_OF(i));
    port_pokew(seg, AH_HOT, POOL_OFF(i));
    port_pokew(seg, AH_END, (u16)(end >> 4));     /* paragraphs */
    port_pokew(seg, AH_FIRST, first);
    port_pokew(seg, AH_NBLOCKS, nblocks);
    port_pokew(seg, AH_NEXT, c->arenas);
    port_pokeb(seg, AH_POOL, (u8)i);
    port_pokeb(seg, AH_FLAGS, (u8)(umb ? AF_UMB : 0));
    port_pokew(seg, AH_CHECK, (u16)(seg ^ ARENA_CHECK));
    for (k = AH_MAP; k < first; k++)
        port_pokeb(seg, k, PM_NONE);
    for (k = 0; k < nblocks; k++) {
        off = (u16)(first + k * stride);
        port_pokew(seg, (u16)(off + FB_NEXT_OFF), (u16)(off + stride));
        port_pokew(seg, (u16)(off + FB_NEXT_SEG), seg);
        if (IS_PKT(i)) {
            port_pokew(seg, (u16)(off + MEM_PKT_OFF_CAP), pl->cap);
            port_pokeb(seg, (u16)(off + MEM_PKT_OFF_POOL), pl->hpool);
            port_pokew(seg, (u16)(off + MEM_PKT_OFF_MAGIC), 0);
            port_pokew(seg, (u16)(off + MEM_PKT_OFF_CHECK), (u16)(seg ^ off ^ PKT_CHECK));
        } else {
            port_pokew(seg, (u16)(off + FB_PARA), (u16)(off >> 4));
            port_pokeb(seg, (u16)(AH_MAP + (off >> 4)), PM_BLOCK_FREE);
        }
        if (MEM_DEBUG) {
            u16 j;
            for (j = IS_PKT(i) ? PKT_KEEP : FB_KEEP; j < stride; j++)
                port_pokeb(seg, (u16)(off + j), POOL_POISON);
        }
    }
    c->arenas = seg;
    c->narenas++;
    pool_epoch(i);
    pool_splice(pl, first, seg, (u16)(first + (nblocks - 1) * stride), seg);
    c->total = (u16)(c->total + nblocks);
    return MEM_OK;
}

/* A chain of blocks being built (head, tail, count). */
struct chain {
    u16 h, hs, t, ts, n;
};

static void chain_add(struct chain *c, u16 off, u16 seg)
{
    if (c->n == 0) {
        c->h = off;
        c->hs = seg;
    } else {
        port_pokew(c->ts, (u16)(c->t + FB_NEXT_OFF), off);
        port_pokew(c->ts, (u16)(c->t + FB_NEXT_SEG), seg);
    }
    c->t = off;
    c->ts = seg;
    c->n++;
}

/* Give back one arena of pool i (not its last) whose blocks are all free
 * and on a list.  The main list is detached, the arena's blocks filtered
 * out with interrupts on (allocations meanwhile use the reserve), and the
 * rest put back in one splice; then the same for the reserve when some of
 * the arena's blocks are there.  1 = given back. */
int pool_shrink_one(u16 i)
{
    struct pool *pl = &pools[i];
    struct pool_ctl *c = &pool_ctl[i];
    struct chain keep, drop;
    u16 a, prev = 0, n, off, seg, noff, nseg;
    u32 l;

    if (c->narenas < 2)
        return 0;
    for (a = c->arenas; a != 0; prev = a, a = port_peekw(a, AH_NEXT))
        if (pool_arena_used(i, a) == 0)
            break;
    if (a == 0)
        return 0;
    n = port_peekw(a, AH_NBLOCKS);
    if ((u16)(c->total - POOL_USED(pl)) < (u16)(n + 2 * c->lowmark) ||
        (u16)(c->total - n) < c->min_total)
        return 0;               /* twice the grow mark left: no ping-pong */
    keep.n = drop.n = 0;
    l = pool_detach(pl);
    for (off = MEM_FP_OFF(l), seg = MEM_FP_SEG(l); off != 0; off = noff, seg = nseg) {
        noff = port_peekw(seg, (u16)(off + FB_NEXT_OFF));
        nseg = port_peekw(seg, (u16)(off + FB_NEXT_SEG));
        chain_add(seg == a ? &drop : &keep, off, seg);
    }
    if (keep.n != 0)
        pool_splice(pl, keep.h, keep.hs, keep.t, keep.ts);
    if (drop.n != n) {
        /* the rest are on the reserve: take it (allocations use the main
         * list meanwhile), move a's blocks to the drop list, put the
         * others back */
        l = pool_detach_res(pl);
        pl->nres = 0;           /* the reserve is empty: nobody counts it */
        for (off = MEM_FP_OFF(l), seg = MEM_FP_SEG(l); off != 0; off = noff, seg = nseg) {
            noff = port_peekw(seg, (u16)(off + FB_NEXT_OFF));
            nseg = port_peekw(seg, (u16)(off + FB_NEXT_SEG));
            if (seg == a)
                chain_add(&drop, off, seg);
            else
                pool_push_res(pl, off, seg);
        }
    }
    if (drop.n != n) {          /* one was allocated meanwhile: keep a */
        if (drop.n != 0)
            pool_splice(pl, drop.h, drop.hs, drop.t, drop.ts);
        return 0;
    }
    if (prev == 0)
        c->arenas = port_peekw(a, AH_NEXT);
    else
        port_pokew(prev, AH_NEXT, port_peekw(a, AH_NEXT));
    pool_epoch(i);
    c->total = (u16)(c->total - n);
    c->narenas--;
    c->shrinks++;
    arena_put(a);                           /* wiped: stale pointers fail */
    return 1;
}

void pool_release(void)
{
    u16 i, a, next;

    for (i = 0; i < POOL_N; i++) {
        for (a = pool_ctl[i].arenas; a != 0; a = next) {
            next = port_peekw(a, AH_NEXT);
            arena_put(a);
        }
        pool_ctl[i].arenas = 0;
        pool_ctl[i].narenas = 0;
        pool_ctl[i].total = 0;
        pools[i].head_off = pools[i].head_seg = 0;
        pools[i].res_off = pools[i].res_seg = 0;
        pools[i].nres = 0;
    }
    pool_ready = 0;
}

/* A public pool index (memory_api.h) -> the internal one; POOL_N for the
 * MEM_POOL_NONE record; -1 for an index of no configured pool. */
int pool_public(u16 p)
{
    if (p < POOL_SMALL_CLASSES)
        return (int)p;
    if (p == MEM_POOL_PKT_SMALL)
        return POOL_PKT_FIRST;
    if (p == MEM_POOL_PKT)
        return POOL_PKT_FIRST + pool_npkt - 1;
    if (p == MEM_POOL_NONE)
        return POOL_N;
    if (p == MEM_POOL_HEAP)
        return PHEAP_ON() ? POOL_HEAP_REC : -1;
    if (p >= MEM_POOL_PKTC(0) && p < MEM_POOL_PKTC(pool_npkt))
        return (int)(POOL_PKT_FIRST + p - MEM_POOL_PKTC(0));
    return -1;
}

int mod_pool_stats(u16 pool, mem_fp_t out)
{
    struct mem_pool_stats s;
    struct pool *pl;
    struct pool_ctl *c;
    u16 n, a, fr, f;
    u8 *p = (u8 *)&s;
    int i = pool_public(pool);

    if (MEM_FP_SEG(out) == 0 || i < 0 || !pool_ready)
        return MEM_E_INVAL;
    n = port_peekw(MEM_FP_SEG(out), MEM_FP_OFF(out));
    if (n < 2)
        return MEM_E_INVAL;
    if (n > sizeof(s))
        n = sizeof(s);
    for (a = 0; a < sizeof(s); a++)
        p[a] = 0;
    if (i == POOL_N) {
        s.bad = pool_bad_none;
    } else if (i == POOL_HEAP_REC) {   /* memory_api.h: the heap's figures */
        pl = &pools[i];
        s.stride = 16;
        s.total = (u16)(pheap.end - PHEAP_FIRST);
        f = port_irq_save();
        fr = pl->high;
        s.used = POOL_USED(pl);
        port_irq_restore(f);
        s.high = s.used > fr ? s.used : fr;
        s.low = pheap.gapmin;
        s.fails = pl->fails;
        s.bad = pl->bad;
        s.arenas = 1;
        s.umb_arenas = (u16)(port_peekb(pheap.seg, AH_FLAGS) & AF_UMB);
        s.first_seg = pheap.seg;
    } else {
        pl = &pools[i];
        c = &pool_ctl[i];
        s.block = c->bsize;
        s.stride = c->stride;
        s.total = c->total;
        f = port_irq_save();        /* high and room of one instant */
        fr = pl->high;
        s.used = POOL_USED(pl);
        port_irq_restore(f);
        if (s.used > fr)
            fr = s.used;            /* a climb not yet ended by a free */
        s.high = fr > c->high_prev ? fr : c->high_prev;
        s.low = (u16)(fr < c->total ? c->total - fr : 0);
        if (c->low < s.low)
            s.low = c->low;
        s.fails = pl->fails;
        s.bad = pl->bad;
        s.grows = c->grows;
        s.shrinks = c->shrinks;
        s.reserve = pl->nres;
        s.first_seg = c->arenas;
        for (a = c->arenas; a != 0; a = port_peekw(a, AH_NEXT)) {
            s.arenas++;
            if (port_peekb(a, AH_FLAGS) & AF_UMB)
                s.umb_arenas++;
        }
    }
    for (; n > 2; n--)
        port_pokeb(MEM_FP_SEG(out), (u16)(MEM_FP_OFF(out) + n - 1), p[n - 1]);
    return MEM_OK;
}

int mod_pool_service(void)
{
    struct pool *pl;
    struct pool_ctl *c;
    u16 i, guard, n = (u16)(POOL_PKT_FIRST + pool_npkt);
    u32 b;
    int changed = 0, failed = 0;

    if (!pool_ready)
        return MEM_E_STATE;
    if (PHEAP_ON())
        pheap_putback();
    for (i = 0; i < n; i++) {
        pl = &pools[i];
        c = &pool_ctl[i];
        if ((u16)(c->total - POOL_USED(pl)) < c->lowmark) {
            if (pool_grow(i, c->grow_n) == MEM_OK) {
                c->grows++;
                changed++;
            } else {
                pl->fails++;            /* asm: one INC m (the fast paths
                                         * count it too) */
                failed = 1;
            }
        }
        while (pool_shrink_one(i))
            changed++;
        for (guard = 0; pl->nres < c->res_target && guard < 64; guard++) {
            b = pool_pop_main(pl);
            if (b == 0)
                break;
            pool_push_res(pl, MEM_FP_OFF(b), MEM_FP_SEG(b));
        }
    }
    return failed ? MEM_E_NOMEM : changed;
}

