// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/cmdline.c, built natively with ASan/UBSan and
 * host_rename.h force-included.
 *
 * cmdline_init() walks the linker-made array [__setup_start, __setup_end).
 * Here there is no kernel linker script, so the two symbols are set by
 * assembler directives to the bounds of host_setup_table below.
 */
#include <kernel/cmdline.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "htest.h"

#define FUZZ_ROUNDS 100000
#define FUZZ_SEED 0x636d646c696e6521ULL	/* "cmdline!" */

static struct {
	int console_calls;
	char console_val[64];
	int debug_calls;
	bool debug_val_null;
	int bad_calls;
} seen;

static int h_console(const char *val)
{
	seen.console_calls++;
	strscpy(seen.console_val, val ? val : "(null)", sizeof(seen.console_val));
	return 0;
}

static int h_debug(const char *val)
{
	seen.debug_calls++;
	seen.debug_val_null = !val;
	return 0;
}

static int h_bad(const char *val __maybe_unused)
{
	seen.bad_calls++;
	return -EINVAL;
}

/* What __setup("console", h_console) etc. would have put in .init.setup. */
__used const struct kernel_param host_setup_table[] = {
	{ "console", h_console },
	{ "debug_level", h_debug },
	{ "bad", h_bad },
};

#define HOST_SETUP_BYTES 48
#define __host_str(x) #x
#define host_str(x) __host_str(x)
_Static_assert(sizeof(host_setup_table) == HOST_SETUP_BYTES,
	       "HOST_SETUP_BYTES must be the size of host_setup_table");
__asm__(".globl __setup_start\n\t"
	".set __setup_start, host_setup_table\n\t"
	".globl __setup_end\n\t"
	".set __setup_end, host_setup_table + " host_str(HOST_SETUP_BYTES) "\n");

/* Run next_arg() on an exactly-sized heap copy of @line, splitting it fully. */
struct split {
	char params[8][32];
	char vals[8][32];		/* "(null)" for a bare flag */
	int n;
};

static void split_line(const char *line, struct split *out)
{
	size_t len = strlen(line) + 1;
	char *copy = malloc(len), *rest, *param, *val;

	memcpy(copy, line, len);
	out->n = 0;
	rest = copy;
	while (*rest && out->n < 8) {
		rest = next_arg(rest, &param, &val);
		strscpy(out->params[out->n], param, sizeof(out->params[0]));
		strscpy(out->vals[out->n], val ? val : "(null)", sizeof(out->vals[0]));
		out->n++;
	}
	free(copy);
}

static void test_next_arg_forms(void)
{
	struct split s;

	split_line("quiet console=ttyS0,115200 a=b=c empty=", &s);
	HT_EXPECT_EQ(s.n, 4);
	HT_EXPECT_STREQ(s.params[0], "quiet");
	HT_EXPECT_STREQ(s.vals[0], "(null)");
	HT_EXPECT_STREQ(s.params[1], "console");
	HT_EXPECT_STREQ(s.vals[1], "ttyS0,115200");
	HT_EXPECT_STREQ(s.params[2], "a");
	HT_EXPECT_STREQ(s.vals[2], "b=c");
	HT_EXPECT_STREQ(s.params[3], "empty");
	HT_EXPECT_STREQ(s.vals[3], "");
}

static void test_next_arg_quotes(void)
{
	struct split s;

	split_line("name=\"a b  c\" \"whole=x y\" \"flag with space\" q=\"\"", &s);
	HT_EXPECT_EQ(s.n, 4);
	HT_EXPECT_STREQ(s.params[0], "name");
	HT_EXPECT_STREQ(s.vals[0], "a b  c");
	HT_EXPECT_STREQ(s.params[1], "whole");
	HT_EXPECT_STREQ(s.vals[1], "x y");
	HT_EXPECT_STREQ(s.params[2], "flag with space");
	HT_EXPECT_STREQ(s.vals[2], "(null)");
	HT_EXPECT_STREQ(s.params[3], "q");
	HT_EXPECT_STREQ(s.vals[3], "");

	/* An unclosed quote runs to the end of the line. */
	split_line("k=\"open ended", &s);
	HT_EXPECT_EQ(s.n, 1);
	HT_EXPECT_STREQ(s.vals[0], "open ended");
}

static void test_next_arg_spaces(void)
{
	char line[] = "  \tfoo=1   bar \n ";
	char *param, *val, *rest;
	struct split s;

	rest = next_arg(line, &param, &val);
	HT_EXPECT_STREQ(param, "foo");
	HT_EXPECT_STREQ(val, "1");
	HT_EXPECT_STREQ(rest, "bar \n ");

	split_line("", &s);
	HT_EXPECT_EQ(s.n, 0);
	line[0] = '\0';
	rest = next_arg(line, &param, &val);
	HT_EXPECT_STREQ(param, "");
	HT_EXPECT(val == NULL);
	HT_EXPECT(rest == line);
}

static int unknown_calls;
static char unknown_seen[128];

static void on_unknown(const char *param, const char *val)
{
	size_t len = strlen(unknown_seen);

	unknown_calls++;
	scnprintf(unknown_seen + len, sizeof(unknown_seen) - len, "%s%s%s%s",
		  len ? " " : "", param, val ? "=" : "", val ? val : "");
}

static int run_parse(const char *line)
{
	char buf[256];

	memset(&seen, 0, sizeof(seen));
	unknown_calls = 0;
	unknown_seen[0] = '\0';
	strscpy(buf, line, sizeof(buf));
	return parse_args(buf, host_setup_table, ARRAY_SIZE(host_setup_table),
			  on_unknown);
}

static void test_parse_args(void)
{
	HT_EXPECT_EQ(run_parse("console=ttyS0 debug-level nope x=1 console=tty0 =v"), 3);
	HT_EXPECT_EQ(seen.console_calls, 2);
	HT_EXPECT_STREQ(seen.console_val, "tty0");
	HT_EXPECT_EQ(seen.debug_calls, 1);
	HT_EXPECT(seen.debug_val_null);
	HT_EXPECT_EQ(unknown_calls, 3);
	HT_EXPECT_STREQ(unknown_seen, "nope x=1 =v");

	HT_EXPECT_EQ(run_parse("debug_level=3 -- console=late what"), 0);
	HT_EXPECT_EQ(seen.debug_calls, 1);
	HT_EXPECT_EQ(seen.console_calls, 0);

	HT_EXPECT_EQ(run_parse("debug.level debug_leve debug_level_"), 3);
	HT_EXPECT_EQ(seen.debug_calls, 0);
}

static void test_parse_args_malformed(void)
{
	static char log[512];
	struct printk_capture cap;

	printk_capture_start(&cap, log, sizeof(log));
	HT_EXPECT_EQ(run_parse("bad=1 bad console=x"), 0);
	printk_capture_stop(&cap);
	HT_EXPECT_EQ(seen.bad_calls, 2);
	HT_EXPECT_STREQ(seen.console_val, "x");
	HT_EXPECT(strstr(log, "Malformed kernel command line parameter bad=1\n"));
	HT_EXPECT(strstr(log, "Malformed kernel command line parameter bad\n"));
}

static void test_cmdline_init(void)
{
	static char log[1024];
	struct printk_capture cap;
	const char *line = "console=ttyS0 foo debug_level bar=\"x y\"";

	memset(&seen, 0, sizeof(seen));
	printk_capture_start(&cap, log, sizeof(log));
	cmdline_init(line);
	printk_capture_stop(&cap);
	HT_EXPECT_STREQ(boot_command_line, line);
	HT_EXPECT_EQ(seen.console_calls, 1);
	HT_EXPECT_STREQ(seen.console_val, "ttyS0");
	HT_EXPECT_EQ(seen.debug_calls, 1);
	HT_EXPECT(strstr(log, "Kernel command line: console=ttyS0 foo debug_level bar=\"x y\"\n"));
	HT_EXPECT(strstr(log, "Unknown kernel command line parameters \"foo bar=x y\", will be ignored.\n"));
	HT_EXPECT(!strstr(log, "truncated"));

	/* Everything known: no warning. */
	printk_capture_start(&cap, log, sizeof(log));
	cmdline_init(NULL);
	cmdline_init("console=a");
	printk_capture_stop(&cap);
	HT_EXPECT(!strstr(log, "Unknown"));
	HT_EXPECT(strstr(log, "Kernel command line: \n"));
}

static void test_cmdline_init_truncates(void)
{
	static char line[COMMAND_LINE_SIZE + 50], log[4096];
	struct printk_capture cap;

	memset(line, 'z', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	printk_capture_start(&cap, log, sizeof(log));
	cmdline_init(line);
	printk_capture_stop(&cap);
	HT_EXPECT_EQ(strlen(boot_command_line), COMMAND_LINE_SIZE - 1);
	HT_EXPECT(strstr(log, "Kernel command line truncated"));
}

static void test_cmdline_get(void)
{
	static const char line[] =
		"console=ttyS0 quiet name=\"a b\" dup=1 dup=2 some-key=v -- late=1";

	strscpy(boot_command_line, line, sizeof(boot_command_line));
	HT_EXPECT_STREQ(cmdline_get("console"), "ttyS0");
	HT_EXPECT_STREQ(cmdline_get("quiet"), "");
	HT_EXPECT_STREQ(cmdline_get("name"), "a b");
	HT_EXPECT_STREQ(cmdline_get("dup"), "2");
	HT_EXPECT_STREQ(cmdline_get("some_key"), "v");
	HT_EXPECT(cmdline_get("missing") == NULL);
	HT_EXPECT(cmdline_get("late") == NULL);
	HT_EXPECT(cmdline_get("consol") == NULL);
	HT_EXPECT_STREQ(boot_command_line, line);
	boot_command_line[0] = '\0';
}

static u64 rng_state = FUZZ_SEED;

static u64 rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/*
 * Random lines over the characters the splitter cares about, each parsed in
 * an exactly-sized heap buffer: ASan catches a read past the NUL, and every
 * key and value must point inside the buffer.
 */
static void test_fuzz(void)
{
	static const char alphabet[] = " \t\"=-_.ab";
	char *buf, *rest, *param, *val;
	unsigned int round, len, i;
	int nr;

	for (round = 0; round < FUZZ_ROUNDS; round++) {
		len = rng() % 24;
		buf = malloc(len + 1);
		for (i = 0; i < len; i++)
			buf[i] = alphabet[rng() % (sizeof(alphabet) - 1)];
		buf[len] = '\0';
		rest = buf;
		for (nr = 0; *rest; nr++) {
			rest = next_arg(rest, &param, &val);
			if (param < buf || param > buf + len || rest > buf + len ||
			    (val && (val < buf || val > buf + len)) || nr > (int)len) {
				printf("# round %u: pointer out of the line\n", round);
				HT_EXPECT(0);
				free(buf);
				return;
			}
		}
		free(buf);
	}
}

int main(void)
{
	static const struct htest_case cases[] = {
		HT_CASE(test_next_arg_forms),
		HT_CASE(test_next_arg_quotes),
		HT_CASE(test_next_arg_spaces),
		HT_CASE(test_parse_args),
		HT_CASE(test_parse_args_malformed),
		HT_CASE(test_cmdline_init),
		HT_CASE(test_cmdline_init_truncates),
		HT_CASE(test_cmdline_get),
		HT_CASE(test_fuzz),
	};

	return htest_main(cases, ARRAY_SIZE(cases));
}
