/* SPDX-License-Identifier: GPL-2.0 */
/*
 * toy.h - what the files of the binfmt_demo module share: the handler,
 * the counters shown in /proc/binfmt_demo/stats, the two loaders, and the
 * per-architecture part (arch_x86.h, arch_arm64.h).
 */
#ifndef BINFMT_DEMO_TOY_H
#define BINFMT_DEMO_TOY_H

#include <asm/page.h>
#include <linux/atomic.h>
#include <linux/binfmts.h>
#include <linux/build_bug.h>

#include "toyexec.h"

#if defined(CONFIG_X86_64)
#include "arch_x86.h"
#elif defined(CONFIG_ARM64)
#include "arch_arm64.h"
#else
#error "binfmt_demo supports x86-64 and arm64 only"
#endif

/* Segments are aligned to 4 KiB: larger pages could not map them. */
static_assert(PAGE_SIZE == TOY_PAGE_SIZE,
	      "the toy format needs a kernel with 4 KiB pages");

/* Outcome counters; examined = not_ours + rejected + loaded + ... */
struct toy_stats {
	atomic_long_t examined;
	atomic_long_t not_ours;
	atomic_long_t loaded;
	atomic_long_t handed_off;
	atomic_long_t failed;
	atomic_long_t rejected[TOY_R_NR];
};

extern struct toy_stats toy_stats;
extern struct linux_binfmt toy_format;
extern bool toy_verbose;

int toy_load_native(struct linux_binprm *bprm, const struct toy_header *h);
int toy_hand_off(struct linux_binprm *bprm, const struct toy_header *h);

#endif /* BINFMT_DEMO_TOY_H */
