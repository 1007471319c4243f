#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# syscall_probe.sh (bench) - per-call cost of a getppid loop, run in the lab
# VM as root, in BENCH_ROUNDS rounds (tests/bench/lib.sh: paired per round):
# untraced, syscall_probe counting (enabled, no filter), syscall_probe
# counting + streaming (a reader drains the stream), bpftrace
# (scripts/bpftrace/syscall_probe_count.bt, every process; .arm64.bt on
# arm64), perf trace -s (on N/PERF_DIV calls) and strace -c -f (on
# N/STRACE_DIV calls: its ptrace stops, and perf trace's per-event work,
# are slow under TCG).
# perf trace and strace trace the workload they start; the loop is timed
# inside it (tests/bench/timed.sh), so their start-up is not counted.
# BENCH rows on stdout, a markdown table on stderr.
#
# Usage: tests/bench/syscall_probe.sh [N] [ROUNDS]   (default 1000000 and 9)

cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
N=${1:-1000000}
BENCH_ROUNDS=${2:-$BENCH_ROUNDS}
STRACE_DIV=${STRACE_DIV:-20}
PERF_DIV=${PERF_DIV:-10}
P=build/tests/progs/syscall_probe_known
READER=build/tests/progs/syscall_probe_reader
KO=modules/syscall_probe/syscall_probe.ko
T=tests/bench/timed.sh
D=/proc/syscall_probe
BT=scripts/bpftrace/syscall_probe_count.bt
[ "$(uname -m)" != aarch64 ] || BT=${BT%.bt}.arm64.bt
PERF=$(bench_perf)
bench_init 'rmmod syscall_probe 2>/dev/null'
out=$BENCH_DIR/out
sn=$((N / STRACE_DIV))
pn=$((N / PERF_DIV))

# ns per call of $t seconds for $1 calls
per_call() { awk -v s="$t" -v n="$1" 'BEGIN { printf "%.0f", s * 1e9 / n }'; }

lsmod | grep -q '^syscall_probe ' && rmmod syscall_probe
bench_header
gen=0 drop=0
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
	echo "# round $r/$BENCH_ROUNDS" >&2
	bench_time $P storm "$N"
	bench_put none "$(per_call "$N")"

	insmod $KO || exit 1
	echo enable >$D/control
	bench_time $P storm "$N"
	bench_put count "$(per_call "$N")"
	echo disable >$D/control
	echo reset >$D/control
	$READER >"$out" &
	rpid=$!
	bench_wait_for "$out" open 100
	echo enable >$D/control
	bench_time $P storm "$N"
	bench_put stream "$(per_call "$N")"
	echo disable >$D/control
	for i in $(seq 1 50); do kill -USR1 $rpid 2>/dev/null || break; sleep 0.2; done
	wait $rpid
	gen=$((gen + $(awk '$1 == "stream_generated" { print $2 }' $D/status)))
	drop=$((drop + $(awk '$1 == "stream_dropped" { print $2 }' $D/status)))
	rmmod syscall_probe

	bpftrace $BT >"$out" 2>&1 &
	bt=$!
	bench_wait_for "$out" Tracing || echo "# bpftrace did not start" >&2
	bench_time $P storm "$N"
	bench_put bpftrace "$(per_call "$N")"
	bench_stop $bt

	if [ -n "$PERF" ]; then
		rm -f "$out.t"
		$PERF trace -s -o "$out" -- $T "$out.t" $P storm "$pn" >/dev/null 2>&1
		t=$(cat "$out.t" 2>/dev/null)
		bench_put perf "${t:+$(per_call "$pn")}"
	fi

	rm -f "$out.t"
	strace -c -f -o /dev/null -- $T "$out.t" $P storm "$sn" >/dev/null 2>&1
	t=$(cat "$out.t" 2>/dev/null)
	bench_put strace "${t:+$(per_call "$sn")}"
	rm -f "$out" "$out.t"
done

bench_cost count bpftrace "<= 0.35"
# cell CONFIG: "median [q1-q3] ns/call, added median [q1-q3]"
cell() {
	bench_sum "$1"
	printf '%s [%s-%s]' "$med" "$q1" "$q3"
	bench_sum "$1" none
	printf ', added %s [%s-%s]' "$med" "$q1" "$q3"
}
peers="bpftrace $(cell bpftrace)"
[ -s "$BENCH_DIR/perf" ] && peers+="; perf trace -s ($pn calls) $(cell perf)"
peers+="; strace -c -f ($sn calls) $(cell strace)"
bench_sum none
none="untraced $(bench_fmt)"
bench_row "getppid loop, ns/call ($N calls, $BENCH_ROUNDS rounds)" "$none" \
	"syscall_probe count $(cell count); stream $(cell stream)" "$peers"
{
	echo "syscall_probe, kernel $(uname -r), getppid loop of $N calls, $BENCH_ROUNDS rounds"
	echo
	echo "| tracing | ns/call median [q1-q3] | added, paired per round |"
	echo "|---|---:|---:|"
	for c in none count stream bpftrace perf strace; do
		[ -s "$BENCH_DIR/$c" ] || continue
		bench_sum $c
		a=$(bench_fmt)
		bench_sum $c none
		case $c in
		perf) c="perf trace -s ($pn calls)" ;;
		strace) c="strace -c -f ($sn calls)" ;;
		esac
		echo "| $c | $a | $(bench_fmt) |"
	done
	echo
	echo "syscall_probe counting adds $ratio of what bpftrace adds (IQR bounds $range, goal $GOAL): $verdict."
	echo "stream: $gen records generated, $drop dropped over the rounds (ring_records default)."
	[ -n "$PERF" ] || echo "perf: not found in the VM; no perf trace column."
} >&2
