// SPDX-License-Identifier: MIT
/*
 * ktest suite "printk": kernel/lib/vsnprintf.c as it runs in the kernel,
 * including %pS/%ps against the real kallsyms table.
 *
 * Most checks go through expect_fmt(), which calls vsnprintf() with a
 * va_list, so the compiler cannot work the result out at compile time the
 * way it can for snprintf() with a literal format. Where snprintf() and
 * sprintf() are tested directly, HIDE() conceals the format for the same
 * reason. (The differential test against a C library is on the host,
 * tests/host/test_vsnprintf.c.)
 */
#include <kernel/compiler.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define HIDE(x)									\
	({									\
		__typeof__((x) + 0) __h = (x);					\
		__asm__("" : "+r"(__h));					\
		__h;								\
	})

/* NULL, hidden from the compiler's null-argument format warnings. */
static void *hidden_null(void)
{
	void *p = NULL;

	__asm__("" : "+r"(p));
	return p;
}

#define OUT_LEN 128

/* Format into a scratch buffer and expect exactly @want and its length. */
static void __printf(3, 4) expect_fmt(struct ktest *t, const char *want,
				      const char *fmt, ...)
{
	char out[OUT_LEN];
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(out, sizeof(out), fmt, args);
	va_end(args);
	if (strcmp(out, want) || len != (int)strlen(want))
		ktest_printf(t, "format \"%s\"", fmt);
	KTEST_EXPECT_STREQ(t, out, want);
	KTEST_EXPECT_EQ(t, len, (int)strlen(want));
}

/* For formats that are wrong on purpose: no compile-time format check. */
static void (*const expect_fmt_unchecked)(struct ktest *, const char *,
					  const char *, ...) = expect_fmt;

static const struct int_case {
	const char *fmt;
	int val;
	const char *want;
} int_cases[] = {
	{ "%d", 0, "0" },
	{ "%d", -1, "-1" },
	{ "%i", 123, "123" },
	{ "%u", -1, "4294967295" },
	{ "%x", 0xbeef, "beef" },
	{ "%X", 0xbeef, "BEEF" },
	{ "%o", 8, "10" },
	{ "%5d", 42, "   42" },
	{ "%-5d|", 42, "42   |" },
	{ "%05d", -42, "-0042" },
	{ "%+d", 42, "+42" },
	{ "%+d", 0, "+0" },
	{ "% d", 42, " 42" },
	{ "%+ d", 42, "+42" },		/* '+' wins over ' ' */
	{ "%-05d|", 7, "7    |" },	/* '-' wins over '0' */
	{ "%.4d", 42, "0042" },
	{ "%8.4d", -42, "   -0042" },
	{ "%08.4d", 42, "    0042" },	/* precision: '0' ignored */
	{ "%.0d", 0, "" },
	{ "%3.0d|", 0, "   |" },
	{ "%#x", 255, "0xff" },
	{ "%#X", 255, "0XFF" },
	{ "%#x", 0, "0" },		/* no prefix for zero */
	{ "%#08x", 255, "0x0000ff" },
	{ "%#o", 8, "010" },
	{ "%#o", 0, "0" },
	{ "%#.0o", 0, "0" },
	{ "%#5o", 8, "  010" },
	{ "%hhd", 200, "-56" },
	{ "%hhu", 300, "44" },
	{ "%hd", 40000, "-25536" },
	{ "%hx", -1, "ffff" },
	{ "%d", INT_MAX, "2147483647" },
	{ "%d", -INT_MAX - 1, "-2147483648" },
};

static void integer_formats(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(int_cases); i++) {
		const struct int_case *c = &int_cases[i];

		expect_fmt_unchecked(t, c->want, c->fmt, c->val);
	}
}

static void long_long_limits(struct ktest *t)
{
	expect_fmt(t, "-9223372036854775808", "%lld", (long long)INT64_MIN);
	expect_fmt(t, "9223372036854775807", "%lld", (long long)INT64_MAX);
	expect_fmt(t, "18446744073709551615", "%llu", (unsigned long long)U64_MAX);
	expect_fmt(t, "ffffffffffffffff", "%llx", (unsigned long long)U64_MAX);
	expect_fmt(t, "1777777777777777777777", "%llo", (unsigned long long)U64_MAX);
	expect_fmt(t, "-9223372036854775808", "%ld", (long)INT64_MIN);
	expect_fmt(t, "ffffffff80000000", "%lx", 0xffffffff80000000UL);
	expect_fmt(t, "[-00000000000000000001]", "[%021lld]", -1LL);
}

static void size_and_ptrdiff(struct ktest *t)
{
	expect_fmt(t, "18446744073709551615", "%zu", (size_t)-1);
	expect_fmt(t, "-1 4096", "%zd %zu", (ssize_t)-1, (size_t)4096);
	expect_fmt(t, "1000", "%zx", (size_t)0x1000);
	expect_fmt(t, "-8 8", "%td %tu", (ptrdiff_t)-8, (ptrdiff_t)8);
}

static void star_width_precision(struct ktest *t)
{
	expect_fmt(t, "[   42]", "[%*d]", 5, 42);
	expect_fmt(t, "[42   ]", "[%*d]", -5, 42);	/* negative: '-' */
	expect_fmt(t, "[00042]", "[%.*d]", 5, 42);
	expect_fmt(t, "[42]", "[%.*d]", -1, 42);	/* negative: none */
	expect_fmt(t, "[  abc]", "[%*.*s]", 5, 3, "abcdef");
}

static void chars_and_percent(struct ktest *t)
{
	expect_fmt(t, "a", "%c", 'a');
	expect_fmt(t, "[  z] [z  ]", "[%3c] [%-3c]", 'z', 'z');
	expect_fmt(t, "100%", "%d%%", 100);
	expect_fmt(t, "%%", "%%%%");
}

static void strings_null_precision(struct ktest *t)
{
	const char *null = hidden_null();

	expect_fmt(t, "(null)", "%s", null);
	expect_fmt(t, "(nu", "%.3s", null);
	expect_fmt(t, "[  (null)]", "[%8s]", null);
	expect_fmt(t, "[hel]", "[%.3s]", "hello");
	expect_fmt(t, "[hello   ]", "[%-8s]", "hello");
	expect_fmt(t, "[]", "[%.0s]", "hello");
	expect_fmt(t, "", "%s", "");
}

static void unknown_conversion_literal(struct ktest *t)
{
	expect_fmt_unchecked(t, "%y", "%y");
	expect_fmt_unchecked(t, "[%-4y]", "[%-4y]");
	expect_fmt_unchecked(t, "%n7", "%n%d", 7);	/* %n takes nothing */
	expect_fmt_unchecked(t, "end%", "end%");
}

/* Every buffer size: stored prefix, NUL, full-length return, guard bytes. */
static void truncation_guard(struct ktest *t)
{
	static const char full[] = "pid=1234 comm=init";
	char out[sizeof(full) + 4];

	for (size_t size = 0; size <= sizeof(full); size++) {
		size_t stored = size ? min(size - 1, sizeof(full) - 1) : 0;
		int len;

		memset(out, '#', sizeof(out));
		len = snprintf(out, HIDE(size), HIDE("pid=%d comm=%s"), 1234, "init");
		KTEST_EXPECT_EQ(t, len, (int)sizeof(full) - 1);
		KTEST_EXPECT_MEMEQ(t, out, full, stored);
		if (size)
			KTEST_EXPECT_EQ(t, out[stored], '\0');
		KTEST_EXPECT_NULL(t, memchr_inv(out + size, '#', sizeof(out) - size));
	}
}

static void size_zero(struct ktest *t)
{
	char c = 'q';

	KTEST_EXPECT_EQ(t, snprintf(NULL, HIDE((size_t)0), HIDE("%d-%s"), 42, "x"), 4);
	KTEST_EXPECT_EQ(t, snprintf(&c, HIDE((size_t)0), HIDE("%d"), 42), 2);
	KTEST_EXPECT_EQ(t, c, 'q');
	KTEST_EXPECT_EQ(t, scnprintf(NULL, 0, "%d", 42), 0);
}

static void scnprintf_returns_stored(struct ktest *t)
{
	char out[8];
	int len = 0;

	KTEST_EXPECT_EQ(t, scnprintf(out, sizeof(out), "%d", 12345678), 7);
	KTEST_EXPECT_STREQ(t, out, "1234567");
	KTEST_EXPECT_EQ(t, scnprintf(out, sizeof(out), "%s", "ab"), 2);
	KTEST_EXPECT_EQ(t, scnprintf(out, 1, "%s", "ab"), 0);
	KTEST_EXPECT_STREQ(t, out, "");
	/* The append idiom stops at the end of the buffer. */
	for (int i = 0; i < 5; i++)
		len += scnprintf(out + len, sizeof(out) - len, "%d,", i);
	KTEST_EXPECT_EQ(t, len, 7);
	KTEST_EXPECT_STREQ(t, out, "0,1,2,3");
}

static void sprintf_basic(struct ktest *t)
{
	char out[32];

	KTEST_EXPECT_EQ(t, sprintf(out, HIDE("%s:%u"), "cpu", 3u), 5);
	KTEST_EXPECT_STREQ(t, out, "cpu:3");
}

static void pointer_format(struct ktest *t)
{
	phys_addr_t pa = 0x100000;

	expect_fmt(t, "0xffffffff80001000", "%p", (void *)0xffffffff80001000UL);
	expect_fmt(t, "0x0000000000000000", "%p", NULL);
	expect_fmt(t, "0x00000000000000ff", "%px", (void *)0xffUL);
	expect_fmt(t, "[  0x0000000000000001]", "[%20p]", (void *)1);
	expect_fmt(t, "0x0000000000100000", "%pa", &pa);
	expect_fmt(t, "(null)", "%pa", (phys_addr_t *)hidden_null());
}

static void symbol_with_offset(struct ktest *t)
{
	static const char want[] = "vsnprintf+0x3/0x";
	char out[OUT_LEN];

	snprintf(out, sizeof(out), HIDE("%pS"),
		 (void *)((unsigned long)vsnprintf + 3));
	ktest_printf(t, "%%pS of vsnprintf+3: %s", out);
	KTEST_EXPECT_EQ(t, strncmp(out, want, sizeof(want) - 1), 0);
	KTEST_EXPECT_GT(t, strlen(out), sizeof(want) - 1);	/* the size */
}

static void symbol_name_only(struct ktest *t)
{
	expect_fmt(t, "vsnprintf", "%ps", (void *)((unsigned long)vsnprintf + 3));
	expect_fmt(t, "[ vsnprintf]", "[%10ps]", (void *)vsnprintf);
}

/* Address 0x10 lies in no kernel symbol: both forms print the address. */
static void symbol_unknown(struct ktest *t)
{
	expect_fmt(t, "0x10", "%pS", (void *)0x10);
	expect_fmt(t, "0x10", "%ps", (void *)0x10);
}

static const struct ktest_case printk_cases[] = {
	KTEST_CASE(integer_formats),
	KTEST_CASE(long_long_limits),
	KTEST_CASE(size_and_ptrdiff),
	KTEST_CASE(star_width_precision),
	KTEST_CASE(chars_and_percent),
	KTEST_CASE(strings_null_precision),
	KTEST_CASE(unknown_conversion_literal),
	KTEST_CASE(truncation_guard),
	KTEST_CASE(size_zero),
	KTEST_CASE(scnprintf_returns_stored),
	KTEST_CASE(sprintf_basic),
	KTEST_CASE(pointer_format),
	KTEST_CASE(symbol_with_offset),
	KTEST_CASE(symbol_name_only),
	KTEST_CASE(symbol_unknown),
};

KTEST_SUITE(printk, printk_cases);
