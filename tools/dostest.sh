#!/bin/sh
# dostest.sh "CONFIGS" PROGRAM.COM... - run every DOS test program in every
# configuration (tools/dosrun.sh) and count the runs.  Fails if any fails.
#
# Each program runs twice per configuration: "unsealed", as it is, and
# "sealed", with /SEAL on its command line: the harness (tests/dos/dtest.c)
# then seals the module, mem_seal(0), at the program's seal point(s), right
# after its set-up, so every check after that runs against the sealed
# module.  A sealed run must also print "sealed mode: N seal point(s)" with
# N > 0 (a program that never reaches its seal point has tested nothing
# sealed).  Each run counts in the total.  DOSTEST_MODES picks the passes
# ("unsealed sealed" unless set).
#
# The programs that run unsealed only, each with its reason (keep this the
# one place, and short):
#   T_SEAL   tests mem_seal itself: it seals in every way a driver can,
#            refusals included, so a seal beforehand would leave it nothing
#   T_LOAD   tests the loader (mem_load/mem_unload, the stubs with no module
#            bound, bad images): no set-up to seal after; every load it
#            makes is unloaded at once or refused
#   T_BCCRT  runs the module's 32-bit helpers linked into the program; it
#            never loads the module
unsealed_only="T_SEAL.COM T_LOAD.COM T_BCCRT.COM"

configs=$1; shift
modes=${DOSTEST_MODES:-unsealed sealed}
pass=0; fail=0
for c in $configs; do
    for p in "$@"; do
        name=$(basename "$p")
        for mode in $modes; do
            args=""
            if [ "$mode" = sealed ]; then
                case " $unsealed_only " in *" $name "*) continue ;; esac
                args=/SEAL
            fi
            out=$(sh "$(dirname "$0")/dosrun.sh" "$c" "$p" $args 2>&1)
            rc=$?
            last=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
            if [ $rc -eq 0 ] && [ "$mode" = sealed ] &&
               ! printf '%s\n' "$out" | grep -Eq '^sealed mode: [1-9][0-9]* seal point'; then
                out="$out
dostest: $name [$c]: sealed run passed no seal point (no 'sealed mode: N seal point(s)' line, N > 0)"
                rc=1
            fi
            if [ $rc -eq 0 ]; then
                pass=$((pass + 1))
                printf '  ok   %-8s %-12s %-8s %s\n' "$c" "$name" "$mode" "$last"
            else
                fail=$((fail + 1))
                printf '  FAIL %-8s %-12s %s\n' "$c" "$name" "$mode"
                printf '%s\n' "$out" | sed 's/^/       | /'
            fi
        done
    done
done
echo "dos: $pass passed, $fail failed"
[ $fail -eq 0 ]
