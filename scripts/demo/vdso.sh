# SPDX-License-Identifier: GPL-2.0
#
# vdso.sh - the vDSO step of chapter 2, told the same on every architecture
# (sourced by 02-syscalls.sh and 02-syscalls.arm64 after lib.sh; call
# vdso_step with syscall_probe loaded): clock_gettime() through the C
# library makes no system call, the same request through syscall() makes
# one per call, counted by syscall_probe.

# Clocksources whose counter user code may read, so that the vDSO can
# compute precise times itself: the TSC (and the hypervisors' clocks built
# on it) on x86, the generic timer's virtual counter on arm64.
VDSO_READABLE="tsc kvm-clock hyperv_clocksource_tsc_page arch_sys_counter"

# vdso_calls FILE: clock_gettime calls in a systrace -c --json result.
vdso_calls() {
	jq -n 'input | [.processes[].syscalls[] | select(.name == "clock_gettime") | .calls] | add // 0' "$1"
}

vdso_step() {
	local v=build/tests/progs/demo_vdso n=1000 cs m want
	cs=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)
	say "Not every request to the kernel is a system call. The kernel maps" \
		"a small library into every process, the vDSO (virtual dynamic" \
		"shared object), next to a page of data it keeps up to date: the" \
		"time of the last tick and how to read the CPU's own counter." \
		"clock_gettime() in the C library calls the vDSO, which computes" \
		"the time in user mode. Every process has it:"
	show grep -F '[vdso]' /proc/self/maps
	say "demo_vdso asks for the time $n times three ways: the coarse clock" \
		"(the last tick's time, read from the data page), the precise clock" \
		"through the C library (the vDSO), and the precise clock through" \
		"syscall(SYS_clock_gettime), which enters the kernel every time." \
		"syscall_probe counts the clock_gettime system calls of each:"
	for m in coarse vdso syscall; do
		show systrace -c -e clock_gettime -- "$v" "$m" "$n"
		systrace -c --json -e clock_gettime -o "$(out "ch2-vdso-$m.json")" -- "$v" "$m" "$n" >/dev/null
	done
	show cat /sys/devices/system/clocksource/clocksource0/current_clocksource
	claim "clock_gettime(CLOCK_MONOTONIC_COARSE) through the C library: $n calls, 0 system calls (the vDSO answers)" \
		test "$(vdso_calls "$(out ch2-vdso-coarse.json)")" = 0
	claim "syscall(SYS_clock_gettime): $n calls, exactly $n system calls" \
		test "$(vdso_calls "$(out ch2-vdso-syscall.json)")" = "$n"
	if [[ " $VDSO_READABLE " = *" $cs "* ]]; then
		want=0
		notice "the precise clock costs no system call either: the clocksource" \
			"here, $cs, is a counter user code may read, so the vDSO" \
			"computes the time itself. A system call is counted only when" \
			"the program insists on one."
	else
		want=$n
		notice "the precise clock made a system call per call here: this VM's" \
			"clocksource, $cs, is a device user code cannot read (an" \
			"emulated CPU's TSC is not trusted), so the vDSO falls back to" \
			"the system call. On real hardware (tsc, arch_sys_counter) it" \
			"makes none; the coarse clock never needs one."
	fi
	claim "clock_gettime(CLOCK_MONOTONIC) through the C library: $want system calls for $n calls (clocksource $cs$([ "$want" = 0 ] && echo ', readable by user code' || echo ', not readable by user code: the vDSO falls back'))" \
		test "$(vdso_calls "$(out ch2-vdso-vdso.json)")" = "$want"
}
