/* clocks.h - 80286 / 80386 instruction clock tables for the bench86 harness.
 *
 * The numbers live in clocks.c (one table, one row per instruction form, each
 * row citing its source).  This header is the whole interface the harness uses:
 * classify a capstone-decoded instruction once (clk_classify), then price each
 * execution of it (clk_cost) with the few dynamic facts only the emulator knows:
 * branch taken or not, REP iteration count, shift count, length of the
 * instruction at a control-transfer target.
 *
 * Context: host tool only (C99, gcc).  Not part of the DOS build.
 */
#ifndef BENCH_CLOCKS_H
#define BENCH_CLOCKS_H

#include <capstone/capstone.h>

enum clk_cpu { CLK_286 = 0, CLK_386 = 1, CLK_NCPU = 2 };

/* How the dynamic facts enter the price of one execution. */
enum clk_kind {
    CLK_K_FIXED = 0,   /* base (+m if the row says so) */
    CLK_K_COND,        /* taken: base(+m); not taken: the row's nt value */
    CLK_K_REP,         /* base + per * n, n = iterations actually executed */
    CLK_K_COUNT,       /* base + per * n, n = shift count / ENTER level - 1 */
    CLK_K_COUNT_CL     /* as CLK_K_COUNT, n read from CL before execution */
};

/* Row returned for an instruction the table does not know. */
#define CLK_ROW_UNKNOWN (-1)

/* Fallback price of an unknown instruction, per execution, on either CPU.
 * Deliberately not 0 and not small: an unknown instruction inside a region must
 * be visible in the figure as well as in the unknown_insns counter. */
#define CLK_UNKNOWN_CLOCKS 20

/* Static facts about one decoded instruction (filled by clk_classify). */
struct clk_insn {
    int row;                  /* index into the table, or CLK_ROW_UNKNOWN */
    unsigned char kind;       /* enum clk_kind */
    unsigned char len;        /* bytes, prefixes included */
    unsigned char needs_386;  /* 66h/67h prefix, FS/GS, or a 386-only opcode */
    unsigned char count_imm;  /* CLK_K_COUNT: immediate shift count / level */
    unsigned char rep_ecx;    /* CLK_K_REP with 67h: the counter is ECX */
    char mnemonic[40];        /* capstone mnemonic (with prefixes), for reports */
};

/* Dynamic facts about one execution (filled by the harness). */
struct clk_dyn {
    int taken;                /* CLK_K_COND: 1 if IP after != fall-through */
    unsigned long n;          /* CLK_K_REP: iterations; CLK_K_COUNT_CL: CL */
    unsigned m;               /* length in bytes of the instruction executed next */
};

/* Classify a capstone instruction decoded in CS_MODE_16 with CS_OPT_DETAIL on.
 * Returns the row (also stored in out->row), CLK_ROW_UNKNOWN if no row fits. */
int clk_classify(const cs_insn *ci, struct clk_insn *out);

/* Clocks for one execution on the given CPU.  A row without a figure for this
 * CPU (a 386-only form executed in the 286 pass) is priced with the 386 figure;
 * the harness reports such executions separately. */
unsigned long clk_cost(const struct clk_insn *ki, enum clk_cpu cpu,
                       const struct clk_dyn *d);

/* Short name of a row ("mov r,m", "rep movs", ...); "unknown" for CLK_ROW_UNKNOWN. */
const char *clk_row_name(int row);

/* Number of rows, for table dumps (bench86 --dump-table). */
int clk_row_count(void);

/* Table figures of a row, for dumps: base/per/not-taken and +m flag per CPU.
 * A figure of -1 means "not on this CPU". */
void clk_row_figures(int row, enum clk_cpu cpu, int *base, int *per, int *nt,
                     int *plus_m, const char **src);

#endif
