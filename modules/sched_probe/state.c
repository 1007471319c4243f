// SPDX-License-Identifier: GPL-2.0
/*
 * state.c - the global state of sched_probe, in one place: the max_tasks
 * parameter, enabled/paused, the epoch that invalidates slices and waits
 * begun before an enable or a reset, the filter, and the per-CPU state of
 * the probes. Changed by the commands of /proc/sched_probe/control (proc.c,
 * under its mutex), read by the probes (main.c) through the accessors
 * below; shown in /proc/sched_probe/status.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "schp.h"

unsigned int schp_max_tasks = 4096;
module_param_named(max_tasks, schp_max_tasks, uint, 0444);
MODULE_PARM_DESC(max_tasks,
		 "Size of the per-task table (64-1048576; default 4096)");

DEFINE_PER_CPU(struct schp_cpu, schp_cpus);

static bool schp_on = true;
static bool schp_paused; /* set while reset clears the tables */
static u32 schp_epoch_nr = 1; /* bumped by enable and reset */
static int schp_filter_kind = SCHP_FILTER_NONE;
static pid_t schp_filter_pid;
static char schp_filter_comm[TASK_COMM_LEN];

/* Should the probes count? Not while disabled, nor during a reset. */
bool schp_active(void)
{
	/* Acquire: pairs with the release that ends a reset. */
	return READ_ONCE(schp_on) && !smp_load_acquire(&schp_paused);
}

bool schp_enabled(void)
{
	return READ_ONCE(schp_on);
}

u32 schp_epoch(void)
{
	return READ_ONCE(schp_epoch_nr);
}

/* enable or disable; an enable makes open slices and waits invalid. */
void schp_set_enabled(bool on)
{
	if (on && !READ_ONCE(schp_on))
		WRITE_ONCE(schp_epoch_nr, schp_epoch_nr + 1);
	WRITE_ONCE(schp_on, on);
}

/* The filter is changed only with schp_filter_kind at NONE. */
bool schp_filter_match(const struct task_struct *t)
{
	/* Acquire: pairs with the release in schp_filter_set(). */
	switch (smp_load_acquire(&schp_filter_kind)) {
	case SCHP_FILTER_PID:
		return t->pid == schp_filter_pid || t->tgid == schp_filter_pid;
	case SCHP_FILTER_COMM:
		return !strncmp(t->comm, schp_filter_comm, TASK_COMM_LEN);
	default:
		return true;
	}
}

/* Install a filter: the probes see either NONE or a complete filter. */
void schp_filter_set(int kind, pid_t pid, const char *comm)
{
	WRITE_ONCE(schp_filter_kind, SCHP_FILTER_NONE);
	synchronize_rcu();
	schp_filter_pid = pid;
	strscpy_pad(schp_filter_comm, comm, sizeof(schp_filter_comm));
	/* Release: the pid and name before the kind that makes them used. */
	smp_store_release(&schp_filter_kind, kind);
}

/* The filter as set (control mutex held): its kind, pid and name. */
int schp_filter_get(pid_t *pid, char *comm)
{
	*pid = schp_filter_pid;
	memcpy(comm, schp_filter_comm, TASK_COMM_LEN);
	return schp_filter_kind;
}

/*
 * Clear every table and counter: pause the probes, wait until none runs
 * (they run with IRQs off), clear, resume. Caller holds the control mutex.
 */
int schp_reset(void)
{
	struct schp_cpu *c;
	int cpu;

	WRITE_ONCE(schp_paused, true);
	synchronize_rcu();
	schp_table_clear();
	schp_rings_clear();
	for_each_possible_cpu(cpu) {
		c = per_cpu_ptr(&schp_cpus, cpu);
		memset(&c->st, 0, sizeof(c->st));
		c->idle_start = 0;
	}
	WRITE_ONCE(schp_epoch_nr, schp_epoch_nr + 1);
	/* Release: the cleared tables before the probes run again. */
	smp_store_release(&schp_paused, false);
	return 0;
}
