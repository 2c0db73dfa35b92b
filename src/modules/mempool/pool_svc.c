/*
 * pool_svc.c - the pools at task time: arenas added and given back,
 * statistics, the consistency checker, the overhead figure, unload.
 * The interrupt-time paths are pool_fast.asm (C twins: pool.c); every list
 * change here goes through their short interrupts-off operations.
 */
#include "port.h"
#include "mod_core.h"
#include "arena.h"
#include "pool.h"

struct pool pools[MEM_POOL_COUNT];
u16 pool_bad_none = 0;
u16 pool_corrupt = 0;
u8  pool_ready = 0;

/* pool.h's offsets are the struct's (pool_fast.inc mirrors pool.h; the
 * field offsets are checked by tests/host/test_pool.c). */
typedef char pool_struct_is_pl_size[(sizeof(struct pool) == PL_SIZE) ? 1 : -1];

/* Fold the high-water epoch that ends now (total is about to change) into
 * high_prev and low; the fast paths keep only high (pool.h). */
void pool_epoch(struct pool *pl)
{
    u16 h, u, fr;

    if (pl->total == 0)
        return;                     /* no blocks yet: nothing was seen */
    u = pl->used;                   /* a peak not yet ended by a free */
    h = pool_swap_high(pl);
    if (u > h)
        h = u;
    if (h > pl->high_prev)
        pl->high_prev = h;
    fr = (u16)(h < pl->total ? pl->total - h : 0);
    if (fr < pl->low)
        pl->low = fr;
}

static u16 popcount8(u8 b)
{
    u16 n = 0;
    for (; b; b >>= 1)
        n += b & 1;
    return n;
}

/* Blocks of an arena handed out now: the bits of its in-use map. */
u16 pool_arena_used(u16 seg)
{
    u16 i, n = 0, bytes = (u16)((port_peekw(seg, AH_NBLOCKS) + 7) / 8);

    for (i = 0; i < bytes; i++)
        n = (u16)(n + popcount8(port_peekb(seg, (u16)(AH_MAP + i))));
    return n;
}

void pool_arena_paras(u16 pool, u16 nblocks, u16 *paras, u16 *first)
{
    u32 bytes;

    *first = (u16)((AH_MAP + (nblocks + 7) / 8 + 15) & ~15u);
    bytes = (u32)*first + (u32)nblocks * pools[pool].stride;
    *paras = (u16)((bytes + 15) >> 4);
}

/* Largest block count whose arena stays under POOL_MAX_ARENA_BYTES. */
static u16 fit_blocks(u16 pool, u16 n)
{
    u16 paras, first;
    for (;;) {
        pool_arena_paras(pool, n, &paras, &first);
        if (((u32)paras << 4) <= POOL_MAX_ARENA_BYTES || n <= 1)
            return n;
        n = (u16)(POOL_MAX_ARENA_BYTES / pools[pool].stride - 1);
    }
}

int pool_grow(u16 pool, u16 nblocks)
{
    struct pool *pl = &pools[pool];
    u16 paras, first, seg, i, off, stride = pl->stride;
    u8 umb = 0;
    int rc;

    nblocks = fit_blocks(pool, nblocks);
    if (nblocks == 0)
        return MEM_E_INVAL;
    pool_arena_paras(pool, nblocks, &paras, &first);
    rc = arena_get(paras, ARENA_UMB_OK, &seg, &umb);
    if (rc != MEM_OK)
        return rc;
    port_pokew(seg, AH_SIG, ARENA_SIG);
    port_pokeb(seg, AH_POOL, (u8)pool);
    port_pokeb(seg, AH_FLAGS, (u8)(umb ? AF_UMB : 0));
    port_pokew(seg, AH_STRIDE, stride);
    port_pokew(seg, AH_FIRST, first);
    port_pokew(seg, AH_NBLOCKS, nblocks);
    port_pokew(seg, AH_RESV, 0);
    port_pokew(seg, AH_NEXT, pl->arenas);
    port_pokew(seg, AH_CHECK, (u16)(seg ^ ARENA_CHECK));
    for (i = AH_MAP; i < first; i++)
        port_pokeb(seg, i, 0);
    for (i = 0; i < nblocks; i++) {
        off = (u16)(first + i * stride);
        port_pokew(seg, (u16)(off + FB_NEXT_OFF), (u16)(off + stride));
        port_pokew(seg, (u16)(off + FB_NEXT_SEG), seg);
        port_pokew(seg, (u16)(off + FB_MAP_OFF), (u16)(AH_MAP + (i >> 3)));
        port_pokeb(seg, (u16)(off + FB_MASK), (u8)(1u << (i & 7)));
        if (MEM_DEBUG) {
            u16 j;
            for (j = FB_KEEP; j < stride; j++)
                port_pokeb(seg, (u16)(off + j), POOL_POISON);
        }
    }
    pl->arenas = seg;
    pl->narenas++;
    pool_epoch(pl);
    pool_splice(pl, first, seg, (u16)(first + (nblocks - 1) * stride), seg, nblocks);
    return MEM_OK;
}

/* Give back one arena of pool (not its last) whose blocks are all free
 * and on the main list.  The main list is detached, the arena's blocks
 * filtered out with interrupts on (allocations meanwhile use the
 * reserve), and the rest put back in one splice.  1 = given back. */
int pool_shrink_one(u16 pool)
{
    struct pool *pl = &pools[pool];
    u16 a, prev = 0, n, keep_h = 0, keep_hs = 0, keep_t = 0, keep_ts = 0;
    u16 drop_h = 0, drop_hs = 0, drop_t = 0, drop_ts = 0, nkeep = 0, ndrop = 0;
    u16 off, seg, noff, nseg;
    u32 l;

    if (pl->narenas < 2)
        return 0;
    for (a = pl->arenas; a != 0; prev = a, a = port_peekw(a, AH_NEXT))
        if (pool_arena_used(a) == 0)
            break;
    if (a == 0)
        return 0;
    n = port_peekw(a, AH_NBLOCKS);
    if ((u16)(pl->total - pl->used) < (u16)(n + 2 * pl->lowmark) ||
        (u16)(pl->total - n) < pl->min_total)
        return 0;               /* twice the grow mark left: no ping-pong */
    l = pool_detach(pl);
    off = MEM_FP_OFF(l);
    seg = MEM_FP_SEG(l);
    while (off != 0) {
        noff = port_peekw(seg, (u16)(off + FB_NEXT_OFF));
        nseg = port_peekw(seg, (u16)(off + FB_NEXT_SEG));
        if (seg == a) {
            if (ndrop == 0) { drop_h = off; drop_hs = seg; }
            else { port_pokew(drop_ts, drop_t, off); port_pokew(drop_ts, (u16)(drop_t + 2), seg); }
            drop_t = off; drop_ts = seg; ndrop++;
        } else {
            if (nkeep == 0) { keep_h = off; keep_hs = seg; }
            else { port_pokew(keep_ts, keep_t, off); port_pokew(keep_ts, (u16)(keep_t + 2), seg); }
            keep_t = off; keep_ts = seg; nkeep++;
        }
        off = noff;
        seg = nseg;
    }
    if (nkeep != 0)
        pool_splice(pl, keep_h, keep_hs, keep_t, keep_ts, 0);
    if (ndrop != n) {
        /* the rest are on the reserve: take it (allocations use the main
         * list meanwhile), move a's blocks to the drop list, put the
         * others back */
        l = pool_detach_res(pl);
        pl->nres = 0;           /* the reserve is empty: nobody counts it */
        off = MEM_FP_OFF(l);
        seg = MEM_FP_SEG(l);
        while (off != 0) {
            noff = port_peekw(seg, (u16)(off + FB_NEXT_OFF));
            nseg = port_peekw(seg, (u16)(off + FB_NEXT_SEG));
            if (seg == a) {
                if (ndrop == 0) { drop_h = off; drop_hs = seg; }
                else { port_pokew(drop_ts, drop_t, off); port_pokew(drop_ts, (u16)(drop_t + 2), seg); }
                drop_t = off; drop_ts = seg; ndrop++;
            } else {
                pool_push_res(pl, off, seg);
            }
            off = noff;
            seg = nseg;
        }
    }
    if (ndrop != n) {           /* one was allocated meanwhile: keep a */
        if (ndrop != 0)
            pool_splice(pl, drop_h, drop_hs, drop_t, drop_ts, 0);
        return 0;
    }
    if (prev == 0)
        pl->arenas = port_peekw(a, AH_NEXT);
    else
        port_pokew(prev, AH_NEXT, port_peekw(a, AH_NEXT));
    pool_epoch(pl);
    pl->total = (u16)(pl->total - n);
    pl->narenas--;
    pl->shrinks++;
    port_pokew(a, AH_SIG, 0);               /* stale pointers now fail */
    arena_put(a);
    return 1;
}

void pool_release(void)
{
    u16 i, a, next;

    for (i = 0; i < MEM_POOL_COUNT; i++) {
        for (a = pools[i].arenas; a != 0; a = next) {
            next = port_peekw(a, AH_NEXT);
            port_pokew(a, AH_SIG, 0);
            arena_put(a);
        }
        pools[i].arenas = 0;
        pools[i].narenas = 0;
        pools[i].head_off = pools[i].head_seg = 0;
        pools[i].res_off = pools[i].res_seg = 0;
        pools[i].total = pools[i].nres = 0;
    }
    pool_ready = 0;
}

int mod_pool_stats(u16 pool, mem_fp_t out)
{
    struct mem_pool_stats s;
    struct pool *pl;
    u16 n, a, fr;
    u8 *p = (u8 *)&s;

    if (MEM_FP_SEG(out) == 0 || pool > MEM_POOL_NONE)
        return MEM_E_INVAL;
    n = port_peekw(MEM_FP_SEG(out), MEM_FP_OFF(out));
    if (n < 2)
        return MEM_E_INVAL;
    if (n > sizeof(s))
        n = sizeof(s);
    for (a = 0; a < sizeof(s); a++)
        p[a] = 0;
    if (pool == MEM_POOL_NONE) {
        s.bad = pool_bad_none;
    } else {
        pl = &pools[pool];
        s.block = pl->bsize;
        s.stride = pl->stride;
        s.total = pl->total;
        s.used = pl->used;
        s.high = pl->high > pl->high_prev ? pl->high : pl->high_prev;
        if (pl->used > s.high)
            s.high = pl->used;
        fr = pl->high > pl->used ? pl->high : pl->used;
        s.low = (u16)(fr < pl->total ? pl->total - fr : 0);
        if (pl->low < s.low)
            s.low = pl->low;
        s.fails = pl->fails;
        s.bad = pl->bad;
        s.grows = pl->grows;
        s.shrinks = pl->shrinks;
        s.reserve = pl->nres;
        s.first_seg = pl->arenas;
        for (a = pl->arenas; a != 0; a = port_peekw(a, AH_NEXT)) {
            s.arenas++;
            if (port_peekb(a, AH_FLAGS) & AF_UMB)
                s.umb_arenas++;
        }
    }
    for (; n > 2; n--)
        port_pokeb(MEM_FP_SEG(out), (u16)(MEM_FP_OFF(out) + n - 1), p[n - 1]);
    return MEM_OK;
}

/* Walk one free list; set each block's bit while walking (a block seen
 * twice, or an allocated one, is corruption), count it.  The bits are
 * cleared again by unmark_list. */
static int walk_list(u16 pool, u16 off, u16 seg, u16 limit, u16 *count)
{
    struct pool *pl = &pools[pool];
    u16 a, first, stride, idx, moff, i;
    u8 mask, b;

    *count = 0;
    while (off != 0) {
        if (*count >= limit)
            return MEM_E_CORRUPT;           /* a cycle */
        for (a = pl->arenas; a != 0 && a != seg; a = port_peekw(a, AH_NEXT))
            ;
        if (a == 0)
            return MEM_E_CORRUPT;           /* not in one of the arenas */
        first = port_peekw(a, AH_FIRST);
        stride = port_peekw(a, AH_STRIDE);
        if (off < first || (u16)(off - first) % stride != 0)
            return MEM_E_CORRUPT;
        idx = (u16)((off - first) / stride);
        if (idx >= port_peekw(a, AH_NBLOCKS))
            return MEM_E_CORRUPT;
        moff = (u16)(AH_MAP + (idx >> 3));
        mask = (u8)(1u << (idx & 7));
        if (port_peekw(seg, (u16)(off + FB_MAP_OFF)) != moff ||
            port_peekb(seg, (u16)(off + FB_MASK)) != mask)
            return MEM_E_CORRUPT;
        b = port_peekb(seg, moff);
        if (b & mask)
            return MEM_E_CORRUPT;           /* in use, or listed twice */
        if (MEM_DEBUG)                      /* before the mark: unmark_list
                                             * clears only those counted */
            for (i = FB_KEEP; i < stride; i++)
                if (port_peekb(seg, (u16)(off + i)) != POOL_POISON)
                    return MEM_E_CORRUPT;   /* written after it was freed */
        port_pokeb(seg, moff, (u8)(b | mask));
        (*count)++;
        i = off;
        off = port_peekw(seg, (u16)(i + FB_NEXT_OFF));
        seg = port_peekw(seg, (u16)(i + FB_NEXT_SEG));
    }
    return MEM_OK;
}

static void unmark_list(u16 off, u16 seg, u16 n)
{
    u16 moff, i;
    for (; off != 0 && n != 0; n--) {
        moff = port_peekw(seg, (u16)(off + FB_MAP_OFF));
        port_pokeb(seg, moff, (u8)(port_peekb(seg, moff) & ~port_peekb(seg, (u16)(off + FB_MASK))));
        i = off;
        off = port_peekw(seg, (u16)(i + FB_NEXT_OFF));
        seg = port_peekw(seg, (u16)(i + FB_NEXT_SEG));
    }
}

static int check_pool(u16 pool)
{
    struct pool *pl = &pools[pool];
    u16 a, nblocks, bits, i, first, total = 0, used = 0, narenas = 0;
    u16 nmain = 0, nres = 0, mapbytes;
    u8 b;
    int rc;

    for (a = pl->arenas; a != 0; a = port_peekw(a, AH_NEXT)) {
        if (++narenas > ARENA_MAX)
            return MEM_E_CORRUPT;
        if (port_peekw(a, AH_SIG) != ARENA_SIG ||
            port_peekw(a, AH_CHECK) != (u16)(a ^ ARENA_CHECK) ||
            port_peekb(a, AH_POOL) != pool ||
            port_peekw(a, AH_STRIDE) != pl->stride)
            return MEM_E_CORRUPT;
        nblocks = port_peekw(a, AH_NBLOCKS);
        first = port_peekw(a, AH_FIRST);
        mapbytes = (u16)((nblocks + 7) / 8);
        if (first < AH_MAP + mapbytes)
            return MEM_E_CORRUPT;
        bits = 0;
        for (i = 0; i < mapbytes; i++) {
            b = port_peekb(a, (u16)(AH_MAP + i));
            if (i == mapbytes - 1 && (nblocks & 7) && (b >> (nblocks & 7)))
                return MEM_E_CORRUPT;       /* bit past the last block */
            bits = (u16)(bits + popcount8(b));
        }
        if (MEM_DEBUG)
            for (i = 0; i < nblocks; i++)
                if ((port_peekb(a, (u16)(AH_MAP + (i >> 3))) >> (i & 7)) & 1)
                    if (port_peekw(a, (u16)(first + i * pl->stride + pl->stride - 2)) != POOL_GUARD)
                        return MEM_E_CORRUPT;
        total = (u16)(total + nblocks);
        used = (u16)(used + bits);
    }
    if (narenas != pl->narenas || total != pl->total || used != pl->used)
        return MEM_E_CORRUPT;
    rc = walk_list(pool, pl->head_off, pl->head_seg, (u16)(total + 1), &nmain);
    if (rc == MEM_OK)
        rc = walk_list(pool, pl->res_off, pl->res_seg, (u16)(total + 1), &nres);
    unmark_list(pl->head_off, pl->head_seg, nmain);
    unmark_list(pl->res_off, pl->res_seg, nres);
    if (rc != MEM_OK)
        return rc;
    if (nres != pl->nres || (u16)(nmain + nres + used) != total)
        return MEM_E_CORRUPT;
    if (pl->high > total ||
        (pl->low != 0xFFFFu && pl->low > total))
        return MEM_E_CORRUPT;
    return MEM_OK;
}

int mod_pool_check(void)
{
    u16 i;
    int rc;

    if (!pool_ready)
        return MEM_E_STATE;
    if (pool_corrupt != 0)
        return MEM_E_CORRUPT;
    for (i = 0; i < MEM_POOL_COUNT; i++) {
        rc = check_pool(i);
        if (rc != MEM_OK)
            return rc;
    }
    return MEM_OK;
}

int mod_pool_service(void)
{
    struct pool *pl;
    u16 i, guard;
    u32 b;
    int changed = 0, failed = 0;

    if (!pool_ready)
        return MEM_E_STATE;
    for (i = 0; i < MEM_POOL_COUNT; i++) {
        pl = &pools[i];
        if ((u16)(pl->total - pl->used) < pl->lowmark) {
            if (pool_grow(i, pl->grow_n) == MEM_OK) {
                pl->grows++;
                changed++;
            } else {
                pool_inc(&pl->fails);   /* the fast paths count it too */
                failed = 1;
            }
        }
        while (pool_shrink_one(i))
            changed++;
        for (guard = 0; pl->nres < pl->res_target && guard < 64; guard++) {
            b = pool_pop_main(pl);
            if (b == 0)
                break;
            pool_push_res(pl, MEM_FP_OFF(b), MEM_FP_SEG(b));
        }
    }
    return failed ? MEM_E_NOMEM : changed;
}

int mod_pool_overhead(mem_fp_t out)
{
    u32 held = 0, meta = 0, w;
    u16 i, a, n, first, per;

    for (i = 0; i < MEM_POOL_COUNT; i++) {
        /* per block: the packet header and the slack behind the largest
         * frame; small blocks have none in the release build */
        if (i >= MEM_POOL_PKT_SMALL)
            per = (u16)(pools[i].stride - MEM_PKT_HEADROOM -
                        (i == MEM_POOL_PKT ? MEM_PKT_MAX : pools[i].bsize - MEM_PKT_DATA));
        else
            per = (u16)(pools[i].stride - pools[i].bsize);
        for (a = pools[i].arenas; a != 0; a = port_peekw(a, AH_NEXT)) {
            n = port_peekw(a, AH_NBLOCKS);
            first = port_peekw(a, AH_FIRST);
            for (w = 0; w < ARENA_MAX; w++)
                if (arena_tab[(u16)w].seg == a)
                    break;
            w = (w < ARENA_MAX) ? ((u32)arena_tab[(u16)w].paras << 4)
                                : (u32)first + (u32)n * pools[i].stride;
            held += w;
            meta += w - (u32)n * pools[i].stride + (u32)n * per;
        }
    }
    if (MEM_FP_SEG(out) != 0) {
        port_pokew(MEM_FP_SEG(out), MEM_FP_OFF(out), (u16)held);
        port_pokew(MEM_FP_SEG(out), (u16)(MEM_FP_OFF(out) + 2), (u16)(held >> 16));
        port_pokew(MEM_FP_SEG(out), (u16)(MEM_FP_OFF(out) + 4), (u16)meta);
        port_pokew(MEM_FP_SEG(out), (u16)(MEM_FP_OFF(out) + 6), (u16)(meta >> 16));
    }
    if (held == 0)
        return 0;
    return (int)((meta * 10000UL + held - 1) / held);
}
