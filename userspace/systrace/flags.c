// SPDX-License-Identifier: GPL-2.0
/*
 * flags.c - the names of the constants systrace shows in arguments, as
 * strace does: open flags, PROT_*, MAP_*, CLONE_*, signals, AT_*, access
 * modes, lseek whence, fcntl commands, ... Each set is one table of
 * (value, name) built from the C library's own macros, so the values are
 * the system's; decode.c says which argument of which call uses which set.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __x86_64__
#include <asm/prctl.h>
#endif

#include "decode.h"

struct flag {
	uint64_t val;
	const char *name;
};

#define F(x)                      \
	{                         \
		(uint64_t)(x), #x \
	}
#define N(t) (sizeof(t) / sizeof((t)[0]))

/*
 * The kernel's O_LARGEFILE: a 64-bit C library defines it as 0 (every
 * file is large there), but the kernel sets it on every open of a 64-bit
 * process, and strace names it.
 */
#ifdef __aarch64__
#define KERNEL_O_LARGEFILE 0400000
#else
#define KERNEL_O_LARGEFILE 0100000
#endif

/* O_SYNC holds O_DSYNC's bit: it comes first, so it takes both. */
static const struct flag open_flags[] = {
	F(O_CREAT),
	F(O_EXCL),
	F(O_NOCTTY),
	F(O_TRUNC),
	F(O_APPEND),
	F(O_NONBLOCK),
	F(O_SYNC),
	F(O_DSYNC),
	F(O_ASYNC),
	F(O_DIRECT),
	{ KERNEL_O_LARGEFILE, "O_LARGEFILE" },
	F(O_TMPFILE),
	F(O_DIRECTORY),
	F(O_NOFOLLOW),
	F(O_NOATIME),
	F(O_CLOEXEC),
	F(O_PATH),
};

static const struct flag prot_flags[] = {
	F(PROT_READ),	   F(PROT_WRITE),   F(PROT_EXEC),
	F(PROT_GROWSDOWN), F(PROT_GROWSUP),
};

/* The mapping type (low 4 bits) is a value, the rest are flags. */
static const struct flag map_types[] = {
	F(MAP_SHARED),
	F(MAP_PRIVATE),
	F(MAP_SHARED_VALIDATE),
};

static const struct flag map_flags[] = {
	F(MAP_FIXED),	  F(MAP_ANONYMOUS),
#ifdef MAP_32BIT
	F(MAP_32BIT),
#endif
	F(MAP_GROWSDOWN), F(MAP_DENYWRITE),	  F(MAP_EXECUTABLE),
	F(MAP_LOCKED),	  F(MAP_NORESERVE),	  F(MAP_POPULATE),
	F(MAP_NONBLOCK),  F(MAP_STACK),		  F(MAP_HUGETLB),
	F(MAP_SYNC),	  F(MAP_FIXED_NOREPLACE),
};

/* The low byte of clone's flags is the signal sent at the child's exit. */
static const struct flag clone_flags[] = {
	F(CLONE_VM),
	F(CLONE_FS),
	F(CLONE_FILES),
	F(CLONE_SIGHAND),
	F(CLONE_PIDFD),
	F(CLONE_PTRACE),
	F(CLONE_VFORK),
	F(CLONE_PARENT),
	F(CLONE_THREAD),
	F(CLONE_NEWNS),
	F(CLONE_SYSVSEM),
	F(CLONE_SETTLS),
	F(CLONE_PARENT_SETTID),
	F(CLONE_CHILD_CLEARTID),
	F(CLONE_DETACHED),
	F(CLONE_UNTRACED),
	F(CLONE_CHILD_SETTID),
	F(CLONE_NEWCGROUP),
	F(CLONE_NEWUTS),
	F(CLONE_NEWIPC),
	F(CLONE_NEWUSER),
	F(CLONE_NEWPID),
	F(CLONE_NEWNET),
	F(CLONE_IO),
};

static const struct flag at_flags[] = {
	F(AT_SYMLINK_NOFOLLOW), F(AT_SYMLINK_FOLLOW),	F(AT_NO_AUTOMOUNT),
	F(AT_EMPTY_PATH),	F(AT_STATX_FORCE_SYNC), F(AT_STATX_DONT_SYNC),
	F(AT_RECURSIVE),
};

/* AT_REMOVEDIR and AT_EACCESS share a bit: each call has its own set. */
static const struct flag unlink_flags[] = { F(AT_REMOVEDIR) };
static const struct flag access_at_flags[] = {
	F(AT_EACCESS),
	F(AT_SYMLINK_NOFOLLOW),
	F(AT_EMPTY_PATH),
};

static const struct flag access_modes[] = { F(R_OK), F(W_OK), F(X_OK) };

static const struct flag whences[] = {
	F(SEEK_SET), F(SEEK_CUR), F(SEEK_END), F(SEEK_DATA), F(SEEK_HOLE),
};

static const struct flag fcntl_cmds[] = {
	F(F_DUPFD),	    F(F_GETFD),	     F(F_SETFD),      F(F_GETFL),
	F(F_SETFL),	    F(F_GETLK),	     F(F_SETLK),      F(F_SETLKW),
	F(F_SETOWN),	    F(F_GETOWN),     F(F_SETSIG),     F(F_GETSIG),
	F(F_SETOWN_EX),	    F(F_GETOWN_EX),  F(F_OFD_GETLK),  F(F_OFD_SETLK),
	F(F_OFD_SETLKW),    F(F_SETLEASE),   F(F_GETLEASE),   F(F_NOTIFY),
	F(F_DUPFD_CLOEXEC), F(F_SETPIPE_SZ), F(F_GETPIPE_SZ), F(F_ADD_SEALS),
	F(F_GET_SEALS),
};

static const struct flag fd_flags[] = { F(FD_CLOEXEC) };

static const struct flag sigmask_hows[] = {
	F(SIG_BLOCK),
	F(SIG_UNBLOCK),
	F(SIG_SETMASK),
};

static const struct flag domains[] = {
	F(AF_UNSPEC),  F(AF_UNIX),   F(AF_INET),  F(AF_INET6),
	F(AF_NETLINK), F(AF_PACKET), F(AF_VSOCK), F(AF_ALG),
};

static const struct flag sock_types[] = {
	F(SOCK_STREAM), F(SOCK_DGRAM),	   F(SOCK_RAW),
	F(SOCK_RDM),	F(SOCK_SEQPACKET), F(SOCK_PACKET),
};

static const struct flag sock_flags[] = { F(SOCK_NONBLOCK), F(SOCK_CLOEXEC) };

/* x86's arch_prctl (glibc's newer codes are not in every header). */
static const struct flag arch_prctl_codes[] = {
#ifdef __x86_64__
	F(ARCH_SET_GS),
	F(ARCH_SET_FS),
	F(ARCH_GET_FS),
	F(ARCH_GET_GS),
	F(ARCH_GET_CPUID),
	F(ARCH_SET_CPUID),
	F(ARCH_MAP_VDSO_X32),
	F(ARCH_MAP_VDSO_32),
	F(ARCH_MAP_VDSO_64),
	{ 0x3001, "ARCH_SHSTK_ENABLE" },
	{ 0x3002, "ARCH_SHSTK_DISABLE" },
	{ 0x3003, "ARCH_SHSTK_LOCK" },
	{ 0x3005, "ARCH_SHSTK_STATUS" },
#endif
	{ 0, NULL },
};

static const struct flag rlimits[] = {
	F(RLIMIT_CPU),	    F(RLIMIT_FSIZE),  F(RLIMIT_DATA),
	F(RLIMIT_STACK),    F(RLIMIT_CORE),   F(RLIMIT_RSS),
	F(RLIMIT_NPROC),    F(RLIMIT_NOFILE), F(RLIMIT_MEMLOCK),
	F(RLIMIT_AS),	    F(RLIMIT_LOCKS),  F(RLIMIT_SIGPENDING),
	F(RLIMIT_MSGQUEUE), F(RLIMIT_NICE),   F(RLIMIT_RTPRIO),
	F(RLIMIT_RTTIME),
};

static const struct flag wait_flags[] = {
	F(WNOHANG), F(WUNTRACED),   F(WCONTINUED), F(WEXITED),
	F(WNOWAIT), F(__WNOTHREAD), F(__WALL),	   F(__WCLONE),
};

static const struct flag grnd_flags[] = {
	F(GRND_NONBLOCK),
	F(GRND_RANDOM),
	F(GRND_INSECURE),
};

static const struct flag rename_flags[] = {
	F(RENAME_NOREPLACE),
	F(RENAME_EXCHANGE),
	F(RENAME_WHITEOUT),
};

static const struct flag madvices[] = {
	F(MADV_NORMAL),	    F(MADV_RANDOM),	 F(MADV_SEQUENTIAL),
	F(MADV_WILLNEED),   F(MADV_DONTNEED),	 F(MADV_FREE),
	F(MADV_REMOVE),	    F(MADV_DONTFORK),	 F(MADV_DOFORK),
	F(MADV_MERGEABLE),  F(MADV_UNMERGEABLE), F(MADV_HUGEPAGE),
	F(MADV_NOHUGEPAGE), F(MADV_DONTDUMP),	 F(MADV_DODUMP),
	F(MADV_WIPEONFORK), F(MADV_KEEPONFORK),	 F(MADV_COLD),
	F(MADV_PAGEOUT),
};

static const struct flag futex_ops[] = {
	F(FUTEX_WAIT),		 F(FUTEX_WAKE),	       F(FUTEX_FD),
	F(FUTEX_REQUEUE),	 F(FUTEX_CMP_REQUEUE), F(FUTEX_WAKE_OP),
	F(FUTEX_LOCK_PI),	 F(FUTEX_UNLOCK_PI),   F(FUTEX_TRYLOCK_PI),
	F(FUTEX_WAIT_BITSET),	 F(FUTEX_WAKE_BITSET), F(FUTEX_WAIT_REQUEUE_PI),
	F(FUTEX_CMP_REQUEUE_PI), F(FUTEX_LOCK_PI2),
};

/* Appends to @b (of @n bytes, at *@at); never overflows, always ends. */
static void put(char *b, size_t n, size_t *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void put(char *b, size_t n, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (*at >= n)
		return;
	va_start(ap, fmt);
	r = vsnprintf(b + *at, n - *at, fmt, ap);
	va_end(ap);
	if (r > 0)
		*at += (size_t)r < n - *at ? (size_t)r : n - *at - 1;
}

/* The names of @t set in @v, joined by |; the bits left over in hex. */
static void put_flags(char *b, size_t n, size_t *at, const struct flag *t,
		      size_t cnt, uint64_t v)
{
	size_t i, start = *at;

	for (i = 0; i < cnt; i++)
		if (t[i].val && (v & t[i].val) == t[i].val) {
			put(b, n, at, "%s%s", *at > start ? "|" : "",
			    t[i].name);
			v &= ~t[i].val;
		}
	if (v || *at == start)
		put(b, n, at, "%s%#" PRIx64, *at > start ? "|" : "", v);
}

/* The name of value @v in @t, or @v in decimal. */
static void put_value(char *b, size_t n, size_t *at, const struct flag *t,
		      size_t cnt, int64_t v)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		if (t[i].name && t[i].val == (uint64_t)v) {
			put(b, n, at, "%s", t[i].name);
			return;
		}
	put(b, n, at, "%" PRId64, v);
}

/* A signal number as SIGINT, SIGRTMIN+3, or its number. */
static void put_signal(char *b, size_t n, size_t *at, int sig)
{
	const char *abbrev = sig > 0 && sig < SIGRTMIN ? sigabbrev_np(sig) :
							 NULL;

	if (abbrev)
		put(b, n, at, "SIG%s", abbrev);
	else if (sig >= SIGRTMIN && sig <= SIGRTMAX)
		put(b, n, at, "SIGRTMIN+%d", sig - SIGRTMIN);
	else
		put(b, n, at, "%d", sig);
}

void format_set(enum argset set, uint64_t v, char *b, size_t n)
{
	size_t at = 0;

	b[0] = '\0';
	switch (set) {
	case SET_OPEN:
		put(b, n, &at, "%s",
		    (v & O_ACCMODE) == O_WRONLY ? "O_WRONLY" :
		    (v & O_ACCMODE) == O_RDWR	? "O_RDWR" :
		    (v & O_ACCMODE) == O_RDONLY ? "O_RDONLY" :
						  "O_ACCMODE");
		if (v & ~(uint64_t)O_ACCMODE) {
			put(b, n, &at, "|");
			put_flags(b, n, &at, open_flags, N(open_flags),
				  v & ~(uint64_t)O_ACCMODE);
		}
		break;
	case SET_FD_OPEN_FLAGS: /* pipe2, dup3, ...: only some O_ flags */
		put_flags(b, n, &at, open_flags, N(open_flags), v);
		break;
	case SET_PROT:
		if (!v)
			put(b, n, &at, "PROT_NONE");
		else
			put_flags(b, n, &at, prot_flags, N(prot_flags), v);
		break;
	case SET_MAP:
		put_value(b, n, &at, map_types, N(map_types), v & 0xf);
		if (v & ~0xfULL) {
			put(b, n, &at, "|");
			put_flags(b, n, &at, map_flags, N(map_flags),
				  v & ~0xfULL);
		}
		break;
	case SET_CLONE:
		if (v & ~0xffULL)
			put_flags(b, n, &at, clone_flags, N(clone_flags),
				  v & ~0xffULL);
		if (v & 0xff) {
			put(b, n, &at, "%s", at ? "|" : "");
			put_signal(b, n, &at, v & 0xff);
		}
		if (!at)
			put(b, n, &at, "0");
		break;
	case SET_SIGNAL:
		put_signal(b, n, &at, (int)v);
		break;
	case SET_AT:
		put_flags(b, n, &at, at_flags, N(at_flags), v);
		break;
	case SET_AT_UNLINK:
		put_flags(b, n, &at, unlink_flags, N(unlink_flags), v);
		break;
	case SET_AT_ACCESS:
		put_flags(b, n, &at, access_at_flags, N(access_at_flags), v);
		break;
	case SET_ACCESS:
		if (!v)
			put(b, n, &at, "F_OK");
		else
			put_flags(b, n, &at, access_modes, N(access_modes), v);
		break;
	case SET_WHENCE:
		put_value(b, n, &at, whences, N(whences), (int)v);
		break;
	case SET_FCNTL:
		put_value(b, n, &at, fcntl_cmds, N(fcntl_cmds), (int)v);
		break;
	case SET_FD_FLAGS:
		put_flags(b, n, &at, fd_flags, N(fd_flags), v);
		break;
	case SET_SIGMASK_HOW:
		put_value(b, n, &at, sigmask_hows, N(sigmask_hows), (int)v);
		break;
	case SET_DOMAIN:
		put_value(b, n, &at, domains, N(domains), (int)v);
		break;
	case SET_SOCK_TYPE:
		put_value(b, n, &at, sock_types, N(sock_types), v & 0xf);
		if (v & ~0xfULL) {
			put(b, n, &at, "|");
			put_flags(b, n, &at, sock_flags, N(sock_flags),
				  v & ~0xfULL);
		}
		break;
	case SET_ARCH_PRCTL:
		put_value(b, n, &at, arch_prctl_codes, N(arch_prctl_codes),
			  (int)v);
		if (!strchr(b, '_')) { /* unknown: strace shows it in hex */
			at = 0;
			put(b, n, &at, "%#" PRIx64, v);
		}
		break;
	case SET_RLIMIT:
		put_value(b, n, &at, rlimits, N(rlimits), (int)v);
		break;
	case SET_WAIT:
		put_flags(b, n, &at, wait_flags, N(wait_flags), v);
		break;
	case SET_GRND:
		put_flags(b, n, &at, grnd_flags, N(grnd_flags), v);
		break;
	case SET_RENAME:
		put_flags(b, n, &at, rename_flags, N(rename_flags), v);
		break;
	case SET_MADV:
		put_value(b, n, &at, madvices, N(madvices), (int)v);
		break;
	case SET_FUTEX:
		put_value(b, n, &at, futex_ops, N(futex_ops),
			  v & FUTEX_CMD_MASK);
		if (v & FUTEX_PRIVATE_FLAG)
			put(b, n, &at, "_PRIVATE");
		if (v & FUTEX_CLOCK_REALTIME)
			put(b, n, &at, "|FUTEX_CLOCK_REALTIME");
		break;
	}
}
