/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch_arm64.h - what sched_probe does differently on arm64: how the
 * number of the system call a task is in tells sched_yield() for an
 * AArch64 task (svc #0, the generic numbering) and an AArch32 one (the
 * compat numbering). Included by main.c only.
 */
#ifndef SCHP_ARCH_ARM64_H
#define SCHP_ARCH_ARM64_H

#include <linux/compat.h>
#include <asm/unistd.h>
#ifdef CONFIG_COMPAT
#include <asm/unistd_compat_32.h>
#endif

/*
 * Is @nr (syscall_get_nr() of current, its syscallno) sched_yield? 124 for
 * an AArch64 task, 158 for an AArch32 one (TIF_32BIT).
 */
static inline bool schp_arch_is_yield(int nr)
{
#ifdef CONFIG_COMPAT
	if (in_compat_syscall())
		return nr == __NR_compat32_sched_yield;
#endif
	return nr == __NR_sched_yield;
}

#endif /* SCHP_ARCH_ARM64_H */
