/*
 * mod_core_c.c - host twins (never in MEMPOOL.MOD) of the module's own
 * state and its NASM: mod_core.asm (struct mod_state, the C gate's state
 * and stack, unload), mod_info.asm (mem_info), mod_header.asm (the gate's
 * admission rule, mem_version).
 */
#include "port.h"
#include "mod_core.h"
#include "dma_priv.h"
#include "xms_service.h"
#include "arena.h"
#include "pool.h"

/* c_gate (mod_header.asm) state: one task call at a time. */
unsigned char gate_depth = 0;
unsigned short gate_ss = 0;
unsigned short gate_sp = 0;
unsigned short gate_top = 0;

struct mod_state mod = { 0 };

/* C twin of c_gate's admission rule (mod_header.asm), for host tests:
 * MEM_E_BUSY while a task call runs or a NIC ISR is inside
 * mem_isr_enter()/mem_isr_leave(), else MEM_OK. */
int mod_gate_admit_c(void)
{
    if (gate_depth != 0 || mod_isr_depth != 0)
        return MEM_E_BUSY;
    return MEM_OK;
}

u16 mod_version_c(void)
{
    return MEM_API_VERSION;
}

/* C twin of mod_info.asm. */
int mod_info(mem_fp_t out)
{
    struct mem_info inf;
    u16 n;
    const u8 *p;

    if (MEM_FP_SEG(out) == 0)
        return MEM_E_INVAL;
    n = port_peekw(MEM_FP_SEG(out), MEM_FP_OFF(out));
    if (n < 2)
        return MEM_E_INVAL;
    if (n > sizeof(inf))
        n = sizeof(inf);
    mod_info_fill(&inf);
    p = (const u8 *)&inf;
    for (; n > 2; n--)      /* inf.size (the first word) is the caller's */
        port_pokeb(MEM_FP_SEG(out), (u16)(MEM_FP_OFF(out) + n - 1), p[n - 1]);
    return MEM_OK;
}

void mod_info_fill(struct mem_info *inf)
{
    u8 *p = (u8 *)inf;
    u16 i;

    for (i = 0; i < sizeof(*inf); i++)
        p[i] = 0;
    inf->size = sizeof(*inf);
    inf->api_version = MEM_API_VERSION;
    inf->cpu = mod.cpu;
    inf->v86 = mod.v86;
    inf->dos_version = mod.dos_version;
    inf->module_seg = port_ds();
    inf->resident_bytes = mod.resident_bytes;
    inf->init_bytes = mod.init_bytes;
    inf->flags = mod.info_flags;
    xms_info_fill(inf);
    inf->umb_paras = arena_held_paras(1);    /* pools and DMA arenas */
    inf->conv_paras = arena_held_paras(0);
    inf->pkt_classes = pool_npkt;
}

/* C twin of mod_core.asm's mod_unload (the group hooks there are, the
 * MAP group's dma_map_release and the XMS group's xms_release, called by
 * name). */
int mod_unload(void)
{
    if (!mod.initialised)
        return MEM_E_STATE;
    dma_map_release();          /* the MAP group's VDS regions (hook 1) */
    xms_release();              /* the XMS group's handles (hook 4) */
    dma_release_all();          /* VDS locks and DMA arenas */
    xms_unload();               /* every UMB still held, the driver */
    arena_release_all();        /* every other block: the pools' arenas */
    mod.initialised = 0;
    return MEM_OK;
}
