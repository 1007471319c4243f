# SPDX-License-Identifier: GPL-2.0
#
# lib.sh - helpers for the benchmarks in tests/bench/ (source it). Each
# benchmark runs inside the lab VM and prints result rows with bench_row;
# scripts/bench.sh turns them into bench/results-<kernel>.md and a chart.
#
#   bench_time N CMD...     run CMD N times; sets med, min, max (seconds, %.6f)
#   bench_stats V...        median, min and max of the values: sets med min max
#   bench_row WORKLOAD BASELINE OURS ANCHOR RATIO GOAL
#                           one result row; GOAL is "<= X" and the verdict
#                           (pass/miss) is RATIO compared with X. BASELINE,
#                           OURS and ANCHOR are free text ("1.23 s (1.2-1.3)").
#   bench_fmt               "med (min-max)" of the last bench_time/bench_stats

BENCH_RUNS=${BENCH_RUNS:-5}

bench_stats() {
	local sorted
	sorted=$(printf '%s\n' "$@" | sort -g)
	min=$(head -n 1 <<<"$sorted")
	max=$(tail -n 1 <<<"$sorted")
	med=$(awk '{ v[NR] = $1 } END {
		if (NR % 2) print v[(NR + 1) / 2]; else printf "%.6f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }' \
		<<<"$sorted")
}

bench_time() {
	local n=$1 i t0 t1 vals=()
	shift
	for ((i = 0; i < n; i++)); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		vals+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", (b - a) / 1e9 }')")
	done
	bench_stats "${vals[@]}"
}

bench_fmt() {
	printf '%s (%s-%s)' "$med" "$min" "$max"
}

bench_row() {
	local goal=${6#<= } verdict
	verdict=$(awk -v r="$5" -v g="$goal" 'BEGIN { print (r <= g) ? "pass" : "miss" }')
	printf 'BENCH\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$verdict"
}
