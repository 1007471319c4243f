// SPDX-License-Identifier: GPL-2.0
/*
 * sleeper.c - print "ready", then sleep for argv[1] seconds (default 30):
 * a toy process that stays alive while /proc/<pid>/ is inspected or while
 * rmmod binfmt_demo is tried.
 */
#include "nolibc.h"

int main(int argc, char **argv)
{
	unsigned int secs = argc > 1 ? atoi(argv[1]) : 30;

	write(1, "ready\n", 6);
	sleep(secs);
	return 0;
}
