/*
 * pool.c - C twins of pool_fast.asm's take/give/pointer check and packet
 * paths: the same contracts, step for step, with the same interrupts-off
 * windows (port_irq_save/restore) and the same single-step counter
 * updates.  Host tests run the pools through these (the small-object
 * twins are pool_small_c.c, the list operations pool_list_c.c).  With
 * MEM_DEBUG the twins also keep guard words (last word of a block),
 * poison free blocks and check the poison when a block is handed out
 * again.  The twins of mem_pkt_alloc and mem_pkt_free are
 * src/port/host/pool_host.c: on DOS pool_fast.asm defines those two
 * names (the module's task-time C calls them), so nothing of this file
 * is referenced there and ld86 leaves it out of MEMPOOL.MOD.
 */
#include "port.h"
#include "pool.h"

static const u8 bit_tab[8] = { 1, 2, 4, 8, 16, 32, 64, 128 };

int pool_check_ptr_c(mem_fp_t p, u16 *pi, u16 *moff, u8 *mask)
{
    u16 seg = MEM_FP_SEG(p), off = MEM_FP_OFF(p), first, stride, d, idx;

    if (seg == 0 || port_peekw(seg, AH_SIG) != ARENA_SIG ||
        port_peekw(seg, AH_CHECK) != (u16)(seg ^ ARENA_CHECK))
        return MEM_E_BADPTR;
    *pi = port_peekb(seg, AH_POOL);
    if (*pi >= MEM_POOL_COUNT)
        return MEM_E_BADPTR;
    first = port_peekw(seg, AH_FIRST);
    stride = port_peekw(seg, AH_STRIDE);
    if (off < first || stride == 0)
        return MEM_E_BADPTR;
    d = (u16)(off - first);
    idx = (u16)(d / stride);
    if (d % stride != 0 || idx >= port_peekw(seg, AH_NBLOCKS))
        return MEM_E_BADPTR;
    *moff = (u16)(AH_MAP + (idx >> 3));
    *mask = bit_tab[idx & 7];
    return MEM_OK;
}

static void poison(u16 seg, u16 off, u16 stride)
{
    u16 i;
    for (i = FB_KEEP; i < stride; i++)
        port_pokeb(seg, (u16)(off + i), POOL_POISON);
}

mem_fp_t pool_take_c(struct pool *pl)
{
    u16 f, off, seg, moff, i;
    u8 mask;

    f = port_irq_save();
    off = pl->head_off;
    seg = pl->head_seg;
    if (off != 0) {
        pl->head_off = port_peekw(seg, (u16)(off + FB_NEXT_OFF));
        pl->head_seg = port_peekw(seg, (u16)(off + FB_NEXT_SEG));
        port_irq_restore(f);
    } else {
        port_irq_restore(f);
        f = port_irq_save();
        off = pl->res_off;
        seg = pl->res_seg;
        if (off == 0) {
            port_irq_restore(f);
            pl->fails++;
            return MEM_FP_NULL;
        }
        pl->res_off = port_peekw(seg, (u16)(off + FB_NEXT_OFF));
        pl->res_seg = port_peekw(seg, (u16)(off + FB_NEXT_SEG));
        port_irq_restore(f);
        pl->nres--;
    }
    pl->used++;                 /* INC m: one instruction; the high-water
                                 * mark is taken at the free (pool.h) */
    moff = port_peekw(seg, (u16)(off + FB_MAP_OFF));
    mask = port_peekb(seg, (u16)(off + FB_MASK));
    port_pokeb(seg, moff, (u8)(port_peekb(seg, moff) | mask));
    if (MEM_DEBUG) {
        for (i = FB_KEEP; i < pl->stride; i++)
            if (port_peekb(seg, (u16)(off + i)) != POOL_POISON) {
                pool_corrupt++;     /* written after it was freed */
                break;
            }
        port_pokew(seg, (u16)(off + pl->stride - 2), POOL_GUARD);
    }
    return MEM_FP(seg, off);
}

int pool_give_c(struct pool *pl, u16 seg, u16 off, u16 moff, u8 mask)
{
    u16 f;
    u8 b;

    if (pl->used > pl->high)    /* asm: raised lock-free with XCHG */
        pl->high = pl->used;
    /* the map fields are a function of the address and a free block
     * holds the poison already: writing them changes nothing when the
     * block turns out to be free */
    port_pokew(seg, (u16)(off + FB_MAP_OFF), moff);
    port_pokeb(seg, (u16)(off + FB_MASK), mask);
    if (MEM_DEBUG)
        poison(seg, off, pl->stride);
    f = port_irq_save();
    b = port_peekb(seg, moff);
    if (!(b & mask)) {
        port_irq_restore(f);
        pl->bad++;
        return MEM_E_DOUBLEFREE;
    }
    port_pokeb(seg, moff, (u8)(b ^ mask));
    port_pokew(seg, (u16)(off + FB_NEXT_OFF), pl->head_off);
    port_pokew(seg, (u16)(off + FB_NEXT_SEG), pl->head_seg);
    pl->head_off = off;
    pl->head_seg = seg;
    port_irq_restore(f);
    pl->used--;
    return MEM_OK;
}

/* Debug: the guard word at the end of an allocated block. */
int pool_guard_ok_c(struct pool *pl, u16 seg, u16 off)
{
    if (!MEM_DEBUG)
        return 1;
    if (port_peekw(seg, (u16)(off + pl->stride - 2)) == POOL_GUARD)
        return 1;
    pl->bad++;
    return 0;
}

/* The checks mem_pkt_free and mem_pkt_ref share (pkt_check in asm). */
int pool_pkt_check_c(mem_fp_t p, u16 *pi, u16 *moff, u8 *mask)
{
    u16 seg = MEM_FP_SEG(p), off = MEM_FP_OFF(p);
    int rc = pool_check_ptr_c(p, pi, moff, mask);

    if (rc != MEM_OK) {
        pool_bad_none++;
        return rc;
    }
    if (*pi < MEM_POOL_PKT_SMALL)
        rc = MEM_E_WRONGPOOL;
    else if (!(port_peekb(seg, *moff) & *mask))
        rc = MEM_E_DOUBLEFREE;
    else if (port_peekw(seg, (u16)(off + MEM_PKT_OFF_MAGIC)) != MEM_PKT_MAGIC)
        rc = MEM_E_CORRUPT;
    if (rc != MEM_OK)
        pools[*pi].bad++;
    return rc;
}

int pool_pkt_ref_c(mem_fp_t p)
{
    u16 pi, moff, f, seg = MEM_FP_SEG(p), off = MEM_FP_OFF(p);
    u8 mask, r;
    int rc = pool_pkt_check_c(p, &pi, &moff, &mask);

    if (rc != MEM_OK)
        return rc;
    f = port_irq_save();
    r = (u8)(port_peekb(seg, (u16)(off + MEM_PKT_OFF_REF)) + 1);
    if (r == 0) {
        port_irq_restore(f);
        return MEM_E_LIMIT;
    }
    if (r == 1) {
        port_irq_restore(f);
        pools[pi].bad++;
        return MEM_E_DOUBLEFREE;
    }
    port_pokeb(seg, (u16)(off + MEM_PKT_OFF_REF), r);
    port_irq_restore(f);
    return r;
}
