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
 *   sched_probe_reader poll MS [PID]  drain, then one poll() for input with
 *                                     a timeout of MS ms; print "poll R
 *                                     revents X", then drain as above
 *   sched_probe_reader pollread SECS PID
 *                                     for SECS seconds or until SIGUSR1:
 *                                     poll() (100 ms timeout) and read
 *                                     whatever is ready; print "records N
 *                                     pid M bad B wakes W" (W: polls that
 *                                     reported input)
 *   sched_probe_reader block poll|select|epoll
 *                                     print "waiting", then wait for input
 *                                     with no timeout (the module can be
 *                                     unloaded meanwhile); print
 *                                     "returned R revents X read E"
 *                                     (E: ok, end of file or the error)
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
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

static long long n_all, n_mine, n_bad;

/* Read what is buffered on @fd, counting records (of @pid) and bad ones. */
static int drain_fd(int fd, long pid)
{
	ssize_t got;
	size_t i;

	while ((got = read(fd, buf, sizeof(buf))) > 0) {
		if (got % sizeof(buf[0]))
			n_bad++;
		for (i = 0; i < got / sizeof(buf[0]); i++) {
			n_all++;
			if (buf[i].prev_pid == pid || buf[i].next_pid == pid)
				n_mine++;
			if (buf[i].reason > SCHED_PROBE_END_EXITED ||
			    (buf[i].prev_pid && !buf[i].reason))
				n_bad++;
		}
	}
	if (got < 0 && errno != EAGAIN)
		return perror("read"), 1;
	return 0;
}

static int open_events(void)
{
	int fd = open(EVENTS, O_RDONLY | O_NONBLOCK);

	if (fd < 0)
		perror(EVENTS);
	return fd;
}

static int poll_once(long ms, long pid)
{
	struct pollfd p;
	int r, fd = open_events();

	if (fd < 0)
		return 1;
	if (drain_fd(fd, pid))
		return 1;
	n_all = n_mine = n_bad = 0;
	p.fd = fd;
	p.events = POLLIN;
	r = poll(&p, 1, ms);
	printf("poll %d revents 0x%x\n", r, r > 0 ? p.revents : 0);
	if (drain_fd(fd, pid))
		return 1;
	printf("records %lld pid %lld bad %lld\n", n_all, n_mine, n_bad);
	close(fd);
	return r < 0;
}

static int poll_read(long secs, long pid)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	time_t end = time(NULL) + secs;
	long long wakes = 0;
	struct pollfd p;
	int r, fd = open_events();

	if (fd < 0)
		return 1;
	sigaction(SIGUSR1, &sa, NULL);
	p.fd = fd;
	p.events = POLLIN;
	while (!done && time(NULL) < end) {
		r = poll(&p, 1, 100);
		if (r > 0 && (p.revents & POLLIN))
			wakes++;
		if (r < 0 && errno != EINTR)
			return perror("poll"), 1;
		if (drain_fd(fd, pid))
			return 1;
	}
	if (drain_fd(fd, pid))
		return 1;
	printf("records %lld pid %lld bad %lld wakes %lld\n", n_all, n_mine,
	       n_bad, wakes);
	close(fd);
	return 0;
}

static int block(const char *how)
{
	struct epoll_event e = { .events = EPOLLIN };
	int r = -1, fd = open_events(), ep;
	struct pollfd p;
	ssize_t n;
	fd_set rd;

	if (fd < 0 || drain_fd(fd, -1))
		return 1;
	printf("waiting\n");
	fflush(stdout);
	p.fd = fd;
	p.events = POLLIN;
	p.revents = 0;
	if (!strcmp(how, "poll")) {
		r = poll(&p, 1, -1);
	} else if (!strcmp(how, "select")) {
		FD_ZERO(&rd);
		FD_SET(fd, &rd);
		r = select(fd + 1, &rd, NULL, NULL, NULL);
		p.revents = r > 0 && FD_ISSET(fd, &rd) ? POLLIN : 0;
	} else {
		ep = epoll_create1(0);
		if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e))
			return perror("epoll"), 1;
		r = epoll_wait(ep, &e, 1, -1);
		p.revents = r > 0 ? e.events : 0;
	}
	r = r < 0 ? -errno : r;
	n = read(fd, buf, sizeof(buf));
	printf("returned %d revents 0x%x read %s\n", r, p.revents,
	       n < 0 ? strerror(errno) :
	       n     ? "ok" :
		       "end of file");
	return 0;
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
	if (argc >= 3 && !strcmp(argv[1], "poll"))
		return poll_once(atol(argv[2]), argc > 3 ? atol(argv[3]) : -1);
	if (argc == 4 && !strcmp(argv[1], "pollread"))
		return poll_read(atol(argv[2]), atol(argv[3]));
	if (argc == 3 && !strcmp(argv[1], "block"))
		return block(argv[2]);
	fprintf(stderr,
		"usage: %s drain [PID] | stream SECS | poll MS [PID] | "
		"pollread SECS PID | block poll|select|epoll\n",
		argv[0]);
	return 2;
}
