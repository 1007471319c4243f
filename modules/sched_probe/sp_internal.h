/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sp_internal.h - state shared by the files of the sched_probe module: the
 * per-task table (stats.c), the per-CPU state and event rings (ring.c), the
 * /proc files (proc.c) and the tracepoint probes (main.c).
 */
#ifndef SP_INTERNAL_H
#define SP_INTERNAL_H

#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/types.h>

#include "sched_probe.h"

/*
 * One row per task (thread). Rows are written only from the probes, and the
 * scheduler serialises every event of one task (its runqueue lock, or its
 * pi_lock with the task off every CPU), so a row has one writer at a time.
 * Readers of /proc may see a row half-updated; never a freed one.
 */
struct sp_task {
	pid_t pid;
	pid_t tgid;
	u64 start_time; /* task->start_time: tells reused PIDs apart */
	char comm[TASK_COMM_LEN];
	u8 running; /* switched in, not yet out */
	u8 exited; /* switched out for the last time (TASK_DEAD) */
	u32 slice_epoch; /* sp_epoch when slice_start was taken */
	u32 wait_epoch; /* sp_epoch when wait_start was taken */
	u64 slice_start;
	u64 wait_start; /* 0: not waiting on a run queue */
	u64 switch_in;
	u64 voluntary;
	u64 involuntary;
	u64 yields;
	u64 migrations;
	u64 runtime_ns; /* sum of the measured slices */
	u64 slices, slice_min, slice_max;
	u64 waits, wait_sum, wait_min, wait_max;
	u32 slice_hist[SCHED_PROBE_HIST_SLOTS];
	u32 wait_hist[SCHED_PROBE_HIST_SLOTS];
};

/* Counters of one CPU; cleared by reset. */
struct sp_cpu_stats {
	u64 switches;
	u64 idle_ns;
	u64 ev_generated; /* records meant for the ring */
	u64 ev_dropped; /* of which dropped: ring full */
	u64 nested; /* probe calls refused by the guard */
};

struct sp_ring {
	struct sched_probe_event *buf;
	unsigned long head; /* written by the probe of this CPU */
	unsigned long tail; /* written by readers, under sp_read_lock */
};

struct sp_cpu {
	int in_probe; /* re-entrancy guard */
	u32 idle_epoch;
	u64 idle_start;
	struct sp_cpu_stats st;
	struct sp_ring ring;
};

DECLARE_PER_CPU(struct sp_cpu, sp_cpus);

/* Global state (main.c). */
extern unsigned int sp_max_tasks;
extern bool sp_enabled;
extern bool sp_paused; /* set while reset clears the tables */
extern u32 sp_epoch; /* bumped by enable and reset */

enum sp_filter_kind { SP_FILTER_NONE, SP_FILTER_PID, SP_FILTER_COMM };
extern int sp_filter_kind;
extern pid_t sp_filter_pid;
extern char sp_filter_comm[TASK_COMM_LEN];

bool sp_filter_match(const struct task_struct *t);
int sp_reset(void);

/* The per-task table (stats.c). */
int sp_table_init(unsigned int max_tasks);
void sp_table_free(void);
void sp_table_clear(void);
struct sp_task *sp_task_get(struct task_struct *t, bool is_new);
struct sp_task *sp_task_at(unsigned int i);
unsigned int sp_table_used(void);
u64 sp_untracked_tasks(void);
u64 sp_untracked_events(void);
void sp_task_out(struct sp_task *row, struct task_struct *t, bool invol,
		 bool yield, bool dead, u64 now);
void sp_task_in(struct sp_task *row, u64 now);
void sp_task_woken(struct sp_task *row, u64 now);

/* Event rings (ring.c). */
int sp_rings_init(void);
void sp_rings_free(void);
void sp_rings_clear(void);
void sp_ring_put(struct sp_cpu *c, const struct sched_probe_event *ev);
extern const struct proc_ops sp_events_ops;
void sp_events_stop(void);
void sp_events_exit(void);

/* /proc files (proc.c). */
int sp_proc_init(void);
void sp_proc_exit(void);

#endif /* SP_INTERNAL_H */
