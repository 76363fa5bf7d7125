// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/string.c, built with host_rename.h force-included
 * so that memcpy() here is the kernel's kern_memcpy(). Exhaustive checks run
 * against simple reference loops written in this file.
 */
#include <kernel/errno.h>
#include <kernel/string.h>

#include "htest.h"

#define BUF 64

static unsigned char ref[BUF], got[BUF];

static void fill_pattern(unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i * 7 + 1);
}

/* The obvious overlapping copy, byte by byte through a temporary. */
static void ref_memmove(unsigned char *buf, size_t dst, size_t src, size_t n)
{
	unsigned char tmp[BUF];

	for (size_t i = 0; i < n; i++)
		tmp[i] = buf[src + i];
	for (size_t i = 0; i < n; i++)
		buf[dst + i] = tmp[i];
}

/* Every (dst, src, len) in a 64-byte buffer, both directions, any overlap. */
static void test_memmove_exhaustive(void)
{
	int bad = 0;

	for (size_t src = 0; src < BUF; src++) {
		for (size_t dst = 0; dst < BUF; dst++) {
			size_t lim = BUF - (src > dst ? src : dst);

			for (size_t n = 0; n <= lim; n++) {
				fill_pattern(ref, BUF);
				fill_pattern(got, BUF);
				ref_memmove(ref, dst, src, n);
				if (memmove(got + dst, got + src, n) != got + dst)
					bad++;
				bad += __builtin_memcmp(ref, got, BUF) != 0;
			}
		}
	}
	HT_EXPECT_EQ(bad, 0);
}

static void test_memcpy_memset(void)
{
	unsigned char a[16], b[16];

	fill_pattern(a, sizeof(a));
	__builtin_memset(b, 0xee, sizeof(b));
	HT_EXPECT(memcpy(b + 1, a, 0) == b + 1);
	HT_EXPECT(memchr_inv(b, 0xee, sizeof(b)) == NULL);
	HT_EXPECT(memcpy(b + 1, a, 14) == b + 1);
	HT_EXPECT(__builtin_memcmp(b + 1, a, 14) == 0);
	HT_EXPECT(b[0] == 0xee && b[15] == 0xee);

	HT_EXPECT(memset(b, 0x1ab, 0) == b);
	HT_EXPECT(b[0] == 0xee);
	HT_EXPECT(memset(b + 2, 0x1ab, 12) == b + 2);	/* (unsigned char)c */
	HT_EXPECT(memchr_inv(b + 2, 0xab, 12) == NULL);
	HT_EXPECT(b[1] == a[0] && b[14] == a[13]);
}

static void test_memcmp(void)
{
	HT_EXPECT(memcmp("abc", "abd", 3) < 0);
	HT_EXPECT(memcmp("abd", "abc", 3) > 0);
	HT_EXPECT(memcmp("abc", "abd", 2) == 0);
	HT_EXPECT(memcmp("x", "y", 0) == 0);
	/* Bytes compare as unsigned: 0x80 sorts after 0x7f. */
	HT_EXPECT(memcmp("\x80", "\x7f", 1) > 0);
	HT_EXPECT(memcmp("a\0b", "a\0c", 3) < 0);	/* NUL is not special */
}

static void test_memchr(void)
{
	static const char s[] = "hello\0world";

	HT_EXPECT(memchr(s, 'o', sizeof(s)) == s + 4);
	HT_EXPECT(memchr(s, 'w', sizeof(s)) == s + 6);
	HT_EXPECT(memchr(s, 'w', 6) == NULL);
	HT_EXPECT(memchr(s, 'h' + 256, 1) == s);
	HT_EXPECT(memchr(s, 'h', 0) == NULL);
	HT_EXPECT(memchr_inv("aaab", 'a', 4) != NULL);
	HT_EXPECT(*(const char *)memchr_inv("aaab", 'a', 4) == 'b');
	HT_EXPECT(memchr_inv("aaab", 'a', 3) == NULL);
	HT_EXPECT(memchr_inv("", 'a', 0) == NULL);
}

static void test_strlen_strnlen(void)
{
	static const char unterminated[4] = { 'a', 'b', 'c', 'd' };

	HT_EXPECT_EQ(strlen(""), 0);
	HT_EXPECT_EQ(strlen("abc"), 3);
	HT_EXPECT_EQ(strnlen("abc", 10), 3);
	HT_EXPECT_EQ(strnlen("abc", 2), 2);
	HT_EXPECT_EQ(strnlen("abc", 0), 0);
	/* Must not read past maxlen: ASan catches it if it does. */
	HT_EXPECT_EQ(strnlen(unterminated, sizeof(unterminated)), 4);
}

static void test_strcmp_strncmp(void)
{
	HT_EXPECT(strcmp("", "") == 0);
	HT_EXPECT(strcmp("a", "") > 0);
	HT_EXPECT(strcmp("", "a") < 0);
	HT_EXPECT(strcmp("abc", "abd") < 0);
	HT_EXPECT(strcmp("\xff", "a") > 0);	/* unsigned compare */
	HT_EXPECT(strncmp("abcx", "abcy", 3) == 0);
	HT_EXPECT(strncmp("abcx", "abcy", 4) < 0);
	HT_EXPECT(strncmp("ab", "abc", 2) == 0);
	HT_EXPECT(strncmp("ab", "abc", 3) < 0);
	HT_EXPECT(strncmp("x", "y", 0) == 0);
	HT_EXPECT(strncmp("same", "same", 100) == 0);	/* stops at the NUL */
}

static void test_strchr_strrchr(void)
{
	static const char s[] = "a/b/c";

	HT_EXPECT(strchr(s, '/') == s + 1);
	HT_EXPECT(strrchr(s, '/') == s + 3);
	HT_EXPECT(strchr(s, 'z') == NULL);
	HT_EXPECT(strrchr(s, 'z') == NULL);
	HT_EXPECT(strchr(s, '\0') == s + 5);
	HT_EXPECT(strrchr(s, '\0') == s + 5);
	HT_EXPECT(strchr(s, 'a' + 256) == s);	/* (char)c */
	HT_EXPECT(strrchr("", 'a') == NULL);
}

static void test_strstr_spn(void)
{
	static const char h[] = "abcabcd";

	HT_EXPECT(strstr(h, "") == h);
	HT_EXPECT(strstr("", "") != NULL);
	HT_EXPECT(strstr("", "a") == NULL);
	HT_EXPECT(strstr(h, "abcd") == h + 3);
	HT_EXPECT(strstr(h, "cab") == h + 2);
	HT_EXPECT(strstr(h, "abcde") == NULL);
	HT_EXPECT(strstr(h, "d") == h + 6);
	HT_EXPECT_EQ(strspn("aabbc", "ab"), 4);
	HT_EXPECT_EQ(strspn("aabbc", ""), 0);
	HT_EXPECT_EQ(strspn("", "ab"), 0);
	HT_EXPECT_EQ(strcspn("abc,def", ",;"), 3);
	HT_EXPECT_EQ(strcspn("abcdef", ",;"), 6);
	HT_EXPECT_EQ(strcspn("abc", ""), 3);
}

static void test_strscpy(void)
{
	char buf[8];

	__builtin_memset(buf, 'x', sizeof(buf));
	HT_EXPECT_EQ(strscpy(buf, "abc", sizeof(buf)), 3);
	HT_EXPECT_STREQ(buf, "abc");
	HT_EXPECT_EQ(buf[4], 'x');	/* no padding */
	HT_EXPECT_EQ(strscpy(buf, "1234567", sizeof(buf)), 7);
	HT_EXPECT_STREQ(buf, "1234567");
	HT_EXPECT_EQ(strscpy(buf, "12345678", sizeof(buf)), -E2BIG);
	HT_EXPECT_STREQ(buf, "1234567");
	HT_EXPECT_EQ(strscpy(buf, "", sizeof(buf)), 0);
	HT_EXPECT_STREQ(buf, "");
	HT_EXPECT_EQ(strscpy(buf, "ab", 1), -E2BIG);
	HT_EXPECT_STREQ(buf, "");
	buf[0] = 'q';
	HT_EXPECT_EQ(strscpy(buf, "ab", 0), -E2BIG);
	HT_EXPECT_EQ(buf[0], 'q');	/* size 0: untouched */
}

static void test_kstrtoull(void)
{
	unsigned long long v = 42;

	HT_EXPECT_EQ(kstrtoull("0", 10, &v), 0);
	HT_EXPECT_EQ(v, 0);
	HT_EXPECT_EQ(kstrtoull("18446744073709551615", 10, &v), 0);
	HT_EXPECT(v == ~0ULL);
	v = 42;
	HT_EXPECT_EQ(kstrtoull("18446744073709551616", 10, &v), -ERANGE);
	HT_EXPECT_EQ(kstrtoull("99999999999999999999999", 10, &v), -ERANGE);
	HT_EXPECT_EQ(kstrtoull("0x10000000000000000", 0, &v), -ERANGE);
	HT_EXPECT_EQ(v, 42);	/* untouched on error */
	HT_EXPECT_EQ(kstrtoull("", 10, &v), -EINVAL);
	HT_EXPECT_EQ(kstrtoull("\n", 10, &v), -EINVAL);
	HT_EXPECT_EQ(kstrtoull("+", 10, &v), -EINVAL);
	HT_EXPECT_EQ(kstrtoull(" 1", 10, &v), -EINVAL);
	HT_EXPECT_EQ(kstrtoull("1 ", 10, &v), -EINVAL);
	HT_EXPECT_EQ(kstrtoull("12a", 10, &v), -EINVAL);
	HT_EXPECT_EQ(kstrtoull("1\n\n", 10, &v), -EINVAL);
	HT_EXPECT_EQ(kstrtoull("-1", 10, &v), -EINVAL);
	HT_EXPECT_EQ(kstrtoull("0x", 16, &v), -EINVAL);
	HT_EXPECT_EQ(kstrtoull("12\n", 10, &v), 0);
	HT_EXPECT_EQ(v, 12);
	HT_EXPECT_EQ(kstrtoull("+7", 10, &v), 0);
	HT_EXPECT_EQ(v, 7);
	HT_EXPECT_EQ(kstrtoull("ff", 16, &v), 0);
	HT_EXPECT_EQ(v, 255);
	HT_EXPECT_EQ(kstrtoull("0xFf", 16, &v), 0);
	HT_EXPECT_EQ(v, 255);
	HT_EXPECT_EQ(kstrtoull("0x1f", 0, &v), 0);
	HT_EXPECT_EQ(v, 31);
	HT_EXPECT_EQ(kstrtoull("017", 0, &v), 0);
	HT_EXPECT_EQ(v, 15);
	HT_EXPECT_EQ(kstrtoull("08", 0, &v), -EINVAL);	/* octal */
	HT_EXPECT_EQ(kstrtoull("101", 2, &v), 0);
	HT_EXPECT_EQ(v, 5);
	HT_EXPECT_EQ(kstrtoull("1", 1, &v), -EINVAL);	/* no such base */
}

static void test_kstrtoll(void)
{
	long long v = 42;

	HT_EXPECT_EQ(kstrtoll("-9223372036854775808", 10, &v), 0);
	HT_EXPECT(v == -__LONG_LONG_MAX__ - 1);
	HT_EXPECT_EQ(kstrtoll("9223372036854775807", 10, &v), 0);
	HT_EXPECT(v == __LONG_LONG_MAX__);
	HT_EXPECT_EQ(kstrtoll("9223372036854775808", 10, &v), -ERANGE);
	HT_EXPECT_EQ(kstrtoll("-9223372036854775809", 10, &v), -ERANGE);
	HT_EXPECT_EQ(kstrtoll("-0x10", 0, &v), 0);
	HT_EXPECT_EQ(v, -16);
	HT_EXPECT_EQ(kstrtoll("-0", 10, &v), 0);
	HT_EXPECT_EQ(v, 0);
	HT_EXPECT_EQ(kstrtoll("+5\n", 10, &v), 0);
	HT_EXPECT_EQ(v, 5);
	HT_EXPECT_EQ(kstrtoll("-", 10, &v), -EINVAL);
	HT_EXPECT_EQ(kstrtoll("--1", 10, &v), -EINVAL);
	HT_EXPECT_EQ(kstrtoll("-+1", 10, &v), -EINVAL);
}

static void test_simple_strtoul(void)
{
	char *end;
	static const char s[] = "123abc";

	HT_EXPECT_EQ(simple_strtoul(s, &end, 10), 123);
	HT_EXPECT(end == s + 3);
	HT_EXPECT_EQ(simple_strtoul(s, &end, 16), 0x123abc);
	HT_EXPECT(end == s + 6);
	HT_EXPECT_EQ(simple_strtoul("xyz", &end, 10), 0);
	HT_EXPECT_STREQ(end, "xyz");	/* no digits: endp = start */
	HT_EXPECT_EQ(simple_strtoul("0x1G", &end, 0), 1);
	HT_EXPECT_STREQ(end, "G");
	HT_EXPECT_EQ(simple_strtoul("0x", &end, 0), 0);	/* lone 0x: "0" */
	HT_EXPECT_STREQ(end, "x");
	HT_EXPECT_EQ(simple_strtoul("0xg", &end, 16), 0);
	HT_EXPECT_STREQ(end, "xg");
	HT_EXPECT_EQ(simple_strtoul("0778", &end, 0), 0777 >> 3);
	HT_EXPECT_STREQ(end, "8");
	HT_EXPECT_EQ(simple_strtoul("42", NULL, 0), 42);
	HT_EXPECT_EQ(simple_strtol("-42z", &end, 10), -42);
	HT_EXPECT_STREQ(end, "z");
	HT_EXPECT(simple_strtoull("0XFFFFFFFFFFFFFFFF", NULL, 0) == ~0ULL);
}

/*
 * simple_strtoull() against the C library on inputs both read alike: no
 * space or sign, and no overflow (where the C library saturates).
 */
static void test_simple_strtoull_vs_libc(void)
{
	static const char *const in[] = {
		"0", "7", "10", "0x10", "0X1a", "010", "0x", "09", "1234567890",
		"0xffffffffffffffff", "0777777", "zz", "0x0x1", "000", "1z",
		"zzzzzzzzzzzz",
	};
	static const unsigned int bases[] = { 0, 8, 10, 16, 36 };
	int bad = 0;

	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
			char *e1, *e2;
			unsigned long long v1 = simple_strtoull(in[i], &e1, bases[b]);
			unsigned long long v2 = strtoull(in[i], &e2, (int)bases[b]);

			if (v2 == ~0ULL)	/* libc saturated (or really is max) */
				continue;
			if (v1 != v2 || e1 != e2) {
				printf("# \"%s\" base %u: %llu/%td vs libc %llu/%td\n",
				       in[i], bases[b], v1, e1 - in[i], v2, e2 - in[i]);
				bad++;
			}
		}
	}
	HT_EXPECT_EQ(bad, 0);
}

int main(void)
{
	static const struct htest_case cases[] = {
		HT_CASE(test_memmove_exhaustive),
		HT_CASE(test_memcpy_memset),
		HT_CASE(test_memcmp),
		HT_CASE(test_memchr),
		HT_CASE(test_strlen_strnlen),
		HT_CASE(test_strcmp_strncmp),
		HT_CASE(test_strchr_strrchr),
		HT_CASE(test_strstr_spn),
		HT_CASE(test_strscpy),
		HT_CASE(test_kstrtoull),
		HT_CASE(test_kstrtoll),
		HT_CASE(test_simple_strtoul),
		HT_CASE(test_simple_strtoull_vs_libc),
	};

	return htest_main(cases, sizeof(cases) / sizeof(cases[0]));
}
