#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pagewalk.sh - benchmark, run in the lab VM as root: the time to produce
# the full listing /proc/pagewalk/<pid> of a process with MB MiB of written
# 4 KiB pages, against reading the same ranges from /proc/<pid>/maps plus
# /proc/<pid>/pagemap (tests/progs/pagewalk_big -p), both timed inside one
# process (pagewalk_big -b) so that process start-up is not counted. Medians
# of RUNS runs as a markdown table (stderr) and a BENCH row (stdout, see
# tests/bench/lib.sh). Goal: ratio <= 1.
#
# Usage: tests/bench/pagewalk.sh [MB] [RUNS] [rev]   (default 1024 and 5;
# "rev" writes the pages from the last, so that frames do not follow each
# other and the listing has one line per page: the worst case)

cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
MB=${1:-1024}
RUNS=${2:-$BENCH_RUNS}
B=build/tests/progs/pagewalk_big
KO=modules/pagewalk/pagewalk.ko
out=/var/tmp/pagewalk_bench.$$

lsmod | grep -q '^pagewalk ' || insmod $KO || exit 1
$B "$MB" ${3:+rev} >$out &
for _ in $(seq 600); do grep -q '^ready' $out && break; sleep 0.1; done
pid=$(awk '/^ready/ {print $2}' $out)
[ -n "$pid" ] || { echo "workload did not start" >&2; exit 1; }

lines=$(grep -c '' /proc/pagewalk/$pid)
pages=$($B -p $pid)
# times measured inside one process: no process start in the figures
$B -b "$pid" "$RUNS" >$out.t || exit 1
read -r _ base bmin bmax < <(grep '^pagemap' $out.t)
read -r _ ours omin omax < <(grep '^pagewalk' $out.t)
base_fmt="$base ($bmin-$bmax)"
ours_fmt="$ours ($omin-$omax)"
ratio=$(awk -v a="$ours" -v b="$base" 'BEGIN { printf "%.2f", a / b }')

kill -9 "$pid"
wait "$pid" 2>/dev/null
rmmod pagewalk
rm -f $out $out.t

# the markdown table is commentary (stderr); the BENCH row goes to stdout
{
	echo "| workload | pagemap + maps (s) | /proc/pagewalk (s) | ratio | goal |"
	echo "|---|---|---|---|---|"
	echo "| $MB MiB of 4 KiB pages${3:+, written backwards} ($pages present, $lines lines) | $base_fmt | $ours_fmt | $ratio | <= 1.0 |"
} >&2
bench_row "full listing, $MB MiB of 4 KiB pages${3:+ (backwards)}" "$base_fmt s" "$ours_fmt s" \
	"pagemap+maps" "$ratio" "<= 1.0"
