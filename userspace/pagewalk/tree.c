// SPDX-License-Identifier: GPL-2.0
/*
 * tree.c - rebuild the page-table tree of a process from the leaf
 * ranges of /proc/pagewalk/<pid> and print it as text, Graphviz DOT or
 * JSON. Every leaf gives the table slot it occupies at each level (the
 * index bits of its address), so the tables holding at least one leaf and
 * their used slots are exactly known. Tables whose 512 entries are all
 * empty (left behind by MADV_DONTNEED or a partial munmap until the VMA
 * goes) hold no leaf and cannot be placed in the tree from the listing;
 * they are counted per level: the header's "# tables" (every table in
 * use) minus the tables drawn.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "pwtool.h"

struct leaf {
	unsigned short idx[5]; /* slot at each level, top first */
	unsigned char depth; /* number of levels down to the leaf */
};

struct tree {
	struct leaf *v;
	size_t n, cap;
	int levels;
	const char *names[5];
	FILE *out;
	enum pagewalk_tree_fmt fmt;
	unsigned long next_id;
	long drawn[5]; /* tables drawn per level, top (PGD) first */
	long in_use[5]; /* the header's "# tables", -1 when absent */
};

static const int shift5[] = { 48, 39, 30, 21, 12 };
static const int shift4[] = { 39, 30, 21, 12 };

static int add_leaf(struct tree *t, unsigned long addr, int depth)
{
	const int *sh = t->levels == 5 ? shift5 : shift4;
	struct leaf *l;
	int i;

	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 4096;
		t->v = realloc(t->v, t->cap * sizeof(*t->v));
		if (!t->v)
			return -1;
	}
	l = &t->v[t->n++];
	memset(l, 0, sizeof(*l));
	for (i = 0; i < depth; i++)
		l->idx[i] = (addr >> sh[i]) & 511;
	l->depth = depth;
	return 0;
}

/* One range line: a leaf per page (pte) or per huge page (pmd, pud). */
static int add_range(struct tree *t, const char *line)
{
	unsigned long s, e, a, step;
	char size[16], level[8];
	int depth;

	if (sscanf(line, "0x%lx-0x%lx %15s %7s", &s, &e, size, level) != 4)
		return 0;
	depth = t->levels;
	step = 1UL << 12;
	if (!strcmp(level, "pmd")) {
		depth--;
		step = 1UL << 21;
	} else if (!strcmp(level, "pud")) {
		depth -= 2;
		step = 1UL << 30;
	}
	for (a = s; a < e; a += step)
		if (add_leaf(t, a, depth))
			return -1;
	return 0;
}

/* Leaves [lo, hi) share slots above level @d; the slot groups at @d. */
static size_t group_end(struct tree *t, size_t lo, size_t hi, int d)
{
	size_t j = lo;

	while (j < hi && t->v[j].idx[d] == t->v[lo].idx[d])
		j++;
	return j;
}

static size_t count_slots(struct tree *t, size_t lo, size_t hi, int d)
{
	size_t n = 0;

	while (lo < hi) {
		lo = group_end(t, lo, hi, d);
		n++;
	}
	return n;
}

static const char *leaf_size(struct tree *t, int d)
{
	int up = t->levels - 1 - d;

	return up == 0 ? "4 KiB" : up == 1 ? "2 MiB" : "1 GiB";
}

/* A table whose leaves at level @d are leaves [lo, hi); @parent: node id. */
static struct json_object *walk(struct tree *t, size_t lo, size_t hi, int d,
				unsigned long parent)
{
	struct json_object *arr = NULL, *o;
	size_t j, leaves = 0;
	unsigned long id;

	if (t->fmt == PAGEWALK_TREE_JSON)
		arr = json_object_new_array();
	for (; lo < hi; lo = j) {
		j = group_end(t, lo, hi, d);
		if (t->v[lo].depth == d + 1) {
			leaves++;
			continue;
		}
		id = ++t->next_id;
		t->drawn[d + 1]++;
		if (t->fmt == PAGEWALK_TREE_TEXT) {
			fprintf(t->out,
				"%*s[%3u] -> %s table, %zu slots used\n",
				2 * d + 2, "", t->v[lo].idx[d], t->names[d + 1],
				count_slots(t, lo, j, d + 1));
			walk(t, lo, j, d + 1, id);
		} else if (t->fmt == PAGEWALK_TREE_DOT) {
			fprintf(t->out,
				"  n%lu [label=\"%s table\\n%zu slots used\"];\n"
				"  n%lu -> n%lu [label=\"[%u]\"];\n",
				id, t->names[d + 1],
				count_slots(t, lo, j, d + 1), parent, id,
				t->v[lo].idx[d]);
			walk(t, lo, j, d + 1, id);
		} else {
			o = json_object_new_object();
			json_object_object_add(
				o, "slot",
				json_object_new_int(t->v[lo].idx[d]));
			json_object_object_add(
				o, "table",
				json_object_new_string(t->names[d + 1]));
			json_object_object_add(o, "children",
					       walk(t, lo, j, d + 1, id));
			json_object_array_add(arr, o);
		}
	}
	if (!leaves)
		return arr;
	if (t->fmt == PAGEWALK_TREE_TEXT) {
		fprintf(t->out, "%*s%zu %s leaves (%s pages)\n", 2 * d + 2, "",
			leaves, t->names[d], leaf_size(t, d));
	} else if (t->fmt == PAGEWALK_TREE_DOT) {
		id = ++t->next_id;
		fprintf(t->out,
			"  n%lu [label=\"%zu x %s\" shape=note];\n"
			"  n%lu -> n%lu;\n",
			id, leaves, leaf_size(t, d), parent, id);
	} else {
		o = json_object_new_object();
		json_object_object_add(o, "leaves",
				       json_object_new_int64(leaves));
		json_object_object_add(o, "page",
				       json_object_new_string(leaf_size(t, d)));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* The "# tables pgd=1 [p4d=N] pud=N pmd=N pte=N bytes=N" header line. */
static void parse_tables(struct tree *t, const char *line)
{
	static const char *const keys[] = { " pgd=", " p4d=", " pud=", " pmd=",
					    " pte=" };
	const char *k;
	int i;

	for (i = 0; i < 5; i++) {
		k = strstr(line, keys[i]);
		t->in_use[i] = k ? strtol(k + 5, NULL, 10) : -1;
	}
}

/* Tables in use per level (header) against those drawn: the empty ones. */
static void put_counts(struct tree *t, struct json_object *root)
{
	static const char *const n5[] = { "pgd", "p4d", "pud", "pmd", "pte" };
	struct json_object *u = json_object_new_object();
	struct json_object *e = json_object_new_object();
	long in_use, empty;
	int i, lv;

	if (t->in_use[4] < 0) {
		json_object_put(u);
		json_object_put(e);
		return;
	}
	if (!root)
		fprintf(t->out, "tables in use (# tables):");
	for (i = 0; i < t->levels; i++) {
		lv = t->levels == 5 ? i : (i ? i + 1 : 0);
		in_use = t->in_use[lv];
		empty = in_use - (i ? t->drawn[i] : 1);
		if (!root) {
			fprintf(t->out, " %s=%ld", n5[lv], in_use);
			continue;
		}
		json_object_object_add(u, n5[lv],
				       json_object_new_int64(in_use));
		json_object_object_add(e, n5[lv], json_object_new_int64(empty));
	}
	if (!root) {
		fprintf(t->out, "\nwith no populated entry (not drawn):");
		for (i = 0; i < t->levels; i++) {
			lv = t->levels == 5 ? i : (i ? i + 1 : 0);
			fprintf(t->out, " %s=%ld", n5[lv],
				t->in_use[lv] - (i ? t->drawn[i] : 1));
		}
		fprintf(t->out, "\n");
		json_object_put(u);
		json_object_put(e);
		return;
	}
	json_object_object_add(root, "tables_in_use", u);
	json_object_object_add(root, "tables_empty", e);
}

int pagewalk_tree(FILE *in, FILE *out, enum pagewalk_tree_fmt fmt)
{
	static const char *const n5[] = { "PGD", "P4D", "PUD", "PMD", "PTE" };
	static const char *const n4[] = { "PGD", "PUD", "PMD", "PTE" };
	struct tree t = { .levels = 4,
			  .out = out,
			  .fmt = fmt,
			  .in_use = { -1, -1, -1, -1, -1 } };
	struct json_object *root;
	char *line = NULL;
	size_t cap = 0;
	int ret = 0, i;

	while (getline(&line, &cap, in) > 0) {
		if (sscanf(line, "# levels %d", &t.levels) == 1)
			continue;
		if (!strncmp(line, "# tables ", 9)) {
			parse_tables(&t, line);
			continue;
		}
		if (line[0] == '0' && add_range(&t, line)) {
			ret = -1;
			break;
		}
	}
	if (ferror(in))
		ret = -1;
	free(line);
	for (i = 0; i < t.levels; i++)
		t.names[i] = t.levels == 5 ? n5[i] : n4[i];
	if (!ret && fmt == PAGEWALK_TREE_TEXT) {
		fprintf(out, "PGD table, %zu slots used\n",
			count_slots(&t, 0, t.n, 0));
		walk(&t, 0, t.n, 0, 0);
		put_counts(&t, NULL);
	} else if (!ret && fmt == PAGEWALK_TREE_DOT) {
		fprintf(out,
			"digraph pagetables {\n  rankdir=LR;\n"
			"  node [shape=box fontname=monospace];\n"
			"  n0 [label=\"PGD (%s)\\n%zu used\"];\n",
			PW_TOP_REG(0), count_slots(&t, 0, t.n, 0));
		walk(&t, 0, t.n, 0, 0);
		fprintf(out, "}\n");
	} else if (!ret) {
		root = json_object_new_object();
		json_object_object_add(root, "levels",
				       json_object_new_int(t.levels));
		json_object_object_add(root, "pgd", walk(&t, 0, t.n, 0, 0));
		put_counts(&t, root);
		fprintf(out, "%s\n",
			json_object_to_json_string_ext(
				root, JSON_C_TO_STRING_PRETTY));
		json_object_put(root);
	}
	free(t.v);
	if (ret && !errno)
		errno = ENOMEM;
	return ret;
}
