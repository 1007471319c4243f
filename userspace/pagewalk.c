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
 *   pagewalk --tree PID   the page-table tree (userspace/lib/pagewalk_tree.c)
 *   --dot, --svg          the tree or a translation as Graphviz DOT or SVG
 *   pagewalk demo NAME    prove a claim on the live kernel: cow, demand,
 *                         same-va, huge, kernel (userspace/lib/pagewalk_demo.c)
 *   --json                the same as JSON, in every mode (--raw and the
 *                         demos too)
 */
#include <argp.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lkm_suite.h"
#include "pagewalk.h"
#include "pagewalk_demo.h"
#include "pagewalk_tree.h"

static struct {
	int json;
	int raw;
	int tree;
	int dot;
	int svg;
	const char *pid;
	const char *addr;
} opt;

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
	{ "svg", 's', NULL, 0, "The same rendered as SVG (needs dot)", 0 },
	{ NULL, 'h', NULL, 0, "Give this help list", -1 },
	{ 0 }
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		break;
	case 'j':
		opt.json = 1;
		break;
	case 'r':
		opt.raw = 1;
		break;
	case 't':
		opt.tree = 1;
		break;
	case 'd':
		opt.dot = 1;
		break;
	case 's':
		opt.svg = 1;
		break;
	case ARGP_KEY_ARG:
		if (!opt.pid)
			opt.pid = arg;
		else if (!opt.addr)
			opt.addr = arg;
		else
			argp_usage(state);
		break;
	case ARGP_KEY_END:
		if (!opt.pid)
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

/* ---- single address -------------------------------------------------- */

static const char *const level_names[] = { "PGD", "P4D", "PUD", "PMD", "PTE" };
static const char *const stop_text[] = {
	"page",
	"empty entry: nothing mapped here",
	"entry not present (swapped, migrating or PROT_NONE)",
	"no VMA holds this address",
	"kernel half (outside the kernel image: top-level entry only)",
	"corrupt entry",
};

static void entry_flags(char *buf, size_t len, uint64_t e, int huge)
{
	snprintf(buf, len, "%s%s%s%s%s%s%s%s", e & 1 ? "P" : "-",
		 e & 2 ? " RW" : " RO", e & 4 ? " USR" : " SUP",
		 e & 0x20 ? " A" : "", e & 0x40 ? " D" : "",
		 huge && (e & 0x80) ? " PSE" : "", e & 0x100 ? " G" : "",
		 e >> 63 ? " NX" : "");
}

static void print_xlate(const struct pagewalk_xlate *x)
{
	char flags[64];
	uint32_t i;

	printf("virtual address 0x%016" PRIx64 "  (%u-level paging)\n",
	       (uint64_t)x->addr, x->levels);
	if (x->vma_end)
		printf("VMA             0x%016" PRIx64 "-0x%016" PRIx64 "\n",
		       (uint64_t)x->vma_start, (uint64_t)x->vma_end);
	printf("CR3             0x%016" PRIx64 "%s\n", (uint64_t)x->cr3,
	       x->flags & PAGEWALK_XLATE_REDACTED ? "  (redacted)" : "");
	for (i = 0; i < x->nsteps && i < 5; i++) {
		const struct pagewalk_step *s = &x->step[i];

		entry_flags(flags, sizeof(flags), s->entry,
			    s->level == PAGEWALK_PUD ||
				    s->level == PAGEWALK_PMD);
		printf("  |\n  v\n%s table @0x%012" PRIx64
		       " [%3u] = 0x%016" PRIx64 "  %s\n",
		       level_names[s->level % 5], (uint64_t)s->table, s->index,
		       (uint64_t)s->entry, flags);
	}
	printf("  |\n  v\n");
	if (x->stop == PAGEWALK_STOP_PAGE && (x->flags & PAGEWALK_XLATE_KERNEL))
		printf("kernel image: mapped in every process, %s\n",
		       x->step[x->nsteps - 1].entry & 4 ?
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
		"  cr3 [label=\"CR3|0x%llx\"];\n  va -> cr3;\n",
		(unsigned long long)x->addr, (unsigned long long)x->cr3);
	for (i = 0; i < x->nsteps && i < 5; i++) {
		char from[16];

		/* The first table hangs from CR3, each next one from the last. */
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

static int translate(int fd, const char *addr, FILE *out)
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
	if (opt.dot)
		dot_xlate(out, &x);
	else if (opt.json)
		json_xlate(&x);
	else
		print_xlate(&x);
	return 0;
}

/* ---- listing ------------------------------------------------------------ */

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
static void raw_line(const char *line, int *first)
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
		if (!opt.json && !swapped) {
			printf("0x%016lx %s pfn=0x%lx%s\n", a, level,
			       pfn ? pfn + k : 0, line + off);
			continue;
		}
		if (!opt.json) {
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
static void raw_vma(const char *line, int nvma)
{
	unsigned long s, e;
	char size[16], perms[8], name[256] = "";

	if (!opt.json) {
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
static void raw_header(const char *line, int nh)
{
	char key[32], val[128] = "";

	if (!opt.json) {
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
	else if (strstr(line, " present"))
		v->pages += n;
	if (strstr(line, " zero"))
		v->zero += n;
	if (strcmp(level, "pte") && strstr(line, " present"))
		v->huge += (e - s) /
			   size_bytes(!strcmp(level, "pmd") ? "2M" : "1G");
}

static int listing(int fd)
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
		if (opt.raw) {
			if (line[0] == '#') {
				raw_header(line, nh++);
			} else if (!strncmp(line, "vma", 3)) {
				if (opt.json && !n)
					printf("%s\"vmas\":[", nh ? "}," : "{");
				raw_vma(line, n++);
				first = 1;
			} else {
				raw_line(line, &first);
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
	if (opt.raw && opt.json)
		printf("%s\n", n ? "]}]}" : nh ? "},\"vmas\":[]}" : "{}");
	if (opt.raw)
		return 0;
	for (i = 0; i < n; i++)
		present += vmas[i].pages;
	if (opt.json) {
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

static int tree(int fd, FILE *out)
{
	FILE *in = fdopen(fd, "r");
	enum pagewalk_tree_fmt fmt = opt.dot  ? PAGEWALK_TREE_DOT :
				     opt.json ? PAGEWALK_TREE_JSON :
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
	int fd, ret;

	argp_parse(&argp, argc, argv, 0, NULL, NULL);
	if (!strcmp(opt.pid, "demo")) {
		if (!opt.addr) {
			fprintf(stderr, "usage: pagewalk demo "
					"cow|demand|same-va|huge|kernel\n");
			return 2;
		}
		return pagewalk_demo(opt.addr, opt.json);
	}
	fd = open_entry(opt.pid);
	if (opt.svg) {
		svg = popen("dot -Tsvg", "w");
		if (!svg) {
			fprintf(stderr, "dot: %s (apt-get install graphviz)\n",
				strerror(errno));
			return 1;
		}
		out = svg;
		opt.dot = 1;
	}
	if (opt.addr)
		ret = translate(fd, opt.addr, out);
	else if (opt.tree || opt.dot)
		ret = tree(fd, out);
	else
		ret = listing(fd);
	if (svg && pclose(svg)) {
		fprintf(stderr, "dot failed (is graphviz installed?)\n");
		ret = 1;
	}
	return ret;
}
