// SPDX-License-Identifier: GPL-2.0
/*
 * walk.c - walk the page tables of a process, VMA by VMA, and hand out the
 * next record of /proc/pagewalk/<pid>: a VMA line or a merged range of leaf
 * entries. Also counts the page-table pages per level for the header.
 *
 * Locking: the walk runs under mmap_read_lock with an mm_users reference,
 * taken for at most resched_pages entries at a time, then dropped (with
 * cond_resched()) and taken again; the cursor is an address, so the walk
 * resumes from the VMA that holds it. Only ranges covered by a VMA are
 * walked (munmap frees tables after downgrading to the read lock). The
 * upper levels are stable under the read lock; a PMD entry is read once
 * (pmdp_get_lockless() on 6.5+) and its PTE table is read under
 * rcu_read_lock(), which keeps a table that khugepaged retracts from being
 * freed while we read it (pte_offset_map() is not exported on 6.12). The
 * listing is a lockless snapshot, as ptdump's: entries may change while we
 * read them, but we never follow a freed table.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hugetlb.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/pgtable.h>
#include <linux/sched/mm.h>

#include "lkm_compat.h"
#include "internal.h"

/* Take the mm for one chunk of the walk. */
static int pw_lock(struct pw_session *s)
{
	if (!mmget_not_zero(s->mm))
		return -ESRCH;
	if (mmap_read_lock_killable(s->mm)) {
		mmput(s->mm);
		return -EINTR;
	}
	s->budget = clamp_t(long, READ_ONCE(pw_resched_pages), 1, 65536);
	return 0;
}

static void pw_unlock(struct pw_session *s)
{
	mmap_read_unlock(s->mm);
	mmput(s->mm);
	cond_resched();
}

/* Move the range being merged to the output record. */
static bool pw_break(struct pw_session *s)
{
	if (!s->have_pending)
		return false;
	s->rec = s->pending;
	s->rec_type = PW_REC_RANGE;
	s->have_pending = false;
	return true;
}

static bool pw_mergeable(const struct pw_range *a, const struct pw_range *b)
{
	return a->end == b->start && a->level == b->level &&
	       a->kind == b->kind && a->flags == b->flags &&
	       a->attrs == b->attrs && a->swp_type == b->swp_type &&
	       a->write == b->write &&
	       b->val == a->val + ((a->end - a->start) >> PAGE_SHIFT);
}

/* Add one leaf; true if it completed a record. */
static bool pw_feed(struct pw_session *s, const struct pw_range *leaf)
{
	bool emitted;

	if (s->have_pending && pw_mergeable(&s->pending, leaf)) {
		s->pending.end = leaf->end;
		return false;
	}
	emitted = pw_break(s);
	s->pending = *leaf;
	s->have_pending = true;
	return emitted;
}

/* Nothing mapped up to @next. */
static bool pw_hole(struct pw_session *s, unsigned long next)
{
	s->addr = next;
	return pw_break(s);
}

/*
 * A non-present, non-empty entry: swap, migration and the like (decoded
 * with the kernel's helpers: lkm_compat.h picks the API of the kernel).
 */
static void pw_decode_swap(struct pw_range *r, pte_t pte)
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

static void pw_decode_pte(struct pw_range *r, unsigned long addr, pte_t pte)
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

/* The huge zero page: a huge leaf of a private anonymous VMA, not anon. */
static bool pw_huge_zero(struct vm_area_struct *vma, unsigned long pfn)
{
	if (!vma_is_anonymous(vma) || !pfn_valid(pfn))
		return false;
	return !PageAnon(pfn_to_page(pfn));
}

/* A PMD or PUD entry that is a leaf or not present; covers [addr, next). */
static void pw_decode_huge(struct pw_range *r, struct vm_area_struct *vma,
			   int level, u64 v, unsigned long addr,
			   unsigned long next)
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

static bool pw_huge(struct pw_session *s, struct vm_area_struct *vma, int level,
		    u64 v, unsigned long next)
{
	struct pw_range leaf;
	bool emitted;

	pw_decode_huge(&leaf, vma, level, v, s->addr, next);
	emitted = pw_feed(s, &leaf);
	s->addr = next;
	return emitted;
}

/* Fast path: @pte, present, continues the range being merged. */
static bool pw_extends(const struct pw_session *s, unsigned long addr,
		       pte_t pte)
{
	const struct pw_range *p = &s->pending;
	unsigned long pfn;

	if (!s->have_pending || p->end != addr || p->level != PW_PTE ||
	    !pte_present(pte) || pte_flags(pte) != p->flags || p->attrs)
		return false;
	pfn = pte_pfn(pte);
	return pfn == p->val + ((addr - p->start) >> PAGE_SHIFT) &&
	       !is_zero_pfn(pfn);
}

/* The PTEs of one table from s->addr up to @end, within the budget. */
static bool pw_ptes(struct pw_session *s, pmd_t pmd, unsigned long end)
{
	unsigned long addr = s->addr;
	struct pw_range leaf;
	bool emitted = false;
	pte_t *ptep;
	pte_t pte;

	rcu_read_lock();
	ptep = pte_offset_kernel(&pmd, addr);
	/* at least one entry, so that every step makes progress */
	do {
		pte = ptep_get(ptep);
		s->budget--;
		if (pw_extends(s, addr, pte)) {
			s->pending.end += PAGE_SIZE;
		} else if (pte_none(pte)) {
			emitted = pw_break(s);
		} else {
			pw_decode_pte(&leaf, addr, pte);
			emitted = pw_feed(s, &leaf);
		}
		addr += PAGE_SIZE;
		ptep++;
	} while (addr < end && !emitted && s->budget > 0);
	rcu_read_unlock();
	s->addr = addr;
	return emitted;
}

/* One step at s->addr below @end (inside @vma); true if a record is out. */
static bool pw_walk_step(struct pw_session *s, struct vm_area_struct *vma,
			 unsigned long end)
{
	unsigned long addr = s->addr;
	pgd_t *pgdp;
	p4d_t *p4dp;
	pud_t *pudp;
	pmd_t *pmdp;
	pud_t pud;
	pmd_t pmd;

	s->budget--;
	pgdp = pgd_offset(s->mm, addr);
	if (pgd_none(READ_ONCE(*pgdp)) || pgd_bad(READ_ONCE(*pgdp)))
		return pw_hole(s, pgd_addr_end(addr, end));
	p4dp = p4d_offset(pgdp, addr);
	if (p4d_none(READ_ONCE(*p4dp)) || p4d_bad(READ_ONCE(*p4dp)))
		return pw_hole(s, p4d_addr_end(addr, end));
	pudp = pud_offset(p4dp, addr);
	pud = READ_ONCE(*pudp);
	if (pud_none(pud))
		return pw_hole(s, pud_addr_end(addr, end));
	if (pud_leaf(pud) || !pud_present(pud))
		return pw_huge(s, vma, PW_PUD, pud_val(pud),
			       pud_addr_end(addr, end));
	if (pud_bad(pud))
		return pw_hole(s, pud_addr_end(addr, end));
	pmdp = pmd_offset(pudp, addr);
	pmd = pw_pmd_get(pmdp);
	if (pmd_none(pmd))
		return pw_hole(s, pmd_addr_end(addr, end));
	if (pmd_leaf(pmd) || !pmd_present(pmd))
		return pw_huge(s, vma, PW_PMD, pmd_val(pmd),
			       pmd_addr_end(addr, end));
	if (pmd_bad(pmd))
		return pw_hole(s, pmd_addr_end(addr, end));
	return pw_ptes(s, pmd, pmd_addr_end(addr, end));
}

/* What backs a VMA, as /proc/<pid>/maps names it (or "anon"). */
static void pw_vma_name(struct pw_session *s, struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	const char *name = NULL;
	char *p;

	if (vma->vm_file) {
		p = d_path(&vma->vm_file->f_path, s->pathbuf, PATH_MAX);
		if (!IS_ERR(p)) {
			memmove(s->pathbuf, p, strlen(p) + 1);
			return;
		}
		name = "[file]";
	} else if (vma->vm_ops && vma->vm_ops->name) {
		name = vma->vm_ops->name(vma);
	}
	if (!name && vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk)
		name = "[heap]";
	if (!name && vma->vm_start <= mm->start_stack &&
	    vma->vm_end >= mm->start_stack)
		name = "[stack]";
	strscpy(s->pathbuf, name ?: "anon", PATH_MAX);
}

/* Enter @vma: its line is the next record. */
static bool pw_enter_vma(struct pw_session *s, struct vm_area_struct *vma)
{
	s->in_vma = true;
	s->vma_start = vma->vm_start;
	s->vma_end = vma->vm_end;
	s->vma_flags = vma->vm_flags;
	if (s->addr < vma->vm_start)
		s->addr = vma->vm_start;
	pw_vma_name(s, vma);
	s->rec_type = PW_REC_VMA;
	return true;
}

/* One step of the listing; true if a record is ready. */
static bool pw_step(struct pw_session *s)
{
	struct vm_area_struct *vma = find_vma(s->mm, s->addr);

	if (s->in_vma) {
		if (!vma || s->addr >= s->vma_end ||
		    vma->vm_start != s->vma_start ||
		    vma->vm_end != s->vma_end) {
			s->in_vma = false;
			return pw_break(s);
		}
		return pw_walk_step(s, vma, s->vma_end);
	}
	if (!vma) {
		s->done = true;
		return pw_break(s);
	}
	return pw_enter_vma(s, vma);
}

int pw_advance(struct pw_session *s)
{
	bool ready = false;
	int ret;

	while (!ready) {
		if (s->done)
			return 0;
		ret = pw_lock(s);
		if (ret < 0)
			return ret;
		while (!ready && !s->done && s->budget > 0)
			ready = pw_step(s);
		pw_unlock(s);
	}
	return 1;
}

/* Tables seen so far, and the last one of each level (VMAs are sorted). */
struct pw_count {
	unsigned long n[5];
	unsigned long last[5];
};

static void pw_note(struct pw_count *c, int level, unsigned long table)
{
	if (c->last[level] == table)
		return;
	c->last[level] = table;
	c->n[level]++;
}

/* Count the tables that map @addr; returns where the next step starts. */
static unsigned long pw_count_step(struct pw_count *c, struct mm_struct *mm,
				   unsigned long addr, unsigned long end)
{
	pgd_t *pgdp;
	p4d_t *p4dp;
	pud_t *pudp;
	pmd_t *pmdp;
	pud_t pud;
	pmd_t pmd;

	pgdp = pgd_offset(mm, addr);
	if (pgd_none(READ_ONCE(*pgdp)) || pgd_bad(READ_ONCE(*pgdp)))
		return pgd_addr_end(addr, end);
	p4dp = p4d_offset(pgdp, addr);
	if (pgtable_l5_enabled())
		pw_note(c, 1, (unsigned long)(p4dp - p4d_index(addr)));
	if (p4d_none(READ_ONCE(*p4dp)) || p4d_bad(READ_ONCE(*p4dp)))
		return p4d_addr_end(addr, end);
	pudp = pud_offset(p4dp, addr);
	pw_note(c, 2, (unsigned long)(pudp - pud_index(addr)));
	pud = READ_ONCE(*pudp);
	if (pud_none(pud) || pud_leaf(pud) || !pud_present(pud) || pud_bad(pud))
		return pud_addr_end(addr, end);
	pmdp = pmd_offset(pudp, addr);
	pw_note(c, 3, (unsigned long)(pmdp - pmd_index(addr)));
	pmd = pw_pmd_get(pmdp);
	if (pmd_none(pmd) || pmd_leaf(pmd) || !pmd_present(pmd) || pmd_bad(pmd))
		return pmd_addr_end(addr, end);
	pw_note(c, 4, pmd_pfn(pmd));
	return pmd_addr_end(addr, end);
}

int pw_count_tables(struct pw_session *s)
{
	struct pw_count c = {};
	struct vm_area_struct *vma;
	unsigned long addr = 0;
	bool done = false;
	int ret;

	while (!done) {
		ret = pw_lock(s);
		if (ret < 0)
			return ret;
		while (s->budget > 0) {
			vma = find_vma(s->mm, addr);
			if (!vma) {
				done = true;
				break;
			}
			if (addr < vma->vm_start)
				addr = vma->vm_start;
			addr = pw_count_step(&c, s->mm, addr, vma->vm_end);
			s->budget--;
		}
		pw_unlock(s);
	}
	memcpy(s->hdr.tables, c.n, sizeof(c.n));
	s->hdr.tables[0] = 1;
	return 0;
}
