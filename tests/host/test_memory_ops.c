/*
 * test_memory_ops.c - the C twins of memory_ops.asm (memory_ops_c.c) on
 * the simulated PC, against the host's memmove/memset/memcmp applied to a
 * snapshot of the same linear memory.  Properties: every length 0..64 at
 * every alignment pair; ranges crossing a 64 KB segment end on either
 * side (the segment advances, the offset never wraps); overlapping moves
 * both ways, also across a segment end; copy32 beyond 64 KB; nothing
 * outside the range changes; interrupts are never touched.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sim.h"
#include "memory_ops.h"

#define WIN_LIN  0x20000UL          /* linear base of the window we use */
#define WIN_LEN  0x30000UL          /* 192 KB */

static u8 *ref;                     /* host model of the window */
static u8 *got;

static int setup(void **state)
{
    struct sim_config c;
    u32 i;
    (void)state;
    sim_config_default(&c);
    sim_reset(&c);
    ref = malloc(WIN_LEN);
    got = malloc(WIN_LEN);
    assert_non_null(ref);
    assert_non_null(got);
    srand(7);
    for (i = 0; i < WIN_LEN; i++)
        ref[i] = (u8)rand();
    sim_lin_write(WIN_LIN, ref, WIN_LEN);
    sim_counters_clear();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_true(sim_irq_balanced());
    assert_true(sim_irq_enabled());
    free(ref);
    free(got);
    sim_free();
    return 0;
}

/* seg:off naming window byte p; k < 0: offset < 16, else the offset is
 * FFFFh-ish so that the segment ends w bytes later (w from 1 up). */
static void fp(u32 p, int k, u16 *seg, u16 *off)
{
    u32 l = WIN_LIN + p;
    u16 w;
    if (k < 0) {
        *off = (u16)(l & 15);
    } else {
        w = (u16)((0u - l) & 15);
        if (w == 0)
            w = 16;
        *off = (u16)(0u - (u16)(w + 16 * k));
    }
    *seg = (u16)((l - *off) >> 4);
}

static void check_window(void)
{
    sim_lin_read(WIN_LIN, got, WIN_LEN);
    assert_memory_equal(got, ref, WIN_LEN);
}

static void copy_every_small_length_and_alignment(void **state)
{
    u16 len, sa, da, ss, so, ds, dso;
    (void)state;
    for (len = 0; len <= 64; len++)
        for (sa = 0; sa < 4; sa++)
            for (da = 0; da < 4; da++) {
                fp(0x100 + sa, -1, &ss, &so);
                fp(0x200 + da, -1, &ds, &dso);
                ops_copy_c(ds, dso, ss, so, len);
                memmove(ref + 0x200 + da, ref + 0x100 + sa, len);
                ops_move_c(ds, dso, ss, so, len);       /* apart: a copy too */
                memmove(ref + 0x200 + da, ref + 0x100 + sa, len);
            }
    check_window();
}

static void copy_across_segment_end(void **state)
{
    static const u16 lens[] = { 1, 2, 15, 16, 17, 33, 64, 1514, 65535u };
    u16 i, ss, so, ds, dso;
    int k;
    (void)state;
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
        for (k = 0; k < 3; k++) {
            fp(0x10, k, &ss, &so);                      /* source crosses */
            fp(0x10020 + k, -1, &ds, &dso);
            assert_true((u32)so + lens[i] > 0x10000UL || lens[i] < 64);
            ops_copy_c(ds, dso, ss, so, lens[i]);
            memmove(ref + 0x10020 + k, ref + 0x10, lens[i]);
            fp(0x13, -1, &ss, &so);                     /* destination crosses */
            fp(0x10031, k, &ds, &dso);
            ops_copy_c(ds, dso, ss, so, lens[i]);
            memmove(ref + 0x10031, ref + 0x13, lens[i]);
        }
    check_window();
}

static void move_overlaps_both_ways(void **state)
{
    static const u16 lens[] = { 1, 2, 3, 7, 8, 64, 65, 1514, 40000u };
    u16 i, ss, so, ds, dso;
    int d, k;
    (void)state;
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
        for (d = -9; d <= 9; d++)
            for (k = -1; k < 2; k++) {
                u32 sp = 0x8000 + (u32)(i * 3);
                fp(sp, k, &ss, &so);
                fp((u32)((long)sp + d), k, &ds, &dso);
                ops_move_c(ds, dso, ss, so, lens[i]);
                memmove(ref + sp + d, ref + sp, lens[i]);
            }
    check_window();
}

static void fill_and_compare(void **state)
{
    u16 len, a, s1, o1, s2, o2;
    u8 v;
    int want;
    (void)state;
    for (len = 0; len <= 64; len++)
        for (a = 0; a < 4; a++) {
            v = (u8)(len * 7 + a);
            fp(0x400 + a, (int)(a & 1) - 1, &s1, &o1);
            ops_fill_c(s1, o1, v, len);
            memset(ref + 0x400 + a, v, len);
        }
    fp(0x9000, 0, &s1, &o1);
    ops_fill_c(s1, o1, 0xA5, 40000u);               /* across a segment end */
    memset(ref + 0x9000, 0xA5, 40000u);
    check_window();

    for (len = 0; len <= 64; len++) {
        memcpy(ref + 0x600, ref + 0x700, len);
        if (len)
            ref[0x600 + len / 2] ^= (u8)(1 + len);
        sim_lin_write(WIN_LIN + 0x600, ref + 0x600, 64);
        fp(0x600, -1, &s1, &o1);
        fp(0x700, 0, &s2, &o2);
        want = 0;
        if (len)
            want = (int)ref[0x600 + len / 2] - (int)ref[0x700 + len / 2];
        assert_int_equal(ops_compare_c(s1, o1, s2, o2, len), want);
    }
    assert_int_equal(ops_compare_c(s1, o1, s1, o1, 65535u), 0);
}

static void copy32_beyond_64k(void **state)
{
    u16 ss, so, ds, dso;
    (void)state;
    fp(0x3, 1, &ss, &so);
    fp(0x18001, -1, &ds, &dso);
    ops_copy32_c(ds, dso, ss, so, 0x17FFDUL);
    memmove(ref + 0x18001, ref + 0x3, 0x17FFDUL);
    ops_copy32_c(ds, dso, ss, so, 0);
    check_window();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(copy_every_small_length_and_alignment, setup, teardown),
        cmocka_unit_test_setup_teardown(copy_across_segment_end, setup, teardown),
        cmocka_unit_test_setup_teardown(move_overlaps_both_ways, setup, teardown),
        cmocka_unit_test_setup_teardown(fill_and_compare, setup, teardown),
        cmocka_unit_test_setup_teardown(copy32_beyond_64k, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
