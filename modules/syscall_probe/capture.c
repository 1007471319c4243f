// SPDX-License-Identifier: GPL-2.0
/*
 * capture.c - the user memory a stream record carries: at sys_enter, while
 * the stream is open, the first string argument of the call (a path, a
 * name) or the first bytes of write's and pwrite64's buffer, then the
 * second string of the calls that name two (rename, link, symlink...) or
 * the first entries of execve's argv, copied into the thread's in-flight
 * slot; the record gets it at the return.
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
 * Reads up to @want bytes at @uaddr into @dst without faulting: the bytes
 * up to the end of @uaddr's page, then the rest unless @string and a NUL
 * was found in the first part. Returns the number of bytes read.
 */
static size_t scp_read(char *dst, unsigned long uaddr, size_t want, bool string)
{
	size_t first = min_t(size_t, want, PAGE_SIZE - offset_in_page(uaddr));

	if (copy_from_user_nofault(dst, (const void __user *)uaddr, first))
		return 0;
	if (first == want || (string && memchr(dst, '\0', first)))
		return first;
	if (copy_from_user_nofault(dst + first,
				   (const void __user *)(uaddr + first),
				   want - first))
		return first;
	return want;
}

/*
 * The string at @uaddr into the @room bytes at @dst: its length (without
 * the NUL) in *@len; false if nothing could be read. *@cut says whether
 * it goes on past the bytes read.
 */
static bool scp_read_string(char *dst, size_t room, unsigned long uaddr,
			    size_t *len, bool *cut)
{
	size_t got = scp_read(dst, uaddr, room, true);
	const char *nul;

	if (!got)
		return false;
	nul = memchr(dst, '\0', got);
	*len = nul ? nul - dst : got;
	*cut = !nul;
	return true;
}

/* The first bytes of the @count bytes at @uaddr. */
static bool scp_capture_buf(struct scp_capture *c, unsigned long uaddr,
			    unsigned long count)
{
	size_t got = 0;

	if (count) {
		got = scp_read(c->buf, uaddr,
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

/* The pointer at @uaddr, of @psize bytes (4 or 8), into *@p; 0 or -EFAULT. */
static int scp_read_ptr(unsigned long uaddr, size_t psize, unsigned long *p)
{
	const void __user *u = (const void __user *)uaddr;
	u32 p32;

	if (psize != sizeof(p32))
		return copy_from_user_nofault(p, u, sizeof(*p));
	if (copy_from_user_nofault(&p32, u, sizeof(p32)))
		return -EFAULT;
	*p = p32;
	return 0;
}

/*
 * The entries of the NULL-terminated array of string pointers at @uaddr
 * (execve's argv; pointers of @psize bytes) into the @room bytes at @dst,
 * each ended by its NUL but a last one cut short. Returns the bytes used,
 * and sets *@cut if an entry or the array goes on past them; 0 and *@cut
 * if not even the array could be read.
 */
static size_t scp_read_argv(char *dst, size_t room, unsigned long uaddr,
			    size_t psize, bool *cut)
{
	size_t at = 0, len;
	unsigned long p;

	*cut = false;
	for (;; uaddr += psize) {
		if (scp_read_ptr(uaddr, psize, &p))
			break;
		if (!p)
			return at;
		if (at >= room ||
		    !scp_read_string(dst + at, room - at, p, &len, cut))
			break;
		if (*cut)
			return at + len;
		at += len + 1; /* the NUL was read with it */
	}
	*cut = true;
	return at;
}

/*
 * The second capture of @what (SCP_STR_ARG2() or SCP_STR_ARGV()) after
 * the first one's NUL; the first one already in @c.
 */
static void scp_capture_second(struct scp_capture *c, u8 what, u8 abi,
			       const unsigned long *args)
{
	int j = SCP_STR2_INDEX(what);
	size_t at = c->len + 1, room, len;
	bool cut;

	if (j < 0 || !args[j] || at >= SYSCALL_PROBE_STR_MAX)
		return;
	room = SYSCALL_PROBE_STR_MAX - at;
	c->buf[c->len] = '\0';
	if (SCP_STR_IS_ARGV(what)) {
		len = scp_read_argv(c->buf + at, room, args[j],
				    abi == SYSCALL_PROBE_ABI_64 ?
					    sizeof(unsigned long) :
					    sizeof(u32),
				    &cut);
		/* Not even the array was readable: nothing to show. */
		if (!len && cut)
			return;
		c->flags2 = SYSCALL_PROBE_STR_LIST;
	} else {
		if (!scp_read_string(c->buf + at, room, args[j], &len, &cut))
			return;
		c->flags2 = 0;
	}
	c->len2 = len;
	c->flags2 |= cut ? SYSCALL_PROBE_STR_CUT : 0;
	c->arg2 = j;
}

/* Reads what @what says from @args into @c; false if not readable. */
static bool scp_capture_do(struct scp_capture *c, u8 what, u8 abi,
			   const unsigned long *args)
{
	int i = SCP_STR_INDEX(what), j = SCP_STR2_INDEX(what);
	size_t room = SYSCALL_PROBE_STR_MAX;
	size_t len;
	bool cut;

	c->arg2 = SYSCALL_PROBE_STR_NONE;
	if (SCP_STR_IS_BUF(what)) {
		if (!scp_capture_buf(c, args[i], args[i + 1]))
			return false;
		c->arg = i;
		return true;
	}
	/* Room for the second only if there is one (execve's argv may be NULL). */
	if (j >= 0 && args[j])
		room = SYSCALL_PROBE_STR_FIRST;
	if (!scp_read_string(c->buf, room, args[i], &len, &cut))
		return false;
	c->len = len;
	c->flags = cut ? SYSCALL_PROBE_STR_CUT : 0;
	c->arg = i;
	scp_capture_second(c, what, abi, args);
	return true;
}

/*
 * Fills @c for the call @nr of @abi entered with @args: c->arg stays
 * SYSCALL_PROBE_STR_NONE if it has nothing to capture or the memory could
 * not be read without a fault (c->arg2 too for a second capture); then
 * c->retry says what to read again at the return (scp_capture_retry()).
 */
void scp_capture(struct scp_capture *c, s32 nr, u8 abi,
		 const unsigned long *args)
{
	u8 what = scp_str_arg(nr, abi);
	int j = SCP_STR2_INDEX(what);

	c->arg = SYSCALL_PROBE_STR_NONE;
	c->arg2 = SYSCALL_PROBE_STR_NONE;
	c->retry = 0;
	if (!what || !args[SCP_STR_INDEX(what)])
		return;
	if (!scp_capture_do(c, what, abi, args) ||
	    (j >= 0 && args[j] && c->arg2 == SYSCALL_PROBE_STR_NONE)) {
		c->retry = what;
		c->mm = current->mm;
	}
}

/*
 * At the return: memory the entry could not read without a fault (a page
 * of the program's not touched yet, e.g. a string in a library's
 * read-only data) has usually been faulted in by the call itself, which
 * read it (getname() for a path, write() its buffer). The bytes are read
 * again (only the second capture if the first was read at entry),
 * flagged SYSCALL_PROBE_STR_EXIT, unless the address space changed
 * (a successful execve: the pointers were the old program's). A call that
 * changed that memory itself (none of those with a string argument does)
 * would show the new bytes.
 */
void scp_capture_retry(struct scp_capture *c, u8 abi, const unsigned long *args)
{
	if (!c->retry || c->mm != current->mm)
		return;
	if (c->arg != SYSCALL_PROBE_STR_NONE) {
		/* The first was read at entry: only the second again. */
		scp_capture_second(c, c->retry, abi, args);
		if (c->arg2 != SYSCALL_PROBE_STR_NONE)
			c->flags2 |= SYSCALL_PROBE_STR_EXIT;
	} else if (scp_capture_do(c, c->retry, abi, args)) {
		c->flags |= SYSCALL_PROBE_STR_EXIT;
	}
	c->retry = 0;
}
