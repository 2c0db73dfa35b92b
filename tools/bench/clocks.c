/* clocks.c - 80286 / 80386 real-mode instruction clocks, the one table bench86 uses.
 *
 * Source of the numbers
 * ---------------------
 * The figures are Intel's data-book clock counts (zero wait states, prefetch
 * queue assumed full), as tabulated in
 *   /work/shared/reference/x86-clocks-and-allocators.md  section 1.2   [REF]
 * which itself takes them from HelpPC 2.10 / PCGPE INTEL.DOC, the Intel 386 DX
 * data sheet Table E-1, the Intel 386 Programmer's Reference Manual (PRM) and
 * the 86Box timing tables.  Rows that table does not cover were read, for this
 * file, in:
 *   [286PRM] Intel 80286 and 80287 Programmer's Reference Manual, chapter 8
 *            instruction pages (MOV, IDIV, LODS, REP pages read);
 *   [386PRM] Intel 80386 Programmer's Reference Manual, instruction pages
 *            (REP page read: REP INS 13+6n, REP MOVS 5+4n, REP OUTS 5+12n,
 *            REP STOS 5+5n, REPE CMPS 5+9n, REPE SCAS 5+8n);
 *   [HPC]    HelpPC 2.10 instruction pages, 286/386 columns (POP, MUL, RCL,
 *            ENTER, LODS, MOVS, MOV, LOOP/LOOPNZ pages read).
 * Rows tagged [mem] come from the same HelpPC/Intel tables from memory and
 * were NOT re-read for this file; rows tagged [assume] are choices where the
 * sources give no single number, with the reason next to them.
 *
 * Conventions (the harness applies them; README.md repeats them)
 * ---------------------------------------------------------------
 * - Memory operands use the table's r,m / m,r figures; the 286 and 386 have no
 *   separate effective-address cost.  Segment-override and LOCK prefixes add 0.
 * - No wait states, no DRAM refresh, no prefetch starvation: data-book figures.
 * - "+m" (control transfers) = the length in bytes of the instruction executed
 *   next, i.e. the one at the target.  That is Intel's 286 rule exactly; for
 *   the 386 Intel counts "components" (opcode bytes + displacement + immediate
 *   count as one each), so using bytes over-counts by a clock or two when the
 *   target carries a multi-byte displacement or immediate.  [assume]
 * - A 66h operand-size prefix costs what the 16-bit form costs unless the row
 *   has its own 32-bit figure (MUL/IMUL/DIV/IDIV).
 * - 386 MUL/IMUL use an early-out multiplier whose time depends on the
 *   operand; this table charges the top of Intel's range (worst case).
 *   [assume: the data-dependent formula is not in the sources above]
 * - REP string forms: base + per * n, n = iterations actually executed
 *   (REPE/REPNE stop early; CX = 0 gives the base alone).
 */
#include "clocks.h"

#include <string.h>
#include <stdio.h>

/* One instruction form.  Index [0] = 80286, [1] = 80386; -1 = not on that CPU. */
struct clk_row {
    const char *name;
    short base[CLK_NCPU];
    short per[CLK_NCPU];     /* per iteration / per count unit (kinds REP, COUNT) */
    short nt[CLK_NCPU];      /* not-taken figure (kind COND) */
    unsigned char m[CLK_NCPU];  /* 1: add +m when the transfer is taken */
    const char *src;
};

enum {
    R_MOV_RR, R_MOV_RM, R_MOV_MR, R_MOV_RI, R_MOV_MI,
    R_MOV_SR_R, R_MOV_SR_M, R_MOV_R_SR, R_MOV_M_SR,
    R_MOVX_RR, R_MOVX_RM,
    R_PUSH_R, R_PUSH_M, R_PUSH_SR, R_PUSH_I, R_PUSHA, R_PUSHF,
    R_POP_R, R_POP_M, R_POP_SR, R_POPA, R_POPF,
    R_CLI, R_STI, R_FLAGOP, R_LAHF, R_SAHF, R_SMSW_R, R_SMSW_M,
    R_CALL_REL, R_CALL_R, R_CALL_M, R_CALL_FAR, R_CALL_FAR_M,
    R_RET, R_RETF,
    R_JMP_REL, R_JMP_R, R_JMP_M, R_JMP_FAR, R_JMP_FAR_M,
    R_JCC, R_LOOP, R_LOOPCC, R_JCXZ,
    R_LODS, R_STOS, R_MOVS, R_CMPS, R_SCAS, R_INS, R_OUTS,
    R_REP_LODS, R_REP_STOS, R_REP_MOVS, R_REP_CMPS, R_REP_SCAS, R_REP_INS, R_REP_OUTS,
    R_ALU_RR, R_ALU_RM, R_ALU_MR, R_ALU_RI, R_ALU_MI,
    R_CMP_RR, R_CMP_RM, R_CMP_MR, R_CMP_RI, R_CMP_MI,
    R_TEST_RR, R_TEST_RM, R_TEST_RI, R_TEST_MI,
    R_INCDEC_R, R_INCDEC_M, R_NEGNOT_R, R_NEGNOT_M,
    R_SHIFT_R1, R_SHIFT_M1, R_SHIFT_RN, R_SHIFT_MN,
    R_ROT_R1, R_ROT_M1, R_ROT_RN, R_ROT_MN,
    R_RC_R1, R_RC_M1, R_RC_RN, R_RC_MN,
    R_SHXD_R, R_SHXD_M,
    R_MUL_R8, R_MUL_R16, R_MUL_R32, R_MUL_M8, R_MUL_M16, R_MUL_M32,
    R_IMUL2_R, R_IMUL2_M, R_IMUL3_R, R_IMUL3_M,
    R_DIV_R8, R_DIV_R16, R_DIV_R32, R_DIV_M8, R_DIV_M16, R_DIV_M32,
    R_IDIV_R8, R_IDIV_R16, R_IDIV_R32, R_IDIV_M8, R_IDIV_M16, R_IDIV_M32,
    R_LEA, R_LDS_LES, R_LSS_LFS_LGS,
    R_XCHG_RR, R_XCHG_RM, R_XCHG_AR,
    R_CBW, R_CWD, R_CWDE, R_CDQ,
    R_IN_I, R_IN_DX, R_OUT_I, R_OUT_DX,
    R_INT, R_INT3, R_INTO, R_IRET,
    R_NOP, R_XLAT, R_ENTER0, R_ENTER1, R_ENTERN, R_LEAVE,
    R_BT_RR, R_BT_MR, R_BT_RI, R_BT_MI,
    R_BTX_RR, R_BTX_MR, R_BTX_RI, R_BTX_MI,
    R_BSF, R_SETCC_R, R_SETCC_M,
    R_HLT, R_WAIT, R_AAA, R_AAM, R_AAD, R_BOUND,
    R_COUNT
};

#define NA (-1)
/* row(name, 286 base, 386 base, src) for a fixed cost with no +m */
#define FIX(n, a, b, s)            { n, {a, b}, {0, 0}, {0, 0}, {0, 0}, s }
/* transfer with +m on the CPUs flagged */
#define XFER(n, a, b, ma, mb, s)   { n, {a, b}, {0, 0}, {0, 0}, {ma, mb}, s }

static const struct clk_row table[R_COUNT] = {
    [R_MOV_RR]   = FIX("mov r,r",        2, 2, "REF"),
    [R_MOV_RM]   = FIX("mov r,m",        5, 4, "REF (also AX,moffs: 5/4)"),
    [R_MOV_MR]   = FIX("mov m,r",        3, 2, "REF (also moffs,AX: 3/2)"),
    [R_MOV_RI]   = FIX("mov r,imm",      2, 2, "REF"),
    [R_MOV_MI]   = FIX("mov m,imm",      3, 2, "REF"),
    [R_MOV_SR_R] = FIX("mov sreg,r",     2, 2, "286PRM MOV (real mode), HPC"),
    [R_MOV_SR_M] = FIX("mov sreg,m",     5, 5, "286PRM MOV (real mode), HPC"),
    [R_MOV_R_SR] = FIX("mov r,sreg",     2, 2, "286PRM MOV, HPC"),
    [R_MOV_M_SR] = FIX("mov m,sreg",     3, 2, "286PRM MOV, HPC"),
    [R_MOVX_RR]  = FIX("movzx/movsx r,r", NA, 3, "[mem] HPC"),
    [R_MOVX_RM]  = FIX("movzx/movsx r,m", NA, 6, "[mem] HPC"),

    [R_PUSH_R]   = FIX("push r",         3, 2, "REF"),
    [R_PUSH_M]   = FIX("push m",         5, 5, "[mem] HPC"),
    [R_PUSH_SR]  = FIX("push sreg",      3, 2, "[mem] HPC"),
    [R_PUSH_I]   = FIX("push imm",       3, 2, "[mem] HPC"),
    [R_PUSHA]    = FIX("pusha",         17, 18, "[mem] HPC"),
    [R_PUSHF]    = FIX("pushf",          3, 4, "REF"),
    [R_POP_R]    = FIX("pop r",          5, 4, "REF, HPC POP"),
    [R_POP_M]    = FIX("pop m",          5, 5, "HPC POP"),
    [R_POP_SR]   = FIX("pop sreg",       5, 7, "HPC POP (real mode)"),
    [R_POPA]     = FIX("popa",          19, 24, "HPC POPA"),
    [R_POPF]     = FIX("popf",           5, 5, "REF"),
    [R_CLI]      = FIX("cli",            3, 3, "REF"),
    [R_STI]      = FIX("sti",            2, 3, "REF"),
    [R_FLAGOP]   = FIX("clc/stc/cmc/cld/std", 2, 2, "[mem] HPC"),
    [R_LAHF]     = FIX("lahf",           2, 2, "[mem] HPC"),
    [R_SAHF]     = FIX("sahf",           2, 3, "[mem] HPC"),
    /* CPU detection (V86 test: MSW bit 0 in real mode) */
    [R_SMSW_R]   = FIX("smsw r",         2, 10, "[mem] HPC SMSW (286PRM 2/3, 386 10/3)"),
    [R_SMSW_M]   = FIX("smsw m",         3, 3, "[mem] HPC SMSW"),

    [R_CALL_REL] = XFER("call near",     7, 7, 1, 1, "REF"),
    [R_CALL_R]   = XFER("call r",        7, 7, 1, 1, "[mem] HPC"),
    [R_CALL_M]   = XFER("call m",       11, 10, 1, 1, "[mem] HPC"),
    [R_CALL_FAR] = XFER("call far",     13, 17, 1, 1, "REF"),
    [R_CALL_FAR_M] = XFER("call far m", 16, 22, 1, 1, "[mem] HPC (real mode)"),
    [R_RET]      = XFER("ret / ret n",  11, 10, 1, 1, "REF (ret n: same, HPC)"),
    [R_RETF]     = XFER("retf / retf n", 15, 18, 1, 1, "REF (retf n: same, HPC)"),
    [R_JMP_REL]  = XFER("jmp short/near", 7, 7, 1, 1, "REF"),
    [R_JMP_R]    = XFER("jmp r",         7, 7, 1, 1, "[mem] HPC"),
    [R_JMP_M]    = XFER("jmp m",        11, 10, 1, 1, "[mem] HPC"),
    [R_JMP_FAR]  = XFER("jmp far",      11, 12, 1, 1, "REF"),
    [R_JMP_FAR_M] = XFER("jmp far m",   15, 17, 1, 1, "[mem] HPC (real mode)"),

    /* conditional transfers: base = taken (+m), nt = not taken */
    [R_JCC]      = { "jcc (short, 0F 8x near)", {7, 7}, {0, 0}, {3, 3}, {1, 1},
                     "REF; 0F 8x near form 386 only, same figures" },
    [R_LOOP]     = { "loop", {8, 11}, {0, 0}, {4, 11}, {1, 1},
                     "REF/HPC; 386 not-taken is not in the sources "
                     "('?' in HPC): [assume] 11, the taken figure without +m" },
    [R_LOOPCC]   = { "loope/loopne", {8, 11}, {0, 0}, {4, 11}, {1, 1},
                     "HPC LOOPNZ; 386 not-taken [assume] 11 as for loop" },
    [R_JCXZ]     = { "jcxz", {8, 9}, {0, 0}, {4, 5}, {1, 1}, "[mem] HPC" },

    [R_LODS]     = FIX("lods",           5, 5, "REF, 286PRM LODS, HPC"),
    [R_STOS]     = FIX("stos",           3, 4, "REF"),
    [R_MOVS]     = FIX("movs",           5, 7, "REF, HPC MOVS"),
    [R_CMPS]     = FIX("cmps",           8, 10, "[mem] HPC"),
    [R_SCAS]     = FIX("scas",           7, 7, "[mem] HPC"),
    [R_INS]      = FIX("ins",            5, 15, "[mem] HPC (386 real mode)"),
    [R_OUTS]     = FIX("outs",           5, 14, "[mem] HPC (386 real mode)"),

    /* REP forms: base + per * n */
    [R_REP_LODS] = { "rep lods", {5, 5}, {4, 5}, {0, 0}, {0, 0},
                     "[assume] not in the 286/386 REP tables: REP MOVS set-up "
                     "+ one LODS per iteration (286 4 as REP MOVS, 386 5)" },
    [R_REP_STOS] = { "rep stos", {4, 5}, {3, 5}, {0, 0}, {0, 0},
                     "REF, 286PRM REP, 386PRM REP" },
    [R_REP_MOVS] = { "rep movs", {5, 7}, {4, 4}, {0, 0}, {0, 0},
                     "REF, 286PRM REP; 386 7+4n per the 386 data sheet "
                     "(the 386 PRM says 5+4n; REF notes the disagreement)" },
    [R_REP_CMPS] = { "repe/repne cmps", {5, 5}, {9, 9}, {0, 0}, {0, 0},
                     "286PRM REP, 386PRM REP" },
    [R_REP_SCAS] = { "repe/repne scas", {5, 5}, {8, 8}, {0, 0}, {0, 0},
                     "286PRM REP, 386PRM REP" },
    [R_REP_INS]  = { "rep ins", {5, 13}, {4, 6}, {0, 0}, {0, 0},
                     "286PRM REP, 386PRM REP (real mode)" },
    [R_REP_OUTS] = { "rep outs", {5, 5}, {4, 12}, {0, 0}, {0, 0},
                     "286PRM REP, 386PRM REP (real mode 5+12n)" },

    /* add adc sub sbb and or xor */
    [R_ALU_RR]   = FIX("alu r,r",        2, 2, "REF"),
    [R_ALU_RM]   = FIX("alu r,m",        7, 6, "REF"),
    [R_ALU_MR]   = FIX("alu m,r",        7, 7, "REF"),
    [R_ALU_RI]   = FIX("alu r,imm",      3, 2, "[mem] HPC (acc,imm same)"),
    [R_ALU_MI]   = FIX("alu m,imm",      7, 7, "[mem] HPC"),
    [R_CMP_RR]   = FIX("cmp r,r",        2, 2, "REF"),
    [R_CMP_RM]   = FIX("cmp r,m",        6, 6, "REF"),
    [R_CMP_MR]   = FIX("cmp m,r",        7, 5, "[mem] HPC (no write-back on 386)"),
    [R_CMP_RI]   = FIX("cmp r,imm",      3, 2, "[mem] HPC"),
    [R_CMP_MI]   = FIX("cmp m,imm",      6, 5, "[mem] HPC"),
    [R_TEST_RR]  = FIX("test r,r",       2, 2, "REF"),
    [R_TEST_RM]  = FIX("test r,m",       6, 5, "REF"),
    [R_TEST_RI]  = FIX("test r,imm",     3, 2, "[mem] HPC"),
    [R_TEST_MI]  = FIX("test m,imm",     6, 5, "[mem] HPC"),
    [R_INCDEC_R] = FIX("inc/dec r",      2, 2, "REF"),
    [R_INCDEC_M] = FIX("inc/dec m",      7, 6, "REF"),
    [R_NEGNOT_R] = FIX("neg/not r",      2, 2, "[mem] HPC"),
    [R_NEGNOT_M] = FIX("neg/not m",      7, 6, "[mem] HPC"),

    /* shl sal shr sar: 286 by CL / imm = 5+n (r), 8+n (m), n = count & 31 */
    [R_SHIFT_R1] = FIX("shift r,1",      2, 3, "REF"),
    [R_SHIFT_M1] = FIX("shift m,1",      7, 7, "HPC (RCL page, same 286 timing)"),
    [R_SHIFT_RN] = { "shift r,cl/imm", {5, 3}, {1, 0}, {0, 0}, {0, 0}, "REF" },
    [R_SHIFT_MN] = { "shift m,cl/imm", {8, 7}, {1, 0}, {0, 0}, {0, 0}, "HPC" },
    [R_ROT_R1]   = FIX("rol/ror r,1",    2, 3, "[mem] HPC"),
    [R_ROT_M1]   = FIX("rol/ror m,1",    7, 7, "[mem] HPC"),
    [R_ROT_RN]   = { "rol/ror r,cl/imm", {5, 3}, {1, 0}, {0, 0}, {0, 0}, "[mem] HPC" },
    [R_ROT_MN]   = { "rol/ror m,cl/imm", {8, 7}, {1, 0}, {0, 0}, {0, 0}, "[mem] HPC" },
    [R_RC_R1]    = FIX("rcl/rcr r,1",    2, 9, "HPC RCL"),
    [R_RC_M1]    = FIX("rcl/rcr m,1",    7, 10, "HPC RCL"),
    [R_RC_RN]    = { "rcl/rcr r,cl/imm", {5, 9}, {1, 0}, {0, 0}, {0, 0}, "HPC RCL" },
    [R_RC_MN]    = { "rcl/rcr m,cl/imm", {8, 10}, {1, 0}, {0, 0}, {0, 0}, "HPC RCL" },
    [R_SHXD_R]   = FIX("shld/shrd r",   NA, 3, "[mem] HPC"),
    [R_SHXD_M]   = FIX("shld/shrd m",   NA, 7, "[mem] HPC"),

    /* mul and one-operand imul: 386 = top of the early-out range */
    [R_MUL_R8]   = FIX("mul/imul r8",   13, 14, "HPC MUL (386 9-14)"),
    [R_MUL_R16]  = FIX("mul/imul r16",  21, 22, "HPC MUL (386 9-22)"),
    [R_MUL_R32]  = FIX("mul/imul r32",  NA, 38, "HPC MUL (386 9-38)"),
    [R_MUL_M8]   = FIX("mul/imul m8",   16, 17, "HPC MUL (386 12-17)"),
    [R_MUL_M16]  = FIX("mul/imul m16",  24, 25, "HPC MUL (386 12-25)"),
    [R_MUL_M32]  = FIX("mul/imul m32",  NA, 41, "HPC MUL (386 12-41)"),
    [R_IMUL2_R]  = FIX("imul r,r",      NA, 22, "[mem] HPC (386 9-22; 9-38 for r32 not split)"),
    [R_IMUL2_M]  = FIX("imul r,m",      NA, 25, "[mem] HPC (386 12-25)"),
    [R_IMUL3_R]  = FIX("imul r,r,imm",  21, 22, "[mem] HPC (386 9-22)"),
    [R_IMUL3_M]  = FIX("imul r,m,imm",  24, 25, "[mem] HPC (386 12-25)"),
    [R_DIV_R8]   = FIX("div r8",        14, 14, "[mem] HPC"),
    [R_DIV_R16]  = FIX("div r16",       22, 22, "[mem] HPC"),
    [R_DIV_R32]  = FIX("div r32",       NA, 38, "[mem] HPC"),
    [R_DIV_M8]   = FIX("div m8",        17, 17, "[mem] HPC"),
    [R_DIV_M16]  = FIX("div m16",       25, 25, "[mem] HPC"),
    [R_DIV_M32]  = FIX("div m32",       NA, 41, "[mem] HPC"),
    [R_IDIV_R8]  = FIX("idiv r8",       17, 19, "286PRM IDIV; 386 [mem] HPC"),
    [R_IDIV_R16] = FIX("idiv r16",      25, 27, "286PRM IDIV; 386 [mem] HPC"),
    [R_IDIV_R32] = FIX("idiv r32",      NA, 43, "[mem] HPC"),
    [R_IDIV_M8]  = FIX("idiv m8",       20, 22, "286PRM IDIV; 386 [mem] HPC"),
    [R_IDIV_M16] = FIX("idiv m16",      28, 30, "286PRM IDIV; 386 [mem] HPC"),
    [R_IDIV_M32] = FIX("idiv m32",      NA, 46, "[mem] HPC"),

    [R_LEA]      = FIX("lea",            3, 2, "[mem] HPC"),
    [R_LDS_LES]  = FIX("lds/les",        7, 7, "REF"),
    [R_LSS_LFS_LGS] = FIX("lss/lfs/lgs", NA, 7, "[mem] HPC (real mode)"),
    [R_XCHG_RR]  = FIX("xchg r,r",       3, 3, "REF"),
    [R_XCHG_RM]  = FIX("xchg r,m",       5, 5, "REF"),
    [R_XCHG_AR]  = FIX("xchg ax,r",      3, 3, "REF"),
    [R_CBW]      = FIX("cbw",            2, 3, "[mem] HPC"),
    [R_CWD]      = FIX("cwd",            2, 2, "[mem] HPC"),
    [R_CWDE]     = FIX("cwde",          NA, 3, "[mem] HPC"),
    [R_CDQ]      = FIX("cdq",           NA, 2, "[mem] HPC"),
    [R_IN_I]     = FIX("in acc,imm",     5, 12, "REF"),
    [R_IN_DX]    = FIX("in acc,dx",      5, 13, "REF"),
    [R_OUT_I]    = FIX("out imm,acc",    3, 10, "REF"),
    [R_OUT_DX]   = FIX("out dx,acc",     3, 11, "REF"),
    [R_INT]      = XFER("int imm",      23, 37, 1, 0, "REF (real mode)"),
    [R_INT3]     = XFER("int 3",        23, 33, 1, 0, "REF (real mode)"),
    [R_INTO]     = { "into", {24, 35}, {0, 0}, {3, 3}, {1, 0}, "[mem] HPC (real mode)" },
    [R_IRET]     = XFER("iret",         17, 22, 1, 0, "REF (real mode)"),
    [R_NOP]      = FIX("nop",            3, 3, "[mem] HPC"),
    [R_XLAT]     = FIX("xlat",           5, 5, "[mem] HPC"),
    [R_ENTER0]   = FIX("enter n,0",     11, 10, "HPC ENTER"),
    [R_ENTER1]   = FIX("enter n,1",     15, 12, "HPC ENTER"),
    [R_ENTERN]   = { "enter n,L", {12, 15}, {4, 4}, {0, 0}, {0, 0},
                     "HPC ENTER: 12+4(L-1) / 15+4(L-1)" },
    [R_LEAVE]    = FIX("leave",          5, 4, "[mem] HPC"),
    [R_BT_RR]    = FIX("bt r,r",        NA, 3, "[mem] HPC"),
    [R_BT_MR]    = FIX("bt m,r",        NA, 12, "[mem] HPC"),
    [R_BT_RI]    = FIX("bt r,imm",      NA, 3, "[mem] HPC"),
    [R_BT_MI]    = FIX("bt m,imm",      NA, 6, "[mem] HPC"),
    [R_BTX_RR]   = FIX("bts/btr/btc r,r", NA, 6, "[mem] HPC"),
    [R_BTX_MR]   = FIX("bts/btr/btc m,r", NA, 13, "[mem] HPC"),
    [R_BTX_RI]   = FIX("bts/btr/btc r,imm", NA, 6, "[mem] HPC"),
    [R_BTX_MI]   = FIX("bts/btr/btc m,imm", NA, 8, "[mem] HPC"),
    [R_BSF]      = FIX("bsf/bsr",       NA, 58, "REF 10+3n; [assume] n = 16 "
                                               "(worst case for a 16-bit operand)"),
    [R_SETCC_R]  = FIX("setcc r",       NA, 4, "[mem] HPC"),
    [R_SETCC_M]  = FIX("setcc m",       NA, 5, "[mem] HPC"),
    [R_HLT]      = FIX("hlt",            2, 5, "[mem] HPC"),
    [R_WAIT]     = FIX("wait",           3, 6, "[mem] HPC"),
    [R_AAA]      = FIX("aaa/aas/daa/das", 3, 4, "[mem] HPC"),
    [R_AAM]      = FIX("aam",           16, 17, "[mem] HPC"),
    [R_AAD]      = FIX("aad",           14, 19, "[mem] HPC"),
    [R_BOUND]    = FIX("bound",         13, 10, "[mem] HPC (in range)"),
};

static int is_sreg(x86_reg r)
{
    return r == X86_REG_CS || r == X86_REG_DS || r == X86_REG_ES ||
           r == X86_REG_SS || r == X86_REG_FS || r == X86_REG_GS;
}

/* Operand shape of a two-operand instruction. */
enum shape { SH_RR, SH_RM, SH_MR, SH_RI, SH_MI, SH_OTHER };

static enum shape shape2(const cs_x86 *x)
{
    if (x->op_count < 2)
        return SH_OTHER;
    x86_op_type a = x->operands[0].type, b = x->operands[1].type;
    if (a == X86_OP_REG && b == X86_OP_REG) return SH_RR;
    if (a == X86_OP_REG && b == X86_OP_MEM) return SH_RM;
    if (a == X86_OP_MEM && b == X86_OP_REG) return SH_MR;
    if (a == X86_OP_REG && b == X86_OP_IMM) return SH_RI;
    if (a == X86_OP_MEM && b == X86_OP_IMM) return SH_MI;
    return SH_OTHER;
}

static int first_is_mem(const cs_x86 *x)
{
    return x->op_count >= 1 && x->operands[0].type == X86_OP_MEM;
}

/* mul/imul/div/idiv with one explicit operand: pick the row by size and kind */
static int muldiv_row(const cs_x86 *x, int r8, int r16, int r32,
                      int m8, int m16, int m32)
{
    const cs_x86_op *o = &x->operands[0];
    int mem = o->type == X86_OP_MEM;
    switch (o->size) {
    case 1:  return mem ? m8 : r8;
    case 4:  return mem ? m32 : r32;
    default: return mem ? m16 : r16;
    }
}

static int string_row(unsigned char op, int rep)
{
    switch (op) {
    case 0xAC: case 0xAD: return rep ? R_REP_LODS : R_LODS;
    case 0xAA: case 0xAB: return rep ? R_REP_STOS : R_STOS;
    case 0xA4: case 0xA5: return rep ? R_REP_MOVS : R_MOVS;
    case 0xA6: case 0xA7: return rep ? R_REP_CMPS : R_CMPS;
    case 0xAE: case 0xAF: return rep ? R_REP_SCAS : R_SCAS;
    case 0x6C: case 0x6D: return rep ? R_REP_INS : R_INS;
    case 0x6E: case 0x6F: return rep ? R_REP_OUTS : R_OUTS;
    default: return CLK_ROW_UNKNOWN;
    }
}

/* Shift/rotate: opcode D0/D1 = by 1, D2/D3 = by CL, C0/C1 = by imm8. */
static int shift_row(const cs_insn *ci, struct clk_insn *out, int r1, int m1,
                     int rn, int mn)
{
    const cs_x86 *x = &ci->detail->x86;
    unsigned char op = x->opcode[0];
    int mem = first_is_mem(x);
    if (op == 0xD0 || op == 0xD1)
        return mem ? m1 : r1;
    if (op == 0xD2 || op == 0xD3) {
        out->kind = CLK_K_COUNT_CL;
        return mem ? mn : rn;
    }
    out->kind = CLK_K_COUNT;
    if (x->op_count >= 2 && x->operands[1].type == X86_OP_IMM)
        out->count_imm = (unsigned char)(x->operands[1].imm & 0xFF);
    return mem ? mn : rn;
}

static int classify_row(const cs_insn *ci, struct clk_insn *out)
{
    const cs_x86 *x = &ci->detail->x86;
    enum shape sh = shape2(x);
    unsigned char op0 = x->opcode[0];
    int rep = x->prefix[0] == X86_PREFIX_REP || x->prefix[0] == X86_PREFIX_REPNE;
    int mem0 = first_is_mem(x);
    int r;

    switch (ci->id) {
    case X86_INS_MOV:
        if (sh == SH_RR) {
            if (is_sreg(x->operands[0].reg)) return R_MOV_SR_R;
            if (is_sreg(x->operands[1].reg)) return R_MOV_R_SR;
            return R_MOV_RR;
        }
        if (sh == SH_RM) return is_sreg(x->operands[0].reg) ? R_MOV_SR_M : R_MOV_RM;
        if (sh == SH_MR) return is_sreg(x->operands[1].reg) ? R_MOV_M_SR : R_MOV_MR;
        if (sh == SH_RI) return R_MOV_RI;
        if (sh == SH_MI) return R_MOV_MI;
        return CLK_ROW_UNKNOWN;              /* control/debug registers */
    case X86_INS_MOVZX: case X86_INS_MOVSX:
        out->needs_386 = 1;
        return sh == SH_RM ? R_MOVX_RM : R_MOVX_RR;

    case X86_INS_PUSH:
        if (x->op_count < 1) return CLK_ROW_UNKNOWN;
        if (x->operands[0].type == X86_OP_IMM) return R_PUSH_I;
        if (x->operands[0].type == X86_OP_MEM) return R_PUSH_M;
        return is_sreg(x->operands[0].reg) ? R_PUSH_SR : R_PUSH_R;
    case X86_INS_POP:
        if (x->op_count < 1) return CLK_ROW_UNKNOWN;
        if (x->operands[0].type == X86_OP_MEM) return R_POP_M;
        return is_sreg(x->operands[0].reg) ? R_POP_SR : R_POP_R;
    case X86_INS_PUSHAW: case X86_INS_PUSHAL: return R_PUSHA;
    case X86_INS_POPAW:  case X86_INS_POPAL:  return R_POPA;
    case X86_INS_PUSHF: case X86_INS_PUSHFD: return R_PUSHF;
    case X86_INS_POPF:  case X86_INS_POPFD:  return R_POPF;
    case X86_INS_CLI: return R_CLI;
    case X86_INS_SMSW:
        if (x->op_count < 1) return CLK_ROW_UNKNOWN;
        return x->operands[0].type == X86_OP_MEM ? R_SMSW_M : R_SMSW_R;
    case X86_INS_STI: return R_STI;
    case X86_INS_CLC: case X86_INS_STC: case X86_INS_CMC:
    case X86_INS_CLD: case X86_INS_STD: return R_FLAGOP;
    case X86_INS_LAHF: return R_LAHF;
    case X86_INS_SAHF: return R_SAHF;

    case X86_INS_CALL:
        if (x->op_count < 1) return CLK_ROW_UNKNOWN;
        if (x->operands[0].type == X86_OP_IMM) return R_CALL_REL;
        return x->operands[0].type == X86_OP_MEM ? R_CALL_M : R_CALL_R;
    case X86_INS_LCALL:
        return (x->op_count >= 1 && x->operands[0].type == X86_OP_MEM)
               ? R_CALL_FAR_M : R_CALL_FAR;
    case X86_INS_RET:  return R_RET;
    case X86_INS_RETF: return R_RETF;
    case X86_INS_JMP:
        if (x->op_count < 1) return CLK_ROW_UNKNOWN;
        if (x->operands[0].type == X86_OP_IMM) return R_JMP_REL;
        return x->operands[0].type == X86_OP_MEM ? R_JMP_M : R_JMP_R;
    case X86_INS_LJMP:
        return (x->op_count >= 1 && x->operands[0].type == X86_OP_MEM)
               ? R_JMP_FAR_M : R_JMP_FAR;

    case X86_INS_JA: case X86_INS_JAE: case X86_INS_JB: case X86_INS_JBE:
    case X86_INS_JE: case X86_INS_JNE: case X86_INS_JG: case X86_INS_JGE:
    case X86_INS_JL: case X86_INS_JLE: case X86_INS_JO: case X86_INS_JNO:
    case X86_INS_JP: case X86_INS_JNP: case X86_INS_JS: case X86_INS_JNS:
        out->kind = CLK_K_COND;
        if (op0 == 0x0F)
            out->needs_386 = 1;
        return R_JCC;
    case X86_INS_LOOP:   out->kind = CLK_K_COND; return R_LOOP;
    case X86_INS_LOOPE: case X86_INS_LOOPNE: out->kind = CLK_K_COND; return R_LOOPCC;
    case X86_INS_JCXZ: case X86_INS_JECXZ: out->kind = CLK_K_COND; return R_JCXZ;

    case X86_INS_LODSB: case X86_INS_LODSW: case X86_INS_LODSD:
    case X86_INS_STOSB: case X86_INS_STOSW: case X86_INS_STOSD:
    case X86_INS_MOVSB: case X86_INS_MOVSW: case X86_INS_MOVSD:
    case X86_INS_CMPSB: case X86_INS_CMPSW: case X86_INS_CMPSD:
    case X86_INS_SCASB: case X86_INS_SCASW: case X86_INS_SCASD:
    case X86_INS_INSB: case X86_INS_INSW: case X86_INS_INSD:
    case X86_INS_OUTSB: case X86_INS_OUTSW: case X86_INS_OUTSD:
        r = string_row(op0, rep);
        if (r != CLK_ROW_UNKNOWN && rep) {
            out->kind = CLK_K_REP;
            out->rep_ecx = x->prefix[3] == X86_PREFIX_ADDRSIZE;
        }
        return r;

    case X86_INS_ADD: case X86_INS_ADC: case X86_INS_SUB: case X86_INS_SBB:
    case X86_INS_AND: case X86_INS_OR:  case X86_INS_XOR:
        switch (sh) {
        case SH_RR: return R_ALU_RR;
        case SH_RM: return R_ALU_RM;
        case SH_MR: return R_ALU_MR;
        case SH_RI: return R_ALU_RI;
        case SH_MI: return R_ALU_MI;
        default: return CLK_ROW_UNKNOWN;
        }
    case X86_INS_CMP:
        switch (sh) {
        case SH_RR: return R_CMP_RR;
        case SH_RM: return R_CMP_RM;
        case SH_MR: return R_CMP_MR;
        case SH_RI: return R_CMP_RI;
        case SH_MI: return R_CMP_MI;
        default: return CLK_ROW_UNKNOWN;
        }
    case X86_INS_TEST:
        switch (sh) {
        case SH_RR: return R_TEST_RR;
        case SH_RM: case SH_MR: return R_TEST_RM;
        case SH_RI: return R_TEST_RI;
        case SH_MI: return R_TEST_MI;
        default: return CLK_ROW_UNKNOWN;
        }
    case X86_INS_INC: case X86_INS_DEC: return mem0 ? R_INCDEC_M : R_INCDEC_R;
    case X86_INS_NEG: case X86_INS_NOT: return mem0 ? R_NEGNOT_M : R_NEGNOT_R;

    case X86_INS_SHL: case X86_INS_SAL: case X86_INS_SHR: case X86_INS_SAR:
        return shift_row(ci, out, R_SHIFT_R1, R_SHIFT_M1, R_SHIFT_RN, R_SHIFT_MN);
    case X86_INS_ROL: case X86_INS_ROR:
        return shift_row(ci, out, R_ROT_R1, R_ROT_M1, R_ROT_RN, R_ROT_MN);
    case X86_INS_RCL: case X86_INS_RCR:
        return shift_row(ci, out, R_RC_R1, R_RC_M1, R_RC_RN, R_RC_MN);
    case X86_INS_SHLD: case X86_INS_SHRD:
        out->needs_386 = 1;
        return mem0 ? R_SHXD_M : R_SHXD_R;

    case X86_INS_MUL:
        return muldiv_row(x, R_MUL_R8, R_MUL_R16, R_MUL_R32,
                          R_MUL_M8, R_MUL_M16, R_MUL_M32);
    case X86_INS_IMUL:
        if (x->op_count == 1)
            return muldiv_row(x, R_MUL_R8, R_MUL_R16, R_MUL_R32,
                              R_MUL_M8, R_MUL_M16, R_MUL_M32);
        if (x->op_count == 3)
            return x->operands[1].type == X86_OP_MEM ? R_IMUL3_M : R_IMUL3_R;
        out->needs_386 = 1;                  /* 0F AF */
        return x->operands[1].type == X86_OP_MEM ? R_IMUL2_M : R_IMUL2_R;
    case X86_INS_DIV:
        return muldiv_row(x, R_DIV_R8, R_DIV_R16, R_DIV_R32,
                          R_DIV_M8, R_DIV_M16, R_DIV_M32);
    case X86_INS_IDIV:
        return muldiv_row(x, R_IDIV_R8, R_IDIV_R16, R_IDIV_R32,
                          R_IDIV_M8, R_IDIV_M16, R_IDIV_M32);

    case X86_INS_LEA: return R_LEA;
    case X86_INS_LDS: case X86_INS_LES: return R_LDS_LES;
    case X86_INS_LSS: case X86_INS_LFS: case X86_INS_LGS:
        out->needs_386 = 1;
        return R_LSS_LFS_LGS;
    case X86_INS_XCHG:
        if (sh == SH_RR)
            return (op0 >= 0x91 && op0 <= 0x97) ? R_XCHG_AR : R_XCHG_RR;
        return R_XCHG_RM;
    /* capstone 4 names 98/99 "cwde"/"cdq" even in 16-bit code: decide by the
     * opcode and the 66h prefix instead of the instruction id */
    case X86_INS_CBW: case X86_INS_CWDE: case X86_INS_CDQE:
    case X86_INS_CWD: case X86_INS_CDQ:  case X86_INS_CQO:
        if (x->prefix[2] == X86_PREFIX_OPSIZE)
            return op0 == 0x98 ? R_CWDE : R_CDQ;
        return op0 == 0x98 ? R_CBW : R_CWD;
    case X86_INS_IN:  return (op0 == 0xE4 || op0 == 0xE5) ? R_IN_I : R_IN_DX;
    case X86_INS_OUT: return (op0 == 0xE6 || op0 == 0xE7) ? R_OUT_I : R_OUT_DX;
    case X86_INS_INT:  return R_INT;
    case X86_INS_INT3: return R_INT3;
    case X86_INS_INTO: out->kind = CLK_K_COND; return R_INTO;
    case X86_INS_IRET: case X86_INS_IRETD: return R_IRET;
    case X86_INS_NOP:
        return op0 == 0x90 ? R_NOP : CLK_ROW_UNKNOWN;   /* 0F 1F: not a 286/386 insn */
    case X86_INS_XLATB: return R_XLAT;
    case X86_INS_ENTER: {
        unsigned level = x->op_count >= 2 ? (unsigned)(x->operands[1].imm & 31) : 0;
        if (level == 0) return R_ENTER0;
        if (level == 1) return R_ENTER1;
        out->kind = CLK_K_COUNT;
        out->count_imm = (unsigned char)(level - 1);
        return R_ENTERN;
    }
    case X86_INS_LEAVE: return R_LEAVE;

    case X86_INS_BT:
        out->needs_386 = 1;
        if (sh == SH_RR) return R_BT_RR;
        if (sh == SH_MR) return R_BT_MR;
        if (sh == SH_RI) return R_BT_RI;
        if (sh == SH_MI) return R_BT_MI;
        return CLK_ROW_UNKNOWN;
    case X86_INS_BTS: case X86_INS_BTR: case X86_INS_BTC:
        out->needs_386 = 1;
        if (sh == SH_RR) return R_BTX_RR;
        if (sh == SH_MR) return R_BTX_MR;
        if (sh == SH_RI) return R_BTX_RI;
        if (sh == SH_MI) return R_BTX_MI;
        return CLK_ROW_UNKNOWN;
    case X86_INS_BSF: case X86_INS_BSR:
        out->needs_386 = 1;
        return R_BSF;
    case X86_INS_SETA: case X86_INS_SETAE: case X86_INS_SETB: case X86_INS_SETBE:
    case X86_INS_SETE: case X86_INS_SETNE: case X86_INS_SETG: case X86_INS_SETGE:
    case X86_INS_SETL: case X86_INS_SETLE: case X86_INS_SETO: case X86_INS_SETNO:
    case X86_INS_SETP: case X86_INS_SETNP: case X86_INS_SETS: case X86_INS_SETNS:
        out->needs_386 = 1;
        return mem0 ? R_SETCC_M : R_SETCC_R;
    case X86_INS_HLT:  return R_HLT;
    case X86_INS_WAIT: return R_WAIT;
    case X86_INS_AAA: case X86_INS_AAS: case X86_INS_DAA: case X86_INS_DAS:
        return R_AAA;
    case X86_INS_AAM: return R_AAM;
    case X86_INS_AAD: return R_AAD;
    case X86_INS_BOUND: return R_BOUND;
    default:
        return CLK_ROW_UNKNOWN;
    }
}

int clk_classify(const cs_insn *ci, struct clk_insn *out)
{
    const cs_x86 *x = &ci->detail->x86;

    memset(out, 0, sizeof *out);
    out->kind = CLK_K_FIXED;
    out->len = (unsigned char)ci->size;
    snprintf(out->mnemonic, sizeof out->mnemonic, "%s", ci->mnemonic);
    if (x->prefix[2] == X86_PREFIX_OPSIZE || x->prefix[3] == X86_PREFIX_ADDRSIZE ||
        x->prefix[1] == X86_PREFIX_FS || x->prefix[1] == X86_PREFIX_GS)
        out->needs_386 = 1;
    out->row = classify_row(ci, out);
    if (out->row == CLK_ROW_UNKNOWN)
        out->kind = CLK_K_FIXED;
    else if (table[out->row].base[CLK_286] == NA)
        out->needs_386 = 1;
    return out->row;
}

unsigned long clk_cost(const struct clk_insn *ki, enum clk_cpu cpu,
                       const struct clk_dyn *d)
{
    const struct clk_row *r;
    int c = cpu;
    unsigned long n;

    if (ki->row == CLK_ROW_UNKNOWN)
        return CLK_UNKNOWN_CLOCKS;
    r = &table[ki->row];
    if (r->base[c] == NA)
        c = CLK_386;
    switch (ki->kind) {
    case CLK_K_COND:
        if (!d->taken)
            return (unsigned long)r->nt[c];
        return (unsigned long)r->base[c] + (r->m[c] ? d->m : 0);
    case CLK_K_REP:
        return (unsigned long)r->base[c] + (unsigned long)r->per[c] * d->n;
    case CLK_K_COUNT:
        n = ki->count_imm;
        if (ki->row != R_ENTERN)
            n &= 31;                    /* 286 and 386 mask shift counts to 5 bits */
        return (unsigned long)r->base[c] + (unsigned long)r->per[c] * n;
    case CLK_K_COUNT_CL:
        return (unsigned long)r->base[c] + (unsigned long)r->per[c] * (d->n & 31);
    default:
        return (unsigned long)r->base[c] + (r->m[c] ? d->m : 0);
    }
}

const char *clk_row_name(int row)
{
    if (row < 0 || row >= R_COUNT)
        return "unknown";
    return table[row].name;
}

int clk_row_count(void)
{
    return R_COUNT;
}

void clk_row_figures(int row, enum clk_cpu cpu, int *base, int *per, int *nt,
                     int *plus_m, const char **src)
{
    const struct clk_row *r = &table[row];
    *base = r->base[cpu];
    *per = r->per[cpu];
    *nt = r->nt[cpu];
    *plus_m = r->m[cpu];
    *src = r->src;
}
