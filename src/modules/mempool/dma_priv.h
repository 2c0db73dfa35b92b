/*
 * dma_priv.h - state shared by dma_setup.c, dma_init.c, dma_fast.asm,
 * dma_map.asm and dma_stats.asm (and their C twins dma_fast_c.c,
 * dma_map_c.c, dma_stats_c.c).
 *
 * A tag lives in one DOS block of conventional memory (the tag's arena):
 * its record and everything the ISR-safe entries touch sit in the block's
 * first paragraphs, so that every DMA entry reaches the whole tag through
 * one segment register after one table look-up (dma_seg[tag]); the module
 * itself keeps nothing else per tag.
 *
 *   +0              struct dma_tag (48 bytes, DH_*): the free stack's top
 *                   and figures, the constraints, the counters
 *   +DH_ETAB        u16 etab[count]: buffer i's entry offset while it is
 *                   allocated, 0 while it is free (the state: free swaps 0
 *                   in with one XCHG and so tells a double free)
 *   stk - 2         u16 0: the sentinel below the free stack
 *   stk             u16 stack[count]: entry offsets of the free buffers;
 *                   DH_TOP is the offset of the next slot
 *   ent (16-aligned) struct dma_ent[count] (16 bytes, DE_*): what
 *                   mem_dma_alloc hands out (struct mem_dma_buf) plus the
 *                   offset of the buffer's etab word
 *   then the buffers, carved so that none breaks the tag.
 *
 * The words DH_COUNT .. DH_CHECK never change after creation and XOR to
 * DH_SEED: the arena is memory a wild write of the driver may reach, and
 * mem_dma_map, which hands the device addresses on the strength of the
 * constraints kept there, refuses a tag whose record no longer adds up
 * (MEM_E_BADPTR) rather than program the device from a damaged one.
 *
 * Allocation pops an entry offset and copies the entry's first 12 bytes to
 * the caller; free swaps the etab word and pushes it back: O(1), no search,
 * one short interrupts-off window each (dma_fast.asm).
 *
 * dma_fast.inc mirrors every number here for the NASM files;
 * tests/host/test_dma.c checks that the two agree.
 */
#ifndef DMA_PRIV_H
#define DMA_PRIV_H

#include "port.h"

/* The arena's header: struct dma_tag (far, at arena:0). */
#define DH_TOP      0       /* offset of the free stack's next slot */
#define DH_LOW      2       /* lowest DH_TOP seen (the low water mark) */
#define DH_FAILS    4       /* allocations refused (stack empty) */
#define DH_COUNT    6       /* u8 buffers carved          (checked from here) */
#define DH_TAG      7       /* u8 the tag's number */
#define DH_BSIZE    8       /* bytes per buffer */
#define DH_CFLAGS   10      /* u8 MEM_DMA_F_* */
#define DH_LOCKED   11      /* u8 1 = every buffer holds a VDS lock */
#define DH_AMASK    12      /* align - 1 */
#define DH_MAX_SIZE 14
#define DH_BOUNDARY 16      /* u32 */
#define DH_MAX_ADDR 20      /* u32 */
#define DH_CHECK    24      /* the words DH_COUNT..DH_CHECK XOR to DH_SEED */
#define DH_STK      26      /* offset of the stack's first slot */
#define DH_ENT      28      /* offset of buffer 0's entry */
#define DH_MAPS     30      /* live maps */
#define DH_BOUNCES  32      /* maps that bounced */
#define DH_VDS_SKIPS 34
#define DH_ARENA_PARAS 36   /* paragraphs of the arena */
#define DH_META     38      /* header, tables and entries */
#define DH_WASTE    40      /* u32 bytes lost to boundaries, alignment, rounding */
#define DH_RESV     44      /* u32 0 */
#define DH_ETAB     48      /* etab[0] */
#define DH_BYTES    48
#define DH_SEED     0x5AC3u

/* Buffer table entry (far, at arena:DH_ENT + 16 * i).  +0..11 are a
 * struct mem_dma_buf. */
#define DE_BUF      0       /* u32 CPU far pointer, normalised (offset < 16) */
#define DE_PHYS     4       /* u32 device address */
#define DE_HANDLE   8       /* tag << 8 | i */
#define DE_SIZE     10      /* bytes per buffer */
#define DE_SLOT     12      /* offset of its etab word (DH_ETAB + 2 * i) */
#define DE_BYTES    16
#define DE_SHIFT    4

/* A tag's record: the arena's first DH_BYTES bytes (DH_* above).  The
 * set-up code builds one in its own memory and writes it to the arena;
 * the C twins read and write fields in place through the port. */
struct dma_tag {
    u16 top;        /* +0  */
    u16 low;        /* +2  */
    u16 fails;      /* +4  */
    u8  count;      /* +6  buffers carved */
    u8  tag;        /* +7  */
    u16 bsize;      /* +8  bytes per buffer */
    u8  cflags;     /* +10 MEM_DMA_F_* */
    u8  locked;     /* +11 */
    u16 amask;      /* +12 align - 1 */
    u16 max_size;   /* +14 */
    u32 boundary;   /* +16 */
    u32 max_addr;   /* +20 */
    u16 check;      /* +24 */
    u16 stk;        /* +26 */
    u16 ent;        /* +28 */
    u16 maps;       /* +30 */
    u16 bounces;    /* +32 */
    u16 vds_skips;  /* +34 */
    u16 arena_paras;/* +36 */
    u16 meta_bytes; /* +38 */
    u32 waste;      /* +40 */
    u32 resv;       /* +44 */
};

#define DMA_MAP_MAGIC 0xD3A7u

/* Module-wide DMA state. */
struct dma_state {
    u8  vds;        /* a VDS provider answered 8102h */
    u8  use_vds;    /* V86 mode and VDS: every physical address via VDS */
    u8  bda_vds;    /* 0040:007B bit 5 was set */
    u8  pad;
    u16 vds_version;
    u16 vds_product;
    u16 vds_flags;  /* 8102h DX */
};
#define DS_USE_VDS  1
#define DMA_STATE_BYTES 10

/* While tag t lives, dma_seg[t] is its arena's segment, else 0 (index 0
 * stays 0, so one unsigned compare refuses tag 0 and tags above
 * MEM_DMA_TAGS alike): the NASM entries find a tag with one look-up. */
extern u16 dma_seg[MEM_DMA_TAGS + 1];
extern struct dma_state dma;

/* VDS Lock DMA Region (8103h) DX flags (RBIL 4B8103). */
#define VDS_F_COPY      0x0002u     /* copy into / out of the VDS buffer */
#define VDS_F_NOBUF     0x0004u     /* do not allocate a buffer: fail */
#define VDS_F_NOREMAP   0x0008u     /* no automatic remap */
#define VDS_F_NO64K     0x0010u     /* must not cross a 64 KB boundary */
#define VDS_F_NO128K    0x0020u     /* must not cross a 128 KB boundary */
#define VDS_E_NOTCONTIG 0x01        /* region not contiguous */
#define VDS_E_CROSSED   0x02        /* region crossed a 64K/128K boundary */

/* DDS (RBIL 03221).  16 bytes, passed at ES:DI. */
struct dma_dds {
    u32 size;       /* +0  */
    u32 off;        /* +4  */
    u16 seg;        /* +8  */
    u16 bufid;      /* +10 */
    u32 phys;       /* +12 */
};

/* Every mem_dma_constraints flag this module knows; dma_check refuses any
 * other bit (MEM_E_INVAL) rather than build a tag that ignores what a
 * newer driver asked for. */
#define DMA_F_KNOWN (MEM_DMA_F_BUSMASTER | MEM_DMA_F_DESC)

/* The VDS regions mappings hold (dma_map.asm keeps the table; unload gives
 * them back even when the caller never unmapped).  16: a 3C515's and a
 * 3C59x/3C90x's transmit ring hold 16 descriptors (Linux 3c515.c and
 * 3c59x.c: TX_RING_SIZE 16), so a ring full of locked frames fits; a
 * mapping that finds the table full bounces instead.  One record: the
 * linear address (24 bits) with how in its top byte, the physical
 * address, the length and the provider's buffer id (VH_* in dma_map.asm,
 * struct dma_vheld in dma_map_c.c). */
#define DMA_VHELD 16
#define DMA_VH_BYTES 12

/* dma_setup.c (set-up: tags and presets; dropped by the seal) */
int  dma_check(const struct mem_dma_constraints *c);
int  dma_vds(u16 ax, u16 dx, struct dma_dds *d, u16 bx, u16 cx);
int  dma_meets(const struct dma_tag *t, u32 phys, u16 len);
u16  dma_lock_flags(const struct dma_tag *t);
void dds_set(struct dma_dds *d, u32 lin, u16 size);
int  dma_lock(const struct dma_tag *t, u32 lin, u16 size, u32 *phys);
void dma_unlock(u32 lin, u16 size, u32 phys);
u16  dma_tag_read(int tag, struct dma_tag *t);    /* its arena, 0: no tag */
u16  dma_check_word(const struct dma_tag *t);     /* XOR of DH_COUNT..DH_CHECK */
void dma_unlock_all(struct dma_tag *t, u16 seg);   /* a tag's VDS locks */
void dma_tag_clear(struct dma_tag *t);
u32  dma_peek32(u16 seg, u16 off);                    /* far reads and writes */
void dma_peek(u16 seg, u16 off, void *dst, u16 n);
void dma_poke(u16 seg, u16 off, const void *src, u16 n);
u32  dma_lin(mem_fp_t fp);                            /* segment * 16 + offset */

/* dma_fast.asm (core; twin in dma_fast_c.c): unload gives back every tag's
 * VDS locks and arena, whatever is still allocated.  The MAP group's
 * regions go first, through its unload hook (dma_map_release). */
void dma_release_all(void);

/* dma_map.asm on DOS (host: src/port/host/dma_host.c -> dma_map_c.c):
 * give back every VDS region a mapping still holds (unload). */
void dma_map_release(void);

/* C twins (dma_fast_c.c, dma_map_c.c, dma_stats_c.c): host tests and the replay; never
 * linked into MEMPOOL.MOD. */
int  dma_alloc_c(int tag, mem_fp_t out);    /* mod_dma_alloc */
int  dma_free_c(u16 handle);                /* mod_dma_free */
int  dma_map_c(int tag, mem_fp_t buf, u16 len, mem_fp_t map);
int  dma_sync_c(mem_fp_t map, int dir);
int  dma_unmap_c(mem_fp_t map);
void dma_map_release_c(void);

/* The module's entries (api.def). */
int  mod_dma_preset(int which, mem_fp_t c);
int  mod_dma_tag_create(mem_fp_t c);
int  mod_dma_tag_destroy(int tag);
int  mod_dma_map(int tag, mem_fp_t buf, u16 len, mem_fp_t map);
int  mod_dma_sync(mem_fp_t map, int dir);
int  mod_dma_unmap(mem_fp_t map);
int  mod_dma_stats(int tag, mem_fp_t st);

/* dma_init.c (cold) */
int  dma_init(void);

#endif
