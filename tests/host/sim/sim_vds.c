/*
 * sim_vds.c - the simulated VDS provider at INT 4Bh (AX=81xxh), after
 * RBIL (4B8102h-4B810Ch) and Jemm's VDS.ASM.
 *
 * DDS (ES:DI, in simulated memory or a port_near() window):
 *   +0 DWORD region size   +4 DWORD offset   +8 WORD segment
 *   +0Ah WORD buffer ID (0 = none)            +0Ch DWORD physical address
 *
 * 8103h lock: the region's pages are looked up in the page map.  If they
 * are physically contiguous and do not cross a 64 KB (DX bit 4) or 128 KB
 * (DX bit 5) boundary, the physical address is returned.  Otherwise: with
 * DX bit 2 (no buffer) CF=1, AL=01h (not contiguous) or 02h (crosses a
 * boundary) and DDS size = the length that would have worked; without it
 * the region is given a piece of the DMA buffer (copied into it with DX
 * bit 1) and DDS buffer ID/physical describe the buffer.  Size 0 is
 * treated as 1 byte.  Every lock is recorded: 8104h must name a region
 * that is locked (AL=08h otherwise), and the tests can see locks left
 * behind.  The DMA buffer is managed in 1 KB units; buffer IDs are
 * 1-based KB indexes (as in Jemm).
 */
#include <string.h>

#include "sim_priv.h"

#define F_COPY      0x0002u
#define F_NOBUF     0x0004u
#define F_NOREMAP   0x0008u
#define F_64K       0x0010u
#define F_128K      0x0020u

#define E_NOTCONTIG 0x01
#define E_BOUNDARY  0x02
#define E_NOLOCK    0x03
#define E_NOBUF     0x04
#define E_TOOBIG    0x05
#define E_INUSE     0x06
#define E_REGION    0x07
#define E_NOTLOCKED 0x08
#define E_BADID     0x0A
#define E_BUFRANGE  0x0B
#define E_CHANNEL   0x0C
#define E_DISOVF    0x0D
#define E_DISUNF    0x0E
#define E_NOTSUP    0x0F
#define E_FLAGS     0x10

struct dds {
    u32 size;
    u32 off;
    u16 seg;
    u16 id;
    u32 phys;
};

static void dds_read(const struct port_regs *r, struct dds *d)
{
    d->size = sim_far_rd32(r->es, r->di);
    d->off = sim_far_rd32(r->es, (u32)r->di + 4);
    d->seg = sim_far_rd16(r->es, (u32)r->di + 8);
    d->id = sim_far_rd16(r->es, (u32)r->di + 10);
    d->phys = sim_far_rd32(r->es, (u32)r->di + 12);
}

static void dds_set_size(const struct port_regs *r, u32 v)
{
    sim_far_wr32(r->es, r->di, v);
}

static void dds_set_id(const struct port_regs *r, u16 v)
{
    sim_far_wr16(r->es, (u32)r->di + 10, v);
}

static void dds_set_phys(const struct port_regs *r, u32 v)
{
    sim_far_wr32(r->es, (u32)r->di + 12, v);
}

void sim_vds_reset(void)
{
    memset(sim.vbuf_map, 0, sizeof(sim.vbuf_map));
    memset(sim.vbuf_len, 0, sizeof(sim.vbuf_len));
    memset(sim.vlock, 0, sizeof(sim.vlock));
    memset(sim.vdis, 0, sizeof(sim.vdis));
    sim.vds_fail_armed = 0;
}

/* ------------------------------------------------------------ DMA buffer */

static u32 buf_phys(u16 id)
{
    return SIM_VDS_BUF_PHYS + ((u32)id - 1) * 1024UL;
}

static u8 buf_alloc(u32 size, u16 *id)
{
    u16 total = sim.cfg.vds_buffer_kb, need, i, run = 0;

    if (total == 0)
        return E_NOBUF;
    if (size > (u32)total * 1024UL)
        return E_TOOBIG;
    need = (u16)((size + 1023) / 1024);
    if (need == 0)
        need = 1;
    for (i = 0; i < total; i++) {
        run = sim.vbuf_map[i] ? 0 : (u16)(run + 1);
        if (run == need) {
            u16 start = (u16)(i + 1 - need), k;

            *id = (u16)(start + 1);
            for (k = start; k <= i; k++)
                sim.vbuf_map[k] = (u8)*id;
            sim.vbuf_len[*id] = need;
            return 0;
        }
    }
    return E_INUSE;
}

static int buf_valid(u16 id)
{
    return id >= 1 && id <= sim.cfg.vds_buffer_kb && sim.vbuf_map[id - 1] == id
           && sim.vbuf_len[id] != 0;
}

static void buf_release(u16 id)
{
    u16 k;

    for (k = 0; k < sim.vbuf_len[id]; k++)
        sim.vbuf_map[id - 1 + k] = 0;
    sim.vbuf_len[id] = 0;
}

/* Copy len bytes between the region seg:off (the CPU's view) and the
 * buffer at byte boff.  to_buf: region -> buffer. */
static void buf_copy(u16 id, u32 boff, u16 seg, u32 off, u32 len, int to_buf)
{
    u32 i, p = buf_phys(id) + boff;

    for (i = 0; i < len; i++) {
        if (to_buf)
            sim_phys_wr8(p + i, sim_far_rd8(seg, off + i));
        else
            sim_far_wr8(seg, off + i, sim_phys_rd8(p + i));
    }
}

/* ----------------------------------------------------------------- locks */

static int lock_find(const struct dds *d)
{
    int i;

    for (i = 0; i < SIM_VDS_LOCKS; i++)
        if (sim.vlock[i].used && sim.vlock[i].seg == d->seg && sim.vlock[i].off == d->off
            && sim.vlock[i].size == d->size && sim.vlock[i].bufid == d->id)
            return i;
    return -1;
}

static int lock_slot(void)
{
    int i;

    for (i = 0; i < SIM_VDS_LOCKS; i++)
        if (!sim.vlock[i].used)
            return i;
    return -1;
}

/* The region's physical start and how many bytes from its start are
 * contiguous (not past len). */
static u32 contiguous(u32 lin, u32 len, u32 *phys)
{
    u32 b;

    *phys = sim_lin2phys(lin);
    for (b = (lin | (SIM_PAGE - 1)) + 1; b < lin + len; b += SIM_PAGE)
        if (sim_lin2phys(b) != *phys + (b - lin))
            return b - lin;
    return len;
}

static u8 v_lock(struct port_regs *r)
{
    struct dds d;
    u32 len, lin, ok, phys;
    u8 err = 0;
    u16 id;
    int slot;

    if (r->dx & ~(F_COPY | F_NOBUF | F_NOREMAP | F_64K | F_128K))
        return E_FLAGS;
    dds_read(r, &d);
    len = d.size ? d.size : 1;
    if (sim_near_ptr(d.seg, d.off, len) != NULL)
        sim_fail(__FILE__, __LINE__, "VDS lock of a port_near() window (module data "
                 "is host memory in the sim)");
    lin = ((u32)d.seg << 4) + d.off;
    if (lin < d.off || lin > sim.mem_size || len > sim.mem_size - lin)
        return E_REGION;
    slot = lock_slot();
    if (slot < 0)
        return E_NOLOCK;
    ok = contiguous(lin, len, &phys);
    if (ok < len) {
        err = E_NOTCONTIG;
    } else if (r->dx & (F_64K | F_128K)) {
        int shift = (r->dx & F_64K) ? 16 : 17;

        if ((phys >> shift) != ((phys + len - 1) >> shift)) {
            err = E_BOUNDARY;
            ok = (((phys >> shift) + 1) << shift) - phys;
        }
    }
    id = 0;
    if (err) {
        u8 rc = E_NOBUF;

        if (!(r->dx & F_NOBUF))
            rc = buf_alloc(len, &id);
        if (r->dx & F_NOBUF || rc) {
            dds_set_size(r, ok);
            dds_set_id(r, 0);
            return (r->dx & F_NOBUF) ? err : rc;
        }
        phys = buf_phys(id);
        if (r->dx & F_COPY)
            buf_copy(id, 0, d.seg, d.off, d.size, 1);
    }
    dds_set_phys(r, phys);
    dds_set_id(r, id);
    sim.vlock[slot].used = 1;
    sim.vlock[slot].seg = d.seg;
    sim.vlock[slot].off = d.off;
    sim.vlock[slot].size = d.size;
    sim.vlock[slot].bufid = id;
    return 0;
}

static u8 v_unlock(struct port_regs *r)
{
    struct dds d;
    int i;

    if (r->dx & ~F_COPY)
        return E_FLAGS;
    dds_read(r, &d);
    i = lock_find(&d);
    if (i < 0)
        return E_NOTLOCKED;
    if (d.id && buf_valid(d.id)) {
        if (r->dx & F_COPY)
            buf_copy(d.id, 0, d.seg, d.off, d.size, 0);
        buf_release(d.id);
    }
    sim.vlock[i].used = 0;
    return 0;
}

static u8 v_reqbuf(struct port_regs *r)
{
    struct dds d;
    u16 id;
    u8 rc;

    if (r->dx & ~F_COPY)
        return E_FLAGS;
    dds_read(r, &d);
    dds_set_id(r, 0);
    if (d.size == 0)
        return 0;               /* Jemm: nothing to allocate, ID 0 */
    rc = buf_alloc(d.size, &id);
    if (rc)
        return rc;
    dds_set_id(r, id);
    dds_set_phys(r, buf_phys(id));
    if (r->dx & F_COPY)
        buf_copy(id, 0, d.seg, d.off, d.size, 1);
    return 0;
}

static u8 v_relbuf(struct port_regs *r)
{
    struct dds d;

    if (r->dx & ~F_COPY)
        return E_FLAGS;
    dds_read(r, &d);
    if (d.id == 0)
        return 0;
    if (!buf_valid(d.id))
        return E_BADID;
    if (r->dx & F_COPY)
        buf_copy(d.id, 0, d.seg, d.off, d.size, 0);
    buf_release(d.id);
    return 0;
}

/* 8109h / 810Ah: BX:CX = offset in the buffer. */
static u8 v_copy(struct port_regs *r, int to_buf)
{
    struct dds d;
    u32 boff = ((u32)r->bx << 16) | r->cx;

    if (r->dx != 0)
        return E_FLAGS;
    dds_read(r, &d);
    if (!buf_valid(d.id))
        return E_BADID;
    if (boff > (u32)sim.vbuf_len[d.id] * 1024UL
        || d.size > (u32)sim.vbuf_len[d.id] * 1024UL - boff)
        return E_BUFRANGE;
    buf_copy(d.id, boff, d.seg, d.off, d.size, to_buf);
    return 0;
}

/* 810Bh / 810Ch: BX = DMA channel. */
static u8 v_translation(struct port_regs *r, int disable)
{
    if (r->bx >= 8)
        return E_CHANNEL;
    if (r->dx != 0)
        return E_FLAGS;
    if (disable) {
        if (sim.vdis[r->bx] == 255)
            return E_DISOVF;
        sim.vdis[r->bx]++;
    } else {
        if (sim.vdis[r->bx] == 0)
            return E_DISUNF;
        sim.vdis[r->bx]--;
        if (sim.vdis[r->bx] == 0)
            r->flags |= SIM_ZF;
    }
    return 0;
}

void sim_int4b(struct port_regs *r)
{
    u8 ah = (u8)(r->ax >> 8), al = (u8)r->ax, rc;

    sim.cnt.int4b++;
    r->flags = SIM_FLAGS_BASE;
    if (sim_lin_rd16(0x4B * 4) == 0 && sim_lin_rd16(0x4B * 4 + 2) == 0)
        sim_fail(__FILE__, __LINE__, "INT 4Bh through the null vector 0000:0000 "
                 "(no VDS: check 0040:007B bit 5 / the vector first)");
    if (ah != 0x81 || sim.cfg.vds == SIM_VDS_NONE) {
        r->flags |= SIM_CF;     /* not VDS: whoever owns the vector says no */
        return;
    }
    sim.cnt.vds_fn[al]++;
    if (sim.cfg.vds == SIM_VDS_DOSBOX) {
        r->ax = 0x0001;         /* DOSBox ems.cpp: every 81xxh fails */
        r->flags |= SIM_CF;
        sim.cnt.vds_errors++;
        return;
    }
    if (sim.vds_fail_armed && sim.vds_fail_al == al) {
        sim.vds_fail_armed = 0;
        rc = sim.vds_fail_err;
    } else {
        switch (al) {
        case 0x02:
            if (r->dx != 0) {
                rc = E_FLAGS;
                break;
            }
            r->ax = 0x0100;                 /* VDS 1.0 */
            r->bx = sim.cfg.vds_product;
            r->cx = 0x0001;
            r->si = (u16)(((u32)sim.cfg.vds_buffer_kb * 1024UL) >> 16);
            r->di = (u16)((u32)sim.cfg.vds_buffer_kb * 1024UL);
            /* DX bit 3: all memory physically contiguous */
            r->dx = (u16)(sim.cfg.remap ? 0 : 0x0008);
            return;
        case 0x03: rc = v_lock(r); break;
        case 0x04: rc = v_unlock(r); break;
        case 0x07: rc = v_reqbuf(r); break;
        case 0x08: rc = v_relbuf(r); break;
        case 0x09: rc = v_copy(r, 1); break;
        case 0x0A: rc = v_copy(r, 0); break;
        case 0x0B: rc = v_translation(r, 1); break;
        case 0x0C: rc = v_translation(r, 0); break;
        default:   rc = E_NOTSUP; break;   /* 05h/06h scatter/gather too */
        }
    }
    if (rc) {
        r->ax = (u16)((r->ax & 0xFF00) | rc);
        r->flags |= SIM_CF;
        sim.cnt.vds_errors++;
    }
}

/* -------------------------------------------------------- test inspection */

int sim_vds_locks_held(void)
{
    int i, n = 0;

    for (i = 0; i < SIM_VDS_LOCKS; i++)
        if (sim.vlock[i].used)
            n++;
    return n;
}

int sim_vds_buffers_used(void)
{
    int i, n = 0;

    for (i = 1; i <= 64; i++)
        if (sim.vbuf_len[i])
            n++;
    return n;
}

u32 sim_vds_buffer_phys(void)
{
    return SIM_VDS_BUF_PHYS;
}

u8 sim_vds_disable_count(u8 channel)
{
    return channel < 8 ? sim.vdis[channel] : 0;
}

void sim_vds_fail_next(u8 al, u8 err)
{
    sim.vds_fail_al = al;
    sim.vds_fail_err = err;
    sim.vds_fail_armed = 1;
}
