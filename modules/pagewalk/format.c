// SPDX-License-Identifier: GPL-2.0
/*
 * format.c - the text of /proc/pagewalk/<pid>: header lines ("# key
 * value"), "vma" lines and one line per merged range of leaf entries:
 *
 *   0x<start>-0x<end> <size> <pte|pmd|pud> pfn=0x<hex> <words...>
 *
 * The words name the hardware bits that are set (x86: present rw user
 * pwt pcd accessed dirty pat pse global nx softdirty pkey=N; arm64: valid
 * block user ro af ng dbm dirty cont pxn uxn ...) and what the entry is
 * (zero thp hugetlb protnone swap migration ...). Frames, swap offsets
 * and table addresses are shown only to CAP_SYS_ADMIN; others read 0x0
 * and "redacted". The words for the flag bits and the architecture's
 * header lines come from its decoder (arch_x86.c, arch_arm64.c). The
 * exact format is in docs/pagewalk.md.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/seq_file.h>

#include "internal.h"

static const char *const pw_level_names[] = { "pte", "pmd", "pud" };

static void pw_put_size(struct seq_file *m, unsigned long bytes)
{
	if (!(bytes & ((1UL << 30) - 1)))
		seq_printf(m, " %luG", bytes >> 30);
	else if (!(bytes & ((1UL << 20) - 1)))
		seq_printf(m, " %luM", bytes >> 20);
	else
		seq_printf(m, " %luK", bytes >> 10);
}

static void pw_show_tables(struct seq_file *m, const struct pw_header *h)
{
	unsigned long bytes = pw_arch_pgd_bytes();
	int i;

	for (i = 1; i < 5; i++)
		bytes += h->tables[i] * PAGE_SIZE;
	seq_printf(m, "# tables pgd=%lu", h->tables[0]);
	if (h->levels == 5)
		seq_printf(m, " p4d=%lu", h->tables[1]);
	seq_printf(m, " pud=%lu pmd=%lu pte=%lu bytes=%lu\n", h->tables[2],
		   h->tables[3], h->tables[4], bytes);
}

void pw_show_header(struct seq_file *m, const struct pw_session *s, int line)
{
	const struct pw_header *h = &s->hdr;

	switch (line) {
	case 0:
		seq_printf(m, "# pid %d\n", h->pid);
		break;
	case 1:
		seq_printf(m, "# comm %s\n", h->comm);
		break;
	case 2:
		seq_printf(m, "# levels %d\n", h->levels);
		break;
	case 3 + PW_ARCH_HDR_LINES:
		pw_show_tables(m, h);
		break;
	case 4 + PW_ARCH_HDR_LINES:
		seq_puts(m, s->show_pfn ?
				    "# pfn shown\n" :
				    "# pfn redacted (needs CAP_SYS_ADMIN)\n");
		break;
	default:
		pw_arch_show_header(m, h, s->show_pfn, line - 3);
		break;
	}
}

void pw_show_vma(struct seq_file *m, const struct pw_session *s)
{
	unsigned long f = s->vma_flags;

	seq_printf(m, "vma 0x%016lx-0x%016lx", s->vma_start, s->vma_end);
	pw_put_size(m, s->vma_end - s->vma_start);
	seq_printf(m, " %c%c%c%c ", f & VM_READ ? 'r' : '-',
		   f & VM_WRITE ? 'w' : '-', f & VM_EXEC ? 'x' : '-',
		   f & VM_MAYSHARE ? 's' : 'p');
	seq_escape(m, s->pathbuf, " \t\n\\");
	seq_putc(m, '\n');
}

static void pw_put_kind(struct seq_file *m, const struct pw_session *s,
			const struct pw_range *r)
{
	switch (r->kind) {
	case PW_PRESENT:
	case PW_PROTNONE:
		pw_arch_put_flags(m, r);
		if (r->kind == PW_PROTNONE)
			seq_puts(m, " protnone");
		if (r->attrs & PW_ATTR_ZERO)
			seq_puts(m, " zero");
		if (r->attrs & PW_ATTR_THP)
			seq_puts(m, " thp");
		if (r->attrs & PW_ATTR_HUGETLB)
			seq_puts(m, " hugetlb");
		return;
	case PW_SWAP:
		seq_printf(m, " swap type=%u offset=0x%llx", r->swp_type,
			   s->show_pfn ? r->val : 0);
		break;
	case PW_MIGRATION:
		seq_printf(m, " migration %s", r->write ? "write" : "read");
		break;
	case PW_DEVICE:
		seq_puts(m, " device-private");
		break;
	case PW_HWPOISON:
		seq_puts(m, " hwpoison");
		break;
	case PW_MARKER:
		seq_puts(m, " marker");
		break;
	default:
		seq_puts(m, " nonpresent");
		break;
	}
	pw_arch_put_swp_flags(m, r);
}

static bool pw_has_frame(const struct pw_range *r)
{
	return r->kind == PW_PRESENT || r->kind == PW_PROTNONE ||
	       r->kind == PW_MIGRATION || r->kind == PW_DEVICE ||
	       r->kind == PW_HWPOISON;
}

/*
 * The 8 hex digits of @v as 8 ASCII bytes, the first digit in the top
 * byte: each nibble spread to a byte, then '0' added, and 'a' - '0' - 10
 * more where the nibble is 10 or more (adding 6 carries into bit 4): a
 * few operations per 8 digits instead of a loop of one digit at a time.
 */
static __always_inline u64 pw_hex8(u32 v)
{
	u64 x = v, ten;

	x = ((x & 0xffff0000ULL) << 16) | (x & 0xffffULL);
	x = ((x & 0x0000ff000000ff00ULL) << 8) | (x & 0x000000ff000000ffULL);
	x = ((x & 0x00f000f000f000f0ULL) << 4) | (x & 0x000f000f000f000fULL);
	ten = ((x + 0x0606060606060606ULL) >> 4) & 0x0101010101010101ULL;
	return x + 0x3030303030303030ULL + ten * ('a' - '0' - 10);
}

/* The last @n (1-8) of the 8 digits @x (pw_hex8()) at @p; the end. */
static __always_inline char *pw_put8(char *p, u64 x, int n)
{
	__be64 be = cpu_to_be64(x << (8 * (8 - n)));

	memcpy(p, &be, 8); /* one move; up to 7 bytes past the end */
	return p + n;
}

/* @v as 16 lower-case hex digits ("%016llx") at @p; the end. */
static char *pw_hex16(char *p, u64 v)
{
	p = pw_put8(p, pw_hex8(v >> 32), 8);
	return pw_put8(p, pw_hex8(v), 8);
}

/* @v in lower-case hex, no leading zeros ("%llx"), at @p; the end. */
static char *pw_hex(char *p, u64 v)
{
	int n = v ? (fls64(v) + 3) / 4 : 1;

	if (n > 8) {
		p = pw_put8(p, pw_hex8(v >> 32), n - 8);
		n = 8;
	}
	return pw_put8(p, pw_hex8(v), n);
}

/* @v in decimal ("%lu") at @p; the end. */
static char *pw_dec(char *p, unsigned long v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

/* A string of constant length: the copy is compiled to moves. */
static __always_inline char *pw_str(char *p, const char *str, size_t len)
{
	memcpy(p, str, len);
	return p + len;
}

/*
 * @len bytes of @src (readable up to a multiple of 8) at
 * @p, 8 bytes at a time, writing up to 7 bytes past the end: memcpy() of
 * a variable length is "rep movsb" on x86, one byte per step under TCG.
 */
static char *pw_copy_words(char *p, const char *src, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i += 8)
		memcpy(p + i, src + i, 8); /* one move */
	return p + len;
}

/*
 * The words after the frame of a present or PROT_NONE leaf, rendered once
 * for each new combination of kind, level, flag bits and attributes and
 * kept in the session: ranges next to each other mostly share them. The
 * decoder writes them through a seq_file over the session's buffer;
 * false if they do not fit (then they are written each time).
 */
static noinline bool pw_render_words(struct pw_session *s,
				     const struct pw_range *r)
{
	struct pw_words *w = &s->words;
	struct seq_file tmp = { .buf = w->text, .size = sizeof(w->text) };

	w->valid = false;
	pw_put_kind(&tmp, s, r);
	if (seq_has_overflowed(&tmp))
		return false;
	w->len = tmp.count;
	w->kind = r->kind;
	w->level = r->level;
	w->flags = r->flags;
	w->attrs = r->attrs;
	w->valid = true;
	return true;
}

/*
 * The rendering is a function of its own: its seq_file on the stack would
 * be cleared (auto-var-init=zero) at every call, cache hits included.
 */
static bool pw_cached_words(struct pw_session *s, const struct pw_range *r)
{
	const struct pw_words *w = &s->words;

	if (w->valid && w->kind == r->kind && w->level == r->level &&
	    w->flags == r->flags && w->attrs == r->attrs)
		return true;
	return pw_render_words(s, r);
}

/*
 * One range line, formatted here straight into the seq_file's buffer when
 * it has room for the longest line, else into the session's s->line and
 * written with seq_write(). With no two frames consecutive the listing is one line
 * per page, and the same line through seq_printf() cost ~5 us under TCG,
 * two thirds of the time of the whole listing (perf, 256 MiB written
 * backwards); a variable-length memcpy() (seq_write()) was then a sixth.
 */
void pw_show_range(struct seq_file *m, struct pw_session *s,
		   const struct pw_range *r)
{
	static const char *const units = "KMG";
	bool frame = pw_has_frame(r);
	unsigned long bytes = r->end - r->start;
	bool direct = m->size - m->count >= PW_LINE_MAX;
	char *local = s->line;
	char *line = direct ? m->buf + m->count : local;
	char *p = line;
	int unit;

	p = pw_str(p, "0x", 2);
	p = pw_hex16(p, r->start);
	p = pw_str(p, "-0x", 3);
	p = pw_hex16(p, r->end);
	if (!(bytes & ((1UL << 30) - 1)))
		unit = 2;
	else if (!(bytes & ((1UL << 20) - 1)))
		unit = 1;
	else
		unit = 0;
	*p++ = ' ';
	p = pw_dec(p, bytes >> (10 * (unit + 1)));
	*p++ = units[unit];
	*p++ = ' ';
	p = pw_str(p, pw_level_names[r->level], 3);
	p = pw_str(p, " pfn=0x", 7);
	p = pw_hex(p, frame && s->show_pfn ? r->val : 0);
	if ((r->kind == PW_PRESENT || r->kind == PW_PROTNONE) &&
	    pw_cached_words(s, r)) {
		p = pw_copy_words(p, s->words.text, s->words.len);
	} else {
		/* the other kinds are rare: the words through seq_printf() */
		if (direct)
			m->count += p - line;
		else
			seq_write(m, line, p - line);
		pw_put_kind(m, s, r);
		direct = false;
		line = local;
		p = line;
	}
	if (!s->show_pfn && (frame || r->kind == PW_SWAP))
		p = pw_str(p, " redacted", 9);
	*p++ = '\n';
	if (direct)
		m->count += p - line;
	else
		seq_write(m, line, p - line);
}
