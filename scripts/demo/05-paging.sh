#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# title: Paging: page tables, one address translated, the kernel half, huge pages, swapping
. "$(dirname "$0")/lib.sh"

P=build/tests/progs
H1G=/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages
kids=()
h1g=
zram=
finish() {
	local p
	for p in "${kids[@]}"; do kill -9 "$p" 2>/dev/null; done
	wait 2>/dev/null
	[ -n "$h1g" ] && echo "$h1g" >$H1G
	if [ -n "$zram" ]; then
		swapoff /dev/zram0 2>/dev/null || busybox swapoff /dev/zram0
		echo 1 >/sys/block/zram0/reset
	fi
	rmmod pagewalk binfmt_demo 2>/dev/null
}
trap finish EXIT

# jclaim TEXT FILE JQ-EXPR: json_claim that also fails on an empty or
# missing FILE (jq -e succeeds on no input)
jclaim() {
	claim "$1" jq -e -n "input | ($3)" "$2"
}

# started NAME CMD...: run CMD in the background (killed at the end);
# waits until it printed a line (at most 10 s); its PID is in $started
started() {
	local f
	f=$(out "$1")
	shift
	"$@" >"$f" &
	started=$!
	kids+=("$started")
	for _ in $(seq 100); do [ -s "$f" ] && return 0; sleep 0.1; done
}

# What differs between the architectures: the register that points at the
# top table, how the kernel half is reached, the huge page sizes.
if [ "$(uname -m)" = aarch64 ]; then
	TOP=TTBR0_EL1
	top_text="register TTBR0_EL1 (translation table base register 0) points"
	top_text+=" at the top table of the running process's user half;"
	top_text+=" TTBR1_EL1 points at the kernel's own tree."
	huge_sizes="hugepages-1048576kB hugepages-2048kB hugepages-32768kB hugepages-64kB"
else
	TOP=CR3
	top_text="register CR3 points at the top table of the running process."
	huge_sizes="hugepages-1048576kB hugepages-2048kB"
fi

chapter 5 "Paging: page tables, one address translated, the kernel half, huge pages, swapping"
say "Every address a program uses is virtual. The MMU translates it through" \
	"a tree of page tables that the kernel builds for each process; the CPU" \
	"$top_text The" \
	"pagewalk module reads those tables live: /proc/pagewalk/<pid>."
show insmod modules/pagewalk/pagewalk.ko
show insmod modules/binfmt_demo/binfmt_demo.ko
step

# --- a toy program and a normal program ----------------------------------------
say "First the toy program of chapter 4 (run by binfmt_demo): four small" \
	"segments, a stack, nothing else. The summary counts present 4 KiB" \
	"pages per mapping and what the page tables cost."
started ch5-toy.txt build/toy/sleeper.toy 3600
toy=$started
show pagewalk "$toy"
show cat "/proc/pagewalk/$toy"
notice "each 'vma' line is a mapping; the lines under it are the page-table" \
	"entries that are really filled: most of the address space has none."
step
say "A normal program (Debian's sleep, dynamically linked) has the C library," \
	"the dynamic linker, the vdso and a heap: more mappings, more tables."
started ch5-sleep.txt sh -c 'echo ready; exec sleep 3600'
normal=$started
for _ in $(seq 100); do [ "$(cat "/proc/$normal/comm" 2>/dev/null)" = sleep ] && break; sleep 0.1; done
show pagewalk "$normal"
pagewalk --json "$toy" >"$(out ch5-toy-summary.json)"
pagewalk --json "$normal" >"$(out ch5-sleep-summary.json)"
notice "page tables are memory too: compare the 'page tables' KiB of the two."
claim "the normal program has more mappings than the toy" test \
	"$(jq '.vmas | length' "$(out ch5-sleep-summary.json)")" -gt \
	"$(jq '.vmas | length' "$(out ch5-toy-summary.json)")"
step

# --- dynamic linking ------------------------------------------------------------
# AT_BASE (7) of an auxiliary vector, as hex: od prints its pairs of
# 64-bit words (type, value), one pair per line.
at_base() {
	od -An -v -tx8 -w16 "/proc/$1/auxv" | awk '$1 == "0000000000000007" {print "0x" $2; f = 1} END {if (!f) print 0}'
}
interp=$(readelf -lW /bin/sleep | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
ldso=$(realpath "$interp" 2>/dev/null)
say "Where did sleep's C library come from? sleep's ELF file names an" \
	"interpreter (the PT_INTERP segment): the dynamic linker. execve() maps" \
	"it next to the program and starts the process in it, not at sleep's" \
	"own entry point; the linker then maps the libraries and jumps to sleep." \
	"The kernel tells it where it was put: AT_BASE in the auxiliary vector" \
	"(/proc/<pid>/auxv)."
show sh -c "readelf -lW /bin/sleep | grep -E 'INTERP|interpreter'"
ldstart=$(awk -v f="$ldso" '$1 == "vma" && $NF == f {sub(/-.*/, "", $2); print $2; exit}' "/proc/pagewalk/$normal")
show grep -F " $ldso" "/proc/pagewalk/$normal"
base=$(at_base "$normal")
show echo "AT_BASE of sleep ($normal): $base"
claim "sleep names an interpreter ($interp), and the kernel mapped it where AT_BASE says: the first mapping of $ldso in pagewalk's listing starts at AT_BASE ($base)" \
	test -n "$interp" -a -n "$ldstart" -a "$((base))" -ne 0 -a "$((base))" -eq "$((${ldstart:-0}))"
claim "the toy has no interpreter: no PT_INTERP in its file, no mapping of $ldso, AT_BASE 0" \
	test "$(toydump --json build/toy/sleeper.toy | jq -r '.interpreter // "none"') $(grep -cF " $ldso" "/proc/pagewalk/$toy") $(($(at_base "$toy")))" = "none 0 0"
notice "a static program (the toy, or an ELF linked with -static) needs no" \
	"interpreter: execve() jumps straight to its entry point."
step

# --- one address, level by level -----------------------------------------------
entry=$(build/bin/toydump build/toy/sleeper.toy | awk '/Entry point/ {print $3}')
say "Now one address: the toy's entry point $entry, the first instruction" \
	"it ran. Each level takes 9 bits of the address as an index into a" \
	"table of 512 entries; the entry gives the physical address of the next" \
	"table; the last one gives the page frame, and the low 12 bits are the" \
	"offset inside the 4 KiB page."
show pagewalk "$toy" "$entry"
pagewalk --json "$toy" "$entry" >"$(out ch5-translate.json)"
pagewalk --svg "$toy" "$entry" >"$(out ch5-translation.svg)"
pagewalk --svg "$toy" >"$(out ch5-tree.svg)"
picture ch5-translation.svg "the toy's entry point $entry as its bit fields: each index picks a slot of its table, the last entry gives the frame, the offset the byte in it"
picture ch5-tree.svg "the toy program's page-table tree: used slots per table"
levels=$(jq .levels "$(out ch5-translate.json)")
jclaim "the walk of $entry takes $levels steps (one table per level) and ends on a 4 KiB page" \
	"$(out ch5-translate.json)" \
	'.stop == "page" and (.steps | length) == .levels and .page_size == 4096'
while read -r _ r _; do
	s=${r%-*} e=${r#*-}
	[ $((s)) -le $((entry)) ] && [ $((entry)) -lt $((e)) ] && break
done < <(grep '^vma' "/proc/pagewalk/$toy")
s=${s#0x} e=${e#0x}
pm=$($P/pagewalk_check "$toy" --pfns "$s" "$e" | sed -n "$((((entry - 0x$s) >> 12) + 1))p")
jclaim "its physical address is the frame /proc/$toy/pagemap gives (0x$pm) plus the offset" \
	"$(out ch5-translate.json)" ".phys == $((0x${pm:-0} * 4096 + (entry & 4095)))"
if [ $TOP = CR3 ]; then
	jclaim "CR3 holds the top table's physical address: bits 12 and up (its low 12 bits are zero here; they carry the PCID or cache bits)" \
		"$(out ch5-translate.json)" '.cr3 == .steps[0].table and .cr3 % 4096 == 0 and .cr3 > 0 and .top_register == "CR3"'
	notice "the article's 'CR3 holds the top 20 bits' is 32-bit paging; on" \
		"x86-64 CR3 holds the table's physical address from bit 12 up (up to" \
		"bit 51), the low 12 bits are flags or the PCID."
else
	# With 5 levels of 4 KiB pages the top level indexes only bits 51:48:
	# 16 entries, a 128-byte table (the MMU wants 64-byte alignment).
	jclaim "TTBR0_EL1 holds the top table's physical address (64-byte aligned; a whole page only with 4 levels)" \
		"$(out ch5-translate.json)" '.cr3 == .steps[0].table and .cr3 % 64 == 0 and .cr3 > 0 and .top_register == "TTBR0_EL1" and (.levels == 5 or .cr3 % 4096 == 0)'
	notice "where x86 has one register, CR3, for the whole address space," \
		"arm64 has two: TTBR0_EL1 for the user half (its top 16 bits carry" \
		"the ASID, the address-space number the TLB tags entries with) and" \
		"TTBR1_EL1 for the kernel half, which does not change on a switch." \
		"With 5 levels the top table has only 16 entries (bits 51:48), 128" \
		"bytes: it need not start on a page."
fi
step

# --- translation on -------------------------------------------------------------
if [ $TOP = CR3 ]; then
	ctl=$(awk '/^# cr0/ {print $3; exit}' "/proc/pagewalk/$toy")
	say "Translation is not always on: the CPU starts without paging, and the" \
		"kernel turns it on early in boot by setting bit 31 (PG) of control" \
		"register CR0, with bit 16 (WP: read-only pages bind the kernel too)" \
		"and bit 0 (PE: protected mode). The module reads CR0 beside CR3:"
	show grep -E '^# (cr3|cr0)' "/proc/pagewalk/$toy"
	claim "CR0.PG (bit 31) is set: paging is on (CR0 = $ctl), and the module's words say so" \
		test "$(((ctl >> 31) & 1)) $(grep -c '^# cr0 .* pg=1 wp=1' "/proc/pagewalk/$toy")" = "1 1"
else
	ctl=$(awk '/^# sctlr_el1/ {print $3; exit}' "/proc/pagewalk/$toy")
	say "Translation is not always on: the CPU starts with the MMU off, and" \
		"the kernel turns it on early in boot by setting bit 0 (M) of the" \
		"system control register SCTLR_EL1 (WXN, bit 19, would make every" \
		"writable page non-executable). The module reads it beside the TTBRs:"
	show grep -E '^# (ttbr0|ttbr1|sctlr_el1)' "/proc/pagewalk/$toy"
	claim "SCTLR_EL1.M (bit 0) is set: the MMU translates (SCTLR_EL1 = $ctl), and the module's words say so" \
		test "$((ctl & 1)) $(grep -c '^# sctlr_el1 .* m=1' "/proc/pagewalk/$toy")" = "1 1"
fi
step

# --- 4 or 5 levels ---------------------------------------------------------------
if [ $TOP = CR3 ]; then
	say "How many levels? 4 on this boot: PGD, PUD, PMD, PTE, 9 bits each plus" \
		"12 bits of offset = 48-bit addresses (256 TiB). With 5-level paging" \
		"(LA57, the second boot of this chapter) a P4D level adds 9 bits: 57."
	show grep -m1 -E '^# levels' "/proc/pagewalk/$toy"
	jclaim "this boot uses $levels-level paging, as /proc/cpuinfo says (la57 flag: $(grep -qw la57 /proc/cpuinfo && echo yes || echo no))" \
		"$(out ch5-translate.json)" \
		".levels == $(grep -qw la57 /proc/cpuinfo && echo 5 || echo 4)"
else
	# The width of user addresses, shown live: a mapping asked for at 2^52
	# (pagewalk_mem's region high) lies above 2^48 only when the kernel
	# runs with 52-bit addresses, 5 levels of 4 KiB pages (FEAT_LPA2).
	started ch5-mem-levels.txt $P/pagewalk_mem
	for _ in $(seq 100); do grep -q '^ready' "$(out ch5-mem-levels.txt)" && break; sleep 0.1; done
	read -r hs _ < <(grep '^high' "$(out ch5-mem-levels.txt)" | cut -d' ' -f2-)
	vbits=48
	[ -n "$hs" ] && [ $((0x$hs >> 48)) -gt 0 ] && vbits=52
	memkid=$started
	say "How many levels? With 4 KiB pages (Debian's arm64 kernels) each level" \
		"takes 9 bits of the address plus 12 bits of offset: 4 levels, PGD," \
		"PUD, PMD, PTE, give 48-bit addresses (256 TiB per half). On a CPU with" \
		"FEAT_LPA2 (this emulated one has it) the kernel runs with 52-bit" \
		"addresses: a P4D level and a small top level of 4 bits. Programs still" \
		"get addresses below 2^48 unless they ask for more, as this one did" \
		"(mmap at 2^52):"
	show grep -E '^(high|anon) ' "$(out ch5-mem-levels.txt)"
	show grep -m1 -E '^# levels' "/proc/pagewalk/$toy"
	jclaim "this boot uses $levels-level paging, as the $vbits-bit user addresses say (a mapping asked for at 2^52: ${hs:+0x}${hs:-refused})" \
		"$(out ch5-translate.json)" \
		".levels == $([ $vbits = 52 ] && echo 5 || echo 4)"
	kill -9 "$memkid"
fi
step

# --- the kernel half -------------------------------------------------------------
ktext=0x$(awk '$3 == "_text" {print $1; exit}' /proc/kallsyms)
say "The top half of every address space is the kernel's. Take the first" \
	"byte of the kernel's code, _text = $ktext, in the toy's page tables:"
show pagewalk "$toy" "$ktext"
if [ $TOP = CR3 ]; then
	show pagewalk demo kernel
	pagewalk demo kernel --json >"$(out ch5-kernel.json)"
	jclaim "the kernel is mapped in every process at the same frame, supervisor-only (no user bit)" \
		"$(out ch5-kernel.json)" \
		'.holds and .parent.phys == .child.phys and (.parent.user | not) and (.child.user | not)'
else
	say "And in the other process, sleep:"
	show pagewalk "$normal" "$ktext"
	pagewalk --json "$toy" "$ktext" >"$(out ch5-kernel-toy.json)"
	pagewalk --json "$normal" "$ktext" >"$(out ch5-kernel-sleep.json)"
	pagewalk --json "$normal" "$entry" >"$(out ch5-user-sleep.json)"
	claim "the kernel half is one tree for every process: _text is reached from TTBR1_EL1, the same table and entry in both, while each has its own TTBR0_EL1" \
		jq -e -n '[inputs] | .[0].top_register == "TTBR1_EL1" and .[0].cr3 > 0 and
			.[0].cr3 == .[1].cr3 and .[0].steps == .[1].steps and (.[0].steps | length) == 1 and
			.[2].cr3 != .[3].cr3 and .[2].top_register == "TTBR0_EL1"' \
		"$(out ch5-kernel-toy.json)" "$(out ch5-kernel-sleep.json)" \
		"$(out ch5-translate.json)" "$(out ch5-user-sleep.json)"
fi
if [ $TOP = CR3 ]; then
	notice "the kernel is mapped, but a user-mode access faults: the user bit is" \
		"clear (and with PTI on, user mode runs on a copy without most of it)."
else
	notice "on arm64 the kernel half is a tree of its own (TTBR1_EL1), the same" \
		"for every process, and its entries deny EL0 access (AP[1] clear, the" \
		"user bit). With KPTI, on CPUs that need it, TTBR1_EL1 points at a" \
		"small trampoline while EL0 code runs."
fi
step

# --- huge pages ------------------------------------------------------------------
if [ $TOP = CR3 ]; then
	say "Huge pages: one entry higher up maps a bigger page. A PMD entry with" \
		"the PS bit maps 2 MiB; a PUD entry maps 1 GiB. There is no 4 GiB page" \
		"on x86-64: the kernel offers exactly these sizes:"
	show ls /sys/kernel/mm/hugepages
	claim "x86-64 huge pages are 2 MiB and 1 GiB (no 4 GiB size exists)" \
		test "$(ls /sys/kernel/mm/hugepages | paste -sd' ')" = "$huge_sizes"
else
	say "Huge pages: one entry higher up maps a bigger page. A PMD entry that" \
		"is a block descriptor (bits 1:0 = 01 instead of 11, a table) maps" \
		"2 MiB; a PUD block maps 1 GiB. arm64 adds the contiguous hint: 16" \
		"neighbouring entries marked as one give 64 KiB (PTEs) or 32 MiB" \
		"(PMDs). The kernel offers exactly these sizes:"
	show ls /sys/kernel/mm/hugepages
	claim "arm64 huge pages (4 KiB granule) are 64 KiB, 2 MiB, 32 MiB and 1 GiB" \
		test "$(ls /sys/kernel/mm/hugepages | paste -sd' ')" = "$huge_sizes"
fi
show pagewalk demo huge
pagewalk demo huge --json >"$(out ch5-huge.json)"
jclaim "a transparent huge page: the walk stops at the PMD, on a 2 MiB page" \
	"$(out ch5-huge.json)" '.holds and .leaf_level == "PMD" and .page_size == 2097152 and .steps == .levels - 1'
# The same drawn: a transparent huge page of a process (pagewalk_mem's thp
# region, MADV_HUGEPAGE), an address inside it.
f=$(out ch5-mem.txt)
$P/pagewalk_mem >"$f" &
kids+=($!)
for _ in $(seq 100); do grep -q '^ready' "$f" && break; sleep 0.1; done
read -r ts _ < <(awk '/^thp/ {print $2, $3}' "$f")
if [ -n "$ts" ]; then
	mem=$(awk '/^ready/ {print $2}' "$f")
	pagewalk --json "$mem" "$(printf '0x%x' $((0x$ts + 0x12345)))" >"$(out ch5-huge-translate.json)"
	pagewalk --svg "$mem" "$(printf '0x%x' $((0x$ts + 0x12345)))" >"$(out ch5-huge-translation.svg)"
	hsize=$(jq '.page_size / 1024' "$(out ch5-huge-translate.json)")
	picture ch5-huge-translation.svg "an address in a transparent huge page: the walk ends at the $(jq -r '.steps[-1].level' "$(out ch5-huge-translate.json)") on a $hsize KiB page$([ "$hsize" = 2048 ] && echo ', the PTE index bits merge into a 21-bit offset')"
fi
if [ "$(cat $H1G)" -lt 1 ]; then
	say "A 1 GiB page needs 1 GiB of contiguous free memory; drop the caches," \
		"compact memory and ask for one:"
	h1g=$(cat $H1G)
	sync
	echo 3 >/proc/sys/vm/drop_caches
	echo 1 >/proc/sys/vm/compact_memory
	show sh -c "echo 1 > $H1G; cat $H1G"
fi
if [ "$(cat $H1G)" -ge 1 ] && started ch5-giga.txt $P/pagewalk_map giga &&
	grep -q '^giga' "$(out ch5-giga.txt)"; then
	giga=$started
	read -r gs _ < <(awk '/^giga/ {print $2, $3}' "$(out ch5-giga.txt)")
	show grep ' pud ' "/proc/pagewalk/$giga"
	show pagewalk "$giga" "0x$gs"
	pagewalk --json "$giga" "0x$gs" >"$(out ch5-giga.json)"
	pagewalk --svg "$giga" "0x$gs" >"$(out ch5-giga-translation.svg)"
	picture ch5-giga-translation.svg "a 1 GiB page: the walk ends at the PUD, two levels early; a 30-bit offset"
	jclaim "a 1 GiB page: the walk stops at the PUD level" "$(out ch5-giga.json)" \
		'.page_size == 1073741824 and (.steps | length) == .levels - 2 and .steps[-1].level == "PUD"'
	kill -9 "$giga"
else
	notice "no 1 GiB page here ($(grep -qw pdpe1gb /proc/cpuinfo && echo 'not enough contiguous memory' || echo 'the CPU lacks pdpe1gb')):" \
		"boot with --mem 3G --append 'hugepagesz=1G hugepages=1' to see one."
fi
step

# --- swapping --------------------------------------------------------------------
# in_range S E: the listing lines of $spid that start in [0xS, 0xE), the
# first four of them and how many more
in_range() {
	local l a n=0
	while read -r l; do
		a=${l%%-*}
		[ $((a)) -ge $((0x$1)) ] && [ $((a)) -lt $((0x$2)) ] || continue
		n=$((n + 1))
		[ $n -le 4 ] && echo "$l"
	done < <(grep '^0x' "/proc/pagewalk/$spid")
	[ $n -le 4 ] || echo "... $((n - 4)) more lines like these"
}
command -v swapon >/dev/null || swapon() { busybox swapon "$@"; }
if { [ -e /sys/block/zram0 ] || modprobe zram 2>/dev/null; } && [ -e /sys/block/zram0 ] &&
	echo 64M >/sys/block/zram0/disksize && mkswap /dev/zram0 >/dev/null &&
	swapon /dev/zram0; then
	zram=1
	say "A page need not stay in memory. When memory runs short the kernel" \
		"writes pages out to swap and clears their entries' present bit: the" \
		"entry then says where the page went (the swap device's type and the" \
		"offset in it). The next touch faults, and the kernel reads the page" \
		"back into a frame: demand paging from swap. This VM swaps to zram" \
		"(compressed memory). pagewalk_map writes 64 pages, then asks the" \
		"kernel to page them out now (madvise MADV_PAGEOUT):"
	show cat /proc/swaps
	f=$(out ch5-swap.txt)
	$P/pagewalk_map swap 64 >"$f" &
	kids+=($!)
	for _ in $(seq 100); do grep -q '^ready' "$f" && break; sleep 0.1; done
	spid=$(awk '/^ready/ {print $2}' "$f")
	read -r ss se < <(awk '/^swap/ {print $2, $3}' "$f")
	show in_range "$ss" "$se"
	claim "the 64 paged-out pages are swap entries in pagewalk's listing, each with the type and offset /proc/$spid/pagemap gives" \
		test "$($P/pagewalk_check "$spid" --swap "$ss" "$se" 2>&1)" = "pages=64 swapped=64 pm_swapped=64 match=64"
	say "Now the program reads its 64 pages again:"
	kill -CONT "$spid"
	for _ in $(seq 100); do grep -q '^touched' "$f" && break; sleep 0.1; done
	show grep '^touched' "$f"
	show in_range "$ss" "$se"
	claim "read back, the 64 pages hold what was written and are present again, with the frames pagemap gives" \
		test "$(grep '^touched' "$f") $($P/pagewalk_check "$spid" --region "$ss" "$se" | cut -d' ' -f1-2) $($P/pagewalk_check "$spid" --swap "$ss" "$se" | cut -d' ' -f2)" = \
		"touched 64 intact 64 present=64 pm_present=64 swapped=0"
	claim "every present page of that process has pagemap's frame" $P/pagewalk_check "$spid"
	notice "the same virtual addresses, now backed by frames the kernel" \
		"picked at each fault: a process never sees where its pages were in" \
		"between, only that the first touch took longer."
else
	notice "no zram swap device in this kernel ($(modprobe zram 2>&1 | tail -1)): no swapping shown."
fi
step

for p in "${kids[@]}"; do kill -9 "$p" 2>/dev/null; done
wait 2>/dev/null
kids=()
show rmmod pagewalk binfmt_demo
demo_end
