// SPDX-License-Identifier: MIT
/*
 * ktest_mod: a test suite that lives in a module. KTEST_SUITE() puts the
 * suite in the module's .ktest_suites section; the loader records it
 * (mod->ktest_suites, as Linux's loader records a module's KUnit suites)
 * and the module suite runs its cases under the normal harness. The cases
 * check what only works if loading was right: relocated pointers in data,
 * calls through them, .bss zeroed, rodata intact, exported kernel APIs.
 */
#include <arch/memlayout.h>
#include <kernel/ktest.h>
#include <kernel/module.h>
#include <kernel/string.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

static int twice(int x)
{
	return 2 * x;
}

static int square(int x)
{
	return x * x;
}

/* R_X86_64_64 relocations: function and string pointers in .data. */
static int (*ops[])(int) = { twice, square };
static const char *const names[] = { "twice", "square" };
static const char greeting[] = "hello from module rodata";
static unsigned long zeroed[512];	/* .bss */
static int counter = 41;		/* .data */

static void relocated_pointers(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, ops[0](21), 42);
	KTEST_EXPECT_EQ(t, ops[1](7), 49);
	KTEST_EXPECT_STREQ(t, names[1], "square");
	KTEST_EXPECT_EQ(t, strlen(greeting), sizeof(greeting) - 1);
}

static void code_and_data_in_module_area(struct ktest *t)
{
	unsigned long text = (unsigned long)twice, data = (unsigned long)&counter;

	KTEST_EXPECT_TRUE(t, is_vmalloc_addr((void *)text));
	KTEST_EXPECT_GE(t, text, MODULES_VADDR);
	KTEST_EXPECT_LT(t, text, MODULES_END);
	KTEST_EXPECT_GE(t, data, MODULES_VADDR);
	KTEST_EXPECT_LT(t, data, MODULES_END);
	KTEST_EXPECT_EQ(t, ++counter, 42);
	counter--;
}

static void bss_is_zero(struct ktest *t)
{
	KTEST_EXPECT_NULL(t, memchr_inv(zeroed, 0, sizeof(zeroed)));
}

static void kernel_apis(struct ktest *t)
{
	char *s = kstrdup(greeting, GFP_KERNEL);
	void *v = vzalloc(3 * 4096);

	KTEST_ASSERT_NOT_NULL(t, s);
	KTEST_EXPECT_STREQ(t, s, greeting);
	KTEST_EXPECT_GE(t, ksize(s), sizeof(greeting));
	KTEST_EXPECT_NOT_NULL(t, v);
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr(v));
	KTEST_EXPECT_NULL(t, v ? memchr_inv(v, 0, 3 * 4096) : NULL);
	kfree(s);
	vfree(v);
}

static const struct ktest_case ktest_mod_cases[] = {
	KTEST_CASE(relocated_pointers),
	KTEST_CASE(code_and_data_in_module_area),
	KTEST_CASE(bss_is_zero),
	KTEST_CASE(kernel_apis),
};
KTEST_SUITE(ktest_mod, ktest_mod_cases);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("a ktest suite in a module, run by the module suite");
