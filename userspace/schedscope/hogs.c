// SPDX-License-Identifier: GPL-2.0
/*
 * hogs.c - the experiment of schedscope explain: N CPU-bound tasks pinned
 * to one CPU, all started at once, each running a fixed amount of CPU time;
 * the stream of switches meanwhile, their median slice, and the module's
 * and the kernel's counts of each once they have stopped.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "schedscope.h"

static void spin_cpu_ms(long ms)
{
	struct timespec t;
	long long end, now;
	volatile unsigned long x = 0;
	int i;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	end = t.tv_sec * 1000000000LL + t.tv_nsec + ms * 1000000LL;
	do {
		for (i = 0; i < 10000; i++)
			x++;
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
		now = t.tv_sec * 1000000000LL + t.tv_nsec;
	} while (now < end);
}

/*
 * Start the hogs pinned to h->cpu, all at once; they stop when done. They
 * are forked while this process is pinned there, so each is born on h->cpu
 * and never runs elsewhere (a hog that pinned itself after fork could first
 * run on h->cpu, be balanced to another CPU and spin there a while).
 */
static void start_hogs(struct hogs *h, long ms)
{
	cpu_set_t set, mine;
	int go[2], i, st;
	char c;

	if (pipe(go))
		die("%s", "pipe failed");
	CPU_ZERO(&set);
	CPU_SET(h->cpu, &set);
	if (sched_getaffinity(0, sizeof(mine), &mine) ||
	    sched_setaffinity(0, sizeof(set), &set))
		die("%s", "cannot run on the CPU of the experiment (-C)");
	for (i = 0; i < h->n; i++) {
		h->pids[i] = fork();
		if (h->pids[i] < 0)
			die("%s", "fork failed");
		if (!h->pids[i]) {
			close(go[1]);
			prctl(PR_SET_NAME, HOG_NAME);
			if (read(go[0], &c, 1) < 0)
				_exit(1);
			spin_cpu_ms(ms);
			raise(SIGSTOP);
			_exit(0);
		}
	}
	if (sched_setaffinity(0, sizeof(mine), &mine))
		die("%s", "cannot restore this process's CPU affinity");
	close(go[0]);
	close(go[1]); /* all start now */
	for (i = 0; i < h->n; i++)
		if (waitpid(h->pids[i], &st, WUNTRACED) < 0 || !WIFSTOPPED(st))
			die("%s", "a hog did not run to its end");
}

static int by_u64(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* Every record buffered in the stream @fd, sorted by CPU and time. */
static struct sched_probe_event *read_all(int fd, size_t *n)
{
	struct sched_probe_event buf[1024], *ev = NULL;
	ssize_t got;
	size_t k;

	*n = 0;
	while ((got = read(fd, buf, sizeof(buf))) > 0) {
		k = got / sizeof(buf[0]);
		ev = xrealloc(ev, (*n + k) * sizeof(*ev));
		memcpy(ev + *n, buf, k * sizeof(buf[0]));
		*n += k;
	}
	qsort(ev, *n, sizeof(*ev), by_cpu_ts);
	return ev;
}

static int hog_index(const struct hogs *h, uint32_t pid)
{
	int j;

	for (j = 0; j < h->n; j++)
		if ((uint32_t)h->pids[j] == pid)
			return j;
	return -1;
}

/*
 * Median slice of the hogs on h->cpu: the time a hog runs from getting the
 * CPU until another hog gets it, leaving out the short runs of kernel
 * threads in between (they do not end the slice the scheduler gave). The
 * median is robust to the rare slice stretched by a stalled VM. 0 if none.
 */
static void median_slice(struct hogs *h)
{
	const struct sched_probe_event *ev = h->ev;
	uint64_t *d = calloc(h->nev + 1, sizeof(*d)), acc = 0;
	int cur = -1, who;
	size_t i, k = 0;

	if (!d)
		die("%s", "out of memory");
	for (i = 0; i + 1 < h->nev; i++) {
		if ((int)ev[i].cpu != h->cpu || ev[i + 1].cpu != ev[i].cpu)
			continue;
		who = hog_index(h, ev[i].next_pid);
		if (who < 0)
			continue;
		if (who != cur) {
			if (cur >= 0 && acc)
				d[k++] = acc;
			cur = who;
			acc = 0;
		}
		acc += ev[i + 1].ts_ns - ev[i].ts_ns;
	}
	qsort(d, k, sizeof(*d), by_u64);
	h->median = 0;
	if (k)
		h->median = k % 2 ? d[k / 2] : (d[k / 2 - 1] + d[k / 2]) / 2.0;
	h->nslices = k;
	free(d);
}

/* voluntary and involuntary switches of @pid from /proc/<pid>/status. */
static bool status_counts(pid_t pid, uint64_t *vol, uint64_t *invol)
{
	char path[64], line[256];
	int got = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		got += sscanf(line, "voluntary_ctxt_switches: %" SCNu64, vol);
		got += sscanf(line, "nonvoluntary_ctxt_switches: %" SCNu64,
			      invol);
	}
	fclose(f);
	return got == 2;
}

/*
 * The module's rows of the stopped hogs and the kernel's counts of each,
 * read once two readings 20 ms apart agree: a hog that has just stopped
 * may not have left its CPU yet.
 */
static void quiet_rows(struct hogs *h)
{
	const struct filter all = { -1, NULL };
	struct timespec pause = { 0, 20000000 };
	uint64_t v[MAX_HOGS], iv[MAX_HOGS];
	struct tasks a = { NULL, 0 }, b;
	int i, try;
	bool same;

	for (try = 0; try < 50; try++) {
		same = a.t != NULL;
		for (i = 0; i < h->n; i++) {
			if (!status_counts(h->pids[i], &v[i], &iv[i]))
				v[i] = iv[i] = UINT64_MAX;
			same = same && v[i] == h->kvol[i] &&
			       iv[i] == h->kinvol[i];
			h->kvol[i] = v[i];
			h->kinvol[i] = iv[i];
		}
		b = read_tasks(&all, false);
		for (i = 0; same && i < h->n; i++) {
			struct task *x = find_task(&a, h->pids[i], 0),
				    *y = find_task(&b, h->pids[i], 0);

			same = x && y && x->vol == y->vol &&
			       x->invol == y->invol;
		}
		free(a.t);
		a = b;
		if (same)
			break;
		nanosleep(&pause, NULL);
	}
	h->ts = a;
}

/* Run h->n hogs on h->cpu for @ms of CPU each; they stay stopped. */
void hogs_run(struct hogs *h, long ms)
{
	size_t old;
	int fd = open_sp_fd(SCHED_PROBE_EVENTS, O_RDONLY | O_NONBLOCK);

	free(read_all(fd, &old)); /* older records */
	start_hogs(h, ms);
	h->ev = read_all(fd, &h->nev);
	close(fd);
	median_slice(h);
	quiet_rows(h);
}

/*
 * The experiment's start: the moment every hog has been switched in on
 * h->cpu at least once. The hogs run on h->cpu only (start_hogs), so their
 * time in the window is that CPU's.
 */
uint64_t hogs_start(const struct hogs *h)
{
	bool seen[MAX_HOGS] = { false };
	uint64_t t0 = 0;
	int nseen = 0, k;
	size_t i;

	for (i = 0; i < h->nev && nseen < h->n; i++) {
		k = hog_index(h, h->ev[i].next_pid);
		if ((int)h->ev[i].cpu != h->cpu || k < 0 || seen[k])
			continue;
		seen[k] = true;
		nseen++;
		if (h->ev[i].ts_ns > t0)
			t0 = h->ev[i].ts_ns;
	}
	return nseen == h->n ? t0 : 0;
}

/* Kill and reap the hogs (what was read stays, for the report). */
void hogs_end(struct hogs *h)
{
	int i;

	for (i = 0; i < h->n; i++) {
		kill(h->pids[i], SIGKILL);
		waitpid(h->pids[i], NULL, 0);
	}
}
