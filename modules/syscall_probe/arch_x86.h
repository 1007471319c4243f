/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch_x86.h - what syscall_probe does differently on x86-64: the three
 * entry gates (syscall, int $0x80 and x32), their exit numbers, and the
 * ring file's register (cs). Included by arch.h only.
 */
#ifndef SCP_ARCH_X86_H
#define SCP_ARCH_X86_H

#include <linux/compat.h>
#include <linux/seq_file.h>
#include <asm/unistd.h>

#include "syscall_probe.h"

/* The 32-bit gate's abi name; x86-64 also has x32 (scp_names_x32.h). */
#define SCP_ARCH_ABI_32_NAME "ia32"
#define SCP_ARCH_HAS_X32 1

/*
 * Splits a sys_enter id into the number in its abi's table and the abi:
 * int $0x80 and sysenter (and a 32-bit program's syscall) enter with the
 * ia32 numbering (in_ia32_syscall()), x32 sets __X32_SYSCALL_BIT in the
 * 64-bit gate's number.
 */
static inline long scp_arch_decode(long id, u8 *abi)
{
	if (in_ia32_syscall()) {
		*abi = SYSCALL_PROBE_ABI_IA32;
	} else if (id >= 0 && (id & __X32_SYSCALL_BIT)) {
		*abi = SYSCALL_PROBE_ABI_X32;
		id &= ~(long)__X32_SYSCALL_BIT;
	} else {
		*abi = SYSCALL_PROBE_ABI_64;
	}
	return id;
}

/* exit and exit_group, which never return, in @abi's numbering. */
static inline bool scp_arch_noreturn(s32 nr, u8 abi)
{
	if (abi == SYSCALL_PROBE_ABI_IA32)
		return nr == __NR_ia32_exit || nr == __NR_ia32_exit_group;
	return nr == __NR_exit || nr == __NR_exit_group;
}

/*
 * The ring file: the cs (code segment) register read in the kernel. Its
 * low two bits are the current privilege level, 0 in the kernel; the same
 * instruction in a user program (tests/progs/demo_ring.c) gives 3.
 *   cs 0x0010 cpl 0
 */
static inline void scp_arch_ring_show(struct seq_file *m)
{
	unsigned short cs;

	asm volatile("mov %%cs, %0" : "=r"(cs));
	seq_printf(m, "cs 0x%04x cpl %u\n", cs, cs & 3);
}

#endif /* SCP_ARCH_X86_H */
