/*
 * dma_init.c - cold init of the DMA allocator: find a VDS provider and
 * decide how device addresses are made.  Discarded after init.
 */
#include "port.h"
#include "mod_core.h"
#include "dma_priv.h"

/* VDS is present when the BDA says so (0040:007B bit 5) or INT 4Bh has a
 * vector, and 8102h (Get Version, DX = 0) then returns CF clear.  Both
 * signs are read because the bit "is apparently not always set" (RBIL);
 * the vector is checked first because INT 4Bh through 0000:0000 would
 * jump into the interrupt table.  DOSBox's stub answers CF=1: no VDS. */
static int vds_detect(void)
{
    struct port_regs r;
    u8 bda = port_peekb(0x0040, 0x007B);
    u16 voff = port_peekw(0, 0x4B * 4), vseg = port_peekw(0, 0x4B * 4 + 2);

    dma.bda_vds = (u8)((bda & 0x20) != 0);
    if (voff == 0 && vseg == 0)
        return 0;
    r.ax = 0x8102;
    r.bx = r.cx = r.si = r.di = r.ds = r.es = 0;
    r.dx = 0;
    r.flags = 0;
    port_int(0x4B, &r);
    if (r.flags & PORT_CF)
        return 0;
    dma.vds_version = r.ax;
    dma.vds_product = r.bx;
    dma.vds_flags = r.dx;
    return 1;
}

/* Runs after ops_init (which sets mod.v86).  Always MEM_OK: without VDS
 * under V86 the bus-master tags are refused later, with MEM_E_V86NOVDS. */
int dma_init(void)
{
    u16 i;

    for (i = 0; i <= MEM_DMA_TAGS; i++)
        dma_seg[i] = 0;
    dma.vds = (u8)vds_detect();
    dma.use_vds = (u8)(dma.vds && mod.v86);
    if (dma.vds)
        mod.info_flags |= MEM_INFO_VDS;
    return MEM_OK;
}
