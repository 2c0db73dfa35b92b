/*
 * dtest.h - the DOS tests' tiny harness.  Every DOS test program ends its
 * output with "N passed, N failed" (the runner, tools/dosrun.sh, needs it:
 * DOSBox does not hand back exit codes).
 */
#ifndef DTEST_H
#define DTEST_H

extern int dt_passed, dt_failed;

/* Count a check; print the failing ones with their line. */
#define DT_CHECK(cond, what) dt_check((cond) != 0, (what), __LINE__)
void dt_check(int ok, const char *what, int line);
/* The same, printing the two values when they differ. */
#define DT_EQ(a, b, what) dt_eq((long)(a), (long)(b), (what), __LINE__)
void dt_eq(long got, long want, const char *what, int line);

/* Give DOS back all memory above our 64 KB so tests can allocate blocks.
 * It also reads the command line: "/SEAL" turns sealed mode on
 * (tools/dostest.sh runs every program twice, without and with it). */
void dt_init(const char *name);
/* Sealed mode: 1 when the program was started with /SEAL. */
extern int dt_sealed;
/* Where a real driver would go resident: right after a load's set-up
 * (mem_load, DMA tags, and every set-up-only call the test needs later).
 * In sealed mode it seals the module keeping every run-time group,
 * mem_seal(0), and counts a check that it returned MEM_OK; otherwise it
 * does nothing.  Call it after each load's set-up. */
void dt_seal_point(void);
/* The pools are consistent.  Unsealed: mem_pool_check() is MEM_OK.
 * Sealed: the checker is set-up code the seal dropped, so it must answer
 * MEM_E_STATE, and what the run-time entries can show is checked instead:
 * every pool's statistics (mem_pool_stats, kept by mem_seal(0)) add up
 * (used <= total and high water, low water and reserve <= free now, arenas
 * held exactly when blocks are, UMB arenas among them).  The
 * full walk of every free list runs in the unsealed pass.  1 when the
 * check passed. */
#define DT_POOLS_OK(what) dt_pools_ok((what), __LINE__)
int dt_pools_ok(const char *what, int line);
/* Largest free conventional block, in paragraphs (INT 21h 48h, BX=FFFFh). */
unsigned dt_dos_largest(void);
/* A DOS block of paras paragraphs (INT 21h 48h): its segment, 0 if none;
 * dt_dos_free gives it back (49h). */
unsigned dt_dos_alloc(unsigned paras);
void dt_dos_free(unsigned seg);
/* The XMS driver's entry (INT 2Fh 4300h, 4310h): 1 and *seg:*off set, or
 * 0 and both left as they were when there is no driver. */
int dt_xms_entry(unsigned *seg, unsigned *off);
/* The module's private stack: the last stack_bytes (its header) below top
 * in the block at seg.  dt_stk_fill writes a pattern over it and returns
 * its size; dt_stk_used says how many bytes from its top the calls since
 * have written. */
unsigned dt_stk_fill(unsigned seg, unsigned top);
unsigned dt_stk_used(void);
/* Delete a file (INT 21h 41h; bcc's remove() is rmdir on DOS). */
void dt_delete(const char *name);
/* Print the closing line; returns the failure count. */
int dt_done(void);

#endif
