#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# title: Time slicing: three CPU hogs share one CPU
. "$(dirname "$0")/lib.sh"

chapter 3 "Time slicing: three CPU hogs share one CPU"
D=/sys/kernel/debug/sched
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
cpu=$(($(nproc) - 1))
json=$(out ch3-explain.json)

say "A CPU runs one task at a time. Several programs seem to run at once" \
	"because the scheduler gives each a timeslice and then switches to" \
	"another. A program that never waits for anything does not give the" \
	"CPU back by itself: the timer interrupt (the tick) makes the kernel" \
	"check whether its slice is used up and, if so, switch it out." \
	"That is an involuntary context switch (preemption); blocking, sleeping" \
	"or exiting is a voluntary one."
step

if [ -e $D/latency_ns ]; then
	sched=CFS
	say "This kernel (Linux $(uname -r)) schedules with CFS, the Completely" \
		"Fair Scheduler. Its knobs: a target latency (the period in which" \
		"every runnable task should run once) and a minimum granularity" \
		"(the shortest slice)."
	show grep -H . $D/latency_ns $D/min_granularity_ns
	notice "the textbook rule: slice = target latency / number of tasks," \
		"but never below the minimum granularity."
else
	sched=EEVDF
	say "This kernel (Linux $(uname -r)) schedules with EEVDF (Earliest" \
		"Eligible Virtual Deadline First), which replaced CFS in Linux 6.6." \
		"There is no target latency any more: each task asks for a slice" \
		"of base_slice_ns and the one with the earliest virtual deadline" \
		"runs next."
	show grep -H . $D/base_slice_ns
	notice "the slice no longer depends on the number of tasks: with EEVDF" \
		"the \"target latency / number of tasks\" rule of the article is gone."
fi
step

say "The tick preempts user code. Can code running in the kernel be" \
	"preempted too? In the classic model, no: a task in the kernel runs" \
	"until it blocks or returns to user mode. Today that is a choice made" \
	"when the kernel is built (CONFIG_PREEMPT_NONE, _VOLUNTARY, CONFIG_PREEMPT," \
	"_LAZY, _RT) or, with CONFIG_PREEMPT_DYNAMIC, at boot (preempt=...)." \
	"sched_probe says which model this kernel runs, and its HZ:"
show insmod modules/sched_probe/sched_probe.ko
show grep -E '^(hz|preempt)' /proc/sched_probe/status
model=$(awk '$1 == "preempt" {print $2}' /proc/sched_probe/status)
case $model in
none) why="kernel code is never preempted: a task switches only when it blocks or returns to user mode (the classic model)" ;;
voluntary) why="kernel code is preempted only where it offers to (cond_resched() in long loops): the classic model with more exits, for servers and desktops alike" ;;
full) why="kernel code can be preempted anywhere it holds no spin lock and has not disabled preemption" ;;
lazy) why="like full, but a normal task in the kernel is preempted only at the next tick or return to user mode (real-time tasks at once)" ;;
*) why="kernel code can be preempted almost everywhere, spin locks included (real-time)" ;;
esac
notice "this kernel runs the '$model' model: $why."
if [ -r $D/preempt ]; then
	show cat $D/preempt
	claim "the preemption model sched_probe reports ($model) is the one the kernel marks in debugfs sched/preempt" \
		test "$model" = "$(sed -n 's/.*(\([a-z]*\)).*/\1/p' $D/preempt)"
fi
step

# Timer interrupts taken by CPU $1 so far: the local APIC timer (LOC) on
# x86, the generic timer (arch_timer) on arm64; /proc/interrupts has a
# column per CPU after the interrupt's name.
timer_irqs() {
	awk -v c=$(($1 + 2)) '/^ *LOC:/ || / arch_timer$/ {s += $c} END {print s + 0}' /proc/interrupts
}

say "sched_probe traces every context switch (the sched_switch" \
	"tracepoint). schedscope explain starts three CPU-bound tasks named" \
	"schedscope-hog, pins all three to CPU $cpu, lets each use 0.3 s of" \
	"CPU, and reads every switch on that CPU from sched_probe's event" \
	"stream. It prints what the knobs predict, what was measured, each" \
	"hog's switches next to the kernel's own counters in" \
	"/proc/<pid>/status, and the first 100 ms as a timeline."
show grep -E "CPU|LOC|arch_timer" /proc/interrupts
ticks0=$(timer_irqs "$cpu")
show schedscope explain -n 3 -C "$cpu" -d 0.3 -o "$(out ch3-timeline.svg)" -J "$json"
ticks=$(($(timer_irqs "$cpu") - ticks0))
notice "a hog's slice ends when the scheduler next looks at it after the" \
	"knobs' slice is used up: at the next tick (every 1/HZ s) at the latest," \
	"so the measured slice lies between the knobs' value and the tick after" \
	"it. In the lanes the three hogs take turns; 'p' under a lane (a" \
	"triangle in the picture) marks a slice that ended by preemption. The hogs' switch counts equal the" \
	"kernel's own (/proc/<pid>/status)."
picture ch3-timeline.svg "Time slicing on $sched: three hogs take turns on CPU $cpu (first 100 ms; a triangle under the lane: preempted)"
json_claim "the running scheduler is $sched (its knobs are in $D)" "$json" \
	".scheduler == \"$sched\""
json_claim "each hog was switched out involuntarily (preempted) many times, more often than it gave up the CPU" \
	"$json" '(.hogs | length) == 3 and all(.hogs[]; .involuntary > 0 and .involuntary > .voluntary)'
json_claim "each hog's voluntary and involuntary switches, counted by sched_probe, equal the kernel's own counters in /proc/<pid>/status" \
	"$json" 'all(.hogs[]; .involuntary == .status_involuntary and .voluntary == .status_voluntary)'
invol=$(jq '[.hogs[].involuntary] | add' "$json")
busy_ms=$(jq '[.hogs[].runtime_ns] | add / 1000000 | floor' "$json")
hz=$(jq .hz "$json")
want=$((busy_ms * hz / 1000))
show grep -E "CPU|LOC|arch_timer" /proc/interrupts
if [ "$ticks" -ge "${invol:-0}" ]; then
	why="no more than the timer interrupts: a hog that never waits is preempted when the scheduler looks at it, in the tick's handler (or at a wakeup on that CPU)"
else
	why="more than the timer interrupts: this scheduler's slice ($(jq '.base_slice_ns // .ideal_slice_ns | . / 1000000' "$json") ms) is shorter than a tick, so slices also ended between ticks, at the other interrupts and scheduler events of that CPU"
fi
notice "the hogs kept CPU $cpu busy for $busy_ms ms, and it took $ticks timer" \
	"interrupts meanwhile (HZ = $hz: one tick every $((1000 / hz)) ms, and the" \
	"tick does not stop on a busy CPU; x86's LOC also counts the kernel's other" \
	"timers). The hogs were preempted $invol times, $why."
claim "CPU $cpu took at least one timer interrupt per tick while the hogs ran ($ticks in /proc/interrupts for $busy_ms ms of CPU at HZ $hz: $want ticks; half of them allowed for an emulated CPU)" \
	test "$ticks" -ge $((want / 2)) -a "$want" -gt 0
json_claim "the measured timeslice (median) lies within the range the knobs and the tick predict (tolerance x2 either way, as in the test suite, for a TCG VM)" \
	"$json" '.measured_slice_ns >= .expected_min_ns / 2 and .measured_slice_ns <= .expected_max_ns * 2'
step

say "The same slices as a histogram (log2 buckets of microseconds, like" \
	"bcc's cpudist): the time each hog ran every time it got the CPU."
show schedscope -c schedscope-hog hist
notice "most slices sit in the buckets around the predicted slice; short" \
	"ones were cut by kernel threads or the end of the run, and very long" \
	"ones are time the host did not run the VM (TCG on a busy machine)."
show rmmod sched_probe
demo_end
