#!/bin/sh
# checks.sh NAME COMMAND... - run each COMMAND (one shell command line per
# argument), showing it first as make would, and count them.  Every command
# runs even after one failed, so the count covers them all.  Ends with
# "NAME: N passed, N failed" (the line make test adds up); exit status 1
# when any failed.
name=$1; shift
pass=0; fail=0
for c in "$@"; do
    echo "$c"
    if sh -c "$c"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "$name: FAILED: $c"
    fi
done
echo "$name: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
