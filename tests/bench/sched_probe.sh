#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sched_probe.sh - benchmark, run in the lab VM as root: the cost of one
# context switch on a pipe ping-pong between two processes pinned to one
# CPU (every round trip is two switches), with no tracing, with sched_probe
# loaded, and with the equivalent bpftrace script
# (scripts/bpftrace/sched_probe_switches.bt). Prints a markdown table of
# the medians and the best of RUNS runs of N round trips. Under TCG the
# numbers are only meaningful on an otherwise idle host.
#
# Usage: tests/bench/sched_probe.sh [N] [RUNS]   (default 20000 and 7)

cd "$(dirname "$0")/../.." || exit 1
N=${1:-20000}
RUNS=${2:-7}
W=build/tests/progs/sched_probe_work
KO=modules/sched_probe/sched_probe.ko
cpu=$(($(nproc) - 1))

# one_run: ns per switch of one run of the ping-pong.
one_run() {
	taskset -c "$cpu" $W pingpong "$N"
}

# stats: "median best" of the numbers on stdin (best: the run least
# disturbed by the host, which matters under TCG on a busy machine).
stats() {
	sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)], v[1]}'
}

# Without and with the module, alternated so that drift hits both alike.
lsmod | grep -q '^sched_probe ' && rmmod sched_probe
: >/var/tmp/sp_none.$$
: >/var/tmp/sp_probe.$$
for i in $(seq 1 "$RUNS"); do
	one_run >>/var/tmp/sp_none.$$
	insmod $KO || exit 1
	one_run >>/var/tmp/sp_probe.$$
	rmmod sched_probe
done
read -r none nbest < <(stats </var/tmp/sp_none.$$)
read -r probe pbest < <(stats </var/tmp/sp_probe.$$)
rm -f /var/tmp/sp_none.$$ /var/tmp/sp_probe.$$

out=/var/tmp/sp_bench.$$
bpftrace scripts/bpftrace/sched_probe_switches.bt >$out 2>&1 &
bt=$!
for i in $(seq 1 1200); do
	grep -q Tracing $out && break
	sleep 0.1
done
read -r bpf bbest < <(for i in $(seq 1 "$RUNS"); do one_run; done | stats)
kill -INT $bt
wait $bt
rm -f $out

ratio=$(awk -v a=$((probe - none)) -v b=$((bpf - none)) \
	'BEGIN { printf "%.2f", (b > 0) ? a / b : 99 }')
. tests/bench/lib.sh
bench_row "context switch, pipe ping-pong, ns/switch ($N round trips x $RUNS)" \
	"no tracing $none (best $nbest)" "sched_probe $probe (best $pbest)" \
	"bpftrace $bpf (best $bbest)" "$ratio" "<= 0.5"
{
	echo "| tracing (kernel $(uname -r), $N round trips x $RUNS) | median ns/switch | added | best ns/switch | added |"
	echo "|---|---:|---:|---:|---:|"
	echo "| none | $none | 0 | $nbest | 0 |"
	echo "| sched_probe | $probe | $((probe - none)) | $pbest | $((pbest - nbest)) |"
	echo "| bpftrace sched_probe_switches.bt | $bpf | $((bpf - none)) | $bbest | $((bbest - nbest)) |"
	awk -v a=$((probe - none)) -v b=$((bpf - none)) -v c=$((pbest - nbest)) \
		-v d=$((bbest - nbest)) 'BEGIN {
		if (b > 0) printf "\nsched_probe adds %.2f of what bpftrace adds (medians)", a / b
		if (d > 0) printf ", %.2f (best runs)", c / d
		print "" }'
} >&2
