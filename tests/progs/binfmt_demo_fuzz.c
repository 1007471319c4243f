// SPDX-License-Identifier: GPL-2.0
/*
 * binfmt_demo_fuzz - execute thousands of mutated toy files and check that
 * the kernel refuses each exactly as the shared rules of include/toyexec.h
 * predict, for the binfmt_demo tests.
 *
 *   binfmt_demo_fuzz SEED COUNT DIR BASE.toy...
 *
 * Each round copies a base file, mutates its header (bit flips, chosen
 * fields set to edge values, random bytes, truncation), writes it as
 * DIR/fuzz.toy and execve()s it in a child running as nobody (uid 65534)
 * with a 3 s alarm. The prediction is "not ours" without the magic, else
 * toy_check(); a refusal must carry the predicted error, a run must have
 * been predicted valid.
 *
 * Prints "seed N", then "name count" lines: execs, mismatches, ran,
 * handoff_failed (valid interpreted files whose interpreter could not be
 * executed, e.g. a mutated path), not_ours
 * (split by whether the first 4 bytes are printable: the kernel retries
 * those that are not after request_module) and rejected_RULE.
 * Exit status 1 if any prediction was wrong.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "toyexec.h"

struct base {
	unsigned char *buf;
	size_t len;
};

static unsigned long long rng_state;

static unsigned long long rnd(void)
{
	/* xorshift64*: reproducible from the printed seed. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static const unsigned long long edges[] = {
	0,
	1,
	0xfff,
	0x1000,
	0x10000,
	0x400000,
	0x401000,
	TOY_VADDR_END - 0x1000,
	TOY_VADDR_END,
	0x7fffffffffffULL,
	~0ULL,
	~0ULL - 0xfff,
	1ULL << 63,
};

static void set_field(unsigned char *hdr)
{
	struct toy_header *h = (struct toy_header *)hdr;
	unsigned long long v = rnd() % 3 ? edges[rnd() % 13] : rnd();
	struct toy_segment *s = &h->seg[rnd() % TOY_MAX_SEGS];

	switch (rnd() % 12) {
	case 0:
		h->version = v;
		break;
	case 1:
		h->kind = v;
		break;
	case 2:
		h->nsegs = rnd() % 6;
		break;
	case 3:
		h->entry = v;
		break;
	case 4:
		s->vaddr = v;
		break;
	case 5:
		s->offset = v;
		break;
	case 6:
		s->filesz = v;
		break;
	case 7:
		s->memsz = v;
		break;
	case 8:
		s->flags = rnd() % 9;
		break;
	case 9:
		h->interp[rnd() % TOY_INTERP_MAX] = rnd();
		break;
	case 10:
		s->vaddr += (rnd() % 5 - 2) * 0x1000;
		break;
	default:
		h->machine = v;
		break;
	}
}

/* Mutate buf (len bytes, at least the header) in place; returns new len. */
static size_t mutate(unsigned char *buf, size_t len)
{
	int i, n;

	switch (rnd() % 8) {
	case 0:
	case 1:
		n = 1 + rnd() % 4;
		for (i = 0; i < n; i++)
			buf[4 + rnd() % (TOY_HEADER_SIZE - 4)] ^=
				1 << (rnd() % 8);
		break;
	case 2:
	case 3:
	case 4:
		n = 1 + rnd() % 3;
		for (i = 0; i < n; i++)
			set_field(buf);
		break;
	case 5:
		n = 4 + rnd() % (TOY_HEADER_SIZE - 4);
		for (i = n; i < TOY_HEADER_SIZE; i++)
			buf[i] = rnd();
		break;
	case 6:
		return rnd() % len;
	default:
		buf[rnd() % 4] ^= 1 << (rnd() % 8);
		break;
	}
	return len;
}

static int printable(unsigned char c)
{
	return c == '\t' || c == '\n' || (c >= 0x20 && c <= 0x7e);
}

/* -1: not ours; else the toy_reason the kernel must report. */
static int predict(const unsigned char *buf, size_t len)
{
	struct toy_header h;

	memset(&h, 0, sizeof(h));
	memcpy(&h, buf, len < sizeof(h) ? len : sizeof(h));
	if (!toy_is_toy(&h, sizeof(h)))
		return -1;
	return toy_check(&h, len);
}

/* Run path in a child; returns 0 if it ran, else the execve errno. */
static int run(const char *path)
{
	char *argv[] = { "fuzz", NULL }, *envp[] = { NULL };
	int p[2], err = 0, st;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		if (setgid(65534) || setuid(65534))
			_exit(126);
		alarm(3);
		execve(path, argv, envp);
		err = errno;
		if (write(p[1], &err, sizeof(err)) != sizeof(err))
			_exit(125);
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(p[0]);
	waitpid(pid, &st, 0);
	return err;
}

static int load(const char *path, struct base *b)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st) || st.st_size < TOY_HEADER_SIZE)
		return -1;
	b->len = st.st_size;
	b->buf = malloc(b->len);
	if (!b->buf || read(fd, b->buf, b->len) != (ssize_t)b->len)
		return -1;
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	long count, i, execs = 0, bad = 0, ran = 0, nop = 0, nonp = 0,
		       hfail = 0;
	long rej[TOY_R_NR] = { 0 };
	struct base base[8];
	unsigned char *buf;
	char path[512];
	int nbase, b, r, err, want;
	size_t len;

	if (argc < 5 || argc > 12) {
		fprintf(stderr, "usage: %s SEED COUNT DIR BASE.toy...\n",
			argv[0]);
		return 2;
	}
	rng_state = strtoull(argv[1], NULL, 0) | 1;
	count = atol(argv[2]);
	snprintf(path, sizeof(path), "%s/fuzz.toy", argv[3]);
	nbase = argc - 4;
	for (b = 0; b < nbase; b++)
		if (load(argv[4 + b], &base[b])) {
			fprintf(stderr, "fuzz: cannot load %s\n", argv[4 + b]);
			return 2;
		}
	printf("seed %s\n", argv[1]);
	for (i = 0; i < count; i++) {
		b = rnd() % nbase;
		buf = malloc(base[b].len);
		memcpy(buf, base[b].buf, base[b].len);
		len = mutate(buf, base[b].len);
		r = predict(buf, len);
		unlink(path);
		err = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
		if (err < 0 || write(err, buf, len) != (ssize_t)len ||
		    close(err)) {
			perror(path);
			return 2;
		}
		err = run(path);
		execs++;
		want = r < 0 ? ENOEXEC : -toy_reason_errno(r);
		if (r == TOY_OK && err &&
		    ((struct toy_header *)buf)->kind == TOY_KIND_INTERP) {
			hfail++; /* e.g. a mutated interpreter path */
		} else if (err != want) {
			if (bad++ < 10)
				fprintf(stderr,
					"fuzz: round %ld: predicted %s (%s), "
					"got %s\n",
					i,
					r < 0 ? "not ours" : toy_reason_name(r),
					strerrorname_np(want),
					err ? strerrorname_np(err) : "a run");
		} else if (r < 0) {
			if (printable(buf[0]) && printable(buf[1]) &&
			    printable(buf[2]) && printable(buf[3]))
				nop++;
			else
				nonp++;
		} else if (r == TOY_OK) {
			ran++;
		} else {
			rej[r]++;
		}
		free(buf);
	}
	printf("execs %ld\nmismatches %ld\nran %ld\n", execs, bad, ran);
	printf("handoff_failed %ld\n", hfail);
	printf("not_ours_printable %ld\nnot_ours_other %ld\n", nop, nonp);
	for (r = TOY_OK + 1; r < TOY_R_NR; r++)
		printf("rejected_%s %ld\n", toy_reason_name(r), rej[r]);
	return bad ? 1 : 0;
}
