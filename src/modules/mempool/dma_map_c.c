/*
 * dma_map_c.c - C twins of dma_map.asm (mem_dma_map, mem_dma_sync,
 * mem_dma_unmap and the unload hook dma_map_release): the same contracts,
 * the same steps, the same table of held VDS regions.  The host tests and
 * the replay run these (src/port/host/dma_host.c gives them the mod_*
 * names there); MEMPOOL.MOD links the NASM, and nothing in the module
 * calls these names, so ld86 leaves this object out of the image.
 */
#include "port.h"
#include "memory_ops.h"
#include "dma_priv.h"

/* Every VDS region a mapping holds (an 8103h lock or an 8107h buffer),
 * kept here as well as in the caller's struct mem_dma_map, so that unload
 * gives them back even when the caller never unmapped: a lock left behind
 * pins memory in the memory manager after the module is gone.  A mapping
 * that finds the table full is bounced instead (the tag's own buffers are
 * locked with the tag).  Task time only (maps do not nest: the entries
 * hold the gate).  One record is DMA_VH_BYTES on DOS: how rides in the
 * linear address's top byte there (dma_map.asm). */
struct dma_vheld {
    u32 lin;
    u32 phys;
    u16 len;
    u16 bufid;
    u8  how;        /* 0 = free, MEM_DMA_MAP_LOCKED or MEM_DMA_MAP_VDSBUF */
};
static struct dma_vheld dma_vheld[DMA_VHELD];

static struct dma_dds dds_map;
static struct mem_dma_buf bnc_tmp;

/* Give back the provider's buffer bufid (8108h). */
static void dma_vbuf_release(u32 lin, u16 size, u32 phys, u16 bufid)
{
    struct dma_dds *d = &dds_map;
    dds_set(d, lin, size);
    d->bufid = bufid;
    d->phys = phys;
    dma_vds(0x8108, 0, d, 0, 0);
}

/* Record a held VDS region: its record number (1..DMA_VHELD, kept in the
 * mapping's bounce field), or 0 when the table is full. */
static u16 vheld_add(u8 how, u32 lin, u16 len, u32 phys, u16 bufid)
{
    struct dma_vheld *v = dma_vheld;
    u16 i;
    for (i = 1; i <= DMA_VHELD; i++, v++)
        if (v->how == 0) {
            v->how = how;
            v->lin = lin;
            v->len = len;
            v->phys = phys;
            v->bufid = bufid;
            return i;
        }
    return 0;
}

/* Forget record i of a region unmap gave back (when it is the mapping's). */
static void vheld_drop(u16 i, u8 how, u32 lin)
{
    struct dma_vheld *v;
    if (i == 0 || i > DMA_VHELD)
        return;
    v = &dma_vheld[i - 1];
    if (v->how == how && v->lin == lin)
        v->how = 0;
}

/* C twin of mod_dma_map (dma_map.asm). */
int dma_map_c(int tag, mem_fp_t buf, u16 len, mem_fp_t map)
{
    struct dma_tag tg;
    struct dma_tag *t = &tg;
    struct mem_dma_map m;
    struct mem_dma_buf *b = &bnc_tmp;
    struct dma_dds *d = &dds_map;
    u32 lin, phys;
    u16 seg;
    int e;

    if (MEM_FP_SEG(map) == 0 || MEM_FP_SEG(buf) == 0)
        return MEM_E_INVAL;
    seg = dma_tag_read(tag, t);
    if (seg == 0)
        return MEM_E_INVAL;
    if (dma_check_word(t) != t->check)
        return MEM_E_BADPTR;        /* the record in the arena is damaged */
    if (len == 0 || len > t->max_size)
        return MEM_E_SIZE;
    lin = dma_lin(buf);
    m.buf = buf;
    m.len = len;
    m.tag = (u16)tag;
    m.bounce = 0;
    m.vds_id = 0;
    m.magic = DMA_MAP_MAGIC;
    if (!dma.use_vds) {
        /* Real mode: linear is physical.  (V86 without VDS only reaches
         * here for a system-DMA tag: the memory manager remaps the 8237.)
         * A bus master never gets a UMB in place without a VDS lock. */
        if (dma_meets(t, lin, len) &&
            !((t->cflags & MEM_DMA_F_BUSMASTER) && lin >= 0xA0000UL)) {
            m.phys = lin;
            m.how = MEM_DMA_MAP_INPLACE;
            goto done;
        }
    } else {
        e = dma_lock(t, lin, len, &phys);
        if (e == 0) {
            if (dma_meets(t, phys, len) &&
                (m.bounce = vheld_add(MEM_DMA_MAP_LOCKED, lin, len, phys, 0)) != 0) {
                m.phys = phys;
                m.how = MEM_DMA_MAP_LOCKED;
                goto done;
            }
            dma_unlock(lin, len, phys);
        } else if (e == VDS_E_NOTCONTIG || e == VDS_E_CROSSED) {
            /* The provider's own buffer, when it meets the tag. */
            dds_set(d, lin, len);
            if (dma_vds(0x8107, 0, d, 0, 0) == 0) {
                if (dma_meets(t, d->phys, len) &&
                    (m.bounce = vheld_add(MEM_DMA_MAP_VDSBUF, lin, len, d->phys,
                                          d->bufid)) != 0) {
                    m.phys = d->phys;
                    m.vds_id = d->bufid;
                    m.how = MEM_DMA_MAP_VDSBUF;
                    goto done;
                }
                dma_vbuf_release(lin, len, d->phys, d->bufid);
            }
        }
    }
    if (dma_alloc_c(tag, MEM_FP(port_ds(), port_near(b))) != MEM_OK)
        return MEM_E_NOBOUNCE;
    m.phys = b->phys;
    m.bounce = b->handle;
    m.how = MEM_DMA_MAP_BOUNCE;
    port_pokew(seg, DH_BOUNCES, (u16)(port_peekw(seg, DH_BOUNCES) + 1));
done:
    port_pokew(seg, DH_MAPS, (u16)(port_peekw(seg, DH_MAPS) + 1));
    dma_poke(MEM_FP_SEG(map), MEM_FP_OFF(map), &m, sizeof(m));
    return MEM_OK;
}

/* Read and check a mapping; its tag's arena or 0. */
static u16 map_read(mem_fp_t map, struct mem_dma_map *m)
{
    u16 seg;

    if (MEM_FP_SEG(map) == 0)
        return 0;
    dma_peek(MEM_FP_SEG(map), MEM_FP_OFF(map), m, sizeof(*m));
    if (m->magic != DMA_MAP_MAGIC || m->tag < 1 || m->tag > MEM_DMA_TAGS)
        return 0;
    seg = dma_seg[m->tag];
    if (seg == 0 || m->how < MEM_DMA_MAP_INPLACE || m->how > MEM_DMA_MAP_VDSBUF)
        return 0;
    return seg;
}

/* The entry of bounce buffer h of tag t while it is allocated and can
 * hold len bytes, else 0 (a stale or forged mapping). */
static u16 bounce_entry(int tag, u16 h, u16 len)
{
    u16 seg = dma_seg[tag], idx = h & 0xFF;

    if ((h >> 8) != (u16)tag || idx >= port_peekb(seg, DH_COUNT)
        || len > port_peekw(seg, DH_BSIZE))
        return 0;
    return port_peekw(seg, (u16)(DH_ETAB + 2 * idx));
}

/* C twin of mod_dma_sync (dma_map.asm). */
int dma_sync_c(mem_fp_t map, int dir)
{
    struct mem_dma_map m;
    u16 seg = map_read(map, &m);
    struct dma_dds *d = &dds_map;
    u16 e;
    u32 bfp;

    if (seg == 0)
        return MEM_E_BADPTR;
    if (dir != MEM_DMA_TO_DEVICE && dir != MEM_DMA_FROM_DEVICE)
        return MEM_E_INVAL;
    if (m.how == MEM_DMA_MAP_BOUNCE) {
        e = bounce_entry(m.tag, m.bounce, m.len);
        if (e == 0)
            return MEM_E_BADPTR;
        bfp = dma_peek32(seg, (u16)(e + DE_BUF));
        if (dir == MEM_DMA_TO_DEVICE)
            ops_copy_c(MEM_FP_SEG(bfp), MEM_FP_OFF(bfp),
                       MEM_FP_SEG(m.buf), MEM_FP_OFF(m.buf), m.len);
        else
            ops_copy_c(MEM_FP_SEG(m.buf), MEM_FP_OFF(m.buf),
                       MEM_FP_SEG(bfp), MEM_FP_OFF(bfp), m.len);
    } else if (m.how == MEM_DMA_MAP_VDSBUF) {
        dds_set(d, dma_lin(m.buf), m.len);
        d->bufid = m.vds_id;
        d->phys = m.phys;
        /* 8109h copy into / 810Ah out of the buffer, BX:CX = offset 0 */
        if (dma_vds(dir == MEM_DMA_TO_DEVICE ? 0x8109 : 0x810A, 0, d, 0, 0) != 0)
            return MEM_E_VDS;
    }
    return MEM_OK;
}

/* C twin of mod_dma_unmap (dma_map.asm). */
int dma_unmap_c(mem_fp_t map)
{
    struct mem_dma_map m;
    u16 seg = map_read(map, &m);

    if (seg == 0 || (m.how == MEM_DMA_MAP_BOUNCE && (m.bounce >> 8) != m.tag))
        return MEM_E_BADPTR;
    port_pokew(MEM_FP_SEG(map), (u16)(MEM_FP_OFF(map) + 18), 0);   /* magic */
    if (m.how == MEM_DMA_MAP_BOUNCE)
        dma_free_c(m.bounce);
    else if (m.how == MEM_DMA_MAP_LOCKED) {
        dma_unlock(dma_lin(m.buf), m.len, m.phys);
        vheld_drop(m.bounce, MEM_DMA_MAP_LOCKED, dma_lin(m.buf));
    } else if (m.how == MEM_DMA_MAP_VDSBUF) {
        dma_vbuf_release(dma_lin(m.buf), m.len, m.phys, m.vds_id);
        vheld_drop(m.bounce, MEM_DMA_MAP_VDSBUF, dma_lin(m.buf));
    }
    port_pokew(seg, DH_MAPS, (u16)(port_peekw(seg, DH_MAPS) - 1));
    return MEM_OK;
}

/* C twin of dma_map_release (dma_map.asm): unload gives back the VDS
 * regions of mappings never unmapped. */
void dma_map_release_c(void)
{
    u16 i;
    for (i = 0; i < DMA_VHELD; i++) {
        struct dma_vheld *v = &dma_vheld[i];
        if (v->how == MEM_DMA_MAP_LOCKED)
            dma_unlock(v->lin, v->len, v->phys);
        else if (v->how == MEM_DMA_MAP_VDSBUF)
            dma_vbuf_release(v->lin, v->len, v->phys, v->bufid);
        v->how = 0;
    }
}
