// SPDX-License-Identifier: MIT
/* Suite "symbols": the embedded symbol table maps addresses to names. */
#include <kernel/kallsyms.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>

void __noreturn start_kernel(unsigned long mb2_phys);

static void lookup_function_start(struct ktest *t)
{
	const char *name = NULL;
	unsigned long off = 1, size = 0;

	KTEST_ASSERT_TRUE(t, kallsyms_lookup((unsigned long)printk, &name, &off, &size));
	KTEST_EXPECT_STREQ(t, name, "printk");
	KTEST_EXPECT_EQ(t, off, 0UL);
	KTEST_EXPECT_GT(t, size, 0UL);
}

static void lookup_inside_function(struct ktest *t)
{
	const char *name = NULL;
	unsigned long off = 0, size = 0;

	KTEST_ASSERT_TRUE(t, kallsyms_lookup((unsigned long)start_kernel + 7, &name, &off, &size));
	KTEST_EXPECT_STREQ(t, name, "start_kernel");
	KTEST_EXPECT_EQ(t, off, 7UL);
	KTEST_EXPECT_GT(t, size, 7UL);
	/* The last byte of a function is still inside it; the next is not. */
	KTEST_ASSERT_TRUE(t, kallsyms_lookup((unsigned long)start_kernel + size - 1, &name, &off,
					     NULL));
	KTEST_EXPECT_STREQ(t, name, "start_kernel");
}

static void lookup_unknown_address(struct ktest *t)
{
	KTEST_EXPECT_FALSE(t, kallsyms_lookup(0, NULL, NULL, NULL));
	KTEST_EXPECT_FALSE(t, kallsyms_lookup(0x1000, NULL, NULL, NULL));
	KTEST_EXPECT_FALSE(t, kallsyms_lookup(~0UL, NULL, NULL, NULL));
}

static void lookup_by_name(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, kallsyms_lookup_name("printk"), (unsigned long)printk);
	KTEST_EXPECT_EQ(t, kallsyms_lookup_name("kallsyms_lookup"), (unsigned long)kallsyms_lookup);
	KTEST_EXPECT_EQ(t, kallsyms_lookup_name("no_such_symbol_here"), 0UL);
}

static void sprint_symbol_format(struct ktest *t)
{
	char buf[KSYM_NAME_LEN + 32], want[64];
	unsigned long size = 0;

	KTEST_ASSERT_TRUE(t, kallsyms_lookup((unsigned long)printk, NULL, NULL, &size));
	sprint_symbol(buf, sizeof(buf), (unsigned long)printk + 0x10);
	snprintf(want, sizeof(want), "printk+0x10/0x%lx", size);
	KTEST_EXPECT_STREQ(t, buf, want);
	sprint_symbol_no_offset(buf, sizeof(buf), (unsigned long)printk + 0x10);
	KTEST_EXPECT_STREQ(t, buf, "printk");
	sprint_symbol(buf, sizeof(buf), 0x1000);
	KTEST_EXPECT_STREQ(t, buf, "0x1000");
}

static const struct ktest_case symbols_cases[] = {
	KTEST_CASE(lookup_function_start),
	KTEST_CASE(lookup_inside_function),
	KTEST_CASE(lookup_unknown_address),
	KTEST_CASE(lookup_by_name),
	KTEST_CASE(sprint_symbol_format),
};
KTEST_SUITE(symbols, symbols_cases);
