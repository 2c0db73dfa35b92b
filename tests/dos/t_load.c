/*
 * t_load.c - MEMPOOL.MOD loaded through its header the way the packet-driver
 * core loads it, used through its far-call table, unloaded; every client
 * stub's answer while no module is bound; and every kind of bad module
 * file rejected before any of its code runs.
 *
 * Bad files are made from the good one.  Where a check could be skipped
 * the bad file's init entry is overwritten with "jmp $": had the loader run
 * it, DOSBox would hang and the runner's time limit would fail the test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dtest.h"
#include "memory_api.h"
#include "module_abi.h"
#include "mem_api_idx.h"
#include "port.h"

/* The image is kept in a DOS block (the module outgrows a near buffer);
 * bad files are made by patching it and writing it out. */
static unsigned img_seg;
static unsigned img_len;

static void regs0(struct port_regs *r)
{
    r->ax = r->bx = r->cx = r->dx = r->si = r->di = r->ds = r->es = 0;
    r->flags = 0;
}

static unsigned get16(unsigned off) { return port_peekw(img_seg, off); }
static void put16(unsigned off, unsigned v) { port_pokew(img_seg, off, v); }
static void put8(unsigned off, unsigned v) { port_pokeb(img_seg, off, (unsigned char)v); }

/* Read the whole file into img_seg:0; returns bytes read (0 = failure). */
static unsigned read_image(const char *name)
{
    struct port_regs r;
    unsigned fh, n;
    regs0(&r);
    r.ax = 0x3D00;
    r.dx = (unsigned)name;
    port_int(0x21, &r);
    if (r.flags & PORT_CF)
        return 0;
    fh = r.ax;
    regs0(&r);
    r.ax = 0x3F00;
    r.bx = fh;
    r.cx = 0xFFF0;
    r.ds = img_seg;
    port_int(0x21, &r);
    n = (r.flags & PORT_CF) ? 0 : r.ax;
    regs0(&r);
    r.ax = 0x3E00;
    r.bx = fh;
    port_int(0x21, &r);
    return n;
}

static void restore(void)
{
    read_image("MEMPOOL.MOD");
}

/* Recompute the checksum so that only the planted fault is wrong. */
static void fix_sum(unsigned len)
{
    unsigned i, sum = 0;
    put16(38, 0);
    for (i = 0; i + 1 < len; i += 2)
        sum += get16(i);
    if (len & 1)
        sum += port_peekb(img_seg, len - 1);
    put16(38, (unsigned)(0 - sum));
}

static int write_file(const char *name, unsigned len)
{
    struct port_regs r;
    unsigned fh, n;
    regs0(&r);
    r.ax = 0x3C00;
    r.dx = (unsigned)name;
    port_int(0x21, &r);
    if (r.flags & PORT_CF)
        return -1;
    fh = r.ax;
    regs0(&r);
    r.ax = 0x4000;
    r.bx = fh;
    r.cx = len;
    r.ds = img_seg;
    port_int(0x21, &r);
    n = (r.flags & PORT_CF) ? 0 : r.ax;
    regs0(&r);
    r.ax = 0x3E00;
    r.bx = fh;
    port_int(0x21, &r);
    return n == len ? 0 : -1;
}

static void plant_hang(void)
{
    unsigned init = get16(28);
    put8(init, 0xEB);               /* jmp $ */
    put8(init + 1, 0xFE);
}

/* Write a bad copy, try to load it, expect err and no memory taken. */
static void expect_reject(const char *file, unsigned len, int err, const char *what)
{
    struct mem_module m;
    unsigned before = dt_dos_largest(), after;
    int rc;

    DT_CHECK(write_file(file, len) == 0, "write bad module file");
    rc = mem_load(file, 0, &m);
    if (rc == MEM_OK)               /* wrongly accepted: keep the rest going */
        mem_unload(&m);
    after = dt_dos_largest();
    if (rc != err)
        printf("  %s: got %s, want %s\n", what, mem_error_name(rc), mem_error_name(err));
    DT_CHECK(rc == err, what);
    DT_EQ(after, before, "rejected load leaves DOS memory as it was");
    dt_delete(file);
}

/* Write a copy and expect it to load and unload (a boundary case). */
static void expect_accept(const char *file, unsigned len, const char *what)
{
    struct mem_module m;
    int rc;

    DT_CHECK(write_file(file, len) == 0, "write module file");
    rc = mem_load(file, 0, &m);
    if (rc != MEM_OK)
        printf("  %s: got %s\n", what, mem_error_name(rc));
    DT_EQ(rc, MEM_OK, what);
    if (rc == MEM_OK)
        DT_EQ(mem_unload(&m), MEM_OK, "and unloads");
    dt_delete(file);
}

/* Every client stub while no module is bound (before mem_load, after
 * mem_unload), walked from api.def's rows so a new entry is covered:
 * a far pointer is MEM_FP_NULL, mem_version and mem_cpu 0, anything else
 * MEM_E_STATE with DX = 0.  Each stub is called with six zero words, more
 * than any entry takes, so a stub that reached a module would only see
 * null pointers.  The copy family is the exception: the library runs it
 * itself (src/client/copy.asm) and it works with no module; lib_copy()
 * names it and unbound_copies() checks that it does its work. */
typedef mem_u32 (*stub_fn)();
struct api_row { char *name; int kind, words, ctx, ret, grp; };
static struct api_row rows[] = MEM_API_ROWS;
static stub_fn stubs[MEM_API_COUNT + 1];

/* bcc takes no casts in a static initializer: fill the table at run time. */
static unsigned stubs_fill(void)
{
    unsigned n = 0;
#define MEM_API_STUB(f) if (n < MEM_API_COUNT + 1) stubs[n++] = (stub_fn)f;
    MEM_API_STUBS
#undef MEM_API_STUB
    return n;
}

static int lib_copy(const char *name)
{
    return !strcmp(name, "copy") || !strcmp(name, "move") || !strcmp(name, "copy32") ||
           !strcmp(name, "fill") || !strcmp(name, "compare");
}

/* The copy family with no module bound: the 286 path, whatever the CPU. */
static unsigned char ub_a[40], ub_b[40];

static void unbound_copies(const char *when)
{
    unsigned i, bad = 0;
    mem_fp_t a = MEM_FP(port_ds(), (unsigned)ub_a), b = MEM_FP(port_ds(), (unsigned)ub_b);

    for (i = 0; i < sizeof(ub_a); i++) {
        ub_a[i] = (unsigned char)(i * 13 + 1);
        ub_b[i] = 0;
    }
    mem_copy(MEM_FP(port_ds(), (unsigned)ub_b + 1), MEM_FP(port_ds(), (unsigned)ub_a + 2), 33);
    for (i = 0; i < sizeof(ub_b); i++)
        if (ub_b[i] != ((i >= 1 && i < 34) ? ub_a[i + 1] : 0))
            bad++;
    mem_move(MEM_FP(port_ds(), (unsigned)ub_a + 3), a, 30);    /* overlapping, upward */
    for (i = 0; i < 30; i++)
        if (ub_a[i + 3] != (unsigned char)(i * 13 + 1))
            bad++;
    mem_fill(b, 0x5A, 7);
    for (i = 0; i < 7; i++)
        if (ub_b[i] != 0x5A)
            bad++;
    mem_copy32(a, b, (mem_u32)20);             /* a[0..19] = b[0..19] */
    if (mem_compare(a, b, 20) != 0)
        bad++;
    ub_b[5] = 0x10;
    if (mem_compare(a, b, 20) != 0x5A - 0x10)
        bad++;
    DT_EQ(bad, 0, "the copy family works with no module bound");
    printf("  %s: mem_copy, mem_move, mem_fill, mem_copy32, mem_compare work unbound\n", when);
}

static void unbound(const char *when)
{
    struct mem_info info;
    mem_u32 got, want;
    unsigned i, n = 0;

    DT_EQ(sizeof(rows) / sizeof(rows[0]), MEM_API_COUNT, "api.def rows: one per entry");
    DT_EQ(stubs_fill(), MEM_API_COUNT, "api.def stubs: one per entry");
    for (i = 0; i < MEM_API_COUNT; i++) {
        if (rows[i].kind == MEM_KIND_REG) {
            DT_CHECK(stubs[i] == 0, "a reg entry has no C stub");
            continue;
        }
        if (lib_copy(rows[i].name))
            continue;
        got = (*stubs[i])(0, 0, 0, 0, 0, 0);
        if (rows[i].ret == MEM_RET_FP || rows[i].ret == MEM_RET_U16)
            want = 0;
        else
            want = (mem_u16)MEM_E_STATE;
        if (got != want)
            printf("  %s: mem_%s() unbound = %04X:%04X, want %04X:%04X\n", when,
                   rows[i].name, (unsigned)(got >> 16), (unsigned)got,
                   (unsigned)(want >> 16), (unsigned)want);
        DT_CHECK(got == want, "unbound stub answers by its return type");
        n++;
    }
    printf("  %s: %u stubs answer without a module\n", when, n);
    /* The calls a NIC driver makes, typed as it makes them. */
    DT_CHECK(mem_small_alloc((mem_u16)16) == MEM_FP_NULL, "unbound mem_small_alloc(16) is MEM_FP_NULL");
    DT_CHECK(mem_pkt_alloc((mem_u16)60) == MEM_FP_NULL, "unbound mem_pkt_alloc(60) is MEM_FP_NULL");
    DT_EQ(mem_version(), 0, "unbound mem_version is 0 (no API)");
    DT_EQ(mem_cpu(), 0, "unbound mem_cpu is 0 (claims nothing)");
    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    DT_EQ(mem_info(MEM_FP(port_ds(), (unsigned)&info)), MEM_E_STATE, "unbound mem_info is MEM_E_STATE");
    DT_EQ(mem_small_free(MEM_FP_NULL), MEM_E_STATE, "unbound mem_small_free is MEM_E_STATE");
    unbound_copies(when);
}

static void good_load(void)
{
    struct mem_module m, m2;
    struct mem_info info;
    struct port_regs r;
    unsigned before = dt_dos_largest();
    unsigned dosver;
    int rc;

    rc = mem_load("MEMPOOL.MOD", 0, &m);
    DT_EQ(rc, MEM_OK, "load MEMPOOL.MOD");
    if (rc != MEM_OK)
        return;
    DT_CHECK(m.seg != 0, "module segment given");
    DT_EQ(m.paras, get16(22), "block holds the resident paragraphs");
    DT_EQ(port_peekw((unsigned)(m.seg - 1), 3), m.paras,
          "DOS block shrunk to the resident part (MCB size)");
    DT_EQ(m.api_count, MEM_API_COUNT, "API table size");
    DT_EQ(mem_load("MEMPOOL.MOD", 0, &m2), MEM_E_STATE, "second load refused");

    DT_EQ(mem_version(), MEM_API_VERSION, "mem_version through the far table");

    memset(&info, 0, sizeof(info));
    info.size = sizeof(info);
    rc = mem_info(MEM_FP(port_ds(), (unsigned)&info));
    DT_EQ(rc, MEM_OK, "mem_info");
    DT_EQ(info.size, sizeof(info), "info.size untouched");
    DT_EQ(info.api_version, MEM_API_VERSION, "info.api_version");
    DT_EQ(info.module_seg, m.seg, "info.module_seg");
    DT_EQ(info.resident_bytes, m.paras * 16u, "info.resident_bytes");
    DT_EQ(info.init_bytes, img_len - get16(26), "info.init_bytes");
    r.ax = 0x3000;
    r.bx = r.cx = r.dx = r.si = r.di = r.ds = r.es = 0;
    port_int(0x21, &r);
    dosver = ((r.ax & 0xFF) << 8) | (r.ax >> 8);
    DT_EQ(info.dos_version, dosver, "info.dos_version matches INT 21h/30h");
    printf("  module at %04X, %u bytes resident, %u bytes init (discarded), DOS %u.%02u\n",
           m.seg, info.resident_bytes, info.init_bytes, dosver >> 8, dosver & 0xFF);
    DT_EQ(mem_info(MEM_FP_NULL), MEM_E_INVAL, "mem_info(NULL) is an error");

    DT_EQ(mem_unload(&m), MEM_OK, "unload");
    DT_EQ(dt_dos_largest(), before, "unload frees the module's block");
    unbound("after unload");
    DT_EQ(mem_unload(&m), MEM_E_STATE, "second unload refused");
}

static void bad_config(void)
{
    struct mem_module m;
    struct mem_config cfg;
    unsigned before = dt_dos_largest();

    memset(&cfg, 0, sizeof(cfg));
    cfg.size = 2;                   /* too small to hold the flags */
    DT_EQ(mem_load("MEMPOOL.MOD", &cfg, &m), MEM_E_INVAL, "init refuses a bad config");
    DT_EQ(dt_dos_largest(), before, "failed init frees the block");
    cfg.size = sizeof(cfg);
    DT_EQ(mem_load("MEMPOOL.MOD", &cfg, &m), MEM_OK, "init takes a good config");
    DT_EQ(mem_unload(&m), MEM_OK, "unload after config load");
}

/* Patch API table entry i to off, checksum fixed: only the entry is bad. */
static void entry_file(unsigned i, unsigned off, int hang)
{
    restore();
    put16(get16(32) + 2 * i, off);
    if (hang)
        plant_hang();
    fix_sum(img_len);
}

/* Table entries outside the resident part past the header, and table
 * sizes whose end wraps past 64 KB, refused before init runs (the init
 * entry hangs); the boundary entries still load. */
static void bad_table(void)
{
    unsigned cold = get16(26), api = get16(32), fit;

    entry_file(0, 0, 1);
    expect_reject("ENT0.MOD", img_len, MOD_E_API, "API entry 0000h (in the header)");
    entry_file(MEM_FN_POOL_SERVICE, 0xFFFF, 1);
    expect_reject("ENTF.MOD", img_len, MOD_E_API, "API entry FFFFh (past the block)");
    entry_file(MEM_API_COUNT - 1, cold, 1);
    expect_reject("ENTC.MOD", img_len, MOD_E_API, "API entry at cold_off (the init part)");
    entry_file(MEM_FN_SMALL_ALLOC, img_len - 2, 1);
    expect_reject("ENTI.MOD", img_len, MOD_E_API, "API entry at the image's end (the init part)");
    entry_file(MEM_FN_INFO, MOD_HDR_SIZE - 1, 1);
    expect_reject("ENTH.MOD", img_len, MOD_E_API, "API entry 63 (last header byte)");
    /* The first and the last byte of the allowed range load (the patched
     * entry is one this test never calls). */
    entry_file(MEM_FN_PKT_GIVE, MOD_HDR_SIZE, 0);
    expect_accept("ENTL.MOD", img_len, "API entry 64 (first byte past the header) loads");
    entry_file(MEM_FN_PKT_GIVE, cold - 1, 0);
    expect_accept("ENTR.MOD", img_len, "API entry cold_off - 1 loads");

    /* api_count: 2 * 8000h and 2 * 8001h wrap to 0 and 2 in 16 bits. */
    restore();
    put16(34, 0x8000);
    plant_hang();
    fix_sum(img_len);
    expect_reject("CNT0.MOD", img_len, MOD_E_API, "api_count 8000h (end wraps to api_off)");
    restore();
    put16(34, 0x8001);
    plant_hang();
    fix_sum(img_len);
    expect_reject("CNT1.MOD", img_len, MOD_E_API, "api_count 8001h (end wraps past api_off)");
    fit = (cold - api) / 2;         /* most entries before cold_off */
    restore();
    put16(34, fit + 1);
    plant_hang();
    fix_sum(img_len);
    expect_reject("CNT2.MOD", img_len, MOD_E_API, "api_count one past cold_off");
    restore();
    put16(32, cold + 2);            /* the table itself in the init part */
    plant_hang();
    fix_sum(img_len);
    expect_reject("TOFF.MOD", img_len, MOD_E_API, "API table past cold_off");
    restore();
}

/* Every flag bit this loader does not know: refused as a newer ABI. */
static void bad_flags(void)
{
    unsigned bit;
    char what[48];

    for (bit = 0x02; bit <= 0x80; bit <<= 1) {
        restore();
        put8(19, MOD_F_COLD | bit);
        plant_hang();
        fix_sum(img_len);
        sprintf(what, "unknown header flag %02Xh", bit);
        expect_reject("FLAG.MOD", img_len, MOD_E_VERSION, what);
    }
    restore();
}

static void bad_files(void)
{
    struct mem_module m;

    DT_EQ(mem_load("NOSUCH.MOD", 0, &m), MOD_E_OPEN, "missing file");
    expect_reject("SHORT.MOD", 30, MOD_E_TRUNC, "file shorter than a header");
    expect_reject("TRUNC.MOD", img_len - 10, MOD_E_TRUNC, "truncated image");

    restore();
    put8(0, 'X');
    expect_reject("MAGIC.MOD", img_len, MOD_E_MAGIC, "wrong magic");
    restore();

    put16(4, 0x0200);
    fix_sum(img_len);
    expect_reject("ABI.MOD", img_len, MOD_E_VERSION, "ABI major 2");
    restore();

    put8(18, 9);                    /* min_cpu: a CPU from the future */
    plant_hang();
    fix_sum(img_len);
    expect_reject("CPU.MOD", img_len, MOD_E_CPU, "CPU older than min_cpu");
    restore();

    put16(24, 0xF000);         /* total_paras: oversize */
    plant_hang();
    fix_sum(img_len);
    expect_reject("BIG.MOD", img_len, MOD_E_SIZE, "oversize module");

    restore();
    put16(28, get16(26)); /* init entry inside the init part */
    fix_sum(img_len);
    expect_reject("ENTRY.MOD", img_len, MOD_E_SIZE, "init entry outside the resident part");
    restore();

    put16(34, 0);              /* api_count */
    plant_hang();
    fix_sum(img_len);
    expect_reject("API.MOD", img_len, MOD_E_API, "empty API table");
    restore();

    plant_hang();                /* checksum now wrong; init would hang */
    expect_reject("SUM.MOD", img_len, MOD_E_CHECKSUM, "bad checksum, init never runs");
    restore();

    bad_table();
    bad_flags();

    /* the original still loads after all that */
    DT_EQ(mem_load("MEMPOOL.MOD", 0, &m), MEM_OK, "good module loads again");
    DT_EQ(mem_unload(&m), MEM_OK, "and unloads");
}

int main(void)
{
    struct port_regs r;
    dt_init("t_load: module loader");
    regs0(&r);
    r.ax = 0x4800;
    r.bx = 0x1000;                  /* 64 KB for the image */
    port_int(0x21, &r);
    DT_CHECK(!(r.flags & PORT_CF), "DOS block for the image");
    if (!(r.flags & PORT_CF)) {
        img_seg = r.ax;
        img_len = read_image("MEMPOOL.MOD");
        DT_CHECK(img_len > MOD_HDR_SIZE, "read MEMPOOL.MOD");
        DT_EQ(get16(20), img_len, "header image_bytes = file size");
        unbound("before load");
        good_load();
        bad_config();
        bad_files();
        regs0(&r);
        r.ax = 0x4900;
        r.es = img_seg;
        port_int(0x21, &r);
    }
    return dt_done();
}
