// SPDX-License-Identifier: GPL-2.0
/*
 * top.c - schedscope top: the tasks sorted by time on CPU, totals since
 * the module's reset or, with an interval, what changed in each.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "schedscope.h"

static int by_runtime(const void *a, const void *b)
{
	const struct task *x = a, *y = b;

	return x->runtime < y->runtime ? 1 : x->runtime > y->runtime ? -1 : 0;
}

static void top_print(const struct env *env, struct tasks *ts)
{
	json_object *arr = NULL;
	size_t i, n;
	char ts_buf[32];
	time_t now = time(NULL);

	qsort(ts->t, ts->n, sizeof(*ts->t), by_runtime);
	n = ts->n < (size_t)env->rows ? ts->n : (size_t)env->rows;
	if (env->json) {
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

int cmd_top(const struct env *env)
{
	const struct filter filter = { env->pid, env->comm };
	struct tasks prev = { NULL, 0 }, cur;
	struct task *p;
	size_t i;
	long k;

	if (!env->interval) {
		cur = read_tasks(&filter, false);
		top_print(env, &cur);
		free(cur.t);
		return 0;
	}
	prev = read_tasks(&filter, false);
	for (k = 0; env->count < 0 || k < env->count; k++) {
		sleep(env->interval);
		cur = read_tasks(&filter, false);
		for (i = 0; i < cur.n; i++) {
			p = find_task(&prev, cur.t[i].pid, cur.t[i].exited);
			if (!p)
				p = find_task(&prev, cur.t[i].pid, 0);
			if (p && p->tgid == cur.t[i].tgid &&
			    p->runtime <= cur.t[i].runtime)
				subtract(&cur.t[i], p);
		}
		free(prev.t);
		prev = read_tasks(&filter, false);
		top_print(env, &cur);
		free(cur.t);
		if (!env->json)
			putchar('\n');
		fflush(stdout);
	}
	free(prev.t);
	return 0;
}
