// SPDX-License-Identifier: GPL-2.0
/*
 * pagewalk_mem - a workload for tests/vm/pagewalk.sh: maps known kinds of
 * memory, prints one line per region ("NAME START END", hex, end
 * exclusive) and stops itself with SIGSTOP so the test can read
 * /proc/pagewalk/<pid> and /proc/<pid>/pagemap of a frozen process.
 *
 * Regions: anon (64 written pages), file (this program's file, read),
 * stack (64 KiB written), thp (4 MiB at a 2 MiB boundary, MADV_HUGEPAGE,
 * written), zero (16 pages only read: the shared zero page), protnone
 * (8 written pages, then PROT_NONE), cow (32 written pages), hugezero
 * (2 MiB only read, MADV_HUGEPAGE: the huge zero page), and when possible
 * hugetlb (2 MiB MAP_HUGETLB, written) and high (4 pages above 128 TiB,
 * which needs 5-level paging).
 *
 * With "fork", after printing it forks: the child writes the first 8
 * pages of cow (they get new frames; the other 24 stay shared), prints
 * "child PID" and both stop. With "nodump" it makes itself non-dumpable
 * (PR_SET_DUMPABLE 0) before stopping. Usage: pagewalk_mem [fork|nodump]
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096UL
#define HUGE (2UL << 20)

static void region(const char *name, void *p, size_t len)
{
	printf("%s %lx %lx\n", name, (unsigned long)p, (unsigned long)p + len);
}

static void *map_anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

static void touch(volatile char *p, size_t len, int write)
{
	size_t i;
	char sink = 0;

	for (i = 0; i < len; i += PG) {
		if (write)
			p[i] = (char)(i / PG + 1);
		else
			sink += p[i];
	}
	(void)sink;
}

static void map_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	off_t len = fd < 0 ? -1 : lseek(fd, 0, SEEK_END);
	void *p;

	if (len <= 0) {
		perror(path);
		exit(1);
	}
	len &= ~(off_t)(PG - 1);
	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap file");
		exit(1);
	}
	close(fd);
	touch(p, len, 0);
	region("file", p, len);
}

static void map_thp(void)
{
	char *raw = map_anon(3 * HUGE);
	char *p = (char *)(((uintptr_t)raw + HUGE - 1) & ~(HUGE - 1));

	if (madvise(p, 2 * HUGE, MADV_HUGEPAGE))
		perror("madvise");
	touch(p, 2 * HUGE, 1);
	region("thp", p, 2 * HUGE);
}

/* Read-only touch of an aligned 2 MiB: the huge zero page (THP on). */
static void map_hugezero(void)
{
	char *raw = map_anon(2 * HUGE);
	char *p = (char *)(((uintptr_t)raw + HUGE - 1) & ~(HUGE - 1));

	if (madvise(p, HUGE, MADV_HUGEPAGE))
		perror("madvise");
	touch(p, HUGE, 0);
	region("hugezero", p, HUGE);
}

/* A hugetlbfs page, when the test reserved some. */
static void map_hugetlb(void)
{
	char *p = mmap(NULL, HUGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);

	if (p == MAP_FAILED)
		return;
	touch(p, HUGE, 1);
	region("hugetlb", p, HUGE);
}

/* Above 128 TiB: only possible with 5-level paging. */
static void map_high(void)
{
	char *p = mmap((void *)(1UL << 52), 4 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return;
	if ((uintptr_t)p < (1UL << 47)) {
		munmap(p, 4 * PG);
		return;
	}
	touch(p, 4 * PG, 1);
	region("high", p, 4 * PG);
}

static void stack_region(void)
{
	volatile char buf[64 * 1024];
	uintptr_t lo = ((uintptr_t)buf + PG - 1) & ~(PG - 1);
	uintptr_t hi = ((uintptr_t)buf + sizeof(buf)) & ~(PG - 1);

	touch((volatile char *)lo, hi - lo, 1);
	region("stack", (void *)lo, hi - lo);
}

int main(int argc, char **argv)
{
	char *anon = map_anon(64 * PG), *zero = map_anon(16 * PG);
	char *prot = map_anon(8 * PG), *cow = map_anon(32 * PG);
	pid_t child;

	touch(anon, 64 * PG, 1);
	touch(zero, 16 * PG, 0);
	touch(prot, 8 * PG, 1);
	touch(cow, 32 * PG, 1);
	if (mprotect(prot, 8 * PG, PROT_NONE))
		perror("mprotect");
	region("anon", anon, 64 * PG);
	region("zero", zero, 16 * PG);
	region("protnone", prot, 8 * PG);
	region("cow", cow, 32 * PG);
	map_file("/proc/self/exe");
	map_thp();
	map_hugezero();
	map_hugetlb();
	map_high();
	stack_region();
	if (argc > 1 && !strcmp(argv[1], "nodump") &&
	    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0))
		perror("prctl");
	if (argc > 1 && !strcmp(argv[1], "fork")) {
		fflush(stdout);
		child = fork();
		if (child < 0) {
			perror("fork");
			return 1;
		}
		if (!child) {
			touch(cow, 8 * PG, 1);
			printf("child %d\n", getpid());
			fflush(stdout);
			raise(SIGSTOP);
			return 0;
		}
		/* wait until the child has written and stopped */
		waitpid(child, NULL, WUNTRACED);
	}
	printf("ready %d\n", getpid());
	fflush(stdout);
	raise(SIGSTOP);
	return 0;
}
