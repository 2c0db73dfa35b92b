/*
 * port.h - the machine beneath MEMPOOL's portable C.
 *
 * Portable code (everything under src/modules/mempool/ that is C) reaches
 * the machine only through these calls.  Two ports implement them:
 *
 *   src/port/dos   real 16-bit code: NASM primitives, INT and far-call
 *                  gateways, linked into MEMPOOL.MOD and the DOS tests.
 *   src/port/host  the simulated machine of the host unit tests
 *                  (tests/host/sim): a byte array for the first 16 MB of
 *                  physical memory, a DOS arena allocator, an XMS 3.0 driver
 *                  and a VDS provider that follow the specs in
 *                  shared/reference, errors included.
 *
 * Far memory is named by segment:offset pairs; portable code never makes a
 * pointer to it.  Everything here is safe to call at init and task time;
 * the routines marked ISR-safe may also be called from an interrupt handler.
 */
#ifndef MEMPOOL_PORT_H
#define MEMPOOL_PORT_H

#include "memory_api.h"

typedef mem_u8  u8;
typedef mem_u16 u16;
typedef mem_u32 u32;

/* Registers for a software interrupt or a far call into a driver.
 * Only the 16-bit halves are passed on an 8086/80286.  The e_* words are the
 * high halves of EAX..EDX; port_farcall32() loads and returns them, and must
 * only be used after the CPU was found to be an 80386 or later.
 * The layout is shared with asm (src/port/dos/port_dos.asm, struc regs). */
struct port_regs {
    u16 ax;     /* +0  */
    u16 bx;     /* +2  */
    u16 cx;     /* +4  */
    u16 dx;     /* +6  */
    u16 si;     /* +8  */
    u16 di;     /* +10 */
    u16 ds;     /* +12 in: DS for the call (0 = leave the module's DS) */
    u16 es;     /* +14 */
    u16 flags;  /* +16 out: FLAGS after the call (bit 0 = CF) */
    u16 e_ax;   /* +18 high words, port_farcall32() only */
    u16 e_bx;   /* +20 */
    u16 e_cx;   /* +22 */
    u16 e_dx;   /* +24 */
};                /* 26 bytes */

#define PORT_CF 0x0001u

/* Software interrupt INT n (DOS 21h, multiplex 2Fh, VDS 4Bh). Task/init. */
void port_int(u8 intno, struct port_regs *r);

/* Far call to seg:off (the XMS entry point) with the registers in r;
 * r is updated with the registers on return.  Task/init. */
void port_farcall(u16 seg, u16 off, struct port_regs *r);

/* The same with 32-bit registers (EAX..EDX from ax/e_ax ...).  386+ only. */
void port_farcall32(u16 seg, u16 off, struct port_regs *r);

/* Far memory access.  ISR-safe. */
u8   port_peekb(u16 seg, u16 off);
u16  port_peekw(u16 seg, u16 off);
void port_pokeb(u16 seg, u16 off, u8 v);
void port_pokew(u16 seg, u16 off, u16 v);

/* The module's own data segment (DS of the portable code).  ISR-safe. */
u16  port_ds(void);

/* The offset in port_ds() of an object of the module's own data (a static
 * or, since SS = DS, a local): how portable code passes its own struct in
 * a register pair, e.g. r.ds = 0, r.si = port_near(&move) for XMS 0Bh, or
 * r.es = port_ds(), r.di = port_near(&dds) for VDS.  On DOS it is (u16)p.
 * ISR-safe. */
u16  port_near(const void *p);

/* Interrupt flag: save-and-disable, restore.  ISR-safe; the window between
 * the two must stay under 48 clocks of an 80286 (BRIEF section 3). */
u16  port_irq_save(void);
void port_irq_restore(u16 flags);

#endif
