/*
 * dtest.c - see dtest.h.
 */
#include <stdio.h>
#include "dtest.h"
#include "port.h"

int dt_passed = 0, dt_failed = 0;

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
    printf("%s\n", name);
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

int dt_done(void)
{
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
