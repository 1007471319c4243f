/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch.h - the per-architecture part of syscall_probe (arch_x86.h,
 * arch_arm64.h): how a sys_enter id tells its entry gate (abi), which
 * numbers never return, the abi names, and the ring file's register.
 */
#ifndef SCP_ARCH_H
#define SCP_ARCH_H

#if defined(CONFIG_X86_64)
#include "arch_x86.h"
#elif defined(CONFIG_ARM64)
#include "arch_arm64.h"
#else
#error "syscall_probe knows x86-64 and arm64 only"
#endif

#endif /* SCP_ARCH_H */
