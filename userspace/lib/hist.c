// SPDX-License-Identifier: GPL-2.0
/*
 * hist.c - log2 histogram printing shared by the tools (see hist.h).
 */
#include <inttypes.h>
#include <string.h>

#include "hist.h"

#define BAR_WIDTH 40

void hist_bar(char *buf, size_t width, uint64_t count, uint64_t max)
{
	size_t stars = max ? (size_t)((count * width + max - 1) / max) : 0;

	if (stars > width)
		stars = width;
	memset(buf, '*', stars);
	memset(buf + stars, ' ', width - stars);
	buf[width] = '\0';
}

void hist_print_log2(FILE *out, const uint64_t *slots, const char *unit)
{
	char bar[BAR_WIDTH + 1];
	int last = -1;
	uint64_t max = 0;
	int i;

	for (i = 0; i < LKM_HIST_SLOTS; i++) {
		if (slots[i])
			last = i;
	}
	/* Slots 0 and 1 share the first row, "0 -> 1". */
	max = slots[0] + slots[1];
	for (i = 2; i <= last; i++)
		if (slots[i] > max)
			max = slots[i];
	fprintf(out, "%*s%-*s : count    distribution\n", 10, "", 10, unit);
	if (last < 0)
		return;
	/* Like bcc, always start at the 0 -> 1 row so the scale is visible. */
	for (i = 1; i <= last || i == 1; i++) {
		uint64_t low = i == 1 ? 0 : lkm_hist_slot_low(i);
		uint64_t count = i == 1 ? slots[0] + slots[1] : slots[i];

		hist_bar(bar, BAR_WIDTH, count, max);
		fprintf(out,
			"%10" PRIu64 " -> %-10" PRIu64 " : %-8" PRIu64
			" |%s|\n",
			low, (uint64_t)lkm_hist_slot_high(i), count, bar);
	}
}
