// SPDX-License-Identifier: GPL-2.0
/*
 * systrace - system calls per process, from the syscall_probe module
 * (/proc/syscall_probe/): a summary like strace -c, log2 latency histograms,
 * or a live stream like strace, with the entry gate (64: syscall
 * instruction, ia32: int $0x80, x32) shown everywhere.
 *
 * The tool drives /proc/syscall_probe/control (filter, reset, enable) and
 * disables tracing again when it ends. Needs root.
 */
#include <argp.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hist.h"
#include "lkm_suite.h"
#include "syscall_probe.h"

#define DIR "/proc/" SYSCALL_PROBE_PROC_DIR "/"
#define MAX_NR 1024
#define MAX_SEL 64
#define RULE                                                 \
	"------ ---------- ---------- ---------- --------- " \
	"--------- ---- ----------------"

struct agg {
	int tgid; /* -1: system-wide */
	char comm[32];
	char name[64];
	char abi[8];
	int nr;
	uint64_t calls, errors, total_ns, max_ns;
	uint64_t hist[LKM_HIST_SLOTS];
};

static struct {
	bool summary, hist, json, follow, per_process;
	pid_t pid;
	char *sel[MAX_SEL];
	int nsel;
	double interval;
	long count;
	char **cmd;
	const char *svg;
} opt = { .count = -1 };

static const char *names[3][MAX_NR]; /* [abi - 1][nr] */
static volatile sig_atomic_t stop;
static bool enabled_by_us;
static bool child_reaped; /* COMMAND has exited and was waited for */
/* Stream records read: events (any call, shown or not) and lost counts. */
static uint64_t seen_events, seen_lost;

static const char doc[] =
	"System calls per process, from the syscall_probe module.\n"
	"\n"
	"Without -c or -H: a live stream like strace (name, arguments in hex,\n"
	"return value with errno name, duration, entry gate). With -c: a\n"
	"summary like strace -c; with -H: a log2 latency histogram per\n"
	"system call. INTERVAL [COUNT]: print every INTERVAL seconds, COUNT\n"
	"times (each summary holds that interval's calls; max is the longest\n"
	"call since the start). With COMMAND too: a summary every INTERVAL\n"
	"while it runs and a last one when it exits. In the stream, INTERVAL\n"
	"times COUNT is how long to trace. COMMAND: start it, trace it and\n"
	"its children (also once they are reparented), stop with it.\n"
	"The abi column tells the syscall instruction (64) from int $0x80\n"
	"(ia32) and x32. When the stream's ring is full, events are dropped\n"
	"and a line says how many (calls of the traced processes, -e or not);\n"
	"at the end, a last line counts the events dropped after the last\n"
	"one that fitted.\n"
	"\v"
	"EXAMPLES:\n"
	"    systrace -c -- ls /            # summary of ls, like strace -c\n"
	"    systrace -c -p 1234 5 1        # summary of PID 1234 over 5 s\n"
	"    systrace -e openat,read -- cat /etc/hostname   # live stream\n"
	"    systrace -H -e getppid 1 3     # latency histograms, 3 times\n"
	"    systrace -H --svg h.svg -- ls  # histograms, also as a picture\n"
	"    systrace -c 2 -- make          # a summary every 2 s of make\n"
	"    systrace -c -P --json 1 1      # per process, JSON\n";

static const struct argp_option options[] = {
	{ "summary", 'c', NULL, 0, "Summary: calls, errors, time", 0 },
	{ "histogram", 'H', NULL, 0, "Log2 latency histogram per call", 0 },
	{ "pid", 'p', "PID", 0, "Trace this process only", 0 },
	{ "follow", 'f', NULL, 0, "With -p: follow its children too", 0 },
	{ "per-process", 'P', NULL, 0, "With -c/-H: one table per process", 0 },
	{ "syscalls", 'e', "NAME,..", 0, "Only these system calls", 0 },
	{ "json", 'j', NULL, 0, "JSON output", 0 },
	{ "svg", 's', "FILE", 0, "With -H: also draw the histograms in FILE",
	  0 },
	{ NULL, 'h', NULL, 0, "Give this help list", -1 },
	{ 0 }
};

static void add_selection(char *list, struct argp_state *state)
{
	char *tok, *save = NULL;

	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (opt.nsel == MAX_SEL)
			argp_error(state, "at most %d names with -e", MAX_SEL);
		opt.sel[opt.nsel++] = tok;
	}
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	char *end;

	switch (key) {
	case 'c':
		opt.summary = true;
		break;
	case 'H':
		opt.hist = true;
		break;
	case 'p':
		errno = 0;
		opt.pid = strtol(arg, &end, 10);
		if (errno || *end || opt.pid <= 0)
			argp_error(state, "invalid PID: %s", arg);
		break;
	case 'f':
		opt.follow = true;
		break;
	case 'P':
		opt.per_process = true;
		break;
	case 'e':
		add_selection(arg, state);
		break;
	case 'j':
		opt.json = true;
		break;
	case 's':
		opt.svg = arg;
		break;
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		break;
	case ARGP_KEY_ARG:
		if (state->quoted) {
			opt.cmd = &state->argv[state->next - 1];
			state->next = state->argc;
			break;
		}
		errno = 0;
		if (!opt.interval) {
			opt.interval = strtod(arg, &end);
			if (errno || *end || opt.interval <= 0)
				argp_error(state, "invalid interval: %s", arg);
		} else if (opt.count < 0) {
			opt.count = strtol(arg, &end, 10);
			if (errno || *end || opt.count <= 0)
				argp_error(state, "invalid count: %s", arg);
		} else {
			argp_error(state, "unexpected argument: %s", arg);
		}
		break;
	case ARGP_KEY_END:
		if (opt.cmd && opt.pid)
			argp_error(state, "-p and COMMAND exclude each other");
		if (opt.svg && !opt.hist)
			argp_error(state, "--svg needs -H");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static int abi_index(const char *abi)
{
	if (!strcmp(abi, "ia32"))
		return SYSCALL_PROBE_ABI_IA32;
	if (!strcmp(abi, "x32"))
		return SYSCALL_PROBE_ABI_X32;
	return SYSCALL_PROBE_ABI_64;
}

static const char *abi_name(int abi)
{
	return abi == SYSCALL_PROBE_ABI_IA32 ? "ia32" :
	       abi == SYSCALL_PROBE_ABI_X32  ? "x32" :
					       "64";
}

static int load_names(void)
{
	char abi[8], name[64];
	FILE *f = fopen(DIR SYSCALL_PROBE_SYSCALLS, "r");
	int nr;

	if (!f)
		return -1;
	while (fscanf(f, "%7s %d %63s", abi, &nr, name) == 3)
		if (nr >= 0 && nr < MAX_NR)
			names[abi_index(abi) - 1][nr] = strdup(name);
	fclose(f);
	return 0;
}

static const char *nr_name(int abi, int nr, char *buf, size_t len)
{
	if (abi >= 1 && abi <= 3 && nr >= 0 && nr < MAX_NR &&
	    names[abi - 1][nr])
		return names[abi - 1][nr];
	snprintf(buf, len, "syscall_%d", nr);
	return buf;
}

static bool selected(const char *name)
{
	int i;

	if (!opt.nsel)
		return true;
	for (i = 0; i < opt.nsel; i++)
		if (!strcmp(opt.sel[i], name))
			return true;
	return false;
}

static int check_selection(void)
{
	int i, a, nr;

	for (i = 0; i < opt.nsel; i++) {
		bool found = false;

		for (a = 0; a < 3 && !found; a++)
			for (nr = 0; nr < MAX_NR && !found; nr++)
				found = names[a][nr] &&
					!strcmp(names[a][nr], opt.sel[i]);
		if (!found) {
			fprintf(stderr, "systrace: unknown system call: %s\n",
				opt.sel[i]);
			return -1;
		}
	}
	return 0;
}

static int control(const char *cmd)
{
	int fd = open(DIR SYSCALL_PROBE_CONTROL, O_WRONLY);
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "systrace: %s: %s%s\n",
			DIR SYSCALL_PROBE_CONTROL, strerror(errno),
			errno == EACCES ? " (run as root)" : "");
		return -1;
	}
	n = write(fd, cmd, strlen(cmd));
	if (n < 0)
		fprintf(stderr, "systrace: control \"%s\": %s\n", cmd,
			strerror(errno));
	close(fd);
	return n < 0 ? -1 : 0;
}

/* Aggregation of the stats rows, per (tgid, abi, name) or (abi, name). */
static struct agg *aggs;
static size_t naggs, capaggs;

static struct agg *agg_find(int tgid, const char *comm, const char *name,
			    const char *abi, int nr)
{
	size_t i;

	for (i = 0; i < naggs; i++)
		if (aggs[i].tgid == tgid && !strcmp(aggs[i].name, name) &&
		    !strcmp(aggs[i].abi, abi))
			return &aggs[i];
	if (naggs == capaggs) {
		capaggs = capaggs ? 2 * capaggs : 256;
		aggs = realloc(aggs, capaggs * sizeof(*aggs));
		if (!aggs) {
			perror("systrace");
			exit(1);
		}
	}
	memset(&aggs[naggs], 0, sizeof(aggs[0]));
	aggs[naggs].tgid = tgid;
	aggs[naggs].nr = nr;
	snprintf(aggs[naggs].comm, sizeof(aggs[0].comm), "%s", comm);
	snprintf(aggs[naggs].name, sizeof(aggs[0].name), "%s", name);
	snprintf(aggs[naggs].abi, sizeof(aggs[0].abi), "%s", abi);
	return &aggs[naggs++];
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

static int read_stats(void)
{
	char line[2048], comm[32], name[64], abi[8], errnos[512], h[1024];
	uint64_t calls, errors, total, min, max;
	FILE *f = fopen(DIR SYSCALL_PROBE_STATS, "r");
	int pid, tgid, nr;

	if (!f) {
		perror("systrace: " DIR SYSCALL_PROBE_STATS);
		return -1;
	}
	naggs = 0;
	while (fgets(line, sizeof(line), f)) {
		struct agg *a;

		if (sscanf(line,
			   "%d %d %31s %d %63s %7s %" SCNu64 " %" SCNu64
			   " %" SCNu64 " %" SCNu64 " %" SCNu64 " %511s %1023s",
			   &pid, &tgid, comm, &nr, name, abi, &calls, &errors,
			   &total, &min, &max, errnos, h) != 13)
			continue;
		if (!selected(name) || tgid == getpid())
			continue;
		a = agg_find(opt.per_process ? tgid : -1, comm, name, abi, nr);
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

/* The totals at the previous report, to show each interval's own calls. */
static struct agg *prev;
static size_t nprev;

static const struct agg *prev_find(const struct agg *a)
{
	size_t i;

	for (i = 0; i < nprev; i++)
		if (prev[i].tgid == a->tgid && !strcmp(prev[i].name, a->name) &&
		    !strcmp(prev[i].abi, a->abi))
			return &prev[i];
	return NULL;
}

/*
 * Turns the totals in aggs into what changed since the previous report
 * (the rows are never cleared while tracing, so nothing is lost between
 * two reports); max_ns stays the largest since the start.
 */
static void agg_delta(void)
{
	struct agg *now = malloc((naggs + 1) * sizeof(*aggs));
	size_t i, n = 0;
	unsigned int s;

	if (!now) {
		perror("systrace");
		exit(1);
	}
	memcpy(now, aggs, naggs * sizeof(*aggs));
	for (i = 0; i < naggs; i++) {
		struct agg *a = &aggs[i];
		const struct agg *p = prev_find(a);

		if (p) {
			a->calls -= p->calls;
			a->errors -= p->errors;
			a->total_ns -= p->total_ns;
			for (s = 0; s < LKM_HIST_SLOTS; s++)
				a->hist[s] -= p->hist[s];
		}
		if (a->calls)
			aggs[n++] = *a;
	}
	free(prev);
	prev = now;
	nprev = naggs;
	naggs = n;
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

static uint64_t group_total(size_t from, size_t *to)
{
	uint64_t t = 0;
	size_t i;

	for (i = from; i < naggs && aggs[i].tgid == aggs[from].tgid; i++)
		t += aggs[i].total_ns;
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

static void print_table_text(size_t from, size_t to, uint64_t total)
{
	uint64_t calls = 0, errors = 0;
	size_t i;

	printf("%% time    seconds usecs/call  max usecs     calls    errors ");
	printf(" abi syscall\n%s\n", RULE);
	for (i = from; i < to; i++) {
		const struct agg *a = &aggs[i];
		char err[24] = "";

		if (a->errors)
			snprintf(err, sizeof(err), "%" PRIu64, a->errors);
		printf("%6.2f %10.6f %10" PRIu64 " %10" PRIu64 " %9" PRIu64
		       " %9s %4s %s\n",
		       total ? 100.0 * a->total_ns / total : 0.0,
		       a->total_ns / 1e9, a->total_ns / a->calls / 1000,
		       a->max_ns / 1000, a->calls, err, a->abi, a->name);
		calls += a->calls;
		errors += a->errors;
	}
	printf("%s\n", RULE);
	printf("100.00 %10.6f %10" PRIu64 " %10s %9" PRIu64 " %9" PRIu64
	       "      total\n",
	       total / 1e9, calls ? total / calls / 1000 : 0, "", calls,
	       errors);
}

static void print_hists_text(size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++) {
		printf("\n%s (%s): %" PRIu64 " calls\n", aggs[i].name,
		       aggs[i].abi, aggs[i].calls);
		hist_print_log2(stdout, aggs[i].hist, "nsecs");
	}
}

static void svg_text(FILE *f, int x, int y, const char *anchor,
		     const char *text)
{
	fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">%s</text>\n", x,
		y, anchor, text);
}

/* One panel per system call: a bar per log2 latency slot. */
static int svg_panel(FILE *f, const struct agg *a, int y)
{
	unsigned int s, lo = LKM_HIST_SLOTS, hi = 0;
	uint64_t max = 0;
	char buf[160];

	for (s = 0; s < LKM_HIST_SLOTS; s++) {
		if (!a->hist[s])
			continue;
		lo = s < lo ? s : lo;
		hi = s;
		max = a->hist[s] > max ? a->hist[s] : max;
	}
	if (lo == LKM_HIST_SLOTS)
		return y;
	snprintf(buf, sizeof(buf), "%s (abi %s), pid %d: %" PRIu64 " calls",
		 a->name, a->abi, a->tgid, a->calls);
	if (a->tgid < 0)
		snprintf(buf, sizeof(buf), "%s (abi %s): %" PRIu64 " calls",
			 a->name, a->abi, a->calls);
	fprintf(f, "<g font-weight=\"bold\">");
	svg_text(f, 10, y + 16, "start", buf);
	fprintf(f, "</g>\n");
	y += 26;
	for (s = lo; s <= hi; s++) {
		int w = (int)(420.0 * a->hist[s] / max);

		snprintf(buf, sizeof(buf), "%" PRIu64 " - %" PRIu64 " ns",
			 (uint64_t)lkm_hist_slot_low(s),
			 (uint64_t)lkm_hist_slot_high(s));
		svg_text(f, 190, y + 13, "end", buf);
		if (a->hist[s])
			fprintf(f,
				"<rect x=\"200\" y=\"%d\" width=\"%d\" "
				"height=\"14\" fill=\"#4a7ab5\"/>\n",
				y + 2, w ? w : 1);
		snprintf(buf, sizeof(buf), "%" PRIu64, a->hist[s]);
		svg_text(f, 206 + w, y + 13, "start", buf);
		y += 18;
	}
	return y + 10;
}

/* --svg: the histograms of this report as a picture. */
static void write_svg(void)
{
	int y = 40, h = 40;
	size_t i;
	FILE *f;

	for (i = 0; i < naggs; i++) {
		unsigned int s, lo = LKM_HIST_SLOTS, hi = 0;

		for (s = 0; s < LKM_HIST_SLOTS; s++)
			if (aggs[i].hist[s]) {
				lo = s < lo ? s : lo;
				hi = s;
			}
		if (lo < LKM_HIST_SLOTS)
			h += 36 + 18 * (hi - lo + 1);
	}
	f = fopen(opt.svg, "w");
	if (!f) {
		fprintf(stderr, "systrace: %s: %s\n", opt.svg, strerror(errno));
		return;
	}
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"720\" "
		"height=\"%d\" font-family=\"sans-serif\" "
		"font-size=\"12\">\n"
		"<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
		h);
	fprintf(f, "<g font-size=\"15\">");
	svg_text(f, 10, 22, "start",
		 "System call latency (log2 buckets, from syscall_probe)");
	fprintf(f, "</g>\n");
	for (i = 0; i < naggs; i++)
		y = svg_panel(f, &aggs[i], y);
	fprintf(f, "</svg>\n");
	fclose(f);
}

static void report(long round)
{
	json_object *root = NULL, *procs = NULL;
	size_t from, to;

	if (read_stats())
		return;
	agg_delta();
	qsort(aggs, naggs, sizeof(*aggs), by_time);
	if (opt.svg)
		write_svg();
	if (opt.json) {
		root = json_object_new_object();
		procs = json_object_new_array();
		if (opt.interval)
			json_object_object_add(root, "report",
					       json_object_new_int64(round));
		json_object_object_add(root, "processes", procs);
	} else if (opt.interval) {
		printf("%s--- report %ld ---\n", round > 1 ? "\n" : "", round);
	}
	for (from = 0; from < naggs; from = to) {
		uint64_t total = group_total(from, &to);
		json_object *p, *calls;
		size_t i;

		if (!opt.json) {
			if (opt.per_process)
				printf("\npid %d (%s):\n", aggs[from].tgid,
				       aggs[from].comm);
			if (opt.summary)
				print_table_text(from, to, total);
			if (opt.hist)
				print_hists_text(from, to);
			continue;
		}
		p = json_object_new_object();
		json_object_object_add(p, "tgid",
				       json_object_new_int(aggs[from].tgid));
		if (opt.per_process)
			json_object_object_add(
				p, "comm",
				json_object_new_string(aggs[from].comm));
		calls = json_object_new_array();
		for (i = from; i < to; i++) {
			json_object *o = agg_json(&aggs[i], total);

			if (opt.hist)
				json_object_object_add(o, "hist",
						       hist_json(&aggs[i]));
			json_object_array_add(calls, o);
		}
		json_object_object_add(p, "syscalls", calls);
		json_object_array_add(procs, p);
	}
	if (opt.json) {
		printf("%s\n", json_object_to_json_string_ext(
				       root, JSON_C_TO_STRING_PLAIN));
		json_object_put(root);
	} else if (!naggs) {
		printf("no system calls traced\n");
	}
	fflush(stdout);
}

static const char *errno_name(long e)
{
	static const char *const restart[] = { "ERESTARTSYS", "ERESTARTNOINTR",
					       "ERESTARTNOHAND", "ENOIOCTLCMD",
					       "ERESTART_RESTARTBLOCK" };
	const char *n = NULL;

	if (e >= 512 && e <= 516)
		return restart[e - 512];
	n = strerrorname_np(e);
	return n ? n : "E?";
}

static void print_record_json(const struct syscall_probe_record *r,
			      const char *name)
{
	json_object *o = json_object_new_object();
	json_object *args = json_object_new_array();
	char hex[24];
	int i;

	for (i = 0; i < 6; i++) {
		snprintf(hex, sizeof(hex), "%#" PRIx64, (uint64_t)r->args[i]);
		json_object_array_add(args, json_object_new_string(hex));
	}
	json_object_object_add(o, "ts_ns", json_object_new_uint64(r->ts_ns));
	json_object_object_add(o, "pid", json_object_new_int(r->pid));
	json_object_object_add(o, "tgid", json_object_new_int(r->tgid));
	json_object_object_add(o, "comm", json_object_new_string(r->comm));
	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "nr", json_object_new_int(r->nr));
	json_object_object_add(o, "abi",
			       json_object_new_string(abi_name(r->abi)));
	json_object_object_add(o, "args", args);
	if (r->flags & SYSCALL_PROBE_REC_NORETURN) {
		json_object_object_add(o, "noreturn",
				       json_object_new_boolean(1));
	} else {
		json_object_object_add(o, "ret", json_object_new_int64(r->ret));
		if (r->ret < 0 && r->ret >= -4095)
			json_object_object_add(
				o, "errno",
				json_object_new_string(errno_name(-r->ret)));
		json_object_object_add(o, "duration_ns",
				       json_object_new_uint64(r->duration_ns));
	}
	printf("%s\n",
	       json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

static void print_record(const struct syscall_probe_record *r)
{
	char buf[32], args[160];
	const char *name = nr_name(r->abi, r->nr, buf, sizeof(buf));
	int i, len = 0;

	if (r->flags & SYSCALL_PROBE_REC_LOST) {
		seen_lost += r->args[0];
		if (opt.json)
			printf("{\"lost\":%" PRIu64 ",\"cpu\":%u}\n",
			       (uint64_t)r->args[0], r->cpu);
		else
			printf("--- %" PRIu64
			       " events dropped on CPU %u (ring full) ---\n",
			       (uint64_t)r->args[0], r->cpu);
		return;
	}
	seen_events++;
	if (!selected(name))
		return;
	for (i = 0; i < 6; i++)
		len += snprintf(args + len, sizeof(args) - len, "%s%#" PRIx64,
				i ? ", " : "", (uint64_t)r->args[i]);
	if (opt.json) {
		print_record_json(r, name);
		return;
	}
	printf("%-7u %-4s %s(%s)", r->pid, abi_name(r->abi), name, args);
	if (r->flags & SYSCALL_PROBE_REC_NORETURN)
		printf(" = ?\n");
	else if (r->ret < 0 && r->ret >= -4095)
		printf(" = -1 %s (%s) <%.6f>\n", errno_name(-r->ret),
		       strerror(-r->ret), r->duration_ns / 1e9);
	else
		printf(" = %" PRId64 " <%.6f>\n", (int64_t)r->ret,
		       r->duration_ns / 1e9);
}

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Has COMMAND exited? Reaps it. */
static bool child_gone(pid_t child)
{
	if (child <= 0 || child_reaped)
		return child_reaped;
	if (waitpid(child, NULL, WNOHANG) == child)
		child_reaped = true;
	return child_reaped;
}

static int by_ts(const void *a, const void *b)
{
	const struct syscall_probe_record *x = a, *y = b;

	return x->ts_ns < y->ts_ns ? -1 : x->ts_ns > y->ts_ns;
}

/* Reads the stream until a signal, or until @child is gone. */
static int stream(int fd, pid_t child)
{
	static struct syscall_probe_record buf[256];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	bool draining = false;

	for (;;) {
		ssize_t n;
		int i;

		if (!draining && (stop || child_gone(child))) {
			control("disable");
			enabled_by_us = false;
			draining = true;
		}
		if (!draining && poll(&pfd, 1, 100) <= 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			if (draining)
				return 0;
			continue;
		}
		if (n <= 0)
			return n < 0 ? -1 : 0;
		n /= sizeof(buf[0]);
		qsort(buf, n, sizeof(buf[0]), by_ts);
		for (i = 0; i < n; i++)
			print_record(&buf[i]);
		fflush(stdout);
	}
}

/* Starts COMMAND stopped, so the filter is in place before it runs. */
static pid_t spawn(void)
{
	pid_t pid = fork();
	int status;

	if (pid < 0) {
		perror("systrace: fork");
		return -1;
	}
	if (pid == 0) {
		raise(SIGSTOP);
		execvp(opt.cmd[0], opt.cmd);
		fprintf(stderr, "systrace: %s: %s\n", opt.cmd[0],
			strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, WUNTRACED) < 0 || !WIFSTOPPED(status)) {
		fprintf(stderr, "systrace: %s did not start\n", opt.cmd[0]);
		return -1;
	}
	return pid;
}

static int set_filter(pid_t pid, bool children)
{
	char cmd[64];

	if (!pid)
		return control("filter none");
	snprintf(cmd, sizeof(cmd), "filter pid %d%s", pid,
		 children ? " children" : "");
	return control(cmd);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Waits for the end of an interval (forever without one), a signal, or
 * COMMAND's exit; true when tracing should end.
 */
static bool wait_round(pid_t child)
{
	double end = now_s() + opt.interval;

	for (;;) {
		struct timespec ts = { 0, 20000000 };
		double left = end - now_s();

		if (stop || child_gone(child))
			return true;
		if (opt.interval && left <= 0)
			return false;
		if (child <= 0 && !opt.interval) {
			pause();
			continue;
		}
		if (opt.interval && left < 0.02)
			ts.tv_nsec = (long)(left * 1e9);
		nanosleep(&ts, NULL);
	}
}

/*
 * -c / -H: enable, then report at each interval, at COMMAND's exit, at
 * Ctrl-C, or after COUNT reports.
 */
static int run_stats(pid_t child)
{
	long round;

	if (control("reset") || control("enable"))
		return 1;
	enabled_by_us = true;
	if (child > 0)
		kill(child, SIGCONT);
	for (round = 1;; round++) {
		bool last = wait_round(child);

		if (last || (opt.count > 0 && round >= opt.count)) {
			control("disable");
			enabled_by_us = false;
			last = true;
		}
		report(round);
		if (last)
			return 0;
	}
}

/* A counter of /proc/syscall_probe/status; -1 if it cannot be read. */
static int64_t status_value(const char *key)
{
	FILE *f = fopen(DIR SYSCALL_PROBE_STATUS, "r");
	char line[256], k[64];
	long long v;
	int64_t ret = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lld", k, &v) == 2 && !strcmp(k, key)) {
			ret = v;
			break;
		}
	fclose(f);
	return ret;
}

/*
 * A lost record reports drops with the next record that fits on that CPU.
 * Drops after the last one that fitted, and records still in the ring when
 * the trace ended, were not shown either: the module's count of records
 * made during this trace tells how many.
 */
static void print_trailing_lost(int64_t generated_before)
{
	int64_t generated = status_value("stream_generated");
	int64_t rest;

	if (generated < 0 || generated_before < 0)
		return;
	rest = generated - generated_before -
	       (int64_t)(seen_events + seen_lost);
	if (rest <= 0)
		return;
	if (opt.json)
		printf("{\"lost\":%" PRId64 ",\"end\":true}\n", rest);
	else
		printf("--- %" PRId64 " events dropped at the end of the trace "
		       "(ring full) ---\n",
		       rest);
	fflush(stdout);
}

static int run_stream(pid_t child)
{
	/* Records are only made while the stream is open (by one reader). */
	int64_t generated = status_value("stream_generated");
	int fd = open(DIR SYSCALL_PROBE_STREAM, O_RDONLY | O_NONBLOCK);
	int ret;

	if (fd < 0) {
		fprintf(stderr, "systrace: %s: %s\n", DIR SYSCALL_PROBE_STREAM,
			strerror(errno));
		return 1;
	}
	if (control("enable")) {
		close(fd);
		return 1;
	}
	enabled_by_us = true;
	if (opt.interval) {
		double t = opt.interval * (opt.count > 0 ? opt.count : 1);
		struct itimerval it = {
			.it_value = { .tv_sec = (time_t)t,
				      .tv_usec = (suseconds_t)((t - (time_t)t) *
							       1e6) }
		};

		setitimer(ITIMER_REAL, &it, NULL);
	}
	if (child > 0)
		kill(child, SIGCONT);
	ret = stream(fd, child);
	close(fd);
	print_trailing_lost(generated);
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		options, parse_opt, "[INTERVAL [COUNT]] [-- COMMAND...]",
		doc,	 NULL,	    NULL,
		NULL
	};
	struct sigaction sa = { .sa_handler = on_signal };
	pid_t child = 0;
	int ret;

	argp_parse(&argp, argc, argv, ARGP_IN_ORDER, NULL, NULL);
	if (access(DIR, F_OK)) {
		fprintf(stderr, "systrace: module not loaded: "
				"sudo insmod modules/syscall_probe/"
				"syscall_probe.ko\n");
		return 1;
	}
	if (load_names() || check_selection())
		return 1;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);
	if (opt.cmd) {
		child = spawn();
		if (child < 0)
			return 1;
	}
	if (control("disable") ||
	    set_filter(child ? child : opt.pid, child || opt.follow)) {
		if (child > 0)
			kill(child, SIGKILL);
		return 1;
	}
	if (opt.summary || opt.hist)
		ret = run_stats(child);
	else
		ret = run_stream(child);
	if (enabled_by_us)
		control("disable");
	control("filter none");
	/* Tracing ended before COMMAND (COUNT, time): it runs on untraced. */
	if (child > 0 && !child_reaped && !stop)
		waitpid(child, NULL, 0);
	return ret;
}
