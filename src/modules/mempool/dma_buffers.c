/*
 * dma_buffers.c - DMA-safe buffers: tags, carved arenas, free stacks,
 * map/sync/unmap with bounce buffers, VDS locks.  Resident.
 *
 * The model is Linux dmapool (align + boundary at creation, blocks threaded
 * so that none crosses the boundary, alloc returns CPU and device address;
 * the 2023 rewrite's O(1) stack) with FreeBSD bus_dma's vocabulary and its
 * bounce-by-copy at sync time.
 *
 * Invariants (checked by tests/host/test_dma.c over random sequences):
 *   - every carved buffer b of tag t: b.phys % t.align == 0,
 *     b.phys / t.boundary == (b.phys + t.bsize - 1) / t.boundary,
 *     b.phys + t.bsize - 1 <= t.max_addr;
 *   - no two buffers overlap; a buffer is on the free stack iff its state
 *     byte is 0; top + allocated == count.
 * The device address is segment*16+offset only in real mode; under V86
 * mode each buffer is locked by VDS at creation and the lock's physical
 * address is checked against the tag (the memory manager may map a
 * conventional page anywhere).
 */
#include "port.h"
#include "mod_core.h"
#include "arena.h"
#include "dma_priv.h"

struct dma_tag dma_tags[MEM_DMA_TAGS] = { { 0 } };
struct dma_state dma = { 0 };

/* The DDS and bounce descriptor the task entries hand to VDS and to
 * dma_alloc_c by DS:offset.  Task entries do not nest (c_gate), so one of
 * each serves every call. */
static struct dma_dds dds_tmp = { 0 };
static struct mem_dma_buf bnc_tmp = { 0 };

/* Every VDS region a mapping holds (an 8103h lock or an 8107h buffer),
 * kept here as well as in the caller's struct mem_dma_map, so that unload
 * gives them back even when the caller never unmapped: a lock left behind
 * pins memory in the memory manager after the module is gone.  A mapping
 * that finds the table full is bounced instead (the tag's own buffers are
 * locked with the tag).  Task time only (maps do not nest: c_gate). */
#define DMA_VHELD 16
struct dma_vheld {
    u32 lin;
    u32 phys;
    u16 len;
    u16 bufid;
    u8  how;        /* 0 = free, MEM_DMA_MAP_LOCKED or MEM_DMA_MAP_VDSBUF */
    u8  pad;
};
static struct dma_vheld dma_vheld[DMA_VHELD] = { { 0 } };

/* dma_fast.asm reads struct dma_tag through its own struc dtag: this fails
 * to compile when the C size moves; tests/host/test_dma.c checks each
 * offset the asm uses against offsetof. */
typedef char dma_chk_size[sizeof(struct dma_tag) == DMA_TAG_BYTES ? 1 : -1];

/* ------------------------------------------------------------ far words */

static u32 far_rd32(u16 seg, u16 off)
{
    return (u32)port_peekw(seg, off) | ((u32)port_peekw(seg, (u16)(off + 2)) << 16);
}

static void far_wr32(u16 seg, u16 off, u32 v)
{
    port_pokew(seg, off, (u16)(v & 0xFFFFu));
    port_pokew(seg, (u16)(off + 2), (u16)(v >> 16));
}

static void far_rd(u16 seg, u16 off, void *dst, u16 n)
{
    u8 *p = (u8 *)dst;
    u16 i;
    for (i = 0; i < n; i++)
        p[i] = port_peekb(seg, (u16)(off + i));
}

static void far_wr(u16 seg, u16 off, const void *src, u16 n)
{
    const u8 *p = (const u8 *)src;
    u16 i;
    for (i = 0; i < n; i++)
        port_pokeb(seg, (u16)(off + i), p[i]);
}

static u32 fp_lin(mem_fp_t fp)
{
    return ((u32)MEM_FP_SEG(fp) << 4) + MEM_FP_OFF(fp);
}

static mem_fp_t lin_fp(u32 lin)
{
    return MEM_FP((u16)(lin >> 4), (u16)(lin & 15));
}

/* Bounce copy: far to far, non-overlapping, len <= 65520.  Byte by byte
 * through the port so that this file needs nothing but port.h. */
static void dma_copy(mem_fp_t dst, mem_fp_t src, u16 len)
{
    u32 d = fp_lin(dst), s = fp_lin(src);
    u16 i;
    dst = lin_fp(d);
    src = lin_fp(s);
    for (i = 0; i < len; i++)
        port_pokeb(MEM_FP_SEG(dst), (u16)(MEM_FP_OFF(dst) + i),
                   port_peekb(MEM_FP_SEG(src), (u16)(MEM_FP_OFF(src) + i)));
}

/* ----------------------------------------------------------- the checks */

static int pow2(u32 x)
{
    return x != 0 && (x & (x - 1)) == 0;
}

/* Does [phys, phys+len) meet the constraints? */
static int dma_meets(const struct dma_tag *t, u32 phys, u16 len)
{
    u32 last = phys + (u32)len - 1;
    if ((phys & (u32)(t->align - 1)) != 0)
        return 0;
    if ((phys & ~(t->boundary - 1)) != (last & ~(t->boundary - 1)))
        return 0;
    if (last < phys || last > t->max_addr)
        return 0;
    return 1;
}

/* Check a constraints struct; MEM_OK or the named error. */
int dma_check(const struct mem_dma_constraints *c)
{
    u32 bsize;

    if (c->size < sizeof(struct mem_dma_constraints) || c->reserved != 0)
        return MEM_E_INVAL;
    if (c->flags & ~DMA_F_KNOWN)
        return MEM_E_INVAL;
    /* bcc 0.16 does not widen a u16 argument to a u32 parameter: cast. */
    if (!pow2((u32)c->align))
        return MEM_E_ALIGN;
    if ((c->flags & MEM_DMA_F_DESC) && c->align < 16)
        return MEM_E_ALIGN;
    if (!pow2(c->boundary) || c->boundary < 16)
        return MEM_E_BOUNDARY;
    if ((u32)c->align > c->boundary)
        return MEM_E_ALIGN;
    if (c->max_size == 0 || (u32)c->max_size > c->boundary)
        return MEM_E_SIZE;
    bsize = ((u32)c->max_size + c->align - 1) & ~(u32)(c->align - 1);
    if (bsize > 0xFFF0u)
        return MEM_E_SIZE;
    if (c->count == 0 || c->count > 255)
        return MEM_E_INVAL;
    if (c->max_addr < 0xFFFFu)
        return MEM_E_LIMIT;         /* below any arena DOS can give */
    return MEM_OK;
}

/* ------------------------------------------------------------------ VDS */

/* INT 4Bh, AX = ax, DX = dx, ES:DI = d (module data), BX, CX.  0 on
 * success, else the VDS error code (AL; 0FFh when AL was 0). */
int dma_vds(u16 ax, u16 dx, struct dma_dds *d, u16 bx, u16 cx)
{
    struct port_regs r;

    r.ax = ax;
    r.bx = bx;
    r.cx = cx;
    r.dx = dx;
    r.si = 0;
    r.di = d ? port_near(d) : 0;
    r.ds = 0;
    r.es = port_ds();
    r.flags = 0;
    port_int(0x4B, &r);
    if (r.flags & PORT_CF)
        return (r.ax & 0xFF) ? (int)(r.ax & 0xFF) : 0xFF;
    return 0;
}

/* Lock flags for a tag: never let the provider buffer behind our back
 * (the device would DMA into memory the CPU does not see), no crossing
 * VDS can express, and no automatic remap for a bus master (the memory
 * manager cannot see a bus master's address registers). */
static u16 dma_lock_flags(const struct dma_tag *t)
{
    u16 f = VDS_F_NOBUF;
    if (t->cflags & MEM_DMA_F_BUSMASTER)
        f |= VDS_F_NOREMAP;
    if (t->boundary <= 0x10000UL)
        f |= VDS_F_NO64K;
    else if (t->boundary <= 0x20000UL)
        f |= VDS_F_NO128K;
    return f;
}

static void dds_set(struct dma_dds *d, u32 lin, u16 size)
{
    mem_fp_t fp = lin_fp(lin);
    d->size = (u32)size;    /* bcc: widen explicitly (see dma_check) */
    d->off = MEM_FP_OFF(fp);
    d->seg = MEM_FP_SEG(fp);
    d->bufid = 0;
    d->phys = 0;
}

/* Lock [lin, lin+size) for tag t: MEM_OK and *phys, or the VDS code > 0. */
static int dma_lock(const struct dma_tag *t, u32 lin, u16 size, u32 *phys)
{
    struct dma_dds *d = &dds_tmp;
    int e;

    dds_set(d, lin, size);
    e = dma_vds(0x8103, dma_lock_flags(t), d, 0, 0);
    if (e == 0)
        *phys = d->phys;
    return e;
}

static void dma_unlock(u32 lin, u16 size, u32 phys)
{
    struct dma_dds *d = &dds_tmp;
    dds_set(d, lin, size);
    d->phys = phys;
    dma_vds(0x8104, 0, d, 0, 0);
}

/* Give back the provider's buffer bufid (8108h). */
static void dma_vbuf_release(u32 lin, u16 size, u32 phys, u16 bufid)
{
    struct dma_dds *d = &dds_tmp;
    dds_set(d, lin, size);
    d->bufid = bufid;
    d->phys = phys;
    dma_vds(0x8108, 0, d, 0, 0);
}

/* Record a held VDS region: its record number (1..DMA_VHELD, kept in the
 * mapping's bounce field), or 0 when the table is full. */
static u16 vheld_add(u8 how, u32 lin, u16 len, u32 phys, u16 bufid)
{
    struct dma_vheld *v = dma_vheld;
    u16 i;
    for (i = 1; i <= DMA_VHELD; i++, v++)
        if (v->how == 0) {
            v->how = how;
            v->lin = lin;
            v->len = len;
            v->phys = phys;
            v->bufid = bufid;
            return i;
        }
    return 0;
}

/* Forget record i of a region unmap gave back (when it is the mapping's). */
static void vheld_drop(u16 i, u8 how, u32 lin)
{
    struct dma_vheld *v;
    if (i == 0 || i > DMA_VHELD)
        return;
    v = &dma_vheld[i - 1];
    if (v->how == how && v->lin == lin)
        v->how = 0;
}

/* -------------------------------------------------------------- carving */

/* Carve tag t's buffers into the arena at seg (paras paragraphs), from
 * the end of the metadata on.  Threading (dmapool): align the cursor; when
 * the buffer would reach past the next boundary, jump to that boundary.
 * Fills the buffer table when write is set; returns the number of
 * buffers placed (up to want) and in *end the linear address past the
 * last one.  Under VDS every placed buffer is locked; a slot whose lock
 * fails or breaks the tag is dropped (t->vds_skips) and carving goes on. */
static u16 dma_carve(struct dma_tag *t, u16 seg, u16 paras, u16 want,
                     int write, u32 *end)
{
    u32 base = (u32)seg << 4;
    u32 lim = base + ((u32)paras << 4);
    u32 cur = base + t->meta_bytes;
    u32 bmask = ~(t->boundary - 1);
    u32 amask = (u32)(t->align - 1);
    u32 phys;
    u16 n = 0;

    *end = cur;
    while (n < want) {
        cur = (cur + amask) & ~amask;
        if ((cur & bmask) != ((cur + (u32)t->bsize - 1) & bmask))
            cur = (cur + t->boundary) & bmask;
        if (cur + (u32)t->bsize > lim)
            break;
        phys = cur;
        if (write && dma.use_vds) {
            if (dma_lock(t, cur, t->bsize, &phys) != 0) {
                t->vds_skips++;
                cur += t->bsize;
                continue;
            }
            if (!dma_meets(t, phys, t->bsize)) {
                dma_unlock(cur, t->bsize, phys);
                t->vds_skips++;
                cur += t->bsize;
                continue;
            }
        }
        if (write) {
            far_wr32(seg, (u16)(n * DMA_ENT_BYTES), (u32)lin_fp(cur));
            far_wr32(seg, (u16)(n * DMA_ENT_BYTES + 4), phys);
        }
        n++;
        cur += t->bsize;
        *end = cur;
    }
    return n;
}

/* Paragraphs that surely hold want buffers wherever DOS puts the arena:
 * the metadata, a worst alignment pad, the buffers, and one buffer lost at
 * each boundary the span can meet; VDS skips get an eighth more. */
static u32 dma_bound(const struct dma_tag *t, u16 want)
{
    u32 span = (u32)t->meta_bytes + t->align + (u32)want * t->bsize;
    u32 jumps = span / t->boundary + 2;
    span += jumps * t->bsize;
    if (dma.use_vds)
        span += ((u32)want / 8 + 1) * (t->bsize + t->align);
    return (span + 15) >> 4;
}

static void dma_unlock_all(struct dma_tag *t)
{
    u16 i;
    u32 fp, phys;

    if (!t->locked)
        return;
    for (i = 0; i < t->count; i++) {
        fp = far_rd32(t->meta_seg, (u16)(i * DMA_ENT_BYTES));
        phys = far_rd32(t->meta_seg, (u16)(i * DMA_ENT_BYTES + 4));
        dma_unlock(fp_lin(fp), t->bsize, phys);
    }
    t->locked = 0;
}

static void dma_tag_clear(struct dma_tag *t)
{
    u8 *p = (u8 *)t;
    u16 i;
    for (i = 0; i < sizeof(*t); i++)
        p[i] = 0;
}

/* Get an arena for t and carve it.  Tries the tight size first (computed
 * for where the bound-sized block landed) so that only boundary and
 * alignment losses remain, not the bound's slack. */
static int dma_build(struct dma_tag *t, u16 want)
{
    u32 bound = dma_bound(t, want), end;
    u16 seg, paras, got, tight;
    u8 umb;
    int rc;

    if (bound > 0xFFFFUL)
        return MEM_E_NOMEM;
    paras = (u16)bound;
    rc = arena_get(paras, ARENA_CONV_ONLY, &seg, &umb);
    if (rc != MEM_OK)
        return rc;
    if (!dma.use_vds) {
        got = dma_carve(t, seg, paras, want, 0, &end);
        tight = (u16)((end - ((u32)seg << 4) + 15) >> 4);
        if (got == want && tight < paras) {
            arena_put(seg);
            rc = arena_get(tight, ARENA_CONV_ONLY, &seg, &umb);
            if (rc == MEM_OK && dma_carve(t, seg, tight, want, 0, &end) == want) {
                paras = tight;
            } else {
                if (rc == MEM_OK)
                    arena_put(seg);
                rc = arena_get(paras, ARENA_CONV_ONLY, &seg, &umb);
                if (rc != MEM_OK)
                    return rc;
            }
        }
    }
    if (umb) {              /* never: ARENA_CONV_ONLY; a DMA arena in a UMB
                               would need a VDS lock the tag does not hold */
        arena_put(seg);
        return MEM_E_NOMEM;
    }
    t->meta_seg = seg;
    t->arena_paras = paras;
    t->locked = dma.use_vds;
    got = dma_carve(t, seg, paras, want, 1, &end);
    t->count = (u8)got;
    if (got < want) {
        dma_unlock_all(t);
        arena_put(seg);
        t->meta_seg = 0;
        return dma.use_vds ? MEM_E_VDS : MEM_E_NOMEM;
    }
    return MEM_OK;
}

/* ------------------------------------------------------------- entries */

int mod_dma_preset(int which, mem_fp_t c)
{
    struct mem_dma_constraints k;
    u16 i;
    u8 *p = (u8 *)&k;

    if (MEM_FP_SEG(c) == 0)
        return MEM_E_INVAL;
    for (i = 0; i < sizeof(k); i++)
        p[i] = 0;
    k.size = sizeof(k);
    k.count = 8;
    k.max_size = 1536;
    k.align = 16;
    k.boundary = 0x10000UL;
    k.max_addr = 0xFFFFFFUL;
    switch (which) {
    case MEM_DMA_3C509:
        return MEM_E_NOTSUP;
    case MEM_DMA_3C515_BUF:
        k.flags = MEM_DMA_F_BUSMASTER;
        break;
    case MEM_DMA_3C515_RING:
        k.flags = MEM_DMA_F_BUSMASTER | MEM_DMA_F_DESC;
        k.max_size = 256;
        break;
    case MEM_DMA_3C90X_BUF:
        k.flags = MEM_DMA_F_BUSMASTER;
        k.boundary = 0x100000UL;
        k.max_addr = 0xFFFFFFFFUL;
        break;
    case MEM_DMA_3C90X_RING:
        k.flags = MEM_DMA_F_BUSMASTER | MEM_DMA_F_DESC;
        k.boundary = 0x100000UL;
        k.max_addr = 0xFFFFFFFFUL;
        k.max_size = 256;
        break;
    case MEM_DMA_8237_8:
        k.align = 1;
        break;
    case MEM_DMA_8237_16:
        k.align = 2;
        k.boundary = 0x20000UL;
        break;
    default:
        return MEM_E_INVAL;
    }
    far_wr(MEM_FP_SEG(c), MEM_FP_OFF(c), &k, sizeof(k));
    return MEM_OK;
}

int mod_dma_tag_create(mem_fp_t c)
{
    struct mem_dma_constraints k;
    struct dma_tag *t = 0;
    u16 i, n;
    u32 last;
    int rc, id = 0;

    if (!mod.initialised)
        return MEM_E_STATE;
    if (MEM_FP_SEG(c) == 0)
        return MEM_E_INVAL;
    far_rd(MEM_FP_SEG(c), MEM_FP_OFF(c), &k, sizeof(k));
    rc = dma_check(&k);
    if (rc != MEM_OK)
        return rc;
    if ((k.flags & MEM_DMA_F_BUSMASTER) && mod.v86 && !dma.use_vds)
        return MEM_E_V86NOVDS;
    for (i = 0; i < MEM_DMA_TAGS; i++)
        if (dma_tags[i].meta_seg == 0) {
            t = &dma_tags[i];
            id = (int)i + 1;
            break;
        }
    if (t == 0)
        return MEM_E_HANDLES;
    dma_tag_clear(t);
    t->cflags = k.flags;
    t->align = k.align;
    t->boundary = k.boundary;
    t->max_addr = k.max_addr;
    t->max_size = k.max_size;
    t->bsize = (u16)((k.max_size + k.align - 1) & ~(k.align - 1));
    n = k.count;
    t->meta_bytes = (u16)((n * (DMA_ENT_BYTES + 2) + 15) & ~15u);
    t->stack_off = (u16)(n * DMA_ENT_BYTES);
    t->state_off = (u16)(n * (DMA_ENT_BYTES + 1));
    rc = dma_build(t, n);
    if (rc != MEM_OK) {
        dma_tag_clear(t);
        return rc;
    }
    /* Every buffer must sit below the device's limit (checked on the
     * physical address; the carve already dropped VDS slots above it). */
    for (i = 0; i < n; i++) {
        last = far_rd32(t->meta_seg, (u16)(i * DMA_ENT_BYTES + 4));
        last += (u32)t->bsize - 1;
        if (last > t->max_addr) {
            dma_unlock_all(t);
            arena_put(t->meta_seg);
            dma_tag_clear(t);
            return MEM_E_LIMIT;
        }
    }
    /* Free stack: index n-1 at the bottom, 0 on top (popped first). */
    for (i = 0; i < n; i++) {
        port_pokeb(t->meta_seg, (u16)(t->stack_off + i), (u8)(n - 1 - i));
        port_pokeb(t->meta_seg, (u16)(t->state_off + i), 0);
    }
    t->top = (u8)n;
    t->low = (u8)n;
    t->waste = ((u32)t->arena_paras << 4) - t->meta_bytes
               - (u32)n * t->max_size;
    return id;
}

static struct dma_tag *tag_of(int tag)
{
    if (tag < 1 || tag > MEM_DMA_TAGS || dma_tags[tag - 1].meta_seg == 0)
        return 0;
    return &dma_tags[tag - 1];
}

int mod_dma_tag_destroy(int tag)
{
    struct dma_tag *t = tag_of(tag);

    if (t == 0)
        return MEM_E_INVAL;
    if (t->top != t->count || t->maps != 0)
        return MEM_E_STATE;
    dma_unlock_all(t);
    arena_put(t->meta_seg);
    dma_tag_clear(t);
    return MEM_OK;
}

/* C twin of mod_dma_alloc (dma_fast.asm): same contract.  The pop and the
 * state byte are the only work with interrupts off. */
int dma_alloc_c(int tag, mem_fp_t out)
{
    struct dma_tag *t = tag_of(tag);
    u16 fl, seg, e;
    u8 idx, top;

    if (t == 0)
        return MEM_E_INVAL;
    seg = t->meta_seg;
    fl = port_irq_save();
    top = t->top;
    if (top == 0) {
        t->fails++;
        port_irq_restore(fl);
        return MEM_E_NOMEM;
    }
    t->top = --top;
    idx = port_peekb(seg, (u16)(t->stack_off + top));
    port_pokeb(seg, (u16)(t->state_off + idx), 1);
    port_irq_restore(fl);
    if (top < t->low)
        t->low = top;
    e = (u16)(idx * DMA_ENT_BYTES);
    far_wr32(MEM_FP_SEG(out), MEM_FP_OFF(out), far_rd32(seg, e));
    far_wr32(MEM_FP_SEG(out), (u16)(MEM_FP_OFF(out) + 4), far_rd32(seg, (u16)(e + 4)));
    port_pokew(MEM_FP_SEG(out), (u16)(MEM_FP_OFF(out) + 8), (u16)((tag << 8) | idx));
    port_pokew(MEM_FP_SEG(out), (u16)(MEM_FP_OFF(out) + 10), t->bsize);
    return MEM_OK;
}

/* C twin of mod_dma_free (dma_fast.asm). */
int dma_free_c(u16 handle)
{
    struct dma_tag *t = tag_of(handle >> 8);
    u16 fl, seg;
    u8 idx = (u8)(handle & 0xFF);

    if (t == 0 || idx >= t->count)
        return MEM_E_BADPTR;
    seg = t->meta_seg;
    fl = port_irq_save();
    if (port_peekb(seg, (u16)(t->state_off + idx)) != 1) {
        port_irq_restore(fl);
        return MEM_E_DOUBLEFREE;
    }
    port_pokeb(seg, (u16)(t->state_off + idx), 0);
    port_pokeb(seg, (u16)(t->stack_off + t->top), idx);
    t->top++;
    port_irq_restore(fl);
    return MEM_OK;
}

/* ------------------------------------------------------------- mapping */

int mod_dma_map(int tag, mem_fp_t buf, u16 len, mem_fp_t map)
{
    struct dma_tag *t = tag_of(tag);
    struct mem_dma_map m;
    struct mem_dma_buf *b = &bnc_tmp;
    struct dma_dds *d = &dds_tmp;
    u32 lin, phys;
    int e;

    if (t == 0 || MEM_FP_SEG(map) == 0 || MEM_FP_SEG(buf) == 0)
        return MEM_E_INVAL;
    if (len == 0 || len > t->max_size)
        return MEM_E_SIZE;
    lin = fp_lin(buf);
    m.buf = buf;
    m.len = len;
    m.tag = (u16)tag;
    m.bounce = 0;
    m.vds_id = 0;
    m.magic = DMA_MAP_MAGIC;
    if (!dma.use_vds) {
        /* Real mode: linear is physical.  (V86 without VDS only reaches
         * here for a system-DMA tag: the memory manager remaps the 8237.)
         * A bus master never gets a UMB in place without a VDS lock. */
        if (dma_meets(t, lin, len) &&
            !((t->cflags & MEM_DMA_F_BUSMASTER) && lin >= 0xA0000UL)) {
            m.phys = lin;
            m.how = MEM_DMA_MAP_INPLACE;
            goto done;
        }
    } else {
        e = dma_lock(t, lin, len, &phys);
        if (e == 0) {
            if (dma_meets(t, phys, len) &&
                (m.bounce = vheld_add(MEM_DMA_MAP_LOCKED, lin, len, phys, 0)) != 0) {
                m.phys = phys;
                m.how = MEM_DMA_MAP_LOCKED;
                goto done;
            }
            dma_unlock(lin, len, phys);
        } else if (e == VDS_E_NOTCONTIG || e == VDS_E_CROSSED) {
            /* The provider's own buffer, when it meets the tag. */
            dds_set(d, lin, len);
            if (dma_vds(0x8107, 0, d, 0, 0) == 0) {
                if (dma_meets(t, d->phys, len) &&
                    (m.bounce = vheld_add(MEM_DMA_MAP_VDSBUF, lin, len, d->phys,
                                          d->bufid)) != 0) {
                    m.phys = d->phys;
                    m.vds_id = d->bufid;
                    m.how = MEM_DMA_MAP_VDSBUF;
                    goto done;
                }
                dma_vbuf_release(lin, len, d->phys, d->bufid);
            }
        }
    }
    if (dma_alloc_c(tag, MEM_FP(port_ds(), port_near(b))) != MEM_OK)
        return MEM_E_NOBOUNCE;
    m.phys = b->phys;
    m.bounce = b->handle;
    m.how = MEM_DMA_MAP_BOUNCE;
    t->bounces++;
done:
    t->maps++;
    far_wr(MEM_FP_SEG(map), MEM_FP_OFF(map), &m, sizeof(m));
    return MEM_OK;
}

/* Read and check a mapping; its tag or 0. */
static struct dma_tag *map_read(mem_fp_t map, struct mem_dma_map *m)
{
    struct dma_tag *t;

    if (MEM_FP_SEG(map) == 0)
        return 0;
    far_rd(MEM_FP_SEG(map), MEM_FP_OFF(map), m, sizeof(*m));
    if (m->magic != DMA_MAP_MAGIC)
        return 0;
    t = tag_of(m->tag);
    if (t == 0 || m->how < MEM_DMA_MAP_INPLACE || m->how > MEM_DMA_MAP_VDSBUF)
        return 0;
    return t;
}

/* The CPU's far pointer of bounce buffer h. */
static mem_fp_t bounce_fp(struct dma_tag *t, u16 h)
{
    return (mem_fp_t)far_rd32(t->meta_seg, (u16)((h & 0xFF) * DMA_ENT_BYTES));
}

int mod_dma_sync(mem_fp_t map, int dir)
{
    struct mem_dma_map m;
    struct dma_tag *t = map_read(map, &m);
    struct dma_dds *d = &dds_tmp;

    if (t == 0)
        return MEM_E_BADPTR;
    if (dir != MEM_DMA_TO_DEVICE && dir != MEM_DMA_FROM_DEVICE)
        return MEM_E_INVAL;
    if (m.how == MEM_DMA_MAP_BOUNCE) {
        if (dir == MEM_DMA_TO_DEVICE)
            dma_copy(bounce_fp(t, m.bounce), m.buf, m.len);
        else
            dma_copy(m.buf, bounce_fp(t, m.bounce), m.len);
    } else if (m.how == MEM_DMA_MAP_VDSBUF) {
        dds_set(d, fp_lin(m.buf), m.len);
        d->bufid = m.vds_id;
        d->phys = m.phys;
        /* 8109h copy into / 810Ah out of the buffer, BX:CX = offset 0 */
        if (dma_vds(dir == MEM_DMA_TO_DEVICE ? 0x8109 : 0x810A, 0, d, 0, 0) != 0)
            return MEM_E_VDS;
    }
    return MEM_OK;
}

int mod_dma_unmap(mem_fp_t map)
{
    struct mem_dma_map m;
    struct dma_tag *t = map_read(map, &m);

    if (t == 0)
        return MEM_E_BADPTR;
    port_pokew(MEM_FP_SEG(map), (u16)(MEM_FP_OFF(map) + 18), 0);   /* magic */
    if (m.how == MEM_DMA_MAP_BOUNCE)
        dma_free_c(m.bounce);
    else if (m.how == MEM_DMA_MAP_LOCKED) {
        dma_unlock(fp_lin(m.buf), m.len, m.phys);
        vheld_drop(m.bounce, MEM_DMA_MAP_LOCKED, fp_lin(m.buf));
    } else if (m.how == MEM_DMA_MAP_VDSBUF) {
        dma_vbuf_release(fp_lin(m.buf), m.len, m.phys, m.vds_id);
        vheld_drop(m.bounce, MEM_DMA_MAP_VDSBUF, fp_lin(m.buf));
    }
    t->maps--;
    return MEM_OK;
}

int mod_dma_stats(int tag, mem_fp_t st)
{
    struct dma_tag *t = tag_of(tag);
    struct mem_dma_stats s;
    u16 n;

    if (t == 0 || MEM_FP_SEG(st) == 0)
        return MEM_E_INVAL;
    n = port_peekw(MEM_FP_SEG(st), MEM_FP_OFF(st));
    if (n < 4)
        return MEM_E_INVAL;
    if (n > sizeof(s))
        n = sizeof(s);
    s.size = sizeof(s);
    s.buf_size = t->bsize;
    s.count = t->count;
    s.free = t->top;
    s.low_water = t->low;
    s.fails = t->fails;
    s.arena_bytes = (u32)t->arena_paras << 4;
    s.waste_bytes = t->waste;
    s.meta_bytes = t->meta_bytes;
    s.bounces = t->bounces;
    s.vds_skips = t->vds_skips;
    s.maps = t->maps;
    far_wr(MEM_FP_SEG(st), (u16)(MEM_FP_OFF(st) + 2), (u8 *)&s + 2, (u16)(n - 2));
    return MEM_OK;
}

/* Unload: the VDS regions of mappings never unmapped, then every tag's
 * locks and arenas, whatever is still allocated. */
void dma_release_all(void)
{
    u16 i;
    for (i = 0; i < DMA_VHELD; i++) {
        struct dma_vheld *v = &dma_vheld[i];
        if (v->how == MEM_DMA_MAP_LOCKED)
            dma_unlock(v->lin, v->len, v->phys);
        else if (v->how == MEM_DMA_MAP_VDSBUF)
            dma_vbuf_release(v->lin, v->len, v->phys, v->bufid);
        v->how = 0;
    }
    for (i = 0; i < MEM_DMA_TAGS; i++)
        if (dma_tags[i].meta_seg != 0) {
            dma_unlock_all(&dma_tags[i]);
            arena_put(dma_tags[i].meta_seg);
            dma_tag_clear(&dma_tags[i]);
        }
}
