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
cd "$(dirname "$0")/../.." || exit 1

ROOT=$PWD
KO=modules/binfmt_demo/binfmt_demo.ko
X=$ROOT/build/tests/progs/binfmt_demo_exec

# same_as_elf NAME: the toy and ELF builds of an example give the same
# output and exit status 0.
same_as_elf() {
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
# Wait (bounded) until file $1 contains line $2.
wait_line() {
	local i
	for i in $(seq 200); do
		grep -qx "$2" "$1" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}
# Counters partition: examined = not_ours+loaded+handed_off+failed+rejected.
stats_add_up() {
	awk '$1 == "examined" { e = $2 }
	     $1 ~ /^(not_ours|loaded|handed_off|failed|rejected)$/ { s += $2 }
	     $1 ~ /^rejected_/ { r += $2 } $1 == "rejected" { rr = $2 }
	     END { exit !(e == s && r == rr) }' $STATS
}

# --- arm64: the same module on an AArch64 kernel -----------------------------
# The suite further down runs x86-64 programs. In an arm64 guest, the lab
# VM mounts the arm64 builds (make ARCH=arm64: build/arm64/{toy,tests,bin})
# at the usual paths; this part runs those examples with binfmt_demo_exec,
# compares each toy with its ELF twin, and has an x86-64 toy file refused.
arm64_suite() {
	local f p elf toy out aux self splat
	# The arm64 guest root has busybox's awk only.
	command -v awk >/dev/null || awk() { busybox awk "$@"; }
	ktap_begin binfmt_demo 12
	for f in "$X" "$TOY/hello.toy" "$TOY/sleeper.toy"; do
		if [ ! -x "$f" ] || [ "$(od -An -tx1 -j18 -N1 "$X")" != " b7" ]; then
			echo "Bail out! $f missing or not arm64: make ARCH=arm64" \
				"tools test-progs examples"
			exit 1
		fi
	done
	W=$(mktemp -d /tmp/binfmt_demo.XXXXXX)
	chmod 755 "$W"
	cp "$TOY"/*.toy "$TOY"/*.elf "$W"/
	# A toy for x86-64: the same file with machine 62 (EM_X86_64).
	cp "$W/hello.toy" "$W/x86-hello.toy"
	printf '\x3e\x00' | dd of="$W/x86-hello.toy" bs=1 seek=6 conv=notrunc 2>/dev/null
	trap 'rm -rf "$W"; [ -n "$bg" ] && kill "$bg" 2>/dev/null' EXIT

	mark_log
	insmod "$KO" verbose=1
	ktap_check "insmod binfmt_demo.ko (arm64)" [ -d /sys/module/binfmt_demo ]
	ktap_expect "kinds: native machine arm64" \
		"native magic b7544f59 version 1 machine arm64 max_segs 4" \
		"$(head -n 1 /proc/binfmt_demo/kinds)"
	out=$("$X" "$W/hello.toy"; echo "rc=$?")
	ktap_expect "hello.toy prints its line, exit 0" \
		"Hello from a toy executable!
rc=0" "$out"
	for p in hello brkgrow ids exit0; do
		same_as_elf "$p"
	done
	elf=$("$X" -c -e A=1 "$W/showargs.elf" showargs x "y z" 2>&1; echo "rc=$?")
	toy=$("$X" -c -e A=1 "$W/showargs.toy" showargs x "y z" 2>&1; echo "rc=$?")
	ktap_expect "showargs: argv, envp, aligned stack, auxv as the ELF's, exit 3" \
		"${elf//showargs.elf/showargs.toy}" "$toy"

	"$X" -c "$W/sleeper.toy" sleeper 600 >"$W/sl.out" &
	bg=$!
	if wait_line "$W/sl.out" ready; then
		# AT_HWCAP (16) and AT_HWCAP2 (26) as binfmt_elf gave this shell;
		# AT_PLATFORM (15) points at "aarch64" (read from its memory).
		aux=$(od -An -tu8 -w16 -v /proc/$bg/auxv | awk '{ printf "%s=%s ", $1, $2 }')
		self=$(od -An -tu8 -w16 -v /proc/$$/auxv | awk '$1 == 16 || $1 == 26 { printf "%s=%s ", $1, $2 }')
		p=$(od -An -tu8 -w16 -v /proc/$bg/auxv | awk '$1 == 15 { print $2 }')
		p=$(dd if=/proc/$bg/mem bs=1 skip="$p" count=8 2>/dev/null | tr -d '\0')
		if [[ " $aux" == *" ${self%% *} "* ]] && [[ " $aux" == *" ${self#* }"* ]] &&
			[ "$p" = aarch64 ]; then
			ktap_ok "auxv: AT_HWCAP, AT_HWCAP2 as binfmt_elf's, AT_PLATFORM aarch64"
		else
			ktap_fail "auxv: AT_HWCAP, AT_HWCAP2 as binfmt_elf's, AT_PLATFORM aarch64" \
				"toy: $aux; shell: $self; platform '$p'"
		fi
		rmmod binfmt_demo 2>/dev/null
		ktap_check "rmmod refused while a toy process lives" \
			[ -d /sys/module/binfmt_demo ]
		kill "$bg"
		wait "$bg" 2>/dev/null
		bg=
	else
		ktap_fail "auxv: AT_HWCAP, AT_HWCAP2 as binfmt_elf's, AT_PLATFORM aarch64" \
			"sleeper.toy did not start: $(cat "$W/sl.out")"
		ktap_fail "rmmod refused while a toy process lives" "no sleeper"
	fi

	out=$("$X" "$W/x86-hello.toy" 2>&1; echo "rc=$?")
	ktap_expect "an x86-64 toy is refused: ENOEXEC, counted under machine" \
		"execve: ENOEXEC
rc=200 rejected_machine 1" "$out $(grep '^rejected_machine ' $STATS)"
	rmmod binfmt_demo
	splat=$(new_log | grep -E 'WARNING|BUG|Call trace|Oops')
	ktap_check "rmmod after the last toy process, no kernel warning" \
		test ! -d /sys/module/binfmt_demo -a -z "$splat"
	ktap_end
}

if [ "$(uname -m)" = aarch64 ]; then
	arm64_suite
	exit
fi

ktap_begin binfmt_demo 70

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
cleanup() {
	echo "$old_trace" >$trace
	[ -n "$bg" ] && kill "$bg" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

# --- load, /proc files -------------------------------------------------------
if insmod $KO; then
	modes=$(stat -c '%a' /proc/binfmt_demo/stats /proc/binfmt_demo/kinds | tr '\n' ' ')
	ktap_expect "insmod; /proc/binfmt_demo/{stats,kinds} are 0444" "444 444 " "$modes"
else
	echo "Bail out! insmod $KO failed"
	exit 1
fi
kinds=$(awk '{ print $1, $2, $3 }' /proc/binfmt_demo/kinds | tr '\n' ';')
ktap_expect "kinds lists native and interpreted with the magic" \
	"native magic b7544f59;interpreted magic b7544f59;" "$kinds"

echo "# ${SECONDS}s elapsed"
# --- the examples, against their ELF builds ----------------------------------
out=$("$X" "$W/hello.toy"; echo "rc=$?")
ktap_expect "hello.toy prints its line and exits 0" \
	"Hello from a toy executable!
rc=0" "$out"

for p in hello brkgrow syscalls; do
	same_as_elf "$p"
done

out=$("$X" "$W/brkgrow.toy")
ktap_expect "brkgrow.toy grows the heap 1 MiB with brk and shrinks it" \
	"brk start page-aligned yes
brk grew by 1048576 bytes, 0 bad bytes
brk shrink ok" "$out"

out=$("$X" "$W/syscalls.toy")
ktap_expect "syscalls.toy: same syscalls via syscall and int \$0x80" \
	"write via syscall
write via int \$0x80
getpid same both ways: yes" "$out"

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

echo "# ${SECONDS}s elapsed"
# --- a live toy process: maps, cmdline, environ, exe, auxv --------------------
"$X" -c -e LANG=toy "$W/sleeper.toy" sleeper 600 >"$W/sl.out" &
bg=$!
if wait_line "$W/sl.out" ready; then
	ok=1 why=
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
	[ $ok = 1 ] && ktap_ok "maps: each segment has its ELF permissions (r--/r-x/r--/rw-)" ||
		ktap_fail "maps: each segment has its ELF permissions (r--/r-x/r--/rw-)" \
			"$why$(cat /proc/$bg/maps)"
	ktap_expect "cmdline is argv" "sleeper|600|" "$(tr '\0' '|' </proc/$bg/cmdline)"
	ktap_expect "environ is envp" "LANG=toy|" "$(tr '\0' '|' </proc/$bg/environ)"
	ktap_expect "exe is the toy file" "$W/sleeper.toy" "$(readlink /proc/$bg/exe)"
	aux=$(od -An -tu8 -w16 -v /proc/$bg/auxv | awk '{ printf "%s=%s ", $1, $2 }')
	ent=$(($(entry_of "$W/sleeper.elf")))
	if [[ " $aux" == *" 6=4096 "* ]] && [[ " $aux" == *" 9=$ent "* ]] &&
		[[ " $aux" == *" 25="* ]] && [[ " $aux" != *" 25=0 "* ]] &&
		[[ "$aux" == *" 0=0 " ]]; then
		ktap_ok "auxv: AT_PAGESZ 4096, AT_ENTRY = ELF entry, AT_RANDOM, AT_NULL"
	else
		ktap_fail "auxv: AT_PAGESZ 4096, AT_ENTRY = ELF entry, AT_RANDOM, AT_NULL" "$aux"
	fi
	err=$(rmmod binfmt_demo 2>&1)
	if [ $? -ne 0 ] && [ -d /sys/module/binfmt_demo ]; then
		ktap_ok "rmmod refused while a toy process lives"
	else
		ktap_fail "rmmod refused while a toy process lives" "$err"
		insmod $KO
	fi
	kill "$bg"
	wait "$bg" 2>/dev/null
	bg=
	if rmmod binfmt_demo && [ ! -e /proc/binfmt_demo ]; then
		ktap_ok "rmmod works once it exited"
	else
		ktap_fail "rmmod works once it exited"
	fi
	insmod $KO
else
	for t in maps cmdline environ exe auxv "rmmod refused" "rmmod after exit"; do
		ktap_fail "$t" "sleeper.toy never printed ready: $(cat "$W/sl.out")"
	done
	kill "$bg" 2>/dev/null
	bg=
fi

# --- verbose log line -----------------------------------------------------------
echo 1 >/sys/module/binfmt_demo/parameters/verbose
mark_log
"$X" "$W/hello.toy" >/dev/null
echo 0 >/sys/module/binfmt_demo/parameters/verbose
line=$(new_log | grep -o "binfmt_demo: loading.*")
ktap_expect "verbose=1 logs the load" \
	"binfmt_demo: loading $W/hello.toy: 4 segments, entry $(entry_of "$W/hello.elf")" "$line"

echo "# ${SECONDS}s elapsed"
# --- the interpreted kind ---------------------------------------------------------
before=$(stat_get handed_off)
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
ktap_expect "handed_off counted" "$((before + 1))" "$(stat_get handed_off)"

printf 'print ready\nsleep 30\n' >"$W/chain.tvm"
"$BIN/mktoy" -i "$BIN/toyvm" -o "$W/chain.toy" "$W/chain.tvm"
echo 1 >/sys/module/binfmt_demo/parameters/verbose
mark_log
"$X" "$W/chain.toy" chain arg1 >"$W/chain.out" &
bg=$!
if wait_line "$W/chain.out" ready; then
	ktap_expect "chain: the process is toyvm" "$BIN/toyvm" "$(readlink /proc/$bg/exe)"
	ktap_expect "chain: argv is interpreter, toy file, arguments" \
		"$BIN/toyvm|$W/chain.toy|arg1|" "$(tr '\0' '|' </proc/$bg/cmdline)"
else
	ktap_fail "chain: the process is toyvm" "no ready: $(cat "$W/chain.out")"
	ktap_fail "chain: argv is interpreter, toy file, arguments"
fi
kill "$bg" 2>/dev/null
wait "$bg" 2>/dev/null
bg=
echo 0 >/sys/module/binfmt_demo/parameters/verbose
ktap_expect "verbose=1 logs the hand-off" \
	"binfmt_demo: handing $W/chain.toy to $BIN/toyvm" \
	"$(new_log | grep -o 'binfmt_demo: handing.*')"

"$BIN/mktoy" -i "$W/loop.toy" -o "$W/loop.toy" "$W/chain.tvm"
b=$(stat_get handed_off)
err=$("$X" "$W/loop.toy" 2>&1)
ktap_expect "a toy file that names itself as interpreter: ELOOP after 6 hand-offs" \
	"execve: ELOOP +6" "$err +$(($(stat_get handed_off) - b))"

out=$("$X" -c "$W/showargs.toy" $(seq 5000) | head -n 1; "$X" -c "$W/showargs.toy" $(seq 5000) | grep -c '^argv')
ktap_expect "5000 arguments: argc and every argv on the stack" "argc 5000
5000" "$out"

"$BIN/mktoy" -i /nonexistent/toyvm -o "$W/noint.toy" "$W/chain.tvm"
b=$(stat_get failed)
err=$("$X" "$W/noint.toy" 2>&1)
ktap_expect "missing interpreter: ENOENT, failed +1" \
	"execve: ENOENT +1" "$err +$(($(stat_get failed) - b))"

# 64 KiB of address space: setup_arg_pages() fails after begin_new_exec().
b=$(stat_get failed)
rt=$({ "$X" -v 64 "$W/hello.toy" >/dev/null 2>&1; echo $?; } 2>/dev/null)
re=$({ "$X" -v 64 "$W/hello.elf" >/dev/null 2>&1; echo $?; } 2>/dev/null)
ktap_expect "failure after the point of no return: SIGSEGV like ELF, failed +1" \
	"toy 139 elf 139 +1" "toy $rt elf $re +$(($(stat_get failed) - b))"

echo "# ${SECONDS}s elapsed"
# --- every rule: a malformed file refused with the documented error ------------
mkdir "$W/bad"
"$CRAFT" "$W/hello.toy" "$W/greet.toy" "$W/bad" >"$W/bad.list" ||
	echo "# craft: some file does not break its rule (see above)"
F=
tdok=1 tdwhy=
while read -r rule f; do
	b=$(stat_get "rejected_$rule")
	err=$("$X" "$f" 2>&1)
	d=$(($(stat_get "rejected_$rule") - b))
	# ENOEXEC refusals may be seen twice: exec retries after request_module.
	[ "${want[$rule]}" = ENOEXEC ] && [ -z "$F" ] && [ $d -ge 1 ] && F=$d
	n=1
	[ "${want[$rule]}" = ENOEXEC ] && n=$F
	name="${f##*/}: refused with ${want[$rule]}, rejected_$rule +$n"
	if [ "$err" = "execve: ${want[$rule]}" ] && [ "$d" = "$n" ]; then
		ktap_ok "$name"
	else
		ktap_fail "$name" "got '$err', counter +$d"
	fi
	td=$("$BIN/toydump" "$f")
	[ $? -eq 1 ] && [[ $td == *"rule '$rule'"*"${want[$rule]}"* ]] ||
		{ tdok=0 tdwhy+="${f##*/}: ${td##*$'\n'}; "; }
done <"$W/bad.list"
[ $tdok = 1 ] && ktap_ok "toydump names the same rule and error for each" ||
	ktap_fail "toydump names the same rule and error for each" "$tdwhy"

b=$(stat_get rejected_caller_32bit)
err=$("$X" -3 "$W/hello.toy" 2>&1)
d=$(($(stat_get rejected_caller_32bit) - b))
if [ "$err" = "execve: ENOEXEC" ] && [ "$d" = "${F:-1}" ]; then
	ktap_ok "32-bit execve (int \$0x80) of a toy file: ENOEXEC, caller_32bit"
else
	ktap_fail "32-bit execve (int \$0x80) of a toy file: ENOEXEC, caller_32bit" \
		"got '$err', counter +$d"
fi

printf 'just text\n' >"$W/text"
chmod 755 "$W/text"
b=$(stat_get not_ours)
err=$("$X" "$W/text" 2>&1)
ktap_expect "a file that is not ours: ENOEXEC, not_ours +1" \
	"execve: ENOEXEC +1" "$err +$(($(stat_get not_ours) - b))"

m1=$("$BIN/mktoy" -o "$W/x.toy" /bin/true 2>&1)
r1=$?
m2=$("$BIN/mktoy" -i toyvm -o "$W/y.toy" "$W/chain.tvm" 2>&1)
r2=$?
if [ $r1 = 1 ] && [[ $m1 == *position-independent* ]] && [ $r2 = 1 ] &&
	[[ $m2 == *absolute* ]] && [ ! -e "$W/x.toy" ]; then
	ktap_ok "mktoy refuses a PIE ELF and a relative interpreter, clearly"
else
	ktap_fail "mktoy refuses a PIE ELF and a relative interpreter, clearly" "$m1 / $m2"
fi

out=$(scripts/binfmt_demo-misc.sh 2>&1)
rc=$?
if [ $rc = 0 ] && [[ $out == *"[binfmt_misc ran: "* ]]; then
	ktap_ok "binfmt_misc registered for the interpreted kind wins (head of list)"
else
	ktap_fail "binfmt_misc registered for the interpreted kind wins (head of list)" \
		"rc=$rc: $(echo "$out" | tail -n 12)"
fi

echo "# ${SECONDS}s elapsed"
# --- fuzz ---------------------------------------------------------------------
echo 0 >$trace # crashing fuzzed programs would log "general protection fault"
declare -A s0
while read -r k v; do s0[$k]=$v; done <$STATS
echo "# fuzz: seed $SEED, $NFUZZ execs (BINFMT_DEMO_SEED=$SEED repeats it)"
"$FUZZ" "$SEED" "$NFUZZ" "$W" "$W/hello.toy" "$W/greet.toy" "$W/brkgrow.toy" \
	>"$W/fuzz.out" 2>"$W/fuzz.err"
rc=$?
echo "$old_trace" >$trace
declare -A fz
while read -r k v; do fz[$k]=$v; done <"$W/fuzz.out"
if [ $rc = 0 ] && [ "${fz[execs]}" = "$NFUZZ" ] && [ "${fz[mismatches]}" = 0 ]; then
	ktap_ok "fuzz: $NFUZZ mutated headers, every refusal as the shared rules predict"
else
	ktap_fail "fuzz: $NFUZZ mutated headers, every refusal as the shared rules predict" \
		"rc=$rc $(cat "$W/fuzz.err") $(tr '\n' ' ' <"$W/fuzz.out")"
fi
declare -A s1
while read -r k v; do s1[$k]=$v; done <$STATS
F=${F:-1}
why=
for k in "${!s1[@]}"; do
	[[ $k == rejected_* ]] || continue
	d=$((s1[$k] - s0[$k]))
	exp=${fz[$k]:-0}
	[ "${want[${k#rejected_}]}" = ENOEXEC ] && exp=$((exp * F))
	[ "$d" = "$exp" ] || why+="$k +$d want +$exp; "
done
d=$((s1[not_ours] - s0[not_ours]))
exp=$((fz[not_ours_printable] + F * fz[not_ours_other]))
[ "$d" = "$exp" ] || why+="not_ours +$d want +$exp; "
d=$((s1[loaded] + s1[handed_off] + s1[failed] - s0[loaded] - s0[handed_off] - s0[failed]))
exp=$((fz[ran] + fz[handoff_failed]))
[ "$d" = "$exp" ] || why+="loaded+handed_off+failed +$d want +$exp; "
[ -z "$why" ] && ktap_ok "fuzz: counters match the predictions (${fz[ran]} ran)" ||
	ktap_fail "fuzz: counters match the predictions (${fz[ran]} ran)" "$why"
stats_add_up && ktap_ok "counters add up: examined = sum of outcomes" ||
	ktap_fail "counters add up: examined = sum of outcomes" "$(cat $STATS)"
out=$("$X" "$W/hello.toy")
ktap_expect "after the fuzz a toy program still runs" "Hello from a toy executable!" "$out"

echo "# ${SECONDS}s elapsed"
# --- load/unload cycles while toy programs run in a loop -------------------------
(
	while [ ! -e "$W/stop" ]; do
		"$X" "$W/hello.toy" 2>&1
		echo "rc=$?"
	done
) >"$W/loop.out" &
loop=$!
ok=1 why=
for i in $(seq 8); do
	[ -d /sys/module/binfmt_demo ] || insmod $KO || { ok=0 why+="insmod $i; "; }
	sleep 0.1
	for t in $(seq 400); do
		rmmod binfmt_demo 2>/dev/null && break
		sleep 0.02
	done
	[ -d /sys/module/binfmt_demo ] && { ok=0 why+="rmmod $i never worked; "; }
done
touch "$W/stop"
wait $loop
runs=$(grep -c '^rc=0$' "$W/loop.out")
other=$(grep -cvxE 'rc=0|rc=200|Hello from a toy executable!|execve: ENOEXEC' "$W/loop.out")
[ "$runs" -ge 1 ] || { ok=0 why+="no run succeeded; "; }
[ "$other" = 0 ] || { ok=0 why+="unexpected: $(grep -vxE 'rc=0|rc=200|Hello from a toy executable!|execve: ENOEXEC' "$W/loop.out" | head -3); "; }
[ $ok = 1 ] && ktap_ok "8 load/unload cycles while toy programs run ($runs runs)" ||
	ktap_fail "8 load/unload cycles while toy programs run" "$why"

insmod $KO
stats_add_up && ktap_ok "fresh counters add up after reload" ||
	ktap_fail "fresh counters add up after reload" "$(cat $STATS)"
if rmmod binfmt_demo && [ ! -e /proc/binfmt_demo ] && [ ! -e /sys/module/binfmt_demo ]; then
	ktap_ok "final rmmod leaves nothing behind"
else
	ktap_fail "final rmmod leaves nothing behind"
fi

echo "# ${SECONDS}s elapsed"
ktap_end
