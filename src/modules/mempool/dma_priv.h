/*
 * dma_priv.h - state shared by dma_buffers.c, dma_init.c and dma_fast.asm.
 *
 * A tag's buffers live in one DOS block of conventional memory (the tag's
 * arena).  Its first paragraphs hold the metadata, far from the module's
 * small data segment:
 *
 *   arena:0                 count x struct dma_ent   (buffer table)
 *   arena:stack_off         count bytes: the free stack (buffer indices)
 *   arena:state_off         count bytes: 1 = allocated, 0 = free
 *   then the buffers, carved so that none breaks the tag.
 *
 * Allocation pops an index, free pushes it back: O(1), no search, so the
 * NASM entries (dma_fast.asm) can run in an ISR.
 */
#ifndef DMA_PRIV_H
#define DMA_PRIV_H

#include "port.h"

/* One entry of the buffer table (far, in the arena).  8 bytes. */
struct dma_ent {
    u32 fp;         /* +0 CPU far pointer, normalised (offset < 16) */
    u32 phys;       /* +4 device address */
};
#define DMA_ENT_BYTES 8

/* A tag (module data).  The first 16 bytes are read by dma_fast.asm:
 * mirrored there as struc dtag; dma_buffers.c asserts the offsets. */
struct dma_tag {
    u16 meta_seg;   /* +0  arena segment (0 = tag slot free) */
    u8  top;        /* +2  entries on the free stack */
    u8  count;      /* +3  buffers carved */
    u8  low;        /* +4  low water of top */
    u8  pad;        /* +5  */
    u16 fails;      /* +6  allocations refused */
    u16 stack_off;  /* +8  free stack offset in meta_seg */
    u16 state_off;  /* +10 state bytes offset in meta_seg */
    u16 bsize;      /* +12 bytes per buffer */
    u16 arena_paras;/* +14 paragraphs of the arena */
    /* task-time fields, C only */
    u16 cflags;     /* +16 MEM_DMA_F_* */
    u16 align;      /* +18 */
    u32 boundary;   /* +20 */
    u32 max_addr;   /* +24 */
    u16 max_size;   /* +28 */
    u16 maps;       /* +30 live maps */
    u32 waste;      /* +32 bytes lost to boundaries, alignment, rounding */
    u16 meta_bytes; /* +36 */
    u16 bounces;    /* +38 */
    u16 vds_skips;  /* +40 */
    u16 locked;     /* +42 1 = every buffer holds a VDS lock */
};
#define DMA_TAG_BYTES 44

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

extern struct dma_tag dma_tags[MEM_DMA_TAGS];
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

/* dma_buffers.c */
int  dma_alloc_c(int tag, mem_fp_t out);    /* C twin of mod_dma_alloc */
int  dma_free_c(u16 handle);                /* C twin of mod_dma_free */
int  dma_check(const struct mem_dma_constraints *c);
int  dma_vds(u16 ax, u16 dx, struct dma_dds *d, u16 bx, u16 cx);
void dma_release_all(void);

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
