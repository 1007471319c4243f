#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stress.sh - stress, soak and load/unload cycles of the four modules
# together. Runs in the VM as root from the repo root.
#
# 1. Soak: the four modules loaded, for SOAK_SECONDS (default 60; `make
#    soak` runs 600): stress_work forks processes that exec toy programs
#    (binfmt_demo) and ELF programs, mmap/mprotect/munmap, make system calls
#    (also through int $0x80), run threads and exit; meanwhile stress_read
#    reads /proc/pagewalk/<random live pid> (two readers), every
#    stats/status file, keeps every file open across everything, writes
#    valid and garbage commands to both control files, and streams the
#    sched_probe and syscall_probe events. Every answer must be a correct
#    one or a documented error; module sizes, tables and kernel memory are
#    sampled every 2 s and must stay bounded; at the end each module answers
#    a known-good question exactly (against /proc/<pid>/status, maps, the
#    known program's syscall counts, a toy program's output).
# 2. Load cycles: the same load runs again while each module is loaded and
#    unloaded LOAD_CYCLES times (default 200) by stress_modcycle, the four
#    at the same time; EBUSY (binfmt_demo pinned by its live processes) is
#    counted and retried.
#    Each module must end unloaded, reload and answer.
# 3. Leaks: after unloading everything, with per-CPU slabs flushed, the
#    proc_dir_entry objects (pagewalk makes one per process) are back to
#    their count before the first load, and unreclaimable slab and vmalloc
#    memory back within a bound; with kmemleak (debug kernel) no report
#    names our modules or an address in module space.
# The seed of the workload and readers is printed first (STRESS_SEED=N
# replays the same choices; timing still differs). Report lines: "# stress duration: N s",
# "# load/unload cycles: N", "# splats: N".

. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.." || exit 1
. tests/vm/stress/lib.sh

# vm.sh passes LKM_* variables into the guest: LKM_SOAK_SECONDS=600 make
# check works as well as "env SOAK_SECONDS=600" on the guest command line.
SOAK_SECONDS=${SOAK_SECONDS:-${LKM_SOAK_SECONDS:-60}}
LOAD_CYCLES=${LOAD_CYCLES:-${LKM_LOAD_CYCLES:-200}}
STRESS_SEED=${STRESS_SEED:-${LKM_STRESS_SEED:-$RANDOM}}
P=build/tests/progs
TOY=build/toy
mods="binfmt_demo pagewalk sched_probe syscall_probe"
T=$(mktemp -d)
bg_pids=
sampler_pid=
on_exit 'rm -rf "$T"'
on_exit 'for m in $mods; do rmmod "$m"; done'
on_exit 'wait'
# shellcheck disable=SC2016
on_exit '[ -z "$bg_pids" ] || kill $bg_pids'
on_exit '[ -z "$sampler_pid" ] || kill "$sampler_pid"'

load() {
	insmod "modules/$1/$1.ko" || return 1
	[ "$1" != syscall_probe ] || echo enable >/proc/syscall_probe/control
}

# start_load SECONDS TAG: the workload and every reader, in the background.
start_load() {
	local secs=$1 tag=$2 i=0 mode
	bg_pids=
	$P/stress_work "$secs" "$TOY" 4 "$STRESS_SEED" >"$T/$tag-work0" 2>&1 &
	bg_pids+=" $!"
	for mode in pagewalk pagewalk files hold control sched syscall; do
		i=$((i + 1))
		$P/stress_read $mode "$secs" $((STRESS_SEED + i)) \
			>"$T/$tag-$mode$i" 2>&1 &
		bg_pids+=" $!"
	done
}

# stop_load: SIGTERM everything of start_load and wait for it.
stop_load() {
	# shellcheck disable=SC2086
	kill -TERM $bg_pids 2>/dev/null
	# shellcheck disable=SC2086
	wait $bg_pids 2>/dev/null
	bg_pids=
}

# last_field FILE WORD: the number after WORD on the last line of FILE.
last_field() {
	tail -n 1 "$1" | awk -v w="$2" '{ for (i = 1; i < NF; i++) if ($i == w) { print $(i + 1); exit } }'
}

# readers_ok TAG MODE [MIN_FIELD]: every reader of MODE said bad 0 and had
# MIN_FIELD (default ok) > 0. Prints why not.
readers_ok() {
	local f why="" min=${3:-ok}
	for f in "$T/$1-$2"[0-9]*; do
		[ "$(last_field "$f" bad)" = 0 ] && [ "$(last_field "$f" "$min")" -gt 0 ] 2>/dev/null ||
			why+="$(tr '\n' ' ' <"$f") "
	done
	[ -z "$why" ] || { echo "$why" && return 1; }
}

# ktap_if NAME WHY CMD...: ok if CMD succeeds, else fail with WHY.
ktap_if() {
	local name=$1 why=$2
	shift 2
	if "$@"; then ktap_ok "$name"; else ktap_fail "$name" "$why"; fi
}

# A sleeping process of its own, to ask the modules about: $sl.
start_sleeper() {
	sleep 300 &
	sl=$!
	# Until it sleeps in the new image (exec done, first switch out).
	wait_until sh -c "[ \"\$(cat /proc/$sl/comm)\" = sleep ] &&
		grep -q '^State:.*S (sleeping)' /proc/$sl/status"
}
stop_sleeper() {
	kill "$sl"
	wait "$sl" 2>/dev/null
}

# 1: all four load.
t_load_all() {
	local ok=1 m
	for m in $mods; do load "$m" || ok=0; done
	ktap_if "all four modules load" "$(lsmod | grep -E 'binfmt|pagewalk|_probe')" [ $ok = 1 ]
	load_sunr=$(meminfo SUnreclaim)
	load_vmal=$(meminfo VmallocUsed)
	declare -gA size0
	for m in $mods; do size0[$m]=$(mod_size "$m"); done
}

# 2: the soak; then what its workload saw.
t_soak() {
	local t_soak=$SECONDS w ok=1 k
	sample "$T/samples"
	sampler "$T/samples" 2 &
	sampler_pid=$!
	start_load "$SOAK_SECONDS" soak
	# shellcheck disable=SC2086
	wait $bg_pids
	bg_pids=
	kill "$sampler_pid" && wait "$sampler_pid" 2>/dev/null
	sampler_pid=
	sample "$T/samples"
	soak_secs=$((SECONDS - t_soak))
	w=$T/soak-work0
	for k in toy elf mem sys thr; do [ "$(last_field "$w" $k)" -gt 0 ] 2>/dev/null || ok=0; done
	[ "$(last_field "$w" bad)" = 0 ] && [ "$(last_field "$w" toy_noexec)" = 0 ] || ok=0
	ktap_if "workload: toy and ELF execs, mm churn, syscalls, threads, all as expected" \
		"$(cat "$w")" [ $ok = 1 ]
	ktap_diag "soak workload: $(tail -n 1 "$w")"
}

# 3-8: the readers and streams of the soak.
t_readers() {
	local why
	why=$(readers_ok soak "$1")
	ktap_if "$1 readers: every answer correct or a documented error" "$why" [ -z "$why" ]
}
t_stream() {
	local why f
	why=$(readers_ok soak "$1" records)
	ktap_if "$1 stream: records delivered, all well-formed" "$why" [ -z "$why" ]
	if [ "$1" = syscall ]; then
		for f in "$T"/soak-[a-z]*[0-9]; do ktap_diag "soak $(tail -n 1 "$f")"; done
	fi
}

# 9-11: bounded memory: sizes constant, tables within their maximum, kernel
# memory growth bounded (the workload's own processes, page tables and
# stacks come and go; 64 MiB is far above what 4 jobs and 8 readers use and
# far below what a leak per event over thousands of forks would reach).
t_sizes() {
	local nsamples why
	nsamples=$(wc -l <"$T/samples")
	why=$(awk -v a="${size0[binfmt_demo]}" -v b="${size0[pagewalk]}" \
		-v c="${size0[sched_probe]}" -v d="${size0[syscall_probe]}" \
		'$4 != a || $5 != b || $6 != c || $7 != d { print "t=" $1 ": " $4, $5, $6, $7; exit }' \
		"$T/samples")
	[ "$nsamples" -gt 0 ] || why="no samples"
	ktap_if "module sizes in /proc/modules constant over $nsamples samples" "$why" \
		[ -z "$why" ]
}

t_memory() {
	local max_tasks rows_max peak_sunr peak_vmal peak_tasks peak_rows ok=1
	max_tasks=$(status_val /proc/sched_probe/status max_tasks)
	rows_max=$(status_val /proc/syscall_probe/status rows_max)
	read -r peak_sunr peak_vmal peak_tasks peak_rows < <(awk '
		$2 > s { s = $2 } $3 > v { v = $3 } $8 > t { t = $8 } $9 > r { r = $9 }
		END { print s + 0, v + 0, t + 0, r + 0 }' "$T/samples")
	ktap_diag "peaks: SUnreclaim +$((peak_sunr - load_sunr)) kB, VmallocUsed +$((peak_vmal - load_vmal)) kB," \
		"sched_probe tasks $peak_tasks/$max_tasks, syscall_probe rows $peak_rows/$rows_max"
	[ $((peak_sunr - load_sunr)) -le 65536 ] && [ $((peak_vmal - load_vmal)) -le 65536 ] &&
		[ "$peak_tasks" -le "$max_tasks" ] && [ "$peak_rows" -le "$rows_max" ] || ok=0
	ktap_if "memory bounded during the soak" "$(tail -n 3 "$T/samples")" [ $ok = 1 ]
}

# Entries follow processes: once the load has stopped, as many as /proc has
# (the last exits are reaped a moment later).
entries_match() { [ "$(pagewalk_entries)" = "$(processes)" ]; }
t_entries() {
	wait_until -t 30 entries_match
	ktap_expect "pagewalk has one entry per process at rest" "$(processes)" "$(pagewalk_entries)"
}

# 12-15: every interface still answers exactly.
t_binfmt() {
	local st=/proc/binfmt_demo/stats before out
	before=$(status_val $st loaded)
	out=$($TOY/hello.toy)
	ktap_expect "binfmt_demo: hello.toy runs, loaded counter +1" \
		"Hello from a toy executable! $((before + 1))" "$out $(status_val $st loaded)"
}

t_pagewalk() {
	start_sleeper
	ktap_expect "pagewalk: /proc/pagewalk/PID has one vma line per line of maps" \
		"# pid $sl $(grep -vc '\[vsyscall\]' "/proc/$sl/maps")" \
		"$(head -n 1 "/proc/pagewalk/$sl") $(grep -c '^vma ' "/proc/pagewalk/$sl")"
	stop_sleeper
}

t_sched() {
	local c=/proc/sched_probe/control want got
	echo 'filter none' >$c && echo enable >$c && echo reset >$c
	start_sleeper
	want="$(proc_status "$sl" voluntary_ctxt_switches) $(proc_status "$sl" nonvoluntary_ctxt_switches)"
	got=$(awk -v p="$sl" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
		NR > 1 && $1 == p { print $col["voluntary"], $col["involuntary"] }' /proc/sched_probe/stats)
	stop_sleeper
	ktap_expect "sched_probe: switches of a sleeper equal /proc/PID/status" "$want" "$got"
}

t_syscall() {
	local c=/proc/syscall_probe/control got
	echo disable >$c && echo reset >$c && echo 'filter comm syscall_probe_k' >$c && echo enable >$c
	printf '\n\n' | $P/syscall_probe_known known >/dev/null
	echo disable >$c
	# 7 getpid through the C library, 4 through tests/progs/gate2.h's second
	# gate: int $0x80 (ia32) on x86-64; svc #0 (64) in an arm64 program.
	local abi2=ia32 want="7 4"
	[ "$(uname -m)" != aarch64 ] || abi2=compat want="11 0"
	got=$(awk -v a2=$abi2 '$3 == "syscall_probe_k" && $5 == "getpid" { n[$6] += $7 }
		END { print n["64"] + 0, n[a2] + 0 }' /proc/syscall_probe/stats)
	echo 'filter none' >$c && echo enable >$c
	ktap_expect "syscall_probe: the known program's getpid counts (64, $abi2)" "$want" "$got"
}

# 16-20: the four modules loaded and unloaded LOAD_CYCLES times each, all
# at the same time, under the load (the cyclers run at nice -10 so that the
# cycles, not the load, get the CPU: the load only has to keep running).
# The first check runs the cycles; each checks one module.
declare -A mc_rc mc_out
cycles() {
	local m word n
	local -A mc_pid
	t_cycles=$SECONDS
	cycles_total=0
	start_load 100000 cyc
	for m in $mods; do
		word=
		[ "$m" = syscall_probe ] && word=enable
		# shellcheck disable=SC2086
		nice -n -10 $P/stress_modcycle "modules/$m/$m.ko" "$m" "$LOAD_CYCLES" $word \
			>"$T/mc-$m" 2>&1 &
		mc_pid[$m]=$!
	done
	for m in $mods; do
		wait "${mc_pid[$m]}"
		mc_rc[$m]=$?
		mc_out[$m]=$(tr '\n' ' ' <"$T/mc-$m")
		n=$(last_field <(grep '^cycles' "$T/mc-$m") cycles)
		cycles_total=$((cycles_total + ${n:-0}))
		ktap_diag "$m: ${mc_out[$m]}"
	done
	stop_load
	cyc_secs=$((SECONDS - t_cycles))
}

t_cycled() {
	local m=$1 ok=0
	[ -n "${cyc_secs:-}" ] || cycles
	if [ "${mc_rc[$m]}" = 0 ] && [ ! -e "/sys/module/$m" ] && load "$m"; then
		case $m in
		binfmt_demo) [ "$($TOY/exit0.toy && echo ran)" = ran ] && ok=1 ;;
		pagewalk) [ "$(head -n 1 /proc/pagewalk/$$)" = "# pid $$" ] && ok=1 ;;
		sched_probe) [ "$(head -n 1 /proc/sched_probe/status)" = "enabled 1" ] && ok=1 ;;
		syscall_probe) [ "$(head -n 1 /proc/syscall_probe/status)" = "enabled 1" ] && ok=1 ;;
		esac
	fi
	ktap_if "$m: $LOAD_CYCLES load/unload cycles under load, ends unloaded, reloads and answers" \
		"rc ${mc_rc[$m]}: ${mc_out[$m]}" [ $ok = 1 ]
}

t_cycle_readers() {
	local why mode f
	why=$(readers_ok cyc work forks)
	for mode in pagewalk files hold control sched syscall; do
		why+=$(readers_ok cyc $mode absent)
	done
	ktap_if "workload and readers during the cycles: nothing unexpected" "$why" [ -z "$why" ]
	for f in "$T"/cyc-*; do ktap_diag "cycles $(tail -n 1 "$f")"; done
}

# 21-24: unload everything; nothing left behind.
t_unload_all() {
	local ok=1 m
	for m in $mods; do rmmod "$m" || ok=0; done
	for m in $mods; do [ ! -e "/proc/$m" ] && [ ! -e "/sys/module/$m" ] || ok=0; done
	ktap_if "all four unload, nothing left in /proc or /sys/module" "$(lsmod | head -5)" [ $ok = 1 ]
}

# Not more than before (pagewalk's thousands of per-process entries would
# show); it may be fewer: the cache can be merged with another of its size,
# whose objects come and go.
t_pde() {
	local end_pde
	slab_settle
	end_pde=$(slab_objs proc_dir_entry)
	ktap_if "proc_dir_entry objects not above their count before loading" \
		"want <= $base_pde, got $end_pde" [ "$end_pde" -le "$base_pde" ]
}

# Bound: 1 MiB of unreclaimable slab (a 64-byte leak per fork over the
# soak's thousands of forks, or one kmalloc-4k buffer per pagewalk open,
# exceeds it); vmalloc: 256 kB (the kernel keeps freed thread stacks in a
# small per-CPU cache; every table of ours is bigger than that).
t_mem_back() {
	local d_sunr d_vmal ok=0
	d_sunr=$(($(meminfo SUnreclaim) - base_sunr))
	d_vmal=$(($(meminfo VmallocUsed) - base_vmal))
	ktap_diag "after unload: SUnreclaim ${d_sunr#-} kB $([ $d_sunr -lt 0 ] && echo less || echo more)," \
		"VmallocUsed ${d_vmal#-} kB $([ $d_vmal -lt 0 ] && echo less || echo more) than before loading"
	[ $d_sunr -le 1024 ] && [ $d_vmal -le 256 ] && ok=1
	ktap_if "kernel memory back within bounds after unload (slab 1 MiB, vmalloc 256 kB)" \
		"SUnreclaim +$d_sunr kB, VmallocUsed +$d_vmal kB" [ $ok = 1 ]
}

t_kmemleak() {
	local leaks ours
	if [ ! -w $kmemleak ]; then
		ktap_skip "kmemleak: no leak from our modules" "no kmemleak in this kernel"
		return
	fi
	kmemleak_scan >"$T/kmemleak"
	leaks=$(grep -c '^unreferenced object' "$T/kmemleak")
	ours=$(grep -cE 'binfmt_demo|pagewalk|sched_probe|syscall_probe|\[<ffffffffc' "$T/kmemleak")
	ktap_diag "kmemleak: $leaks unreferenced objects, $ours lines naming our modules"
	ktap_if "kmemleak: no leak from our modules" "$(head -n 40 "$T/kmemleak")" [ "$ours" = 0 ]
}

# 25: the kernel log (run-suites.sh checks it too, after the suite).
t_splat() {
	local splats
	splats=$(dmesg | tests/lib/splat-scan.sh | wc -l)
	ktap_if "no kernel splat during the stress" "$(dmesg | tests/lib/splat-scan.sh | head)" [ "$splats" = 0 ]
	ktap_diag "stress duration: $((soak_secs + cyc_secs)) s" \
		"load/unload cycles: $cycles_total" "splats: $splats"
	ktap_diag "time: soak $soak_secs s, cycles $cyc_secs s, whole suite $((SECONDS - t_start)) s"
}

echo "# seed $STRESS_SEED, soak $SOAK_SECONDS s, $LOAD_CYCLES load cycles per module"
t_start=$SECONDS
for m in $mods; do rmmod "$m" 2>/dev/null; done

# Baseline before any module: a first workload run warms the caches.
$P/stress_work 2 "$TOY" 4 "$STRESS_SEED" >/dev/null 2>&1
slab_settle
base_pde=$(slab_objs proc_dir_entry)
base_sunr=$(meminfo SUnreclaim)
base_vmal=$(meminfo VmallocUsed)
kmemleak=/sys/kernel/debug/kmemleak
[ -w $kmemleak ] && echo clear >$kmemleak

ktap_run stress t_load_all t_soak "t_readers pagewalk" "t_readers files" \
	"t_readers hold" "t_readers control" "t_stream sched" "t_stream syscall" \
	t_sizes t_memory t_entries t_binfmt t_pagewalk t_sched t_syscall \
	"t_cycled binfmt_demo" "t_cycled pagewalk" "t_cycled sched_probe" \
	"t_cycled syscall_probe" t_cycle_readers t_unload_all t_pde t_mem_back \
	t_kmemleak t_splat
