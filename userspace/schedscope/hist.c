// SPDX-License-Identifier: GPL-2.0
/*
 * hist.c - schedscope hist: log2 histograms of timeslices and run-queue
 * waits, summed over the tasks that -p and -c select.
 */
#include <stdio.h>
#include <stdlib.h>

#include "hist.h"
#include "schedscope.h"

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

int cmd_hist(const struct env *env)
{
	const struct filter filter = { env->pid, env->comm };
	uint64_t slice[LKM_HIST_SLOTS] = { 0 }, wait[LKM_HIST_SLOTS] = { 0 };
	struct tasks ts = read_tasks(&filter, true);
	json_object *o;
	size_t i;
	int s;

	for (i = 0; i < ts.n; i++)
		for (s = 0; s < SCHED_PROBE_HIST_SLOTS; s++) {
			slice[s] += ts.t[i].slice_hist[s];
			wait[s] += ts.t[i].wait_hist[s];
		}
	if (env->json) {
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
