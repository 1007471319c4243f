/* SPDX-License-Identifier: GPL-2.0 */
/*
 * schedscope.h - what the files of schedscope share: the parsed options,
 * the module's rows of tasks, slices of a timeline and the helpers that
 * read /proc/sched_probe/.
 */
#ifndef SCHEDSCOPE_H
#define SCHEDSCOPE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lkm_suite.h"
#include "procfs.h"
#include "sched_probe.h"

#define SP_PROC_DIR "/proc/" SCHED_PROBE_PROC_DIR "/"
#define DEBUG_SCHED "/sys/kernel/debug/sched/"

enum cmd { CMD_TOP, CMD_HIST, CMD_TIMELINE, CMD_EXPLAIN };

/* The options, as parsed; read-only once main() has them. */
struct env {
	enum cmd cmd;
	long pid;
	const char *comm;
	bool json;
	int rows;
	int ntasks;
	int cpu; /* -1: explain uses the last CPU */
	double duration; /* 0: the command's default */
	int width;
	const char *svg;
	const char *save_json;
	long interval;
	long count;
	int nargs;
};

/* Which tasks to read: -p and -c (pid -1 and comm NULL: all). */
struct filter {
	long pid;
	const char *comm;
};

/* One row of /proc/sched_probe/stats (and its histograms). */
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

/* A task's time on one CPU, from a switch in to the next switch. */
struct slice {
	uint64_t start, end;
	uint32_t cpu, pid, tgid, reason;
};

extern const struct procfs_module sp_module;

int cmd_top(const struct env *env);
int cmd_hist(const struct env *env);
int cmd_timeline(const struct env *env);
int cmd_explain(const struct env *env);

/* tasks.c: the module's files */
void die(const char *fmt, const char *arg) __attribute__((noreturn));
void *xrealloc(void *p, size_t size);
FILE *open_sp(const char *name);
int open_sp_fd(const char *name, int flags);
struct tasks read_tasks(const struct filter *filter, bool hist);
struct task *find_task(struct tasks *ts, long pid, int exited);
const char *comm_of(struct tasks *ts, uint32_t pid);
void subtract(struct task *cur, const struct task *prev);
uint64_t cpus_dropped(void);
json_object *task_json(const struct task *t);
void print_json(json_object *o);
void save_json(json_object *o, const char *path);

/* timeline.c: records and slices */
uint64_t now_ns(void);
int by_cpu_ts(const void *a, const void *b);
struct slice *slices_of(const struct sched_probe_event *ev, size_t n,
			uint64_t start, uint64_t end, size_t *ns);

/* draw.c: a timeline as terminal lanes */
#define MAX_LEGEND 52
void draw_lanes(const struct slice *s, size_t ns, uint64_t t0, uint64_t t1,
		struct tasks *ts, int width);
const char *reason_name(uint32_t r);
/*
 * The tasks that ran longest between @t0 and @t1, at most MAX_LEGEND, into
 * @legend, longest first, with their time on CPU in that window (ns) into
 * @on_cpu (may be NULL).
 */
int top_pids(const struct slice *s, size_t ns, uint64_t t0, uint64_t t1,
	     uint32_t *legend, uint64_t *on_cpu);

/* draw_svg.c: a timeline as an SVG picture */
void draw_svg(const char *path, const struct slice *s, size_t ns, uint64_t t0,
	      uint64_t t1, struct tasks *ts);

/* hz.c: the scheduler's knobs and HZ */
long long read_knob(const char *name);
int kernel_hz(char *from, size_t len);

#endif /* SCHEDSCOPE_H */

/* hogs.c: explain's experiment, CPU-bound tasks pinned to one CPU */
#define HOG_NAME "schedscope-hog" /* their comm */
#define MAX_HOGS 64

struct hogs {
	int n, cpu;
	pid_t pids[MAX_HOGS];
	/* voluntary and involuntary switches from /proc/<pid>/status */
	uint64_t kvol[MAX_HOGS], kinvol[MAX_HOGS];
	struct sched_probe_event *ev; /* the stream meanwhile, by CPU, time */
	size_t nev;
	struct tasks ts; /* the module's rows, every task */
	double median; /* median slice of the hogs, ns */
	size_t nslices;
};

void hogs_run(struct hogs *h, long ms);
uint64_t hogs_start(const struct hogs *h);
void hogs_end(struct hogs *h);
