#!/bin/sh
# dostest.sh "CONFIGS" PROGRAM.COM... - run every DOS test program in every
# configuration (tools/dosrun.sh) and count the runs.  Fails if any fails.
configs=$1; shift
pass=0; fail=0
for c in $configs; do
    for p in "$@"; do
        out=$(sh "$(dirname "$0")/dosrun.sh" "$c" "$p" 2>&1)
        rc=$?
        last=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
        if [ $rc -eq 0 ]; then
            pass=$((pass + 1))
            printf '  ok   %-8s %-14s %s\n' "$c" "$(basename "$p")" "$last"
        else
            fail=$((fail + 1))
            printf '  FAIL %-8s %s\n' "$c" "$(basename "$p")"
            printf '%s\n' "$out" | sed 's/^/       | /'
        fi
    done
done
echo "dos: $pass passed, $fail failed"
[ $fail -eq 0 ]
