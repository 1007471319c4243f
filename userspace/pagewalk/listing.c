// SPDX-License-Identifier: GPL-2.0
/*
 * listing.c - "pagewalk PID": the address-space summary (per VMA the
 * present 4 KiB pages, huge leaves, zero-page, PROT_NONE and swapped pages;
 * page-table overhead) and "pagewalk --raw PID" (one line per leaf entry,
 * unmerged), as text or JSON, from the listing of /proc/pagewalk/<pid>.
 */
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lkm_suite.h"
#include "pagewalk.h"
#include "pwtool.h"

struct vma_sum {
	unsigned long start, end;
	char perms[8];
	char name[256];
	unsigned long pages, huge, zero, protnone, swapped;
};

static unsigned long size_bytes(const char *s)
{
	char *u;
	unsigned long n = strtoul(s, &u, 10);

	return n << (*u == 'G' ? 30 : *u == 'M' ? 20 : 10);
}

/* The JSON of string @s (escaped, quoted) printed to stdout. */
static void put_jstr(const char *s)
{
	struct json_object *o = json_object_new_string(s);

	fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_NOSLASHESCAPE),
	      stdout);
	json_object_put(o);
}

/*
 * --raw: one line (or JSON object) per page of a range line; frames and
 * swap offsets advance by one per 4 KiB within the range.
 */
static void raw_line(int json, const char *line, int *first)
{
	unsigned long s, e, pfn, step, a, k, swp = 0;
	char size[16], level[8], words[256], *w, *save = NULL, *o;
	const char *rest;
	unsigned int type = 0;
	int off, swapped;

	if (sscanf(line, "0x%lx-0x%lx %15s %7s pfn=0x%lx%n", &s, &e, size,
		   level, &pfn, &off) != 5)
		return;
	step = !strcmp(level, "pud") ? 1UL << 30 :
	       !strcmp(level, "pmd") ? 1UL << 21 :
				       4096;
	o = strstr(line + off, " swap type=");
	swapped = o &&
		  sscanf(o, " swap type=%u offset=0x%lx", &type, &swp) == 2;
	/* the words after the swap offset */
	rest = swapped ? strchr(strstr(o, "offset=0x"), ' ') : NULL;
	if (!rest)
		rest = "";
	for (a = s; a < e; a += step) {
		k = (a - s) / 4096;
		if (!json && !swapped) {
			printf("0x%016lx %s pfn=0x%lx%s\n", a, level,
			       pfn ? pfn + k : 0, line + off);
			continue;
		}
		if (!json) {
			printf("0x%016lx %s pfn=0x%lx%.*s swap type=%u "
			       "offset=0x%lx%s\n",
			       a, level, pfn, (int)(o - line - off), line + off,
			       type, swp ? swp + k : 0, rest);
			continue;
		}
		printf("%s\n{\"addr\":%lu,\"level\":\"%s\",\"pfn\":%lu",
		       *first ? "" : ",", a, level, pfn ? pfn + k : 0);
		*first = 0;
		if (swapped)
			printf(",\"swap_type\":%u,\"swap_offset\":%lu", type,
			       swp ? swp + k : 0);
		printf(",\"words\":[");
		snprintf(words, sizeof(words), "%s", line + off);
		for (w = strtok_r(words, " ", &save), k = 0; w;
		     w = strtok_r(NULL, " ", &save), k++) {
			if (k)
				putchar(',');
			put_jstr(w);
		}
		printf("]}");
	}
}

/* --raw --json: a "vma" line opens an object with an "entries" array. */
static void raw_vma(int json, const char *line, int nvma)
{
	unsigned long s, e;
	char size[16], perms[8], name[256] = "";

	if (!json) {
		puts(line);
		return;
	}
	if (sscanf(line, "vma 0x%lx-0x%lx %15s %7s %255[^\n]", &s, &e, size,
		   perms, name) < 4)
		return;
	printf("%s\n{\"start\":%lu,\"end\":%lu,\"perms\":\"%s\",\"name\":",
	       nvma ? "]}," : "", s, e, perms);
	put_jstr(name);
	printf(",\"entries\":[");
}

/* --raw --json: a header line "# key value" as "key": "value". */
static void raw_header(int json, const char *line, int nh)
{
	char key[32], val[128] = "";

	if (!json) {
		puts(line);
		return;
	}
	if (sscanf(line, "# %31s %127[^\n]", key, val) < 1)
		return;
	printf("%s", nh ? "," : "{\"header\":{");
	put_jstr(key);
	putchar(':');
	put_jstr(val);
}

static void sum_line(struct vma_sum *v, const char *line)
{
	unsigned long s, e, n;
	char size[16], level[8];

	if (!v ||
	    sscanf(line, "0x%lx-0x%lx %15s %7s", &s, &e, size, level) != 4)
		return;
	n = (e - s) / 4096;
	if (strstr(line, " swap "))
		v->swapped += n;
	else if (strstr(line, " protnone"))
		v->protnone += n;
	else if (pw_line_present(line))
		v->pages += n;
	if (strstr(line, " zero"))
		v->zero += n;
	if (strcmp(level, "pte") && pw_line_present(line))
		v->huge += (e - s) /
			   size_bytes(!strcmp(level, "pmd") ? "2M" : "1G");
}

int listing(const struct pw_opts *opt, int fd)
{
	struct vma_sum *v = NULL, *vmas = NULL;
	size_t n = 0, i;
	unsigned long tbytes = 0, present = 0;
	char header[8][128] = { { 0 } };
	int nh = 0, first = 1;
	char *line = NULL;
	size_t cap = 0;
	FILE *f = fdopen(fd, "r");
	struct json_object *o, *a;

	if (!f)
		return 1;
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = 0;
		if (opt->raw) {
			if (line[0] == '#') {
				raw_header(opt->json, line, nh++);
			} else if (!strncmp(line, "vma", 3)) {
				if (opt->json && !n)
					printf("%s\"vmas\":[", nh ? "}," : "{");
				raw_vma(opt->json, line, n++);
				first = 1;
			} else {
				raw_line(opt->json, line, &first);
			}
			continue;
		}
		if (line[0] == '#') {
			if (nh < 8)
				snprintf(header[nh++], 128, "%s", line);
			sscanf(line, "# tables %*[^b]bytes=%lu", &tbytes);
		} else if (!strncmp(line, "vma ", 4)) {
			vmas = realloc(vmas, (n + 1) * sizeof(*vmas));
			if (!vmas)
				return 1;
			v = &vmas[n++];
			memset(v, 0, sizeof(*v));
			sscanf(line, "vma 0x%lx-0x%lx %*s %7s %255[^\n]",
			       &v->start, &v->end, v->perms, v->name);
		} else {
			sum_line(v, line);
		}
	}
	if (ferror(f)) {
		fprintf(stderr, "read: %s\n", strerror(errno));
		return 1;
	}
	free(line);
	if (opt->raw && opt->json)
		printf("%s\n", n ? "]}]}" : nh ? "},\"vmas\":[]}" : "{}");
	if (opt->raw)
		return 0;
	for (i = 0; i < n; i++)
		present += vmas[i].pages;
	if (opt->json) {
		o = json_object_new_object();
		a = json_object_new_array();
		for (i = 0; i < n; i++) {
			struct json_object *j = json_object_new_object();

			json_object_object_add(
				j, "start",
				json_object_new_uint64(vmas[i].start));
			json_object_object_add(
				j, "end", json_object_new_uint64(vmas[i].end));
			json_object_object_add(
				j, "perms",
				json_object_new_string(vmas[i].perms));
			json_object_object_add(
				j, "name",
				json_object_new_string(vmas[i].name));
			json_object_object_add(
				j, "present_pages",
				json_object_new_uint64(vmas[i].pages));
			json_object_object_add(
				j, "huge_leaves",
				json_object_new_uint64(vmas[i].huge));
			json_object_object_add(
				j, "zero_pages",
				json_object_new_uint64(vmas[i].zero));
			json_object_object_add(
				j, "protnone_pages",
				json_object_new_uint64(vmas[i].protnone));
			json_object_object_add(
				j, "swapped_pages",
				json_object_new_uint64(vmas[i].swapped));
			json_object_array_add(a, j);
		}
		json_object_object_add(o, "vmas", a);
		json_object_object_add(o, "present_pages",
				       json_object_new_uint64(present));
		json_object_object_add(o, "table_bytes",
				       json_object_new_uint64(tbytes));
		puts(json_object_to_json_string_ext(o,
						    JSON_C_TO_STRING_PRETTY));
		json_object_put(o);
		return 0;
	}
	for (i = 0; i < (size_t)nh; i++)
		puts(header[i]);
	printf("%-33s %-4s %8s %5s %5s %5s %5s  %s\n", "range", "perm", "pages",
	       "huge", "zero", "prot0", "swap", "backing");
	for (i = 0; i < n; i++)
		printf("%016lx-%016lx %-4s %8lu %5lu %5lu %5lu %5lu  %s\n",
		       vmas[i].start, vmas[i].end, vmas[i].perms, vmas[i].pages,
		       vmas[i].huge, vmas[i].zero, vmas[i].protnone,
		       vmas[i].swapped, vmas[i].name);
	printf("present memory %lu KiB; page tables %lu KiB (%.1f%% of it)\n",
	       present * 4, tbytes >> 10,
	       present ? 100.0 * tbytes / (present * 4096.0) : 0.0);
	free(vmas);
	return 0;
}
