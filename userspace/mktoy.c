// SPDX-License-Identifier: GPL-2.0
/*
 * mktoy - make a toy executable (include/toyexec.h) for binfmt_demo.
 *
 * Native kind: converts a static, non-PIE x86-64 or arm64 ELF (gcc -static
 * -nostdlib -no-pie) into a toy file for that machine: one toy segment per
 * PT_LOAD, file data laid out after the 256-byte header with each offset
 * congruent to its address modulo 4096. Refuses, with a message naming the
 * problem, what the format cannot express (PIE, dynamic linking, TLS,
 * executable stack, more than 4 segments, W+X) and checks the result with the
 * module's own rules.
 *
 * Interpreted kind (-i INTERP): the header names the interpreter and the
 * contents of the input file follow it as the program; its machine is this
 * one's unless -m names the other.
 */
#include <argp.h>
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "toyexec.h"

static const char doc[] =
	"Make a toy executable from a static non-PIE x86-64 or arm64 ELF, or "
	"(-i) an interpreted toy file from a program for INTERP.\v"
	"EXAMPLES:\n"
	"  mktoy -o hello.toy hello        # native kind, from a static ELF\n"
	"  mktoy -i /usr/local/bin/toyvm -o greet.toy greet.tvm\n"
	"  toydump hello.toy               # check the result";

static struct argp_option options[] = {
	{ "output", 'o', "FILE", 0, "Output file (default: INPUT.toy)", 0 },
	{ "interp", 'i', "PATH", 0,
	  "Make the interpreted kind, run by PATH (absolute)", 0 },
	{ "machine", 'm', "MACHINE", 0,
	  "Interpreted kind: for x86-64 or arm64 kernels (default: this "
	  "machine's)",
	  0 },
	{ NULL, 'h', NULL, 0, "Give this help list", -1 },
	{ 0 }
};

struct args {
	const char *in;
	const char *out;
	const char *interp;
	unsigned int machine;
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case 'o':
		a->out = arg;
		break;
	case 'i':
		a->interp = arg;
		break;
	case 'm':
		if (!strcmp(arg, "x86-64") || !strcmp(arg, "x86_64"))
			a->machine = TOY_MACHINE_X86_64;
		else if (!strcmp(arg, "arm64") || !strcmp(arg, "aarch64"))
			a->machine = TOY_MACHINE_ARM64;
		else
			argp_error(state,
				   "unknown machine '%s' (x86-64, arm64)", arg);
		break;
	default:
		return args_one_operand(key, arg, state, &a->in);
	}
	return 0;
}

static unsigned char *read_file(const char *path, size_t *len)
{
	unsigned char *buf;
	struct stat st;
	FILE *f = fopen(path, "rb");

	if (!f) {
		fprintf(stderr, "mktoy: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "mktoy: %s: not a regular file\n", path);
		fclose(f);
		return NULL;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf || fread(buf, 1, st.st_size, f) != (size_t)st.st_size) {
		fprintf(stderr, "mktoy: %s: cannot read\n", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = st.st_size;
	return buf;
}

static int refuse(const char *in, const char *why)
{
	fprintf(stderr, "mktoy: %s: %s\n", in, why);
	return 1;
}

static void init_header(struct toy_header *h, int kind, unsigned int machine)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, TOY_MAGIC, TOY_MAGIC_LEN);
	h->version = TOY_VERSION;
	h->kind = kind;
	h->machine = machine;
	h->header_size = TOY_HEADER_SIZE;
}

static int check_elf_header(const char *in, const unsigned char *buf,
			    size_t len)
{
	const Elf64_Ehdr *e = (const Elf64_Ehdr *)buf;

	if (len < sizeof(*e) || memcmp(e->e_ident, ELFMAG, SELFMAG))
		return refuse(in, "not an ELF file");
	if (e->e_ident[EI_CLASS] != ELFCLASS64 ||
	    e->e_ident[EI_DATA] != ELFDATA2LSB ||
	    (e->e_machine != EM_X86_64 && e->e_machine != EM_AARCH64))
		return refuse(in, "not a 64-bit x86-64 or arm64 ELF");
	if (e->e_type == ET_DYN)
		return refuse(in, "position-independent (PIE): link with "
				  "-static -no-pie");
	if (e->e_type != ET_EXEC)
		return refuse(in, "not an executable (ET_EXEC)");
	if (e->e_phentsize != sizeof(Elf64_Phdr) || e->e_phoff > len ||
	    (len - e->e_phoff) / sizeof(Elf64_Phdr) < e->e_phnum)
		return refuse(in, "program headers out of the file");
	return 0;
}

static unsigned int toy_flags(unsigned int pf)
{
	return ((pf & PF_R) ? TOY_SEG_R : 0) | ((pf & PF_W) ? TOY_SEG_W : 0) |
	       ((pf & PF_X) ? TOY_SEG_X : 0);
}

/* Fill h->seg[] from the PT_LOADs; refuse what the format cannot express. */
static int collect_segments(const char *in, const unsigned char *buf,
			    size_t len, struct toy_header *h)
{
	const Elf64_Ehdr *e = (const Elf64_Ehdr *)buf;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(buf + e->e_phoff);
	int i, n = 0;

	for (i = 0; i < e->e_phnum; i++) {
		switch (ph[i].p_type) {
		case PT_INTERP:
		case PT_DYNAMIC:
			return refuse(in, "dynamically linked: link with "
					  "-static -nostdlib");
		case PT_TLS:
			return refuse(in, "uses thread-local storage, which "
					  "the toy loader does not set up");
		case PT_GNU_STACK:
			if (ph[i].p_flags & PF_X)
				return refuse(in, "asks for an executable "
						  "stack");
			break;
		case PT_LOAD:
			if (n == TOY_MAX_SEGS)
				return refuse(in, "more than 4 loadable "
						  "segments");
			if ((ph[i].p_flags & PF_W) && (ph[i].p_flags & PF_X))
				return refuse(in, "a segment is both writable "
						  "and executable");
			if (ph[i].p_offset > len ||
			    ph[i].p_filesz > len - ph[i].p_offset)
				return refuse(in, "segment beyond end of file");
			h->seg[n].vaddr = ph[i].p_vaddr;
			h->seg[n].offset = ph[i].p_offset; /* ELF offset */
			h->seg[n].filesz = ph[i].p_filesz;
			h->seg[n].memsz = ph[i].p_memsz;
			h->seg[n].flags = toy_flags(ph[i].p_flags);
			n++;
			break;
		}
	}
	if (!n)
		return refuse(in, "no loadable segment");
	h->nsegs = n;
	h->entry = e->e_entry;
	return 0;
}

/* Lay the segments out after the header; returns the output size. */
static size_t layout(struct toy_header *h, const unsigned char *elf,
		     unsigned char *out)
{
	__u64 cur = TOY_HEADER_SIZE, off;
	int i;

	for (i = 0; i < h->nsegs; i++) {
		struct toy_segment *s = &h->seg[i];

		off = toy_page_down(cur) + (s->vaddr & (TOY_PAGE_SIZE - 1));
		if (off < cur)
			off += TOY_PAGE_SIZE;
		if (out)
			memcpy(out + off, elf + s->offset, s->filesz);
		s->offset = off;
		cur = off + s->filesz;
	}
	return cur;
}

static int write_out(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "mktoy: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (chmod(path, 0755)) {
		fprintf(stderr, "mktoy: chmod %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

static int check_result(const char *in, const struct toy_header *h, size_t size)
{
	/* The rules for the kernel of the file's machine, maybe not ours. */
	enum toy_reason r = toy_check_for(h, size, h->machine);

	if (r == TOY_OK)
		return 0;
	fprintf(stderr,
		"mktoy: %s: the result would break rule '%s' (%s); see "
		"toydump\n",
		in, toy_reason_name(r), strerror(-toy_reason_errno(r)));
	return 1;
}

static int make_native(const struct args *a)
{
	struct toy_header h, tmp;
	unsigned char *elf, *out;
	size_t len, size;
	int ret;

	elf = read_file(a->in, &len);
	if (!elf)
		return 1;
	ret = check_elf_header(a->in, elf, len);
	if (!ret) {
		init_header(&h, TOY_KIND_NATIVE,
			    ((const Elf64_Ehdr *)elf)->e_machine);
		ret = collect_segments(a->in, elf, len, &h);
	}
	if (ret) {
		free(elf);
		return ret;
	}
	tmp = h;
	size = layout(&tmp, elf, NULL);
	out = calloc(1, size);
	if (!out) {
		free(elf);
		return refuse(a->in, "out of memory");
	}
	layout(&h, elf, out);
	memcpy(out, &h, sizeof(h));
	ret = check_result(a->in, &h, size);
	if (!ret)
		ret = write_out(a->out, out, size);
	free(out);
	free(elf);
	return ret;
}

static int make_interp(const struct args *a)
{
	struct toy_header h;
	unsigned char *prog, *out;
	size_t len;
	int ret;

	if (a->interp[0] != '/' || strlen(a->interp) >= TOY_INTERP_MAX)
		return refuse(a->interp, "the interpreter must be an absolute "
					 "path of at most 63 bytes");
	prog = read_file(a->in, &len);
	if (!prog)
		return 1;
	init_header(&h, TOY_KIND_INTERP, a->machine);
	strcpy(h.interp, a->interp);
	out = malloc(TOY_HEADER_SIZE + len);
	if (!out) {
		free(prog);
		return refuse(a->in, "out of memory");
	}
	memcpy(out, &h, sizeof(h));
	memcpy(out + TOY_HEADER_SIZE, prog, len);
	ret = check_result(a->in, &h, TOY_HEADER_SIZE + len);
	if (!ret)
		ret = write_out(a->out, out, TOY_HEADER_SIZE + len);
	free(out);
	free(prog);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct argp argp = { options, parse_opt, "INPUT", doc,
					  NULL,	   NULL,      NULL };
	struct args a = { .machine = TOY_MACHINE_HOST };
	char *def = NULL;
	int ret;

	argp_parse(&argp, argc, argv, 0, NULL, &a);
	if (!a.out) {
		if (asprintf(&def, "%s.toy", a.in) < 0)
			return 1;
		a.out = def;
	}
	ret = a.interp ? make_interp(&a) : make_native(&a);
	free(def);
	return ret;
}
