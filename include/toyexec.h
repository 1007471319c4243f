/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * toyexec.h - the "toy executable" format, version 1, and its validation
 * rules, shared by the binfmt_demo module (modules/binfmt_demo/) and the
 * tools (userspace/mktoy.c, userspace/toydump.c, userspace/toyvm.c).
 *
 * A toy file starts with one 256-byte header (all integers little-endian;
 * x86-64 or arm64), so the whole header is in the kernel's bprm->buf:
 *
 *   off size field        meaning
 *     0    4 magic        b7 54 4f 59 ("\xb7TOY"; first byte not printable)
 *     4    1 version      TOY_VERSION (1)
 *     5    1 kind         TOY_KIND_NATIVE (1) or TOY_KIND_INTERP (2)
 *     6    2 machine      TOY_MACHINE_X86_64 (62) or TOY_MACHINE_ARM64 (183),
 *                         ELF's numbers; a kernel runs only its own
 *     8    2 header_size  TOY_HEADER_SIZE (256)
 *    10    2 nsegs        native: 1..TOY_MAX_SEGS; interpreted: 0
 *    12    4 flags        reserved, 0
 *    16    8 entry        native: first instruction; interpreted: 0
 *    24    8 reserved     0
 *    32  160 seg[4]       segments (below); unused ones all zero
 *   192   64 interp       interpreted: absolute path of the interpreter,
 *                         NUL-terminated, zero-padded; native: all zero
 *
 * A segment (40 bytes): vaddr, offset, filesz, memsz (u64 each), flags
 * (TOY_SEG_R|W|X), reserved (u32, 0). Bytes [offset, offset + filesz) of the
 * file appear at [vaddr, vaddr + filesz); [vaddr + filesz, vaddr + memsz) is
 * zero-filled (bss). For the interpreted kind, the bytes after the header are
 * the program the interpreter runs.
 *
 * The rules are checked in the order of enum toy_reason; the first one
 * broken is reported with its fixed error number (toy_reason_errno()).
 * The 32-bit-caller rule is checked by the module only.
 */
#ifndef TOYEXEC_H
#define TOYEXEC_H

#ifdef __KERNEL__
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/types.h>
#else
#include <assert.h>
#include <errno.h>
#include <linux/types.h>
#endif

#define TOY_MAGIC "\xb7TOY"
#define TOY_MAGIC_LEN 4
#define TOY_VERSION 1
#define TOY_KIND_NATIVE 1
#define TOY_KIND_INTERP 2
#define TOY_MACHINE_X86_64 62 /* EM_X86_64 */
#define TOY_MACHINE_ARM64 183 /* EM_AARCH64 */
#define TOY_HEADER_SIZE 256
#define TOY_MAX_SEGS 4
#define TOY_INTERP_MAX 64
#define TOY_PAGE_SIZE 4096ULL

/*
 * The machine of the running kernel (module) or of the tool's own build:
 * the one toy_check() accepts. Both are 64-bit little-endian with 4 KiB
 * pages (Debian's kernels), which the rules below assume.
 */
#if defined(__KERNEL__) ? defined(CONFIG_X86_64) : defined(__x86_64__)
#define TOY_MACHINE_HOST TOY_MACHINE_X86_64
#elif defined(__KERNEL__) ? defined(CONFIG_ARM64) : defined(__aarch64__)
#define TOY_MACHINE_HOST TOY_MACHINE_ARM64
#else
#error "the toy format exists for x86-64 and arm64 only"
#endif

/* Segments lie in [TOY_VADDR_MIN, TOY_VADDR_END): 64 KiB to 64 TiB. */
#define TOY_VADDR_MIN 0x10000ULL
#define TOY_VADDR_END 0x400000000000ULL

#define TOY_SEG_X 0x1
#define TOY_SEG_W 0x2
#define TOY_SEG_R 0x4
#define TOY_SEG_RWX (TOY_SEG_R | TOY_SEG_W | TOY_SEG_X)

struct toy_segment {
	__u64 vaddr;
	__u64 offset;
	__u64 filesz;
	__u64 memsz;
	__u32 flags;
	__u32 reserved;
};

struct toy_header {
	__u8 magic[TOY_MAGIC_LEN];
	__u8 version;
	__u8 kind;
	__u16 machine;
	__u16 header_size;
	__u16 nsegs;
	__u32 flags;
	__u64 entry;
	__u64 reserved;
	struct toy_segment seg[TOY_MAX_SEGS];
	char interp[TOY_INTERP_MAX];
};

static_assert(sizeof(struct toy_header) == TOY_HEADER_SIZE,
	      "toy header must fill the 256-byte bprm buffer exactly");

/* Why a file that carries the magic is refused (0: valid). */
enum toy_reason {
	TOY_OK,
	TOY_R_SHORT, /* -EIO: file shorter than the header */
	TOY_R_VERSION, /* -ENOEXEC: version is not TOY_VERSION */
	TOY_R_MACHINE, /* -ENOEXEC: not the machine checked for */
	TOY_R_HDRSIZE, /* -EINVAL: header_size is not 256 */
	TOY_R_KIND, /* -EINVAL: kind is neither native nor interp */
	TOY_R_RESERVED, /* -EINVAL: a reserved field is not zero */
	TOY_R_NSEGS, /* -EINVAL: segment count wrong for the kind */
	TOY_R_SEGFLAGS, /* -EINVAL: segment flags empty or unknown bits */
	TOY_R_OVERFLOW, /* -EOVERFLOW: offset+filesz or vaddr+memsz wraps */
	TOY_R_BEYOND_EOF, /* -EIO: segment data past the end of the file */
	TOY_R_SIZES, /* -EINVAL: memsz is 0 or filesz > memsz */
	TOY_R_ALIGN, /* -EINVAL: offset and vaddr differ modulo 4096 */
	TOY_R_RANGE, /* -ERANGE: outside [64 KiB, 64 TiB) */
	TOY_R_OVERLAP, /* -EEXIST: unsorted, or two segments share a page */
	TOY_R_WX, /* -EACCES: segment both writable and executable */
	TOY_R_BSS_RO, /* -EACCES: memsz > filesz in a read-only segment */
	TOY_R_ENTRY, /* -EINVAL: entry not in an executable segment */
	TOY_R_INTERP, /* -EINVAL: interpreter path empty/relative/junk */
	TOY_R_COMPAT, /* -ENOEXEC: executed by a 32-bit (compat) caller */
	TOY_R_NR
};

static inline const char *toy_reason_name(enum toy_reason r)
{
	switch (r) {
	case TOY_OK:
		return "ok";
	case TOY_R_SHORT:
		return "short";
	case TOY_R_VERSION:
		return "version";
	case TOY_R_MACHINE:
		return "machine";
	case TOY_R_HDRSIZE:
		return "header_size";
	case TOY_R_KIND:
		return "kind";
	case TOY_R_RESERVED:
		return "reserved";
	case TOY_R_NSEGS:
		return "nsegs";
	case TOY_R_SEGFLAGS:
		return "seg_flags";
	case TOY_R_OVERFLOW:
		return "overflow";
	case TOY_R_BEYOND_EOF:
		return "beyond_eof";
	case TOY_R_SIZES:
		return "sizes";
	case TOY_R_ALIGN:
		return "align";
	case TOY_R_RANGE:
		return "range";
	case TOY_R_OVERLAP:
		return "overlap";
	case TOY_R_WX:
		return "wx";
	case TOY_R_BSS_RO:
		return "bss_ro";
	case TOY_R_ENTRY:
		return "entry";
	case TOY_R_INTERP:
		return "interp";
	case TOY_R_COMPAT:
		return "caller_32bit";
	default:
		return "unknown";
	}
}

/* The error number (negative) reported for a reason; 0 for TOY_OK. */
static inline int toy_reason_errno(enum toy_reason r)
{
	switch (r) {
	case TOY_OK:
		return 0;
	case TOY_R_SHORT:
	case TOY_R_BEYOND_EOF:
		return -EIO;
	case TOY_R_VERSION:
	case TOY_R_MACHINE:
	case TOY_R_COMPAT:
		return -ENOEXEC;
	case TOY_R_OVERFLOW:
		return -EOVERFLOW;
	case TOY_R_RANGE:
		return -ERANGE;
	case TOY_R_OVERLAP:
		return -EEXIST;
	case TOY_R_WX:
	case TOY_R_BSS_RO:
		return -EACCES;
	default:
		return -EINVAL;
	}
}

/* "x86-64", "arm64" or "unknown": the names /proc and the tools print. */
static inline const char *toy_machine_name(unsigned int machine)
{
	switch (machine) {
	case TOY_MACHINE_X86_64:
		return "x86-64";
	case TOY_MACHINE_ARM64:
		return "arm64";
	default:
		return "unknown";
	}
}

static inline int toy_machine_known(unsigned int machine)
{
	return machine == TOY_MACHINE_X86_64 || machine == TOY_MACHINE_ARM64;
}

/* Does a buffer of len bytes start with the toy magic? */
static inline int toy_is_toy(const void *buf, __u64 len)
{
	const __u8 *b = buf;
	const __u8 *m = (const __u8 *)TOY_MAGIC;
	int i;

	if (len < TOY_MAGIC_LEN)
		return 0;
	for (i = 0; i < TOY_MAGIC_LEN; i++)
		if (b[i] != m[i])
			return 0;
	return 1;
}

static inline __u64 toy_page_down(__u64 a)
{
	return a & ~(TOY_PAGE_SIZE - 1);
}

static inline __u64 toy_page_up(__u64 a)
{
	return (a + TOY_PAGE_SIZE - 1) & ~(TOY_PAGE_SIZE - 1);
}

static inline int toy_all_zero(const void *p, __u64 len)
{
	const __u8 *b = p;
	__u64 i;

	for (i = 0; i < len; i++)
		if (b[i])
			return 0;
	return 1;
}

/* Rules that hold for every header, whatever the kind. */
static inline enum toy_reason toy_check_common(const struct toy_header *h,
					       __u64 file_size,
					       unsigned int machine)
{
	if (file_size < TOY_HEADER_SIZE)
		return TOY_R_SHORT;
	if (h->version != TOY_VERSION)
		return TOY_R_VERSION;
	if (h->machine != machine)
		return TOY_R_MACHINE;
	if (h->header_size != TOY_HEADER_SIZE)
		return TOY_R_HDRSIZE;
	if (h->kind != TOY_KIND_NATIVE && h->kind != TOY_KIND_INTERP)
		return TOY_R_KIND;
	if (h->flags || h->reserved)
		return TOY_R_RESERVED;
	return TOY_OK;
}

/* One segment on its own: flags, arithmetic, file size, alignment, range. */
static inline enum toy_reason toy_check_segment(const struct toy_segment *s,
						__u64 file_size)
{
	if (s->reserved)
		return TOY_R_RESERVED;
	if (!s->flags || (s->flags & ~TOY_SEG_RWX))
		return TOY_R_SEGFLAGS;
	if (s->offset + s->filesz < s->offset || s->vaddr + s->memsz < s->vaddr)
		return TOY_R_OVERFLOW;
	if (s->offset + s->filesz > file_size)
		return TOY_R_BEYOND_EOF;
	if (!s->memsz || s->filesz > s->memsz)
		return TOY_R_SIZES;
	if ((s->offset ^ s->vaddr) & (TOY_PAGE_SIZE - 1))
		return TOY_R_ALIGN;
	if (s->vaddr < TOY_VADDR_MIN || s->vaddr + s->memsz > TOY_VADDR_END)
		return TOY_R_RANGE;
	return TOY_OK;
}

/* The native kind: segments, their order and permissions, the entry. */
static inline enum toy_reason toy_check_native(const struct toy_header *h,
					       __u64 file_size)
{
	enum toy_reason r;
	int i, entry_ok = 0;

	if (!toy_all_zero(h->interp, TOY_INTERP_MAX))
		return TOY_R_RESERVED;
	if (h->nsegs < 1 || h->nsegs > TOY_MAX_SEGS)
		return TOY_R_NSEGS;
	for (i = h->nsegs; i < TOY_MAX_SEGS; i++)
		if (!toy_all_zero(&h->seg[i], sizeof(h->seg[i])))
			return TOY_R_RESERVED;
	for (i = 0; i < h->nsegs; i++) {
		r = toy_check_segment(&h->seg[i], file_size);
		if (r != TOY_OK)
			return r;
	}
	for (i = 1; i < h->nsegs; i++) {
		const struct toy_segment *a = &h->seg[i - 1], *b = &h->seg[i];

		if (toy_page_down(b->vaddr) < toy_page_up(a->vaddr + a->memsz))
			return TOY_R_OVERLAP;
	}
	for (i = 0; i < h->nsegs; i++) {
		const struct toy_segment *s = &h->seg[i];

		if ((s->flags & TOY_SEG_W) && (s->flags & TOY_SEG_X))
			return TOY_R_WX;
		if (s->memsz > s->filesz && !(s->flags & TOY_SEG_W))
			return TOY_R_BSS_RO;
		if ((s->flags & TOY_SEG_X) && h->entry >= s->vaddr &&
		    h->entry - s->vaddr < s->filesz)
			entry_ok = 1;
	}
	return entry_ok ? TOY_OK : TOY_R_ENTRY;
}

/* The interpreted kind: no segments, no entry, a sane interpreter path. */
static inline enum toy_reason toy_check_interp(const struct toy_header *h)
{
	int i, len = -1;

	if (h->nsegs)
		return TOY_R_NSEGS;
	if (h->entry || !toy_all_zero(h->seg, sizeof(h->seg)))
		return TOY_R_RESERVED;
	for (i = 0; i < TOY_INTERP_MAX; i++) {
		if (!h->interp[i]) {
			len = i;
			break;
		}
	}
	if (len < 2 || h->interp[0] != '/')
		return TOY_R_INTERP;
	if (!toy_all_zero(h->interp + len, TOY_INTERP_MAX - len))
		return TOY_R_INTERP;
	return TOY_OK;
}

/*
 * Validate a header that carries the magic against the size of its file,
 * for a kernel of the given machine (the machine rule refuses any other).
 * Returns TOY_OK or the first rule broken; toy_reason_errno() maps it to
 * the error that kernel reports.
 */
static inline enum toy_reason
toy_check_for(const struct toy_header *h, __u64 file_size, unsigned int machine)
{
	enum toy_reason r = toy_check_common(h, file_size, machine);

	if (r != TOY_OK)
		return r;
	if (h->kind == TOY_KIND_NATIVE)
		return toy_check_native(h, file_size);
	return toy_check_interp(h);
}

/* The same, for this machine's kernel: what the module itself checks. */
static inline enum toy_reason toy_check(const struct toy_header *h,
					__u64 file_size)
{
	return toy_check_for(h, file_size, TOY_MACHINE_HOST);
}

#endif /* TOYEXEC_H */
