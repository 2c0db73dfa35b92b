/*
 * t_xms.c - MEMPOOL's XMS service against DOSBox's own XMS driver, used
 * through the module's far-call table.  What the module says is checked
 * against what the driver says when the test asks it directly (INT 2Fh
 * 4300h/4310h and the entry point): free memory, lock addresses, handles
 * freed at unload.  Without an XMS driver (config "plain") the same program
 * checks the fallback: every XMS entry says MEM_E_NOXMS, mem_info says no
 * XMS, nothing else changes.
 *
 * DOSBox 0.74 deviations this test accepts (xms-vds-dos-facts.md 1.4-1.7):
 * 4 KB allocation granularity, 49 handles, no HMA; the module never gives
 * it an odd or overlapping move, so DOSBox's missing checks do not show.
 *
 * The set-up entries (status, alloc, free, realloc, lock, unlock, handle
 * info, last error) are checked before the seal point, with every block the
 * later checks use; moves and parking after it (sealed: /SEAL).
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "port.h"

/* bcc -ansi strips prototypes: arguments are never converted to the
 * parameter type, so every 32-bit argument is cast where it is passed. */
#define XALLOC(kb)          mem_xms_alloc((mem_u32)(kb))
#define XREALLOC(h, kb)     mem_xms_realloc((mem_xms_t)(h), (mem_u32)(kb))
#define mv(l, sh, so, dh, dof) mv_((unsigned long)(l), (mem_xms_t)(sh), \
        (unsigned long)(so), (mem_xms_t)(dh), (unsigned long)(dof))

#define BLK_KB   4
#define BLK      (BLK_KB * 1024u)

static unsigned xseg, xoff;         /* the driver, found by the test */
static int have_xms;

static unsigned char ma[BLK], mb[BLK];      /* models of blocks A and B */
static unsigned char chk[BLK];              /* read-back */
static unsigned char conv[BLK + 16];        /* conventional side */
static unsigned char mvs[16];               /* direct 0Bh structure */

/* ------------------------------------------------ the driver, directly */

static void rz(struct port_regs *r)
{
    memset(r, 0, sizeof(*r));
}

static void x_detect(void)
{
    have_xms = dt_xms_entry(&xseg, &xoff);
}

static unsigned x_version(void)
{
    struct port_regs r;
    rz(&r);
    port_farcall(xseg, xoff, &r);
    return r.ax;
}

/* Total free KB (08h DX), 0 when all is allocated. */
static unsigned x_total(void)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x0800;
    port_farcall(xseg, xoff, &r);
    return (r.bx & 0xFF) == 0xA0 ? 0 : r.dx;
}

static unsigned x_largest(void)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x0800;
    port_farcall(xseg, xoff, &r);
    return (r.bx & 0xFF) == 0xA0 ? 0 : r.ax;
}

static void put32(unsigned char *p, unsigned long v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/* Read len (even) bytes at off of driver handle xh into near buf. */
static int x_read(unsigned xh, unsigned long off, unsigned char *buf, unsigned len)
{
    struct port_regs r;
    unsigned long fp = MEM_FP(port_ds(), (unsigned)buf);
    put32(mvs, (unsigned long)len);
    mvs[4] = (unsigned char)xh;
    mvs[5] = (unsigned char)(xh >> 8);
    put32(mvs + 6, off);
    mvs[10] = mvs[11] = 0;
    put32(mvs + 12, fp);
    rz(&r);
    r.ax = 0x0B00;
    r.ds = port_ds();
    r.si = (unsigned)mvs;
    port_farcall(xseg, xoff, &r);
    return r.ax;
}

/* 0Ch / 0Dh / 0Eh on a driver handle.  Return AX; *bl the code. */
static int x_lock(unsigned xh, unsigned long *phys)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x0C00;
    r.dx = xh;
    port_farcall(xseg, xoff, &r);
    *phys = ((unsigned long)r.dx << 16) | r.bx;
    return r.ax;
}

static int x_unlock(unsigned xh)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x0D00;
    r.dx = xh;
    port_farcall(xseg, xoff, &r);
    return r.ax;
}

static int x_info(unsigned xh, unsigned *bl)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x0E00;
    r.dx = xh;
    port_farcall(xseg, xoff, &r);
    *bl = r.bx & 0xFF;
    return r.ax;
}

/* ------------------------------------------------- through the module */

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

/* The driver's handle behind a module handle: mem_xms_handle_info is
 * set-up code, so the blocks used after the seal point are looked up
 * before it (raw_keep) and found in that list afterwards. */
static mem_xms_t rh_h[2];
static unsigned rh_raw[2], rh_n;

static unsigned raw_handle(mem_xms_t h)
{
    struct mem_xms_handle hi;
    unsigned i;
    for (i = 0; i < rh_n; i++)
        if (rh_h[i] == h)
            return rh_raw[i];
    memset(&hi, 0, sizeof(hi));
    hi.size = sizeof(hi);
    if (mem_xms_handle_info(h, nfp(&hi)) != MEM_OK)
        return 0;
    return hi.xms_handle;
}

static void raw_keep(mem_xms_t h)
{
    if (rh_n < 2) {
        rh_raw[rh_n] = raw_handle(h);
        rh_h[rh_n++] = h;
    }
}

/* moves()'s two 4 KB blocks, made before the seal point. */
static mem_xms_t mv_a, mv_b;

static void make_ab(void)
{
    mv_a = (mem_xms_t)XALLOC(BLK_KB);
    mv_b = (mem_xms_t)XALLOC(BLK_KB);
    DT_CHECK((int)mv_a > 0 && (int)mv_b > 0, "two 4 KB blocks");
    raw_keep(mv_a);
    raw_keep(mv_b);
}

static void fill(unsigned char *p, unsigned n, unsigned seed)
{
    unsigned i;
    for (i = 0; i < n; i++)
        p[i] = (unsigned char)(seed + i * 7 + (i >> 8));
}

/* Block h (model m) must equal its model, byte for byte. */
static int same(mem_xms_t h, unsigned char *m)
{
    unsigned i;
    memset(chk, 0x5A, BLK);
    if (x_read(raw_handle(h), 0UL, chk, BLK) != 1)
        return 0;
    for (i = 0; i < BLK; i++)
        if (chk[i] != m[i]) {
            printf("  differs at %u: %02X, want %02X\n", i, chk[i], m[i]);
            return 0;
        }
    return 1;
}

static void no_xms(void)
{
    struct mem_xms_status st;
    unsigned long phys;

    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    DT_EQ(mem_xms_status(nfp(&st)), MEM_E_NOXMS, "fallback: status says no XMS");
    DT_EQ(XALLOC(1), MEM_E_NOXMS, "fallback: alloc says no XMS");
    DT_EQ(mem_xms_free(1), MEM_E_NOXMS, "fallback: free");
    DT_EQ(XREALLOC(1, 2), MEM_E_NOXMS, "fallback: realloc");
    DT_EQ(mv(2, 0, nfp(conv), 0, nfp(chk)), MEM_E_NOXMS, "fallback: move");
    DT_EQ(mem_xms_lock(1, nfp(&phys)), MEM_E_NOXMS, "fallback: lock");
    DT_EQ(mem_xms_unlock(1), MEM_E_NOXMS, "fallback: unlock");
    DT_EQ(mem_xms_last_error(), 0, "fallback: no XMS error recorded");
    mem_isr_enter();
    DT_EQ(XALLOC(1), MEM_E_BUSY, "fallback: refused inside an ISR too");
    mem_isr_leave();
}

/* Allocate until the driver is empty, then until the table is full. */
static void exhaustion(void)
{
    mem_xms_t h[MEM_XMS_HANDLES + 1];
    unsigned before = x_total(), largest, i, n;
    int rc;

    for (n = 0; n < MEM_XMS_HANDLES && (largest = x_largest()) != 0; n++) {
        rc = XALLOC(largest);
        if (rc <= 0)
            break;
        h[n] = (mem_xms_t)rc;
    }
    DT_CHECK(n > 0, "allocate the largest free blocks");
    DT_EQ(x_largest(), 0, "driver has nothing left");
    DT_EQ(XALLOC(BLK_KB), MEM_E_XMS_NO_MEMORY, "alloc when full: A0h");
    DT_EQ(mem_xms_last_error(), 0xA0, "raw code A0h");
    for (i = 0; i < n; i++)
        DT_EQ(mem_xms_free(h[i]), MEM_OK, "free a big block");
    DT_EQ(x_total(), before, "free XMS back to where it was");

    for (n = 0; n < MEM_XMS_HANDLES; n++) {
        rc = XALLOC(1);
        if (rc <= 0)
            break;
        h[n] = (mem_xms_t)rc;
    }
    DT_EQ(n, MEM_XMS_HANDLES, "fill the handle table");
    DT_EQ(XALLOC(1), MEM_E_HANDLES, "table full: MEM_E_HANDLES");
    for (i = 0; i < n; i++)
        DT_EQ(mem_xms_free(h[i]), MEM_OK, "free one of the table");
    DT_EQ(mem_xms_free(h[0]), MEM_E_XMS_BAD_HANDLE, "stale handle refused");
    DT_EQ(x_total(), before, "free XMS before equals after");
}

/* Every length parity, every offset parity, both directions, block to
 * block, ends of blocks; each checked against a model. */
static void moves(void)
{
    static unsigned lens[] = { 1, 2, 3, 4, 5, 7, 8, 63, 64, 127, 128, 129,
                               255, 256, 257, 1023, 1024, 1025, 4095, 4096 };
    static unsigned offs[] = { 0, 1, 2, 3 };
    mem_xms_t a = mv_a, b = mv_b;
    unsigned li, oi, len, so, dof, bad = 0, total = 0, seg;
    int rc;

    if ((int)a <= 0 || (int)b <= 0)
        return;
    fill(ma, BLK, 1);
    fill(mb, BLK, 99);
    DT_EQ(mv(BLK, 0, nfp(ma), a, 0), MEM_OK, "fill A");
    DT_EQ(mv(BLK, 0, nfp(mb), b, 0), MEM_OK, "fill B");
    DT_CHECK(same(a, ma) && same(b, mb), "A and B hold their models");

    for (li = 0; li < sizeof(lens) / sizeof(lens[0]); li++)
        for (oi = 0; oi < 4; oi++) {
            len = lens[li];
            /* conventional -> A at offs, and at the block's very end */
            so = offs[(oi + 1) & 3];
            dof = (oi & 1) ? BLK - len - offs[oi] * (len + offs[oi] <= BLK)
                           : offs[oi];
            if (dof + len > BLK)
                dof = BLK - len;
            fill(conv, BLK, li * 4 + oi);
            rc = mv(len, 0, nfp(conv + so), a, dof);
            memcpy(ma + dof, conv + so, len);
            total++;
            if (rc != MEM_OK || !same(a, ma)) {
                printf("  conv->A len %u dst %u: rc %d\n", len, dof, rc);
                bad++;
            }
            /* A -> B */
            so = (li + oi) % (BLK - len + 1);
            dof = offs[oi] + (len < BLK - 8 ? 3 : 0);
            if (dof + len > BLK)
                dof = BLK - len;
            rc = mv(len, a, so, b, dof);
            memcpy(mb + dof, ma + so, len);
            total++;
            if (rc != MEM_OK || !same(b, mb)) {
                printf("  A->B len %u %u->%u: rc %d\n", len, so, dof, rc);
                bad++;
            }
            /* B -> conventional, guarded on both sides */
            so = BLK - len - ((oi & 1) && len < BLK ? 1 : 0);
            memset(conv, 0xC3, sizeof(conv));
            rc = mv(len, b, so, 0, nfp(conv + 1));
            total++;
            if (rc != MEM_OK || conv[0] != 0xC3 || memcmp(conv + 1, mb + so, len) != 0
                || conv[len + 1] != 0xC3) {
                printf("  B->conv len %u from %u: rc %d\n", len, so, rc);
                bad++;
            }
        }
    DT_EQ(bad, 0, "moves of every length and offset parity, byte for byte");
    printf("  %u moves checked\n", total);

    /* overlapping moves inside A: memmove semantics, any distance */
    {
        static unsigned dists[] = { 1, 2, 3, 5, 64, 127, 128, 129, 1000 };
        static unsigned olens[] = { 2, 3, 200, 201, 1500, 1501 };
        unsigned di, oj, d, base = 600;
        bad = 0;
        for (di = 0; di < sizeof(dists) / sizeof(dists[0]); di++)
            for (oj = 0; oj < sizeof(olens) / sizeof(olens[0]); oj++) {
                d = dists[di];
                len = olens[oj];
                rc = mv(len, a, base, a, base + d);         /* upward */
                memmove(ma + base + d, ma + base, len);
                if (rc != MEM_OK || !same(a, ma)) {
                    printf("  overlap up d %u len %u: rc %d\n", d, len, rc);
                    bad++;
                }
                rc = mv(len, a, base + d, a, base);         /* downward */
                memmove(ma + base, ma + base + d, len);
                if (rc != MEM_OK || !same(a, ma)) {
                    printf("  overlap down d %u len %u: rc %d\n", d, len, rc);
                    bad++;
                }
            }
        DT_EQ(bad, 0, "overlapping moves inside a block behave as memmove");
        fill(conv, BLK, 5);
        memcpy(chk, conv, BLK);
        memmove(chk + 3, chk, 1001);
        DT_EQ(mv(1001, 0, nfp(conv), 0, nfp(conv + 3)), MEM_OK, "overlap in conventional memory");
        DT_CHECK(memcmp(conv, chk, BLK) == 0, "conventional overlap as memmove");
    }

    /* ranges are checked before the driver sees them */
    DT_EQ(mv(2, a, BLK - 1, b, 0), MEM_E_RANGE, "source past the block end");
    DT_EQ(mv(1, 0, nfp(conv), b, BLK), MEM_E_RANGE, "destination offset = size");
    DT_EQ(mv(BLK + 2, a, 0, b, 0), MEM_E_RANGE, "longer than the block");
    DT_EQ(mv(0xFFFFFFFEUL, a, 4, b, 0), MEM_E_RANGE, "huge length");
    DT_EQ(mv(32, 0, MEM_FP(0xFFFF, 0xFFF0), a, 0), MEM_E_RANGE, "conventional past 10FFF0h");
    DT_EQ(mv(0, a, 0, b, 0), MEM_OK, "length 0");
    DT_EQ(mv(2, (mem_xms_t)0x7F05, 0, b, 0), MEM_E_XMS_BAD_SRC_HANDLE, "foreign source handle");
    if (!dt_sealed)                 /* set-up code, gone once sealed */
        DT_EQ(mem_xms_last_error(), 0xA3, "raw code A3h");
    DT_EQ(mv(2, a, 0, (mem_xms_t)0x7F05, 0), MEM_E_XMS_BAD_DST_HANDLE, "foreign destination handle");
    DT_CHECK(same(a, ma) && same(b, mb), "refused moves changed nothing");

    /* a conventional far pointer whose offset wraps within the move */
    seg = dt_dos_alloc(0x40);
    if (seg >= 0xFF0) {
        fill(conv, BLK, 77);
        for (li = 0; li < 301; li++)
            port_pokeb(seg, li, conv[li]);
        rc = mv(301, 0, MEM_FP(seg - 0xFF0, 0xFF00u), b, 11);
        memcpy(mb + 11, conv, 301);
        DT_CHECK(rc == MEM_OK && same(b, mb), "source seg:off with offset near FFFFh, odd length");
        memset(conv, 0, 301);
        rc = mv(301, b, 11, 0, MEM_FP(seg - 0xFF0, 0xFF00u));
        for (li = 0; li < 301; li++)
            conv[li] = port_peekb(seg, li);
        DT_CHECK(rc == MEM_OK && memcmp(conv, mb + 11, 301) == 0,
                 "destination seg:off with offset near FFFFh, odd length");
    } else {
        printf("  (skipped the wrapping-offset move: block at %04X)\n", seg);
    }
    if (seg)
        dt_dos_free(seg);

    if (!dt_sealed) {               /* sealed, free is gone: unload frees them */
        DT_EQ(mem_xms_free(a), MEM_OK, "free A");
        DT_EQ(mem_xms_free(b), MEM_OK, "free B");
    }
}

static void locks(void)
{
    struct mem_xms_handle hi;
    mem_xms_t a;
    unsigned long phys = 0, dphys = 0;
    unsigned xh;
    int rc;

    a = (mem_xms_t)XALLOC(BLK_KB);
    DT_CHECK((int)a > 0, "block to lock");
    fill(ma, BLK, 3);
    DT_EQ(mv(BLK, 0, nfp(ma), a, 0), MEM_OK, "fill it");
    xh = raw_handle(a);
    DT_EQ(mem_xms_lock(a, nfp(&phys)), MEM_OK, "lock");
    DT_CHECK(phys >= 0x100000UL, "locked block lies above 1 MB");
    DT_EQ(x_lock(xh, &dphys), 1, "driver locks it too");
    DT_EQ(dphys, phys, "lock address = the driver's");
    DT_EQ(x_unlock(xh), 1, "driver unlock");
    memset(&hi, 0, sizeof(hi));
    hi.size = sizeof(hi);
    DT_EQ(mem_xms_handle_info(a, nfp(&hi)), MEM_OK, "handle info");
    DT_EQ(hi.xms_handle, xh, "handle info: driver handle");
    DT_CHECK(hi.kb >= BLK_KB, "handle info: size");
    DT_EQ(hi.locks, 1, "handle info: lock count 1");
    DT_EQ(hi.phys, phys, "handle info: address");
    DT_EQ(mem_xms_free(a), MEM_E_XMS_LOCKED, "no free while locked (DOSBox would)");
    DT_EQ(mem_xms_last_error(), 0xAB, "raw code ABh");
    DT_EQ(XREALLOC(a, 8), MEM_E_XMS_LOCKED, "no resize while locked");
    DT_EQ(mem_xms_unlock(a), MEM_OK, "unlock");
    DT_EQ(mem_xms_unlock(a), MEM_E_XMS_NOT_LOCKED, "unlock again: AAh");
    rc = XREALLOC(a, 2 * BLK_KB);
    DT_EQ(rc, MEM_OK, "grow to 8 KB");
    DT_CHECK(same(a, ma), "contents kept by the resize");
    fill(conv, BLK, 11);
    DT_EQ(mv(BLK, 0, nfp(conv), a, BLK), MEM_OK, "the grown half is usable");
    DT_EQ(mv(BLK, 0, nfp(conv), a, BLK + 2), MEM_E_RANGE, "but not beyond");
    DT_EQ(mem_xms_free(a), MEM_OK, "free");
}

static void isr_guard(void)
{
    int rc;
    mem_isr_enter();
    mem_isr_enter();
    DT_EQ(XALLOC(1), MEM_E_BUSY, "XMS refused inside an ISR");
    mem_isr_leave();
    DT_EQ(XALLOC(1), MEM_E_BUSY, "still refused one level up");
    mem_isr_leave();
    rc = XALLOC(1);
    DT_CHECK(rc > 0, "allowed again after the ISR");
    if (rc > 0)
        mem_xms_free((mem_xms_t)rc);
}

/* A packet buffer with a recognisable frame of len bytes, data moved
 * down by 'down' bytes and a link word set, as an owner would leave it. */
static mem_fp_t pkt_make(unsigned len, unsigned down, unsigned seed)
{
    mem_fp_t p = mem_pkt_alloc(len);
    unsigned seg, off, data, i;
    if (p == MEM_FP_NULL)
        return p;
    seg = MEM_FP_SEG(p);
    off = MEM_FP_OFF(p);
    data = port_peekw(seg, off + MEM_PKT_OFF_DATA) - down;
    port_pokew(seg, off + MEM_PKT_OFF_DATA, data);
    port_pokew(seg, off, 0x1234);
    port_pokew(seg, off + 2, seed);
    for (i = 0; i < len; i++)
        port_pokeb(seg, off + data + i, (unsigned char)(seed * 3 + i));
    return p;
}

/* The buffer holds what pkt_make put there. */
static int pkt_same(mem_fp_t p, unsigned len, unsigned down, unsigned seed)
{
    unsigned seg = MEM_FP_SEG(p), off = MEM_FP_OFF(p), data, i;
    data = port_peekw(seg, off + MEM_PKT_OFF_DATA);
    if (data != MEM_PKT_DATA - down || port_peekw(seg, off + MEM_PKT_OFF_LEN) != len
        || port_peekw(seg, off) != 0x1234 || port_peekw(seg, off + 2) != seed
        || port_peekb(seg, off + MEM_PKT_OFF_REF) != 1)
        return 0;
    for (i = 0; i < len; i++)
        if (port_peekb(seg, off + data + i) != (unsigned char)(seed * 3 + i))
            return 0;
    return 1;
}

/* Park and unpark: round trips, a full store, XMS exhausted first (when
 * xms_full is set), and without XMS the buffer stays where it was. */
static void park(int xms_full)
{
    static unsigned lens[] = { 1, 60, 64, 335, 336, 337, 1000, 1514 };
    static int tickets[MEM_XMS_PARK_SLOTS + 1];
    mem_xms_t big[MEM_XMS_HANDLES];
    mem_fp_t p, q;
    unsigned i, n, largest, bad = 0;
    int t, rc;

    p = pkt_make(100, 8, 7);
    DT_CHECK(p != MEM_FP_NULL, "a packet buffer to park");
    if (p == MEM_FP_NULL)
        return;
    if (!have_xms || xms_full) {
        n = 0;
        if (xms_full)
            for (; n < MEM_XMS_HANDLES && (largest = x_largest()) != 0; n++)
                big[n] = (mem_xms_t)XALLOC(largest);
        rc = mem_xms_park(p);
        DT_EQ(rc, have_xms ? MEM_E_XMS_NO_MEMORY : MEM_E_NOXMS,
              have_xms ? "park with XMS full says so" : "park without XMS says so");
        DT_CHECK(pkt_same(p, 100, 8, 7), "and the buffer stays, untouched");
        DT_EQ(mem_pkt_free(p), 0, "it is still a live buffer");
        for (i = 0; i < n; i++)
            mem_xms_free(big[i]);
        return;
    }

    t = mem_xms_park(p);
    DT_CHECK(t > 0, "park a buffer");
    DT_EQ(mem_pkt_free(p), MEM_E_DOUBLEFREE, "its conventional buffer was freed");
    q = MEM_FP_NULL;
    DT_EQ(mem_xms_unpark((mem_u16)t, nfp(&q)), MEM_OK, "unpark it");
    DT_CHECK(q != MEM_FP_NULL && pkt_same(q, 100, 8, 7), "frame, len, data, link back");
    DT_EQ(mem_xms_unpark((mem_u16)t, nfp(&q)), MEM_E_BADPTR, "a ticket is good once");
    DT_EQ(mem_pkt_free(q), 0, "the new buffer is an ordinary one");

    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        p = pkt_make(lens[i], i & 1 ? 16 : 0, i + 20);
        t = p != MEM_FP_NULL ? mem_xms_park(p) : -1;
        q = MEM_FP_NULL;
        rc = t > 0 ? mem_xms_unpark((mem_u16)t, nfp(&q)) : t;
        if (rc != MEM_OK || !pkt_same(q, lens[i], i & 1 ? 16 : 0, i + 20)) {
            printf("  park round trip len %u: %d %d\n", lens[i], t, rc);
            bad++;
        }
        if (q != MEM_FP_NULL)
            mem_pkt_free(q);
    }
    DT_EQ(bad, 0, "round trips of every frame size");

    /* fill the store: each park frees its buffer for the next one */
    for (n = 0; n < MEM_XMS_PARK_SLOTS; n++) {
        p = pkt_make(200 + n, 0, n);
        tickets[n] = p != MEM_FP_NULL ? mem_xms_park(p) : -1;
        if (tickets[n] <= 0)
            break;
    }
    DT_EQ(n, MEM_XMS_PARK_SLOTS, "park as many as the store holds");
    p = pkt_make(50, 0, 99);
    DT_EQ(mem_xms_park(p), MEM_E_NOMEM, "store full: park says so");
    DT_CHECK(pkt_same(p, 50, 0, 99), "and the buffer stays");
    mem_pkt_free(p);
    bad = 0;
    for (i = 0; i < n; i++) {
        q = MEM_FP_NULL;
        rc = mem_xms_unpark((mem_u16)tickets[n - 1 - i], nfp(&q));
        if (rc != MEM_OK || !pkt_same(q, 200 + (n - 1 - i), 0, n - 1 - i))
            bad++;
        if (q != MEM_FP_NULL)
            mem_pkt_free(q);
    }
    DT_EQ(bad, 0, "every parked buffer comes back intact");
    DT_EQ(mem_xms_park(MEM_FP(port_ds(), (unsigned)conv)), MEM_E_BADPTR, "no packet buffer");
}

int main(void)
{
    struct mem_module m;
    struct mem_info info;
    struct mem_xms_status st;
    mem_xms_t h1, h2, h3;
    unsigned long phys;
    unsigned start = 0, xh1 = 0, xh2 = 0, xh3 = 0, bl, store, held;
    int rc;

    dt_init("t_xms: XMS service");
    x_detect();
    DT_EQ(sizeof(struct mem_xms_move), 16, "move structure is 16 bytes");
    if (have_xms)
        start = x_total();
    rc = mem_load("MEMPOOL.MOD", 0, &m);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD");
    if (rc != MEM_OK)
        return dt_done();

    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    DT_EQ(mem_info(nfp(&info)), MEM_OK, "mem_info");
    DT_EQ((info.flags & MEM_INFO_XMS) != 0, have_xms, "MEM_INFO_XMS says whether XMS is in use");
    if (!have_xms) {
        printf("  no XMS driver: checking the fallback\n");
        DT_EQ(info.xms_version, 0, "xms_version 0 without XMS");
        DT_EQ(info.xms_free_kb, 0, "xms_free_kb 0 without XMS");
        no_xms();
        dt_seal_point();
        park(0);
        DT_EQ(mem_unload(&m), MEM_OK, "unload");
        return dt_done();
    }
    DT_EQ(info.xms_version, x_version(), "xms_version = driver's 00h");
    DT_EQ(info.xms_free_kb, start, "xms_free_kb = driver's 08h at init");
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    DT_EQ(mem_xms_status(nfp(&st)), MEM_OK, "mem_xms_status");
    DT_EQ(st.version, x_version(), "status: version");
    DT_EQ(st.free_kb, x_total(), "status: free KB = driver's");
    DT_EQ(st.largest_kb, x_largest(), "status: largest = driver's");
    DT_EQ(st.handles_max, MEM_XMS_HANDLES, "status: table size");
    DT_EQ(!!(st.flags & MEM_XMS_F_32BIT), info.cpu >= MEM_CPU_386,
          "386 functions used exactly on a 386+ (XMS 3.0 driver)");
    printf("  XMS %X.%02X rev %X.%02X, %lu KB free, cpu %u, %s functions\n",
           st.version >> 8, st.version & 0xFF, st.revision >> 8, st.revision & 0xFF,
           st.free_kb, info.cpu, (st.flags & MEM_XMS_F_32BIT) ? "32-bit" : "16-bit");

    /* the set-up entries (allocation, locks, the ISR refusals of them),
     * and park with XMS full (it takes the test's XMS blocks), before the
     * seal point */
    park(1);                        /* before the store exists */
    exhaustion();
    locks();
    isr_guard();
    DT_EQ(x_total(), start, "every test block given back");
    make_ab();
    /* forgotten handles: unload frees them, locked or not */
    h1 = (mem_xms_t)XALLOC(BLK_KB);
    h2 = (mem_xms_t)XALLOC(2 * BLK_KB);
    h3 = (mem_xms_t)XALLOC(1);
    DT_CHECK((int)h1 > 0 && (int)h2 > 0 && (int)h3 > 0, "three blocks to forget");
    xh1 = raw_handle(h1);
    xh2 = raw_handle(h2);
    xh3 = raw_handle(h3);
    DT_EQ(mem_xms_lock(h2, nfp(&phys)), MEM_OK, "one of them locked");
    DT_EQ(mem_xms_lock(h2, nfp(&phys)), MEM_OK, "twice");
    dt_seal_point();

    moves();
    held = x_total();
    park(0);
    store = held - x_total();
    DT_CHECK(store >= (MEM_XMS_PARK_SLOTS * 1568u + 1023u) / 1024u && store <= 64,
             "the park store: one block, held until unload");
    DT_CHECK(x_total() < start, "the forgotten blocks take XMS");
    DT_EQ(mem_unload(&m), MEM_OK, "unload with handles still held");
    DT_EQ(x_total(), start, "unload freed them (driver's own 08h)");
    DT_EQ(x_info(xh1, &bl), 0, "first handle gone");
    DT_EQ(x_info(xh2, &bl), 0, "locked handle gone");
    DT_EQ(x_info(xh3, &bl), 0, "third handle gone");
    return dt_done();
}
