/* SPDX-License-Identifier: MIT */
/*
 * htest: a tiny TAP harness for host-side unit tests (built natively with
 * -fsanitize=address,undefined and run by `meson test`, protocol 'tap').
 *
 *   static void test_foo(void) { HT_EXPECT(1 + 1 == 2); }
 *   int main(void) {
 *           static const struct htest_case cases[] = { HT_CASE(test_foo) };
 *           return htest_main(cases, sizeof(cases) / sizeof(cases[0]));
 *   }
 */
#pragma once

#include <stdio.h>
#include <stdlib.h>

struct htest_case {
	const char *name;
	void (*fn)(void);
};

#define HT_CASE(fn) { #fn, fn }

static int htest_case_failed;

#define HT_EXPECT(cond)								\
	do {									\
		if (!(cond)) {							\
			printf("# %s:%d: expectation failed: %s\n", __FILE__,	\
			       __LINE__, #cond);				\
			htest_case_failed = 1;					\
		}								\
	} while (0)

#define HT_EXPECT_EQ(a, b)							\
	do {									\
		long long __a = (long long)(a), __b = (long long)(b);		\
		if (__a != __b) {						\
			printf("# %s:%d: expected %s == %s, got %lld vs %lld\n",\
			       __FILE__, __LINE__, #a, #b, __a, __b);		\
			htest_case_failed = 1;					\
		}								\
	} while (0)

#define HT_EXPECT_STREQ(a, b)							\
	do {									\
		const char *__a = (a), *__b = (b);				\
		if (!__a || !__b || __builtin_strcmp(__a, __b) != 0) {		\
			printf("# %s:%d: expected %s == %s, got \"%s\" vs \"%s\"\n",\
			       __FILE__, __LINE__, #a, #b, __a ? __a : "(null)",\
			       __b ? __b : "(null)");				\
			htest_case_failed = 1;					\
		}								\
	} while (0)

static inline int htest_main(const struct htest_case *cases, size_t n)
{
	int failures = 0;

	printf("TAP version 13\n1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		htest_case_failed = 0;
		cases[i].fn();
		printf("%sok %zu %s\n", htest_case_failed ? "not " : "", i + 1,
		       cases[i].name);
		failures += htest_case_failed;
		fflush(stdout);
	}
	return failures ? 1 : 0;
}
