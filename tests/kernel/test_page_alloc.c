// SPDX-License-Identifier: MIT
/*
 * Suite "page_alloc": the buddy allocator and its zones. Every case ends
 * with the free-list consistency checker (suite exit).
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/memblock.h>
#include <mm/page_alloc.h>

static char report[8192];

static void pa_exit(struct ktest *t)
{
	if (check_free_areas()) {
		t->failed = true;
		ktest_printf(t, "free lists inconsistent after the case");
	}
}

static unsigned long pfn_of(struct page *p)
{
	return page_to_pfn(p);
}

static void every_order_aligned_and_in_zone(struct ktest *t)
{
	static const gfp_t masks[] = { GFP_KERNEL, GFP_KERNEL | GFP_DMA32, GFP_KERNEL | GFP_DMA };

	for (unsigned int m = 0; m < ARRAY_SIZE(masks); m++) {
		for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
			struct page *p = alloc_pages(masks[m] | __GFP_NOWARN, order);
			unsigned long end;

			if (!p && (masks[m] & GFP_DMA) && order >= 9)
				continue;	/* the 16 MiB zone may lack such blocks */
			KTEST_ASSERT_NOT_NULL(t, p);
			end = pfn_of(p) + (1UL << order);
			KTEST_EXPECT_EQ(t, pfn_of(p) & ((1UL << order) - 1), 0UL);
			if (masks[m] & GFP_DMA)
				KTEST_EXPECT_LE(t, end, MAX_DMA_PFN);
			if (masks[m] & GFP_DMA32)
				KTEST_EXPECT_LE(t, end, MAX_DMA32_PFN);
			KTEST_EXPECT_TRUE(t, end <= zone_end_pfn(&zones[page_zonenum(p)]));
			KTEST_EXPECT_EQ(t, page_ref_count(p), 1);
			__free_pages(p, order);
		}
	}
}

static void dma_pages_stay_below_16M(struct ktest *t)
{
	LIST_HEAD(list);
	struct page *p, *n;
	int count = 0;

	for (int i = 0; i < 1000; i++) {
		p = alloc_page(GFP_KERNEL | GFP_DMA | __GFP_NOWARN);
		if (!p)
			break;
		KTEST_EXPECT_LT(t, page_to_phys(p), 16ULL << 20);
		KTEST_EXPECT_EQ(t, page_zonenum(p), (unsigned int)ZONE_DMA);
		list_add(&p->lru, &list);
		count++;
	}
	KTEST_EXPECT_GT(t, count, 500);
	list_for_each_entry_safe(p, n, &list, lru) {
		list_del(&p->lru);
		__free_page(p);
	}
}

/* The highest zone with memory: where GFP_KERNEL goes first. */
static int top_zone(void)
{
	for (int i = MAX_NR_ZONES - 1; i >= 0; i--)
		if (zones[i].managed_pages)
			return i;
	return 0;
}

static void fallback_goes_down_never_up(struct ktest *t)
{
	struct page *k = alloc_page(GFP_KERNEL), *d32 = alloc_page(GFP_DMA32);
	struct page *d = alloc_page(GFP_DMA);

	KTEST_ASSERT_TRUE(t, k && d32 && d);
	KTEST_EXPECT_EQ(t, page_zonenum(k), (unsigned int)top_zone());
	KTEST_EXPECT_LE(t, page_zonenum(d32), (unsigned int)ZONE_DMA32);
	KTEST_EXPECT_EQ(t, page_zonenum(d), (unsigned int)ZONE_DMA);
	__free_page(k);
	__free_page(d32);
	__free_page(d);
}

struct snapshot {
	unsigned long nr_free[MAX_NR_ZONES][NR_PAGE_ORDERS];
};

static void take_snapshot(struct snapshot *s)
{
	drain_all_pages(NULL);	/* pcp blocks merge back first */
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			s->nr_free[z][o] = zones[z].free_area[o].nr_free;
}

/* Allocate with @gfp, largest blocks first, until nothing more comes. */
static unsigned long drain(struct list_head *list, gfp_t gfp)
{
	unsigned long pages = 0;

	for (int order = MAX_PAGE_ORDER; order >= 0; order--) {
		struct page *p;

		while ((p = alloc_pages(gfp | __GFP_NOWARN, order))) {
			list_add(&p->lru, list);
			pages += 1UL << order;
		}
	}
	return pages;
}

static void undrain(struct list_head *list)
{
	struct page *p, *n;

	list_for_each_entry_safe(p, n, list, lru) {
		list_del(&p->lru);
		__free_pages(p, p->alloc_order);
	}
}

static void exhaust_then_free_restores_buddyinfo(struct ktest *t)
{
	struct snapshot before, after;
	unsigned long free_before = nr_free_pages(), taken;
	LIST_HEAD(list);

	shrink_all(GFP_KERNEL);
	take_snapshot(&before);
	free_before = nr_free_pages();
	taken = drain(&list, GFP_NOWAIT);
	KTEST_EXPECT_GT(t, taken, free_before / 2);
	KTEST_EXPECT_NULL(t, alloc_page(GFP_NOWAIT));
	KTEST_EXPECT_EQ(t, check_free_areas(), 0UL);
	undrain(&list);
	take_snapshot(&after);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free_before);
	KTEST_EXPECT_MEMEQ(t, &after, &before, sizeof(before));
}

static void atomic_dips_below_min_nowait_does_not(struct ktest *t)
{
	LIST_HEAD(list);
	struct page *atomic, *nowait, *kernel;
	struct printk_capture cap;

	shrink_all(GFP_KERNEL);		/* empty slabs left by earlier suites */
	drain(&list, GFP_NOWAIT);
	nowait = alloc_page(GFP_NOWAIT);
	printk_capture_start(&cap, report, sizeof(report));
	kernel = alloc_page(GFP_KERNEL);	/* reclaims nothing, fails, warns */
	printk_capture_stop(&cap);
	atomic = alloc_page(GFP_ATOMIC);
	KTEST_EXPECT_NULL(t, nowait);
	KTEST_EXPECT_NULL(t, kernel);
	KTEST_EXPECT_NOT_NULL(t, atomic);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "page allocation failure: order:0, mode:0xcc0(GFP_KERNEL)"));
	if (atomic)
		__free_page(atomic);
	undrain(&list);
}

static void gfp_zero_zeroes(struct ktest *t)
{
	for (unsigned int order = 0; order <= 3; order += 3) {
		struct page *p = alloc_pages(GFP_KERNEL, order);
		size_t size = PAGE_SIZE << order;
		u8 *va;

		KTEST_ASSERT_NOT_NULL(t, p);
		memset(page_address(p), 0xaa, size);
		__free_pages(p, order);
		p = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);	/* LIFO: likely the same block */
		KTEST_ASSERT_NOT_NULL(t, p);
		va = page_address(p);
		KTEST_EXPECT_NULL(t, memchr_inv(va, 0, size));
		__free_pages(p, order);
	}
}

static void double_free_reported_nothing_lost(struct ktest *t)
{
	struct page *victim = alloc_page(GFP_KERNEL), *live = alloc_pages(GFP_KERNEL, 1);
	unsigned long bad = bad_page_count, free;
	struct printk_capture cap;

	KTEST_ASSERT_TRUE(t, victim && live);
	memset(page_address(live), 0x5c, 2 * PAGE_SIZE);
	__free_page(victim);
	free = nr_free_pages();
	printk_capture_start(&cap, report, sizeof(report));
	__free_page(victim);
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, bad_page_count, bad + 1);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "BUG: Bad page state"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "already free"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "double_free_reported_nothing_lost+0x"));
	KTEST_EXPECT_NULL(t, memchr_inv(page_address(live), 0x5c, 2 * PAGE_SIZE));
	KTEST_EXPECT_EQ(t, check_free_areas(), 0UL);
	__free_pages(live, 1);
}

/*
 * alloc_pages_bulk_array() fills only the NULL entries, with distinct
 * clean pages from the zones @gfp allows; free_pages_bulk() gives every
 * one back with __free_page()'s checks: a double free inside the batch is
 * reported and the rest is freed.
 */
static void bulk_alloc_and_free(struct ktest *t)
{
	static struct page *pages[300];
	struct page *keep = alloc_page(GFP_KERNEL), *twice[3];
	unsigned long before, bad;
	struct printk_capture cap;

	KTEST_ASSERT_NOT_NULL(t, keep);
	before = nr_free_pages();
	memset(pages, 0, sizeof(pages));
	pages[7] = keep;
	KTEST_ASSERT_EQ(t, alloc_pages_bulk_array(GFP_KERNEL, 300, pages), 300UL);
	KTEST_EXPECT_PTR_EQ(t, pages[7], keep);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before - 299);
	for (int i = 0; i < 300; i++) {
		KTEST_EXPECT_EQ(t, page_ref_count(pages[i]), 1);
		KTEST_EXPECT_EQ(t, pages[i]->alloc_order, 0u);
		for (int j = 0; j < i; j++)
			KTEST_EXPECT_PTR_NE(t, pages[j], pages[i]);
	}
	free_pages_bulk(pages, 300);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before + 1);

	/* Zone modifiers and __GFP_ZERO hold for every page. */
	memset(pages, 0, sizeof(pages));
	KTEST_ASSERT_EQ(t, alloc_pages_bulk_array(GFP_KERNEL, 8, pages), 8UL);
	for (int i = 0; i < 8; i++)
		memset(page_address(pages[i]), 0xaa, PAGE_SIZE);
	free_pages_bulk(pages, 8);
	memset(pages, 0, sizeof(pages));
	KTEST_ASSERT_EQ(t, alloc_pages_bulk_array(GFP_KERNEL | __GFP_ZERO, 8, pages), 8UL);
	for (int i = 0; i < 8; i++)
		KTEST_EXPECT_NULL(t, memchr_inv(page_address(pages[i]), 0, PAGE_SIZE));
	free_pages_bulk(pages, 8);
	memset(pages, 0, sizeof(pages));
	KTEST_ASSERT_EQ(t, alloc_pages_bulk_array(GFP_KERNEL | GFP_DMA, 20, pages), 20UL);
	for (int i = 0; i < 20; i++)
		KTEST_EXPECT_EQ(t, page_zonenum(pages[i]), (unsigned int)ZONE_DMA);
	free_pages_bulk(pages, 20);

	/* A page twice in one batch: the second is a double free, reported. */
	memset(twice, 0, sizeof(twice));
	KTEST_ASSERT_EQ(t, alloc_pages_bulk_array(GFP_KERNEL, 2, twice), 2UL);
	twice[2] = twice[0];
	before = nr_free_pages();
	bad = bad_page_count;
	printk_capture_start(&cap, report, sizeof(report));
	free_pages_bulk(twice, 3);
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, bad_page_count, bad + 1);
	KTEST_EXPECT_EQ(t, nr_free_pages(), before + 2);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "already free"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "bulk_alloc_and_free+0x"));
}

static void wrong_order_reserved_and_bogus_frees(struct ktest *t)
{
	struct page *p = alloc_pages(GFP_KERNEL, 2);
	unsigned long bad = bad_page_count, free;
	struct printk_capture cap;

	KTEST_ASSERT_NOT_NULL(t, p);
	free = nr_free_pages();
	printk_capture_start(&cap, report, sizeof(report));
	__free_pages(p, 1);						/* wrong order */
	__free_page(pfn_to_page(__pa_symbol(_text) >> PAGE_SHIFT));	/* the kernel image */
	__free_page(pfn_to_page(max_pfn + 100));			/* beyond RAM */
	__free_page(p + 1);						/* inside the block */
	free_pages(0x1234, 0);						/* not a direct-map address */
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, bad_page_count, bad + 5);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "freed with order 1 but allocated with order 2"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "freeing a reserved page"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "is not a page of RAM"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "not a page-aligned direct-map address"));
	__free_pages(p, 2);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free + 4);
}

static void refcounts_get_put(struct ktest *t)
{
	struct page *p = alloc_page(GFP_KERNEL);
	unsigned long free, bad = bad_page_count;
	struct printk_capture cap;

	KTEST_ASSERT_NOT_NULL(t, p);
	get_page(p);
	KTEST_EXPECT_EQ(t, page_ref_count(p), 2);
	free = nr_free_pages();
	__free_page(p);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free);	/* still referenced */
	put_page(p);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free + 1);
	printk_capture_start(&cap, report, sizeof(report));
	put_page(p);					/* refcount would go negative */
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, bad_page_count, bad + 1);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free + 1);
}

static void compound_pages(struct ktest *t)
{
	struct page *p = alloc_pages(GFP_KERNEL | __GFP_COMP, 3);
	unsigned long free;

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, PageHead(p));
	KTEST_EXPECT_EQ(t, compound_order(p), 3U);
	for (int i = 1; i < 8; i++) {
		KTEST_EXPECT_TRUE(t, PageTail(&p[i]));
		KTEST_EXPECT_PTR_EQ(t, compound_head(&p[i]), p);
	}
	free = nr_free_pages();
	put_page(&p[5]);			/* a tail reference frees the whole */
	KTEST_EXPECT_EQ(t, nr_free_pages(), free + 8);
	KTEST_EXPECT_FALSE(t, PageTail(&p[5]));
}

/* A private zone over pages borrowed from the real allocator. */
static void private_zone_split_and_merge(struct ktest *t)
{
	struct page *block = alloc_pages(GFP_KERNEL, 4), *got[17];
	struct zone z;

	KTEST_ASSERT_NOT_NULL(t, block);
	zone_init_empty(&z, "test", page_to_pfn(block), 16);
	block->alloc_order = PAGE_ORDER_NONE;
	set_page_count(block, 0);
	zone_free_block(&z, block, 4);
	KTEST_EXPECT_EQ(t, z.free_area[4].nr_free, 1UL);
	for (int i = 0; i < 17; i++)
		got[i] = zone_alloc_block(&z, 0);
	KTEST_EXPECT_NULL(t, got[16]);
	KTEST_EXPECT_EQ(t, z.free_pages, 0UL);
	for (int i = 0; i < 16; i++) {
		KTEST_EXPECT_TRUE(t, got[i] >= block && got[i] < block + 16);
		for (int j = 0; j < i; j++)
			KTEST_EXPECT_PTR_NE(t, got[i], got[j]);
	}
	for (int i = 0; i < 16; i++)	/* free in a scrambled order */
		zone_free_block(&z, got[(i * 7) % 16], 0);
	KTEST_EXPECT_EQ(t, z.free_area[4].nr_free, 1UL);
	KTEST_EXPECT_EQ(t, check_zone_free_area(&z), 0UL);
	/* Give the block back to the real allocator. */
	block = zone_alloc_block(&z, 4);
	set_page_count(block, 1);
	block->alloc_order = 4;
	__free_pages(block, 4);
}

static void failure_report_and_oversize_order(struct ktest *t)
{
	struct printk_capture cap;
	LIST_HEAD(list);
	struct page *p;

	printk_capture_start(&cap, report, sizeof(report));
	KTEST_EXPECT_NULL(t, alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1));
	while ((p = alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER)))
		list_add(&p->lru, &list);
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "order 11 > MAX_PAGE_ORDER"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "page allocation failure: order:10, mode:0xcc0(GFP_KERNEL)"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "Mem-Info:"));
	undrain(&list);
}

static void reports_have_linux_format(struct ktest *t)
{
	struct printk_capture cap;
	char want[64];

	printk_capture_start(&cap, report, sizeof(report));
	show_buddyinfo();
	show_zoneinfo();
	show_meminfo();
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "Node 0, zone      DMA "));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "Node 0, zone    DMA32"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "  pages free     "));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "        protection: ("));
	snprintf(want, sizeof(want), "MemTotal:       %8lu kB", totalram_pages * 4);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, want));
}

static void gfp_names(struct ktest *t)
{
	char buf[128];

	gfp_flags_snprint(buf, sizeof(buf), GFP_KERNEL);
	KTEST_EXPECT_STREQ(t, buf, "0xcc0(GFP_KERNEL)");
	gfp_flags_snprint(buf, sizeof(buf), GFP_ATOMIC);
	KTEST_EXPECT_STREQ(t, buf, "0x820(GFP_ATOMIC)");
	gfp_flags_snprint(buf, sizeof(buf), GFP_KERNEL | __GFP_ZERO | GFP_DMA);
	KTEST_EXPECT_STREQ(t, buf, "0xdc1(GFP_KERNEL|GFP_DMA|__GFP_ZERO)");
	gfp_flags_snprint(buf, sizeof(buf), GFP_NOWAIT);
	KTEST_EXPECT_STREQ(t, buf, "0x2800(GFP_NOWAIT)");
}

/* Zones, totals and watermarks agree with the firmware map. */
static void zones_match_the_memory_map(struct ktest *t)
{
	unsigned long present = 0, managed = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &zones[i];

		present += z->present_pages;
		managed += z->managed_pages;
		KTEST_EXPECT_LE(t, z->managed_pages, z->present_pages);
		if (z->managed_pages) {
			KTEST_EXPECT_GT(t, z->watermark[WMARK_LOW], z->watermark[WMARK_MIN]);
			KTEST_EXPECT_GT(t, z->watermark[WMARK_HIGH], z->watermark[WMARK_LOW]);
		}
	}
	KTEST_EXPECT_EQ(t, present, (unsigned long)(memblock_phys_mem_size() >> PAGE_SHIFT));
	KTEST_EXPECT_EQ(t, managed, totalram_pages);
	KTEST_EXPECT_EQ(t, zones[ZONE_DMA].zone_start_pfn, 0UL);
	KTEST_EXPECT_EQ(t, zones[ZONE_DMA].spanned_pages, min(max_pfn, MAX_DMA_PFN));
	KTEST_EXPECT_EQ(t, zones[ZONE_NORMAL].spanned_pages != 0, max_pfn > MAX_DMA32_PFN);
	KTEST_EXPECT_GT(t, zones[ZONE_DMA].lowmem_reserve[ZONE_DMA32], 0UL);
	KTEST_EXPECT_EQ(t, zones[ZONE_DMA].lowmem_reserve[ZONE_DMA], 0UL);
}

static const struct ktest_case page_alloc_cases[] = {
	KTEST_CASE(zones_match_the_memory_map),
	KTEST_CASE(every_order_aligned_and_in_zone),
	KTEST_CASE(dma_pages_stay_below_16M),
	KTEST_CASE(fallback_goes_down_never_up),
	KTEST_CASE(exhaust_then_free_restores_buddyinfo),
	KTEST_CASE(atomic_dips_below_min_nowait_does_not),
	KTEST_CASE(gfp_zero_zeroes),
	KTEST_CASE(double_free_reported_nothing_lost),
	KTEST_CASE(bulk_alloc_and_free),
	KTEST_CASE(wrong_order_reserved_and_bogus_frees),
	KTEST_CASE(refcounts_get_put),
	KTEST_CASE(compound_pages),
	KTEST_CASE(private_zone_split_and_merge),
	KTEST_CASE(failure_report_and_oversize_order),
	KTEST_CASE(reports_have_linux_format),
	KTEST_CASE(gfp_names),
};
KTEST_SUITE_FULL(page_alloc, page_alloc_cases, NULL, pa_exit);
