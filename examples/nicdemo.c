/*
 * nicdemo.c - a small NIC-style consumer of MEMPOOL, public API only
 * (memory_api.h + the client library).  It plays a 3C515-like bus-master
 * card: a descriptor ring, a receive ring of full-size packet buffers
 * refilled from the "interrupt" with copy-break (a short frame moves into
 * a buffer of its class, docs/api-guide.md), transmit of a packet through
 * mem_dma_map (in place or bounced), and the PIO fallback when bus
 * mastering is refused.  Like a driver that goes resident, it seals the
 * module once its set-up is done (mem_seal), dropping the groups it never
 * calls again, and leaves the tags to mem_unload.
 *
 * Built and run in DOSBox as the test T_NIC (tests/dos/t_nic.c includes
 * this file); prints "N passed, N failed" last.
 *
 * The bcc rule: prototypes are ignored, so every argument whose type
 * differs from the parameter is cast (mem_u16, mem_u32) where it is passed.
 */
#include <stdio.h>
#include <string.h>
#include "memory_api.h"
#include "port.h"

#define RING   8
static int passed, failed;

static void ok(int cond, const char *what)
{
    if (cond)
        passed++;
    else {
        failed++;
        printf("FAIL: %s\n", what);
    }
}

static mem_fp_t near_fp(void *p)
{
    return MEM_FP(port_ds(), (mem_u16)p);
}

/* A .COM owns all memory: give DOS back all but our 64 KB so that
 * mem_load can allocate the module and its arenas.  (In the driver the
 * core does this once.) */
static void shrink(void)
{
    struct port_regs r;
    memset(&r, 0, sizeof(r));
    r.ax = 0x6200;
    port_int(0x21, &r);
    r.es = r.bx;
    r.bx = (mem_u16)(port_ds() - r.es + 0x1000);
    r.ax = 0x4A00;
    port_int(0x21, &r);
}

struct nic {
    int ring_tag, buf_tag, pio;
    struct mem_dma_buf ring;        /* 16 descriptors of 16 bytes */
    mem_fp_t rx[RING];              /* receive ring: packet buffers */
    int copied, handed, dropped;    /* copy-break's choices */
};

/* A packet buffer's header word at off (MEM_PKT_OFF_*). */
static mem_u16 hdr(mem_fp_t p, mem_u16 off)
{
    return port_peekw(MEM_FP_SEG(p), (mem_u16)(MEM_FP_OFF(p) + off));
}

static mem_fp_t frame_of(mem_fp_t p)
{
    return MEM_FP(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_DATA);
}

/* task: set up the card's memory.  Bus mastering refused -> PIO. */
static int nic_open(struct nic *n)
{
    struct mem_dma_constraints k;
    int rc;

    memset(n, 0, sizeof(*n));
    mem_dma_preset(MEM_DMA_3C515_RING, near_fp(&k));
    k.count = 1;
    n->ring_tag = mem_dma_tag_create(near_fp(&k));
    if (n->ring_tag == MEM_E_V86NOVDS) {
        n->pio = 1;                 /* EMM386 without VDS: use PIO */
        return MEM_OK;
    }
    if (n->ring_tag < 0)
        return n->ring_tag;
    mem_dma_preset(MEM_DMA_3C515_BUF, near_fp(&k));
    k.count = 2;                    /* bounce buffers for transmit */
    n->buf_tag = mem_dma_tag_create(near_fp(&k));
    if (n->buf_tag < 0)
        return n->buf_tag;
    rc = mem_dma_alloc(n->ring_tag, near_fp(&n->ring));
    if (rc != MEM_OK)
        return rc;
    mem_fill(n->ring.buf, (mem_u8)0, (mem_u16)n->ring.size);
    return MEM_OK;
}

/* ISR-safe: refill one receive slot (called inside the ISR bracket). */
static void rx_refill(struct nic *n, int slot)
{
    n->rx[slot] = mem_pkt_alloc((mem_u16)MEM_PKT_MAX);
}

/* The card "received" a frame of len bytes into slot's buffer.  The ISR
 * takes a buffer of the frame's class; when it holds less than the ring
 * buffer the frame is copied into it and the ring buffer stays posted
 * (copy-break), otherwise the ring buffer is handed on and the new one
 * posted in its place.  No buffer: the frame is dropped.  The caller frees
 * the frame at task time. */
static mem_fp_t rx_isr(struct nic *n, int slot, mem_u16 len)
{
    mem_fp_t b, q;
    mem_isr_enter();
    b = n->rx[slot];
    if (b == MEM_FP_NULL) {         /* an earlier refill found none */
        rx_refill(n, slot);
        n->dropped++;
        mem_isr_leave();
        return MEM_FP_NULL;
    }
    mem_fill(frame_of(b), (mem_u8)slot, len);      /* the card's DMA */
    q = mem_pkt_alloc(len);
    if (q == MEM_FP_NULL) {
        n->dropped++;
    } else if (hdr(q, MEM_PKT_OFF_CAP) < hdr(b, MEM_PKT_OFF_CAP)) {
        mem_copy(frame_of(q), frame_of(b), len);   /* copy-break */
        n->copied++;
    } else {
        port_pokew(MEM_FP_SEG(b), (mem_u16)(MEM_FP_OFF(b) + MEM_PKT_OFF_LEN), len);
        n->rx[slot] = q;                /* posted for a full frame */
        q = b;
        n->handed++;
    }
    mem_isr_leave();
    return q;
}

/* task: transmit a packet buffer: map it for the card, sync, "send",
 * unmap.  Returns 0 or an error; PIO mode copies instead. */
static int tx(struct nic *n, mem_fp_t pkt, int *bounced)
{
    struct mem_dma_map m;
    mem_u16 len = port_peekw(MEM_FP_SEG(pkt), (mem_u16)(MEM_FP_OFF(pkt) + MEM_PKT_OFF_LEN));
    mem_fp_t frame = MEM_FP(MEM_FP_SEG(pkt), MEM_FP_OFF(pkt) + MEM_PKT_DATA);
    unsigned seg, off;
    int rc;

    if (n->pio)
        return MEM_OK;              /* would be REP OUTSW to the FIFO */
    rc = mem_dma_map(n->buf_tag, frame, len, near_fp(&m));
    if (rc != MEM_OK)
        return rc;                  /* MEM_E_NOBOUNCE: retry later */
    mem_dma_sync(near_fp(&m), MEM_DMA_TO_DEVICE);
    *bounced = m.how == MEM_DMA_MAP_BOUNCE;
    /* download descriptor 0: next, status, fragment address, length */
    seg = MEM_FP_SEG(n->ring.buf);
    off = MEM_FP_OFF(n->ring.buf);
    port_pokew(seg, off + 8, (mem_u16)m.phys);
    port_pokew(seg, off + 10, (mem_u16)(m.phys >> 16));
    port_pokew(seg, off + 12, len);
    port_pokew(seg, off + 14, 0x8000u);
    /* the "card" reads the frame at m.phys: check it sees ours */
    rc = mem_compare(MEM_FP((mem_u16)(m.phys >> 4), (mem_u16)(m.phys & 15)), frame, len);
    mem_dma_unmap(near_fp(&m));
    return rc == 0 ? MEM_OK : MEM_E_CORRUPT;
}

/* task: give the card's buffers back.  The tags stay: destroying one is
 * set-up code, gone after the seal; mem_unload frees them. */
static void nic_close(struct nic *n)
{
    int i;
    for (i = 0; i < RING; i++)
        if (n->rx[i] != MEM_FP_NULL)
            mem_pkt_free(n->rx[i]);
    if (!n->pio)
        ok(mem_dma_free(n->ring.handle) == MEM_OK, "descriptor ring freed");
}

int main(void)
{
    struct mem_module mod;
    struct nic n;
    struct mem_pool_stats st;
    int rc, i, bounced = 0, nb = 0;

    shrink();
    printf("nicdemo: a NIC-style module on MEMPOOL\n");
    rc = mem_load("MEMPOOL.MOD", (struct mem_config *)0, &mod);
    ok(rc == MEM_OK, "mem_load");
    if (rc != MEM_OK) {
        printf("mem_load: %s\n", mem_error_name(rc));
        printf("%d passed, %d failed\n", passed, failed);
        return 1;
    }
    rc = nic_open(&n);
    ok(rc == MEM_OK, "nic_open");
    ok(n.pio || (n.ring.phys & 15) == 0, "descriptor ring 16-byte aligned");
    ok(n.pio || (n.ring.phys >> 16) == ((n.ring.phys + n.ring.size - 1) >> 16),
       "descriptor ring inside one 64 KB page");
    ok(mem_pool_check() == MEM_OK, "pool check clean");
    /* Set-up done: seal before going resident.  This card never parks
     * frames in XMS nor asks for mem_info / mem_dma_stats, so those groups
     * go too; it keeps MAP (transmit) and SERVICE (the idle loop). */
    rc = mem_seal((mem_u16)(MEM_SEAL_DROP_STATS | MEM_SEAL_DROP_XMS));
    ok(rc == MEM_OK, "mem_seal");
    ok(mem_pool_check() == MEM_E_STATE, "after the seal the set-up code is gone");
    mem_isr_enter();
    for (i = 0; i < RING; i++)
        rx_refill(&n, i);
    mem_isr_leave();
    for (i = 0; i < 100; i++) {
        mem_u16 len = (mem_u16)(60 + (i * 97) % 1455);
        mem_fp_t b = n.rx[i % RING], p = rx_isr(&n, i % RING, len);
        ok(p != MEM_FP_NULL, "frame received into a ring buffer");
        if (p == MEM_FP_NULL)
            continue;
        ok(hdr(p, MEM_PKT_OFF_LEN) == len && port_peekb(MEM_FP_SEG(p),
           (mem_u16)(MEM_FP_OFF(p) + MEM_PKT_DATA + len - 1)) == (mem_u8)(i % RING),
           "the received frame is whole in the buffer handed on");
        if (p != b)                     /* copied: the ring buffer stays */
            ok(n.rx[i % RING] == b && hdr(p, MEM_PKT_OFF_CAP) < hdr(b, MEM_PKT_OFF_CAP),
               "copy-break: a smaller buffer, the ring buffer still posted");
        else
            ok(n.rx[i % RING] != b && hdr(n.rx[i % RING], MEM_PKT_OFF_CAP) >= MEM_PKT_DATA + MEM_PKT_MAX,
               "handed on: a full-size buffer posted in its place");
        if (i % 10 == 0) {          /* echo every tenth frame */
            rc = tx(&n, p, &bounced);
            ok(rc == MEM_OK, "transmit mapped and seen by the card");
            nb += bounced;
        }
        ok(mem_pkt_free(p) == 0, "frame freed");
        if (i % 16 == 15)
            mem_pool_service();     /* the core's idle loop */
    }
    ok(n.copied > 0 && n.handed > 0 && n.dropped == 0,
       "short frames copied into their class, long ones handed on, none dropped");
    ok(mem_pkt_free(MEM_FP(0x1234, 0x10)) < 0, "free of a foreign pointer refused");
    ok(mem_small_alloc((mem_u16)0) == MEM_FP_NULL, "size 0 refused");
    nic_close(&n);
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    mem_pool_stats((mem_u16)MEM_POOL_PKT, near_fp(&st));
    ok(st.used == 0, "every packet buffer back");
    printf("  %s, 10 frames sent (%d bounced), %d frames copied, %d handed on, "
           "PKT pool high water %u\n", n.pio ? "PIO" : "bus master", nb, n.copied,
           n.handed, st.high);
    ok(mem_unload(&mod) == MEM_OK, "mem_unload");
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
