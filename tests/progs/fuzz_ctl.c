// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_ctl - seeded fuzzer of one writable file of the suite's modules, for
 * tests/vm/fuzz.sh. Every write is predicted by a model of the file's
 * documented grammar (docs/<module>.md, and the kernel's kstrto*() rules
 * for numbers); the write's result (byte count or errno) must be the
 * predicted one, and the file's readable state afterwards must equal the
 * model's (so a rejected write changed nothing, an accepted one did exactly
 * what it says).
 *
 *   fuzz_ctl KIND FILE STATEFILE SEED CASES
 *
 * KIND:
 *   sched    /proc/sched_probe/control; state: first 2 lines of status
 *   syscall  /proc/syscall_probe/control; state: first 2 lines of status
 *   bool     a bool module parameter (sysfs); state: the file itself
 *   uint     a uint module parameter (sysfs); state: the file itself
 *
 * Cases: random bytes, long lines, valid commands (also with a trailing
 * newline), near misses (valid verbs with bad, negative, overflowing, hex,
 * signed or padded numbers, bad names, extra words, embedded NUL, tab, CR,
 * newline), one-byte mutations of valid commands, a command split over
 * two writes (partial writes), writes at a file offset (pwrite), zero-length
 * writes and buffers whose tail is unmapped (EFAULT).
 *
 * Prints "seed N", "cases N", "writes N", "accepted N", "mismatches N";
 * the first 20 mismatches are described on stderr with the case number
 * (rerun with the same SEED to reproduce). Exit status 1 on any mismatch.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CTL_MAX 64 /* both control files: a write of 64+ is EINVAL */
#define SYSFS_MAX 4096 /* sysfs takes at most one page per write */
#define PF_KTHREAD 0x00200000
#define PID_MAX_LIMIT 4194304
#define COMM_LEN 16

/*
 * Two behaviours of the modules at the time of writing that the lead may
 * change (patches /work/patches/demo4-1.diff and demo4-2.diff): set to 1
 * when a patch is applied.
 *   NUL_REFUSED_SYSCALL: syscall_probe's control refuses a write with an
 *     embedded NUL (EINVAL, like sched_probe); before: the command ends at
 *     the NUL ("enable\0junk" enables).
 *   RANGE_CHECKED_RESCHED: pagewalk's resched_pages refuses values outside
 *     1-65536 (EINVAL) at run time; before: any unsigned int is stored (and
 *     clamped where it is used).
 */
#define NUL_REFUSED_SYSCALL 1

enum kind { K_SCHED, K_SYSCALL, K_BOOL, K_UINT };

static enum kind kind;
static const char *file, *statefile;
static unsigned long long rng;
static char model[256]; /* the state the model expects */
static long long n_writes, n_accepted, n_mismatch;
static unsigned char *guard; /* a page followed by an unmapped page */
static long case_no;

static unsigned long long rnd(void)
{
	/* xorshift64*: reproducible from the printed seed. */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static unsigned int below(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

/* --- the kernel's number parsing (lib/kstrtox.c) ------------------------ */

/* _kstrtoull(): 0, -EINVAL or -ERANGE. */
static int k_strtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long r = 0;
	int n = 0, ovf = 0;

	if (base == 0) {
		if (s[0] == '0' && tolower((unsigned char)s[1]) == 'x' &&
		    isxdigit((unsigned char)s[2]))
			base = 16;
		else if (s[0] == '0')
			base = 8;
		else
			base = 10;
	}
	if (base == 16 && s[0] == '0' && tolower((unsigned char)s[1]) == 'x')
		s += 2;
	for (;; s++, n++) {
		unsigned int c = (unsigned char)*s, v;

		if (c >= '0' && c <= '9')
			v = c - '0';
		else if (tolower(c) >= 'a' && tolower(c) <= 'f')
			v = tolower(c) - 'a' + 10;
		else
			break;
		if (v >= base)
			break;
		if (r > (ULLONG_MAX - v) / base)
			ovf = 1;
		r = r * base + v;
	}
	if (ovf)
		return -ERANGE;
	if (!n)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = r;
	return 0;
}

static int k_kstrtoull(const char *s, unsigned int base, unsigned long long *r)
{
	if (s[0] == '+')
		s++;
	return k_strtoull(s, base, r);
}

static int k_kstrtoint(const char *s, int *res)
{
	unsigned long long t;
	int ret;

	if (s[0] == '-') {
		ret = k_strtoull(s + 1, 10, &t);
		if (ret)
			return ret;
		if (t > 2147483648ULL)
			return -ERANGE;
		*res = (int)-(long long)t;
		return 0;
	}
	ret = k_kstrtoull(s, 10, &t);
	if (ret)
		return ret;
	if (t > INT_MAX)
		return -ERANGE;
	*res = (int)t;
	return 0;
}

/* The kernel's isspace(): also 0xa0 (Latin-1 no-break space). */
static int k_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

/* --- models: errno (0 = accepted) and the new state in model[] ----------- */

/* A filter comm as the state shows it: newline and backslash escaped. */
static const char *escaped(const char *name)
{
	static char out[2 * COMM_LEN + 1];
	size_t o = 0;

	for (; *name && o + 2 < sizeof(out); name++) {
		if (*name == '\n' || *name == '\\') {
			out[o++] = '\\';
			out[o++] = *name == '\n' ? 'n' : '\\';
		} else {
			out[o++] = *name;
		}
	}
	out[o] = '\0';
	return out;
}

static int sched_model(const char *buf, size_t len)
{
	char c[CTL_MAX], *arg, *what;
	int enabled, pid;
	char filt[128];

	if (!len || len >= CTL_MAX)
		return EINVAL;
	memcpy(c, buf, len);
	c[len] = '\0';
	if (c[len - 1] == '\n')
		c[--len] = '\0';
	if (strlen(c) != len || strcspn(c, "\n\t\r") != len)
		return EINVAL;
	sscanf(model, "enabled %d", &enabled);
	strcpy(filt, strchr(model, '\n') + 1);
	if (!strcmp(c, "reset"))
		return 0;
	if (!strcmp(c, "enable") || !strcmp(c, "disable")) {
		snprintf(model, sizeof(model), "enabled %d\n%s", c[0] == 'e',
			 filt);
		return 0;
	}
	if (strncmp(c, "filter ", 7))
		return EINVAL;
	arg = c + 7;
	what = strsep(&arg, " ");
	if (!strcmp(what, "none") && !arg) {
		snprintf(model, sizeof(model), "enabled %d\nfilter none\n",
			 enabled);
		return 0;
	}
	if (!arg || !*arg || strchr(arg, ' '))
		return EINVAL;
	if (!strcmp(what, "pid")) {
		if (k_kstrtoint(arg, &pid) || pid < 1 || pid > PID_MAX_LIMIT)
			return EINVAL;
		snprintf(model, sizeof(model), "enabled %d\nfilter pid %d\n",
			 enabled, pid);
		return 0;
	}
	if (!strcmp(what, "comm") && strlen(arg) < COMM_LEN) {
		snprintf(model, sizeof(model), "enabled %d\nfilter comm %s\n",
			 enabled, escaped(arg));
		return 0;
	}
	return EINVAL;
}

/* 0 and the thread group of @pid, ESRCH or EINVAL (kernel thread). */
static int task_of(int pid, int *tgid)
{
	char path[64], line[256];
	unsigned long flags = 0;
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	if (!f)
		return ESRCH;
	if (fgets(line, sizeof(line), f)) {
		char *p = strrchr(line, ')');

		/* Field 9 (flags) is the 7th after the comm. */
		for (i = 0; p && i < 7; i++)
			p = strchr(p + 1, ' ');
		if (p)
			flags = strtoul(p + 1, NULL, 10);
	}
	fclose(f);
	if (flags & PF_KTHREAD)
		return EINVAL;
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return ESRCH;
	*tgid = pid;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", tgid) == 1)
			break;
	fclose(f);
	return 0;
}

static int syscall_model(const char *buf, size_t len)
{
	char c[CTL_MAX], *s, *e, *tok, *w[5];
	int n = 0, enabled, pid, tgid, ret;

	if (!len || len >= CTL_MAX)
		return EINVAL;
	memcpy(c, buf, len);
	c[len] = '\0';
	if (NUL_REFUSED_SYSCALL && strlen(c) != len)
		return EINVAL;
	/* strim(): the text up to the first NUL, without outer blanks. */
	s = c;
	e = s + strlen(s);
	while (e > s && k_isspace((unsigned char)e[-1]))
		*--e = '\0';
	while (k_isspace((unsigned char)*s))
		s++;
	while ((tok = strsep(&s, " \t")) != NULL) {
		if (!*tok)
			continue;
		if (n == 5)
			return EINVAL;
		w[n++] = tok;
	}
	if (!n)
		return EINVAL;
	sscanf(model, "enabled %d", &enabled);
	if (n == 1 && (!strcmp(w[0], "enable") || !strcmp(w[0], "disable"))) {
		char filt[128];

		strcpy(filt, strchr(model, '\n') + 1);
		snprintf(model, sizeof(model), "enabled %d\n%s", w[0][0] == 'e',
			 filt);
		return 0;
	}
	if (n == 1 && !strcmp(w[0], "reset"))
		return 0;
	if (n < 2 || strcmp(w[0], "filter"))
		return EINVAL;
	if (n == 2 && !strcmp(w[1], "none")) {
		snprintf(model, sizeof(model), "enabled %d\nfilter none\n",
			 enabled);
		return 0;
	}
	if (n == 3 && !strcmp(w[1], "comm")) {
		if (strlen(w[2]) >= COMM_LEN)
			return EINVAL;
		snprintf(model, sizeof(model), "enabled %d\nfilter comm %s\n",
			 enabled, escaped(w[2]));
		return 0;
	}
	if ((n != 3 && n != 4) || strcmp(w[1], "pid"))
		return EINVAL;
	if (n == 4 && strcmp(w[3], "children"))
		return EINVAL;
	if (k_kstrtoint(w[2], &pid) || pid <= 0)
		return EINVAL;
	ret = task_of(pid, &tgid);
	if (ret)
		return ret;
	snprintf(model, sizeof(model), "enabled %d\nfilter pid %d%s\n", enabled,
		 tgid, n == 4 ? " children" : "");
	return 0;
}

#define RANGE_CHECKED_RESCHED 1

/* sysfs: at most a page is taken, the set() function sees a C string. */
static int param_model(const char *buf, size_t len, size_t *taken)
{
	char c[SYSFS_MAX + 1];
	unsigned long long v;
	int ret;

	*taken = len < SYSFS_MAX ? len : SYSFS_MAX;
	if (!*taken)
		return 0;
	memcpy(c, buf, *taken);
	c[*taken] = '\0';
	if (kind == K_BOOL) {
		/*
		 * kstrtobool(); newer kernels (Debian's 7.3) also take
		 * e[nable] and d[isable]: fuzz.sh says which with
		 * FUZZ_KSTRTOBOOL_ED=1, found by writing "e" once.
		 */
		if (getenv("FUZZ_KSTRTOBOOL_ED") && c[0] &&
		    strchr("eEdD", c[0])) {
			strcpy(model, strchr("eE", c[0]) ? "Y\n" : "N\n");
			return 0;
		}
		switch (c[0]) {
		case 'y':
		case 'Y':
		case 't':
		case 'T':
		case '1':
			strcpy(model, "Y\n");
			return 0;
		case 'n':
		case 'N':
		case 'f':
		case 'F':
		case '0':
			strcpy(model, "N\n");
			return 0;
		case 'o':
		case 'O':
			if (c[1] == 'n' || c[1] == 'N') {
				strcpy(model, "Y\n");
				return 0;
			}
			if (c[1] == 'f' || c[1] == 'F') {
				strcpy(model, "N\n");
				return 0;
			}
		}
		return EINVAL;
	}
	/* param_set_uint(): kstrtouint(val, 0) */
	ret = k_kstrtoull(c, 0, &v);
	if (ret)
		return -ret;
	if (v > UINT_MAX)
		return ERANGE;
	if (RANGE_CHECKED_RESCHED && (v < 1 || v > 65536))
		return EINVAL;
	snprintf(model, sizeof(model), "%llu\n", v);
	return 0;
}

/* --- the file ------------------------------------------------------------ */

/*
 * The state: for the control files, the "enabled" and "filter" lines (as
 * many lines as @want, the model's state, has, at least two; a filter comm
 * NAME holding a newline is shown escaped, so a wrong escape fails).
 */
static void read_state(char *out, size_t size, const char *want)
{
	int nl = 0;
	char buf[4096];
	ssize_t n;
	int fd, lines = 0;
	size_t i;

	out[0] = '\0';
	fd = open(statefile, O_RDONLY);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return;
	buf[n] = '\0';
	if (kind == K_SCHED || kind == K_SYSCALL) {
		for (i = 0; want && want[i]; i++)
			nl += want[i] == '\n';
		if (nl < 2)
			nl = 2;
		for (i = 0; buf[i] && lines < nl; i++)
			if (buf[i] == '\n')
				lines++;
		buf[i] = '\0';
	}
	i = strlen(buf) < size - 1 ? strlen(buf) : size - 1;
	memcpy(out, buf, i);
	out[i] = '\0';
}

static void show(FILE *f, const unsigned char *b, size_t len)
{
	size_t i;

	for (i = 0; i < len && i < 80; i++)
		if (isprint(b[i]) && b[i] != '\\')
			fputc(b[i], f);
		else
			fprintf(f, "\\x%02x", b[i]);
	if (len > 80)
		fprintf(f, "...(%zu bytes)", len);
}

static void mismatch(const char *what, const unsigned char *b, size_t len,
		     const char *want, const char *got)
{
	n_mismatch++;
	if (n_mismatch > 20)
		return;
	fprintf(stderr, "case %ld: %s: '", case_no, what);
	show(stderr, b, len);
	fprintf(stderr, "': want %s, got %s\n", want, got);
}

/*
 * One write of @len bytes at @b (b may run into the unmapped page: @fault
 * is the number of readable bytes then), at file offset @off (-1: write()).
 */
static void one_write(int fd, const unsigned char *b, size_t len,
		      size_t readable, long off)
{
	char before[256], after[256], want[300], got[300];
	size_t taken = len;
	int err;
	ssize_t r;

	strcpy(before, model);
	if (kind == K_SCHED || kind == K_SYSCALL) {
		if (!len || len >= CTL_MAX)
			err = EINVAL;
		else if (readable < len)
			err = EFAULT;
		else if (kind == K_SCHED)
			err = sched_model((const char *)b, len);
		else
			err = syscall_model((const char *)b, len);
	} else {
		taken = len < SYSFS_MAX ? len : SYSFS_MAX;
		if (readable < taken && taken)
			err = EFAULT;
		else
			err = param_model((const char *)b, len, &taken);
	}
	if (err)
		strcpy(model, before);
	n_writes++;
	r = off < 0 ? write(fd, b, len) : pwrite(fd, b, len, off);
	if (err)
		snprintf(want, sizeof(want), "-1 %s", strerrorname_np(err));
	else
		snprintf(want, sizeof(want), "%zu", taken);
	if (r < 0)
		snprintf(got, sizeof(got), "-1 %s", strerrorname_np(errno));
	else
		snprintf(got, sizeof(got), "%zd", r);
	if (strcmp(want, got))
		mismatch("result", b, readable < len ? readable : len, want,
			 got);
	if (r >= 0)
		n_accepted++;
	read_state(after, sizeof(after), model);
	if (strcmp(after, model)) {
		mismatch("state", b, readable < len ? readable : len, model,
			 after);
		strcpy(model, after); /* resynchronise */
	}
}

/* --- the cases ----------------------------------------------------------- */

static const char *const numbers[] = {
	"0",
	"1",
	"-1",
	"+1",
	"-0",
	"+0",
	"007",
	"0x10",
	"0X1f",
	"010",
	"08",
	"2147483647",
	"2147483648",
	"-2147483648",
	"-2147483649",
	"4294967295",
	"4294967296",
	"4194304",
	"4194305",
	"18446744073709551615",
	"18446744073709551616",
	"99999999999999999999999",
	"1e3",
	"12x",
	"x12",
	" 5",
	"5 ",
	"5\n",
	"5\n\n",
	"--5",
	"+-5",
	"",
	"1 2",
	"0x",
	"0xg",
	"\t7",
	"1\r",
};

static const char *const names[] = {
	"a",
	"sh",
	"fuzz_ctl",
	"syscall_probe_k",
	"syscall_probe_kn",
	"0123456789abcdef0",
	"x y",
	"comm",
	"-",
	"\x01\x02",
	"\xff\xfe",
};

static const char *const ctl_verbs[] = {
	"enable",
	"disable",
	"reset",
	"filter none",
	"filter",
	"filter pid",
	"filter comm",
	"ENABLE",
	"enabled",
	"filternone",
	"filter  none",
	" filter none",
	"filter none ",
	"filter none x",
	"reset reset",
	"filter pid 1 children",
	"filter pid 1 child",
	"filter comm a b",
	"filter pid 2",
	"filter pid 1",
	"filter\tnone",
	"\tenable",
};

static const char *const param_words[] = {
	"1",	      "0",     "y",	"n",	 "Y",	  "N",
	"yes",	      "no",    "on",	"off",	 "ON",	  "oF",
	"o",	      "t",     "f",	"true",	 "false", "2",
	"-1",	      "",      "\n",	" 1",	 "x",	  "512",
	"1",	      "65536", "65537", "0x200", "0777",  "4294967295",
	"4294967296", "-0",    "+7",	"7\n",	 "7\n\n", "1\0002",
};

/* A valid command (for the model: valid words; some are refused). */
static size_t make_valid(char *b)
{
	int pid = below(4) ? getpid() : (below(2) ? 1 : 2);

	switch (kind) {
	case K_SCHED:
	case K_SYSCALL:
		switch (below(7)) {
		case 0:
			return sprintf(b, "filter none");
		case 1:
			return sprintf(
				b, "filter comm %s",
				names[below(sizeof(names) / sizeof(names[0]))]);
		case 2:
			return sprintf(b, "filter pid %d%s", pid,
				       kind == K_SYSCALL && below(2) ?
					       " children" :
					       "");
		case 3:
			return sprintf(b, "filter pid %u",
				       1 + below(PID_MAX_LIMIT + 10));
		case 4:
			return sprintf(b, "reset");
		case 5:
			return sprintf(b, "disable");
		default:
			/* syscall_probe attaches its probes: keep it rare */
			return sprintf(b, below(4) ? "disable" : "enable");
		}
	case K_BOOL:
		return sprintf(b, "%s", below(2) ? "0" : "1");
	default:
		return sprintf(b, "%u", 1 + below(65536));
	}
}

static size_t make_case(unsigned char *b, size_t max)
{
	size_t len, i;
	char *c = (char *)b;

	switch (below(7)) {
	case 0: /* random bytes */
		len = below(below(4) ? 80 : (unsigned int)max);
		for (i = 0; i < len; i++)
			b[i] = (unsigned char)rnd();
		return len;
	case 1: /* a long line */
		len = 40 + below(below(2) ? 60 : (unsigned int)max - 40);
		for (i = 0; i < len; i++)
			b[i] = (unsigned char)(' ' + below(95));
		if (below(2))
			b[len - 1] = '\n';
		return len;
	case 2: /* a valid verb with a bad number */
		if (kind == K_BOOL || kind == K_UINT)
			return sprintf(c, "%s",
				       numbers[below(sizeof(numbers) /
						     sizeof(numbers[0]))]);
		return sprintf(
			c, "filter pid %s%s",
			numbers[below(sizeof(numbers) / sizeof(numbers[0]))],
			below(4) ? "" : " children");
	case 3: /* near-miss words */
		if (kind == K_BOOL || kind == K_UINT) {
			unsigned int k = below(sizeof(param_words) /
					       sizeof(param_words[0]));

			len = strlen(param_words[k]);
			/* the last word keeps its embedded NUL */
			if (k ==
			    sizeof(param_words) / sizeof(param_words[0]) - 1)
				len = 3;
			memcpy(c, param_words[k], len);
			return len;
		}
		if (below(2))
			return sprintf(
				c, "filter comm %s",
				names[below(sizeof(names) / sizeof(names[0]))]);
		return sprintf(c, "%s",
			       ctl_verbs[below(sizeof(ctl_verbs) /
					       sizeof(ctl_verbs[0]))]);
	case 4: /* one-byte mutation of a valid command */
		len = make_valid(c);
		i = below((unsigned int)len + 1);
		switch (below(4)) {
		case 0: /* replace */
			if (i < len)
				b[i] = "\0\t\n\r x9-"[below(8)];
			break;
		case 1: /* insert */
			memmove(b + i + 1, b + i, len - i);
			b[i] = "\0\t\n\r x9-"[below(8)];
			len++;
			break;
		case 2: /* delete */
			if (i < len) {
				memmove(b + i, b + i + 1, len - i - 1);
				len--;
			}
			break;
		default: /* flip a bit */
			if (i < len)
				b[i] ^= (unsigned char)(1u << below(8));
		}
		return len;
	case 5: /* embedded NUL and trailing garbage */
		len = make_valid(c);
		b[len++] = '\0';
		len += sprintf(c + len, "%s", below(2) ? "garbage" : "1");
		return len;
	default: /* a valid command, maybe with a newline */
		len = make_valid(c);
		if (below(2))
			b[len++] = '\n';
		return len;
	}
}

int main(int argc, char **argv)
{
	unsigned char *b = NULL;
	long cases, fault_cases = 0;
	size_t len, max;
	int fd;

	if (argc != 6) {
		fprintf(stderr, "usage: fuzz_ctl sched|syscall|bool|uint FILE "
				"STATEFILE SEED CASES\n");
		return 2;
	}
	kind = !strcmp(argv[1], "sched")   ? K_SCHED :
	       !strcmp(argv[1], "syscall") ? K_SYSCALL :
	       !strcmp(argv[1], "bool")	   ? K_BOOL :
					     K_UINT;
	file = argv[2];
	statefile = argv[3];
	rng = strtoull(argv[4], NULL, 0) * 2 + 1;
	cases = strtol(argv[5], NULL, 0);
	max = kind == K_SCHED || kind == K_SYSCALL ? 200 : SYSFS_MAX + 200;
	guard = mmap(NULL, 3 * 8192 + 2 * 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guard == MAP_FAILED)
		return 2;
	/* [guard, guard + 16 KiB) readable, then one unmapped page */
	munmap(guard + 16384, 4096);
	fd = open(file, O_WRONLY);
	if (fd < 0) {
		perror(file);
		return 2;
	}
	read_state(model, sizeof(model), NULL);
	printf("seed %s\n", argv[4]);
	for (case_no = 0; case_no < cases; case_no++) {
		unsigned int how = below(20);

		b = guard + 16384 - (SYSFS_MAX + 400);
		memset(b, 0, SYSFS_MAX + 400);
		len = make_case(b, max);
		if (how == 0) {
			/* the same bytes, ending in the unmapped page */
			unsigned char *t = guard + 16384 - len / 2;

			memmove(t, b, len / 2);
			fault_cases++;
			one_write(fd, t, len, len / 2, -1);
		} else if (how == 1) {
			one_write(fd, b, 0, 0, -1);
		} else if (how == 2 && len > 1) {
			/* a partial write: two writes, each its own command */
			size_t cut = 1 + below((unsigned int)len - 1);

			one_write(fd, b, cut, cut, -1);
			one_write(fd, b + cut, len - cut, len - cut, -1);
		} else if (how == 3) {
			one_write(fd, b, len, len, (long)below(100000));
		} else {
			one_write(fd, b, len, len, -1);
		}
	}
	close(fd);
	printf("cases %ld\nwrites %lld\naccepted %lld\nfaults %ld\n"
	       "mismatches %lld\n",
	       cases, n_writes, n_accepted, fault_cases, n_mismatch);
	return n_mismatch ? 1 : 0;
}
