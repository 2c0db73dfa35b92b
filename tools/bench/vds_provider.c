/* vds_provider.c - bench86 --vds: a Virtual DMA Services provider at INT 4Bh
 * (AX = 81xxh), as a memory manager that runs DOS in virtual-8086 mode
 * offers it (--v86 makes SMSW report PE = 1), after RBIL 4B8102h..4B810Ah,
 * Jemm's VDS.ASM and shared/reference/xms-vds-dos-facts.md section 2.  It
 * lets the module's NASM VDS paths run on the emulated CPU; the host tests'
 * simulator (tests/host/sim/sim_vds.c) follows the same rules for the C
 * twins.
 *
 * The memory manager's page map (4 KB pages of the first MB, linear page ->
 * physical page):
 *   00h-2Fh  identity (IVT, the program, the module, the first arenas);
 *   30h-3Fh  physical = linear + 1 MB: contiguous, not where the CPU sees it;
 *   40h-4Fh  in pairs, the pairs in descending order (40h,41h -> 20Eh,20Fh;
 *            42h,43h -> 20Ch,20Dh; ... 4Eh,4Fh -> 200h,201h): a region inside
 *            a pair is contiguous, one that reaches into the next pair is not;
 *   50h-57h  physical = linear + 16 MB: beyond an ISA bus master's reach;
 *   58h-FFh  identity; 9Ch-9Fh hold the provider's DMA buffer (16 KB at
 *            physical 9C000h), which DOS memory (48h) stops short of.
 * Physical memory past the first MB does not exist in the emulator: a
 * physical address names the linear byte mapped there (test hook 81F1h).
 *
 * Functions (errors: CF = 1, AL = the code of RBIL table 03218 / Jemm):
 *   8102h  version: DX must be 0; AX = 0100h, BX = product 0B86h, CX = 1,
 *          SI:DI = buffer size, DX = 0002h (buffer in the first MB).
 *   8103h  lock ES:DI -> DDS.  DX: bit 1 copy into a buffer, bit 2 no
 *          buffer, bit 3 no remap, bit 4 / 5 must not cross 64 / 128 KB
 *          (other bits: 10h).  Size 0 counts as 1.  Contiguous and not
 *          crossing: DDS physical address, buffer id 0.  Else 01h (not
 *          contiguous) or 02h (crosses) with DDS size = the length that would
 *          work, when bit 2 is set; without it a piece of the buffer stands
 *          in (04h / 05h when it cannot).  A region past the first MB: 07h.
 *          Every lock is recorded (64 at most: 03h).
 *   8104h  unlock: the DDS must name a recorded lock (seg, offset, size,
 *          buffer id), else 08h; its buffer is copied out (DX bit 1) and
 *          released.
 *   8107h  request a buffer of DDS size (0: id 0, nothing allocated): DDS id
 *          and physical address; DX bit 1 copies the region in.  04h none
 *          free, 05h larger than the buffer, 06h no run of that length free.
 *   8108h  release the buffer the DDS names (id 0: nothing); 0Ah not one;
 *          DX bit 1 copies it out first.
 *   8109h / 810Ah  copy the region into / out of the DDS's buffer at offset
 *          BX:CX; DX must be 0; 0Ah bad id, 0Bh out of the buffer.
 *   others 0Fh (not supported).
 * Test hooks (bench86 only; a real provider answers 0Fh): 81F0h BX:CX =
 * linear -> physical, 81F1h BX:CX = physical -> linear (CF = 1: none),
 * 81F2h BX = locks held, CX = buffers held.
 */
#include "bench86.h"

#include <string.h>

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
#define E_NOTSUP    0x0F
#define E_FLAGS     0x10

#define BUF_PHYS    ((uint32_t)SEG_VDSBUF << 4)
#define MEM_TOP     0x100000u

struct dds {
    uint32_t size, off;
    uint16_t seg, id;
    uint32_t phys;
};

static uint16_t r16(uc_engine *uc, int reg)
{
    uint16_t v = 0;
    uc_reg_read(uc, reg, &v);
    return v;
}

static void w16(uc_engine *uc, int reg, uint16_t v)
{
    uc_reg_write(uc, reg, &v);
}

static void set_cf(uc_engine *uc, int on)
{
    uint32_t fl = 0;
    uc_reg_read(uc, UC_X86_REG_EFLAGS, &fl);
    fl = on ? (fl | EFL_CF) : (fl & ~EFL_CF);
    uc_reg_write(uc, UC_X86_REG_EFLAGS, &fl);
}

void vds_init(struct vds_state *v)
{
    unsigned p;
    memset(v, 0, sizeof *v);
    v->on = 1;
    for (p = 0; p < 256; p++) {
        if (p >= 0x30 && p <= 0x3F)
            v->page[p] = (uint16_t)(p + 0x100);
        else if (p >= 0x40 && p <= 0x4F)
            v->page[p] = (uint16_t)(0x200 + (7 - (p - 0x40) / 2) * 2 + (p & 1));
        else if (p >= 0x50 && p <= 0x57)
            v->page[p] = (uint16_t)(p + 0x1000);
        else
            v->page[p] = (uint16_t)p;
    }
}

uint32_t vds_lin2phys(const struct vds_state *v, uint32_t lin)
{
    return ((uint32_t)v->page[(lin >> 12) & 0xFF] << 12) | (lin & 0xFFF);
}

/* The linear address mapped at physical address phys, or -1 for none. */
static int64_t phys2lin(const struct vds_state *v, uint32_t phys)
{
    unsigned p;
    for (p = 0; p < 256; p++)
        if (v->page[p] == (phys >> 12))
            return ((int64_t)p << 12) | (phys & 0xFFF);
    return -1;
}

static uint32_t dds_at(uc_engine *uc)
{
    return ((uint32_t)r16(uc, UC_X86_REG_ES) << 4) + r16(uc, UC_X86_REG_DI);
}

static void dds_read(uc_engine *uc, struct dds *d)
{
    uint8_t b[16];
    uc_mem_read(uc, dds_at(uc), b, 16);
    d->size = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    d->off = (uint32_t)b[4] | (uint32_t)b[5] << 8 | (uint32_t)b[6] << 16 | (uint32_t)b[7] << 24;
    d->seg = (uint16_t)(b[8] | b[9] << 8);
    d->id = (uint16_t)(b[10] | b[11] << 8);
    d->phys = (uint32_t)b[12] | (uint32_t)b[13] << 8 | (uint32_t)b[14] << 16 |
              (uint32_t)b[15] << 24;
}

static void dds_w32(uc_engine *uc, unsigned at, uint32_t x)
{
    uint8_t b[4] = { (uint8_t)x, (uint8_t)(x >> 8), (uint8_t)(x >> 16), (uint8_t)(x >> 24) };
    uc_mem_write(uc, dds_at(uc) + at, b, 4);
}

static void dds_w16(uc_engine *uc, unsigned at, uint16_t x)
{
    uint8_t b[2] = { (uint8_t)x, (uint8_t)(x >> 8) };
    uc_mem_write(uc, dds_at(uc) + at, b, 2);
}

/* ------------------------------------------------------------ the buffer */

static uint32_t buf_phys(uint16_t id)
{
    return BUF_PHYS + ((uint32_t)id - 1) * 1024u;
}

static uint8_t buf_alloc(struct vds_state *v, uint32_t size, uint16_t *id)
{
    unsigned need, i, run = 0, k;

    if (size > VDS_BUF_KB * 1024u)
        return E_TOOBIG;
    need = (unsigned)((size + 1023) / 1024);
    if (need == 0)
        need = 1;
    for (i = 0; i < VDS_BUF_KB; i++) {
        run = v->bufmap[i] ? 0 : run + 1;
        if (run == need) {
            unsigned start = i + 1 - need;
            *id = (uint16_t)(start + 1);
            for (k = start; k <= i; k++)
                v->bufmap[k] = (uint8_t)*id;
            v->buflen[*id] = (uint8_t)need;
            return 0;
        }
    }
    return E_INUSE;
}

static int buf_valid(const struct vds_state *v, uint16_t id)
{
    return id >= 1 && id <= VDS_BUF_KB && v->bufmap[id - 1] == id && v->buflen[id] != 0;
}

static void buf_release(struct vds_state *v, uint16_t id)
{
    unsigned k;
    for (k = 0; k < v->buflen[id]; k++)
        v->bufmap[id - 1 + k] = 0;
    v->buflen[id] = 0;
}

/* Copy len bytes between the region seg:off (walked linearly) and the
 * buffer id at byte boff; to_buf: region -> buffer. */
static void buf_copy(uc_engine *uc, uint16_t id, uint32_t boff, uint16_t seg,
                     uint32_t off, uint32_t len, int to_buf)
{
    uint32_t lin = ((uint32_t)seg << 4) + off, p = buf_phys(id) + boff, i;
    uint8_t c;

    for (i = 0; i < len; i++) {
        if (to_buf) {
            uc_mem_read(uc, (lin + i) & 0xFFFFFu, &c, 1);
            uc_mem_write(uc, p + i, &c, 1);         /* the buffer is identity-mapped */
        } else {
            uc_mem_read(uc, p + i, &c, 1);
            uc_mem_write(uc, (lin + i) & 0xFFFFFu, &c, 1);
        }
    }
}

/* ----------------------------------------------------------------- locks */

/* Bytes from lin on (up to len) that are physically contiguous. */
static uint32_t contiguous(const struct vds_state *v, uint32_t lin, uint32_t len)
{
    uint32_t phys = vds_lin2phys(v, lin), b;
    for (b = (lin | 0xFFFu) + 1; b < lin + len; b += 0x1000u)
        if (vds_lin2phys(v, b) != phys + (b - lin))
            return b - lin;
    return len;
}

static uint8_t v_lock(uc_engine *uc, struct vds_state *v, uint16_t dx)
{
    struct dds d;
    uint32_t len, lin, ok, phys;
    uint8_t err = 0;
    uint16_t id = 0;
    int i, slot = -1;

    if (dx & ~(F_COPY | F_NOBUF | F_NOREMAP | F_64K | F_128K))
        return E_FLAGS;
    dds_read(uc, &d);
    len = d.size ? d.size : 1;
    lin = ((uint32_t)d.seg << 4) + d.off;
    if (lin < d.off || lin >= MEM_TOP || len > MEM_TOP - lin)
        return E_REGION;
    for (i = 0; i < VDS_LOCKS; i++)
        if (!v->lock[i].used) {
            slot = i;
            break;
        }
    if (slot < 0)
        return E_NOLOCK;
    ok = contiguous(v, lin, len);
    phys = vds_lin2phys(v, lin);
    if (ok < len) {
        err = E_NOTCONTIG;
    } else if (dx & (F_64K | F_128K)) {
        int shift = (dx & F_64K) ? 16 : 17;
        if ((phys >> shift) != ((phys + len - 1) >> shift)) {
            err = E_BOUNDARY;
            ok = (((phys >> shift) + 1) << shift) - phys;
        }
    }
    if (err) {
        uint8_t rc = E_NOBUF;
        if (!(dx & F_NOBUF))
            rc = buf_alloc(v, len, &id);
        if ((dx & F_NOBUF) || rc) {
            dds_w32(uc, 0, ok);
            dds_w16(uc, 10, 0);
            return (dx & F_NOBUF) ? err : rc;
        }
        phys = buf_phys(id);
        if (dx & F_COPY)
            buf_copy(uc, id, 0, d.seg, d.off, d.size, 1);
    }
    dds_w32(uc, 12, phys);
    dds_w16(uc, 10, id);
    v->lock[slot].used = 1;
    v->lock[slot].seg = d.seg;
    v->lock[slot].off = d.off;
    v->lock[slot].size = d.size;
    v->lock[slot].id = id;
    return 0;
}

static uint8_t v_unlock(uc_engine *uc, struct vds_state *v, uint16_t dx)
{
    struct dds d;
    int i;

    if (dx & ~F_COPY)
        return E_FLAGS;
    dds_read(uc, &d);
    for (i = 0; i < VDS_LOCKS; i++) {
        struct vds_lock *l = &v->lock[i];
        if (l->used && l->seg == d.seg && l->off == d.off && l->size == d.size &&
            l->id == d.id) {
            if (d.id && buf_valid(v, d.id)) {
                if (dx & F_COPY)
                    buf_copy(uc, d.id, 0, d.seg, d.off, d.size, 0);
                buf_release(v, d.id);
            }
            l->used = 0;
            return 0;
        }
    }
    return E_NOTLOCKED;
}

static uint8_t v_reqbuf(uc_engine *uc, struct vds_state *v, uint16_t dx)
{
    struct dds d;
    uint16_t id = 0;
    uint8_t rc;

    if (dx & ~F_COPY)
        return E_FLAGS;
    dds_read(uc, &d);
    dds_w16(uc, 10, 0);
    if (d.size == 0)
        return 0;               /* Jemm: nothing to allocate, id 0 */
    rc = buf_alloc(v, d.size, &id);
    if (rc)
        return rc;
    dds_w16(uc, 10, id);
    dds_w32(uc, 12, buf_phys(id));
    if (dx & F_COPY)
        buf_copy(uc, id, 0, d.seg, d.off, d.size, 1);
    return 0;
}

static uint8_t v_relbuf(uc_engine *uc, struct vds_state *v, uint16_t dx)
{
    struct dds d;

    if (dx & ~F_COPY)
        return E_FLAGS;
    dds_read(uc, &d);
    if (d.id == 0)
        return 0;
    if (!buf_valid(v, d.id))
        return E_BADID;
    if (dx & F_COPY)
        buf_copy(uc, d.id, 0, d.seg, d.off, d.size, 0);
    buf_release(v, d.id);
    return 0;
}

static uint8_t v_copy(uc_engine *uc, struct vds_state *v, uint16_t dx, int to_buf)
{
    struct dds d;
    uint32_t boff = ((uint32_t)r16(uc, UC_X86_REG_BX) << 16) | r16(uc, UC_X86_REG_CX);

    if (dx != 0)
        return E_FLAGS;
    dds_read(uc, &d);
    if (!buf_valid(v, d.id))
        return E_BADID;
    if (boff > (uint32_t)v->buflen[d.id] * 1024u ||
        d.size > (uint32_t)v->buflen[d.id] * 1024u - boff)
        return E_BUFRANGE;
    buf_copy(uc, d.id, boff, d.seg, d.off, d.size, to_buf);
    return 0;
}

/* The bench86 test hooks 81F0h..81F2h. */
static uint8_t v_hook(uc_engine *uc, struct vds_state *v, uint8_t al)
{
    uint32_t x = ((uint32_t)r16(uc, UC_X86_REG_BX) << 16) | r16(uc, UC_X86_REG_CX);
    int64_t l;
    int i, n = 0;

    switch (al) {
    case 0xF0:
        if (x >= MEM_TOP)
            return E_REGION;
        x = vds_lin2phys(v, x);
        break;
    case 0xF1:
        l = phys2lin(v, x);
        if (l < 0)
            return E_REGION;
        x = (uint32_t)l;
        break;
    default:                    /* F2h */
        for (i = 0; i < VDS_LOCKS; i++)
            n += v->lock[i].used;
        w16(uc, UC_X86_REG_BX, (uint16_t)n);
        n = 0;
        for (i = 1; i <= VDS_BUF_KB; i++)
            n += v->buflen[i] != 0;
        w16(uc, UC_X86_REG_CX, (uint16_t)n);
        return 0;
    }
    w16(uc, UC_X86_REG_BX, (uint16_t)(x >> 16));
    w16(uc, UC_X86_REG_CX, (uint16_t)x);
    return 0;
}

void vds_interrupt(uc_engine *uc, struct vds_state *v)
{
    uint16_t ax = r16(uc, UC_X86_REG_AX), dx = r16(uc, UC_X86_REG_DX);
    uint8_t ah = (uint8_t)(ax >> 8), al = (uint8_t)ax, rc;

    if (ah != 0x81) {
        set_cf(uc, 1);          /* not VDS: whoever owns the vector says no */
        return;
    }
    if (al < 16)
        v->calls[al]++;
    switch (al) {
    case 0x02:
        if (dx != 0) {
            rc = E_FLAGS;
            break;
        }
        w16(uc, UC_X86_REG_AX, 0x0100);
        w16(uc, UC_X86_REG_BX, 0x0B86);
        w16(uc, UC_X86_REG_CX, 0x0001);
        w16(uc, UC_X86_REG_SI, (uint16_t)((VDS_BUF_KB * 1024u) >> 16));
        w16(uc, UC_X86_REG_DI, (uint16_t)(VDS_BUF_KB * 1024u));
        w16(uc, UC_X86_REG_DX, 0x0002);
        set_cf(uc, 0);
        return;
    case 0x03: rc = v_lock(uc, v, dx); break;
    case 0x04: rc = v_unlock(uc, v, dx); break;
    case 0x07: rc = v_reqbuf(uc, v, dx); break;
    case 0x08: rc = v_relbuf(uc, v, dx); break;
    case 0x09: rc = v_copy(uc, v, dx, 1); break;
    case 0x0A: rc = v_copy(uc, v, dx, 0); break;
    case 0xF0: case 0xF1: case 0xF2: rc = v_hook(uc, v, al); break;
    default:   rc = E_NOTSUP; break;
    }
    if (rc) {
        w16(uc, UC_X86_REG_AX, (uint16_t)((ax & 0xFF00) | rc));
        v->errors++;
        set_cf(uc, 1);
    } else {
        set_cf(uc, 0);
    }
}
