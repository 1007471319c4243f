#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools.sh - the userspace tools' own suite, run in the lab VM as root: every
# tool answers -h with Usage and EXAMPLES; a process named a<b&c (the
# modules keep such names) comes out right in schedscope's and systrace's
# JSON and escaped in their SVG pictures, and every SVG the tools write is
# well-formed XML (xmllint --noout); the timeline picture has 44 px lanes,
# an axis with units, distinct colours and its marks explained; pagewalk
# --svg PID ADDR draws one index field per level (9|9|9|9|12) and the
# physical address of the walk; schedscope explain says where it read
# HZ (the module's status line "hz N" when there is one). systrace prints
# like strace: on the same program (address randomisation off for both), the
# calls, their return values and every argument without a string or struct
# agree with strace -f; openat lines (AT_FDCWD, the path, O_RDONLY|O_CLOEXEC)
# equal strace's, mmap returns hex; the strings of execve (argv too, also
# of 32-bit pointers through int $0x80), linkat, symlinkat and renameat2
# equal strace's; -e trace=%file,%memory selects what strace's classes do; -c
# goes to stderr or -o FILE; the JSON stream carries the decoded fields.

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 1

S=build/bin/schedscope
Y=build/bin/systrace
NAME='a<b&c'
ESC='a&lt;b&amp;c'
W=$(mktemp -d /tmp/tools.XXXXXX)
loaded=
pid=
on_exit 'rm -rf "$W"'
on_exit 'for m in $loaded; do rmmod $m; done'
on_exit '[ -z "$pid" ] || kill $pid'
command -v jq >/dev/null || echo "# jq is missing: the JSON checks fail (apt-get install jq)"
command -v xmllint >/dev/null ||
	echo "# xmllint is missing: the SVG checks fail (apt-get install libxml2-utils)"

# --- -h ---------------------------------------------------------------------
t_help() {
	local bad='' t out
	for t in mktoy pagewalk schedscope systrace toydump toyvm; do
		out=$(build/bin/$t -h 2>&1)
		[[ $out == *Usage:* && $out == *EXAMPLES* ]] || bad="$bad $t"
	done
	ktap_expect "every tool answers -h with Usage and EXAMPLES" "" "$bad"
}

# --- the modules and a task named a<b&c -------------------------------------
# The modules not loaded yet are loaded ($loaded), and unloaded by the last
# test.
t_modules() {
	local m err
	for m in sched_probe syscall_probe pagewalk; do
		[ -d /proc/$m ] && continue
		if err=$(insmod modules/$m/$m.ko 2>&1); then
			loaded="$loaded $m"
		else
			echo "# insmod $m: $err"
		fi
	done
	ktap_expect "sched_probe, syscall_probe and pagewalk loaded" "yes yes yes" \
		"$([ -d /proc/sched_probe ] && echo yes) $([ -d /proc/syscall_probe ] && echo yes) $([ -d /proc/pagewalk ] && echo yes)"
}

# A copy of bash named a<b&c: it runs (timeline slices) and makes system
# calls (each redirection opens, dups and closes; read -t sleeps 2 ms on a
# FIFO nobody writes) until killed, without children. The tests that follow
# watch it ($pid).
named() { [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$NAME" ]; }
t_comm() {
	cp /bin/bash "$W/$NAME"
	mkfifo $W/fifo
	"$W/$NAME" -c 'exec 3<>"$0"; while :; do echo x >/dev/null; read -t 0.002 -u 3; done' \
		$W/fifo &
	pid=$!
	wait_until -t 5 named
	ktap_expect "the workload's comm" "$NAME" "$(cat /proc/$pid/comm)"
}

# xml_ok NAME FILE: FILE is well-formed XML with an <svg> root.
xml_ok() {
	local err
	if [ ! -s "$2" ]; then
		ktap_fail "$1" "$2 is missing or empty"
	elif ! err=$(xmllint --noout "$2" 2>&1); then
		ktap_fail "$1" "$err"
	elif [ "$(xmllint --xpath 'name(/*)' "$2" 2>/dev/null)" != svg ]; then
		ktap_fail "$1" "the root element is not svg"
	else
		ktap_ok "$1"
	fi
}

# escaped NAME FILE: FILE holds a&lt;b&amp;c and never a<b&c raw.
escaped() {
	local raw esc
	raw=$(grep -cF "$NAME" "$2")
	esc=$(grep -cF "$ESC" "$2")
	[ "$raw" = 0 ] && [ "${esc:-0}" -gt 0 ] && ktap_ok "$1" ||
		ktap_fail "$1" "$esc lines with $ESC, $raw with $NAME raw"
}

# --- schedscope ---------------------------------------------------------------
t_sched_json() {
	local got
	got=$($S --json -c "$NAME" | jq -r --arg n "$NAME" '[.[] | select(.comm == $n)] | length > 0')
	ktap_expect "schedscope --json -c NAME: the row's comm is a<b&c" true "$got"
}

# The timeline, in $W/tl.json and $W/tl.svg for the tests after this one.
t_timeline_json() {
	local got
	$S --json timeline -d 0.5 -o $W/tl.svg >$W/tl.json 2>$W/tl.err
	got=$(jq -r --arg n "$NAME" --argjson p "$pid" \
		'[.slices[] | select(.pid == $p)] | (length > 0) and all(.comm == $n)' $W/tl.json 2>&1)
	ktap_expect "schedscope --json timeline: the slices of the workload name a<b&c" true "$got"
}

t_timeline_xml() {
	xml_ok "schedscope timeline -o: xmllint --noout" $W/tl.svg
}

t_timeline_escaped() {
	escaped "schedscope timeline -o: the name is escaped in the SVG" $W/tl.svg
}

# Made to be projected: 44 px lanes, tick labels with their unit, every
# legend colour different, the marks explained.
t_timeline_picture() {
	local got ticks cols marks
	got=$(grep -c '<rect x="100" y="[0-9.]*" width="1060" height="44"' $W/tl.svg)
	ticks=$(grep -cE '>[0-9.]+ (us|ms|s)</text>' $W/tl.svg)
	cols=$(grep -oE '<rect x="[0-9.]+" y="[0-9.]+" width="18" height="18" fill="#[0-9a-f]{6}"' $W/tl.svg |
		sed 's/.*fill=//' | sort | uniq -d | wc -l)
	marks=$(grep -cE '>(preempted|slept|yielded|exited): ' $W/tl.svg)
	ktap_expect "schedscope timeline -o: a 44 px lane per CPU, an axis with units, distinct legend colours, 4 marks explained" \
		"$(jq '[.slices[].cpu] | max + 1' $W/tl.json 2>&1) yes 0 4" "$got $([ "$ticks" -ge 3 ] && echo yes || echo "$ticks ticks") $cols $marks"
}

# The terminal shows the name as it is (the legend names the 52 busiest).
t_timeline_text() {
	local got
	got=$($S timeline -d 0.5 -w 40 | grep -cF " $pid $NAME")
	ktap_expect "schedscope timeline: the legend names $pid $NAME as it is" 1 "$got"
}

# explain, in $W/ex.svg, $W/ex.json and $W/ex.txt for the test after this one.
t_explain_xml() {
	$S explain -n 2 -d 0.1 -o $W/ex.svg -J $W/ex.json >$W/ex.txt 2>&1
	xml_ok "schedscope explain -o: xmllint --noout" $W/ex.svg
}

# The module's "hz N" when it has that line; a fallback named otherwise.
t_explain_hz() {
	local src hz
	src=$(jq -r .hz_source $W/ex.json 2>/dev/null)
	hz=$(awk '$1 == "hz" {print $2}' /proc/sched_probe/status)
	if [ -n "$hz" ]; then
		ktap_expect "schedscope explain: HZ from /proc/sched_probe/status" \
			"$hz /proc/sched_probe/status" "$(jq -r '"\(.hz) \(.hz_source)"' $W/ex.json 2>&1)"
	else
		[ -n "$src" ] && [ "$src" != null ] && [ "$src" != /proc/sched_probe/status ] &&
			grep -qF "($src)" $W/ex.txt &&
			ktap_ok "schedscope explain: no hz line in status, HZ from $src (said in the text too)" ||
			ktap_fail "schedscope explain: a fallback HZ source" "hz_source '$src'"
	fi
}

# --- pagewalk --svg PID ADDR: the translation drawn -----------------------------
# An address of the workload's text (its first r-x mapping): the picture has
# one index field per level read, the offset, and the physical address the
# JSON walk gives. The first test draws it ($addr, $W/xl.svg, $W/xl.json).
t_xlate_xml() {
	addr=0x$(awk '$2 ~ /^r-x/ {split($1, r, "-"); print r[1]; exit}' "/proc/$pid/maps")
	build/bin/pagewalk --svg "$pid" "$addr" >$W/xl.svg 2>$W/xl.err
	build/bin/pagewalk --json "$pid" "$addr" >$W/xl.json 2>>$W/xl.err
	xml_ok "pagewalk --svg PID ADDR: xmllint --noout" $W/xl.svg
}

t_xlate_fields() {
	local want got
	want=$(jq -r '"\(.steps | length) \(.phys)"' $W/xl.json 2>&1)
	got="$(grep -c ' index</text>' $W/xl.svg) $(printf '%d' "$(sed -n 's/.* = \(0x[0-9a-f]*\)<\/text>$/\1/p' $W/xl.svg | tail -1)" 2>/dev/null)"
	ktap_expect "pagewalk --svg PID ADDR: one index field per level walked, the JSON's physical address ($addr)" \
		"$want" "$got"
}

t_xlate_bits() {
	local levels
	levels=$(jq .levels $W/xl.json 2>/dev/null)
	# the JSON says how many levels there are: without it nothing to compare
	[[ $levels == [45] ]] || {
		ktap_fail "pagewalk --svg PID ADDR: fields 9|...|9|12 per level" \
			"pagewalk --json gave no level count: '$levels' $(head -c 200 $W/xl.err)"
		return
	}
	ktap_expect "pagewalk --svg PID ADDR: fields 9|...|9|12 for $levels levels" \
		"$(printf 'bits %d-%d ' $(for i in $(seq $((levels - 1)) -1 0); do echo $((12 + 9 * i + 8)) $((12 + 9 * i)); done) 11 0)" \
		"$(grep -oE '>bits [0-9]+-[0-9]+<' $W/xl.svg | tr -d '<>' | tail -n $((levels + 1)) | tr '\n' ' ')"
}

# --- systrace -------------------------------------------------------------------
t_systrace_json() {
	local got
	$Y --json -p "$pid" 1 1 >$W/st.json 2>$W/st.err
	got=$(jq -rs --arg n "$NAME" '[.[] | select(.comm)] | (length > 0) and all(.comm == $n)' \
		$W/st.json 2>&1)
	ktap_expect "systrace --json stream: every record names a<b&c" true "$got"
}

t_systrace_summary_json() {
	local got
	$Y -c -P --json -p "$pid" 1 1 >$W/sum.json 2>$W/sum.err
	got=$(jq -r --arg n "$NAME" '[.processes[].comm] | (length > 0) and all(. == $n)' \
		$W/sum.json 2>&1)
	ktap_expect "systrace -c -P --json: the process's comm is a<b&c" true "$got"
}

# The histogram, in $W/h.svg and $W/h.txt for the tests after this one.
t_histogram_xml() {
	$Y -H -P --svg $W/h.svg -p "$pid" 1 1 >$W/h.txt 2>&1
	xml_ok "systrace -H --svg: xmllint --noout" $W/h.svg
}

t_histogram_escaped() {
	escaped "systrace -H -P --svg: the name is escaped in the SVG" $W/h.svg
}

t_histogram_text() {
	ktap_expect "systrace -H -P: the text names the process as it is" 1 \
		"$(grep -cxF "pid $pid ($NAME):" $W/h.txt)"
}

# --- systrace prints like strace ---------------------------------------------
# NAME RET of each call of an strace -f or systrace text trace (pid and abi
# columns, arguments and duration dropped; a tid returned by
# set_tid_address as TID, as the two runs have two pids).
calls_rets() {
	sed -nE 's/^[0-9]+ +([0-9a-z]+ +)?([a-z0-9_]+)\(.*\) += ([^ <]+).*$/\2 \3/p' "$1" |
		sed -E 's/^set_tid_address [0-9]+$/set_tid_address TID/'
}
# The whole line of the calls without string or struct arguments.
plain_calls() {
	sed -nE 's/^[0-9]+ +([0-9a-z]+ +)?((mmap|mprotect|munmap|brk|close|arch_prctl|set_robust_list|exit_group)\(.*\) += [^ <]+).*$/\2/p' "$1" |
		sed -E 's/  +/ /g'
}

# The two traces of /bin/true, in $W/strace.txt and $W/sys.txt for the
# tests after this one.
t_strace_calls() {
	setarch -R strace -f -qq -o $W/strace.txt /bin/true
	setarch -R $Y -o $W/sys.txt -- /bin/true >$W/sys.out 2>&1
	diff <(calls_rets $W/strace.txt) <(calls_rets $W/sys.txt) >$W/diff.txt
	ktap_expect "systrace -- /bin/true: the same calls and return values as strace -f ($(calls_rets $W/sys.txt | wc -l) calls)" \
		"" "$(head -5 $W/diff.txt)"
}

t_strace_plain() {
	diff <(plain_calls $W/strace.txt) <(plain_calls $W/sys.txt) >$W/diff2.txt
	ktap_expect "systrace: mmap, mprotect, munmap, brk, close, ... lines equal strace's ($(plain_calls $W/sys.txt | wc -l) lines)" \
		"" "$(head -5 $W/diff2.txt)"
}

t_strace_openat() {
	local want got mm mmhex
	want=$(sed -nE 's/^[0-9]+ +(openat\(AT_FDCWD, "[^"]*", O_RDONLY\|O_CLOEXEC\)) += ([0-9]+)$/\1 = \2/p' $W/strace.txt)
	got=$(sed -nE 's/^[0-9]+ +64 +(openat\(AT_FDCWD, "[^"]*", O_RDONLY\|O_CLOEXEC\)) = ([0-9]+) <.*/\1 = \2/p' $W/sys.txt)
	mm=$(grep -c ' mmap(' $W/sys.txt)
	mmhex=$(grep -cE ' mmap\(.*\) = 0x[0-9a-f]+ <' $W/sys.txt)
	ktap_expect "systrace: openat(AT_FDCWD, \"PATH\", O_RDONLY|O_CLOEXEC) lines equal strace's ($(grep -c . <<< "$want")); mmap returns in hex" \
		"$want
yes $mm" "$got
$([ -n "$want" ] && [ "$mm" -gt 0 ] && echo yes) $mmhex"
}

# Calls that name two paths (linkat, symlinkat, renameat2 of ln, ln -s,
# mv) and execve (path and argv, each entry cut at -s 32 as by strace),
# each as "NAME STRINGS = RET": the quoted strings of the line in order,
# with the "..." of a cut one; sorted, as the processes' lines interleave.
# A line without a pid (strace -ff) is read too.
strings_rets() {
	local l
	sed -nE 's/^([0-9]+ +)?([0-9a-z]+ +)?((execve|rename|renameat|renameat2|link|linkat|symlink|symlinkat)\(.*\) += [^ <]+).*$/\3/p' "$@" |
		while IFS= read -r l; do
			printf '%s %s= %s\n' "${l%%(*}" \
				"$(grep -oE '"[^"]*"(\.\.\.)?' <<<"$l" | tr '\n' ' ')" \
				"$(sed -E 's/.*\) += //' <<<"$l")"
		done | sort
}

# strace -ff: one file per process, so no line is split in two by
# another process's (<unfinished ...>, resumed).
t_strace_two_strings() {
	local script="cd $W/two && touch a && ln a b && ln -s a c && mv b d && exec /bin/echo one two three"
	local want got
	mkdir $W/two
	strace -ff -qq -o $W/st2 /bin/sh -c "$script" >/dev/null
	rm -rf $W/two && mkdir $W/two
	$Y -o $W/sys2.txt -- /bin/sh -c "$script" >/dev/null
	want=$(strings_rets $W/st2.*)
	got=$(strings_rets $W/sys2.txt)
	# strace itself must have seen the calls, or two empty lists would agree
	grep -qE '^renameat2? "b" "d" = 0$' <<<"$want" || want="strace saw no rename of b to d
$want"
	ktap_expect "systrace: execve (path and argv), linkat, symlinkat, renameat2 carry strace -ff's strings and return values ($(grep -c . <<<"$got") calls, $(grep -c '^execve .*= 0$' <<<"$got") programs)" \
		"$want" "$got"
}

# execve through int $0x80 (x86-64): the kernel's compat execve reads an
# argv of 32-bit pointers, and so must systrace's capture; strace -f shows
# the same strings. Only that execve is compared: the first one, of the
# long test program's path, systrace cuts at 64 bytes in all, strace each
# string at 32.
t_strace_exec32() {
	local k=build/tests/progs/syscall_probe_known want got abi
	if [ "$(uname -m)" != x86_64 ]; then
		ktap_skip "systrace: execve through int \$0x80 (argv of 32-bit pointers) carries strace -f's strings, abi ia32" \
			"x86-64 only (arm64's 64-bit programs have no 32-bit gate)"
		return
	fi
	strace -f -qq -o $W/st32.txt $k exec32 /bin/echo one "t w o" >/dev/null
	$Y -o $W/sys32.txt -- $k exec32 /bin/echo one "t w o" >/dev/null
	want=$(strings_rets $W/st32.txt | grep '^execve "/bin/echo"')
	got=$(strings_rets $W/sys32.txt | grep '^execve "/bin/echo"')
	abi=$(sed -nE 's/^[0-9]+ +([0-9a-z]+) +execve\("\/bin\/echo".*/\1/p' $W/sys32.txt)
	# strace must have seen the 32-bit call, or two empty lists would agree
	[ "$want" = 'execve "/bin/echo" "/bin/echo" "one" "t w o" = 0' ] ||
		want="strace saw not one execve of /bin/echo
$want"
	ktap_expect "systrace: execve through int \$0x80 (argv of 32-bit pointers) carries strace -f's strings, abi ia32" \
		"$want
ia32" "$got
$abi"
}

# -e trace=%file,%memory: the calls strace's classes select.
t_trace_classes() {
	local got
	strace -f -qq -e trace=%file,%memory -o $W/strace_fm.txt /bin/true
	$Y -e trace=%file,%memory -o $W/sys_fm.txt -- /bin/true
	got=$(diff <(calls_rets $W/strace_fm.txt | cut -d' ' -f1) <(calls_rets $W/sys_fm.txt | cut -d' ' -f1))
	ktap_expect "systrace -e trace=%file,%memory: the calls strace -e trace=%file,%memory shows ($(calls_rets $W/sys_fm.txt | wc -l))" \
		"" "$got"
}

# -c: the table on stderr, apart from the command's output; -o FILE: there.
t_summary_output() {
	$Y -c -- echo hello >$W/c.out 2>$W/c.err
	$Y -c -o $W/c.txt -- echo hi >$W/c2.out 2>$W/c2.err
	ktap_expect "systrace -c: table on stderr; -c -o FILE: table in FILE, stderr empty" \
		"hello 1 1 hi 0 1" \
		"$(cat $W/c.out) $(grep -c '^% time' $W/c.err) $(grep -c ' total$' $W/c.err) $(cat $W/c2.out) $(wc -c <$W/c2.err) $(grep -c '^% time' $W/c.txt)"
}

# The JSON stream: the raw six args kept, decoded fields added.
t_json_decoded() {
	local got
	$Y --json -f -s 64 -o $W/sys.json -- /bin/true
	got=$(jq -rs '([.[] | select(.name == "openat")][0] | "\(.args_decoded[0]) \(.args_decoded[2]) \(.args | length)"),
		([.[] | select(.name == "mmap")] | (length > 0) and all(.ret_decoded | test("^0x[0-9a-f]+$"))),
		([.[] | select(.name == "close")][0].args_decoded | length)' $W/sys.json 2>&1 | tr '\n' ' ')
	ktap_expect "systrace --json: args_decoded (AT_FDCWD, O_RDONLY|O_CLOEXEC), 6 raw args, mmap ret_decoded hex" \
		"AT_FDCWD O_RDONLY|O_CLOEXEC 6 true 1 " "$got"
}

# Errors: a bad class, a qualifier other than trace=.
t_e_errors() {
	local err1 err2
	err1=$($Y -e %bogus -- true 2>&1 | head -1)
	err2=$($Y -e abbrev=none -- true 2>&1 | head -1)
	ktap_expect "systrace -e: an unknown class and an unsupported qualifier are refused" \
		"systrace: unknown class: %bogus
systrace: -e abbrev: only trace= is supported" "$err1
$err2"
}

# A failing call: -1 ENOENT (No such file or directory), as strace says it.
t_failed_call() {
	strace -f -qq -e trace=openat -o $W/strace_e.txt cat /no/such/file 2>/dev/null
	$Y -e openat -o $W/sys_e.txt -- cat /no/such/file 2>/dev/null
	ktap_expect "systrace: a failed openat ends like strace's line" \
		"$(grep -o '= -1 ENOENT (No such file or directory)$' $W/strace_e.txt | tail -1)" \
		"$(grep -oE '= -1 ENOENT \(No such file or directory\)' $W/sys_e.txt | tail -1)"
}

# --- the end ----------------------------------------------------------------
t_rmmod() {
	local ok=1 m
	kill "$pid"
	wait "$pid" 2>/dev/null
	pid=
	for m in $loaded; do
		rmmod $m || ok=0
	done
	[ $ok = 1 ] && ktap_ok "rmmod of what this suite loaded ($loaded )" ||
		ktap_fail "rmmod of what this suite loaded ($loaded )"
}

ktap_run tools t_help t_modules t_comm t_sched_json t_timeline_json t_timeline_xml \
	t_timeline_escaped t_timeline_picture t_timeline_text t_explain_xml t_explain_hz \
	t_xlate_xml t_xlate_fields t_xlate_bits t_systrace_json t_systrace_summary_json \
	t_histogram_xml t_histogram_escaped t_histogram_text t_strace_calls t_strace_plain \
	t_strace_openat t_strace_two_strings t_strace_exec32 t_trace_classes t_summary_output t_json_decoded t_e_errors \
	t_failed_call t_rmmod
