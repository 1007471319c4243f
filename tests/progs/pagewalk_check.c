// SPDX-License-Identifier: GPL-2.0
/*
 * pagewalk_check - the oracle side of tests/vm/pagewalk.sh: reads
 * /proc/pagewalk/PID, then at once /proc/PID/pagemap, and compares them
 * frame by frame.
 *
 *   pagewalk_check PID                 every page of every VMA: each page
 *       of a present (or protnone) range must be present in pagemap with
 *       the same frame, and each page pagemap shows present must be in
 *       such a range. Prints "pages N mismatch M missing K levels L";
 *       exit 1 on any difference.
 *   pagewalk_check PID --region S E    counts for [S, E) (hex):
 *       "present=N pm_present=N thp=N zero=N protnone=N pmd=N pte=N"
 *   pagewalk_check PID --pfns S E      the frame of each page of [S, E)
 *       per /proc/pagewalk, one per line (0 if not present)
 *   pagewalk_check PID --swap S E      swap entries of [S, E): type and
 *       offset of each page per /proc/pagewalk against pagemap (bit 62
 *       swapped, bits 0-4 type, 5-54 offset): "pages=N swapped=N
 *       pm_swapped=N match=N"
 *   pagewalk_check FILE --parse        checks that every line of a saved
 *       listing has the documented format; prints "lines N bad M"
 *   pagewalk_check PID --slowread      reads /proc/pagewalk/PID in 4 KiB
 *       reads, pausing 1 ms every 64 KiB, and samples /proc/meminfo
 *       before opening and every 256 KiB: "bytes N kernel_kb K
 *       kernel_grow_max_kb G memfree_drop_max_kb D samples S" where
 *       kernel is Slab + KernelStack + PageTables + VmallocUsed + Percpu
 *       and G, D the largest differences from before opening (negative
 *       when memory only went down)
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PG 4096UL

struct range {
	unsigned long start, end, pfn, swp_off;
	char level[4];
	int present, protnone, thp, zero, swap;
	unsigned int swp_type;
};

static struct range *ranges;
static size_t nranges;
static unsigned long (*vmas)[2];
static size_t nvmas;
static int levels;

static char *read_all(const char *path)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0 || !buf) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(2);
	}
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += n;
		if (cap - len < 4096) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				exit(2);
		}
	}
	if (n < 0) {
		fprintf(stderr, "%s: read: %s\n", path, strerror(errno));
		exit(2);
	}
	close(fd);
	buf[len] = 0;
	return buf;
}

static void add_range(const char *line)
{
	struct range r = { 0 };
	char size[16];

	if (sscanf(line, "0x%lx-0x%lx %15s %3s pfn=0x%lx", &r.start, &r.end,
		   size, r.level, &r.pfn) != 5)
		return;
	r.present = strstr(line, " present") || strstr(line, " valid ");
	r.protnone = strstr(line, " protnone") != NULL;
	r.thp = strstr(line, " thp") != NULL;
	r.zero = strstr(line, " zero") != NULL;
	if (strstr(line, " swap type="))
		r.swap = sscanf(strstr(line, " swap type="),
				" swap type=%u offset=0x%lx", &r.swp_type,
				&r.swp_off) == 2;
	ranges = realloc(ranges, (nranges + 1) * sizeof(*ranges));
	if (!ranges)
		exit(2);
	ranges[nranges++] = r;
}

static void parse(char *text)
{
	char *line, *save = NULL;
	unsigned long s, e;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "# levels %d", &levels) == 1)
			continue;
		if (sscanf(line, "vma 0x%lx-0x%lx", &s, &e) == 2) {
			vmas = realloc(vmas, (nvmas + 1) * sizeof(*vmas));
			if (!vmas)
				exit(2);
			vmas[nvmas][0] = s;
			vmas[nvmas++][1] = e;
		} else if (line[0] == '0') {
			add_range(line);
		}
	}
}

static uint64_t *pagemap(int fd, unsigned long start, unsigned long end)
{
	size_t n = (end - start) / PG;
	uint64_t *pm = calloc(n ? n : 1, sizeof(*pm));

	if (!pm ||
	    pread(fd, pm, n * 8, (off_t)(start / PG * 8)) != (ssize_t)(n * 8)) {
		perror("pagemap");
		exit(2);
	}
	return pm;
}

#define PM_PRESENT(e) (((e) >> 63) & 1)
#define PM_PFN(e) ((e) & ((1ULL << 55) - 1))

/* The range holding @addr, or NULL. */
static struct range *find(unsigned long addr)
{
	size_t lo = 0, hi = nranges;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ranges[mid].end <= addr)
			lo = mid + 1;
		else if (ranges[mid].start > addr)
			hi = mid;
		else
			return &ranges[mid];
	}
	return NULL;
}

static int compare(int fd)
{
	unsigned long pages = 0, bad = 0, missing = 0, a;
	size_t i, j;

	for (i = 0; i < nranges; i++) {
		struct range *r = &ranges[i];
		uint64_t *pm;

		if (!r->present && !r->protnone)
			continue;
		pm = pagemap(fd, r->start, r->end);
		for (j = 0; j < (r->end - r->start) / PG; j++, pages++) {
			if (PM_PRESENT(pm[j]) && PM_PFN(pm[j]) == r->pfn + j)
				continue;
			if (bad++ < 5)
				fprintf(stderr,
					"0x%lx: pagewalk pfn 0x%lx, pagemap %s 0x%llx\n",
					r->start + j * PG, r->pfn + j,
					PM_PRESENT(pm[j]) ? "pfn" : "absent",
					(unsigned long long)PM_PFN(pm[j]));
		}
		free(pm);
	}
	for (i = 0; i < nvmas; i++) {
		uint64_t *pm = pagemap(fd, vmas[i][0], vmas[i][1]);

		for (a = vmas[i][0]; a < vmas[i][1]; a += PG) {
			struct range *r;

			if (!PM_PRESENT(pm[(a - vmas[i][0]) / PG]))
				continue;
			r = find(a);
			if (r && (r->present || r->protnone))
				continue;
			if (missing++ < 5)
				fprintf(stderr,
					"0x%lx: present in pagemap only\n", a);
		}
		free(pm);
	}
	printf("pages %lu mismatch %lu missing %lu levels %d\n", pages, bad,
	       missing, levels);
	return bad || missing || !pages;
}

static void region(int fd, unsigned long s, unsigned long e, int pfns)
{
	unsigned long a, n[7] = { 0 };
	uint64_t *pm = pagemap(fd, s, e);

	for (a = s; a < e; a += PG) {
		struct range *r = find(a);
		int on = r && (r->present || r->protnone);

		if (pfns) {
			printf("%lx\n", on ? r->pfn + (a - r->start) / PG : 0);
			continue;
		}
		n[0] += on;
		n[1] += PM_PRESENT(pm[(a - s) / PG]);
		n[2] += on && r->thp;
		n[3] += on && r->zero;
		n[4] += on && r->protnone;
		n[5] += on && !strcmp(r->level, "pmd");
		n[6] += on && !strcmp(r->level, "pte");
	}
	if (!pfns)
		printf("present=%lu pm_present=%lu thp=%lu zero=%lu protnone=%lu pmd=%lu pte=%lu\n",
		       n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
	free(pm);
}

#define PM_SWAPPED(e) (((e) >> 62) & 1)
#define PM_SWP_TYPE(e) ((e)&31)
#define PM_SWP_OFF(e) (((e) >> 5) & ((1ULL << 50) - 1))

/* Swap entries of [s, e): /proc/pagewalk against pagemap, page by page. */
static int swap_region(int fd, unsigned long s, unsigned long e)
{
	unsigned long a, n = 0, sw = 0, pm_sw = 0, match = 0;
	uint64_t *pm = pagemap(fd, s, e);

	for (a = s; a < e; a += PG, n++) {
		struct range *r = find(a);
		uint64_t v = pm[(a - s) / PG];
		unsigned long off;

		pm_sw += PM_SWAPPED(v);
		if (!r || !r->swap)
			continue;
		sw++;
		off = r->swp_off + (a - r->start) / PG;
		if (PM_SWAPPED(v) && PM_SWP_TYPE(v) == r->swp_type &&
		    PM_SWP_OFF(v) == off && off) {
			match++;
		} else if (sw - match <= 5) {
			fprintf(stderr,
				"0x%lx: pagewalk type %u offset 0x%lx, pagemap %llx\n",
				a, r->swp_type, off, (unsigned long long)v);
		}
	}
	printf("pages=%lu swapped=%lu pm_swapped=%lu match=%lu\n", n, sw, pm_sw,
	       match);
	free(pm);
	return 0;
}

/* Kernel memory in KiB from /proc/meminfo; MemFree in @*memfree. */
static long kernel_kb(long *memfree)
{
	static const char *const keys[] = { "Slab:", "KernelStack:",
					    "PageTables:", "VmallocUsed:",
					    "Percpu:" };
	char line[128], key[32];
	long v, sum = 0;
	size_t i;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		exit(2);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%31s %ld", key, &v) != 2)
			continue;
		if (!strcmp(key, "MemFree:"))
			*memfree = v;
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (!strcmp(key, keys[i]))
				sum += v;
	}
	fclose(f);
	return sum;
}

/* Read the listing slowly in small reads, sampling kernel memory. */
static int slowread(const char *pid)
{
	static char buf[4096];
	struct timespec ms = { 0, 1000000 };
	long k0, f0, k, f, grow = LONG_MIN, drop = LONG_MIN;
	unsigned long bytes = 0, samples = 0;
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/pagewalk/%s", pid);
	memset(buf, 0, sizeof(buf));
	k0 = kernel_kb(&f0);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 2;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		bytes += n;
		if (bytes % (64 << 10) < (unsigned long)n)
			nanosleep(&ms, NULL);
		if (bytes % (256 << 10) >= (unsigned long)n)
			continue;
		k = kernel_kb(&f);
		samples++;
		if (k - k0 > grow)
			grow = k - k0;
		if (f0 - f > drop)
			drop = f0 - f;
	}
	if (n < 0) {
		perror("read");
		return 2;
	}
	close(fd);
	printf("bytes %lu kernel_kb %ld kernel_grow_max_kb %ld "
	       "memfree_drop_max_kb %ld samples %lu\n",
	       bytes, k0, grow, drop, samples);
	return 0;
}

/* Every line of a listing must match the documented format. */
static int check_format(char *text)
{
	unsigned long lines = 0, bad = 0, s, e, pfn;
	char *line, *save = NULL, size[16], level[8], c;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), lines++) {
		if (line[0] == '#')
			continue;
		if (!strncmp(line, "vma 0x", 6) && strlen(line) > 45 &&
		    line[22] == '-' && line[23] == '0')
			continue;
		if (strlen(line) > 40 && line[18] == '-' &&
		    sscanf(line, "0x%16lx-0x%16lx %15s %7s pfn=0x%lx%c", &s, &e,
			   size, level, &pfn, &c) == 6 &&
		    s < e &&
		    (!strcmp(level, "pte") || !strcmp(level, "pmd") ||
		     !strcmp(level, "pud")))
			continue;
		if (bad++ < 5)
			fprintf(stderr, "bad line: %s\n", line);
	}
	printf("lines %lu bad %lu\n", lines, bad);
	return bad || !lines;
}

int main(int argc, char **argv)
{
	char path[64];
	char *text;
	int fd;

	if (argc < 2) {
		fprintf(stderr, "usage: %s PID [--region|--pfns S E]\n",
			argv[0]);
		return 2;
	}
	if (argc == 3 && !strcmp(argv[2], "--parse"))
		return check_format(read_all(argv[1]));
	if (argc == 3 && !strcmp(argv[2], "--slowread"))
		return slowread(argv[1]);
	snprintf(path, sizeof(path), "/proc/pagewalk/%s", argv[1]);
	text = read_all(path);
	snprintf(path, sizeof(path), "/proc/%s/pagemap", argv[1]);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		perror(path);
		return 2;
	}
	parse(text);
	if (argc == 5 &&
	    (!strcmp(argv[2], "--region") || !strcmp(argv[2], "--pfns"))) {
		region(fd, strtoul(argv[3], NULL, 16),
		       strtoul(argv[4], NULL, 16), argv[2][2] == 'p');
		return 0;
	}
	if (argc == 5 && !strcmp(argv[2], "--swap"))
		return swap_region(fd, strtoul(argv[3], NULL, 16),
				   strtoul(argv[4], NULL, 16));
	return compare(fd);
}
