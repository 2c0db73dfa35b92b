/*
 * t_opsf.c - t_ops.c's cases against the module's far entries (mem_copy
 * ... through the API table, as NIC code in assembly calls them) instead
 * of the client library's near routines.
 */
#define OPS_FAR 1
#include "t_ops.c"
