// SPDX-License-Identifier: GPL-2.0
/*
 * probe.c - the raw_syscalls sys_enter and sys_exit probes of syscall_probe.
 *
 * The tracepoints are not exported: they are found by name with
 * for_each_kernel_tracepoint() and attached only while tracing is enabled
 * (an attached syscall tracepoint sends every thread through the slow
 * syscall path). Both probes run in the calling thread, with preemption
 * disabled up to 6.12 and preemptible from 7.x (syscall tracepoints may
 * fault there): they take no lock, never sleep, only touch preallocated
 * memory, and hold the CPU only while writing its ring (ring.c).
 *
 * Pairing: the entry stores the time, number, abi and arguments in the
 * thread's in-flight slot; the return accounts the call in the row of
 * (thread, nr, abi). exit and exit_group never return: they are counted at
 * entry and free the slot. A return without a seen entry (a forked child's
 * first return, a call entered before tracing was enabled) is counted as
 * unpaired. A thread other than the leader that calls execve takes over
 * the leader's pid: sched_process_exec moves its in-flight call along, so
 * the return of execve pairs with its entry.
 *
 * Following children (filter pid N children): sched_process_fork adds a
 * child of the filtered process or of a followed one to the followed set
 * before the child first runs, and sched_process_exit drops a followed
 * process when its last thread exits. Descendants that already exist are
 * added when tracing is enabled. These two probes are attached only in that
 * filter mode.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/ktime.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "sp.h"

static struct tracepoint *tp_enter;
static struct tracepoint *tp_exit;
static struct tracepoint *tp_fork;
static struct tracepoint *tp_task_exit;
static struct tracepoint *tp_exec;
static bool following; /* tp_fork and tp_task_exit attached */

/* Followed descendants (filter pid N children); slots claimed by cmpxchg. */
static struct {
	atomic_t n; /* slots ever used (high-water mark) */
	struct pid *slot[SP_FOLLOW_MAX]; /* references to their tgids */
} sp_follow;

static void sp_tp_lookup(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sys_enter"))
		tp_enter = tp;
	else if (!strcmp(tp->name, "sys_exit"))
		tp_exit = tp;
	else if (!strcmp(tp->name, "sched_process_fork"))
		tp_fork = tp;
	else if (!strcmp(tp->name, "sched_process_exit"))
		tp_task_exit = tp;
	else if (!strcmp(tp->name, "sched_process_exec"))
		tp_exec = tp;
}

/* Finds the tracepoints; -ENOENT without CONFIG_HAVE_SYSCALL_TRACEPOINTS. */
int sp_probe_find(void)
{
	for_each_kernel_tracepoint(sp_tp_lookup, NULL);
	if (!tp_enter || !tp_exit || !tp_fork || !tp_task_exit || !tp_exec) {
		pr_err("raw_syscalls or sched_process tracepoints not found\n");
		return -ENOENT;
	}
	return 0;
}

/* Is @tgid (a struct pid) the filtered process or a followed one? */
static bool sp_followed(struct pid *tgid)
{
	int n = min(atomic_read(&sp_follow.n), SP_FOLLOW_MAX);
	int i;

	if (tgid == sp_filter.pid)
		return true;
	for (i = 0; i < n; i++)
		if (READ_ONCE(sp_follow.slot[i]) == tgid)
			return true;
	return false;
}

/* Adds @tgid to the followed set, holding a reference; false if full. */
static bool sp_follow_add(struct pid *tgid)
{
	int i, n;

	get_pid(tgid);
	for (i = 0; i < SP_FOLLOW_MAX; i++) {
		if (READ_ONCE(sp_follow.slot[i]) ||
		    cmpxchg(&sp_follow.slot[i], NULL, tgid))
			continue;
		/* Raises the high-water mark to cover slot i. */
		n = atomic_read(&sp_follow.n);
		while (n <= i && !atomic_try_cmpxchg(&sp_follow.n, &n, i + 1))
			;
		return true;
	}
	put_pid(tgid);
	atomic64_inc(&sp_counters.follow_full);
	return false;
}

/* Drops @tgid from the followed set (every copy of it). */
static void sp_follow_del(struct pid *tgid)
{
	int n = min(atomic_read(&sp_follow.n), SP_FOLLOW_MAX);
	int i;

	for (i = 0; i < n; i++)
		if (READ_ONCE(sp_follow.slot[i]) == tgid &&
		    cmpxchg(&sp_follow.slot[i], tgid, NULL) == tgid)
			put_pid(tgid);
}

/* Empties the followed set; the probes are detached. */
void sp_follow_clear(void)
{
	int i;

	for (i = 0; i < SP_FOLLOW_MAX; i++) {
		put_pid(sp_follow.slot[i]);
		sp_follow.slot[i] = NULL;
	}
	atomic_set(&sp_follow.n, 0);
}

/*
 * sched_process_fork: runs in the parent before the child can run, so a
 * child of a followed process is in the set before its first system call,
 * even if its parent dies before it gets a CPU.
 */
static void sp_fork(void *data, struct task_struct *parent,
		    struct task_struct *child)
{
	struct pid *ptgid = task_tgid(parent);
	struct pid *ctgid = task_tgid(child);

	if (ctgid != ptgid && sp_followed(ptgid))
		sp_follow_add(ctgid);
}

/*
 * sched_process_exit: when the last thread of a followed process exits,
 * its slot is freed. The tgid's struct pid is still attached here, and it
 * is freed only after an RCU grace period, so no probe can see it reused.
 */
static void sp_task_exit(void *data, struct task_struct *t)
{
	if (!atomic_read(&t->signal->live))
		sp_follow_del(task_tgid(t));
}

/* Does @t descend from the filtered process (by its real parents)? */
static bool sp_descends(struct task_struct *t)
{
	int depth;

	for (depth = 0; depth < 64; depth++) {
		struct task_struct *p = rcu_dereference(t->real_parent);

		if (p == t)
			return false;
		if (task_tgid(p) == sp_filter.pid)
			return true;
		t = p;
	}
	return false;
}

/* Follows the descendants that exist when tracing is enabled. */
static void sp_follow_existing(void)
{
	struct task_struct *p;

	rcu_read_lock();
	for_each_process(p)
		if (task_tgid(p) != sp_filter.pid && sp_descends(p) &&
		    !sp_followed(task_tgid(p)))
			sp_follow_add(task_tgid(p));
	rcu_read_unlock();
}

static bool sp_match(struct task_struct *t)
{
	switch (sp_filter.mode) {
	case SP_FILTER_NONE:
		return true;
	case SP_FILTER_COMM:
		return !strncmp(t->comm, sp_filter.comm, TASK_COMM_LEN);
	case SP_FILTER_PID:
		if (!sp_filter.children)
			return task_tgid(t) == sp_filter.pid;
		return sp_followed(task_tgid(t));
	}
	return false;
}

/* Splits a sys_enter id into the number in its abi's table and the abi. */
static s32 sp_decode(long id, u8 *abi)
{
	if (in_ia32_syscall()) {
		*abi = SYSCALL_PROBE_ABI_IA32;
	} else if (id >= 0 && (id & __X32_SYSCALL_BIT)) {
		*abi = SYSCALL_PROBE_ABI_X32;
		id &= ~(long)__X32_SYSCALL_BIT;
	} else {
		*abi = SYSCALL_PROBE_ABI_64;
	}
	if (id < 0 || id > 0xffff)
		return SYSCALL_PROBE_NR_INVALID;
	return id;
}

static bool sp_noreturn(s32 nr, u8 abi)
{
	if (abi == SYSCALL_PROBE_ABI_IA32)
		return nr == __NR_ia32_exit || nr == __NR_ia32_exit_group;
	return nr == __NR_exit || nr == __NR_exit_group;
}

/* exit or exit_group: counted now, with no latency. */
static void sp_enter_noreturn(struct task_struct *t, struct pt_regs *regs,
			      s32 nr, u8 abi)
{
	struct sp_row *row = sp_row_get(t->pid, nr, abi);
	struct sp_flight f = { .nr = nr, .abi = abi };

	if (row)
		sp_row_account(row, 0, 0);
	sp_flight_release(t->pid);
	if (sp_ring_active()) {
		f.ts_ns = ktime_get_ns();
		syscall_get_arguments(t, regs, f.args);
		sp_ring_emit(&f, 0, f.ts_ns, SYSCALL_PROBE_REC_NORETURN);
	}
}

static void sp_enter(void *data, struct pt_regs *regs, long id)
{
	struct task_struct *t = current;
	struct sp_flight *f;
	u8 abi;
	s32 nr;

	if (!sp_match(t))
		return;
	nr = sp_decode(id, &abi);
	if (sp_noreturn(nr, abi)) {
		sp_enter_noreturn(t, regs, nr, abi);
		return;
	}
	f = sp_flight_begin(t->pid);
	if (!f)
		return;
	f->nr = nr;
	f->abi = abi;
	if (sp_ring_active())
		syscall_get_arguments(t, regs, f->args);
	f->ts_ns = ktime_get_ns();
}

static void sp_exit(void *data, struct pt_regs *regs, long ret)
{
	pid_t pid = current->pid;
	struct sp_flight *f = sp_flight_end(pid);
	struct sp_row *row;
	u64 now;

	if (!f) {
		if (sp_match(current))
			atomic64_inc(&sp_counters.unpaired);
		return;
	}
	now = ktime_get_ns();
	row = sp_row_get(pid, f->nr, f->abi);
	if (row)
		sp_row_account(row, ret, now - f->ts_ns);
	if (sp_ring_active())
		sp_ring_emit(f, ret, now, 0);
	sp_flight_done(f, pid);
}

/* execve by a thread other than the leader: it now has the leader's pid. */
static void sp_exec(void *data, struct task_struct *t, pid_t old_pid,
		    struct linux_binprm *bprm)
{
	if (old_pid != t->pid)
		sp_flight_move(old_pid, t->pid);
}

/* With filter pid N children: the fork and exit probes keep the set. */
static int sp_follow_attach(void)
{
	int ret;

	if (sp_filter.mode != SP_FILTER_PID || !sp_filter.children)
		return 0;
	ret = tracepoint_probe_register(tp_fork, (void *)sp_fork, NULL);
	if (ret)
		return ret;
	ret = tracepoint_probe_register(tp_task_exit, (void *)sp_task_exit,
					NULL);
	if (ret) {
		tracepoint_probe_unregister(tp_fork, (void *)sp_fork, NULL);
		return ret;
	}
	following = true;
	/* After the fork probe: a child forked meanwhile is seen twice. */
	sp_follow_existing();
	return 0;
}

static void sp_follow_detach(void)
{
	if (!following)
		return;
	tracepoint_probe_unregister(tp_fork, (void *)sp_fork, NULL);
	tracepoint_probe_unregister(tp_task_exit, (void *)sp_task_exit, NULL);
	following = false;
}

/* Attaches the probes; the in-flight slots start empty. */
int sp_probe_attach(void)
{
	int ret;

	sp_flight_clear();
	ret = sp_follow_attach();
	if (ret)
		return ret;
	ret = tracepoint_probe_register(tp_exec, (void *)sp_exec, NULL);
	if (ret)
		goto err_follow;
	ret = tracepoint_probe_register(tp_enter, (void *)sp_enter, NULL);
	if (ret)
		goto err_exec;
	ret = tracepoint_probe_register(tp_exit, (void *)sp_exit, NULL);
	if (ret)
		goto err_enter;
	return 0;

err_enter:
	tracepoint_probe_unregister(tp_enter, (void *)sp_enter, NULL);
err_exec:
	tracepoint_probe_unregister(tp_exec, (void *)sp_exec, NULL);
err_follow:
	sp_follow_detach();
	tracepoint_synchronize_unregister();
	return ret;
}

/* Detaches the probes and waits until no probe runs any more. */
void sp_probe_detach(void)
{
	tracepoint_probe_unregister(tp_enter, (void *)sp_enter, NULL);
	tracepoint_probe_unregister(tp_exit, (void *)sp_exit, NULL);
	tracepoint_probe_unregister(tp_exec, (void *)sp_exec, NULL);
	sp_follow_detach();
	tracepoint_synchronize_unregister();
}
