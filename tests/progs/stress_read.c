// SPDX-License-Identifier: GPL-2.0
/*
 * stress_read.c - the readers and writers of tests/vm/stress.sh: each MODE
 * hammers the modules' files for SECONDS (or until SIGTERM), survives the
 * modules coming and going, and counts every answer as expected or bad.
 *
 * Usage: stress_read MODE SECONDS [SEED]
 *   pagewalk  read /proc/pagewalk/<random live pid> in full; the first line
 *             must be "# pid <pid>"; every other time also translate an
 *             address with PAGEWALK_IOC_XLATE (a mapped, a random or a
 *             non-canonical one: EINVAL)
 *   files     read every stats/status/listing file of the four modules in
 *             turn; each must start with its known first word
 * Reads use a big buffer, and now and then 1-100 bytes (seq_file resumes).
 *   hold      keep every such file open, reread each from offset 0 every
 *             20 ms; reopen once it fails (module unloaded)
 *   control   write commands to /proc/sched_probe/control and
 *             /proc/syscall_probe/control: valid ones must succeed, garbage
 *             must fail with EINVAL; always ends with "filter none" and
 *             "enable" so the probes keep firing
 *   sched     read the /proc/sched_probe/events stream, check each record
 *   syscall   read the /proc/syscall_probe/stream, check each record
 *             (both streams: every other open uses blocking reads, so
 *             rmmod meets a blocked reader)
 *
 * Expected failures (counted as "absent"): the file does not exist (module
 * not loaded), EIO or end of file once its module is unloaded, ESRCH/ENOENT
 * for a process that exited, EINVAL for a kernel thread's page tables,
 * EBUSY for a second stream reader, EINVAL from lseek and ENOTTY from
 * ioctl on a file whose proc entry was removed. Anything else is "bad" (printed, at most
 * 10 lines). One line at the end:
 *   MODE ok N absent N records N bad N
 * Exits 1 if bad > 0.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pagewalk.h"
#include "sched_probe.h"
#include "syscall_probe.h"

static volatile sig_atomic_t done;
static unsigned long n_ok, n_absent, n_records, n_bad;
static unsigned int seed;
static char buf[1 << 16];

static const struct {
	const char *path;
	const char *first; /* the first word of the file */
} files[] = {
	{ "/proc/binfmt_demo/stats", "examined " },
	{ "/proc/binfmt_demo/kinds", "native " },
	{ "/proc/sched_probe/stats", "pid " },
	{ "/proc/sched_probe/hist", "pid " },
	{ "/proc/sched_probe/cpus", "cpu " },
	{ "/proc/sched_probe/status", "enabled " },
	{ "/proc/syscall_probe/stats", "pid " },
	{ "/proc/syscall_probe/status", "enabled " },
	{ "/proc/syscall_probe/syscalls", "64 " },
	{ "/proc/pagewalk/self", "# pid " },
};

#define NFILES (sizeof(files) / sizeof(files[0]))

static void on_term(int sig)
{
	(void)sig;
	done = 1;
}

static unsigned long rnd(unsigned long n)
{
	return (unsigned long)rand_r(&seed) % n;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void bad(const char *fmt, ...)
{
	va_list ap;

	if (++n_bad > 10)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "bad: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

/* Read from offset 0 to end of file; the first bytes stay in buf. */
static ssize_t read_all(int fd)
{
	size_t have = 0;
	ssize_t n;

	/* proc's llseek says EINVAL once the entry is removed (rmmod) */
	if (lseek(fd, 0, SEEK_SET) < 0) {
		if (errno == EINVAL)
			errno = EIO;
		return -1;
	}
	for (;;) {
		/* odd sizes now and then: seq_file must resume mid-record */
		n = read(fd, buf + have,
			 rnd(8) ? sizeof(buf) - 1 - have : 1 + rnd(100));
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		/* keep the head of the file, read the rest over the tail */
		if (have + n > 4096)
			have = 4096;
		else
			have += n;
	}
	buf[have] = '\0';
	return (ssize_t)have;
}

static int gone_errno(int e)
{
	return e == ENOENT || e == EIO || e == ENODEV;
}

/*
 * One XLATE ioctl: at the start of the first VMA of the listing in buf, at
 * a random address, or at a non-canonical one (EINVAL).
 */
static void xlate(int fd, const char *path, int listed)
{
	struct pagewalk_xlate x;
	const char *v = listed ? strstr(buf, "\nvma 0x") : NULL;
	int r = (int)rnd(3), e;

	memset(&x, 0, sizeof(x));
	if (r == 0 && v)
		x.addr = strtoull(v + 5, NULL, 16);
	else if (r == 2)
		x.addr = 0x8000000000000000ULL + rnd(1UL << 30) * 4096;
	else
		x.addr = (unsigned long long)rnd(1UL << 30) << 17;
	if (ioctl(fd, PAGEWALK_IOC_XLATE, &x) == 0) {
		if (x.stop > PAGEWALK_STOP_BAD || x.nsteps > 5 ||
		    (x.levels != 4 && x.levels != 5))
			bad("xlate %s: stop %u nsteps %u levels %u", path,
			    x.stop, x.nsteps, x.levels);
		else
			n_ok++;
		return;
	}
	e = errno;
	/*
	 * EINVAL: non-canonical, or a kernel thread (not listed either);
	 * ENOTTY: what proc answers once the entry is removed (rmmod)
	 */
	if (e == ESRCH || e == EINTR || e == ENOTTY || gone_errno(e) ||
	    (e == EINVAL && (r == 2 || !listed)))
		n_absent++;
	else
		bad("xlate %s at %#llx: %s", path, x.addr, strerror(e));
}

/* pagewalk: the list of entries is refreshed every 32 reads. */
static void do_pagewalk(void)
{
	static int pids[8192];
	static int npids, age;
	char path[64], want[32];
	struct dirent *d;
	int fd, pid, listed = 0;
	DIR *dir;

	if (npids == 0 || ++age >= 32) {
		age = 0;
		npids = 0;
		dir = opendir("/proc/pagewalk");
		if (!dir) {
			n_absent++;
			usleep(5000);
			return;
		}
		while ((d = readdir(dir)) && npids < 8192)
			if (d->d_name[0] >= '1' && d->d_name[0] <= '9')
				pids[npids++] = atoi(d->d_name);
		closedir(dir);
		if (!npids) {
			n_absent++;
			return;
		}
	}
	pid = pids[rnd(npids)];
	snprintf(path, sizeof(path), "/proc/pagewalk/%d", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ESRCH || errno == EINVAL)
			n_absent++;
		else
			bad("open %s: %s", path, strerror(errno));
		return;
	}
	if (read_all(fd) < 0) {
		if (errno == ESRCH || errno == EINVAL || gone_errno(errno))
			n_absent++;
		else
			bad("read %s: %s", path, strerror(errno));
	} else {
		snprintf(want, sizeof(want), "# pid %d\n", pid);
		if (strncmp(buf, want, strlen(want)))
			bad("%s starts with '%.40s'", path, buf);
		else {
			n_ok++;
			listed = 1;
		}
	}
	if (rnd(2))
		xlate(fd, path, listed);
	close(fd);
}

static void check_head(unsigned int i)
{
	if (strncmp(buf, files[i].first, strlen(files[i].first)))
		bad("%s starts with '%.40s'", files[i].path, buf);
	else
		n_ok++;
}

static void do_files(void)
{
	static unsigned int i;
	int fd;

	i = (i + 1) % NFILES;
	fd = open(files[i].path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT) {
			n_absent++;
			usleep(1000);
		} else
			bad("open %s: %s", files[i].path, strerror(errno));
		return;
	}
	if (read_all(fd) >= 0)
		check_head(i);
	else if (gone_errno(errno))
		n_absent++;
	else
		bad("read %s: %s", files[i].path, strerror(errno));
	close(fd);
}

static void do_hold(void)
{
	static int fds[NFILES];
	static int opened;
	unsigned int i;

	if (!opened) {
		for (i = 0; i < NFILES; i++)
			fds[i] = -1;
		opened = 1;
	}
	for (i = 0; i < NFILES; i++) {
		if (fds[i] < 0) {
			fds[i] = open(files[i].path, O_RDONLY | O_CLOEXEC);
			if (fds[i] < 0) {
				if (errno != ENOENT)
					bad("open %s: %s", files[i].path,
					    strerror(errno));
				n_absent++;
				continue;
			}
		}
		if (read_all(fds[i]) >= 0) {
			check_head(i);
			continue;
		}
		if (gone_errno(errno))
			n_absent++;
		else
			bad("read %s (held): %s", files[i].path,
			    strerror(errno));
		close(fds[i]);
		fds[i] = -1;
	}
	usleep(20000);
}

/* Returns the errno of writing cmd to path (0: success, -1: no file). */
static int write_cmd(const char *path, const char *cmd, size_t len)
{
	int fd, e = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -1 : errno;
	if (write(fd, cmd, len) != (ssize_t)len)
		e = errno;
	close(fd);
	return e == EIO ? -1 : e;
}

static int random_pid(void)
{
	return 1 + (int)rnd(400);
}

static void control_one(const char *path, int is_syscall)
{
	static const char *const plain[] = { "enable", "disable", "reset",
					     "filter none", "enable\n" };
	char cmd[128];
	size_t len, i;
	int e, garbage = 0, pid = 0;

	switch (rnd(5)) {
	case 0:
	case 1:
		snprintf(cmd, sizeof(cmd), "%s", plain[rnd(5)]);
		break;
	case 2:
		pid = random_pid();
		snprintf(cmd, sizeof(cmd), "filter pid %d%s", pid,
			 is_syscall && rnd(2) ? " children" : "");
		break;
	case 3:
		snprintf(cmd, sizeof(cmd), "filter comm %s",
			 rnd(2) ? "stress_work" : "toy");
		break;
	default:
		/* garbage: never a valid command (no command starts with x) */
		len = 1 + rnd(100);
		cmd[0] = 'x';
		for (i = 1; i < len; i++)
			cmd[i] = (char)(1 + rnd(255));
		cmd[len] = '\0';
		garbage = 1;
	}
	e = write_cmd(path, cmd, strlen(cmd));
	if (e < 0) {
		n_absent++;
		return;
	}
	if (garbage) {
		if (e == EINVAL)
			n_ok++;
		else
			bad("garbage to %s: %s", path,
			    e ? strerror(e) : "accepted");
		return;
	}
	/* syscall_probe refuses a pid with no task, or a kernel thread */
	if (!e || (is_syscall && pid && (e == ESRCH || e == EINVAL)))
		n_ok++;
	else
		bad("'%s' to %s: %s", cmd, path, strerror(e));
}

static void control_restore(void)
{
	write_cmd("/proc/sched_probe/control", "filter none", 11);
	write_cmd("/proc/sched_probe/control", "enable", 6);
	write_cmd("/proc/syscall_probe/control", "filter none", 11);
	write_cmd("/proc/syscall_probe/control", "enable", 6);
}

static void do_control(void)
{
	control_one("/proc/sched_probe/control", 0);
	control_one("/proc/syscall_probe/control", 1);
	if (rnd(2))
		control_restore();
	usleep(10000);
}

static void check_sched(const struct sched_probe_event *e, long ncpu)
{
	if (e->cpu >= (unsigned int)ncpu || e->reason > 4 || (e->flags & ~3U) ||
	    (e->prev_pid && !e->prev_tgid) || (e->next_pid && !e->next_tgid))
		bad("sched record cpu %u reason %u flags %#x", e->cpu,
		    e->reason, e->flags);
}

static void check_syscall(const struct syscall_probe_record *r, long ncpu)
{
	if ((r->flags & ~3U) || r->cpu >= ncpu ||
	    (!(r->flags & SYSCALL_PROBE_REC_LOST) &&
	     (r->abi < 1 || r->abi > 3 || !r->pid ||
	      !memchr(r->comm, '\0', sizeof(r->comm)))))
		bad("syscall record abi %u flags %#x cpu %u", r->abi, r->flags,
		    r->cpu);
}

static void do_stream(int is_syscall, long ncpu)
{
	static int fd = -1, blocking;
	const char *path = is_syscall ? "/proc/syscall_probe/stream" :
					"/proc/sched_probe/events";
	size_t size = is_syscall ? sizeof(struct syscall_probe_record) :
				   sizeof(struct sched_probe_event);
	ssize_t n, i;

	if (fd < 0) {
		/* every other open blocks in read: rmmod must wake it (EOF) */
		blocking = !blocking;
		fd = open(path,
			  O_RDONLY | O_CLOEXEC | (blocking ? 0 : O_NONBLOCK));
		if (fd < 0) {
			if (errno != ENOENT && errno != EBUSY)
				bad("open %s: %s", path, strerror(errno));
			n_absent++;
			usleep(5000);
			return;
		}
		n_ok++;
	}
	n = read(fd, buf, sizeof(buf) / size * size);
	if (n > 0) {
		if (n % size)
			bad("read %s: %zd bytes", path, n);
		for (i = 0; i + (ssize_t)size <= n; i += size) {
			if (is_syscall)
				check_syscall((void *)(buf + i), ncpu);
			else
				check_sched((void *)(buf + i), ncpu);
			n_records++;
		}
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
		usleep(2000);
		return;
	}
	if (n < 0 && !gone_errno(errno))
		bad("read %s: %s", path, strerror(errno));
	/* end of file: the module is going away; its entry soon goes too */
	n_absent++;
	close(fd);
	fd = -1;
	usleep(1000);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_term };
	const char *mode;
	long ncpu;
	double end;

	if (argc < 3) {
		fprintf(stderr, "usage: %s MODE SECONDS [SEED]\n", argv[0]);
		return 2;
	}
	mode = argv[1];
	end = now() + atof(argv[2]);
	seed = argc > 3 ? (unsigned int)atol(argv[3]) : (unsigned int)getpid();
	ncpu = sysconf(_SC_NPROCESSORS_CONF);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!done && now() < end) {
		if (!strcmp(mode, "pagewalk"))
			do_pagewalk();
		else if (!strcmp(mode, "files"))
			do_files();
		else if (!strcmp(mode, "hold"))
			do_hold();
		else if (!strcmp(mode, "control"))
			do_control();
		else if (!strcmp(mode, "sched"))
			do_stream(0, ncpu);
		else if (!strcmp(mode, "syscall"))
			do_stream(1, ncpu);
		else {
			fprintf(stderr, "unknown mode %s\n", mode);
			return 2;
		}
	}
	if (!strcmp(mode, "control"))
		control_restore();
	printf("%s ok %lu absent %lu records %lu bad %lu\n", mode, n_ok,
	       n_absent, n_records, n_bad);
	return n_bad ? 1 : 0;
}
