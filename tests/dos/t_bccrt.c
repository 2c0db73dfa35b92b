/*
 * t_bccrt.c - the module's 32-bit helpers (src/port/dos/bcc_rt.asm) against
 * the host compiler's arithmetic.  This program is linked with the module's
 * bcc_rt.o ahead of bcc's libc (Makefile: COM_EXTRA_T_BCCRT), so every long
 * operation bcc compiles below (laddul, lmulul, ldivl, lsrl, lcmpl ...) runs
 * the module's code; build/gen/bccrt_vec.h holds operand pairs and what
 * gcc's 32-bit arithmetic makes of them (tools/bccrt_vec.c).
 */
#include <stdio.h>
#include "dtest.h"

struct bccrt_vec {
    unsigned long a, b, add, sub, and_, or_, xor_, mul, divu, modu, divs, mods;
    unsigned long shl, shru, shrs;
    int ltu, lts, eq, zero;
};
#include "bccrt_vec.h"

/* volatile-free bcc: globals keep the operations from being folded */
unsigned long ua, ub, ur;
long sa, sb, sr;
int sh;

static int check(struct bccrt_vec *v)
{
    int bad = 0;
    ua = v->a; ub = v->b; sa = (long)v->a; sb = (long)v->b; sh = (int)(v->b & 31);
    ur = ua + ub;  bad += ur != v->add;
    ur = ua - ub;  bad += ur != v->sub;
    ur = ua & ub;  bad += ur != v->and_;
    ur = ua | ub;  bad += ur != v->or_;
    ur = ua ^ ub;  bad += ur != v->xor_;
    ur = ua * ub;  bad += ur != v->mul;
    sr = sa * sb;  bad += (unsigned long)sr != v->mul;
    ur = ua / ub;  bad += ur != v->divu;
    ur = ua % ub;  bad += ur != v->modu;
    sr = sa / sb;  bad += (unsigned long)sr != v->divs;
    sr = sa % sb;  bad += (unsigned long)sr != v->mods;
    ur = ua << sh; bad += ur != v->shl;
    ur = ua >> sh; bad += ur != v->shru;
    sr = sa >> sh; bad += (unsigned long)sr != v->shrs;
    bad += (ua < ub) != v->ltu;
    bad += (sa < sb) != v->lts;
    bad += (ua == ub) != v->eq;
    bad += (ua == 0) != v->zero;
    ur = ~ua;      bad += ur != (v->xor_ ^ v->b ^ 0xFFFFFFFFUL);    /* ~a */
    sr = -sa;      bad += (unsigned long)sr != 0UL - v->a;
    ur = ua; ur++; bad += ur != v->a + 1UL;
    sr = sa; sr--; bad += (unsigned long)sr != v->a - 1UL;
    return bad;
}

int main(void)
{
    int i, bad, nbad = 0, first = -1;

    dt_init("t_bccrt: the module's 32-bit helpers against gcc's arithmetic");
    for (i = 0; i < BCCRT_N; i++) {
        bad = check(&bccrt_vec[i]);
        if (bad) {
            if (first < 0)
                first = i;
            nbad++;
        }
        DT_EQ(bad, 0, "22 long operations of one operand pair");
    }
    if (first >= 0)
        printf("  first bad pair: %d (a %08lx b %08lx)\n", first,
               bccrt_vec[first].a, bccrt_vec[first].b);
    printf("  %d operand pairs, %d with a wrong result\n", BCCRT_N, nbad);
    return dt_done();
}
