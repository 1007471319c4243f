// SPDX-License-Identifier: GPL-2.0
/*
 * pagewalk.c - walk the live page tables of any process.
 *
 * Output: /proc/pagewalk/<pid> lists, VMA by VMA, the leaf entries of the
 * target's page tables (level, frame, hardware flags) with a header on the
 * paging mode, CR3 and the page-table memory in use.
 *
 * At this stage the module is a skeleton: it creates /proc/pagewalk/ and
 * removes it again on unload.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/proc_fs.h>

#include "lkm_suite.h"

static unsigned int resched_pages = 512;
module_param(resched_pages, uint, 0644);
MODULE_PARM_DESC(resched_pages,
		 "Entries walked between reschedules (1-65536; default 512)");

static struct proc_dir_entry *proc_dir;

static int __init pagewalk_init(void)
{
	if (resched_pages < 1 || resched_pages > 65536) {
		pr_err("resched_pages=%u is out of range (1-65536)\n",
		       resched_pages);
		return -EINVAL;
	}
	proc_dir = proc_mkdir(PAGEWALK_PROC_DIR, NULL);
	if (!proc_dir)
		return -ENOMEM;
	return 0;
}

static void __exit pagewalk_exit(void)
{
	proc_remove(proc_dir);
}

module_init(pagewalk_init);
module_exit(pagewalk_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("lkm-suite developers");
MODULE_DESCRIPTION("Live page tables of any process in /proc/pagewalk");
MODULE_VERSION(LKM_SUITE_VERSION);
