#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sched_probe.sh - the sched_probe suite, run in the lab VM as root: loads
# the module, checks its per-task counts against the kernel's own
# (/proc/<pid>/status voluntary_ctxt_switches / nonvoluntary_ctxt_switches,
# exact equality) for workloads that sleep, yield (64-bit, and through the
# 32-bit gate: int $0x80 on x86-64, an AArch32 program on arm64) and are
# preempted, and a reused PID; filter comm, disable/enable;
# timeslices against the scheduler's knobs (schedscope
# explain); the control file; the event stream (delivered + dropped ==
# generated == 2 x the task's switches), poll() on it; the tool's outputs
# (top with an interval, --json everywhere, why slices end in the timeline);
# agreement with the bpftrace companions on the same run; unload while
# readers wait in poll/select/epoll; load/unload under load with a
# streaming reader.
#
# Table-driven (ktap_run, at the end): each t_* function reports one result,
# in the order of the table. A set-up shared by several checks runs in the
# first of them and leaves its results in globals for the next ones.

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 1
. tests/vm/sched_probe/lib.sh

KO=modules/sched_probe/sched_probe.ko
ARCH=$(uname -m)
HAVE_JQ=$(command -v jq)
[ -n "$HAVE_JQ" ] || echo "# jq is missing: the JSON checks are skipped (apt-get install jq)"
W=$PROGS/sched_probe_work
R=$PROGS/sched_probe_reader
S=build/bin/schedscope
NSLEEP=200
NYIELD=2000
# The workload's comm: its name cut to 15 characters.
C=sched_probe_wor
bt1=.cache/sp_bt1.$$
bt2=.cache/sp_bt2.$$
bt3=.cache/sp_bt3.$$

need_files "$W" "$R" "$S"
on_exit 'rm -f .cache/sp_*.$$ .cache/sp_*.$$.svg'
load_mods sched_probe || { echo "Bail out! insmod $KO failed" && exit 1; }

# --- loading, files, defaults ---------------------------------------------
t_modes() {
	local modes
	ktap_diag "$SECONDS s"
	modes=$(stat -c '%n %a' $SP/* | sed 's|.*/||' | sort | tr '\n' ' ')
	ktap_expect "file modes (control root-only write, the rest root-only read)" \
		"control 200 cpus 400 events 400 hist 400 stats 400 status 400 " "$modes"
}

t_enabled() {
	ktap_expect "enabled after insmod, no filter" "enabled 1 filter none" \
		"$(head -n2 $SP/status | tr '\n' ' ' | sed 's/ $//')"
}

# hz: CONFIG_HZ of the running kernel, from its headers' .config (the lab
# VM links them as /lib/modules/<release>/build).
t_hz() {
	local hz cfg
	hz=$(awk '$1 == "hz" {print $2}' $SP/status)
	cfg=/lib/modules/$(uname -r)/build/.config
	if [ -f "$cfg" ]; then
		ktap_expect "status: hz is CONFIG_HZ of the headers' .config" \
			"$(sed -n 's/^CONFIG_HZ=//p' "$cfg")" "$hz"
	else
		ktap_skip "status: hz is CONFIG_HZ of the headers' .config" "no $cfg"
	fi
}

# preempt: the preemption model in force. With CONFIG_PREEMPT_DYNAMIC the
# kernel marks it in debugfs (sched/preempt: "none (voluntary) full");
# else it is the build's choice in the headers' .config.
t_preempt() {
	local got want cfg
	got=$(awk '$1 == "preempt" || $1 == "preempt_dynamic" {print $2}' $SP/status | paste -sd' ')
	cfg=/lib/modules/$(uname -r)/build/.config
	if [ -r /sys/kernel/debug/sched/preempt ]; then
		want=$(sed -n 's/.*(\([a-z]*\)).*/\1/p' /sys/kernel/debug/sched/preempt)
		ktap_expect "status: the preemption model is the one debugfs marks in sched/preempt ($(cat /sys/kernel/debug/sched/preempt))" \
			"$want 1" "$got"
	elif [ -f "$cfg" ]; then
		want=none
		grep -q '^CONFIG_PREEMPT_VOLUNTARY=y' "$cfg" && want=voluntary
		grep -q '^CONFIG_PREEMPT=y' "$cfg" && want=full
		grep -q '^CONFIG_PREEMPT_LAZY=y' "$cfg" && want=lazy
		grep -q '^CONFIG_PREEMPT_RT=y' "$cfg" && want=rt
		ktap_expect "status: the preemption model is the .config's (not dynamic)" "$want 0" "$got"
	else
		ktap_skip "status: the preemption model" "no debugfs sched/preempt and no $cfg"
	fi
}

t_stats_header() {
	local hdr ok=1 c
	hdr=$(head -n1 $SP/stats)
	for c in pid tgid comm voluntary involuntary runtime_ns; do
		[[ " $hdr " == *" $c "* ]] || ok=0
	done
	[ $ok = 1 ] && ktap_ok "stats header names pid tgid comm voluntary involuntary runtime_ns" ||
		ktap_fail "stats header" "$hdr"
}

# --- exactness: a process that sleeps N times ------------------------------
# t_sleeper_exact starts the sleeper ($pid); the next three check it.
t_sleeper_exact() {
	ktap_diag "$SECONDS s"
	pid=$(start_stopped $W -s sleep $NSLEEP)
	kill -CONT "$pid"
	expect_exact "sleeper: voluntary/involuntary == /proc/$pid/status" "$pid"
}

t_sleeper_voluntary() {
	local v
	v=$(sp_field "$pid" voluntary)
	# A sleep whose timer fires before the task reaches schedule() blocks
	# nothing (a stalled TCG vCPU makes that common), so not every sleep is a
	# voluntary switch; most are.
	[ "${v:-0}" -ge $((NSLEEP / 2)) ] && ktap_ok "sleeper: $v voluntary switches for $NSLEEP sleeps" ||
		ktap_fail "sleeper: voluntary >= $((NSLEEP / 2))" "got '$v'"
}

t_sleeper_hist() {
	local slices hsum
	slices=$(sp_field "$pid" slices)
	hsum=$(awk -v p="$pid" '$1 == p && $4 == "slice" {s = 0; for (i = 5; i <= NF; i++) s += $i; t = s}
		END {print t + 0}' $SP/hist)
	ktap_expect "sleeper: slice histogram counts every slice" "$slices" "$hsum"
}

t_exited_row() {
	local row
	finish "$pid"
	row=$(awk -v p="$pid" 'NR > 1 && $1 == p && $4 == 1' $SP/stats)
	[ -n "$row" ] && ktap_ok "an exited task keeps its row, marked exited" ||
		ktap_fail "exited row kept" "no exited row for $pid"
}

# A reused PID gets a new row: fork again with the same PID (ns_last_pid).
t_reused_pid() {
	local old=$pid try rows got k
	for try in $(seq 1 20); do
		echo $((old - 1)) >/proc/sys/kernel/ns_last_pid
		$W sleep 20 >/dev/null 2>&1 &
		pid=$!
		[ "$pid" = "$old" ] && break
		wait_stopped "$pid"
		finish "$pid"
	done
	if [ "$pid" = "$old" ]; then
		rows=$(awk -v p="$pid" 'NR > 1 && $1 == p' $SP/stats | wc -l)
		got=$(quiet_counts "$pid")
		k=${got#kernel: }
		[ "$rows" = 2 ] && [ "${k% module:*}" = "${got#*module: }" ] &&
			ktap_ok "reused PID $pid: a new row, exact counts ($got)" ||
			ktap_fail "reused PID $pid: a new row" "$rows rows; $got"
		finish "$pid"
	else
		# Another task took the PID first every time (seen on the slow debug kernel).
		ktap_skip "reused PID: a new row" "could not get PID $old again in 20 tries"
	fi
}

# --- exactness: two CPU hogs pinned to one CPU -----------------------------
# t_hog A|B: A starts both hogs ($a, $b) and lets them run to their stop.
t_hog() {
	if [ "$1" = A ]; then
		ktap_diag "$SECONDS s"
		a=$(start_stopped taskset -c 1 $W -s hog 200)
		b=$(start_stopped taskset -c 1 $W -s hog 200)
		kill -CONT "$a" "$b"
		wait_stopped "$a"
		wait_stopped "$b"
		expect_exact "hog A pinned with hog B: counts == /proc/$a/status" "$a"
	else
		expect_exact "hog B pinned with hog A: counts == /proc/$b/status" "$b"
	fi
}

# t_hog_waits A|B: the hog's run-queue waits, read while it is stopped:
# their number and sum are the scheduler's own, which /proc/<pid>/schedstat
# shows (its run time, the sum of its waits in ns, their number); the
# module's average is the floor of their quotient.
t_hog_waits() {
	local p=$a got want n sum
	[ "$1" = B ] && p=$b
	read -r _ sum n <"/proc/$p/schedstat"
	got="$(sp_field "$p" waits) $(sp_field "$p" wait_avg_ns)"
	want="$n $((n ? sum / n : 0))"
	[ "${n:-0}" -gt 0 ] && [ "$got" = "$want" ] &&
		ktap_ok "hog $1: run-queue waits and their average == /proc/$p/schedstat ($got)" ||
		ktap_fail "hog $1: run-queue waits == /proc/$p/schedstat" \
			"module: waits, avg '$got'; schedstat: $n waits, $sum ns"
}

t_hogs_preempted() {
	local ia ib
	ia=$(sp_field "$a" involuntary)
	ib=$(sp_field "$b" involuntary)
	[ "${ia:-0}" -gt 0 ] && [ "${ib:-0}" -gt 0 ] &&
		ktap_ok "both hogs were preempted ($ia and $ib involuntary)" ||
		ktap_fail "both hogs were preempted" "involuntary: '$ia' '$ib'"
	finish "$a" "$b"
}

# --- exactness: sched_yield loops on one CPU -------------------------------
# A calls the 64-bit sched_yield, B the one of the 32-bit gate, number 158:
# on x86-64 int $0x80 with eax = 158 (TS_COMPAT set, orig_ax in the ia32
# numbering), on arm64 an AArch32 program's svc #0 (compat, syscallno 158).
# t_yielder_a starts both ($a, $b); $b_ran: B reached its stop.
t_yielder_a() {
	ktap_diag "$SECONDS s"
	GATE32='int $0x80'
	[ "$ARCH" = aarch64 ] && GATE32='AArch32 svc #0'
	a=$(start_stopped taskset -c 0 $W -s yield $NYIELD)
	b=$(start_stopped taskset -c 0 $W -s yield32 $NYIELD)
	kill -CONT "$a" "$b"
	wait_stopped "$a"
	expect_exact "yielder A: counts == /proc/$a/status" "$a"
}

t_yielder_a_yields() {
	local ya na
	ya=$(sp_field "$a" yields)
	na=$(sp_field "$a" involuntary)
	# A yield that switches is counted involuntary (as the kernel does); CFS may
	# pick A again every time B is runnable but not due, so A can see 0 switching
	# yields (seen once in 20 runs): the timeline test below asserts 64-bit
	# yields end slices ('y').
	[ -n "$ya" ] && [ "$ya" -le "$NYIELD" ] && [ "$ya" -le "${na:-0}" ] &&
		ktap_ok "yielder A: $ya switching yields, <= $NYIELD calls, counted involuntary ($na)" ||
		ktap_fail "yielder A yields" "yields '$ya' involuntary '$na'"
}

t_yielder_b() {
	if wait_stopped "$b"; then
		b_ran=1
		expect_exact "32-bit yielder B: counts == /proc/$b/status" "$b"
	else
		b_ran=
		ktap_skip "32-bit yielder B: counts" "$GATE32 failed (ia32 emulation off, or no AArch32?)"
	fi
}

t_yielder_b_yields() {
	local yb nb hp b2
	if [ -n "$b_ran" ]; then
		yb=$(sp_field "$b" yields)
		nb=$(sp_field "$b" involuntary)
		if [ "${yb:-0}" = 0 ]; then
			# B yielded with nobody to switch to (A had finished, or CFS
			# picked B again each time; CI saw it once): again, with a hog
			# runnable on the same CPU.
			ktap_diag "yielder B: 0 switching yields ($nb involuntary); again beside a hog"
			taskset -c 0 $W hog 100000 >/dev/null 2>&1 &
			hp=$!
			b2=$(start_stopped taskset -c 0 $W -s yield32 $NYIELD)
			kill -CONT "$b2"
			wait_stopped "$b2"
			yb=$(sp_field "$b2" yields)
			nb=$(sp_field "$b2" involuntary)
			kill -KILL "$hp"
			wait "$hp" 2>/dev/null
			finish "$b2"
		fi
		[ "${yb:-0}" -gt 0 ] && [ "$yb" -le "$NYIELD" ] && [ "$yb" -le "${nb:-0}" ] &&
			ktap_ok "32-bit yielder B ($GATE32): $yb yields seen, counted involuntary ($nb)" ||
			ktap_fail "32-bit yielder B yields" "yields '$yb' involuntary '$nb'"
	else
		ktap_skip "32-bit yielder B: yields" "$GATE32 failed (ia32 emulation off, or no AArch32?)"
	fi
	finish "$a" "$b"
}

# --- timeslices against the scheduler's knobs --------------------------------
# t_explain_knobs runs schedscope explain: its JSON $ex (also checked by
# t_json_modes), the expected slice $lo .. $hi and the median $m.
t_explain_knobs() {
	local sched want lo_want hz
	ktap_diag "$SECONDS s"
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
	if [ -z "$HAVE_JQ" ]; then
		ktap_skip "explain: the knobs' arithmetic" "no jq in this root ($ARCH)"
		return
	fi
	exsvg=.cache/sp_ex.$$.svg
	ex=$($S --json explain -n 2 -d 0.4 -o "$exsvg")
	sched=$(echo "$ex" | jq -r .scheduler)
	want=EEVDF
	[ -e /sys/kernel/debug/sched/latency_ns ] && want=CFS
	# The arithmetic, redone here from the knobs: with 2 tasks, CFS gives
	# each latency/2 (2 <= latency/min_granularity), EEVDF base_slice.
	if [ $want = CFS ]; then
		lo_want=$(( $(cat /sys/kernel/debug/sched/latency_ns) / 2 ))
	else
		lo_want=$(cat /sys/kernel/debug/sched/base_slice_ns)
	fi
	read -r lo hi m hz < <(echo "$ex" | jq -r '"\(.expected_min_ns) \(.expected_max_ns) \(.measured_slice_ns) \(.hz)"')
	# ... and the end of the slice is the first tick at or after it.
	[ "$sched" = "$want" ] && [ "$lo" = "$lo_want" ] && [ $((hi - lo)) -ge 0 ] &&
		[ $((hi - lo)) -le $((1000000000 / ${hz:-1})) ] &&
		ktap_ok "explain: $sched knobs give a slice of $lo to $hi ns for 2 tasks" ||
		ktap_fail "explain: the knobs' arithmetic" "want $want $lo_want: $(echo "$ex" | head -c 400)"
}

# Only the tick preempts a hog for another hog (on EEVDF also any other
# scheduler event on that CPU once the slice is used up), so the median
# slice, from the event stream, lies between lo and the first tick after
# it (hi) on an idle host. Accept lo/2 .. 2*hi: slices cut short by page
# faults over 9p move a few slices down; a vCPU that the host does not run
# (TCG, other VMs on the machine) delivers the tick late and stretches the
# slice by up to a tick or more. A wrong clock (a 1000x unit error) or a
# hog not being preempted at all (slices of hundreds of ms) still fails.
t_explain_median() {
	if [ -z "$HAVE_JQ" ]; then
		ktap_skip "explain: median slice of 2 pinned hogs" "no jq in this root ($ARCH)"
		return
	fi
	[ "${m:-0}" -ge $((lo / 2)) ] && [ "${m:-0}" -le $((hi * 2)) ] &&
		ktap_ok "explain: median slice of 2 pinned hogs $m ns within [$((lo / 2)), $((hi * 2))]" ||
		ktap_fail "explain: timeslices vs knobs" "$(echo "$ex" | head -c 600)"
}

# The picture's legend counts each task's time inside the 100 ms drawn:
# no task above 100 %, and the two hogs pinned to one CPU fill most of
# it (a sum far above 100 % is time from outside the window).
t_explain_legend() {
	local pcts mx hogsum
	if [ -z "$HAVE_JQ" ]; then
		ktap_skip "explain -o: legend times in the window" "no jq in this root ($ARCH)"
		return
	fi
	pcts=$(sed -n 's/.*>[0-9]* \([^<]*\): [0-9.]* ms (\([0-9]*\)%)<.*/\1 \2/p' "$exsvg" 2>/dev/null)
	read -r mx hogsum < <(awk '$2 > m { m = $2 } $1 == "schedscope-hog" { h += $2 }
		END { print m + 0, h + 0 }' <<<"$pcts")
	rm -f "$exsvg"
	[ -n "$pcts" ] && [ "$mx" -le 100 ] && [ "$hogsum" -ge 60 ] && [ "$hogsum" -le 101 ] &&
		ktap_ok "explain -o: legend times lie in the window drawn (hogs $hogsum %, max $mx %)" ||
		ktap_fail "explain -o: legend times in the window" "$pcts"
}

# The bpftrace companions ($b1, $b2, $b3) compile (slow under TCG) while the next
# sections run: started by t_control_garbage, compared by t_bt_hog.
start_bpftrace() {
	bpftrace scripts/bpftrace/sched_probe_switches.bt >$bt1 2>&1 &
	b1=$!
	bpftrace scripts/bpftrace/sched_probe_timeslice.bt >$bt2 2>&1 &
	b2=$!
	bpftrace scripts/bpftrace/sched_probe_runqlat.bt >$bt3 2>&1 &
	b3=$!
}

# --- control file -----------------------------------------------------------
# $status_before: the status before the malformed commands.
t_control_garbage() {
	local bad=0 cmd err
	start_bpftrace
	ktap_diag "$SECONDS s"
	ctl disable
	status_before=$(head -n2 $SP/status)
	for cmd in garbage "" "reset now" "enable 1" "filter" "filter pid" "filter pid 0" \
		"filter pid -3" "filter pid 12x" "filter pid 99999999" "filter comm" \
		"filter comm abcdefghijklmnopq" "filter comm a b" "filter none x" \
		"filter bogus 1" "RESET" "$(head -c 200 /dev/zero | tr '\0' a)"; do
		if err=$(printf '%s\n' "$cmd" 2>&1 >$SP/control); then
			bad=1 && ktap_diag "accepted: '$cmd'"
		elif [[ $err != *"Invalid argument"* ]]; then
			bad=1 && ktap_diag "'$cmd': $err"
		fi
	done
	[ $bad = 0 ] && ktap_ok "17 malformed commands fail with EINVAL" ||
		ktap_fail "malformed commands fail with EINVAL"
}

t_control_unchanged() {
	ktap_expect "after them nothing changed" "$status_before" "$(head -n2 $SP/status)"
}

t_disabled_no_count() {
	local s1 s2
	s1=$(cpu_sum switches)
	sleep 0.3
	s2=$(cpu_sum switches)
	ktap_expect "disabled: no switch counted" "$s1" "$s2"
}

t_control_nonroot() {
	local out
	out=$(setpriv --reuid=65534 --regid=65534 --clear-groups sh -c "echo reset > $SP/control" 2>&1)
	[ $? -ne 0 ] && [[ $out == *"ermission denied"* ]] &&
		ktap_ok "control refuses a non-root user" ||
		ktap_fail "control refuses a non-root user" "$out"
	ctl enable
}

# --- filter comm --------------------------------------------------------------
# The workload's comm is its name cut to 15 characters ($C); a shell loop of
# other names runs alongside and must not appear. $fc_want: the deltas of the
# task's /proc/<pid>/status over the run.
t_filter_comm_names() {
	local other k0 k1 names
	ktap_diag "$SECONDS s"
	pid=$(start_stopped taskset -c 1 $W -s sleep 50)
	( while :; do sleep 0.01; done ) &
	other=$!
	ctl "filter comm $C"
	ctl reset
	k0=$(status_counts "$pid")
	kill -CONT "$pid"
	wait_stopped "$pid"
	quiet_counts "$pid" >/dev/null
	k1=$(status_counts "$pid")
	{ kill -KILL $other && wait $other; } 2>/dev/null
	fc_want="$(( ${k1% *} - ${k0% *} )) $(( ${k1#* } - ${k0#* } ))"
	names=$(awk 'NR > 1 {print $3}' $SP/stats | sort -u | tr '\n' ' ')
	ktap_expect "filter comm: only rows named $C" "$C " "$names"
}

t_filter_comm_counts() {
	ktap_expect "filter comm: counts == /proc/$pid/status deltas" "$fc_want" "$(sp_counts "$pid")"
	ctl "filter none"
	finish "$pid"
}

# --- enable after disable -----------------------------------------------------
# A sleeps 60 times while disabled: no row. After enable, B (new) is counted
# exactly, and so is A's second batch of 60 sleeps: its row, made when it
# resumes, equals the deltas of /proc/<pid>/status over that batch.
# ($k0: A's counts after the first batch.)
t_disabled_no_row() {
	local rows
	ktap_diag "$SECONDS s"
	ctl reset
	ctl disable
	a=$(start_stopped taskset -c 1 $W -s sleep2 60)
	kill -CONT "$a"
	quiet_counts "$a" >/dev/null
	k0=$(status_counts "$a")
	rows=$(awk -v p="$a" 'NR > 1 && $1 == p' $SP/stats | wc -l)
	ktap_expect "disabled: ${k0% *} voluntary switches of $a, none counted (no row)" "0" "$rows"
}

t_enabled_new_task() {
	ctl enable
	b=$(start_stopped taskset -c 1 $W -s sleep 30)
	kill -CONT "$b"
	expect_exact "enabled again: counting resumes exactly for a new task $b" "$b"
}

t_enabled_second_batch() {
	local k1 want
	kill -CONT "$a"
	quiet_counts "$a" >/dev/null
	k1=$(status_counts "$a")
	want="$(( ${k1% *} - ${k0% *} )) $(( ${k1#* } - ${k0#* } ))"
	ktap_expect "enabled again: $a's second batch counted exactly (status deltas)" "$want" "$(sp_counts "$a")"
	finish "$a" "$b"
}

# --- filter pid and the event stream ----------------------------------------
# t_filter_pid_only runs the task ($pid, $delta: its switches); the stream
# checks drain what it generated.
t_filter_pid_only() {
	local k0 k1 others
	ktap_diag "$SECONDS s"
	pid=$(start_stopped taskset -c 1 $W -s sleep 6000)
	ctl "filter pid $pid"
	ctl reset
	k0=$(status_counts "$pid")
	kill -CONT "$pid"
	quiet_counts "$pid" >/dev/null
	k1=$(status_counts "$pid")
	delta=$(( ${k1% *} + ${k1#* } - ${k0% *} - ${k0#* } ))
	others=$(awk -v p="$pid" 'NR > 1 && $1 != p && $2 != p' $SP/stats | wc -l)
	ktap_expect "filter pid: only the task's own row" "0" "$others"
}

# $gen, $drop: the module's counts; $drained: what the reader got.
t_stream_generated() {
	gen=$(cpu_sum ev_generated)
	drop=$(cpu_sum ev_dropped)
	drained=$($R drain "$pid")
	ktap_expect "stream: generated == 2 x switches of the task ($delta)" "$((2 * delta))" "$gen"
}

t_stream_drops() {
	local n mine badrec
	n=$(echo "$drained" | awk '{print $2}')
	mine=$(echo "$drained" | awk '{print $4}')
	badrec=$(echo "$drained" | awk '{print $6}')
	[ "$n" = "$mine" ] && [ "$badrec" = 0 ] && [ $((n + drop)) = "$gen" ] && [ "$drop" -gt 0 ] &&
		ktap_ok "stream: delivered $n + dropped $drop == generated $gen, no reader: drops counted" ||
		ktap_fail "stream: delivered + dropped == generated" "$drained dropped $drop generated $gen"
	finish "$pid"
}

# --- poll() on the stream -----------------------------------------------------
# Filter on a stopped sleeper: nothing is generated, so poll() must time out;
# once it runs, a poll() already waiting must report input (woken by the
# module's 10 ms timer, never by the probe); a poll()-driven reader gets every
# record: delivered + dropped == generated.
t_poll_timeout() {
	local got
	ktap_diag "$SECONDS s"
	pid=$(start_stopped taskset -c 1 $W -s sleep 300)
	ctl "filter pid $pid"
	ctl reset
	got=$($R poll 300 "$pid" | tr '\n' ' ')
	ktap_expect "poll: no event, poll() times out" "poll 0 revents 0x0 records 0 pid 0 bad 0 " "$got"
}

t_poll_woken() {
	local poller got n
	$R poll 30000 "$pid" >.cache/sp_poll.$$ &
	poller=$!
	wait_until -t 30 in_poll $poller
	kill -CONT "$pid"
	wait $poller
	got=$(tr '\n' ' ' <.cache/sp_poll.$$)
	rm -f .cache/sp_poll.$$
	n=$(awk '{print $6}' <<<"$got")
	[[ $got == "poll 1 revents 0x1 records "* ]] && [ "${n:-0}" -gt 0 ] &&
		ktap_ok "poll: a waiting poll() reports input once the task switches ($got)" ||
		ktap_fail "poll: woken by data" "$got"
	wait_stopped "$pid"
	finish "$pid"
}

t_poll_reader() {
	local poller got gen drop n mine badrec wakes
	pid=$(start_stopped taskset -c 1 $W -s sleep 300)
	ctl "filter pid $pid"
	ctl reset
	taskset -c 0 $R pollread 120 "$pid" >.cache/sp_poll.$$ &
	poller=$!
	kill -CONT "$pid"
	wait_stopped "$pid"
	sleep 0.2
	kill -USR1 $poller
	wait $poller
	got=$(cat .cache/sp_poll.$$)
	rm -f .cache/sp_poll.$$
	gen=$(cpu_sum ev_generated)
	drop=$(cpu_sum ev_dropped)
	read -r n mine badrec wakes < <(awk '{print $2, $4, $6, $8}' <<<"$got")
	[ "$n" = "$mine" ] && [ "$badrec" = 0 ] && [ $((n + drop)) = "$gen" ] && [ "${wakes:-0}" -gt 0 ] &&
		ktap_ok "poll reader: delivered $n + dropped $drop == generated $gen, $wakes wakeups" ||
		ktap_fail "poll reader: delivered + dropped == generated" "$got dropped $drop generated $gen"
	finish "$pid"
	ctl "filter none"
	ctl reset
}

# --- per-CPU data -----------------------------------------------------------
t_cpus() {
	local t0 t1 idle sw ncpu
	ktap_diag "$SECONDS s"
	t0=$(date +%s%N)
	ctl reset
	sleep 0.5
	idle=$(cpu_sum idle_ns)
	t1=$(date +%s%N)
	sw=$(cpu_sum switches)
	ncpu=$(nproc)
	[ "$sw" -gt 0 ] && [ "$idle" -gt 0 ] && [ "$idle" -le $(( (t1 - t0) * ncpu )) ] &&
		ktap_ok "cpus: $sw switches, $idle ns idle <= $ncpu CPUs x $(( t1 - t0 )) ns" ||
		ktap_fail "cpus: switches and idle time" "switches $sw idle $idle in $(( t1 - t0 )) ns"
}

# --- the tool -----------------------------------------------------------------
# t_tool_json runs a sleeper ($pid, $k: the kernel's "voluntary involuntary").
t_tool_json() {
	local got
	ktap_diag "$SECONDS s"
	pid=$(start_stopped taskset -c 1 $W -s sleep 100)
	kill -CONT "$pid"
	k=$(quiet_counts "$pid")
	k=${k#kernel: }
	k=${k% module:*}
	if [ -n "$HAVE_JQ" ]; then
		got=$($S --json -p "$pid" | jq -r '.[0] | "\(.voluntary) \(.involuntary)"')
		ktap_expect "schedscope --json -p: the kernel's counts" "$k" "$got"
	else
		ktap_skip "schedscope --json -p: the kernel's counts" "no jq in this root ($ARCH)"
	fi
}

t_tool_table() {
	local row
	row=$($S -p "$pid" | awk -v p="$pid" '$1 == p {print $4, $5}')
	ktap_expect "schedscope table: VOL INVOL of the task" "$k" "$row"
}

t_tool_hist() {
	local slices hs
	slices=$(sp_field "$pid" slices)
	if [ -n "$HAVE_JQ" ]; then
		hs=$($S --json -p "$pid" hist | jq '[.timeslice[].count] | add')
		ktap_expect "schedscope hist --json: one count per slice" "$slices" "$hs"
	else
		ktap_skip "schedscope hist --json: one count per slice" "no jq in this root ($ARCH)"
	fi
	finish "$pid"
}

# Terminal lanes: each column shows the task that ran most of it, '.' when the
# CPU was mostly idle. Two hogs pinned to CPU 1 share it (one alone would never
# be switched out, leaving no event to draw); CPU 0 runs only the (mostly
# sleeping) reader, so its lane is mostly idle.
t_timeline_lanes() {
	local hog1 hog2 lanes hl l1 l0 e1 h1 i0 p1
	taskset -c 1 sh -c 'while :; do :; done' &
	hog1=$!
	taskset -c 1 sh -c 'while :; do :; done' &
	hog2=$!
	wait_until -t 30 has_comm sh $hog1 $hog2
	lanes=$(taskset -c 0 $S timeline -d 0.5 -w 60)
	kill -KILL $hog1 $hog2
	wait $hog1 $hog2 2>/dev/null
	hl=$(awk -v p=$hog1 -v q=$hog2 '$2 == "=" && ($3 == p || $3 == q) { printf "%s", $1 }' <<<"$lanes")
	l1=$(sed -n 's/^CPU1 *|\(.*\)|$/\1/p' <<<"$lanes")
	l0=$(sed -n 's/^CPU0 *|\(.*\)|$/\1/p' <<<"$lanes")
	e1=$(awk '/^CPU1 / {getline; print}' <<<"$lanes")
	h1=$(tr -cd "${hl:-#}" <<<"$l1" | wc -c)
	i0=$(tr -cd '.' <<<"$l0" | wc -c)
	p1=$(tr -cd 'p' <<<"$e1" | wc -c)
	[ ${#hl} = 2 ] && [ "$h1" -ge 48 ] && [ "$i0" -ge 30 ] && [ "$p1" -ge 5 ] &&
		ktap_ok "timeline lanes: hogs '$hl' fill CPU1 ($h1/60), preempted ($p1 'p' ends), CPU0 mostly idle ($i0/60)" ||
		ktap_fail "timeline lanes: hogs fill CPU1, CPU0 mostly idle" "$lanes"
}

# Why slices end, on a known workload on CPU 1: two hogs (preempted), two
# yielders (yielded: a lone yielder on CFS often gets itself picked again,
# which is no switch), a sleeper (slept), children that exit (exited). The same
# reasons in the JSON (per task), the SVG (titles and end marks) and the
# terminal (the ends line under the lane). t_timeline_json runs the workload
# and keeps the JSON $tl, the SVG $svgf, the lanes $tl_lanes and the
# sleeper's number of slices $nz for the next checks.
t_timeline_json() {
	local h h2 y y2 z x eh ey ez nx
	taskset -c 1 $W hog 100000 >/dev/null 2>&1 &
	h=$!
	taskset -c 1 $W hog 100000 >/dev/null 2>&1 &
	h2=$!
	taskset -c 1 $W yield 100000000 >/dev/null 2>&1 &
	y=$!
	taskset -c 1 $W yield 100000000 >/dev/null 2>&1 &
	y2=$!
	taskset -c 1 $W sleep 100000 >/dev/null 2>&1 &
	z=$!
	taskset -c 1 $W exit 100000 >/dev/null 2>&1 &
	x=$!
	wait_until -t 30 has_comm $C $y $y2 $z $x
	svgf=.cache/sp_tl.$$.svg
	# 2 s each: on the debug kernel (KASAN under TCG) the exit workload's
	# fork and exit take most of a second (1 exit in a 1 s window, none in
	# 0.3 s), and a window without one has no "exited" slice. The lanes are
	# 200 columns (10 ms): an exit marks its whole column, and 60 columns
	# of 33 ms on the stock kernel (37 exits a second) left one 'y'.
	tl=$(taskset -c 0 $S --json timeline -d 2 -o "$svgf")
	tl_lanes=$(taskset -c 0 $S timeline -d 2 -w 200)
	kill -KILL $h $h2 $y $y2 $z $x
	wait $h $h2 $y $y2 $z $x 2>/dev/null
	if [ -n "$HAVE_JQ" ]; then
		read -r eh ey ez nz nx < <(jq -r --argjson h $h --argjson h2 $h2 --argjson y $y --argjson y2 $y2 \
			--argjson z $z --argjson x $x '
			def ends($p; $q): [.slices[] | select(.pid == $p or .pid == $q) | .end] | unique | join(",");
			"\(ends($h; $h2)) \(ends($y; $y2)) \(ends($z; $z)) \([.slices[] | select(.pid == $z)] | length) \([.slices[] | select(.end == "exited" and .comm == "'$C'" and .pid != $x)] | length)"' <<<"$tl")
		[[ $eh == *preempted* ]] && [[ $ey == *yielded* ]] && [[ $ez == *slept* ]] && [ "${nx:-0}" -gt 0 ] &&
			ktap_ok "timeline --json: hogs '$eh', yielders '$ey', sleeper '$ez', $nx exits" ||
			ktap_fail "timeline --json: why slices end" "hog $h '$eh' yielder '$ey' sleeper '$ez' exits '$nx' $(jq -c '{records, dropped, n: [.slices[] | select(.cpu == 1) | "\(.pid) \(.end)"] | group_by(.) | map("\(.[0]) \(length)")}' <<<"$tl")"
	else
		ktap_skip "timeline --json: why slices end" "no jq in this root ($ARCH)"
	fi
}

# End marks by shape (userspace/schedscope/draw_svg.c): a triangle when
# preempted, a circle when slept, a diamond when yielded, a cross (two
# lines) when exited; the legend draws one of each, so a lane has a reason's
# mark when its shape is drawn more often than that. ($rects: the SVG's
# rectangles, for t_timeline_sleeper.)
t_timeline_svg() {
	local marks='' cols='' r i n shapes
	for r in preempted slept yielded exited; do
		grep -q ", $r</title>" "$svgf" 2>/dev/null && marks="$marks $r"
	done
	shapes=(triangle '<polygon points="[^ "]* [^ "]* [^ "]*" fill="#000"' 1
		circle '<circle .* stroke="#000" stroke-width="2"' 1
		diamond '<polygon points="[^ "]* [^ "]* [^ "]* [^ "]*" fill="#000"' 1
		cross '<line .* stroke="#000" stroke-width="3"' 2)
	for ((i = 0; i < ${#shapes[@]}; i += 3)); do
		n=$(grep -c "${shapes[i + 1]}" "$svgf" 2>/dev/null)
		[ "${n:-0}" -gt "${shapes[i + 2]}" ] && cols="$cols ${shapes[i]}"
	done
	rects=$(grep -c '<rect' "$svgf" 2>/dev/null)
	rm -f "$svgf"
	ktap_expect "timeline SVG: slices titled and end-marked with each reason" \
		" preempted slept yielded exited triangle circle diamond cross" "$marks$cols"
}

t_timeline_sleeper() {
	if [ -n "$HAVE_JQ" ]; then
		[ "${nz:-0}" -ge 5 ] && [ "${rects:-0}" -gt "$nz" ] &&
			ktap_ok "timeline: $nz slices of the sleeper, SVG with $rects rects" ||
			ktap_fail "timeline: slices of a sleeper" "slices '$nz' rects '$rects'"
	else
		ktap_skip "timeline: slices of a sleeper, SVG rects" "no jq in this root ($ARCH)"
	fi
}

t_timeline_ends() {
	local e1
	e1=$(awk '/^CPU1 / {getline; print}' <<<"$tl_lanes")
	[[ $e1 == " ends |"*x* ]] && [[ $e1 == *y* ]] &&
		ktap_ok "timeline lanes: CPU1's ends line shows exits (x) and yields (y): $e1" ||
		ktap_fail "timeline lanes: ends line" "$tl_lanes"
}

# top with an interval: one table per refresh, rows sorted by run time, only
# the tasks asked for (-c, -p). Two hogs and a sleeper of the same name.
# t_top_json runs both: the JSON $js, the text $top_txt of -p $top_pid.
t_top_json() {
	local tb tz topper chk
	ctl reset
	taskset -c 1 $W hog 100000 >/dev/null 2>&1 &
	top_pid=$!
	taskset -c 1 $W hog 100000 >/dev/null 2>&1 &
	tb=$!
	taskset -c 1 $W sleep 1000000 >/dev/null 2>&1 &
	tz=$!
	wait_until -t 30 has_comm $C $top_pid $tb $tz
	taskset -c 0 $S -p "$top_pid" top 1 2 >.cache/sp_top.$$ &
	topper=$!
	js=$(taskset -c 0 $S --json -c $C top 1 2)
	wait $topper
	top_txt=$(cat .cache/sp_top.$$)
	rm -f .cache/sp_top.$$
	kill -KILL $top_pid $tb $tz
	wait $top_pid $tb $tz 2>/dev/null
	if [ -n "$HAVE_JQ" ]; then
		chk=$(jq -s --arg c $C '[length == 2,
			all(.[]; length >= 3 and all(.[]; .comm == $c)),
			all(.[]; . as $a | all(range(1; length); $a[. - 1].runtime_ns >= $a[.].runtime_ns)),
			all(.[]; .[0].runtime_ns > 0)] | all' <<<"$js")
		ktap_expect "top --json -c $C 1 2: 2 refreshes, only $C, sorted by runtime_ns" "true" "$chk"
	else
		ktap_skip "top --json -c 1 2: 2 refreshes, sorted by runtime_ns" "no jq in this root ($ARCH)"
	fi
}

t_top_p() {
	local heads others mine
	heads=$(grep -c '^ *PID ' <<<"$top_txt")
	others=$(awk -v p="$top_pid" '$1 ~ /^[0-9]+$/ && $1 != p' <<<"$top_txt" | wc -l)
	mine=$(awk -v p="$top_pid" '$1 == p' <<<"$top_txt" | wc -l)
	[ "$heads" = 2 ] && [ "$others" = 0 ] && [ "$mine" = 2 ] &&
		ktap_ok "top -p $top_pid 1 2: 2 tables, each with the one task" ||
		ktap_fail "top -p 1 2" "$top_txt"
}

# --json on every mode (top and timeline, explain and hist checked above).
t_json_modes() {
	local ok=
	if [ -z "$HAVE_JQ" ]; then
		ktap_skip "--json on every mode" "no jq in this root ($ARCH)"
		return
	fi
	jq -e 'type == "array" and length > 0' <<<"$($S --json)" >/dev/null && ok="$ok top"
	jq -se 'length == 2 and all(.[]; type == "array")' <<<"$js" >/dev/null && ok="$ok top-interval"
	jq -e '.tasks > 0 and (.timeslice | type == "array") and (.runq_wait | type == "array")' \
		<<<"$($S --json hist)" >/dev/null && ok="$ok hist"
	jq -e '.records > 0 and .dropped >= 0 and (.slices | length > 0)' <<<"$tl" >/dev/null && ok="$ok timeline"
	jq -e '(.hogs | length) == 2 and all(.hogs[]; .involuntary == .status_involuntary and
		.voluntary == .status_voluntary)' <<<"$ex" >/dev/null && ok="$ok explain"
	ktap_expect "--json on every mode (explain: hogs' counts == /proc/<pid>/status)" \
		" top top-interval hist timeline explain" "$ok"
}

# --- bpftrace companions on the same run ---------------------------------------
# A bpftrace that cannot start (it exits before "Tracing") skips the three
# comparisons, saying why (e.g. headers it cannot use, a tracepoint's format).
# bt_count FILE MAP PID: PID's count in a map printed by bpftrace.
bt_count() { awk -v k="@$2[$3]:" '$1 == k {print $2}' "$1"; }
# bt_silent (tests/vm/lib.sh): the companion printed no map.
# bt_skipped TITLE FILE: skip TITLE, saying why, and succeed when the
# companions did not start or the one writing FILE printed no map.
bt_skipped() {
	if [ -z "$bt_ok" ]; then
		ktap_skip "$1" "bpftrace did not start: $bt_why"
	elif bt_silent "$2"; then
		ktap_skip "$1" "bpftrace printed no map within 60 s of SIGINT (stopped after $bt_stop_s s)"
	else
		return 1
	fi
}
# bt_settled: the three companions trace, or one of them has exited.
bt_settled() {
	{ grep -q Tracing "$bt1" && grep -q Tracing "$bt2" && grep -q Tracing "$bt3"; } ||
		! { kill -0 "$b1" 2>/dev/null && kill -0 "$b2" 2>/dev/null &&
			kill -0 "$b3" 2>/dev/null; }
}
# bt_run (by the first comparison): two hogs ($a, $b) pinned to one CPU
# under the companions; their counts ($ka, $kb), slices ($sa, $sb) and
# waits ("number average", $wa, $wb).
# $bt_ok: the companions started; else $bt_why says why not.
bt_run() {
	bt_done=1
	ktap_diag "$SECONDS s"
	wait_until -t 120 bt_settled
	if ! grep -q Tracing "$bt1" || ! grep -q Tracing "$bt2" || ! grep -q Tracing "$bt3"; then
		stop_bg "$b1" "$b2" "$b3"
		bt_ok=
		bt_why=$(cat $bt1 $bt2 $bt3 | grep -v '^Tracing' | head -n 1 | cut -c1-160)
		return
	fi
	bt_ok=1
	a=$(start_stopped taskset -c 1 $W -s hog 200)
	b=$(start_stopped taskset -c 1 $W -s hog 200)
	kill -CONT "$a" "$b"
	ka=$(quiet_counts "$a")
	kb=$(quiet_counts "$b")
	sa=$(sp_field "$a" slices)
	sb=$(sp_field "$b" slices)
	wa="$(sp_field "$a" waits) $(sp_field "$a" wait_avg_ns)"
	wb="$(sp_field "$b" waits) $(sp_field "$b" wait_avg_ns)"
	bt_stop_s=$SECONDS
	stop_bg "$b1" "$b2" "$b3"
	bt_stop_s=$((SECONDS - bt_stop_s))
	ktap_diag "bpftrace companions printed their maps and exited in $bt_stop_s s"
}

t_bt_hog() { # 1|2
	local x k got
	[ -n "${bt_done:-}" ] || bt_run
	bt_skipped "bpftrace switches == module == kernel (hog $1)" $bt1 && return
	x="$a $ka"
	[ "$1" = 2 ] && x="$b $kb"
	set -- $x
	k="$3 $4 module: $6 $7"
	got="$(bt_count $bt1 voluntary "$1") $(bt_count $bt1 involuntary "$1")"
	# two hogs on one CPU preempt each other: 0 involuntary means no data
	[ "$got" = "$3 $4" ] && [ "$got" = "$6 $7" ] && [ "${4:-0}" -gt 0 ] &&
		ktap_ok "bpftrace switches == module == kernel for hog $1 ($got)" ||
		ktap_fail "bpftrace switches for hog $1" "bpftrace '$got' kernel $k"
}

t_bt_slices() {
	local got
	bt_skipped "bpftrace timeslice: slices per hog == module" $bt2 && return
	got="$(bt_count $bt2 slices "$a") $(bt_count $bt2 slices "$b")"
	if [ "${sa:-0}" -gt 0 ] && [ "${sb:-0}" -gt 0 ]; then
		[ "$got" = "$sa $sb" ] &&
			ktap_ok "bpftrace timeslice: slices per hog == module ($got)" ||
			ktap_fail "bpftrace timeslice: slices per hog == module" \
				"module '$sa $sb', bpftrace '$got' (stopped in $bt_stop_s s; its last line: $(tail -n 1 $bt2 | cut -c1-120))"
	else
		ktap_fail "bpftrace timeslice: slices per hog == module" \
			"the module counted no slice: '$sa $sb' (bpftrace '$got')"
	fi
}

# bt_waits "N AVG" PID: "N SUM" of the module's N waits of average AVG ns
# and "N SUM" of bpftrace's for PID.
bt_waits() {
	local n=${1% *} avg=${1#* }
	echo "${n:-0} $((${n:-0} * ${avg:-0})) $(bt_count $bt3 waits "$2") $(bt_count $bt3 wait_ns "$2")"
}

# The two hogs wait for each other: each switch between them ends the wait
# of one and starts the other's, and bpftrace reads its clock later in that
# switch than the scheduler. When the lab VM's CPU is frozen in between (the
# other vCPU's turn under single-threaded TCG, or the host busy: tens of ms,
# seen 40 ms), that time moves from one hog's waits to the other's in
# bpftrace's view, not from their total. So: the same number of waits per
# hog, the sums of the two hogs within 10 % (the scheduler starts a wait at
# the enqueue, bpftrace at the wakeup tracepoint just after).
t_bt_waits() {
	local got ma mb sa_m sb_m ba bb sa_b sb_b
	if ! bt_skipped "bpftrace runqlat: waits per hog == module" $bt3; then
		read -r ma sa_m ba sa_b <<<"$(bt_waits "$wa" "$a")"
		read -r mb sb_m bb sb_b <<<"$(bt_waits "$wb" "$b")"
		got="module $ma $mb waits in $((sa_m + sb_m)) ns, bpftrace ${ba:-none} ${bb:-none} in $((${sa_b:-0} + ${sb_b:-0})) ns"
		[ "${ma:-0}" -gt 0 ] && [ "${mb:-0}" -gt 0 ] && [ "$ba" = "$ma" ] && [ "$bb" = "$mb" ] &&
			[ $(((sa_b + sb_b - sa_m - sb_m) * 10)) -le $((sa_m + sb_m)) ] &&
			[ $(((sa_m + sb_m - sa_b - sb_b) * 10)) -le $((sa_m + sb_m)) ] &&
			ktap_ok "bpftrace runqlat: waits per hog == module, their sum within 10 % ($got)" ||
			ktap_fail "bpftrace runqlat: waits per hog == module" \
				"$got (per hog: module $sa_m $sb_m ns, bpftrace ${sa_b:-none} ${sb_b:-none} ns)"
	fi
	finish "$a" "$b"
	rm -f $bt1 $bt2 $bt3
}

# --- unload while readers wait in poll(), select() and epoll_wait() ----------
# Nothing arrives (filter on a stopped task); rmmod must wake them all and
# finish; each then reads end of file (woken before proc_remove() is done)
# or finds the file gone (EIO), never EAGAIN after poll said EPOLLHUP.
# $bl: the three readers.
pollers_waiting() { [ "$(cat .cache/sp_block.*.$$ | grep -c waiting)" = 3 ]; }
pollers_asleep() {
	local b st
	for b in $bl; do
		st=$(awk '{print $3}' /proc/$b/stat 2>/dev/null)
		[ "$st" = S ] || return 1
	done
}
pollers_alive() { local b; for b in $bl; do [ -d /proc/$b ] && return 0; done; return 1; }
pollers_gone() { ! pollers_alive; }
t_rmmod_pollers() {
	local how wch ok outs got
	ktap_diag "$SECONDS s"
	pid=$(start_stopped $W -s sleep 1)
	ctl "filter pid $pid"
	ctl reset
	bl=
	for how in poll select epoll; do
		$R block $how >.cache/sp_block.$how.$$ 2>&1 &
		bl="$bl $!"
	done
	wait_until -t 15 pollers_waiting
	wait_until -t 15 pollers_asleep
	wch=$(for b in $bl; do cat /proc/$b/wchan; echo -n ' '; done)
	ok=1
	rmmod sched_probe || ok=0
	wait_until -t 5 pollers_gone
	pollers_alive && ok=0 && kill -KILL $bl
	wait $bl 2>/dev/null
	outs=$(cat .cache/sp_block.poll.$$ .cache/sp_block.select.$$ .cache/sp_block.epoll.$$)
	got=$(grep -cE '^returned .* read (Input/output error|end of file)$' <<<"$outs")
	rm -f .cache/sp_block.*.$$
	[ $ok = 1 ] && [ "$got" = 3 ] &&
		ktap_ok "rmmod while poll(), select(), epoll_wait() wait ($wch): all 3 return" ||
		ktap_fail "rmmod with waiting pollers" "rmmod/exit ok=$ok, returned $got of 3; wchan $wch; $outs"
	insmod $KO
	finish "$pid"
}

# --- load/unload under load with a streaming reader -------------------------
# reader_opened N: the reader has opened the events file N times.
reader_opened() {
	[ "$(grep -c '^opened' .cache/sp_stream.$$)" -ge "$1" ]
}
t_reload_under_load() {
	local hogs='' i reader catter ok=1 why='' round st opens recs
	ktap_diag "$SECONDS s"
	for i in 1 2 3 4; do
		nice -n 5 $W hog 100000 >/dev/null 2>&1 &
		hogs="$hogs $!"
	done
	$R stream 120 >.cache/sp_stream.$$ 2>&1 &
	reader=$!
	( while [ ! -e .cache/sp_stop.$$ ]; do
		cat $SP/stats $SP/hist $SP/cpus >/dev/null 2>&1; done ) &
	catter=$!
	for round in 1 2 3; do
		wait_until -t 60 reader_opened $round || { ok=0 why="$why reader did not open (round $round)"; }
		sleep 0.3
		rmmod sched_probe || { ok=0 why="$why rmmod $round failed"; }
		sleep 0.3
		insmod $KO || { ok=0 why="$why insmod $round failed"; }
	done
	wait_until -t 60 reader_opened 4 || { ok=0 why="$why reader did not reopen"; }
	touch .cache/sp_stop.$$
	kill -USR1 $reader
	wait $reader $catter
	kill -KILL $hogs 2>/dev/null
	wait $hogs 2>/dev/null
	st=$(grep '^records' .cache/sp_stream.$$)
	rm -f .cache/sp_stream.$$ .cache/sp_stop.$$
	opens=$(echo "$st" | awk '{print $4}')
	recs=$(echo "$st" | awk '{print $2}')
	[ $ok = 1 ] && [ "${opens:-0}" = 4 ] && [ "${recs:-0}" -gt 0 ] &&
		ktap_ok "3 unload/reload cycles under 4 hogs and a streaming reader ($st)" ||
		ktap_fail "unload/reload under load" "$why; reader: $st"
}

# --- the end ----------------------------------------------------------------
t_rmmod() {
	ktap_diag "$SECONDS s"
	rmmod sched_probe && [ ! -e $SP ] && ktap_ok "rmmod removes /proc/sched_probe" ||
		ktap_fail "rmmod removes /proc/sched_probe"
}

ktap_run sched_probe t_modes t_enabled t_hz t_preempt t_stats_header \
	t_sleeper_exact t_sleeper_voluntary t_sleeper_hist t_exited_row t_reused_pid \
	"t_hog A" "t_hog B" "t_hog_waits A" "t_hog_waits B" t_hogs_preempted \
	t_yielder_a t_yielder_a_yields t_yielder_b t_yielder_b_yields \
	t_explain_knobs t_explain_median t_explain_legend \
	t_control_garbage t_control_unchanged t_disabled_no_count t_control_nonroot \
	t_filter_comm_names t_filter_comm_counts \
	t_disabled_no_row t_enabled_new_task t_enabled_second_batch \
	t_filter_pid_only t_stream_generated t_stream_drops \
	t_poll_timeout t_poll_woken t_poll_reader t_cpus \
	t_tool_json t_tool_table t_tool_hist t_timeline_lanes \
	t_timeline_json t_timeline_svg t_timeline_sleeper t_timeline_ends \
	t_top_json t_top_p t_json_modes \
	"t_bt_hog 1" "t_bt_hog 2" t_bt_slices t_bt_waits \
	t_rmmod_pollers t_reload_under_load t_rmmod
