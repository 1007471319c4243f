/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch_arm64.h - what the binfmt_demo loader does differently on arm64:
 * which callers count as 32-bit, the auxv's hardware capabilities, the
 * register set-up at the entry point. Included by toy.h only.
 */
#ifndef BINFMT_DEMO_ARCH_ARM64_H
#define BINFMT_DEMO_ARCH_ARM64_H

#include <asm/cpufeature.h>
#include <linux/bits.h>
#include <linux/compat.h>
#include <linux/elf.h>
#include <linux/ptrace.h>

/* An AArch32 (compat) task: we only build AArch64 images. */
static inline bool toy_arch_caller_is_compat(void)
{
	return is_compat_task();
}

/*
 * AT_HWCAP, AT_HWCAP2 (and AT_HWCAP3 where the kernel has 192 feature
 * bits): binfmt_elf uses cpu_get_elf_hwcap*(), which are not exported;
 * cpu_have_feature() reads the same bitmap one bit at a time. Bit n of
 * word w is the kernel's feature number 64 * w + n (asm/hwcap.h).
 */
#define TOY_ARCH_HWCAP_WORDS (MAX_CPU_FEATURES / 64)

static inline unsigned long toy_arch_hwcap(int word)
{
	unsigned long caps = 0;
	unsigned int bit;

	for (bit = 0; bit < 64; bit++)
		if (cpu_have_feature(word * 64 + bit))
			caps |= BIT(bit);
	return caps;
}

/*
 * What start_thread() does, without its call to
 * spectre_v4_enable_task_mitigation() (not exported): all user registers
 * zero (x0 too, as ELF_PLAT_INIT wants), pc, sp, EL0t. The SSBS bit (the
 * task's speculative store bypass setting) is kept from the caller's saved
 * PSTATE, where the kernel maintains it; setup_new_exec() has already
 * updated it if a prctl asked for a reset on exec. syscallno stays, for
 * the sys_exit_execve tracepoint.
 */
static inline void toy_arch_start_thread(struct pt_regs *regs, unsigned long pc,
					 unsigned long sp)
{
	u64 ssbs = regs->pstate & PSR_SSBS_BIT;

	regs->user_regs = (struct user_pt_regs){
		.pc = pc,
		.sp = sp,
		.pstate = PSR_MODE_EL0t | ssbs,
	};
	regs->orig_x0 = 0;
}

#endif /* BINFMT_DEMO_ARCH_ARM64_H */
