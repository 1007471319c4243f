// SPDX-License-Identifier: GPL-2.0
/*
 * names.c - systrace's names of the system calls, per entry gate (abi),
 * from /proc/syscall_probe/syscalls, and the -e selection: names and
 * strace's classes (trace=%file, %process, %network, ...).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "systrace.h"

/* The abi of value 2, the 32-bit gate: an AArch32 task's svc on arm64. */
#ifdef __aarch64__
#define ABI_32_NAME "compat"
#else
#define ABI_32_NAME "ia32"
#endif

static int abi_index(const char *abi)
{
	if (!strcmp(abi, "ia32") || !strcmp(abi, "compat"))
		return SYSCALL_PROBE_ABI_IA32;
	if (!strcmp(abi, "x32"))
		return SYSCALL_PROBE_ABI_X32;
	return SYSCALL_PROBE_ABI_64;
}

const char *abi_name(int abi)
{
	return abi == SYSCALL_PROBE_ABI_IA32 ? ABI_32_NAME :
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

/*
 * strace's classes. %file and %desc follow from the kernel's prototypes
 * (a path argument; an fd argument), the others are listed by name.
 */
static const struct {
	const char *name;
	unsigned int bit;
	const char *calls; /* NULL: from the prototypes */
} CLASSES[] = {
	{ "file", CLASS_FILE, NULL },
	{ "desc", CLASS_DESC, NULL },
	{ "process", CLASS_PROCESS,
	  " exit exit_group fork vfork clone clone3 execve execveat wait4 "
	  "waitid waitpid kill tkill tgkill rt_sigqueueinfo rt_tgsigqueueinfo "
	  "pidfd_open pidfd_send_signal unshare " },
	{ "network", CLASS_NETWORK,
	  " socket socketpair bind connect listen accept accept4 getsockname "
	  "getpeername sendto recvfrom sendmsg recvmsg sendmmsg recvmmsg "
	  "setsockopt getsockopt shutdown socketcall " },
	{ "memory", CLASS_MEMORY,
	  " brk mmap mmap2 munmap mremap mprotect pkey_mprotect madvise mlock "
	  "mlock2 munlock mlockall munlockall mincore msync remap_file_pages "
	  "mbind get_mempolicy set_mempolicy migrate_pages move_pages "
	  "process_madvise process_mrelease mseal " },
	{ "signal", CLASS_SIGNAL,
	  " kill tkill tgkill rt_sigaction rt_sigprocmask rt_sigpending "
	  "rt_sigsuspend rt_sigtimedwait rt_sigqueueinfo rt_tgsigqueueinfo "
	  "rt_sigreturn sigaltstack signalfd signalfd4 pause sigreturn "
	  "sigaction sigprocmask signal sigsuspend sigpending pidfd_send_signal " },
	{ "ipc", CLASS_IPC,
	  " ipc msgget msgsnd msgrcv msgctl semget semop semtimedop semctl "
	  "shmget shmat shmdt shmctl " },
};

/* The CLASS_* bit of a class name of -e (with or without %), or 0. */
unsigned int class_bit(const char *word)
{
	size_t i;

	if (*word == '%')
		word++;
	for (i = 0; i < sizeof(CLASSES) / sizeof(CLASSES[0]); i++)
		if (!strcmp(CLASSES[i].name, word))
			return CLASSES[i].bit;
	return 0;
}

static bool in_class(unsigned int classes, const char *name)
{
	const char *k = syscall_kinds(name, SYSCALL_PROBE_ABI_64);
	char key[72];
	size_t i;

	if ((classes & CLASS_FILE) && k && strchr(k, 's'))
		return true;
	if ((classes & CLASS_DESC) && k && strpbrk(k, "dD"))
		return true;
	snprintf(key, sizeof(key), " %s ", name);
	for (i = 0; i < sizeof(CLASSES) / sizeof(CLASSES[0]); i++)
		if ((classes & CLASSES[i].bit) && CLASSES[i].calls &&
		    strstr(CLASSES[i].calls, key))
			return true;
	return false;
}

bool selected(const struct opts *opt, const char *name)
{
	int i;

	if (opt->all || (!opt->nsel && !opt->classes))
		return true;
	for (i = 0; i < opt->nsel; i++)
		if (!strcmp(opt->sel[i], name))
			return true;
	return in_class(opt->classes, name);
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
