/*
 * mod_load.c - load MEMPOOL.MOD the way the packet-driver core loads a
 * module: through its 64-byte header, checking everything before any of
 * its code runs.  Client library (DOS); uses only INT 21h through the port.
 */
#include "port.h"
#include "module_abi.h"
#include "mem_api_idx.h"

extern mem_u32 mem_api_tab[];                   /* mem_stubs.asm */
mem_u32 mod_call(u16 seg, u16 off, u16 nargs, const u16 *args);
u16 mod_cpu_class(void);                        /* client_call.asm */
void pool_stubs_bind(int bind);                 /* pool_stubs.asm */
void copy_bind(int use386);                     /* copy.asm */

static u16 loaded_seg = 0;                      /* one module per program */
static u16 loaded_api = 0;                      /* its API table's offset */

static void clear(struct port_regs *r)
{
    r->ax = r->bx = r->cx = r->dx = r->si = r->di = r->ds = r->es = 0;
    r->flags = 0;
}

static int dos(struct port_regs *r)
{
    port_int(0x21, r);
    return (r->flags & PORT_CF) ? -1 : 0;
}

static void dos_close(u16 fh)
{
    struct port_regs r;
    clear(&r);
    r.ax = 0x3E00;
    r.bx = fh;
    dos(&r);
}

static void dos_free(u16 seg)
{
    struct port_regs r;
    clear(&r);
    r.ax = 0x4900;
    r.es = seg;
    dos(&r);
}

/* Header checks that need no memory and run no module code. */
static int check_header(const struct mod_header *h)
{
    if (h->magic[0] != MOD_MAGIC0 || h->magic[1] != MOD_MAGIC1 ||
        h->magic[2] != MOD_MAGIC2 || h->magic[3] != MOD_MAGIC3)
        return MOD_E_MAGIC;
    if ((h->abi_version >> 8) != (MOD_ABI_VERSION >> 8) || h->hdr_size != MOD_HDR_SIZE)
        return MOD_E_VERSION;
    /* A flag this loader does not know asks for something it cannot do. */
    if (h->flags & ~MOD_F_KNOWN)
        return MOD_E_VERSION;
    if (h->min_cpu > mod_cpu_class())
        return MOD_E_CPU;
    if (h->image_bytes < MOD_HDR_SIZE || h->cold_off < MOD_HDR_SIZE ||
        h->cold_off > h->image_bytes)
        return MOD_E_SIZE;
    /* total_paras covers the image; resident part covers everything before
     * cold_off; a module is at most 64 KB (0x1000 paragraphs). */
    if (h->total_paras > 0x1000 || h->resident_paras > h->total_paras ||
        ((mem_u32)h->total_paras << 4) < h->image_bytes ||
        ((mem_u32)h->resident_paras << 4) < h->cold_off)
        return MOD_E_SIZE;
    if (h->init_off < MOD_HDR_SIZE || h->init_off >= h->cold_off ||
        h->unload_off < MOD_HDR_SIZE || h->unload_off >= h->cold_off)
        return MOD_E_SIZE;
    if (h->api_count < MEM_API_COUNT)
        return MOD_E_API;
    /* The table lies in the resident part: api_off + 2 * api_count <=
     * cold_off, bounded without a sum that could wrap in 16 bits. */
    if (h->api_off < MOD_HDR_SIZE || h->api_off > h->cold_off ||
        h->api_count > (u16)(h->cold_off - h->api_off) / 2)
        return MOD_E_API;
    return MEM_OK;
}

/* Every entry of the table in memory points into the resident part, past
 * the header: [MOD_HDR_SIZE, cold_off).  Anything else would send the
 * first call into the header, into the init part that is freed after init,
 * or out of the block. */
static int check_table(u16 seg, const struct mod_header *h)
{
    u16 i, off;

    for (i = 0; i < h->api_count; i++) {
        off = port_peekw(seg, (u16)(h->api_off + 2 * i));
        if (off < MOD_HDR_SIZE || off >= h->cold_off)
            return MOD_E_API;
    }
    return MEM_OK;
}

/* Word sum of the image in memory, odd byte zero-padded. */
static u16 image_sum(u16 seg, u16 bytes)
{
    u16 sum = 0, i;
    for (i = 0; i + 1 < bytes; i += 2)
        sum = (u16)(sum + port_peekw(seg, i));
    if (bytes & 1)
        sum = (u16)(sum + port_peekb(seg, (u16)(bytes - 1)));
    return sum;
}

/* Read the module's API table into the stubs' far pointers. */
static void bind(u16 seg)
{
    u16 i;
    for (i = 0; i < MEM_API_COUNT; i++)
        mem_api_tab[i] = MEM_FP(seg, port_peekw(seg, (u16)(loaded_api + 2 * i)));
    pool_stubs_bind(1);
}

/* The library's copy family takes the 386 path when the CPU is a 386 or
 * later and the module chose its own 386 path too (MEM_INFO_COPY386: not
 * with MEM_CFG_FORCE_286), so both answer alike.  Asked once, at load:
 * mem_info may be sealed away later. */
static int copy_path386(void)
{
    struct mem_info info;

    if (MEM_CPU_TYPE(mem_cpu()) < MEM_CPU_386)
        return 0;
    info.size = sizeof(info);
    info.flags = 0;
    if (mem_info(MEM_FP(port_ds(), (u16)&info)) != MEM_OK)
        return 0;
    return (info.flags & MEM_INFO_COPY386) != 0;
}

int mem_load(const char *path, const struct mem_config *cfg, struct mem_module *m)
{
    struct mod_header h;
    struct port_regs r;
    u16 fh, seg, i, args[2];
    const u8 *hp;
    int rc;

    if (loaded_seg != 0)
        return MEM_E_STATE;
    if (path == 0 || m == 0)
        return MEM_E_INVAL;

    clear(&r);
    r.ax = 0x3D00;                              /* open, read only */
    r.dx = (u16)path;
    if (dos(&r))
        return MOD_E_OPEN;
    fh = r.ax;

    clear(&r);
    r.ax = 0x3F00;
    r.bx = fh;
    r.cx = MOD_HDR_SIZE;
    r.dx = (u16)&h;
    if (dos(&r)) {
        dos_close(fh);
        return MOD_E_READ;
    }
    if (r.ax != MOD_HDR_SIZE) {
        dos_close(fh);
        return MOD_E_TRUNC;
    }
    rc = check_header(&h);
    if (rc != MEM_OK) {
        dos_close(fh);
        return rc;
    }

    clear(&r);
    r.ax = 0x4202;                              /* file size */
    r.bx = fh;
    if (dos(&r)) {
        dos_close(fh);
        return MOD_E_READ;
    }
    if (r.dx != 0 || r.ax != h.image_bytes) {
        dos_close(fh);
        return (r.dx == 0 && r.ax < h.image_bytes) ? MOD_E_TRUNC : MOD_E_SIZE;
    }

    clear(&r);
    r.ax = 0x4800;
    r.bx = h.total_paras;
    if (dos(&r)) {
        dos_close(fh);
        return MOD_E_NOMEM;
    }
    seg = r.ax;

    clear(&r);
    r.ax = 0x4200;                              /* rewind */
    r.bx = fh;
    dos(&r);
    clear(&r);
    r.ax = 0x3F00;                              /* whole image into seg:0 */
    r.bx = fh;
    r.cx = h.image_bytes;
    r.ds = seg;
    r.dx = 0;
    rc = dos(&r);
    dos_close(fh);
    if (rc != 0 || r.ax != h.image_bytes) {
        dos_free(seg);
        return rc != 0 ? MOD_E_READ : MOD_E_TRUNC;
    }

    /* The image in memory must be the one whose header was checked, and
     * its checksum must hold, before a single instruction of it runs. */
    hp = (const u8 *)&h;
    for (i = 0; i < MOD_HDR_SIZE; i++)
        if (port_peekb(seg, i) != hp[i]) {
            dos_free(seg);
            return MOD_E_CHECKSUM;
        }
    if (image_sum(seg, h.image_bytes) != 0) {
        dos_free(seg);
        return MOD_E_CHECKSUM;
    }
    rc = check_table(seg, &h);
    if (rc != MEM_OK) {
        dos_free(seg);
        return rc;
    }

    args[0] = cfg ? (u16)cfg : 0;
    args[1] = cfg ? port_ds() : 0;
    rc = (int)(u16)mod_call(seg, h.init_off, 2, args);
    if (rc != MEM_OK) {
        dos_free(seg);
        return rc < 0 ? rc : MOD_E_INIT;
    }

    clear(&r);
    r.ax = 0x4A00;                              /* drop the init part */
    r.es = seg;
    r.bx = h.resident_paras;
    if (dos(&r)) {
        mod_call(seg, h.unload_off, 0, args);
        dos_free(seg);
        return MOD_E_NOMEM;
    }

    loaded_api = h.api_off;
    bind(seg);
    copy_bind(copy_path386());
    loaded_seg = seg;
    m->seg = seg;
    m->paras = h.resident_paras;
    m->api_count = h.api_count;
    m->unload_off = h.unload_off;
    return MEM_OK;
}

int mem_unload(struct mem_module *m)
{
    u16 i;
    int rc;

    if (m == 0 || m->seg == 0 || m->seg != loaded_seg)
        return MEM_E_STATE;
    rc = (int)(u16)mod_call(m->seg, m->unload_off, 0, (const u16 *)0);
    if (rc != MEM_OK)
        return rc;
    dos_free(m->seg);
    pool_stubs_bind(0);
    copy_bind(0);
    for (i = 0; i < MEM_API_COUNT; i++)
        mem_api_tab[i] = 0;
    loaded_seg = 0;
    m->seg = 0;
    return MEM_OK;
}

/* The module's seal entry gives back the paragraphs it keeps; the block
 * is shrunk to them here (as mem_load drops the init part) and the table,
 * whose entries the seal moved or replaced, read again. */
int seal_client(mem_u16 drop)           /* mem_seal (pool_stubs.asm) */
{
    struct port_regs r;
    u16 args[1];
    int rc;

    if (loaded_seg == 0)
        return MEM_E_STATE;
    args[0] = drop;
    rc = (int)(u16)mod_call(loaded_seg, MEM_FP_OFF(mem_api_tab[MEM_FN_SEAL]), 1, args);
    if (rc <= 0)
        return rc < 0 ? rc : MEM_E_STATE;
    clear(&r);
    r.ax = 0x4A00;
    r.es = loaded_seg;
    r.bx = (u16)rc;
    dos(&r);                                    /* a shrink cannot fail */
    bind(loaded_seg);
    return MEM_OK;
}
