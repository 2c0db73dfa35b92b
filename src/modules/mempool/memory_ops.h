/*
 * memory_ops.h - MEMPOOL's far copy/move/fill/compare primitives and CPU
 * detection, for the module's own C code (pools: poison and checks; DMA:
 * bounce copies; XMS: odd-byte bounce).  The public entries (mem_copy ...)
 * are in memory_api.h, section "copy and CPU".
 *
 * Far memory is named by segment:offset pairs.  Every routine walks the
 * linear address space: when an offset would pass FFFFh the segment is
 * advanced by 1000h and the offset continues at 0 (it never wraps inside
 * the segment).  Lengths are bytes; 0 does nothing.
 *
 * The ops_* routines are NASM (memory_ops.asm): near, bcc calling
 * convention, ISR-safe (re-entrant, on the caller's stack, interrupts are
 * never disabled; DF is clear on return).  Each has a plain-C twin
 * ops_*_c (memory_ops_c.c) with the same contract, built on port_peekb /
 * port_pokeb: the host tests use the twins, the DOS tests compare the two.
 */
#ifndef MEMORY_OPS_H
#define MEMORY_OPS_H

#include "port.h"

/* Copy len bytes from sseg:soff to dseg:doff.  The two ranges must not
 * overlap (use ops_move when they may).  ISR-safe. */
void ops_copy(u16 dseg, u16 doff, u16 sseg, u16 soff, u16 len);

/* Copy len bytes; the ranges may overlap in either direction (compared by
 * linear address): the result is as if the source were read completely
 * before the destination is written.  ISR-safe. */
void ops_move(u16 dseg, u16 doff, u16 sseg, u16 soff, u16 len);

/* ops_copy for any length (non-overlapping), in pieces of at most
 * OPS_PIECE bytes; interrupts stay enabled throughout.  ISR-safe.
 * bcc -ansi drops prototypes (unproto), so an int is not widened to the
 * u32 len: pass a u32 expression, e.g. (u32)n. */
void ops_copy32(u16 dseg, u16 doff, u16 sseg, u16 soff, u32 len);
#define OPS_PIECE 0xFFF0u

/* Set len bytes at seg:off to v.  ISR-safe. */
void ops_fill(u16 seg, u16 off, u8 v, u16 len);

/* Compare len bytes: 0 when equal, else a[i] - b[i] (bytes taken as
 * unsigned, range -255..255) at the first i where they differ.  ISR-safe. */
int  ops_compare(u16 aseg, u16 aoff, u16 bseg, u16 boff, u16 len);

/* MEM_CPU_* | (v86 << 8), as found by ops_init(); 0 before.  ISR-safe. */
u16  ops_cpu(void);

/* C twins: same contracts. */
void ops_copy_c(u16 dseg, u16 doff, u16 sseg, u16 soff, u16 len);
void ops_move_c(u16 dseg, u16 doff, u16 sseg, u16 soff, u16 len);
void ops_copy32_c(u16 dseg, u16 doff, u16 sseg, u16 soff, u32 len);
void ops_fill_c(u16 seg, u16 off, u8 v, u16 len);
int  ops_compare_c(u16 aseg, u16 aoff, u16 bseg, u16 boff, u16 len);

/* Init only (memory_ops_init.c): detect the CPU into mod.cpu / mod.v86,
 * and unless cfg_flags has MEM_CFG_FORCE_286, install the 386 paths on a
 * 386 or later (mod.info_flags |= MEM_INFO_COPY386).  Called by mod_init
 * before anything copies. */
void ops_init(u16 cfg_flags);

/* The asm half of ops_init (memory_ops.asm, resident but small).
 * ops_detect_cpu: returns MEM_CPU_* | (v86 << 8) and keeps it for ops_cpu.
 * ops_install386: patch every routine to its 386 path; 386+ only. */
u16  ops_detect_cpu(void);
void ops_install386(void);
void dma_install386(void);      /* cpu_init.asm; the host port's: no-op */

#endif
