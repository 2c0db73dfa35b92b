#!/bin/sh
# testtotal-selftest.sh BUILD - make test's total (tools/testtotal.sh) must
# count what each layer reports and count as failed every layer that fails
# without saying so: one that prints no count, one whose status says
# failure while its count says none, one that dies after "started", one
# that never runs.  Ends with "testtotal-selftest: N passed, N failed".
B=${1:-build}
tt=tools/testtotal.sh
work=$B/testtotal-selftest
rm -rf "$work"; mkdir -p "$work"
pass=0; fail=0

# expect WHAT WANT-STATUS WANT-LAST-LINE -- COMMAND...: the command's status
# (0 or 1) and the last line of its output.
expect() {
    what=$1 want_st=$2 want_last=$3; shift 4
    "$@" > "$work/out" 2>&1
    st=$?; [ "$st" -eq 0 ] || st=1
    last=$(tail -n 1 "$work/out")
    if [ "$st" = "$want_st" ] && [ "$last" = "$want_last" ]; then
        pass=$((pass + 1)); echo "testtotal-selftest: ok: $what"
    else
        fail=$((fail + 1))
        echo "testtotal-selftest: FAIL $what: status $st, last line '$last';" \
             "want status $want_st, '$want_last'"
        sed 's/^/    | /' "$work/out"
    fi
}

r=$work/results
# (an indented count of one of its programs, after its own, is not its own)
expect "a layer's own count" 0 "  ok  T_X.COM  3 passed, 0 failed" -- \
    sh $tt layer "$r" good sh -c 'echo "ok: 7 passed, 0 failed"; echo "  ok  T_X.COM  3 passed, 0 failed"'
expect "a layer's failures" 1 "bad: 5 passed, 2 failed" -- \
    sh $tt layer "$r" bad sh -c 'echo "bad: 5 passed, 2 failed"; exit 1'
expect "a layer with no count line" 1 "make test: layer mute printed no 'N passed, N failed' line: one failure" -- \
    sh $tt layer "$r" mute sh -c 'echo "all fine"'
expect "a failing layer whose count says 0 failed" 1 \
    "make test: layer liar exited with status 3 after 'liar: 4 passed, 0 failed': one failure" -- \
    sh $tt layer "$r" liar sh -c 'echo "liar: 4 passed, 0 failed"; exit 3'
echo "dead started" >> "$r"                 # a layer killed before its counts
expect "the sum, every way of failing counted" 1 "make test: 16 passed, 6 failed" -- \
    sh $tt sum "$r" good bad mute liar dead never
grep -q '^  dead .*started, wrote no result' "$work/out" && grep -q '^  never .*did not run' "$work/out" ||
    { fail=$((fail + 1)); echo "testtotal-selftest: FAIL the sum does not name the dead and the missing layer"; }

r2=$work/results2
sh $tt layer "$r2" one sh -c 'echo "one: 2 passed, 0 failed"' > /dev/null
expect "the sum when all passed" 0 "make test: 2 passed, 0 failed" -- sh $tt sum "$r2" one

echo "testtotal-selftest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
