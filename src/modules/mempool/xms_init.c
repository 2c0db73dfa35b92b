/*
 * xms_init.c - XMS driver detection.  Cold: discarded after init.
 *
 * INT 2Fh AX=4300h answers AL=80h when an XMS driver is installed (the
 * check does not follow the usual multiplex format: AL=FFh is not it);
 * AX=4310h gives its far entry point in ES:BX.  Function 00h gives the
 * version (BCD, AX), the driver revision (BX) and whether an HMA exists
 * (DX).  The 32-bit functions are chosen only on an 80386 or later (mod.cpu,
 * set by CPU detection before this runs) with a driver of version 3.0 or
 * later: HIMEM 3.03-3.07 crash on a 286 when they are called.
 */
#include "port.h"
#include "mod_core.h"
#include "xms_service.h"

static void regs_zero(struct port_regs *r)
{
    r->ax = r->bx = r->cx = r->dx = r->si = r->di = r->ds = r->es = 0;
    r->flags = 0;
    r->e_ax = r->e_bx = r->e_cx = r->e_dx = 0;
}

void xms_init(void)
{
    struct port_regs r;
    u32 largest, total;

    xms.entry_seg = xms.entry_off = 0;
    xms.version = xms.revision = 0;
    xms.use32 = xms.hma = xms.last_error = 0;
    xms.free_kb_init = 0;
    if (mod.cfg_flags & MEM_CFG_NO_XMS)
        return;

    regs_zero(&r);
    r.ax = 0x4300;
    port_int(0x2F, &r);
    if ((r.ax & 0xFF) != 0x80)
        return;                     /* no driver: conventional memory only */
    regs_zero(&r);
    r.ax = 0x4310;
    port_int(0x2F, &r);
    if (r.es == 0 && r.bx == 0)
        return;

    xms.entry_seg = r.es;
    xms.entry_off = r.bx;
    regs_zero(&r);
    port_farcall(xms.entry_seg, xms.entry_off, &r);     /* 00h: version */
    xms.version = r.ax;
    xms.revision = r.bx;
    xms.hma = (u8)(r.dx & 1);
    xms.use32 = (u8)(mod.cpu >= MEM_CPU_386 && xms.version >= 0x0300);

    if (xms_query_free(&largest, &total) == MEM_OK)
        xms.free_kb_init = total > 0xFFFFUL ? 0xFFFF : (u16)total;
    xms.last_error = 0;
    mod.info_flags |= MEM_INFO_XMS;
}
