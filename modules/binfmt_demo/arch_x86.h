/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch_x86.h - what the binfmt_demo loader does differently on x86-64:
 * which callers count as 32-bit, the auxv's hardware capabilities, the
 * register set-up at the entry point. Included by toy.h only.
 */
#ifndef BINFMT_DEMO_ARCH_X86_H
#define BINFMT_DEMO_ARCH_X86_H

#include <asm/processor.h>
#include <linux/compat.h>
#include <linux/elf.h>
#include <linux/sched.h>

/*
 * A 32-bit execve (ia32 "int $0x80" or x32), or a task with a 32-bit
 * address space (TIF_ADDR32, which only binfmt_elf's 64-bit personality
 * switch clears): we only build 64-bit images.
 */
static inline bool toy_arch_caller_is_compat(void)
{
	return in_compat_syscall() || test_thread_flag(TIF_ADDR32);
}

/* AT_HWCAP: CPUID 1 EDX, as binfmt_elf's (AT_HWCAP2's is not exported). */
#define TOY_ARCH_HWCAP_WORDS 1

static inline unsigned long toy_arch_hwcap(int word)
{
	return ELF_HWCAP;
}

/* Zero the registers (ELF_PLAT_INIT), then ip, sp and the segments. */
static inline void toy_arch_start_thread(struct pt_regs *regs, unsigned long pc,
					 unsigned long sp)
{
	ELF_PLAT_INIT(regs, 0);
	start_thread(regs, pc, sp);
}

#endif /* BINFMT_DEMO_ARCH_X86_H */
