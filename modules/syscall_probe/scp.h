/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scp.h - internal interfaces between the parts of syscall_probe: the
 * aggregation table (table.c), the in-flight calls (table.c), the
 * tracepoint probes (probe.c), the event stream (ring.c), the /proc files
 * (proc.c), the syscall name tables (names.c) and the control (main.c).
 */
#ifndef SCP_H
#define SCP_H

#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/cred.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/current.h>

#include "syscall_probe.h"

struct linux_binprm;
struct mm_struct;
struct proc_dir_entry;
struct seq_file;

/* One row of /proc/syscall_probe/stats: one (thread, nr, abi). */
struct scp_row {
	u64 key; /* scp_row_key(); 0 while the slot is free */
	u64 count; /* written last on creation: 0 means "not ready" */
	u64 errors;
	u64 total_ns;
	u64 min_ns;
	u64 max_ns;
	u64 err_other;
	u32 err_cnt[SYSCALL_PROBE_ERRNO_SLOTS];
	u16 err_no[SYSCALL_PROBE_ERRNO_SLOTS];
	pid_t pid;
	pid_t tgid;
	kuid_t uid;
	s32 nr;
	u8 abi;
	char comm[TASK_COMM_LEN];
	u32 hist[SYSCALL_PROBE_HIST_SLOTS];
};

/*
 * User memory read at entry while the stream is open: the call's first
 * string argument, or the start of write's buffer, then a second string
 * or execve's argv after the first's NUL (see syscall_probe.h).
 */
struct scp_capture {
	u8 arg; /* SYSCALL_PROBE_STR_NONE: nothing captured */
	u8 flags;
	u16 len;
	u8 arg2; /* SYSCALL_PROBE_STR_NONE: no second capture */
	u8 flags2;
	u8 len2;
	u8 retry; /* not readable at entry: what to read at the return */
	const struct mm_struct *mm; /* the address space at entry */
	char buf[SYSCALL_PROBE_STR_MAX];
};

/* A system call entered and not yet returned, one per thread. */
struct scp_flight {
	atomic64_t state; /* (pid << 1) | busy; 0 while free */
	s32 nr;
	u8 abi;
	bool mono; /* ts_ns is ktime_get_ns(), else local_clock() */
	u64 ts_ns; /* entry time */
	unsigned long args[6];
	struct scp_capture str; /* valid while the stream is open */
};

/* Counters of what could not be tracked (status file). */
struct scp_counters {
	atomic64_t rows_full; /* no free row for a new (thread, nr, abi) */
	atomic64_t flight_full; /* no in-flight slot: call not timed */
	atomic64_t unpaired; /* return without a seen entry */
	atomic64_t follow_full; /* child not followed: follow set full */
};

/* Filters (changed only while the probes are detached). */
enum scp_filter_mode { SCP_FILTER_NONE, SCP_FILTER_PID, SCP_FILTER_COMM };

#define SCP_FOLLOW_MAX 256

/*
 * The filtered process and its followed descendants are held as struct pid
 * references (the tgid's): compared by address, a pid number reused by a
 * new process never matches, and a descendant stays followed after it is
 * reparented. The followed descendants are kept by probe.c.
 */
struct scp_filter {
	enum scp_filter_mode mode;
	bool children;
	pid_t tgid; /* as written, for the status file */
	struct pid *pid; /* reference to the filtered process's tgid */
	char comm[TASK_COMM_LEN];
};

extern unsigned int scp_max_entries;
extern struct scp_counters scp_counters;
extern struct scp_filter scp_filter;

/* table.c; what the probes call per system call is in table.h */
int scp_table_init(unsigned int entries);
void scp_table_exit(void);
void scp_table_reset(void);
void scp_flight_clear(void);
struct scp_row *scp_row_at(unsigned int idx);
unsigned int scp_rows_used(void);
void scp_flight_release(pid_t pid);
void scp_flight_move(pid_t from, pid_t to);

/* probe.c */
int scp_probe_find(void);
int scp_probe_attach(void);
void scp_probe_detach(void);
void scp_follow_clear(void);

/* capture.c */
void scp_capture(struct scp_capture *c, s32 nr, u8 abi,
		 const unsigned long *args);
void scp_capture_retry(struct scp_capture *c, u8 abi,
		       const unsigned long *args);

/* ring.c */
int scp_ring_init(unsigned int records);
void scp_ring_exit(void);
void scp_ring_shutdown(void);
extern bool scp_stream_active; /* records are made */
extern pid_t scp_reader_tgid; /* the reader's own calls are not */

/* Is a stream open, and is current not its reader? At every call: inline. */
static __always_inline bool scp_ring_active(void)
{
	/* Pairs with smp_store_release() of scp_stream_active at open. */
	return smp_load_acquire(&scp_stream_active) &&
	       current->tgid != READ_ONCE(scp_reader_tgid);
}

void scp_ring_emit(const struct scp_flight *f, s64 ret, u64 now, u8 flags);
int scp_ring_proc_init(struct proc_dir_entry *dir);
void scp_ring_counters(u64 *generated, u64 *dropped, u64 *delivered);

/* cpl.c */
int scp_cpl_proc_init(struct proc_dir_entry *dir);

/*
 * Which arguments of a call point to user memory to capture, from the
 * tables generated with the names (Kbuild), one byte per call: 0 for
 * none; bits 0-2: SCP_STR_ARG(i) for a string in args[i], or with bit 7
 * SCP_STR_BUF(i) for a buffer in args[i] whose length is args[i + 1];
 * bits 3-5: SCP_STR_ARG2(j) for a second string in args[j], or with bit 6
 * SCP_STR_ARGV(j) for an array of strings (execve's argv) in args[j].
 */
#define SCP_STR_ARG(i) ((i) + 1)
#define SCP_STR_BUF(i) (0x80 | ((i) + 1))
#define SCP_STR_ARG2(j) (((j) + 1) << 3)
#define SCP_STR_ARGV(j) (0x40 | SCP_STR_ARG2(j))
#define SCP_STR_IS_BUF(v) ((v) >= 0x80)
#define SCP_STR_IS_ARGV(v) ((v) % 0x80 >= 0x40)
#define SCP_STR_INDEX(v) ((int)((v) % 8) - 1)
#define SCP_STR2_INDEX(v) ((int)((v) / 8 % 8) - 1)

/* names.c */
const char *scp_syscall_name(s32 nr, u8 abi);
const char *scp_abi_name(u8 abi);
int scp_names_show(struct seq_file *m, void *v);
u8 scp_str_arg(s32 nr, u8 abi);

/* proc.c */
int scp_proc_init(void);
void scp_proc_exit(void);

/* main.c: control commands, serialised by one mutex */
int scp_control(char *cmd);
bool scp_enabled(void);
void scp_filter_show(struct seq_file *m);

#endif /* SCP_H */
