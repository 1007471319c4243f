#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# title: fork, copy-on-write, demand paging and the process tree
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pictures.sh"

kids=()
finish() {
	local p
	for p in "${kids[@]}"; do
		pkill -9 -P "$p" 2>/dev/null
		kill -9 "$p" 2>/dev/null
	done
	wait 2>/dev/null
	rmmod pagewalk 2>/dev/null
}
trap finish EXIT

# jclaim TEXT FILE JQ-EXPR: json_claim that also fails on an empty or
# missing FILE (jq -e succeeds on no input)
jclaim() {
	claim "$1" jq -e -n "input | ($3)" "$2"
}

chapter 6 "fork, copy-on-write, demand paging and the process tree"
say "fork() makes a new process as a copy of its parent. Copying all its" \
	"memory would be slow, so the kernel copies only the page tables and" \
	"marks every private page read-only in both: the first write to a" \
	"page faults, and only then does the writer get its own copy."
show insmod modules/pagewalk/pagewalk.ko
show pagewalk demo cow
pagewalk demo cow --json >"$(out ch6-cow.json)"
say "The tool's JSON holds the frames it read; per page, do parent and child" \
	"differ after the write?"
show jq -c '. as $d | {written_page, same_after_fork: (.before.parent == .before.child),
	differs_after_write: [range(0; .pages) | $d.after.parent[.] != $d.after.child[.]]}' \
	"$(out ch6-cow.json)"
jclaim "after fork parent and child map every page to the same frame, read-only" \
	"$(out ch6-cow.json)" \
	'.before.parent == .before.child and ([.before.parent[]] | all(. > 0)) and ([.before.parent_writable[], .before.child_writable[]] | all(not))'
jclaim "after the child's write, the written page's frames differ between parent and child and the others are equal" \
	"$(out ch6-cow.json)" \
	'. as $d | .after.child[$d.written_page] != .after.parent[$d.written_page] and ([range(0; .pages)] - [.written_page] | all($d.after.parent[.] == $d.after.child[.]))'
notice "only page $(jq .written_page "$(out ch6-cow.json)") changed frame, in the" \
	"child that wrote it; the parent kept the original."
draw_cow "$(out ch6-cow.json)" "$(out ch6-cow.svg)" "$(getconf PAGESIZE)"
picture ch6-cow.svg "copy-on-write: the frames of parent and child after fork and after the child's write"
step

say "Demand paging: mmap() hands out addresses, not memory. A frame is" \
	"given on the first touch of each page (a page fault). Map 64 MiB," \
	"count the present pages, touch every 16th page, count again:"
show pagewalk demo demand
pagewalk demo demand --json >"$(out ch6-demand.json)"
jclaim "no frames until touched, then exactly the touched pages" \
	"$(out ch6-demand.json)" \
	'.present_before == 0 and .present_after == .touched and .present_untouched == 0 and .touched > 0'
notice "$(jq .touched "$(out ch6-demand.json)") touched pages, $(jq .present_after "$(out ch6-demand.json)")" \
	"present: the other $(jq '.pages - .present_after' "$(out ch6-demand.json)") pages of the 64 MiB never used memory."
step

say "Every process is forked by another: the process tree. PID 1 (here the" \
	"lab VM's init script) is started by the kernel and is the ancestor of" \
	"every user process; PID 2 (kthreadd) is the parent of the kernel's own" \
	"threads. Start a shell with two children, then look at the tree:"
sh -c 'sleep 3600 & sleep 3600 & wait' >/dev/null 2>&1 &
kids+=($!)
# until the shell has forked both sleeps (at most 5 s)
for _ in $(seq 50); do [ "$(pgrep -c -P "${kids[0]}")" -ge 2 ] && break; sleep 0.1; done
show pstree -p 1
# pid, parent, whether it is a kernel thread (PF_KTHREAD in stat's flags)
# and the command name, its control characters (a newline...) made '?'
# (read by the shell: a cat per process would add processes to the tree)
for d in /proc/[0-9]*; do
	IFS= read -r st 2>/dev/null <"$d/stat" || continue
	# after "comm)": state ppid pgrp session tty_nr tpgid flags ...
	read -r _ ppid _ _ _ _ flags _ <<<"${st##*) }"
	comm=
	IFS= read -r comm 2>/dev/null <"$d/comm"
	echo "${d#/proc/} $ppid $(((flags >> 21) & 1)) ${comm//[[:cntrl:]]/?}"
done | jq -R -s '[split("\n")[] | select(length > 0) |
	capture("^(?<pid>[0-9]+) (?<ppid>[0-9]+) (?<k>[01]) (?<comm>.*)$") |
	{pid: (.pid | tonumber), ppid: (.ppid | tonumber), kthread: (.k == "1"), comm}]' >"$(out ch6-tree.json)"
show jq -c '.[] | select(.pid <= 2)' "$(out ch6-tree.json)"
jclaim "every user process descends from PID 1, whose parent is 0 (the kernel)" \
	"$(out ch6-tree.json)" \
	'INDEX(.pid) as $m | ($m["1"].ppid == 0) and ([.[] | select(.kthread | not) | .pid] |
	all([recurse($m[tostring].ppid // 0; . > 1)] | last as $l | $l == 1 or $m[$l | tostring].ppid == 1))'
jclaim "every kernel thread is PID 2 (kthreadd, parent 0) or its child" \
	"$(out ch6-tree.json)" \
	'[.[] | select(.kthread)] | length > 1 and all(.ppid == 2 or (.pid == 2 and .ppid == 0))'
draw_tree "$(out ch6-tree.json)" "$(out ch6-tree.svg)" "${kids[0]}" \
	"the shell started above (PID ${kids[0]}) and its two sleeps"
picture ch6-tree.svg "the process tree from PID 0: user processes under PID 1, kernel threads under PID 2"
show cat /proc/pagewalk/2
notice "kernel threads have no user address space: /proc/pagewalk/2 says" \
	"'Invalid argument', there are no user page tables to walk."
step

for p in "${kids[@]}"; do
	pkill -9 -P "$p"
	kill -9 "$p" 2>/dev/null # sh may be gone already, its children killed
done
wait 2>/dev/null
kids=()
show rmmod pagewalk
demo_end
