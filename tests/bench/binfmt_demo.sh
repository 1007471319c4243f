#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# binfmt_demo.sh (bench) - exec+exit of the smallest toy program against the
# same program as a static ELF (build/toy/exit0.{toy,elf}), in one VM run.
# Runs as root inside the lab VM:
#
#   scripts/vm.sh --kernel 6.12 -- tests/bench/binfmt_demo.sh [ROUNDS] [N]
#
# ROUNDS (default BENCH_ROUNDS, 9) rounds of N (default 400) execs of each;
# the ratio toy/ELF of each round, median and q1-q3 (tests/bench/lib.sh;
# goal: <= 1.0). Prints a BENCH row and, on stderr, a markdown table of the
# ns per vfork+execve+exit+wait.

cd "$(dirname "$0")/../.." || exit 1
. tests/bench/lib.sh
BENCH_ROUNDS=${1:-$BENCH_ROUNDS}
n=${2:-400}
B=build/tests/progs/binfmt_demo_bench
bench_init 'rmmod binfmt_demo 2>/dev/null'
W=$BENCH_DIR
cp build/toy/exit0.toy build/toy/exit0.elf "$W"/ || exit 1
insmod modules/binfmt_demo/binfmt_demo.ko || exit 1
bench_header

for ((r = 1; r <= BENCH_ROUNDS; r++)); do
	v=$($B "$W/exit0.elf" "$n") || { echo "ELF run failed" >&2; exit 1; }
	bench_put elf "$v"
	v=$($B "$W/exit0.toy" "$n") || { echo "toy run failed" >&2; exit 1; }
	bench_put toy "$v"
done
bench_sum elf
elf_fmt="$(bench_fmt) ns"
bench_sum toy
toy_fmt="$(bench_fmt) ns"
bench_ratio toy elf
bench_goal "<= 1.0"
bench_row "exec+exit of a minimal program ($BENCH_ROUNDS rounds x $n execs)" \
	"static ELF (binfmt_elf) $elf_fmt" "toy (binfmt_demo) $toy_fmt" "-"
{
	echo "binfmt_demo exec+exit, kernel $(uname -r), $BENCH_ROUNDS rounds x $n execs"
	echo
	echo "| program | ns/exec median [q1-q3] |"
	echo "|---|---:|"
	echo "| exit0.elf (binfmt_elf) | $elf_fmt |"
	echo "| exit0.toy (binfmt_demo) | $toy_fmt |"
	echo
	echo "toy/ELF per round: $ratio [$range], goal $GOAL: $verdict."
} >&2
