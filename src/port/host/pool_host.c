/*
 * pool_host.c - the names pool.h gives that pool_fast.asm defines on DOS:
 * the task-time list operations (their C twins are pool_list_c.c) and
 * the packet entries the module's own C calls, pool_pkt_alloc_c and
 * pool_pkt_free_c (their C twins are here, built on pool.c's take/give).
 * Host only: never linked into MEMPOOL.MOD (tests/host/host.mk SIM_SRCS).
 */
#include "port.h"
#include "pool.h"

u32 pool_pop_main(struct pool *pl)
{
    return pool_pop_main_c(pl);
}

void pool_push_res(struct pool *pl, u16 off, u16 seg)
{
    pool_push_res_c(pl, off, seg);
}

void pool_splice(struct pool *pl, u16 hoff, u16 hseg, u16 toff, u16 tseg, u16 n)
{
    pool_splice_c(pl, hoff, hseg, toff, tseg, n);
}

u32 pool_detach(struct pool *pl)
{
    return pool_detach_c(pl);
}

u32 pool_detach_res(struct pool *pl)
{
    return pool_detach_res_c(pl);
}

void pool_inc(u16 *counter)
{
    pool_inc_c(counter);
}

u16 pool_swap_high(struct pool *pl)
{
    return pool_swap_high_c(pl);
}

/* C twin of mem_pkt_alloc (pool_fast.asm _mod_pkt_alloc). */
mem_fp_t pool_pkt_alloc_c(u16 len)
{
    struct pool *pl = &pools[MEM_POOL_PKT_SMALL];
    mem_fp_t p;
    u16 seg, off;

    if (len == 0) {
        pool_bad_none++;
        return MEM_FP_NULL;
    }
    if (len <= (u16)(pl->bsize - MEM_PKT_DATA)) {
        p = pool_take_c(pl);
        if (p == MEM_FP_NULL) {
            pl = &pools[MEM_POOL_PKT];
            p = pool_take_c(pl);
        }
    } else {
        pl = &pools[MEM_POOL_PKT];
        if (len > (u16)(pl->bsize - MEM_PKT_DATA) || len > MEM_PKT_MAX) {
            pool_bad_none++;
            return MEM_FP_NULL;
        }
        p = pool_take_c(pl);
    }
    if (p == MEM_FP_NULL)
        return p;
    seg = MEM_FP_SEG(p);
    off = MEM_FP_OFF(p);
    port_pokew(seg, off, 0);
    port_pokew(seg, (u16)(off + 2), 0);
    port_pokew(seg, (u16)(off + 14), 0);
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_LEN), len);
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_DATA), MEM_PKT_DATA);
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_CAP), pl->bsize);
    port_pokeb(seg, (u16)(off + MEM_PKT_OFF_REF), 1);
    port_pokeb(seg, (u16)(off + MEM_PKT_OFF_POOL), port_peekb(seg, AH_POOL));
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_MAGIC), MEM_PKT_MAGIC);
    return p;
}

/* C twin of mem_pkt_free (pool_fast.asm _mod_pkt_free). */
int pool_pkt_free_c(mem_fp_t p)
{
    u16 pi, moff, f, seg = MEM_FP_SEG(p), off = MEM_FP_OFF(p);
    u8 mask, r;
    int rc = pool_pkt_check_c(p, &pi, &moff, &mask);

    if (rc != MEM_OK)
        return rc;
    f = port_irq_save();
    r = port_peekb(seg, (u16)(off + MEM_PKT_OFF_REF));
    if (r == 0) {
        port_irq_restore(f);
        pools[pi].bad++;
        return MEM_E_DOUBLEFREE;
    }
    r--;
    port_pokeb(seg, (u16)(off + MEM_PKT_OFF_REF), r);
    port_irq_restore(f);
    if (r != 0)
        return r;
    if (!pool_guard_ok_c(&pools[pi], seg, off)) {
        port_pokeb(seg, (u16)(off + MEM_PKT_OFF_REF), 1);   /* still in use */
        return MEM_E_CORRUPT;
    }
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_MAGIC), 0);
    return pool_give_c(&pools[pi], seg, off, moff, mask);
}
