#!/bin/sh
# dosrun.sh CONFIG PROGRAM.COM [ARGS...] - run one DOS program headless in
# DOSBox under a named machine configuration and check its output.
#
# The program runs from a scratch C: drive holding build/MEMPOOL.MOD and
# every build/dos/*.COM; its standard output is redirected to a file that
# is printed here.  DOSBox does not hand back exit codes, so the verdict is
# the last line: it must read "N passed, 0 failed" (optionally behind one
# word and a colon).  A missing line, failures, or the time limit
# (DOSRUN_TIMEOUT seconds, default 60) fail the run.  DOSRUN_KEEP=DIR
# copies the files the program left on C: (all but the .COM and .MOD files
# put there) to DIR before the scratch drive is deleted.
#
# Configurations (DOSBox 0.74 [dos] and [dosbox] settings):
#   xms_umb   16 MB, XMS, UMBs, no EMS
#   plain     16 MB, no XMS, no UMBs, no EMS
#   xms_ems   16 MB, XMS and EMS, no UMBs
#   small      2 MB, XMS (1 MB of it), UMBs
#   dos33     16 MB, XMS, UMBs, DOS reporting version 3.30
set -u
cfg=$1; prog=$2; shift 2
args="$*"
top=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$top/build}
timeout_s=${DOSRUN_TIMEOUT:-60}

mem=16; xms=true; umb=true; ems=false; ver=""
case $cfg in
    xms_umb) ;;
    plain)   xms=false; umb=false ;;
    xms_ems) ems=true; umb=false ;;
    small)   mem=2 ;;
    dos33)   ver="ver set 3 30" ;;
    *) echo "dosrun: unknown configuration '$cfg'" >&2; exit 2 ;;
esac

work=$(mktemp -d /tmp/dosrun.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/c"
cp "$B"/dos/*.COM "$work/c/" 2>/dev/null
cp "$prog" "$work/c/" 2>/dev/null
[ -f "$B/MEMPOOL.MOD" ] && cp "$B/MEMPOOL.MOD" "$work/c/"
name=$(basename "$prog")

cat > "$work/dosbox.conf" <<CONF
[sdl]
fullscreen=false
output=surface
[dosbox]
machine=svga_s3
memsize=$mem
[cpu]
core=normal
cputype=auto
cycles=max
[mixer]
nosound=true
[speaker]
pcspeaker=false
tandy=off
disney=false
[sblaster]
sbtype=none
[gus]
gus=false
[midi]
mpu401=none
[dos]
xms=$xms
ems=$ems
umb=$umb
[autoexec]
mount c "$work/c"
c:
$ver
$name $args > OUT.TXT
exit
CONF

SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy \
    timeout -k 5 "$timeout_s" dosbox -conf "$work/dosbox.conf" -noconsole \
    > "$work/dosbox.log" 2>&1
rc=$?
out="$work/c/OUT.TXT"
if [ -n "${DOSRUN_KEEP:-}" ]; then
    mkdir -p "$DOSRUN_KEEP"
    for f in "$work"/c/*; do
        case $f in *.COM|*.MOD) ;; *) cp "$f" "$DOSRUN_KEEP/" ;; esac
    done
fi
[ -f "$out" ] && tr -d '\r' < "$out"
if [ $rc -eq 124 ]; then
    echo "dosrun: $name [$cfg]: TIMEOUT after ${timeout_s}s"
    exit 1
fi
last=$(tr -d '\r' < "$out" 2>/dev/null | grep -v '^[[:space:]]*$' | tail -n 1)
if echo "$last" | grep -Eq '^([A-Za-z0-9_]+: )?[0-9]+ passed, 0 failed$'; then
    exit 0
fi
if [ -z "$last" ]; then
    echo "dosrun: $name [$cfg]: no output (DOSBox exit $rc)"
    tail -n 5 "$work/dosbox.log"
else
    echo "dosrun: $name [$cfg]: last line is not 'N passed, 0 failed'"
fi
exit 1
