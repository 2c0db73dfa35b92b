/*
 * mod_init.c - MEMPOOL.MOD's init entry.  Cold: this code and its data are
 * discarded when the loader shrinks the block to the resident part.
 */
#include "port.h"
#include "mod_core.h"
#include "xms_service.h"
#include "memory_ops.h"
#include "dma_priv.h"
#include "module_abi.h"
#include "pool.h"

/* Reads a word of the module's own header (offset 0 of our segment). */
static u16 hdr_word(u16 off)
{
    return port_peekw(port_ds(), off);
}

int mod_init(mem_fp_t cfg)
{
    struct port_regs r;
    u16 cfg_size, i;
    int rc;

    if (mod.initialised)
        return MEM_E_STATE;
    mod.cfg_flags = 0;
    if (MEM_FP_SEG(cfg) != 0) {
        cfg_size = port_peekw(MEM_FP_SEG(cfg), MEM_FP_OFF(cfg));
        if (cfg_size < 4)
            return MEM_E_INVAL;
        mod.cfg_flags = port_peekw(MEM_FP_SEG(cfg), (u16)(MEM_FP_OFF(cfg) + 2));
        /* a flag or reserved word this module does not know is refused:
         * a newer driver's request is never silently ignored */
        if (mod.cfg_flags & ~MEM_CFG_KNOWN)
            return MEM_E_INVAL;
        for (i = MEM_CFG_RESERVED_OFF; i + 2 <= cfg_size && i < MEM_CFG_RESERVED_END; i += 2)
            if (port_peekw(MEM_FP_SEG(cfg), (u16)(MEM_FP_OFF(cfg) + i)) != 0)
                return MEM_E_INVAL;
    }

    r.ax = 0x3000;
    r.bx = r.cx = r.dx = r.si = r.di = r.ds = r.es = 0;
    port_int(0x21, &r);
    mod.dos_version = (u16)(((r.ax & 0xFF) << 8) | (r.ax >> 8));

    mod.resident_bytes = (u16)(hdr_word(MOD_HDR_OFF(resident_paras)) << 4);
    mod.init_bytes = (u16)(hdr_word(MOD_HDR_OFF(image_bytes))
                             - hdr_word(MOD_HDR_OFF(cold_off)));
    ops_init(mod.cfg_flags);    /* CPU detection, 386 copy path */
    xms_init();                 /* after CPU detection: reads mod.cpu */
    dma_init();                 /* after CPU detection: reads mod.v86 */
    rc = pool_init_cfg(cfg);    /* pools: arenas UMB first (pool_init.c) */
    if (rc != MEM_OK) {
        dma_release_all();
        xms_unload();
        return rc;
    }
    mod.initialised = 1;
    gate_top = mod.resident_bytes;  /* from the next call on: the stack is
                                     * the end of the resident block */
    return MEM_OK;
}
