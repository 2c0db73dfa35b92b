/*
 * xms_service.h - MEMPOOL's XMS 3.0 client, module-internal interface.
 *
 * Context: init or task, NEVER from an interrupt handler.  An XMS driver
 * keeps interrupts off for long stretches inside a move, needs 256 bytes of
 * stack and is not re-entrant (shared/reference/xms-vds-dos-facts.md 1.1).
 * While a NIC ISR has bracketed itself with mem_isr_enter()/mem_isr_leave()
 * (mod_isr_depth != 0) the far-call entries below are refused with
 * MEM_E_BUSY by the C gate (mod_header.asm) before they run; the UMB
 * functions, reached from inside the module, refuse it themselves.
 *
 * The public side (mem_xms_*) is in memory_api.h, section "XMS"; the
 * module's far-call entries are the mod_xms_* functions below.
 */
#ifndef XMS_SERVICE_H
#define XMS_SERVICE_H

#include "port.h"

/* Nesting count of NIC ISRs inside mem_isr_enter()/mem_isr_leave()
 * (isr_guard.asm increments and decrements it with one instruction; c_gate
 * refuses every task entry while it is not 0). */
extern u16 mod_isr_depth;

/* ---------------------------------------------------------------- UMBs */

/* Ask the XMS driver (function 10h) for an upper memory block of paras
 * paragraphs.  On success *seg is its segment, *got its size in paragraphs
 * (>= paras) and MEM_OK is returned.  Otherwise *seg = 0, *got = the
 * largest block the driver has (0 if none) and the result is
 * MEM_E_NOXMS (no driver), MEM_E_XMS_UMB_SMALLER (B0h), MEM_E_XMS_NO_UMB
 * (B1h), MEM_E_XMS_NOT_IMPLEMENTED (80h: the driver gives no UMBs) or
 * MEM_E_HANDLES (the module's UMB table, XMS_UMB_MAX, is full).
 * A UMB still held at unload is released by xms_unload().  Init/task. */
int  xms_umb_request(u16 paras, u16 *seg, u16 *got);

/* Give back a UMB from xms_umb_request (function 11h).  MEM_E_BADPTR for
 * a segment this module did not get from the driver.  Init/task. */
int  xms_umb_release(u16 seg);

#ifndef XMS_UMB_MAX
#define XMS_UMB_MAX 4           /* UMBs the module holds at once */
#endif

/* ------------------------------------------------------------ internal */

/* Init: detect the driver (INT 2Fh 4300h/4310h), read its version, choose
 * the 16- or 32-bit functions from mod.cpu, take the free-memory figures
 * for mem_info.  No driver (or MEM_CFG_NO_XMS) is not an error: the module
 * runs from conventional memory.  Cold (xms_init.c). */
void xms_init(void);

/* Unload: unlock and free every handle the module still holds, release
 * every UMB, forget the driver.  Task/init. */
void xms_unload(void);

/* 1 when an XMS driver is in use. */
int  xms_present(void);

/* Raw driver access for the module's own users (backing store, pools):
 * handles are the module's (memory_api.h mem_xms_t). */
int  xms_alloc_kb(u32 kb);
int  xms_free_h(u16 h);
int  xms_move_raw(u32 len, u16 sh, u32 soff, u16 dh, u32 doff);

/* The detected driver, for mem_info and the resident code. */
struct xms_state {
    u16 entry_off;          /* far entry point (INT 2Fh 4310h ES:BX) */
    u16 entry_seg;          /* 0 = no driver in use */
    u16 version;            /* BCD, function 00h AX */
    u16 revision;           /* BCD, function 00h BX */
    u8  use32;              /* 1 = 88h/89h/8Eh/8Fh (386+ and XMS 3.0+) */
    u8  hma;                /* 00h DX: 1 = the HMA exists */
    u8  last_error;         /* BL of the last failed XMS call, 0 = none */
    u8  pad;
    u16 free_kb_init;       /* total free KB at init (mem_info) */
};

extern struct xms_state xms;

/* Free memory now (function 08h, or 88h with use32).  All allocated
 * (A0h) is not an error: both figures are 0. */
int  xms_query_free(u32 *largest_kb, u32 *total_kb);

/* mem_info's XMS fields (xms_version, xms_free_kb). */
void xms_info_fill(struct mem_info *inf);

/* Far-call entries (api.def, kind c; task). */
int mod_xms_status(mem_fp_t out);
int mod_xms_alloc(u32 kb);
int mod_xms_free(u16 h);
int mod_xms_realloc(u16 h, u32 kb);
int mod_xms_move(mem_fp_t desc);
int mod_xms_lock(u16 h, mem_fp_t phys_out);
int mod_xms_unlock(u16 h);
int mod_xms_handle_info(u16 h, mem_fp_t out);
int mod_xms_last_error(void);

/* Backing store (xms_park.c). */
int mod_xms_park(mem_fp_t pkt);
int mod_xms_unpark(u16 ticket, mem_fp_t out);
u16  xms_parked(void);          /* buffers parked now */
void xms_park_reset(void);      /* unload: the store went with the handles */

/* C twins of isr_guard.asm's mem_isr_enter / mem_isr_leave (host tests). */
void mod_isr_enter_c(void);
void mod_isr_leave_c(void);

#endif
