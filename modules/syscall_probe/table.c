// SPDX-License-Identifier: GPL-2.0
/*
 * table.c - the two preallocated tables of syscall_probe.
 *
 * Rows: one per (thread, syscall nr, abi), shown by /proc/syscall_probe/stats.
 * An open-addressing hash of max_entries slots; a slot is claimed with one
 * cmpxchg on its key and never freed until a reset (done while the probes are
 * detached). Only the thread a row belongs to updates it (the probes run in
 * the context of the thread making the call), so the counters need no lock,
 * also from 7.x where the probes run preemptible.
 *
 * In-flight calls: one slot per thread with the entry time, number, abi and
 * arguments of its current call (a call can block and resume on another CPU,
 * so this is kept per thread, not per CPU). The state word holds the owner
 * and a busy bit; idle slots of other threads (dead ones) can be taken over
 * with cmpxchg, so the table never fills with the dead.
 *
 * What the probes call at every system call (find a row, account a call,
 * begin and end a flight) is inline in table.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>
#include <linux/vmalloc.h>

#include "scp.h"
#include "table.h"

struct scp_row *scp_rows;
struct scp_flight *scp_flights;
unsigned int scp_nr_slots;

int scp_table_init(unsigned int entries)
{
	scp_nr_slots = entries;
	scp_rows = vzalloc(array_size(entries, sizeof(*scp_rows)));
	if (!scp_rows)
		return -ENOMEM;
	scp_flights = vzalloc(array_size(entries, sizeof(*scp_flights)));
	if (!scp_flights) {
		vfree(scp_rows);
		scp_rows = NULL;
		return -ENOMEM;
	}
	return 0;
}

void scp_table_exit(void)
{
	vfree(scp_flights);
	vfree(scp_rows);
	scp_flights = NULL;
	scp_rows = NULL;
}

/* Clears every row; the caller has detached the probes. */
void scp_table_reset(void)
{
	memset(scp_rows, 0, array_size(scp_nr_slots, sizeof(*scp_rows)));
}

/* Frees every in-flight slot; the caller has detached the probes. */
void scp_flight_clear(void)
{
	memset(scp_flights, 0, array_size(scp_nr_slots, sizeof(*scp_flights)));
}

void scp_row_fill(struct scp_row *row, pid_t pid, s32 nr, u8 abi)
{
	row->pid = pid;
	row->tgid = current->tgid;
	row->uid = current_uid();
	row->nr = nr;
	row->abi = abi;
	row->min_ns = U64_MAX;
	memcpy(row->comm, current->comm, sizeof(row->comm));
	row->comm[sizeof(row->comm) - 1] = '\0';
}

/* Row @idx if it holds data, for the readers. */
struct scp_row *scp_row_at(unsigned int idx)
{
	struct scp_row *row;

	if (idx >= scp_nr_slots)
		return NULL;
	row = &scp_rows[idx];
	/* Pairs with smp_store_release() of the first count. */
	if (!smp_load_acquire(&row->count))
		return NULL;
	return row;
}

unsigned int scp_rows_used(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < scp_nr_slots; i++)
		n += READ_ONCE(scp_rows[i].key) != 0;
	return n;
}

void scp_row_errno(struct scp_row *row, unsigned int err)
{
	unsigned int i;

	for (i = 0; i < SYSCALL_PROBE_ERRNO_SLOTS; i++) {
		if (row->err_no[i] == err || !row->err_no[i]) {
			row->err_no[i] = err;
			row->err_cnt[i]++;
			return;
		}
	}
	row->err_other++;
}

/* @pid is leaving (exit, exit_group): free its slot. */
void scp_flight_release(pid_t pid)
{
	struct scp_flight *f = scp_flight_end(pid);

	if (f)
		atomic64_set_release(&f->state, 0);
}

/* Thread @from now has pid @to (execve by a non-leader): move its call. */
void scp_flight_move(pid_t from, pid_t to)
{
	struct scp_flight *f = scp_flight_end(from);
	struct scp_flight *g;

	if (!f)
		return;
	g = scp_flight_begin(to);
	if (g) {
		g->nr = f->nr;
		g->abi = f->abi;
		g->mono = f->mono;
		g->ts_ns = f->ts_ns;
		memcpy(g->args, f->args, sizeof(g->args));
		g->str = f->str;
	}
	atomic64_set_release(&f->state, 0);
}
