// SPDX-License-Identifier: GPL-2.0
/*
 * explain.c - schedscope explain: the timeslice the scheduler should give
 * N CPU-bound tasks sharing one CPU, worked out from its knobs (CFS on
 * 6.1, EEVDF on 6.12) and HZ, against the slices measured on the same
 * number of hogs; then the first 100 ms of the experiment as lanes or SVG.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "schedscope.h"

/* How much of the experiment explain draws: its first 100 ms. */
#define EXPLAIN_WINDOW_NS 100000000ULL

/* What the scheduler's knobs predict for n tasks on one CPU. */
struct model {
	bool cfs;
	long long lat, gran, base;
	int n, hz;
	char hz_from[160];
	double tick, period, ideal, expect;
};

static void predict(struct model *m, int n)
{
	m->lat = read_knob("latency_ns");
	m->gran = read_knob("min_granularity_ns");
	m->base = read_knob("base_slice_ns");
	m->cfs = m->lat > 0 && m->gran > 0;
	m->n = n;
	if (!m->cfs && m->base <= 0)
		die("%s", "no scheduler knobs in " DEBUG_SCHED
			  " (mount -t debugfs none /sys/kernel/debug)");
	fclose(open_sp(SCHED_PROBE_STATS)); /* is the module there? */
	m->hz = kernel_hz(m->hz_from, sizeof(m->hz_from));
	m->tick = 1e9 / m->hz;
	if (m->cfs) {
		/* __sched_period(): latency, stretched past sched_nr_latency */
		m->period = n > m->lat / m->gran ? n * (double)m->gran :
						   (double)m->lat;
		m->ideal = m->period / n;
		/* check_preempt_tick(): at the first tick with runtime > ideal */
		m->expect = ((long long)(m->ideal / m->tick) + 1) * m->tick;
	} else {
		/* EEVDF: slice = base_slice; the tick ends it once used up. */
		m->ideal = m->base;
		m->period = (double)n * m->base;
		m->expect = ((long long)((m->ideal + m->tick - 1) / m->tick)) *
			    m->tick;
	}
}

static void add_i64(json_object *o, const char *key, int64_t v)
{
	json_object_object_add(o, key, json_object_new_int64(v));
}

static json_object *report_json(const struct model *m, struct hogs *h,
				double avg)
{
	json_object *o = json_object_new_object(),
		    *arr = json_object_new_array();
	int i;

	for (i = 0; i < h->n; i++) {
		struct task *t = find_task(&h->ts, h->pids[i], 0);
		json_object *r;

		if (!t)
			continue;
		r = task_json(t);
		add_i64(r, "status_voluntary", (int64_t)h->kvol[i]);
		add_i64(r, "status_involuntary", (int64_t)h->kinvol[i]);
		json_object_array_add(arr, r);
	}
	json_object_object_add(o, "scheduler",
			       json_object_new_string(m->cfs ? "CFS" :
							       "EEVDF"));
	if (m->cfs) {
		add_i64(o, "latency_ns", m->lat);
		add_i64(o, "min_granularity_ns", m->gran);
	} else {
		add_i64(o, "base_slice_ns", m->base);
	}
	json_object_object_add(o, "hz", json_object_new_int(m->hz));
	json_object_object_add(o, "hz_source",
			       json_object_new_string(m->hz_from));
	json_object_object_add(o, "tasks", json_object_new_int(m->n));
	json_object_object_add(o, "cpu", json_object_new_int(h->cpu));
	add_i64(o, "ideal_slice_ns", (int64_t)m->ideal);
	add_i64(o, "expected_min_ns", (int64_t)m->ideal);
	add_i64(o, "expected_max_ns", (int64_t)m->expect);
	add_i64(o, "measured_slice_ns", (int64_t)h->median);
	add_i64(o, "measured_slices", (int64_t)h->nslices);
	add_i64(o, "average_slice_ns", (int64_t)avg);
	json_object_object_add(o, "hogs", arr);
	return o;
}

static void print_model(const struct model *m, int cpu, long ms)
{
	double tick = m->tick / 1e6, ideal = m->ideal / 1e6;

	printf("Scheduler: %s (kernel knobs in " DEBUG_SCHED ")\n",
	       m->cfs ? "CFS" : "EEVDF");
	printf("%d CPU-bound tasks on CPU %d, %ld ms of CPU each\n", m->n, cpu,
	       ms);
	printf("  HZ = %d (%s): tick = %.1f ms\n", m->hz, m->hz_from, tick);
	if (m->cfs) {
		printf("  latency_ns         = %lld (target latency)\n",
		       m->lat);
		printf("  min_granularity_ns = %lld\n", m->gran);
		printf("  period = %s = %.3f ms\n",
		       m->n > m->lat / m->gran ? "n x min_granularity" :
						 "latency",
		       m->period / 1e6);
		printf("  ideal slice = period / n = %.3f / %d = %.3f ms\n",
		       m->period / 1e6, m->n, ideal);
		printf("  the tick preempts once runtime > ideal: "
		       "(floor(%.3f / %.1f) + 1) x %.1f = %.3f ms\n",
		       ideal, tick, tick, m->expect / 1e6);
	} else {
		printf("  base_slice_ns = %lld (request size of each task)\n",
		       m->base);
		printf("  each task runs one slice, then the next deadline "
		       "wins: slice = %.3f ms\n",
		       ideal);
		printf("  the next scheduler event after that ends it: any "
		       "wakeup on the CPU,\n  at the latest the tick: "
		       "ceil(%.3f / %.1f) x %.1f = %.3f ms\n",
		       ideal, tick, tick, m->expect / 1e6);
	}
	printf("Expected slice: %.3f to %.3f ms\n", ideal, m->expect / 1e6);
}

static void print_hogs(const struct model *m, struct hogs *h, double avg)
{
	int i;

	for (i = 0; i < h->n; i++) {
		struct task *t = find_task(&h->ts, h->pids[i], 0);

		if (t)
			printf("  %s %d: %" PRIu64 " slices, avg %.3f ms "
			       "(min %.3f, max %.3f),\n    switches: %" PRIu64
			       " involuntary, %" PRIu64 " voluntary; "
			       "/proc/%d/status: %" PRIu64 ", %" PRIu64 "\n",
			       HOG_NAME, h->pids[i], t->slices,
			       t->slices ? t->runtime / 1e6 / t->slices : 0,
			       t->smin / 1e6, t->smax / 1e6, t->invol, t->vol,
			       h->pids[i], h->kinvol[i], h->kvol[i]);
	}
	printf("Measured: median slice %.3f ms over %zu slices (average "
	       "%.3f ms): %s the expected range\n",
	       h->median / 1e6, h->nslices, avg / 1e6,
	       h->median >= m->ideal && h->median <= m->expect ? "within" :
								 "outside");
}

/*
 * The first 100 ms of the experiment as lanes (text) and, with -o, as an
 * SVG picture: every CPU, slices coloured by task, each end marked.
 */
static void explain_timeline(const struct env *env, struct hogs *h)
{
	uint64_t t0 = hogs_start(h), t1 = 0;
	struct slice *s;
	size_t i, ns;

	if (!t0)
		return;
	for (i = 0; i < h->nev; i++)
		if (h->ev[i].ts_ns > t1)
			t1 = h->ev[i].ts_ns;
	if (t1 > t0 + EXPLAIN_WINDOW_NS)
		t1 = t0 + EXPLAIN_WINDOW_NS;
	if (t1 <= t0)
		return;
	s = slices_of(h->ev, h->nev, t0, t1, &ns);
	if (env->svg)
		draw_svg(env->svg, s, ns, t0, t1, &h->ts);
	if (!env->json) {
		printf("The first %.0f ms of it, CPU by CPU:\n",
		       (t1 - t0) / 1e6);
		draw_lanes(s, ns, t0, t1, &h->ts, env->width);
	}
	free(s);
}

int cmd_explain(const struct env *env)
{
	long ms = env->duration > 0 ? env->duration * 1000 : 400;
	struct hogs h = { .n = env->ntasks, .cpu = env->cpu };
	struct model m;
	double sum = 0, avg;
	json_object *o;
	int i;

	if (h.n < 1 || h.n > MAX_HOGS)
		die("%s", "-n must be 1-64");
	if (h.cpu < 0)
		h.cpu = sysconf(_SC_NPROCESSORS_ONLN) - 1;
	predict(&m, h.n);
	hogs_run(&h, ms);
	for (i = 0; i < h.n; i++) {
		struct task *t = find_task(&h.ts, h.pids[i], 0);

		sum += t && t->slices ? (double)t->runtime / t->slices : 0;
	}
	avg = sum / h.n;
	o = report_json(&m, &h, avg);
	hogs_end(&h);
	if (env->save_json)
		save_json(o, env->save_json);
	if (env->json) {
		print_json(o);
	} else {
		json_object_put(o);
		print_model(&m, h.cpu, ms);
		print_hogs(&m, &h, avg);
	}
	explain_timeline(env, &h);
	free(h.ev);
	free(h.ts.t);
	return 0;
}
