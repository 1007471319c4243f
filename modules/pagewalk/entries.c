// SPDX-License-Identifier: GPL-2.0
/*
 * entries.c - keep one /proc/pagewalk/<pid> entry per live process (one per
 * thread group, named by its PID in the initial PID namespace).
 *
 * - load: an entry for every process that exists;
 * - sched_process_fork: a task_work queued on the forking parent creates the
 *   child's entry before fork() returns to user mode. Children of kernel
 *   threads and of vfork() (the parent sleeps until the child execs) are
 *   handed to a work item instead, as is any child whose task_work could not
 *   be queued;
 * - sched_process_free: a sweep removes the entries whose PID no longer
 *   names a thread group.
 * Entries are created and removed only under pw_lock, after checking the PID
 * again, so a reused PID never meets a duplicate or a missing entry.
 * Unload waits for the queued task_works (they run module code); a parent
 * stopped by a debugger inside fork() therefore delays rmmod until resumed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "internal.h"
#include "lkm_tracepoint.h"

struct pw_newproc {
	struct callback_head work;
	struct llist_node node;
	struct pid *pid;
};

static struct proc_dir_entry *pw_dir;
static DEFINE_MUTEX(pw_lock);
static DEFINE_XARRAY(pw_procs); /* PID -> proc_dir_entry */
static bool pw_stopping; /* under pw_lock */

static atomic_t pw_pending = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(pw_pending_wq);

static LLIST_HEAD(pw_async_list);
static void pw_async_fn(struct work_struct *work);
static DECLARE_WORK(pw_async_work, pw_async_fn);
static void pw_sweep_fn(struct work_struct *work);
static DECLARE_WORK(pw_sweep_work, pw_sweep_fn);
static void pw_rescan_fn(struct work_struct *work);
static DECLARE_WORK(pw_rescan_work, pw_rescan_fn);

/* Does this PID name a thread group right now? */
static bool pw_alive(struct pid *pid)
{
	bool alive;

	rcu_read_lock();
	alive = pid && pid_task(pid, PIDTYPE_TGID);
	rcu_read_unlock();
	return alive;
}

/* Create the entry of @pid unless it exists or the process is gone. */
static void pw_add_locked(struct pid *pid)
{
	struct proc_dir_entry *pde;
	unsigned long nr = pid_nr(pid);
	char name[24];

	lockdep_assert_held(&pw_lock);
	if (pw_stopping || !nr || xa_load(&pw_procs, nr) || !pw_alive(pid))
		return;
	snprintf(name, sizeof(name), "%lu", nr);
	pde = proc_create_data(name, 0444, pw_dir, &pw_pid_ops, (void *)nr);
	if (!pde)
		return;
	if (xa_err(xa_store(&pw_procs, nr, pde, GFP_KERNEL)))
		proc_remove(pde);
}

static void pw_add(struct pid *pid)
{
	mutex_lock(&pw_lock);
	pw_add_locked(pid);
	mutex_unlock(&pw_lock);
}

/* Entries for every process that exists (load, or after a lost fork). */
static void pw_rescan(void)
{
	unsigned int nr = 1;
	struct pid *pid;

	for (;;) {
		rcu_read_lock();
		pid = find_ge_pid(nr, &init_pid_ns);
		if (pid) {
			nr = pid_nr(pid) + 1;
			get_pid(pid);
		}
		rcu_read_unlock();
		if (!pid)
			break;
		pw_add(pid);
		put_pid(pid);
		cond_resched();
	}
}

static void pw_rescan_fn(struct work_struct *work)
{
	pw_rescan();
}

static void pw_sweep_fn(struct work_struct *work)
{
	struct proc_dir_entry *pde;
	unsigned long nr;
	bool alive;

	mutex_lock(&pw_lock);
	xa_for_each(&pw_procs, nr, pde) {
		rcu_read_lock();
		alive = pw_alive(find_pid_ns(nr, &init_pid_ns));
		rcu_read_unlock();
		if (alive)
			continue;
		xa_erase(&pw_procs, nr);
		proc_remove(pde);
	}
	mutex_unlock(&pw_lock);
}

static void pw_newproc_done(struct pw_newproc *np)
{
	put_pid(np->pid);
	kfree(np);
}

static void pw_async_fn(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&pw_async_list);
	struct pw_newproc *np, *tmp;

	llist_for_each_entry_safe(np, tmp, list, node) {
		pw_add(np->pid);
		pw_newproc_done(np);
	}
}

/* Runs in the parent right before fork() returns to user mode. */
static void pw_fork_work(struct callback_head *work)
{
	struct pw_newproc *np = container_of(work, struct pw_newproc, work);

	pw_add(np->pid);
	pw_newproc_done(np);
	rcu_read_lock();
	if (atomic_dec_and_test(&pw_pending))
		wake_up(&pw_pending_wq);
	rcu_read_unlock();
}

/* Tracepoint probe: atomic context, no sleeping. */
static void pw_fork_probe(void *data, struct task_struct *parent,
			  struct task_struct *child)
{
	struct pw_newproc *np;

	if (child->pid != child->tgid)
		return; /* a new thread, not a process */
	np = kmalloc(sizeof(*np), GFP_NOWAIT | __GFP_NOWARN);
	if (!np) {
		schedule_work(&pw_rescan_work);
		return;
	}
	np->pid = get_pid(task_pid(child));
	if (!(current->flags & PF_KTHREAD) && !child->vfork_done) {
		atomic_inc(&pw_pending);
		init_task_work(&np->work, pw_fork_work);
		if (!task_work_add(current, &np->work, TWA_RESUME))
			return;
		atomic_dec(&pw_pending);
	}
	llist_add(&np->node, &pw_async_list);
	schedule_work(&pw_async_work);
}

/* Tracepoint probe, from an RCU callback: a task was freed. */
static void pw_free_probe(void *data, struct task_struct *p)
{
	if (p->pid == p->tgid)
		schedule_work(&pw_sweep_work);
}

static struct lkm_tracepoint pw_tps[] = {
	{ .name = "sched_process_fork", .probe = pw_fork_probe },
	{ .name = "sched_process_free", .probe = pw_free_probe },
};

static int pw_probes_register(void)
{
	int ret;

	ret = lkm_tracepoints_find(pw_tps, ARRAY_SIZE(pw_tps));
	if (ret < 0)
		return ret;
	return lkm_tracepoints_attach(pw_tps, ARRAY_SIZE(pw_tps));
}

/* After this, no probe runs and no queued work is left to run. */
static void pw_probes_unregister(void)
{
	lkm_tracepoints_detach(pw_tps, ARRAY_SIZE(pw_tps));
	wait_event(pw_pending_wq, !atomic_read(&pw_pending));
	synchronize_rcu();
	cancel_work_sync(&pw_rescan_work);
	cancel_work_sync(&pw_sweep_work);
	flush_work(&pw_async_work);
	pw_async_fn(NULL);
}

int pw_entries_start(struct proc_dir_entry *dir)
{
	int ret;

	pw_dir = dir;
	pw_stopping = false;
	ret = pw_probes_register();
	if (ret < 0)
		return ret;
	pw_rescan();
	return 0;
}

void pw_entries_stop(void)
{
	struct proc_dir_entry *pde;
	unsigned long nr;

	mutex_lock(&pw_lock);
	pw_stopping = true;
	mutex_unlock(&pw_lock);
	pw_probes_unregister();
	mutex_lock(&pw_lock);
	xa_for_each(&pw_procs, nr, pde) {
		xa_erase(&pw_procs, nr);
		proc_remove(pde);
	}
	mutex_unlock(&pw_lock);
	xa_destroy(&pw_procs);
}
