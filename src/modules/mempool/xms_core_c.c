/*
 * xms_core_c.c - C twins of xms_core.asm: the driver call, UMBs (XMS
 * 10h/11h) and their release at unload, with the contracts
 * written at the NASM routines.  Host only (tests/host): MEMPOOL.MOD links
 * the NASM; src/port/host/xms_host.c maps xms_umb_request,
 * xms_umb_release and xms_unload onto these and defines the core data.
 */
#include "port.h"
#include "xms_service.h"

static void regs_clear(struct port_regs *r)
{
    r->ax = r->bx = r->cx = r->dx = r->si = r->di = r->ds = r->es = 0;
    r->flags = 0;
    r->e_ax = r->e_bx = r->e_cx = r->e_dx = 0;
}

/* xms_fail: name the code and record it. */
int xms_fail_c(u8 code)
{
    xms.last_error = code;
    return MEM_E_XMS(code);
}

/* xms_call: function r->ax >> 8.  AX = 0 is failure with BL = the code,
 * which is normalised (below 80h: 8Eh) in r->bx too. */
int xms_call_c(struct port_regs *r)
{
    port_farcall(xms.entry_seg, xms.entry_off, r);
    if (r->ax != 0)
        return MEM_OK;
    if ((r->bx & 0xFF) < 0x80)
        r->bx = (u16)((r->bx & 0xFF00u) | 0x8E);
    return xms_fail_c((u8)(r->bx & 0xFF));
}

/* umb_guard: MEM_OK, MEM_E_BUSY or MEM_E_NOXMS. */
static int umb_guard(void)
{
    if (mod_isr_depth != 0)
        return MEM_E_BUSY;
    if (xms.entry_seg == 0)
        return MEM_E_NOXMS;
    return MEM_OK;
}

/* umb_find: the first slot holding v, XMS_UMB_MAX when none does. */
static u16 umb_find(u16 v)
{
    u16 i;

    for (i = 0; i < XMS_UMB_MAX; i++)
        if (xms_umb_tab[i] == v)
            break;
    return i;
}

int xms_umb_request_c(u16 paras, u16 *seg, u16 *got)
{
    struct port_regs r;
    u16 i;
    int rc;

    *seg = 0;
    *got = 0;
    rc = umb_guard();
    if (rc != MEM_OK)
        return rc;
    i = umb_find(0);
    if (i == XMS_UMB_MAX)
        return MEM_E_HANDLES;
    regs_clear(&r);
    r.ax = 0x1000;
    r.dx = paras;
    rc = xms_call_c(&r);
    if (rc == MEM_OK) {
        xms_umb_tab[i] = r.bx;
        *seg = r.bx;
    }
    *got = r.dx;                    /* the size, or the largest there is */
    return rc;
}

int xms_umb_release_c(u16 seg)
{
    struct port_regs r;
    u16 i;
    int rc = umb_guard();

    if (rc != MEM_OK)
        return rc;
    i = umb_find(seg);
    if (seg == 0 || i == XMS_UMB_MAX)
        return MEM_E_BADPTR;
    regs_clear(&r);
    r.ax = 0x1100;
    r.dx = seg;
    rc = xms_call_c(&r);
    if (rc == MEM_OK)
        xms_umb_tab[i] = 0;
    return rc;
}

void xms_unload_c(void)
{
    struct port_regs r;
    u16 i;

    if (xms.entry_seg == 0)
        return;
    for (i = 0; i < XMS_UMB_MAX; i++)
        if (xms_umb_tab[i] != 0) {
            regs_clear(&r);
            r.ax = 0x1100;
            r.dx = xms_umb_tab[i];
            xms_call_c(&r);
            xms_umb_tab[i] = 0;
        }
    xms.entry_seg = 0;
    xms.entry_off = 0;
}
