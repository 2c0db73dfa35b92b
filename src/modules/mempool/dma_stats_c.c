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
    const struct dma_tag *t;
    const u8 *p = (const u8 *)&s;
    u16 n, seg, stk, i;

    if (tag < 1 || tag > MEM_DMA_TAGS || MEM_FP_SEG(st) == 0)
        return MEM_E_INVAL;
    seg = dma_seg[tag];
    if (seg == 0)
        return MEM_E_INVAL;
    n = port_peekw(MEM_FP_SEG(st), MEM_FP_OFF(st));
    if (n < 4)
        return MEM_E_INVAL;
    if (n > sizeof(s))
        n = sizeof(s);
    t = &dma_tags[tag - 1];
    stk = port_peekw(seg, DH_STK);
    s.size = sizeof(s);
    s.buf_size = t->bsize;
    s.count = t->count;
    s.free = (u16)((port_peekw(seg, DH_TOP) - stk) / 2);
    s.low_water = (u16)((port_peekw(seg, DH_LOW) - stk) / 2);
    s.fails = port_peekw(seg, DH_FAILS);
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
