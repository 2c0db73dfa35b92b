#!/bin/sh
# run.sh LOG TEST... - run each cmocka test binary (its output through LOG,
# then shown), add up cmocka's own counts and end with
# "host: N passed, N failed".  A binary that exits non-zero without a
# cmocka failure count (a sanitizer abort, a signal, a crash before its
# summary) counts as one failure.  Exit status 1 when anything failed.
log=$1; shift
pass=0; fail=0
for t in "$@"; do
    echo "== $t"
    "$t" > "$log" 2>&1
    rc=$?
    cat "$log"
    tp=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    tf=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    tp=${tp:-0}; tf=${tf:-0}
    if [ "$rc" -ne 0 ] && [ "$tf" -eq 0 ]; then
        echo "host: $t exited with status $rc and no cmocka failure count: one failure"
        tf=1
    fi
    pass=$((pass + tp)); fail=$((fail + tf))
done
echo "host: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
