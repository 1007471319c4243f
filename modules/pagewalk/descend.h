/* SPDX-License-Identifier: GPL-2.0 */
/*
 * descend.h - the one descent of the page tables, in the manner of
 * mm/pagewalk.c's mm_walk_ops (walk_page_range() is not exported): from
 * the PGD of an address down to its leaf, calling back the user of the
 * walk for every entry read (table), for every empty or corrupt entry
 * (hole) and for every leaf (a huge or non-present PUD or PMD entry, or a
 * PTE). The listing, the table count and the single-address translation
 * all walk through pw_descend(); what an entry's bits mean is for the
 * architecture's decoder (arch_x86.c, arch_arm64.c).
 *
 * Every entry is read once (READ_ONCE(), the PMD as pmdp_get_lockless()
 * does) and only the value read is tested. Callers hold mmap_read_lock
 * over a VMA that covers the range (or walk static kernel tables): the
 * upper levels are then stable. A PTE table may be freed by khugepaged
 * under RCU (6.5+), so it is read under rcu_read_lock()
 * (pte_offset_map() is not exported on 6.12).
 *
 * The functions are inline with the callbacks passed as a constant @ops,
 * so that each walk gets its callbacks as direct calls: an indirect call
 * per PTE (a retpoline on Debian's kernels) made the full listing of
 * 1 GiB of 4 KiB pages about twice as slow.
 */
#ifndef PAGEWALK_DESCEND_H
#define PAGEWALK_DESCEND_H

#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/rcupdate.h>

#include "pagewalk.h"
#include "internal.h"

/* The callbacks; each may be NULL (nothing to do, go on). */
static __always_inline bool pw_cb_table(const struct pw_walk_ops *ops,
					struct pw_walk *w, int level,
					void *entryp, unsigned int index,
					u64 val)
{
	return ops->table && ops->table(w, level, entryp, index, val);
}

static __always_inline bool pw_cb_hole(const struct pw_walk_ops *ops,
				       struct pw_walk *w, int level, u64 val,
				       bool bad, unsigned long addr,
				       unsigned long next)
{
	return ops->hole && ops->hole(w, level, val, bad, addr, next);
}

static __always_inline bool pw_cb_leaf(const struct pw_walk_ops *ops,
				       struct pw_walk *w, int level, u64 val,
				       unsigned long addr, unsigned long next)
{
	return ops->leaf && ops->leaf(w, level, val, addr, next);
}

/* The PTEs of one table from @addr up to @end; where the walk stopped. */
static __always_inline unsigned long
pw_descend_pte(const struct pw_walk_ops *ops, struct pw_walk *w, pmd_t pmd,
	       unsigned long addr, unsigned long end)
{
	pte_t *ptep;
	pte_t pte;
	bool stop;

	rcu_read_lock();
	ptep = pte_offset_kernel(&pmd, addr);
	pte = ptep_get(ptep);
	if (pw_cb_table(ops, w, PAGEWALK_PTE, ptep, pte_index(addr),
			pte_val(pte))) {
		addr = end;
		goto out;
	}
	/* at least one entry, so that every call makes progress */
	for (;;) {
		if (pte_none(pte))
			stop = pw_cb_hole(ops, w, PAGEWALK_PTE, pte_val(pte),
					  false, addr, addr + PAGE_SIZE);
		else
			stop = pw_cb_leaf(ops, w, PAGEWALK_PTE, pte_val(pte),
					  addr, addr + PAGE_SIZE);
		addr += PAGE_SIZE;
		if (stop || addr >= end)
			break;
		pte = ptep_get(++ptep);
	}
out:
	rcu_read_unlock();
	return addr;
}

static __always_inline unsigned long
pw_descend_pmd(const struct pw_walk_ops *ops, struct pw_walk *w, pud_t *pudp,
	       unsigned long addr, unsigned long end)
{
	unsigned long next = pmd_addr_end(addr, end);
	pmd_t *pmdp = pmd_offset(pudp, addr);
	pmd_t pmd = pw_pmd_get(pmdp);
	u64 v = pmd_val(pmd);

	if (pw_cb_table(ops, w, PAGEWALK_PMD, pmdp, pmd_index(addr), v))
		return next;
	if (pmd_none(pmd)) {
		pw_cb_hole(ops, w, PAGEWALK_PMD, v, false, addr, next);
		return next;
	}
	if (pmd_leaf(pmd) || !pmd_present(pmd)) {
		pw_cb_leaf(ops, w, PAGEWALK_PMD, v, addr, next);
		return next;
	}
	if (pmd_bad(pmd)) {
		pw_cb_hole(ops, w, PAGEWALK_PMD, v, true, addr, next);
		return next;
	}
	return pw_descend_pte(ops, w, pmd, addr, next);
}

static __always_inline unsigned long
pw_descend_pud(const struct pw_walk_ops *ops, struct pw_walk *w, p4d_t *p4dp,
	       unsigned long addr, unsigned long end)
{
	unsigned long next = pud_addr_end(addr, end);
	pud_t *pudp = pud_offset(p4dp, addr);
	pud_t pud = READ_ONCE(*pudp);
	u64 v = pud_val(pud);

	if (pw_cb_table(ops, w, PAGEWALK_PUD, pudp, pud_index(addr), v))
		return next;
	if (pud_none(pud)) {
		pw_cb_hole(ops, w, PAGEWALK_PUD, v, false, addr, next);
		return next;
	}
	if (pud_leaf(pud) || !pud_present(pud)) {
		pw_cb_leaf(ops, w, PAGEWALK_PUD, v, addr, next);
		return next;
	}
	if (pud_bad(pud)) {
		pw_cb_hole(ops, w, PAGEWALK_PUD, v, true, addr, next);
		return next;
	}
	return pw_descend_pmd(ops, w, pudp, addr, next);
}

/*
 * Walk from @addr (below @end) down to one leaf or hole, or through the
 * PTEs of one table until a callback returns true. @ops must be a
 * constant (a static const struct): its callbacks then become direct calls. A table callback that
 * returns true ends the descent at that entry (nothing below it is read).
 * Returns the address where the walk should go on.
 */
static __always_inline unsigned long pw_descend(const struct pw_walk_ops *ops,
						struct pw_walk *w,
						unsigned long addr,
						unsigned long end)
{
	unsigned long next = pgd_addr_end(addr, end);
	pgd_t *pgdp = pgd_offset_pgd(w->pgd ?: w->mm->pgd, addr);
	pgd_t pgd;
	p4d_t *p4dp;
	p4d_t p4d;

	/*
	 * With 4 levels the P4D is the PGD folded: not a level of its own.
	 * The top-level entry is then where p4d_offset() points, which is
	 * not pgd_offset()'s where the PGD shift is a build-time constant
	 * (arm64 folds at run time: its entry is at the P4D index of the
	 * table's page); its index is its place in that page.
	 */
	if (mm_p4d_folded(w->mm)) {
		p4dp = p4d_offset(pgdp, addr);
		p4d = READ_ONCE(*p4dp);
		next = p4d_addr_end(addr, end);
		if (pw_cb_table(ops, w, PAGEWALK_PGD, p4dp,
				offset_in_page(p4dp) / sizeof(p4d_t),
				p4d_val(p4d)))
			return next;
		if (p4d_none(p4d) || p4d_bad(p4d)) {
			pw_cb_hole(ops, w, PAGEWALK_PGD, p4d_val(p4d),
				   !p4d_none(p4d), addr, next);
			return next;
		}
		return pw_descend_pud(ops, w, p4dp, addr, next);
	}
	pgd = READ_ONCE(*pgdp);
	if (pw_cb_table(ops, w, PAGEWALK_PGD, pgdp, pgd_index(addr),
			pgd_val(pgd)))
		return next;
	if (pgd_none(pgd) || pgd_bad(pgd)) {
		pw_cb_hole(ops, w, PAGEWALK_PGD, pgd_val(pgd), !pgd_none(pgd),
			   addr, next);
		return next;
	}
	p4dp = p4d_offset(pgdp, addr);
	next = p4d_addr_end(addr, end);
	p4d = READ_ONCE(*p4dp);
	if (pw_cb_table(ops, w, PAGEWALK_P4D, p4dp, p4d_index(addr),
			p4d_val(p4d)))
		return next;
	if (p4d_none(p4d) || p4d_bad(p4d)) {
		pw_cb_hole(ops, w, PAGEWALK_P4D, p4d_val(p4d), !p4d_none(p4d),
			   addr, next);
		return next;
	}
	return pw_descend_pud(ops, w, p4dp, addr, next);
}

#endif /* PAGEWALK_DESCEND_H */
