// SPDX-License-Identifier: GPL-2.0
/*
 * stress_modcycle.c - load and unload one module many times in a row, for
 * tests/vm/stress.sh, with finit_module(2) and delete_module(2) directly
 * (no insmod/rmmod process per cycle, so the kernel's side dominates).
 *
 * Usage: stress_modcycle KO NAME CYCLES [CONTROL_WORD]
 *   KO            path of the .ko
 *   NAME          module name (its /proc/NAME folder must appear)
 *   CYCLES        number of load+unload cycles
 *   CONTROL_WORD  written to /proc/NAME/control after each load (e.g.
 *                 "enable", so syscall_probe's probes fire while it unloads)
 *
 * Unloading with O_NONBLOCK fails with EBUSY while the module is in use
 * (binfmt_demo is pinned by every live process it loaded): that is correct;
 * it is counted and retried every millisecond, for at most 20 s per cycle.
 * Any other failure ends the run. Prints one line:
 *   cycles N ebusy N eexist N ms N load_ms N unload_ms N
 * (total time, and the mean time of one load and of one unload).
 * and exits 0 only if every cycle loaded and unloaded, the /proc folder came
 * and went with the module, and the module is unloaded at the end. A module
 * loaded at the start is unloaded first (retried the same way).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static int load(const char *ko, unsigned long *eexist)
{
	int fd, tries;

	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "open %s: %s\n", ko, strerror(errno));
		return -1;
	}
	/* EEXIST: a module of that name is still going away; wait for it. */
	for (tries = 0; tries < 2000; tries++) {
		if (syscall(SYS_finit_module, fd, "", 0) == 0) {
			close(fd);
			return 0;
		}
		if (errno != EEXIST)
			break;
		(*eexist)++;
		usleep(1000);
	}
	fprintf(stderr, "finit_module %s: %s\n", ko, strerror(errno));
	close(fd);
	return -1;
}

static int unload(const char *name, unsigned long *ebusy)
{
	int tries;

	for (tries = 0; tries < 20000; tries++) {
		if (syscall(SYS_delete_module, name, O_NONBLOCK) == 0)
			return 0;
		if (errno != EBUSY && errno != EAGAIN)
			break;
		(*ebusy)++;
		usleep(1000);
	}
	fprintf(stderr, "delete_module %s: %s (after %d tries)\n", name,
		strerror(errno), tries);
	return -1;
}

static void control(const char *name, const char *word)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/control", name);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	/* A concurrent writer may have changed the state: any answer is fine. */
	if (write(fd, word, strlen(word)) < 0)
		errno = 0;
	close(fd);
}

int main(int argc, char **argv)
{
	unsigned long ebusy = 0, eexist = 0;
	char procdir[256], sysdir[256];
	double t0, t1, load_ms = 0, unload_ms = 0;
	long i, cycles;

	if (argc < 4 || argc > 5) {
		fprintf(stderr, "usage: %s KO NAME CYCLES [CONTROL_WORD]\n",
			argv[0]);
		return 2;
	}
	cycles = atol(argv[3]);
	snprintf(procdir, sizeof(procdir), "/proc/%s", argv[2]);
	snprintf(sysdir, sizeof(sysdir), "/sys/module/%s", argv[2]);
	t0 = now_ms();
	/* Start from the module unloaded (it may be in use: retried). */
	if (exists(sysdir) && unload(argv[2], &ebusy))
		cycles = -1;
	for (i = 0; i < cycles; i++) {
		t1 = now_ms();
		if (load(argv[1], &eexist))
			break;
		load_ms += now_ms() - t1;
		if (!exists(procdir)) {
			fprintf(stderr, "cycle %ld: no %s after load\n", i,
				procdir);
			break;
		}
		if (argc == 5)
			control(argv[2], argv[4]);
		t1 = now_ms();
		if (unload(argv[2], &ebusy))
			break;
		unload_ms += now_ms() - t1;
		if (exists(procdir) || exists(sysdir)) {
			fprintf(stderr, "cycle %ld: %s left after unload\n", i,
				exists(procdir) ? procdir : sysdir);
			break;
		}
	}
	printf("cycles %ld ebusy %lu eexist %lu ms %.0f load_ms %.1f unload_ms %.1f\n",
	       i, ebusy, eexist, now_ms() - t0, i > 0 ? load_ms / i : 0,
	       i > 0 ? unload_ms / i : 0);
	return i == cycles && !exists(sysdir) ? 0 : 1;
}
