// SPDX-License-Identifier: GPL-2.0
/*
 * demo_tables.c - the demos of what page tables map: same-va (one virtual
 * address, two frames in two processes), huge (a 2 MiB leaf at the PMD)
 * and kernel (the kernel at the same frame in every process, supervisor
 * only).
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

static void nothing(void *p)
{
	(void)p;
}

static struct json_object *json_proc(pid_t pid, uint64_t phys)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "pid", json_object_new_int(pid));
	json_object_object_add(o, "phys", json_object_new_uint64(phys));
	return o;
}

int demo_same_va(struct demo *d)
{
	uintptr_t va = 0x200000000000UL;
	struct pagewalk_xlate a = { 0 }, b = { 0 };
	int go[2], done[2], ok;
	char *p, c;
	pid_t pid;

	demo_text(d, "Each process has its own page tables: the same virtual\n"
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
	ok = ok && !demo_xlate(0, va, &a) && !demo_xlate(pid, va, &b);
	demo_text(d, "parent %d: 0x%lx -> phys 0x%llx\n", getpid(),
		  (unsigned long)va, (unsigned long long)a.phys);
	demo_text(d, "child  %d: 0x%lx -> phys 0x%llx\n\n", pid,
		  (unsigned long)va, (unsigned long long)b.phys);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	demo_fact_u64(d, "addr", va);
	demo_fact(d, "parent", json_proc(getpid(), a.phys));
	demo_fact(d, "child", json_proc(pid, b.phys));
	ok = demo_check(d, "both_mapped", ok && a.phys && b.phys);
	ok &= demo_check(d, "different_frames", a.phys != b.phys);
	return demo_verdict(d, ok,
			    "same virtual address, different physical frames");
}

int demo_huge(struct demo *d)
{
	char *raw = demo_map_anon(2 * HUGE);
	char *p = (char *)(((uintptr_t)raw + HUGE - 1) & ~(HUGE - 1));
	struct pagewalk_xlate x;
	const char *lvl;
	size_t i;
	int ok;

	demo_text(d,
		  "A transparent huge page maps 2 MiB with one PMD entry: the\n"
		  "walk stops one level early, 512 times fewer entries.\n\n");
	if (madvise(p, HUGE, MADV_HUGEPAGE))
		perror("madvise(MADV_HUGEPAGE)");
	for (i = 0; i < HUGE; i += PG)
		p[i] = 1;
	if (demo_xlate(0, (uintptr_t)p + 0x12345, &x))
		return 2;
	lvl = !x.nsteps					 ? "none" :
	      x.step[x.nsteps - 1].level == PAGEWALK_PMD ? "PMD" :
	      x.step[x.nsteps - 1].level == PAGEWALK_PUD ? "PUD" :
							   "PTE";
	demo_text(d, "0x%lx: %u steps, last at level %s, page of %llu KiB\n\n",
		  (unsigned long)p + 0x12345, x.nsteps, lvl,
		  (unsigned long long)x.page_size >> 10);
	if (x.page_size != HUGE)
		demo_text(
			d,
			"(is THP on? cat /sys/kernel/mm/transparent_hugepage/enabled)\n");
	demo_fact_u64(d, "addr", (uintptr_t)p + 0x12345);
	demo_fact(d, "levels", json_object_new_int(x.levels));
	demo_fact(d, "steps", json_object_new_int(x.nsteps));
	demo_fact(d, "leaf_level", json_object_new_string(lvl));
	demo_fact_u64(d, "leaf_entry", demo_leaf(&x));
	demo_fact_u64(d, "page_size", x.page_size);
	demo_fact_u64(d, "phys", x.phys);
	ok = demo_check(d, "translated", x.stop == PAGEWALK_STOP_PAGE);
	ok &= demo_check(d, "page_is_2MiB", x.page_size == HUGE);
	ok &= demo_check(d, "leaf_at_pmd", !strcmp(lvl, "PMD"));
	ok &= demo_check(d, "pse_bit", !!PW_ENTRY_BLOCK(demo_leaf(&x)));
	return demo_verdict(d, ok, "a 2 MiB leaf (PSE bit) at the PMD level");
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
			       json_object_new_uint64(demo_leaf(x)));
	json_object_object_add(
		o, "user",
		json_object_new_boolean(PW_ENTRY_USER(demo_leaf(x))));
	return o;
}

int demo_kernel(struct demo *d)
{
	unsigned long text_va = kernel_text();
	struct pagewalk_xlate a, b;
	int go[2], done[2], ok;
	pid_t pid;

	demo_text(
		d,
		"The kernel is mapped in the top half of every process, with\n"
		"the user bit clear: user code cannot touch it.\n\n");
	if (!text_va) {
		fprintf(stderr,
			"cannot read _text from /proc/kallsyms (run as root)\n");
		return 2;
	}
	if (pipe(go) || pipe(done))
		return 2;
	pid = demo_child(go, done, nothing, NULL);
	if (pid < 0)
		return 2;
	ok = !demo_xlate(0, text_va, &a) && !demo_xlate(pid, text_va, &b);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (!ok)
		return 2;
	demo_text(d, "_text 0x%lx in %d: phys 0x%llx, PGD slot %u, leaf %s\n",
		  text_va, getpid(), (unsigned long long)a.phys,
		  a.step[0].index,
		  PW_ENTRY_USER(demo_leaf(&a)) ? "USER" : "supervisor-only");
	demo_text(d, "_text 0x%lx in %d: phys 0x%llx, PGD slot %u, leaf %s\n\n",
		  text_va, pid, (unsigned long long)b.phys, b.step[0].index,
		  PW_ENTRY_USER(demo_leaf(&b)) ? "USER" : "supervisor-only");
	demo_fact_u64(d, "addr", text_va);
	demo_fact(d, "levels", json_object_new_int(a.levels));
	demo_fact(d, "parent", json_kproc(getpid(), &a));
	demo_fact(d, "child", json_kproc(pid, &b));
	ok = demo_check(d, "translated",
			a.stop == PAGEWALK_STOP_PAGE &&
				b.stop == PAGEWALK_STOP_PAGE && a.phys);
	ok &= demo_check(d, "same_frame", a.phys == b.phys);
	ok &= demo_check(d, "supervisor_only",
			 !PW_ENTRY_USER(demo_leaf(&a)) &&
				 !PW_ENTRY_USER(demo_leaf(&b)));
	return demo_verdict(d, ok,
			    "kernel mapped at the same frame in every process, "
			    "supervisor-only");
}
