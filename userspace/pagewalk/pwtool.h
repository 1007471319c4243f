/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pwtool.h - what the files of the pagewalk tool share: the parsed options
 * and one entry point per mode (main.c picks one). Not named pagewalk.h:
 * that is the module's interface, include/pagewalk.h.
 */
#ifndef PWTOOL_H
#define PWTOOL_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/*
 * What a listing line and an entry say, on each architecture: a present
 * leaf is "present" on x86 and "valid" on arm64; the user bit is bit 2
 * (U/S) on x86 and AP[1] (bit 6) on arm64; a huge leaf has PS (bit 7) on
 * x86 and is a block descriptor (bits 1:0 = 01) on arm64; writable is RW
 * (bit 1) on x86, AP[2] clear or DBM set on arm64.
 */
static inline int pw_line_present(const char *line)
{
	return strstr(line, " present") || strstr(line, " valid ");
}

/*
 * The register that holds the top table's physical address for the
 * address @va: CR3 on x86 (one tree, the kernel half included); on arm64
 * TTBR1_EL1 when bit 55 is set (the kernel half), else TTBR0_EL1.
 */
#ifdef __aarch64__
#define PW_TOP_REG(va) (((uint64_t)(va) >> 55) & 1 ? "TTBR1_EL1" : "TTBR0_EL1")
#else
#define PW_TOP_REG(va) ((void)(va), "CR3")
#endif

#ifdef __aarch64__
#define PW_ENTRY_USER(e) (((e) >> 6) & 1)
#define PW_ENTRY_BLOCK(e) (((e)&3) == 1)
/* writable: AP[2] clear, or DBM (the MMU clears AP[2] on the first write) */
#define PW_ENTRY_WRITABLE(e) (!(((e) >> 7) & 1) || (((e) >> 51) & 1))
#else
#define PW_ENTRY_USER(e) (((e) >> 2) & 1)
#define PW_ENTRY_BLOCK(e) (((e) >> 7) & 1)
#define PW_ENTRY_WRITABLE(e) (((e) >> 1) & 1)
#endif

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

/*
 * draw_xlate.c: the walk @x as an SVG picture on @out (--svg PID ADDR),
 * with the level names and the text of the stop reason of xlate.c; 0 or 1.
 */
struct pagewalk_xlate;
int draw_xlate(FILE *out, const struct pagewalk_xlate *x,
	       const char *const *level_names, const char *stop);

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
