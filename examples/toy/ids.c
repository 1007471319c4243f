// SPDX-License-Identifier: GPL-2.0
/*
 * ids.c - prints the real and effective user ids ("uid R euid E") and
 * exits 0: the security tests run it as a set-user-ID ELF and toy file to
 * check that both get the same credentials. Built with nolibc (no C
 * library), then converted by mktoy.
 */
#include "nolibc.h"

int main(void)
{
	printf("uid %d euid %d\n", (int)getuid(), (int)geteuid());
	return 0;
}
