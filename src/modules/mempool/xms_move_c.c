/*
 * xms_move_c.c - C twin of xms_move.asm's mem_xms_move, step for step: the
 * same sides, the same pieces, the same driver calls.  Host only
 * (tests/host): MEMPOOL.MOD links the NASM; src/port/host/xms_host.c maps
 * mod_xms_move onto xms_move_c.  xms_move.asm's header says what the rules
 * are.
 */
#include "port.h"
#include "mod_core.h"
#include "xms_service.h"

/* One side of a move: a block (xh = the driver's handle, pos = the byte
 * offset) or conventional memory (xh = 0, pos = the linear address); end
 * is 0 when the range ends where the block (or conventional memory)
 * does. */
struct side {
    u16 xh;
    u32 pos;
    u32 end;
};

/* The frame of one move. */
struct mv {
    u32 len;
    u32 t;                          /* the offset in the move of this piece */
    u16 p;                          /* the longest piece (even) */
    u8  bnc;                        /* 1: pieces through the bounce buffer */
    u8  back;                       /* 1: pieces from the end */
    struct side s, d;
    u8  m[16];                      /* the 0Bh structure */
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

/* lin_fp: the asm normalises every conventional address.  Here an address
 * inside DS's 64 KB is named DS:offset instead: on the host the module's
 * own data is reachable through DS alone (port_near's windows).  The
 * driver sees the same bytes either way. */
u32 lin_fp_c(u32 lin)
{
    u32 ds = (u32)port_ds() << 4;

    if (lin >= ds && lin - ds <= 0xFFFFUL)
        return MEM_FP(port_ds(), lin - ds);
    if (lin < 0x100000UL)
        return MEM_FP(lin >> 4, lin & 15);
    return MEM_FP(0xFFFF, lin - 0xFFFF0UL);
}

static void put16(u8 *p, u16 v)
{
    p[0] = (u8)v;
    p[1] = (u8)(v >> 8);
}

static void put32(u8 *p, u32 v)
{
    put16(p, (u16)v);
    put16(p + 2, (u16)(v >> 16));
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

/* end_put_c: one end of the 0Bh structure at f, side e at offset m->t. */
static void end_put_c(struct mv *m, u8 *f, const struct side *e)
{
    u32 at = m->t + e->pos;

    put16(f, e->xh);
    put32(f + 2, e->xh ? at : lin_fp_c(at));
}

/* buf_put_c: one end of the 0Bh structure at f, conventional memory at p
 * (the module's own: SS:DI in the asm). */
static void buf_put_c(u8 *f, u8 *p)
{
    put16(f, 0);
    put32(f + 2, MEM_FP(port_ds(), port_near(p)));
}

/* side_make_c: a side from the caller's handle and offset, checked. */
static int side_make_c(struct side *e, u16 h, u32 off, u32 len, u8 foreign)
{
    struct xms_slot *sl;
    u16 i = (u16)((h & 0xFF) - 1);
    u32 size;

    if (h == 0) {
        e->xh = 0;
        e->pos = MEM_FP_LINEAR(off);
        size = XMS_CONV_TOP;
    } else {
        sl = &xms_tab[i < MEM_XMS_HANDLES ? i : 0];
        if (i >= MEM_XMS_HANDLES || sl->gen != (u16)(h >> 8) || sl->xh == 0)
            return xms_fail_c(foreign);
        e->xh = sl->xh;
        e->pos = off;
        size = sl->bytes;
    }
    if (e->pos > size || len > size - e->pos)
        return MEM_E_RANGE;
    e->end = size - e->pos - len;
    return MEM_OK;
}

/* copy_c: one piece of k bytes, m->s to m->d at offset m->t, directly or
 * through the bounce buffer. */
static int copy_c(struct mv *m, u16 k)
{
    int rc;

    put32(m->m, (u32)k);
    end_put_c(m, m->m + 4, &m->s);
    if (m->bnc) {
        buf_put_c(m->m + 10, m->buf);
        rc = xms_move0b_c(m->m);
        if (rc != MEM_OK)
            return rc;
        buf_put_c(m->m + 4, m->buf);
    }
    end_put_c(m, m->m + 10, &m->d);
    return xms_move0b_c(m->m);
}

/* pieces_c: the range [t0, t0 + n) of the move (n even, > 0) in pieces of
 * at most m->p bytes, from its end when m->back. */
static int pieces_c(struct mv *m, u32 t0, u32 n)
{
    u16 k;
    int rc;

    m->t = m->back ? t0 + n : t0;
    while (n != 0) {
        k = n >= m->p ? m->p : (u16)n;
        n -= k;
        if (m->back)
            m->t -= k;
        rc = copy_c(m, k);
        if (rc != MEM_OK)
            return rc;
        if (!m->back)
            m->t += k;
    }
    return MEM_OK;
}

/* win_at_c: the word of side e that holds its byte (at the byte, or the
 * one before when the byte ends its block): m->t, and where in p the
 * word goes so that the byte lands at p. */
static u8 *win_at_c(struct mv *m, const struct side *e, u8 *p)
{
    put32(m->m, (u32)2);
    m->t = 0;
    if (e->end == 0) {
        m->t = 0xFFFFFFFFUL;
        p--;
    }
    return p;
}

/* win_get_c: that word read so that the byte lands at p. */
static int win_get_c(struct mv *m, const struct side *e, u8 *p)
{
    p = win_at_c(m, e, p);
    end_put_c(m, m->m + 4, e);
    buf_put_c(m->m + 10, p);
    return xms_move0b_c(m->m);
}

/* one_byte_c: a move of one byte, three driver calls. */
static int one_byte_c(struct mv *m)
{
    u8 *p;
    int rc;

    rc = win_get_c(m, &m->d, m->buf + 1);
    if (rc == MEM_OK)
        rc = win_get_c(m, &m->s, m->buf + 5);
    if (rc != MEM_OK)
        return rc;
    m->buf[1] = m->buf[5];
    p = win_at_c(m, &m->d, m->buf + 1);
    end_put_c(m, m->m + 10, &m->d);
    buf_put_c(m->m + 4, p);
    return xms_move0b_c(m->m);
}

/* move_sides_c: both sides made and checked. */
static int move_sides_c(struct mv *m)
{
    u32 dist;
    int rc;

    m->bnc = m->back = 0;
    m->p = 0xFFF0;
    if (m->len == 0)
        return MEM_OK;
    if (m->s.xh == m->d.xh) {               /* one space: may overlap */
        if (m->d.pos >= m->s.pos) {
            dist = m->d.pos - m->s.pos;
            if (dist == 0)
                return MEM_OK;              /* onto itself */
            m->back = 1;                    /* above: from the end */
        } else {
            dist = m->s.pos - m->d.pos;     /* below: from the start */
        }
        if (dist <= 0xFFFFUL) {
            if (dist < XMS_BOUNCE_BYTES) {
                m->bnc = 1;
                dist = XMS_BOUNCE_BYTES;
            }
            if (dist < 0xFFF0UL)
                m->p = (u16)(dist & ~1UL);
        }
    }
    if (m->len == 1)
        return one_byte_c(m);
    if (!(m->len & 1))
        return pieces_c(m, 0, m->len);
    if (m->back) {                          /* the last word first */
        rc = pieces_c(m, m->len - 2, 2);
        return rc != MEM_OK ? rc : pieces_c(m, 0, m->len & ~1UL);
    }
    rc = pieces_c(m, 0, m->len & ~1UL);     /* the last word last */
    return rc != MEM_OK ? rc : pieces_c(m, m->len - 2, 2);
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
