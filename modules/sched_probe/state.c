// SPDX-License-Identifier: GPL-2.0
/*
 * state.c - the global state of sched_probe, in one place: the max_tasks
 * parameter, enabled/paused, the epoch that invalidates slices and waits
 * begun before an enable or a reset, the filter, and the per-CPU state of
 * the probes. Changed by the commands of /proc/sched_probe/control (proc.c,
 * under its mutex), read by the probes (main.c) through the accessors
 * in schp.h; shown in /proc/sched_probe/status.
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

bool schp_on = true;
bool schp_paused;
u32 schp_epoch_nr = 1;
int schp_filter_kind = SCHP_FILTER_NONE;
pid_t schp_filter_pid;
char schp_filter_comm[TASK_COMM_LEN];

/* enable or disable; an enable makes open slices and waits invalid. */
void schp_set_enabled(bool on)
{
	if (on && !READ_ONCE(schp_on))
		WRITE_ONCE(schp_epoch_nr, schp_epoch_nr + 1);
	WRITE_ONCE(schp_on, on);
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
		c->last[0] = NULL;
		c->last[1] = NULL;
	}
	WRITE_ONCE(schp_epoch_nr, schp_epoch_nr + 1);
	/* Release: the cleared tables before the probes run again. */
	smp_store_release(&schp_paused, false);
	return 0;
}
