/*
 * sim_dos.c - the simulated DOS: INT 21h memory calls on a real MCB chain
 * in simulated memory.
 *
 * MCB (16 bytes, one paragraph before its block):
 *   +0 type 'M' (more follow) / 'Z' (last)   +1 owner PSP (0 free, 8 DOS)
 *   +3 size in paragraphs                    +8 name (DOS 4+)
 *
 * Semantics follow MS-DOS 5 as RBIL documents it (and DOSBox 0.74's
 * dos_memory.cpp implements it): 48h coalesces free neighbours before it
 * searches and returns BX = largest free block on failure; 49h only marks
 * the block free; 4Ah grows into a free successor and, when that is not
 * enough, grows the block as far as it goes and fails with BX = that size.
 * Strategy: low bits 0 first fit, 1 best fit, 2+ last fit; 40h high only,
 * 80h high first (DOS 5+).  With DOS=UMB the chain continues behind the
 * system block at conv_end-1 when linked (5803h BX=1); UMBs are searched
 * first or only when linked and the strategy asks for them.
 */
#include <string.h>

#include "sim_priv.h"

#define MCB_LIN(seg)  ((u32)(seg) << 4)
#define DOS_OWNER     8u

static u8  mcb_type(u16 seg)  { return sim_lin_rd8(MCB_LIN(seg)); }
static u16 mcb_owner(u16 seg) { return sim_lin_rd16(MCB_LIN(seg) + 1); }
static u16 mcb_size(u16 seg)  { return sim_lin_rd16(MCB_LIN(seg) + 3); }
static int mcb_ok(u16 seg)    { return mcb_type(seg) == 'M' || mcb_type(seg) == 'Z'; }

static void mcb_set(u16 seg, u8 type, u16 owner, u16 size)
{
    sim_lin_wr8(MCB_LIN(seg), type);
    sim_lin_wr16(MCB_LIN(seg) + 1, owner);
    sim_lin_wr16(MCB_LIN(seg) + 3, size);
}

static void mcb_name(u16 seg, const char *name)
{
    int i;

    for (i = 0; i < 8; i++)
        sim_lin_wr8(MCB_LIN(seg) + 8 + i, (u8)(*name ? *name++ : 0));
}

static int has_umb_chain(void)
{
    return sim.cfg.umb == SIM_UMB_DOS;
}

int sim_dos_has_umb_chain(void)
{
    return has_umb_chain();
}

static u16 link_mcb(void)
{
    return (u16)(sim.cfg.conv_end - 1);
}

static u16 umb_head(void)
{
    return sim.cfg.umb_regions[0].start;
}

static u16 umb_end(void)
{
    return sim.cfg.umb_regions[sim.cfg.umb_count - 1].end;
}

/* The MCB after seg: 1 and *next, 0 at the last ('Z'), -1 if broken. */
static int chain_step(u16 seg, u16 *next)
{
    u32 n;

    if (mcb_type(seg) == 'Z')
        return 0;
    if (mcb_type(seg) != 'M')
        return -1;
    n = (u32)seg + mcb_size(seg) + 1;
    if (n > 0xFFFFUL || !mcb_ok((u16)n))
        return -1;
    *next = (u16)n;
    return 1;
}

/* Join free neighbours from start to the end of its chain. */
static int compress(u16 start)
{
    u16 seg = start, next;
    int rc;

    if (!mcb_ok(seg))
        return -1;
    for (;;) {
        rc = chain_step(seg, &next);
        if (rc <= 0)
            return rc;
        if (mcb_owner(seg) == 0 && mcb_owner(next) == 0) {
            mcb_set(seg, mcb_type(next), 0, (u16)(mcb_size(seg) + mcb_size(next) + 1));
            continue;
        }
        seg = next;
    }
}

static int compress_all(void)
{
    if (compress(SIM_FIRST_MCB) < 0)
        return -1;
    if (has_umb_chain() && !sim.linked && compress(umb_head()) < 0)
        return -1;
    return 0;
}

/* Search start's chain for a free block of req paragraphs by fit
 * (0 first, 1 best, 2 last).  *found = its MCB or 0; *largest grows. */
static int search(u16 start, u16 req, int fit, u16 *found, u16 *largest)
{
    u16 seg = start, next, size;
    int rc;

    *found = 0;
    if (!mcb_ok(seg))
        return -1;
    for (;;) {
        if (mcb_owner(seg) == 0) {
            size = mcb_size(seg);
            if (size > *largest)
                *largest = size;
            if (size >= req) {
                if (fit == 0) {
                    *found = seg;
                    return 0;
                }
                if (fit == 2 || *found == 0 || size < mcb_size(*found))
                    *found = seg;
            }
        }
        rc = chain_step(seg, &next);
        if (rc < 0)
            return -1;
        if (rc == 0)
            return 0;
        seg = next;
    }
}

static void owner_name(u16 seg)
{
    u16 p = (u16)(sim.psp - 1);
    int i;

    if (sim.psp == 0 || !mcb_ok(p))
        return;
    for (i = 0; i < 8; i++)
        sim_lin_wr8(MCB_LIN(seg) + 8 + i, sim_lin_rd8(MCB_LIN(p) + 8 + i));
}

/* Carve req paragraphs out of the free block at mcb: at its start for
 * first/best fit, at its end for last fit.  Returns the block segment. */
static u16 carve(u16 mcb, u16 req, int fit)
{
    u16 size = mcb_size(mcb);
    u8 type = mcb_type(mcb);
    u16 blk;

    if (size == req) {
        mcb_set(mcb, type, sim.psp, size);
        owner_name(mcb);
        return (u16)(mcb + 1);
    }
    if (fit == 2) {
        blk = (u16)(mcb + 1 + size - req);
        mcb_set((u16)(blk - 1), type, sim.psp, req);
        owner_name((u16)(blk - 1));
        mcb_set(mcb, 'M', 0, (u16)(size - req - 1));
        return blk;
    }
    mcb_set((u16)(mcb + 1 + req), type, 0, (u16)(size - req - 1));
    mcb_set(mcb, 'M', sim.psp, req);
    owner_name(mcb);
    return (u16)(mcb + 1);
}

int sim_dos_alloc(u16 req, u16 strategy, u16 *seg, u16 *largest)
{
    int modern = sim.cfg.dos_version >= 0x0500 || SIM_DOSBOX();
    int fit, high;
    u16 found;

    *largest = 0;
    if (compress_all() < 0)
        return 7;
    if (modern) {
        fit = strategy & 0x3F;
        high = strategy & 0xC0;
    } else {
        fit = strategy;
        high = 0;
    }
    if (fit > 2)
        fit = 2;
    if (has_umb_chain() && high && (sim.linked || SIM_DOSBOX())) {
        if (search(umb_head(), req, fit, &found, largest) < 0)
            return 7;
        if (found) {
            *seg = carve(found, req, fit);
            return 0;
        }
        if (!(high & 0x80))
            return 8;           /* 40h: high memory only */
    }
    if (search(SIM_FIRST_MCB, req, fit, &found, largest) < 0)
        return 7;
    if (!found)
        return 8;
    *seg = carve(found, req, fit);
    return 0;
}

int sim_dos_free(u16 seg)
{
    if (seg <= SIM_FIRST_MCB || !mcb_ok((u16)(seg - 1)))
        return 9;
    mcb_set((u16)(seg - 1), mcb_type((u16)(seg - 1)), 0, mcb_size((u16)(seg - 1)));
    return 0;
}

static int dos_resize(u16 seg, u16 *req)
{
    u16 m = (u16)(seg - 1), n, total, avail, owner;
    u8 type, end_type;
    int joined = 0;

    if (seg <= SIM_FIRST_MCB || !mcb_ok(m))
        return SIM_DOSBOX() ? 7 : 9;
    if (compress_all() < 0)
        return 7;
    total = mcb_size(m);
    type = mcb_type(m);
    owner = SIM_DOSBOX() ? sim.psp : mcb_owner(m);
    if (*req <= total) {
        if (*req < total) {
            mcb_set((u16)(m + 1 + *req), type, 0, (u16)(total - *req - 1));
            mcb_set(m, 'M', owner, *req);
        }
        return 0;
    }
    avail = total;
    end_type = type;
    n = (u16)(m + total + 1);
    if (type == 'M' && mcb_ok(n) && mcb_owner(n) == 0) {
        avail = (u16)(avail + mcb_size(n) + 1);
        end_type = mcb_type(n);
        joined = 1;
    }
    if (*req < avail) {
        mcb_set((u16)(m + 1 + *req), end_type, 0, (u16)(avail - *req - 1));
        mcb_set(m, 'M', owner, *req);
        return 0;
    }
    /* Exactly the room there is, or less than asked: take it all. */
    mcb_set(m, joined ? end_type : type, owner, avail);
    if (*req == avail)
        return 0;
    *req = avail;
    return 8;
}

void sim_dos_link(int on)
{
    u16 seg = SIM_FIRST_MCB, prev = 0, next;

    if (!has_umb_chain() || (on != 0) == (sim.linked != 0))
        return;
    while (seg != link_mcb() && mcb_type(seg) != 'Z') {
        prev = seg;
        if (chain_step(seg, &next) <= 0)
            return;
        seg = next;
    }
    if (on) {
        if (mcb_type(seg) == 'Z' && (u32)seg + mcb_size(seg) + 1 == link_mcb()) {
            mcb_set(seg, 'M', mcb_owner(seg), mcb_size(seg));
            sim.linked = 1;
        }
    } else {
        if (seg == link_mcb() && prev != 0)
            mcb_set(prev, 'Z', mcb_owner(prev), mcb_size(prev));
        sim.linked = 0;
    }
}

void sim_dos_reset(void)
{
    u16 free_mcb = (u16)(SIM_PSP + SIM_PROG_PARAS);
    const struct sim_config *c = &sim.cfg;
    int i;

    sim.psp = SIM_PSP;
    sim.strategy = 0;
    sim.linked = 0;
    sim.low_end = has_umb_chain() ? (u16)(c->conv_end - 1) : c->conv_end;

    mcb_set(SIM_FIRST_MCB, 'M', SIM_PSP, SIM_PROG_PARAS);
    mcb_name(SIM_FIRST_MCB, "MEMTEST");
    sim_lin_wr8(MCB_LIN(SIM_PSP), 0xCD);        /* PSP: INT 20h */
    sim_lin_wr8(MCB_LIN(SIM_PSP) + 1, 0x20);
    sim_lin_wr16(MCB_LIN(SIM_PSP) + 2, c->conv_end);
    mcb_set(free_mcb, 'Z', 0, (u16)(sim.low_end - free_mcb - 1));
    if (!has_umb_chain())
        return;
    mcb_set(link_mcb(), 'M', DOS_OWNER, (u16)(umb_head() - c->conv_end));
    mcb_name(link_mcb(), "SC");
    for (i = 0; i < c->umb_count; i++) {
        u16 s = c->umb_regions[i].start, e = c->umb_regions[i].end;

        if (i == c->umb_count - 1) {
            mcb_set(s, 'Z', 0, (u16)(e - s - 1));
        } else {
            /* The hole up to the next region is a system block whose MCB
             * sits in the last paragraph of this region. */
            mcb_set(s, 'M', 0, (u16)(e - s - 2));
            mcb_set((u16)(e - 1), 'M', DOS_OWNER, (u16)(c->umb_regions[i + 1].start - e));
            mcb_name((u16)(e - 1), "SC");
        }
    }
}

/* --------------------------------------------------------------- INT 21h */

static void set_cf(struct port_regs *r, int cf)
{
    r->flags = (u16)(cf ? (SIM_FLAGS_BASE | SIM_CF) : SIM_FLAGS_BASE);
}

static void fail_with(struct port_regs *r, u16 code)
{
    r->ax = code;
    set_cf(r, 1);
}

static void int21_58(struct port_regs *r)
{
    u8 al = (u8)r->ax;
    u16 dos = sim.cfg.dos_version;

    if (dos < 0x0300 && !SIM_DOSBOX()) {
        fail_with(r, 1);        /* DOS 2.x: no 58h */
        return;
    }
    switch (al) {
    case 0x00:
        r->ax = sim.strategy;
        set_cf(r, SIM_DOSBOX());    /* DOSBox leaves CF as it was */
        return;
    case 0x01:
        if (SIM_DOSBOX()) {
            if ((r->bx & 0x3F) >= 3) {
                fail_with(r, 1);
                return;
            }
            sim.strategy = r->bx;
        } else if (dos >= 0x0500) {
            u8 bl = (u8)r->bx;

            if ((bl & 0x3F) > 2 || (bl & 0xC0) == 0xC0) {
                fail_with(r, 1);
                return;
            }
            sim.strategy = bl;
        } else {
            sim.strategy = (u8)r->bx;   /* DOS 3/4 take any BL */
        }
        set_cf(r, 0);
        return;
    case 0x02:
        if (dos < 0x0500) {
            fail_with(r, 1);
            return;
        }
        r->ax = (u16)((r->ax & 0xFF00) | (sim.linked ? 1 : 0));
        set_cf(r, 0);
        return;
    case 0x03:
        if (dos < 0x0500 || !has_umb_chain() || r->bx > 1) {
            fail_with(r, 1);
            return;
        }
        sim_dos_link(r->bx);
        if ((sim.linked != 0) != (r->bx != 0)) {
            fail_with(r, 7);        /* the chain no longer reaches 9FFFh */
            return;
        }
        set_cf(r, 0);
        return;
    default:
        fail_with(r, 1);
        return;
    }
}

void sim_int21(struct port_regs *r)
{
    u8 ah = (u8)(r->ax >> 8), al = (u8)r->ax;
    u16 seg = 0, largest, n;
    int rc;

    sim.cnt.int21++;
    sim.cnt.int21_ah[ah]++;
    set_cf(r, 0);
    if (sim.dos_fail_armed && sim.dos_fail_ah == ah) {
        sim.dos_fail_armed = 0;
        if (ah == 0x48)
            r->bx = 0;
        fail_with(r, sim.dos_fail_code);
        return;
    }
    switch (ah) {
    case 0x25:
        sim_lin_wr16((u32)al * 4, r->dx);
        sim_lin_wr16((u32)al * 4 + 2, SIM_EFF_DS(r));
        return;
    case 0x30:
        r->ax = (u16)((sim.cfg.dos_version >> 8) | ((sim.cfg.dos_version & 0xFF) << 8));
        r->bx = 0xFF00;         /* BH = OEM (Microsoft), BL:CX = serial */
        r->cx = 0;
        return;
    case 0x33:
        if (al != 0x06)
            break;
        if (sim.cfg.dos_version < 0x0500) {
            r->ax = (u16)((r->ax & 0xFF00) | 0xFF);
            return;
        }
        r->bx = (u16)((sim.cfg.dos_version >> 8) | ((sim.cfg.dos_version & 0xFF) << 8));
        r->dx = 0;
        return;
    case 0x35:
        r->bx = sim_lin_rd16((u32)al * 4);
        r->es = sim_lin_rd16((u32)al * 4 + 2);
        return;
    case 0x48:
        rc = sim_dos_alloc(r->bx, sim.strategy, &seg, &largest);
        if (rc) {
            r->bx = largest;
            fail_with(r, (u16)rc);
            return;
        }
        r->ax = seg;
        return;
    case 0x49:
        rc = sim_dos_free(r->es);
        if (rc)
            fail_with(r, (u16)rc);
        return;
    case 0x4A:
        n = r->bx;
        rc = dos_resize(r->es, &n);
        if (rc) {
            if (rc == 8)
                r->bx = n;
            fail_with(r, (u16)rc);
        }
        return;
    case 0x58:
        int21_58(r);
        return;
    case 0x62:
        r->bx = sim.psp;
        return;
    default:
        break;
    }
    sim_fail(__FILE__, __LINE__, "INT 21h AX=%04X is not simulated", r->ax);
}

/* -------------------------------------------------------- test inspection */

int sim_dos_walk(struct sim_mcb *out, int max)
{
    u16 starts[2], seg, next;
    int nstarts = 1, s, n = 0, rc;

    starts[0] = SIM_FIRST_MCB;
    if (has_umb_chain() && !sim.linked)
        starts[nstarts++] = umb_head();
    for (s = 0; s < nstarts; s++) {
        seg = starts[s];
        if (!mcb_ok(seg))
            return -1;
        for (;;) {
            if (n < max) {
                out[n].seg = seg;
                out[n].type = mcb_type(seg);
                out[n].owner = mcb_owner(seg);
                out[n].size = mcb_size(seg);
            }
            n++;
            rc = chain_step(seg, &next);
            if (rc < 0)
                return -1;
            if (rc == 0)
                break;
            seg = next;
        }
    }
    return n;
}

/* Walk from start; *end = paragraph past the last block; *saw = 1 if the
 * chain passes through MCB must_see.  Returns 0 or -1 if broken. */
static int chain_end(u16 start, u16 must_see, u32 *end, int *saw)
{
    u16 seg = start, next;
    int rc;

    *saw = 0;
    if (!mcb_ok(seg))
        return -1;
    for (;;) {
        if (seg == must_see)
            *saw = 1;
        rc = chain_step(seg, &next);
        if (rc < 0)
            return -1;
        if (rc == 0)
            break;
        seg = next;
    }
    *end = (u32)seg + mcb_size(seg) + 1;
    return 0;
}

int sim_dos_check_chain(void)
{
    u32 end;
    int saw;

    if (chain_end(SIM_FIRST_MCB, has_umb_chain() ? umb_head() : 0, &end, &saw) < 0)
        return -1;
    if (!has_umb_chain())
        return end == sim.low_end ? 0 : -2;
    if (sim.linked) {
        if (!saw)
            return -3;
        return end == umb_end() ? 0 : -5;
    }
    if (end != sim.low_end)
        return -2;
    if (mcb_type(link_mcb()) != 'M' || mcb_owner(link_mcb()) != DOS_OWNER
        || (u32)link_mcb() + mcb_size(link_mcb()) + 1 != umb_head())
        return -6;
    if (chain_end(umb_head(), 0, &end, &saw) < 0)
        return -4;
    return end == umb_end() ? 0 : -5;
}

/* Paragraphs (or, with count, blocks) that owner holds in every chain. */
static u32 sum_blocks(u16 owner, int count)
{
    struct sim_mcb m[512];
    int n = sim_dos_walk(m, 512), i;
    u32 total = 0;

    SIM_CHECK(n >= 0 && n <= 512, "sim_dos: MCB chain broken or too long");
    for (i = 0; i < n; i++)
        if (m[i].owner == owner)
            total += count ? 1 : m[i].size;
    return total;
}

u32 sim_dos_free_paras(void)
{
    return sum_blocks(0, 0);
}

u32 sim_dos_owned_paras(u16 owner)
{
    return sum_blocks(owner, 0);
}

int sim_dos_blocks_owned(u16 owner)
{
    return (int)sum_blocks(owner, 1);
}

void sim_dos_set_psp(u16 psp)
{
    sim.psp = psp;
}

u16 sim_dos_strategy(void)
{
    return sim.strategy;
}

int sim_dos_umb_linked(void)
{
    return sim.linked;
}

void sim_dos_fail_next(u8 ah, u16 code)
{
    sim.dos_fail_ah = ah;
    sim.dos_fail_code = code;
    sim.dos_fail_armed = 1;
}
