// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_probe_reader.c - counting reader of /proc/syscall_probe/stream for
 * tests/vm/syscall_probe.sh.
 *
 * Opens the stream, writes "open" on stdout, reads records (blocking) until
 * SIGUSR1, then drains what is left without blocking and prints one line:
 *   delivered N lost N getppid N noreturn N bad N
 * delivered: system call records read; lost: the sum of the LOST records'
 * counts; getppid: records of 64-bit getppid (nr 110); noreturn: records
 * flagged NORETURN; bad: records with an impossible layout (unknown abi or
 * flags). With "-b", blocks in one read instead and prints its result (for
 * the unload test).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "syscall_probe.h"

static volatile sig_atomic_t stop;

static void on_usr1(int sig)
{
	(void)sig;
	stop = 1;
}

struct counts {
	unsigned long long delivered, lost, getppid, noreturn, bad;
};

static void account(const struct syscall_probe_record *r, struct counts *c)
{
	if (r->flags & SYSCALL_PROBE_REC_LOST) {
		c->lost += r->args[0];
		return;
	}
	c->delivered++;
	if (r->abi < SYSCALL_PROBE_ABI_64 || r->abi > SYSCALL_PROBE_ABI_X32 ||
	    (r->flags & ~SYSCALL_PROBE_REC_NORETURN))
		c->bad++;
	if (r->flags & SYSCALL_PROBE_REC_NORETURN)
		c->noreturn++;
	if (r->abi == SYSCALL_PROBE_ABI_64 && r->nr == 110)
		c->getppid++;
}

int main(int argc, char **argv)
{
	static struct syscall_probe_record buf[256];
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct counts c = { 0 };
	ssize_t n;
	int fd, i;

	fd = open("/proc/syscall_probe/stream", O_RDONLY);
	if (fd < 0) {
		perror("open /proc/syscall_probe/stream");
		return 1;
	}
	sigaction(SIGUSR1, &sa, NULL);
	printf("open\n");
	fflush(stdout);
	if (argc > 1 && !strcmp(argv[1], "-b")) {
		n = read(fd, buf, sizeof(buf));
		printf("read %zd %s\n", n, n < 0 ? strerror(errno) : "");
		return 0;
	}
	while (!stop) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			break;
		if (n <= 0)
			return 1;
		for (i = 0; i < n / (ssize_t)sizeof(buf[0]); i++)
			account(&buf[i], &c);
	}
	fcntl(fd, F_SETFL, O_NONBLOCK);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < n / (ssize_t)sizeof(buf[0]); i++)
			account(&buf[i], &c);
	printf("delivered %llu lost %llu getppid %llu noreturn %llu bad %llu\n",
	       c.delivered, c.lost, c.getppid, c.noreturn, c.bad);
	return 0;
}
