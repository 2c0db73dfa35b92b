/*
 * mpbench.c - MEMPOOL's clock benchmarks, run under tools/bench (bench86).
 *
 * Loads MEMPOOL.MOD through mem_load() exactly as a NIC module does and
 * times every ISR-safe hot path through the client stubs (mem_small_alloc,
 * mem_pkt_alloc, mem_dma_alloc, mem_copy ...) and the DMA task paths
 * (mem_dma_map / sync / unmap, through the C gate), one bench86 region entry per
 * call, at least NCALL calls each, so the harness reports min / median / max
 * clocks and the longest interrupts-off window of each path.  bcc's own libc
 * (malloc, free, memcpy) is timed in the same run as the baseline.
 *
 * A region holds what the caller pays: the argument pushes, the near call
 * to the stub, the far jump into the module, the entry and the caller's
 * stack clean-up and result store (bench86 removes only the bench_begin /
 * bench_end call glue).  One exception, the seed's small-object bar:
 * small_alloc is mem_small_take, the register entry an ISR in assembly
 * calls, counted from its first instruction through its RETF (take.asm,
 * BENCH_CALLEE); the same allocation through the C stub is small_alloc_c.
 * The other register entries are counted the same way: small_free_r,
 * pkt_alloc_r, pkt_free_r (every other batch uses them).
 *
 * The copies time the client library's own routines (mem_copy ... run in
 * the library, no far call) at 64 to 32768 bytes.  The scaling regions
 * (small_alloc_c_1000 ...) repeat small_alloc_c, small_free, pkt_alloc and
 * pkt_free with HELD blocks live, the pools grown for them at task time.  Then every
 * API entry not timed above is called once (every_entry), so bench86's
 * longest interrupts-off run of the whole program covers all of them.
 *
 * Region ids are fixed (tools/bench/bench_report.sh reads them by name):
 * the "flag" regions are entered once when a condition holds, so the TSV
 * says per CPU pass what the module found (cpu386_seen_n, copy386_n).
 *
 * Runs unchanged on a PC or in DOSBox (the markers are OUTs to port E9h);
 * exit code 0 = every call behaved, else the number of the failed step.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "memory_api.h"
#include "module_abi.h"
#include "port.h"
#include "mem_api_idx.h"

void bench_begin(unsigned id);
void bench_end(unsigned id);
void bench_name(unsigned id, const char *name);
mem_fp_t bench_small_take(unsigned size);      /* take.asm: region R_SMALL_ALLOC */
int bench_small_give(mem_fp_t p);              /* R_SMALL_FREE_R */
mem_fp_t bench_pkt_take(unsigned len);         /* R_PKT_ALLOC_R */
mem_fp_t bench_heap_top(unsigned len);         /* R_HEAP_TOP */
mem_fp_t bench_heap_bottom(unsigned len);      /* R_HEAP_BOTTOM */
mem_fp_t bench_heap_put1(unsigned len);        /* R_HEAP_PUT1 */
int bench_pkt_give(mem_fp_t p);                /* R_PKT_FREE_R */

#define NCALL      1024     /* calls per measured path (>= 1000) */
#define BATCH      16       /* small objects / libc blocks live at once */
#define PKT_BATCH  8        /* packet buffers live at once */
#define DMA_COUNT  16       /* buffers carved for the bench tag */

#define R_SMALL_ALLOC   1
#define R_SMALL_FREE    2
#define R_PKT_ALLOC     3
#define R_PKT_FREE      4
#define R_DMA_ALLOC     5
#define R_DMA_FREE      6
#define R_COPY64        7
#define R_COPY1514      8
#define R_LIBC_MALLOC   9
#define R_LIBC_FREE     10
#define R_LIBC_MEMCPY   11
#define R_PKT_REF       12
#define R_ISR_OTHER     13
#define R_SMALL_DRAIN   14
#define R_COPY1514_ODD  15
#define R_MOVE1514      16
#define R_CPU386        20
#define R_COPY386       21
#define R_LOADED        22
#define R_SMALL_ALLOC_C 23
#define R_SMALL_FREE_R  24
#define R_PKT_ALLOC_R   25
#define R_PKT_FREE_R    26
#define R_DMA_MAP_IN    27
#define R_DMA_MAP_BNC   28
#define R_DMA_SYNC1514  29
#define R_DMA_UNMAP     30
#define R_DMA_ERR       31
#define R_DMA_TASK      32
#define R_COPY256       33
#define R_COPY4096      34
#define R_COPY32768     35
#define R_SMALL_ALLOC_C_1000 36
#define R_SMALL_FREE_1000    37
#define R_PKT_ALLOC_1000     38
#define R_PKT_FREE_1000      39
#define R_HEAP_TOP           41     /* take.asm: mem_pkt_take with a heap, */
#define R_HEAP_BOTTOM        42     /*   the three cases of bench_heap */
#define R_HEAP_PUT1          43

#define HELD       1000     /* blocks live for the scaling figures */
#define NBIG       64       /* calls for copy4096 / copy32768 (each alike) */

static const unsigned small_sizes[10] = { 16, 24, 32, 48, 64, 100, 128, 200, 256, 8 };
static const unsigned pkt_lens[8] = { 60, 1514, 590, 64, 1514, 300, 1024, 128 };

static struct mem_module mod;
static struct mem_info info;
static struct mem_dma_constraints dk;
static struct mem_dma_buf dbuf[DMA_COUNT];
static struct mem_dma_map dmap, dmap2, dmap3;
static mem_fp_t held[BATCH];
static char *lheld[BATCH];
static unsigned char nsrc[1600], ndst[1600];

static struct mem_pool_stats pst;
static int failed_step;     /* first failure: the exit code */
static mem_fp_t bigheld[HELD];

static void fail(int step, const char *what, int rc)
{
    unsigned i;
    printf("mpbench: step %d failed: %s (%d %s)\n", step, what, rc, mem_error_name(rc));
    for (i = 0; i < MEM_POOL_COUNT && step >= 10; i++) {
        memset(&pst, 0, sizeof(pst));
        pst.size = sizeof(pst);
        if (mem_pool_stats(i, MEM_FP(port_ds(), (unsigned)&pst)) == MEM_OK)
            printf("  pool %u: block %u stride %u total %u used %u high %u fails %u "
                   "bad %u reserve %u arenas %u\n", i, pst.block, pst.stride, pst.total,
                   pst.used, pst.high, pst.fails, pst.bad, pst.reserve, pst.arenas);
    }
    if (failed_step == 0)
        failed_step = step;
}

#define FAIL(step, what, rc) do { fail(step, what, rc); return; } while (0)

static mem_fp_t fp_of(void *p)
{
    return MEM_FP(port_ds(), (unsigned)p);
}

static unsigned dos_alloc(unsigned paras)
{
    struct port_regs r;
    memset(&r, 0, sizeof(r));
    r.ax = 0x4800;
    r.bx = paras;
    port_int(0x21, &r);
    if (r.flags & PORT_CF) {
        fail(2, "DOS 48h", 0);
        return 0;
    }
    return r.ax;
}

/* Give DOS all memory above our 64 KB (DOSBox hands a .COM all of it). */
static void shrink_self(void)
{
    struct port_regs r;
    memset(&r, 0, sizeof(r));
    r.ax = 0x4A00;
    r.es = port_ds();
    r.bx = 0x1000;
    port_int(0x21, &r);
}

static void bench_small(void)
{
    unsigned i, k, n = 0;
    int rc;
    mem_fp_t p;

    for (i = 0; i < 2 * NCALL / BATCH; i++) {
        for (k = 0; k < BATCH; k++) {
            unsigned sz = small_sizes[n++ % 10];
            if (i & 1) {
                /* the register entry, as an ISR in assembly calls it */
                p = bench_small_take(sz);
                if (p == MEM_FP_NULL)
                    FAIL(12, "mem_small_take", (int)sz);
            } else {
                bench_begin(R_SMALL_ALLOC_C);
                p = mem_small_alloc(sz);
                bench_end(R_SMALL_ALLOC_C);
                if (p == MEM_FP_NULL)
                    FAIL(10, "mem_small_alloc", (int)sz);
            }
            held[k] = p;
        }
        for (k = 0; k < BATCH; k++) {
            p = held[k];
            if (i & 1) {
                rc = bench_small_give(p);
            } else {
                bench_begin(R_SMALL_FREE);
                rc = mem_small_free(p);
                bench_end(R_SMALL_FREE);
            }
            if (rc != MEM_OK)
                FAIL(11, "mem_small_free", rc);
        }
    }
}

static void bench_pkt(void)
{
    unsigned i, k, n = 0;
    int rc;
    mem_fp_t p;

    for (i = 0; i < 2 * NCALL / PKT_BATCH; i++) {
        for (k = 0; k < PKT_BATCH; k++) {
            unsigned len = pkt_lens[n++ % 8];
            if (i & 1) {
                p = bench_pkt_take(len);        /* the register entry */
            } else {
                bench_begin(R_PKT_ALLOC);
                p = mem_pkt_alloc(len);
                bench_end(R_PKT_ALLOC);
            }
            if (p == MEM_FP_NULL)
                FAIL(20, "mem_pkt_alloc", (int)len);
            held[k] = p;
        }
        for (k = 0; k < PKT_BATCH; k++) {
            p = held[k];
            if (i & 1) {
                rc = bench_pkt_give(p);
            } else {
                bench_begin(R_PKT_FREE);
                rc = mem_pkt_free(p);
                bench_end(R_PKT_FREE);
            }
            if (rc != 0)
                FAIL(21, "mem_pkt_free", rc);
        }
    }
}

static void bench_dma(void)
{
    unsigned i, k;
    int rc, tag;
    mem_fp_t out;
    mem_u16 h;

    rc = mem_dma_preset(MEM_DMA_3C515_BUF, fp_of(&dk));
    if (rc != MEM_OK)
        FAIL(30, "mem_dma_preset", rc);
    dk.count = DMA_COUNT;
    tag = mem_dma_tag_create(fp_of(&dk));
    if (tag < 0)
        FAIL(31, "mem_dma_tag_create", tag);
    for (i = 0; i < NCALL / 8; i++) {
        for (k = 0; k < 8; k++) {
            out = fp_of(&dbuf[k]);
            bench_begin(R_DMA_ALLOC);
            rc = mem_dma_alloc(tag, out);
            bench_end(R_DMA_ALLOC);
            if (rc != MEM_OK)
                FAIL(32, "mem_dma_alloc", rc);
        }
        for (k = 0; k < 8; k++) {
            h = dbuf[k].handle;
            bench_begin(R_DMA_FREE);
            rc = mem_dma_free(h);
            bench_end(R_DMA_FREE);
            if (rc != MEM_OK)
                FAIL(33, "mem_dma_free", rc);
        }
    }
    rc = mem_dma_tag_destroy(tag);
    if (rc != MEM_OK)
        FAIL(34, "mem_dma_tag_destroy", rc);
}

/* mem_dma_map / sync / unmap on a 3C515 bus-master tag (64 KB boundary,
 * align 16, 1536-byte buffers).  dma_map_inplace: a 1514-byte frame that
 * meets the tag; dma_map_bounce: one that crosses a 64 KB boundary (every
 * check runs, then a bounce is popped); dma_sync_bounce1514: the copy into
 * the bounce before the device reads (compare copy1514); dma_unmap: the
 * bounced mapping given back.  The rest of the DMA task paths (unmap in
 * place, sync from the device, every error) run in region dma_task, the
 * DMA ISR-safe error paths in dma_err: both only for the interrupts-off
 * figures. */
static void bench_dma_map(void)
{
    struct mem_dma_buf b;
    unsigned i, seg, cross, inp;
    unsigned long lin, bnd;
    int rc, tag;
    mem_fp_t fin, fcr, m1, m2, m3;

    rc = mem_dma_preset(MEM_DMA_3C515_BUF, fp_of(&dk));
    if (rc != MEM_OK)
        FAIL(70, "mem_dma_preset", rc);
    dk.count = 2;
    tag = mem_dma_tag_create(fp_of(&dk));
    if (tag < 0)
        FAIL(71, "mem_dma_tag_create", tag);
    seg = dos_alloc(0x1100);            /* 68 KB: holds a 64 KB boundary */
    if (seg == 0)
        return;
    lin = (unsigned long)seg << 4;
    bnd = (lin | 0xFFFFUL) + 1;
    cross = (unsigned)(bnd - 700 - lin);            /* 1514 bytes across it */
    inp = (unsigned)((bnd - 0x2000 - lin) & ~15u);  /* 16-aligned, inside */
    fin = MEM_FP(seg, inp);
    fcr = MEM_FP(seg, cross);
    for (i = 0; i < 1514; i++)
        port_pokeb(seg, cross + i, (unsigned char)(i * 3));
    m1 = fp_of(&dmap);
    m2 = fp_of(&dmap2);
    m3 = fp_of(&dmap3);
    for (i = 0; i < NCALL; i++) {
        bench_begin(R_DMA_MAP_IN);
        rc = mem_dma_map(tag, fin, 1514, m1);
        bench_end(R_DMA_MAP_IN);
        if (rc != MEM_OK || dmap.how != MEM_DMA_MAP_INPLACE)
            FAIL(72, "mem_dma_map in place", rc);
        bench_begin(R_DMA_MAP_BNC);
        rc = mem_dma_map(tag, fcr, 1514, m2);
        bench_end(R_DMA_MAP_BNC);
        if (rc != MEM_OK || dmap2.how != MEM_DMA_MAP_BOUNCE)
            FAIL(73, "mem_dma_map bounce", rc);
        bench_begin(R_DMA_SYNC1514);
        rc = mem_dma_sync(m2, MEM_DMA_TO_DEVICE);
        bench_end(R_DMA_SYNC1514);
        if (rc != MEM_OK)
            FAIL(74, "mem_dma_sync", rc);
        bench_begin(R_DMA_TASK);
        rc = mem_dma_sync(m2, MEM_DMA_FROM_DEVICE);
        bench_end(R_DMA_TASK);
        if (rc != MEM_OK)
            FAIL(75, "mem_dma_sync from the device", rc);
        bench_begin(R_DMA_TASK);
        rc = mem_dma_unmap(m1);
        bench_end(R_DMA_TASK);
        if (rc != MEM_OK)
            FAIL(76, "mem_dma_unmap in place", rc);
        bench_begin(R_DMA_UNMAP);
        rc = mem_dma_unmap(m2);
        bench_end(R_DMA_UNMAP);
        if (rc != MEM_OK)
            FAIL(77, "mem_dma_unmap", rc);
    }
    if (mem_compare(fcr, MEM_FP(seg, cross), 1514) != 0)
        FAIL(78, "bounce round trip", 0);
    /* the bounce really held the frame: map again, sync, compare */
    if (mem_dma_map(tag, fcr, 1514, m2) != MEM_OK ||
        mem_dma_sync(m2, MEM_DMA_TO_DEVICE) != MEM_OK ||
        mem_compare(MEM_FP((unsigned)(dmap2.phys >> 4), (unsigned)dmap2.phys & 15),
                    fcr, 1514) != 0 || mem_dma_unmap(m2) != MEM_OK)
        FAIL(79, "bounce data", 0);
    /* error and exhaustion paths: interrupts-off figures only */
    for (i = 0; i < 64; i++) {
        bench_begin(R_DMA_TASK);
        rc = mem_dma_map(9, fin, 100, m1);              /* no such tag */
        bench_end(R_DMA_TASK);
        if (rc != MEM_E_INVAL)
            FAIL(80, "map: no such tag", rc);
        bench_begin(R_DMA_TASK);
        rc = mem_dma_map(tag, fin, 0, m1);              /* size 0 */
        bench_end(R_DMA_TASK);
        if (rc != MEM_E_SIZE)
            FAIL(81, "map: size 0", rc);
        if (mem_dma_map(tag, fcr, 1000, m1) != MEM_OK ||
            mem_dma_map(tag, fcr, 1000, m2) != MEM_OK)
            FAIL(82, "map two bounces", 0);
        bench_begin(R_DMA_TASK);
        rc = mem_dma_map(tag, fcr, 1000, m3);           /* no bounce left */
        bench_end(R_DMA_TASK);
        if (rc != MEM_E_NOBOUNCE)
            FAIL(83, "map without a bounce", rc);
        bench_begin(R_DMA_ERR);
        rc = mem_dma_alloc(tag, fp_of(&b));             /* stack empty */
        bench_end(R_DMA_ERR);
        if (rc != MEM_E_NOMEM)
            FAIL(84, "alloc from an empty tag", rc);
        bench_begin(R_DMA_TASK);
        rc = mem_dma_sync(m1, 3);                       /* bad direction */
        bench_end(R_DMA_TASK);
        if (rc != MEM_E_INVAL)
            FAIL(85, "sync: bad direction", rc);
        if (mem_dma_unmap(m1) != MEM_OK || mem_dma_unmap(m2) != MEM_OK)
            FAIL(86, "unmap", 0);
        bench_begin(R_DMA_TASK);
        rc = mem_dma_unmap(m2);                         /* unmapped twice */
        bench_end(R_DMA_TASK);
        if (rc != MEM_E_BADPTR)
            FAIL(87, "unmap twice", rc);
        bench_begin(R_DMA_TASK);
        rc = mem_dma_sync(m2, MEM_DMA_TO_DEVICE);       /* not mapped */
        bench_end(R_DMA_TASK);
        if (rc != MEM_E_BADPTR)
            FAIL(88, "sync after unmap", rc);
        bench_begin(R_DMA_ERR);
        rc = mem_dma_alloc(0, fp_of(&b));               /* no such tag */
        bench_end(R_DMA_ERR);
        if (rc != MEM_E_INVAL)
            FAIL(89, "alloc: no such tag", rc);
        if (mem_dma_alloc(tag, fp_of(&b)) != MEM_OK || mem_dma_free(b.handle) != MEM_OK)
            FAIL(94, "alloc and free", 0);
        bench_begin(R_DMA_ERR);
        rc = mem_dma_free(b.handle);                    /* double free */
        bench_end(R_DMA_ERR);
        if (rc != MEM_E_DOUBLEFREE)
            FAIL(95, "double free", rc);
        bench_begin(R_DMA_ERR);
        rc = mem_dma_free((mem_u16)((tag << 8) | 2));   /* index >= count */
        bench_end(R_DMA_ERR);
        if (rc != MEM_E_BADPTR)
            FAIL(96, "free: no such index", rc);
    }
    rc = mem_dma_tag_destroy(tag);
    if (rc != MEM_OK)
        FAIL(97, "mem_dma_tag_destroy", rc);
}

static void bench_copy(void)
{
    unsigned i, sseg, dseg;
    mem_fp_t s, d, d1;

    sseg = dos_alloc(0x800);          /* paragraph-aligned: dword aligned too */
    dseg = dos_alloc(0x800);
    if (sseg == 0 || dseg == 0)
        return;
    s = MEM_FP(sseg, 0);
    d = MEM_FP(dseg, 0);
    d1 = MEM_FP(dseg, 1);
    for (i = 0; i < 1514; i++)
        port_pokeb(sseg, i, (unsigned char)(i * 7));
    for (i = 0; i < NCALL; i++) {
        bench_begin(R_COPY64);
        mem_copy(d, s, 64);
        bench_end(R_COPY64);
    }
    for (i = 0; i < NCALL; i++) {
        bench_begin(R_COPY1514);
        mem_copy(d, s, 1514);
        bench_end(R_COPY1514);
    }
    if (mem_compare(d, s, 1514) != 0)
        FAIL(40, "mem_copy result", 0);
    for (i = 0; i < NCALL; i++) {
        bench_begin(R_COPY256);
        mem_copy(d, s, 256);
        bench_end(R_COPY256);
    }
    for (i = 0; i < NBIG; i++) {
        bench_begin(R_COPY4096);
        mem_copy(d, s, 4096);
        bench_end(R_COPY4096);
        bench_begin(R_COPY32768);
        mem_copy(d, s, 32768u);
        bench_end(R_COPY32768);
    }
    /* informational: odd destination, and the overlap-safe move */
    for (i = 0; i < 64; i++) {
        bench_begin(R_COPY1514_ODD);
        mem_copy(d1, s, 1514);
        bench_end(R_COPY1514_ODD);
        bench_begin(R_MOVE1514);
        mem_move(d, s, 1514);
        bench_end(R_MOVE1514);
    }
}

static void bench_libc(void)
{
    unsigned i, k, n = 0;
    char *p;

    for (i = 0; i < 2 * NCALL / BATCH; i++) {
        for (k = 0; k < BATCH; k++) {
            unsigned sz = small_sizes[n++ % 10];
            bench_begin(R_LIBC_MALLOC);
            p = (char *)malloc(sz);
            bench_end(R_LIBC_MALLOC);
            if (p == 0)
                FAIL(50, "malloc", (int)sz);
            lheld[k] = p;
        }
        for (k = 0; k < BATCH; k++) {
            p = lheld[k];
            bench_begin(R_LIBC_FREE);
            free(p);
            bench_end(R_LIBC_FREE);
        }
    }
    for (i = 0; i < 1514; i++)
        nsrc[i] = (unsigned char)i;
    for (i = 0; i < NCALL; i++) {
        bench_begin(R_LIBC_MEMCPY);
        memcpy(ndst, nsrc, 1514);
        bench_end(R_LIBC_MEMCPY);
    }
    if (memcmp(ndst, nsrc, 1514) != 0)
        FAIL(51, "memcpy result", 0);
}

/* The other ISR-safe entries and their error and empty paths, for the
 * interrupts-off figure (region isr_other: one entry per call). */
static void bench_isr_other(void)
{
    unsigned i, n, seg;
    int rc;
    mem_fp_t p, q;
    static mem_fp_t drain[80];

    seg = dos_alloc(0x10);
    if (seg == 0)
        return;
    for (i = 0; i < 64; i++) {
        p = mem_pkt_alloc(1514);
        if (p == MEM_FP_NULL)
            FAIL(60, "mem_pkt_alloc", 0);
        bench_begin(R_PKT_REF);
        rc = mem_pkt_ref(p);
        bench_end(R_PKT_REF);
        if (rc != 2)
            FAIL(61, "mem_pkt_ref", rc);
        bench_begin(R_ISR_OTHER);
        rc = mem_pkt_free(p);                   /* drops to 1 */
        bench_end(R_ISR_OTHER);
        mem_pkt_free(p);
        bench_begin(R_ISR_OTHER);
        rc = mem_pkt_free(p);                   /* double free: refused */
        bench_end(R_ISR_OTHER);
        bench_begin(R_ISR_OTHER);
        rc = mem_small_free(MEM_FP(seg, 2));    /* not ours */
        bench_end(R_ISR_OTHER);
        q = mem_small_alloc(40);
        mem_small_free(q);
        bench_begin(R_ISR_OTHER);
        rc = mem_small_free(q);                 /* double free */
        bench_end(R_ISR_OTHER);
        bench_begin(R_ISR_OTHER);
        q = mem_small_alloc(0);                 /* bad size */
        bench_end(R_ISR_OTHER);
        bench_begin(R_ISR_OTHER);
        rc = mem_dma_free(0x0700);              /* no such handle */
        bench_end(R_ISR_OTHER);
        bench_begin(R_ISR_OTHER);
        mem_isr_enter();
        bench_end(R_ISR_OTHER);
        bench_begin(R_ISR_OTHER);
        mem_isr_leave();
        bench_end(R_ISR_OTHER);
        bench_begin(R_ISR_OTHER);
        rc = (int)mem_version();
        bench_end(R_ISR_OTHER);
        bench_begin(R_ISR_OTHER);
        rc = (int)mem_cpu();
        bench_end(R_ISR_OTHER);
        bench_begin(R_ISR_OTHER);
        mem_fill(MEM_FP(seg, 0), 0x55, 200);
        bench_end(R_ISR_OTHER);
        bench_begin(R_ISR_OTHER);
        rc = mem_compare(MEM_FP(seg, 0), MEM_FP(seg, 1), 199);
        bench_end(R_ISR_OTHER);
        if (rc != 0)
            FAIL(62, "mem_compare", rc);
    }
    /* drain one class to empty (main list, then the ISR reserve, then the
     * failure path), then give everything back */
    for (n = 0; n < 80; n++) {
        bench_begin(R_SMALL_DRAIN);
        p = mem_small_alloc(64);
        bench_end(R_SMALL_DRAIN);
        drain[n] = p;
        if (p == MEM_FP_NULL)
            break;
    }
    if (n == 80)
        FAIL(63, "pool never ran empty", 0);
    for (i = 0; i < n; i++)
        if (mem_small_free(drain[i]) != MEM_OK)
            FAIL(64, "free after drain", 0);
    if (mem_pool_service() < 0)
        FAIL(65, "mem_pool_service", 0);
    if (mem_pool_check() != MEM_OK)
        FAIL(66, "mem_pool_check", 0);
}

/* HELD blocks live: small objects of the sizes in lens (pkt = 0) or
 * packet buffers of those lengths (pkt = 1), each pool grown at task time
 * whenever it runs empty.  Returns the arenas the grows added (> 0), or
 * an error. */
static int hold(int pkt, const unsigned *lens, unsigned nlens)
{
    unsigned i, tries;
    int rc, grown = 0;
    mem_fp_t p;

    for (i = 0; i < HELD; i++) {
        for (tries = 0;; tries++) {
            p = pkt ? mem_pkt_alloc(lens[i % nlens]) : mem_small_alloc(lens[i % nlens]);
            if (p != MEM_FP_NULL)
                break;
            rc = mem_pool_service();
            if (tries == 8 || rc <= 0) {
                printf("mpbench: block %u of %u held, mem_pool_service %d\n", i, HELD, rc);
                return rc < 0 ? rc : MEM_E_NOMEM;   /* a grow added nothing */
            }
            grown += rc;
        }
        bigheld[i] = p;
    }
    return grown > 0 ? grown : MEM_E_STATE;     /* the grow path never ran */
}

/* Give the HELD blocks back and the arenas they took (the service's
 * shrink). */
static int unhold(int pkt)
{
    unsigned i;
    int rc, shrunk = 0;

    for (i = 0; i < HELD; i++)
        if ((pkt ? mem_pkt_free(bigheld[i]) : mem_small_free(bigheld[i])) != 0)
            return -1;
    while ((rc = mem_pool_service()) > 0)
        shrunk += rc;
    return rc < 0 ? rc : shrunk;
}

/* small_alloc_c, small_free, pkt_alloc, pkt_free again: the same calls in
 * the same order as bench_small's and bench_pkt's C halves (the other
 * halves through the C stubs too, untimed), HELD blocks live meanwhile.
 * With the defaults a module cannot hold that many: it keeps at most 32
 * DOS blocks (ARENA_MAX) and grows a pool by 8 to 64 blocks at a time.
 * So the module is loaded again with pools sized for it (scale_cfg), each
 * a little short, so that holding grows every pool it uses once at task
 * time and giving back shrinks it again.  The held packets are small
 * frames (nine of ten 60 / 64 bytes, one 590): a thousand full-size ones
 * would not fit the bench machine's conventional memory. */
static struct mem_config scale_cfg;

static void bench_scale(void)
{
    static const unsigned held_lens[10] = { 60, 64, 60, 64, 60, 64, 60, 64, 60, 590 };
    unsigned i, k, n = 0;
    int rc;
    mem_fp_t p;

    rc = mem_unload(&mod);
    if (rc != MEM_OK)
        FAIL(69, "mem_unload", rc);
    memset(&scale_cfg, 0, sizeof(scale_cfg));
    scale_cfg.size = sizeof(scale_cfg);
    scale_cfg.small_count = 160;                /* 200 held a class */
    scale_cfg.pkt_classes = 3;
    scale_cfg.pkt_len[0] = MEM_DEF_PKT_LEN0;
    scale_cfg.pkt_len[1] = MEM_DEF_PKT_LEN1;
    scale_cfg.pkt_len[2] = MEM_DEF_PKT_LEN2;
    scale_cfg.pkt_num[0] = 720;                 /* 900 held */
    scale_cfg.pkt_num[1] = 80;                  /* 100 held */
    scale_cfg.pkt_num[2] = MEM_DEF_PKT_COUNT;
    rc = mem_load("MEMPOOL.MOD", &scale_cfg, &mod);
    if (rc != MEM_OK)
        FAIL(69, "mem_load (pools for the scaling figures)", rc);

    if ((rc = hold(0, small_sizes, 10)) <= 0)
        FAIL(70, "holding small objects", rc);
    for (i = 0; i < 2 * NCALL / BATCH; i++) {
        for (k = 0; k < BATCH; k++) {
            unsigned sz = small_sizes[n++ % 10];
            if (i & 1) {
                p = mem_small_alloc(sz);
            } else {
                bench_begin(R_SMALL_ALLOC_C_1000);
                p = mem_small_alloc(sz);
                bench_end(R_SMALL_ALLOC_C_1000);
            }
            if (p == MEM_FP_NULL)
                FAIL(71, "mem_small_alloc", (int)sz);
            held[k] = p;
        }
        for (k = 0; k < BATCH; k++) {
            p = held[k];
            if (i & 1) {
                rc = mem_small_free(p);
            } else {
                bench_begin(R_SMALL_FREE_1000);
                rc = mem_small_free(p);
                bench_end(R_SMALL_FREE_1000);
            }
            if (rc != MEM_OK)
                FAIL(72, "mem_small_free", rc);
        }
    }
    if ((rc = unhold(0)) <= 0)
        FAIL(73, "freeing small objects, shrinking", rc);

    n = 0;
    if ((rc = hold(1, held_lens, 10)) <= 0)
        FAIL(74, "holding packet buffers", rc);
    for (i = 0; i < 2 * NCALL / PKT_BATCH; i++) {
        for (k = 0; k < PKT_BATCH; k++) {
            unsigned len = pkt_lens[n++ % 8];
            if (i & 1) {
                p = mem_pkt_alloc(len);
            } else {
                bench_begin(R_PKT_ALLOC_1000);
                p = mem_pkt_alloc(len);
                bench_end(R_PKT_ALLOC_1000);
            }
            if (p == MEM_FP_NULL)
                FAIL(75, "mem_pkt_alloc", (int)len);
            held[k] = p;
        }
        for (k = 0; k < PKT_BATCH; k++) {
            p = held[k];
            if (i & 1) {
                rc = mem_pkt_free(p);
            } else {
                bench_begin(R_PKT_FREE_1000);
                rc = mem_pkt_free(p);
                bench_end(R_PKT_FREE_1000);
            }
            if (rc != 0)
                FAIL(76, "mem_pkt_free", rc);
        }
    }
    if ((rc = unhold(1)) <= 0)
        FAIL(77, "freeing packet buffers, shrinking", rc);
}

/* Every API entry the sections above do not call, once each with real
 * arguments, so that irq_off_max_all covers them: DMA mappings (a bounced
 * one with both syncs, one in place), statistics, the XMS calls (bench86
 * has no XMS driver unless it serves one: then a packet is parked and
 * brought back; else each answers MEM_E_NOXMS), the module's own far copy
 * entries, and last the seal. */
extern mem_u32 mem_api_tab[];
mem_u32 mod_call();                     /* client_call.asm */
static unsigned fargs[6];
static struct mem_dma_constraints mk;
static struct mem_dma_map dmap;
static struct mem_dma_stats dst;
static struct mem_xms_status xst;
static struct mem_xms_handle xhi;
static struct mem_xms_move xmv;
static mem_u32 ovh[2], xphys;
static mem_fp_t parked;

/* Far-call the module's entry fn with w[0..words-1], as assembly does. */
static void far_entry(unsigned fn, unsigned words, unsigned w0, unsigned w1, unsigned w2,
                      unsigned w3, unsigned w4, unsigned w5)
{
    fargs[0] = w0;
    fargs[1] = w1;
    fargs[2] = w2;
    fargs[3] = w3;
    fargs[4] = w4;
    fargs[5] = w5;
    mod_call(MEM_FP_SEG(mem_api_tab[fn]), MEM_FP_OFF(mem_api_tab[fn]), words, fargs);
}

static void every_entry(void)
{
    unsigned seg, off, i;
    unsigned long lin;
    int rc, tag, h;
    mem_fp_t p, area;

    seg = dos_alloc(0x200);                     /* 8 KB: a 4 KB line inside */
    if (seg == 0)
        return;
    area = MEM_FP(seg, 0);
    memset(&mk, 0, sizeof(mk));
    mk.size = sizeof(mk);
    mk.flags = MEM_DMA_F_BUSMASTER;
    mk.align = 16;
    mk.boundary = 0x1000;                       /* 4 KB: a buffer can cross it */
    mk.max_size = 1536;
    mk.max_addr = 0xFFFFFFUL;
    mk.count = 2;
    tag = mem_dma_tag_create(fp_of(&mk));
    if (tag < 1)
        FAIL(80, "mem_dma_tag_create", tag);
    lin = (unsigned long)seg << 4;
    off = (unsigned)(0x1000 - (lin & 0xFFF) + 0x1000 - 300) & 0x1FFF;
    if (off > 0x2000 - 1000)
        off -= 0x1000;
    rc = mem_dma_map(tag, MEM_FP(seg, off), 1000, fp_of(&dmap));
    if (rc != MEM_OK || dmap.how != MEM_DMA_MAP_BOUNCE)
        FAIL(81, "mem_dma_map (bounce)", rc);
    if ((rc = mem_dma_sync(fp_of(&dmap), MEM_DMA_TO_DEVICE)) != MEM_OK ||
        (rc = mem_dma_sync(fp_of(&dmap), MEM_DMA_FROM_DEVICE)) != MEM_OK)
        FAIL(82, "mem_dma_sync", rc);
    if ((rc = mem_dma_unmap(fp_of(&dmap))) != MEM_OK)
        FAIL(83, "mem_dma_unmap", rc);
    off = (unsigned)((0x1000 - (lin & 0xFFF)) & 0xFFF);
    rc = mem_dma_map(tag, MEM_FP(seg, off), 256, fp_of(&dmap));
    if (rc != MEM_OK || dmap.how != MEM_DMA_MAP_INPLACE)
        FAIL(84, "mem_dma_map (in place)", rc);
    if ((rc = mem_dma_unmap(fp_of(&dmap))) != MEM_OK)
        FAIL(85, "mem_dma_unmap", rc);
    memset(&dst, 0, sizeof(dst));
    dst.size = sizeof(dst);
    if ((rc = mem_dma_stats(tag, fp_of(&dst))) != MEM_OK)
        FAIL(86, "mem_dma_stats", rc);
    if ((rc = mem_dma_tag_destroy(tag)) != MEM_OK)
        FAIL(87, "mem_dma_tag_destroy", rc);

    for (i = 0; i <= MEM_POOL_LAST; i++) {
        memset(&pst, 0, sizeof(pst));
        pst.size = sizeof(pst);
        mem_pool_stats(i, fp_of(&pst));         /* MEM_E_INVAL for no pool */
    }
    if ((rc = mem_pool_overhead(fp_of(ovh))) < 0)
        FAIL(88, "mem_pool_overhead", rc);

    memset(&xst, 0, sizeof(xst));
    xst.size = sizeof(xst);
    mem_xms_status(fp_of(&xst));
    h = mem_xms_alloc((mem_u32)4);
    mem_xms_realloc(h > 0 ? h : 0, (mem_u32)8);
    mem_xms_lock(h > 0 ? h : 0, fp_of(&xphys));
    mem_xms_unlock(h > 0 ? h : 0);
    memset(&xhi, 0, sizeof(xhi));
    xhi.size = sizeof(xhi);
    mem_xms_handle_info(h > 0 ? h : 0, fp_of(&xhi));
    memset(&xmv, 0, sizeof(xmv));
    xmv.length = 16;
    xmv.src = MEM_XMS_CONV;
    xmv.src_off = MEM_FP(seg, 0);
    xmv.dst = MEM_XMS_CONV;
    xmv.dst_off = MEM_FP(seg, 16);
    if ((rc = mem_xms_move(fp_of(&xmv))) != MEM_OK && rc != MEM_E_NOXMS)
        FAIL(89, "mem_xms_move", rc);
    mem_xms_last_error();
    mem_xms_free(h > 0 ? h : 0);
    p = mem_pkt_alloc(590);
    if (p == MEM_FP_NULL)
        FAIL(90, "mem_pkt_alloc", 0);
    rc = mem_xms_park(p);
    if (rc > 0) {
        if (mem_xms_unpark((mem_u16)rc, fp_of(&parked)) != MEM_OK)
            FAIL(91, "mem_xms_unpark", 0);
        p = parked;
    } else {
        if (rc != MEM_E_NOXMS)
            FAIL(92, "mem_xms_park", rc);
        mem_xms_unpark(1, fp_of(&parked));
    }
    if (mem_pkt_free(p) != 0)
        FAIL(93, "mem_pkt_free", 0);

    /* the module's far copy entries, as code in assembly calls them */
    far_entry(MEM_FN_COPY, 5, 0x100, seg, 0, seg, 200, 0);          /* dst, src, len */
    far_entry(MEM_FN_MOVE, 5, 0x101, seg, 0x100, seg, 200, 0);
    far_entry(MEM_FN_COPY32, 6, 0x400, seg, 0, seg, 0x300, 0);      /* len: low, high */
    far_entry(MEM_FN_FILL, 4, 0x800, seg, 0x55, 300, 0, 0);         /* dst, v, len */
    far_entry(MEM_FN_COMPARE, 5, 0, seg, 0x100, seg, 200, 0);
    mem_copy32(MEM_FP(seg, 0xC00), area, (mem_u32)0x400);

    if ((rc = mem_seal(0)) != MEM_OK)
        FAIL(94, "mem_seal", rc);
}

/* The packet heap (v1.02): the module loaded again with a heap of 16 KB,
 * its register entry timed in three cases, each NCALL calls with nothing
 * else in the heap call's way: heap_alloc_top (a 60-byte frame from the
 * top end, nothing freed since the last heap call), heap_alloc_bottom (590
 * bytes, first fit from the bottom, the first free block holds it),
 * heap_alloc_put1 (590 bytes from the bottom with one block freed since
 * the last heap call: it is put back, coalescing with the free space
 * beside it, before the placement).  Each a region of its own (take.asm),
 * holding the entry from its first instruction through its RETF. */
static struct mem_config hcfg;

static void bench_heap(void)
{
    unsigned i;
    mem_fp_t a, b;
    int rc;

    if ((rc = mem_unload(&mod)) != MEM_OK)
        FAIL(100, "mem_unload", rc);
    memset(&hcfg, 0, sizeof(hcfg));
    hcfg.size = sizeof(hcfg);
    hcfg.heap_paras = 1024;
    hcfg.pkt_count = 3;
    hcfg.pkt_small_count = 3;
    hcfg.isr_reserve = 1;
    if ((rc = mem_load("MEMPOOL.MOD", &hcfg, &mod)) != MEM_OK)
        FAIL(101, "mem_load with a heap", rc);
    for (i = 0; i < NCALL; i++) {
        a = bench_heap_top(60);
        b = bench_heap_bottom(590);
        if (a == MEM_FP_NULL || b == MEM_FP_NULL)
            FAIL(102, "mem_pkt_take with a heap", 0);
        if (mem_pkt_free(a) != 0 || mem_pkt_free(b) != 0)
            FAIL(103, "mem_pkt_free of a heap buffer", 0);
        if (mem_pool_service() < 0)                 /* both put back */
            FAIL(104, "mem_pool_service", 0);
    }
    for (i = 0; i < NCALL; i++) {
        a = mem_pkt_alloc(590);
        if (a == MEM_FP_NULL || mem_pkt_free(a) != 0)
            FAIL(105, "mem_pkt_alloc with a heap", 0);
        b = bench_heap_put1(590);               /* a put back first */
        if (b == MEM_FP_NULL || mem_pkt_free(b) != 0)
            FAIL(106, "mem_pkt_take with a heap", 0);
        if (mem_pool_service() < 0)
            FAIL(107, "mem_pool_service", 0);
    }
    if ((rc = mem_pool_check()) != MEM_OK)
        FAIL(108, "mem_pool_check with a heap", rc);
}

int main()
{
    int rc;
    unsigned cpu;

    bench_name(R_SMALL_ALLOC, "small_alloc");
    bench_name(R_SMALL_ALLOC_C, "small_alloc_c");
    bench_name(R_SMALL_FREE_R, "small_free_r");
    bench_name(R_PKT_ALLOC_R, "pkt_alloc_r");
    bench_name(R_PKT_FREE_R, "pkt_free_r");
    bench_name(R_SMALL_FREE, "small_free");
    bench_name(R_PKT_ALLOC, "pkt_alloc");
    bench_name(R_PKT_FREE, "pkt_free");
    bench_name(R_DMA_ALLOC, "dma_alloc");
    bench_name(R_DMA_FREE, "dma_free");
    bench_name(R_COPY64, "copy64");
    bench_name(R_COPY1514, "copy1514");
    bench_name(R_LIBC_MALLOC, "libc_malloc");
    bench_name(R_LIBC_FREE, "libc_free");
    bench_name(R_LIBC_MEMCPY, "libc_memcpy1514");
    bench_name(R_PKT_REF, "pkt_ref");
    bench_name(R_ISR_OTHER, "isr_other");
    bench_name(R_SMALL_DRAIN, "small_drain");
    bench_name(R_COPY1514_ODD, "copy1514_odd");
    bench_name(R_MOVE1514, "move1514");
    bench_name(R_CPU386, "cpu386_seen");
    bench_name(R_COPY386, "copy386");
    bench_name(R_LOADED, "loaded");
    bench_name(R_DMA_MAP_IN, "dma_map_inplace");
    bench_name(R_DMA_MAP_BNC, "dma_map_bounce");
    bench_name(R_DMA_SYNC1514, "dma_sync_bounce1514");
    bench_name(R_DMA_UNMAP, "dma_unmap");
    bench_name(R_DMA_ERR, "dma_err");
    bench_name(R_DMA_TASK, "dma_task");
    bench_name(R_COPY256, "copy256");
    bench_name(R_COPY4096, "copy4096");
    bench_name(R_COPY32768, "copy32768");
    bench_name(R_SMALL_ALLOC_C_1000, "small_alloc_c_1000");
    bench_name(R_SMALL_FREE_1000, "small_free_1000");
    bench_name(R_PKT_ALLOC_1000, "pkt_alloc_1000");
    bench_name(R_PKT_FREE_1000, "pkt_free_1000");
    bench_name(R_HEAP_TOP, "heap_alloc_top");
    bench_name(R_HEAP_BOTTOM, "heap_alloc_bottom");
    bench_name(R_HEAP_PUT1, "heap_alloc_put1");

    shrink_self();
    rc = mem_load("MEMPOOL.MOD", 0, &mod);
    if (rc != MEM_OK) {
        fail(1, "mem_load", rc);
        return 1;
    }
    bench_begin(R_LOADED);
    bench_end(R_LOADED);
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    rc = mem_info(fp_of(&info));
    if (rc != MEM_OK)
        fail(3, "mem_info", rc);
    cpu = mem_cpu();
    printf("mpbench: MEMPOOL %x.%02x at %04x, cpu %u%s, copy path %s, "
           "resident %u + init %u bytes\n",
           info.api_version >> 8, info.api_version & 0xFF, mod.seg,
           MEM_CPU_TYPE(cpu), MEM_CPU_V86(cpu) ? " (V86)" : "",
           (info.flags & MEM_INFO_COPY386) ? "386" : "286",
           info.resident_bytes, info.init_bytes);
    if (MEM_CPU_TYPE(cpu) >= MEM_CPU_386) {
        bench_begin(R_CPU386);
        bench_end(R_CPU386);
    }
    if (info.flags & MEM_INFO_COPY386) {
        bench_begin(R_COPY386);
        bench_end(R_COPY386);
    }

    /* Stateless copies first; after a failure no further module section
     * runs (its state may be broken), the libc baseline always does. */
    bench_copy();
    if (!failed_step)
        bench_dma();
    if (!failed_step)
        bench_dma_map();
    if (!failed_step)
        bench_small();
    if (!failed_step)
        bench_pkt();
    if (!failed_step)
        bench_isr_other();
    if (!failed_step)
        bench_scale();
    if (!failed_step)
        every_entry();
    if (!failed_step)
        bench_heap();
    bench_libc();

    if (!failed_step) {
        rc = mem_unload(&mod);
        if (rc != MEM_OK)
            fail(90, "mem_unload", rc);
    }
    printf("mpbench: done%s\n", failed_step ? " (with failures)" : "");
    return failed_step;
}
