#!/bin/sh
# check286.sh - prove a 16-bit binary holds no instruction newer than the
# 80286 outside the routines that run only after CPU detection.
#
#   check286.sh mod IMAGE.MOD MAP        a module image (ld86 -T0 map)
#   check286.sh com PROG.COM MAP PROG.out  a bcc .COM (the .out is the same
#                                        link with its a.out header)
#
# Code ranges: a module is one segment [0, _mod_image_end), swept object by
# object (each from its first symbol to the next object's: ld86 pads an
# object's end to an even or 4-byte boundary, and a sweep running on
# through the padding could start the next object mid-instruction); a
# .COM's code is its text segment.
# Inside them, symbol pairs from the map carve out:
#   NAME_data_beg .. NAME_data_end   data kept in a code segment (skipped)
#   NAME_386_beg  .. NAME_386_end    reached only on a 386+ (allowed)
# Everything else is disassembled (ndisasm, linear sweep) and fails on an
# operand/address-size prefix (66h/67h), an FS/GS override (64h/65h) or a
# two-byte 0Fh opcode other than the 286's own (0F 00..03, 05, 06).
set -u
mode=$1; img=$2; map=$3
tmp=$(mktemp -d /tmp/check286.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

sym() {  # address (decimal) of a symbol in the map, or nothing
    awk -v s="$1" '$2 == s { print strtonum("0x" $4); exit }' "$map"
}

case $mode in
mod)
    origin=0; fileoff=0
    end=$(sym _mod_image_end)
    awk '$3 == 0 && $5 ~ /^[Rr]/ { a = strtonum("0x" $4)
             if (!($1 in first) || a < first[$1]) first[$1] = a }
         END { for (o in first) print first[o] }' "$map" | sort -n -u |
      awk -v end="$end" 'BEGIN { lo = 0 }
          $1 > lo && $1 < end { print lo, $1; lo = $1 }
          END { print lo, end }' > "$tmp/code"
    ;;
com)
    out=$4
    origin=256
    # a.out header: a_text is the 32-bit word at offset 8
    text=$(od -An -tu4 -j8 -N4 "$out" | tr -d ' ')
    # Our objects only: bcc's own DOS C library (libdos.a, crt0) is built
    # for the 8086 by dev86, and its code holds jump tables that a linear
    # sweep would misread.  Each run of symbols from our objects, up to the
    # next symbol of another object, is a code range.
    objdump86 /usr/lib/bcc/libdos.a /usr/lib/bcc/crt0.o 2>/dev/null |
        sed -n "s/^MODULE  *'\(.*\)'.*/\1/p" | sort -u > "$tmp/libmods"
    awk -v end=$((256 + text)) -v libs="$tmp/libmods" '
        BEGIN { while ((getline m < libs) > 0) lib[m] = 1 }
        $3 == 0 && $5 ~ /^[Rr]/ { a = strtonum("0x" $4); if (a >= 256 && a < end) print a, $1 }' "$map" |
      sort -n | awk -v end=$((256 + text)) -v libs="$tmp/libmods" '
        BEGIN { while ((getline m < libs) > 0) lib[m] = 1 }
        { a[NR] = $1; mod[NR] = $2; sub(/.*\//, "", mod[NR]) }
        # An object'"'"'s code is one piece: a library symbol with the same
        # object of ours on both sides (libdos'"'"'s __segoff lands inside
        # whatever code is at its value) does not end a range.
        END { for (i = 1; i <= NR; i++) {
                  ours = !(mod[i] in lib)
                  if (!ours && open && i < NR && mod[i + 1] == mod[i - 1]) continue
                  if (ours && !open) { lo = a[i]; open = 1 }
                  if (!ours && open) { print lo, a[i]; open = 0 } }
              if (open) print lo, end }' > "$tmp/code"
    ;;
*) echo "check286: mode must be mod or com" >&2; exit 2 ;;
esac

# pairs: "beg end kind" for *_data_* and *_386_* symbols
awk '{ n = $2; a = strtonum("0x" $4)
       if (n ~ /_(data|386)_beg$/) { k = n; sub(/_beg$/, "", k); beg[k] = a }
       if (n ~ /_(data|386)_end$/) { k = n; sub(/_end$/, "", k); end[k] = a } }
     END { for (k in beg) if (k in end) {
               kind = (k ~ /_386$/) ? "386" : "data"
               print beg[k], end[k], kind } }' "$map" | sort -n > "$tmp/pairs"

fail=0; insns=0
while read -r lo hi; do
    [ -n "$lo" ] && [ -n "$hi" ] || { echo "check286: $img: code range missing in $map"; exit 1; }
    # split [lo,hi) around the data ranges, disassemble each piece
    awk -v lo="$lo" -v hi="$hi" '
        $3 == "data" && $1 >= lo && $2 <= hi { print $1, $2 }' "$tmp/pairs" > "$tmp/skip"
    start=$lo
    { cat "$tmp/skip"; echo "$hi $hi"; } | while read -r s e; do
        if [ "$s" -gt "$start" ]; then
            len=$((s - start))
            tail -c +$((start - origin + 1)) "$img" | head -c "$len" > "$tmp/piece"
            ndisasm -b16 -o "$start" "$tmp/piece"
        fi
        start=$e
    done
done < "$tmp/code" > "$tmp/dis"

awk -v pairs="$tmp/pairs" -v img="$img" '
BEGIN { n = 0
        while ((getline l < pairs) > 0) { split(l, f, " ")
            if (f[3] == "386") { lo[n] = f[1]; hi[n] = f[2]; n++ } } }
/^[0-9A-F]+ / {
    addr = strtonum("0x" $1); hex = toupper($2); insns++
    while (hex ~ /^(F0|F2|F3|26|2E|36|3E)/) hex = substr(hex, 3)
    bad = 0
    if (hex ~ /^(66|67|64|65)/) bad = 1
    else if (hex ~ /^0F/ && substr(hex, 3, 2) !~ /^(00|01|02|03|05|06)$/) bad = 1
    if (!bad) next
    for (i = 0; i < n; i++) if (addr >= lo[i] && addr < hi[i]) next
    printf "check286: %s: 386+ instruction outside a CPU-gated routine: %s\n", img, $0
    fails++
}
END { if (fails) exit 1
      printf "check286: %s: %d instructions, 80286 only (%d CPU-gated 386 ranges)\n", img, insns, n }
' "$tmp/dis"
