/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pagewalk_tree.h - "pagewalk --tree": the page-table tree of a process
 * (which PGD/P4D/PUD/PMD slots are used, how many children each table
 * has), rebuilt from the leaf ranges of /proc/pagewalk/<pid>.
 */
#ifndef USERSPACE_PAGEWALK_TREE_H
#define USERSPACE_PAGEWALK_TREE_H

#include <stdio.h>

enum pagewalk_tree_fmt {
	PAGEWALK_TREE_TEXT, /* indented text */
	PAGEWALK_TREE_DOT, /* Graphviz DOT */
	PAGEWALK_TREE_JSON, /* nested JSON objects */
};

/* Read a listing from @in, print its tree to @out; 0 or -1 (errno). */
int pagewalk_tree(FILE *in, FILE *out, enum pagewalk_tree_fmt fmt);

#endif /* USERSPACE_PAGEWALK_TREE_H */
