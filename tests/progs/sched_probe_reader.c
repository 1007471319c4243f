// SPDX-License-Identifier: GPL-2.0
/*
 * sched_probe_reader.c - read the event stream /proc/sched_probe/events for
 * the sched_probe suite.
 *
 *   sched_probe_reader drain [PID]    read what is buffered (O_NONBLOCK) and
 *                                     print "records N pid M bad B": N
 *                                     records, M involving PID (prev or
 *                                     next), B malformed
 *   sched_probe_reader stream SECS    for SECS seconds, open and read with
 *                                     blocking reads, reopening whenever
 *                                     the file goes away (module unloaded),
 *                                     until SECS pass or SIGUSR1 comes;
 *                                     print "opened K" at each open, then
 *                                     "records N opens K"
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sched_probe.h"

#define EVENTS "/proc/sched_probe/events"

static struct sched_probe_event buf[4096];
static volatile sig_atomic_t done;

static void on_usr1(int sig)
{
	(void)sig;
	done = 1;
}

static int drain(long pid)
{
	long long n = 0, mine = 0, bad = 0;
	ssize_t got;
	size_t i;
	int fd;

	fd = open(EVENTS, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		return perror(EVENTS), 1;
	while ((got = read(fd, buf, sizeof(buf))) > 0) {
		if (got % sizeof(buf[0]))
			bad++;
		for (i = 0; i < got / sizeof(buf[0]); i++) {
			n++;
			if (buf[i].prev_pid == pid || buf[i].next_pid == pid)
				mine++;
			if (buf[i].reason > SCHED_PROBE_END_EXITED ||
			    (buf[i].prev_pid && !buf[i].reason))
				bad++;
		}
	}
	if (got < 0 && errno != EAGAIN)
		return perror("read"), 1;
	printf("records %lld pid %lld bad %lld\n", n, mine, bad);
	close(fd);
	return 0;
}

static int stream(long secs)
{
	time_t end = time(NULL) + secs;
	long long n = 0, opens = 0;
	struct timespec pause = { 0, 10000000 };
	struct sigaction sa = { .sa_handler = on_usr1 };
	ssize_t got;
	int fd;

	sigaction(SIGUSR1, &sa, NULL); /* no SA_RESTART: read() returns */
	while (!done && time(NULL) < end) {
		fd = open(EVENTS, O_RDONLY);
		if (fd < 0) {
			nanosleep(&pause, NULL);
			continue;
		}
		printf("opened %lld\n", ++opens);
		fflush(stdout);
		while (!done && time(NULL) < end &&
		       (got = read(fd, buf, sizeof(buf))) > 0) {
			n += got / sizeof(buf[0]);
			nanosleep(&pause, NULL); /* a slow reader */
		}
		close(fd);
	}
	printf("records %lld opens %lld\n", n, opens);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "drain"))
		return drain(argc > 2 ? atol(argv[2]) : -1);
	if (argc == 3 && !strcmp(argv[1], "stream"))
		return stream(atol(argv[2]));
	fprintf(stderr, "usage: %s drain [PID] | stream SECS\n", argv[0]);
	return 2;
}
