/*
 * xms_move_c.c - C twin of xms_move.asm's mem_xms_move (and of the
 * helpers the park twins share), step for step: the same sides, the same
 * pieces, the same driver calls.  Host only (tests/host): MEMPOOL.MOD
 * links the NASM; src/port/host/xms_host.c maps mod_xms_move onto
 * xms_move_c.  xms_move.asm's header says what the rules are.
 */
#include "port.h"
#include "mod_core.h"
#include "xms_service.h"

/* One side of a move: a block (xh = the driver's handle, pos = the byte
 * offset, size = the block's bytes) or conventional memory (xh = 0, pos =
 * the linear address, size = XMS_CONV_TOP). */
struct side {
    u16 xh;
    u32 pos;
    u32 size;
};

/* The frame of one move. */
struct mv {
    u32 len;
    struct side s, d, x, ws, b;     /* x: the word holding a byte */
    u8  w[2];                       /* the odd-byte word */
    u8  buf[XMS_BOUNCE_BYTES];      /* the bounce buffer */
};

int xms_guard_c(void)
{
    if (!mod.initialised)
        return MEM_E_STATE;
    if (xms.entry_seg == 0)
        return MEM_E_NOXMS;
    return MEM_OK;
}

struct xms_slot *slot_of_c(u16 h)
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

/* lin_fp: the asm normalises every address.  Here an address inside
 * DS's 64 KB is named DS:offset instead: on the host the module's own
 * data (the word, the bounce buffer) is reachable through DS alone
 * (port_near's windows).  The driver sees the same bytes either way. */
u32 lin_fp_c(u32 lin)
{
    u32 ds = (u32)port_ds() << 4;

    if (lin >= ds && lin - ds <= 0xFFFFUL)
        return MEM_FP(port_ds(), lin - ds);
    if (lin < 0x100000UL)
        return MEM_FP(lin >> 4, lin & 15);
    return MEM_FP(0xFFFF, lin - 0xFFFF0UL);
}

static u32 near_lin_c(const void *p)
{
    return MEM_FP_LINEAR(MEM_FP(port_ds(), port_near(p)));
}

static void put32(u8 *p, u32 v)
{
    p[0] = (u8)v;
    p[1] = (u8)(v >> 8);
    p[2] = (u8)(v >> 16);
    p[3] = (u8)(v >> 24);
}

/* side_put_c: the 0Bh structure's handle and offset at p from side e. */
static void side_put_c(u8 *p, const struct side *e)
{
    p[0] = (u8)e->xh;
    p[1] = (u8)(e->xh >> 8);
    put32(p + 2, e->xh ? e->pos : lin_fp_c(e->pos));
}

int xms_move0b_c(u8 *m)
{
    struct port_regs r;

    r.ax = 0x0B00;
    r.bx = r.cx = r.dx = r.di = r.es = r.flags = 0;
    r.e_ax = r.e_bx = r.e_cx = r.e_dx = 0;
    r.ds = port_ds();
    r.si = port_near(m);
    return xms_call_c(&r);
}

/* xfer_c: n bytes (even) from side s to side d, each at its position. */
static int xfer_c(u32 n, const struct side *s, const struct side *d)
{
    u8 m[16];

    put32(m, n);
    side_put_c(m + 4, s);
    side_put_c(m + 10, d);
    return xms_move0b_c(m);
}

/* side_make_c: a side from the caller's handle and offset, checked. */
static int side_make_c(struct side *e, u16 h, u32 off, u32 len, u8 foreign)
{
    struct xms_slot *sl;

    if (h == 0) {
        e->xh = 0;
        e->pos = MEM_FP_LINEAR(off);
        e->size = XMS_CONV_TOP;
    } else {
        sl = h == xms_park_store ? 0 : slot_of_c(h);
        if (sl == 0)
            return xms_fail_c(foreign);
        e->xh = sl->xh;
        e->pos = off;
        e->size = sl->kb >= 0x400000UL ? 0xFFFFFFFFUL : sl->kb << 10;
    }
    if (e->pos > e->size || len > e->size - e->pos)
        return MEM_E_RANGE;
    return MEM_OK;
}

/* word_in_c: the word of block side e that holds its byte into m->w (at
 * the position, or one before when the byte is the block's last); m->x is
 * that word's side.  *at = the byte's index in m->w. */
static int word_in_c(struct mv *m, const struct side *e, u16 *at)
{
    m->x.xh = e->xh;
    m->x.pos = e->pos;
    *at = 0;
    if (e->size - e->pos <= 1) {
        m->x.pos = e->pos - 1;
        *at = 1;
    }
    return xfer_c((u32)2, &m->x, &m->ws);
}

static int byte_get_c(struct mv *m, const struct side *e, u8 *v)
{
    u32 fp;
    u16 at;
    int rc;

    if (e->xh == 0) {
        fp = lin_fp_c(e->pos);
        *v = port_peekb(MEM_FP_SEG(fp), MEM_FP_OFF(fp));
        return MEM_OK;
    }
    rc = word_in_c(m, e, &at);
    *v = m->w[at];
    return rc;
}

static int byte_put_c(struct mv *m, const struct side *e, u8 v)
{
    u32 fp;
    u16 at;
    int rc;

    if (e->xh == 0) {
        fp = lin_fp_c(e->pos);
        port_pokeb(MEM_FP_SEG(fp), MEM_FP_OFF(fp), v);
        return MEM_OK;
    }
    rc = word_in_c(m, e, &at);
    if (rc != MEM_OK)
        return rc;
    m->w[at] = v;
    return xfer_c((u32)2, &m->ws, &m->x);
}

static int odd_byte_c(struct mv *m)
{
    u8 v;
    int rc;

    if (!(m->len & 1))
        return MEM_OK;
    rc = byte_get_c(m, &m->s, &v);
    if (rc == MEM_OK)
        rc = byte_put_c(m, &m->d, v);
    return rc;
}

static void advance_c(struct mv *m, u32 n)
{
    m->s.pos += n;
    m->d.pos += n;
}

static int piece_c(struct mv *m, u32 k, int bounce)
{
    int rc;

    if (!bounce)
        return xfer_c(k, &m->s, &m->d);
    rc = xfer_c(k, &m->s, &m->b);
    if (rc == MEM_OK)
        rc = xfer_c(k, &m->b, &m->d);
    return rc;
}

/* scratch_c: the conventional sides of the word and the bounce buffer. */
static void scratch_c(struct mv *m)
{
    m->ws.xh = 0;
    m->ws.pos = near_lin_c(m->w);
    m->b.xh = 0;
    m->b.pos = near_lin_c(m->buf);
}

/* move_sides_c: both sides made and checked.  No overlap: one piece and the
 * odd byte after it; overlap: pieces of p bytes, from the end (back) or
 * the start, through the bounce buffer when the distance is short. */
static int move_sides_c(struct mv *m)
{
    u32 p, rem, k, dist = 0;
    int back = 0, bounce = 0, rc;

    if (m->len == 0)
        return MEM_OK;
    if (m->s.xh == m->d.xh) {               /* one space: may overlap */
        if (m->d.pos >= m->s.pos) {
            dist = m->d.pos - m->s.pos;
            if (dist == 0)
                return MEM_OK;
            back = 1;                       /* above: from the end */
        } else {
            dist = m->s.pos - m->d.pos;     /* below: from the start */
        }
    }
    rem = m->len & ~1UL;
    if (m->s.xh != m->d.xh || dist >= m->len) {
        if (rem != 0) {                     /* one piece */
            rc = piece_c(m, rem, 0);
            if (rc != MEM_OK)
                return rc;
            advance_c(m, rem);
        }
        if (!(m->len & 1))
            return MEM_OK;
        scratch_c(m);
        return odd_byte_c(m);                 /* the odd byte after it */
    }
    if (dist < XMS_BOUNCE_BYTES) {
        bounce = 1;
        dist = XMS_BOUNCE_BYTES;
    }
    p = dist & ~1UL;
    scratch_c(m);
    if (back) {
        advance_c(m, rem);                    /* the odd byte first */
        rc = odd_byte_c(m);
        if (rc != MEM_OK)
            return rc;
    }
    while (rem != 0) {
        k = rem < p ? rem : p;
        rem -= k;
        if (back) {
            advance_c(m, (u32)0 - k);
            rc = piece_c(m, k, bounce);
        } else {
            rc = piece_c(m, k, bounce);
            advance_c(m, k);
        }
        if (rc != MEM_OK)
            return rc;
    }
    return back ? MEM_OK : odd_byte_c(m);     /* the odd byte last */
}

static u32 peek32(u16 seg, u16 off)
{
    return ((u32)port_peekw(seg, (u16)(off + 2)) << 16) | port_peekw(seg, off);
}

int xms_move_c(mem_fp_t desc)
{
    u16 seg = MEM_FP_SEG(desc), off = MEM_FP_OFF(desc);
    struct mv m;
    int rc = xms_guard_c();

    if (rc != MEM_OK)
        return rc;
    if (seg == 0)
        return MEM_E_INVAL;
    m.len = peek32(seg, off);
    rc = side_make_c(&m.s, port_peekw(seg, (u16)(off + 4)),
                     peek32(seg, (u16)(off + 6)), m.len, 0xA3);
    if (rc != MEM_OK)
        return rc;
    rc = side_make_c(&m.d, port_peekw(seg, (u16)(off + 10)),
                     peek32(seg, (u16)(off + 12)), m.len, 0xA5);
    if (rc != MEM_OK)
        return rc;
    return move_sides_c(&m);
}
