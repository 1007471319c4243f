// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - sched_probe: trace context switches and explain how the CPU is
 * shared: voluntary and involuntary switches, timeslices, run-queue waits,
 * migrations, per-CPU idle time, and an event stream for timelines.
 *
 * Output: /proc/sched_probe/ (stats, hist, cpus, status, events), driven by
 * /proc/sched_probe/control. This file loads and unloads the module, keeps
 * the global state (enabled, filter, reset) and holds the tracepoint probes:
 * sched_switch, sched_wakeup, sched_wakeup_new and sched_migrate_task, found
 * with for_each_kernel_tracepoint(). The probes run with IRQs off (under the
 * runqueue lock or pi_lock): they never sleep, print, allocate or wake
 * anyone, and a per-CPU guard stops re-entry.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compat.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <asm/syscall.h>
#include <asm/unistd.h>
#ifdef CONFIG_IA32_EMULATION
#include <asm/unistd_32_ia32.h>
#endif

#include "lkm_suite.h"
#include "sp_internal.h"

unsigned int sp_max_tasks = 4096;
module_param_named(max_tasks, sp_max_tasks, uint, 0444);
MODULE_PARM_DESC(max_tasks,
		 "Size of the per-task table (64-1048576; default 4096)");

DEFINE_PER_CPU(struct sp_cpu, sp_cpus);

bool sp_enabled = true;
bool sp_paused;
u32 sp_epoch = 1;
int sp_filter_kind = SP_FILTER_NONE;
pid_t sp_filter_pid;
char sp_filter_comm[TASK_COMM_LEN];

/* The filter is changed only with sp_filter_kind at NONE (proc.c). */
bool sp_filter_match(const struct task_struct *t)
{
	/* Acquire: pairs with the release in sp_set_filter(). */
	switch (smp_load_acquire(&sp_filter_kind)) {
	case SP_FILTER_PID:
		return t->pid == sp_filter_pid || t->tgid == sp_filter_pid;
	case SP_FILTER_COMM:
		return !strncmp(t->comm, sp_filter_comm, TASK_COMM_LEN);
	default:
		return true;
	}
}

/*
 * Clear every table and counter: pause the probes, wait until none runs
 * (they run with preemption off), clear, resume. Caller holds the control
 * mutex.
 */
int sp_reset(void)
{
	struct sp_cpu *c;
	int cpu;

	WRITE_ONCE(sp_paused, true);
	synchronize_rcu();
	sp_table_clear();
	sp_rings_clear();
	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(&sp_cpus, cpu);
		memset(&c->st, 0, sizeof(c->st));
		c->idle_start = 0;
	}
	WRITE_ONCE(sp_epoch, sp_epoch + 1);
	/* Release: the cleared tables before the probes run again. */
	smp_store_release(&sp_paused, false);
	return 0;
}

/* Enter a probe on this CPU: false if busy (nested), disabled or paused. */
static bool sp_enter(struct sp_cpu *c)
{
	if (c->in_probe) {
		c->st.nested++;
		return false;
	}
	WRITE_ONCE(c->in_probe, 1);
	barrier();
	/* Acquire: pairs with the release that ends a reset. */
	if (READ_ONCE(sp_enabled) && !smp_load_acquire(&sp_paused))
		return true;
	barrier();
	WRITE_ONCE(c->in_probe, 0);
	return false;
}

static void sp_leave(struct sp_cpu *c)
{
	barrier();
	WRITE_ONCE(c->in_probe, 0);
}

/*
 * @prev (current) switches out from inside sched_yield(): the system call
 * it is in, by its number in orig_ax, for each ABI: ia32 (int $0x80,
 * sysenter or a 32-bit syscall: TS_COMPAT is set), x32 (the number carries
 * __X32_SYSCALL_BIT) and 64-bit.
 */
static bool sp_in_yield(struct task_struct *prev)
{
	int nr;

	if (prev->flags & PF_KTHREAD)
		return false;
	nr = syscall_get_nr(prev, task_pt_regs(prev));
#ifdef CONFIG_IA32_EMULATION
	if (in_ia32_syscall())
		return nr == __NR_ia32_sched_yield;
#endif
#ifdef CONFIG_X86_X32_ABI
	nr &= ~__X32_SYSCALL_BIT;
#endif
	return nr == __NR_sched_yield;
}

static u32 sp_end_reason(bool invol, bool yield, bool dead)
{
	if (dead)
		return SCHED_PROBE_END_EXITED;
	if (!invol)
		return SCHED_PROBE_END_SLEPT;
	return yield ? SCHED_PROBE_END_YIELDED : SCHED_PROBE_END_PREEMPTED;
}

static void sp_record(struct sp_cpu *c, u64 now, bool preempt, bool invol,
		      bool yield, struct task_struct *prev,
		      struct task_struct *next, unsigned int prev_state)
{
	struct sched_probe_event ev = {
		.ts_ns = now,
		.cpu = smp_processor_id(),
		.prev_pid = prev->pid,
		.prev_tgid = prev->tgid,
		.next_pid = next->pid,
		.next_tgid = next->tgid,
		.prev_state = prev_state,
	};

	if (!sp_filter_match(prev) && !sp_filter_match(next))
		return;
	if (preempt)
		ev.flags |= SCHED_PROBE_EV_PREEMPT;
	if (invol)
		ev.flags |= SCHED_PROBE_EV_INVOLUNTARY;
	if (!is_idle_task(prev))
		ev.reason = sp_end_reason(invol, yield, prev_state & TASK_DEAD);
	sp_ring_put(c, &ev);
}

static void sp_switch(struct sp_cpu *c, bool preempt, struct task_struct *prev,
		      struct task_struct *next, unsigned int prev_state)
{
	/* How the kernel tells nivcsw from nvcsw in __schedule(). */
	bool invol = preempt || prev_state == TASK_RUNNING;
	bool yield = invol && !preempt && sp_in_yield(prev);
	u32 epoch = READ_ONCE(sp_epoch);
	u64 now = local_clock();
	struct sp_task *row;

	c->st.switches++;
	if (is_idle_task(prev)) {
		if (c->idle_start && c->idle_epoch == epoch)
			c->st.idle_ns += now - c->idle_start;
		c->idle_start = 0;
	} else {
		row = sp_task_get(prev, false);
		if (row)
			sp_task_out(row, prev, invol, yield,
				    prev_state & TASK_DEAD, now);
	}
	if (is_idle_task(next)) {
		c->idle_start = now;
		c->idle_epoch = epoch;
	} else {
		row = sp_task_get(next, false);
		if (row)
			sp_task_in(row, now);
	}
	sp_record(c, now, preempt, invol, yield, prev, next, prev_state);
}

static void sp_on_switch(void *data, bool preempt, struct task_struct *prev,
			 struct task_struct *next, unsigned int prev_state)
{
	struct sp_cpu *c = this_cpu_ptr(&sp_cpus);

	if (!sp_enter(c))
		return;
	sp_switch(c, preempt, prev, next, prev_state);
	sp_leave(c);
}

static void sp_wake(struct task_struct *p, bool is_new)
{
	struct sp_cpu *c = this_cpu_ptr(&sp_cpus);
	struct sp_task *row;

	if (!sp_enter(c))
		return;
	row = sp_task_get(p, is_new);
	/*
	 * The clock of the waking CPU: local_clock() is exported on every
	 * architecture (sched_clock_cpu() is not on arm64); a wait that
	 * ends on another CPU is clamped at zero (sp_task_in()).
	 */
	if (row)
		sp_task_woken(row, local_clock());
	sp_leave(c);
}

static void sp_on_wakeup(void *data, struct task_struct *p)
{
	sp_wake(p, false);
}

static void sp_on_wakeup_new(void *data, struct task_struct *p)
{
	sp_wake(p, true);
}

static void sp_on_migrate(void *data, struct task_struct *p, int dest_cpu)
{
	struct sp_cpu *c = this_cpu_ptr(&sp_cpus);
	struct sp_task *row;

	if (!sp_enter(c))
		return;
	row = sp_task_get(p, false);
	if (row)
		row->migrations++;
	sp_leave(c);
}

struct sp_tracepoint {
	const char *name;
	void *probe;
	struct tracepoint *tp;
	bool registered;
};

static struct sp_tracepoint sp_tps[] = {
	{ .name = "sched_switch", .probe = sp_on_switch },
	{ .name = "sched_wakeup", .probe = sp_on_wakeup },
	{ .name = "sched_wakeup_new", .probe = sp_on_wakeup_new },
	{ .name = "sched_migrate_task", .probe = sp_on_migrate },
};

static void sp_find_tp(struct tracepoint *tp, void *priv)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(sp_tps); i++)
		if (!strcmp(tp->name, sp_tps[i].name))
			sp_tps[i].tp = tp;
}

static void sp_detach(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(sp_tps); i++) {
		if (!sp_tps[i].registered)
			continue;
		tracepoint_probe_unregister(sp_tps[i].tp, sp_tps[i].probe,
					    NULL);
		sp_tps[i].registered = false;
	}
	/* No probe runs any more: the tables can go. */
	tracepoint_synchronize_unregister();
}

static int sp_attach(void)
{
	int i, ret;

	for_each_kernel_tracepoint(sp_find_tp, NULL);
	for (i = 0; i < ARRAY_SIZE(sp_tps); i++) {
		if (!sp_tps[i].tp) {
			pr_err("tracepoint %s not found\n", sp_tps[i].name);
			ret = -ENOENT;
			goto fail;
		}
		ret = tracepoint_probe_register(sp_tps[i].tp, sp_tps[i].probe,
						NULL);
		if (ret < 0) {
			pr_err("cannot attach to %s: %d\n", sp_tps[i].name,
			       ret);
			goto fail;
		}
		sp_tps[i].registered = true;
	}
	return 0;
fail:
	sp_detach();
	return ret;
}

static int __init sched_probe_init(void)
{
	int ret;

	if (sp_max_tasks < 64 || sp_max_tasks > 1048576) {
		pr_err("max_tasks=%u is out of range (64-1048576)\n",
		       sp_max_tasks);
		return -EINVAL;
	}
	ret = sp_table_init(sp_max_tasks);
	if (ret < 0)
		return ret;
	ret = sp_rings_init();
	if (ret < 0)
		goto free_table;
	ret = sp_proc_init();
	if (ret < 0)
		goto free_rings;
	ret = sp_attach();
	if (ret < 0)
		goto remove_proc;
	return 0;

remove_proc:
	sp_events_stop();
	sp_proc_exit();
	sp_events_exit();
free_rings:
	sp_rings_free();
free_table:
	sp_table_free();
	return ret;
}

static void __exit sched_probe_exit(void)
{
	sp_events_stop();
	sp_proc_exit();
	sp_events_exit();
	sp_detach();
	sp_rings_free();
	sp_table_free();
}

module_init(sched_probe_init);
module_exit(sched_probe_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("lkm-suite developers");
MODULE_DESCRIPTION("Context switches: timeslices, preemption, run-queue waits");
MODULE_VERSION(LKM_SUITE_VERSION);
