// SPDX-License-Identifier: GPL-2.0
/*
 * load.c - the native loader of binfmt_demo: replaces the calling process
 * with a validated toy executable, the way fs/binfmt_elf.c does for a
 * static ELF (no interpreter, no vDSO).
 *
 * Everything that can be refused was checked by toy_check() before we get
 * here. After begin_new_exec() the old image is gone: any error from then
 * on makes the exec core kill the task with SIGSEGV.
 *
 * Output: the new process itself (/proc/<pid>/maps, cmdline, environ, exe,
 * auxv); with the "verbose" parameter, one log line per program loaded.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/auxvec.h>
#include <linux/cred.h>
#include <linux/elf.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/personality.h>
#include <linux/ptrace.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "toy.h"

static unsigned long toy_prot(u32 flags)
{
	unsigned long prot = 0;

	if (flags & TOY_SEG_R)
		prot |= PROT_READ;
	if (flags & TOY_SEG_W)
		prot |= PROT_WRITE;
	if (flags & TOY_SEG_X)
		prot |= PROT_EXEC;
	return prot;
}

/*
 * Map one segment: its file pages with its permissions, then zero the rest
 * of the last file page and add anonymous pages for the remaining bss.
 * The validator guarantees that no two segments share a page, so
 * MAP_FIXED_NOREPLACE never meets an existing mapping. The bss pages are an
 * anonymous read-write mapping made with vm_mmap(), like binfmt_elf's
 * vm_brk_flags() makes them: vm_mmap() is exported on every kernel, while
 * vm_brk_flags() is no longer exported from 7.2 on.
 */
static int toy_map_segment(struct file *file, const struct toy_segment *s)
{
	unsigned long start = PAGE_ALIGN_DOWN(s->vaddr);
	unsigned long file_end = s->vaddr + s->filesz;
	unsigned long mem_end = PAGE_ALIGN(s->vaddr + s->memsz);
	unsigned long anon = start;
	unsigned long addr, flags;

	if (s->filesz) {
		anon = PAGE_ALIGN(file_end);
		addr = vm_mmap(file, start, anon - start, toy_prot(s->flags),
			       MAP_PRIVATE | MAP_FIXED_NOREPLACE,
			       PAGE_ALIGN_DOWN(s->offset));
		if (IS_ERR_VALUE(addr))
			return (int)addr;
	}
	if (s->memsz > s->filesz && s->filesz && offset_in_page(file_end)) {
		if (clear_user((void __user *)file_end,
			       PAGE_SIZE - offset_in_page(file_end)))
			return -EFAULT;
	}
	if (mem_end > anon) {
		flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
		addr = vm_mmap(NULL, anon, mem_end - anon,
			       PROT_READ | PROT_WRITE, flags, 0);
		if (IS_ERR_VALUE(addr))
			return (int)addr;
	}
	return 0;
}

static int toy_map_segments(struct linux_binprm *bprm,
			    const struct toy_header *h)
{
	struct mm_struct *mm = current->mm;
	unsigned long end = 0;
	int i, ret;

	mm->start_code = ~0UL;
	mm->end_code = 0;
	mm->start_data = 0;
	mm->end_data = 0;
	for (i = 0; i < h->nsegs; i++) {
		const struct toy_segment *s = &h->seg[i];

		ret = toy_map_segment(bprm->file, s);
		if (ret)
			return ret;
		if (s->flags & TOY_SEG_X) {
			mm->start_code =
				min_t(unsigned long, mm->start_code, s->vaddr);
			mm->end_code = max_t(unsigned long, mm->end_code,
					     s->vaddr + s->filesz);
		}
		if ((s->flags & TOY_SEG_W) && !mm->start_data) {
			mm->start_data = s->vaddr;
			mm->end_data = s->vaddr + s->filesz;
		}
		end = max_t(unsigned long, end, s->vaddr + s->memsz);
	}
	if (!mm->start_data) {
		mm->start_data = mm->end_code;
		mm->end_data = mm->end_code;
	}
	/* Like binfmt_elf: with ASLR, a gap and up to 32 MiB of randomness. */
	mm->start_brk = PAGE_ALIGN(end);
	if (current->flags & PF_RANDOMIZE)
		mm->start_brk += PAGE_SIZE +
				 ((get_random_long() & 0x1fff) << PAGE_SHIFT);
	mm->brk = mm->start_brk;
	return 0;
}

static void toy_aux(unsigned long *auxv, int *n, unsigned long id,
		    unsigned long val)
{
	auxv[(*n)++] = id;
	auxv[(*n)++] = val;
}

/* The AT_HWCAP* tags, in the order of the capability words. */
static const unsigned long toy_hwcap_tags[] = {
	AT_HWCAP,
#ifdef AT_HWCAP2
	AT_HWCAP2,
#endif
#ifdef AT_HWCAP3
	AT_HWCAP3,
#endif
};

/* Fill mm->saved_auxv (also /proc/<pid>/auxv); returns the word count. */
static int toy_fill_auxv(struct linux_binprm *bprm, const struct toy_header *h,
			 unsigned long u_platform, unsigned long u_rand)
{
	const struct cred *cred = current_cred();
	unsigned long *auxv = current->mm->saved_auxv;
	unsigned int w;
	int n = 0;

	/* AT_HWCAP first, as binfmt_elf puts it: libcs look it up early. */
	for (w = 0; w < TOY_ARCH_HWCAP_WORDS && w < ARRAY_SIZE(toy_hwcap_tags);
	     w++)
		toy_aux(auxv, &n, toy_hwcap_tags[w], toy_arch_hwcap(w));
	toy_aux(auxv, &n, AT_PAGESZ, PAGE_SIZE);
	toy_aux(auxv, &n, AT_CLKTCK, CLOCKS_PER_SEC);
	toy_aux(auxv, &n, AT_ENTRY, h->entry);
	toy_aux(auxv, &n, AT_UID, from_kuid_munged(cred->user_ns, cred->uid));
	toy_aux(auxv, &n, AT_EUID, from_kuid_munged(cred->user_ns, cred->euid));
	toy_aux(auxv, &n, AT_GID, from_kgid_munged(cred->user_ns, cred->gid));
	toy_aux(auxv, &n, AT_EGID, from_kgid_munged(cred->user_ns, cred->egid));
	toy_aux(auxv, &n, AT_SECURE, bprm->secureexec);
	toy_aux(auxv, &n, AT_RANDOM, u_rand);
	toy_aux(auxv, &n, AT_EXECFN, bprm->exec);
	toy_aux(auxv, &n, AT_PLATFORM, u_platform);
	/* AT_NULL, and clear the rest of the saved copy. */
	memset(auxv + n, 0,
	       sizeof(current->mm->saved_auxv) - n * sizeof(*auxv));
	return n + 2;
}

/* Write one NULL-terminated pointer array for count strings at *p. */
static int toy_put_strings(unsigned long __user **sp, unsigned long *p,
			   int count)
{
	size_t len;

	while (count-- > 0) {
		if (put_user(*p, (*sp)++))
			return -EFAULT;
		len = strnlen_user((void __user *)*p, MAX_ARG_STRLEN);
		if (!len || len > MAX_ARG_STRLEN)
			return -EINVAL;
		*p += len;
	}
	return put_user(0UL, (*sp)++) ? -EFAULT : 0;
}

/*
 * Build the initial stack below the argument and environment strings:
 * the platform string (ELF_PLATFORM: "x86_64", "aarch64") and 16 random
 * bytes, then (16-byte aligned, lowest first, as both architectures' ABIs
 * want the stack pointer at the entry point) argc, argv[], NULL, envp[],
 * NULL, auxv pairs ending with AT_NULL.
 */
static int toy_create_tables(struct linux_binprm *bprm,
			     const struct toy_header *h)
{
	struct mm_struct *mm = current->mm;
	const char *platform = ELF_PLATFORM;
	size_t len = strlen(platform) + 1;
	unsigned long __user *sp;
	unsigned long p = bprm->p;
	unsigned long u_platform;
	u8 rnd[16];
	int words, ret;

	p -= len;
	u_platform = p;
	if (copy_to_user((void __user *)p, platform, len))
		return -EFAULT;
	p &= ~15UL;
	get_random_bytes(rnd, sizeof(rnd));
	p -= sizeof(rnd);
	if (copy_to_user((void __user *)p, rnd, sizeof(rnd)))
		return -EFAULT;
	words = toy_fill_auxv(bprm, h, u_platform, p);

	words += 1 + (bprm->argc + 1) + (bprm->envc + 1);
	sp = (unsigned long __user *)((p - words * sizeof(long)) & ~15UL);
	bprm->p = (unsigned long)sp;

	if (put_user((unsigned long)bprm->argc, sp++))
		return -EFAULT;
	p = mm->arg_start;
	ret = toy_put_strings(&sp, &p, bprm->argc);
	if (ret)
		return ret;
	mm->arg_end = p;
	mm->env_start = p;
	ret = toy_put_strings(&sp, &p, bprm->envc);
	if (ret)
		return ret;
	mm->env_end = p;
	words = (words - 3 - bprm->argc - bprm->envc) * sizeof(long);
	if (copy_to_user(sp, mm->saved_auxv, words))
		return -EFAULT;
	return 0;
}

/*
 * Where the stack goes: STACK_TOP, lowered with ASLR by up to
 * STACK_RND_MASK pages (16 GiB on x86-64, 1 GiB on arm64).
 */
static unsigned long toy_stack_top(void)
{
	unsigned long top = STACK_TOP;

	if (current->flags & PF_RANDOMIZE)
		top -= (get_random_long() & STACK_RND_MASK) << PAGE_SHIFT;
	return PAGE_ALIGN(top);
}

int toy_load_native(struct linux_binprm *bprm, const struct toy_header *h)
{
	struct pt_regs *regs;
	int ret;

	if (toy_verbose)
		pr_info("loading %*pE: %u segments, entry 0x%llx\n",
			(int)strnlen(bprm->filename, 256), bprm->filename,
			h->nsegs, h->entry);

	ret = begin_new_exec(bprm);
	if (ret)
		return ret;

	/* Point of no return: nothing may fail before setup_new_exec(). */
	current->personality &= ~READ_IMPLIES_EXEC;
	if (!(current->personality & ADDR_NO_RANDOMIZE))
		current->flags |= PF_RANDOMIZE;
	setup_new_exec(bprm);

	ret = setup_arg_pages(bprm, toy_stack_top(), EXSTACK_DISABLE_X);
	if (ret)
		return ret;
	ret = toy_map_segments(bprm, h);
	if (ret)
		return ret;
	set_binfmt(&toy_format);
	ret = toy_create_tables(bprm, h);
	if (ret)
		return ret;
	current->mm->start_stack = bprm->p;

	regs = current_pt_regs();
	finalize_exec(bprm);
	toy_arch_start_thread(regs, h->entry, bprm->p);
	return 0;
}
