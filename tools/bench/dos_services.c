/* dos_services.c - the DOS and BIOS services a bench program needs.
 *
 * Served only when the vector still points at its F000:n IRET stub (the
 * program has not installed its own handler).  None of this host work is
 * priced: the INT instruction is, by cpu_trace.c.  Results go back through the
 * registers and CF/ZF in FLAGS, as DOS would leave them after its IRET.
 *
 * Memory (48h/49h/4Ah): conventional memory from SEG_PSP up to SEG_TOP is a
 * list of contiguous blocks.  The program's own block is the PSP block, 64 KB
 * (PSP:0002 = SEG_ARENA); the rest, SEG_ARENA..SEG_TOP-1, is free at start.
 * Allocation is first fit, freeing merges neighbours, 4Ah shrinks in place or
 * grows into a free successor.  Deviations from DOS, on purpose: no MCB
 * paragraphs are written into emulated memory (a block starts exactly at the
 * returned segment and nothing sits below it), and a request for 0 paragraphs
 * is served as 1.
 *
 * Files (3Dh open, 3Fh read, 42h seek, 3Eh close): read-only access to the
 * host files in one directory (run_config.dir: --dir, or the directory of the
 * .COM).  A DOS name is matched case-insensitively, component by component;
 * a drive letter and leading backslashes are dropped and ".." is refused, so
 * the program sees that directory as the root of drive C:.  Opening for
 * writing is refused with AX = 5 (access denied).  Handles are 5..12.
 *
 * Memory strategy and UMB link (5800h-5803h): answered as MS-DOS 5 does
 * without DOS=UMB: 5800h/5801h get and set the strategy (allocation stays
 * low, there being no upper memory), 5802h says "not linked" (AL = 0), 5803h
 * fails with CF = 1, AX = 1, for link and unlink alike (DOSBox with umb=false
 * answers the same).
 */
#include "bench86.h"

#include <dirent.h>
#include <string.h>

static uint16_t r16(uc_engine *uc, int reg)
{
    uint16_t v = 0;
    uc_reg_read(uc, reg, &v);
    return v;
}

static void w16(uc_engine *uc, int reg, uint16_t v)
{
    uc_reg_write(uc, reg, &v);
}

static void set_flag(uc_engine *uc, uint32_t bit, int on)
{
    uint32_t fl = 0;
    uc_reg_read(uc, UC_X86_REG_EFLAGS, &fl);
    fl = on ? (fl | bit) : (fl & ~bit);
    uc_reg_write(uc, UC_X86_REG_EFLAGS, &fl);
}

static void out_bytes(struct dos_state *d, const void *p, size_t n)
{
    if (d->echo) {
        fwrite(p, 1, n, stdout);
        fflush(stdout);
    }
}

void dos_init(struct dos_state *d, int echo, const char *dir, int vds)
{
    memset(d, 0, sizeof *d);
    d->echo = echo;
    snprintf(d->dir, sizeof d->dir, "%s", dir && *dir ? dir : ".");
    d->blk[0].seg = SEG_PSP;
    d->blk[0].paras = SEG_ARENA - SEG_PSP;
    d->blk[0].owner = SEG_PSP;
    d->blk[1].seg = SEG_ARENA;
    d->blk[1].paras = (vds ? SEG_VDSBUF : SEG_TOP) - SEG_ARENA;
    if (vds)
        vds_init(&d->vds);
    d->blk[1].owner = 0;
    d->nblk = 2;
}

static void blk_insert(struct dos_state *d, int at, uint16_t seg, uint16_t paras,
                       uint16_t owner)
{
    memmove(&d->blk[at + 1], &d->blk[at], (size_t)(d->nblk - at) * sizeof d->blk[0]);
    d->blk[at].seg = seg;
    d->blk[at].paras = paras;
    d->blk[at].owner = owner;
    d->nblk++;
}

static void blk_remove(struct dos_state *d, int at)
{
    memmove(&d->blk[at], &d->blk[at + 1], (size_t)(d->nblk - at - 1) * sizeof d->blk[0]);
    d->nblk--;
}

/* Merge block i with free neighbours (i itself must be free). */
static void blk_merge(struct dos_state *d, int i)
{
    if (i + 1 < d->nblk && d->blk[i + 1].owner == 0) {
        d->blk[i].paras = (uint16_t)(d->blk[i].paras + d->blk[i + 1].paras);
        blk_remove(d, i + 1);
    }
    if (i > 0 && d->blk[i - 1].owner == 0) {
        d->blk[i - 1].paras = (uint16_t)(d->blk[i - 1].paras + d->blk[i].paras);
        blk_remove(d, i);
    }
}

static int blk_find(struct dos_state *d, uint16_t seg)
{
    int i;
    for (i = 0; i < d->nblk; i++)
        if (d->blk[i].seg == seg && d->blk[i].owner != 0)
            return i;
    return -1;
}

int arena_alloc(struct dos_state *d, uint16_t paras, uint16_t *out)
{
    int i;
    uint16_t largest = 0;
    if (paras == 0)
        paras = 1;
    for (i = 0; i < d->nblk; i++) {
        struct arena_block *b = &d->blk[i];
        if (b->owner != 0)
            continue;
        if (b->paras >= paras) {
            if (b->paras > paras) {
                if (d->nblk == ARENA_MAX_BLOCKS)
                    return 8;
                blk_insert(d, i + 1, (uint16_t)(b->seg + paras),
                           (uint16_t)(b->paras - paras), 0);
                b = &d->blk[i];
                b->paras = paras;
            }
            b->owner = SEG_PSP;
            *out = b->seg;
            return 0;
        }
        if (b->paras > largest)
            largest = b->paras;
    }
    *out = largest;
    return 8;
}

int arena_free(struct dos_state *d, uint16_t seg)
{
    int i = blk_find(d, seg);
    if (i < 0)
        return 9;
    d->blk[i].owner = 0;
    blk_merge(d, i);
    return 0;
}

int arena_resize(struct dos_state *d, uint16_t seg, uint16_t paras, uint16_t *max)
{
    int i = blk_find(d, seg);
    struct arena_block *b;
    uint32_t avail;

    if (i < 0)
        return 9;
    if (paras == 0)
        paras = 1;
    b = &d->blk[i];
    if (paras <= b->paras) {
        if (paras < b->paras) {
            if (d->nblk == ARENA_MAX_BLOCKS)
                return 8;
            blk_insert(d, i + 1, (uint16_t)(b->seg + paras),
                       (uint16_t)(b->paras - paras), 0);
            d->blk[i].paras = paras;
            blk_merge(d, i + 1);
        }
        return 0;
    }
    avail = b->paras;
    if (i + 1 < d->nblk && d->blk[i + 1].owner == 0)
        avail += d->blk[i + 1].paras;
    if (avail < paras) {
        *max = (uint16_t)(avail > 0xFFFF ? 0xFFFF : avail);
        return 8;
    }
    {
        struct arena_block *nx = &d->blk[i + 1];
        uint16_t take = (uint16_t)(paras - b->paras);
        if (nx->paras == take) {
            blk_remove(d, i + 1);
        } else {
            nx->seg = (uint16_t)(nx->seg + take);
            nx->paras = (uint16_t)(nx->paras - take);
        }
        d->blk[i].paras = paras;
    }
    return 0;
}

void dos_finish(struct dos_state *d)
{
    int i;
    for (i = 0; i < DOS_MAX_FILES; i++)
        if (d->file[i].f) {
            fclose(d->file[i].f);
            d->file[i].f = NULL;
        }
}

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int same_name(const char *a, const char *b)
{
    while (*a && lower((unsigned char)*a) == lower((unsigned char)*b)) {
        a++;
        b++;
    }
    return *a == 0 && *b == 0;
}

/* Resolve a DOS path (drive and backslashes allowed) to a host path below
 * d->dir.  Returns 0, or the DOS error: 2 file not found, 3 path not found. */
static int host_path(struct dos_state *d, const char *dos, char *out, size_t n)
{
    char comp[256];
    const char *p = dos;
    size_t len;

    if (p[0] && p[1] == ':')
        p += 2;
    snprintf(out, n, "%s", d->dir);
    while (*p) {
        size_t k = 0;
        DIR *dh;
        struct dirent *de;
        int found = 0, last;
        while (*p == '\\' || *p == '/')
            p++;
        if (!*p)
            break;
        while (*p && *p != '\\' && *p != '/' && k + 1 < sizeof comp)
            comp[k++] = *p++;
        comp[k] = 0;
        last = *p == 0;
        if (strcmp(comp, "..") == 0 || strcmp(comp, ".") == 0)
            return last ? 2 : 3;
        dh = opendir(out);
        if (!dh)
            return 3;
        while ((de = readdir(dh)) != NULL)
            if (same_name(de->d_name, comp)) {
                len = strlen(out);
                snprintf(out + len, n - len, "/%s", de->d_name);
                found = 1;
                break;
            }
        closedir(dh);
        if (!found)
            return last ? 2 : 3;
    }
    return 0;
}

static FILE **handle_file(struct dos_state *d, uint16_t bx)
{
    if (bx < DOS_FIRST_FH || bx >= DOS_FIRST_FH + DOS_MAX_FILES)
        return NULL;
    if (!d->file[bx - DOS_FIRST_FH].f)
        return NULL;
    return &d->file[bx - DOS_FIRST_FH].f;
}

static void unknown(uc_engine *uc, struct dos_state *d, unsigned intno)
{
    uint16_t ax = r16(uc, UC_X86_REG_AX);
    uint16_t cs = r16(uc, UC_X86_REG_CS), ip = r16(uc, UC_X86_REG_IP);
    d->warnings++;
    fprintf(stderr, "bench86: warning: unsupported INT %02Xh AX=%04X at %04X:%04X "
            "(CF=1 returned)\n", intno, ax, cs, (uint16_t)(ip - 2));
    set_flag(uc, EFL_CF, 1);
}

static void dos_result(uc_engine *uc, int err, uint16_t ax_ok)
{
    if (err) {
        w16(uc, UC_X86_REG_AX, (uint16_t)err);
        set_flag(uc, EFL_CF, 1);
    } else {
        w16(uc, UC_X86_REG_AX, ax_ok);
        set_flag(uc, EFL_CF, 0);
    }
}

static int int21(uc_engine *uc, struct dos_state *d)
{
    uint16_t ax = r16(uc, UC_X86_REG_AX);
    uint8_t ah = (uint8_t)(ax >> 8), al = (uint8_t)ax;
    uint32_t ds = (uint32_t)r16(uc, UC_X86_REG_DS) << 4;
    uint16_t dx = r16(uc, UC_X86_REG_DX);

    switch (ah) {
    case 0x02: {
        uint8_t c = (uint8_t)dx;
        out_bytes(d, &c, 1);
        w16(uc, UC_X86_REG_AX, (uint16_t)((ax & 0xFF00) | c));
        return 0;
    }
    case 0x06:
        if ((uint8_t)dx == 0xFF) {         /* input request: nothing waiting */
            w16(uc, UC_X86_REG_AX, (uint16_t)(ax & 0xFF00));
            set_flag(uc, EFL_ZF, 1);
        } else {
            uint8_t c = (uint8_t)dx;
            out_bytes(d, &c, 1);
        }
        return 0;
    case 0x09: {
        uint32_t p = ds + dx;
        unsigned i;
        for (i = 0; i < 0x10000u; i++) {
            uint8_t c = 0;
            uc_mem_read(uc, p + i, &c, 1);
            if (c == '$')
                break;
            out_bytes(d, &c, 1);
        }
        w16(uc, UC_X86_REG_AX, (uint16_t)((ax & 0xFF00) | '$'));
        return 0;
    }
    case 0x19:
        w16(uc, UC_X86_REG_AX, (uint16_t)(ax & 0xFF00) | 2);   /* C: */
        return 0;
    case 0x25: {
        uint16_t v[2];
        v[0] = dx;
        v[1] = r16(uc, UC_X86_REG_DS);
        uc_mem_write(uc, (uint32_t)al * 4u, v, 4);
        return 0;
    }
    case 0x2A:                              /* fixed date: Sunday 1995-01-01 */
        w16(uc, UC_X86_REG_CX, 1995);
        w16(uc, UC_X86_REG_DX, 0x0101);
        w16(uc, UC_X86_REG_AX, (uint16_t)(ax & 0xFF00));
        return 0;
    case 0x2C:                              /* fixed time: 12:00:00.00 */
        w16(uc, UC_X86_REG_CX, 0x0C00);
        w16(uc, UC_X86_REG_DX, 0);
        return 0;
    case 0x30:                              /* DOS 5.0, OEM 0 */
        w16(uc, UC_X86_REG_AX, 0x0005);
        w16(uc, UC_X86_REG_BX, 0);
        w16(uc, UC_X86_REG_CX, 0);
        return 0;
    case 0x35: {
        uint16_t v[2];
        uc_mem_read(uc, (uint32_t)al * 4u, v, 4);
        w16(uc, UC_X86_REG_BX, v[0]);
        w16(uc, UC_X86_REG_ES, v[1]);
        return 0;
    }
    case 0x3D: {                            /* open (read only) */
        char name[128], path[DOS_PATH_MAX];
        unsigned i;
        int e, h;
        for (i = 0; i < sizeof name - 1; i++) {
            uint8_t c = 0;
            uc_mem_read(uc, ds + (uint16_t)(dx + i), &c, 1);
            name[i] = (char)c;
            if (!c)
                break;
        }
        name[i] = 0;
        if ((al & 7) != 0) {
            dos_result(uc, 5, 0);          /* access denied: no writing */
            return 0;
        }
        e = host_path(d, name, path, sizeof path);
        if (e) {
            dos_result(uc, e, 0);
            return 0;
        }
        for (h = 0; h < DOS_MAX_FILES && d->file[h].f; h++)
            ;
        if (h == DOS_MAX_FILES) {
            dos_result(uc, 4, 0);          /* too many open files */
            return 0;
        }
        d->file[h].f = fopen(path, "rb");
        if (!d->file[h].f) {
            dos_result(uc, 2, 0);
            return 0;
        }
        dos_result(uc, 0, (uint16_t)(DOS_FIRST_FH + h));
        return 0;
    }
    case 0x3E: {                            /* close */
        uint16_t bx = r16(uc, UC_X86_REG_BX);
        FILE **f = handle_file(d, bx);
        if (f) {
            fclose(*f);
            *f = NULL;
            dos_result(uc, 0, ax);
        } else {
            dos_result(uc, bx <= 4 ? 0 : 6, ax);
        }
        return 0;
    }
    case 0x3F: {                            /* read into DS:DX */
        uint16_t bx = r16(uc, UC_X86_REG_BX), cx = r16(uc, UC_X86_REG_CX);
        FILE **f = handle_file(d, bx);
        uint8_t buf[512];
        uint32_t done = 0;
        if (!f) {
            dos_result(uc, bx == 0 ? 0 : 6, 0);   /* stdin: end of file */
            return 0;
        }
        while (done < cx) {
            size_t want = cx - done > sizeof buf ? sizeof buf : cx - done;
            size_t got = fread(buf, 1, want, *f);
            uint32_t i;
            for (i = 0; i < got; i++)      /* offsets wrap inside DS as on a 286 */
                uc_mem_write(uc, (ds + (uint16_t)(dx + done + i)) & 0xFFFFFu, &buf[i], 1);
            done += (uint32_t)got;
            if (got < want)
                break;
        }
        dos_result(uc, 0, (uint16_t)done);
        return 0;
    }
    case 0x42: {                            /* seek: CX:DX from start/current/end */
        uint16_t bx = r16(uc, UC_X86_REG_BX), cx = r16(uc, UC_X86_REG_CX);
        FILE **f = handle_file(d, bx);
        int32_t off = (int32_t)(((uint32_t)cx << 16) | dx);
        long pos;
        int whence = al == 0 ? SEEK_SET : al == 1 ? SEEK_CUR : SEEK_END;
        if (!f) {
            dos_result(uc, 6, 0);
            return 0;
        }
        if (al > 2) {
            dos_result(uc, 1, 0);
            return 0;
        }
        if (fseek(*f, (long)off, whence) != 0 || (pos = ftell(*f)) < 0) {
            dos_result(uc, 0x19, 0);       /* seek error */
            return 0;
        }
        w16(uc, UC_X86_REG_DX, (uint16_t)((uint32_t)pos >> 16));
        dos_result(uc, 0, (uint16_t)pos);
        return 0;
    }
    case 0x58:
        if (al == 0x00) {
            dos_result(uc, 0, d->strategy);
        } else if (al == 0x01) {
            d->strategy = r16(uc, UC_X86_REG_BX);
            dos_result(uc, 0, ax);
        } else if (al == 0x02) {
            dos_result(uc, 0, (uint16_t)(ax & 0xFF00));    /* AL = 0: not linked */
        } else {
            dos_result(uc, 1, 0);          /* 5803h and others: no UMBs */
        }
        return 0;
    case 0x40: {
        uint16_t bx = r16(uc, UC_X86_REG_BX), cx = r16(uc, UC_X86_REG_CX);
        if (handle_file(d, bx)) {
            dos_result(uc, 5, 0);          /* files are read only */
        } else if (bx == 1 || bx == 2) {
            uint8_t buf[512];
            uint32_t done = 0;
            while (done < cx) {
                uint32_t chunk = cx - done > sizeof buf ? sizeof buf : cx - done;
                uc_mem_read(uc, ds + (uint16_t)(dx + done), buf, chunk);
                out_bytes(d, buf, chunk);
                done += chunk;
            }
            dos_result(uc, 0, cx);
        } else {
            dos_result(uc, 6, 0);          /* invalid handle */
        }
        return 0;
    }
    case 0x44:
        if (al == 0x00) {                   /* IOCTL get device info */
            uint16_t bx = r16(uc, UC_X86_REG_BX);
            if (bx <= 2) {
                w16(uc, UC_X86_REG_DX, bx == 0 ? 0x80D1 : 0x80D2);
                dos_result(uc, 0, ax);
                return 0;
            }
            if (handle_file(d, bx)) {
                w16(uc, UC_X86_REG_DX, 0x0002);   /* a disk file on C: */
                dos_result(uc, 0, ax);
                return 0;
            }
            dos_result(uc, 6, 0);
            return 0;
        }
        unknown(uc, d, 0x21);
        return 0;
    case 0x48: {
        uint16_t out = 0;
        int e = arena_alloc(d, r16(uc, UC_X86_REG_BX), &out);
        if (e)
            w16(uc, UC_X86_REG_BX, out);
        dos_result(uc, e, out);
        return 0;
    }
    case 0x49:
        dos_result(uc, arena_free(d, r16(uc, UC_X86_REG_ES)), ax);
        return 0;
    case 0x4A: {
        uint16_t max = 0;
        int e = arena_resize(d, r16(uc, UC_X86_REG_ES), r16(uc, UC_X86_REG_BX), &max);
        if (e == 8)
            w16(uc, UC_X86_REG_BX, max);
        dos_result(uc, e, ax);
        return 0;
    }
    case 0x4C:
        d->exit_code = al;
        d->exit_requested = 1;
        fflush(stdout);
        return 1;
    case 0x51: case 0x62:
        w16(uc, UC_X86_REG_BX, SEG_PSP);
        return 0;
    default:
        unknown(uc, d, 0x21);
        return 0;
    }
}

int dos_interrupt(uc_engine *uc, struct dos_state *d, unsigned intno)
{
    uint16_t ax = r16(uc, UC_X86_REG_AX);
    uint8_t ah = (uint8_t)(ax >> 8);

    switch (intno) {
    case 0x20:
        d->exit_code = 0;
        d->exit_requested = 1;
        fflush(stdout);
        return 1;
    case 0x21:
        return int21(uc, d);
    case 0x2F:
        if (ax == 0x4300) {                 /* XMS installation check: absent */
            w16(uc, UC_X86_REG_AX, 0x4300);
            return 0;
        }
        unknown(uc, d, intno);
        return 0;
    case 0x4B:                              /* VDS: not present, unless --vds */
        if (d->vds.on)
            vds_interrupt(uc, &d->vds);
        else
            set_flag(uc, EFL_CF, 1);
        return 0;
    case 0x1A:                              /* time of day: always midnight */
        if (ah == 0x00) {
            w16(uc, UC_X86_REG_CX, 0);
            w16(uc, UC_X86_REG_DX, 0);
            w16(uc, UC_X86_REG_AX, 0);
        } else {
            set_flag(uc, EFL_CF, 1);
        }
        return 0;
    case 0x16:                              /* keyboard: Enter is "pressed" */
        if (ah == 0x00 || ah == 0x10)
            w16(uc, UC_X86_REG_AX, 0x1C0D);
        else if (ah == 0x01 || ah == 0x11)
            set_flag(uc, EFL_ZF, 1);
        else if (ah == 0x02)
            w16(uc, UC_X86_REG_AX, (uint16_t)(ax & 0xFF00));
        return 0;
    default:
        unknown(uc, d, intno);
        return 0;
    }
}
