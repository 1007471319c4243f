/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * sched_probe.h - definitions shared by the sched_probe module and its tools:
 * the files of /proc/sched_probe/, the layout of the event stream records
 * read from /proc/sched_probe/events, and the histogram geometry.
 *
 * Included from kernel code and from userspace, so it only uses what both
 * sides have.
 */
#ifndef SCHED_PROBE_H
#define SCHED_PROBE_H

#include <linux/types.h>

/* Files of /proc/sched_probe/ (see docs/sched_probe.md). */
#define SCHED_PROBE_STATS "stats"
#define SCHED_PROBE_HIST "hist"
#define SCHED_PROBE_CPUS "cpus"
#define SCHED_PROBE_STATUS "status"
#define SCHED_PROBE_CONTROL "control"
#define SCHED_PROBE_EVENTS "events"

/*
 * Histograms count microseconds in log2 slots (lkm_hist_slot() of the value
 * in usecs); values from 2^(SLOTS-2) us upwards share the last slot.
 */
#define SCHED_PROBE_HIST_SLOTS 32

/* Records per CPU in the event ring buffers. */
#define SCHED_PROBE_RING_RECORDS 8192

/* Why a slice ended (struct sched_probe_event.reason). */
enum sched_probe_end {
	SCHED_PROBE_END_PREEMPTED = 1, /* involuntary, not a yield */
	SCHED_PROBE_END_SLEPT = 2, /* voluntary: blocked, stopped */
	SCHED_PROBE_END_YIELDED = 3, /* sched_yield(): involuntary */
	SCHED_PROBE_END_EXITED = 4, /* the task died (voluntary) */
};

/* Flags of struct sched_probe_event. */
#define SCHED_PROBE_EV_PREEMPT 0x1 /* the tracepoint's preempt flag */
#define SCHED_PROBE_EV_INVOLUNTARY 0x2 /* preempt || prev_state == 0 */

/*
 * One context switch, as read from /proc/sched_probe/events: a read()
 * returns whole records only, CPU by CPU (not merged in time order).
 */
struct sched_probe_event {
	__u64 ts_ns; /* local_clock() of the CPU: ns since boot */
	__u32 cpu;
	__u32 prev_pid; /* thread id; 0 is the CPU's idle task */
	__u32 prev_tgid;
	__u32 next_pid;
	__u32 next_tgid;
	__u32 prev_state; /* task state bits of prev (0: running) */
	__u32 flags; /* SCHED_PROBE_EV_* */
	__u32 reason; /* enum sched_probe_end; 0 if prev is idle */
};

#endif /* SCHED_PROBE_H */
