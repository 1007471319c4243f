// SPDX-License-Identifier: GPL-2.0
/*
 * brkgrow.c - grow the heap with brk(2) the way malloc does: 16 steps of
 * 64 KiB, writing every page, then check the data and shrink it back.
 */
#include "nolibc.h"

#define STEP (64 * 1024)
#define STEPS 16

int main(void)
{
	char *start = sys_brk(0), *cur = start;
	long i, bad = 0;

	for (i = 0; i < STEPS; i++) {
		if (sys_brk(cur + STEP) != cur + STEP) {
			printf("brk failed at step %ld\n", i);
			return 1;
		}
		memset(cur, (int)i + 1, STEP);
		cur += STEP;
	}
	for (i = 0; i < STEPS * STEP; i++)
		bad += start[i] != (char)(i / STEP + 1);
	printf("brk start page-aligned %s\n",
	       ((unsigned long)start & 4095) ? "no" : "yes");
	printf("brk grew by %ld bytes, %ld bad bytes\n", (long)(cur - start),
	       bad);
	printf("brk shrink %s\n", sys_brk(start) == start ? "ok" : "failed");
	return bad ? 1 : 0;
}
