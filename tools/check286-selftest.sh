#!/bin/sh
# check286-selftest.sh BUILD - the 286 check must reject a binary with a
# 386 instruction outside a CPU-gated range and accept the same instruction
# inside one.
set -e
B=$1
d=$B/check
mkdir -p "$d"
bcc -Md -ansi -0 -c -o "$d/plant_main.o" tests/check/plant_main.c
nasm -f as86 -o "$d/plant.o" tests/check/plant.asm
nasm -f as86 -DGATED -o "$d/gated.o" tests/check/plant.asm
for v in plant gated; do
    ld86 -y -d -T100 -i -L/usr/lib/bcc/ -0 -C0 -M -o "$d/$v.COM" "$d/plant_main.o" "$d/$v.o" -ldos > "$d/$v.map"
    ld86 -y -T100 -i -L/usr/lib/bcc/ -0 -C0 -o "$d/$v.out" "$d/plant_main.o" "$d/$v.o" -ldos
done
if sh tools/check286.sh com "$d/plant.COM" "$d/plant.map" "$d/plant.out" > "$d/plant.log" 2>&1; then
    echo "check286-selftest: FAIL: planted 386 instruction not caught"; exit 1
fi
grep -q movzx "$d/plant.log" || { echo "check286-selftest: FAIL: wrong reason"; cat "$d/plant.log"; exit 1; }
sh tools/check286.sh com "$d/gated.COM" "$d/gated.map" "$d/gated.out" > "$d/gated.log" 2>&1 || {
    echo "check286-selftest: FAIL: gated 386 instruction rejected"; cat "$d/gated.log"; exit 1; }
echo "check286-selftest: planted 386 instruction caught; the same one behind CPU detection accepted"
