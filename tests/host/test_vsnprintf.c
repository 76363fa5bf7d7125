// SPDX-License-Identifier: MIT
/*
 * Host tests for kernel/lib/vsnprintf.c, built with host_rename.h
 * force-included, so snprintf() here is the kernel's kern_snprintf().
 *
 * The C library's snprintf is reached through the asm label below, for a
 * differential test of the integer, %c and %s conversions, where the kernel
 * must match C99 exactly. kallsyms_lookup() is faked with a small table.
 */
#include <kernel/compiler.h>
#include <kernel/kallsyms.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "htest.h"

/* The C library's snprintf, under a name host_rename.h leaves alone. */
extern int libc_snprintf(char *buf, size_t size, const char *fmt, ...)
	__asm__("snprintf") __printf(3, 4);

#define LONG_NAME								\
	"a_symbol_name_that_is_long_enough_to_fill_most_of_KSYM_NAME_LEN_"	\
	"which_is_128_bytes_so_this_one_is_127_characters_long_0123456789"

static const struct fake_sym {
	const char *name;
	unsigned long addr, size;
} fake_syms[] = {
	{ "start_kernel", 0x1000, 0x200 },
	{ "do_fork", 0x1200, 0x80 },
	{ LONG_NAME, 0xffffffffffff0000UL, 0x10000 },
};

bool kallsyms_lookup(unsigned long addr, const char **name,
		     unsigned long *offset, unsigned long *size)
{
	for (size_t i = 0; i < ARRAY_SIZE(fake_syms); i++) {
		const struct fake_sym *s = &fake_syms[i];

		if (addr - s->addr >= s->size)
			continue;
		if (name)
			*name = s->name;
		if (offset)
			*offset = addr - s->addr;
		if (size)
			*size = s->size;
		return true;
	}
	return false;
}

static char buf[256];

/* snprintf into buf; check the result and the returned length. */
#define CHECK(expect, fmt, ...)							\
	do {									\
		int __n = snprintf(buf, sizeof(buf), fmt, ##__VA_ARGS__);	\
		HT_EXPECT_STREQ(buf, expect);					\
		HT_EXPECT_EQ(__n, __builtin_strlen(expect));			\
	} while (0)

/*
 * For formats that are wrong on purpose: a call through a pointer escapes
 * the compiler's format checking.
 */
static int (*volatile unchecked_snprintf)(char *, size_t, const char *, ...) = snprintf;

#define CHECK_UNCHECKED(expect, fmt, ...)					\
	do {									\
		int __n = unchecked_snprintf(buf, sizeof(buf), fmt, ##__VA_ARGS__);\
		HT_EXPECT_STREQ(buf, expect);					\
		HT_EXPECT_EQ(__n, __builtin_strlen(expect));			\
	} while (0)

/* NULL, hidden from the compiler's null-argument warnings. */
static const char *volatile null_str;

static void test_integers(void)
{
	CHECK("0 1 -1", "%d %i %d", 0, 1, -1);
	CHECK("2147483647 -2147483648", "%d %d", INT_MAX, -INT_MAX - 1);
	CHECK("4294967295", "%u", UINT_MAX);
	CHECK("ff FF 377", "%x %X %o", 255, 255, 255);
	CHECK("[   42] [42   ] [00042]", "[%5d] [%-5d] [%05d]", 42, 42, 42);
	CHECK("[  -42] [-42  ] [-0042]", "[%5d] [%-5d] [%05d]", -42, -42, -42);
	CHECK("+42 -42  42 +0", "%+d %+d % d %+d", 42, -42, 42, 0);
	CHECK("[+0042] [ 0042] [+42  ]", "[%+05d] [% 05d] [%-+5d]", 42, 42, 42);
	CHECK("0x1f 0X1F 017 0", "%#x %#X %#o %#x", 31, 31, 15, 0);
	CHECK("[0x001f] [  0x1f]", "[%#06x] [%#6x]", 31, 31);
	CHECK("[  00042] [-00042]", "[%7.5d] [%.5d]", 42, -42);
	CHECK_UNCHECKED("[   42]", "[%05.2d]", 42);	/* precision: '0' ignored */
	CHECK("[] [    ] [0] [+]", "[%.0d] [%4.0x] [%#.0o] [%+.0d]", 0, 0, 0, 0);
	CHECK("[0010] [010]", "[%#.4o] [%#o]", 8, 8);
	CHECK("42 42", "%u %x", 42u, 0x42);
	CHECK("[   42] [42   ]", "[%*d] [%*d]", 5, 42, -5, 42);
	CHECK("[00042] [42]", "[%.*d] [%.*d]", 5, 42, -3, 42);
	CHECK("[  007]", "[%*.*d]", 5, 3, 7);
}

static void test_length_modifiers(void)
{
	CHECK_UNCHECKED("-128 255 -1 65535", "%hhd %hhu %hd %hu", 128, 255, 65535, 65535);
	CHECK_UNCHECKED("44 fffe", "%hhu %hx", 300, -2);
	CHECK("-9223372036854775808", "%lld", -__LONG_LONG_MAX__ - 1);
	CHECK("9223372036854775807", "%ld", __LONG_MAX__);
	CHECK("18446744073709551615", "%llu", ~0ULL);
	CHECK("ffffffffffffffff", "%llx", ~0ULL);
	CHECK("1777777777777777777777", "%llo", ~0ULL);
	CHECK("18446744073709551615 -1", "%zu %zd", (size_t)-1, (ssize_t)-1);
	CHECK("-5 123456789abc", "%td %lx", (ptrdiff_t)-5, 0x123456789abcUL);
	CHECK("-7 7", "%jd %ju", (intmax_t)-7, (uintmax_t)7);
}

static void test_chars_strings(void)
{
	CHECK("a|  b|c  |", "%c|%3c|%-3c|", 'a', 'b', 'c');
	CHECK("x%y", "x%%y");
	CHECK("(null)", "%s", null_str);
	CHECK("(nu", "%.3s", null_str);
	CHECK("[  (null)]", "[%8s]", null_str);
	CHECK("[hello] [  hel] [he   ]", "[%s] [%5.3s] [%-5.2s]", "hello", "hello",
	      "hello");
	CHECK("[]", "[%.0s]", "abc");
	CHECK("[ab]", "[%.*s]", 2, "abc");
	CHECK("", "%s", "");
}

static void test_nul_char(void)
{
	int n = snprintf(buf, sizeof(buf), "a%cb", 0);

	HT_EXPECT_EQ(n, 3);
	HT_EXPECT(__builtin_memcmp(buf, "a\0b", 4) == 0);
}

/* A precision longer than the array: only the array may be read. */
static void test_string_precision_bound(void)
{
	static const char raw[3] = { 'x', 'y', 'z' };

	CHECK("xyz", "%.3s", raw);
	CHECK("xy", "%.2s", raw);
}

static void test_pointers(void)
{
	phys_addr_t pa = 0x12345000;

	CHECK("0x00000000deadbeef", "%p", (void *)0xdeadbeefUL);
	CHECK("0x0000000000000000", "%p", NULL);
	CHECK("0xffffffff80001000", "%px", (void *)0xffffffff80001000UL);
	CHECK("[  0x0000000000000001]", "[%20p]", (void *)1);
	CHECK("[0x0000000000000001  ]", "[%-20p]", (void *)1);
	CHECK("0x0000000012345000 0x0000000012345000", "%pa %pap", &pa, &pa);
	CHECK("(null)", "%pa", NULL);
	/* An unknown extension letter is left as text after the pointer. */
	CHECK("0x0000000000000010K", "%pK", (void *)0x10);
}

static void test_symbols(void)
{
	CHECK("start_kernel+0x1a/0x200", "%pS", (void *)0x101a);
	CHECK("start_kernel+0x0/0x200", "%pS", (void *)0x1000);
	CHECK("do_fork+0x7f/0x80", "%pS", (void *)0x127f);
	CHECK("start_kernel do_fork", "%ps %ps", (void *)0x101a, (void *)0x1200);
	CHECK("0x1280 0xfff", "%pS %ps", (void *)0x1280, (void *)0xfff);
	CHECK("0x0", "%pS", NULL);
	CHECK("[   do_fork] [do_fork   ]", "[%10ps] [%-10ps]", (void *)0x1200,
	      (void *)0x1200);
	CHECK(LONG_NAME "+0xffff/0x10000", "%pS", (void *)~0UL);
}

static void test_unknown_conversions(void)
{
	CHECK_UNCHECKED("%y", "%y");
	CHECK_UNCHECKED("[%-5y]", "[%-5y]");
	CHECK_UNCHECKED("%n5", "%n%d", 5);	/* no argument taken by %n */
	CHECK_UNCHECKED("%f 1", "%f %d", 1);
	CHECK_UNCHECKED("abc%", "abc%");
	CHECK_UNCHECKED("abc%-5", "abc%-5");
	CHECK_UNCHECKED("%l", "%l");
}

/* Every size from 0 up: stored prefix, NUL, return value, guard bytes. */
static void test_truncation(void)
{
	static const char full[] = "value=-12345 name=kernel";
	char small[sizeof(full) + 8];

	for (size_t size = 0; size <= sizeof(full) + 1; size++) {
		size_t stored = size ? (size - 1 < sizeof(full) - 1 ?
				       size - 1 : sizeof(full) - 1) : 0;
		int n, sn;

		__builtin_memset(small, '#', sizeof(small));
		n = snprintf(small, size, "value=%d name=%s", -12345, "kernel");
		HT_EXPECT_EQ(n, sizeof(full) - 1);
		HT_EXPECT(__builtin_memcmp(small, full, stored) == 0);
		if (size)
			HT_EXPECT_EQ(small[stored], '\0');
		HT_EXPECT(memchr_inv(small + size, '#', sizeof(small) - size) == NULL);

		sn = scnprintf(small, size, "value=%d name=%s", -12345, "kernel");
		HT_EXPECT_EQ(sn, stored);
	}
	HT_EXPECT_EQ(snprintf(NULL, 0, "%s-%d", "abc", 100), 7);
	HT_EXPECT_EQ(scnprintf(NULL, 0, "%s-%d", "abc", 100), 0);
	HT_EXPECT_EQ(snprintf(NULL, 0, "%400d", 1), 400);
}

static void test_sprintf_and_append(void)
{
	int len;

	HT_EXPECT_EQ(sprintf(buf, "%s=%u", "x", 7u), 3);
	HT_EXPECT_STREQ(buf, "x=7");

	/* The scnprintf append idiom never runs past the buffer. */
	len = 0;
	for (int i = 0; i < 10; i++)
		len += scnprintf(buf + len, 8 - len, "%d", i);
	HT_EXPECT_EQ(len, 7);
	HT_EXPECT_STREQ(buf, "0123456");
}

/* Fixed formats the kernel must print exactly as the C library does. */
static void test_vs_libc_table(void)
{
	static const char *const fmts[] = {
		"%d", "%5d", "%-5d", "%05d", "%+d", "% d", "%.3d", "%8.3d",
		"%-8.3d", "%08.3d", "%+08d", "% 08d", "%x", "%#x", "%#08x",
		"%#.5x", "%#X", "%o", "%#o", "%#.0o", "%.0d", "%u", "%10u",
		"%-+10d", "%- 10i", "%#-10x", "%hhd", "%hhx", "%hd", "%hu",
	};
	static const int vals[] = {
		0, 1, -1, 7, 8, 42, -42, 255, 256, 65535, 65536, 123456789,
		-123456789, 2147483647, -2147483647 - 1,
	};
	char want[64];
	int bad = 0;

	for (size_t f = 0; f < ARRAY_SIZE(fmts); f++) {
		for (size_t v = 0; v < ARRAY_SIZE(vals); v++) {
			int n1 = snprintf(buf, sizeof(buf), fmts[f], vals[v]);
			int n2 = libc_snprintf(want, sizeof(want), fmts[f], vals[v]);

			if (n1 == n2 && !__builtin_strcmp(buf, want))
				continue;
			printf("# \"%s\" %d: \"%s\" vs libc \"%s\"\n", fmts[f],
			       vals[v], buf, want);
			bad++;
		}
	}
	HT_EXPECT_EQ(bad, 0);
}

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A random integer format; *nstar gets the number of '*' arguments. */
static void random_format(char *fmt, size_t size, int *nstar, int *lclass)
{
	static const char *const lens[] = { "", "hh", "h", "l", "ll", "z", "t", "j" };
	static const int classes[] = { 0, 0, 0, 1, 2, 1, 1, 1 };
	static const char convs[] = "diuxXo";
	int len = 0, li = (int)(rng() % ARRAY_SIZE(lens));

	*nstar = 0;
	fmt[len++] = '%';
	for (int i = (int)(rng() % 4); i > 0; i--)
		fmt[len++] = "-0#+ "[rng() % 5];
	if (rng() % 4 == 0)
		fmt[len++] = '*', (*nstar)++;
	else if (rng() % 2)
		len += libc_snprintf(fmt + len, size - len, "%d", (int)(rng() % 30));
	if (rng() % 2) {
		fmt[len++] = '.';
		if (rng() % 4 == 0)
			fmt[len++] = '*', (*nstar)++;
		else if (rng() % 4)
			len += libc_snprintf(fmt + len, size - len, "%d",
					     (int)(rng() % 30));
	}
	len += libc_snprintf(fmt + len, size - len, "%s%c", lens[li],
			     convs[rng() % 6]);
	*lclass = classes[li];
}

/* A value with a random number of significant bits and a random sign. */
static long long random_value(void)
{
	u64 v = rng() >> (rng() % 64);

	return (long long)(rng() % 2 ? v : 0 - v);
}

#define CALL(fn, b, sz, fmt, nstar, s0, s1, v)					\
	((nstar) == 0 ? fn(b, sz, fmt, v) :					\
	 (nstar) == 1 ? fn(b, sz, fmt, s0, v) : fn(b, sz, fmt, s0, s1, v))

#define CALL_TYPED(fn, b, sz, fmt, nstar, s0, s1, lclass, v)			\
	((lclass) == 0 ? CALL(fn, b, sz, fmt, nstar, s0, s1, (int)(v)) :	\
	 (lclass) == 1 ? CALL(fn, b, sz, fmt, nstar, s0, s1, (long)(v)) :	\
			 CALL(fn, b, sz, fmt, nstar, s0, s1, (v)))

/* Thousands of random flag/width/precision/length combinations vs libc. */
static void test_vs_libc_random(void)
{
	char fmt[32], want[128], got[128];
	int bad = 0;

	for (int i = 0; i < 20000 && bad < 10; i++) {
		int nstar, lclass, n1, n2;
		int s0 = (int)(rng() % 41) - 10, s1 = (int)(rng() % 41) - 10;
		long long v = random_value();
		size_t size = rng() % 8 ? sizeof(got) : rng() % 24;

		random_format(fmt, sizeof(fmt), &nstar, &lclass);
		__builtin_memset(got, '#', sizeof(got));
		__builtin_memset(want, '#', sizeof(want));
		n1 = CALL_TYPED(snprintf, got, size, fmt, nstar, s0, s1, lclass, v);
		n2 = CALL_TYPED(libc_snprintf, want, size, fmt, nstar, s0, s1,
				lclass, v);
		if (n1 == n2 && !__builtin_memcmp(got, want, sizeof(got)))
			continue;
		printf("# \"%s\" (%d, %d, %lld) size %zu: %d \"%.*s\" vs libc %d \"%.*s\"\n",
		       fmt, s0, s1, v, size, n1, (int)size, got, n2, (int)size,
		       want);
		bad++;
	}
	HT_EXPECT_EQ(bad, 0);
}

/* %c and %s with random width, precision and '-' vs libc. */
static void test_vs_libc_strings(void)
{
	static const char *const strs[] = { "", "a", "hello", "kernel memory" };
	char fmt[32], want[64];
	int bad = 0;

	for (int i = 0; i < 2000; i++) {
		const char *s = strs[rng() % ARRAY_SIZE(strs)];
		int w = (int)(rng() % 20), p = (int)(rng() % 20);
		const char *flag = rng() % 2 ? "-" : "";
		int n1, n2;

		libc_snprintf(fmt, sizeof(fmt), "[%%%s*.*s|%%%s*c]", flag, flag);
		n1 = snprintf(buf, sizeof(buf), fmt, w, p, s, w, 'c');
		n2 = libc_snprintf(want, sizeof(want), fmt, w, p, s, w, 'c');
		if (n1 != n2 || __builtin_strcmp(buf, want)) {
			printf("# \"%s\" %d %d \"%s\": \"%s\" vs \"%s\"\n", fmt, w,
			       p, s, buf, want);
			bad++;
		}
	}
	HT_EXPECT_EQ(bad, 0);
}

static int call_vscnprintf(char *b, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(b, size, fmt, args);
	va_end(args);
	return n;
}

static void test_vscnprintf(void)
{
	HT_EXPECT_EQ(call_vscnprintf(buf, 4, "%d", 123456), 3);
	HT_EXPECT_STREQ(buf, "123");
	HT_EXPECT_EQ(call_vscnprintf(buf, 10, "%d", 12), 2);
	HT_EXPECT_EQ(call_vscnprintf(buf, 1, "%d", 12), 0);
	HT_EXPECT_STREQ(buf, "");
	HT_EXPECT_EQ(call_vscnprintf(NULL, 0, "%d", 12), 0);
}

int main(void)
{
	static const struct htest_case cases[] = {
		HT_CASE(test_integers),
		HT_CASE(test_length_modifiers),
		HT_CASE(test_chars_strings),
		HT_CASE(test_nul_char),
		HT_CASE(test_string_precision_bound),
		HT_CASE(test_pointers),
		HT_CASE(test_symbols),
		HT_CASE(test_unknown_conversions),
		HT_CASE(test_truncation),
		HT_CASE(test_sprintf_and_append),
		HT_CASE(test_vs_libc_table),
		HT_CASE(test_vs_libc_random),
		HT_CASE(test_vs_libc_strings),
		HT_CASE(test_vscnprintf),
	};

	return htest_main(cases, ARRAY_SIZE(cases));
}
