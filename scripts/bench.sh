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
#   --svg       only redraw bench/ratios-<kernel>.svg from bench/raw-<kernel>.tsv
#   BENCH_ROUNDS  rounds, every configuration once per round (default 9;
#                 tests/bench/lib.sh says how rows are paired and judged)

set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

kernels=$LKM_KVERS
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

# svg RAWFILE TITLE: horizontal bars of the ratios with their range from
# the interquartile ranges as a whisker, a dashed line at each goal; the
# colour is the verdict (a bar is green or red only when its whole range is
# on one side of the goal, amber when the range straddles it).
svg() {
	awk -F'\t' -v title="$2" '
	function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
	function num(s) { return (s == "inf" || s == "nan" || s == "") ? -1 : s + 0 }
	$1 == "BENCH" { n++; name[n] = $2; sub(/ \(.*\)/, "", name[n]); shown[n] = $6
		ratio[n] = num($6); g = $7; sub(/^<= */, "", g)
		goal[n] = g + 0; verdict[n] = $8; split($9, b, " to ")
		lo[n] = num(b[1]); hi[n] = (b[2] == "inf") ? "inf" : num(b[2])
		if (goal[n] > maxgoal) maxgoal = goal[n] }
	END {
		top = 0
		for (i = 1; i <= n; i++) {
			if (ratio[i] > top) top = ratio[i]
			if (goal[i] > top) top = goal[i]
			if (hi[i] != "inf" && hi[i] > top) top = hi[i]
		}
		if (top > 3 * maxgoal && maxgoal > 0) top = 3 * maxgoal
		if (top <= 0) top = 1
		w = 900; left = 330; bar = 22; h = 76 + n * (bar + 14)
		scale = (w - left - 110) / top
		printf "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n", w, h
		printf "<text x=\"10\" y=\"22\" font-size=\"15\">%s</text>\n", esc(title)
		for (i = 1; i <= n; i++) {
			y = 40 + (i - 1) * (bar + 14)
			color = verdict[i] == "pass" ? "#4a9" : verdict[i] == "miss" ? "#d54" : "#e9a23b"
			r = ratio[i] < 0 ? 0 : (ratio[i] > top ? top : ratio[i])
			label = shown[i]
			printf "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", left - 8, y + 15, esc(substr(name[i], 1, 52))
			printf "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n", left, y, r * scale, bar, color
			end = r
			if (lo[i] >= 0 || hi[i] == "inf" || hi[i] >= 0) {
				a = lo[i] < 0 ? 0 : (lo[i] > top ? top : lo[i])
				z = (hi[i] == "inf" || hi[i] > top) ? top : (hi[i] < 0 ? 0 : hi[i])
				printf "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\" stroke-width=\"2\"/>\n", left + a * scale, y + bar / 2, left + z * scale, y + bar / 2
				if (z > end) end = z
			}
			printf "<text x=\"%.1f\" y=\"%d\">%s %s</text>\n", left + end * scale + 4, y + 15, label, verdict[i]
			gx = left + goal[i] * scale
			printf "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\" stroke-dasharray=\"4 2\"/>\n", gx, y - 3, gx, y + bar + 3
		}
		printf "<text x=\"10\" y=\"%d\" fill=\"#555\">bar: ratio of the medians; black line: ratio range from the interquartile ranges (clipped at the edge); dashed: goal</text>\n", h - 24
		printf "<text x=\"10\" y=\"%d\" fill=\"#555\">green: pass, red: miss (whole range on one side of the goal); amber: noisy (the range straddles the goal)</text>\n", h - 8
		print "</svg>"
	}' "$1"
}

status=0
for k in $kernels; do
	abi=$(lkm_installed_abi "$k")
	if [ -n "$svg_only" ]; then
		svg "$outdir/raw-$k.tsv" "lkm-suite benchmarks, Linux $abi: ratio vs goal" >"$outdir/ratios-$k.svg"
		continue
	fi
	echo "== $k ($abi): building"
	make -s KVER="$k" all test-progs >/dev/null
	raw=$outdir/raw-$k.tsv
	notes=$outdir/notes-$k.txt
	load0=$(uptime)
	t0=$(date +%s)
	echo "== $k: running benchmarks in the VM (BENCH_ROUNDS=$rounds)"
	# the commentary (stderr) is kept for the report and shown as it comes
	scripts/vm.sh --kernel "$k" --timeout 5400 -- \
		env BENCH_ROUNDS="$rounds" tests/bench/run.sh "${benches[@]}" >"$raw" \
		2> >(tee "$notes" >&2) || status=1
	wait
	t1=$(date +%s)
	md=$outdir/results-$k.md
	{
		echo "# Benchmarks on Linux $abi"
		echo
		echo "Lab VM: QEMU TCG, $(grep -c ^processor /proc/cpuinfo)-core host, 2 vCPUs;" \
			"$(date -u +%Y-%m-%d), $(((t1 - t0) / 60)) min in the VM."
		echo "Host load (uptime) before: \`${load0#*load }\`; after: \`$(uptime | sed 's/.*load //')\`."
		echo "Rounds: $rounds, every configuration once per round, in the same order."
		echo "Cells: median [q1-q3]; added costs are paired with the untraced run of the same round."
		echo "Ratio: of the medians; range: from the interquartile ranges (ours q1/anchor q3 to ours q3/anchor q1,"
		echo "or q1-q3 of the per-round ratios); verdict pass/miss only when the range is clear of the goal, else noisy."
		if [ ${#names[@]} -gt 0 ]; then
			echo "Only these benchmarks ran: ${names[*]}."
			echo "Reproduce: \`scripts/bench.sh --kernels $k ${names[*]}\` (\`make bench\` runs them all)."
		else
			echo "Reproduce: \`make bench\` (or \`scripts/bench.sh --kernels $k\`)."
		fi
		echo
		echo "| workload | baseline | ours | anchor and peers | ratio | range | goal | verdict |"
		echo "|---|---|---|---|---|---|---|---|"
		awk -F'\t' '$1 == "BENCH" { printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6, $9, $7, $8 }' "$raw"
		echo
		echo "![ratios](ratios-$k.svg)"
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
	svg "$raw" "lkm-suite benchmarks, Linux $abi: ratio vs goal" >"$outdir/ratios-$k.svg"
	cat "$md"
done
exit $status
