// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_probe_known.c - workloads with a known number of each system call,
 * for tests/vm/syscall_probe.sh, tests/bench/syscall_probe.sh and
 * tests/bench/systrace.sh.
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
 *           while x32 is off, as on Debian; x86-64 only); syscall(-1) once
 *           (ENOSYS); write "done\n"; wait for a line; exit
 *   compat FILE  (arm64) write a small AArch32 program to FILE; wait for a
 *           line; exec it: through the 32-bit gate (compat numbers) it
 *           makes getpid (20) x4, write (4) to fd -1 x2 (EBADF), writes
 *           "done\n" (4), reads one byte of stdin (3) and exit_group (248)
 *           with status 0; exit status 3 if the kernel cannot run AArch32
 *           code (exec fails)
 *   exec32 PROG [ARG...]  (x86-64) execve(PROG, [PROG, ARG...], NULL)
 *           through int $0x80 (ia32 number 11): an argv of 32-bit pointers
 *           for the kernel's compat execve; exit status 3 on arm64, whose
 *           64-bit programs have no such gate
 *   storm N make N getppid calls, then exit
 *   strings N  N times: openat(AT_FDCWD, "/dev/null", O_WRONLY), write of
 *           "systrace bench\n" (15 bytes) to that fd, close: 3N calls with a
 *           path or a buffer for a tracer to decode, then exit
 *   paced N MS  N getppid calls, MS milliseconds apart, then exit
 *   block   write "ready\n", then block in read() on stdin
 *
 * The known calls (numbers as the tests expect them):
 *   64-bit: getpid x7, getppid x5, close(-1) x3 (EBADF), open of a missing
 *           file x2 (ENOENT; openat on arm64, which has no open), write
 *           "done\n" x1
 *   x86-64: int $0x80 from this 64-bit process (ia32 numbers): getpid (20)
 *           x4, write (4) to fd -1 x2 (EBADF)
 *   arm64:  the same four getpid and two write(-1) through svc #0 written
 *           out in assembly (64-bit numbers 172 and 64): the AArch64 gate
 *           is the only one a 64-bit program has (AArch32 is "compat")
 * Every call is made with syscall(2) or inline assembly, so the C library
 * adds nothing between the two reads on stdin. fork is clone on arm64.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "a32.h"
#include "gate2.h"

#ifdef __x86_64__
#define X32_SYSCALL_BIT 0x40000000L
#endif

#ifdef SYS_open
#define OPEN_MISSING() syscall(SYS_open, "/nonexistent/syscall_probe", O_RDONLY)
#else
#define OPEN_MISSING() \
	syscall(SYS_openat, AT_FDCWD, "/nonexistent/syscall_probe", O_RDONLY)
#endif

#ifdef SYS_fork
#define FORK() syscall(SYS_fork)
#else
#define FORK() syscall(SYS_clone, SIGCHLD, 0L, 0L, 0L, 0L)
#endif

/*
 * The AArch32 program of the compat mode (arm64), in A32 instructions:
 * compat numbers getpid 20, write 4, read 3, exit_group 248.
 */
static const uint32_t compat_code[] = {
	/* getpid() x4 */
	A32_MOV(7, 20),
	A32_SVC0,
	A32_MOV(7, 20),
	A32_SVC0,
	A32_MOV(7, 20),
	A32_SVC0,
	A32_MOV(7, 20),
	A32_SVC0,
	/* write(-1, ...) x2: EBADF */
	A32_MVN0(0),
	A32_MOV(7, 4),
	A32_SVC0,
	A32_MVN0(0),
	A32_MOV(7, 4),
	A32_SVC0,
	/* write(1, "done\n", 5) */
	A32_MOV(0, 1),
	0xe28f1028, /* add r1, pc, #40: the text after the code */
	A32_MOV(2, 5),
	A32_MOV(7, 4),
	A32_SVC0,
	/* read(0, sp - 16, 1) */
	A32_MOV(0, 0),
	0xe24d1010, /* sub r1, sp, #16 */
	A32_MOV(2, 1),
	A32_MOV(7, 3),
	A32_SVC0,
	/* exit_group(0) */
	A32_MOV(0, 0),
	A32_MOV(7, 248),
	A32_SVC0,
	/* "done\n" */
	0x656e6f64,
	0x0000000a,
};

/*
 * exec32: PROG and its arguments copied below 4 GiB, their addresses in an
 * array of 32-bit pointers there too, and execve through the 32-bit gate.
 * Returns only on failure.
 */
static int exec32(int argc, char **argv)
{
#ifdef __x86_64__
	const size_t size = 1 << 16;
	char *low, *s;
	uint32_t *vec;
	long ret;
	int i;

	low = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | GATE2_MAP_LOW, -1, 0);
	if (low == MAP_FAILED)
		return perror("mmap"), 1;
	vec = (uint32_t *)low;
	s = low + (argc + 1) * sizeof(*vec);
	for (i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;

		if (s + n > low + size)
			return fprintf(stderr, "exec32: too long\n"), 2;
		memcpy(s, argv[i], n);
		vec[i] = (uint32_t)(uintptr_t)s;
		s += n;
	}
	vec[argc] = 0;
	ret = gate2(GATE2_EXECVE, vec[0], (long)(uintptr_t)vec, 0);
	fprintf(stderr, "exec32: %s\n", strerror((int)-ret));
	return 1;
#else
	(void)argc;
	(void)argv;
	fprintf(stderr, "exec32: no 32-bit gate for a 64-bit program here\n");
	return 3;
#endif
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
		OPEN_MISSING();
	for (i = 0; i < 4; i++)
		gate2(GATE2_GETPID, 0, 0, 0);
	for (i = 0; i < 2; i++)
		gate2(GATE2_WRITE, -1, 0, 0);
}

static int family(const char *self)
{
	pid_t pid;
	int i;

	pid = FORK();
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
	pid = FORK();
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
	if (!strcmp(mode, "strings")) {
		static const char line[] = "systrace bench\n";
		long fd;

		n = argc > 2 ? atol(argv[2]) : 100000;
		for (i = 0; i < n; i++) {
			fd = syscall(SYS_openat, AT_FDCWD, "/dev/null",
				     O_WRONLY);
			if (fd < 0)
				return 1;
			syscall(SYS_write, fd, line, sizeof(line) - 1);
			syscall(SYS_close, fd);
		}
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
	if (!strcmp(mode, "compat")) {
		char *cargv[] = { "compat", NULL };
		int fd = a32_prepare(compat_code,
				     sizeof(compat_code) /
					     sizeof(compat_code[0]));

		if (fd < 0)
			return perror("a32_prepare"), 1;
		wait_line();
		a32_exec(fd, cargv);
		say("no AArch32\n");
		return 3;
	}
	if (!strcmp(mode, "exec32") && argc > 2)
		return exec32(argc - 2, argv + 2);
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
#ifdef X32_SYSCALL_BIT
		syscall(X32_SYSCALL_BIT | SYS_getpid);
#endif
		syscall(-1L);
	} else {
		fprintf(stderr,
			"usage: %s known|family|texec|orphan|odd|compat FILE|"
			"exec32 PROG [ARG...]|storm N|strings N|paced N MS|"
			"block\n",
			argv[0]);
		return 2;
	}
	say("done\n");
	wait_line();
	syscall(SYS_exit_group, 0);
	return 0;
}
