// SPDX-License-Identifier: GPL-2.0
/*
 * hist.c - log2 histogram printing shared by the tools (see hist.h).
 */
#include <inttypes.h>
#include <string.h>

#include "hist.h"

#define BAR_WIDTH 40

/*
 * The last slot whose bounds fit 10 digits (2^33 - 1): past it, the value
 * columns widen to 20 digits and the bar narrows to 20, as bcc's
 * print_log2_hist() does past its index 32.
 */
#define NARROW_LAST_SLOT 33

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
	int last = -1, width, bar_width;
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
	width = last <= NARROW_LAST_SLOT ? 10 : 20;
	bar_width = last <= NARROW_LAST_SLOT ? BAR_WIDTH : BAR_WIDTH / 2;
	fprintf(out, "%*s%-*s : count    distribution\n", width, "", width,
		unit);
	if (last < 0)
		return;
	/* Like bcc, always start at the 0 -> 1 row so the scale is visible. */
	for (i = 1; i <= last || i == 1; i++) {
		uint64_t low = i == 1 ? 0 : lkm_hist_slot_low(i);
		uint64_t count = i == 1 ? slots[0] + slots[1] : slots[i];

		hist_bar(bar, bar_width, count, max);
		fprintf(out,
			"%*" PRIu64 " -> %-*" PRIu64 " : %-8" PRIu64 " |%s|\n",
			width, low, width, (uint64_t)lkm_hist_slot_high(i),
			count, bar);
	}
}
