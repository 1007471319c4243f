// SPDX-License-Identifier: GPL-2.0
/*
 * demo.c - "pagewalk demo NAME": prove a claim about virtual
 * memory on the live kernel with /proc/pagewalk (modules/pagewalk). Each
 * demo prints what it does, what the page tables show and whether the
 * claim held ("CLAIM HOLDS" / "CLAIM FAILS"). Frames need root.
 *
 * With --json nothing is printed until the end: one JSON object with the
 * demo's name, the measured facts (frames, counts, levels), "checks" (one
 * boolean per part of the claim), "claim" (the sentence) and "holds".
 */
#include <fcntl.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lkm_suite.h"
#include "pagewalk.h"
#include "pwtool.h"

#define PG 4096UL
#define HUGE (2UL << 20)

static int json_mode;
static struct json_object *jout; /* the result object, --json */

/* Explanations and measurements for people; silent with --json. */
static void text(const char *fmt, ...)
{
	va_list ap;

	if (json_mode)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

static void fact(const char *key, struct json_object *v)
{
	json_object_object_add(jout, key, v);
}

static void fact_u64(const char *key, uint64_t v)
{
	fact(key, json_object_new_uint64(v));
}

/* One part of the claim, as a boolean in "checks"; returns @ok. */
static int check(const char *key, int ok)
{
	struct json_object *c;

	if (!json_object_object_get_ex(jout, "checks", &c)) {
		c = json_object_new_object();
		fact("checks", c);
	}
	json_object_object_add(c, key, json_object_new_boolean(ok));
	return ok;
}

/* Translate @addr in process @pid (0: ourselves); -1 on error. */
static int xlate(pid_t pid, uintptr_t addr, struct pagewalk_xlate *x)
{
	char path[64];
	int fd, ret;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%s/%d", PAGEWALK_PROC_DIR,
			 pid);
	else
		snprintf(path, sizeof(path), "/proc/%s/self",
			 PAGEWALK_PROC_DIR);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return -1;
	}
	memset(x, 0, sizeof(*x));
	x->addr = addr;
	ret = ioctl(fd, PAGEWALK_IOC_XLATE, x);
	if (ret)
		perror("PAGEWALK_IOC_XLATE");
	close(fd);
	return ret;
}

static uint64_t leaf(const struct pagewalk_xlate *x)
{
	return x->nsteps ? x->step[x->nsteps - 1].entry : 0;
}

static int verdict(int ok, const char *claim)
{
	fact("claim", json_object_new_string(claim));
	fact("holds", json_object_new_boolean(ok));
	text("%s: %s\n", ok ? "CLAIM HOLDS" : "CLAIM FAILS", claim);
	return !ok;
}

static void *map_anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return p;
}

/* A child that waits on @go, runs @fn, reports on @done, then waits. */
static pid_t child(int go[2], int done[2], void (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	char c;

	if (pid)
		return pid;
	while (read(go[0], &c, 1) == 1) {
		fn(arg);
		if (write(done[1], "x", 1) != 1)
			_exit(1);
	}
	_exit(0);
}

static void step(int go[2], int done[2])
{
	char c;

	if (write(go[1], "x", 1) != 1 || read(done[0], &c, 1) != 1)
		exit(2);
}

#define COW_PAGES 4
#define COW_WRITTEN 1 /* the page the child writes */

static void write_page(void *p)
{
	*((volatile char *)p + COW_WRITTEN * PG) = 'c';
}

static void nothing(void *p)
{
	(void)p;
}

/* Frames and RW bits of the COW pages in @pid; 0 or -1. */
static int cow_frames(pid_t pid, char *p, uint64_t *phys, int *rw)
{
	struct pagewalk_xlate x;
	int i;

	for (i = 0; i < COW_PAGES; i++) {
		if (xlate(pid, (uintptr_t)p + i * PG, &x))
			return -1;
		phys[i] = x.stop == PAGEWALK_STOP_PAGE ? x.phys : 0;
		rw[i] = !!(leaf(&x) & 2);
	}
	return 0;
}

static struct json_object *json_u64s(const uint64_t *v, int n)
{
	struct json_object *a = json_object_new_array();
	int i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_uint64(v[i]));
	return a;
}

static struct json_object *json_bools(const int *v, int n)
{
	struct json_object *a = json_object_new_array();
	int i;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_boolean(v[i]));
	return a;
}

/* @key ("before", "after"): both processes' frames and RW bits. */
static void cow_report(const char *key, const char *when, pid_t pid, char *p,
		       uint64_t *par, int *prw, uint64_t *chi, int *crw)
{
	struct json_object *o = json_object_new_object();
	int i;

	json_object_object_add(o, "parent", json_u64s(par, COW_PAGES));
	json_object_object_add(o, "child", json_u64s(chi, COW_PAGES));
	json_object_object_add(o, "parent_writable",
			       json_bools(prw, COW_PAGES));
	json_object_object_add(o, "child_writable", json_bools(crw, COW_PAGES));
	fact(key, o);
	text("%s:\n", when);
	for (i = 0; i < COW_PAGES; i++)
		text("  page %d 0x%lx  parent %d -> 0x%09llx %s   "
		     "child %d -> 0x%09llx %s\n",
		     i, (unsigned long)p + i * PG, getpid(),
		     (unsigned long long)par[i], prw[i] ? "RW" : "RO", pid,
		     (unsigned long long)chi[i], crw[i] ? "RW" : "RO");
}

static int demo_cow(void)
{
	char *p = map_anon(COW_PAGES * PG);
	uint64_t pa[COW_PAGES], ca[COW_PAGES], pb[COW_PAGES], cb[COW_PAGES];
	int pra[COW_PAGES], cra[COW_PAGES], prb[COW_PAGES], crb[COW_PAGES];
	int go[2], done[2], ok, shared = 1, ro = 1, others = 1, i;
	pid_t pid;

	text("fork(): parent and child share every private page, read-only,\n"
	     "until one of them writes; the writer gets its own copy, the\n"
	     "other pages stay shared. The child writes page %d of %d.\n\n",
	     COW_WRITTEN, COW_PAGES);
	for (i = 0; i < COW_PAGES; i++)
		p[i * PG] = 'p';
	if (pipe(go) || pipe(done))
		return 2;
	pid = child(go, done, write_page, p);
	if (pid < 0)
		return 2;
	if (cow_frames(0, p, pa, pra) || cow_frames(pid, p, ca, cra))
		goto fail;
	step(go, done);
	if (cow_frames(0, p, pb, prb) || cow_frames(pid, p, cb, crb))
		goto fail;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	fact("addr", json_object_new_uint64((uintptr_t)p));
	fact("pages", json_object_new_int(COW_PAGES));
	fact("written_page", json_object_new_int(COW_WRITTEN));
	fact("parent_pid", json_object_new_int(getpid()));
	fact("child_pid", json_object_new_int(pid));
	cow_report("before", "after fork", pid, p, pa, pra, ca, cra);
	cow_report("after", "after the child writes", pid, p, pb, prb, cb, crb);
	for (i = 0; i < COW_PAGES; i++) {
		shared = shared && pa[i] && pa[i] == ca[i];
		ro = ro && !pra[i] && !cra[i];
		if (i != COW_WRITTEN)
			others = others && pb[i] && pb[i] == cb[i] &&
				 pb[i] == pa[i];
	}
	text("\n");
	ok = check("shared_after_fork", shared);
	ok &= check("read_only_after_fork", ro);
	ok &= check("writer_new_frame",
		    cb[COW_WRITTEN] && cb[COW_WRITTEN] != pa[COW_WRITTEN] &&
			    crb[COW_WRITTEN]);
	ok &= check("parent_keeps_frame", pb[COW_WRITTEN] == pa[COW_WRITTEN]);
	ok &= check("others_still_shared", others);
	return verdict(ok, "shared read-only frames after fork; the written "
			   "page gets a new writable frame, the others stay "
			   "shared");
fail:
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 2;
}

/*
 * Present 4 KiB pages of ours in [p, p + len), from the listing; those
 * not at a multiple of @stride pages go to @*other.
 */
static long present_pages(char *p, size_t len, size_t stride, long *other)
{
	unsigned long s, e, a, lo = (uintptr_t)p, hi = lo + len;
	char line[512];
	long n = 0;
	FILE *f = fopen("/proc/" PAGEWALK_PROC_DIR "/self", "r");

	*other = 0;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "0x%lx-0x%lx", &s, &e) != 2 ||
		    !strstr(line, " present"))
			continue;
		for (a = s < lo ? lo : s; a < e && a < hi; a += PG) {
			n++;
			if ((a - lo) % (stride * PG))
				(*other)++;
		}
	}
	fclose(f);
	return n;
}

static int demo_demand(void)
{
	size_t len = 64UL << 20, stride = 16, i;
	char *p = map_anon(len);
	long before, after, other0, other;
	int ok;

	text("mmap() only reserves addresses: frames come on the first touch\n"
	     "(a page fault), one page at a time.\n\n");
	madvise(p, len, MADV_NOHUGEPAGE);
	before = present_pages(p, len, stride, &other0);
	text("mmap 64 MiB at 0x%lx: %ld present pages\n", (unsigned long)p,
	     before);
	for (i = 0; i < len; i += stride * PG)
		p[i] = 1;
	after = present_pages(p, len, stride, &other);
	text("touched every %zuth page (%zu pages): %ld present pages, "
	     "%ld of them untouched\n\n",
	     stride, len / (stride * PG), after, other);
	fact_u64("addr", (uintptr_t)p);
	fact_u64("length", len);
	fact_u64("pages", len / PG);
	fact_u64("stride_pages", stride);
	fact("present_before", json_object_new_int64(before));
	fact_u64("touched", len / (stride * PG));
	fact("present_after", json_object_new_int64(after));
	fact("present_untouched", json_object_new_int64(other));
	ok = check("no_frames_before_touch", before == 0);
	ok &= check("exactly_the_touched_pages",
		    after == (long)(len / (stride * PG)) && other == 0);
	return verdict(
		ok, "no frames until touched, then exactly the touched pages");
}

static struct json_object *json_proc(pid_t pid, uint64_t phys)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "pid", json_object_new_int(pid));
	json_object_object_add(o, "phys", json_object_new_uint64(phys));
	return o;
}

static int demo_same_va(void)
{
	uintptr_t va = 0x200000000000UL;
	struct pagewalk_xlate a = { 0 }, b = { 0 };
	int go[2], done[2], ok;
	char *p, c;
	pid_t pid;

	text("Each process has its own page tables: the same virtual\n"
	     "address leads to different frames in two processes.\n\n");
	if (pipe(go) || pipe(done))
		return 2;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return 2;
	p = mmap((void *)va, PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		if (!pid)
			_exit(2);
		kill(pid, SIGKILL);
		return 2;
	}
	*p = pid ? 'p' : 'c';
	if (!pid) {
		if (write(done[1], "x", 1) != 1 || read(go[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	/* wait until the child has written its page; it waits on go */
	ok = read(done[0], &c, 1) == 1;
	ok = ok && !xlate(0, va, &a) && !xlate(pid, va, &b);
	text("parent %d: 0x%lx -> phys 0x%llx\n", getpid(), (unsigned long)va,
	     (unsigned long long)a.phys);
	text("child  %d: 0x%lx -> phys 0x%llx\n\n", pid, (unsigned long)va,
	     (unsigned long long)b.phys);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	fact_u64("addr", va);
	fact("parent", json_proc(getpid(), a.phys));
	fact("child", json_proc(pid, b.phys));
	ok = check("both_mapped", ok && a.phys && b.phys);
	ok &= check("different_frames", a.phys != b.phys);
	return verdict(ok, "same virtual address, different physical frames");
}

static int demo_huge(void)
{
	char *raw = map_anon(2 * HUGE);
	char *p = (char *)(((uintptr_t)raw + HUGE - 1) & ~(HUGE - 1));
	struct pagewalk_xlate x;
	const char *lvl;
	size_t i;
	int ok;

	text("A transparent huge page maps 2 MiB with one PMD entry: the\n"
	     "walk stops one level early, 512 times fewer entries.\n\n");
	if (madvise(p, HUGE, MADV_HUGEPAGE))
		perror("madvise(MADV_HUGEPAGE)");
	for (i = 0; i < HUGE; i += PG)
		p[i] = 1;
	if (xlate(0, (uintptr_t)p + 0x12345, &x))
		return 2;
	lvl = !x.nsteps					 ? "none" :
	      x.step[x.nsteps - 1].level == PAGEWALK_PMD ? "PMD" :
	      x.step[x.nsteps - 1].level == PAGEWALK_PUD ? "PUD" :
							   "PTE";
	text("0x%lx: %u steps, last at level %s, page of %llu KiB\n\n",
	     (unsigned long)p + 0x12345, x.nsteps, lvl,
	     (unsigned long long)x.page_size >> 10);
	if (x.page_size != HUGE)
		text("(is THP on? cat /sys/kernel/mm/transparent_hugepage/enabled)\n");
	fact_u64("addr", (uintptr_t)p + 0x12345);
	fact("levels", json_object_new_int(x.levels));
	fact("steps", json_object_new_int(x.nsteps));
	fact("leaf_level", json_object_new_string(lvl));
	fact_u64("leaf_entry", leaf(&x));
	fact_u64("page_size", x.page_size);
	fact_u64("phys", x.phys);
	ok = check("translated", x.stop == PAGEWALK_STOP_PAGE);
	ok &= check("page_is_2MiB", x.page_size == HUGE);
	ok &= check("leaf_at_pmd", !strcmp(lvl, "PMD"));
	ok &= check("pse_bit", !!(leaf(&x) & 0x80));
	return verdict(ok, "a 2 MiB leaf (PSE bit) at the PMD level");
}

static unsigned long kernel_text(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	unsigned long a = 0, v;
	char type, name[128];

	while (f && fscanf(f, "%lx %c %127s%*[^\n]", &v, &type, name) == 3) {
		if (!strcmp(name, "_text")) {
			a = v;
			break;
		}
	}
	if (f)
		fclose(f);
	return a;
}

static struct json_object *json_kproc(pid_t pid, const struct pagewalk_xlate *x)
{
	struct json_object *o = json_proc(pid, x->phys);

	json_object_object_add(o, "pgd_slot",
			       json_object_new_int(x->step[0].index));
	json_object_object_add(o, "leaf_entry",
			       json_object_new_uint64(leaf(x)));
	json_object_object_add(o, "user", json_object_new_boolean(leaf(x) & 4));
	return o;
}

static int demo_kernel(void)
{
	unsigned long text_va = kernel_text();
	struct pagewalk_xlate a, b;
	int go[2], done[2], ok;
	pid_t pid;

	text("The kernel is mapped in the top half of every process, with\n"
	     "the user bit clear: user code cannot touch it.\n\n");
	if (!text_va) {
		fprintf(stderr,
			"cannot read _text from /proc/kallsyms (run as root)\n");
		return 2;
	}
	if (pipe(go) || pipe(done))
		return 2;
	pid = child(go, done, nothing, NULL);
	if (pid < 0)
		return 2;
	ok = !xlate(0, text_va, &a) && !xlate(pid, text_va, &b);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (!ok)
		return 2;
	text("_text 0x%lx in %d: phys 0x%llx, PGD slot %u, leaf %s\n", text_va,
	     getpid(), (unsigned long long)a.phys, a.step[0].index,
	     leaf(&a) & 4 ? "USER" : "supervisor-only");
	text("_text 0x%lx in %d: phys 0x%llx, PGD slot %u, leaf %s\n\n",
	     text_va, pid, (unsigned long long)b.phys, b.step[0].index,
	     leaf(&b) & 4 ? "USER" : "supervisor-only");
	fact_u64("addr", text_va);
	fact("levels", json_object_new_int(a.levels));
	fact("parent", json_kproc(getpid(), &a));
	fact("child", json_kproc(pid, &b));
	ok = check("translated", a.stop == PAGEWALK_STOP_PAGE &&
					 b.stop == PAGEWALK_STOP_PAGE &&
					 a.phys);
	ok &= check("same_frame", a.phys == b.phys);
	ok &= check("supervisor_only", !(leaf(&a) & 4) && !(leaf(&b) & 4));
	return verdict(ok, "kernel mapped at the same frame in every process, "
			   "supervisor-only");
}

static int run(const char *name)
{
	if (!strcmp(name, "cow"))
		return demo_cow();
	if (!strcmp(name, "demand"))
		return demo_demand();
	if (!strcmp(name, "same-va"))
		return demo_same_va();
	if (!strcmp(name, "huge"))
		return demo_huge();
	if (!strcmp(name, "kernel"))
		return demo_kernel();
	fprintf(stderr,
		"unknown demo %s (cow, demand, same-va, huge, kernel)\n", name);
	return 2;
}

int pagewalk_demo(const char *name, int json)
{
	int ret;

	if (access("/proc/" PAGEWALK_PROC_DIR, F_OK)) {
		fprintf(stderr, "module not loaded: sudo insmod "
				"modules/pagewalk/pagewalk.ko\n");
		return 2;
	}
	json_mode = json;
	jout = json_object_new_object();
	json_object_object_add(jout, "demo", json_object_new_string(name));
	json_object_object_add(jout, "root",
			       json_object_new_boolean(geteuid() == 0));
	if (geteuid())
		fprintf(stderr,
			"(not root: frames read 0, the claims cannot be checked)\n");
	ret = run(name);
	if (json && ret != 2)
		puts(json_object_to_json_string_ext(jout,
						    JSON_C_TO_STRING_PRETTY));
	json_object_put(jout);
	return ret;
}
