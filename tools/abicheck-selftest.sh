#!/bin/sh
# abicheck-selftest.sh BUILD - the ABI check must fail on a planted
# disagreement: a NASM mirror with one field widened (and the reserved
# tail shortened so that the total stays 64 bytes).
set -e
B=$1
t=$(mktemp -d /tmp/abiself.XXXXXX)
trap 'rm -rf "$t"' EXIT
sed -e 's/^\.min_cpu:        resb 1/.min_cpu:        resw 1/' \
    -e 's/^\.reserved:       resb 22/.reserved:       resb 21/' \
    include/module_abi.inc > "$t/module_abi.inc"
cmp -s include/module_abi.inc "$t/module_abi.inc" && { echo "abicheck-selftest: plant failed"; exit 1; }
nasm -f bin -I"$t/" -o "$t/off.bin" tools/abicheck.asm
if "$B/tools/abicheck" "$t/off.bin" > "$t/log" 2>&1; then
    echo "abicheck-selftest: FAIL: a planted field mismatch was not caught"
    exit 1
fi
echo "abicheck-selftest: planted mismatch caught: $(head -n 1 "$t/log")"
