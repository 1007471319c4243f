// SPDX-License-Identifier: GPL-2.0
/*
 * proc.c - the files of /proc/sched_probe/: stats (one row per task), hist
 * (log2 histograms of timeslices and run-queue waits per task), cpus (per-CPU
 * switches, idle time and stream counters), status (global state), events
 * (the binary event stream, ring.c) and control (root only: reset, enable,
 * disable, filter). Every file is readable by root only: the data tells
 * about every task of the system.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/param.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/threads.h>
#include <linux/uaccess.h>

#include "../common/comm.h"
#include "../common/control.h"
#include "lkm_compat.h"
#include "lkm_suite.h"
#include "schp.h"

#define SCHP_CONTROL_MAX LKM_CONTROL_MAX

static struct proc_dir_entry *schp_dir;
static DEFINE_MUTEX(schp_ctl_lock);

/* Rows of the table, after a header line (SEQ_START_TOKEN). */
static void *schp_rows_start(struct seq_file *m, loff_t *pos)
{
	if (!*pos)
		return SEQ_START_TOKEN;
	return schp_task_at(*pos - 1);
}

static void *schp_rows_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return schp_task_at(*pos - 1);
}

static void schp_rows_stop(struct seq_file *m, void *v)
{
}

/* pid, tgid and comm (one word: lkm_comm_word(); "-" if empty). */
static void schp_show_id(struct seq_file *m, const struct schp_task *row)
{
	char comm[TASK_COMM_LEN];

	seq_printf(m, "%d %d %s", row->pid, row->tgid,
		   lkm_comm_word(comm, row->comm, "-"));
}

static u64 schp_avg(u64 sum, u64 n)
{
	return n ? div64_u64(sum, n) : 0;
}

static u64 schp_min(u64 v)
{
	return v == U64_MAX ? 0 : v;
}

static int schp_stats_show(struct seq_file *m, void *v)
{
	const struct schp_task *row = v;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, "pid tgid comm exited switch_in voluntary ");
		seq_puts(m, "involuntary yields runtime_ns slices ");
		seq_puts(m, "slice_min_ns slice_avg_ns slice_max_ns waits ");
		seq_puts(m, "wait_min_ns wait_avg_ns wait_max_ns migrations\n");
		return 0;
	}
	schp_show_id(m, row);
	seq_printf(m, " %u %llu %llu %llu %llu %llu", row->exited,
		   row->switch_in, row->voluntary, row->involuntary,
		   row->yields, row->runtime_ns);
	seq_printf(m, " %llu %llu %llu %llu", row->slices,
		   schp_min(row->slice_min),
		   schp_avg(row->runtime_ns, row->slices), row->slice_max);
	seq_printf(m, " %llu %llu %llu %llu %llu\n", row->waits,
		   schp_min(row->wait_min), schp_avg(row->wait_sum, row->waits),
		   row->wait_max, row->migrations);
	return 0;
}

static const struct seq_operations schp_stats_seq = {
	.start = schp_rows_start,
	.next = schp_rows_next,
	.stop = schp_rows_stop,
	.show = schp_stats_show,
};

static void schp_show_hist(struct seq_file *m, const struct schp_task *row,
			   const char *kind, const u32 *slots)
{
	int i;

	schp_show_id(m, row);
	seq_printf(m, " %s", kind);
	for (i = 0; i < SCHED_PROBE_HIST_SLOTS; i++)
		seq_printf(m, " %u", slots[i]);
	seq_putc(m, '\n');
}

static int schp_hist_show(struct seq_file *m, void *v)
{
	const struct schp_task *row = v;
	int i;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, "pid tgid comm kind");
		for (i = 0; i < SCHED_PROBE_HIST_SLOTS; i++)
			seq_printf(m, " us_slot%d", i);
		seq_putc(m, '\n');
		return 0;
	}
	schp_show_hist(m, row, "slice", row->slice_hist);
	schp_show_hist(m, row, "wait", row->wait_hist);
	return 0;
}

static const struct seq_operations schp_hist_seq = {
	.start = schp_rows_start,
	.next = schp_rows_next,
	.stop = schp_rows_stop,
	.show = schp_hist_show,
};

static int schp_cpus_show(struct seq_file *m, void *v)
{
	const struct schp_cpu_stats *st;
	u64 generated, dropped;
	int cpu;

	seq_puts(m, "cpu switches idle_ns ev_generated ev_dropped nested\n");
	for_each_possible_cpu(cpu) {
		st = &per_cpu_ptr(&schp_cpus, cpu)->st;
		schp_ring_cpu_counts(cpu, &generated, &dropped);
		seq_printf(m, "%d %llu %llu %llu %llu %llu\n", cpu,
			   READ_ONCE(st->switches), READ_ONCE(st->idle_ns),
			   generated, dropped, READ_ONCE(st->nested));
	}
	return 0;
}

static int schp_status_show(struct seq_file *m, void *v)
{
	char comm[TASK_COMM_LEN];
	pid_t pid;

	mutex_lock(&schp_ctl_lock);
	seq_printf(m, "enabled %d\n", schp_enabled());
	switch (schp_filter_get(&pid, comm)) {
	case SCHP_FILTER_PID:
		seq_printf(m, "filter pid %d\n", pid);
		break;
	case SCHP_FILTER_COMM:
		/* Escaped like Name: in /proc/<pid>/status (a newline). */
		seq_puts(m, "filter comm ");
		lkm_seq_comm(m, comm);
		seq_putc(m, '\n');
		break;
	default:
		seq_puts(m, "filter none\n");
	}
	mutex_unlock(&schp_ctl_lock);
	seq_printf(m, "max_tasks %u\n", schp_max_tasks);
	seq_printf(m, "tasks %u\n", schp_table_used());
	seq_printf(m, "untracked_tasks %llu\n", schp_untracked_tasks());
	seq_printf(m, "untracked_events %llu\n", schp_untracked_events());
	seq_printf(m, "ring_records %u\n", SCHED_PROBE_RING_RECORDS);
	seq_printf(m, "record_size %zu\n", sizeof(struct sched_probe_event));
	seq_printf(m, "hz %d\n", HZ);
	seq_printf(m, "preempt %s\n", lkm_preempt_model());
	seq_printf(m, "preempt_dynamic %d\n",
		   IS_ENABLED(CONFIG_PREEMPT_DYNAMIC));
	seq_printf(m, "runq_waits %d\n", LKM_RUNQ_WAITS);
	return 0;
}

static int schp_parse_filter(char *arg)
{
	char *what = strsep(&arg, " ");
	int pid;

	if (!strcmp(what, "none") && !arg) {
		schp_filter_set(SCHP_FILTER_NONE, 0, "");
		return 0;
	}
	if (!arg || !*arg || strchr(arg, ' '))
		return -EINVAL;
	if (!strcmp(what, "pid")) {
		if (kstrtoint(arg, 10, &pid) || pid < 1 || pid > PID_MAX_LIMIT)
			return -EINVAL;
		schp_filter_set(SCHP_FILTER_PID, pid, "");
		return 0;
	}
	if (!strcmp(what, "comm") && strlen(arg) < TASK_COMM_LEN) {
		schp_filter_set(SCHP_FILTER_COMM, 0, arg);
		return 0;
	}
	return -EINVAL;
}

/* One command; caller holds schp_ctl_lock. */
static int schp_command(char *cmd)
{
	if (!strcmp(cmd, "reset"))
		return schp_reset();
	if (!strcmp(cmd, "enable")) {
		/* Slices and waits begun before now are not valid. */
		schp_set_enabled(true);
		return 0;
	}
	if (!strcmp(cmd, "disable")) {
		schp_set_enabled(false);
		return 0;
	}
	if (!strncmp(cmd, "filter ", 7))
		return schp_parse_filter(cmd + 7);
	return -EINVAL;
}

static ssize_t schp_control_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	char buf[SCHP_CONTROL_MAX];
	size_t len = count;
	int ret;

	ret = lkm_control_copy(buf, ubuf, count);
	if (ret < 0)
		return ret;
	if (buf[count - 1] == '\n')
		buf[--count] = '\0';
	/* One line of text: no newline, tab or CR inside. */
	if (strcspn(buf, "\n\t\r") != count)
		return -EINVAL;
	mutex_lock(&schp_ctl_lock);
	ret = schp_command(buf);
	mutex_unlock(&schp_ctl_lock);
	return ret < 0 ? ret : len;
}

static const struct proc_ops schp_control_ops = {
	.proc_write = schp_control_write,
};

int schp_proc_init(void)
{
	schp_dir = proc_mkdir(SCHED_PROBE_PROC_DIR, NULL);
	if (!schp_dir)
		return -ENOMEM;
	if (!proc_create_seq(SCHED_PROBE_STATS, 0400, schp_dir,
			     &schp_stats_seq) ||
	    !proc_create_seq(SCHED_PROBE_HIST, 0400, schp_dir,
			     &schp_hist_seq) ||
	    !proc_create_single(SCHED_PROBE_CPUS, 0400, schp_dir,
				schp_cpus_show) ||
	    !proc_create_single(SCHED_PROBE_STATUS, 0400, schp_dir,
				schp_status_show) ||
	    !proc_create(SCHED_PROBE_EVENTS, 0400, schp_dir,
			 &schp_events_ops) ||
	    !proc_create(SCHED_PROBE_CONTROL, 0200, schp_dir,
			 &schp_control_ops)) {
		proc_remove(schp_dir);
		return -ENOMEM;
	}
	return 0;
}

void schp_proc_exit(void)
{
	proc_remove(schp_dir);
}
