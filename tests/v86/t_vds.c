/*
 * t_vds.c - the DMA run-time's VDS paths (dma_map.asm: the lock, the
 * provider's buffer, the table of held regions and its unload hook; the
 * tag's locked buffers) on the emulated 386 in virtual-8086 mode, under
 * bench86's VDS provider (make vds-test: bench86 --cpu 386 --v86 --vds;
 * tools/bench/vds_provider.c), which maps conventional memory so that
 * physical != linear in places and some regions are not contiguous:
 *   linear pages 30h-3Fh   physical = linear + 1 MB (contiguous)
 *   linear pages 40h-4Fh   in pairs, the pairs in descending order
 *   linear pages 50h-57h   physical = linear + 16 MB (beyond ISA)
 * Every expectation comes from the provider's page map (its test hooks
 * 81F0h / 81F1h, as the host tests ask their simulator), never from the
 * module; the "device" reads and writes physical memory through 81F1h.
 * And the module's private stack: the map paths with their VDS calls run
 * on the caller's stack and leave the module's untouched (so the seal
 * gives the MAP group no stack of its own: MOD_STK_MAP is 0).
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "module_abi.h"
#include "port.h"

static struct mem_dma_map m, mv, mb, mh[17];
static struct mem_dma_stats st;
static struct mem_dma_buf b[8];


static mem_fp_t fp_of(void *p)
{
    return MEM_FP(port_ds(), (unsigned)p);
}

static mem_fp_t fp_lin(unsigned long lin)
{
    return MEM_FP((unsigned)(lin >> 4), (unsigned)(lin & 15));
}

static unsigned long lin_of(mem_fp_t p)
{
    return ((unsigned long)MEM_FP_SEG(p) << 4) + MEM_FP_OFF(p);
}

static unsigned char peekl(unsigned long lin)
{
    return port_peekb((unsigned)(lin >> 4), (unsigned)(lin & 15));
}

static void pokel(unsigned long lin, unsigned char v)
{
    port_pokeb((unsigned)(lin >> 4), (unsigned)(lin & 15), v);
}

/* A bench86 test hook: AX = fn, BX:CX in and out.  CF: 1 = refused. */
static int hook(unsigned fn, unsigned long *x)
{
    struct port_regs r;
    memset(&r, 0, sizeof(r));
    r.ax = fn;
    r.bx = (unsigned)(*x >> 16);
    r.cx = (unsigned)*x;
    port_int(0x4B, &r);
    *x = ((unsigned long)r.bx << 16) | r.cx;
    return (r.flags & PORT_CF) ? -1 : 0;
}

static unsigned long phys_of(unsigned long lin)
{
    unsigned long x = lin;
    if (hook(0x81F0, &x) != 0)
        return 0xFFFFFFFFUL;
    return x;
}

/* The linear byte at physical address phys (what a device reaches). */
static unsigned long lin_at(unsigned long phys)
{
    unsigned long x = phys;
    if (hook(0x81F1, &x) != 0)
        return 0;
    return x;
}

static void held(unsigned *locks, unsigned *bufs)
{
    unsigned long x = 0;
    hook(0x81F2, &x);
    *locks = (unsigned)(x >> 16);
    *bufs = (unsigned)x;
}

static unsigned dos_call(unsigned ax, unsigned bx, unsigned es)
{
    struct port_regs r;
    memset(&r, 0, sizeof(r));
    r.ax = ax;
    r.bx = bx;
    r.es = es;
    port_int(0x21, &r);
    return (r.flags & PORT_CF) ? 0 : r.ax;
}

static int make_tag(int preset, unsigned count)
{
    struct mem_dma_constraints k;
    DT_EQ(mem_dma_preset(preset, fp_of(&k)), MEM_OK, "preset");
    k.count = count;
    return mem_dma_tag_create(fp_of(&k));
}

/* A 3C515 buffer (align 16, 64 KB boundary, below 16 MB) at physical phys
 * of len bytes, and physically contiguous from lin on? */
static int meets_3c515(unsigned long lin, unsigned long phys, unsigned len)
{
    unsigned long last = phys + len - 1;
    return phys % 16 == 0 && (phys >> 16) == (last >> 16) && last <= 0xFFFFFFUL
           && phys_of(lin + len - 1) == last;
}

/* The device side of a round trip through a mapping of len bytes at lin
 * (sync to the device, compare at m->phys; write there, sync back). */
static void round_trip(struct mem_dma_map *mp, unsigned long lin, unsigned len)
{
    unsigned i, bad = 0;
    unsigned long dev = lin_at(mp->phys);

    for (i = 0; i < len; i++)
        pokel(lin + i, (unsigned char)(i * 5 + 1));
    DT_EQ(mem_dma_sync(fp_of(mp), MEM_DMA_TO_DEVICE), MEM_OK, "sync to the device");
    DT_CHECK(dev != 0, "the device's address is memory");
    for (i = 0; i < len; i++)
        if (peekl(lin_at(mp->phys + i)) != (unsigned char)(i * 5 + 1))
            bad++;
    DT_EQ(bad, 0, "the device reads the caller's bytes at phys");
    for (i = 0; i < len; i++)
        pokel(lin_at(mp->phys + i), (unsigned char)~(i * 5 + 1));
    DT_EQ(mem_dma_sync(fp_of(mp), MEM_DMA_FROM_DEVICE), MEM_OK, "sync from the device");
    bad = 0;
    for (i = 0; i < len; i++)
        if (peekl(lin + i) != (unsigned char)~(i * 5 + 1))
            bad++;
    DT_EQ(bad, 0, "the CPU reads what the device wrote");
}

int main(void)
{
    struct mem_module mod;
    struct mem_config cfg;
    struct mem_info info;
    unsigned before, s0, spacer, z, locks, bufs, base_locks, i, n;
    unsigned long lin, la;
    int ta, tb, rc;

    dt_init("t_vds: DMA under V86 with VDS (bench86 --v86 --vds)");
    before = dt_dos_largest();
    held(&locks, &bufs);
    DT_CHECK(locks == 0 && bufs == 0, "the provider answers its test hooks");
    /* small pools, so that the first tag lands in identity pages (20h-2Fh)
     * and a spacer block owns pages 30h-3Fh */
    memset(&cfg, 0, sizeof(cfg));
    cfg.size = sizeof(cfg);
    cfg.small_count = 4;
    cfg.pkt_count = 2;
    cfg.pkt_small_count = 2;
    cfg.isr_reserve = 1;
    rc = mem_load("MEMPOOL.MOD", &cfg, &mod);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD");
    if (rc != MEM_OK)
        return dt_done();
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    mem_info(fp_of(&info));
    DT_EQ(info.v86, 1, "the module sees virtual-8086 mode");
    DT_CHECK(info.flags & MEM_INFO_VDS, "and a VDS provider");
    DT_EQ(MEM_CPU_V86(mem_cpu()), 1, "mem_cpu says V86");

    /* tag A after the module and its pools: every buffer locked */
    ta = make_tag(MEM_DMA_3C515_BUF, 4);
    DT_CHECK(ta >= 1, "a bus-master tag under VDS");
    if (ta < 1)
        return dt_done();
    held(&locks, &bufs);
    DT_EQ(locks, 4, "its buffers hold one VDS lock each");
    /* a spacer from the start of the largest free block (the rest of
     * memory) up to linear 40000h: tag B's arena in the paired pages */
    s0 = dos_call(0x4800, dt_dos_largest(), 0);
    dos_call(0x4900, 0, s0);
    DT_CHECK(s0 > 0x2000 && s0 < 0x3C00, "the module, pools and tag A end below 3C00h");
    spacer = dos_call(0x4800, 0x4000 - s0, 0);
    DT_EQ(spacer, s0, "spacer from the rest of memory's start to 4000h");
    la = (((unsigned long)s0 << 4) + 0xFFF) & ~0xFFFUL;    /* caller buffers: */
    if (la < 0x30000UL)                                     /* the spacer's   */
        la = 0x30000UL;                                     /* pages in 3xh   */
    DT_CHECK(la + 0x3000 <= 0x40000UL, "the spacer owns three pages of zone 3xh");
    tb = make_tag(MEM_DMA_3C515_BUF, 8);
    DT_CHECK(tb >= 1, "a tag whose arena spans pages of different pairs");
    if (tb < 1)
        return dt_done();
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    mem_dma_stats(tb, fp_of(&st));
    DT_CHECK(st.vds_skips >= 1, "a slot across two pairs was dropped (vds_skips)");
    n = 0;
    for (i = 0; i < 8; i++) {
        DT_EQ(mem_dma_alloc(tb, fp_of(&b[i])), MEM_OK, "alloc");
        lin = lin_of(b[i].buf);
        if (b[i].phys == phys_of(lin) && b[i].phys != lin &&
            meets_3c515(lin, b[i].phys, b[i].size))
            n++;
    }
    DT_EQ(n, 8, "every buffer: phys from the page map (not linear), contiguous, in its tag");
    DT_EQ(mem_dma_alloc(tb, fp_of(&b[0])), MEM_E_NOMEM, "then empty");
    for (i = 0; i < 8; i++)
        DT_EQ(mem_dma_free(b[i].handle), MEM_OK, "free");

    dt_stk_fill(mod.seg, info.resident_bytes);   /* the private stack */
    z = dos_call(0x4800, 0x1400, 0);    /* caller buffers up to past 50000h */
    DT_CHECK(z != 0 && z < 0x4800 && z + 0x1400 > 0x5200, "caller block over pages 4xh-5xh");

    /* locked in place: zone 30h-3Fh (inside the spacer), phys = lin + 1 MB */
    held(&base_locks, &bufs);
    lin = la;
    DT_EQ(mem_dma_map(ta, fp_lin(lin), 1024, fp_of(&m)), MEM_OK, "map in zone 3xh");
    DT_EQ(m.how, MEM_DMA_MAP_LOCKED, "locked in place");
    DT_CHECK(m.phys == phys_of(lin) && m.phys == lin + 0x100000UL, "phys = the lock's");
    DT_CHECK(m.bounce >= 1 && m.bounce <= 16, "its held-region record");
    held(&locks, &bufs);
    DT_EQ(locks, base_locks + 1, "one more lock held");
    round_trip(&m, lin, 1024);
    DT_EQ(mem_dma_unmap(fp_of(&m)), MEM_OK, "unmap");
    held(&locks, &bufs);
    DT_EQ(locks, base_locks, "the lock given back");

    /* across two pairs: not contiguous -> the provider's buffer */
    lin = 0x46000UL - 300;
    if (lin < (unsigned long)z << 4)
        lin += 0x2000;
    DT_CHECK(phys_of(lin + 300) != phys_of(lin) + 300, "the region is not contiguous");
    DT_EQ(mem_dma_map(ta, fp_lin(lin), 1000, fp_of(&mv)), MEM_OK, "map across a pair");
    DT_EQ(mv.how, MEM_DMA_MAP_VDSBUF, "the provider's buffer stands in");
    DT_CHECK(mv.vds_id != 0 && mv.phys >= 0x9C000UL && mv.phys < 0xA0000UL,
             "a piece of the provider's buffer");
    held(&locks, &bufs);
    DT_EQ(bufs, 1, "one provider buffer held");
    round_trip(&mv, lin, 1000);
    m = mv;
    m.vds_id = (mem_u16)(mv.vds_id + 5);
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE), MEM_E_VDS,
          "sync with a buffer id the provider never gave: MEM_E_VDS");
    DT_EQ(mem_dma_unmap(fp_of(&mv)), MEM_OK, "unmap");
    held(&locks, &bufs);
    DT_EQ(bufs, 0, "the provider's buffer given back");

    /* locked above 16 MB: the lock is given back and a bounce stands in */
    lin = 0x51000UL;
    DT_EQ(mem_dma_map(ta, fp_lin(lin), 1514, fp_of(&mb)), MEM_OK, "map in zone 5xh");
    DT_EQ(mb.how, MEM_DMA_MAP_BOUNCE, "beyond the tag's limit: bounced");
    DT_CHECK(mb.phys < 0x1000000UL && meets_3c515(lin_at(mb.phys), mb.phys, 1514),
             "the bounce meets the tag");
    held(&locks, &bufs);
    DT_EQ(locks, base_locks, "the refused lock was given back");
    round_trip(&mb, lin, 1514);
    DT_EQ(mem_dma_unmap(fp_of(&mb)), MEM_OK, "unmap");

    /* the table of held regions: 16 locks, then bounces */
    n = 0;
    for (i = 0; i < 17; i++) {
        DT_EQ(mem_dma_map(ta, fp_lin(la + 0x1000 + i * 64), 64, fp_of(&mh[i])), MEM_OK, "map");
        if (mh[i].how == MEM_DMA_MAP_LOCKED)
            n++;
    }
    DT_EQ(n, 16, "16 mappings locked");
    DT_EQ(mh[16].how, MEM_DMA_MAP_BOUNCE, "the 17th bounced (table full)");
    DT_EQ(mem_dma_unmap(fp_of(&mh[3])), MEM_OK, "unmap one");
    DT_EQ(mem_dma_map(ta, fp_lin(la + 0x2000), 64, fp_of(&mh[3])), MEM_OK, "map again");
    DT_EQ(mh[3].how, MEM_DMA_MAP_LOCKED, "its record is free again");
    DT_EQ(mem_dma_map(ta, fp_lin(0x46000UL - 10), 100, fp_of(&mv)), MEM_OK, "map");
    DT_EQ(mv.how, MEM_DMA_MAP_BOUNCE, "a provider buffer needs a record too: bounced");
    DT_EQ(mem_dma_unmap(fp_of(&mv)), MEM_OK, "unmap it");
    DT_EQ(mem_dma_unmap(fp_of(&mh[0])), MEM_OK, "unmap one more");
    DT_EQ(mem_dma_map(ta, fp_lin(0x46000UL - 10), 100, fp_of(&mv)), MEM_OK, "map");
    DT_EQ(mv.how, MEM_DMA_MAP_VDSBUF, "now it gets the provider's buffer");
    held(&locks, &bufs);
    DT_EQ(locks, base_locks + 15, "15 mappings hold locks");
    DT_EQ(bufs, 1, "one holds the provider's buffer");
    n = dt_stk_used();
    printf("  stack: the map paths (VDS locks, the provider's buffer) %u bytes of the module's\n", n);
    DT_EQ(n, 0, "the map paths run on the caller's stack, none on the module's");
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    mem_dma_stats(ta, fp_of(&st));
    DT_EQ(st.maps, 17, "stats: 17 mappings live");
    DT_EQ(mem_dma_tag_destroy(ta), MEM_E_STATE, "destroy refused while mapped");
    DT_EQ(mem_dma_tag_destroy(tb), MEM_OK, "destroy tag B");
    held(&locks, &bufs);
    DT_EQ(locks, base_locks - 8 + 15, "tag B's locks given back");

    /* unload with 17 mappings never unmapped (15 locks, a provider buffer,
     * a bounce): everything goes back to the provider */
    DT_EQ(mem_unload(&mod), MEM_OK, "unload");
    held(&locks, &bufs);
    DT_EQ(locks, 0, "no VDS lock left behind");
    DT_EQ(bufs, 0, "no provider buffer left behind");
    dos_call(0x4900, 0, z);
    dos_call(0x4900, 0, spacer);
    DT_EQ(dt_dos_largest(), before, "free DOS memory before load equals after unload");
    return dt_done();
}
