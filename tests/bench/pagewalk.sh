#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pagewalk.sh - benchmark, run in the lab VM as root: the time to produce
# the full listing /proc/pagewalk/<pid> of a process with MB MiB of written
# 4 KiB pages, against reading the same ranges from /proc/<pid>/maps plus
# /proc/<pid>/pagemap (tests/progs/pagewalk_big -p), both timed inside one
# process (pagewalk_big -b) so that process start-up is not counted. One of
# each per round, BENCH_ROUNDS rounds; the ratio of each round, median and
# q1-q3 (tests/bench/lib.sh). A BENCH row on stdout, a markdown table on
# stderr. Goal: ratio <= 1.
#
# Usage: tests/bench/pagewalk.sh [MB] [ROUNDS] [rev]   (default 1024 and 9;
# "rev" writes the pages from the last, so that frames do not follow each
# other and the listing has one line per page: the worst case)

cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
MB=${1:-1024}
BENCH_ROUNDS=${2:-$BENCH_ROUNDS}
B=build/tests/progs/pagewalk_big
KO=modules/pagewalk/pagewalk.ko
bench_init 'rmmod pagewalk 2>/dev/null'
out=$BENCH_DIR/out

lsmod | grep -q '^pagewalk ' || insmod $KO || exit 1
bench_header
$B "$MB" ${3:+rev} >"$out" &
bench_wait_for "$out" '^ready' 600
pid=$(awk '/^ready/ {print $2}' "$out")
[ -n "$pid" ] || { echo "workload did not start" >&2; exit 1; }

lines=$(grep -c '' /proc/pagewalk/"$pid")
pages=$($B -p "$pid")
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
	# times measured inside one process: no process start in the figures
	$B -b "$pid" 1 >"$out.t" || exit 1
	bench_put pagemap "$(awk '$1 == "pagemap" { print $2 }' "$out.t")"
	bench_put pagewalk "$(awk '$1 == "pagewalk" { print $2 }' "$out.t")"
done
kill -9 "$pid"
wait "$pid" 2>/dev/null

bench_sum pagemap
base_fmt="$(bench_fmt) s"
bench_sum pagewalk
ours_fmt="$(bench_fmt) s"
bench_ratio pagewalk pagemap
bench_goal "<= 1.0"
{
	echo "| workload | pagemap + maps (s) | /proc/pagewalk (s) | ratio [q1-q3] | goal | verdict |"
	echo "|---|---|---|---|---|---|"
	echo "| $MB MiB of 4 KiB pages${3:+, written backwards} ($pages present, $lines lines)," \
		"$BENCH_ROUNDS rounds | $base_fmt | $ours_fmt | $ratio [$range] | $GOAL | $verdict |"
} >&2
bench_row "full listing, $MB MiB of 4 KiB pages${3:+ (backwards)}, $BENCH_ROUNDS rounds" \
	"$base_fmt" "$ours_fmt" "pagemap+maps"
