// SPDX-License-Identifier: GPL-2.0
/*
 * test_svg.c - host unit tests of the tools' helper library: the SVG
 * writer escapes every text (a process named a<b&c, control characters,
 * UTF-8 cut short) and writes well-formed XML (checked with xmllint when
 * it is installed); log2 histograms widen their columns past 2^33 - 1;
 * the /proc helpers read "key value" lines.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hist.h"
#include "ktap.h"
#include "procfs.h"
#include "svg.h"

/* svg_escape() of @in, into a static buffer. */
static const char *escaped(const char *in)
{
	static char buf[256];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	svg_escape(f, in);
	fclose(f);
	return buf;
}

static void test_escape(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "a<b&c", "a&lt;b&amp;c" },
		{ "x>\"y'", "x&gt;&quot;y&#39;" },
		{ "plain-name_01", "plain-name_01" },
		{ "tab\there", "tab\there" },
		{ "bell\a", "bell\xef\xbf\xbd" },
		{ "caf\xc3\xa9", "caf\xc3\xa9" }, /* valid UTF-8 stays */
		{ "cut\xc3", "cut\xef\xbf\xbd" }, /* comm cut mid-character */
		{ "\xff\xfe", "\xef\xbf\xbd\xef\xbf\xbd" },
		{ "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd" }, /* overlong '/' */
		{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
	};
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = escaped(cases[i].in);

		if (strcmp(got, cases[i].want)) {
			ktap_diag("escape case %zu: got '%s', want '%s'", i,
				  got, cases[i].want);
			bad++;
		}
	}
	ktap_result(!bad, "svg_escape: entities, control characters and "
			  "bad UTF-8 replaced, good UTF-8 kept");
}

static char *slurp(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

static void test_file(void)
{
	char path[] = "/tmp/test_svg.XXXXXX";
	int fd = mkstemp(path);
	struct svg *s;
	const char *text;
	int rc;

	if (fd < 0) {
		ktap_result(0, "svg file: mkstemp");
		ktap_result(0, "svg file: xmllint");
		return;
	}
	close(fd);
	s = svg_open(path, 100, 50.5, "font-family=\"monospace\"");
	svg_rect(s, 0, 0, 100, 50.5, "white");
	svg_rect_title(s, 1.25, 2, 3.333, 4, "hsl(1,70%,60%)",
		       "123 a<b&c 0.100 ms, slept");
	svg_text(s, 5, 15, "text-anchor=\"end\"", "%d %s", 42, "a<b&c");
	svg_group(s, "font-weight=\"bold\"");
	svg_text(s, 5, 30, NULL, "%s", "bad \x01 utf8 \xc3");
	svg_group_end(s);
	rc = svg_close(s);
	text = slurp(path);
	ktap_result(
		!rc &&
			strstr(text, "<rect x=\"1.25\" y=\"2\" width=\"3.33\" "
				     "height=\"4\" fill=\"hsl(1,70%,60%)\">"
				     "<title>123 a&lt;b&amp;c 0.100 ms, "
				     "slept</title></rect>\n") &&
			strstr(text, "<text x=\"5\" y=\"15\" text-anchor="
				     "\"end\">42 a&lt;b&amp;c</text>\n") &&
			!strstr(text, "a<b") &&
			!strncmp(text,
				 "<svg xmlns=\"http://www.w3.org/2000/svg\" "
				 "width=\"100\" height=\"50.5\" "
				 "font-family=\"monospace\">\n",
				 90) &&
			strstr(text, "</svg>\n"),
		"svg file: elements, numbers and escaped text");
	if (!ktap_last_ok())
		ktap_diag("file was:\n%s", text);
	ktap_xmllint(path, "svg file: xmllint --noout");
	unlink(path);
}

/* The shapes, the title and the arrow marker, as markup and as XML. */
static void test_shapes(void)
{
	char path[] = "/tmp/test_svg.XXXXXX";
	int fd = mkstemp(path);
	double tri[] = { 0, 0, 10.5, 0, 5, 8 };
	struct svg *s;
	const char *text;
	int rc;

	if (fd < 0) {
		ktap_result(0, "svg shapes: mkstemp");
		return;
	}
	close(fd);
	s = svg_open(path, 200, 100, NULL);
	svg_title(s, "walk of 0x1000 <PGD & PTE>");
	svg_arrow_marker(s, "arrow", "#333");
	svg_box(s, 1, 2, 3, 4, "fill=\"none\" stroke=\"#000\"");
	svg_line(s, 0, 0.5, 10, 20, "marker-end=\"url(#arrow)\"");
	svg_polygon(s, tri, 3, "fill=\"#000\"");
	svg_circle(s, 5, 6, 2.5, NULL);
	rc = svg_close(s);
	text = slurp(path);
	ktap_result(!rc &&
			    strstr(text, "<title>walk of 0x1000 &lt;PGD &amp; "
					 "PTE&gt;</title>\n") &&
			    strstr(text, "<marker id=\"arrow\"") &&
			    strstr(text, "<rect x=\"1\" y=\"2\" width=\"3\" "
					 "height=\"4\" fill=\"none\" "
					 "stroke=\"#000\"/>\n") &&
			    strstr(text,
				   "<line x1=\"0\" y1=\"0.5\" x2=\"10\" "
				   "y2=\"20\" marker-end=\"url(#arrow)\"/>") &&
			    strstr(text, "<polygon points=\"0,0 10.5,0 5,8\" "
					 "fill=\"#000\"/>") &&
			    strstr(text,
				   "<circle cx=\"5\" cy=\"6\" r=\"2.5\"/>") &&
			    ktap_xml_ok(path) != 0,
		    "svg shapes: title, marker, box, line, polygon, circle "
		    "(and xmllint --noout when installed)");
	if (!ktap_last_ok())
		ktap_diag("file was:\n%s", text);
	unlink(path);
}

static const char *hist_text(const uint64_t *slots)
{
	static char buf[16384];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	hist_print_log2(f, slots, "nsecs");
	fclose(f);
	return buf;
}

static void test_hist_widths(void)
{
	uint64_t slots[LKM_HIST_SLOTS] = { 0 };
	const char *out;

	/* Slot 33 (up to 2^33 - 1 = 8589934591) still fits 10 digits. */
	slots[2] = 1;
	slots[33] = 2;
	out = hist_text(slots);
	ktap_result(strstr(out,
			   "4294967296 -> 8589934591 : 2        |"
			   "****************************************|\n") &&
			    !strncmp(out, "          nsecs", 15),
		    "hist: narrow columns and 40-character bar to 2^33 - 1");
	if (!ktap_last_ok())
		ktap_diag("output was:\n%s", out);
	/* Slot 34 does not: 20-digit columns, a 20-character bar. */
	slots[34] = 4;
	out = hist_text(slots);
	ktap_result(strstr(out, "          8589934592 -> 17179869183        "
				"  : 4        |********************|\n") &&
			    strstr(out, "                   0 -> 1           "
					"         : 0        |") &&
			    !strncmp(out, "                    nsecs", 25),
		    "hist: past 2^33 - 1, 20-digit columns and a 20-character "
		    "bar, as bcc's print_log2_hist");
	if (!ktap_last_ok())
		ktap_diag("output was:\n%s", out);
}

static void test_procfs(void)
{
	const struct procfs_module self = { "test_svg", "self" };
	const struct procfs_module none = { "test_svg", "no_such_module" };
	int64_t threads = procfs_value(&self, "status", "Threads:");
	int64_t missing = procfs_value(&self, "status", "no_such_key");
	int64_t text = procfs_value(&self, "status", "Name:");

	ktap_result(threads == 1 && missing == -1 && text == -1 &&
			    procfs_loaded(&self) && !procfs_loaded(&none),
		    "procfs: key value lines, missing keys and folders");
	if (!ktap_last_ok())
		ktap_diag("Threads: %" PRId64 ", missing %" PRId64
			  ", Name: %" PRId64,
			  threads, missing, text);
}

int main(void)
{
	ktap_plan(7);
	test_escape();
	test_file();
	test_shapes();
	test_hist_widths();
	test_procfs();
	return ktap_finish();
}
