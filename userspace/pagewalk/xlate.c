// SPDX-License-Identifier: GPL-2.0
/*
 * xlate.c - "pagewalk PID ADDR": the walk of one address, level by level
 * (ioctl PAGEWALK_IOC_XLATE, include/pagewalk.h), as text, JSON or
 * Graphviz DOT.
 */
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "lkm_suite.h"
#include "pagewalk.h"
#include "pwtool.h"

static const char *const level_names[] = { "PGD", "P4D", "PUD", "PMD", "PTE" };
static const char *const stop_text[] = {
	"page",
	"empty entry: nothing mapped here",
	"entry not present (swapped, migrating or PROT_NONE)",
	"no VMA holds this address",
	"kernel half (outside the kernel image: top-level entry only)",
	"corrupt entry",
};

#ifdef __aarch64__
/*
 * arm64 descriptors: valid, TABLE (bits 1:0 = 11 above the last level),
 * BLOCK (01) or PAGE (11 at the last level); in a table descriptor the
 * table attributes (PXNTable, UXNTable, APTable); in a leaf AP[2:1]
 * (USR, RO), AF, nG, DBM, contiguous, PXN, UXN.
 */
static void entry_flags(char *buf, size_t len, uint64_t e, int huge)
{
	int table = (e & 3) == 3 && huge != 2;

	if (!(e & 1)) {
		snprintf(buf, len, "-");
		return;
	}
	if (table) {
		snprintf(buf, len, "V TABLE%s%s%s", e >> 59 & 1 ? " PXNT" : "",
			 e >> 60 & 1 ? " UXNT" : "", e >> 61 & 3 ? " APT" : "");
		return;
	}
	snprintf(buf, len, "V %s%s%s%s%s%s%s%s%s", huge == 2 ? "PAGE" : "BLOCK",
		 e & 0x40 ? " USR" : " SUP", e & 0x80 ? " RO" : " RW",
		 e & 0x400 ? " AF" : "", e & 0x800 ? " nG" : "",
		 e >> 51 & 1 ? " DBM" : "", e >> 52 & 1 ? " CONT" : "",
		 e >> 53 & 1 ? " PXN" : "", e >> 54 & 1 ? " UXN" : "");
}
#else
static void entry_flags(char *buf, size_t len, uint64_t e, int huge)
{
	snprintf(buf, len, "%s%s%s%s%s%s%s%s", e & 1 ? "P" : "-",
		 e & 2 ? " RW" : " RO", e & 4 ? " USR" : " SUP",
		 e & 0x20 ? " A" : "", e & 0x40 ? " D" : "",
		 huge == 1 && (e & 0x80) ? " PSE" : "", e & 0x100 ? " G" : "",
		 e >> 63 ? " NX" : "");
}
#endif

static void print_xlate(const struct pagewalk_xlate *x)
{
	char flags[64];
	uint32_t i;

	printf("virtual address 0x%016" PRIx64 "  (%u-level paging)\n",
	       (uint64_t)x->addr, x->levels);
	if (x->vma_end)
		printf("VMA             0x%016" PRIx64 "-0x%016" PRIx64 "\n",
		       (uint64_t)x->vma_start, (uint64_t)x->vma_end);
	printf("%-15s 0x%016" PRIx64 "%s\n", PW_TOP_REG(x->addr),
	       (uint64_t)x->cr3,
	       x->flags & PAGEWALK_XLATE_REDACTED ? "  (redacted)" : "");
	for (i = 0; i < x->nsteps && i < 5; i++) {
		const struct pagewalk_step *s = &x->step[i];

		/* 2: a PTE; 1: a PMD or PUD, which may be a leaf; 0: above */
		int kind = s->level == PAGEWALK_PUD || s->level == PAGEWALK_PMD;

		if (s->level == PAGEWALK_PTE)
			kind = 2;
		entry_flags(flags, sizeof(flags), s->entry, kind);
		printf("  |\n  v\n%s table @0x%012" PRIx64
		       " [%3u] = 0x%016" PRIx64 "  %s\n",
		       level_names[s->level % 5], (uint64_t)s->table, s->index,
		       (uint64_t)s->entry, flags);
	}
	printf("  |\n  v\n");
	if (x->stop == PAGEWALK_STOP_PAGE && (x->flags & PAGEWALK_XLATE_KERNEL))
		printf("kernel image: mapped in every process, %s\n",
		       PW_ENTRY_USER(x->step[x->nsteps - 1].entry) ?
			       "user-accessible!" :
			       "supervisor-only (no USR bit)");
	if (x->stop == PAGEWALK_STOP_PAGE)
		printf("page %" PRIu64 " KiB: physical 0x%" PRIx64
		       " (offset 0x%" PRIx64 ")\n",
		       (uint64_t)x->page_size >> 10, (uint64_t)x->phys,
		       (uint64_t)(x->addr & (x->page_size - 1)));
	else
		printf("stop: %s\n", stop_text[x->stop % 6]);
}

static void json_xlate(const struct pagewalk_xlate *x)
{
	struct json_object *o = json_object_new_object(), *a;
	uint32_t i;

	json_object_object_add(o, "addr", json_object_new_uint64(x->addr));
	json_object_object_add(o, "levels", json_object_new_int(x->levels));
	json_object_object_add(o, "cr3", json_object_new_uint64(x->cr3));
	json_object_object_add(o, "top_register",
			       json_object_new_string(PW_TOP_REG(x->addr)));
	json_object_object_add(o, "redacted",
			       json_object_new_boolean(x->flags & 1));
	a = json_object_new_array();
	for (i = 0; i < x->nsteps && i < 5; i++) {
		struct json_object *s = json_object_new_object();

		json_object_object_add(
			s, "level",
			json_object_new_string(
				level_names[x->step[i].level % 5]));
		json_object_object_add(
			s, "table", json_object_new_uint64(x->step[i].table));
		json_object_object_add(s, "index",
				       json_object_new_int(x->step[i].index));
		json_object_object_add(
			s, "entry", json_object_new_uint64(x->step[i].entry));
		json_object_array_add(a, s);
	}
	json_object_object_add(o, "steps", a);
	json_object_object_add(o, "stop",
			       json_object_new_string(stop_text[x->stop % 6]));
	json_object_object_add(o, "phys", json_object_new_uint64(x->phys));
	json_object_object_add(o, "page_size",
			       json_object_new_uint64(x->page_size));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY));
	json_object_put(o);
}

static void dot_xlate(FILE *out, const struct pagewalk_xlate *x)
{
	uint32_t i;

	fprintf(out,
		"digraph walk {\n  rankdir=LR;\n"
		"  node [shape=record fontname=monospace];\n"
		"  va [label=\"virtual|0x%llx\"];\n"
		"  cr3 [label=\"%s|0x%llx\"];\n  va -> cr3;\n",
		(unsigned long long)x->addr, PW_TOP_REG(x->addr),
		(unsigned long long)x->cr3);
	for (i = 0; i < x->nsteps && i < 5; i++) {
		char from[16];

		/* The first table hangs from CR3 (TTBRn_EL1), each next from the last. */
		if (i)
			snprintf(from, sizeof(from), "s%u", i - 1);
		else
			snprintf(from, sizeof(from), "cr3");
		fprintf(out,
			"  s%u [label=\"%s table @0x%llx|[%u] = 0x%016llx\"];\n"
			"  %s -> s%u;\n",
			i, level_names[x->step[i].level % 5],
			(unsigned long long)x->step[i].table, x->step[i].index,
			(unsigned long long)x->step[i].entry, from, i);
	}
	if (x->stop == PAGEWALK_STOP_PAGE)
		fprintf(out, "  page [label=\"%llu KiB page|phys 0x%llx\"];\n",
			(unsigned long long)x->page_size >> 10,
			(unsigned long long)x->phys);
	else
		fprintf(out, "  page [label=\"stop|%s\"];\n",
			stop_text[x->stop % 6]);
	if (x->nsteps)
		fprintf(out, "  s%u -> page;\n}\n", x->nsteps - 1);
	else
		fprintf(out, "  cr3 -> page;\n}\n");
}

int translate(const struct pw_opts *opt, int fd, const char *addr, int dot,
	      FILE *out)
{
	struct pagewalk_xlate x = { 0 };
	char *end;

	errno = 0;
	x.addr = strtoull(addr, &end, 0);
	if (errno || *end) {
		fprintf(stderr, "bad address: %s\n", addr);
		return 1;
	}
	if (ioctl(fd, PAGEWALK_IOC_XLATE, &x)) {
		fprintf(stderr, "translate %s: %s\n", addr, strerror(errno));
		return 1;
	}
	if (opt->svg) /* drawn here, not through dot */
		return draw_xlate(out, &x, level_names, stop_text[x.stop % 6]);
	if (dot)
		dot_xlate(out, &x);
	else if (opt->json)
		json_xlate(&x);
	else
		print_xlate(&x);
	return 0;
}
