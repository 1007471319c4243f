#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# failslab.sh - out of memory: the modules fail cleanly when a kernel
# allocation fails. With the kernel's fault injection (failslab,
# sleeping allocations included, and /proc/thread-self/fail-nth), the
# helper build/tests/progs/debug_failnth makes the 1st, 2nd, 3rd, ...
# slab allocation of one operation fail, one run each, until the operation
# gets through without reaching the failing one: every allocation point of
# that operation has failed once. For each run the operation must succeed
# or fail with ENOMEM, and work again right after without fault injection.
# Operations: insmod of each module (a failed insmod must leave no module
# and no /proc folder behind, and a later insmod works; an insmod reaches
# hundreds of points, most in the module loader, and takes about a second
# under TCG and KASAN: every one of the last TAIL points, where the
# module's init runs, and every STEP-th point before), reading every
# /proc file of the modules (/proc/pagewalk/self included), writing their
# control files (every point; each write from the state that makes it do
# its work, e.g. "enable" after "disable"), opening and reading the two
# event streams, and executing a toy program (every allocation of the
# child from execve to exit: ENOMEM, SIGSEGV after the point of no return,
# or E2BIG, which fs/exec.c's copy_strings() returns for any failure to
# get an argument page; the same program as an ELF, run the same way, may
# also get ENOEXEC: binfmt_elf reports a failed allocation of its program
# headers so, which a toy never may, since it would send the kernel on to
# the next handler).
# The kernel log must stay free of splats
# but for the allocation-failure reports the injected failures cause
# ("vmalloc error", "page allocation failure": warn_alloc's stack dump)
# and the module loader's jump-label WARNs on ENOMEM (kernel/jump_label.c,
# by design): this suite checks that itself, then clears the log for
# run-suites.sh;
# make check-debug filters the same reports out of the whole log
# (tests/vm/debug/alloc-filter.sh) and scans kmemleak at the end.
# The modules are loaded from a copy in /tmp: the 6.12 kernel's 9p (netfs)
# read path underflows a refcount when an allocation fails in it (a
# kernel bug, not ours), and insmod reads the .ko through it.
#
# Needs CONFIG_FAILSLAB and CONFIG_FAULT_INJECTION_DEBUG_FS (the debug
# kernel); elsewhere (Debian's kernels) the suite is one SKIP.
#   LKM_FAILSLAB_MAX    runs per operation at most (default 400)
#   LKM_FAILSLAB_STEP   insmod: every STEP-th point (default 40; 1: all)
#   LKM_FAILSLAB_TAIL   insmod: and all of the last TAIL (default 40)

. "$(dirname "$0")/../lib/ktap.sh"
cd "$(dirname "$0")/../.." || exit 1

fs=/sys/kernel/debug/failslab
nth=build/tests/progs/debug_failnth
max=${LKM_FAILSLAB_MAX:-400}
step=${LKM_FAILSLAB_STEP:-40}
tail=${LKM_FAILSLAB_TAIL:-40}
mods="binfmt_demo pagewalk sched_probe syscall_probe"

reads=(/proc/binfmt_demo/stats /proc/binfmt_demo/kinds /proc/pagewalk/self /proc/pagewalk/1
	/proc/sched_probe/stats /proc/sched_probe/hist /proc/sched_probe/cpus
	/proc/sched_probe/status /proc/syscall_probe/stats
	/proc/syscall_probe/status /proc/syscall_probe/syscalls)
streams=(/proc/sched_probe/events /proc/syscall_probe/stream)
# program|errors allowed besides ENOMEM and SIGSEGV|the same as options
execs=("exit0.toy|E2BIG|-e 7" "exit0.elf|E2BIG, ENOEXEC|-e 7 -e 8" "hello.toy|E2BIG|-e 7")
# file|text|state before each run (written without faults)
writes=("/proc/sched_probe/control|disable|enable"
	"/proc/sched_probe/control|enable|disable"
	"/proc/sched_probe/control|filter pid 1|filter none"
	"/proc/sched_probe/control|reset|enable"
	"/proc/syscall_probe/control|enable|disable"
	"/proc/syscall_probe/control|filter pid 1 children|enable"
	"/proc/syscall_probe/control|reset|enable"
	"/proc/syscall_probe/control|disable|enable")

if [ ! -d "$fs" ] || [ ! -e /proc/thread-self/fail-nth ]; then
	ktap_begin failslab 1
	ktap_skip "allocation failures" "kernel $(uname -r) has no failslab/fail-nth (make check-debug runs this)"
	ktap_end
	exit
fi

ktap_begin failslab $((2 * 4 + ${#reads[@]} + ${#streams[@]} + ${#writes[@]} + ${#execs[@]} + 2))

# Fail sleeping (GFP_KERNEL) allocations too, silently (a stack dump per
# failure would read as a splat), only where fail-nth asks for it.
echo N >"$fs/ignore-gfp-wait"
echo 0 >"$fs/verbose"
echo 0 >"$fs/probability"
echo -1 >"$fs/times"

total=0
# failnth NAME ARGS...: one operation, every allocation point failed once.
failnth() {
	local name=$1 out points
	shift
	if out=$("$nth" -m "$max" "$@" 2>&1); then
		ktap_ok "$name"
	else
		ktap_fail "$name"
	fi
	# the summary, and where an error other than ENOMEM came back
	ktap_diag "$(grep -E '^(summary|n=|baseline|debug_failnth)|^outcome E' <<<"$out" |
		grep -v '^outcome ENOMEM')"
	points=$(sed -n 's/^summary points=\([0-9]*\).*/\1/p' <<<"$out")
	total=$((total + ${points:-0}))
}

mkdir -p /tmp/failslab
for m in $mods; do
	cp "modules/$m/$m.ko" /tmp/failslab/
	failnth "insmod $m: each allocation failure gives ENOMEM or a working module" \
		-m 2000 -s "$step" -t "$tail" insmod "/tmp/failslab/$m.ko" "$m"
	left=
	[ ! -e "/sys/module/$m" ] || left+=" /sys/module/$m"
	[ ! -e "/proc/$m" ] || left+=" /proc/$m"
	if [ -z "$left" ] && insmod "modules/$m/$m.ko" && [ -d "/proc/$m" ] && rmmod "$m"; then
		ktap_ok "$m: nothing left behind, insmod and rmmod work after"
	else
		ktap_fail "$m: nothing left behind, insmod and rmmod work after" "left:$left"
		rmmod "$m" 2>/dev/null
	fi
done

for m in $mods; do
	insmod "modules/$m/$m.ko" || ktap_diag "insmod $m failed"
done
for f in "${reads[@]}"; do
	failnth "read $f: ENOMEM or the whole file" read "$f"
done
for f in "${streams[@]}"; do
	failnth "open and read $f: ENOMEM or works" peek "$f"
done
# From tmpfs, like the modules (a failure in the 9p read path is a kernel bug).
for x in "${execs[@]}"; do
	IFS='|' read -r prog names allow <<<"$x"
	cp "build/toy/$prog" /tmp/failslab/
	# shellcheck disable=SC2086 # $allow is a list of options
	failnth "exec $prog: exit 0, or ENOMEM, SIGSEGV past the point of no return, $names" \
		$allow exec "/tmp/failslab/$prog"
done
for w in "${writes[@]}"; do
	IFS='|' read -r file text before <<<"$w"
	failnth "write '$text' to $file (after '$before'): ENOMEM or done" \
		write "$file" "$text" "$before"
done
echo "disable" >/proc/syscall_probe/control
echo "filter none" >/proc/syscall_probe/control
echo "filter none" >/proc/sched_probe/control
gone=1
for m in $mods; do
	rmmod "$m" || gone=0
done
[ $gone = 1 ] && ktap_ok "all four modules unload after the fault runs" ||
	ktap_fail "all four modules unload after the fault runs" "$(cat /proc/modules)"
echo "# $total allocation failures injected"

# Splats, once the expected allocation-failure reports are taken out.
if splats=$(dmesg | tests/vm/debug/alloc-filter.sh | tests/lib/splat-scan.sh); then
	ktap_ok "no kernel splat but allocation-failure reports"
else
	ktap_fail "no kernel splat but allocation-failure reports" "$splats"
fi
dmesg -C
ktap_end
