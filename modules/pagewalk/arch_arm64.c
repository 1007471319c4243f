// SPDX-License-Identifier: GPL-2.0
/*
 * arch_arm64.c - what arm64 (VMSAv8-64 stage 1) page-table entries mean:
 * the bits of leaf entries (valid, page or block, AP[2:1] as user and
 * read-only, UXN/PXN, AF, nG, SH, the memory type of AttrIndx read from
 * MAIR_EL1, DBM and the dirty state as pte_dirty() sees it, the
 * contiguous hint, the kernel's software bits), the words for them in
 * /proc/pagewalk/<pid>, the header lines (granule, VA bits, levels, LPA2,
 * the table TTBR0_EL1 points to with the mm's ASID, the kernel half under
 * TTBR1_EL1, KPTI) and the address facts of the translation. arch_x86.c
 * has the same functions (internal.h); the descent (descend.h) and what a
 * leaf holds (decode.c) are generic.
 *
 * The file is read by another task than the target: TTBR0_EL1 and the
 * ASID are taken from the target's mm (its PGD, mm->context.id), never
 * from the live register, which holds the reader's. TTBR1_EL1 is the same
 * for every task and is read live.
 *
 * A PROT_NONE (or NUMA hinting) entry has the valid bit clear and nG set
 * as the kernel's "present, invalid" marker: nG is not printed for it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/mmu.h>
#include <asm/pgtable.h>
#include <asm/sysreg.h>
#include <linux/bitfield.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/seq_file.h>

#include "pagewalk.h"
#include "internal.h"

/* Where the frame is in an entry: with LPA2, bits 8-9 are PA[51:50]. */
static u64 pw_addr_mask(void)
{
#ifdef PTE_ADDR_HIGH
	if (IS_ENABLED(CONFIG_ARM64_64K_PAGES) || lpa2_is_enabled())
		return PTE_ADDR_LOW | PTE_ADDR_HIGH;
#endif
	return PTE_ADDR_LOW;
}

/* The flag bits of a present PTE (frame bits cleared). */
u64 pw_arch_pte_flags(pte_t pte)
{
	return pte_val(pte) & ~pw_addr_mask();
}

/* arm64 keeps no soft-dirty bit (no HAVE_ARCH_SOFT_DIRTY). */
u64 pw_arch_swp_flags(pte_t pte)
{
	return 0;
}

/* Valid to the MMU (else PROT_NONE: fields kept, valid bit clear). */
bool pw_arch_valid(u64 flags)
{
	return flags & PTE_VALID;
}

/*
 * A block (huge leaf) @v at @level (PW_PMD: 2 MiB, PW_PUD: 1 GiB with 4K
 * pages): its frame and flag bits, or false if it is not present.
 */
bool pw_arch_huge(int level, u64 v, u64 *pfn, u64 *flags)
{
	if (!pte_present(__pte(v)))
		return false;
	if (level == PW_PUD)
		*pfn = pud_pfn(__pud(v));
	else
		*pfn = pmd_pfn(__pmd(v));
	*flags = v & ~pw_addr_mask();
	return true;
}

struct pw_bit {
	u64 mask;
	const char *name;
};

/* In the order of the descriptor, low bits first. */
static const struct pw_bit pw_bits[] = {
	{ PTE_USER, "user" }, /* AP[1]: EL0 may access */
	{ PTE_RDONLY, "ro" }, /* AP[2]: read-only */
	{ PTE_AF, "af" }, /* access flag */
	{ PTE_NG, "ng" }, /* not global: tagged with the ASID */
	{ PTE_GP, "gp" }, /* BTI guarded page */
	{ PTE_DBM, "dbm" }, /* dirty bit modifier: hardware may clear ro */
	{ PTE_CONT, "cont" }, /* contiguous hint: one of 16 entries */
	{ PTE_PXN, "pxn" }, /* privileged execute-never */
	{ PTE_UXN, "uxn" }, /* user execute-never */
	{ PTE_SPECIAL, "special" }, /* software: no struct page to touch */
};

/* The memory type AttrIndx selects, as MAIR_EL1 defines it. */
static const char *pw_mem_type(unsigned int attr)
{
	switch (attr) {
	case MAIR_ATTR_NORMAL:
		return "normal";
	case MAIR_ATTR_NORMAL_TAGGED:
		return "tagged";
	case MAIR_ATTR_NORMAL_NC:
		return "nc";
	case MAIR_ATTR_DEVICE_nGnRnE:
		return "device-ngnrne";
	case MAIR_ATTR_DEVICE_nGnRE:
		return "device-ngnre";
	default:
		return NULL;
	}
}

/* The words for the bits of a valid (or PROT_NONE) leaf. */
void pw_arch_put_flags(struct seq_file *m, const struct pw_range *r)
{
	static const char *const sh[] = { "non", "res", "outer", "inner" };
	unsigned int i, idx, attr;
	const char *type;
	u64 f = r->flags;

	if (f & PTE_VALID)
		seq_printf(m, " valid %s",
			   r->level == PW_PTE ? "page" : "block");
	for (i = 0; i < ARRAY_SIZE(pw_bits); i++) {
		/* PROT_NONE entries use nG as their marker */
		if (r->kind == PW_PROTNONE && pw_bits[i].mask == PTE_NG)
			continue;
		if (f & pw_bits[i].mask)
			seq_printf(m, " %s", pw_bits[i].name);
		/* dirty as pte_dirty(): software dirty, or writable by DBM */
		if (pw_bits[i].mask == PTE_DBM &&
		    ((f & PTE_DIRTY) || ((f & PTE_DBM) && !(f & PTE_RDONLY))))
			seq_puts(m, " dirty");
	}
	/* with LPA2, shareability is TCR_EL1's and bits 8-9 address bits */
	if (!lpa2_is_enabled())
		seq_printf(m, " sh=%s", sh[(f >> 8) & 3]);
	idx = FIELD_GET(PTE_ATTRINDX_MASK, f);
	attr = (read_sysreg(mair_el1) >> (8 * idx)) & MAIR_ATTR_MASK;
	type = pw_mem_type(attr);
	if (type)
		seq_printf(m, " attr=%u:%s", idx, type);
	else
		seq_printf(m, " attr=%u:0x%02x", idx, attr);
}

/* arm64 swap entries keep no flag worth a word. */
void pw_arch_put_swp_flags(struct seq_file *m, const struct pw_range *r)
{
}

/* Levels in use: the build's, less those folded at run time. */
int pw_arch_levels(void)
{
	int levels = CONFIG_PGTABLE_LEVELS;

	if (levels > 4 && !pgtable_l5_enabled())
		levels--;
	if (levels > 3 && !pgtable_l4_enabled())
		levels--;
	return levels;
}

/* The physical address of @mm's PGD: what TTBR0_EL1 holds for it. */
u64 pw_arch_cr3(struct mm_struct *mm)
{
	return virt_to_phys(mm->pgd);
}

/* The table of a TTBR value: BADDR, with PA[51:48] in bits 5:2. */
static phys_addr_t pw_ttbr_to_phys(u64 ttbr)
{
	return (ttbr & GENMASK_ULL(47, 6)) | ((ttbr & GENMASK_ULL(5, 2)) << 46);
}

/* The kernel half's table: TTBR1_EL1, the same in every task. */
pgd_t *pw_arch_kernel_pgd(struct mm_struct *mm)
{
	return phys_to_virt(pw_ttbr_to_phys(read_sysreg(ttbr1_el1)));
}

void pw_arch_header(struct pw_header *h, struct mm_struct *mm)
{
	h->levels = pw_arch_levels();
	h->cr3 = pw_arch_cr3(mm);
	h->asid = ASID(mm);
	h->kernel_top = pw_ttbr_to_phys(read_sysreg(ttbr1_el1));
	h->va_bits = 64 - (read_sysreg(tcr_el1) & 0x3f);
	h->lpa2 = lpa2_is_enabled();
	h->ctl = read_sysreg(sctlr_el1);
	h->pti = arm64_kernel_unmapped_at_el0();
}

/*
 * The header lines after "levels": the granule, the VA bits of TTBR0_EL1,
 * LPA2, TTBR0_EL1's table with the mm's ASID, TTBR1_EL1's table,
 * SCTLR_EL1 with the bits that make translation what it is (M: the MMU
 * translates at EL1 and EL0, WXN: writable implies never-executable), KPTI.
 */
void pw_arch_show_header(struct seq_file *m, const struct pw_header *h,
			 bool show_pfn, int line)
{
	switch (line) {
	case 0:
		seq_printf(m, "# granule %luK\n", PAGE_SIZE >> 10);
		break;
	case 1:
		seq_printf(m, "# va_bits %d\n", h->va_bits);
		break;
	case 2:
		seq_printf(m, "# lpa2 %s\n", h->lpa2 ? "on" : "off");
		break;
	case 3:
		seq_printf(m, "# ttbr0 0x%016llx asid %llu%s\n",
			   show_pfn ? h->cr3 : 0, h->asid,
			   show_pfn ? "" : " redacted");
		break;
	case 4:
		seq_printf(m, "# ttbr1 0x%016llx kernel half%s\n",
			   show_pfn ? h->kernel_top : 0,
			   show_pfn ? "" : " redacted");
		break;
	case 5:
		seq_printf(m, "# sctlr_el1 0x%016llx m=%d wxn=%d\n", h->ctl,
			   !!(h->ctl & SCTLR_ELx_M),
			   !!(h->ctl & SCTLR_ELx_WXN));
		break;
	default:
		seq_printf(m, "# kpti %s\n", h->pti ? "on" : "off");
		break;
	}
}

/*
 * Bytes of the PGD: a page when the top level is folded at run time
 * (the P4D index then selects the entry in it), else PTRS_PER_PGD
 * entries (16 with 52-bit VAs and 4K pages).
 */
unsigned long pw_arch_pgd_bytes(void)
{
	if (CONFIG_PGTABLE_LEVELS > 4 && !pgtable_l5_enabled())
		return PAGE_SIZE;
	return PTRS_PER_PGD * sizeof(pgd_t);
}

/* The frame bits of an entry (cleared when frames are not shown). */
u64 pw_arch_frame_mask(void)
{
	return pw_addr_mask();
}

/* Physical address of the table that holds @entryp at @index. */
u64 pw_arch_table_phys(void *entryp, unsigned int index)
{
	return virt_to_phys((u64 *)entryp - index);
}

/* Bits of virtual address of TTBR0_EL1 (T0SZ) and TTBR1_EL1 (T1SZ). */
static int pw_va_bits(bool kernel)
{
	u64 tcr = read_sysreg(tcr_el1);

	return 64 - ((kernel ? tcr >> 16 : tcr) & 0x3f);
}

/* Below 2^va_bits (TTBR0_EL1), or its mirror at the top (TTBR1_EL1). */
bool pw_arch_canonical(unsigned long addr)
{
	bool kernel = addr >> 63;
	int bits = pw_va_bits(kernel);

	if (kernel)
		return (addr >> bits) == (~0UL >> bits);
	return !(addr >> bits);
}

/*
 * The kernel image's bounds (_text, _end) are not exported to modules,
 * and the rest of the kernel half (vmalloc, ioremap: tables freed when a
 * huge mapping replaces them) is not safe to walk: only the top-level
 * entry of TTBR1_EL1's table is read, for any kernel address.
 */
bool pw_arch_kernel_image(unsigned long addr)
{
	return false;
}

/* Where the user half (TTBR0_EL1) ends. */
unsigned long pw_arch_user_end(void)
{
	return 1UL << pw_va_bits(false);
}

/* Whether the MMU would use the leaf entry @v (else it faults: not valid). */
bool pw_arch_mmu_valid(u64 v)
{
	return v & PTE_VALID;
}
