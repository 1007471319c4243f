/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * pagewalk.h - the single-address translation of /proc/pagewalk/<pid>,
 * shared by the module (modules/pagewalk/xlate.c) and userspace/pagewalk.c.
 *
 * Open /proc/pagewalk/<pid> (or self) read-only, fill in addr and call
 * ioctl(fd, PAGEWALK_IOC_XLATE, &x). The module walks the tables of the
 * process as the MMU would and fills in one step per level read. Without
 * CAP_SYS_ADMIN the physical addresses (cr3, table, phys) read 0 and the
 * frame bits of each entry are cleared (PAGEWALK_XLATE_REDACTED).
 */
#ifndef PAGEWALK_H
#define PAGEWALK_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Levels, top first; P4D appears only with 5-level paging. */
enum pagewalk_level {
	PAGEWALK_PGD,
	PAGEWALK_P4D,
	PAGEWALK_PUD,
	PAGEWALK_PMD,
	PAGEWALK_PTE,
};

/* Why the walk ended. */
enum pagewalk_stop {
	PAGEWALK_STOP_PAGE, /* translated: phys and page_size are set */
	PAGEWALK_STOP_NONE, /* an empty entry: nothing mapped there */
	PAGEWALK_STOP_NOT_PRESENT, /* swap, migration or PROT_NONE entry */
	PAGEWALK_STOP_NO_VMA, /* no VMA holds the address */
	PAGEWALK_STOP_KERNEL, /* kernel half, not the image: top entry */
	PAGEWALK_STOP_BAD, /* a corrupt entry (pgd_bad() and co.) */
};

struct pagewalk_step {
	__u64 table; /* physical address of the table read */
	__u64 entry; /* raw value of the entry */
	__u32 level; /* enum pagewalk_level */
	__u32 index; /* index of the entry, from the address bits */
};

#define PAGEWALK_XLATE_REDACTED 1 /* physical addresses hidden */
#define PAGEWALK_XLATE_KERNEL 2 /* a kernel-image address */

struct pagewalk_xlate {
	__u64 addr; /* in: virtual address */
	__u64 cr3; /* physical address of the top-level table */
	__u64 phys; /* physical address of addr (STOP_PAGE) */
	__u64 page_size; /* 4 KiB, 2 MiB or 1 GiB (STOP_PAGE) */
	__u64 vma_start; /* the VMA holding addr, if any */
	__u64 vma_end;
	__u32 levels; /* 4 or 5 */
	__u32 nsteps; /* valid entries of step[] */
	__u32 stop; /* enum pagewalk_stop */
	__u32 flags; /* PAGEWALK_XLATE_* */
	struct pagewalk_step step[5];
};

#define PAGEWALK_IOC_MAGIC 0xb7
#define PAGEWALK_IOC_XLATE _IOWR(PAGEWALK_IOC_MAGIC, 1, struct pagewalk_xlate)

#endif /* PAGEWALK_H */
