#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh - `make bench`: run every benchmark of tests/bench/ in one lab VM
# run per kernel and write bench/results-<kernel>.md (workload, baseline,
# ours, anchor and peers, ratio, its range, goal, verdict pass/miss/noisy;
# medians and interquartile ranges over interleaved rounds; memory per
# module) and bench/ratios-<kernel>.svg (a bar per ratio, range, goal).
#
# Usage: scripts/bench.sh [--kernels "6.1 6.12"] [--svg] [BENCHMARK...]
#   BENCHMARK   names of tests/bench/<name>.sh to run (default: all)
#   --kernels   default: every lab kernel; on arm64 6.12 (LKM_ARM64_KVERS)
#   --svg       only redraw bench/ratios-<kernel>.svg from bench/raw-<kernel>.tsv
#   BENCH_ROUNDS  rounds, every configuration once per round (default 9;
#                 tests/bench/lib.sh says how rows are paired and judged)
#   LKM_DEB_ARCH=arm64 (make ARCH=arm64 bench): the arm64 lab VM with 4
#                 levels (--no-lpa2, as on Apple M1/M2 and Raspberry Pis);
#                 files named <kernel>-arm64

set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

kernels=$LKM_KVERS
# <kernel><sfx> names the files; vmargs: what the lab VM boots with
sfx= vmargs=()
if [ "$LKM_DEB_ARCH" = arm64 ]; then
	kernels=${LKM_ARM64_KVERS-6.12} sfx=-arm64 vmargs=(--no-lpa2)
fi
benches=()
names=()
svg_only=
while [ $# -gt 0 ]; do
	case $1 in
	--kernels) kernels=$2 && shift ;;
	--svg) svg_only=1 ;;
	-h | --help) sed -n '3,14s/^# \{0,1\}//p' "$0" && exit 0 ;;
	*) benches+=("tests/bench/$1.sh") && names+=("$1") ;;
	esac
	shift
done

rounds=${BENCH_ROUNDS:-9}
outdir=$LKM_ROOT/bench
mkdir -p "$outdir"
cd "$LKM_ROOT"

# svg RAWFILE TITLE: the picture of the ratios (tests/bench/ratios_svg.c,
# drawn with the tools' SVG writer): a bar per ratio with its range from
# the interquartile ranges as a whisker, a dashed line at each goal; the
# colour is the verdict (a bar is green or red only when its whole range is
# on one side of the goal, amber when the range straddles it).
svg() {
	make -s -C tests "$LKM_ROOT/build/tests/bench/ratios_svg" >/dev/null
	"$LKM_ROOT/build/tests/bench/ratios_svg" "$2" <"$1"
}

status=0
for k in $kernels; do
	abi=$(lkm_installed_abi "$k")
	if [ -n "$svg_only" ]; then
		# the kernel the rows were measured on, as its results file says
		abi=$(sed -n '1s/^# Benchmarks on Linux //p' "$outdir/results-$k$sfx.md" 2>/dev/null)
		svg "$outdir/raw-$k$sfx.tsv" "lkm-suite benchmarks, Linux $abi: ratio vs goal" >"$outdir/ratios-$k$sfx.svg"
		continue
	fi
	echo "== $k ($abi): building"
	make -s KVER="$k" all test-progs >/dev/null
	raw=$outdir/raw-$k$sfx.tsv
	notes=$outdir/notes-$k$sfx.txt
	load0=$(uptime)
	t0=$(date +%s)
	echo "== $k: running benchmarks in the VM (BENCH_ROUNDS=$rounds)"
	# the commentary (stderr) is kept for the report and shown as it comes
	scripts/vm.sh "${vmargs[@]}" --kernel "$k" --timeout 5400 -- \
		env BENCH_ROUNDS="$rounds" tests/bench/run.sh "${benches[@]}" >"$raw" \
		2> >(tee "$notes" >&2) || status=1
	wait
	t1=$(date +%s)
	md=$outdir/results-$k$sfx.md
	{
		echo "# Benchmarks on Linux $abi"
		echo
		echo "Lab VM: QEMU TCG${sfx:+ (arm64 guest, -cpu max,lpa2=off)}, $(grep -c ^processor /proc/cpuinfo)-core host, 2 vCPUs;" \
			"$(date -u +%Y-%m-%d), $(((t1 - t0) / 60)) min in the VM."
		echo "Host load (uptime) before: \`${load0#*load }\`; after: \`$(uptime | sed 's/.*load //')\`."
		echo "Rounds: $rounds, every configuration once per round, in the same order."
		echo "Cells: median [q1-q3]; added costs are paired with the untraced run of the same round."
		echo "Ratio: of the medians; range: from the interquartile ranges (ours q1/anchor q3 to ours q3/anchor q1,"
		echo "or q1-q3 of the per-round ratios); verdict pass/miss only when the range is clear of the goal, else noisy."
		env=${sfx:+LKM_DEB_ARCH=arm64 }
		mk="make bench"
		[ -z "$sfx" ] || mk="make ARCH=arm64 KVER=$k bench"
		if [ ${#names[@]} -gt 0 ]; then
			echo "Only these benchmarks ran: ${names[*]}."
			echo "Reproduce: \`${env}scripts/bench.sh --kernels $k ${names[*]}\` (\`$mk\` runs them all)."
		else
			echo "Reproduce: \`$mk\` (or \`${env}scripts/bench.sh --kernels $k\`)."
		fi
		echo
		echo "| workload | baseline | ours | anchor and peers | ratio | range | goal | verdict |"
		echo "|---|---|---|---|---|---|---|---|"
		awk -F'\t' '$1 == "BENCH" { printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6, $9, $7, $8 }' "$raw"
		echo
		echo "![ratios](ratios-$k$sfx.svg)"
		if grep -q '^MEM' "$raw"; then
			echo
			echo "Memory a loaded module costs (bytes): its size in /proc/modules (text and data) and the"
			echo "tables it allocates (vmalloc pages from its own functions in /proc/vmallocinfo, plus per-CPU growth)."
			echo
			echo "| module | setting | module | tables | how |"
			echo "|---|---|---:|---:|---|"
			awk -F'\t' '$1 == "MEM" { printf "| %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6 }' "$raw"
		fi
		echo
		echo "## Details (the benchmarks' own tables)"
		echo
		grep -v '^# round ' "$notes" | sed 's/^# //'
	} >"$md"
	svg "$raw" "lkm-suite benchmarks, Linux $abi: ratio vs goal" >"$outdir/ratios-$k$sfx.svg"
	cat "$md"
done
exit $status
