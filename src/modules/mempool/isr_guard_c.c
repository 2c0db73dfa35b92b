/*
 * isr_guard_c.c - C twins of isr_guard.asm's mem_isr_enter and
 * mem_isr_leave.  Host only (tests/host); the count, mod_isr_depth, is
 * isr_guard.asm's on DOS and src/port/host/xms_host.c's on the host.
 */
#include "port.h"
#include "xms_service.h"

void mod_isr_enter_c(void)
{
    mod_isr_depth++;
}

void mod_isr_leave_c(void)
{
    if (mod_isr_depth != 0)
        mod_isr_depth--;
}
