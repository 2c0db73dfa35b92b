/*
 * f_late.c - a planted fault for tools/dostest-selftest.sh: a set-up call
 * (mem_dma_tag_create) after the seal point.  It passes unsealed; the
 * sealed pass must fail it, which shows that pass runs against a module
 * the seal really cut down.
 */
#include <stdio.h>
#include "dtest.h"
#include "memory_api.h"
#include "port.h"

int main(void)
{
    struct mem_module m;
    struct mem_dma_constraints k;
    int rc;

    dt_init("f_late: planted, a tag made after the seal point");
    rc = mem_load("MEMPOOL.MOD", 0, &m);
    DT_EQ(rc, MEM_OK, "load");
    if (rc != MEM_OK)
        return dt_done();
    dt_seal_point();
    mem_dma_preset(MEM_DMA_3C515_RING, MEM_FP(port_ds(), (unsigned)&k));
    DT_CHECK(mem_dma_tag_create(MEM_FP(port_ds(), (unsigned)&k)) > 0, "a tag after the seal point");
    DT_EQ(mem_unload(&m), MEM_OK, "unload");
    return dt_done();
}
