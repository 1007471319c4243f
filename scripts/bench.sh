#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh - `make bench`: run every benchmark of tests/bench/ in one lab VM
# run per kernel and write bench/results-<kernel>.md (workload, baseline,
# ours, anchor, ratio, goal, verdict; figures are medians of repeated runs
# with min-max) and bench/ratios-<kernel>.svg (a bar per ratio, goal marked).
#
# Usage: scripts/bench.sh [--kernels "6.1 6.12"] [BENCHMARK...]
#   BENCHMARK   names of tests/bench/<name>.sh to run (default: all)
#   BENCH_RUNS  repetitions per measurement (default 5)

set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

kernels=$LKM_KVERS
benches=()
while [ $# -gt 0 ]; do
	case $1 in
	--kernels) kernels=$2 && shift ;;
	-h | --help) sed -n '3,12s/^# \{0,1\}//p' "$0" && exit 0 ;;
	*) benches+=("tests/bench/$1.sh") ;;
	esac
	shift
done

outdir=$LKM_ROOT/bench
mkdir -p "$outdir"
cd "$LKM_ROOT"

# svg RAWFILE TITLE: horizontal bars of the ratios, a line at each goal.
svg() {
	awk -F'\t' -v title="$2" '
	$1 == "BENCH" { n++; name[n] = $2; ratio[n] = $6 + 0; g = $7; sub(/^<= */, "", g)
		goal[n] = g + 0; verdict[n] = $8; if (ratio[n] > top) top = ratio[n]
		if (goal[n] > top) top = goal[n] }
	END {
		if (top <= 0) top = 1
		w = 760; left = 300; bar = 22; h = 60 + n * (bar + 14)
		scale = (w - left - 60) / top
		printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", w, h
		printf "<text x=\"10\" y=\"22\" font-size=\"15\">%s</text>\n", title
		for (i = 1; i <= n; i++) {
			y = 40 + (i - 1) * (bar + 14)
			color = verdict[i] == "pass" ? "#4a9" : "#d54"
			printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", left - 8, y + 15, name[i]
			printf "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n", left, y, ratio[i] * scale, bar, color
			printf "<text x=\"%.1f\" y=\"%d\">%.2f</text>\n", left + ratio[i] * scale + 4, y + 15, ratio[i]
			gx = left + goal[i] * scale
			printf "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\" stroke-dasharray=\"4 2\"/>\n", gx, y - 3, gx, y + bar + 3
		}
		printf "<text x=\"%d\" y=\"%d\" fill=\"#555\">bar: ratio (green: goal met); dashed line: goal</text>\n", left, h - 8
		print "</svg>"
	}' "$1"
}

status=0
for k in $kernels; do
	abi=$(lkm_installed_abi "$k")
	echo "== $k ($abi): building"
	make -s KVER="$k" all test-progs >/dev/null
	raw=$outdir/raw-$k.tsv
	echo "== $k: running benchmarks in the VM (BENCH_RUNS=${BENCH_RUNS:-5})"
	LKM_BENCH_RUNS=${BENCH_RUNS:-5} scripts/vm.sh --kernel "$k" --timeout 3600 -- \
		env BENCH_RUNS="${BENCH_RUNS:-5}" tests/bench/run.sh "${benches[@]}" >"$raw" || status=1
	md=$outdir/results-$k.md
	{
		echo "# Benchmarks on Linux $abi"
		echo
		echo "Lab VM: QEMU TCG, $(grep -c ^processor /proc/cpuinfo)-core host, 2 vCPUs;" \
			"$(date -u +%Y-%m-%d). Figures: median (min-max) of ${BENCH_RUNS:-5} runs."
		echo "Reproduce: \`make bench\` (or \`scripts/bench.sh --kernels $k\`)."
		echo
		echo "| workload | baseline | ours | anchor | ratio | goal | verdict |"
		echo "|---|---|---|---|---|---|---|"
		awk -F'\t' '$1 == "BENCH" { printf "| %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6, $7, $8 }' "$raw"
		echo
		echo "![ratios](ratios-$k.svg)"
	} >"$md"
	svg "$raw" "lkm-suite benchmarks, Linux $abi: ratio vs goal" >"$outdir/ratios-$k.svg"
	cat "$md"
done
exit $status
