// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_probe.c - trace system calls per process.
 *
 * Output: /proc/syscall_probe/ (per task, syscall and entry kind: counts,
 * errors, latency; and a live event stream), controlled through
 * /proc/syscall_probe/control.
 *
 * At this stage the module is a skeleton: it creates /proc/syscall_probe/
 * and removes it again on unload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/proc_fs.h>

#include "lkm_suite.h"

static unsigned int max_entries = 8192;
module_param(max_entries, uint, 0444);
MODULE_PARM_DESC(max_entries,
		 "Size of the per-syscall table (64-1048576; default 8192)");

static struct proc_dir_entry *proc_dir;

static int __init syscall_probe_init(void)
{
	if (max_entries < 64 || max_entries > 1048576) {
		pr_err("max_entries=%u is out of range (64-1048576)\n",
		       max_entries);
		return -EINVAL;
	}
	proc_dir = proc_mkdir(SYSCALL_PROBE_PROC_DIR, NULL);
	if (!proc_dir)
		return -ENOMEM;
	return 0;
}

static void __exit syscall_probe_exit(void)
{
	proc_remove(proc_dir);
}

module_init(syscall_probe_init);
module_exit(syscall_probe_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("lkm-suite developers");
MODULE_DESCRIPTION("System calls per process: counts, errors, latency, gate");
MODULE_VERSION(LKM_SUITE_VERSION);
