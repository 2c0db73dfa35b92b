/*
 * xmspark.c - the clocks of mem_xms_park and mem_xms_unpark of a 1514-byte
 * frame and of mem_xms_move of 1514 and 1515 bytes from conventional
 * memory to a block, under bench86 with the driver of fakexms.asm (bench86
 * has no XMS driver of its own).  Each region holds what the caller pays
 * (its pushes, stub, gate, module, driver); xms_drv is every driver call
 * moving 16 bytes or more, xms_drv2 every other, so the module's own
 * clocks are a region's minus its driver calls: park, unpark and the even
 * move make one long call, the odd move one long and one short one (its
 * last two bytes as a word).  Build and run: sh bench/xmspark.sh.
 *
 * Exit code 0 = every call behaved, else the number of the failed step.
 */
#include <stdio.h>
#include "memory_api.h"
#include "port.h"
#include "../tests/dos/dtest.h"   /* dt_dos_alloc, from the DOS tests' harness */

void bench_begin(unsigned id);
void bench_end(unsigned id);
void bench_name(unsigned id, const char *name);
void fakexms_install(unsigned mem_seg, unsigned mem_kb);

#define NCALL   1000
#define R_DRV2  29
#define R_DRV   30
#define R_PARK  31
#define R_UNPARK 32
#define R_MOVE  33
#define R_MOVE_ODD 34

static struct mem_module mod;
static struct mem_info info;
static struct mem_xms_move mv;
static unsigned char frame[1516];

int main(void)
{
    mem_fp_t p, q;
    unsigned seg, i;
    int t, rc, h;

    bench_name(R_DRV2, "xms_drv2");
    bench_name(R_DRV, "xms_drv");
    bench_name(R_PARK, "xms_park1514");
    bench_name(R_UNPARK, "xms_unpark1514");
    bench_name(R_MOVE, "xms_move1514");
    bench_name(R_MOVE_ODD, "xms_move1515");
    seg = dt_dos_alloc(0x0F00);             /* 60 KB of "extended" memory */
    if (seg == 0)
        return 1;
    fakexms_install(seg, 60);
    if (mem_load("MEMPOOL.MOD", 0, &mod) != MEM_OK)
        return 2;
    info.size = sizeof(info);
    if (mem_info(MEM_FP(port_ds(), (unsigned)&info)) != MEM_OK || !(info.flags & MEM_INFO_XMS))
        return 3;
    for (i = 0; i <= NCALL; i++) {          /* the first takes the store */
        p = mem_pkt_alloc(1514);
        if (p == MEM_FP_NULL)
            return 4;
        if (i != 0)
            bench_begin(R_PARK);
        t = mem_xms_park(p);
        if (i != 0)
            bench_end(R_PARK);
        if (t <= 0)
            return 5;
        q = MEM_FP_NULL;
        if (i != 0)
            bench_begin(R_UNPARK);
        rc = mem_xms_unpark((mem_u16)t, MEM_FP(port_ds(), (unsigned)&q));
        if (i != 0)
            bench_end(R_UNPARK);
        if (rc != MEM_OK || q == MEM_FP_NULL || mem_pkt_free(q) != 0)
            return 6;
    }
    h = mem_xms_alloc((mem_u32)4);
    if (h <= 0)
        return 7;
    mv.src = 0;
    mv.src_off = MEM_FP(port_ds(), (unsigned)frame);
    mv.dst = (mem_xms_t)h;
    mv.dst_off = 1;
    for (i = 0; i < NCALL; i++) {
        mv.length = 1514;
        bench_begin(R_MOVE);
        rc = mem_xms_move(MEM_FP(port_ds(), (unsigned)&mv));
        bench_end(R_MOVE);
        if (rc != MEM_OK)
            return 8;
        mv.length = 1515;
        bench_begin(R_MOVE_ODD);
        rc = mem_xms_move(MEM_FP(port_ds(), (unsigned)&mv));
        bench_end(R_MOVE_ODD);
        if (rc != MEM_OK)
            return 9;
    }
    if (mem_unload(&mod) != MEM_OK)
        return 10;
    printf("xmspark: %u park/unpark pairs of 1514 bytes, %u moves of 1514 and 1515\n",
           NCALL, NCALL);
    return 0;
}
