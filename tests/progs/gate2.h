/* SPDX-License-Identifier: GPL-2.0 */
/*
 * gate2.h - a system call through the "second gate" a 64-bit test program
 * can use, written out in assembly so that the C library adds nothing:
 *
 *   x86-64: int $0x80, the legacy 32-bit gate, with the ia32 numbers
 *           (GATE2_GETPID 20, GATE2_WRITE 4, GATE2_EXECVE 11) and 32-bit
 *           registers (pointers must lie below 4 GiB: GATE2_MAP_LOW for
 *           mmap);
 *   arm64:  svc #0 with the 64-bit numbers (172, 64): a 64-bit program has
 *           only that gate (AArch32's, "compat", needs a32.h).
 *
 *   ret = gate2(GATE2_WRITE, fd, (long)buf, len);
 */
#ifndef GATE2_H
#define GATE2_H

#include <sys/mman.h>

#ifdef __x86_64__
#define GATE2_GETPID 20L
#define GATE2_WRITE 4L
#define GATE2_EXECVE 11L
#define GATE2_MAP_LOW MAP_32BIT

static inline long gate2(long nr, long a, long b, long c)
{
	long ret;

	/* int $0x80 from 64-bit code: r8-r11 are not preserved. */
	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(nr), "b"(a), "c"(b), "d"(c)
			 : "memory", "r8", "r9", "r10", "r11");
	return ret;
}
#elif defined(__aarch64__)
#define GATE2_GETPID 172L /* __NR_getpid */
#define GATE2_WRITE 64L /* __NR_write */
#define GATE2_MAP_LOW 0

/* svc #0: number in x8, arguments in x0-x2, result in x0. */
static inline long gate2(long nr, long a, long b, long c)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2)
			 : "memory");
	return x0;
}
#else
#error "x86-64 and arm64 only"
#endif

#endif /* GATE2_H */
