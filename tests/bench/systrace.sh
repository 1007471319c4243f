#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# systrace.sh (bench) - per-call cost of the DECODED live stream: systrace
# writing every call as a text line, like strace, against strace and perf
# trace writing theirs. Run in the lab VM as root, in BENCH_ROUNDS rounds
# (tests/bench/lib.sh: paired per round) of:
#   untraced   syscall_probe_known strings N: N times openat of /dev/null,
#              write of "systrace bench\n" to it, close (3N calls, each
#              with an fd, a path or a buffer to decode)
#   systrace   systrace -o FILE (tmpfs) -- WORKLOAD: the whole decoded
#              stream (paths and buffers quoted); the file is then checked:
#              the N openat and N write lines of the workload, and the
#              "--- K events dropped" lines systrace prints for a full ring
#              (a lossy run says LOSSY in the row and "(lossy)" after its
#              verdict); with the module's default ring (4096 records per
#              CPU), then with ring_records=RING, a ring that holds a whole
#              run (default: the power of two above 3N + 4096), which the
#              reader drains after the workload if it cannot keep up
#   perf trace perf trace -o /dev/null -- WORKLOAD, on N/PERF_DIV
#   strace     strace -f -o /dev/null -- WORKLOAD, on N/STRACE_DIV (its
#              ptrace stops, and perf trace's per-event work, are slow
#              under TCG)
# Every tracer starts the workload; the loop is timed inside it
# (tests/bench/timed.sh), so no tracer's start-up is counted. Goal: systrace
# (default ring) adds at most half of what strace adds; its ratio to perf
# trace's added cost, and the big ring's to strace's, are shown too (no
# goal). BENCH row on stdout, a markdown table on stderr.
#
# Usage: tests/bench/systrace.sh [N] [ROUNDS]   (default 20000 and 9)

cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
N=${1:-20000}
BENCH_ROUNDS=${2:-$BENCH_ROUNDS}
STRACE_DIV=${STRACE_DIV:-20}
PERF_DIV=${PERF_DIV:-10}
P=build/tests/progs/syscall_probe_known
ST=build/bin/systrace
KO=modules/syscall_probe/syscall_probe.ko
T=tests/bench/timed.sh
PERF=$(bench_perf)
bench_init 'rmmod syscall_probe 2>/dev/null'
out=$BENCH_DIR/out
sn=$((N / STRACE_DIV))
pn=$((N / PERF_DIV))
# a ring per CPU that holds a whole run (3N calls and timed.sh's own):
# nothing is dropped however slowly the reader drains it
RING=${RING:-$(awk -v n=$((3 * N + 4096)) 'BEGIN { r = 64; while (r < n) r *= 2; print (r > 1048576) ? 1048576 : r }')}

# ns per call of $t seconds for $1 iterations (3 calls each)
per_call() { awk -v s="$t" -v n="$1" 'BEGIN { printf "%.0f", s * 1e9 / (3 * n) }'; }

# run_systrace CONFIG [MODULE PARAMETERS]: one traced run, its time, and
# what arrived: the workload's openat and write lines, and the events
# systrace says were dropped (calls of any traced process: bash's too)
run_systrace() {
	local c=$1 o w l t0 t1
	shift
	insmod $KO "$@" || exit 1
	rm -f "$out" "$out.t"
	t0=$EPOCHREALTIME
	$ST -o "$out" -- $T "$out.t" $P strings "$N" >/dev/null 2>&1
	t1=$EPOCHREALTIME
	t=$(cat "$out.t" 2>/dev/null)
	# the whole systrace run (start-up, the traced run, the drain after)
	awk -v a="$t0" -v b="$t1" -v t="${t:-0}" 'BEGIN { print b - a - t }' >>"$BENCH_DIR/$c.rest"
	bench_put "$c" "${t:+$(per_call "$N")}"
	rmmod syscall_probe
	# a: every traced call, shown or dropped
	read -r o w l a < <(awk '
		/"\/dev\/null", O_WRONLY\) = [0-9]/ { o++ }
		/ write\([0-9]+, "systrace bench\\n", 15\) = 15 / { w++ }
		/^--- [0-9]+ events dropped/ { l += $2; next }
		{ a++ }
		END { print o + 0, w + 0, l + 0, a + l }' "$out" 2>/dev/null)
	echo "# $c: $o openat, $w write lines of $N each; $l of $a events dropped" >&2
	echo "$o $w $l $a" >>"$BENCH_DIR/$c.seen"
	rm -f "$out"
}

# seen CONFIG: did every call arrive, over the rounds
seen() {
	awk -v n="$N" -v r="$BENCH_ROUNDS" '
		{ o += $1; w += $2; l += $3; a += $4; if ($1 != n || $2 != n || $3 != 0) bad++ }
		END { if (NR == r && !bad) printf "every call shown, 0 dropped (%d openat+write lines checked)", o + w
		else printf "LOSSY in %d of %d rounds: %d of %d traced calls dropped (%.0f %%), %d openat and %d write lines of %d each",
			bad + r - NR, r, l, a, a ? 100 * l / a : 0, o, w, n * r }' "$BENCH_DIR/$1.seen"
}

lsmod | grep -q '^syscall_probe ' && rmmod syscall_probe
bench_header
# what perf trace decodes here (without its BPF augmenters a path and a
# buffer are pointers): the comparison is of unequal work then
pdec=
if [ -n "$PERF" ]; then
	$PERF trace -o "$out" -- $P strings 1 >/dev/null 2>&1
	pdec="path $(grep -q 'openat(.*/dev/null' "$out" && echo decoded || echo "as a pointer")"
	pdec+=", write's bytes $(grep -q 'systrace bench' "$out" && echo decoded || echo "as a pointer")"
	echo "# perf trace here: $(grep -m1 'openat(' "$out" | sed 's/^ *//')" >&2
	rm -f "$out"
fi
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
	echo "# round $r/$BENCH_ROUNDS" >&2
	bench_time $P strings "$N"
	bench_put none "$(per_call "$N")"

	run_systrace systrace
	run_systrace bigring "ring_records=$RING"

	if [ -n "$PERF" ]; then
		rm -f "$out.t"
		$PERF trace -o /dev/null -- $T "$out.t" $P strings "$pn" >/dev/null 2>&1
		t=$(cat "$out.t" 2>/dev/null)
		bench_put perf "${t:+$(per_call "$pn")}"
	fi

	rm -f "$out.t"
	strace -f -o /dev/null -- $T "$out.t" $P strings "$sn" >/dev/null 2>&1
	t=$(cat "$out.t" 2>/dev/null)
	bench_put strace "${t:+$(per_call "$sn")}"
	rm -f "$out.t"
done

# cell CONFIG: "median [q1-q3] ns/call, added median [q1-q3]"
cell() {
	bench_sum "$1"
	printf '%s [%s-%s]' "$med" "$q1" "$q3"
	bench_sum "$1" none
	printf ', added %s [%s-%s]' "$med" "$q1" "$q3"
}
lossy() { awk -v n="$N" '$1 != n || $2 != n || $3 != 0 { b++ } END { exit !b }' "$BENCH_DIR/$1.seen"; }
# the complete stream's ratios first (the row's ratio, range and verdict are
# the last bench_cost's: the default ring against strace)
bench_cost bigring strace "<= 0.5"
big="$ratio ($range)"
vsperf=
if [ -s "$BENCH_DIR/perf" ]; then
	bench_cost systrace perf "-"
	vsperf="$ratio ($range)"
fi
bench_cost systrace strace "<= 0.5"
# a stream that lost calls did not do strace's job: never a plain pass
if lossy systrace; then
	verdict+=" (lossy)"
fi
ours="systrace -o FILE, default ring $(cell systrace); $(seen systrace)"
ours+="; ring_records=$RING (holds a run) $(cell bigring); $(seen bigring); its ratio to strace's added $big"
peers="strace -f -o /dev/null ($((3 * sn)) calls) $(cell strace)"
[ -s "$BENCH_DIR/perf" ] &&
	peers+="; perf trace -o /dev/null ($((3 * pn)) calls; $pdec) $(cell perf); systrace/perf trace added $vsperf"
bench_sum none
none="untraced $(bench_fmt)"
bench_row "decoded stream, openat+write+close of /dev/null, ns/call ($((3 * N)) calls, $BENCH_ROUNDS rounds)" \
	"$none" "$ours" "$peers"
{
	echo "systrace decoded stream, kernel $(uname -r), $N x (openat, write, close) of /dev/null, $BENCH_ROUNDS rounds"
	echo
	echo "| tracing | ns/call median [q1-q3] | added, paired per round |"
	echo "|---|---:|---:|"
	for c in none systrace bigring perf strace; do
		[ -s "$BENCH_DIR/$c" ] || continue
		bench_sum $c
		a=$(bench_fmt)
		bench_sum $c none
		case $c in
		none) c="untraced ($((3 * N)) calls)" ;;
		systrace) c="systrace -o FILE, default ring ($((3 * N)) calls)" ;;
		bigring) c="systrace -o FILE, ring_records=$RING ($((3 * N)) calls)" ;;
		perf) c="perf trace -o /dev/null ($((3 * pn)) calls)" ;;
		strace) c="strace -f -o /dev/null ($((3 * sn)) calls)" ;;
		esac
		echo "| $c | $a | $(bench_fmt) |"
	done
	echo
	echo "systrace's decoded stream (default ring) adds $ratio of what strace adds (IQR bounds $range, goal $GOAL): $verdict."
	echo "With ring_records=$RING: $big of strace's."
	[ -z "$vsperf" ] || echo "Against perf trace (no goal): $vsperf; perf trace here shows the $pdec."
	echo "Default ring: $(seen systrace)."
	echo "ring_records=$RING: $(seen bigring)."
	for c in systrace bigring; do
		read -r med q1 q3 < <(bench_quant <"$BENCH_DIR/$c.rest")
		echo "systrace's run outside the timed loop ($c: start-up, then draining the ring after the workload ended): $(bench_fmt) s."
	done
	[ -n "$PERF" ] || echo "perf: not found in the VM; no perf trace column."
} >&2
