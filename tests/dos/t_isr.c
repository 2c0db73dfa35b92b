/*
 * t_isr.c - interrupt stress: PIT channel 0 runs at about 4 kHz and its
 * handler (isrpool.asm) allocates and frees packet buffers through the
 * module's ISR-safe far entries while the foreground allocates and frees
 * packet buffers and small objects and runs mem_pool_service (which
 * detaches and splices free lists: the handler must then live on the
 * reserve).  After a bounded number of ticks the timer is put back and
 * mem_pool_check (sealed: DT_POOLS_OK) and the statistics must be clean.
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "port.h"

extern unsigned isrp_ticks, isrp_allocs, isrp_frees, isrp_fails, isrp_errors;
extern unsigned isrp_active, isrp_held, isrp_stakes, isrp_ptakes;
void isrp_install(unsigned divisor);
void isrp_remove(void);
unsigned long isrp_take(void);

#define TICKS  6000u
#define NFG    24

static struct mem_pool_stats st;

static int stats(unsigned pool)
{
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    return mem_pool_stats(pool, MEM_FP(port_ds(), (unsigned)&st));
}

/* The i-th configured pool, each once (the small classes, then
 * MEM_POOL_PKTC(k)); stats of it in st; 0 past the last. */
static int pool_at(unsigned i)
{
    if (i <= MEM_POOL_S256)
        return stats(i) == MEM_OK;
    return stats(MEM_POOL_PKTC(i - MEM_POOL_S256 - 1)) == MEM_OK;
}

int main(void)
{
    struct mem_module m;
    mem_fp_t fg[NFG];
    unsigned char kind[NFG];
    unsigned long loops = 0, fg_calls = 0;
    unsigned i, bad = 0, before, svc = 0, used;
    mem_fp_t p;
    int rc;

    dt_init("t_isr: pools from a 4 kHz timer interrupt and the foreground");
    before = dt_dos_largest();
    rc = mem_load("MEMPOOL.MOD", 0, &m);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD");
    if (rc != MEM_OK)
        return dt_done();
    dt_seal_point();                /* nothing else to set up */
    memset(fg, 0, sizeof(fg));
    isrp_active = 1;
    isrp_install(298);              /* 1193182 / 298 = 4004 Hz */
    while (isrp_ticks < TICKS && loops < 2000000UL) {
        i = (unsigned)(loops % NFG);
        if (fg[i] != MEM_FP_NULL) {
            rc = kind[i] ? mem_pkt_free(fg[i]) : mem_small_free(fg[i]);
            if (rc != 0)
                bad++;
            fg[i] = MEM_FP_NULL;
            fg_calls++;
        }
        kind[i] = (unsigned char)(loops & 1);
        p = kind[i] ? mem_pkt_alloc((unsigned)(loops % 1500) + 1)
                    : mem_small_alloc((unsigned)(loops % 256) + 1);
        fg[i] = p;
        fg_calls++;
        if (loops % 97 == 0) {
            if (mem_pool_service() >= 0)
                svc++;
        }
        loops++;
    }
    isrp_active = 0;
    isrp_remove();
    printf("  %u ticks; handler: %u allocations, %u frees, %u found no buffer;"
           " foreground: %lu calls, %u service runs\n",
           isrp_ticks, isrp_allocs, isrp_frees, isrp_fails, fg_calls, svc);
    DT_CHECK(isrp_ticks >= TICKS, "the timer ran at the high rate");
    DT_CHECK(isrp_allocs > 1000, "the handler allocated");
    DT_CHECK(isrp_stakes > 1000, "the handler took small objects through mem_small_take");
    DT_CHECK(isrp_ptakes > 1000, "the handler took packet buffers through mem_pkt_take");
    DT_EQ(isrp_errors, 0, "every handler free returned 0");
    DT_EQ(bad, 0, "every foreground free returned MEM_OK");
    DT_POOLS_OK("mem_pool_check after the stress");
    used = 0;
    for (i = 0; pool_at(i); i++) {
        used += st.used;
        if (st.high < st.used || st.low > st.total - st.used)
            bad++;
    }
    for (i = 0; i < NFG; i++)
        if (fg[i] != MEM_FP_NULL)
            used--;
    DT_EQ(used, isrp_held, "used = buffers the handler and the foreground hold");
    DT_EQ(bad, 0, "high/low consistent");
    while ((p = isrp_take()) != MEM_FP_NULL)
        if (mem_pkt_free(p) != 0)
            bad++;
    for (i = 0; i < NFG; i++)
        if (fg[i] != MEM_FP_NULL && (kind[i] ? mem_pkt_free(fg[i]) : mem_small_free(fg[i])) != 0)
            bad++;
    DT_EQ(bad, 0, "everything freed");
    for (i = 0; pool_at(i); i++)
        if (st.used != 0)
            bad++;
    DT_EQ(bad, 0, "nothing lost");
    DT_POOLS_OK("mem_pool_check at the end");
    DT_EQ(mem_unload(&m), MEM_OK, "unload");
    DT_EQ(dt_dos_largest(), before, "memory back");
    return dt_done();
}
