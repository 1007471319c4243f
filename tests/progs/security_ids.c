// SPDX-License-Identifier: GPL-2.0
/*
 * security_ids - prints "uid R euid E" (real and effective user id), for
 * tests/vm/security.sh: the interpreter of a set-user-ID interpreted toy
 * file and of a set-user-ID "#!" script, to compare whose credentials each
 * runs with.
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("uid %d euid %d\n", (int)getuid(), (int)geteuid());
	return 0;
}
