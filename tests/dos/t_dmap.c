/*
 * t_dmap.c - mem_dma_map / mem_dma_sync / mem_dma_unmap (dma_map.asm) and
 * the refusals of mem_dma_alloc / mem_dma_free (dma_fast.asm) through
 * MEMPOOL.MOD's far-call table, in DOSBox (real mode, no VDS): bounce round
 * trips of odd and even lengths up to max_size, caller buffers across the
 * end of a 64 KB segment, every error code these entries return in real
 * mode, and the statistics they keep.  Every expectation is computed here
 * from the far pointers (linear = physical in real mode), never taken from
 * the module.  The tag's record heads its arena (dma_priv.h: the words at
 * T_DH_COUNT .. T_DH_CHECK + 1 never change and carry a check): a damaged
 * record is refused by mem_dma_map.  The VDS paths run under tools/bench (T_DMAVDS, make test).
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "port.h"

static struct mem_dma_map m, m2, m3;
static struct mem_dma_stats st;
static struct mem_dma_buf b[4];

static mem_fp_t fp_of(void *p)
{
    return MEM_FP(port_ds(), (unsigned)p);
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

/* dma_priv.h: DH_TAG, DH_COUNT, DH_CHECK (tests/host/test_dma.c checks
 * them against dma_fast.inc and the struct). */
#define T_DH_COUNT  6
#define T_DH_TAG    7
#define T_DH_CHECK  24

/* The DOS block (its segment) whose memory holds linear address lin, from
 * the MCB chain (INT 21h/52h); 0 when none does. */
static unsigned block_of(unsigned long lin)
{
    struct port_regs r;
    unsigned mcb, size;

    memset(&r, 0, sizeof(r));
    r.ax = 0x5200;
    port_int(0x21, &r);
    mcb = port_peekw(r.es, r.bx - 2);
    for (;;) {
        size = port_peekw(mcb, 3);
        if (lin >= ((unsigned long)(mcb + 1) << 4) &&
            lin < ((unsigned long)(mcb + 1 + size) << 4))
            return mcb + 1;
        if (port_peekb(mcb, 0) != 'M')
            return 0;
        mcb += size + 1;
    }
}

static int make_tag(unsigned flags, unsigned align, unsigned long boundary,
                    unsigned max_size, unsigned count)
{
    struct mem_dma_constraints k;
    memset(&k, 0, sizeof(k));
    k.size = sizeof(k);
    k.flags = flags;
    k.align = align;
    k.boundary = boundary;
    k.max_size = max_size;
    k.max_addr = 0xFFFFFFUL;
    k.count = count;
    return mem_dma_tag_create(fp_of(&k));
}

/* Every tag the checks use, made before the seal point (tag creation and
 * destruction are set-up code the seal drops): bounces' two, errors'
 * three (one destroyed at once: the refusals of a destroyed tag) and
 * record's one; only_bounce: bounces' alone. */
static int t_bnc, t_bnc1, t_err, t_oth, t_dead, t_rec;

static void make_tags(int only_bounce)
{
    t_bnc = make_tag(MEM_DMA_F_BUSMASTER, 16, 0x1000UL, 1536, 2);
    DT_CHECK(t_bnc >= 1, "tag align 16, 4 KB boundary");
    t_bnc1 = make_tag(0, 1, 0x1000UL, 1535, 1);
    DT_CHECK(t_bnc1 >= 1, "tag align 1, 1535 bytes");
    if (only_bounce)
        return;
    t_err = make_tag(MEM_DMA_F_BUSMASTER, 16, 0x10000UL, 1024, 2);
    t_oth = make_tag(MEM_DMA_F_BUSMASTER, 16, 0x10000UL, 1024, 2);
    t_dead = make_tag(0, 16, 0x10000UL, 64, 1);
    DT_CHECK(t_err >= 1 && t_oth >= 1 && t_dead >= 1, "three tags");
    t_rec = make_tag(MEM_DMA_F_BUSMASTER, 16, 0x10000UL, 256, 2);
    DT_CHECK(t_rec >= 1, "a tag");
    if (t_dead >= 1)                /* last: no tag takes its number again */
        DT_EQ(mem_dma_tag_destroy(t_dead), MEM_OK, "one destroyed");
}

/* Destroy a tag the checks are done with.  Sealed, destroy is gone: the
 * tags go with mem_unload (main checks every byte comes back). */
static void drop_tag(int tag)
{
    if (!dt_sealed)
        DT_EQ(mem_dma_tag_destroy(tag), MEM_OK, "destroy");
}

static void stats(int tag)
{
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    DT_EQ(mem_dma_stats(tag, fp_of(&st)), MEM_OK, "stats");
}

/* Does [lin, lin+len) meet align / boundary (and stay below A0000h, as a
 * bus master's in-place buffer must)?  The test's own arithmetic. */
static int meets(unsigned long lin, unsigned len, unsigned align, unsigned long bnd)
{
    unsigned long last = lin + len - 1;
    return lin % align == 0 && lin / bnd == last / bnd && last < 0xA0000UL;
}

/* One bounce round trip of len bytes at far pointer f of tag (bsize bytes
 * a buffer): the device sees the caller's bytes after TO_DEVICE and not
 * one byte more; the caller sees the device's after FROM_DEVICE and the
 * bytes around its buffer stay as they were. */
static void round_trip(int tag, mem_fp_t f, unsigned len, unsigned bsize)
{
    unsigned long lin = lin_of(f), phys;
    unsigned i, bad = 0;
    int rc;

    for (i = 0; i < len; i++)
        pokel(lin + i, (unsigned char)(i * 7 + len));
    pokel(lin - 1, 0xA5);
    pokel(lin + len, 0x5A);
    rc = mem_dma_map(tag, f, (mem_u16)len, fp_of(&m));
    DT_EQ(rc, MEM_OK, "map");
    if (rc != MEM_OK)
        return;
    DT_EQ(m.how, MEM_DMA_MAP_BOUNCE, "bounced");
    DT_CHECK(m.buf == f && m.len == len && m.tag == (mem_u16)tag && m.vds_id == 0,
             "the mapping names the caller's buffer");
    phys = m.phys;
    DT_EQ((unsigned)(m.bounce >> 8), tag, "bounce handle of this tag");
    for (i = 0; i < bsize; i++)
        pokel(phys + i, 0xEE);
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE), MEM_OK, "sync to the device");
    for (i = 0; i < len; i++)
        if (peekl(phys + i) != (unsigned char)(i * 7 + len))
            bad++;
    for (i = len; i < bsize; i++)
        if (peekl(phys + i) != 0xEE)
            bad++;
    DT_EQ(bad, 0, "the device sees len bytes, byte for byte, and no more");
    for (i = 0; i < len; i++)
        pokel(phys + i, (unsigned char)~(i * 7 + len));
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_FROM_DEVICE), MEM_OK, "sync from the device");
    bad = 0;
    for (i = 0; i < len; i++)
        if (peekl(lin + i) != (unsigned char)~(i * 7 + len))
            bad++;
    DT_EQ(bad, 0, "the CPU sees the device's bytes");
    DT_CHECK(peekl(lin - 1) == 0xA5 && peekl(lin + len) == 0x5A,
             "the bytes around the caller's buffer are untouched");
    DT_EQ(mem_dma_unmap(fp_of(&m)), MEM_OK, "unmap");
}

static void bounces(unsigned seg)
{
    static const unsigned lens[] = { 1, 2, 3, 15, 16, 17, 255, 256, 1023,
                                     1024, 1534, 1535, 1536 };
    unsigned long base = (unsigned long)seg << 4, bnd;
    unsigned i, nb = 0;
    int tag = t_bnc, tag1 = t_bnc1;

    /* align 16: an odd address bounces whatever its length */
    if (tag < 1)
        return;
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        round_trip(tag, MEM_FP(seg, 0x101 + 2 * i), lens[i], 1536);
        nb++;
    }
    /* an even but unaligned one, and ones across the end of the 64 KB
     * segment the far pointer names (the copy goes on in the next one) */
    round_trip(tag, MEM_FP(seg, 0x0208), 1536, 1536);
    round_trip(tag, MEM_FP(seg, 0xFF81), 300, 1536);
    round_trip(tag, MEM_FP(seg, 0xFA01), 1536, 1536);
    round_trip(tag, MEM_FP(seg + 1, 0xFFF1), 1535, 1536);
    nb += 4;
    /* in place across the segment end when it meets the tag */
    DT_EQ(mem_dma_map(tag, MEM_FP(seg, 0xFF00), 512, fp_of(&m)), MEM_OK, "map across 64 KB");
    if (meets(base + 0xFF00UL, 512, 16, 0x1000UL)) {
        DT_EQ(m.how, MEM_DMA_MAP_INPLACE, "in place across the segment end");
        DT_CHECK(m.phys == base + 0xFF00UL, "phys = linear");
    } else {
        DT_EQ(m.how, MEM_DMA_MAP_BOUNCE, "bounced: crosses 4 KB");
        nb++;
    }
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE), MEM_OK, "sync");
    DT_EQ(mem_dma_unmap(fp_of(&m)), MEM_OK, "unmap");
    stats(tag);
    DT_EQ(st.bounces, nb, "stats: every bounce counted");
    DT_EQ(st.maps, 0, "stats: no mapping left");
    DT_EQ(st.free, 2, "stats: both bounces back");
    drop_tag(tag);

    /* align 1, max_size odd: 1535-byte buffers; bounce by crossing 4 KB */
    if (tag1 < 1)
        return;
    bnd = (base + 0x3000UL) & ~0xFFFUL;
    round_trip(tag1, MEM_FP((unsigned)((bnd - 701) >> 4), (unsigned)((bnd - 701) & 15)),
               1535, 1535);
    round_trip(tag1, MEM_FP((unsigned)((bnd - 1) >> 4), (unsigned)((bnd - 1) & 15)), 2, 1535);
    DT_EQ(mem_dma_map(tag1, MEM_FP(seg, 0x300), 1535, fp_of(&m)), MEM_OK, "map");
    DT_EQ(m.how, meets(base + 0x300, 1535, 1, 0x1000UL) ? MEM_DMA_MAP_INPLACE
                                                        : MEM_DMA_MAP_BOUNCE, "how");
    DT_EQ(mem_dma_unmap(fp_of(&m)), MEM_OK, "unmap");
    drop_tag(tag1);
}

/* A byte of the record's checked words flipped (a wild write into the
 * arena's header): mem_dma_map refuses the tag (MEM_E_BADPTR) instead of
 * handing the device an address from damaged constraints; put back, the
 * same call maps in place again. */
static void record(unsigned seg)
{
    mem_fp_t f;
    unsigned arena, off, bad = 0;
    unsigned char v;
    int tag = t_rec, rc;

    if (tag < 1)
        return;
    DT_EQ(mem_dma_alloc(tag, fp_of(&b[0])), MEM_OK, "alloc: find the arena");
    arena = block_of(lin_of(b[0].buf));
    DT_EQ(mem_dma_free(b[0].handle), MEM_OK, "free");
    DT_CHECK(arena != 0 && port_peekb(arena, T_DH_TAG) == (unsigned char)tag,
             "the tag's record heads the DOS block of its buffers");
    if (arena == 0)
        return;
    f = MEM_FP(seg, 0x100);             /* aligned, conventional */
    if ((lin_of(f) & 0xFFFFUL) > 0xFF00UL)
        f = MEM_FP(seg, 0x200);         /* (no 64 KB boundary inside) */
    rc = mem_dma_map(tag, f, 200, fp_of(&m));
    DT_EQ(rc, MEM_OK, "map in place");
    DT_EQ(m.how, MEM_DMA_MAP_INPLACE, "in place");
    if (rc == MEM_OK)
        DT_EQ(mem_dma_unmap(fp_of(&m)), MEM_OK, "unmap");
    for (off = T_DH_COUNT; off < T_DH_CHECK + 2; off++) {
        v = port_peekb(arena, off);
        port_pokeb(arena, off, (unsigned char)(v ^ 0x10));
        rc = mem_dma_map(tag, f, 200, fp_of(&m));
        port_pokeb(arena, off, v);
        if (rc == MEM_OK)
            mem_dma_unmap(fp_of(&m));
        if (rc != MEM_E_BADPTR) {
            printf("  record byte %u damaged: map = %d, want MEM_E_BADPTR\n", off, rc);
            bad++;
        }
    }
    DT_EQ(bad, 0, "every damaged byte of the record refused (20 bytes)");
    stats(tag);
    DT_EQ(st.maps, 0, "stats: the refusals mapped nothing");
    DT_EQ(mem_dma_map(tag, f, 200, fp_of(&m)), MEM_OK, "record put back: maps again");
    DT_EQ(mem_dma_unmap(fp_of(&m)), MEM_OK, "unmap");
    drop_tag(tag);
}

static void errors(unsigned seg)
{
    struct mem_dma_map keep;
    mem_fp_t f = MEM_FP(seg, 0x101);    /* misaligned: bounces */
    unsigned i;
    int tag = t_err, other = t_oth, dead = t_dead;

    if (tag < 1 || other < 1 || dead < 1)
        return;

    /* map */
    DT_EQ(mem_dma_map(0, f, 10, fp_of(&m)), MEM_E_INVAL, "map: tag 0");
    DT_EQ(mem_dma_map(9, f, 10, fp_of(&m)), MEM_E_INVAL, "map: tag 9");
    DT_EQ(mem_dma_map(-1, f, 10, fp_of(&m)), MEM_E_INVAL, "map: tag -1");
    DT_EQ(mem_dma_map(dead, f, 10, fp_of(&m)), MEM_E_INVAL, "map: destroyed tag");
    DT_EQ(mem_dma_map(tag, f, 10, MEM_FP(0, (unsigned)&m)), MEM_E_INVAL, "map: null map");
    DT_EQ(mem_dma_map(tag, MEM_FP(0, 0x100), 10, fp_of(&m)), MEM_E_INVAL, "map: null buffer");
    DT_EQ(mem_dma_map(tag, f, 0, fp_of(&m)), MEM_E_SIZE, "map: length 0");
    DT_EQ(mem_dma_map(tag, f, 1025, fp_of(&m)), MEM_E_SIZE, "map: above max_size");
    DT_EQ(mem_dma_map(tag, f, 1024, fp_of(&m)), MEM_OK, "map: max_size");
    DT_EQ(mem_dma_map(tag, f, 100, fp_of(&m2)), MEM_OK, "map: the second bounce");
    DT_EQ(mem_dma_map(tag, f, 100, fp_of(&m3)), MEM_E_NOBOUNCE, "map: no bounce left");
    DT_EQ(mem_dma_alloc(tag, fp_of(&b[0])), MEM_E_NOMEM, "alloc: the bounces took all");
    stats(tag);
    DT_EQ(st.maps, 2, "stats: two mappings live");
    DT_EQ(st.bounces, 2, "stats: two bounces");
    DT_EQ(st.fails, 2, "stats: the refused bounce and alloc counted");
    DT_EQ(st.free, 0, "stats: none free");
    if (!dt_sealed)                 /* sealed, destroy is gone: it proves nothing */
        DT_EQ(mem_dma_tag_destroy(tag), MEM_E_STATE, "destroy refused while mapped");

    /* sync */
    DT_EQ(mem_dma_sync(fp_of(&m), 0), MEM_E_INVAL, "sync: direction 0");
    DT_EQ(mem_dma_sync(fp_of(&m), 3), MEM_E_INVAL, "sync: direction 3");
    DT_EQ(mem_dma_sync(MEM_FP(0, (unsigned)&m), MEM_DMA_TO_DEVICE), MEM_E_BADPTR,
          "sync: null map");
    memcpy(&keep, &m, sizeof(m));
    m.magic = 0;
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE), MEM_E_BADPTR, "sync: no magic");
    memcpy(&m, &keep, sizeof(m));
    m.how = 5;
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE), MEM_E_BADPTR, "sync: how 5");
    m.how = 0;
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE), MEM_E_BADPTR, "sync: how 0");
    memcpy(&m, &keep, sizeof(m));
    m.tag = 9;
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE), MEM_E_BADPTR, "sync: tag 9");
    m.tag = (mem_u16)dead;
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE), MEM_E_BADPTR, "sync: destroyed tag");
    memcpy(&m, &keep, sizeof(m));
    m.bounce = (mem_u16)((other << 8) | (m.bounce & 0xFF));
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE), MEM_E_BADPTR,
          "sync: a bounce of another tag");
    DT_EQ(mem_dma_unmap(fp_of(&m)), MEM_E_BADPTR, "unmap: a bounce of another tag");
    m.bounce = (mem_u16)((tag << 8) | 2);
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE), MEM_E_BADPTR, "sync: index 2 of 2");
    memcpy(&m, &keep, sizeof(m));
    m.len = 1025;
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE), MEM_E_BADPTR,
          "sync: longer than a bounce");
    memcpy(&m, &keep, sizeof(m));
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE), MEM_OK, "sync: the real one");

    /* a bounce the caller freed behind the mapping's back is not copied */
    DT_EQ(mem_dma_free(m2.bounce), MEM_OK, "free the second bounce by hand");
    DT_EQ(mem_dma_sync(fp_of(&m2), MEM_DMA_TO_DEVICE), MEM_E_BADPTR,
          "sync: its bounce is free");
    DT_EQ(mem_dma_unmap(fp_of(&m2)), MEM_OK, "unmap it all the same");
    DT_EQ(mem_dma_unmap(fp_of(&m2)), MEM_E_BADPTR, "unmap twice");
    DT_EQ(mem_dma_sync(fp_of(&m2), MEM_DMA_FROM_DEVICE), MEM_E_BADPTR, "sync after unmap");
    DT_EQ(mem_dma_unmap(MEM_FP(0, (unsigned)&m2)), MEM_E_BADPTR, "unmap: null map");
    DT_EQ(mem_dma_unmap(fp_of(&m)), MEM_OK, "unmap the first");
    stats(tag);
    DT_EQ(st.maps, 0, "stats: no mapping left");
    DT_EQ(st.free, 2, "stats: both bounces back");
    DT_EQ(st.low_water, 0, "stats: low water 0");

    /* alloc and free */
    DT_EQ(mem_dma_alloc(0, fp_of(&b[0])), MEM_E_INVAL, "alloc: tag 0");
    DT_EQ(mem_dma_alloc(9, fp_of(&b[0])), MEM_E_INVAL, "alloc: tag 9");
    DT_EQ(mem_dma_alloc(-1, fp_of(&b[0])), MEM_E_INVAL, "alloc: tag -1");
    DT_EQ(mem_dma_alloc(dead, fp_of(&b[0])), MEM_E_INVAL, "alloc: destroyed tag");
    for (i = 0; i < 2; i++)
        DT_EQ(mem_dma_alloc(tag, fp_of(&b[i])), MEM_OK, "alloc");
    DT_CHECK(b[0].handle != b[1].handle && (b[0].handle >> 8) == (unsigned)tag
             && (b[1].handle >> 8) == (unsigned)tag && b[0].size == 1024
             && MEM_FP_OFF(b[0].buf) < 16 && b[0].phys == lin_of(b[0].buf)
             && b[1].phys == lin_of(b[1].buf), "the records");
    DT_EQ(mem_dma_alloc(tag, fp_of(&b[2])), MEM_E_NOMEM, "alloc: empty");
    DT_EQ(mem_dma_free(0x0000), MEM_E_BADPTR, "free: tag 0");
    DT_EQ(mem_dma_free(0x0900), MEM_E_BADPTR, "free: tag 9");
    DT_EQ(mem_dma_free(0xFF00), MEM_E_BADPTR, "free: tag 255");
    DT_EQ(mem_dma_free((mem_u16)(dead << 8)), MEM_E_BADPTR, "free: destroyed tag");
    DT_EQ(mem_dma_free((mem_u16)((tag << 8) | 2)), MEM_E_BADPTR, "free: index 2 of 2");
    DT_EQ(mem_dma_free((mem_u16)((tag << 8) | 255)), MEM_E_BADPTR, "free: index 255");
    DT_EQ(mem_dma_free(b[1].handle), MEM_OK, "free");
    DT_EQ(mem_dma_free(b[1].handle), MEM_E_DOUBLEFREE, "double free");
    DT_EQ(mem_dma_free((mem_u16)((other << 8) | (b[0].handle & 0xFF))), MEM_E_DOUBLEFREE,
          "free: the same index of another tag, never allocated");
    stats(tag);
    DT_EQ(st.free, 1, "stats: one free");
    DT_EQ(st.fails, 3, "stats: three refusals in all");
    DT_EQ(mem_dma_free(b[0].handle), MEM_OK, "free");
    /* a tag destroyed after use: set-up code, so unsealed only (sealed,
     * "dead" above stands for it: destroyed before the seal) */
    if (!dt_sealed) {
        DT_EQ(mem_dma_tag_destroy(tag), MEM_OK, "destroy");
        DT_EQ(mem_dma_tag_destroy(other), MEM_OK, "destroy the other");
        DT_EQ(mem_dma_alloc(tag, fp_of(&b[0])), MEM_E_INVAL, "alloc: tag just destroyed");
        DT_EQ(mem_dma_free(b[0].handle), MEM_E_BADPTR, "free: tag just destroyed");
    }
}

int main(void)
{
    struct mem_module mod;
    struct mem_config cfg;
    unsigned before, seg;
    int rc;

    dt_init("t_dmap: DMA map, sync, unmap and refusals");
    before = dt_dos_largest();
    rc = mem_load("MEMPOOL.MOD", 0, &mod);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD");
    if (rc != MEM_OK)
        return dt_done();
    make_tags(0);
    dt_seal_point();
    seg = dos_call(0x4800, 0x1200, 0);  /* 72 KB of caller buffers */
    DT_CHECK(seg != 0, "caller buffers");
    if (seg != 0) {
        bounces(seg);
        errors(seg);
        record(seg);
    }
    DT_EQ(mem_unload(&mod), MEM_OK, "unload");
    /* the 286 paths (a bounced sync's in-line REP MOVSW among them: on a
     * 386 the module copies through its dword core) on this CPU too */
    memset(&cfg, 0, sizeof(cfg));
    cfg.size = sizeof(cfg);
    cfg.flags = MEM_CFG_FORCE_286;
    rc = mem_load("MEMPOOL.MOD", &cfg, &mod);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD with MEM_CFG_FORCE_286");
    if (rc == MEM_OK) {
        make_tags(1);
        dt_seal_point();
        if (seg != 0)
            bounces(seg);
        DT_EQ(mem_unload(&mod), MEM_OK, "unload");
    }
    if (seg != 0)
        dos_call(0x4900, 0, seg);
    DT_EQ(dt_dos_largest(), before, "free DOS memory before load equals after unload");
    return dt_done();
}
