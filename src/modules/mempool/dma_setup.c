/*
 * dma_setup.c - DMA-safe buffers, the set-up half: tags (check, carve,
 * VDS locks) and presets.  The resident half is NASM: dma_fast.asm (the
 * DMA state, mem_dma_alloc / mem_dma_free, unload), dma_map.asm (the MAP
 * group: mem_dma_map / sync / unmap) and dma_stats.asm (STATS group:
 * mem_dma_stats); their C twins are dma_fast_c.c, dma_map_c.c and
 * dma_stats_c.c (host tests only).  dma_priv.h describes the arena.
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
 *   - no two buffers overlap; a buffer is on the free stack iff its etab
 *     word is 0; free + allocated == count.
 * The device address is segment*16+offset only in real mode; under V86
 * mode each buffer is locked by VDS at creation and the lock's physical
 * address is checked against the tag (the memory manager may map a
 * conventional page anywhere).
 */
#include "port.h"
#include "mod_core.h"
#include "arena.h"
#include "dma_priv.h"

/* The DDS the set-up code hands to VDS by DS:offset.  Task entries do not
 * nest (c_gate), so one serves every call. */
static struct dma_dds dds_tmp = { 0 };

/* struct dma_tag is the arena's header, written and read whole: this fails
 * to compile when the C size moves; tests/host/test_dma.c checks each
 * offset dma_fast.inc gives against offsetof. */
typedef char dma_chk_size[sizeof(struct dma_tag) == DH_BYTES ? 1 : -1];

/* ------------------------------------------------------------ far words */

u32 dma_peek32(u16 seg, u16 off)
{
    return (u32)port_peekw(seg, off) | ((u32)port_peekw(seg, (u16)(off + 2)) << 16);
}

static void far_wr32(u16 seg, u16 off, u32 v)
{
    port_pokew(seg, off, (u16)(v & 0xFFFFu));
    port_pokew(seg, (u16)(off + 2), (u16)(v >> 16));
}

void dma_peek(u16 seg, u16 off, void *dst, u16 n)
{
    u8 *p = (u8 *)dst;
    u16 i;
    for (i = 0; i < n; i++)
        p[i] = port_peekb(seg, (u16)(off + i));
}

void dma_poke(u16 seg, u16 off, const void *src, u16 n)
{
    const u8 *p = (const u8 *)src;
    u16 i;
    for (i = 0; i < n; i++)
        port_pokeb(seg, (u16)(off + i), p[i]);
}

u32 dma_lin(mem_fp_t fp)
{
    return ((u32)MEM_FP_SEG(fp) << 4) + MEM_FP_OFF(fp);
}

static mem_fp_t lin_fp(u32 lin)
{
    return MEM_FP((u16)(lin >> 4), (u16)(lin & 15));
}


/* ----------------------------------------------------------- the checks */

static int pow2(u32 x)
{
    return x != 0 && (x & (x - 1)) == 0;
}

/* Does [phys, phys+len) meet the constraints? */
int dma_meets(const struct dma_tag *t, u32 phys, u16 len)
{
    u32 last = phys + (u32)len - 1;
    if ((phys & (u32)t->amask) != 0)
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
 * manager cannot see a bus master's address registers).  dma_map.asm
 * computes the same (lock_flags there). */
u16 dma_lock_flags(const struct dma_tag *t)
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

/* A DDS for [lin, lin+size), lin as a normalised seg:off (offset < 16):
 * every lock and its unlock name a region the same way. */
void dds_set(struct dma_dds *d, u32 lin, u16 size)
{
    mem_fp_t fp = lin_fp(lin);
    d->size = (u32)size;    /* bcc: widen explicitly (see dma_check) */
    d->off = MEM_FP_OFF(fp);
    d->seg = MEM_FP_SEG(fp);
    d->bufid = 0;
    d->phys = 0;
}

/* Lock [lin, lin+size) for tag t: MEM_OK and *phys, or the VDS code > 0. */
int dma_lock(const struct dma_tag *t, u32 lin, u16 size, u32 *phys)
{
    struct dma_dds *d = &dds_tmp;
    int e;

    dds_set(d, lin, size);
    e = dma_vds(0x8103, dma_lock_flags(t), d, 0, 0);
    if (e == 0)
        *phys = d->phys;
    return e;
}

void dma_unlock(u32 lin, u16 size, u32 phys)
{
    struct dma_dds *d = &dds_tmp;
    dds_set(d, lin, size);
    d->phys = phys;
    dma_vds(0x8104, 0, d, 0, 0);
}

/* -------------------------------------------------------------- carving */

/* The metadata of an arena for n buffers (dma_priv.h): the stack's first
 * slot, the first entry (paragraph aligned) and the bytes of it all
 * (a paragraph multiple, so the buffers start aligned to 16). */
static void dma_layout(u16 n, u16 *stk, u16 *ent, u16 *meta)
{
    *stk = (u16)(DH_ETAB + 2 * n + 2);
    *ent = (u16)((*stk + 2 * n + 15) & ~15u);
    *meta = (u16)(*ent + DE_BYTES * n);
}

/* Carve tag t's buffers into the arena at seg (paras paragraphs), from
 * the end of the metadata on.  Threading (dmapool): align the cursor; when
 * the buffer would reach past the next boundary, jump to that boundary.
 * With write set, fills the entries' buf and phys (at the DH_ENT the
 * header names).  Returns the number of buffers placed (up to want); *end
 * gets the linear address past the last one, *gap the bytes skipped at
 * the first boundary jump and *lost those of every jump (0 when none).
 * Under VDS every placed buffer is locked; a slot whose lock fails or
 * breaks the tag is dropped (t->vds_skips) and carving goes on. */
static u16 dma_carve(struct dma_tag *t, u16 seg, u16 paras, u16 want,
                     int write, u32 *end, u32 *gap, u32 *lost)
{
    u32 base = (u32)seg << 4;
    u32 lim = base + ((u32)paras << 4);
    u32 cur = base + t->meta_bytes;
    u32 bmask = ~(t->boundary - 1);
    u32 amask = (u32)t->amask;
    u32 phys, next;
    u16 n = 0, ent = 0;

    if (write)
        ent = port_peekw(seg, DH_ENT);
    *end = cur;
    *gap = 0;
    *lost = 0;
    while (n < want) {
        cur = (cur + amask) & ~amask;
        if ((cur & bmask) != ((cur + (u32)t->bsize - 1) & bmask)) {
            next = (cur + t->boundary) & bmask;
            if (*gap == 0)
                *gap = next - cur;
            *lost += next - cur;
            cur = next;
        }
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
            far_wr32(seg, (u16)(ent + n * DE_BYTES + DE_BUF), (u32)lin_fp(cur));
            far_wr32(seg, (u16)(ent + n * DE_BYTES + DE_PHYS), phys);
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
    u32 span = (u32)t->meta_bytes + t->amask + (u32)want * t->bsize;
    u32 jumps = span / t->boundary + 2;
    span += jumps * t->bsize;
    if (dma.use_vds)
        span += ((u32)want / 8 + 1) * (t->bsize + t->amask + 1);
    return (span + 15) >> 4;
}

void dma_unlock_all(struct dma_tag *t, u16 seg)
{
    u16 i, e;
    u32 fp, phys;

    if (!t->locked)
        return;
    e = port_peekw(seg, DH_ENT);
    for (i = 0; i < t->count; i++, e = (u16)(e + DE_BYTES)) {
        fp = dma_peek32(seg, (u16)(e + DE_BUF));
        phys = dma_peek32(seg, (u16)(e + DE_PHYS));
        dma_unlock(dma_lin(fp), t->bsize, phys);
    }
    t->locked = 0;
}

/* What DH_CHECK holds for t: the words DH_COUNT .. DH_MAX_ADDR + 2 XORed
 * with DH_SEED (so that DH_COUNT .. DH_CHECK XOR to DH_SEED). */
u16 dma_check_word(const struct dma_tag *t)
{
    u16 x = DH_SEED;
    x ^= (u16)(t->count | (t->tag << 8));
    x ^= t->bsize;
    x ^= (u16)(t->cflags | (t->locked << 8));
    x ^= t->amask;
    x ^= t->max_size;
    x ^= (u16)(t->boundary & 0xFFFFu);
    x ^= (u16)(t->boundary >> 16);
    x ^= (u16)(t->max_addr & 0xFFFFu);
    x ^= (u16)(t->max_addr >> 16);
    return x;
}

void dma_tag_clear(struct dma_tag *t)
{
    u8 *p = (u8 *)t;
    u16 i;
    for (i = 0; i < sizeof(*t); i++)
        p[i] = 0;
}

/* Does an arena of paras paragraphs at seg carve want buffers?  Its bytes
 * lost at boundaries in *lost, those in front of the first in *gap. */
static int dma_fits(struct dma_tag *t, u16 seg, u16 paras, u16 want,
                    u32 *gap, u32 *lost)
{
    u32 end;
    return dma_carve(t, seg, paras, want, 0, &end, gap, lost) == want;
}

/* Give the arena at *seg back (0: none held) and take paras paragraphs
 * again, with a spacer block of spacer paragraphs (0: none) taken first
 * and given back after.  MEM_OK and *seg when the new block carves want
 * buffers; else an error, *seg = 0 and no block held. */
static int dma_retake(struct dma_tag *t, u16 want, u16 paras, u16 spacer, u16 *seg)
{
    u32 gap, lost;
    u16 sp = 0, ns = 0;
    u8 umb;
    int rc;

    if (*seg != 0)
        arena_put(*seg);
    *seg = 0;
    if (spacer != 0 && arena_get(spacer, ARENA_CONV_ONLY, &sp, &umb) != MEM_OK)
        sp = 0;
    rc = arena_get(paras, ARENA_CONV_ONLY, &ns, &umb);
    if (sp != 0)
        arena_put(sp);
    if (rc != MEM_OK)
        return rc;
    if (!dma_fits(t, ns, paras, want, &gap, &lost)) {
        arena_put(ns);
        return MEM_E_NOMEM;
    }
    *seg = ns;
    return MEM_OK;
}

/* Real mode: keep a boundary from costing bytes.  When a boundary falls
 * inside the arena, the bytes in front of it that no buffer fits in (up
 * to a buffer) are lost.  Moving the arena up by that gap, rounded down to
 * paragraphs, makes a buffer end exactly at the boundary and the next one
 * start on it, and the arena shrinks by what is no longer lost.  To move
 * it: give it back and take one block of the arena plus room for the move
 * (DOS gives the lowest block that fits, and holes below are too small for
 * it); shrink that block (4Ah) to the spacer the gap needs there, so that
 * the arena taken next lands right behind it; then give the spacer back,
 * which stays free memory for anyone.  DOS puts an MCB paragraph in front
 * of every block, so the spacer is one paragraph shorter than the move; a
 * move of one paragraph would need a spacer of none, so it moves one
 * buffer further (the gap plus whole buffers lands a buffer end on the
 * boundary just as well).  Where the arena lands is checked, not assumed:
 * the new place is kept when it carves every buffer and loses less (a
 * lower hole that takes the arena instead stays taken while we ask again,
 * twice at most), else the arena is taken again at its old size without a
 * spacer.
 * In: *seg holds *paras paragraphs that carve want buffers.  Returns MEM_OK
 * with *seg / *paras such a block (maybe moved and smaller), or an error
 * and no block held. */
static int dma_place(struct dma_tag *t, u16 want, u16 *paras, u16 *seg)
{
    u32 gap, lost, end, gap2, lost2;
    u16 move, tight, room, sp, ns, filler[2], nf = 0;
    u8 umb;

    if (!dma_fits(t, *seg, *paras, want, &gap, &lost) || gap < 16)
        return MEM_OK;
    room = (u16)(*paras + (t->bsize >> 4) + 2);
    if (room < *paras)
        return MEM_OK;
    arena_put(*seg);
    *seg = 0;
    if (arena_get(room, ARENA_CONV_ONLY, &sp, &umb) != MEM_OK)
        return dma_retake(t, want, *paras, 0, seg);
    /* where the gap falls for an arena at sp */
    if (!dma_fits(t, sp, *paras, want, &gap, &lost2) || gap < 16 ||
        ((move = (u16)(gap >> 4)) == 1 && (t->bsize & 15) != 0)) {
        arena_put(sp);
        return dma_retake(t, want, *paras, 0, seg);
    }
    if (move == 1)
        move = (u16)(move + (t->bsize >> 4));
    if (dma_carve(t, (u16)(sp + move), *paras, want, 0, &end, &gap2, &lost2) != want
        || lost2 >= lost || arena_shrink(sp, (u16)(move - 1)) != MEM_OK) {
        arena_put(sp);
        return dma_retake(t, want, *paras, 0, seg);
    }
    tight = (u16)((end - ((u32)(sp + move) << 4) + 15) >> 4);
    /* A hole below (where the arena was, say) may still take it: keep
     * such a block as a filler and ask again, twice at most. */
    for (;;) {
        if (arena_get(tight, ARENA_CONV_ONLY, &ns, &umb) != MEM_OK) {
            ns = 0;
            break;
        }
        if (dma_fits(t, ns, tight, want, &gap2, &lost2) && lost2 < lost)
            break;
        if (nf == 2) {
            arena_put(ns);
            ns = 0;
            break;
        }
        filler[nf++] = ns;
    }
    arena_put(sp);
    while (nf > 0)
        arena_put(filler[--nf]);
    if (ns != 0) {
        *seg = ns;
        *paras = tight;
        return MEM_OK;
    }
    return dma_retake(t, want, *paras, 0, seg);
}

/* Get an arena for t and carve it.  Tries the tight size first (computed
 * for where the bound-sized block landed) so that only boundary and
 * alignment losses remain, not the bound's slack; in real mode the tight
 * arena is then placed so that boundaries cost nothing (dma_place).
 * MEM_OK and *seg, or an error and nothing held. */
static int dma_build(struct dma_tag *t, u16 want, u16 *seg)
{
    u32 bound = dma_bound(t, want), end, gap, lost;
    u16 paras, tight, stk, ent, meta;
    u8 umb = 0;
    int rc;

    if (bound > 0xFFFFUL)
        return MEM_E_NOMEM;
    paras = (u16)bound;
    rc = arena_get(paras, ARENA_CONV_ONLY, seg, &umb);
    if (rc != MEM_OK)
        return rc;
    if (!dma.use_vds && !umb &&
        dma_carve(t, *seg, paras, want, 0, &end, &gap, &lost) == want) {
        tight = (u16)((end - ((u32)*seg << 4) + 15) >> 4);
        rc = MEM_OK;
        if (tight < paras)
            rc = dma_retake(t, want, tight, 0, seg);
        if (rc == MEM_OK)
            rc = dma_place(t, want, &tight, seg);
        if (rc == MEM_OK) {
            paras = tight;
        } else {
            /* nothing held: the bound-sized block fits wherever it lands */
            rc = arena_get(paras, ARENA_CONV_ONLY, seg, &umb);
            if (rc != MEM_OK)
                return rc;
        }
    }
    if (umb) {              /* never: ARENA_CONV_ONLY; a DMA arena in a UMB
                               would need a VDS lock the tag does not hold */
        arena_put(*seg);
        return MEM_E_NOMEM;
    }
    dma_layout(want, &stk, &ent, &meta);
    port_pokew(*seg, DH_ENT, ent);
    t->arena_paras = paras;
    t->locked = dma.use_vds;
    t->count = (u8)dma_carve(t, *seg, paras, want, 1, &end, &gap, &lost);
    if (t->count < want) {
        dma_unlock_all(t, *seg);
        arena_put(*seg);
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
    dma_poke(MEM_FP_SEG(c), MEM_FP_OFF(c), &k, sizeof(k));
    return MEM_OK;
}

/* The arena's tables for a freshly carved tag id (dma_priv.h): every
 * buffer free, buffer 0 on top of the stack (popped first); then the
 * record, whole, into the arena's header. */
static void dma_tables(struct dma_tag *t, u16 seg, u16 id)
{
    u16 n = t->count, stk, ent, meta, i, e;

    dma_layout(n, &stk, &ent, &meta);
    t->top = (u16)(stk + 2 * n);
    t->low = t->top;
    t->fails = 0;
    t->tag = (u8)id;
    t->stk = stk;
    t->ent = ent;
    t->maps = 0;
    t->bounces = 0;
    t->resv = 0;
    port_pokew(seg, (u16)(stk - 2), 0);                 /* the sentinel */
    for (i = 0; i < n; i++) {
        e = (u16)(ent + i * DE_BYTES);
        port_pokew(seg, (u16)(DH_ETAB + 2 * i), 0);     /* free */
        port_pokew(seg, (u16)(e + DE_HANDLE), (u16)((id << 8) | i));
        port_pokew(seg, (u16)(e + DE_SIZE), t->bsize);
        port_pokew(seg, (u16)(e + DE_SLOT), (u16)(DH_ETAB + 2 * i));
        port_pokew(seg, (u16)(e + DE_SLOT + 2), 0);
        port_pokew(seg, (u16)(stk + 2 * (n - 1 - i)), e);
    }
    t->check = dma_check_word(t);
    dma_poke(seg, 0, t, DH_BYTES);
}

int mod_dma_tag_create(mem_fp_t c)
{
    struct mem_dma_constraints k;
    struct dma_tag tg;
    struct dma_tag *t = &tg;
    u16 i, n, seg, stk, ent, e;
    u32 last;
    int rc, id = 0;

    if (!mod.initialised)
        return MEM_E_STATE;
    if (MEM_FP_SEG(c) == 0)
        return MEM_E_INVAL;
    dma_peek(MEM_FP_SEG(c), MEM_FP_OFF(c), &k, sizeof(k));
    rc = dma_check(&k);
    if (rc != MEM_OK)
        return rc;
    if ((k.flags & MEM_DMA_F_BUSMASTER) && mod.v86 && !dma.use_vds)
        return MEM_E_V86NOVDS;
    for (i = 1; i <= MEM_DMA_TAGS; i++)
        if (dma_seg[i] == 0) {
            id = (int)i;
            break;
        }
    if (id == 0)
        return MEM_E_HANDLES;
    dma_tag_clear(t);
    t->cflags = (u8)k.flags;
    t->amask = (u16)(k.align - 1);
    t->boundary = k.boundary;
    t->max_addr = k.max_addr;
    t->max_size = k.max_size;
    t->bsize = (u16)((k.max_size + k.align - 1) & ~(k.align - 1));
    n = k.count;
    dma_layout(n, &stk, &ent, &t->meta_bytes);
    rc = dma_build(t, n, &seg);
    if (rc != MEM_OK)
        return rc;
    /* Every buffer must sit below the device's limit (checked on the
     * physical address; the carve already dropped VDS slots above it). */
    for (i = 0, e = ent; i < n; i++, e = (u16)(e + DE_BYTES)) {
        last = dma_peek32(seg, (u16)(e + DE_PHYS));
        last += (u32)t->bsize - 1;
        if (last > t->max_addr) {
            dma_unlock_all(t, seg);
            arena_put(seg);
            return MEM_E_LIMIT;
        }
    }
    t->waste = ((u32)t->arena_paras << 4) - t->meta_bytes
               - (u32)n * t->max_size;
    dma_tables(t, seg, (u16)id);
    dma_seg[id] = seg;      /* last: the ISR-safe entries see a whole tag */
    return id;
}

/* Tag tag's record, read from its arena into *t: the arena's segment, or
 * 0 (and *t untouched) when there is no such tag. */
u16 dma_tag_read(int tag, struct dma_tag *t)
{
    u16 seg;

    if (tag < 1 || tag > MEM_DMA_TAGS || (seg = dma_seg[tag]) == 0)
        return 0;
    dma_peek(seg, 0, t, DH_BYTES);
    return seg;
}

/* Free buffers of a tag now (on its stack), and its low water mark. */
static u16 dma_free_now(u16 seg)
{
    return (u16)((port_peekw(seg, DH_TOP) - port_peekw(seg, DH_STK)) / 2);
}

int mod_dma_tag_destroy(int tag)
{
    struct dma_tag tg;
    u16 seg = dma_tag_read(tag, &tg);

    if (seg == 0)
        return MEM_E_INVAL;
    if (dma_free_now(seg) != tg.count || tg.maps != 0)
        return MEM_E_STATE;
    dma_seg[tag] = 0;
    dma_unlock_all(&tg, seg);
    arena_put(seg);
    return MEM_OK;
}
