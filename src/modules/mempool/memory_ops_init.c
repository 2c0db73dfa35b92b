/*
 * memory_ops_init.c - init half of memory_ops: CPU detection and the
 * installation of the 386 copy paths.  Cold: discarded after init.
 */
#include "port.h"
#include "mod_core.h"
#include "memory_ops.h"

void ops_init(u16 cfg_flags)
{
    u16 id = ops_detect_cpu();

    mod.cpu = (u8)(id & 0xFFu);
    mod.v86 = (u8)(id >> 8);
    if (mod.cpu >= MEM_CPU_386 && (cfg_flags & MEM_CFG_FORCE_286) == 0) {
        ops_install386();
        dma_install386();       /* mem_dma_sync's bounce copy (cpu_init.asm) */
        mod.info_flags |= MEM_INFO_COPY386;
    }
}
