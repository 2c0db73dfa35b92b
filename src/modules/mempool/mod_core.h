/*
 * mod_core.h - module-internal state shared by MEMPOOL's C files.
 */
#ifndef MOD_CORE_H
#define MOD_CORE_H

#include "port.h"

#ifndef MOD_STACK_BYTES
#define MOD_STACK_BYTES 768   /* private stack: HIMEM's 256 + our frames */
#endif

/* Shared with the NASM code: mod_core.inc has the same offsets (checked by
 * tests/host/test_pool.c). */
struct mod_state {
    u8  initialised;        /* +0  init ran and unload did not yet */
    u8  cpu;                /* +1  MEM_CPU_* */
    u8  v86;                /* +2  1 = virtual-8086 mode */
    u8  sealed;             /* +3  mem_seal ran */
    u16 dos_version;        /* +4  major in the high byte */
    u16 resident_bytes;     /* +6  bytes kept (after init; after the seal) */
    u16 init_bytes;         /* +8  bytes of the init part */
    u16 info_flags;         /* +10 MEM_INFO_* */
    u16 cfg_flags;          /* +12 MEM_CFG_* given at init */
};                          /* 14 bytes */

extern struct mod_state mod;

extern unsigned char gate_depth;     /* c_gate: a task call is running */

/* c_gate's admission rule in C (host tests): MEM_E_BUSY or MEM_OK. */
int  mod_gate_admit_c(void);
u16  mod_version_c(void);
int  mod_info(mem_fp_t out);
void mod_info_fill(struct mem_info *inf);
int  mod_unload(void);
int  mod_init(mem_fp_t cfg);
int  mod_seal(u16 drop);        /* mod_seal_setup.c */

#endif
