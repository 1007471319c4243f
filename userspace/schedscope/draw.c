// SPDX-License-Identifier: GPL-2.0
/*
 * draw.c - a schedscope timeline drawn in the terminal: one lane per CPU, a
 * letter per task and a line of marks saying why slices ended (the SVG
 * picture is in draw_svg.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedscope.h"

const char *reason_name(uint32_t r)
{
	static const char *const names[] = { "running", "preempted", "slept",
					     "yielded", "exited" };

	return r <= SCHED_PROBE_END_EXITED ? names[r] : "?";
}

/* Letter of @pid in the legend (A-Z, a-z) by time on CPU, or '*'. */
static char letter_of(const uint32_t *legend, int nl, uint32_t pid)
{
	int i;

	for (i = 0; i < nl; i++)
		if (legend[i] == pid)
			return i < 26 ? 'A' + i : 'a' + i - 26;
	return '*';
}

struct pid_time {
	uint32_t pid;
	uint64_t ns;
};

static int by_ns(const void *a, const void *b)
{
	const struct pid_time *x = a, *y = b;

	return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : 0;
}

int top_pids(const struct slice *s, size_t ns, uint64_t t0, uint64_t t1,
	     uint32_t *legend, uint64_t *on_cpu)
{
	struct pid_time *pt = calloc(ns + 1, sizeof(*pt));
	uint64_t lo, hi;
	size_t i, j, n = 0;
	int nl;

	if (!pt)
		die("%s", "out of memory");
	for (i = 0; i < ns; i++) {
		for (j = 0; j < n && pt[j].pid != s[i].pid; j++)
			;
		if (j == n)
			pt[n++].pid = s[i].pid;
		/* only the part inside the window drawn */
		lo = s[i].start > t0 ? s[i].start : t0;
		hi = s[i].end < t1 ? s[i].end : t1;
		if (hi > lo)
			pt[j].ns += hi - lo;
	}
	qsort(pt, n, sizeof(*pt), by_ns);
	nl = n < MAX_LEGEND ? n : MAX_LEGEND;
	for (i = 0; i < (size_t)nl; i++) {
		legend[i] = pt[i].pid;
		if (on_cpu)
			on_cpu[i] = pt[i].ns;
	}
	free(pt);
	return nl;
}

/*
 * The line under a lane: in each column, why a slice ended there (the
 * rarest reason when several did): x exited, y yielded, p preempted, s
 * slept; blank if none ended.
 */
static void end_marks(const struct slice *s, size_t ns, int cpu, uint64_t t0,
		      uint64_t t1, uint64_t bin, char *line, size_t w)
{
	static const char mark[] = " psyx";
	static const int rank[] = { 0, 2, 1, 3, 4 };
	uint64_t i;
	size_t k;
	int r;

	memset(line, ' ', w);
	line[w] = '\0';
	for (k = 0; k < ns; k++) {
		r = s[k].reason;
		if ((int)s[k].cpu != cpu || s[k].end < t0 || s[k].end >= t1 ||
		    r < 1 || r > SCHED_PROBE_END_EXITED)
			continue;
		i = (s[k].end - t0) / bin;
		if (i < w && (line[i] == ' ' ||
			      rank[r] > rank[strchr(mark, line[i]) - mark]))
			line[i] = mark[r];
	}
}

/* Time of each legend task (index nl: all others) per column of CPU @c. */
static void column_times(const struct slice *s, size_t ns, int c, uint64_t t0,
			 uint64_t t1, uint64_t bin, int w,
			 const uint32_t *legend, int nl, uint64_t *acc)
{
	size_t k;

	for (k = 0; k < ns; k++) {
		uint64_t a, b, x;
		int li, i;

		if ((int)s[k].cpu != c || s[k].end <= t0)
			continue;
		for (li = 0; li < nl && legend[li] != s[k].pid; li++)
			;
		a = s[k].start < t0 ? t0 : s[k].start;
		for (x = a; x < s[k].end && x < t1;
		     x = t0 + ((x - t0) / bin + 1) * bin) {
			uint64_t e = t0 + ((x - t0) / bin + 1) * bin;

			i = (x - t0) / bin;
			b = (e < s[k].end ? e : s[k].end) - x;
			if (i < w)
				acc[(size_t)i * (nl + 1) + li] += b;
		}
	}
}

void draw_lanes(const struct slice *s, size_t ns, uint64_t t0, uint64_t t1,
		struct tasks *ts, int w)
{
	uint32_t legend[MAX_LEGEND];
	int nl = top_pids(s, ns, t0, t1, legend, NULL), c, i;
	uint64_t bin = (t1 - t0) / w + 1;
	uint32_t maxcpu = 0;
	size_t k;
	char *lane;

	if (w < 1)
		die("%s", "lane width below 1");
	for (k = 0; k < ns; k++)
		if (s[k].cpu > maxcpu)
			maxcpu = s[k].cpu;
	lane = malloc(w + 1);
	if (!lane)
		die("%s", "out of memory");
	printf("One column = %.2f ms; '.' idle, letters: tasks below\n",
	       bin / 1e6);
	for (c = 0; c <= (int)maxcpu; c++) {
		uint64_t *acc = calloc((size_t)w * (nl + 1), sizeof(*acc));

		if (!acc)
			die("%s", "out of memory");
		column_times(s, ns, c, t0, t1, bin, w, legend, nl, acc);
		/* The task that ran most of the column, or '.' if idle did. */
		for (i = 0; i < w; i++) {
			uint64_t lo = t0 + (uint64_t)i * bin, hi = lo + bin;
			uint64_t busy = 0, top = 0,
				 *col = acc + (size_t)i * (nl + 1);
			int j, tl = -1;

			if (hi > t1)
				hi = t1;
			for (j = 0; j <= nl; j++) {
				busy += col[j];
				if (col[j] > top) {
					top = col[j];
					tl = j;
				}
			}
			if (lo >= t1)
				lane[i] = ' ';
			else if (tl < 0 ||
				 (hi - lo > busy && hi - lo - busy >= top))
				lane[i] = '.';
			else
				lane[i] = tl < nl ? letter_of(legend, nl,
							      legend[tl]) :
						    '*';
		}
		lane[w] = '\0';
		printf("CPU%-2d |%s|\n", c, lane);
		end_marks(s, ns, c, t0, t1, bin, lane, (size_t)w);
		printf(" ends |%s|\n", lane);
		free(acc);
	}
	printf("Slice ends (one per column; x before y, p, s): p preempted, "
	       "s slept,\n  y yielded, x exited\n");
	for (i = 0; i < nl; i++)
		printf("  %c = %u %s\n", letter_of(legend, nl, legend[i]),
		       legend[i], comm_of(ts, legend[i]));
	free(lane);
}
