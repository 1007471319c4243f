// SPDX-License-Identifier: GPL-2.0
/*
 * lkm_sched_probe_kunit.c - KUnit suite "lkm_sched_probe": the control file
 * of sched_probe (/proc/sched_probe/control) as the module parses it:
 * every command, every malformed line (empty, too long, NUL, tab, CR, two
 * newlines, bad numbers, names too long, trailing words) refused with
 * EINVAL and changing nothing, a bad user pointer refused with EFAULT, and
 * what the status and stats files then print.
 *
 * The parser is static in modules/sched_probe/proc.c, so this file
 * #includes it (the KUnit way of testing static functions) with the real
 * global state (state.c), and provides fakes for what stats.c and ring.c
 * define: a table clear that counts resets, an empty table, no stream. The write handler runs on
 * a real user buffer (kunit_vm_mmap()). Results: dmesg and
 * /sys/kernel/debug/kunit/lkm_sched_probe/results (KTAP).
 */
#include "../../modules/sched_probe/proc.c"
#include "../../modules/sched_probe/state.c"

#include <kunit/test.h>
#include <linux/mman.h>
#include <linux/module.h>

/* Fakes of stats.c and ring.c: an empty table, no stream. */
static int schp_fake_resets;

void schp_table_clear(void)
{
	schp_fake_resets++;
}

void schp_rings_clear(void)
{
}

struct schp_task *schp_task_at(unsigned int i)
{
	return NULL;
}

unsigned int schp_table_used(void)
{
	return 0;
}

u64 schp_untracked_tasks(void)
{
	return 0;
}

u64 schp_untracked_events(void)
{
	return 0;
}

void schp_ring_cpu_counts(int cpu, u64 *generated, u64 *dropped)
{
	*generated = 0;
	*dropped = 0;
}

const struct proc_ops schp_events_ops = {};

static int schp_test_init(struct kunit *test)
{
	schp_on = true;
	schp_epoch_nr = 1;
	schp_fake_resets = 0;
	schp_filter_set(SCHP_FILTER_NONE, 0, "");
	return 0;
}

/* Runs one command as the write handler does after its checks. */
static int schp_cmd(const char *text)
{
	char buf[SCHP_CONTROL_MAX];
	int ret;

	strscpy(buf, text, sizeof(buf));
	mutex_lock(&schp_ctl_lock);
	ret = schp_command(buf);
	mutex_unlock(&schp_ctl_lock);
	return ret;
}

static void schp_enable_disable(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, schp_cmd("disable"), 0);
	KUNIT_EXPECT_FALSE(test, schp_enabled());
	KUNIT_EXPECT_EQ(test, schp_cmd("disable"), 0);
	KUNIT_EXPECT_EQ(test, schp_cmd("enable"), 0);
	KUNIT_EXPECT_TRUE(test, schp_enabled());
	/* slices begun before enable are dropped: a new epoch, once */
	KUNIT_EXPECT_EQ(test, schp_epoch(), 2U);
	KUNIT_EXPECT_EQ(test, schp_cmd("enable"), 0);
	KUNIT_EXPECT_EQ(test, schp_epoch(), 2U);
}

/* reset clears the table once and starts a new epoch, enabled or not. */
static void schp_reset_cmd(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, schp_cmd("reset"), 0);
	KUNIT_EXPECT_EQ(test, schp_fake_resets, 1);
	KUNIT_EXPECT_EQ(test, schp_epoch(), 2U);
	KUNIT_EXPECT_TRUE(test, schp_active());
	KUNIT_ASSERT_EQ(test, schp_cmd("disable"), 0);
	KUNIT_EXPECT_EQ(test, schp_cmd("reset"), 0);
	KUNIT_EXPECT_EQ(test, schp_fake_resets, 2);
	KUNIT_EXPECT_FALSE(test, schp_enabled());
}

static void schp_filters(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, schp_cmd("filter pid 42"), 0);
	KUNIT_EXPECT_EQ(test, schp_filter_kind, SCHP_FILTER_PID);
	KUNIT_EXPECT_EQ(test, schp_filter_pid, 42);
	KUNIT_EXPECT_EQ(test, schp_cmd("filter pid 4194304"), 0);
	KUNIT_EXPECT_EQ(test, schp_filter_pid, PID_MAX_LIMIT);
	KUNIT_EXPECT_EQ(test, schp_cmd("filter comm bash"), 0);
	KUNIT_EXPECT_EQ(test, schp_filter_kind, SCHP_FILTER_COMM);
	KUNIT_EXPECT_STREQ(test, schp_filter_comm, "bash");
	/* the longest name the kernel keeps: 15 characters */
	KUNIT_EXPECT_EQ(test, schp_cmd("filter comm 123456789012345"), 0);
	KUNIT_EXPECT_STREQ(test, schp_filter_comm, "123456789012345");
	KUNIT_EXPECT_EQ(test, schp_cmd("filter none"), 0);
	KUNIT_EXPECT_EQ(test, schp_filter_kind, SCHP_FILTER_NONE);
}

/* Each refused command returns EINVAL and leaves the filter as it was. */
static const char *const schp_bad_commands[] = {
	"",
	"bogus",
	"Enable",
	"enable now",
	" enable",
	"reset 1",
	"filter",
	"filter ",
	"filter none x",
	"filter nonex",
	"filter pid",
	"filter pid ",
	"filter pid 0",
	"filter pid -1",
	"filter pid 4194305",
	"filter pid 12abc",
	"filter pid 0x10",
	"filter pid 1 2",
	"filter pid 99999999999999999999",
	"filter comm",
	"filter comm ",
	"filter comm a b",
	"filter comm 1234567890123456",
	"filter uid 0",
};

static void schp_bad_desc(const char *const *cmd, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "\"%s\"", *cmd);
}

KUNIT_ARRAY_PARAM(schp_bad, schp_bad_commands, schp_bad_desc);

static void schp_refused(struct kunit *test)
{
	const char *const *cmd = test->param_value;

	KUNIT_ASSERT_EQ(test, schp_cmd("filter pid 7"), 0);
	KUNIT_EXPECT_EQ(test, schp_cmd(*cmd), -EINVAL);
	KUNIT_EXPECT_EQ(test, schp_filter_kind, SCHP_FILTER_PID);
	KUNIT_EXPECT_EQ(test, schp_filter_pid, 7);
	KUNIT_EXPECT_TRUE(test, schp_enabled());
	KUNIT_EXPECT_EQ(test, schp_fake_resets, 0);
}

/* A user buffer holding @len bytes of @text, as write(2) passes it. */
static const char __user *schp_user(struct kunit *test, const void *text,
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

static ssize_t schp_write(struct kunit *test, const void *text, size_t len)
{
	loff_t pos = 0;

	return schp_control_write(NULL, schp_user(test, text, len), len, &pos);
}

static void schp_write_lines(struct kunit *test)
{
	char big[SCHP_CONTROL_MAX + 8];

	KUNIT_EXPECT_EQ(test, schp_write(test, "disable\n", 8), 8);
	KUNIT_EXPECT_FALSE(test, schp_enabled());
	KUNIT_EXPECT_EQ(test, schp_write(test, "enable", 6), 6);
	KUNIT_EXPECT_TRUE(test, schp_enabled());
	KUNIT_EXPECT_EQ(test, schp_write(test, "filter pid 9\n", 13), 13);
	KUNIT_EXPECT_EQ(test, schp_filter_pid, 9);
	/* one line only: a second newline, a NUL, a tab or a CR is refused */
	KUNIT_EXPECT_EQ(test, schp_write(test, "reset\n\n", 7), -EINVAL);
	KUNIT_EXPECT_EQ(test, schp_write(test, "reset\0x", 7), -EINVAL);
	KUNIT_EXPECT_EQ(test, schp_write(test, "filter\tnone", 11), -EINVAL);
	KUNIT_EXPECT_EQ(test, schp_write(test, "reset\r\n", 7), -EINVAL);
	KUNIT_EXPECT_EQ(test, schp_write(test, "\n", 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, schp_write(test, "", 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, schp_fake_resets, 0);
	/* 63 bytes is the most the buffer takes; 64 is refused */
	memset(big, 'x', sizeof(big));
	KUNIT_EXPECT_EQ(test, schp_write(test, big, SCHP_CONTROL_MAX - 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, schp_write(test, big, SCHP_CONTROL_MAX), -EINVAL);
	memcpy(big, "filter comm ", 12);
	KUNIT_EXPECT_EQ(test, schp_write(test, big, SCHP_CONTROL_MAX - 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, schp_filter_kind, SCHP_FILTER_PID);
}

static void schp_write_fault(struct kunit *test)
{
	const char __user *bad = (const char __user *)8;
	loff_t pos = 0;

	/* a valid buffer first: user memory exists, the pointer is the fault */
	schp_user(test, "reset", 5);
	KUNIT_EXPECT_EQ(test, schp_control_write(NULL, bad, 5, &pos), -EFAULT);
	KUNIT_EXPECT_EQ(test, schp_fake_resets, 0);
}

/* A seq_file writing into a buffer of its own, as seq_read() would. */
static const char *schp_show(struct kunit *test,
			     int (*show)(struct seq_file *, void *), void *v)
{
	struct seq_file *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, m);
	m->size = 1024;
	m->buf = kunit_kzalloc(test, m->size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m->buf);
	KUNIT_EXPECT_EQ(test, show(m, v), 0);
	KUNIT_ASSERT_LT(test, m->count, m->size);
	return m->buf;
}

static void schp_status_file(struct kunit *test)
{
	static const char comm_make[] = "enabled 0\nfilter comm make\n";
	static const char pid_1[] = "enabled 0\nfilter pid 1\n";
	const char *status;

	KUNIT_ASSERT_EQ(test, schp_cmd("disable"), 0);
	KUNIT_ASSERT_EQ(test, schp_cmd("filter comm my prog"), -EINVAL);
	KUNIT_ASSERT_EQ(test, schp_cmd("filter comm make"), 0);
	status = schp_show(test, schp_status_show, NULL);
	KUNIT_EXPECT_TRUE(test, str_has_prefix(status, comm_make));
	KUNIT_ASSERT_EQ(test, schp_cmd("filter pid 1"), 0);
	status = schp_show(test, schp_status_show, NULL);
	KUNIT_EXPECT_TRUE(test, str_has_prefix(status, pid_1));
	KUNIT_EXPECT_NOT_NULL(test, strstr(status, "\nhz "));
}

/* A stats row: names made of one word, unset minimums shown as 0. */
static void schp_stats_row(struct kunit *test)
{
	static const char want[] =
		"12 10 a_b_c 0 3 0 0 0 3000 2 1000 1500 2000 0 0 0 0 0\n";
	struct schp_task *row = kunit_kzalloc(test, sizeof(*row), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, row);
	row->pid = 12;
	row->tgid = 10;
	memcpy(row->comm, "a b\tc", 6);
	row->switch_in = 3;
	row->runtime_ns = 3000;
	row->slices = 2;
	row->slice_min = 1000;
	row->slice_max = 2000;
	row->wait_min = U64_MAX;
	KUNIT_EXPECT_STREQ(test, schp_show(test, schp_stats_show, row), want);
	memset(row->comm, 0, sizeof(row->comm));
	KUNIT_EXPECT_TRUE(test,
			  str_has_prefix(schp_show(test, schp_stats_show, row),
					 "12 10 - "));
}

static struct kunit_case schp_cases[] = { KUNIT_CASE(schp_enable_disable),
					  KUNIT_CASE(schp_reset_cmd),
					  KUNIT_CASE(schp_filters),
					  KUNIT_CASE_PARAM(schp_refused,
							   schp_bad_gen_params),
					  KUNIT_CASE(schp_write_lines),
					  KUNIT_CASE(schp_write_fault),
					  KUNIT_CASE(schp_status_file),
					  KUNIT_CASE(schp_stats_row),
					  {} };

static struct kunit_suite schp_suite = {
	.name = "lkm_sched_probe",
	.init = schp_test_init,
	.test_cases = schp_cases,
};

kunit_test_suite(schp_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: control-file parsing of sched_probe");
