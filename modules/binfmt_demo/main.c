// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - binfmt_demo: a handler for the suite's toy executable format
 * (include/toyexec.h).
 *
 * Registers a binary-format handler at the tail of the kernel's list: on
 * every execve() the kernel offers it the first 256 bytes of the file. A
 * file without the toy magic gets -ENOEXEC (the next handler is tried); a
 * toy file that breaks a rule gets that rule's error and one rate-limited
 * log line; a valid one is loaded (load.c) or handed to its interpreter
 * (interp.c).
 *
 * Output: /proc/binfmt_demo/stats (outcome counters, one "name value" per
 * line) and /proc/binfmt_demo/kinds (the kinds this handler accepts); with
 * the "verbose" parameter, one kernel log line per toy program executed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "lkm_suite.h"
#include "toy.h"

bool toy_verbose;
module_param_named(verbose, toy_verbose, bool, 0644);
MODULE_PARM_DESC(verbose, "Log one line per toy program loaded (default: off)");

struct toy_stats toy_stats;

static struct proc_dir_entry *proc_dir;

static int toy_reject(struct linux_binprm *bprm, enum toy_reason why)
{
	int err = toy_reason_errno(why);

	atomic_long_inc(&toy_stats.rejected[why]);
	pr_info_ratelimited("%*pE: refused: %s (error %d)\n",
			    (int)strnlen(bprm->filename, 256), bprm->filename,
			    toy_reason_name(why), err);
	return err;
}

static int toy_load_binary(struct linux_binprm *bprm)
{
	const struct toy_header *h = (const struct toy_header *)bprm->buf;
	enum toy_reason why;
	int ret;

	atomic_long_inc(&toy_stats.examined);
	if (!toy_is_toy(bprm->buf, sizeof(bprm->buf))) {
		atomic_long_inc(&toy_stats.not_ours);
		return -ENOEXEC;
	}
	why = toy_check(h, i_size_read(file_inode(bprm->file)));
	if (why == TOY_OK && toy_arch_caller_is_compat())
		why = TOY_R_COMPAT;
	if (why != TOY_OK)
		return toy_reject(bprm, why);

	if (h->kind == TOY_KIND_NATIVE) {
		ret = toy_load_native(bprm, h);
		atomic_long_inc(ret ? &toy_stats.failed : &toy_stats.loaded);
	} else {
		ret = toy_hand_off(bprm, h);
		atomic_long_inc(ret ? &toy_stats.failed :
				      &toy_stats.handed_off);
	}
	return ret;
}

struct linux_binfmt toy_format = {
	.module = THIS_MODULE,
	.load_binary = toy_load_binary,
};

static int toy_stats_show(struct seq_file *m, void *v)
{
	long sum = 0;
	int r;

	seq_printf(m, "examined %ld\n", atomic_long_read(&toy_stats.examined));
	seq_printf(m, "not_ours %ld\n", atomic_long_read(&toy_stats.not_ours));
	seq_printf(m, "loaded %ld\n", atomic_long_read(&toy_stats.loaded));
	seq_printf(m, "handed_off %ld\n",
		   atomic_long_read(&toy_stats.handed_off));
	seq_printf(m, "failed %ld\n", atomic_long_read(&toy_stats.failed));
	for (r = TOY_OK + 1; r < TOY_R_NR; r++)
		sum += atomic_long_read(&toy_stats.rejected[r]);
	seq_printf(m, "rejected %ld\n", sum);
	for (r = TOY_OK + 1; r < TOY_R_NR; r++)
		seq_printf(m, "rejected_%s %ld\n", toy_reason_name(r),
			   atomic_long_read(&toy_stats.rejected[r]));
	return 0;
}

static int toy_kinds_show(struct seq_file *m, void *v)
{
	seq_printf(m, "native magic %s version %d machine %s max_segs %d\n",
		   "b7544f59", TOY_VERSION, toy_machine_name(TOY_MACHINE_HOST),
		   TOY_MAX_SEGS);
	seq_printf(m, "interpreted magic %s version %d interp_max %d\n",
		   "b7544f59", TOY_VERSION, TOY_INTERP_MAX - 1);
	return 0;
}

static int __init binfmt_demo_init(void)
{
	proc_dir = proc_mkdir(BINFMT_DEMO_PROC_DIR, NULL);
	if (!proc_dir)
		return -ENOMEM;
	if (!proc_create_single("stats", 0444, proc_dir, toy_stats_show) ||
	    !proc_create_single("kinds", 0444, proc_dir, toy_kinds_show)) {
		proc_remove(proc_dir);
		return -ENOMEM;
	}
	register_binfmt(&toy_format);
	return 0;
}

static void __exit binfmt_demo_exit(void)
{
	unregister_binfmt(&toy_format);
	proc_remove(proc_dir);
}

module_init(binfmt_demo_init);
module_exit(binfmt_demo_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("lkm-suite developers");
MODULE_DESCRIPTION("Loader for the toy executable format (teaching execve)");
MODULE_VERSION(LKM_SUITE_VERSION);
/*
 * When no handler takes a file whose first bytes are not printable, exec
 * asks modprobe for "binfmt-%04x" of bytes 2-3: "OY" of our magic.
 */
MODULE_ALIAS("binfmt-594f");
