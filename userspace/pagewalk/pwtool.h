/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pwtool.h - what the files of the pagewalk tool share: the parsed options
 * and one entry point per mode (main.c picks one). Not named pagewalk.h:
 * that is the module's interface, include/pagewalk.h.
 */
#ifndef PWTOOL_H
#define PWTOOL_H

#include <stdio.h>

/* The options, as parsed; read-only once main() has them. */
struct pw_opts {
	int json;
	int raw;
	int tree;
	int dot;
	int svg;
	const char *pid;
	const char *addr;
};

/*
 * xlate.c: the walk of one address @addr of the process open as @fd,
 * as text, JSON or (@dot) Graphviz DOT on @out; 0 or 1 after a message.
 */
int translate(const struct pw_opts *opt, int fd, const char *addr, int dot,
	      FILE *out);

/* listing.c: the address-space summary of @fd, or every leaf (--raw). */
int listing(const struct pw_opts *opt, int fd);

enum pagewalk_tree_fmt {
	PAGEWALK_TREE_TEXT, /* indented text */
	PAGEWALK_TREE_DOT, /* Graphviz DOT */
	PAGEWALK_TREE_JSON, /* nested JSON objects */
};

/*
 * tree.c - "pagewalk --tree": the page-table tree of a process (which
 * PGD/P4D/PUD/PMD slots are used, how many children each table has),
 * rebuilt from the leaf ranges of /proc/pagewalk/<pid>. Read a listing
 * from @in, print its tree to @out; 0 or -1 (errno).
 */
int pagewalk_tree(FILE *in, FILE *out, enum pagewalk_tree_fmt fmt);

/*
 * demo.c - the demo modes: each one sets up memory, reads the real page
 * tables through /proc/pagewalk and checks one claim about virtual memory,
 * printing what it shows and why. Run demo @name (cow, demand, same-va,
 * huge, kernel). Returns 0 when the claim holds, 1 when it does not, 2
 * when the demo cannot run (module not loaded, not root, unknown name).
 * With @json the text is replaced by one JSON object on stdout: the facts,
 * "checks", "claim" and "holds".
 */
int pagewalk_demo(const char *name, int json);

#endif /* PWTOOL_H */
