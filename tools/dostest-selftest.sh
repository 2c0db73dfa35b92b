#!/bin/sh
# dostest-selftest.sh BUILD - the sealed pass of tools/dostest.sh must fail
# each planted fault (build/dos/fault/F_*.COM, from tests/dos/fault/) that
# its unsealed pass lets through:
#   F_LATE   a set-up call after the seal point (the seal took effect);
#   F_NOSEA  no seal point reached (a sealed run that sealed nothing).
# Each planted program must pass unsealed (the plant is only the seal) and
# fail sealed.  Ends with "dostest-selftest: N passed, N failed".
B=${1:-build}
pass=0; fail=0

# expect PROGRAM MODE ok|FAIL
expect() {
    if DOSTEST_MODES=$2 B=$(cd "$B" && pwd) sh tools/dostest.sh xms_umb "$B/dos/fault/$1.COM" \
        > "$B/dos/fault/$1.$2.log" 2>&1; then got=ok; else got=FAIL; fi
    if [ "$got" = "$3" ]; then
        pass=$((pass + 1))
        echo "dostest-selftest: $1 $2: $got as it must be"
    else
        fail=$((fail + 1))
        echo "dostest-selftest: FAIL $1 $2: $got, want $3"
        sed 's/^/       | /' "$B/dos/fault/$1.$2.log"
    fi
}

for f in F_LATE F_NOSEA; do
    expect $f unsealed ok
    expect $f sealed FAIL
done
grep -q 'sealed run passed no seal point' "$B/dos/fault/F_NOSEA.sealed.log" &&
    grep -q 'FAIL line' "$B/dos/fault/F_LATE.sealed.log"
if [ $? -eq 0 ]; then
    pass=$((pass + 1)); echo "dostest-selftest: each caught for its own reason"
else
    fail=$((fail + 1)); echo "dostest-selftest: FAIL a plant was caught for another reason"
fi
echo "dostest-selftest: $pass passed, $fail failed"
[ $fail -eq 0 ]
