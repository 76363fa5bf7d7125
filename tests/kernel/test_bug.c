// SPDX-License-Identifier: MIT
/* Suite "bug": WARN reports, WARN_ON_ONCE, and the printk log buffer. */
#include <kernel/ktest.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>

static char report[4096];

static void warn_on_reports_file_line_and_trace(struct ktest *t)
{
	struct printk_capture cap;
	unsigned long before = warn_count;
	char want[96];
	int line;
	bool ret;

	printk_capture_start(&cap, report, sizeof(report));
	line = __LINE__ + 1;
	ret = WARN_ON(before + 1 > before);
	printk_capture_stop(&cap);
	KTEST_EXPECT_TRUE(t, ret);
	KTEST_EXPECT_EQ(t, warn_count, before + 1);
	snprintf(want, sizeof(want), "WARNING: CPU: 0 PID: 0 at %s:%d ", __FILE__, line);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, want));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "warn_on_reports_file_line_and_trace+0x"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "Call Trace:"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "---[ end trace"));
}

static void warn_false_is_silent(struct ktest *t)
{
	unsigned long before = warn_count;

	KTEST_EXPECT_FALSE(t, WARN_ON(0));
	KTEST_EXPECT_FALSE(t, WARN(false, "never printed\n"));
	KTEST_EXPECT_EQ(t, warn_count, before);
}

static bool warn_once_site(bool cond)
{
	return WARN_ON_ONCE(cond);
}

static void warn_on_once_fires_once(struct ktest *t)
{
	unsigned long before = warn_count;
	struct printk_capture cap;

	printk_capture_start(&cap, report, sizeof(report));
	for (int i = 0; i < 5; i++)
		KTEST_EXPECT_TRUE(t, warn_once_site(true));
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, warn_count, before + 1);
}

static void warn_prints_message(struct ktest *t)
{
	struct printk_capture cap;

	printk_capture_start(&cap, report, sizeof(report));
	WARN(1, "bug test: value %d is odd\n", 7);
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "bug test: value 7 is odd"));
}

static void log_buffer_keeps_messages(struct ktest *t)
{
	static char logcopy[4096];
	size_t n;

	printk(KERN_INFO "bug test: marker %x\n", 0xdecafbadu);
	n = log_buf_read(logcopy, sizeof(logcopy) - 1);
	logcopy[n] = '\0';
	KTEST_EXPECT_GT(t, n, strlen("bug test: marker decafbad\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(logcopy, "bug test: marker decafbad\n"));
	/* The newest bytes come last. */
	KTEST_EXPECT_STREQ(t, logcopy + n - strlen("marker decafbad\n"), "marker decafbad\n");
}

static void capture_nests_and_strips_level(struct ktest *t)
{
	char outer[128], inner[128];
	struct printk_capture a, b;

	printk_capture_start(&a, outer, sizeof(outer));
	printk(KERN_ERR "one\n");
	printk_capture_start(&b, inner, sizeof(inner));
	printk(KERN_INFO "two\n");
	printk_capture_stop(&b);
	printk("three\n");
	printk_capture_stop(&a);
	KTEST_EXPECT_STREQ(t, outer, "one\ntwo\nthree\n");
	KTEST_EXPECT_STREQ(t, inner, "two\n");
}

static const struct ktest_case bug_cases[] = {
	KTEST_CASE(warn_on_reports_file_line_and_trace),
	KTEST_CASE(warn_false_is_silent),
	KTEST_CASE(warn_on_once_fires_once),
	KTEST_CASE(warn_prints_message),
	KTEST_CASE(log_buffer_keeps_messages),
	KTEST_CASE(capture_nests_and_strips_level),
};
KTEST_SUITE(bug, bug_cases);
