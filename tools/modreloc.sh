#!/bin/sh
# modreloc.sh B DIR LD86 CORE G1 G2 G3 G4 SETUP TAIL OUT.asm - make the
# module's relocation table (tools/modreloc.c explains it).
#
# Links the image once as it is (with an empty table where the real one
# will go) and once with a 16-byte pad object before each group and before
# the set-up part, reads where each group starts from the plain link's map,
# and lets modreloc compare them.  The API table, the unload hooks and the
# header are the core's only words that may refer to a group or to the
# set-up part (the seal rewrites them).
set -e
B=$1; D=$2; LD=$3; CORE=$4; G1=$5; G2=$6; G3=$7; G4=$8; SETUP=$9; shift 9
TAIL=$1; OUT=$2
NONE=$D/reloc_none.o
mkdir -p "$D"
link() {    # link NAME objects...
    n=$1; shift
    $LD -0 -d -T0 -M -o "$D/$n.bin" "$@" > "$D/$n.map" || { cat "$D/$n.map"; exit 1; }
}
# padded N ALL: the objects with the segment's mark (its first object)
# replaced by the mark's twin that has 16 zero bytes before the label
padded() {
    first=$1; shift
    for o in "$@"; do
        if [ "$o" = "$first" ]; then echo "$D/$(basename "$o")"; else echo "$o"; fi
    done
}
ALL="$CORE $G1 $G2 $G3 $G4 $SETUP $NONE $TAIL"
# shellcheck disable=SC2086
link base $ALL
i=1
for g in "$G1" "$G2" "$G3" "$G4" "$SETUP"; do
    # shellcheck disable=SC2086
    set -- $g
    # shellcheck disable=SC2046,SC2086
    link "p$i" $(padded "$1" $ALL)
    i=$((i + 1))
done
sym() {     # the offset of symbol $1 in the plain link, 0x...
    v=$(awk -v s="$1" '$2 == s { print $4; exit }' "$D/base.map")
    [ -n "$v" ] || { echo "modreloc.sh: no symbol $1 in the map" >&2; exit 1; }
    echo "0x$v"
}
"$B/tools/modreloc" "$OUT" "$D/base.bin" \
    "$(sym _grp_beg_1)" "$(sym _grp_beg_2)" "$(sym _grp_beg_3)" "$(sym _grp_beg_4)" \
    "$(sym _mod_setup_start)" \
    "$D/p1.bin" "$D/p2.bin" "$D/p3.bin" "$D/p4.bin" "$D/p5.bin" \
    --ok 0 0x40 \
    --ok "$(sym init_ok_beg)" "$(sym init_ok_end)" \
    --ok "$(sym mod_api_data_beg)" "$(sym mod_api_data_end)" \
    --ok "$(sym hooks_data_beg)" "$(sym hooks_data_end)"
