// SPDX-License-Identifier: GPL-2.0
/*
 * file.c - the files /proc/pagewalk/<pid> and /proc/pagewalk/self: open
 * (who may look), and the seq_file that streams the listing one record at
 * a time (a header line, a VMA line or a range line).
 *
 * Access is decided like /proc/<pid>/pagemap (ptrace read access with the
 * opener's filesystem credentials); ptrace_may_access() is not exported,
 * so pw_may_read() repeats its rules: same thread group, or the reader's
 * fsuid/fsgid equal every uid/gid of the target, or CAP_SYS_PTRACE in the
 * target's user namespace; and a non-dumpable target needs CAP_SYS_PTRACE
 * in the user namespace of its last exec (the mm's before 7.2, the task's
 * exec_state since: lkm_exec_user_ns()). LSM hooks (Yama) are not
 * consulted: Yama restricts attaching, not reading. The check runs at open
 * and again on every read from offset 0 with the opener's credentials,
 * under the target's exec_update_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/err.h>
#include <linux/limits.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "lkm_compat.h"
#include "internal.h"

static bool pw_same_ids(const struct cred *c, const struct cred *t)
{
	return uid_eq(c->fsuid, t->euid) && uid_eq(c->fsuid, t->suid) &&
	       uid_eq(c->fsuid, t->uid) && gid_eq(c->fsgid, t->egid) &&
	       gid_eq(c->fsgid, t->sgid) && gid_eq(c->fsgid, t->gid);
}

/* ptrace_may_access(task, PTRACE_MODE_READ_FSCREDS) for the file's opener. */
static int pw_may_read(struct file *file, struct task_struct *task,
		       struct mm_struct *mm)
{
	struct user_namespace *ns;
	const struct cred *tcred;
	bool ok, dumpable;

	if (task->tgid == task_tgid_nr(current) &&
	    file->f_cred == current_cred())
		return 0;
	rcu_read_lock();
	tcred = __task_cred(task);
	ok = pw_same_ids(file->f_cred, tcred) ||
	     file_ns_capable(file, tcred->user_ns, CAP_SYS_PTRACE);
	rcu_read_unlock();
	if (!ok)
		return -EACCES;
	ns = lkm_exec_user_ns(task, mm, &dumpable);
	if (!ns)
		return -ESRCH;
	ok = dumpable || file_ns_capable(file, ns, CAP_SYS_PTRACE);
	put_user_ns(ns);
	return ok ? 0 : -EACCES;
}

/*
 * The target's mm with a reference (mmput it), after the access check.
 * -ESRCH: the process is gone or a zombie; -EINVAL: a kernel thread.
 */
struct mm_struct *pw_get_mm(struct file *file, struct pid *pid)
{
	struct task_struct *task;
	struct mm_struct *mm;
	int ret;

	task = get_pid_task(pid, PIDTYPE_TGID);
	if (!task)
		return ERR_PTR(-ESRCH);
	if (task->flags & PF_KTHREAD) {
		mm = ERR_PTR(-EINVAL);
		goto out;
	}
	ret = down_read_killable(&task->signal->exec_update_lock);
	if (ret < 0) {
		mm = ERR_PTR(ret);
		goto out;
	}
	mm = get_task_mm(task);
	if (!mm) {
		mm = ERR_PTR(-ESRCH);
		goto unlock;
	}
	ret = pw_may_read(file, task, mm);
	if (ret < 0) {
		mmput(mm);
		mm = ERR_PTR(ret);
	}
unlock:
	up_read(&task->signal->exec_update_lock);
out:
	put_task_struct(task);
	return mm;
}

static void pw_fill_header(struct pw_session *s, struct mm_struct *mm)
{
	struct task_struct *task = get_pid_task(s->pid, PIDTYPE_TGID);

	memset(&s->hdr, 0, sizeof(s->hdr));
	s->hdr.pid = pid_nr(s->pid);
	if (task) {
		get_task_comm(s->hdr.comm, task);
		put_task_struct(task);
	}
	pw_arch_header(&s->hdr, mm);
}

/* A new listing from offset 0: look the process up again. */
static int pw_restart(struct pw_session *s)
{
	struct mm_struct *mm;

	pw_walk_unlock(s);
	if (s->mm) {
		mmdrop(s->mm);
		s->mm = NULL;
	}
	s->in_vma = false;
	s->done = false;
	s->have_pending = false;
	s->q_head = 0;
	s->q_len = 0;
	s->addr = 0;
	mm = pw_get_mm(s->file, s->pid);
	if (IS_ERR(mm))
		return PTR_ERR(mm);
	mmgrab(mm);
	s->mm = mm;
	pw_fill_header(s, mm);
	mmput(mm);
	s->show_pfn = file_ns_capable(s->file, &init_user_ns, CAP_SYS_ADMIN);
	return pw_count_tables(s);
}

/* Make the record at index @pos current; 0 at the end, <0 on error. */
static int pw_goto(struct pw_session *s, loff_t pos)
{
	int ret;

	if (pos == 0) {
		s->rec_valid = false;
		s->at_end = false;
		ret = pw_restart(s);
		if (ret < 0)
			return ret;
	} else if (s->at_end) {
		return 0;
	} else if (s->rec_valid && pos == s->rec_pos) {
		return 1;
	} else if (!s->rec_valid || pos != s->rec_pos + 1) {
		return -EINVAL; /* only sequential reads */
	}
	s->rec_valid = false;
	if (pos < PW_HDR_LINES) {
		s->rec_type = PW_REC_HDR;
		s->hdr_line = pos;
		ret = 1;
	} else {
		ret = pw_advance(s);
	}
	if (ret > 0) {
		s->rec_valid = true;
		s->rec_pos = pos;
	} else if (!ret) {
		s->at_end = true;
	}
	return ret;
}

static void *pw_seq_start(struct seq_file *m, loff_t *pos)
{
	int ret = pw_goto(m->private, *pos);

	if (ret < 0)
		return ERR_PTR(ret);
	return ret ? m->private : NULL;
}

static void *pw_seq_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return pw_seq_start(m, pos);
}

/* The end of a chunk of a read: the walk's lock is dropped here. */
static void pw_seq_stop(struct seq_file *m, void *v)
{
	pw_walk_unlock(m->private);
}

static int pw_seq_show(struct seq_file *m, void *v)
{
	struct pw_session *s = v;

	switch (s->rec_type) {
	case PW_REC_HDR:
		pw_show_header(m, s, s->hdr_line);
		break;
	case PW_REC_VMA:
		pw_show_vma(m, s);
		break;
	case PW_REC_RANGE:
		pw_show_range(m, s, &s->rec);
		break;
	}
	return 0;
}

static const struct seq_operations pw_seq_ops = {
	.start = pw_seq_start,
	.next = pw_seq_next,
	.stop = pw_seq_stop,
	.show = pw_seq_show,
};

/*
 * The seq_file's buffer, allocated here as single_open_size() does (seq
 * frees it): a read() returns at most one buffer, and with the default
 * page that was ~40 lines of a listing of one line per page for each
 * read(), ->start and ->stop. Without it seq_read_iter() allocates its page.
 */
#define PW_SEQ_BUF SZ_64K
static void pw_seq_buf(struct seq_file *m)
{
	m->buf = kvmalloc(PW_SEQ_BUF, GFP_KERNEL_ACCOUNT);
	if (m->buf)
		m->size = PW_SEQ_BUF;
}

/* Open with @pid pinned (the reference passes to the session). */
static int pw_open_pid(struct file *file, struct pid *pid)
{
	struct pw_session *s;
	struct mm_struct *mm;
	int ret;

	mm = pw_get_mm(file, pid);
	if (IS_ERR(mm)) {
		ret = PTR_ERR(mm);
		goto err_pid;
	}
	mmput(mm);
	s = __seq_open_private(file, &pw_seq_ops, sizeof(*s));
	if (!s) {
		ret = -ENOMEM;
		goto err_pid;
	}
	s->pathbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!s->pathbuf) {
		seq_release_private(file_inode(file), file);
		ret = -ENOMEM;
		goto err_pid;
	}
	pw_seq_buf(file->private_data);
	s->file = file;
	s->pid = pid;
	return 0;

err_pid:
	put_pid(pid);
	return ret;
}

/*
 * /proc/pagewalk/<pid> carries its PID as the entry's data; "self" has
 * none (0, never a process's PID) and means the opener's own process.
 */
static int pw_open(struct inode *inode, struct file *file)
{
	unsigned long nr = (unsigned long)pde_data(inode);
	struct pid *pid;

	if (!nr)
		return pw_open_pid(file, get_pid(task_tgid(current)));
	rcu_read_lock();
	pid = get_pid(find_pid_ns(nr, &init_pid_ns));
	rcu_read_unlock();
	if (!pid)
		return -ESRCH;
	return pw_open_pid(file, pid);
}

static int pw_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	struct pw_session *s = m->private;

	pw_walk_unlock(s);
	if (s->mm)
		mmdrop(s->mm);
	put_pid(s->pid);
	kfree(s->pathbuf);
	return seq_release_private(inode, file);
}

const struct proc_ops pw_pid_ops = {
	.proc_open = pw_open,
	.proc_read_iter = seq_read_iter,
	.proc_lseek = seq_lseek,
	.proc_release = pw_release,
	.proc_ioctl = pw_ioctl,
#ifdef CONFIG_COMPAT
	.proc_compat_ioctl = compat_ptr_ioctl,
#endif
};
