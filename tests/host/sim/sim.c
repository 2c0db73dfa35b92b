/*
 * sim.c - the simulated PC: configuration, physical memory and the page
 * map, the module's data-segment windows, interrupt flag, counters and
 * the test-failure hook.  DOS, XMS and VDS live in sim_dos.c, sim_xms.c
 * and sim_vds.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sim_priv.h"

struct sim_state sim;

/* ------------------------------------------------------------- failing */

void sim_fail(const char *file, int line, const char *fmt, ...)
{
    static char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsprintf(msg, fmt, ap);     /* callers keep formats short */
    va_end(ap);
    mock_assert(0, msg, file, line);
    abort();                    /* mock_assert does not return */
}

/* -------------------------------------------------------- configuration */

void sim_config_default(struct sim_config *c)
{
    memset(c, 0, sizeof(*c));
    c->mem_kb = 16384;
    c->cpu = MEM_CPU_386;
    c->quirks = SIM_QUIRKS_SPEC;
    c->dos_version = 0x0500;
    c->conv_end = 0xA000;
    c->umb = SIM_UMB_NONE;
    c->umb_count = 1;
    c->umb_regions[0].start = 0xC800;
    c->umb_regions[0].end = 0xF000;
    c->xms = 1;
    c->xms_version = 0x0300;
    c->xms_revision = 0x0339;
    c->hma = 1;
    c->vds = SIM_VDS_NONE;
    c->vds_product = 0x0001;
    c->vds_buffer_kb = 64;
    c->remap_conv_seg = 0x4000;
    c->remap_conv_paras = 0;
}

void sim_config_dosbox(struct sim_config *c)
{
    sim_config_default(c);
    c->quirks = SIM_QUIRKS_DOSBOX;
    c->cpu = MEM_CPU_486;
    c->xms_revision = 0x0301;
    c->hma = 0;
    c->umb = SIM_UMB_DOS;
    c->umb_regions[0].start = 0xD000;
    c->umb_regions[0].end = 0xF000;
    c->vds = SIM_VDS_DOSBOX;
}

const struct sim_config *sim_config(void)
{
    return &sim.cfg;
}

static void check_config(const struct sim_config *c)
{
    int i;
    u16 prev = c->conv_end;

    SIM_CHECK(c->cpu <= MEM_CPU_486, "sim_config: cpu is a MEM_CPU_* value");
    SIM_CHECK(!c->v86 || c->cpu >= MEM_CPU_386, "sim_config: V86 mode needs a 386+");
    SIM_CHECK(!c->remap || c->v86, "sim_config: remap needs V86 mode (real mode is linear == physical)");
    SIM_CHECK(!c->xms || c->cpu >= MEM_CPU_286, "sim_config: XMS needs a 286+");
    SIM_CHECK(c->conv_end > SIM_FIRST_MCB + SIM_PROG_PARAS + 0x40 && c->conv_end <= 0xA000,
              "sim_config: conv_end out of range");
    SIM_CHECK(c->mem_kb >= (u32)c->conv_end / 64, "sim_config: mem_kb below conventional memory");
    SIM_CHECK(c->vds_buffer_kb <= 64, "sim_config: vds_buffer_kb is 0..64");
    SIM_CHECK(c->quirks <= SIM_QUIRKS_DOSBOX, "sim_config: quirks");
    SIM_CHECK(c->umb <= SIM_UMB_XMS && c->vds <= SIM_VDS_DOSBOX, "sim_config: umb/vds mode");
    SIM_CHECK(c->xms_handles < SIM_XMS_MAXH, "sim_config: xms_handles too large");
    if (c->umb != SIM_UMB_NONE) {
        SIM_CHECK(c->umb_count >= 1 && c->umb_count <= SIM_UMB_MAX, "sim_config: umb_count");
        for (i = 0; i < c->umb_count; i++) {
            SIM_CHECK(c->umb_regions[i].start >= prev
                      && c->umb_regions[i].end >= c->umb_regions[i].start + 4,
                      "sim_config: UMB regions must be sorted, disjoint, above conv_end");
            prev = c->umb_regions[i].end;
        }
        SIM_CHECK(c->umb != SIM_UMB_DOS || c->dos_version >= 0x0500
                  || c->quirks == SIM_QUIRKS_DOSBOX, "sim_config: DOS=UMB needs DOS 5+");
    }
    if (c->remap_conv_paras) {
        SIM_CHECK((c->remap_conv_seg & 0xFF) == 0 && (c->remap_conv_paras & 0xFF) == 0,
                  "sim_config: remap_conv range must be 4 KB aligned");
        SIM_CHECK((u32)c->remap_conv_seg + c->remap_conv_paras <= c->conv_end,
                  "sim_config: remap_conv range past conventional memory");
    }
}

/* Remap mode: the listed linear pages go to pages at the top of memory,
 * in pairs that are physically contiguous, pairs in descending order, the
 * pairs starting on odd pages.  So consecutive linear pages are sometimes
 * contiguous and sometimes not, and one pair in eight straddles a 64 KB
 * boundary: a VDS lock sees AL=01h and AL=02h cases, and seg*16+off is
 * wrong for every one of these pages. */
static void build_remap(void)
{
    u32 list[SIM_LIN_PAGES];
    u32 n = 0, i, p, first, last, top, base, npairs;
    int r;

    if (sim.cfg.remap) {
        if (sim.cfg.umb != SIM_UMB_NONE)
            for (r = 0; r < sim.cfg.umb_count; r++) {
                first = (u32)sim.cfg.umb_regions[r].start >> 8;
                last = ((u32)sim.cfg.umb_regions[r].end - 1) >> 8;
                for (p = first; p <= last; p++)
                    list[n++] = p;
            }
        if (sim.cfg.remap_conv_paras) {
            first = (u32)sim.cfg.remap_conv_seg >> 8;
            last = first + ((u32)sim.cfg.remap_conv_paras >> 8) - 1;
            for (p = first; p <= last; p++)
                list[n++] = p;
        }
    }
    top = sim.mem_size / SIM_PAGE;
    if (n == 0) {
        sim.remap_start = top;
        return;
    }
    SIM_CHECK(top > n + 2 + SIM_LIN_PAGES, "sim_config: not enough memory for remap");
    sim.remap_start = top - (n + 2);
    base = sim.remap_start | 1;
    npairs = (n + 1) / 2;
    for (i = 0; i < n; i++)
        sim.page_map[list[i]] = base + (npairs - 1 - i / 2) * 2 + (i % 2);
}

static void put_vector(u8 n, u16 seg, u16 off)
{
    sim_lin_wr16((u32)n * 4, off);
    sim_lin_wr16((u32)n * 4 + 2, seg);
}

static void build_low_memory(void)
{
    u32 stub = (u32)SIM_STUB_SEG << 4;
    static const u8 xms_stub[6] = { 0xEB, 0x03, 0x90, 0x90, 0x90, 0xCB };
    int i;

    for (i = 0; i < 6; i++)                 /* hookable XMS entry, RETF */
        sim_lin_wr8(stub + SIM_XMS_OFF + i, xms_stub[i]);
    sim_lin_wr8(stub + 0x20, 0xCF);         /* IRETs the vectors name */
    sim_lin_wr8(stub + 0x30, 0xCF);
    sim_lin_wr8(stub + 0x40, 0xCF);
    put_vector(0x21, SIM_STUB_SEG, 0x20);
    put_vector(0x2F, SIM_STUB_SEG, 0x30);
    if (sim.cfg.vds != SIM_VDS_NONE)
        put_vector(0x4B, SIM_STUB_SEG, 0x40);
    sim_lin_wr16(0x413, (u16)(sim.cfg.conv_end / 64));    /* BDA: KB */
    if (sim.cfg.vds == SIM_VDS_PRESENT)
        sim_lin_wr8(0x47B, 0x20);           /* BDA 0040:007B bit 5: VDS */
}

void sim_reset(const struct sim_config *c)
{
    struct sim_config def;
    u32 size, i;

    if (c == NULL) {
        sim_config_default(&def);
        c = &def;
    }
    check_config(c);
    size = c->mem_kb * 1024UL;
    if (size < SIM_LIN_TOP)
        size = SIM_LIN_TOP;
    if (sim.mem == NULL || sim.mem_size != size) {
        free(sim.mem);
        sim.mem = (u8 *)malloc(size);
        SIM_CHECK(sim.mem != NULL, "sim_reset: out of host memory");
    }
    memset(sim.mem, 0, size);
    {
        u8 *mem = sim.mem;
        memset(&sim, 0, sizeof(sim));
        sim.mem = mem;
    }
    sim.cfg = *c;
    sim.mem_size = size;
    sim.if_flag = 1;
    for (i = 0; i < SIM_LIN_PAGES; i++)
        sim.page_map[i] = i;
    build_remap();
    build_low_memory();
    sim_dos_reset();
    sim_xms_reset();
    sim_vds_reset();
}

void sim_free(void)
{
    free(sim.mem);
    sim.mem = NULL;
    sim.mem_size = 0;
}

int sim_cpu_type(void)
{
    return sim.cfg.cpu;
}

int sim_cpu_v86(void)
{
    return sim.cfg.v86;
}

const struct sim_counters *sim_counters(void)
{
    return &sim.cnt;
}

void sim_counters_clear(void)
{
    memset(&sim.cnt, 0, sizeof(sim.cnt));
}

/* ---------------------------------------------------------------- memory */

u32 sim_mem_size(void)
{
    return sim.mem_size;
}

u32 sim_lin2phys(u32 lin)
{
    if (lin < SIM_LIN_TOP)
        return (sim.page_map[lin / SIM_PAGE] * SIM_PAGE) | (lin & (SIM_PAGE - 1));
    return lin;
}

void sim_map_page(u32 lin_page, u32 phys_page)
{
    SIM_CHECK(lin_page < SIM_LIN_PAGES, "sim_map_page: linear page above 10FFFFh");
    SIM_CHECK(phys_page < sim.mem_size / SIM_PAGE, "sim_map_page: physical page past memory");
    sim.page_map[lin_page] = phys_page;
}

u8 sim_phys_rd8(u32 phys)
{
    if (phys >= sim.mem_size)
        sim_fail(__FILE__, __LINE__, "physical read at %08lXh past memory (%08lXh)",
                 (unsigned long)phys, (unsigned long)sim.mem_size);
    return sim.mem[phys];
}

void sim_phys_wr8(u32 phys, u8 v)
{
    if (phys >= sim.mem_size)
        sim_fail(__FILE__, __LINE__, "physical write at %08lXh past memory (%08lXh)",
                 (unsigned long)phys, (unsigned long)sim.mem_size);
    sim.mem[phys] = v;
}

u8 *sim_phys_ptr(u32 phys, u32 len)
{
    if (phys > sim.mem_size || len > sim.mem_size - phys)
        sim_fail(__FILE__, __LINE__, "sim_phys_ptr: %08lXh+%lXh past memory",
                 (unsigned long)phys, (unsigned long)len);
    return sim.mem + phys;
}

u8 sim_lin_rd8(u32 lin)
{
    return sim_phys_rd8(sim_lin2phys(lin));
}

void sim_lin_wr8(u32 lin, u8 v)
{
    sim_phys_wr8(sim_lin2phys(lin), v);
}

u16 sim_lin_rd16(u32 lin)
{
    return (u16)(sim_lin_rd8(lin) | (sim_lin_rd8(lin + 1) << 8));
}

void sim_lin_wr16(u32 lin, u16 v)
{
    sim_lin_wr8(lin, (u8)v);
    sim_lin_wr8(lin + 1, (u8)(v >> 8));
}

void sim_lin_read(u32 lin, void *dst, u32 len)
{
    u8 *d = (u8 *)dst;
    u32 i;

    for (i = 0; i < len; i++)
        d[i] = sim_lin_rd8(lin + i);
}

void sim_lin_write(u32 lin, const void *src, u32 len)
{
    const u8 *s = (const u8 *)src;
    u32 i;

    for (i = 0; i < len; i++)
        sim_lin_wr8(lin + i, s[i]);
}

u8 sim_lin_byte(u32 lin)
{
    return sim_lin_rd8(lin);
}

u16 sim_lin_word(u32 lin)
{
    return sim_lin_rd16(lin);
}

/* ------------------------------------------------- module data windows */

u16 sim_near(const void *p)
{
    unsigned long x = (unsigned long)p, q;
    int i;

    SIM_CHECK(p != NULL, "port_near(NULL)");
    /* An object in the first half of a window shares it, as a module's
     * statics share one DS: arrays and neighbouring statics need one. */
    for (i = 0; i < sim.near_count; i++) {
        q = (unsigned long)sim.near_ptr[i];
        if (x >= q && x - q < SIM_NEAR_SHARE)
            return (u16)(SIM_NEAR_BASE + (u32)i * SIM_NEAR_WINDOW + (x - q));
    }
    if (sim.near_count == SIM_NEAR_SLOTS)
        sim_fail(__FILE__, __LINE__, "port_near: objects in more than %d separate "
                 "places of host memory (windows are never recycled)", SIM_NEAR_SLOTS);
    i = sim.near_count++;
    sim.near_ptr[i] = (const u8 *)p;
    return (u16)(SIM_NEAR_BASE + (u32)i * SIM_NEAR_WINDOW);
}

u8 *sim_near_ptr(u16 seg, u32 off, u32 len)
{
    u32 lin, alias_lo, alias_hi, d;
    int slot;

    if (len == 0)
        len = 1;
    if (seg != SIM_DS_SEG) {
        lin = ((u32)seg << 4) + off;
        alias_lo = ((u32)SIM_DS_SEG << 4) + SIM_NEAR_BASE;
        alias_hi = ((u32)SIM_DS_SEG << 4) + 0x10000UL;
        if (lin < alias_hi && lin + len > alias_lo)
            sim_fail(__FILE__, __LINE__, "%04X:%04lX aliases a port_near() window of "
                     "DS=%04X: reach module data with DS itself", seg,
                     (unsigned long)off, SIM_DS_SEG);
        return NULL;
    }
    if (off + len <= SIM_NEAR_BASE)
        return NULL;
    if (off < SIM_NEAR_BASE || off + len > 0x10000UL)
        sim_fail(__FILE__, __LINE__, "DS:%04lX+%lX straddles the port_near() windows",
                 (unsigned long)off, (unsigned long)len);
    slot = (int)((off - SIM_NEAR_BASE) / SIM_NEAR_WINDOW);
    d = (off - SIM_NEAR_BASE) % SIM_NEAR_WINDOW;
    if (d + len > SIM_NEAR_WINDOW)
        sim_fail(__FILE__, __LINE__, "DS:%04lX+%lX runs past its port_near() window",
                 (unsigned long)off, (unsigned long)len);
    if (slot >= sim.near_count)
        sim_fail(__FILE__, __LINE__, "DS:%04lX is not an offset port_near() handed out",
                 (unsigned long)off);
    return (u8 *)sim.near_ptr[slot] + d;
}

u8 sim_far_rd8(u16 seg, u32 off)
{
    u8 *p = sim_near_ptr(seg, off, 1);

    if (p != NULL)
        return *p;
    return sim_lin_rd8(((u32)seg << 4) + off);
}

void sim_far_wr8(u16 seg, u32 off, u8 v)
{
    u8 *p = sim_near_ptr(seg, off, 1);

    if (p != NULL)
        *p = v;
    else
        sim_lin_wr8(((u32)seg << 4) + off, v);
}

u16 sim_far_rd16(u16 seg, u32 off)
{
    return (u16)(sim_far_rd8(seg, off) | (sim_far_rd8(seg, off + 1) << 8));
}

u32 sim_far_rd32(u16 seg, u32 off)
{
    return (u32)sim_far_rd16(seg, off) | ((u32)sim_far_rd16(seg, off + 2) << 16);
}

void sim_far_wr16(u16 seg, u32 off, u16 v)
{
    sim_far_wr8(seg, off, (u8)v);
    sim_far_wr8(seg, off + 1, (u8)(v >> 8));
}

void sim_far_wr32(u16 seg, u32 off, u32 v)
{
    sim_far_wr16(seg, off, (u16)v);
    sim_far_wr16(seg, off + 2, (u16)(v >> 16));
}

/* ------------------------------------------------- interrupts and calls */

void sim_note_access(int is_poke)
{
    if (is_poke)
        sim.cnt.poke++;
    else
        sim.cnt.peek++;
    if (!sim.if_flag) {
        sim.window++;
        if (sim.window > sim.cnt.irq_max_window)
            sim.cnt.irq_max_window = sim.window;
    }
}

u16 sim_irq_save(void)
{
    int old = sim.if_flag;

    sim.cnt.irq_save++;
    if (old) {
        sim.cnt.irq_disable++;
        sim.window = 0;
    }
    sim.if_flag = 0;
    return (u16)(old ? SIM_FLAGS_BASE : (SIM_FLAGS_BASE & ~SIM_IF));
}

void sim_irq_restore(u16 flags)
{
    sim.cnt.irq_restore++;
    sim.if_flag = (flags & SIM_IF) != 0;
}

int sim_irq_enabled(void)
{
    return sim.if_flag;
}

int sim_irq_balanced(void)
{
    return sim.if_flag && sim.cnt.irq_save == sim.cnt.irq_restore;
}

void sim_isr_enter(void)
{
    SIM_CHECK(!sim.in_isr, "sim_isr_enter: already in an ISR");
    sim.in_isr = 1;
    sim.isr_saved_if = sim.if_flag;
    if (sim.if_flag)
        sim.window = 0;
    sim.if_flag = 0;            /* the CPU clears IF on interrupt entry */
}

void sim_isr_leave(void)
{
    SIM_CHECK(sim.in_isr, "sim_isr_leave: not in an ISR");
    sim.in_isr = 0;
    sim.if_flag = sim.isr_saved_if;     /* IRET restores FLAGS */
}

int sim_in_isr(void)
{
    return sim.in_isr;
}

void sim_check_call(const char *what)
{
    if (sim.in_isr)
        sim_fail(__FILE__, __LINE__, "%s from an interrupt handler", what);
    if (!sim.if_flag)
        sim_fail(__FILE__, __LINE__, "%s with interrupts disabled", what);
}
