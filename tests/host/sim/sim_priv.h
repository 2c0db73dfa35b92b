/*
 * sim_priv.h - state shared by the simulator's files (sim.c, sim_dos.c,
 * sim_xms.c, sim_vds.c).  Tests use sim.h only.
 */
#ifndef SIM_PRIV_H
#define SIM_PRIV_H

#include "sim.h"

#define SIM_LIN_PAGES   (SIM_LIN_TOP / SIM_PAGE)    /* 272 */
#define SIM_XMS_MAXH    256
#define SIM_XUMB_MAX    32
#define SIM_VDS_LOCKS   32

#define SIM_CF   0x0001u
#define SIM_ZF   0x0040u
#define SIM_IF   0x0200u
#define SIM_FLAGS_BASE 0x0202u      /* IF set, reserved bit 1 */

/* One EMB.  phys/span: the physical bytes it holds (span is kb rounded
 * up to the allocation granularity). */
struct sim_xblk {
    u8  used;
    u8  locks;
    u32 phys;
    u32 span;
    u32 kb;
};

/* A UMB handed out by the XMS driver (SIM_UMB_XMS). */
struct sim_xumb {
    u16 seg;
    u16 paras;
};

struct sim_vlock {
    u8  used;
    u16 seg;
    u32 off;
    u32 size;
    u16 bufid;
};

struct sim_state {
    struct sim_config cfg;
    u8 *mem;
    u32 mem_size;
    u32 page_map[SIM_LIN_PAGES];        /* physical page of a linear page */
    struct sim_counters cnt;

    /* interrupts */
    int if_flag;
    int in_isr;
    int isr_saved_if;
    unsigned long window;               /* accesses in this IF=0 window */

    /* port_near windows */
    const u8 *near_ptr[SIM_NEAR_SLOTS];
    int near_count;

    /* physical layout */
    u32 xms_pool_start;
    u32 xms_pool_end;
    u32 remap_start;                    /* first page of the remap pool */

    /* DOS */
    u16 psp;
    u16 strategy;
    u8  linked;
    u16 low_end;                        /* paragraph past the low chain */
    u8  dos_fail_ah;
    u8  dos_fail_armed;
    u16 dos_fail_code;

    /* XMS */
    struct sim_xblk xh[SIM_XMS_MAXH];
    int xh_count;
    u32 gran;                           /* allocation granularity, bytes */
    struct sim_xumb xumb[SIM_XUMB_MAX];
    u8  hma_used;
    u8  a20_global;
    u16 a20_local;
    u8  xms_fail_ah;
    u8  xms_fail_armed;
    u8  xms_fail_bl;

    /* VDS */
    u8  vbuf_map[64];                   /* KB units: 0 free, else owner id */
    u16 vbuf_len[65];                   /* by id (1-based KB index): KB */
    struct sim_vlock vlock[SIM_VDS_LOCKS];
    u8  vdis[8];                        /* 810Bh disable counts */
    u8  vds_fail_al;
    u8  vds_fail_armed;
    u8  vds_fail_err;
};

extern struct sim_state sim;

#define SIM_DOSBOX() (sim.cfg.quirks == SIM_QUIRKS_DOSBOX)
#define SIM_CHECK(cond, msg) \
    do { if (!(cond)) sim_fail(__FILE__, __LINE__, "%s", msg); } while (0)

/* Physical and linear byte access (bounds-checked). */
u8   sim_phys_rd8(u32 phys);
void sim_phys_wr8(u32 phys, u8 v);
u8   sim_lin_rd8(u32 lin);
void sim_lin_wr8(u32 lin, u8 v);
u16  sim_lin_rd16(u32 lin);
void sim_lin_wr16(u32 lin, u16 v);
u32  sim_far_rd32(u16 seg, u32 off);
u16  sim_far_rd16(u16 seg, u32 off);
void sim_far_wr16(u16 seg, u32 off, u16 v);
void sim_far_wr32(u16 seg, u32 off, u32 v);
/* Host pointer of a SIM_DS_SEG window range, or NULL if seg:off is plain
 * simulated memory.  Fails the test on a range no window covers. */
u8  *sim_near_ptr(u16 seg, u32 off, u32 len);

/* Per-service resets (called by sim_reset in this order). */
void sim_dos_reset(void);
void sim_xms_reset(void);
void sim_vds_reset(void);

/* DOS allocator pieces the XMS driver borrows (DOSBox 10h/11h). */
int  sim_dos_alloc(u16 req, u16 strategy, u16 *seg, u16 *largest);
int  sim_dos_free(u16 seg);
void sim_dos_link(int on);
int  sim_dos_has_umb_chain(void);

/* The effective DS of a register block. */
#define SIM_EFF_DS(r) ((r)->ds ? (r)->ds : (u16)SIM_DS_SEG)

#endif
