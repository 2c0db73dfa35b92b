/*
 * t_park.c - mem_xms_park / mem_xms_unpark (the XMS group, xms_move.asm)
 * against DOSBox's XMS driver: the store taken at the first park and not
 * before (a refused park leaves XMS as it was), XMS full before and after
 * the store exists, frames at the largest sizes a buffer holds (odd, with
 * headroom above the default), a buffer whose header lies about its size,
 * the store's handle out of every caller's reach, unpark without a free
 * buffer, and unload giving back every handle and UMB with buffers still
 * parked.  What XMS holds is asked of the driver directly, and the test
 * fills XMS through the driver too.  Without XMS (config plain) park says
 * MEM_E_NOXMS and the buffer stays.  The handles main holds through the
 * module (mem_xms_alloc, lock: set-up) are taken before the seal point;
 * sealed, lock/realloc/free answer MEM_E_STATE for every handle.
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "port.h"

#define XALLOC(kb)  mem_xms_alloc((mem_u32)(kb))

static unsigned xseg, xoff;
static int have_xms;
static mem_xms_t main_h1, main_h2;  /* set-up: held until unload */
static unsigned char fake[64];

static void rz(struct port_regs *r)
{
    memset(r, 0, sizeof(*r));
}

static void x_detect(void)
{
    have_xms = dt_xms_entry(&xseg, &xoff);
}

/* 08h: total free KB (DX) or largest (AX), 0 when all is allocated. */
static unsigned x_free(int largest)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x0800;
    port_farcall(xseg, xoff, &r);
    if ((r.bx & 0xFF) == 0xA0)
        return 0;
    return largest ? r.ax : r.dx;
}

/* Free handles the driver has: 0Eh BL on a probe block of its own. */
static unsigned x_free_handles(void)
{
    struct port_regs r;
    unsigned h, n;
    rz(&r);
    r.ax = 0x0900;
    r.dx = 1;
    port_farcall(xseg, xoff, &r);
    if (r.ax != 1)
        return 0xFFFF;
    h = r.dx;
    rz(&r);
    r.ax = 0x0E00;
    r.dx = h;
    port_farcall(xseg, xoff, &r);
    n = r.bx & 0xFF;
    rz(&r);
    r.ax = 0x0A00;
    r.dx = h;
    port_farcall(xseg, xoff, &r);
    return n;
}

/* 10h with FFFFh paragraphs: the largest UMB the driver has (DX). */
static unsigned x_umb_largest(void)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x1000;
    r.dx = 0xFFFF;
    port_farcall(xseg, xoff, &r);
    if (r.ax == 1) {                    /* never: give it back at once */
        rz(&r);
        r.ax = 0x1100;
        r.dx = r.bx;
        port_farcall(xseg, xoff, &r);
        return 0xFFFF;
    }
    return (r.bx & 0xFF) == 0xB0 ? r.dx : 0;
}

static unsigned long nfp(void *p)
{
    return MEM_FP(port_ds(), (unsigned)p);
}

/* A packet buffer as an owner leaves it: len bytes of frame at data
 * moved by 'shift' bytes (negative: down), link set. */
static mem_fp_t pkt_make(unsigned alloc_len, unsigned len, int shift, unsigned seed)
{
    mem_fp_t p = mem_pkt_alloc(alloc_len);
    unsigned seg, off, data, i;
    if (p == MEM_FP_NULL)
        return p;
    seg = MEM_FP_SEG(p);
    off = MEM_FP_OFF(p);
    data = port_peekw(seg, off + MEM_PKT_OFF_DATA) + shift;
    port_pokew(seg, off + MEM_PKT_OFF_DATA, data);
    port_pokew(seg, off + MEM_PKT_OFF_LEN, len);
    port_pokew(seg, off, 0x4321);
    port_pokew(seg, off + 2, seed);
    for (i = 0; i < len; i++)
        port_pokeb(seg, off + data + i, (unsigned char)(seed * 3 + i));
    return p;
}

static int pkt_same(mem_fp_t p, unsigned len, int shift, unsigned seed)
{
    unsigned seg = MEM_FP_SEG(p), off = MEM_FP_OFF(p), data, i;
    data = port_peekw(seg, off + MEM_PKT_OFF_DATA);
    if (data != MEM_PKT_DATA + shift || port_peekw(seg, off + MEM_PKT_OFF_LEN) != len
        || port_peekw(seg, off) != 0x4321 || port_peekw(seg, off + 2) != seed
        || port_peekb(seg, off + MEM_PKT_OFF_REF) != 1
        || port_peekw(seg, off + MEM_PKT_OFF_MAGIC) != MEM_PKT_MAGIC)
        return 0;
    for (i = 0; i < len; i++)
        if (port_peekb(seg, off + data + i) != (unsigned char)(seed * 3 + i))
            return 0;
    return 1;
}

/* Park p, unpark it at once; 1 when it came back as it was. */
static int round_trip(mem_fp_t p, unsigned len, int shift, unsigned seed)
{
    mem_fp_t q = MEM_FP_NULL;
    int t = mem_xms_park(p), rc;
    if (t <= 0) {
        printf("  park len %u shift %d: %d\n", len, shift, t);
        return 0;
    }
    rc = mem_xms_unpark((mem_u16)t, nfp(&q));
    if (rc != MEM_OK || !pkt_same(q, len, shift, seed)) {
        printf("  unpark len %u shift %d: %d\n", len, shift, rc);
        return 0;
    }
    mem_pkt_free(q);
    return 1;
}

/* Allocate the largest blocks from the driver itself (09h) until it is
 * empty; n of them (driver handles, given back with x_release).  Not
 * through the module: mem_xms_alloc is set-up code, gone once sealed. */
static unsigned fill_xms(unsigned *big)
{
    struct port_regs r;
    unsigned n, largest;
    for (n = 0; n < MEM_XMS_HANDLES - 2 && (largest = x_free(1)) != 0; n++) {
        rz(&r);
        r.ax = 0x0900;
        r.dx = largest;
        port_farcall(xseg, xoff, &r);
        if (r.ax != 1)
            break;
        big[n] = r.dx;
    }
    return n;
}

/* 0Ah: free a block fill_xms took. */
static void x_release(unsigned h)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x0A00;
    r.dx = h;
    port_farcall(xseg, xoff, &r);
}

static void fallback(void)
{
    mem_fp_t p = pkt_make(100, 100, 0, 7), q = MEM_FP_NULL;
    DT_CHECK(p != MEM_FP_NULL, "a buffer");
    DT_EQ(mem_xms_park(p), MEM_E_NOXMS, "park without XMS says so");
    DT_CHECK(pkt_same(p, 100, 0, 7), "the buffer stays, untouched");
    DT_EQ(mem_xms_unpark(0x0101, nfp(&q)), MEM_E_BADPTR, "nothing to unpark");
    DT_EQ(mem_xms_unpark(0x0101, MEM_FP_NULL), MEM_E_INVAL, "out null");
    DT_EQ(mem_pkt_free(p), 0, "still a live buffer");
}

/* Refused parks before the store exists leave XMS alone. */
static void before_store(unsigned start)
{
    unsigned big[MEM_XMS_HANDLES];
    mem_fp_t p;
    unsigned n, i, seg;

    /* a header that is no buffer of the pools (its check word is not) */
    memset(fake, 0, sizeof(fake));
    fake[MEM_PKT_OFF_LEN] = 8;
    fake[MEM_PKT_OFF_DATA] = 16;
    fake[MEM_PKT_OFF_CAP] = 48;
    fake[MEM_PKT_OFF_REF] = 1;
    fake[MEM_PKT_OFF_MAGIC] = (unsigned char)MEM_PKT_MAGIC;
    fake[MEM_PKT_OFF_MAGIC + 1] = (unsigned char)(MEM_PKT_MAGIC >> 8);
    DT_EQ(mem_xms_park(nfp(fake)), MEM_E_BADPTR, "a look-alike header: no packet buffer");
    DT_EQ(x_free(0), start, "and XMS untouched: no store taken for it");

    p = pkt_make(300, 300, 0, 9);
    seg = MEM_FP_SEG(p);
    port_pokew(seg, MEM_FP_OFF(p) + MEM_PKT_OFF_LEN, 0);
    DT_EQ(mem_xms_park(p), MEM_E_CORRUPT, "len 0: corrupt");
    port_pokew(seg, MEM_FP_OFF(p) + MEM_PKT_OFF_LEN, 300);
    DT_EQ(x_free(0), start, "XMS untouched");

    n = fill_xms(big);
    DT_EQ(x_free(1), 0, "XMS taken by the test");
    DT_EQ(mem_xms_park(p), MEM_E_XMS_NO_MEMORY, "no room for the store: A0h");
    if (!dt_sealed)                 /* set-up code, gone once sealed */
        DT_EQ(mem_xms_last_error(), 0xA0, "raw code A0h");
    DT_CHECK(pkt_same(p, 300, 0, 9), "the buffer stays, untouched");
    for (i = 0; i < n; i++)
        x_release(big[i]);
    DT_EQ(x_free(0), start, "all given back");
    DT_CHECK(round_trip(p, 300, 0, 9), "with room again: park and unpark");
    DT_CHECK(x_free(0) < start, "the store is held now");
}

/* Once the store exists, a full XMS does not matter. */
static void store_held(unsigned start)
{
    unsigned big[MEM_XMS_HANDLES];
    unsigned n, i;
    (void)start;
    n = fill_xms(big);
    DT_EQ(x_free(1), 0, "XMS full again");
    DT_CHECK(round_trip(pkt_make(1000, 1000, 0, 3), 1000, 0, 3), "park and unpark still work");
    for (i = 0; i < n; i++)
        x_release(big[i]);
}

/* The largest frames a buffer of the largest class holds (cap 1568). */
static void big_frames(void)
{
    mem_fp_t p, q;
    unsigned cap;
    int ok;

    p = mem_pkt_alloc(1514);
    DT_CHECK(p != MEM_FP_NULL, "a 1514 buffer");
    cap = port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_CAP);
    printf("  largest class: cap %u\n", cap);
    mem_pkt_free(p);
    DT_CHECK(round_trip(pkt_make(1514, 1514, 0, 1), 1514, 0, 1), "1514 bytes");
    DT_CHECK(round_trip(pkt_make(1514, 1513, 0, 2), 1513, 0, 2), "1513 bytes");
    DT_CHECK(round_trip(pkt_make(1514, 1514, cap - 1514 - MEM_PKT_DATA, 3), 1514,
                        cap - 1514 - MEM_PKT_DATA, 3),
             "1514 bytes ending at cap: headroom above the default comes back");
    DT_CHECK(round_trip(pkt_make(1514, cap - MEM_PKT_DATA - 1, 0, 4), cap - MEM_PKT_DATA - 1, 0, 4),
             "an odd frame ending one byte before cap");
    DT_CHECK(round_trip(pkt_make(1, 1, 0, 5), 1, 0, 5), "1 byte");
    DT_CHECK(round_trip(pkt_make(64, 63, -32, 6), 63, -32, 6), "63 bytes, data moved down to 16");

    /* the even rounding stays inside the buffer: a neighbour is untouched */
    p = pkt_make(1514, cap - MEM_PKT_DATA - 1, 0, 8);
    q = pkt_make(1514, 10, 0, 9);
    ok = round_trip(p, cap - MEM_PKT_DATA - 1, 0, 8);
    DT_CHECK(ok && pkt_same(q, 10, 0, 9), "the next buffer keeps its header and frame");
    DT_EQ(mem_pkt_free(q), 0, "and frees as a live buffer");
}

/* A header whose cap lies: refused before anything moves, so no parked
 * frame is overwritten. */
static void lying_cap(void)
{
    mem_fp_t a, b, c, q = MEM_FP_NULL;
    unsigned cap;
    int ta, tc;

    a = pkt_make(1514, 1500, 0, 20);
    c = pkt_make(1514, 1500, 0, 21);
    ta = mem_xms_park(a);
    tc = mem_xms_park(c);
    DT_CHECK(ta > 0 && tc > 0, "two frames parked side by side");
    DT_EQ(mem_xms_unpark((mem_u16)ta, nfp(&q)), MEM_OK, "the first one back");
    DT_CHECK(pkt_same(q, 1500, 0, 20), "intact");
    mem_pkt_free(q);
    b = pkt_make(1514, 1514, 0, 22);
    cap = port_peekw(MEM_FP_SEG(b), MEM_FP_OFF(b) + MEM_PKT_OFF_CAP);
    port_pokew(MEM_FP_SEG(b), MEM_FP_OFF(b) + MEM_PKT_OFF_CAP, 4000);
    port_pokew(MEM_FP_SEG(b), MEM_FP_OFF(b) + MEM_PKT_OFF_LEN, 3000);
    DT_EQ(mem_xms_park(b), MEM_E_CORRUPT, "cap 4000, len 3000: corrupt");
    port_pokew(MEM_FP_SEG(b), MEM_FP_OFF(b) + MEM_PKT_OFF_CAP, cap);
    port_pokew(MEM_FP_SEG(b), MEM_FP_OFF(b) + MEM_PKT_OFF_LEN, 1514);
    DT_EQ(mem_pkt_free(b), 0, "the buffer stayed live");
    q = MEM_FP_NULL;
    DT_EQ(mem_xms_unpark((mem_u16)tc, nfp(&q)), MEM_OK, "the other parked frame back");
    DT_CHECK(q != MEM_FP_NULL && pkt_same(q, 1500, 0, 21), "intact");
    if (q != MEM_FP_NULL)
        mem_pkt_free(q);
}

/* No handle a caller may use reaches the store. */
static void store_private(void)
{
    struct mem_xms_move mvd;
    struct mem_xms_status st;
    unsigned long phys;
    unsigned s, g, bad = 0;
    mem_fp_t q = MEM_FP_NULL;
    mem_xms_t h;
    int t, want;

    t = mem_xms_park(pkt_make(700, 701, 0, 30));
    DT_CHECK(t > 0, "a frame parked");
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    if (!dt_sealed) {               /* status is set-up code, gone sealed */
        DT_EQ(mem_xms_status(nfp(&st)), MEM_OK, "status");
        DT_EQ(st.handles_used, 3, "the store is the only handle held besides main's two");
    }
    /* sealed, lock, realloc and free are gone (MEM_E_STATE for any handle) */
    want = dt_sealed ? MEM_E_STATE : MEM_E_XMS_BAD_HANDLE;
    memset(&mvd, 0, sizeof(mvd));
    mvd.length = 2;
    mvd.dst_off = 0;
    mvd.src_off = nfp(fake);
    for (s = 1; s <= MEM_XMS_HANDLES; s++)
        for (g = 0; g < 128; g++) {
            h = (mem_xms_t)((g << 8) | s);
            if (h == main_h1 || h == main_h2)
                continue;           /* main's own: a caller may use those */
            mvd.dst = h;
            if (mem_xms_move(nfp(&mvd)) != MEM_E_XMS_BAD_DST_HANDLE)
                bad++;
            if (mem_xms_lock(h, nfp(&phys)) != want)
                bad++;
            if (mem_xms_realloc(h, (mem_u32)1) != want)
                bad++;
            if (mem_xms_free(h) != want)
                bad++;
        }
    DT_EQ(bad, 0, "every handle value refused by move, lock, realloc and free");
    DT_EQ(mem_xms_unpark((mem_u16)t, nfp(&q)), MEM_OK, "the frame comes back");
    DT_CHECK(q != MEM_FP_NULL && pkt_same(q, 701, 0, 30), "intact");
    if (q != MEM_FP_NULL)
        mem_pkt_free(q);
}

/* Unpark when no buffer is free: MEM_E_NOMEM, the ticket stays good. */
static void no_buffer(void)
{
    static mem_fp_t held[300];
    mem_fp_t p, q = MEM_FP_NULL;
    unsigned n = 0, i;
    int t;

    t = mem_xms_park(pkt_make(1200, 1200, 0, 40));
    DT_CHECK(t > 0, "a frame parked");
    while (n < 300 && (p = mem_pkt_alloc(1514)) != MEM_FP_NULL)
        held[n++] = p;
    DT_CHECK(n > 0 && n < 300, "every large buffer taken");
    DT_EQ(mem_xms_unpark((mem_u16)t, nfp(&q)), MEM_E_NOMEM, "unpark: no buffer");
    DT_EQ(q, MEM_FP_NULL, "out untouched");
    DT_EQ(mem_pkt_free(held[--n]), 0, "one given back");
    DT_EQ(mem_xms_unpark((mem_u16)t, nfp(&q)), MEM_OK, "the same ticket works now");
    DT_CHECK(q != MEM_FP_NULL && pkt_same(q, 1200, 0, 40), "intact");
    if (q != MEM_FP_NULL)
        mem_pkt_free(q);
    for (i = 0; i < n; i++)
        mem_pkt_free(held[i]);
}

int main(void)
{
    struct mem_module m;
    unsigned start0 = 0, start = 0, handles = 0, umb = 0, i;
    unsigned long phys;
    int rc, t[3];

    dt_init("t_park: mem_xms_park / mem_xms_unpark, the XMS group");
    x_detect();
    if (have_xms) {
        start0 = x_free(0);
        handles = x_free_handles();
        umb = x_umb_largest();
    }
    rc = mem_load("MEMPOOL.MOD", 0, &m);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD");
    if (rc != MEM_OK)
        return dt_done();
    if (!have_xms) {
        printf("  no XMS driver: checking the fallback\n");
        dt_seal_point();            /* nothing to set up */
        fallback();
        DT_EQ(mem_unload(&m), MEM_OK, "unload");
        return dt_done();
    }
    /* set-up: two blocks held until unload, one locked twice (lock is
     * set-up code, gone once sealed) */
    main_h1 = (mem_xms_t)XALLOC(8);
    main_h2 = (mem_xms_t)XALLOC(4);
    DT_CHECK((int)main_h1 > 0 && (int)main_h2 > 0, "two blocks held");
    DT_EQ(mem_xms_lock(main_h2, nfp(&phys)), MEM_OK, "one locked");
    DT_EQ(mem_xms_lock(main_h2, nfp(&phys)), MEM_OK, "twice");
    dt_seal_point();
    start = x_free(0);
    printf("  %u KB XMS free, %u driver handles free, largest UMB %u paragraphs\n",
           start0, handles, umb);
    before_store(start);
    store_held(start);
    big_frames();
    lying_cap();
    store_private();
    no_buffer();

    /* unload with frames parked and main's handles held, one locked twice */
    for (i = 0; i < 3; i++)
        t[i] = mem_xms_park(pkt_make(400 + i, 400 + i, 0, 50 + i));
    DT_CHECK(t[0] > 0 && t[1] > 0 && t[2] > 0, "three frames left parked");
    DT_EQ(mem_unload(&m), MEM_OK, "unload");
    DT_EQ(x_free(0), start0, "every KB of XMS back (driver's 08h)");
    DT_EQ(x_free_handles(), handles, "every driver handle back (driver's 0Eh)");
    DT_EQ(x_umb_largest(), umb, "every UMB back (driver's 10h)");
    return dt_done();
}
