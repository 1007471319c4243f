// SPDX-License-Identifier: GPL-2.0
/*
 * pagewalk_churn - a workload for tests/vm/pagewalk.sh that changes its
 * address space as fast as it can while the test reads
 * /proc/pagewalk/<pid> from other processes: it mmaps (some regions with
 * MADV_HUGEPAGE), touches, mprotects, MADV_DONTNEEDs, munmaps and forks
 * children that write to inherited memory and exit.
 *
 * Usage: pagewalk_churn SECONDS   (prints "rounds N forks N" at the end)
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PG 4096UL
#define SLOTS 16

static unsigned int seed = 1;

static unsigned long rnd(unsigned long n)
{
	return (unsigned long)rand_r(&seed) % n;
}

static void touch(char *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += PG)
		p[i] = 1;
}

static void churn_slot(char **slot, size_t *len)
{
	if (*slot) {
		munmap(*slot, *len);
		*slot = NULL;
		return;
	}
	*len = (1 + rnd(1024)) * PG;
	*slot = mmap(NULL, *len, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (*slot == MAP_FAILED) {
		*slot = NULL;
		return;
	}
	if (rnd(2))
		madvise(*slot, *len, MADV_HUGEPAGE);
	touch(*slot, *len);
	if (rnd(2))
		mprotect(*slot, *len / 2, PROT_NONE);
	else if (rnd(2))
		mprotect(*slot + *len / 2, *len / 2, PROT_READ);
	if (rnd(3) == 0)
		madvise(*slot, *len / 3, MADV_DONTNEED);
}

static void fork_child(char **slots, size_t *lens)
{
	pid_t pid = fork();
	int i;

	if (pid == 0) {
		for (i = 0; i < SLOTS; i++)
			if (slots[i])
				mprotect(slots[i], lens[i],
					 PROT_READ | PROT_WRITE);
		for (i = 0; i < SLOTS; i++)
			if (slots[i])
				touch(slots[i], lens[i]);
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

int main(int argc, char **argv)
{
	char *slots[SLOTS] = { 0 };
	size_t lens[SLOTS] = { 0 };
	unsigned long rounds = 0, forks = 0;
	time_t end = time(NULL) + (argc > 1 ? atoi(argv[1]) : 10);

	printf("pid %d\n", getpid());
	fflush(stdout);
	while (time(NULL) < end) {
		int i = rnd(SLOTS);

		churn_slot(&slots[i], &lens[i]);
		if (rnd(16) == 0) {
			fork_child(slots, lens);
			forks++;
		}
		rounds++;
	}
	printf("rounds %lu forks %lu\n", rounds, forks);
	return 0;
}
