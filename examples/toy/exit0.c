// SPDX-License-Identifier: GPL-2.0
/*
 * exit0.c - exits at once with status 0: the exec+exit benchmark program.
 */
#include "nolibc.h"

int main(void)
{
	return 0;
}
