/* region_marks.c - the port-0E9h region protocol and per-region statistics.
 *
 * A marker is the 2-byte instruction OUT 0E9h,AL followed immediately by a
 * short JMP over a payload (README.md, bench_marks.inc):
 *
 *     E6 E9          out  0E9h, al      ; AL is not used by the protocol
 *     EB len         jmp  short .after  ; skips the payload
 *     BE cmd id ...  payload (len bytes): magic 0BEh, command, id, [name]
 *   .after:
 *
 * On a PC or in DOSBox the OUT writes a byte nobody listens to and the JMP
 * skips the payload, so a marked binary runs unchanged.  bench86 recognises the
 * OUT at retirement, reads the payload from memory, and acts on the command:
 *
 *   'B' id        begin an entry of region id      (macro form, id in payload)
 *   'C' id        begin an entry of region id at the callee: the instruction
 *                 retired next (the caller's CALL) is excluded from every
 *                 region, so the entry holds what the called routine executes,
 *                 its RET included
 *   'E' id        end the open entry of region id
 *   'N' id name   name region id (name = rest of the payload)
 *   'b' 'e' 'n'   the same from a C call (bench_marks.asm): id is the first
 *                 cdecl argument, word [SS:SP+2]; 'n' takes a near pointer to a
 *                 NUL-terminated name in DS as the second argument, [SS:SP+4].
 *
 * Which clocks an entry holds (the exact rule):
 * - Macro form: every instruction retired after the marker's JMP and before the
 *   ending marker's OUT.  The OUT and the JMP of any marker are never part of
 *   any region.
 * - C form: in addition the call glue is excluded: before the OUT, the CALL,
 *   the argument PUSHes (recognised by SP) and, for each PUSH of a register, a
 *   MOV into that register immediately before it (bcc: "mov ax,*id; push ax;
 *   call _bench_end"); after the OUT, every instruction until SP is back at its
 *   value before the argument pushes (the RET and bcc's "inc sp; inc sp").
 *   The glue before the OUT is removed after the fact: retired instructions
 *   wait in a short queue (MARK_FIFO) before they are charged to open regions.
 * Excluded instructions still count in the global totals and in the global
 * interrupts-off figure; inside a region they neither extend nor break an
 * IF=0 run.
 */
#include "bench86.h"

#include <stdlib.h>
#include <string.h>

#define MARK_MAGIC 0xBE
#define GLUE_CAP   8            /* instructions after a C marker before giving up */

char bench_region_name[BENCH_MAX_ID + 1][BENCH_NAME_MAX];

void marks_init(struct marks *m, struct pass_result *res)
{
    memset(m, 0, sizeof *m);
    m->res = res;
}

static void console_flush(struct marks *m)
{
    if (m->ncon) {
        fprintf(stderr, "bench86: e9: %.*s\n", m->ncon, m->console);
        m->ncon = 0;
    }
}

static void console_put(struct marks *m, uint8_t c)
{
    if (c == '\n' || c == '\r') {
        console_flush(m);
        return;
    }
    m->console[m->ncon++] = (char)((c >= 0x20 && c < 0x7F) ? c : '.');
    if (m->ncon == (int)sizeof m->console)
        console_flush(m);
}

static void apply(struct marks *m, const struct retired *r)
{
    int i;
    for (i = 0; i < m->nopen; i++) {
        struct open_entry *o = &m->open[i];
        o->clk += r->clk;
        if (r->irqoff) {
            o->run += r->clk;
            if (o->run > o->max_run)
                o->max_run = o->run;
        } else {
            o->run = 0;
        }
    }
}

static void flush_fifo(struct marks *m)
{
    int i;
    for (i = 0; i < m->nfifo; i++)
        apply(m, &m->fifo[i]);
    m->nfifo = 0;
}

static void push_fifo(struct marks *m, const struct retired *r)
{
    if (m->nfifo == MARK_FIFO) {
        apply(m, &m->fifo[0]);
        memmove(&m->fifo[0], &m->fifo[1], (MARK_FIFO - 1) * sizeof m->fifo[0]);
        m->nfifo--;
    }
    m->fifo[m->nfifo++] = *r;
}

static void marker_error(struct marks *m, uint32_t addr, const char *what, int id)
{
    m->res->marker_errors++;
    fprintf(stderr, "bench86: marker at %05x: %s (id %d)\n", addr, what, id);
}

static int find_open(struct marks *m, int id)
{
    int i;
    for (i = 0; i < m->nopen; i++)
        if (m->open[i].id == id)
            return i;
    return -1;
}

static void region_begin(struct marks *m, uint32_t addr, int id)
{
    int i = find_open(m, id);
    if (i >= 0) {
        marker_error(m, addr, "begin of a region already open; restarted", id);
        m->open[i].clk = m->open[i].run = m->open[i].max_run = 0;
        return;
    }
    if (m->nopen == MARK_OPEN) {
        marker_error(m, addr, "too many regions open at once", id);
        return;
    }
    memset(&m->open[m->nopen], 0, sizeof m->open[0]);
    m->open[m->nopen].id = id;
    m->nopen++;
}

static void region_end(struct marks *m, uint32_t addr, int id)
{
    int i = find_open(m, id);
    struct region_stats *s = &m->res->reg[id];
    if (i < 0) {
        marker_error(m, addr, "end of a region that is not open", id);
        return;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        uint64_t *p = realloc(s->clk, cap * sizeof *p);
        if (!p) {
            fprintf(stderr, "bench86: out of memory\n");
            exit(2);
        }
        s->clk = p;
        s->cap = cap;
    }
    s->clk[s->n++] = m->open[i].clk;
    if (m->open[i].max_run > s->irqoff_max)
        s->irqoff_max = m->open[i].max_run;
    m->open[i] = m->open[m->nopen - 1];
    m->nopen--;
}

static void region_name(struct marks *m, uint32_t addr, int id, const char *name)
{
    char clean[BENCH_NAME_MAX];
    int i;
    for (i = 0; name[i] && i < BENCH_NAME_MAX - 1; i++) {
        char c = name[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        clean[i] = ok ? c : '_';
    }
    clean[i] = 0;
    if (!clean[0]) {
        marker_error(m, addr, "empty region name", id);
        return;
    }
    if (bench_region_name[id][0] && strcmp(bench_region_name[id], clean) != 0) {
        marker_error(m, addr, "region renamed; keeping the first name", id);
        return;
    }
    snprintf(bench_region_name[id], BENCH_NAME_MAX, "%s", clean);
}

/* C form: drop the caller's glue (CALL, argument PUSHes, MOVs feeding them)
 * from the tail of the queue.  sp is SP at the OUT = SP just after the CALL. */
static void drop_call_glue(struct marks *m, uint32_t addr, uint16_t sp, int nargs)
{
    struct retired *tail;
    int k;

    tail = m->nfifo ? &m->fifo[m->nfifo - 1] : NULL;
    if (!tail || tail->glue != GLUE_CALL || tail->sp_after != sp)
        goto unrecognised;
    m->nfifo--;
    for (k = 0; k < nargs; k++) {
        uint16_t reg;
        tail = m->nfifo ? &m->fifo[m->nfifo - 1] : NULL;
        if (!tail || tail->glue != GLUE_PUSH ||
            tail->sp_after != (uint16_t)(sp + 2 + 2 * k))
            goto unrecognised;
        reg = tail->reg;
        m->nfifo--;
        tail = m->nfifo ? &m->fifo[m->nfifo - 1] : NULL;
        if (reg && tail && tail->glue == GLUE_MOV && tail->reg == reg)
            m->nfifo--;
    }
    return;
unrecognised:
    if (!m->warned_glue) {
        fprintf(stderr, "bench86: C marker at %05x: caller glue not recognised, "
                "call overhead stays in the region\n", addr);
        m->warned_glue = 1;
    }
}

static void read_cstring(uc_engine *uc, uint32_t lin, char *out, size_t max)
{
    size_t i;
    for (i = 0; i + 1 < max; i++) {
        uint8_t c = 0;
        uc_mem_read(uc, lin + i, &c, 1);
        if (!c)
            break;
        out[i] = (char)c;
    }
    out[i] = 0;
}

/* The injected-interrupt commands (README.md, "Injected interrupts"):
 *   'I' vec    arm (macro form): K = CX, flag word at DS:BX (BX = 0: none);
 *              boundary 0 is the one after the marker's JMP
 *   'i'        arm (C form): bench_irq_arm(k, vec, flag) - K at [SS:SP+2],
 *              the vector at [SS:SP+4], a near pointer (DS) to the flag word
 *              at [SS:SP+6] (0: none); boundary 0 is the routine's return
 *              address (the first instruction of the caller after the CALL)
 *   'X' / 'x'  disarm (macro / C form: bench_irq_disarm())
 * The flag word is written 0 when armed and (deferred boundaries + 1) when
 * the interrupt is taken, so the program can tell whether and where it
 * fired.  cpu_trace.c counts the boundaries and delivers the interrupt. */
static void irq_command(struct marks *m, uc_engine *uc, uint32_t addr, int cmd,
                        uint8_t vec, uint32_t ss, uint32_t ds, uint16_t sp)
{
    struct irq_arm *q = &m->irq;
    uint16_t k = 0, v = vec, fl = 0, zero = 0;

    if (cmd == 'X' || cmd == 'x') {
        q->armed = 0;
        return;
    }
    if (cmd == 'I') {
        uint16_t w = 0;
        uc_reg_read(uc, UC_X86_REG_CX, &k);
        uc_reg_read(uc, UC_X86_REG_BX, &fl);
        uc_reg_read(uc, UC_X86_REG_DS, &w);
        ds = (uint32_t)w << 4;
    } else {
        uc_mem_read(uc, ss + (uint16_t)(sp + 2), &k, 2);
        uc_mem_read(uc, ss + (uint16_t)(sp + 4), &v, 2);
        uc_mem_read(uc, ss + (uint16_t)(sp + 6), &fl, 2);
    }
    if (v > 0xFF) {
        marker_error(m, addr, "interrupt vector above 0FFh", v);
        q->armed = 0;
        return;
    }
    memset(q, 0, sizeof *q);
    q->armed = 1;
    q->k = k;
    q->vec = (uint8_t)v;
    q->skip = cmd == 'I' ? 1 : 2;       /* the JMP ('i': and the RET) */
    q->flag_lin = fl ? ds + fl : 0;
    if (q->flag_lin)
        uc_mem_write(uc, q->flag_lin, &zero, 2);
}

static void handle_out(struct marks *m, uc_engine *uc, const struct retired *r)
{
    uint8_t hdr[2], pl[80];
    unsigned len;
    int cmd, id, cform, nargs;
    uint16_t sp = r->sp_before;
    uint32_t ss = 0, ds = 0;
    char name[BENCH_NAME_MAX];

    if (uc_mem_read(uc, r->addr + 2, hdr, 2) != UC_ERR_OK || hdr[0] != 0xEB ||
        hdr[1] < 3 || hdr[1] > sizeof pl ||
        uc_mem_read(uc, r->addr + 4, pl, hdr[1]) != UC_ERR_OK || pl[0] != MARK_MAGIC) {
        uint16_t ax = 0;
        uc_reg_read(uc, UC_X86_REG_AX, &ax);
        console_put(m, (uint8_t)ax);
        push_fifo(m, r);                 /* a plain debug write is ordinary code */
        return;
    }
    len = hdr[1];
    cmd = pl[1];
    if (cmd == 'I' || cmd == 'i' || cmd == 'X' || cmd == 'x') {
        /* not a region marker: its instructions are ordinary code */
        uint16_t w = 0;
        uc_reg_read(uc, UC_X86_REG_SS, &w);
        ss = (uint32_t)w << 4;
        uc_reg_read(uc, UC_X86_REG_DS, &w);
        ds = (uint32_t)w << 4;
        push_fifo(m, r);
        irq_command(m, uc, r->addr, cmd, pl[2], ss, ds, sp);
        return;
    }
    cform = cmd == 'b' || cmd == 'e' || cmd == 'n';
    nargs = cmd == 'n' ? 2 : 1;
    if (cform) {
        uint16_t w = 0;
        uc_reg_read(uc, UC_X86_REG_SS, &w);
        ss = (uint32_t)w << 4;
        uc_reg_read(uc, UC_X86_REG_DS, &w);
        ds = (uint32_t)w << 4;
        drop_call_glue(m, r->addr, sp, nargs);
        w = 0;
        uc_mem_read(uc, ss + (uint16_t)(sp + 2), &w, 2);
        id = w;
    } else {
        id = pl[2];
    }
    flush_fifo(m);

    if (id < 1 || id > BENCH_MAX_ID) {
        marker_error(m, r->addr, "region id out of range 1..250", id);
    } else {
        switch (cmd) {
        case 'B': case 'b': case 'C':
            region_begin(m, r->addr, id);
            break;
        case 'E': case 'e':
            region_end(m, r->addr, id);
            break;
        case 'N': {
            unsigned n = len - 3 < BENCH_NAME_MAX - 1 ? len - 3 : BENCH_NAME_MAX - 1;
            memcpy(name, pl + 3, n);
            name[n] = 0;
            region_name(m, r->addr, id, name);
            break;
        }
        case 'n': {
            uint16_t p = 0;
            uc_mem_read(uc, ss + (uint16_t)(sp + 4), &p, 2);
            read_cstring(uc, ds + p, name, sizeof name);
            region_name(m, r->addr, id, name);
            break;
        }
        default:
            marker_error(m, r->addr, "unknown command", id);
            break;
        }
    }

    if (cform) {
        m->sp_glue = 1;
        m->sp_target = (uint32_t)sp + 2 + 2 * (uint32_t)nargs;
        m->sp_glue_count = 0;
    } else {
        m->skip = cmd == 'C' ? 2 : 1;    /* the JMP over the payload ('C': and the CALL) */
    }
}

void marks_retire(struct marks *m, uc_engine *uc, const struct retired *r)
{
    if (r->e9_out) {
        handle_out(m, uc, r);
        return;
    }
    if (m->skip > 0) {
        m->skip--;
        return;
    }
    if (m->sp_glue) {
        if (r->sp_after >= m->sp_target)
            m->sp_glue = 0;
        else if (++m->sp_glue_count >= GLUE_CAP) {
            fprintf(stderr, "bench86: C marker: SP not restored after %d "
                    "instructions; counting again\n", GLUE_CAP);
            m->sp_glue = 0;
        }
        return;
    }
    push_fifo(m, r);
}

void marks_finish(struct marks *m)
{
    int i;
    flush_fifo(m);
    for (i = 0; i < m->nopen; i++)
        marker_error(m, 0, "region still open at exit; entry dropped", m->open[i].id);
    m->nopen = 0;
    console_flush(m);
}
