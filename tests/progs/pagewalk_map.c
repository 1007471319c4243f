// SPDX-License-Identifier: GPL-2.0
/*
 * pagewalk_map - workloads for tests/vm/pagewalk.sh that need a set-up the
 * others lack. Each prints "NAME START END" (hex, end exclusive), then
 * "ready PID", and stops itself (SIGSTOP) so the test reads a frozen
 * process.
 *
 *   pagewalk_map swap N   N written anonymous pages (each with different
 *                         contents), then madvise(MADV_PAGEOUT): with a
 *                         swap device they become swap entries ("swap");
 *                         pinned to one CPU and repeated (up to 50 times)
 *                         until pagemap shows every page swapped, because
 *                         pages still in another CPU's LRU batch, or busy
 *                         for a moment, are skipped by one MADV_PAGEOUT;
 *                         continued (SIGCONT), it reads every page back
 *                         (swap-in faults), prints "touched N intact M"
 *                         (M pages still hold what was written) and
 *                         stops again
 *   pagewalk_map giga     a 1 GiB hugetlb page (MAP_HUGETLB|MAP_HUGE_1GB),
 *                         written at a few places ("giga"); exit 3 with
 *                         "nogiga REASON" when it cannot be mapped
 *   pagewalk_map empty    a page written in a 2 MiB-aligned region, then
 *                         dropped (MADV_DONTNEED): its PTE table stays,
 *                         with all 512 entries empty ("empty")
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif
#ifndef MAP_HUGE_1GB
#define MAP_HUGE_1GB (30 << MAP_HUGE_SHIFT)
#endif

#define PG 4096UL
#define PM_SWAP (1ULL << 62)
#define GIGA (1UL << 30)

static void ready(const char *name, void *p, size_t len)
{
	printf("%s %lx %lx\n", name, (unsigned long)p, (unsigned long)p + len);
	printf("ready %d\n", getpid());
	fflush(stdout);
	raise(SIGSTOP);
}

/* Pages of [p, p + n pages) that pagemap shows as swapped. */
static unsigned long swapped(const char *p, unsigned long n)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	unsigned long i, count = 0;
	uint64_t e;

	if (fd < 0)
		return 0;
	for (i = 0; i < n; i++) {
		off_t off = ((unsigned long)p / PG + i) * sizeof(e);

		if (pread(fd, &e, sizeof(e), off) == sizeof(e) && (e & PM_SWAP))
			count++;
	}
	close(fd);
	return count;
}

static int swap(unsigned long n)
{
	cpu_set_t one;
	char *p = mmap(NULL, n * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long i, intact;
	char want[64];

	if (p == MAP_FAILED || madvise(p, n * PG, MADV_NOHUGEPAGE)) {
		perror("mmap");
		return 1;
	}
	CPU_ZERO(&one);
	CPU_SET(sched_getcpu() < 0 ? 0 : sched_getcpu(), &one);
	sched_setaffinity(0, sizeof(one), &one);
	for (i = 0; i < n; i++)
		snprintf(p + i * PG, PG, "page %lu of pid %d", i, getpid());
	for (i = 0; i < 50; i++) {
		if (madvise(p, n * PG, MADV_PAGEOUT)) {
			perror("madvise(MADV_PAGEOUT)");
			return 1;
		}
		if (swapped(p, n) == n)
			break;
		usleep(20000);
	}
	ready("swap", p, n * PG);
	for (i = 0, intact = 0; i < n; i++) {
		snprintf(want, sizeof(want), "page %lu of pid %d", i, getpid());
		intact += !strcmp(p + i * PG, want);
	}
	printf("touched %lu intact %lu\n", n, intact);
	fflush(stdout);
	raise(SIGSTOP);
	return 0;
}

static int giga(void)
{
	char *p = mmap(NULL, GIGA, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_1GB,
		       -1, 0);

	if (p == MAP_FAILED) {
		printf("nogiga mmap: %s\n", strerror(errno));
		return 3;
	}
	p[0] = 1;
	p[GIGA / 2] = 2;
	p[GIGA - 1] = 3;
	ready("giga", p, GIGA);
	return 0;
}

static int empty(void)
{
	size_t huge = 2UL << 20;
	char *raw = mmap(NULL, 2 * huge, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *p = (char *)(((unsigned long)raw + huge - 1) & ~(huge - 1));

	if (raw == MAP_FAILED || madvise(raw, 2 * huge, MADV_NOHUGEPAGE)) {
		perror("mmap");
		return 1;
	}
	p[0] = 1;
	if (madvise(p, PG, MADV_DONTNEED)) {
		perror("madvise(MADV_DONTNEED)");
		return 1;
	}
	ready("empty", p, huge);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "swap"))
		return swap(strtoul(argv[2], NULL, 0));
	if (argc == 2 && !strcmp(argv[1], "giga"))
		return giga();
	if (argc == 2 && !strcmp(argv[1], "empty"))
		return empty();
	fprintf(stderr, "usage: pagewalk_map swap N | giga | empty\n");
	return 2;
}
