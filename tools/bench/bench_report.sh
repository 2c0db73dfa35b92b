#!/bin/sh
# bench_report.sh - MEMPOOL's figures from the bench runs (make bench).
#
#   sh bench_report.sh tsv RAW.tsv REPLAY.tsv MEMPOOL.MOD [DEMO.tsv] > build/bench.tsv
#   sh bench_report.sh table  build/bench.tsv               print the figures
#   sh bench_report.sh readme build/bench.tsv README.md     rewrite the table
#   sh bench_report.sh check  build/bench.tsv [OPEN]        the seed's bars
#
# RAW is bench86's TSV of bench/mpbench.c (both CPU passes), REPLAY the host
# replay's rows (bench/replay.c), DEMO the memory figures of make run's
# MPDEMO runs (demo_figures.sh).  build/bench.tsv has the columns metric,
# cpu (286, 386 or -), value, unit; clock figures are medians over >= 1000
# calls, with _min and _max rows.  "readme" replaces only the text between
# the lines <!-- bench:begin --> and <!-- bench:end -->.  "check" exits 1
# when a bar is broken or a figure it needs is missing.  OPEN (make
# bench-guard) is a comma-separated list of bars that are known not to hold
# yet, each a metric (every CPU) or metric:cpu: they are still computed and
# printed, marked OPEN instead of PASS/FAIL, and do not make the check fail;
# make bench-check passes none.
set -u
mode=${1:-}

# ------------------------------------------------------------------ tsv
make_tsv() {
    raw=$1 replay=$2 mod=$3 demo=${4:-}
    [ -f "$raw" ] && [ -f "$replay" ] && [ -f "$mod" ] && { [ -z "$demo" ] || [ -f "$demo" ]; } || {
        echo "bench_report: missing input" >&2; exit 2; }
    # header words (little endian) of the module: +20 image_bytes,
    # +22 resident_paras, +26 cold_off
    hdr=$(od -An -tu2 -j20 -N8 "$mod")
    set -- $hdr
    image=$1 respar=$2 cold=$4
    printf 'metric\tcpu\tvalue\tunit\n'
    # the sealed sizes, from the link map (tools/sizes.sh wrote them into
    # module-sizes.md beside the module; T_SEAL checks the seal gives them)
    sizes=$(dirname "$mod")/module-sizes.md
    seal=$(sed -n 's/^<!-- sealed_bytes \([0-9]*\) sealed_min_bytes \([0-9]*\) sealed_hot_bytes \([0-9]*\) -->$/\1 \2 \3/p' "$sizes" 2>/dev/null)
    set -- $seal ""
    sealb=${1:-} sealminb=${2:-} hotb=${3:-}
    awk -F '\t' -v resb=$((respar * 16)) -v initb=$((image - cold)) \
        -v sealb="$sealb" -v sealminb="$sealminb" -v hotb="$hotb" '
    NR == FNR { if (FNR > 1) { v[$1 "|" $2] = $3; seen[$1 "|" $2] = 1 } next }
    { rep[++nrep] = $0 }
    function has(m, c) { return ((m "|" c) in seen) && v[m "_n|" c] + 0 > 0 }
    function clk(m, c) {
        if (!has(m, c)) return
        printf "%s\t%s\t%d\tclocks\n", m, c, v[m "|" c]
        printf "%s_min\t%s\t%d\tclocks\n", m, c, v[m "_min|" c]
        printf "%s_max\t%s\t%d\tclocks\n", m, c, v[m "_max|" c]
    }
    function bpc(name, m, bytes, c, limit) {
        if (!has(m, c)) return
        printf "%s_bpc\t%s\t%.3f\tB/clk\n", name, c, bytes / v[m "|" c]
        printf "%s_bpc_min\t%s\t%.3f\tB/clk\n", name, c, bytes / v[m "_max|" c]
        printf "%s_bpc_max\t%s\t%.3f\tB/clk\n", name, c, bytes / v[m "_min|" c]
        if (limit > 0)
            printf "%s_ratio\t%s\t%.3f\tof REP MOVS limit\n", name, c, bytes / v[m "|" c] / limit
    }
    END {
        ncpu = split("286 386", cpus, " ")
        nops = split("small_alloc small_alloc_c small_free small_free_r pkt_alloc_r pkt_free_r pkt_alloc pkt_free pkt_ref dma_alloc dma_free dma_map_inplace dma_map_bounce dma_sync_bounce1514 dma_unmap copy64 copy1514 copy1514_odd move1514 libc_malloc libc_free libc_memcpy1514 copy256 copy4096 copy32768 small_alloc_c_1000 small_free_1000 pkt_alloc_1000 pkt_free_1000 heap_alloc_top heap_alloc_bottom heap_alloc_put1", ops, " ")
        nisr = split("small_alloc small_alloc_c small_free small_free_r pkt_alloc_r pkt_free_r pkt_alloc pkt_free pkt_ref dma_alloc dma_free copy64 copy1514 copy1514_odd move1514 isr_other small_drain dma_map_inplace dma_map_bounce dma_sync_bounce1514 dma_unmap dma_err dma_task copy256 copy4096 copy32768 small_alloc_c_1000 small_free_1000 pkt_alloc_1000 pkt_free_1000 heap_alloc_top heap_alloc_bottom heap_alloc_put1", isr, " ")
        ndma = split("dma_alloc dma_free dma_map_inplace dma_map_bounce dma_sync_bounce1514 dma_unmap dma_err dma_task", dma, " ")
        # the scaling figures: 1000 blocks live, against the same calls with 10
        nscale = split("small_alloc_c small_free pkt_alloc pkt_free", scale, " ")
        for (k = 1; k <= ncpu; k++) {
            c = cpus[k]
            for (i = 1; i <= nops; i++) clk(ops[i], c)
            limit = (c == "286") ? 0.5 : 1.0
            bpc("copy64", "copy64", 64, c, 0)
            bpc("copy256", "copy256", 256, c, 0)
            bpc("copy1514", "copy1514", 1514, c, limit)
            bpc("copy4096", "copy4096", 4096, c, 0)
            bpc("copy32768", "copy32768", 32768, c, 0)
            for (i = 1; i <= nscale; i++)
                if (has(scale[i], c) && has(scale[i] "_1000", c))
                    printf "%s_1000_ratio\t%s\t%.3f\tof %s\n", scale[i], c, v[scale[i] "_1000|" c] / v[scale[i] "|" c], scale[i]
            bpc("libc_memcpy1514", "libc_memcpy1514", 1514, c, limit)
            # worst interrupts-off window over every ISR-safe path measured
            worst = -1; missing = 0
            for (i = 1; i <= nisr; i++) {
                if (!has(isr[i], c)) { missing = 1; continue }
                x = v[isr[i] "_irqoff|" c] + 0
                if (x > worst) worst = x
            }
            if (worst >= 0 && !missing)
                printf "irq_off_max\t%s\t%d\tclocks\n", c, worst
            # the same over every DMA path (alloc, free, map, sync, unmap,
            # their error and exhaustion paths)
            worst = -1; missing = 0
            for (i = 1; i <= ndma; i++) {
                if (!has(dma[i], c)) { missing = 1; continue }
                x = v[dma[i] "_irqoff|" c] + 0
                if (x > worst) worst = x
            }
            if (worst >= 0 && !missing)
                printf "irq_off_dma_max\t%s\t%d\tclocks\n", c, worst
            # a bounced sync against the plain copy of the same frame
            if (has("dma_sync_bounce1514", c) && has("copy1514", c))
                printf "dma_sync_over_copy1514\t%s\t%d\tclocks\n", c, v["dma_sync_bounce1514|" c] - v["copy1514|" c]
            if (("irq_off_max_all|" c) in seen)
                printf "irq_off_max_all\t%s\t%d\tclocks\n", c, v["irq_off_max_all|" c]
            printf "copy386_installed\t%s\t%d\tflag\n", c, v["copy386_n|" c] + 0
            printf "cpu386_detected\t%s\t%d\tflag\n", c, v["cpu386_seen_n|" c] + 0
            printf "unknown_insns\t%s\t%d\tinsns\n", c, v["unknown_insns|" c] + 0
            printf "marker_errors\t%s\t%d\tcount\n", c, v["marker_errors|" c] + 0
            if (c == "286")
                printf "insns_386_only\t%s\t%d\tinsns\n", c, v["insns_386_only|" c] + 0
        }
        printf "mpbench_exit\t-\t%d\tstatus\n", v["mpbench_exit|-"] + 0
        printf "resident_bytes\t-\t%d\tbytes\n", resb
        printf "init_bytes\t-\t%d\tbytes\n", initb
        if (sealb != "") {
            printf "sealed_bytes\t-\t%d\tbytes\n", sealb
            printf "sealed_min_bytes\t-\t%d\tbytes\n", sealminb
            printf "sealed_hot_bytes\t-\t%d\tbytes\n", hotb
        }
        for (i = 1; i <= nrep; i++) print rep[i]
    }' "$raw" "$replay"
    [ -z "$demo" ] || cat "$demo"
}

# ---------------------------------------------------------------- check
# bar METRIC CPU OP LIMIT TEXT
check_bars() {
    tsv=$1 open=${2:-}
    [ -f "$tsv" ] || { echo "bench-check: $tsv missing" >&2; exit 1; }
    awk -F '\t' -v open="$open" '
    BEGIN { n = split(open, o, ","); for (i = 1; i <= n; i++) isopen[o[i]] = 1 }
    NR > 1 { v[$1 "|" $2] = $3; seen[$1 "|" $2] = 1 }
    function bar(m, c, op, lim, text,   ok, x) {
        if (!((m "|" c) in seen)) {
            printf "MISSING %-28s %-3s  %s\n", m, c, text; bad++; return
        }
        x = v[m "|" c] + 0
        ok = (op == "<" && x < lim) || (op == "<=" && x <= lim) || (op == "==" && x == lim) ||
             (op == ">=" && x >= lim)
        if ((m in isopen) || ((m ":" c) in isopen)) {
            printf "%-7s %-28s %-3s %10s %s %-6s %s\n", ok ? "PASS" : "OPEN", m, c, v[m "|" c], op, lim, text " (not enforced: known open)"
            if (!ok) nopen++
            return
        }
        printf "%-7s %-28s %-3s %10s %s %-6s %s\n", ok ? "PASS" : "FAIL", m, c, v[m "|" c], op, lim, text
        if (!ok) bad++; else good++
    }
    # a stress workload: no more than the better ideal heap on the same trace
    function barheap(w,   ff, bf) {
        ff = "frag_" w "_firstfit_pct"; bf = "frag_" w "_bestfit_pct"
        if (!((ff "|-") in seen) || !((bf "|-") in seen)) {
            printf "MISSING %-28s %-3s  %s\n", ff " / " bf, "-", "heap yardsticks of " w; bad++; return
        }
        bar("frag_" w "_pct", "-", "<=", (v[ff "|-"] + 0 < v[bf "|-"] + 0) ? v[ff "|-"] + 0 : v[bf "|-"] + 0,
            "fragmentation, stress: " w ", at most the better ideal heap (first fit " v[ff "|-"] ", best fit " v[bf "|-"] ")")
    }
    END {
        print "seed bars (deterministic data-book clocks, 0 wait states):"
        bar("small_alloc_max", "286", "<", 100, "small-object alloc, allocator clocks (mem_small_take entry through RETF), every call")
        bar("dma_alloc_max", "286", "<", 500, "DMA buffer alloc through the API, every call")
        bar("irq_off_max", "286", "<=", 48, "longest IF=0 window, every path measured")
        bar("irq_off_max", "386", "<=", 48, "longest IF=0 window, every path measured")
        bar("overhead_pct", "-", "<", 5, "metadata + alignment, % of pool memory")
        nt = split("rx_burst rx_ring_imix rx_ring_inet tx_queue_imix tx_queue_inet dma_ring", typ, " ")
        for (i = 1; i <= nt; i++)
            bar("frag_" typ[i] "_pct", "-", "<=", 10, "fragmentation (J-W #4), typical: " typ[i])
        bar("frag_pct", "-", "<=", 10, "fragmentation, worst typical workload")
        barheap("steady_mixed")
        barheap("small_churn")
        if (("frag_default_pct|-") in seen)
            printf "%-7s %-28s %-3s %10s %s\n", "INFO", "frag_default_pct", "-", v["frag_default_pct|-"], "  worst typical workload, default configuration (not a bar)"
        print "copy and scaling bars (the copy family in the client library, scaling, interrupts off):"
        bar("copy64", "286", "<=", 270, "mem_copy of 64 bytes through the C call")
        bar("copy1514_ratio", "286", ">=", 0.96, "mem_copy of 1514 bytes, of the REP MOVSW limit")
        bar("copy1514_ratio", "386", ">=", 0.93, "mem_copy of 1514 bytes, of the REP MOVSD limit")
        split("small_alloc_c small_free pkt_alloc pkt_free", sc, " ")
        for (i = 1; i <= 4; i++)
            for (k = 286; k <= 386; k += 100) {
                bar(sc[i] "_1000_ratio", k, "<=", 1.05, "with 1000 blocks live, of " sc[i])
                bar(sc[i] "_1000_ratio", k, ">=", 0.95, "with 1000 blocks live, of " sc[i])
            }
        bar("irq_off_max_all", "286", "<=", 40, "longest IF=0 window anywhere, every API entry")
        bar("irq_off_max_all", "386", "<=", 40, "longest IF=0 window anywhere, every API entry")
        if (("frag_heapbound_pct|-") in seen)
            printf "%-7s %-28s %-3s %10s %s\n", "INFO", "frag_heapbound_pct", "-", v["frag_heapbound_pct|-"], "  the same traces through an ideal first/best-fit heap (not a bar)"
        print "DMA bars (80286 medians through the client stubs; the 386 no worse than the C paths before):"
        bar("dma_alloc", "286", "<=", 180, "mem_dma_alloc")
        bar("dma_free", "286", "<=", 150, "mem_dma_free")
        bar("dma_map_inplace", "286", "<=", 600, "mem_dma_map, used in place")
        bar("dma_map_bounce", "286", "<=", 800, "mem_dma_map, bounced (64 KB crossed)")
        bar("dma_sync_over_copy1514", "286", "<=", 150, "mem_dma_sync of a 1514-byte bounce minus copy1514")
        bar("dma_unmap", "286", "<=", 600, "mem_dma_unmap of a bounce")
        bar("irq_off_dma_max", "286", "<=", 40, "longest IF=0 window, every DMA path, errors included")
        bar("irq_off_dma_max", "386", "<=", 40, "longest IF=0 window, every DMA path, errors included")
        bar("dma_alloc", "386", "<=", 306, "mem_dma_alloc, 386 (C-era figure 306)")
        bar("dma_free", "386", "<=", 231, "mem_dma_free, 386 (C-era figure 231)")
        bar("dma_map_inplace", "386", "<=", 4088, "mem_dma_map in place, 386 (C figure 4,088)")
        bar("dma_map_bounce", "386", "<=", 5453, "mem_dma_map bounced, 386 (C figure 5,453)")
        bar("dma_sync_bounce1514", "386", "<=", 367954, "mem_dma_sync 1514 bytes, 386 (C figure 367,954)")
        bar("dma_unmap", "386", "<=", 3672, "mem_dma_unmap, 386 (C figure 3,672)")
        print "hot-path bars (80286 medians: the register entries _r, the rest through the C stubs):"
        bar("small_alloc", "286", "<=", 80, "mem_small_take (register entry)")
        bar("small_alloc_c", "286", "<=", 150, "mem_small_alloc from C")
        bar("small_free_r", "286", "<=", 130, "mem_small_give (register entry)")
        bar("small_free", "286", "<=", 200, "mem_small_free from C")
        bar("pkt_alloc_r", "286", "<=", 110, "mem_pkt_take (register entry)")
        bar("pkt_alloc", "286", "<=", 180, "mem_pkt_alloc from C")
        bar("pkt_free_r", "286", "<=", 150, "mem_pkt_give (register entry)")
        bar("pkt_free", "286", "<=", 220, "mem_pkt_free from C")
        bar("pkt_ref", "286", "<=", 170, "mem_pkt_ref from C")
        print "footprint bars (bytes resident once sealed):"
        bar("sealed_bytes", "-", "<=", 10240, "mem_seal(0): every run-time group kept")
        bar("sealed_min_bytes", "-", "<=", 6144, "pools, packets, copies, DMA (alloc/free, map/sync/unmap) only")
        print "memory figures (make run: MPDEMO in DOSBox):"
        bar("conv_bytes_umb", "-", "==", 0, "module block in conventional memory, xms_umb run")
        bar("dma_lost_bytes", "-", "<=", 64, "DMA tags: bytes lost to boundaries and alignment")
        if (("conv_total_noumb|-") in seen)
            printf "%-7s %-28s %-3s %10s %s\n", "INFO", "conv_total_noumb", "-", v["conv_total_noumb|-"], "  conventional memory MEMPOOL holds, plain run (not a bar)"
        print "validity of the figures:"
        bar("mpbench_exit", "-", "==", 0, "bench/mpbench.c ran every step (build/bench/mpbench.log)")
        bar("copy386_installed", "386", "==", 1, "386 copy path installed in the 386 pass")
        bar("copy386_installed", "286", "==", 0, "286 copy path in the 286 pass")
        bar("insns_386_only", "286", "==", 0, "no 386 instruction ran in the 286 pass")
        bar("marker_errors", "286", "==", 0, "region markers well formed")
        bar("marker_errors", "386", "==", 0, "region markers well formed")
        bar("unknown_insns", "286", "==", 0, "every instruction priced from the table")
        bar("unknown_insns", "386", "==", 0, "every instruction priced from the table")
        if (bad) printf "bench-check: %d bar(s) broken or missing\n", bad
        else if (nopen) printf "bench-check: every enforced bar holds; %d bar(s) still open (%s)\n", nopen, open
        else print "bench-check: all bars hold"
        # enforced bars only (an open bar is neither): the count make test adds up
        printf "bench-check: %d passed, %d failed\n", good, bad
        exit bad ? 1 : 0
    }' "$tsv"
}

# ---------------------------------------------------------------- table
# Markdown: clock figures pivoted by CPU, then the CPU-independent ones.
md_table() {
    awk -F '\t' '
    NR > 1 {
        key = $1
        if (!(key in ord)) { ord[key] = ++n; name[n] = key }
        val[key "|" $2] = $3; unit[key] = $4; cpu[key "|" $2] = 1
    }
    function cell(k, c,   m, lo, hi) {
        if (!((k "|" c) in cpu)) return "n/a"
        m = val[k "|" c]
        if ((k "_min|" c) in cpu)
            return sprintf("%s (%s-%s)", m, val[k "_min|" c], val[k "_max|" c])
        return m
    }
    END {
        print "| figure | 80286 | 80386 | unit |"
        print "|---|---:|---:|---|"
        for (i = 1; i <= n; i++) {
            k = name[i]
            base = k; sub(/_(min|max)$/, "", base)
            # a _min/_max row is shown inside its median'"'"'s cell; irq_off_max
            # is a figure of its own (no irq_off row)
            if ((base != k && (base in ord)) || !((k "|286") in cpu || (k "|386") in cpu)) continue
            printf "| `%s` | %s | %s | %s |\n", k, cell(k, "286"), cell(k, "386"), unit[k]
        }
        print ""
        print "| figure | value | unit |"
        print "|---|---:|---|"
        for (i = 1; i <= n; i++) {
            k = name[i]
            if ((k "|-") in cpu)
                printf "| `%s` | %s | %s |\n", k, val[k "|-"], unit[k]
        }
    }' "$1"
}

case $mode in
tsv)    make_tsv "$2" "$3" "$4" "${5:-}" ;;
table)
    [ -f "$2" ] || { echo "bench_report: $2 missing" >&2; exit 1; }
    column -t -s "$(printf '\t')" "$2" 2>/dev/null || cat "$2" ;;
readme)
    tsv=$2 readme=$3
    grep -q '^<!-- bench:begin -->$' "$readme" && grep -q '^<!-- bench:end -->$' "$readme" || {
        echo "bench_report: $readme has no bench markers" >&2; exit 1; }
    md_table "$tsv" > "$readme.bench.tmp"
    awk -v tf="$readme.bench.tmp" '
        /^<!-- bench:begin -->$/ { print; print ""; while ((getline l < tf) > 0) print l; print ""; skip = 1; next }
        /^<!-- bench:end -->$/   { skip = 0 }
        !skip { print }' "$readme" > "$readme.tmp" && mv "$readme.tmp" "$readme"
    rm -f "$readme.bench.tmp"
    echo "bench_report: figures table in $readme regenerated" ;;
check)  check_bars "$2" "${3:-}" ;;
*)      echo "usage: sh bench_report.sh tsv|table|readme|check ..." >&2; exit 2 ;;
esac
