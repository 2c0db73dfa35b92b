#!/bin/sh
# genapi-selftest.sh BUILD - tools/genapi.awk must accept api.def as it is
# and refuse each planted fault: a bad column, and an entry whose ret or
# words disagree with its prototype in include/memory_api.h (a stub that
# answered MEM_E_STATE for a far pointer, or a gate copying the wrong
# argument words), an unknown stub or group, an ISR-safe entry outside the
# core (it would move at the seal).  Ends with "genapi-selftest: N passed, N failed".
B=${1:-build}
def=src/modules/mempool/api.def
work=$B/genapi-selftest
rm -rf "$work"; mkdir -p "$work/out"
pass=0; fail=0

run() {    # run DEF -> status of genapi.awk, its messages in $work/err
    awk -f tools/genapi.awk -v out="$work/out" -v api=include/memory_api.h "$1" \
        > "$work/err" 2>&1
}

if run "$def"; then
    pass=$((pass + 1)); echo "genapi-selftest: api.def accepted"
else
    fail=$((fail + 1)); echo "genapi-selftest: FAIL api.def itself refused:"; cat "$work/err"
fi

# plant WHAT SED: api.def edited by SED must be refused.
plant() {
    sed "$2" "$def" > "$work/api.def"
    if cmp -s "$work/api.def" "$def"; then
        fail=$((fail + 1)); echo "genapi-selftest: FAIL plant '$1' changed nothing"; return
    fi
    if run "$work/api.def"; then
        fail=$((fail + 1)); echo "genapi-selftest: FAIL planted '$1' accepted"
    else
        pass=$((pass + 1)); echo "genapi-selftest: planted '$1' caught: $(head -n 1 "$work/err")"
    fi
}

plant "fp entry marked int"        's/^\(pkt_alloc .*\) fp \(.*\)$/\1 int \2/'
plant "int entry marked fp"        's/^\(small_free .*\) int \(.*\)$/\1 fp \2/'
plant "u16 entry marked int"       's/^\(version .*\) u16 \(.*\)$/\1 int \2/'
plant "unknown ret"                's/^\(cpu .*\) u16 \(.*\)$/\1 u32 \2/'
plant "ret column missing"         's/^\(fill .*\) void \(.*\)$/\1 \2/'
plant "c entry returning fp"       's/^\(info .*\) int \(.*\)$/\1 fp \2/'
plant "c entry in isr context"     's/^\(pool_stats  *c  *[0-9]*  *\)task/\1isr /'
plant "reg entry with a ret"       's/^\(pkt_take .*\) - \(.*\)$/\1 fp \2/'
plant "words off by one"           's/^\(xms_free  *c  *\)1/\12/'
plant "unknown kind"               's/^\(copy  *\)asm/\1far/'
plant "unknown stub"               's/^\(copy .*\) lib \(.*\)$/\1 own \2/'
plant "unknown group"              's/^\(dma_map .*\) map$/\1 dma/'
plant "ISR-safe entry in a group"  's/^\(pkt_free .*\) core$/\1 svc/'
plant "entry without a prototype"  '$a\
no_such         c     0      task    int  gen  setup'

echo "genapi-selftest: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
