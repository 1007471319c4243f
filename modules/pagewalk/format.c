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

void pw_show_range(struct seq_file *m, const struct pw_session *s,
		   const struct pw_range *r)
{
	bool frame = pw_has_frame(r);

	seq_printf(m, "0x%016lx-0x%016lx", r->start, r->end);
	pw_put_size(m, r->end - r->start);
	seq_printf(m, " %s pfn=0x%llx", pw_level_names[r->level],
		   frame && s->show_pfn ? r->val : 0);
	pw_put_kind(m, s, r);
	if (!s->show_pfn && (frame || r->kind == PW_SWAP))
		seq_puts(m, " redacted");
	seq_putc(m, '\n');
}
