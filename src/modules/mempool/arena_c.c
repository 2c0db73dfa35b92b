/*
 * arena_c.c - the module's DOS memory blocks (UMB first, then conventional)
 * and the table that lets unload give every one of them back.  See arena.h.
 * Context: init/task only (DOS and XMS calls).
 */
#include "port.h"
#include "mod_core.h"
#include "arena.h"

struct arena_ent arena_tab[ARENA_MAX];
int (*arena_xms_umb_get)(u16 paras, u16 *seg, u16 *got) = 0;
int (*arena_xms_umb_put)(u16 seg) = 0;
u8 arena_umb_seen = 0;

static void dos_regs(struct port_regs *r, u16 ax, u16 bx)
{
    r->ax = ax;
    r->bx = bx;
    r->cx = r->dx = r->si = r->di = r->ds = r->es = 0;
    r->flags = 0;
    port_int(0x21, r);
}

static struct arena_ent *free_slot(void)
{
    u16 i;
    for (i = 0; i < ARENA_MAX; i++)
        if (arena_tab[i].seg == 0)
            return &arena_tab[i];
    return 0;
}

/* DOS 5+: allocate with the UMB chain linked and strategy st (BH = 0),
 * then put link state and strategy back as they were.  5800h may leave
 * CF as it was (DOSBox 0.74), so its CF is not looked at. */
static u16 dos_alloc_strategy(u16 paras, u16 st, int link)
{
    struct port_regs r;
    u16 old_st, old_link = 0, seg = 0;

    dos_regs(&r, 0x5800, 0);
    old_st = r.ax;
    if (link) {
        dos_regs(&r, 0x5802, 0);
        if (r.flags & PORT_CF)
            return 0;
        old_link = r.ax & 0xFF;
        dos_regs(&r, 0x5803, 1);
        if (r.flags & PORT_CF)
            return 0;               /* no DOS=UMB: nothing changed */
    }
    dos_regs(&r, 0x5801, st);
    if (!(r.flags & PORT_CF)) {
        dos_regs(&r, 0x4800, paras);
        if (!(r.flags & PORT_CF))
            seg = r.ax;
    }
    dos_regs(&r, 0x5801, (u16)(old_st & 0xFF));
    if (link)
        dos_regs(&r, 0x5803, old_link);
    return seg;
}

static void dos_free(u16 seg)
{
    struct port_regs r;
    r.ax = 0x4900;
    r.bx = r.cx = r.dx = r.si = r.di = r.ds = 0;
    r.es = seg;
    r.flags = 0;
    port_int(0x21, &r);
}

int arena_get(u16 paras, u16 flags, u16 *seg, u8 *in_umb)
{
    struct arena_ent *e;
    struct port_regs r;
    u16 s = 0, got = paras;
    u8 src = ARENA_SRC_CONV;
    int dos5 = mod.dos_version >= 0x0500;

    if (paras == 0 || seg == 0)
        return MEM_E_INVAL;
    e = free_slot();
    if (e == 0)
        return MEM_E_HANDLES;
    if ((flags & ARENA_UMB_OK) && !(flags & ARENA_CONV_ONLY) &&
        !(mod.cfg_flags & MEM_CFG_NO_UMB)) {
        if (arena_xms_umb_get != 0 && arena_xms_umb_get(paras, &s, &got) == MEM_OK) {
            src = ARENA_SRC_XMSUMB;
        } else {
            s = 0;
            got = paras;
            if (dos5) {
                s = dos_alloc_strategy(paras, 0x40, 1);
                if (s != 0 && s < ARENA_UMB_SEG) {
                    dos_free(s);    /* a high-only strategy gave low memory */
                    s = 0;
                }
                if (s != 0)
                    src = ARENA_SRC_DOSUMB;
            }
        }
    }
    if (s == 0) {
        if (dos5) {
            s = dos_alloc_strategy(paras, 0x00, 0);
        } else {
            dos_regs(&r, 0x4800, paras);
            if (!(r.flags & PORT_CF))
                s = r.ax;
        }
        if (s == 0)
            return MEM_E_NOMEM;
        src = ARENA_SRC_CONV;
        got = paras;
    }
    e->seg = s;
    e->paras = got;
    e->src = src;
    e->in_umb = (u8)(s >= ARENA_UMB_SEG);
    if (e->in_umb)
        arena_umb_seen = 1;
    *seg = s;
    if (in_umb != 0)
        *in_umb = e->in_umb;
    return MEM_OK;
}

int arena_put(u16 seg)
{
    struct port_regs r;
    u16 i;
    u8 src;

    if (seg == 0)
        return MEM_E_BADPTR;
    for (i = 0; i < ARENA_MAX; i++)
        if (arena_tab[i].seg == seg)
            break;
    if (i == ARENA_MAX)
        return MEM_E_BADPTR;
    src = arena_tab[i].src;
    arena_tab[i].seg = 0;
    arena_tab[i].paras = 0;
    if (src == ARENA_SRC_XMSUMB) {
        if (arena_xms_umb_put == 0 || arena_xms_umb_put(seg) != MEM_OK)
            return MEM_E_DOS;
        return MEM_OK;
    }
    r.ax = 0x4900;
    r.bx = r.cx = r.dx = r.si = r.di = r.ds = 0;
    r.es = seg;
    r.flags = 0;
    port_int(0x21, &r);
    return (r.flags & PORT_CF) ? MEM_E_DOS : MEM_OK;
}

void arena_release_all(void)
{
    u16 i;
    for (i = 0; i < ARENA_MAX; i++)
        if (arena_tab[i].seg != 0)
            arena_put(arena_tab[i].seg);
}

u16 arena_held_paras(u8 umb)
{
    u16 i, n = 0;
    for (i = 0; i < ARENA_MAX; i++)
        if (arena_tab[i].seg != 0 && arena_tab[i].in_umb == umb)
            n = (u16)(n + arena_tab[i].paras);
    return n;
}

u16 arena_count(void)
{
    u16 i, n = 0;
    for (i = 0; i < ARENA_MAX; i++)
        if (arena_tab[i].seg != 0)
            n++;
    return n;
}
