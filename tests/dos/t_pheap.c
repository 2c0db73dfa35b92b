/*
 * t_pheap.c - the packet heap (struct mem_config heap_paras, v1.02) in
 * MEMPOOL.MOD: bad heap words refused at load with DOS memory as it was;
 * with a heap, mem_pkt_alloc (the library's, through the register entry)
 * and the module's C entry place short frames at the heap's top end and
 * the others first fit from its bottom, frees wait until the next
 * allocation or mem_pool_service and then coalesce, bad pointers keep
 * their named errors, a full heap hands out class buffers (counted in its
 * fails), and mem_pool_stats(MEM_POOL_HEAP) reports what the recipe reads.
 * Sealed (/SEAL), the heap's entries stay and keep working (the sealed
 * size the link map gives with the heap's part); without a heap the seal
 * drops them (the sealed size without it) and the classes answer as
 * before.
 * Every place is checked against the test's own arithmetic from the
 * heap's segment and size (mem_pool_stats), not the module's.
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "port.h"
#include "mem_api_idx.h"
#include "mod_sizes.h"

extern mem_u32 mem_api_tab[];
mem_u32 mod_call();
mem_fp_t dt_pkt_take(unsigned len, unsigned *kept);

static struct mem_config cfg;
static struct mem_pool_stats st;
static struct mem_info info;
static unsigned fargs[2];

static mem_fp_t nfp(void *p)
{
    return MEM_FP(port_ds(), (unsigned)p);
}

static int stats(unsigned pool)
{
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    return mem_pool_stats(pool, nfp(&st));
}

/* The module's own C entry (v1.0 callers), far-called through the table. */
static mem_fp_t c_alloc(unsigned len)
{
    fargs[0] = len;
    return (mem_fp_t)mod_call(MEM_FP_SEG(mem_api_tab[MEM_FN_PKT_ALLOC]),
                              MEM_FP_OFF(mem_api_tab[MEM_FN_PKT_ALLOC]), 1, fargs);
}

/* Sealed mode: what the module keeps resident (mem_info) is want bytes. */
static void sealed_size(unsigned want, const char *what)
{
    if (!dt_sealed)
        return;
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    DT_EQ(mem_info(nfp(&info)), MEM_OK, "mem_info");
    DT_EQ(info.resident_bytes, want, what);
}

static void set_cfg(unsigned paras, unsigned top)
{
    memset(&cfg, 0, sizeof(cfg));
    cfg.size = sizeof(cfg);
    cfg.pkt_count = 3;
    cfg.pkt_small_count = 3;
    cfg.isr_reserve = 1;
    cfg.heap_paras = paras;
    cfg.heap_top = top;
}

static unsigned guard;               /* the debug build's guard word: 2 */

/* A heap block for a frame of len bytes, and its cap (the guard less). */
static unsigned blk(unsigned len)
{
    return (len + MEM_PKT_DATA + guard + 15) & ~15u;
}

static unsigned cap(unsigned len)
{
    return blk(len) - guard;
}

#define PARAS 256                   /* 4 KB: 255 paragraphs of blocks */

static void bad_configs(void)
{
    struct mem_module m;
    unsigned before = dt_dos_largest();

    set_cfg(MEM_PKT_HEAP_MIN - 1, 0);
    DT_EQ(mem_load("MEMPOOL.MOD", &cfg, &m), MEM_E_INVAL, "a heap of 7 paragraphs refused");
    set_cfg(MEM_PKT_HEAP_MAX + 1, 0);
    DT_EQ(mem_load("MEMPOOL.MOD", &cfg, &m), MEM_E_INVAL, "a heap of 64 KB refused");
    set_cfg(0, 64);
    DT_EQ(mem_load("MEMPOOL.MOD", &cfg, &m), MEM_E_INVAL, "heap_top without a heap refused");
    set_cfg(PARAS, MEM_PKT_MAX + 1);
    DT_EQ(mem_load("MEMPOOL.MOD", &cfg, &m), MEM_E_INVAL, "heap_top above MEM_PKT_MAX refused");
    DT_EQ(dt_dos_largest(), before, "DOS memory as it was");
}

static void with_heap(void)
{
    struct mem_module m;
    unsigned before = dt_dos_largest(), seg, end, kept, i, n, j, k, len;
    mem_fp_t a, b, c, s1, s2, p[40], q[3];
    int rc;

    set_cfg(PARAS, 0);
    rc = mem_load("MEMPOOL.MOD", &cfg, &m);
    DT_EQ(rc, MEM_OK, "load with a heap of 256 paragraphs");
    if (rc != MEM_OK)
        return;
    dt_seal_point();
    sealed_size(MOD_SEALED_HEAP_BYTES, "sealed with a heap: its entries kept, as the map says");
    DT_EQ(stats(MEM_POOL_PKTC(0)), MEM_OK, "the smallest class");
    guard = st.stride - st.block;       /* 0, or the debug build's 2 */
    if (guard != 0)
        printf("  debug build (MEM_DEBUG): guard words\n");
    DT_EQ(stats(MEM_POOL_HEAP), MEM_OK, "mem_pool_stats(MEM_POOL_HEAP)");
    seg = st.first_seg;
    end = 16 + st.total;
    DT_EQ(st.total, (PARAS - 1) * 16, "total: the heap's bytes");
    DT_EQ(st.stride, 16, "stride: a paragraph");
    DT_EQ(st.arenas, 1, "one block");
    DT_EQ(st.used, 0, "nothing handed out");
    for (i = 0; i < 3; i++) {
        DT_EQ(stats(MEM_POOL_PKTC(i)), MEM_OK, "a class behind the heap");
        DT_EQ(st.total, 3, "its count (pkt_small_count, pkt_count)");
        DT_EQ(st.reserve, 3, "all of it the interrupt reserve");
    }
    DT_EQ(mem_pool_service() >= 0, 1, "the service");
    DT_EQ(stats(MEM_POOL_PKTC(0)), MEM_OK, "the smallest class");
    DT_EQ(st.total, 3, "not grown by the service");

    a = mem_pkt_alloc(100);
    b = dt_pkt_take(1514, &kept);
    DT_CHECK(kept, "mem_pkt_take keeps CX DX SI BP DS");
    c = c_alloc(590);
    s1 = mem_pkt_alloc(60);
    s2 = c_alloc(64);
    DT_CHECK(MEM_FP_SEG(a) == seg && MEM_FP_SEG(b) == seg && MEM_FP_SEG(c) == seg &&
             MEM_FP_SEG(s1) == seg && MEM_FP_SEG(s2) == seg, "all five in the heap");
    DT_EQ(MEM_FP_OFF(a), 16, "100 bytes: first fit from the bottom");
    DT_EQ(MEM_FP_OFF(b), 16 + blk(100), "1514 bytes: behind it");
    DT_EQ(MEM_FP_OFF(c), 16 + blk(100) + blk(1514), "590 bytes: behind that");
    DT_EQ(MEM_FP_OFF(s1), end - blk(60), "60 bytes: the top end");
    DT_EQ(MEM_FP_OFF(s2), end - blk(60) - blk(64), "64 bytes: below it");
    DT_EQ(port_peekw(seg, MEM_FP_OFF(c) + MEM_PKT_OFF_LEN), 590, "header: len");
    DT_EQ(port_peekw(seg, MEM_FP_OFF(c) + MEM_PKT_OFF_DATA), MEM_PKT_DATA, "header: data");
    DT_EQ(port_peekw(seg, MEM_FP_OFF(c) + MEM_PKT_OFF_CAP), cap(590), "header: cap, the block");
    DT_EQ(port_peekb(seg, MEM_FP_OFF(c) + MEM_PKT_OFF_REF), 1, "header: one reference");
    DT_EQ(port_peekb(seg, MEM_FP_OFF(c) + MEM_PKT_OFF_POOL), MEM_POOL_HEAP, "header: pool");
    DT_EQ(port_peekw(seg, MEM_FP_OFF(c) + MEM_PKT_OFF_MAGIC), MEM_PKT_MAGIC, "header: magic");
    DT_EQ(port_peekw(seg, MEM_FP_OFF(c)), 0, "header: link");
    DT_EQ(stats(MEM_POOL_HEAP), MEM_OK, "stats");
    DT_EQ(st.used, 5, "five handed out");
    DT_EQ(st.low, end - 16 - blk(100) - blk(1514) - blk(590) - blk(60) - blk(64),
          "low: the gap left");

    /* references and bad pointers, as for a class buffer */
    DT_EQ(mem_pkt_ref(c), 2, "a second reference");
    DT_EQ(mem_pkt_free(c), 1, "one left");
    DT_EQ(mem_pkt_free(c), 0, "freed");
    DT_EQ(mem_pkt_free(c), MEM_E_DOUBLEFREE, "freed again: a double free");
    DT_EQ(mem_pkt_ref(c), MEM_E_DOUBLEFREE, "a reference to it: a double free");
    DT_EQ(mem_pkt_free(MEM_FP(seg, MEM_FP_OFF(b) + 16)), MEM_E_BADPTR, "inside a block");
    DT_EQ(mem_small_free(b), MEM_E_WRONGPOOL, "a heap buffer to mem_small_free");
    DT_EQ(stats(MEM_POOL_HEAP), MEM_OK, "stats");
    DT_EQ(st.bad, 3, "bad: the three aimed at the heap");

    /* frees coalesce: b and c join the gap, a the whole bottom; the
     * frames written as a driver writes them (a free block carved from
     * one must not take its bytes for a header) */
    for (i = 16; i < cap(1514); i += 2)
        port_pokew(seg, MEM_FP_OFF(b) + i, MEM_PKT_MAGIC);
    for (i = 16; i < cap(100); i += 2)
        port_pokew(seg, MEM_FP_OFF(a) + i, MEM_PKT_MAGIC);
    DT_EQ(mem_pkt_free(b), 0, "free 1514");
    DT_EQ(mem_pkt_free(a), 0, "free 100");
    a = mem_pkt_alloc(1514);
    DT_EQ(MEM_FP_OFF(a), 16, "a full frame where three blocks were");
    DT_POOLS_OK("the free block behind it whole (its header written)");
    DT_EQ(mem_pkt_free(s1), 0, "free 60");
    DT_EQ(mem_pkt_free(s2), 0, "free 64");
    DT_EQ(mem_pkt_free(a), 0, "free the full frame");
    DT_EQ(mem_pool_service() >= 0, 1, "the service puts them back");
    DT_POOLS_OK("the heap whole after the frees");
    DT_EQ(stats(MEM_POOL_HEAP), MEM_OK, "stats");
    DT_EQ(st.used, 0, "nothing handed out");
    DT_EQ(st.high, 5, "high: five at once");

    /* a full heap: the classes serve, counted */
    for (i = 0; i < 40; i++) {
        p[i] = mem_pkt_alloc(1514);
        if (p[i] == MEM_FP_NULL || MEM_FP_SEG(p[i]) != seg)
            break;
    }
    DT_EQ(i, (PARAS - 1) * 16 / blk(1514), "full frames until the heap is full");
    DT_CHECK(i < 40 && p[i] != MEM_FP_NULL, "then one from the classes");
    DT_EQ(port_peekb(MEM_FP_SEG(p[i]), MEM_FP_OFF(p[i]) + MEM_PKT_OFF_POOL), MEM_POOL_PKTC(2),
          "the largest class's");
    DT_EQ(stats(MEM_POOL_HEAP), MEM_OK, "stats");
    DT_EQ(st.fails, 1, "fails: one the heap could not place");
    DT_EQ(mem_pkt_free(p[i]), 0, "the class buffer back to its class");
    /* the rest of the heap in the least blocks, then every class's
     * reserve in turn behind the full heap */
    for (n = i; n < 40; n++) {
        p[n] = mem_pkt_alloc(1);
        if (p[n] == MEM_FP_NULL || MEM_FP_SEG(p[n]) != seg)
            break;
    }
    DT_CHECK(n < 40 && p[n] != MEM_FP_NULL, "the heap full: a class buffer for 1 byte");
    DT_EQ(mem_pkt_free(p[n]), 0, "back to its class");
    for (k = 0; k < 3; k++) {
        len = k == 0 ? 1 : k == 1 ? 590 : 1514;
        for (j = 0; j < 3; j++) {
            q[j] = mem_pkt_alloc(len);
            DT_CHECK(q[j] != MEM_FP_NULL && MEM_FP_SEG(q[j]) != seg, "a class's reserve");
        }
        for (j = 0; j < 3; j++)
            DT_EQ(mem_pkt_free(q[j]), 0, "back to its class");
    }
    while (n-- > 0)
        DT_EQ(mem_pkt_free(p[n]), 0, "a heap buffer back");
    a = mem_pkt_alloc(60);
    DT_EQ(MEM_FP_OFF(a), end - blk(60), "put back whole: the top end again");
    DT_EQ(mem_pkt_free(a), 0, "free it");
    DT_EQ(mem_pkt_alloc(0), MEM_FP_NULL, "length 0 refused");
    DT_EQ(mem_pkt_alloc(MEM_PKT_MAX + 1), MEM_FP_NULL, "length 1515 refused");
    DT_POOLS_OK("pools and heap whole");
    DT_EQ(mem_unload(&m), MEM_OK, "unload");
    DT_EQ(dt_dos_largest(), before, "DOS memory as it was");
}

/* Counts left 0 behind a heap: isr_reserve buffers a class. */
static void heap_default_counts(void)
{
    struct mem_module m;
    unsigned i;
    int rc;

    set_cfg(PARAS, 0);
    cfg.pkt_count = cfg.pkt_small_count = 0;
    cfg.isr_reserve = 2;
    rc = mem_load("MEMPOOL.MOD", &cfg, &m);
    DT_EQ(rc, MEM_OK, "load with a heap, class counts 0");
    if (rc != MEM_OK)
        return;
    for (i = 0; i < 3; i++) {
        DT_EQ(stats(MEM_POOL_PKTC(i)), MEM_OK, "a class behind the heap");
        DT_EQ(st.total, 2, "isr_reserve buffers");
        DT_EQ(st.reserve, 2, "on the reserve list");
    }
    DT_EQ(mem_unload(&m), MEM_OK, "unload");
}

static void without_heap(void)
{
    struct mem_module m;
    mem_fp_t a;
    int rc;

    set_cfg(0, 0);
    rc = mem_load("MEMPOOL.MOD", &cfg, &m);
    DT_EQ(rc, MEM_OK, "load without a heap");
    if (rc != MEM_OK)
        return;
    dt_seal_point();
    sealed_size(MOD_SEALED_BYTES, "sealed without a heap: its entries dropped, as the map says");
    DT_EQ(stats(MEM_POOL_HEAP), MEM_E_INVAL, "no heap: its statistics refused");
    a = mem_pkt_alloc(60);
    DT_CHECK(a != MEM_FP_NULL, "a class buffer");
    DT_EQ(port_peekb(MEM_FP_SEG(a), MEM_FP_OFF(a) + MEM_PKT_OFF_POOL), MEM_POOL_PKTC(0),
          "from the smallest class");
    a = c_alloc(600);
    DT_EQ(port_peekb(MEM_FP_SEG(a), MEM_FP_OFF(a) + MEM_PKT_OFF_POOL), MEM_POOL_PKTC(2),
          "the C entry: the largest class");
    DT_EQ(mem_pkt_free(a), 0, "free");
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    DT_EQ(mem_info(nfp(&info)), MEM_OK, "mem_info");
    DT_EQ(info.api_version, MEM_API_VERSION, "api_version 1.02");
    DT_EQ(mem_unload(&m), MEM_OK, "unload");
}

int main(void)
{
    dt_init("t_pheap: the packet heap of struct mem_config");
    bad_configs();
    with_heap();
    heap_default_counts();
    without_heap();
    return dt_done();
}
