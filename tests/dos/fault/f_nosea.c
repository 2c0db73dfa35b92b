/*
 * f_nosea.c - a planted fault for tools/dostest-selftest.sh: a test that
 * never reaches its seal point.  Every check passes in both modes, so the
 * sealed pass must fail it for want of a seal ("sealed mode: 0 seal
 * point(s)"): otherwise a test could pass "sealed" having tested nothing
 * sealed.
 */
#include <stdio.h>
#include "dtest.h"
#include "memory_api.h"

int main(void)
{
    struct mem_module m;
    int rc;

    dt_init("f_nosea: planted, no seal point");
    rc = mem_load("MEMPOOL.MOD", 0, &m);
    DT_EQ(rc, MEM_OK, "load");
    if (rc != MEM_OK)
        return dt_done();
    DT_EQ(mem_version(), MEM_API_VERSION, "the module answers");
    DT_EQ(mem_unload(&m), MEM_OK, "unload");
    return dt_done();
}
