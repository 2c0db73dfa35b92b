/*
 * dma_stats_c.c - C twin of dma_stats.asm (mem_dma_stats).  The host tests
 * and the replay run it; never linked into MEMPOOL.MOD (the Makefile's
 * MOD_C_TWIN).
 */
#include "port.h"
#include "dma_priv.h"

int mod_dma_stats(int tag, mem_fp_t st)
{
    struct mem_dma_stats s;
    struct dma_tag tg;
    const struct dma_tag *t = &tg;
    const u8 *p = (const u8 *)&s;
    u16 n, seg, stk, i;

    if (tag < 1 || tag > MEM_DMA_TAGS || MEM_FP_SEG(st) == 0)
        return MEM_E_INVAL;
    seg = dma_tag_read(tag, &tg);
    if (seg == 0)
        return MEM_E_INVAL;
    n = port_peekw(MEM_FP_SEG(st), MEM_FP_OFF(st));
    if (n < 4)
        return MEM_E_INVAL;
    if (n > sizeof(s))
        n = sizeof(s);
    stk = t->stk;
    s.size = sizeof(s);
    s.buf_size = t->bsize;
    s.count = t->count;
    s.free = (u16)((t->top - stk) / 2);
    s.low_water = (u16)((t->low - stk) / 2);
    s.fails = t->fails;
    s.arena_bytes = (u32)t->arena_paras << 4;
    s.waste_bytes = t->waste;
    s.meta_bytes = t->meta_bytes;
    s.bounces = t->bounces;
    s.vds_skips = t->vds_skips;
    s.maps = t->maps;
    for (i = 2; i < n; i++)
        port_pokeb(MEM_FP_SEG(st), (u16)(MEM_FP_OFF(st) + i), p[i]);
    return MEM_OK;
}
