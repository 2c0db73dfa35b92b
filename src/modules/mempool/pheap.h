/*
 * pheap.h - the packet heap (module-internal): docs/dev/packet-heap.md.
 *
 * One block of memory taken at load, its own packet arena: a 16-byte
 * arena header at seg:0000 (AH_SIG ARENA_SIG_PKT, AH_HOT the heap record
 * POOL_HEAP_REC, so mem_pkt_free and mem_pkt_ref check and free a heap
 * buffer exactly as a class buffer), then the blocks, each a paragraph
 * multiple: a packet buffer of a frame of len bytes is
 * (len + MEM_PKT_DATA [+ the debug guard] + 15) & ~15 bytes, its header's
 * cap that less the guard.
 *
 * Who touches what:
 *   the heap record's main list  freed blocks, pushed by today's GIVE at any
 *                                time (an O(1) push, one short window)
 *   everything below             only the holder of the lock byte (PH_BUSY,
 *                                taken by one XCHG): an allocation, or the
 *                                service putting freed blocks back.  It
 *                                works with interrupts enabled; an
 *                                allocation that finds the lock taken (an
 *                                interrupt landing in a task's heap call)
 *                                allocates from the packet classes instead.
 *
 * Free blocks (put back) form one list in address order, both ways:
 *   +0  HB_NEXT  offset of the next free block above, 0 = none
 *   +2  HB_PREV  offset of the next free block below, 0 = none
 *   +8  HB_SIZE  bytes (the packet header's cap word)
 *   +12          0 (the header's magic: a pointer to a free block is a
 *                double free, as for a class buffer)
 * Every free block is followed by an allocated one or the end: freed
 * blocks put back coalesce with their neighbours.
 *
 * Placement: a frame up to top_len bytes goes to the top end of the
 * highest free block that holds it, any other first fit from the bottom.
 * The gap is the free block between the two kinds (at load the whole
 * heap): its low-water size says how much smaller a heap would have
 * placed every block alike (the recipe's measure, mem_pool_stats).
 */
#ifndef PHEAP_H
#define PHEAP_H

#include "port.h"
#include "pool.h"

/* struct pheap: the heap's state (16 bytes; pheap.inc mirrors it). */
#define PH_SEG      0   /* the heap's arena segment, 0 = no heap */
#define PH_LOW      2   /* lowest free block (offset), 0 = none */
#define PH_HIGH     4   /* highest free block, 0 = none */
#define PH_TOPLEN   6   /* frames up to this many bytes from the top */
#define PH_END      8   /* offset past the last block */
#define PH_GAP      10  /* where the gap starts (a free block there, or
                           an empty gap between two allocated blocks) */
#define PH_GAPMIN   12  /* the gap's least size since load, bytes */
#define PH_BUSY     14  /* u8: the lock, 1 = taken */
#define PH_SIZE     16

struct pheap {
    u16 seg;
    u16 low;
    u16 high;
    u16 top_len;
    u16 end;
    u16 gap;
    u16 gapmin;
    u8  busy;
    u8  resv;
};

/* A free block put back in the heap. */
#define HB_NEXT     0
#define HB_PREV     2
#define HB_SIZE     MEM_PKT_OFF_CAP

#define PHEAP_HPOOL MEM_POOL_HEAP   /* a heap buffer's pool byte */
#define PHEAP_FIRST 16              /* the first block's offset */
#define PHEAP_MIN_PARAS MEM_PKT_HEAP_MIN   /* paragraphs, header included */
#define PHEAP_MAX_PARAS ((u16)MEM_PKT_HEAP_MAX) /* one segment, its end an offset */

extern struct pheap pheap;

/* A packet heap is configured (its record set up by pheap_init). */
#define PHEAP_ON() (pools[POOL_HEAP_REC].index == POOL_HEAP_REC)

/* Set the heap up in paras paragraphs at seg (the arena header, one free
 * block, the heap record): MEM_OK, or MEM_E_INVAL for a size out of
 * range.  Init. */
int pheap_init(u16 seg, u16 paras, u16 top_len);

/* Name the heap's allocation entries in the API table (pheap_bind.asm;
 * host: pool_host.c counts the calls in pheap_bound).  Init. */
void pheap_bind(void);
extern u16 pheap_bound;

/* The service's part (pheap.asm; host: pool_host.c maps it onto the
 * twin): the freed blocks put back, 1, or 0 when the heap is busy.  Task. */
int pheap_putback(void);

/* C twins of pheap.asm (host tests, the replay). */
mem_fp_t pheap_alloc_c(u16 len);    /* mem_pkt_alloc with the heap on */
int      pheap_putback_c(void);     /* the service's part: 1 = done, 0 = busy */
/* The free blocks the last heap call looked at (host: the replay's
 * clocks). */
extern unsigned long pheap_visits;

/* The least heap that would have placed every block alike: the heap's
 * blocks less the gap's low-water size (bytes). */
#define PHEAP_NEED() ((u16)(pheap.end - PHEAP_FIRST - pheap.gapmin))

#endif
