/*
 * dtest.c - see dtest.h.
 */
#include <stdio.h>
#include "dtest.h"
#include "memory_api.h"
#include "module_abi.h"
#include "port.h"

int dt_passed = 0, dt_failed = 0;
int dt_sealed = 0;
static unsigned dt_seals;

void dt_check(int ok, const char *what, int line)
{
    if (ok) {
        dt_passed++;
    } else {
        dt_failed++;
        printf("FAIL line %d: %s\n", line, what);
    }
}

void dt_eq(long got, long want, const char *what, int line)
{
    if (got == want) {
        dt_passed++;
    } else {
        dt_failed++;
        printf("FAIL line %d: %s: got %ld (%lXh), want %ld (%lXh)\n",
               line, what, got, got, want, want);
    }
}

static void regs_clear(struct port_regs *r)
{
    r->ax = r->bx = r->cx = r->dx = r->si = r->di = r->ds = r->es = 0;
    r->flags = 0;
}

/* The command tail (PSP:80h, a length byte then the text) holds word,
 * in upper case. */
static int tail_has(unsigned psp, const char *word)
{
    unsigned len = port_peekb(psp, 0x80), i, j;

    for (i = 0; i < len && i < 127; i++) {
        for (j = 0; word[j] != 0 && i + j < len; j++)
            if (port_peekb(psp, 0x81 + i + j) != (unsigned char)word[j])
                break;
        if (word[j] == 0)
            return 1;
    }
    return 0;
}

void dt_init(const char *name)
{
    struct port_regs r;
    unsigned psp;
    regs_clear(&r);
    r.ax = 0x6200;                  /* PSP segment (DOS 3+) */
    port_int(0x21, &r);
    psp = r.bx;
    regs_clear(&r);
    r.es = psp;
    r.ax = 0x4A00;
    /* bcc's .COM has separate code and data: keep up to the end of the
     * 64 KB data segment (the stack sits at its top). */
    r.bx = (unsigned)(port_ds() - psp + 0x1000);
    port_int(0x21, &r);
    dt_sealed = tail_has(psp, "/SEAL");
    printf("%s%s\n", name, dt_sealed ? " [sealed]" : "");
}

void dt_seal_point(void)
{
    if (!dt_sealed)
        return;
    dt_seals++;
    DT_EQ(mem_seal((mem_u16)0), MEM_OK, "dt_seal_point: mem_seal(0)");
}

unsigned dt_dos_largest(void)
{
    struct port_regs r;
    regs_clear(&r);
    r.ax = 0x4800;
    r.bx = 0xFFFF;
    port_int(0x21, &r);
    return r.bx;
}

unsigned dt_dos_alloc(unsigned paras)
{
    struct port_regs r;
    regs_clear(&r);
    r.ax = 0x4800;
    r.bx = paras;
    port_int(0x21, &r);
    return (r.flags & PORT_CF) ? 0 : r.ax;
}

void dt_dos_free(unsigned seg)
{
    struct port_regs r;
    regs_clear(&r);
    r.ax = 0x4900;
    r.es = seg;
    port_int(0x21, &r);
}

int dt_xms_entry(unsigned *seg, unsigned *off)
{
    struct port_regs r;
    regs_clear(&r);
    r.ax = 0x4300;
    port_int(0x2F, &r);
    if ((r.ax & 0xFF) != 0x80)
        return 0;
    regs_clear(&r);
    r.ax = 0x4310;
    port_int(0x2F, &r);
    *seg = r.es;
    *off = r.bx;
    return 1;
}

static unsigned stk_seg, stk_top, stk_size;

static unsigned char stk_pat(unsigned i)
{
    return (unsigned char)(i * 7u + 0x35u);
}

unsigned dt_stk_fill(unsigned seg, unsigned top)
{
    unsigned i;

    stk_seg = seg;
    stk_top = top;
    stk_size = port_peekw(seg, MOD_HDR_OFF(stack_bytes));
    for (i = stk_top - stk_size; i != stk_top; i++)
        port_pokeb(seg, i, stk_pat(i));
    return stk_size;
}

unsigned dt_stk_used(void)
{
    unsigned i;

    for (i = stk_top - stk_size; i != stk_top; i++)
        if (port_peekb(stk_seg, i) != stk_pat(i))
            break;
    return stk_top - i;
}

int dt_pools_ok(const char *what, int line)
{
    static struct mem_pool_stats st;
    unsigned pool, bad = 0, n = 0;
    int rc;

    if (!dt_sealed) {
        rc = mem_pool_check();
        dt_eq((long)rc, (long)MEM_OK, what, line);
        return rc == MEM_OK;
    }
    rc = mem_pool_check();
    dt_eq((long)rc, (long)MEM_E_STATE, "sealed: mem_pool_check is gone", line);
    if (rc != MEM_E_STATE)
        bad++;
    for (pool = 0; pool <= MEM_POOL_LAST; pool++) {
        if (pool >= MEM_POOL_PKT_SMALL && pool <= MEM_POOL_NONE)
            continue;               /* aliases of classes, and the error record */
        st.size = sizeof(st);
        rc = mem_pool_stats((mem_u16)pool, MEM_FP(port_ds(), (unsigned)&st));
        if (rc != MEM_OK) {
            if (pool <= MEM_POOL_S256 || rc != MEM_E_INVAL)
                bad++;              /* only unconfigured packet classes may be refused */
            continue;
        }
        n++;
        if (st.used > st.total || st.used > st.high || st.low > st.total - st.used
            || st.reserve > st.total - st.used || st.umb_arenas > st.arenas
            || (st.total != 0) != (st.arenas != 0)) {
            bad++;
            printf("  pool %u: total %u used %u high %u low %u reserve %u arenas %u/%u\n",
                   pool, st.total, st.used, st.high, st.low, st.reserve, st.umb_arenas,
                   st.arenas);
        }
    }
    dt_check(bad == 0 && n > MEM_POOL_S256, what, line);
    return bad == 0 && n > MEM_POOL_S256;
}

int dt_done(void)
{
    /* tools/dostest.sh requires this line in sealed mode: a program
     * that never reaches its seal point fails the sealed pass. */
    if (dt_sealed)
        printf("sealed mode: %u seal point(s)\n", dt_seals);
    printf("%d passed, %d failed\n", dt_passed, dt_failed);
    return dt_failed;
}

void dt_delete(const char *name)
{
    struct port_regs r;
    regs_clear(&r);
    r.ax = 0x4100;
    r.dx = (unsigned)name;
    port_int(0x21, &r);
}
