/*
 * pool_init.c - set up the pools at init (cold: discarded afterwards):
 * the packet classes from struct mem_config, the size tables the fast
 * paths index, and each pool's first arena; mem_pool_service adds and
 * gives back the others at task time.
 */
#include "port.h"
#include "mod_core.h"
#include "arena.h"
#include "pool.h"
#include "pheap.h"
#include "xms_service.h"

#define BS_SUB ((u16)(MEM_DEBUG ? 2 : 0))

/* Blocks per arena mem_pool_service adds (the NASM service reads grow_n):
 * the smallest step with which the service still shrinks a pool back to
 * its load-time size give or take one arena, in at most two arenas, once
 * the load is gone.  The service gives back any arena whose blocks are
 * all free (the load-time one too) while 2 x lowmark blocks stay free
 * besides it and the pool keeps its load-time count; so a step must be
 * at least half the load-time count, at least lowmark and at least
 * 2 x lowmark - count (tests/host/test_pool.c, property_million).  Finer
 * steps would follow demand more closely on the way up but leave more,
 * smaller arenas behind (bench/replay.c measures the default
 * configuration).  Small-object arenas hold at least POOL_SMALL_ARENA_MIN
 * bytes of blocks (their map costs a paragraph and a header each). */
static u16 pool_step(u16 i, u16 stride, u16 count, u16 lowmark)
{
    u16 n = (u16)(count / 2);

    if (n < lowmark)
        n = lowmark;
    if (2u * lowmark > count && n < (u16)(2u * lowmark - count))
        n = (u16)(2u * lowmark - count);
    if (i < POOL_SMALL_CLASSES && (u32)n * stride < POOL_SMALL_ARENA_MIN)
        n = (u16)(POOL_SMALL_ARENA_MIN / stride);
    return n;
}

static void pool_setup(u16 i, u16 stride, u16 count, u16 reserve)
{
    struct pool *pl = &pools[i];
    struct pool_ctl *c = &pool_ctl[i];
    u8 *p = (u8 *)pl;
    u16 k;

    for (k = 0; k < sizeof(*pl); k++)
        p[k] = 0;
    p = (u8 *)c;
    for (k = 0; k < sizeof(*c); k++)
        p[k] = 0;
    pl->index = (u8)i;
    pl->cap = (u16)(stride - BS_SUB);
    c->stride = stride;
    c->bsize = pl->cap;
    if (i >= POOL_PKT_FIRST)
        pl->hpool = (u8)MEM_POOL_PKTC(i - POOL_PKT_FIRST);
    c->res_target = reserve;
    c->lowmark = (u16)(reserve + 2);
    if (i >= POOL_PKT_FIRST && PHEAP_ON()) {
        /* behind a packet heap a class is the heap's interrupt reserve:
         * every block on the reserve list, and the service never grows
         * it (nor shrinks it below its load-time count) */
        c->res_target = count;
        c->lowmark = 0;
    }
    c->grow_n = pool_step(i, stride, count, c->lowmark);
    c->low = 0xFFFFu;
}

/* The size tables: small_tab[s] = the smallest small class serving s
 * bytes (s = 0: none, so that the allocation path needs no test for 0); pkt_tab[b] = the smallest packet class serving every length of
 * bucket b (16 b + 1 .. 16 b + 16, at most MEM_PKT_MAX); the "no class"
 * record where none does.  Each packet class falls back on the next. */
static void pool_tables(void)
{
    u16 s, b, k, top;

    pool_small_tab[0] = (u8)POOL_OFF(POOL_NONE_REC);
    for (s = 1; s <= MEM_SMALL_MAX; s++) {
        pool_small_tab[s] = (u8)POOL_OFF(POOL_NONE_REC);
        for (k = 0; k < POOL_SMALL_CLASSES; k++)
            if (s <= pool_ctl[k].bsize) {
                pool_small_tab[s] = (u8)POOL_OFF(k);
                break;
            }
    }
    for (b = 0; b < POOL_PKT_MAX_TAB; b++) {
        top = (u16)(16 * b + 16);
        if (top > MEM_PKT_MAX)
            top = MEM_PKT_MAX;
        pool_pkt_tab[b] = (u8)POOL_OFF(POOL_NONE_REC);
        for (k = 0; k < pool_npkt; k++)
            if (top <= pool_maxframe(POOL_PKT_FIRST + k)) {
                pool_pkt_tab[b] = (u8)POOL_OFF(POOL_PKT_FIRST + k);
                break;
            }
    }
    for (k = 0; k + 1 < pool_npkt; k++)
        pools[POOL_PKT_FIRST + k].next = POOL_OFF(POOL_PKT_FIRST + k + 1);
}

/* File scope: bccseg.sh keeps a C file's data in text where bcc emits it,
 * and a static inside a function would land between its label and its
 * code. */
static const u16 def_len[MEM_DEF_PKT_CLASSES] = {
    MEM_DEF_PKT_LEN0, MEM_DEF_PKT_LEN1, MEM_DEF_PKT_LEN2
};

int pool_init(u16 small_count, u16 npkt, const u16 *len, const u16 *num,
              u16 isr_reserve)
{
    u16 i, n, k, stride, plen[MEM_PKT_CLASSES_MAX], pnum[MEM_PKT_CLASSES_MAX];
    u8 *p;
    int rc;

    if (npkt > MEM_PKT_CLASSES_MAX)
        return MEM_E_INVAL;
    if (npkt == 0) {
        npkt = MEM_DEF_PKT_CLASSES;
        len = def_len;
    }
    for (k = 0; k < npkt; k++) {
        plen[k] = len[k];
        if (plen[k] == 0 || plen[k] > MEM_PKT_MAX || (k > 0 && plen[k] <= plen[k - 1]))
            return MEM_E_INVAL;
        pnum[k] = num != 0 ? num[k] : 0;
    }
    if (small_count == 0)
        small_count = MEM_DEF_SMALL_COUNT;
    if (isr_reserve == 0)
        isr_reserve = MEM_DEF_ISR_RESERVE;
    for (k = 0; k < npkt; k++)
        if (pnum[k] == 0)
            pnum[k] = PHEAP_ON() ? isr_reserve :
                      k + 1 == npkt ? MEM_DEF_PKT_COUNT : MEM_DEF_PKT_SMALL_COUNT;
    p = (u8 *)&pools[POOL_NONE_REC];
    for (k = 0; k < sizeof(struct pool); k++)
        p[k] = 0;
    pools[POOL_NONE_REC].index = POOL_N;
    pool_corrupt = 0;
    pool_npkt = (u8)npkt;
    for (i = 0; i < POOL_N; i++) {
        if (i >= POOL_PKT_FIRST + npkt) {
            pool_setup(i, 16, 0, 0);        /* not configured: stays empty */
            continue;
        }
        if (i < POOL_SMALL_CLASSES) {
            stride = (u16)(16u << i);
            n = small_count;
            if ((u32)n * stride < POOL_SMALL_ARENA_MIN)
                n = (u16)(POOL_SMALL_ARENA_MIN / stride);
        } else {
            k = (u16)(i - POOL_PKT_FIRST);
            stride = (u16)((plen[k] + MEM_PKT_DATA + BS_SUB + 15) & ~15u);
            n = pnum[k];
        }
        pool_setup(i, stride, n, isr_reserve);
    }
    pool_tables();
    for (i = 0; i < POOL_PKT_FIRST + npkt; i++) {
        n = (u16)(i < POOL_SMALL_CLASSES ? small_count : pnum[i - POOL_PKT_FIRST]);
        if (i < POOL_SMALL_CLASSES && (u32)n * pool_ctl[i].stride < POOL_SMALL_ARENA_MIN)
            n = (u16)(POOL_SMALL_ARENA_MIN / pool_ctl[i].stride);
        /* the first arena takes the whole initial count (several when
         * one would pass 64 KB) */
        while (pool_ctl[i].total < n) {
            rc = pool_grow(i, (u16)(n - pool_ctl[i].total));
            if (rc != MEM_OK) {
                pool_release();
                return rc;
            }
        }
        pool_ctl[i].low = 0xFFFFu;      /* epochs start now (pool.h) */
        pools[i].high = pools[i].room = pool_ctl[i].high_prev = 0;
        pool_ctl[i].min_total = pool_ctl[i].total;
        pool_ctl[i].grows = 0;
    }
    pool_ready = 1;
    mod_pool_service();     /* fill the reserves */
    if (arena_umb_seen)
        mod.info_flags |= MEM_INFO_UMB;
    return MEM_OK;
}

/* pool_init with the fields of struct mem_config (cfg far, 0 = defaults;
 * a field is read only when cfg->size covers it; the v1.01 packet classes
 * need the whole block up to pkt_num).  Wires the XMS UMB hook of
 * arena.c.  Cold. */
int pool_init_cfg(mem_fp_t cfg)
{
    u16 w[17], i, size = 0, npkt, hseg = 0;
    u8 umb, *p;
    int rc;

    arena_xms_umb_get = xms_umb_request;
    arena_xms_umb_put = xms_umb_release;
    if (MEM_FP_SEG(cfg) != 0)
        size = port_peekw(MEM_FP_SEG(cfg), MEM_FP_OFF(cfg));
    for (i = 0; i < 17; i++)
        w[i] = (size >= 6 + 2 * i) ?
            port_peekw(MEM_FP_SEG(cfg), (u16)(MEM_FP_OFF(cfg) + 4 + 2 * i)) : 0;
    /* w[0] small_count, w[1] pkt_count, w[2] pkt_small_count, w[3]
     * isr_reserve, w[6] pkt_classes, w[7..10] pkt_len, w[11..14] pkt_num,
     * w[15] heap_paras, w[16] heap_top */
    npkt = w[6];
    if ((w[15] != 0 && (w[15] < MEM_PKT_HEAP_MIN || w[15] > MEM_PKT_HEAP_MAX)) ||
        w[16] > MEM_PKT_MAX || (w[15] == 0 && w[16] != 0))
        return MEM_E_INVAL;
    if (npkt > MEM_PKT_CLASSES_MAX)
        return MEM_E_INVAL;
    if (npkt == 0) {
        for (i = 7; i < 15; i++)
            if (w[i] != 0)
                return MEM_E_INVAL;     /* classes given without a count */
        w[7] = MEM_DEF_PKT_LEN0;
        w[8] = MEM_DEF_PKT_LEN1;
        w[9] = MEM_DEF_PKT_LEN2;
        npkt = MEM_DEF_PKT_CLASSES;
    } else {
        for (i = (u16)(7 + npkt); i < 11; i++)
            if (w[i] != 0 || w[i + 4] != 0)
                return MEM_E_INVAL;     /* a class beyond the count */
    }
    /* behind a heap a class left at 0 holds isr_reserve buffers
     * (pool_init) */
    for (i = 0; i < npkt; i++)
        if (w[11 + i] == 0)
            w[11 + i] = (u16)(i + 1 == npkt ? (w[1] ? w[1] : w[15] ? 0 : MEM_DEF_PKT_COUNT)
                                            : (w[2] ? w[2] : w[15] ? 0 : MEM_DEF_PKT_SMALL_COUNT));
    p = (u8 *)&pools[POOL_HEAP_REC];
    for (i = 0; i < sizeof(struct pool); i++)
        p[i] = 0;                   /* no heap unless one is set up now */
    if (w[15] != 0) {
        /* the packet heap first (the UMB's first claim): one block taken
         * now, so no DOS call once the driver is resident; the classes
         * behind it are its interrupt reserve (pool_setup) */
        rc = arena_get(w[15], ARENA_UMB_OK, &hseg, &umb);
        if (rc != MEM_OK)
            return rc;
        rc = pheap_init(hseg, w[15], w[16] != 0 ? w[16] : w[7]);
        if (rc != MEM_OK) {
            arena_put(hseg);
            return rc;
        }
        if (umb)
            port_pokeb(hseg, AH_FLAGS, AF_UMB);
    }
    rc = pool_init(w[0], npkt, &w[7], &w[11], w[3]);
    if (rc != MEM_OK) {
        if (w[15] != 0) {
            pools[POOL_HEAP_REC].index = 0;
            arena_put(hseg);
        }
        return rc;
    }
    if (w[15] != 0)
        pheap_bind();
    return MEM_OK;
}
