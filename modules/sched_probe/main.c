// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - sched_probe: trace context switches and explain how the CPU is
 * shared: voluntary and involuntary switches, timeslices, run-queue waits,
 * migrations, per-CPU idle time, and an event stream for timelines.
 *
 * Output: /proc/sched_probe/ (stats, hist, cpus, status, events), driven by
 * /proc/sched_probe/control. This file loads and unloads the module and
 * holds the tracepoint probes: sched_switch, sched_wakeup_new and
 * sched_migrate_task, found by name (lkm_tracepoint.h); the global
 * state they read is in state.c. The probes run with IRQs off (under the
 * runqueue lock or pi_lock, which their call sites hold also on 7.x, where
 * the tracepoint core no longer disables preemption): they never sleep,
 * print, allocate or wake anyone (the event ring defers wakeups to an
 * irq_work), they filter before touching the table, and a per-CPU guard
 * stops re-entry.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/string.h>
#include <asm/syscall.h>

#if defined(CONFIG_X86_64)
#include "arch_x86.h"
#elif defined(CONFIG_ARM64)
#include "arch_arm64.h"
#else
#error "sched_probe knows x86-64 and arm64 only"
#endif

#include "lkm_suite.h"
#include "lkm_tracepoint.h"
#include "schp.h"
#include "table.h"

/* Enter a probe on this CPU: false if busy (nested), disabled or paused. */
static bool schp_enter(struct schp_cpu *c)
{
	if (c->in_probe) {
		c->st.nested++;
		return false;
	}
	WRITE_ONCE(c->in_probe, 1);
	barrier();
	if (schp_active())
		return true;
	barrier();
	WRITE_ONCE(c->in_probe, 0);
	return false;
}

static void schp_leave(struct schp_cpu *c)
{
	barrier();
	WRITE_ONCE(c->in_probe, 0);
}

/*
 * @prev (current) switches out from inside sched_yield(): the system call
 * it is in, by its number (orig_ax on x86-64, syscallno on arm64), for
 * each entry gate of the architecture (arch_*.h).
 */
static bool schp_in_yield(struct task_struct *prev)
{
	if (prev->flags & PF_KTHREAD)
		return false;
	return schp_arch_is_yield(syscall_get_nr(prev, task_pt_regs(prev)));
}

static u32 schp_end_reason(bool invol, bool yield, bool dead)
{
	if (dead)
		return SCHED_PROBE_END_EXITED;
	if (!invol)
		return SCHED_PROBE_END_SLEPT;
	return yield ? SCHED_PROBE_END_YIELDED : SCHED_PROBE_END_PREEMPTED;
}

static void schp_record(u64 now, bool preempt, bool invol, bool yield,
			struct task_struct *prev, struct task_struct *next,
			unsigned int prev_state)
{
	struct sched_probe_event *ev;

	if (!schp_filter_match(prev) && !schp_filter_match(next))
		return;
	ev = schp_ring_reserve();
	if (!ev)
		return;
	ev->ts_ns = now;
	ev->cpu = smp_processor_id();
	ev->prev_pid = prev->pid;
	ev->prev_tgid = prev->tgid;
	ev->next_pid = next->pid;
	ev->next_tgid = next->tgid;
	ev->prev_state = prev_state;
	ev->flags = 0;
	if (preempt)
		ev->flags |= SCHED_PROBE_EV_PREEMPT;
	if (invol)
		ev->flags |= SCHED_PROBE_EV_INVOLUNTARY;
	ev->reason = 0;
	if (!is_idle_task(prev))
		ev->reason =
			schp_end_reason(invol, yield, prev_state & TASK_DEAD);
	schp_ring_commit();
}

/*
 * The row of @t, or NULL if @t is filtered out or has none (table full):
 * first the rows of the last switch on this CPU (most switches involve one
 * of its two tasks again), then the hash index. Under TCG the index's
 * page, first touched after the switch of address space, costs more than
 * the compares. A row keeps its task until a reset, which empties
 * c->last.
 */
static __always_inline struct schp_task *
schp_row(struct schp_cpu *c, struct task_struct *t, bool is_new)
{
	struct schp_task *row;

	if (!schp_filter_match(t))
		return NULL;
	row = c->last[0];
	if (row && schp_row_is(row, t))
		return row;
	row = c->last[1];
	if (row && schp_row_is(row, t))
		return row;
	return schp_task_get(t, is_new);
}

static void schp_switch(struct schp_cpu *c, bool preempt,
			struct task_struct *prev, struct task_struct *next,
			unsigned int prev_state)
{
	/* How the kernel tells nivcsw from nvcsw in __schedule(). */
	bool invol = preempt || prev_state == TASK_RUNNING;
	bool yield = invol && !preempt && schp_in_yield(prev);
	u32 epoch = schp_epoch();
	u64 now = local_clock();
	struct schp_task *out = NULL, *in = NULL;

	c->st.switches++;
	if (is_idle_task(prev)) {
		if (c->idle_start && c->idle_epoch == epoch)
			c->st.idle_ns += now - c->idle_start;
		c->idle_start = 0;
	} else {
		out = schp_row(c, prev, false);
		if (out)
			schp_task_out(out, prev, invol, yield,
				      prev_state & TASK_DEAD, now, epoch);
	}
	if (is_idle_task(next)) {
		c->idle_start = now;
		c->idle_epoch = epoch;
	} else {
		in = schp_row(c, next, false);
		if (in)
			schp_task_in(in, now, epoch);
	}
	c->last[0] = out;
	c->last[1] = in;
	schp_record(now, preempt, invol, yield, prev, next, prev_state);
}

static void schp_on_switch(void *data, bool preempt, struct task_struct *prev,
			   struct task_struct *next, unsigned int prev_state)
{
	struct schp_cpu *c = this_cpu_ptr(&schp_cpus);

	if (!schp_enter(c))
		return;
	schp_switch(c, preempt, prev, next, prev_state);
	schp_leave(c);
}

/*
 * A new task is queued for the first time: its row (counted untracked if
 * the table is full), and the start of its first run-queue wait. The
 * scheduler's own ends of waits are read when a task leaves a CPU
 * (table.h), so no probe runs at the other wakeups.
 */
static void schp_on_wakeup_new(void *data, struct task_struct *p)
{
	struct schp_cpu *c = this_cpu_ptr(&schp_cpus);
	struct schp_task *row;

	if (!schp_enter(c))
		return;
	row = schp_row(c, p, true);
	if (row)
		schp_task_forked(row, p, schp_epoch());
	schp_leave(c);
}

static void schp_on_migrate(void *data, struct task_struct *p, int dest_cpu)
{
	struct schp_cpu *c = this_cpu_ptr(&schp_cpus);
	struct schp_task *row;

	if (!schp_enter(c))
		return;
	row = schp_row(c, p, false);
	if (row)
		row->migrations++;
	schp_leave(c);
}

static struct lkm_tracepoint schp_tps[] = {
	{ .name = "sched_switch", .probe = schp_on_switch },
	{ .name = "sched_wakeup_new", .probe = schp_on_wakeup_new },
	{ .name = "sched_migrate_task", .probe = schp_on_migrate },
};

/* Detach the probes; none runs any more after it: the tables can go. */
static void schp_detach(void)
{
	lkm_tracepoints_detach(schp_tps, ARRAY_SIZE(schp_tps));
}

static int schp_attach(void)
{
	int ret;

	ret = lkm_tracepoints_find(schp_tps, ARRAY_SIZE(schp_tps));
	if (ret < 0)
		return ret;
	return lkm_tracepoints_attach(schp_tps, ARRAY_SIZE(schp_tps));
}

static int __init sched_probe_init(void)
{
	int ret;

	if (schp_max_tasks < 64 || schp_max_tasks > 1048576) {
		pr_err("max_tasks=%u is out of range (64-1048576)\n",
		       schp_max_tasks);
		return -EINVAL;
	}
	ret = schp_table_init(schp_max_tasks);
	if (ret < 0)
		return ret;
	ret = schp_rings_init();
	if (ret < 0)
		goto free_table;
	ret = schp_proc_init();
	if (ret < 0)
		goto free_rings;
	ret = schp_attach();
	if (ret < 0)
		goto remove_proc;
	return 0;

remove_proc:
	schp_events_stop();
	schp_proc_exit();
free_rings:
	schp_rings_free();
free_table:
	schp_table_free();
	return ret;
}

static void __exit sched_probe_exit(void)
{
	schp_events_stop();
	schp_proc_exit();
	schp_detach();
	schp_rings_free();
	schp_table_free();
}

module_init(sched_probe_init);
module_exit(sched_probe_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("lkm-suite developers");
MODULE_DESCRIPTION("Context switches: timeslices, preemption, run-queue waits");
MODULE_VERSION(LKM_SUITE_VERSION);
