#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# pagewalk.sh - tests of /proc/pagewalk (modules/pagewalk), run in the lab VM
# as root from the repo: the entries follow the processes; every frame
# /proc/pagewalk/<pid> shows equals /proc/<pid>/pagemap read at the same
# moment (anon, file, stack, THP, zero page, PROT_NONE, COW after fork,
# hugetlb, above 128 TiB with --la57, a 1 GiB hugetlb page when one is
# reserved); swap entries (zram) against pagemap's type and offset; the
# header against /proc/cpuinfo, the meltdown status and VmPTE; the tool's
# --json in every mode, demo claims asserted from it; permissions as root
# and as an unprivileged user; kernel threads, dead PIDs, garbage writes;
# kernel memory while a 1 GiB process is read slowly; a reader racing a
# process that maps, unmaps, mprotects and forks; unload with open files.
#
# 1 GiB pages need: scripts/vm.sh --mem 3G --append "hugepagesz=1G hugepages=1"
#
# On arm64 (scripts/vm.sh --arch arm64) the same oracles run; what differs
# is asserted as arm64 shows it: the header's granule, VA bits, TTBR0_EL1
# table and ASID, TTBR1_EL1 table and KPTI; "valid" leaves, blocks at the
# PMD; kernel addresses under TTBR1_EL1 (top-level entry only). Only the
# x86-only claims are skipped (the kernel image in every process's own
# tables), and the tests whose tool the arm64 guest root lacks (jq, dot).

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 1

P=build/tests/progs
T=build/bin/pagewalk
ARCH=$(uname -m)
# The arm64 guest root is unpacked without maintainer scripts: util-linux's
# swapon and mount may be missing there (busybox has them).
command -v swapon >/dev/null || swapon() { busybox swapon "$@"; }
command -v swapoff >/dev/null || swapoff() { busybox swapoff "$@"; }
command -v mount >/dev/null || mount() { busybox mount "$@"; }
command -v umount >/dev/null || umount() { busybox umount "$@"; }
have() { command -v "$1" >/dev/null; }
# lacks TOOL NAME: true, with the test NAME skipped, without TOOL
lacks() {
	have "$1" && return 1
	ktap_skip "$2" "no $1 in the guest root ($ARCH)"
	return 0
}
KO=modules/pagewalk/pagewalk.ko
U="setpriv --reuid=1000 --regid=1000 --clear-groups"
CHURN_SECONDS=${PAGEWALK_CHURN_SECONDS:-30}
BIG_MB=${PAGEWALK_BIG_MB:-1024}

need_files $P/pagewalk_mem $P/pagewalk_check $P/pagewalk_churn $P/pagewalk_map $P/pagewalk_big

work=$(mktemp -d)
pids=()
on_exit 'rm -rf "$work"'
on_exit 'swapoff /dev/zram0'
on_exit 'umount /etc/passwd'

# Debian's 7.2 and 7.3 run DAMON_STAT by default: its kdamond samples
# memory by clearing accessed bits, in every process, all the time. The
# tests compare listings read at different moments: it is off meanwhile.
DAMON_STAT=/sys/module/damon_stat/parameters/enabled
damon_was=
if [ -w $DAMON_STAT ]; then
	damon_was=$(cat $DAMON_STAT)
	echo N >$DAMON_STAT
	ktap_diag "damon_stat off for the suite (was $damon_was, now $(cat $DAMON_STAT))"
fi
on_exit '[ -z "$damon_was" ] || echo "$damon_was" >$DAMON_STAT'

# start_mem OUT [ARGS...]: pagewalk_mem in the background (as "$RUNAS");
# waits until it has stopped itself; its regions are in OUT.
start_mem() {
	local out=$1
	shift
	$RUNAS $P/pagewalk_mem "$@" >"$out" &
	pids+=($!)
	wait_until -t 30 grep -q '^ready' "$out"
}

region() { awk -v n="$2" '$1 == n {print $2, $3}' "$1"; }

# region_expect NAME REGIONS PID WANT: counts of one region
region_expect() {
	local r
	r=$(region "$2" "$1")
	if [ -z "$r" ]; then
		ktap_fail "region $1" "workload has no region $1"
		return
	fi
	# shellcheck disable=SC2086
	ktap_expect "region $1: $4" "$4" "$($P/pagewalk_check "$3" --region $r)"
}

# --- entries ---------------------------------------------------------------
t_all_entries() {
	local bad='' d n
	for d in /proc/[0-9]*; do
		n=${d#/proc/}
		[ -e "/proc/pagewalk/$n" ] || { [ -e "$d" ] && bad+=" $n"; }
	done
	ktap_expect "every process in /proc has an entry right after insmod" "" "$bad"
}

t_new_entries() {
	local bad=0 pid
	for _ in $(seq 20); do
		sleep 60 &
		pid=$!
		head -n 1 "/proc/pagewalk/$pid" 2>/dev/null | grep -qx "# pid $pid" || bad=$((bad + 1))
		kill $pid
	done
	wait 2>/dev/null
	ktap_expect "a process started a moment ago can be read at once (20 times)" 0 "$bad"
}

t_self() {
	local got
	got=$(sh -c 'echo $$; exec head -n 1 /proc/pagewalk/self')
	ktap_expect "self is the reader" "$(echo "$got" | head -1)" \
		"$(echo "$got" | sed -n 's/^# pid //p')"
}

t_dead_pid() {
	local pid err gone=no
	sleep 60 &
	pid=$!
	kill -9 $pid
	wait $pid 2>/dev/null
	err=$(cat /proc/pagewalk/$pid 2>&1 >/dev/null)
	wait_until -t 5 test ! -e /proc/pagewalk/$pid && gone=yes
	[[ $err == *"No such"* ]] && [ $gone = yes ] &&
		ktap_ok "a dead PID: read fails (${err##*: }), entry removed" ||
		ktap_fail "a dead PID: read fails, entry removed" "err='$err' gone=$gone"
}

# An open file pins its process: after the PID is reused it must not show
# the new process (ns_last_pid makes the next fork take the same PID).
t_stale_file() {
	local p q err
	sleep 60 &
	p=$!
	exec 4</proc/pagewalk/$p
	kill -9 $p
	wait $p 2>/dev/null
	# The file must not show a new process with the same PID: up to 5
	# tries when another process takes the number first.
	for _ in 1 2 3 4 5; do
		echo $((p - 1)) >/proc/sys/kernel/ns_last_pid
		sleep 61 &
		q=$!
		[ "$q" = "$p" ] && break
		kill $q
	done
	err=$(cat <&4 2>&1 >/dev/null)
	exec 4<&-
	kill $q
	# ESRCH if the read comes first, EIO if the sweep removed the entry first
	[[ $err == *"No such process" || $err == *"Input/output error" ]] &&
		ktap_ok "a stale open file fails (${err##*: }; PID $p reused: $([ $q = $p ] && echo yes || echo no))" ||
		ktap_fail "a stale open file fails with ESRCH or EIO" "err='$err' old=$p new=$q"
}

t_no_stale_entries() {
	local stale='' bad='' e n
	for e in /proc/pagewalk/[0-9]*; do
		n=${e##*/}
		[ -e "/proc/$n" ] || stale+=" $n"
	done
	for n in $stale; do
		wait_until -t 2 test ! -e "/proc/pagewalk/$n"
		[ -e "/proc/pagewalk/$n" ] && [ ! -e "/proc/$n" ] && bad+=" $n"
	done
	ktap_expect "no entry outlives its process" "" "$bad"
}

t_kthread() {
	ktap_expect "a kernel thread (pid 2): EINVAL" \
		"cat: /proc/pagewalk/2: Invalid argument" "$(cat /proc/pagewalk/2 2>&1)"
}

# --- a frozen workload and its child ---------------------------------------
# Started by the first test of the header: pagewalk_mem ($pid, its regions
# in $work/mem) and its child after fork ($child), root's listing of it
# ($work/root.lst), the meltdown status ($pti) and the paging levels.
start_frozen() {
	local r
	RUNAS='' start_mem $work/mem fork || ktap_diag "pagewalk_mem did not start"
	pid=$(awk '/^ready/ {print $2}' $work/mem)
	child=$(awk '/^child/ {print $2}' $work/mem)
	pids+=("$child")
	cat /proc/pagewalk/$pid >$work/root.lst

	pti=off
	grep -q PTI /sys/devices/system/cpu/vulnerabilities/meltdown && pti=on
	if [ "$ARCH" = aarch64 ]; then
		# 5 levels with 4K pages when user addresses have 52 bits (LPA2):
		# the workload's mmap above 2^48 (region high) then succeeds.
		levels=4 va=48
		r=$(region $work/mem high)
		[ -n "$r" ] && [ $((0x${r% *} >> 48)) -gt 0 ] && levels=5 va=52
	else
		levels=4
		grep -qw la57 /proc/cpuinfo && levels=5
	fi
}

t_header_levels() {
	start_frozen
	if [ "$ARCH" = aarch64 ]; then
		ktap_expect "header: paging levels and VA bits match what mmap allows (arm64)" \
			"# levels $levels # granule $(awk '/^KernelPageSize/ {print $2 "K"; exit}' /proc/self/smaps) # va_bits $va" \
			"$(grep -E '^# (levels|granule|va_bits)' $work/root.lst | paste -sd' ')"
	else
		ktap_expect "header: paging levels match the CPU" "# levels $levels" \
			"$(grep '^# levels' $work/root.lst)"
	fi
}

# CR0 (x86) or SCTLR_EL1 (arm64): the control register that turns
# translation on. Its value and the bits the header names must agree, and
# those bits are set on a running kernel (x86: PG, WP, PE; arm64: M).
t_header_ctl() {
	local line v
	if [ "$ARCH" = aarch64 ]; then
		line=$(grep '^# sctlr_el1' $work/root.lst)
		v=$(awk '{print $3}' <<<"$line")
		ktap_expect "header: SCTLR_EL1 with the MMU on (M) as its value says (arm64)" \
			"# sctlr_el1 $v m=1 wxn=$((v >> 19 & 1)) $((v & 1))" "$line $((v & 1))"
	else
		line=$(grep '^# cr0' $work/root.lst)
		v=$(awk '{print $3}' <<<"$line")
		ktap_expect "header: CR0 with paging on (PG), WP and PE, as its value says" \
			"# cr0 $v pg=1 wp=1 pe=1 1 1 1" "$line $((v >> 31 & 1)) $((v >> 16 & 1)) $((v & 1))"
	fi
}

t_header_pti() {
	if [ "$ARCH" = aarch64 ]; then
		ktap_expect "header: KPTI matches the meltdown status (arm64)" "# kpti $pti" \
			"$(grep '^# kpti' $work/root.lst)"
	else
		ktap_expect "header: PTI matches the meltdown status" "# pti $pti" \
			"$(grep '^# pti' $work/root.lst)"
	fi
}

# arm64 only
t_header_ttbr() {
	ktap_expect "header: TTBR0_EL1's table with the mm's ASID, TTBR1_EL1's for the kernel half (arm64)" \
		"ttbr0 ok ttbr1 ok" \
		"$(grep -qE '^# ttbr0 0x[0-9a-f]{16} asid [0-9]+$' $work/root.lst && echo ttbr0 ok) $(grep -qE '^# ttbr1 0x[0-9a-f]{16} kernel half$' $work/root.lst && echo ttbr1 ok)"
}

# VmPTE counts the PUD/PMD/PTE tables, plus one deposited PTE table per
# anonymous THP mapped at the PMD level.
t_vmpte() {
	local pud pmd pte thps huge
	read -r pud pmd pte < <(sed -n 's/^# tables.* pud=\([0-9]*\) pmd=\([0-9]*\) pte=\([0-9]*\).*/\1 \2 \3/p' $work/root.lst)
	thps=$(grep -c ' pmd pfn=.* thp' $work/root.lst)
	huge=$(awk '/ pmd pfn=.* thp/ {s = $2; sub("M", "", s); n += s / 2} END {print n + 0}' $work/root.lst)
	ktap_expect "header: table pages match VmPTE (+$huge deposited, $thps lines)" \
		"$(awk '/^VmPTE/ {print $2}' /proc/$pid/status)" \
		"$(((pud + pmd + pte + huge) * 4))"
}

t_parse() {
	ktap_expect "format: every line parses" "lines $(wc -l <$work/root.lst) bad 0" \
		"$($P/pagewalk_check $work/root.lst --parse 2>&1)"
}

t_frames() {
	local out
	out=$($P/pagewalk_check $pid 2>&1)
	[ $? = 0 ] && ktap_ok "every frame equals pagemap: $(echo "$out" | tail -1)" ||
		ktap_fail "every frame equals pagemap" "$out"
}

t_child_frames() {
	local out
	out=$($P/pagewalk_check $child 2>&1)
	[ $? = 0 ] && ktap_ok "child after fork equals pagemap: $(echo "$out" | tail -1)" ||
		ktap_fail "child after fork equals pagemap" "$out"
}

t_region() { # NAME
	local r n want
	case $1 in
	anon) want="present=64 pm_present=64 thp=0 zero=0 protnone=0 pmd=0 pte=64" ;;
	file | stack)
		r=$(region $work/mem "$1")
		n=$(($((0x${r#* })) / 4096 - $((0x${r% *})) / 4096))
		want="present=$n pm_present=$n thp=0 zero=0 protnone=0 pmd=0 pte=$n"
		;;
	thp) want="present=1024 pm_present=1024 thp=1024 zero=0 protnone=0 pmd=1024 pte=0" ;;
	zero) want="present=16 pm_present=16 thp=0 zero=16 protnone=0 pmd=0 pte=16" ;;
	hugezero) want="present=512 pm_present=512 thp=512 zero=512 protnone=0 pmd=512 pte=0" ;;
	protnone) want="present=8 pm_present=8 thp=0 zero=0 protnone=8 pmd=0 pte=8" ;;
	esac
	region_expect "$1" $work/mem $pid "$want"
}

# arm64 only: a THP is a 2 MiB block descriptor at the PMD (level 2)
t_thp_blocks() {
	local n bad
	n=$(grep ' pmd pfn=.* thp$' $work/root.lst | grep -vc ' zero ')
	bad=$(grep ' pmd pfn=.* thp$' $work/root.lst | grep -v ' zero ' | grep -vc ' valid block user ')
	ktap_expect "region thp: $n pmd lines, each a valid block with the user bit (arm64)" \
		"lines>0 bad=0" "lines>$((n > 0 ? 0 : -1)) bad=$bad"
}

t_cow() {
	local r same new
	r=$(region $work/mem cow)
	# shellcheck disable=SC2086
	paste <($P/pagewalk_check $pid --pfns $r) <($P/pagewalk_check $child --pfns $r) >$work/cow
	same=$(awk '$1 == $2 && $1 != 0' $work/cow | wc -l)
	new=$(head -8 $work/cow | awk '$1 != $2 && $1 != 0 && $2 != 0' | wc -l)
	ktap_expect "COW: the 8 pages the child wrote got new frames, 24 are shared" \
		"new=8 same=24" "new=$new same=$same"
}

t_hugetlb() {
	local r
	if [ -n "$(region $work/mem hugetlb)" ]; then
		r=$(region $work/mem hugetlb)
		# shellcheck disable=SC2086
		ktap_expect "region hugetlb: a 2 MiB hugetlbfs leaf" "pmd hugetlb" \
			"$(awk -v s=0x${r% *} 'index($0, s "-") == 1 {print $3, $NF}' \
				<(sed 's/^0x0*/0x/' $work/root.lst))"
	else
		ktap_skip "region hugetlb" "no hugetlbfs page could be reserved"
	fi
}

t_region_high() {
	if [ "$levels" = 5 ]; then
		region_expect high $work/mem $pid "present=4 pm_present=4 thp=0 zero=0 protnone=0 pmd=0 pte=4"
	else
		ktap_skip "region high (above 128 TiB, arm64: 256 TiB)" "4-level paging"
	fi
}

# --- single-address translation and the tool ------------------------------------
# The anon region ($as-$ae) and the THP ($ts-$te, first frame $thp_pfn) are
# read by the first test that needs them.
t_translate_anon() {
	local pfn out
	read -r as ae <<<"$(region $work/mem anon)"
	pfn=$($P/pagewalk_check $pid --pfns $as $ae | head -1)
	out=$($T $pid 0x$as)
	ktap_expect "translate anon: physical address = pagemap frame, $levels tables" \
		"page 4 KiB: physical 0x$(printf %x $((0x$pfn * 4096))) (offset 0x0) $levels" \
		"$(echo "$out" | grep '^page') $(echo "$out" | grep -c 'table @')"
}

t_translate_thp() {
	read -r ts te <<<"$(region $work/mem thp)"
	thp_pfn=$($P/pagewalk_check $pid --pfns $ts $te | head -1)
	ktap_expect "translate THP: a 2 MiB page at the PMD" \
		"page 2048 KiB: physical 0x$(printf %x $((0x$thp_pfn * 4096 + 0x1234))) (offset 0x1234) PMD" \
		"$($T $pid "$(printf 0x%x $((0x$ts + 0x1234)))" | grep '^page') $($T $pid 0x$ts | grep 'table @' | tail -1 | cut -c1-3)"
}

t_translate_json() {
	ktap_expect "translate --json: phys" "\"phys\":$((0x$thp_pfn * 4096))," \
		"$($T --json $pid 0x$ts | tr -d ' \n' | grep -o '"phys":[0-9]*,')"
}

t_translate_text() {
	local ktext out ttbr1 p1 p2
	ktext=0x$(awk '$3 == "_text" {print $1}' /proc/kallsyms)
	out=$($T $pid $ktext)
	if [ "$ARCH" = aarch64 ]; then
		# The kernel half is not in the process's tables: TTBR1_EL1 points
		# to one table for every process, whose top-level entry is read.
		ttbr1=$(sed -n 's/^# ttbr1 \(0x[0-9a-f]*\) .*/\1/p' $work/root.lst)
		p1=$(echo "$out" | grep 'table @')
		p2=$($T $child $ktext | grep 'table @')
		[[ $out == *"stop: kernel half"* ]] && [ -n "$p1" ] && [ "$p1" = "$p2" ] &&
			[ "$(echo "$out" | sed -n 's/^TTBR1_EL1 *//p')" = "$ttbr1" ] &&
			ktap_ok "translate _text ($ktext): TTBR1_EL1's table ($ttbr1), the same top-level entry in two processes (arm64)" ||
			ktap_fail "translate _text: TTBR1_EL1's table, same entry in two processes (arm64)" \
				"ttbr1=$ttbr1: $out / child: $p2"
	else
		p1=$(echo "$out" | grep '^page')
		p2=$($T $child $ktext | grep '^page')
		[[ $out == *"kernel image: mapped in every process, supervisor-only"* ]] &&
			[ -n "$p1" ] && [ "$p1" = "$p2" ] &&
			ktap_ok "translate _text ($ktext): same frame in two processes, supervisor-only" ||
			ktap_fail "translate _text: same frame in two processes, supervisor-only" \
				"$out / child: $p2"
	fi
}

t_translate_kernel_half() {
	ktap_expect "translate elsewhere in the kernel half: top-level entry only" \
		"stop: kernel half (outside the kernel image: top-level entry only) 1" \
		"$($T $pid 0xffffc90000000000 | tail -1) $($T $pid 0xffffc90000000000 | grep -c 'table @')"
}

t_translate_no_vma() {
	ktap_expect "translate an address outside every VMA" \
		"stop: no VMA holds this address" "$($T $pid 0x1000 | tail -1)"
}

t_translate_protnone() {
	local ps
	read -r ps _ <<<"$(region $work/mem protnone)"
	ktap_expect "translate a PROT_NONE page: not present" \
		"stop: entry not present (swapped, migrating or PROT_NONE)" "$($T $pid 0x$ps | tail -1)"
}

t_translate_noncanonical() {
	ktap_expect "translate a non-canonical address: EINVAL" \
		"translate 0x0800000000000000: Invalid argument" \
		"$($T $pid 0x0800000000000000 2>&1)"
}

t_summary() {
	local pages
	pages=$($P/pagewalk_check $pid | awk '{print $2}')
	ktap_expect "summary: present memory = pagemap's present pages (less PROT_NONE)" \
		"present memory $(((pages - 8) * 4)) KiB" \
		"$($T $pid | grep -o '^present memory [0-9]* KiB')"
}

t_raw() {
	ktap_check "--raw: one line per anon page, frames as pagemap" \
		diff <($P/pagewalk_check $pid --pfns $as $ae | sed 's/^/0x/') \
		<($T --raw $pid | awk -v s="$(printf 0x%016x $((0x$as)))" \
			-v e="$(printf 0x%016x $((0x$ae)))" \
			'/^0x/ && $1 >= s && $1 < e {sub("pfn=", "", $3); print $3}')
}

t_tree() {
	local want got
	want=$(awk '/^0x/ {s = $2; m = 1; if (s ~ /M$/) m = 256; if (s ~ /G$/) m = 262144;
		sub(/[KMG]$/, "", s); if ($3 == "pte") p += s * m / 4; else if ($3 == "pmd") h += s * m / 512}
		END {print p + 0, h + 0}' $work/root.lst)
	got=$($T --tree $pid | awk '/leaves \(4 KiB/ {p += $1} /leaves \(2 MiB/ {h += $1} END {print p + 0, h + 0}')
	ktap_expect "--tree: 4 KiB and 2 MiB leaves add up to the listing's" "$want" "$got"
}

t_tree_empty() {
	local epid
	$T --tree --json $pid >$work/tree.json
	$P/pagewalk_map empty >$work/empty &
	pids+=($!)
	wait_until -t 10 grep -q '^ready' $work/empty
	epid=$(awk '/^ready/ {print $2}' $work/empty)
	# Of the second process only the PTE level is known: when ASLR puts
	# its 4 MiB mapping alone in a 1 GiB range, the PMD table above the
	# emptied PTE table holds no leaf either and is counted too.
	lacks jq "--tree: tables with no populated entry are counted" ||
		ktap_expect "--tree: tables with no populated entry are counted (none in the workload, the PTE table emptied by MADV_DONTNEED)" \
			"0 1 $(grep -c '^# tables' /proc/pagewalk/$epid)" \
			"$(jq '[.tables_empty[]] | add' $work/tree.json) $($T --tree --json "$epid" | jq '.tables_empty.pte') $($T --tree "$epid" | grep -c '^with no populated entry (not drawn):.* pte=1$')"
	kill -9 "$epid"
	wait "$epid" 2>/dev/null
}

t_svg() {
	local out
	lacks dot "--svg: the tree renders with Graphviz" && return
	$T --svg $pid >$work/tree.svg
	out=$(tail -c 200 $work/tree.svg)
	[[ $(head -c 100 $work/tree.svg) == "<?xml"* ]] && [[ $out == *"</svg>"* ]] &&
		ktap_ok "--svg: the tree renders with Graphviz" ||
		ktap_fail "--svg: the tree renders with Graphviz" "$out"
}

t_svg_addr() {
	lacks dot "--svg ADDR: the walk renders with its PTE table" && return
	ktap_expect "--svg ADDR: the walk renders with its PTE table" "yes" \
		"$($T --svg $pid 0x$as | grep -q 'PTE table' && echo yes)"
}

# The translation graph is one chain: CR3 -> first table -> ... -> last table.
t_dot_addr() {
	local dot chain want
	dot=$($T --dot $pid 0x$as)
	chain=$(grep -oE '^  (cr3|s[0-9]) -> s[0-9];' <<<"$dot" | tr -d ' ;' | paste -sd,)
	want=$(grep -c '^  s[0-9] \[' <<<"$dot" | awk '{ for (i = 0; i < $1; i++)
		printf "%s%s->s%d", i ? "," : "", i ? "s" (i - 1) : "cr3", i; print "" }')
	[ -n "$want" ] && [ "$chain" = "$want" ] && ktap_ok "--dot ADDR: the tables form one chain from CR3" ||
		ktap_fail "--dot ADDR: the tables form one chain from CR3" "want '$want', got '$chain'"
}

t_raw_json_frames() {
	$T --raw --json $pid >$work/raw.json
	lacks jq "--raw --json: one entry per anon page, frames as pagemap" && return
	ktap_check "--raw --json: one entry per anon page, frames as pagemap" \
		diff <($P/pagewalk_check $pid --pfns $as $ae) \
		<(jq -r --argjson s $((0x$as)) --argjson e $((0x$ae)) \
			'.vmas[].entries[] | select(.addr >= $s and .addr < $e) | .pfn' \
			$work/raw.json | xargs printf '%x\n')
}

t_raw_json_counts() {
	lacks jq "--raw --json: as many entries and VMAs as the text --raw" && return
	ktap_expect "--raw --json: as many entries and VMAs as the text --raw" \
		"$($T --raw $pid | grep -c '^0x') $($T --raw $pid | grep -c '^vma')" \
		"$(jq '[.vmas[].entries[]] | length' $work/raw.json) $(jq '.vmas | length' $work/raw.json)"
}

# The kernel half of arm64 is under TTBR1_EL1, in no process's tables:
# the kernel demo's claim (one frame through each process's PGD) is x86's.
ARM64_KERNEL="arm64: the kernel half is under TTBR1_EL1, not in the process's tables (its top-level entry only: see the _text test)"
t_demo() { # DEMO
	local d=$1 out rc
	if [ "$ARCH" = aarch64 ] && [ "$d" = kernel ]; then
		ktap_skip "demo kernel" "$ARM64_KERNEL"
		return
	fi
	out=$($T demo "$d" 2>&1)
	rc=$?
	[ $rc = 0 ] && [[ $(echo "$out" | tail -1) == "CLAIM HOLDS: "* ]] &&
		ktap_ok "demo $d: $(echo "$out" | tail -1)" ||
		ktap_fail "demo $d" "rc=$rc: $out"
	$T demo "$d" --json >"$work/demo-$d.json"
}

# The demos' JSON: the measured facts, checked here (not only "holds").
jcheck() {
	if [ "$ARCH" = aarch64 ] && [ "$1" = kernel ]; then
		ktap_skip "demo kernel --json" "$ARM64_KERNEL"
		return
	fi
	lacks jq "demo $1 --json: $3" && return
	if jq -e "$2" "$work/demo-$1.json" >/dev/null 2>&1; then
		ktap_ok "demo $1 --json: $3"
	else
		ktap_fail "demo $1 --json: $3" "$(tr -d '\n ' <"$work/demo-$1.json" | head -c 900)"
	fi
}

t_demo_json() { # DEMO
	local kcode
	case $1 in
	cow)
		jcheck cow '. as $d | .holds and ([.before.parent[], .before.child[]] | all(. > 0)) and
			.before.parent == .before.child and ([.before.parent_writable[], .before.child_writable[]] | all(not)) and
			.after.child[$d.written_page] != .after.parent[$d.written_page] and .after.child_writable[$d.written_page] and
			.after.parent[$d.written_page] == .before.parent[$d.written_page] and
			([range(0; .pages)] - [.written_page] | all($d.after.parent[.] == $d.after.child[.] and $d.after.parent[.] == $d.before.parent[.]))' \
			"after fork all frames equal, after the child's write only the written page differs"
		;;
	demand)
		jcheck demand '.holds and .present_before == 0 and .touched == 1024 and .present_after == 1024 and .present_untouched == 0' \
			"0 present pages, then exactly the 1024 touched"
		;;
	same-va)
		jcheck same-va '.holds and .parent.pid != .child.pid and .parent.phys > 0 and .child.phys > 0 and .parent.phys != .child.phys' \
			"same address, two different frames"
		;;
	huge)
		jcheck huge '.holds and .leaf_level == "PMD" and .page_size == 2097152 and .steps == .levels - 1 and .phys % 2097152 == 74565 and .checks.pse_bit' \
			"a 2 MiB PMD leaf, one step fewer than the levels"
		;;
	kernel)
		kcode=$((0x$(awk -F'[- :]+' '/Kernel code/ {print $2; exit}' /proc/iomem)))
		jcheck kernel ".holds and .parent.phys == $kcode and .child.phys == $kcode and .parent.pgd_slot == 511 and (.parent.user or .child.user | not)" \
			"_text at the frame /proc/iomem calls Kernel code ($(printf 0x%x $kcode)) in both, slot 511, no user bit"
		;;
	esac
}

# The same listing whatever the chunk size between lock drops.
t_resched() {
	rmmod pagewalk && insmod $KO resched_pages=1
	cat /proc/pagewalk/$pid >$work/r1.lst
	ktap_check "resched_pages=1 gives the same listing as 512" \
		diff <(grep -v '^# tables' $work/root.lst) <(grep -v '^# tables' $work/r1.lst)
	rmmod pagewalk && insmod $KO
}

# --- permissions --------------------------------------------------------------
# The first test adds the user to /etc/passwd and starts its workload
# ($upid); the last one restores /etc/passwd.
t_user_header() {
	cp /etc/passwd $work/passwd
	echo 'pwtest:x:1000:1000:pagewalk test:/tmp:/bin/sh' >>$work/passwd
	mount --bind $work/passwd /etc/passwd
	chmod 755 $work

	RUNAS=$U start_mem $work/umem || ktap_diag "unprivileged pagewalk_mem did not start"
	upid=$(awk '/^ready/ {print $2}' $work/umem)
	cat /proc/pagewalk/$upid >$work/uroot.lst
	$U cat /proc/pagewalk/$upid >$work/user.lst 2>&1
	ktap_expect "unprivileged: own process, header says pfn redacted" \
		"# pfn redacted (needs CAP_SYS_ADMIN)" "$(grep '^# pfn' $work/user.lst)"
}

t_user_redacted() {
	local n
	n=$(grep -c '^0x' $work/user.lst)
	# an empty listing would make the two counts equal: it has range lines
	[ "$n" -gt 0 ] || {
		ktap_fail "unprivileged: every range line shows pfn=0x0 and redacted" \
			"no range line: $(head -c 200 $work/user.lst)"
		return
	}
	ktap_expect "unprivileged: every range line shows pfn=0x0 and redacted" "$n" \
		"$(grep '^0x' $work/user.lst | grep ' pfn=0x0 ' | grep -c ' redacted$')"
}

t_user_ranges() {
	ktap_check "unprivileged: same ranges as root sees, frames zeroed" \
		diff <(grep -v '^#' $work/uroot.lst | sed 's/pfn=0x[0-9a-f]*/pfn=0x0/; s/offset=0x[0-9a-f]*/offset=0x0/') \
		<(grep -v '^#' $work/user.lst | sed 's/ redacted$//')
}

t_user_other() {
	ktap_expect "unprivileged: another user's process (pid 1): EACCES" \
		"cat: /proc/pagewalk/1: Permission denied" "$($U cat /proc/pagewalk/1 2>&1)"
}

t_user_self() {
	ktap_expect "unprivileged: self works" "# pid" \
		"$($U head -n 1 /proc/pagewalk/self | cut -d' ' -f1,2)"
}

t_nodump() {
	local ndpid uerr rootn
	RUNAS=$U start_mem $work/ndmem nodump || ktap_diag "nodump workload did not start"
	ndpid=$(awk '/^ready/ {print $2}' $work/ndmem)
	uerr=$($U cat /proc/pagewalk/$ndpid 2>&1 >/dev/null)
	rootn=$(grep -c '^vma' /proc/pagewalk/$ndpid)
	[[ $uerr == *"Permission denied" ]] && [ "$rootn" -gt 0 ] &&
		ktap_ok "non-dumpable process: its own user gets EACCES, root reads it" ||
		ktap_fail "non-dumpable process: its own user gets EACCES, root reads it" \
			"user: '$uerr' root vma lines: $rootn"
}

t_root_header() {
	ktap_expect "root: header says pfn shown" "# pfn shown" "$(grep '^# pfn' $work/root.lst)"
}

t_user_translate() {
	local reg=CR3 # the register holding a user address's top table
	[ "$ARCH" != aarch64 ] || reg=TTBR0_EL1
	ktap_expect "unprivileged translate: $reg and frames redacted" \
		"$(printf '%-15s 0x%016x  (redacted)' $reg 0)" \
		"$($U $T $upid "0x$(region $work/umem anon | cut -d' ' -f1)" | grep "^$reg")"
	umount /etc/passwd
}

# --- bad input ----------------------------------------------------------------
t_garbage() {
	local werr=0 s n1
	for s in foo 0x 99999999999999999999 "$(head -c 5000 /dev/zero | tr '\0' 'a')"; do
		printf '%s' "$s" >/proc/pagewalk/$pid 2>/dev/null && werr=$((werr + 1))
	done
	n1=$(grep -c '' /proc/pagewalk/$pid)
	ktap_expect "garbage writes are refused, the listing is unchanged" \
		"0 $(wc -l <$work/root.lst)" "$werr $n1"
}

# --- swap entries (zram) ---------------------------------------------------------
# The first test sets up the zram swap ($swap_ok) and pages out the
# workload ($spid, region $ss-$se); the second one takes them down.
t_swap() {
	ktap_diag "t=${SECONDS}s: swap"
	swap_ok=
	if { [ -e /sys/block/zram0 ] || modprobe zram 2>/dev/null; } && [ -e /sys/block/zram0 ] &&
		echo 64M >/sys/block/zram0/disksize && mkswap /dev/zram0 >/dev/null &&
		swapon /dev/zram0; then
		swap_ok=1
		$P/pagewalk_map swap 64 >$work/swap &
		pids+=($!)
		wait_until -t 10 grep -q '^ready' $work/swap
		spid=$(awk '/^ready/ {print $2}' $work/swap)
		read -r ss se <<<"$(region $work/swap swap)"
		ktap_expect "swap: 64 paged-out pages are swap entries, type and offset equal pagemap's" \
			"pages=64 swapped=64 pm_swapped=64 match=64" \
			"$($P/pagewalk_check "$spid" --swap $ss $se 2>&1)"
	else
		ktap_skip "swap entries" "no zram swap device: $(modprobe zram 2>&1 | tail -1)"
	fi
}

t_swap_json() {
	if [ -z "$swap_ok" ]; then
		ktap_skip "summary counts swapped pages" "no zram swap device"
		return
	fi
	lacks jq "summary --json: the VMA counts 64 swapped, 0 present pages" ||
		ktap_expect "summary --json: the VMA counts 64 swapped, 0 present pages" "64 0" \
			"$($T --json "$spid" | jq -r --argjson s $((0x$ss)) '.vmas[] | select(.start == $s) | "\(.swapped_pages) \(.present_pages)"')"
}

# Continued, the workload reads its pages back: each read of a swapped
# page faults and the kernel swaps it in (demand paging from swap).
t_swap_in() {
	local got
	if [ -z "$swap_ok" ]; then
		ktap_skip "swap-in: read back, the pages are present with pagemap's frames" "no zram swap device"
		return
	fi
	kill -CONT "$spid"
	wait_until -t 10 grep -q '^touched' $work/swap
	got="$(grep '^touched' $work/swap) $($P/pagewalk_check "$spid" --region $ss $se | cut -d' ' -f1-2)"
	got+=" $($P/pagewalk_check "$spid" --swap $ss $se | cut -d' ' -f2-3)"
	$P/pagewalk_check "$spid" >/dev/null && got+=" frames=pagemap"
	ktap_expect "swap-in: read back, the 64 pages are intact, present, no swap entry left, frames = pagemap's" \
		"touched 64 intact 64 present=64 pm_present=64 swapped=0 pm_swapped=0 frames=pagemap" "$got"
	kill -9 "$spid"
	wait "$spid" 2>/dev/null
	swapoff /dev/zram0
	echo 1 >/sys/block/zram0/reset
}

# --- a 1 GiB hugetlb page (pud leaf) ------------------------------------------
# The first test starts the workload ($gpid, empty if none, and why), the
# second one stops it.
t_giga_leaf() {
	local n1g out
	ktap_diag "t=${SECONDS}s: 1 GiB page"
	n1g=$(cat /sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages 2>/dev/null || echo 0)
	gpid=
	if [ "$n1g" -ge 1 ]; then
		$P/pagewalk_map giga >$work/giga &
		gpid=$!
		pids+=($gpid)
		wait_until -t 10 grep -q '^ready\|^nogiga' $work/giga
		grep -q '^ready' $work/giga || gpid=
	fi
	if [ -n "$gpid" ]; then
		read -r gs ge <<<"$(region $work/giga giga)"
		out=$($P/pagewalk_check $gpid --pfns $gs $ge | head -1)
		ktap_expect "1 GiB hugetlb page: one pud leaf named hugetlb, frame = pagemap's" \
			"0x$gs-0x$ge 1G pud pfn=0x$out hugetlb 1" \
			"$(awk -v s=0x$gs '$1 ~ "^" s "-" {print $1, $2, $3, $4, $NF}' <(sed 's/^0x0*/0x/; s/-0x0*/-0x/' /proc/pagewalk/$gpid)) $(grep -c ' pud ' /proc/pagewalk/$gpid)"
	else
		giga_why="no 1 GiB hugetlb page reserved (boot: --mem 3G --append 'hugepagesz=1G hugepages=1'; nr_hugepages=$n1g)"
		grep -q '^nogiga' $work/giga 2>/dev/null && giga_why=$(grep '^nogiga' $work/giga)
		[ "$ARCH" = aarch64 ] || grep -qw pdpe1gb /proc/cpuinfo || giga_why="the CPU has no pdpe1gb"
		ktap_skip "1 GiB hugetlb page (pud leaf)" "$giga_why"
	fi
}

t_giga_frames() {
	local out
	if [ -z "$gpid" ]; then
		ktap_skip "1 GiB page frames and translation" "$giga_why"
		return
	fi
	out=$($P/pagewalk_check "$gpid" 2>&1)
	[ $? = 0 ] && [[ $($T "$gpid" 0x$gs | grep '^page') == "page 1048576 KiB:"* ]] &&
		ktap_ok "1 GiB page: every frame equals pagemap ($(echo "$out" | tail -1)), translation stops at the PUD" ||
		ktap_fail "1 GiB page: frames equal pagemap, translation at the PUD" "$out / $($T "$gpid" 0x$gs)"
	kill -9 "$gpid"
	wait "$gpid" 2>/dev/null
}

# --- a 1 GiB process read slowly: kernel memory stays bounded -------------------
# pagewalk_big writes 1 GiB of 4 KiB pages from the last (no two lines
# merge) and stops. Its page tables are made before the baseline, so the
# growth is the walker's: at most one seq_file buffer and a path per open
# file. The bound, 2 MiB, leaves room for slab noise; the listing of 1 GiB
# is ~26 MiB (PAGEWALK_BIG_MB sets the size; at least 16 KiB per MiB).
t_big() {
	local bpid bytes kkb grow drop samples
	ktap_diag "t=${SECONDS}s: 1 GiB process"
	$P/pagewalk_big "$BIG_MB" rev >$work/big &
	pids+=($!)
	wait_until -t 60 grep -q '^ready' $work/big
	bpid=$(awk '/^ready/ {print $2}' $work/big)
	read -r _ bytes _ kkb _ grow _ drop _ samples < <($P/pagewalk_check "$bpid" --slowread 2>&1)
	[ "${bytes:-0}" -gt $((BIG_MB << 14)) ] && [ "${samples:-0}" -ge $((BIG_MB / 20)) ] &&
		[ "${grow:-9999}" -lt 2048 ] && [ "${drop:-9999}" -lt 2048 ] &&
		ktap_ok "$BIG_MB MiB process: $((bytes >> 20)) MiB listing read in 4 KiB reads; largest change in $samples samples: kernel memory ${grow} KiB (of $kkb), MemFree drop ${drop} KiB" ||
		ktap_fail "1 GiB process read in bounded kernel memory" "bytes=$bytes samples=$samples grow=${grow}KiB drop=${drop}KiB (bound 2048)"
	kill -9 "$bpid"
	wait "$bpid" 2>/dev/null
}

# --- a process that changes its mappings while being read ---------------------
# reader TAG: reads /proc/pagewalk/$cpid into $work/churn.TAG until the
# process is gone; prints the reads that succeeded and failed.
reader() {
	local n=0 f=0
	while kill -0 "$cpid" 2>/dev/null; do
		if cat "/proc/pagewalk/$cpid" >$work/churn.$1 2>/dev/null; then
			n=$((n + 1))
		else
			f=$((f + 1))
		fi
	done
	echo "$n $f"
}

t_churn() {
	local ra rb na fa nb fb
	ktap_diag "t=${SECONDS}s: churn"
	$P/pagewalk_churn "$CHURN_SECONDS" >$work/churn &
	cpid=$!
	wait_until -t 5 grep -q '^pid' $work/churn
	reader a >$work/ra &
	ra=$!
	reader b >$work/rb &
	rb=$!
	wait $cpid $ra $rb
	read -r na fa <$work/ra
	read -r nb fb <$work/rb
	[ "$((na + nb))" -gt 2 ] && grep -q '^rounds' $work/churn &&
		ktap_ok "readers raced a mapping/forking process: $((na + nb)) reads, $((fa + fb)) failed at exit; $(tail -1 $work/churn)" ||
		ktap_fail "readers raced a mapping/forking process" "reads $na+$nb fails $fa+$fb: $(cat $work/churn)"
}

t_churn_parse() {
	ktap_expect "racing listing parses" "bad 0" \
		"$($P/pagewalk_check $work/churn.a --parse 2>&1 | tail -1 | cut -d' ' -f3,4)"
}

# --- unload while processes fork (task_works pending) ---------------------------
t_unload_forking() {
	local floop ok=0
	ktap_diag "t=${SECONDS}s: unload"
	rmmod pagewalk
	(while :; do /bin/true; done) &
	floop=$!
	for _ in 1 2 3 4 5; do
		insmod $KO && sleep 0.3 && rmmod pagewalk && ok=$((ok + 1))
	done
	kill $floop
	wait $floop 2>/dev/null
	insmod $KO
	ktap_expect "load and unload 5 times while a shell forks in a loop" 5 $ok
}

# --- unload with open files and readers ---------------------------------------
t_unload_open() {
	local rpid rc rc3
	exec 3</proc/pagewalk/$pid
	head -c 200 <&3 >/dev/null
	(while cat /proc/pagewalk/$pid >/dev/null 2>&1; do :; done) &
	rpid=$!
	sleep 0.5
	rmmod pagewalk
	rc=$?
	wait $rpid
	cat <&3 >/dev/null 2>&1
	rc3=$?
	exec 3<&-
	[ $rc = 0 ] && [ $rc3 != 0 ] && [ ! -e /proc/pagewalk ] &&
		ktap_ok "rmmod with an open file and a reader: removed, old fd fails" ||
		ktap_fail "rmmod with an open file and a reader" "rmmod=$rc old-fd=$rc3"
}

t_reload() {
	insmod $KO && head -n 1 /proc/pagewalk/$pid | grep -qx "# pid $pid" &&
		ktap_ok "loads again and lists the same process" ||
		ktap_fail "loads again and lists the same process"
	rmmod pagewalk
}

echo always >/sys/kernel/mm/transparent_hugepage/enabled
echo 4 >/proc/sys/vm/nr_hugepages
load_mods pagewalk || { echo "Bail out! insmod $KO failed"; exit 1; }
# Registered last, run first: the processes go before the module.
on_exit 'for p in "${pids[@]}"; do kill -9 "$p"; done; wait'

# arm64 asserts three header facts where x86 has two (levels, PTI), and
# that THPs are block descriptors
tests=(t_all_entries t_new_entries t_self t_dead_pid t_stale_file t_no_stale_entries
	t_kthread t_header_levels t_header_ctl t_header_pti)
[ "$ARCH" = aarch64 ] && tests+=(t_header_ttbr)
tests+=(t_vmpte t_parse t_frames t_child_frames "t_region anon" "t_region file"
	"t_region stack" "t_region thp")
[ "$ARCH" = aarch64 ] && tests+=(t_thp_blocks)
tests+=("t_region zero" "t_region hugezero" "t_region protnone" t_cow t_hugetlb
	t_region_high t_translate_anon t_translate_thp t_translate_json t_translate_text
	t_translate_kernel_half t_translate_no_vma t_translate_protnone
	t_translate_noncanonical t_summary t_raw t_tree t_tree_empty t_svg t_svg_addr
	t_dot_addr t_raw_json_frames t_raw_json_counts)
for d in cow demand same-va huge kernel; do tests+=("t_demo $d"); done
for d in cow demand same-va huge kernel; do tests+=("t_demo_json $d"); done
tests+=(t_resched t_user_header t_user_redacted t_user_ranges t_user_other
	t_user_self t_nodump t_root_header t_user_translate t_garbage t_swap t_swap_json
	t_swap_in
	t_giga_leaf t_giga_frames t_big t_churn t_churn_parse t_unload_forking
	t_unload_open t_reload)

ktap_run pagewalk "${tests[@]}"
