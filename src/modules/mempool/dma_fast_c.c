/*
 * dma_fast_c.c - C twins of dma_fast.asm (the DMA state, mem_dma_alloc,
 * mem_dma_free, unload): the same arena layout (dma_priv.h), the same
 * steps, the same windows.  The host tests and the replay run these;
 * never linked into MEMPOOL.MOD (the Makefile's MOD_C_TWIN).
 */
#include "port.h"
#include "arena.h"
#include "dma_priv.h"

/* The DMA state (dma_fast.asm's data on DOS). */
u16 dma_seg[MEM_DMA_TAGS + 1] = { 0 };
struct dma_state dma = { 0 };

/* C twin of mod_dma_alloc (dma_fast.asm), which mem_dma_map calls for a bounce. */
int dma_alloc_c(int tag, mem_fp_t out)
{
    u16 seg, fl, top, e, slot, i;

    if (tag < 0 || tag > MEM_DMA_TAGS || dma_seg[tag] == 0)
        return MEM_E_INVAL;
    seg = dma_seg[tag];
    fl = port_irq_save();                   /* the pop */
    top = port_peekw(seg, DH_TOP);
    e = port_peekw(seg, (u16)(top - 2));    /* 0: the sentinel, empty */
    if (e == 0) {
        port_irq_restore(fl);
        port_pokew(seg, DH_FAILS, (u16)(port_peekw(seg, DH_FAILS) + 1));
        return MEM_E_NOMEM;
    }
    top = (u16)(top - 2);
    port_pokew(seg, DH_TOP, top);
    port_irq_restore(fl);
    if (top < port_peekw(seg, DH_LOW))
        port_pokew(seg, DH_LOW, top);
    slot = port_peekw(seg, (u16)(e + DE_SLOT));
    port_pokew(seg, slot, e);               /* allocated */
    for (i = 0; i < sizeof(struct mem_dma_buf); i += 2)
        port_pokew(MEM_FP_SEG(out), (u16)(MEM_FP_OFF(out) + i),
                   port_peekw(seg, (u16)(e + i)));
    return MEM_OK;
}

/* C twin of mod_dma_free (dma_fast.asm), which mem_dma_unmap calls for a bounce. */
int dma_free_c(u16 handle)
{
    u16 tag = handle >> 8, idx = handle & 0xFF, seg, slot, e, fl, top;

    if (tag > MEM_DMA_TAGS || dma_seg[tag] == 0)
        return MEM_E_BADPTR;
    seg = dma_seg[tag];
    if (idx >= port_peekb(seg, DH_COUNT))
        return MEM_E_BADPTR;
    slot = (u16)(DH_ETAB + 2 * idx);
    fl = port_irq_save();                   /* the XCHG: one instruction */
    e = port_peekw(seg, slot);
    port_pokew(seg, slot, 0);
    port_irq_restore(fl);
    if (e == 0)
        return MEM_E_DOUBLEFREE;
    fl = port_irq_save();                   /* the push */
    top = port_peekw(seg, DH_TOP);
    port_pokew(seg, top, e);
    port_pokew(seg, DH_TOP, (u16)(top + 2));
    port_irq_restore(fl);
    return MEM_OK;
}

/* C twin of dma_release_all (dma_fast.asm): every tag's VDS locks and
 * arena, whatever is still allocated (the MAP group's regions went first,
 * through its unload hook); the record goes with the arena. */
void dma_release_all(void)
{
    struct dma_tag tg;
    u16 i, seg;

    for (i = 1; i <= MEM_DMA_TAGS; i++) {
        seg = dma_tag_read((int)i, &tg);
        if (seg != 0) {
            dma_seg[i] = 0;
            dma_unlock_all(&tg, seg);
            arena_put(seg);
        }
    }
}
