/* SPDX-License-Identifier: GPL-2.0 */
/*
 * table.h - the probes' side of syscall_probe's two tables (table.c): find
 * or claim the row of (thread, nr, abi) and account a call in it, begin
 * and end a thread's in-flight call. Inline, as in sched_probe, where the
 * calls and returns of such helpers after a switch were a quarter of the
 * probes' cost under TCG; here the difference was within the benchmark's
 * noise (docs/syscall_probe.md). What happens once per row or only on an
 * error is out of line in table.c.
 */
#ifndef SCP_TABLE_H
#define SCP_TABLE_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/hash.h>
#include <linux/math.h>
#include <linux/minmax.h>
#include <linux/types.h>

#include "lkm_hist.h"
#include "scp.h"

/* Slots looked at from the hash position before giving up. */
#define SCP_PROBE_LEN 32

/* The tables (table.c), scp_nr_slots entries each. */
extern struct scp_row *scp_rows;
extern struct scp_flight *scp_flights;
extern unsigned int scp_nr_slots;

/* A row just claimed for (@pid, @nr, @abi): who, and min_ns at its start. */
void scp_row_fill(struct scp_row *row, pid_t pid, s32 nr, u8 abi);
/* Count errno @err in @row's slots, or in err_other when they are full. */
void scp_row_errno(struct scp_row *row, unsigned int err);

static __always_inline u64 scp_row_key(pid_t pid, s32 nr, u8 abi)
{
	return ((u64)(u32)pid << 32) | ((u64)abi << 24) | ((u32)nr & 0xffffff);
}

static __always_inline unsigned int scp_slot(u64 key)
{
	return reciprocal_scale(hash_64(key, 32), scp_nr_slots);
}

/* The row of (@pid, @nr, @abi), created if needed; NULL if full. */
static __always_inline struct scp_row *scp_row_get(pid_t pid, s32 nr, u8 abi)
{
	u64 key = scp_row_key(pid, nr, abi);
	unsigned int idx = scp_slot(key);
	unsigned int i;

	for (i = 0; i < SCP_PROBE_LEN; i++) {
		struct scp_row *row = &scp_rows[idx];
		u64 cur = READ_ONCE(row->key);

		if (cur == key)
			return row;
		if (!cur && !cmpxchg(&row->key, 0, key)) {
			scp_row_fill(row, pid, nr, abi);
			return row;
		}
		/* Taken by another key meanwhile: it cannot be ours. */
		if (++idx == scp_nr_slots)
			idx = 0;
	}
	atomic64_inc(&scp_counters.rows_full);
	return NULL;
}

/*
 * Accounts one call of @row that returned @ret after @ns (ret 0 and ns 0 for
 * a call that does not return). Runs in the owner thread only.
 */
static __always_inline void scp_row_account(struct scp_row *row, s64 ret,
					    u64 ns)
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

static __always_inline unsigned int scp_flight_slot(pid_t pid)
{
	return reciprocal_scale(hash_32((u32)pid, 32), scp_nr_slots);
}

static __always_inline s64 scp_state(pid_t pid, bool busy)
{
	return ((s64)pid << 1) | busy;
}

/*
 * Marks @pid as being in a call and returns its slot for the caller to fill
 * in; NULL (and counted) if no slot is free or idle.
 */
static __always_inline struct scp_flight *scp_flight_begin(pid_t pid)
{
	unsigned int idx = scp_flight_slot(pid);
	struct scp_flight *spare = NULL;
	s64 spare_state = 0;
	unsigned int i;

	for (i = 0; i < SCP_PROBE_LEN; i++) {
		struct scp_flight *f = &scp_flights[idx];
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
		if (++idx == scp_nr_slots)
			idx = 0;
	}
	if (spare && atomic64_try_cmpxchg(&spare->state, &spare_state,
					  scp_state(pid, true)))
		return spare;
	atomic64_inc(&scp_counters.flight_full);
	return NULL;
}

/* The busy slot of @pid, or NULL if its entry was not seen. */
static __always_inline struct scp_flight *scp_flight_end(pid_t pid)
{
	unsigned int idx = scp_flight_slot(pid);
	s64 want = scp_state(pid, true);
	unsigned int i;

	for (i = 0; i < SCP_PROBE_LEN; i++) {
		struct scp_flight *f = &scp_flights[idx];

		if (atomic64_read(&f->state) == want)
			return f;
		if (++idx == scp_nr_slots)
			idx = 0;
	}
	return NULL;
}

/* The call in @f returned: the slot stays @pid's, idle. */
static __always_inline void scp_flight_done(struct scp_flight *f, pid_t pid)
{
	atomic64_set_release(&f->state, scp_state(pid, false));
}

#endif /* SCP_TABLE_H */
