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
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/minmax.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "lkm_hist.h"
#include "scp.h"

/* Slots looked at from the hash position before giving up. */
#define SCP_PROBE_LEN 32

static struct scp_row *rows;
static struct scp_flight *flights;
static unsigned int nr_slots;

int scp_table_init(unsigned int entries)
{
	nr_slots = entries;
	rows = vzalloc(array_size(entries, sizeof(*rows)));
	if (!rows)
		return -ENOMEM;
	flights = vzalloc(array_size(entries, sizeof(*flights)));
	if (!flights) {
		vfree(rows);
		rows = NULL;
		return -ENOMEM;
	}
	return 0;
}

void scp_table_exit(void)
{
	vfree(flights);
	vfree(rows);
	flights = NULL;
	rows = NULL;
}

/* Clears every row; the caller has detached the probes. */
void scp_table_reset(void)
{
	memset(rows, 0, array_size(nr_slots, sizeof(*rows)));
}

/* Frees every in-flight slot; the caller has detached the probes. */
void scp_flight_clear(void)
{
	memset(flights, 0, array_size(nr_slots, sizeof(*flights)));
}

static u64 scp_row_key(pid_t pid, s32 nr, u8 abi)
{
	return ((u64)(u32)pid << 32) | ((u64)abi << 24) | ((u32)nr & 0xffffff);
}

static unsigned int scp_slot(u64 key)
{
	return hash_64(key, 32) % nr_slots;
}

static void scp_row_fill(struct scp_row *row, pid_t pid, s32 nr, u8 abi)
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

/* The row of (@pid, @nr, @abi), created if needed; NULL if full. */
struct scp_row *scp_row_get(pid_t pid, s32 nr, u8 abi)
{
	u64 key = scp_row_key(pid, nr, abi);
	unsigned int idx = scp_slot(key);
	unsigned int i;

	for (i = 0; i < SCP_PROBE_LEN; i++) {
		struct scp_row *row = &rows[idx];
		u64 cur = READ_ONCE(row->key);

		if (cur == key)
			return row;
		if (!cur && !cmpxchg(&row->key, 0, key)) {
			scp_row_fill(row, pid, nr, abi);
			return row;
		}
		/* Taken by another key meanwhile: it cannot be ours. */
		if (++idx == nr_slots)
			idx = 0;
	}
	atomic64_inc(&scp_counters.rows_full);
	return NULL;
}

/* Row @idx if it holds data, for the readers. */
struct scp_row *scp_row_at(unsigned int idx)
{
	struct scp_row *row;

	if (idx >= nr_slots)
		return NULL;
	row = &rows[idx];
	/* Pairs with smp_store_release() of the first count. */
	if (!smp_load_acquire(&row->count))
		return NULL;
	return row;
}

unsigned int scp_rows_used(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < nr_slots; i++)
		n += READ_ONCE(rows[i].key) != 0;
	return n;
}

static void scp_row_errno(struct scp_row *row, unsigned int err)
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

/*
 * Accounts one call of @row that returned @ret after @ns (ret 0 and ns 0 for
 * a call that does not return). Runs in the owner thread only.
 */
void scp_row_account(struct scp_row *row, s64 ret, u64 ns)
{
	unsigned int slot = min_t(unsigned int, lkm_hist_slot(ns),
				  SYSCALL_PROBE_HIST_SLOTS - 1);

	if (ret < 0 && ret >= -MAX_ERRNO) {
		row->errors++;
		scp_row_errno(row, -ret);
	}
	row->total_ns += ns;
	row->min_ns = min(row->min_ns, ns);
	row->max_ns = max(row->max_ns, ns);
	row->hist[slot]++;
	/* Publishes the fields above to scp_row_at() on the first call. */
	smp_store_release(&row->count, row->count + 1);
}

static unsigned int scp_flight_slot(pid_t pid)
{
	return hash_32((u32)pid, 32) % nr_slots;
}

static s64 scp_state(pid_t pid, bool busy)
{
	return ((s64)pid << 1) | busy;
}

/*
 * Marks @pid as being in a call and returns its slot for the caller to fill
 * in; NULL (and counted) if no slot is free or idle.
 */
struct scp_flight *scp_flight_begin(pid_t pid)
{
	unsigned int idx = scp_flight_slot(pid);
	struct scp_flight *spare = NULL;
	s64 spare_state = 0;
	unsigned int i;

	for (i = 0; i < SCP_PROBE_LEN; i++) {
		struct scp_flight *f = &flights[idx];
		s64 s = atomic64_read(&f->state);

		if ((pid_t)(s >> 1) == pid) {
			/* Ours (busy if a return was missed): reuse it. */
			if (atomic64_try_cmpxchg(&f->state, &s,
						 scp_state(pid, true)))
				return f;
			/* Taken over by another thread meanwhile. */
		} else if (!spare && !(s & 1)) {
			spare = f;
			spare_state = s;
		}
		if (++idx == nr_slots)
			idx = 0;
	}
	if (spare && atomic64_try_cmpxchg(&spare->state, &spare_state,
					  scp_state(pid, true)))
		return spare;
	atomic64_inc(&scp_counters.flight_full);
	return NULL;
}

/* The busy slot of @pid, or NULL if its entry was not seen. */
struct scp_flight *scp_flight_end(pid_t pid)
{
	unsigned int idx = scp_flight_slot(pid);
	s64 want = scp_state(pid, true);
	unsigned int i;

	for (i = 0; i < SCP_PROBE_LEN; i++) {
		struct scp_flight *f = &flights[idx];

		if (atomic64_read(&f->state) == want)
			return f;
		if (++idx == nr_slots)
			idx = 0;
	}
	return NULL;
}

/* The call in @f returned: the slot stays @pid's, idle. */
void scp_flight_done(struct scp_flight *f, pid_t pid)
{
	atomic64_set_release(&f->state, scp_state(pid, false));
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
