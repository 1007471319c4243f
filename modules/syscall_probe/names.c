// SPDX-License-Identifier: GPL-2.0
/*
 * names.c - system call names of syscall_probe, for the name column of
 * /proc/syscall_probe/stats and the table /proc/syscall_probe/syscalls.
 *
 * The tables are generated at build time (see Kbuild) from the unistd
 * headers of the kernel being built against, so the names always match
 * its numbering: on x86-64 unistd_64.h, unistd_32.h (ia32) and
 * unistd_x32.h; on arm64 unistd_64.h (the generic numbering of
 * asm-generic/unistd.h) and unistd_32.h (AArch32, the compat abi).
 *
 * So are the tables of which argument the stream captures (capture.c):
 * the first "const char __user *" argument of each call's prototype in
 * include/linux/syscalls.h, matched to the numbers by name.
 */
#include <linux/kernel.h>
#include <linux/seq_file.h>

#include "arch.h"
#include "scp.h"

static const char *const names_64[] = {
#include "scp_names_64.h"
};

static const char *const names_32[] = {
#include "scp_names_32.h"
};

#if SCP_ARCH_HAS_X32
static const char *const names_x32[] = {
#include "scp_names_x32.h"
};
#endif

/* Per number, the argument to capture (SCP_STR_ARG(), SCP_STR_BUF()). */
static const u8 str_64[] = {
#include "scp_str_64.h"
};

static const u8 str_32[] = {
#include "scp_str_32.h"
};

#if SCP_ARCH_HAS_X32
static const u8 str_x32[] = {
#include "scp_str_x32.h"
};
#endif

static const struct scp_names {
	u8 abi;
	const char *const *tab;
	size_t n;
	const u8 *str;
	size_t nstr;
} scp_tables[] = {
	{ SYSCALL_PROBE_ABI_64, names_64, ARRAY_SIZE(names_64), str_64,
	  ARRAY_SIZE(str_64) },
	{ SYSCALL_PROBE_ABI_IA32, names_32, ARRAY_SIZE(names_32), str_32,
	  ARRAY_SIZE(str_32) },
#if SCP_ARCH_HAS_X32
	{ SYSCALL_PROBE_ABI_X32, names_x32, ARRAY_SIZE(names_x32), str_x32,
	  ARRAY_SIZE(str_x32) },
#endif
};

/* Name of system call @nr in @abi's table, "?" if it has none. */
const char *scp_syscall_name(s32 nr, u8 abi)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(scp_tables); i++) {
		const struct scp_names *t = &scp_tables[i];

		if (t->abi != abi)
			continue;
		if (nr < 0 || nr >= t->n || !t->tab[nr])
			return "?";
		return t->tab[nr];
	}
	return "?";
}

/* Which argument of @nr in @abi's table to capture; 0 for none. */
u8 scp_str_arg(s32 nr, u8 abi)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(scp_tables); i++) {
		const struct scp_names *t = &scp_tables[i];

		if (t->abi == abi)
			return nr >= 0 && nr < t->nstr ? t->str[nr] : 0;
	}
	return 0;
}

/* "64", and "ia32", "x32" (x86-64) or "compat" (arm64). */
const char *scp_abi_name(u8 abi)
{
	switch (abi) {
	case SYSCALL_PROBE_ABI_IA32:
		return SCP_ARCH_ABI_32_NAME;
	case SYSCALL_PROBE_ABI_X32:
		return "x32";
	default:
		return "64";
	}
}

/* /proc/syscall_probe/syscalls: "abi nr name" for every known number. */
int scp_names_show(struct seq_file *m, void *v)
{
	size_t i, nr;

	for (i = 0; i < ARRAY_SIZE(scp_tables); i++) {
		const struct scp_names *t = &scp_tables[i];

		for (nr = 0; nr < t->n; nr++)
			if (t->tab[nr])
				seq_printf(m, "%s %zu %s\n",
					   scp_abi_name(t->abi), nr,
					   t->tab[nr]);
	}
	return 0;
}
