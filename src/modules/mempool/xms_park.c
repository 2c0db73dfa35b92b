/*
 * xms_park.c - backing store for packet buffers in XMS (resident, task).
 *
 * mem_xms_park copies a packet buffer's frame into a slot of one XMS block
 * (the park store, allocated at the first park and freed at unload with
 * every other handle) and frees the conventional buffer; mem_xms_unpark
 * takes a fresh buffer from the pools and copies the frame back.  The
 * owner's header words (link, len, data) are kept in the slot record here,
 * the frame bytes [data, data + len) in XMS.
 *
 * Nothing is ever lost: park frees the buffer only after the frame is in
 * XMS; when XMS is absent, full or failing it says so (MEM_E_NOXMS,
 * MEM_E_NOMEM, MEM_E_XMS_*) and the buffer stays where it was.  Unpark
 * without a free packet buffer says MEM_E_NOMEM and the ticket stays valid.
 *
 * Context: task, never from an ISR (XMS moves).
 */
#include "port.h"
#include "mod_core.h"
#include "pool.h"
#include "xms_service.h"

#define PARK_SLOT_BYTES 1568u   /* a full packet buffer, header included */

struct park_slot {
    u32 link;               /* +0 the owner's link word */
    u16 len;                /* +4 frame bytes, 0 = slot free */
    u16 data;               /* +6 frame offset in the buffer */
    u8  gen;                /* +8 generation (ticket bits 8-14) */
    u8  used;               /* +9 */
};                          /* 10 bytes */

static struct park_slot park_tab[MEM_XMS_PARK_SLOTS];
static u16 park_store = 0;  /* module XMS handle of the store, 0 = none */
static u16 park_count = 0;

static u32 park_off(u16 i)
{
    return (u32)i * PARK_SLOT_BYTES;
}

/* Take the store when the first buffer is parked. */
static int park_open(void)
{
    int h;

    if (park_store != 0)
        return MEM_OK;
    h = xms_alloc_kb(((u32)MEM_XMS_PARK_SLOTS * PARK_SLOT_BYTES + 1023) >> 10);
    if (h < 0)
        return h;
    park_store = (u16)h;
    return MEM_OK;
}

int mod_xms_park(mem_fp_t pkt)
{
    u16 seg = MEM_FP_SEG(pkt), off = MEM_FP_OFF(pkt);
    u16 len, data, cap, i;
    struct park_slot *s;
    int rc;

    if (!mod.initialised)
        return MEM_E_STATE;
    if (seg == 0)
        return MEM_E_BADPTR;
    if (port_peekw(seg, (u16)(off + MEM_PKT_OFF_MAGIC)) != MEM_PKT_MAGIC)
        return MEM_E_BADPTR;
    if (port_peekb(seg, (u16)(off + MEM_PKT_OFF_REF)) != 1)
        return MEM_E_STATE;                 /* shared: others still use it */
    len = port_peekw(seg, (u16)(off + MEM_PKT_OFF_LEN));
    data = port_peekw(seg, (u16)(off + MEM_PKT_OFF_DATA));
    cap = port_peekw(seg, (u16)(off + MEM_PKT_OFF_CAP));
    if (data < MEM_PKT_HDR || data > cap || len > cap - data || len == 0)
        return MEM_E_CORRUPT;
    if (!xms_present())
        return MEM_E_NOXMS;
    for (i = 0; i < MEM_XMS_PARK_SLOTS; i++)
        if (!park_tab[i].used)
            break;
    if (i == MEM_XMS_PARK_SLOTS)
        return MEM_E_NOMEM;                 /* the store is full */
    rc = park_open();
    if (rc != MEM_OK)
        return rc;
    rc = xms_move_raw((u32)len, 0, MEM_FP(seg, off + data), park_store,
                      park_off(i));
    if (rc != MEM_OK)
        return rc;
    s = &park_tab[i];
    s->link = ((u32)port_peekw(seg, (u16)(off + 2)) << 16) | port_peekw(seg, off);
    s->len = len;
    s->data = data;
    rc = pool_pkt_free_c(pkt);
    if (rc != 0)
        return rc < 0 ? rc : MEM_E_STATE;   /* not ours after all: kept */
    s->used = 1;
    s->gen = (u8)((s->gen + 1) & 0x7F);
    park_count++;
    return (int)(((u16)s->gen << 8) | (i + 1));
}

int mod_xms_unpark(u16 ticket, mem_fp_t out)
{
    u16 i = (u16)(ticket & 0xFF), seg, off, need;
    struct park_slot *s;
    mem_fp_t p;
    int rc;

    if (!mod.initialised)
        return MEM_E_STATE;
    if (MEM_FP_SEG(out) == 0)
        return MEM_E_INVAL;
    if (i == 0 || i > MEM_XMS_PARK_SLOTS)
        return MEM_E_BADPTR;
    s = &park_tab[i - 1];
    if (!s->used || s->gen != (u8)(ticket >> 8))
        return MEM_E_BADPTR;
    need = s->len;                          /* data above the default: */
    if (s->data > MEM_PKT_DATA)             /* ask for the room it takes */
        need = (u16)(need + (s->data - MEM_PKT_DATA));
    p = pool_pkt_alloc_c(need);
    if (p == MEM_FP_NULL)
        return MEM_E_NOMEM;                 /* ticket still valid */
    seg = MEM_FP_SEG(p);
    off = MEM_FP_OFF(p);
    if ((u32)s->data + s->len > port_peekw(seg, (u16)(off + MEM_PKT_OFF_CAP))) {
        pool_pkt_free_c(p);                 /* a smaller buffer than it had */
        return MEM_E_NOMEM;
    }
    rc = xms_move_raw((u32)s->len, park_store, park_off((u16)(i - 1)), 0,
                      MEM_FP(seg, off + s->data));
    if (rc != MEM_OK) {
        pool_pkt_free_c(p);
        return rc;
    }
    port_pokew(seg, off, (u16)s->link);
    port_pokew(seg, (u16)(off + 2), (u16)(s->link >> 16));
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_LEN), s->len);
    port_pokew(seg, (u16)(off + MEM_PKT_OFF_DATA), s->data);
    port_pokew(MEM_FP_SEG(out), MEM_FP_OFF(out), off);
    port_pokew(MEM_FP_SEG(out), (u16)(MEM_FP_OFF(out) + 2), seg);
    s->used = 0;
    park_count--;
    return MEM_OK;
}

/* Buffers parked now (mem_xms_status has no room for it; tests read it). */
u16 xms_parked(void)
{
    return park_count;
}

/* Unload: the store's handle goes with the handle table; forget slots. */
void xms_park_reset(void)
{
    u16 i;

    for (i = 0; i < MEM_XMS_PARK_SLOTS; i++)
        park_tab[i].used = 0;
    park_store = 0;
    park_count = 0;
}
