/*
 * sim_xms.c - the simulated XMS 3.0 driver: INT 2Fh 4300h/4310h and the
 * far entry point.
 *
 * Convention (XMS 3.0, RBIL Table 02775): AX=1 success, AX=0 failure with
 * BL = error code; 08h/88h return sizes in AX/EAX and BL=0 or A0h; 07h
 * returns the A20 state in AX.  SIM_QUIRKS_DOSBOX switches the places where
 * DOSBox 0.74's xms.cpp differs (listed in sim.h).
 *
 * EMBs are physical ranges of the XMS pool, allocated first fit low to
 * high (1 KB granularity, DOSBox 4 KB pages).  A locked block never moves;
 * an unlocked one may move when 0Fh/8Fh grows it and its neighbour is
 * taken (HimemX needs a spare handle for that: A1h when there is none).
 */
#include <string.h>

#include "sim_priv.h"

#define XMS_OK 0

static int nhandles(void)
{
    if (sim.cfg.xms_handles)
        return sim.cfg.xms_handles;
    return SIM_DOSBOX() ? 49 : 48;
}

/* Handle values: DOSBox hands out 1..49; HimemX hands out offsets into
 * its handle table, so the spec mode uses opaque, spaced words. */
static u16 handle_value(int i)
{
    return (u16)(SIM_DOSBOX() ? i + 1 : 0x04D0 + 10 * i);
}

static int handle_index(u16 h)
{
    int i;

    if (SIM_DOSBOX()) {
        i = (int)h - 1;
    } else {
        if (h < 0x04D0 || (h - 0x04D0) % 10 != 0)
            return -1;
        i = (h - 0x04D0) / 10;
    }
    if (i < 0 || i >= sim.xh_count || !sim.xh[i].used)
        return -1;
    return i;
}

static int free_handles(void)
{
    int i, n = 0;

    for (i = 0; i < sim.xh_count; i++)
        if (!sim.xh[i].used)
            n++;
    return n;
}

static u32 round_span(u32 kb)
{
    u32 bytes = kb * 1024UL;

    return (bytes + sim.gran - 1) / sim.gran * sim.gran;
}

/* Blocks holding memory, sorted by address, block skip left out. */
static int sorted_blocks(int skip, int *order)
{
    int i, j, n = 0, t;

    for (i = 0; i < sim.xh_count; i++)
        if (sim.xh[i].used && sim.xh[i].span && i != skip)
            order[n++] = i;
    for (i = 1; i < n; i++)
        for (j = i; j > 0 && sim.xh[order[j - 1]].phys > sim.xh[order[j]].phys; j--) {
            t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    return n;
}

/* Walk the free gaps of the pool.  With span != 0: first gap that fits
 * (1 and *at).  Always: *largest and *total free bytes. */
static int gaps(int skip, u32 span, u32 *at, u32 *largest, u32 *total)
{
    int order[SIM_XMS_MAXH], n = sorted_blocks(skip, order), i, found = 0;
    u32 cur = sim.xms_pool_start, gap;

    *largest = *total = 0;
    for (i = 0; i <= n; i++) {
        u32 next = i < n ? sim.xh[order[i]].phys : sim.xms_pool_end;

        gap = next > cur ? next - cur : 0;
        if (gap > *largest)
            *largest = gap;
        *total += gap;
        if (!found && gap >= span) {
            *at = cur;
            found = 1;
        }
        if (i < n)
            cur = sim.xh[order[i]].phys + sim.xh[order[i]].span;
    }
    return found;
}

static u32 kb16(u32 kb)
{
    if (SIM_DOSBOX())
        return kb & 0xFFFFUL;           /* (Bit16u) casts */
    return kb > 0xFFFFUL ? 0xFFFFUL : kb;
}

void sim_xms_reset(void)
{
    u32 start = SIM_HMA_PHYS + 0x10000UL;
    u32 end = sim.remap_start * SIM_PAGE;

    sim.xh_count = nhandles();
    sim.gran = SIM_DOSBOX() ? 4096UL : 1024UL;
    if (sim.cfg.vds == SIM_VDS_PRESENT)
        start += (u32)sim.cfg.vds_buffer_kb * 1024UL;
    start = (start + sim.gran - 1) / sim.gran * sim.gran;
    if (sim.cfg.xms_kb && start + sim.cfg.xms_kb * 1024UL < end)
        end = start + sim.cfg.xms_kb * 1024UL;
    if (end < start)
        end = start;
    sim.xms_pool_start = start;
    sim.xms_pool_end = end;
}

/* ------------------------------------------------------------ functions */

static u8 x_query(struct port_regs *r, int is32)
{
    u32 at, largest, total;

    gaps(-1, 0, &at, &largest, &total);
    largest /= 1024;
    total /= 1024;
    if (is32) {
        /* 88h: EAX/EDX in KB (DOSBox: the 16-bit values), ECX = the highest
         * physical address, valid even on error. */
        if (SIM_DOSBOX()) {
            largest = kb16(largest);
            total = kb16(total);
        }
        r->ax = (u16)largest;
        r->e_ax = (u16)(largest >> 16);
        r->dx = (u16)total;
        r->e_dx = (u16)(total >> 16);
        r->cx = (u16)(sim.mem_size - 1);
        r->e_cx = (u16)((sim.mem_size - 1) >> 16);
    } else {
        r->ax = (u16)kb16(largest);
        r->dx = (u16)kb16(total);
    }
    r->bx = (u16)(r->bx & 0xFF00);
    return total ? XMS_OK : 0xA0;
}

static u8 x_alloc(struct port_regs *r, u32 kb)
{
    int i;
    u32 at, largest, total, span = round_span(kb);

    for (i = 0; i < sim.xh_count && sim.xh[i].used; i++)
        ;
    r->dx = 0;
    if (i == sim.xh_count)
        return 0xA1;
    if (!gaps(-1, span, &at, &largest, &total))
        return 0xA0;
    sim.xh[i].used = 1;
    sim.xh[i].locks = 0;
    sim.xh[i].phys = at;
    sim.xh[i].span = span;
    sim.xh[i].kb = kb;
    r->ax = 1;
    r->dx = handle_value(i);
    return XMS_OK;
}

static u8 x_free(struct port_regs *r)
{
    int i = handle_index(r->dx);

    if (i < 0)
        return 0xA2;
    if (sim.xh[i].locks && !SIM_DOSBOX())
        return 0xAB;
    sim.xh[i].used = 0;
    r->ax = 1;
    return XMS_OK;
}

/* One side of a move: an EMB (physical), conventional memory (linear,
 * through the page map) or a port_near() window (host memory). */
struct xend {
    int kind;               /* 0 physical, 1 linear, 2 host */
    u32 addr;
    u8 *host;
};

static u8 end_rd(const struct xend *e, u32 i)
{
    if (e->kind == 2)
        return e->host[i];
    return e->kind ? sim_lin_rd8(e->addr + i) : sim_phys_rd8(e->addr + i);
}

static void end_wr(const struct xend *e, u32 i, u8 v)
{
    if (e->kind == 2)
        e->host[i] = v;
    else if (e->kind)
        sim_lin_wr8(e->addr + i, v);
    else
        sim_phys_wr8(e->addr + i, v);
}

/* Resolve handle:offset for len bytes.  Returns 0 or the error code. */
static u8 move_end(u16 h, u32 off, u32 len, u8 bad_h, u8 bad_off, struct xend *e)
{
    int i;
    u32 size, lin;

    if (h == 0) {
        u16 seg = (u16)(off >> 16);

        lin = ((u32)seg << 4) + (off & 0xFFFFUL);
        if (len > 0x10FFF0UL || lin > 0x10FFF0UL - len)
            return 0xA7;    /* HimemX; DOSBox has no check (sim: A7h too) */
        e->host = sim_near_ptr(seg, off & 0xFFFFUL, len);
        e->kind = e->host ? 2 : 1;
        e->addr = lin;
        return XMS_OK;
    }
    i = handle_index(h);
    if (i < 0)
        return bad_h;
    size = sim.xh[i].kb * 1024UL;
    if (SIM_DOSBOX() ? off >= size : off > size)
        return bad_off;
    if (len > size - off)
        return 0xA7;
    e->kind = 0;
    e->addr = sim.xh[i].phys + off;
    e->host = NULL;
    return XMS_OK;
}

static u8 x_move(struct port_regs *r)
{
    u16 ds = SIM_EFF_DS(r);
    u32 si = r->si, len, i;
    struct xend s, d;
    u8 rc;

    len = sim_far_rd32(ds, si);
    if ((len & 1) && !SIM_DOSBOX())
        return 0xA7;
    rc = move_end(sim_far_rd16(ds, si + 4), sim_far_rd32(ds, si + 6), len, 0xA3, 0xA4, &s);
    if (rc)
        return rc;
    rc = move_end(sim_far_rd16(ds, si + 10), sim_far_rd32(ds, si + 12), len, 0xA5, 0xA6, &d);
    if (rc)
        return rc;
    if (len && !SIM_DOSBOX() && s.kind == d.kind) {
        /* Only a forward-safe overlap (source above destination) is
         * accepted: HimemX says A8h for src < dst < src + len. */
        if (s.kind == 2) {
            if (s.host < d.host && s.host + len > d.host)
                return 0xA8;
        } else if (s.addr < d.addr && s.addr + len > d.addr) {
            return 0xA8;
        }
    }
    for (i = 0; i < len; i++)       /* forward, byte by byte: DOSBox smears */
        end_wr(&d, i, end_rd(&s, i));
    r->ax = 1;
    return XMS_OK;
}

static u8 x_lock(struct port_regs *r)
{
    int i = handle_index(r->dx);

    if (i < 0)
        return 0xA2;
    if (sim.xh[i].locks == 255) {
        if (!SIM_DOSBOX())
            return 0xAC;
    } else {
        sim.xh[i].locks++;
    }
    r->ax = 1;
    r->bx = (u16)sim.xh[i].phys;
    r->dx = (u16)(sim.xh[i].phys >> 16);
    return XMS_OK;
}

static u8 x_unlock(struct port_regs *r)
{
    int i = handle_index(r->dx);

    if (i < 0)
        return 0xA2;
    if (sim.xh[i].locks == 0)
        return 0xAA;
    sim.xh[i].locks--;
    r->ax = 1;
    return XMS_OK;
}

static u8 x_info(struct port_regs *r, int is32)
{
    int i = handle_index(r->dx);
    int nfree = free_handles();

    if (i < 0)
        return 0xA2;
    if (is32) {
        r->cx = (u16)nfree;
        r->dx = (u16)sim.xh[i].kb;
        r->e_dx = SIM_DOSBOX() ? 0 : (u16)(sim.xh[i].kb >> 16);
        r->bx = (u16)(sim.xh[i].locks << 8 | (r->bx & 0xFF));
    } else {
        if (sim.xh[i].kb > 0xFFFFUL && !SIM_DOSBOX())
            return 0xA2;        /* HimemX 3.39, "MS Himem compatible" */
        r->bx = (u16)(sim.xh[i].locks << 8 | (nfree > 255 ? 255 : nfree));
        r->dx = (u16)sim.xh[i].kb;
    }
    r->ax = 1;
    return XMS_OK;
}

static u8 x_realloc(struct port_regs *r, u32 kb)
{
    int i = handle_index(r->dx), order[SIM_XMS_MAXH], n, k;
    u32 span = round_span(kb), limit, at, largest, total, keep;
    struct sim_xblk *b;

    if (i < 0)
        return 0xA2;
    b = &sim.xh[i];
    if (b->locks)
        return 0xAB;
    if (span > b->span) {
        limit = sim.xms_pool_end;
        n = sorted_blocks(i, order);
        for (k = 0; k < n; k++)
            if (sim.xh[order[k]].phys >= b->phys + b->span) {
                limit = sim.xh[order[k]].phys;
                break;
            }
        if (b->span == 0 || b->phys + span > limit) {
            if (!SIM_DOSBOX() && free_handles() == 0)
                return 0xA1;    /* HimemX moves through a spare handle */
            if (!gaps(i, span, &at, &largest, &total))
                return 0xA0;
            keep = b->kb * 1024UL < span ? b->kb * 1024UL : span;
            if (keep)
                memmove(sim.mem + at, sim.mem + b->phys, keep);
            b->phys = at;
        }
    }
    b->span = span;
    b->kb = kb;
    r->ax = 1;
    return XMS_OK;
}

/* ------------------------------------------------------------------ UMBs */

/* Free gaps of the SIM_UMB_XMS regions: first fit for req (when req is
 * not 0) and the largest gap. */
static int xumb_gaps(u16 req, u16 *at, u16 *largest)
{
    int r, i, found = 0;
    u16 cur, gap;

    *largest = 0;
    for (r = 0; r < sim.cfg.umb_count; r++) {
        const struct sim_umb_region *g = &sim.cfg.umb_regions[r];

        cur = g->start;
        for (i = 0; i <= SIM_XUMB_MAX; i++) {
            u16 next = g->end;

            if (i < SIM_XUMB_MAX) {
                if (sim.xumb[i].paras == 0 || sim.xumb[i].seg < g->start
                    || sim.xumb[i].seg >= g->end)
                    continue;
                next = sim.xumb[i].seg;
            }
            gap = (u16)(next - cur);
            if (gap > *largest)
                *largest = gap;
            if (!found && req && gap >= req) {
                *at = cur;
                found = 1;
            }
            if (i < SIM_XUMB_MAX)
                cur = (u16)(sim.xumb[i].seg + sim.xumb[i].paras);
        }
    }
    return found;
}

static void xumb_insert(u16 seg, u16 paras)
{
    int i, j;

    for (i = 0; i < SIM_XUMB_MAX && sim.xumb[i].paras && sim.xumb[i].seg < seg; i++)
        ;
    for (j = SIM_XUMB_MAX - 1; j > i; j--)
        sim.xumb[j] = sim.xumb[j - 1];
    sim.xumb[i].seg = seg;
    sim.xumb[i].paras = paras;
}

static int xumb_find(u16 seg)
{
    int i;

    for (i = 0; i < SIM_XUMB_MAX && sim.xumb[i].paras; i++)
        if (sim.xumb[i].seg == seg)
            return i;
    return -1;
}

static u8 x_umb_alloc(struct port_regs *r)
{
    u16 req = r->dx, at, largest, seg;
    int rc, was;

    if (sim.cfg.umb == SIM_UMB_NONE)
        return 0x80;
    if (sim.cfg.umb == SIM_UMB_DOS) {
        if (!SIM_DOSBOX()) {
            r->dx = 0;          /* DOS=UMB: DOS took every UMB at boot */
            return 0xB1;
        }
        /* DOSBox: link the UMB chain, strategy 40h, DOS allocation. */
        was = sim_dos_umb_linked();
        sim_dos_link(1);
        rc = sim_dos_alloc(req, 0x40, &seg, &largest);
        sim_dos_link(was);
        if (rc == 0) {
            r->ax = 1;
            r->bx = seg;
            return XMS_OK;
        }
        r->dx = rc == 8 ? largest : 0;
        return r->dx ? 0xB0 : 0xB1;
    }
    /* Size 0 is refused like "too big" (Japheth's answer in dosemu2
     * #1331); FFFFh is the spec's way to ask for the largest. */
    if (!xumb_gaps(req, &at, &largest) || sim.xumb[SIM_XUMB_MAX - 1].paras) {
        r->dx = largest;
        return largest ? 0xB0 : 0xB1;
    }
    xumb_insert(at, req);
    r->ax = 1;
    r->bx = at;
    r->dx = req;
    return XMS_OK;
}

static u8 x_umb_free(struct port_regs *r)
{
    u8 bad = SIM_DOSBOX() ? 0xB1 : 0xB2;
    int i;

    if (sim.cfg.umb == SIM_UMB_NONE)
        return 0x80;
    if (sim.cfg.umb == SIM_UMB_DOS) {
        if (SIM_DOSBOX() && sim_dos_free(r->dx) == 0) {
            r->ax = 1;
            return XMS_OK;
        }
        return bad;
    }
    i = xumb_find(r->dx);
    if (i < 0)
        return bad;
    for (; i < SIM_XUMB_MAX - 1; i++)
        sim.xumb[i] = sim.xumb[i + 1];
    sim.xumb[SIM_XUMB_MAX - 1].seg = 0;
    sim.xumb[SIM_XUMB_MAX - 1].paras = 0;
    r->ax = 1;
    return XMS_OK;
}

static u8 x_umb_realloc(struct port_regs *r)
{
    int i, g;
    u16 limit;

    if (sim.cfg.umb == SIM_UMB_NONE || SIM_DOSBOX())
        return 0x80;
    i = sim.cfg.umb == SIM_UMB_XMS ? xumb_find(r->dx) : -1;
    if (i < 0)
        return 0xB2;
    if (r->bx > sim.xumb[i].paras) {
        limit = 0;
        for (g = 0; g < sim.cfg.umb_count; g++)
            if (r->dx >= sim.cfg.umb_regions[g].start && r->dx < sim.cfg.umb_regions[g].end)
                limit = sim.cfg.umb_regions[g].end;
        if (i + 1 < SIM_XUMB_MAX && sim.xumb[i + 1].paras && sim.xumb[i + 1].seg < limit)
            limit = sim.xumb[i + 1].seg;
        if ((u32)r->dx + r->bx > limit) {
            r->dx = (u16)(limit - r->dx);   /* the most it can become */
            return 0xB0;
        }
    }
    sim.xumb[i].paras = r->bx;
    r->ax = 1;
    return XMS_OK;
}

/* ------------------------------------------------------------ A20, HMA */

static u8 x_a20(struct port_regs *r, u8 fn)
{
    if (SIM_DOSBOX()) {
        sim.a20_global = (fn == 0x03 || fn == 0x05);
        sim.a20_local = 0;
        r->ax = 1;
        return XMS_OK;
    }
    switch (fn) {
    case 0x03: sim.a20_global = 1; break;
    case 0x04: sim.a20_global = 0; break;
    case 0x05: sim.a20_local++; break;
    default:   if (sim.a20_local) sim.a20_local--; break;
    }
    if ((fn == 0x04 || fn == 0x06) && (sim.a20_global || sim.a20_local))
        return 0x94;            /* A20 still enabled */
    r->ax = 1;
    return XMS_OK;
}

static u8 x_hma(struct port_regs *r, u8 fn)
{
    if (!sim.cfg.hma)
        return 0x90;
    if (fn == 0x01) {
        if (sim.hma_used)
            return 0x91;
        sim.hma_used = 1;
    } else {
        if (!sim.hma_used)
            return 0x93;
        sim.hma_used = 0;
    }
    r->ax = 1;
    return XMS_OK;
}

/* ----------------------------------------------------------- dispatcher */

void sim_xms_call(struct port_regs *r, int is32)
{
    u8 fn = (u8)(r->ax >> 8), rc;
    int v3 = sim.cfg.xms_version >= 0x0300;

    sim.cnt.xms++;
    sim.cnt.xms_fn[fn]++;
    if (is32)
        sim.cnt.farcall32++;
    r->flags = SIM_FLAGS_BASE;
    if ((fn == 0x88 || fn == 0x89 || fn == 0x8E || fn == 0x8F) && !is32)
        sim_fail(__FILE__, __LINE__, "XMS %02Xh takes 32-bit registers: call it "
                 "through port_farcall32", fn);
    if (sim.xms_fail_armed && sim.xms_fail_ah == fn) {
        sim.xms_fail_armed = 0;
        r->ax = 0;
        if (fn == 0x08 || fn == 0x88)
            r->dx = r->e_dx = r->e_ax = 0;
        rc = sim.xms_fail_bl;
    } else {
        r->ax = 0;
        switch (fn) {
        case 0x00:
            r->ax = sim.cfg.xms_version;
            r->bx = sim.cfg.xms_revision;
            r->dx = sim.cfg.hma ? 1 : 0;
            return;
        case 0x01: case 0x02:
            rc = x_hma(r, fn);
            break;
        case 0x03: case 0x04: case 0x05: case 0x06:
            rc = x_a20(r, fn);
            break;
        case 0x07:
            r->ax = (u16)(sim.a20_global || sim.a20_local);
            r->bx = (u16)(r->bx & 0xFF00);
            return;
        case 0x08:
            rc = x_query(r, 0);
            break;
        case 0x09:
            rc = x_alloc(r, r->dx);
            break;
        case 0x0A:
            rc = x_free(r);
            break;
        case 0x0B:
            rc = x_move(r);
            break;
        case 0x0C:
            rc = x_lock(r);
            break;
        case 0x0D:
            rc = x_unlock(r);
            break;
        case 0x0E:
            rc = x_info(r, 0);
            break;
        case 0x0F:
            rc = x_realloc(r, r->bx);
            break;
        case 0x10:
            rc = x_umb_alloc(r);
            break;
        case 0x11:
            rc = x_umb_free(r);
            break;
        case 0x12:
            rc = v3 ? x_umb_realloc(r) : 0x80;
            break;
        case 0x88:
            rc = v3 ? x_query(r, 1) : 0x80;
            break;
        case 0x89:
            rc = v3 ? x_alloc(r, SIM_DOSBOX() ? r->dx
                              : ((u32)r->e_dx << 16 | r->dx)) : 0x80;
            break;
        case 0x8E:
            rc = v3 ? x_info(r, 1) : 0x80;
            break;
        case 0x8F:
            rc = v3 ? x_realloc(r, SIM_DOSBOX() ? r->bx
                                : ((u32)r->e_bx << 16 | r->bx)) : 0x80;
            break;
        default:
            rc = 0x80;
            break;
        }
    }
    if (fn == 0x08 || fn == 0x88) {     /* sizes in AX, status in BL */
        r->bx = (u16)((r->bx & 0xFF00) | rc);
        if (rc)
            sim.cnt.xms_errors++;
        return;
    }
    if (rc) {
        r->ax = 0;
        r->bx = (u16)((r->bx & 0xFF00) | rc);
        sim.cnt.xms_errors++;
    }
}

void sim_int2f(struct port_regs *r)
{
    sim.cnt.int2f++;
    r->flags = SIM_FLAGS_BASE;
    if (!sim.cfg.xms)
        return;                 /* no handler: AL stays 00h */
    if (r->ax == 0x4300) {
        r->ax = 0x4380;
    } else if (r->ax == 0x4310) {
        r->es = SIM_STUB_SEG;
        r->bx = SIM_XMS_OFF;
    }
}

/* -------------------------------------------------------- test inspection */

void sim_xms_entry(u16 *seg, u16 *off)
{
    *seg = SIM_STUB_SEG;
    *off = SIM_XMS_OFF;
}

int sim_xms_handles_used(void)
{
    return sim.xh_count - free_handles();
}

u32 sim_xms_free_kb(void)
{
    u32 at, largest, total;

    gaps(-1, 0, &at, &largest, &total);
    return total / 1024;
}

int sim_xms_block(u16 handle, u32 *phys, u32 *kb, u8 *locks)
{
    int i = handle_index(handle);

    if (i < 0)
        return -1;
    if (phys)
        *phys = sim.xh[i].phys;
    if (kb)
        *kb = sim.xh[i].kb;
    if (locks)
        *locks = sim.xh[i].locks;
    return 0;
}

int sim_xms_umbs_used(void)
{
    int i, n = 0;

    for (i = 0; i < SIM_XUMB_MAX; i++)
        if (sim.xumb[i].paras)
            n++;
    return n;
}

int sim_xms_hma_used(void)
{
    return sim.hma_used;
}

void sim_xms_fail_next(u8 ah, u8 bl)
{
    sim.xms_fail_ah = ah;
    sim.xms_fail_bl = bl;
    sim.xms_fail_armed = 1;
}
