/* bench86.h - shared types of the bench86 clock-counting harness (host tool).
 *
 * bench86 runs a 16-bit DOS .COM on unicorn, once per CPU model (80286 pass,
 * 80386 pass), prices every executed instruction with clocks.c and attributes
 * the clocks to regions the program marks through port 0E9h (region_marks.c).
 *
 *   bench86.c        command line, passes, TSV and summary output
 *   cpu_trace.c      unicorn set-up, .COM loader, code/interrupt hooks, pricing
 *   region_marks.c   the port-0E9h marker protocol and per-region statistics
 *   dos_services.c   the DOS/BIOS services a bench program needs, allocator
 *   clocks.c         the 286/386 clock table
 */
#ifndef BENCH86_H
#define BENCH86_H

#include <stdint.h>
#include <stdio.h>
#include <unicorn/unicorn.h>

#include "clocks.h"

#define BENCH_MAX_ID   250      /* region ids are 1..250 */
#define BENCH_NAME_MAX 48       /* region name, NUL included */
#define BENCH_MAX_UNK  64       /* distinct unknown / 386-only mnemonics kept */

/* Memory map of the emulated machine (segments). */
#define SEG_ENV    0x0F00u      /* environment block */
#define SEG_PSP    0x1000u      /* PSP; the .COM image starts at SEG_PSP:0100 */
#define SEG_ARENA  0x2000u      /* first paragraph INT 21h/48h hands out */
#define SEG_TOP    0xA000u      /* first paragraph past conventional memory */
#define SEG_VDSBUF 0x9C00u      /* --vds: the provider's DMA buffer (16 KB) sits
                                   here, DOS memory ends below it */
#define VDS_BUF_KB 16
#define SEG_BIOS   0xF000u      /* IRET stubs: the default vector n is F000:n */

#define EFL_CF 0x0001u
#define EFL_ZF 0x0040u
#define EFL_TF 0x0100u
#define EFL_IF 0x0200u

/* Clocks of every entry of one region in one pass. */
struct region_stats {
    uint64_t *clk;              /* one value per completed entry */
    size_t n, cap;
    uint64_t irqoff_max;        /* longest IF=0 run inside any entry */
};

/* A mnemonic and how often it was executed (unknown or 386-only reports). */
struct mnem_count {
    char mnem[40];
    uint64_t count;
};

/* Everything one pass (one CPU model) measured. */
struct pass_result {
    enum clk_cpu cpu;
    int ran;
    int exited;                 /* program ended through INT 21h/4Ch or INT 20h */
    int exit_code;
    int error;                  /* emulation error, instruction limit, fault */
    uint64_t total_clocks;
    uint64_t total_insns;
    uint64_t unknown_insns;
    uint64_t insns_386_only;    /* 286 pass: executions of 386-only forms */
    uint64_t irqoff_max;        /* longest IF=0 run anywhere (clocks) */
    uint32_t irqoff_at;         /* linear address of that run's first instruction */
    uint64_t rep_insns;         /* REP string executions */
    uint64_t rep_hooks;         /* extra UC_HOOK_CODE calls unicorn made for them */
    uint64_t rep_iters;         /* iterations, from the counter register */
    uint64_t marker_errors;
    uint64_t stub_calls;        /* services reached by a far call to the F000 stub */
    uint64_t irq_injected;      /* hardware interrupts injected ('I' / 'i' markers) */
    struct mnem_count unknown[BENCH_MAX_UNK];
    int n_unknown;
    struct mnem_count only386[BENCH_MAX_UNK];
    int n_only386;
    struct region_stats reg[BENCH_MAX_ID + 1];
};

/* What one retired instruction contributes to region accounting. */
enum glue_kind { GLUE_NONE = 0, GLUE_CALL, GLUE_PUSH, GLUE_MOV };

struct retired {
    uint32_t addr;              /* linear */
    uint64_t clk;
    int irqoff;                 /* IF was 0 before or after the instruction */
    uint16_t sp_before, sp_after;
    uint8_t glue;               /* enum glue_kind: shape used to recognise call glue */
    uint16_t reg;               /* GLUE_PUSH: pushed register; GLUE_MOV: destination */
    uint8_t e9_out;             /* the instruction is "out 0E9h, al" (E6 E9) */
};

/* region_marks.c */
#define MARK_FIFO 8
#define MARK_OPEN 32

/* An injected hardware interrupt the program armed ('I' / 'i' markers,
 * README.md "Injected interrupts"); cpu_trace.c delivers it. */
struct irq_arm {
    int armed;
    int skip;                   /* instruction boundaries of the marker itself
                                   still to pass before boundary 0 */
    uint32_t k;                 /* the boundary at which it is due */
    uint32_t count;             /* boundaries passed since boundary 0 */
    uint32_t deferred;          /* due boundaries passed with IF = 0 / shadow */
    uint8_t vec;                /* the vector, taken through the IVT */
    uint32_t flag_lin;          /* linear address of the program's flag word */
};

struct open_entry {
    int id;
    uint64_t clk, run, max_run;
};

struct marks {
    struct pass_result *res;
    struct retired fifo[MARK_FIFO];
    int nfifo;
    struct open_entry open[MARK_OPEN];
    int nopen;
    int skip;                   /* instructions still excluded after a macro marker */
    int sp_glue;                /* C-form marker: exclude until SP >= sp_target */
    uint32_t sp_target;
    int sp_glue_count;
    char console[160];          /* plain port-0E9h text, flushed per line */
    int ncon;
    int warned_glue;
    struct irq_arm irq;
};

void marks_init(struct marks *m, struct pass_result *res);
void marks_retire(struct marks *m, uc_engine *uc, const struct retired *r);
void marks_finish(struct marks *m);

/* Region names, shared by all passes: "" = unnamed (reported as region<id>). */
extern char bench_region_name[BENCH_MAX_ID + 1][BENCH_NAME_MAX];

/* dos_services.c */
#define ARENA_MAX_BLOCKS 512

struct arena_block {
    uint16_t seg, paras, owner; /* owner 0 = free */
};

#define DOS_MAX_FILES  8        /* open host files (handles 5..12) */
#define DOS_FIRST_FH   5
#define DOS_PATH_MAX   512

struct dos_file {
    FILE *f;                    /* NULL = handle free */
};

/* vds_provider.c: the VDS provider of --vds (INT 4Bh, AX = 81xxh). */
#define VDS_LOCKS 64

struct vds_lock {
    int used;
    uint16_t seg;               /* the region as the DDS named it */
    uint32_t off, size;
    uint16_t id;                /* the provider buffer standing in, 0 = none */
};

struct vds_state {
    int on;
    uint16_t page[256];         /* physical page (4 KB) of each linear page */
    struct vds_lock lock[VDS_LOCKS];
    uint8_t bufmap[VDS_BUF_KB]; /* buffer id owning each KB of the buffer */
    uint8_t buflen[VDS_BUF_KB + 1];   /* KB of buffer id (1-based) */
    uint64_t calls[16];         /* per function AL = 00h..0Fh */
    uint64_t errors;
};

void vds_init(struct vds_state *v);
/* Serve INT 4Bh (registers through uc).  CF and AX as the spec says. */
void vds_interrupt(uc_engine *uc, struct vds_state *v);
/* The page map: physical address of linear address lin (first MB). */
uint32_t vds_lin2phys(const struct vds_state *v, uint32_t lin);

struct dos_state {
    int echo;                   /* copy program output to host stdout */
    struct vds_state vds;       /* --vds */
    char dir[DOS_PATH_MAX];     /* host directory the program's files are in */
    struct dos_file file[DOS_MAX_FILES];
    uint16_t strategy;          /* INT 21h/5801h value, returned by 5800h */
    int exit_requested;
    int exit_code;
    struct arena_block blk[ARENA_MAX_BLOCKS];
    int nblk;
    uint64_t warnings;
};

void dos_init(struct dos_state *d, int echo, const char *dir, int vds);
/* Close the files the program left open. */
void dos_finish(struct dos_state *d);
/* Serve a software interrupt whose vector still points at the F000 stub.
 * Registers are read and written through uc; returns 1 if the program asked
 * to terminate. */
int dos_interrupt(uc_engine *uc, struct dos_state *d, unsigned intno);

/* The allocator behind 48h/49h/4Ah, exposed for the summary and for tests.
 * Return 0 or a DOS error code (7, 8 or 9); *out gets the segment / the
 * largest available size as DOS reports it. */
int arena_alloc(struct dos_state *d, uint16_t paras, uint16_t *out);
int arena_free(struct dos_state *d, uint16_t seg);
int arena_resize(struct dos_state *d, uint16_t seg, uint16_t paras, uint16_t *max);

/* cpu_trace.c */
struct run_config {
    const char *program;        /* path of the .COM image */
    const char *tail;           /* command tail, without the leading blank */
    enum clk_cpu cpu;
    int echo;                   /* program output to stdout in this pass */
    uint64_t insn_limit;
    FILE *trace;                /* optional per-instruction trace */
    const char *dir;            /* files for INT 21h/3Dh (default: the .COM's directory) */
    int v86;                    /* --v86: SMSW reports PE = 1 (virtual-8086 mode) */
    int vds;                    /* --vds: a VDS provider at INT 4Bh (vds_provider.c) */
};

/* Run one pass.  Returns 0 if the program ran to its exit, -1 otherwise
 * (res->error set, message already on stderr). */
int trace_run(const struct run_config *cfg, struct pass_result *res);

void bench_note_mnem(struct mnem_count *tab, int *n, const char *mnem);

#endif
