/*
 * xms_host.c - what xms_core.asm, xms_move.asm and isr_guard.asm give on
 * DOS, for the host build: the XMS core and group data and the ISR nesting
 * count, and the names the NASM files define mapped onto their C twins
 * (xms_core_c.c, xms_move_c.c, xms_park_c.c).
 * Host only: never linked into MEMPOOL.MOD (tests/host/host.mk SIM_SRCS).
 */
#include "port.h"
#include "xms_service.h"

u8 mod_isr_depth = 0;
struct xms_state xms;                   /* xms_core.asm */
u16 xms_umb_tab[XMS_UMB_MAX];
struct xms_slot xms_tab[MEM_XMS_HANDLES + 1];   /* xms_move.asm */
u8 xms_park_state[MEM_XMS_PARK_SLOTS];

int xms_umb_request(u16 paras, u16 *seg, u16 *got)
{
    return xms_umb_request_c(paras, seg, got);
}

int xms_umb_release(u16 seg)
{
    return xms_umb_release_c(seg);
}

void xms_unload(void)
{
    xms_unload_c();
}

int mod_xms_move(mem_fp_t desc)
{
    return xms_move_c(desc);
}

int mod_xms_park(mem_fp_t pkt)
{
    return xms_park_c(pkt);
}

int mod_xms_unpark(u16 ticket, mem_fp_t out)
{
    return xms_unpark_c(ticket, out);
}

void xms_release(void)
{
    xms_release_c();
}
