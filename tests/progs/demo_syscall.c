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
 * arm64: a 64-bit program has one gate, svc #0 (write is 64 in x8). The
 * second gate, compat, belongs to AArch32 programs: after its N writes
 * through the C library the program execs a small AArch32 image (a32.h)
 * that makes the other N with svc #0 and 4, write's number in the 32-bit
 * ARM table, in r7 (the same 4 as ia32's), then exits with status 0.
 *
 *   demo_syscall --a32 FILE  writes that image to FILE (for objdump -d)
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

/* write(2) through the second gate, a function of its own to disassemble. */
static __attribute__((noipa)) long write_gate2(int fd, const char *buf,
					       unsigned int len)
{
	return gate2(GATE2_WRITE, fd, (long)buf, len);
}

/* The second half: @n writes of via_gate2 through int $0x80. */
static int gate2_writes(int fd, int n, int image)
{
	char *low;
	int i;

	if (image >= 0)
		return 1; /* no image on x86-64 */
	low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | GATE2_MAP_LOW, -1, 0);
	if (low == MAP_FAILED)
		return 1;
	memcpy(low, via_gate2, sizeof(via_gate2));
	for (i = 0; i < n; i++)
		if (write_gate2(fd, low, sizeof(via_gate2) - 1) < 0)
			return 1;
	return 0;
}
#else
#include <stdint.h>

#include "a32.h"

static const char via_syscall[] = "hello through write(): svc #0\n";
static const char via_gate2[] = "hello through svc #0 from AArch32\n";

#define A32_TEXT 13 /* the word where the text starts */

/*
 * The AArch32 image: @n writes of via_gate2 to @fd (r7 = 4: write in the
 * compat table), then exit_group(0) (248). Returns its descriptor.
 */
static int compat_image(int fd, int n)
{
	uint32_t code[A32_TEXT + sizeof(via_gate2) / 4 + 1] = {
		0xe59f4024, /* ldr r4, [pc, #36]: n, word 11 */
		A32_MOV(0, 0), /* loop: r0 = fd (set below) */
		0xe59f1020, /* ldr r1, [pc, #32]: the text's address, word 12 */
		A32_MOV(2, sizeof(via_gate2) - 1), /* r2 = its length */
		A32_MOV(7, 4), /* r7 = 4: write */
		A32_SVC0, /* svc #0 */
		0xe2544001, /* subs r4, r4, #1 */
		0x1afffff8, /* bne loop */
		A32_MOV(0, 0), /* r0 = 0 */
		A32_MOV(7, 248), /* r7 = 248: exit_group */
		A32_SVC0, /* svc #0 */
		0, /* word 11: n */
		A32_BASE + A32_CODE + 4 * A32_TEXT, /* word 12: the text */
	};

	if (fd > 255 || n < 1)
		return -1;
	code[1] = A32_MOV(0, fd);
	code[11] = n;
	memcpy(code + A32_TEXT, via_gate2, sizeof(via_gate2));
	return a32_prepare(code, sizeof(code) / sizeof(code[0]));
}

/*
 * The second half: exec the AArch32 image (@image >= 0: write it there
 * instead, for objdump).
 */
static int gate2_writes(int fd, int n, int image)
{
	char *argv[] = { "demo_syscall-a32", NULL };
	char buf[4096];
	int a32 = compat_image(image >= 0 ? 1 : fd, n), ok = 1;
	ssize_t got;

	if (a32 < 0)
		return 1;
	if (image >= 0) {
		while ((got = read(a32, buf, sizeof(buf))) > 0)
			ok &= write(image, buf, got) == got;
		return !ok || got < 0;
	}
	a32_exec(a32, argv);
	return 1; /* no AArch32 at EL0, or no CONFIG_COMPAT */
}
#endif

int main(int argc, char **argv)
{
	int fd = 1, i, n = 1, argi = 1;

	if (argc == 3 && !strcmp(argv[1], "--a32")) {
		fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		return fd < 0 || gate2_writes(1, 1, fd);
	}
	if (argi < argc && !strcmp(argv[argi], "-q")) {
		fd = open("/dev/null", O_WRONLY);
		if (fd < 0)
			return 1;
		argi++;
	}
	if (argi < argc)
		n = atoi(argv[argi]);
	for (i = 0; i < n; i++)
		if (write(fd, via_syscall, sizeof(via_syscall) - 1) < 0)
			return 1;
	return gate2_writes(fd, n, -1);
}
