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
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define IA32_WRITE 4

static const char via_syscall[] = "hello through write(): syscall\n";
static const char via_int80[] = "hello through int $0x80\n";

/* write(2) through the 32-bit gate: ia32 number in eax, args in ebx... */
static __attribute__((noipa)) long write_int80(int fd, const char *buf,
					       unsigned int len)
{
	long ret;

	asm volatile("int $0x80"
		     : "=a"(ret)
		     : "a"(IA32_WRITE), "b"(fd), "c"(buf), "d"(len)
		     : "memory", "r8", "r9", "r10", "r11");
	return ret;
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
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	if (low == MAP_FAILED)
		return 1;
	memcpy(low, via_int80, sizeof(via_int80));
	for (i = 0; i < n; i++)
		if (write(fd, via_syscall, sizeof(via_syscall) - 1) < 0)
			return 1;
	for (i = 0; i < n; i++)
		if (write_int80(fd, low, sizeof(via_int80) - 1) < 0)
			return 1;
	return 0;
}
