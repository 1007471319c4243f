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
 *   peek PATH            open O_NONBLOCK, read once (EAGAIN: no data, fine),
 *                        close: for the event streams, which never end
 *   write PATH TEXT [BEFORE]  open, write TEXT in one write(), close; with
 *                        BEFORE, write BEFORE first each time, without
 *                        faults (e.g. "disable" before "enable", so that
 *                        every run really enables)
 *   insmod KO NAME       finit_module(KO), then delete_module(NAME) if loaded
 *                        (no extra insmod after each run: the next run is one)
 *   exec PATH            fork; the child's n-th allocation fails (armed
 *                        through /proc/PID/task/PID/fail-nth), from just
 *                        before execve(PATH) to its exit; PATH must exit 0.
 *                        Allowed besides ENOMEM from execve: death by
 *                        SIGSEGV, the kernel's rule for a failure after the
 *                        point of no return (ELF's too: compare with an ELF)
 * Run as root in the lab VM with /sys/kernel/debug/failslab set to fail
 * sleeping allocations too (ignore-gfp-wait N): tests/vm/failslab.sh.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

static int op_peek(const char *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY | O_NONBLOCK), ret = 0;

	if (fd < 0)
		return -errno;
	if (read(fd, buf, sizeof(buf)) < 0 && errno != EAGAIN)
		ret = -errno;
	close(fd);
	return ret;
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

/* exec's outcomes other than an errno: killed by a signal, exit status */
#define R_SIG 10000
#define R_EXIT 20000

/*
 * Run PATH in a child whose n-th allocation fails (n = 0: none); *fired:
 * the n-th point was reached. 0, -errno of execve, R_SIG + signal or
 * R_EXIT + a non-zero exit status.
 */
static int op_exec(const char *path, unsigned int n, int *fired)
{
	int go[2], err[2], fd, e, status;
	char buf[64];
	siginfo_t si;
	pid_t pid;

	if (pipe(go) || pipe2(err, O_CLOEXEC))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		close(go[1]);
		if (read(go[0], buf, 1) != 1)
			_exit(126);
		execl(path, path, (char *)NULL);
		e = errno;
		if (write(err[1], &e, sizeof(e)) != sizeof(e))
			_exit(126);
		_exit(127);
	}
	close(go[0]);
	close(err[1]);
	snprintf(buf, sizeof(buf), "/proc/%d/task/%d/fail-nth", pid, pid);
	fd = open(buf, O_RDWR);
	if (fd < 0)
		die(buf);
	e = snprintf(buf, sizeof(buf), "%u", n);
	if (pwrite(fd, buf, e, 0) != e)
		die("write the child's fail-nth");
	if (write(go[1], "x", 1) != 1)
		die("write to the child");
	close(go[1]);
	/* Still a zombie: its fail-nth tells whether the fault fired. */
	if (waitid(P_PID, pid, &si, WEXITED | WNOWAIT))
		die("waitid");
	memset(buf, 0, sizeof(buf));
	if (pread(fd, buf, sizeof(buf) - 1, 0) < 0)
		die("read the child's fail-nth");
	*fired = n && atoi(buf) == 0;
	close(fd);
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	if (read(err[0], &e, sizeof(e)) == sizeof(e))
		status = -e;
	else if (WIFSIGNALED(status))
		status = R_SIG + WTERMSIG(status);
	else
		status = WEXITSTATUS(status) ? R_EXIT + WEXITSTATUS(status) : 0;
	close(err[0]);
	return status;
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

	if (!strcmp(argv[0], "exec"))
		return op_exec(argv[1], 0, &loaded);
	if (!strcmp(argv[0], "read"))
		return op_read(argv[1]);
	if (!strcmp(argv[0], "peek"))
		return op_peek(argv[1]);
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

static int is_allowed(int ret)
{
	int i;

	if (ret == R_SIG + SIGSEGV)
		return 1;
	for (i = 0; i < nallowed; i++)
		if (allowed[i] == -ret)
			return 1;
	return 0;
}

static const char *outcome(int ret)
{
	static char buf[32];

	if (!ret)
		return "ok";
	if (ret >= R_EXIT)
		snprintf(buf, sizeof(buf), "exit-%d", ret - R_EXIT);
	else if (ret >= R_SIG)
		snprintf(buf, sizeof(buf), "SIG%s",
			 sigabbrev_np(ret - R_SIG) ?: "?");
	else
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
	if (argc < 2 || (strcmp(argv[0], "read") && strcmp(argv[0], "exec") &&
			 strcmp(argv[0], "peek") &&
			 (argc < 3 || (strcmp(argv[0], "write") &&
				       strcmp(argv[0], "insmod"))))) {
		fprintf(stderr,
			"usage: debug_failnth [-m MAX] [-e ERRNO]... "
			"read|peek PATH | write PATH TEXT [BEFORE] | insmod KO NAME | "
			"exec PATH\n");
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
		if (!strcmp(argv[0], "exec")) {
			ret = op_exec(argv[1], n, &fired);
		} else {
			arm(n);
			if (!strcmp(argv[0], "insmod"))
				ret = op_insmod(&loaded);
			else
				ret = run(argv);
			fired = disarm();
		}
		if (loaded && unload(argv[2]))
			still++;
		if (!fired)
			break;
		points++;
		last = n;
		if (ret) {
			errors++;
			if (!is_allowed(ret))
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
