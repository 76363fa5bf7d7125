// SPDX-License-Identifier: MIT
/*
 * ktest suite "string": kernel/lib/string.c as it runs in the kernel.
 *
 * The kernel may be built with the compiler's builtins enabled, and then
 * strlen("abc") or strchr(s, '\0') would be computed at compile time and
 * string.c never called. HIDE() passes each input through an empty asm,
 * so the compiler no longer knows its value and must make the call.
 * Expected values carry U/UL/ULL suffixes to match the unsigned results.
 * (The exhaustive checks live in the host test, tests/host/test_string.c.)
 */
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/string.h>

#define HIDE(x)									\
	({									\
		__typeof__((x) + 0) __h = (x);					\
		__asm__("" : "+r"(__h));					\
		__h;								\
	})
/* A string literal the compiler cannot see through. */
#define S(lit) HIDE((const char *)(lit))

static void fill_pattern(u8 *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (u8)(i + 1);
}

/* dst above src: must copy from the end. Then dst below src. */
static void memmove_overlap(struct ktest *t)
{
	u8 buf[32];

	fill_pattern(buf, sizeof(buf));
	memmove(HIDE(buf + 3), HIDE(buf), HIDE((size_t)20));
	for (size_t i = 0; i < 20; i++)
		KTEST_EXPECT_EQ(t, buf[3 + i], (u8)(i + 1));
	KTEST_EXPECT_EQ(t, buf[2], 3);
	KTEST_EXPECT_EQ(t, buf[23], 24);

	fill_pattern(buf, sizeof(buf));
	memmove(HIDE(buf), HIDE(buf + 5), HIDE((size_t)27));
	for (size_t i = 0; i < 27; i++)
		KTEST_EXPECT_EQ(t, buf[i], (u8)(i + 6));
	KTEST_EXPECT_EQ(t, buf[31], 32);
}

/* A one-byte gap forces the chunked backward copy to its smallest chunk. */
static void memmove_overlap_by_one(struct ktest *t)
{
	u8 buf[300];

	fill_pattern(buf, sizeof(buf));
	memmove(HIDE(buf + 1), HIDE(buf), HIDE((size_t)299));
	KTEST_EXPECT_EQ(t, buf[0], 1);
	for (size_t i = 1; i < sizeof(buf); i++)
		KTEST_EXPECT_EQ(t, buf[i], (u8)i);
}

static void memcpy_memset_zero_length(struct ktest *t)
{
	u8 a[8], b[8];

	memset(a, 0x5a, sizeof(a));
	memset(b, 0xa5, sizeof(b));
	memcpy(HIDE(a), HIDE(b), HIDE((size_t)0));
	memset(HIDE(a), HIDE(0), HIDE((size_t)0));
	KTEST_EXPECT_NULL(t, memchr_inv(a, 0x5a, sizeof(a)));
	memcpy(HIDE(a + 1), HIDE(b), HIDE((size_t)6));
	KTEST_EXPECT_EQ(t, a[0], 0x5a);
	KTEST_EXPECT_NULL(t, memchr_inv(a + 1, 0xa5, 6));
	KTEST_EXPECT_EQ(t, a[7], 0x5a);
	memset(HIDE(a), HIDE(0x1ff), HIDE((size_t)8));	/* (unsigned char)c */
	KTEST_EXPECT_NULL(t, memchr_inv(a, 0xff, sizeof(a)));
}

static void memcmp_sign(struct ktest *t)
{
	size_t n = HIDE((size_t)3);

	KTEST_EXPECT_LT(t, memcmp(S("abc"), S("abd"), n), 0);
	KTEST_EXPECT_GT(t, memcmp(S("abd"), S("abc"), n), 0);
	KTEST_EXPECT_EQ(t, memcmp(S("abc"), S("abd"), HIDE((size_t)2)), 0);
	KTEST_EXPECT_EQ(t, memcmp(S("a"), S("b"), HIDE((size_t)0)), 0);
	/* Unsigned bytes: 0x80 is above 0x7f. */
	KTEST_EXPECT_GT(t, memcmp(S("\x80"), S("\x7f"), HIDE((size_t)1)), 0);
}

static void strscpy_truncates(struct ktest *t)
{
	char buf[6];

	memset(buf, 'x', sizeof(buf));
	KTEST_EXPECT_EQ(t, strscpy(buf, S("abc"), HIDE(sizeof(buf))), 3);
	KTEST_EXPECT_STREQ(t, buf, "abc");
	KTEST_EXPECT_EQ(t, buf[4], 'x');	/* no padding */
	KTEST_EXPECT_EQ(t, strscpy(buf, S("abcde"), HIDE(sizeof(buf))), 5);
	KTEST_EXPECT_EQ(t, strscpy(buf, S("abcdef"), HIDE(sizeof(buf))), -E2BIG);
	KTEST_EXPECT_STREQ(t, buf, "abcde");
	KTEST_EXPECT_EQ(t, strscpy(buf, S("z"), HIDE((size_t)1)), -E2BIG);
	KTEST_EXPECT_EQ(t, buf[0], '\0');
	buf[0] = 'q';
	KTEST_EXPECT_EQ(t, strscpy(buf, S("z"), HIDE((size_t)0)), -E2BIG);
	KTEST_EXPECT_EQ(t, buf[0], 'q');	/* size 0: untouched */
}

static void strlen_strnlen(struct ktest *t)
{
	static const char raw[4] = { 'a', 'b', 'c', 'd' };	/* no NUL */

	KTEST_EXPECT_EQ(t, strlen(S("")), 0UL);
	KTEST_EXPECT_EQ(t, strlen(S("hello")), 5UL);
	KTEST_EXPECT_EQ(t, strnlen(S("hello"), HIDE((size_t)3)), 3UL);
	KTEST_EXPECT_EQ(t, strnlen(S("hello"), HIDE((size_t)99)), 5UL);
	KTEST_EXPECT_EQ(t, strnlen(S("hello"), HIDE((size_t)0)), 0UL);
	KTEST_EXPECT_EQ(t, strnlen(HIDE(raw), HIDE(sizeof(raw))), 4UL);
}

static void strcmp_strncmp(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, strcmp(S(""), S("")), 0);
	KTEST_EXPECT_LT(t, strcmp(S("abc"), S("abcd")), 0);
	KTEST_EXPECT_GT(t, strcmp(S("\xff"), S("a")), 0);	/* unsigned */
	KTEST_EXPECT_EQ(t, strncmp(S("abcx"), S("abcy"), HIDE((size_t)3)), 0);
	KTEST_EXPECT_LT(t, strncmp(S("abcx"), S("abcy"), HIDE((size_t)4)), 0);
	KTEST_EXPECT_LT(t, strncmp(S("ab"), S("abc"), HIDE((size_t)3)), 0);
	KTEST_EXPECT_EQ(t, strncmp(S("a"), S("b"), HIDE((size_t)0)), 0);
	KTEST_EXPECT_EQ(t, strncmp(S("same"), S("same"), HIDE((size_t)50)), 0);
}

static void strchr_finds_nul(struct ktest *t)
{
	const char *s = S("a/b/c");

	KTEST_EXPECT_PTR_EQ(t, strchr(s, HIDE('/')), s + 1);
	KTEST_EXPECT_PTR_EQ(t, strchr(s, HIDE('\0')), s + 5);
	KTEST_EXPECT_NULL(t, strchr(s, HIDE('z')));
	KTEST_EXPECT_PTR_EQ(t, strrchr(s, HIDE('/')), s + 3);
	KTEST_EXPECT_PTR_EQ(t, strrchr(s, HIDE('\0')), s + 5);
	KTEST_EXPECT_NULL(t, strrchr(s, HIDE('z')));
}

static void strstr_and_spans(struct ktest *t)
{
	const char *h = S("abcabcd");

	KTEST_EXPECT_PTR_EQ(t, strstr(h, S("")), h);
	KTEST_EXPECT_PTR_EQ(t, strstr(h, S("abcd")), h + 3);
	KTEST_EXPECT_NULL(t, strstr(h, S("abcde")));
	KTEST_EXPECT_NULL(t, strstr(S(""), S("a")));
	KTEST_EXPECT_EQ(t, strspn(S("aabbc"), S("ab")), 4UL);
	KTEST_EXPECT_EQ(t, strcspn(S("key=val"), S("=")), 3UL);
	KTEST_EXPECT_EQ(t, strcspn(S("keyval"), S("=")), 6UL);
}

static void memchr_and_inv(struct ktest *t)
{
	const char *s = S("aaab\0c");

	KTEST_EXPECT_PTR_EQ(t, memchr(s, HIDE('b'), HIDE((size_t)6)), s + 3);
	KTEST_EXPECT_PTR_EQ(t, memchr(s, HIDE('c'), HIDE((size_t)6)), s + 5);
	KTEST_EXPECT_NULL(t, memchr(s, HIDE('c'), HIDE((size_t)5)));
	KTEST_EXPECT_PTR_EQ(t, memchr_inv(s, 'a', 6), s + 3);
	KTEST_EXPECT_NULL(t, memchr_inv(s, 'a', 3));
	KTEST_EXPECT_NULL(t, memchr_inv(s, 'x', 0));
}

static void kstrtoull_errors(struct ktest *t)
{
	unsigned long long v = 99;

	KTEST_EXPECT_EQ(t, kstrtoull(S("18446744073709551616"), 10, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoull(S("0x1ffffffffffffffff"), 0, &v), -ERANGE);
	KTEST_EXPECT_EQ(t, kstrtoull(S(""), 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull(S("12x"), 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull(S(" 12"), 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull(S("12\n\n"), 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, kstrtoull(S("-1"), 10, &v), -EINVAL);
	KTEST_EXPECT_EQ(t, v, 99ULL);	/* untouched on error */
}

static void kstrtoull_parses(struct ktest *t)
{
	unsigned long long v = 0;
	long long s = 0;

	KTEST_EXPECT_EQ(t, kstrtoull(S("18446744073709551615"), 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, (unsigned long long)U64_MAX);
	KTEST_EXPECT_EQ(t, kstrtoull(S("42\n"), 10, &v), 0);
	KTEST_EXPECT_EQ(t, v, 42ULL);
	KTEST_EXPECT_EQ(t, kstrtoull(S("0x1F"), 16, &v), 0);
	KTEST_EXPECT_EQ(t, v, 31ULL);
	KTEST_EXPECT_EQ(t, kstrtoull(S("ff"), 16, &v), 0);
	KTEST_EXPECT_EQ(t, v, 255ULL);
	KTEST_EXPECT_EQ(t, kstrtoull(S("0x10"), 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 16ULL);
	KTEST_EXPECT_EQ(t, kstrtoull(S("010"), 0, &v), 0);
	KTEST_EXPECT_EQ(t, v, 8ULL);
	KTEST_EXPECT_EQ(t, kstrtoll(S("-9223372036854775808"), 10, &s), 0);
	KTEST_EXPECT_EQ(t, s, (long long)INT64_MIN);
	KTEST_EXPECT_EQ(t, kstrtoll(S("9223372036854775808"), 10, &s), -ERANGE);
}

static void simple_strtoul_endp(struct ktest *t)
{
	const char *s = S("123abc");
	char *end;

	KTEST_EXPECT_EQ(t, simple_strtoul(s, &end, 10), 123UL);
	KTEST_EXPECT_PTR_EQ(t, end, s + 3);
	KTEST_EXPECT_EQ(t, simple_strtoul(s, &end, 16), 0x123abcUL);
	KTEST_EXPECT_PTR_EQ(t, end, s + 6);
	s = S("0x20 rest");
	KTEST_EXPECT_EQ(t, simple_strtoul(s, &end, 0), 32UL);
	KTEST_EXPECT_PTR_EQ(t, end, s + 4);
	s = S("none");
	KTEST_EXPECT_EQ(t, simple_strtoul(s, &end, 10), 0UL);
	KTEST_EXPECT_PTR_EQ(t, end, s);
	KTEST_EXPECT_EQ(t, simple_strtol(S("-17"), NULL, 10), -17);
}

static void strlist_has_exact_entries(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, strlist_has("slab,vmalloc", "slab"));
	KTEST_EXPECT_TRUE(t, strlist_has("slab,vmalloc", "vmalloc"));
	KTEST_EXPECT_FALSE(t, strlist_has("slab,vmalloc", "sla"));
	KTEST_EXPECT_FALSE(t, strlist_has("slab_debug", "slab"));
	KTEST_EXPECT_FALSE(t, strlist_has("", "slab"));
	KTEST_EXPECT_TRUE(t, strlist_has("a,,b", "b"));
}

static const struct ktest_case string_cases[] = {
	KTEST_CASE(memmove_overlap),
	KTEST_CASE(memmove_overlap_by_one),
	KTEST_CASE(memcpy_memset_zero_length),
	KTEST_CASE(memcmp_sign),
	KTEST_CASE(strscpy_truncates),
	KTEST_CASE(strlen_strnlen),
	KTEST_CASE(strcmp_strncmp),
	KTEST_CASE(strchr_finds_nul),
	KTEST_CASE(strstr_and_spans),
	KTEST_CASE(memchr_and_inv),
	KTEST_CASE(kstrtoull_errors),
	KTEST_CASE(kstrtoull_parses),
	KTEST_CASE(simple_strtoul_endp),
	KTEST_CASE(strlist_has_exact_entries),
};

KTEST_SUITE(string, string_cases);
