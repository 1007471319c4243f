// SPDX-License-Identifier: GPL-2.0
/*
 * debug_failnth.c - make each kernel allocation of one operation fail in
 * turn, with the kernel's fault injection (/proc/thread-self/fail-nth and
 * failslab, CONFIG_FAULT_INJECTION): for n = 1, 2, ... the n-th allocation
 * the operation makes fails, until an operation runs without reaching n
 * (every allocation point was failed once). Prints one line per distinct
 * outcome and a summary:
 *
 *   outcome ENOMEM at n=1..12
 *   summary points=40 ok=28 errors=12 unexpected=0 still_fails=0 step=1
 *
 * "unexpected" counts failures with another error than ENOMEM (or those
 * given with -e); "still_fails" counts runs where the operation, done again
 * right away without fault injection, failed (a broken state left
 * behind). Exit status 0 if both are 0.
 *
 * Usage: debug_failnth [-m MAX] [-s STEP [-t TAIL]] [-e ERRNO]... OP ARGS
 *   -m MAX    stop after the MAX-th point (default 2000)
 *   -s STEP   fail points 1, 1+STEP, 1+2*STEP, ... only (default 1: all)
 *   -t TAIL   but every one of the last TAIL points of the operation, as
 *             counted in a first run (for insmod: the module's own init
 *             comes last, after the module loader's allocations)
 *   read PATH            open, read to the end, close
 *   write PATH TEXT [BEFORE]  open, write TEXT in one write(), close; with
 *                        BEFORE, write BEFORE first each time, without
 *                        faults (e.g. "disable" before "enable", so that
 *                        every run really enables)
 *   insmod KO NAME       finit_module(KO), then delete_module(NAME) if loaded
 *                        (no extra insmod after each run: the next run is one)
 * Run as root in the lab VM with /sys/kernel/debug/failslab set to fail
 * sleeping allocations too (ignore-gfp-wait N): tests/vm/failslab.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int nth_fd = -1;
static int allowed[8] = { ENOMEM };
static int nallowed = 1;

static void die(const char *what)
{
	fprintf(stderr, "debug_failnth: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* Arm: the n-th fault-injection point this thread reaches fails. */
static void arm(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(nth_fd, buf, len, 0) != len)
		die("write fail-nth");
}

/* Disarm; true if the n-th point was reached (the fault fired). */
static int disarm(void)
{
	char buf[16] = "";
	ssize_t len = pread(nth_fd, buf, sizeof(buf) - 1, 0);
	int fired;

	if (len < 0)
		die("read fail-nth");
	fired = atoi(buf) == 0;
	arm(0);
	return fired;
}

static int op_read(const char *path)
{
	char buf[4096];
	ssize_t len;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -errno;
	do
		len = read(fd, buf, sizeof(buf));
	while (len > 0);
	len = len < 0 ? -errno : 0;
	close(fd);
	return len;
}

static int op_write(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int ko_fd = -1;

/* Load the module; on success unload it again (outside the injection). */
static int op_insmod(int *loaded)
{
	*loaded = 0;
	if (syscall(SYS_finit_module, ko_fd, "", 0))
		return -errno;
	*loaded = 1;
	return 0;
}

static int unload(const char *name)
{
	int i;

	for (i = 0; i < 100; i++) {
		if (!syscall(SYS_delete_module, name, O_NONBLOCK))
			return 0;
		if (errno != EAGAIN && errno != EBUSY)
			break;
		usleep(100000);
	}
	fprintf(stderr, "debug_failnth: rmmod %s: %s\n", name, strerror(errno));
	return -errno;
}

static int run(char **argv)
{
	int loaded, ret;

	if (!strcmp(argv[0], "read"))
		return op_read(argv[1]);
	if (!strcmp(argv[0], "write"))
		return op_write(argv[1], argv[2]);
	ret = op_insmod(&loaded);
	return ret;
}

/* Outside the injection: the state each run starts from. */
static void prepare(char **argv)
{
	int ret;

	if (strcmp(argv[0], "write") || !argv[3])
		return;
	ret = op_write(argv[1], argv[3]);
	if (ret)
		printf("prepare: writing '%s' fails: %s\n", argv[3],
		       strerror(-ret));
}

static int run_clean(char **argv)
{
	int ret;

	prepare(argv);
	ret = run(argv);

	if (!strcmp(argv[0], "insmod") && !ret && unload(argv[2]))
		ret = -EBUSY;
	return ret;
}

/* How many points the operation reaches when none fails. */
static unsigned int count_points(char **argv)
{
	char buf[16] = "";
	int loaded = 0;

	arm(1000000);
	prepare(argv);
	if (!strcmp(argv[0], "insmod"))
		op_insmod(&loaded);
	else
		run(argv);
	if (pread(nth_fd, buf, sizeof(buf) - 1, 0) < 0)
		die("read fail-nth");
	arm(0);
	if (loaded)
		unload(argv[2]);
	return 1000000 - atoi(buf);
}

/* The next point: STEP apart, then all of the last TAIL of TOTAL. */
static unsigned int next_n(unsigned int n, unsigned int step, unsigned int tail,
			   unsigned int total)
{
	if (!tail || n + tail >= total)
		return n + (tail ? 1 : step);
	if (n + step + tail > total)
		return total - tail + 1;
	return n + step;
}

static int is_allowed(int err)
{
	int i;

	for (i = 0; i < nallowed; i++)
		if (allowed[i] == err)
			return 1;
	return 0;
}

static const char *outcome(int ret)
{
	static char buf[32];

	if (!ret)
		return "ok";
	snprintf(buf, sizeof(buf), "%s", strerrorname_np(-ret) ?: "E?");
	return buf;
}

int main(int argc, char **argv)
{
	unsigned int n, max = 2000, step = 1, first = 1, points = 0, last = 0;
	unsigned int tail = 0, total = 0;
	unsigned int ok = 0, errors = 0, unexpected = 0, still = 0;
	int opt, ret, prev = 1, fired;

	while ((opt = getopt(argc, argv, "+m:s:t:e:")) != -1) {
		if (opt == 'm') {
			max = strtoul(optarg, NULL, 0);
		} else if (opt == 's' && atoi(optarg) > 0) {
			step = atoi(optarg);
		} else if (opt == 't') {
			tail = strtoul(optarg, NULL, 0);
		} else if (opt == 'e' && nallowed < 8) {
			allowed[nallowed++] = atoi(optarg);
		} else {
			fprintf(stderr, "usage: see the header of %s\n",
				__FILE__);
			return 2;
		}
	}
	argv += optind;
	argc -= optind;
	if (argc < 2 || (strcmp(argv[0], "read") &&
			 (argc < 3 || (strcmp(argv[0], "write") &&
				       strcmp(argv[0], "insmod"))))) {
		fprintf(stderr,
			"usage: debug_failnth [-m MAX] [-e ERRNO]... "
			"read PATH | write PATH TEXT [BEFORE] | insmod KO NAME\n");
		return 2;
	}
	nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth_fd < 0)
		die("/proc/thread-self/fail-nth");
	if (!strcmp(argv[0], "insmod")) {
		ko_fd = open(argv[1], O_RDONLY | O_CLOEXEC);
		if (ko_fd < 0)
			die(argv[1]);
	}
	/* once without faults: the operation must work */
	ret = run_clean(argv);
	if (ret) {
		printf("baseline %s fails: %s\n", argv[0], outcome(ret));
		return 1;
	}
	if (step > 1 && tail)
		total = count_points(argv);
	for (n = 1; n <= max; n = next_n(n, step, tail, total)) {
		int loaded = 0;

		prepare(argv);
		arm(n);
		if (!strcmp(argv[0], "insmod"))
			ret = op_insmod(&loaded);
		else
			ret = run(argv);
		fired = disarm();
		if (loaded && unload(argv[2]))
			still++;
		if (!fired)
			break;
		points++;
		last = n;
		if (ret) {
			errors++;
			if (!is_allowed(-ret))
				unexpected++;
		} else {
			ok++;
		}
		/* the same operation right after, without faults */
		if (strcmp(argv[0], "insmod") && run_clean(argv)) {
			still++;
			printf("n=%u: left broken: %s fails again without a fault\n",
			       n, argv[0]);
		}
		if (ret != prev) {
			if (n > 1)
				printf("outcome %s at n=%u..%u\n",
				       outcome(prev), first, n - step);
			first = n;
			prev = ret;
		}
	}
	if (points)
		printf("outcome %s at n=%u..%u\n", outcome(prev), first, last);
	printf("summary points=%u ok=%u errors=%u unexpected=%u still_fails=%u step=%u tail=%u of %u%s\n",
	       points, ok, errors, unexpected, still, step, tail, total,
	       n > max ? " (stopped at -m)" : "");
	return unexpected || still;
}
