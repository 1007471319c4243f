// SPDX-License-Identifier: GPL-2.0
/*
 * lkm_hist_kunit.c - KUnit suite "lkm_hist": the log2 histogram bucketing
 * of include/lkm_hist.h, compiled as the kernel compiles it, checked
 * against the kernel's own fls64() and ilog2() on known values, on every
 * slot boundary and on a million seeded pseudo-random values, and the
 * clamping the probes apply (sched_probe: 32 slots of microseconds,
 * syscall_probe: 40 slots of nanoseconds). Results: dmesg and
 * /sys/kernel/debug/kunit/lkm_hist/results (KTAP).
 */
#include <kunit/test.h>
#include <linux/bitops.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/prandom.h>

#include "lkm_hist.h"
#include "sched_probe.h"
#include "syscall_probe.h"

static void hist_known_values(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, lkm_hist_slot(0), 0U);
	KUNIT_EXPECT_EQ(test, lkm_hist_slot(1), 1U);
	KUNIT_EXPECT_EQ(test, lkm_hist_slot(2), 2U);
	KUNIT_EXPECT_EQ(test, lkm_hist_slot(3), 2U);
	KUNIT_EXPECT_EQ(test, lkm_hist_slot(4), 3U);
	KUNIT_EXPECT_EQ(test, lkm_hist_slot(1023), 10U);
	KUNIT_EXPECT_EQ(test, lkm_hist_slot(1024), 11U);
	KUNIT_EXPECT_EQ(test, lkm_hist_slot(1ULL << 63), 64U);
	KUNIT_EXPECT_EQ(test, lkm_hist_slot(U64_MAX), 64U);
	KUNIT_EXPECT_EQ(test, lkm_hist_slot_low(0), 0ULL);
	KUNIT_EXPECT_EQ(test, lkm_hist_slot_high(0), 0ULL);
	KUNIT_EXPECT_EQ(test, lkm_hist_slot_low(64), 1ULL << 63);
	KUNIT_EXPECT_EQ(test, lkm_hist_slot_high(64), U64_MAX);
}

/* Every slot: its bounds fall in it, and slots tile [0, 2^64) in order. */
static void hist_slot_bounds(struct kunit *test)
{
	unsigned int s;

	for (s = 0; s < LKM_HIST_SLOTS; s++) {
		u64 lo = lkm_hist_slot_low(s), hi = lkm_hist_slot_high(s);

		KUNIT_EXPECT_EQ_MSG(test, lkm_hist_slot(lo), s, "low of %u", s);
		KUNIT_EXPECT_EQ_MSG(test, lkm_hist_slot(hi), s, "high of %u",
				    s);
		KUNIT_EXPECT_LE_MSG(test, lo, hi, "slot %u", s);
		if (s + 1 < LKM_HIST_SLOTS)
			KUNIT_EXPECT_EQ_MSG(test, hi + 1,
					    lkm_hist_slot_low(s + 1),
					    "slot %u ends where %u starts", s,
					    s + 1);
	}
}

/* The kernel's fls64() and ilog2() are an independent oracle. */
static void hist_matches_fls64(struct kunit *test)
{
	struct rnd_state rnd;
	unsigned int i, bad = 0;
	u64 v;

	prandom_seed_state(&rnd, 8);
	for (i = 0; i < 1000000; i++) {
		v = ((u64)prandom_u32_state(&rnd) << 32) |
		    prandom_u32_state(&rnd);
		v >>= i % 64; /* every magnitude, not just the top slots */
		if (lkm_hist_slot(v) != fls64(v) ||
		    (v && lkm_hist_slot(v) != ilog2(v) + 1))
			bad++;
		if (v < lkm_hist_slot_low(lkm_hist_slot(v)) ||
		    v > lkm_hist_slot_high(lkm_hist_slot(v)))
			bad++;
	}
	KUNIT_EXPECT_EQ_MSG(test, bad, 0U, "values in the wrong slot (seed 8)");
}

/* The probes clamp to their slot count: the last slot takes the rest. */
static void hist_probe_clamping(struct kunit *test)
{
	unsigned int last = SCHED_PROBE_HIST_SLOTS - 1;

	KUNIT_EXPECT_EQ(test,
			min_t(unsigned int, lkm_hist_slot(1ULL << 30), last),
			31U);
	KUNIT_EXPECT_EQ(test, min_t(unsigned int, lkm_hist_slot(U64_MAX), last),
			last);
	last = SYSCALL_PROBE_HIST_SLOTS - 1;
	KUNIT_EXPECT_EQ(test,
			min_t(unsigned int, lkm_hist_slot(1ULL << 38), last),
			39U);
	KUNIT_EXPECT_EQ(test,
			min_t(unsigned int, lkm_hist_slot(1ULL << 39), last),
			last);
	KUNIT_EXPECT_LE(test, SCHED_PROBE_HIST_SLOTS, LKM_HIST_SLOTS);
	KUNIT_EXPECT_LE(test, SYSCALL_PROBE_HIST_SLOTS, LKM_HIST_SLOTS);
}

static struct kunit_case hist_cases[] = { KUNIT_CASE(hist_known_values),
					  KUNIT_CASE(hist_slot_bounds),
					  KUNIT_CASE(hist_matches_fls64),
					  KUNIT_CASE(hist_probe_clamping),
					  {} };

static struct kunit_suite hist_suite = {
	.name = "lkm_hist",
	.test_cases = hist_cases,
};

kunit_test_suite(hist_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: log2 histogram bucketing of lkm_hist.h");
