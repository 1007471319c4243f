// SPDX-License-Identifier: GPL-2.0
/*
 * ring.c - the live event stream of syscall_probe, /proc/syscall_probe/stream.
 *
 * One ring of fixed-size records (struct syscall_probe_record) per CPU,
 * written by the probes of that CPU (preemption disabled: one writer) and
 * read by the single opener of the stream file (root only: the records hold
 * other users' arguments). Records are made only while the file is open,
 * and never for the reader's own process. A full ring drops the record and
 * counts it; the next record that fits is preceded by a LOST record saying
 * how many were dropped, so generated == delivered + dropped, exactly.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/delay.h>
#include <linux/build_bug.h>
#include <linux/log2.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/poll.h>
#include <linux/preempt.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include "sp.h"

struct sp_ring {
	u64 head; /* next record to write (writer) */
	u64 tail; /* next record to read (reader) */
	u64 generated; /* records made (writer) */
	u64 dropped; /* records dropped, ring full (writer) */
	u64 lost_pending; /* dropped since the last LOST record (writer) */
	unsigned int session; /* the open lost_pending belongs to (writer) */
	u64 delivered; /* records read (reader) */
	struct syscall_probe_record *buf;
};

static DEFINE_PER_CPU(struct sp_ring, sp_rings);
static unsigned int ring_size; /* records per CPU, a power of two */
static int sp_stream_busy; /* 1 while a reader has the file open */
static bool stream_active; /* records are made */
static pid_t reader_tgid;
static unsigned int sp_session; /* counts opens of the stream */
static bool closing;
static DEFINE_MUTEX(sp_read_lock);
/* Allocated: left behind on unload if a poller is still queued on it. */
static struct wait_queue_head *ring_wq;

int sp_ring_init(unsigned int records)
{
	int cpu;

	/* The layout userspace reads: include/syscall_probe.h. */
	BUILD_BUG_ON(sizeof(struct syscall_probe_record) != 104);
	ring_size = roundup_pow_of_two(records);
	ring_wq = kmalloc(sizeof(*ring_wq), GFP_KERNEL);
	if (!ring_wq)
		return -ENOMEM;
	init_waitqueue_head(ring_wq);
	for_each_possible_cpu(cpu) {
		struct sp_ring *r = per_cpu_ptr(&sp_rings, cpu);

		r->buf = vzalloc(array_size(ring_size, sizeof(*r->buf)));
		if (!r->buf) {
			sp_ring_exit();
			return -ENOMEM;
		}
	}
	return 0;
}

/* Wakes a blocked reader for good: the module is going away. */
void sp_ring_shutdown(void)
{
	WRITE_ONCE(closing, true);
	if (ring_wq)
		wake_up_interruptible_all(ring_wq);
}

/* Frees the rings; the probes are detached and the file removed. */
void sp_ring_exit(void)
{
	int i, cpu;

	for_each_possible_cpu(cpu) {
		struct sp_ring *r = per_cpu_ptr(&sp_rings, cpu);

		vfree(r->buf);
		r->buf = NULL;
	}
	if (!ring_wq)
		return;
	/* A poll() still queued leaves when woken; epoll may stay queued. */
	for (i = 0; i < 50 && wq_has_sleeper(ring_wq); i++) {
		wake_up_interruptible_all(ring_wq);
		msleep(20);
	}
	if (wq_has_sleeper(ring_wq))
		pr_warn("stream poller still queued: its wait queue is leaked\n");
	else
		kfree(ring_wq);
	ring_wq = NULL;
}

bool sp_ring_active(void)
{
	/* Pairs with smp_store_release() of stream_active at open. */
	return smp_load_acquire(&stream_active) &&
	       current->tgid != READ_ONCE(reader_tgid);
}

static void sp_ring_put(struct sp_ring *r, u64 head,
			const struct syscall_probe_record *rec)
{
	r->buf[head & (ring_size - 1)] = *rec;
	/* Pairs with smp_load_acquire() of head in the reader. */
	smp_store_release(&r->head, head + 1);
}

static void sp_ring_lost(struct sp_ring *r, u64 head)
{
	struct syscall_probe_record rec = {
		.flags = SYSCALL_PROBE_REC_LOST,
		.cpu = smp_processor_id(),
		.args[0] = r->lost_pending,
		.ts_ns = ktime_get_ns(),
	};

	sp_ring_put(r, head, &rec);
	r->lost_pending = 0;
}

/*
 * Emits one record for the call in @f that returned @ret at @now, on this
 * CPU's ring (one writer: preemption is disabled meanwhile).
 */
static void sp_ring_emit_local(const struct sp_flight *f, s64 ret, u64 now,
			       u8 flags)
{
	struct sp_ring *r = this_cpu_ptr(&sp_rings);
	struct task_struct *t = current;
	struct syscall_probe_record rec;
	u64 head = r->head;
	/* Pairs with smp_store_release() of tail in the reader. */
	u64 used = head - smp_load_acquire(&r->tail);

	r->generated++;
	/* Drops of an earlier open were that reader's; this one starts at 0. */
	if (unlikely(r->session != READ_ONCE(sp_session))) {
		r->session = READ_ONCE(sp_session);
		r->lost_pending = 0;
	}
	if (used + !!r->lost_pending >= ring_size) {
		r->dropped++;
		r->lost_pending++;
		return;
	}
	if (r->lost_pending)
		sp_ring_lost(r, head++);
	rec.ts_ns = f->ts_ns;
	rec.duration_ns = now - f->ts_ns;
	rec.ret = ret;
	memcpy(rec.args, f->args, sizeof(rec.args));
	rec.pid = t->pid;
	rec.tgid = t->tgid;
	rec.nr = f->nr;
	rec.abi = f->abi;
	rec.flags = flags;
	rec.cpu = smp_processor_id();
	memcpy(rec.comm, t->comm, sizeof(rec.comm));
	rec.comm[sizeof(rec.comm) - 1] = '\0';
	sp_ring_put(r, head, &rec);
	if (wq_has_sleeper(ring_wq))
		wake_up_interruptible(ring_wq);
}

/*
 * Called by the probes. Up to 6.12 the tracepoint core runs them with
 * preemption disabled; from 7.x the syscall tracepoints run them
 * preemptible (they may fault), so this CPU's ring is held here.
 */
void sp_ring_emit(const struct sp_flight *f, s64 ret, u64 now, u8 flags)
{
	preempt_disable();
	sp_ring_emit_local(f, ret, now, flags);
	preempt_enable();
}

void sp_ring_counters(u64 *generated, u64 *dropped, u64 *delivered)
{
	int cpu;

	*generated = 0;
	*dropped = 0;
	*delivered = 0;
	for_each_possible_cpu(cpu) {
		struct sp_ring *r = per_cpu_ptr(&sp_rings, cpu);

		*generated += READ_ONCE(r->generated);
		*dropped += READ_ONCE(r->dropped);
		*delivered += READ_ONCE(r->delivered);
	}
}

static bool sp_ring_pending(void)
{
	int cpu;

	if (READ_ONCE(closing))
		return true;
	for_each_possible_cpu(cpu) {
		struct sp_ring *r = per_cpu_ptr(&sp_rings, cpu);

		/* Pairs with smp_store_release() of head in the writer. */
		if (smp_load_acquire(&r->head) != r->tail)
			return true;
	}
	return false;
}

/* Copies whole records of @r to @buf; bytes copied or -EFAULT. */
static ssize_t sp_ring_drain(struct sp_ring *r, char __user *buf, size_t len)
{
	const size_t sz = sizeof(struct syscall_probe_record);
	/* Pairs with smp_store_release() of head in the writer. */
	u64 head = smp_load_acquire(&r->head);
	u64 tail = r->tail;
	size_t done = 0;

	while (tail != head && done + sz <= len) {
		const struct syscall_probe_record *rec;

		rec = &r->buf[tail & (ring_size - 1)];
		if (copy_to_user(buf + done, rec, sz))
			return -EFAULT;
		if (!(rec->flags & SYSCALL_PROBE_REC_LOST))
			r->delivered++;
		done += sz;
		tail++;
		/* The writer may reuse the slot from now on. */
		smp_store_release(&r->tail, tail);
	}
	return done;
}

static ssize_t sp_stream_read_locked(struct file *file, char __user *buf,
				     size_t len)
{
	size_t done = 0;
	int cpu, ret;

	for (;;) {
		for_each_possible_cpu(cpu) {
			ssize_t n = sp_ring_drain(per_cpu_ptr(&sp_rings, cpu),
						  buf + done, len - done);

			if (n < 0)
				return done ? done : n;
			done += n;
		}
		if (done || READ_ONCE(closing))
			return done;
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(*ring_wq, sp_ring_pending());
		if (ret)
			return ret;
	}
}

/* Threads sharing the file take turns: one reader per ring. */
static ssize_t sp_stream_read(struct file *file, char __user *buf, size_t len,
			      loff_t *ppos)
{
	ssize_t ret;

	if (len < sizeof(struct syscall_probe_record))
		return -EINVAL;
	if (mutex_lock_interruptible(&sp_read_lock))
		return -ERESTARTSYS;
	ret = sp_stream_read_locked(file, buf, len);
	mutex_unlock(&sp_read_lock);
	return ret;
}

static __poll_t sp_stream_poll(struct file *file, poll_table *wait)
{
	poll_wait(file, ring_wq, wait);
	return sp_ring_pending() ? EPOLLIN | EPOLLRDNORM : 0;
}

static int sp_stream_open(struct inode *inode, struct file *file)
{
	int cpu;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (cmpxchg(&sp_stream_busy, 0, 1))
		return -EBUSY;
	/* Whatever is left from an earlier reader is dropped unread. */
	for_each_possible_cpu(cpu) {
		struct sp_ring *r = per_cpu_ptr(&sp_rings, cpu);

		/* Orders with the writer's head; frees every slot. */
		smp_store_release(&r->tail, smp_load_acquire(&r->head));
	}
	WRITE_ONCE(reader_tgid, current->tgid);
	WRITE_ONCE(sp_session, sp_session + 1);
	/* reader_tgid and sp_session are set before the probes make records. */
	smp_store_release(&stream_active, true);
	return nonseekable_open(inode, file);
}

static int sp_stream_release(struct inode *inode, struct file *file)
{
	WRITE_ONCE(stream_active, false);
	WRITE_ONCE(reader_tgid, 0);
	/* The next opener sees the fields above cleared. */
	smp_store_release(&sp_stream_busy, 0);
	return 0;
}

static const struct proc_ops sp_stream_ops = {
	.proc_open = sp_stream_open,
	.proc_read = sp_stream_read,
	.proc_poll = sp_stream_poll,
	.proc_release = sp_stream_release,
};

int sp_ring_proc_init(struct proc_dir_entry *dir)
{
	if (!proc_create(SYSCALL_PROBE_STREAM, 0400, dir, &sp_stream_ops))
		return -ENOMEM;
	return 0;
}
