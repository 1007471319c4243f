#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# title: System calls: write() becomes a syscall instruction
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vdso.sh"
set -e

PROG=build/tests/progs/demo_syscall
LIBC=$(ldd "$PROG" | awk '$1 ~ /^libc\.so/ { print $3 }')
chapter 2 "System calls: write() becomes a syscall instruction"
say "A program in ring 3 cannot drive a disk or a terminal itself: it asks" \
	"the kernel. The request is a system call. The program puts the call's" \
	"number in the rax register and its arguments in rdi, rsi, rdx, r10, r8," \
	"r9, then executes the syscall instruction: the CPU switches to ring 0" \
	"and jumps to the kernel's entry point, which runs the call and returns."
say "write() in a C program is a function of the C library. Here is its" \
	"start, disassembled from the library itself:"
start=$(readelf -Ws --dyn-syms "$LIBC" | awk '$8 ~ /^write@@/ { print $2; exit }')
stop=$(printf '0x%x' $((0x$start + 0x18)))
show objdump -d --no-show-raw-insn --start-address=0x"$start" \
	--stop-address="$stop" "$LIBC"
objdump -d --start-address=0x"$start" --stop-address="$stop" "$LIBC" \
	>"$(out ch2-libc-write.txt)"
notice "mov \$0x1,%eax then syscall: 1 is write's number in the 64-bit" \
	"system call table, and syscall is the instruction that enters the kernel."
# The instruction after "mov $0x1,%eax" is syscall.
rax1_then_syscall() { grep -A1 'mov  *\$0x1,%eax' "$1" | grep -q 'syscall'; }
claim "the C library's write() executes the syscall instruction with rax = 1" \
	rax1_then_syscall "$(out ch2-libc-write.txt)"
step

say "Before x86-64, Linux programs entered the kernel with int \$0x80, a" \
	"software interrupt through entry 0x80 of the interrupt table. That" \
	"legacy 32-bit gate still exists (IA32 emulation) and a 64-bit program" \
	"may use it too, but it takes the 32-bit table's numbers and 32-bit" \
	"arguments: write is 4 there (1 would be exit!). demo_syscall writes one" \
	"line each way; its int \$0x80 path:"
show bash -c "objdump -d --no-show-raw-insn --disassemble=write_gate2 $PROG |
	grep -E '^ +[0-9a-f]+:'"
show insmod modules/syscall_probe/syscall_probe.ko
show grep -w write /proc/syscall_probe/syscalls
notice "the kernel has one table per gate: write is 1 for syscall and 4 for" \
	"int \$0x80 (x32, a third ABI, is not enabled on Debian)."
claim "the 64-bit table (syscall) numbers write 1" \
	grep -qx -e '64 1 write' /proc/syscall_probe/syscalls
claim "the ia32 table (int \$0x80) numbers write 4" \
	grep -qx -e 'ia32 4 write' /proc/syscall_probe/syscalls
step

say "syscall_probe watches every system call on the raw_syscalls tracepoints" \
	"and notes which gate it came through. systrace -- COMMAND runs a" \
	"command and shows its calls live, like strace; -e write keeps the" \
	"write calls only. demo_syscall 2 writes twice each way:"
show systrace -e write -- "$PROG" 2
notice "the same request, write(1, text, length), appears with abi 64 as" \
	"write and with abi ia32 also as write, but with other registers: the" \
	"ia32 arguments are the 32-bit ebx, ecx, edx."
step

say "systrace -c counts the calls of a command like strace -c, with their" \
	"time in the kernel; the abi column keeps the two gates apart:"
show systrace -c -e write -- "$PROG" 3
systrace -c --json -e write -- "$PROG" -q 3 >"$(out ch2-counts.json)"
notice "two rows for one request: 3 writes through syscall (abi 64) and 3" \
	"through int \$0x80 (abi ia32), each with its own count and latency."
json_claim "systrace counts exactly 3 writes through syscall (abi 64, nr 1)" \
	"$(out ch2-counts.json)" \
	'[.processes[].syscalls[] | select(.name == "write" and .abi == "64" and .nr == 1) | .calls] == [3]'
json_claim "and exactly 3 through int \$0x80 (abi ia32, nr 4), as separate entries" \
	"$(out ch2-counts.json)" \
	'[.processes[].syscalls[] | select(.name == "write" and .abi == "ia32" and .nr == 4) | .calls] == [3]'
step

say "How long does a system call take? systrace -H draws a log2 histogram" \
	"of the latency per call and gate: 2000 writes each way to /dev/null."
show systrace -H -e write --svg "$(out ch2-histogram.svg)" -- "$PROG" -q 2000
systrace -H --json -e write -- "$PROG" -q 2000 >"$(out ch2-histogram.json)"
picture ch2-histogram.svg \
	"Latency of write() to /dev/null through syscall (abi 64) and int \$0x80 (abi ia32), log2 buckets"
notice "almost every call falls in one bucket, for both gates: the work" \
	"is the same, only the way in differs. The rare slow calls were" \
	"interrupted or preempted inside the kernel. (This VM emulates its CPU:" \
	"absolute times are slower than on real hardware.)"
json_claim "each gate's histogram holds its 2000 calls" \
	"$(out ch2-histogram.json)" \
	'[.processes[].syscalls[] | select(.name == "write") | [.abi, .calls, ([.hist[].count] | add)]] | sort == [["64", 2000, 2000], ["ia32", 2000, 2000]]'
step

vdso_step
show rmmod syscall_probe
demo_end
