/*
 * mod_core.h - module-internal state shared by MEMPOOL's C files.
 */
#ifndef MOD_CORE_H
#define MOD_CORE_H

#include "port.h"

#ifndef MOD_STACK_BYTES
#define MOD_STACK_BYTES 768   /* private stack: HIMEM's 256 + our frames */
#endif

struct mod_state {
    u8  initialised;        /* init ran and unload did not yet */
    u8  cpu;                /* MEM_CPU_* */
    u8  v86;                /* 1 = virtual-8086 mode */
    u8  pad;
    u16 dos_version;        /* major in the high byte */
    u16 resident_bytes;     /* bytes before cold_off */
    u16 init_bytes;         /* bytes of the init part */
    u16 info_flags;         /* MEM_INFO_* */
    u16 cfg_flags;          /* MEM_CFG_* given at init */
};

extern struct mod_state mod;

extern unsigned char gate_depth;     /* c_gate: a task call is running */

/* c_gate's admission rule in C (host tests): MEM_E_BUSY or MEM_OK. */
int  mod_gate_admit_c(void);
u16  mod_version_c(void);
int  mod_info(mem_fp_t out);
void mod_info_fill(struct mem_info *inf);
int  mod_unload(void);
int  mod_init(mem_fp_t cfg);

#endif
