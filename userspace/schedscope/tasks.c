// SPDX-License-Identifier: GPL-2.0
/*
 * tasks.c - schedscope's reading of /proc/sched_probe/: the rows of stats
 * and hist, the drop counters of cpus, and the JSON of a row.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schedscope.h"

const struct procfs_module sp_module = { "schedscope", SCHED_PROBE_PROC_DIR };

void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "schedscope: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		die("%s", "out of memory");
	return p;
}

/* The procfs helpers have said why: just exit. */
FILE *open_sp(const char *name)
{
	FILE *f = procfs_open(&sp_module, name);

	if (!f)
		exit(1);
	return f;
}

int open_sp_fd(const char *name, int flags)
{
	int fd = procfs_open_fd(&sp_module, name, flags);

	if (fd < 0)
		exit(1);
	return fd;
}

static const char *const stat_cols[] = {
	"switch_in",	"voluntary",  "involuntary",  "yields",
	"runtime_ns",	"slices",     "slice_min_ns", "slice_avg_ns",
	"slice_max_ns", "waits",      "wait_min_ns",  "wait_avg_ns",
	"wait_max_ns",	"migrations",
};

#define NCOLS (sizeof(stat_cols) / sizeof(stat_cols[0]))

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
	char *save, *w;
	size_t i;
	int c = 0;

	for (i = 0; i < NCOLS + 4; i++)
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
		for (i = 0; i < NCOLS; i++)
			if (!strcmp(w, stat_cols[i]))
				col[4 + i] = c;
	}
	for (i = 0; i < NCOLS + 4; i++)
		if (col[i] < 0)
			die("%s", "unexpected /proc/sched_probe/stats header");
}

static void parse_row(char *line, const int *col, struct task *t)
{
	char *save, *w;
	size_t i;
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
		for (i = 0; i < NCOLS; i++)
			if (c == col[4 + i])
				*stat_field(t, i) = strtoull(w, NULL, 10);
	}
}

static bool wanted(const struct filter *f, const struct task *t)
{
	if (f->pid > 0 && t->pid != f->pid && t->tgid != f->pid)
		return false;
	return !f->comm || !strcmp(f->comm, t->comm);
}

struct task *find_task(struct tasks *ts, long pid, int exited)
{
	size_t i;

	for (i = 0; i < ts->n; i++)
		if (ts->t[i].pid == pid && ts->t[i].exited == exited)
			return &ts->t[i];
	return NULL;
}

const char *comm_of(struct tasks *ts, uint32_t pid)
{
	struct task *t = find_task(ts, pid, 0);

	if (!t)
		t = find_task(ts, pid, 1);
	return t ? t->comm : "?";
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

/* Every row of stats (and of hist if @hist) that @filter wants. */
struct tasks read_tasks(const struct filter *filter, bool hist)
{
	struct tasks ts = { NULL, 0 };
	char line[1024];
	int col[NCOLS + 4];
	size_t cap = 0;
	struct task t;
	FILE *f = open_sp(SCHED_PROBE_STATS);

	if (!fgets(line, sizeof(line), f))
		die("%s", "empty /proc/sched_probe/stats");
	parse_header(line, col);
	while (fgets(line, sizeof(line), f)) {
		parse_row(line, col, &t);
		if (!wanted(filter, &t))
			continue;
		if (ts.n == cap) {
			cap = cap ? 2 * cap : 256;
			ts.t = xrealloc(ts.t, cap * sizeof(*ts.t));
		}
		ts.t[ts.n++] = t;
	}
	fclose(f);
	if (hist)
		read_hist(&ts);
	return ts;
}

/* @cur minus @prev (the same task in the previous sample), for top. */
void subtract(struct task *cur, const struct task *prev)
{
	size_t i;

	for (i = 0; i < NCOLS; i++)
		if (strstr(stat_cols[i], "min") ||
		    strstr(stat_cols[i], "max") || strstr(stat_cols[i], "avg"))
			continue;
		else
			*stat_field(cur, i) -=
				*stat_field((struct task *)prev, i);
	cur->savg = cur->slices ? cur->runtime / cur->slices : 0;
}

/* Records dropped so far, all CPUs (the last column of cpus). */
uint64_t cpus_dropped(void)
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

json_object *task_json(const struct task *t)
{
	json_object *o = json_object_new_object();
	size_t i;

	json_object_object_add(o, "pid", json_object_new_int64(t->pid));
	json_object_object_add(o, "tgid", json_object_new_int64(t->tgid));
	json_object_object_add(o, "comm", json_object_new_string(t->comm));
	json_object_object_add(o, "exited", json_object_new_boolean(t->exited));
	for (i = 0; i < NCOLS; i++)
		json_object_object_add(
			o, stat_cols[i],
			json_object_new_int64(
				(int64_t)*stat_field((struct task *)t, i)));
	return o;
}

void print_json(json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY));
	json_object_put(o);
}

/* Write @o (kept) to @path as --json would print it. */
void save_json(json_object *o, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		die("cannot write %s", path);
	fprintf(f, "%s\n",
		json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY));
	if (fclose(f))
		die("cannot write %s", path);
}
