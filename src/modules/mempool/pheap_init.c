/*
 * pheap_init.c - the packet heap's set-up at load (cold: dropped once init
 * has run).  pheap.h says what the heap is.
 */
#include "port.h"
#include "pool.h"
#include "pheap.h"

int pheap_init(u16 seg, u16 paras, u16 top_len)
{
    struct pool *pl = &pools[POOL_HEAP_REC];
    u8 *p = (u8 *)pl;
    u16 k, size;

    if (paras < PHEAP_MIN_PARAS || paras > PHEAP_MAX_PARAS || top_len > MEM_PKT_MAX)
        return MEM_E_INVAL;
    for (k = 0; k < sizeof(*pl); k++)
        p[k] = 0;
    pl->index = (u8)POOL_HEAP_REC;
    pl->hpool = (u8)PHEAP_HPOOL;
    size = (u16)((paras - 1u) << 4);        /* behind the arena header */
    port_pokew(seg, AH_SIG, ARENA_SIG_PKT);
    port_pokew(seg, AH_HOT, POOL_OFF(POOL_HEAP_REC));
    port_pokew(seg, AH_END, paras);
    port_pokew(seg, AH_FIRST, PHEAP_FIRST);
    port_pokew(seg, AH_NBLOCKS, 0);
    port_pokew(seg, AH_NEXT, 0);
    port_pokeb(seg, AH_POOL, (u8)POOL_HEAP_REC);
    port_pokeb(seg, AH_FLAGS, 0);
    port_pokew(seg, AH_CHECK, (u16)(seg ^ ARENA_CHECK));
    /* one free block, the whole heap: also the gap */
    port_pokew(seg, PHEAP_FIRST + HB_NEXT, 0);
    port_pokew(seg, PHEAP_FIRST + HB_PREV, 0);
    port_pokew(seg, PHEAP_FIRST + HB_SIZE, size);
    port_pokew(seg, PHEAP_FIRST + MEM_PKT_OFF_MAGIC, 0);
    port_pokew(seg, PHEAP_FIRST + MEM_PKT_OFF_CHECK, 0);    /* no buffer yet */
    pheap.seg = seg;
    pheap.low = PHEAP_FIRST;
    pheap.high = PHEAP_FIRST;
    pheap.top_len = top_len;
    pheap.end = (u16)(PHEAP_FIRST + size);
    pheap.gap = PHEAP_FIRST;
    pheap.gapmin = size;
    pheap.busy = 0;
    return MEM_OK;
}
