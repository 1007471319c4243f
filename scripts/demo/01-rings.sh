#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# title: Rings: user code runs in ring 3, the kernel in ring 0
. "$(dirname "$0")/lib.sh"
set -e

RING=build/tests/progs/demo_ring
chapter 1 "Rings: user code runs in ring 3, the kernel in ring 0"
say "An x86-64 CPU runs code at a privilege level from 0 (all rights) to 3" \
	"(fewest rights): the rings. Linux uses two of them: ring 0 for the" \
	"kernel, ring 3 for every program. The current privilege level (CPL)" \
	"is kept in the two low bits of the cs (code segment) register, and" \
	"any code may read cs with one instruction, mov %cs."
show bash -c "objdump -d --no-show-raw-insn --disassemble=main $RING |
	grep -m1 -B1 -A1 'mov *%cs'"
say "demo_ring is a small program that does exactly that and prints what it read:"
show "$RING"
"$RING" --json >"$(out ch1-user.json)"
notice "cs is 0x33 = binary 110011 in a program: its low two bits are 11," \
	"CPL 3, ring 3, user mode. (The other bits select the user code" \
	"segment in the descriptor table: index 6.)"
json_claim "a user program runs with CPL 3 (the low bits of cs are 11)" \
	"$(out ch1-user.json)" '.cpl == 3 and .cs % 4 == 3'
step

say "Now the same instruction in the kernel. syscall_probe has a small" \
	"read-only file for this, /proc/syscall_probe/ring: reading it makes the" \
	"kernel run the file's read function on behalf of the reader (cat)," \
	"in the kernel, and that function reads cs the same way."
show insmod modules/syscall_probe/syscall_probe.ko
show cat /proc/syscall_probe/ring
read -r _ cs _ cpl </proc/syscall_probe/ring
printf '{"cs":%d,"cpl":%d}\n' "$cs" "$cpl" >"$(out ch1-kernel.json)"
notice "cs is 0x10 = binary 10000 in the kernel: low bits 00, CPL 0, ring 0." \
	"The same mov %cs gives 3 in the program and 0 in the kernel: the CPU" \
	"changed rings when cat asked the kernel to read the file, through a" \
	"system call (chapter 2), and changes back when the call returns."
json_claim "kernel code runs with CPL 0 (the low bits of cs are 00)" \
	"$(out ch1-kernel.json)" '.cpl == 0 and .cs % 4 == 0'
claim "the program's CPL (3) and the kernel's (0) differ, read the same way" \
	test "$("$RING" --json | jq .cpl)" = 3 -a "$cpl" = 0
step

say "Rings 1 and 2 exist in the CPU but Linux does not use them. Ring 3" \
	"code cannot just load cs with 0x10 to become the kernel: the only" \
	"ways into ring 0 are the gates the kernel set up at boot (the syscall" \
	"instruction's entry point, interrupt and exception handlers)."
show rmmod syscall_probe
demo_end
