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
# stderr, for each of two workloads:
#
#   order  pages written from the first: frames mostly consecutive, the
#          listing is a few hundred lines. Goal: ratio <= 0.5.
#   rev    pages written from the last: no two frames consecutive (the
#          count from pagemap is shown), one line per page: the worst
#          case. Goal: ratio <= 2.0.
#
# Usage: tests/bench/pagewalk.sh [MB] [ROUNDS] [order|rev]   (default 1024,
# BENCH_ROUNDS, both workloads)

cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
MB=${1:-1024}
BENCH_ROUNDS=${2:-$BENCH_ROUNDS}
MODES=${3:-order rev}
B=build/tests/progs/pagewalk_big
KO=modules/pagewalk/pagewalk.ko
bench_init 'rmmod pagewalk 2>/dev/null'
out=$BENCH_DIR/out

lsmod | grep -q '^pagewalk ' || insmod $KO || exit 1
bench_header
table=

# row MODE: one workload, BENCH_ROUNDS rounds, its BENCH row
row() {
	local mode=$1 pid lines cons pages what goal

	rm -f "$BENCH_DIR/pagemap" "$BENCH_DIR/pagewalk"
	if [ "$mode" = rev ]; then
		$B "$MB" rev >"$out" &
		what="written backwards"
		goal="<= 2.0"
	else
		$B "$MB" >"$out" &
		what="written in order"
		goal="<= 0.5"
	fi
	bench_wait_for "$out" '^ready' 600
	pid=$(awk '/^ready/ {print $2}' "$out")
	[ -n "$pid" ] || { echo "workload did not start" >&2; exit 1; }

	lines=$(grep -c '' /proc/pagewalk/"$pid")
	pages=$($B -p "$pid")
	cons=$($B -c "$pid" | awk '{ print $4 }')
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
	bench_goal "$goal"
	table+="| $MB MiB of 4 KiB pages, $what ($pages present, $cons with the frame after the previous page's, $lines lines), $BENCH_ROUNDS rounds | $base_fmt | $ours_fmt | $ratio [$range] | $GOAL | $verdict |"$'\n'
	bench_row "full listing, $MB MiB of 4 KiB pages, $what ($lines lines), $BENCH_ROUNDS rounds" \
		"$base_fmt" "$ours_fmt" "pagemap+maps"
}

for m in $MODES; do
	row "$m"
done
{
	echo "| workload | pagemap + maps (s) | /proc/pagewalk (s) | ratio [q1-q3] | goal | verdict |"
	echo "|---|---|---|---|---|---|"
	printf '%s' "$table"
} >&2
