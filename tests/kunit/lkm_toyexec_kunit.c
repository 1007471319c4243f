// SPDX-License-Identifier: GPL-2.0
/*
 * lkm_toyexec_kunit.c - KUnit suite "lkm_toyexec": the validation rules of
 * the toy executable format (include/toyexec.h), which binfmt_demo runs on
 * every exec, compiled and run in the kernel. Each rule is broken once and
 * must give its documented reason and error (docs/binfmt_demo.md), the
 * limits of each rule are accepted, the rules are checked in their
 * documented order, and every reason has a name and an error number.
 * Results: dmesg and /sys/kernel/debug/kunit/lkm_toyexec/results (KTAP).
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "toyexec.h"

#define FSIZE 0x3020ULL

/* A valid native file of FSIZE bytes: r, r-x and rw- (with bss) segments. */
static void toy_native(struct toy_header *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, TOY_MAGIC, TOY_MAGIC_LEN);
	h->version = TOY_VERSION;
	h->kind = TOY_KIND_NATIVE;
	h->machine = TOY_MACHINE_HOST;
	h->header_size = TOY_HEADER_SIZE;
	h->nsegs = 3;
	h->entry = 0x401000;
	h->seg[0] = (struct toy_segment){ .vaddr = 0x400000,
					  .offset = 0x1000,
					  .filesz = 0x100,
					  .memsz = 0x100,
					  .flags = TOY_SEG_R };
	h->seg[1] = (struct toy_segment){ .vaddr = 0x401000,
					  .offset = 0x2000,
					  .filesz = 0x200,
					  .memsz = 0x200,
					  .flags = TOY_SEG_R | TOY_SEG_X };
	h->seg[2] = (struct toy_segment){ .vaddr = 0x403010,
					  .offset = 0x3010,
					  .filesz = 0x10,
					  .memsz = 0x100,
					  .flags = TOY_SEG_R | TOY_SEG_W };
}

static void toy_interp(struct toy_header *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, TOY_MAGIC, TOY_MAGIC_LEN);
	h->version = TOY_VERSION;
	h->kind = TOY_KIND_INTERP;
	h->machine = TOY_MACHINE_HOST;
	h->header_size = TOY_HEADER_SIZE;
	strscpy(h->interp, "/usr/bin/toyvm", sizeof(h->interp));
}

/* One field of the header set to a value. */
struct toy_patch {
	u16 off; /* 0 (the magic, never patched): unused */
	u64 val;
};

#define TP(field, v)                                         \
	{                                                    \
		offsetof(struct toy_header, field), (u64)(v) \
	}

/* Size of the header field at @off (the layout in toyexec.h). */
static unsigned int toy_field_size(unsigned int off)
{
	BUILD_BUG_ON(offsetof(struct toy_header, flags) != 12);
	BUILD_BUG_ON(offsetof(struct toy_header, seg[1].flags) != 104);
	BUILD_BUG_ON(offsetof(struct toy_header, interp) != 192);
	if (off < 6)
		return 1; /* version, kind */
	if (off < 12)
		return 2; /* machine, header_size, nsegs */
	if (off < 16)
		return 4; /* flags */
	if (off < 32)
		return 8; /* entry, reserved */
	if (off < 192)
		return (off - 32) % 40 < 32 ? 8 : 4; /* a segment */
	return 1; /* interp[] */
}

struct toy_case {
	const char *name;
	bool interp; /* start from the interpreted file, else native */
	u64 size;
	struct toy_patch p[2];
	enum toy_reason want;
	int err; /* the error the kernel reports (negative) */
};

static const struct toy_case toy_cases[] = {
	{ "valid native file", false, FSIZE, {}, TOY_OK, 0 },
	{ "valid interpreted file", true, 300, {}, TOY_OK, 0 },
	{ "file of header size only", false, 256, {}, TOY_R_BEYOND_EOF, -EIO },
	{ "short file", false, 255, {}, TOY_R_SHORT, -EIO },
	{ "empty file", false, 0, {}, TOY_R_SHORT, -EIO },
	{ "version 2",
	  false,
	  FSIZE,
	  { TP(version, 2) },
	  TOY_R_VERSION,
	  -ENOEXEC },
	{ "version 0",
	  false,
	  FSIZE,
	  { TP(version, 0) },
	  TOY_R_VERSION,
	  -ENOEXEC },
	{ "machine i386",
	  false,
	  FSIZE,
	  { TP(machine, 3) },
	  TOY_R_MACHINE,
	  -ENOEXEC },
	{ "header_size 255",
	  false,
	  FSIZE,
	  { TP(header_size, 255) },
	  TOY_R_HDRSIZE,
	  -EINVAL },
	{ "kind 0", false, FSIZE, { TP(kind, 0) }, TOY_R_KIND, -EINVAL },
	{ "kind 3", false, FSIZE, { TP(kind, 3) }, TOY_R_KIND, -EINVAL },
	{ "header flags",
	  false,
	  FSIZE,
	  { TP(flags, 1) },
	  TOY_R_RESERVED,
	  -EINVAL },
	{ "header reserved",
	  false,
	  FSIZE,
	  { TP(reserved, 1ULL << 63) },
	  TOY_R_RESERVED,
	  -EINVAL },
	{ "segment reserved",
	  false,
	  FSIZE,
	  { TP(seg[1].reserved, 1) },
	  TOY_R_RESERVED,
	  -EINVAL },
	{ "unused segment not zero",
	  false,
	  FSIZE,
	  { TP(seg[3].memsz, 1) },
	  TOY_R_RESERVED,
	  -EINVAL },
	{ "native with interp bytes",
	  false,
	  FSIZE,
	  { TP(interp[63], 1) },
	  TOY_R_RESERVED,
	  -EINVAL },
	{ "native without segments",
	  false,
	  FSIZE,
	  { TP(nsegs, 0) },
	  TOY_R_NSEGS,
	  -EINVAL },
	{ "native with 5 segments",
	  false,
	  FSIZE,
	  { TP(nsegs, 5) },
	  TOY_R_NSEGS,
	  -EINVAL },
	{ "unknown segment flag",
	  false,
	  FSIZE,
	  { TP(seg[1].flags, 0x10 | TOY_SEG_X) },
	  TOY_R_SEGFLAGS,
	  -EINVAL },
	{ "segment without flags",
	  false,
	  FSIZE,
	  { TP(seg[0].flags, 0) },
	  TOY_R_SEGFLAGS,
	  -EINVAL },
	{ "vaddr+memsz wraps",
	  false,
	  FSIZE,
	  { TP(seg[2].memsz, ~0ULL - 0x403000) },
	  TOY_R_OVERFLOW,
	  -EOVERFLOW },
	{ "offset+filesz wraps",
	  false,
	  FSIZE,
	  { TP(seg[0].offset, ~0ULL - 0x10) },
	  TOY_R_OVERFLOW,
	  -EOVERFLOW },
	{ "last byte past the file",
	  false,
	  FSIZE - 1,
	  {},
	  TOY_R_BEYOND_EOF,
	  -EIO },
	{ "filesz > memsz",
	  false,
	  FSIZE,
	  { TP(seg[0].memsz, 0xff) },
	  TOY_R_SIZES,
	  -EINVAL },
	{ "memsz 0",
	  false,
	  FSIZE,
	  { TP(seg[0].memsz, 0), TP(seg[0].filesz, 0) },
	  TOY_R_SIZES,
	  -EINVAL },
	{ "offset not congruent",
	  false,
	  FSIZE,
	  { TP(seg[0].offset, 0x1001) },
	  TOY_R_ALIGN,
	  -EINVAL },
	{ "below 64 KiB",
	  false,
	  FSIZE,
	  { TP(seg[0].vaddr, 0xf000) },
	  TOY_R_RANGE,
	  -ERANGE },
	{ "at 64 KiB", false, FSIZE, { TP(seg[0].vaddr, 0x10000) }, TOY_OK, 0 },
	{ "ending at 64 TiB",
	  false,
	  FSIZE,
	  { TP(seg[2].memsz, TOY_VADDR_END - 0x403010) },
	  TOY_OK,
	  0 },
	{ "ending past 64 TiB",
	  false,
	  FSIZE,
	  { TP(seg[2].memsz, TOY_VADDR_END - 0x403010 + 1) },
	  TOY_R_RANGE,
	  -ERANGE },
	{ "two segments in one page",
	  false,
	  FSIZE,
	  { TP(seg[1].vaddr, 0x400000) },
	  TOY_R_OVERLAP,
	  -EEXIST },
	{ "segments not sorted",
	  false,
	  FSIZE,
	  { TP(seg[0].vaddr, 0x402000) },
	  TOY_R_OVERLAP,
	  -EEXIST },
	{ "next page is fine",
	  false,
	  FSIZE,
	  { TP(seg[2].vaddr, 0x402010) },
	  TOY_OK,
	  0 },
	{ "writable and executable",
	  false,
	  FSIZE,
	  { TP(seg[2].flags, TOY_SEG_RWX) },
	  TOY_R_WX,
	  -EACCES },
	{ "read-only bss",
	  false,
	  FSIZE,
	  { TP(seg[2].flags, TOY_SEG_R) },
	  TOY_R_BSS_RO,
	  -EACCES },
	{ "entry in a non-executable segment",
	  false,
	  FSIZE,
	  { TP(entry, 0x400000) },
	  TOY_R_ENTRY,
	  -EINVAL },
	{ "entry one past the code",
	  false,
	  FSIZE,
	  { TP(entry, 0x401200) },
	  TOY_R_ENTRY,
	  -EINVAL },
	{ "entry at the last code byte",
	  false,
	  FSIZE,
	  { TP(entry, 0x4011ff) },
	  TOY_OK,
	  0 },
	{ "interpreted with a segment",
	  true,
	  300,
	  { TP(nsegs, 1) },
	  TOY_R_NSEGS,
	  -EINVAL },
	{ "interpreted with an entry",
	  true,
	  300,
	  { TP(entry, 1) },
	  TOY_R_RESERVED,
	  -EINVAL },
	{ "interpreted with segment bytes",
	  true,
	  300,
	  { TP(seg[0].vaddr, 1) },
	  TOY_R_RESERVED,
	  -EINVAL },
	{ "relative interpreter",
	  true,
	  300,
	  { TP(interp[0], 't') },
	  TOY_R_INTERP,
	  -EINVAL },
	{ "interpreter \"/\" only",
	  true,
	  300,
	  { TP(interp[1], 0) },
	  TOY_R_INTERP,
	  -EINVAL },
	{ "junk after the NUL",
	  true,
	  300,
	  { TP(interp[40], 'x') },
	  TOY_R_INTERP,
	  -EINVAL },
	{ "first broken rule wins: version before kind",
	  false,
	  FSIZE,
	  { TP(version, 9), TP(kind, 9) },
	  TOY_R_VERSION,
	  -ENOEXEC },
	{ "first broken rule wins: short before version",
	  false,
	  10,
	  { TP(version, 9) },
	  TOY_R_SHORT,
	  -EIO },
};

static void toy_case_desc(const struct toy_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(toy_rules, toy_cases, toy_case_desc);

static void toy_apply(struct toy_header *h, const struct toy_patch *p)
{
	u8 *field = (u8 *)h + p->off;

	if (!p->off)
		return;
	switch (toy_field_size(p->off)) {
	case 1:
		*field = p->val;
		break;
	case 2:
		*(u16 *)field = p->val;
		break;
	case 4:
		*(u32 *)field = p->val;
		break;
	case 8:
		*(u64 *)field = p->val;
		break;
	}
}

static void toy_rule(struct kunit *test)
{
	const struct toy_case *c = test->param_value;
	struct toy_header *h;
	enum toy_reason got;

	h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h);
	if (c->interp)
		toy_interp(h);
	else
		toy_native(h);
	toy_apply(h, &c->p[0]);
	toy_apply(h, &c->p[1]);
	got = toy_check(h, c->size);
	KUNIT_EXPECT_STREQ(test, toy_reason_name(got),
			   toy_reason_name(c->want));
	KUNIT_EXPECT_EQ(test, toy_reason_errno(got), c->err);
	KUNIT_EXPECT_TRUE(test, toy_is_toy(h, sizeof(*h)));
}

/* A 64-byte interpreter path with no NUL is refused, not overrun. */
static void toy_unterminated_interp(struct kunit *test)
{
	struct toy_header *h;

	h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h);
	toy_interp(h);
	memset(h->interp, 'a', sizeof(h->interp));
	h->interp[0] = '/';
	KUNIT_EXPECT_EQ(test, toy_check(h, 300), TOY_R_INTERP);
	memset(h->interp, 0, sizeof(h->interp));
	KUNIT_EXPECT_EQ(test, toy_check(h, 300), TOY_R_INTERP);
}

static void toy_magic(struct kunit *test)
{
	struct toy_header *h;

	h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, h);
	KUNIT_EXPECT_FALSE(test, toy_is_toy(h, sizeof(*h)));
	toy_native(h);
	KUNIT_EXPECT_TRUE(test, toy_is_toy(h, TOY_MAGIC_LEN));
	KUNIT_EXPECT_FALSE(test, toy_is_toy(h, TOY_MAGIC_LEN - 1));
	h->magic[3] = 'y';
	KUNIT_EXPECT_FALSE(test, toy_is_toy(h, sizeof(*h)));
}

/* Every reason has its own name and a negative error; TOY_OK has 0. */
static void toy_reasons(struct kunit *test)
{
	int r, q;

	KUNIT_EXPECT_EQ(test, toy_reason_errno(TOY_OK), 0);
	for (r = TOY_R_SHORT; r < TOY_R_NR; r++) {
		KUNIT_EXPECT_LT_MSG(test, toy_reason_errno(r), 0, "reason %d",
				    r);
		KUNIT_EXPECT_STRNEQ(test, toy_reason_name(r), "unknown");
		for (q = 0; q < r; q++)
			KUNIT_EXPECT_STRNEQ(test, toy_reason_name(r),
					    toy_reason_name(q));
	}
	KUNIT_EXPECT_STREQ(test, toy_reason_name(TOY_R_NR), "unknown");
	KUNIT_EXPECT_EQ(test, toy_reason_errno(TOY_R_COMPAT), -ENOEXEC);
}

static struct kunit_case toy_test_cases[] = {
	KUNIT_CASE_PARAM(toy_rule, toy_rules_gen_params),
	KUNIT_CASE(toy_unterminated_interp),
	KUNIT_CASE(toy_magic),
	KUNIT_CASE(toy_reasons),
	{}
};

static struct kunit_suite toy_suite = {
	.name = "lkm_toyexec",
	.test_cases = toy_test_cases,
};

kunit_test_suite(toy_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: the toy executable format rules of binfmt_demo");
