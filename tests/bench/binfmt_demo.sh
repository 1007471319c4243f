#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# binfmt_demo.sh (bench) - exec+exit of the smallest toy program against the
# same program as a static ELF (build/toy/exit0.{toy,elf}), in one VM run.
# Runs as root inside the lab VM:
#
#   scripts/vm.sh --kernel 6.12 -- tests/bench/binfmt_demo.sh [ROUNDS] [N]
#
# ROUNDS (default 7) alternating rounds of N (default 400) execs each;
# prints a BENCH row (tests/bench/lib.sh) and, on stderr, a markdown table of
# the medians (ns per vfork+execve+exit+wait) and the ratio toy/ELF (goal:
# <= 1.0).

cd "$(dirname "$0")/../.." || exit 1
rounds=${1:-7}
n=${2:-400}
B=build/tests/progs/binfmt_demo_bench
W=$(mktemp -d /tmp/binfmt_demo-bench.XXXXXX)
trap 'rm -rf "$W"; rmmod binfmt_demo 2>/dev/null' EXIT
cp build/toy/exit0.toy build/toy/exit0.elf "$W"/ || exit 1
insmod modules/binfmt_demo/binfmt_demo.ko || exit 1

. tests/bench/lib.sh

for _ in $(seq "$rounds"); do
	$B "$W/exit0.elf" "$n" >>"$W/elf" || { echo "ELF run failed" >&2; exit 1; }
	$B "$W/exit0.toy" "$n" >>"$W/toy" || { echo "toy run failed" >&2; exit 1; }
done
mapfile -t v <"$W/elf"
bench_stats "${v[@]}"
elf=$med elf_fmt="$(bench_fmt) ns"
mapfile -t v <"$W/toy"
bench_stats "${v[@]}"
toy=$med toy_fmt="$(bench_fmt) ns"
ratio=$(awk -v a="$toy" -v b="$elf" 'BEGIN { printf "%.2f", a / b }')
bench_row "exec+exit of a minimal program ($rounds x $n execs)" \
	"static ELF (binfmt_elf) $elf_fmt" "toy (binfmt_demo) $toy_fmt" "-" "$ratio" "<= 1.0"
{
	echo "binfmt_demo exec+exit, kernel $(uname -r), $rounds rounds x $n execs"
	echo
	echo "| program | median ns/exec | ratio to ELF |"
	echo "|---|---:|---:|"
	echo "| exit0.elf (binfmt_elf) | $elf | 1.00 |"
	echo "| exit0.toy (binfmt_demo) | $toy | $ratio |"
} >&2
