/*
 * memory_api.h - MEMPOOL, the memory service of the modular 3Com packet
 * driver.  Public API version 1.02.
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
 *             made while another is running returns MEM_E_BUSY, and so does
 *             every task call (mem_unload included) made while a NIC ISR is
 *             inside mem_isr_enter() ... mem_isr_leave(); the call does not
 *             run.  No task call is excepted, not even the read-only
 *             statistics and checks (mem_info, mem_pool_stats,
 *             mem_dma_stats, mem_xms_last_error, mem_pool_check): they walk
 *             state that ISR-safe calls change, and one rule for every task
 *             entry, enforced where they all pass (the module's C gate, and
 *             the same two refusals and the same hold at the start of the
 *             task entries written in NASM: mem_dma_map / sync / unmap),
 *             leaves none to forget.  mem_load runs before there is a
 *             module to bracket.
 *   ISR-safe  any context, re-entrant.  Never calls DOS, BIOS or XMS; keeps
 *             interrupts off for at most 48 clocks of an 80286.
 *
 * Conventions:
 *   - 0 is MEM_OK, errors are negative MEM_E_* codes (mem_error_name()).
 *   - Far memory is a mem_fp_t: segment in the high word, offset in the low
 *     word (the layout of an x86 far pointer in memory and in DX:AX).
 *     MEM_FP_NULL is "no pointer".
 *   - int is 16 bits on the target.
 *   - No module bound (before mem_load, after mem_unload): every function
 *     below returns at once without touching its arguments, by its return
 *     type - a far pointer (mem_small_alloc, mem_pkt_alloc) is MEM_FP_NULL,
 *     mem_version and mem_cpu return 0, every int function MEM_E_STATE, a
 *     void function does nothing (src/modules/mempool/api.def, column ret).
 *     Except the copy family (mem_copy, mem_move, mem_copy32, mem_fill,
 *     mem_compare): the client library runs it itself, so it works with no
 *     module too (section "copy and CPU").
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

#define MEM_API_VERSION 0x0102u     /* BCD major.minor: 1.02 */

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
#define MEM_E_BUSY         (-10)  /* task call re-entered, or made from an ISR
                                     (inside mem_isr_enter/leave); it did not
                                     run.  Every task call, none excepted. */
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
#define MEM_CFG_NO_UMB     0x0002u  /* do not place arenas, nor the module
                                       itself (mem_load), in UMBs */
#define MEM_CFG_FORCE_286  0x0004u  /* keep the 80286 copy path on a 386+ */
#define MEM_CFG_KNOWN      0x0007u  /* any other bit: MEM_E_INVAL at load */

/* Passed (by far pointer) to the module's init entry.  Zero fields take
 * the documented defaults; the module reads only the fields that size
 * covers (a v1.0 caller passes 32 bytes and gets the v1.01 defaults for
 * the rest). */
struct mem_config {
    mem_u16 size;          /* +0  sizeof(struct mem_config) */
    mem_u16 flags;         /* +2  MEM_CFG_* */
    mem_u16 small_count;   /* +4  initial blocks per small-object class */
    mem_u16 pkt_count;     /* +6  initial buffers of the largest packet class */
    mem_u16 pkt_small_count; /* +8 initial buffers of every other packet class */
    mem_u16 isr_reserve;   /* +10 packet buffers kept for the ISR */
    mem_u16 xms_handles;   /* +12 reserved: the handle table is fixed (MEM_XMS_HANDLES) */
    mem_u16 dma_kb;        /* +14 reserved: DMA arenas are sized per tag (max_size x count) */
    /* v1.01: the packet classes (all zero: the defaults below) */
    mem_u16 pkt_classes;   /* +16 number of packet classes, 1..MEM_PKT_CLASSES_MAX */
    mem_u16 pkt_len[4];    /* +18 largest frame of each class, ascending,
                              1..MEM_PKT_MAX (the stride is the frame plus
                              MEM_PKT_DATA rounded up to 16 bytes) */
    mem_u16 pkt_num[4];    /* +26 initial buffers of each class (0: pkt_count
                              for the largest, pkt_small_count for the others) */
    /* v1.02: the packet heap (docs/dev/packet-heap.md; zero: none) */
    mem_u16 heap_paras;    /* +34 paragraphs of one block taken at load (UMB
                              first) from which mem_pkt_alloc places every
                              packet buffer: MEM_PKT_HEAP_MIN..MEM_PKT_HEAP_MAX,
                              0 = no heap (the classes serve every buffer) */
    mem_u16 heap_top;      /* +36 frames up to this many bytes go to the top
                              end of the heap, the others first fit from its
                              bottom; 0 = pkt_len[0] (the smallest class's) */
    mem_u16 reserved[5];   /* +38 must be zero (else MEM_E_INVAL at load) */
};                          /* 48 bytes (v1.0: 32, up to pkt_classes excluded) */
#define MEM_CFG_RESERVED_OFF 38  /* the reserved words, as far as size */
#define MEM_CFG_RESERVED_END 48  /*   covers them */

/* Packet classes: at most four.  A mem_config whose classes are not
 * ascending, zero, above MEM_PKT_MAX or more than four gets MEM_E_INVAL at
 * load and nothing is allocated.  The defaults fit the frame sizes of
 * simple IMIX (60 / 590 / 1514 bytes, 7:4:1) and of measured Internet
 * traffic (most frames minimum-size or full-size): classes of 64, 592 and
 * 1514 bytes (strides 112, 640, 1568). */
#define MEM_PKT_CLASSES_MAX     4
#define MEM_DEF_PKT_CLASSES     3
#define MEM_DEF_PKT_LEN0        64
#define MEM_DEF_PKT_LEN1        592
#define MEM_DEF_PKT_LEN2        1514    /* MEM_PKT_MAX */

/* The packet heap (v1.02).  With heap_paras set, mem_pkt_alloc places each
 * buffer in the heap, frame + MEM_PKT_DATA rounded up to 16 bytes, so
 * memory moves between frame sizes at every call; mem_pkt_free and
 * mem_pkt_ref work as for a class buffer (the header's pool byte is
 * MEM_POOL_HEAP, cap the block's bytes).  A buffer the heap cannot place
 * (full, or an interrupt landing in a heap allocation) comes from the
 * packet classes, which are then the heap's interrupt reserve: each holds
 * pkt_num[k] buffers (0: pkt_count / pkt_small_count, and when those are
 * 0 too, isr_reserve), all on its reserve list, never grown by the
 * service.  Blocks freed are put back in the heap (coalesced) at the next
 * heap allocation or mem_pool_service.
 * An allocation is a walk over the heap's free blocks, not a constant:
 * docs/dev/packet-heap.md gives its clocks.  mem_pool_stats(MEM_POOL_HEAP)
 * reports it (see there); the API guide's recipe sizes it. */
#define MEM_PKT_HEAP_MIN        8       /* paragraphs, the arena header included */
#define MEM_PKT_HEAP_MAX        0x0FFF  /* one segment */

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
    mem_u16 resident_bytes;/* +10 bytes kept after init (after the seal: sealed) */
    mem_u16 init_bytes;    /* +12 bytes discarded after init */
    mem_u16 flags;         /* +14 MEM_INFO_* */
    mem_u16 xms_version;   /* +16 BCD, 0 = no XMS driver in use */
    mem_u16 xms_free_kb;   /* +18 total free XMS at init */
    mem_u16 umb_paras;     /* +20 paragraphs of UMB the module holds:
                              arenas and, in a UMB, its own block */
    mem_u16 conv_paras;    /* +22 paragraphs of conventional memory held:
                              arenas and, when low, its own block */
    mem_u8  pkt_classes;   /* +24 v1.01: packet classes configured */
    mem_u8  resv8;         /* +25 */
    mem_u16 reserved[3];   /* +26 */
};                          /* 32 bytes */

#define MEM_INFO_XMS      0x0001u   /* an XMS driver is in use */
#define MEM_INFO_UMB      0x0002u   /* UMBs were available */
#define MEM_INFO_VDS      0x0004u   /* a VDS provider was found */
#define MEM_INFO_COPY386  0x0008u   /* the 386 copy path is installed */

/* ----------------------------------------------------------------- core */

/* Version of the loaded module's API (MEM_API_VERSION); 0 when no module
 * is loaded.  ISR-safe. */
mem_u16 mem_version(void);

/* Fill *info (far pointer, info->size set by the caller).  The module's
 * own block (at module_seg: mem_module.paras after the load, fewer after
 * the seal) is counted in umb_paras or conv_paras by the client library
 * that loaded it, which alone knows what the block holds.  task. */
int mem_info(mem_fp_t info);

/* ---------------------------------------------------- copy and CPU */
/*
 * Far copy, move, fill and compare between any two seg:off addresses, and
 * the CPU the module found.  Addresses are walked linearly: when an offset
 * would pass FFFFh the segment advances by 1000h and the offset goes on at
 * 0 (a range may cross a 64 KB segment end; it never wraps inside one).
 * Word moves on an 80286 (destination word-aligned, odd head and tail by
 * byte), dword moves on a 386+ (destination dword-aligned) unless the
 * module was loaded with MEM_CFG_FORCE_286 (mem_info: MEM_INFO_COPY386).
 * Interrupts stay enabled throughout; DF is clear on return.  Length 0
 * does nothing.  All are ISR-safe (re-entrant, on the caller's stack).
 *
 * These five run in the client library itself (near routines, no far call
 * into the module; src/client/copy.asm has their clocks): they need no
 * module, and before mem_load and after mem_unload they take the 80286
 * path on any CPU; mem_load switches them to the 386 path when the module
 * chose its own (MEM_INFO_COPY386).  The module keeps far entries with the
 * same contracts for NIC code in assembly (call far [_mem_api_tab + 4 *
 * MEM_FN_COPY] ..., arguments on the stack as from C).
 */

/* Copy len bytes from src to dst; the ranges must not overlap.  ISR-safe. */
void mem_copy(mem_fp_t dst, mem_fp_t src, mem_u16 len);

/* Copy len bytes; the ranges may overlap either way (as memmove, compared
 * by linear address).  ISR-safe. */
void mem_move(mem_fp_t dst, mem_fp_t src, mem_u16 len);

/* mem_copy for any length (non-overlapping).  ISR-safe, but a copy of
 * many KB belongs at task time: it delays the rest of the ISR. */
void mem_copy32(mem_fp_t dst, mem_fp_t src, mem_u32 len);

/* Set len bytes at dst to v (poison, clearing).  ISR-safe. */
void mem_fill(mem_fp_t dst, mem_u8 v, mem_u16 len);

/* Compare len bytes: 0 when equal, else a[i] - b[i] (bytes unsigned,
 * -255..255) at the first difference.  ISR-safe. */
int mem_compare(mem_fp_t a, mem_fp_t b, mem_u16 len);

/* The CPU: MEM_CPU_* in the low byte, 1 in the high byte when it runs in
 * virtual-8086 mode (under EMM386, QEMM, JEMM...).  0 when no module is
 * loaded: it claims no CPU feature.  ISR-safe. */
mem_u16 mem_cpu(void);
#define MEM_CPU_TYPE(c)  ((c) & 0xFFu)
#define MEM_CPU_V86(c)   ((c) >> 8)

/* ---------------------------------------------- pools and packet buffers */

/*
 * Fixed-size blocks from O(1) LIFO free lists (lwIP memp, BSD mbufs), in
 * arenas taken from UMBs first and then conventional memory.  Every block
 * is paragraph aligned; a pointer is valid exactly as it was handed out.
 *
 * Pools (index: usable bytes in the release build; stride = bytes held):
 *   0 MEM_POOL_S16    16     1 MEM_POOL_S32    32     2 MEM_POOL_S64   64
 *   3 MEM_POOL_S128  128     4 MEM_POOL_S256  256     (small objects)
 *   MEM_POOL_PKTC(k)  packet class k (0 .. pkt_classes - 1, ascending):
 *                     frames up to its pkt_len, stride = that + MEM_PKT_DATA
 *                     rounded up to 16 (defaults: 64 / 592 / 1514 bytes,
 *                     strides 112 / 640 / 1568)
 *   5 MEM_POOL_PKT_SMALL  the smallest packet class (v1.0 name)
 *   6 MEM_POOL_PKT        the largest packet class (v1.0 name)
 * The debug build (MEM_DEBUG) keeps a 2-byte guard word at the end of each
 * block, so each class serves 2 bytes less there.
 *
 * Packet buffer: the pointer names a 16-byte header, the frame follows.
 *   +0  u32 link   free for the owner while allocated (queue link), 0 at
 *                  allocation
 *   +4  u16 len    frame bytes (set by mem_pkt_alloc, the owner may change)
 *   +6  u16 data   offset of the frame from the header: MEM_PKT_DATA
 *                  (16 + MEM_PKT_HEADROOM), the owner may move it down to
 *                  prepend headers without copying
 *   +8  u16 cap    bytes of the buffer from the header on (the stride)
 *   +10 u8  ref    references: 1 after alloc, mem_pkt_ref adds one,
 *                  mem_pkt_free drops one and frees the buffer at 0
 *   +11 u8  pool   MEM_POOL_PKTC(class), or MEM_POOL_HEAP
 *   +12 u16 magic  MEM_PKT_MAGIC while allocated
 *   +14 u16 check  the module's check word: never write it
 * cap, pool and check are the module's; the owner never writes them.
 *
 * Bad input never changes a pool: it returns (or, for allocation, counts)
 * a named error - MEM_E_SIZE (size 0 or no class), MEM_E_BADPTR (not a
 * block of ours, or not the start of one), MEM_E_DOUBLEFREE, MEM_E_WRONGPOOL
 * (a small block given to mem_pkt_free or the reverse) - counted in the
 * pool's `bad` figure (size errors in the MEM_POOL_NONE record).
 */
#define MEM_POOL_S16        0
#define MEM_POOL_S32        1
#define MEM_POOL_S64        2
#define MEM_POOL_S128       3
#define MEM_POOL_S256       4
#define MEM_POOL_PKT_SMALL  5     /* the smallest packet class */
#define MEM_POOL_PKT        6     /* the largest packet class */
#define MEM_POOL_COUNT      7     /* v1.0 indices 0..6 (then NONE) */
#define MEM_POOL_NONE       7     /* mem_pool_stats: errors of no pool */
#define MEM_POOL_PKTC(k)    (8 + (k))   /* v1.01: packet class k, 0..3 */
#define MEM_POOL_HEAP       12    /* v1.02: the packet heap */
#define MEM_POOL_LAST       12    /* highest index mem_pool_stats knows */
#define MEM_SMALL_MAX       256   /* largest small object */

#define MEM_PKT_HDR         16    /* header bytes */
#define MEM_PKT_HEADROOM    32    /* room to prepend headers */
#define MEM_PKT_DATA        (MEM_PKT_HDR + MEM_PKT_HEADROOM)
#define MEM_PKT_MAX         1514  /* full Ethernet frame (no FCS) */
#define MEM_PKT_MAGIC       0x4B50u
#define MEM_PKT_OFF_LINK    0
#define MEM_PKT_OFF_LEN     4
#define MEM_PKT_OFF_DATA    6
#define MEM_PKT_OFF_CAP     8
#define MEM_PKT_OFF_REF     10
#define MEM_PKT_OFF_POOL    11
#define MEM_PKT_OFF_MAGIC   12
#define MEM_PKT_OFF_CHECK   14

/* Defaults for struct mem_config's pool fields (0 = default). */
#define MEM_DEF_SMALL_COUNT     32  /* blocks per small class at init */
#define MEM_DEF_PKT_COUNT       16  /* buffers of the largest class at init */
#define MEM_DEF_PKT_SMALL_COUNT 16  /* buffers of each other class at init */
#define MEM_DEF_ISR_RESERVE      4  /* blocks per pool kept for interrupts */

/* A small object of size bytes (1..MEM_SMALL_MAX) from the smallest class
 * that holds it; MEM_FP_NULL when the size is bad or the class is empty
 * (both counted), or no module is loaded.  ISR-safe.
 * NIC code in assembly has register entries for the pools (no C
 * prototypes: call far [_mem_api_tab + 4 * MEM_FN_x], the indices in the
 * generated mem_api_idx.inc; each runs on the caller's stack, 10 bytes at
 * most (with a packet heap, mem_pkt_take 16: the heap's put-back), and
 * counts its errors as its C twin does):
 *   mem_small_take  BX = size in, ES:DI = the block out (0:0: none);
 *                   modifies AX BX DI ES flags
 *   mem_small_give  ES:DI = the block in, AX = as mem_small_free out;
 *                   modifies AX BX CX flags
 *   mem_pkt_take    CX = frame length in, ES:DI = the buffer out (0:0:
 *                   none), header set; modifies AX BX DI ES flags
 *   mem_pkt_give    ES:DI = the buffer in, AX = as mem_pkt_free out;
 *                   modifies AX BX CX flags
 * The client library's mem_small_alloc / mem_small_free / mem_pkt_alloc /
 * mem_pkt_free call these too (one body per path). */
mem_fp_t mem_small_alloc(mem_u16 size);

/* Give back a small object.  MEM_OK or MEM_E_BADPTR / MEM_E_DOUBLEFREE /
 * MEM_E_WRONGPOOL / MEM_E_CORRUPT (debug: guard word overwritten).
 * ISR-safe. */
int mem_small_free(mem_fp_t p);

/* A packet buffer for a frame of len bytes (1..MEM_PKT_MAX) from the
 * smallest class that holds it, falling back to the next larger class
 * when that one is empty; with a packet heap configured (heap_paras), from
 * the heap, and from the classes when the heap cannot place it.
 * The header is set: len, data = MEM_PKT_DATA, ref = 1.  MEM_FP_NULL when
 * len is bad or no buffer is free (counted), or no module is loaded.
 * ISR-safe. */
mem_fp_t mem_pkt_alloc(mem_u16 len);

/* Drop one reference; the buffer is freed when none is left.  Returns the
 * references left (0 = freed) or MEM_E_BADPTR / MEM_E_DOUBLEFREE /
 * MEM_E_WRONGPOOL / MEM_E_CORRUPT.  ISR-safe. */
int mem_pkt_free(mem_fp_t p);

/* Add a reference (share without copying).  Returns the new count, or
 * MEM_E_LIMIT at 255, or the errors of mem_pkt_free.  ISR-safe. */
int mem_pkt_ref(mem_fp_t p);

/* Statistics of one pool: 0..4, MEM_POOL_PKTC(k) for a configured class
 * (or its v1.0 names 5 and 6), MEM_POOL_NONE, MEM_POOL_HEAP when a packet
 * heap is configured.  MEM_E_INVAL for an index of no configured pool, so
 * a loop over 0..MEM_POOL_LAST skips those.
 * The heap's figures: block 0, stride 16 (its granularity), total the
 * bytes of its blocks (heap_paras - 1 paragraphs), used and high buffers
 * (handed out now, most at once), low the least the free space between
 * the blocks placed from the bottom and those placed from the top has
 * been, in bytes (a heap smaller by that places every buffer alike: the
 * recipe's heap_paras = (total - low) / 16 + 1), fails the buffers it
 * could not place (the classes served them), bad, arenas 1, umb_arenas,
 * first_seg the heap's segment. */
struct mem_pool_stats {
    mem_u16 size;          /* +0  caller: sizeof(struct mem_pool_stats) */
    mem_u16 block;         /* +2  usable bytes per block */
    mem_u16 stride;        /* +4  bytes per block held */
    mem_u16 total;         /* +6  blocks in the pool */
    mem_u16 used;          /* +8  blocks handed out now */
    mem_u16 high;          /* +10 most blocks in use at once */
    mem_u16 low;           /* +12 fewest free blocks seen */
    mem_u16 fails;         /* +14 allocations that found the pool empty */
    mem_u16 bad;           /* +16 bad-input calls aimed at this pool */
    mem_u16 grows;         /* +18 arenas added by mem_pool_service */
    mem_u16 shrinks;       /* +20 arenas given back by mem_pool_service */
    mem_u16 arenas;        /* +22 arenas held now */
    mem_u16 umb_arenas;    /* +24 of which in upper memory */
    mem_u16 reserve;       /* +26 blocks on the interrupt reserve list */
    mem_u16 first_seg;     /* +28 segment of the first arena (0 = none) */
    mem_u16 resv;          /* +30 */
};                          /* 32 bytes */

/* Copy pool's statistics to *out (out->size set by the caller).  task. */
int mem_pool_stats(mem_u16 pool, mem_fp_t out);

/* Walk every pool, arena, free list and in-use map: MEM_OK, or
 * MEM_E_CORRUPT at the first inconsistency.  Run it while no interrupt
 * handler uses the pools.  task. */
int mem_pool_check(void);

/* Task-time upkeep: refill each interrupt reserve, grow a pool by one
 * arena when its free blocks fall under its low-water mark, give back
 * arenas (beyond the first) whose blocks are all free.  Returns the number
 * of arenas added plus given back, or MEM_E_NOMEM (growth failed; counted
 * in fails).  task. */
int mem_pool_service(void);

/* Metadata + alignment overhead of all pool memory in hundredths of a
 * percent (arena headers, in-use maps, packet headers, padding), e.g. 142 =
 * 1.42%.  If out is not null, two u32 follow: bytes held, overhead bytes.
 * task. */
int mem_pool_overhead(mem_fp_t out);


/* ------------------------------------------------------------------ XMS */

/*
 * XMS 3.0 through the module.  The module records every handle it hands
 * out (mem_unload unlocks and frees them all), enforces the spec's rules
 * itself (moves of any length and any overlap, offsets and lengths checked
 * against the block before the driver is called, lock counts, no free of a
 * locked block) and turns every driver error into MEM_E_XMS(code), keeping
 * the raw code for mem_xms_last_error().  The 32-bit functions (88h, 89h,
 * 8Eh, 8Fh) are used only on an 80386+ with an XMS 3.0+ driver.
 *
 * Every function in this section: task.  Never call one from an interrupt
 * handler: an XMS move keeps interrupts off for long stretches and the
 * driver is not re-entrant.  While an ISR is bracketed by mem_isr_enter()
 * / mem_isr_leave() they refuse with MEM_E_BUSY, as every task call does.
 *
 * Fallback: with no XMS driver (or MEM_CFG_NO_XMS) they return MEM_E_NOXMS
 * and everything else in MEMPOOL works from conventional memory; mem_info
 * then shows MEM_INFO_XMS clear and xms_version 0.
 */

/* Build option: XMS handles the module can hold at once (1..255).  The
 * table costs 8 bytes a handle (in the XMS group: mem_seal); running out
 * is MEM_E_HANDLES. */
#ifndef MEM_XMS_HANDLES
#define MEM_XMS_HANDLES 16
#endif

/* A handle from mem_xms_alloc (never 0).  It names a slot of the module's
 * table plus a generation, so a stale handle is refused, not mistaken. */
typedef mem_u16 mem_xms_t;
#define MEM_XMS_CONV  ((mem_xms_t)0)  /* "conventional memory" in a move */

/* Filled by mem_xms_status(). */
struct mem_xms_status {
    mem_u16 size;          /* +0  sizeof(struct mem_xms_status), caller sets */
    mem_u16 version;       /* +2  XMS version, BCD (0300h) */
    mem_u16 revision;      /* +4  driver revision, BCD */
    mem_u16 flags;         /* +6  MEM_XMS_F_* */
    mem_u32 free_kb;       /* +8  total free extended memory now */
    mem_u32 largest_kb;    /* +12 largest free block now */
    mem_u16 handles_used;  /* +16 handles the module holds */
    mem_u16 handles_max;   /* +18 MEM_XMS_HANDLES */
};                          /* 20 bytes */

#define MEM_XMS_F_HMA     0x0001u   /* the driver has an HMA */
#define MEM_XMS_F_32BIT   0x0002u   /* the 386 functions 88h/89h/8Eh/8Fh are used */

/* What mem_xms_move copies: the layout of XMS function 0Bh's structure.
 * A handle of MEM_XMS_CONV makes its offset a mem_fp_t (seg:off) below
 * 10FFF0h.  Any length, odd included; overlapping ranges are copied as if
 * through a buffer (memmove). */
struct mem_xms_move {
    mem_u32   length;      /* +0  bytes */
    mem_xms_t src;         /* +4  */
    mem_u32   src_off;     /* +6  */
    mem_xms_t dst;         /* +10 */
    mem_u32   dst_off;     /* +12 */
};                          /* 16 bytes */

/* Filled by mem_xms_handle_info(). */
struct mem_xms_handle {
    mem_u16 size;          /* +0  sizeof(struct mem_xms_handle), caller sets */
    mem_u16 xms_handle;    /* +2  the driver's own handle */
    mem_u32 kb;            /* +4  block size in KB */
    mem_u8  locks;         /* +8  lock count the module holds */
    mem_u8  pad;           /* +9  */
    mem_u16 driver_free;   /* +10 free handles the driver reports */
    mem_u32 phys;          /* +12 physical address while locked, else 0 */
};                          /* 16 bytes */

/* XMS version, revision and free memory into *out (out->size set by the
 * caller).  MEM_E_NOXMS without a driver.  task. */
int mem_xms_status(mem_fp_t out);

/* Allocate kb KB of extended memory (0 is allowed).  Returns a handle
 * (> 0) or MEM_E_NOXMS, MEM_E_HANDLES (table full), MEM_E_RANGE (kb above
 * 65535 without the 386 functions), MEM_E_XMS_NO_MEMORY, ...  task. */
int mem_xms_alloc(mem_u32 kb);

/* Free a block.  MEM_E_XMS_LOCKED while it is locked.  task. */
int mem_xms_free(mem_xms_t h);

/* Grow or shrink a block, keeping its contents.  MEM_E_XMS_LOCKED while
 * locked.  task. */
int mem_xms_realloc(mem_xms_t h, mem_u32 kb);

/* Copy m->length bytes as described by *m (far pointer).  MEM_E_RANGE
 * when a range leaves its block (checked before the driver is called),
 * MEM_E_XMS_BAD_SRC_HANDLE / MEM_E_XMS_BAD_DST_HANDLE for a handle the
 * module did not give out.  task. */
int mem_xms_move(mem_fp_t m);

/* Lock a block; *phys (far pointer to a mem_u32) receives its 32-bit
 * physical address.  MEM_E_XMS_LOCK_OVERFLOW at the 256th lock.  task. */
int mem_xms_lock(mem_xms_t h, mem_fp_t phys);

/* Undo one lock.  MEM_E_XMS_NOT_LOCKED when not locked.  task. */
int mem_xms_unlock(mem_xms_t h);

/* The driver's view of a handle into *out (out->size set).  task. */
int mem_xms_handle_info(mem_xms_t h, mem_fp_t out);

/* The raw BL code (80h..B2h) of the last failed XMS call, 0 if none
 * failed.  Rules the module enforces itself on the driver's behalf report
 * the code the spec gives them (locked ABh, not locked AAh, lock count
 * overflow ACh, handle not ours A2h/A3h/A5h).  task. */
int mem_xms_last_error(void);

/* Backing store: park a packet buffer (from mem_pkt_alloc, one reference)
 * in XMS and free it; the frame bytes [data, data+len) go to a slot of one
 * XMS block the module takes at the first park (its own: it takes none of
 * the MEM_XMS_HANDLES handles, no handle names it, mem_xms_status counts it
 * in handles_used), the header words link, len and data are kept.  Returns a
 * ticket (> 0).  When XMS is absent (MEM_E_NOXMS) or full (MEM_E_NOMEM,
 * MEM_E_XMS_NO_MEMORY) or a move fails, the buffer stays where it was,
 * untouched.  MEM_E_BADPTR for a pointer that is no packet buffer,
 * MEM_E_STATE for a shared one (ref > 1).  task. */
int mem_xms_park(mem_fp_t pkt);

/* Bring a parked buffer back: a fresh packet buffer with the same frame,
 * len, data offset and link; its far pointer goes to *out (a mem_fp_t).
 * MEM_E_NOMEM when no packet buffer is free (the ticket stays valid, try
 * again later), MEM_E_BADPTR for a ticket not (or no longer) parked.  task. */
int mem_xms_unpark(mem_u16 ticket, mem_fp_t out);

/* Build option: packet buffers the backing store holds (1568 bytes of XMS
 * and 5 bytes of module data each, in the XMS group). */
#ifndef MEM_XMS_PARK_SLOTS
#define MEM_XMS_PARK_SLOTS 32
#endif

/* A NIC ISR brackets itself with these (nesting counted): until the last
 * mem_isr_leave every task call answers MEM_E_BUSY without running.  A
 * leave without an enter is ignored; an enter without its leave keeps
 * every task call, mem_unload included, refused.  ISR-safe. */
void mem_isr_enter(void);
void mem_isr_leave(void);

/* ------------------------------------------------------------------ DMA */
/*
 * DMA-safe buffers in the FreeBSD bus_dma vocabulary.  A device gets a tag
 * (mem_dma_tag_create) that states what its DMA engine can reach; the tag
 * is checked once, and at creation its buffers are carved from a DMA arena
 * in conventional memory so that none breaks the tag (Linux dmapool's
 * jump-to-boundary threading).  Allocation and free are then a pop and a
 * push on the tag's free stack (ISR-safe).  A caller's own buffer (a packet
 * in a UMB, one that crosses a boundary) is made DMA-able with
 * map / sync / unmap: used in place when it meets the tag, otherwise one
 * of the tag's buffers bounces it.
 *
 * Physical addresses: segment*16+offset when the CPU runs in real mode;
 * under virtual-8086 mode (EMM386, QEMM, JEMM) every buffer is locked with
 * VDS (INT 4Bh) and the lock's physical address is used; under V86 without
 * VDS a bus-master tag is refused (MEM_E_V86NOVDS: use PIO).
 */

/* A tag's constraints.  Zero fields are errors, not defaults. */
struct mem_dma_constraints {
    mem_u16 size;        /* +0  sizeof(struct mem_dma_constraints) */
    mem_u16 flags;       /* +2  MEM_DMA_F_*; any other bit: MEM_E_INVAL */
    mem_u16 align;       /* +4  power of two, <= boundary (descriptors: >= 16) */
    mem_u16 max_size;    /* +6  bytes per buffer, 1 .. min(boundary, 65520) */
    mem_u32 boundary;    /* +8  power of two >= 16: no buffer crosses a multiple */
    mem_u32 max_addr;    /* +12 highest physical address the device reaches */
    mem_u16 count;       /* +16 buffers carved at creation, 1..255 (bounces included) */
    mem_u16 reserved;    /* +18 must be zero */
};                        /* 20 bytes */

#define MEM_DMA_F_BUSMASTER 0x0001u /* the device drives the bus itself (3C515, 3C90x):
                                       needs VDS under V86, no VDS auto-remap */
#define MEM_DMA_F_DESC      0x0002u /* descriptor ring: align must be >= 16 */

/* Presets (mem_dma_preset).  Numbers: align / boundary / max_addr / max_size.
 *   3C509       PIO only: no tag (mem_dma_preset says MEM_E_NOTSUP)
 *   3C515_BUF   16 / 64 KB / 16 MB-1 / 1536, bus master (ISA)
 *   3C515_RING  16 / 64 KB / 16 MB-1 / 256 (16 descriptors of 16 bytes)
 *   3C90X_BUF   16 / 1 MB  / 4 GB-1  / 1536, bus master (PCI: no boundary
 *               rule; 1 MB is "none" for conventional memory)
 *   3C90X_RING  16 / 1 MB  / 4 GB-1  / 256 (16 UPD/DPD of 16 bytes)
 *   8237_8      1 / 64 KB  / 16 MB-1 / 1536 (8-bit channels 0-3)
 *   8237_16     2 / 128 KB / 16 MB-1 / 1536 (16-bit channels 5-7)
 * count is 8 in every preset; the caller changes what it needs. */
#define MEM_DMA_3C509       0
#define MEM_DMA_3C515_BUF   1
#define MEM_DMA_3C515_RING  2
#define MEM_DMA_3C90X_BUF   3
#define MEM_DMA_3C90X_RING  4
#define MEM_DMA_8237_8      5
#define MEM_DMA_8237_16     6

/* What mem_dma_alloc hands out.  handle is what mem_dma_free takes. */
struct mem_dma_buf {
    mem_fp_t buf;        /* +0  CPU's far pointer (normalised: offset < 16) */
    mem_u32  phys;       /* +4  the device's (physical) address */
    mem_u16  handle;     /* +8  tag << 8 | buffer index */
    mem_u16  size;       /* +10 usable bytes (max_size rounded up to align) */
};                        /* 12 bytes */

/* A mapping of a caller's buffer (mem_dma_map fills it; the caller owns
 * the storage and passes it back to sync and unmap). */
struct mem_dma_map {
    mem_u32  phys;       /* +0  address to give the device */
    mem_fp_t buf;        /* +4  the caller's buffer */
    mem_u16  len;        /* +8  bytes mapped */
    mem_u16  tag;        /* +10 */
    mem_u16  how;        /* +12 MEM_DMA_MAP_* */
    mem_u16  bounce;     /* +14 bounce buffer handle (MEM_DMA_MAP_BOUNCE);
                            LOCKED / VDSBUF: the module's record of the
                            VDS region (given back at unload if need be) */
    mem_u16  vds_id;     /* +16 VDS buffer id (MEM_DMA_MAP_VDSBUF) */
    mem_u16  magic;      /* +18 set while mapped */
};                        /* 20 bytes */

#define MEM_DMA_MAP_INPLACE 1   /* the device uses the caller's buffer */
#define MEM_DMA_MAP_LOCKED  2   /* in place, held by a VDS lock until unmap */
#define MEM_DMA_MAP_BOUNCE  3   /* one of the tag's buffers stands in */
#define MEM_DMA_MAP_VDSBUF  4   /* the VDS provider's buffer stands in (8107h) */

/* Sync directions. */
#define MEM_DMA_TO_DEVICE   1   /* before the device reads: copy into the bounce */
#define MEM_DMA_FROM_DEVICE 2   /* after the device wrote: copy out of the bounce */

/* Per-tag figures (mem_dma_stats). */
struct mem_dma_stats {
    mem_u16 size;        /* +0  sizeof, set by the caller */
    mem_u16 buf_size;    /* +2  bytes per buffer (max_size rounded up to align) */
    mem_u16 count;       /* +4  buffers carved */
    mem_u16 free;        /* +6  on the free stack now */
    mem_u16 low_water;   /* +8  fewest ever free */
    mem_u16 fails;       /* +10 allocations refused (stack empty) */
    mem_u32 arena_bytes; /* +12 conventional memory the tag holds */
    mem_u32 waste_bytes; /* +16 lost to boundaries, alignment and rounding */
    mem_u16 meta_bytes;  /* +20 free stack and buffer table */
    mem_u16 bounces;     /* +22 maps that bounced */
    mem_u16 vds_skips;   /* +24 carved slots dropped (VDS lock failed) */
    mem_u16 maps;        /* +26 maps live now */
};                        /* 28 bytes */

/* Fill *c (far) with preset which (MEM_DMA_3C515_BUF ...).  MEM_E_NOTSUP
 * for MEM_DMA_3C509 (PIO), MEM_E_INVAL for an unknown preset.  task. */
int mem_dma_preset(int which, mem_fp_t c);

/* Check *c (far), carve its buffers, lock them with VDS under V86.
 * Returns the tag (1..MEM_DMA_TAGS) or MEM_E_ALIGN / MEM_E_BOUNDARY /
 * MEM_E_SIZE / MEM_E_LIMIT / MEM_E_INVAL (bad input, nothing allocated;
 * MEM_E_INVAL also for a flag bit this module does not know, so that a
 * constraint from a newer header is never silently dropped),
 * MEM_E_V86NOVDS, MEM_E_NOMEM, MEM_E_HANDLES (no free tag), MEM_E_VDS.
 * task (DOS memory calls, VDS). */
int mem_dma_tag_create(mem_fp_t c);
#define MEM_DMA_TAGS 8

/* Unlock and free a tag's buffers.  MEM_E_STATE if buffers are still
 * allocated or mapped.  task. */
int mem_dma_tag_destroy(int tag);

/* Pop a buffer of tag into *out (far): MEM_OK, MEM_E_NOMEM when the stack
 * is empty, MEM_E_INVAL for a bad tag.  ISR-safe (NASM; interrupts off for
 * the pop only, 29 clocks of an 80286). */
int mem_dma_alloc(int tag, mem_fp_t out);

/* Push a buffer back: MEM_OK, MEM_E_BADPTR (not a handle of a live tag),
 * MEM_E_DOUBLEFREE.  ISR-safe (NASM; interrupts off for the push only,
 * 22 clocks of an 80286). */
int mem_dma_free(mem_u16 handle);

/* Map len bytes at buf (far) for tag's device into *map (far).  MEM_E_SIZE
 * when len is 0 or above the tag's max_size, MEM_E_NOBOUNCE when a bounce
 * is needed and the tag has no free buffer, MEM_E_INVAL for a bad tag or a
 * null buf or map, MEM_E_BADPTR when the tag's record (kept in the tag's
 * own DMA memory) was damaged by a stray write: the constraints no longer
 * add up, so nothing is handed to the device.  Under VDS the module also
 * records the lock or VDS buffer a mapping holds (16 at once; a mapping
 * beyond that is bounced), so that mem_unload gives back what was never
 * unmapped.  task (VDS). */
int mem_dma_map(int tag, mem_fp_t buf, mem_u16 len, mem_fp_t map);

/* Make the mapping coherent: MEM_DMA_TO_DEVICE before the device reads,
 * MEM_DMA_FROM_DEVICE after it wrote.  A no-op in place; a copy when
 * bounced (the module's copy kernel, interrupts enabled).  MEM_OK, or
 * MEM_E_BADPTR (map is no live mapping, or its bounce is not an allocated
 * buffer of its tag that holds len bytes), MEM_E_INVAL (dir), MEM_E_VDS
 * (the provider refused the copy).  task: a bounce copies up to max_size
 * bytes and may call VDS (8109h/810Ah), too long for an ISR (receive ISRs
 * use packet buffers). */
int mem_dma_sync(mem_fp_t map, int dir);

/* Release the bounce buffer, VDS lock or VDS buffer of a mapping and clear
 * it.  MEM_OK, or MEM_E_BADPTR (no live mapping: never mapped, unmapped
 * already, or a bounce that is not its tag's).  task. */
int mem_dma_unmap(mem_fp_t map);

/* Fill *st (far, st->size set by the caller) with tag's figures, the
 * waste included (what the bench records).  task. */
int mem_dma_stats(int tag, mem_fp_t st);


/* ------------------------------------------------------------ sealing */
/*
 * v1.01.  Once a driver has set itself up (tags created, pools sized, XMS
 * store taken) it seals the module before it goes resident: the module
 * gives up its set-up code (tag create/destroy, presets, mem_pool_check,
 * mem_pool_overhead, the XMS set-up calls) and the run-time groups named
 * in drop, moves the groups it keeps down behind its core, and the client
 * library shrinks its block to that.  What stays:
 *   always          every ISR-safe entry (pools, packet buffers, copies,
 *                   DMA alloc/free, isr_enter/leave, version, cpu), unload
 *   MAP             mem_dma_map / sync / unmap
 *   SERVICE         mem_pool_service, mem_pool_stats (the pools' task-time
 *                   figures live with the code that changes them)
 *   STATS           mem_dma_stats, mem_info
 *   XMS             mem_xms_move, mem_xms_park, mem_xms_unpark, and the
 *                   table of the XMS handles the module gave out
 * After the seal an entry that is gone answers MEM_E_STATE and changes
 * nothing; the ISR-safe entries never move, so an interrupt handler may
 * run at any time during the seal.  Seal after every NIC module has done
 * its set-up: one that loads later finds its set-up calls gone (it must
 * fall back, e.g. to PIO) - a core that supports late modules seals only
 * after the last, or not at all.
 *
 * XMS handles: mem_xms_alloc and mem_xms_free are set-up entries, so after
 * any seal only the XMS group (moves, and mem_unload through it) can still
 * use or give back a handle.  A seal that drops XMS is therefore refused
 * while a handle from mem_xms_alloc is held or a buffer is parked: free
 * them first.  Such a seal gives the park store back when nothing is
 * parked in it.  A seal that keeps XMS keeps every handle usable in moves,
 * and mem_unload frees them.  A driver that never uses XMS pays nothing for
 * it once sealed with MEM_SEAL_DROP_XMS.
 */
#define MEM_SEAL_DROP_MAP      0x0001u  /* no mem_dma_map/sync/unmap */
#define MEM_SEAL_DROP_SERVICE  0x0002u  /* no mem_pool_service, mem_pool_stats */
#define MEM_SEAL_DROP_STATS    0x0004u  /* no mem_dma_stats, no mem_info */
#define MEM_SEAL_DROP_XMS      0x0008u  /* no XMS moves, park, unpark */
#define MEM_SEAL_DROP_ALL      0x000Fu

/* Seal the module (above).  MEM_OK, MEM_E_STATE (sealed already, or a
 * dropped group still holds something: a live mapping for MAP, an XMS
 * handle or a parked buffer for XMS), MEM_E_BUSY (inside
 * mem_isr_enter/leave), MEM_E_INVAL (unknown bits in drop),
 * MEM_E_XMS(code) (the driver refused to take back the empty park store:
 * nothing was dropped).  On any refusal the module is as it was.
 * MOD_E_API: the table the seal left has an entry outside the part it
 * kept (a mis-built module); the library then answers every call as if
 * no module were bound, and mem_unload still frees the module.  The
 * client library shrinks the module's block (DOS 4Ah; an XMS UMB with XMS
 * 12h, or not at all when the driver lacks it) and reads the API table
 * again; a second copy of the table (another client) must be read again
 * too.  task (seal before the NIC's interrupt handler may call into the
 * library's stubs, as for mem_load). */
int mem_seal(mem_u16 drop);

/* ------------------------------------------------------------ loading */

/* What the client library keeps about the loaded module. */
struct mem_module {
    mem_u16 seg;           /* segment of the module's block: a UMB (at or
                              above A000h) or conventional memory */
    mem_u16 paras;         /* paragraphs it holds after init */
    mem_u16 api_count;     /* entries in its API table */
    mem_u16 unload_off;    /* its unload entry */
};

/* Load MEMPOOL.MOD from path through its 64-byte header: check it, give it
 * a block, run its init with cfg (NULL = defaults), shrink the block to
 * the resident part and bind the API table.  The block is a UMB when one
 * is large enough (DOS 5+ with DOS=UMB: the whole image there, init
 * included; otherwise init runs in conventional memory and the resident
 * part moves into a UMB from DOS or the XMS driver), else conventional
 * memory; MEM_CFG_NO_UMB keeps it low, MEM_CFG_NO_XMS keeps the XMS
 * driver out of it.  Returns MEM_OK or a negative MOD_E_* (module_abi.h)
 * or MEM_E_* code: MEM_E_INVAL for a mem_config with a flag outside
 * MEM_CFG_KNOWN, a reserved word set, or bad packet classes (nothing
 * stays allocated).  init. */
int mem_load(const char *path, const struct mem_config *cfg,
             struct mem_module *m);

/* Run the module's unload entry (frees every arena, UMB and XMS handle it
 * holds) and free its block (DOS 49h, or XMS 11h for an XMS UMB).  init. */
int mem_unload(struct mem_module *m);

/* A readable name for a MEM_E_* or MOD_E_* code ("MEM_E_NOMEM").  Lives in
 * the client library, not in the resident module.  Any context. */
const char *mem_error_name(int err);

#endif
