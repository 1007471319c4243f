#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sched_probe.sh - benchmark, run in the lab VM as root: the cost of one
# context switch on a pipe ping-pong between two processes pinned to one
# CPU (every round trip is two switches; the program times itself), in
# BENCH_ROUNDS rounds (tests/bench/lib.sh: paired per round) of: no
# tracing, sched_probe loaded, the equivalent bpftrace script
# (scripts/bpftrace/sched_probe_switches.bt) and perf sched record (every
# CPU, as perf sched does, around the ping-pong it starts), each traced
# run paired with the faster of the untraced runs just before and just
# after it (tests/bench/lib.sh, "the untraced runs around a tracer");
# every value the best of BENCH_BEST runs of N/BENCH_BEST round trips.
# Prints a BENCH row and, on stderr, a markdown table.
#
# Usage: tests/bench/sched_probe.sh [N] [ROUNDS]   (default 20000 and 9)

cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
N=${1:-20000}
BENCH_ROUNDS=${2:-$BENCH_ROUNDS}
W=build/tests/progs/sched_probe_work
KO=modules/sched_probe/sched_probe.ko
cpu=$(($(nproc) - 1))
PERF=$(bench_perf)
bench_init 'rmmod sched_probe 2>/dev/null'
out=$BENCH_DIR/out

# one_run [CMD...]: ns per switch of the ping-pong (under CMD), the best
# of BENCH_BEST runs of N/BENCH_BEST round trips (tests/bench/lib.sh).
one_run() {
	bench_best "$@" taskset -c "$cpu" $W pingpong "$((N / BENCH_BEST))"
}

lsmod | grep -q '^sched_probe ' && rmmod sched_probe
bench_header
# Untimed: the first run after boot can be much slower than the later ones
# (once 59 us per switch against 34-41 us, 6.12).
one_run >/dev/null
for ((r = 1; r <= BENCH_ROUNDS; r++)); do
	echo "# round $r/$BENCH_ROUNDS" >&2
	u=$(one_run)
	bench_put none "$u"

	insmod $KO || exit 1
	bench_put probe "$(one_run)"
	rmmod sched_probe
	v=$(one_run)
	bench_around probe "$u" "$v"
	u=$v

	bpftrace scripts/bpftrace/sched_probe_switches.bt >"$out" 2>&1 &
	bt=$!
	bench_wait_for "$out" Tracing || echo "# bpftrace did not start" >&2
	bench_put bpftrace "$(one_run)"
	bench_stop $bt
	v=$(one_run)
	bench_around bpftrace "$u" "$v"
	u=$v

	if [ -n "$PERF" ]; then
		# shellcheck disable=SC2086 # PERF is a command with its arguments
		bench_put perf "$(one_run $PERF sched record -o "$out.data" -- 2>/dev/null)"
		# gone before the untraced run: no write-back of it meanwhile
		rm -f "$out.data" "$out.data.old"
		bench_around perf "$u" "$(one_run)"
	fi
	rm -f "$out"
done

bench_cost probe bpftrace "<= 0.3"
cell() {
	bench_sum "$1"
	printf '%s [%s-%s]' "$med" "$q1" "$q3"
	bench_sum "$1" "$(bench_base "$1")"
	printf ', added %s [%s-%s]' "$med" "$q1" "$q3"
}
peers="bpftrace $(cell bpftrace)"
[ -s "$BENCH_DIR/perf" ] && peers+="; perf sched record $(cell perf)"
bench_sum none
bench_row "context switch, pipe ping-pong, ns/switch (best of $BENCH_BEST x $((N / BENCH_BEST)) round trips, $BENCH_ROUNDS rounds)" \
	"no tracing $(bench_fmt)" "sched_probe $(cell probe)" "$peers"
{
	echo "sched_probe, kernel $(uname -r), best of $BENCH_BEST x $((N / BENCH_BEST)) round trips, $BENCH_ROUNDS rounds"
	echo
	echo "| tracing | ns/switch median [q1-q3] | added, paired with the faster untraced run around it | added, paired with the round's first untraced run |"
	echo "|---|---:|---:|---:|"
	for c in none probe bpftrace perf; do
		[ -s "$BENCH_DIR/$c" ] || continue
		bench_sum $c
		a=$(bench_fmt)
		bench_sum $c "$(bench_base $c)"
		b=$(bench_fmt)
		bench_sum $c none
		echo "| $c | $a | $b | $(bench_fmt) |"
	done
	for c in probe bpftrace perf; do
		[ -s "$BENCH_DIR/after.$c" ] || continue
		bench_sum after.$c
		echo "| none, right after $c | $(bench_fmt) | | |"
	done
	echo
	echo "sched_probe adds $ratio of what bpftrace adds (IQR bounds $range, goal $GOAL): $verdict."
	[ -n "$PERF" ] || echo "perf: not found in the VM; no perf sched column."
} >&2
bench_dump
