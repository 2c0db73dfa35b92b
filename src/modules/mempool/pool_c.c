/*
 * pool_c.c - C twins of pool_fast.asm's take/give, checks and packet paths:
 * the same contracts, step for step, with the same interrupts-off windows
 * (port_irq_save/restore) and the same single-step state changes.  Host
 * tests run the pools through these (the small-object twins are
 * pool_small_c.c, the list operations pool_list_c.c).  With MEM_DEBUG the
 * twins also keep guard words (last word of a block), poison free blocks
 * and check the poison when a block is handed out again.  On DOS
 * pool_fast.asm defines pool_pkt_alloc_c and pool_pkt_free_c (the
 * module's task-time C calls them); their twins here are named *_tw and
 * src/port/host/pool_host.c maps the names onto them, so nothing of this
 * file is referenced on DOS and ld86 leaves it out of MEMPOOL.MOD.
 */
#include "port.h"
#include "pool.h"

#define BS_SUB ((u16)(MEM_DEBUG ? 2 : 0))

/* The block's stride (its record's cap plus the debug guard). */
static u16 stride_of(struct pool *pl)
{
    return (u16)(pl->cap + BS_SUB);
}

/* A block's stride: its record's, or a heap block's own (its header's cap
 * plus the guard). */
static u16 blk_stride(struct pool *pl, u16 seg, u16 off)
{
    if (pl->index == POOL_HEAP_REC)
        return (u16)(port_peekw(seg, (u16)(off + MEM_PKT_OFF_CAP)) + BS_SUB);
    return stride_of(pl);
}

static void poison(struct pool *pl, u16 seg, u16 off, u16 keep)
{
    u16 i, n = blk_stride(pl, seg, off);
    for (i = keep; i < n; i++)
        port_pokeb(seg, (u16)(off + i), POOL_POISON);
}

static int guard_ok(struct pool *pl, u16 seg, u16 off)
{
    if (!MEM_DEBUG)
        return 1;
    if (port_peekw(seg, (u16)(off + blk_stride(pl, seg, off) - 2)) == POOL_GUARD)
        return 1;
    pl->bad++;
    return 0;
}

/* The twin of TAKE / TAKE_RES: pop the main list, else the reserve; count
 * it in used, or in fails when both are empty. */
mem_fp_t pool_take_c(struct pool *pl)
{
    u16 f, off, seg, i;

    f = port_irq_save();
    off = pl->head_off;
    seg = pl->head_seg;
    if (off != 0) {
        pl->head_off = port_peekw(seg, (u16)(off + FB_NEXT_OFF));
        pl->head_seg = port_peekw(seg, (u16)(off + FB_NEXT_SEG));
        port_irq_restore(f);
    } else {
        port_irq_restore(f);
        f = port_irq_save();
        off = pl->res_off;
        seg = pl->res_seg;
        if (off == 0) {
            port_irq_restore(f);
            pl->fails++;
            return MEM_FP_NULL;
        }
        pl->res_off = port_peekw(seg, (u16)(off + FB_NEXT_OFF));
        pl->res_seg = port_peekw(seg, (u16)(off + FB_NEXT_SEG));
        port_irq_restore(f);
        pl->nres--;
    }
    pl->room--;                 /* DEC m: counted after the pop; the
                                 * high-water mark is raised at the free */
    if (MEM_DEBUG) {
        u16 keep = pl->index >= POOL_PKT_FIRST ? PKT_KEEP : FB_KEEP;
        for (i = keep; i < stride_of(pl); i++)
            if (port_peekb(seg, (u16)(off + i)) != POOL_POISON) {
                pool_corrupt++;     /* written after it was freed */
                break;
            }
        port_pokew(seg, (u16)(off + stride_of(pl) - 2), POOL_GUARD);
    }
    return MEM_FP(seg, off);
}

/* The twin of GIVE and GIVE_RAISE: used down (room up), the high-water
 * mark when this free ends a climb past it, then the push in one window
 * (used never counts a block that is on a list: see GIVE). */
static void give(struct pool *pl, u16 seg, u16 off)
{
    u16 f, r;

    pl->room++;                 /* INC m: one instruction */
    if (pl->room == 0 || pl->room >= 0x8000u) {     /* JLE */
        f = port_irq_save();
        r = (u16)(pl->room - 1);    /* this block counted again */
        if (r >= 0x8000u) {
            pl->high = (u16)(pl->high - r);
            pl->room = 1;
        }
        port_irq_restore(f);
    }
    f = port_irq_save();
    port_pokew(seg, (u16)(off + FB_NEXT_OFF), pl->head_off);
    port_pokew(seg, (u16)(off + FB_NEXT_SEG), pl->head_seg);
    pl->head_off = off;
    pl->head_seg = seg;
    port_irq_restore(f);
}

/* Is seg a pool arena?  Its record, or 0.  (asm: arena_of) */
static struct pool *arena_pool(u16 seg)
{
    u16 hot;

    if (port_peekw(seg, AH_CHECK) != (u16)(seg ^ ARENA_CHECK) ||
        (port_peekw(seg, AH_SIG) != ARENA_SIG_SMALL &&
         port_peekw(seg, AH_SIG) != ARENA_SIG_PKT))
        return 0;
    hot = port_peekw(seg, AH_HOT);
    if (hot >= POOL_N * PL_SIZE && hot != POOL_OFF(POOL_HEAP_REC))
        return 0;
    return POOL_AT(hot);
}

/* An allocated small block?  MEM_OK and its pool, or MEM_E_BADPTR.
 * (asm: small_start) */
int pool_small_check_c(mem_fp_t p, struct pool **plp)
{
    u16 seg = MEM_FP_SEG(p), off = MEM_FP_OFF(p);
    struct pool *pl = arena_pool(seg);

    if (pl == 0 || pl->index >= POOL_PKT_FIRST || (off & 15) != 0 ||
        (off >> 4) >= port_peekw(seg, AH_END) ||
        port_peekb(seg, (u16)(AH_MAP + (off >> 4))) != PM_BLOCK_USED)
        return MEM_E_BADPTR;
    *plp = pl;
    return MEM_OK;
}

/* The start of a packet buffer (its check word)?  (asm: pkt_start) */
static int pkt_start(u16 seg, u16 off)
{
    return off <= 0xFFF0u &&
           port_peekw(seg, (u16)(off + MEM_PKT_OFF_CHECK)) == (u16)(seg ^ off ^ PKT_CHECK);
}

/* The checks mem_pkt_free and mem_pkt_ref open with (PKT_CHECK_IN and
 * PKT_CHECK_OUT): MEM_OK and the buffer's pool, or the error, counted. */
int pool_pkt_check_c(mem_fp_t p, struct pool **plp)
{
    u16 seg = MEM_FP_SEG(p), off = MEM_FP_OFF(p);
    struct pool *pl;
    u16 magic;

    if (!pkt_start(seg, off)) {
        if (pool_small_check_c(p, &pl) == MEM_OK) {
            pl->bad++;
            return MEM_E_WRONGPOOL;
        }
        pool_bad_none++;
        return MEM_E_BADPTR;
    }
    magic = port_peekw(seg, (u16)(off + MEM_PKT_OFF_MAGIC));
    if (magic == MEM_PKT_MAGIC) {
        *plp = POOL_AT(port_peekw(seg, AH_HOT));
        return MEM_OK;
    }
    pl = arena_pool(seg);
    if (pl == 0) {
        pool_bad_none++;
        return MEM_E_BADPTR;
    }
    pl->bad++;
    return magic == 0 ? MEM_E_DOUBLEFREE : MEM_E_CORRUPT;
}

mem_fp_t pool_pkt_alloc_tw(u16 len)
{
    struct pool *pl;
    mem_fp_t p;
    u16 seg, off;

    if (len == 0 || len > MEM_PKT_MAX) {
        pool_bad_none++;
        return MEM_FP_NULL;
    }
    pl = POOL_AT(pool_pkt_tab[(len - 1) >> 4]);
    for (;;) {
        p = pool_take_c(pl);
        if (p != MEM_FP_NULL)
            break;
        if (pl->next == 0)
            return MEM_FP_NULL;
        pl = POOL_AT(pl->next);
    }
    seg = MEM_FP_SEG(p);
    off = MEM_FP_OFF(p);
    port_pokew(seg, off, 0);
    port_pokew(seg, (u16)(off + 2), 0);
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_LEN), len);
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_DATA), MEM_PKT_DATA);
    port_pokeb(seg, (u16)(off + MEM_PKT_OFF_REF), 1);
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_MAGIC), MEM_PKT_MAGIC);
    return p;
}

int pool_pkt_free_tw(mem_fp_t p)
{
    u16 f, seg = MEM_FP_SEG(p), off = MEM_FP_OFF(p);
    struct pool *pl;
    u8 r;
    int rc = pool_pkt_check_c(p, &pl);

    if (rc != MEM_OK)
        return rc;
    f = port_irq_save();
    r = port_peekb(seg, (u16)(off + MEM_PKT_OFF_REF));
    if (r == 0) {
        port_irq_restore(f);
        pl->bad++;
        return MEM_E_DOUBLEFREE;
    }
    r--;
    port_pokeb(seg, (u16)(off + MEM_PKT_OFF_REF), r);
    port_irq_restore(f);
    if (r != 0)
        return r;
    if (!guard_ok(pl, seg, off)) {
        port_pokeb(seg, (u16)(off + MEM_PKT_OFF_REF), 1);   /* still in use */
        return MEM_E_CORRUPT;
    }
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_MAGIC), 0);
    if (MEM_DEBUG)
        poison(pl, seg, off, PKT_KEEP);
    give(pl, seg, off);
    return MEM_OK;
}

int pool_pkt_ref_c(mem_fp_t p)
{
    u16 f, seg = MEM_FP_SEG(p), off = MEM_FP_OFF(p);
    struct pool *pl;
    u8 r;
    int rc = pool_pkt_check_c(p, &pl);

    if (rc != MEM_OK)
        return rc;
    f = port_irq_save();
    r = (u8)(port_peekb(seg, (u16)(off + MEM_PKT_OFF_REF)) + 1);
    if (r == 0) {
        port_irq_restore(f);
        return MEM_E_LIMIT;
    }
    if (r == 1) {
        port_irq_restore(f);
        pl->bad++;
        return MEM_E_DOUBLEFREE;
    }
    port_pokeb(seg, (u16)(off + MEM_PKT_OFF_REF), r);
    port_irq_restore(f);
    return r;
}

/* The twin of small_free_body. */
int pool_small_free_c(mem_fp_t p)
{
    u16 seg = MEM_FP_SEG(p), off = MEM_FP_OFF(p), moff;
    struct pool *pl = arena_pool(seg);
    u8 st;

    if (pl == 0) {
        pool_bad_none++;
        return MEM_E_BADPTR;
    }
    if (port_peekw(seg, AH_SIG) != ARENA_SIG_SMALL) {   /* a packet arena */
        if (!pkt_start(seg, off)) {
            pool_bad_none++;
            return MEM_E_BADPTR;
        }
        pl->bad++;
        return MEM_E_WRONGPOOL;
    }
    if ((off & 15) != 0 || (off >> 4) >= port_peekw(seg, AH_END)) {
        /* asm: one compare of the offset rotated by 4 with the end */
        pool_bad_none++;
        return MEM_E_BADPTR;
    }
    moff = (u16)(AH_MAP + (off >> 4));
    if (MEM_DEBUG && port_peekb(seg, moff) == PM_BLOCK_USED && !guard_ok(pl, seg, off))
        return MEM_E_CORRUPT;
    st = port_peekb(seg, moff);             /* asm: one XCHG */
    port_pokeb(seg, moff, PM_BLOCK_FREE);
    if (st != PM_BLOCK_USED) {
        if (st == PM_BLOCK_FREE) {
            pl->bad++;
            return MEM_E_DOUBLEFREE;
        }
        port_pokeb(seg, moff, st);          /* no block starts here */
        pool_bad_none++;
        return MEM_E_BADPTR;
    }
    port_pokew(seg, (u16)(off + FB_PARA), (u16)(off >> 4));
    if (MEM_DEBUG)
        poison(pl, seg, off, FB_KEEP);
    give(pl, seg, off);
    return MEM_OK;
}

/* The twin of SMALL2REC + TAKE + SMALL_USED. */
mem_fp_t pool_small_alloc_c(u16 size)
{
    struct pool *pl;
    mem_fp_t p;

    if (size > MEM_SMALL_MAX) {
        pool_bad_none++;
        return MEM_FP_NULL;
    }
    pl = POOL_AT(pool_small_tab[size]);     /* 0: the "no class" record,
                                             * whose take fails into
                                             * pool_bad_none */
    p = pool_take_c(pl);
    if (p != MEM_FP_NULL)
        port_pokeb(MEM_FP_SEG(p),
                   (u16)(AH_MAP + port_peekw(MEM_FP_SEG(p), (u16)(MEM_FP_OFF(p) + FB_PARA))),
                   PM_BLOCK_USED);
    return p;
}
