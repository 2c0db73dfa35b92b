#!/bin/sh
# attrib.sh - where the clocks of a measured call go: bench86 --trace of
# MPBENCH.COM into one table per path (make attrib -> docs/dev/hot-paths.md;
# make attrib-check, a layer of make test).
#
#   sh attrib.sh run      OUTDIR BENCH86 DIR COM COM.map MOD.map LIB SRC PATH...
#   sh attrib.sh tables   OUT.md FIG.tsv TRACE COM COM.map MOD.map MODSEG LIB SRC PATH...
#   sh attrib.sh check    FIG.tsv BENCH.tsv PATH...
#   sh attrib.sh selftest FIG.tsv BENCH.tsv PATH...
#   sh attrib.sh doc      DOC OUT.md
#
# run: runs COM under BENCH86 (files from DIR) with --tsv OUTDIR/bench86.tsv
#   and the trace piped into "tables" (it is never stored: about 500 MB for
#   both CPU passes); OUTDIR gets tables.md, fig.tsv, the program's output
#   run.log (the module's segment is read from its "mpbench: MEMPOOL ... at
#   SEG," line) and the entries kept (entries).
# tables: from a stored trace (bench86 --trace FILE) of COM; MODSEG the
#   module's segment in that run (hex).  COM.map is the program's ld86 -M
#   map, MOD.map the module's (build/mempool.map), LIB the client library
#   (build/libmempool.a: its objects are the "client library"), SRC the C
#   source that names the regions ("#define R_X n", bench_name(R_X, "name")).
#   For each PATH (a region name) and CPU it rebuilds every entry of the
#   region by bench86's counting rule (tools/bench/README.md: the markers'
#   OUT and JMP, a BENCH_CALLEE's CALL and the C call glue left out), takes
#   the lower median of the entries' clocks and writes into OUT.md the first
#   entry that costs the median: its instructions in order, grouped by
#   routine (the nearest code symbol of the two maps) and phase, with the
#   clocks of each instruction (80286) and of each group (both CPUs; one
#   table per CPU when they run different instructions), and the total.
#   FIG.tsv: per path and CPU the entries, median, min, max the trace gives
#   and which entry the table shows.
# check: FIG.tsv against bench86's TSV (the same run's, or build/bench.tsv):
#   the same entries, median, min and max per path and CPU, else the entries
#   rebuilt are not the ones bench86 measured.  Ends "attrib-check: N passed,
#   N failed"; status 1 on a failure.
# selftest: check, then check against a copy of BENCH.tsv with the first
#   path's 286 median one higher, which must fail (one more count).
# doc: in DOC every block between "<!-- attrib PATH -->" and
#   "<!-- /attrib PATH -->" becomes PATH's table from OUT.md.
#
# Phases (a group is a run of instructions of one routine and one phase):
#   caller      program code outside LIB (bench/mpbench.c): the argument
#               pushes and the near call; after the call: the stack and the
#               result store
#   client library  the stub in LIB, before and after the far call
#   far call    CALL FAR (pool stubs) or JMP FAR (generated stubs: the
#               module returns to the caller itself);  far return: RETF
#   irq off     a PUSHF right before a CLI, every instruction that ran with
#               IF = 0 before or after it (the CLI, the closing POPF)
#   statistics  reads and writes of the module's counters (pool records:
#               used, high, fails, bad, nres, and pool_bad_none; a DMA
#               arena's low-water mark and fails; INC / DEC of a DMA tag's
#               maps, bounces, VDS skips), and a Jcc right after one
#   code        the rest of the module's instructions (checks and work)
# Operands: CS: operands of the module (and DS: ones from offset 40h on)
# are named by the module map, a pool record's fields as pool.FIELD (BX =
# the record); DS: operands of the program by its map.
set -u
mode=${1:-}
AWK=${AWK:-$(command -v mawk || echo awk)}   # mawk reads the trace about 3x faster
MOD_DIR=${MOD_DIR:-src/modules/mempool}

die() { echo "attrib: $*" >&2; exit 2; }

# equ NAME FILE - the number NASM's "NAME equ N" gives (decimal or NNNNh)
equ() {
    v=$(sed -n "s/^$1[ 	][ 	]*equ[ 	][ 	]*\([0-9A-Fa-f]*h\{0,1\}\).*/\1/p" "$2" | head -n 1)
    [ -n "$v" ] || die "$1 not found in $2"
    case $v in *h|*H) v=$(printf '%d' "0x${v%?}") ;; esac
    echo "$v"
}

# symbols COM.map MOD.map MODSEG - "linear(dec) name object space" of every
# label (relocatable, not a NASM local or macro label), sorted by address;
# space: prog (the program's code, segment 0 of its map; the .COM runs at
# 1000:0000), pdata (its data, segment 3: DS = CS), mod (the module, at
# MODSEG:0000)
symbols() {
    modbase=$(( 0x$3 * 16 ))
    {
        $AWK -v base=65536 '($3 == "0" || $3 == "3") && $5 ~ /^[rR]/ { print base, ($3 == "0" ? "prog" : "pdata"), $0 }' "$1"
        $AWK -v base=$modbase '$3 == "0" && $5 ~ /^[rR]/ { print base, "mod", $0 }' "$2"
    } | $AWK '
    function hex(s,   i, n, c) {
        n = 0; s = tolower(s)
        for (i = 1; i <= length(s); i++) {
            c = index("0123456789abcdef", substr(s, i, 1)) - 1
            n = n * 16 + c
        }
        return n
    }
    # fields: base space object name segment offset flags
    $4 ~ /^\.\.@/ || $4 ~ /\./ || $4 ~ /_(data_)?(beg|end)$/ || $4 ~ /^(startup|no_op)$/ { next }
    { obj = $3; sub(/^.*\//, "", obj); printf "%d %s %s %s\n", $1 + hex($6), $4, obj, $2 }' |
    sort -n -k1,1
}

# regions SRC - "id name" of the regions the source names
regions() {
    $AWK '
    /^#define R_[A-Z0-9_]+[ \t]+[0-9]+/ { id[$2] = $3 }
    /bench_name\(R_[A-Z0-9_]+, *"/ {
        s = $0; sub(/.*bench_name\(/, "", s)
        r = s; sub(/,.*/, "", r)
        n = s; sub(/^[^"]*"/, "", n); sub(/".*/, "", n)
        if (r in id) print id[r], n
    }' "$1"
}

# ---------------------------------------------------------------- tables
# Pass 1 (one pass over the trace): rebuild the entries of the regions
# wanted, keep the first entry of each distinct clock total, and the totals.
# Out: "F cpu name n median min max k" and "I cpu name seq|addr|clk|ifb|ifa|text"
# lines of the chosen (first median) entry, k its number among the entries.
entries() {
    trace=$1 com=$2 want=$3 bytes=$4
    od -An -v -tx1 "$com" > "$bytes" || return 1
    $AWK -v want="$want" '
    function hex(s,   i, n, c) {
        n = 0; s = tolower(s); sub(/^0x/, "", s)
        for (i = 1; i <= length(s); i++) {
            c = index("0123456789abcdef", substr(s, i, 1)) - 1
            if (c < 0) return -1
            n = n * 16 + c
        }
        return n
    }
    function num(s) { return (s ~ /^0x/) ? hex(s) : s + 0 }
    # a byte of the program: the .COM is loaded at 1000:0100, linear 10100h
    function b(lin) { return ((lin - 65792) in com) ? com[lin - 65792] : -1 }
    # the parts of a trace line: addr, text, clocks, IF after
    function parse(l,   f, n, k, t, i) {
        n = split(l, f, " ")
        for (k = n; k > 3 && f[k] !~ /^IF=/; k--) ;
        P_addr = hex(f[2]); P_clk = f[k - 1] + 0; P_if = substr(f[k], 4) + 0
        t = f[3]; for (i = 4; i <= k - 2; i++) t = t " " f[i]
        P_text = t
    }
    # drop the C call glue (CALL, argument pushes, the MOVs feeding them)
    # already charged to open entries: every entry loses its lines from
    # the first glue line on.  rm/ra/rb: mnemonic and first two operand
    # fields of the last 8 instructions.
    function drop_glue(nargs,   j, first, r, k) {
        j = (seq - 1) % 8
        if (rm[j] != "call") return
        first = seq - 1
        for (k = 0; k < nargs; k++) {
            j = (first - 1) % 8
            if (rm[j] != "push") break
            first--
            r = ra[j]
            j = (first - 1) % 8
            if (rm[j] == "mov" && ra[j] == r ",") first--
        }
        for (r in open)
            while (nb[r] > 0 && bseq[r, nb[r]] >= first) nb[r]--
    }
    function id_of_glue(   j, i) {   # bcc: mov ax, id / push ax / call
        j = (seq - 2) % 8; i = (seq - 3) % 8
        if (rm[j] == "push" && ra[j] == "ax" && rm[i] == "mov" && ra[i] == "ax,")
            return num(rb[i])
        return -1
    }
    function begin(id) {
        if (!(id in wanted)) return
        open[id] = 1; nb[id] = 0
    }
    function end_(id,   k, tot, s, key) {
        if (!(id in open)) return
        delete open[id]
        tot = 0
        for (k = 1; k <= nb[id]; k++) { parse(buf[id, k]); tot += P_clk }
        key = cpu SUBSEP id
        cnt[key]++
        if (!((key, tot) in seen)) {
            seen[key, tot] = cnt[key]
            ntot[key]++; tv[key, ntot[key]] = tot
            s = ""
            for (k = 1; k <= nb[id]; k++)
                s = s bseq[id, k] "\001" bif[id, k] "\001" buf[id, k] "\002"
            lines[key, tot] = s
        }
        hits[key, tot]++
    }
    BEGIN {
        nw = split(want, w, " ")
        for (i = 1; i <= nw; i++) { split(w[i], p, "="); wanted[p[1]] = p[2] }
    }
    # the COM bytes (od) come first, the trace second
    NR == FNR { for (i = 1; i <= NF; i++) com[nbytes++] = hex($i); next }
    {
        if ($1 != cpu) {
            if (cpu != "") for (r in open) delete open[r]
            cpu = $1; skip = 0; spfix = 0; seq = 0; lastif = 1
        }
        seq++
        j = seq % 8; rm[j] = $3; ra[j] = $4; rb[j] = $5
        if ($3 == "out" && $4 == "0xe9," && $5 == "al") {
            parse($0)
            a = P_addr
            if (b(a + 2) == 235 && b(a + 4) == 190) {
                cmd = sprintf("%c", b(a + 5)); id = b(a + 6)
                if (cmd == "b" || cmd == "e" || cmd == "n") {
                    nargs = (cmd == "n") ? 2 : 1
                    if (cmd != "n") id = id_of_glue()
                    drop_glue(nargs)
                    if (cmd == "b") begin(id)
                    if (cmd == "e") end_(id)
                    skip = 2; spfix = 2 * nargs     # JMP, RET, then SP back
                } else {
                    if (cmd == "B" || cmd == "C") begin(id)
                    if (cmd == "E") end_(id)
                    skip = (cmd == "C") ? 2 : 1     # the JMP ('C': and the CALL)
                }
            }
            lastif = P_if
            next
        }
        if (skip > 0) { skip--; rm[j] = "-"; next }
        if (spfix > 0) {
            rm[j] = "-"
            if ($3 == "inc" && $4 == "sp") { spfix--; next }
            if ($3 == "add" && $4 == "sp,") { spfix = 0; next }
            if ($3 == "pop") { spfix -= 2; if (spfix < 0) spfix = 0; next }
            spfix = 0
        }
        for (r in open) {
            nb[r]++; buf[r, nb[r]] = $0; bseq[r, nb[r]] = seq; bif[r, nb[r]] = lastif
        }
        lastif = index($0, " IF=0 ") ? 0 : 1
    }
    END {
        for (key in cnt) {
            split(key, kk, SUBSEP); c = kk[1]; id = kk[2]
            n = ntot[key]
            for (i = 1; i <= n; i++) v[i] = tv[key, i]
            for (i = 2; i <= n; i++) {          # insertion sort, few values
                x = v[i]
                for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]
                v[j + 1] = x
            }
            m = int((cnt[key] - 1) / 2); acc = 0
            for (i = 1; i <= n; i++) { acc += hits[key, v[i]]; if (acc > m) break }
            med = v[i]
            printf "F %s %s %d %d %d %d %d\n", c, wanted[id], cnt[key], med, v[1], v[n], seen[key, med]
            ns = split(lines[key, med], L, "\002")
            for (i = 1; i < ns; i++) {
                split(L[i], q, "\001")
                parse(q[3])
                printf "I %s %s %d|%d|%d|%d|%d|%s\n", c, wanted[id], q[1], P_addr, P_clk, q[2], P_if, P_text
            }
        }
    }' "$bytes" "$trace"
    st=$?
    rm -f "$bytes"
    return $st
}

# Pass 2: the groups and the markdown.  In: the symbols ("S linear name
# object space"), then the entries (pass 1).  Arguments: _pools, pool_bad_none,
# the statistics fields (pool record, DMA arena header, DMA tag), the
# module's linear base, the paths in order, the client library's objects,
# the pool record's field names, its size and the number of records.
render() {
    $AWK -v pools="$1" -v badnone="$2" -v plf="$3" -v dhf="$4" -v dtf="$5" -v modbase="$6" \
         -v order="$7" -v libs="$8" -v plnames="$9" -v plsize="${10}" -v npools="${11}" '
    function dfmt(n) { return (n < 10) ? n "" : sprintf("0x%x", n) }
    function hex(s,   i, n, c) {
        n = 0; s = tolower(s); sub(/^0x/, "", s)
        for (i = 1; i <= length(s); i++) {
            c = index("0123456789abcdef", substr(s, i, 1)) - 1
            if (c < 0) return -1
            n = n * 16 + c
        }
        return n
    }
    BEGIN {
        # the statistics operands: pool records through BX, pool_bad_none;
        # the header fields of a DMA arena (no base register: the arena is the
        # segment), any access; the counters of a DMA tag through BX or DI, by
        # INC / DEC only (the same displacement off SP is an argument)
        n = split(plf, f, " ")
        for (i = 1; i <= n; i++) stat_any["cs:[bx + " dfmt(pools + f[i]) "]"] = 1
        stat_any["cs:[" dfmt(badnone) "]"] = 1
        n = split(dhf, f, " ")
        for (i = 1; i <= n; i++) {
            stat_dh["[" dfmt(f[i]) "]"] = 1
            stat_dh["ds:[" dfmt(f[i]) "]"] = 1; stat_dh["es:[" dfmt(f[i]) "]"] = 1
        }
        n = split(dtf, f, " ")
        for (i = 1; i <= n; i++) {
            stat_dt["[bx + " dfmt(f[i]) "]"] = 1; stat_dt["[di + " dfmt(f[i]) "]"] = 1
        }
        n = split(plnames, f, " ")
        for (i = 1; i <= n; i++) { split(f[i], p, "="); plname[p[2] + 0] = p[1] }
        n = split(libs, f, " "); for (i = 1; i <= n; i++) is_lib[f[i]] = 1
        npath = split(order, porder, " ")
    }
    $1 == "S" {
        if ($5 == "pdata") { npd++; pa[npd] = $2 - 65536; pn[npd] = $3; next }
        if ($5 == "mod") { nd++; da[nd] = $2 - modbase; dn[nd] = $3 }
        if ($5 == "prog" && $3 !~ /^_/) next   # the program: C-visible names only
        nsym++; sa[nsym] = $2 + 0; sn[nsym] = $3; so[nsym] = $4; next
    }
    $1 == "F" { fig[$2, $3] = $4 " " $5 " " $6 " " $7 " " $8; next }
    $1 == "I" {
        key = $2 SUBSEP $3
        s = $0; sub(/^I [^ ]+ [^ ]+ /, "", s)
        ni[key]++; il[key, ni[key]] = s
        next
    }
    function sym(a,   lo, hi, mid) {      # the last code symbol at or below a
        lo = 1; hi = nsym
        if (nsym == 0 || a < sa[1]) return 0
        while (lo < hi) { mid = int((lo + hi + 1) / 2); if (sa[mid] <= a) lo = mid; else hi = mid - 1 }
        return lo
    }
    # data names: the last symbol at or below off, name[+n]
    function dsym(off, space,   i, best) {
        best = 0
        if (space == "mod") {
            for (i = 1; i <= nd; i++) if (da[i] <= off && (!best || da[i] > da[best])) best = i
            if (!best) return dfmt(off)
            return dn[best] (off > da[best] ? "+" (off - da[best]) : "")
        }
        for (i = 1; i <= npd; i++) if (pa[i] <= off && (!best || pa[i] > pa[best])) best = i
        if (!best) return dfmt(off)
        return pn[best] (off > pa[best] ? "+" (off - pa[best]) : "")
    }
    function operand(t) {
        if (match(t, /[a-z][a-z]:\[[^]]*\]/) || match(t, /\[[^]]*\]/))
            return substr(t, RSTART, RLENGTH)
        return ""
    }
    # a data operand in symbols: a pool record field through BX
    # (pool.room), pool_bad_none, or the symbol it falls in (space: mod
    # or prog).  Module operands without a segment prefix are named only
    # from offset 40h on (past the header: smaller ones are arena or
    # structure fields off another segment).
    function dname(op, space,   pfx, in_, reg, d, r, s) {
        pfx = ""
        if (op ~ /^[a-z][a-z]:/) { pfx = substr(op, 1, 3); op = substr(op, 4) }
        in_ = substr(op, 2, length(op) - 2)
        reg = ""
        if (in_ ~ /^[a-z][a-z] \+ /) { reg = substr(in_, 1, 2); in_ = substr(in_, 6) }
        if (in_ !~ /^(0x)?[0-9a-f]+$/) return ""
        d = (in_ ~ /^0x/) ? hex(in_) : in_ + 0
        if (space == "mod" && pfx == "" && d < 64) return ""
        r = d - pools
        if (space == "mod" && d == badnone && reg == "") s = "pool_bad_none"
        else if (space == "mod" && r >= 0 && r < plsize * npools && ((r % plsize) in plname))
            s = (reg != "" ? reg "+pool." : "pools[" int(r / plsize) "].") plname[r % plsize]
        else s = (reg != "" ? reg "+" : "") dsym(d, space)
        return pfx "[" s "]"
    }
    function short(t, inmod,   op, nm) {
        if (t ~ /^lcall 0x/) return "call far"
        if (t ~ /^(j[a-z]*|call|loop[a-z]*) 0x[0-9a-f]+$/) { sub(/ .*/, "", t); return t }
        if (t ~ /^(rep[a-z]* )?(movs|stos|lods|cmps|scas)[bwd]/) { sub(/ [^ ]*(word|byte) .*/, "", t); return t }
        sub(/^ljmp /, "jmp far ", t); sub(/^lcall /, "call far ", t)
        op = operand(t)
        if (op != "" && ((inmod && (op ~ /^cs:/ || op !~ /^[a-z][a-z]:/)) || (!inmod && op !~ /^[a-z][a-z]:/))) {
            nm = dname(op, inmod ? "mod" : "prog")
            if (nm != "") t = substr(t, 1, RSTART - 1) nm substr(t, RSTART + RLENGTH)
        }
        gsub(/word ptr /, "word ", t); gsub(/byte ptr /, "byte ", t); gsub(/dword ptr /, "dword ", t)
        gsub(/ptr /, "", t); gsub(/ \+ /, "+", t); gsub(/ - /, "-", t)
        return t
    }
    # classify the entry key into groups: GN name, GI instructions, GC
    # clocks, GK count, GA addresses
    function classify(key,   k, q, a, t, s, obj, name, ph, op, stat, prevstat, gname, g, inmod, seenother, afterfar, nxt) {
        g = 0; prevstat = 0; seenother = 0; afterfar = 0
        for (k = 1; k <= ni[key]; k++) {
            split(il[key, k], q, "|")
            a = q[2] + 0; t = q[6]
            s = sym(a); name = s ? sn[s] : "?"; obj = s ? so[s] : "?"
            inmod = (a >= modbase && a < modbase + 65536)
            if (t ~ /^l(call|jmp)/) { ph = "far call"; afterfar = 1 }
            else if (t ~ /^retf/) ph = "far return"
            else if (!inmod && !(obj in is_lib)) {
                ph = seenother ? "caller, after the call" : "caller: arguments, call"
            } else if (!inmod) {
                seenother = 1
                ph = (obj in is_lib) ? "client library" : obj
                if (afterfar) ph = ph ", after the far call"
            } else {
                seenother = 1
                nxt = (k < ni[key]) ? il[key, k + 1] : ""
                sub(/^[^|]*\|[^|]*\|[^|]*\|[^|]*\|[^|]*\|/, "", nxt)
                op = operand(t)
                stat = (op in stat_any) || (name ~ /dma/ && ((op in stat_dh) && t !~ /^(lea|les|lds) / || (op in stat_dt) && t ~ /^(inc|dec) /))
                if (q[4] == 0 || q[5] == 0 || (t == "pushf" && nxt == "cli"))
                    ph = "irq off"
                else if (stat || (prevstat && t ~ /^j/ && t !~ /^jmp/))
                    ph = "statistics"
                else
                    ph = "code"
                prevstat = stat
            }
            if (ph == "far call" || ph == "far return") gname = ph
            else gname = "`" name "` " ph
            if (g == 0 || gname != GN[key, g]) {
                g++; GN[key, g] = gname; GI[key, g] = ""; GC[key, g] = 0; GK[key, g] = 0
                GA[key, g] = ""
            }
            GI[key, g] = GI[key, g] (GK[key, g] ? "; " : "") "`" short(t, inmod) "` " q[3]
            GA[key, g] = GA[key, g] " " a
            GK[key, g]++; GC[key, g] += q[3]
        }
        NG[key] = g
    }
    function table(p,   k2, k3, f2, f3, same, g, tot, tot3, c, key, n) {
        k2 = "286" SUBSEP p; k3 = "386" SUBSEP p
        if (!((k2 in NG) || (k3 in NG))) return
        split(fig["286", p], f2, " "); split(fig["386", p], f3, " ")
        same = (k2 in NG) && (k3 in NG) && NG[k2] == NG[k3]
        for (g = 1; same && g <= NG[k2]; g++)
            if (GN[k2, g] != GN[k3, g] || GA[k2, g] != GA[k3, g]) same = 0
        print "<!-- attrib " p " -->"
        if (same) {
            printf "One call: entry %d of %d on the 286, %d on the 386 (the first at the median).\n\n", f2[5], f2[1], f3[5]
            print "| # | routine: phase | instructions (80286 clocks) | 286 | 386 |"
            print "|--:|---|---|--:|--:|"
            tot = 0; tot3 = 0; n = 0
            for (g = 1; g <= NG[k2]; g++) {
                printf "| %d | %s | %s | %d | %d |\n", g, GN[k2, g], GI[k2, g], GC[k2, g], GC[k3, g]
                tot += GC[k2, g]; tot3 += GC[k3, g]; n += GK[k2, g]
            }
            printf "| | **total**, %d instructions | 286: median %d (%d-%d), 386: %d (%d-%d), %d entries | **%d** | **%d** |\n", \
                n, f2[2], f2[3], f2[4], f3[2], f3[3], f3[4], f2[1], tot, tot3
        } else {
            for (c = 286; c <= 386; c += 100) {
                key = c SUBSEP p
                if (!(key in NG)) continue
                split(fig[c, p], f2, " ")
                if (c == 386) print ""
                printf "%d (the CPUs run different instructions): entry %d of %d, the first at the median.\n\n", c, f2[5], f2[1]
                printf "| # | routine: phase | instructions (%d clocks) | %d |\n", c, c
                print "|--:|---|---|--:|"
                tot = 0; n = 0
                for (g = 1; g <= NG[key]; g++) {
                    printf "| %d | %s | %s | %d |\n", g, GN[key, g], GI[key, g], GC[key, g]
                    tot += GC[key, g]; n += GK[key, g]
                }
                printf "| | **total**, %d instructions | median %d (%d-%d), %d entries | **%d** |\n", \
                    n, f2[2], f2[3], f2[4], f2[1], tot
            }
        }
        print "<!-- /attrib " p " -->"
    }
    END {
        for (key in ni) classify(key)
        for (i = 1; i <= npath; i++) table(porder[i])
    }'
}

# compare FIG.tsv BENCH.tsv "PATH..." - the rebuilt figures against
# bench86's: PASS / FAIL per path and CPU, the count line, status 1 on a FAIL
compare() {
    $AWK -F '\t' -v paths="$3" '
    NR == FNR { f[$1 "|" $2] = $3 " " $4 " " $5 " " $6; next }
    FNR > 1 { v[$1 "|" $2] = $3 }
    END {
        n = split(paths, p, " ")
        for (i = 1; i <= n; i++) for (c = 286; c <= 386; c += 100) {
            k = p[i] "|" c
            want = v[p[i] "_n|" c] " " v[k] " " v[p[i] "_min|" c] " " v[p[i] "_max|" c]
            if (!(k in v)) { printf "FAIL %-22s %s  not in the bench TSV\n", p[i], c; bad++; continue }
            if (!(k in f)) { printf "FAIL %-22s %s  no entry rebuilt from the trace\n", p[i], c; bad++; continue }
            if (f[k] != want) {
                printf "FAIL %-22s %s  trace entries/median/min/max %s, bench86 %s\n", p[i], c, f[k], want; bad++
            } else { printf "PASS %-22s %s  %s\n", p[i], c, f[k]; good++ }
        }
        printf "attrib-check: %d passed, %d failed\n", good, bad
        exit bad ? 1 : 0
    }' "$1" "$2"
}

# want SRC PATH... - "id=name ..." of the paths among the regions of SRC
want_of() {
    src=$1; shift
    regions "$src" | $AWK -v p=" $* " 'index(p, " " $2 " ") { printf "%s=%s ", $1, $2 }'
}

# tabulate OUT.md FIG.tsv ENTRIES COM.map MOD.map MODSEG LIB PATH... - pass 2
# on the entries pass 1 wrote: the figures into FIG.tsv, the tables into OUT.md
tabulate() {
    out=$1 fig=$2 ent=$3 commap=$4 modmap=$5 modseg=$6 lib=$7
    shift 7
    pools=$($AWK '$2 == "_pools" && $3 == "0" { print $4 }' "$modmap")
    [ -n "$pools" ] || die "_pools not in $modmap"
    pools=$(printf '%d' "0x$pools")
    inc=$MOD_DIR/pool_fast.inc dinc=$MOD_DIR/dma_fast.inc
    plsize=$(equ PL_SIZE "$inc")
    badnone=$(( pools + $(equ POOL_NONE_REC "$inc") * plsize + $(equ PL_FAILS "$inc") ))
    plf="$(equ PL_ROOM "$inc") $(equ PL_HIGH "$inc") $(equ PL_FAILS "$inc") $(equ PL_BAD "$inc") $(equ PL_NRES "$inc")"
    dhf="$(equ DH_LOW "$dinc") $(equ DH_FAILS "$dinc")"
    dtf="$(equ DT_MAPS "$dinc") $(equ DT_BOUNCES "$dinc") $(equ DT_VDS_SKIPS "$dinc")"
    plnames=$(sed -n 's/^PL_\([A-Z_]*\)[ 	][ 	]*equ[ 	][ 	]*\([0-9][0-9]*\).*/\1=\2/p' "$inc" |
              grep -v '^SIZE=' | tr 'A-Z\n' 'a-z ')
    npools=$(( $(equ POOL_N "$inc") + 1 ))
    libs=$(ar t "$lib" | sed 's/\.o$//' | tr '\n' ' ')
    [ -n "$libs" ] || die "no objects in $lib"
    grep '^F ' "$ent" | $AWK '{ printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", $3, $2, $4, $5, $6, $7, $8 }' |
        sort > "$fig"
    { symbols "$commap" "$modmap" "$modseg" | sed 's/^/S /'; cat "$ent"; } |
        render "$pools" "$badnone" "$plf" "$dhf" "$dtf" "$(( 0x$modseg * 16 ))" "$*" \
               "$libs" "$plnames" "$plsize" "$npools" > "$out.tmp" || die "render failed"
    mv "$out.tmp" "$out"
}

case $mode in
run)
    [ $# -ge 10 ] || die "usage: attrib.sh run OUTDIR BENCH86 DIR COM COM.map MOD.map LIB SRC PATH..."
    o=$2 bench86=$3 dir=$4 com=$5 commap=$6 modmap=$7 lib=$8 src=$9
    shift 9
    for f in "$bench86" "$com" "$commap" "$modmap" "$lib" "$src"; do [ -f "$f" ] || die "$f missing"; done
    want=$(want_of "$src" "$@")
    [ -n "$want" ] || die "none of the paths is a region of $src"
    mkdir -p "$o"
    rm -f "$o/status" "$o/bench86.tsv"
    # the trace goes through a pipe (about 500 MB for both passes)
    { "$bench86" --dir "$dir" --tsv "$o/bench86.tsv" --trace /dev/fd/3 "$com" 3>&1 >"$o/run.log" 2>&1
      echo $? > "$o/status"; } | entries - "$com" "$want" "$o/com.bytes" > "$o/entries" ||
        die "reading the trace failed"
    st=$(cat "$o/status" 2>/dev/null)
    [ "$st" = 0 ] || { cat "$o/run.log" >&2; die "bench86 exit status ${st:-unknown} ($o/run.log)"; }
    modseg=$(sed -n 's/^mpbench: MEMPOOL .* at \([0-9A-Fa-f]*\),.*/\1/p' "$o/run.log" | head -n 1)
    [ -n "$modseg" ] || die "no module segment in $o/run.log"
    tabulate "$o/tables.md" "$o/fig.tsv" "$o/entries" "$commap" "$modmap" "$modseg" "$lib" "$@"
    ;;
tables)
    [ $# -ge 11 ] || die "usage: attrib.sh tables OUT.md FIG.tsv TRACE COM COM.map MOD.map MODSEG LIB SRC PATH..."
    out=$2 fig=$3 trace=$4 com=$5 commap=$6 modmap=$7 modseg=$8 lib=$9
    shift 9
    src=$1; shift
    for f in "$com" "$commap" "$modmap" "$lib" "$src"; do [ -f "$f" ] || die "$f missing"; done
    want=$(want_of "$src" "$@")
    [ -n "$want" ] || die "none of the paths is a region of $src"
    entries "$trace" "$com" "$want" "$out.bytes" > "$out.ent" || die "reading the trace failed"
    tabulate "$out" "$fig" "$out.ent" "$commap" "$modmap" "$modseg" "$lib" "$@"
    rm -f "$out.ent"
    ;;
check|selftest)
    [ $# -ge 4 ] || die "usage: attrib.sh check|selftest FIG.tsv BENCH.tsv PATH..."
    fig=$2 tsv=$3; shift 3
    [ -f "$fig" ] && [ -f "$tsv" ] || die "$fig or $tsv missing"
    if [ "$mode" = check ]; then
        compare "$fig" "$tsv" "$*"
        exit $?
    fi
    # selftest: the comparison, then the same against a copy of the TSV
    # with the first path's 286 median one higher, which it must refuse
    out=$(compare "$fig" "$tsv" "$*"); st=$?
    printf '%s\n' "$out" | grep -v 'passed,.*failed$'
    good=$(printf '%s\n' "$out" | sed -n 's/^attrib-check: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    bad=$(printf '%s\n' "$out" | sed -n 's/^attrib-check: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    [ -n "$good" ] && [ -n "$bad" ] || { good=0; bad=1; }
    [ $st -eq 0 ] || [ "$bad" -gt 0 ] || bad=1
    first=$1
    $AWK -F '\t' -v OFS='\t' -v m="$first" '$1 == m && $2 == "286" { $3 = $3 + 1 } { print }' "$tsv" > "$fig.planted"
    if compare "$fig" "$fig.planted" "$*" > "$fig.planted.out" 2>&1; then
        echo "FAIL the comparison accepted a $first median planted one off"; bad=$((bad + 1))
    elif grep -q "^FAIL $first  *286 " "$fig.planted.out"; then
        echo "PASS the comparison refuses a $first median planted one off"; good=$((good + 1))
    else
        echo "FAIL the comparison refused the planted TSV for another reason"; bad=$((bad + 1))
    fi
    rm -f "$fig.planted" "$fig.planted.out"
    echo "attrib-check: $good passed, $bad failed"
    [ "$bad" -eq 0 ]
    ;;
doc)
    [ $# -eq 3 ] || die "usage: attrib.sh doc DOC OUT.md"
    doc=$2 tab=$3
    $AWK -v tab="$tab" '
    BEGIN {
        while ((getline l < tab) > 0) {
            if (l ~ /^<!-- attrib [^ ]+ -->$/) { p = l; sub(/^<!-- attrib /, "", p); sub(/ -->$/, "", p); cur = p; t[p] = ""; continue }
            if (l ~ /^<!-- \/attrib /) { cur = ""; continue }
            if (cur != "") t[cur] = t[cur] l "\n"
        }
    }
    /^<!-- attrib [^ ]+ -->$/ {
        p = $0; sub(/^<!-- attrib /, "", p); sub(/ -->$/, "", p)
        print
        if (p in t) printf "%s", t[p]; else { print "(no table: path " p " not in the trace)"; miss++ }
        skip = 1; next
    }
    /^<!-- \/attrib / { skip = 0 }
    !skip { print }
    END { if (miss) exit 1 }' "$doc" > "$doc.tmp" && mv "$doc.tmp" "$doc" || { rm -f "$doc.tmp"; die "$doc: a path has no table"; }
    ;;
*)
    die "usage: attrib.sh tables|check|doc ..."
    ;;
esac
