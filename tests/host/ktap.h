/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktap.h - minimal KTAP output for the host unit tests (tests/host/).
 * One header so each test file stays a single main().
 */
#ifndef TESTS_KTAP_H
#define TESTS_KTAP_H

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static int ktap_n, ktap_failed, ktap_prev_ok;

static inline void ktap_plan(int n)
{
	printf("KTAP version 1\n1..%d\n", n);
}

static inline void ktap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static inline void ktap_result(int ok, const char *name)
{
	ktap_prev_ok = ok;
	ktap_failed += !ok;
	printf("%sok %d %s\n", ok ? "" : "not ", ++ktap_n, name);
}

static inline int ktap_last_ok(void)
{
	return ktap_prev_ok;
}

/* xmllint --noout on @path: 1 well-formed XML, 0 not, -1 no xmllint. */
static inline int ktap_xml_ok(const char *path)
{
	char cmd[PATH_MAX + 64];

	if (system("command -v xmllint >/dev/null 2>&1"))
		return -1;
	snprintf(cmd, sizeof(cmd), "xmllint --noout '%s'", path);
	return system(cmd) == 0;
}

/* One result from ktap_xml_ok(); without xmllint a skip saying what to get. */
static inline void ktap_xmllint(const char *path, const char *name)
{
	int ok = ktap_xml_ok(path);

	if (ok < 0)
		printf("ok %d %s # SKIP no xmllint "
		       "(apt-get install libxml2-utils)\n",
		       ++ktap_n, name);
	else
		ktap_result(ok, name);
}

static inline int ktap_finish(void)
{
	return ktap_failed ? 1 : 0;
}

#endif /* TESTS_KTAP_H */
