/* SPDX-License-Identifier: GPL-2.0 */
/*
 * procfs.h - a module's /proc/<dir>/ files for the tools: open them, write
 * control commands and read "key value" status lines, with the error
 * messages the tools print ("TOOL: module not loaded: sudo insmod ...",
 * "... (run as root)").
 */
#ifndef USERSPACE_PROCFS_H
#define USERSPACE_PROCFS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Which module and which tool: every message names both. */
struct procfs_module {
	const char *tool; /* prefix of messages, e.g. "schedscope" */
	const char *module; /* e.g. "sched_probe": /proc/sched_probe/ */
};

/* /proc/<module>/<name> into @buf. */
void procfs_path(const struct procfs_module *m, const char *name, char *buf,
		 size_t len);

/* Is /proc/<module>/ there? */
bool procfs_loaded(const struct procfs_module *m);

/* Print "TOOL: module not loaded: sudo insmod modules/M/M.ko". */
void procfs_not_loaded(const struct procfs_module *m);

/*
 * Open /proc/<module>/<name> with open(2) @flags; -1 (errno kept) after
 * printing why: the module is not loaded (ENOENT), or "cannot open PATH
 * (run as root)".
 */
int procfs_open_fd(const struct procfs_module *m, const char *name, int flags);

/* The same as a stdio stream for reading; NULL after the message. */
FILE *procfs_open(const struct procfs_module *m, const char *name);

/*
 * Write @cmd to /proc/<module>/control in one write(2); -1 after printing
 * "TOOL: PATH: ERROR (run as root)" (open) or "TOOL: control \"CMD\":
 * ERROR" (the module refused it).
 */
int procfs_control(const struct procfs_module *m, const char *cmd);

/*
 * The value of the line "@key VALUE" of /proc/<module>/<name>; -1 if the
 * file or the line is missing or the value is not a number (no message).
 */
int64_t procfs_value(const struct procfs_module *m, const char *name,
		     const char *key);

#endif /* USERSPACE_PROCFS_H */
