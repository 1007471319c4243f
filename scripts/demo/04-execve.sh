#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# title: execve and binary formats
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/pictures.sh"

# What it shows: execve() reads the first 256 bytes of the file
# (BINPRM_BUF_SIZE) and offers them to each registered handler in turn;
# "#!" scripts and what the interpreter really receives (one argument, cut
# at byte 255 of the line; a line whose interpreter path does not fit is
# refused with ENOEXEC, then bash runs the file itself); a toy program
# loaded by binfmt_demo; where a program's segments land in a live
# process (a toy program and an ordinary ELF program, drawn file beside
# memory); the interpreted toy kind's handler chain, traced with ftrace
# (function tracer + kretprobe events).

args=build/tests/progs/demo_args
execp=build/tests/progs/binfmt_demo_exec
toy=build/toy
work=/tmp/ch4
T=/sys/kernel/tracing
rm -rf "$work"
mkdir -p "$work"

chapter 4 "execve and binary formats"

# --- 1. the first bytes decide ----------------------------------------------
say "execve(FILE) does not look at the file name. The kernel reads the first" \
	"256 bytes of FILE (BINPRM_BUF_SIZE) into the exec request and offers" \
	"them to each registered binary-format handler in turn; a handler that" \
	"does not recognise them answers -ENOEXEC and the next one is asked." \
	"Here are the first 16 bytes of an ELF program, a shell script and a toy" \
	"program:"
script=$(command -v zcat) # a shell script in Debian (gzip)
show od -A d -t x1z -N 16 "$toy/hello.elf"
show od -A d -t x1z -N 16 "$script"
show od -A d -t x1z -N 16 "$toy/hello.toy"
notice "ELF files start with 7f 45 4c 46 ('\\x7fELF'), scripts with 23 21" \
	"('#!'), toy files with b7 54 4f 59 ('\\xb7TOY'): one handler each."
claim "an ELF program starts with \\x7fELF, a script with #!" \
	sh -c "[ \"\$(head -c 4 $toy/hello.elf | od -A n -t x1 | tr -d ' ')\" = 7f454c46 ] &&
		[ \"\$(head -c 2 $script)\" = '#!' ]"
step

# --- 2. a shebang script ----------------------------------------------------
interp=$LKM_ROOT/$args
printf '#!%s one two  three\necho this line is for a shell\n' "$interp" >"$work/short.sh"
chmod +x "$work/short.sh"
say "A script names its interpreter on its '#!' line. binfmt_script cuts the" \
	"line into the interpreter's path and ONE optional argument (everything" \
	"after the first space or tab, trailing blanks removed: it is not split" \
	"into words), then restarts the search with the interpreter, whose argv" \
	"becomes: interpreter, argument, script path, the caller's other" \
	"arguments. Our interpreter, demo_args, prints what it received:"
show cat "$work/short.sh"
DEMO_ARGS_JSON=$(out ch4-short.json) show "$work/short.sh" extra
notice "'one two  three' arrives as one argument, spaces included; the" \
	"original argv[0] is replaced by the script's path."
json_claim "the #! argument arrives unsplit, then the script path" \
	"$(out ch4-short.json)" \
	".argc == 4 and .argv[1].value == \"one two  three\" and
	 .argv[2].value == \"$work/short.sh\" and .argv[3].value == \"extra\""
step

# --- 3. a #! line longer than 256 bytes ---------------------------------------
long=$(printf 'x%.0s' $(seq 1 300))
printf '#!%s %s\necho unreachable\n' "$interp" "$long" >"$work/long-arg.sh"
chmod +x "$work/long-arg.sh"
keep=$((252 - ${#interp}))
say "The kernel only ever sees the first 256 bytes. This script's '#!' line is" \
	"$((${#interp} + ${#long} + 3)) bytes long: the interpreter path" \
	"(${#interp} bytes) fits, its argument of ${#long} 'x' does not. The" \
	"kernel cuts the line at byte 255 (the last byte of the buffer becomes" \
	"the string's end), so the argument keeps 256 - 2 ('#!') -" \
	"${#interp} (path) - 1 (space) - 1 = $keep bytes:"
DEMO_ARGS_JSON=$(out ch4-long-arg.json) show "$work/long-arg.sh"
notice "argv[1] is $keep bytes, not ${#long}: the argument was silently" \
	"truncated (an interpreter that needs it whole must re-read the script)."
json_claim "a #! argument beyond byte 255 is cut: $keep of ${#long} bytes arrive" \
	"$(out ch4-long-arg.json)" \
	".argv[1].len == $keep and .argv[1].value == (\"x\" * $keep)"
step

# An interpreter path that itself crosses byte 256: a real, existing path.
deep=$work/$(printf 'd%.0s' $(seq 1 100))/$(printf 'e%.0s' $(seq 1 100))/$(printf 'f%.0s' $(seq 1 60))
mkdir -p "$deep"
ln -s "$LKM_ROOT/$args" "$deep/demo_args"
printf '#!%s\necho bash ran this file itself: the kernel refused it\n' \
	"$deep/demo_args" >"$work/long-path.sh"
chmod +x "$work/long-path.sh"
say "Now the interpreter's path itself is longer than the buffer" \
	"($((${#deep} + 10)) bytes; the path exists). The interpreter path" \
	"cannot be cut (that would run another program), so binfmt_script" \
	"answers -ENOEXEC, and so does every other handler: execve() fails." \
	"This is the same on 6.1 and 6.12 (their fs/binfmt_script.c are" \
	"identical): since Linux 5.0 the kernel never runs a cut interpreter" \
	"path (older kernels did, and until 5.1 the buffer held 128 bytes). A" \
	"raw execve() shows the error; bash, on ENOEXEC, runs the file as a" \
	"shell script itself, where the '#!' line is just a comment:"
show "$execp" "$work/long-path.sh"
show "$deep/demo_args" short-path-works
show bash -c "$work/long-path.sh"
notice "the kernel did not run demo_args at all; the output comes from bash" \
	"retrying the file as a script after ENOEXEC."
claim "an interpreter path beyond byte 256 makes execve() fail with ENOEXEC" \
	sh -c "$execp $work/long-path.sh 2>&1 | grep -qx 'execve: ENOEXEC'"
claim "after ENOEXEC, bash runs the file as a shell script" \
	sh -c "bash -c '$work/long-path.sh' | grep -q 'bash ran this file itself'"
step

# --- 4. a toy program -------------------------------------------------------
say "No handler knows the toy format yet: a toy program cannot run." \
	"binfmt_demo registers a handler at the end of the list; it accepts a" \
	"file starting with \\xb7TOY after checking every rule of the format."
show "$execp" "$toy/hello.toy"
show insmod modules/binfmt_demo/binfmt_demo.ko verbose=1
show toydump "$toy/hello.toy"
toydump --json "$toy/hello.toy" >"$(out ch4-hello-toydump.json)"
show "$toy/hello.toy"
show "$toy/hello.elf"
notice "the same program runs from both files: binfmt_elf loaded one," \
	"binfmt_demo the other, after checking the header toydump shows."
json_claim "hello.toy is a valid native toy file (toydump --json)" \
	"$(out ch4-hello-toydump.json)" '.valid and .kind == "native"'
claim "the toy build prints exactly what the ELF build prints" \
	sh -c "[ \"\$($toy/hello.toy)\" = \"\$($toy/hello.elf)\" ]"
step

# --- 5. where the segments land ----------------------------------------------
# segments_json PID TITLE FILE PIE HEADER OUT: write OUT, the JSON that
# draw_segments draws and the claim checks: the file's header (HEADER, a
# JSON file with the entry point, file_size and segments: [{offset, vaddr,
# filesz, memsz, flags}], as toydump --json writes it) beside the live
# process's view: its load base (AT_ENTRY, type 9 in /proc/PID/auxv, minus
# the entry point; 0 for fixed addresses), page size (AT_PAGESZ, 6) and
# /proc/PID/maps, numbers made decimal. Sets seg_at_entry.
segments_json() {
	local pid=$1 type val page=0 r perms off _dev ino path
	seg_at_entry=null
	while read -r type val; do
		case $type in
		6) page=$val ;;
		9) seg_at_entry=$val ;;
		esac
	done < <(od -A n -t u8 -v "/proc/$pid/auxv")
	while read -r r perms off _dev ino path; do
		# [vsyscall] (x86-64) lies above 2^63, beyond bash's numbers
		case ${r%-*} in ????????????????) continue ;; esac
		printf '%d\t%d\t%s\t%d\t%s\t%s\n' "0x${r%-*}" "0x${r#*-}" "$perms" "0x$off" "$ino" "$path"
	done <"/proc/$pid/maps" | jq -R -s --arg title "$2" --arg file "$3" \
		--arg exe "$(readlink "/proc/$pid/exe")" --argjson pid "$pid" --argjson pie "$4" \
		--argjson page "$page" --argjson at_entry "$seg_at_entry" --slurpfile h "$5" '
		{title: $title, file: $file, exe: $exe, pid: $pid, pie: $pie,
		 base: ($at_entry - $h[0].entry), page: $page, file_size: $h[0].file_size,
		 segments: [$h[0].segments[] | {offset, vaddr, filesz, memsz, flags}],
		 maps: [split("\n")[] | select(length > 0) | split("\t") |
			{start: (.[0] | tonumber), end: (.[1] | tonumber), perms: .[2],
			 offset: (.[3] | tonumber), inode: (.[4] | tonumber), path: (.[5:] | join("\t"))}]}' >"$6"
}

# elf_header FILE: the HEADER of segments_json for an ELF file, from
# `readelf -hlW` output on stdin (its PT_LOAD program headers); sets
# elf_type (EXEC, DYN...) and elf_entry.
elf_header() {
	local t off va _pa fsz msz rest sep=
	printf '{"file_size": %d, "segments": [' "$(stat -L -c %s "$1")"
	while read -r t off va _pa fsz msz rest; do
		case $t in
		Type:) elf_type=$off ;;
		Entry) [ "$va" = address: ] && elf_entry=$((_pa)) ;; # Entry point address: 0x...
		LOAD)
			rest=${rest% *} # the flags ("R E"...), without the alignment
			printf '%s{"offset": %d, "vaddr": %d, "filesz": %d, "memsz": %d, "flags": "%s"}' \
				"$sep" "$off" "$va" "$fsz" "$msz" "${rest// /}"
			sep=', '
			;;
		esac
	done
	printf '], "entry": %d}\n' "$elf_entry"
}

# The claim on such a JSON: every segment with file bytes starts, rounded
# down to a page, at base + VirtAddr in a mapping of the program file whose
# offset is the segment's Offset rounded down; a segment with no file bytes
# (bss only) lies in anonymous memory (inode 0). A non-PIE's base is 0.
seg_check='.page as $p | .base as $b | .exe as $x | .maps as $m |
	def down: (. / $p | floor) * $p;
	$p > 0 and (.pie or .base == 0) and (.segments | length > 0) and (.segments | all(. as $g |
		(($b + $g.vaddr) | down) as $s |
		if $g.filesz > 0 then any($m[]; .start == $s and .offset == ($g.offset | down) and .path == $x)
		else any($m[]; .start <= $s and .end > $s and .inode == 0) end))'

say "A program file is not copied into memory as a whole. Its header lists" \
	"segments: a range of the file (Offset, FileSiz), the virtual address" \
	"where it goes (VirtAddr), its size in memory (MemSiz) and permissions." \
	"The loader maps each segment, whole pages of the file at page-aligned" \
	"addresses (the bytes are read on first touch); memory beyond the file" \
	"bytes (MemSiz > FileSiz: the bss, zero-initialised globals) is" \
	"zero-filled. Two live processes: sleeper.toy, a toy program that sleeps" \
	"(loaded by binfmt_demo), and sleep, an ordinary ELF program, a" \
	"position-independent executable (PIE): its segments go at a random" \
	"load base plus VirtAddr."
"$toy/sleeper.toy" 60 >"$work/sleeper.out" &
tpid=$!
sleep 60 &
epid=$!
# Until the toy has printed "ready" and sleep sleeps (its exec done and
# its dynamic loader finished); read by the shell, without a process each.
for _ in $(seq 100); do
	ready='' wchan=''
	read -r ready <"$work/sleeper.out"
	read -r wchan <"/proc/$epid/wchan"
	[ "$ready" = ready ] && [[ $wchan == *nanosleep* ]] && break
	sleep 0.05
done 2>/dev/null
toydump --json "$toy/sleeper.toy" >"$(out ch4-sleeper-toydump.json)"
show cat "/proc/$tpid/maps"
segments_json "$tpid" "sleeper.toy, a toy program loaded by binfmt_demo" "$toy/sleeper.toy" \
	false "$(out ch4-sleeper-toydump.json)" "$(out ch4-segments-toy.json)"
elf=$(readlink "/proc/$epid/exe")
readelf -hlW "$elf" >"$work/elf.txt"
show grep -E '^ +(Type|Entry|LOAD)' "$work/elf.txt"
show grep -F " $elf" "/proc/$epid/maps"
elf_header "$elf" <"$work/elf.txt" >"$work/elf.json"
pie=false
[ "$elf_type" = DYN ] && pie=true
segments_json "$epid" "${elf##*/}, an ordinary ELF program" "$elf" "$pie" \
	"$work/elf.json" "$(out ch4-segments-elf.json)"
say "$(printf 'Load base of %s = AT_ENTRY (from /proc/%s/auxv) - entry point = %#x - %#x = %#x' \
	"${elf##*/}" "$epid" "$seg_at_entry" "$elf_entry" "$((seg_at_entry - elf_entry))")"
kill "$tpid" "$epid"
wait "$tpid" "$epid" 2>/dev/null
notice "the mappings start at page boundaries: VirtAddr and Offset rounded" \
	"down to a page, by the same amount (a segment's VirtAddr and Offset are" \
	"equal modulo the page size). The toy's addresses are those of its" \
	"header; sleep's are its load base plus VirtAddr. The start of sleep's" \
	"RW segment shows as r--p: its dynamic loader made it read-only after" \
	"relocating it (RELRO)."
json_claim "each segment of sleeper.toy is mapped at its VirtAddr, rounded down to a page, from its file offset rounded down (/proc/PID/maps; a segment without file bytes: anonymous memory)" \
	"$(out ch4-segments-toy.json)" "$seg_check"
json_claim "each PT_LOAD segment of ${elf##*/}$([ $pie = true ] && echo ' (a PIE)') is mapped at load base (from AT_ENTRY) + VirtAddr, rounded down to a page, from its file offset rounded down (/proc/PID/maps)" \
	"$(out ch4-segments-elf.json)" "$seg_check"
draw_segments "$(out ch4-segments-toy.json)" "$(out ch4-segments-toy.svg)"
picture ch4-segments-toy.svg "where the segments of a toy program land in memory: file offsets beside virtual addresses"
draw_segments "$(out ch4-segments-elf.json)" "$(out ch4-segments-elf.svg)"
picture ch4-segments-elf.svg "where the segments of an ELF program (${elf##*/}, a PIE) land in memory: file offsets beside virtual addresses"
step

# --- 6. the handler chain of the interpreted kind ----------------------------
say "The interpreted toy kind names an interpreter (toyvm, an ELF program)," \
	"like '#!'. We watch the handler search with ftrace: the function tracer" \
	"on every handler's load function, and kretprobe events for the answers" \
	"of binfmt_script and binfmt_demo (-8 is -ENOEXEC). A '#!' script whose" \
	"interpreter is greet.toy makes a chain of three handlers."
printf '#!%s\n' "$LKM_ROOT/$toy/greet.toy" >"$work/via-toy.sh"
chmod +x "$work/via-toy.sh"
toydump --json "$toy/greet.toy" >"$(out ch4-greet-toydump.json)"
show jq -c '{kind, interpreter, valid}' "$(out ch4-greet-toydump.json)"
show cat "$work/via-toy.sh"
[ -e "$T/trace" ] || mount -t tracefs nodev "$T"
echo 0 >"$T/tracing_on"
echo nop >"$T/current_tracer"
echo 1024 >"$T/saved_cmdlines_size" 2>/dev/null
echo >"$T/kprobe_events"
: >"$T/set_ftrace_filter"
for f in load_script load_elf_binary load_misc_binary toy_load_binary; do
	echo "$f" >>"$T/set_ftrace_filter" 2>/dev/null
done
echo 'r:ch4/script load_script ret=$retval:s32' >>"$T/kprobe_events"
echo 'r:ch4/toy binfmt_demo:toy_load_binary ret=$retval:s32' >>"$T/kprobe_events"
echo 1 >"$T/events/ch4/enable"
echo 1 >"$T/events/syscalls/sys_enter_execve/enable"
echo function >"$T/current_tracer"
echo >"$T/trace"
echo 1 >"$T/tracing_on"
show "$execp" "$work/via-toy.sh" via-toy.sh hi
echo 0 >"$T/tracing_on"
# binfmt_demo_exec's lines from its own execve() on (before it, the same
# process was the shell's child exec'ing binfmt_demo_exec). Found by PID,
# the one that called toy_load_binary: a busy boot can evict its comm from
# the tracer's saved_cmdlines (shown as <...>).
pid=$(grep -m1 -E 'toy_load_binary <-' "$T/trace" |
	sed -E 's/^ *[^ ]*-([0-9]+) +\[[0-9]+\].*/\1/')
grep -E "^ *[^ ]*-${pid:-none} +\[" "$T/trace" |
	sed -E 's/^ *([^ ]+) +\[[0-9]+\] +[^ ]+ +[0-9.]+: /\1 /' |
	tac | sed '/sys_execve(/q' | tac >"$(out ch4-chain.txt)"
echo nop >"$T/current_tracer"
echo 0 >"$T/events/ch4/enable"
echo 0 >"$T/events/syscalls/sys_enter_execve/enable"
echo >"$T/kprobe_events"
: >"$T/set_ftrace_filter"
show cat "$(out ch4-chain.txt)"
notice "three searches from the head of the list: the script (binfmt_script" \
	"takes it), greet.toy (binfmt_script and binfmt_elf say -ENOEXEC, then" \
	"binfmt_demo takes it; load_elf_binary appears twice: the 64-bit and the" \
	"32-bit ELF handler) and toyvm (binfmt_elf takes it). toyvm's program" \
	"sees argv greet.toy via-toy.sh hi."
# The handlers called, in order, and the answers seen.
calls=$(grep -oE '(load_script|load_elf_binary|load_misc_binary|toy_load_binary) <-' \
	"$(out ch4-chain.txt)" | cut -d' ' -f1 | tr '\n' ' ')
claim "the kernel asked the handlers in turn: binfmt_script took the script, binfmt_demo (last in the list) the toy, then the search restarted for toyvm" \
	sh -c "echo '$calls' | grep -Eq '^(load_misc_binary )?load_script (load_misc_binary )?load_script (load_elf_binary )+toy_load_binary (load_misc_binary )?load_script load_elf_binary $'"
claim "binfmt_script answered -ENOEXEC for greet.toy and binfmt_demo handed it on (0)" \
	sh -c "grep -Eq 'script: .*ret=-8\$' '$(out ch4-chain.txt)' &&
		grep -Eq 'toy: .*ret=0\$' '$(out ch4-chain.txt)'"
step

show grep -E '^(examined|loaded|handed_off|rejected|not_ours) ' /proc/binfmt_demo/stats
show sh -c "dmesg | grep 'binfmt_demo: [lh]' | tail -n 3"
claim "binfmt_demo counted the native loads and exactly one hand-off" \
	sh -c "grep -Eqx 'loaded [1-9][0-9]*' /proc/binfmt_demo/stats && grep -qx 'handed_off 1' /proc/binfmt_demo/stats"

# The picture, drawn from the trace: one row per handler search, the
# handlers in the order they were asked, green for the one that took the
# file (binfmt_elf's answer is not probed: it took the file when the next
# search did not follow it directly).
files=("via-toy.sh" "greet.toy" "toyvm")
awk -v names="${files[*]}" '
	BEGIN { split(names, file, " ") }
	/ (load_script|load_elf_binary|load_misc_binary|toy_load_binary) <-/ {
		for (i = 1; i <= NF; i++) if ($(i + 1) == "<-bprm_execve") h[++n] = $i
	}
	/ script: .*ret=/ { r[n] = substr($NF, 5) }
	/ toy: .*ret=/ { r[n] = substr($NF, 5) }
	END {
		print "digraph chain { node [shape=box, style=filled, fontname=\"sans\"];"
		name["load_script"] = "binfmt_script"; name["load_misc_binary"] = "binfmt_misc"
		name["toy_load_binary"] = "binfmt_demo"
		s = 1; first = 1; elf = 0
		printf "subgraph cluster1 { label=\"search 1: %s\"; { rank=same;", file[1]
		for (i = 1; i <= n; i++) {
			took = (i in r) ? r[i] == "0" : (i == n || h[i + 1] == "load_script" || h[i + 1] == "load_misc_binary")
			label = name[h[i]]
			if (h[i] == "load_elf_binary")
				label = elf++ ? "compat_binfmt_elf (32-bit)" : "binfmt_elf"
			printf " n%d [label=\"%s\\n%s\", fillcolor=\"%s\"];", i, label,
				took ? "took it" : "-ENOEXEC", took ? "palegreen" : "mistyrose"
			if (!first) printf " n%d -> n%d;", i - 1, i
			first = 0
			if (took && i < n) {
				s++; elf = 0; first = 1
				printf " } }\n n%d -> n%d [label=\" restart with the interpreter\", style=dashed];\n", i, i + 1
				printf "subgraph cluster%d { label=\"search %d: %s\"; { rank=same;", s, s, file[s]
			}
		}
		print " } } }"
	}' "$(out ch4-chain.txt)" | dot -Tsvg >"$(out ch4-chain.svg)"
picture ch4-chain.svg "execve of a #! script whose interpreter is a toy file: three handler searches"
step

show rmmod binfmt_demo
rm -rf "$work"
demo_end
