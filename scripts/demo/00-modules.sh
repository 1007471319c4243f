#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# title: The lab: loading the suite's four modules
. "$(dirname "$0")/lib.sh"
set -e

mods="binfmt_demo pagewalk sched_probe syscall_probe"
chapter 0 "The lab: loading the suite's four modules"
say "A kernel module is code added to the running kernel. insmod hands the" \
	".ko file to the kernel, which links it and runs its init function;" \
	"each of our modules then creates its folder under /proc."
show uname -r
for m in $mods; do
	show modinfo -F description "modules/$m/$m.ko"
	show insmod "modules/$m/$m.ko"
done
show grep -E "^(binfmt_demo|pagewalk|sched_probe|syscall_probe) " /proc/modules
show ls -d /proc/binfmt_demo /proc/pagewalk /proc/sched_probe /proc/syscall_probe
claim "each module created its folder under /proc" \
	test -d /proc/binfmt_demo -a -d /proc/pagewalk -a -d /proc/sched_probe -a -d /proc/syscall_probe
step
for m in $mods; do
	show rmmod "$m"
done
notice "loading our unsigned, out-of-tree code taints the kernel (flags O" \
	"and E): /proc/sys/kernel/tainted now reads $(cat /proc/sys/kernel/tainted)."
demo_end
