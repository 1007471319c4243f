/* SPDX-License-Identifier: GPL-2.0 */
/*
 * demo.h - what the demos of "pagewalk demo" share: the run of one demo
 * (text or JSON, the facts measured) and the helpers that set up memory
 * and processes and translate addresses.
 */
#ifndef PAGEWALK_DEMO_H
#define PAGEWALK_DEMO_H

#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "pagewalk.h"

#define PG 4096UL
#define HUGE (2UL << 20)

/* One demo's run: --json or text, and the result object. */
struct demo {
	int json;
	struct json_object *out;
};

/* Explanations and measurements for people; silent with --json. */
void demo_text(const struct demo *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A measured fact, in the JSON result. */
void demo_fact(struct demo *d, const char *key, struct json_object *v);
void demo_fact_u64(struct demo *d, const char *key, uint64_t v);
/* One part of the claim, as a boolean in "checks"; returns @ok. */
int demo_check(struct demo *d, const char *key, int ok);
/* The claim and whether it holds; returns 0 if it does, 1 if not. */
int demo_verdict(struct demo *d, int ok, const char *claim);

/* Translate @addr in process @pid (0: ourselves); -1 on error. */
int demo_xlate(pid_t pid, uintptr_t addr, struct pagewalk_xlate *x);
/* The last entry of a walk (the leaf), 0 if none. */
uint64_t demo_leaf(const struct pagewalk_xlate *x);
/* Private anonymous memory, or exit(2). */
void *demo_map_anon(size_t len);
/* A child that waits on @go, runs @fn, reports on @done, then waits. */
pid_t demo_child(int go[2], int done[2], void (*fn)(void *), void *arg);
/* Let the child run @fn once and wait until it has. */
void demo_step(int go[2], int done[2]);

int demo_cow(struct demo *d);
int demo_demand(struct demo *d);
int demo_same_va(struct demo *d);
int demo_huge(struct demo *d);
int demo_kernel(struct demo *d);

#endif /* PAGEWALK_DEMO_H */
