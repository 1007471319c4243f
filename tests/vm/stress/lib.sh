# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# stress/lib.sh - memory and module-state probes for tests/vm/stress.sh
# (sourced). Everything reads the kernel's own accounting: /proc/meminfo,
# /proc/slabinfo, /proc/modules and the modules' status files.

# meminfo FIELD: the value in kB.
meminfo() {
	awk -v f="$1:" '$1 == f { print $2 }' /proc/meminfo
}

# Flush the per-CPU slabs of proc_dir_entry and the kmalloc caches (where
# our modules allocate) and free their empty slabs, so that slabinfo's
# active object counts are exact and SUnreclaim has less slack. RCU-freed
# objects (tasks, files of exited processes) are waited for first. (All
# caches would take 10-20 s under TCG: a shrink runs work on every CPU.)
slab_settle() {
	local c
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	for c in /sys/kernel/slab/proc_dir_entry /sys/kernel/slab/kmalloc-*; do
		echo 1 >"$c/shrink" 2>/dev/null
	done
}

# slab_objs CACHE: active objects of CACHE (after slab_settle: exact).
slab_objs() {
	awk -v c="$1" '$1 == c { print $2 }' /proc/slabinfo
}

# mod_size NAME: the module's size in /proc/modules (0 if not loaded).
mod_size() {
	awk -v m="$1" '$1 == m { s = $2 } END { print s + 0 }' /proc/modules
}

# status_val FILE KEY: the value of a "key value" line.
status_val() {
	awk -v k="$2" '$1 == k { print $2 }' "$1" 2>/dev/null
}

# pagewalk_entries: numeric entries of /proc/pagewalk (one per process).
pagewalk_entries() {
	find /proc/pagewalk -mindepth 1 -maxdepth 1 -name '[1-9]*' 2>/dev/null |
		wc -l
}

# processes: thread groups alive, as /proc shows them.
processes() {
	find /proc -mindepth 1 -maxdepth 1 -name '[1-9]*' 2>/dev/null | wc -l
}

# sample FILE: append one line to FILE:
#   secs SUnreclaim_kB VmallocUsed_kB size_binfmt_demo size_pagewalk
#   size_sched_probe size_syscall_probe sched_tasks syscall_rows
#   pagewalk_entries processes
sample() {
	local m line v
	line="$SECONDS $(meminfo SUnreclaim) $(meminfo VmallocUsed)"
	for m in binfmt_demo pagewalk sched_probe syscall_probe; do
		line+=" $(mod_size $m)"
	done
	v=$(status_val /proc/sched_probe/status tasks)
	line+=" ${v:-0}"
	v=$(status_val /proc/syscall_probe/status rows_used)
	line+=" ${v:-0}"
	line+=" $(pagewalk_entries) $(processes)"
	echo "$line" >>"$1"
}

# sampler FILE PERIOD: sample FILE every PERIOD seconds until killed.
sampler() {
	while :; do
		sleep "$2"
		sample "$1"
	done
}

# kmemleak_scan: scan twice (an object is reported only when it stayed
# unreferenced for a scan and is older than 5 s) and print the reports.
kmemleak_scan() {
	local k=/sys/kernel/debug/kmemleak
	echo scan >$k
	sleep 6
	echo scan >$k
	cat $k
}
