# SPDX-License-Identifier: GPL-2.0
#
# lib.sh - helpers of the sched_probe suite (source it from
# tests/vm/sched_probe.sh): start workloads stopped, wait until they are
# stopped, have exec'ed or sleep in poll(), read /proc/<pid>/status and the
# module's row of a task.

SP=/proc/sched_probe
PROGS=build/tests/progs

# wait_stopped PID: until PID is stopped (state T) and off its run queue:
# a task preempted between setting the state and calling schedule() shows
# T but is still queued, and the kernel shows a wait channel only for a
# task off its run queue ("0" before).
wait_stopped() {
	local i st wc
	for i in $(seq 1 3000); do
		st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
		wc=$(cat "/proc/$1/wchan" 2>/dev/null)
		[ "$st" = T ] && [ -n "$wc" ] && [ "$wc" != 0 ] && return 0
		sleep 0.01
	done
	return 1
}

# has_comm COMM PID...: each PID runs COMM (has exec'ed it: a forked
# child keeps its parent's name until then).
has_comm() {
	local c=$1 p n
	shift
	for p in "$@"; do
		n=
		read -r n 2>/dev/null <"/proc/$p/comm"
		[ "$n" = "$c" ] || return 1
	done
}

# in_poll PID: PID sleeps in poll() (its wait channel names it).
in_poll() { grep -q poll "/proc/$1/wchan" 2>/dev/null; }

# start_stopped CMD...: run CMD (a workload started with -s) in the
# background, wait until it has stopped itself; prints its PID.
start_stopped() {
	"$@" >/dev/null 2>&1 &
	local pid=$!
	wait_stopped "$pid" || return 1
	echo "$pid"
}

# status_counts PID: "voluntary involuntary" from /proc/PID/status.
status_counts() {
	awk '/^voluntary_ctxt_switches/ {v=$2}
	     /^nonvoluntary_ctxt_switches/ {n=$2}
	     END {print v, n}' "/proc/$1/status"
}

# sp_col NAME: the column number of NAME in the header of stats.
sp_col() {
	head -n1 $SP/stats | tr ' ' '\n' | grep -nx "$1" | cut -d: -f1
}

# sp_row PID: the stats row of the live task PID (not an exited one).
sp_row() {
	awk -v p="$1" 'NR > 1 && $1 == p && $4 == 0' $SP/stats | tail -n1
}

# sp_field PID NAME: one column of the row of PID.
sp_field() {
	local c
	c=$(sp_col "$2")
	sp_row "$1" | awk -v c="$c" '{print $c}'
}

# sp_counts PID: "voluntary involuntary" as the module counted them.
sp_counts() {
	local v n
	v=$(sp_col voluntary)
	n=$(sp_col involuntary)
	sp_row "$1" | awk -v v="$v" -v n="$n" '{print $v, $n}'
}

# quiet_counts PID: "kernel: V N module: V N" read while PID is stopped,
# once two readings in a row agree (the last switch-out has completed).
quiet_counts() {
	local i a b c d
	wait_stopped "$1" || return 1
	for i in $(seq 1 100); do
		a=$(status_counts "$1")
		b=$(sp_counts "$1")
		sleep 0.05
		c=$(status_counts "$1")
		d=$(sp_counts "$1")
		if [ "$a" = "$c" ] && [ "$b" = "$d" ]; then
			echo "kernel: $a module: $b"
			return 0
		fi
	done
	return 1
}

# expect_exact NAME PID: module counts == /proc/PID/status counts.
expect_exact() {
	local got k m
	got=$(quiet_counts "$2")
	k=${got#kernel: }
	k=${k% module:*}
	m=${got#*module: }
	if [ -n "$k" ] && [ "$k" = "$m" ]; then
		ktap_ok "$1 ($got)"
	else
		ktap_fail "$1" "vol/invol differ: ${got:-no reading}"
	fi
}

# finish PID...: let stopped workloads run to their end.
finish() {
	kill -CONT "$@" 2>/dev/null
	wait "$@" 2>/dev/null
}

ctl() {
	echo "$1" >$SP/control
}

# cpu_sum COLUMN: the sum over CPUs of a column of the cpus file.
cpu_sum() {
	awk -v col="$1" 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == col) c = i; next}
		{s += $c} END {printf "%.0f\n", s}' $SP/cpus
}
