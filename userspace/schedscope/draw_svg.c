// SPDX-License-Identifier: GPL-2.0
/*
 * draw_svg.c - a schedscope timeline as an SVG picture to project in
 * class: a title that says what is shown, one lane per CPU (44 px high), a
 * time axis with its unit, one colour per task (a fixed palette indexed by
 * the task's rank in time on CPU, so two tasks never share a colour; the
 * tasks past the palette are grey, "other tasks"), and under each lane a
 * mark where a slice ended, its shape saying why (preempted, slept,
 * yielded, exited), explained in the legend. Written through the suite's
 * one SVG writer, which escapes the task names.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedscope.h"
#include "svg.h"

/* Geometry, px: the plot's left edge and width, a CPU's lane and marks. */
#define WIDTH 1200
#define LEFT 100
#define PLOT 1060
#define TOP 84
#define LANE 44
#define MARKS 18
#define CPU_H (LANE + MARKS + 10)
#define LEGEND_ROW 26

/*
 * Qualitative colours that stay apart when projected (the 12 first of
 * Tableau's category20 order, the pale twins last); grey is kept for
 * "other tasks" and the light lane background for idle.
 */
static const char *const palette[] = {
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
	"#e377c2", "#17becf", "#bcbd22", "#aec7e8", "#ffbb78", "#98df8a",
};
#define NCOLOURS (int)(sizeof(palette) / sizeof(palette[0]))
#define OTHER "#8f8f8f"
#define IDLE "#f0f0f0"

static const char *colour_of(const uint32_t *legend, int nl, uint32_t pid)
{
	int i;

	for (i = 0; i < nl; i++)
		if (legend[i] == pid)
			return palette[i];
	return OTHER;
}

static int by_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* How many different tasks ran in the @ns slices. */
static int distinct_pids(const struct slice *s, size_t ns)
{
	uint32_t *p = xrealloc(NULL, (ns + 1) * sizeof(*p));
	size_t k;
	int n = 0;

	for (k = 0; k < ns; k++)
		p[k] = s[k].pid;
	qsort(p, ns, sizeof(*p), by_u32);
	for (k = 0; k < ns; k++)
		n += !k || p[k] != p[k - 1];
	free(p);
	return n;
}

/* The mark of reason @r (SCHED_PROBE_END_*) centred on (@x, @y). */
static void mark(struct svg *f, uint32_t r, double x, double y)
{
	const char *ink = "fill=\"#000\"";

	switch (r) {
	case SCHED_PROBE_END_PREEMPTED: { /* a triangle pointing down */
		double xy[] = { x - 6, y - 6, x + 6, y - 6, x, y + 6 };

		svg_polygon(f, xy, 3, ink);
		break;
	}
	case SCHED_PROBE_END_SLEPT:
		svg_circle(f, x, y, 5,
			   "fill=\"#fff\" stroke=\"#000\" "
			   "stroke-width=\"2\"");
		break;
	case SCHED_PROBE_END_YIELDED: { /* a diamond */
		double xy[] = { x, y - 7, x + 6, y, x, y + 7, x - 6, y };

		svg_polygon(f, xy, 4, ink);
		break;
	}
	case SCHED_PROBE_END_EXITED: /* a cross */
		svg_line(f, x - 5, y - 5, x + 5, y + 5,
			 "stroke=\"#000\" stroke-width=\"3\"");
		svg_line(f, x - 5, y + 5, x + 5, y - 5,
			 "stroke=\"#000\" stroke-width=\"3\"");
		break;
	default: /* still running at the end of the recording: none */
		break;
	}
}

/*
 * The time axis under the lanes at @y: ticks every 1, 2 or 5 times a power
 * of ten of the unit (us, ms or s, whichever keeps the numbers short),
 * each labelled with its unit, and light grid lines up through the lanes.
 */
static void axis(struct svg *f, double y, uint64_t span)
{
	double div = span < 2000000 ? 1e3 : span < 5000000000ULL ? 1e6 : 1e9;
	const char *unit = div == 1e3 ? "us" : div == 1e6 ? "ms" : "s";
	double total = span / div, raw = total / 8, mag, step, t;

	mag = pow(10, floor(log10(raw > 0 ? raw : 1)));
	step = raw <= mag     ? mag :
	       raw <= 2 * mag ? 2 * mag :
	       raw <= 5 * mag ? 5 * mag :
				10 * mag;
	svg_line(f, LEFT, y, LEFT + PLOT, y,
		 "stroke=\"#000\" stroke-width=\"1.5\"");
	for (t = 0; t <= total * 1.0001; t += step) {
		double x = LEFT + t / total * PLOT;

		svg_line(f, x, TOP - 4, x, y, "stroke=\"#ddd\"");
		svg_line(f, x, y, x, y + 7, "stroke=\"#000\"");
		svg_text(f, x, y + 24, "text-anchor=\"middle\"", "%g %s", t,
			 unit);
	}
	svg_text(f, LEFT + PLOT / 2.0, y + 48,
		 "text-anchor=\"middle\" font-style=\"italic\"",
		 "time since the first recorded switch (%s); the recording "
		 "lasted %.1f ms",
		 unit, span / 1e6);
}

/*
 * The legend from @y: each coloured task with its PID, name and time on
 * CPU, two columns; grey other tasks and idle; then the four marks.
 * Returns the y under it.
 */
static double legend_box(struct svg *f, double y, const uint32_t *legend,
			 const uint64_t *on_cpu, int nl, int others,
			 uint64_t span, struct tasks *ts)
{
	static const char *const why[] = {
		NULL,
		"preempted: the scheduler took the CPU away (tick, wakeup)",
		"slept: the task waited (sleep, I/O, a lock)",
		"yielded: the task called sched_yield()",
		"exited: the task ended",
	};
	int i, row = 0;
	uint32_t r;

	svg_text(f, LEFT, y, "font-weight=\"bold\"",
		 "Colour = task (PID name: time on CPU)");
	y += 12;
	for (i = 0; i < nl; i++, row++) {
		double x = LEFT + (row % 2) * (PLOT / 2.0),
		       yy = y + (row / 2) * LEGEND_ROW;

		svg_rect(f, x, yy, 18, 18, palette[i]);
		svg_text(f, x + 26, yy + 15, NULL, "%u %s: %.1f ms (%.0f%%)",
			 legend[i], comm_of(ts, legend[i]), on_cpu[i] / 1e6,
			 100.0 * on_cpu[i] / span);
	}
	if (others) {
		double x = LEFT + (row % 2) * (PLOT / 2.0),
		       yy = y + (row / 2) * LEGEND_ROW;

		svg_rect(f, x, yy, 18, 18, OTHER);
		svg_text(f, x + 26, yy + 15, NULL, "%d other tasks", others);
		row++;
	}
	{
		double x = LEFT + (row % 2) * (PLOT / 2.0),
		       yy = y + (row / 2) * LEGEND_ROW;

		svg_box(f, x, yy, 18, 18, "fill=\"" IDLE "\" stroke=\"#999\"");
		svg_text(f, x + 26, yy + 15, NULL, "idle: no task ran");
		row++;
	}
	y += ((row + 1) / 2) * LEGEND_ROW + 24;
	svg_text(f, LEFT, y, "font-weight=\"bold\"",
		 "Mark under a lane = where a slice ended, and why");
	y += 12;
	for (r = SCHED_PROBE_END_PREEMPTED; r <= SCHED_PROBE_END_EXITED; r++) {
		double x = LEFT + ((r - 1) % 2) * (PLOT / 2.0),
		       yy = y + ((r - 1) / 2) * LEGEND_ROW;

		mark(f, r, x + 9, yy + 9);
		svg_text(f, x + 26, yy + 15, NULL, "%s", why[r]);
	}
	return y + 2 * LEGEND_ROW;
}

void draw_svg(const char *path, const struct slice *s, size_t ns, uint64_t t0,
	      uint64_t t1, struct tasks *ts)
{
	uint32_t maxcpu = 0, legend[MAX_LEGEND];
	uint64_t on_cpu[MAX_LEGEND];
	int nl = top_pids(s, ns, t0, t1, legend, on_cpu), others = 0;
	double scale = (double)PLOT / (t1 - t0), axis_y, height;
	char title[160], tip[160];
	struct svg *f;
	size_t k;

	for (k = 0; k < ns; k++)
		if (s[k].cpu > maxcpu)
			maxcpu = s[k].cpu;
	if (nl > NCOLOURS) {
		others = distinct_pids(s, ns) - NCOLOURS;
		nl = NCOLOURS;
	}
	axis_y = TOP + (maxcpu + 1) * CPU_H + 4;
	/* As legend_box() lays it out: tasks, others and idle, then marks. */
	height = axis_y + 84 + 12 + ((nl + (others > 0) + 2) / 2) * LEGEND_ROW +
		 36 + 2 * LEGEND_ROW + 10;
	f = svg_open(path, WIDTH, height,
		     "font-family=\"DejaVu Sans, Verdana, sans-serif\" "
		     "font-size=\"15\"");
	if (!f)
		die("cannot write %s", path);
	snprintf(title, sizeof(title),
		 "Which task ran on each CPU, and why each slice ended "
		 "(%.1f ms, sched_probe)",
		 (t1 - t0) / 1e6);
	svg_title(f, title);
	svg_rect(f, 0, 0, WIDTH, height, "#fff");
	svg_text(f, 20, 34, "font-size=\"22\" font-weight=\"bold\"", "%s",
		 title);
	svg_text(f, 20, 60, NULL,
		 "Time runs left to right, one lane per CPU; a coloured bar "
		 "is a task on the CPU (its timeslice).");
	for (k = 0; k <= maxcpu; k++) {
		double y = TOP + k * CPU_H;

		svg_text(f, LEFT - 12, y + LANE / 2.0 + 6,
			 "text-anchor=\"end\" font-size=\"18\" "
			 "font-weight=\"bold\"",
			 "CPU %zu", k);
		svg_box(f, LEFT, y, PLOT, LANE,
			"fill=\"" IDLE "\" stroke=\"#999\"");
	}
	axis(f, axis_y, t1 - t0);
	for (k = 0; k < ns; k++) {
		double x0 = LEFT +
			    ((s[k].start < t0 ? t0 : s[k].start) - t0) * scale,
		       x1 = LEFT +
			    ((s[k].end > t1 ? t1 : s[k].end) - t0) * scale,
		       y = TOP + s[k].cpu * CPU_H;

		if (s[k].end <= t0 || x1 <= x0)
			continue;
		snprintf(tip, sizeof(tip), "CPU %u: %u %s ran %.3f ms, %s",
			 s[k].cpu, s[k].pid, comm_of(ts, s[k].pid),
			 (s[k].end - s[k].start) / 1e6,
			 reason_name(s[k].reason));
		svg_rect_title(f, x0, y, x1 - x0, LANE,
			       colour_of(legend, nl, s[k].pid), tip);
		if (x1 - x0 >= 3) /* a thin white edge between two slices */
			svg_line(f, x1, y, x1, y + LANE,
				 "stroke=\"#fff\" stroke-width=\"1\"");
		if (s[k].end <= t1)
			mark(f, s[k].reason, x1, y + LANE + MARKS / 2.0 + 1);
	}
	legend_box(f, axis_y + 84, legend, on_cpu, nl, others, t1 - t0, ts);
	if (svg_close(f))
		die("cannot write %s", path);
}
