#!/bin/sh
# check.sh - bench86 self-tests: run each test program and compare figures exactly.
#
#   sh check.sh BENCH86 COMDIR TESTDIR
#
# Each test source (TESTDIR/t_*.asm, TESTDIR/c_*.c) carries its expectations:
#   ;@expect METRIC CPU VALUE      (C sources: /*@expect METRIC CPU VALUE */)
#   ;@exit STATUS                  expected bench86 exit status (default 0)
#   ;@opts OPTIONS                 bench86 options for this test (e.g. --v86)
# The program is TESTDIR/NAME.* built as COMDIR/NAME.COM.  A value must match
# the TSV row exactly.  Finally the checker proves it can fail: it re-checks
# one test against a copy of its expectations with one value changed by one
# and requires that check to fail.
#
# Exit status: 0 all tests passed, 1 otherwise.

BENCH=$1
COMDIR=$2
TESTDIR=$3
if [ -z "$BENCH" ] || [ -z "$COMDIR" ] || [ -z "$TESTDIR" ]; then
    echo "usage: sh check.sh BENCH86 COMDIR TESTDIR" >&2
    exit 2
fi
WORK=$COMDIR/check.tmp
mkdir -p "$WORK" || exit 1

# expectations SRC -> lines "metric cpu value" / "exit N" on stdout
expectations() {
    sed -n -e 's/^;@expect[ 	]\{1,\}//p' -e 's/^;@exit[ 	]\{1,\}/exit /p' \
           -e 's/^;@opts[ 	]\{1,\}/opts /p' \
           -e 's/^\/\*@expect[ 	]\{1,\}\(.*[^ ]\)[ 	]*\*\/.*/\1/p' \
           -e 's/^\/\*@exit[ 	]\{1,\}\([0-9]\{1,\}\).*/exit \1/p' "$1"
}

# check_one NAME COM EXPECTFILE -> 0 if every expectation holds
check_one() {
    name=$1 com=$2 exp=$3
    tsv=$WORK/$name.tsv
    out=$WORK/$name.out
    want_exit=$(sed -n 's/^exit //p' "$exp")
    [ -n "$want_exit" ] || want_exit=0
    opts=$(sed -n 's/^opts //p' "$exp")
    "$BENCH" $opts --tsv "$tsv" "$com" >"$out" 2>&1
    got_exit=$?
    bad=0
    if [ "$got_exit" != "$want_exit" ]; then
        echo "  FAIL $name: bench86 exit status $got_exit, expected $want_exit"
        sed 's/^/    | /' "$out"
        bad=1
    fi
    if [ ! -f "$tsv" ]; then
        echo "  FAIL $name: no TSV written"
        return 1
    fi
    while read -r metric cpu value; do
        [ "$metric" = exit ] && continue
        [ "$metric" = opts ] && continue
        [ -n "$metric" ] || continue
        got=$(awk -F '\t' -v m="$metric" -v c="$cpu" \
              '$1 == m && $2 == c { print $3; exit }' "$tsv")
        if [ "$got" != "$value" ]; then
            echo "  FAIL $name: $metric ($cpu) = ${got:-<missing>}, expected $value"
            bad=1
        fi
    done <"$exp"
    return $bad
}

failed=0
total=0
skipped=0
checker=0
first_name=
for src in "$TESTDIR"/t_*.asm "$TESTDIR"/c_*.c; do
    [ -f "$src" ] || continue
    base=$(basename "$src")
    name=${base%.*}
    com=$COMDIR/$name.COM
    total=$((total + 1))
    if [ ! -f "$com" ]; then
        case $src in
        *.c) echo "SKIP $name (no $com: C compiler bcc missing)"; skipped=$((skipped + 1)); continue ;;
        esac
        echo "FAIL $name: $com not built"
        failed=$((failed + 1))
        continue
    fi
    expectations "$src" >"$WORK/$name.expect"
    n=$(grep -vc '^exit \|^opts ' "$WORK/$name.expect")
    if [ "$n" -eq 0 ]; then
        echo "FAIL $name: no @expect lines in $src"
        failed=$((failed + 1))
        continue
    fi
    if check_one "$name" "$com" "$WORK/$name.expect"; then
        echo "PASS $name ($n figures)"
        [ -n "$first_name" ] || first_name=$name
    else
        echo "FAIL $name"
        failed=$((failed + 1))
    fi
done

# the checker itself must be able to fail
if [ -n "$first_name" ]; then
    awk '!done && $1 != "exit" && $1 != "opts" { $3 = $3 + 1; done = 1 } { print }' \
        "$WORK/$first_name.expect" >"$WORK/mutant.expect"
    if check_one "$first_name" "$COMDIR/$first_name.COM" "$WORK/mutant.expect" \
            >"$WORK/mutant.log" 2>&1; then
        echo "FAIL checker: a wrong expectation for $first_name was accepted"
        failed=$((failed + 1))
    else
        echo "PASS checker rejects a wrong figure ($(grep -m1 FAIL "$WORK/mutant.log" | sed 's/^ *//'))"
        checker=1
    fi
fi

echo "bench-selftest: $((total - failed))/$total test programs passed"
# The count make test adds up: the programs that passed and the checker's
# own test (a failed checker test is already in $failed).
echo "bench-selftest: $((total - failed - skipped + checker)) passed, $failed failed"
[ "$failed" -eq 0 ]
