// SPDX-License-Identifier: GPL-2.0
/*
 * test_systrace.c - host unit tests of systrace's decoder
 * (userspace/systrace/decode.c, flags.c) and its -e classes (names.c):
 * calls as strace prints them, from the raw register values the stream
 * carries; the generated prototype table is sorted and complete.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktap.h"
#include "systrace.h"

/* names.c reads the module's files through it; unused here. */
const struct procfs_module sys_module = { "test_systrace", "no_such_module" };

/* The arguments of a call, joined by ", ", as the stream prints them. */
static const char *args_text2(const char *name, int abi, const uint64_t *args,
			      const struct capture *str,
			      const struct capture *str2, unsigned int strsize)
{
	static char buf[1024];
	struct call c = { .name = name,
			  .abi = abi,
			  .args = args,
			  .str = str,
			  .str2 = str2,
			  .strsize = strsize };
	char one[ARG_TEXT];
	size_t at = 0;
	int i, n = call_nargs(&c);

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		format_arg(&c, i, one, sizeof(one));
		at += snprintf(buf + at, sizeof(buf) - at, "%s%s",
			       i ? ", " : "", one);
	}
	return buf;
}

static const char *args_text(const char *name, int abi, const uint64_t *args,
			     const struct capture *str, unsigned int strsize)
{
	return args_text2(name, abi, args, str, NULL, strsize);
}

static const char *ret_text(const char *name, int64_t ret)
{
	static char buf[ARG_TEXT];

	format_ret(name, ret, buf, sizeof(buf));
	return buf;
}

#define A64 SYSCALL_PROBE_ABI_64
#define NEG(x) ((uint64_t)(int64_t)(x))

static const struct {
	const char *name;
	int abi;
	uint64_t args[6];
	const char *want;
} CALLS[] = {
	/* glibc's openat: AT_FDCWD passed zero-extended, no mode */
	{ "openat",
	  A64,
	  { 0xffffff9c, 0x7f61e98fe0b1, 0x80000, 0, 0, 0x55 },
	  "AT_FDCWD, 0x7f61e98fe0b1, O_RDONLY|O_CLOEXEC" },
	{ "openat",
	  A64,
	  { NEG(-100), 0x1000, 01101, 0644 },
	  "AT_FDCWD, 0x1000, O_WRONLY|O_CREAT|O_TRUNC, 0644" },
#ifdef __x86_64__
	{ "openat",
	  A64,
	  { 3, 0x1000, 0300002 },
	  "3, 0x1000, O_RDWR|O_LARGEFILE|O_DIRECTORY" },
#endif
	{ "open", A64, { 0x1000, 0 }, "0x1000, O_RDONLY" },
	{ "mmap",
	  A64,
	  { 0, 8192, 3, 0x22, NEG(-1), 0 },
	  "NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0" },
	{ "mmap",
	  A64,
	  { 0x7f0000001000, 0x1000, 5, 0x812, 3, 0x28000 },
	  "0x7f0000001000, 4096, PROT_READ|PROT_EXEC, "
	  "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x28000" },
	{ "mprotect",
	  A64,
	  { 0x7f0000001000, 4096, 0 },
	  "0x7f0000001000, 4096, PROT_NONE" },
	{ "close", A64, { NEG(-1), 0x7fe278e8e368, 1 }, "-1" },
	{ "close", A64, { 3 }, "3" },
	{ "read", A64, { 0, 0x7ffc0000, 832 }, "0, 0x7ffc0000, 832" },
	{ "access", A64, { 0x1000, 4 }, "0x1000, R_OK" },
	{ "access", A64, { 0x1000, 0 }, "0x1000, F_OK" },
	{ "faccessat2",
	  A64,
	  { 0xffffff9c, 0x1000, 6, 0x200 },
	  "AT_FDCWD, 0x1000, R_OK|W_OK, AT_EACCESS" },
	{ "unlinkat",
	  A64,
	  { 0xffffff9c, 0x1000, 0x200 },
	  "AT_FDCWD, 0x1000, AT_REMOVEDIR" },
	{ "newfstatat",
	  A64,
	  { 3, 0x1000, 0x2000, 0x1000 },
	  "3, 0x1000, 0x2000, AT_EMPTY_PATH" },
	{ "clone",
	  A64,
	  { 0x1200011, 0, 0, 0x7f00000a10, 0 },
	  "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, NULL, NULL, "
	  "0x7f00000a10, NULL" },
	{ "kill", A64, { 123, 9 }, "123, SIGKILL" },
	{ "kill", A64, { 0xffffffff, 15 }, "-1, SIGTERM" },
	{ "rt_sigprocmask",
	  A64,
	  { 0, 0x1000, 0, 8 },
	  "SIG_BLOCK, 0x1000, NULL, 8" },
	{ "lseek", A64, { 3, 0, 2 }, "3, 0, SEEK_END" },
	{ "fcntl", A64, { 3, 1, 0x99 }, "3, F_GETFD" },
	{ "fcntl", A64, { 3, 2, 1 }, "3, F_SETFD, FD_CLOEXEC" },
	{ "fcntl", A64, { 3, 4, 04002 }, "3, F_SETFL, O_RDWR|O_NONBLOCK" },
	{ "fcntl", A64, { 3, 1030, 10 }, "3, F_DUPFD_CLOEXEC, 10" },
	{ "pipe2", A64, { 0x1000, 02000000 }, "0x1000, O_CLOEXEC" },
	{ "socket",
	  A64,
	  { 2, 0x80001, 0 },
	  "AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0" },
	{ "connect", A64, { 3, 0x1000, 16 }, "3, 0x1000, 16" },
	{ "wait4", A64, { NEG(-1), 0x1000, 0, 0 }, "-1, 0x1000, 0, NULL" },
	/* mv: renameat2 with RENAME_NOREPLACE */
	{ "renameat2",
	  A64,
	  { NEG(-100), 0x1000, NEG(-100), 0x2000, 1 },
	  "AT_FDCWD, 0x1000, AT_FDCWD, 0x2000, RENAME_NOREPLACE" },
	{ "brk", A64, { 0 }, "NULL" },
	{ "exit_group", A64, { 0 }, "0" },
	{ "getpid", A64, { 0x564a9fb82004, 1 }, "" },
	{ "futex", A64, { 0x1000, 0x81, 1 }, "0x1000, FUTEX_WAKE_PRIVATE, 1" },
	{ "futex",
	  A64,
	  { 0x1000, 0x80, 2, 0 },
	  "0x1000, FUTEX_WAIT_PRIVATE, 2, NULL" },
#ifdef __x86_64__
	{ "arch_prctl",
	  A64,
	  { 0x1002, 0x7f0000000740 },
	  "ARCH_SET_FS, 0x7f0000000740" },
#endif
	/* int $0x80: 32-bit values, the old mmap's one pointer */
	{ "write", SYSCALL_PROBE_ABI_IA32, { NEG(-1), 0, 0, 4 }, "-1, NULL, 0" },
	{ "mmap", SYSCALL_PROBE_ABI_IA32, { 0xffd0 }, "0xffd0" },
	{ "mmap2",
	  SYSCALL_PROBE_ABI_IA32,
	  { 0, 4096, 3, 0x22, 0xffffffff, 0 },
	  "NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0" },
	/* no prototype: all six registers in hex */
	{ "no_such_call",
	  A64,
	  { 1, 0, 0x10, 0, 0, 0 },
	  "0x1, 0, 0x10, 0, 0, 0" },
};

static void test_calls(void)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(CALLS) / sizeof(CALLS[0]); i++) {
		const char *got = args_text(CALLS[i].name, CALLS[i].abi,
					    CALLS[i].args, NULL, 32);

		if (strcmp(got, CALLS[i].want)) {
			ktap_diag("%s: got '%s', want '%s'", CALLS[i].name, got,
				  CALLS[i].want);
			bad++;
		}
	}
	ktap_result(!bad, "arguments as strace shows them: as many as the "
			  "call has, fds, AT_FDCWD, flags by name, pointers");
}

static void test_returns(void)
{
	static const struct {
		const char *name;
		int64_t ret;
		const char *want;
	} cases[] = {
		{ "openat", 3, "3" },
		{ "openat", -2, "-1 ENOENT (No such file or directory)" },
		{ "close", -9, "-1 EBADF (Bad file descriptor)" },
		{ "mmap", 0x7f61e98fe000, "0x7f61e98fe000" },
		{ "brk", 0x55bc739d2000, "0x55bc739d2000" },
		{ "mmap", -12, "-1 ENOMEM (Cannot allocate memory)" },
		{ "read", -512,
		  "? ERESTARTSYS (To be restarted if SA_RESTART is set)" },
		{ "getpid", 209, "209" },
		{ "lseek", -4096, "-4096" },
	};
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = ret_text(cases[i].name, cases[i].ret);

		if (strcmp(got, cases[i].want)) {
			ktap_diag("%s = %" PRId64 ": got '%s', want '%s'",
				  cases[i].name, cases[i].ret, got,
				  cases[i].want);
			bad++;
		}
	}
	ktap_result(!bad, "return values: errors with errno name and text, "
			  "addresses in hex, restart codes as ?");
}

/* Expects the arguments of @name with two captures to be @want. */
static int args2_are(const char *name, const uint64_t *args,
		     const struct capture *str, const struct capture *str2,
		     unsigned int strsize, const char *want)
{
	const char *got = args_text2(name, A64, args, str, str2, strsize);

	if (!strcmp(got, want))
		return 1;
	ktap_diag("%s: got '%s', want '%s'", name, got, want);
	return 0;
}

/* Expects the arguments of @name with one capture to be @want. */
static int args_are(const char *name, const uint64_t *args,
		    const struct capture *str, unsigned int strsize,
		    const char *want)
{
	return args2_are(name, args, str, NULL, strsize, want);
}

/*
 * Captured strings (paths in full, whatever -s says; "..." when the
 * module cut them) and buffers (up to -s bytes, "..." after the quote if
 * the buffer is longer), escaped as strace does: \t \n \v \f \r \" \\,
 * other bytes in octal, three digits when an octal digit follows.
 */
static void test_strings(void)
{
	static const uint64_t open_args[6] = { 0xffffff9c, 0x1000, 0x80000 };
	static const uint64_t write_args[6] = { 1, 0x2000, 6 };
	static const uint64_t long_write[6] = { 1, 0x2000, 100 };
	struct capture path = { 1, "/etc/ld.so.cache", 16, 0, 0, 0 };
	struct capture cut = { 1, "/usr/lib/x86_64", 15, 1, 0, 0 };
	struct capture odd = { 1,
			       "a\"b\\c\n\x01\t\r\v\f\x7f"
			       "1\xff",
			       14,
			       0,
			       0,
			       0 };
	struct capture hello = { 1, "hello\n", 6, 0, 1, 0 };
	struct capture bin = { 1, "\0\0012x", 4, 0, 1, 0 };
	struct capture big = { 1, "0123456789abcdefghij", 20, 1, 1, 0 };
	int ok = 1;

	ok &= args_are("openat", open_args, &path, 32,
		       "AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC");
	ok &= args_are("openat", open_args, &path, 4,
		       "AT_FDCWD, \"/etc/ld.so.cache\", O_RDONLY|O_CLOEXEC");
	ok &= args_are("openat", open_args, &cut, 32,
		       "AT_FDCWD, \"/usr/lib/x86_64\"..., O_RDONLY|O_CLOEXEC");
	ok &= args_are(
		"openat", open_args, &odd, 32,
		"AT_FDCWD, \"a\\\"b\\\\c\\n\\1\\t\\r\\v\\f\\1771\\377\", "
		"O_RDONLY|O_CLOEXEC");
	ok &= args_are("openat", open_args, NULL, 32,
		       "AT_FDCWD, 0x1000, O_RDONLY|O_CLOEXEC");
	ok &= args_are("write", write_args, &hello, 32, "1, \"hello\\n\", 6");
	ok &= args_are("write", write_args, &hello, 3, "1, \"hel\"..., 6");
	ok &= args_are("write", write_args, &bin, 32, "1, \"\\0\\0012x\", 6");
	ok &= args_are("write", long_write, &big, 8, "1, \"01234567\"..., 100");
	ok &= args_are("write", long_write, &big, 32,
		       "1, \"0123456789abcdefghij\"..., 100");
	ok &= args_are("write", write_args, NULL, 32, "1, 0x2000, 6");
	ktap_result(ok, "captured strings and buffers: quoted, escaped as "
			"strace, paths in full, buffers cut at -s");
}

/*
 * A second capture: rename's second path; execve's argv as strace shows
 * it, each entry cut at -s, an entry the module cut short with "...", an
 * array that goes on with a last element "...".
 */
static void test_second(void)
{
	static const uint64_t two[6] = { 0x1000, 0x2000 };
	static const uint64_t exec[6] = { 0x1000, 0x2000, 0x3000 };
	struct capture from = { .arg = 0, .bytes = "a b", .len = 3 };
	struct capture to = { .arg = 1, .bytes = "/tmp/c", .len = 6 };
	struct capture path = { .arg = 0, .bytes = "/bin/echo", .len = 9 };
	struct capture argv = {
		.arg = 1, .bytes = "echo\0one\0two\0", .len = 13, .list = 1
	};
	struct capture more = {
		.arg = 1, .bytes = "echo\0one\0", .len = 9, .cut = 1, .list = 1
	};
	struct capture part = {
		.arg = 1, .bytes = "echo\0on", .len = 7, .cut = 1, .list = 1
	};
	struct capture none = { .arg = 1, .bytes = "", .len = 0, .list = 1 };
	int ok = 1;

	ok &= args2_are("rename", two, &from, &to, 32, "\"a b\", \"/tmp/c\"");
	ok &= args2_are("execve", exec, &path, &argv, 32,
			"\"/bin/echo\", [\"echo\", \"one\", \"two\"], 0x3000");
	ok &= args2_are("execve", exec, &path, &argv, 2,
			"\"/bin/echo\", [\"ec\"..., \"on\"..., \"tw\"...], "
			"0x3000");
	ok &= args2_are("execve", exec, &path, &more, 32,
			"\"/bin/echo\", [\"echo\", \"one\", ...], 0x3000");
	ok &= args2_are("execve", exec, &path, &part, 32,
			"\"/bin/echo\", [\"echo\", \"on\"...], 0x3000");
	ok &= args2_are("execve", exec, &path, &none, 32,
			"\"/bin/echo\", [], 0x3000");
	ok &= args2_are("execve", exec, &path, NULL, 32,
			"\"/bin/echo\", 0x2000, 0x3000");
	ktap_result(ok, "second captures: rename's second path, execve's argv "
			"as strace shows it (entries cut at -s, ... when it "
			"goes on)");
}

/* Every generated entry is found: the table is sorted for bsearch. */
static void test_table(void)
{
	static const struct {
		const char *name, *kinds;
	} all[] = {
#include "syscall_args.h"
	};
	size_t i;
	int bad = 0;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		const char *k = syscall_kinds(all[i].name, A64);

		if (!k || strlen(k) > 6) {
			ktap_diag("%s: %s", all[i].name, k ? k : "not found");
			bad++;
		}
	}
	ktap_result(!bad && i > 300, "prototype table: sorted, at most six "
				     "arguments, every call found");
}

static void test_classes(void)
{
	struct opts file = { .classes = class_bit("%file") };
	struct opts mix = { .classes = class_bit("process") |
				       class_bit("memory") |
				       class_bit("network"),
			    .nsel = 1,
			    .sel = { "read" } };
	struct opts desc = { .classes = class_bit("desc") };
	int ok = selected(&file, "openat") && selected(&file, "execve") &&
		 selected(&file, "access") && !selected(&file, "read") &&
		 !selected(&file, "mmap") && selected(&mix, "clone") &&
		 selected(&mix, "execve") && selected(&mix, "mmap") &&
		 selected(&mix, "brk") && selected(&mix, "connect") &&
		 selected(&mix, "read") && !selected(&mix, "openat") &&
		 selected(&desc, "read") && selected(&desc, "openat") &&
		 !selected(&desc, "getpid") && !class_bit("bogus") &&
		 class_bit("%signal") == CLASS_SIGNAL;

	ktap_result(ok, "-e classes: %file from path arguments, %desc from "
			"fds, %process, %memory, %network by name, with names");
}

int main(void)
{
	ktap_plan(6);
	test_calls();
	test_returns();
	test_strings();
	test_second();
	test_table();
	test_classes();
	return ktap_finish();
}
