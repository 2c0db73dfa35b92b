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

/* Give DOS back all memory above our 64 KB so tests can allocate blocks. */
void dt_init(const char *name);
/* Largest free conventional block, in paragraphs (INT 21h 48h, BX=FFFFh). */
unsigned dt_dos_largest(void);
/* Delete a file (INT 21h 41h; bcc's remove() is rmdir on DOS). */
void dt_delete(const char *name);
/* Print the closing line; returns the failure count. */
int dt_done(void);

#endif
