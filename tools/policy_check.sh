#!/bin/sh
# policy_check.sh [--selftest] - check every number in the policy document
# (docs/architecture/memory-policy-v1.0.md) against the code.
#
#   constants  every "| `NAME` | value |" row whose NAME is #defined in
#              include/memory_api.h or src/modules/mempool/pool.h must
#              carry the same value; every MEM_E_* code, MEM_DEF_*,
#              MEM_CFG_* and the packet/pool constants must have a row.
#   pools      "| index | NAME | stride | largest |": the small classes
#              (index = MEM_POOL_NAME, stride 16 << i, largest = stride)
#              and the default packet classes PKTCk (index =
#              MEM_POOL_PKTC(k) = 8 + k, largest = MEM_DEF_PKT_LENk, stride
#              = largest + MEM_PKT_DATA rounded up to 16, as pool_init.c
#              computes it); one row per small class and default class.
#   presets    "| 3C515_BUF | align | boundary | max_addr | max_size | count |"
#              against mod_dma_preset() in src/modules/mempool/dma_buffers.c
#              (defaults before the switch, then each case's assignments).
#
# POLICY_DOC, POLICY_HDR, POLICY_POOLH, POLICY_DMAC override the files (the
# self-test uses that).  --selftest plants mismatches in temp copies and
# fails unless each one is caught.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
DOC=${POLICY_DOC:-$top/docs/architecture/memory-policy-v1.0.md}
HDR=${POLICY_HDR:-$top/include/memory_api.h}
POOLH=${POLICY_POOLH:-$top/src/modules/mempool/pool.h}
DMAC=${POLICY_DMAC:-$top/src/modules/mempool/dma_buffers.c}

if [ "${1:-}" = "--selftest" ]; then
    tmp=$(mktemp -d /tmp/polcheck.XXXXXX)
    trap 'rm -rf "$tmp"' EXIT
    fail=0
    plant() {   # what file sed-expression
        cp "$DOC" "$tmp/doc.md"; cp "$HDR" "$tmp/h.h"
        cp "$POOLH" "$tmp/pool.h"; cp "$DMAC" "$tmp/dma.c"
        sed -i "$3" "$tmp/$2"
        if cmp -s "$tmp/$2" "$( case $2 in doc.md) echo "$DOC";; h.h) echo "$HDR";;
                                pool.h) echo "$POOLH";; dma.c) echo "$DMAC";; esac)"; then
            echo "policy_check selftest: plant '$1' changed nothing"; fail=1; return
        fi
        if POLICY_DOC=$tmp/doc.md POLICY_HDR=$tmp/h.h POLICY_POOLH=$tmp/pool.h \
           POLICY_DMAC=$tmp/dma.c sh "$0" > "$tmp/out" 2>&1; then
            echo "policy_check selftest: planted '$1' NOT caught"; fail=1
        else
            echo "policy_check selftest: planted '$1' caught: $(grep MISMATCH "$tmp/out" | head -n 1)"
        fi
    }
    plant "doc: 3C515_BUF boundary 0x8000" doc.md 's/^| 3C515_BUF | 16 | 0x10000 |/| 3C515_BUF | 16 | 0x8000 |/'
    plant "doc: MEM_PKT_MAX 1518" doc.md 's/^| `MEM_PKT_MAX` | 1514 |/| `MEM_PKT_MAX` | 1518 |/'
    plant "doc: PKTC2 stride 1536" doc.md 's/^| 10 | PKTC2 | 1568 |/| 10 | PKTC2 | 1536 |/'
    plant "doc: MEM_E_NOXMS row dropped" doc.md '/^| `MEM_E_NOXMS` |/d'
    plant "code: 8237_16 align 4" dma.c '/case MEM_DMA_8237_16:/,/break;/s/k.align = 2;/k.align = 4;/'
    plant "code: default count 4" dma.c 's/k.count = 8;/k.count = 4;/'
    plant "code: MEM_DEF_ISR_RESERVE 6" h.h 's/^#define MEM_DEF_ISR_RESERVE      4/#define MEM_DEF_ISR_RESERVE      6/'
    plant "code: MEM_DEF_PKT_LEN1 600" h.h 's/^#define MEM_DEF_PKT_LEN1        592/#define MEM_DEF_PKT_LEN1        600/'
    plant "code: POOL_SMALL_ARENA_MIN 2048" pool.h 's/^#define POOL_SMALL_ARENA_MIN  1024/#define POOL_SMALL_ARENA_MIN  2048/'
    [ $fail -eq 0 ] && echo "policy_check selftest: every planted mismatch caught"
    exit $fail
fi

for f in "$DOC" "$HDR" "$POOLH" "$DMAC"; do
    [ -f "$f" ] || { echo "policy_check: missing $f"; exit 2; }
done

# NAME VALUE (decimal) for every plain numeric #define
defs() {
    awk '
    function num(s,   v, i, c, neg) {
        gsub(/[()]/, "", s); neg = 0
        if (s ~ /^-/) { neg = 1; s = substr(s, 2) }
        sub(/[uUlL]+$/, "", s)
        if (s ~ /^0[xX][0-9a-fA-F]+$/) {
            v = 0; s = toupper(substr(s, 3))
            for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1
        } else if (s ~ /^[0-9]+$/) v = s + 0
        else return "x"
        return neg ? -v : v
    }
    $1 == "#define" && NF >= 3 { v = num($3); if (v != "x") print $2, v }' "$@"
}
defs "$HDR" "$POOLH" > "${TMPDIR:-/tmp}/polcheck.defs.$$"
DEFS="${TMPDIR:-/tmp}/polcheck.defs.$$"
trap 'rm -f "$DEFS"' EXIT

# preset table from the code: NAME align boundary max_addr max_size count
awk '
function num(s,   v, i) {
    sub(/;.*/, "", s); sub(/[uUlL]+$/, "", s)
    if (s ~ /^0[xX]/) { v = 0; s = toupper(substr(s, 3))
        for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1
        return v }
    return s + 0
}
/^int mod_dma_preset\(/ { inf = 1; next }
inf && /^}/ { inf = 0 }
!inf { next }
/switch \(which\)/ { for (k in d) cur[k] = d[k]; insw = 1; next }
/case MEM_DMA_[A-Z0-9_]+:/ { name = $2; sub(/:$/, "", name); sub(/^MEM_DMA_/, "", name)
    for (k in d) cur[k] = d[k]; next }
/return MEM_E_NOTSUP/ { print name, "PIO"; name = ""; next }
/k\.(align|boundary|max_addr|max_size|count) = / {
    f = $1; sub(/^k\./, "", f)
    if (!insw) d[f] = num($3); else cur[f] = num($3); next }
/break;/ && name != "" { print name, cur["align"], cur["boundary"], cur["max_addr"], cur["max_size"], cur["count"]; name = "" }
' "$DMAC" > "$DEFS.presets"
trap 'rm -f "$DEFS" "$DEFS.presets"' EXIT

awk -v defs="$DEFS" -v presets="$DEFS.presets" '
function num(s,   v, i, neg) {
    gsub(/[ `]/, "", s); neg = 0
    if (s ~ /^-/) { neg = 1; s = substr(s, 2) }
    if (s ~ /^0[xX][0-9a-fA-F]+$/) { v = 0; s = toupper(substr(s, 3))
        for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1 }
    else if (s ~ /^[0-9]+$/) v = s + 0
    else return "x"
    return neg ? -v : v
}
function bad(msg) { print "policy_check: MISMATCH " msg; errs++ }
BEGIN {
    while ((getline l < defs) > 0) { split(l, a, " "); def[a[1]] = a[2] }
    while ((getline l < presets) > 0) { n = split(l, a, " "); pre[a[1]] = l; npre++ }
    for (k in def)
        if (k ~ /^MEM_E_[A-Z0-9]+$/ || k ~ /^MEM_DEF_/ || k ~ /^MEM_CFG_/ || k == "MEM_OK" ||
            k ~ /^MEM_PKT_(HDR|HEADROOM|MAX|MAGIC|CLASSES_MAX)$/ || k == "MEM_SMALL_MAX" ||
            k == "MEM_XMS_HANDLES" || k == "MEM_XMS_PARK_SLOTS" || k == "POOL_SMALL_ARENA_MIN" ||
            k == "MEM_DMA_TAGS" || k == "MEM_POOL_COUNT" || k == "MEM_POOL_LAST")
            need[k] = 1
}
{ line = $0 }
line !~ /^\|/ { next }
{
    n = split(line, c, "|")
    for (i = 2; i < n; i++) { gsub(/^ +| +$/, "", c[i]) }
}
# constants: | `NAME` | value | ...
c[2] ~ /^`[A-Z][A-Z0-9_]*`$/ {
    name = c[2]; gsub(/`/, "", name)
    if (name in def) {
        v = num(c[3])
        if (v == "x") bad(name ": value \"" c[3] "\" in the document is no number")
        else if (v != def[name]) bad(name ": document " c[3] ", code " def[name])
        seen[name] = 1; checked++
    }
    next
}
# pool classes: | index | NAME | stride | largest |
c[2] ~ /^[0-9]+$/ && c[3] ~ /^[A-Z][A-Z0-9_]*$/ {
    idx = c[2] + 0; pn = c[3]
    if (pn ~ /^PKTC[0-9]$/) {
        k = substr(pn, 5) + 0
        if (k >= def["MEM_DEF_PKT_CLASSES"] || !(("MEM_DEF_PKT_LEN" k) in def)) { bad("pool " pn ": no default class " k); next }
        if (idx != 8 + k) bad("pool " pn ": index " idx ", code MEM_POOL_PKTC(" k ") = " 8 + k)
        lg = def["MEM_DEF_PKT_LEN" k]
        st = lg + def["MEM_PKT_HDR"] + def["MEM_PKT_HEADROOM"]; st = st + (16 - st % 16) % 16
    } else {
        if (!(("MEM_POOL_" pn) in def)) { bad("pool " pn ": no MEM_POOL_" pn " in the header"); next }
        if (def["MEM_POOL_" pn] != idx) bad("pool " pn ": index " idx ", code " def["MEM_POOL_" pn])
        if (idx >= 5) { bad("pool " pn ": packet classes are rows PKTCk"); next }
        st = 16 * 2 ^ idx; lg = st
    }
    if (num(c[4]) != st) bad("pool " pn ": stride " c[4] ", code " st)
    if (num(c[5]) != lg) bad("pool " pn ": largest " c[5] ", code " lg)
    if (lg > st - (idx >= 5 ? def["MEM_PKT_HDR"] + def["MEM_PKT_HEADROOM"] : 0))
        bad("pool " pn ": largest " lg " does not fit stride " st)
    pools[pn] = 1; npools++; checked++
    next
}
# presets: | NAME | align | boundary | max_addr | max_size | count | flags |
(c[2] in pre) {
    split(pre[c[2]], p, " ")
    if (p[2] == "PIO") { if (c[3] != "-") bad("preset " c[2] ": code says PIO only"); }
    else {
        split("align boundary max_addr max_size count", fld, " ")
        for (i = 1; i <= 5; i++)
            if (num(c[i + 2]) != p[i + 1]) bad("preset " c[2] " " fld[i] ": document " c[i + 2] ", code " p[i + 1])
    }
    pseen[c[2]] = 1; checked++
    next
}
END {
    for (k in need) if (!(k in seen)) bad(k " (= " def[k] ") has no row in the document")
    for (k in pre) if (!(k in pseen)) bad("preset " k " has no row in the document")
    if (npools != 5 + def["MEM_DEF_PKT_CLASSES"]) bad("pool table has " npools " rows, code " 5 + def["MEM_DEF_PKT_CLASSES"] " pools (5 small, the default packet classes)")
    if (npre < 7) bad("found only " npre " presets in mod_dma_preset()")
    if (errs) { print "policy_check: " errs " mismatch(es) in " FILENAME; exit 1 }
    print "policy_check: " checked " table rows match the code (" npre " presets, " npools " pools)"
}' "$DOC"
