/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lkm_compat.h - one helper per kernel API difference the modules meet
 * between the kernels the suite supports (Debian 6.1, 6.12, 7.2, 7.3).
 *
 * Each difference is decided by a build-time feature test (compat/compat.mk
 * and compat/tests/NAME.c give -DLKM_HAVE_NAME), never by the version
 * number: distributions backport API changes. Each guard's comment names
 * the kernel version that changed the API.
 *
 * The file has one section per module. A section is compiled only when
 * its module asks for it (-DLKM_COMPAT_<MODULE> in the module's Kbuild),
 * since its helpers need the feature tests that module runs.
 */
#ifndef LKM_COMPAT_H
#define LKM_COMPAT_H

/* ===================== pagewalk section (modules/pagewalk) ===================== */
#ifdef LKM_COMPAT_PAGEWALK

#include <asm/pgalloc.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/coredump.h>
#include <linux/swap.h>
#include <linux/swapops.h>
#include <linux/user_namespace.h>

/*
 * Dumpability and the user namespace of the last exec: 7.2 (Debian's
 * 7.2.13 and 7.3.4 headers; not 6.12) moved them from the mm
 * (get_dumpable(mm), SUID_DUMP_USER, mm->user_ns) to task->exec_state,
 * read under RCU (the task_exec_state_* functions are not exported).
 */
#ifdef LKM_HAVE_TASK_EXEC_STATE
#include <linux/sched/exec_state.h>
#endif

/*
 * The user namespace of @task's last exec with a reference (put_user_ns()
 * it), and in *@owner_dumpable whether @task is dumpable by its owner
 * (the default; false after setuid exec or PR_SET_DUMPABLE 0). @mm is
 * @task's address space, pinned by the caller. NULL if @task has none.
 */
static inline struct user_namespace *lkm_exec_user_ns(struct task_struct *task,
						      struct mm_struct *mm,
						      bool *owner_dumpable)
{
#ifdef LKM_HAVE_TASK_EXEC_STATE
	struct task_exec_state *es;
	struct user_namespace *ns = NULL;

	rcu_read_lock();
	es = rcu_dereference(task->exec_state);
	if (es) {
		*owner_dumpable = READ_ONCE(es->dumpable) ==
				  TASK_DUMPABLE_OWNER;
		ns = get_user_ns(es->user_ns);
	}
	rcu_read_unlock();
	return ns;
#else
	*owner_dumpable = get_dumpable(mm) == SUID_DUMP_USER;
	return get_user_ns(mm->user_ns);
#endif
}

/*
 * Non-present page-table entries (swap, migration, markers...): 6.19
 * added the software-leaf API of <linux/leafops.h>, and by 7.2 (Debian's
 * 7.2.13 and 7.3.4 headers) it replaced pte_to_swp_entry(),
 * is_migration_entry(), swp_offset_pfn(), non_swap_entry(),
 * is_pte_marker_entry()... softleaf_t is still a swp_entry_t there, so
 * swp_type() and swp_offset() read both.
 */
#ifdef LKM_HAVE_SOFTLEAF
#include <linux/leafops.h>

static inline swp_entry_t lkm_leaf_from_pte(pte_t pte)
{
	return softleaf_from_pte(pte);
}

static inline bool lkm_leaf_is_swap(swp_entry_t e)
{
	return softleaf_is_swap(e);
}

static inline bool lkm_leaf_is_migration(swp_entry_t e)
{
	return softleaf_is_migration(e);
}

static inline bool lkm_leaf_is_migration_write(swp_entry_t e)
{
	return softleaf_is_migration_write(e);
}

static inline bool lkm_leaf_is_device_private(swp_entry_t e)
{
	return softleaf_is_device_private(e);
}

static inline bool lkm_leaf_is_hwpoison(swp_entry_t e)
{
	return softleaf_is_hwpoison(e);
}

static inline bool lkm_leaf_is_marker(swp_entry_t e)
{
	return softleaf_is_marker(e);
}

/* The frame of a migration, device-private or hwpoison entry. */
static inline unsigned long lkm_leaf_pfn(swp_entry_t e)
{
	return softleaf_to_pfn(e);
}
#else /* !LKM_HAVE_SOFTLEAF: 6.1, 6.12 */
static inline swp_entry_t lkm_leaf_from_pte(pte_t pte)
{
	return pte_to_swp_entry(pte);
}

static inline bool lkm_leaf_is_swap(swp_entry_t e)
{
	return !non_swap_entry(e);
}

static inline bool lkm_leaf_is_migration(swp_entry_t e)
{
	return is_migration_entry(e);
}

static inline bool lkm_leaf_is_migration_write(swp_entry_t e)
{
	return is_writable_migration_entry(e);
}

static inline bool lkm_leaf_is_device_private(swp_entry_t e)
{
	return is_device_private_entry(e);
}

static inline bool lkm_leaf_is_hwpoison(swp_entry_t e)
{
	return is_hwpoison_entry(e);
}

static inline bool lkm_leaf_is_marker(swp_entry_t e)
{
	return is_pte_marker_entry(e);
}

/* The frame of a migration, device-private or hwpoison entry. */
static inline unsigned long lkm_leaf_pfn(swp_entry_t e)
{
	return swp_offset_pfn(e);
}
#endif /* LKM_HAVE_SOFTLEAF */

/*
 * Pages of a PGD allocation (order), x86: by 7.2 (Debian's 7.2.13 headers;
 * not 6.12) the build-time PGD_ALLOCATION_ORDER (1 when built with PTI)
 * became pgd_allocation_order() (1 when PTI is on at run time). A macro,
 * so tested with #ifdef. (arm64 has neither: its PGD is a page or
 * PTRS_PER_PGD entries, see arch_arm64.c.)
 */
#ifdef CONFIG_X86
static inline unsigned int lkm_pgd_allocation_order(void)
{
#ifdef PGD_ALLOCATION_ORDER
	return PGD_ALLOCATION_ORDER;
#else
	return pgd_allocation_order();
#endif
}
#endif /* CONFIG_X86 */

#endif /* LKM_COMPAT_PAGEWALK */
/* ================== end of pagewalk section (modules/pagewalk) ================== */

/* =================== sched_probe section (modules/sched_probe) =================== */
#ifdef LKM_COMPAT_SCHED_PROBE

#include <linux/preempt.h>
#include <linux/sched.h>

/*
 * The preemption model in force: where kernel code itself may be
 * preempted. Fixed at build time (CONFIG_PREEMPT_NONE, _VOLUNTARY,
 * CONFIG_PREEMPT, CONFIG_PREEMPT_RT), or with CONFIG_PREEMPT_DYNAMIC
 * chosen at boot (preempt=) and changeable in debugfs (sched/preempt).
 * 6.13 added the lazy model (preempt_model_lazy()); the other tests exist
 * on every kernel of the suite (exported with CONFIG_PREEMPT_DYNAMIC).
 */
static inline const char *lkm_preempt_model(void)
{
	if (preempt_model_rt())
		return "rt";
#ifdef LKM_HAVE_PREEMPT_LAZY
	if (preempt_model_lazy())
		return "lazy";
#endif
	if (preempt_model_full())
		return "full";
	if (preempt_model_voluntary())
		return "voluntary";
	if (preempt_model_none())
		return "none";
	return "unknown";
}

/*
 * The run-queue waits of @t as the scheduler itself accounts them (the
 * last two numbers of /proc/<pid>/schedstat), with CONFIG_SCHED_INFO
 * (selected by SCHEDSTATS and TASK_DELAY_ACCT; set by every distribution
 * kernel): the sum of the waits that ended, in ns on the run queue's
 * clock (sched_info.run_delay), and how many of them ended on a CPU
 * (sched_info.pcount). They change under @t's run-queue lock, which the
 * sched_switch and sched_wakeup_new tracepoints hold. Without
 * CONFIG_SCHED_INFO: no waits (LKM_RUNQ_WAITS 0).
 */
#ifdef CONFIG_SCHED_INFO
#define LKM_RUNQ_WAITS 1

static __always_inline u64 lkm_runq_delay(const struct task_struct *t)
{
	return t->sched_info.run_delay;
}

static __always_inline unsigned long lkm_runq_ended(const struct task_struct *t)
{
	return t->sched_info.pcount;
}
#else
#define LKM_RUNQ_WAITS 0

static __always_inline u64 lkm_runq_delay(const struct task_struct *t)
{
	return 0;
}

static __always_inline unsigned long lkm_runq_ended(const struct task_struct *t)
{
	return 0;
}
#endif

#endif /* LKM_COMPAT_SCHED_PROBE */
/* ================ end of sched_probe section (modules/sched_probe) ================ */

#endif /* LKM_COMPAT_H */
