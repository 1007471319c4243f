/* SPDX-License-Identifier: GPL-2.0 */
/*
 * schp.h - interfaces between the files of the sched_probe module: the
 * global and per-CPU state (state.c), the per-task table (stats.c), the
 * event stream (ring.c), the /proc files (proc.c) and the tracepoint
 * probes (main.c).
 */
#ifndef SCHP_H
#define SCHP_H

#include <linux/compiler.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/barrier.h>

#include "lkm_evring.h"
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
	u32 runq_epoch; /* schp_epoch() when runq_base was taken; 0: never */
	u64 slice_start;
	/*
	 * The task's run-queue time and its count of ended waits, as the
	 * scheduler accounts them (lkm_runq_delay(), lkm_runq_ended()), when it
	 * last left a CPU or was forked: the start of its next wait.
	 */
	u64 runq_base;
	unsigned long runq_ended;
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
	/*
	 * The rows of the last switch's two tasks: the next switch on this
	 * CPU mostly involves one of them, found without the hash index.
	 * Cleared by reset (the rows are reused).
	 */
	struct schp_task *last[2];
};

DECLARE_PER_CPU(struct schp_cpu, schp_cpus);

/*
 * Global state, defined and changed in state.c. The probes read it through
 * the inline functions below: they run at every context switch, and under
 * TCG the calls and returns of small helpers, right after a switch, cost
 * as much as their work (docs/sched_probe.md).
 */
extern unsigned int schp_max_tasks; /* load-time parameter */

enum schp_filter_kind { SCHP_FILTER_NONE, SCHP_FILTER_PID, SCHP_FILTER_COMM };

extern bool schp_on;
extern bool schp_paused; /* set while reset clears the tables */
extern u32 schp_epoch_nr; /* bumped by enable and reset */
extern int schp_filter_kind;
extern pid_t schp_filter_pid;
extern char schp_filter_comm[TASK_COMM_LEN];

/* Should the probes count? Not while disabled, nor during a reset. */
static __always_inline bool schp_active(void)
{
	/* Acquire: pairs with the release that ends a reset. */
	return READ_ONCE(schp_on) && !smp_load_acquire(&schp_paused);
}

static inline bool schp_enabled(void)
{
	return READ_ONCE(schp_on);
}

static __always_inline u32 schp_epoch(void)
{
	return READ_ONCE(schp_epoch_nr);
}

/* The filter is changed only with schp_filter_kind at NONE. */
static __always_inline bool schp_filter_match(const struct task_struct *t)
{
	/* Acquire: pairs with the release in schp_filter_set(). */
	switch (smp_load_acquire(&schp_filter_kind)) {
	case SCHP_FILTER_PID:
		return t->pid == schp_filter_pid || t->tgid == schp_filter_pid;
	case SCHP_FILTER_COMM:
		return !strncmp(t->comm, schp_filter_comm, TASK_COMM_LEN);
	default:
		return true;
	}
}

void schp_set_enabled(bool on);
void schp_filter_set(int kind, pid_t pid, const char *comm);
int schp_filter_get(pid_t *pid, char *comm);
int schp_reset(void);

/* The per-task table (stats.c). */
int schp_table_init(unsigned int max_tasks);
void schp_table_free(void);
void schp_table_clear(void);
struct schp_task *schp_task_at(unsigned int i);
unsigned int schp_table_used(void);
u64 schp_untracked_tasks(void);
u64 schp_untracked_events(void);
/* The probes find and update rows with the inline helpers of table.h. */

/* The event stream (ring.c, on the shared ring of lkm_evring.h). */
int schp_rings_init(void);
void schp_rings_free(void);
void schp_rings_clear(void);
extern struct lkm_evring schp_ring;

/* Probe side, IRQs off: a slot for the next record of this CPU, or NULL. */
static __always_inline struct sched_probe_event *schp_ring_reserve(void)
{
	return lkm_evring_reserve(&schp_ring);
}

static __always_inline void schp_ring_commit(void)
{
	lkm_evring_commit(&schp_ring);
}

void schp_ring_cpu_counts(int cpu, u64 *generated, u64 *dropped);
extern const struct proc_ops schp_events_ops;
void schp_events_stop(void);

/* /proc files (proc.c). */
int schp_proc_init(void);
void schp_proc_exit(void);

#endif /* SCHP_H */
