#!/bin/sh
# testtotal.sh - one total for `make test` over every test layer.
#
#   sh tools/testtotal.sh layer RESULTS LAYER COMMAND...
#       Append "LAYER started" to RESULTS, run COMMAND (its output shown and
#       kept in RESULTS.d/LAYER.log), then append "LAYER PASSED FAILED".
#       The counts come from the last line of the output that reads
#       "N passed, N failed" on its own (behind at most one word and a
#       colon, as the DOS tests print it).  A layer that printed no such
#       line, or exited non-zero while its line said 0 failed, counts one
#       failure more.  Exit status 1 when the layer failed.
#   sh tools/testtotal.sh sum RESULTS LAYER...
#       Print every layer's counts and, last, "make test: N passed,
#       N failed" summed over them.  A listed layer with a "started" record
#       and no counts (it died before writing them), or with no record at
#       all (it never ran: an earlier layer failed without make -k), counts
#       as one failure.  Exit status 1 when anything failed.
#
# The Makefile's test target starts RESULTS afresh and runs each layer of
# TEST_LAYERS through "layer"; see docs/dev/conventions.md, "Tests".

count_re='^([A-Za-z0-9_.-]+: )?[0-9]+ passed, [0-9]+ failed$'

layer() {
    results=$1 name=$2; shift 2
    logdir=$results.d
    mkdir -p "$logdir"
    log=$logdir/$name.log
    echo "$name started" >> "$results"
    rm -f "$log.rc"
    { "$@" 2>&1; echo $? > "$log.rc"; } | tee "$log"
    rc=$(cat "$log.rc" 2>/dev/null)
    [ -n "$rc" ] || rc=1
    line=$(grep -E "$count_re" "$log" | tail -n 1)
    if [ -z "$line" ]; then
        p=0; f=1
        echo "make test: layer $name printed no 'N passed, N failed' line: one failure"
    else
        p=$(printf '%s\n' "$line" | sed -E 's/^([^ ]+ )?([0-9]+) passed, ([0-9]+) failed$/\2/')
        f=$(printf '%s\n' "$line" | sed -E 's/^([^ ]+ )?([0-9]+) passed, ([0-9]+) failed$/\3/')
        if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
            f=1
            echo "make test: layer $name exited with status $rc after '$line': one failure"
        fi
    fi
    echo "$name $p $f" >> "$results"
    [ "$rc" -eq 0 ] && [ "$f" -eq 0 ]
}

sum() {
    results=$1; shift
    [ -f "$results" ] || : > "$results"
    tp=0; tf=0
    echo "make test: results by layer ($results)"
    for name in "$@"; do
        rec=$(awk -v n="$name" '$1 == n && NF == 3 { r = $2 " " $3 } END { print r }' "$results")
        if [ -n "$rec" ]; then
            p=${rec% *}; f=${rec#* }
            note=""
        elif grep -qx "$name started" "$results"; then
            p=0; f=1; note="  (started, wrote no result: counted as failed)"
        else
            p=0; f=1; note="  (did not run: counted as failed; make -k runs every layer)"
        fi
        printf '  %-16s %6d passed, %d failed%s\n' "$name" "$p" "$f" "$note"
        tp=$((tp + p)); tf=$((tf + f))
    done
    echo "make test: $tp passed, $tf failed"
    [ "$tf" -eq 0 ]
}

cmd=$1; shift
case $cmd in
    layer) layer "$@" ;;
    sum)   sum "$@" ;;
    *)     echo "usage: sh tools/testtotal.sh layer RESULTS LAYER COMMAND... | sum RESULTS LAYER..." >&2; exit 2 ;;
esac
