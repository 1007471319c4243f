/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch_x86.h - what sched_probe does differently on x86-64: how the
 * number of the system call a task is in tells sched_yield() for each of
 * its three entry gates. Included by main.c only.
 */
#ifndef SCHP_ARCH_X86_H
#define SCHP_ARCH_X86_H

#include <linux/compat.h>
#include <asm/unistd.h>
#ifdef CONFIG_IA32_EMULATION
#include <asm/unistd_32_ia32.h>
#endif

/*
 * Is @nr (syscall_get_nr() of current, orig_ax) sched_yield? ia32 (int
 * $0x80, sysenter or a 32-bit syscall: TS_COMPAT is set) numbers it 158,
 * x32 sets __X32_SYSCALL_BIT in the 64-bit number.
 */
static inline bool schp_arch_is_yield(int nr)
{
#ifdef CONFIG_IA32_EMULATION
	if (in_ia32_syscall())
		return nr == __NR_ia32_sched_yield;
#endif
#ifdef CONFIG_X86_X32_ABI
	nr &= ~__X32_SYSCALL_BIT;
#endif
	return nr == __NR_sched_yield;
}

#endif /* SCHP_ARCH_X86_H */
