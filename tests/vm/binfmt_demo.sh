#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# binfmt_demo.sh - the toy executable format, loaded for real by the kernel.
# Runs in the lab VM as root from the repo. Every program is started with
# execve() by tests/progs/binfmt_demo_exec (a shell would retry a refused
# file as a script). Oracles: the ELF program headers and entry point of the
# same program (readelf), the ELF build's output, /proc/<pid>/{maps,cmdline,
# environ,exe,auxv}, the documented error table below, and the fuzzer's own
# predictions (it applies include/toyexec.h's rules in userspace).
#
# BINFMT_DEMO_SEED=N repeats a fuzz run; BINFMT_DEMO_FUZZ=N sets its size.

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 1

ROOT=$PWD
KO=modules/binfmt_demo/binfmt_demo.ko
X=$ROOT/build/tests/progs/binfmt_demo_exec

# t_same_as_elf NAME: the toy and ELF builds of an example give the same
# output and exit status 0.
t_same_as_elf() {
	local elf toy
	elf=$("$X" "$W/$1.elf" 2>&1; echo "rc=$?")
	toy=$("$X" "$W/$1.toy" 2>&1; echo "rc=$?")
	if [ "$elf" = "$toy" ] && [[ $toy == *rc=0 ]]; then
		ktap_ok "$1: toy and ELF builds give the same output and status"
	else
		ktap_fail "$1: toy and ELF builds give the same output and status" \
			"ELF: $elf
toy: $toy"
	fi
}

CRAFT=$ROOT/build/tests/progs/binfmt_demo_craft
FUZZ=$ROOT/build/tests/progs/binfmt_demo_fuzz
TOY=$ROOT/build/toy
BIN=$ROOT/build/bin
STATS=/proc/binfmt_demo/stats
SEED=${BINFMT_DEMO_SEED:-$(od -An -tu4 -N4 /dev/urandom | tr -d ' ')}
NFUZZ=${BINFMT_DEMO_FUZZ:-2000}

# The documented error of each rule (docs/binfmt_demo.md, include/toyexec.h).
declare -A want=([short]=EIO [version]=ENOEXEC [machine]=ENOEXEC
	[header_size]=EINVAL [kind]=EINVAL [reserved]=EINVAL [nsegs]=EINVAL
	[seg_flags]=EINVAL [overflow]=EOVERFLOW [beyond_eof]=EIO [sizes]=EINVAL
	[align]=EINVAL [range]=ERANGE [overlap]=EEXIST [wx]=EACCES
	[bss_ro]=EACCES [entry]=EINVAL [interp]=EINVAL [caller_32bit]=ENOEXEC)

# Kernel log lines since mark_log (the log is never cleared: run-suites.sh
# scans all of it for splats afterwards).
mark_log() { log_mark=$(dmesg | wc -l); }
new_log() { dmesg | tail -n +$((log_mark + 1)); }
stat_get() { awk -v k="$1" '$1 == k { print $2 }' $STATS; }
entry_of() { readelf -h "$1" | awk '/Entry point/ { print $4 }'; }
# has_line FILE LINE: FILE holds LINE (for wait_until).
has_line() { grep -qx "$2" "$1" 2>/dev/null; }
# Counters partition: examined = not_ours+loaded+handed_off+failed+rejected.
stats_add_up() {
	awk '$1 == "examined" { e = $2 }
	     $1 ~ /^(not_ours|loaded|handed_off|failed|rejected)$/ { s += $2 }
	     $1 ~ /^rejected_/ { r += $2 } $1 == "rejected" { rr = $2 }
	     END { exit !(e == s && r == rr) }' $STATS
}

t_hello() {
	local out
	out=$("$X" "$W/hello.toy"; echo "rc=$?")
	ktap_expect "hello.toy prints its line and exits 0" \
		"Hello from a toy executable!
rc=0" "$out"
}

# A live toy process ($bg, printing "ready" into $W/sl.out), started once.
start_sleeper() {
	[ -z "$bg" ] || return 0
	"$X" -c "$@" "$W/sleeper.toy" sleeper 600 >"$W/sl.out" &
	bg=$!
	wait_until has_line "$W/sl.out" ready
}
stop_sleeper() {
	kill "$bg" 2>/dev/null
	wait "$bg" 2>/dev/null
	bg=
}

# --- arm64: the same module on an AArch64 kernel -----------------------------
# The x86-64 suite further down runs x86-64 programs. In an arm64 guest, the
# lab VM mounts the arm64 builds (make ARCH=arm64) at the usual paths:
# binfmt_demo/arm64.sh runs those examples instead.
bg=
if [ "$(uname -m)" = aarch64 ]; then
	. "$(dirname "$0")/binfmt_demo/arm64.sh"
	a_setup
	ktap_run binfmt_demo a_insmod a_kinds t_hello "t_same_as_elf hello" \
		"t_same_as_elf brkgrow" "t_same_as_elf ids" "t_same_as_elf exit0" \
		a_showargs a_auxv a_rmmod_busy a_x86_refused a_rmmod
	exit
fi

# --- x86-64 ------------------------------------------------------------------
setup() {
	local f
	# The examples are normally built on the host (make -C examples/toy).
	[ -x "$TOY/sleeper.toy" ] || make -s -C examples/toy >/dev/null 2>&1
	for f in "$X" "$CRAFT" "$FUZZ" "$BIN/mktoy" "$BIN/toydump" "$BIN/toyvm" \
		"$TOY/hello.toy" "$TOY/greet.toy" "$TOY/sleeper.toy"; do
		if [ ! -x "$f" ]; then
			echo "Bail out! $f missing: make -C userspace && make -C tests" \
				"&& make -C examples/toy"
			exit 1
		fi
	done
	W=$(mktemp -d /tmp/binfmt_demo.XXXXXX)
	chmod 755 "$W"
	cp "$TOY"/*.toy "$TOY"/*.elf "$W"/
	trace=/proc/sys/debug/exception-trace
	old_trace=$(cat $trace)
	on_exit 'rm -rf "$W"'
	on_exit '[ -z "$bg" ] || kill "$bg"'
	on_exit 'echo "$old_trace" >$trace'
	if ! insmod $KO; then
		echo "Bail out! insmod $KO failed"
		exit 1
	fi
	# One malformed file per validation rule ("RULE FILE" lines).
	mkdir "$W/bad"
	"$CRAFT" "$W/hello.toy" "$W/greet.toy" "$W/bad" >"$W/bad.list" ||
		echo "# craft: some file does not break its rule (see above)"
}

# --- load, /proc files -------------------------------------------------------
t_modes() {
	local modes
	modes=$(stat -c '%a' /proc/binfmt_demo/stats /proc/binfmt_demo/kinds | tr '\n' ' ')
	ktap_expect "insmod; /proc/binfmt_demo/{stats,kinds} are 0444" "444 444 " "$modes"
}

t_kinds() {
	local kinds
	kinds=$(awk '{ print $1, $2, $3 }' /proc/binfmt_demo/kinds | tr '\n' ';')
	ktap_expect "kinds lists native and interpreted with the magic" \
		"native magic b7544f59;interpreted magic b7544f59;" "$kinds"
}

# --- the examples, against their ELF builds ----------------------------------
t_brkgrow() {
	ktap_expect "brkgrow.toy grows the heap 1 MiB with brk and shrinks it" \
		"brk start page-aligned yes
brk grew by 1048576 bytes, 0 bad bytes
brk shrink ok" "$("$X" "$W/brkgrow.toy")"
}

t_syscalls() {
	ktap_expect "syscalls.toy: same syscalls via syscall and int \$0x80" \
		"write via syscall
write via int \$0x80
getpid same both ways: yes" "$("$X" "$W/syscalls.toy")"
}

t_showargs() {
	local entry out
	entry=$(entry_of "$W/showargs.elf")
	out=$("$X" -c -e A=1 -e "B=two words" "$W/showargs.toy" showargs x "y z"; echo "rc=$?")
	ktap_expect "showargs.toy: argc/argv/envp, aligned stack, auxv, exit 3" \
		"argc 3
argv[0] showargs
argv[1] x
argv[2] y z
envp[0] A=1
envp[1] B=two words
stack_aligned yes
auxv AT_PAGESZ 0x1000
auxv AT_ENTRY $entry
auxv AT_EXECFN $W/showargs.toy
auxv AT_RANDOM 16 bytes
rc=3" "$out"
}

# --- a live toy process: maps, cmdline, environ, exe, auxv --------------------
no_sleeper() { # NAME: the check fails for want of the process
	ktap_fail "$1" "sleeper.toy never printed ready: $(cat "$W/sl.out")"
}

t_maps() {
	local name="maps: each segment has its ELF permissions (r--/r-x/r--/rw-)"
	local ok=1 why= type va fsz flg start perm line got _
	start_sleeper -e LANG=toy || { no_sleeper "$name" && return; }
	while read -r type _ va _ fsz _ flg; do
		[ "$type" = LOAD ] || continue
		start=$(printf '%08x' $((va & ~0xfff)))
		perm=$( ([[ $flg == *R* ]] && echo r || echo -)
			([[ $flg == *W* ]] && echo w || echo -)
			([[ $flg == *E* ]] && echo x || echo -))
		perm=$(echo $perm | tr -d ' ')p
		line=$(grep "^$start-" /proc/$bg/maps)
		got=$(echo "$line" | awk '{ print $2 }')
		if [ "$got" != "$perm" ]; then
			ok=0 why+="segment at 0x$start: want $perm, got '$got'; "
		elif [ $((fsz)) -gt 0 ] && [[ $line != *"$W/sleeper.toy" ]]; then
			ok=0 why+="segment at 0x$start not mapped from the toy file; "
		fi
	done < <(readelf -lW "$W/sleeper.elf" | awk '$1 == "LOAD" { f = $7; if ($8 != "0x1000") f = f $8; print $1, $2, $3, $4, $5, $6, f }')
	grep -q '\[stack\]$' /proc/$bg/maps || { ok=0 why+="no [stack]; "; }
	[ $ok = 1 ] && ktap_ok "$name" || ktap_fail "$name" "$why$(cat /proc/$bg/maps)"
}

t_cmdline() {
	[ -n "$bg" ] || { no_sleeper "cmdline is argv" && return; }
	ktap_expect "cmdline is argv" "sleeper|600|" "$(tr '\0' '|' </proc/$bg/cmdline)"
}

t_environ() {
	[ -n "$bg" ] || { no_sleeper "environ is envp" && return; }
	ktap_expect "environ is envp" "LANG=toy|" "$(tr '\0' '|' </proc/$bg/environ)"
}

t_exe() {
	[ -n "$bg" ] || { no_sleeper "exe is the toy file" && return; }
	ktap_expect "exe is the toy file" "$W/sleeper.toy" "$(readlink /proc/$bg/exe)"
}

t_auxv() {
	local name="auxv: AT_PAGESZ 4096, AT_ENTRY = ELF entry, AT_RANDOM, AT_NULL" aux ent
	[ -n "$bg" ] || { no_sleeper "$name" && return; }
	aux=$(od -An -tu8 -w16 -v /proc/$bg/auxv | awk '{ printf "%s=%s ", $1, $2 }')
	ent=$(($(entry_of "$W/sleeper.elf")))
	if [[ " $aux" == *" 6=4096 "* ]] && [[ " $aux" == *" 9=$ent "* ]] &&
		[[ " $aux" == *" 25="* ]] && [[ " $aux" != *" 25=0 "* ]] &&
		[[ "$aux" == *" 0=0 " ]]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "$aux"
	fi
}

t_rmmod_busy() {
	local err
	[ -n "$bg" ] || { no_sleeper "rmmod refused while a toy process lives" && return; }
	err=$(rmmod binfmt_demo 2>&1)
	if [ $? -ne 0 ] && [ -d /sys/module/binfmt_demo ]; then
		ktap_ok "rmmod refused while a toy process lives"
	else
		ktap_fail "rmmod refused while a toy process lives" "$err"
		insmod $KO
	fi
	stop_sleeper
}

t_rmmod_after() {
	if rmmod binfmt_demo && [ ! -e /proc/binfmt_demo ]; then
		ktap_ok "rmmod works once it exited"
	else
		ktap_fail "rmmod works once it exited"
	fi
	insmod $KO
}

# --- verbose log line -----------------------------------------------------------
t_verbose_load() {
	local line
	echo 1 >/sys/module/binfmt_demo/parameters/verbose
	mark_log
	"$X" "$W/hello.toy" >/dev/null
	echo 0 >/sys/module/binfmt_demo/parameters/verbose
	line=$(new_log | grep -o "binfmt_demo: loading.*")
	ktap_expect "verbose=1 logs the load" \
		"binfmt_demo: loading $W/hello.toy: 4 segments, entry $(entry_of "$W/hello.elf")" "$line"
}

# --- the interpreted kind ---------------------------------------------------------
t_greet() {
	local out
	greet_before=$(stat_get handed_off)
	out=$("$X" "$W/greet.toy" greet one "two 2"; echo "rc=$?")
	ktap_expect "greet.toy runs through toyvm: output and exit 5" \
		"Hello from toyvm!
argc 3
argv[0] $W/greet.toy
argv[1] one
argv[2] two 2
1
2
3
rc=5" "$out"
}

t_handed_off() {
	ktap_expect "handed_off counted" "$((greet_before + 1))" "$(stat_get handed_off)"
}

# A toy file handed to toyvm, alive: $chain (printing "ready" into chain.out).
start_chain() {
	printf 'print ready\nsleep 30\n' >"$W/chain.tvm"
	"$BIN/mktoy" -i "$BIN/toyvm" -o "$W/chain.toy" "$W/chain.tvm"
	echo 1 >/sys/module/binfmt_demo/parameters/verbose
	mark_log
	"$X" "$W/chain.toy" chain arg1 >"$W/chain.out" &
	bg=$!
	wait_until has_line "$W/chain.out" ready
}

t_chain_exe() {
	if start_chain; then
		ktap_expect "chain: the process is toyvm" "$BIN/toyvm" "$(readlink /proc/$bg/exe)"
	else
		ktap_fail "chain: the process is toyvm" "no ready: $(cat "$W/chain.out")"
	fi
}

t_chain_argv() {
	ktap_expect "chain: argv is interpreter, toy file, arguments" \
		"$BIN/toyvm|$W/chain.toy|arg1|" "$(tr '\0' '|' </proc/$bg/cmdline)"
	stop_sleeper
	echo 0 >/sys/module/binfmt_demo/parameters/verbose
}

t_verbose_handoff() {
	ktap_expect "verbose=1 logs the hand-off" \
		"binfmt_demo: handing $W/chain.toy to $BIN/toyvm" \
		"$(new_log | grep -o 'binfmt_demo: handing.*')"
}

t_eloop() {
	local b err
	"$BIN/mktoy" -i "$W/loop.toy" -o "$W/loop.toy" "$W/chain.tvm"
	b=$(stat_get handed_off)
	err=$("$X" "$W/loop.toy" 2>&1)
	ktap_expect "a toy file that names itself as interpreter: ELOOP after 6 hand-offs" \
		"execve: ELOOP +6" "$err +$(($(stat_get handed_off) - b))"
}

t_5000_args() {
	local out
	# shellcheck disable=SC2046
	out=$("$X" -c "$W/showargs.toy" $(seq 5000) | head -n 1
		"$X" -c "$W/showargs.toy" $(seq 5000) | grep -c '^argv')
	ktap_expect "5000 arguments: argc and every argv on the stack" "argc 5000
5000" "$out"
}

t_no_interp() {
	local b err
	"$BIN/mktoy" -i /nonexistent/toyvm -o "$W/noint.toy" "$W/chain.tvm"
	b=$(stat_get failed)
	err=$("$X" "$W/noint.toy" 2>&1)
	ktap_expect "missing interpreter: ENOENT, failed +1" \
		"execve: ENOENT +1" "$err +$(($(stat_get failed) - b))"
}

# 64 KiB of address space: setup_arg_pages() fails after begin_new_exec().
t_no_return() {
	local b rt re
	b=$(stat_get failed)
	rt=$({ "$X" -v 64 "$W/hello.toy" >/dev/null 2>&1; echo $?; } 2>/dev/null)
	re=$({ "$X" -v 64 "$W/hello.elf" >/dev/null 2>&1; echo $?; } 2>/dev/null)
	ktap_expect "failure after the point of no return: SIGSEGV like ELF, failed +1" \
		"toy 139 elf 139 +1" "toy $rt elf $re +$(($(stat_get failed) - b))"
}

# --- every rule: a malformed file refused with the documented error ------------
# ENOEXEC refusals may be seen twice (exec retries after request_module):
# the first such refusal measures how many times ($F) for the others.
F=
t_crafted() {
	ktap_expect "one crafted file per rule but caller_32bit" "$((${#want[@]} - 1))" \
		"$(cut -d' ' -f1 "$W/bad.list" | sort -u | grep -c '')"
}

t_rule() { # RULE FILE
	local rule=$1 f=$2 b err d n name
	b=$(stat_get "rejected_$rule")
	err=$("$X" "$f" 2>&1)
	d=$(($(stat_get "rejected_$rule") - b))
	[ "${want[$rule]}" = ENOEXEC ] && [ -z "$F" ] && [ $d -ge 1 ] && F=$d
	n=1
	[ "${want[$rule]}" = ENOEXEC ] && n=$F
	name="${f##*/}: refused with ${want[$rule]}, rejected_$rule +$n"
	if [ "$err" = "execve: ${want[$rule]}" ] && [ "$d" = "$n" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "got '$err', counter +$d"
	fi
}

t_toydump_rules() {
	local tdok=1 tdwhy= rule f td
	while read -r rule f; do
		td=$("$BIN/toydump" "$f")
		[ $? -eq 1 ] && [[ $td == *"rule '$rule'"*"${want[$rule]}"* ]] ||
			{ tdok=0 tdwhy+="${f##*/}: ${td##*$'\n'}; "; }
	done <"$W/bad.list"
	[ $tdok = 1 ] && ktap_ok "toydump names the same rule and error for each" ||
		ktap_fail "toydump names the same rule and error for each" "$tdwhy"
}

t_caller_32bit() {
	local b err d name="32-bit execve (int \$0x80) of a toy file: ENOEXEC, caller_32bit"
	b=$(stat_get rejected_caller_32bit)
	err=$("$X" -3 "$W/hello.toy" 2>&1)
	d=$(($(stat_get rejected_caller_32bit) - b))
	if [ "$err" = "execve: ENOEXEC" ] && [ "$d" = "${F:-1}" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "got '$err', counter +$d"
	fi
}

t_not_ours() {
	local b err
	printf 'just text\n' >"$W/text"
	chmod 755 "$W/text"
	b=$(stat_get not_ours)
	err=$("$X" "$W/text" 2>&1)
	ktap_expect "a file that is not ours: ENOEXEC, not_ours +1" \
		"execve: ENOEXEC +1" "$err +$(($(stat_get not_ours) - b))"
}

t_mktoy_refuses() {
	local m1 r1 m2 r2 name="mktoy refuses a PIE ELF and a relative interpreter, clearly"
	m1=$("$BIN/mktoy" -o "$W/x.toy" /bin/true 2>&1)
	r1=$?
	m2=$("$BIN/mktoy" -i toyvm -o "$W/y.toy" "$W/chain.tvm" 2>&1)
	r2=$?
	if [ $r1 = 1 ] && [[ $m1 == *position-independent* ]] && [ $r2 = 1 ] &&
		[[ $m2 == *absolute* ]] && [ ! -e "$W/x.toy" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "$m1 / $m2"
	fi
}

t_binfmt_misc() {
	local out rc name="binfmt_misc registered for the interpreted kind wins (head of list)"
	out=$(scripts/binfmt_demo-misc.sh 2>&1)
	rc=$?
	if [ $rc = 0 ] && [[ $out == *"[binfmt_misc ran: "* ]]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "rc=$rc: $(echo "$out" | tail -n 12)"
	fi
}

# --- fuzz ---------------------------------------------------------------------
declare -A s0 s1 fz
t_fuzz() {
	local rc k v name="fuzz: $NFUZZ mutated headers, every refusal as the shared rules predict"
	echo 0 >$trace # crashing fuzzed programs would log "general protection fault"
	while read -r k v; do s0[$k]=$v; done <$STATS
	echo "# fuzz: seed $SEED, $NFUZZ execs (BINFMT_DEMO_SEED=$SEED repeats it)"
	"$FUZZ" "$SEED" "$NFUZZ" "$W" "$W/hello.toy" "$W/greet.toy" "$W/brkgrow.toy" \
		>"$W/fuzz.out" 2>"$W/fuzz.err"
	rc=$?
	echo "$old_trace" >$trace
	while read -r k v; do fz[$k]=$v; done <"$W/fuzz.out"
	while read -r k v; do s1[$k]=$v; done <$STATS
	if [ $rc = 0 ] && [ "${fz[execs]}" = "$NFUZZ" ] && [ "${fz[mismatches]}" = 0 ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "rc=$rc $(cat "$W/fuzz.err") $(tr '\n' ' ' <"$W/fuzz.out")"
	fi
}

t_fuzz_counters() {
	local k d exp why= f=${F:-1}
	for k in "${!s1[@]}"; do
		[[ $k == rejected_* ]] || continue
		d=$((s1[$k] - s0[$k]))
		exp=${fz[$k]:-0}
		[ "${want[${k#rejected_}]}" = ENOEXEC ] && exp=$((exp * f))
		[ "$d" = "$exp" ] || why+="$k +$d want +$exp; "
	done
	d=$((s1[not_ours] - s0[not_ours]))
	exp=$((fz[not_ours_printable] + f * fz[not_ours_other]))
	[ "$d" = "$exp" ] || why+="not_ours +$d want +$exp; "
	d=$((s1[loaded] + s1[handed_off] + s1[failed] - s0[loaded] - s0[handed_off] - s0[failed]))
	exp=$((fz[ran] + fz[handoff_failed]))
	[ "$d" = "$exp" ] || why+="loaded+handed_off+failed +$d want +$exp; "
	[ -z "$why" ] && ktap_ok "fuzz: counters match the predictions (${fz[ran]} ran)" ||
		ktap_fail "fuzz: counters match the predictions (${fz[ran]} ran)" "$why"
}

t_add_up() {
	stats_add_up && ktap_ok "counters add up: examined = sum of outcomes" ||
		ktap_fail "counters add up: examined = sum of outcomes" "$(cat $STATS)"
}

t_after_fuzz() {
	ktap_expect "after the fuzz a toy program still runs" "Hello from a toy executable!" \
		"$("$X" "$W/hello.toy")"
}

# --- load/unload cycles while toy programs run in a loop -------------------------
# Each cycle waits for a toy program to have run on the module it loaded
# (rc=0 lines grow), then unloads it as soon as no toy process pins it.
runs() { grep -c '^rc=0$' "$W/loop.out"; }
ran_since() { [ "$(runs)" -gt "$1" ]; }
t_cycles() {
	local loop ok=1 why= i r other
	(
		while [ ! -e "$W/stop" ]; do
			"$X" "$W/hello.toy" 2>&1
			echo "rc=$?"
		done
	) >"$W/loop.out" &
	loop=$!
	for i in $(seq 8); do
		[ -d /sys/module/binfmt_demo ] || insmod $KO || { ok=0 why+="insmod $i; "; }
		r=$(runs)
		wait_until ran_since "$r" || { ok=0 why+="no run on load $i; "; }
		wait_until rmmod binfmt_demo 2>/dev/null
		[ -d /sys/module/binfmt_demo ] && { ok=0 why+="rmmod $i never worked; "; }
	done
	touch "$W/stop"
	wait $loop
	other=$(grep -cvxE 'rc=0|rc=200|Hello from a toy executable!|execve: ENOEXEC' "$W/loop.out")
	[ "$other" = 0 ] || { ok=0 why+="unexpected: $(grep -vxE 'rc=0|rc=200|Hello from a toy executable!|execve: ENOEXEC' "$W/loop.out" | head -3); "; }
	[ $ok = 1 ] && ktap_ok "8 load/unload cycles while toy programs run ($(runs) runs)" ||
		ktap_fail "8 load/unload cycles while toy programs run" "$why"
}

t_fresh_counters() {
	insmod $KO
	stats_add_up && ktap_ok "fresh counters add up after reload" ||
		ktap_fail "fresh counters add up after reload" "$(cat $STATS)"
}

t_final_rmmod() {
	if rmmod binfmt_demo && [ ! -e /proc/binfmt_demo ] && [ ! -e /sys/module/binfmt_demo ]; then
		ktap_ok "final rmmod leaves nothing behind"
	else
		ktap_fail "final rmmod leaves nothing behind"
	fi
}

setup
tests=(t_modes t_kinds t_hello "t_same_as_elf hello" "t_same_as_elf brkgrow"
	"t_same_as_elf syscalls" t_brkgrow t_syscalls t_showargs
	t_maps t_cmdline t_environ t_exe t_auxv t_rmmod_busy t_rmmod_after
	t_verbose_load t_greet t_handed_off t_chain_exe t_chain_argv t_verbose_handoff
	t_eloop t_5000_args t_no_interp t_no_return t_crafted)
while read -r rule f; do
	tests+=("t_rule $rule $f")
done <"$W/bad.list"
tests+=(t_toydump_rules t_caller_32bit t_not_ours t_mktoy_refuses t_binfmt_misc
	t_fuzz t_fuzz_counters t_add_up t_after_fuzz t_cycles t_fresh_counters
	t_final_rmmod)
ktap_run binfmt_demo "${tests[@]}"
