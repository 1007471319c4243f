// SPDX-License-Identifier: GPL-2.0
/*
 * test_ratios_svg.c - host tests of the benchmarks' picture
 * (build/tests/bench/ratios_svg, drawn by scripts/bench.sh as
 * bench/ratios-<kernel>.svg): one bar per BENCH row and nothing for other
 * lines, the verdict's colour, a bar as long as its ratio on the scale, a
 * wild ratio clipped at three goals, names escaped and cut on two lines
 * at a space, well-formed XML (xmllint when it is installed), a usage
 * error without a title; and every bench/raw-*.tsv of the repository
 * drawn with one bar per BENCH row.
 */
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ktap.h"

static char prog[PATH_MAX + 32];
static char svg[1 << 16];

/* ratios_svg beside this test: build/tests/bench/ next to build/tests/host/. */
static int find_prog(void)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	snprintf(prog, sizeof(prog), "%s/../bench/ratios_svg", self);
	return access(prog, X_OK);
}

/* Run ratios_svg on the file @in with @args; its output in svg[]; status. */
static int draw(const char *in, const char *args, const char *out)
{
	char cmd[3 * PATH_MAX + 256];
	FILE *f;
	size_t n;
	int st;

	snprintf(cmd, sizeof(cmd), "%s %s <%s >%s 2>/dev/null", prog, args, in,
		 out);
	st = system(cmd);
	f = fopen(out, "r");
	n = f ? fread(svg, 1, sizeof(svg) - 1, f) : 0;
	svg[n] = '\0';
	if (f)
		fclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* The width of the @i-th bar (from 0), or -1. */
static double bar_width(int i)
{
	const char *p = svg;
	double w;

	while ((p = strstr(p, "<rect"))) {
		if (!i--)
			return sscanf(strstr(p, "width=\""), "width=\"%lf",
				      &w) == 1 ?
				       w :
				       -1;
		p += 5;
	}
	return -1;
}

static const char rows[] =
	"# a comment line, not a row\n"
	"BENCH\tfast <thing> & co\t1\t2\t-\t0.20\t<= 0.5\tpass\t0.10 to 0.30\n"
	"BENCH\tfull listing, 1024 MiB of 4 KiB pages, written backwards "
	"(262242 lines)\t1\t2\t-\t9.00\t<= 2.0\tmiss\t8.50 to 9.50\n"
	"BENCH\tcontext switch\t1\t2\t-\t0.38\t<= 0.3\tnoisy\t0.01 to inf\n"
	"BENCH\ttoo few fields\t1\n";

static void test_synthetic(const char *dir)
{
	char in[PATH_MAX], out[PATH_MAX];
	double scale, w;
	FILE *f;

	snprintf(in, sizeof(in), "%s/raw.tsv", dir);
	snprintf(out, sizeof(out), "%s/ratios.svg", dir);
	f = fopen(in, "w");
	if (!f || fputs(rows, f) < 0 || fclose(f)) {
		ktap_result(0, "write the test rows");
		return;
	}
	ktap_result(draw(in, "'a title'", out) == 0, "draws 3 rows: exit 0");
	ktap_result(count(svg, "<rect") == 3,
		    "one bar per BENCH row, none for other lines");
	ktap_result(strstr(svg, "fill=\"#4a9\"") &&
			    strstr(svg, "fill=\"#d54\"") &&
			    strstr(svg, "fill=\"#e9a23b\"") &&
			    strstr(svg, "fill=\"#4a9\"") <
				    strstr(svg, "fill=\"#d54\"") &&
			    strstr(svg, "fill=\"#d54\"") <
				    strstr(svg, "fill=\"#e9a23b\""),
		    "colours: green pass, red miss, amber noisy, in row order");
	/* top = 3 x the largest goal (9.00 > 6.0); the plot is 460 px wide */
	scale = 460.0 / 6.0;
	w = bar_width(0);
	ktap_result(w > 0.20 * scale - 0.02 && w < 0.20 * scale + 0.02,
		    "a bar is as long as its ratio (0.20 -> 15.33 px)");
	if (!ktap_last_ok())
		ktap_diag("bar 0 width %.2f", w);
	w = bar_width(1);
	ktap_result(w > 460 - 0.02 && w < 460 + 0.02,
		    "a ratio past 3 goals is clipped at the edge");
	ktap_result(strstr(svg, "fast &lt;thing&gt; &amp; co") != NULL,
		    "names are escaped");
	ktap_result(
		strstr(svg,
		       ">full listing, 1024 MiB of 4 KiB pages, written</text>") &&
			strstr(svg, ">backwards</text>") &&
			!strstr(svg, "262242"),
		"a long name goes on two lines cut at a space, details dropped");
	ktap_result(strstr(svg, "0.38 noisy") && strstr(svg, "9.00 miss"),
		    "each bar says its ratio and verdict");
	ktap_xmllint(out, "well-formed XML (xmllint --noout)");
	ktap_result(draw(in, "", out) == 2, "no title: usage error, exit 2");
}

/* Every picture the repository ships can be drawn again from its rows. */
static void test_repo(const char *dir)
{
	char out[PATH_MAX], line[8192], name[128];
	int files = 0, good = 0, n;
	glob_t g;
	size_t i;
	FILE *f;

	snprintf(out, sizeof(out), "%s/repo.svg", dir);
	if (glob("bench/raw-*.tsv", 0, NULL, &g)) {
		printf("ok %d bench/raw-*.tsv drawn # SKIP none here\n",
		       ++ktap_n);
		return;
	}
	for (i = 0; i < g.gl_pathc; i++) {
		f = fopen(g.gl_pathv[i], "r");
		n = 0;
		while (f && fgets(line, sizeof(line), f))
			n += !strncmp(line, "BENCH\t", 6);
		if (f)
			fclose(f);
		files++;
		if (draw(g.gl_pathv[i], "t", out) == 0 && n > 0 &&
		    count(svg, "<rect") == n && ktap_xml_ok(out) != 0)
			good++;
		else
			ktap_diag("%s: %d rows, %d bars", g.gl_pathv[i], n,
				  count(svg, "<rect"));
	}
	globfree(&g);
	snprintf(name, sizeof(name),
		 "bench/raw-*.tsv: %d of %d drawn, one bar per row", good,
		 files);
	ktap_result(good == files, name);
}

int main(void)
{
	char dir[] = "/tmp/test_ratios_svg.XXXXXX";
	char cmd[64];

	ktap_plan(11);
	if (find_prog() || !mkdtemp(dir)) {
		printf("not ok 1 ratios_svg built beside the test (%s)\n",
		       prog);
		return 1;
	}
	test_synthetic(dir);
	test_repo(dir);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		return 1;
	return ktap_finish();
}
