/*
 * test_pool.c - the pools (pool.c, pool_small_c.c, pool_list_c.c,
 * pool_svc.c, pool_init.c; src/port/host/pool_host.c) on the simulated
 * PC: pool_fast.inc agrees with pool.h; a property test over a million
 * random allocations and frees of small objects and packet buffers with
 * the service growing and shrinking the pools; bad input gets its named
 * error, is counted and changes nothing; unload gives every block back.
 *
 * Every check of a block is made here from the far pointer and the
 * simulator's DOS blocks, not with the pools' own arithmetic.
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
#include "inc_check.h"

static u32 owned_before;
static u16 owner[0x11000];          /* paragraph -> 1 + live slot */

static u32 rnd_state = 2024;
static u32 rnd(void)
{
    rnd_state = rnd_state * 1103515245UL + 12345UL;
    return (rnd_state >> 8) & 0xFFFFFFUL;
}

static mem_fp_t near_fp(const void *p)
{
    return MEM_FP(port_ds(), port_near(p));
}

/* The default packet classes (64 / 592 / 1514): pkt buffers of the
 * largest, pkt_small of each other. */
static void boot(u8 umb, u16 small, u16 pkt, u16 pkt_small, u16 res)
{
    struct sim_config c;
    u16 num[MEM_DEF_PKT_CLASSES];

    sim_config_default(&c);
    c.umb = umb;
    sim_reset(&c);
    memset(arena_tab, 0, sizeof(arena_tab));
    memset(pools, 0, sizeof(pools));
    memset(pool_ctl, 0, sizeof(pool_ctl));
    memset(&mod, 0, sizeof(mod));
    mod.initialised = 1;
    mod.dos_version = c.dos_version;
    arena_xms_umb_get = 0;
    arena_xms_umb_put = 0;
    arena_umb_seen = 0;
    owned_before = sim_dos_owned_paras(SIM_PSP);
    num[0] = num[1] = pkt_small;
    num[2] = pkt;
    assert_int_equal(pool_init(small, 0, 0, num, res), MEM_OK);
    assert_int_equal(mod_pool_check(), MEM_OK);
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

static struct mem_pool_stats g_st;
static void stats(u16 pool, struct mem_pool_stats *st)
{
    memset(&g_st, 0, sizeof(g_st));
    g_st.size = sizeof(g_st);
    assert_int_equal(mod_pool_stats(pool, near_fp(&g_st)), MEM_OK);
    *st = g_st;
}

/* ------------------------------------------------ pool_fast.inc vs pool.h */

/* struct mem_pool_stats's offsets (pool_fast.inc's ST_*) */
#define ST(name, field) { #name, (long)offsetof(struct mem_pool_stats, field) }
static const struct inc_name inc_names[] = {
    N(PL_HEAD_OFF), N(PL_HEAD_SEG), N(PL_RES_OFF), N(PL_RES_SEG), N(PL_ROOM),
    N(PL_HIGH), N(PL_FAILS), N(PL_BAD), N(PL_NRES), N(PL_NEXT), N(PL_CAP),
    N(PL_HPOOL), N(PL_INDEX), N(PL_SIZE),
    N(AH_SIG), N(AH_HOT), N(AH_END), N(AH_FIRST), N(AH_NBLOCKS), N(AH_NEXT),
    N(AH_POOL), N(AH_FLAGS), N(AH_CHECK), N(AH_MAP),
    N(ARENA_SIG_SMALL), N(ARENA_SIG_PKT), N(ARENA_CHECK), N(PM_NONE), N(PM_BLOCK_FREE), N(PM_BLOCK_USED),
    N(FB_NEXT_OFF), N(FB_NEXT_SEG), N(FB_PARA), N(FB_KEEP), N(PKT_CHECK), N(PKT_KEEP),
    N(POOL_SMALL_CLASSES), N(POOL_PKT_FIRST), N(POOL_N), N(POOL_NONE_REC), N(POOL_HEAP_REC), N(POOL_RECS),
    N(POOL_PKT_MAX_TAB), N(POOL_POISON), N(POOL_GUARD), N(AF_UMB),
    N(POOL_SMALL_ARENA_MIN), N(POOL_MAX_ARENA_BYTES), N(POOL_MAX_TOTAL),
    N(CTL_STRIDE), N(CTL_BSIZE), N(CTL_ARENAS), N(CTL_NARENAS), N(CTL_TOTAL),
    N(CTL_LOW), N(CTL_HIGH_PREV), N(CTL_GROWS), N(CTL_SHRINKS), N(CTL_RES_TARGET),
    N(CTL_LOWMARK), N(CTL_GROW_N), N(CTL_MIN_TOTAL), N(CTL_SIZE),
    N(MEM_SMALL_MAX), N(MEM_PKT_DATA), N(MEM_PKT_MAX), N(MEM_PKT_MAGIC),
    N(MEM_PKT_OFF_LEN), N(MEM_PKT_OFF_DATA), N(MEM_PKT_OFF_CAP),
    N(MEM_PKT_OFF_REF), N(MEM_PKT_OFF_POOL), N(MEM_PKT_OFF_MAGIC), N(MEM_PKT_OFF_CHECK),
    N(MEM_OK), N(MEM_E_BADPTR), N(MEM_E_DOUBLEFREE), N(MEM_E_WRONGPOOL),
    N(MEM_E_CORRUPT), N(MEM_E_LIMIT),
    ST(ST_BLOCK, block), ST(ST_STRIDE, stride), ST(ST_TOTAL, total), ST(ST_USED, used),
    ST(ST_HIGH, high), ST(ST_LOW, low), ST(ST_FAILS, fails), ST(ST_BAD, bad),
    ST(ST_GROWS, grows), ST(ST_SHRINKS, shrinks), ST(ST_ARENAS, arenas),
    ST(ST_UMB, umb_arenas), ST(ST_RESERVE, reserve), ST(ST_FIRST, first_seg),
    { "ST_SIZE", (long)sizeof(struct mem_pool_stats) },
};

/* mod_state's offsets, as mod_core.inc gives them to the NASM code. */
#define MS_INITIALISED  offsetof(struct mod_state, initialised)
#define MS_CPU          offsetof(struct mod_state, cpu)
#define MS_V86          offsetof(struct mod_state, v86)
#define MS_SEALED       offsetof(struct mod_state, sealed)
#define MS_DOS_VERSION  offsetof(struct mod_state, dos_version)
#define MS_RESIDENT     offsetof(struct mod_state, resident_bytes)
#define MS_INIT_BYTES   offsetof(struct mod_state, init_bytes)
#define MS_INFO_FLAGS   offsetof(struct mod_state, info_flags)
#define MS_CFG_FLAGS    offsetof(struct mod_state, cfg_flags)
#define MS_SIZE         sizeof(struct mod_state)
#define ARENA_ENT_SIZE  sizeof(struct arena_ent)

static const struct inc_name core_names[] = {
    N(MS_INITIALISED), N(MS_CPU), N(MS_V86), N(MS_SEALED), N(MS_DOS_VERSION),
    N(MS_RESIDENT), N(MS_INIT_BYTES), N(MS_INFO_FLAGS), N(MS_CFG_FLAGS), N(MS_SIZE),
    N(MEM_CFG_NO_XMS), N(MEM_CFG_NO_UMB), N(MEM_INFO_UMB),
    N(ARENA_MAX), N(ARENA_UMB_OK), N(ARENA_CONV_ONLY), N(ARENA_UMB_SEG),
    N(ARENA_SRC_CONV), N(ARENA_SRC_DOSUMB), N(ARENA_SRC_XMSUMB), N(ARENA_ENT_SIZE),
    N(MEM_E_INVAL), N(MEM_E_NOMEM), N(MEM_E_STATE), N(MEM_E_HANDLES), N(MEM_E_DOS),
};


static void inc_matches_header(void **state)
{
    (void)state;
    inc_file_matches("src/modules/mempool/pool_fast.inc", inc_names,
                     sizeof(inc_names) / sizeof(inc_names[0]));
    inc_file_matches("src/modules/mempool/mod_core.inc", core_names,
                     sizeof(core_names) / sizeof(core_names[0]));
    /* and pool.h's offsets are the struct's */
    assert_int_equal(offsetof(struct pool, head_off), PL_HEAD_OFF);
    assert_int_equal(offsetof(struct pool, head_seg), PL_HEAD_SEG);
    assert_int_equal(offsetof(struct pool, res_off), PL_RES_OFF);
    assert_int_equal(offsetof(struct pool, res_seg), PL_RES_SEG);
    assert_int_equal(offsetof(struct pool, room), PL_ROOM);
    assert_int_equal(offsetof(struct pool, high), PL_HIGH);
    assert_int_equal(offsetof(struct pool, fails), PL_FAILS);
    assert_int_equal(offsetof(struct pool, bad), PL_BAD);
    assert_int_equal(offsetof(struct pool, nres), PL_NRES);
    assert_int_equal(offsetof(struct pool, next), PL_NEXT);
    assert_int_equal(offsetof(struct pool, cap), PL_CAP);
    assert_int_equal(offsetof(struct pool, hpool), PL_HPOOL);
    assert_int_equal(offsetof(struct pool, index), PL_INDEX);
    assert_int_equal(sizeof(struct pool), PL_SIZE);
    assert_int_equal(offsetof(struct pool_ctl, stride), CTL_STRIDE);
    assert_int_equal(offsetof(struct pool_ctl, bsize), CTL_BSIZE);
    assert_int_equal(offsetof(struct pool_ctl, arenas), CTL_ARENAS);
    assert_int_equal(offsetof(struct pool_ctl, narenas), CTL_NARENAS);
    assert_int_equal(offsetof(struct pool_ctl, total), CTL_TOTAL);
    assert_int_equal(offsetof(struct pool_ctl, low), CTL_LOW);
    assert_int_equal(offsetof(struct pool_ctl, high_prev), CTL_HIGH_PREV);
    assert_int_equal(offsetof(struct pool_ctl, grows), CTL_GROWS);
    assert_int_equal(offsetof(struct pool_ctl, shrinks), CTL_SHRINKS);
    assert_int_equal(offsetof(struct pool_ctl, res_target), CTL_RES_TARGET);
    assert_int_equal(offsetof(struct pool_ctl, lowmark), CTL_LOWMARK);
    assert_int_equal(offsetof(struct pool_ctl, grow_n), CTL_GROW_N);
    assert_int_equal(offsetof(struct pool_ctl, min_total), CTL_MIN_TOTAL);
    assert_int_equal(sizeof(struct pool_ctl), CTL_SIZE);
}

/* ------------------------------------------------------ property test */

#define NLIVE 400

struct live {
    mem_fp_t p;
    u16 pool;
    u16 stride;
    u16 tag;
    u8 pkt;
    u8 refs;
};
static struct live lv[NLIVE];
static u16 nlive;
static u16 per_pool[POOL_N];

/* The public index (memory_api.h) of internal pool i. */
static u16 pub(u16 i)
{
    return (u16)(i < POOL_PKT_FIRST ? i : MEM_POOL_PKTC(i - POOL_PKT_FIRST));
}

static u32 lin(mem_fp_t p)
{
    return ((u32)MEM_FP_SEG(p) << 4) + MEM_FP_OFF(p);
}

/* The block lies inside one arena of its pool, past the arena's map. */
static int inside_arena(mem_fp_t p, u16 stride)
{
    u16 i, seg = MEM_FP_SEG(p);
    for (i = 0; i < ARENA_MAX; i++)
        if (arena_tab[i].seg == seg)
            return MEM_FP_OFF(p) >= AH_MAP &&
                   (u32)MEM_FP_OFF(p) + stride <= ((u32)arena_tab[i].paras << 4);
    return 0;
}

static void claim(u16 slot)
{
    u32 a = lin(lv[slot].p) >> 4, k;
    assert_true((lin(lv[slot].p) & 15) == 0);
    for (k = 0; k < (u32)lv[slot].stride / 16; k++) {
        if (owner[a + k] != 0)
            fail_msg("block %04X:%04X overlaps live slot %u", MEM_FP_SEG(lv[slot].p),
                     MEM_FP_OFF(lv[slot].p), owner[a + k] - 1);
        owner[a + k] = (u16)(slot + 1);
    }
}

static void unclaim(u16 slot)
{
    u32 a = lin(lv[slot].p) >> 4, k;
    for (k = 0; k < (u32)lv[slot].stride / 16; k++) {
        assert_int_equal(owner[a + k], slot + 1);
        owner[a + k] = 0;
    }
}

/* The owner's bytes: a tag at the start (small) or in the frame (packet)
 * and in the last word; checked when the block is given back. */
static u16 tag_off(u16 slot)
{
    return (u16)(MEM_FP_OFF(lv[slot].p) + (lv[slot].pkt ? MEM_PKT_DATA : 0));
}

static void put_tags(u16 slot)
{
    u16 seg = MEM_FP_SEG(lv[slot].p);
    port_pokew(seg, tag_off(slot), lv[slot].tag);
    port_pokew(seg, (u16)(MEM_FP_OFF(lv[slot].p) + pool_ctl[lv[slot].pool].bsize - 2),
               (u16)~lv[slot].tag);
}

static void check_tags(u16 slot)
{
    u16 seg = MEM_FP_SEG(lv[slot].p);
    assert_int_equal(port_peekw(seg, tag_off(slot)), lv[slot].tag);
    assert_int_equal(port_peekw(seg, (u16)(MEM_FP_OFF(lv[slot].p) +
                                           pool_ctl[lv[slot].pool].bsize - 2)),
                     (u16)~lv[slot].tag);
}

static void add_live(mem_fp_t p, u16 pool, u8 pkt)
{
    u16 slot = nlive++;
    lv[slot].p = p;
    lv[slot].pool = pool;
    lv[slot].stride = pool_ctl[pool].stride;
    lv[slot].tag = (u16)rnd();
    lv[slot].pkt = pkt;
    lv[slot].refs = 1;
    assert_true(inside_arena(p, lv[slot].stride));
    claim(slot);
    put_tags(slot);
    per_pool[pool]++;
}

static void drop_live(u16 slot)
{
    u16 last = (u16)(nlive - 1), k;
    unclaim(slot);
    per_pool[lv[slot].pool]--;
    if (slot != last) {
        unclaim(last);
        lv[slot] = lv[last];
        /* re-own the moved entry's paragraphs under its new slot */
        for (k = 0; k < lv[slot].stride / 16; k++)
            owner[(lin(lv[slot].p) >> 4) + k] = (u16)(slot + 1);
    }
    nlive--;
}

static u16 small_class(u16 size)
{
    u16 c;
    for (c = 0; c < POOL_SMALL_CLASSES; c++)
        if (size <= (u16)(16u << c) - (MEM_DEBUG ? 2 : 0))
            return c;
    return POOL_NONE_REC;
}

static void check_stats(void)
{
    struct mem_pool_stats st;
    u16 i, a, blocks;

    for (i = 0; i < POOL_PKT_FIRST + pool_npkt; i++) {
        stats(pub(i), &st);
        assert_int_equal(st.used, per_pool[i]);
        assert_true(st.high >= st.used);
        assert_true(st.low <= st.total - st.used);
        assert_true(st.high <= st.total || st.grows + st.shrinks > 0);
        for (a = pool_ctl[i].arenas, blocks = 0; a != 0; a = port_peekw(a, AH_NEXT))
            blocks = (u16)(blocks + port_peekw(a, AH_NBLOCKS));
        assert_int_equal(st.total, blocks);
        assert_int_equal(st.arenas, pool_ctl[i].narenas);
    }
}

static void property_million(void **state)
{
    u32 op, n_alloc = 0, n_free = 0, n_fail = 0, n_ref = 0, calls = 0;
    u16 i, size, slot, pool, grows = 0, shrinks = 0;
    mem_fp_t p;
    int rc, r;
    struct mem_pool_stats st;
    (void)state;

    boot(SIM_UMB_DOS, 16, 8, 8, 4);
    memset(owner, 0, sizeof(owner));
    memset(per_pool, 0, sizeof(per_pool));
    nlive = 0;
    for (op = 0; calls < 1000000UL; op++) {
        r = (int)(rnd() % 100);
        /* phases: fill up to a varying level, then drain */
        if ((op / 20000) % 2 == 0 ? r < 60 : r < 35) {
            if (nlive >= NLIVE)
                continue;
            calls++;
            if (rnd() % 2) {
                size = (u16)(1 + rnd() % MEM_SMALL_MAX);
                p = pool_small_alloc_c(size);
                pool = small_class(size);
                if (p == MEM_FP_NULL) {
                    n_fail++;
                    continue;
                }
                assert_int_equal(port_peekb(MEM_FP_SEG(p), AH_POOL), pool);
                add_live(p, pool, 0);
            } else {
                size = (u16)(rnd() % 4 ? 1 + rnd() % MEM_DEF_PKT_LEN1
                                       : 1 + rnd() % MEM_PKT_MAX);
                p = pool_pkt_alloc_c(size);
                if (p == MEM_FP_NULL) {
                    n_fail++;
                    continue;
                }
                pool = port_peekb(MEM_FP_SEG(p), (u16)(MEM_FP_OFF(p) + MEM_PKT_OFF_POOL));
                assert_true(pool >= MEM_POOL_PKTC(0) && pool < MEM_POOL_PKTC(pool_npkt));
                pool = (u16)(pool - MEM_POOL_PKTC(0) + POOL_PKT_FIRST);
                assert_int_equal(port_peekb(MEM_FP_SEG(p), AH_POOL), pool);
                assert_int_equal(port_peekw(MEM_FP_SEG(p), (u16)(MEM_FP_OFF(p) + MEM_PKT_OFF_LEN)), size);
                assert_true(size + MEM_PKT_DATA <=
                            port_peekw(MEM_FP_SEG(p), (u16)(MEM_FP_OFF(p) + MEM_PKT_OFF_CAP)));
                assert_int_equal(port_peekw(MEM_FP_SEG(p), (u16)(MEM_FP_OFF(p) + MEM_PKT_OFF_MAGIC)),
                                 MEM_PKT_MAGIC);
                add_live(p, pool, 1);
            }
            n_alloc++;
        } else if (nlive > 0) {
            slot = (u16)(rnd() % nlive);
            check_tags(slot);
            calls++;
            if (lv[slot].pkt) {
                if (rnd() % 8 == 0 && lv[slot].refs < 3) {
                    assert_int_equal(pool_pkt_ref_c(lv[slot].p), lv[slot].refs + 1);
                    lv[slot].refs++;
                    n_ref++;
                    continue;
                }
                rc = pool_pkt_free_c(lv[slot].p);
                assert_int_equal(rc, lv[slot].refs - 1);
                if (--lv[slot].refs != 0)
                    continue;
            } else {
                assert_int_equal(pool_small_free_c(lv[slot].p), MEM_OK);
            }
            drop_live(slot);
            n_free++;
        }
        if (op % 64 == 0) {
            rc = mod_pool_service();
            assert_true(rc >= 0 || rc == MEM_E_NOMEM);
        }
        if (op % 50000 == 0) {
            assert_int_equal(mod_pool_check(), MEM_OK);
            check_stats();
        }
    }
    assert_int_equal(mod_pool_check(), MEM_OK);
    check_stats();
    while (nlive > 0) {
        slot = (u16)(nlive - 1);
        check_tags(slot);
        if (lv[slot].pkt) {
            while (lv[slot].refs-- > 1)
                assert_true(pool_pkt_free_c(lv[slot].p) > 0);
            assert_int_equal(pool_pkt_free_c(lv[slot].p), 0);
        } else {
            assert_int_equal(pool_small_free_c(lv[slot].p), MEM_OK);
        }
        drop_live(slot);
    }
    while (mod_pool_service() > 0)
        ;
    assert_int_equal(mod_pool_check(), MEM_OK);
    for (i = 0; i < POOL_PKT_FIRST + pool_npkt; i++) {
        stats(pub(i), &st);
        assert_int_equal(st.used, 0);
        /* shrunk back to the first size, give or take one arena (the
         * service keeps total >= min_total; arenas differ in size) */
        assert_true(st.total >= pool_ctl[i].min_total);
        assert_true(st.total <= pool_ctl[i].min_total + pool_ctl[i].grow_n);
        assert_true(st.arenas <= 2);
        grows = (u16)(grows + st.grows);
        shrinks = (u16)(shrinks + st.shrinks);
    }
    for (op = 0; op < sizeof(owner) / sizeof(owner[0]); op++)
        assert_int_equal(owner[op], 0);
    print_message("  %lu allocations, %lu frees, %lu refs, %lu empty, %u grows, %u shrinks\n",
                  (unsigned long)n_alloc, (unsigned long)n_free, (unsigned long)n_ref,
                  (unsigned long)n_fail, grows, shrinks);
    assert_true(calls >= 1000000UL);   /* every alloc, free and ref call */
    assert_true(grows > 0 && shrinks > 0);
}

/* --------------------------------------------------------- bad input */

static struct pool snap[POOL_RECS];

static void take_snap(void)
{
    memcpy(snap, pools, sizeof(pools));
}

/* Nothing changed but the one counter named (internal pool, or
 * POOL_NONE_REC: pool_bad_none). */
static void same_but_count(u16 pool)
{
    if (pool == POOL_NONE_REC)
        snap[POOL_NONE_REC].fails++;
    else
        snap[pool].bad++;
    assert_memory_equal(snap, pools, sizeof(pools));
    assert_int_equal(mod_pool_check(), MEM_OK);
}

static void bad_input(void **state)
{
    mem_fp_t s, k, k2;
    u16 local = 0, used;
    int i;
    (void)state;

    boot(SIM_UMB_NONE, 0, 0, 0, 0);
    s = pool_small_alloc_c(20);
    k = pool_pkt_alloc_c(60);
    assert_true(s != MEM_FP_NULL && k != MEM_FP_NULL);

    take_snap();
    assert_true(pool_small_alloc_c(0) == MEM_FP_NULL);
    same_but_count(POOL_NONE_REC);
    take_snap();
    assert_true(pool_small_alloc_c(MEM_SMALL_MAX + 1) == MEM_FP_NULL);
    same_but_count(POOL_NONE_REC);
    take_snap();
    assert_true(pool_small_alloc_c(0xFFFF) == MEM_FP_NULL);
    same_but_count(POOL_NONE_REC);
    take_snap();
    assert_true(pool_pkt_alloc_c(0) == MEM_FP_NULL);
    same_but_count(POOL_NONE_REC);
    take_snap();
    assert_true(pool_pkt_alloc_c(MEM_PKT_MAX + 1) == MEM_FP_NULL);
    same_but_count(POOL_NONE_REC);

    /* pointers never handed out */
    take_snap();
    assert_int_equal(pool_small_free_c(MEM_FP_NULL), MEM_E_BADPTR);
    same_but_count(POOL_NONE_REC);
    take_snap();
    assert_int_equal(pool_small_free_c(near_fp(&local)), MEM_E_BADPTR);
    same_but_count(POOL_NONE_REC);
    take_snap();
    assert_int_equal(pool_small_free_c(s + 2), MEM_E_BADPTR);      /* inside */
    same_but_count(POOL_NONE_REC);
    take_snap();
    assert_int_equal(pool_small_free_c(MEM_FP(MEM_FP_SEG(s), 0)), MEM_E_BADPTR);
    same_but_count(POOL_NONE_REC);
    take_snap();
    assert_int_equal(pool_small_free_c(MEM_FP(MEM_FP_SEG(s) + 1, MEM_FP_OFF(s) - 16)),
                     MEM_E_BADPTR);                                  /* alias */
    same_but_count(POOL_NONE_REC);
    take_snap();
    assert_int_equal(pool_pkt_free_c(MEM_FP(0x9000, 0x10)), MEM_E_BADPTR);
    same_but_count(POOL_NONE_REC);
    take_snap();
    assert_int_equal(pool_pkt_ref_c(k + 16), MEM_E_BADPTR);
    same_but_count(POOL_NONE_REC);

    /* wrong pool */
    take_snap();
    assert_int_equal(pool_pkt_free_c(s), MEM_E_WRONGPOOL);
    same_but_count(MEM_POOL_S32);
    take_snap();
    assert_int_equal(pool_small_free_c(k), MEM_E_WRONGPOOL);
    same_but_count(POOL_PKT_FIRST);

    /* double free */
    assert_int_equal(pool_small_free_c(s), MEM_OK);
    assert_int_equal(pool_pkt_free_c(k), 0);
    take_snap();
    assert_int_equal(pool_small_free_c(s), MEM_E_DOUBLEFREE);
    same_but_count(MEM_POOL_S32);
    take_snap();
    assert_int_equal(pool_pkt_free_c(k), MEM_E_DOUBLEFREE);
    same_but_count(POOL_PKT_FIRST);
    take_snap();
    assert_int_equal(pool_pkt_ref_c(k), MEM_E_DOUBLEFREE);
    same_but_count(POOL_PKT_FIRST);

    /* reference limit */
    k2 = pool_pkt_alloc_c(1500);
    assert_int_equal(port_peekb(MEM_FP_SEG(k2), (u16)(MEM_FP_OFF(k2) + MEM_PKT_OFF_POOL)),
                     MEM_POOL_PKTC(pool_npkt - 1));
    for (i = 2; i <= 255; i++)
        assert_int_equal(pool_pkt_ref_c(k2), i);
    take_snap();
    assert_int_equal(pool_pkt_ref_c(k2), MEM_E_LIMIT);
    assert_memory_equal(snap, pools, sizeof(pools));
    for (i = 254; i >= 0; i--)
        assert_int_equal(pool_pkt_free_c(k2), i);

    /* a stale pointer into an arena given back */
    used = POOL_USED(&pools[MEM_POOL_S32]);
    assert_int_equal(used, 0);
    assert_int_equal(mod_pool_check(), MEM_OK);
}

static void exhaust_grow_shrink(void **state)
{
    static mem_fp_t got[400];
    struct mem_pool_stats st;
    u16 n = 0, total0, i;
    (void)state;

    boot(SIM_UMB_DOS, 16, 8, 8, 4);
    stats(MEM_POOL_S64, &st);
    total0 = st.total;
    assert_int_equal(st.reserve, 4);
    assert_true(st.umb_arenas == st.arenas);        /* UMBs first */
    while ((got[n] = pool_small_alloc_c(60)) != MEM_FP_NULL)
        n++;
    assert_int_equal(n, total0);                    /* reserve included */
    stats(MEM_POOL_S64, &st);
    assert_int_equal(st.fails, 1);
    assert_int_equal(st.low, 0);
    assert_int_equal(st.high, n);
    assert_true(mod_pool_service() > 0);            /* grows */
    stats(MEM_POOL_S64, &st);
    assert_int_equal(st.grows, 1);
    assert_true(st.total > total0);
    assert_int_equal(st.low, 0);                    /* kept across the epoch */
    assert_int_equal(st.high, n);
    while ((got[n] = pool_small_alloc_c(60)) != MEM_FP_NULL && n < 399)
        n++;
    for (i = 0; i < n; i++)
        assert_int_equal(pool_small_free_c(got[i]), MEM_OK);
    while (mod_pool_service() > 0)
        ;
    stats(MEM_POOL_S64, &st);
    assert_int_equal(st.used, 0);
    assert_true(st.shrinks >= 1);
    assert_int_equal(st.total, total0);
    assert_int_equal(st.high, n);
    assert_int_equal(st.low, 0);
    assert_int_equal(mod_pool_check(), MEM_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inc_matches_header),
        cmocka_unit_test_teardown(bad_input, teardown),
        cmocka_unit_test_teardown(exhaust_grow_shrink, teardown),
        cmocka_unit_test_teardown(property_million, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, group_teardown);
}
