// SPDX-License-Identifier: GPL-2.0
/*
 * sched_probe_work.c - workloads with a known scheduling behaviour for the
 * sched_probe suite (tests/vm/sched_probe.sh).
 *
 *   sched_probe_work [-s] sleep N      N sleeps of 100 us (voluntary)
 *   sched_probe_work [-s] sleep2 N     N sleeps, stop (SIGSTOP), N sleeps
 *   sched_probe_work [-s] yield N      N sched_yield() calls
 *   sched_probe_work [-s] yield32 N    N sched_yield() calls through the
 *                                      32-bit gate, nr 158: int $0x80 on
 *                                      x86-64; on arm64 an AArch32
 *                                      program's svc #0 (compat), exec'ed
 *                                      after the -s stop
 *   sched_probe_work [-s] exit N       N children, one every 20 ms, that
 *                                      exit at once
 *   sched_probe_work [-s] hog MS       spin for MS ms of CPU time
 *   sched_probe_work [-s] pingpong N   N round trips over two pipes with a
 *                                      child; prints ns per switch
 *
 * -s: stop (SIGSTOP) before the work, so the test can set up and SIGCONT.
 * Always stops again after the work, before exiting, so that the test can
 * read /proc/<pid>/status and the module while nothing changes; a SIGCONT
 * then lets it exit.
 */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "a32.h"

static long long ns_of(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void do_sleep(long n)
{
	struct timespec ts = { 0, 100000 };

	while (n-- > 0)
		nanosleep(&ts, NULL);
}

static void do_sleep2(long n)
{
	do_sleep(n);
	raise(SIGSTOP);
	do_sleep(n);
}

static void do_yield(long n)
{
	while (n-- > 0)
		sched_yield();
}

#ifdef __x86_64__
/* The ia32 system call sched_yield (158) from a 64-bit process. */
static int do_yield32(long n, int fd)
{
	long ret;

	(void)fd;
	while (n-- > 0) {
		asm volatile("int $0x80"
			     : "=a"(ret)
			     : "a"(158L)
			     : "memory", "r8", "r9", "r10", "r11");
		if (ret)
			return fprintf(stderr, "int $0x80: %ld\n", ret), 1;
	}
	return 0;
}

static int yield32_prepare(long n)
{
	(void)n;
	return 0;
}
#else
/*
 * arm64: an AArch32 program (A32 code, compat numbers) that calls
 * sched_yield (158) N times, stops itself (kill(getpid(), SIGSTOP), as
 * the other workloads do after their work) and exits with status 0.
 */
static int yield32_prepare(long n)
{
	uint32_t code[] = {
		0xe59f402c, /* ldr r4, [pc, #44]: N, the last word */
		A32_MOV(7, 158), /* r7 = 158: sched_yield */
		A32_SVC0, /* svc #0 */
		0xe2544001, /* subs r4, r4, #1 */
		0x1afffffb, /* bne: back to the mov r7, #158 */
		A32_MOV(7, 20), /* r7 = 20: getpid */
		A32_SVC0, /* svc #0: r0 = pid */
		A32_MOV(1, 19), /* r1 = SIGSTOP */
		A32_MOV(7, 37), /* r7 = 37: kill */
		A32_SVC0, /* svc #0 */
		A32_MOV(0, 0), /* r0 = 0 */
		A32_MOV(7, 248), /* r7 = 248: exit_group */
		A32_SVC0, /* svc #0 */
		0, /* N */
	};

	code[13] = n > 0 ? n : 1;
	return a32_prepare(code, sizeof(code) / sizeof(code[0]));
}

static int do_yield32(long n, int fd)
{
	char *argv[] = { "yield32", NULL };

	(void)n;
	a32_exec(fd, argv);
	return perror("exec of the AArch32 yielder"), 1;
}
#endif

/* @n children, one every 20 ms, that exit as soon as they run. */
static int do_exit(long n)
{
	struct timespec ts = { 0, 20000000 };
	pid_t pid;

	while (n-- > 0) {
		pid = fork();
		if (pid < 0)
			return perror("fork"), 1;
		if (!pid)
			_exit(0);
		waitpid(pid, NULL, 0);
		nanosleep(&ts, NULL);
	}
	return 0;
}

static void do_hog(long ms)
{
	long long end = ns_of(CLOCK_THREAD_CPUTIME_ID) + ms * 1000000LL;
	volatile unsigned long x = 0;
	int i;

	while (ns_of(CLOCK_THREAD_CPUTIME_ID) < end)
		for (i = 0; i < 10000; i++)
			x++;
}

static int do_pingpong(long n)
{
	int a[2], b[2];
	long long t0;
	char c = 'x';
	pid_t pid;
	long i;

	if (pipe(a) || pipe(b))
		return perror("pipe"), 1;
	pid = fork();
	if (pid < 0)
		return perror("fork"), 1;
	if (!pid) {
		for (i = 0; i < n; i++)
			if (read(a[0], &c, 1) != 1 || write(b[1], &c, 1) != 1)
				_exit(1);
		_exit(0);
	}
	t0 = ns_of(CLOCK_MONOTONIC);
	for (i = 0; i < n; i++)
		if (write(a[1], &c, 1) != 1 || read(b[0], &c, 1) != 1)
			return perror("pingpong"), 1;
	/* Two switches per round trip. */
	printf("%lld\n", (ns_of(CLOCK_MONOTONIC) - t0) / (2 * n));
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	int stop_first = 0, ret = 0, fd = -1;
	long n;

	if (argc > 1 && !strcmp(argv[1], "-s")) {
		stop_first = 1;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr,
			"usage: %s [-s] sleep|sleep2|yield|yield32|exit|hog|pingpong N\n",
			argv[0]);
		return 2;
	}
	n = atol(argv[2]);
	if (!strcmp(argv[1], "yield32")) {
		fd = yield32_prepare(n);
		if (fd < 0)
			return perror("yield32"), 1;
	}
	if (stop_first)
		raise(SIGSTOP);
	if (!strcmp(argv[1], "sleep"))
		do_sleep(n);
	else if (!strcmp(argv[1], "sleep2"))
		do_sleep2(n);
	else if (!strcmp(argv[1], "yield"))
		do_yield(n);
	else if (!strcmp(argv[1], "yield32"))
		ret = do_yield32(n, fd);
	else if (!strcmp(argv[1], "exit"))
		ret = do_exit(n);
	else if (!strcmp(argv[1], "hog"))
		do_hog(n);
	else if (!strcmp(argv[1], "pingpong"))
		ret = do_pingpong(n);
	else
		return fprintf(stderr, "unknown workload %s\n", argv[1]), 2;
	if (strcmp(argv[1], "pingpong"))
		raise(SIGSTOP);
	return ret;
}
