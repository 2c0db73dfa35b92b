/*
 * xms_service.c - MEMPOOL's XMS 3.0 client (resident, task context).
 *
 * Everything goes through the driver's far entry point (port_farcall, or
 * port_farcall32 for the 386 functions); extended memory is never
 * addressed directly.  The rules of the spec that drivers do not all keep
 * (shared/reference/xms-vds-dos-facts.md 1.4, 1.5) are kept here:
 *
 *   - the driver only ever sees even-length moves: the odd last byte goes
 *     through a 2-byte conventional bounce word (read-modify-write of the
 *     word holding it in an extended block);
 *   - the driver never sees an overlapping move: an overlapping request is
 *     split into pieces no longer than the distance between source and
 *     destination, taken in the order that reads every byte before it is
 *     overwritten (memmove), or through a conventional bounce buffer when
 *     the distance is short;
 *   - offsets and lengths are checked against the block size recorded at
 *     allocation, before the driver is called;
 *   - lock counts are kept per handle: unlock of an unlocked block (AAh),
 *     free or resize of a locked block (ABh), the 256th lock (ACh) are
 *     refused here, because DOSBox 0.74 frees locked blocks and lets the
 *     count saturate.
 *
 * Handles given to callers name a slot of xms_tab (low byte, 1-based) and
 * the slot's generation (bits 8-14), so a stale or foreign handle is
 * refused and the value is always a positive int.
 *
 * Context: task (never from an ISR, see xms_service.h).
 *
 * bcc quirk: its -ansi mode strips prototypes (unproto), so an argument is
 * never converted to the parameter's type.  Every u32 parameter here is
 * passed a u32 expression or a (u32) cast, never a bare int constant.
 */
#include "port.h"
#include "mod_core.h"
#include "xms_service.h"

#ifndef XMS_BOUNCE_BYTES
#define XMS_BOUNCE_BYTES 128    /* bounce for short-distance overlapping moves */
#endif

#define XMS_CONV_TOP 0x10FFF0UL /* conventional addresses stop below (HimemX) */

u16 mod_isr_depth = 0;
struct xms_state xms = { 0 };

/* One handle the module holds. */
struct xms_slot {
    u16 xh;                 /* +0  driver handle, 0 = slot free */
    u8  locks;              /* +2  locks taken through the module */
    u8  gen;                /* +3  generation, 0..7Fh */
    u32 kb;                 /* +4  size in KB */
    u32 phys;               /* +8  address from the first lock */
};                          /* 12 bytes */

static struct xms_slot xms_tab[MEM_XMS_HANDLES];
static u16 xms_used = 0;
static u16 umb_tab[XMS_UMB_MAX];

/* Conventional memory the driver reads and writes (DS:port_near()). */
static u8 xms_mv[16];               /* the 0Bh move structure */
static u8 xms_word[2];              /* odd-byte bounce */
static u8 xms_bounce[XMS_BOUNCE_BYTES];

/* One side of a move: a block (xh != 0, off = byte offset, size = bytes)
 * or conventional memory (xh == 0, off = seg:off as a mem_fp_t). */
struct xend {
    u16 xh;
    u32 off;
    u32 size;
};

/* ------------------------------------------------------- driver calls */

static void regs_clear(struct port_regs *r)
{
    r->ax = r->bx = r->cx = r->dx = r->si = r->di = r->ds = r->es = 0;
    r->flags = 0;
    r->e_ax = r->e_bx = r->e_cx = r->e_dx = 0;
}

/* Record a failure code (BL) and name it.  A code below 80h is no XMS
 * code at all: the driver is broken, call it a general error. */
static int xms_fail(u8 bl)
{
    if (bl < 0x80)
        bl = 0x8E;
    xms.last_error = bl;
    return MEM_E_XMS(bl);
}

/* Call function r->ax >> 8; AX = 0 is failure with BL = the code. */
static int xms_call(struct port_regs *r)
{
    port_farcall(xms.entry_seg, xms.entry_off, r);
    if (r->ax == 0)
        return xms_fail((u8)(r->bx & 0xFF));
    return MEM_OK;
}

/* The same through the 32-bit gateway (xms.use32: 386+, XMS 3.0+). */
static int xms_call32(struct port_regs *r)
{
    port_farcall32(xms.entry_seg, xms.entry_off, r);
    if (r->ax == 0)
        return xms_fail((u8)(r->bx & 0xFF));
    return MEM_OK;
}

/* Refuse an entry before init or without XMS.  A call from inside a NIC
 * ISR's mem_isr_enter/leave bracket never gets here: c_gate refuses every
 * task entry there (MEM_E_BUSY). */
static int xms_guard(void)
{
    if (!mod.initialised)
        return MEM_E_STATE;
    if (xms.entry_seg == 0)
        return MEM_E_NOXMS;
    return MEM_OK;
}

int xms_present(void)
{
    return xms.entry_seg != 0;
}

static struct xms_slot *slot_of(u16 h)
{
    u16 i = (u16)(h & 0xFF);
    struct xms_slot *s;

    if (i == 0 || i > MEM_XMS_HANDLES)
        return 0;
    s = &xms_tab[i - 1];
    if (s->xh == 0 || s->gen != (u8)(h >> 8))
        return 0;
    return s;
}

/* The start of every entry that works on a handle: the guard, h's slot
 * (*sp; XMS error A2h when h is not a live handle of ours) and the
 * registers of an XMS call on it (cleared, DX = the XMS handle). */
static int slot_entry(u16 h, struct xms_slot **sp, struct port_regs *r)
{
    int rc = xms_guard();

    if (rc != MEM_OK)
        return rc;
    *sp = slot_of(h);
    if (*sp == 0)
        return xms_fail(0xA2);
    regs_clear(r);
    r->dx = (*sp)->xh;
    return MEM_OK;
}

static u32 kb_bytes(u32 kb)
{
    if (kb >= 0x400000UL)           /* 4 GB and up: cap, nothing is that big */
        return 0xFFFFFFFFUL;
    return kb << 10;
}

int xms_query_free(u32 *largest_kb, u32 *total_kb)
{
    struct port_regs r;
    u8 bl;

    regs_clear(&r);
    if (xms.use32) {
        r.ax = 0x8800;
        port_farcall32(xms.entry_seg, xms.entry_off, &r);
        *largest_kb = ((u32)r.e_ax << 16) | r.ax;
        *total_kb = ((u32)r.e_dx << 16) | r.dx;
    } else {
        r.ax = 0x0800;
        port_farcall(xms.entry_seg, xms.entry_off, &r);
        *largest_kb = r.ax;
        *total_kb = r.dx;
    }
    bl = (u8)(r.bx & 0xFF);         /* BL was 0 going in */
    if (bl == 0xA0) {               /* everything allocated: not an error */
        *largest_kb = *total_kb = 0;
        return MEM_OK;
    }
    if (bl >= 0x80) {
        *largest_kb = *total_kb = 0;
        return xms_fail(bl);
    }
    return MEM_OK;
}

/* ------------------------------------------------------------ handles */

int xms_alloc_kb(u32 kb)
{
    struct port_regs r;
    struct xms_slot *s = 0;
    u16 i;
    int rc;

    for (i = 0; i < MEM_XMS_HANDLES; i++)
        if (xms_tab[i].xh == 0) {
            s = &xms_tab[i];
            break;
        }
    if (s == 0)
        return MEM_E_HANDLES;
    regs_clear(&r);
    r.dx = (u16)kb;
    if (xms.use32) {
        r.ax = 0x8900;
        r.e_dx = (u16)(kb >> 16);
        rc = xms_call32(&r);
    } else {
        if (kb > 0xFFFFUL)
            return MEM_E_RANGE;
        r.ax = 0x0900;
        rc = xms_call(&r);
    }
    if (rc != MEM_OK)
        return rc;
    if (r.dx == 0)                  /* "success" without a handle */
        return xms_fail(0x8E);
    s->xh = r.dx;
    s->kb = kb;
    s->locks = 0;
    s->phys = 0;
    s->gen = (u8)((s->gen + 1) & 0x7F);
    xms_used++;
    return (int)(((u16)s->gen << 8) | (i + 1));
}

static void slot_clear(struct xms_slot *s)
{
    s->xh = 0;
    s->locks = 0;
    s->kb = 0;
    s->phys = 0;
    xms_used--;
}

int xms_free_h(u16 h)
{
    struct port_regs r;
    struct xms_slot *s = slot_of(h);
    int rc;

    if (s == 0)
        return xms_fail(0xA2);
    if (s->locks != 0)
        return xms_fail(0xAB);
    regs_clear(&r);
    r.ax = 0x0A00;
    r.dx = s->xh;
    rc = xms_call(&r);
    if (rc == MEM_OK || rc == MEM_E_XMS_BAD_HANDLE)
        slot_clear(s);              /* gone either way */
    return rc;
}

/* ------------------------------------------------------------- moves */

/* A conventional far pointer n bytes further on.  The segment is kept
 * while the offset does not wrap (the caller's own seg:off stays valid
 * as given); otherwise the address is normalised. */
static u32 fp_add(u32 fp, u32 n)
{
    u32 lin;

    if ((u32)MEM_FP_OFF(fp) + n <= 0xFFFFUL)
        return fp + n;
    lin = MEM_FP_LINEAR(fp) + n;
    if (lin < 0x100000UL)
        return MEM_FP(lin >> 4, lin & 15);
    return MEM_FP(0xFFFF, lin - 0xFFFF0UL);
}

static u32 end_at(struct xend *e, u32 n)
{
    return e->xh ? e->off + n : fp_add(e->off, n);
}

static void put32(u8 *p, u32 v)
{
    p[0] = (u8)v;
    p[1] = (u8)(v >> 8);
    p[2] = (u8)(v >> 16);
    p[3] = (u8)(v >> 24);
}

/* Function 0Bh with an even length and no overlap (callers see to it). */
static int drv_move(u32 len, u16 sh, u32 soff, u16 dh, u32 doff)
{
    struct port_regs r;

    put32(xms_mv, len);
    xms_mv[4] = (u8)sh;
    xms_mv[5] = (u8)(sh >> 8);
    put32(xms_mv + 6, soff);
    xms_mv[10] = (u8)dh;
    xms_mv[11] = (u8)(dh >> 8);
    put32(xms_mv + 12, doff);
    regs_clear(&r);
    r.ax = 0x0B00;
    r.ds = port_ds();
    r.si = port_near(xms_mv);
    return xms_call(&r);
}

static u32 near_fp(void *p)
{
    return MEM_FP(port_ds(), port_near(p));
}

/* Offset of the word that holds byte pos of block e (pos + 1 may be the
 * block's end: then the word starts one byte earlier). */
static u32 word_at(struct xend *e, u32 pos)
{
    return pos + 2 > e->size ? pos - 1 : pos;
}

static int byte_get(struct xend *e, u32 n, u8 *v)
{
    u32 pos, w;
    u32 fp;
    int rc;

    if (e->xh == 0) {
        fp = fp_add(e->off, n);
        *v = port_peekb(MEM_FP_SEG(fp), MEM_FP_OFF(fp));
        return MEM_OK;
    }
    pos = e->off + n;
    w = word_at(e, pos);
    rc = drv_move((u32)2, e->xh, w, 0, near_fp(xms_word));
    *v = xms_word[(u16)(pos - w)];
    return rc;
}

static int byte_put(struct xend *e, u32 n, u8 v)
{
    u32 pos, w;
    u32 fp;
    int rc;

    if (e->xh == 0) {
        fp = fp_add(e->off, n);
        port_pokeb(MEM_FP_SEG(fp), MEM_FP_OFF(fp), v);
        return MEM_OK;
    }
    pos = e->off + n;
    w = word_at(e, pos);
    rc = drv_move((u32)2, e->xh, w, 0, near_fp(xms_word));
    if (rc != MEM_OK)
        return rc;
    xms_word[(u16)(pos - w)] = v;
    return drv_move((u32)2, 0, near_fp(xms_word), e->xh, w);
}

/* Any length, source and destination not overlapping.  The even part goes
 * to the driver; an odd last byte goes through xms_word. */
static int move_plain(u32 len, struct xend *s, struct xend *d)
{
    u32 even = len & ~1UL;
    int rc = MEM_OK;
    u8 v;

    if (even != 0) {
        rc = drv_move(even, s->xh, s->off, d->xh, d->off);
        if (rc != MEM_OK)
            return rc;
    }
    if (len & 1) {
        rc = byte_get(s, even, &v);
        if (rc == MEM_OK)
            rc = byte_put(d, even, v);
    }
    return rc;
}

/* Bytes [at, at+n) of a side, as a side of its own. */
static void end_part(struct xend *out, struct xend *e, u32 at)
{
    out->xh = e->xh;
    out->off = end_at(e, at);
    out->size = e->size;
}

/* Overlapping source and destination in the same space, dist bytes apart
 * (0 < dist < len).  Pieces of at most dist bytes never overlap; taken
 * from the end when the destination lies above the source and from the
 * start otherwise, no byte is overwritten before it was read.  A short
 * distance goes through xms_bounce instead of many tiny driver calls. */
static int move_overlap(u32 len, struct xend *s, struct xend *d,
                        u32 dist, int backward)
{
    struct xend ps, pd, pb;
    u32 piece, done, n, at;
    int rc = MEM_OK;

    piece = dist >= XMS_BOUNCE_BYTES ? dist : XMS_BOUNCE_BYTES;
    pb.xh = 0;
    pb.off = near_fp(xms_bounce);
    pb.size = XMS_BOUNCE_BYTES;
    for (done = 0; done < len && rc == MEM_OK; done += n) {
        n = len - done < piece ? len - done : piece;
        at = backward ? len - done - n : done;
        end_part(&ps, s, at);
        end_part(&pd, d, at);
        if (dist >= XMS_BOUNCE_BYTES) {
            rc = move_plain(n, &ps, &pd);
        } else {
            rc = move_plain(n, &ps, &pb);
            if (rc == MEM_OK)
                rc = move_plain(n, &pb, &pd);
        }
    }
    return rc;
}

/* Fill a side from a caller's handle and offset; checks the range. */
static int end_make(struct xend *e, u16 h, u32 off, u32 len, u8 bad_handle)
{
    struct xms_slot *sl;
    u32 lin;

    if (h == 0) {
        lin = MEM_FP_LINEAR(off);
        if (lin > XMS_CONV_TOP || len > XMS_CONV_TOP - lin)
            return MEM_E_RANGE;
        e->xh = 0;
        e->off = off;
        e->size = 0;
        return MEM_OK;
    }
    sl = slot_of(h);
    if (sl == 0)
        return xms_fail(bad_handle);
    e->xh = sl->xh;
    e->off = off;
    e->size = kb_bytes(sl->kb);
    if (off > e->size || len > e->size - off)
        return MEM_E_RANGE;
    return MEM_OK;
}

int xms_move_raw(u32 len, u16 sh, u32 soff, u16 dh, u32 doff)
{
    struct xend s, d;
    u32 a, b, dist;
    int rc;

    rc = end_make(&s, sh, soff, len, 0xA3);
    if (rc == MEM_OK)
        rc = end_make(&d, dh, doff, len, 0xA5);
    if (rc != MEM_OK || len == 0)
        return rc;
    if (s.xh == d.xh) {             /* same space: may overlap */
        a = s.xh ? s.off : MEM_FP_LINEAR(s.off);
        b = d.xh ? d.off : MEM_FP_LINEAR(d.off);
        if (a == b)
            return MEM_OK;
        dist = a < b ? b - a : a - b;
        if (dist < len)
            return move_overlap(len, &s, &d, dist, a < b);
    }
    return move_plain(len, &s, &d);
}

/* ------------------------------------------------------------- entries */

static u32 peek32(u16 seg, u16 off)
{
    return ((u32)port_peekw(seg, (u16)(off + 2)) << 16) | port_peekw(seg, off);
}

static void poke32(u16 seg, u16 off, u32 v)
{
    port_pokew(seg, off, (u16)v);
    port_pokew(seg, (u16)(off + 2), (u16)(v >> 16));
}

/* Copy a filled struct to the caller's, up to the size it declares in its
 * first word (which is left alone). */
static int give_struct(mem_fp_t out, u8 *p, u16 n)
{
    u16 want;

    if (MEM_FP_SEG(out) == 0)
        return MEM_E_INVAL;
    want = port_peekw(MEM_FP_SEG(out), MEM_FP_OFF(out));
    if (want < 2)
        return MEM_E_INVAL;
    if (want < n)
        n = want;
    for (; n > 2; n--)
        port_pokeb(MEM_FP_SEG(out), (u16)(MEM_FP_OFF(out) + n - 1), p[n - 1]);
    return MEM_OK;
}

int mod_xms_status(mem_fp_t out)
{
    u8 b[20];
    u32 largest, total;
    u16 flags = 0;
    int rc = xms_guard();

    if (rc != MEM_OK)
        return rc;
    rc = xms_query_free(&largest, &total);
    if (rc != MEM_OK)
        return rc;
    if (xms.hma)
        flags |= MEM_XMS_F_HMA;
    if (xms.use32)
        flags |= MEM_XMS_F_32BIT;
    b[0] = 20;
    b[1] = 0;
    b[2] = (u8)xms.version;
    b[3] = (u8)(xms.version >> 8);
    b[4] = (u8)xms.revision;
    b[5] = (u8)(xms.revision >> 8);
    b[6] = (u8)flags;
    b[7] = (u8)(flags >> 8);
    put32(b + 8, total);
    put32(b + 12, largest);
    b[16] = (u8)xms_used;
    b[17] = (u8)(xms_used >> 8);
    b[18] = (u8)MEM_XMS_HANDLES;
    b[19] = 0;
    return give_struct(out, b, 20);
}

int mod_xms_alloc(u32 kb)
{
    int rc = xms_guard();

    if (rc != MEM_OK)
        return rc;
    return xms_alloc_kb(kb);
}

int mod_xms_free(u16 h)
{
    int rc = xms_guard();

    if (rc != MEM_OK)
        return rc;
    return xms_free_h(h);
}

int mod_xms_realloc(u16 h, u32 kb)
{
    struct port_regs r;
    struct xms_slot *s;
    int rc = slot_entry(h, &s, &r);

    if (rc != MEM_OK)
        return rc;
    if (s->locks != 0)
        return xms_fail(0xAB);
    r.bx = (u16)kb;
    if (xms.use32) {
        r.ax = 0x8F00;
        r.e_bx = (u16)(kb >> 16);
        rc = xms_call32(&r);
    } else {
        if (kb > 0xFFFFUL)
            return MEM_E_RANGE;
        r.ax = 0x0F00;
        rc = xms_call(&r);
    }
    if (rc == MEM_OK)
        s->kb = kb;
    return rc;
}

int mod_xms_move(mem_fp_t desc)
{
    u16 seg = MEM_FP_SEG(desc), off = MEM_FP_OFF(desc);
    int rc = xms_guard();

    if (rc != MEM_OK)
        return rc;
    if (seg == 0)
        return MEM_E_INVAL;
    return xms_move_raw(peek32(seg, off), port_peekw(seg, (u16)(off + 4)),
                        peek32(seg, (u16)(off + 6)),
                        port_peekw(seg, (u16)(off + 10)),
                        peek32(seg, (u16)(off + 12)));
}

int mod_xms_lock(u16 h, mem_fp_t phys_out)
{
    struct port_regs r;
    struct xms_slot *s;
    int rc = slot_entry(h, &s, &r);

    if (rc != MEM_OK)
        return rc;
    if (s->locks == 0xFF)
        return xms_fail(0xAC);
    r.ax = 0x0C00;
    rc = xms_call(&r);
    if (rc != MEM_OK)
        return rc;
    s->locks++;
    s->phys = ((u32)r.dx << 16) | r.bx;
    if (MEM_FP_SEG(phys_out) != 0)
        poke32(MEM_FP_SEG(phys_out), MEM_FP_OFF(phys_out), s->phys);
    return MEM_OK;
}

int mod_xms_unlock(u16 h)
{
    struct port_regs r;
    struct xms_slot *s;
    int rc = slot_entry(h, &s, &r);

    if (rc != MEM_OK)
        return rc;
    if (s->locks == 0)
        return xms_fail(0xAA);
    r.ax = 0x0D00;
    rc = xms_call(&r);
    if (rc != MEM_OK)
        return rc;
    if (--s->locks == 0)
        s->phys = 0;
    return MEM_OK;
}

int mod_xms_handle_info(u16 h, mem_fp_t out)
{
    struct port_regs r;
    struct xms_slot *s;
    u8 b[16];
    u32 kb;
    u16 nfree;
    int rc = slot_entry(h, &s, &r);

    if (rc != MEM_OK)
        return rc;
    if (xms.use32) {
        r.ax = 0x8E00;
        rc = xms_call32(&r);        /* CX preset 0: MS-DOS 6.0 HIMEM leaves it */
        kb = ((u32)r.e_dx << 16) | r.dx;
        nfree = r.cx;
    } else {
        r.ax = 0x0E00;
        rc = xms_call(&r);
        kb = r.dx;
        nfree = (u16)(r.bx & 0xFF);
    }
    if (rc != MEM_OK)
        return rc;
    b[0] = 16;
    b[1] = 0;
    b[2] = (u8)s->xh;
    b[3] = (u8)(s->xh >> 8);
    put32(b + 4, kb);
    b[8] = (u8)(r.bx >> 8);         /* the driver's lock count */
    b[9] = 0;
    b[10] = (u8)nfree;
    b[11] = (u8)(nfree >> 8);
    put32(b + 12, s->locks ? s->phys : (u32)0);
    return give_struct(out, b, 16);
}

int mod_xms_last_error(void)
{
    return xms.last_error;
}

/* -------------------------------------------------------------- UMBs */

int xms_umb_request(u16 paras, u16 *seg, u16 *got)
{
    struct port_regs r;
    u16 i;
    int rc;

    *seg = 0;
    *got = 0;
    if (mod_isr_depth != 0)
        return MEM_E_BUSY;
    if (xms.entry_seg == 0)
        return MEM_E_NOXMS;
    for (i = 0; i < XMS_UMB_MAX; i++)
        if (umb_tab[i] == 0)
            break;
    if (i == XMS_UMB_MAX)
        return MEM_E_HANDLES;
    regs_clear(&r);
    r.ax = 0x1000;
    r.dx = paras;
    rc = xms_call(&r);
    if (rc != MEM_OK) {
        *got = r.dx;                /* largest block the driver has */
        return rc;
    }
    umb_tab[i] = r.bx;
    *seg = r.bx;
    *got = r.dx;
    return MEM_OK;
}

int xms_umb_release(u16 seg)
{
    struct port_regs r;
    u16 i;
    int rc;

    if (mod_isr_depth != 0)
        return MEM_E_BUSY;
    if (xms.entry_seg == 0)
        return MEM_E_NOXMS;
    for (i = 0; i < XMS_UMB_MAX; i++)
        if (seg != 0 && umb_tab[i] == seg)
            break;
    if (i == XMS_UMB_MAX)
        return MEM_E_BADPTR;
    regs_clear(&r);
    r.ax = 0x1100;
    r.dx = seg;
    rc = xms_call(&r);
    if (rc == MEM_OK)
        umb_tab[i] = 0;
    return rc;
}

/* ------------------------------------------------------------ unload */

/* Unlock (as often as the driver still counts) and free one block. */
static void drop_block(struct xms_slot *s)
{
    struct port_regs r;
    u16 n;

    for (n = 0; n < 256; n++) {
        regs_clear(&r);
        r.ax = 0x0A00;
        r.dx = s->xh;
        if (xms_call(&r) == MEM_OK || (r.bx & 0xFF) != 0xAB)
            break;
        regs_clear(&r);             /* locked (maybe by someone else) */
        r.ax = 0x0D00;
        r.dx = s->xh;
        if (xms_call(&r) != MEM_OK)
            break;
    }
    slot_clear(s);
}

void xms_unload(void)
{
    struct port_regs r;
    u16 i;

    if (xms.entry_seg == 0)
        return;
    for (i = 0; i < MEM_XMS_HANDLES; i++)
        if (xms_tab[i].xh != 0) {
            while (xms_tab[i].locks != 0) {
                regs_clear(&r);
                r.ax = 0x0D00;
                r.dx = xms_tab[i].xh;
                xms_call(&r);
                xms_tab[i].locks--;
            }
            drop_block(&xms_tab[i]);
        }
    for (i = 0; i < XMS_UMB_MAX; i++)
        if (umb_tab[i] != 0) {
            regs_clear(&r);
            r.ax = 0x1100;
            r.dx = umb_tab[i];
            xms_call(&r);
            umb_tab[i] = 0;
        }
    xms_used = 0;
    xms_park_reset();
    xms.entry_seg = 0;
    xms.entry_off = 0;
}

/* What mem_info shows about XMS. */
void xms_info_fill(struct mem_info *inf)
{
    if (xms.entry_seg != 0) {
        inf->xms_version = xms.version;
        inf->xms_free_kb = xms.free_kb_init;
    }
}

/* C twins of isr_guard.asm (host tests call these). */
void mod_isr_enter_c(void)
{
    mod_isr_depth++;
}

void mod_isr_leave_c(void)
{
    if (mod_isr_depth != 0)
        mod_isr_depth--;
}
