// SPDX-License-Identifier: MIT
/*
 * ktest suite "shell": the shell's argument parsing (kernel/shell/parse.c).
 * The shell itself is driven over the serial port by tests/shell_test.py.
 */
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/shell.h>
#include <kernel/string.h>

static void shell_split_words(struct ktest *t)
{
	char line[] = "  kmalloc\t 100   GFP_KERNEL  ";
	char *argv[SHELL_ARGS_MAX];

	KTEST_ASSERT_EQ(t, shell_split(line, argv, SHELL_ARGS_MAX), 3);
	KTEST_EXPECT_STREQ(t, argv[0], "kmalloc");
	KTEST_EXPECT_STREQ(t, argv[1], "100");
	KTEST_EXPECT_STREQ(t, argv[2], "GFP_KERNEL");
}

static void shell_split_empty_and_too_many(struct ktest *t)
{
	char blank[] = " \t ", many[] = "a b c d";
	char *argv[3];

	KTEST_EXPECT_EQ(t, shell_split(blank, argv, 3), 0);
	KTEST_EXPECT_EQ(t, shell_split(many, argv, 3), -E2BIG);
}

static void shell_parse_numbers(struct ktest *t)
{
	unsigned long v = 7;

	KTEST_EXPECT_EQ(t, shell_parse_ulong("4096", &v), 0);
	KTEST_EXPECT_EQ(t, v, 4096UL);
	KTEST_EXPECT_EQ(t, shell_parse_ulong("0xffff888000001000", &v), 0);
	KTEST_EXPECT_EQ(t, v, 0xffff888000001000UL);
	KTEST_EXPECT_EQ(t, shell_parse_ulong("12abc", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, shell_parse_ulong("-1", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, shell_parse_ulong("", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, shell_parse_ulong("5\n", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, shell_parse_ulong("0x1ffffffffffffffff", &v), -ERANGE);
	KTEST_EXPECT_EQ(t, v, 0xffff888000001000UL);	/* unchanged on error */
}

static void shell_parse_sizes(struct ktest *t)
{
	unsigned long v = 0;

	KTEST_EXPECT_EQ(t, shell_parse_size("64K", &v), 0);
	KTEST_EXPECT_EQ(t, v, 65536UL);
	KTEST_EXPECT_EQ(t, shell_parse_size("2m", &v), 0);
	KTEST_EXPECT_EQ(t, v, 2UL << 20);
	KTEST_EXPECT_EQ(t, shell_parse_size("1G", &v), 0);
	KTEST_EXPECT_EQ(t, v, 1UL << 30);
	KTEST_EXPECT_EQ(t, shell_parse_size("100", &v), 0);
	KTEST_EXPECT_EQ(t, v, 100UL);
	KTEST_EXPECT_EQ(t, shell_parse_size("K", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, shell_parse_size("10X", &v), -EINVAL);
	KTEST_EXPECT_EQ(t, shell_parse_size("0xffffffffffffffG", &v), -ERANGE);
}

static void shell_parse_flags(struct ktest *t)
{
	gfp_t gfp = 0;

	KTEST_EXPECT_EQ(t, shell_parse_gfp("GFP_KERNEL", &gfp), 0);
	KTEST_EXPECT_EQ(t, gfp, GFP_KERNEL);
	KTEST_EXPECT_EQ(t, shell_parse_gfp("GFP_KERNEL|__GFP_ZERO", &gfp), 0);
	KTEST_EXPECT_EQ(t, gfp, GFP_KERNEL | __GFP_ZERO);
	KTEST_EXPECT_EQ(t, shell_parse_gfp("GFP_ATOMIC|__GFP_NOWARN|GFP_DMA32", &gfp), 0);
	KTEST_EXPECT_EQ(t, gfp, GFP_ATOMIC | __GFP_NOWARN | __GFP_DMA32);
	KTEST_EXPECT_EQ(t, shell_parse_gfp("0xcc0", &gfp), 0);
	KTEST_EXPECT_EQ(t, gfp, GFP_KERNEL);
	KTEST_EXPECT_EQ(t, shell_parse_gfp("GFP_NOWAIT", &gfp), 0);
	KTEST_EXPECT_EQ(t, gfp, GFP_NOWAIT);
	gfp = 1;
	KTEST_EXPECT_EQ(t, shell_parse_gfp("GFP_KERNEL|GFP_BOGUS", &gfp), -EINVAL);
	KTEST_EXPECT_EQ(t, shell_parse_gfp("GFP_KERNEL|", &gfp), -EINVAL);
	KTEST_EXPECT_EQ(t, shell_parse_gfp("GFP_KERNELX", &gfp), -EINVAL);
	KTEST_EXPECT_EQ(t, shell_parse_gfp("0x10000000", &gfp), -EINVAL);
	KTEST_EXPECT_EQ(t, gfp, 1u);	/* unchanged on error */
}

static const struct ktest_case shell_cases[] = {
	KTEST_CASE(shell_split_words),
	KTEST_CASE(shell_split_empty_and_too_many),
	KTEST_CASE(shell_parse_numbers),
	KTEST_CASE(shell_parse_sizes),
	KTEST_CASE(shell_parse_flags),
};
KTEST_SUITE(shell, shell_cases);
