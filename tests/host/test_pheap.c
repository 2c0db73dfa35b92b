/*
 * test_pheap.c - the packet heap's C twin (pheap_c.c, pheap_init.c) on
 * the simulated PC, with the pools' packet free and reference paths
 * (pool_c.c) it shares: placement from both ends, coalescing, the lock
 * and the classes behind it, the gap mark the recipe reads, bad pointers,
 * and a property test whose every step is checked against the test's own
 * record of the blocks (never the heap's arithmetic).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sim.h"
#include "mod_core.h"
#include "arena.h"
#include "pool.h"
#include "pheap.h"
#include "inc_check.h"

#define MAXB 2048

static u32 rnd_state = 4711;
static u32 rnd(void)
{
    rnd_state = rnd_state * 1103515245UL + 12345UL;
    return (rnd_state >> 8) & 0xFFFFFFUL;
}

static u16 hseg;        /* the heap's block */
static u32 owned_before;

/* The pools with the default classes (2 buffers each), and a heap of
 * paras paragraphs in a DOS block of its own. */
static void boot(u16 paras, u16 top_len)
{
    struct sim_config c;
    u8 umb;

    sim_config_default(&c);
    sim_reset(&c);
    memset(arena_tab, 0, sizeof(arena_tab));
    memset(pools, 0, sizeof(pools));
    memset(pool_ctl, 0, sizeof(pool_ctl));
    memset(&pheap, 0, sizeof(pheap));
    memset(&mod, 0, sizeof(mod));
    mod.initialised = 1;
    mod.dos_version = c.dos_version;
    arena_xms_umb_get = 0;
    arena_xms_umb_put = 0;
    arena_umb_seen = 0;
    owned_before = sim_dos_owned_paras(SIM_PSP);
    assert_int_equal(pool_init(0, 0, 0, 0, 1), MEM_OK);
    assert_int_equal(arena_get(paras, 0, &hseg, &umb), MEM_OK);
    assert_int_equal(pheap_init(hseg, paras, top_len), MEM_OK);
}

static int teardown(void **state)
{
    (void)state;
    pool_release();
    arena_release_all();
    assert_int_equal(arena_count(), 0);
    assert_true(sim_dos_owned_paras(SIM_PSP) == owned_before);
    assert_int_equal(sim_dos_check_chain(), 0);
    assert_true(sim_irq_balanced());
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    sim_free();
    return 0;
}

/* ------------------------------------------------ the test's own record */

struct blk {
    u16 off, size, len;
    u8 live;            /* 1 allocated, 2 freed (pending or put back) */
};
static struct blk bl[MAXB];
static int nbl;

static u16 blk_size(u16 len)
{
    return (u16)((len + MEM_PKT_DATA + (MEM_DEBUG ? 2 : 0) + 15u) & ~15u);
}

static u16 heap_end(void)
{
    return (u16)(PHEAP_FIRST + ((port_peekw(hseg, AH_END) - 1u) << 4));
}

/* The heap as the test knows it: the live blocks and the free list tile
 * the heap exactly; the list is in address order both ways, no two free
 * blocks touch, and every size is a paragraph multiple.  (Frees not yet
 * put back count as free here only after a heap call: the test checks
 * right after one, with the heap record's list empty.) */
static void check_heap(void)
{
    static u8 cover[0x1000];
    u16 b, prev = 0, end = heap_end(), s, k, nfree = 0, live = 0;
    int i;

    assert_int_equal(pools[POOL_HEAP_REC].head_off, 0);
    assert_int_equal(pheap.busy, 0);
    memset(cover, 0, sizeof(cover));
    for (b = pheap.low; b != 0; b = port_peekw(hseg, (u16)(b + HB_NEXT))) {
        s = port_peekw(hseg, (u16)(b + HB_SIZE));
        assert_int_equal(port_peekw(hseg, (u16)(b + HB_PREV)), prev);
        assert_true(b >= PHEAP_FIRST && (b & 15) == 0);
        assert_true(s >= 16 && (s & 15) == 0 && (u32)b + s <= end);
        assert_true(prev == 0 || b > prev);
        assert_true(prev == 0 || prev + port_peekw(hseg, (u16)(prev + HB_SIZE)) < b);
        assert_int_equal(port_peekw(hseg, (u16)(b + MEM_PKT_OFF_MAGIC)), 0);
        for (k = (u16)(b >> 4); k < (u16)((b + s) >> 4); k++) {
            assert_int_equal(cover[k], 0);
            cover[k] = 1;
        }
        prev = b;
        nfree++;
        assert_true(nfree < 0x1000);
    }
    assert_int_equal(pheap.high, prev);
    for (i = 0; i < nbl; i++) {
        if (bl[i].live != 1)
            continue;
        live++;
        assert_int_equal(port_peekw(hseg, (u16)(bl[i].off + MEM_PKT_OFF_MAGIC)), MEM_PKT_MAGIC);
        for (k = (u16)(bl[i].off >> 4); k < (u16)((bl[i].off + bl[i].size) >> 4); k++) {
            assert_int_equal(cover[k], 0);
            cover[k] = 1;
        }
    }
    for (k = PHEAP_FIRST >> 4; k < (u16)(end >> 4); k++)
        assert_int_equal(cover[k], 1);
    assert_int_equal(POOL_USED(&pools[POOL_HEAP_REC]), live);
    assert_int_equal(mod_pool_check(), MEM_OK);     /* the module's checker agrees */
}

/* A frame written as a driver writes one: every byte behind the header
 * (a free block carved from it later must not take it for a header). */
static void fill(u16 off, u16 size)
{
    u16 k;
    for (k = 16; k < size; k += 2)
        port_pokew(hseg, (u16)(off + k), 0x4B50u);     /* MEM_PKT_MAGIC, too */
}

/* An allocation the test expects the heap to place: its header. */
static int take(u16 len)
{
    mem_fp_t p = pheap_alloc_c(len);
    u16 off = MEM_FP_OFF(p);

    assert_true(p != MEM_FP_NULL);
    assert_int_equal(MEM_FP_SEG(p), hseg);
    assert_true(nbl < MAXB);
    bl[nbl].off = off;
    bl[nbl].size = blk_size(len);
    bl[nbl].len = len;
    bl[nbl].live = 1;
    assert_int_equal(port_peekw(hseg, (u16)(off + MEM_PKT_OFF_LEN)), len);
    assert_int_equal(port_peekw(hseg, (u16)(off + MEM_PKT_OFF_DATA)), MEM_PKT_DATA);
    assert_int_equal(port_peekw(hseg, (u16)(off + MEM_PKT_OFF_CAP)),
                     bl[nbl].size - (MEM_DEBUG ? 2 : 0));
    assert_int_equal(port_peekb(hseg, (u16)(off + MEM_PKT_OFF_REF)), 1);
    assert_int_equal(port_peekb(hseg, (u16)(off + MEM_PKT_OFF_POOL)), PHEAP_HPOOL);
    assert_int_equal(port_peekw(hseg, (u16)(off + MEM_PKT_OFF_CHECK)),
                     (u16)(hseg ^ off ^ PKT_CHECK));
    fill(off, bl[nbl].size);
    return nbl++;
}

static void give(int i)
{
    assert_int_equal(pool_pkt_free_c(MEM_FP(hseg, bl[i].off)), MEM_OK);
    bl[i].live = 2;
}

/* ------------------------------------------------ pheap.inc vs pheap.h */

static const struct inc_name inc_names[] = {
    N(PH_SEG), N(PH_LOW), N(PH_HIGH), N(PH_TOPLEN), N(PH_END), N(PH_GAP),
    N(PH_GAPMIN), N(PH_BUSY), N(PH_SIZE), N(HB_NEXT), N(HB_PREV), N(HB_SIZE),
    N(PHEAP_HPOOL), N(PHEAP_FIRST),
};

/* Every "NAME equ VALUE" of pheap.inc agrees with pheap.h, every name of
 * inc_names[] is there, and struct pheap has the offsets it names. */
static void inc_matches_header(void **state)
{
    (void)state;
    inc_file_matches("src/modules/mempool/pheap.inc", inc_names,
                     sizeof(inc_names) / sizeof(inc_names[0]));
    assert_int_equal(offsetof(struct pheap, seg), PH_SEG);
    assert_int_equal(offsetof(struct pheap, low), PH_LOW);
    assert_int_equal(offsetof(struct pheap, high), PH_HIGH);
    assert_int_equal(offsetof(struct pheap, top_len), PH_TOPLEN);
    assert_int_equal(offsetof(struct pheap, end), PH_END);
    assert_int_equal(offsetof(struct pheap, gap), PH_GAP);
    assert_int_equal(offsetof(struct pheap, gapmin), PH_GAPMIN);
    assert_int_equal(offsetof(struct pheap, busy), PH_BUSY);
    assert_int_equal(sizeof(struct pheap), PH_SIZE);
}

/* ------------------------------------------------------------ the tests */

static void bad_setup(void **state)
{
    u16 seg;
    u8 umb;

    (void)state;
    boot(64, 64);
    assert_int_equal(arena_get(0x1000, 0, &seg, &umb), MEM_OK);
    assert_int_equal(pheap_init(seg, PHEAP_MIN_PARAS - 1, 64), MEM_E_INVAL);
    assert_int_equal(pheap_init(seg, PHEAP_MAX_PARAS + 1, 64), MEM_E_INVAL);
    assert_int_equal(pheap_init(seg, 64, MEM_PKT_MAX + 1), MEM_E_INVAL);
    assert_int_equal(pheap.seg, hseg);      /* the heap set up before stays */
    assert_int_equal(pheap_init(seg, PHEAP_MAX_PARAS, 64), MEM_OK);
    assert_int_equal(pheap.end, 0xFFF0u);
}

/* Short frames from the top, others from the bottom; frees wait on the
 * heap record's list and go back, coalesced, at the next allocation. */
static void placement_and_coalescing(void **state)
{
    int a, b, c, s1, s2;
    u16 end;

    (void)state;
    nbl = 0;
    boot(256, 64);
    end = heap_end();
    a = take(100);                      /* 160 bytes */
    b = take(1514);                     /* 1568 */
    c = take(590);                      /* 640 */
    s1 = take(60);                      /* 112, from the top */
    s2 = take(64);                      /* 112 */
    assert_int_equal(bl[a].off, PHEAP_FIRST);
    assert_int_equal(bl[b].off, PHEAP_FIRST + 160);
    assert_int_equal(bl[c].off, PHEAP_FIRST + 160 + 1568);
    assert_int_equal(bl[s1].off, end - 112);
    assert_int_equal(bl[s2].off, end - 224);
    check_heap();
    assert_int_equal(pheap.gap, PHEAP_FIRST + 160 + 1568 + 640);
    assert_int_equal(pheap.gapmin, end - 224 - (PHEAP_FIRST + 2368));
    assert_int_equal(PHEAP_NEED(), 2368 + 224);

    give(a);
    give(c);                            /* two holes, pending */
    assert_true(pools[POOL_HEAP_REC].head_off != 0);
    assert_int_equal(pheap_putback_c(), 1);
    check_heap();                       /* c joined the gap */
    assert_int_equal(pheap.low, PHEAP_FIRST);
    assert_int_equal(pheap.gap, PHEAP_FIRST + 160 + 1568);
    a = take(100);                      /* a's hole again, first fit */
    assert_int_equal(bl[a].off, PHEAP_FIRST);
    give(b);
    give(a);                            /* both sides at once: one block */
    give(s2);
    give(s1);
    c = take(1514);
    check_heap();
    assert_int_equal(bl[c].off, PHEAP_FIRST);
    assert_int_equal(pheap.low, PHEAP_FIRST + 1568);
    assert_int_equal(pheap.high, pheap.low);
    assert_int_equal(port_peekw(hseg, (u16)(pheap.low + HB_SIZE)), end - PHEAP_FIRST - 1568);
    give(c);
    assert_int_equal(pheap_putback_c(), 1);
    check_heap();
    assert_int_equal(port_peekw(hseg, PHEAP_FIRST + HB_SIZE), end - PHEAP_FIRST);
    /* the gap never went below what the first five left */
    assert_int_equal(PHEAP_NEED(), 2368 + 224);
}

/* The lock taken (an interrupt in a heap call): an allocation comes from
 * the classes, a free still lands on the heap record's list, the service
 * leaves the heap alone; all back at the next call that gets the lock. */
static void busy_lock(void **state)
{
    int a, b;
    mem_fp_t p;

    (void)state;
    nbl = 0;
    boot(128, 64);
    a = take(600);
    b = take(60);
    pheap.busy = 1;
    p = pheap_alloc_c(590);
    assert_true(p != MEM_FP_NULL && MEM_FP_SEG(p) != hseg);
    assert_int_equal(port_peekb(MEM_FP_SEG(p), (u16)(MEM_FP_OFF(p) + MEM_PKT_OFF_POOL)),
                     MEM_POOL_PKTC(1));
    give(a);
    give(b);
    assert_int_equal(pheap_putback_c(), 0);
    assert_int_equal(pheap.busy, 1);
    assert_int_equal(pheap.low, PHEAP_FIRST + 656);     /* untouched */
    assert_true(pools[POOL_HEAP_REC].head_off != 0);
    pheap.busy = 0;
    assert_int_equal(pool_pkt_free_c(p), MEM_OK);       /* to its class */
    a = take(1514);
    check_heap();
    assert_int_equal(bl[a].off, PHEAP_FIRST);
    assert_int_equal(pools[POOL_HEAP_REC].fails, 0);
}

/* A heap that holds nothing more: the classes, counted in the heap's
 * fails; nothing of the heap changes. */
static void full_heap_falls_back(void **state)
{
    int i;
    mem_fp_t p;

    (void)state;
    nbl = 0;
    boot(1 + 2 * 98, 64);               /* two full frames exactly */
    take(1514);
    take(1514);
    check_heap();
    assert_int_equal(pheap.low, 0);
    assert_int_equal(pheap.gapmin, 0);
    p = pheap_alloc_c(60);
    assert_true(p != MEM_FP_NULL && MEM_FP_SEG(p) != hseg);
    assert_int_equal(pools[POOL_HEAP_REC].fails, 1);
    check_heap();
    for (i = 0; i < 2; i++)
        give(i);
    assert_int_equal(pool_pkt_free_c(p), MEM_OK);
    i = take(60);
    check_heap();
    assert_int_equal(bl[i].off, heap_end() - 112);
}

/* Bad pointers keep their named errors, as for a class buffer. */
static void bad_pointers(void **state)
{
    int a, b;
    u16 bad0;
    mem_fp_t pa;

    (void)state;
    nbl = 0;
    boot(128, 64);
    a = take(200);
    b = take(200);
    pa = MEM_FP(hseg, bl[a].off);
    assert_int_equal(pool_pkt_ref_c(pa), 2);
    assert_int_equal(pool_pkt_free_c(pa), 1);
    give(a);
    bad0 = pools[POOL_HEAP_REC].bad;
    assert_int_equal(pool_pkt_free_c(pa), MEM_E_DOUBLEFREE);       /* pending */
    assert_int_equal(pool_pkt_ref_c(pa), MEM_E_DOUBLEFREE);
    give(b);
    assert_int_equal(pheap_putback_c(), 1);
    check_heap();
    assert_int_equal(pool_pkt_free_c(MEM_FP(hseg, bl[b].off)), MEM_E_DOUBLEFREE); /* joined */
    assert_int_equal(pools[POOL_HEAP_REC].bad, bad0 + 3);
    a = take(1000);
    assert_int_equal(pool_pkt_free_c(MEM_FP(hseg, bl[a].off + 16)), MEM_E_BADPTR);
    assert_int_equal(pool_pkt_free_c(MEM_FP(hseg, bl[a].off + 1)), MEM_E_BADPTR);
    assert_int_equal(pool_small_free_c(MEM_FP(hseg, bl[a].off)), MEM_E_WRONGPOOL);
    assert_true(pheap_alloc_c(0) == MEM_FP_NULL);
    assert_true(pheap_alloc_c(MEM_PKT_MAX + 1) == MEM_FP_NULL);
    assert_int_equal(pool_bad_none, 4);
    check_heap();
}

/* A trace of both kinds in a generous heap: the gap mark equals the
 * least heap computed from the live blocks at every step; a heap of that
 * size places every block at the same place from its end, and the gap
 * then runs down to nothing. */
static u16 trace_need;
static u16 run_trace(u16 paras, u32 seed, int check_place, u16 *offs)
{
    int i, n, k, ntr = 0, nlive = 0;
    u16 len, low, high, end, need = 0;

    nbl = 0;
    boot(paras, 64);
    end = heap_end();
    rnd_state = seed;
    for (n = 0; n < 6000; n++) {
        if (nbl < MAXB && (rnd() % 100 < (u32)(nlive < 40 ? 60 : 40) || nlive == 0)) {
            nlive++;
            k = (int)(rnd() % 12);
            len = k < 7 ? 60 : k < 11 ? 590 : 1514;
            if (rnd() % 4 == 0)
                len = (u16)(1 + rnd() % MEM_PKT_MAX);
            i = take(len);
            if (check_place)
                assert_int_equal(bl[i].len > 64 ? bl[i].off : end - bl[i].off, offs[ntr]);
            else
                offs[ntr] = bl[i].len > 64 ? bl[i].off : (u16)(end - bl[i].off);
            ntr++;
            low = PHEAP_FIRST;
            high = end;
            for (k = 0; k < nbl; k++) {
                if (bl[k].live != 1)
                    continue;
                if (bl[k].len > 64 && bl[k].off + bl[k].size > low)
                    low = (u16)(bl[k].off + bl[k].size);
                if (bl[k].len <= 64 && bl[k].off < high)
                    high = bl[k].off;
            }
            if ((u16)(low - PHEAP_FIRST + end - high) > need)
                need = (u16)(low - PHEAP_FIRST + end - high);
            if (n % 64 == 0)
                check_heap();
        } else {
            k = (int)(rnd() % (u32)nbl);
            for (i = 0; i < nbl && bl[(k + i) % nbl].live != 1; i++)
                ;
            if (i < nbl) {
                give((k + i) % nbl);
                nlive--;
            }
        }
        if (nbl == MAXB)
            break;
    }
    trace_need = need;
    assert_int_equal(pools[POOL_HEAP_REC].fails, 0);
    return PHEAP_NEED();
}

static u16 offs[MAXB];

static void gap_mark_sizes_the_heap(void **state)
{
    u16 got, paras;
    u32 seed;

    (void)state;
    for (seed = 1; seed <= 5; seed++) {
        got = run_trace(PHEAP_MAX_PARAS, seed, 0, offs);
        assert_int_equal(got, trace_need);
        assert_true(pheap.gapmin > 0);     /* the heap never ran short */
        teardown(state);
        paras = (u16)(1 + got / 16);
        assert_int_equal(run_trace(paras, seed, 1, offs), got);
        assert_int_equal(pheap.gapmin, 0);
        teardown(state);
    }
    boot(PHEAP_MIN_PARAS, 64);          /* for the teardown */
}

/* Random allocations and frees, some while the lock is held, the heap
 * checked after every heap call. */
static void property(void **state)
{
    int i, k, n;
    u16 len;
    mem_fp_t p, cls[64];
    int ncls = 0, busy;
    u16 fails, b;
    unsigned long nfull = 0;

    (void)state;
    nbl = 0;
    boot(0x400, 64);                    /* 16 KB: often full */
    rnd_state = 99;
    for (n = 0; n < 200000 && nbl < MAXB; n++) {
        k = (int)(rnd() % 100);
        if (k < 50) {
            len = (u16)(rnd() % 3 == 0 ? 60 : 1 + rnd() % MEM_PKT_MAX);
            busy = rnd() % 50 == 0;
            pheap.busy = (u8)busy;
            fails = pools[POOL_HEAP_REC].fails;
            p = pheap_alloc_c(len);
            if (busy) {
                assert_int_equal(pheap.busy, 1);
                pheap.busy = 0;
                assert_true(MEM_FP_SEG(p) != hseg);
            } else if (p == MEM_FP_NULL || MEM_FP_SEG(p) != hseg) {
                /* not placed: no free block holds it */
                assert_int_equal(pools[POOL_HEAP_REC].fails, fails + 1);
                assert_int_equal(pools[POOL_HEAP_REC].head_off, 0);
                for (b = pheap.low; b != 0; b = port_peekw(hseg, (u16)(b + HB_NEXT)))
                    assert_true(port_peekw(hseg, (u16)(b + HB_SIZE)) < blk_size(len));
                nfull++;
            }
            if (p == MEM_FP_NULL)
                continue;
            if (MEM_FP_SEG(p) != hseg) {
                if (ncls < 64)
                    cls[ncls++] = p;
                else
                    assert_int_equal(pool_pkt_free_c(p), MEM_OK);
                continue;
            }
            bl[nbl].off = MEM_FP_OFF(p);
            bl[nbl].size = blk_size(len);
            bl[nbl].len = len;
            bl[nbl].live = 1;
            fill(bl[nbl].off, bl[nbl].size);
            nbl++;
            check_heap();
        } else if (k < 95) {
            for (i = (int)(rnd() % (u32)(nbl + 1)); i < nbl && bl[i].live != 1; i++)
                ;
            if (i < nbl)
                give(i);
            if (rnd() % 10 == 0) {
                assert_int_equal(pheap_putback_c(), 1);
                check_heap();
            }
        } else if (ncls > 0) {
            assert_int_equal(pool_pkt_free_c(cls[--ncls]), MEM_OK);
        }
        /* compact the record now and then */
        if (nbl == MAXB) {
            for (i = k = 0; i < nbl; i++)
                if (bl[i].live == 1)
                    bl[k++] = bl[i];
            nbl = k;
        }
    }
    assert_true(nfull > 100);           /* the full heap was tried */
    for (i = 0; i < nbl; i++)
        if (bl[i].live == 1)
            give(i);
    while (ncls > 0)
        assert_int_equal(pool_pkt_free_c(cls[--ncls]), MEM_OK);
    assert_int_equal(pheap_putback_c(), 1);
    nbl = 0;
    check_heap();
    assert_int_equal(pheap.low, PHEAP_FIRST);
    assert_int_equal(port_peekw(hseg, PHEAP_FIRST + HB_SIZE), heap_end() - PHEAP_FIRST);
    assert_int_equal(mod_pool_check(), MEM_OK);
}

/* struct mem_config's heap words at load: bad ones refused with nothing
 * allocated; a heap set up behind the classes, its entries bound, its
 * figures in mem_pool_stats, its frees put back by the service; the
 * checker sees a broken heap. */
static struct mem_config g_cfg;
static struct mem_pool_stats g_st;

static int load_cfg(u16 paras, u16 top)
{
    memset(&g_cfg, 0, sizeof(g_cfg));
    g_cfg.size = sizeof(g_cfg);
    g_cfg.isr_reserve = 1;
    g_cfg.pkt_count = 3;
    g_cfg.pkt_small_count = 3;
    g_cfg.heap_paras = paras;
    g_cfg.heap_top = top;
    return pool_init_cfg(MEM_FP(port_ds(), port_near(&g_cfg)));
}

static void config_at_load(void **state)
{
    u32 before;
    mem_fp_t p, q;
    u16 seg, lost;

    (void)state;
    nbl = 0;
    boot(64, 64);                       /* a sim; its pools and heap go */
    pool_release();
    arena_release_all();
    memset(&pheap, 0, sizeof(pheap));
    memset(pools, 0, sizeof(pools));
    before = sim_dos_owned_paras(SIM_PSP);
    assert_int_equal(load_cfg(MEM_PKT_HEAP_MIN - 1, 0), MEM_E_INVAL);
    assert_int_equal(load_cfg(MEM_PKT_HEAP_MAX + 1, 0), MEM_E_INVAL);
    assert_int_equal(load_cfg(64, MEM_PKT_MAX + 1), MEM_E_INVAL);
    assert_int_equal(load_cfg(0, 64), MEM_E_INVAL);   /* a top without a heap */
    assert_true(sim_dos_owned_paras(SIM_PSP) == before);
    assert_int_equal(arena_count(), 0);
    pheap_bound = 0;
    assert_int_equal(load_cfg(0, 0), MEM_OK);         /* no heap */
    assert_int_equal(pheap_bound, 0);
    assert_true(pools[POOL_HEAP_REC].index != POOL_HEAP_REC);
    memset(&g_st, 0, sizeof(g_st));
    g_st.size = sizeof(g_st);
    assert_int_equal(mod_pool_stats(MEM_POOL_HEAP, MEM_FP(port_ds(), port_near(&g_st))),
                     MEM_E_INVAL);
    pool_release();
    arena_release_all();
    assert_int_equal(load_cfg(200, 0), MEM_OK);       /* top: pkt_len[0] */
    assert_int_equal(pheap_bound, 1);
    assert_int_equal(pools[POOL_HEAP_REC].index, POOL_HEAP_REC);
    assert_int_equal(pheap.top_len, MEM_DEF_PKT_LEN0);
    hseg = pheap.seg;
    assert_int_equal(pheap.end, PHEAP_FIRST + 199 * 16);
    p = pheap_alloc_c(64);              /* from the top */
    q = pheap_alloc_c(65);              /* from the bottom */
    assert_int_equal(MEM_FP_SEG(p), hseg);
    assert_int_equal(MEM_FP_OFF(p), pheap.end - 112);
    assert_int_equal(MEM_FP_OFF(q), PHEAP_FIRST);
    assert_int_equal(mod_pool_check(), MEM_OK);
    memset(&g_st, 0, sizeof(g_st));
    g_st.size = sizeof(g_st);
    assert_int_equal(mod_pool_stats(MEM_POOL_HEAP, MEM_FP(port_ds(), port_near(&g_st))), MEM_OK);
    assert_int_equal(g_st.stride, 16);
    assert_int_equal(g_st.total, 199 * 16);
    assert_int_equal(g_st.used, 2);
    assert_int_equal(g_st.high, 2);
    assert_int_equal(g_st.low, 199 * 16 - 112 - 128);
    assert_int_equal(g_st.first_seg, hseg);
    assert_int_equal(g_st.arenas, 1);
    assert_int_equal(pool_pkt_free_c(p), MEM_OK);
    assert_int_equal(pool_pkt_free_c(q), MEM_OK);
    assert_true(pools[POOL_HEAP_REC].head_off != 0);
    assert_true(mod_pool_service() >= 0);           /* puts them back */
    assert_int_equal(pools[POOL_HEAP_REC].head_off, 0);
    assert_int_equal(pheap.low, PHEAP_FIRST);
    assert_int_equal(port_peekw(hseg, PHEAP_FIRST + HB_SIZE), 199 * 16);
    assert_int_equal(mod_pool_check(), MEM_OK);
    memset(&g_st, 0, sizeof(g_st));
    g_st.size = sizeof(g_st);
    assert_int_equal(mod_pool_stats(MEM_POOL_HEAP, MEM_FP(port_ds(), port_near(&g_st))), MEM_OK);
    assert_int_equal(g_st.used, 0);
    assert_int_equal(g_st.high, 2);
    /* the checker sees a heap broken in each of its ways */
    seg = hseg;
    p = pheap_alloc_c(600);
    port_pokew(seg, (u16)(MEM_FP_OFF(p) + MEM_PKT_OFF_CAP), 592);    /* a cap off */
    assert_int_equal(mod_pool_check(), MEM_E_CORRUPT);
    port_pokew(seg, (u16)(MEM_FP_OFF(p) + MEM_PKT_OFF_CAP), 656 - (MEM_DEBUG ? 2 : 0));
    assert_int_equal(mod_pool_check(), MEM_OK);
    port_pokew(seg, (u16)(pheap.low + HB_PREV), 16);                /* a link */
    assert_int_equal(mod_pool_check(), MEM_E_CORRUPT);
    port_pokew(seg, (u16)(pheap.low + HB_PREV), 0);
    pheap.busy = 1;                                                 /* a lock left */
    assert_int_equal(mod_pool_check(), MEM_E_CORRUPT);
    pheap.busy = 0;
    pools[POOL_HEAP_REC].room++;                                    /* a count */
    assert_int_equal(mod_pool_check(), MEM_E_CORRUPT);
    pools[POOL_HEAP_REC].room--;
    assert_int_equal(mod_pool_check(), MEM_OK);
    assert_int_equal(pool_pkt_free_c(p), MEM_OK);
    lost = pools[POOL_HEAP_REC].head_off;                          /* a block lost */
    pools[POOL_HEAP_REC].head_off = 0;
    assert_int_equal(mod_pool_check(), MEM_E_CORRUPT);
    pools[POOL_HEAP_REC].head_off = lost;
    assert_int_equal(mod_pool_check(), MEM_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inc_matches_header),
        cmocka_unit_test_teardown(bad_setup, teardown),
        cmocka_unit_test_teardown(placement_and_coalescing, teardown),
        cmocka_unit_test_teardown(busy_lock, teardown),
        cmocka_unit_test_teardown(full_heap_falls_back, teardown),
        cmocka_unit_test_teardown(bad_pointers, teardown),
        cmocka_unit_test_teardown(gap_mark_sizes_the_heap, teardown),
        cmocka_unit_test_teardown(property, teardown),
        cmocka_unit_test_teardown(config_at_load, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, group_teardown);
}
