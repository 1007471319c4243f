/* SPDX-License-Identifier: GPL-2.0 */
/*
 * comm.h - one way for sched_probe and syscall_probe to show a task name
 * (comm) in their /proc files: as one word of a whitespace-separated row
 * (/proc/sched_probe/stats and hist, /proc/syscall_probe/stats), and
 * escaped like Name: in /proc/<pid>/status (the filter line of their
 * status files).
 */
#ifndef LKM_COMM_H
#define LKM_COMM_H

#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/string_helpers.h>

/*
 * Copy @src (a comm) to @dst as one word: every byte that is not printable
 * ASCII other than the space (blanks, control characters, bytes from 0x7f)
 * becomes '_'. Returns @dst, or @empty for an empty name.
 */
static inline const char *lkm_comm_word(char dst[TASK_COMM_LEN],
					const char *src, const char *empty)
{
	int i;

	memcpy(dst, src, TASK_COMM_LEN);
	dst[TASK_COMM_LEN - 1] = '\0';
	for (i = 0; dst[i]; i++)
		if ((unsigned char)dst[i] <= ' ' ||
		    (unsigned char)dst[i] >= 0x7f)
			dst[i] = '_';
	return dst[0] ? dst : empty;
}

/* @comm escaped like Name: in /proc/<pid>/status (a newline as \n). */
static inline void lkm_seq_comm(struct seq_file *m, const char *comm)
{
	seq_escape_str(m, comm, ESCAPE_SPACE | ESCAPE_SPECIAL, "\n\\");
}

#endif /* LKM_COMM_H */
