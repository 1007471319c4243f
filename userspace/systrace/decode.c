// SPDX-License-Identifier: GPL-2.0
/*
 * decode.c - one system call as strace shows it, from its raw values and
 * the string or buffer the event captured:
 * openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3; a pointer
 * without a capture in hex, as 0x7f61e98fe0b1.
 *
 * How many arguments a call has and what kind each is (fd, path, pointer,
 * number, ...) comes from the kernel's own prototypes, through the table
 * gen_syscall_args.py generated (syscall_args.h). Which argument holds
 * which set of named constants (open flags, PROT_*, ...) is the one hand
 * table below, ARGSETS; the names themselves are in flags.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "syscall_probe.h"

struct proto {
	const char *name;
	const char *kinds;
};

static const struct proto PROTOS[] = {
#include "syscall_args.h"
};

/*
 * int $0x80 calls whose arguments differ from the 64-bit call of the same
 * name: the old mmap and select take one pointer to their arguments.
 */
static const struct proto IA32_PROTOS[] = {
	{ "mmap", "p" },
	{ "select", "p" },
};

/* Which argument of which call is a set of named constants. */
static const struct argset_use {
	const char *name;
	int arg;
	enum argset set;
} ARGSETS[] = {
	{ "open", 1, SET_OPEN },
	{ "openat", 2, SET_OPEN },
	{ "mmap", 2, SET_PROT },
	{ "mmap", 3, SET_MAP },
	{ "mmap2", 2, SET_PROT },
	{ "mmap2", 3, SET_MAP },
	{ "mprotect", 2, SET_PROT },
	{ "pkey_mprotect", 2, SET_PROT },
	{ "madvise", 2, SET_MADV },
	{ "clone", 0, SET_CLONE },
	{ "kill", 1, SET_SIGNAL },
	{ "tkill", 1, SET_SIGNAL },
	{ "tgkill", 2, SET_SIGNAL },
	{ "rt_sigaction", 0, SET_SIGNAL },
	{ "rt_sigprocmask", 0, SET_SIGMASK_HOW },
	{ "pidfd_send_signal", 1, SET_SIGNAL },
	{ "newfstatat", 3, SET_AT },
	{ "statx", 2, SET_AT },
	{ "fchownat", 4, SET_AT },
	{ "linkat", 4, SET_AT },
	{ "utimensat", 3, SET_AT },
	{ "execveat", 4, SET_AT },
	{ "name_to_handle_at", 4, SET_AT },
	{ "fchmodat2", 3, SET_AT },
	{ "unlinkat", 2, SET_AT_UNLINK },
	{ "faccessat2", 3, SET_AT_ACCESS },
	{ "access", 1, SET_ACCESS },
	{ "faccessat", 2, SET_ACCESS },
	{ "faccessat2", 2, SET_ACCESS },
	{ "lseek", 2, SET_WHENCE },
	{ "fcntl", 1, SET_FCNTL },
	{ "pipe2", 1, SET_FD_OPEN_FLAGS },
	{ "dup3", 2, SET_FD_OPEN_FLAGS },
	{ "socket", 0, SET_DOMAIN },
	{ "socket", 1, SET_SOCK_TYPE },
	{ "socketpair", 0, SET_DOMAIN },
	{ "socketpair", 1, SET_SOCK_TYPE },
	{ "accept4", 3, SET_SOCK_TYPE },
	{ "arch_prctl", 0, SET_ARCH_PRCTL },
	{ "prlimit64", 1, SET_RLIMIT },
	{ "getrlimit", 0, SET_RLIMIT },
	{ "setrlimit", 0, SET_RLIMIT },
	{ "wait4", 2, SET_WAIT },
	{ "waitid", 3, SET_WAIT },
	{ "getrandom", 2, SET_GRND },
	{ "renameat2", 4, SET_RENAME },
	{ "futex", 1, SET_FUTEX },
	{ "eventfd2", 1, SET_FD_OPEN_FLAGS },
	{ "epoll_create1", 0, SET_FD_OPEN_FLAGS },
	{ "inotify_init1", 0, SET_FD_OPEN_FLAGS },
};

/*
 * Arguments the prototypes leave unnamed (so their kind is not known), or
 * that strace shows in another base (rseq's length and signature).
 */
static const struct proto FIXES[] = {
	{ "connect", "dpi" },	   { "bind", "dpi" },
	{ "accept", "dpp" },	   { "accept4", "dppx" },
	{ "listen", "di" },	   { "sendto", "dpuxpi" },
	{ "recvfrom", "dpuxpp" },  { "sendmsg", "dpx" },
	{ "recvmsg", "dpx" },	   { "shutdown", "di" },
	{ "getsockname", "dpp" },  { "getpeername", "dpp" },
	{ "setsockopt", "diipi" }, { "getsockopt", "diipp" },
	{ "clone", "xpppp" },	   { "rseq", "pxxx" },
};

/* Calls whose success value is an address: shown in hex, as by strace. */
static const char *const ADDR_RETURNS[] = { "mmap", "mmap2", "brk", "mremap",
					    "shmat" };

static int by_name(const void *key, const void *p)
{
	return strcmp(key, ((const struct proto *)p)->name);
}

static const char *find_kinds(const struct proto *t, size_t n, const char *name,
			      int sorted)
{
	const struct proto *p;
	size_t i;

	if (sorted) {
		p = bsearch(name, t, n, sizeof(*t), by_name);
		return p ? p->kinds : NULL;
	}
	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return t[i].kinds;
	return NULL;
}

#define N(t) (sizeof(t) / sizeof((t)[0]))

/* One letter per argument of @name (see gen_syscall_args.py), or NULL. */
const char *syscall_kinds(const char *name, int abi)
{
	const char *k = NULL;

	if (abi == SYSCALL_PROBE_ABI_IA32)
		k = find_kinds(IA32_PROTOS, N(IA32_PROTOS), name, 0);
	if (!k)
		k = find_kinds(FIXES, N(FIXES), name, 0);
	return k ? k : find_kinds(PROTOS, N(PROTOS), name, 1);
}

static int argset_of(const char *name, int arg, enum argset *set)
{
	size_t i;

	for (i = 0; i < N(ARGSETS); i++)
		if (ARGSETS[i].arg == arg && !strcmp(ARGSETS[i].name, name)) {
			*set = ARGSETS[i].set;
			return 1;
		}
	return 0;
}

/* fcntl commands that take a third argument. */
static int fcntl_has_arg(int cmd)
{
	switch (cmd) {
	case F_GETFD:
	case F_GETFL:
	case F_GETOWN:
	case F_GETSIG:
	case F_GETLEASE:
	case F_GETPIPE_SZ:
	case F_GET_SEALS:
		return 0;
	}
	return 1;
}

/* futex's arguments by operation, as strace shows them. */
static int futex_nargs(uint64_t op)
{
	switch (op & FUTEX_CMD_MASK) {
	case FUTEX_WAKE:
		return 3;
	case FUTEX_WAIT:
		return 4;
	}
	return 6;
}

/*
 * How many arguments to show: the prototype's count, less the ones the
 * call ignores as strace leaves them out (open's mode without O_CREAT or
 * O_TMPFILE, fcntl's argument of a F_GET* command, futex's beyond what
 * FUTEX_WAKE and FUTEX_WAIT use); 6 for a call without a prototype.
 */
int call_nargs(const struct call *c)
{
	const char *k = syscall_kinds(c->name, c->abi);
	int n = k ? (int)strlen(k) : 6, flags;

	if (!strcmp(c->name, "open") || !strcmp(c->name, "openat")) {
		flags = (int)c->args[n - 2];
		if (!(flags & O_CREAT) && (flags & O_TMPFILE) != O_TMPFILE)
			n--;
	} else if (!strcmp(c->name, "fcntl") && !fcntl_has_arg(c->args[1])) {
		n--;
	} else if (!strcmp(c->name, "futex") && n == 6) {
		n = futex_nargs(c->args[1]);
	}
	return n;
}

static char escape_letter(unsigned char ch)
{
	switch (ch) {
	case '\t':
		return 't';
	case '\n':
		return 'n';
	case '\v':
		return 'v';
	case '\f':
		return 'f';
	case '\r':
		return 'r';
	case '"':
	case '\\':
		return (char)ch;
	}
	return 0;
}

/*
 * @len bytes at @s as strace quotes them: "text", with \t \n \v \f \r
 * \" \\ escaped, other bytes below space or above ~ in octal (three digits
 * when an octal digit follows, as strace does), then "..." if @cut (the
 * string goes on). Ends early, with "...", if @b is full.
 */
void format_string(const char *s, size_t len, int cut, char *b, size_t n)
{
	size_t at = 0, i;

	if (n < 8) {
		b[0] = '\0';
		return;
	}
	b[at++] = '"';
	for (i = 0; i < len && at + 9 < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		char e = escape_letter(ch);

		if (e)
			at += snprintf(b + at, n - at, "\\%c", e);
		else if (ch >= ' ' && ch <= '~')
			b[at++] = (char)ch;
		else if (i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '7')
			at += snprintf(b + at, n - at, "\\%03o", ch);
		else
			at += snprintf(b + at, n - at, "\\%o", ch);
	}
	b[at++] = '"';
	if (cut || i < len)
		at += snprintf(b + at, n - at, "...");
	b[at] = '\0';
}

/*
 * A string array as strace shows execve's argv: ["ls", "-l"], each entry
 * up to @strsize bytes; an entry cut short ends with "...", an array that
 * goes on with a last element "...". Ends early, with "...]", if @b is
 * full.
 */
static void format_list(const struct capture *k, unsigned int strsize, char *b,
			size_t n)
{
	const char *s = k->bytes, *end = k->bytes + k->len, *nul;
	char one[ARG_TEXT];
	size_t at = 0, len, w;
	int cut;

	if (n < 8) {
		b[0] = '\0';
		return;
	}
	b[at++] = '[';
	while (s < end) {
		nul = memchr(s, '\0', (size_t)(end - s));
		len = nul ? (size_t)(nul - s) : (size_t)(end - s);
		cut = !nul;
		if (len > strsize) {
			len = strsize;
			cut = 1;
		}
		format_string(s, len, cut, one, sizeof(one));
		w = strlen(one);
		if (at + w + 8 > n)
			break;
		at += (size_t)snprintf(b + at, n - at, "%s%s",
				       s == k->bytes ? "" : ", ", one);
		s = nul ? nul + 1 : end;
	}
	if (s < end ||
	    (k->cut && (k->len == 0 || k->bytes[k->len - 1] == '\0')))
		at += (size_t)snprintf(b + at, n - at, "%s...",
				       at > 1 ? ", " : "");
	snprintf(b + at, n - at, "]");
}

/* A capture: a string in full, a buffer up to -s bytes, a string array. */
static void format_capture(const struct call *c, const struct capture *k,
			   char *b, size_t n)
{
	size_t len = k->len;
	int cut = k->cut;

	if (k->list) {
		format_list(k, c->strsize, b, n);
		return;
	}
	if (k->buf && len > c->strsize) {
		len = c->strsize;
		cut = 1;
	}
	format_string(k->bytes, len, cut, b, n);
}

static void format_pointer(uint64_t v, char *b, size_t n)
{
	if (v)
		snprintf(b, n, "%#" PRIx64, v);
	else
		snprintf(b, n, "NULL");
}

/*
 * A signed argument: an int passed zero-extended (the upper half clear)
 * is shown as the int it is, so -1 stays -1.
 */
static int64_t as_signed(uint64_t v, int abi)
{
	if (abi == SYSCALL_PROBE_ABI_IA32 || !(v >> 32))
		return (int32_t)v;
	return (int64_t)v;
}

/* fcntl's third argument, by command. */
static void format_fcntl_arg(const struct call *c, char *b, size_t n)
{
	switch ((int)c->args[1]) {
	case F_SETFD:
		format_set(SET_FD_FLAGS, c->args[2], b, n);
		break;
	case F_SETFL:
		format_set(SET_OPEN, c->args[2], b, n);
		break;
	case F_SETSIG:
		format_set(SET_SIGNAL, c->args[2], b, n);
		break;
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
	case F_SETOWN:
	case F_SETPIPE_SZ:
	case F_SETLEASE:
		snprintf(b, n, "%" PRId64, as_signed(c->args[2], c->abi));
		break;
	default:
		format_pointer(c->args[2], b, n);
	}
}

/* Argument @i of @c (0-based), as strace shows it, into @b. */
void format_arg(const struct call *c, int i, char *b, size_t n)
{
	const char *k = syscall_kinds(c->name, c->abi);
	char kind = k && i < (int)strlen(k) ? k[i] : 'x';
	uint64_t v = c->args[i];
	enum argset set;

	if (c->str && c->str->arg == i) {
		format_capture(c, c->str, b, n);
		return;
	}
	if (c->str2 && c->str2->arg == i) {
		format_capture(c, c->str2, b, n);
		return;
	}
	if (argset_of(c->name, i, &set)) {
		format_set(set, v, b, n);
		return;
	}
	if (!strcmp(c->name, "fcntl") && i == 2) {
		format_fcntl_arg(c, b, n);
		return;
	}
	if (!strcmp(c->name, "mmap") && i == 5 && k && strlen(k) == 6)
		kind = 'x'; /* the file offset, in hex as strace shows it */
	switch (kind) {
	case 'D':
		if ((int)v == AT_FDCWD) {
			snprintf(b, n, "AT_FDCWD");
			break;
		}
		/* fall through */
	case 'd':
		snprintf(b, n, "%d", (int)v);
		break;
	case 's':
	case 'p':
		format_pointer(v, b, n);
		break;
	case 'i':
		snprintf(b, n, "%" PRId64, as_signed(v, c->abi));
		break;
	case 'u':
		if (c->abi == SYSCALL_PROBE_ABI_IA32)
			v = (uint32_t)v;
		snprintf(b, n, "%" PRIu64, v);
		break;
	case 'o':
		snprintf(b, n, "%#03" PRIo64, v);
		break;
	default:
		snprintf(b, n, v ? "%#" PRIx64 : "%" PRIu64, v);
	}
}

/* The kernel's restart codes, which only a tracer sees, as strace names them. */
static const struct {
	const char *name, *text;
} RESTARTS[] = {
	{ "ERESTARTSYS", "To be restarted if SA_RESTART is set" },
	{ "ERESTARTNOINTR", "To be restarted" },
	{ "ERESTARTNOHAND", "To be restarted if no handler" },
	{ "ENOIOCTLCMD", "Inappropriate ioctl for device" },
	{ "ERESTART_RESTARTBLOCK", "Interrupted by signal" },
};

const char *errno_name(long e)
{
	const char *n;

	if (e >= 512 && e <= 516)
		return RESTARTS[e - 512].name;
	n = strerrorname_np((int)e);
	return n ? n : "E?";
}

const char *errno_text(long e)
{
	if (e >= 512 && e <= 516)
		return RESTARTS[e - 512].text;
	return strerror((int)e);
}

/*
 * The return value, as after strace's "= ": an error as "-1 ENOENT (No
 * such file or directory)" (a restart code as "? ERESTARTSYS (...)": the
 * call did not return it to the program), an address in hex, else decimal.
 */
void format_ret(const char *name, int64_t ret, char *b, size_t n)
{
	size_t i;

	if (ret < 0 && ret >= -4095) {
		snprintf(b, n, "%s %s (%s)",
			 -ret >= 512 && -ret <= 516 ? "?" : "-1",
			 errno_name(-ret), errno_text(-ret));
		return;
	}
	for (i = 0; i < N(ADDR_RETURNS); i++)
		if (!strcmp(name, ADDR_RETURNS[i])) {
			snprintf(b, n, "%#" PRIx64, (uint64_t)ret);
			return;
		}
	snprintf(b, n, "%" PRId64, ret);
}
