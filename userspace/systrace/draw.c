// SPDX-License-Identifier: GPL-2.0
/*
 * draw.c - systrace -H --svg: the latency histograms of a report as a
 * picture, one panel per system call (and process, with -P), through the
 * suite's one SVG writer (it escapes every text, process names included).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "svg.h"
#include "systrace.h"

/* The first and last non-empty slots of @a; false if all are empty. */
static bool used_slots(const struct agg *a, unsigned int *lo, unsigned int *hi)
{
	unsigned int s;

	*lo = LKM_HIST_SLOTS;
	*hi = 0;
	for (s = 0; s < LKM_HIST_SLOTS; s++)
		if (a->hist[s]) {
			*lo = s < *lo ? s : *lo;
			*hi = s;
		}
	return *lo < LKM_HIST_SLOTS;
}

/* One panel per system call: a bar per log2 latency slot. */
static int svg_panel(struct svg *f, const struct agg *a, int y)
{
	unsigned int s, lo, hi;
	uint64_t max = 0;

	if (!used_slots(a, &lo, &hi))
		return y;
	for (s = lo; s <= hi; s++)
		max = a->hist[s] > max ? a->hist[s] : max;
	svg_group(f, "font-weight=\"bold\"");
	if (a->tgid < 0)
		svg_text(f, 10, y + 16, "text-anchor=\"start\"",
			 "%s (abi %s): %" PRIu64 " calls", a->name, a->abi,
			 a->calls);
	else
		svg_text(f, 10, y + 16, "text-anchor=\"start\"",
			 "%s (abi %s), pid %d (%s): %" PRIu64 " calls", a->name,
			 a->abi, a->tgid, a->comm, a->calls);
	svg_group_end(f);
	y += 26;
	for (s = lo; s <= hi; s++) {
		int w = (int)(420.0 * a->hist[s] / max);

		svg_text(f, 190, y + 13, "text-anchor=\"end\"",
			 "%" PRIu64 " - %" PRIu64 " ns",
			 (uint64_t)lkm_hist_slot_low(s),
			 (uint64_t)lkm_hist_slot_high(s));
		if (a->hist[s])
			svg_rect(f, 200, y + 2, w ? w : 1, 14, "#4a7ab5");
		svg_text(f, 206 + w, y + 13, "text-anchor=\"start\"",
			 "%" PRIu64, a->hist[s]);
		y += 18;
	}
	return y + 10;
}

/* --svg: the histograms of this report as a picture. */
void write_svg(const char *path, const struct aggs *aggs)
{
	unsigned int lo, hi;
	int y = 40, h = 40;
	struct svg *f;
	size_t i;

	for (i = 0; i < aggs->n; i++)
		if (used_slots(&aggs->a[i], &lo, &hi))
			h += 36 + 18 * (hi - lo + 1);
	f = svg_open(path, 720, h,
		     "font-family=\"sans-serif\" font-size=\"12\"");
	if (!f) {
		fprintf(stderr, "systrace: %s: %s\n", path, strerror(errno));
		return;
	}
	svg_rect(f, 0, 0, 720, h, "white");
	svg_group(f, "font-size=\"15\"");
	svg_text(f, 10, 22, "text-anchor=\"start\"",
		 "System call latency (log2 buckets, from syscall_probe)");
	svg_group_end(f);
	for (i = 0; i < aggs->n; i++)
		y = svg_panel(f, &aggs->a[i], y);
	if (svg_close(f))
		fprintf(stderr, "systrace: %s: %s\n", path, strerror(errno));
}
