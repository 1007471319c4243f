// SPDX-License-Identifier: GPL-2.0
/*
 * ring.c - the live event stream of syscall_probe, /proc/syscall_probe/stream:
 * struct syscall_probe_record records in the shared per-CPU event ring
 * (include/lkm_evring.h), written by the probes of each CPU and read by the
 * single opener of the stream file (root only: the records hold other
 * users' arguments). Records are made only while the file is open, and
 * never for the reader's own process. A full ring drops the record and
 * counts it; the next record that fits is preceded by a LOST record saying
 * how many were dropped, so generated == delivered + dropped, exactly.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/minmax.h>
#include <linux/preempt.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/smp.h>
#include <linux/string.h>

#include "lkm_evring.h"
#include "scp.h"

static struct lkm_evring scp_ring;
static int scp_stream_busy; /* 1 while a reader has the file open */
bool scp_stream_active; /* records are made */
pid_t scp_reader_tgid;

/* The LOST record: args[0] records of this CPU were dropped. */
static void scp_lost_fill(void *slot, u64 lost)
{
	struct syscall_probe_record *rec = slot;

	memset(rec, 0, sizeof(*rec));
	rec->flags = SYSCALL_PROBE_REC_LOST;
	rec->cpu = smp_processor_id();
	rec->args[0] = lost;
	rec->str_arg = SYSCALL_PROBE_STR_NONE;
	rec->ts_ns = ktime_get_ns();
}

static bool scp_is_lost(const void *slot)
{
	const struct syscall_probe_record *rec = slot;

	return rec->flags & SYSCALL_PROBE_REC_LOST;
}

static const struct lkm_evring_lost scp_lost = {
	.fill = scp_lost_fill,
	.is_lost = scp_is_lost,
};

int scp_ring_init(unsigned int records)
{
	/* The layout userspace reads: include/syscall_probe.h. */
	BUILD_BUG_ON(sizeof(struct syscall_probe_record) != 176);
	return lkm_evring_init(&scp_ring, sizeof(struct syscall_probe_record),
			       records, &scp_lost);
}

/* Unload begins: a blocked reader gets end of file, a poller EPOLLHUP. */
void scp_ring_shutdown(void)
{
	lkm_evring_stop(&scp_ring);
}

/* Frees the rings; the probes are detached and the file removed. */
void scp_ring_exit(void)
{
	lkm_evring_exit(&scp_ring);
}

/* The captures of the flight entry; the bytes after them are zeroed. */
static void scp_ring_str(struct syscall_probe_record *rec,
			 const struct scp_capture *c)
{
	size_t len = 0, used = 0;

	rec->str_arg = c->arg;
	rec->str_flags = 0;
	rec->str2_arg = SYSCALL_PROBE_STR_NONE;
	rec->str2_flags = 0;
	rec->str2_len = 0;
	if (c->arg != SYSCALL_PROBE_STR_NONE) {
		len = min_t(size_t, c->len, sizeof(rec->str));
		used = len;
		rec->str_flags = c->flags;
		if (c->arg2 != SYSCALL_PROBE_STR_NONE &&
		    len + 1 + c->len2 <= sizeof(rec->str)) {
			used = len + 1 + c->len2;
			rec->str2_arg = c->arg2;
			rec->str2_flags = c->flags2;
			rec->str2_len = c->len2;
		}
		memcpy(rec->str, c->buf, used);
	}
	rec->str_len = len;
	rec->str_reserved = 0;
	memset(rec->str + used, 0, sizeof(rec->str) - used);
}

/*
 * Emits one record for the call in @f that returned @ret at @now. Called by
 * the probes: up to 6.12 the tracepoint core runs them with preemption
 * disabled; from 7.x the syscall tracepoints run them preemptible (they may
 * fault), so this CPU's ring is held here while the record is written.
 */
void scp_ring_emit(const struct scp_flight *f, s64 ret, u64 now, u8 flags)
{
	struct syscall_probe_record *rec;
	struct task_struct *t = current;

	preempt_disable();
	rec = lkm_evring_reserve(&scp_ring);
	if (rec) {
		rec->ts_ns = f->ts_ns;
		rec->duration_ns = now - f->ts_ns;
		rec->ret = ret;
		memcpy(rec->args, f->args, sizeof(rec->args));
		rec->pid = t->pid;
		rec->tgid = t->tgid;
		rec->nr = f->nr;
		rec->abi = f->abi;
		rec->flags = flags;
		rec->cpu = smp_processor_id();
		memcpy(rec->comm, t->comm, sizeof(rec->comm));
		rec->comm[sizeof(rec->comm) - 1] = '\0';
		scp_ring_str(rec, &f->str);
		lkm_evring_commit(&scp_ring);
	}
	preempt_enable();
}

void scp_ring_counters(u64 *generated, u64 *dropped, u64 *delivered)
{
	struct lkm_evring_counts n;

	lkm_evring_counts(&scp_ring, &n);
	*generated = n.generated;
	*dropped = n.dropped;
	*delivered = n.delivered;
}

/* Threads sharing the file take turns: each record goes to one of them. */
static ssize_t scp_stream_read(struct file *file, char __user *buf, size_t len,
			       loff_t *ppos)
{
	return lkm_evring_read(&scp_ring, file, buf, len);
}

static __poll_t scp_stream_poll(struct file *file, poll_table *wait)
{
	return lkm_evring_poll(&scp_ring, file, wait);
}

static int scp_stream_open(struct inode *inode, struct file *file)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (cmpxchg(&scp_stream_busy, 0, 1))
		return -EBUSY;
	/* Whatever is left from an earlier reader is dropped unread. */
	lkm_evring_new_session(&scp_ring);
	WRITE_ONCE(scp_reader_tgid, current->tgid);
	/* scp_reader_tgid and the session are set before records are made. */
	smp_store_release(&scp_stream_active, true);
	return nonseekable_open(inode, file);
}

static int scp_stream_release(struct inode *inode, struct file *file)
{
	WRITE_ONCE(scp_stream_active, false);
	WRITE_ONCE(scp_reader_tgid, 0);
	/* The next opener sees the fields above cleared. */
	smp_store_release(&scp_stream_busy, 0);
	return 0;
}

static const struct proc_ops scp_stream_ops = {
	.proc_open = scp_stream_open,
	.proc_read = scp_stream_read,
	.proc_poll = scp_stream_poll,
	.proc_release = scp_stream_release,
};

int scp_ring_proc_init(struct proc_dir_entry *dir)
{
	if (!proc_create(SYSCALL_PROBE_STREAM, 0400, dir, &scp_stream_ops))
		return -ENOMEM;
	return 0;
}
