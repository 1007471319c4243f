// SPDX-License-Identifier: GPL-2.0
/*
 * proc.c - the files of /proc/syscall_probe/:
 *   stats    (0444) a header line, then one row per (thread, nr, abi);
 *                   without CAP_SYS_ADMIN only the reader's own uid's rows
 *   control  (0200) commands, see main.c
 *   status   (0444) state, filter and the counters of what was not tracked
 *   stream   (0400) the live event stream, see ring.c
 *   syscalls (0444) "abi nr name" of every system call the kernel knows
 *   ring     (0444) cs and the CPL read in the kernel, see cpl.c
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "../common/comm.h"
#include "../common/control.h"
#include "lkm_suite.h"
#include "scp.h"

#define SCP_CMD_MAX LKM_CONTROL_MAX

static struct proc_dir_entry *proc_dir;

/* The first row at index >= *pos - 1 (pos 0 is the header line). */
static void *scp_stats_find(loff_t *pos)
{
	loff_t idx;

	for (idx = *pos - 1; idx < scp_max_entries; idx++) {
		struct scp_row *row = scp_row_at(idx);

		if (row) {
			*pos = idx + 1;
			return row;
		}
		if (!(idx & 4095))
			cond_resched();
	}
	*pos = idx + 1;
	return NULL;
}

static void *scp_stats_start(struct seq_file *m, loff_t *pos)
{
	if (!*pos)
		return SEQ_START_TOKEN;
	return scp_stats_find(pos);
}

static void *scp_stats_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return scp_stats_find(pos);
}

static void scp_stats_stop(struct seq_file *m, void *v)
{
}

static void scp_show_errnos(struct seq_file *m, const struct scp_row *row)
{
	const char *sep = "";
	unsigned int i;

	for (i = 0; i < SYSCALL_PROBE_ERRNO_SLOTS && row->err_no[i]; i++) {
		seq_printf(m, "%s%u:%u", sep, row->err_no[i], row->err_cnt[i]);
		sep = ",";
	}
	if (row->err_other)
		seq_printf(m, "%sother:%llu", sep, row->err_other);
	else if (!i)
		seq_putc(m, '-');
}

static void scp_show_hist(struct seq_file *m, const struct scp_row *row)
{
	const char *sep = "";
	unsigned int i;

	for (i = 0; i < SYSCALL_PROBE_HIST_SLOTS; i++) {
		if (!row->hist[i])
			continue;
		seq_printf(m, "%s%u:%u", sep, i, row->hist[i]);
		sep = ",";
	}
	if (!*sep)
		seq_putc(m, '-');
}

static int scp_stats_show(struct seq_file *m, void *v)
{
	const struct scp_row *row = v;
	char comm[TASK_COMM_LEN];
	u64 count;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, "pid tgid comm nr name abi count errors total_ns ");
		seq_puts(m, "min_ns max_ns errnos hist\n");
		return 0;
	}
	if (!m->private && !uid_eq(row->uid, m->file->f_cred->uid))
		return SEQ_SKIP;
	count = READ_ONCE(row->count);
	seq_printf(m, "%d %d %s %d %s %s %llu %llu %llu %llu %llu ", row->pid,
		   row->tgid, lkm_comm_word(comm, row->comm, "_"), row->nr,
		   scp_syscall_name(row->nr, row->abi), scp_abi_name(row->abi),
		   count, READ_ONCE(row->errors), READ_ONCE(row->total_ns),
		   READ_ONCE(row->min_ns), READ_ONCE(row->max_ns));
	scp_show_errnos(m, row);
	seq_putc(m, ' ');
	scp_show_hist(m, row);
	seq_putc(m, '\n');
	return 0;
}

static const struct seq_operations scp_stats_seq_ops = {
	.start = scp_stats_start,
	.next = scp_stats_next,
	.stop = scp_stats_stop,
	.show = scp_stats_show,
};

static int scp_stats_open(struct inode *inode, struct file *file)
{
	struct seq_file *m;
	int ret;

	ret = seq_open(file, &scp_stats_seq_ops);
	if (ret)
		return ret;
	m = file->private_data;
	/* Non-NULL: the opener may see every user's rows. */
	if (file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN))
		m->private = file;
	return 0;
}

static const struct proc_ops scp_stats_ops = {
	.proc_open = scp_stats_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = seq_release,
};

static ssize_t scp_control_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	char buf[SCP_CMD_MAX];
	int ret;

	ret = lkm_control_copy(buf, ubuf, len);
	if (ret < 0)
		return ret;
	ret = scp_control(strim(buf));
	return ret < 0 ? ret : len;
}

static const struct proc_ops scp_control_ops = {
	.proc_write = scp_control_write,
	.proc_lseek = noop_llseek,
};

static int scp_status_show(struct seq_file *m, void *v)
{
	u64 generated, dropped, delivered;

	scp_ring_counters(&generated, &dropped, &delivered);
	seq_printf(m, "enabled %d\n", scp_enabled());
	scp_filter_show(m);
	seq_printf(m, "rows_used %u\n", scp_rows_used());
	seq_printf(m, "rows_max %u\n", scp_max_entries);
	seq_printf(m, "rows_full %lld\n",
		   atomic64_read(&scp_counters.rows_full));
	seq_printf(m, "flight_full %lld\n",
		   atomic64_read(&scp_counters.flight_full));
	seq_printf(m, "unpaired %lld\n", atomic64_read(&scp_counters.unpaired));
	seq_printf(m, "follow_full %lld\n",
		   atomic64_read(&scp_counters.follow_full));
	seq_printf(m, "stream_generated %llu\n", generated);
	seq_printf(m, "stream_dropped %llu\n", dropped);
	seq_printf(m, "stream_delivered %llu\n", delivered);
	return 0;
}

int scp_proc_init(void)
{
	proc_dir = proc_mkdir(SYSCALL_PROBE_PROC_DIR, NULL);
	if (!proc_dir)
		return -ENOMEM;
	if (!proc_create(SYSCALL_PROBE_STATS, 0444, proc_dir, &scp_stats_ops) ||
	    !proc_create(SYSCALL_PROBE_CONTROL, 0200, proc_dir,
			 &scp_control_ops) ||
	    !proc_create_single(SYSCALL_PROBE_STATUS, 0444, proc_dir,
				scp_status_show) ||
	    !proc_create_single(SYSCALL_PROBE_SYSCALLS, 0444, proc_dir,
				scp_names_show) ||
	    scp_ring_proc_init(proc_dir) || scp_cpl_proc_init(proc_dir)) {
		proc_remove(proc_dir);
		return -ENOMEM;
	}
	return 0;
}

void scp_proc_exit(void)
{
	proc_remove(proc_dir);
}
