/*
 * module_abi.h - the 64-byte header every packet-driver module starts with.
 * ABI version 1.0.
 *
 * A module is a raw real-mode image: this header at offset 0, then the
 * resident (hot) part, then the discardable init (cold) part.  The core
 * loads it like this (src/client/mod_load.c does exactly this):
 *
 *   1. read the header; check magic, ABI version, header size, flags (no
 *      bit outside MOD_F_KNOWN), CPU, sizes, and that the API table lies
 *      in the resident part (api_off >= 64, api_off + 2 * api_count <=
 *      cold_off, reckoned without 16-bit wrap-around);
 *   2. allocate a block of total_paras (a DOS block; mod_load.c takes a
 *      UMB when one is large enough), read image_bytes into it;
 *   3. check the checksum (16-bit sum of all image words, odd byte
 *      zero-padded, must be 0) and every API table entry: each lies in
 *      [64, cold_off), the resident part past the header;
 *   4. far call seg:init_off with a far pointer to its configuration;
 *      init returns 0 (AX) or a negative error;
 *   5. shrink the block to resident_paras: everything from cold_off on is
 *      gone, so init must not leave anything there that is used later;
 *      the loader may then copy the resident part into another block (a
 *      UMB) and free this one, before any entry is called and before any
 *      interrupt handler can reach the module: a module keeps no pointer
 *      to its own segment (it takes CS or DS when it needs it);
 *   6. call API entries: far call seg:table[i], table at api_off holds
 *      api_count near offsets;
 *   7. far call seg:unload_off, then free the block (DOS 49h, or XMS 11h
 *      for a UMB the XMS driver gave).
 *
 * Entry convention: C calling convention with a far return (arguments
 * pushed right to left by the caller, who removes them; result in AX, or
 * DX:AX for 32-bit values and far pointers).  Entries preserve SI, DI, BP,
 * DS, SS and SP; AX, BX, CX, DX, ES and flags are not preserved.
 *
 * The NASM mirror is include/module_abi.inc; `make` checks that both agree
 * field by field and that the header is exactly 64 bytes.
 */
#ifndef MODULE_ABI_H
#define MODULE_ABI_H

#define MOD_MAGIC0 'P'
#define MOD_MAGIC1 'D'
#define MOD_MAGIC2 'M'
#define MOD_MAGIC3 'D'
#define MOD_ABI_VERSION 0x0100u     /* BCD 1.00; the major byte must match */
#define MOD_HDR_SIZE    64

/* min_cpu values (same numbering as MEM_CPU_* in memory_api.h) */
#define MOD_CPU_8086 0
#define MOD_CPU_286  2
#define MOD_CPU_386  3

/* flags */
#define MOD_F_COLD   0x01    /* has a discardable init part */
#define MOD_F_KNOWN  0x01    /* every flag of this ABI version: a loader
                                refuses a module with any other bit set
                                (MOD_E_VERSION), since a new flag means
                                the module needs something it cannot do */

struct mod_header {
    unsigned char  magic[4];        /* +0  "PDMD" */
    unsigned short abi_version;     /* +4  MOD_ABI_VERSION */
    unsigned short hdr_size;        /* +6  64 */
    char           name[8];         /* +8  module name, NUL padded */
    unsigned short mod_version;     /* +16 BCD */
    unsigned char  min_cpu;         /* +18 MOD_CPU_* */
    unsigned char  flags;           /* +19 MOD_F_* */
    unsigned short image_bytes;     /* +20 bytes in the file (header included) */
    unsigned short resident_paras;  /* +22 paragraphs kept after init */
    unsigned short total_paras;     /* +24 paragraphs needed to run init */
    unsigned short cold_off;        /* +26 offset where the init part starts */
    unsigned short init_off;        /* +28 init entry */
    unsigned short unload_off;      /* +30 unload entry */
    unsigned short api_off;         /* +32 API table: api_count near offsets */
    unsigned short api_count;       /* +34 */
    unsigned short api_version;     /* +36 BCD version of the API it serves */
    unsigned short checksum;        /* +38 makes the image's word sum 0 */
    unsigned short stack_bytes;     /* +40 size of the module's private stack */
    unsigned char  reserved[22];    /* +42 zero */
};                                  /* 64 */

/* Offset of a header field (bcc's <stddef.h> has no offsetof). */
#define MOD_HDR_OFF(f) \
    ((unsigned)((char *)&((struct mod_header *)0)->f - (char *)(struct mod_header *)0))

/* The header is exactly 64 bytes on every compiler (fails to compile if not). */
typedef char mod_header_size_is_64[(sizeof(struct mod_header) == MOD_HDR_SIZE) ? 1 : -1];

/* Loader errors (negative, beside MEM_E_* of memory_api.h). */
#define MOD_E_OPEN      (-64)   /* file not found / cannot open */
#define MOD_E_READ      (-65)   /* read error */
#define MOD_E_TRUNC     (-66)   /* file shorter than its header says */
#define MOD_E_MAGIC     (-67)   /* not a module */
#define MOD_E_VERSION   (-68)   /* ABI major version or header size differs,
                                   or a flag outside MOD_F_KNOWN is set */
#define MOD_E_SIZE      (-69)   /* sizes inconsistent or oversize */
#define MOD_E_CHECKSUM  (-70)   /* checksum mismatch */
#define MOD_E_CPU       (-71)   /* CPU older than min_cpu */
#define MOD_E_NOMEM     (-72)   /* no DOS block for the module */
#define MOD_E_INIT      (-73)   /* init failed (its own code is returned
                                   when it is a MEM_E_* code) */
#define MOD_E_API       (-74)   /* API table missing, too short, not inside
                                   the resident part, or an entry outside
                                   [MOD_HDR_SIZE, cold_off); from mem_seal:
                                   an entry outside what the seal kept */

#endif
