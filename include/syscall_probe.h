/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * syscall_probe.h - definitions shared by the syscall_probe module and its
 * tool (userspace/systrace.c): the files under /proc/syscall_probe/, the
 * entry kinds (abi) and the fixed-size record of the live event stream
 * (/proc/syscall_probe/stream).
 *
 * Included from kernel code and from userspace, so it only uses what both
 * sides have.
 */
#ifndef SYSCALL_PROBE_H
#define SYSCALL_PROBE_H

#include <linux/types.h>

/* Files in /proc/syscall_probe/. */
#define SYSCALL_PROBE_STATS "stats"
#define SYSCALL_PROBE_CONTROL "control"
#define SYSCALL_PROBE_STATUS "status"
#define SYSCALL_PROBE_STREAM "stream"
#define SYSCALL_PROBE_SYSCALLS "syscalls"
#define SYSCALL_PROBE_RING "ring" /* teaching aid: the CPU's privilege level */

/*
 * Entry kind of a system call (the abi column). Value 2 is the 32-bit gate
 * of the architecture the kernel runs on: ia32 on x86-64, compat (an
 * AArch32 program's svc) on arm64.
 */
enum syscall_probe_abi {
	SYSCALL_PROBE_ABI_64 = 1, /* syscall (x86-64), svc #0 (AArch64) */
	SYSCALL_PROBE_ABI_IA32 = 2, /* x86-64: int $0x80, sysenter */
	SYSCALL_PROBE_ABI_COMPAT = 2, /* arm64: svc of an AArch32 task */
	SYSCALL_PROBE_ABI_X32 = 3, /* x86-64: syscall | __X32_SYSCALL_BIT */
};

/* The nr shown for a system call id outside any table (e.g. -1). */
#define SYSCALL_PROBE_NR_INVALID (-1)

/* Log2 latency histogram slots kept per row; the last one is open-ended. */
#define SYSCALL_PROBE_HIST_SLOTS 40

/* Distinct errno values counted per row; the others add to "other". */
#define SYSCALL_PROBE_ERRNO_SLOTS 4

/* Record flags. */
#define SYSCALL_PROBE_REC_NORETURN 0x01 /* exit/exit_group: no return */
#define SYSCALL_PROBE_REC_LOST 0x02 /* args[0] records were dropped */

/*
 * The bytes a record carries from user memory: the first string argument
 * of the call (a path, a name), or the first bytes of write's and
 * pwrite64's buffer; then, for calls with two (rename, link, symlink and
 * their *at forms), the second string, and for execve and execveat the
 * first entries of argv. At most SYSCALL_PROBE_STR_MAX bytes in all.
 */
#define SYSCALL_PROBE_STR_MAX 64
#define SYSCALL_PROBE_STR_NONE 0xff /* str_arg: nothing captured */
#define SYSCALL_PROBE_STR_FIRST 40 /* the first's share if there is a second */

/* str_flags */
#define SYSCALL_PROBE_STR_CUT 0x01 /* the string or buffer goes on */
#define SYSCALL_PROBE_STR_BUF 0x02 /* bytes of a buffer, not a string */
#define SYSCALL_PROBE_STR_EXIT 0x04 /* read at the return, not at entry */
#define SYSCALL_PROBE_STR_LIST 0x08 /* str2: entries of a string array */

/*
 * One record of /proc/syscall_probe/stream, written when a traced system
 * call returns (or, for exit and exit_group, when it is entered). A read
 * returns whole records only. A record with SYSCALL_PROBE_REC_LOST set
 * carries no system call: args[0] says how many records the CPU in @cpu
 * dropped since its previous record.
 *
 * @str holds @str_len bytes read from the user memory argument @str_arg
 * points to, at entry: a string without its terminating NUL, or with
 * SYSCALL_PROBE_STR_BUF the first bytes of a buffer (which may hold NULs).
 * SYSCALL_PROBE_STR_CUT: the string had no NUL within the bytes read (at
 * most SYSCALL_PROBE_STR_MAX, fewer if the next page was not mapped), or
 * the buffer is longer than @str_len. Memory the entry could not read
 * without a page fault is read at the return (SYSCALL_PROBE_STR_EXIT),
 * when the call itself has usually faulted it in. @str_arg is
 * SYSCALL_PROBE_STR_NONE when nothing was captured: the call has no such
 * argument, or the memory was not readable without a page fault at entry
 * nor at the return (or a successful execve replaced the address space).
 *
 * A second capture, when the call has one (@str2_arg is not
 * SYSCALL_PROBE_STR_NONE), follows the first and a NUL: @str2_len bytes
 * at @str + @str_len + 1, read from the memory @str2_arg points to; the
 * first then holds at most SYSCALL_PROBE_STR_FIRST bytes. With
 * SYSCALL_PROBE_STR_LIST in @str2_flags it holds the entries of a
 * NULL-terminated array of strings (execve's argv), each ended by a NUL
 * but a last one cut short, and SYSCALL_PROBE_STR_CUT says that the
 * array goes on (after a cut entry: maybe); otherwise it is one string,
 * as the first.
 * Bytes past the captures are zero.
 */
struct syscall_probe_record {
	__u64 ts_ns; /* entry time, CLOCK_MONOTONIC ns */
	__u64 duration_ns; /* entry to return */
	__s64 ret; /* return value (-errno on error) */
	__u64 args[6]; /* arguments as passed in registers */
	__u32 pid; /* thread id */
	__u32 tgid; /* process id */
	__s32 nr; /* system call number in the @abi's table */
	__u8 abi; /* enum syscall_probe_abi */
	__u8 flags; /* SYSCALL_PROBE_REC_* */
	__u16 cpu; /* CPU that returned from the call */
	char comm[16]; /* task name at entry */
	__u8 str_arg; /* index in @args, or SYSCALL_PROBE_STR_NONE */
	__u8 str_flags; /* SYSCALL_PROBE_STR_* */
	__u16 str_len; /* bytes in @str */
	__u8 str2_arg; /* index in @args, or SYSCALL_PROBE_STR_NONE */
	__u8 str2_flags; /* SYSCALL_PROBE_STR_* */
	__u8 str2_len; /* bytes after @str_len + 1 */
	__u8 str_reserved; /* zero */
	char str[SYSCALL_PROBE_STR_MAX]; /* not NUL-terminated */
};

#endif /* SYSCALL_PROBE_H */
