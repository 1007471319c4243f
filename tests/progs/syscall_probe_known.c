// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_probe_known.c - workloads with a known number of each system call,
 * for tests/vm/syscall_probe.sh and tests/bench/syscall_probe.sh.
 *
 *   known   wait for a line on stdin; make the known calls below; write
 *           "done\n"; wait for a line on stdin; exit
 *   family  wait for a line; fork a child that makes 3 getppid and execs
 *           itself as "child" (2 getppid, exit 0); wait for it; write
 *           "done\n"; wait for a line; exit
 *   child   (the exec'ed child of family) 2 getppid, exit
 *   orphan  wait for a line; pin itself to CPU 0 as SCHED_FIFO, fork a
 *           child (same CPU, same priority: it cannot run before the
 *           parent is gone), write "child PID\n" and exit_group; the
 *           child, reparented before its first system call, makes 3
 *           getppid, writes "orphan done\n" and exits
 *   texec   wait for a line; a second thread execs this program as
 *           "child" while the first blocks in read(): the execve returns
 *           in the leader's pid (de_thread)
 *   odd     wait for a line; getpid with __X32_SYSCALL_BIT set once (ENOSYS
 *           while x32 is off, as on Debian); syscall(-1) once (ENOSYS);
 *           write "done\n"; wait for a line; exit
 *   storm N make N getppid calls, then exit
 *   paced N MS  N getppid calls, MS milliseconds apart, then exit
 *   block   write "ready\n", then block in read() on stdin
 *
 * The known calls (numbers as the tests expect them):
 *   64-bit: getpid x7, getppid x5, close(-1) x3 (EBADF), open of a missing
 *           file x2 (ENOENT), write "done\n" x1
 *   ia32 (int $0x80 from this 64-bit process): getpid (20) x4,
 *           write (4) to fd -1 x2 (EBADF)
 * Every call is made with syscall(2) or inline assembly, so the C library
 * adds nothing between the two reads on stdin.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define X32_SYSCALL_BIT 0x40000000L
#define IA32_WRITE 4
#define IA32_GETPID 20

static long int80(long nr, long a, long b, long c)
{
	long ret;

	/* int $0x80 from 64-bit code: ia32 numbers, r8-r11 not preserved. */
	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(nr), "b"(a), "c"(b), "d"(c)
		     : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

static void wait_line(void)
{
	char c;

	while (syscall(SYS_read, 0, &c, 1) == 1 && c != '\n')
		;
}

static void say(const char *s)
{
	syscall(SYS_write, 1, s, strlen(s));
}

static void known(void)
{
	int i;

	for (i = 0; i < 7; i++)
		syscall(SYS_getpid);
	for (i = 0; i < 5; i++)
		syscall(SYS_getppid);
	for (i = 0; i < 3; i++)
		syscall(SYS_close, -1);
	for (i = 0; i < 2; i++)
		syscall(SYS_open, "/nonexistent/syscall_probe", O_RDONLY);
	for (i = 0; i < 4; i++)
		int80(IA32_GETPID, 0, 0, 0);
	for (i = 0; i < 2; i++)
		int80(IA32_WRITE, -1, 0, 0);
}

static int family(const char *self)
{
	pid_t pid;
	int i;

	pid = syscall(SYS_fork);
	if (pid < 0)
		return 1;
	if (pid == 0) {
		char *argv[] = { (char *)self, "child", NULL };

		for (i = 0; i < 3; i++)
			syscall(SYS_getppid);
		syscall(SYS_execve, "/proc/self/exe", argv, NULL);
		syscall(SYS_exit_group, 127);
	}
	syscall(SYS_wait4, pid, NULL, 0, NULL);
	return 0;
}

static void *texec_thread(void *self)
{
	char *argv[] = { self, "child", NULL };

	syscall(SYS_execve, "/proc/self/exe", argv, NULL);
	syscall(SYS_exit_group, 127);
	return NULL;
}

static int texec(char *self)
{
	pthread_t t;

	if (pthread_create(&t, NULL, texec_thread, self))
		return 1;
	wait_line(); /* killed by the other thread's execve */
	return 1;
}

static int orphan(void)
{
	struct sched_param sp = { .sched_priority = 1 };
	char msg[32];
	cpu_set_t cpu0;
	pid_t pid;
	int i;

	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0) ||
	    sched_setscheduler(0, SCHED_FIFO, &sp))
		return 1;
	pid = syscall(SYS_fork);
	if (pid < 0)
		return 1;
	if (pid == 0) {
		for (i = 0; i < 3; i++)
			syscall(SYS_getppid);
		say("orphan done\n");
		syscall(SYS_exit_group, 0);
	}
	snprintf(msg, sizeof(msg), "child %d\n", pid);
	say(msg);
	syscall(SYS_exit_group, 0);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "known";
	long i, n;

	if (!strcmp(mode, "child")) {
		for (i = 0; i < 2; i++)
			syscall(SYS_getppid);
		syscall(SYS_exit_group, 0);
	}
	if (!strcmp(mode, "storm")) {
		n = argc > 2 ? atol(argv[2]) : 1000000;
		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		return 0;
	}
	if (!strcmp(mode, "paced") && argc > 3) {
		struct timespec ts = { 0, atol(argv[3]) * 1000000L };

		for (i = atol(argv[2]); i > 0; i--) {
			syscall(SYS_getppid);
			nanosleep(&ts, NULL);
		}
		return 0;
	}
	if (!strcmp(mode, "block")) {
		say("ready\n");
		wait_line();
		return 0;
	}
	wait_line();
	if (!strcmp(mode, "family")) {
		if (family(argv[0]))
			return 1;
	} else if (!strcmp(mode, "known")) {
		known();
	} else if (!strcmp(mode, "texec")) {
		return texec(argv[0]);
	} else if (!strcmp(mode, "orphan")) {
		return orphan();
	} else if (!strcmp(mode, "odd")) {
		syscall(X32_SYSCALL_BIT | SYS_getpid);
		syscall(-1L);
	} else {
		fprintf(stderr,
			"usage: %s known|family|texec|orphan|odd|storm N|paced N MS|block\n",
			argv[0]);
		return 2;
	}
	say("done\n");
	wait_line();
	syscall(SYS_exit_group, 0);
	return 0;
}
