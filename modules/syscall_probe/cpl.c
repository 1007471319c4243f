// SPDX-License-Identifier: GPL-2.0
/*
 * cpl.c - /proc/syscall_probe/ring, a teaching aid: its read handler runs in
 * the kernel, on behalf of the reading process, and reads the cs register
 * there. The low two bits of cs are the current privilege level (CPL): 0
 * while the CPU runs kernel code. The same read done by a user program
 * (tests/progs/demo_ring.c) gives 3. Output, one line:
 *   cs 0x0010 cpl 0
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "scp.h"

static int scp_cpl_show(struct seq_file *m, void *v)
{
	unsigned short cs;

	asm volatile("mov %%cs, %0" : "=r"(cs));
	seq_printf(m, "cs 0x%04x cpl %u\n", cs, cs & 3);
	return 0;
}

int scp_cpl_proc_init(struct proc_dir_entry *dir)
{
	if (!proc_create_single(SYSCALL_PROBE_RING, 0444, dir, scp_cpl_show))
		return -ENOMEM;
	return 0;
}
