// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - the per-task table of sched_probe: a fixed array of max_tasks
 * rows, preallocated at load time, found through an open-addressing hash
 * index keyed by PID and start time (a reused PID gets a new row).
 *
 * Lookups are lock-free: an index slot is published with a release store
 * once its row is filled in, and slots are never emptied while the probes
 * run (reset pauses them first). Inserts take one raw spinlock; they happen
 * once per task. The probes' side (lookup, updates) is inline in table.h.
 * The rows appear in /proc/sched_probe/stats and hist.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "schp.h"
#include "table.h"

struct schp_task *schp_rows;
u32 *schp_index;
unsigned int schp_index_bits;
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

/*
 * schp_task_get() when @t has no row yet: add one, or count @t untracked
 * when the table is full. @is_new: @t was just created.
 */
struct schp_task *schp_task_add(const struct task_struct *t, bool is_new)
{
	struct schp_task *row = NULL;

	if (READ_ONCE(schp_nrows) < schp_nmax)
		row = schp_insert(t);
	if (!row) {
		atomic64_inc(&schp_untracked_ev);
		if (is_new)
			atomic64_inc(&schp_untracked_new);
	}
	return row;
}
