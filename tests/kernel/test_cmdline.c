// SPDX-License-Identifier: MIT
/*
 * ktest suite "cmdline": next_arg() splitting, parse_args() dispatch to a
 * private handler table, and cmdline_get() on a command line the suite sets
 * (the real boot_command_line is saved before each case and put back after).
 */
#include <kernel/cmdline.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>

static char saved_command_line[COMMAND_LINE_SIZE];
static char args[256];

/* What the handlers below saw. */
static struct {
	int alpha_calls;
	char alpha_val[32];
	int flag_calls;
	bool flag_val_null;
	int dotted_calls;
	int fail_calls;
	int unknown_calls;
	char unknown_seen[128];
} seen;

static void record(char *dst, size_t size, const char *val)
{
	strscpy(dst, val ? val : "(null)", size);
}

static int h_alpha(const char *val)
{
	seen.alpha_calls++;
	record(seen.alpha_val, sizeof(seen.alpha_val), val);
	return 0;
}

static int h_flag(const char *val)
{
	seen.flag_calls++;
	seen.flag_val_null = !val;
	return 0;
}

static int h_dotted(const char *val __maybe_unused)
{
	seen.dotted_calls++;
	return 0;
}

static int h_fail(const char *val __maybe_unused)
{
	seen.fail_calls++;
	return -EINVAL;
}

static const struct kernel_param test_params[] = {
	{ "alpha", h_alpha },
	{ "beta_flag", h_flag },
	{ "mod.sub-key", h_dotted },
	{ "fail", h_fail },
};

/* Append "param" or "param=val" to seen.unknown_seen, space-separated. */
static void on_unknown(const char *param, const char *val)
{
	size_t len = strlen(seen.unknown_seen);

	seen.unknown_calls++;
	scnprintf(seen.unknown_seen + len, sizeof(seen.unknown_seen) - len,
		  "%s%s%s%s", len ? " " : "", param, val ? "=" : "",
		  val ? val : "");
}

static int run_parse(const char *line)
{
	strscpy(args, line, sizeof(args));
	return parse_args(args, test_params, ARRAY_SIZE(test_params), on_unknown);
}

static int cmdline_case_init(struct ktest *t __maybe_unused)
{
	memcpy(saved_command_line, boot_command_line, sizeof(saved_command_line));
	memset(&seen, 0, sizeof(seen));
	return 0;
}

/*
 * Put boot_command_line back, and cmdline_get()'s static buffer too: whoever
 * started the tests may still hold a value it returned (the ktest= filter).
 * cmdline_get() always parses the whole line, so one call on the restored
 * line leaves that buffer as it was, whatever the key.
 */
static void cmdline_case_exit(struct ktest *t __maybe_unused)
{
	memcpy(boot_command_line, saved_command_line, sizeof(boot_command_line));
	cmdline_get("");
}

static void next_arg_flag(struct ktest *t)
{
	char *param, *val, *rest;

	strscpy(args, "quiet", sizeof(args));
	rest = next_arg(args, &param, &val);
	KTEST_EXPECT_STREQ(t, param, "quiet");
	KTEST_EXPECT_NULL(t, val);
	KTEST_EXPECT_STREQ(t, rest, "");
}

static void next_arg_key_value(struct ktest *t)
{
	char *param, *val, *rest;

	strscpy(args, "console=ttyS0,115200 next", sizeof(args));
	rest = next_arg(args, &param, &val);
	KTEST_EXPECT_STREQ(t, param, "console");
	KTEST_EXPECT_STREQ(t, val, "ttyS0,115200");
	KTEST_EXPECT_STREQ(t, rest, "next");

	strscpy(args, "a=b=c", sizeof(args));
	next_arg(args, &param, &val);
	KTEST_EXPECT_STREQ(t, param, "a");
	KTEST_EXPECT_STREQ(t, val, "b=c");

	strscpy(args, "empty=", sizeof(args));
	next_arg(args, &param, &val);
	KTEST_EXPECT_STREQ(t, param, "empty");
	KTEST_EXPECT_STREQ(t, val, "");
}

static void next_arg_quoted(struct ktest *t)
{
	char *param, *val, *rest;

	strscpy(args, "name=\"a b  c\" after", sizeof(args));
	rest = next_arg(args, &param, &val);
	KTEST_EXPECT_STREQ(t, param, "name");
	KTEST_EXPECT_STREQ(t, val, "a b  c");
	KTEST_EXPECT_STREQ(t, rest, "after");

	strscpy(args, "\"whole=x y\" after", sizeof(args));
	rest = next_arg(args, &param, &val);
	KTEST_EXPECT_STREQ(t, param, "whole");
	KTEST_EXPECT_STREQ(t, val, "x y");
	KTEST_EXPECT_STREQ(t, rest, "after");

	strscpy(args, "\"flag with space\"", sizeof(args));
	rest = next_arg(args, &param, &val);
	KTEST_EXPECT_STREQ(t, param, "flag with space");
	KTEST_EXPECT_NULL(t, val);
	KTEST_EXPECT_STREQ(t, rest, "");
}

static void next_arg_spaces(struct ktest *t)
{
	char *param, *val, *rest;

	strscpy(args, "  \tfoo=1   bar \n ", sizeof(args));
	rest = next_arg(args, &param, &val);
	KTEST_EXPECT_STREQ(t, param, "foo");
	KTEST_EXPECT_STREQ(t, val, "1");
	KTEST_EXPECT_STREQ(t, rest, "bar \n ");
	rest = next_arg(rest, &param, &val);
	KTEST_EXPECT_STREQ(t, param, "bar");
	KTEST_EXPECT_NULL(t, val);
	KTEST_EXPECT_STREQ(t, rest, "");
}

static void next_arg_empty(struct ktest *t)
{
	char *param, *val, *rest;

	args[0] = '\0';
	rest = next_arg(args, &param, &val);
	KTEST_EXPECT_STREQ(t, param, "");
	KTEST_EXPECT_NULL(t, val);
	KTEST_EXPECT_STREQ(t, rest, "");

	strscpy(args, "   ", sizeof(args));
	rest = next_arg(args, &param, &val);
	KTEST_EXPECT_STREQ(t, param, "");
	KTEST_EXPECT_NULL(t, val);
	KTEST_EXPECT_STREQ(t, rest, "");
}

static void parse_args_dispatch(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, run_parse(" alpha=1 beta_flag alpha=two  "), 0);
	KTEST_EXPECT_EQ(t, seen.alpha_calls, 2);
	KTEST_EXPECT_STREQ(t, seen.alpha_val, "two");
	KTEST_EXPECT_EQ(t, seen.flag_calls, 1);
	KTEST_EXPECT_TRUE(t, seen.flag_val_null);
	KTEST_EXPECT_EQ(t, seen.unknown_calls, 0);
}

static void parse_args_unknown(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, run_parse("nope alpha=1 what=ever alphabet =x"), 4);
	KTEST_EXPECT_EQ(t, seen.unknown_calls, 4);
	KTEST_EXPECT_STREQ(t, seen.unknown_seen, "nope what=ever alphabet =x");
	KTEST_EXPECT_EQ(t, seen.alpha_calls, 1);

	/* No callback: still counted. */
	strscpy(args, "x y z", sizeof(args));
	KTEST_EXPECT_EQ(t, parse_args(args, test_params, ARRAY_SIZE(test_params), NULL), 3);
}

static void parse_args_dash_underscore(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, run_parse("beta-flag beta_flag mod.sub_key=1 mod.sub-key"), 0);
	KTEST_EXPECT_EQ(t, seen.flag_calls, 2);
	KTEST_EXPECT_EQ(t, seen.dotted_calls, 2);
	/* '.' is not a separator that matches anything else. */
	KTEST_EXPECT_EQ(t, run_parse("mod_sub_key"), 1);
}

static void parse_args_double_dash_stops(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, run_parse("alpha=1 -- alpha=2 junk"), 0);
	KTEST_EXPECT_EQ(t, seen.alpha_calls, 1);
	KTEST_EXPECT_STREQ(t, seen.alpha_val, "1");
}

static void parse_args_handler_error(struct ktest *t)
{
	static char log[512];
	struct printk_capture cap;

	printk_capture_start(&cap, log, sizeof(log));
	KTEST_EXPECT_EQ(t, run_parse("fail=bad alpha=ok fail"), 0);
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, seen.fail_calls, 2);
	KTEST_EXPECT_STREQ(t, seen.alpha_val, "ok");
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "Malformed kernel command line parameter fail=bad\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "Malformed kernel command line parameter fail\n"));
}

static void cmdline_get_values(struct ktest *t)
{
	static const char line[] =
		"console=ttyS0 quiet name=\"a b\" dup=1 dup=2 some-key=v -- late=1";

	strscpy(boot_command_line, line, sizeof(boot_command_line));
	KTEST_EXPECT_STREQ(t, cmdline_get("console"), "ttyS0");
	KTEST_EXPECT_STREQ(t, cmdline_get("quiet"), "");
	KTEST_EXPECT_STREQ(t, cmdline_get("name"), "a b");
	KTEST_EXPECT_STREQ(t, cmdline_get("dup"), "2");
	KTEST_EXPECT_STREQ(t, cmdline_get("some_key"), "v");
	KTEST_EXPECT_NULL(t, cmdline_get("missing"));
	KTEST_EXPECT_NULL(t, cmdline_get("late"));
	KTEST_EXPECT_NULL(t, cmdline_get("consol"));
	KTEST_EXPECT_STREQ(t, boot_command_line, line);

	boot_command_line[0] = '\0';
	KTEST_EXPECT_NULL(t, cmdline_get("console"));
}

static const struct ktest_case cmdline_cases[] = {
	KTEST_CASE(next_arg_flag),
	KTEST_CASE(next_arg_key_value),
	KTEST_CASE(next_arg_quoted),
	KTEST_CASE(next_arg_spaces),
	KTEST_CASE(next_arg_empty),
	KTEST_CASE(parse_args_dispatch),
	KTEST_CASE(parse_args_unknown),
	KTEST_CASE(parse_args_dash_underscore),
	KTEST_CASE(parse_args_double_dash_stops),
	KTEST_CASE(parse_args_handler_error),
	KTEST_CASE(cmdline_get_values),
};

KTEST_SUITE_FULL(cmdline, cmdline_cases, cmdline_case_init, cmdline_case_exit);
