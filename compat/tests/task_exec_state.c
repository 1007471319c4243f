// SPDX-License-Identifier: GPL-2.0
/*
 * 7.3 moved dumpability and the exec-time user namespace from the mm
 * (get_dumpable(mm), mm->user_ns) to task->exec_state (struct
 * task_exec_state: dumpable, user_ns), read under RCU.
 */
#include <linux/sched.h>
#include <linux/sched/exec_state.h>

int lkm_compat_test(struct task_struct *t);
int lkm_compat_test(struct task_struct *t)
{
	struct task_exec_state *es = rcu_dereference(t->exec_state);

	return es->dumpable == TASK_DUMPABLE_OWNER && es->user_ns;
}
