#!/bin/sh
# bccseg.sh TAG IN.s OUT.s - put bcc's assembly output for the module into
# one segment (text), marking every piece of data.
#
# MEMPOOL.MOD is one segment: ld86 will not link a near call from one as86
# segment into another, so code and data of a C file stay in text, in
# source order.  What is resident and what is discarded after init is then
# decided by link order alone: header, resident objects, the cold-start
# mark, the init objects, the end mark (see the Makefile).
#
# Each stretch of data (the file's .data/.bss, and tables bcc writes into
# text, such as switch jump tables) is enclosed in labels TAG_N_data_beg /
# TAG_N_data_end so that the 286 check (tools/check286.sh) disassembles
# code only.  Tentative definitions (.comm / lcomm) become zero bytes
# (.blkb), so the image has no bss and everything it uses is in the file.
set -e
tag=$1; in=$2; out=$3
awk -v tag="$tag" '
function open_data()  { if (!indata) { n++; printf "%s_%d_data_beg:\n", tag, n; indata = 1 } }
function close_data() { if (indata)  { printf "%s_%d_data_end:\n", tag, n; indata = 0 } }
BEGIN                 { sect = "text" }
/^\.text$/            { sect = "text"; print; next }
/^\.(data|bss)$/      { sect = "data"; print ".text"; open_data(); next }
/^\.comm\t/           { open_data(); split(substr($0, 7), f, ",")
                        printf "export\t%s\n%s:\n.blkb\t%s\n", f[1], f[1], f[2]; next }
/^[A-Za-z0-9_.$]+\tlcomm\t/ { open_data(); printf "%s:\n.blkb\t%s\n", $1, $3; next }
/^\.(word|byte|long|blkb|blkw|ascii|asciz|zerow)([ \t]|$)/ { open_data(); print; next }
/^[A-Za-z0-9_.$]+:$/ || /^!/ || /^(export|\.globl|\.even|\.align)([ \t]|$)/ || /^[ \t]*$/ { print; next }
                      { if (sect == "text") close_data(); print }
END                   { close_data() }
' "$in" > "$out"
