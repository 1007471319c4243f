// SPDX-License-Identifier: GPL-2.0
/*
 * 6.13 added the lazy preemption model (CONFIG_PREEMPT_LAZY, chosen at
 * build time or, with CONFIG_PREEMPT_DYNAMIC, with preempt=lazy) and its
 * test preempt_model_lazy(), declared in <linux/preempt.h> since 6.14.
 */
#include <linux/preempt.h>
#include <linux/sched.h>

bool lkm_compat_test(void);
bool lkm_compat_test(void)
{
	return preempt_model_lazy();
}
