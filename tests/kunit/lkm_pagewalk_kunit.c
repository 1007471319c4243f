// SPDX-License-Identifier: GPL-2.0
/*
 * lkm_pagewalk_kunit.c - KUnit suite "lkm_pagewalk": how the pagewalk
 * module decodes page-table entries and prints them, on entries built here
 * with the kernel's own constructors (pfn_pte(), swp_entry_to_pte(),
 * make_*_migration_entry(), ...) rather than read from a live process:
 * present, PROT_NONE (whose frame bits the kernel stores inverted), the
 * zero page, swap, migration and marker entries, huge PMD/PUD leaves
 * (THP, hugetlb, resumed in the middle), the merging of runs of leaves
 * into ranges, and the text of /proc/pagewalk/<pid> lines (flag words,
 * sizes, redaction, escaping of file names).
 *
 * The functions are in modules/pagewalk/arch_x86.c and decode.c (the
 * decoder), walk.c and format.c, static in the last two, so this file #includes them (the
 * KUnit way of testing static functions);
 * pw_resched_pages, which main.c defines, is defined here. Results: dmesg
 * and /sys/kernel/debug/kunit/lkm_pagewalk/results (KTAP).
 */
#include "../../modules/pagewalk/arch_x86.c"
#include "../../modules/pagewalk/decode.c"
#include "../../modules/pagewalk/walk.c"
#include "../../modules/pagewalk/format.c"

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/swapops.h>

unsigned int pw_resched_pages = 64;

#define PW_USER_RW                                                \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | \
	 _PAGE_DIRTY | _PAGE_NX)

/* A PTE as the MMU reads it, built bit by bit (no pgprot filtering). */
static pte_t pw_raw_pte(unsigned long pfn, u64 flags)
{
	return __pte(((u64)pfn << PAGE_SHIFT) | flags);
}

static void pw_present_pte(struct kunit *test)
{
	struct pw_range r;

	pw_decode_pte(&r, 0x400000, pw_raw_pte(0x1234, PW_USER_RW));
	KUNIT_EXPECT_EQ(test, r.start, 0x400000UL);
	KUNIT_EXPECT_EQ(test, r.end, 0x401000UL);
	KUNIT_EXPECT_EQ(test, r.level, (u8)PW_PTE);
	KUNIT_EXPECT_EQ(test, r.kind, (u8)PW_PRESENT);
	KUNIT_EXPECT_EQ(test, r.val, 0x1234ULL);
	KUNIT_EXPECT_EQ(test, r.flags, (u64)PW_USER_RW);
	KUNIT_EXPECT_EQ(test, r.attrs, (u8)0);
}

/* PROT_NONE: not present to the MMU, frame bits inverted (L1TF). */
static void pw_protnone_pte(struct kunit *test)
{
	pte_t pte = pfn_pte(0x1234, PAGE_NONE);
	struct pw_range r;

	KUNIT_EXPECT_NE(test, pte_val(pte) >> PAGE_SHIFT & 0xffff, 0x1234ULL);
	pw_decode_pte(&r, 0x7000, pte);
	KUNIT_EXPECT_EQ(test, r.kind, (u8)PW_PROTNONE);
	KUNIT_EXPECT_EQ(test, r.val, 0x1234ULL);
	KUNIT_EXPECT_FALSE(test, r.flags & _PAGE_PRESENT);
}

static void pw_zero_page_pte(struct kunit *test)
{
	unsigned long zero = page_to_pfn(ZERO_PAGE(0));
	struct pw_range r;

	pw_decode_pte(&r, 0x400000,
		      pw_raw_pte(zero, _PAGE_PRESENT | _PAGE_USER |
					       _PAGE_ACCESSED | _PAGE_NX));
	KUNIT_EXPECT_EQ(test, r.kind, (u8)PW_PRESENT);
	KUNIT_EXPECT_EQ(test, r.attrs, (u8)PW_ATTR_ZERO);
	KUNIT_EXPECT_EQ(test, r.val, (u64)zero);
}

static void pw_swap_pte(struct kunit *test)
{
	struct pw_range r;

	pw_decode_pte(&r, 0x400000, swp_entry_to_pte(swp_entry(3, 0x1234)));
	KUNIT_EXPECT_EQ(test, r.kind, (u8)PW_SWAP);
	KUNIT_EXPECT_EQ(test, r.swp_type, 3U);
	KUNIT_EXPECT_EQ(test, r.val, 0x1234ULL);
	KUNIT_EXPECT_EQ(test, r.end - r.start, PAGE_SIZE);
}

static void pw_migration_pte(struct kunit *test)
{
	struct pw_range r;

	pw_decode_pte(&r, 0x400000,
		      swp_entry_to_pte(make_writable_migration_entry(0x4321)));
	KUNIT_EXPECT_EQ(test, r.kind, (u8)PW_MIGRATION);
	KUNIT_EXPECT_EQ(test, r.val, 0x4321ULL);
	KUNIT_EXPECT_EQ(test, r.write, (u8)1);
	KUNIT_EXPECT_EQ(test, r.swp_type, 0U);
	pw_decode_pte(&r, 0x400000,
		      swp_entry_to_pte(make_readable_migration_entry(0x4321)));
	KUNIT_EXPECT_EQ(test, r.kind, (u8)PW_MIGRATION);
	KUNIT_EXPECT_EQ(test, r.write, (u8)0);
}

static void pw_marker_pte(struct kunit *test)
{
	struct pw_range r;

	pw_decode_pte(&r, 0x400000, make_pte_marker(PTE_MARKER_POISONED));
	KUNIT_EXPECT_EQ(test, r.kind, (u8)PW_MARKER);
	KUNIT_EXPECT_EQ(test, r.swp_type, 0U);
}

/* A fake VMA: only the fields the decoder looks at. */
static struct vm_area_struct *pw_vma(struct kunit *test, vm_flags_t flags)
{
	struct vm_area_struct *vma =
		kunit_kzalloc(test, sizeof(*vma), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, vma);
	vm_flags_init(vma, flags);
	return vma;
}

/* A frame far above this VM's memory: pfn_valid() is false. */
#define PW_FAR_PFN 0x4000000UL

static void pw_huge_pmd(struct kunit *test)
{
	u64 prot = PW_USER_RW | _PAGE_PSE;
	u64 v = ((u64)PW_FAR_PFN << PAGE_SHIFT) | prot;
	struct vm_area_struct *anon = pw_vma(test, VM_READ | VM_WRITE);
	struct vm_area_struct *huge = pw_vma(test, VM_READ | VM_HUGETLB);
	struct vm_area_struct *pfnmap = pw_vma(test, VM_READ | VM_PFNMAP);
	struct pw_range r;

	pw_decode_huge(&r, anon, PW_PMD, v, 0x200000, 0x400000);
	KUNIT_EXPECT_EQ(test, r.kind, (u8)PW_PRESENT);
	KUNIT_EXPECT_EQ(test, r.level, (u8)PW_PMD);
	KUNIT_EXPECT_EQ(test, r.val, (u64)PW_FAR_PFN);
	KUNIT_EXPECT_EQ(test, r.flags, prot);
	KUNIT_EXPECT_EQ(test, r.attrs, (u8)PW_ATTR_THP);
	/* resuming 5 pages into the leaf: the frame of that page */
	pw_decode_huge(&r, anon, PW_PMD, v, 0x205000, 0x400000);
	KUNIT_EXPECT_EQ(test, r.val, (u64)PW_FAR_PFN + 5);
	KUNIT_EXPECT_EQ(test, r.start, 0x205000UL);
	pw_decode_huge(&r, huge, PW_PMD, v, 0x200000, 0x400000);
	KUNIT_EXPECT_EQ(test, r.attrs, (u8)PW_ATTR_HUGETLB);
	pw_decode_huge(&r, pfnmap, PW_PMD, v, 0x200000, 0x400000);
	KUNIT_EXPECT_EQ(test, r.attrs, (u8)0);
}

static void pw_huge_pud(struct kunit *test)
{
	u64 prot = PW_USER_RW | _PAGE_PSE;
	u64 v = ((u64)PW_FAR_PFN << PAGE_SHIFT) | prot;
	struct vm_area_struct *huge = pw_vma(test, VM_READ | VM_HUGETLB);
	struct pw_range r;

	pw_decode_huge(&r, huge, PW_PUD, v, 0x40000000UL + 0x3000,
		       0x80000000UL);
	KUNIT_EXPECT_EQ(test, r.level, (u8)PW_PUD);
	KUNIT_EXPECT_EQ(test, r.val, (u64)PW_FAR_PFN + 3);
	KUNIT_EXPECT_EQ(test, r.flags, prot);
	KUNIT_EXPECT_EQ(test, r.attrs, (u8)PW_ATTR_HUGETLB);
}

/* A PMD migration entry (THP being migrated) is decoded like a PTE one. */
static void pw_huge_migration(struct kunit *test)
{
	struct vm_area_struct *anon = pw_vma(test, VM_READ | VM_WRITE);
	pmd_t pmd = swp_entry_to_pmd(make_readable_migration_entry(0x200));
	struct pw_range r;

	pw_decode_huge(&r, anon, PW_PMD, pmd_val(pmd), 0x201000, 0x400000);
	KUNIT_EXPECT_EQ(test, r.kind, (u8)PW_MIGRATION);
	KUNIT_EXPECT_EQ(test, r.val, 0x201ULL);
	KUNIT_EXPECT_EQ(test, r.attrs, (u8)0);
}

static void pw_leaf(struct pw_range *r, unsigned long start, unsigned long pfn,
		    u64 flags)
{
	pw_decode_pte(r, start, pw_raw_pte(pfn, flags));
}

/* The range pw_feed() or pw_break() last finished (queued for output). */
static const struct pw_range *pw_done(const struct pw_session *s)
{
	return &s->queue[s->q_head + s->q_len - 1];
}

/* Runs of leaves with consecutive frames and equal bits become a range. */
static void pw_merging(struct kunit *test)
{
	struct pw_session *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct pw_range a;

	KUNIT_ASSERT_NOT_NULL(test, s);
	pw_leaf(&a, 0x1000, 10, PW_USER_RW);
	KUNIT_EXPECT_FALSE(test, pw_feed(s, &a));
	pw_leaf(&a, 0x2000, 11, PW_USER_RW);
	KUNIT_EXPECT_TRUE(test,
			  pw_extends(s, 0x2000, pw_raw_pte(11, PW_USER_RW)));
	KUNIT_EXPECT_FALSE(test,
			   pw_extends(s, 0x2000, pw_raw_pte(12, PW_USER_RW)));
	KUNIT_EXPECT_FALSE(test, pw_feed(s, &a));
	/* frame 13 after 11: a new range, the first one is out */
	pw_leaf(&a, 0x3000, 13, PW_USER_RW);
	KUNIT_EXPECT_TRUE(test, pw_feed(s, &a));
	KUNIT_EXPECT_EQ(test, pw_done(s)->start, 0x1000UL);
	KUNIT_EXPECT_EQ(test, pw_done(s)->end, 0x3000UL);
	KUNIT_EXPECT_EQ(test, pw_done(s)->val, 10ULL);
	/* other bits: a new range */
	pw_leaf(&a, 0x4000, 14, PW_USER_RW & ~_PAGE_DIRTY);
	KUNIT_EXPECT_TRUE(test, pw_feed(s, &a));
	KUNIT_EXPECT_EQ(test, pw_done(s)->start, 0x3000UL);
	KUNIT_EXPECT_EQ(test, pw_done(s)->end, 0x4000UL);
	/* a gap in the addresses: a new range */
	pw_leaf(&a, 0x6000, 16, PW_USER_RW & ~_PAGE_DIRTY);
	KUNIT_EXPECT_TRUE(test, pw_feed(s, &a));
	KUNIT_EXPECT_EQ(test, pw_done(s)->start, 0x4000UL);
	KUNIT_EXPECT_TRUE(test, pw_break(s));
	KUNIT_EXPECT_EQ(test, pw_done(s)->start, 0x6000UL);
	KUNIT_EXPECT_FALSE(test, pw_break(s));
}

/* Swap entries merge when their offsets are consecutive. */
static void pw_merging_swap(struct kunit *test)
{
	struct pw_session *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct pw_range a;

	KUNIT_ASSERT_NOT_NULL(test, s);
	pw_decode_pte(&a, 0x1000, swp_entry_to_pte(swp_entry(1, 100)));
	KUNIT_EXPECT_FALSE(test, pw_feed(s, &a));
	pw_decode_pte(&a, 0x2000, swp_entry_to_pte(swp_entry(1, 101)));
	KUNIT_EXPECT_FALSE(test, pw_feed(s, &a));
	pw_decode_pte(&a, 0x3000, swp_entry_to_pte(swp_entry(2, 102)));
	KUNIT_EXPECT_TRUE(test, pw_feed(s, &a));
	KUNIT_EXPECT_EQ(test, pw_done(s)->end, 0x3000UL);
}

/* A seq_file writing into a buffer of its own, as seq_read() would. */
static struct seq_file *pw_seq(struct kunit *test)
{
	struct seq_file *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->size = 512;
	m->buf = kunit_kzalloc(test, m->size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m->buf);
	return m;
}

static const char *pw_text(struct seq_file *m)
{
	m->buf[min(m->count, m->size - 1)] = '\0';
	m->count = 0;
	return m->buf;
}

/* The text printed into @m since the last check must be @fmt, formatted. */
static __printf(3, 4) void pw_expect(struct kunit *test, struct seq_file *m,
				     const char *fmt, ...)
{
	char *want = kunit_kzalloc(test, 256, GFP_KERNEL);
	va_list ap;

	KUNIT_ASSERT_NOT_NULL(test, want);
	va_start(ap, fmt);
	vsnprintf(want, 256, fmt, ap);
	va_end(ap);
	KUNIT_EXPECT_STREQ(test, pw_text(m), want);
}

/* The same for a range line: "@range " then @fmt, formatted. */
static __printf(4, 5) void pw_expect_line(struct kunit *test,
					  struct seq_file *m, const char *range,
					  const char *fmt, ...)
{
	char *want = kunit_kzalloc(test, 256, GFP_KERNEL);
	va_list ap;
	int n;

	KUNIT_ASSERT_NOT_NULL(test, want);
	n = snprintf(want, 256, "%s ", range);
	va_start(ap, fmt);
	vsnprintf(want + n, 256 - n, fmt, ap);
	va_end(ap);
	KUNIT_EXPECT_STREQ(test, pw_text(m), want);
}

/* The ranges of the lines below. */
#define PW_R400 "0x0000000000400000-0x0000000000402000"
#define PW_R1 "0x0000000000001000-0x0000000000002000"
#define PW_R200 "0x0000000000200000-0x0000000000400000"
#define PW_R5 "0x0000000000005000-0x0000000000006000"
/* The words of PW_USER_RW. */
#define PW_WORDS "present rw user accessed dirty nx"

/* A string formatted into test-managed memory. */
static __printf(2, 3) const
	char *pwk_str(struct kunit *test, const char *fmt, ...)
{
	char *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	va_list ap;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	va_start(ap, fmt);
	vsnprintf(buf, 256, fmt, ap);
	va_end(ap);
	return buf;
}

/* " pkey=N" as the module prints it on a CPU with protection keys. */
static const char *pw_pkey(struct kunit *test, unsigned int key)
{
	if (!cpu_feature_enabled(X86_FEATURE_OSPKE))
		return "";
	return pwk_str(test, " pkey=%u", key);
}

static void pw_format_present(struct kunit *test)
{
	struct pw_session *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct seq_file *m = pw_seq(test);
	struct pw_range r;

	KUNIT_ASSERT_NOT_NULL(test, s);
	pw_leaf(&r, 0x400000, 0x1234, PW_USER_RW);
	r.end = 0x402000;
	s->show_pfn = true;
	pw_show_range(m, s, &r);
	pw_expect_line(test, m, PW_R400, "8K pte pfn=0x1234 %s%s\n", PW_WORDS,
		       pw_pkey(test, 0));
	s->show_pfn = false;
	pw_show_range(m, s, &r);
	pw_expect_line(test, m, PW_R400, "8K pte pfn=0x0 %s%s redacted\n",
		       PW_WORDS, pw_pkey(test, 0));
}

/* Bit 7 is PAT in a PTE and PSE in a PMD; pkey bits give a number. */
static void pw_format_bits(struct kunit *test)
{
	struct pw_session *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct seq_file *m = pw_seq(test);
	struct pw_range r;

	KUNIT_ASSERT_NOT_NULL(test, s);
	s->show_pfn = true;
	pw_leaf(&r, 0x1000, 1,
		_PAGE_PRESENT | _PAGE_PWT | _PAGE_PCD | _PAGE_PAT |
			_PAGE_PKEY_BIT0 | _PAGE_PKEY_BIT2);
	pw_show_range(m, s, &r);
	pw_expect_line(test, m, PW_R1, "4K pte pfn=0x1 present pwt pcd pat%s\n",
		       pw_pkey(test, 5));
	memset(&r, 0, sizeof(r));
	r.start = 0x200000;
	r.end = 0x400000;
	r.level = PW_PMD;
	r.val = 0x200;
	r.flags = _PAGE_PRESENT | _PAGE_PSE | _PAGE_PAT_LARGE;
	r.attrs = PW_ATTR_THP | PW_ATTR_ZERO;
	pw_show_range(m, s, &r);
	pw_expect_line(test, m, PW_R200,
		       "2M pmd pfn=0x200 present pat pse%s zero thp\n",
		       pw_pkey(test, 0));
}

/* PROT_NONE's marker bit is the global bit: not shown as "global". */
static void pw_format_protnone(struct kunit *test)
{
	struct pw_session *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct seq_file *m = pw_seq(test);
	struct pw_range r;

	KUNIT_ASSERT_NOT_NULL(test, s);
	s->show_pfn = true;
	pw_decode_pte(&r, 0x5000, pfn_pte(0x42, PAGE_NONE));
	pw_show_range(m, s, &r);
	pw_expect_line(test, m, PW_R5, "4K pte pfn=0x42 accessed%s protnone\n",
		       pw_pkey(test, 0));
}

static void pw_format_swap(struct kunit *test)
{
	struct pw_session *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct seq_file *m = pw_seq(test);
	struct pw_range r;

	KUNIT_ASSERT_NOT_NULL(test, s);
	pw_decode_pte(&r, 0x5000, swp_entry_to_pte(swp_entry(3, 0x1234)));
	s->show_pfn = true;
	pw_show_range(m, s, &r);
	pw_expect_line(test, m, PW_R5,
		       "4K pte pfn=0x0 swap type=3 offset=0x1234\n");
	s->show_pfn = false;
	pw_show_range(m, s, &r);
	pw_expect_line(test, m, PW_R5,
		       "4K pte pfn=0x0 swap type=3 offset=0x0 redacted\n");
	pw_decode_pte(&r, 0x5000,
		      swp_entry_to_pte(make_writable_migration_entry(0x77)));
	s->show_pfn = true;
	pw_show_range(m, s, &r);
	pw_expect_line(test, m, PW_R5, "4K pte pfn=0x77 migration write\n");
}

static void pw_format_vma(struct kunit *test)
{
	struct pw_session *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct seq_file *m = pw_seq(test);

	KUNIT_ASSERT_NOT_NULL(test, s);
	s->pathbuf = kunit_kzalloc(test, PATH_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s->pathbuf);
	strscpy(s->pathbuf, "/tmp/a b\\c", PATH_MAX);
	s->vma_start = 0x7f0000000000UL;
	s->vma_end = 0x7f0040000000UL;
	s->vma_flags = VM_READ | VM_EXEC | VM_MAYSHARE;
	pw_show_vma(m, s);
	pw_expect(test, m, "vma %s 1G r-xs /tmp/a\\040b\\134c\n",
		  "0x00007f0000000000-0x00007f0040000000");
	strscpy(s->pathbuf, "[stack]", PATH_MAX);
	s->vma_end = s->vma_start + 0x21000;
	s->vma_flags = VM_READ | VM_WRITE;
	pw_show_vma(m, s);
	pw_expect(test, m, "vma %s 132K rw-p [stack]\n",
		  "0x00007f0000000000-0x00007f0000021000");
}

static void pw_format_header(struct kunit *test)
{
	struct pw_session *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct seq_file *m = pw_seq(test);
	unsigned long bytes;

	KUNIT_ASSERT_NOT_NULL(test, s);
	s->hdr.pid = 42;
	s->hdr.levels = 4;
	s->hdr.cr3 = 0x1234000;
	s->hdr.tables[0] = 1;
	s->hdr.tables[2] = 2;
	s->hdr.tables[3] = 3;
	s->hdr.tables[4] = 10;
	pw_show_header(m, s, 0);
	pw_expect(test, m, "# pid 42\n");
	pw_show_header(m, s, 3);
	pw_expect(test, m, "# cr3 0x0 redacted\n");
	s->show_pfn = true;
	pw_show_header(m, s, 3);
	pw_expect(test, m, "# cr3 0x0000000001234000\n");
	/* the PGD (two pages with PTI) plus one page per lower table */
	bytes = (PAGE_SIZE << PGD_ALLOCATION_ORDER) + 15 * PAGE_SIZE;
	/* after the architecture's lines (cr3, cr0, pti on x86) */
	pw_show_header(m, s, 3 + PW_ARCH_HDR_LINES);
	pw_expect(test, m, "# tables pgd=1 pud=2 pmd=3 pte=10 bytes=%lu\n",
		  bytes);
	s->hdr.levels = 5;
	s->hdr.tables[1] = 1;
	pw_show_header(m, s, 3 + PW_ARCH_HDR_LINES);
	pw_expect(test, m,
		  "# tables pgd=1 p4d=1 pud=2 pmd=3 pte=10 bytes=%lu\n",
		  bytes + PAGE_SIZE);
	pw_show_header(m, s, PW_HDR_LINES - 1);
	pw_expect(test, m, "# pfn shown\n");
}

static struct kunit_case pw_cases[] = {
	KUNIT_CASE(pw_present_pte),    KUNIT_CASE(pw_protnone_pte),
	KUNIT_CASE(pw_zero_page_pte),  KUNIT_CASE(pw_swap_pte),
	KUNIT_CASE(pw_migration_pte),  KUNIT_CASE(pw_marker_pte),
	KUNIT_CASE(pw_huge_pmd),       KUNIT_CASE(pw_huge_pud),
	KUNIT_CASE(pw_huge_migration), KUNIT_CASE(pw_merging),
	KUNIT_CASE(pw_merging_swap),   KUNIT_CASE(pw_format_present),
	KUNIT_CASE(pw_format_bits),    KUNIT_CASE(pw_format_protnone),
	KUNIT_CASE(pw_format_swap),    KUNIT_CASE(pw_format_vma),
	KUNIT_CASE(pw_format_header),  {}
};

static struct kunit_suite pw_suite = {
	.name = "lkm_pagewalk",
	.test_cases = pw_cases,
};

kunit_test_suite(pw_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: page-table entry decoding and format of pagewalk");
