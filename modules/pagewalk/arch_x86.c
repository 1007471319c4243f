// SPDX-License-Identifier: GPL-2.0
/*
 * arch_x86.c - what x86-64 page-table entries mean: the bits of leaf
 * entries (frame, hardware flags, present or PROT_NONE), the words for
 * the flag bits in /proc/pagewalk/<pid> (the PAT bit is bit 7 of a PTE
 * and bit 12 of a huge leaf; protection keys with OSPKE), the header
 * lines (4 or 5 levels with LA57, CR3, CR0's paging bits, PTI and its
 * two-page PGD), and the
 * address facts of the translation (canonical addresses, the kernel
 * image). arch_arm64.c has the same functions (internal.h); the descent
 * (descend.h), the decoding of what a leaf holds (decode.c) and the
 * listing (walk.c) are generic.
 *
 * Non-present entries (swap, migration, PROT_NONE) store their frame
 * inverted (L1TF): they are decoded with the kernel's helpers (decode.c),
 * never with raw masks.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/io.h>
#include <asm/special_insns.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/seq_file.h>

#include "lkm_compat.h"
#include "pagewalk.h"
#include "internal.h"

/* The flag bits of a present PTE (frame bits cleared). */
u64 pw_arch_pte_flags(pte_t pte)
{
	return pte_flags(pte);
}

/* The flag bits a swap-like entry keeps. */
u64 pw_arch_swp_flags(pte_t pte)
{
	return pte_swp_soft_dirty(pte) ? _PAGE_SOFT_DIRTY : 0;
}

/* Present to the MMU (else PROT_NONE: frame kept, present bit clear). */
bool pw_arch_valid(u64 flags)
{
	return flags & _PAGE_PRESENT;
}

/*
 * A huge PMD or PUD leaf @v at @level (PW_PMD, PW_PUD): its frame and
 * flag bits, or false if it is not present (a swap-like entry).
 */
bool pw_arch_huge(int level, u64 v, u64 *pfn, u64 *flags)
{
	if (!(v & _PAGE_PSE) || !(v & (_PAGE_PRESENT | _PAGE_PROTNONE)))
		return false;
	if (level == PW_PUD) {
		*pfn = pud_pfn(__pud(v));
		*flags = pud_flags(__pud(v));
	} else {
		*pfn = pmd_pfn(__pmd(v));
		*flags = pmd_flags(__pmd(v));
	}
	return true;
}

struct pw_bit {
	u64 mask;
	const char *name;
};

static const struct pw_bit pw_bits[] = {
	{ _PAGE_PRESENT, "present" },
	{ _PAGE_RW, "rw" },
	{ _PAGE_USER, "user" },
	{ _PAGE_PWT, "pwt" },
	{ _PAGE_PCD, "pcd" },
	{ _PAGE_ACCESSED, "accessed" },
	{ _PAGE_DIRTY, "dirty" },
	{ _PAGE_GLOBAL, "global" },
	{ _PAGE_NX, "nx" },
	{ _PAGE_SOFT_DIRTY, "softdirty" },
#ifdef _PAGE_BIT_SAVED_DIRTY
	{ _PAGE_SAVED_DIRTY, "saveddirty" },
#endif
};

/* The words for the hardware bits of a present (or PROT_NONE) leaf. */
void pw_arch_put_flags(struct seq_file *m, const struct pw_range *r)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(pw_bits); i++) {
		/* PROT_NONE entries reuse the global bit as their marker */
		if (r->kind == PW_PROTNONE && pw_bits[i].mask == _PAGE_GLOBAL)
			continue;
		if (r->flags & pw_bits[i].mask)
			seq_printf(m, " %s", pw_bits[i].name);
		if (pw_bits[i].mask == _PAGE_DIRTY) {
			if (r->level == PW_PTE && (r->flags & _PAGE_PAT))
				seq_puts(m, " pat");
			if (r->level != PW_PTE && (r->flags & _PAGE_PAT_LARGE))
				seq_puts(m, " pat");
			if (r->level != PW_PTE && (r->flags & _PAGE_PSE))
				seq_puts(m, " pse");
		}
	}
	if (cpu_feature_enabled(X86_FEATURE_OSPKE))
		seq_printf(m, " pkey=%llu",
			   (r->flags & _PAGE_PKEY_MASK) >> _PAGE_BIT_PKEY_BIT0);
}

/* The words for the bits kept in a non-present (swap-like) entry. */
void pw_arch_put_swp_flags(struct seq_file *m, const struct pw_range *r)
{
	if (r->flags & _PAGE_SOFT_DIRTY)
		seq_puts(m, " softdirty");
}

/* Paging levels: 5 with LA57 (CR4 bit 12, a run-time test), else 4. */
int pw_arch_levels(void)
{
	return pgtable_l5_enabled() ? 5 : 4;
}

/* CR3 of @mm: the PGD's physical address (the live CR3 adds PCID bits). */
u64 pw_arch_cr3(struct mm_struct *mm)
{
	return virt_to_phys(mm->pgd);
}

void pw_arch_header(struct pw_header *h, struct mm_struct *mm)
{
	h->levels = pw_arch_levels();
	h->cr3 = pw_arch_cr3(mm);
	h->ctl = read_cr0();
	h->pti = boot_cpu_has(X86_FEATURE_PTI);
}

/*
 * The header lines after "levels": CR3, CR0 with the bits that make
 * paging what it is (PG: paging on, WP: read-only pages bind the kernel
 * too, PE: protected mode), PTI.
 */
void pw_arch_show_header(struct seq_file *m, const struct pw_header *h,
			 bool show_pfn, int line)
{
	u64 cr0 = h->ctl;

	switch (line) {
	case 0:
		if (show_pfn)
			seq_printf(m, "# cr3 0x%016llx\n", h->cr3);
		else
			seq_puts(m, "# cr3 0x0 redacted\n");
		break;
	case 1:
		seq_printf(m, "# cr0 0x%016llx pg=%d wp=%d pe=%d\n", cr0,
			   !!(cr0 & X86_CR0_PG), !!(cr0 & X86_CR0_WP),
			   !!(cr0 & X86_CR0_PE));
		break;
	default:
		seq_printf(m, "# pti %s\n", h->pti ? "on" : "off");
		break;
	}
}

/* Bytes of a PGD: two pages with PTI (kernel and user copies). */
unsigned long pw_arch_pgd_bytes(void)
{
	return PAGE_SIZE << lkm_pgd_allocation_order();
}

/* The frame bits of an entry (cleared when frames are not shown). */
u64 pw_arch_frame_mask(void)
{
	return PTE_PFN_MASK;
}

/* Physical address of the table that holds @entryp at @index. */
u64 pw_arch_table_phys(void *entryp, unsigned int index)
{
	return virt_to_phys((u64 *)entryp - index);
}

bool pw_arch_canonical(unsigned long addr)
{
	int bits = pgtable_l5_enabled() ? 57 : 48;

	return ((long)(addr << (64 - bits)) >> (64 - bits)) == (long)addr;
}

/* The kernel image mapping (text, data, bss), mapped by static tables. */
bool pw_arch_kernel_image(unsigned long addr)
{
	return addr >= __START_KERNEL_map && addr < MODULES_VADDR;
}

/* The kernel half is in every process's own tables (NULL: the mm's). */
pgd_t *pw_arch_kernel_pgd(struct mm_struct *mm)
{
	return NULL;
}

/* Where the user half ends. */
unsigned long pw_arch_user_end(void)
{
	return TASK_SIZE_MAX;
}

/* Whether the MMU would use the leaf entry @v (else it faults: not present). */
bool pw_arch_mmu_valid(u64 v)
{
	return v & _PAGE_PRESENT;
}
