/* SPDX-License-Identifier: GPL-2.0 */
/*
 * a32.h - run a few AArch32 (A32) instructions as a program of their own,
 * for the tests that need an arm64 kernel's second entry gate: an AArch32
 * task's svc #0 enters with the 32-bit ARM numbering ("compat", as int
 * $0x80 enters with the ia32 one on x86-64). No 32-bit compiler is needed:
 * the caller gives the machine code, this file wraps it in a one-segment
 * static ELF32 image (EM_ARM, EABI 5, a non-executable stack) and execs it.
 *
 *   fd = a32_prepare(code, words);   the image in a deleted file
 *   a32_exec(fd, argv);              exec it (returns only on failure)
 *
 * A kernel without CONFIG_COMPAT, or a CPU without AArch32 at EL0, refuses
 * the image (ENOEXEC).
 */
#ifndef A32_H
#define A32_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define A32_BASE 0x10000u /* load address of the image */
#define A32_CODE 116u /* ELF header (52) + two program headers (2 x 32) */

/* Encodings used by the callers (cond AL). */
#define A32_SVC0 0xef000000u /* svc #0 */
#define A32_MOV(rd, imm8) \
	(0xe3a00000u | (rd) << 12 | (imm8)) /* mov rd, #imm8 */
#define A32_MVN0(rd) (0xe3e00000u | (rd) << 12) /* mvn rd, #0: rd = -1 */

static inline void a32_put32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static inline void a32_put16(unsigned char *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

/*
 * Writes an ELF32 image of @words instructions (or data words) at @code,
 * entry at the first one, to a file that is then deleted; returns a
 * read-only descriptor of it (close-on-exec), or -1 with errno set.
 */
static inline int a32_prepare(const uint32_t *code, size_t words)
{
	size_t size = A32_CODE + 4 * words, i;
	char path[] = "/tmp/a32.XXXXXX";
	unsigned char *img = calloc(1, size);
	int fd, rfd = -1;

	if (!img)
		return -1;
	memcpy(img, "\177ELF\1\1\1", 7); /* 32-bit, little endian, v1 */
	a32_put16(img + 16, 2); /* ET_EXEC */
	a32_put16(img + 18, 40); /* EM_ARM */
	a32_put32(img + 20, 1);
	a32_put32(img + 24, A32_BASE + A32_CODE); /* e_entry */
	a32_put32(img + 28, 52); /* e_phoff */
	a32_put32(img + 36, 0x05000000); /* EF_ARM_EABI_VER5 */
	a32_put16(img + 40, 52); /* e_ehsize */
	a32_put16(img + 42, 32); /* e_phentsize */
	a32_put16(img + 44, 2); /* e_phnum */
	a32_put32(img + 52, 1); /* PT_LOAD of the whole file */
	a32_put32(img + 60, A32_BASE); /* p_vaddr */
	a32_put32(img + 64, A32_BASE); /* p_paddr */
	a32_put32(img + 68, size); /* p_filesz */
	a32_put32(img + 72, size); /* p_memsz */
	a32_put32(img + 76, 5); /* PF_R | PF_X */
	a32_put32(img + 80, 0x1000); /* p_align */
	a32_put32(img + 84, 0x6474e551); /* PT_GNU_STACK */
	a32_put32(img + 108, 6); /* PF_R | PF_W, not executable */
	for (i = 0; i < words; i++)
		a32_put32(img + A32_CODE + 4 * i, code[i]);
	fd = mkstemp(path);
	if (fd >= 0) {
		/*
		 * Closed for writing before exec (else ETXTBSY). pwrite, not
		 * write: the callers count their own write calls (demo_syscall).
		 */
		if (pwrite(fd, img, size, 0) == (ssize_t)size &&
		    !fchmod(fd, 0700))
			rfd = open(path, O_RDONLY | O_CLOEXEC);
		close(fd);
		unlink(path);
	}
	free(img);
	return rfd;
}

/* Execs the image of a32_prepare(); returns -1 (errno) if refused. */
static inline int a32_exec(int fd, char *const argv[])
{
	char path[32];
	char *const envp[] = { NULL };

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return execve(path, argv, envp);
}

#endif /* A32_H */
