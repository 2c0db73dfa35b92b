/*
 * mpdemo.c - MPDEMO.COM: load MEMPOOL.MOD the way the packet-driver core
 * does, report what it found (in the spirit of MEM /C), run a short
 * NIC-like workload through the public API only, and report again.
 *
 *   MPDEMO [/NOXMS] [/NOUMB] [/286] [/PKT:n] [/?]
 *
 * The workload checks its own results (every buffer back, pool check
 * clean, DMA buffers inside their tag), so the last line reads
 * "mpdemo: N passed, N failed" as tools/dosrun.sh expects.  It also
 * writes LAYOUT.TXT ("kind name seg paras" per line, hex seg and paras)
 * for tools/layout_svg.awk, and prints the memory figures make bench
 * records as "figure NAME VALUE" lines (tools/bench/demo_figures.sh).
 *
 * bcc ignores prototypes: every argument whose type differs from the
 * parameter's is cast where it is passed.
 */
#include <stdio.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "port.h"

#define RX_RING   8         /* receive ring slots */
#define RX_FRAMES 400       /* frames through the ring */
#define TX_FRAMES 24        /* frames through the 3C515 transmit path */
#define PRESS_MAX 64        /* buffers taken at most under pressure */

static const char *small_name[MEM_POOL_S256 + 1] = {
    "S16", "S32", "S64", "S128", "S256"
};
static char pkt_name[4][8];

/* The i-th pool, each once: the small classes, then every packet class
 * (MEM_POOL_PKTC(k); 5 and 6 are v1.0 aliases of the first and last).
 * Its index, or -1 past the last. */
static int pool_id(unsigned i)
{
    struct mem_pool_stats s;
    if (i <= MEM_POOL_S256)
        return (int)i;
    i = MEM_POOL_PKTC(i - MEM_POOL_S256 - 1);
    memset(&s, 0, sizeof(s));
    s.size = sizeof(s);
    return i <= MEM_POOL_LAST && mem_pool_stats((mem_u16)i, MEM_FP(port_ds(), (unsigned)&s)) == MEM_OK
           ? (int)i : -1;
}

static const char *pool_name(int id)
{
    struct mem_pool_stats s;
    if (id <= MEM_POOL_S256)
        return small_name[id];
    memset(&s, 0, sizeof(s));
    s.size = sizeof(s);
    mem_pool_stats((mem_u16)id, MEM_FP(port_ds(), (unsigned)&s));
    sprintf(pkt_name[(id - MEM_POOL_PKTC(0)) & 3], "PKT%u",
            s.block - MEM_PKT_DATA > MEM_PKT_MAX ? MEM_PKT_MAX : s.block - MEM_PKT_DATA);
    return pkt_name[(id - MEM_POOL_PKTC(0)) & 3];
}

static struct mem_module mod;
static struct mem_info info;
static struct mem_config cfg;
static FILE *lay;
static unsigned psp;
/* Memory figures, measured by the MCB walk and the DMA report. */
static unsigned long fig_module_conv, fig_conv_total, fig_umb_total, fig_dma_lost;

static mem_fp_t fp_of(void *p)
{
    return MEM_FP(port_ds(), (unsigned)p);
}

/* bcc's printf writes %X in lower case; DOS users read upper-case hex.
 * hx() formats v with at least w digits into one of four rotating
 * buffers, so up to four can appear in one printf. */
static char *hx(unsigned long v, int w)
{
    static char buf[4][12];
    static char digits[] = "0123456789ABCDEF";
    static int k;
    char *b, t[12];
    int n = 0, i = 0;
    unsigned d;

    k = (k + 1) & 3;
    b = buf[k];
    do {
        d = (unsigned)v & 15;
        t[n++] = digits[d];
        v = v >> 4;
    } while (v != 0 || n < w);
    while (n > 0)
        b[i++] = t[--n];
    b[i] = 0;
    return b;
}

static void rz(struct port_regs *r)
{
    memset(r, 0, sizeof(*r));
}

/* ------------------------------------------------------------ switches */

static void usage(void)
{
    printf("MPDEMO - loads MEMPOOL.MOD and shows what it manages.\n\n");
    printf("MPDEMO [/NOXMS] [/NOUMB] [/286] [/PKT:n]\n\n");
    printf("  /NOXMS   do not use the XMS driver (MEM_CFG_NO_XMS)\n");
    printf("  /NOUMB   keep every arena in conventional memory (MEM_CFG_NO_UMB)\n");
    printf("  /286     keep the 80286 copy path on a 386+ (MEM_CFG_FORCE_286)\n");
    printf("  /PKT:n   full-frame packet buffers at load (default %u)\n",
           MEM_DEF_PKT_COUNT);
    printf("  /?       this text\n");
}

static int upper_eq(const char *a, const char *b)
{
    while (*a && *b) {
        char c = *a;
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 32);
        if (c != *b)
            return 0;
        a++;
        b++;
    }
    return *b == 0 && (*a == 0 || *a == ':');
}

/* 0 = go on, 1 = help shown, -1 = bad switch */
static int parse(int argc, char **argv)
{
    int i;
    memset(&cfg, 0, sizeof(cfg));
    cfg.size = sizeof(cfg);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (*a != '/' && *a != '-') {
            printf("MPDEMO: unexpected '%s' (try /?)\n", a);
            return -1;
        }
        a++;
        if (upper_eq(a, "?") || upper_eq(a, "H")) {
            usage();
            return 1;
        } else if (upper_eq(a, "NOXMS")) {
            cfg.flags |= MEM_CFG_NO_XMS;
        } else if (upper_eq(a, "NOUMB")) {
            cfg.flags |= MEM_CFG_NO_UMB;
        } else if (upper_eq(a, "286")) {
            cfg.flags |= MEM_CFG_FORCE_286;
        } else if (upper_eq(a, "PKT") && a[3] == ':') {
            unsigned n = 0;
            const char *d = a + 4;
            while (*d >= '0' && *d <= '9')
                n = n * 10 + (unsigned)(*d++ - '0');
            if (n == 0 || n > 200 || *d) {
                printf("MPDEMO: /PKT:n wants 1..200\n");
                return -1;
            }
            cfg.pkt_count = n;
        } else {
            printf("MPDEMO: unknown switch '%s' (try /?)\n", argv[i]);
            return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------ DOS facts */

static unsigned dos_version(void)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x3000;
    port_int(0x21, &r);
    return ((r.ax & 0xFF) << 8) | (r.ax >> 8);
}

static unsigned conv_kb(void)
{
    struct port_regs r;
    rz(&r);
    port_int(0x12, &r);
    return r.ax;
}

static const char *cpu_name(unsigned c)
{
    switch (c) {
    case MEM_CPU_8086: return "8086/8088";
    case MEM_CPU_186:  return "80186";
    case MEM_CPU_286:  return "80286";
    case MEM_CPU_386:  return "80386";
    default:           return "80486 or later";
    }
}

/* ----------------------------------------------------- memory blocks */

/* What the demo knows about its blocks, to name them in the MCB walk. */
#define MAXMARK 40
static struct mark {
    unsigned long lin;      /* a linear address inside the block */
    const char *kind, *name;
} marks[MAXMARK];
static int nmarks;

static void mark(mem_fp_t p, const char *kind, const char *name)
{
    int i;
    unsigned long lin = MEM_FP_LINEAR(p);
    for (i = 0; i < nmarks; i++)
        if (marks[i].lin == lin)
            return;
    if (nmarks < MAXMARK) {
        marks[nmarks].lin = lin;
        marks[nmarks].kind = kind;
        marks[nmarks].name = name;
        nmarks++;
    }
}

static void mark_phys(unsigned long lin, const char *kind, const char *name)
{
    mark(MEM_FP((unsigned)(lin >> 4), (unsigned)(lin & 15)), kind, name);
}

static int umb_link_get(void)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x5802;
    port_int(0x21, &r);
    return (r.flags & PORT_CF) ? -1 : (r.ax & 0xFF);
}

static void umb_link_set(int on)
{
    struct port_regs r;
    rz(&r);
    r.ax = 0x5803;
    r.bx = (unsigned)on;
    port_int(0x21, &r);
}

/* One layout line: "kind name seg paras" (hex), spaces in name as '_'. */
static void lay_line(const char *kind, const char *name, unsigned long seg,
                     unsigned long paras)
{
    char n[24];
    int i;
    for (i = 0; name[i] && i < 23; i++)
        n[i] = name[i] == ' ' ? '_' : name[i];
    while (i > 0 && n[i - 1] == '_')
        i--;
    n[i] = 0;
    fprintf(lay, "%s %s %s %s\n", kind, i ? n : "-", hx(seg, 4), hx(paras, 4));
}

/* Walk the MCB chain (UMBs linked in for the walk on DOS 5+) and print
 * every block: segment, size, owner, what it holds.  Also writes the
 * layout file. */
static unsigned mcb_walk(int print)
{
    struct port_regs r;
    unsigned seg, size, owner, lines = 0, n = 0;
    int link = -1, i;
    char name[9];
    const char *kind, *what;

    if ((info.dos_version >> 8) >= 5) {
        link = umb_link_get();
        if (link == 0)
            umb_link_set(1);
    }
    rz(&r);
    r.ax = 0x5200;
    port_int(0x21, &r);
    seg = port_peekw(r.es, (unsigned)(r.bx - 2));
    if (print)
        printf("  Segment  Size    Owner     Holds\n");
    for (;;) {
        unsigned char sig = port_peekb(seg, 0);
        if (sig != 'M' && sig != 'Z')
            break;
        owner = port_peekw(seg, 1);
        size = port_peekw(seg, 3);
        for (i = 0; i < 8; i++) {
            unsigned char c = port_peekb(seg, (unsigned)(8 + i));
            name[i] = (char)((c >= ' ' && c < 127) ? c : 0);
            if (c == 0)
                break;
        }
        name[i < 8 ? i : 8] = 0;
        for (i = (int)strlen(name); i > 0 && name[i - 1] == ' '; i--)
            name[i - 1] = 0;
        kind = "dos";
        what = "";
        if (owner == 0) {
            kind = "free";
            what = "free";
            strcpy(name, "-");
        } else if (owner == 8) {
            kind = "dos";
            what = (name[0] == 'S' && name[1] == 'C') ? "UMB boundary" : "DOS system";
            strcpy(name, name[0] ? name : "DOS");
        } else if ((unsigned)(seg + 1) == mod.seg) {
            kind = "module";
            what = "MEMPOOL.MOD resident";
            strcpy(name, "MEMPOOL");
            if (seg + 1 < 0xA000u)
                fig_module_conv = (unsigned long)size << 4;
        } else if ((unsigned)(seg + 1) == psp) {
            kind = "prog";
            what = "this program";
        } else if (owner == psp) {
            unsigned long lo = ((unsigned long)seg + 1) << 4;
            unsigned long hi = lo + ((unsigned long)size << 4);
            kind = "mempool";
            what = "MEMPOOL block";
            for (i = 0; i < nmarks; i++)
                if (marks[i].lin >= lo && marks[i].lin < hi) {
                    kind = marks[i].kind;
                    what = marks[i].name;
                    break;
                }
            if (port_peekw((unsigned)(psp), 0x2C) == seg + 1) {
                kind = "prog";
                what = "environment";
            }
            strcpy(name, "MPDEMO");
        } else {
            what = owner == seg + 1 ? "program" : "data";
            if (!name[0])
                strcpy(name, "?");
        }
        /* everything MEMPOOL holds: its block, its arenas (this program
         * owns them: the library and the module allocate for it) */
        if (strcmp(kind, "module") == 0 ||
            (owner == psp && strcmp(kind, "prog") != 0)) {
            if (seg + 1 < 0xA000u)
                fig_conv_total += (unsigned long)size << 4;
            else
                fig_umb_total += (unsigned long)size << 4;
        }
        if (print) {
            printf("  %s     %6lu  %-8s  %s%s\n",
                   hx((unsigned long)seg + 1, 4),
                   (unsigned long)size << 4, name, what,
                   seg + 1 >= 0xA000u ? " (UMB)" : "");
            if (++lines % 20 == 0)
                printf("\n");
        }
        if (lay)
            lay_line(kind, strcmp(kind, "dos") == 0 || strcmp(kind, "free") == 0
                     ? name : what, (unsigned long)seg + 1, (unsigned long)size);
        n++;
        if (sig == 'Z' || n > 200)
            break;
        seg = (unsigned)(seg + size + 1);
    }
    if (link == 0)
        umb_link_set(0);
    return n;
}

/* -------------------------------------------------------------- report */

static void system_report(void)
{
    struct mem_xms_status xs;
    unsigned cpu = mem_cpu();
    int rc;

    printf("MEMPOOL memory report                     API %u.%02x, module %u.%02x\n",
           MEM_API_VERSION >> 8, MEM_API_VERSION & 0xFF,
           info.api_version >> 8, info.api_version & 0xFF);
    printf("--------------------------------------------------------------\n");
    printf("CPU:           %s, %s mode%s\n", cpu_name(MEM_CPU_TYPE(cpu)),
           MEM_CPU_V86(cpu) ? "virtual-8086" : "real",
           MEM_CPU_V86(cpu) ? " (a memory manager is active)" : "");
    printf("Copy path:     %s\n", (info.flags & MEM_INFO_COPY386) ?
           "386 (REP MOVSD)" : "286 (REP MOVSW)");
    printf("DOS:           %u.%02u, %u KB conventional memory\n",
           info.dos_version >> 8, info.dos_version & 0xFF, conv_kb());
    memset(&xs, 0, sizeof(xs));
    xs.size = sizeof(xs);
    rc = mem_xms_status(fp_of(&xs));
    if (rc == MEM_OK)
        printf("XMS driver:    %x.%02x (revision %x.%02x), %lu KB free,"
               " largest %lu KB%s\n",
               xs.version >> 8, xs.version & 0xFF, xs.revision >> 8,
               xs.revision & 0xFF, xs.free_kb, xs.largest_kb,
               (xs.flags & MEM_XMS_F_HMA) ? ", HMA" : "");
    else
        printf("XMS driver:    none in use (%s): conventional memory only\n",
               mem_error_name(rc));
    printf("UMBs:          %s\n", (info.flags & MEM_INFO_UMB) ?
           "found; the module and its pool arenas go there first" :
           (cfg.flags & MEM_CFG_NO_UMB) ? "not used (/NOUMB)" : "none found");
    printf("VDS:           %s\n", (info.flags & MEM_INFO_VDS) ? "present" :
           "none (real mode: physical = segment*16 + offset)");
    printf("Module:        segment %s (%s), %u bytes resident, %u bytes of init"
           " discarded\n", hx((unsigned long)mod.seg, 4),
           mod.seg >= 0xA000u ? "UMB" : "conventional", info.resident_bytes,
           info.init_bytes);
    printf("Module holds:  %lu bytes in UMBs, %lu bytes conventional"
           " (its block and arenas)\n",
           (unsigned long)info.umb_paras << 4, (unsigned long)info.conv_paras << 4);
    printf("Configuration: flags %s%s%s%s\n", hx((unsigned long)cfg.flags, 4),
           (cfg.flags & MEM_CFG_NO_XMS) ? " NOXMS" : "",
           (cfg.flags & MEM_CFG_NO_UMB) ? " NOUMB" : "",
           (cfg.flags & MEM_CFG_FORCE_286) ? " 286" : "");
    printf("\n");
}

static void pool_report(const char *title)
{
    struct mem_pool_stats s;
    unsigned i;
    unsigned char ov[8];
    int pct;

    printf("%s\n", title);
    printf("  Pool       Block Stride Total Used High  Low Fail Bad Ar/UMB"
           " First  Where\n");
    for (i = 0; pool_id(i) >= 0; i++) {
        memset(&s, 0, sizeof(s));
        s.size = sizeof(s);
        if (mem_pool_stats((mem_u16)pool_id(i), fp_of(&s)) != MEM_OK) {
            printf("  %-9s  (no statistics)\n", pool_name(pool_id(i)));
            continue;
        }
        printf("  %-9s %6u %6u %5u %4u %4u %4u %4u %3u %3u/%-2u %s  %s\n",
               pool_name(pool_id(i)), s.block, s.stride, s.total, s.used, s.high,
               s.low, s.fails, s.bad, s.arenas, s.umb_arenas,
               hx((unsigned long)s.first_seg, 4),
               s.umb_arenas == s.arenas ? "UMB" :
               s.umb_arenas ? "UMB+conv" : "conv");
    }
    memset(&s, 0, sizeof(s));
    s.size = sizeof(s);
    mem_pool_stats((mem_u16)MEM_POOL_NONE, fp_of(&s));
    memset(ov, 0, sizeof(ov));
    pct = mem_pool_overhead(fp_of(ov));
    printf("  Bad sizes refused: %u.  Overhead: %d.%02d%% of %lu bytes held\n", s.bad, pct / 100, pct % 100,
           *(unsigned long *)ov);
    printf("\n");
}

/* Arenas of every pool that lie in upper memory. */
static unsigned pool_umb_arenas(void)
{
    struct mem_pool_stats s;
    unsigned i, n = 0;
    for (i = 0; pool_id(i) >= 0; i++) {
        memset(&s, 0, sizeof(s));
        s.size = sizeof(s);
        if (mem_pool_stats((mem_u16)pool_id(i), fp_of(&s)) == MEM_OK)
            n += s.umb_arenas;
    }
    return n;
}

/* The memory figures make bench records (tools/bench/demo_figures.sh),
 * one "figure NAME VALUE" line each, from DOS's own accounting (the MCB
 * chain, walked just before) and mem_dma_stats (the DMA report):
 *   module_conv_bytes  conventional memory the module's own block holds
 *   conv_total_bytes   conventional memory MEMPOOL holds: its block,
 *                      pool and DMA arenas
 *   dma_lost_bytes     the DMA tags' bytes lost to boundaries and alignment
 * mem_info must say the same as the chain (DOS 5+: the UMBs too). */
static void figures(void)
{
    struct mem_info now;

    memset(&now, 0, sizeof(now));
    now.size = sizeof(now);
    DT_EQ(mem_info(fp_of(&now)), MEM_OK, "mem_info");
    DT_EQ((unsigned long)now.conv_paras << 4, fig_conv_total,
          "mem_info conv_paras: MEMPOOL's conventional blocks in the MCB chain");
    if ((info.dos_version >> 8) >= 5)
        DT_EQ((unsigned long)now.umb_paras << 4, fig_umb_total,
              "mem_info umb_paras: MEMPOOL's UMBs in the MCB chain");
    printf("figure module_conv_bytes %lu\n", fig_module_conv);
    printf("figure conv_total_bytes %lu\n", fig_conv_total);
    printf("figure dma_lost_bytes %lu\n", fig_dma_lost);
    printf("\n");
}

/* ------------------------------------------------------------- workload */

static unsigned seed = 12345;
static unsigned rnd(void)
{
    seed = (unsigned)(seed * 25173u + 13849u);
    return seed >> 4;
}

static void fill_frame(mem_fp_t p, unsigned n)
{
    unsigned len = port_peekw(MEM_FP_SEG(p), (unsigned)(MEM_FP_OFF(p) + MEM_PKT_OFF_LEN));
    unsigned data = port_peekw(MEM_FP_SEG(p), (unsigned)(MEM_FP_OFF(p) + MEM_PKT_OFF_DATA));
    mem_fp_t f = MEM_FP(MEM_FP_SEG(p), MEM_FP_OFF(p) + data);
    mem_fill(f, (mem_u8)n, (mem_u16)len);
    port_pokew(MEM_FP_SEG(f), MEM_FP_OFF(f), n);
}

static int frame_ok(mem_fp_t p, unsigned n)
{
    unsigned len = port_peekw(MEM_FP_SEG(p), (unsigned)(MEM_FP_OFF(p) + MEM_PKT_OFF_LEN));
    unsigned data = port_peekw(MEM_FP_SEG(p), (unsigned)(MEM_FP_OFF(p) + MEM_PKT_OFF_DATA));
    unsigned seg = MEM_FP_SEG(p), off = MEM_FP_OFF(p) + data;
    return port_peekw(seg, off) == n &&
           port_peekb(seg, off + len - 1) == (unsigned char)n;
}

static unsigned frame_len(void)
{
    /* two thirds short frames (ARP, ACKs), one third full ones */
    unsigned r = rnd();
    return (r % 3) ? (unsigned)(60 + r % 277) : (unsigned)(1000 + r % 515);
}

/* The receive ring, refilled "from the interrupt": allocation inside a
 * mem_isr_enter / mem_isr_leave bracket, delivery and free at task time,
 * mem_pool_service now and then as the core's idle loop would. */
static void rx_workload(void)
{
    mem_fp_t ring[RX_RING];
    mem_fp_t q[RX_RING];
    unsigned i, n, nq = 0, lost = 0, bad = 0, shared = 0, busy = 0;

    mem_isr_enter();
    for (i = 0; i < RX_RING; i++)
        ring[i] = mem_pkt_alloc((mem_u16)MEM_PKT_MAX);
    mem_isr_leave();
    for (i = 0; i < RX_RING; i++) {
        DT_CHECK(ring[i] != MEM_FP_NULL, "receive ring filled");
        mark(ring[i], "pool", "PKT");
    }
    for (n = 0; n < RX_FRAMES; n++) {
        unsigned slot = n % RX_RING, len = frame_len();
        /* ---- interrupt: the NIC filled ring[slot] */
        mem_isr_enter();
        if (n == 7) {
            struct mem_xms_status xs;
            xs.size = sizeof(xs);
            busy = mem_xms_status(fp_of(&xs)) == MEM_E_BUSY;
        }
        if (ring[slot] != MEM_FP_NULL) {
            mem_fp_t p = ring[slot];
            port_pokew(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_LEN, len);
            fill_frame(p, n);
            q[nq++] = p;
        } else {
            lost++;
        }
        ring[slot] = mem_pkt_alloc((mem_u16)MEM_PKT_MAX);
        mem_isr_leave();
        /* ---- task: deliver the queue (short frames copied into a
         * short buffer, as a driver does to keep big buffers free) */
        if (nq >= 4 || n + 1 == RX_FRAMES) {
            for (i = 0; i < nq; i++) {
                mem_fp_t p = q[i], c;
                unsigned plen = port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_OFF_LEN);
                unsigned num = port_peekw(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_DATA);
                if (!frame_ok(p, num))
                    bad++;
                if (plen <= MEM_DEF_PKT_LEN1 && (c = mem_pkt_alloc((mem_u16)plen)) != MEM_FP_NULL) {
                    mark(c, "pool", pool_name(port_peekb(MEM_FP_SEG(c), MEM_FP_OFF(c) + MEM_PKT_OFF_POOL)));
                    mem_copy(MEM_FP(MEM_FP_SEG(c), MEM_FP_OFF(c) + MEM_PKT_DATA),
                             MEM_FP(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_DATA),
                             (mem_u16)plen);
                    if (!frame_ok(c, num))
                        bad++;
                    if (mem_pkt_free(p) != 0)
                        bad++;
                    p = c;
                }
                /* two protocol handlers share the frame */
                if ((num & 7) == 0) {
                    if (mem_pkt_ref(p) != 2)
                        bad++;
                    if (mem_pkt_free(p) != 1)
                        bad++;
                    shared++;
                }
                if (mem_pkt_free(p) != 0)
                    bad++;
            }
            nq = 0;
            mem_pool_service();     /* the core's idle loop */
        }
    }
    for (i = 0; i < RX_RING; i++)
        if (ring[i] != MEM_FP_NULL)
            DT_CHECK(mem_pkt_free(ring[i]) == 0, "ring buffer freed");
    DT_EQ(lost, 0, "no frame lost for want of a buffer");
    DT_EQ(bad, 0, "every frame intact, every free/ref answered right");
    DT_CHECK(busy, "an XMS call inside the ISR bracket says MEM_E_BUSY");
    printf("Receive: %u frames through a %u-slot ring refilled inside"
           " mem_isr_enter/leave;\n", RX_FRAMES, RX_RING);
    printf("  %u lost, %u bad, %u shared by reference, XMS refused in ISR: %s\n",
           lost, bad, shared, busy ? "yes" : "NO");
}

/* 3C515 bus master: a descriptor ring and its buffers from the presets,
 * transmit of pool buffers mapped (in place or bounced) for the card. */
struct tagrep {
    const char *name;
    int tag;
    unsigned long lo, hi, boundary, limit;
    unsigned n, size, align;
};
#define NTAGS 3
static struct tagrep tr[NTAGS];
static struct mem_dma_buf dma_keep_ring, dma_keep[8];

static int check_dma(struct tagrep *t, struct mem_dma_buf *b, unsigned n)
{
    unsigned i;
    int ok = 1;
    t->lo = 0xFFFFFFFFUL;
    t->hi = 0;
    for (i = 0; i < n; i++) {
        unsigned long lin = MEM_FP_LINEAR(b[i].buf);
        unsigned long last = lin + b[i].size - 1;
        if (b[i].phys != lin || (lin & (t->align - 1)) != 0 ||
            (lin & ~(t->boundary - 1)) != (last & ~(t->boundary - 1)) ||
            last > t->limit)
            ok = 0;
        if (lin < t->lo)
            t->lo = lin;
        if (last + 1 > t->hi)
            t->hi = last + 1;
        mark_phys(lin, "dma", t->name);
    }
    return ok;
}

static void tag_open(struct tagrep *t, int preset, const char *name, unsigned count)
{
    struct mem_dma_constraints k;
    memset(&k, 0, sizeof(k));
    t->name = name;
    t->tag = -1;
    DT_EQ(mem_dma_preset(preset, fp_of(&k)), MEM_OK, "3C515 preset");
    k.count = count;
    t->boundary = k.boundary;
    t->limit = k.max_addr;
    t->align = k.align;
    t->size = k.max_size;
    t->n = count;
    t->tag = mem_dma_tag_create(fp_of(&k));
    if (t->tag < 1)
        printf("  tag %s: %s\n", name, mem_error_name(t->tag));
    DT_CHECK(t->tag >= 1, "3C515 tag created");
}

static void dma_workload(void)
{
    struct mem_dma_buf ring, rxb[8];
    struct mem_dma_map m;
    struct mem_dma_stats st;
    struct mem_dma_constraints k;
    unsigned i, d, inplace = 0, bounced = 0, bad = 0;
    int rc;

    DT_EQ(mem_dma_preset(MEM_DMA_3C509, fp_of(&k)), MEM_E_NOTSUP,
          "3C509 preset: PIO, no DMA tag");
    tag_open(&tr[0], MEM_DMA_3C515_RING, "3C515_RING", 1);
    tag_open(&tr[1], MEM_DMA_3C515_BUF, "3C515_BUF", 8);
    tag_open(&tr[2], MEM_DMA_3C515_BUF, "3C515_TX", 2);
    if (tr[0].tag < 1 || tr[1].tag < 1 || tr[2].tag < 1)
        return;
    DT_EQ(mem_dma_alloc(tr[0].tag, fp_of(&ring)), MEM_OK, "descriptor ring");
    for (i = 0; i < 8; i++)
        DT_EQ(mem_dma_alloc(tr[1].tag, fp_of(&rxb[i])), MEM_OK, "upload buffer");
    DT_CHECK(check_dma(&tr[0], &ring, 1), "ring meets its tag (16-aligned, no 64 KB crossing)");
    DT_CHECK(check_dma(&tr[1], rxb, 8), "buffers meet their tag (< 16 MB, no 64 KB crossing)");
    /* upload descriptors: next (u32), status (u32), addr (u32), len (u32) */
    mem_fill(ring.buf, (mem_u8)0, (mem_u16)ring.size);
    for (d = 0; d < 8; d++) {
        unsigned seg = MEM_FP_SEG(ring.buf), off = MEM_FP_OFF(ring.buf) + d * 16;
        unsigned long next = ring.phys + ((d + 1) % 8) * 16;
        port_pokew(seg, off, (unsigned)next);
        port_pokew(seg, off + 2, (unsigned)(next >> 16));
        port_pokew(seg, off + 8, (unsigned)rxb[d].phys);
        port_pokew(seg, off + 10, (unsigned)(rxb[d].phys >> 16));
        port_pokew(seg, off + 12, rxb[d].size);
        port_pokew(seg, off + 14, 0x8000u);     /* last fragment */
    }
    for (d = 0; d < 8; d++)
        if (port_peekw(MEM_FP_SEG(ring.buf), MEM_FP_OFF(ring.buf) + d * 16 + 8)
            != (unsigned)rxb[d].phys)
            bad++;
    /* transmit: a pool buffer (maybe in a UMB, maybe across 64 KB) is
     * mapped for the card; a bounce stands in when it breaks the tag */
    for (i = 0; i < TX_FRAMES; i++) {
        unsigned len = frame_len();
        mem_fp_t p = mem_pkt_alloc((mem_u16)len), f;
        if (p == MEM_FP_NULL) {
            bad++;
            continue;
        }
        fill_frame(p, i);
        f = MEM_FP(MEM_FP_SEG(p), MEM_FP_OFF(p) + MEM_PKT_DATA);
        rc = mem_dma_map(tr[2].tag, f, (mem_u16)len, fp_of(&m));
        if (rc != MEM_OK) {
            printf("  map: %s\n", mem_error_name(rc));
            bad++;
        } else {
            unsigned long last = m.phys + len - 1;
            mem_dma_sync(fp_of(&m), MEM_DMA_TO_DEVICE);
            if ((m.phys >> 16) != (last >> 16) || last > 0xFFFFFFUL ||
                port_peekw((unsigned)(m.phys >> 4), (unsigned)(m.phys & 15)) != i)
                bad++;
            if (m.how == MEM_DMA_MAP_BOUNCE)
                bounced++;
            else
                inplace++;
            if (mem_dma_unmap(fp_of(&m)) != MEM_OK)
                bad++;
        }
        if (mem_pkt_free(p) != 0)
            bad++;
    }
    DT_EQ(bad, 0, "3C515 descriptors and transmit mappings correct");
    printf("3C515 bus master: ring of 8 upload descriptors at %s, 8 buffers;\n",
           hx(ring.phys, 5));
    printf("  %u frames sent: %u mapped in place, %u bounced%s, %u bad\n",
           TX_FRAMES, inplace, bounced,
           bounced ? " (pool in a UMB)" : "", bad);
    memset(&st, 0, sizeof(st));
    st.size = sizeof(st);
    mem_dma_stats(tr[2].tag, fp_of(&st));
    DT_EQ(st.maps, 0, "no mapping left");
    DT_EQ(st.bounces, bounced, "tag counts the bounces");
    if (pool_umb_arenas() == 0)
        DT_EQ(bounced, 0, "conventional pool buffers go to the card in place");
    {
        struct mem_dma_buf tb[2];
        unsigned nt = 0;
        while (nt < 2 && mem_dma_alloc(tr[2].tag, fp_of(&tb[nt])) == MEM_OK)
            nt++;
        DT_EQ(nt, 2, "bounce buffers all back on the free stack");
        DT_CHECK(check_dma(&tr[2], tb, nt), "bounce buffers meet their tag");
        for (i = 0; i < nt; i++)
            mem_dma_free(tb[i].handle);
    }
    /* keep the buffers for the layout; freed in dma_done */
    memcpy(&dma_keep_ring, &ring, sizeof(ring));
    memcpy(dma_keep, rxb, sizeof(rxb));
}

static void dma_report(void)
{
    struct mem_dma_stats st;
    unsigned i;
    unsigned long b;

    printf("DMA arenas (conventional memory, physical = segment*16 + offset)\n");
    printf("  Tag  Preset      Align Boundary Limit     Bufs x Size  Physical range\n");
    for (i = 0; i < NTAGS; i++) {
        struct tagrep *t = &tr[i];
        if (t->tag < 1)
            continue;
        memset(&st, 0, sizeof(st));
        st.size = sizeof(st);
        mem_dma_stats(t->tag, fp_of(&st));
        printf("  %3d  %-11s %5u %7sh %8sh %4u x %-5u %s-%s\n",
               t->tag, t->name, t->align, hx(t->boundary, 1), hx(t->limit, 8),
               st.count, st.buf_size, hx(t->lo, 5), hx(t->hi - 1, 5));
        printf("       arena %lu bytes, %lu lost to boundary/align, %u"
               " metadata, %u bounces\n", st.arena_bytes, st.waste_bytes,
               st.meta_bytes, st.bounces);
        fig_dma_lost += st.waste_bytes;
        b = (t->lo | 0xFFFFUL) + 1;
        if (b >= t->hi)
            printf("       no 64 KB boundary inside; none crossed\n");
        for (; b < t->hi; b += 0x10000UL) {
            printf("       64 KB boundary %s inside the range: no buffer"
                   " crosses it\n", hx(b, 5));
            if (lay)
                lay_line("boundary", t->name, b >> 4, 0UL);
        }
    }
    printf("\n");
}

static void dma_done(void)
{
    unsigned i;
    if (tr[0].tag >= 1) {
        DT_EQ(mem_dma_free(dma_keep_ring.handle), MEM_OK, "ring freed");
        DT_EQ(mem_dma_tag_destroy(tr[0].tag), MEM_OK, "ring tag destroyed");
    }
    if (tr[1].tag >= 1) {
        for (i = 0; i < 8; i++)
            DT_EQ(mem_dma_free(dma_keep[i].handle), MEM_OK, "buffer freed");
        DT_EQ(mem_dma_tag_destroy(tr[1].tag), MEM_OK, "buffer tag destroyed");
    }
    if (tr[2].tag >= 1)
        DT_EQ(mem_dma_tag_destroy(tr[2].tag), MEM_OK, "bounce tag destroyed");
}

/* Memory pressure: the core takes packet buffers until none is left,
 * parks the oldest in XMS, later brings them back.  Without XMS the
 * buffers stay where they are (MEM_E_NOXMS) and nothing is lost. */
static void xms_workload(void)
{
    static mem_fp_t held[PRESS_MAX];
    static int ticket[PRESS_MAX];
    static unsigned num[PRESS_MAX];
    unsigned n = 0, i, parked = 0, back = 0, stayed = 0, bad = 0;
    int rc = 0;

    while (n < PRESS_MAX) {
        mem_fp_t p = mem_pkt_alloc((mem_u16)(MEM_PKT_MAX - n));
        if (p == MEM_FP_NULL)
            break;
        fill_frame(p, 0x700 + n);
        num[n] = 0x700 + n;
        held[n++] = p;
    }
    DT_CHECK(n > 0, "pressure: buffers taken");
    for (i = 0; i < n / 2; i++) {
        rc = mem_xms_park(held[i]);
        ticket[i] = rc;
        if (rc > 0) {
            parked++;
        } else {
            stayed++;
            if (!frame_ok(held[i], num[i]))
                bad++;
        }
    }
    /* the other half are delivered and freed: room to unpark */
    for (i = n / 2; i < n; i++)
        if (mem_pkt_free(held[i]) != 0)
            bad++;
    for (i = 0; i < n / 2; i++) {
        if (ticket[i] > 0) {
            mem_fp_t p = MEM_FP_NULL;
            if (mem_xms_unpark((mem_u16)ticket[i], fp_of(&p)) == MEM_OK &&
                frame_ok(p, num[i])) {
                back++;
                held[i] = p;
            } else {
                bad++;
                held[i] = MEM_FP_NULL;
            }
        }
        if (held[i] != MEM_FP_NULL && mem_pkt_free(held[i]) != 0)
            bad++;
    }
    DT_EQ(bad, 0, "parked frames come back byte-exact; the rest untouched");
    DT_EQ(back, parked, "every parked buffer unparked");
    if (info.flags & MEM_INFO_XMS)
        DT_CHECK(parked > 0, "with XMS: buffers parked");
    else
        DT_EQ(rc, MEM_E_NOXMS, "without XMS: park says MEM_E_NOXMS");
    printf("XMS park under pressure: %u packet buffers taken (pool empty),"
           " %u parked,\n", n, parked);
    printf("  %u brought back intact, %u kept in place (%s), %u bad\n",
           back, stayed, stayed ? mem_error_name(rc) : "-", bad);
}

/* Going resident: the seal drops the set-up part (every run-time group
 * kept) and the module's block shrinks to what a driver keeps; a packet
 * still comes and goes. */
static void seal_report(void)
{
    unsigned before = info.resident_bytes;
    mem_fp_t p;
    int rc;

    rc = mem_seal(0);
    DT_EQ(rc, MEM_OK, "mem_seal(0)");
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    if (rc != MEM_OK || mem_info(fp_of(&info)) != MEM_OK)
        return;
    printf("Sealed:        mem_seal(0): %u bytes resident of the %u after init"
           " (set-up code dropped, every run-time group kept)\n", info.resident_bytes, before);
    DT_CHECK(info.resident_bytes < before, "the seal shrinks the module");
    p = mem_pkt_alloc((mem_u16)1514);
    DT_CHECK(p != MEM_FP_NULL && mem_pkt_free(p) == 0, "sealed: a packet comes and goes");
}

int main(int argc, char **argv)
{
    struct port_regs r;
    int rc;
    unsigned i;

    rc = parse(argc, argv);
    if (rc != 0)
        return rc < 0 ? 1 : 0;
    dt_init("MPDEMO - MEMPOOL at work");
    rz(&r);
    r.ax = 0x6200;
    port_int(0x21, &r);
    psp = r.bx;
    printf("\n");

    rc = mem_load("MEMPOOL.MOD", &cfg, &mod);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD");
    if (rc != MEM_OK) {
        printf("MPDEMO: MEMPOOL.MOD did not load: %s\n", mem_error_name(rc));
        printf("mpdemo: %d passed, %d failed\n", dt_passed, dt_failed);
        return 1;
    }
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    DT_EQ(mem_info(fp_of(&info)), MEM_OK, "mem_info");
    if (cfg.flags & MEM_CFG_NO_XMS)
        DT_EQ(info.flags & MEM_INFO_XMS, 0, "/NOXMS: no XMS in use");
    if (cfg.flags & MEM_CFG_NO_UMB)
        DT_EQ(info.umb_paras, 0, "/NOUMB: nothing in upper memory");
    if (cfg.flags & MEM_CFG_FORCE_286)
        DT_EQ(info.flags & MEM_INFO_COPY386, 0, "/286: 286 copy path");

    system_report();
    pool_report("Pools after load (blocks; Low = fewest free seen)");

    printf("NIC-like workload\n");
    rx_workload();
    dma_workload();
    xms_workload();
    DT_EQ(mem_pool_check(), MEM_OK, "pool check clean after the workload");
    printf("\n");

    lay = fopen("LAYOUT.TXT", "w");
    if (lay)
        lay_line("conv", "top", (unsigned long)conv_kb() * 64, 0UL);
    dma_report();
    {   /* name every pool's first arena for the block list */
        struct mem_pool_stats s;
        for (i = 0; pool_id(i) >= 0; i++) {
            memset(&s, 0, sizeof(s));
            s.size = sizeof(s);
            if (mem_pool_stats((mem_u16)pool_id(i), fp_of(&s)) == MEM_OK && s.first_seg)
                mark(MEM_FP(s.first_seg, 0), "pool", pool_name(pool_id(i)));
        }
    }
    printf("Memory blocks (MCB chain%s)\n",
           (info.dos_version >> 8) >= 5 ? ", UMBs linked for the walk" : "");
    mcb_walk(1);
    if (lay)
        fclose(lay);
    printf("\n");
    figures();
    dma_done();

    mem_pool_service();
    pool_report("Pools after the workload");
    for (i = 0; pool_id(i) >= 0; i++) {
        struct mem_pool_stats s;
        memset(&s, 0, sizeof(s));
        s.size = sizeof(s);
        mem_pool_stats((mem_u16)pool_id(i), fp_of(&s));
        if (s.used != 0)
            printf("  pool %s: %u blocks still out\n", pool_name(pool_id(i)), s.used);
        DT_EQ(s.used, 0, "every block returned");
    }
    DT_EQ(mem_pool_check(), MEM_OK, "pool check clean");
    seal_report();
    rc = mem_unload(&mod);
    DT_EQ(rc, MEM_OK, "unload frees every arena, UMB and XMS handle");
    printf("mpdemo: %d passed, %d failed\n", dt_passed, dt_failed);
    return dt_failed != 0;
}
