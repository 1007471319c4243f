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
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/param.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/string_helpers.h>
#include <linux/threads.h>
#include <linux/uaccess.h>

#include "lkm_suite.h"
#include "sp_internal.h"

#define SP_CONTROL_MAX 64

static struct proc_dir_entry *sp_dir;
static DEFINE_MUTEX(sp_ctl_lock);

/* Rows of the table, after a header line (SEQ_START_TOKEN). */
static void *sp_rows_start(struct seq_file *m, loff_t *pos)
{
	if (!*pos)
		return SEQ_START_TOKEN;
	return sp_task_at(*pos - 1);
}

static void *sp_rows_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return sp_task_at(*pos - 1);
}

static void sp_rows_stop(struct seq_file *m, void *v)
{
}

/* pid, tgid and comm (blanks and control characters shown as '_'). */
static void sp_show_id(struct seq_file *m, const struct sp_task *row)
{
	char comm[TASK_COMM_LEN];
	int i;

	memcpy(comm, row->comm, sizeof(comm));
	comm[TASK_COMM_LEN - 1] = '\0';
	for (i = 0; comm[i]; i++)
		if (!isgraph(comm[i]))
			comm[i] = '_';
	seq_printf(m, "%d %d %s", row->pid, row->tgid, comm[0] ? comm : "-");
}

static u64 sp_avg(u64 sum, u64 n)
{
	return n ? div64_u64(sum, n) : 0;
}

static u64 sp_min(u64 v)
{
	return v == U64_MAX ? 0 : v;
}

static int sp_stats_show(struct seq_file *m, void *v)
{
	const struct sp_task *row = v;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, "pid tgid comm exited switch_in voluntary ");
		seq_puts(m, "involuntary yields runtime_ns slices ");
		seq_puts(m, "slice_min_ns slice_avg_ns slice_max_ns waits ");
		seq_puts(m, "wait_min_ns wait_avg_ns wait_max_ns migrations\n");
		return 0;
	}
	sp_show_id(m, row);
	seq_printf(m, " %u %llu %llu %llu %llu %llu", row->exited,
		   row->switch_in, row->voluntary, row->involuntary,
		   row->yields, row->runtime_ns);
	seq_printf(m, " %llu %llu %llu %llu", row->slices,
		   sp_min(row->slice_min), sp_avg(row->runtime_ns, row->slices),
		   row->slice_max);
	seq_printf(m, " %llu %llu %llu %llu %llu\n", row->waits,
		   sp_min(row->wait_min), sp_avg(row->wait_sum, row->waits),
		   row->wait_max, row->migrations);
	return 0;
}

static const struct seq_operations sp_stats_seq = {
	.start = sp_rows_start,
	.next = sp_rows_next,
	.stop = sp_rows_stop,
	.show = sp_stats_show,
};

static void sp_show_hist(struct seq_file *m, const struct sp_task *row,
			 const char *kind, const u32 *slots)
{
	int i;

	sp_show_id(m, row);
	seq_printf(m, " %s", kind);
	for (i = 0; i < SCHED_PROBE_HIST_SLOTS; i++)
		seq_printf(m, " %u", slots[i]);
	seq_putc(m, '\n');
}

static int sp_hist_show(struct seq_file *m, void *v)
{
	const struct sp_task *row = v;
	int i;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, "pid tgid comm kind");
		for (i = 0; i < SCHED_PROBE_HIST_SLOTS; i++)
			seq_printf(m, " us_slot%d", i);
		seq_putc(m, '\n');
		return 0;
	}
	sp_show_hist(m, row, "slice", row->slice_hist);
	sp_show_hist(m, row, "wait", row->wait_hist);
	return 0;
}

static const struct seq_operations sp_hist_seq = {
	.start = sp_rows_start,
	.next = sp_rows_next,
	.stop = sp_rows_stop,
	.show = sp_hist_show,
};

static int sp_cpus_show(struct seq_file *m, void *v)
{
	const struct sp_cpu_stats *st;
	int cpu;

	seq_puts(m, "cpu switches idle_ns ev_generated ev_dropped nested\n");
	for_each_possible_cpu(cpu) {
		st = &per_cpu_ptr(&sp_cpus, cpu)->st;
		seq_printf(m, "%d %llu %llu %llu %llu %llu\n", cpu,
			   READ_ONCE(st->switches), READ_ONCE(st->idle_ns),
			   READ_ONCE(st->ev_generated),
			   READ_ONCE(st->ev_dropped), READ_ONCE(st->nested));
	}
	return 0;
}

static int sp_status_show(struct seq_file *m, void *v)
{
	mutex_lock(&sp_ctl_lock);
	seq_printf(m, "enabled %d\n", READ_ONCE(sp_enabled));
	switch (sp_filter_kind) {
	case SP_FILTER_PID:
		seq_printf(m, "filter pid %d\n", sp_filter_pid);
		break;
	case SP_FILTER_COMM:
		/* Escaped like Name: in /proc/<pid>/status (a newline). */
		seq_puts(m, "filter comm ");
		seq_escape_str(m, sp_filter_comm, ESCAPE_SPACE | ESCAPE_SPECIAL,
			       "\n\\");
		seq_putc(m, '\n');
		break;
	default:
		seq_puts(m, "filter none\n");
	}
	mutex_unlock(&sp_ctl_lock);
	seq_printf(m, "max_tasks %u\n", sp_max_tasks);
	seq_printf(m, "tasks %u\n", sp_table_used());
	seq_printf(m, "untracked_tasks %llu\n", sp_untracked_tasks());
	seq_printf(m, "untracked_events %llu\n", sp_untracked_events());
	seq_printf(m, "ring_records %u\n", SCHED_PROBE_RING_RECORDS);
	seq_printf(m, "record_size %zu\n", sizeof(struct sched_probe_event));
	seq_printf(m, "hz %d\n", HZ);
	return 0;
}

/* Install a filter: probes see either NONE or a complete filter. */
static void sp_set_filter(int kind, pid_t pid, const char *comm)
{
	WRITE_ONCE(sp_filter_kind, SP_FILTER_NONE);
	synchronize_rcu();
	sp_filter_pid = pid;
	strscpy_pad(sp_filter_comm, comm, sizeof(sp_filter_comm));
	/* Release: the pid and name before the kind that makes them used. */
	smp_store_release(&sp_filter_kind, kind);
}

static int sp_parse_filter(char *arg)
{
	char *what = strsep(&arg, " ");
	int pid;

	if (!strcmp(what, "none") && !arg) {
		sp_set_filter(SP_FILTER_NONE, 0, "");
		return 0;
	}
	if (!arg || !*arg || strchr(arg, ' '))
		return -EINVAL;
	if (!strcmp(what, "pid")) {
		if (kstrtoint(arg, 10, &pid) || pid < 1 || pid > PID_MAX_LIMIT)
			return -EINVAL;
		sp_set_filter(SP_FILTER_PID, pid, "");
		return 0;
	}
	if (!strcmp(what, "comm") && strlen(arg) < TASK_COMM_LEN) {
		sp_set_filter(SP_FILTER_COMM, 0, arg);
		return 0;
	}
	return -EINVAL;
}

/* One command; caller holds sp_ctl_lock. */
static int sp_command(char *cmd)
{
	if (!strcmp(cmd, "reset"))
		return sp_reset();
	if (!strcmp(cmd, "enable")) {
		if (!READ_ONCE(sp_enabled)) {
			/* Slices and waits begun before now are not valid. */
			WRITE_ONCE(sp_epoch, sp_epoch + 1);
			WRITE_ONCE(sp_enabled, true);
		}
		return 0;
	}
	if (!strcmp(cmd, "disable")) {
		WRITE_ONCE(sp_enabled, false);
		return 0;
	}
	if (!strncmp(cmd, "filter ", 7))
		return sp_parse_filter(cmd + 7);
	return -EINVAL;
}

static ssize_t sp_control_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	char buf[SP_CONTROL_MAX];
	size_t len = count;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (!count || count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	if (buf[count - 1] == '\n')
		buf[--count] = '\0';
	/* One line of text: no NUL, newline, tab or CR inside. */
	if (strlen(buf) != count || strcspn(buf, "\n\t\r") != count)
		return -EINVAL;
	mutex_lock(&sp_ctl_lock);
	ret = sp_command(buf);
	mutex_unlock(&sp_ctl_lock);
	return ret < 0 ? ret : len;
}

static const struct proc_ops sp_control_ops = {
	.proc_write = sp_control_write,
};

int sp_proc_init(void)
{
	sp_dir = proc_mkdir(SCHED_PROBE_PROC_DIR, NULL);
	if (!sp_dir)
		return -ENOMEM;
	if (!proc_create_seq(SCHED_PROBE_STATS, 0400, sp_dir, &sp_stats_seq) ||
	    !proc_create_seq(SCHED_PROBE_HIST, 0400, sp_dir, &sp_hist_seq) ||
	    !proc_create_single(SCHED_PROBE_CPUS, 0400, sp_dir, sp_cpus_show) ||
	    !proc_create_single(SCHED_PROBE_STATUS, 0400, sp_dir,
				sp_status_show) ||
	    !proc_create(SCHED_PROBE_EVENTS, 0400, sp_dir, &sp_events_ops) ||
	    !proc_create(SCHED_PROBE_CONTROL, 0200, sp_dir, &sp_control_ops)) {
		proc_remove(sp_dir);
		return -ENOMEM;
	}
	return 0;
}

void sp_proc_exit(void)
{
	proc_remove(sp_dir);
}
