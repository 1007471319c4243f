// SPDX-License-Identifier: GPL-2.0
/*
 * schedscope - show how the CPU is shared, from the sched_probe module's
 * /proc/sched_probe/ files: a top-like table of tasks (voluntary and
 * involuntary switches, run time, timeslices, run-queue waits), log2
 * histograms, per-CPU timelines (terminal lanes or SVG) and "explain",
 * which compares measured timeslices with the scheduler's own knobs.
 *
 * main.c: the options and the choice of command; each command has its file
 * (top.c, hist.c, timeline.c, explain.c).
 */
#include <argp.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "schedscope.h"

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

static const char *const commands[] = {
	[CMD_TOP] = "top",
	[CMD_HIST] = "hist",
	[CMD_TIMELINE] = "timeline",
	[CMD_EXPLAIN] = "explain",
};

/* The first argument may name the command; top takes two numbers. */
static void argument(struct env *env, char *arg, struct argp_state *state)
{
	int c;

	for (c = 0; env->nargs == 0 && c <= CMD_EXPLAIN; c++)
		if (!strcmp(arg, commands[c])) {
			env->cmd = c;
			env->nargs++;
			return;
		}
	if (env->cmd == CMD_TOP && !env->interval)
		env->interval = number(arg, state, 1, 86400);
	else if (env->cmd == CMD_TOP && env->count < 0)
		env->count = number(arg, state, 1, LONG_MAX);
	else
		argp_error(state, "unexpected argument: %s", arg);
	env->nargs++;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct env *env = state->input;
	char *end;

	switch (key) {
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		break;
	case 'p':
		env->pid = number(arg, state, 1, 4194304);
		break;
	case 'c':
		env->comm = arg;
		break;
	case 'j':
		env->json = true;
		break;
	case 'r':
		env->rows = number(arg, state, 1, 1000000);
		break;
	case 'n':
		env->ntasks = number(arg, state, 1, MAX_HOGS);
		break;
	case 'C':
		env->cpu = number(arg, state, 0, CPU_SETSIZE - 1);
		break;
	case 'd':
		env->duration = strtod(arg, &end);
		if (*end || env->duration <= 0 || env->duration > 3600)
			argp_error(state, "invalid duration: %s", arg);
		break;
	case 'w':
		env->width = number(arg, state, 10, 1000);
		break;
	case 'o':
		env->svg = arg;
		break;
	case 'J':
		env->save_json = arg;
		break;
	case ARGP_KEY_ARG:
		argument(env, arg, state);
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
	struct env env = { .pid = -1,
			   .rows = 20,
			   .ntasks = 2,
			   .cpu = -1,
			   .width = 72,
			   .count = -1 };
	int err = argp_parse(&argp, argc, argv, 0, NULL, &env);

	if (err)
		return err;
	switch (env.cmd) {
	case CMD_HIST:
		return cmd_hist(&env);
	case CMD_TIMELINE:
		return cmd_timeline(&env);
	case CMD_EXPLAIN:
		return cmd_explain(&env);
	default:
		return cmd_top(&env);
	}
}
