// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - load, unload and control of syscall_probe: system calls per
 * process (counts, errors, latency and the entry gate, syscall or int $0x80).
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
#include <linux/string_helpers.h>

#include "lkm_suite.h"
#include "sp.h"

unsigned int sp_max_entries = 8192;
module_param_named(max_entries, sp_max_entries, uint, 0444);
MODULE_PARM_DESC(max_entries,
		 "Size of the per-syscall table (64-1048576; default 8192)");

static unsigned int ring_records = 4096;
module_param(ring_records, uint, 0444);
MODULE_PARM_DESC(ring_records,
		 "Stream records per CPU (64-1048576, to 2^n; default 4096)");

struct sp_counters sp_counters;
struct sp_filter sp_filter;

static DEFINE_MUTEX(sp_lock); /* serialises state changes */
static bool enabled;

bool sp_enabled(void)
{
	return READ_ONCE(enabled);
}

void sp_filter_show(struct seq_file *m)
{
	mutex_lock(&sp_lock);
	switch (sp_filter.mode) {
	case SP_FILTER_PID:
		seq_printf(m, "filter pid %d%s\n", sp_filter.tgid,
			   sp_filter.children ? " children" : "");
		seq_printf(m, "filter_alive %d\n",
			   pid_has_task(sp_filter.pid, PIDTYPE_TGID));
		break;
	case SP_FILTER_COMM:
		/* Escaped like Name: in /proc/<pid>/status (a newline). */
		seq_puts(m, "filter comm ");
		seq_escape_str(m, sp_filter.comm, ESCAPE_SPACE | ESCAPE_SPECIAL,
			       "\n\\");
		seq_putc(m, '\n');
		break;
	default:
		seq_puts(m, "filter none\n");
	}
	mutex_unlock(&sp_lock);
}

static void sp_counters_reset(void)
{
	atomic64_set(&sp_counters.rows_full, 0);
	atomic64_set(&sp_counters.flight_full, 0);
	atomic64_set(&sp_counters.unpaired, 0);
	atomic64_set(&sp_counters.follow_full, 0);
}

/* A new filter, taking over @f's pid reference; the probes are detached. */
static void sp_filter_set(const struct sp_filter *f)
{
	sp_follow_clear();
	put_pid(sp_filter.pid);
	sp_filter.mode = f->mode;
	sp_filter.children = f->children;
	sp_filter.tgid = f->tgid;
	sp_filter.pid = f->pid;
	memcpy(sp_filter.comm, f->comm, sizeof(sp_filter.comm));
}

/* Parses "filter ..." words into @f; 0 or a negative errno. */
static int sp_parse_filter(char **w, int n, struct sp_filter *f)
{
	struct task_struct *t;
	int pid, ret;

	memset(f, 0, sizeof(*f));
	if (n == 2 && !strcmp(w[1], "none"))
		return 0;
	if (n == 3 && !strcmp(w[1], "comm")) {
		if (strscpy(f->comm, w[2], sizeof(f->comm)) < 0)
			return -EINVAL;
		f->mode = SP_FILTER_COMM;
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
	f->mode = SP_FILTER_PID;
	f->children = n == 4;
	return ret;
}

static int sp_do_enable(void)
{
	int ret;

	if (enabled)
		return 0;
	ret = sp_probe_attach();
	if (ret) {
		pr_err_ratelimited("cannot attach the probes: %d\n", ret);
		return ret;
	}
	WRITE_ONCE(enabled, true);
	return 0;
}

static void sp_do_disable(void)
{
	if (!enabled)
		return;
	sp_probe_detach();
	WRITE_ONCE(enabled, false);
}

/* Runs one command with the probes detached, then restores the state. */
static int sp_run(char **w, int n)
{
	bool was = enabled;
	struct sp_filter f;
	int ret;

	if (n == 1 && !strcmp(w[0], "enable"))
		return sp_do_enable();
	if (n == 1 && !strcmp(w[0], "disable")) {
		sp_do_disable();
		return 0;
	}
	if (n == 1 && !strcmp(w[0], "reset")) {
		sp_do_disable();
		sp_table_reset();
		sp_counters_reset();
		return was ? sp_do_enable() : 0;
	}
	if (n < 2 || strcmp(w[0], "filter"))
		return -EINVAL;
	ret = sp_parse_filter(w, n, &f);
	if (ret)
		return ret;
	sp_do_disable();
	sp_filter_set(&f);
	return was ? sp_do_enable() : 0;
}

/* Runs the control command @cmd (a writable, trimmed string). */
int sp_control(char *cmd)
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
	mutex_lock(&sp_lock);
	ret = sp_run(w, n);
	mutex_unlock(&sp_lock);
	return ret;
}

static int __init sp_check_params(void)
{
	if (sp_max_entries < 64 || sp_max_entries > 1048576) {
		pr_err("max_entries=%u is out of range (64-1048576)\n",
		       sp_max_entries);
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

	ret = sp_check_params();
	if (ret)
		return ret;
	ret = sp_probe_find();
	if (ret)
		return ret;
	ret = sp_table_init(sp_max_entries);
	if (ret)
		return ret;
	ret = sp_ring_init(ring_records);
	if (ret)
		goto err_table;
	ret = sp_proc_init();
	if (ret)
		goto err_ring;
	return 0;

err_ring:
	sp_ring_exit();
err_table:
	sp_table_exit();
	return ret;
}

static void __exit syscall_probe_exit(void)
{
	sp_ring_shutdown();
	sp_proc_exit();
	mutex_lock(&sp_lock);
	sp_do_disable();
	sp_follow_clear();
	put_pid(sp_filter.pid);
	mutex_unlock(&sp_lock);
	sp_ring_exit();
	sp_table_exit();
}

module_init(syscall_probe_init);
module_exit(syscall_probe_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("lkm-suite developers");
MODULE_DESCRIPTION("System calls per process: counts, errors, latency, gate");
MODULE_VERSION(LKM_SUITE_VERSION);
