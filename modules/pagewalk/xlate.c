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
 * half only the top-level entry is read.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/io.h>
#include <linux/capability.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/pgtable.h>
#include <linux/sched/mm.h>
#include <linux/uaccess.h>

#include "pagewalk.h"
#include "internal.h"

static void pw_step_add(struct pagewalk_xlate *x, int level, void *entryp,
			unsigned int index, u64 val)
{
	struct pagewalk_step *st = &x->step[x->nsteps++];

	st->level = level;
	st->index = index;
	st->entry = val;
	st->table = virt_to_phys((u64 *)entryp - index);
}

static void pw_leaf(struct pagewalk_xlate *x, u64 v, unsigned long pfn,
		    unsigned long size)
{
	if (!(v & _PAGE_PRESENT)) {
		x->stop = PAGEWALK_STOP_NOT_PRESENT;
		return;
	}
	x->stop = PAGEWALK_STOP_PAGE;
	x->page_size = size;
	x->phys = ((u64)pfn << PAGE_SHIFT) + (x->addr & (size - 1));
}

/* The PMD and PTE levels. */
static void pw_xlate_pmd(struct pagewalk_xlate *x, pud_t *pudp)
{
	unsigned long addr = x->addr;
	pmd_t *pmdp = pmd_offset(pudp, addr);
	pmd_t pmd = pw_pmd_get(pmdp);
	pte_t *ptep;
	pte_t pte;

	pw_step_add(x, PAGEWALK_PMD, pmdp, pmd_index(addr), pmd_val(pmd));
	if (pmd_none(pmd)) {
		x->stop = PAGEWALK_STOP_NONE;
	} else if (pmd_leaf(pmd) || !pmd_present(pmd)) {
		if (!(pmd_val(pmd) & _PAGE_PSE))
			x->stop = PAGEWALK_STOP_NOT_PRESENT;
		else
			pw_leaf(x, pmd_val(pmd), pmd_pfn(pmd), PMD_SIZE);
	} else if (pmd_bad(pmd)) {
		x->stop = PAGEWALK_STOP_BAD;
	} else {
		rcu_read_lock();
		ptep = pte_offset_kernel(&pmd, addr);
		pte = ptep_get(ptep);
		pw_step_add(x, PAGEWALK_PTE, ptep, pte_index(addr),
			    pte_val(pte));
		rcu_read_unlock();
		if (pte_none(pte))
			x->stop = PAGEWALK_STOP_NONE;
		else
			pw_leaf(x, pte_val(pte), pte_pfn(pte), PAGE_SIZE);
	}
}

static void pw_xlate_user(struct pagewalk_xlate *x, struct mm_struct *mm)
{
	unsigned long addr = x->addr;
	pgd_t *pgdp = pgd_offset(mm, addr);
	p4d_t *p4dp;
	pud_t *pudp;
	pud_t pud;

	pw_step_add(x, PAGEWALK_PGD, pgdp, pgd_index(addr), pgd_val(*pgdp));
	if (pgd_none(*pgdp) || pgd_bad(*pgdp)) {
		x->stop = pgd_none(*pgdp) ? PAGEWALK_STOP_NONE :
					    PAGEWALK_STOP_BAD;
		return;
	}
	p4dp = p4d_offset(pgdp, addr);
	if (pgtable_l5_enabled()) {
		pw_step_add(x, PAGEWALK_P4D, p4dp, p4d_index(addr),
			    p4d_val(*p4dp));
		if (p4d_none(*p4dp) || p4d_bad(*p4dp)) {
			x->stop = p4d_none(*p4dp) ? PAGEWALK_STOP_NONE :
						    PAGEWALK_STOP_BAD;
			return;
		}
	}
	pudp = pud_offset(p4dp, addr);
	pud = READ_ONCE(*pudp);
	pw_step_add(x, PAGEWALK_PUD, pudp, pud_index(addr), pud_val(pud));
	if (pud_none(pud))
		x->stop = PAGEWALK_STOP_NONE;
	else if (pud_leaf(pud) || !pud_present(pud))
		pw_leaf(x, pud_val(pud), pud_pfn(pud), PUD_SIZE);
	else if (pud_bad(pud))
		x->stop = PAGEWALK_STOP_BAD;
	else
		pw_xlate_pmd(x, pudp);
}

static bool pw_canonical(unsigned long addr)
{
	int bits = pgtable_l5_enabled() ? 57 : 48;

	return ((long)(addr << (64 - bits)) >> (64 - bits)) == (long)addr;
}

/* The kernel image mapping (text, data, bss), mapped by static tables. */
static bool pw_kernel_image(unsigned long addr)
{
	return addr >= __START_KERNEL_map && addr < MODULES_VADDR;
}

static int pw_xlate(struct pagewalk_xlate *x, struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	pgd_t *pgdp;
	int ret;

	if (!pw_canonical(x->addr))
		return -EINVAL;
	x->levels = pgtable_l5_enabled() ? 5 : 4;
	x->cr3 = virt_to_phys(mm->pgd);
	if (pw_kernel_image(x->addr)) {
		/* static tables, never freed: walk them all */
		x->flags |= PAGEWALK_XLATE_KERNEL;
		pw_xlate_user(x, mm);
		return 0;
	}
	if (x->addr >= TASK_SIZE_MAX) {
		pgdp = pgd_offset(mm, x->addr);
		pw_step_add(x, PAGEWALK_PGD, pgdp, pgd_index(x->addr),
			    pgd_val(READ_ONCE(*pgdp)));
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
		pw_xlate_user(x, mm);
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
		x->step[i].entry &= ~PTE_PFN_MASK;
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
