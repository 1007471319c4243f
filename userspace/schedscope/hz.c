// SPDX-License-Identifier: GPL-2.0
/*
 * hz.c - what schedscope explain needs to know of the kernel: the
 * scheduler's knobs (debugfs) and HZ, the tick that ends a timeslice.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <time.h>

#include "schedscope.h"

long long read_knob(const char *name)
{
	char path[128];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), DEBUG_SCHED "%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%lld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* jiffies from the scheduler's debug file (for HZ). */
static long long read_jiffies(void)
{
	FILE *f = fopen(DEBUG_SCHED "debug", "r");
	char line[256];
	long long j = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "jiffies : %lld", &j) == 1 ||
		    sscanf(line, " .jiffies : %lld", &j) == 1)
			break;
	fclose(f);
	return j;
}

/* CONFIG_HZ from the kernel's config file @path, or -1. */
static int config_hz(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[128];
	int hz = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CONFIG_HZ=%d", &hz) == 1)
			break;
	fclose(f);
	return hz;
}

/* HZ measured over 300 ms of jiffies, rounded to a usual value. */
static int measured_hz(void)
{
	static const int usual[] = { 100, 250, 300, 1000 };
	struct timespec pause = { 0, 300000000 };
	long long j0, j1;
	int i, best = 250;
	uint64_t a, b;
	double m;

	a = now_ns();
	j0 = read_jiffies();
	nanosleep(&pause, NULL);
	j1 = read_jiffies();
	b = now_ns();
	if (j0 < 0 || j1 <= j0)
		return best;
	m = (j1 - j0) / ((b - a) / 1e9);
	for (i = 0; i < 4; i++)
		if (abs(usual[i] - (int)m) < abs(best - (int)m))
			best = usual[i];
	return best;
}

/*
 * HZ, and in @from (@len bytes) where it came from: the module's status
 * file (the kernel's own HZ, line "hz N"); for a module without that line,
 * the running kernel's config (/boot or its build tree); else measured.
 */
int kernel_hz(char *from, size_t len)
{
	struct utsname u;
	int64_t v;
	int i, hz;

	v = procfs_value(&sp_module, SCHED_PROBE_STATUS, "hz");
	if (v > 0 && v <= 100000) {
		snprintf(from, len, "%s", SP_PROC_DIR SCHED_PROBE_STATUS);
		return (int)v;
	}
	for (i = 0; i < 2 && !uname(&u); i++) {
		if (i == 0)
			snprintf(from, len, "/boot/config-%s", u.release);
		else
			snprintf(from, len, "/lib/modules/%s/build/.config",
				 u.release);
		hz = config_hz(from);
		if (hz > 0)
			return hz;
	}
	snprintf(from, len, "jiffies over 300 ms");
	return measured_hz();
}
