// SPDX-License-Identifier: GPL-2.0
/*
 * hello.c - the smallest useful toy program: one write(2), exit status 0.
 * Built with nolibc (no C library), then converted by mktoy.
 */
#include "nolibc.h"

int main(void)
{
	static const char msg[] = "Hello from a toy executable!\n";

	write(1, msg, sizeof(msg) - 1);
	return 0;
}
