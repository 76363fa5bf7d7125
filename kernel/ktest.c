// SPDX-License-Identifier: MIT
/*
 * The in-kernel test runner: runs the selected suites and prints KTAP
 * version 1 (see kernel/include/kernel/ktest.h for the layout). Every line
 * it prints starts with "KTAP", "1..", "ok", "not ok", "#" or spaces, so
 * the host-side runner can tell test results from other log lines.
 */
#include <arch/cpu.h>
#include <drivers/qemu_exit.h>
#include <kernel/cmdline.h>
#include <kernel/ktest.h>
#include <kernel/sched.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define SUBTEST_INDENT "    "

extern const struct ktest_suite *const __ktest_suites_start[];
extern const struct ktest_suite *const __ktest_suites_end[];

static unsigned int total_pass, total_fail, total_skip;
static struct ktest *current_test;

bool ktest_running(void)
{
	return current_test != NULL;
}

void ktest_totals(unsigned int *pass, unsigned int *fail, unsigned int *skip)
{
	*pass = total_pass;
	*fail = total_fail;
	*skip = total_skip;
}

/* "all" selects every suite except the runner's own self-test suites. */
static bool suite_selected(const struct ktest_suite *s, const char *filter)
{
	if (!strcmp(filter, "all"))
		return strncmp(s->name, "selftest", 8) != 0;
	return strlist_has(filter, s->name);
}

static const struct ktest_suite *find_suite(const char *name, size_t len)
{
	for (const struct ktest_suite *const *p = __ktest_suites_start; p < __ktest_suites_end; p++)
		if (strlen((*p)->name) == len && !strncmp((*p)->name, name, len))
			return *p;
	return NULL;
}

void ktest_printf(struct ktest *t, const char *fmt, ...)
{
	char buf[256];
	va_list args;

	va_start(args, fmt);
	vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk(KERN_INFO SUBTEST_INDENT "# %s: %s\n", t->name, buf);
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skip_reason = reason;
	ktest_longjmp(&t->abort, 1);
}

static void fail_header(struct ktest *t, bool assert, const char *file, int line)
{
	t->failed = true;
	printk(KERN_ERR SUBTEST_INDENT "# %s: %s FAILED at %s:%d\n", t->name,
	       assert ? "ASSERTION" : "EXPECTATION", file, line);
}

static void fail_end(struct ktest *t, bool assert)
{
	if (assert)
		ktest_longjmp(&t->abort, 1);
}

void __ktest_fail_int(struct ktest *t, bool assert, const char *file, int line,
		      const char *left, const char *op, const char *right, long long lv,
		      long long rv, bool is_unsigned)
{
	fail_header(t, assert, file, line);
	printk(KERN_ERR SUBTEST_INDENT "# Expected %s %s %s, but\n", left, op, right);
	if (is_unsigned) {
		printk(KERN_ERR SUBTEST_INDENT "#     %s == %llu (0x%llx)\n", left,
		       (unsigned long long)lv, (unsigned long long)lv);
		printk(KERN_ERR SUBTEST_INDENT "#     %s == %llu (0x%llx)\n", right,
		       (unsigned long long)rv, (unsigned long long)rv);
	} else {
		printk(KERN_ERR SUBTEST_INDENT "#     %s == %lld (0x%llx)\n", left, lv,
		       (unsigned long long)lv);
		printk(KERN_ERR SUBTEST_INDENT "#     %s == %lld (0x%llx)\n", right, rv,
		       (unsigned long long)rv);
	}
	fail_end(t, assert);
}

void __ktest_fail_ptr(struct ktest *t, bool assert, const char *file, int line,
		      const char *left, const char *op, const char *right, const void *lv,
		      const void *rv)
{
	fail_header(t, assert, file, line);
	printk(KERN_ERR SUBTEST_INDENT "# Expected %s %s %s, but\n", left, op, right);
	printk(KERN_ERR SUBTEST_INDENT "#     %s == %p\n", left, lv);
	printk(KERN_ERR SUBTEST_INDENT "#     %s == %p\n", right, rv);
	fail_end(t, assert);
}

void __ktest_fail_bool(struct ktest *t, bool assert, const char *file, int line,
		       const char *expr, bool expected)
{
	fail_header(t, assert, file, line);
	printk(KERN_ERR SUBTEST_INDENT "# Expected %s to be %s, but is %s\n", expr,
	       expected ? "true" : "false", expected ? "false" : "true");
	fail_end(t, assert);
}

void __ktest_fail_mem(struct ktest *t, bool assert, const char *file, int line,
		      const char *left, const char *right, const void *lv, const void *rv,
		      size_t size)
{
	const u8 *a = lv, *b = rv;
	size_t i = 0;

	while (i < size && a[i] == b[i])
		i++;
	fail_header(t, assert, file, line);
	printk(KERN_ERR SUBTEST_INDENT "# Expected %s == %s (%zu bytes), but\n", left, right,
	       size);
	printk(KERN_ERR SUBTEST_INDENT "#     first difference at byte %zu: 0x%02x != 0x%02x\n",
	       i, a[i], b[i]);
	fail_end(t, assert);
}

void __ktest_fail_str(struct ktest *t, bool assert, const char *file, int line,
		      const char *left, const char *op, const char *right, const char *lv,
		      const char *rv)
{
	fail_header(t, assert, file, line);
	printk(KERN_ERR SUBTEST_INDENT "# Expected %s %s %s, but\n", left, op, right);
	printk(KERN_ERR SUBTEST_INDENT "#     %s == \"%s\"\n", left, lv);
	printk(KERN_ERR SUBTEST_INDENT "#     %s == \"%s\"\n", right, rv);
	fail_end(t, assert);
}

/* Run one case. Return: 0 pass, 1 fail, 2 skip. */
static int run_case(const struct ktest_suite *s, const struct ktest_case *c, unsigned int nr)
{
	struct ktest t = { .name = c->name, .skip_reason = c->skip_reason };
	int result;

	if (!t.skip_reason) {
		current_test = &t;
		/*
		 * A new case is a new call: a might_sleep() report folded into
		 * an earlier case's (same stack depth, same return address left
		 * in the frame) would be lost.
		 */
		current->might_sleep_frame = 0;
		if (ktest_setjmp(&t.abort) == 0) {
			if (s->init && s->init(&t)) {
				t.failed = true;
				printk(KERN_ERR SUBTEST_INDENT "# %s: suite init failed\n", c->name);
			} else {
				c->run(&t);
			}
		}
		if (s->exit)
			s->exit(&t);
		printk_capture_reset();
		current_test = NULL;
	}
	if (t.failed) {
		printk(KERN_INFO SUBTEST_INDENT "not ok %u %s\n", nr, c->name);
		result = 1;
	} else if (t.skip_reason) {
		printk(KERN_INFO SUBTEST_INDENT "ok %u %s # SKIP %s\n", nr, c->name, t.skip_reason);
		result = 2;
	} else {
		printk(KERN_INFO SUBTEST_INDENT "ok %u %s\n", nr, c->name);
		result = 0;
	}
	return result;
}

/* Run a suite as KTAP subtest @nr. Return: true if no case failed. */
static bool run_suite(const struct ktest_suite *s, unsigned int nr)
{
	unsigned int counts[3] = { 0, 0, 0 };

	printk(KERN_INFO SUBTEST_INDENT "KTAP version 1\n");
	printk(KERN_INFO SUBTEST_INDENT "# Subtest: %s\n", s->name);
	printk(KERN_INFO SUBTEST_INDENT "1..%zu\n", s->nr_cases);
	for (size_t i = 0; i < s->nr_cases; i++)
		counts[run_case(s, &s->cases[i], i + 1)]++;
	total_pass += counts[0];
	total_fail += counts[1];
	total_skip += counts[2];
	printk(KERN_INFO "# %s: pass:%u fail:%u skip:%u total:%zu\n", s->name, counts[0],
	       counts[1], counts[2], s->nr_cases);
	if (counts[1])
		printk(KERN_INFO "not ok %u %s\n", nr, s->name);
	else if (counts[2] == s->nr_cases && s->nr_cases)
		printk(KERN_INFO "ok %u %s # SKIP all cases skipped\n", nr, s->name);
	else
		printk(KERN_INFO "ok %u %s\n", nr, s->name);
	return counts[1] == 0;
}

/* Names in @filter that match no suite: report each as a failed test. */
static unsigned int count_unknown(const char *filter)
{
	unsigned int n = 0;

	if (!strcmp(filter, "all"))
		return 0;
	for (const char *p = filter; *p;) {
		size_t len = strcspn(p, ",");

		if (len && !find_suite(p, len))
			n++;
		p += len;
		if (*p == ',')
			p++;
	}
	return n;
}

static unsigned int report_unknown(const char *filter, unsigned int nr)
{
	for (const char *p = filter; *p && strcmp(filter, "all");) {
		size_t len = strcspn(p, ",");

		if (len && !find_suite(p, len)) {
			printk(KERN_ERR "# ktest: no suite named '%.*s'\n", (int)len, p);
			printk(KERN_INFO "not ok %u %.*s # no such suite\n", nr++, (int)len, p);
			total_fail++;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return nr;
}

int ktest_run(const char *filter)
{
	unsigned int nr_suites = count_unknown(filter), nr = 1, failed = 0;

	for (const struct ktest_suite *const *p = __ktest_suites_start; p < __ktest_suites_end; p++)
		nr_suites += suite_selected(*p, filter);
	total_pass = total_fail = total_skip = 0;
	printk(KERN_INFO "KTAP version 1\n");
	printk(KERN_INFO "1..%u\n", nr_suites);
	for (const struct ktest_suite *const *p = __ktest_suites_start; p < __ktest_suites_end; p++)
		if (suite_selected(*p, filter))
			failed += !run_suite(*p, nr++);
	failed += count_unknown(filter);
	report_unknown(filter, nr);
	printk(KERN_INFO "# Totals: pass:%u fail:%u skip:%u total:%u\n", total_pass, total_fail,
	       total_skip, total_pass + total_fail + total_skip);
	printk(KERN_INFO "ktest: done pass=%u fail=%u skip=%u\n", total_pass, total_fail,
	       total_skip);
	return failed;
}

static char selftest_mode[16];

static int __init ktest_selftest_setup(const char *val)
{
	if (!val)
		return -1;
	strscpy(selftest_mode, val, sizeof(selftest_mode));
	return 0;
}
__setup("ktest.selftest", ktest_selftest_setup);

static int __init ktest_setup(const char *val)
{
	return val ? 0 : -1;	/* read by start_kernel through cmdline_get() */
}
__setup("ktest", ktest_setup);

const char *ktest_selftest_mode(void)
{
	return selftest_mode;
}

static void ktest_panic_exit(void)
{
	printk(KERN_EMERG "ktest: panic during the test run; exiting with failure\n");
	qemu_exit(QEMU_EXIT_FAILURE);
}

void ktest_boot(const char *filter)
{
	int failed;

	panic_exit_hook = ktest_panic_exit;
	if (!strcmp(selftest_mode, "noplan")) {
		printk(KERN_INFO "ktest: selftest noplan: exiting with success before the plan\n");
		qemu_exit(QEMU_EXIT_SUCCESS);
		cpu_halt_forever();
	}
	failed = ktest_run(filter);
	qemu_exit(failed ? QEMU_EXIT_FAILURE : QEMU_EXIT_SUCCESS);
	printk(KERN_INFO "ktest: %u passed, %u failed, %u skipped; no exit device, halting\n",
	       total_pass, total_fail, total_skip);
	cpu_halt_forever();
}
