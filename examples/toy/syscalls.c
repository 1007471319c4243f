// SPDX-License-Identifier: GPL-2.0
/*
 * syscalls.c - the same system calls (getpid, write) made through the
 * 64-bit "syscall" instruction and through the 32-bit "int $0x80" gate
 * (ia32 numbers: getpid 20, write 4), for the syscall_probe demo.
 */
#include "nolibc.h"

static long int80(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c)
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}

int main(void)
{
	static const char m64[] = "write via syscall\n";
	static const char m32[] = "write via int $0x80\n";
	long pid64 = my_syscall0(__NR_getpid);
	long pid32 = int80(20, 0, 0, 0);

	my_syscall3(__NR_write, 1, m64, sizeof(m64) - 1);
	int80(4, 1, (long)m32, sizeof(m32) - 1);
	printf("getpid same both ways: %s\n", pid64 == pid32 ? "yes" : "no");
	return pid64 == pid32 ? 0 : 1;
}
