/*
 * arena_setup.c - arena_shrink, the one arena operation only the set-up
 * part needs (dma_setup.c places a DMA arena with it); dropped by the
 * seal.  The table it edits is arena.asm's (arena.h).
 */
#include "port.h"
#include "mod_core.h"
#include "arena.h"

int arena_shrink(u16 seg, u16 paras)
{
    struct port_regs r;
    u16 i;

    for (i = 0; i < ARENA_MAX; i++)
        if (seg != 0 && arena_tab[i].seg == seg)
            break;
    if (i == ARENA_MAX)
        return MEM_E_BADPTR;
    if (paras == 0 || paras > arena_tab[i].paras ||
        arena_tab[i].src == ARENA_SRC_XMSUMB)
        return MEM_E_INVAL;
    r.ax = 0x4A00;
    r.bx = paras;
    r.cx = r.dx = r.si = r.di = r.ds = 0;
    r.es = seg;
    r.flags = 0;
    port_int(0x21, &r);
    if (r.flags & PORT_CF)
        return MEM_E_DOS;
    arena_tab[i].paras = paras;
    return MEM_OK;
}
