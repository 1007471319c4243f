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
 * Pairing: the entry stores the time (scp_clock()), number, abi and arguments
 * in the thread's in-flight slot (with the stream open, also the call's string
 * or the start of write's buffer, capture.c); the return accounts the call in
 * the row of (thread, nr, abi). exit and exit_group never return: they are
 * counted at entry and free the slot. A return without a seen entry (a forked
 * child's first return, a call entered before tracing was enabled) is counted
 * as unpaired. A thread other than the leader that calls execve takes over the
 * leader's pid: sched_process_exec moves its in-flight call along, so the
 * return of execve pairs with its entry.
 *
 * Following children (filter pid N children): sched_process_fork adds a
 * child of the filtered process or of a followed one to the followed set
 * before the child first runs, and sched_process_exit drops a followed
 * process when its last thread exits. Descendants that already exist are
 * added when tracing is enabled. These two probes are attached only in that
 * filter mode.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ktime.h>
#include <linux/pid.h>
#include <linux/sched/clock.h>
#include <linux/sched/signal.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <asm/syscall.h>

#include "arch.h"
#include "lkm_tracepoint.h"
#include "scp.h"
#include "table.h"

/* Followed descendants (filter pid N children); slots claimed by cmpxchg. */
static struct {
	atomic_t n; /* slots ever used (high-water mark) */
	struct pid *slot[SCP_FOLLOW_MAX]; /* references to their tgids */
} scp_follow;

/* Is @tgid (a struct pid) the filtered process or a followed one? */
static bool scp_followed(struct pid *tgid)
{
	int n = min(atomic_read(&scp_follow.n), SCP_FOLLOW_MAX);
	int i;

	if (tgid == scp_filter.pid)
		return true;
	for (i = 0; i < n; i++)
		if (READ_ONCE(scp_follow.slot[i]) == tgid)
			return true;
	return false;
}

/* Adds @tgid to the followed set, holding a reference; false if full. */
static bool scp_follow_add(struct pid *tgid)
{
	int i, n;

	get_pid(tgid);
	for (i = 0; i < SCP_FOLLOW_MAX; i++) {
		if (READ_ONCE(scp_follow.slot[i]) ||
		    cmpxchg(&scp_follow.slot[i], NULL, tgid))
			continue;
		/* Raises the high-water mark to cover slot i. */
		n = atomic_read(&scp_follow.n);
		while (n <= i && !atomic_try_cmpxchg(&scp_follow.n, &n, i + 1))
			;
		return true;
	}
	put_pid(tgid);
	atomic64_inc(&scp_counters.follow_full);
	return false;
}

/* Drops @tgid from the followed set (every copy of it). */
static void scp_follow_del(struct pid *tgid)
{
	int n = min(atomic_read(&scp_follow.n), SCP_FOLLOW_MAX);
	int i;

	for (i = 0; i < n; i++)
		if (READ_ONCE(scp_follow.slot[i]) == tgid &&
		    cmpxchg(&scp_follow.slot[i], tgid, NULL) == tgid)
			put_pid(tgid);
}

/* Empties the followed set; the probes are detached. */
void scp_follow_clear(void)
{
	int i;

	for (i = 0; i < SCP_FOLLOW_MAX; i++) {
		put_pid(scp_follow.slot[i]);
		scp_follow.slot[i] = NULL;
	}
	atomic_set(&scp_follow.n, 0);
}

/*
 * sched_process_fork: runs in the parent before the child can run, so a
 * child of a followed process is in the set before its first system call,
 * even if its parent dies before it gets a CPU.
 */
static void scp_fork(void *data, struct task_struct *parent,
		     struct task_struct *child)
{
	struct pid *ptgid = task_tgid(parent);
	struct pid *ctgid = task_tgid(child);

	if (ctgid != ptgid && scp_followed(ptgid))
		scp_follow_add(ctgid);
}

/*
 * sched_process_exit: when the last thread of a followed process exits,
 * its slot is freed. The tgid's struct pid is still attached here, and it
 * is freed only after an RCU grace period, so no probe can see it reused.
 */
static void scp_task_exit(void *data, struct task_struct *t)
{
	if (!atomic_read(&t->signal->live))
		scp_follow_del(task_tgid(t));
}

/* Does @t descend from the filtered process (by its real parents)? */
static bool scp_descends(struct task_struct *t)
{
	int depth;

	for (depth = 0; depth < 64; depth++) {
		struct task_struct *p = rcu_dereference(t->real_parent);

		if (p == t)
			return false;
		if (task_tgid(p) == scp_filter.pid)
			return true;
		t = p;
	}
	return false;
}

/* Follows the descendants that exist when tracing is enabled. */
static void scp_follow_existing(void)
{
	struct task_struct *p;

	rcu_read_lock();
	for_each_process(p)
		if (task_tgid(p) != scp_filter.pid && scp_descends(p) &&
		    !scp_followed(task_tgid(p)))
			scp_follow_add(task_tgid(p));
	rcu_read_unlock();
}

static __always_inline bool scp_match(struct task_struct *t)
{
	switch (scp_filter.mode) {
	case SCP_FILTER_NONE:
		return true;
	case SCP_FILTER_COMM:
		return !strncmp(t->comm, scp_filter.comm, TASK_COMM_LEN);
	case SCP_FILTER_PID:
		if (!scp_filter.children)
			return task_tgid(t) == scp_filter.pid;
		return scp_followed(task_tgid(t));
	}
	return false;
}

/*
 * Splits a sys_enter id into the number in its abi's table and the abi
 * (arch_*.h tells the gates apart).
 */
static s32 scp_decode(long id, u8 *abi)
{
	id = scp_arch_decode(id, abi);
	if (id < 0 || id > 0xffff)
		return SYSCALL_PROBE_NR_INVALID;
	return id;
}

/*
 * The clock a call is timed with. The stream's ts_ns is CLOCK_MONOTONIC, so
 * a call entered while the stream is open is stamped with ktime_get_ns().
 * Otherwise local_clock(), the scheduler's clock (perf times with it too):
 * where the clocksource is slow to read, such as the emulated HPET of a TCG
 * VM, it costs a fraction of ktime_get_ns(). On a machine whose TSC is
 * unstable it is kept only within about a tick across CPUs, so a call that
 * returns on another CPU may be off by that much, never below 0.
 */
static u64 scp_clock(bool mono)
{
	return mono ? ktime_get_ns() : local_clock();
}

/* exit or exit_group: counted now, with no latency. */
static void scp_enter_noreturn(struct task_struct *t, struct pt_regs *regs,
			       s32 nr, u8 abi)
{
	struct scp_row *row = scp_row_get(t->pid, nr, abi);
	struct scp_flight f = {
		.nr = nr,
		.abi = abi,
		.str.arg = SYSCALL_PROBE_STR_NONE,
	};

	if (row)
		scp_row_account(row, 0, 0);
	scp_flight_release(t->pid);
	if (scp_ring_active()) {
		f.ts_ns = ktime_get_ns();
		syscall_get_arguments(t, regs, f.args);
		scp_ring_emit(&f, 0, f.ts_ns, SYSCALL_PROBE_REC_NORETURN);
	}
}

static void scp_enter(void *data, struct pt_regs *regs, long id)
{
	struct task_struct *t = current;
	struct scp_flight *f;
	u8 abi;
	s32 nr;

	if (!scp_match(t))
		return;
	nr = scp_decode(id, &abi);
	if (scp_arch_noreturn(nr, abi)) {
		scp_enter_noreturn(t, regs, nr, abi);
		return;
	}
	f = scp_flight_begin(t->pid);
	if (!f)
		return;
	f->nr = nr;
	f->abi = abi;
	if (scp_ring_active()) {
		syscall_get_arguments(t, regs, f->args);
		scp_capture(&f->str, nr, abi, f->args);
	} else {
		/* Stale if the stream opens before the return. */
		f->str.arg = SYSCALL_PROBE_STR_NONE;
		f->str.retry = 0;
	}
	f->mono = scp_ring_active();
	f->ts_ns = scp_clock(f->mono);
}

static void scp_exit(void *data, struct pt_regs *regs, long ret)
{
	pid_t pid = current->pid;
	struct scp_flight *f = scp_flight_end(pid);
	struct scp_row *row;
	u64 now;
	s64 ns;

	if (!f) {
		if (scp_match(current))
			atomic64_inc(&scp_counters.unpaired);
		return;
	}
	now = scp_clock(f->mono);
	ns = max_t(s64, now - f->ts_ns, 0);
	row = scp_row_get(pid, f->nr, f->abi);
	if (row)
		scp_row_account(row, ret, ns);
	if (scp_ring_active()) {
		if (!f->mono) {
			/* Entered before the stream opened: entry = now - ns. */
			now = ktime_get_ns();
			f->ts_ns = now - ns;
		}
		scp_capture_retry(&f->str, f->abi, f->args);
		scp_ring_emit(f, ret, now, 0);
	}
	scp_flight_done(f, pid);
}

/* execve by a thread other than the leader: it now has the leader's pid. */
static void scp_exec(void *data, struct task_struct *t, pid_t old_pid,
		     struct linux_binprm *bprm)
{
	if (old_pid != t->pid)
		scp_flight_move(old_pid, t->pid);
}

/* The tracepoints, in the order they are detached. */
enum { SCP_TP_ENTER, SCP_TP_EXIT, SCP_TP_EXEC, SCP_TP_FORK, SCP_TP_TASK_EXIT };

static struct lkm_tracepoint scp_tps[] = {
	[SCP_TP_ENTER] = { .name = "sys_enter", .probe = scp_enter },
	[SCP_TP_EXIT] = { .name = "sys_exit", .probe = scp_exit },
	[SCP_TP_EXEC] = { .name = "sched_process_exec", .probe = scp_exec },
	[SCP_TP_FORK] = { .name = "sched_process_fork", .probe = scp_fork },
	[SCP_TP_TASK_EXIT] = { .name = "sched_process_exit",
			       .probe = scp_task_exit },
};

/* Finds the tracepoints; -ENOENT without CONFIG_HAVE_SYSCALL_TRACEPOINTS. */
int scp_probe_find(void)
{
	return lkm_tracepoints_find(scp_tps, ARRAY_SIZE(scp_tps));
}

/* Detaches the probes and waits until no probe runs any more. */
void scp_probe_detach(void)
{
	lkm_tracepoints_detach(scp_tps, ARRAY_SIZE(scp_tps));
}

/*
 * Attaches the probes; the in-flight slots start empty. With filter pid N
 * children, the fork and exit probes first: they keep the followed set.
 */
int scp_probe_attach(void)
{
	static const int order[] = { SCP_TP_EXEC, SCP_TP_ENTER, SCP_TP_EXIT };
	int i, ret;

	scp_flight_clear();
	if (scp_filter.mode == SCP_FILTER_PID && scp_filter.children) {
		ret = lkm_tracepoint_attach(&scp_tps[SCP_TP_FORK]);
		if (!ret)
			ret = lkm_tracepoint_attach(&scp_tps[SCP_TP_TASK_EXIT]);
		if (ret)
			goto err;
		/* After the fork probe: a child forked meanwhile is seen twice. */
		scp_follow_existing();
	}
	for (i = 0; i < ARRAY_SIZE(order); i++) {
		ret = lkm_tracepoint_attach(&scp_tps[order[i]]);
		if (ret)
			goto err;
	}
	return 0;

err:
	scp_probe_detach();
	return ret;
}
