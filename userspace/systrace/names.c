// SPDX-License-Identifier: GPL-2.0
/*
 * names.c - systrace's names of the system calls, per entry gate (abi),
 * from /proc/syscall_probe/syscalls, and the -e selection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "systrace.h"

static int abi_index(const char *abi)
{
	if (!strcmp(abi, "ia32"))
		return SYSCALL_PROBE_ABI_IA32;
	if (!strcmp(abi, "x32"))
		return SYSCALL_PROBE_ABI_X32;
	return SYSCALL_PROBE_ABI_64;
}

const char *abi_name(int abi)
{
	return abi == SYSCALL_PROBE_ABI_IA32 ? "ia32" :
	       abi == SYSCALL_PROBE_ABI_X32  ? "x32" :
					       "64";
}

int load_names(struct names *names)
{
	char path[128], abi[8], name[64];
	FILE *f;
	int nr;

	procfs_path(&sys_module, SYSCALL_PROBE_SYSCALLS, path, sizeof(path));
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fscanf(f, "%7s %d %63s", abi, &nr, name) == 3)
		if (nr >= 0 && nr < MAX_NR)
			names->name[abi_index(abi) - 1][nr] = strdup(name);
	fclose(f);
	return 0;
}

const char *nr_name(const struct names *names, int abi, int nr, char *buf,
		    size_t len)
{
	if (abi >= 1 && abi <= 3 && nr >= 0 && nr < MAX_NR &&
	    names->name[abi - 1][nr])
		return names->name[abi - 1][nr];
	snprintf(buf, len, "syscall_%d", nr);
	return buf;
}

bool selected(const struct opts *opt, const char *name)
{
	int i;

	if (!opt->nsel)
		return true;
	for (i = 0; i < opt->nsel; i++)
		if (!strcmp(opt->sel[i], name))
			return true;
	return false;
}

/* Is every name of -e a system call the module knows? */
int check_selection(const struct opts *opt, const struct names *names)
{
	int i, a, nr;

	for (i = 0; i < opt->nsel; i++) {
		bool found = false;

		for (a = 0; a < 3 && !found; a++)
			for (nr = 0; nr < MAX_NR && !found; nr++)
				found = names->name[a][nr] &&
					!strcmp(names->name[a][nr],
						opt->sel[i]);
		if (!found) {
			fprintf(stderr, "systrace: unknown system call: %s\n",
				opt->sel[i]);
			return -1;
		}
	}
	return 0;
}
