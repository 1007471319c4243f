#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools.sh - the userspace tools' own suite, run in the lab VM as root: every
# tool answers -h with Usage and EXAMPLES; a process named a<b&c (the
# modules keep such names) comes out right in schedscope's and systrace's
# JSON and escaped in their SVG pictures, and every SVG the tools write is
# well-formed XML (xmllint --noout); schedscope explain says where it read
# HZ (the module's status line "hz N" when there is one).

. "$(dirname "$0")/../lib/ktap.sh"
cd "$(dirname "$0")/../.." || exit 1

S=build/bin/schedscope
Y=build/bin/systrace
NAME='a<b&c'
ESC='a&lt;b&amp;c'
W=$(mktemp -d /tmp/tools.XXXXXX)
command -v jq >/dev/null || echo "# jq is missing: the JSON checks fail (apt-get install jq)"
command -v xmllint >/dev/null ||
	echo "# xmllint is missing: the SVG checks fail (apt-get install libxml2-utils)"

ktap_begin tools 16

# --- -h ---------------------------------------------------------------------
bad=
for t in mktoy pagewalk schedscope systrace toydump toyvm; do
	out=$(build/bin/$t -h 2>&1)
	[[ $out == *Usage:* && $out == *EXAMPLES* ]] || bad="$bad $t"
done
ktap_expect "every tool answers -h with Usage and EXAMPLES" "" "$bad"

# --- the modules and a task named a<b&c -------------------------------------
loaded=
for m in sched_probe syscall_probe; do
	[ -d /proc/$m ] && continue
	if err=$(insmod modules/$m/$m.ko 2>&1); then
		loaded="$loaded $m"
	else
		echo "# insmod $m: $err"
	fi
done
ktap_expect "sched_probe and syscall_probe loaded" "yes yes" \
	"$([ -d /proc/sched_probe ] && echo yes) $([ -d /proc/syscall_probe ] && echo yes)"

# A copy of bash named a<b&c: it runs (timeline slices) and makes system
# calls (each redirection opens, dups and closes; read -t sleeps 2 ms on a
# FIFO nobody writes) until killed, without children.
cp /bin/bash "$W/$NAME"
mkfifo $W/fifo
"$W/$NAME" -c 'exec 3<>"$0"; while :; do echo x >/dev/null; read -t 0.002 -u 3; done' \
	$W/fifo &
pid=$!
for i in $(seq 1 100); do
	[ "$(cat /proc/$pid/comm 2>/dev/null)" = "$NAME" ] && break
	sleep 0.05
done
ktap_expect "the workload's comm" "$NAME" "$(cat /proc/$pid/comm)"

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
got=$($S --json -c "$NAME" | jq -r --arg n "$NAME" '[.[] | select(.comm == $n)] | length > 0')
ktap_expect "schedscope --json -c NAME: the row's comm is a<b&c" true "$got"

$S --json timeline -d 0.5 -o $W/tl.svg >$W/tl.json 2>$W/tl.err
got=$(jq -r --arg n "$NAME" --argjson p $pid \
	'[.slices[] | select(.pid == $p)] | (length > 0) and all(.comm == $n)' $W/tl.json 2>&1)
ktap_expect "schedscope --json timeline: the slices of the workload name a<b&c" true "$got"
xml_ok "schedscope timeline -o: xmllint --noout" $W/tl.svg
escaped "schedscope timeline -o: the name is escaped in the SVG" $W/tl.svg
# The terminal shows the name as it is (the legend names the 52 busiest).
got=$($S timeline -d 0.5 -w 40 | grep -cF " $pid $NAME")
ktap_expect "schedscope timeline: the legend names $pid $NAME as it is" 1 "$got"

$S explain -n 2 -d 0.1 -o $W/ex.svg -J $W/ex.json >$W/ex.txt 2>&1
xml_ok "schedscope explain -o: xmllint --noout" $W/ex.svg
# The module's "hz N" when it has that line; a fallback named otherwise.
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

# --- systrace -------------------------------------------------------------------
$Y --json -p $pid 1 1 >$W/st.json 2>$W/st.err
got=$(jq -rs --arg n "$NAME" '[.[] | select(.comm)] | (length > 0) and all(.comm == $n)' \
	$W/st.json 2>&1)
ktap_expect "systrace --json stream: every record names a<b&c" true "$got"

$Y -c -P --json -p $pid 1 1 >$W/sum.json 2>$W/sum.err
got=$(jq -r --arg n "$NAME" '[.processes[].comm] | (length > 0) and all(. == $n)' \
	$W/sum.json 2>&1)
ktap_expect "systrace -c -P --json: the process's comm is a<b&c" true "$got"

$Y -H -P --svg $W/h.svg -p $pid 1 1 >$W/h.txt 2>&1
xml_ok "systrace -H --svg: xmllint --noout" $W/h.svg
escaped "systrace -H -P --svg: the name is escaped in the SVG" $W/h.svg
ktap_expect "systrace -H -P: the text names the process as it is" 1 \
	"$(grep -cxF "pid $pid ($NAME):" $W/h.txt)"

# --- the end ----------------------------------------------------------------
kill $pid
wait $pid 2>/dev/null
ok=1
for m in $loaded; do
	rmmod $m || ok=0
done
[ $ok = 1 ] && ktap_ok "rmmod of what this suite loaded ($loaded )" ||
	ktap_fail "rmmod of what this suite loaded ($loaded )"
rm -rf "$W"
ktap_end
