/*
 * t_ops.c - the copy family against its C twins.  MEMPOOL.MOD is loaded
 * with mem_load; the routines under test are called on one buffer, the
 * twins (memory_ops_c.c, compiled into this program) directly on a second
 * buffer holding the same bytes.  After every operation the two buffers
 * must be equal over the whole window, guard bytes included.
 *
 * Two programs run the same cases: T_OPS calls the client library's near
 * routines (mem_copy ... as a C program calls them, src/client/copy.asm);
 * T_OPSF (t_opsf.c, OPS_FAR = 1) calls the module's far entries through
 * the API table (memory_ops.asm), as code in assembly does.
 *
 * Each runs twice: loaded with MEM_CFG_FORCE_286 (the 286 path: word
 * moves; the library stays as before the bind, as with no module) and
 * loaded plainly (on a 386+ the init patch installs the module's dword
 * path and mem_load binds the library's).  Both must give the twins'
 * results, so the routines agree before and after the patch.
 *
 * Cases: every length 0..64 with every source and destination alignment
 * 0..3; powers of two and their neighbours up to 65535; ranges that cross
 * a 64 KB segment end (offset near FFFFh) on either side and on both;
 * overlapping moves in both directions; mem_copy32 beyond 64 KB.
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "port.h"
#include "mem_api_idx.h"
/* The C twins, compiled into the test. */
#include "../../src/modules/mempool/memory_ops_c.c"

#ifndef OPS_FAR
#define OPS_FAR 0       /* 1: the module's far entries (t_opsf.c) */
#endif
#define OPS_WHO (OPS_FAR ? "module far entries" : "library")

/* The routines under test: the library's, or the module's far entries
 * through the table mem_load filled (client_call.asm's mod_call pushes
 * the argument words and far-calls, as an assembly caller would). */
extern mem_u32 mem_api_tab[];
mem_u32 mod_call();
unsigned dt_cs(void);                   /* codeseg.asm */
static unsigned fargs[6];

static mem_u32 far_entry(unsigned fn, unsigned words)
{
    return mod_call(MEM_FP_SEG(mem_api_tab[fn]), MEM_FP_OFF(mem_api_tab[fn]), words, fargs);
}

static void fp_args(mem_fp_t a, mem_fp_t b)
{
    fargs[0] = MEM_FP_OFF(a);
    fargs[1] = MEM_FP_SEG(a);
    fargs[2] = MEM_FP_OFF(b);
    fargs[3] = MEM_FP_SEG(b);
}

static void x_copy(mem_fp_t d, mem_fp_t s, unsigned n)
{
    if (!OPS_FAR) {
        mem_copy(d, s, n);
        return;
    }
    fp_args(d, s);
    fargs[4] = n;
    far_entry(MEM_FN_COPY, 5);
}

static void x_copy32(mem_fp_t d, mem_fp_t s, unsigned long n)
{
    if (!OPS_FAR) {
        mem_copy32(d, s, n);
        return;
    }
    fp_args(d, s);
    fargs[4] = (unsigned)n;
    fargs[5] = (unsigned)(n >> 16);
    far_entry(MEM_FN_COPY32, 6);
}

static void x_move(mem_fp_t d, mem_fp_t s, unsigned n)
{
    if (!OPS_FAR) {
        mem_move(d, s, n);
        return;
    }
    fp_args(d, s);
    fargs[4] = n;
    far_entry(MEM_FN_MOVE, 5);
}

static void x_fill(mem_fp_t d, unsigned char v, unsigned n)
{
    if (!OPS_FAR) {
        mem_fill(d, v, n);
        return;
    }
    fp_args(d, 0);
    fargs[2] = v;
    fargs[3] = n;
    far_entry(MEM_FN_FILL, 4);
}

static int x_compare(mem_fp_t a, mem_fp_t b, unsigned n)
{
    if (!OPS_FAR)
        return mem_compare(a, b, n);
    fp_args(a, b);
    fargs[4] = n;
    return (int)(unsigned)far_entry(MEM_FN_COMPARE, 5);
}

/* bcc -ansi drops prototypes (unproto): an int passed where a long is
 * declared is not widened.  These wrappers widen every long argument. */
#define UL(x) ((unsigned long)(x))
#define mkfp(s, p, k, ps, po)       mkfp_(s, UL(p), k, ps, po)
#define peek_at(s, p)               peek_at_(s, UL(p))
#define poke_at(s, p, v)            poke_at_(s, UL(p), v)
#define pattern(lo, hi, ws)         pattern_(UL(lo), UL(hi), ws)
#define same(lo, hi, w, l, sp, sk, dp, dk) same_(UL(lo), UL(hi), w, UL(l), UL(sp), sk, UL(dp), dk)
#define t_copy(l, sp, sk, dp, dk, b) t_copy_(UL(l), UL(sp), sk, UL(dp), dk, b)
#define t_move(l, sp, sk, dp, dk)   t_move_((unsigned)(l), UL(sp), sk, UL(dp), dk)
#define t_fill(l, dp, dk)           t_fill_((unsigned)(l), UL(dp), dk)
#define t_compare(l, sp, sk, dp, dk, at, v) t_compare_((unsigned)(l), UL(sp), sk, UL(dp), dk, (unsigned)(at), v)

#define BUF_PARAS 0x1A00u           /* 104 KB per buffer */
#define BASE      0x40u             /* first byte used in a buffer */

static unsigned seg_s, seg_a, seg_b;   /* source, asm and twin buffers */
static unsigned rnd_state = 12345u;
static int shown;                       /* failure details printed */
static long cases;

static unsigned rnd(void)
{
    rnd_state = rnd_state * 25173u + 13849u;
    return rnd_state;
}

/* Byte p of the buffer at seg as seg:off.  k < 0: offset < 16; k >= 0:
 * the offset is chosen so that the segment ends after w bytes, w = the
 * smallest value (1..16) that the linear address allows, plus 16 * k. */
static void mkfp_(unsigned seg, unsigned long p, int k, unsigned *ps, unsigned *po)
{
    unsigned long l = ((unsigned long)seg << 4) + p;
    unsigned w;
    if (k < 0) {
        *po = (unsigned)(l & 15);
    } else {
        w = (unsigned)((0 - l) & 15);
        if (w == 0)
            w = 16;
        *po = 0 - (w + 16u * (unsigned)k);
    }
    *ps = (unsigned)((l - *po) >> 4);
}

static unsigned char peek_at_(unsigned seg, unsigned long p)
{
    return port_peekb((unsigned)(seg + (unsigned)(p >> 4)), (unsigned)(p & 15));
}

static void poke_at_(unsigned seg, unsigned long p, unsigned char v)
{
    port_pokeb((unsigned)(seg + (unsigned)(p >> 4)), (unsigned)(p & 15), v);
}

/* bcc's libc far copy (REP MOVSW/MOVSB), independent of the module: sets
 * up and checks the buffers, fast enough for 64 KB cases. */
void __movedata(unsigned sseg, unsigned soff, unsigned dseg, unsigned doff, unsigned n);
static unsigned char pat[512], near_a[256], near_b[256];

/* Same pseudo-random bytes into A and B (and others into S when with_s)
 * over [lo, hi). */
static void pattern_(unsigned long lo, unsigned long hi, int with_s)
{
    unsigned long n = hi - lo;
    unsigned seg = (unsigned)(lo >> 4), off = (unsigned)(lo & 15), k, r;
    while (n != 0) {
        k = n > 256 ? 256 : (unsigned)n;
        r = rnd() & 255;
        __movedata(port_ds(), (unsigned)pat + r, seg_a + seg, off, k);
        __movedata(port_ds(), (unsigned)pat + r, seg_b + seg, off, k);
        if (with_s)
            __movedata(port_ds(), (unsigned)pat + (r ^ 0x80), seg_s + seg, off, k);
        n -= k;
        off += k;
        seg += off >> 4;
        off &= 15;
    }
}

/* A and B equal over [lo, hi)? */
static int same_(unsigned long lo, unsigned long hi, const char *what, unsigned long len,
                 unsigned long sp, int sk, unsigned long dp, int dk)
{
    unsigned long n = hi - lo, at = lo;
    unsigned seg = (unsigned)(lo >> 4), off = (unsigned)(lo & 15), k, i;
    cases++;
    while (n != 0) {
        k = n > 256 ? 256 : (unsigned)n;
        __movedata(seg_a + seg, off, port_ds(), (unsigned)near_a, k);
        __movedata(seg_b + seg, off, port_ds(), (unsigned)near_b, k);
        if (memcmp(near_a, near_b, k) != 0) {
            for (i = 0; near_a[i] == near_b[i]; i++)
                ;
            at += i;
            dt_failed++;
            if (shown++ < 12)
                printf("FAIL %s len %lu src %lu/%d dst %lu/%d: byte %lu: asm %02X twin %02X\n",
                       what, len, sp, sk, dp, dk, at, near_a[i], near_b[i]);
            return 0;
        }
        n -= k;
        at += k;
        off += k;
        seg += off >> 4;
        off &= 15;
    }
    dt_passed++;
    return 1;
}

/* Copy len bytes S[sp] -> X[dp] (forms sk, dk): mem_copy on A, twin on B. */
static void t_copy_(unsigned long len, unsigned long sp, int sk, unsigned long dp, int dk, int big)
{
    unsigned ss, so, ds, dso, bs, bo;
    pattern(sp, sp + len, 1);       /* source bytes in S */
    pattern(dp - 8, dp + len + 8, 0);
    mkfp(seg_s, sp, sk, &ss, &so);
    mkfp(seg_a, dp, dk, &ds, &dso);
    mkfp(seg_b, dp, dk, &bs, &bo);
    if (big) {
        x_copy32(MEM_FP(ds, dso), MEM_FP(ss, so), len);
        ops_copy32_c(bs, bo, ss, so, len);
    } else {
        x_copy(MEM_FP(ds, dso), MEM_FP(ss, so), (unsigned)len);
        ops_copy_c(bs, bo, ss, so, (unsigned)len);
    }
    same(dp - 8, dp + len + 8, big ? "copy32" : "copy", len, sp, sk, dp, dk);
}

/* Move len bytes X[sp] -> X[dp] inside A (asm) and inside B (twin). */
static void t_move_(unsigned len, unsigned long sp, int sk, unsigned long dp, int dk)
{
    unsigned long lo = (sp < dp ? sp : dp) - 8, hi = (sp > dp ? sp : dp) + len + 8;
    unsigned ss, so, ds, dso;
    pattern(lo, hi, 0);
    mkfp(seg_a, sp, sk, &ss, &so);
    mkfp(seg_a, dp, dk, &ds, &dso);
    x_move(MEM_FP(ds, dso), MEM_FP(ss, so), len);
    mkfp(seg_b, sp, sk, &ss, &so);
    mkfp(seg_b, dp, dk, &ds, &dso);
    ops_move_c(ds, dso, ss, so, len);
    same(lo, hi, "move", len, sp, sk, dp, dk);
}

static void t_fill_(unsigned len, unsigned long dp, int dk)
{
    unsigned ds, dso;
    unsigned char v = (unsigned char)rnd();
    pattern(dp - 8, dp + len + 8, 0);
    mkfp(seg_a, dp, dk, &ds, &dso);
    x_fill(MEM_FP(ds, dso), v, len);
    mkfp(seg_b, dp, dk, &ds, &dso);
    ops_fill_c(ds, dso, v, len);
    same(dp - 8, dp + len + 8, "fill", len, 0, 0, dp, dk);
}

/* A[dp..] := S[sp..], then one byte of A changed (at = len: none). */
static void t_compare_(unsigned len, unsigned long sp, int sk, unsigned long dp, int dk,
                      unsigned at, unsigned char v)
{
    unsigned as, ao, bs, bo;
    int got, want;
    pattern(sp, sp + len, 1);
    mkfp(seg_a, dp, -1, &as, &ao);
    mkfp(seg_s, sp, -1, &bs, &bo);
    ops_copy_c(as, ao, bs, bo, len);            /* setup only */
    if (at < len)
        poke_at(seg_a, dp + at, v);
    mkfp(seg_a, dp, dk, &as, &ao);
    mkfp(seg_s, sp, sk, &bs, &bo);
    got = x_compare(MEM_FP(as, ao), MEM_FP(bs, bo), len);
    want = ops_compare_c(as, ao, bs, bo, len);
    cases++;
    if (got == want && (at < len && v != peek_at(seg_s, sp + at) ? want != 0 : want == 0)) {
        dt_passed++;
        return;
    }
    dt_failed++;
    if (shown++ < 12)
        printf("FAIL compare len %u at %u: asm %d twin %d\n", len, at, got, want);
}

static void small_lengths(void)
{
    unsigned len, sa, da;
    unsigned long sp, dp;
    for (len = 0; len <= 64; len++)
        for (sa = 0; sa < 4; sa++) {
            for (da = 0; da < 4; da++) {
                sp = BASE + 0x100 + sa;
                dp = BASE + 0x200 + da;
                t_copy(len, sp, -1, dp, -1, 0);
                t_copy(len, sp, -1, dp, -1, 1);
                t_move(len, sp, -1, dp, -1);       /* apart */
                t_move(len, dp, -1, sp + 0x100 + 8, -1);
                t_fill(len, dp, -1);
                t_compare(len, sp, -1, dp, -1, len, 0);
                if (len)
                    t_compare(len, sp, -1, dp, -1, rnd() % len, (unsigned char)rnd());
            }
        }
}

static void big_lengths(void)
{
    static const unsigned char al[][2] = { {0, 0}, {1, 0}, {0, 3}, {3, 2} };
    unsigned long len, p;
    unsigned k, i;
    for (k = 1; k <= 16; k++) {
        p = 1UL << k;
        for (len = p - 1; len <= p + 1 && len <= 65535UL; len++) {
            for (i = 0; i < 4; i++) {
                if (len > 4096 && i >= 2)
                    break;                          /* keep the run short */
                t_copy(len, BASE + al[i][0], -1, BASE + 0x8010UL + al[i][1], -1, 0);
                t_move((unsigned)len, BASE + al[i][0], -1, BASE + 0x8010UL + al[i][1], -1);
                t_fill((unsigned)len, BASE + 0x100 + al[i][1], -1);
                t_compare((unsigned)len, BASE + al[i][0], -1, BASE + 0x8010UL + al[i][1], -1,
                          (unsigned)(len - 1), 0xFF);
            }
        }
    }
}

/* Ranges whose offset reaches FFFFh after a few bytes, on either side. */
static void crossings(void)
{
    static const unsigned lens[] = { 1, 2, 3, 5, 16, 17, 31, 33, 47, 64, 100, 1514, 4099, 65535u };
    unsigned i, a, b, k;
    unsigned long sp, dp;
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
        for (k = 0; k < 4; k++)
            for (a = 0; a < 4; a++) {
                b = (a + k) & 3;
                if (lens[i] > 5000 && (a > 1 || (k != 0 && k != 3)))
                    continue;                       /* keep the run short */
                sp = BASE + 0x100 + a + 4 * k;
                dp = BASE + 0x8020UL + b;
                t_copy(lens[i], sp, (int)k, dp, -1, 0);      /* source crosses */
                t_copy(lens[i], sp, -1, dp, (int)k, 0);      /* destination crosses */
                t_copy(lens[i], sp, (int)k, dp, (int)(3 - k), 0); /* both */
                t_move(lens[i], sp, (int)k, dp, (int)k);
                t_move(lens[i], dp, (int)k, sp, -1);
                t_fill(lens[i], dp, (int)k);
                t_compare(lens[i], sp, (int)k, dp, (int)(3 - k), lens[i] - 1, 0);
                t_compare(lens[i], sp, (int)k, dp, -1, lens[i] / 2, 0x80);
            }
}

/* Overlapping moves: destination d bytes above or below the source. */
static void overlaps(void)
{
    static const unsigned lens[] = { 1, 2, 3, 4, 7, 8, 9, 31, 64, 65, 1514, 9000u };
    unsigned i, a;
    int d, k;
    unsigned long sp;
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
        for (d = -9; d <= 9; d++)
            for (a = 0; a < 4; a++) {
                if (lens[i] > 5000 && a > 1)
                    break;
                sp = BASE + 0x200 + a;
                t_move(lens[i], sp, -1, (unsigned long)((long)sp + d), -1);
                /* the same across a segment end, both sides in wrap form */
                for (k = 0; k < 2; k++)
                    t_move(lens[i], sp, k, (unsigned long)((long)sp + d), k);
                /* and one pointer in wrap form, the other normalised */
                t_move(lens[i], sp, 1, (unsigned long)((long)sp + d), -1);
            }
    for (d = -1000; d <= 1000; d += 500)
        t_move(9000u, BASE + 0x2000, -1, (unsigned long)((long)(BASE + 0x2000) + d), 2);
}

static void copy32(void)
{
    static const unsigned long lens[] = { 0, 1, 0xFFEFUL, 0xFFF0UL, 0xFFF1UL, 0xFFFFUL,
                                          0x10000UL, 0x10001UL, 0x18003UL };
    unsigned i;
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        t_copy(lens[i], BASE + 1, -1, BASE + 2, -1, 1);
        t_copy(lens[i], BASE + 3, 0, BASE + 0, 1, 1);   /* both cross */
    }
}

#ifndef PARTS
#define PARTS 31
#endif
/* One group of cases; its name is printed first so that a hang shows. */
#define PART(fn) do { if (PARTS & (1 << part)) { printf("  %s\n", #fn); fflush(stdout); fn(); } part++; } while (0)

static void suite(int force286)
{
    struct mem_module m;
    struct mem_config cfg;
    struct mem_info info;
    unsigned cpu;
    long before = cases;
    int rc, part = 0, lib386;

    memset(&cfg, 0, sizeof(cfg));
    cfg.size = sizeof(cfg);
    cfg.flags = force286 ? MEM_CFG_FORCE_286 : 0;
    rc = mem_load("MEMPOOL.MOD", &cfg, &m);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD");
    if (rc != MEM_OK)
        return;
    dt_seal_point();                /* nothing to set up */
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    DT_EQ(mem_info(MEM_FP(port_ds(), (unsigned)&info)), MEM_OK, "mem_info");
    cpu = mem_cpu();
    DT_EQ(MEM_CPU_TYPE(cpu), info.cpu, "mem_cpu agrees with mem_info.cpu");
    DT_EQ(MEM_CPU_V86(cpu), info.v86, "mem_cpu agrees with mem_info.v86");
    DT_CHECK(info.cpu >= MEM_CPU_286 && info.cpu <= MEM_CPU_486, "CPU 286..486+");
    if (force286)
        DT_CHECK(!(info.flags & MEM_INFO_COPY386), "FORCE_286 keeps the 286 path");
    else
        DT_EQ((info.flags & MEM_INFO_COPY386) != 0, info.cpu >= MEM_CPU_386,
              "386 path installed exactly on a 386+");
    /* The library's mem_copy begins with the word its bind wrote:
     * FCh 96h (CLD, XCHG AX,SI: into the 386 body) or EBh (a JMP SHORT to
     * the 286 body).  It must follow the module's choice. */
    lib386 = port_peekw(dt_cs(), (unsigned)mem_copy) == 0x96FCu;
    DT_EQ(lib386, (info.flags & MEM_INFO_COPY386) != 0,
          "library copies bound to the module's path");
    DT_CHECK(lib386 || (port_peekw(dt_cs(), (unsigned)mem_copy) & 0xFF) == 0xEB,
             "library mem_copy starts with one of its two words");
    printf("  %s, %s: CPU %s%s, module %s path, library %s path\n", OPS_WHO,
           force286 ? "forced 286" : "default",
           info.cpu == MEM_CPU_286 ? "80286" : info.cpu == MEM_CPU_386 ? "80386" :
           info.cpu == MEM_CPU_486 ? "80486+" : "8086/186",
           info.v86 ? " (V86 mode)" : " (real mode)",
           (info.flags & MEM_INFO_COPY386) ? "386 (dword)" : "286 (word)",
           lib386 ? "386 (dword)" : "286 (word)");

    shown = 0;
    PART(small_lengths);
    PART(big_lengths);
    PART(crossings);
    PART(overlaps);
    PART(copy32);
    printf("  %ld cases compared with the C twins\n", cases - before);
    DT_EQ(mem_unload(&m), MEM_OK, "unload");
    DT_EQ(port_peekw(dt_cs(), (unsigned)mem_copy) & 0xFF, 0xEB,
          "unload puts the library's 286 path back");
}

int main(void)
{
    unsigned i;

    dt_init(OPS_FAR ? "t_opsf: the module's far copy/move/fill/compare vs C twins, 286 and 386 paths"
                    : "t_ops: the library's copy/move/fill/compare vs C twins, 286 and 386 paths");
    for (i = 0; i < sizeof(pat); i++)
        pat[i] = (unsigned char)(rnd() >> 8);
    seg_s = dt_dos_alloc(BUF_PARAS);
    seg_a = dt_dos_alloc(BUF_PARAS);
    seg_b = dt_dos_alloc(BUF_PARAS);
    DT_CHECK(seg_s && seg_a && seg_b, "three 104 KB buffers");
    DT_CHECK(seg_s >= 0x1000 && seg_a >= 0x1000 && seg_b >= 0x1000,
             "buffers above 64 KB (wrap-form pointers need it)");
    if (seg_s && seg_a && seg_b) {
        suite(1);
        suite(0);
    }
    if (seg_b) dt_dos_free(seg_b);
    if (seg_a) dt_dos_free(seg_a);
    if (seg_s) dt_dos_free(seg_s);
    return dt_done();
}
