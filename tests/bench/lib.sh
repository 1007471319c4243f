# SPDX-License-Identifier: GPL-2.0
#
# lib.sh - helpers for the benchmarks in tests/bench/ (source it). Each
# benchmark runs inside the lab VM and prints result rows with bench_row
# (and MEM rows with bench_mem_row); scripts/bench.sh turns them into
# bench/results-<kernel>.md and a chart.
#
# Method. Under TCG on a shared host one run of a workload can take half as
# long again as the next, and the host's load drifts over minutes, so two
# medians taken minutes apart differ by more than a tracer adds. Hence:
#
#  - Rounds. Every configuration (untraced, ours, each peer tracer) runs
#    once per round, in the same order, BENCH_ROUNDS rounds (default 9) in
#    one VM boot; drift hits every configuration of a round alike.
#  - Pairing. A tracer's added cost is computed per round against the
#    untraced run of the same round; what is reported is the median and the
#    interquartile range (q1-q3) of those paired differences, and the ratio
#    of the medians (ours / anchor). Workloads compared by a plain ratio
#    (pagewalk against pagemap, toy exec against ELF exec) use the ratio of
#    each round.
#  - The untraced runs around a tracer. The host has phases, 5 to 40 s
#    long, in which the lab VM as a whole runs 1.5-2x slower (a syscall
#    loop as much as the ping-pong, on x86-64 and arm64, with one vCPU or
#    two, while a CPU-bound loop on the host keeps its pace), and a tracer
#    whose start-up takes 10-30 s lands its timed run in another phase than
#    the round's first untraced run as often as not. A benchmark whose
#    untraced run is short runs it again right after each tracer has
#    stopped (bench_around): CONFIG is then paired with the faster of the
#    untraced runs just before and just after it, as a disturbance only
#    ever slows a run (the reason for best of BENCH_BEST too) and the run
#    after is slowed more often than the others (right after rmmod or
#    perf's exit: in 2-4 rounds of 9). sched_probe.sh does.
#  - Peers are started and stopped inside their round. bpftrace's start-up
#    (BTF, LLVM) takes seconds to tens of seconds under TCG; it is spent
#    outside the timed part (the run starts once the tracer says it is
#    tracing), so it costs wall time only, about a minute a round with
#    bpftrace and perf for both tracer benchmarks. The other design, the
#    peer attached for a block of runs with untraced runs before and after
#    it, would pair every peer run with runs minutes away: the drift this
#    method is about.
#  - Best of BENCH_BEST. Now and then one run takes 10-80 % longer than
#    the runs before and after it, in any configuration (the host). A
#    benchmark whose run is short repeats it BENCH_BEST times (default 3)
#    in each configuration of a round, with 1/BENCH_BEST of the work each,
#    and the round keeps the fastest (bench_best): such an outlier then no
#    longer decides a round's paired difference.
#  - Verdict. pass or miss only when the interquartile ranges are clear of
#    the goal line: the ratio computed from the IQR bounds (ours' q1 /
#    anchor's q3 up to ours' q3 / anchor's q1; for plain ratios the q1-q3 of
#    the per-round ratios) lies entirely on one side of the goal. Otherwise
#    the verdict is "noisy" and the row shows the range.
#
#   bench_init                 a fresh folder of per-round values ($BENCH_DIR)
#   bench_put CONFIG VALUE     record this round's VALUE of CONFIG (an empty
#                              VALUE for a failed run keeps the rounds aligned)
#   bench_sum CONFIG [BASE]    med, q1, q3 of CONFIG's values, or of the paired
#                              differences CONFIG - BASE (round by round)
#   bench_around CONFIG BEFORE AFTER  the untraced runs around CONFIG in
#                              this round: AFTER as after.CONFIG, the
#                              faster of the two as none.CONFIG
#   bench_base CONFIG          the untraced runs CONFIG is paired with:
#                              none.CONFIG if recorded, else none
#   bench_ratio CONFIG BASE    med, q1, q3 of the per-round ratios CONFIG / BASE
#   bench_fmt                  "med [q1-q3]" of the last bench_sum/bench_ratio
#   bench_cost OURS ANCHOR GOAL  ratio of the median added costs of OURS and
#                              ANCHOR (over bench_base), its IQR bounds, verdict:
#                              sets ratio, range, verdict
#   bench_goal GOAL            verdict of the last bench_ratio: sets ratio,
#                              range, verdict
#   bench_row WORKLOAD BASELINE OURS ANCHOR     one result row, with the
#                              ratio, goal, verdict and range set above
#   bench_mem_row MODULE SETTING MODULE_BYTES TABLE_BYTES HOW
#                              one memory row (bytes)
#   bench_time CMD...          run CMD once: sets t (seconds, %.6f)
#   bench_best CMD...          run CMD (it prints one number) BENCH_BEST
#                              times: prints the smallest (nothing if every
#                              run failed)
#   bench_perf                 the perf that runs in this VM, or nothing
#   bench_header               commentary: the load seen inside the VM
#   bench_dump                 commentary: every configuration's value in
#                              each round, in order (for another pairing)

BENCH_ROUNDS=${BENCH_ROUNDS:-9}
BENCH_BEST=${BENCH_BEST:-3}
GOAL=

bench_init() {
	BENCH_DIR=$(mktemp -d /var/tmp/bench.XXXXXX)
	# shellcheck disable=SC2064 # expand now: the folder of this run
	trap "rm -rf '$BENCH_DIR'; ${1:-:}" EXIT
}

bench_put() {
	echo "$2" >>"$BENCH_DIR/$1"
}

# The quantiles, once: med, q1, q3 (linear interpolation between the order
# statistics) of the numbers on stdin.
bench_quant() {
	grep -v '^$' | sort -g | awk '{ v[NR] = $1 + 0 }
	function q(p,   h, i) { h = (NR - 1) * p + 1; i = int(h)
		return (i >= NR) ? v[NR] : v[i] + (h - i) * (v[i + 1] - v[i]) }
	END { if (NR == 0) { print "nan nan nan"; exit }
		print f(q(0.5)), f(q(0.25)), f(q(0.75)) }
	# whole numbers from 1000 up (ns), 4 significant digits below (s, ratios)
	function f(x) { return (x >= 1000 || x <= -1000) ? sprintf("%.0f", x) : sprintf("%.4g", x) }'
}

bench_sum() {
	if [ $# -gt 1 ]; then
		read -r med q1 q3 < <(paste "$BENCH_DIR/$1" "$BENCH_DIR/$2" |
			awk -F'\t' 'NF == 2 && $1 != "" && $2 != "" { print $1 - $2 }' | bench_quant)
	else
		read -r med q1 q3 < <(bench_quant <"$BENCH_DIR/$1")
	fi
}

bench_around() {
	bench_put "after.$1" "$3"
	bench_put "none.$1" "$(awk -v a="$2" -v b="$3" 'BEGIN {
		if (a == "" || (b != "" && b + 0 < a + 0)) a = b; print a }')"
}

bench_base() {
	if [ -s "$BENCH_DIR/none.$1" ]; then echo "none.$1"; else echo none; fi
}

bench_ratio() {
	read -r med q1 q3 < <(paste "$BENCH_DIR/$1" "$BENCH_DIR/$2" |
		awk -F'\t' 'NF == 2 && $1 != "" && $2 > 0 { print $1 / $2 }' | bench_quant)
}

bench_fmt() {
	printf '%s [%s-%s]' "$med" "$q1" "$q3"
}

# bench_verdict LO HI GOAL: pass when the whole range is at or under the goal,
# miss when it is all above, noisy when it straddles it (or is undefined).
bench_verdict() {
	awk -v lo="$1" -v hi="$2" -v g="$3" 'BEGIN {
		if (lo == "inf" || hi == "inf" || lo == "nan" || hi == "nan") print "noisy"
		else if (hi + 0 <= g + 0) print "pass"
		else if (lo + 0 > g + 0) print "miss"
		else print "noisy" }'
}

bench_cost() {
	local o a
	GOAL=$3
	bench_sum "$1" "$(bench_base "$1")"
	o="$med $q1 $q3"
	bench_sum "$2" "$(bench_base "$2")"
	a="$med $q1 $q3"
	read -r ratio lo hi < <(awk -v o="$o" -v a="$a" 'BEGIN {
		split(o, x, " "); split(a, y, " ")
		r = (y[1] > 0) ? sprintf("%.2f", x[1] / y[1]) : "nan"
		# the anchor IQR must be clear of zero for the bounds to mean a ratio
		lo = (y[3] > 0) ? sprintf("%.2f", x[2] / y[3]) : "inf"
		hi = (y[2] > 0) ? sprintf("%.2f", x[3] / y[2]) : "inf"
		print r, lo, hi }')
	range="$lo to $hi"
	verdict=$(bench_verdict "$lo" "$hi" "${GOAL#<= }")
}

bench_goal() {
	GOAL=$1
	ratio=$(printf '%.2f' "$med")
	local lo hi
	lo=$(printf '%.2f' "$q1")
	hi=$(printf '%.2f' "$q3")
	range="$lo to $hi"
	verdict=$(bench_verdict "$lo" "$hi" "${GOAL#<= }")
}

bench_row() {
	printf 'BENCH\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" \
		"$ratio" "$GOAL" "$verdict" "$range"
}

bench_mem_row() {
	printf 'MEM\t%s\t%s\t%s\t%s\t%s\n' "$@"
}

bench_time() {
	local t0 t1
	t0=$EPOCHREALTIME
	"$@" >/dev/null 2>&1
	t1=$EPOCHREALTIME
	t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", b - a }')
}

bench_best() {
	local i v best=
	for ((i = 0; i < BENCH_BEST; i++)); do
		v=$("$@") || continue
		[ -n "$v" ] || continue
		if [ -z "$best" ] || awk -v a="$v" -v b="$best" 'BEGIN { exit !(a + 0 < b + 0) }'; then
			best=$v
		fi
	done
	echo "$best"
}

# bench_perf: the perf command that runs here, or nothing. Debian's
# linux-perf of bookworm installs the 6.1 perf as /usr/bin/perf itself; a
# /usr/bin/perf that is the version wrapper of linux-base execs
# perf_<major.minor> of the running kernel, which other kernels lack: then
# a perf_X.Y found is used directly (the 6.1 one reads newer kernels' events).
# It runs under timeout (10 minutes), so a perf that hangs costs one
# round's figure instead of the whole run.
bench_perf() {
	local p
	for p in perf /usr/bin/perf_[0-9]*; do
		command -v "$p" >/dev/null && "$p" version >/dev/null 2>&1 &&
			echo "timeout -k 10 600 $(command -v "$p")" && return 0
	done
	return 0
}

# wait_for FILE PATTERN [TENTHS]: until FILE has a line matching PATTERN
# (a tracer that says it is attached); 1 if it never does.
bench_wait_for() {
	local i
	for ((i = 0; i < ${3:-1200}; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# bench_stop PID: stop a tracer as its user would (Ctrl-C) and reap it;
# SIGINT again every 5 s (bpftrace 0.17 now and then misses one, see
# stop_bg in tests/vm/lib.sh); one still there 30 s later is killed and
# said so (a bench run on 6.12 once waited forever in round 6 of
# sched_probe.sh, the guest idle).
bench_stop() {
	local i
	kill -INT "$1" 2>/dev/null
	for ((i = 1; i <= 300; i++)); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
		((i % 50)) || kill -INT "$1" 2>/dev/null
	done
	if kill -0 "$1" 2>/dev/null; then
		echo "# $(ps -o comm= -p "$1") did not stop 30 s after SIGINT: killed" >&2
		kill -KILL "$1" 2>/dev/null
	fi
	wait "$1" 2>/dev/null
	return 0
}

bench_header() {
	echo "# $(uname -r), $BENCH_ROUNDS rounds; load inside the VM: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
}

bench_dump() {
	local f
	for f in "$BENCH_DIR"/*; do
		# a configuration's file holds numbers (or empty lines) only
		[ -f "$f" ] && ! grep -qv '^[-0-9.]*$' "$f" || continue
		echo "# per round, ${f##*/}: $(tr '\n' ' ' <"$f")" >&2
	done
}
