// SPDX-License-Identifier: GPL-2.0
/*
 * summary.c - systrace -c and -H: the rows of /proc/syscall_probe/stats
 * summed per system call (and per process with -P), each report holding
 * what changed since the previous one, as a table like strace -c, log2
 * latency histograms, JSON and, with --svg, a picture.
 */
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hist.h"
#include "systrace.h"

#define RULE                                                 \
	"------ ---------- ---------- ---------- --------- " \
	"--------- ---- ----------------"

static struct agg *agg_find(struct aggs *aggs, int tgid, const char *comm,
			    const char *name, const char *abi, int nr)
{
	struct agg *a;
	size_t i;

	for (i = 0; i < aggs->n; i++)
		if (aggs->a[i].tgid == tgid && !strcmp(aggs->a[i].name, name) &&
		    !strcmp(aggs->a[i].abi, abi))
			return &aggs->a[i];
	if (aggs->n == aggs->cap) {
		aggs->cap = aggs->cap ? 2 * aggs->cap : 256;
		aggs->a = realloc(aggs->a, aggs->cap * sizeof(*aggs->a));
		if (!aggs->a) {
			perror("systrace");
			exit(1);
		}
	}
	a = &aggs->a[aggs->n++];
	memset(a, 0, sizeof(*a));
	a->tgid = tgid;
	a->nr = nr;
	snprintf(a->comm, sizeof(a->comm), "%s", comm);
	snprintf(a->name, sizeof(a->name), "%s", name);
	snprintf(a->abi, sizeof(a->abi), "%s", abi);
	return a;
}

static void parse_hist(struct agg *a, char *h)
{
	char *tok, *save = NULL;
	unsigned int slot;
	uint64_t n;

	for (tok = strtok_r(h, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (sscanf(tok, "%u:%" SCNu64, &slot, &n) == 2 &&
		    slot < LKM_HIST_SLOTS)
			a->hist[slot] += n;
}

/* The totals since the start of the trace, into @aggs. */
static int read_stats(const struct opts *opt, struct aggs *aggs)
{
	char line[2048], comm[32], name[64], abi[8], errnos[512], h[1024];
	uint64_t calls, errors, total, min, max;
	char path[128];
	int pid, tgid, nr;
	FILE *f;

	procfs_path(&sys_module, SYSCALL_PROBE_STATS, path, sizeof(path));
	f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "systrace: %s: %s\n", path, strerror(errno));
		return -1;
	}
	aggs->n = 0;
	while (fgets(line, sizeof(line), f)) {
		struct agg *a;

		if (sscanf(line,
			   "%d %d %31s %d %63s %7s %" SCNu64 " %" SCNu64
			   " %" SCNu64 " %" SCNu64 " %" SCNu64 " %511s %1023s",
			   &pid, &tgid, comm, &nr, name, abi, &calls, &errors,
			   &total, &min, &max, errnos, h) != 13)
			continue;
		if (!selected(opt, name) || tgid == getpid())
			continue;
		a = agg_find(aggs, opt->per_process ? tgid : -1, comm, name,
			     abi, nr);
		a->calls += calls;
		a->errors += errors;
		a->total_ns += total;
		if (max > a->max_ns)
			a->max_ns = max;
		parse_hist(a, h);
	}
	fclose(f);
	return 0;
}

static const struct agg *prev_find(const struct aggs *prev, const struct agg *a)
{
	size_t i;

	for (i = 0; i < prev->n; i++)
		if (prev->a[i].tgid == a->tgid &&
		    !strcmp(prev->a[i].name, a->name) &&
		    !strcmp(prev->a[i].abi, a->abi))
			return &prev->a[i];
	return NULL;
}

/*
 * Turns the totals in @cur into what changed since the previous report,
 * whose totals @prev keeps (the rows are never cleared while tracing, so
 * nothing is lost between two reports); max_ns stays the largest since the
 * start. @prev then holds the totals of this report.
 */
static void agg_delta(struct aggs *cur, struct aggs *prev)
{
	struct agg *now = malloc((cur->n + 1) * sizeof(*now));
	size_t i, n = 0;
	unsigned int s;

	if (!now) {
		perror("systrace");
		exit(1);
	}
	memcpy(now, cur->a, cur->n * sizeof(*now));
	for (i = 0; i < cur->n; i++) {
		struct agg *a = &cur->a[i];
		const struct agg *p = prev_find(prev, a);

		if (p) {
			a->calls -= p->calls;
			a->errors -= p->errors;
			a->total_ns -= p->total_ns;
			for (s = 0; s < LKM_HIST_SLOTS; s++)
				a->hist[s] -= p->hist[s];
		}
		if (a->calls)
			cur->a[n++] = *a;
	}
	free(prev->a);
	prev->a = now;
	prev->n = cur->n;
	prev->cap = cur->n + 1;
	cur->n = n;
}

static int by_time(const void *a, const void *b)
{
	const struct agg *x = a, *y = b;

	if (x->tgid != y->tgid)
		return x->tgid < y->tgid ? -1 : 1;
	if (x->total_ns != y->total_ns)
		return x->total_ns > y->total_ns ? -1 : 1;
	return x->calls > y->calls ? -1 : x->calls < y->calls;
}

/* Total time of the rows of one process from @from; *@to: its end. */
static uint64_t group_total(const struct aggs *aggs, size_t from, size_t *to)
{
	uint64_t t = 0;
	size_t i;

	for (i = from; i < aggs->n && aggs->a[i].tgid == aggs->a[from].tgid;
	     i++)
		t += aggs->a[i].total_ns;
	*to = i;
	return t;
}

static json_object *agg_json(const struct agg *a, uint64_t total)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(a->name));
	json_object_object_add(o, "abi", json_object_new_string(a->abi));
	json_object_object_add(o, "nr", json_object_new_int(a->nr));
	json_object_object_add(o, "calls", json_object_new_uint64(a->calls));
	json_object_object_add(o, "errors", json_object_new_uint64(a->errors));
	json_object_object_add(o, "total_ns",
			       json_object_new_uint64(a->total_ns));
	json_object_object_add(
		o, "avg_ns",
		json_object_new_uint64(a->calls ? a->total_ns / a->calls : 0));
	json_object_object_add(o, "max_ns", json_object_new_uint64(a->max_ns));
	json_object_object_add(
		o, "percent_time",
		json_object_new_double(total ? 100.0 * a->total_ns / total :
					       0));
	return o;
}

static json_object *hist_json(const struct agg *a)
{
	json_object *arr = json_object_new_array();
	unsigned int s;

	for (s = 0; s < LKM_HIST_SLOTS; s++) {
		json_object *o;

		if (!a->hist[s])
			continue;
		o = json_object_new_object();
		json_object_object_add(
			o, "low_ns",
			json_object_new_uint64(lkm_hist_slot_low(s)));
		json_object_object_add(
			o, "high_ns",
			json_object_new_uint64(lkm_hist_slot_high(s)));
		json_object_object_add(o, "count",
				       json_object_new_uint64(a->hist[s]));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* One process's rows (or all, without -P) as JSON. */
static json_object *group_json(const struct opts *opt, const struct agg *a,
			       size_t n, uint64_t total)
{
	json_object *p = json_object_new_object(),
		    *calls = json_object_new_array();
	size_t i;

	json_object_object_add(p, "tgid", json_object_new_int(a->tgid));
	if (opt->per_process)
		json_object_object_add(p, "comm",
				       json_object_new_string(a->comm));
	for (i = 0; i < n; i++) {
		json_object *o = agg_json(&a[i], total);

		if (opt->hist)
			json_object_object_add(o, "hist", hist_json(&a[i]));
		json_object_array_add(calls, o);
	}
	json_object_object_add(p, "syscalls", calls);
	return p;
}

static void print_table_text(FILE *out, const struct agg *a, size_t n,
			     uint64_t total)
{
	uint64_t calls = 0, errors = 0;
	size_t i;

	fprintf(out,
		"%% time    seconds usecs/call  max usecs     calls    errors ");
	fprintf(out, " abi syscall\n%s\n", RULE);
	for (i = 0; i < n; i++) {
		char err[24] = "";

		if (a[i].errors)
			snprintf(err, sizeof(err), "%" PRIu64, a[i].errors);
		fprintf(out,
			"%6.2f %10.6f %10" PRIu64 " %10" PRIu64 " %9" PRIu64
			" %9s %4s %s\n",
			total ? 100.0 * a[i].total_ns / total : 0.0,
			a[i].total_ns / 1e9, a[i].total_ns / a[i].calls / 1000,
			a[i].max_ns / 1000, a[i].calls, err, a[i].abi,
			a[i].name);
		calls += a[i].calls;
		errors += a[i].errors;
	}
	fprintf(out, "%s\n", RULE);
	fprintf(out,
		"100.00 %10.6f %10" PRIu64 " %10s %9" PRIu64 " %9" PRIu64
		"      total\n",
		total / 1e9, calls ? total / calls / 1000 : 0, "", calls,
		errors);
}

static void print_group_text(FILE *out, const struct opts *opt,
			     const struct agg *a, size_t n, uint64_t total)
{
	size_t i;

	if (opt->per_process)
		fprintf(out, "\npid %d (%s):\n", a->tgid, a->comm);
	if (opt->summary)
		print_table_text(out, a, n, total);
	for (i = 0; opt->hist && i < n; i++) {
		fprintf(out, "\n%s (%s): %" PRIu64 " calls\n", a[i].name,
			a[i].abi, a[i].calls);
		hist_print_log2(out, a[i].hist, "nsecs");
	}
}

static void report(FILE *out, const struct opts *opt, struct aggs *cur,
		   struct aggs *prev, long round)
{
	json_object *root = NULL, *procs = NULL;
	size_t from, to;

	if (read_stats(opt, cur))
		return;
	agg_delta(cur, prev);
	qsort(cur->a, cur->n, sizeof(*cur->a), by_time);
	if (opt->svg)
		write_svg(opt->svg, cur);
	if (opt->json) {
		root = json_object_new_object();
		procs = json_object_new_array();
		if (opt->interval)
			json_object_object_add(root, "report",
					       json_object_new_int64(round));
		json_object_object_add(root, "processes", procs);
	} else if (opt->interval) {
		fprintf(out, "%s--- report %ld ---\n", round > 1 ? "\n" : "",
			round);
	}
	for (from = 0; from < cur->n; from = to) {
		uint64_t total = group_total(cur, from, &to);

		if (opt->json)
			json_object_array_add(procs,
					      group_json(opt, &cur->a[from],
							 to - from, total));
		else
			print_group_text(out, opt, &cur->a[from], to - from,
					 total);
	}
	if (opt->json) {
		fprintf(out, "%s\n",
			json_object_to_json_string_ext(root,
						       JSON_C_TO_STRING_PLAIN));
		json_object_put(root);
	} else if (!cur->n) {
		fprintf(out, "no system calls traced\n");
	}
	fflush(out);
}

/*
 * -c / -H: enable, then report at each interval, at COMMAND's exit, at
 * Ctrl-C, or after COUNT reports.
 */
int run_stats(struct trace *t)
{
	struct aggs cur = { NULL, 0, 0 }, prev = { NULL, 0, 0 };
	long round;
	bool last;

	if (control("reset") || control("enable"))
		return 1;
	t->enabled = true;
	if (t->child > 0)
		kill(t->child, SIGCONT);
	for (round = 1;; round++) {
		last = wait_round(t);
		if (last || (t->opt->count > 0 && round >= t->opt->count)) {
			disable(t);
			last = true;
		}
		report(t->out, t->opt, &cur, &prev, round);
		if (last)
			break;
	}
	free(cur.a);
	free(prev.a);
	return 0;
}
