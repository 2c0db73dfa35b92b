/*
 * pool_init.c - set up the pools at init (cold: discarded afterwards).
 * Each pool gets its first arena here; mem_pool_service adds and gives
 * back the others at task time.
 */
#include "port.h"
#include "mod_core.h"
#include "arena.h"
#include "pool.h"
#include "xms_service.h"

static void pool_setup(u16 i, u16 stride, u16 count, u16 reserve)
{
    struct pool *pl = &pools[i];
    u8 *p = (u8 *)pl;
    u16 k;

    for (k = 0; k < sizeof(*pl); k++)
        p[k] = 0;
    pl->stride = stride;
    pl->bsize = (u16)(MEM_DEBUG ? stride - 2 : stride);
    pl->res_target = reserve;
    pl->grow_n = (u16)(count / 2 > 8 ? count / 2 : 8);
    if (i < POOL_SMALL_CLASSES && (u32)pl->grow_n * stride < POOL_SMALL_ARENA_MIN)
        pl->grow_n = (u16)(POOL_SMALL_ARENA_MIN / stride);
    pl->lowmark = (u16)(reserve + 2);
    pl->low = 0xFFFFu;
}

int pool_init(u16 small_count, u16 pkt_count, u16 pkt_small_count,
              u16 isr_reserve)
{
    u16 i, n, stride;
    int rc;

    if (small_count == 0)
        small_count = MEM_DEF_SMALL_COUNT;
    if (pkt_count == 0)
        pkt_count = MEM_DEF_PKT_COUNT;
    if (pkt_small_count == 0)
        pkt_small_count = MEM_DEF_PKT_SMALL_COUNT;
    if (isr_reserve == 0)
        isr_reserve = MEM_DEF_ISR_RESERVE;
    pool_bad_none = 0;
    pool_corrupt = 0;
    for (i = 0; i < MEM_POOL_COUNT; i++) {
        stride = (u16)(i < POOL_SMALL_CLASSES ? 16u << i
                       : i == MEM_POOL_PKT_SMALL ? POOL_PKT_SMALL_STRIDE
                       : POOL_PKT_STRIDE);
        n = i < POOL_SMALL_CLASSES ? small_count
            : i == MEM_POOL_PKT_SMALL ? pkt_small_count : pkt_count;
        if (i < POOL_SMALL_CLASSES && (u32)n * stride < POOL_SMALL_ARENA_MIN)
            n = (u16)(POOL_SMALL_ARENA_MIN / stride);
        pool_setup(i, stride, n, isr_reserve);
        /* the first arena takes the whole initial count (several when
         * one would pass 64 KB) */
        while (pools[i].total < n) {
            rc = pool_grow(i, (u16)(n - pools[i].total));
            if (rc != MEM_OK) {
                pool_release();
                return rc;
            }
        }
        pools[i].low = 0xFFFFu;     /* epochs start now (pool.h) */
        pools[i].high = pools[i].high_prev = 0;
        pools[i].min_total = pools[i].total;
        pools[i].grows = 0;
    }
    pool_ready = 1;
    mod_pool_service();     /* fill the reserves */
    if (arena_umb_seen)
        mod.info_flags |= MEM_INFO_UMB;
    return MEM_OK;
}

/* pool_init with the counts of struct mem_config (cfg far, 0 = defaults;
 * the fields are read only when cfg->size covers them).  Wires the XMS
 * UMB hook of arena.c.  Cold. */
int pool_init_cfg(mem_fp_t cfg)
{
    u16 w[4], i, size = 0;

    arena_xms_umb_get = xms_umb_request;
    arena_xms_umb_put = xms_umb_release;
    if (MEM_FP_SEG(cfg) != 0)
        size = port_peekw(MEM_FP_SEG(cfg), MEM_FP_OFF(cfg));
    for (i = 0; i < 4; i++)
        w[i] = (size >= 6 + 2 * i) ?
            port_peekw(MEM_FP_SEG(cfg), (u16)(MEM_FP_OFF(cfg) + 4 + 2 * i)) : 0;
    return pool_init(w[0], w[1], w[2], w[3]);
}
