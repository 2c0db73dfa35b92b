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
#   T_LOAD   tests the loader: what mem_load leaves (the block, the table,
#            mem_info's figures of an unsealed module), the stubs with no
#            module bound, bad images refused; each good load is checked
#            and unloaded, with no run-time use to seal for (unload after
#            a seal: T_SEAL, T_HIGH)
#   T_HIGH   seals the module itself in every placement (each kind of UMB,
#            low) and runs its checks before and after that seal: a seal
#            of the harness's first would only repeat its sealed half
#   T_BCCRT  runs the module's 32-bit helpers linked into the program; it
#            never loads the module
unsealed_only="T_SEAL.COM T_LOAD.COM T_HIGH.COM T_BCCRT.COM"
# And the programs that seal after their set-up in every run, as a driver
# going resident does: they run once per configuration, as "sealed" (a
# failed seal is a failed check of their own), without the harness's /SEAL.
#   T_NIC    examples/nicdemo.c, the public example: it seals dropping the
#            groups it never uses (STATS, XMS)
self_sealed="T_NIC.COM"

configs=$1; shift
modes=${DOSTEST_MODES:-unsealed sealed}
pass=0; fail=0
for c in $configs; do
    for p in "$@"; do
        name=$(basename "$p")
        for mode in $modes; do
            args=""; self=0
            case " $self_sealed " in *" $name "*) self=1 ;; esac
            if [ "$mode" = sealed ]; then
                case " $unsealed_only " in *" $name "*) continue ;; esac
                [ $self -eq 0 ] && args=/SEAL
            elif [ $self -eq 1 ]; then
                continue
            fi
            out=$(sh "$(dirname "$0")/dosrun.sh" "$c" "$p" $args 2>&1)
            rc=$?
            last=$(printf '%s\n' "$out" | grep -E '[0-9]+ passed, [0-9]+ failed' | tail -n 1)
            if [ $rc -eq 0 ] && [ -n "$args" ] &&
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
