/* cpu_trace.c - one bench86 pass: load the .COM, run it on unicorn, price
 * every executed instruction.
 *
 * How an instruction is priced
 * ----------------------------
 * UC_HOOK_CODE fires *before* an instruction executes.  The hook therefore
 * decodes the instruction and keeps it "pending"; the next hook (or the end of
 * the run) retires it, now knowing the state after it: IP (branch taken or
 * not), the length of the instruction executed next (+m), EFLAGS.IF (interrupt
 * accounting), SP (call-glue recognition), CX (REP iterations).
 *
 * REP under unicorn 2: unicorn (QEMU) runs one iteration per translation and
 * jumps back to the same instruction, so UC_HOOK_CODE fires once per iteration
 * plus once more for the final CX=0 check when the count runs out (CX=3: 4
 * calls; CX=0: 1 call) but not when REPE/REPNE stops on the flag (n calls).
 * The harness therefore does not count hook calls: a repeated hook at the
 * address of a pending REP instruction is ignored, and the iteration count is
 * taken from the counter register, n = CX(before) - CX(after) (ECX with a 67h
 * prefix), exact in both cases.
 *
 * Interrupts: unicorn reports INT n to UC_HOOK_INTR with IP already past the
 * instruction and does not vector through the IVT.  If the program has not
 * replaced the vector (it still points at the F000:n IRET stub) the host serves
 * the call (dos_services.c); the INT instruction itself is priced like any
 * other (286: 23+m, m = 1, the length of the IRET stub a real handler would
 * start with; 386: 37) and the host's work costs nothing.  If the program
 * installed its own handler, the harness performs the real-mode dispatch
 * (push FLAGS, CS, IP; clear IF and TF; load CS:IP) and the handler runs
 * emulated and priced like any code.  Code that reaches a stub by PUSHF /
 * CALL FAR [vector] (the client library's port_int, a handler chaining to
 * the old vector) is served when it arrives at F000:n, before the stub's
 * IRET; the IRET (and the caller's PUSHF, CLI, CALL) are priced, the result
 * flags are written into the FLAGS image the IRET pops.
 *
 * CPU personality: the 286 pass keeps FLAGS bits 12-15 at 0 (a real-mode 286
 * cannot set them, which is what 286-vs-386 detection code tests); the 386
 * pass keeps AC (bit 18) and ID (bit 21) at 0 (no 486 AC toggle, no CPUID).
 */
#include "bench86.h"

#include <stdlib.h>
#include <string.h>

#define DC_BITS 14
#define DC_SIZE (1u << DC_BITS)

struct dentry {
    uint32_t addr;
    uint8_t len;
    uint8_t valid;
    uint8_t bytes[16];
    struct clk_insn ki;
    uint8_t glue;
    uint16_t reg;
    uint8_t e9_out;
    uint8_t int_insn;           /* CD ib, CC, CE: a software interrupt */
    int smsw_reg;               /* SMSW r16: its unicorn register, else 0 */
    uint8_t shadow;             /* STI, MOV SS / POP SS: no interrupt is taken
                                   at the boundary after it */
    char text[96];              /* "mnemonic operands", for --trace */
};

struct pending {
    struct dentry d;
    uint32_t addr;
    uint32_t fl_before;
    uint16_t sp_before;
    uint32_t cx_before;
    uint8_t cl_before;
    int host_int;               /* the INT was served by the host */
};

struct trace {
    const struct run_config *cfg;
    struct pass_result *res;
    struct dos_state dos;
    struct marks marks;
    csh cs;
    struct dentry *dcache;
    struct pending pend;
    int have_pend;
    uint64_t run;               /* current IF=0 run (clocks) */
    uint32_t run_start;
    int fatal;
    int limit_hit;
    int restart;                /* an injected interrupt stopped the run:
                                   go on at CS:restart_ip */
    uint16_t restart_ip;
};

void bench_note_mnem(struct mnem_count *tab, int *n, const char *mnem)
{
    int i;
    for (i = 0; i < *n; i++) {
        if (strcmp(tab[i].mnem, mnem) == 0) {
            tab[i].count++;
            return;
        }
    }
    if (*n < BENCH_MAX_UNK) {
        snprintf(tab[*n].mnem, sizeof tab[*n].mnem, "%s", mnem);
        tab[*n].count = 1;
        (*n)++;
    }
}

static uint16_t rd16(uc_engine *uc, int reg)
{
    uint16_t v = 0;
    uc_reg_read(uc, reg, &v);
    return v;
}

static uint32_t rd32(uc_engine *uc, int reg)
{
    uint32_t v = 0;
    uc_reg_read(uc, reg, &v);
    return v;
}

static const char *cpu_name(enum clk_cpu c)
{
    return c == CLK_286 ? "286" : "386";
}

/* The unicorn id of a capstone 16-bit general register, 0 for others. */
static int uc_reg16(unsigned r)
{
    switch (r) {
    case X86_REG_AX: return UC_X86_REG_AX;
    case X86_REG_BX: return UC_X86_REG_BX;
    case X86_REG_CX: return UC_X86_REG_CX;
    case X86_REG_DX: return UC_X86_REG_DX;
    case X86_REG_SI: return UC_X86_REG_SI;
    case X86_REG_DI: return UC_X86_REG_DI;
    case X86_REG_BP: return UC_X86_REG_BP;
    case X86_REG_SP: return UC_X86_REG_SP;
    default: return 0;
    }
}

/* Decode (or find in the cache) the instruction at linear address a. */
static const struct dentry *decode(struct trace *t, uc_engine *uc, uint32_t a,
                                   uint32_t size)
{
    uint8_t buf[16];
    uint32_t h = (a * 2654435761u) >> (32 - DC_BITS);
    struct dentry *e = &t->dcache[h];
    cs_insn *ci;
    size_t n;

    if (size == 0 || size > sizeof buf)
        size = sizeof buf;
    if (uc_mem_read(uc, a, buf, size) != UC_ERR_OK)
        return NULL;
    if (e->valid && e->addr == a && e->len == size && memcmp(e->bytes, buf, size) == 0)
        return e;

    n = cs_disasm(t->cs, buf, size, a & 0xFFFFu, 1, &ci);
    if (n != 1)
        return NULL;
    memset(e, 0, sizeof *e);
    e->addr = a;
    e->len = (uint8_t)ci->size;
    memcpy(e->bytes, buf, ci->size);
    clk_classify(ci, &e->ki);
    snprintf(e->text, sizeof e->text, "%.31s %.60s", ci->mnemonic, ci->op_str);

    {
        const cs_x86 *x = &ci->detail->x86;
        switch (ci->id) {
        case X86_INS_CALL:
            e->glue = GLUE_CALL;
            break;
        case X86_INS_PUSH:
            e->glue = GLUE_PUSH;
            if (x->op_count >= 1 && x->operands[0].type == X86_OP_REG)
                e->reg = (uint16_t)x->operands[0].reg;
            break;
        case X86_INS_MOV:
            if (x->op_count >= 1 && x->operands[0].type == X86_OP_REG) {
                e->glue = GLUE_MOV;
                e->reg = (uint16_t)x->operands[0].reg;
            }
            break;
        default:
            break;
        }
        e->e9_out = x->opcode[0] == 0xE6 && ci->size == 2 && buf[1] == 0xE9;
        e->int_insn = ci->id == X86_INS_INT || ci->id == X86_INS_INT3 ||
                      ci->id == X86_INS_INTO;
        e->shadow = ci->id == X86_INS_STI ||
                    ((ci->id == X86_INS_MOV || ci->id == X86_INS_POP) &&
                     x->op_count >= 1 && x->operands[0].type == X86_OP_REG &&
                     x->operands[0].reg == X86_REG_SS);
        if (ci->id == X86_INS_SMSW) {
            int r = x->op_count >= 1 && x->operands[0].type == X86_OP_REG
                    ? uc_reg16(x->operands[0].reg) : 0;
            e->smsw_reg = r ? r : -1;       /* -1: a form --v86 cannot patch */
        }
    }
    e->valid = 1;
    cs_free(ci, 1);
    /* the capstone size is authoritative; a mismatch means unicorn and capstone
     * disagree about the encoding, which would make every figure suspect */
    if (e->len != size) {
        fprintf(stderr, "bench86: decode length %u != unicorn size %u at %05x (%s)\n",
                e->len, size, a, e->text);
        return NULL;
    }
    return e;
}

/* Retire the pending instruction, given the state after it. */
static void retire(struct trace *t, uc_engine *uc, uint32_t next_addr,
                   uint32_t next_size, uint32_t fl_after, uint16_t sp_after)
{
    struct pending *p = &t->pend;
    struct pass_result *res = t->res;
    const struct clk_insn *ki = &p->d.ki;
    struct clk_dyn dyn;
    struct retired r;
    uint64_t clk;

    memset(&dyn, 0, sizeof dyn);
    dyn.m = p->host_int ? 1u : next_size;
    if (ki->kind == CLK_K_COND)
        dyn.taken = next_addr != p->addr + p->d.len;
    if (ki->kind == CLK_K_REP) {
        uint32_t after = ki->rep_ecx ? rd32(uc, UC_X86_REG_ECX) : rd16(uc, UC_X86_REG_CX);
        dyn.n = ki->rep_ecx ? (uint32_t)(p->cx_before - after)
                            : (uint16_t)(p->cx_before - after);
        res->rep_insns++;
        res->rep_iters += dyn.n;
    }
    if (ki->kind == CLK_K_COUNT_CL)
        dyn.n = p->cl_before;

    clk = clk_cost(ki, res->cpu, &dyn);
    if (ki->row == CLK_ROW_UNKNOWN) {
        res->unknown_insns++;
        bench_note_mnem(res->unknown, &res->n_unknown, ki->mnemonic);
    }
    if (res->cpu == CLK_286 && ki->needs_386) {
        res->insns_386_only++;
        bench_note_mnem(res->only386, &res->n_only386, ki->mnemonic);
    }
    res->total_clocks += clk;
    res->total_insns++;

    memset(&r, 0, sizeof r);
    r.addr = p->addr;
    r.clk = clk;
    r.irqoff = !((p->fl_before & EFL_IF) && (fl_after & EFL_IF));
    r.sp_before = p->sp_before;
    r.sp_after = sp_after;
    r.glue = p->d.glue;
    r.reg = p->d.reg;
    r.e9_out = p->d.e9_out;

    if (r.irqoff) {
        if (t->run == 0)
            t->run_start = p->addr;
        t->run += clk;
        if (t->run > res->irqoff_max) {
            res->irqoff_max = t->run;
            res->irqoff_at = t->run_start;
        }
    } else {
        t->run = 0;
    }

    if (t->cfg->trace)
        fprintf(t->cfg->trace, "%s %05x %-40s %6llu  IF=%d  [%s]\n",
                cpu_name(res->cpu), p->addr, p->d.text, (unsigned long long)clk,
                (fl_after & EFL_IF) ? 1 : 0, clk_row_name(ki->row));

    marks_retire(&t->marks, uc, &r);
}

/* Serve INT intno for a caller that far-called the F000:intno stub.
 * Returns 1 when the program asked to terminate (the run stops). */
static int serve_stub(struct trace *t, uc_engine *uc, unsigned intno)
{
    uint16_t ss = rd16(uc, UC_X86_REG_SS), sp = rd16(uc, UC_X86_REG_SP);
    uint32_t at = ((uint32_t)ss << 4) + (uint16_t)(sp + 4);
    uint16_t img = 0;
    uint32_t fl;
    const uint32_t keep = EFL_CF | EFL_ZF;

    t->res->stub_calls++;
    if (dos_interrupt(uc, &t->dos, intno)) {
        t->res->exited = 1;
        t->res->exit_code = t->dos.exit_code;
        uc_emu_stop(uc);
        return 1;
    }
    fl = rd32(uc, UC_X86_REG_EFLAGS);
    uc_mem_read(uc, at, &img, 2);
    img = (uint16_t)((img & ~keep) | (fl & keep));
    uc_mem_write(uc, at, &img, 2);
    return 0;
}

/* A real-mode interrupt's entry: push FLAGS, CS and ip, clear IF and TF,
 * load CS:IP from the IVT entry vec (the caller says how the run goes on
 * there). */
static void int_frame(uc_engine *uc, uint16_t ip, uint32_t fl, const uint16_t vec[2])
{
    uint16_t cs = rd16(uc, UC_X86_REG_CS), ss = rd16(uc, UC_X86_REG_SS);
    uint16_t sp = rd16(uc, UC_X86_REG_SP), frame[3];

    frame[0] = ip;
    frame[1] = cs;
    frame[2] = (uint16_t)fl;
    sp = (uint16_t)(sp - 6);
    uc_mem_write(uc, ((uint32_t)ss << 4) + sp, frame, 6);
    uc_reg_write(uc, UC_X86_REG_SP, &sp);
    fl &= ~(EFL_IF | EFL_TF);
    uc_reg_write(uc, UC_X86_REG_EFLAGS, &fl);
    uc_reg_write(uc, UC_X86_REG_CS, &vec[1]);
    uc_reg_write(uc, UC_X86_REG_IP, &vec[0]);
}

/* Deliver the armed interrupt at the boundary before the instruction at
 * linear a, as a real-mode CPU takes a hardware interrupt: the frame holds
 * the IP of that instruction (it has not run).  Unicorn 2 does not leave a
 * translation block for CS:IP written in the code hook (the instruction at
 * a would still run), so the hook stops the run and bench86 starts it again
 * at the vector (t->restart); tests/t_inject.asm checks that the
 * instruction then runs exactly once, after the IRET.  The dispatch is
 * priced at 0 clocks. */
static void inject_irq(struct trace *t, uc_engine *uc, uint32_t a, uint32_t fl)
{
    struct irq_arm *q = &t->marks.irq;
    uint16_t cs = rd16(uc, UC_X86_REG_CS), ip, vec[2], done;

    uc_mem_read(uc, q->vec * 4u, vec, 4);
    ip = (uint16_t)(a - ((uint32_t)cs << 4));
    int_frame(uc, ip, fl, vec);
    if (q->flag_lin) {
        done = (uint16_t)(q->deferred + 1);
        uc_mem_write(uc, q->flag_lin, &done, 2);
    }
    q->armed = 0;
    t->res->irq_injected++;
    if (t->cfg->trace)
        fprintf(t->cfg->trace, "%s ----- injected INT %02Xh at %04X:%04X (%u boundaries"
                " deferred) -> %04X:%04X\n", cpu_name(t->res->cpu), q->vec, cs,
                ip, q->deferred, vec[1], vec[0]);
    t->restart = 1;
    t->restart_ip = vec[0];
    uc_emu_stop(uc);
}

static void hook_code(uc_engine *uc, uint64_t address, uint32_t size, void *ud)
{
    struct trace *t = ud;
    uint32_t a = (uint32_t)address;
    uint32_t fl, mask;
    uint16_t sp;
    int shadow;
    const struct dentry *d;

    if (t->res->exited || t->fatal)
        return;
    if (t->have_pend && t->pend.d.ki.kind == CLK_K_REP && a == t->pend.addr) {
        t->res->rep_hooks++;
        return;
    }
    /* --v86: the SMSW that just ran reports PE = 1, as in virtual-8086 mode */
    if (t->have_pend && t->pend.d.smsw_reg && t->cfg->v86) {
        if (t->pend.d.smsw_reg > 0) {
            uint16_t msw = rd16(uc, t->pend.d.smsw_reg) | 1u;
            uc_reg_write(uc, t->pend.d.smsw_reg, &msw);
        } else {
            fprintf(stderr, "bench86: --v86: SMSW to memory at %05x is not "
                    "supported\n", t->pend.addr);
            t->fatal = 1;
            uc_emu_stop(uc);
            return;
        }
    }
    fl = rd32(uc, UC_X86_REG_EFLAGS);
    sp = rd16(uc, UC_X86_REG_SP);
    shadow = t->have_pend && t->pend.d.shadow;
    if (t->have_pend)
        retire(t, uc, a, size, fl, sp);
    t->have_pend = 0;

    mask = t->res->cpu == CLK_286 ? 0xF000u : ((1u << 18) | (1u << 21));
    if (fl & mask) {
        fl &= ~mask;
        uc_reg_write(uc, UC_X86_REG_EFLAGS, &fl);
    }

    /* An armed interrupt ('I' / 'i' markers): this hook is an instruction
     * boundary (REP iterations are not: the repeated hooks returned above).
     * Due from boundary K on, taken at the first boundary where IF = 1 and
     * the instruction before was no STI / MOV SS / POP SS. */
    if (t->marks.irq.armed && !t->res->exited) {
        struct irq_arm *q = &t->marks.irq;
        if (q->skip > 0) {
            q->skip--;
        } else if (q->count < q->k) {
            q->count++;
        } else if (!(fl & EFL_IF) || shadow) {
            q->count++;
            q->deferred++;
        } else {
            inject_irq(t, uc, a, fl);
            return;
        }
    }

    /* A service reached by a far call to its IRET stub (PUSHF / CALL FAR
     * [vector], the way port_int and chaining handlers call DOS) instead of
     * an INT instruction: serve it now, before the stub's IRET runs, and put
     * the result flags into the FLAGS image the IRET will pop. */
    if (a >= ((uint32_t)SEG_BIOS << 4) && a < ((uint32_t)SEG_BIOS << 4) + 256u) {
        if (serve_stub(t, uc, a - ((uint32_t)SEG_BIOS << 4)))
            return;
        fl = rd32(uc, UC_X86_REG_EFLAGS) & ~mask;
    }

    if (t->res->total_insns >= t->cfg->insn_limit) {
        t->limit_hit = 1;
        uc_emu_stop(uc);
        return;
    }
    d = decode(t, uc, a, size);
    if (!d) {
        fprintf(stderr, "bench86: cannot decode the instruction at %05x\n", a);
        t->fatal = 1;
        uc_emu_stop(uc);
        return;
    }
    t->pend.d = *d;
    t->pend.addr = a;
    t->pend.fl_before = fl;
    t->pend.sp_before = sp;
    t->pend.host_int = 0;
    if (d->ki.kind == CLK_K_REP)
        t->pend.cx_before = d->ki.rep_ecx ? rd32(uc, UC_X86_REG_ECX)
                                          : rd16(uc, UC_X86_REG_CX);
    if (d->ki.kind == CLK_K_COUNT_CL)
        t->pend.cl_before = (uint8_t)rd16(uc, UC_X86_REG_CX);
    t->have_pend = 1;
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *ud)
{
    struct trace *t = ud;
    uint16_t vec[2];

    if (!t->have_pend || !t->pend.d.int_insn) {
        fprintf(stderr, "bench86: CPU exception %u at %05x (%s)\n", intno,
                t->have_pend ? t->pend.addr : 0,
                t->have_pend ? t->pend.d.text : "?");
        t->fatal = 1;
        uc_emu_stop(uc);
        return;
    }
    uc_mem_read(uc, intno * 4u, vec, 4);
    if (vec[1] == SEG_BIOS && vec[0] == intno) {
        t->pend.host_int = 1;
        if (dos_interrupt(uc, &t->dos, intno)) {
            t->res->exited = 1;
            t->res->exit_code = t->dos.exit_code;
            uc_emu_stop(uc);
        }
        return;
    }
    /* real-mode dispatch to the program's own handler */
    int_frame(uc, rd16(uc, UC_X86_REG_IP), rd32(uc, UC_X86_REG_EFLAGS), vec);
}

/* Build the emulated machine: IVT, IRET stubs, environment, PSP, image. */
static int load_machine(uc_engine *uc, const struct run_config *cfg)
{
    static uint8_t img[0x10000];
    uint8_t psp[0x100];
    uint8_t stubs[256];
    uint16_t ivt[512];
    char env[256];
    size_t n, envlen, tl;
    FILE *f;
    unsigned i;
    const char *base;

    f = fopen(cfg->program, "rb");
    if (!f) {
        perror(cfg->program);
        return -1;
    }
    n = fread(img, 1, sizeof img, f);
    fclose(f);
    if (n == 0 || n > 0xFF00u - 0x100u) {
        fprintf(stderr, "bench86: %s: empty or too large for a .COM (%zu bytes)\n",
                cfg->program, n);
        return -1;
    }
    for (i = 0; i < 256; i++) {
        ivt[2 * i] = (uint16_t)i;
        ivt[2 * i + 1] = SEG_BIOS;
    }
    memset(stubs, 0xCF, sizeof stubs);      /* IRET */
    uc_mem_write(uc, 0, ivt, sizeof ivt);
    if (cfg->vds) {                         /* BDA 0040:007B bit 5: VDS present */
        uint8_t b = 0x20;
        uc_mem_write(uc, 0x47B, &b, 1);
    }
    uc_mem_write(uc, (uint32_t)SEG_BIOS << 4, stubs, sizeof stubs);

    base = strrchr(cfg->program, '/');
    base = base ? base + 1 : cfg->program;
    memset(env, 0, sizeof env);
    envlen = (size_t)snprintf(env, sizeof env - 40, "COMSPEC=C:\\COMMAND.COM") + 2;
    env[envlen++] = 1;                      /* one string follows: the program path */
    env[envlen++] = 0;
    snprintf(env + envlen, sizeof env - envlen, "C:\\%s", base);
    for (i = (unsigned)envlen; env[i]; i++)
        if (env[i] >= 'a' && env[i] <= 'z')
            env[i] = (char)(env[i] - 'a' + 'A');
    uc_mem_write(uc, (uint32_t)SEG_ENV << 4, env, sizeof env);

    memset(psp, 0, sizeof psp);
    psp[0] = 0xCD;                          /* INT 20h */
    psp[1] = 0x20;
    psp[2] = SEG_ARENA & 0xFF;              /* top of the program's memory */
    psp[3] = SEG_ARENA >> 8;
    psp[0x2C] = SEG_ENV & 0xFF;
    psp[0x2D] = SEG_ENV >> 8;
    psp[0x50] = 0xCD;                       /* DOS function dispatcher: INT 21h, RETF */
    psp[0x51] = 0x21;
    psp[0x52] = 0xCB;
    tl = cfg->tail ? strlen(cfg->tail) : 0;
    if (tl > 125)
        tl = 125;
    psp[0x80] = (uint8_t)(tl ? tl + 1 : 0);
    if (tl) {
        psp[0x81] = ' ';
        memcpy(psp + 0x82, cfg->tail, tl);
    }
    psp[0x81 + (tl ? tl + 1 : 0)] = 0x0D;
    uc_mem_write(uc, (uint32_t)SEG_PSP << 4, psp, sizeof psp);
    uc_mem_write(uc, ((uint32_t)SEG_PSP << 4) + 0x100, img, n);
    {
        uint16_t zero = 0;                  /* RET from the .COM lands on INT 20h */
        uc_mem_write(uc, ((uint32_t)SEG_PSP << 4) + 0xFFFE, &zero, 2);
    }
    return 0;
}

int trace_run(const struct run_config *cfg, struct pass_result *res)
{
    static struct trace t;
    uc_engine *uc = NULL;
    uc_hook hc, hi;
    uc_err err;
    uint16_t seg = SEG_PSP, sp = 0xFFFE;
    uint32_t fl = 0x0202;                   /* IF=1, as DOS starts a program */
    int rc = -1;

    memset(&t, 0, sizeof t);
    memset(res, 0, sizeof *res);
    res->cpu = cfg->cpu;
    res->ran = 1;
    t.cfg = cfg;
    t.res = res;
    dos_init(&t.dos, cfg->echo, cfg->dir, cfg->vds);
    marks_init(&t.marks, res);
    t.dcache = calloc(DC_SIZE, sizeof *t.dcache);
    if (!t.dcache) {
        fprintf(stderr, "bench86: out of memory\n");
        res->error = 1;
        return -1;
    }
    if (cs_open(CS_ARCH_X86, CS_MODE_16, &t.cs) != CS_ERR_OK) {
        fprintf(stderr, "bench86: capstone: cannot open x86-16\n");
        goto out;
    }
    cs_option(t.cs, CS_OPT_DETAIL, CS_OPT_ON);

    err = uc_open(UC_ARCH_X86, UC_MODE_16, &uc);
    if (err != UC_ERR_OK) {
        fprintf(stderr, "bench86: unicorn: %s\n", uc_strerror(err));
        goto out;
    }
    uc_mem_map(uc, 0, 0x100000, UC_PROT_ALL);
    if (load_machine(uc, cfg) != 0)
        goto out;
    uc_reg_write(uc, UC_X86_REG_CS, &seg);
    uc_reg_write(uc, UC_X86_REG_DS, &seg);
    uc_reg_write(uc, UC_X86_REG_ES, &seg);
    uc_reg_write(uc, UC_X86_REG_SS, &seg);
    uc_reg_write(uc, UC_X86_REG_SP, &sp);
    uc_reg_write(uc, UC_X86_REG_EFLAGS, &fl);
    uc_hook_add(uc, &hc, UC_HOOK_CODE, hook_code, &t, 1, 0);
    uc_hook_add(uc, &hi, UC_HOOK_INTR, hook_intr, &t, 1, 0);

    /* in 16-bit mode unicorn takes begin as IP (truncated to 16 bits) */
    err = uc_emu_start(uc, ((uint32_t)SEG_PSP << 4) + 0x100, 0xFFFFFFFFu, 0, 0);
    while (err == UC_ERR_OK && t.restart && !t.fatal && !t.limit_hit && !res->exited) {
        t.restart = 0;
        err = uc_emu_start(uc, t.restart_ip, 0xFFFFFFFFu, 0, 0);
    }

    if (t.have_pend && res->exited) {
        /* the terminating INT: flags and SP as the host left them */
        retire(&t, uc, 0xFFFFFFFFu, 1, rd32(uc, UC_X86_REG_EFLAGS),
               rd16(uc, UC_X86_REG_SP));
        t.have_pend = 0;
    }
    marks_finish(&t.marks);
    dos_finish(&t.dos);

    if (err != UC_ERR_OK) {
        uint16_t cs = rd16(uc, UC_X86_REG_CS), ip = rd16(uc, UC_X86_REG_IP);
        fprintf(stderr, "bench86: %s pass: unicorn stopped: %s at %04x:%04x\n",
                cpu_name(cfg->cpu), uc_strerror(err), cs, ip);
    } else if (t.limit_hit) {
        fprintf(stderr, "bench86: %s pass: instruction limit %llu reached\n",
                cpu_name(cfg->cpu), (unsigned long long)cfg->insn_limit);
    } else if (!t.fatal && !res->exited) {
        uint16_t cs = rd16(uc, UC_X86_REG_CS), ip = rd16(uc, UC_X86_REG_IP);
        fprintf(stderr, "bench86: %s pass: program stopped without exiting at %04x:%04x\n",
                cpu_name(cfg->cpu), cs, ip);
    } else if (!t.fatal) {
        rc = 0;
    }
out:
    if (rc != 0)
        res->error = 1;
    if (uc)
        uc_close(uc);
    if (t.cs)
        cs_close(&t.cs);
    free(t.dcache);
    return rc;
}
