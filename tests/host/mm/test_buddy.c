// SPDX-License-Identifier: MIT
/*
 * Host tests of the buddy allocator (mm/page_alloc.c) on the fake machine
 * of host_mm.h: 64 MiB at 0 (ZONE_DMA, ZONE_DMA32) and 32 MiB at 4 GiB
 * (ZONE_NORMAL), brought up by the kernel's own mm_init().
 */
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <mm/mmzone.h>
#include <mm/page_alloc.h>

#include "host_mm.h"
#include "htest.h"

#define NOWARN __GFP_NOWARN

/* free_area[].nr_free of every zone and order. */
struct free_snapshot {
	unsigned long nr_free[MAX_NR_ZONES][NR_PAGE_ORDERS];
	unsigned long free_pages[MAX_NR_ZONES];
};

static void snapshot(struct free_snapshot *s)
{
	drain_all_pages(NULL);	/* pcp blocks merge back first */
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		s->free_pages[z] = zones[z].free_pages;
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			s->nr_free[z][o] = zones[z].free_area[o].nr_free;
	}
}

static bool same_snapshot(const struct free_snapshot *a, const struct free_snapshot *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static enum zone_type zone_of(const struct page *page)
{
	return page_zonenum(page);
}

static void test_every_order_aligned(void)
{
	unsigned long before = nr_free_pages();

	for (unsigned int order = 0; order <= MAX_PAGE_ORDER; order++) {
		struct page *page = alloc_pages(GFP_KERNEL, order);
		unsigned long pfn;

		HT_EXPECT(page != NULL);
		if (!page)
			continue;
		pfn = page_to_pfn(page);
		HT_EXPECT_EQ(pfn & ((1UL << order) - 1), 0);
		HT_EXPECT_EQ(zone_of(page), ZONE_NORMAL);
		HT_EXPECT_EQ(page_ref_count(page), 1);
		HT_EXPECT_EQ(nr_free_pages(), before - (1UL << order));
		/* The whole block is usable through the direct map. */
		memset(page_address(page), 0xa5, PAGE_SIZE << order);
		__free_pages(page, order);
		HT_EXPECT_EQ(nr_free_pages(), before);
	}
	HT_EXPECT_EQ(check_free_areas(), 0);
}

static void test_split_merge_restores(void)
{
	enum { N = 3000 };
	static struct page *pages[N];
	struct free_snapshot before, after;
	unsigned long seed = 12345;
	int n = 0;

	snapshot(&before);
	for (int i = 0; i < N; i++) {
		pages[n] = alloc_pages(GFP_KERNEL | NOWARN, i % 3);
		if (pages[n])
			n++;
	}
	HT_EXPECT(n > N / 2);
	HT_EXPECT_EQ(check_free_areas(), 0);
	/* Free in a shuffled order: every merge must still happen. */
	for (int i = n - 1; i > 0; i--) {
		int j;
		struct page *t;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		j = (int)((seed >> 33) % (unsigned long)(i + 1));
		t = pages[i];
		pages[i] = pages[j];
		pages[j] = t;
	}
	for (int i = 0; i < n; i++)
		__free_pages(pages[i], pages[i]->alloc_order);
	snapshot(&after);
	HT_EXPECT(same_snapshot(&before, &after));
	HT_EXPECT_EQ(check_free_areas(), 0);
}

static void test_zone_modifiers(void)
{
	struct page *dma = alloc_pages(GFP_KERNEL | GFP_DMA, 0);
	struct page *dma32 = alloc_pages(GFP_KERNEL | GFP_DMA32, 2);
	struct page *normal = alloc_pages(GFP_KERNEL, 1);

	HT_EXPECT(dma && dma32 && normal);
	if (!dma || !dma32 || !normal)
		return;
	HT_EXPECT_EQ(zone_of(dma), ZONE_DMA);
	HT_EXPECT(page_to_phys(dma) < (16UL << 20));
	HT_EXPECT_EQ(zone_of(dma32), ZONE_DMA32);
	HT_EXPECT(page_to_phys(dma32) < (4UL << 30));
	HT_EXPECT_EQ(zone_of(normal), ZONE_NORMAL);
	HT_EXPECT(page_to_phys(normal) >= (4UL << 30));
	__free_pages(dma, 0);
	__free_pages(dma32, 2);
	__free_pages(normal, 1);
}

/* Exhaust ZONE_NORMAL: GFP_KERNEL falls back to DMA32 (never the other way). */
static void test_fallback_downward_only(void)
{
	enum { MAXP = 40000 };
	static struct page *held[MAXP];
	struct free_snapshot before, after;
	int n = 0, fell_back = 0;

	snapshot(&before);
	while (n < MAXP) {
		struct page *page = alloc_pages(GFP_KERNEL | NOWARN, 0);

		HT_EXPECT(page != NULL);
		if (!page)
			break;
		held[n++] = page;
		if (zone_of(page) != ZONE_NORMAL) {
			fell_back = 1;
			HT_EXPECT_EQ(zone_of(page), ZONE_DMA32);
			break;
		}
	}
	HT_EXPECT(fell_back);
	/* Normal stopped at its low watermark, not at zero. */
	HT_EXPECT(zones[ZONE_NORMAL].free_pages <= wmark_pages(&zones[ZONE_NORMAL], WMARK_LOW));
	HT_EXPECT(zones[ZONE_NORMAL].free_pages > 0);
	/* GFP_DMA32 never takes a Normal page, even with Normal pages free. */
	for (int i = 0; i < n; i++)
		__free_pages(held[i], 0);
	n = 0;
	for (int i = 0; i < 100; i++) {
		struct page *page = alloc_pages(GFP_KERNEL | GFP_DMA32, 0);

		HT_EXPECT(page && zone_of(page) != ZONE_NORMAL);
		if (page)
			held[n++] = page;
	}
	for (int i = 0; i < n; i++)
		__free_pages(held[i], 0);
	snapshot(&after);
	HT_EXPECT(same_snapshot(&before, &after));
}

/*
 * GFP_NOWAIT stops at the min watermark of ZONE_DMA; GFP_ATOMIC
 * (__GFP_HIGH, cannot block) may go on to 37.5 % of min, and no further.
 */
static void test_watermarks(void)
{
	enum { MAXP = 8192 };
	static struct page *held[MAXP];
	struct zone *z = &zones[ZONE_DMA];
	unsigned long min = wmark_pages(z, WMARK_MIN);
	int n = 0, atomic_got = 0;

	HT_EXPECT(min > 8);
	while (n < MAXP) {
		struct page *page = alloc_pages(GFP_NOWAIT | GFP_DMA, 0);

		if (!page)
			break;
		held[n++] = page;
	}
	HT_EXPECT_EQ(z->free_pages, min);
	while (n < MAXP) {
		struct page *page = alloc_pages(GFP_ATOMIC | GFP_DMA | NOWARN, 0);

		if (!page)
			break;
		held[n++] = page;
		atomic_got++;
	}
	HT_EXPECT(atomic_got > 0);
	HT_EXPECT_EQ(z->free_pages, min - min / 2 - (min - min / 2) / 4);
	/* __GFP_MEMALLOC ignores the watermarks altogether. */
	{
		struct page *page = alloc_pages(GFP_ATOMIC | GFP_DMA | __GFP_MEMALLOC, 0);

		HT_EXPECT(page != NULL);
		if (page)
			held[n++] = page;
	}
	while (n)
		__free_pages(held[--n], 0);
	HT_EXPECT_EQ(check_free_areas(), 0);
}

static void test_bad_page_double_free(void)
{
	struct page *page = alloc_pages(GFP_KERNEL, 0);
	unsigned long bad = bad_page_count, free_before;
	struct free_snapshot a, b;
	char log[2048];
	struct printk_capture cap;

	HT_EXPECT(page != NULL);
	if (!page)
		return;
	__free_pages(page, 0);
	free_before = nr_free_pages();
	snapshot(&a);
	printk_capture_start(&cap, log, sizeof(log));
	__free_pages(page, 0);
	printk_capture_stop(&cap);
	snapshot(&b);
	HT_EXPECT_EQ(bad_page_count, bad + 1);
	HT_EXPECT(strstr(log, "BUG: Bad page state") != NULL);
	HT_EXPECT(strstr(log, "double free") != NULL);
	HT_EXPECT_EQ(nr_free_pages(), free_before);
	HT_EXPECT(same_snapshot(&a, &b));
	HT_EXPECT_EQ(check_free_areas(), 0);
}

static void test_bad_page_wrong_order(void)
{
	struct page *page = alloc_pages(GFP_KERNEL, 2);
	unsigned long bad = bad_page_count, free_before = nr_free_pages();

	HT_EXPECT(page != NULL);
	if (!page)
		return;
	__free_pages(page, 1);		/* wrong: reported, nothing freed */
	HT_EXPECT_EQ(bad_page_count, bad + 1);
	HT_EXPECT_EQ(nr_free_pages(), free_before);
	HT_EXPECT_EQ(page_ref_count(page), 1);
	__free_pages(page, 2);
	HT_EXPECT_EQ(bad_page_count, bad + 1);
	HT_EXPECT_EQ(nr_free_pages(), free_before + 4);
	HT_EXPECT_EQ(check_free_areas(), 0);
}

static void test_bad_page_other(void)
{
	unsigned long bad = bad_page_count, free_before = nr_free_pages();
	struct page *comp = alloc_pages(GFP_KERNEL | __GFP_COMP, 2);

	__free_pages(pfn_to_page(0), 0);			/* reserved (the first MiB) */
	HT_EXPECT_EQ(bad_page_count, bad + 1);
	free_pages((unsigned long)&bad, 0);			/* not a direct-map address */
	HT_EXPECT_EQ(bad_page_count, bad + 2);
	__free_pages((struct page *)((char *)pfn_to_page(300) + 8), 0);	/* not a struct page */
	HT_EXPECT_EQ(bad_page_count, bad + 3);
	HT_EXPECT(comp != NULL);
	if (comp) {
		__free_pages(comp + 1, 0);			/* a tail page */
		HT_EXPECT_EQ(bad_page_count, bad + 4);
		__free_pages(comp, 2);
	}
	HT_EXPECT_EQ(nr_free_pages(), free_before);
	HT_EXPECT_EQ(check_free_areas(), 0);
}

static void test_zero_and_compound(void)
{
	struct page *page = alloc_pages(GFP_KERNEL, 1);
	unsigned long addr;
	const unsigned char *p;
	bool zero = true;

	HT_EXPECT(page != NULL);
	if (!page)
		return;
	memset(page_address(page), 0x5a, 2 * PAGE_SIZE);
	__free_pages(page, 1);
	/* The buddy hands the same block out again: __GFP_ZERO must clear it. */
	page = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_COMP, 1);
	HT_EXPECT(page != NULL);
	if (!page)
		return;
	p = page_address(page);
	for (size_t i = 0; i < 2 * PAGE_SIZE; i++)
		zero &= p[i] == 0;
	HT_EXPECT(zero);
	HT_EXPECT(PageHead(page));
	HT_EXPECT(PageTail(page + 1));
	HT_EXPECT(compound_head(page + 1) == page);
	get_page(page + 1);			/* a reference through a tail */
	HT_EXPECT_EQ(page_ref_count(page), 2);
	put_page(page);
	put_page(page);				/* the last one frees the block */
	HT_EXPECT(PageBuddy(page) || PageBuddy(pfn_to_page(page_to_pfn(page) & ~1UL)) ||
		  !PageHead(page));
	addr = get_zeroed_page(GFP_KERNEL);
	HT_EXPECT(addr != 0);
	HT_EXPECT(virt_addr_valid((void *)addr));
	free_page(addr);
	HT_EXPECT_EQ(check_free_areas(), 0);
}

static void test_order_too_big(void)
{
	unsigned long warns = warn_count;

	HT_EXPECT(alloc_pages(GFP_KERNEL, MAX_PAGE_ORDER + 1) == NULL);
	HT_EXPECT_EQ(warn_count, warns + 1);
	HT_EXPECT(alloc_pages(GFP_KERNEL | NOWARN, MAX_PAGE_ORDER + 1) == NULL);
	HT_EXPECT_EQ(warn_count, warns + 1);
	HT_EXPECT_EQ(get_order(1), 0);
	HT_EXPECT_EQ(get_order(PAGE_SIZE), 0);
	HT_EXPECT_EQ(get_order(PAGE_SIZE + 1), 1);
	HT_EXPECT_EQ(get_order(4UL << 20), 10);
}

/* Interrupts come back as the caller had them, and GFP_KERNEL under a disabled irq is reported. */
static void test_context_rules(void)
{
	unsigned long reports = might_sleep_report_count;
	unsigned long flags;
	struct page *page;

	local_irq_save(flags);
	page = alloc_pages(GFP_ATOMIC, 0);
	HT_EXPECT(irqs_disabled());
	HT_EXPECT_EQ(might_sleep_report_count, reports);
	__free_pages(page, 0);
	page = alloc_pages(GFP_KERNEL, 0);
	HT_EXPECT_EQ(might_sleep_report_count, reports + 1);
	__free_pages(page, 0);
	local_irq_restore(flags);
	HT_EXPECT(!irqs_disabled());
}

/* The private-zone API the in-kernel PMM tests use. */
static void test_private_zone(void)
{
	struct page *block = alloc_pages(GFP_KERNEL, 4);
	struct zone z;
	struct page *a, *b;

	HT_EXPECT(block != NULL);
	if (!block)
		return;
	zone_init_empty(&z, "test", page_to_pfn(block), 16);
	for (int i = 0; i < 16; i++) {
		block[i].flags &= 0xffUL << ZONES_SHIFT;
		set_page_count(&block[i], 0);
	}
	zone_free_block(&z, block, 4);
	HT_EXPECT_EQ(z.free_pages, 16);
	HT_EXPECT_EQ(z.free_area[4].nr_free, 1);
	a = zone_alloc_block(&z, 0);
	HT_EXPECT(a == block);
	HT_EXPECT_EQ(z.free_area[0].nr_free, 1);
	HT_EXPECT_EQ(z.free_area[3].nr_free, 1);
	b = zone_alloc_block(&z, 3);
	HT_EXPECT(b == block + 8);
	HT_EXPECT_EQ(check_zone_free_area(&z), 0);
	zone_free_block(&z, b, 3);
	zone_free_block(&z, a, 0);
	HT_EXPECT_EQ(z.free_area[4].nr_free, 1);
	HT_EXPECT_EQ(check_zone_free_area(&z), 0);
	/* Give the block back to the real allocator. */
	HT_EXPECT(zone_alloc_block(&z, 4) == block);
	for (int i = 0; i < 16; i++)
		block[i].flags &= 0xffUL << ZONES_SHIFT;
	set_page_count(block, 1);
	block->alloc_order = 4;
	__free_pages(block, 4);
	HT_EXPECT_EQ(check_free_areas(), 0);
}

int main(void)
{
	static const struct htest_case cases[] = {
		HT_CASE(test_every_order_aligned),
		HT_CASE(test_split_merge_restores),
		HT_CASE(test_zone_modifiers),
		HT_CASE(test_fallback_downward_only),
		HT_CASE(test_watermarks),
		HT_CASE(test_bad_page_double_free),
		HT_CASE(test_bad_page_wrong_order),
		HT_CASE(test_bad_page_other),
		HT_CASE(test_zero_and_compound),
		HT_CASE(test_order_too_big),
		HT_CASE(test_context_rules),
		HT_CASE(test_private_zone),
	};

	host_mm_boot();
	return htest_main(cases, ARRAY_SIZE(cases));
}
