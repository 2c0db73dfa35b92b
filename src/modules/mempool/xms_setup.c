/*
 * xms_setup.c - MEMPOOL's XMS 3.0 client, the set-up part (task context):
 * status, alloc, free, realloc, lock, unlock, handle_info, last_error,
 * mem_info's XMS fields and what the seal asks before it drops the XMS
 * group.  Set-up C: the seal drops it (the handle table, moves, park and
 * unpark and the release of handles at unload are the XMS group,
 * xms_move.asm; the driver, UMBs and their release are core,
 * xms_core.asm).
 *
 * Everything goes through the driver's far entry point (port_farcall, or
 * port_farcall32 for the 386 functions); extended memory is never
 * addressed directly.  Lock counts are kept per handle here: unlock of an
 * unlocked block (AAh), free or resize of a locked block (ABh), the 256th
 * lock (ACh) are refused before the driver is asked, because DOSBox 0.74
 * frees locked blocks and lets the count saturate
 * (shared/reference/xms-vds-dos-facts.md 1.5).
 *
 * A caller's handle names a slot of xms_tab (xms_service.h).  The park
 * store's slot lies past the MEM_XMS_HANDLES a handle can name, so a
 * caller cannot free, resize or overwrite parked frames.
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

/* The address each slot's block had at its first lock (handle_info
 * reports it while locked).  Only the set-up entries use it, so it stays
 * here and goes with them at the seal. */
static u32 xms_phys[MEM_XMS_HANDLES];

/* ------------------------------------------------------- driver calls */

static void regs_clear(struct port_regs *r)
{
    r->ax = r->bx = r->cx = r->dx = r->si = r->di = r->ds = r->es = 0;
    r->flags = 0;
    r->e_ax = r->e_bx = r->e_cx = r->e_dx = 0;
}

/* Record a failure code (BL) and name it.  A code below 80h is no XMS
 * code at all: the driver is broken, call it a general error (as
 * xms_core.asm's xms_call). */
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

/* The slot of a caller's handle, 0 when it is no live handle given out. */
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

/* A block's size in bytes as the slot keeps it: kb << 10, or FFFFFFFFh
 * from 4 GB on (the XMS group checks move ranges against it). */
static u32 kb_bytes(u32 kb)
{
    if (kb >= 0x400000UL)
        return 0xFFFFFFFFUL;
    return kb << 10;
}

u16 xms_handles_held(void)
{
    u16 i, n = 0;

    for (i = 0; i <= MEM_XMS_HANDLES; i++)     /* the store's slot too */
        if (xms_tab[i].xh != 0)
            n++;
    return n;
}

u16 xms_parked(void)
{
    u16 i, n = 0;

    for (i = 0; i < MEM_XMS_PARK_SLOTS; i++)
        if (xms_park_state[i] & 0x80)
            n++;
    return n;
}

int xms_seal_drop(void)
{
    struct port_regs r;
    u16 i;
    int rc;

    for (i = 0; i < MEM_XMS_HANDLES; i++)
        if (xms_tab[i].xh != 0)
            return MEM_E_STATE;
    if (xms_parked() != 0)
        return MEM_E_STATE;
    if (xms_park_xh == 0)
        return MEM_OK;
    regs_clear(&r);
    r.ax = 0x0A00;
    r.dx = xms_park_xh;
    rc = xms_call(&r);
    if (rc != MEM_OK && rc != MEM_E_XMS_BAD_HANDLE)
        return rc;                  /* the store is kept, nothing dropped */
    xms_park_xh = 0;                /* gone either way */
    return MEM_OK;
}

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
    s->bytes = kb_bytes(kb);
    s->locks = 0;
    xms_phys[i] = 0;
    s->gen = (u8)((s->gen + 1) & 0x7F);
    return (int)(((u16)s->gen << 8) | (i + 1));
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
    if (rc == MEM_OK || rc == MEM_E_XMS_BAD_HANDLE) {
        s->xh = 0;                  /* gone either way */
        s->locks = 0;
        s->bytes = 0;
    }
    return rc;
}

/* ------------------------------------------------------------- entries */

static void put32(u8 *p, u32 v)
{
    p[0] = (u8)v;
    p[1] = (u8)(v >> 8);
    p[2] = (u8)(v >> 16);
    p[3] = (u8)(v >> 24);
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
    u16 flags = 0, n;
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
    n = xms_handles_held();
    b[16] = (u8)n;
    b[17] = (u8)(n >> 8);
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
        s->bytes = kb_bytes(kb);
    return rc;
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
    xms_phys[s - xms_tab] = ((u32)r.dx << 16) | r.bx;
    if (MEM_FP_SEG(phys_out) != 0) {
        port_pokew(MEM_FP_SEG(phys_out), MEM_FP_OFF(phys_out), r.bx);
        port_pokew(MEM_FP_SEG(phys_out), (u16)(MEM_FP_OFF(phys_out) + 2), r.dx);
    }
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
        xms_phys[s - xms_tab] = 0;
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
    put32(b + 12, s->locks ? xms_phys[s - xms_tab] : (u32)0);
    return give_struct(out, b, 16);
}

int mod_xms_last_error(void)
{
    return xms.last_error;
}

/* What mem_info shows about XMS. */
void xms_info_fill(struct mem_info *inf)
{
    if (xms.entry_seg != 0) {
        inf->xms_version = xms.version;
        inf->xms_free_kb = xms.free_kb_init;
    }
}
