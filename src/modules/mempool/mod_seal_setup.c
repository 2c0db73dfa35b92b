/*
 * mod_seal_setup.c - mem_seal: the module gives up its set-up part and the
 * run-time groups a driver says it will not use, and moves the groups it
 * keeps down behind the core, so that the resident part is exactly what a
 * driver needs once it has gone resident.  Set-up code (dropped by the
 * seal itself).
 *
 * The image (docs/architecture/resident-split.md):
 *   core      header, API table, data, the ISR-safe entries, the gate,
 *             unload: never moves; its last part, the packet heap's
 *             entries (pheap.asm, from pheap_beg), is dropped when no
 *             heap is configured (the API table never names it then)
 *   group 1   MAP    mem_dma_map / sync / unmap
 *   group 2   SVC    mem_pool_service
 *   group 3   STATS  mem_pool_stats, mem_dma_stats, mem_info
 *   group 4   XMS    the handle table, mem_xms_move, mem_xms_park,
 *                    mem_xms_unpark
 *   set-up    everything else (tag create, checks, XMS set-up, this file)
 * A group refers only to the core and to itself; the core refers to a
 * group only through the API table and the unload hooks.  The build finds
 * every word whose value depends on where a group lies (tools/modreloc.c)
 * and puts the list at the end of the set-up part (reloc_tab); the seal
 * corrects those words by how far each group moves, then moves it.
 *
 * Interrupts: the ISR-safe entries and every byte they touch are in the
 * core, which does not move; the groups are task code, entered only
 * through the C gate, which this call holds.  So an interrupt handler may
 * run at any point of the seal.  The caller (the client library's
 * mem_seal) shrinks the DOS block afterwards and reads the API table again.
 */
#include "port.h"
#include "mod_core.h"
#include "dma_priv.h"
#include "xms_service.h"
#include "mem_api_idx.h"
#include "module_abi.h"
#include "pool.h"
#include "pheap.h"

#define SEAL_GROUPS 4

/* Marker labels (link order) and tables of the core and set-up part. */
extern char grp_beg_1[], grp_beg_2[], grp_beg_3[], grp_beg_4[];
extern char mod_setup_start[];
extern char pheap_beg[];            /* the core's droppable end (pheap.asm) */
extern u16 mod_api_table[];
extern u16 mod_unload_hooks[SEAL_GROUPS + 1];
extern u8  reloc_tab[];
extern char mod_dropped[];          /* mov ax, MEM_E_STATE / xor dx, dx / retf */

/* Live state a dropped group would strand: maps (MAP).  The XMS group's
 * (handles, parked buffers) is xms_seal_drop's, asked last because it
 * gives back the empty park store. */
static int group_busy(u16 g)
{
    u16 i;

    if (g == 1) {
        for (i = 0; i < MEM_DMA_TAGS; i++)
            if (dma_seg[i + 1] != 0 && port_peekw(dma_seg[i + 1], DH_MAPS) != 0)
                return 1;
    }
    return 0;
}

static u16 rd16(const u8 *p)
{
    return (u16)(p[0] | (p[1] << 8));
}

/* Which segment an offset of the image lies in: 0 core, 1..4 a group, 5
 * set-up or init. */
static u16 seg_of(const u16 *beg, u16 off)
{
    u16 g;
    for (g = SEAL_GROUPS + 1; g >= 1; g--)
        if (off >= beg[g])
            return g;
    return 0;
}

#if !defined(MOD_STACK_ALLOW) || !defined(MOD_STK_CORE) || !defined(MOD_STK_XMS)
#error "the Makefile defines the stack figures (STACKDEFS, mod_core.h)"
#endif

/* The deepest own frames of each group's entries (index = group). */
static const u16 stk_need[SEAL_GROUPS + 1] = {
    MOD_STK_CORE, MOD_STK_MAP, MOD_STK_SVC, MOD_STK_STATS, MOD_STK_XMS
};

int mod_seal(u16 drop)
{
    u16 beg[SEAL_GROUPS + 2], nbeg[SEAL_GROUPS + 1], delta[SEAL_GROUPS + 1];
    u16 g, i, n, cur, off, size, s, need;
    u8 keep[SEAL_GROUPS + 1], gone[MEM_API_COUNT], *e;
    u16 *w;
    int rc;

    if (!mod.initialised || mod.sealed)
        return MEM_E_STATE;
    if (drop & ~(u16)MEM_SEAL_DROP_ALL)
        return MEM_E_INVAL;
    beg[1] = (u16)grp_beg_1;
    beg[2] = (u16)grp_beg_2;
    beg[3] = (u16)grp_beg_3;
    beg[4] = (u16)grp_beg_4;
    beg[5] = (u16)mod_setup_start;
    for (g = 1; g <= SEAL_GROUPS; g++) {
        keep[g] = (u8)!(drop & (1u << (g - 1)));
        if (!keep[g] && group_busy(g))
            return MEM_E_STATE;
    }
    /* XMS: after the seal only the group could use or give back a handle
     * (mem_xms_alloc and mem_xms_free are set-up entries) */
    if (!keep[4]) {
        rc = xms_seal_drop();
        if (rc != MEM_OK)
            return rc;
    }
    /* where each kept group goes: packed behind the core, in order (and
     * over the heap's entries when there is no heap) */
    cur = PHEAP_ON() ? beg[1] : (u16)pheap_beg;
    for (g = 1; g <= SEAL_GROUPS; g++) {
        nbeg[g] = cur;
        delta[g] = (u16)(beg[g] - cur);
        if (keep[g])
            cur = (u16)(cur + (beg[g + 1] - beg[g]));
    }
    /* entries of dropped groups and of the set-up part answer MEM_E_STATE
     * (decided on the old offsets: a moved entry's new offset may lie
     * where a dropped group was) */
    for (i = 0; i < MEM_API_COUNT; i++) {
        s = seg_of(beg, mod_api_table[i]);
        gone[i] = (u8)(s == SEAL_GROUPS + 1 || (s >= 1 && !keep[s]));
    }
    /* every word that depends on where a group lies, corrected in place
     * (before anything moves); words in dropped groups go with them */
    n = rd16(reloc_tab);
    for (i = 0, e = reloc_tab + 2; i < n; i++, e += 4) {
        off = rd16(e);
        g = e[2];
        s = seg_of(beg, off);
        if (g < 1 || g > SEAL_GROUPS || !keep[g] || (s >= 1 && s <= SEAL_GROUPS && !keep[s]))
            continue;
        w = (u16 *)off;
        *w = (u16)(e[3] == 1 ? *w - delta[g] : *w + delta[g]);
    }
    for (i = 0; i < MEM_API_COUNT; i++)
        if (gone[i])
            mod_api_table[i] = (u16)mod_dropped;
    for (g = 1; g <= SEAL_GROUPS; g++)
        if (!keep[g])
            mod_unload_hooks[g] = 0;
    /* move the kept groups down (forward: every destination lies below
     * its source) */
    for (g = 1; g <= SEAL_GROUPS; g++) {
        if (!keep[g] || delta[g] == 0)
            continue;
        size = (u16)(beg[g + 1] - beg[g]);
        for (i = 0; i < size; i++)
            ((u8 *)nbeg[g])[i] = ((u8 *)beg[g])[i];
    }
    /* the private stack behind what is kept, sized for it (mod_core.h):
     * from the next task call on (this one runs on the set-up stack, past
     * the set-up part, which nothing above has touched) */
    need = MOD_STK_CORE;
    for (g = 1; g <= SEAL_GROUPS; g++)
        if (keep[g] && stk_need[g] > need)
            need = stk_need[g];
    need = (u16)((MOD_STACK_ALLOW + need + 15) & ~15u);
    cur = (u16)(((cur + 15) & ~15u) + need);
    port_pokew(port_ds(), MOD_HDR_OFF(stack_bytes), need);
    mod.sealed = 1;
    mod.resident_bytes = cur;
    gate_top = cur;
    return (int)(cur >> 4);
}
