/*
 * pool_check_setup.c - the pools' consistency checker (mem_pool_check) and
 * overhead figure (mem_pool_overhead).  Set-up code: the seal drops it
 * (a driver checks its pools while it sets up and in its tests, not
 * resident).
 */
#include "port.h"
#include "mod_core.h"
#include "arena.h"
#include "pool.h"
#include "pheap.h"

#define IS_PKT(i) ((i) >= POOL_PKT_FIRST)

/* The place of block k of an arena of pool i. */
static u16 block_off(u16 i, u16 seg, u16 k)
{
    return (u16)(port_peekw(seg, AH_FIRST) + k * pool_ctl[i].stride);
}

/* The largest frame a packet pool serves. */
u16 pool_maxframe(u16 i)
{
    u16 m = (u16)(pool_ctl[i].bsize - MEM_PKT_DATA);
    return m > MEM_PKT_MAX ? MEM_PKT_MAX : m;
}

/* ------------------------------------------------------------- checker */

#define WALK_MARK 0x5757u           /* packets being walked (magic) */
#define PM_WALK   3                 /* small blocks being walked (map) */

/* Is off a block start of arena a of pool i? */
static int is_block(u16 i, u16 a, u16 off)
{
    u16 first = port_peekw(a, AH_FIRST);
    return off >= first && (off >> 4) < port_peekw(a, AH_END) &&
           (u16)(off - first) % pool_ctl[i].stride == 0;
}

/* Walk one free list; mark each block while walking (a block seen twice,
 * or an allocated one, is corruption), count it.  unmark_list clears the
 * marks again. */
static int walk_list(u16 i, u16 off, u16 seg, u16 limit, u16 *count)
{
    u16 a, j, moff;

    *count = 0;
    while (off != 0) {
        if (*count >= limit)
            return MEM_E_CORRUPT;           /* a cycle */
        for (a = pool_ctl[i].arenas; a != 0 && a != seg; a = port_peekw(a, AH_NEXT))
            ;
        if (a == 0 || !is_block(i, a, off))
            return MEM_E_CORRUPT;           /* not a block of the pool */
        if (MEM_DEBUG)
            for (j = IS_PKT(i) ? PKT_KEEP : FB_KEEP; j < pool_ctl[i].stride; j++)
                if (port_peekb(seg, (u16)(off + j)) != POOL_POISON)
                    return MEM_E_CORRUPT;   /* written after it was freed */
        if (IS_PKT(i)) {
            if (port_peekw(seg, (u16)(off + MEM_PKT_OFF_MAGIC)) != 0)
                return MEM_E_CORRUPT;       /* in use, or listed twice */
            port_pokew(seg, (u16)(off + MEM_PKT_OFF_MAGIC), WALK_MARK);
        } else {
            moff = (u16)(AH_MAP + (off >> 4));
            if (port_peekb(seg, moff) != PM_BLOCK_FREE ||
                port_peekw(seg, (u16)(off + FB_PARA)) != (u16)(off >> 4))
                return MEM_E_CORRUPT;
            port_pokeb(seg, moff, PM_WALK);
        }
        (*count)++;
        j = off;
        off = port_peekw(seg, (u16)(j + FB_NEXT_OFF));
        seg = port_peekw(seg, (u16)(j + FB_NEXT_SEG));
    }
    return MEM_OK;
}

static void unmark_list(u16 i, u16 off, u16 seg, u16 n)
{
    u16 j;
    for (; off != 0 && n != 0; n--) {
        if (IS_PKT(i))
            port_pokew(seg, (u16)(off + MEM_PKT_OFF_MAGIC), 0);
        else
            port_pokeb(seg, (u16)(AH_MAP + (off >> 4)), PM_BLOCK_FREE);
        j = off;
        off = port_peekw(seg, (u16)(j + FB_NEXT_OFF));
        seg = port_peekw(seg, (u16)(j + FB_NEXT_SEG));
    }
}

/* One arena's header, map or packet headers; its used blocks into *used. */
static int check_arena(u16 i, u16 a, u16 *used)
{
    struct pool *pl = &pools[i];
    u16 nb = port_peekw(a, AH_NBLOCKS), first, end, paras, k, off, p;
    u8 st;

    if (port_peekw(a, AH_SIG) != ARENA_SIG_OF(i) ||
        port_peekw(a, AH_CHECK) != (u16)(a ^ ARENA_CHECK) ||
        port_peekw(a, AH_HOT) != POOL_OFF(i) || port_peekb(a, AH_POOL) != i)
        return MEM_E_CORRUPT;
    pool_arena_layout(i, nb, &paras, &first, &end);
    if (nb == 0 || port_peekw(a, AH_FIRST) != first || port_peekw(a, AH_END) != (u16)(end >> 4))
        return MEM_E_CORRUPT;
    *used = 0;
    if (IS_PKT(i)) {
        for (k = 0; k < nb; k++) {
            off = block_off(i, a, k);
            if (port_peekw(a, (u16)(off + MEM_PKT_OFF_CAP)) != pl->cap ||
                port_peekb(a, (u16)(off + MEM_PKT_OFF_POOL)) != pl->hpool ||
                port_peekw(a, (u16)(off + MEM_PKT_OFF_CHECK)) != (u16)(a ^ off ^ PKT_CHECK))
                return MEM_E_CORRUPT;
            p = port_peekw(a, (u16)(off + MEM_PKT_OFF_MAGIC));
            if (p == MEM_PKT_MAGIC) {
                if (port_peekb(a, (u16)(off + MEM_PKT_OFF_REF)) == 0)
                    return MEM_E_CORRUPT;
                (*used)++;
                if (MEM_DEBUG && port_peekw(a, (u16)(off + pool_ctl[i].stride - 2)) != POOL_GUARD)
                    return MEM_E_CORRUPT;
            } else if (p != 0) {
                return MEM_E_CORRUPT;
            }
        }
        return MEM_OK;
    }
    for (p = 0; p < end / 16; p++) {
        st = port_peekb(a, (u16)(AH_MAP + p));
        off = (u16)(p << 4);
        if (off >= first && (u16)(off - first) % pool_ctl[i].stride == 0) {
            if (st == PM_BLOCK_USED) {
                (*used)++;
                if (MEM_DEBUG && port_peekw(a, (u16)(off + pool_ctl[i].stride - 2)) != POOL_GUARD)
                    return MEM_E_CORRUPT;
            } else if (st != PM_BLOCK_FREE) {
                return MEM_E_CORRUPT;
            }
        } else if (st != PM_NONE) {
            return MEM_E_CORRUPT;
        }
    }
    return MEM_OK;
}

static int check_pool(u16 i)
{
    struct pool *pl = &pools[i];
    struct pool_ctl *c = &pool_ctl[i];
    u16 a, total = 0, used = 0, u, narenas = 0, nmain = 0, nres = 0;
    int rc;

    for (a = c->arenas; a != 0; a = port_peekw(a, AH_NEXT)) {
        if (++narenas > ARENA_MAX)
            return MEM_E_CORRUPT;
        rc = check_arena(i, a, &u);
        if (rc != MEM_OK)
            return rc;
        total = (u16)(total + port_peekw(a, AH_NBLOCKS));
        used = (u16)(used + u);
    }
    if (narenas != c->narenas || total != c->total || used != POOL_USED(pl))
        return MEM_E_CORRUPT;
    rc = walk_list(i, pl->head_off, pl->head_seg, (u16)(total + 1), &nmain);
    if (rc == MEM_OK)
        rc = walk_list(i, pl->res_off, pl->res_seg, (u16)(total + 1), &nres);
    unmark_list(i, pl->head_off, pl->head_seg, nmain);
    unmark_list(i, pl->res_off, pl->res_seg, nres);
    if (rc != MEM_OK)
        return rc;
    if (nres != pl->nres || (u16)(nmain + nres + used) != total)
        return MEM_E_CORRUPT;
    if (pl->high > total || (c->low != 0xFFFFu && c->low > total))
        return MEM_E_CORRUPT;
    return MEM_OK;
}

/* The packet heap: the blocks freed and not yet put back (on the heap
 * record's list: packet headers of the heap, magic 0), the free list (in
 * address order both ways, no two free blocks touching, magic 0), and the
 * blocks tiling the heap from its first paragraph to its end, each a free
 * block of the list or a packet header whose check word is right and
 * whose cap (and the debug guard) steps to the next; as many with the
 * magic as the heap counts handed out, as many freed (magic 0) as the
 * record's list holds (a block on neither list is lost).  The lock must be free (no heap
 * call runs while the checker does). */
static int check_heap(void)
{
    struct pool *pl = &pools[POOL_HEAP_REC];
    u16 seg = pheap.seg, end = pheap.end, off, sg, b, prev = 0, size, n = 0, used = 0, npend;

    if (pheap.busy || seg == 0 || port_peekw(seg, AH_HOT) != POOL_OFF(POOL_HEAP_REC) ||
        port_peekw(seg, AH_CHECK) != (u16)(seg ^ ARENA_CHECK) || end < PHEAP_FIRST ||
        end > 0xFFF0u)
        return MEM_E_CORRUPT;
    for (off = pl->head_off, sg = pl->head_seg; off != 0; ) {
        if (sg != seg || off < PHEAP_FIRST || off >= end || (off & 15) != 0 ||
            port_peekw(seg, (u16)(off + MEM_PKT_OFF_MAGIC)) != 0 ||
            port_peekw(seg, (u16)(off + MEM_PKT_OFF_CHECK)) != (u16)(seg ^ off ^ PKT_CHECK) ||
            ++n > 0x1000)
            return MEM_E_CORRUPT;
        sg = port_peekw(seg, (u16)(off + FB_NEXT_SEG));
        off = port_peekw(seg, (u16)(off + FB_NEXT_OFF));
    }
    npend = n;
    n = 0;
    for (b = pheap.low; b != 0; b = port_peekw(seg, (u16)(b + HB_NEXT))) {
        size = port_peekw(seg, (u16)(b + HB_SIZE));
        if (b < PHEAP_FIRST || (b & 15) != 0 || size < 16 || (size & 15) != 0 ||
            (u32)b + size > end || port_peekw(seg, (u16)(b + HB_PREV)) != prev ||
            (prev != 0 && (u32)prev + port_peekw(seg, (u16)(prev + HB_SIZE)) >= b) ||
            port_peekw(seg, (u16)(b + MEM_PKT_OFF_MAGIC)) != 0 || ++n > 0x1000)
            return MEM_E_CORRUPT;
        prev = b;
    }
    if (pheap.high != prev)
        return MEM_E_CORRUPT;
    b = pheap.low;
    for (off = PHEAP_FIRST; off < end; off = (u16)(off + size)) {
        if (off == b) {
            size = port_peekw(seg, (u16)(off + HB_SIZE));
            b = port_peekw(seg, (u16)(off + HB_NEXT));
            continue;
        }
        size = (u16)(port_peekw(seg, (u16)(off + MEM_PKT_OFF_CAP)) + (MEM_DEBUG ? 2 : 0));
        if (port_peekw(seg, (u16)(off + MEM_PKT_OFF_CHECK)) != (u16)(seg ^ off ^ PKT_CHECK) ||
            size < 64 || (size & 15) != 0 || (u32)off + size > end)
            return MEM_E_CORRUPT;
        if (port_peekw(seg, (u16)(off + MEM_PKT_OFF_MAGIC)) == MEM_PKT_MAGIC)
            used++;
        else if (port_peekw(seg, (u16)(off + MEM_PKT_OFF_MAGIC)) == 0)
            npend--;                /* freed: it must be on the record's list */
        else
            return MEM_E_CORRUPT;
    }
    if (off != end || b != 0 || used != POOL_USED(pl) || npend != 0)
        return MEM_E_CORRUPT;       /* (a freed block on neither list is lost) */
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
    for (i = 0; i < POOL_N; i++) {
        if (IS_PKT(i) && i >= POOL_PKT_FIRST + pool_npkt) {
            if (pool_ctl[i].arenas != 0 || pools[i].head_off != 0)
                return MEM_E_CORRUPT;
            continue;
        }
        rc = check_pool(i);
        if (rc != MEM_OK)
            return rc;
    }
    if (PHEAP_ON())
        return check_heap();
    return MEM_OK;
}


int mod_pool_overhead(mem_fp_t out)
{
    u32 held = 0, meta = 0, w;
    u16 i, a, n, first, per, k;

    for (i = 0; i < POOL_N; i++) {
        /* per block: the packet header and the slack behind the largest
         * frame; small blocks have none in the release build */
        per = (u16)(pool_ctl[i].stride - (IS_PKT(i) ? MEM_PKT_HEADROOM +
                    pool_maxframe(i) : pool_ctl[i].bsize));
        for (a = pool_ctl[i].arenas; a != 0; a = port_peekw(a, AH_NEXT)) {
            n = port_peekw(a, AH_NBLOCKS);
            first = port_peekw(a, AH_FIRST);
            for (k = 0; k < ARENA_MAX; k++)
                if (arena_tab[k].seg == a)
                    break;
            w = (k < ARENA_MAX) ? ((u32)arena_tab[k].paras << 4)
                                : (u32)first + (u32)n * pool_ctl[i].stride;
            held += w;
            meta += w - (u32)n * pool_ctl[i].stride + (u32)n * per;
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
