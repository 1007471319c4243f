/* SPDX-License-Identifier: GPL-2.0 */
/*
 * control.h - how sched_probe and syscall_probe take one command written to
 * their control file (/proc/sched_probe/control, /proc/syscall_probe/control):
 * root only, one write of less than LKM_CONTROL_MAX bytes, text without a
 * NUL byte. Each module then parses the words of its own commands
 * (docs/sched_probe.md, docs/syscall_probe.md).
 */
#ifndef LKM_CONTROL_H
#define LKM_CONTROL_H

#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define LKM_CONTROL_MAX 64

/*
 * Copy the write of @count bytes at @ubuf into @buf (LKM_CONTROL_MAX
 * bytes), NUL-terminated: 0, -EPERM without CAP_SYS_ADMIN, -EINVAL for an
 * empty write, one too long or one with a NUL byte inside, -EFAULT.
 */
static inline int lkm_control_copy(char buf[LKM_CONTROL_MAX],
				   const char __user *ubuf, size_t count)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (!count || count >= LKM_CONTROL_MAX)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	return strlen(buf) == count ? 0 : -EINVAL;
}

#endif /* LKM_CONTROL_H */
