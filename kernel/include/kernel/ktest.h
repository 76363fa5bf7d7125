/* SPDX-License-Identifier: MIT */
/*
 * ktest: an in-kernel test framework in the spirit of KUnit.
 *
 * A suite is an array of cases registered from any file with KTEST_SUITE();
 * the linker collects them in the .ktest_suites section. The runner
 * (kernel/ktest.c) prints KTAP version 1 on the console:
 *
 *   KTAP version 1
 *   1..2
 *       KTAP version 1
 *       # Subtest: string
 *       1..3
 *       ok 1 memcpy_basic
 *       not ok 2 strscpy_truncates
 *       ok 3 strlen_empty # SKIP reason
 *   # string: pass:1 fail:1 skip:1 total:3
 *   not ok 1 string
 *
 * KTEST_EXPECT_*() records a failure and goes on; KTEST_ASSERT_*() records
 * it and ends the case at once (through ktest_longjmp). Failures print the
 * file, line, expression, expected and actual values as '#' diagnostics.
 *
 * Context: cases run in process context at the end of boot (interrupts as
 * the kernel normally runs them). The framework itself never sleeps.
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/types.h>

/* Saved callee-saved registers for ktest_setjmp/ktest_longjmp (arch code). */
struct ktest_jmp_buf {
	unsigned long regs[8];
};
int ktest_setjmp(struct ktest_jmp_buf *env) __attribute__((returns_twice));
void ktest_longjmp(struct ktest_jmp_buf *env, int val) __noreturn;

struct ktest {
	const char *name;		/* the running case */
	bool failed;
	const char *skip_reason;	/* set by ktest_skip() */
	void *priv;			/* for the suite's init/exit */
	struct ktest_jmp_buf abort;	/* where KTEST_ASSERT_* lands */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
	const char *skip_reason;	/* non-NULL: reported as # SKIP */
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;
	size_t nr_cases;
	/* Optional: run before/after each case. init returning non-zero fails the case. */
	int (*init)(struct ktest *t);
	void (*exit)(struct ktest *t);
};

#define KTEST_CASE(fn) { .name = #fn, .run = fn }
#define KTEST_CASE_SKIP(fn, reason) { .name = #fn, .run = fn, .skip_reason = reason }

#define KTEST_SUITE_FULL(sname, case_array, init_fn, exit_fn)			\
	static const struct ktest_suite __ktest_suite_##sname = {		\
		.name = #sname, .cases = case_array,				\
		.nr_cases = ARRAY_SIZE(case_array),				\
		.init = init_fn, .exit = exit_fn };				\
	static const struct ktest_suite *__ktest_ptr_##sname			\
		__used __section(".ktest_suites") = &__ktest_suite_##sname

/* KTEST_SUITE(name, cases): register a suite; name is an identifier. */
#define KTEST_SUITE(sname, case_array) KTEST_SUITE_FULL(sname, case_array, NULL, NULL)

/* Mark the running case skipped with @reason and end it. */
void ktest_skip(struct ktest *t, const char *reason) __noreturn;
/* Print a '#' diagnostic line inside the running case. */
void ktest_printf(struct ktest *t, const char *fmt, ...) __printf(2, 3);

/*
 * ktest_run - run the suites named in @filter: "all", or a comma-separated
 * list of suite names. Prints KTAP.
 * Return: the number of failed suites (0 = all passed); unknown names count
 * as failures and are reported.
 */
int ktest_run(const char *filter);
/*
 * ktest_boot - the boot path's test mode (ktest= on the command line): run
 * @filter, print the totals, and end the run through the QEMU exit device
 * (0x10 all passed, 0x11 otherwise). On hardware without one, halt.
 * Context: end of boot, process context. Does not return.
 */
void ktest_boot(const char *filter) __noreturn;
/*
 * The runner's self-test switch, ktest.selftest=<kind> (fail, panic, hang,
 * triplefault, noplan, pagefault): the "selftest" suite misbehaves on
 * purpose so the host runner can prove it reports each failure kind.
 * Return: the kind, or "" if not set.
 */
const char *ktest_selftest_mode(void);

/* Totals of the last ktest_run(), for the exit path. */
void ktest_totals(unsigned int *pass, unsigned int *fail, unsigned int *skip);
/* Return: true while a test case is running (a panic then ends the run). */
bool ktest_running(void);

/* Internal reporting helpers used by the macros below. */
void __ktest_fail_int(struct ktest *t, bool assert, const char *file, int line,
		      const char *left, const char *op, const char *right,
		      long long lv, long long rv, bool is_unsigned);
void __ktest_fail_ptr(struct ktest *t, bool assert, const char *file, int line,
		      const char *left, const char *op, const char *right,
		      const void *lv, const void *rv);
void __ktest_fail_bool(struct ktest *t, bool assert, const char *file, int line,
		       const char *expr, bool expected);
void __ktest_fail_mem(struct ktest *t, bool assert, const char *file, int line,
		      const char *left, const char *right, const void *lv,
		      const void *rv, size_t size);
void __ktest_fail_str(struct ktest *t, bool assert, const char *file, int line,
		      const char *left, const char *op, const char *right,
		      const char *lv, const char *rv);

#define __KTEST_IS_UNSIGNED(x) ((__typeof__(x))-1 > (__typeof__(x))0)

#define __KTEST_BINOP(t, assert, l, op, r)					\
	do {									\
		__typeof__(l) __l = (l);					\
		__typeof__(r) __r = (r);					\
		if (!(__l op __r))						\
			__ktest_fail_int(t, assert, __FILE__, __LINE__, #l, #op,\
					 #r, (long long)__l, (long long)__r,	\
					 __KTEST_IS_UNSIGNED(__l));		\
	} while (0)

#define __KTEST_PTROP(t, assert, l, op, r)					\
	do {									\
		const void *__l = (const void *)(l);				\
		const void *__r = (const void *)(r);				\
		if (!(__l op __r))						\
			__ktest_fail_ptr(t, assert, __FILE__, __LINE__, #l, #op,\
					 #r, __l, __r);				\
	} while (0)

#define __KTEST_BOOL(t, assert, expr, want)					\
	do {									\
		if ((!!(expr)) != (want))					\
			__ktest_fail_bool(t, assert, __FILE__, __LINE__, #expr,	\
					  want);				\
	} while (0)

#define __KTEST_MEMEQ(t, assert, l, r, n)					\
	do {									\
		const void *__l = (l);						\
		const void *__r = (r);						\
		size_t __n = (n);						\
		if (__builtin_memcmp(__l, __r, __n) != 0)			\
			__ktest_fail_mem(t, assert, __FILE__, __LINE__, #l, #r,	\
					 __l, __r, __n);			\
	} while (0)

#define __KTEST_STROP(t, assert, l, op, r)					\
	do {									\
		const char *__l = (l);						\
		const char *__r = (r);						\
		if (!(__l && __r && (__builtin_strcmp(__l, __r) op 0)))		\
			__ktest_fail_str(t, assert, __FILE__, __LINE__, #l, #op,\
					 #r, __l, __r);				\
	} while (0)

#define KTEST_EXPECT_EQ(t, l, r) __KTEST_BINOP(t, false, l, ==, r)
#define KTEST_EXPECT_NE(t, l, r) __KTEST_BINOP(t, false, l, !=, r)
#define KTEST_EXPECT_LT(t, l, r) __KTEST_BINOP(t, false, l, <, r)
#define KTEST_EXPECT_LE(t, l, r) __KTEST_BINOP(t, false, l, <=, r)
#define KTEST_EXPECT_GT(t, l, r) __KTEST_BINOP(t, false, l, >, r)
#define KTEST_EXPECT_GE(t, l, r) __KTEST_BINOP(t, false, l, >=, r)
#define KTEST_EXPECT_TRUE(t, e) __KTEST_BOOL(t, false, e, true)
#define KTEST_EXPECT_FALSE(t, e) __KTEST_BOOL(t, false, e, false)
#define KTEST_EXPECT_NULL(t, p) __KTEST_PTROP(t, false, p, ==, NULL)
#define KTEST_EXPECT_NOT_NULL(t, p) __KTEST_PTROP(t, false, p, !=, NULL)
#define KTEST_EXPECT_PTR_EQ(t, l, r) __KTEST_PTROP(t, false, l, ==, r)
#define KTEST_EXPECT_PTR_NE(t, l, r) __KTEST_PTROP(t, false, l, !=, r)
#define KTEST_EXPECT_MEMEQ(t, l, r, n) __KTEST_MEMEQ(t, false, l, r, n)
#define KTEST_EXPECT_STREQ(t, l, r) __KTEST_STROP(t, false, l, ==, r)
#define KTEST_EXPECT_STRNE(t, l, r) __KTEST_STROP(t, false, l, !=, r)

#define KTEST_ASSERT_EQ(t, l, r) __KTEST_BINOP(t, true, l, ==, r)
#define KTEST_ASSERT_NE(t, l, r) __KTEST_BINOP(t, true, l, !=, r)
#define KTEST_ASSERT_LT(t, l, r) __KTEST_BINOP(t, true, l, <, r)
#define KTEST_ASSERT_LE(t, l, r) __KTEST_BINOP(t, true, l, <=, r)
#define KTEST_ASSERT_GT(t, l, r) __KTEST_BINOP(t, true, l, >, r)
#define KTEST_ASSERT_GE(t, l, r) __KTEST_BINOP(t, true, l, >=, r)
#define KTEST_ASSERT_TRUE(t, e) __KTEST_BOOL(t, true, e, true)
#define KTEST_ASSERT_FALSE(t, e) __KTEST_BOOL(t, true, e, false)
#define KTEST_ASSERT_NULL(t, p) __KTEST_PTROP(t, true, p, ==, NULL)
#define KTEST_ASSERT_NOT_NULL(t, p) __KTEST_PTROP(t, true, p, !=, NULL)
#define KTEST_ASSERT_PTR_EQ(t, l, r) __KTEST_PTROP(t, true, l, ==, r)
#define KTEST_ASSERT_PTR_NE(t, l, r) __KTEST_PTROP(t, true, l, !=, r)
#define KTEST_ASSERT_MEMEQ(t, l, r, n) __KTEST_MEMEQ(t, true, l, r, n)
#define KTEST_ASSERT_STREQ(t, l, r) __KTEST_STROP(t, true, l, ==, r)
#define KTEST_ASSERT_STRNE(t, l, r) __KTEST_STROP(t, true, l, !=, r)
