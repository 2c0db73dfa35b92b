/*
 * pool.h - MEMPOOL's fixed-size pools (module-internal).  The public side
 * is memory_api.h, section "pools and packet buffers".
 *
 * A pool is a LIFO free list of blocks threaded through the blocks, plus
 * a reserve list of a few blocks that allocation falls back on when the
 * main list is empty (it keeps interrupt-time allocation working while
 * mem_pool_service detaches the main list to give an arena back, and
 * between two service runs).  Blocks live in arenas (arena.h), each arena
 * one DOS block holding one pool's blocks behind a 16-byte header and an
 * in-use bitmap.  Free and packet-reference checks read the arena header
 * at seg:0000 of the pointer, so a bad pointer is an O(1) named error.
 *
 * Every structure here is shared with pool_fast.asm (pool_fast.inc has
 * the same offsets; pool.c checks its side at compile time and
 * tests/host/test_pool.c compares the two files).
 */
#ifndef POOL_H
#define POOL_H

#include "port.h"

#ifndef MEM_DEBUG
#define MEM_DEBUG 0     /* 1: guard words, poison, use-after-free checks */
#endif

/* Per pool, in module data (struct pool, 44 bytes).
 *
 * Who writes what (the fast paths run at any time, the service at task
 * time only):
 *   head, res         list changes inside one PUSHF/CLI ... POPF window
 *   used, fails, bad, nres
 *                     single read-modify-write instructions (INC/DEC m),
 *                     which an interrupt cannot split on one CPU
 *   high              the fast paths' high-water mark of used since total
 *                     last changed (an epoch), raised lock-free by XCHG on
 *                     the free path from used as it was before the block
 *                     went back: a peak of used ends at a free, so high and
 *                     used together see every peak (the alloc path only
 *                     counts used)
 *   high_prev, low, total, grows, shrinks, arenas, narenas ...
 *                     task time only; when total changes the service folds
 *                     the epoch into high_prev and low (pool_epoch), so the
 *                     fast paths never look at total.
 * Reported figures: high = max(high_prev, high, used); low (fewest free
 * blocks seen) = min(low, total - max(high, used)). */
#define PL_HEAD_OFF   0     /* main free list: far pointer, off 0 = empty */
#define PL_HEAD_SEG   2
#define PL_RES_OFF    4     /* reserve list */
#define PL_RES_SEG    6
#define PL_USED       8     /* blocks handed out */
#define PL_HIGH       10    /* most in use at once in this epoch */
#define PL_LOW        12    /* fewest free in earlier epochs (FFFFh: none) */
#define PL_TOTAL      14    /* blocks in all arenas */
#define PL_FAILS      16
#define PL_BAD        18
#define PL_GROWS      20
#define PL_SHRINKS    22
#define PL_STRIDE     24    /* bytes per block (paragraph multiple) */
#define PL_BSIZE      26    /* usable bytes per block */
#define PL_ARENAS     28    /* first arena segment, 0 = none */
#define PL_NRES       30    /* blocks on the reserve list */
#define PL_RES_TARGET 32    /* reserve list size kept by the service */
#define PL_LOWMARK    34    /* grow when free < lowmark */
#define PL_GROW_N     36    /* blocks per added arena */
#define PL_NARENAS    38
#define PL_MIN_TOTAL  40    /* the service never shrinks below this */
#define PL_HIGH_PREV  42    /* most in use at once in earlier epochs */
#define PL_SIZE       44

struct pool {
    u16 head_off;   /* +0  */
    u16 head_seg;   /* +2  */
    u16 res_off;    /* +4  */
    u16 res_seg;    /* +6  */
    u16 used;       /* +8  */
    u16 high;       /* +10 */
    u16 low;        /* +12 */
    u16 total;      /* +14 */
    u16 fails;      /* +16 */
    u16 bad;        /* +18 */
    u16 grows;      /* +20 */
    u16 shrinks;    /* +22 */
    u16 stride;     /* +24 */
    u16 bsize;      /* +26 */
    u16 arenas;     /* +28 */
    u16 nres;       /* +30 */
    u16 res_target; /* +32 */
    u16 lowmark;    /* +34 */
    u16 grow_n;     /* +36 */
    u16 narenas;    /* +38 */
    u16 min_total;  /* +40 */
    u16 high_prev;  /* +42 */
};                  /* 44 bytes */

/* Arena header at arena_seg:0000 (16 bytes), then the in-use bitmap
 * (bit i of byte AH_MAP + i/8 = block i handed out), padding to a
 * paragraph, then the blocks at AH_FIRST + i * stride. */
#define AH_SIG        0     /* ARENA_SIG */
#define AH_POOL       2     /* u8 pool index */
#define AH_FLAGS      3     /* u8 AF_* */
#define AH_STRIDE     4
#define AH_FIRST      6     /* offset of block 0 */
#define AH_NBLOCKS    8
#define AH_RESV       10    /* 0 (blocks in use: count the map's bits) */
#define AH_NEXT       12    /* next arena of the pool, 0 = last */
#define AH_CHECK      14    /* seg ^ ARENA_CHECK: a copy elsewhere fails */
#define AH_MAP        16
#define ARENA_SIG     0x4D50u   /* "PM" */
#define ARENA_CHECK   0x5AA5u
#define AF_UMB        0x01u

/* A block on a free list: link, then where its in-use bit is. */
#define FB_NEXT_OFF   0
#define FB_NEXT_SEG   2
#define FB_MAP_OFF    4     /* arena offset of its bitmap byte */
#define FB_MASK       6     /* u8 its bit */
#define FB_KEEP       8     /* bytes the debug poison leaves alone */

#define POOL_SMALL_CLASSES 5
#define POOL_PKT_SMALL_STRIDE 384
#define POOL_PKT_STRIDE       1568
#define POOL_SMALL_ARENA_MIN  1024  /* bytes of blocks per small arena */
#define POOL_MAX_ARENA_BYTES  0xFF00u

#define POOL_POISON   0xDBu     /* debug: free block fill */
#define POOL_GUARD    0xC0DEu   /* debug: last word of every block */

extern struct pool pools[MEM_POOL_COUNT];
extern u16 pool_bad_none;       /* size errors (MEM_POOL_NONE record) */
extern u8  pool_ready;          /* pools set up by pool_init */


/* C twins of pool_fast.asm (same contract; host tests use them).
 * pool.c: take, give, the pointer checks and mem_pkt_ref's twin;
 * pool_small_c.c: the small-object twins; pool_list_c.c: the list
 * operations; src/port/host/pool_host.c: pool_pkt_alloc_c and
 * pool_pkt_free_c, because on DOS pool_fast.asm defines those two names
 * (near entries into its fast paths, for the module's task-time C such as
 * xms_park.c).  So nothing on DOS references a C twin and ld86 leaves
 * them all out of MEMPOOL.MOD. */
mem_fp_t pool_small_alloc_c(u16 size);
int      pool_small_free_c(mem_fp_t p);
mem_fp_t pool_pkt_alloc_c(u16 len);
int      pool_pkt_free_c(mem_fp_t p);
int      pool_pkt_ref_c(mem_fp_t p);
mem_fp_t pool_take_c(struct pool *pl);
int      pool_give_c(struct pool *pl, u16 seg, u16 off, u16 moff, u8 mask);
int      pool_check_ptr_c(mem_fp_t p, u16 *pi, u16 *moff, u8 *mask);
int      pool_guard_ok_c(struct pool *pl, u16 seg, u16 off);
int      pool_pkt_check_c(mem_fp_t p, u16 *pi, u16 *moff, u8 *mask);

/* Interrupt-safe list operations for the task-time code: pool_fast.asm
 * on DOS; on the host src/port/host/pool_host.c maps them to the C twins
 * (pool_list_c.c).  Each keeps interrupts off for one short window. */
u32  pool_pop_main(struct pool *pl);        /* raw pop of the main list */
void pool_push_res(struct pool *pl, u16 off, u16 seg); /* + nres */
void pool_splice(struct pool *pl, u16 hoff, u16 hseg, u16 toff, u16 tseg,
                 u16 n);                    /* chain h..t on, total += n */
u32  pool_detach(struct pool *pl);          /* take the whole main list */
u32  pool_detach_res(struct pool *pl);      /* take the whole reserve */
void pool_inc(u16 *counter);                /* ++ in one instruction */
u16  pool_swap_high(struct pool *pl);       /* high = used, old high */
u32  pool_pop_main_c(struct pool *pl);
void pool_push_res_c(struct pool *pl, u16 off, u16 seg);
void pool_splice_c(struct pool *pl, u16 hoff, u16 hseg, u16 toff, u16 tseg,
                   u16 n);
u32  pool_detach_c(struct pool *pl);
u32  pool_detach_res_c(struct pool *pl);
void pool_inc_c(u16 *counter);
u16  pool_swap_high_c(struct pool *pl);

extern u16 pool_corrupt;        /* debug twins: poison/guard found broken */

/* Shared task-time helpers. */
void pool_epoch(struct pool *pl);           /* before total changes */
u16  pool_arena_used(u16 seg);              /* bits set in its map */
int  pool_grow(u16 pool, u16 nblocks);      /* add one arena */
int  pool_shrink_one(u16 pool);             /* 1 = an arena given back */
void pool_release(void);                    /* unload: every arena back */
void pool_arena_paras(u16 pool, u16 nblocks, u16 *paras, u16 *first);

/* Far-call entries (api.def, kind c; task). */
int mod_pool_stats(u16 pool, mem_fp_t out);
int mod_pool_check(void);
int mod_pool_service(void);
int mod_pool_overhead(mem_fp_t out);

/* Cold (pool_init.c): set up the pools from the config words. */
int pool_init(u16 small_count, u16 pkt_count, u16 pkt_small_count,
              u16 isr_reserve);
int pool_init_cfg(mem_fp_t cfg);   /* the same from struct mem_config */

#endif
