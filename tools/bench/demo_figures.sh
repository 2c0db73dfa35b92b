#!/bin/sh
# demo_figures.sh B OUT.tsv - MEMPOOL's memory figures from make run's two
# MPDEMO runs in DOSBox (tools/dosrun.sh), as bench.tsv rows (metric, cpu
# "-", value, unit) for bench_report.sh:
#
#   conv_bytes_umb    conventional memory the module's own block holds in
#                     the xms_umb run (MPDEMO; it belongs in a UMB there)
#   conv_total_noumb  conventional memory MEMPOOL holds in the plain run
#                     (MPDEMO /NOXMS /NOUMB): its block, pool and DMA arenas
#   dma_lost_bytes    bytes the DMA tags lose to boundaries and alignment
#                     (mem_dma_stats), the worse of the two runs
#
# MPDEMO measures them itself (demo/mpdemo.c, figures(): the MCB chain and
# mem_dma_stats) and prints "figure NAME VALUE" lines; each run's output is
# kept in OUT's directory (mpdemo_CONFIG.log).  Exits 1 when a run fails
# or a figure is missing: no row is made up.
set -u
B=$1 out=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(dirname "$out")
mkdir -p "$dir"
run() {  # CONFIG ARGS...
    cfg=$1; shift
    if ! B="$B" sh "$top/tools/dosrun.sh" "$cfg" "$B/dos/MPDEMO.COM" "$@" > "$dir/mpdemo_$cfg.log" 2>&1; then
        echo "demo_figures: MPDEMO [$cfg] failed ($dir/mpdemo_$cfg.log):" >&2
        tail -n 20 "$dir/mpdemo_$cfg.log" >&2
        exit 1
    fi
}
fig() {  # CONFIG NAME
    v=$(sed -n "s/^figure $2 \([0-9][0-9]*\)\$/\1/p" "$dir/mpdemo_$1.log" | tail -n 1)
    [ -n "$v" ] || { echo "demo_figures: no figure $2 in MPDEMO [$1]" >&2; exit 1; }
    echo "$v"
}
run xms_umb
run plain /NOXMS /NOUMB
umb_mod=$(fig xms_umb module_conv_bytes) || exit 1
plain_total=$(fig plain conv_total_bytes) || exit 1
lost_umb=$(fig xms_umb dma_lost_bytes) || exit 1
lost_plain=$(fig plain dma_lost_bytes) || exit 1
lost=$lost_umb
[ "$lost_plain" -gt "$lost" ] && lost=$lost_plain
{
    printf 'conv_bytes_umb\t-\t%s\tbytes\n' "$umb_mod"
    printf 'conv_total_noumb\t-\t%s\tbytes\n' "$plain_total"
    printf 'dma_lost_bytes\t-\t%s\tbytes\n' "$lost"
} > "$out.tmp" && mv "$out.tmp" "$out"
