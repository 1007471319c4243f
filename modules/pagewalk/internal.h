/* SPDX-License-Identifier: GPL-2.0 */
/*
 * internal.h - what the files of the pagewalk module share: the per-open
 * session (which process, where the walk stands, the record to print), the
 * descent of the tables and its callbacks, the architecture's decoder,
 * the walker, the formatter and the /proc entries.
 */
#ifndef PAGEWALK_INTERNAL_H
#define PAGEWALK_INTERNAL_H

#include <linux/compiler.h>
#include <linux/fs.h>
#include <linux/mm_types.h>
#include <linux/pid.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/types.h>

extern unsigned int pw_resched_pages;

/*
 * Read a PMD entry once, without its lock, as pmdp_get_lockless() does on
 * 6.5+ (on x86-64 it is READ_ONCE(); 6.1 has no such helper).
 */
static inline pmd_t pw_pmd_get(pmd_t *pmdp)
{
	return READ_ONCE(*pmdp);
}

/* Level of a leaf entry. */
enum pw_level { PW_PTE, PW_PMD, PW_PUD };

/* What a populated leaf entry holds. */
enum pw_kind {
	PW_PRESENT, /* hardware present bit set */
	PW_PROTNONE, /* PROT_NONE or NUMA hinting: frame kept, not present */
	PW_SWAP, /* swapped out: type and offset */
	PW_MIGRATION, /* being migrated: frame of the old page */
	PW_DEVICE, /* device-private memory */
	PW_HWPOISON, /* poisoned frame */
	PW_MARKER, /* pte marker (userfaultfd, swap-in error) */
	PW_OTHER, /* any other non-present value */
};

/* Extra facts about a present leaf. */
#define PW_ATTR_ZERO BIT(0) /* the shared zero page (4 KiB or huge) */
#define PW_ATTR_THP BIT(1) /* transparent huge page */
#define PW_ATTR_HUGETLB BIT(2) /* hugetlbfs page */

/* A run of leaf entries merged as the format allows (end exclusive). */
struct pw_range {
	unsigned long start;
	unsigned long end;
	u64 val; /* first frame, or swap offset */
	u64 flags; /* hardware flag bits of the entry */
	u32 swp_type;
	u8 level;
	u8 kind;
	u8 attrs;
	u8 write; /* writable migration entry */
};

/* The words of the last present leaf's line (format.c). */
#define PW_WORDS_MAX 192
struct pw_words {
	bool valid;
	u8 kind;
	u8 level;
	u8 attrs;
	unsigned int len;
	u64 flags;
	char text[PW_WORDS_MAX] __aligned(8); /* copied 8 bytes at a time */
};

/*
 * A range line: addresses, size, level and frame (< 96), words, tail (and
 * the up to 7 bytes pw_copy_words() writes past the words).
 */
#define PW_LINE_MAX (96 + PW_WORDS_MAX + 16)

/* Ranges a step of the walk may finish before they are shown (walk.c). */
#define PW_QUEUE 32

/* What the next line of output is. */
enum pw_rec_type { PW_REC_HDR, PW_REC_VMA, PW_REC_RANGE };

/* Header lines: pid, comm, levels, the architecture's, tables, pfn. */
#define PW_HDR_LINES (5 + PW_ARCH_HDR_LINES)

/* Header facts, gathered once per read from offset 0. */
struct pw_header {
	pid_t pid;
	char comm[TASK_COMM_LEN];
	int levels;
	u64 cr3; /* x86: CR3; arm64: TTBR0_EL1's table (the mm's PGD) */
	u64 kernel_top; /* arm64: TTBR1_EL1's table (the kernel half) */
	u64 asid; /* arm64: the mm's ASID */
	u64 ctl; /* x86: CR0; arm64: SCTLR_EL1 (translation on, its rules) */
	int va_bits; /* arm64: TTBR0_EL1 range (TCR_EL1.T0SZ) */
	bool lpa2; /* arm64: 52-bit physical addresses with 4K pages */
	bool pti;
	unsigned long tables[5]; /* pgd, p4d, pud, pmd, pte */
};

/* One open file: /proc/pagewalk/<pid> or /proc/pagewalk/self. */
struct pw_session {
	struct file *file;
	struct pid *pid; /* the target, pinned at open */
	struct mm_struct *mm; /* mmgrab'ed at offset 0 */
	bool show_pfn;
	struct pw_header hdr;

	/* the record shown at index rec_pos */
	loff_t rec_pos;
	bool rec_valid;
	bool at_end;
	enum pw_rec_type rec_type;
	int hdr_line;
	struct pw_range rec;

	/* the VMA being walked */
	bool in_vma;
	bool done;
	unsigned long vma_start;
	unsigned long vma_end;
	unsigned long vma_flags;
	const char *vma_name;
	struct vm_area_struct *vma; /* the VMA at addr, while locked */
	bool locked; /* mmap_read_lock and mmget held (walk.c) */
	char *pathbuf; /* PATH_MAX bytes */

	/* walk cursor and the range being merged */
	unsigned long addr;
	bool have_pending;
	struct pw_range pending;
	u64 next_raw; /* walk.c's fast path: the PTE that extends pending */
	unsigned long fast_end; /* ... below this address (0: off) */
	long budget;
	unsigned int q_head; /* finished ranges: queue[q_head, q_head + q_len) */
	unsigned int q_len;
	struct pw_range queue[PW_QUEUE];
	struct pw_words words; /* format.c's cache */
	/*
	 * a range line when the seq_file's buffer is short (format.c); not on
	 * the stack, where kernels built with auto-var-init=zero would clear
	 * its 304 bytes for every line
	 */
	char line[PW_LINE_MAX];
};

/*
 * descend.h: the one descent of the page tables. Levels are those of
 * include/pagewalk.h (PAGEWALK_PGD ... PAGEWALK_PTE); a callback that
 * returns true stops the descent (see pw_descend()); any may be NULL.
 */
struct pw_walk;

struct pw_walk_ops {
	/* the entry @val for the address, read at @entryp */
	bool (*table)(struct pw_walk *w, int level, void *entryp,
		      unsigned int index, u64 val);
	/* nothing mapped in [addr, next): an empty (or @bad) entry */
	bool (*hole)(struct pw_walk *w, int level, u64 val, bool bad,
		     unsigned long addr, unsigned long next);
	/* a leaf (PTE, huge or non-present PMD/PUD) covering [addr, next) */
	bool (*leaf)(struct pw_walk *w, int level, u64 val, unsigned long addr,
		     unsigned long next);
};

struct pw_walk {
	struct mm_struct *mm;
	struct vm_area_struct *vma; /* NULL for the kernel's static tables */
	pgd_t *pgd; /* the top-level table; NULL: the mm's */
};

/* pw_descend(ops, w, addr, end): descend.h, inline */

/* decode.c: what a leaf holds (the parts every architecture shares) */
void pw_decode_swap(struct pw_range *r, pte_t pte);
void pw_decode_pte(struct pw_range *r, unsigned long addr, pte_t pte);
void pw_decode_huge(struct pw_range *r, struct vm_area_struct *vma, int level,
		    u64 v, unsigned long addr, unsigned long next);

/*
 * arch_<arch>.c (arch_x86.c, arch_arm64.c): what the entries mean. Header
 * lines of the architecture (after "levels"): x86 cr3, cr0, pti; arm64
 * granule, va_bits, lpa2, ttbr0 (and the ASID), ttbr1, sctlr_el1, kpti.
 */
#ifdef CONFIG_ARM64
#define PW_ARCH_HDR_LINES 7
#else
#define PW_ARCH_HDR_LINES 3
#endif
u64 pw_arch_pte_flags(pte_t pte);
u64 pw_arch_swp_flags(pte_t pte);
bool pw_arch_valid(u64 flags);
bool pw_arch_huge(int level, u64 v, u64 *pfn, u64 *flags);
void pw_arch_put_flags(struct seq_file *m, const struct pw_range *r);
void pw_arch_put_swp_flags(struct seq_file *m, const struct pw_range *r);
int pw_arch_levels(void);
u64 pw_arch_cr3(struct mm_struct *mm);
void pw_arch_header(struct pw_header *h, struct mm_struct *mm);
void pw_arch_show_header(struct seq_file *m, const struct pw_header *h,
			 bool show_pfn, int line);
unsigned long pw_arch_pgd_bytes(void);
u64 pw_arch_frame_mask(void);
u64 pw_arch_table_phys(void *entryp, unsigned int index);
bool pw_arch_canonical(unsigned long addr);
bool pw_arch_kernel_image(unsigned long addr);
pgd_t *pw_arch_kernel_pgd(struct mm_struct *mm);
unsigned long pw_arch_user_end(void);
bool pw_arch_mmu_valid(u64 v);

/* walk.c */
int pw_count_tables(struct pw_session *s);
int pw_advance(struct pw_session *s);
void pw_walk_unlock(struct pw_session *s);

/* format.c */
void pw_show_header(struct seq_file *m, const struct pw_session *s, int line);
void pw_show_vma(struct seq_file *m, const struct pw_session *s);
void pw_show_range(struct seq_file *m, struct pw_session *s,
		   const struct pw_range *r);

/* file.c */
struct mm_struct *pw_get_mm(struct file *file, struct pid *pid);
extern const struct proc_ops pw_pid_ops;

/* xlate.c */
long pw_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

/* entries.c */
int pw_entries_start(struct proc_dir_entry *dir);
void pw_entries_stop(void);

#endif /* PAGEWALK_INTERNAL_H */
