/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch_arm64.h - what syscall_probe does differently on arm64: the two
 * entry kinds (svc #0 from AArch64 code, and from an AArch32 program: the
 * compat numbering), their exit numbers, and the ring file's register
 * (CurrentEL). Included by arch.h only.
 */
#ifndef SCP_ARCH_ARM64_H
#define SCP_ARCH_ARM64_H

#include <linux/compat.h>
#include <linux/seq_file.h>
#include <asm/unistd.h>
#ifdef CONFIG_COMPAT
#include <asm/unistd_compat_32.h>
#endif

#include "syscall_probe.h"

/* The 32-bit gate's abi name (an AArch32 task's svc); there is no x32. */
#define SCP_ARCH_ABI_32_NAME "compat"
#define SCP_ARCH_HAS_X32 0

/*
 * Splits a sys_enter id into the number in its abi's table and the abi:
 * an AArch32 task (TIF_32BIT) calls with the 32-bit ARM numbering, an
 * AArch64 task with the generic one (asm-generic/unistd.h).
 */
static inline long scp_arch_decode(long id, u8 *abi)
{
	*abi = in_compat_syscall() ? SYSCALL_PROBE_ABI_COMPAT :
				     SYSCALL_PROBE_ABI_64;
	return id;
}

/* exit and exit_group, which never return, in @abi's numbering. */
static inline bool scp_arch_noreturn(s32 nr, u8 abi)
{
#ifdef CONFIG_COMPAT
	if (abi == SYSCALL_PROBE_ABI_COMPAT)
		return nr == __NR_compat32_exit ||
		       nr == __NR_compat32_exit_group;
#endif
	return nr == __NR_exit || nr == __NR_exit_group;
}

/*
 * The ring file: the CurrentEL system register read in the kernel. Bits
 * 3:2 are the exception level the CPU runs at: 1 for the kernel, 2 for a
 * kernel that runs at the hypervisor's level (VHE). EL0 (user) code cannot
 * read it at all: the instruction traps and the kernel sends SIGILL
 * (tests/progs/demo_ring.c).
 *   CurrentEL 0x4 el 1
 */
static inline void scp_arch_ring_show(struct seq_file *m)
{
	u64 el;

	/* The instruction that traps in a user program (demo_ring.c). */
	asm volatile("mrs %0, CurrentEL" : "=r"(el));
	seq_printf(m, "CurrentEL 0x%llx el %llu\n", el, (el >> 2) & 3);
}

#endif /* SCP_ARCH_ARM64_H */
