/*
 * mod_load.c - load MEMPOOL.MOD the way the packet-driver core loads a
 * module: through its 64-byte header, checking everything before any of
 * its code runs, into upper memory when a UMB is large enough.  Client
 * library (DOS); uses INT 21h, INT 2Fh and the XMS driver through the port.
 *
 * Where the module's block comes from (docs/architecture/load-high.md):
 *   1. DOS 5+ with DOS=UMB (and not MEM_CFG_NO_UMB): a UMB of total_paras
 *      taken with the UMB chain linked and a high-only strategy, link
 *      state and strategy restored; init runs there and 4Ah drops the
 *      init part in place.
 *   2. Otherwise conventional memory: init runs low, 4Ah drops the init
 *      part, then (not MEM_CFG_NO_UMB) a UMB of resident_paras - DOS 5+
 *      high-only as above, else the XMS driver's function 10h (not
 *      MEM_CFG_NO_XMS) - receives a copy of the resident part and the low
 *      block is freed.  The image keeps no pointer to its own segment and
 *      no interrupt handler can be inside it yet (none is bound during
 *      mem_load), so it runs from the copy as it ran from the original.
 * A block counts as upper memory only at or above A000h.  An XMS UMB is
 * freed with XMS 11h and shrunk at the seal with 12h when the driver has
 * it (otherwise it stays as it is); DOS blocks use 49h and 4Ah.
 */
#include "port.h"
#include "module_abi.h"
#include "mem_api_idx.h"

extern mem_u32 mem_api_tab[];                   /* mem_stubs.asm */
mem_u32 mod_call(u16 seg, u16 off, u16 nargs, const u16 *args);
u16 mod_cpu_class(void);                        /* client_call.asm */
void mod_copy_paras(u16 dst, u16 src, u16 paras);   /* client_call.asm */
void pool_stubs_bind(int bind);                 /* pool_stubs.asm */
void mem_stubs_bind(int bind);                  /* build/gen/mem_stubs.asm */
void dma_stubs_bind(int bind);                  /* dma_stubs.asm */
void copy_bind(int use386);                     /* copy.asm */

#define UMB_SEG     0xA000u     /* first segment of upper memory */

/* Offset of a struct mem_info field (bcc's <stddef.h> has no offsetof). */
#define INFO_OFF(f) \
    ((u16)((char *)&((struct mem_info *)0)->f - (char *)(struct mem_info *)0))

/* The kinds of block the module can live in. */
#define BLK_CONV    1           /* DOS 48h below A000h: 4Ah, 49h */
#define BLK_DOSUMB  2           /* DOS 5+ 48h through the UMB link: 4Ah, 49h */
#define BLK_XMSUMB  3           /* XMS 10h: 12h (if the driver has it), 11h */

/* One module per program. */
static u16 loaded_seg = 0;                      /* its block */
static u16 loaded_api = 0;                      /* its API table's offset */
static u16 loaded_paras = 0;                    /* paragraphs the block holds */
static u8  loaded_kind = 0;                     /* BLK_* */
static u16 xms_seg = 0, xms_off = 0;            /* XMS entry (BLK_XMSUMB) */

static void clear(struct port_regs *r)
{
    r->ax = r->bx = r->cx = r->dx = r->si = r->di = r->ds = r->es = 0;
    r->flags = 0;
}

static int dos(struct port_regs *r)
{
    port_int(0x21, r);
    return (r->flags & PORT_CF) ? -1 : 0;
}

static void dos_close(u16 fh)
{
    struct port_regs r;
    clear(&r);
    r.ax = 0x3E00;
    r.bx = fh;
    dos(&r);
}

static void dos_free(u16 seg)
{
    struct port_regs r;
    clear(&r);
    r.ax = 0x4900;
    r.es = seg;
    dos(&r);
}

static u16 dos_version(void)
{
    struct port_regs r;
    clear(&r);
    r.ax = 0x3000;
    port_int(0x21, &r);
    return (u16)(((r.ax & 0xFF) << 8) | (r.ax >> 8));
}

/* A DOS block of paras paragraphs, in upper memory (high != 0) or below
 * A000h; 0 when there is none.  DOS 5+: allocation strategy 40h (high
 * only) with the UMB chain linked, or 00h (low first fit); both the
 * strategy and the link state are put back as they were (RBIL 2158: "a
 * program which changes the UMB link state should restore it").  5800h
 * may leave CF as it was (DOSBox 0.74), so its CF is not looked at.
 * Before DOS 5 only a low block is asked for, with plain 48h.  A block
 * on the wrong side of A000h is given back (a linked chain can hand out a
 * UMB under the low strategy, and some DOSes fall back to low memory
 * under a high one).  The same dance as the module's arena_get. */
static u16 dos_alloc(u16 paras, int high, int dos5)
{
    struct port_regs r;
    u16 old_st, old_link = 0, seg = 0;

    if (!dos5) {
        if (high)
            return 0;
        clear(&r);
        r.ax = 0x4800;
        r.bx = paras;
        if (dos(&r) == 0)
            seg = r.ax;
    } else {
        clear(&r);
        r.ax = 0x5800;
        port_int(0x21, &r);
        old_st = r.ax & 0xFF;
        if (high) {
            clear(&r);
            r.ax = 0x5802;
            if (dos(&r))
                return 0;
            old_link = r.ax & 0xFF;
            clear(&r);
            r.ax = 0x5803;
            r.bx = 1;
            if (dos(&r))
                return 0;           /* no DOS=UMB: nothing changed */
        }
        clear(&r);
        r.ax = 0x5801;
        r.bx = high ? 0x40 : 0x00;
        if (dos(&r) == 0) {
            clear(&r);
            r.ax = 0x4800;
            r.bx = paras;
            if (dos(&r) == 0)
                seg = r.ax;
        }
        clear(&r);
        r.ax = 0x5801;
        r.bx = old_st;
        dos(&r);
        if (high) {
            clear(&r);
            r.ax = 0x5803;
            r.bx = old_link;
            dos(&r);
        }
    }
    if (seg != 0 && (seg >= UMB_SEG) != (high != 0)) {
        dos_free(seg);
        seg = 0;
    }
    return seg;
}

/* The XMS driver's entry point into xms_seg:xms_off; 0 when there is a
 * driver, -1 when none answers INT 2Fh 4300h. */
static int xms_find(void)
{
    struct port_regs r;

    clear(&r);
    r.ax = 0x4300;
    port_int(0x2F, &r);
    if ((r.ax & 0xFF) != 0x80)
        return -1;
    clear(&r);
    r.ax = 0x4310;
    port_int(0x2F, &r);
    xms_seg = r.es;
    xms_off = r.bx;
    return xms_seg != 0 || xms_off != 0 ? 0 : -1;
}

/* XMS function ah with DX = dx, BX = bx: 0 when the driver says AX = 1. */
static int xms(u16 ah, u16 dx, u16 bx, struct port_regs *r)
{
    clear(r);
    r->ax = (u16)(ah << 8);
    r->dx = dx;
    r->bx = bx;
    port_farcall(xms_seg, xms_off, r);
    return r->ax == 1 ? 0 : -1;
}

/* Give back the module's block, whichever kind it is. */
static void block_free(u16 seg, u8 kind)
{
    struct port_regs r;

    if (kind == BLK_XMSUMB)
        xms(0x11, seg, 0, &r);
    else
        dos_free(seg);
}

/* The resident part (paras paragraphs at seg, init done, low) into a UMB
 * of its size: DOS 5+ high-only first, then XMS 10h.  Returns the new
 * segment with *kind and *got set, or seg itself (nothing changed) when no
 * UMB that large is free. */
static u16 move_up(u16 seg, u16 paras, int dos5, int use_xms, u8 *kind, u16 *got)
{
    struct port_regs r;
    u16 up;

    up = dos_alloc(paras, 1, dos5);
    if (up != 0) {
        *kind = BLK_DOSUMB;
        *got = paras;
    } else if (use_xms && xms_find() == 0 && xms(0x10, paras, 0, &r) == 0) {
        up = r.bx;
        if (up < UMB_SEG || r.dx < paras) {
            xms(0x11, up, 0, &r);   /* not upper memory, or short: refused */
            return seg;
        }
        *kind = BLK_XMSUMB;
        *got = r.dx;
    } else {
        return seg;
    }
    mod_copy_paras(up, seg, paras);
    dos_free(seg);
    return up;
}

/* Header checks that need no memory and run no module code. */
static int check_header(const struct mod_header *h)
{
    if (h->magic[0] != MOD_MAGIC0 || h->magic[1] != MOD_MAGIC1 ||
        h->magic[2] != MOD_MAGIC2 || h->magic[3] != MOD_MAGIC3)
        return MOD_E_MAGIC;
    if ((h->abi_version >> 8) != (MOD_ABI_VERSION >> 8) || h->hdr_size != MOD_HDR_SIZE)
        return MOD_E_VERSION;
    /* A flag this loader does not know asks for something it cannot do. */
    if (h->flags & ~MOD_F_KNOWN)
        return MOD_E_VERSION;
    if (h->min_cpu > mod_cpu_class())
        return MOD_E_CPU;
    if (h->image_bytes < MOD_HDR_SIZE || h->cold_off < MOD_HDR_SIZE ||
        h->cold_off > h->image_bytes)
        return MOD_E_SIZE;
    /* total_paras covers the image; resident part covers everything before
     * cold_off; a module is at most 64 KB (0x1000 paragraphs). */
    if (h->total_paras > 0x1000 || h->resident_paras > h->total_paras ||
        ((mem_u32)h->total_paras << 4) < h->image_bytes ||
        ((mem_u32)h->resident_paras << 4) < h->cold_off)
        return MOD_E_SIZE;
    if (h->init_off < MOD_HDR_SIZE || h->init_off >= h->cold_off ||
        h->unload_off < MOD_HDR_SIZE || h->unload_off >= h->cold_off)
        return MOD_E_SIZE;
    if (h->api_count < MEM_API_COUNT)
        return MOD_E_API;
    /* The table lies in the resident part: api_off + 2 * api_count <=
     * cold_off, bounded without a sum that could wrap in 16 bits. */
    if (h->api_off < MOD_HDR_SIZE || h->api_off > h->cold_off ||
        h->api_count > (u16)(h->cold_off - h->api_off) / 2)
        return MOD_E_API;
    return MEM_OK;
}

/* Every entry of the table in memory points into the resident part, past
 * the header: [MOD_HDR_SIZE, cold_off).  Anything else would send the
 * first call into the header, into the init part that is freed after init,
 * or out of the block. */
static int check_table(u16 seg, const struct mod_header *h)
{
    u16 i, off;

    for (i = 0; i < h->api_count; i++) {
        off = port_peekw(seg, (u16)(h->api_off + 2 * i));
        if (off < MOD_HDR_SIZE || off >= h->cold_off)
            return MOD_E_API;
    }
    return MEM_OK;
}

/* Word sum of the image in memory, odd byte zero-padded. */
static u16 image_sum(u16 seg, u16 bytes)
{
    u16 sum = 0, i;
    for (i = 0; i + 1 < bytes; i += 2)
        sum = (u16)(sum + port_peekw(seg, i));
    if (bytes & 1)
        sum = (u16)(sum + port_peekb(seg, (u16)(bytes - 1)));
    return sum;
}

/* Read the module's API table into the stubs' far pointers. */
static void bind(u16 seg)
{
    u16 i;
    for (i = 0; i < MEM_API_COUNT; i++)
        mem_api_tab[i] = MEM_FP(seg, port_peekw(seg, (u16)(loaded_api + 2 * i)));
    pool_stubs_bind(1);
    mem_stubs_bind(1);
    dma_stubs_bind(1);
}

/* The library's copy family takes the 386 path when the CPU is a 386 or
 * later and the module chose its own 386 path too (MEM_INFO_COPY386: not
 * with MEM_CFG_FORCE_286), so both answer alike.  Asked once, at load:
 * mem_info may be sealed away later. */
static int copy_path386(void)
{
    struct mem_info info;

    if (MEM_CPU_TYPE(mem_cpu()) < MEM_CPU_386)
        return 0;
    info.size = sizeof(info);
    info.flags = 0;
    if (mem_info(MEM_FP(port_ds(), (u16)&info)) != MEM_OK)
        return 0;
    return (info.flags & MEM_INFO_COPY386) != 0;
}

int mem_load(const char *path, const struct mem_config *cfg, struct mem_module *m)
{
    struct mod_header h;
    struct port_regs r;
    u16 fh, seg, i, args[2], flags, paras;
    const u8 *hp;
    u8 kind;
    int rc, dos5;

    if (loaded_seg != 0)
        return MEM_E_STATE;
    if (path == 0 || m == 0)
        return MEM_E_INVAL;

    clear(&r);
    r.ax = 0x3D00;                              /* open, read only */
    r.dx = (u16)path;
    if (dos(&r))
        return MOD_E_OPEN;
    fh = r.ax;

    clear(&r);
    r.ax = 0x3F00;
    r.bx = fh;
    r.cx = MOD_HDR_SIZE;
    r.dx = (u16)&h;
    if (dos(&r)) {
        dos_close(fh);
        return MOD_E_READ;
    }
    if (r.ax != MOD_HDR_SIZE) {
        dos_close(fh);
        return MOD_E_TRUNC;
    }
    rc = check_header(&h);
    if (rc != MEM_OK) {
        dos_close(fh);
        return rc;
    }

    clear(&r);
    r.ax = 0x4202;                              /* file size */
    r.bx = fh;
    if (dos(&r)) {
        dos_close(fh);
        return MOD_E_READ;
    }
    if (r.dx != 0 || r.ax != h.image_bytes) {
        dos_close(fh);
        return (r.dx == 0 && r.ax < h.image_bytes) ? MOD_E_TRUNC : MOD_E_SIZE;
    }

    /* The configuration's flags (init refuses a size below 4 itself). */
    flags = (cfg != 0 && cfg->size >= 4) ? cfg->flags : 0;
    dos5 = dos_version() >= 0x0500;
    kind = BLK_CONV;
    seg = 0;
    if (!(flags & MEM_CFG_NO_UMB)) {
        seg = dos_alloc(h.total_paras, 1, dos5);
        if (seg != 0)
            kind = BLK_DOSUMB;
    }
    if (seg == 0)
        seg = dos_alloc(h.total_paras, 0, dos5);
    if (seg == 0) {
        dos_close(fh);
        return MOD_E_NOMEM;
    }

    clear(&r);
    r.ax = 0x4200;                              /* rewind */
    r.bx = fh;
    dos(&r);
    clear(&r);
    r.ax = 0x3F00;                              /* whole image into seg:0 */
    r.bx = fh;
    r.cx = h.image_bytes;
    r.ds = seg;
    r.dx = 0;
    rc = dos(&r);
    dos_close(fh);
    if (rc != 0 || r.ax != h.image_bytes) {
        block_free(seg, kind);
        return rc != 0 ? MOD_E_READ : MOD_E_TRUNC;
    }

    /* The image in memory must be the one whose header was checked, and
     * its checksum must hold, before a single instruction of it runs. */
    hp = (const u8 *)&h;
    for (i = 0; i < MOD_HDR_SIZE; i++)
        if (port_peekb(seg, i) != hp[i]) {
            block_free(seg, kind);
            return MOD_E_CHECKSUM;
        }
    if (image_sum(seg, h.image_bytes) != 0) {
        block_free(seg, kind);
        return MOD_E_CHECKSUM;
    }
    rc = check_table(seg, &h);
    if (rc != MEM_OK) {
        block_free(seg, kind);
        return rc;
    }

    args[0] = cfg ? (u16)cfg : 0;
    args[1] = cfg ? port_ds() : 0;
    rc = (int)(u16)mod_call(seg, h.init_off, 2, args);
    if (rc != MEM_OK) {
        block_free(seg, kind);
        return rc < 0 ? rc : MOD_E_INIT;
    }

    clear(&r);
    r.ax = 0x4A00;                              /* drop the init part */
    r.es = seg;
    r.bx = h.resident_paras;
    if (dos(&r)) {
        mod_call(seg, h.unload_off, 0, args);
        block_free(seg, kind);
        return MOD_E_NOMEM;
    }
    paras = h.resident_paras;
    if (kind == BLK_CONV && !(flags & MEM_CFG_NO_UMB))
        seg = move_up(seg, paras, dos5, !(flags & MEM_CFG_NO_XMS), &kind, &paras);

    loaded_api = h.api_off;
    bind(seg);
    loaded_seg = seg;
    loaded_paras = paras;
    loaded_kind = kind;
    copy_bind(copy_path386());      /* mem_info answers once loaded_seg is set */
    m->seg = seg;
    m->paras = paras;
    m->api_count = h.api_count;
    m->unload_off = h.unload_off;
    return MEM_OK;
}

int mem_unload(struct mem_module *m)
{
    u16 i;
    int rc;

    if (m == 0 || m->seg == 0 || m->seg != loaded_seg)
        return MEM_E_STATE;
    rc = (int)(u16)mod_call(m->seg, m->unload_off, 0, (const u16 *)0);
    if (rc != MEM_OK)
        return rc;
    block_free(m->seg, loaded_kind);
    pool_stubs_bind(0);
    mem_stubs_bind(0);
    dma_stubs_bind(0);
    copy_bind(0);
    for (i = 0; i < MEM_API_COUNT; i++)
        mem_api_tab[i] = 0;
    loaded_seg = 0;
    loaded_paras = 0;
    loaded_kind = 0;
    m->seg = 0;
    return MEM_OK;
}

/* The module's seal entry gives back the paragraphs it keeps; the block
 * is shrunk to them here (as mem_load drops the init part) and the table,
 * whose entries the seal moved or replaced, read again.  A DOS block
 * (conventional or UMB) shrinks with 4Ah, which cannot fail; an XMS UMB
 * with XMS 12h, and stays as it is when the driver refuses (DOSBox 0.74
 * answers 80h, not implemented): the module runs in its first paragraphs
 * either way. */
int seal_client(mem_u16 drop)           /* mem_seal (pool_stubs.asm) */
{
    struct port_regs r;
    u16 args[1], i, off, end;
    int rc;

    if (loaded_seg == 0)
        return MEM_E_STATE;
    args[0] = drop;
    rc = (int)(u16)mod_call(loaded_seg, MEM_FP_OFF(mem_api_tab[MEM_FN_SEAL]), 1, args);
    if (rc <= 0)
        return rc < 0 ? rc : MEM_E_STATE;
    if (loaded_kind == BLK_XMSUMB) {
        if (xms(0x12, loaded_seg, (u16)rc, &r) == 0)
            loaded_paras = (u16)rc;
    } else {
        clear(&r);
        r.ax = 0x4A00;
        r.es = loaded_seg;
        r.bx = (u16)rc;
        dos(&r);
        loaded_paras = (u16)rc;
    }
    /* the table the seal left: every entry in what stays, below the
     * private stack the seal sized (its figure in the header) */
    end = (u16)((u16)rc * 16u - port_peekw(loaded_seg, MOD_HDR_OFF(stack_bytes)));
    for (i = 0; i < MEM_API_COUNT; i++) {
        off = port_peekw(loaded_seg, (u16)(loaded_api + 2 * i));
        if (off < MOD_HDR_SIZE || off >= end) {
            pool_stubs_bind(0);         /* nothing jumps there: unload only */
            mem_stubs_bind(0);
            dma_stubs_bind(0);
            copy_bind(0);
            return MOD_E_API;
        }
    }
    bind(loaded_seg);
    return MEM_OK;
}

/* mem_info: the module's answer, plus its own block, which only the
 * loader knows (where it is, what kind, how many paragraphs it holds now):
 * added to umb_paras or conv_paras when the caller's size covers them. */
int info_client(mem_fp_t out)           /* mem_info (pool_stubs.asm) */
{
    u16 args[2], n, off, seg;
    int rc;

    if (loaded_seg == 0)
        return MEM_E_STATE;
    args[0] = MEM_FP_OFF(out);
    args[1] = MEM_FP_SEG(out);
    rc = (int)(u16)mod_call(loaded_seg, MEM_FP_OFF(mem_api_tab[MEM_FN_INFO]), 2, args);
    if (rc != MEM_OK)
        return rc;
    seg = MEM_FP_SEG(out);
    off = loaded_seg >= UMB_SEG ? INFO_OFF(umb_paras) : INFO_OFF(conv_paras);
    n = port_peekw(seg, MEM_FP_OFF(out));
    if (n >= off + 2) {
        off = (u16)(MEM_FP_OFF(out) + off);
        port_pokew(seg, off, (u16)(port_peekw(seg, off) + loaded_paras));
    }
    return MEM_OK;
}
