// SPDX-License-Identifier: GPL-2.0
/*
 * evring.c - the per-CPU event ring shared by sched_probe and syscall_probe
 * (interface and design: include/lkm_evring.h). Each module builds its own
 * copy through a one-line evring.c of its folder, so that KBUILD_MODNAME
 * (pr_fmt) names the module; the records appear in /proc/sched_probe/events
 * and /proc/syscall_probe/stream.
 *
 * Each ring has one producer, the probe of its CPU with preemption
 * disabled, and one consumer at a time (read_lock), with acquire/release
 * head and tail indices. The probe never waits: a full ring drops the new
 * record and counts it. A blocked read() or poll() waits on wq; the probe
 * wakes it through a lazy irq_work when anyone waits there: it runs at the
 * CPU's next tick (at once if the tick is stopped), so a reader is woken
 * within one tick (4 ms at HZ=250), and at most once a tick per CPU. Not
 * at once: a sched_probe reader going to sleep is itself a context switch,
 * whose record would wake it again, and again.
 *
 * Unload: lkm_evring_stop() before proc_remove() (blocked readers return
 * end of file), lkm_evring_exit() once the probes are detached: every
 * waiter leaves the queue (poll and select return, epoll and io_uring get
 * POLLFREE) and an RCU grace period passes before the queue's memory goes
 * with the module.
 *
 * The probes' side, lkm_evring_reserve() and lkm_evring_commit(), is
 * inline in lkm_evring.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/poll.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include "lkm_evring.h"

/* Runs on the CPU of the probe that queued it, out of its locks. */
static void lkm_evring_wake(struct irq_work *work)
{
	struct lkm_evring *r = container_of(work, struct lkm_evring, wake);

	wake_up_interruptible_poll(&r->wq, EPOLLIN | EPOLLRDNORM);
}

static void lkm_evring_free(struct lkm_evring *r)
{
	int cpu;

	if (!r->cpus)
		return;
	for_each_possible_cpu(cpu)
		vfree(per_cpu_ptr(r->cpus, cpu)->buf);
	free_percpu(r->cpus);
	r->cpus = NULL;
}

/* @records per CPU (rounded up to a power of two) of @rec_size bytes. */
int lkm_evring_init(struct lkm_evring *r, size_t rec_size, unsigned int records,
		    const struct lkm_evring_lost *lost)
{
	struct irq_work wake = IRQ_WORK_INIT_LAZY(lkm_evring_wake);
	struct lkm_evring_cpu *c;
	int cpu;

	memset(r, 0, sizeof(*r));
	r->rec_size = rec_size;
	r->records = roundup_pow_of_two(records);
	r->lost = lost;
	mutex_init(&r->read_lock);
	init_waitqueue_head(&r->wq);
	r->wake = wake;
	r->cpus = alloc_percpu(struct lkm_evring_cpu);
	if (!r->cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(r->cpus, cpu);
		c->buf = vzalloc(array_size(r->records, rec_size));
		if (!c->buf) {
			lkm_evring_free(r);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Empty every ring and zero its counters; only while no probe runs. */
void lkm_evring_clear(struct lkm_evring *r)
{
	struct lkm_evring_cpu *c;
	int cpu;

	mutex_lock(&r->read_lock);
	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(r->cpus, cpu);
		c->generated = 0;
		c->dropped = 0;
		c->delivered = 0;
		c->lost_pending = 0;
		/* Release: pairs with the probe's acquire of tail. */
		smp_store_release(&c->tail, READ_ONCE(c->head));
	}
	mutex_unlock(&r->read_lock);
}

/*
 * A new reader (an open of a single-reader file): what is left in the rings
 * is dropped unread, and drops counted before now give no LOST record.
 */
void lkm_evring_new_session(struct lkm_evring *r)
{
	struct lkm_evring_cpu *c;
	int cpu;

	mutex_lock(&r->read_lock);
	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(r->cpus, cpu);
		/* Orders with the probe's head; frees every slot. */
		smp_store_release(&c->tail, smp_load_acquire(&c->head));
	}
	WRITE_ONCE(r->session, r->session + 1);
	mutex_unlock(&r->read_lock);
}

static bool lkm_evring_have_data(struct lkm_evring *r)
{
	struct lkm_evring_cpu *c;
	int cpu;

	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(r->cpus, cpu);
		/* Acquire: pairs with the probe's release of head. */
		if (smp_load_acquire(&c->head) != READ_ONCE(c->tail))
			return true;
	}
	return false;
}

static bool lkm_evring_readable(struct lkm_evring *r)
{
	return READ_ONCE(r->stopping) || lkm_evring_have_data(r);
}

/* LOST records among @n from @tail of @c: they are not delivered ones. */
static unsigned long lkm_evring_lost_in(struct lkm_evring *r,
					struct lkm_evring_cpu *c,
					unsigned long tail, unsigned long n)
{
	unsigned long i, lost = 0;

	if (!r->lost)
		return 0;
	for (i = 0; i < n; i++)
		lost += r->lost->is_lost(lkm_evring_slot(r, c, tail + i));
	return lost;
}

/*
 * Copy up to @max records of @c to @ubuf: the number copied; *@fault is
 * set when @ubuf could not take them all.
 */
static size_t lkm_evring_drain(struct lkm_evring *r, struct lkm_evring_cpu *c,
			       char __user *ubuf, size_t max, bool *fault)
{
	/* Acquire: the records up to head are written. */
	unsigned long head = smp_load_acquire(&c->head);
	unsigned long tail = c->tail;
	size_t n = min_t(unsigned long, head - tail, max);
	size_t chunk, done = 0;

	while (done < n) {
		chunk = min_t(size_t, n - done,
			      r->records - ((tail + done) & (r->records - 1)));
		if (copy_to_user(ubuf + done * r->rec_size,
				 lkm_evring_slot(r, c, tail + done),
				 chunk * r->rec_size)) {
			*fault = true;
			break;
		}
		done += chunk;
	}
	c->delivered += done - lkm_evring_lost_in(r, c, tail, done);
	/* Release: the records are copied before the probe may reuse them. */
	smp_store_release(&c->tail, tail + done);
	return done;
}

/* Whole records of every CPU, CPU after CPU: bytes copied, or an error. */
static ssize_t lkm_evring_drain_all(struct lkm_evring *r, char __user *ubuf,
				    size_t count)
{
	size_t max = count / r->rec_size;
	bool fault = false;
	size_t got = 0;
	int cpu;

	if (mutex_lock_interruptible(&r->read_lock))
		return -ERESTARTSYS;
	for_each_possible_cpu(cpu) {
		if (got == max || fault)
			break;
		got += lkm_evring_drain(r, per_cpu_ptr(r->cpus, cpu),
					ubuf + got * r->rec_size, max - got,
					&fault);
	}
	mutex_unlock(&r->read_lock);
	if (!got && fault)
		return -EFAULT;
	return got * r->rec_size;
}

/*
 * read(): whole records only (a buffer smaller than one: -EINVAL). Blocks
 * while every ring is empty, unless O_NONBLOCK (-EAGAIN); returns 0 (end of
 * file) once unload has begun, O_NONBLOCK or not: poll() has said EPOLLHUP
 * by then. Several readers take turns; each record goes to one of them.
 */
ssize_t lkm_evring_read(struct lkm_evring *r, struct file *file,
			char __user *ubuf, size_t count)
{
	ssize_t ret;

	if (count < r->rec_size)
		return -EINVAL;
	for (;;) {
		ret = lkm_evring_drain_all(r, ubuf, count);
		if (ret)
			return ret;
		if (READ_ONCE(r->stopping))
			return 0;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(r->wq, lkm_evring_readable(r));
		if (ret)
			return ret;
	}
}

/*
 * poll(): readable when a ring has data, EPOLLHUP too once unload has
 * begun. Only waiters for input are queued: after unload starts, proc
 * answers poll() for the module with a mask that has EPOLLIN, so each of
 * them returns at once when woken and leaves the queue.
 */
__poll_t lkm_evring_poll(struct lkm_evring *r, struct file *file,
			 poll_table *wait)
{
	if (!(poll_requested_events(wait) & (EPOLLIN | EPOLLRDNORM)))
		return 0;
	poll_wait(file, &r->wq, wait);
	if (READ_ONCE(r->stopping))
		return EPOLLIN | EPOLLRDNORM | EPOLLHUP;
	return lkm_evring_have_data(r) ? EPOLLIN | EPOLLRDNORM : 0;
}

/* Unload begins: blocked readers return, so that proc_remove() can end. */
void lkm_evring_stop(struct lkm_evring *r)
{
	WRITE_ONCE(r->stopping, true);
	wake_up_all(&r->wq);
}

static bool lkm_evring_wq_empty(struct lkm_evring *r)
{
	bool empty;

	spin_lock_irq(&r->wq.lock);
	empty = list_empty(&r->wq.head);
	spin_unlock_irq(&r->wq.lock);
	return empty;
}

/*
 * Unload, after proc_remove() (no poll() can queue anyone any more) and
 * once the probes are detached (none can queue the irq_work): wake every
 * waiter until the queue is empty. poll() and select() callers return
 * (proc answers for the module now) and take their entries off; epoll and
 * io_uring entries are taken off by the POLLFREE wakeup and may still look
 * at the queue under RCU, hence the grace period. Then free the rings.
 */
void lkm_evring_exit(struct lkm_evring *r)
{
	unsigned int n;

	WRITE_ONCE(r->stopping, true);
	irq_work_sync(&r->wake);
	for (n = 0; !lkm_evring_wq_empty(r); n++) {
		wake_up_all(&r->wq);
		__wake_up(&r->wq, TASK_NORMAL, 0,
			  poll_to_key(EPOLLHUP | POLLFREE));
		if (n == 250)
			pr_info("unload waits for a task sleeping in poll()\n");
		msleep(20);
	}
	synchronize_rcu();
	lkm_evring_free(r);
}

/* The counters of @cpu's ring. */
void lkm_evring_cpu_counts(struct lkm_evring *r, int cpu,
			   struct lkm_evring_counts *out)
{
	struct lkm_evring_cpu *c = per_cpu_ptr(r->cpus, cpu);

	out->generated = READ_ONCE(c->generated);
	out->dropped = READ_ONCE(c->dropped);
	out->delivered = READ_ONCE(c->delivered);
}

/* The counters of every CPU added up. */
void lkm_evring_counts(struct lkm_evring *r, struct lkm_evring_counts *out)
{
	struct lkm_evring_counts one;
	int cpu;

	memset(out, 0, sizeof(*out));
	for_each_possible_cpu(cpu) {
		lkm_evring_cpu_counts(r, cpu, &one);
		out->generated += one.generated;
		out->dropped += one.dropped;
		out->delivered += one.delivered;
	}
}
