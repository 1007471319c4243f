// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - load and unload the pagewalk module: /proc/pagewalk/, its "self"
 * file and the per-process entries; the resched_pages parameter.
 *
 * Output: /proc/pagewalk/<pid> lists, VMA by VMA, the leaf entries of the
 * target's page tables (level, frame, hardware flags) after a header on the
 * paging mode, CR3 and the page-table memory in use (docs/pagewalk.md).
 *
 * How /proc/pagewalk/<pid> exists for every process: a module cannot give a
 * /proc directory its own lookup, so the entries are kept in step with the
 * processes (entries.c). The other way, a small filesystem mounted on a
 * proc mount point like binfmt_misc, needs a mount(8) step after insmod
 * that a module cannot do itself with exported symbols, and insmod alone
 * must be enough. At load every existing process gets an entry; a
 * probe on the sched_process_fork tracepoint queues a task_work on the
 * forking parent, which creates the child's entry before fork() returns to
 * user mode, so no one can learn a PID before its entry exists; a probe on
 * sched_process_free removes entries of released PIDs. An entry is only a
 * name: opening it pins the process by struct pid, so a PID reused later
 * never shows another process's tables under a stale open file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/proc_fs.h>

#include "lkm_suite.h"
#include "internal.h"

unsigned int pw_resched_pages = 512;

/* resched_pages is writable at run time: refuse values out of 1-65536. */
static int pw_resched_set(const char *val, const struct kernel_param *kp)
{
	unsigned int n;
	int ret;

	ret = kstrtouint(val, 0, &n);
	if (ret)
		return ret;
	if (n < 1 || n > 65536)
		return -EINVAL;
	WRITE_ONCE(*(unsigned int *)kp->arg, n);
	return 0;
}

static const struct kernel_param_ops pw_resched_ops = {
	.set = pw_resched_set,
	.get = param_get_uint,
};

module_param_cb(resched_pages, &pw_resched_ops, &pw_resched_pages, 0644);
MODULE_PARM_DESC(resched_pages,
		 "Entries walked between reschedules (1-65536; default 512)");

static struct proc_dir_entry *proc_dir;

static int __init pagewalk_init(void)
{
	int ret;

	if (pw_resched_pages < 1 || pw_resched_pages > 65536) {
		pr_err("resched_pages=%u is out of range (1-65536)\n",
		       pw_resched_pages);
		return -EINVAL;
	}
	proc_dir = proc_mkdir(PAGEWALK_PROC_DIR, NULL);
	if (!proc_dir)
		return -ENOMEM;
	if (!proc_create("self", 0444, proc_dir, &pw_pid_ops)) {
		ret = -ENOMEM;
		goto err_dir;
	}
	ret = pw_entries_start(proc_dir);
	if (ret < 0)
		goto err_dir;
	return 0;

err_dir:
	proc_remove(proc_dir);
	return ret;
}

static void __exit pagewalk_exit(void)
{
	pw_entries_stop();
	proc_remove(proc_dir);
}

module_init(pagewalk_init);
module_exit(pagewalk_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("lkm-suite developers");
MODULE_DESCRIPTION("Live page tables of any process in /proc/pagewalk");
MODULE_VERSION(LKM_SUITE_VERSION);
