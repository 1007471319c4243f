// SPDX-License-Identifier: GPL-2.0
/*
 * cpl.c - /proc/syscall_probe/ring, a teaching aid: its read handler runs in
 * the kernel, on behalf of the reading process, and reads there the
 * register that says at which privilege level the CPU runs (arch_*.h):
 *   x86-64: cs 0x0010 cpl 0     (ring 0; a user program reads CPL 3)
 *   arm64:  CurrentEL 0x4 el 1  (EL1; user code, at EL0, cannot read it)
 * tests/progs/demo_ring.c is the user side of the same read.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "arch.h"
#include "scp.h"

static int scp_cpl_show(struct seq_file *m, void *v)
{
	scp_arch_ring_show(m);
	return 0;
}

int scp_cpl_proc_init(struct proc_dir_entry *dir)
{
	if (!proc_create_single(SYSCALL_PROBE_RING, 0444, dir, scp_cpl_show))
		return -ENOMEM;
	return 0;
}
