// SPDX-License-Identifier: GPL-2.0
/*
 * schedscope.c - show how the CPU is shared, from the sched_probe module's
 * /proc/sched_probe/ files: a top-like table of tasks (voluntary and
 * involuntary switches, run time, timeslices, run-queue waits), log2
 * histograms, per-CPU timelines (terminal lanes or SVG) and "explain",
 * which compares measured timeslices with the scheduler's own knobs.
 */
#include <argp.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <limits.h>
#include <sched.h>
#include <sys/prctl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hist.h"
#include "lkm_suite.h"
#include "sched_probe.h"

#define DIR "/proc/" SCHED_PROBE_PROC_DIR "/"
#define DEBUG_SCHED "/sys/kernel/debug/sched/"
#define NOT_LOADED \
	"module not loaded: sudo insmod modules/sched_probe/sched_probe.ko"

enum cmd { CMD_TOP, CMD_HIST, CMD_TIMELINE, CMD_EXPLAIN };

static struct env {
	enum cmd cmd;
	long pid;
	const char *comm;
	bool json;
	bool wait;
	int rows;
	int ntasks;
	int cpu;
	double duration;
	int width;
	const char *svg;
	const char *save_json;
	long interval;
	long count;
	int nargs;
} env = { .pid = -1,
	  .rows = 20,
	  .ntasks = 2,
	  .cpu = -1,
	  .duration = 0,
	  .width = 72,
	  .count = -1 };

/* One row of /proc/sched_probe/stats. */
struct task {
	long pid, tgid;
	char comm[32];
	int exited;
	uint64_t switch_in, vol, invol, yields, runtime, slices, smin, savg,
		smax, waits, wmin, wavg, wmax, migr;
	uint64_t slice_hist[SCHED_PROBE_HIST_SLOTS];
	uint64_t wait_hist[SCHED_PROBE_HIST_SLOTS];
};

struct tasks {
	struct task *t;
	size_t n;
};

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "schedscope: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

static FILE *open_sp(const char *name)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), DIR "%s", name);
	f = fopen(path, "r");
	if (!f && errno == ENOENT)
		die("%s", NOT_LOADED);
	if (!f)
		die("cannot open %s (run as root)", path);
	return f;
}

static const char *const stat_cols[] = {
	"switch_in",	"voluntary",  "involuntary",  "yields",
	"runtime_ns",	"slices",     "slice_min_ns", "slice_avg_ns",
	"slice_max_ns", "waits",      "wait_min_ns",  "wait_avg_ns",
	"wait_max_ns",	"migrations",
};

static uint64_t *stat_field(struct task *t, size_t i)
{
	uint64_t *f[] = { &t->switch_in, &t->vol,    &t->invol, &t->yields,
			  &t->runtime,	 &t->slices, &t->smin,	&t->savg,
			  &t->smax,	 &t->waits,  &t->wmin,	&t->wavg,
			  &t->wmax,	 &t->migr };

	return f[i];
}

/* Column numbers of the stats header for pid, tgid, comm, exited, ... */
static void parse_header(char *line, int *col)
{
	size_t i, n = sizeof(stat_cols) / sizeof(stat_cols[0]);
	char *save, *w;
	int c = 0;

	for (i = 0; i < n + 4; i++)
		col[i] = -1;
	for (w = strtok_r(line, " \n", &save); w;
	     w = strtok_r(NULL, " \n", &save), c++) {
		if (!strcmp(w, "pid"))
			col[0] = c;
		else if (!strcmp(w, "tgid"))
			col[1] = c;
		else if (!strcmp(w, "comm"))
			col[2] = c;
		else if (!strcmp(w, "exited"))
			col[3] = c;
		for (i = 0; i < n; i++)
			if (!strcmp(w, stat_cols[i]))
				col[4 + i] = c;
	}
	for (i = 0; i < n + 4; i++)
		if (col[i] < 0)
			die("%s", "unexpected /proc/sched_probe/stats header");
}

static void parse_row(char *line, const int *col, struct task *t)
{
	size_t i, n = sizeof(stat_cols) / sizeof(stat_cols[0]);
	char *save, *w;
	int c = 0;

	memset(t, 0, sizeof(*t));
	for (w = strtok_r(line, " \n", &save); w;
	     w = strtok_r(NULL, " \n", &save), c++) {
		if (c == col[0])
			t->pid = atol(w);
		else if (c == col[1])
			t->tgid = atol(w);
		else if (c == col[2])
			snprintf(t->comm, sizeof(t->comm), "%s", w);
		else if (c == col[3])
			t->exited = atoi(w);
		for (i = 0; i < n; i++)
			if (c == col[4 + i])
				*stat_field(t, i) = strtoull(w, NULL, 10);
	}
}

static bool wanted(const struct task *t)
{
	if (env.pid > 0 && t->pid != env.pid && t->tgid != env.pid)
		return false;
	return !env.comm || !strcmp(env.comm, t->comm);
}

static struct task *find_task(struct tasks *ts, long pid, int exited)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		if (ts->t[i].pid == pid && ts->t[i].exited == exited)
			return &ts->t[i];
	return NULL;
}

static void read_hist(struct tasks *ts)
{
	char line[1024], kind[16], comm[32];
	FILE *f = open_sp(SCHED_PROBE_HIST);
	struct task *t;
	long pid, tgid;
	uint64_t *h;
	int i, off, pos;

	if (!fgets(line, sizeof(line), f))
		die("%s", "empty /proc/sched_probe/hist");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%ld %ld %31s %15s%n", &pid, &tgid, comm, kind,
			   &off) != 4)
			continue;
		t = find_task(ts, pid, 0);
		if (!t)
			t = find_task(ts, pid, 1);
		if (!t)
			continue;
		h = !strcmp(kind, "slice") ? t->slice_hist : t->wait_hist;
		for (i = 0; i < SCHED_PROBE_HIST_SLOTS; i++, off += pos)
			if (sscanf(line + off, "%" SCNu64 "%n", &h[i], &pos) !=
			    1)
				break;
	}
	fclose(f);
}

/* Every row of stats (and of hist if @hist), filtered by -p and -c. */
static struct tasks read_tasks(bool hist)
{
	struct tasks ts = { NULL, 0 };
	char line[1024];
	int col[32];
	size_t cap = 0;
	struct task t;
	FILE *f = open_sp(SCHED_PROBE_STATS);

	if (!fgets(line, sizeof(line), f))
		die("%s", "empty /proc/sched_probe/stats");
	parse_header(line, col);
	while (fgets(line, sizeof(line), f)) {
		parse_row(line, col, &t);
		if (!wanted(&t))
			continue;
		if (ts.n == cap) {
			cap = cap ? 2 * cap : 256;
			ts.t = realloc(ts.t, cap * sizeof(*ts.t));
			if (!ts.t)
				die("%s", "out of memory");
		}
		ts.t[ts.n++] = t;
	}
	fclose(f);
	if (hist)
		read_hist(&ts);
	return ts;
}

static int by_runtime(const void *a, const void *b)
{
	const struct task *x = a, *y = b;

	return x->runtime < y->runtime ? 1 : x->runtime > y->runtime ? -1 : 0;
}

/* @cur minus @prev (the same task in the previous sample), for top. */
static void subtract(struct task *cur, const struct task *prev)
{
	size_t i, n = sizeof(stat_cols) / sizeof(stat_cols[0]);

	for (i = 0; i < n; i++)
		if (strstr(stat_cols[i], "min") ||
		    strstr(stat_cols[i], "max") || strstr(stat_cols[i], "avg"))
			continue;
		else
			*stat_field(cur, i) -=
				*stat_field((struct task *)prev, i);
	cur->savg = cur->slices ? cur->runtime / cur->slices : 0;
}

static json_object *task_json(const struct task *t)
{
	json_object *o = json_object_new_object();
	size_t i, n = sizeof(stat_cols) / sizeof(stat_cols[0]);

	json_object_object_add(o, "pid", json_object_new_int64(t->pid));
	json_object_object_add(o, "tgid", json_object_new_int64(t->tgid));
	json_object_object_add(o, "comm", json_object_new_string(t->comm));
	json_object_object_add(o, "exited", json_object_new_boolean(t->exited));
	for (i = 0; i < n; i++)
		json_object_object_add(
			o, stat_cols[i],
			json_object_new_int64(
				(int64_t)*stat_field((struct task *)t, i)));
	return o;
}

static void print_json(json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY));
	json_object_put(o);
}

/* Write @o (kept) to @path as --json would print it. */
static void save_json(json_object *o, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		die("cannot write %s", path);
	fprintf(f, "%s\n",
		json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY));
	if (fclose(f))
		die("cannot write %s", path);
}

static void top_print(struct tasks *ts)
{
	json_object *arr = NULL;
	size_t i, n;
	char ts_buf[32];
	time_t now = time(NULL);

	qsort(ts->t, ts->n, sizeof(*ts->t), by_runtime);
	n = ts->n < (size_t)env.rows ? ts->n : (size_t)env.rows;
	if (env.json) {
		arr = json_object_new_array();
		for (i = 0; i < n; i++)
			json_object_array_add(arr, task_json(&ts->t[i]));
		print_json(arr);
		return;
	}
	strftime(ts_buf, sizeof(ts_buf), "%H:%M:%S", localtime(&now));
	printf("%s\n%7s %7s %-15s %7s %7s %10s %9s %9s %5s\n", ts_buf, "PID",
	       "TGID", "COMM", "VOL", "INVOL", "RUNTIME_ms", "SLICE_us",
	       "WAIT_us", "MIGR");
	for (i = 0; i < n; i++) {
		struct task *t = &ts->t[i];

		printf("%7ld %7ld %-15.15s %7" PRIu64 " %7" PRIu64
		       " %10.3f %9.1f %9.1f %5" PRIu64 "\n",
		       t->pid, t->tgid, t->comm, t->vol, t->invol,
		       t->runtime / 1e6, t->savg / 1e3, t->wavg / 1e3, t->migr);
	}
}

static int cmd_top(void)
{
	struct tasks prev = { NULL, 0 }, cur;
	struct task *p;
	size_t i;
	long k;

	if (!env.interval) {
		cur = read_tasks(false);
		top_print(&cur);
		free(cur.t);
		return 0;
	}
	prev = read_tasks(false);
	for (k = 0; env.count < 0 || k < env.count; k++) {
		sleep(env.interval);
		cur = read_tasks(false);
		for (i = 0; i < cur.n; i++) {
			p = find_task(&prev, cur.t[i].pid, cur.t[i].exited);
			if (!p)
				p = find_task(&prev, cur.t[i].pid, 0);
			if (p && p->tgid == cur.t[i].tgid &&
			    p->runtime <= cur.t[i].runtime)
				subtract(&cur.t[i], p);
		}
		free(prev.t);
		prev = read_tasks(false);
		top_print(&cur);
		free(cur.t);
		if (!env.json)
			putchar('\n');
		fflush(stdout);
	}
	free(prev.t);
	return 0;
}

static json_object *slots_json(const uint64_t *h)
{
	json_object *arr = json_object_new_array();
	int i;

	for (i = 0; i < SCHED_PROBE_HIST_SLOTS; i++) {
		json_object *o;

		if (!h[i])
			continue;
		o = json_object_new_object();
		json_object_object_add(
			o, "low_us",
			json_object_new_int64((int64_t)lkm_hist_slot_low(i)));
		json_object_object_add(
			o, "high_us",
			json_object_new_int64((int64_t)lkm_hist_slot_high(i)));
		json_object_object_add(o, "count",
				       json_object_new_int64((int64_t)h[i]));
		json_object_array_add(arr, o);
	}
	return arr;
}

static int cmd_hist(void)
{
	uint64_t slice[LKM_HIST_SLOTS] = { 0 }, wait[LKM_HIST_SLOTS] = { 0 };
	struct tasks ts = read_tasks(true);
	json_object *o;
	size_t i;
	int s;

	for (i = 0; i < ts.n; i++)
		for (s = 0; s < SCHED_PROBE_HIST_SLOTS; s++) {
			slice[s] += ts.t[i].slice_hist[s];
			wait[s] += ts.t[i].wait_hist[s];
		}
	if (env.json) {
		o = json_object_new_object();
		json_object_object_add(o, "tasks",
				       json_object_new_int64((int64_t)ts.n));
		json_object_object_add(o, "timeslice", slots_json(slice));
		json_object_object_add(o, "runq_wait", slots_json(wait));
		print_json(o);
	} else {
		printf("Timeslices (time on CPU per switch-in), %zu tasks:\n",
		       ts.n);
		hist_print_log2(stdout, slice, "usecs");
		printf("\nRun-queue waits (runnable, not running):\n");
		hist_print_log2(stdout, wait, "usecs");
	}
	free(ts.t);
	return 0;
}

/* --- timeline ----------------------------------------------------------- */

struct slice {
	uint64_t start, end;
	uint32_t cpu, pid, tgid, reason;
};

static uint64_t cpus_dropped(void)
{
	FILE *f = open_sp(SCHED_PROBE_CPUS);
	char line[256];
	uint64_t sum = 0, sw, idle, gen, drop;
	int cpu;

	while (fgets(line, sizeof(line), f))
		if (sscanf(line,
			   "%d %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64,
			   &cpu, &sw, &idle, &gen, &drop) == 5)
			sum += drop;
	fclose(f);
	return sum;
}

static int by_cpu_ts(const void *a, const void *b)
{
	const struct sched_probe_event *x = a, *y = b;

	if (x->cpu != y->cpu)
		return x->cpu < y->cpu ? -1 : 1;
	return x->ts_ns < y->ts_ns ? -1 : x->ts_ns > y->ts_ns ? 1 : 0;
}

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000ULL + t.tv_nsec;
}

/* Records of the next env.duration seconds, sorted by CPU and time. */
static struct sched_probe_event *record(size_t *n, uint64_t *t0, uint64_t *t1,
					uint64_t *dropped)
{
	struct sched_probe_event buf[1024], *ev = NULL;
	struct timespec pause = { 0, 20000000 };
	size_t cap = 0, k;
	uint64_t end;
	ssize_t got;
	int fd = open(DIR SCHED_PROBE_EVENTS, O_RDONLY | O_NONBLOCK);

	if (fd < 0 && errno == ENOENT)
		die("%s", NOT_LOADED);
	if (fd < 0)
		die("cannot open %s (run as root)", DIR SCHED_PROBE_EVENTS);
	while (read(fd, buf, sizeof(buf)) > 0)
		; /* older records */
	*dropped = cpus_dropped();
	*n = 0;
	end = now_ns() + (uint64_t)(env.duration * 1e9);
	for (;;) {
		got = read(fd, buf, sizeof(buf));
		if (got > 0) {
			k = got / sizeof(buf[0]);
			if (*n + k > cap) {
				cap = (*n + k) * 2;
				ev = realloc(ev, cap * sizeof(*ev));
				if (!ev)
					die("%s", "out of memory");
			}
			memcpy(ev + *n, buf, k * sizeof(buf[0]));
			*n += k;
			continue;
		}
		if (got < 0 && errno != EAGAIN)
			die("read error on %s", DIR SCHED_PROBE_EVENTS);
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
static struct slice *slices_of(const struct sched_probe_event *ev, size_t n,
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
		/* The last slice of a CPU still runs at the end: reason 0. */
		s[*ns].end = last ? end : ev[i + 1].ts_ns;
		s[*ns].reason = last ? 0 : ev[i + 1].reason;
		++*ns;
	}
	return s;
}

static const char *reason_name(uint32_t r)
{
	static const char *const names[] = { "running", "preempted", "slept",
					     "yielded", "exited" };

	return r <= SCHED_PROBE_END_EXITED ? names[r] : "?";
}

static const char *comm_of(struct tasks *ts, uint32_t pid)
{
	struct task *t = find_task(ts, pid, 0);

	if (!t)
		t = find_task(ts, pid, 1);
	return t ? t->comm : "?";
}

#define MAX_LEGEND 52

/* Letter of @pid in the legend (A-Z, a-z) by time on CPU, or '*'. */
static char letter_of(const uint32_t *legend, int nl, uint32_t pid)
{
	int i;

	for (i = 0; i < nl; i++)
		if (legend[i] == pid)
			return i < 26 ? 'A' + i : 'a' + i - 26;
	return '*';
}

struct pid_time {
	uint32_t pid;
	uint64_t ns;
};

static int by_ns(const void *a, const void *b)
{
	const struct pid_time *x = a, *y = b;

	return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : 0;
}

static int top_pids(const struct slice *s, size_t ns, uint32_t *legend)
{
	struct pid_time *pt = calloc(ns + 1, sizeof(*pt));
	size_t i, j, n = 0;
	int nl;

	if (!pt)
		die("%s", "out of memory");
	for (i = 0; i < ns; i++) {
		for (j = 0; j < n && pt[j].pid != s[i].pid; j++)
			;
		if (j == n)
			pt[n++].pid = s[i].pid;
		pt[j].ns += s[i].end - s[i].start;
	}
	qsort(pt, n, sizeof(*pt), by_ns);
	nl = n < MAX_LEGEND ? n : MAX_LEGEND;
	for (i = 0; i < (size_t)nl; i++)
		legend[i] = pt[i].pid;
	free(pt);
	return nl;
}

/*
 * The line under a lane: in each column, why a slice ended there (the
 * rarest reason when several did): x exited, y yielded, p preempted, s
 * slept; blank if none ended.
 */
static void end_marks(const struct slice *s, size_t ns, int cpu, uint64_t t0,
		      uint64_t t1, uint64_t bin, char *line)
{
	static const char mark[] = " psyx";
	static const int rank[] = { 0, 2, 1, 3, 4 };
	int w = env.width, i, r;
	size_t k;

	memset(line, ' ', w);
	line[w] = '\0';
	for (k = 0; k < ns; k++) {
		r = s[k].reason;
		if ((int)s[k].cpu != cpu || s[k].end < t0 || s[k].end >= t1 ||
		    r < 1 || r > SCHED_PROBE_END_EXITED)
			continue;
		i = (s[k].end - t0) / bin;
		if (i < w && (line[i] == ' ' ||
			      rank[r] > rank[strchr(mark, line[i]) - mark]))
			line[i] = mark[r];
	}
}

static void lanes(const struct slice *s, size_t ns, uint64_t t0, uint64_t t1,
		  struct tasks *ts)
{
	uint32_t legend[MAX_LEGEND];
	int nl = top_pids(s, ns, legend), w = env.width, c, i;
	uint64_t bin = (t1 - t0) / w + 1;
	uint32_t maxcpu = 0;
	size_t k;
	char *lane;

	for (k = 0; k < ns; k++)
		if (s[k].cpu > maxcpu)
			maxcpu = s[k].cpu;
	lane = malloc(w + 1);
	if (!lane)
		die("%s", "out of memory");
	printf("One column = %.2f ms; '.' idle, letters: tasks below\n",
	       bin / 1e6);
	for (c = 0; c <= (int)maxcpu; c++) {
		/* Time of each legend task (index nl: all others) per column. */
		uint64_t *acc = calloc((size_t)w * (nl + 1), sizeof(*acc));

		if (!acc)
			die("%s", "out of memory");
		for (k = 0; k < ns; k++) {
			uint64_t a, b, x;
			int li;

			if ((int)s[k].cpu != c || s[k].end <= t0)
				continue;
			for (li = 0; li < nl && legend[li] != s[k].pid; li++)
				;
			a = s[k].start < t0 ? t0 : s[k].start;
			for (x = a; x < s[k].end && x < t1;
			     x = t0 + ((x - t0) / bin + 1) * bin) {
				uint64_t e = t0 + ((x - t0) / bin + 1) * bin;

				i = (x - t0) / bin;
				b = (e < s[k].end ? e : s[k].end) - x;
				if (i < w)
					acc[(size_t)i * (nl + 1) + li] += b;
			}
		}
		/* The task that ran most of the column, or '.' if idle did. */
		for (i = 0; i < w; i++) {
			uint64_t lo = t0 + (uint64_t)i * bin, hi = lo + bin;
			uint64_t busy = 0, top = 0,
				 *col = acc + (size_t)i * (nl + 1);
			int j, tl = -1;

			if (hi > t1)
				hi = t1;
			for (j = 0; j <= nl; j++) {
				busy += col[j];
				if (col[j] > top) {
					top = col[j];
					tl = j;
				}
			}
			if (lo >= t1)
				lane[i] = ' ';
			else if (tl < 0 ||
				 (hi - lo > busy && hi - lo - busy >= top))
				lane[i] = '.';
			else
				lane[i] = tl < nl ? letter_of(legend, nl,
							      legend[tl]) :
						    '*';
		}
		lane[w] = '\0';
		printf("CPU%-2d |%s|\n", c, lane);
		end_marks(s, ns, c, t0, t1, bin, lane);
		printf(" ends |%s|\n", lane);
		free(acc);
	}
	printf("Slice ends (one per column; x before y, p, s): p preempted, "
	       "s slept,\n  y yielded, x exited\n");
	for (i = 0; i < nl; i++)
		printf("  %c = %u %s\n", letter_of(legend, nl, legend[i]),
		       legend[i], comm_of(ts, legend[i]));
	free(lane);
}

static void svg_colour(uint32_t pid, char *buf, size_t len)
{
	snprintf(buf, len, "hsl(%u,70%%,60%%)", (pid * 2654435761u) % 360);
}

/* A time axis under the lanes: a tick and its label every tenth. */
static void svg_axis(FILE *f, uint32_t maxcpu, uint64_t span)
{
	unsigned int y = (maxcpu + 1) * 40 + 30;
	int i;

	for (i = 0; i <= 10; i++) {
		fprintf(f,
			"<rect x=\"%d\" y=\"%u\" width=\"1\" height=\"5\" "
			"fill=\"black\"/>\n",
			60 + i * 100, y);
		fprintf(f, "<text x=\"%d\" y=\"%u\">%.1f ms</text>\n",
			60 + i * 100 - 15, y + 16, span / 1e6 * i / 10);
	}
}

/* The colour of each task that ran longest (@nl of them), four a row. */
static void svg_legend(FILE *f, const uint32_t *legend, int nl, uint32_t maxcpu,
		       struct tasks *ts)
{
	unsigned int y0 = (maxcpu + 1) * 40 + 60;
	char fill[32];
	int i;

	for (i = 0; i < nl; i++) {
		unsigned int x = 60 + (i % 4) * 250, y = y0 + (i / 4) * 16;

		svg_colour(legend[i], fill, sizeof(fill));
		fprintf(f,
			"<rect x=\"%u\" y=\"%u\" width=\"12\" height=\"12\" "
			"fill=\"%s\"/>\n<text x=\"%u\" y=\"%u\">%u %s</text>\n",
			x, y, fill, x + 16, y + 10, legend[i],
			comm_of(ts, legend[i]));
	}
}

static void svg(const struct slice *s, size_t ns, uint64_t t0, uint64_t t1,
		struct tasks *ts)
{
	static const char *const end_colour[] = { "gray", "red", "blue",
						  "green", "black" };
	FILE *f = fopen(env.svg, "w");
	double scale = 1000.0 / (t1 - t0);
	uint32_t maxcpu = 0, legend[MAX_LEGEND];
	int nl = top_pids(s, ns, legend);
	char fill[32];
	size_t k;

	if (!f)
		die("cannot write %s", env.svg);
	for (k = 0; k < ns; k++)
		if (s[k].cpu > maxcpu)
			maxcpu = s[k].cpu;
	if (nl > 12)
		nl = 12;
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1100\" "
		"height=\"%u\" font-family=\"monospace\" font-size=\"11\">\n",
		(maxcpu + 1) * 40 + 60 + 16 * ((nl + 3) / 4) + 20);
	svg_axis(f, maxcpu, t1 - t0);
	svg_legend(f, legend, nl, maxcpu, ts);
	fprintf(f,
		"<text x=\"5\" y=\"15\">schedscope timeline: %.1f ms; "
		"slice end: red preempted, blue slept, green yielded, "
		"black exited, gray running</text>\n",
		(t1 - t0) / 1e6);
	for (k = 0; k <= maxcpu; k++)
		fprintf(f, "<text x=\"5\" y=\"%zu\">CPU%zu</text>\n",
			k * 40 + 50, k);
	for (k = 0; k < ns; k++) {
		double x0 = 60 +
			    ((s[k].start < t0 ? t0 : s[k].start) - t0) * scale,
		       x1 = 60 + ((s[k].end > t1 ? t1 : s[k].end) - t0) * scale;
		unsigned int y = s[k].cpu * 40 + 30;

		if (s[k].end <= t0 || x1 <= x0)
			continue;
		svg_colour(s[k].pid, fill, sizeof(fill));
		fprintf(f,
			"<rect x=\"%.2f\" y=\"%u\" width=\"%.2f\" "
			"height=\"28\" fill=\"%s\"><title>%u %s %.3f ms, "
			"%s</title></rect>\n",
			x0, y, x1 - x0, fill, s[k].pid, comm_of(ts, s[k].pid),
			(s[k].end - s[k].start) / 1e6,
			reason_name(s[k].reason));
		fprintf(f,
			"<rect x=\"%.2f\" y=\"%u\" width=\"1\" height=\"28\" "
			"fill=\"%s\"/>\n",
			x1 - 1, y,
			end_colour[s[k].reason <= 4 ? s[k].reason : 0]);
	}
	fprintf(f, "</svg>\n");
	fclose(f);
}

static int cmd_timeline(void)
{
	uint64_t t0, t1, dropped;
	struct sched_probe_event *ev;
	struct tasks ts;
	struct slice *s;
	size_t n, ns, k;
	json_object *o, *arr;

	if (env.duration <= 0)
		env.duration = 1;
	ev = record(&n, &t0, &t1, &dropped);
	s = slices_of(ev, n, t0, t1, &ns);
	ts = read_tasks(false);
	if (env.svg)
		svg(s, ns, t0, t1, &ts);
	if (env.json) {
		o = json_object_new_object();
		arr = json_object_new_array();
		json_object_object_add(o, "records",
				       json_object_new_int64((int64_t)n));
		json_object_object_add(o, "dropped",
				       json_object_new_int64((int64_t)dropped));
		for (k = 0; k < ns; k++) {
			json_object *e = json_object_new_object();

			json_object_object_add(e, "cpu",
					       json_object_new_int(s[k].cpu));
			json_object_object_add(e, "pid",
					       json_object_new_int64(s[k].pid));
			json_object_object_add(
				e, "comm",
				json_object_new_string(comm_of(&ts, s[k].pid)));
			json_object_object_add(
				e, "start_ns",
				json_object_new_int64((int64_t)s[k].start));
			json_object_object_add(
				e, "end_ns",
				json_object_new_int64((int64_t)s[k].end));
			json_object_object_add(
				e, "end",
				json_object_new_string(
					reason_name(s[k].reason)));
			json_object_array_add(arr, e);
		}
		json_object_object_add(o, "slices", arr);
		print_json(o);
	} else {
		printf("%zu switches recorded in %.1f ms, %" PRIu64
		       " dropped\n",
		       n, (t1 - t0) / 1e6, dropped);
		lanes(s, ns, t0, t1, &ts);
	}
	free(ts.t);
	free(s);
	free(ev);
	return 0;
}

/* --- explain ------------------------------------------------------------ */

static long long read_knob(const char *name)
{
	char path[128];
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), DEBUG_SCHED "%s", name);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%lld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* jiffies from the scheduler's debug file (for HZ). */
static long long read_jiffies(void)
{
	FILE *f = fopen(DEBUG_SCHED "debug", "r");
	char line[256];
	long long j = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "jiffies : %lld", &j) == 1 ||
		    sscanf(line, " .jiffies : %lld", &j) == 1)
			break;
	fclose(f);
	return j;
}

/* CONFIG_HZ from the kernel's config file @path, or -1. */
static int config_hz(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[128];
	int hz = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CONFIG_HZ=%d", &hz) == 1)
			break;
	fclose(f);
	return hz;
}

/*
 * HZ: from the running kernel's config (/boot or its build tree), else
 * measured over 300 ms of jiffies and rounded to a usual value. *@from
 * says which.
 */
static int kernel_hz(const char **from)
{
	static const int usual[] = { 100, 250, 300, 1000 };
	static char path[2][160];
	struct timespec pause = { 0, 300000000 };
	struct utsname u;
	long long j0, j1;
	uint64_t a, b;
	int i, hz, best = 250;
	double m;

	if (!uname(&u)) {
		snprintf(path[0], sizeof(path[0]), "/boot/config-%s",
			 u.release);
		snprintf(path[1], sizeof(path[1]),
			 "/lib/modules/%s/build/.config", u.release);
		for (i = 0; i < 2; i++) {
			hz = config_hz(path[i]);
			if (hz > 0) {
				*from = path[i];
				return hz;
			}
		}
	}
	*from = "jiffies over 300 ms";
	a = now_ns();
	j0 = read_jiffies();
	nanosleep(&pause, NULL);
	j1 = read_jiffies();
	b = now_ns();
	if (j0 < 0 || j1 <= j0)
		return best;
	m = (j1 - j0) / ((b - a) / 1e9);
	for (i = 0; i < 4; i++)
		if (abs(usual[i] - (int)m) < abs(best - (int)m))
			best = usual[i];
	return best;
}

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

/* The name (comm) of the CPU-bound tasks of explain. */
#define HOG_NAME "schedscope-hog"

/* How much of the experiment explain draws: its first 100 ms. */
#define EXPLAIN_WINDOW_NS 100000000ULL

/* Start @n hogs pinned to env.cpu, all at once; they stop when done. */
static void run_hogs(pid_t *pids, int n, long ms)
{
	cpu_set_t set;
	int go[2], i, st;
	char c;

	if (pipe(go))
		die("%s", "pipe failed");
	for (i = 0; i < n; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			die("%s", "fork failed");
		if (!pids[i]) {
			CPU_ZERO(&set);
			CPU_SET(env.cpu, &set);
			if (sched_setaffinity(0, sizeof(set), &set))
				_exit(1);
			close(go[1]);
			prctl(PR_SET_NAME, HOG_NAME);
			if (read(go[0], &c, 1) < 0)
				_exit(1);
			spin_cpu_ms(ms);
			raise(SIGSTOP);
			_exit(0);
		}
	}
	close(go[0]);
	close(go[1]); /* all start now */
	for (i = 0; i < n; i++)
		if (waitpid(pids[i], &st, WUNTRACED) < 0 || !WIFSTOPPED(st))
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
		ev = realloc(ev, (*n + k) * sizeof(*ev));
		if (!ev)
			die("%s", "out of memory");
		memcpy(ev + *n, buf, k * sizeof(buf[0]));
		*n += k;
	}
	qsort(ev, *n, sizeof(*ev), by_cpu_ts);
	return ev;
}

static int hog_index(const pid_t *pids, int np, uint32_t pid)
{
	int j;

	for (j = 0; j < np; j++)
		if ((uint32_t)pids[j] == pid)
			return j;
	return -1;
}

/*
 * Median slice of the hogs @pids on env.cpu, from the stream @fd: the time
 * a hog runs from getting the CPU until another hog gets it, leaving out
 * the short runs of kernel threads in between (they do not end the slice
 * the scheduler gave). The median is robust to the rare slice stretched by
 * a stalled VM. 0 if none; *@count: slices seen.
 */
static double median_slice(const struct sched_probe_event *ev, size_t n,
			   const pid_t *pids, int np, size_t *count)
{
	size_t i, k = 0;
	uint64_t *d = calloc(n + 1, sizeof(*d)), acc = 0;
	int cur = -1, who;
	double med = 0;

	if (!d)
		die("%s", "out of memory");
	for (i = 0; i + 1 < n; i++) {
		if ((int)ev[i].cpu != env.cpu || ev[i + 1].cpu != ev[i].cpu)
			continue;
		who = hog_index(pids, np, ev[i].next_pid);
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
	if (k)
		med = k % 2 ? d[k / 2] : (d[k / 2 - 1] + d[k / 2]) / 2.0;
	*count = k;
	free(d);
	return med;
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
 * The module's rows of the stopped hogs and the kernel's counts of each
 * (@kv, @ki), read once two readings 20 ms apart agree: a hog that has
 * just stopped may not have left its CPU yet.
 */
static struct tasks quiet_rows(const pid_t *pids, int n, uint64_t *kv,
			       uint64_t *ki)
{
	struct timespec pause = { 0, 20000000 };
	uint64_t v[64], iv[64];
	struct tasks a = { NULL, 0 }, b;
	int i, try;
	bool same;

	for (try = 0; try < 50; try++) {
		same = a.t != NULL;
		for (i = 0; i < n; i++) {
			if (!status_counts(pids[i], &v[i], &iv[i]))
				v[i] = iv[i] = UINT64_MAX;
			same = same && v[i] == kv[i] && iv[i] == ki[i];
			kv[i] = v[i];
			ki[i] = iv[i];
		}
		b = read_tasks(false);
		for (i = 0; same && i < n; i++) {
			struct task *x = find_task(&a, pids[i], 0),
				    *y = find_task(&b, pids[i], 0);

			same = x && y && x->vol == y->vol &&
			       x->invol == y->invol;
		}
		free(a.t);
		a = b;
		if (same)
			break;
		nanosleep(&pause, NULL);
	}
	return a;
}

/* The first switch to a hog on env.cpu: the experiment's start. */
static uint64_t hogs_start(const struct sched_probe_event *ev, size_t n,
			   const pid_t *pids, int np)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((int)ev[i].cpu == env.cpu &&
		    hog_index(pids, np, ev[i].next_pid) >= 0)
			return ev[i].ts_ns;
	return 0;
}

/*
 * The first 100 ms of the experiment as lanes (text) and, with -o, as an
 * SVG picture: every CPU, slices coloured by task, each end marked.
 */
static void explain_timeline(const struct sched_probe_event *ev, size_t n,
			     const pid_t *pids, int np, struct tasks *ts)
{
	uint64_t t0 = hogs_start(ev, n, pids, np), t1 = 0;
	struct slice *s;
	size_t i, ns;

	if (!t0)
		return;
	for (i = 0; i < n; i++)
		if (ev[i].ts_ns > t1)
			t1 = ev[i].ts_ns;
	if (t1 > t0 + EXPLAIN_WINDOW_NS)
		t1 = t0 + EXPLAIN_WINDOW_NS;
	if (t1 <= t0)
		return;
	s = slices_of(ev, n, t0, t1, &ns);
	if (env.svg)
		svg(s, ns, t0, t1, ts);
	if (!env.json) {
		printf("The first %.0f ms of it, CPU by CPU:\n",
		       (t1 - t0) / 1e6);
		lanes(s, ns, t0, t1, ts);
	}
	free(s);
}

static int cmd_explain(void)
{
	long long lat = read_knob("latency_ns"),
		  gran = read_knob("min_granularity_ns"),
		  base = read_knob("base_slice_ns");
	int n = env.ntasks, hz, i;
	long ms = env.duration > 0 ? env.duration * 1000 : 400;
	double tick, period, ideal, expect, sum = 0, avg, med;
	const char *hz_from;
	size_t nslices;
	pid_t pids[64];
	uint64_t kvol[64], kinvol[64];
	struct sched_probe_event *ev;
	size_t nev;
	int fd;
	struct tasks ts;
	struct task *t;
	bool cfs = lat > 0 && gran > 0;
	json_object *o, *arr;

	if (!cfs && base <= 0)
		die("%s", "no scheduler knobs in " DEBUG_SCHED
			  " (mount -t debugfs none /sys/kernel/debug)");
	if (n < 1 || n > 64)
		die("%s", "-n must be 1-64");
	if (env.cpu < 0)
		env.cpu = sysconf(_SC_NPROCESSORS_ONLN) - 1;
	fclose(open_sp(SCHED_PROBE_STATS));
	hz = kernel_hz(&hz_from);
	tick = 1e9 / hz;
	if (cfs) {
		/* __sched_period(): latency, stretched past sched_nr_latency */
		period = n > lat / gran ? n * (double)gran : (double)lat;
		ideal = period / n;
		/* check_preempt_tick(): at the first tick with runtime > ideal */
		expect = ((long long)(ideal / tick) + 1) * tick;
	} else {
		/* EEVDF: slice = base_slice; the tick ends it once used up. */
		ideal = base;
		period = (double)n * base;
		expect = ((long long)((ideal + tick - 1) / tick)) * tick;
	}
	fd = open(DIR SCHED_PROBE_EVENTS, O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		die("cannot open %s (run as root)", DIR SCHED_PROBE_EVENTS);
	free(read_all(fd, &nslices)); /* older records */
	run_hogs(pids, n, ms);
	ev = read_all(fd, &nev);
	close(fd);
	med = median_slice(ev, nev, pids, n, &nslices);
	env.pid = -1;
	env.comm = NULL;
	ts = quiet_rows(pids, n, kvol, kinvol);
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		t = find_task(&ts, pids[i], 0);
		avg = t && t->slices ? (double)t->runtime / t->slices : 0;
		sum += avg;
		if (t) {
			json_object *h = task_json(t);

			json_object_object_add(
				h, "status_voluntary",
				json_object_new_int64((int64_t)kvol[i]));
			json_object_object_add(
				h, "status_involuntary",
				json_object_new_int64((int64_t)kinvol[i]));
			json_object_array_add(arr, h);
		}
	}
	for (i = 0; i < n; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
	avg = sum / n;
	o = json_object_new_object();
	json_object_object_add(o, "scheduler",
			       json_object_new_string(cfs ? "CFS" : "EEVDF"));
	if (cfs) {
		json_object_object_add(o, "latency_ns",
				       json_object_new_int64(lat));
		json_object_object_add(o, "min_granularity_ns",
				       json_object_new_int64(gran));
	} else {
		json_object_object_add(o, "base_slice_ns",
				       json_object_new_int64(base));
	}
	json_object_object_add(o, "hz", json_object_new_int(hz));
	json_object_object_add(o, "hz_source", json_object_new_string(hz_from));
	json_object_object_add(o, "tasks", json_object_new_int(n));
	json_object_object_add(o, "cpu", json_object_new_int(env.cpu));
	json_object_object_add(o, "ideal_slice_ns",
			       json_object_new_int64((int64_t)ideal));
	json_object_object_add(o, "expected_min_ns",
			       json_object_new_int64((int64_t)ideal));
	json_object_object_add(o, "expected_max_ns",
			       json_object_new_int64((int64_t)expect));
	json_object_object_add(o, "measured_slice_ns",
			       json_object_new_int64((int64_t)med));
	json_object_object_add(o, "measured_slices",
			       json_object_new_int64((int64_t)nslices));
	json_object_object_add(o, "average_slice_ns",
			       json_object_new_int64((int64_t)avg));
	json_object_object_add(o, "hogs", arr);
	if (env.save_json)
		save_json(o, env.save_json);
	if (env.json) {
		print_json(o);
		explain_timeline(ev, nev, pids, n, &ts);
		free(ev);
		free(ts.t);
		return 0;
	}
	json_object_put(o);
	printf("Scheduler: %s (kernel knobs in " DEBUG_SCHED ")\n",
	       cfs ? "CFS" : "EEVDF");
	printf("%d CPU-bound tasks on CPU %d, %ld ms of CPU each\n", n, env.cpu,
	       ms);
	printf("  HZ = %d (%s): tick = %.1f ms\n", hz, hz_from, tick / 1e6);
	if (cfs) {
		printf("  latency_ns         = %lld (target latency)\n", lat);
		printf("  min_granularity_ns = %lld\n", gran);
		printf("  period = %s = %.3f ms\n",
		       n > lat / gran ? "n x min_granularity" : "latency",
		       period / 1e6);
		printf("  ideal slice = period / n = %.3f / %d = %.3f ms\n",
		       period / 1e6, n, ideal / 1e6);
		printf("  the tick preempts once runtime > ideal: "
		       "(floor(%.3f / %.1f) + 1) x %.1f = %.3f ms\n",
		       ideal / 1e6, tick / 1e6, tick / 1e6, expect / 1e6);
	} else {
		printf("  base_slice_ns = %lld (request size of each task)\n",
		       base);
		printf("  each task runs one slice, then the next deadline "
		       "wins: slice = %.3f ms\n",
		       ideal / 1e6);
		printf("  the next scheduler event after that ends it: any "
		       "wakeup on the CPU,\n  at the latest the tick: "
		       "ceil(%.3f / %.1f) x %.1f = %.3f ms\n",
		       ideal / 1e6, tick / 1e6, tick / 1e6, expect / 1e6);
	}
	printf("Expected slice: %.3f to %.3f ms\n", ideal / 1e6, expect / 1e6);
	for (i = 0; i < n; i++) {
		t = find_task(&ts, pids[i], 0);
		if (t)
			printf("  %s %d: %" PRIu64 " slices, avg %.3f ms "
			       "(min %.3f, max %.3f),\n    switches: %" PRIu64
			       " involuntary, %" PRIu64 " voluntary; "
			       "/proc/%d/status: %" PRIu64 ", %" PRIu64 "\n",
			       HOG_NAME, pids[i], t->slices,
			       t->slices ? t->runtime / 1e6 / t->slices : 0,
			       t->smin / 1e6, t->smax / 1e6, t->invol, t->vol,
			       pids[i], kinvol[i], kvol[i]);
	}
	printf("Measured: median slice %.3f ms over %zu slices (average "
	       "%.3f ms): %s the expected range\n",
	       med / 1e6, nslices, avg / 1e6,
	       med >= ideal && med <= expect ? "within" : "outside");
	explain_timeline(ev, nev, pids, n, &ts);
	free(ev);
	free(ts.t);
	return 0;
}

/* --- options ------------------------------------------------------------ */

static const char doc[] =
	"Show how the CPU is shared, from the sched_probe module.\n"
	"\n"
	"COMMAND: top (default), hist, timeline, explain.\n"
	"  top [interval] [count]  tasks sorted by run time (deltas per "
	"interval)\n"
	"  hist                    log2 histograms of timeslices and "
	"run-queue waits\n"
	"  timeline                per-CPU lanes over -d seconds (-o: SVG)\n"
	"  explain                 timeslices of -n hogs on one CPU vs the "
	"knobs\n"
	"\v"
	"EXAMPLES:\n"
	"    schedscope                  # every task, totals since reset\n"
	"    schedscope top 1 5          # per-second deltas, 5 times\n"
	"    schedscope -p 1234 hist     # histograms of process 1234\n"
	"    schedscope -c stress hist   # ... of tasks named stress\n"
	"    schedscope timeline -d 0.5 -o map.svg\n"
	"    schedscope explain -n 3     # 3 hogs on the last CPU\n"
	"    schedscope explain -n 3 -C 1 -o slices.svg\n"
	"    schedscope --json top";

static const struct argp_option opts[] = {
	{ NULL, 'h', NULL, 0, "Give this help list", -1 },
	{ "pid", 'p', "PID", 0, "Only this thread or process", 0 },
	{ "comm", 'c', "COMM", 0, "Only tasks with this name", 0 },
	{ "json", 'j', NULL, 0, "JSON output", 0 },
	{ "rows", 'r', "N", 0, "top: rows shown (default 20)", 0 },
	{ "tasks", 'n', "N", 0, "explain: CPU-bound tasks (default 2)", 0 },
	{ "cpu", 'C', "CPU", 0, "explain: CPU used (default: the last)", 0 },
	{ "duration", 'd', "SECS", 0,
	  "timeline: window (default 1); explain: CPU time per task "
	  "(default 0.4)",
	  0 },
	{ "width", 'w', "COLS", 0, "timeline: lane width (default 72)", 0 },
	{ "svg", 'o', "FILE", 0, "timeline, explain: also write an SVG picture",
	  0 },
	{ "save-json", 'J', "FILE", 0,
	  "explain: also write the --json output to FILE", 0 },
	{ NULL, 0, NULL, 0, NULL, 0 },
};

static long number(const char *arg, struct argp_state *state, long min,
		   long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || *end || v < min || v > max)
		argp_error(state, "invalid number: %s", arg);
	return v;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	char *end;

	switch (key) {
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		break;
	case 'p':
		env.pid = number(arg, state, 1, 4194304);
		break;
	case 'c':
		env.comm = arg;
		break;
	case 'j':
		env.json = true;
		break;
	case 'r':
		env.rows = number(arg, state, 1, 1000000);
		break;
	case 'n':
		env.ntasks = number(arg, state, 1, 64);
		break;
	case 'C':
		env.cpu = number(arg, state, 0, CPU_SETSIZE - 1);
		break;
	case 'd':
		env.duration = strtod(arg, &end);
		if (*end || env.duration <= 0 || env.duration > 3600)
			argp_error(state, "invalid duration: %s", arg);
		break;
	case 'w':
		env.width = number(arg, state, 10, 1000);
		break;
	case 'o':
		env.svg = arg;
		break;
	case 'J':
		env.save_json = arg;
		break;
	case ARGP_KEY_ARG:
		if (env.nargs == 0 && !strcmp(arg, "top")) {
			env.cmd = CMD_TOP;
		} else if (env.nargs == 0 && !strcmp(arg, "hist")) {
			env.cmd = CMD_HIST;
		} else if (env.nargs == 0 && !strcmp(arg, "timeline")) {
			env.cmd = CMD_TIMELINE;
		} else if (env.nargs == 0 && !strcmp(arg, "explain")) {
			env.cmd = CMD_EXPLAIN;
		} else if (env.cmd == CMD_TOP && !env.interval) {
			env.interval = number(arg, state, 1, 86400);
		} else if (env.cmd == CMD_TOP && env.count < 0) {
			env.count = number(arg, state, 1, LONG_MAX);
		} else {
			argp_error(state, "unexpected argument: %s", arg);
		}
		env.nargs++;
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct argp argp = { opts, parse_opt, "[COMMAND] [ARGS]",
					  doc,	NULL,	   NULL,
					  NULL };
	int err = argp_parse(&argp, argc, argv, 0, NULL, NULL);

	if (err)
		return err;
	switch (env.cmd) {
	case CMD_HIST:
		return cmd_hist();
	case CMD_TIMELINE:
		return cmd_timeline();
	case CMD_EXPLAIN:
		return cmd_explain();
	default:
		return cmd_top();
	}
}
