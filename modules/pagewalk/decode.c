// SPDX-License-Identifier: GPL-2.0
/*
 * decode.c - what a leaf entry of the page tables holds, in the terms of
 * the listing (struct pw_range): its frame, its flag bits, whether it is
 * present, PROT_NONE or a swap-like entry, and what it maps (the zero
 * page, a THP, hugetlbfs). The parts every architecture shares are here;
 * the bits themselves are read by the architecture's decoder
 * (arch_x86.c, arch_arm64.c), and the words printed for them too.
 *
 * Non-present entries (swap, migration...) are decoded with the kernel's
 * helpers, never with raw masks: x86 stores their frame inverted (L1TF),
 * and each architecture places the swap type and offset its own way.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/pgtable.h>

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

	r->flags |= pw_arch_swp_flags(pte);
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
	r->flags = pw_arch_pte_flags(pte);
	r->kind = pw_arch_valid(r->flags) ? PW_PRESENT : PW_PROTNONE;
	if (is_zero_pfn(r->val))
		r->attrs |= PW_ATTR_ZERO;
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

	memset(r, 0, sizeof(*r));
	r->start = addr;
	r->end = next;
	r->level = level;
	if (!pw_arch_huge(level, v, &r->val, &r->flags)) {
		pw_decode_swap(r, __pte(v));
	} else {
		r->kind = pw_arch_valid(r->flags) ? PW_PRESENT : PW_PROTNONE;
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
