// SPDX-License-Identifier: GPL-2.0
/*
 * timeline.c - schedscope timeline: record the context switches of every
 * CPU for -d seconds from /proc/sched_probe/events, turn them into slices
 * (which task ran when, and why its time ended) and show them as lanes,
 * JSON or, with -o, an SVG picture.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "schedscope.h"

int by_cpu_ts(const void *a, const void *b)
{
	const struct sched_probe_event *x = a, *y = b;

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->ts_ns < y->ts_ns ? -1 : x->ts_ns > y->ts_ns ? 1 : 0;
}

uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ULL + t.tv_nsec;
}

/* Records of the next @duration seconds, sorted by CPU and time. */
static struct sched_probe_event *record(double duration, size_t *n,
					uint64_t *t0, uint64_t *t1,
					uint64_t *dropped)
{
	struct sched_probe_event buf[1024], *ev = NULL;
	struct timespec pause = { 0, 20000000 };
	size_t cap = 0, k;
	uint64_t end;
	ssize_t got;
	int fd = open_sp_fd(SCHED_PROBE_EVENTS, O_RDONLY | O_NONBLOCK);

	while (read(fd, buf, sizeof(buf)) > 0)
		; /* older records */
	*dropped = cpus_dropped();
	*n = 0;
	end = now_ns() + (uint64_t)(duration * 1e9);
	for (;;) {
		got = read(fd, buf, sizeof(buf));
		if (got > 0) {
			k = got / sizeof(buf[0]);
			if (*n + k > cap) {
				cap = (*n + k) * 2;
				ev = xrealloc(ev, cap * sizeof(*ev));
			}
			memcpy(ev + *n, buf, k * sizeof(buf[0]));
			*n += k;
			continue;
		}
		if (got < 0 && errno != EAGAIN)
			die("read error on %s", SP_PROC_DIR SCHED_PROBE_EVENTS);
		if (now_ns() >= end)
			break;
		nanosleep(&pause, NULL);
	}
	*dropped = cpus_dropped() - *dropped;
	close(fd);
	qsort(ev, *n, sizeof(*ev), by_cpu_ts);
	/* The window: first to last record (the module's clock, not ours). */
	*t0 = UINT64_MAX;
	*t1 = 0;
	for (k = 0; k < *n; k++) {
		if (ev[k].ts_ns < *t0)
			*t0 = ev[k].ts_ns;
		if (ev[k].ts_ns > *t1)
			*t1 = ev[k].ts_ns;
	}
	if (*t1 <= *t0)
		die("%s",
		    "no context switch recorded (filter set, or disabled?)");
	return ev;
}

/*
 * Turn the switches of each CPU into slices of the task switched in. Before
 * the first switch seen on a CPU, its prev task was running since @start.
 */
struct slice *slices_of(const struct sched_probe_event *ev, size_t n,
			uint64_t start, uint64_t end, size_t *ns)
{
	struct slice *s = calloc(2 * n + 1, sizeof(*s));
	size_t i;

	if (!s)
		die("%s", "out of memory");
	*ns = 0;
	for (i = 0; i < n; i++) {
		bool first = i == 0 || ev[i].cpu != ev[i - 1].cpu;
		bool last = i + 1 == n || ev[i].cpu != ev[i + 1].cpu;

		if (first && ev[i].prev_pid && ev[i].ts_ns > start) {
			s[*ns].start = start;
			s[*ns].end = ev[i].ts_ns;
			s[*ns].cpu = ev[i].cpu;
			s[*ns].pid = ev[i].prev_pid;
			s[*ns].tgid = ev[i].prev_tgid;
			s[*ns].reason = ev[i].reason;
			++*ns;
		}
		if (!ev[i].next_pid)
			continue;
		s[*ns].start = ev[i].ts_ns;
		s[*ns].cpu = ev[i].cpu;
		s[*ns].pid = ev[i].next_pid;
		s[*ns].tgid = ev[i].next_tgid;
		/*
		 * The last slice of a CPU still runs at the end: reason 0. A
		 * window shorter than the records (explain) ends before the
		 * last switches: those slices are empty, never negative.
		 */
		if (!last)
			s[*ns].end = ev[i + 1].ts_ns;
		else
			s[*ns].end = end > ev[i].ts_ns ? end : ev[i].ts_ns;
		s[*ns].reason = last ? 0 : ev[i + 1].reason;
		++*ns;
	}
	return s;
}

static json_object *slices_json(const struct slice *s, size_t ns,
				struct tasks *ts)
{
	json_object *arr = json_object_new_array();
	size_t k;

	for (k = 0; k < ns; k++) {
		json_object *e = json_object_new_object();

		json_object_object_add(e, "cpu", json_object_new_int(s[k].cpu));
		json_object_object_add(e, "pid",
				       json_object_new_int64(s[k].pid));
		json_object_object_add(
			e, "comm",
			json_object_new_string(comm_of(ts, s[k].pid)));
		json_object_object_add(
			e, "start_ns",
			json_object_new_int64((int64_t)s[k].start));
		json_object_object_add(
			e, "end_ns", json_object_new_int64((int64_t)s[k].end));
		json_object_object_add(
			e, "end",
			json_object_new_string(reason_name(s[k].reason)));
		json_object_array_add(arr, e);
	}
	return arr;
}

int cmd_timeline(const struct env *env)
{
	/* -p and -c select the tasks named in the legend and the JSON. */
	const struct filter filter = { env->pid, env->comm };
	uint64_t t0, t1, dropped;
	struct sched_probe_event *ev;
	struct tasks ts;
	struct slice *s;
	size_t n, ns;
	json_object *o;

	ev = record(env->duration > 0 ? env->duration : 1, &n, &t0, &t1,
		    &dropped);
	s = slices_of(ev, n, t0, t1, &ns);
	ts = read_tasks(&filter, false);
	if (env->svg)
		draw_svg(env->svg, s, ns, t0, t1, &ts);
	if (env->json) {
		o = json_object_new_object();
		json_object_object_add(o, "records",
				       json_object_new_int64((int64_t)n));
		json_object_object_add(o, "dropped",
				       json_object_new_int64((int64_t)dropped));
		json_object_object_add(o, "slices", slices_json(s, ns, &ts));
		print_json(o);
	} else {
		printf("%zu switches recorded in %.1f ms, %" PRIu64
		       " dropped\n",
		       n, (t1 - t0) / 1e6, dropped);
		draw_lanes(s, ns, t0, t1, &ts, env->width);
	}
	free(ts.t);
	free(s);
	free(ev);
	return 0;
}
