// SPDX-License-Identifier: MIT
/*
 * ktest suite "fault_inject": fail_page_alloc and failslab
 * (kernel/fault_inject.c, mm/fail_alloc.c) configured at run time.
 * Every case restores the boot defaults (no injection) on exit.
 */
#include <kernel/errno.h>
#include <kernel/fault_inject.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/gfp.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

#define FI_LOOPS	1000
#define FI_GFP		(GFP_ATOMIC | __GFP_NOWARN)

static struct kmem_cache *fi_cache;

static int fi_init(struct ktest *t)
{
	fault_inject_reset();
	fi_cache = kmem_cache_create("fi_test", 96, 0, 0, NULL);
	return fi_cache ? 0 : -1;
}

static void fi_exit(struct ktest *t)
{
	fault_inject_reset();
	kmem_cache_destroy(fi_cache);
}

/* Allocate and free at once FI_LOOPS times. Return: the failures seen. */
static unsigned int fi_slab_loop(gfp_t gfp)
{
	unsigned int failed = 0;

	for (int i = 0; i < FI_LOOPS; i++) {
		void *p = kmem_cache_alloc(fi_cache, gfp);

		if (!p)
			failed++;
		kmem_cache_free(fi_cache, p);
	}
	return failed;
}

static unsigned int fi_page_loop(gfp_t gfp, unsigned int order)
{
	unsigned int failed = 0;

	for (int i = 0; i < FI_LOOPS; i++) {
		struct page *page = alloc_pages(gfp, order);

		if (!page)
			failed++;
		else
			__free_pages(page, order);
	}
	return failed;
}

/* 10 %: roughly a tenth fails, and exactly as many as were injected. */
static void fault_inject_probability(struct ktest *t)
{
	unsigned int failed;

	fault_attr_set(&failslab.attr, 1, 10, 0, -1, 42);
	failed = fi_slab_loop(FI_GFP);
	KTEST_EXPECT_EQ(t, failed, failslab.attr.injected);
	KTEST_EXPECT_GE(t, failed, 50);
	KTEST_EXPECT_LE(t, failed, 150);

	fault_attr_set(&fail_page_alloc.attr, 1, 10, 0, -1, 42);
	failed = fi_page_loop(FI_GFP, 1);
	KTEST_EXPECT_EQ(t, failed, fail_page_alloc.attr.injected);
	KTEST_EXPECT_GE(t, failed, 50);
	KTEST_EXPECT_LE(t, failed, 150);

	fault_attr_set(&failslab.attr, 1, 0, 0, -1, 42);	/* 0 %: none */
	KTEST_EXPECT_EQ(t, fi_slab_loop(FI_GFP), 0);
}

/* interval 4, probability 100: exactly every 4th eligible call fails. */
static void fault_inject_interval(struct ktest *t)
{
	fault_attr_set(&failslab.attr, 4, 100, 0, -1, 1);
	KTEST_EXPECT_EQ(t, fi_slab_loop(FI_GFP), FI_LOOPS / 4);
}

/* times: at most that many failures, then none; space: bytes spared first. */
static void fault_inject_times_space(struct ktest *t)
{
	fault_attr_set(&failslab.attr, 1, 100, 0, 5, 1);
	KTEST_EXPECT_EQ(t, fi_slab_loop(FI_GFP), 5);
	KTEST_EXPECT_EQ(t, failslab.attr.times, 0);

	fault_attr_set(&fail_page_alloc.attr, 1, 100, 0, 3, 1);
	KTEST_EXPECT_EQ(t, fi_page_loop(FI_GFP, 2), 3);

	/* space > size passes and is consumed: 10 objects of 96 bytes pass. */
	fault_attr_set(&failslab.attr, 1, 100, 96 * 10 + 1, -1, 1);
	KTEST_EXPECT_EQ(t, fi_slab_loop(FI_GFP), FI_LOOPS - 10);
}

/* __GFP_NOFAIL is never failed, even with every filter off. */
static void fault_inject_nofail(struct ktest *t)
{
	struct page *page;
	void *p;

	fault_attr_set(&failslab.attr, 1, 100, 0, -1, 1);
	fault_attr_set(&fail_page_alloc.attr, 1, 100, 0, -1, 1);
	failslab.ignore_gfp_reclaim = false;
	fail_page_alloc.ignore_gfp_reclaim = false;
	fail_page_alloc.min_order = 0;
	KTEST_EXPECT_EQ(t, fi_slab_loop(GFP_KERNEL | __GFP_NOWARN), FI_LOOPS);
	KTEST_EXPECT_EQ(t, fi_page_loop(GFP_KERNEL | __GFP_NOWARN, 0), FI_LOOPS);
	KTEST_EXPECT_EQ(t, fi_slab_loop(GFP_KERNEL | __GFP_NOFAIL), 0);
	KTEST_EXPECT_EQ(t, fi_page_loop(GFP_KERNEL | __GFP_NOFAIL, 0), 0);
	page = alloc_pages(GFP_ATOMIC | __GFP_NOFAIL, 3);
	KTEST_EXPECT_NOT_NULL(t, page);
	if (page)
		__free_pages(page, 3);
	p = kmalloc(100, GFP_ATOMIC | __GFP_NOFAIL);
	KTEST_EXPECT_NOT_NULL(t, p);
	kfree(p);
}

/* Linux's defaults: ignore-gfp-wait = Y for both, min-order 1. */
static void fault_inject_linux_defaults(struct ktest *t)
{
	KTEST_EXPECT_TRUE(t, failslab.ignore_gfp_reclaim);
	KTEST_EXPECT_TRUE(t, fail_page_alloc.ignore_gfp_reclaim);
	KTEST_EXPECT_TRUE(t, fail_page_alloc.ignore_gfp_highmem);
	KTEST_EXPECT_EQ(t, fail_page_alloc.min_order, 1);
	fault_attr_set(&failslab.attr, 1, 100, 0, -1, 1);
	fault_attr_set(&fail_page_alloc.attr, 1, 100, 0, -1, 1);
	KTEST_EXPECT_EQ(t, fi_slab_loop(GFP_KERNEL), 0);	/* may sleep */
	KTEST_EXPECT_EQ(t, fi_page_loop(GFP_KERNEL, 1), 0);
	KTEST_EXPECT_EQ(t, fi_page_loop(FI_GFP, 0), 0);		/* order 0 */
	KTEST_EXPECT_EQ(t, fi_page_loop(FI_GFP | __GFP_HIGHMEM, 1), 0);
	KTEST_EXPECT_EQ(t, fi_page_loop(FI_GFP, 1), FI_LOOPS);
	KTEST_EXPECT_EQ(t, fi_slab_loop(FI_GFP), FI_LOOPS);
}

/*
 * An injected failure is reported like a real one (the FAULT_INJECTION
 * line, then the allocator's own report), and not at all with NOWARN.
 */
static void fault_inject_reports(struct ktest *t)
{
	static char buf[2048];
	struct printk_capture cap;
	void *p;

	fault_attr_set(&fail_page_alloc.attr, 1, 100, 0, 1, 1);
	fail_page_alloc.attr.verbose = 1;
	printk_capture_start(&cap, buf, sizeof(buf));
	KTEST_EXPECT_NULL(t, alloc_pages(GFP_ATOMIC, 1));
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "FAULT_INJECTION: forcing a failure."));
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "name fail_page_alloc, interval 1, probability 100, space 0, times 0"));
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "page allocation failure: order:1"));

	fault_attr_set(&failslab.attr, 1, 100, 0, 1, 1);
	failslab.attr.verbose = 1;
	memset(buf, 0, sizeof(buf));
	printk_capture_start(&cap, buf, sizeof(buf));
	KTEST_EXPECT_NULL(t, kmem_cache_alloc(fi_cache, GFP_ATOMIC));
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "name failslab,"));
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "SLUB: Unable to allocate memory"));

	fault_attr_set(&failslab.attr, 1, 100, 0, 1, 1);
	memset(buf, 0, sizeof(buf));
	printk_capture_start(&cap, buf, sizeof(buf));
	KTEST_EXPECT_NULL(t, kmem_cache_alloc(fi_cache, FI_GFP));
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, strlen(buf), 0);
	/* Other live allocations are unharmed: the next one succeeds. */
	p = kmem_cache_alloc(fi_cache, FI_GFP);
	KTEST_EXPECT_NOT_NULL(t, p);
	kmem_cache_free(fi_cache, p);
}

/* Boot parameter syntax: "<interval>,<probability>,<space>,<times>". */
static void fault_inject_parse(struct ktest *t)
{
	struct fault_attr a = FAULT_ATTR_INITIALIZER("x");

	KTEST_EXPECT_EQ(t, setup_fault_attr(&a, "10,100,0,-1"), 0);
	KTEST_EXPECT_EQ(t, a.interval, 10);
	KTEST_EXPECT_EQ(t, a.probability, 100);
	KTEST_EXPECT_EQ(t, a.space, 0);
	KTEST_EXPECT_EQ(t, a.times, -1);
	KTEST_EXPECT_EQ(t, setup_fault_attr(&a, "1,5,4096,7"), 0);
	KTEST_EXPECT_EQ(t, a.space, 4096);
	KTEST_EXPECT_EQ(t, a.times, 7);
	KTEST_EXPECT_EQ(t, setup_fault_attr(&a, "1,2"), -EINVAL);
	KTEST_EXPECT_EQ(t, setup_fault_attr(&a, "1,x,0,1"), -EINVAL);
	KTEST_EXPECT_EQ(t, setup_fault_seed(&a, "0x1234"), 0);
	KTEST_EXPECT_EQ(t, a.seed, 0x1234);
}

/* Failures at 10 % leak nothing: free pages and objects as before. */
static void fault_inject_no_leak(struct ktest *t)
{
	struct kmem_cache *km = kmalloc_slab(200, FI_GFP);
	struct slabinfo before, after, kb, ka;
	void *objs[64];
	unsigned long free0;

	fi_page_loop(FI_GFP, 1);		/* warm up per-cpu state */
	kmem_cache_shrink(fi_cache);
	kmem_cache_shrink(km);
	kmem_cache_get_info(fi_cache, &before);
	kmem_cache_get_info(km, &kb);
	free0 = nr_free_pages();
	fault_attr_set(&failslab.attr, 1, 10, 0, -1, 7);
	fault_attr_set(&fail_page_alloc.attr, 1, 10, 0, -1, 7);
	for (int round = 0; round < 20; round++) {
		for (int i = 0; i < 64; i++)
			objs[i] = (i & 1) ? kmalloc(200, FI_GFP) : kmem_cache_alloc(fi_cache, FI_GFP);
		for (int i = 0; i < 64; i++) {
			if (i & 1)
				kfree(objs[i]);
			else if (objs[i])
				kmem_cache_free(fi_cache, objs[i]);
		}
		KTEST_EXPECT_LT(t, fi_page_loop(FI_GFP, 1 + round % 3), FI_LOOPS);
	}
	KTEST_EXPECT_GT(t, failslab.attr.injected, 0);
	KTEST_EXPECT_GT(t, fail_page_alloc.attr.injected, 0);
	fault_inject_reset();
	kmem_cache_get_info(fi_cache, &after);
	kmem_cache_get_info(km, &ka);
	KTEST_EXPECT_EQ(t, after.active_objs, before.active_objs);
	KTEST_EXPECT_EQ(t, ka.active_objs, kb.active_objs);
	kmem_cache_shrink(fi_cache);
	kmem_cache_shrink(km);
	kmem_cache_get_info(fi_cache, &after);
	KTEST_EXPECT_EQ(t, after.num_slabs, 0);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free0);
}

static const struct ktest_case fault_inject_cases[] = {
	KTEST_CASE(fault_inject_probability),
	KTEST_CASE(fault_inject_interval),
	KTEST_CASE(fault_inject_times_space),
	KTEST_CASE(fault_inject_nofail),
	KTEST_CASE(fault_inject_linux_defaults),
	KTEST_CASE(fault_inject_reports),
	KTEST_CASE(fault_inject_parse),
	KTEST_CASE(fault_inject_no_leak),
};
KTEST_SUITE_FULL(fault_inject, fault_inject_cases, fi_init, fi_exit);
