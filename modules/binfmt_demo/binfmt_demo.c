// SPDX-License-Identifier: GPL-2.0
/*
 * binfmt_demo.c - a handler for the suite's toy executable format.
 *
 * Registers a binary-format handler so that execve() of a toy executable
 * really loads and runs it (and hands the interpreted kind to its
 * interpreter, the way fs/binfmt_script.c does).
 *
 * Output: /proc/binfmt_demo/ (counters and registered kinds); with the
 * "verbose" parameter, one kernel log line per toy program loaded.
 *
 * At this stage the module is a skeleton: it creates /proc/binfmt_demo/ and
 * removes it again on unload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/proc_fs.h>

#include "lkm_suite.h"

static bool verbose;
module_param(verbose, bool, 0644);
MODULE_PARM_DESC(verbose, "Log one line per toy program loaded (default: off)");

static struct proc_dir_entry *proc_dir;

static int __init binfmt_demo_init(void)
{
	proc_dir = proc_mkdir(BINFMT_DEMO_PROC_DIR, NULL);
	if (!proc_dir)
		return -ENOMEM;
	return 0;
}

static void __exit binfmt_demo_exit(void)
{
	proc_remove(proc_dir);
}

module_init(binfmt_demo_init);
module_exit(binfmt_demo_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("lkm-suite developers");
MODULE_DESCRIPTION("Loader for the toy executable format (teaching execve)");
MODULE_VERSION(LKM_SUITE_VERSION);
