/*
 * arena.h - MEMPOOL's arenas: paragraph-aligned blocks of DOS memory the
 * module holds, from upper memory first (when asked) and then from
 * conventional memory, with a table of everything held so that unload
 * gives every block back.  Used by the pools (pool_svc.asm) and the DMA arenas
 * (dma_buffers.c, ARENA_CONV_ONLY).
 *
 * Where a UMB comes from, in order (ARENA_UMB_OK, not MEM_CFG_NO_UMB):
 *   1. the XMS driver's function 10h, through the hook arena_xms_umb_get
 *      (set it to xms_umb_request, xms_service.h; null = skip);
 *   2. DOS 5+ with DOS=UMB: link the UMB chain (5803h) and set a high-only
 *      strategy (5801h, 40h), allocate (48h), and restore both link state
 *      and strategy as they were (RBIL 2158: "a program which changes the
 *      UMB link state should restore it").
 * A block is counted as a UMB only when its segment is >= A000h.
 * Conventional memory: INT 21h 48h with the low first-fit strategy (DOS 5+
 * may otherwise hand out a UMB under a high strategy the user set).
 *
 * Context: init or task for every function (DOS calls).  Never from an ISR.
 */
#ifndef ARENA_H
#define ARENA_H

#include "port.h"

#define ARENA_UMB_OK     0x0001u    /* try upper memory before conventional */
#define ARENA_CONV_ONLY  0x0002u    /* conventional memory only (DMA use) */

#ifndef ARENA_MAX
#define ARENA_MAX        32         /* blocks the module holds at once */
#endif

#define ARENA_UMB_SEG    0xA000u    /* first segment of upper memory */

/* Where a block came from (arena_tab[].src). */
#define ARENA_SRC_CONV   1          /* INT 21h 48h, conventional */
#define ARENA_SRC_DOSUMB 2          /* INT 21h 48h through the UMB link */
#define ARENA_SRC_XMSUMB 3          /* XMS 10h (released with XMS 11h) */

struct arena_ent {
    u16 seg;                        /* 0 = slot free */
    u16 paras;                      /* paragraphs held */
    u8  src;                        /* ARENA_SRC_* */
    u8  in_umb;                     /* 1 = segment >= A000h */
};

extern struct arena_ent arena_tab[ARENA_MAX];

/* Hook for XMS UMBs (function 10h/11h): same contract as xms_umb_request /
 * xms_umb_release in xms_service.h.  Null (the default) = no XMS UMBs. */
extern int (*arena_xms_umb_get)(u16 paras, u16 *seg, u16 *got);
extern int (*arena_xms_umb_put)(u16 seg);

/* Get a block of at least paras paragraphs (paras >= 1).  flags:
 * ARENA_UMB_OK and/or ARENA_CONV_ONLY.  On success *seg is its first
 * paragraph (usable from seg:0000), *in_umb 1 when it lies in upper memory,
 * and MEM_OK is returned.  Errors: MEM_E_INVAL (paras 0, seg null),
 * MEM_E_HANDLES (table full; nothing allocated), MEM_E_NOMEM (DOS has no
 * block that large).  init/task. */
int  arena_get(u16 paras, u16 flags, u16 *seg, u8 *in_umb);

/* Give back a block from arena_get.  MEM_E_BADPTR when seg is not in the
 * table (nothing freed), MEM_E_DOS when DOS refused (the entry is dropped
 * anyway).  init/task. */
int  arena_put(u16 seg);

/* Give back every block still held (unload).  init/task. */
void arena_release_all(void);

/* Paragraphs held in upper (umb = 1) or conventional (umb = 0) memory. */
u16  arena_held_paras(u8 umb);

/* Number of blocks held. */
u16  arena_count(void);

/* 1 once a UMB was obtained or UMBs were found available (mem_info's
 * MEM_INFO_UMB). */
extern u8 arena_umb_seen;

#endif
