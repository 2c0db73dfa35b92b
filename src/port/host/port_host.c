/*
 * port_host.c - src/port/port.h on the simulated PC of the host unit tests
 * (tests/host/sim).  The C twin of src/port/dos/port_dos.asm.
 *
 *   port_int        INT 21h, 2Fh and 4Bh go to the simulated DOS, multiplex
 *                   and VDS; any other vector fails the test.
 *   port_farcall    only the XMS entry point INT 2Fh 4310h returned.
 *   port_farcall32  the same with EAX..EDX; fails the test on a CPU below
 *                   the 80386 (a real 286 has no 32-bit registers).
 *   peek/poke       simulated memory at seg*16+off through the page map
 *                   (A20 on: up to 10FFEFh); a word at offset FFFFh fails
 *                   the test (it faults on a 286+).
 *   port_ds         SIM_DS_SEG (0811h), a fixed segment inside the test
 *                   program's DOS block; its low 4 KB are simulated memory.
 *   port_near       an offset in a window at DS:1000h+ onto host memory
 *                   (sim.h says how windows are shared and kept).
 *   port_irq_*      a simulated IF, counted (sim_counters, sim_irq_balanced).
 *
 * DOS, XMS and VDS calls fail the test when made with IF=0 or inside
 * sim_isr_enter()/sim_isr_leave(): BRIEF section 3 forbids both.
 */
#include "port.h"
#include "sim.h"

void port_int(u8 intno, struct port_regs *r)
{
    switch (intno) {
    case 0x21:
        sim_check_call("INT 21h");
        sim_int21(r);
        return;
    case 0x2F:
        sim_check_call("INT 2Fh");
        sim_int2f(r);
        return;
    case 0x4B:
        sim_check_call("INT 4Bh");
        sim_int4b(r);
        return;
    default:
        sim_fail(__FILE__, __LINE__, "INT %02Xh is not simulated", intno);
    }
}

static void xms_target(u16 seg, u16 off)
{
    u16 xseg, xoff;

    sim_xms_entry(&xseg, &xoff);
    if (!sim_config()->xms || seg != xseg || off != xoff)
        sim_fail(__FILE__, __LINE__, "far call to %04X:%04X: no XMS driver there",
                 seg, off);
}

void port_farcall(u16 seg, u16 off, struct port_regs *r)
{
    sim_check_call("XMS call");
    xms_target(seg, off);
    sim_xms_call(r, 0);
}

void port_farcall32(u16 seg, u16 off, struct port_regs *r)
{
    if (sim_cpu_type() < MEM_CPU_386)
        sim_fail(__FILE__, __LINE__, "port_farcall32 on a CPU below the 80386 "
                 "(simulated CPU %d)", sim_cpu_type());
    sim_check_call("XMS call");
    xms_target(seg, off);
    sim_xms_call(r, 1);
}

u8 port_peekb(u16 seg, u16 off)
{
    sim_note_access(0);
    return sim_far_rd8(seg, off);
}

u16 port_peekw(u16 seg, u16 off)
{
    sim_note_access(0);
    if (off == 0xFFFFu)
        sim_fail(__FILE__, __LINE__, "port_peekw(%04X:FFFF): a word at offset FFFFh "
                 "faults on a 286+", seg);
    return (u16)(sim_far_rd8(seg, off) | (sim_far_rd8(seg, (u16)(off + 1)) << 8));
}

void port_pokeb(u16 seg, u16 off, u8 v)
{
    sim_note_access(1);
    sim_far_wr8(seg, off, v);
}

void port_pokew(u16 seg, u16 off, u16 v)
{
    sim_note_access(1);
    if (off == 0xFFFFu)
        sim_fail(__FILE__, __LINE__, "port_pokew(%04X:FFFF): a word at offset FFFFh "
                 "faults on a 286+", seg);
    sim_far_wr8(seg, off, (u8)v);
    sim_far_wr8(seg, (u16)(off + 1), (u8)(v >> 8));
}

u16 port_ds(void)
{
    return SIM_DS_SEG;
}

u16 port_near(const void *p)
{
    return sim_near(p);
}

u16 port_irq_save(void)
{
    return sim_irq_save();
}

void port_irq_restore(u16 flags)
{
    sim_irq_restore(flags);
}
