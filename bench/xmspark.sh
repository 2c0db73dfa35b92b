#!/bin/sh
# xmspark.sh [B] - build bench/xmspark.c with bench/fakexms.asm and run it
# under bench86 against $B/MEMPOOL.MOD (B defaults to build; make module
# lib and make $B/bench86 first).  Prints bench86's figures and, per CPU,
# each region's median minus the medians of the driver calls it makes.
set -e
B=${1:-build}
O=$B/bench/xmspark
mkdir -p $O
nasm -f as86 -Itools/bench/ -o $O/fakexms.o bench/fakexms.asm
bcc -Md -ansi -0 -Iinclude -Isrc/port -I$B/gen -c -o $O/xmspark.o bench/xmspark.c
bcc -Md -ansi -0 -Iinclude -Isrc/port -I$B/gen -c -o $O/dtest.o tests/dos/dtest.c
[ -f $B/bench/bench_marks.o ] || nasm -f as86 -o $B/bench/bench_marks.o tools/bench/bench_marks.asm
ld86 -y -d -T100 -i -L/usr/lib/bcc/ -0 -C0 -o $O/XMSPARK.COM $O/xmspark.o \
    $O/dtest.o $O/fakexms.o $B/bench/bench_marks.o $B/libmempool.a -ldos
$B/bench86 --dir $B --tsv $O/xmspark.tsv $O/XMSPARK.COM
awk -F '\t' '$1 ~ /^xms_(drv|drv2|park1514|unpark1514|move1514|move1515)$/ { v[$1, $2] = $3 }
    END { for (c = 286; c <= 386; c += 100) {
              d = v["xms_drv", c]; d2 = v["xms_drv2", c]
              printf "%d: driver %d per long call, %d per short one; module and caller, without the driver:", c, d, d2
              printf " park %d, unpark %d, pair %d, move 1514 %d, move 1515 %d\n",
                  v["xms_park1514", c] - d, v["xms_unpark1514", c] - d,
                  v["xms_park1514", c] + v["xms_unpark1514", c] - 2 * d,
                  v["xms_move1514", c] - d, v["xms_move1515", c] - d - d2 } }' $O/xmspark.tsv
