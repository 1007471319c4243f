// SPDX-License-Identifier: GPL-2.0
/*
 * xlate.c - single-address translation: ioctl(PAGEWALK_IOC_XLATE) on an
 * open /proc/pagewalk/<pid> walks the tables for one virtual address, one
 * step per level (table address, index, raw entry), and says where the
 * walk stops (include/pagewalk.h). Addresses outside every VMA are not
 * walked (their tables may be freed under the read lock). In the kernel
 * half, addresses of the kernel image (text, data, bss: tables set up at
 * boot and never freed) are walked to the leaf, which shows the kernel
 * mapped in every process but supervisor-only; elsewhere in the kernel
 * half only the top-level entry is read. The walk is the one descent of
 * descend.h; what the leaf means is the architecture's (arch_x86.c,
 * arch_arm64.c). On arm64 the kernel half is not in the process's tables
 * but under TTBR1_EL1, one table for every process: kernel addresses are
 * looked up there.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/io.h>
#include <linux/capability.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>

#include "pagewalk.h"
#include "internal.h"
#include "descend.h"

/* The translation's walk: its result, and whether to stop at the PGD. */
struct pw_xlate_walk {
	struct pw_walk w;
	struct pagewalk_xlate *x;
	bool top_only;
};

static struct pw_xlate_walk *pw_xw(struct pw_walk *w)
{
	return container_of(w, struct pw_xlate_walk, w);
}

/* One step per table read: its level, the index, the raw entry. */
static bool pw_xlate_table(struct pw_walk *w, int level, void *entryp,
			   unsigned int index, u64 val)
{
	struct pw_xlate_walk *xw = pw_xw(w);
	struct pagewalk_step *st = &xw->x->step[xw->x->nsteps++];

	st->level = level;
	st->index = index;
	st->entry = val;
	st->table = pw_arch_table_phys(entryp, index);
	return xw->top_only;
}

static bool pw_xlate_hole(struct pw_walk *w, int level, u64 val, bool bad,
			  unsigned long addr, unsigned long next)
{
	pw_xw(w)->x->stop = bad ? PAGEWALK_STOP_BAD : PAGEWALK_STOP_NONE;
	return true;
}

/* The frame and the size a leaf @v at @level (PAGEWALK_PUD, _PMD, _PTE) map. */
static void pw_leaf_frame(int level, u64 v, unsigned long *pfn,
			  unsigned long *size)
{
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
}

static bool pw_xlate_leaf(struct pw_walk *w, int level, u64 val,
			  unsigned long addr, unsigned long next)
{
	struct pagewalk_xlate *x = pw_xw(w)->x;
	unsigned long pfn, size;

	if (!pw_arch_mmu_valid(val)) {
		x->stop = PAGEWALK_STOP_NOT_PRESENT;
		return true;
	}
	pw_leaf_frame(level, val, &pfn, &size);
	x->stop = PAGEWALK_STOP_PAGE;
	x->page_size = size;
	x->phys = ((u64)pfn << PAGE_SHIFT) + (x->addr & (size - 1));
	return true;
}

static const struct pw_walk_ops pw_xlate_ops = {
	.table = pw_xlate_table,
	.hole = pw_xlate_hole,
	.leaf = pw_xlate_leaf,
};

/*
 * Walk @x->addr from the table @pgd (NULL: the mm's): to its leaf, or
 * (@top_only) its top-level entry only.
 */
static void pw_xlate_walk(struct pagewalk_xlate *x, struct mm_struct *mm,
			  pgd_t *pgd, struct vm_area_struct *vma, bool top_only)
{
	struct pw_xlate_walk xw = {
		.w = { .mm = mm, .vma = vma, .pgd = pgd },
		.x = x,
		.top_only = top_only,
	};

	pw_descend(&pw_xlate_ops, &xw.w, x->addr, x->addr + 1);
}

static int pw_xlate(struct pagewalk_xlate *x, struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	pgd_t *kpgd = NULL;
	int ret;

	if (!pw_arch_canonical(x->addr))
		return -EINVAL;
	x->levels = pw_arch_levels();
	x->cr3 = pw_arch_cr3(mm);
	if (x->addr >= pw_arch_user_end()) {
		/* x86: the process's own tables; arm64: TTBR1_EL1's */
		kpgd = pw_arch_kernel_pgd(mm);
		if (kpgd)
			x->cr3 = virt_to_phys(kpgd);
	}
	if (pw_arch_kernel_image(x->addr)) {
		/* static tables, never freed: walk them all */
		x->flags |= PAGEWALK_XLATE_KERNEL;
		pw_xlate_walk(x, mm, kpgd, NULL, false);
		return 0;
	}
	if (x->addr >= pw_arch_user_end()) {
		pw_xlate_walk(x, mm, kpgd, NULL, true);
		x->stop = PAGEWALK_STOP_KERNEL;
		return 0;
	}
	ret = mmap_read_lock_killable(mm);
	if (ret)
		return ret;
	vma = find_vma(mm, x->addr);
	if (!vma || vma->vm_start > x->addr) {
		x->stop = PAGEWALK_STOP_NO_VMA;
	} else {
		x->vma_start = vma->vm_start;
		x->vma_end = vma->vm_end;
		pw_xlate_walk(x, mm, NULL, vma, false);
	}
	mmap_read_unlock(mm);
	return 0;
}

static void pw_redact(struct pagewalk_xlate *x)
{
	u32 i;

	x->flags |= PAGEWALK_XLATE_REDACTED;
	x->cr3 = 0;
	x->phys = 0;
	for (i = 0; i < x->nsteps; i++) {
		x->step[i].table = 0;
		x->step[i].entry &= ~pw_arch_frame_mask();
	}
}

long pw_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct seq_file *m = file->private_data;
	struct pw_session *s = m->private;
	void __user *uarg = (void __user *)arg;
	struct pagewalk_xlate x;
	struct mm_struct *mm;
	int ret;

	if (cmd != PAGEWALK_IOC_XLATE)
		return -ENOTTY;
	if (copy_from_user(&x.addr, uarg, sizeof(x.addr)))
		return -EFAULT;
	memset((char *)&x + sizeof(x.addr), 0, sizeof(x) - sizeof(x.addr));
	mm = pw_get_mm(file, s->pid);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	ret = pw_xlate(&x, mm);
	mmput(mm);
	if (ret < 0)
		return ret;
	if (!file_ns_capable(file, &init_user_ns, CAP_SYS_ADMIN))
		pw_redact(&x);
	return copy_to_user(uarg, &x, sizeof(x)) ? -EFAULT : 0;
}
