/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pagewalk_demo.h - the demo modes of userspace/pagewalk: each one sets up
 * memory, reads the real page tables through /proc/pagewalk and checks
 * one claim about virtual memory, printing what it shows and why.
 */
#ifndef USERSPACE_PAGEWALK_DEMO_H
#define USERSPACE_PAGEWALK_DEMO_H

/*
 * Run demo @name (cow, demand, same-va, huge, kernel). Returns 0 when the
 * claim holds, 1 when it does not, 2 when the demo cannot run (module not
 * loaded, not root, unknown name). With @json the text is replaced by one
 * JSON object on stdout: the facts, "checks", "claim" and "holds".
 */
int pagewalk_demo(const char *name, int json);

#endif /* USERSPACE_PAGEWALK_DEMO_H */
