// SPDX-License-Identifier: GPL-2.0
/*
 * binfmt_demo_craft - write one malformed toy file per validation rule of
 * include/toyexec.h, derived from a valid native file and a valid
 * interpreted file, for the binfmt_demo tests.
 *
 *   binfmt_demo_craft NATIVE.toy INTERP.toy OUTDIR
 *
 * Prints "RULE FILE" per file written. Each file breaks exactly the rule
 * it is named after (checked here with toy_check(): exit 1 otherwise).
 * NATIVE must have the layout mktoy gives the examples: segments R, R+X,
 * R and a bss-only R+W one.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "toyexec.h"

struct file {
	unsigned char *buf;
	size_t len;
};

static int load(const char *path, struct file *f)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st))
		return -1;
	f->len = st.st_size;
	f->buf = malloc(f->len);
	if (!f->buf || read(fd, f->buf, f->len) != (ssize_t)f->len)
		return -1;
	close(fd);
	return 0;
}

static const char *outdir;
static int failed;

/* Write f (its first len bytes) as OUTDIR/NAME.toy, check it breaks rule. */
static void emit(const char *name, enum toy_reason rule, struct file *f,
		 size_t len)
{
	struct toy_header h;
	enum toy_reason got;
	char path[512];
	int fd;

	memset(&h, 0, sizeof(h));
	memcpy(&h, f->buf, len < sizeof(h) ? len : sizeof(h));
	got = toy_check(&h, len);
	if (got != rule) {
		fprintf(stderr, "craft: %s breaks '%s', not '%s'\n", name,
			toy_reason_name(got), toy_reason_name(rule));
		failed = 1;
	}
	snprintf(path, sizeof(path), "%s/%s.toy", outdir, name);
	unlink(path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0 || write(fd, f->buf, len) != (ssize_t)len || close(fd)) {
		perror(path);
		exit(1);
	}
	printf("%s %s\n", toy_reason_name(rule), path);
}

#define H(f) ((struct toy_header *)(f)->buf)

int main(int argc, char **argv)
{
	struct file nat, itp, f;
	struct toy_header *h;

	if (argc != 4 || load(argv[1], &nat) || load(argv[2], &itp)) {
		fprintf(stderr, "usage: %s NATIVE.toy INTERP.toy OUTDIR\n",
			argv[0]);
		return 2;
	}
	outdir = argv[3];
	f.buf = malloc(nat.len > itp.len ? nat.len : itp.len);
	f.len = nat.len;
	h = H(&f);

#define FRESH(src) memcpy(f.buf, (src).buf, (src).len), f.len = (src).len

	FRESH(nat);
	emit("short", TOY_R_SHORT, &f, 200);
	FRESH(nat), h->version = 2;
	emit("version", TOY_R_VERSION, &f, f.len);
	FRESH(nat), h->machine = 3;
	emit("machine", TOY_R_MACHINE, &f, f.len);
	FRESH(nat), h->header_size = 128;
	emit("header_size", TOY_R_HDRSIZE, &f, f.len);
	FRESH(nat), h->kind = 7;
	emit("kind", TOY_R_KIND, &f, f.len);
	FRESH(nat), h->reserved = 1;
	emit("reserved", TOY_R_RESERVED, &f, f.len);
	FRESH(nat), h->seg[0].reserved = 1;
	emit("reserved_seg", TOY_R_RESERVED, &f, f.len);
	FRESH(nat), h->nsegs = 3;
	emit("reserved_unused_seg", TOY_R_RESERVED, &f, f.len);
	FRESH(nat), h->interp[0] = '/';
	emit("reserved_interp", TOY_R_RESERVED, &f, f.len);
	FRESH(nat), h->nsegs = 5;
	emit("nsegs", TOY_R_NSEGS, &f, f.len);
	FRESH(nat), h->nsegs = 0;
	emit("nsegs_zero", TOY_R_NSEGS, &f, f.len);
	FRESH(nat), h->seg[0].flags = 8;
	emit("seg_flags", TOY_R_SEGFLAGS, &f, f.len);
	FRESH(nat), h->seg[0].flags = 0;
	emit("seg_flags_zero", TOY_R_SEGFLAGS, &f, f.len);
	FRESH(nat), h->seg[1].memsz = ~0ULL - 0x100;
	emit("overflow", TOY_R_OVERFLOW, &f, f.len);
	FRESH(nat), h->seg[1].filesz = ~0ULL - 0x100;
	emit("overflow_file", TOY_R_OVERFLOW, &f, f.len);
	FRESH(nat), h->seg[1].filesz = f.len;
	emit("beyond_eof", TOY_R_BEYOND_EOF, &f, f.len);
	FRESH(nat), h->seg[2].memsz = h->seg[2].filesz - 1;
	emit("sizes", TOY_R_SIZES, &f, f.len);
	FRESH(nat), h->seg[2].memsz = 0, h->seg[2].filesz = 0;
	emit("sizes_zero", TOY_R_SIZES, &f, f.len);
	FRESH(nat), h->seg[1].offset += 16;
	emit("align", TOY_R_ALIGN, &f, f.len);
	FRESH(nat), h->seg[0].vaddr = 0x1000;
	emit("range_low", TOY_R_RANGE, &f, f.len);
	FRESH(nat), h->seg[3].memsz = TOY_VADDR_END;
	emit("range_high", TOY_R_RANGE, &f, f.len);
	FRESH(nat), h->seg[2].vaddr = h->seg[1].vaddr;
	emit("overlap", TOY_R_OVERLAP, &f, f.len);
	FRESH(nat), h->seg[2] = H(&nat)->seg[1], h->seg[1] = H(&nat)->seg[2];
	emit("overlap_unsorted", TOY_R_OVERLAP, &f, f.len);
	FRESH(nat), h->seg[3].flags = TOY_SEG_RWX;
	emit("wx", TOY_R_WX, &f, f.len);
	FRESH(nat), h->seg[3].flags = TOY_SEG_R;
	emit("bss_ro", TOY_R_BSS_RO, &f, f.len);
	FRESH(nat), h->entry = h->seg[0].vaddr;
	emit("entry", TOY_R_ENTRY, &f, f.len);
	FRESH(nat), h->entry = h->seg[1].vaddr + h->seg[1].filesz;
	emit("entry_end", TOY_R_ENTRY, &f, f.len);

	FRESH(itp), h->nsegs = 1;
	emit("interp_nsegs", TOY_R_NSEGS, &f, f.len);
	FRESH(itp), h->entry = 0x401000;
	emit("interp_entry", TOY_R_RESERVED, &f, f.len);
	FRESH(itp), memset(h->interp, 0, TOY_INTERP_MAX);
	strcpy(h->interp, "bin/toyvm");
	emit("interp", TOY_R_INTERP, &f, f.len);
	FRESH(itp), memset(h->interp, 'a', TOY_INTERP_MAX), h->interp[0] = '/';
	emit("interp_unterminated", TOY_R_INTERP, &f, f.len);
	FRESH(itp), h->interp[TOY_INTERP_MAX - 1] = 'x';
	emit("interp_junk", TOY_R_INTERP, &f, f.len);
	return failed;
}
