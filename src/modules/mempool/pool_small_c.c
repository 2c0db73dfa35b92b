/*
 * pool_small_c.c - C twins of pool_fast.asm's small-object entries
 * (mem_small_alloc, mem_small_free).  Host tests use them; nothing on DOS
 * references them, so ld86 leaves this file out of MEMPOOL.MOD.
 */
#include "port.h"
#include "pool.h"

mem_fp_t pool_small_alloc_c(u16 size)
{
    u16 c;

    if (size == 0 || size > MEM_SMALL_MAX) {
        pool_bad_none++;
        return MEM_FP_NULL;
    }
    for (c = 0; c < POOL_SMALL_CLASSES; c++)
        if (size <= pools[c].bsize)
            return pool_take_c(&pools[c]);
    pool_bad_none++;            /* debug build: 255 and 256 fit no class */
    return MEM_FP_NULL;
}

int pool_small_free_c(mem_fp_t p)
{
    u16 pi, moff;
    u8 mask;
    int rc = pool_check_ptr_c(p, &pi, &moff, &mask);

    if (rc != MEM_OK) {
        pool_bad_none++;
        return rc;
    }
    if (pi >= POOL_SMALL_CLASSES) {
        pools[pi].bad++;
        return MEM_E_WRONGPOOL;
    }
    if (MEM_DEBUG && (port_peekb(MEM_FP_SEG(p), moff) & mask) &&
        !pool_guard_ok_c(&pools[pi], MEM_FP_SEG(p), MEM_FP_OFF(p)))
        return MEM_E_CORRUPT;
    return pool_give_c(&pools[pi], MEM_FP_SEG(p), MEM_FP_OFF(p), moff, mask);
}

