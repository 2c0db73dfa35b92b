/*
 * t_hstorm.c - t_storm.c's interrupt storm with a packet heap configured
 * (struct mem_config heap_paras, heap_top 0; small packet classes): heap
 * buffers allocated, shared and freed by the IRQ0 handler and the
 * foreground, the heap filling up and falling back on the classes (full,
 * or busy: a tick landing in a heap call), and the heap checked after
 * each rate against what both sides hold.  t_storm.c's header says what.
 */
#define STORM_HEAP 1
#include "t_storm.c"
