// SPDX-License-Identifier: GPL-2.0
/*
 * capture.c - the user memory a stream record carries: at sys_enter, while
 * the stream is open, the first string argument of the call (a path, a
 * name) or the first bytes of write's and pwrite64's buffer, copied into
 * the thread's in-flight slot; the record gets it at the return.
 *
 * The probes must not sleep or fault (up to 6.12 they run with preemption
 * disabled), so the bytes are read with copy_from_user_nofault(): memory
 * that is not mapped yet is not read at entry (scp_capture_retry() gives
 * it a second chance at the return). strncpy_from_user_nofault() would
 * stop at the NUL, but no kernel the suite supports exports it: a string
 * is read in two steps, up to the end of its first page, then, if no NUL
 * was found there, the rest from the next page, so a string at the end of
 * the last mapped page is still read.
 */
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "scp.h"

/*
 * Reads up to @want bytes at @uaddr into @c->buf without faulting: the
 * bytes up to the end of @uaddr's page, then the rest unless @string and a
 * NUL was found in the first part. Returns the number of bytes read.
 */
static size_t scp_read(struct scp_capture *c, unsigned long uaddr, size_t want,
		       bool string)
{
	size_t first = min_t(size_t, want, PAGE_SIZE - offset_in_page(uaddr));

	if (copy_from_user_nofault(c->buf, (const void __user *)uaddr, first))
		return 0;
	if (first == want || (string && memchr(c->buf, '\0', first)))
		return first;
	if (copy_from_user_nofault(c->buf + first,
				   (const void __user *)(uaddr + first),
				   want - first))
		return first;
	return want;
}

/* The string at @uaddr: up to its NUL, cut if none within the bytes read. */
static bool scp_capture_string(struct scp_capture *c, unsigned long uaddr)
{
	size_t got = scp_read(c, uaddr, SYSCALL_PROBE_STR_MAX, true);
	const char *nul;

	if (!got)
		return false;
	nul = memchr(c->buf, '\0', got);
	c->len = nul ? nul - c->buf : got;
	c->flags = nul ? 0 : SYSCALL_PROBE_STR_CUT;
	return true;
}

/* The first bytes of the @count bytes at @uaddr. */
static bool scp_capture_buf(struct scp_capture *c, unsigned long uaddr,
			    unsigned long count)
{
	size_t got = 0;

	if (count) {
		got = scp_read(c, uaddr,
			       min_t(unsigned long, count,
				     SYSCALL_PROBE_STR_MAX),
			       false);
		if (!got)
			return false;
	}
	c->len = got;
	c->flags = SYSCALL_PROBE_STR_BUF |
		   (got < count ? SYSCALL_PROBE_STR_CUT : 0);
	return true;
}

/* Reads what @what says from @args into @c; false if not readable. */
static bool scp_capture_do(struct scp_capture *c, u8 what,
			   const unsigned long *args)
{
	int i = SCP_STR_INDEX(what);
	bool ok;

	if (SCP_STR_IS_BUF(what))
		ok = scp_capture_buf(c, args[i], args[i + 1]);
	else
		ok = scp_capture_string(c, args[i]);
	if (ok)
		c->arg = i;
	return ok;
}

/*
 * Fills @c for the call @nr of @abi entered with @args: c->arg stays
 * SYSCALL_PROBE_STR_NONE if it has nothing to capture or the memory could
 * not be read without a fault; then c->retry says what to read again at
 * the return (scp_capture_retry()).
 */
void scp_capture(struct scp_capture *c, s32 nr, u8 abi,
		 const unsigned long *args)
{
	u8 what = scp_str_arg(nr, abi);

	c->arg = SYSCALL_PROBE_STR_NONE;
	c->retry = 0;
	if (!what || !args[SCP_STR_INDEX(what)])
		return;
	if (!scp_capture_do(c, what, args)) {
		c->retry = what;
		c->mm = current->mm;
	}
}

/*
 * At the return: memory the entry could not read without a fault (a page
 * of the program's not touched yet, e.g. a string in a library's
 * read-only data) has usually been faulted in by the call itself, which
 * read it (getname() for a path, write() its buffer). The bytes are read
 * again, flagged SYSCALL_PROBE_STR_EXIT, unless the address space changed
 * (a successful execve: the pointers were the old program's). A call that
 * changed that memory itself (none of those with a string argument does)
 * would show the new bytes.
 */
void scp_capture_retry(struct scp_capture *c, const unsigned long *args)
{
	if (!c->retry || c->mm != current->mm)
		return;
	if (scp_capture_do(c, c->retry, args))
		c->flags |= SYSCALL_PROBE_STR_EXIT;
	c->retry = 0;
}
