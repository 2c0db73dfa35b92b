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
 * The public side (mem_xms_*) is in memory_api.h, section "XMS".  Three
 * parts implement it:
 *   core   xms_core.asm: the driver, the driver call, UMBs (10h/11h) and
 *          their release at unload.  Resident for good: pool arenas may lie
 *          in XMS UMBs.
 *   group  xms_move.asm: the handle table, the park store, mod_xms_move,
 *          mod_xms_park, mod_xms_unpark and the unload hook xms_release
 *          that gives back every handle (the XMS group: it moves as a
 *          block, and a driver that never uses XMS drops it at the seal).
 *   setup  xms_setup.c: status, alloc, free, realloc, lock, unlock,
 *          handle_info, last_error, mem_info's fields, what the seal asks
 *          before it drops the group (dropped at the seal);
 *          xms_init.c: detection (cold).
 * After the seal only the group can use or give back a handle: the seal
 * refuses to drop it while a handle is held (xms_seal_drop).
 * The NASM routines have C twins for the host tests (xms_core_c.c,
 * xms_move_c.c, xms_park_c.c, never linked into MEMPOOL.MOD); on the host
 * src/port/host/xms_host.c defines the core data and maps the names the
 * NASM files define onto the twins.
 */
#ifndef XMS_SERVICE_H
#define XMS_SERVICE_H

#include "port.h"

/* Nesting count of NIC ISRs inside mem_isr_enter()/mem_isr_leave()
 * (isr_guard.asm increments and decrements it with one instruction; c_gate
 * refuses every task entry while it is not 0). */
extern u8 mod_isr_depth;

#ifndef XMS_UMB_MAX
#define XMS_UMB_MAX 4           /* UMBs the module holds at once */
#endif

#ifndef XMS_BOUNCE_BYTES
#define XMS_BOUNCE_BYTES 32     /* bounce for short-distance overlapping moves:
                                 * on the module stack, so it is sealed resident */
#endif

#define XMS_CONV_TOP 0x10FFF0UL /* conventional addresses stop below (HimemX) */

/* The park store: one XMS block of MEM_XMS_PARK_SLOTS slots, each a full
 * packet buffer (the largest class's cap: 1514 + MEM_PKT_DATA, rounded to
 * a paragraph). */
#define PARK_SLOT_BYTES 1568u
#define PARK_KB  (((u32)MEM_XMS_PARK_SLOTS * PARK_SLOT_BYTES + 1023) >> 10)

/* ------------------------------------------- core and group data (NASM) */
/* Shared with xms_core.asm / xms_move.asm: xms_core.inc mirrors every
 * offset, tests/host/test_xms.c checks the two agree. */

/* The detected driver. */
struct xms_state {
    u16 entry_off;          /* +0  far entry point (INT 2Fh 4310h ES:BX) */
    u16 entry_seg;          /* +2  0 = no driver in use */
    u16 version;            /* +4  BCD, function 00h AX */
    u16 revision;           /* +6  BCD, function 00h BX */
    u8  use32;              /* +8  1 = 88h/89h/8Eh/8Fh (386+ and XMS 3.0+) */
    u8  hma;                /* +9  00h DX: 1 = the HMA exists */
    u8  last_error;         /* +10 BL of the last failed XMS call, 0 = none */
    u8  pad;                /* +11 */
    u16 free_kb_init;       /* +12 total free KB at init (mem_info) */
};                          /* 14 bytes */

/* One handle the module holds (the XMS group's table).  A module handle
 * names a slot of xms_tab (low byte, 1-based) and the slot's generation
 * (bits 8-14), so a stale or foreign handle is refused and the value is
 * always a positive int.  What only the set-up entries need (the address
 * of the first lock) is kept by xms_setup.c, which the seal drops with
 * them. */
struct xms_slot {
    u16 xh;                 /* +0  driver handle, 0 = slot free */
    u8  locks;              /* +2  locks taken through the module */
    u8  gen;                /* +3  generation, 0..7Fh */
    u32 bytes;              /* +4  size: KB << 10, FFFFFFFFh from 4 GB */
};                          /* 8 bytes */

extern struct xms_state xms;                    /* core */
extern u16 xms_umb_tab[XMS_UMB_MAX];            /* core: UMB segments held, 0 = free */
/* The group's table: the handles given out, then the park store's slot. */
extern struct xms_slot xms_tab[MEM_XMS_HANDLES + 1];
/* The park store's driver handle, 0 = none yet.  It is the module's own:
 * module handles name slots 1..MEM_XMS_HANDLES only. */
#define xms_park_xh (xms_tab[MEM_XMS_HANDLES].xh)
/* Per slot of the store: bit 7 = parked, bits 0-6 = generation (group).
 * No bit 7 is set while xms_park_xh is 0. */
extern u8 xms_park_state[MEM_XMS_PARK_SLOTS];

/* Handles held now: the slots of xms_tab in use, and the park store
 * (mem_xms_status's handles_used).  Set-up. */
u16  xms_handles_held(void);

/* Buffers parked now (mem_xms_status has no room for it; tests read it,
 * and the seal).  Set-up. */
u16  xms_parked(void);

/* What the seal asks before it drops the XMS group: MEM_E_STATE while a
 * handle of the table is held or a buffer is parked (after the seal
 * nothing could give them back); otherwise the empty park store is given
 * back (MEM_OK, or the driver's MEM_E_XMS(code) with the store kept).
 * Set-up (mod_seal_setup.c). */
int  xms_seal_drop(void);

/* ------------------------------------------------- core routines (NASM) */

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

/* Unload: release every UMB, forget the driver (handles are the group's:
 * xms_release, called before).  Task/init. */
void xms_unload(void);

/* ------------------------------------------------ group entries (NASM) */

/* Far-call entries (api.def, kind c; task). */
int mod_xms_move(mem_fp_t desc);
int mod_xms_park(mem_fp_t pkt);
int mod_xms_unpark(u16 ticket, mem_fp_t out);

/* The group's unload hook (mod_header.asm, hook 4): unlock and free every
 * handle of the table, free the park store, forget the parked buffers.
 * Task/init (mod_unload, before xms_unload). */
void xms_release(void);

/* ------------------------------------------------------ set-up (C) */

/* Init: detect the driver (INT 2Fh 4300h/4310h), read its version, choose
 * the 16- or 32-bit functions from mod.cpu, take the free-memory figures
 * for mem_info.  No driver (or MEM_CFG_NO_XMS) is not an error: the module
 * runs from conventional memory.  Cold (xms_init.c). */
void xms_init(void);

/* 1 when an XMS driver is in use. */
int  xms_present(void);

/* Raw handle access for the module's own users: handles are the module's
 * (memory_api.h mem_xms_t). */
int  xms_alloc_kb(u32 kb);
int  xms_free_h(u16 h);

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
int mod_xms_lock(u16 h, mem_fp_t phys_out);
int mod_xms_unlock(u16 h);
int mod_xms_handle_info(u16 h, mem_fp_t out);
int mod_xms_last_error(void);

/* ------------------------------------------------- C twins (host only) */

/* xms_core_c.c: xms_core.asm.  xms_call_c calls function r->ax >> 8 and
 * returns MEM_OK, or MEM_E_XMS(code) with the code recorded (xms_call). */
int  xms_call_c(struct port_regs *r);
int  xms_fail_c(u8 code);
int  xms_umb_request_c(u16 paras, u16 *seg, u16 *got);
int  xms_umb_release_c(u16 seg);
void xms_unload_c(void);
/* xms_move_c.c, xms_park_c.c: xms_move.asm (xms_guard; lin_fp_c: a
 * conventional end; xms_move0b_c: function 0Bh on the 16-byte structure
 * m). */
int  xms_move_c(mem_fp_t desc);
int  xms_guard_c(void);
u32  lin_fp_c(u32 lin);
int  xms_move0b_c(u8 *m);
int  xms_park_c(mem_fp_t pkt);
int  xms_unpark_c(u16 ticket, mem_fp_t out);
void xms_release_c(void);
/* isr_guard_c.c: isr_guard.asm's mem_isr_enter / mem_isr_leave. */
void mod_isr_enter_c(void);
void mod_isr_leave_c(void);

#endif
