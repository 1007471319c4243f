/* SPDX-License-Identifier: GPL-2.0 */
/*
 * decode.h - systrace's decoding of one system call, as strace shows it:
 * its arguments (as many as the call has, each as its kind: fd, AT_FDCWD,
 * flags by name, pointer in hex, ...) and its return value. Only raw
 * values are needed (the stream's six argument registers and return), so
 * this part builds and is unit-tested on its own (tests/host/).
 */
#ifndef SYSTRACE_DECODE_H
#define SYSTRACE_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* Room for one decoded argument or return value. */
#define ARG_TEXT 512

/* The sets of named constants of flags.c. */
enum argset {
	SET_OPEN,
	SET_FD_OPEN_FLAGS,
	SET_PROT,
	SET_MAP,
	SET_CLONE,
	SET_SIGNAL,
	SET_AT,
	SET_AT_UNLINK,
	SET_AT_ACCESS,
	SET_ACCESS,
	SET_WHENCE,
	SET_FCNTL,
	SET_FD_FLAGS,
	SET_SIGMASK_HOW,
	SET_DOMAIN,
	SET_SOCK_TYPE,
	SET_ARCH_PRCTL,
	SET_RLIMIT,
	SET_WAIT,
	SET_GRND,
	SET_RENAME,
	SET_MADV,
	SET_FUTEX,
};

/*
 * The user memory an event carries (the record's str fields): a string
 * argument without its NUL, or the first bytes of a buffer (write's), or
 * the entries of a string array (execve's argv), each ended by a NUL but
 * a last one cut short.
 */
struct capture {
	int arg; /* the argument it belongs to */
	const char *bytes;
	size_t len;
	int cut; /* the string, buffer or array goes on after @len bytes */
	int buf; /* a buffer: shown up to -s bytes; a string in full */
	int list; /* a string array: each entry shown up to -s bytes */
};

/* One call to decode. */
struct call {
	const char *name; /* as /proc/syscall_probe/syscalls names it */
	int abi; /* SYSCALL_PROBE_ABI_* */
	const uint64_t *args; /* the six argument registers */
	const struct capture *str; /* what the event captured, or NULL */
	const struct capture *str2; /* a second capture, or NULL */
	unsigned int strsize; /* -s: at most this many bytes of a buffer */
};

/* flags.c: @v as the names of @set, into @b. */
void format_set(enum argset set, uint64_t v, char *b, size_t n);

/* decode.c */
const char *syscall_kinds(const char *name, int abi);
int call_nargs(const struct call *c);
void format_arg(const struct call *c, int i, char *b, size_t n);
void format_string(const char *s, size_t len, int cut, char *b, size_t n);
void format_ret(const char *name, int64_t ret, char *b, size_t n);
const char *errno_name(long e);
const char *errno_text(long e);

#endif /* SYSTRACE_DECODE_H */
