/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktap.h - minimal KTAP output for the host unit tests (tests/host/).
 * One header so each test file stays a single main().
 */
#ifndef TESTS_KTAP_H
#define TESTS_KTAP_H

#include <stdarg.h>
#include <stdio.h>

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

static inline int ktap_finish(void)
{
	return ktap_failed ? 1 : 0;
}

#endif /* TESTS_KTAP_H */
