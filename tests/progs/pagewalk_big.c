// SPDX-License-Identifier: GPL-2.0
/*
 * pagewalk_big - workload and baseline for tests/bench/pagewalk.sh.
 *
 *   pagewalk_big MB [rev]   maps MB MiB of anonymous memory in 4 KiB pages
 *                           (MADV_NOHUGEPAGE), writes every page (from the
 *                           last with "rev": frames then rarely follow each
 *                           other, so nothing merges), prints "ready PID"
 *                           and stops itself (SIGSTOP)
 *   pagewalk_big -p PID     the baseline: reads /proc/PID/maps and, for every
 *                           VMA, its /proc/PID/pagemap entries (what a
 *                           pagemap-based tool reads for a full listing);
 *                           prints the number of present pages
 *   pagewalk_big -c PID     prints "present N consecutive M": M of the N
 *                           present pages (pagemap) have the frame of the
 *                           page before them plus one (needs root)
 *   pagewalk_big -b PID RUNS  times, inside this process, RUNS full reads of
 *                           /proc/pagewalk/PID and RUNS baseline reads; prints
 *                           "pagewalk MED MIN MAX" and "pagemap MED MIN MAX"
 *                           (seconds), so that no process start is timed
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PG 4096UL
#define CHUNK 65536

/* -c: present pages, and those whose frame follows the previous page's */
static int consecutive(const char *pid)
{
	static uint64_t buf[CHUNK];
	unsigned long s, e, a, present = 0, cons = 0, prev = 0;
	char path[64], line[512];
	FILE *maps;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	maps = fopen(path, "r");
	snprintf(path, sizeof(path), "/proc/%s/pagemap", pid);
	fd = open(path, O_RDONLY);
	if (!maps || fd < 0) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), maps)) {
		if (sscanf(line, "%lx-%lx", &s, &e) != 2 || s >= 1UL << 57)
			continue;
		prev = 0;
		for (a = s; a < e;) {
			size_t n = (e - a) / PG, i;
			ssize_t r;

			if (n > CHUNK)
				n = CHUNK;
			r = pread(fd, buf, n * 8, (off_t)(a / PG * 8));
			if (r <= 0)
				break;
			for (i = 0; i < (size_t)r / 8; i++) {
				unsigned long pfn = buf[i] & ((1UL << 55) - 1);

				if (!(buf[i] >> 63)) {
					prev = 0;
					continue;
				}
				present++;
				if (prev && pfn == prev + 1)
					cons++;
				prev = pfn;
			}
			a += (size_t)r / 8 * PG;
		}
	}
	fclose(maps);
	close(fd);
	printf("present %lu consecutive %lu\n", present, cons);
	return 0;
}

static int baseline(const char *pid, int quiet)
{
	static uint64_t buf[CHUNK];
	unsigned long s, e, a, present = 0;
	char path[64], line[512];
	FILE *maps;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/maps", pid);
	maps = fopen(path, "r");
	snprintf(path, sizeof(path), "/proc/%s/pagemap", pid);
	fd = open(path, O_RDONLY);
	if (!maps || fd < 0) {
		perror(path);
		return 1;
	}
	while (fgets(line, sizeof(line), maps)) {
		if (sscanf(line, "%lx-%lx", &s, &e) != 2 || s >= 1UL << 57)
			continue;
		for (a = s; a < e;) {
			size_t n = (e - a) / PG, i;
			ssize_t r;

			if (n > CHUNK)
				n = CHUNK;
			r = pread(fd, buf, n * 8, (off_t)(a / PG * 8));
			if (r <= 0)
				break;
			for (i = 0; i < (size_t)r / 8; i++)
				present += buf[i] >> 63;
			a += (size_t)r / 8 * PG;
		}
	}
	fclose(maps);
	close(fd);
	if (!quiet)
		printf("%lu\n", present);
	return 0;
}

static int read_listing(const char *pid)
{
	static char buf[1 << 16];
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/pagewalk/%s", pid);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 1;
	}
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Time @runs calls of @fn; print "NAME median min max". */
static void timed(const char *name, int (*fn)(const char *), const char *pid,
		  int runs)
{
	double t[64], t0;
	int i;

	for (i = 0; i < runs; i++) {
		t0 = now();
		if (fn(pid))
			exit(1);
		t[i] = now() - t0;
	}
	qsort(t, runs, sizeof(t[0]), cmp);
	printf("%s %.6f %.6f %.6f\n", name, t[runs / 2], t[0], t[runs - 1]);
}

static int baseline_quiet(const char *pid)
{
	return baseline(pid, 1);
}

int main(int argc, char **argv)
{
	size_t len, i;
	char *p;

	if (argc == 3 && !strcmp(argv[1], "-p"))
		return baseline(argv[2], 0);
	if (argc == 3 && !strcmp(argv[1], "-c"))
		return consecutive(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "-b")) {
		int runs = atoi(argv[3]);

		if (runs < 1 || runs > 64)
			runs = 5;
		timed("pagemap", baseline_quiet, argv[2], runs);
		timed("pagewalk", read_listing, argv[2], runs);
		return 0;
	}
	if (argc != 2 && argc != 3) {
		fprintf(stderr,
			"usage: %s MB [rev] | -p PID | -c PID | -b PID RUNS\n",
			argv[0]);
		return 2;
	}
	len = strtoul(argv[1], NULL, 0) << 20;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	madvise(p, len, MADV_NOHUGEPAGE);
	for (i = 0; i < len; i += PG)
		p[argc == 3 ? len - PG - i : i] = 1;
	printf("ready %d\n", getpid());
	fflush(stdout);
	raise(SIGSTOP);
	return 0;
}
