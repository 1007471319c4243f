// SPDX-License-Identifier: GPL-2.0
/*
 * pagewalk - explain the page tables of a process, from /proc/pagewalk
 * (modules/pagewalk).
 *
 *   pagewalk PID          address-space summary: per VMA the present 4 KiB
 *                         pages, huge leaves, zero-page, PROT_NONE and
 *                         swapped pages; page-table overhead
 *   pagewalk PID ADDR     the walk of one address, level by level
 *                         (ioctl PAGEWALK_IOC_XLATE, include/pagewalk.h)
 *   pagewalk --raw PID    one line per leaf entry, unmerged
 *   pagewalk --tree PID   the page-table tree (tree.c)
 *   --dot, --svg          the tree or a translation as Graphviz DOT or SVG
 *   pagewalk demo NAME    prove a claim on the live kernel: cow, demand,
 *                         same-va, huge, kernel (demo.c)
 *   --json                the same as JSON, in every mode (--raw and the
 *                         demos too)
 *
 * main.c: the options and the choice of mode; the summary and --raw are
 * in listing.c, one address in xlate.c.
 */
#include <argp.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lkm_suite.h"
#include "pwtool.h"

static const char doc[] =
	"Show how a process's virtual memory is mapped by its page tables.\v"
	"Needs the module: sudo insmod modules/pagewalk/pagewalk.ko\n"
	"Frames are shown to root (CAP_SYS_ADMIN) only.\n\n"
	"EXAMPLES:\n"
	"    pagewalk $$                 # summary of this shell\n"
	"    pagewalk 1234 0x7ffd1000    # walk one address of PID 1234\n"
	"    pagewalk --raw self         # every leaf entry of pagewalk itself\n"
	"    pagewalk --json 1234        # the summary as JSON\n"
	"    pagewalk --tree 1234        # used slots of each table\n"
	"    pagewalk --svg 1234 > t.svg # the tree as a picture\n"
	"    pagewalk --svg 1234 0x7ffd1000 > walk.svg\n"
	"    sudo pagewalk demo cow      # fork shares frames until a write\n"
	"    sudo pagewalk --json demo cow  # the same, measured facts as JSON\n"
	"    pagewalk --raw --json 1234  # every leaf entry as JSON";

static struct argp_option options[] = {
	{ "json", 'j', NULL, 0, "Print JSON", 0 },
	{ "raw", 'r', NULL, 0, "One line per leaf entry, unmerged", 0 },
	{ "tree", 't', NULL, 0, "The page-table tree (used slots per table)",
	  0 },
	{ "dot", 'd', NULL, 0, "The tree or a translation as Graphviz DOT", 0 },
	{ "svg", 's', NULL, 0,
	  "SVG: the tree through dot; a translation as its bit fields", 0 },
	{ NULL, 'h', NULL, 0, "Give this help list", -1 },
	{ 0 }
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct pw_opts *opt = state->input;

	switch (key) {
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		break;
	case 'j':
		opt->json = 1;
		break;
	case 'r':
		opt->raw = 1;
		break;
	case 't':
		opt->tree = 1;
		break;
	case 'd':
		opt->dot = 1;
		break;
	case 's':
		opt->svg = 1;
		break;
	case ARGP_KEY_ARG:
		if (!opt->pid)
			opt->pid = arg;
		else if (!opt->addr)
			opt->addr = arg;
		else
			argp_usage(state);
		break;
	case ARGP_KEY_END:
		if (!opt->pid)
			argp_usage(state);
		break;
	default:
		return ARGP_ERR_UNKNOWN;
	}
	return 0;
}

static const struct argp argp = {
	options, parse_opt, "PID [ADDR]\ndemo cow|demand|same-va|huge|kernel",
	doc,	 NULL,	    NULL,
	NULL
};

/* Open /proc/pagewalk/PID with an error that says what to do. */
static int open_entry(const char *pid)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/%s", PAGEWALK_PROC_DIR, pid);
	fd = open(path, O_RDONLY);
	if (fd >= 0)
		return fd;
	if (access("/proc/" PAGEWALK_PROC_DIR, F_OK))
		fprintf(stderr,
			"module not loaded: sudo insmod modules/pagewalk/pagewalk.ko\n");
	else if (errno == EINVAL)
		fprintf(stderr,
			"%s is a kernel thread: it has no user address space\n",
			pid);
	else if (errno == ENOENT || errno == ESRCH)
		fprintf(stderr, "no such process: %s\n", pid);
	else if (errno == EACCES)
		fprintf(stderr,
			"%s: permission denied (needs ptrace read access, as /proc/PID/pagemap)\n",
			pid);
	else
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
	exit(1);
}

static int tree(const struct pw_opts *opt, int fd, int dot, FILE *out)
{
	FILE *in = fdopen(fd, "r");
	enum pagewalk_tree_fmt fmt = dot       ? PAGEWALK_TREE_DOT :
				     opt->json ? PAGEWALK_TREE_JSON :
						 PAGEWALK_TREE_TEXT;

	if (!in || pagewalk_tree(in, out, fmt)) {
		fprintf(stderr, "tree: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	FILE *out = stdout, *svg = NULL;
	struct pw_opts opt = { 0 };
	int fd, ret, dot;

	argp_parse(&argp, argc, argv, 0, NULL, &opt);
	dot = opt.dot || opt.svg; /* --svg: the DOT, through dot -Tsvg */
	if (!strcmp(opt.pid, "demo")) {
		if (!opt.addr) {
			fprintf(stderr, "usage: pagewalk demo "
					"cow|demand|same-va|huge|kernel\n");
			return 2;
		}
		return pagewalk_demo(opt.addr, opt.json);
	}
	fd = open_entry(opt.pid);
	if (opt.svg && !opt.addr) { /* a translation is drawn without dot */
		svg = popen("dot -Tsvg", "w");
		if (!svg) {
			fprintf(stderr, "dot: %s (apt-get install graphviz)\n",
				strerror(errno));
			return 1;
		}
		out = svg;
	}
	if (opt.addr)
		ret = translate(&opt, fd, opt.addr, dot, out);
	else if (opt.tree || dot)
		ret = tree(&opt, fd, dot, out);
	else
		ret = listing(&opt, fd);
	if (svg && pclose(svg)) {
		fprintf(stderr, "dot failed (is graphviz installed?)\n");
		ret = 1;
	}
	return ret;
}
