/*
 * sim.h - the simulated PC beneath the host unit tests.
 *
 * src/port/host/port_host.c implements src/port/port.h on top of this
 * machine; tests configure it with sim_reset() and observe it through the
 * counters and inspection calls below.  What it simulates, and from which
 * source (shared/reference/xms-vds-dos-facts.md, RBIL, DOSBox 0.74 xms.cpp
 * and dos_memory.cpp, Jemm VDS.ASM):
 *
 *   memory   one byte array of physical memory (default 16 MB).  The CPU
 *            sees linear addresses (seg*16+off, A20 always on, so up to
 *            10FFEFh) through a 4 KB page map that is the identity unless
 *            remap mode makes some pages land elsewhere, as under EMM386.
 *            Devices (bus-master DMA in a test) see physical addresses.
 *   DOS      INT 21h 30h 3306h 25h 35h 48h 49h 4Ah 5800h-5803h 62h with a
 *            real MCB chain in simulated memory, allocation strategies,
 *            UMBs chained behind the 9FFFh system block (DOS=UMB).
 *   XMS      INT 2Fh 4300h/4310h and an XMS 3.0 driver at the far entry
 *            point: 00h-12h, 88h, 89h, 8Eh, 8Fh with every error code.
 *   VDS      INT 4Bh 8102h-8104h, 8107h-810Ch; DDS in simulated memory;
 *            0040:007B bit 5.
 *
 * Linear layout (segments):
 *   0000  IVT            0040  BDA
 *   0070  the IRETs INT 21h/2Fh/4Bh point at, and the XMS entry point
 *   0800  MCB of the test program (owner SIM_PSP)
 *   0801  its PSP        0811  SIM_DS_SEG: the module's data segment
 *   1811  first free MCB ... up to conv_end (A000h by default)
 *   conv_end-1  system MCB linking the UMB chain (SIM_UMB_DOS)
 *   C800-EFFF   UMBs by default
 *
 * Physical layout above 1 MB: HMA (100000h-10FFFFh), the VDS DMA buffer
 * (110000h, when VDS is present), the XMS pool, and at the top of memory
 * the pages that remap mode maps UMBs and conventional pages to.
 *
 * The module's data segment.  port_ds() returns SIM_DS_SEG.  Its first
 * SIM_NEAR_BASE bytes are ordinary simulated memory (a test can put a
 * module header at DS:0).  Offsets from SIM_NEAR_BASE up are windows onto
 * host objects handed out by port_near(): portable code passes a C object
 * of its own to XMS (move struct at DS:SI) or VDS (DDS at ES:DI), or makes
 * a far pointer MEM_FP(port_ds(), port_near(&obj)), exactly as on DOS where
 * port_near(p) is (u16)p.  A window is SIM_NEAR_WINDOW bytes of host
 * memory from the first object that opened it; a later object in its
 * first SIM_NEAR_SHARE bytes gets an offset inside it (statics and arrays
 * share a window as they share DS on DOS).  Windows stay put until
 * sim_reset(), so far pointers into them stay valid; more than
 * SIM_NEAR_SLOTS separate places fail the test.  An object reached this way
 * must end inside its window (objects up to SIM_NEAR_SHARE bytes always
 * do) and must be reached with the segment SIM_DS_SEG itself: the same
 * bytes under another seg:off (a normalised far pointer) are an alias the
 * sim refuses.
 *
 * Failures of the code under test that real hardware would punish (a call
 * the sim does not know, INT 4Bh through a null vector, port_farcall32 on
 * an 80286, a DOS or XMS call with interrupts off or from an ISR, a word
 * access at offset FFFFh, memory past the end) end the running test
 * through cmocka's mock_assert(): they are caught by expect_assert_failure()
 * and otherwise fail the test with the reason.
 *
 * Host only: plain C89, no portability limits of the module apply here.
 */
#ifndef SIM_H
#define SIM_H

#include "port.h"

/* -------------------------------------------------------------- layout */

#define SIM_IVT_SEG      0x0000u
#define SIM_BDA_SEG      0x0040u
#define SIM_STUB_SEG     0x0070u    /* vectors and the XMS entry point */
#define SIM_XMS_OFF      0x0010u    /* XMS entry: SIM_STUB_SEG:SIM_XMS_OFF */
#define SIM_FIRST_MCB    0x0800u
#define SIM_PSP          0x0801u    /* the test program; owns new blocks */
#define SIM_PROG_PARAS   0x1010u    /* PSP + a 64 KB data segment */
#define SIM_DS_SEG       0x0811u    /* port_ds() */
#define SIM_NEAR_BASE    0x1000u    /* DS offsets from here are windows */
#define SIM_NEAR_WINDOW  0x1000u
#define SIM_NEAR_SHARE   0x0800u
#define SIM_NEAR_SLOTS   15
#define SIM_HMA_PHYS     0x100000UL
#define SIM_VDS_BUF_PHYS 0x110000UL /* the VDS DMA buffer, 64 KB aligned */
#define SIM_LIN_TOP      0x110000UL /* linear addresses the page map covers */
#define SIM_PAGE         4096UL

/* ---------------------------------------------------------- configuration */

#define SIM_QUIRKS_SPEC    0    /* XMS 3.0 spec / HimemX, MS-DOS 5 */
#define SIM_QUIRKS_DOSBOX  1    /* DOSBox 0.74 (see SIM_QUIRKS below) */

#define SIM_UMB_NONE  0         /* no upper memory */
#define SIM_UMB_DOS   1         /* DOS=UMB: UMBs in DOS's MCB chain */
#define SIM_UMB_XMS   2         /* the XMS driver hands UMBs out (10h-12h) */

#define SIM_VDS_NONE     0      /* INT 4Bh vector 0000:0000, BDA bit clear */
#define SIM_VDS_PRESENT  1      /* a VDS provider (EMM386/Jemm-like) */
#define SIM_VDS_DOSBOX   2      /* DOSBox's stub: AH=81h -> CF=1, AX=1 */

#define SIM_UMB_MAX   4

/*
 * What SIM_QUIRKS_DOSBOX changes (each from DOSBox 0.74 source, listed in
 * shared/reference/xms-vds-dos-facts.md 1.4-1.7 and 3):
 *   XMS 0Bh  odd length accepted; no overlap check, the copy runs forward
 *            byte by byte (overlap with src < dst smears); offset >= size
 *            -> A4h/A6h, length > size - offset -> A7h; conventional
 *            addresses unchecked (the sim still says A7h past memory).
 *   XMS 0Ah  frees a locked block (spec: ABh).
 *   XMS 0Ch  lock count saturates at 255 (spec: ACh on the 256th lock).
 *   XMS 08h/88h/0Eh  KB values truncated to 16 bits (spec: capped, and 0Eh
 *            says A2h above 65535 KB like HimemX 3.39).
 *   XMS 89h/8Fh  only DX/BX of EDX/EBX are used.
 *   XMS 11h  bad segment -> B1h (spec: B2h).  12h -> 80h.
 *   XMS 10h/11h with SIM_UMB_DOS  served from DOS's UMB chain (spec: B1h,
 *            all UMBs belong to DOS).
 *   XMS 03h-06h  no local A20 count, 94h never returned.
 *   XMS      handles are 1..N (spec: opaque table offsets), 4 KB
 *            allocation granularity (spec: 1 KB).
 *   DOS 5800h  leaves CF alone: the sim returns CF=1 (the worst case).
 *   DOS 48h  a high strategy (40h/80h) searches the UMBs even when they
 *            are not linked (spec: only when linked).
 *   DOS 4Ah  bad MCB -> 7 (spec: 9).
 * sim_config_dosbox() also sets DOSBox's defaults: XMS 3.00 driver 3.01,
 * no HMA, 49 handles, UMBs D000-EFFF in DOS's chain, the VDS stub.
 */

struct sim_umb_region {
    u16 start;              /* first paragraph */
    u16 end;                /* paragraph just past the region */
};

struct sim_config {
    u32 mem_kb;             /* physical memory in KB, default 16384 */
    u8  cpu;                /* MEM_CPU_8086 .. MEM_CPU_486, default 386 */
    u8  v86;                /* 1 = virtual-8086 mode (needs a 386+) */
    u8  quirks;             /* SIM_QUIRKS_SPEC / SIM_QUIRKS_DOSBOX */
    u16 dos_version;        /* major in the high byte: 0x0500, 0x031E (3.30) */
    u16 conv_end;           /* paragraph past conventional memory, A000h */
    u8  umb;                /* SIM_UMB_* */
    u8  umb_count;          /* regions in umb_regions (sorted, disjoint) */
    struct sim_umb_region umb_regions[SIM_UMB_MAX];
    u8  xms;                /* 1 = an XMS driver answers INT 2Fh 4300h */
    u16 xms_version;        /* BCD, 0x0300 (0x0200: 12h and 8xh -> 80h) */
    u16 xms_revision;       /* BCD driver revision (00h BX) */
    u16 xms_handles;        /* usable handles, 0 = 48 (spec) / 49 (DOSBox) */
    u32 xms_kb;             /* XMS pool size in KB, 0 = all that is left */
    u8  hma;                /* 1 = HMA exists (00h DX=1, 01h/02h work) */
    u8  vds;                /* SIM_VDS_* */
    u16 vds_product;        /* 8102h BX (0001h = EMM386) */
    u16 vds_buffer_kb;      /* VDS DMA buffer, 0..64 KB (0: 8107h -> 04h) */
    u8  remap;              /* 1 = remap UMB pages and remap_conv (needs v86) */
    u16 remap_conv_seg;     /* conventional range remapped, 4 KB aligned */
    u16 remap_conv_paras;   /* 0 = none */
};

/* Spec defaults: 16 MB, 80386 in real mode, DOS 5.00, XMS 3.00 (driver
 * 3.39, HMA, 48 handles), no UMBs, no VDS, no remap.  The UMB region list
 * is preset to C800-EFFF (used once umb is set). */
void sim_config_default(struct sim_config *c);

/* DOSBox 0.74 defaults (see SIM_QUIRKS above). */
void sim_config_dosbox(struct sim_config *c);

/* Build a fresh machine (NULL = sim_config_default).  Clears every
 * counter, handle, lock and block; interrupts enabled, not in an ISR. */
void sim_reset(const struct sim_config *c);

/* Release the machine's memory (tests call it from a group teardown). */
void sim_free(void);

/* The configuration in force. */
const struct sim_config *sim_config(void);

/* ------------------------------------------------------------------ CPU */

int sim_cpu_type(void);     /* MEM_CPU_* */
int sim_cpu_v86(void);      /* 1 = virtual-8086 mode */

/* ------------------------------------------------------------- counters */

struct sim_counters {
    unsigned long int21;            /* every INT 21h */
    unsigned long int21_ah[256];    /* by AH */
    unsigned long int2f;            /* every INT 2Fh */
    unsigned long int4b;            /* every INT 4Bh */
    unsigned long vds_fn[256];      /* VDS calls by AL (AX = 81xxh) */
    unsigned long vds_errors;       /* VDS calls that returned CF=1 */
    unsigned long xms;              /* every call of the XMS entry point */
    unsigned long xms_fn[256];      /* by AH */
    unsigned long xms_errors;       /* XMS calls that failed (BL >= 80h) */
    unsigned long farcall32;        /* calls made through port_farcall32 */
    unsigned long peek;             /* port_peekb/port_peekw */
    unsigned long poke;             /* port_pokeb/port_pokew */
    unsigned long irq_save;         /* port_irq_save */
    unsigned long irq_restore;      /* port_irq_restore */
    unsigned long irq_disable;      /* saves that turned IF from 1 to 0 */
    unsigned long irq_max_window;   /* most peeks+pokes in one IF=0 window */
};

const struct sim_counters *sim_counters(void);
void sim_counters_clear(void);

/* ------------------------------------------------- interrupts and ISRs */

int  sim_irq_enabled(void);     /* the simulated IF */
/* 1 when IF is set and every port_irq_save was matched by a restore. */
int  sim_irq_balanced(void);
/* Run code as an interrupt handler: IF=0 and any DOS, XMS or VDS call
 * fails the test until sim_isr_leave() (which restores IF). */
void sim_isr_enter(void);
void sim_isr_leave(void);
int  sim_in_isr(void);

/* --------------------------------------------------------------- memory */

u32  sim_mem_size(void);                    /* bytes of physical memory */
u32  sim_lin2phys(u32 lin);                 /* through the page map */
void sim_map_page(u32 lin_page, u32 phys_page);  /* a test's own remap */
/* A device's view: the bytes at physical [phys, phys+len). */
u8  *sim_phys_ptr(u32 phys, u32 len);
/* The CPU's view: copies through the page map. */
void sim_lin_read(u32 lin, void *dst, u32 len);
void sim_lin_write(u32 lin, const void *src, u32 len);
u8   sim_lin_byte(u32 lin);
u16  sim_lin_word(u32 lin);

/* port_near() on the host: the DS offset of a window onto host object p. */
u16  sim_near(const void *p);

/* ------------------------------------------------------------------ DOS */

struct sim_mcb {
    u16 seg;                /* the MCB's paragraph (block = seg + 1) */
    u8  type;               /* 'M' or 'Z' */
    u16 owner;              /* 0 = free, 8 = DOS */
    u16 size;               /* paragraphs */
};

/* Walk the chain (low part, then the UMB part when it is not linked) into
 * out[0..max-1]; returns the number of MCBs or -1 if the chain is broken. */
int  sim_dos_walk(struct sim_mcb *out, int max);
/* 0 if the chain is whole: every signature M/Z, the low chain ends at the
 * top of conventional memory, the UMB chain covers every region; else a
 * negative step number saying what broke. */
int  sim_dos_check_chain(void);
u32  sim_dos_free_paras(void);          /* free paragraphs, all chains */
u32  sim_dos_owned_paras(u16 owner);    /* paragraphs in blocks of owner */
int  sim_dos_blocks_owned(u16 owner);   /* number of blocks of owner */
void sim_dos_set_psp(u16 psp);          /* owner of later allocations */
u16  sim_dos_strategy(void);
int  sim_dos_umb_linked(void);
/* The next INT 21h with this AH fails with CF=1, AX=code (48h: BX=0). */
void sim_dos_fail_next(u8 ah, u16 code);

/* ------------------------------------------------------------------ XMS */

void sim_xms_entry(u16 *seg, u16 *off);
int  sim_xms_handles_used(void);
u32  sim_xms_free_kb(void);
/* Physical base, size in KB and lock count of a live handle: 0, or -1 if
 * the handle is not live. */
int  sim_xms_block(u16 handle, u32 *phys, u32 *kb, u8 *locks);
int  sim_xms_umbs_used(void);           /* SIM_UMB_XMS blocks handed out */
int  sim_xms_hma_used(void);
/* The next XMS call with this AH fails with AX=0, BL=bl (injects the
 * errors no normal path produces: 81h, 82h, 8Eh, 8Fh, A9h, ADh ...). */
void sim_xms_fail_next(u8 ah, u8 bl);

/* ------------------------------------------------------------------ VDS */

int  sim_vds_locks_held(void);          /* 8103h locks not yet unlocked */
int  sim_vds_buffers_used(void);        /* buffers (8103h/8107h) held */
u32  sim_vds_buffer_phys(void);
u8   sim_vds_disable_count(u8 channel); /* 810Bh/810Ch */
/* The next VDS call with this AL fails with CF=1, AL=err (03h ...). */
void sim_vds_fail_next(u8 al, u8 err);

/* ---------------------------------------------- services (port_host.c) */

/* The effective DS of a call: r->ds, or SIM_DS_SEG when r->ds is 0. */
void sim_int21(struct port_regs *r);
void sim_int2f(struct port_regs *r);
void sim_int4b(struct port_regs *r);
/* is32: the call came through port_farcall32 (EAX..EDX valid). */
void sim_xms_call(struct port_regs *r, int is32);

/* Far memory as the CPU sees it (SIM_DS_SEG windows included). */
u8   sim_far_rd8(u16 seg, u32 off);
void sim_far_wr8(u16 seg, u32 off, u8 v);
/* Count a peek or poke (and its weight in an interrupts-off window). */
void sim_note_access(int is_poke);
/* port_irq_save / port_irq_restore. */
u16  sim_irq_save(void);
void sim_irq_restore(u16 flags);
/* A DOS/XMS/VDS call is about to be made: fail if IF=0 or in an ISR. */
void sim_check_call(const char *what);

/* End the running test with a reason (printf-style, up to 400 chars). */
void sim_fail(const char *file, int line, const char *fmt, ...);
#define SIM_FAIL(msg) sim_fail(__FILE__, __LINE__, "%s", msg)

#endif
