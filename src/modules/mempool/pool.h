/*
 * pool.h - MEMPOOL's fixed-size pools (module-internal).  The public side
 * is memory_api.h, section "pools and packet buffers".
 *
 * Nine pools: five small-object classes (S16..S256) and up to four packet
 * classes (their sizes come from struct mem_config).  A pool is a LIFO
 * free list of blocks threaded through the blocks, plus a reserve list of
 * a few blocks that allocation falls back on when the main list is empty
 * (it keeps interrupt-time allocation working while mem_pool_service
 * detaches the main list to give an arena back, and between two service
 * runs).  Blocks live in arenas, each arena one DOS block holding one
 * pool's blocks behind a 16-byte header.
 *
 * How a block is checked (O(1), no division):
 *   small object  the arena header at seg:0000 (signature, check word,
 *                 end of the blocks), the offset a multiple of 16, and its
 *                 state byte in the arena's paragraph map: one byte per
 *                 paragraph of the arena, at seg:AH_MAP + (offset >> 4),
 *                 PM_BLOCK_FREE or PM_BLOCK_USED where a block starts,
 *                 PM_NONE everywhere else.  Free exchanges the byte for
 *                 PM_BLOCK_FREE in one XCHG, so a second free (or a pointer
 *                 into a block) is refused without a window.
 *   packet        the buffer's own header: a check word at +14 written when
 *                 the buffer was carved (segment ^ offset ^ PKT_CHECK, so a
 *                 copy of a header elsewhere fails), the magic while it is
 *                 allocated, and the reference count, changed inside one
 *                 short window.
 *
 * Every structure here is shared with pool_fast.asm (pool_fast.inc has
 * the same offsets; tests/host/test_pool.c compares the two files).
 */
#ifndef POOL_H
#define POOL_H

#include "port.h"

#ifndef MEM_DEBUG
#define MEM_DEBUG 0     /* 1: guard words, poison, use-after-free checks */
#endif

#define POOL_SMALL_CLASSES  5
#define POOL_PKT_FIRST      5           /* internal index of packet class 0 */
#define POOL_N              (POOL_PKT_FIRST + MEM_PKT_CLASSES_MAX)  /* 9 */
#define POOL_NONE_REC       POOL_N      /* pools[POOL_N]: "no class" record */
#define POOL_HEAP_REC       (POOL_N + 1) /* pools[POOL_N + 1]: the packet heap's
                                           record (pheap.h): its main list
                                           holds the heap blocks freed and
                                           not yet put back */
#define POOL_RECS           (POOL_N + 2)

/* The record the fast paths use, one per pool plus the "no class" record
 * (pools[POOL_N]: its lists stay empty, so an allocation that finds no
 * class fails through the normal path and its fails field counts the
 * size errors: pool_bad_none).  24 bytes, so that every record's offset
 * from pools fits in the byte the size tables hold.
 *
 * Who writes what (the fast paths run at any time, the service at task
 * time only):
 *   head, res         list changes inside one PUSHF/CLI ... POPF window
 *   room, fails, bad, nres
 *                     single read-modify-write instructions (INC/DEC m),
 *                     which an interrupt cannot split on one CPU
 *   high              the high-water mark of used since the pool's total
 *                     last changed (an epoch)
 *   next, cap, hpool  set at init
 * The pool does not keep used itself but room = high - used, a signed
 * count (so a pool holds at most POOL_MAX_TOTAL blocks): an allocation is
 * one DEC room, a free one INC room (before its push).  While used climbs
 * past high, room goes negative; a peak of used ends at a free, and the
 * free whose INC leaves room <= 0 raises the mark out of line: in one
 * window, with its block (off the lists until its push) counted again,
 * high = that used and room = 1, which keeps high - room.  So high never
 * passes the most blocks off the lists at once (nor total); a raise an
 * interrupt's free pre-empts is left to it.  Readers take used = high -
 * room, both read in one window where it matters (pool_stats.asm,
 * pool_epoch), one after the other where a figure one off is harmless
 * (the service's grow and shrink marks).
 * Reported figures: high = max(high_prev, high, used); low (fewest free
 * blocks seen) = min(low, total - max(high, used)). */
#define PL_HEAD_OFF   0     /* main free list: far pointer, off 0 = empty */
#define PL_HEAD_SEG   2
#define PL_RES_OFF    4     /* reserve list */
#define PL_RES_SEG    6
#define PL_ROOM       8     /* high - used (signed; see above) */
#define PL_HIGH       10    /* most in use at once in this epoch */
#define PL_FAILS      12    /* allocations that found both lists empty */
#define PL_BAD        14    /* bad-input calls aimed at this pool */
#define PL_NRES       16    /* blocks on the reserve list */
#define PL_NEXT       18    /* packets: record offset of the next larger
                               class (from pools), 0 = none */
#define PL_CAP        20    /* packets: buffer bytes from the header on */
#define PL_HPOOL      22    /* packets: the pool byte of its headers (u8) */
#define PL_INDEX      23    /* u8: this pool's index */
#define PL_SIZE       24

struct pool {
    u16 head_off;   /* +0  */
    u16 head_seg;   /* +2  */
    u16 res_off;    /* +4  */
    u16 res_seg;    /* +6  */
    u16 room;       /* +8  high - used (signed): POOL_USED() */
    u16 high;       /* +10 */
    u16 fails;      /* +12 */
    u16 bad;        /* +14 */
    u16 nres;       /* +16 */
    u16 next;       /* +18 */
    u16 cap;        /* +20 */
    u8  hpool;      /* +22 */
    u8  index;      /* +23 */
};                  /* 24 bytes */

/* Task-time figures of a pool (the service, statistics, the checker). */
#define CTL_STRIDE     0    /* bytes per block (paragraph multiple) */
#define CTL_BSIZE      2    /* usable bytes per block (packets: from the header on) */
#define CTL_ARENAS     4    /* first arena segment, 0 = none */
#define CTL_NARENAS    6
#define CTL_TOTAL      8    /* blocks in all arenas */
#define CTL_LOW        10   /* fewest free in earlier epochs (FFFFh: none) */
#define CTL_HIGH_PREV  12   /* most in use at once in earlier epochs */
#define CTL_GROWS      14
#define CTL_SHRINKS    16
#define CTL_RES_TARGET 18   /* reserve list size kept by the service */
#define CTL_LOWMARK    20   /* grow when free < lowmark */
#define CTL_GROW_N     22   /* blocks per added arena */
#define CTL_MIN_TOTAL  24   /* the service never shrinks below this */
#define CTL_SIZE       26

struct pool_ctl {
    u16 stride;     /* +0  */
    u16 bsize;      /* +2  */
    u16 arenas;     /* +4  */
    u16 narenas;    /* +6  */
    u16 total;      /* +8  */
    u16 low;        /* +10 */
    u16 high_prev;  /* +12 */
    u16 grows;      /* +14 */
    u16 shrinks;    /* +16 */
    u16 res_target; /* +18 */
    u16 lowmark;    /* +20 */
    u16 grow_n;     /* +22 */
    u16 min_total;  /* +24 */
};                  /* 26 bytes */

/* Arena header at arena_seg:0000 (16 bytes); small-object arenas go on
 * with their paragraph map (one byte per paragraph of the arena, up to
 * AH_END paragraphs), padding to a paragraph, then the blocks at AH_FIRST + i *
 * stride.  Packet arenas have no map: the blocks follow the header. */
#define AH_SIG        0     /* ARENA_SIG_SMALL or ARENA_SIG_PKT */
#define AH_HOT        2     /* offset of its pool's record from pools */
#define AH_END        4     /* paragraph past the last block (offset / 16,
                               below 1000h: an arena is at most FF00h
                               bytes, so a rotated misaligned offset is
                               always above it) */
#define AH_FIRST      6     /* offset of block 0 */
#define AH_NBLOCKS    8
#define AH_NEXT       10    /* next arena of the pool, 0 = last */
#define AH_POOL       12    /* u8 pool index */
#define AH_FLAGS      13    /* u8 AF_* */
#define AH_CHECK      14    /* seg ^ ARENA_CHECK: a copy elsewhere fails */
#define AH_MAP        16
#define ARENA_SIG_SMALL 0x4D50u /* "PM": a small-object arena */
#define ARENA_SIG_PKT 0x4250u   /* "PB": a packet arena (one compare of the
                                   signature tells the kind: the small free
                                   refuses a packet buffer with it) */
#define ARENA_SIG_OF(i) ((i) >= POOL_PKT_FIRST ? ARENA_SIG_PKT : ARENA_SIG_SMALL)
#define ARENA_CHECK   0x5AA5u
#define AF_UMB        0x01u

/* Paragraph map states (small-object arenas). */
#define PM_BLOCK_USED 0     /* an allocated block starts here (0: the free
                               tests the byte it exchanged with TEST) */
#define PM_BLOCK_FREE 1     /* a free block starts here */
#define PM_NONE       2     /* no block starts in this paragraph */

/* A small block on a free list: link, then its paragraph index (its map
 * byte is at AH_MAP + that), which the allocation path reads. */
#define FB_NEXT_OFF   0
#define FB_NEXT_SEG   2
#define FB_PARA       4
#define FB_KEEP       6     /* bytes of a free small block the debug poison
                               leaves alone */

/* A packet buffer's header words the module keeps (memory_api.h gives
 * the layout): cap, pool and the check word stay from the carving on. */
#define PKT_CHECK     0x3CA5u
#define PKT_KEEP      16    /* debug poison leaves the header alone */

#define POOL_SMALL_ARENA_MIN  1024  /* bytes of blocks per small arena */
#define POOL_MAX_ARENA_BYTES  0xFF00u
#define POOL_PKT_MAX_TAB      ((MEM_PKT_MAX + 15) / 16)  /* 95 class buckets */

#define POOL_POISON   0xDBu     /* debug: free block fill */
#define POOL_GUARD    0xC0DEu   /* debug: last word of every block */

extern struct pool pools[POOL_RECS];
extern struct pool_ctl pool_ctl[POOL_N];
extern u16 pool_corrupt;        /* debug twins: poison/guard found broken */
extern u8  pool_ready;          /* pools set up by pool_init */
extern u8  pool_npkt;           /* packet classes configured (1..4) */
/* size -> record offset (from pools): small_tab[size] for sizes 0..256
 * (0: the "no class" record), pkt_tab[(len - 1) >> 4] for frame lengths
 * 1..MEM_PKT_MAX. */
extern u8  pool_small_tab[MEM_SMALL_MAX + 1];
extern u8  pool_pkt_tab[POOL_PKT_MAX_TAB];
#define pool_bad_none (pools[POOL_NONE_REC].fails)

/* Blocks of the pool handed out now. */
#define POOL_USED(pl)   ((u16)((pl)->high - (pl)->room))
/* room is signed (a free tests its sign), so a pool never holds more
 * blocks than this (pool_grow stops there). */
#define POOL_MAX_TOTAL  0x7FFFu

/* The record offset of pool i, and back. */
#define POOL_OFF(i)   ((u16)((i) * PL_SIZE))
#define POOL_AT(off)  (&pools[(off) / PL_SIZE])

/* Packet class of a record (0..3), its public pool index. */
#define POOL_PKT_CLASS(i)   ((i) - POOL_PKT_FIRST)

/* C twins of pool_fast.asm and pool_list.asm (same contract; host tests
 * use them).  pool_c.c: take, give, the checks and the small-object and
 * packet paths; pool_list_c.c: the list operations; src/port/host/
 * pool_host.c maps the names the NASM defines on DOS (pool_pkt_alloc_c,
 * pool_pkt_free_c and the list operations) onto these.  Files named *_c.c are host-only: the
 * module never links them. */
mem_fp_t pool_small_alloc_c(u16 size);
int      pool_small_free_c(mem_fp_t p);
mem_fp_t pool_pkt_alloc_c(u16 len);
int      pool_pkt_free_c(mem_fp_t p);
int      pool_pkt_ref_c(mem_fp_t p);
mem_fp_t pool_pkt_alloc_tw(u16 len);
int      pool_pkt_free_tw(mem_fp_t p);
mem_fp_t pool_take_c(struct pool *pl);
int      pool_small_check_c(mem_fp_t p, struct pool **plp);
int      pool_pkt_check_c(mem_fp_t p, struct pool **plp);

/* Interrupt-safe list operations for the task-time code: pool_list.asm
 * on DOS (group SVC); on the host src/port/host/pool_host.c maps them to the C twins
 * (pool_list_c.c).  Each keeps interrupts off for one short window. */
u32  pool_pop_main(struct pool *pl);        /* raw pop of the main list */
void pool_push_res(struct pool *pl, u16 off, u16 seg); /* + nres */
void pool_splice(struct pool *pl, u16 hoff, u16 hseg, u16 toff, u16 tseg);
u32  pool_detach(struct pool *pl);          /* take the whole main list */
u32  pool_detach_res(struct pool *pl);      /* take the whole reserve */
u32  pool_pop_main_c(struct pool *pl);
void pool_push_res_c(struct pool *pl, u16 off, u16 seg);
void pool_splice_c(struct pool *pl, u16 hoff, u16 hseg, u16 toff, u16 tseg);
u32  pool_detach_c(struct pool *pl);
u32  pool_detach_res_c(struct pool *pl);

/* Shared task-time helpers. */
void pool_epoch(u16 pool);                  /* before total changes */
u16  pool_arena_used(u16 pool, u16 seg);    /* blocks handed out */
int  pool_grow(u16 pool, u16 nblocks);      /* add one arena */
int  pool_shrink_one(u16 pool);             /* 1 = an arena given back */
void pool_release(void);                    /* unload: every arena back */
void pool_arena_layout(u16 pool, u16 nblocks, u16 *paras, u16 *first,
                       u16 *end);
int  pool_public(u16 pool);                 /* public index -> internal, -1 */
u16  pool_maxframe(u16 pool);               /* packets: largest frame */

/* Far-call entries (api.def, kind c; task). */
int mod_pool_stats(u16 pool, mem_fp_t out);
int mod_pool_check(void);
int mod_pool_service(void);
int mod_pool_overhead(mem_fp_t out);

/* Cold (pool_init.c): set up the pools from struct mem_config. */
int pool_init_cfg(mem_fp_t cfg);
/* The same from plain numbers (host tests and the replay): small_count
 * per small class, npkt classes with largest frames len[] and initial
 * counts num[] (0 = defaults), isr_reserve.  With a packet heap set up
 * first (pheap_init: pool_init_cfg does), the packet classes are its
 * interrupt reserve: a count of 0 is isr_reserve, every block goes on the
 * reserve list, and the service never grows them. */
int pool_init(u16 small_count, u16 npkt, const u16 *len, const u16 *num,
              u16 isr_reserve);

#endif
