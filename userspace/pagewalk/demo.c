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
 *
 * demo.c: the helpers of every demo and the choice of one; demo_frames.c
 * has cow and demand, demo_tables.c same-va, huge and kernel.
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

/* Explanations and measurements for people; silent with --json. */
void demo_text(const struct demo *d, const char *fmt, ...)
{
	va_list ap;

	if (d->json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

void demo_fact(struct demo *d, const char *key, struct json_object *v)
{
	json_object_object_add(d->out, key, v);
}

void demo_fact_u64(struct demo *d, const char *key, uint64_t v)
{
	demo_fact(d, key, json_object_new_uint64(v));
}

/* One part of the claim, as a boolean in "checks"; returns @ok. */
int demo_check(struct demo *d, const char *key, int ok)
{
	struct json_object *c;

	if (!json_object_object_get_ex(d->out, "checks", &c)) {
		c = json_object_new_object();
		demo_fact(d, "checks", c);
	}
	json_object_object_add(c, key, json_object_new_boolean(ok));
	return ok;
}

/* Translate @addr in process @pid (0: ourselves); -1 on error. */
int demo_xlate(pid_t pid, uintptr_t addr, struct pagewalk_xlate *x)
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

uint64_t demo_leaf(const struct pagewalk_xlate *x)
{
	return x->nsteps ? x->step[x->nsteps - 1].entry : 0;
}

int demo_verdict(struct demo *d, int ok, const char *claim)
{
	demo_fact(d, "claim", json_object_new_string(claim));
	demo_fact(d, "holds", json_object_new_boolean(ok));
	demo_text(d, "%s: %s\n", ok ? "CLAIM HOLDS" : "CLAIM FAILS", claim);
	return !ok;
}

void *demo_map_anon(size_t len)
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
pid_t demo_child(int go[2], int done[2], void (*fn)(void *), void *arg)
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

void demo_step(int go[2], int done[2])
{
	char c;

	if (write(go[1], "x", 1) != 1 || read(done[0], &c, 1) != 1)
		exit(2);
}

static int run(struct demo *d, const char *name)
{
	if (!strcmp(name, "cow"))
		return demo_cow(d);
	if (!strcmp(name, "demand"))
		return demo_demand(d);
	if (!strcmp(name, "same-va"))
		return demo_same_va(d);
	if (!strcmp(name, "huge"))
		return demo_huge(d);
	if (!strcmp(name, "kernel"))
		return demo_kernel(d);
	fprintf(stderr,
		"unknown demo %s (cow, demand, same-va, huge, kernel)\n", name);
	return 2;
}

int pagewalk_demo(const char *name, int json)
{
	struct demo d;
	int ret;

	if (access("/proc/" PAGEWALK_PROC_DIR, F_OK)) {
		fprintf(stderr, "module not loaded: sudo insmod "
				"modules/pagewalk/pagewalk.ko\n");
		return 2;
	}
	d.json = json;
	d.out = json_object_new_object();
	json_object_object_add(d.out, "demo", json_object_new_string(name));
	json_object_object_add(d.out, "root",
			       json_object_new_boolean(geteuid() == 0));
	if (geteuid())
		fprintf(stderr,
			"(not root: frames read 0, the claims cannot be checked)\n");
	ret = run(&d, name);
	if (json && ret != 2)
		puts(json_object_to_json_string_ext(d.out,
						    JSON_C_TO_STRING_PRETTY));
	json_object_put(d.out);
	return ret;
}
