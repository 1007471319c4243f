// SPDX-License-Identifier: GPL-2.0
/*
 * demo_frames.c - the demos of when a process gets frames: cow (after fork
 * parent and child share read-only frames until one writes) and demand
 * (mmap reserves addresses; a frame comes with the first touch).
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

#include "demo.h"
#include "lkm_suite.h"
#include "pagewalk.h"
#include "pwtool.h"

#define COW_PAGES 4
#define COW_WRITTEN 1 /* the page the child writes */

static void write_page(void *p)
{
	*((volatile char *)p + COW_WRITTEN * PG) = 'c';
}

/* Frames and RW bits of the COW pages in @pid; 0 or -1. */
static int cow_frames(pid_t pid, char *p, uint64_t *phys, int *rw)
{
	struct pagewalk_xlate x;
	int i;

	for (i = 0; i < COW_PAGES; i++) {
		if (demo_xlate(pid, (uintptr_t)p + i * PG, &x))
			return -1;
		phys[i] = x.stop == PAGEWALK_STOP_PAGE ? x.phys : 0;
		rw[i] = !!PW_ENTRY_WRITABLE(demo_leaf(&x));
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
static void cow_report(struct demo *d, const char *key, const char *when,
		       pid_t pid, char *p, uint64_t *par, int *prw,
		       uint64_t *chi, int *crw)
{
	struct json_object *o = json_object_new_object();
	int i;

	json_object_object_add(o, "parent", json_u64s(par, COW_PAGES));
	json_object_object_add(o, "child", json_u64s(chi, COW_PAGES));
	json_object_object_add(o, "parent_writable",
			       json_bools(prw, COW_PAGES));
	json_object_object_add(o, "child_writable", json_bools(crw, COW_PAGES));
	demo_fact(d, key, o);
	demo_text(d, "%s:\n", when);
	for (i = 0; i < COW_PAGES; i++)
		demo_text(d,
			  "  page %d 0x%lx  parent %d -> 0x%09llx %s   "
			  "child %d -> 0x%09llx %s\n",
			  i, (unsigned long)p + i * PG, getpid(),
			  (unsigned long long)par[i], prw[i] ? "RW" : "RO", pid,
			  (unsigned long long)chi[i], crw[i] ? "RW" : "RO");
}

int demo_cow(struct demo *d)
{
	char *p = demo_map_anon(COW_PAGES * PG);
	uint64_t pa[COW_PAGES], ca[COW_PAGES], pb[COW_PAGES], cb[COW_PAGES];
	int pra[COW_PAGES], cra[COW_PAGES], prb[COW_PAGES], crb[COW_PAGES];
	int go[2], done[2], ok, shared = 1, ro = 1, others = 1, i;
	pid_t pid;

	demo_text(
		d,
		"fork(): parent and child share every private page, read-only,\n"
		"until one of them writes; the writer gets its own copy, the\n"
		"other pages stay shared. The child writes page %d of %d.\n\n",
		COW_WRITTEN, COW_PAGES);
	for (i = 0; i < COW_PAGES; i++)
		p[i * PG] = 'p';
	if (pipe(go) || pipe(done))
		return 2;
	pid = demo_child(go, done, write_page, p);
	if (pid < 0)
		return 2;
	if (cow_frames(0, p, pa, pra) || cow_frames(pid, p, ca, cra))
		goto fail;
	demo_step(go, done);
	if (cow_frames(0, p, pb, prb) || cow_frames(pid, p, cb, crb))
		goto fail;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	demo_fact(d, "addr", json_object_new_uint64((uintptr_t)p));
	demo_fact(d, "pages", json_object_new_int(COW_PAGES));
	demo_fact(d, "written_page", json_object_new_int(COW_WRITTEN));
	demo_fact(d, "parent_pid", json_object_new_int(getpid()));
	demo_fact(d, "child_pid", json_object_new_int(pid));
	cow_report(d, "before", "after fork", pid, p, pa, pra, ca, cra);
	cow_report(d, "after", "after the child writes", pid, p, pb, prb, cb,
		   crb);
	for (i = 0; i < COW_PAGES; i++) {
		shared = shared && pa[i] && pa[i] == ca[i];
		ro = ro && !pra[i] && !cra[i];
		if (i != COW_WRITTEN)
			others = others && pb[i] && pb[i] == cb[i] &&
				 pb[i] == pa[i];
	}
	demo_text(d, "\n");
	ok = demo_check(d, "shared_after_fork", shared);
	ok &= demo_check(d, "read_only_after_fork", ro);
	ok &= demo_check(d, "writer_new_frame",
			 cb[COW_WRITTEN] &&
				 cb[COW_WRITTEN] != pa[COW_WRITTEN] &&
				 crb[COW_WRITTEN]);
	ok &= demo_check(d, "parent_keeps_frame",
			 pb[COW_WRITTEN] == pa[COW_WRITTEN]);
	ok &= demo_check(d, "others_still_shared", others);
	return demo_verdict(d, ok,
			    "shared read-only frames after fork; the written "
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
		    !pw_line_present(line))
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

int demo_demand(struct demo *d)
{
	size_t len = 64UL << 20, stride = 16, i;
	char *p = demo_map_anon(len);
	long before, after, other0, other;
	int ok;

	demo_text(
		d,
		"mmap() only reserves addresses: frames come on the first touch\n"
		"(a page fault), one page at a time.\n\n");
	madvise(p, len, MADV_NOHUGEPAGE);
	before = present_pages(p, len, stride, &other0);
	demo_text(d, "mmap 64 MiB at 0x%lx: %ld present pages\n",
		  (unsigned long)p, before);
	for (i = 0; i < len; i += stride * PG)
		p[i] = 1;
	after = present_pages(p, len, stride, &other);
	demo_text(d,
		  "touched every %zuth page (%zu pages): %ld present pages, "
		  "%ld of them untouched\n\n",
		  stride, len / (stride * PG), after, other);
	demo_fact_u64(d, "addr", (uintptr_t)p);
	demo_fact_u64(d, "length", len);
	demo_fact_u64(d, "pages", len / PG);
	demo_fact_u64(d, "stride_pages", stride);
	demo_fact(d, "present_before", json_object_new_int64(before));
	demo_fact_u64(d, "touched", len / (stride * PG));
	demo_fact(d, "present_after", json_object_new_int64(after));
	demo_fact(d, "present_untouched", json_object_new_int64(other));
	ok = demo_check(d, "no_frames_before_touch", before == 0);
	ok &= demo_check(d, "exactly_the_touched_pages",
			 after == (long)(len / (stride * PG)) && other == 0);
	return demo_verdict(
		d, ok,
		"no frames until touched, then exactly the touched pages");
}
