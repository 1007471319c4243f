// SPDX-License-Identifier: GPL-2.0
/*
 * demo_syscall.c - demo chapter 2 (system calls): the same request, write
 * a line to standard output, made N times through the C library's write()
 * (which executes the `syscall` instruction with 1, write's 64-bit number,
 * in rax) and N times through `int $0x80`, the legacy 32-bit gate, with 4,
 * write's number in the ia32 table. Nothing else writes.
 *
 *   demo_syscall [-q] [N]    N of each (default 1); -q: to /dev/null
 *
 * int $0x80 passes 32-bit registers: the text must sit below 4 GiB, so it
 * is copied to a page mapped with MAP_32BIT.
 *
 * arm64: a 64-bit program has one gate, svc #0 (write is 64 in x8); the
 * second N writes are that instruction written out in assembly rather
 * than the C library's, so both show as abi 64. The 32-bit gate (compat)
 * belongs to AArch32 programs.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "gate2.h"

#ifdef __x86_64__
static const char via_syscall[] = "hello through write(): syscall\n";
static const char via_gate2[] = "hello through int $0x80\n";
#else
static const char via_syscall[] = "hello through write(): svc #0\n";
static const char via_gate2[] = "hello through svc #0 written out\n";
#endif

/* write(2) through the second gate, a function of its own to disassemble. */
static __attribute__((noipa)) long write_gate2(int fd, const char *buf,
					       unsigned int len)
{
	return gate2(GATE2_WRITE, fd, (long)buf, len);
}

int main(int argc, char **argv)
{
	int fd = 1, i, n = 1, argi = 1;
	char *low;

	if (argi < argc && !strcmp(argv[argi], "-q")) {
		fd = open("/dev/null", O_WRONLY);
		if (fd < 0)
			return 1;
		argi++;
	}
	if (argi < argc)
		n = atoi(argv[argi]);
	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | GATE2_MAP_LOW, -1, 0);
	if (low == MAP_FAILED)
		return 1;
	memcpy(low, via_gate2, sizeof(via_gate2));
	for (i = 0; i < n; i++)
		if (write(fd, via_syscall, sizeof(via_syscall) - 1) < 0)
			return 1;
	for (i = 0; i < n; i++)
		if (write_gate2(fd, low, sizeof(via_gate2) - 1) < 0)
			return 1;
	return 0;
}
