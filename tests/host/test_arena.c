/*
 * test_arena.c - arena.c on the simulated PC: upper memory first, then
 * conventional; MEM_CFG_NO_UMB and ARENA_CONV_ONLY honoured; DOS 3.30
 * (no UMB link calls at all); the link state and strategy put back as
 * they were; bad input; release_all gives every block back; shrink.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "sim.h"
#include "mod_core.h"
#include "arena.h"

static u32 owned_before;

static void boot(u16 dosver, u8 umb, u16 cfg_flags)
{
    struct sim_config c;

    sim_config_default(&c);
    c.dos_version = dosver;
    c.umb = umb;
    sim_reset(&c);
    memset(arena_tab, 0, sizeof(arena_tab));
    memset(&mod, 0, sizeof(mod));
    mod.initialised = 1;
    mod.dos_version = dosver;
    mod.cfg_flags = cfg_flags;
    arena_xms_umb_get = 0;
    arena_xms_umb_put = 0;
    arena_umb_seen = 0;
    owned_before = sim_dos_owned_paras(SIM_PSP);
}

static int teardown(void **state)
{
    (void)state;
    arena_release_all();
    assert_int_equal(arena_count(), 0);
    assert_true(sim_dos_owned_paras(SIM_PSP) == owned_before);
    assert_int_equal(sim_dos_check_chain(), 0);
    assert_true(sim_irq_balanced());
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    sim_free();
    return 0;
}

static void umb_first_then_conventional(void **state)
{
    u16 seg, n_umb = 0, n_conv = 0, i, strat;
    u8 in_umb;
    int linked;
    (void)state;

    boot(0x0500, SIM_UMB_DOS, 0);
    strat = sim_dos_strategy();
    linked = sim_dos_umb_linked();
    /* 16 KB blocks: the default UMBs (C800-EFFF) hold ten, then DOS falls
     * back to conventional memory */
    for (i = 0; i < ARENA_MAX; i++) {
        assert_int_equal(arena_get(0x400, ARENA_UMB_OK, &seg, &in_umb), MEM_OK);
        assert_int_equal(in_umb, seg >= ARENA_UMB_SEG);
        if (in_umb) {
            assert_int_equal(n_conv, 0);        /* never a UMB after a low block */
            n_umb++;
        } else {
            n_conv++;
        }
        assert_int_equal(sim_dos_strategy(), strat);
        assert_int_equal(sim_dos_umb_linked(), linked);
    }
    assert_true(n_umb > 0);
    assert_true(n_conv > 0);
    assert_true(arena_umb_seen);
    assert_int_equal(arena_held_paras(1), n_umb * 0x400u);
    assert_int_equal(arena_held_paras(0), n_conv * 0x400u);
    assert_int_equal(arena_get(1, ARENA_UMB_OK, &seg, &in_umb), MEM_E_HANDLES);
    assert_int_equal(arena_count(), ARENA_MAX);
    arena_release_all();
    assert_int_equal(arena_count(), 0);
    assert_true(sim_dos_owned_paras(SIM_PSP) == owned_before);
    assert_true(sim_dos_free_paras() > 0);
}

static void no_umb_flag_and_conv_only(void **state)
{
    u16 seg;
    u8 in_umb = 9;
    (void)state;

    boot(0x0500, SIM_UMB_DOS, MEM_CFG_NO_UMB);
    assert_int_equal(arena_get(0x40, ARENA_UMB_OK, &seg, &in_umb), MEM_OK);
    assert_true(seg < ARENA_UMB_SEG);
    assert_int_equal(in_umb, 0);
    assert_false(arena_umb_seen);
    mod.cfg_flags = 0;
    assert_int_equal(arena_get(0x40, ARENA_UMB_OK | ARENA_CONV_ONLY, &seg, &in_umb), MEM_OK);
    assert_true(seg < ARENA_UMB_SEG);
    assert_int_equal(arena_get(0x40, 0, &seg, &in_umb), MEM_OK);
    assert_true(seg < ARENA_UMB_SEG);
    assert_int_equal(arena_get(0x40, ARENA_UMB_OK, &seg, &in_umb), MEM_OK);
    assert_true(seg >= ARENA_UMB_SEG);
    assert_int_equal(arena_count(), 4);
}

static void dos330_no_link_calls(void **state)
{
    u16 seg;
    u8 in_umb;
    (void)state;

    boot(0x031E, SIM_UMB_NONE, 0);
    sim_counters_clear();
    assert_int_equal(arena_get(0x80, ARENA_UMB_OK, &seg, &in_umb), MEM_OK);
    assert_true(seg < ARENA_UMB_SEG);
    assert_int_equal(in_umb, 0);
    assert_true(sim_counters()->int21_ah[0x58] == 0);   /* DOS 3.x has none */
    assert_true(sim_counters()->int21_ah[0x48] == 1);
    assert_int_equal(arena_put(seg), MEM_OK);
    assert_int_equal(arena_count(), 0);
}

static void bad_input(void **state)
{
    u16 seg = 0;
    u8 in_umb;
    (void)state;

    boot(0x0500, SIM_UMB_DOS, 0);
    assert_int_equal(arena_get(0, ARENA_UMB_OK, &seg, &in_umb), MEM_E_INVAL);
    assert_int_equal(arena_get(1, ARENA_UMB_OK, NULL, &in_umb), MEM_E_INVAL);
    assert_int_equal(arena_get(0xF000, 0, &seg, &in_umb), MEM_E_NOMEM);
    assert_int_equal(arena_count(), 0);
    assert_int_equal(arena_put(0), MEM_E_BADPTR);
    assert_int_equal(arena_put(0x1234), MEM_E_BADPTR);
    assert_int_equal(arena_get(1, 0, &seg, NULL), MEM_OK);
    assert_int_equal(arena_put(seg), MEM_OK);
    assert_int_equal(arena_put(seg), MEM_E_BADPTR);     /* twice */
    assert_true(sim_dos_owned_paras(SIM_PSP) == owned_before);
}

/* arena_shrink: the block keeps its segment, gives the rest to DOS right
 * behind it (the next block of that size lands there, behind its MCB),
 * the table follows; refusals change nothing. */
static void shrink(void **state)
{
    u16 seg, seg2, other;
    u8 in_umb;
    (void)state;

    boot(0x0500, SIM_UMB_NONE, 0);
    assert_int_equal(arena_get(0x100, ARENA_CONV_ONLY, &seg, &in_umb), MEM_OK);
    assert_int_equal(arena_get(0x10, ARENA_CONV_ONLY, &other, &in_umb), MEM_OK);
    assert_int_equal(arena_held_paras(0), 0x110);
    assert_int_equal(arena_shrink(seg, 0x40), MEM_OK);
    assert_int_equal(arena_held_paras(0), 0x50);
    assert_int_equal(sim_dos_check_chain(), 0);
    assert_int_equal(arena_get(0xBF, ARENA_CONV_ONLY, &seg2, &in_umb), MEM_OK);
    assert_int_equal(seg2, seg + 0x41);     /* the freed tail, behind an MCB */
    assert_int_equal(arena_shrink(seg, 0), MEM_E_INVAL);
    assert_int_equal(arena_shrink(seg, 0x41), MEM_E_INVAL);     /* no growing */
    assert_int_equal(arena_shrink(0x1234, 1), MEM_E_BADPTR);
    assert_int_equal(arena_shrink(0, 1), MEM_E_BADPTR);
    assert_int_equal(arena_held_paras(0), 0x40 + 0xBF + 0x10);
    assert_int_equal(arena_shrink(seg, 0x40), MEM_OK);          /* same size */
    assert_int_equal(arena_put(seg2), MEM_OK);
    assert_int_equal(arena_put(seg), MEM_OK);
    assert_int_equal(arena_put(other), MEM_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(umb_first_then_conventional, teardown),
        cmocka_unit_test_teardown(no_umb_flag_and_conv_only, teardown),
        cmocka_unit_test_teardown(dos330_no_link_calls, teardown),
        cmocka_unit_test_teardown(bad_input, teardown),
        cmocka_unit_test_teardown(shrink, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, group_teardown);
}
