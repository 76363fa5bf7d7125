// SPDX-License-Identifier: MIT
/*
 * Benchmark "vmalloc" (kbench=vmalloc):
 *   - kbench lines for vfree(vmalloc(size)) of 1, 16 and 256 pages and
 *     vfree(vzalloc(64 KiB)) (DESIGN.md section 7), and the 1-page pair
 *     again with 15,000 live areas (vmalloc_pair_15000_busy: O(log n)
 *     search keeps it level with the plain one)
 *   - the cases of Linux's lib/test_vmalloc.c with the same names and loop
 *     semantics, each printed as
 *     "Summary: <name> passed: N failed: N repeat: N loops: N avg: N usec"
 *     where avg is the time of one repeat of the whole loop, as there.
 *     align_shift_alloc_test is "supposed to be failed" (the alignments run
 *     out before 2^63), so its failure is not counted as a kbench failure.
 */
#include <arch/tsc.h>
#include <kernel/kbench.h>
#include <kernel/printk.h>
#include <mm/vmalloc.h>

#define TEST_LOOP_COUNT 10000	/* test_vmalloc.sh's SMOKE_PARAM */
#define TEST_REPEAT_COUNT 1
#define THREAD_ALIGN (16UL << 10)	/* Linux x86_64 THREAD_SIZE */

static unsigned long long prandom_state = 1;

static unsigned int prandom_u32(void)
{
	prandom_state = prandom_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(prandom_state >> 32);
}

/* One vfree(alloc(size)) kbench case. Return: failures. */
static int pair_case(const char *name, size_t size, unsigned long loops, bool zero)
{
	unsigned long warm = loops / 10;
	int failures = 0;
	u64 t0;

	size = kbench_opaque(size);
	for (unsigned long i = 0; i < warm; i++)
		vfree(zero ? vzalloc(size) : vmalloc(size));
	t0 = kbench_now();
	for (unsigned long i = 0; i < loops; i++) {
		void *p = zero ? vzalloc(size) : vmalloc(size);

		failures += !p;
		vfree(p);
	}
	kbench_report(name, size, loops, kbench_now() - t0);
	return failures;
}

/* The same 4 KiB pair with 15,000 live one-page areas: flat if O(log n). */
static int pair_with_busy_list(void)
{
	void **ptr = vmalloc(sizeof(void *) * 15000);
	int failures = 0, i;

	if (!ptr)
		return 1;
	for (i = 0; i < 15000; i++)
		failures += !(ptr[i] = vmalloc(PAGE_SIZE));
	failures += pair_case("vmalloc_pair_15000_busy", PAGE_SIZE, 10000, false);
	for (i = 0; i < 15000; i++)
		vfree(ptr[i]);
	vfree(ptr);
	return failures;
}

static int fix_size_alloc_test(void)
{
	for (int i = 0; i < TEST_LOOP_COUNT; i++) {
		char *p = vmalloc(PAGE_SIZE);

		if (!p)
			return -1;
		*p = 1;
		vfree(p);
	}
	return 0;
}

static int full_fit_alloc_test(void)
{
	const int junk_length = (32 << 20) / PAGE_SIZE;	/* fls(1 CPU) * 32 MiB */
	void **ptr = vmalloc(sizeof(void *) * junk_length);
	void **junk = vmalloc(sizeof(void *) * junk_length);
	int rv = -1, i;

	if (!ptr || !junk)
		goto out;
	for (i = 0; i < junk_length; i++) {
		ptr[i] = vmalloc(PAGE_SIZE);
		junk[i] = vmalloc(PAGE_SIZE);
	}
	for (i = 0; i < junk_length; i++)
		vfree(junk[i]);
	for (i = 0; i < TEST_LOOP_COUNT; i++) {
		char *p = vmalloc(PAGE_SIZE);

		if (!p)
			goto free;
		*p = 1;
		vfree(p);
	}
	rv = 0;
free:
	for (i = 0; i < junk_length; i++)
		vfree(ptr[i]);
out:
	vfree(ptr);
	vfree(junk);
	return rv;
}

static int long_busy_list_alloc_test(void)
{
	void **ptr = vmalloc(sizeof(void *) * 15000);
	int rv = -1, i;

	if (!ptr)
		return rv;
	for (i = 0; i < 15000; i++)
		ptr[i] = vmalloc(PAGE_SIZE);
	for (i = 0; i < TEST_LOOP_COUNT; i++) {
		char *p1 = vmalloc(100 * PAGE_SIZE), *p2;

		if (!p1)
			goto leave;
		p2 = vmalloc(PAGE_SIZE);
		if (!p2) {
			vfree(p1);
			goto leave;
		}
		*p1 = 0;
		*p2 = 1;
		vfree(p1);
		vfree(p2);
	}
	rv = 0;
leave:
	for (i = 0; i < 15000; i++)
		vfree(ptr[i]);
	vfree(ptr);
	return rv;
}

static int random_size_alloc_test(void)
{
	for (int i = 0; i < TEST_LOOP_COUNT; i++) {
		unsigned int n = prandom_u32() % 100 + 1;
		char *p = vmalloc(n * PAGE_SIZE);

		if (!p)
			return -1;
		*p = 1;
		vfree(p);
	}
	return 0;
}

static int fix_align_alloc_test(void)
{
	for (int i = 0; i < TEST_LOOP_COUNT; i++) {
		void *p = __vmalloc_aligned(5 * PAGE_SIZE, THREAD_ALIGN << 1,
					    GFP_KERNEL | __GFP_ZERO);

		if (!p)
			return -1;
		vfree(p);
	}
	return 0;
}

static int random_size_align_alloc_test(void)
{
	for (int i = 0; i < TEST_LOOP_COUNT; i++) {
		unsigned int rnd = prandom_u32() & 0xff;
		unsigned long align = 1UL << (rnd % 23);	/* up to 1024 pages */
		unsigned long size = (rnd % 10 + 1) * PAGE_SIZE;	/* up to 10 pages */
		void *p = __vmalloc_aligned(size, align, GFP_KERNEL | __GFP_ZERO);

		if (!p)
			return -1;
		vfree(p);
	}
	return 0;
}

/* "This test case is supposed to be failed": alignments run out. */
static int align_shift_alloc_test(void)
{
	for (int i = 0; i < 64; i++) {
		void *p = __vmalloc_aligned(PAGE_SIZE, 1UL << i,
					    GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);

		if (!p)
			return -1;
		vfree(p);
	}
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(void);
	bool xfail;
} test_cases[] = {
	{ "fix_size_alloc_test", fix_size_alloc_test, false },
	{ "full_fit_alloc_test", full_fit_alloc_test, false },
	{ "long_busy_list_alloc_test", long_busy_list_alloc_test, false },
	{ "random_size_alloc_test", random_size_alloc_test, false },
	{ "fix_align_alloc_test", fix_align_alloc_test, false },
	{ "random_size_align_alloc_test", random_size_align_alloc_test, false },
	{ "align_shift_alloc_test", align_shift_alloc_test, true },
};

/* Run each case TEST_REPEAT_COUNT times; print Linux's summary lines. */
static int test_vmalloc_cases(void)
{
	u64 all = kbench_now();
	int failures = 0;

	for (unsigned int c = 0; c < ARRAY_SIZE(test_cases); c++) {
		int passed = 0, failed = 0;
		u64 t0 = kbench_now(), usec;

		for (int r = 0; r < TEST_REPEAT_COUNT; r++) {
			if (test_cases[c].fn())
				failed++;
			else
				passed++;
		}
		vm_unmap_aliases();
		usec = tsc_khz ? (kbench_now() - t0) * 1000 / tsc_khz / TEST_REPEAT_COUNT : 0;
		printk(KERN_INFO "Summary: %s passed: %d failed: %d repeat: %d loops: %d avg: %llu usec\n",
		       test_cases[c].name, passed, failed, TEST_REPEAT_COUNT, TEST_LOOP_COUNT,
		       (unsigned long long)usec);
		if (!test_cases[c].xfail)
			failures += failed;
	}
	printk(KERN_INFO "All test took worker0=%llu cycles\n",
	       (unsigned long long)(kbench_now() - all));
	return failures;
}

static int bench_vmalloc(void)
{
	int failures = 0;

	failures += pair_case("vmalloc_pair", PAGE_SIZE, 10000, false);
	failures += pair_case("vmalloc_pair", 16 * PAGE_SIZE, 2000, false);
	failures += pair_case("vmalloc_pair", 256 * PAGE_SIZE, 200, false);
	failures += pair_case("vzalloc_pair", 64 << 10, 2000, true);
	failures += pair_with_busy_list();
	failures += test_vmalloc_cases();
	return failures;
}
KBENCH(vmalloc, bench_vmalloc);
