// SPDX-License-Identifier: GPL-2.0
/*
 * toyvm - the interpreter of the interpreted toy kind (include/toyexec.h).
 *
 * binfmt_demo runs an interpreted toy file as "INTERP FILE ARGS...", like
 * a "#!" script. toyvm checks FILE with the module's rules, then runs the
 * program that follows the 256-byte header: one command per line.
 *
 *   print TEXT     write TEXT and a newline
 *   args           write "argc N", then "argv[i] VALUE" per argument
 *   count A B      write the numbers A to B, one per line
 *   sleep N        sleep N seconds
 *   exit N         stop with exit status N (default at the end: 0)
 *   # ...          a comment; empty lines are skipped
 */
#include <argp.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "toyexec.h"

static const char doc[] =
	"Run the program of an interpreted toy file (normally started by the "
	"kernel: execute the toy file itself).\v"
	"Program lines: print TEXT | args | count A B | sleep N | exit N | # comment\n"
	"EXAMPLES:\n"
	"  ./greet.toy a b          # the kernel runs: toyvm ./greet.toy a b\n"
	"  toyvm ./greet.toy a b    # the same, by hand";

static struct argp_option options[] = { { NULL, 'h', NULL, 0,
					  "Give this help list", -1 },
					{ 0 } };

struct args {
	const char *file;
	int argc;
	char **argv;
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case ARGP_KEY_ARG:
		a->file = arg;
		a->argc = state->argc - state->next + 1;
		a->argv = &state->argv[state->next - 1];
		state->next = state->argc;
		break;
	default:
		/* -h and the check that FILE was given */
		return args_one_operand(key, arg, state, &a->file);
	}
	return 0;
}

static char *load(const char *path, size_t *len)
{
	struct toy_header h;
	enum toy_reason r;
	struct stat st;
	char *prog;
	FILE *f = fopen(path, "rb");

	if (!f || fstat(fileno(f), &st)) {
		fprintf(stderr, "toyvm: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	memset(&h, 0, sizeof(h));
	if (fread(&h, 1, sizeof(h), f) != sizeof(h) ||
	    !toy_is_toy(&h, sizeof(h))) {
		fprintf(stderr, "toyvm: %s: not a toy executable\n", path);
		fclose(f);
		return NULL;
	}
	r = toy_check(&h, st.st_size);
	if (r != TOY_OK || h.kind != TOY_KIND_INTERP) {
		fprintf(stderr,
			"toyvm: %s: not a valid interpreted toy file "
			"(rule %s)\n",
			path, r == TOY_OK ? "kind" : toy_reason_name(r));
		fclose(f);
		return NULL;
	}
	*len = st.st_size - TOY_HEADER_SIZE;
	prog = malloc(*len + 1);
	if (!prog || fread(prog, 1, *len, f) != *len) {
		fprintf(stderr, "toyvm: %s: cannot read the program\n", path);
		free(prog);
		fclose(f);
		return NULL;
	}
	prog[*len] = 0;
	fclose(f);
	return prog;
}

/* Run one line; returns -1 to go on, else the exit status. */
static int run_line(char *line, int lineno, const struct args *a)
{
	long x, y;
	int i;

	if (!*line || *line == '#')
		return -1;
	if (!strncmp(line, "print ", 6) || !strcmp(line, "print")) {
		printf("%s\n", line[5] ? line + 6 : "");
		return -1;
	}
	if (!strcmp(line, "args")) {
		printf("argc %d\n", a->argc);
		for (i = 0; i < a->argc; i++)
			printf("argv[%d] %s\n", i, a->argv[i]);
		return -1;
	}
	if (sscanf(line, "count %ld %ld", &x, &y) == 2) {
		for (; x <= y; x++)
			printf("%ld\n", x);
		return -1;
	}
	if (sscanf(line, "sleep %ld", &x) == 1) {
		fflush(stdout);
		sleep(x);
		return -1;
	}
	if (sscanf(line, "exit %ld", &x) == 1)
		return (int)(x & 255);
	fprintf(stderr, "toyvm: line %d: unknown command: %s\n", lineno, line);
	return 2;
}

int main(int argc, char **argv)
{
	static const struct argp argp = { options, parse_opt, "FILE [ARG...]",
					  doc,	   NULL,      NULL,
					  NULL };
	struct args a = { 0 };
	char *prog, *line, *next;
	int lineno = 0, ret = -1;
	size_t len;

	argp_parse(&argp, argc, argv, ARGP_IN_ORDER, NULL, &a);
	prog = load(a.file, &len);
	if (!prog)
		return 2;
	for (line = prog; line && ret < 0; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		ret = run_line(line, ++lineno, &a);
	}
	free(prog);
	fflush(stdout);
	return ret < 0 ? 0 : ret;
}
