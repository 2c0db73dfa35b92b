/*
 * t_pool.c - the pools through MEMPOOL.MOD's far-call table in DOSBox:
 * where the arenas lie (upper memory when the machine has UMBs, else
 * conventional), a random alloc/free property test of small objects and
 * packet buffers (no overlap, inside an arena, contents kept, statistics
 * add up), bad input, growth and shrink by mem_pool_service, and unload
 * giving every DOS block and UMB back.
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "port.h"

#define NLIVE 96
#define NOPS  30000u

struct live {
    mem_fp_t p;
    unsigned para;          /* linear paragraph of the block */
    unsigned paras;         /* paragraphs it holds (stride / 16) */
    unsigned tag;
    unsigned pool;
    unsigned char pkt;
};

static struct live lv[NLIVE];
static unsigned nlive;
static unsigned per_pool[MEM_POOL_LAST + 1];
static unsigned pool_ids[MEM_POOL_LAST + 1], npools;   /* every pool once */
static struct mem_pool_stats st;
static unsigned long rnd_state = 77;

static unsigned rnd(void)
{
    rnd_state = rnd_state * 1103515245UL + 12345UL;
    return (unsigned)(rnd_state >> 12) & 0x7FFF;
}

static void regs0(struct port_regs *r)
{
    r->ax = r->bx = r->cx = r->dx = r->si = r->di = r->ds = r->es = 0;
    r->flags = 0;
}

static int stats(unsigned pool)
{
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    return mem_pool_stats(pool, MEM_FP(port_ds(), (unsigned)&st));
}

/* The configured pools, each once: the small classes, then
 * MEM_POOL_PKTC(k) for every packet class (5 and 6 are aliases). */
static void find_pools(void)
{
    unsigned k;
    npools = 0;
    for (k = 0; k <= MEM_POOL_S256; k++)
        pool_ids[npools++] = k;
    for (k = 0; k < 4 && stats(MEM_POOL_PKTC(k)) == MEM_OK; k++)
        pool_ids[npools++] = MEM_POOL_PKTC(k);
}

/* Largest upper-memory block free now, in paragraphs: DOS 5+ with the
 * chain linked and a high-only strategy (both put back), else the XMS
 * driver's function 10h with DX = FFFFh.  0 = no UMB to be had. */
static unsigned umb_largest(void)
{
    struct port_regs r;
    unsigned st0, link, got = 0, xseg, xoff;

    regs0(&r);
    r.ax = 0x3000;
    port_int(0x21, &r);
    if ((r.ax & 0xFF) >= 5) {
        regs0(&r); r.ax = 0x5800; port_int(0x21, &r); st0 = r.ax;
        regs0(&r); r.ax = 0x5802; port_int(0x21, &r); link = r.ax & 0xFF;
        regs0(&r); r.ax = 0x5803; r.bx = 1; port_int(0x21, &r);
        if (!(r.flags & PORT_CF)) {
            regs0(&r); r.ax = 0x5801; r.bx = 0x40; port_int(0x21, &r);
            regs0(&r); r.ax = 0x4800; r.bx = 0xFFFF; port_int(0x21, &r);
            if ((r.flags & PORT_CF) && r.bx != 0)
                got = r.bx;
            else if (!(r.flags & PORT_CF)) {    /* cannot happen: free it */
                unsigned s = r.ax;
                regs0(&r); r.ax = 0x4900; r.es = s; port_int(0x21, &r);
            }
            regs0(&r); r.ax = 0x5801; r.bx = st0 & 0xFF; port_int(0x21, &r);
            regs0(&r); r.ax = 0x5803; r.bx = link; port_int(0x21, &r);
        }
        if (got)
            return got;
    }
    if (!dt_xms_entry(&xseg, &xoff))
        return 0;
    regs0(&r);
    r.ax = 0x1000;
    r.dx = 0xFFFF;
    port_farcall(xseg, xoff, &r);
    if (r.ax == 1) {                /* got 1 MB of UMB?  give it back */
        unsigned s = r.bx;
        regs0(&r); r.ax = 0x1100; r.dx = s; port_farcall(xseg, xoff, &r);
        return 0xFFFF;
    }
    return (r.bx & 0xFF) == 0xB0 ? r.dx : 0;
}

static unsigned lin_para(mem_fp_t p)
{
    return MEM_FP_SEG(p) + (MEM_FP_OFF(p) >> 4);
}

static int overlaps(unsigned para, unsigned paras)
{
    unsigned i;
    for (i = 0; i < nlive; i++)
        if (para < lv[i].para + lv[i].paras && lv[i].para < para + paras)
            return 1;
    return 0;
}

static unsigned tag_off(struct live *l)
{
    return MEM_FP_OFF(l->p) + (l->pkt ? MEM_PKT_DATA : 0);
}

static void placement(unsigned umb_before)
{
    unsigned i, umb_arenas = 0, arenas = 0, ok = 1;

    for (i = 0; i < npools; i++) {
        DT_EQ(stats(pool_ids[i]), MEM_OK, "mem_pool_stats");
        arenas += st.arenas;
        umb_arenas += st.umb_arenas;
        if (umb_before == 0 && st.first_seg >= 0xA000u)
            ok = 0;
        if (i == 0 && umb_before != 0 && st.first_seg < 0xA000u)
            ok = 0;
        if (st.umb_arenas > st.arenas)
            ok = 0;
    }
    printf("  UMB free before load: %u paragraphs; %u arenas, %u in upper memory;"
           " first arena of S16 at %04X\n", umb_before, arenas, umb_arenas,
           (stats(0), st.first_seg));
    DT_CHECK(ok, umb_before ? "arenas in upper memory (segment >= A000h)"
                            : "arenas in conventional memory (segment < A000h)");
    DT_CHECK(umb_before == 0 ? umb_arenas == 0 : umb_arenas > 0, "UMB arena count");
}

static void property(void)
{
    unsigned long calls = 0;
    unsigned op, size, slot, pool, bad = 0, i;
    mem_fp_t p;
    int rc;

    nlive = 0;
    memset(per_pool, 0, sizeof(per_pool));
    for (op = 0; op < NOPS; op++) {
        if (rnd() % 100 < ((op / 2000) % 2 ? 40 : 60) && nlive < NLIVE) {
            calls++;
            if (rnd() % 2) {
                size = 1 + rnd() % MEM_SMALL_MAX;
                p = mem_small_alloc(size);
            } else {
                size = rnd() % 4 ? 1 + rnd() % MEM_DEF_PKT_LEN1 : 1 + rnd() % MEM_PKT_MAX;
                p = mem_pkt_alloc(size);
            }
            if (p == MEM_FP_NULL)
                continue;
            slot = nlive;
            lv[slot].pkt = size > MEM_SMALL_MAX ||
                           port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_MAGIC) == MEM_PKT_MAGIC;
            /* a small block's pool: its arena's (byte 12 of the header at
             * seg:0); a packet buffer's: its own header's pool byte */
            pool = lv[slot].pkt ? port_peekb(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_POOL)
                                : port_peekb(MEM_FP_SEG(p), 12);
            stats(pool);
            lv[slot].p = p;
            lv[slot].pool = pool;
            lv[slot].para = lin_para(p);
            lv[slot].paras = st.stride / 16;
            lv[slot].tag = rnd();
            if ((MEM_FP_OFF(p) & 15) || st.block < size + (lv[slot].pkt ? MEM_PKT_DATA : 0)
                || overlaps(lv[slot].para, lv[slot].paras)
                || port_peekw(MEM_FP_SEG(p), 0) != (lv[slot].pkt ? 0x4250u : 0x4D50u)) {
                if (bad++ < 5)
                    printf("  block %04X:%04X size %u pool %u is wrong\n",
                           MEM_FP_SEG(p), MEM_FP_OFF(p), size, pool);
                continue;
            }
            if (lv[slot].pkt && (port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_LEN) != size
                || port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_MAGIC) != MEM_PKT_MAGIC)) {
                bad++;
                continue;
            }
            port_pokew(MEM_FP_SEG(p), tag_off(&lv[slot]), lv[slot].tag);
            port_pokew(MEM_FP_SEG(p), MEM_FP_OFF(p) + st.block - 2, ~lv[slot].tag);
            per_pool[pool]++;
            nlive++;
        } else if (nlive > 0) {
            calls++;
            slot = rnd() % nlive;
            p = lv[slot].p;
            stats(lv[slot].pool);
            if (port_peekw(MEM_FP_SEG(p), tag_off(&lv[slot])) != lv[slot].tag ||
                port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + st.block - 2) != (unsigned)~lv[slot].tag)
                bad++;
            rc = lv[slot].pkt ? mem_pkt_free(p) : mem_small_free(p);
            if (rc != MEM_OK)
                bad++;
            per_pool[lv[slot].pool]--;
            lv[slot] = lv[--nlive];
        }
        if (op % 256 == 0)
            DT_CHECK(mem_pool_service() >= 0, "mem_pool_service");
    }
    DT_EQ(bad, 0, "every block inside an arena, no overlap, contents kept");
    DT_POOLS_OK("mem_pool_check after the random run");
    for (i = 0; i < npools; i++) {
        stats(pool_ids[i]);
        if (st.used != per_pool[pool_ids[i]] || st.high < st.used || st.low > st.total - st.used)
            bad++;
    }
    DT_EQ(bad, 0, "statistics add up (used, high, low)");
    while (nlive > 0) {
        nlive--;
        rc = lv[nlive].pkt ? mem_pkt_free(lv[nlive].p) : mem_small_free(lv[nlive].p);
        if (rc != MEM_OK)
            bad++;
    }
    DT_EQ(bad, 0, "everything freed");
    for (i = 0; i < npools; i++) {
        stats(pool_ids[i]);
        if (st.used != 0)
            bad++;
    }
    DT_EQ(bad, 0, "nothing lost: every pool's used is 0");
    printf("  %lu random alloc/free calls\n", calls);
}

static void bad_input(void)
{
    unsigned none, b;
    mem_fp_t s, k;

    stats(MEM_POOL_NONE);
    none = st.bad;
    DT_CHECK(mem_small_alloc(0) == MEM_FP_NULL, "size 0");
    DT_CHECK(mem_small_alloc(MEM_SMALL_MAX + 1) == MEM_FP_NULL, "size 257");
    DT_CHECK(mem_pkt_alloc(0) == MEM_FP_NULL, "packet length 0");
    DT_CHECK(mem_pkt_alloc(MEM_PKT_MAX + 1) == MEM_FP_NULL, "packet length 1515");
    DT_EQ(mem_small_free(MEM_FP_NULL), MEM_E_BADPTR, "free NULL");
    DT_EQ(mem_small_free(MEM_FP(port_ds(), (unsigned)&none)), MEM_E_BADPTR,
          "free a pointer never given");
    stats(MEM_POOL_NONE);
    DT_EQ(st.bad, none + 6, "size and pointer errors counted (MEM_POOL_NONE)");
    s = mem_small_alloc(30);
    k = mem_pkt_alloc(60);
    DT_CHECK(s != MEM_FP_NULL && k != MEM_FP_NULL, "alloc");
    DT_EQ(mem_small_free(s + 2), MEM_E_BADPTR, "free inside a block");
    DT_EQ(mem_pkt_free(s), MEM_E_WRONGPOOL, "small block to mem_pkt_free");
    DT_EQ(mem_small_free(k), MEM_E_WRONGPOOL, "packet to mem_small_free");
    DT_EQ(mem_pkt_ref(k), 2, "reference");
    DT_EQ(mem_pkt_free(k), 1, "drop one reference");
    DT_EQ(mem_pkt_free(k), 0, "last reference frees");
    DT_EQ(mem_small_free(s), MEM_OK, "free");
    stats(MEM_POOL_S32);
    b = st.bad;
    DT_EQ(mem_small_free(s), MEM_E_DOUBLEFREE, "double free (small)");
    DT_EQ(mem_pkt_free(k), MEM_E_DOUBLEFREE, "double free (packet)");
    stats(MEM_POOL_S32);
    DT_EQ(st.bad, b + 1, "double free counted in its pool");
    DT_POOLS_OK("bad input changed nothing");
}

mem_fp_t dt_small_take(unsigned size, unsigned *kept);   /* take.asm */
int dt_small_give(mem_fp_t p, unsigned *kept);
mem_fp_t dt_pkt_take(unsigned len, unsigned *kept);
int dt_pkt_give(mem_fp_t p, unsigned *kept);
unsigned dt_call_keeps(void (*fn)(), unsigned a, unsigned b);
extern unsigned dt_ret_ax, dt_ret_dx;

#define SMALL_CLASSES (MEM_POOL_S256 + 1)

static void memset_far(mem_fp_t p, unsigned char v, unsigned n)
{
    unsigned i;
    for (i = 0; i < n; i++)
        port_pokeb(MEM_FP_SEG(p), MEM_FP_OFF(p) + i, v);
}

static int filled(mem_fp_t p, unsigned char v, unsigned n)
{
    unsigned i;
    for (i = 0; i < n; i++)
        if (port_peekb(MEM_FP_SEG(p), MEM_FP_OFF(p) + i) != v)
            return 0;
    return 1;
}

/* mem_small_take, the register entry (BX = size -> ES:DI), as NIC code in
 * assembly calls it through the table: every size, the errors, the
 * registers it promises to keep, and the same accounting as the C entry. */
static void register_entry(void)
{
    static mem_fp_t got[17];
    unsigned size, base, k, kept, none, lost = 0, mixed = 0, wrongkept = 0;
    unsigned taken = 0, counted = 0, i, usable;
    mem_fp_t p;

    stats(MEM_POOL_S16);
    usable = MEM_SMALL_MAX - (16 - st.block);   /* debug build: the guard word */

    stats(MEM_POOL_NONE);
    none = st.bad;
    /* sizes 1..256 in rounds of 16 live blocks (no class runs dry) */
    for (base = 1; base <= MEM_SMALL_MAX; base += 16) {
        for (k = 0; k < 16; k++) {
            size = base + k;
            if (size > usable) {
                got[k] = MEM_FP_NULL;
                continue;
            }
            p = dt_small_take(size, &kept);
            got[k] = p;
            if (!kept)
                wrongkept++;
            if (p == MEM_FP_NULL) {
                lost++;
                continue;
            }
            taken++;
            memset_far(p, (unsigned char)size, size);
        }
        for (i = 0; i < SMALL_CLASSES; i++) {
            stats(i);
            counted += st.used;
        }
        for (k = 0; k < 16; k++) {
            if (got[k] == MEM_FP_NULL)
                continue;
            if (!filled(got[k], (unsigned char)(base + k), base + k))
                mixed++;
            if (k & 1) {
                if (dt_small_give(got[k], &kept) != MEM_OK)
                    lost++;
                if (!kept)
                    wrongkept++;
            } else if (mem_small_free(got[k]) != MEM_OK)
                lost++;
        }
    }
    DT_EQ(lost, 0, "mem_small_take: every usable size gets a block, mem_small_give / mem_small_free take it");
    DT_EQ(wrongkept, 0, "mem_small_take keeps CX DX SI BP DS, mem_small_give DX SI DI ES BP DS");
    DT_EQ(mixed, 0, "mem_small_take blocks hold their bytes (no overlap)");
    DT_EQ(counted, taken, "used counts every block taken");
    p = dt_small_take(0, &kept);
    DT_CHECK(p == MEM_FP_NULL && kept, "mem_small_take size 0: DI = 0");
    p = dt_small_take(usable + 1, &kept);
    DT_CHECK(p == MEM_FP_NULL && kept, "mem_small_take one past the largest size: DI = 0");
    p = dt_small_take(0xFFFFu, &kept);
    DT_CHECK(p == MEM_FP_NULL && kept, "mem_small_take size FFFFh: DI = 0");
    stats(MEM_POOL_NONE);
    DT_EQ(st.bad, none + 3, "mem_small_take size errors counted (MEM_POOL_NONE)");
    p = dt_small_take(40, &kept);
    DT_CHECK(p != MEM_FP_NULL, "mem_small_take 40");
    DT_EQ(dt_small_give(p, &kept), MEM_OK, "mem_small_give");
    DT_EQ(dt_small_give(p, &kept), MEM_E_DOUBLEFREE, "mem_small_give twice: double free");
    DT_CHECK(kept, "mem_small_give keeps its registers on an error");
    DT_EQ(dt_small_give(MEM_FP(port_ds(), (unsigned)&kept), &kept), MEM_E_BADPTR,
          "mem_small_give of a pointer never given");
    DT_POOLS_OK("pools consistent after mem_small_take");
}

/* mem_pkt_take (CX = length -> ES:DI) and mem_pkt_give (ES:DI -> AX), the
 * packet buffers' register entries: every length class, the header, the
 * references, the errors and the registers they keep. */
static void register_pkt(void)
{
    unsigned len, kept, bad = 0, wrongkept = 0, n = 0, none;
    mem_fp_t p;

    stats(MEM_POOL_NONE);
    none = st.bad;
    for (len = 1; len <= MEM_PKT_MAX; len += (len < 64 ? 1 : 37)) {
        p = dt_pkt_take(len, &kept);
        if (!kept)
            wrongkept++;
        if (p == MEM_FP_NULL) {
            bad++;
            continue;
        }
        n++;
        if (port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_LEN) != len ||
            port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_DATA) != MEM_PKT_DATA ||
            port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_MAGIC) != MEM_PKT_MAGIC ||
            port_peekb(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_REF) != 1)
            bad++;
        memset_far(p + MEM_PKT_DATA, 0x5A, len);
        if (len & 1) {
            if (mem_pkt_ref(p) != 2 || dt_pkt_give(p, &kept) != 1)
                bad++;
            if (!kept)
                wrongkept++;
        }
        if (dt_pkt_give(p, &kept) != 0)
            bad++;
        if (!kept)
            wrongkept++;
    }
    printf("  mem_pkt_take / mem_pkt_give: %u buffers\n", n);
    DT_EQ(bad, 0, "mem_pkt_take: lengths 1..1514 get buffers with their header; mem_pkt_give drops references");
    DT_EQ(wrongkept, 0, "mem_pkt_take keeps CX DX SI BP DS, mem_pkt_give DX SI DI ES BP DS");
    DT_CHECK(dt_pkt_take(0, &kept) == MEM_FP_NULL, "mem_pkt_take length 0: DI = 0");
    DT_CHECK(dt_pkt_take(MEM_PKT_MAX + 1, &kept) == MEM_FP_NULL, "mem_pkt_take length 1515: DI = 0");
    stats(MEM_POOL_NONE);
    DT_EQ(st.bad, none + 2, "mem_pkt_take length errors counted (MEM_POOL_NONE)");
    p = dt_pkt_take(60, &kept);
    DT_CHECK(p != MEM_FP_NULL, "mem_pkt_take 60");
    DT_EQ(dt_pkt_give(p, &kept), 0, "mem_pkt_give frees");
    DT_EQ(dt_pkt_give(p, &kept), MEM_E_DOUBLEFREE, "mem_pkt_give twice: double free");
    p = dt_small_take(60, &kept);
    DT_EQ(dt_pkt_give(p, &kept), MEM_E_WRONGPOOL, "mem_pkt_give of a small object");
    DT_EQ(mem_small_free(p), MEM_OK, "the small object is still ours");
    DT_POOLS_OK("pools consistent after mem_pkt_take / mem_pkt_give");
}

/* The client library's pool stubs keep the caller's SI, DI and BP (they
 * hold DI in DX across the register entry, which keeps DX). */
static void stub_registers(void)
{
    mem_fp_t p;

    DT_CHECK(dt_call_keeps((void (*)())mem_small_alloc, 30, 0), "mem_small_alloc keeps SI DI BP");
    p = MEM_FP(dt_ret_dx, dt_ret_ax);
    DT_CHECK(p != MEM_FP_NULL, "mem_small_alloc through the helper");
    DT_CHECK(dt_call_keeps((void (*)())mem_small_free, MEM_FP_OFF(p), MEM_FP_SEG(p)),
             "mem_small_free keeps SI DI BP");
    DT_EQ(dt_ret_ax, MEM_OK, "mem_small_free through the helper");
    DT_CHECK(dt_call_keeps((void (*)())mem_pkt_alloc, 60, 0), "mem_pkt_alloc keeps SI DI BP");
    p = MEM_FP(dt_ret_dx, dt_ret_ax);
    DT_CHECK(p != MEM_FP_NULL, "mem_pkt_alloc through the helper");
    DT_CHECK(dt_call_keeps((void (*)())mem_pkt_free, MEM_FP_OFF(p), MEM_FP_SEG(p)),
             "mem_pkt_free keeps SI DI BP");
    DT_EQ(dt_ret_ax, 0, "mem_pkt_free through the helper");
}

/* The high-water mark: allocations only count; the free that ends a climb
 * past the mark raises it (pool_fast.asm GIVE_RAISE) to the peak exactly,
 * reported as the larger of the mark and used while the climb goes on. */
static void high_water(void)
{
    mem_fp_t p[24];
    unsigned u0, h0, k, i, n, bad;

    stats(MEM_POOL_S128);
    u0 = st.used;
    h0 = st.high;
    k = h0 - u0 + 3;                    /* three past the mark */
    DT_CHECK(k <= 24 && st.total - u0 - st.reserve >= k, "room for the climb");
    if (k > 24)
        return;
    for (n = 0; n < k; n++) {
        p[n] = mem_small_alloc(100);
        if (p[n] == MEM_FP_NULL)
            break;
    }
    DT_EQ(n, k, "the climb");
    stats(MEM_POOL_S128);
    DT_EQ(st.used, u0 + n, "used while the climb goes on");
    DT_EQ(st.high, u0 + n, "high while the climb goes on: used");
    DT_EQ(mem_small_free(p[n - 1]), MEM_OK, "the free that ends it");
    stats(MEM_POOL_S128);
    DT_EQ(st.used, u0 + n - 1, "used after it");
    DT_EQ(st.high, u0 + n, "high after it: the peak");
    p[n - 1] = mem_small_alloc(100);    /* back to the peak, not past it */
    DT_CHECK(p[n - 1] != MEM_FP_NULL, "again");
    for (i = 0, bad = 0; i < n; i++)
        if (mem_small_free(p[i]) != MEM_OK)
            bad++;
    DT_EQ(bad, 0, "free the climb");
    stats(MEM_POOL_S128);
    DT_EQ(st.used, u0, "used back");
    DT_EQ(st.high, u0 + n, "high kept: the peak, once");
    DT_POOLS_OK("pools consistent after the climb");
}

/* Debug build only: a broken guard word and a write after free. */
static void debug_checks(void)
{
    mem_fp_t s = mem_small_alloc(10);
    unsigned seg = MEM_FP_SEG(s), off = MEM_FP_OFF(s);

    DT_CHECK(s != MEM_FP_NULL, "alloc");
    port_pokew(seg, off + 14, 0x1234);          /* over the guard word */
    DT_EQ(mem_pool_check(), MEM_E_CORRUPT, "debug: check sees the guard broken");
    DT_EQ(mem_small_free(s), MEM_E_CORRUPT, "debug: free refuses it");
    port_pokew(seg, off + 14, 0xC0DE);
    DT_EQ(mem_small_free(s), MEM_OK, "debug: guard put back, free works");
    DT_EQ(mem_pool_check(), MEM_OK, "debug: check clean again");
    port_pokeb(seg, off + 10, 0x55);            /* write after free */
    DT_EQ(mem_pool_check(), MEM_E_CORRUPT, "debug: check sees the poison broken");
    port_pokeb(seg, off + 10, 0xDB);
    DT_EQ(mem_pool_check(), MEM_OK, "debug: poison put back");
}

static void grow_shrink(void)
{
    static mem_fp_t got[200];
    unsigned n = 0, total0, i;
    int rc;

    stats(MEM_POOL_S128);
    total0 = st.total;
    while (n < 200 && (got[n] = mem_small_alloc(100)) != MEM_FP_NULL)
        n++;
    stats(MEM_POOL_S128);
    DT_EQ(n, total0, "the whole pool (reserve included) handed out");
    DT_CHECK(st.fails >= 1 && st.low == 0, "empty pool: fails counted, low 0");
    rc = mem_pool_service();
    DT_CHECK(rc > 0, "mem_pool_service grows");
    stats(MEM_POOL_S128);
    DT_CHECK(st.grows >= 1 && st.total > total0 && st.arenas >= 2, "pool grew");
    printf("  S128: %u blocks at load, %u after growth, %u arenas\n", total0, st.total, st.arenas);
    while (n < 200 && (got[n] = mem_small_alloc(100)) != MEM_FP_NULL)
        n++;
    for (i = 0; i < n; i++)
        DT_EQ(mem_small_free(got[i]), MEM_OK, "free");
    while (mem_pool_service() > 0)
        ;
    stats(MEM_POOL_S128);
    DT_CHECK(st.shrinks >= 1, "mem_pool_service gives arenas back");
    DT_EQ(st.total, total0, "back to its size at load");
    DT_EQ(st.used, 0, "nothing in use");
    DT_POOLS_OK("mem_pool_check after grow and shrink");
}

int main(void)
{
    struct mem_module m;
    unsigned conv_before, umb_before;
    int rc;

    dt_init("t_pool: pools through the module's far table");
    conv_before = dt_dos_largest();
    umb_before = umb_largest();
    rc = mem_load("MEMPOOL.MOD", 0, &m);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD");
    if (rc != MEM_OK)
        return dt_done();
    find_pools();
    stats(0);
    if (st.block == 14) {
        /* before the seal: it shows what mem_pool_check (set-up) sees */
        printf("  debug build (MEM_DEBUG): guard words and poison\n");
        debug_checks();
    }
    dt_seal_point();
    placement(umb_before);
    DT_POOLS_OK("mem_pool_check after load");
    bad_input();
    register_entry();
    register_pkt();
    stub_registers();
    high_water();
    property();
    grow_shrink();
    DT_EQ(mem_unload(&m), MEM_OK, "unload");
    DT_EQ(dt_dos_largest(), conv_before, "conventional memory as before the load");
    DT_EQ(umb_largest(), umb_before, "upper memory as before the load");
    return dt_done();
}
