/*
 * t_pcfg.c - the packet classes of struct mem_config (v1.01) at load: a
 * configuration with classes unsorted, zero, above MEM_PKT_MAX or more
 * than MEM_PKT_CLASSES_MAX (or class fields set beyond pkt_classes) is
 * refused with MEM_E_INVAL and leaves DOS memory exactly as it was: the
 * conventional MCB chain and the UMBs linked behind it (block by block),
 * the largest free block, the XMS driver's free memory and its largest
 * UMB.  Good configurations load with the classes they give, and the
 * memory is the same again after their unload (sealed too: /SEAL).
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "port.h"

/* What DOS and the XMS driver hold: compared whole. */
struct snap {
    unsigned blocks;            /* MCBs in the chain (UMBs linked) */
    unsigned long free_paras;   /* free paragraphs in it */
    unsigned sum;               /* owner and size of every MCB, mixed */
    unsigned chain_ok;          /* the walk ended on a 'Z' */
    unsigned largest;           /* INT 21h 48h, BX = FFFFh */
    unsigned xms_free, xms_largest, xms_umb;
};

static unsigned xseg, xoff, have_xms;

static void regs0(struct port_regs *r)
{
    r->ax = r->bx = r->cx = r->dx = r->si = r->di = r->ds = r->es = 0;
    r->flags = 0;
}

static void xms_detect(void)
{
    have_xms = dt_xms_entry(&xseg, &xoff);
}

static void take_snap(struct snap *s)
{
    struct port_regs r;
    unsigned seg, size, owner, sig, link = 0, linked = 0, n;

    memset(s, 0, sizeof(*s));
    regs0(&r);
    r.ax = 0x5802;                      /* UMB link state (DOS 5+) */
    port_int(0x21, &r);
    if (!(r.flags & PORT_CF)) {
        linked = 1;
        link = r.ax & 0xFF;
        regs0(&r);
        r.ax = 0x5803;
        r.bx = 1;
        port_int(0x21, &r);
    }
    /* the allocation call joins neighbouring free blocks (DOS does so as it
     * scans), so a block given back reads as it did before it was taken */
    s->largest = dt_dos_largest();
    regs0(&r);
    r.ax = 0x5200;                      /* list of lists: first MCB at -2 */
    port_int(0x21, &r);
    seg = port_peekw(r.es, (unsigned)(r.bx - 2));
    for (n = 0; n < 2000; n++) {
        sig = port_peekb(seg, 0);
        owner = port_peekw(seg, 1);
        size = port_peekw(seg, 3);
        if (sig != 'M' && sig != 'Z')
            break;
        s->blocks++;
        if (owner == 0)
            s->free_paras += size;
        s->sum = (unsigned)(s->sum * 31u + (owner ^ size) + seg);
        if (sig == 'Z') {
            s->chain_ok = 1;
            break;
        }
        seg = seg + size + 1;
    }
    if (linked) {
        regs0(&r);
        r.ax = 0x5803;
        r.bx = link;
        port_int(0x21, &r);
    }
    if (!have_xms)
        return;
    regs0(&r);
    r.ax = 0x0800;                      /* free extended memory */
    port_farcall(xseg, xoff, &r);
    s->xms_largest = r.ax;
    s->xms_free = r.dx;
    regs0(&r);
    r.ax = 0x1000;                      /* largest UMB: ask for 1 MB */
    r.dx = 0xFFFF;
    port_farcall(xseg, xoff, &r);
    if (r.ax == 1) {                    /* cannot happen: give it back */
        unsigned u = r.bx;
        regs0(&r);
        r.ax = 0x1100;
        r.dx = u;
        port_farcall(xseg, xoff, &r);
        s->xms_umb = 0xFFFF;
    } else {
        s->xms_umb = (r.bx & 0xFF) == 0xB0 ? r.dx : 0;
    }
}

static void same(const struct snap *a, const struct snap *b, const char *what)
{
    char m[120];
    sprintf(m, "%s: the MCB chain is as it was", what);
    DT_CHECK(a->chain_ok && b->chain_ok && a->blocks == b->blocks &&
             a->free_paras == b->free_paras && a->sum == b->sum, m);
    sprintf(m, "%s: the largest free DOS block is as it was", what);
    DT_EQ(b->largest, a->largest, m);
    sprintf(m, "%s: XMS free memory and UMBs as they were", what);
    DT_CHECK(a->xms_free == b->xms_free && a->xms_largest == b->xms_largest &&
             a->xms_umb == b->xms_umb, m);
}

static struct mem_config cfg;
static struct snap s0;

static void start(unsigned npkt, unsigned l0, unsigned l1, unsigned l2, unsigned l3)
{
    memset(&cfg, 0, sizeof(cfg));
    cfg.size = sizeof(cfg);
    cfg.pkt_classes = npkt;
    cfg.pkt_len[0] = l0;
    cfg.pkt_len[1] = l1;
    cfg.pkt_len[2] = l2;
    cfg.pkt_len[3] = l3;
}

/* cfg is refused at load and nothing stays behind. */
static void refused(const char *what)
{
    struct mem_module m;
    struct snap s;
    char msg[120];
    int rc;

    rc = mem_load("MEMPOOL.MOD", &cfg, &m);
    sprintf(msg, "%s: MEM_E_INVAL at load", what);
    DT_EQ(rc, MEM_E_INVAL, msg);
    if (rc == MEM_OK)
        mem_unload(&m);
    take_snap(&s);
    same(&s0, &s, what);
}

/* cfg loads with its classes: count, strides, an allocation of each. */
static void loads(const char *what, unsigned npkt, const unsigned *len, const unsigned *num)
{
    struct mem_module m;
    struct mem_info info;
    struct mem_pool_stats st;
    struct snap s;
    char msg[120];
    unsigned k;
    mem_fp_t p;
    int rc;

    rc = mem_load("MEMPOOL.MOD", &cfg, &m);
    sprintf(msg, "%s: loads", what);
    DT_EQ(rc, MEM_OK, msg);
    if (rc != MEM_OK)
        return;
    dt_seal_point();                /* nothing to set up */
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    mem_info(MEM_FP(port_ds(), (mem_u16)&info));
    sprintf(msg, "%s: mem_info counts its classes", what);
    DT_EQ(info.pkt_classes, npkt, msg);
    for (k = 0; k < npkt; k++) {
        memset(&st, 0, sizeof(st));
        st.size = sizeof(st);
        rc = mem_pool_stats((mem_u16)MEM_POOL_PKTC(k), MEM_FP(port_ds(), (mem_u16)&st));
        /* the stride: the class's frame + MEM_PKT_DATA up to a paragraph
         * (the debug build adds a 2-byte guard); a count below isr_reserve
         * + 2 would get an arena more at load */
        sprintf(msg, "%s: class %u: stride of its length, its count", what, k);
        DT_CHECK(rc == MEM_OK && (st.stride & 15) == 0 && st.stride >= len[k] + MEM_PKT_DATA &&
                 st.stride < len[k] + MEM_PKT_DATA + 18 && (num[k] == 0 || st.total == num[k]), msg);
        p = mem_pkt_alloc((mem_u16)len[k]);
        sprintf(msg, "%s: a frame of %u bytes gets class %u", what, len[k], k);
        DT_CHECK(p != MEM_FP_NULL && port_peekb(MEM_FP_SEG(p),
                 (mem_u16)(MEM_FP_OFF(p) + MEM_PKT_OFF_POOL)) == MEM_POOL_PKTC(k), msg);
        if (p != MEM_FP_NULL)
            mem_pkt_free(p);
    }
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    sprintf(msg, "%s: no class %u", what, npkt);
    DT_EQ(mem_pool_stats((mem_u16)MEM_POOL_PKTC(npkt), MEM_FP(port_ds(), (mem_u16)&st)),
          MEM_E_INVAL, msg);
    sprintf(msg, "%s: unload", what);
    DT_EQ(mem_unload(&m), MEM_OK, msg);
    take_snap(&s);
    same(&s0, &s, what);
}

int main(void)
{
    static const unsigned len2[2] = { 128, 1514 }, num2[2] = { 7, 9 };
    static const unsigned len4[4] = { 64, 592, 1056, 1514 }, num4[4] = { 0, 0, 0, 0 };
    static const unsigned len1[1] = { 1514 }, num1[1] = { 6 };
    static const unsigned lend[3] = { MEM_DEF_PKT_LEN0, MEM_DEF_PKT_LEN1, MEM_DEF_PKT_LEN2 };
    static const unsigned numd[3] = { 0, 0, 0 };

    dt_init("t_pcfg: packet classes at load: bad ones refused, nothing allocated");
    xms_detect();
    take_snap(&s0);
    printf("  %u MCBs, %lu paragraphs free, largest %u; XMS %u KB free, largest UMB %u\n",
           s0.blocks, s0.free_paras, s0.largest, s0.xms_free, s0.xms_umb);
    DT_CHECK(s0.chain_ok, "the MCB chain walks to its end");

    start(5, 64, 128, 592, 1514);
    refused("five classes");
    start(0xFFFF, 64, 128, 592, 1514);
    refused("65535 classes");
    start(3, 64, 0, 1514, 0);
    refused("a zero class in the middle");
    start(1, 0, 0, 0, 0);
    refused("one class of zero bytes");
    start(4, 64, 592, 1056, 0);
    refused("the last of four classes zero");
    start(2, 64, MEM_PKT_MAX + 1, 0, 0);
    refused("a class of 1515 bytes");
    start(1, 0xFFFF, 0, 0, 0);
    refused("a class of 65535 bytes");
    start(3, 592, 64, 1514, 0);
    refused("classes out of order");
    start(2, 592, 592, 0, 0);
    refused("two classes of the same length");
    start(4, 64, 592, 1514, 1056);
    refused("the last class smaller than the one before");
    start(0, 64, 0, 0, 0);
    refused("a class length without a class count");
    start(0, 0, 0, 0, 0);
    cfg.pkt_num[1] = 8;
    refused("a class count of no class");
    start(2, 64, 1514, 592, 0);
    refused("a third length behind two classes");
    start(2, 64, 1514, 0, 0);
    cfg.pkt_num[3] = 4;
    refused("a count behind two classes");

    /* what this module does not know is refused, never ignored */
    start(0, 0, 0, 0, 0);
    cfg.flags = 0x0008;
    refused("an unknown flag (0008h)");
    start(0, 0, 0, 0, 0);
    cfg.flags = MEM_CFG_NO_UMB | 0x8000u;
    refused("a known flag with an unknown one (8000h)");
    start(0, 0, 0, 0, 0);
    cfg.reserved[0] = 1;
    refused("the first reserved word set");
    start(0, 0, 0, 0, 0);
    cfg.reserved[sizeof(cfg.reserved) / sizeof(cfg.reserved[0]) - 1] = 0x8000u;
    refused("the last reserved word set");

    start(2, 128, 1514, 0, 0);
    cfg.pkt_num[0] = 7;
    cfg.pkt_num[1] = 9;
    loads("two classes of 128 and 1514 bytes", 2, len2, num2);
    start(4, 64, 592, 1056, 1514);
    loads("four classes", 4, len4, num4);
    start(1, 1514, 0, 0, 0);
    cfg.pkt_num[0] = 6;
    loads("one class", 1, len1, num1);
    start(0, 0, 0, 0, 0);
    cfg.size = 32;                      /* a v1.0 caller: the defaults */
    loads("a v1.0 configuration", MEM_DEF_PKT_CLASSES, lend, numd);
    return dt_done();
}
