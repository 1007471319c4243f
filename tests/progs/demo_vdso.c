// SPDX-License-Identifier: GPL-2.0
/*
 * demo_vdso.c - demo chapter 2 (system calls): a request the kernel
 * answers without a system call. clock_gettime() in the C library calls
 * the vDSO, code and data the kernel maps into every process, which reads
 * the time from a page the kernel keeps up to date (and, for the precise
 * clocks, the CPU's counter when user code may read it: the TSC on x86,
 * CNTVCT_EL0 on arm64). syscall(SYS_clock_gettime) enters the kernel each
 * time. syscall_probe counts the difference.
 *
 *   demo_vdso vdso N      N x clock_gettime(CLOCK_MONOTONIC) through the
 *                         C library (the vDSO; a system call only where
 *                         the clocksource cannot be read by user code)
 *   demo_vdso coarse N    N x clock_gettime(CLOCK_MONOTONIC_COARSE): the
 *                         vDSO reads the last tick's time, never a counter
 *   demo_vdso syscall N   N x syscall(SYS_clock_gettime, CLOCK_MONOTONIC)
 *
 * Prints "MODE N calls, time went from S.NNNNNNNNN to S.NNNNNNNNN".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec first = { 0 }, ts = { 0 };
	long n, i;
	int mode;

	if (argc != 3 || (n = strtol(argv[2], NULL, 10)) < 1) {
		fprintf(stderr, "usage: demo_vdso vdso|coarse|syscall N\n");
		return 2;
	}
	if (!strcmp(argv[1], "vdso"))
		mode = 0;
	else if (!strcmp(argv[1], "coarse"))
		mode = 1;
	else if (!strcmp(argv[1], "syscall"))
		mode = 2;
	else {
		fprintf(stderr, "demo_vdso: unknown mode '%s'\n", argv[1]);
		return 2;
	}
	for (i = 0; i < n; i++) {
		int rc;

		if (mode == 0)
			rc = clock_gettime(CLOCK_MONOTONIC, &ts);
		else if (mode == 1)
			rc = clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
		else
			rc = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
		if (rc) {
			perror("clock_gettime");
			return 1;
		}
		if (!i)
			first = ts;
	}
	printf("%s %ld calls, time went from %ld.%09ld to %ld.%09ld\n", argv[1],
	       n, (long)first.tv_sec, first.tv_nsec, (long)ts.tv_sec,
	       ts.tv_nsec);
	return 0;
}
