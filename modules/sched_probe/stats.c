// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - the per-task table of sched_probe: a fixed array of max_tasks
 * rows, preallocated at load time, found through an open-addressing hash
 * index keyed by PID and start time (a reused PID gets a new row).
 *
 * Lookups are lock-free: an index slot is published with a release store
 * once its row is filled in, and slots are never emptied while the probes
 * run (reset pauses them first). Inserts take one raw spinlock; they happen
 * once per task. The rows appear in /proc/sched_probe/stats and hist.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/time64.h>
#include <linux/vmalloc.h>

#include "lkm_hist.h"
#include "schp.h"

static struct schp_task *schp_rows;
static u32 *schp_index; /* row number + 1; 0 is an empty slot */
static unsigned int schp_index_bits;
static unsigned int schp_nmax; /* rows allocated: max_tasks */
static unsigned int schp_nrows; /* rows in use; written under schp_insert_lock */
static DEFINE_RAW_SPINLOCK(schp_insert_lock);
static atomic64_t schp_untracked_new = ATOMIC64_INIT(0);
static atomic64_t schp_untracked_ev = ATOMIC64_INIT(0);

int schp_table_init(unsigned int max_tasks)
{
	/* Twice as many slots as rows: probe chains stay short when full. */
	schp_nmax = max_tasks;
	schp_index_bits = ilog2(roundup_pow_of_two(max_tasks)) + 1;
	schp_rows = vzalloc(array_size(max_tasks, sizeof(*schp_rows)));
	if (!schp_rows)
		return -ENOMEM;
	schp_index =
		vzalloc(array_size(1U << schp_index_bits, sizeof(*schp_index)));
	if (!schp_index) {
		vfree(schp_rows);
		schp_rows = NULL;
		return -ENOMEM;
	}
	return 0;
}

void schp_table_free(void)
{
	vfree(schp_index);
	vfree(schp_rows);
	schp_index = NULL;
	schp_rows = NULL;
}

/* Clear @n bytes at @p in chunks, rescheduling between them. */
static void schp_clear(void *mem, size_t n)
{
	char *p = mem;
	size_t chunk;

	while (n) {
		chunk = min_t(size_t, n, SZ_1M);
		memset(p, 0, chunk);
		p += chunk;
		n -= chunk;
		cond_resched();
	}
}

/*
 * Only while the probes are paused (see schp_reset()): nobody inserts, so
 * the insert lock is not needed, and a big table is cleared piecewise.
 */
void schp_table_clear(void)
{
	unsigned int used = schp_nrows;

	WRITE_ONCE(schp_nrows, 0);
	schp_clear(schp_index,
		   array_size(1U << schp_index_bits, sizeof(*schp_index)));
	/* Rows past the used ones were never written. */
	schp_clear(schp_rows, array_size(used, sizeof(*schp_rows)));
	atomic64_set(&schp_untracked_new, 0);
	atomic64_set(&schp_untracked_ev, 0);
}

static bool schp_row_is(const struct schp_task *row,
			const struct task_struct *t)
{
	return row->pid == t->pid && row->start_time == t->start_time;
}

/* Walk the chain of @t: its row, or NULL with *@slot at the empty end. */
static struct schp_task *schp_find(const struct task_struct *t,
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

static void schp_row_init(struct schp_task *row, const struct task_struct *t)
{
	row->pid = t->pid;
	row->tgid = t->tgid;
	row->start_time = t->start_time;
	memcpy(row->comm, t->comm, TASK_COMM_LEN);
	row->comm[TASK_COMM_LEN - 1] = '\0';
	row->slice_min = U64_MAX;
	row->wait_min = U64_MAX;
}

static struct schp_task *schp_insert(const struct task_struct *t)
{
	struct schp_task *row;
	unsigned long flags;
	unsigned int slot;

	raw_spin_lock_irqsave(&schp_insert_lock, flags);
	row = schp_find(t, &slot);
	if (!row && schp_nrows < schp_nmax) {
		row = &schp_rows[schp_nrows];
		schp_row_init(row, t);
		WRITE_ONCE(schp_nrows, schp_nrows + 1);
		/* Publish the filled-in row. */
		smp_store_release(&schp_index[slot], schp_nrows);
	}
	raw_spin_unlock_irqrestore(&schp_insert_lock, flags);
	return row;
}

/*
 * The row of @t, created on first sight, or NULL when the table is full
 * (the probes filter before). @is_new: @t was just created (counts
 * untracked).
 */
struct schp_task *schp_task_get(struct task_struct *t, bool is_new)
{
	struct schp_task *row;
	unsigned int slot;

	row = schp_find(t, &slot);
	if (row)
		return row;
	if (READ_ONCE(schp_nrows) < schp_nmax)
		row = schp_insert(t);
	if (!row) {
		atomic64_inc(&schp_untracked_ev);
		if (is_new)
			atomic64_inc(&schp_untracked_new);
	}
	return row;
}

/* Row @i of the table for the /proc readers, or NULL past the last one. */
struct schp_task *schp_task_at(unsigned int i)
{
	return i < READ_ONCE(schp_nrows) ? &schp_rows[i] : NULL;
}

unsigned int schp_table_used(void)
{
	return READ_ONCE(schp_nrows);
}

u64 schp_untracked_tasks(void)
{
	return atomic64_read(&schp_untracked_new);
}

u64 schp_untracked_events(void)
{
	return atomic64_read(&schp_untracked_ev);
}

static unsigned int schp_us_slot(u64 ns)
{
	return min_t(unsigned int, lkm_hist_slot(div_u64(ns, NSEC_PER_USEC)),
		     SCHED_PROBE_HIST_SLOTS - 1);
}

/*
 * @t leaves the CPU at @now; the kernel counts it in nvcsw or nivcsw.
 * @epoch: the current one (schp_epoch()); a slice begun in another is not
 * measured.
 */
void schp_task_out(struct schp_task *row, struct task_struct *t, bool invol,
		   bool yield, bool dead, u64 now, u32 epoch)
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
	if (invol) {
		row->involuntary++;
		/* Still runnable: it waits on the run queue from now on. */
		row->wait_start = now;
		row->wait_epoch = epoch;
	} else {
		row->voluntary++;
		row->wait_start = 0;
	}
	if (yield)
		row->yields++;
	if (dead)
		row->exited = 1;
	/* exec changes the name: keep the latest one. */
	memcpy(row->comm, t->comm, TASK_COMM_LEN);
	row->comm[TASK_COMM_LEN - 1] = '\0';
}

/* The row's task gets the CPU at @now, in @epoch. */
void schp_task_in(struct schp_task *row, u64 now, u32 epoch)
{
	u64 d;

	row->switch_in++;
	if (row->wait_start && row->wait_epoch == epoch) {
		/* Woken on another CPU's clock: never below zero. */
		d = now > row->wait_start ? now - row->wait_start : 0;
		row->waits++;
		row->wait_sum += d;
		row->wait_min = min(row->wait_min, d);
		row->wait_max = max(row->wait_max, d);
		row->wait_hist[schp_us_slot(d)]++;
	}
	row->wait_start = 0;
	row->running = 1;
	row->slice_start = now;
	row->slice_epoch = epoch;
}

/* The row's task was put on a run queue at @now (wakeup or fork). */
void schp_task_woken(struct schp_task *row, u64 now, u32 epoch)
{
	if (row->running && row->slice_epoch == epoch)
		return;
	row->wait_start = now;
	row->wait_epoch = epoch;
}
