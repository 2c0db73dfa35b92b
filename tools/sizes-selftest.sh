#!/bin/sh
# sizes-selftest.sh BUILD SIZES_ARGS... - tools/sizes.sh must accept the
# module's link map (every part's objects add up to the extent between its
# markers) and refuse the same map with a group marker moved by two bytes,
# as when an object straddles it.
set -e
B=$1
shift
d=$B/check
mkdir -p "$d"
sh tools/sizes.sh "$B/mempool.map" "$@" > /dev/null 2> "$d/sizes.err" || {
    echo "sizes-selftest: FAIL: sizes.sh refused the module's own map"; cat "$d/sizes.err"; exit 1; }
a=$(awk '$2 == "_grp_beg_2" { print $4 }' "$B/mempool.map")
[ -n "$a" ] || { echo "sizes-selftest: FAIL: no _grp_beg_2 in the map"; exit 1; }
b=$(printf '%08x' $((0x$a + 2)))
sed "s/\(_grp_beg_2  *0  *\)$a/\1$b/" "$B/mempool.map" > "$d/moved.map"
grep -q "_grp_beg_2  *0  *$b" "$d/moved.map" || {
    echo "sizes-selftest: FAIL: could not plant the moved marker"; exit 1; }
if sh tools/sizes.sh "$d/moved.map" "$@" > /dev/null 2> "$d/moved.err"; then
    echo "sizes-selftest: FAIL: a marker moved by two bytes was not caught"; exit 1
fi
grep -q "add up to" "$d/moved.err" || {
    echo "sizes-selftest: FAIL: wrong reason"; cat "$d/moved.err"; exit 1; }
echo "sizes-selftest: the module's map adds up; the same map with a marker moved by two bytes is refused"
