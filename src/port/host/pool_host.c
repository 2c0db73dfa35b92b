/*
 * pool_host.c - what pool_fast.asm gives on DOS, for the host build: the
 * pools' resident data, the task-time list operations (their C twins are
 * pool_list_c.c) and the packet entries the module's own C calls,
 * pool_pkt_alloc_c and pool_pkt_free_c (their C twins are pool.c's *_tw).
 * Host only: never linked into MEMPOOL.MOD (tests/host/host.mk SIM_SRCS).
 */
#include "port.h"
#include "pool.h"
#include "pheap.h"

struct pool pools[POOL_RECS];
struct pool_ctl pool_ctl[POOL_N];
u8  pool_small_tab[MEM_SMALL_MAX + 1];
u8  pool_pkt_tab[POOL_PKT_MAX_TAB];
u16 pool_corrupt = 0;
u8  pool_ready = 0;
u8  pool_npkt = 0;
struct pheap pheap;
u16 pheap_bound;

/* pheap_bind.asm names the heap's entries in the API table; the host has
 * no table: it counts the calls. */
void pheap_bind(void)
{
    pheap_bound++;
}

int pheap_putback(void)
{
    return pheap_putback_c();
}

u32 pool_pop_main(struct pool *pl)
{
    return pool_pop_main_c(pl);
}

void pool_push_res(struct pool *pl, u16 off, u16 seg)
{
    pool_push_res_c(pl, off, seg);
}

void pool_splice(struct pool *pl, u16 hoff, u16 hseg, u16 toff, u16 tseg)
{
    pool_splice_c(pl, hoff, hseg, toff, tseg);
}

u32 pool_detach(struct pool *pl)
{
    return pool_detach_c(pl);
}

u32 pool_detach_res(struct pool *pl)
{
    return pool_detach_res_c(pl);
}

mem_fp_t pool_pkt_alloc_c(u16 len)
{
    return pool_pkt_alloc_tw(len);
}

int pool_pkt_free_c(mem_fp_t p)
{
    return pool_pkt_free_tw(p);
}
