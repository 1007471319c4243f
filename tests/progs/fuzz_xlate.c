// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_xlate - seeded fuzzer of pagewalk's ioctl on /proc/pagewalk/self, for
 * tests/vm/fuzz.sh (run as root). Each case is one ioctl() with a random
 * command or PAGEWALK_IOC_XLATE with a random address and garbage in every
 * other field, or a bad argument pointer; the result is checked against
 * docs/pagewalk.md:
 *   - a command other than PAGEWALK_IOC_XLATE: ENOTTY;
 *   - an argument pointer that cannot be read: EFAULT;
 *   - a non-canonical address: EINVAL;
 *   - a user address outside every VMA of /proc/self/maps: stop NO_VMA;
 *   - one inside a VMA: stop PAGE, NONE or NOT_PRESENT, and PAGE exactly when
 *     /proc/self/pagemap says present, with the same frame;
 *   - a kernel-half address: stop KERNEL, or a walk flagged
 *     PAGEWALK_XLATE_KERNEL (the kernel image); also stop KERNEL for the
 *     last page of the user half, above TASK_SIZE_MAX, which no process
 *     can map (docs/pagewalk.md says "kernel half" only);
 *   - the input fields other than addr are ignored.
 *
 *   fuzz_xlate SEED CASES
 *
 * Prints "seed N", "cases N", "mismatches N" (the first 20 described on
 * stderr). Exit status 1 on any mismatch.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pagewalk.h"

#define MAX_VMAS 256

static unsigned long long rng;
static unsigned long vma_start[MAX_VMAS], vma_end[MAX_VMAS];
static int nvmas, pagemap_fd, levels;
static long long mismatches;
static long case_no;

static unsigned long long rnd(void)
{
	/* xorshift64*: reproducible from the printed seed. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static void load_maps(void)
{
	unsigned long s, e;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f) && nvmas < MAX_VMAS)
		if (sscanf(line, "%lx-%lx", &s, &e) == 2 && !(s >> 63)) {
			vma_start[nvmas] = s;
			vma_end[nvmas++] = e;
		}
	if (f)
		fclose(f);
}

static int in_vma(unsigned long a)
{
	int i;

	for (i = 0; i < nvmas; i++)
		if (a >= vma_start[i] && a < vma_end[i])
			return 1;
	return 0;
}

#ifdef __aarch64__
/*
 * arm64 (4 KiB pages, as Debian's kernels): the user half is [0, 2^va)
 * (TTBR0_EL1), the kernel half its mirror at the top (TTBR1_EL1); va is
 * 52 with 5 levels (FEAT_LPA2), else 48. No guard page below the end.
 */
static int va_bits(void)
{
	return levels == 5 ? 52 : 48;
}

static int canonical(unsigned long long a)
{
	int b = va_bits();

	return a >> 63 ? (a >> b) == (~0ULL >> b) : !(a >> b);
}

static int kernel_half(unsigned long long a)
{
	return a >> 63;
}

/* The first address past the user half. */
static unsigned long long user_end(void)
{
	return 1ULL << va_bits();
}
#else
/* x86-64: bits 63..47 (63..56 with LA57) all equal. */
static int canonical(unsigned long long a)
{
	int bits = levels == 5 ? 57 : 48;
	long long s = (long long)(a << (64 - bits)) >> (64 - bits);

	return (unsigned long long)s == a;
}

static unsigned long long user_end(void)
{
	return 1ULL << (levels == 5 ? 56 : 47);
}

/* TASK_SIZE_MAX: the last user page is never mapped (as kernel) */
static int kernel_half(unsigned long long a)
{
	return a >> 63 || a >= user_end() - 4096;
}
#endif

static void bad(const char *what, unsigned long long cmd, unsigned long long a,
		const char *detail)
{
	if (++mismatches > 20)
		return;
	fprintf(stderr, "case %ld: %s: cmd 0x%llx addr 0x%llx: %s\n", case_no,
		what, cmd, a, detail);
}

static void fill_garbage(struct pagewalk_xlate *x)
{
	unsigned char *p = (unsigned char *)x;
	size_t i;

	for (i = 0; i < sizeof(*x); i++)
		p[i] = (unsigned char)rnd();
}

static unsigned long long pick_addr(void)
{
	unsigned long long a;
	int i = nvmas ? (int)(rnd() % nvmas) : 0;

	switch (rnd() % 8) {
	case 0:
		return rnd(); /* anything, mostly non-canonical */
	case 1:
		return rnd() & ((1ULL << 47) - 1); /* a user address */
	case 2: /* inside a VMA */
		return vma_start[i] + rnd() % (vma_end[i] - vma_start[i]);
	case 3: /* around a VMA's ends */
		a = rnd() % 2 ? vma_start[i] : vma_end[i];
		return a + (rnd() % 3) - 1;
	case 4: /* the kernel image and modules area */
		return 0xffffffff80000000ULL + (rnd() & 0x7fffffffULL);
	case 5: /* the kernel half */
		return 0xffff800000000000ULL | rnd();
	case 6: /* the canonical boundaries */
		a = user_end();
		return (rnd() % 2 ? a : -a) + (rnd() % 3) - 1;
	default:
		return rnd() % 2 ? 0 : ~0ULL;
	}
}

static void check_xlate(int fd, unsigned long long a)
{
	struct pagewalk_xlate x;
	unsigned long long pm = 0;
	char d[160];
	int r, e;

	fill_garbage(&x);
	x.addr = a;
	r = ioctl(fd, PAGEWALK_IOC_XLATE, &x);
	e = errno;
	if (!canonical(a)) {
		if (r != -1 || e != EINVAL)
			bad("non-canonical", PAGEWALK_IOC_XLATE, a,
			    r ? strerrorname_np(e) : "accepted");
		return;
	}
	if (r) {
		bad("canonical refused", PAGEWALK_IOC_XLATE, a,
		    strerrorname_np(e));
		return;
	}
	if (kernel_half(a)) {
		if (x.stop != PAGEWALK_STOP_KERNEL &&
		    !(x.flags & PAGEWALK_XLATE_KERNEL)) {
			snprintf(d, sizeof(d), "stop %u flags %u", x.stop,
				 x.flags);
			bad("kernel half", PAGEWALK_IOC_XLATE, a, d);
		}
		return;
	}
	if (!in_vma(a)) {
		if (x.stop != PAGEWALK_STOP_NO_VMA) {
			snprintf(d, sizeof(d), "stop %u, want NO_VMA", x.stop);
			bad("outside VMAs", PAGEWALK_IOC_XLATE, a, d);
		}
		return;
	}
	if (pread(pagemap_fd, &pm, 8, (off_t)(a >> 12) * 8) != 8)
		pm = 0;
	if ((pm >> 63) != (x.stop == PAGEWALK_STOP_PAGE) ||
	    (x.stop == PAGEWALK_STOP_PAGE &&
	     (x.phys >> 12) != (pm & ((1ULL << 55) - 1))) ||
	    x.stop > PAGEWALK_STOP_NOT_PRESENT) {
		snprintf(d, sizeof(d), "stop %u phys 0x%llx, pagemap 0x%llx",
			 x.stop, (unsigned long long)x.phys, pm);
		bad("inside a VMA", PAGEWALK_IOC_XLATE, a, d);
	}
}

static void check_cmd(int fd)
{
	struct pagewalk_xlate x;
	unsigned long long cmd;
	int r;

	switch (rnd() % 3) {
	case 0: /* our magic, another number, size or direction */
		cmd = _IOC(rnd() % 4, PAGEWALK_IOC_MAGIC, rnd() % 256,
			   rnd() % 2 ? sizeof(x) : rnd() % 1024);
		break;
	case 1: /* a random command of a type the VFS does not take */
		cmd = (unsigned int)rnd();
		if (((cmd >> 8) & 0xff) == 'T' || ((cmd >> 8) & 0xff) == 'X' ||
		    ((cmd >> 8) & 0xff) == 'f' || ((cmd >> 8) & 0xff) == 0x94 ||
		    ((cmd >> 8) & 0xff) == 0)
			cmd ^= 0x100;
		break;
	default: /* the right number, the wrong size */
		cmd = _IOWR(PAGEWALK_IOC_MAGIC, 1, int);
	}
	if ((unsigned int)cmd == PAGEWALK_IOC_XLATE)
		return;
	fill_garbage(&x);
	x.addr = 0x400000;
	r = ioctl(fd, (unsigned int)cmd, &x);
	if (r != -1 || errno != ENOTTY)
		bad("unknown command", cmd, 0,
		    r ? strerrorname_np(errno) : "accepted");
}

static void check_fault(int fd, void *hole)
{
	static const unsigned long long ptrs[] = {
		0,
		1,
		0xffff888000000000ULL,
		0xffffffffff600000ULL,
	};
	unsigned long long p;
	int r;

	switch (rnd() % 3) {
	case 0:
		p = (unsigned long long)(unsigned long)hole;
		break;
	case 1: /* the struct's tail in the unmapped page */
		p = (unsigned long long)(unsigned long)hole -
		    sizeof(struct pagewalk_xlate) / 2;
		break;
	default:
		p = ptrs[rnd() % 4];
	}
	if (p == (unsigned long long)(unsigned long)hole -
			 sizeof(struct pagewalk_xlate) / 2)
		((struct pagewalk_xlate *)(unsigned long)p)->addr = 0x400000;
	r = ioctl(fd, PAGEWALK_IOC_XLATE, (void *)(unsigned long)p);
	if (r != -1 || errno != EFAULT)
		bad("bad pointer", PAGEWALK_IOC_XLATE, p,
		    r ? strerrorname_np(errno) : "accepted");
}

int main(int argc, char **argv)
{
	struct pagewalk_xlate x = { .addr = 0x400000 };
	unsigned char *area;
	long cases;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: fuzz_xlate SEED CASES\n");
		return 2;
	}
	rng = strtoull(argv[1], NULL, 0) * 2 + 1;
	cases = strtol(argv[2], NULL, 0);
	fd = open("/proc/pagewalk/self", O_RDONLY);
	pagemap_fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0 || pagemap_fd < 0) {
		perror("open /proc/pagewalk/self or /proc/self/pagemap");
		return 2;
	}
	/* Two pages, the second unmapped: a hole after readable memory. */
	area = mmap(NULL, 8192, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (area == MAP_FAILED || munmap(area + 4096, 4096))
		return 2;
	if (ioctl(fd, PAGEWALK_IOC_XLATE, &x)) {
		perror("PAGEWALK_IOC_XLATE");
		return 2;
	}
	levels = (int)x.levels;
	printf("seed %s\nlevels %d\n", argv[1], levels);
	fflush(stdout);
	load_maps(); /* after stdio's buffer exists: no mapping changes now */
	for (case_no = 0; case_no < cases; case_no++) {
		unsigned int how = rnd() % 10;

		if (how == 0)
			check_cmd(fd);
		else if (how == 1)
			check_fault(fd, area + 4096);
		else
			check_xlate(fd, pick_addr());
	}
	printf("cases %ld\nmismatches %lld\n", cases, mismatches);
	return mismatches ? 1 : 0;
}
