/*
 * inc_check.h - host tests: a NASM include's "NAME equ VALUE" lines
 * against the C headers.  A test lists the names it checks with N() (or
 * its own rows) and calls inc_file_matches(); every name of the list must
 * be in the file with the value the C headers give it, and every name of
 * the file must be in the list (so neither side can drift unseen).
 * Included by tests/host/test_pool.c, test_dma.c and test_pheap.c.
 */
#ifndef INC_CHECK_H
#define INC_CHECK_H

struct inc_name { const char *name; long value; };
#define N(x) { #x, (long)(x) }

/* A NASM number: decimal, or hexadecimal with an h suffix. */
static long nasm_value(const char *v)
{
    char *end;
    size_t n = strlen(v);

    if (n > 1 && (v[n - 1] == 'h' || v[n - 1] == 'H'))
        return strtol(v, &end, 16);
    return strtol(v, &end, 10);
}

/* Every "NAME equ VALUE" of the NASM include file agrees with names[],
 * and every name of names[] is in the file. */
static void inc_file_matches(const char *file, const struct inc_name *names, size_t n)
{
    FILE *f = fopen(file, "r");
    char line[200], name[64], eq[8], val[32];
    size_t i, seen = 0;
    int found;

    assert_non_null(f);
    while (fgets(line, sizeof(line), f)) {
        if (sscanf(line, "%63s %7s %31s", name, eq, val) != 3 || strcmp(eq, "equ") != 0)
            continue;
        found = 0;
        for (i = 0; i < n; i++)
            if (strcmp(names[i].name, name) == 0) {
                if (nasm_value(val) != names[i].value)
                    fail_msg("%s %s = %s, the C headers say %ld", file, name, val,
                             names[i].value);
                found = 1;
                seen++;
            }
        if (!found)
            fail_msg("%s %s: not checked here", file, name);
    }
    fclose(f);
    assert_int_equal(seen, n);          /* every name is in the file */
}

#endif
