// SPDX-License-Identifier: GPL-2.0
/*
 * stress_work.c - the process workload of tests/vm/stress.sh: for SECONDS,
 * keep JOBS children alive, each doing one randomly chosen thing and
 * exiting:
 *   toy   exec a toy program of TOYDIR (binfmt_demo) and check its status
 *   elf   exec an ELF program (TOYDIR/NAME.elf or /bin/true)
 *   mem   mmap, touch, mprotect, madvise, munmap, with a forked child
 *         writing to inherited memory (copy on write)
 *   sys   a burst of system calls, some failing, some through int $0x80
 *         (arm64: svc #0 written out)
 *   thr   threads that make system calls and exit while the process lives
 *
 * Usage: stress_work SECONDS TOYDIR [JOBS] [SEED]   (SIGTERM: stop early)
 * Prints the seed first, then at the end one line:
 *   forks N toy N toy_noexec N elf N mem N sys N thr N bad N
 * toy_noexec counts toy execs refused with ENOEXEC (binfmt_demo not
 * loaded: expected while it is being loaded and unloaded); bad counts
 * everything that went wrong (a wrong exit status, a failed exec of an ELF,
 * a signal): it must stay 0. Exits 1 if bad > 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gate2.h"

#define PG 4096UL
#define MAXJOBS 64
#define NOEXEC_STATUS 120
#define EXECFAIL_STATUS 121

enum kind { TOY, ELF, MEM, SYS, THR, NKINDS };

static const char *const kind_name[NKINDS] = { "toy", "elf", "mem", "sys",
					       "thr" };

/*
 * Toy programs and the exit status each one must end with. syscalls (its
 * int $0x80) is built for x86-64 only (examples/toy/Makefile).
 */
static const struct {
	const char *name;
	const char *arg;
	int status;
} toys[] = {
	{ "exit0.toy", NULL, 0 },    { "hello.toy", NULL, 0 },
	{ "brkgrow.toy", NULL, 0 },  { "showargs.toy", "x", 2 },
	{ "greet.toy", "a", 5 },     { "sleeper.toy", "0", 0 },
#ifdef __x86_64__
	{ "syscalls.toy", NULL, 0 },
#endif
};

static const char *const elfs[] = {
	"exit0.elf",	"hello.elf", "brkgrow.elf", "/bin/true",
#ifdef __x86_64__
	"syscalls.elf",
#endif
};

static const char *toydir;
static unsigned int seed;
static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static unsigned long rnd(unsigned long n)
{
	return (unsigned long)rand_r(&seed) % n;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void quiet(void)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		close(fd);
	}
}

static void run(const char *name, const char *arg)
{
	char path[4096];
	char *argv[3] = { path, (char *)arg, NULL };

	if (name[0] == '/')
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/%s", toydir, name);
	quiet();
	execv(path, argv);
	_exit(errno == ENOEXEC ? NOEXEC_STATUS : EXECFAIL_STATUS);
}

/* Where mem() is, for the report of an unexpected SIGSEGV. */
static volatile int mem_step;
static char *volatile mem_base;
static volatile size_t mem_len;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
	char msg[200];
	int n;

	(void)sig;
	(void)uc;
	n = snprintf(
		msg, sizeof(msg),
		"SIGSEGV in mem step %d: addr %p code %d, region %p+%#zx\n",
		mem_step, si->si_addr, si->si_code, (void *)mem_base,
		(size_t)mem_len);
	if (write(2, msg, n) < 0)
		_exit(139);
	_exit(139);
}

static void mem(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv,
				.sa_flags = SA_SIGINFO };
	size_t len = (1 + rnd(64)) * PG;
	char *p;
	size_t i;
	pid_t c;
	int round;

	sigaction(SIGSEGV, &sa, NULL);
	mem_len = len;
	for (round = 0; round < 8; round++) {
		mem_step = round * 10;
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(1);
		mem_base = p;
		mem_step++;
		for (i = 0; i < len; i += PG)
			p[i] = (char)i;
		mem_step++;
		if (round == 3) {
			c = fork();
			if (c == 0) {
				for (i = 0; i < len; i += 2 * PG)
					p[i] = 1;
				_exit(0);
			}
			if (c > 0)
				waitpid(c, NULL, 0);
		}
		mem_step++;
		mprotect(p, len / 2, PROT_READ);
		madvise(p + len / 2, len - len / 2, MADV_DONTNEED);
		mprotect(p, len / 2, PROT_NONE);
		if (len > 2 * PG)
			munmap(p + PG, PG); /* split the mapping */
		munmap(p, len);
	}
	_exit(0);
}

static void sys_burst(void)
{
	char buf[256];
	int i, fd;

	for (i = 0; i < 50; i++) {
		syscall(SYS_getpid);
		syscall(SYS_getppid);
		syscall(SYS_close, -1);
		fd = open("/proc/self/stat", O_RDONLY);
		if (fd >= 0) {
			if (read(fd, buf, sizeof(buf)) < 0)
				_exit(1);
			close(fd);
		}
		open("/nonexistent/stress", O_RDONLY);
		syscall(-1);
		sched_yield();
		gate2(GATE2_GETPID, 0, 0, 0);
	}
	_exit(0);
}

static void *thread_fn(void *arg)
{
	int i;

	(void)arg;
	for (i = 0; i < 100; i++) {
		syscall(SYS_gettid);
		syscall(SYS_getppid);
	}
	return NULL;
}

static void threads(void)
{
	pthread_t t[4];
	int i, n = 0;

	for (i = 0; i < 4; i++)
		if (pthread_create(&t[n], NULL, thread_fn, NULL) == 0)
			n++;
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	_exit(0);
}

struct job {
	pid_t pid;
	enum kind kind;
	int want;
	const char *name;
};

int main(int argc, char **argv)
{
	unsigned long count[NKINDS] = { 0 }, forks = 0, noexec = 0, bad = 0;
	struct sigaction sa = { .sa_handler = on_term };
	struct job jobs[MAXJOBS];
	int njobs, i, status, k;
	double end;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: %s SECONDS TOYDIR [JOBS] [SEED]\n",
			argv[0]);
		return 2;
	}
	end = now() + atof(argv[1]);
	toydir = argv[2];
	njobs = argc > 3 ? atoi(argv[3]) : 4;
	if (njobs < 1 || njobs > MAXJOBS)
		njobs = 4;
	seed = argc > 4 ? (unsigned int)atol(argv[4]) : (unsigned int)getpid();
	printf("seed %u\n", seed);
	fflush(stdout);
	memset(jobs, 0, sizeof(jobs));
	sigaction(SIGTERM, &sa, NULL);

	for (;;) {
		for (i = 0; i < njobs && !stop && now() < end; i++) {
			const char *name = NULL, *arg = NULL;
			int want = 0;

			if (jobs[i].pid)
				continue;
			/* each kind once first, even on a slow kernel */
			k = forks < NKINDS ? (int)forks : (int)rnd(NKINDS);
			if (k == TOY) {
				unsigned long t =
					rnd(sizeof(toys) / sizeof(toys[0]));

				name = toys[t].name;
				arg = toys[t].arg;
				want = toys[t].status;
			} else if (k == ELF) {
				name = elfs[rnd(sizeof(elfs) / sizeof(elfs[0]))];
			}
			pid = fork();
			if (pid < 0)
				continue;
			if (pid == 0) {
				if (k == TOY || k == ELF)
					run(name, arg);
				if (k == MEM)
					mem();
				if (k == SYS)
					sys_burst();
				threads();
			}
			forks++;
			jobs[i] = (struct job){ pid, k, want, name };
		}
		pid = wait(&status);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			break;
		for (i = 0; i < njobs; i++)
			if (jobs[i].pid == pid)
				break;
		if (i == njobs)
			continue;
		jobs[i].pid = 0;
		if (jobs[i].kind == TOY && WIFEXITED(status) &&
		    WEXITSTATUS(status) == NOEXEC_STATUS) {
			noexec++;
			continue;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == jobs[i].want) {
			count[jobs[i].kind]++;
			continue;
		}
		bad++;
		if (bad <= 10)
			fprintf(stderr, "bad: %s job %s pid %d: status 0x%x\n",
				kind_name[jobs[i].kind],
				jobs[i].name ? jobs[i].name : "-", pid, status);
	}
	printf("forks %lu toy %lu toy_noexec %lu elf %lu mem %lu sys %lu thr %lu bad %lu\n",
	       forks, count[TOY], noexec, count[ELF], count[MEM], count[SYS],
	       count[THR], bad);
	return bad ? 1 : 0;
}
