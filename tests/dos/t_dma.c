/*
 * t_dma.c - DMA-safe buffers through MEMPOOL.MOD's far-call table, in
 * DOSBox (real mode, no VDS): every preset's buffers and rings, their
 * physical addresses recomputed here from the far pointer, bounce round
 * trips byte for byte, bad input, and unload giving all memory back.
 * Prints the waste (boundary, alignment, rounding) of every preset.
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "port.h"

#define NB 40

static unsigned char area[9000];    /* caller buffers for map tests */

static mem_fp_t fp_of(void *p)
{
    return MEM_FP(port_ds(), (unsigned)p);
}

static unsigned long lin_of(mem_fp_t p)
{
    return ((unsigned long)MEM_FP_SEG(p) << 4) + MEM_FP_OFF(p);
}

static const char *pname[] = { "3C509", "3C515 buffers", "3C515 ring",
                               "3C90x buffers", "3C90x ring", "8237 8-bit",
                               "8237 16-bit" };

/* The tags check_preset uses (make_tag), with their constraints. */
#define NTAGS 10
static struct mem_dma_constraints tk[NTAGS];
static int tags[NTAGS], twhich[NTAGS], ntags;

static void make_tag(int which, unsigned count)
{
    struct mem_dma_constraints *k = &tk[ntags];

    DT_EQ(mem_dma_preset(which, fp_of(k)), MEM_OK, "preset");
    if (count)
        k->count = count;
    twhich[ntags] = which;
    tags[ntags] = mem_dma_tag_create(fp_of(k));
    DT_CHECK(tags[ntags] >= 1, "tag created");
    if (tags[ntags] < 1)
        printf("  %s: %s\n", pname[which], mem_error_name(tags[ntags]));
    ntags++;
}

static void check_preset(unsigned t)
{
    struct mem_dma_constraints k;
    struct mem_dma_buf b[NB];
    struct mem_dma_stats st;
    unsigned long lin, last;
    unsigned i, j, n, ok;
    int tag = tags[t], which = twhich[t];

    k = tk[t];
    if (tag < 1)
        return;
    n = k.count;
    ok = 1;
    for (i = 0; i < n; i++) {
        if (mem_dma_alloc(tag, fp_of(&b[i])) != MEM_OK) {
            ok = 0;
            break;
        }
        lin = lin_of(b[i].buf);
        last = lin + b[i].size - 1;
        if (b[i].phys != lin || lin % k.align != 0 || b[i].size < k.max_size
            || (lin & ~(k.boundary - 1)) != (last & ~(k.boundary - 1))
            || last > k.max_addr || last >= 0xA0000UL) {
            printf("  %s: buffer %u at %05lX phys %05lX breaks the tag\n",
                   pname[which], i, lin, b[i].phys);
            ok = 0;
        }
        for (j = 0; j < i; j++)
            if (lin < b[j].phys + b[j].size && b[j].phys < lin + b[i].size) {
                printf("  %s: buffers %u and %u overlap\n", pname[which], i, j);
                ok = 0;
            }
        /* the memory is really there: write and read back */
        port_pokeb(MEM_FP_SEG(b[i].buf), MEM_FP_OFF(b[i].buf), (unsigned char)(0x5A + i));
        port_pokeb(MEM_FP_SEG(b[i].buf), MEM_FP_OFF(b[i].buf) + b[i].size - 1, (unsigned char)i);
    }
    DT_CHECK(ok, "every buffer meets its tag (phys recomputed from seg:off)");
    for (i = 0; i < n; i++)
        DT_CHECK(port_peekb(MEM_FP_SEG(b[i].buf), MEM_FP_OFF(b[i].buf)) == (unsigned char)(0x5A + i)
                 && port_peekb(MEM_FP_SEG(b[i].buf), MEM_FP_OFF(b[i].buf) + b[i].size - 1)
                    == (unsigned char)i, "buffer contents kept");
    DT_EQ(mem_dma_alloc(tag, fp_of(&b[0])), MEM_E_NOMEM, "empty tag says NOMEM");
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    DT_EQ(mem_dma_stats(tag, fp_of(&st)), MEM_OK, "stats");
    DT_EQ(st.free, 0, "stats: none free");
    DT_EQ(st.fails, 1, "stats: one failure");
    DT_CHECK(st.arena_bytes == st.waste_bytes + st.meta_bytes
             + (unsigned long)k.count * k.max_size, "stats add up");
    /* real mode: the arena is placed so that a boundary inside it costs
     * nothing (every preset's buffer is a paragraph multiple) */
    DT_EQ(st.waste_bytes, 0, "no byte lost to a boundary");
    printf("  %-14s align %2u boundary %6lX limit %08lX: %u x %u bytes, arena %lu,"
           " waste %lu (%lu.%lu%%), meta %u\n",
           pname[which], k.align, k.boundary, k.max_addr, n, k.max_size,
           st.arena_bytes, st.waste_bytes,
           st.waste_bytes * 100 / st.arena_bytes,
           st.waste_bytes * 1000 / st.arena_bytes % 10, st.meta_bytes);
    /* tag destroy is set-up code: sealed it is gone (MEM_E_STATE for any
     * tag, so "refused while in use" would prove nothing) and the tags go
     * with mem_unload */
    if (!dt_sealed)
        DT_EQ(mem_dma_tag_destroy(tag), MEM_E_STATE, "destroy refused while in use");
    for (i = 0; i < n; i++)
        DT_EQ(mem_dma_free(b[i].handle), MEM_OK, "free");
    DT_EQ(mem_dma_free(b[0].handle), MEM_E_DOUBLEFREE, "double free");
    if (!dt_sealed)
        DT_EQ(mem_dma_tag_destroy(tag), MEM_OK, "destroy");
}

static int bounce_tag, ring_tag;

static void make_bounce_tag(void)
{
    struct mem_dma_constraints k;

    memset(&k, 0, sizeof(k));
    k.size = sizeof(k);
    k.flags = MEM_DMA_F_BUSMASTER;
    k.align = 16;
    k.boundary = 0x1000;            /* 4 KB: a caller buffer can cross it */
    k.max_size = 1536;
    k.max_addr = 0xFFFFFFUL;
    k.count = 2;
    bounce_tag = mem_dma_tag_create(fp_of(&k));
    DT_CHECK(bounce_tag >= 1, "bounce tag");
}

static void bounce(void)
{
    struct mem_dma_map m;
    unsigned long lin, phys;
    unsigned off, i, len = 1000, bad;
    int tag = bounce_tag;

    if (tag < 1)
        return;

    /* a buffer of ours that crosses a 4 KB physical boundary */
    lin = lin_of(fp_of(area));
    off = (unsigned)(0x1000 - (lin & 0xFFF) + 0x1000 - 300);
    if (off + len > sizeof(area))
        off -= 0x1000;
    for (i = 0; i < len; i++)
        area[off + i] = (unsigned char)(i * 7 + 3);
    DT_EQ(mem_dma_map(tag, fp_of(area + off), len, fp_of(&m)), MEM_OK, "map crossing buffer");
    DT_EQ(m.how, MEM_DMA_MAP_BOUNCE, "it bounces");
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE), MEM_OK, "sync to device");
    phys = m.phys;
    DT_CHECK(phys % 16 == 0 && (phys >> 12) == ((phys + len - 1) >> 12), "bounce meets the tag");
    bad = 0;
    for (i = 0; i < len; i++)
        if (port_peekb((unsigned)(phys >> 4), (unsigned)(phys & 15) + i) != area[off + i])
            bad++;
    DT_EQ(bad, 0, "device sees the data byte for byte");
    for (i = 0; i < len; i++)       /* the "device" writes */
        port_pokeb((unsigned)(phys >> 4), (unsigned)(phys & 15) + i, (unsigned char)~(i * 7 + 3));
    DT_EQ(mem_dma_sync(fp_of(&m), MEM_DMA_FROM_DEVICE), MEM_OK, "sync from device");
    bad = 0;
    for (i = 0; i < len; i++)
        if (area[off + i] != (unsigned char)~(i * 7 + 3))
            bad++;
    DT_EQ(bad, 0, "CPU sees the device's data byte for byte");
    DT_EQ(mem_dma_unmap(fp_of(&m)), MEM_OK, "unmap");
    DT_EQ(mem_dma_unmap(fp_of(&m)), MEM_E_BADPTR, "second unmap refused");

    /* a buffer that meets the tag is used in place */
    off = (unsigned)((0x1000 - (lin & 0xFFF)) & 0xFFF);
    DT_EQ(mem_dma_map(tag, fp_of(area + off), 256, fp_of(&m)), MEM_OK, "map aligned buffer");
    DT_EQ(m.how, MEM_DMA_MAP_INPLACE, "used in place");
    DT_CHECK(m.phys == lin + off, "in place: phys is seg*16+off");
    DT_EQ(mem_dma_unmap(fp_of(&m)), MEM_OK, "unmap in place");

    /* exhaustion is an error, not a hang */
    {
        struct mem_dma_map m1, m2, m3;
        off = (unsigned)(0x1000 - (lin & 0xFFF) + 0x1000 - 300);
        if (off + len > sizeof(area))
            off -= 0x1000;
        DT_EQ(mem_dma_map(tag, fp_of(area + off), 600, fp_of(&m1)), MEM_OK, "bounce 1");
        DT_EQ(mem_dma_map(tag, fp_of(area + off), 600, fp_of(&m2)), MEM_OK, "bounce 2");
        DT_EQ(mem_dma_map(tag, fp_of(area + off), 600, fp_of(&m3)), MEM_E_NOBOUNCE,
              "third bounce: MEM_E_NOBOUNCE");
        DT_EQ(mem_dma_unmap(fp_of(&m1)), MEM_OK, "unmap 1");
        DT_EQ(mem_dma_unmap(fp_of(&m2)), MEM_OK, "unmap 2");
    }
    if (!dt_sealed)                 /* set-up code (check_preset) */
        DT_EQ(mem_dma_tag_destroy(tag), MEM_OK, "destroy bounce tag");
}

static void bad_input(void)
{
    struct mem_dma_constraints k;
    unsigned before = dt_dos_largest(), bit;
    int rc;

    DT_EQ(mem_dma_preset(MEM_DMA_3C509, fp_of(&k)), MEM_E_NOTSUP, "3C509: PIO, no tag");
    mem_dma_preset(MEM_DMA_3C515_BUF, fp_of(&k));
    k.align = 24;
    DT_EQ(mem_dma_tag_create(fp_of(&k)), MEM_E_ALIGN, "align not a power of two");
    k.align = 16;
    k.boundary = 0x18000UL;
    DT_EQ(mem_dma_tag_create(fp_of(&k)), MEM_E_BOUNDARY, "boundary not a power of two");
    k.boundary = 64;
    k.align = 128;
    DT_EQ(mem_dma_tag_create(fp_of(&k)), MEM_E_ALIGN, "align above boundary");
    k.align = 16;
    k.boundary = 0x10000UL;
    k.max_size = 0;
    DT_EQ(mem_dma_tag_create(fp_of(&k)), MEM_E_SIZE, "size 0");
    k.boundary = 1024;
    k.max_size = 1536;
    DT_EQ(mem_dma_tag_create(fp_of(&k)), MEM_E_SIZE, "size above boundary");
    k.boundary = 0x10000UL;
    k.max_addr = ((unsigned long)port_ds() << 4) + 0xFFFFUL;   /* our own 64 KB */
    DT_EQ(mem_dma_tag_create(fp_of(&k)), MEM_E_LIMIT, "limit below the arena");
    /* A flag bit this module does not know: refused, never ignored. */
    for (bit = 0x0004; bit != 0; bit <<= 1) {
        mem_dma_preset(MEM_DMA_3C515_BUF, fp_of(&k));
        k.flags |= bit;
        rc = mem_dma_tag_create(fp_of(&k));
        if (rc != MEM_E_INVAL)
            printf("  flag %04X: got %d (%s)\n", bit, rc, mem_error_name(rc));
        DT_EQ(rc, MEM_E_INVAL, "unknown constraints flag refused");
        if (rc > 0)
            mem_dma_tag_destroy(rc);
    }
    DT_EQ(dt_dos_largest(), before, "bad input allocates nothing");
}

/* Bad input to the run-time entries. */
static void bad_runtime(void)
{
    struct mem_dma_buf b;
    int t, used, i;

    DT_EQ(mem_dma_alloc(MEM_DMA_TAGS + 1, fp_of(&b)), MEM_E_INVAL, "alloc from a tag past the table");
    DT_EQ(mem_dma_free((MEM_DMA_TAGS + 1) << 8), MEM_E_BADPTR, "free from a tag past the table");
    DT_EQ(mem_dma_free((ring_tag << 8) | 0xFF), MEM_E_BADPTR, "free of a buffer the tag lacks");
    for (t = 1; t <= MEM_DMA_TAGS; t++) {   /* a free slot (sealed: none) */
        used = t == bounce_tag || t == ring_tag;
        for (i = 0; i < ntags; i++)
            if (dt_sealed && tags[i] == t)  /* unsealed: destroyed */
                used = 1;
        if (!used) {
            DT_EQ(mem_dma_alloc(t, fp_of(&b)), MEM_E_INVAL, "alloc from no tag");
            DT_EQ(mem_dma_free(t << 8), MEM_E_BADPTR, "free of no handle");
            break;
        }
    }
}

int main(void)
{
    struct mem_module m;
    struct mem_info info;
    struct mem_dma_constraints rk;
    struct mem_dma_buf rb;
    unsigned before, t;
    int which, rc;

    dt_init("t_dma: DMA-safe buffers");
    before = dt_dos_largest();
    rc = mem_load("MEMPOOL.MOD", 0, &m);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD");
    if (rc != MEM_OK)
        return dt_done();
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    mem_info(fp_of(&info));
    DT_EQ(info.v86, 0, "DOSBox runs real mode");
    DT_EQ(info.flags & MEM_INFO_VDS, 0, "DOSBox has no VDS");
    bad_input();                    /* set-up: bad constraints refused */
    /* MEM_DMA_TAGS (8) tags can exist at once.  Unsealed, each check's tag
     * is made, checked and destroyed in turn.  Sealed, tag creation is gone
     * after the seal point, so the set-up makes the eight tags the sealed
     * run checks: the two ring presets as given, the four buffer presets
     * with 40 buffers each (the harder case: a 64 KB boundary falls inside
     * their arenas), the bounce tag and a ring tag left for unload.  The
     * buffer presets with 8 buffers run in the unsealed pass only. */
    if (dt_sealed) {
        make_tag(MEM_DMA_3C515_RING, 0);
        make_tag(MEM_DMA_3C90X_RING, 0);
        make_tag(MEM_DMA_3C515_BUF, 40);
        make_tag(MEM_DMA_3C90X_BUF, 40);
        make_tag(MEM_DMA_8237_8, 40);
        make_tag(MEM_DMA_8237_16, 40);
    } else {
        printf("  presets as given (8 buffers each):\n");
        for (which = MEM_DMA_3C515_BUF; which <= MEM_DMA_8237_16; which++) {
            make_tag(which, 0);
            check_preset(ntags - 1);
        }
        printf("  40 buffers (60 KB: a boundary falls inside the arena):\n");
        make_tag(MEM_DMA_3C515_BUF, 40);
        check_preset(ntags - 1);
        make_tag(MEM_DMA_3C90X_BUF, 40);
        check_preset(ntags - 1);
        make_tag(MEM_DMA_8237_8, 40);
        check_preset(ntags - 1);
        make_tag(MEM_DMA_8237_16, 40);
        check_preset(ntags - 1);
    }
    make_bounce_tag();
    mem_dma_preset(MEM_DMA_3C515_RING, fp_of(&rk));
    ring_tag = mem_dma_tag_create(fp_of(&rk));
    DT_CHECK(ring_tag >= 1, "ring tag left for unload");
    dt_seal_point();
    if (dt_sealed) {
        printf("  rings as given, buffers 40 each (a boundary inside the arena):\n");
        for (t = 0; t < ntags; t++)
            check_preset(t);
    }
    bounce();
    bad_runtime();
    /* leave a buffer out: unload must free it anyway */
    DT_EQ(mem_dma_alloc(ring_tag, fp_of(&rb)), MEM_OK, "ring left allocated");
    DT_EQ(mem_unload(&m), MEM_OK, "unload");
    DT_EQ(dt_dos_largest(), before, "free DOS memory before load equals after unload");
    return dt_done();
}
