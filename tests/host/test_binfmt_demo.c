// SPDX-License-Identifier: GPL-2.0
/*
 * test_binfmt_demo.c - host unit test of the toy executable rules
 * (include/toyexec.h), the functions the binfmt_demo module runs on every
 * exec: each rule is broken once and must give its documented error
 * (docs/binfmt_demo.md, written out again here), and the limits of each
 * rule are accepted. Prints KTAP.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ktap.h"
#include "toyexec.h"

#define FSIZE 0x3020ULL

static void native(struct toy_header *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, TOY_MAGIC, TOY_MAGIC_LEN);
	h->version = 1;
	h->kind = TOY_KIND_NATIVE;
	h->machine = 62;
	h->header_size = 256;
	h->nsegs = 3;
	h->entry = 0x401000;
	h->seg[0] = (struct toy_segment){ 0x400000, 0x1000,    0x100,
					  0x100,    TOY_SEG_R, 0 };
	h->seg[1] = (struct toy_segment){
		0x401000, 0x2000, 0x200, 0x200, TOY_SEG_R | TOY_SEG_X, 0
	};
	h->seg[2] = (struct toy_segment){
		0x403010, 0x3010, 0x10, 0x100, TOY_SEG_R | TOY_SEG_W, 0
	};
}

static void interp(struct toy_header *h)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, TOY_MAGIC, TOY_MAGIC_LEN);
	h->version = 1;
	h->kind = TOY_KIND_INTERP;
	h->machine = 62;
	h->header_size = 256;
	strcpy(h->interp, "/usr/bin/toyvm");
}

static void expect(const char *name, const struct toy_header *h,
		   unsigned long long size, enum toy_reason want, int err)
{
	enum toy_reason got = toy_check(h, size);
	char buf[160];

	snprintf(buf, sizeof(buf), "%s: %s (%s)", name, toy_reason_name(want),
		 err ? strerrorname_np(err) : "accepted");
	ktap_result(got == want && toy_reason_errno(got) == -err, buf);
	if (!ktap_last_ok())
		ktap_diag("got rule %s, error %d", toy_reason_name(got),
			  toy_reason_errno(got));
}

int main(void)
{
	struct toy_header h;

	ktap_plan(38);

	native(&h);
	expect("valid native file", &h, FSIZE, TOY_OK, 0);
	interp(&h);
	expect("valid interpreted file", &h, 300, TOY_OK, 0);
	native(&h);
	expect("file of header size only", &h, 256, TOY_R_BEYOND_EOF, EIO);
	expect("short file", &h, 255, TOY_R_SHORT, EIO);
	native(&h), h.version = 2;
	expect("version 2", &h, FSIZE, TOY_R_VERSION, ENOEXEC);
	native(&h), h.machine = 3;
	expect("machine i386", &h, FSIZE, TOY_R_MACHINE, ENOEXEC);
	native(&h), h.header_size = 255;
	expect("header_size 255", &h, FSIZE, TOY_R_HDRSIZE, EINVAL);
	native(&h), h.kind = 0;
	expect("kind 0", &h, FSIZE, TOY_R_KIND, EINVAL);
	native(&h), h.flags = 1;
	expect("header flags", &h, FSIZE, TOY_R_RESERVED, EINVAL);
	native(&h), h.seg[3].memsz = 1;
	expect("unused segment not zero", &h, FSIZE, TOY_R_RESERVED, EINVAL);
	native(&h), h.interp[63] = 1;
	expect("native with interp bytes", &h, FSIZE, TOY_R_RESERVED, EINVAL);
	native(&h), h.nsegs = 0;
	expect("native without segments", &h, FSIZE, TOY_R_NSEGS, EINVAL);
	native(&h), h.seg[1].flags = 0x10 | TOY_SEG_X;
	expect("unknown segment flag", &h, FSIZE, TOY_R_SEGFLAGS, EINVAL);
	native(&h), h.seg[2].memsz = ~0ULL - 0x403000;
	expect("vaddr+memsz wraps", &h, FSIZE, TOY_R_OVERFLOW, EOVERFLOW);
	native(&h), h.seg[0].offset = ~0ULL - 0x10;
	expect("offset+filesz wraps", &h, FSIZE, TOY_R_OVERFLOW, EOVERFLOW);
	native(&h);
	expect("last byte past the file", &h, FSIZE - 1, TOY_R_BEYOND_EOF, EIO);
	native(&h), h.seg[0].memsz = 0xff;
	expect("filesz > memsz", &h, FSIZE, TOY_R_SIZES, EINVAL);
	native(&h), h.seg[0].offset = 0x1001;
	expect("offset not congruent", &h, FSIZE, TOY_R_ALIGN, EINVAL);
	native(&h), h.seg[0].vaddr = 0xf000, h.seg[0].offset = 0x1000;
	expect("below 64 KiB", &h, FSIZE, TOY_R_RANGE, ERANGE);
	native(&h), h.seg[0].vaddr = 0x10000;
	expect("at 64 KiB", &h, FSIZE, TOY_OK, 0);
	native(&h), h.seg[2].memsz = TOY_VADDR_END - 0x403010;
	expect("ending at 64 TiB", &h, FSIZE, TOY_OK, 0);
	h.seg[2].memsz++;
	expect("ending past 64 TiB", &h, FSIZE, TOY_R_RANGE, ERANGE);
	native(&h), h.seg[1].vaddr = 0x400000;
	expect("two segments in one page", &h, FSIZE, TOY_R_OVERLAP, EEXIST);
	native(&h), h.seg[0].vaddr = 0x402000;
	expect("segments not sorted", &h, FSIZE, TOY_R_OVERLAP, EEXIST);
	native(&h), h.seg[2].vaddr = 0x402010, h.seg[2].offset = 0x3010;
	expect("next page is fine", &h, FSIZE, TOY_OK, 0);
	native(&h), h.seg[2].flags |= TOY_SEG_X;
	expect("writable and executable", &h, FSIZE, TOY_R_WX, EACCES);
	native(&h), h.seg[2].flags = TOY_SEG_R;
	expect("read-only bss", &h, FSIZE, TOY_R_BSS_RO, EACCES);
	native(&h), h.entry = 0x400000;
	expect("entry in a non-executable segment", &h, FSIZE, TOY_R_ENTRY,
	       EINVAL);
	native(&h), h.entry = 0x401200;
	expect("entry one past the code", &h, FSIZE, TOY_R_ENTRY, EINVAL);
	native(&h), h.entry = 0x4011ff;
	expect("entry at the last code byte", &h, FSIZE, TOY_OK, 0);
	interp(&h), h.nsegs = 1;
	expect("interpreted with a segment", &h, 300, TOY_R_NSEGS, EINVAL);
	interp(&h), h.entry = 1;
	expect("interpreted with an entry", &h, 300, TOY_R_RESERVED, EINVAL);
	interp(&h), strcpy(h.interp, "toyvm");
	expect("relative interpreter", &h, 300, TOY_R_INTERP, EINVAL);
	interp(&h), memset(h.interp, 0, sizeof(h.interp));
	expect("no interpreter", &h, 300, TOY_R_INTERP, EINVAL);
	interp(&h), memset(h.interp, 'a', sizeof(h.interp)), h.interp[0] = '/';
	expect("unterminated interpreter", &h, 300, TOY_R_INTERP, EINVAL);
	interp(&h), h.interp[40] = 'x';
	expect("junk after the NUL", &h, 300, TOY_R_INTERP, EINVAL);
	memset(&h, 0, sizeof(h));
	ktap_result(!toy_is_toy(&h, sizeof(h)), "zeros are not a toy file");
	native(&h);
	ktap_result(!toy_is_toy(&h, 3), "3 bytes are not a toy file");
	return ktap_finish();
}
