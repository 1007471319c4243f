// SPDX-License-Identifier: GPL-2.0
/*
 * binfmt_demo_exec - execve() a file directly (a shell would retry a file
 * refused with ENOEXEC as a shell script), for the binfmt_demo tests.
 *
 *   binfmt_demo_exec [-3] [-c] [-v KIB] [-e NAME=VALUE]... FILE [ARG0 [ARG...]]
 *
 * -c starts from an empty environment, -e adds a variable, -3 calls the
 * 32-bit execve through int $0x80 (x86-64 only; FILE only, no arguments;
 * elsewhere it fails with ENOSYS), -v limits the
 * address space (RLIMIT_AS) of the new program to KIB KiB. ARG0 defaults
 * to FILE. If execve() fails, prints "execve: ENAME" on stderr and exits
 * with status 200; otherwise the program's own output and status are seen.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

extern char **environ;

#ifdef __x86_64__
/* execve(file, {file, NULL}, {NULL}) through the ia32 gate (number 11). */
static int execve_int80(const char *file)
{
	unsigned int *v;
	char *page;
	long ret;

	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (page == MAP_FAILED || strlen(file) >= 2048)
		return ENOMEM;
	strcpy(page, file);
	v = (unsigned int *)(page + 2048);
	v[0] = (unsigned int)(unsigned long)page;
	v[1] = 0;
	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(11L), "b"(page), "c"(v), "d"(v + 1)
			 : "memory", "r8", "r9", "r10", "r11");
	return (int)-ret;
}
#else
/* No 32-bit gate a 64-bit program can call on this architecture. */
static int execve_int80(const char *file)
{
	(void)file;
	return ENOSYS;
}
#endif

int main(int argc, char **argv)
{
	char *empty[] = { NULL };
	char **env = environ;
	struct rlimit rl;
	int opt, int80 = 0;

	while ((opt = getopt(argc, argv, "+3cv:e:")) != -1) {
		switch (opt) {
		case 'v':
			rl.rlim_cur = rl.rlim_max =
				strtoul(optarg, NULL, 0) * 1024;
			if (setrlimit(RLIMIT_AS, &rl))
				return 203;
			break;
		case '3':
			int80 = 1;
			break;
		case 'c':
			clearenv();
			env = empty;
			break;
		case 'e':
			if (putenv(optarg))
				return 201;
			env = environ;
			break;
		default:
			return 202;
		}
	}
	if (optind >= argc) {
		fprintf(stderr,
			"usage: %s [-c] [-e NAME=VALUE]... FILE [ARG0 [ARG...]]\n",
			argv[0]);
		return 202;
	}
	if (int80)
		errno = execve_int80(argv[optind]);
	else if (optind + 1 < argc)
		execve(argv[optind], argv + optind + 1, env);
	else
		execve(argv[optind], argv + optind, env);
	fprintf(stderr, "execve: %s\n", strerrorname_np(errno));
	return 200;
}
