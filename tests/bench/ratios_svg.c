// SPDX-License-Identifier: GPL-2.0
/*
 * ratios_svg.c - the picture of a benchmark run, bench/ratios-<kernel>.svg
 * (scripts/bench.sh draws it from bench/raw-<kernel>.tsv): one horizontal
 * bar per BENCH row, its ratio; a black whisker for the range the
 * interquartile ranges allow; a dashed line at the goal. The colour is the
 * verdict: green pass and red miss only when the whole range is on one side
 * of the goal, amber (noisy) when it straddles it. A name longer than
 * one line of the left column goes on two, cut at a space. Drawn with the
 * tools' SVG writer (userspace/lib/svg.c), which escapes the text.
 *
 * Usage: ratios_svg TITLE < raw.tsv > ratios.svg
 * A BENCH row: BENCH, name, baseline, ours, anchors, ratio, "<= goal",
 * verdict, "lo to hi" (tab-separated; "inf" or "nan" where undefined).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svg.h"

#define MAX_ROWS 64
#define FIELDS 9

struct row {
	char name[97];
	char shown[32];
	char verdict[32];
	double ratio, goal, lo, hi; /* -1: undefined; hi INFINITY: unbounded */
};

/* A number of the table, or -1 where it has none (inf, nan, empty). */
static double num(const char *s)
{
	if (!*s || !strcmp(s, "inf") || !strcmp(s, "nan"))
		return -1;
	return atof(s);
}

static int parse(char *line, struct row *r)
{
	char *f[FIELDS], *p = line, *to;
	int n;

	line[strcspn(line, "\n")] = '\0';
	for (n = 0; n < FIELDS && p; n++)
		f[n] = strsep(&p, "\t");
	if (n < FIELDS || strcmp(f[0], "BENCH"))
		return 0;
	/* the name without its parenthesised details, 96 characters at most */
	f[1][strcspn(f[1], "(")] = '\0';
	n = strlen(f[1]);
	while (n && f[1][n - 1] == ' ')
		f[1][--n] = '\0';
	snprintf(r->name, sizeof(r->name), "%s", f[1]);
	snprintf(r->shown, sizeof(r->shown), "%s", f[5]);
	snprintf(r->verdict, sizeof(r->verdict), "%s", f[7]);
	r->ratio = num(f[5]);
	r->goal = atof(f[6] + strspn(f[6], "<= "));
	to = strstr(f[8], " to ");
	r->lo = num(to ? strndupa(f[8], to - f[8]) : f[8]);
	r->hi = to && !strcmp(to + 4, "inf") ? INFINITY : to ? num(to + 4) : -1;
	return 1;
}

/*
 * The name of a bar right-aligned at @x, on one line beside the bar or, when
 * longer than LINE_CHARS, on two, cut at the last space that fits.
 */
#define LINE_CHARS 50
static void put_name(struct svg *s, double x, double y, const char *name)
{
	const char *anchor = "text-anchor=\"end\"";
	int len = strlen(name), cut;

	if (len <= LINE_CHARS) {
		svg_text(s, x, y + 15, anchor, "%s", name);
		return;
	}
	for (cut = LINE_CHARS; cut > 0 && name[cut] != ' '; cut--)
		;
	if (!cut)
		cut = LINE_CHARS;
	svg_text(s, x, y + 9, anchor, "%.*s", cut, name);
	svg_text(s, x, y + 21, anchor, "%s", name + cut + (name[cut] == ' '));
}

static double clamp(double v, double top)
{
	return v < 0 ? 0 : v > top ? top : v;
}

int main(int argc, char **argv)
{
	static struct row rows[MAX_ROWS];
	const double w = 900, left = 330, bar = 22;
	double top = 0, maxgoal = 0, scale, h, y, r, a, z, end, gx;
	char line[8192];
	const char *colour;
	struct svg *s;
	int n = 0, i;

	if (argc != 2) {
		fprintf(stderr, "usage: %s TITLE < raw.tsv > ratios.svg\n",
			argv[0]);
		return 2;
	}
	while (n < MAX_ROWS && fgets(line, sizeof(line), stdin))
		n += parse(line, &rows[n]);
	for (i = 0; i < n; i++) {
		maxgoal = fmax(maxgoal, rows[i].goal);
		top = fmax(top, fmax(rows[i].ratio, rows[i].goal));
		if (isfinite(rows[i].hi))
			top = fmax(top, rows[i].hi);
	}
	/* a wild ratio would squash the others: three goals wide at most */
	if (maxgoal > 0 && top > 3 * maxgoal)
		top = 3 * maxgoal;
	if (top <= 0)
		top = 1;
	h = 76 + n * (bar + 14);
	scale = (w - left - 110) / top;
	s = svg_open_stream(stdout, w, h,
			    "font-family=\"sans-serif\" font-size=\"12\"");
	if (!s)
		return 1;
	svg_text(s, 10, 22, "font-size=\"15\"", "%s", argv[1]);
	for (i = 0; i < n; i++) {
		const struct row *b = &rows[i];

		y = 40 + i * (bar + 14);
		colour = !strcmp(b->verdict, "pass") ? "#4a9" :
			 !strcmp(b->verdict, "miss") ? "#d54" :
						       "#e9a23b";
		r = clamp(b->ratio, top);
		put_name(s, left - 8, y, b->name);
		svg_rect(s, left, y, r * scale, bar, colour);
		end = r;
		if (b->lo >= 0 || b->hi >= 0) {
			a = clamp(b->lo, top);
			z = clamp(b->hi, top);
			svg_line(s, left + a * scale, y + bar / 2,
				 left + z * scale, y + bar / 2,
				 "stroke=\"#222\" stroke-width=\"2\"");
			end = fmax(end, z);
		}
		svg_text(s, left + end * scale + 4, y + 15, NULL, "%s %s",
			 b->shown, b->verdict);
		gx = left + b->goal * scale;
		svg_line(s, gx, y - 3, gx, y + bar + 3,
			 "stroke=\"#333\" stroke-dasharray=\"4 2\"");
	}
	svg_text(s, 10, h - 24, "fill=\"#555\"", "%s",
		 "bar: ratio of the medians; black line: ratio range from the "
		 "interquartile ranges (clipped at the edge); dashed: goal");
	svg_text(s, 10, h - 8, "fill=\"#555\"", "%s",
		 "green: pass, red: miss (whole range on one side of the "
		 "goal); amber: noisy (the range straddles the goal)");
	return svg_close(s) ? 1 : 0;
}
