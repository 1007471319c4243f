/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * lkm_suite.h - definitions shared by every module of the suite and its tools:
 * the suite's version and the /proc folders each module creates.
 *
 * Included from kernel code (modules/) and from userspace (userspace/, tests/),
 * so it only uses what both sides have.
 */
#ifndef LKM_SUITE_H
#define LKM_SUITE_H

#define LKM_SUITE_VERSION "0.1.0"

/* Interface folders, relative to /proc. */
#define BINFMT_DEMO_PROC_DIR "binfmt_demo"
#define PAGEWALK_PROC_DIR "pagewalk"
#define SCHED_PROBE_PROC_DIR "sched_probe"
#define SYSCALL_PROBE_PROC_DIR "syscall_probe"

#endif /* LKM_SUITE_H */
