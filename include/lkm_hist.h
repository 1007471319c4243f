/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * lkm_hist.h - log2 histogram bucketing shared by the probes and their tools.
 *
 * Slot 0 counts the value 0; slot k (k >= 1) counts values in
 * [2^(k-1), 2^k - 1], as bcc's runqlat and cpudist do. A 64-bit value needs
 * at most LKM_HIST_SLOTS slots.
 */
#ifndef LKM_HIST_H
#define LKM_HIST_H

#include <linux/types.h>

#define LKM_HIST_SLOTS 65

/* Slot of @v: 0 for 0, otherwise 1 + floor(log2(v)). */
static inline unsigned int lkm_hist_slot(__u64 v)
{
	return v ? 64 - __builtin_clzll(v) : 0;
}

/* Smallest value counted in @slot. */
static inline __u64 lkm_hist_slot_low(unsigned int slot)
{
	return slot ? 1ULL << (slot - 1) : 0;
}

/* Largest value counted in @slot. */
static inline __u64 lkm_hist_slot_high(unsigned int slot)
{
	return slot ? (slot == 64 ? ~0ULL : (1ULL << slot) - 1) : 0;
}

#endif /* LKM_HIST_H */
