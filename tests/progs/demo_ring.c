// SPDX-License-Identifier: GPL-2.0
/*
 * demo_ring.c - demo chapter 1 (rings): reads the cs register from user
 * code and prints it with its low two bits, the current privilege level
 * (CPL). In a user program the CPL is 3 (binary 11): ring 3, user mode.
 * The kernel side of the same read is /proc/syscall_probe/ring (CPL 0).
 *
 *   demo_ring          cs 0x0033 cpl 3 (binary 11): ring 3, user mode
 *   demo_ring --json   {"cs":51,"cpl":3}
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	unsigned short cs;
	unsigned int cpl;

	/* Any code may read cs; only its CPL bits tell where it runs. */
	asm volatile("mov %%cs, %0" : "=r"(cs));
	cpl = cs & 3;
	if (argc > 1 && !strcmp(argv[1], "--json")) {
		printf("{\"cs\":%u,\"cpl\":%u}\n", cs, cpl);
		return 0;
	}
	printf("cs 0x%04x cpl %u (binary %u%u): ring %u, %s mode\n", cs, cpl,
	       cpl >> 1, cpl & 1, cpl, cpl == 3 ? "user" : "kernel");
	return 0;
}
