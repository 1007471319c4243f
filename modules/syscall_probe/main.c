// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - load, unload and control of syscall_probe: system calls per
 * process (counts, errors, latency and the entry gate: syscall or int $0x80
 * on x86-64, svc #0 from AArch64 or AArch32 code on arm64).
 *
 * Output: /proc/syscall_probe/ (see proc.c). Commands written to
 * /proc/syscall_probe/control (root only), one per write:
 *   enable | disable | reset | filter none | filter pid N [children] |
 *   filter comm NAME
 * Anything else is refused with EINVAL and changes nothing. Tracing is
 * disabled after load. Every change of state detaches the probes first, so
 * the probes only ever see a stable filter and table.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "../common/comm.h"
#include "lkm_suite.h"
#include "scp.h"

unsigned int scp_max_entries = 8192;
module_param_named(max_entries, scp_max_entries, uint, 0444);
MODULE_PARM_DESC(max_entries,
		 "Size of the per-syscall table (64-1048576; default 8192)");

static unsigned int ring_records = 4096;
module_param(ring_records, uint, 0444);
MODULE_PARM_DESC(ring_records,
		 "Stream records per CPU (64-1048576, to 2^n; default 4096)");

struct scp_counters scp_counters;
struct scp_filter scp_filter;

static DEFINE_MUTEX(scp_lock); /* serialises state changes */
static bool enabled;

bool scp_enabled(void)
{
	return READ_ONCE(enabled);
}

void scp_filter_show(struct seq_file *m)
{
	mutex_lock(&scp_lock);
	switch (scp_filter.mode) {
	case SCP_FILTER_PID:
		seq_printf(m, "filter pid %d%s\n", scp_filter.tgid,
			   scp_filter.children ? " children" : "");
		seq_printf(m, "filter_alive %d\n",
			   pid_has_task(scp_filter.pid, PIDTYPE_TGID));
		break;
	case SCP_FILTER_COMM:
		/* Escaped like Name: in /proc/<pid>/status (a newline). */
		seq_puts(m, "filter comm ");
		lkm_seq_comm(m, scp_filter.comm);
		seq_putc(m, '\n');
		break;
	default:
		seq_puts(m, "filter none\n");
	}
	mutex_unlock(&scp_lock);
}

static void scp_counters_reset(void)
{
	atomic64_set(&scp_counters.rows_full, 0);
	atomic64_set(&scp_counters.flight_full, 0);
	atomic64_set(&scp_counters.unpaired, 0);
	atomic64_set(&scp_counters.follow_full, 0);
}

/* A new filter, taking over @f's pid reference; the probes are detached. */
static void scp_filter_set(const struct scp_filter *f)
{
	scp_follow_clear();
	put_pid(scp_filter.pid);
	scp_filter.mode = f->mode;
	scp_filter.children = f->children;
	scp_filter.tgid = f->tgid;
	scp_filter.pid = f->pid;
	memcpy(scp_filter.comm, f->comm, sizeof(scp_filter.comm));
}

/* Parses "filter ..." words into @f; 0 or a negative errno. */
static int scp_parse_filter(char **w, int n, struct scp_filter *f)
{
	struct task_struct *t;
	int pid, ret;

	memset(f, 0, sizeof(*f));
	if (n == 2 && !strcmp(w[1], "none"))
		return 0;
	if (n == 3 && !strcmp(w[1], "comm")) {
		if (strscpy(f->comm, w[2], sizeof(f->comm)) < 0)
			return -EINVAL;
		f->mode = SCP_FILTER_COMM;
		return 0;
	}
	if ((n != 3 && n != 4) || strcmp(w[1], "pid"))
		return -EINVAL;
	if (n == 4 && strcmp(w[3], "children"))
		return -EINVAL;
	ret = kstrtoint(w[2], 10, &pid);
	if (ret || pid <= 0)
		return -EINVAL;
	rcu_read_lock();
	t = pid_task(find_vpid(pid), PIDTYPE_PID);
	if (t) {
		f->tgid = task_tgid_nr(t);
		ret = (t->flags & PF_KTHREAD) ? -EINVAL : 0;
		if (!ret)
			f->pid = get_pid(task_tgid(t));
	}
	rcu_read_unlock();
	if (!t)
		return -ESRCH;
	f->mode = SCP_FILTER_PID;
	f->children = n == 4;
	return ret;
}

static int scp_do_enable(void)
{
	int ret;

	if (enabled)
		return 0;
	ret = scp_probe_attach();
	if (ret) {
		pr_err_ratelimited("cannot attach the probes: %d\n", ret);
		return ret;
	}
	WRITE_ONCE(enabled, true);
	return 0;
}

static void scp_do_disable(void)
{
	if (!enabled)
		return;
	scp_probe_detach();
	WRITE_ONCE(enabled, false);
}

/* Runs one command with the probes detached, then restores the state. */
static int scp_run(char **w, int n)
{
	bool was = enabled;
	struct scp_filter f;
	int ret;

	if (n == 1 && !strcmp(w[0], "enable"))
		return scp_do_enable();
	if (n == 1 && !strcmp(w[0], "disable")) {
		scp_do_disable();
		return 0;
	}
	if (n == 1 && !strcmp(w[0], "reset")) {
		scp_do_disable();
		scp_table_reset();
		scp_counters_reset();
		return was ? scp_do_enable() : 0;
	}
	if (n < 2 || strcmp(w[0], "filter"))
		return -EINVAL;
	ret = scp_parse_filter(w, n, &f);
	if (ret)
		return ret;
	scp_do_disable();
	scp_filter_set(&f);
	return was ? scp_do_enable() : 0;
}

/* Runs the control command @cmd (a writable, trimmed string). */
int scp_control(char *cmd)
{
	char *w[5];
	int n = 0, ret;
	char *tok;

	while ((tok = strsep(&cmd, " \t")) != NULL) {
		if (!*tok)
			continue;
		if (n == ARRAY_SIZE(w))
			return -EINVAL;
		w[n++] = tok;
	}
	if (!n)
		return -EINVAL;
	mutex_lock(&scp_lock);
	ret = scp_run(w, n);
	mutex_unlock(&scp_lock);
	return ret;
}

static int __init scp_check_params(void)
{
	if (scp_max_entries < 64 || scp_max_entries > 1048576) {
		pr_err("max_entries=%u is out of range (64-1048576)\n",
		       scp_max_entries);
		return -EINVAL;
	}
	if (ring_records < 64 || ring_records > 1048576) {
		pr_err("ring_records=%u is out of range (64-1048576)\n",
		       ring_records);
		return -EINVAL;
	}
	return 0;
}

static int __init syscall_probe_init(void)
{
	int ret;

	ret = scp_check_params();
	if (ret)
		return ret;
	ret = scp_probe_find();
	if (ret)
		return ret;
	ret = scp_table_init(scp_max_entries);
	if (ret)
		return ret;
	ret = scp_ring_init(ring_records);
	if (ret)
		goto err_table;
	ret = scp_proc_init();
	if (ret)
		goto err_ring;
	return 0;

err_ring:
	scp_ring_exit();
err_table:
	scp_table_exit();
	return ret;
}

static void __exit syscall_probe_exit(void)
{
	scp_ring_shutdown();
	scp_proc_exit();
	mutex_lock(&scp_lock);
	scp_do_disable();
	scp_follow_clear();
	put_pid(scp_filter.pid);
	mutex_unlock(&scp_lock);
	scp_ring_exit();
	scp_table_exit();
}

module_init(syscall_probe_init);
module_exit(syscall_probe_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("lkm-suite developers");
MODULE_DESCRIPTION("System calls per process: counts, errors, latency, gate");
MODULE_VERSION(LKM_SUITE_VERSION);
