/*
 * test_dma.c - DMA-safe buffers (dma_setup.c, dma_init.c) on the
 * simulated PC: bad input, presets, a million random allocations and
 * frees under random tags in real mode, the same under V86 mode with a
 * VDS provider that remaps conventional pages (linear != physical), the
 * no-VDS refusal, VDS lock refusals, and map/sync/unmap round trips.
 *
 * Every check of a buffer is computed here from the far pointer through
 * the simulator's page map, never with the allocator's own arithmetic.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <cmocka.h>

#include "sim.h"
#include "mod_core.h"
#include "arena.h"
#include "dma_priv.h"
#include "inc_check.h"

#define LIN_SPACE 0x110000UL

static u8 owner[LIN_SPACE];         /* linear byte -> 1 + live buffer slot */

struct live {
    int used;
    u16 handle;
    u32 lin;
    u16 size;
};

struct ttag {
    int id;                         /* 0 = none */
    struct mem_dma_constraints k;
    struct live *bufs;
    int nlive;
};

#define MAXT MEM_DMA_TAGS
static struct ttag tt[MAXT];
static u32 free_before;          /* paragraphs the test program owns */
static u16 scratch;                 /* a DOS block of the test's own */

static u32 rnd_state = 12345;
static u32 rnd(void)
{
    rnd_state = rnd_state * 1103515245UL + 12345UL;
    return (rnd_state >> 8) & 0xFFFFFFUL;
}

static mem_fp_t near_fp(const void *p)
{
    return MEM_FP(port_ds(), port_near(p));
}

/* Far arguments go through these few statics: the simulator's port_near
 * windows are 8 slots reused round robin, so a test that handed out many
 * distinct host objects could see a window re-pointed while the module is
 * still writing through it. */
static struct mem_dma_constraints g_k;
static struct mem_dma_buf g_b;
static struct mem_dma_map g_m;
static struct mem_dma_stats g_st;

static int t_preset(int which, struct mem_dma_constraints *k)
{
    int rc = mod_dma_preset(which, near_fp(&g_k));
    *k = g_k;
    return rc;
}

static int t_alloc(int tag, struct mem_dma_buf *b)
{
    int rc = dma_alloc_c(tag, near_fp(&g_b));
    if (rc == MEM_OK)
        *b = g_b;
    return rc;
}

static int t_stats(int tag, struct mem_dma_stats *st)
{
    int rc;
    memset(&g_st, 0, sizeof(g_st));
    g_st.size = sizeof(g_st);
    rc = mod_dma_stats(tag, near_fp(&g_st));
    *st = g_st;
    return rc;
}

static int t_map(int tag, mem_fp_t buf, u16 len, struct mem_dma_map *m)
{
    int rc = mod_dma_map(tag, buf, len, near_fp(&g_m));
    if (rc == MEM_OK)
        *m = g_m;
    return rc;
}

static int t_sync(struct mem_dma_map *m, int dir)
{
    g_m = *m;
    return mod_dma_sync(near_fp(&g_m), dir);
}

static int t_unmap(struct mem_dma_map *m)
{
    int rc;
    g_m = *m;
    rc = mod_dma_unmap(near_fp(&g_m));
    *m = g_m;
    return rc;
}

static void boot(const struct sim_config *c)
{
    struct port_regs r;

    sim_reset(c);
    memset(arena_tab, 0, sizeof(arena_tab));  /* left by a failed test */
    memset(&mod, 0, sizeof(mod));
    mod.initialised = 1;
    mod.cpu = (u8)sim_cpu_type();
    mod.v86 = (u8)sim_cpu_v86();
    assert_int_equal(dma_init(), MEM_OK);
    memset(&r, 0, sizeof(r));
    r.ax = 0x4800;
    r.bx = 0x0200;                  /* 8 KB scratch for caller buffers */
    port_int(0x21, &r);
    assert_false(r.flags & PORT_CF);
    scratch = r.ax;
    free_before = sim_dos_owned_paras(SIM_PSP);
    assert_int_equal(arena_count(), 0);
    memset(owner, 0, sizeof(owner));
    memset(tt, 0, sizeof(tt));
}

static void shutdown(void)
{
    dma_map_release();              /* unload's order: the MAP group's hook, */
    dma_release_all();              /* then the tags (mod_unload) */
    assert_int_equal(arena_count(), 0);
    assert_int_equal(sim_dos_check_chain(), 0);
    assert_int_equal(sim_dos_owned_paras(SIM_PSP), free_before);
    assert_int_equal(sim_vds_locks_held(), 0);
    assert_int_equal(sim_vds_buffers_used(), 0);
    assert_true(sim_irq_balanced());
}

/* The invariants of one buffer, from the test's own arithmetic. */
static void check_buf(const struct mem_dma_constraints *k, const struct mem_dma_buf *b)
{
    u32 lin = ((u32)MEM_FP_SEG(b->buf) << 4) + MEM_FP_OFF(b->buf);
    u32 phys = sim_lin2phys(lin), p, last;
    u16 want = (u16)((k->max_size + k->align - 1) & ~(u32)(k->align - 1));

    assert_true(MEM_FP_OFF(b->buf) < 16);
    assert_int_equal(b->size, want);
    assert_int_equal(b->phys, phys);
    for (p = (lin | (SIM_PAGE - 1)) + 1; p < lin + b->size; p += SIM_PAGE)
        assert_int_equal(sim_lin2phys(p), phys + (p - lin));   /* contiguous */
    last = phys + b->size - 1;
    assert_int_equal(phys % k->align, 0);
    assert_int_equal(phys / k->boundary, last / k->boundary);
    assert_true(last <= k->max_addr);
    assert_true(lin + b->size <= 0xA0000UL);    /* conventional only */
}

static void mark(u32 lin, u16 size, u8 v)
{
    u32 i;
    for (i = 0; i < size; i++) {
        if (v)
            assert_int_equal(owner[lin + i], 0);      /* no overlap */
        owner[lin + i] = v;
    }
}

static void set_k(struct mem_dma_constraints *k, u16 flags, u16 align, u32 boundary,
                  u16 max_size, u32 max_addr, u16 count)
{
    memset(k, 0, sizeof(*k));
    k->size = sizeof(*k);
    k->flags = flags;
    k->align = align;
    k->boundary = boundary;
    k->max_size = max_size;
    k->max_addr = max_addr;
    k->count = count;
}

static int create(struct mem_dma_constraints *k)
{
    g_k = *k;
    return mod_dma_tag_create(near_fp(&g_k));
}

/* ------------------------------------------------------------ bad input */

static void test_bad_input(void **state)
{
    struct mem_dma_constraints k;
    u16 held;
    (void)state;

    boot(NULL);
    held = arena_count();
#define BAD(f, a, b, s, l, n, err) \
    do { set_k(&k, f, a, b, s, l, n); assert_int_equal(create(&k), err); \
         assert_int_equal(arena_count(), held); \
         assert_int_equal(sim_dos_owned_paras(SIM_PSP), free_before); } while (0)
    BAD(0, 3, 0x10000UL, 100, 0xFFFFFFUL, 4, MEM_E_ALIGN);
    BAD(0, 0, 0x10000UL, 100, 0xFFFFFFUL, 4, MEM_E_ALIGN);
    BAD(MEM_DMA_F_DESC, 8, 0x10000UL, 100, 0xFFFFFFUL, 4, MEM_E_ALIGN);
    BAD(0, 16, 0x18000UL, 100, 0xFFFFFFUL, 4, MEM_E_BOUNDARY);
    BAD(0, 16, 0, 100, 0xFFFFFFUL, 4, MEM_E_BOUNDARY);
    BAD(0, 64, 32, 16, 0xFFFFFFUL, 4, MEM_E_ALIGN);            /* align > boundary */
    BAD(0, 16, 0x10000UL, 0, 0xFFFFFFUL, 4, MEM_E_SIZE);
    BAD(0, 16, 0x1000UL, 0x1001, 0xFFFFFFUL, 4, MEM_E_SIZE);   /* > boundary */
    BAD(0, 16, 0x10000UL, 100, 0xFFFFFFUL, 0, MEM_E_INVAL);
    BAD(0x8000, 16, 0x10000UL, 100, 0xFFFFFFUL, 4, MEM_E_INVAL); /* unknown flag */
    BAD(0x0004, 16, 0x10000UL, 100, 0xFFFFFFUL, 4, MEM_E_INVAL);
    BAD(MEM_DMA_F_BUSMASTER | 0x0100, 16, 0x10000UL, 100, 0xFFFFFFUL, 4, MEM_E_INVAL);
    BAD(0, 16, 0x10000UL, 100, 0xFFFFUL, 4, MEM_E_LIMIT);
    BAD(0, 16, 0x10000UL, 100, ((u32)scratch << 4) + 0x1FFF, 4, MEM_E_LIMIT); /* below the arena */
    assert_int_equal(t_alloc(1, &g_b), MEM_E_INVAL);
    assert_int_equal(dma_free_c(0x0100), MEM_E_BADPTR);
    assert_int_equal(mod_dma_tag_destroy(1), MEM_E_INVAL);
    assert_int_equal(t_preset(MEM_DMA_3C509, &k), MEM_E_NOTSUP);
    assert_int_equal(t_preset(99, &k), MEM_E_INVAL);
    shutdown();
}

/* dma_fast.inc (what dma_fast.asm and dma_map.asm use) against the C
 * headers: every name it defines, with the value dma_priv.h / memory_api.h
 * give it, and dma_priv.h's offsets against the structs. */
#define O(name, type, field) { #name, (long)offsetof(type, field) }
static const struct inc_name inc_names[] = {
    N(DH_TOP), N(DH_LOW), N(DH_FAILS), N(DH_COUNT), N(DH_TAG), N(DH_BSIZE),
    N(DH_CFLAGS), N(DH_LOCKED), N(DH_AMASK), N(DH_MAX_SIZE), N(DH_BOUNDARY),
    N(DH_MAX_ADDR), N(DH_CHECK), N(DH_STK), N(DH_ENT), N(DH_MAPS), N(DH_BOUNCES),
    N(DH_VDS_SKIPS), N(DH_ARENA_PARAS), N(DH_META), N(DH_WASTE), N(DH_ETAB),
    N(DH_BYTES), N(DH_SEED),
    N(DE_BUF), N(DE_PHYS), N(DE_HANDLE), N(DE_SIZE), N(DE_SLOT), N(DE_BYTES),
    N(DE_SHIFT), N(DMA_VH_BYTES),
    N(DS_USE_VDS), N(DMA_STATE_BYTES), N(DMA_MAP_MAGIC), N(DMA_VHELD), N(MEM_DMA_TAGS),
    O(MAP_PHYS, struct mem_dma_map, phys), O(MAP_BUF, struct mem_dma_map, buf),
    O(MAP_LEN, struct mem_dma_map, len), O(MAP_TAG, struct mem_dma_map, tag),
    O(MAP_HOW, struct mem_dma_map, how), O(MAP_BOUNCE, struct mem_dma_map, bounce),
    O(MAP_VDS_ID, struct mem_dma_map, vds_id), O(MAP_MAGIC, struct mem_dma_map, magic),
    { "MAP_BYTES", (long)sizeof(struct mem_dma_map) },
    O(DST_SIZE, struct mem_dma_stats, size),
    O(DST_BUF_SIZE, struct mem_dma_stats, buf_size),
    O(DST_COUNT, struct mem_dma_stats, count),
    O(DST_FREE, struct mem_dma_stats, free),
    O(DST_LOW, struct mem_dma_stats, low_water),
    O(DST_FAILS, struct mem_dma_stats, fails),
    O(DST_ARENA, struct mem_dma_stats, arena_bytes),
    O(DST_WASTE, struct mem_dma_stats, waste_bytes),
    O(DST_META, struct mem_dma_stats, meta_bytes),
    O(DST_BOUNCES, struct mem_dma_stats, bounces),
    O(DST_VDS_SKIPS, struct mem_dma_stats, vds_skips),
    O(DST_MAPS, struct mem_dma_stats, maps),
    { "DST_BYTES", (long)sizeof(struct mem_dma_stats) },
    N(MEM_DMA_F_BUSMASTER), N(MEM_DMA_MAP_INPLACE), N(MEM_DMA_MAP_LOCKED),
    N(MEM_DMA_MAP_BOUNCE), N(MEM_DMA_MAP_VDSBUF), N(MEM_DMA_TO_DEVICE),
    N(MEM_DMA_FROM_DEVICE),
    N(VDS_F_NOBUF), N(VDS_F_NOREMAP), N(VDS_F_NO64K), N(VDS_F_NO128K),
    N(VDS_E_NOTCONTIG), N(VDS_E_CROSSED),
    N(MEM_OK), N(MEM_E_INVAL), N(MEM_E_NOMEM), N(MEM_E_SIZE), N(MEM_E_BADPTR),
    N(MEM_E_DOUBLEFREE), N(MEM_E_VDS), N(MEM_E_NOBOUNCE),
};

static void test_layout(void **state)
{
    (void)state;
    inc_file_matches("src/modules/mempool/dma_fast.inc", inc_names,
                     sizeof(inc_names) / sizeof(inc_names[0]));
    assert_int_equal(sizeof(struct dma_tag), DH_BYTES);
    assert_int_equal(DH_ETAB, DH_BYTES);
    assert_int_equal(1 << DE_SHIFT, DE_BYTES);
    assert_int_equal(offsetof(struct dma_tag, top), DH_TOP);
    assert_int_equal(offsetof(struct dma_tag, low), DH_LOW);
    assert_int_equal(offsetof(struct dma_tag, fails), DH_FAILS);
    assert_int_equal(offsetof(struct dma_tag, count), DH_COUNT);
    assert_int_equal(offsetof(struct dma_tag, tag), DH_TAG);
    assert_int_equal(offsetof(struct dma_tag, bsize), DH_BSIZE);
    assert_int_equal(offsetof(struct dma_tag, cflags), DH_CFLAGS);
    assert_int_equal(offsetof(struct dma_tag, locked), DH_LOCKED);
    assert_int_equal(offsetof(struct dma_tag, amask), DH_AMASK);
    assert_int_equal(offsetof(struct dma_tag, max_size), DH_MAX_SIZE);
    assert_int_equal(offsetof(struct dma_tag, boundary), DH_BOUNDARY);
    assert_int_equal(offsetof(struct dma_tag, max_addr), DH_MAX_ADDR);
    assert_int_equal(offsetof(struct dma_tag, check), DH_CHECK);
    assert_int_equal(offsetof(struct dma_tag, stk), DH_STK);
    assert_int_equal(offsetof(struct dma_tag, ent), DH_ENT);
    assert_int_equal(offsetof(struct dma_tag, maps), DH_MAPS);
    assert_int_equal(offsetof(struct dma_tag, bounces), DH_BOUNCES);
    assert_int_equal(offsetof(struct dma_tag, vds_skips), DH_VDS_SKIPS);
    assert_int_equal(offsetof(struct dma_tag, arena_paras), DH_ARENA_PARAS);
    assert_int_equal(offsetof(struct dma_tag, meta_bytes), DH_META);
    assert_int_equal(offsetof(struct dma_tag, waste), DH_WASTE);
    /* the checked words: DH_COUNT up to DH_CHECK, nothing that changes */
    assert_int_equal(DH_CHECK, DH_MAX_ADDR + 4);
    assert_true(DH_STK > DH_CHECK && DH_MAPS > DH_CHECK && DH_BOUNCES > DH_CHECK);
    assert_int_equal(sizeof(struct dma_state), DMA_STATE_BYTES);
    assert_int_equal(offsetof(struct dma_state, use_vds), DS_USE_VDS);
    /* an entry's first bytes are what mem_dma_alloc copies out */
    assert_int_equal(offsetof(struct mem_dma_buf, buf), DE_BUF);
    assert_int_equal(offsetof(struct mem_dma_buf, phys), DE_PHYS);
    assert_int_equal(offsetof(struct mem_dma_buf, handle), DE_HANDLE);
    assert_int_equal(offsetof(struct mem_dma_buf, size), DE_SIZE);
    assert_true(sizeof(struct mem_dma_buf) <= DE_SLOT);
    assert_int_equal(sizeof(struct mem_dma_constraints), 20);
    assert_int_equal(sizeof(struct mem_dma_buf), 12);
    assert_int_equal(sizeof(struct mem_dma_map), 20);
    assert_int_equal(sizeof(struct mem_dma_stats), 28);
}

/* ------------------------------------------------------------- presets */

static void presets_once(void)
{
    static const int ps[] = { MEM_DMA_3C515_BUF, MEM_DMA_3C515_RING, MEM_DMA_3C90X_BUF,
                              MEM_DMA_3C90X_RING, MEM_DMA_8237_8, MEM_DMA_8237_16 };
    struct mem_dma_constraints k;
    struct mem_dma_stats st;
    struct mem_dma_buf b[8];
    unsigned i, j;
    int tag;

    for (i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
        assert_int_equal(t_preset(ps[i], &k), MEM_OK);
        tag = create(&k);
        assert_true(tag >= 1);
        for (j = 0; j < k.count; j++) {
            assert_int_equal(t_alloc(tag, &b[j]), MEM_OK);
            check_buf(&k, &b[j]);
            mark(((u32)MEM_FP_SEG(b[j].buf) << 4) + MEM_FP_OFF(b[j].buf), b[j].size, 1);
        }
        assert_int_equal(t_alloc(tag, &b[0]), MEM_E_NOMEM);
        assert_int_equal(t_stats(tag, &st), MEM_OK);
        assert_int_equal(st.free, 0);
        assert_int_equal(st.fails, 1);
        assert_int_equal(st.arena_bytes,
                         st.waste_bytes + st.meta_bytes + (u32)k.count * k.max_size);
        assert_int_equal(mod_dma_tag_destroy(tag), MEM_E_STATE);
        for (j = 0; j < k.count; j++) {
            mark(((u32)MEM_FP_SEG(b[j].buf) << 4) + MEM_FP_OFF(b[j].buf), b[j].size, 0);
            assert_int_equal(dma_free_c(b[j].handle), MEM_OK);
        }
        assert_int_equal(dma_free_c(b[0].handle), MEM_E_DOUBLEFREE);
        assert_int_equal(mod_dma_tag_destroy(tag), MEM_OK);
    }
}

static void test_presets_real(void **state)
{
    (void)state;
    boot(NULL);
    presets_once();
    shutdown();
}

/* Real mode: wherever DOS puts an arena, a boundary inside it costs
 * nothing (dma_place moves the arena so that a buffer ends on it).  A
 * spacer block of 0..k paragraphs in front shifts where the arena would
 * land through a whole buffer's worth of positions; every preset whose
 * buffer size is a paragraph multiple must then lose no byte, and every
 * buffer must still meet its tag. */
static void test_place_boundary(void **state)
{
    static const int ps[] = { MEM_DMA_3C515_BUF, MEM_DMA_3C515_RING,
                              MEM_DMA_8237_8, MEM_DMA_8237_16 };
    struct mem_dma_constraints k;
    struct mem_dma_stats st;
    struct mem_dma_buf b;
    struct port_regs r;
    unsigned i, j, shift, inside = 0;
    u16 spacer;
    u32 lo, hi, lin;
    int tag;
    (void)state;

    boot(NULL);
    for (i = 0; i < sizeof(ps) / sizeof(ps[0]); i++)
        for (shift = 1; shift <= 0x61; shift += 3) {
            memset(&r, 0, sizeof(r));
            r.ax = 0x4800;
            r.bx = (u16)shift;
            port_int(0x21, &r);
            assert_false(r.flags & PORT_CF);
            spacer = r.ax;
            assert_int_equal(t_preset(ps[i], &k), MEM_OK);
            k.count = (u16)(ps[i] == MEM_DMA_3C515_RING ? 255 : 40);
            tag = create(&k);
            assert_true(tag >= 1);
            assert_int_equal(t_stats(tag, &st), MEM_OK);
            assert_int_equal(st.waste_bytes, 0);
            lo = 0xFFFFFFFFUL;
            hi = 0;
            for (j = 0; j < k.count; j++) {
                assert_int_equal(t_alloc(tag, &b), MEM_OK);
                check_buf(&k, &b);
                lin = ((u32)MEM_FP_SEG(b.buf) << 4) + MEM_FP_OFF(b.buf);
                if (lin < lo)
                    lo = lin;
                if (lin + b.size > hi)
                    hi = lin + b.size;
            }
            if ((lo & ~(k.boundary - 1)) != ((hi - 1) & ~(k.boundary - 1)))
                inside++;               /* a boundary fell inside */
            for (j = 0; j < k.count; j++)
                assert_int_equal(dma_free_c((u16)((tag << 8) | j)), MEM_OK);
            assert_int_equal(mod_dma_tag_destroy(tag), MEM_OK);
            memset(&r, 0, sizeof(r));
            r.ax = 0x4900;
            r.es = spacer;
            port_int(0x21, &r);
            assert_false(r.flags & PORT_CF);
        }
    print_message("  %u placements with a boundary inside the buffers' range\n", inside);
    assert_true(inside > 20);
    shutdown();
}

/* ----------------------------------------------------- random sequences */

static void random_tag(struct mem_dma_constraints *k, int v86)
{
    u16 align = (u16)(1u << (rnd() % 9));
    u32 boundary;
    u16 lo = 4, sh;
    u16 flags = 0;
    u32 cap;

    if (rnd() % 8 == 0)
        align = (u16)(1u << (9 + rnd() % 4));           /* up to 4 KB */
    while ((1u << lo) < align)
        lo++;
    sh = (u16)(lo + rnd() % (18 - lo));
    boundary = 1UL << sh;
    cap = boundary < 2048 ? boundary : 2048;
    if (rnd() & 1)
        flags |= MEM_DMA_F_BUSMASTER;
    if (align >= 16 && (rnd() & 1))
        flags |= MEM_DMA_F_DESC;
    set_k(k, flags, align, boundary, (u16)(1 + rnd() % cap),
          (rnd() % 4 == 0) ? 0xFFFFFFFFUL : 0xFFFFFFUL,
          (u16)(1 + rnd() % (v86 ? 6 : 24)));
}

static void live_add(struct ttag *t, const struct mem_dma_buf *b)
{
    int i;
    for (i = 0; i < t->k.count; i++)
        if (!t->bufs[i].used) {
            t->bufs[i].used = 1;
            t->bufs[i].handle = b->handle;
            t->bufs[i].lin = ((u32)MEM_FP_SEG(b->buf) << 4) + MEM_FP_OFF(b->buf);
            t->bufs[i].size = b->size;
            mark(t->bufs[i].lin, b->size, 1);
            t->nlive++;
            return;
        }
    fail_msg("more buffers live than the tag holds");
}

static void map_round_trip(struct ttag *t)
{
    struct mem_dma_map m;
    u8 data[2048], back[2048];
    u16 len = (u16)(1 + rnd() % t->k.max_size), off, i;
    u32 lin;
    int rc;

    if (len > 0x1F00)
        len = 0x1F00;
    off = (u16)(rnd() % (0x2000 - len));
    lin = ((u32)scratch << 4) + off;
    for (i = 0; i < len; i++)
        data[i] = (u8)rnd();
    sim_lin_write(lin, data, len);
    rc = t_map(t->id, MEM_FP(scratch, off), len, &m);
    if (rc == MEM_E_NOBOUNCE) {
        assert_int_equal(t->nlive, t->k.count);
        return;
    }
    assert_int_equal(rc, MEM_OK);
    assert_int_equal(t_sync(&m, MEM_DMA_TO_DEVICE), MEM_OK);
    /* the device sees the data at m.phys, within the tag */
    assert_int_equal(m.phys % t->k.align, 0);
    assert_int_equal(m.phys / t->k.boundary, (m.phys + len - 1) / t->k.boundary);
    assert_true(m.phys + len - 1 <= t->k.max_addr);
    assert_memory_equal(sim_phys_ptr(m.phys, len), data, len);
    /* the device writes; the CPU sees it after FROM_DEVICE */
    for (i = 0; i < len; i++)
        sim_phys_ptr(m.phys, len)[i] = (u8)~data[i];
    assert_int_equal(t_sync(&m, MEM_DMA_FROM_DEVICE), MEM_OK);
    sim_lin_read(lin, back, len);
    for (i = 0; i < len; i++)
        assert_int_equal(back[i], (u8)~data[i]);
    assert_int_equal(t_unmap(&m), MEM_OK);
    assert_int_equal(t_unmap(&m), MEM_E_BADPTR);
}

static void destroy_tag(struct ttag *t)
{
    int i;
    for (i = 0; i < t->k.count; i++)
        if (t->bufs[i].used) {
            mark(t->bufs[i].lin, t->bufs[i].size, 0);
            assert_int_equal(dma_free_c(t->bufs[i].handle), MEM_OK);
        }
    assert_int_equal(mod_dma_tag_destroy(t->id), MEM_OK);
    free(t->bufs);
    memset(t, 0, sizeof(*t));
}

static void property(long ops, int v86, int maxtags)
{
    struct mem_dma_buf b;
    struct mem_dma_stats st;
    struct ttag *t;
    long n, allocs = 0, creates = 0;
    int i, rc;
    u16 held;

    for (n = 0; n < ops; n++) {
        u32 r = rnd() % 1000;
        t = &tt[rnd() % maxtags];
        if (t->id == 0 || r < 2) {
            if (t->id != 0) {
                destroy_tag(t);
                continue;
            }
            random_tag(&t->k, v86);
            held = arena_count();
            rc = create(&t->k);
            if (rc < 0) {
                assert_true(rc == MEM_E_NOMEM || rc == MEM_E_VDS || rc == MEM_E_LIMIT);
                assert_int_equal(arena_count(), held);
                continue;
            }
            creates++;
            t->id = rc;
            t->bufs = (struct live *)calloc(t->k.count, sizeof(struct live));
            continue;
        }
        if (r < 500) {
            rc = t_alloc(t->id, &b);
            if (t->nlive == t->k.count) {
                assert_int_equal(rc, MEM_E_NOMEM);
            } else {
                assert_int_equal(rc, MEM_OK);
                check_buf(&t->k, &b);
                live_add(t, &b);
                allocs++;
            }
        } else if (r < 990) {
            if (t->nlive == 0)
                continue;
            i = (int)(rnd() % t->k.count);
            while (!t->bufs[i].used)
                i = (i + 1) % t->k.count;
            mark(t->bufs[i].lin, t->bufs[i].size, 0);
            assert_int_equal(dma_free_c(t->bufs[i].handle), MEM_OK);
            if (rnd() % 64 == 0)
                assert_int_equal(dma_free_c(t->bufs[i].handle), MEM_E_DOUBLEFREE);
            t->bufs[i].used = 0;
            t->nlive--;
        } else {
            map_round_trip(t);
        }
        if (n % 4096 == 0 && t->id) {       /* nothing lost */
            assert_int_equal(t_stats(t->id, &st), MEM_OK);
            assert_int_equal(st.free + t->nlive, st.count);
            assert_int_equal(st.maps, 0);
        }
    }
    for (i = 0; i < maxtags; i++)
        if (tt[i].id)
            destroy_tag(&tt[i]);
    print_message("  %ld ops: %ld allocations, %ld tags created\n", ops, allocs, creates);
    assert_true(allocs > ops / 4);
}

static void test_random_real(void **state)
{
    (void)state;
    boot(NULL);
    property(1200000L, 0, MAXT);
    shutdown();
}

static void v86_config(struct sim_config *c, int vds)
{
    sim_config_default(c);
    c->v86 = 1;
    c->vds = (u8)vds;
    c->mem_kb = 32768;              /* remapped pages land above 16 MB */
    c->remap = 1;
    c->remap_conv_seg = 0x2000;
    c->remap_conv_paras = 0x4000;   /* 256 KB of conventional memory remapped */
}

static void test_random_v86_vds(void **state)
{
    struct sim_config c;
    (void)state;
    v86_config(&c, SIM_VDS_PRESENT);
    boot(&c);
    assert_true(dma.use_vds);
    assert_true(mod.info_flags & MEM_INFO_VDS);
    presets_once();
    property(1200000L, 1, 3);
    shutdown();
}

/* V86 without VDS (none, or DOSBox's stub): bus masters refused, system
 * DMA (the memory manager virtualises the 8237) allowed. */
static void test_v86_novds(void **state)
{
    struct mem_dma_constraints k;
    struct sim_config c;
    int vds[2] = { SIM_VDS_NONE, SIM_VDS_DOSBOX }, i, tag;
    (void)state;

    for (i = 0; i < 2; i++) {
        v86_config(&c, vds[i]);
        c.remap = 0;
        c.remap_conv_paras = 0;
        boot(&c);
        assert_false(dma.vds);
        assert_false(mod.info_flags & MEM_INFO_VDS);
        assert_int_equal(t_preset(MEM_DMA_3C515_BUF, &k), MEM_OK);
        assert_int_equal(create(&k), MEM_E_V86NOVDS);
        assert_int_equal(t_preset(MEM_DMA_3C90X_RING, &k), MEM_OK);
        assert_int_equal(create(&k), MEM_E_V86NOVDS);
        assert_int_equal(sim_dos_owned_paras(SIM_PSP), free_before);
        assert_int_equal(t_preset(MEM_DMA_8237_16, &k), MEM_OK);
        tag = create(&k);
        assert_true(tag >= 1);
        assert_int_equal(mod_dma_tag_destroy(tag), MEM_OK);
        assert_int_equal(sim_counters()->vds_fn[0x03], 0);
        shutdown();
    }
}

/* A VDS lock refused (unable to lock) drops that slot; carving goes on. */
static void test_vds_refusal(void **state)
{
    struct mem_dma_constraints k;
    struct mem_dma_stats st;
    struct mem_dma_buf b;
    struct sim_config c;
    int tag, j;
    (void)state;

    v86_config(&c, SIM_VDS_PRESENT);
    boot(&c);
    assert_int_equal(t_preset(MEM_DMA_3C515_BUF, &k), MEM_OK);
    sim_vds_fail_next(0x03, 0x03);
    tag = create(&k);
    assert_true(tag >= 1);
    assert_int_equal(t_stats(tag, &st), MEM_OK);
    assert_true(st.vds_skips >= 1);
    assert_int_equal(sim_vds_locks_held(), k.count);
    for (j = 0; j < k.count; j++) {
        assert_int_equal(t_alloc(tag, &b), MEM_OK);
        check_buf(&k, &b);
    }
    shutdown();                     /* release_all unlocks what is still out */
}

/* Maps: in place when the buffer meets the tag, bounced when it crosses
 * the boundary or lies in a UMB, VDS buffer when a lock fails, and
 * MEM_E_NOBOUNCE when no buffer is left. */
/* V86 + VDS with pages 50h..52h remapped so that 50h and 51h are
 * contiguous and 52h is not (a buffer at 51F0:0000 crosses a break), and
 * a bus-master tag of count 1536-byte buffers: its number. */
static int boot_split_pages(struct mem_dma_constraints *k, u16 count)
{
    struct sim_config c;
    int tag;

    v86_config(&c, SIM_VDS_PRESENT);
    c.remap_conv_seg = 0x5000;
    c.remap_conv_paras = 0x0300;    /* pages 50h..52h: pairs (50,51) (52,-) */
    boot(&c);
    set_k(k, MEM_DMA_F_BUSMASTER, 2, 0x10000UL, 1536, 0xFFFFFFFFUL, count);
    tag = create(k);
    assert_true(tag >= 1);
    return tag;
}

static void test_map_paths(void **state)
{
    struct mem_dma_constraints k;
    struct mem_dma_map m, m2, m3;
    struct mem_dma_buf b;
    int tag;
    u16 cross;
    (void)state;

    boot(NULL);
    set_k(&k, MEM_DMA_F_BUSMASTER, 16, 0x1000UL, 1024, 0xFFFFFFUL, 1);
    tag = create(&k);
    assert_true(tag >= 1);
    assert_int_equal(t_map(tag, MEM_FP(scratch, 0), 512, &m), MEM_OK);
    assert_int_equal(m.how, MEM_DMA_MAP_INPLACE);
    assert_int_equal(m.phys, (u32)scratch << 4);
    cross = (u16)(0x1000 - (((u32)scratch << 4) & 0xFFF) - 256);
    assert_int_equal(t_map(tag, MEM_FP(scratch, cross), 512, &m2),
                     MEM_OK);       /* crosses the 4 KB boundary */
    assert_int_equal(m2.how, MEM_DMA_MAP_BOUNCE);
    assert_int_equal(t_map(tag, MEM_FP(scratch, cross + 0x1000), 512, &m3),
                     MEM_E_NOBOUNCE);
    assert_int_equal(t_alloc(tag, &b), MEM_E_NOMEM);
    assert_int_equal(mod_dma_tag_destroy(tag), MEM_E_STATE);
    assert_int_equal(t_unmap(&m2), MEM_OK);
    assert_int_equal(t_unmap(&m), MEM_OK);
    assert_int_equal(t_map(tag, MEM_FP(0xC800, 0), 256, &m), MEM_OK);
    assert_int_equal(m.how, MEM_DMA_MAP_BOUNCE);   /* a UMB, no VDS lock */
    assert_int_equal(t_unmap(&m), MEM_OK);
    assert_int_equal(t_map(tag, MEM_FP(scratch, 0), 0, &m), MEM_E_SIZE);
    assert_int_equal(t_map(tag, MEM_FP(scratch, 0), 1025, &m), MEM_E_SIZE);
    assert_int_equal(mod_dma_tag_destroy(tag), MEM_OK);
    shutdown();

    /* V86 + VDS: a caller buffer across two non-contiguous remapped
     * pages -> lock refused (01h) -> the provider's buffer (8107h). */
    tag = boot_split_pages(&k, 1);
    sim_lin_write(0x51F00UL, "round trip", 10);
    assert_true(sim_lin2phys(0x52000UL) != sim_lin2phys(0x51FFFUL) + 1);
    assert_int_equal(t_map(tag, MEM_FP(0x51F0, 0), 1024, &m), MEM_OK);
    assert_int_equal(m.how, MEM_DMA_MAP_VDSBUF);
    assert_int_equal(t_sync(&m, MEM_DMA_TO_DEVICE), MEM_OK);
    assert_memory_equal(sim_phys_ptr(m.phys, 10), "round trip", 10);
    memcpy(sim_phys_ptr(m.phys, 10), "from devic", 10);
    assert_int_equal(t_sync(&m, MEM_DMA_FROM_DEVICE), MEM_OK);
    {
        char got[10];
        sim_lin_read(0x51F00UL, got, 10);
        assert_memory_equal(got, "from devic", 10);
    }
    assert_int_equal(t_unmap(&m), MEM_OK);
    assert_int_equal(sim_vds_buffers_used(), 0);
    /* in place under VDS: held by a lock until unmap */
    assert_int_equal(t_map(tag, MEM_FP(scratch, 0), 100, &m), MEM_OK);
    assert_int_equal(m.how, MEM_DMA_MAP_LOCKED);
    assert_int_equal(m.phys, sim_lin2phys((u32)scratch << 4));
    assert_int_equal(sim_vds_locks_held(), 2);
    assert_int_equal(t_unmap(&m), MEM_OK);
    assert_int_equal(sim_vds_locks_held(), 1);
    assert_int_equal(mod_dma_tag_destroy(tag), MEM_OK);
    shutdown();
}

/* The tag's record lives in its arena, memory a wild write may reach:
 * every byte of the words mem_dma_map trusts (DH_COUNT .. DH_CHECK), one
 * bit flipped, makes it refuse with MEM_E_BADPTR (without the check most
 * such records would map in place by what is left); restored, it maps
 * again.  The record's figures outside the checked words move as they
 * must. */
static void test_record_check(void **state)
{
    struct mem_dma_constraints k;
    struct mem_dma_map m;
    struct dma_tag tg;
    u16 seg, off;
    u8 v, bit;
    int tag;
    (void)state;

    boot(NULL);
    set_k(&k, MEM_DMA_F_BUSMASTER, 16, 0x10000UL, 1024, 0xFFFFFFUL, 2);
    tag = create(&k);
    assert_true(tag >= 1);
    seg = dma_tag_read(tag, &tg);
    assert_int_equal(seg, dma_seg[tag]);
    assert_int_equal(tg.tag, tag);
    assert_int_equal(tg.check, dma_check_word(&tg));
    assert_int_equal(t_map(tag, MEM_FP(scratch, 0), 512, &m), MEM_OK);
    assert_int_equal(m.how, MEM_DMA_MAP_INPLACE);
    assert_int_equal(port_peekw(seg, DH_MAPS), 1);
    assert_int_equal(t_unmap(&m), MEM_OK);
    assert_int_equal(port_peekw(seg, DH_MAPS), 0);
    for (off = DH_COUNT; off < DH_CHECK + 2; off++)
        for (bit = 1; bit != 0; bit = (u8)(bit << 1)) {
            v = port_peekb(seg, off);
            port_pokeb(seg, off, (u8)(v ^ bit));
            if (t_map(tag, MEM_FP(scratch, 0), 512, &m) != MEM_E_BADPTR)
                fail_msg("record byte %u bit %02X flipped: mapped", off, bit);
            port_pokeb(seg, off, v);
        }
    assert_int_equal(port_peekw(seg, DH_MAPS), 0);    /* no refusal counted */
    assert_int_equal(t_map(tag, MEM_FP(scratch, 0), 512, &m), MEM_OK);
    assert_int_equal(t_unmap(&m), MEM_OK);
    assert_int_equal(mod_dma_tag_destroy(tag), MEM_OK);
    shutdown();
}

/* Mappings never unmapped: unload (dma_release_all) gives their VDS locks
 * and the provider's buffers back; a mapping that finds the module's
 * table of held regions full is bounced instead of locked. */
static void test_unload_releases_maps(void **state)
{
    struct mem_dma_constraints k;
    struct mem_dma_map m, first;
    int tag, i, locked = 0, bounced = 0, base, bufs;
    (void)state;

    tag = boot_split_pages(&k, 2);
    base = sim_vds_locks_held();    /* the tag's own buffers */
    bufs = sim_vds_buffers_used();
    assert_int_equal(t_map(tag, MEM_FP(0x51F0, 0), 1024, &m), MEM_OK);
    assert_int_equal(m.how, MEM_DMA_MAP_VDSBUF);
    assert_int_equal(sim_vds_buffers_used(), bufs + 1);
    for (i = 0; i < 17; i++) {
        assert_int_equal(t_map(tag, MEM_FP(scratch, (u16)(i * 16)), 16, &m), MEM_OK);
        if (m.how == MEM_DMA_MAP_LOCKED) {
            if (locked++ == 0)
                first = m;
        } else if (m.how == MEM_DMA_MAP_BOUNCE)
            bounced++;
    }
    assert_int_equal(locked, 15);   /* 16 held regions, one is the VDS buffer */
    assert_int_equal(bounced, 2);   /* then the tag's two buffers */
    assert_int_equal(sim_vds_locks_held(), base + 15);
    /* unmap gives its record back: the next mapping is locked again */
    assert_int_equal(t_unmap(&first), MEM_OK);
    assert_int_equal(sim_vds_locks_held(), base + 14);
    assert_int_equal(t_map(tag, MEM_FP(scratch, 0x400), 16, &m), MEM_OK);
    assert_int_equal(m.how, MEM_DMA_MAP_LOCKED);
    assert_int_equal(sim_vds_locks_held(), base + 15);
    assert_int_equal(mod_dma_tag_destroy(tag), MEM_E_STATE);   /* maps live */
    shutdown();                     /* asserts no lock and no buffer held */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unload_releases_maps),
        cmocka_unit_test(test_layout),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_presets_real),
        cmocka_unit_test(test_place_boundary),
        cmocka_unit_test(test_map_paths),
        cmocka_unit_test(test_record_check),
        cmocka_unit_test(test_v86_novds),
        cmocka_unit_test(test_vds_refusal),
        cmocka_unit_test(test_random_v86_vds),
        cmocka_unit_test(test_random_real),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    sim_free();
    return rc;
}
