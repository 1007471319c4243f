// SPDX-License-Identifier: GPL-2.0
/*
 * toydump - print and validate a toy executable (include/toyexec.h), like
 * `readelf -h -l`, with exactly the rules the binfmt_demo module applies
 * (they are the same inline functions of toyexec.h).
 *
 * Exit status: 0 valid, 1 breaks a rule, 2 not a toy file or unreadable.
 */
#include <argp.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "toyexec.h"

static const char doc[] =
	"Print the header and segments of a toy executable and check it with "
	"the kernel module's rules.\v"
	"EXAMPLES:\n"
	"  toydump hello.toy          # header, segments, verdict\n"
	"  toydump --json hello.toy   # the same as JSON\n"
	"Exit status: 0 valid, 1 invalid, 2 not a toy file.";

static struct argp_option options[] = {
	{ "json", 'j', NULL, 0, "Print JSON", 0 },
	{ NULL, 'h', NULL, 0, "Give this help list", -1 },
	{ 0 }
};

struct args {
	const char *file;
	int json;
};

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct args *a = state->input;

	switch (key) {
	case 'j':
		a->json = 1;
		break;
	default:
		return args_one_operand(key, arg, state, &a->file);
	}
	return 0;
}

static const char *kind_name(int kind)
{
	if (kind == TOY_KIND_NATIVE)
		return "native";
	if (kind == TOY_KIND_INTERP)
		return "interpreted";
	return "unknown";
}

static void flag_str(unsigned int f, char *s)
{
	s[0] = (f & TOY_SEG_R) ? 'R' : ' ';
	s[1] = (f & TOY_SEG_W) ? 'W' : ' ';
	s[2] = (f & TOY_SEG_X) ? 'E' : ' ';
	s[3] = 0;
}

/* The same flags without the text column's padding: "R", "RW", "RE". */
static void flag_compact(unsigned int f, char *s)
{
	int k = 0;

	if (f & TOY_SEG_R)
		s[k++] = 'R';
	if (f & TOY_SEG_W)
		s[k++] = 'W';
	if (f & TOY_SEG_X)
		s[k++] = 'E';
	s[k] = 0;
}

static void print_text(const struct toy_header *h, __u64 size,
		       enum toy_reason r)
{
	char fl[4];
	int i, n = h->nsegs < TOY_MAX_SEGS ? h->nsegs : TOY_MAX_SEGS;

	printf("Toy header:\n");
	printf("  Magic:       %02x %02x %02x %02x\n", h->magic[0], h->magic[1],
	       h->magic[2], h->magic[3]);
	printf("  Version:     %u\n", h->version);
	printf("  Kind:        %s (%u)\n", kind_name(h->kind), h->kind);
	printf("  Machine:     %s (%u)\n", toy_machine_name(h->machine),
	       h->machine);
	printf("  Header size: %u bytes\n", h->header_size);
	printf("  File size:   %llu bytes\n", (unsigned long long)size);
	printf("  Entry point: 0x%llx\n", (unsigned long long)h->entry);
	printf("  Segments:    %u\n", h->nsegs);
	if (h->kind == TOY_KIND_INTERP)
		printf("  Interpreter: %.*s\n", TOY_INTERP_MAX, h->interp);
	if (n) {
		printf("\nSegments:\n");
		printf("  Idx VirtAddr           Offset     FileSiz    "
		       "MemSiz     Flg\n");
	}
	for (i = 0; i < n; i++) {
		const struct toy_segment *s = &h->seg[i];

		flag_str(s->flags, fl);
		printf("  %-3d 0x%016llx 0x%08llx 0x%08llx 0x%08llx %s\n", i,
		       (unsigned long long)s->vaddr,
		       (unsigned long long)s->offset,
		       (unsigned long long)s->filesz,
		       (unsigned long long)s->memsz, fl);
	}
	if (r == TOY_OK && h->machine != TOY_MACHINE_HOST)
		printf("\nValid: the kernel module of an %s kernel would accept "
		       "this file; this machine's (%s) refuses it: rule "
		       "'machine', ENOEXEC.\n",
		       toy_machine_name(h->machine),
		       toy_machine_name(TOY_MACHINE_HOST));
	else if (r == TOY_OK)
		printf("\nValid: the kernel module would accept this file.\n");
	else
		printf("\nInvalid: rule '%s' is broken; the kernel refuses it "
		       "with %s (%s).\n",
		       toy_reason_name(r),
		       strerrorname_np(-toy_reason_errno(r)),
		       strerror(-toy_reason_errno(r)));
}

static void print_json(const struct toy_header *h, __u64 size,
		       enum toy_reason r)
{
	struct json_object *o = json_object_new_object();
	struct json_object *segs = json_object_new_array();
	int i, n = h->nsegs < TOY_MAX_SEGS ? h->nsegs : TOY_MAX_SEGS;

	json_object_object_add(o, "version", json_object_new_int(h->version));
	json_object_object_add(o, "kind",
			       json_object_new_string(kind_name(h->kind)));
	json_object_object_add(o, "machine", json_object_new_int(h->machine));
	json_object_object_add(
		o, "machine_name",
		json_object_new_string(toy_machine_name(h->machine)));
	json_object_object_add(o, "file_size", json_object_new_int64(size));
	json_object_object_add(o, "entry", json_object_new_int64(h->entry));
	if (h->kind == TOY_KIND_INTERP)
		json_object_object_add(
			o, "interpreter",
			json_object_new_string_len(
				h->interp, strnlen(h->interp, TOY_INTERP_MAX)));
	for (i = 0; i < n; i++) {
		struct json_object *s = json_object_new_object();
		char fl[4];

		flag_compact(h->seg[i].flags, fl);
		json_object_object_add(s, "vaddr",
				       json_object_new_int64(h->seg[i].vaddr));
		json_object_object_add(s, "offset",
				       json_object_new_int64(h->seg[i].offset));
		json_object_object_add(s, "filesz",
				       json_object_new_int64(h->seg[i].filesz));
		json_object_object_add(s, "memsz",
				       json_object_new_int64(h->seg[i].memsz));
		json_object_object_add(s, "flags", json_object_new_string(fl));
		json_object_array_add(segs, s);
	}
	json_object_object_add(o, "segments", segs);
	json_object_object_add(o, "valid",
			       json_object_new_boolean(r == TOY_OK));
	json_object_object_add(o, "rule",
			       json_object_new_string(toy_reason_name(r)));
	json_object_object_add(o, "errno",
			       json_object_new_int(-toy_reason_errno(r)));
	printf("%s\n", json_object_to_json_string_ext(
			       o, JSON_C_TO_STRING_PRETTY |
					  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

int main(int argc, char **argv)
{
	static const struct argp argp = { options, parse_opt, "FILE", doc,
					  NULL,	   NULL,      NULL };
	struct args a = { 0 };
	struct toy_header h;
	struct stat st;
	enum toy_reason r;
	size_t n;
	FILE *f;

	argp_parse(&argp, argc, argv, 0, NULL, &a);
	f = fopen(a.file, "rb");
	if (!f || fstat(fileno(f), &st)) {
		fprintf(stderr, "toydump: %s: %s\n", a.file, strerror(errno));
		return 2;
	}
	memset(&h, 0, sizeof(h));
	n = fread(&h, 1, sizeof(h), f);
	fclose(f);
	if (!toy_is_toy(&h, n)) {
		fprintf(stderr,
			"toydump: %s: not a toy executable (no magic "
			"b7 54 4f 59)\n",
			a.file);
		return 2;
	}
	/*
   * A file for the other known machine is checked with the rules of
   * that machine's kernel (mktoy cross-converts); any other machine
   * with this one's, which refuse it.
   */
	r = toy_check_for(&h, st.st_size,
			  toy_machine_known(h.machine) ? h.machine :
							 TOY_MACHINE_HOST);
	if (a.json)
		print_json(&h, st.st_size, r);
	else
		print_text(&h, st.st_size, r);
	return r == TOY_OK ? 0 : 1;
}
