// SPDX-License-Identifier: GPL-2.0
/*
 * test_hist.c - host unit test of the log2 histogram bucketing shared by the
 * modules (include/lkm_hist.h) and its printing (userspace/lib/hist.c).
 * Prints KTAP.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "ktap.h"

static void test_slots(void)
{
	static const struct {
		uint64_t v;
		unsigned int slot;
	} cases[] = {
		{ 0, 0 },	    { 1, 1 },	   { 2, 2 },	 { 3, 2 },
		{ 4, 3 },	    { 1023, 10 },  { 1024, 11 }, { 1025, 11 },
		{ 1ULL << 63, 64 }, { ~0ULL, 64 },
	};
	unsigned int i, bad = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned int s = lkm_hist_slot(cases[i].v);

		if (s != cases[i].slot) {
			ktap_diag("slot(%" PRIu64 ") = %u, want %u", cases[i].v,
				  s, cases[i].slot);
			bad++;
		}
	}
	ktap_result(!bad, "log2 slot of known values");
}

static void test_slot_bounds(void)
{
	unsigned int s, bad = 0;

	for (s = 0; s < LKM_HIST_SLOTS; s++) {
		if (lkm_hist_slot(lkm_hist_slot_low(s)) != s ||
		    lkm_hist_slot(lkm_hist_slot_high(s)) != s)
			bad++;
		if (s && s < 64 &&
		    lkm_hist_slot_high(s) + 1 != lkm_hist_slot_low(s + 1))
			bad++;
	}
	ktap_result(!bad, "slot bounds are contiguous and consistent");
}

static void test_print(void)
{
	uint64_t slots[LKM_HIST_SLOTS] = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	slots[0] = 1;
	slots[1] = 1;
	slots[3] = 4;
	hist_print_log2(f, slots, "usecs");
	fclose(f);
	ktap_result(
		strstr(buf, "usecs") &&
			strstr(buf,
			       "0 -> 1          : 2        |********************") &&
			strstr(buf, "2 -> 3          : 0        |       ") &&
			strstr(buf,
			       "4 -> 7          : 4        |****************************************|") &&
			!strstr(buf, "8 -> 15"),
		"printed rows, counts and bars");
	if (!ktap_last_ok())
		ktap_diag("output was:\n%s", buf);
	free(buf);
}

int main(void)
{
	ktap_plan(3);
	test_slots();
	test_slot_bounds();
	test_print();
	return ktap_finish();
}
