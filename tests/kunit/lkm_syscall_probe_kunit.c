// SPDX-License-Identifier: GPL-2.0
/*
 * lkm_syscall_probe_kunit.c - KUnit suite "lkm_syscall_probe": the control
 * file of syscall_probe (/proc/syscall_probe/control) as the module parses
 * and runs it: every command, the probes detached around every change of
 * filter or table and attached again only if tracing was on, a failed
 * attach reported and leaving tracing off, every malformed command refused
 * (EINVAL, ESRCH for a PID that does not exist, EINVAL for a kernel
 * thread) without touching the probes or the filter, and the write
 * handler's limits (empty, 64 bytes, bad user pointer: EFAULT).
 *
 * The parser is in modules/syscall_probe/main.c and the write handler is
 * static in proc.c, so this file #includes both (the KUnit way of testing
 * static functions) and provides fakes for what the other files define:
 * counting probe attach/detach and table reset, an empty table, no
 * stream. main.c's module_init is not run: loading this module creates no
 * /proc/syscall_probe (the real module may be loaded too).
 * Results: dmesg and /sys/kernel/debug/kunit/lkm_syscall_probe/results.
 */
/*
 * main.c's module_init()/module_exit() are not this module's: it must not
 * create /proc/syscall_probe. They are kept referenced, never called.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt
#include <linux/module.h>
#undef module_init
#undef module_exit
#define module_init(fn) static int (*lkm_kunit_init)(void) __maybe_unused = fn
#define module_exit(fn) static void (*lkm_kunit_exit)(void) __maybe_unused = fn

#include "../../modules/syscall_probe/main.c"
#include "../../modules/syscall_probe/proc.c"

#include <kunit/test.h>
#include <linux/mman.h>

/* Fakes of probe.c: count what the control code asks for. */
static int scp_fake_attached, scp_fake_attaches, scp_fake_detaches;
static int scp_fake_resets, scp_fake_attach_ret;

int scp_probe_find(void)
{
	return 0;
}

int scp_probe_attach(void)
{
	if (scp_fake_attach_ret)
		return scp_fake_attach_ret;
	scp_fake_attaches++;
	scp_fake_attached = 1;
	return 0;
}

void scp_probe_detach(void)
{
	scp_fake_detaches++;
	scp_fake_attached = 0;
}

/* Newer main.c clears the followed children through probe.c. */
void scp_follow_clear(void);
void scp_follow_clear(void)
{
}

/* Fakes of table.c, ring.c and names.c. */
int scp_table_init(unsigned int entries)
{
	return 0;
}

void scp_table_exit(void)
{
}

void scp_table_reset(void)
{
	scp_fake_resets++;
}

struct scp_row *scp_row_at(unsigned int idx)
{
	return NULL;
}

unsigned int scp_rows_used(void)
{
	return 0;
}

int scp_ring_init(unsigned int records)
{
	return 0;
}

void scp_ring_exit(void)
{
}

void scp_ring_shutdown(void)
{
}

int scp_ring_proc_init(struct proc_dir_entry *dir)
{
	return 0;
}

void scp_ring_counters(u64 *generated, u64 *dropped, u64 *delivered)
{
	*generated = 0;
	*dropped = 0;
	*delivered = 0;
}

/* Newer proc.c also creates the "ring" file (cpl.c). */
int scp_cpl_proc_init(struct proc_dir_entry *dir);
int scp_cpl_proc_init(struct proc_dir_entry *dir)
{
	return 0;
}

const char *scp_syscall_name(s32 nr, u8 abi)
{
	return "?";
}

const char *scp_abi_name(u8 abi)
{
	return "64";
}

int scp_names_show(struct seq_file *m, void *v)
{
	return 0;
}

/* Each test starts with tracing off, no filter and zeroed counters. */
static int scp_test_init(struct kunit *test)
{
	char off[] = "disable", none[] = "filter none";

	scp_fake_attach_ret = 0;
	KUNIT_ASSERT_EQ(test, scp_control(off), 0);
	KUNIT_ASSERT_EQ(test, scp_control(none), 0);
	scp_fake_attaches = 0;
	scp_fake_detaches = 0;
	scp_fake_resets = 0;
	return 0;
}

static int scp_cmd(const char *text)
{
	char buf[SCP_CMD_MAX];

	strscpy(buf, text, sizeof(buf));
	return scp_control(buf);
}

static void scp_enable_disable(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, scp_cmd("enable"), 0);
	KUNIT_EXPECT_TRUE(test, scp_enabled());
	KUNIT_EXPECT_EQ(test, scp_fake_attaches, 1);
	KUNIT_EXPECT_EQ(test, scp_cmd("enable"), 0);
	KUNIT_EXPECT_EQ(test, scp_fake_attaches, 1);
	KUNIT_EXPECT_EQ(test, scp_cmd("disable"), 0);
	KUNIT_EXPECT_FALSE(test, scp_enabled());
	KUNIT_EXPECT_EQ(test, scp_fake_detaches, 1);
	KUNIT_EXPECT_EQ(test, scp_cmd("disable"), 0);
	KUNIT_EXPECT_EQ(test, scp_fake_detaches, 1);
	/* blanks around and between words do not matter */
	KUNIT_EXPECT_EQ(test, scp_cmd("\t enable  "), 0);
	KUNIT_EXPECT_TRUE(test, scp_enabled());
}

static void scp_attach_fails(struct kunit *test)
{
	scp_fake_attach_ret = -EBUSY;
	KUNIT_EXPECT_EQ(test, scp_cmd("enable"), -EBUSY);
	KUNIT_EXPECT_FALSE(test, scp_enabled());
	scp_fake_attach_ret = 0;
	KUNIT_EXPECT_EQ(test, scp_cmd("enable"), 0);
	KUNIT_EXPECT_TRUE(test, scp_enabled());
}

/* reset: probes off, table and counters cleared, probes back if on. */
static void scp_reset_cmd(struct kunit *test)
{
	atomic64_set(&scp_counters.rows_full, 5);
	atomic64_set(&scp_counters.unpaired, 7);
	KUNIT_EXPECT_EQ(test, scp_cmd("reset"), 0);
	KUNIT_EXPECT_EQ(test, scp_fake_resets, 1);
	KUNIT_EXPECT_EQ(test, scp_fake_attaches, 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&scp_counters.rows_full), 0LL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&scp_counters.unpaired), 0LL);
	KUNIT_ASSERT_EQ(test, scp_cmd("enable"), 0);
	KUNIT_EXPECT_EQ(test, scp_cmd("reset"), 0);
	KUNIT_EXPECT_EQ(test, scp_fake_resets, 2);
	KUNIT_EXPECT_EQ(test, scp_fake_detaches, 1);
	KUNIT_EXPECT_EQ(test, scp_fake_attaches, 2);
	KUNIT_EXPECT_TRUE(test, scp_enabled());
}

static void scp_filters(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, scp_cmd("filter comm make"), 0);
	KUNIT_EXPECT_EQ(test, scp_filter.mode, SCP_FILTER_COMM);
	KUNIT_EXPECT_STREQ(test, scp_filter.comm, "make");
	KUNIT_EXPECT_EQ(test, scp_cmd("filter comm 123456789012345"), 0);
	KUNIT_EXPECT_STREQ(test, scp_filter.comm, "123456789012345");
	/* PID 1 is init, a user process */
	KUNIT_EXPECT_EQ(test, scp_cmd("filter pid 1"), 0);
	KUNIT_EXPECT_EQ(test, scp_filter.mode, SCP_FILTER_PID);
	KUNIT_EXPECT_EQ(test, scp_filter.tgid, 1);
	KUNIT_EXPECT_FALSE(test, scp_filter.children);
	KUNIT_EXPECT_EQ(test, scp_cmd("filter pid 1 children"), 0);
	KUNIT_EXPECT_TRUE(test, scp_filter.children);
	KUNIT_EXPECT_EQ(test, scp_cmd("filter none"), 0);
	KUNIT_EXPECT_EQ(test, scp_filter.mode, SCP_FILTER_NONE);
	/* tracing was off: nothing attached */
	KUNIT_EXPECT_EQ(test, scp_fake_attaches, 0);
}

/* A new filter while tracing: probes detached, set, attached again. */
static void scp_filter_while_on(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, scp_cmd("enable"), 0);
	KUNIT_EXPECT_EQ(test, scp_cmd("filter comm bash"), 0);
	KUNIT_EXPECT_EQ(test, scp_fake_detaches, 1);
	KUNIT_EXPECT_EQ(test, scp_fake_attaches, 2);
	KUNIT_EXPECT_TRUE(test, scp_enabled());
	KUNIT_EXPECT_EQ(test, scp_filter.mode, SCP_FILTER_COMM);
}

static void scp_filter_pids(struct kunit *test)
{
	char self[32];

	snprintf(self, sizeof(self), "filter pid %d", current->pid);
	KUNIT_ASSERT_EQ(test, scp_cmd("filter comm keep"), 0);
	/* kernel threads (this test's, kthreadd) cannot be filtered */
	KUNIT_EXPECT_EQ(test, scp_cmd(self), -EINVAL);
	KUNIT_EXPECT_EQ(test, scp_cmd("filter pid 2"), -EINVAL);
	/* above the default pid_max: no such process */
	KUNIT_EXPECT_EQ(test, scp_cmd("filter pid 4194304"), -ESRCH);
	KUNIT_EXPECT_EQ(test, scp_filter.mode, SCP_FILTER_COMM);
	KUNIT_EXPECT_STREQ(test, scp_filter.comm, "keep");
}

/* Each refused command returns EINVAL and changes nothing. */
static const char *const scp_bad_commands[] = {
	"",
	"   ",
	"bogus",
	"Enable",
	"enable now",
	"reset all",
	"filter",
	"filter none x",
	"filter pid",
	"filter pid 0",
	"filter pid -1",
	"filter pid 1x",
	"filter pid 0x1",
	"filter pid 99999999999999999999",
	"filter pid 1 kids",
	"filter pid 1 children more",
	"filter comm",
	"filter comm a b",
	"filter comm 1234567890123456",
	"filter uid 0",
	"a b c d e f",
};

static void scp_bad_desc(const char *const *cmd, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%s\"", *cmd);
}

KUNIT_ARRAY_PARAM(scp_bad, scp_bad_commands, scp_bad_desc);

static void scp_refused(struct kunit *test)
{
	const char *const *cmd = test->param_value;

	KUNIT_ASSERT_EQ(test, scp_cmd("enable"), 0);
	KUNIT_ASSERT_EQ(test, scp_cmd("filter comm keep"), 0);
	KUNIT_EXPECT_EQ(test, scp_cmd(*cmd), -EINVAL);
	KUNIT_EXPECT_EQ(test, scp_fake_attaches, 2);
	KUNIT_EXPECT_EQ(test, scp_fake_detaches, 1);
	KUNIT_EXPECT_EQ(test, scp_fake_resets, 0);
	KUNIT_EXPECT_TRUE(test, scp_enabled());
	KUNIT_EXPECT_EQ(test, scp_filter.mode, SCP_FILTER_COMM);
	KUNIT_EXPECT_STREQ(test, scp_filter.comm, "keep");
}

/* A user buffer holding @len bytes of @text, as write(2) passes it. */
static const char __user *scp_user(struct kunit *test, const void *text,
				   size_t len)
{
	unsigned long addr;

	addr = kunit_vm_mmap(test, NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, addr, 0UL, "no user memory");
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr, text, len),
			0UL);
	return (const char __user *)addr;
}

static ssize_t scp_write(struct kunit *test, const void *text, size_t len)
{
	loff_t pos = 0;

	return scp_control_write(NULL, scp_user(test, text, len), len, &pos);
}

static void scp_write_lines(struct kunit *test)
{
	const char __user *bad = (const char __user *)8;
	char big[SCP_CMD_MAX + 8];
	loff_t pos = 0;

	KUNIT_EXPECT_EQ(test, scp_write(test, "  enable\n  ", 11), 11);
	KUNIT_EXPECT_TRUE(test, scp_enabled());
	KUNIT_EXPECT_EQ(test, scp_write(test, "filter comm sh\n", 15), 15);
	KUNIT_EXPECT_STREQ(test, scp_filter.comm, "sh");
	KUNIT_EXPECT_EQ(test, scp_write(test, "", 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, scp_write(test, "\n", 1), -EINVAL);
	/* a NUL inside the write is refused (the fuzzer's first find) */
	KUNIT_EXPECT_EQ(test, scp_write(test, "reset\0junk", 10), -EINVAL);
	KUNIT_EXPECT_EQ(test, scp_fake_resets, 0);
	KUNIT_EXPECT_EQ(test, scp_write(test, "reset\0", 6), -EINVAL);
	KUNIT_EXPECT_EQ(test, scp_write(test, "reset", 5), 5);
	KUNIT_EXPECT_EQ(test, scp_fake_resets, 1);
	memset(big, ' ', sizeof(big));
	memcpy(big, "disable", 7);
	KUNIT_EXPECT_EQ(test, scp_write(test, big, SCP_CMD_MAX), -EINVAL);
	KUNIT_EXPECT_TRUE(test, scp_enabled());
	KUNIT_EXPECT_EQ(test, scp_write(test, big, SCP_CMD_MAX - 1),
			SCP_CMD_MAX - 1);
	KUNIT_EXPECT_FALSE(test, scp_enabled());
	scp_user(test, "enable", 6);
	KUNIT_EXPECT_EQ(test, scp_control_write(NULL, bad, 6, &pos), -EFAULT);
	KUNIT_EXPECT_FALSE(test, scp_enabled());
}

static void scp_status_line(struct kunit *test)
{
	struct seq_file *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->size = 512;
	m->buf = kunit_kzalloc(test, m->size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m->buf);
	KUNIT_ASSERT_EQ(test, scp_cmd("filter pid 1 children"), 0);
	scp_filter_show(m);
	KUNIT_EXPECT_TRUE(test,
			  str_has_prefix(m->buf, "filter pid 1 children\n"));
	m->count = 0;
	memset(m->buf, 0, m->size);
	KUNIT_ASSERT_EQ(test, scp_cmd("filter none"), 0);
	scp_filter_show(m);
	KUNIT_EXPECT_STREQ(test, m->buf, "filter none\n");
}

static struct kunit_case scp_cases[] = { KUNIT_CASE(scp_enable_disable),
					 KUNIT_CASE(scp_attach_fails),
					 KUNIT_CASE(scp_reset_cmd),
					 KUNIT_CASE(scp_filters),
					 KUNIT_CASE(scp_filter_while_on),
					 KUNIT_CASE(scp_filter_pids),
					 KUNIT_CASE_PARAM(scp_refused,
							  scp_bad_gen_params),
					 KUNIT_CASE(scp_write_lines),
					 KUNIT_CASE(scp_status_line),
					 {} };

static struct kunit_suite scp_suite = {
	.name = "lkm_syscall_probe",
	.init = scp_test_init,
	.test_cases = scp_cases,
};

kunit_test_suite(scp_suite);

MODULE_DESCRIPTION("KUnit: control-file parsing of syscall_probe");
