#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# memory.sh (bench) - what loading each module costs in memory, run in the
# lab VM as root: at its defaults and at the largest table sizes its
# parameters accept. For each load: the module's own size from
# /proc/modules (text and data), and the tables it allocates: the pages of
# the vmalloc areas whose caller is in the module (/proc/vmallocinfo) plus
# the growth of per-CPU memory (/proc/meminfo Percpu, which grows by whole
# chunks, so it is 0 when a chunk had room). The module stays loaded and
# idle (not enabled) while measured: its tables are allocated at load.
# MEM rows on stdout (tests/bench/lib.sh), a markdown table on stderr.
#
# Usage: tests/bench/memory.sh

cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh

percpu() { awk '$1 == "Percpu:" { print $2 * 1024 }' /proc/meminfo; }

# measure MODULE SETTING [PARAM=VALUE...]: load, print a MEM row, unload.
measure() {
	local mod=$1 setting=$2 p0 p1 size vm pc
	shift 2
	lsmod | grep -q "^$mod " && rmmod "$mod"
	p0=$(percpu)
	if ! err=$(insmod "modules/$mod/$mod.ko" "$@" 2>&1); then
		bench_mem_row "$mod" "$setting" - - "load failed: ${err##*: }"
		return 0
	fi
	p1=$(percpu)
	size=$(awk -v m="$mod" '$1 == m { print $2 }' /proc/modules)
	# vmalloc areas allocated from the module's own functions ("[mod]")
	vm=$(awk -v m="[$mod]" 'index($0, m) { for (i = 1; i <= NF; i++)
		if ($i ~ /^pages=/) { sub(/pages=/, "", $i); n += $i } }
		END { print n * 4096 + 0 }' /proc/vmallocinfo)
	pc=$((p1 - p0))
	bench_mem_row "$mod" "$setting" "$size" $((vm + pc)) "vmalloc $vm + percpu $pc"
	rmmod "$mod"
}

bench_header
rows=$(
	measure pagewalk "defaults (no tables)"
	measure binfmt_demo "defaults (no tables)"
	measure sched_probe "defaults (max_tasks=4096)"
	measure sched_probe "max_tasks=1048576" max_tasks=1048576
	measure syscall_probe "defaults (max_entries=8192, ring_records=4096)"
	measure syscall_probe "max_entries=1048576" max_entries=1048576
	measure syscall_probe "ring_records=1048576" ring_records=1048576
	measure syscall_probe "max_entries=1048576, ring_records=1048576" \
		max_entries=1048576 ring_records=1048576
)
echo "$rows"
{
	echo "| module | setting | module bytes | table bytes | how |"
	echo "|---|---|---:|---:|---|"
	awk -F'\t' '{ printf "| %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6 }' <<<"$rows"
} >&2
