/*
 * dma_host.c - the names dma_priv.h gives that dma_map.asm defines on DOS
 * (the task entries mod_dma_map / mod_dma_sync / mod_dma_unmap and the
 * unload hook dma_map_release): on the simulated PC they are their C
 * twins (dma_map_c.c).  Host only: never linked into MEMPOOL.MOD
 * (tests/host/host.mk SIM_SRCS).
 */
#include "port.h"
#include "dma_priv.h"

int mod_dma_map(int tag, mem_fp_t buf, u16 len, mem_fp_t map)
{
    return dma_map_c(tag, buf, len, map);
}

int mod_dma_sync(mem_fp_t map, int dir)
{
    return dma_sync_c(map, dir);
}

int mod_dma_unmap(mem_fp_t map)
{
    return dma_unmap_c(map);
}

void dma_map_release(void)
{
    dma_map_release_c();
}
