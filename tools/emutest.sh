#!/bin/sh
# emutest.sh B E_INTER.COM PLANT... - make emu-test: tests/emu/e_inter.c
# under bench86 (80286 pass) against $B/MEMPOOL.MOD, which must pass, and
# against each planted module $B/plant/PLANT/MEMPOOL.MOD, which must fail:
# its run must end with e_inter's own "N passed, M failed" line with M > 0
# (a crash or a hang of the emulator is not a catch).  Logs in $B/emu/.
# Last line: "emu-test: N passed, N failed" - e_inter's counts for the
# module, plus one per planted module caught (one failure per plant that
# got through).  Exit status 0 when the module passed and every plant was
# caught.
B=$1
COM=$2
shift 2
if [ -z "$B" ] || [ -z "$COM" ] || [ $# -eq 0 ]; then
    echo "usage: sh tools/emutest.sh B E_INTER.COM PLANT..." >&2
    exit 2
fi
# an instruction limit far above a passing run (each process some 3 x
# 10^8): a module that sends the test into a loop ends as an emulation
# error
LIMIT=1500000000
passed=0
failed=0

# counts LOG -> "P F" from the last "N passed, N failed" line, or nothing
counts() {
    tr -d '\r' < "$1" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1 \2/p' | tail -n 1
}

# The module's run in two bench86 processes side by side (two cores; each
# loads the module and runs its share of the entries, by name prefix).
# The two shares are of about equal run time: the small class's grow and
# shrink, the longest entries (tests/emu/e_inter.c's head), one in each;
# the packet heap's entries (heap_*, on a second load) split so too: its
# allocations in the first, its service, the longest of them, in the second.
GROUP1="pkt_ small_ service_grow_pkt service_shrink_pkt service_grow_small heap_take_ heap_alloc_ heap_calloc_"
GROUP2="service_refill_ xms_ dma_ service_shrink_small heap_service"
start=$(date +%s)
g=0
for grp in "$GROUP1" "$GROUP2"; do
    g=$((g + 1))
    log=$B/emu/e_inter-$g.log
    ( "$B/bench86" --cpu 286 --limit $LIMIT --dir "$B" "$COM" $grp > "$log" 2> "$log.err";
      echo $? > "$log.st" ) &
done
wait
end=$(date +%s)
for g in 1 2; do
    log=$B/emu/e_inter-$g.log
    st=$(cat "$log.st")
    c=$(counts "$log")
    tr -d '\r' < "$log" | sed -n '/^bench86: /q;/^$/d;s/^/  /p'
    if [ -z "$c" ]; then
        echo "emu-test: e_inter printed no count line (bench86 status $st)"
        cat "$log.err"
        failed=$((failed + 1))
        continue
    fi
    p=${c% *}
    f=${c#* }
    passed=$((passed + p))
    failed=$((failed + f))
    if [ "$st" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "emu-test: bench86 exited with $st although e_inter counted no failure"
        cat "$log.err"
        failed=$((failed + 1))
    fi
done
echo "emu-test: the module's runs: $((end - start)) s"

# Each planted module against the entries that share packets and free
# the last block of a full pool (the defects live in their paths; the
# packet heap's plants against a heap allocation from the top, on the
# second load); the run stops at the first run that breaks the pools.
for p in "$@"; do
    case $p in
    PLANT_HEAP_*) pick="heap_take_top" ;;
    *)            pick="pkt_ small_" ;;
    esac
    plog=$B/emu/plant-$p.log
    pdir=$B/plant/$p
    if [ ! -f "$pdir/MEMPOOL.MOD" ]; then
        echo "emu-test: FAIL $p: $pdir/MEMPOOL.MOD not built"
        failed=$((failed + 1))
        continue
    fi
    "$B/bench86" --cpu 286 --limit $LIMIT --dir "$pdir" "$COM" $pick > "$plog" 2>&1
    pst=$?
    c=$(counts "$plog")
    pf=${c#* }
    if [ -n "$c" ] && [ "$pf" -gt 0 ] && [ "$pst" -ne 0 ]; then
        echo "emu-test: PASS $p is caught ($c):"
        tr -d '\r' < "$plog" | grep -m1 ' k=[0-9]*: ' | sed 's/^ */    /'
        tr -d '\r' < "$plog" | grep ' runs, [1-9][0-9]* failed' | head -n 3 | sed 's/^/    /'
        passed=$((passed + 1))
    else
        echo "emu-test: FAIL $p got through (bench86 status $pst, counts '${c:-none}')"
        sed 's/^/    | /' "$plog" | tail -n 20
        failed=$((failed + 1))
    fi
done
echo "emu-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
