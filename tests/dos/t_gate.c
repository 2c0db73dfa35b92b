/*
 * t_gate.c - task calls refused inside a NIC ISR's bracket.  Between
 * mem_isr_enter() and mem_isr_leave() every task entry (api.def context task,
 * walked from the generated rows, so an entry added later is covered) and
 * unload must answer MEM_E_BUSY without running: none may reach DOS, XMS or
 * VDS from an interrupt handler.  The calls that once got through
 * (mem_pool_service growing a pool, mem_dma_tag_create taking DOS memory)
 * are tried with arguments that work, and are shown to work once the
 * bracket is left.  Sealed (/SEAL), the set-up entries are gone: they
 * answer MEM_E_STATE inside the bracket as outside, and run no more.
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "mem_api_idx.h"
#include "port.h"

extern mem_u32 mem_api_tab[];           /* client library: the bound table */
mem_u32 mod_call();                     /* client_call.asm: seg, off, nargs, args */

struct api_row { char *name; int kind, words, ctx, ret, grp; };
static struct api_row rows[] = MEM_API_ROWS;

static struct mem_pool_stats st;

static int stats(unsigned pool)
{
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    return mem_pool_stats((mem_u16)pool, MEM_FP(port_ds(), (unsigned)&st));
}

/* What a task call that ran could have changed: DOS memory, every pool's
 * blocks, arenas and counts, the XMS handles the module holds. */
struct snap {
    unsigned dos;
    unsigned xms_handles;
    unsigned pool[MEM_POOL_COUNT + 1][7];
};

static void take(struct snap *s)
{
    struct mem_xms_status xs;
    unsigned i;

    memset(s, 0, sizeof(*s));
    s->dos = dt_dos_largest();
    for (i = 0; i <= MEM_POOL_COUNT; i++) {
        stats(i);
        s->pool[i][0] = st.total;
        s->pool[i][1] = st.used;
        s->pool[i][2] = st.arenas;
        s->pool[i][3] = st.grows;
        s->pool[i][4] = st.shrinks;
        s->pool[i][5] = st.bad;
        s->pool[i][6] = st.reserve;
    }
    memset(&xs, 0, sizeof(xs));
    xs.size = sizeof(xs);
    if (mem_xms_status(MEM_FP(port_ds(), (unsigned)&xs)) == MEM_OK)
        s->xms_handles = xs.handles_used;
}

/* Call entry i through the table the loader bound, with zero words for
 * its arguments (null pointers, handle 0: harmless if it did run). */
static mem_u32 call_entry(unsigned i)
{
    unsigned args[8];
    memset(args, 0, sizeof(args));
    return mod_call(MEM_FP_SEG(mem_api_tab[i]), MEM_FP_OFF(mem_api_tab[i]),
                    rows[i].words, args);
}

/* Every task entry, inside a bracket nested depth deep. */
static void sweep(unsigned depth)
{
    struct snap before, after;
    mem_u32 got;
    unsigned i, n = 0, d;
    int want;

    take(&before);
    for (d = 0; d < depth; d++)
        mem_isr_enter();
    for (i = 0; i < MEM_API_COUNT; i++) {
        if (rows[i].ctx != MEM_CTX_TASK)
            continue;
        /* sealed, a set-up entry is gone: it answers MEM_E_STATE, in the
         * bracket or not, without running */
        want = dt_sealed && rows[i].grp == MEM_GRP_SETUP ? MEM_E_STATE : MEM_E_BUSY;
        got = call_entry(i);
        if (got != (mem_u16)want)
            printf("  depth %u: mem_%s inside the bracket = %04X:%04X, want %s\n",
                   depth, rows[i].name, (unsigned)(got >> 16), (unsigned)got,
                   mem_error_name(want));
        DT_CHECK(got == (mem_u16)want, "task entry refused inside the ISR bracket");
        n++;
    }
    for (d = 0; d < depth; d++)
        mem_isr_leave();
    take(&after);
    DT_CHECK(memcmp(&before, &after, sizeof(before)) == 0,
             "refused entries changed nothing (DOS memory, pools, XMS handles)");
    printf("  depth %u: %u task entries refused\n", depth, n);
    DT_CHECK(n > 20, "the rows hold the task entries");
}

/* mem_pool_service with a pool below its low-water mark: refused inside,
 * grows the pool once outside. */
static void service(void)
{
    mem_fp_t held[64];
    unsigned n = 0, grows, total;
    int rc;

    stats(MEM_POOL_PKT);                /* grows below isr_reserve + 2 free */
    while (n < 64 && st.total - st.used >= MEM_DEF_ISR_RESERVE + 2) {
        held[n] = mem_pkt_alloc((mem_u16)1000);
        if (held[n] == MEM_FP_NULL)
            break;
        n++;
        stats(MEM_POOL_PKT);
    }
    grows = st.grows;
    total = st.total;
    mem_isr_enter();
    rc = mem_pool_service();
    DT_EQ(rc, MEM_E_BUSY, "mem_pool_service inside the bracket: MEM_E_BUSY");
    DT_EQ(mem_pool_check(), dt_sealed ? MEM_E_STATE : MEM_E_BUSY,
          "mem_pool_check inside the bracket: MEM_E_BUSY (sealed: gone, MEM_E_STATE)");
    mem_isr_leave();
    stats(MEM_POOL_PKT);
    DT_EQ(st.grows, grows, "refused service grew nothing");
    DT_EQ(st.total, total, "refused service added no block");
    rc = mem_pool_service();
    DT_CHECK(rc > 0, "mem_pool_service after the bracket grows the pool");
    stats(MEM_POOL_PKT);
    DT_EQ(st.grows, grows + 1, "one arena added after the bracket");
    while (n > 0)
        DT_EQ(mem_pkt_free(held[--n]), 0, "free held packet");
    while (mem_pool_service() > 0)      /* give the arena back */
        ;
    stats(MEM_POOL_PKT);
    DT_EQ(st.total, total, "back to its size");
    DT_POOLS_OK("pools consistent");
}

/* mem_dma_tag_create with a good preset: refused inside (no DOS memory
 * taken), a tag outside. */
static void tag_create(void)
{
    struct mem_dma_constraints k;
    unsigned before;
    int tag;

    DT_EQ(mem_dma_preset(MEM_DMA_8237_8, MEM_FP(port_ds(), (unsigned)&k)), MEM_OK, "preset");
    k.count = 2;
    before = dt_dos_largest();
    mem_isr_enter();
    tag = mem_dma_tag_create(MEM_FP(port_ds(), (unsigned)&k));
    mem_isr_leave();
    DT_EQ(tag, MEM_E_BUSY, "mem_dma_tag_create inside the bracket: MEM_E_BUSY");
    DT_EQ(dt_dos_largest(), before, "refused tag took no DOS memory");
    tag = mem_dma_tag_create(MEM_FP(port_ds(), (unsigned)&k));
    DT_CHECK(tag > 0, "mem_dma_tag_create after the bracket gives a tag");
    if (tag > 0)
        DT_EQ(mem_dma_tag_destroy(tag), MEM_OK, "destroy the tag");
}

/* The ISR-safe entries work inside the bracket. */
static void isr_safe(void)
{
    mem_fp_t p, q;

    mem_isr_enter();
    p = mem_small_alloc((mem_u16)32);
    q = mem_pkt_alloc((mem_u16)60);
    DT_CHECK(p != MEM_FP_NULL, "mem_small_alloc inside the bracket");
    DT_CHECK(q != MEM_FP_NULL, "mem_pkt_alloc inside the bracket");
    DT_EQ(mem_small_free(p), MEM_OK, "mem_small_free inside the bracket");
    DT_EQ(mem_pkt_free(q), 0, "mem_pkt_free inside the bracket");
    DT_EQ(mem_version(), MEM_API_VERSION, "mem_version inside the bracket");
    mem_isr_leave();
}

/* Nesting: refused until the last mem_isr_leave. */
static void nesting(void)
{
    struct mem_info info;

    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    mem_isr_enter();
    mem_isr_enter();
    DT_EQ(mem_info(MEM_FP(port_ds(), (unsigned)&info)), MEM_E_BUSY, "refused two levels deep");
    mem_isr_leave();
    DT_EQ(mem_info(MEM_FP(port_ds(), (unsigned)&info)), MEM_E_BUSY, "still refused one level up");
    mem_isr_leave();
    DT_EQ(mem_info(MEM_FP(port_ds(), (unsigned)&info)), MEM_OK, "admitted after the last leave");
    mem_isr_leave();                    /* never below zero */
    DT_EQ(mem_info(MEM_FP(port_ds(), (unsigned)&info)), MEM_OK, "an extra leave changes nothing");
}

int main(void)
{
    struct mem_module m;
    unsigned before;
    int rc;

    dt_init("t_gate: task calls inside an ISR bracket");
    before = dt_dos_largest();
    rc = mem_load("MEMPOOL.MOD", 0, &m);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD");
    if (rc != MEM_OK)
        return dt_done();
    tag_create();                   /* a set-up entry: before the seal */
    dt_seal_point();
    sweep(1);
    sweep(3);
    service();
    isr_safe();
    nesting();

    /* Unload frees DOS, XMS and UMB memory: refused inside the bracket. */
    mem_isr_enter();
    DT_EQ(mem_unload(&m), MEM_E_BUSY, "mem_unload inside the bracket: MEM_E_BUSY");
    mem_isr_leave();
    DT_CHECK(m.seg != 0, "module still loaded after the refused unload");
    DT_EQ(mem_version(), MEM_API_VERSION, "and still answers");
    DT_POOLS_OK("its pools intact");
    DT_EQ(mem_unload(&m), MEM_OK, "unload after the bracket");
    DT_EQ(dt_dos_largest(), before, "every DOS block given back");
    return dt_done();
}
