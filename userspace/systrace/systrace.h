/* SPDX-License-Identifier: GPL-2.0 */
/*
 * systrace.h - what the files of systrace share: the parsed options, the
 * names of the system calls, the state of one trace and the summary rows.
 */
#ifndef SYSTRACE_H
#define SYSTRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "decode.h"
#include "lkm_hist.h"
#include "lkm_suite.h"
#include "procfs.h"
#include "syscall_probe.h"

#define MAX_NR 1024
#define MAX_SEL 64

/* strace's classes of system calls, for -e trace=%file,... */
enum {
	CLASS_FILE = 1,
	CLASS_DESC = 2,
	CLASS_PROCESS = 4,
	CLASS_NETWORK = 8,
	CLASS_MEMORY = 16,
	CLASS_SIGNAL = 32,
	CLASS_IPC = 64,
};

/* The options, as parsed; read-only once main() has them. */
struct opts {
	bool summary, hist, json, follow, per_process;
	bool all; /* -e all: as if no -e */
	pid_t pid;
	char *sel[MAX_SEL]; /* -e names */
	int nsel;
	unsigned int classes; /* -e classes, CLASS_* */
	unsigned int strsize; /* -s */
	const char *output; /* -o */
	double interval;
	long count;
	char **cmd;
	const char *svg;
};

/* The names of /proc/syscall_probe/syscalls, by [abi - 1][nr]. */
struct names {
	char *name[3][MAX_NR];
};

/* One trace: what the options ask for and where it stands. */
struct trace {
	const struct opts *opt;
	const struct names *names;
	/*
	 * Where the reports go: -o FILE; else the stream and JSON to stdout,
	 * the -c/-H tables to stderr (as strace -c), apart from COMMAND's
	 * own output.
	 */
	FILE *out;
	pid_t child; /* COMMAND, or 0 */
	bool child_reaped; /* COMMAND has exited and was waited for */
	bool enabled; /* tracing was enabled by us, not yet disabled */
	/* Stream records read: events (any call, shown or not), lost counts */
	uint64_t seen_events, seen_lost;
};

/* One row of the summary: per (tgid, abi, name), tgid -1 system-wide. */
struct agg {
	int tgid;
	char comm[32];
	char name[64];
	char abi[8];
	int nr;
	uint64_t calls, errors, total_ns, max_ns;
	uint64_t hist[LKM_HIST_SLOTS];
};

struct aggs {
	struct agg *a;
	size_t n, cap;
};

extern const struct procfs_module sys_module;

/* names.c */
int load_names(struct names *names);
const char *nr_name(const struct names *names, int abi, int nr, char *buf,
		    size_t len);
const char *abi_name(int abi);
unsigned int class_bit(const char *word);
bool selected(const struct opts *opt, const char *name);
int check_selection(const struct opts *opt, const struct names *names);

/* control.c: the module's control file, COMMAND, signals */
int control(const char *cmd);
int set_filter(pid_t pid, bool children);
void disable(struct trace *t);
void catch_signals(void);
bool stopped(void);
pid_t spawn(char **cmd);
bool child_gone(struct trace *t);
bool wait_round(struct trace *t);

/* summary.c: -c and -H */
int run_stats(struct trace *t);

/* draw.c: -H --svg */
void write_svg(const char *path, const struct aggs *aggs);

/* stream.c: the live stream */
int run_stream(struct trace *t);

#endif /* SYSTRACE_H */
