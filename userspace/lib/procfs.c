// SPDX-License-Identifier: GPL-2.0
/*
 * procfs.c - a module's /proc files for the tools (see procfs.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "procfs.h"

void procfs_path(const struct procfs_module *m, const char *name, char *buf,
		 size_t len)
{
	snprintf(buf, len, "/proc/%s/%s", m->module, name);
}

bool procfs_loaded(const struct procfs_module *m)
{
	char path[128];

	procfs_path(m, "", path, sizeof(path));
	return !access(path, F_OK);
}

void procfs_not_loaded(const struct procfs_module *m)
{
	fprintf(stderr, "%s: module not loaded: sudo insmod modules/%s/%s.ko\n",
		m->tool, m->module, m->module);
}

int procfs_open_fd(const struct procfs_module *m, const char *name, int flags)
{
	char path[128];
	int fd, e;

	procfs_path(m, name, path, sizeof(path));
	fd = open(path, flags);
	if (fd >= 0)
		return fd;
	e = errno;
	if (e == ENOENT && !procfs_loaded(m))
		procfs_not_loaded(m);
	else
		fprintf(stderr, "%s: cannot open %s (run as root)\n", m->tool,
			path);
	errno = e;
	return -1;
}

FILE *procfs_open(const struct procfs_module *m, const char *name)
{
	int fd = procfs_open_fd(m, name, O_RDONLY);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "r");
	if (!f)
		close(fd);
	return f;
}

int procfs_control(const struct procfs_module *m, const char *cmd)
{
	char path[128];
	ssize_t n;
	int fd;

	procfs_path(m, "control", path, sizeof(path));
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s%s\n", m->tool, path,
			strerror(errno),
			errno == EACCES ? " (run as root)" : "");
		return -1;
	}
	n = write(fd, cmd, strlen(cmd));
	if (n < 0)
		fprintf(stderr, "%s: control \"%s\": %s\n", m->tool, cmd,
			strerror(errno));
	close(fd);
	return n < 0 ? -1 : 0;
}

int64_t procfs_value(const struct procfs_module *m, const char *name,
		     const char *key)
{
	char path[128], line[256], k[64], *end;
	int64_t ret = -1;
	long long v;
	FILE *f;
	int off;

	procfs_path(m, name, path, sizeof(path));
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%63s %n", k, &off) != 1 || strcmp(k, key))
			continue;
		errno = 0;
		v = strtoll(line + off, &end, 10);
		if (!errno && end != line + off && (*end == '\n' || !*end))
			ret = v;
		break;
	}
	fclose(f);
	return ret;
}
