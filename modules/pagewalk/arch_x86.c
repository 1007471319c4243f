// SPDX-License-Identifier: GPL-2.0
/*
 * arch_x86.c - what x86-64 page-table entries mean: the decoder of leaf
 * entries (frame, hardware flags, present or PROT_NONE, the swap-like
 * entries), the words for the flag bits (the PAT bit is bit 7 of a PTE
 * and bit 12 of a huge leaf; protection keys with OSPKE), the header
 * facts (4 or 5 levels with LA57, CR3, PTI and its two-page PGD), and the
 * address facts of the translation (canonical addresses, the kernel
 * image). Another architecture's decoder sits beside this file as
 * arch_<arch>.c with the same functions (internal.h); the descent
 * (descend.h) and the listing (walk.c) are generic.
 *
 * Non-present entries (swap, migration, PROT_NONE) store their frame
 * inverted (L1TF): they are decoded with the kernel's helpers, never with
 * raw masks.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/io.h>
#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/seq_file.h>

#include "lkm_compat.h"
#include "pagewalk.h"
#include "internal.h"

/*
 * A non-present, non-empty entry: swap, migration and the like (decoded
 * with the kernel's helpers: lkm_compat.h picks the API of the kernel).
 */
void pw_decode_swap(struct pw_range *r, pte_t pte)
{
	swp_entry_t e = lkm_leaf_from_pte(pte);

	if (pte_swp_soft_dirty(pte))
		r->flags |= _PAGE_SOFT_DIRTY;
	r->swp_type = swp_type(e);
	r->val = swp_offset(e);
	if (lkm_leaf_is_migration(e)) {
		r->kind = PW_MIGRATION;
		r->write = lkm_leaf_is_migration_write(e);
		r->val = lkm_leaf_pfn(e);
	} else if (lkm_leaf_is_device_private(e)) {
		r->kind = PW_DEVICE;
		r->val = lkm_leaf_pfn(e);
	} else if (lkm_leaf_is_hwpoison(e)) {
		r->kind = PW_HWPOISON;
		r->val = lkm_leaf_pfn(e);
	} else if (lkm_leaf_is_marker(e)) {
		r->kind = PW_MARKER;
	} else if (!lkm_leaf_is_swap(e)) {
		r->kind = PW_OTHER;
	} else {
		r->kind = PW_SWAP;
	}
	if (r->kind != PW_SWAP)
		r->swp_type = 0;
}

void pw_decode_pte(struct pw_range *r, unsigned long addr, pte_t pte)
{
	memset(r, 0, sizeof(*r));
	r->start = addr;
	r->end = addr + PAGE_SIZE;
	r->level = PW_PTE;
	if (!pte_present(pte)) {
		pw_decode_swap(r, pte);
		return;
	}
	r->val = pte_pfn(pte);
	r->flags = pte_flags(pte);
	r->kind = (r->flags & _PAGE_PRESENT) ? PW_PRESENT : PW_PROTNONE;
	if (is_zero_pfn(r->val))
		r->attrs |= PW_ATTR_ZERO;
}

/* The flag bits of a PTE, as pw_decode_pte() stores them. */
u64 pw_arch_pte_flags(pte_t pte)
{
	return pte_flags(pte);
}

/* The huge zero page: a huge leaf of a private anonymous VMA, not anon. */
static bool pw_huge_zero(struct vm_area_struct *vma, unsigned long pfn)
{
	if (!vma_is_anonymous(vma) || !pfn_valid(pfn))
		return false;
	return !PageAnon(pfn_to_page(pfn));
}

/* A PMD or PUD entry that is a leaf or not present; covers [addr, next). */
void pw_decode_huge(struct pw_range *r, struct vm_area_struct *vma, int level,
		    u64 v, unsigned long addr, unsigned long next)
{
	unsigned long mask = level == PW_PUD ? ~PUD_MASK : ~PMD_MASK;
	bool present;

	memset(r, 0, sizeof(*r));
	r->start = addr;
	r->end = next;
	r->level = level;
	present = (v & _PAGE_PSE) && (v & (_PAGE_PRESENT | _PAGE_PROTNONE));
	if (!present) {
		pw_decode_swap(r, __pte(v));
	} else {
		if (level == PW_PUD) {
			r->val = pud_pfn(__pud(v));
			r->flags = pud_flags(__pud(v));
		} else {
			r->val = pmd_pfn(__pmd(v));
			r->flags = pmd_flags(__pmd(v));
		}
		r->kind = (v & _PAGE_PRESENT) ? PW_PRESENT : PW_PROTNONE;
		if (is_vm_hugetlb_page(vma))
			r->attrs |= PW_ATTR_HUGETLB;
		else if (!(vma->vm_flags & (VM_PFNMAP | VM_IO)))
			r->attrs |= PW_ATTR_THP;
		if ((r->attrs & PW_ATTR_THP) && pw_huge_zero(vma, r->val))
			r->attrs |= PW_ATTR_ZERO;
	}
	/* resuming inside a huge leaf: the frame of @addr */
	if (r->kind != PW_MARKER && r->kind != PW_OTHER)
		r->val += (addr & mask) >> PAGE_SHIFT;
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
	h->pti = boot_cpu_has(X86_FEATURE_PTI);
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

/* Where the user half ends. */
unsigned long pw_arch_user_end(void)
{
	return TASK_SIZE_MAX;
}

/*
 * A leaf @v at @level (PAGEWALK_PUD, _PMD or _PTE) for the translation:
 * false if the MMU would fault (not present); else the frame and size.
 */
bool pw_arch_leaf(int level, u64 v, unsigned long *pfn, unsigned long *size)
{
	if (!(v & _PAGE_PRESENT))
		return false;
	switch (level) {
	case PAGEWALK_PUD:
		*pfn = pud_pfn(__pud(v));
		*size = PUD_SIZE;
		break;
	case PAGEWALK_PMD:
		*pfn = pmd_pfn(__pmd(v));
		*size = PMD_SIZE;
		break;
	default:
		*pfn = pte_pfn(__pte(v));
		*size = PAGE_SIZE;
		break;
	}
	return true;
}
