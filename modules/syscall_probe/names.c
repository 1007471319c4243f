// SPDX-License-Identifier: GPL-2.0
/*
 * names.c - system call names of syscall_probe, for the name column of
 * /proc/syscall_probe/stats and the table /proc/syscall_probe/syscalls.
 *
 * The tables are generated at build time (see Kbuild) from the uapi
 * unistd_64.h, unistd_32.h and unistd_x32.h of the kernel being built
 * against, so the names always match its numbering.
 */
#include <linux/kernel.h>
#include <linux/seq_file.h>

#include "scp.h"

static const char *const names_64[] = {
#include "scp_names_64.h"
};

static const char *const names_32[] = {
#include "scp_names_32.h"
};

static const char *const names_x32[] = {
#include "scp_names_x32.h"
};

static const char *scp_lookup(const char *const *tab, size_t n, s32 nr)
{
	if (nr < 0 || nr >= n || !tab[nr])
		return "?";
	return tab[nr];
}

/* Name of system call @nr in @abi's table, "?" if it has none. */
const char *scp_syscall_name(s32 nr, u8 abi)
{
	switch (abi) {
	case SYSCALL_PROBE_ABI_IA32:
		return scp_lookup(names_32, ARRAY_SIZE(names_32), nr);
	case SYSCALL_PROBE_ABI_X32:
		return scp_lookup(names_x32, ARRAY_SIZE(names_x32), nr);
	default:
		return scp_lookup(names_64, ARRAY_SIZE(names_64), nr);
	}
}

const char *scp_abi_name(u8 abi)
{
	switch (abi) {
	case SYSCALL_PROBE_ABI_IA32:
		return "ia32";
	case SYSCALL_PROBE_ABI_X32:
		return "x32";
	default:
		return "64";
	}
}

static void scp_names_table(struct seq_file *m, const char *const *tab,
			    size_t n, u8 abi)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (tab[i])
			seq_printf(m, "%s %zu %s\n", scp_abi_name(abi), i,
				   tab[i]);
}

/* /proc/syscall_probe/syscalls: "abi nr name" for every known number. */
int scp_names_show(struct seq_file *m, void *v)
{
	scp_names_table(m, names_64, ARRAY_SIZE(names_64),
			SYSCALL_PROBE_ABI_64);
	scp_names_table(m, names_32, ARRAY_SIZE(names_32),
			SYSCALL_PROBE_ABI_IA32);
	scp_names_table(m, names_x32, ARRAY_SIZE(names_x32),
			SYSCALL_PROBE_ABI_X32);
	return 0;
}
