/*
 * xms_park_c.c - C twins of xms_move.asm's mem_xms_park, mem_xms_unpark
 * and the group's unload hook xms_release, step for step.  Host only
 * (tests/host): MEMPOOL.MOD links the NASM; src/port/host/xms_host.c maps
 * mod_xms_park, mod_xms_unpark and xms_release onto these.
 *
 * The backing store for packet buffers: park copies a buffer's frame into
 * a slot of one XMS block (the park store, taken at the first park, the
 * module's own: its slot follows the handles a caller can name; freed at
 * unload or by a seal that drops the group while it is empty) and frees
 * the buffer; unpark
 * takes a fresh buffer from the pools and copies the frame back.  The
 * owner's header words len and data stay in the slot's record here, the
 * link and the frame bytes [data, data + len) in XMS: the buffer's bytes
 * [data - 4, data + len), rounded up to an even length, with the link put
 * in the four bytes before the frame for the move (their own bytes kept
 * and put back), in one driver call each way.  The byte after an odd
 * frame is inside the buffer (cap is even) and inside the slot.
 *
 * Nothing is ever lost: park frees the buffer only after the frame is in
 * XMS; when XMS is absent, full or failing it says so (MEM_E_NOXMS,
 * MEM_E_NOMEM, MEM_E_XMS_*) and the buffer stays where it was.  Unpark
 * without a free packet buffer says MEM_E_NOMEM and the ticket stays valid.
 *
 * Context: task, never from an ISR (XMS moves).
 */
#include "port.h"
#include "mod_core.h"
#include "pool.h"
#include "xms_service.h"

/* The parked buffers' len and data (xms_move.asm's park_rec).  Which
 * slots are parked: xms_park_state (xms_service.h). */
static u16 park_rec[MEM_XMS_PARK_SLOTS][2];

/* task_guard_c: MEM_OK or MEM_E_STATE (the C gate refuses ISR calls). */
static int task_guard_c(void)
{
    if (!mod.initialised)
        return MEM_E_STATE;
    return MEM_OK;
}

static void regs_dx(struct port_regs *r, u16 ax, u16 dx)
{
    r->ax = ax;
    r->dx = dx;
    r->bx = r->cx = r->si = r->di = r->ds = r->es = r->flags = 0;
    r->e_ax = r->e_bx = r->e_cx = r->e_dx = 0;
}

/* park_move_c: 0Bh between the buffer seg:off, its bytes [data - 4,
 * data + len) rounded up to even with the link before the frame, and
 * store slot i; to_store: park, else unpark.  The link is read back from
 * before the frame into the header, the buffer's own bytes there put back
 * (xms_move.asm's park_move). */
static int park_move_c(u16 seg, u16 off, u16 i, int to_store)
{
    u8 m[16], *sp, *bp, keep[4];
    u16 data = port_peekw(seg, (u16)(off + MEM_PKT_OFF_DATA)), fr = (u16)(off + data), j;
    u32 v;
    int rc;

    sp = m + (to_store ? 10 : 4);       /* the store's end */
    bp = m + (to_store ? 4 : 10);       /* the buffer's */
    sp[0] = (u8)xms_park_xh;
    sp[1] = (u8)(xms_park_xh >> 8);
    v = (u32)i * PARK_SLOT_BYTES;
    sp[2] = (u8)v; sp[3] = (u8)(v >> 8); sp[4] = (u8)(v >> 16); sp[5] = (u8)(v >> 24);
    bp[0] = bp[1] = 0;                  /* normalised: seg + off / 16 : off % 16 + data - 4 */
    v = MEM_FP(seg + (off >> 4), (off & 15) + data - 4);
    bp[2] = (u8)v; bp[3] = (u8)(v >> 8); bp[4] = (u8)(v >> 16); bp[5] = (u8)(v >> 24);
    v = ((port_peekw(seg, (u16)(off + MEM_PKT_OFF_LEN)) + 1u) & ~1u) + 4;
    m[0] = (u8)v; m[1] = (u8)(v >> 8); m[2] = m[3] = 0;
    for (j = 0; j < 4; j++) {           /* the link before the frame */
        keep[j] = port_peekb(seg, (u16)(fr - 4 + j));
        port_pokeb(seg, (u16)(fr - 4 + j), port_peekb(seg, (u16)(off + j)));
    }
    rc = xms_move0b_c(m);
    for (j = 0; j < 4; j++) {           /* and back, the own bytes too */
        port_pokeb(seg, (u16)(off + j), port_peekb(seg, (u16)(fr - 4 + j)));
        port_pokeb(seg, (u16)(fr - 4 + j), keep[j]);
    }
    return rc;
}

int xms_park_c(mem_fp_t pkt)
{
    struct port_regs r;
    u16 seg = MEM_FP_SEG(pkt), off = MEM_FP_OFF(pkt);
    u16 len, data, cap, i;
    u8 gen;
    int rc = task_guard_c();

    if (rc != MEM_OK)
        return rc;
    if (seg == 0 || off > 0xFFF0u)
        return MEM_E_BADPTR;
    if (port_peekw(seg, (u16)(off + MEM_PKT_OFF_MAGIC)) != MEM_PKT_MAGIC)
        return MEM_E_BADPTR;
    if (port_peekw(seg, (u16)(off + MEM_PKT_OFF_CHECK)) != (u16)(seg ^ off ^ PKT_CHECK))
        return MEM_E_BADPTR;                /* not carved by the pools here */
    if (port_peekb(seg, (u16)(off + MEM_PKT_OFF_REF)) != 1)
        return MEM_E_STATE;                 /* shared: others still use it */
    len = port_peekw(seg, (u16)(off + MEM_PKT_OFF_LEN));
    data = port_peekw(seg, (u16)(off + MEM_PKT_OFF_DATA));
    cap = port_peekw(seg, (u16)(off + MEM_PKT_OFF_CAP));
    if (cap > PARK_SLOT_BYTES || data < MEM_PKT_HDR || data > cap || len == 0
        || len > cap - data)
        return MEM_E_CORRUPT;
    if (xms.entry_seg == 0)
        return MEM_E_NOXMS;
    if (xms_park_xh == 0) {                 /* the store */
        regs_dx(&r, 0x0900, (u16)PARK_KB);
        rc = xms_call_c(&r);
        if (rc != MEM_OK)
            return rc;
        if (r.dx == 0)                      /* "success" without a handle */
            return xms_fail_c(0x8E);
        xms_park_xh = r.dx;
    }
    for (i = 0; i < MEM_XMS_PARK_SLOTS; i++)
        if (!(xms_park_state[i] & 0x80))
            break;
    if (i == MEM_XMS_PARK_SLOTS)
        return MEM_E_NOMEM;                 /* the store is full */
    rc = park_move_c(seg, off, i, 1);
    if (rc != MEM_OK)
        return rc;
    park_rec[i][0] = len;
    park_rec[i][1] = data;
    rc = pool_pkt_free_c(pkt);
    if (rc != 0)
        return rc < 0 ? rc : MEM_E_STATE;   /* not ours / shared after all: kept */
    xms_park_state[i] = (u8)((xms_park_state[i] + 1) | 0x80);  /* was free: bit 7 clear */
    gen = (u8)(xms_park_state[i] & 0x7F);
    return (int)(((u16)gen << 8) | (i + 1));
}

int xms_unpark_c(u16 ticket, mem_fp_t out)
{
    u16 i = (u8)((ticket & 0xFF) - 1), seg, off, need, len, data;
    mem_fp_t p;
    int rc = task_guard_c();

    if (rc != MEM_OK)
        return rc;
    if (MEM_FP_SEG(out) == 0)
        return MEM_E_INVAL;
    if (xms_park_xh == 0 || i >= MEM_XMS_PARK_SLOTS
        || xms_park_state[i] != (u8)((ticket >> 8) ^ 0x80))
        return MEM_E_BADPTR;                /* a ticket with bit 15 never matches */
    len = park_rec[i][0];
    data = park_rec[i][1];
    need = len;                             /* the headroom it had above */
    if (data > MEM_PKT_DATA)                /* the default too, at most */
        need = (u16)(need + (data - MEM_PKT_DATA));
    if (need > MEM_PKT_MAX)                 /* the largest class: cap is */
        need = MEM_PKT_MAX;                 /* checked below */
    p = pool_pkt_alloc_c(need);
    if (p == MEM_FP_NULL)
        return MEM_E_NOMEM;                 /* ticket still valid */
    seg = MEM_FP_SEG(p);
    off = MEM_FP_OFF(p);
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_LEN), len);
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_DATA), data);
    rc = MEM_E_NOMEM;                       /* a smaller buffer than it had */
    if ((u16)(data + len) <= port_peekw(seg, (u16)(off + MEM_PKT_OFF_CAP)))
        rc = park_move_c(seg, off, i, 0);   /* the frame and the link */
    if (rc != MEM_OK) {
        pool_pkt_free_c(p);
        return rc;
    }
    port_pokew(MEM_FP_SEG(out), MEM_FP_OFF(out), off);
    port_pokew(MEM_FP_SEG(out), (u16)(MEM_FP_OFF(out) + 2), seg);
    xms_park_state[i] &= 0x7F;
    return MEM_OK;
}

void xms_release_c(void)
{
    struct port_regs r;
    struct xms_slot *s;
    u16 i, n;
    int rc;

    for (i = 0; i <= MEM_XMS_HANDLES; i++) {    /* the store's slot too */
        s = &xms_tab[i];
        for (n = 256; s->xh != 0;) {
            if (s->locks != 0) {            /* a lock the module took */
                s->locks--;
                regs_dx(&r, 0x0D00, s->xh);
                xms_call_c(&r);
                continue;
            }
            regs_dx(&r, 0x0A00, s->xh);
            rc = xms_call_c(&r);
            if (rc != MEM_OK && (r.bx & 0xFF) == 0xAB && --n != 0) {
                s->locks++;                 /* locked behind our back */
                continue;
            }
            s->xh = 0;                      /* the generation stays */
            s->locks = 0;
        }
    }
    for (i = 0; i < MEM_XMS_PARK_SLOTS; i++)
        xms_park_state[i] &= 0x7F;
}
