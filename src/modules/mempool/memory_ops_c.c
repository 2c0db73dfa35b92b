/*
 * memory_ops_c.c - the C twins of memory_ops.asm (contracts in
 * memory_ops.h).  Byte at a time through port_peekb / port_pokeb: the
 * reference the host tests use and the DOS tests compare the asm against,
 * not a fast path.  Resident only if something in the module calls them.
 */
#include "memory_ops.h"

/* One byte on: past offset FFFFh the walk continues in the next 64 KB. */
#define OPS_NEXT(seg, off) \
    do { (off) = (u16)((off) + 1u); if ((off) == 0) (seg) = (u16)((seg) + 0x1000u); } while (0)
/* One byte back: below offset 0 the walk continues in the 64 KB before. */
#define OPS_PREV(seg, off) \
    do { if ((off) == 0) (seg) = (u16)((seg) - 0x1000u); (off) = (u16)((off) - 1u); } while (0)

static u32 ops_linear(u16 seg, u16 off)
{
    return ((u32)seg << 4) + off;
}

void ops_copy_c(u16 dseg, u16 doff, u16 sseg, u16 soff, u16 len)
{
    for (; len != 0; len--) {
        port_pokeb(dseg, doff, port_peekb(sseg, soff));
        OPS_NEXT(sseg, soff);
        OPS_NEXT(dseg, doff);
    }
}

void ops_copy32_c(u16 dseg, u16 doff, u16 sseg, u16 soff, u32 len)
{
    for (; len != 0; len--) {
        port_pokeb(dseg, doff, port_peekb(sseg, soff));
        OPS_NEXT(sseg, soff);
        OPS_NEXT(dseg, doff);
    }
}

void ops_move_c(u16 dseg, u16 doff, u16 sseg, u16 soff, u16 len)
{
    u32 d = ops_linear(dseg, doff), s = ops_linear(sseg, soff);
    u16 last;

    if (len == 0)
        return;
    if (d <= s || d - s >= len) {   /* destination below or apart: forward */
        ops_copy_c(dseg, doff, sseg, soff, len);
        return;
    }
    /* Destination inside the source: from the last byte down. */
    last = (u16)(len - 1u);
    if ((u16)(soff + last) < soff)
        sseg = (u16)(sseg + 0x1000u);
    soff = (u16)(soff + last);
    if ((u16)(doff + last) < doff)
        dseg = (u16)(dseg + 0x1000u);
    doff = (u16)(doff + last);
    for (; len != 0; len--) {
        port_pokeb(dseg, doff, port_peekb(sseg, soff));
        OPS_PREV(sseg, soff);
        OPS_PREV(dseg, doff);
    }
}

void ops_fill_c(u16 seg, u16 off, u8 v, u16 len)
{
    for (; len != 0; len--) {
        port_pokeb(seg, off, v);
        OPS_NEXT(seg, off);
    }
}

int ops_compare_c(u16 aseg, u16 aoff, u16 bseg, u16 boff, u16 len)
{
    u8 a, b;

    for (; len != 0; len--) {
        a = port_peekb(aseg, aoff);
        b = port_peekb(bseg, boff);
        if (a != b)
            return (int)a - (int)b;
        OPS_NEXT(aseg, aoff);
        OPS_NEXT(bseg, boff);
    }
    return 0;
}
