// SPDX-License-Identifier: GPL-2.0
/*
 * ring.c - the event stream of sched_probe, /proc/sched_probe/events: one
 * struct sched_probe_event per context switch, in the shared per-CPU event
 * ring (include/lkm_evring.h), written by the sched_switch probe of each
 * CPU and drained by any number of readers (each record goes to one).
 *
 * A full ring drops the new record and counts it; the per-CPU counts of
 * generated and dropped records appear in /proc/sched_probe/cpus, so that
 * delivered + dropped == generated. The probe runs under the run-queue
 * lock: readers are woken through the ring's irq_work, never by the probe
 * itself.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/proc_fs.h>

#include "lkm_evring.h"
#include "schp.h"

struct lkm_evring schp_ring;

int schp_rings_init(void)
{
	return lkm_evring_init(&schp_ring, sizeof(struct sched_probe_event),
			       SCHED_PROBE_RING_RECORDS, NULL);
}

/* Unload, once the probes are detached: waiters leave, the rings go. */
void schp_rings_free(void)
{
	lkm_evring_exit(&schp_ring);
}

/* Empty every ring and zero its counters; only while the probes pause. */
void schp_rings_clear(void)
{
	lkm_evring_clear(&schp_ring);
}

void schp_ring_cpu_counts(int cpu, u64 *generated, u64 *dropped)
{
	struct lkm_evring_counts n;

	lkm_evring_cpu_counts(&schp_ring, cpu, &n);
	*generated = n.generated;
	*dropped = n.dropped;
}

static __poll_t schp_events_poll(struct file *file, poll_table *wait)
{
	return lkm_evring_poll(&schp_ring, file, wait);
}

static int schp_events_open(struct inode *inode, struct file *file)
{
	return stream_open(inode, file);
}

static ssize_t schp_events_read(struct file *file, char __user *ubuf,
				size_t count, loff_t *ppos)
{
	return lkm_evring_read(&schp_ring, file, ubuf, count);
}

/* Unload: make blocked readers return, so that proc_remove() can finish. */
void schp_events_stop(void)
{
	lkm_evring_stop(&schp_ring);
}

const struct proc_ops schp_events_ops = {
	.proc_open = schp_events_open,
	.proc_read = schp_events_read,
	.proc_poll = schp_events_poll,
};
