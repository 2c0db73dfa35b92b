/*
 * pool_list_c.c - C twins of pool_list.asm, the task-time list operations
 * (pool_pop_main, pool_push_res, pool_splice, pool_detach; host:
 * src/port/host/pool_host.c maps the names onto these).  Host only: never
 * linked into MEMPOOL.MOD (the Makefile's MOD_C_TWIN).
 */
#include "port.h"
#include "pool.h"


u32 pool_pop_main_c(struct pool *pl)
{
    u16 f = port_irq_save(), off = pl->head_off, seg = pl->head_seg;

    if (off == 0) {
        port_irq_restore(f);
        return 0;
    }
    pl->head_off = port_peekw(seg, (u16)(off + FB_NEXT_OFF));
    pl->head_seg = port_peekw(seg, (u16)(off + FB_NEXT_SEG));
    port_irq_restore(f);
    return MEM_FP(seg, off);
}

void pool_push_res_c(struct pool *pl, u16 off, u16 seg)
{
    u16 f = port_irq_save();

    port_pokew(seg, (u16)(off + FB_NEXT_OFF), pl->res_off);
    port_pokew(seg, (u16)(off + FB_NEXT_SEG), pl->res_seg);
    pl->res_off = off;
    pl->res_seg = seg;
    port_irq_restore(f);
    pl->nres++;
}

void pool_splice_c(struct pool *pl, u16 hoff, u16 hseg, u16 toff, u16 tseg)
{
    u16 f = port_irq_save();

    port_pokew(tseg, (u16)(toff + FB_NEXT_OFF), pl->head_off);
    port_pokew(tseg, (u16)(toff + FB_NEXT_SEG), pl->head_seg);
    pl->head_off = hoff;
    pl->head_seg = hseg;
    port_irq_restore(f);
}

/* Take a whole list (*off, *seg: its head) in one window; 0 = empty. */
static u32 detach_list(u16 *off, u16 *seg)
{
    u16 f = port_irq_save(), o = *off, sg = *seg;

    *off = 0;
    *seg = 0;
    port_irq_restore(f);
    return o != 0 ? MEM_FP(sg, o) : 0;
}

u32 pool_detach_c(struct pool *pl)
{
    return detach_list(&pl->head_off, &pl->head_seg);
}

u32 pool_detach_res_c(struct pool *pl)
{
    return detach_list(&pl->res_off, &pl->res_seg);
}
