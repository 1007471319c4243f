// SPDX-License-Identifier: GPL-2.0
/*
 * pagewalk_demo.c - "pagewalk demo NAME": prove a claim about virtual
 * memory on the live kernel with /proc/pagewalk (modules/pagewalk). Each
 * demo prints what it does, what the page tables show and whether the
 * claim held ("CLAIM HOLDS" / "CLAIM FAILS"). Frames need root.
 */
#include <fcntl.h>
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
#include "pagewalk_demo.h"

#define PG 4096UL
#define HUGE (2UL << 20)

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
	printf("%s: %s\n", ok ? "CLAIM HOLDS" : "CLAIM FAILS", claim);
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

static void write_page(void *p)
{
	*(volatile char *)p = 'c';
}

static void nothing(void *p)
{
	(void)p;
}

static int demo_cow(void)
{
	char *p = map_anon(PG);
	struct pagewalk_xlate a, b, c;
	int go[2], done[2], ok;
	pid_t pid;

	printf("fork(): parent and child share every private page, read-only,\n"
	       "until one of them writes; the writer gets its own copy.\n\n");
	*p = 'p';
	if (pipe(go) || pipe(done))
		return 2;
	pid = child(go, done, write_page, p);
	if (pid < 0)
		return 2;
	if (xlate(0, (uintptr_t)p, &a) || xlate(pid, (uintptr_t)p, &b))
		goto fail;
	printf("after fork   parent 0x%lx -> phys 0x%llx %s\n",
	       (unsigned long)p, (unsigned long long)a.phys,
	       leaf(&a) & 2 ? "RW" : "read-only");
	printf("             child  0x%lx -> phys 0x%llx %s\n",
	       (unsigned long)p, (unsigned long long)b.phys,
	       leaf(&b) & 2 ? "RW" : "read-only");
	step(go, done);
	if (xlate(pid, (uintptr_t)p, &c))
		goto fail;
	printf("child writes child  0x%lx -> phys 0x%llx %s\n\n",
	       (unsigned long)p, (unsigned long long)c.phys,
	       leaf(&c) & 2 ? "RW" : "read-only");
	ok = a.phys && a.phys == b.phys && !(leaf(&a) & 2) && !(leaf(&b) & 2) &&
	     c.phys != a.phys && (leaf(&c) & 2);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return verdict(ok, "shared read-only frame after fork, a new writable "
			   "frame for the writer");
fail:
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return 2;
}

/* Present 4 KiB pages of ours in [p, p + len), from the listing. */
static long present_pages(char *p, size_t len)
{
	unsigned long s, e, lo = (uintptr_t)p, hi = lo + len;
	char line[512];
	long n = 0;
	FILE *f = fopen("/proc/" PAGEWALK_PROC_DIR "/self", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "0x%lx-0x%lx", &s, &e) != 2 ||
		    !strstr(line, " present"))
			continue;
		if (s < lo)
			s = lo;
		if (e > hi)
			e = hi;
		if (s < e)
			n += (e - s) / PG;
	}
	fclose(f);
	return n;
}

static int demo_demand(void)
{
	size_t len = 64UL << 20, i;
	char *p = map_anon(len);
	long before, after;

	printf("mmap() only reserves addresses: frames come on the first touch\n"
	       "(a page fault), one page at a time.\n\n");
	madvise(p, len, MADV_NOHUGEPAGE);
	before = present_pages(p, len);
	printf("mmap 64 MiB at 0x%lx: %ld present pages\n", (unsigned long)p,
	       before);
	for (i = 0; i < len; i += 16 * PG)
		p[i] = 1;
	after = present_pages(p, len);
	printf("touched every 16th page (%zu pages): %ld present pages\n\n",
	       len / (16 * PG), after);
	return verdict(
		before == 0 && after == (long)(len / (16 * PG)),
		"no frames until touched, then exactly the touched pages");
}

static int demo_same_va(void)
{
	uintptr_t va = 0x200000000000UL;
	struct pagewalk_xlate a = { 0 }, b = { 0 };
	int go[2], done[2], ok;
	char *p, c;
	pid_t pid;

	printf("Each process has its own page tables: the same virtual\n"
	       "address leads to different frames in two processes.\n\n");
	if (pipe(go) || pipe(done))
		return 2;
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
	printf("parent %d: 0x%lx -> phys 0x%llx\n", getpid(), (unsigned long)va,
	       (unsigned long long)a.phys);
	printf("child  %d: 0x%lx -> phys 0x%llx\n\n", pid, (unsigned long)va,
	       (unsigned long long)b.phys);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return verdict(ok && a.phys && b.phys && a.phys != b.phys,
		       "same virtual address, different physical frames");
}

static int demo_huge(void)
{
	char *raw = map_anon(2 * HUGE);
	char *p = (char *)(((uintptr_t)raw + HUGE - 1) & ~(HUGE - 1));
	struct pagewalk_xlate x;
	size_t i;

	printf("A transparent huge page maps 2 MiB with one PMD entry: the\n"
	       "walk stops one level early, 512 times fewer entries.\n\n");
	if (madvise(p, HUGE, MADV_HUGEPAGE))
		perror("madvise(MADV_HUGEPAGE)");
	for (i = 0; i < HUGE; i += PG)
		p[i] = 1;
	if (xlate(0, (uintptr_t)p + 0x12345, &x))
		return 2;
	printf("0x%lx: %u steps, last at level %s, page of %llu KiB\n\n",
	       (unsigned long)p + 0x12345, x.nsteps,
	       x.nsteps && x.step[x.nsteps - 1].level == PAGEWALK_PMD ? "PMD" :
									"PTE",
	       (unsigned long long)x.page_size >> 10);
	if (x.page_size != HUGE)
		printf("(is THP on? cat /sys/kernel/mm/transparent_hugepage/enabled)\n");
	return verdict(x.stop == PAGEWALK_STOP_PAGE && x.page_size == HUGE &&
			       x.step[x.nsteps - 1].level == PAGEWALK_PMD &&
			       (leaf(&x) & 0x80),
		       "a 2 MiB leaf (PSE bit) at the PMD level");
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

static int demo_kernel(void)
{
	unsigned long text = kernel_text();
	struct pagewalk_xlate a, b;
	int go[2], done[2], ok;
	pid_t pid;

	printf("The kernel is mapped in the top half of every process, with\n"
	       "the user bit clear: user code cannot touch it.\n\n");
	if (!text) {
		printf("cannot read _text from /proc/kallsyms (run as root)\n");
		return 2;
	}
	if (pipe(go) || pipe(done))
		return 2;
	pid = child(go, done, nothing, NULL);
	if (pid < 0)
		return 2;
	ok = !xlate(0, text, &a) && !xlate(pid, text, &b);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	if (!ok)
		return 2;
	printf("_text 0x%lx in %d: phys 0x%llx, PGD slot %u, leaf %s\n", text,
	       getpid(), (unsigned long long)a.phys, a.step[0].index,
	       leaf(&a) & 4 ? "USER" : "supervisor-only");
	printf("_text 0x%lx in %d: phys 0x%llx, PGD slot %u, leaf %s\n\n", text,
	       pid, (unsigned long long)b.phys, b.step[0].index,
	       leaf(&b) & 4 ? "USER" : "supervisor-only");
	return verdict(a.stop == PAGEWALK_STOP_PAGE && a.phys &&
			       a.phys == b.phys && !(leaf(&a) & 4) &&
			       !(leaf(&b) & 4),
		       "kernel mapped at the same frame in every process, "
		       "supervisor-only");
}

int pagewalk_demo(const char *name)
{
	if (access("/proc/" PAGEWALK_PROC_DIR, F_OK)) {
		fprintf(stderr, "module not loaded: sudo insmod "
				"modules/pagewalk/pagewalk.ko\n");
		return 2;
	}
	if (geteuid())
		printf("(not root: frames read 0, the claims cannot be checked)\n");
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
