#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# syscall_probe.sh - the syscall_probe module in the lab VM: exact counts,
# errors and abi of a known program against strace -c -f and the bpftrace
# companion; filters (following children, also reparented ones, never a
# reused pid); enable/disable/reset; control garbage; fork, execve,
# exit_group, kill-mid-call and re-enable-mid-call pairing; the stream's
# exact drop accounting under a storm; non-root visibility; load/unload
# under a 2-CPU storm; the ring file; systrace's modes checked with jq.
#
# The same suite runs on x86-64 and arm64 (make ARCH=arm64; the arm64 lab VM
# mounts build/arm64/ over build/bin and build/tests). What only one
# architecture has is tested there and skipped on the other: the ia32 gate
# (int $0x80) and x32 on x86-64; on arm64 the same known calls go through
# svc #0 written out (abi 64, the one gate of a 64-bit program) and an
# AArch32 program (tests/progs/a32.h) shows the compat abi. The ring file
# reads the privilege level: CPL 0 from cs on x86-64, EL1 (EL2 with VHE)
# from CurrentEL on arm64, where user code reading it gets SIGILL.
#
# Table-driven (ktap_run, at the end): each t_* function reports one result,
# in the order of the table (the numbers in the comments). A set-up shared
# by several checks runs in the first of them and leaves its results in
# globals for the next ones.

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 1

KO=modules/syscall_probe/syscall_probe.ko
PROG=build/tests/progs/syscall_probe_known
READER=build/tests/progs/syscall_probe_reader
SYSTRACE=build/bin/systrace
D=/proc/syscall_probe
COMM=syscall_probe_k
ARCH=$(uname -m)
# Per architecture: read's number (a gated program blocks in it) and open's
# name (arm64 has openat only).
if [ "$ARCH" = aarch64 ]; then
	NR_READ=63 OPEN=openat
else
	NR_READ=0 OPEN=open
fi
# jq_skip NAME: skips test NAME when jq is missing (the arm64 guest root).
jq_skip() {
	command -v jq > /dev/null && return 1
	ktap_skip "$1" "no jq in this root ($ARCH)"
}

ctl() { echo "$*" > $D/control; }
status() { awk -v k="$1" '$1 == k { print $2 }' $D/status; }
# Rows of process $1 as "nr name abi count errors errnos", sorted.
rows_of() {
	awk -v p="$1" 'NR > 1 && $2 == p { print $4, $5, $6, $7, $8, $12 }' \
		$D/stats | sort
}
field() { # field PID NAME ABI COLUMN: a column of one row of process PID
	awk -v p="$1" -v n="$2" -v a="$3" -v c="$4" \
		'NR > 1 && $2 == p && $5 == n && $6 == a { s += $c } END { print s + 0 }' \
		$D/stats
}
# in_read PID: PID is blocked in read.
in_read() { [ "$(cut -d' ' -f1 "/proc/$1/syscall")" = $NR_READ ]; }
# start_gated MODE: runs $PROG MODE waiting on fifo fd 3; sets $gpid.
start_gated() {
	rm -f $T/in $T/out
	mkfifo $T/in
	$PROG "$1" < $T/in > $T/out &
	gpid=$!
	exec 3> $T/in
	# Until it is blocked in its first read of the new image.
	wait_until -t 60 gated_in_read
}
gated_in_read() { [ "$(cat "/proc/$gpid/comm")" = $COMM ] && in_read "$gpid"; }
release() { echo >&3; }
# jnum NAME: every number "NAME":N of the JSON on stdin (json-c plain output).
jnum() { grep -o "\"$1\":[0-9-]*" | cut -d: -f2; }
finish_gated() { echo >&3; exec 3>&-; wait "$gpid"; }

need_files "$PROG" "$READER" "$SYSTRACE" build/tests/progs/demo_ring
T=$(mktemp -d /tmp/syscall_probe.XXXXXX)
# At exit: the gate closed, the storms killed and reaped, the module
# unloaded, $T removed (on_exit runs the last registered first).
# shellcheck disable=SC2016
on_exit 'rm -rf "$T"'
load_mods syscall_probe || { echo "Bail out! insmod $KO failed" && exit 1; }
on_exit 'wait'
# shellcheck disable=SC2016
on_exit 'kill $storm_pids'
on_exit 'exec 3>&-'

# 1-3: files, modes, the ring file, disabled after load.
t_modes() {
	local modes
	modes=$(stat -c '%n %a' $D/stats $D/control $D/status $D/stream $D/syscalls \
		$D/ring | sed 's|.*/||' | tr '\n' ' ')
	ktap_expect "files and modes" \
		"stats 444 control 200 status 444 stream 400 syscalls 444 ring 444 " "$modes"
}

t_ring() {
	local ring user
	if [ "$ARCH" = aarch64 ]; then
		# CurrentEL read in the kernel: EL1 (0x4), or EL2 (0x8) for a kernel
		# at the hypervisor's level (VHE); user code cannot read it: SIGILL.
		ring=$(cat $D/ring)
		user=$(build/tests/progs/demo_ring --json)
		[[ $ring =~ ^CurrentEL\ (0x4\ el\ 1|0x8\ el\ 2)$ ]] &&
			[ "$user" = '{"currentel":null,"signal":"SIGILL","el":0}' ] &&
			ktap_ok "ring: CurrentEL read in the kernel is EL1/EL2 ($ring), user code gets SIGILL" ||
			ktap_fail "ring: CurrentEL in the kernel EL1/EL2, SIGILL in user code" \
				"ring '$ring' demo_ring '$user'"
	else
		# The ring file reads cs in the kernel: CPL 0 (kernel CS 0x10); the
		# same read in a user program gives CPL 3.
		ktap_expect "ring: cs read in the kernel has CPL 0, in user code CPL 3" \
			"cs 0x0010 cpl 0 3" \
			"$(cat $D/ring) $(build/tests/progs/demo_ring --json | grep -o '"cpl":[0-9]*' | cut -d: -f2)"
	fi
}

t_disabled() {
	$PROG storm 20
	ktap_expect "disabled after load: no rows" "0 1" "$(status enabled) $(wc -l < $D/stats)"
}

# 4: garbage in the control file: EINVAL (ESRCH for no such pid), no change.
t_control_garbage() {
	local before bad=0 why='' cmd err
	before=$(cat $D/status)
	for cmd in "" "enable now" "enab" "filter" "filter pid" "filter pid 0" \
		"filter pid -3" "filter pid 12x" "filter pid 1 kids" "filter comm" \
		"filter comm abcdefghijklmnopq" "filter comm a b" "filter none x" \
		"reset reset" "$(head -c 200 /dev/zero | tr '\0' a)" "filter pid 2"; do
		err=$(printf '%s\n' "$cmd" 2>&1 > $D/control)
		[[ $err == *"Invalid argument"* ]] || { bad=1 why+="'${cmd:0:20}': $err; "; }
	done
	err=$(echo "filter pid 4000000" 2>&1 > $D/control)
	[[ $err == *"No such process"* ]] || { bad=1 why+="dead pid: $err; "; }
	[ "$before" = "$(cat $D/status)" ] || { bad=1 why+="status changed; "; }
	[ $bad = 0 ] && ktap_ok "control garbage: EINVAL/ESRCH, nothing changes" ||
		ktap_fail "control garbage: EINVAL/ESRCH, nothing changes" "$why"
}

# 5: only root controls; only root reads the stream.
t_nonroot_control() {
	local err n
	err=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		sh -c "echo enable > $D/control; cat $D/stream" 2>&1)
	n=$(grep -c "Permission denied" <<< "$err")
	ktap_expect "non-root cannot write control or read stream" "2 0" \
		"$n $(status enabled)"
}

# 6-9: exact counts, errors and abi of the known program; the read entered
# before enabling has no entry (unpaired); the blocked read counts on return.
t_known_rows() {
	local want
	start_gated known
	ctl filter pid $gpid
	ctl enable
	release
	wait_until grep -qs "done" $T/out
	if [ "$ARCH" = aarch64 ]; then
		# The 4 getpid and 2 write(-1) of the second gate are svc #0 too.
		want=$(sort <<< "64 write 64 3 2 9:2
56 openat 64 2 2 2:2
57 close 64 3 3 9:3
172 getpid 64 11 0 -
173 getppid 64 5 0 -")
	else
		want=$(sort <<< "1 write 64 1 0 -
2 open 64 2 2 2:2
20 getpid ia32 4 0 -
3 close 64 3 3 9:3
39 getpid 64 7 0 -
110 getppid 64 5 0 -
4 write ia32 2 2 9:2")
	fi
	ktap_expect "known program: exact rows (nr name abi count errors errnos)" \
		"$want" "$(rows_of $gpid)"
}

t_known_unpaired() {
	ktap_expect "call in flight when enabled is unpaired" 1 "$(status unpaired)"
}

t_known_released() {
	finish_gated
	ktap_expect "blocked read and exit_group counted after release" "1 1" \
		"$(field "$gpid" read 64 7) $(field "$gpid" exit_group 64 7)"
}

t_known_hist() {
	local hist_ok
	hist_ok=$(awk -v p="$gpid" 'NR > 1 && $2 == p && $5 != "exit_group" {
		n = 0; split($13, h, ","); for (i in h) { split(h[i], kv, ":"); n += kv[2] }
		if (n != $7 || $10 > $11 || $9 < $11) bad++ } END { print bad + 0 }' $D/stats)
	ktap_expect "histograms sum to count, min <= max <= total" 0 "$hist_ok"
}

# 10: odd ids: x32 bit (x32 is off on Debian: ENOSYS) and syscall(-1).
t_odd() {
	local want
	start_gated odd
	ctl reset
	ctl filter pid $gpid
	ctl enable
	release
	wait_until grep -qs "done" $T/out
	if [ "$ARCH" = aarch64 ]; then
		# No x32 on arm64: syscall(-1) only.
		want=$(sort <<< "-1 ? 64 1 1 38:1
64 write 64 1 0 -")
		ktap_expect "syscall(-1): own row, ENOSYS (no x32 on arm64)" "$want" "$(rows_of $gpid)"
	else
		want=$(sort <<< "-1 ? 64 1 1 38:1
1 write 64 1 0 -
39 getpid x32 1 1 38:1")
		ktap_expect "x32 bit and syscall(-1): own rows, ENOSYS" "$want" "$(rows_of $gpid)"
	fi
	finish_gated
	ctl disable
}

# 11: an AArch32 program on arm64 (the compat abi, 32-bit ARM numbers):
# the 64-bit execve pairs in the new image, then getpid (20) x4, write (4)
# x3 (2 EBADF), read (3) and exit_group (248), all compat.
t_compat() {
	local rc want
	if [ "$ARCH" != aarch64 ]; then
		ktap_skip "AArch32 program: compat rows" "arm64 only (x86-64: ia32 above)"
		return
	fi
	ctl reset
	rm -f $T/in $T/out
	mkfifo $T/in
	$PROG compat < $T/in > $T/out &
	gpid=$!
	exec 3> $T/in
	wait_until -t 60 in_read $gpid
	ctl filter pid $gpid
	ctl enable
	release
	wait_until grep -qs 'done\|AArch32' $T/out
	echo >&3
	exec 3>&-
	wait $gpid
	rc=$?
	ctl disable
	if [ "$(cat $T/out)" = "no AArch32" ]; then
		ktap_skip "AArch32 program: compat rows" "the kernel cannot run AArch32 code"
	else
		want=$(sort <<< "221 execve 64 1 0 -
20 getpid compat 4 0 -
4 write compat 3 2 9:2
3 read compat 1 0 -
248 exit_group compat 1 0 -")
		ktap_expect "AArch32 program: 64-bit execve, then compat rows (exit $rc)" \
			"$want 0" "$(rows_of $gpid) $rc"
	fi
}

# 12: strace -c -f on the same program agrees (calls, errors, 64 and ia32).
t_strace() {
	local spid st ours
	ctl disable
	ctl reset
	ctl filter comm $COMM
	ctl enable
	rm -f $T/in $T/out
	mkfifo $T/in
	strace -c -f -o $T/strace $PROG known < $T/in > $T/out &
	spid=$!
	exec 3> $T/in
	release
	wait_until grep -qs "done" $T/out
	echo >&3
	exec 3>&-
	wait $spid
	ctl disable
	# strace: "calls errors name" per table; ours summed per (abi, name).
	st=$(awk '/32 bit mode/ { abi = "ia32" } !abi { abi = "64" }
		$NF != "total" && $1 ~ /^[0-9.]+$/ && NF >= 5 {
			err = (NF == 6) ? $5 : 0; print abi, $NF, $4, err }' $T/strace |
		grep -E " (read|write|close|$OPEN|getpid|getppid) " | sort)
	ours=$(awk 'NR > 1 && $3 == "'$COMM'" { c[$6 " " $5] += $7; e[$6 " " $5] += $8 }
		END { for (k in c) print k, c[k], e[k] }' $D/stats |
		grep -E " (read|write|close|$OPEN|getpid|getppid) " | sort)
	ktap_expect "agrees with strace -c -f (abi name calls errors)" "$st" "$ours"
}

# 13: the bpftrace companion agrees on the same program (it reads curtask's
# thread_info, which needs the kernel's BTF: the debug kernel has none).
t_bpftrace() {
	local bpid bt ours
	if ! command -v bpftrace > /dev/null; then
		ktap_skip "agrees with bpftrace syscall_probe_count.bt" "no bpftrace"
		return
	elif [ ! -e /sys/kernel/btf/vmlinux ]; then
		ktap_skip "agrees with bpftrace syscall_probe_count.bt" "no BTF in $(uname -r) (curtask)"
		return
	fi
	ctl reset
	start_gated known
	ctl filter pid $gpid
	ctl enable
	# The test of a 32-bit caller is the architecture's (arm64: its own file).
	local script=scripts/bpftrace/syscall_probe_count.bt abi32=ia32
	[ "$ARCH" != aarch64 ] || script=${script%.bt}.arm64.bt abi32=compat
	bpftrace $script $gpid > $T/bt 2>&1 &
	bpid=$!
	wait_until grep -qs Tracing $T/bt
	release
	wait_until grep -qs "done" $T/out
	stop_bg $bpid
	ctl disable
	if bt_silent $T/bt; then
		ktap_skip "agrees with bpftrace syscall_probe_count.bt" \
			"bpftrace printed no map within 60 s of SIGINT"
		finish_gated
		return
	fi
	# The read blocked when bpftrace stops is counted at entry there, at
	# return here: compare the other calls.
	bt=$(sed -n 's/^@calls\[[0-9]*, [^,]*, \([a-z0-9]*\), \([0-9-]*\)\]: \([0-9]*\)$/\1 \2 \3/p' \
		$T/bt | sed "s/^32 /$abi32 /" | grep -v "^64 $NR_READ " | sort)
	ours=$(awk -v p=$gpid 'NR > 1 && $2 == p { print $6, $4, $7 }' $D/stats | sort)
	ktap_expect "agrees with bpftrace syscall_probe_count.bt (abi nr calls)" \
		"$bt" "$ours"
	finish_gated
}

# 14: filter comm: only that name; the storm's 100 getppid exactly.
t_filter_comm() {
	local others n
	ctl reset
	ctl filter comm $COMM
	ctl enable
	$PROG storm 100
	cat /proc/self/status > /dev/null
	ctl disable
	others=$(awk 'NR > 1 && $3 != "'$COMM'"' $D/stats | wc -l)
	n=$(awk 'NR > 1 && $3 == "'$COMM'" && $5 == "getppid" { s += $7 } END { print s + 0 }' $D/stats)
	ktap_expect "filter comm: 100 getppid, no other command" "100 0" "$n $others"
}

# 15-17: fork + execve + exit_group pairing; filter pid with and without
# children. The child makes 3 getppid, execs itself, makes 2 more: one row.
family() { # family [children]: sets $gpid and $kid (the child's pid)
	ctl reset
	start_gated family
	ctl filter pid $gpid $1
	ctl enable
	release
	wait_until grep -qs "done" $T/out
	finish_gated
	ctl disable
	kid=$(awk -v p=$gpid 'NR > 1 && $2 != p { print $2 }' $D/stats | sort -u | head -1)
}

t_family_parent() {
	family
	ktap_expect "filter pid without children: only the parent's rows" \
		"$gpid" "$(awk 'NR > 1 { print $2 }' $D/stats | sort -u | tr '\n' ' ' | sed 's/ $//')"
}

t_family_child() {
	family children
	ktap_expect "children: child's getppid 3+2 around execve, one execve, one exit_group" \
		"5 0 1 0 1" \
		"$(field "$kid" getppid 64 7) $(field "$kid" getppid 64 8) $(field "$kid" execve 64 7) $(field "$kid" execve 64 8) $(field "$kid" exit_group 64 7)"
}

# Unpaired: the gated read, and on x86-64 the child's first return from
# fork (arm64's ret_from_fork returns to user space without sys_exit).
t_family_unpaired() {
	if [ "$ARCH" = aarch64 ]; then
		ktap_expect "children: parent's wait4 and clone; 1 unpaired (gated read)" \
			"1 1 1" "$(field "$gpid" wait4 64 7) $(field "$gpid" clone 64 7) $(status unpaired)"
	else
		ktap_expect "children: parent's wait4 and fork; 2 unpaired (fork child, gated read)" \
			"1 1 2" "$(field "$gpid" wait4 64 7) $(field "$gpid" fork 64 7) $(status unpaired)"
	fi
}

# 18: execve by a thread other than the leader: it returns with the leader's
# pid (de_thread), and its entry moves along (sched_process_exec).
t_thread_execve() {
	ctl reset
	start_gated texec
	ctl filter pid $gpid
	ctl enable
	release
	wait $gpid
	exec 3>&-
	ctl disable
	ktap_expect "execve by a non-leader thread pairs, in the leader's pid; then 2 getppid" \
		"$gpid 1 0 2" \
		"$(awk -v p=$gpid 'NR > 1 && $2 == p && $5 == "execve" { print $1, $7, $8 }' $D/stats) $(field $gpid getppid 64 7)"
}

# 19: a process killed in the middle of a call: the call returns (an
# ERESTART* error) and is counted, then nothing else (no exit_group).
t_killed() {
	ctl reset
	ctl filter comm $COMM
	ctl enable
	rm -f $T/in $T/out
	mkfifo $T/in
	$PROG block < $T/in > $T/out &
	gpid=$!
	exec 3> $T/in
	wait_until grep -qs ready $T/out
	sleep 0.5
	kill -9 $gpid
	wait $gpid 2>/dev/null
	exec 3>&-
	ctl disable
	# 2 reads: the loader's and the killed one.
	ktap_diag "killed read row: $(awk -v p=$gpid 'NR > 1 && $2 == p && $5 == "read"' $D/stats)"
	ktap_expect "killed mid-read: read counted as 1 error, no exit_group" \
		"2 1 0" "$(field $gpid read 64 7) $(field $gpid read 64 8) $(field $gpid exit_group 64 7)"
}

# 20-21: filter pid N children follows a child that is reparented before
# its first system call (its parent, pinned with it to CPU 0 as SCHED_FIFO,
# exits before it can run) and never a process that reuses a pid number.
# t_orphan leaves tracing enabled for t_reuse; $kid: the orphan.
t_orphan() {
	ctl reset
	start_gated orphan
	ctl filter pid $gpid children
	ctl enable
	release
	wait_until grep -qs "orphan done" $T/out
	exec 3>&-
	wait $gpid
	kid=$(sed -n 's/^child //p' $T/out)
	ktap_expect "children: a child reparented before its first call is followed" \
		"3 1 0" "$(field "$kid" getppid 64 7) $(field "$kid" write 64 7) $(status filter_alive)"
}

# reuse PID: runs a 10-getppid storm as process PID (the next pid handed
# out is ns_last_pid + 1); prints the pid it got.
reuse() {
	local got
	# Another process may take the number first: up to 5 tries.
	for _ in 1 2 3 4 5; do
		echo $(($1 - 1)) > /proc/sys/kernel/ns_last_pid
		got=$(sh -c 'echo $$; exec "$0" storm 10' $PROG)
		[ "$got" = "$1" ] && break
	done
	echo "$got"
}

t_reuse() {
	if [ -w /proc/sys/kernel/ns_last_pid ]; then
		reuse $gpid > $T/reuse
		reuse "$kid" >> $T/reuse
		ctl disable
		ktap_expect "a reused pid number is not followed (filtered pid, child's pid)" \
			"$gpid $kid 0 3" \
			"$(tr '\n' ' ' < $T/reuse)$(field $gpid getppid 64 7) $(field "$kid" getppid 64 7)"
	else
		ctl disable
		ktap_skip "a reused pid number is not followed" "no ns_last_pid (CONFIG_CHECKPOINT_RESTORE)"
	fi
}

# 22: a child that already runs when tracing is enabled is followed too.
# (kid2_runs, kid2_counted: for wait_until)
kid2_runs() { [ "$(cat /proc/$kid2/comm 2>/dev/null)" = $COMM ]; }
kid2_counted() { [ "$(field "$kid2" getppid 64 7)" -gt 0 ]; }
t_running_child() {
	local shpid n
	ctl reset
	rm -f $T/kidpid
	sh -c "$PROG storm 100000000 & echo \$! > $T/kidpid; wait" &
	shpid=$!
	wait_until grep -qs . $T/kidpid
	kid2=$(cat $T/kidpid)
	storm_pids=$kid2
	wait_until -t 10 kid2_runs
	ctl filter pid $shpid children
	ctl enable
	wait_until -t 10 kid2_counted
	ctl disable
	n=$(field "$kid2" getppid 64 7)
	kill $kid2
	wait $shpid
	storm_pids=
	ktap_expect "children: a child that already runs at enable is followed" \
		"yes" "$([ "$n" -gt 0 ] && echo yes || echo "no ($n)")"
}

# 23: a call entered while tracing, still blocked across disable + enable,
# is not paired with its stale entry: reads = the loader's + the last one.
t_stale_entry() {
	ctl reset
	ctl filter comm $COMM
	ctl enable
	start_gated known
	ctl disable
	ctl enable
	release
	wait_until grep -qs "done" $T/out
	finish_gated
	ctl disable
	ktap_expect "call in flight across disable/enable: not paired, no bogus latency" \
		"2" "$(field $gpid read 64 7)"
}

# 24-25: enable/disable/reset semantics.
t_enable_disable() {
	local n1 n2
	ctl reset
	ctl filter comm $COMM
	$PROG storm 30
	n1=$(wc -l < $D/stats)
	ctl enable
	$PROG storm 30
	ctl disable
	$PROG storm 30
	n2=$(awk 'NR > 1 && $5 == "getppid" { s += $7 } END { print s + 0 }' $D/stats)
	ktap_expect "disabled counts nothing, enabled counts exactly" "1 30" "$n1 $n2"
}

t_reset() {
	local rows_after en n3
	ctl enable
	ctl reset
	rows_after=$(awk 'NR > 1' $D/stats | wc -l)
	en=$(status enabled)
	$PROG storm 7
	n3=$(awk 'NR > 1 && $5 == "getppid" { s += $7 } END { print s + 0 }' $D/stats)
	ctl disable
	ktap_expect "reset empties the table and keeps tracing" "0 1 7" "$rows_after $en $n3"
}

# 26-28: the stream under a 2-CPU storm with a small ring: delivered +
# dropped == generated, and generated == the calls counted in stats.
# t_stream_drops runs it; the reader's counts and the status stay in globals.
t_stream_drops() {
	local rpid s1 s2 i
	rmmod syscall_probe
	insmod $KO ring_records=64
	ctl filter comm $COMM
	$READER > $T/reader &
	rpid=$!
	wait_until grep -qs open $T/reader
	ctl enable
	$PROG storm 20000 &
	s1=$!
	$PROG storm 20000 &
	s2=$!
	wait $s1 $s2
	ctl disable
	for ((i = 0; i < 50; i++)); do
		kill -USR1 $rpid 2>/dev/null || break
		sleep 0.2
	done
	wait $rpid
	read -r _ delivered _ lost _ getppid _ noreturn _ bad < <(tail -1 $T/reader)
	gen=$(status stream_generated)
	drop=$(status stream_dropped)
	calls=$(awk 'NR > 1 { s += $7 } END { print s + 0 }' $D/stats)
	ktap_expect "stream: delivered + dropped == generated (dropped > 0)" \
		"$gen yes" "$((delivered + drop)) $([ "$drop" -gt 0 ] && echo yes || echo no)"
}

# Drops after the last record that fitted have no LOST record yet.
t_stream_lost() {
	ktap_expect "stream: LOST records <= dropped; status delivered == read" \
		"yes $delivered" "$([ "$lost" -le "$drop" ] && echo yes || echo no) $(status stream_delivered)"
}

t_stream_generated() {
	ktap_expect "stream: generated == calls in stats; sane records" \
		"$calls 0" "$gen $bad"
}

# 29: unload with a reader blocked in the stream: it gets EOF, unload works.
t_unload_reader() {
	local rpid rc
	$READER -b > $T/reader &
	rpid=$!
	wait_until grep -qs open $T/reader
	sleep 0.3
	rmmod syscall_probe
	rc=$?
	wait $rpid
	ktap_expect "unload with a blocked stream reader: reader gets EOF" \
		"0 read 0 " "$rc $(tail -1 $T/reader)"
}

# 30: non-root sees only its own uid's rows.
t_nonroot_rows() {
	local mine theirs all
	insmod $KO
	ctl enable
	setpriv --reuid=65534 --regid=65534 --clear-groups $PROG storm 5
	ctl disable
	mine=$(setpriv --reuid=65534 --regid=65534 --clear-groups cat $D/stats |
		awk 'NR > 1 && $3 == "'$COMM'" && $5 == "getppid" { s += $7 } END { print s + 0 }')
	theirs=$(setpriv --reuid=65534 --regid=65534 --clear-groups cat $D/stats |
		awk 'NR > 1 && $3 != "'$COMM'" && $3 != "cat" && $3 != "setpriv"' | wc -l)
	all=$(awk 'NR > 1 && $3 != "'$COMM'"' $D/stats | wc -l)
	ktap_expect "non-root sees its own rows only" "5 0 yes" \
		"$mine $theirs $([ "$all" -gt 0 ] && echo yes || echo no)"
	rmmod syscall_probe
}

# 31: load/unload cycles while enabled under a 2-CPU syscall storm, with
# the stats and the stream open.
t_cycles() {
	local ok=1 why='' round
	$PROG storm 100000000 &
	storm_pids=$!
	$PROG storm 100000000 &
	storm_pids+=" $!"
	for round in 1 2 3; do
		insmod $KO max_entries=64 || { ok=0 why="insmod $round" && break; }
		ctl enable || { ok=0 why="enable $round" && break; }
		exec 4< $D/stats
		$READER > /dev/null &
		sleep 0.3
		head -c 4096 <&4 > /dev/null
		rmmod syscall_probe || { ok=0 why="rmmod $round" && break; }
		exec 4<&-
		wait $!
	done
	kill $storm_pids
	wait $storm_pids 2>/dev/null
	storm_pids=
	[ $ok = 1 ] && ktap_ok "3 load/enable/unload cycles under a 2-CPU storm" ||
		ktap_fail "3 load/enable/unload cycles under a 2-CPU storm" "$why"
}

# 32: a full table counts what it could not track.
t_table_full() {
	local i full used
	insmod $KO max_entries=64
	ctl enable
	for i in 1 2 3 4 5 6 7 8 9 10; do $PROG storm 1; done
	ctl disable
	full=$(status rows_full)
	used=$(status rows_used)
	ktap_expect "max_entries=64: table full is counted" "yes yes" \
		"$([ "$full" -gt 0 ] && echo yes || echo no) $([ "$used" -le 64 ] && echo yes || echo no)"
	rmmod syscall_probe
}

# 33: latency against known durations: 5 runs of sleep 0.02 (each
# clock_nanosleep lasts at least 20 ms), free to wake on either CPU; their
# sum cannot exceed the wall time around them (date, CLOCK_REALTIME).
# A copy of sleep under its own name: no other sleep on the system counts.
t_latency() {
	local t0 t1 got
	cp "$(command -v sleep)" $T/sp_sleep
	insmod $KO
	ctl filter comm sp_sleep
	ctl enable
	t0=$(date +%s%N)
	for _ in 1 2 3 4 5; do $T/sp_sleep 0.02; done
	t1=$(date +%s%N)
	ctl disable
	got=$(awk -v w=$((t1 - t0)) 'NR > 1 && $5 == "clock_nanosleep" {
		n += $7; t += $9; if (!min || $10 < min) min = $10 }
		END { print n + 0, (min >= 20000000) ? "yes" : "no:" min,
			(t <= w) ? "yes" : "no:" t ">" w }' $D/stats)
	ktap_expect "5 sleeps of 20 ms: 5 calls, each >= 20 ms, sum <= wall time" \
		"5 yes yes" "$got"
	rmmod syscall_probe
}

# 34-46: the systrace tool; JSON checked with jq (skipped without it).
t_systrace_unloaded() {
	local err
	err=$($SYSTRACE -c -- true 2>&1)
	ktap_expect "systrace without the module says how to load it" \
		"systrace: module not loaded: sudo insmod modules/syscall_probe/syscall_probe.ko" "$err"
}

# -c system-wide (one entry, tgid -1) with -e: only the selected names;
# getpid through syscall (64) and through int $0x80 (ia32) are two entries
# (on arm64 both gates of the known program are svc #0: one entry).
# (The command's own "done" line shares stdout: keep the JSON lines.)
# The module is loaded again here for the checks that follow.
t_systrace_gates() {
	local json got want others
	insmod $KO
	jq_skip "systrace -c --json -e -- COMMAND: the gates apart, only -e names" && return
	json=$(printf '\n\n' | $SYSTRACE -c --json -e getpid,write,close -- $PROG known | grep '^{')
	got=$(jq -r '.processes[] | .tgid as $t | .syscalls[] |
		"\($t) \(.abi) \(.name) \(.calls) \(.errors)"' <<< "$json" |
		grep -v ' 64 close ' | sort)
	want=$(sort <<< "-1 64 getpid 7 0
-1 ia32 getpid 4 0
-1 64 write 1 0
-1 ia32 write 2 2")
	[ "$ARCH" = aarch64 ] && want=$(sort <<< "-1 64 getpid 11 0
-1 64 write 3 2")
	others=$(jq '[.processes[].syscalls[].name] - ["getpid", "write", "close"] | length' <<< "$json")
	ktap_expect "systrace -c --json -e -- COMMAND: 64 and ia32 getpid apart, only -e names" \
		"$want
0" "$got
$others"
}

# close(-1): the fd in hex as a register, or decoded as an int.
t_systrace_close() {
	local got
	got=$(printf '\n\n' | $SYSTRACE -e close,getppid -- $PROG known)
	ktap_expect "systrace stream: 3 close EBADF, 5 getppid lines, errno decoded" "3 5" \
		"$(grep -c '^[0-9]* *64 *close(\(0xf*\|-1\)[,)].*= -1 EBADF (Bad file descriptor) <' <<< "$got") $(grep -c ' getppid(' <<< "$got")"
}

t_systrace_hist() {
	local json got
	jq_skip "systrace -H --json --svg: histogram sums to its calls, drawn" && return
	json=$($SYSTRACE -H --json --svg $T/h.svg -e getppid -- $PROG storm 100)
	got=$(jq -r '.processes[0].syscalls[0] | "\(.name) \(.abi) \(.calls) \([.hist[].count] | add)"' <<< "$json")
	ktap_expect "systrace -H --json --svg: getppid histogram sums to its 100 calls, drawn" \
		"getppid 64 100 100 yes" \
		"$got $(grep -q '<rect x="200"' $T/h.svg && grep -q '^</svg>$' $T/h.svg && echo yes)"
}

t_systrace_nonroot() {
	local got
	got=$(setpriv --reuid=65534 --regid=65534 --clear-groups $SYSTRACE -c 1 1 2>&1)
	ktap_expect "systrace as non-root: control refused with a clear message" \
		"systrace: /proc/syscall_probe/control: Permission denied (run as root)" "$got"
}

# -c -P -p PID INTERVAL COUNT: only that process; -c 0.5 1: every process,
# added up (tgid -1).
t_systrace_pid() {
	local storm_pids_was json got calls got2
	jq_skip "systrace -c -P -p PID 1 1: only that process; -c 0.5 1: system-wide" && return
	$PROG storm 100000000 &
	storm_pids=$!
	storm_pids_was=$storm_pids
	json=$($SYSTRACE -c -P --json -p $storm_pids -e getppid 1 1)
	got=$(jq -r '[.processes[].tgid] | unique | map(tostring) | join(" ")' <<< "$json")
	calls=$(jq '[.processes[].syscalls[].calls] | add' <<< "$json")
	json=$($SYSTRACE -c --json -e getppid 0.5 1)
	got2=$(jq -r '"\([.processes[].tgid]) \([.processes[].syscalls[].calls] | add > 0)"' <<< "$json")
	kill $storm_pids
	wait $storm_pids 2>/dev/null
	storm_pids=
	ktap_expect "systrace -c -P -p PID 1 1: only that process; -c 0.5 1: system-wide" \
		"$storm_pids_was yes [-1] true" "$got $([ "$calls" -gt 0 ] && echo yes || echo no) $got2"
}

# -c -P -- COMMAND: the command and its child, one entry each.
t_systrace_family() {
	local json got
	jq_skip "systrace -c -P -- COMMAND: command and child per process" && return
	json=$(printf '\n\n' | $SYSTRACE -c -P --json -e getppid,execve,wait4 -- $PROG family | grep '^{')
	got=$(jq -r '.processes[] | [.syscalls[] | "\(.name):\(.calls)"] | sort | join(" ")' <<< "$json" | sort)
	ktap_expect "systrace -c -P -- COMMAND: command and child per process" \
		"execve:1 getppid:5
execve:1 wait4:1" "$got"
}

# INTERVAL [COUNT] with -- COMMAND: a summary per interval while it runs
# (8 getppid over >= 0.48 s, every 0.1 s), the last at its exit; nothing is
# lost between reports. With COUNT 2: two reports, then it runs untraced.
t_systrace_interval() {
	local json got n2
	jq_skip "systrace -c INTERVAL [COUNT] -- COMMAND: per-interval sums are exact" && return
	json=$($SYSTRACE -c --json -e getppid 0.1 -- $PROG paced 8 60)
	got=$(jq -s '"\([.[].processes[].syscalls[].calls] | add) \(length >= 4) \([.[].report] == [range(1; length + 1)])"' <<< "$json")
	n2=$($SYSTRACE -c --json -e getppid 0.1 2 -- $PROG paced 8 60 | jq -s length)
	ktap_expect "systrace -c INTERVAL [COUNT] -- COMMAND: per-interval sums are exact" \
		'"8 true true" 2' "$got $n2"
}

# The calls whose first string argument is a file path (the module captures
# it; strace prints it), for t_systrace_paths.
PATH_CALLS='open|openat|openat2|creat|stat|lstat|newfstatat|fstatat64|statx|access|faccessat|faccessat2|execve|execveat|readlink|readlinkat|unlink|unlinkat|mkdir|mkdirat|rmdir|chdir|chroot|rename|renameat|renameat2|link|linkat|symlink|symlinkat|statfs|truncate|chmod|fchmodat|chown|lchown|fchownat|utimensat'
# path_calls: "name "path" ret" for each file-path call among the lines of
# systrace (pid, abi, call) or strace -f (with or without the pid) on stdin:
# the first quoted argument, the return value after the last ") = ".
path_calls() {
	sed -n -E 's/^([0-9]+ +)?((64|ia32|x32|compat) +)?('"$PATH_CALLS"')\([^"]*("([^"\\]|\\.)*").*\) = ([^ ]+).*$/\4 \5 \7/p'
}

# 41: the same command under systrace and strace -f: every file-path call,
# in order, with the same name, path (as strace quotes it) and return value;
# a pointer the module could not read would show in hex and be missing from
# systrace's list. At least 6 calls (execve, access, openat, ...).
t_systrace_paths() {
	local cmd="/bin/cat /etc/hostname" ours theirs n
	ours=$($SYSTRACE -- $cmd 2> $T/paths.err | path_calls)
	strace -f -o $T/paths.strace -- $cmd > /dev/null
	theirs=$(path_calls < $T/paths.strace)
	n=$(grep -c . <<< "$ours")
	[ "$ours" = "$theirs" ] ||
		ktap_diag "strace: $(grep -cE "^([0-9]+ +)?($PATH_CALLS)\(" $T/paths.strace) path calls"
	ktap_expect "systrace -- $cmd: the file-path calls of strace -f ($n calls, >= 6): name, \"path\", return" \
		"$theirs
yes" "$ours
$([ "$n" -ge 6 ] && echo yes || echo no)"
}

# 42: write's buffer: its first bytes escaped as strace does (\t \n \" \\,
# octal with three digits before an octal digit), cut at -s 32 with "..."
# after the quote (the buffer is 50 bytes); the same line as strace -e write.
t_systrace_write_buf() {
	local fmt='a\tb\001c\0017\n"x"\\ 0123456789abcdefghijklmnopqrstuvwxyz\n' ours theirs
	ours=$($SYSTRACE -e write -- /usr/bin/printf "$fmt" |
		sed -n -E 's/^[0-9]+ +64 +(write\(.*) <[0-9.]+>$/\1/p')
	strace -e trace=write -o $T/write.strace -- /usr/bin/printf "$fmt" > /dev/null
	theirs=$(sed -n -E 's/^([0-9]+ +)?(write\(.*\) = [0-9]+)$/\2/p' $T/write.strace)
	ktap_expect "systrace write: buffer's first bytes escaped and cut like strace" \
		'write(1, "a\tb\1c\0017\n\"x\"\\ 0123456789abcdefghi"..., 50) = 50
write(1, "a\tb\1c\0017\n\"x\"\\ 0123456789abcdefghi"..., 50) = 50' "$ours
$theirs"
}

t_systrace_drops() {
	local got lines drops
	rmmod syscall_probe
	insmod $KO ring_records=64
	got=$($SYSTRACE -e getppid -- $PROG storm 20000)
	lines=$(grep -c ' getppid(' <<< "$got")
	drops=$(grep -c '^--- [0-9]* events dropped on CPU [0-9]* (ring full) ---$' <<< "$got")
	ktap_expect "systrace stream with ring_records=64: drop lines, fewer calls shown" \
		"yes yes" "$([ "$drops" -gt 0 ] && echo yes || echo no) $([ "$lines" -lt 20000 ] && echo yes || echo no)"
}

# Every call is shown or counted lost. Oracle: the storm's 20000 getppid and
# its other calls, counted by systrace -c (the module's counting path, not
# the ring; checked against strace -c above): $calls, for both checks.
# The storm runs without address randomization ($NORAND), in the oracle's
# run and in the streams: with it, the dynamic loader's calls differ from
# run to run (one munmap more or less, as an aligned mapping needs no trim).
NORAND="setarch $(uname -m) -R"
t_systrace_lost_e() {
	local json got
	jq_skip "systrace --json -e getppid stream: 20000 <= events + lost <= all calls" && return
	calls=$($NORAND $SYSTRACE -c --json -- $PROG storm 20000 |
		jq '[.processes[].syscalls[].calls] | add')
	json=$($NORAND $SYSTRACE --json -e getppid -- $PROG storm 20000)
	got=$(jq -s --argjson c "$calls" '([.[] | select(.lost) | .lost] | add) as $l |
		([.[] | select(.name == "getppid" and .abi == "64" and .ret > 0)] | length) as $e |
		"\($l > 0) \($e > 0 and $e < 20000) \($e + $l >= 20000 and $e + $l <= $c)"' <<< "$json")
	ktap_expect "systrace --json -e getppid stream: 20000 <= events + lost <= all $calls calls" \
		'"true true true"' "$got"
}

# Without -e: events + lost lines (per CPU, and the one at the end) == calls.
t_systrace_lost_all() {
	local json got ends
	if ! jq_skip "systrace --json stream: events + lost == calls"; then
		json=$($NORAND $SYSTRACE --json -- $PROG storm 20000)
		got=$(jq -s '([.[] | select(.lost) | .lost] | add) + ([.[] | select(.name)] | length)' <<< "$json")
		ends=$(jq -s '[.[] | select(.end)] | length' <<< "$json")
		ktap_expect "systrace --json stream: events + lost == $calls calls (lost at end: $ends line)" \
			"$calls" "$got"
	fi
	rmmod syscall_probe
}

ktap_run syscall_probe t_modes t_ring t_disabled t_control_garbage t_nonroot_control \
	t_known_rows t_known_unpaired t_known_released t_known_hist t_odd t_compat \
	t_strace t_bpftrace t_filter_comm t_family_parent t_family_child t_family_unpaired \
	t_thread_execve t_killed t_orphan t_reuse t_running_child t_stale_entry \
	t_enable_disable t_reset t_stream_drops t_stream_lost t_stream_generated \
	t_unload_reader t_nonroot_rows t_cycles t_table_full t_latency \
	t_systrace_unloaded t_systrace_gates t_systrace_close t_systrace_hist \
	t_systrace_nonroot t_systrace_pid t_systrace_family t_systrace_interval \
	t_systrace_paths t_systrace_write_buf t_systrace_drops t_systrace_lost_e t_systrace_lost_all
