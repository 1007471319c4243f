// SPDX-License-Identifier: GPL-2.0
/*
 * systrace - system calls per process, from the syscall_probe module
 * (/proc/syscall_probe/): a summary like strace -c, log2 latency histograms,
 * or a live stream like strace, with the entry gate (64: syscall
 * instruction, ia32: int $0x80, x32) shown everywhere.
 *
 * The tool drives /proc/syscall_probe/control (filter, reset, enable) and
 * disables tracing again when it ends. Needs root.
 *
 * main.c: the options and the course of a trace; control.c drives the
 * module and COMMAND, summary.c makes -c and -H, stream.c the live stream.
 */
#include <argp.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "systrace.h"

static const char doc[] =
	"System calls per process, from the syscall_probe module.\n"
	"\n"
	"Without -c or -H: a live stream like strace -f -T: pid, entry gate,\n"
	"name, the arguments decoded (fds in decimal, AT_FDCWD, flags by\n"
	"name such as O_RDONLY|O_CLOEXEC, PROT_*, MAP_*, CLONE_*, signals,\n"
	"pointers in hex; a path (both of rename, link, symlink), execve's\n"
	"argv and the first bytes of write's buffer, as strace quotes them:\n"
	"\"/etc/ld.so.cache\", [\"ls\", \"-l\"], \"hello\\n\"), the return\n"
	"value (an address in hex, an error as -1 ENOENT (No such file or\n"
	"directory)) and the duration.\n"
	"With -c: a summary like strace -c; with -H: a log2 latency histogram\n"
	"per system call; both on stderr (or in -o FILE), apart from the\n"
	"output of COMMAND. INTERVAL [COUNT]: print every INTERVAL seconds,\n"
	"COUNT times (each summary holds that interval's calls; max is the\n"
	"longest call since the start). With COMMAND too: a summary every\n"
	"INTERVAL while it runs and a last one when it exits. In the stream,\n"
	"INTERVAL times COUNT is how long to trace. COMMAND: start it, trace\n"
	"it and its children (also once they are reparented; -f is implied),\n"
	"stop with it. The abi column tells the syscall instruction (64) from\n"
	"int $0x80 (ia32) and x32. When the stream's ring is full, events are\n"
	"dropped and a line says how many (calls of the traced processes, -e\n"
	"or not); at the end, a last line counts the events dropped after the\n"
	"last one that fitted.\n"
	"\v"
	"-e takes names and strace's classes, with or without trace= and %:\n"
	"file (calls with a path argument), desc (with an fd argument),\n"
	"process, network, memory, signal, ipc; all.\n"
	"\n"
	"EXAMPLES:\n"
	"    systrace -- /bin/true          # every call of true, like strace -f\n"
	"    systrace -o t.txt -- ls /      # the trace in t.txt, ls's output apart\n"
	"    systrace -e trace=file,mmap -- ls   # calls with a path, and mmap\n"
	"    systrace -e %network -p 1234   # network calls of PID 1234\n"
	"    systrace -c -- ls /            # summary of ls on stderr, like strace -c\n"
	"    systrace -c -o sum.txt -- ls / # the summary in sum.txt\n"
	"    systrace -c -p 1234 5 1        # summary of PID 1234 over 5 s\n"
	"    systrace -e openat,read -- cat /etc/hostname   # live stream\n"
	"    systrace -H -e getppid 1 3     # latency histograms, 3 times\n"
	"    systrace -H --svg h.svg -- ls  # histograms, also as a picture\n"
	"    systrace -c 2 -- make          # a summary every 2 s of make\n"
	"    systrace -c -P --json 1 1      # per process, JSON\n"
	"    systrace --json -- /bin/true   # the stream as JSON, one call a line\n";

/* Keys of the options without a short form. */
enum { KEY_SVG = 0x100 };

static const struct argp_option options[] = {
	{ "summary", 'c', NULL, 0, "Summary: calls, errors, time (stderr)", 0 },
	{ "histogram", 'H', NULL, 0, "Log2 latency histogram per call", 0 },
	{ "pid", 'p', "PID", 0, "Trace this process only", 0 },
	{ "follow", 'f', NULL, 0,
	  "With -p: follow its children too (always with COMMAND)", 0 },
	{ "per-process", 'P', NULL, 0, "With -c/-H: one table per process", 0 },
	{ "expr", 'e', "[trace=]SET", 0,
	  "Only these system calls: NAME,... and classes (%file, ...)", 0 },
	{ "output", 'o', "FILE", 0, "Write the stream or the reports to FILE",
	  0 },
	{ "string-limit", 's', "N", 0,
	  "Show at most N bytes of a buffer argument or of an argv entry "
	  "(default 32)",
	  0 },
	{ "syscall-times", 'T', NULL, 0,
	  "Time spent in each call (strace -T; always shown)", 0 },
	{ "json", 'j', NULL, 0, "JSON output", 0 },
	{ "svg", KEY_SVG, "FILE", 0,
	  "With -H: also draw the histograms in FILE", 0 },
	{ NULL, 'h', NULL, 0, "Give this help list", -1 },
	{ 0 }
};

/*
 * -e [trace=]NAME|CLASS,...: as strace's -e trace=; "all" selects every
 * call. Other strace qualifiers (abbrev=, raw=, ...) are not supported.
 */
static void add_selection(struct opts *opt, char *list,
			  struct argp_state *state)
{
	char *tok, *save = NULL, *eq = strchr(list, '=');
	unsigned int bit;

	if (eq) {
		if (strncmp(list, "trace=", 6))
			argp_error(state, "-e %.*s: only trace= is supported",
				   (int)(eq - list), list);
		list = eq + 1;
	}
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		bit = class_bit(tok);
		if (!strcmp(tok, "all") || !strcmp(tok, "%all"))
			opt->all = true;
		else if (bit)
			opt->classes |= bit;
		else if (*tok == '%')
			argp_error(state, "unknown class: %s", tok);
		else if (opt->nsel == MAX_SEL)
			argp_error(state, "at most %d names with -e", MAX_SEL);
		else
			opt->sel[opt->nsel++] = tok;
	}
}

/* INTERVAL, COUNT, or after --, COMMAND. */
static void argument(struct opts *opt, char *arg, struct argp_state *state)
{
	char *end;

	if (state->quoted) {
		opt->cmd = &state->argv[state->next - 1];
		state->next = state->argc;
		return;
	}
	errno = 0;
	if (!opt->interval) {
		opt->interval = strtod(arg, &end);
		if (errno || *end || opt->interval <= 0)
			argp_error(state, "invalid interval: %s", arg);
	} else if (opt->count < 0) {
		opt->count = strtol(arg, &end, 10);
		if (errno || *end || opt->count <= 0)
			argp_error(state, "invalid count: %s", arg);
	} else {
		argp_error(state, "unexpected argument: %s", arg);
	}
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct opts *opt = state->input;
	char *end;

	switch (key) {
	case 'c':
		opt->summary = true;
		break;
	case 'H':
		opt->hist = true;
		break;
	case 'p':
		errno = 0;
		opt->pid = strtol(arg, &end, 10);
		if (errno || *end || opt->pid <= 0)
			argp_error(state, "invalid PID: %s", arg);
		break;
	case 'f':
		opt->follow = true;
		break;
	case 'P':
		opt->per_process = true;
		break;
	case 'e':
		add_selection(opt, arg, state);
		break;
	case 'j':
		opt->json = true;
		break;
	case 'o':
		opt->output = arg;
		break;
	case 'T':
		break;
	case 's':
		errno = 0;
		opt->strsize = strtoul(arg, &end, 10);
		if (errno || *end || !*arg || *arg == '-')
			argp_error(state, "invalid string size: %s", arg);
		break;
	case KEY_SVG:
		opt->svg = arg;
		break;
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		break;
	case ARGP_KEY_ARG:
		argument(opt, arg, state);
		break;
	case ARGP_KEY_END:
		if (opt->cmd && opt->pid)
			argp_error(state, "-p and COMMAND exclude each other");
		if (opt->svg && !opt->hist)
			argp_error(state, "--svg needs -H");
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

/* Filter, trace, report; then tracing off and the filter cleared. */
static int trace(struct trace *t)
{
	const struct opts *opt = t->opt;
	int ret;

	if (opt->cmd) {
		t->child = spawn(opt->cmd);
		if (t->child < 0)
			return 1;
	}
	if (control("disable") || set_filter(t->child ? t->child : opt->pid,
					     t->child || opt->follow)) {
		if (t->child > 0)
			kill(t->child, SIGKILL);
		return 1;
	}
	if (opt->summary || opt->hist)
		ret = run_stats(t);
	else
		ret = run_stream(t);
	if (t->enabled)
		control("disable");
	control("filter none");
	/* Tracing ended before COMMAND (COUNT, time): it runs on untraced. */
	if (t->child > 0 && !t->child_reaped && !stopped())
		waitpid(t->child, NULL, 0);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct argp argp = {
		options, parse_opt, "[INTERVAL [COUNT]] [-- COMMAND...]",
		doc,	 NULL,	    NULL,
		NULL
	};
	struct opts opt = { .count = -1, .strsize = 32 };
	struct names *names;
	struct trace t = { 0 };
	int ret;

	argp_parse(&argp, argc, argv, ARGP_IN_ORDER, NULL, &opt);
	if (!procfs_loaded(&sys_module)) {
		procfs_not_loaded(&sys_module);
		return 1;
	}
	names = calloc(1, sizeof(*names));
	if (!names) {
		perror("systrace");
		return 1;
	}
	if (load_names(names) || check_selection(&opt, names))
		return 1;
	t.out = opt.output ? fopen(opt.output, "we") :
		(opt.summary || opt.hist) && !opt.json ? stderr :
							 stdout;
	if (!t.out) {
		fprintf(stderr, "systrace: %s: %s\n", opt.output,
			strerror(errno));
		return 1;
	}
	catch_signals();
	t.opt = &opt;
	t.names = names;
	ret = trace(&t);
	if (opt.output && fclose(t.out)) {
		fprintf(stderr, "systrace: %s: %s\n", opt.output,
			strerror(errno));
		ret = 1;
	}
	return ret;
}
