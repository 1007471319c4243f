// SPDX-License-Identifier: GPL-2.0
/*
 * showargs.c - print what the loader put on the initial stack: argc,
 * argv[], envp[], the auxiliary vector entries the toy loader provides,
 * and whether the stack pointer was 16-byte aligned at the entry point.
 */
#include "nolibc.h"

static void show_aux(const char *name, unsigned long type)
{
	printf("auxv %s 0x%lx\n", name, getauxval(type));
}

int main(int argc, char **argv, char **envp)
{
	const unsigned char *rnd;
	int i, nonzero = 0;

	printf("argc %d\n", argc);
	for (i = 0; i < argc; i++)
		printf("argv[%d] %s\n", i, argv[i]);
	for (i = 0; envp[i]; i++)
		printf("envp[%d] %s\n", i, envp[i]);
	/* _start_c() gets the entry %rsp; argv is one word above it. */
	printf("stack_aligned %s\n",
	       ((unsigned long)argv & 15) == 8 ? "yes" : "no");
	show_aux("AT_PAGESZ", AT_PAGESZ);
	show_aux("AT_ENTRY", AT_ENTRY);
	printf("auxv AT_EXECFN %s\n", (const char *)getauxval(AT_EXECFN));
	rnd = (const unsigned char *)getauxval(AT_RANDOM);
	for (i = 0; rnd && i < 16; i++)
		nonzero |= rnd[i];
	printf("auxv AT_RANDOM %s\n", rnd && nonzero ? "16 bytes" : "missing");
	return argc;
}
