/* SPDX-License-Identifier: GPL-2.0 */
/*
 * table.h - the probes' side of sched_probe's per-task table (stats.c):
 * find a task's row, and update it when the task leaves the CPU or gets
 * it. Inline, because the probes (main.c) run at every context switch:
 * under TCG the calls and returns of these helpers, right after the switch
 * of address space, cost about a third of the probes' time
 * (docs/sched_probe.md). Rows are added out of line, once per task.
 *
 * Run-queue waits come from the scheduler's own accounting (lkm_runq_*()
 * in lkm_compat.h), read when a task leaves a CPU: no probe on wakeups is
 * needed, and their count and sum are those of /proc/<pid>/schedstat.
 */
#ifndef SCHP_TABLE_H
#define SCHP_TABLE_H

#include <linux/compiler.h>
#include <linux/hash.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/time64.h>
#include <asm/barrier.h>

#include "lkm_compat.h"
#include "lkm_hist.h"
#include "schp.h"

/* The table (stats.c): written by the probes, indexed for lookup. */
extern struct schp_task *schp_rows;
extern u32 *schp_index; /* row number + 1; 0 is an empty slot */
extern unsigned int schp_index_bits;

struct schp_task *schp_task_add(const struct task_struct *t, bool is_new);

static __always_inline bool schp_row_is(const struct schp_task *row,
					const struct task_struct *t)
{
	return row->pid == t->pid && row->start_time == t->start_time;
}

/* Walk the chain of @t: its row, or NULL with *@slot at the empty end. */
static __always_inline struct schp_task *schp_find(const struct task_struct *t,
						   unsigned int *slot)
{
	unsigned int mask = (1U << schp_index_bits) - 1;
	unsigned int i = hash_32(t->pid, schp_index_bits);
	unsigned int n;
	u32 v;

	for (n = 0; n <= mask; n++, i = (i + 1) & mask) {
		/* Acquire: pairs with the release in schp_insert(). */
		v = smp_load_acquire(&schp_index[i]);
		if (!v)
			break;
		if (schp_row_is(&schp_rows[v - 1], t))
			return &schp_rows[v - 1];
	}
	*slot = i;
	return NULL;
}

/*
 * The row of @t, created on first sight, or NULL when the table is full
 * (the probes filter before). @is_new: @t was just created (counts
 * untracked).
 */
static __always_inline struct schp_task *schp_task_get(struct task_struct *t,
						       bool is_new)
{
	struct schp_task *row;
	unsigned int slot;

	row = schp_find(t, &slot);
	return row ? row : schp_task_add(t, is_new);
}

static __always_inline unsigned int schp_us_slot(u64 ns)
{
	return min_t(unsigned int, lkm_hist_slot(div_u64(ns, NSEC_PER_USEC)),
		     SCHED_PROBE_HIST_SLOTS - 1);
}

/* Where @t's next run-queue wait starts: the scheduler's sums now. */
static __always_inline void schp_runq_mark(struct schp_task *row, u64 delay,
					   unsigned long ended, u32 epoch)
{
	row->runq_base = delay;
	row->runq_ended = ended;
	row->runq_epoch = epoch;
}

/*
 * @t leaves a CPU: count the run-queue wait that preceded the slice now
 * ending, and note where the next wait starts. The wait is the growth of
 * the scheduler's sum since @t last left a CPU (or was forked), both seen
 * in this epoch, counted only when the scheduler ended exactly one wait of
 * @t in between: none missed while @t was filtered out or the probes
 * disabled. So the waits, their sum and their count are
 * the scheduler's own (/proc/<pid>/schedstat), including time queued on
 * another CPU before a migration. Called under @t's run-queue lock; the
 * scheduler ends the wait of a task switched in after the tracepoint, so a
 * wait is counted when the slice it led to ends.
 */
static __always_inline void
schp_runq_out(struct schp_task *row, const struct task_struct *t, u32 epoch)
{
	unsigned long ended = lkm_runq_ended(t);
	u64 delay = lkm_runq_delay(t);
	u64 d;

	if (row->runq_epoch == epoch && ended == row->runq_ended + 1) {
		d = delay - row->runq_base;
		row->waits++;
		row->wait_sum += d;
		row->wait_min = min(row->wait_min, d);
		row->wait_max = max(row->wait_max, d);
		row->wait_hist[schp_us_slot(d)]++;
	}
	schp_runq_mark(row, delay, ended, epoch);
}

/*
 * @t leaves the CPU at @now; the kernel counts it in nvcsw or nivcsw.
 * @epoch: the current one (schp_epoch()); a slice begun in another is not
 * measured.
 */
static __always_inline void schp_task_out(struct schp_task *row,
					  struct task_struct *t, bool invol,
					  bool yield, bool dead, u64 now,
					  u32 epoch)
{
	u64 d;

	if (row->running && row->slice_epoch == epoch) {
		d = now - row->slice_start;
		row->runtime_ns += d;
		row->slices++;
		row->slice_min = min(row->slice_min, d);
		row->slice_max = max(row->slice_max, d);
		row->slice_hist[schp_us_slot(d)]++;
	}
	row->running = 0;
	if (invol)
		row->involuntary++;
	else
		row->voluntary++;
	schp_runq_out(row, t, epoch);
	if (yield)
		row->yields++;
	if (dead)
		row->exited = 1;
	/* exec changes the name: keep the latest one. */
	memcpy(row->comm, t->comm, TASK_COMM_LEN);
	row->comm[TASK_COMM_LEN - 1] = '\0';
}

/* The row's task gets the CPU at @now, in @epoch. */
static __always_inline void schp_task_in(struct schp_task *row, u64 now,
					 u32 epoch)
{
	row->switch_in++;
	row->running = 1;
	row->slice_start = now;
	row->slice_epoch = epoch;
}

/* @t was forked: its first wait starts from the scheduler's zero sums. */
static __always_inline void
schp_task_forked(struct schp_task *row, const struct task_struct *t, u32 epoch)
{
	schp_runq_mark(row, lkm_runq_delay(t), lkm_runq_ended(t), epoch);
}

#endif /* SCHP_TABLE_H */
