// SPDX-License-Identifier: GPL-2.0
/*
 * probe.c - the raw_syscalls sys_enter and sys_exit probes of syscall_probe.
 *
 * The tracepoints are not exported: they are found by name with
 * for_each_kernel_tracepoint() and attached only while tracing is enabled
 * (an attached syscall tracepoint sends every thread through the slow
 * syscall path). Both probes run in the calling thread with preemption
 * disabled (the tracepoint core does that on 6.1 and 6.12): they take no
 * lock, never sleep, and only touch preallocated memory.
 *
 * Pairing: the entry stores the time, number, abi and arguments in the
 * thread's in-flight slot; the return accounts the call in the row of
 * (thread, nr, abi). exit and exit_group never return: they are counted at
 * entry and free the slot. A return without a seen entry (a forked child's
 * first return, a call entered before tracing was enabled, a thread that
 * took over the leader's pid in execve) is counted as unpaired.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/ktime.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <asm/syscall.h>
#include <asm/unistd.h>

#include "sp.h"

static struct tracepoint *tp_enter;
static struct tracepoint *tp_exit;

static void sp_tp_lookup(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "sys_enter"))
		tp_enter = tp;
	else if (!strcmp(tp->name, "sys_exit"))
		tp_exit = tp;
}

/* Finds the two tracepoints; -ENOENT without CONFIG_HAVE_SYSCALL_TRACEPOINTS. */
int sp_probe_find(void)
{
	for_each_kernel_tracepoint(sp_tp_lookup, NULL);
	if (!tp_enter || !tp_exit) {
		pr_err("raw_syscalls tracepoints not found\n");
		return -ENOENT;
	}
	return 0;
}

/* Is @tgid in the set of followed children? */
static bool sp_followed(pid_t tgid)
{
	int n = min(atomic_read(&sp_filter.follow_n), SP_FOLLOW_MAX);
	int i;

	for (i = 0; i < n; i++)
		if (atomic_read(&sp_filter.follow[i]) == tgid)
			return true;
	return false;
}

/* Follows @t's process if its parent is the filtered one or followed. */
static bool sp_follow_child(struct task_struct *t)
{
	pid_t ptgid;
	int i;

	rcu_read_lock();
	ptgid = rcu_dereference(t->real_parent)->tgid;
	rcu_read_unlock();
	if (ptgid != sp_filter.tgid && !sp_followed(ptgid))
		return false;
	i = atomic_inc_return(&sp_filter.follow_n) - 1;
	if (i < SP_FOLLOW_MAX)
		atomic_set(&sp_filter.follow[i], t->tgid);
	else
		atomic64_inc(&sp_counters.follow_full);
	return true;
}

static bool sp_match(struct task_struct *t)
{
	switch (sp_filter.mode) {
	case SP_FILTER_NONE:
		return true;
	case SP_FILTER_COMM:
		return !strncmp(t->comm, sp_filter.comm, TASK_COMM_LEN);
	case SP_FILTER_PID:
		if (t->tgid == sp_filter.tgid)
			return true;
		if (!sp_filter.children)
			return false;
		return sp_followed(t->tgid) || sp_follow_child(t);
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

/* Attaches both probes; the in-flight slots start empty. */
int sp_probe_attach(void)
{
	int ret;

	sp_flight_clear();
	ret = tracepoint_probe_register(tp_enter, (void *)sp_enter, NULL);
	if (ret)
		return ret;
	ret = tracepoint_probe_register(tp_exit, (void *)sp_exit, NULL);
	if (ret) {
		tracepoint_probe_unregister(tp_enter, (void *)sp_enter, NULL);
		tracepoint_synchronize_unregister();
	}
	return ret;
}

/* Detaches both probes and waits until no probe runs any more. */
void sp_probe_detach(void)
{
	tracepoint_probe_unregister(tp_enter, (void *)sp_enter, NULL);
	tracepoint_probe_unregister(tp_exit, (void *)sp_exit, NULL);
	tracepoint_synchronize_unregister();
}
