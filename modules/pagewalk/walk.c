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
 * walked (munmap frees tables after downgrading to the read lock). Both
 * the listing and the count go through the one descent of descend.h
 * (how entries are read safely is said there) with callbacks of their
 * own; what an entry means is decoded by decode.c and the architecture's
 * decoder (arch_x86.c, arch_arm64.c). The listing is a
 * lockless snapshot, as ptdump's: entries may change while we read them,
 * but we never follow a freed table.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/pgtable.h>
#include <linux/sched/mm.h>

#include "pagewalk.h"
#include "internal.h"
#include "descend.h"

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

/* Whether the queue of finished ranges has no room left. */
static bool pw_queue_full(const struct pw_session *s)
{
	return s->q_head + s->q_len >= PW_QUEUE;
}

/* Move the range being merged to the queue of finished ranges. */
static bool pw_break(struct pw_session *s)
{
	if (!s->have_pending)
		return false;
	s->queue[s->q_head + s->q_len++] = s->pending;
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

/* Fast path: @pte, present, continues the range being merged. */
static bool pw_extends(const struct pw_session *s, unsigned long addr,
		       pte_t pte)
{
	const struct pw_range *p = &s->pending;
	unsigned long pfn;

	if (!s->have_pending || p->end != addr || p->level != PW_PTE ||
	    !pte_present(pte) || pw_arch_pte_flags(pte) != p->flags || p->attrs)
		return false;
	pfn = pte_pfn(pte);
	return pfn == p->val + ((addr - p->start) >> PAGE_SHIFT) &&
	       !is_zero_pfn(pfn);
}

/*
 * Arm the raw fast path after the present PTE @val at @addr joined the
 * range being merged: a next PTE that is @val with the frame one higher
 * extends the range, and that PTE's raw value is @val plus one frame
 * unit. Checked here, once, for the rest of this PTE table: the frame
 * field takes the adds without a carry into other bits (x86 stores the
 * frame of a PROT_NONE entry inverted: such a range is never armed), the
 * flags stay, and the run stops before the zero page's frame (a range
 * ends there). With frames in order this leaves one compare and two adds
 * per PTE; the full decode is for the first PTE of each table.
 */
static void pw_arm(struct pw_session *s, unsigned long addr, u64 val)
{
	const struct pw_range *p = &s->pending;
	unsigned long n = ((addr | ~PMD_MASK) - addr) >> PAGE_SHIFT;
	unsigned long pfn = pte_pfn(__pte(val));
	unsigned long zero = page_to_pfn(ZERO_PAGE(0));
	u64 last = val + ((u64)n << PAGE_SHIFT);

	s->fast_end = 0;
	if (!n || !s->have_pending || p->end != addr + PAGE_SIZE ||
	    p->level != PW_PTE || p->kind != PW_PRESENT || p->attrs ||
	    pte_pfn(__pte(last)) != pfn + n ||
	    pw_arch_pte_flags(__pte(last)) != p->flags)
		return;
	if (zero > pfn && zero <= pfn + n)
		n = zero - pfn - 1;
	s->next_raw = val + PAGE_SIZE;
	s->fast_end = addr + PAGE_SIZE + (n << PAGE_SHIFT);
}

/*
 * The listing's walk: one session, and whether a range came out. The
 * descent goes on after a range is finished, until the queue is full: a
 * new descent from the top for every range was a third of the walk's time
 * with one range per page.
 */
struct pw_list_walk {
	struct pw_walk w;
	struct pw_session *s;
	bool emitted;
};

static struct pw_list_walk *pw_list(struct pw_walk *w)
{
	return container_of(w, struct pw_list_walk, w);
}

/* One budget unit per descent, as per PTE. */
static bool pw_list_table(struct pw_walk *w, int level, void *entryp,
			  unsigned int index, u64 val)
{
	if (level == PAGEWALK_PGD)
		pw_list(w)->s->budget--;
	return false;
}

/* Nothing mapped in [addr, next): the range being merged ends. */
static bool pw_list_hole(struct pw_walk *w, int level, u64 val, bool bad,
			 unsigned long addr, unsigned long next)
{
	struct pw_list_walk *lw = pw_list(w);
	struct pw_session *s = lw->s;

	if (level == PAGEWALK_PTE)
		s->budget--;
	if (pw_break(s))
		lw->emitted = true;
	return pw_queue_full(s) || s->budget <= 0;
}

/* A leaf the fast path does not take: decoded, merged or a new range. */
static noinline bool pw_list_leaf_slow(struct pw_walk *w, int level, u64 val,
				       unsigned long addr, unsigned long next)
{
	struct pw_list_walk *lw = pw_list(w);
	struct pw_session *s = lw->s;
	struct pw_range leaf;

	if (level != PAGEWALK_PTE) {
		pw_decode_huge(&leaf, w->vma, PAGEWALK_PTE - level, val, addr,
			       next);
	} else {
		s->budget--;
		if (pw_extends(s, addr, __pte(val))) {
			s->pending.end += PAGE_SIZE;
			pw_arm(s, addr, val);
			return s->budget <= 0;
		}
		pw_decode_pte(&leaf, addr, __pte(val));
	}
	if (pw_feed(s, &leaf))
		lw->emitted = true;
	if (level == PAGEWALK_PTE)
		pw_arm(s, addr, val);
	else
		s->fast_end = 0;
	return pw_queue_full(s) || s->budget <= 0;
}

/*
 * The fast path (pw_arm) in a function of its own that calls nothing: it
 * needs no stack frame, no stack canary and, on arm64, no signing of its
 * return address, which under QEMU's TCG cost more than the rest of the
 * work per PTE.
 */
static bool pw_list_leaf(struct pw_walk *w, int level, u64 val,
			 unsigned long addr, unsigned long next)
{
	struct pw_session *s = pw_list(w)->s;

	if (level == PAGEWALK_PTE && val == s->next_raw && addr < s->fast_end &&
	    addr == s->pending.end && s->have_pending) {
		s->budget--;
		s->pending.end += PAGE_SIZE;
		s->next_raw += PAGE_SIZE;
		return s->budget <= 0;
	}
	return pw_list_leaf_slow(w, level, val, addr, next);
}

static const struct pw_walk_ops pw_list_ops = {
	.table = pw_list_table,
	.hole = pw_list_hole,
	.leaf = pw_list_leaf,
};

/* One step at s->addr below @end (inside @vma); true if a range is out. */
static bool pw_walk_step(struct pw_session *s, struct vm_area_struct *vma,
			 unsigned long end)
{
	struct pw_list_walk lw = {
		.w = { .mm = s->mm, .vma = vma },
		.s = s,
	};

	s->addr = pw_descend(&pw_list_ops, &lw.w, s->addr, end);
	return lw.emitted;
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
	s->vma = vma;
	s->rec_type = PW_REC_VMA;
	return true;
}

/* One step of the listing; true if a record is ready. */
static bool pw_step(struct pw_session *s)
{
	struct vm_area_struct *vma;

	/* the VMA entered under this hold of the lock cannot have changed */
	if (s->in_vma && s->vma && s->addr < s->vma_end)
		return pw_walk_step(s, s->vma, s->vma_end);
	vma = find_vma(s->mm, s->addr);
	s->vma = NULL;
	if (s->in_vma) {
		if (!vma || s->addr >= s->vma_end ||
		    vma->vm_start != s->vma_start ||
		    vma->vm_end != s->vma_end) {
			s->in_vma = false;
			return pw_break(s);
		}
		s->vma = vma;
		return pw_walk_step(s, vma, s->vma_end);
	}
	if (!vma) {
		s->done = true;
		return pw_break(s);
	}
	return pw_enter_vma(s, vma);
}

/*
 * The next record: a queued range, or else the walk goes on until one
 * is out (a VMA line or ranges). The lock stays held from one record to
 * the next, up to pw_walk_unlock() (the seq_file's ->stop, after each
 * chunk of a read) or until resched_pages entries have been read: taking
 * it, mmget() and find_vma() for every record cost as much as the walk
 * itself with one record per page. The walk goes on only once the queue
 * is empty, so a VMA line never overtakes the ranges before it.
 */
int pw_advance(struct pw_session *s)
{
	bool ready = false;
	int ret;

	while (!ready && !s->q_len) {
		if (s->done)
			return 0;
		if (!s->locked) {
			ret = pw_lock(s);
			if (ret < 0)
				return ret;
			s->locked = true;
		}
		while (!ready && !s->done && s->budget > 0)
			ready = pw_step(s);
		if (s->budget <= 0)
			pw_walk_unlock(s);
	}
	if (s->q_len) {
		s->rec = s->queue[s->q_head];
		s->rec_type = PW_REC_RANGE;
		s->q_len--;
		s->q_head = s->q_len ? s->q_head + 1 : 0;
	}
	return 1;
}

/* Drop the lock held by pw_advance(), if it is held. */
void pw_walk_unlock(struct pw_session *s)
{
	if (!s->locked)
		return;
	s->locked = false;
	s->vma = NULL;
	pw_unlock(s);
}

/* Tables seen so far, and the last one of each level (VMAs are sorted). */
struct pw_count {
	struct pw_walk w;
	unsigned long n[5];
	unsigned long last[5];
};

/* A table is in use where an entry is read from it; PTEs are not read. */
static bool pw_count_table(struct pw_walk *w, int level, void *entryp,
			   unsigned int index, u64 val)
{
	struct pw_count *c = container_of(w, struct pw_count, w);
	unsigned long table = (unsigned long)((u64 *)entryp - index);

	if (level != PAGEWALK_PGD && c->last[level] != table) {
		c->last[level] = table;
		c->n[level]++;
	}
	return level == PAGEWALK_PTE;
}

static const struct pw_walk_ops pw_count_ops = {
	.table = pw_count_table,
};

int pw_count_tables(struct pw_session *s)
{
	struct pw_count c = { .w = { .mm = s->mm } };
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
			c.w.vma = vma;
			addr = pw_descend(&pw_count_ops, &c.w, addr,
					  vma->vm_end);
			s->budget--;
		}
		pw_unlock(s);
	}
	memcpy(s->hdr.tables, c.n, sizeof(c.n));
	s->hdr.tables[0] = 1;
	return 0;
}
