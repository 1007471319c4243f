// SPDX-License-Identifier: GPL-2.0
/*
 * ring.c - the event stream of sched_probe: one ring of fixed-size records
 * (struct sched_probe_event) per CPU, filled by the sched_switch probe of
 * that CPU and drained by readers of /proc/sched_probe/events.
 *
 * Each ring has one producer (the probe, IRQs off, never waits) and one
 * consumer at a time (readers take sp_read_lock). When a ring is full the
 * probe drops the new record and counts it; the per-CPU counts of generated
 * and dropped records appear in /proc/sched_probe/cpus, so that
 * delivered + dropped == generated.
 *
 * The probe never wakes anyone (it runs under the runqueue lock). A blocked
 * read() looks again every 10 ms by itself; poll(), select() and epoll wait
 * on sp_read_wq, which a timer woken every 10 ms while anyone waits there
 * wakes when a ring has data. Unload: sp_events_stop() before proc_remove()
 * (no new waiter after it), sp_events_exit() after it: every waiter leaves
 * the queue (poll and select return, epoll and io_uring get POLLFREE) and
 * an RCU grace period passes before the queue's memory goes with the module.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/proc_fs.h>
#include <linux/rcupdate.h>
#include <linux/timer.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include "sp_internal.h"

#define SP_RING_MASK (SCHED_PROBE_RING_RECORDS - 1)

static DEFINE_MUTEX(sp_read_lock);
static DECLARE_WAIT_QUEUE_HEAD(sp_read_wq);
static bool sp_stopping;
static void sp_poll_tick(struct timer_list *unused);
static DEFINE_TIMER(sp_poll_timer, sp_poll_tick);

/* How often waiters are looked after: 10 ms. */
#define SP_POLL_PERIOD msecs_to_jiffies(10)

int sp_rings_init(void)
{
	struct sp_cpu *c;
	int cpu;

	BUILD_BUG_ON(SCHED_PROBE_RING_RECORDS & SP_RING_MASK);
	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(&sp_cpus, cpu);
		c->ring.buf = vmalloc(array_size(SCHED_PROBE_RING_RECORDS,
						 sizeof(*c->ring.buf)));
		if (!c->ring.buf) {
			sp_rings_free();
			return -ENOMEM;
		}
	}
	return 0;
}

void sp_rings_free(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		vfree(per_cpu_ptr(&sp_cpus, cpu)->ring.buf);
		per_cpu_ptr(&sp_cpus, cpu)->ring.buf = NULL;
	}
}

/* Empty every ring; only while the probes are paused (reset). */
void sp_rings_clear(void)
{
	struct sp_ring *r;
	int cpu;

	mutex_lock(&sp_read_lock);
	for_each_possible_cpu(cpu) {
		r = &per_cpu_ptr(&sp_cpus, cpu)->ring;
		/* Release: pairs with the probe's acquire of tail. */
		smp_store_release(&r->tail, READ_ONCE(r->head));
	}
	mutex_unlock(&sp_read_lock);
}

/* Probe side, on the CPU owning @c with IRQs off. */
void sp_ring_put(struct sp_cpu *c, const struct sched_probe_event *ev)
{
	struct sp_ring *r = &c->ring;
	unsigned long head = r->head;

	c->st.ev_generated++;
	/* Acquire: the reader is done with the record we may overwrite. */
	if (head - smp_load_acquire(&r->tail) >= SCHED_PROBE_RING_RECORDS) {
		c->st.ev_dropped++;
		return;
	}
	r->buf[head & SP_RING_MASK] = *ev;
	/* Release: the record is written before readers see it. */
	smp_store_release(&r->head, head + 1);
}

static bool sp_rings_have_data(void)
{
	struct sp_ring *r;
	int cpu;

	for_each_possible_cpu(cpu) {
		r = &per_cpu_ptr(&sp_cpus, cpu)->ring;
		/* Acquire: pairs with the probe's release of head. */
		if (smp_load_acquire(&r->head) != READ_ONCE(r->tail))
			return true;
	}
	return false;
}

/* Copy up to @max records of @r to @ubuf; the number copied or -EFAULT. */
static long sp_ring_drain(struct sp_ring *r, char __user *ubuf, size_t max)
{
	/* Acquire: the records up to head are written. */
	unsigned long head = smp_load_acquire(&r->head);
	unsigned long tail = r->tail;
	size_t n = min_t(unsigned long, head - tail, max);
	size_t first, done = 0;

	while (done < n) {
		first = min_t(size_t, n - done,
			      SCHED_PROBE_RING_RECORDS -
				      ((tail + done) & SP_RING_MASK));
		if (copy_to_user(ubuf + done * sizeof(*r->buf),
				 &r->buf[(tail + done) & SP_RING_MASK],
				 first * sizeof(*r->buf)))
			return -EFAULT;
		done += first;
	}
	/* Release: the records are copied before the probe may reuse them. */
	smp_store_release(&r->tail, tail + n);
	return n;
}

static ssize_t sp_drain_all(char __user *ubuf, size_t count)
{
	size_t max = count / sizeof(struct sched_probe_event);
	size_t got = 0;
	long n;
	int cpu;

	if (mutex_lock_interruptible(&sp_read_lock))
		return -ERESTARTSYS;
	for_each_possible_cpu(cpu) {
		if (got == max)
			break;
		n = sp_ring_drain(&per_cpu_ptr(&sp_cpus, cpu)->ring,
				  ubuf + got * sizeof(struct sched_probe_event),
				  max - got);
		if (n < 0) {
			mutex_unlock(&sp_read_lock);
			return got ? got * sizeof(struct sched_probe_event) : n;
		}
		got += n;
	}
	mutex_unlock(&sp_read_lock);
	return got * sizeof(struct sched_probe_event);
}

static bool sp_can_read(void)
{
	return READ_ONCE(sp_stopping) || sp_rings_have_data();
}

/* Sleep until there is data or unload begins, looking every 10 ms. */
static long sp_wait_data(void)
{
	return wait_event_interruptible_timeout(sp_read_wq, sp_can_read(),
						msecs_to_jiffies(10));
}

/*
 * The timer of poll(): while anyone waits on sp_read_wq, wake them when a
 * ring has data, and look again in 10 ms. Stops by itself when nobody
 * waits, or at unload.
 */
static void sp_poll_tick(struct timer_list *unused)
{
	if (READ_ONCE(sp_stopping))
		return;
	if (sp_rings_have_data())
		wake_up_interruptible_poll(&sp_read_wq, EPOLLIN | EPOLLRDNORM);
	if (wq_has_sleeper(&sp_read_wq))
		mod_timer(&sp_poll_timer, jiffies + SP_POLL_PERIOD);
}

/*
 * Readable when a ring has data (or at unload: read() then returns end of
 * file). Only waiters for input are queued: after unload starts, proc
 * answers poll() for us with a mask that has EPOLLIN, so each of them
 * returns at once when woken and leaves the queue.
 */
static __poll_t sp_events_poll(struct file *file, poll_table *wait)
{
	if (!(poll_requested_events(wait) & (EPOLLIN | EPOLLRDNORM)))
		return 0;
	poll_wait(file, &sp_read_wq, wait);
	if (READ_ONCE(sp_stopping))
		return EPOLLIN | EPOLLRDNORM | EPOLLHUP;
	if (sp_rings_have_data())
		return EPOLLIN | EPOLLRDNORM;
	if (wait && !timer_pending(&sp_poll_timer))
		mod_timer(&sp_poll_timer, jiffies + SP_POLL_PERIOD);
	return 0;
}

static int sp_events_open(struct inode *inode, struct file *file)
{
	return stream_open(inode, file);
}

/*
 * Whole records only (a buffer smaller than one record: -EINVAL). Blocks
 * while every ring is empty, unless O_NONBLOCK (-EAGAIN); returns 0 (end
 * of file) once the module is being unloaded, O_NONBLOCK or not: poll()
 * has said EPOLLHUP by then.
 */
static ssize_t sp_events_read(struct file *file, char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	ssize_t ret;

	if (count < sizeof(struct sched_probe_event))
		return -EINVAL;
	for (;;) {
		ret = sp_drain_all(ubuf, count);
		if (ret)
			return ret;
		if (READ_ONCE(sp_stopping))
			return 0;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = sp_wait_data();
		if (ret < 0)
			return ret;
	}
}

/* Unload: make blocked readers return, so that proc_remove() can finish. */
void sp_events_stop(void)
{
	WRITE_ONCE(sp_stopping, true);
	wake_up_all(&sp_read_wq);
}

static bool sp_wq_empty(void)
{
	bool empty;

	spin_lock_irq(&sp_read_wq.lock);
	empty = list_empty(&sp_read_wq.head);
	spin_unlock_irq(&sp_read_wq.lock);
	return empty;
}

/*
 * Unload, after proc_remove(): no poll() can queue anyone any more. Wake
 * every waiter until the queue is empty: poll() and select() callers return
 * (proc answers for us now) and take their entries off; epoll and io_uring
 * entries are taken off by the POLLFREE wakeup, and may still look at the
 * queue under RCU, hence the grace period.
 */
void sp_events_exit(void)
{
	unsigned int n;

	timer_delete_sync(&sp_poll_timer);
	for (n = 0; !sp_wq_empty(); n++) {
		wake_up_all(&sp_read_wq);
		__wake_up(&sp_read_wq, TASK_NORMAL, 0,
			  poll_to_key(EPOLLHUP | POLLFREE));
		if (n == 250)
			pr_info("unload waits for a task sleeping in poll()\n");
		msleep(20);
	}
	synchronize_rcu();
}

const struct proc_ops sp_events_ops = {
	.proc_open = sp_events_open,
	.proc_read = sp_events_read,
	.proc_poll = sp_events_poll,
};
