// SPDX-License-Identifier: GPL-2.0
/*
 * interp.c - the interpreted kind of binfmt_demo: hands a toy file to the
 * interpreter named in its header, the way fs/binfmt_script.c hands a "#!"
 * script to its shell.
 *
 * argv becomes: interpreter path, path of the toy file, then the original
 * arguments after argv[0]. The exec core then restarts the handler search
 * with the interpreter (usually an ELF, so the chain is binfmt_demo >
 * binfmt_elf); it refuses more than 5 such hand-offs in a row with -ELOOP.
 *
 * Output: with the "verbose" parameter, one log line per hand-off.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/string.h>

#include "toy.h"

int toy_hand_off(struct linux_binprm *bprm, const struct toy_header *h)
{
	char interp[TOY_INTERP_MAX];
	struct file *file;
	int ret;

	/* toy_check() made sure the path is NUL-terminated in the header. */
	strscpy(interp, h->interp, sizeof(interp));

	/* The interpreter must be able to open the toy file after exec. */
	if (bprm->interp_flags & BINPRM_FLAGS_PATH_INACCESSIBLE)
		return -ENOENT;

	if (toy_verbose)
		pr_info("handing %*pE to %s\n",
			(int)strnlen(bprm->filename, 256), bprm->filename,
			interp);

	/* Strings go in reverse order: the stack grows down. */
	ret = remove_arg_zero(bprm);
	if (ret)
		return ret;
	ret = copy_string_kernel(bprm->interp, bprm);
	if (ret < 0)
		return ret;
	bprm->argc++;
	ret = copy_string_kernel(interp, bprm);
	if (ret < 0)
		return ret;
	bprm->argc++;
	ret = bprm_change_interp(interp, bprm);
	if (ret < 0)
		return ret;

	file = open_exec(interp);
	if (IS_ERR(file))
		return PTR_ERR(file);
	bprm->interpreter = file;
	return 0;
}
