// SPDX-License-Identifier: GPL-2.0
/*
 * binfmt_demo_bench - time N rounds of vfork + execve + exit + wait of one
 * program, for tests/bench/binfmt_demo.sh.
 *
 *   binfmt_demo_bench FILE N
 *
 * Prints the mean wall-clock nanoseconds per round; exit status 1 if any
 * round did not exit with status 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* One vfork + execve + exit + wait; returns the wait status. */
static int __attribute__((noinline)) run_once(char *file)
{
	char *av[] = { file, NULL }, *envp[] = { NULL };
	int st = -1;
	pid_t pid;

	pid = vfork();
	if (pid == 0) {
		execve(file, av, envp);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return st;
}

int main(int argc, char **argv)
{
	long long t0;
	long n, i;
	int bad = 0;

	if (argc != 3 || (n = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: %s FILE N\n", argv[0]);
		return 2;
	}
	t0 = now_ns();
	for (i = 0; i < n; i++)
		if (run_once(argv[1]))
			bad = 1;
	printf("%lld\n", (now_ns() - t0) / n);
	return bad;
}
