// SPDX-License-Identifier: GPL-2.0
/*
 * sched_probe.c - trace context switches.
 *
 * Output: /proc/sched_probe/ (per-task voluntary and involuntary switches,
 * timeslices, run-queue waits, per-CPU data, and an event stream for
 * timelines), controlled through /proc/sched_probe/control.
 *
 * At this stage the module is a skeleton: it creates /proc/sched_probe/ and
 * removes it again on unload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/proc_fs.h>

#include "lkm_suite.h"

static unsigned int max_tasks = 4096;
module_param(max_tasks, uint, 0444);
MODULE_PARM_DESC(max_tasks,
		 "Size of the per-task table (64-1048576; default 4096)");

static struct proc_dir_entry *proc_dir;

static int __init sched_probe_init(void)
{
	if (max_tasks < 64 || max_tasks > 1048576) {
		pr_err("max_tasks=%u is out of range (64-1048576)\n",
		       max_tasks);
		return -EINVAL;
	}
	proc_dir = proc_mkdir(SCHED_PROBE_PROC_DIR, NULL);
	if (!proc_dir)
		return -ENOMEM;
	return 0;
}

static void __exit sched_probe_exit(void)
{
	proc_remove(proc_dir);
}

module_init(sched_probe_init);
module_exit(sched_probe_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("lkm-suite developers");
MODULE_DESCRIPTION("Context switches: timeslices, preemption, run-queue waits");
MODULE_VERSION(LKM_SUITE_VERSION);
