/*
 * memory_api.h - MEMPOOL, the memory service of the modular 3Com packet
 * driver.  Public API version 1.0.
 *
 * A NIC module or the packet-driver core includes this header, links the
 * client library (build/MEMPOOL.LIB for bcc), loads MEMPOOL.MOD once with
 * mem_load(), and then calls the functions below.  Every call goes through
 * the module's far-call API table; the library's stubs hide that.
 *
 * Calling contexts (stated on every function):
 *   init      the loader, once (mem_load / mem_unload).
 *   task      foreground code, never from an interrupt handler.  May call
 *             DOS, XMS and VDS.  Task calls are not re-entrant: a task call
 *             made while another is running returns MEM_E_BUSY.
 *   ISR-safe  any context, re-entrant.  Never calls DOS, BIOS or XMS; keeps
 *             interrupts off for at most 48 clocks of an 80286.
 *
 * Conventions:
 *   - 0 is MEM_OK, errors are negative MEM_E_* codes (mem_error_name()).
 *   - Far memory is a mem_fp_t: segment in the high word, offset in the low
 *     word (the layout of an x86 far pointer in memory and in DX:AX).
 *     MEM_FP_NULL is "no pointer".
 *   - int is 16 bits on the target.
 */
#ifndef MEMORY_API_H
#define MEMORY_API_H

#include <limits.h>

/* The one compiler quirk this header absorbs: bcc (dev86) parses neither
 * const nor volatile outside prototypes, so they mean nothing there. */
#if defined(__BCC__) && !defined(MEM_KEEP_CONST)
#define const
#define volatile
#endif

#define MEM_API_VERSION 0x0100u     /* BCD major.minor: 1.00 */

typedef unsigned char  mem_u8;
typedef unsigned short mem_u16;
#if ULONG_MAX == 0xFFFFFFFFUL
typedef unsigned long  mem_u32;
#else
typedef unsigned int   mem_u32;
#endif

/* Far pointer: seg:off packed as (seg << 16) | off. */
typedef mem_u32 mem_fp_t;
#define MEM_FP(seg, off)   (((mem_u32)(mem_u16)(seg) << 16) | (mem_u16)(off))
#define MEM_FP_SEG(p)      ((mem_u16)((mem_u32)(p) >> 16))
#define MEM_FP_OFF(p)      ((mem_u16)((mem_u32)(p) & 0xFFFFu))
#define MEM_FP_NULL        ((mem_fp_t)0)
/* Real-mode linear address of a far pointer (equals the physical address
 * only when the CPU is not in virtual-8086 mode; see the DMA section). */
#define MEM_FP_LINEAR(p)   (((mem_u32)MEM_FP_SEG(p) << 4) + MEM_FP_OFF(p))

/* ------------------------------------------------------------------ errors */

#define MEM_OK              0
#define MEM_E_INVAL        (-1)   /* bad argument */
#define MEM_E_NOMEM        (-2)   /* no memory left to satisfy the request */
#define MEM_E_SIZE         (-3)   /* size 0, or no class serves this size */
#define MEM_E_ALIGN        (-4)   /* alignment not a power of two or too big */
#define MEM_E_BOUNDARY     (-5)   /* boundary not a power of two or too small */
#define MEM_E_BADPTR       (-6)   /* pointer this service never handed out */
#define MEM_E_DOUBLEFREE   (-7)   /* block is already free */
#define MEM_E_WRONGPOOL    (-8)   /* block belongs to another pool */
#define MEM_E_CORRUPT      (-9)   /* consistency check failed */
#define MEM_E_BUSY         (-10)  /* task call re-entered, or made from an ISR */
#define MEM_E_NOTSUP       (-11)  /* not supported on this machine */
#define MEM_E_STATE        (-12)  /* wrong state (not initialised, in use) */
#define MEM_E_LIMIT        (-13)  /* memory above the device's address limit */
#define MEM_E_V86NOVDS     (-14)  /* V86 mode without VDS: use PIO instead */
#define MEM_E_VDS          (-15)  /* a VDS call failed */
#define MEM_E_NOBOUNCE     (-16)  /* bounce buffers exhausted */
#define MEM_E_HANDLES      (-17)  /* handle table full */
#define MEM_E_NOXMS        (-18)  /* no XMS driver */
#define MEM_E_RANGE        (-19)  /* offset/length outside the object */
#define MEM_E_DOS          (-20)  /* a DOS memory call failed */

/* Every XMS error code (BL = 80h..B2h) has a name: MEM_E_XMS(code).
 * mem_xms_last_error() returns the raw BL of the last failed XMS call. */
#define MEM_E_XMS(bl)               (-(0x100 | (bl)))
#define MEM_E_XMS_NOT_IMPLEMENTED   MEM_E_XMS(0x80)
#define MEM_E_XMS_VDISK             MEM_E_XMS(0x81)
#define MEM_E_XMS_A20               MEM_E_XMS(0x82)
#define MEM_E_XMS_GENERAL           MEM_E_XMS(0x8E)
#define MEM_E_XMS_UNRECOVERABLE     MEM_E_XMS(0x8F)
#define MEM_E_XMS_NO_HMA            MEM_E_XMS(0x90)
#define MEM_E_XMS_HMA_IN_USE        MEM_E_XMS(0x91)
#define MEM_E_XMS_HMA_TOO_SMALL     MEM_E_XMS(0x92)
#define MEM_E_XMS_HMA_NOT_ALLOC     MEM_E_XMS(0x93)
#define MEM_E_XMS_A20_STILL_ON      MEM_E_XMS(0x94)
#define MEM_E_XMS_NO_MEMORY         MEM_E_XMS(0xA0)
#define MEM_E_XMS_NO_HANDLES        MEM_E_XMS(0xA1)
#define MEM_E_XMS_BAD_HANDLE        MEM_E_XMS(0xA2)
#define MEM_E_XMS_BAD_SRC_HANDLE    MEM_E_XMS(0xA3)
#define MEM_E_XMS_BAD_SRC_OFFSET    MEM_E_XMS(0xA4)
#define MEM_E_XMS_BAD_DST_HANDLE    MEM_E_XMS(0xA5)
#define MEM_E_XMS_BAD_DST_OFFSET    MEM_E_XMS(0xA6)
#define MEM_E_XMS_BAD_LENGTH        MEM_E_XMS(0xA7)
#define MEM_E_XMS_BAD_OVERLAP       MEM_E_XMS(0xA8)
#define MEM_E_XMS_PARITY            MEM_E_XMS(0xA9)
#define MEM_E_XMS_NOT_LOCKED        MEM_E_XMS(0xAA)
#define MEM_E_XMS_LOCKED            MEM_E_XMS(0xAB)
#define MEM_E_XMS_LOCK_OVERFLOW     MEM_E_XMS(0xAC)
#define MEM_E_XMS_LOCK_FAILED       MEM_E_XMS(0xAD)
#define MEM_E_XMS_UMB_SMALLER       MEM_E_XMS(0xB0)
#define MEM_E_XMS_NO_UMB            MEM_E_XMS(0xB1)
#define MEM_E_XMS_BAD_UMB           MEM_E_XMS(0xB2)

/* --------------------------------------------------- configuration (init) */

/* Flags in mem_config.flags. */
#define MEM_CFG_NO_XMS     0x0001u  /* do not use an XMS driver */
#define MEM_CFG_NO_UMB     0x0002u  /* do not place arenas in UMBs */
#define MEM_CFG_FORCE_286  0x0004u  /* keep the 80286 copy path on a 386+ */

/* Passed (by far pointer) to the module's init entry.  Zero fields take
 * the documented defaults. */
struct mem_config {
    mem_u16 size;          /* +0  sizeof(struct mem_config) */
    mem_u16 flags;         /* +2  MEM_CFG_* */
    mem_u16 small_count;   /* +4  initial blocks per small-object class */
    mem_u16 pkt_count;     /* +6  initial full-frame packet buffers */
    mem_u16 pkt_small_count; /* +8 initial short-frame packet buffers */
    mem_u16 isr_reserve;   /* +10 packet buffers kept for the ISR */
    mem_u16 xms_handles;   /* +12 reserved: the handle table is fixed (MEM_XMS_HANDLES) */
    mem_u16 dma_kb;        /* +14 DMA arena size in KB */
    mem_u16 reserved[8];   /* +16 must be zero */
};                          /* 32 bytes */

/* ----------------------------------------------------------- module info */

#define MEM_CPU_8086  0
#define MEM_CPU_186   1
#define MEM_CPU_286   2
#define MEM_CPU_386   3
#define MEM_CPU_486   4

/* Filled by mem_info(). */
struct mem_info {
    mem_u16 size;          /* +0  sizeof(struct mem_info) */
    mem_u16 api_version;   /* +2  MEM_API_VERSION of the module */
    mem_u8  cpu;           /* +4  MEM_CPU_* */
    mem_u8  v86;           /* +5  1 = the CPU runs in virtual-8086 mode */
    mem_u16 dos_version;   /* +6  major in the high byte */
    mem_u16 module_seg;    /* +8  where the module lives */
    mem_u16 resident_bytes;/* +10 bytes kept after init */
    mem_u16 init_bytes;    /* +12 bytes discarded after init */
    mem_u16 flags;         /* +14 MEM_INFO_* */
    mem_u16 xms_version;   /* +16 BCD, 0 = no XMS driver in use */
    mem_u16 xms_free_kb;   /* +18 total free XMS at init */
    mem_u16 umb_paras;     /* +20 paragraphs of UMB the module holds */
    mem_u16 conv_paras;    /* +22 paragraphs of conventional memory held */
    mem_u16 reserved[4];   /* +24 */
};                          /* 32 bytes */

#define MEM_INFO_XMS      0x0001u   /* an XMS driver is in use */
#define MEM_INFO_UMB      0x0002u   /* UMBs were available */
#define MEM_INFO_VDS      0x0004u   /* a VDS provider was found */
#define MEM_INFO_COPY386  0x0008u   /* the 386 copy path is installed */

/* ----------------------------------------------------------------- core */

/* Version of the loaded module's API (MEM_API_VERSION).  ISR-safe. */
mem_u16 mem_version(void);

/* Fill *info (far pointer, info->size set by the caller).  task. */
int mem_info(mem_fp_t info);

/* ---------------------------------------------------- copy and CPU */
/* (memory_ops: far copy/move/fill/compare, CPU detection) */

/* ---------------------------------------------- pools and packet buffers */

/* ------------------------------------------------------------------ XMS */

/* ------------------------------------------------------------------ DMA */

/* ------------------------------------------------------------ loading */

/* What the client library keeps about the loaded module. */
struct mem_module {
    mem_u16 seg;           /* segment of the module's DOS block */
    mem_u16 paras;         /* paragraphs it holds after init */
    mem_u16 api_count;     /* entries in its API table */
    mem_u16 unload_off;    /* its unload entry */
};

/* Load MEMPOOL.MOD from path through its 64-byte header: check it, give it
 * a DOS block, run its init with cfg (NULL = defaults), shrink the block to
 * the resident part and bind the API table.  Returns MEM_OK or a negative
 * MOD_E_* (module_abi.h) or MEM_E_* code.  init. */
int mem_load(const char *path, const struct mem_config *cfg,
             struct mem_module *m);

/* Run the module's unload entry (frees every arena, UMB and XMS handle it
 * holds) and free its block.  init. */
int mem_unload(struct mem_module *m);

/* A readable name for a MEM_E_* or MOD_E_* code ("MEM_E_NOMEM").  Lives in
 * the client library, not in the resident module.  Any context. */
const char *mem_error_name(int err);

#endif
