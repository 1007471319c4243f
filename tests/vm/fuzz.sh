#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fuzz.sh - seeded fuzzing of every file the four modules let root write,
# and of the toy loader with mutated toy files. Runs inside the
# lab VM as root from the repository, with the suite built.
#
# The writable files are found with find(1) after insmod (the suite fails
# if they are not exactly the four it knows, so a new one cannot go
# unfuzzed): /proc/sched_probe/control, /proc/syscall_probe/control and the
# module parameters binfmt_demo.verbose and pagewalk.resched_pages; the
# modules create no device node. Each gets FUZZ_CASES seeded cases from
# tests/progs/fuzz_ctl (random bytes, long lines, near-miss commands,
# embedded NUL, partial writes, pwrite at offsets, zero-length writes,
# buffers running into an unmapped page), each write checked against a
# model of the documented grammar: result (bytes or errno) and readable
# state afterwards. Then a known-good command must still work. pagewalk's
# ioctl gets FUZZ_CASES cases from tests/progs/fuzz_xlate (random commands,
# addresses and bad pointers, frames compared with /proc/self/pagemap), and
# tests/progs/binfmt_demo_fuzz executes FUZZ_EXECS mutated headers of valid
# toy files as nobody, every refusal checked against include/toyexec.h.
#
# FUZZ_SEED=N repeats a run (the seed is printed); FUZZ_CASES (default 1500
# per file) and FUZZ_EXECS (default 500) set the size. Prints the total as a
# KTAP diagnostic "# fuzz cases: N".

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$ROOT/tests/lib/ktap.sh"
. "$ROOT/tests/vm/lib.sh"
cd "$ROOT" || exit 1

P=$ROOT/build/tests/progs
TOY=$ROOT/build/toy
SEED=${FUZZ_SEED:-$(od -An -tu4 -N4 /dev/urandom | tr -d ' ')}
NCASES=${FUZZ_CASES:-1500}
NEXECS=${FUZZ_EXECS:-500}
mods="binfmt_demo pagewalk sched_probe syscall_probe"

need_files "$P/fuzz_ctl" "$P/fuzz_xlate" "$P/binfmt_demo_fuzz" "$TOY/hello.toy" "$TOY/greet.toy"
echo "# seed $SEED (FUZZ_SEED=$SEED repeats this run), $NCASES cases per file, $NEXECS toy execs"

W=$(mktemp -d /tmp/fuzz.XXXXXX)
chmod 755 "$W"
trace=/proc/sys/debug/exception-trace
old_trace=$(cat $trace)
on_exit 'rm -rf "$W"'
on_exit 'for m in $mods; do rmmod "$m"; done'
on_exit 'echo "$old_trace" >$trace'
total=0

t_load() {
	local ok=1 m
	for m in $mods; do
		insmod "modules/$m/$m.ko" || ok=
	done
	if [ -n "$ok" ]; then ktap_ok "the four modules load"; else ktap_fail "the four modules load"; fi
}

# 1. every writable file is one the suite knows (so none goes unfuzzed)
t_writable() {
	local devs
	find /proc/binfmt_demo /proc/pagewalk /proc/sched_probe /proc/syscall_probe \
		/sys/module/{binfmt_demo,pagewalk,sched_probe,syscall_probe}/parameters \
		-perm -u+w -type f 2>/dev/null | sort >"$W/writable"
	devs=$(grep -E 'binfmt_demo|pagewalk|sched_probe|syscall_probe' /proc/devices /proc/misc)
	ktap_expect "writable files: the 2 control files and 2 parameters, no device" \
		"/proc/sched_probe/control /proc/syscall_probe/control /sys/module/binfmt_demo/parameters/verbose /sys/module/pagewalk/parameters/resched_pages|" \
		"$(tr '\n' ' ' <"$W/writable" | sed 's/ $//')|$devs"
}

# fuzz KIND FILE STATEFILE: one KTAP result
fuzz() {
	local kind=$1 file=$2 state=$3 rc out k v
	out=$("$P/fuzz_ctl" "$kind" "$file" "$state" "$SEED" "$NCASES" 2>"$W/err")
	rc=$?
	local -A r
	while read -r k v; do r[$k]=$v; done <<<"$out"
	total=$((total + ${r[cases]:-0}))
	echo "# ${SECONDS}s elapsed after $file"
	if [ $rc = 0 ] && [ "${r[cases]}" = "$NCASES" ] && [ "${r[mismatches]}" = 0 ]; then
		ktap_ok "fuzz $file: $NCASES cases (${r[writes]} writes, ${r[accepted]} accepted, ${r[faults]} bad buffers), each result and state as documented"
	else
		ktap_fail "fuzz $file: $NCASES cases, each result and state as documented" \
			"rc=$rc $(tr '\n' ' ' <<<"$out") $(head -n 20 "$W/err")"
	fi
}

# 2. sched_probe control, then a known-good command still works
t_fuzz_sched() {
	dmesg -c >/dev/null
	fuzz sched /proc/sched_probe/control /proc/sched_probe/status
}

# The oracle has teeth: sched_probe's file judged by syscall_probe's grammar
# (which takes "filter pid N children", tabs, blanks around words) must
# show mismatches.
t_model_teeth() {
	local n
	n=$("$P/fuzz_ctl" syscall /proc/sched_probe/control /proc/sched_probe/status "$SEED" 300 2>/dev/null |
		awk '$1 == "mismatches" { print $2 }')
	ktap_check "the checker catches a wrong grammar: sched_probe judged as syscall_probe gives mismatches (${n:-none})" \
		test "${n:-0}" -gt 0
}

sched_counting() {
	head -n 2 /proc/sched_probe/status | tr '\n' ' ' | grep -qx 'enabled 1 filter none ' &&
		[ "$(grep -c '' /proc/sched_probe/stats)" -gt 1 ]
}
t_sched_answers() {
	echo 'filter none' >/proc/sched_probe/control
	echo reset >/proc/sched_probe/control
	echo enable >/proc/sched_probe/control
	# (this shell's own commands switch tasks: the table fills)
	ktap_check "sched_probe answers after the fuzz: enabled, unfiltered, counting switches" \
		wait_until sched_counting
}

# 3. syscall_probe control
t_fuzz_syscall() {
	fuzz syscall /proc/syscall_probe/control /proc/syscall_probe/status
}

t_syscall_answers() {
	echo 'filter comm fuzz_known' >/proc/syscall_probe/control
	echo reset >/proc/syscall_probe/control
	echo enable >/proc/syscall_probe/control
	cp /bin/true "$W/fuzz_known"
	"$W/fuzz_known"
	echo disable >/proc/syscall_probe/control
	ktap_check "syscall_probe answers after the fuzz: a filtered program's exit_group is counted" \
		sh -c "awk '\$3 == \"fuzz_known\" && \$5 == \"exit_group\" && \$7 == 1' /proc/syscall_probe/stats | grep -q ."
	echo 'filter none' >/proc/syscall_probe/control
}

# 4. the parameters
t_fuzz_bool() {
	local p=/sys/module/binfmt_demo/parameters/verbose
	# The kernel's kstrtobool() decides what a bool parameter takes; newer
	# kernels also take e[nable]/d[isable]: tell the model which this one is.
	if echo e >"$p" 2>/dev/null; then
		export FUZZ_KSTRTOBOOL_ED=1
		ktap_diag "this kernel's kstrtobool() takes e/d (enable/disable)"
	fi
	echo 0 >"$p"
	fuzz bool "$p" "$p"
}

t_binfmt_answers() {
	local p=/sys/module/binfmt_demo/parameters/verbose out
	echo 1 >"$p"
	dmesg -c >/dev/null
	out=$("$TOY/hello.toy")
	ktap_check "binfmt_demo answers after the fuzz: verbose=1 logs the load, hello.toy runs" \
		sh -c "[ '$out' = 'Hello from a toy executable!' ] && dmesg | grep -q 'binfmt_demo: loading .*hello.toy'"
	echo 0 >"$p"
}

t_fuzz_uint() {
	fuzz uint /sys/module/pagewalk/parameters/resched_pages \
		/sys/module/pagewalk/parameters/resched_pages
}

# A stopped process's listing, read with the smallest and the default
# resched_pages: the same lines (a running one, such as PID 1, may map or
# touch memory between the two reads). SIGSTOP takes effect when the
# process next returns to user space: wait until it has exec'ed sleep and
# is stopped (state T). Even then the kernel may clear a page's accessed
# bit between two reads (page aging; a CI run saw one 24K line split in
# three): so up to 5 pairs of reads, and the first pair that agrees passes.
# A walk that depended on resched_pages would differ in every pair.
t_pagewalk_answers() {
	local p=/sys/module/pagewalk/parameters/resched_pages a i s
	sleep 600 &
	s=$!
	on_exit "kill -9 $s"
	wait_until -t 30 sh -c "grep -qx sleep /proc/$s/comm"
	kill -STOP "$s"
	wait_until -t 30 sh -c "awk '{ exit \$3 != \"T\" }' /proc/$s/stat"
	for i in 1 2 3 4 5; do
		echo 1 >"$p"
		grep -v '^#' "/proc/pagewalk/$s" >"$W/walk1"
		echo 512 >"$p"
		grep -v '^#' "/proc/pagewalk/$s" >"$W/walk512"
		cmp -s "$W/walk1" "$W/walk512" && break
	done
	a=$(grep -c '' "$W/walk1")
	if [ "$a" -gt 0 ] && cmp -s "$W/walk1" "$W/walk512"; then
		ktap_ok "pagewalk answers after the fuzz: a stopped process's listing the same with resched_pages 1 and 512 ($a lines, pair $i)"
	else
		ktap_fail "pagewalk answers after the fuzz: a stopped process's listing the same with resched_pages 1 and 512 ($a lines)" \
			"$(diff "$W/walk1" "$W/walk512" | head -8)"
	fi
}

# pagewalk's ioctl on /proc/pagewalk/self (an input, though not a write)
t_fuzz_ioctl() {
	local out rc k v
	local -A xl
	out=$("$P/fuzz_xlate" "$SEED" "$NCASES" 2>"$W/err")
	rc=$?
	while read -r k v; do xl[$k]=$v; done <<<"$out"
	total=$((total + ${xl[cases]:-0}))
	echo "# ${SECONDS}s elapsed after the ioctl"
	if [ $rc = 0 ] && [ "${xl[cases]}" = "$NCASES" ] && [ "${xl[mismatches]}" = 0 ]; then
		ktap_ok "fuzz pagewalk's ioctl: $NCASES cases, every result as documented, frames equal to pagemap's"
	else
		ktap_fail "fuzz pagewalk's ioctl: $NCASES cases, every result as documented" \
			"rc=$rc $(tr '\n' ' ' <<<"$out") $(head -n 20 "$W/err")"
	fi
}

# 5. the modules log no line per bad write (at most a rate-limited few)
t_log_lines() {
	local n
	n=$(dmesg | grep -cE 'sched_probe|syscall_probe|pagewalk')
	ktap_check "the fuzzed writes logged at most 10 module lines (got $n)" test "$n" -le 10
}

# 6. the toy loader with mutated toy files
t_fuzz_toys() {
	local out rc k v
	local -A fz
	cp "$TOY"/hello.toy "$TOY"/greet.toy "$TOY"/brkgrow.toy "$W"/
	echo 0 >$trace # crashing fuzzed programs would log "general protection fault"
	out=$("$P/binfmt_demo_fuzz" "$SEED" "$NEXECS" "$W" "$W/hello.toy" "$W/greet.toy" "$W/brkgrow.toy" 2>"$W/err")
	rc=$?
	echo "$old_trace" >$trace
	while read -r k v; do fz[$k]=$v; done <<<"$out"
	total=$((total + ${fz[execs]:-0}))
	echo "# ${SECONDS}s elapsed after the toy execs"
	if [ $rc = 0 ] && [ "${fz[execs]}" = "$NEXECS" ] && [ "${fz[mismatches]}" = 0 ]; then
		ktap_ok "toy loader: $NEXECS mutated toy files (${fz[ran]:-0} ran, ${fz[not_ours]:-0} not ours), every refusal as include/toyexec.h predicts"
	else
		ktap_fail "toy loader: $NEXECS mutated toy files, every refusal as predicted" \
			"rc=$rc $(head -n 20 "$W/err") $(tr '\n' ' ' <<<"$out")"
	fi
}

t_toys_run() {
	ktap_check "binfmt_demo answers after the toy fuzz: hello.toy and greet.toy run" \
		sh -c "[ \"\$('$TOY/hello.toy')\" = 'Hello from a toy executable!' ] &&
			'$TOY/greet.toy' | grep -q 'Hello from toyvm!'"
}

t_counters() {
	ktap_check "binfmt_demo's counters add up after the fuzz" \
		awk '{ v[$1] = $2 } /^rejected_/ { r += $2 }
			END { exit !(v["examined"] == v["not_ours"] + v["loaded"] + v["handed_off"] + v["failed"] + v["rejected"] && r == v["rejected"]) }' \
		/proc/binfmt_demo/stats
}

t_unload() {
	local ok=1 m
	for m in $mods; do
		rmmod "$m" || ok=
	done
	if [ -n "$ok" ]; then ktap_ok "the four modules unload after the fuzz"; else ktap_fail "the four modules unload after the fuzz"; fi
	echo "# fuzz cases: $total"
	echo "# ${SECONDS}s elapsed"
}

ktap_run fuzz t_load t_writable t_fuzz_sched t_model_teeth t_sched_answers \
	t_fuzz_syscall t_syscall_answers t_fuzz_bool t_binfmt_answers t_fuzz_uint \
	t_pagewalk_answers t_fuzz_ioctl t_log_lines t_fuzz_toys t_toys_run t_counters t_unload
