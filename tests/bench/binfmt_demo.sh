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
# prints a markdown table of the medians (ns per vfork+execve+exit+wait)
# and the ratio toy/ELF (goal: <= 1.0).

cd "$(dirname "$0")/../.." || exit 1
rounds=${1:-7}
n=${2:-400}
B=build/tests/progs/binfmt_demo_bench
W=$(mktemp -d /tmp/binfmt_demo-bench.XXXXXX)
trap 'rm -rf "$W"; rmmod binfmt_demo 2>/dev/null' EXIT
cp build/toy/exit0.toy build/toy/exit0.elf "$W"/ || exit 1
insmod modules/binfmt_demo/binfmt_demo.ko || exit 1

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for _ in $(seq "$rounds"); do
	$B "$W/exit0.elf" "$n" >>"$W/elf" || { echo "ELF run failed" >&2; exit 1; }
	$B "$W/exit0.toy" "$n" >>"$W/toy" || { echo "toy run failed" >&2; exit 1; }
done
elf=$(median <"$W/elf")
toy=$(median <"$W/toy")
echo "binfmt_demo exec+exit, kernel $(uname -r), $rounds rounds x $n execs"
echo
echo "| program | median ns/exec | ratio to ELF |"
echo "|---|---:|---:|"
echo "| exit0.elf (binfmt_elf) | $elf | 1.00 |"
echo "| exit0.toy (binfmt_demo) | $toy | $(awk -v a="$toy" -v b="$elf" 'BEGIN { printf "%.2f", a / b }') |"
