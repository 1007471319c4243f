#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# syscall_probe.sh (bench) - per-call cost of a getppid loop, run in the lab
# VM as root: untraced, syscall_probe counting (enabled, no filter),
# syscall_probe counting + streaming (a reader drains the stream),
# bpftrace (scripts/bpftrace/syscall_probe_count.bt, every process) and
# strace -c -f (on N/STRACE_DIV calls: ptrace stops are slow under TCG).
# BENCH rows on stdout (tests/bench/lib.sh), a markdown table on stderr.
#
# Usage: tests/bench/syscall_probe.sh [N] [RUNS]   (default 1000000 and 5)

cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
N=${1:-1000000}
BENCH_RUNS=${2:-$BENCH_RUNS}
STRACE_DIV=${STRACE_DIV:-20}
P=build/tests/progs/syscall_probe_known
READER=build/tests/progs/syscall_probe_reader
KO=modules/syscall_probe/syscall_probe.ko
D=/proc/syscall_probe
out=/var/tmp/syscall_probe_bench.$$
trap 'rm -f $out; rmmod syscall_probe 2>/dev/null' EXIT

# ns per call of the last bench_time (median), for $1 calls.
per_call() { awk -v s="$med" -v n="$1" 'BEGIN { printf "%.0f", s * 1e9 / n }'; }

lsmod | grep -q '^syscall_probe ' && rmmod syscall_probe
bench_time "$BENCH_RUNS" $P storm "$N"
none=$(per_call "$N")

insmod $KO || exit 1
echo enable > $D/control
bench_time "$BENCH_RUNS" $P storm "$N"
count=$(per_call "$N")
echo disable > $D/control

echo reset > $D/control
$READER > $out &
rpid=$!
for i in $(seq 1 100); do grep -q open $out && break; sleep 0.1; done
echo enable > $D/control
bench_time "$BENCH_RUNS" $P storm "$N"
stream=$(per_call "$N")
echo disable > $D/control
for i in $(seq 1 50); do kill -USR1 $rpid 2>/dev/null || break; sleep 0.2; done
wait $rpid
gen=$(awk '$1 == "stream_generated" { print $2 }' $D/status)
drop=$(awk '$1 == "stream_dropped" { print $2 }' $D/status)
rmmod syscall_probe

bpftrace scripts/bpftrace/syscall_probe_count.bt > $out 2>&1 &
bt=$!
for i in $(seq 1 1200); do grep -q Tracing $out && break; sleep 0.1; done
bench_time "$BENCH_RUNS" $P storm "$N"
bpf=$(per_call "$N")
kill -INT $bt
wait $bt

sn=$((N / STRACE_DIV))
bench_time "$BENCH_RUNS" strace -c -f -o /dev/null $P storm "$sn"
st=$(per_call "$sn")

added() { echo $(($1 - none)); }
ratio=$(awk -v a="$(added "$count")" -v b="$(added "$bpf")" \
	'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')
bench_row "getppid loop, ns/call ($N calls)" "untraced $none" \
	"syscall_probe count $count, stream $stream" "bpftrace $bpf, strace -c -f $st" \
	"$ratio" "<= 0.5"
{
	echo "syscall_probe, kernel $(uname -r), getppid loop of $N calls, median of $BENCH_RUNS"
	echo
	echo "| tracing | ns/call | added ns/call |"
	echo "|---|---:|---:|"
	echo "| none | $none | 0 |"
	echo "| syscall_probe counting | $count | $(added "$count") |"
	echo "| syscall_probe counting + stream | $stream | $(added "$stream") |"
	echo "| bpftrace syscall_probe_count.bt | $bpf | $(added "$bpf") |"
	echo "| strace -c -f ($sn calls) | $st | $(added "$st") |"
	echo
	echo "syscall_probe counting adds $ratio of what bpftrace adds (goal <= 0.5)."
	echo "stream: $gen records generated, $drop dropped (ring_records default)."
} >&2
