/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lkm_evring.h - the event ring of sched_probe and syscall_probe
 * (modules/common/evring.c, built into each of them): one ring of
 * fixed-size records per CPU, filled by that CPU's tracepoint probe and
 * drained by the readers of a /proc file (/proc/sched_probe/events,
 * /proc/syscall_probe/stream).
 *
 * Accounting is exact, per CPU: every record the probe makes is generated;
 * it is either dropped (its ring was full) or delivered to a reader, so
 * generated == delivered + dropped + records still in the ring. A module
 * may ask for LOST records: after drops, the next record that fits is
 * preceded by one saying how many were dropped. Drops are counted per
 * session (one open of the file, lkm_evring_new_session()): drops of an
 * earlier open never reach the next reader.
 *
 * Readers are woken through an irq_work: the sched_switch probe runs under
 * the run-queue lock, where wake_up() could deadlock on that same lock, and
 * irq_work_queue() may be called there (printk_deferred() does the same).
 * The irq_work is lazy (run at the next tick): a reader is woken within
 * one tick, with whatever came meanwhile.
 * The kernel's ring_buffer (kernel/trace/ring_buffer.c) was not used: its
 * per-CPU pages are made for variable-length trace events read through
 * tracefs, a reader must handle page swapping and timestamps it does not
 * need, and it cannot tell the module which record was dropped when the
 * buffer overwrites or refuses one, so the exact generated ==
 * delivered + dropped accounting and the LOST records could not be kept.
 *
 * Use: lkm_evring_init() at load; the probes call lkm_evring_reserve() and
 * lkm_evring_commit() with preemption disabled; the file's read and poll
 * call lkm_evring_read() and lkm_evring_poll(); at unload
 * lkm_evring_stop() (readers get end of file, pollers EPOLLHUP), then
 * proc_remove(), then detach the probes, then lkm_evring_exit().
 */
#ifndef LKM_EVRING_H
#define LKM_EVRING_H

#include <linux/compiler.h>
#include <linux/irq_work.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/poll.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <asm/barrier.h>

struct file;

/* What a module tells the ring about its LOST records. */
struct lkm_evring_lost {
	/* Fill @rec as the record saying @lost records were dropped. */
	void (*fill)(void *rec, u64 lost);
	/* Is @rec such a record (not counted as delivered)? */
	bool (*is_lost)(const void *rec);
};

/* One CPU's ring; only lkm_evring_*() touch it. */
struct lkm_evring_cpu {
	void *buf;
	unsigned long head; /* next slot to write: the probe of this CPU */
	unsigned long tail; /* next slot to read: readers, under read_lock */
	u64 generated; /* records made (probe) */
	u64 dropped; /* of which dropped, ring full (probe) */
	u64 lost_pending; /* dropped since the last LOST record (probe) */
	unsigned int session; /* the session lost_pending belongs to (probe) */
	u64 delivered; /* records read, LOST records not counted (readers) */
};

struct lkm_evring {
	struct lkm_evring_cpu __percpu *cpus;
	size_t rec_size;
	unsigned int records; /* per CPU, a power of two */
	const struct lkm_evring_lost *lost; /* NULL: no LOST records */
	unsigned int session;
	bool stopping; /* unload has begun */
	struct mutex read_lock; /* one reader drains at a time */
	struct wait_queue_head wq; /* blocked readers and pollers */
	struct irq_work wake; /* wakes wq from the probes */
};

struct lkm_evring_counts {
	u64 generated;
	u64 dropped;
	u64 delivered;
};

int lkm_evring_init(struct lkm_evring *r, size_t rec_size, unsigned int records,
		    const struct lkm_evring_lost *lost);
void lkm_evring_stop(struct lkm_evring *r);
void lkm_evring_exit(struct lkm_evring *r);

void lkm_evring_clear(struct lkm_evring *r);
void lkm_evring_new_session(struct lkm_evring *r);
ssize_t lkm_evring_read(struct lkm_evring *r, struct file *file,
			char __user *ubuf, size_t count);
__poll_t lkm_evring_poll(struct lkm_evring *r, struct file *file,
			 poll_table *wait);
void lkm_evring_cpu_counts(struct lkm_evring *r, int cpu,
			   struct lkm_evring_counts *out);
void lkm_evring_counts(struct lkm_evring *r, struct lkm_evring_counts *out);

/*
 * The probes' side is inline: it runs at every event, and under TCG a call
 * and its return cost as much as what it does.
 *
 * Slot @idx (any count: it wraps) of the ring @c.
 */
static __always_inline void *lkm_evring_slot(struct lkm_evring *r,
					     struct lkm_evring_cpu *c,
					     unsigned long idx)
{
	return (char *)c->buf + (idx & (r->records - 1)) * r->rec_size;
}

/*
 * A slot for one record on this CPU's ring, or NULL when the ring is full
 * (the record is counted as dropped). The caller fills the slot and calls
 * lkm_evring_commit(), preemption disabled from here to there.
 */
static __always_inline void *lkm_evring_reserve(struct lkm_evring *r)
{
	struct lkm_evring_cpu *c = this_cpu_ptr(r->cpus);
	unsigned int session = READ_ONCE(r->session);
	unsigned long head = c->head;
	/* Acquire: the reader is done with the slots up to tail. */
	unsigned long used = head - smp_load_acquire(&c->tail);

	c->generated++;
	/* Drops of an earlier open were that reader's; this one starts at 0. */
	if (unlikely(c->session != session)) {
		c->session = session;
		c->lost_pending = 0;
	}
	if (used + !!c->lost_pending >= r->records) {
		c->dropped++;
		if (r->lost)
			c->lost_pending++;
		return NULL;
	}
	if (c->lost_pending) {
		r->lost->fill(lkm_evring_slot(r, c, head), c->lost_pending);
		c->lost_pending = 0;
		/* Release: the LOST record is written before readers see it. */
		smp_store_release(&c->head, head + 1);
		head++;
	}
	return lkm_evring_slot(r, c, head);
}

/* Publish the record of the last lkm_evring_reserve() on this CPU. */
static __always_inline void lkm_evring_commit(struct lkm_evring *r)
{
	struct lkm_evring_cpu *c = this_cpu_ptr(r->cpus);

	/* Release: the record is written before readers see it. */
	smp_store_release(&c->head, c->head + 1);
	/* Full barrier: head before the look at the queue (see wait_event). */
	if (wq_has_sleeper(&r->wq))
		irq_work_queue(&r->wake);
}

#endif /* LKM_EVRING_H */
