// SPDX-License-Identifier: GPL-2.0
/*
 * stream.c - systrace's live stream, like strace: each record of
 * /proc/syscall_probe/stream as a line (name, arguments and return value
 * decoded by decode.c, duration, entry gate) or JSON, and the events the
 * full ring dropped, reported by lost records and counted at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "systrace.h"

static void print_json_line(FILE *out, json_object *o)
{
	fprintf(out, "%s\n",
		json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
}

/* A second capture: a string, or a string array's entries as an array. */
static json_object *capture_json(const struct capture *k)
{
	const char *s = k->bytes, *end = k->bytes + k->len, *nul;
	json_object *a;

	if (!k->list)
		return json_object_new_string_len(k->bytes, (int)k->len);
	a = json_object_new_array();
	while (s < end) {
		nul = memchr(s, '\0', (size_t)(end - s));
		if (!nul)
			nul = end;
		json_object_array_add(
			a, json_object_new_string_len(s, (int)(nul - s)));
		s = nul + 1;
	}
	return a;
}

/*
 * The raw values (args: all six registers in hex, ret, errno) and, since
 * decoding, what the text line shows: args_decoded (one string per
 * argument the call has) and ret_decoded. With a capture, str_arg (the
 * argument it belongs to), str (the bytes, as a JSON string: a buffer in
 * full as captured, whatever -s says) and str_cut (it went on); with a
 * second one, str2_arg, str2 (a string, or execve's argv entries as an
 * array) and str2_cut.
 */
static void print_record_json(FILE *out, const struct syscall_probe_record *r,
			      const struct call *c)
{
	json_object *o = json_object_new_object();
	json_object *args = json_object_new_array();
	json_object *dec = json_object_new_array();
	char text[ARG_TEXT];
	int i, n = call_nargs(c);

	for (i = 0; i < 6; i++) {
		snprintf(text, sizeof(text), "%#" PRIx64, (uint64_t)r->args[i]);
		json_object_array_add(args, json_object_new_string(text));
	}
	for (i = 0; i < n; i++) {
		format_arg(c, i, text, sizeof(text));
		json_object_array_add(dec, json_object_new_string(text));
	}
	json_object_object_add(o, "ts_ns", json_object_new_uint64(r->ts_ns));
	json_object_object_add(o, "pid", json_object_new_int(r->pid));
	json_object_object_add(o, "tgid", json_object_new_int(r->tgid));
	json_object_object_add(o, "comm", json_object_new_string(r->comm));
	json_object_object_add(o, "name", json_object_new_string(c->name));
	json_object_object_add(o, "nr", json_object_new_int(r->nr));
	json_object_object_add(o, "abi",
			       json_object_new_string(abi_name(r->abi)));
	json_object_object_add(o, "args", args);
	json_object_object_add(o, "args_decoded", dec);
	if (c->str) {
		json_object_object_add(o, "str_arg",
				       json_object_new_int(c->str->arg));
		json_object_object_add(
			o, "str",
			json_object_new_string_len(c->str->bytes,
						   (int)c->str->len));
		json_object_object_add(o, "str_cut",
				       json_object_new_boolean(c->str->cut));
	}
	if (c->str2) {
		json_object_object_add(o, "str2_arg",
				       json_object_new_int(c->str2->arg));
		json_object_object_add(o, "str2", capture_json(c->str2));
		json_object_object_add(o, "str2_cut",
				       json_object_new_boolean(c->str2->cut));
	}
	if (r->flags & SYSCALL_PROBE_REC_NORETURN) {
		json_object_object_add(o, "noreturn",
				       json_object_new_boolean(1));
	} else {
		json_object_object_add(o, "ret", json_object_new_int64(r->ret));
		if (r->ret < 0 && r->ret >= -4095)
			json_object_object_add(
				o, "errno",
				json_object_new_string(errno_name(-r->ret)));
		format_ret(c->name, r->ret, text, sizeof(text));
		json_object_object_add(o, "ret_decoded",
				       json_object_new_string(text));
		json_object_object_add(o, "duration_ns",
				       json_object_new_uint64(r->duration_ns));
	}
	print_json_line(out, o);
}

/* A lost record: @n events dropped on CPU @cpu before the next one. */
static void print_lost(const struct trace *t, uint64_t n, unsigned int cpu)
{
	json_object *o;

	if (!t->opt->json) {
		fprintf(t->out,
			"--- %" PRIu64
			" events dropped on CPU %u (ring full) ---\n",
			n, cpu);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "lost", json_object_new_uint64(n));
	json_object_object_add(o, "cpu", json_object_new_uint64(cpu));
	print_json_line(t->out, o);
}

/*
 * One call as strace prints it with -f and -T, with the entry gate after
 * the pid: 209     64   openat(AT_FDCWD, "/etc/ld.so.cache",
 * O_RDONLY|O_CLOEXEC) = 3 <0.000045>; exit and exit_group end in "= ?".
 */
static void print_call(FILE *out, const struct syscall_probe_record *r,
		       const struct call *c)
{
	char text[ARG_TEXT];
	int i, n = call_nargs(c);

	fprintf(out, "%-7u %-4s %s(", r->pid, abi_name(r->abi), c->name);
	for (i = 0; i < n; i++) {
		format_arg(c, i, text, sizeof(text));
		fprintf(out, "%s%s", i ? ", " : "", text);
	}
	if (r->flags & SYSCALL_PROBE_REC_NORETURN) {
		fprintf(out, ") = ?\n");
		return;
	}
	format_ret(c->name, r->ret, text, sizeof(text));
	fprintf(out, ") = %s <%.6f>\n", text, r->duration_ns / 1e9);
}

static void print_record(struct trace *t, const struct syscall_probe_record *r)
{
	char buf[32];
	uint64_t args[6];
	struct call c = { .abi = r->abi,
			  .args = args,
			  .strsize = t->opt->strsize };
	struct capture str, str2;
	int i;

	c.name = nr_name(t->names, r->abi, r->nr, buf, sizeof(buf));
	if (r->flags & SYSCALL_PROBE_REC_LOST) {
		t->seen_lost += r->args[0];
		print_lost(t, r->args[0], r->cpu);
		return;
	}
	t->seen_events++;
	if (!selected(t->opt, c.name))
		return;
	for (i = 0; i < 6; i++)
		args[i] = r->args[i];
	if (r->str_arg < 6) {
		str = (struct capture){
			.arg = r->str_arg,
			.bytes = r->str,
			.len = r->str_len < sizeof(r->str) ? r->str_len :
							     sizeof(r->str),
			.cut = !!(r->str_flags & SYSCALL_PROBE_STR_CUT),
			.buf = !!(r->str_flags & SYSCALL_PROBE_STR_BUF),
		};
		c.str = &str;
		if (r->str2_arg < 6 &&
		    str.len + 1 + r->str2_len <= sizeof(r->str)) {
			str2 = (struct capture){
				.arg = r->str2_arg,
				.bytes = r->str + str.len + 1,
				.len = r->str2_len,
				.cut = !!(r->str2_flags &
					  SYSCALL_PROBE_STR_CUT),
				.list = !!(r->str2_flags &
					   SYSCALL_PROBE_STR_LIST),
			};
			c.str2 = &str2;
		}
	}
	if (t->opt->json)
		print_record_json(t->out, r, &c);
	else
		print_call(t->out, r, &c);
}

static int by_ts(const void *a, const void *b)
{
	const struct syscall_probe_record *x = a, *y = b;

	return x->ts_ns < y->ts_ns ? -1 : x->ts_ns > y->ts_ns;
}

/* Reads the stream until a signal, or until COMMAND is gone. */
static int stream(struct trace *t, int fd)
{
	struct syscall_probe_record buf[256];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	bool draining = false;

	for (;;) {
		ssize_t n;
		int i;

		if (!draining && (stopped() || child_gone(t))) {
			disable(t);
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
			print_record(t, &buf[i]);
		fflush(t->out);
	}
}

/*
 * A lost record reports drops with the next record that fits on that CPU.
 * Drops after the last one that fitted, and records still in the ring when
 * the trace ended, were not shown either: the module's count of records
 * made during this trace tells how many.
 */
static void print_trailing_lost(struct trace *t, int64_t generated_before)
{
	int64_t generated = procfs_value(&sys_module, SYSCALL_PROBE_STATUS,
					 "stream_generated");
	int64_t rest;
	json_object *o;

	if (generated < 0 || generated_before < 0)
		return;
	rest = generated - generated_before -
	       (int64_t)(t->seen_events + t->seen_lost);
	if (rest <= 0)
		return;
	if (t->opt->json) {
		o = json_object_new_object();
		json_object_object_add(o, "lost", json_object_new_int64(rest));
		json_object_object_add(o, "end", json_object_new_boolean(1));
		print_json_line(t->out, o);
	} else {
		fprintf(t->out,
			"--- %" PRId64 " events dropped at the end of the "
			"trace (ring full) ---\n",
			rest);
	}
	fflush(t->out);
}

/* The stream's time limit: INTERVAL x COUNT (SIGALRM ends the trace). */
static void set_limit(const struct opts *opt)
{
	double s = opt->interval * (opt->count > 0 ? opt->count : 1);
	struct itimerval it = {
		.it_value = { .tv_sec = (time_t)s,
			      .tv_usec = (suseconds_t)((s - (time_t)s) * 1e6) }
	};

	setitimer(ITIMER_REAL, &it, NULL);
}

int run_stream(struct trace *t)
{
	/* Records are only made while the stream is open (by one reader). */
	int64_t generated = procfs_value(&sys_module, SYSCALL_PROBE_STATUS,
					 "stream_generated");
	char path[128];
	int fd, ret;

	procfs_path(&sys_module, SYSCALL_PROBE_STREAM, path, sizeof(path));
	fd = open(path, O_RDONLY | O_NONBLOCK);
	if (fd < 0) {
		fprintf(stderr, "systrace: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (control("enable")) {
		close(fd);
		return 1;
	}
	t->enabled = true;
	if (t->opt->interval)
		set_limit(t->opt);
	if (t->child > 0)
		kill(t->child, SIGCONT);
	ret = stream(t, fd);
	close(fd);
	print_trailing_lost(t, generated);
	return ret ? 1 : 0;
}
