#!/bin/sh
# sizes.sh MAP ALLOW CORE MAP_G SVC STATS XMS [h] > module-sizes.md
#
# With h, the figures as C defines instead (build/gen/mod_sizes.h: T_SEAL
# checks that the seal gives exactly these sizes).
#
# The module's bytes per object and per part, from ld86's link map
# (build/mempool.map), as a Markdown page (make writes
# docs/architecture/module-sizes.md from it).  Every symbol of the map
# (kind R, global, and r, local: a C file's static routines and a NASM
# file's own labels and data markers, so that an object that opens with
# one is measured from there) is placed at its address; an object's bytes
# run from its first symbol to the next object's first symbol (link order
# is address order).  The marker objects (tools/mark.asm, mod_cold.s,
# mod_marks.s) hold no bytes and are not listed.  Each part's objects
# must add up to the part's extent between its markers (an object that
# straddles a marker is an error).
# The parts are cut at the marker symbols the Makefile links in:
#   _pheap_beg (the packet heap's entries, the core's last part, which the
#   seal drops when no heap is configured: "heap"), _grp_beg_1.._grp_beg_4
#   (groups MAP SVC STATS XMS), _mod_setup_start, _mod_cold_start (init),
#   _mod_image_end.  The sealed sizes are without the heap's part but for
#   the one named so.
# Sealed sizes add the private stack the seal puts behind the code it
# keeps, as mod_seal computes it from the Makefile's figures: ALLOW plus
# the deepest frames of the core (CORE) and of each group kept (MAP_G SVC
# STATS XMS), rounded up to 16; the code is rounded up to a paragraph.
# Hot bytes: the code of the core that an interrupt handler may run: the
# objects that hold the ISR-safe entries, without their data (the
# X_data_beg .. X_data_end ranges) and without the task-time routines they
# also hold (listed below; a listed name missing from the map is an error,
# so the list cannot silently go stale).  A routine runs from its label
# (global or local, not a dotted one) to the next symbol.
set -eu
map=$1 mode=${8:-md}
max() { m=$1; shift; for x in "$@"; do [ "$x" -gt "$m" ] && m=$x; done; echo "$m"; }
stk_all=$(( ($2 + $(max "$3" "$4" "$5" "$6" "$7") + 15) / 16 * 16 ))
stk_min=$(( ($2 + $(max "$3" "$4") + 15) / 16 * 16 ))

HOT_OBJS="pool_fast dma_fast memory_ops isr_guard"
TASK_SYMS="_pool_pkt_alloc_c _pool_pkt_free_c _dma_release_all _ops_install386 ops_patch"

awk -v mode="$mode" -v stk_all="$stk_all" -v stk_min="$stk_min" -v hot="$HOT_OBJS" -v task="$TASK_SYMS" '
($NF == "R" || $NF == "r") && NF >= 5 {
    o = $1; sub(/.*\//, "", o)
    a = hex($4)
    n++; addr[n] = a; name[n] = $2; obj[n] = o
    mark[$2] = a
    if (o == "mark" || o == "mod_cold" || o == "mod_marks") next
    if (!(o in first) || a < first[o]) first[o] = a
}
function hex(s,   i, v) {
    v = 0; s = tolower(s)
    for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    return v
}
function need(s) {
    if (!(s in mark)) { printf "sizes.sh: marker %s not in the map\n", s > "/dev/stderr"; exit 2 }
    return mark[s]
}
function part(a) {
    if (a < hb) return "core"
    if (a < g1) return "heap"
    if (a < g2) return "MAP"
    if (a < g3) return "SVC"
    if (a < g4) return "STATS"
    if (a < su) return "XMS"
    if (a < co) return "set-up"
    return "init"
}
function para(x) { return int((x + 15) / 16) * 16 }
END {
    hb = need("_pheap_beg"); g1 = need("_grp_beg_1"); g2 = need("_grp_beg_2"); g3 = need("_grp_beg_3")
    g4 = need("_grp_beg_4"); su = need("_mod_setup_start"); co = need("_mod_cold_start")
    end = need("_mod_image_end")
    # objects in address order
    for (o in first) { no++; ol[no] = o }
    for (i = 2; i <= no; i++)
        for (j = i; j > 1 && first[ol[j]] < first[ol[j - 1]]; j--) { t = ol[j]; ol[j] = ol[j - 1]; ol[j - 1] = t }
    for (i = 1; i <= no; i++) {
        nx = (i < no) ? first[ol[i + 1]] : end
        size[ol[i]] = nx - first[ol[i]]
        ptot[part(first[ol[i]])] += size[ol[i]]
    }
    # symbols in address order, for routine extents; at one address the
    # data markers first, so that a label they share is inside or outside
    for (i = 2; i <= n; i++)
        for (j = i; j > 1 && (addr[j] < addr[j - 1] || (addr[j] == addr[j - 1] &&
                              name[j] ~ /_data_(beg|end)$/ && name[j - 1] !~ /_data_(beg|end)$/)); j--) {
            t = addr[j]; addr[j] = addr[j - 1]; addr[j - 1] = t
            t = name[j]; name[j] = name[j - 1]; name[j - 1] = t
            t = obj[j]; obj[j] = obj[j - 1]; obj[j - 1] = t
        }
    nh = split(hot, h, " "); for (i = 1; i <= nh; i++) ishot[h[i]] = 1
    nt = split(task, tk, /[ \n]+/)
    for (i = 1; i <= nt; i++) if (tk[i] != "") { istask[tk[i]] = 1; if (!(tk[i] in mark)) {
        printf "sizes.sh: task-time routine %s not in the map\n", tk[i] > "/dev/stderr"; exit 2 } }
    # hot: walk the symbols of the hot objects; a routine runs from its
    # label to the next symbol; dotted names are labels inside it
    for (i = 1; i <= n; i++) {
        if (!(obj[i] in ishot)) continue
        nx = (i < n) ? addr[i + 1] : end   # 0 bytes for all but the last of one address
        s = name[i]
        if (s ~ /_data_beg$/) { indata[obj[i]] = 1 }
        if (s ~ /_data_end$/) { indata[obj[i]] = 0 }
        if (s !~ /\./) cur[obj[i]] = s
        if (indata[obj[i]] || (cur[obj[i]] in istask)) continue
        hotb += nx - addr[i]
    }
    ext["core"] = hb; ext["heap"] = g1 - hb; ext["MAP"] = g2 - g1; ext["SVC"] = g3 - g2; ext["STATS"] = g4 - g3
    ext["XMS"] = su - g4; ext["set-up"] = co - su; ext["init"] = end - co
    for (p in ext) if (ptot[p] != ext[p]) {
        printf "sizes.sh: the objects of part %s add up to %d bytes, its markers to %d\n", p, ptot[p], ext[p] > "/dev/stderr"; exit 2 }
    core = ptot["core"]; grp = ptot["MAP"] + ptot["SVC"] + ptot["STATS"] + ptot["XMS"]
    if (mode == "h") {
        print "/* generated by tools/sizes.sh from the link map: do not edit */"
        printf "#define MOD_SEALED_BYTES %du\n", para(core + grp) + stk_all
        printf "#define MOD_SEALED_MIN_BYTES %du\n", para(core + ptot["MAP"]) + stk_min
        printf "#define MOD_SEALED_HEAP_BYTES %du\n", para(core + ptot["heap"] + grp) + stk_all
        exit 0
    }
    print "# MEMPOOL.MOD: bytes per object"
    print ""
    print "Generated by the build (`tools/sizes.sh` from `build/mempool.map`); do not edit. What each part"
    print "is and when it is dropped: `resident-split.md`."
    print ""
    print "| part | bytes |"
    print "|---|---:|"
    np = split("core heap MAP SVC STATS XMS set-up init", pn, " ")
    for (i = 1; i <= np; i++) printf "| %s | %d |\n", pn[i], ptot[pn[i]]
    printf "| image | %d |\n", end
    print ""
    printf "Sealed with every group kept: %d bytes of code and data + %d of stack = %d bytes.  \n", core + grp, stk_all, para(core + grp) + stk_all
    printf "Sealed with the core and MAP only: %d + %d = %d bytes.  \n", core + ptot["MAP"], stk_min, para(core + ptot["MAP"]) + stk_min
    printf "Sealed with every group kept and a packet heap configured: %d + %d = %d bytes.  \n", core + ptot["heap"] + grp, stk_all, para(core + ptot["heap"] + grp) + stk_all
    printf "Code an interrupt handler may run (the ISR-safe entries and their helpers): %d bytes, and the heap part when a heap is configured.\n", hotb
    print ""
    print "| object | part | bytes |"
    print "|---|---|---:|"
    for (i = 1; i <= no; i++) printf "| `%s` | %s | %d |\n", ol[i], part(first[ol[i]]), size[ol[i]]
    # machine-readable figures for make bench
    printf "\n<!-- sealed_bytes %d sealed_min_bytes %d sealed_hot_bytes %d -->\n", para(core + grp) + stk_all, para(core + ptot["MAP"]) + stk_min, hotb
    printf "<!-- sealed_heap_bytes %d heap_part_bytes %d -->\n", para(core + ptot["heap"] + grp) + stk_all, ptot["heap"]
}' "$map"
