/* SPDX-License-Identifier: GPL-2.0 */
/*
 * schp.h - interfaces between the files of the sched_probe module: the
 * global and per-CPU state (state.c), the per-task table (stats.c), the
 * event stream (ring.c), the /proc files (proc.c) and the tracepoint
 * probes (main.c).
 */
#ifndef SCHP_H
#define SCHP_H

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
struct schp_task {
	pid_t pid;
	pid_t tgid;
	u64 start_time; /* task->start_time: tells reused PIDs apart */
	char comm[TASK_COMM_LEN];
	u8 running; /* switched in, not yet out */
	u8 exited; /* switched out for the last time (TASK_DEAD) */
	u32 slice_epoch; /* schp_epoch() when slice_start was taken */
	u32 wait_epoch; /* schp_epoch() when wait_start was taken */
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
struct schp_cpu_stats {
	u64 switches;
	u64 idle_ns;
	u64 nested; /* probe calls refused by the guard */
};

struct schp_cpu {
	int in_probe; /* re-entrancy guard */
	u32 idle_epoch;
	u64 idle_start;
	struct schp_cpu_stats st;
};

DECLARE_PER_CPU(struct schp_cpu, schp_cpus);

/* Global state (state.c). */
extern unsigned int schp_max_tasks; /* load-time parameter */

enum schp_filter_kind { SCHP_FILTER_NONE, SCHP_FILTER_PID, SCHP_FILTER_COMM };

bool schp_active(void);
bool schp_enabled(void);
u32 schp_epoch(void);
void schp_set_enabled(bool on);
bool schp_filter_match(const struct task_struct *t);
void schp_filter_set(int kind, pid_t pid, const char *comm);
int schp_filter_get(pid_t *pid, char *comm);
int schp_reset(void);

/* The per-task table (stats.c). */
int schp_table_init(unsigned int max_tasks);
void schp_table_free(void);
void schp_table_clear(void);
struct schp_task *schp_task_get(struct task_struct *t, bool is_new);
struct schp_task *schp_task_at(unsigned int i);
unsigned int schp_table_used(void);
u64 schp_untracked_tasks(void);
u64 schp_untracked_events(void);
void schp_task_out(struct schp_task *row, struct task_struct *t, bool invol,
		   bool yield, bool dead, u64 now, u32 epoch);
void schp_task_in(struct schp_task *row, u64 now, u32 epoch);
void schp_task_woken(struct schp_task *row, u64 now, u32 epoch);

/* The event stream (ring.c, on the shared ring of lkm_evring.h). */
int schp_rings_init(void);
void schp_rings_free(void);
void schp_rings_clear(void);
struct sched_probe_event *schp_ring_reserve(void);
void schp_ring_commit(void);
void schp_ring_cpu_counts(int cpu, u64 *generated, u64 *dropped);
extern const struct proc_ops schp_events_ops;
void schp_events_stop(void);

/* /proc files (proc.c). */
int schp_proc_init(void);
void schp_proc_exit(void);

#endif /* SCHP_H */
