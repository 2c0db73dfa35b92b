#!/bin/sh
# setup.sh - make sure the Debian packages MEMPOOL builds and tests with are
# installed.  As root it installs what is missing with apt-get; otherwise it
# prints the exact command and fails.  Called by the Makefile before the
# first build (stamp: build/.setup-ok).
PKGS="bcc bin86 elks-libc nasm dosbox libcmocka-dev libunicorn-dev libcapstone-dev gcc make gawk libxml2-utils"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "setup: missing Debian packages:$missing"
if [ "$(id -u)" != 0 ]; then
    echo "setup: run as root:  apt-get update && apt-get install -y$missing"
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } > /tmp/mempool-setup.log 2>&1 || {
    tail -n 20 /tmp/mempool-setup.log;
    echo "setup: apt-get install failed"; exit 1; }
echo "setup: installed$missing"
