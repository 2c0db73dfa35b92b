/*
 * memory_ops_host.c - the host port of memory_ops.asm: on the simulated
 * PC the routines are their C twins (memory_ops_c.c), the CPU is the one
 * the simulation was configured with, and the 386 patch has nothing to
 * patch.  Needs a line in tests/host/host.mk SIM_SRCS.
 */
#include "port.h"
#include "sim.h"
#include "memory_ops.h"

static u16 host_cpu_id;

void ops_copy(u16 dseg, u16 doff, u16 sseg, u16 soff, u16 len)
{
    ops_copy_c(dseg, doff, sseg, soff, len);
}

void ops_move(u16 dseg, u16 doff, u16 sseg, u16 soff, u16 len)
{
    ops_move_c(dseg, doff, sseg, soff, len);
}

void ops_copy32(u16 dseg, u16 doff, u16 sseg, u16 soff, u32 len)
{
    ops_copy32_c(dseg, doff, sseg, soff, len);
}

void ops_fill(u16 seg, u16 off, u8 v, u16 len)
{
    ops_fill_c(seg, off, v, len);
}

int ops_compare(u16 aseg, u16 aoff, u16 bseg, u16 boff, u16 len)
{
    return ops_compare_c(aseg, aoff, bseg, boff, len);
}

u16 ops_cpu(void)
{
    return host_cpu_id;
}

u16 ops_detect_cpu(void)
{
    host_cpu_id = (u16)(sim_cpu_type() | (sim_cpu_v86() << 8));
    return host_cpu_id;
}

void ops_install386(void)
{
    if (sim_cpu_type() < MEM_CPU_386)
        sim_fail(__FILE__, __LINE__, "386 path installed on a %d", sim_cpu_type());
}

/* dma_map.asm's site has no C twin (dma_sync_c copies through ops_copy_c
 * on either CPU): nothing to patch on the host. */
void dma_install386(void)
{
    if (sim_cpu_type() < MEM_CPU_386)
        sim_fail(__FILE__, __LINE__, "386 path installed on a %d", sim_cpu_type());
}
