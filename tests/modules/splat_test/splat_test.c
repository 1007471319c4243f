// SPDX-License-Identifier: GPL-2.0
/*
 * splat_test.c - test-only module that provokes a kernel WARNING on load.
 *
 * The test suite loads it to prove that its splat detector (tests/lib/
 * splat-scan.sh) notices a splat in the kernel log. Never load it elsewhere:
 * it taints the kernel. Unloads cleanly.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bug.h>
#include <linux/init.h>
#include <linux/module.h>

static int __init splat_test_init(void)
{
	WARN(1, "deliberate warning for the splat detector test\n");
	return 0;
}

static void __exit splat_test_exit(void)
{
}

module_init(splat_test_init);
module_exit(splat_test_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Test only: provoke a WARNING for the splat detector");
