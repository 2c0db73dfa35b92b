/*
 * t_xmove.c - mem_xms_move (the XMS group, xms_move.asm) against DOSBox's
 * XMS driver: the cases the module's own code decides, each checked byte
 * for byte through the driver directly (0Bh called by this program, never
 * through the module's moves) against a model:
 *   - odd lengths with the odd byte at a block's first and last byte;
 *   - overlapping moves up and down, inside a block and in conventional
 *     memory, at distances around the bounce buffer (32 bytes) and the
 *     128 it was, with the
 *     odd byte at the block's end;
 *   - ranges crossing 64 KB: block offsets around 64 KB and 128 KB, a
 *     conventional seg:off whose offset wraps within the move (the bytes
 *     after it in memory are meant, never seg:0000), moves over 64 KB;
 *   - range errors (checked before the driver is called) and stale or
 *     foreign handles.
 * Without XMS (config plain) mem_xms_move says MEM_E_NOXMS.  Every block
 * is made (and the stale one freed) before the seal point: allocation,
 * free and the handle and error queries are set-up code.
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "port.h"

#define XALLOC(kb)  mem_xms_alloc((mem_u32)(kb))
#define mv(l, sh, so, dh, dof) mv_((unsigned long)(l), (mem_xms_t)(sh), \
        (unsigned long)(so), (mem_xms_t)(dh), (unsigned long)(dof))

#define BLK 4096u

static unsigned xseg, xoff;
static int have_xms;

static unsigned char ma[BLK], chk[BLK];         /* model of A, read-back */
static unsigned char conv[BLK + 16], cmod[BLK + 16];
static unsigned char mvs[16];

static void rz(struct port_regs *r)
{
    memset(r, 0, sizeof(*r));
}

static void x_detect(void)
{
    have_xms = dt_xms_entry(&xseg, &xoff);
}

static void put32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/* The driver's own 0Bh between driver handle xh at off and near buf
 * (len even); to_blk: buf -> block.  Returns the driver's AX. */
static int x_move(unsigned xh, unsigned long off, unsigned char *buf,
                  unsigned len, int to_blk)
{
    struct port_regs r;
    unsigned long fp = MEM_FP(port_ds(), (unsigned)buf);
    put32(mvs, (unsigned long)len);
    mvs[4] = (unsigned char)(to_blk ? 0 : xh);
    mvs[5] = (unsigned char)(to_blk ? 0 : xh >> 8);
    put32(mvs + 6, to_blk ? fp : off);
    mvs[10] = (unsigned char)(to_blk ? xh : 0);
    mvs[11] = (unsigned char)(to_blk ? xh >> 8 : 0);
    put32(mvs + 12, to_blk ? off : fp);
    rz(&r);
    r.ax = 0x0B00;
    r.ds = port_ds();
    r.si = (unsigned)mvs;
    port_farcall(xseg, xoff, &r);
    return r.ax;
}

static unsigned long nfp(void *p)
{
    return MEM_FP(port_ds(), (unsigned)p);
}

static int mv_(unsigned long len, mem_xms_t sh, unsigned long so,
               mem_xms_t dh, unsigned long dof)
{
    struct mem_xms_move m;
    m.length = len;
    m.src = sh;
    m.src_off = so;
    m.dst = dh;
    m.dst_off = dof;
    return mem_xms_move(nfp(&m));
}

/* The driver's handle behind a module handle, asked of
 * mem_xms_handle_info (set-up code) when the handle is made and kept. */
static mem_xms_t rh_h[4];
static unsigned rh_raw[4], rh_n;

static void raw_keep(mem_xms_t h)
{
    struct mem_xms_handle hi;
    memset(&hi, 0, sizeof(hi));
    hi.size = sizeof(hi);
    if (rh_n < 4 && mem_xms_handle_info(h, nfp(&hi)) == MEM_OK) {
        rh_h[rh_n] = h;
        rh_raw[rh_n++] = hi.xms_handle;
    }
}

static unsigned raw_handle(mem_xms_t h)
{
    unsigned i;
    for (i = 0; i < rh_n; i++)
        if (rh_h[i] == h)
            return rh_raw[i];
    return 0;
}

/* Every block the checks use, made before the seal point (mem_xms_alloc
 * and mem_xms_free are set-up code): A (4 KB), the 192 KB block, and for
 * the stale-handle checks a block freed again (b) and the one that takes
 * its slot next (c). */
static mem_xms_t xa, xbig, xb, xc;

static void make_blocks(void)
{
    xa = (mem_xms_t)XALLOC(BLK / 1024);
    DT_CHECK((int)xa > 0, "a 4 KB block");
    xbig = (mem_xms_t)XALLOC(192);
    DT_CHECK((int)xbig > 0, "a 192 KB block");
    xb = (mem_xms_t)XALLOC(1);
    DT_CHECK((int)xb > 0, "a block to go stale");
    DT_EQ(mem_xms_free(xb), MEM_OK, "free it");
    xc = (mem_xms_t)XALLOC(1);
    raw_keep(xa);
    raw_keep(xbig);
}

/* Free a block the checks are done with; sealed, free is gone and
 * mem_unload gives the blocks back. */
static void free_block(mem_xms_t h, const char *what)
{
    if (!dt_sealed)
        DT_EQ(mem_xms_free(h), MEM_OK, what);
}

static void fill(unsigned char *p, unsigned n, unsigned seed)
{
    unsigned i;
    for (i = 0; i < n; i++)
        p[i] = (unsigned char)(seed + i * 7 + (i >> 8));
}

/* n bytes of block h at off equal m (n even, at most BLK). */
static int same_at(mem_xms_t h, unsigned long off, unsigned char *m, unsigned n)
{
    unsigned i;
    memset(chk, 0x5A, n);
    if (x_move(raw_handle(h), off, chk, n, 0) != 1)
        return 0;
    if (memcmp(chk, m, n) == 0)
        return 1;
    for (i = 0; i < n && chk[i] == m[i]; i++)
        ;
    printf("  block differs at %lu: %02X, want %02X\n", off + i, chk[i], m[i]);
    return 0;
}

static int same(mem_xms_t h)
{
    return same_at(h, 0UL, ma, BLK);
}

/* --------------------------------------------------------- odd lengths */

/* Every length 1..35 with its ends at the block's start, at its very end
 * and one byte short of it: conventional -> A, A -> A elsewhere (no
 * overlap), A -> conventional between guard bytes. */
static void odd_ends(mem_xms_t a)
{
    unsigned len, e, at, to, bad = 0, n = 0;
    int rc;

    for (len = 1; len <= 35; len++)
        for (e = 0; e < 3; e++) {
            at = e == 0 ? 0 : BLK - len - (e == 2);
            to = e == 0 ? BLK - len - 1 : 1 + (len & 1);
            fill(conv, len + 2, len * 3 + e);
            rc = mv(len, 0, nfp(conv + 1), a, at);
            memcpy(ma + at, conv + 1, len);
            n++;
            if (rc != MEM_OK || !same(a)) {
                printf("  conv->A len %u at %u: %d\n", len, at, rc);
                bad++;
            }
            rc = mv(len, a, at, a, to);
            memcpy(ma + to, ma + at, len);
            n++;
            if (rc != MEM_OK || !same(a)) {
                printf("  A->A len %u %u->%u: %d\n", len, at, to, rc);
                bad++;
            }
            memset(conv, 0xC3, len + 4);
            rc = mv(len, a, to, 0, nfp(conv + 1 + (e & 1)));
            n++;
            if (rc != MEM_OK || conv[e & 1] != 0xC3
                || memcmp(conv + 1 + (e & 1), ma + to, len) != 0
                || conv[1 + (e & 1) + len] != 0xC3) {
                printf("  A->conv len %u from %u: %d\n", len, to, rc);
                bad++;
            }
        }
    DT_EQ(bad, 0, "odd lengths at both ends of a block, byte for byte");
    printf("  %u odd-end moves checked\n", n);
}

/* ------------------------------------------------------------- overlap */

static void overlap(mem_xms_t a)
{
    static unsigned dists[] = { 1, 2, 3, 30, 31, 32, 33, 34, 64, 126, 127,
                                128, 129, 130, 255, 256, 257, 1000 };
    static unsigned lens[] = { 1, 2, 3, 31, 32, 33, 127, 128, 129, 130, 256,
                               257, 1001, 1500 };
    static unsigned edists[] = { 1, 31, 32, 33, 127, 128, 129 };
    static unsigned elens[] = { 3, 33, 129, 257, 1001 };
    static unsigned cdists[] = { 1, 31, 32, 33, 127, 128, 129, 300 };
    static unsigned clens[] = { 1, 129, 256, 1001 };
    unsigned di, li, d, len, base = 700, bad = 0, n = 0, s, t;
    int rc, up;

    for (di = 0; di < sizeof(dists) / sizeof(dists[0]); di++)
        for (li = 0; li < sizeof(lens) / sizeof(lens[0]); li++)
            for (up = 0; up < 2; up++) {
                d = dists[di];
                len = lens[li];
                s = up ? base : base + d;
                t = up ? base + d : base;
                rc = mv(len, a, s, a, t);
                memmove(ma + t, ma + s, len);
                n++;
                if (rc != MEM_OK || !same(a)) {
                    printf("  overlap %s d %u len %u: %d\n", up ? "up" : "down", d, len, rc);
                    bad++;
                }
            }
    DT_EQ(bad, 0, "overlapping moves in a block, both ways, around the bounce size");

    /* the destination (up) or the source (down) ends at the block's end */
    bad = 0;
    for (di = 0; di < 4; di++)
        for (li = 0; li < 4; li++)
            for (up = 0; up < 2; up++) {
                d = edists[di];
                len = elens[li];
                s = up ? BLK - len - d : BLK - len;
                t = up ? BLK - len : BLK - len - d;
                rc = mv(len, a, s, a, t);
                memmove(ma + t, ma + s, len);
                n++;
                if (rc != MEM_OK || !same(a)) {
                    printf("  end overlap %s d %u len %u: %d\n", up ? "up" : "down", d, len, rc);
                    bad++;
                }
            }
    DT_EQ(bad, 0, "overlap with the odd byte at the block's last byte");

    /* conventional memory overlapping itself */
    bad = 0;
    for (di = 0; di < 5; di++)
        for (li = 0; li < 4; li++)
            for (up = 0; up < 2; up++) {
                d = cdists[di];
                len = clens[li];
                fill(conv, BLK, d + len + up);
                memcpy(cmod, conv, BLK);
                s = up ? 5 : 5 + d;
                t = up ? 5 + d : 5;
                rc = mv(len, 0, nfp(conv + s), 0, nfp(conv + t));
                memmove(cmod + t, cmod + s, len);
                n++;
                if (rc != MEM_OK || memcmp(conv, cmod, BLK) != 0) {
                    printf("  conv overlap %s d %u len %u: %d\n", up ? "up" : "down", d, len, rc);
                    bad++;
                }
            }
    DT_EQ(bad, 0, "overlapping moves in conventional memory as memmove");
    printf("  %u overlapping moves checked\n", n);
}

/* ------------------------------------------------------- 64 KB borders */

/* The pattern of byte i of a long range. */
static unsigned char pat(unsigned long i)
{
    return (unsigned char)(i * 5 + (i >> 9) + (i >> 17));
}

/* Byte i (linear, from seg:0000) of a conventional block, read or written
 * at a normalised address. */
static unsigned char lpeek(unsigned seg, unsigned long i)
{
    return port_peekb(seg + (unsigned)(i >> 4), (unsigned)(i & 15));
}

static void lpoke(unsigned seg, unsigned long i, unsigned char v)
{
    port_pokeb(seg + (unsigned)(i >> 4), (unsigned)(i & 15), v);
}

/* Window of block h around a 64 KB border: model w[2048] of
 * [border - 1024, border + 1024). */
static unsigned char win[2048];

static void crossing(void)
{
    static unsigned long borders[] = { 65536UL, 131072UL };
    static unsigned ods[] = { 1, 129, 300 };
    mem_xms_t big;
    unsigned long b0, i, n;
    unsigned bi, k, seg, bad;
    int rc, up;

    big = xbig;
    if ((int)big <= 0)
        return;
    for (bi = 0; bi < 2; bi++) {
        b0 = borders[bi] - 1024;
        fill(win, 2048, bi + 40);
        DT_EQ(x_move(raw_handle(big), b0, win, 2048, 1), 1, "driver writes the window");
        fill(conv, 1001, bi + 50);
        rc = mv(1001, 0, nfp(conv), big, borders[bi] - 500);
        memcpy(win + 524, conv, 1001);
        DT_CHECK(rc == MEM_OK && same_at(big, b0, win, 2048), "conv -> block across a 64 KB border, odd");
        fill(conv, 777, bi + 60);
        rc = mv(777, 0, nfp(conv), big, borders[bi] - 333);
        memcpy(win + 691, conv, 777);
        DT_CHECK(rc == MEM_OK && same_at(big, b0, win, 2048), "odd length, odd offset across the border");
        memset(conv, 0xC3, 800);
        rc = mv(777, big, borders[bi] - 333, 0, nfp(conv + 1));
        DT_CHECK(rc == MEM_OK && conv[0] == 0xC3 && conv[778] == 0xC3
                 && memcmp(conv + 1, win + 691, 777) == 0, "block -> conv across the border");
        bad = 0;
        for (k = 0; k < 3; k++)
            for (up = 0; up < 2; up++) {
                unsigned s = up ? 324 : 324 + ods[k], t = up ? 324 + ods[k] : 324;
                rc = mv(1001, big, b0 + s, big, b0 + t);
                memmove(win + t, win + s, 1001);
                if (rc != MEM_OK || !same_at(big, b0, win, 2048))
                    bad++;
            }
        DT_EQ(bad, 0, "overlapping moves across a 64 KB border of a block");
    }
    /* block -> block across both borders at once */
    fill(win, 2048, 70);
    DT_EQ(x_move(raw_handle(big), 65536UL - 1024, win, 2048, 1), 1, "driver writes a window");
    rc = mv(301, big, 131072UL - 100, big, 65536UL - 150);
    fill(chk, 302, 0);
    if (x_move(raw_handle(big), 131072UL - 100, chk, 302, 0) == 1)
        memcpy(win + 874, chk, 301);
    DT_CHECK(rc == MEM_OK && same_at(big, 65536UL - 1024, win, 2048), "block -> block, both across a border");

    /* conventional seg:off whose offset passes FFFFh within the move */
    seg = dt_dos_alloc(0x1800);
    DT_CHECK(seg != 0, "96 KB of conventional memory");
    if (seg != 0) {
        for (i = 0xF000UL; i < 0xF000UL + 0x2001UL; i++)
            lpoke(seg, i, pat(i));
        rc = mv(0x2001, 0, MEM_FP(seg, 0xF000), big, 5);
        bad = 0;
        for (n = 0; n < 0x2001UL && !bad; n += 2048) {
            if (x_move(raw_handle(big), 5 + n, chk, 2048, 0) != 1)
                bad++;
            for (k = 0; k < 2048 && n + k < 0x2001UL; k++)
                if (chk[k] != pat(0xF000UL + n + k))
                    bad++;
        }
        DT_CHECK(rc == MEM_OK && bad == 0, "source seg:F000, 2001h bytes: the bytes after FFFFh");

        for (i = 0; i < 0x400; i++) {               /* guards: seg:0000 and around */
            lpoke(seg, i, 0xC3);
            lpoke(seg, 0xFE00UL + i, 0xC3);
        }
        rc = mv(513, big, 5, 0, MEM_FP(seg, 0xFF01));
        bad = 0;
        for (i = 0; i < 513; i++)
            if (lpeek(seg, 0xFF01UL + i) != pat(0xF000UL + i))
                bad++;
        for (i = 0; i < 0x400; i++)
            if (lpeek(seg, i) != 0xC3)
                bad++;
        if (lpeek(seg, 0xFF00UL) != 0xC3 || lpeek(seg, 0xFF01UL + 513) != 0xC3)
            bad++;
        DT_CHECK(rc == MEM_OK && bad == 0,
                 "destination seg:FF01, 513 bytes: past FFFFh, never seg:0000");

        /* longer than 64 KB, odd, at an odd block offset, both ways */
        for (i = 0; i < 70001UL; i++)
            lpoke(seg, 3 + i, pat(i + 11));
        rc = mv(70001UL, 0, MEM_FP(seg, 3), big, 1);
        for (i = 0; i < 70001UL; i++)
            lpoke(seg, 3 + i, 0);
        lpoke(seg, 2UL, 0xC3);
        lpoke(seg, 3 + 70001UL, 0xC3);
        if (rc == MEM_OK)
            rc = mv(70001UL, big, 1, 0, MEM_FP(seg, 3));
        bad = 0;
        for (i = 0; i < 70001UL; i++)
            if (lpeek(seg, 3 + i) != pat(i + 11))
                bad++;
        if (lpeek(seg, 2UL) != 0xC3 || lpeek(seg, 3 + 70001UL) != 0xC3)
            bad++;
        if (rc != MEM_OK || bad != 0) {
            for (i = 0; i < 70001UL && lpeek(seg, 3 + i) == pat(i + 11); i++)
                ;
            printf("  rc %d, %u bad, first at %lu: %02X want %02X\n", rc, bad, i,
                   lpeek(seg, 3 + i), pat(i + 11));
        }
        DT_CHECK(rc == MEM_OK && bad == 0, "70001 bytes to a block and back");
        dt_dos_free(seg);
    }
    free_block(big, "free the 192 KB block");
}

/* ------------------------------------------------------ errors, handles */

static void errors(mem_xms_t a)
{
    mem_xms_t b = xb, c = xc;

    memcpy(cmod, ma, BLK);
    DT_EQ(mv(0, a, BLK, a, 0), MEM_OK, "length 0 at the block's end");
    DT_EQ(mv(0, a, BLK + 1, a, 0), MEM_E_RANGE, "length 0 past the end");
    DT_EQ(mv(1, a, BLK - 1, a, BLK), MEM_E_RANGE, "one byte at the end as destination");
    DT_EQ(mv(2, a, 0xFFFFFFFFUL, a, 0), MEM_E_RANGE, "offset FFFFFFFFh");
    DT_EQ(mv(0xFFFFFFFFUL, a, 1, a, 0), MEM_E_RANGE, "length FFFFFFFFh");
    DT_EQ(mv(BLK + 1, 0, nfp(conv), a, 0), MEM_E_RANGE, "one byte more than the block");
    DT_EQ(mv(17, 0, MEM_FP(0xFFFF, 0xFFF0), a, 0), MEM_E_RANGE, "conventional past 10FFF0h by one");
    DT_EQ(mv(17, a, 0, 0, MEM_FP(0xFFFF, 0xFFF0)), MEM_E_RANGE, "conventional destination past 10FFF0h");
    DT_EQ(mv(BLK + 2, a, 0, (mem_xms_t)0x7F05, 0), MEM_E_RANGE,
          "the source is checked first");
    DT_EQ(mv(2, 0, MEM_FP(0xFFFF, 0xFFF0), (mem_xms_t)0x7F05, 0), MEM_E_XMS_BAD_DST_HANDLE,
          "then the destination");
    DT_CHECK(same(a) && memcmp(ma, cmod, BLK) == 0, "refused moves changed nothing");

    /* stale handles: freed, its slot given out again (make_blocks; the
     * raw codes through mem_xms_last_error, set-up code, unsealed only) */
    DT_EQ(mv(2, b, 0, 0, nfp(conv)), MEM_E_XMS_BAD_SRC_HANDLE, "freed handle as source");
    if (!dt_sealed)
        DT_EQ(mem_xms_last_error(), 0xA3, "raw code A3h");
    DT_EQ(mv(2, 0, nfp(conv), b, 0), MEM_E_XMS_BAD_DST_HANDLE, "freed handle as destination");
    if (!dt_sealed)
        DT_EQ(mem_xms_last_error(), 0xA5, "raw code A5h");
    DT_CHECK((int)c > 0 && (c & 0xFF) == (b & 0xFF) && c != b, "its slot again, a new generation");
    DT_EQ(mv(2, b, 0, c, 0), MEM_E_XMS_BAD_SRC_HANDLE, "the old handle stays refused");
    DT_EQ(mv(2, c, 0, c, 2), MEM_OK, "the new one works");
    DT_EQ(mv(2, (mem_xms_t)(c | 0x8000), 0, c, 0), MEM_E_XMS_BAD_SRC_HANDLE, "generation bit 15");
    DT_EQ(mv(2, (mem_xms_t)(c & 0xFF00), 0, c, 0), MEM_E_XMS_BAD_SRC_HANDLE, "slot 0");
    DT_EQ(mv(2, (mem_xms_t)((c & 0xFF00) | (MEM_XMS_HANDLES + 1)), 0, c, 0),
          MEM_E_XMS_BAD_SRC_HANDLE, "slot past the table");
    free_block(c, "free the new one");
}

int main(void)
{
    struct mem_module m;
    mem_xms_t a;
    int rc;

    dt_init("t_xmove: mem_xms_move, the XMS group");
    x_detect();
    rc = mem_load("MEMPOOL.MOD", 0, &m);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD");
    if (rc != MEM_OK)
        return dt_done();
    if (!have_xms) {
        printf("  no XMS driver: checking the fallback\n");
        dt_seal_point();            /* nothing to set up */
        DT_EQ(mv(2, 0, nfp(conv), 0, nfp(chk)), MEM_E_NOXMS, "move says no XMS");
        DT_EQ(mv(0, 0, nfp(conv), 0, nfp(chk)), MEM_E_NOXMS, "even of nothing");
        DT_EQ(mem_unload(&m), MEM_OK, "unload");
        return dt_done();
    }
    make_blocks();
    dt_seal_point();
    a = xa;
    if ((int)a <= 0)
        return dt_done();
    fill(ma, BLK, 1);
    DT_EQ(x_move(raw_handle(a), 0UL, ma, BLK, 1), 1, "driver fills it");
    DT_CHECK(same(a), "it holds its model");

    odd_ends(a);
    overlap(a);
    errors(a);
    crossing();
    free_block(a, "free A");
    DT_EQ(mem_unload(&m), MEM_OK, "unload");
    return dt_done();
}
