// SPDX-License-Identifier: MIT
/*
 * Suite "isa_dma": the 8237 channel API refuses what the hardware cannot
 * do (each refusal reported, nothing programmed: the controller's address
 * registers are read back), isa_dma_alloc() buffers meet every ISA DMA
 * constraint, GFP_DMA memory always lies below 16 MiB, also while the
 * other zones are nearly full, and ordinary allocations leave ZONE_DMA
 * alone while the other zones have room.
 */
#include <drivers/dma.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

#define DMA_LIMIT (16UL << 20)

static char capbuf[16384];
static struct printk_capture cap;

static void cap_start(void)
{
	capbuf[0] = 0;
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
}

/* Program a known good buffer, return what the controller holds. */
static phys_addr_t program_good(unsigned int chan, phys_addr_t addr, size_t len)
{
	unsigned long flags = claim_dma_lock();
	phys_addr_t now;

	disable_dma(chan);
	set_dma_mode(chan, DMA_MODE_READ);
	set_dma_buffer(chan, addr, len);
	now = isa_dma_read_addr(chan);
	release_dma_lock(flags);
	return now;
}

/* Try a bad buffer; Return: set_dma_buffer()'s result, *@after the address read back. */
static int program_bad(unsigned int chan, phys_addr_t addr, size_t len, phys_addr_t *after)
{
	unsigned long flags = claim_dma_lock();
	int err;

	cap_start();
	err = set_dma_buffer(chan, addr, len);
	printk_capture_stop(&cap);
	*after = isa_dma_read_addr(chan);
	release_dma_lock(flags);
	return err;
}

static void refuse_case(struct ktest *t, unsigned int chan, phys_addr_t good, phys_addr_t bad,
			size_t len, const char *msg)
{
	unsigned long refused = isa_dma_refused_count();
	phys_addr_t after;

	KTEST_ASSERT_EQ(t, request_dma(chan, "isa_dma-test"), 0);
	KTEST_EXPECT_EQ(t, program_good(chan, good, 0x100), good);
	KTEST_EXPECT_EQ(t, program_bad(chan, bad, len, &after), -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, msg));
	KTEST_EXPECT_EQ(t, after, good);	/* nothing programmed */
	KTEST_EXPECT_EQ(t, isa_dma_refused_count(), refused + 1);
	free_dma(chan);
	KTEST_EXPECT_NULL(t, isa_dma_owner(chan));
}

static void refuse_above_16m(struct ktest *t)
{
	unsigned long flags;
	phys_addr_t after;
	int err;

	refuse_case(t, 1, 0x12340, 0x1000000, 512,
		    "isa_dma: DMA1: refusing buffer 0x1000000-0x10001ff (512 bytes): above 16 MiB");
	/* Starting below but ending above 16 MiB. */
	refuse_case(t, 3, 0x20000, 0xffff00, 0x200,
		    "isa_dma: DMA3: refusing buffer 0xffff00-0x10000ff (512 bytes): above 16 MiB");
	refuse_case(t, 7, 0x40000, 0x2000000, 0x1000,
		    "DMA7: refusing buffer 0x2000000-0x2000fff (4096 bytes): above 16 MiB");
	/* set_dma_addr() alone checks the address too. */
	KTEST_ASSERT_EQ(t, request_dma(1, "isa_dma-test"), 0);
	KTEST_EXPECT_EQ(t, program_good(1, 0x54320, 0x10), (phys_addr_t)0x54320);
	flags = claim_dma_lock();
	cap_start();
	clear_dma_ff(1);
	err = set_dma_addr(1, 0x1234567);
	printk_capture_stop(&cap);
	after = isa_dma_read_addr(1);
	release_dma_lock(flags);
	free_dma(1);
	KTEST_EXPECT_EQ(t, err, -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "DMA1: refusing buffer 0x1234567-0x1234567"));
	KTEST_EXPECT_EQ(t, after, (phys_addr_t)0x54320);
}

static void refuse_crossing_64k(struct ktest *t)
{
	refuse_case(t, 3, 0x30000, 0xfff0, 0x20,
		    "isa_dma: DMA3: refusing buffer 0xfff0-0x1000f (32 bytes): crosses a 64 KiB boundary");
	refuse_case(t, 0, 0x30000, 0x9f000, 0x2000,
		    "DMA0: refusing buffer 0x9f000-0xa0fff (8192 bytes): crosses a 64 KiB boundary");
	/* 16-bit channels: 128 KiB is the limit; crossing 64 KiB is fine. */
	KTEST_ASSERT_EQ(t, request_dma(5, "isa_dma-test"), 0);
	KTEST_EXPECT_EQ(t, program_good(5, 0xff00, 0x200), (phys_addr_t)0xff00);
	free_dma(5);
	refuse_case(t, 5, 0x60000, 0x3ff00, 0x200,
		    "DMA5: refusing buffer 0x3ff00-0x400ff (512 bytes): crosses a 128 KiB boundary");
	/* Ending exactly at a boundary is fine. */
	KTEST_ASSERT_EQ(t, request_dma(3, "isa_dma-test"), 0);
	KTEST_EXPECT_EQ(t, program_good(3, 0xff00, 0x100), (phys_addr_t)0xff00);
	free_dma(3);
}

static void refuse_odd_16bit(struct ktest *t)
{
	unsigned long flags;
	phys_addr_t after;
	int err;

	refuse_case(t, 6, 0x20000, 0x20001, 0x100,
		    "isa_dma: DMA6: refusing buffer 0x20001-0x20100 (256 bytes): odd address or length on a 16-bit channel");
	refuse_case(t, 7, 0x20000, 0x20000, 0x101, "DMA7: refusing buffer 0x20000-0x20100 (257 bytes): odd");
	KTEST_ASSERT_EQ(t, request_dma(6, "isa_dma-test"), 0);
	KTEST_EXPECT_EQ(t, program_good(6, 0x44400, 0x10), (phys_addr_t)0x44400);
	flags = claim_dma_lock();
	cap_start();
	clear_dma_ff(6);
	err = set_dma_addr(6, 0x55555);
	printk_capture_stop(&cap);
	after = isa_dma_read_addr(6);
	release_dma_lock(flags);
	free_dma(6);
	KTEST_EXPECT_EQ(t, err, -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "DMA6: refusing buffer 0x55555-0x55556"));
	KTEST_EXPECT_EQ(t, after, (phys_addr_t)0x44400);
	/* The same odd address is fine on an 8-bit channel. */
	KTEST_ASSERT_EQ(t, request_dma(1, "isa_dma-test"), 0);
	KTEST_EXPECT_EQ(t, program_good(1, 0x55555, 0x10), (phys_addr_t)0x55555);
	free_dma(1);
}

static void channel_in_use(struct ktest *t)
{
	KTEST_ASSERT_EQ(t, request_dma(3, "owner-a"), 0);
	cap_start();
	KTEST_EXPECT_EQ(t, request_dma(3, "owner-b"), -EBUSY);
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf,
		"isa_dma: request_dma: channel 3 for owner-b is busy (held by owner-a)"));
	KTEST_EXPECT_STREQ(t, isa_dma_owner(3), "owner-a");	/* the holder keeps it */
	cap_start();
	KTEST_EXPECT_EQ(t, request_dma(4, "owner-b"), -EBUSY);
	KTEST_EXPECT_EQ(t, request_dma(8, "owner-b"), -EINVAL);
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "channel 4 for owner-b is busy (held by cascade)"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "request_dma: no DMA channel 8 (0-7)"));
	free_dma(3);
	cap_start();
	free_dma(3);
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "free_dma: trying to free free DMA3"));
	KTEST_EXPECT_EQ(t, request_dma(3, "owner-b"), 0);
	free_dma(3);
}

static u32 rnd_state = 12345;

static u32 rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

#define LIVE 32

static void alloc_meets_constraints(struct ktest *t)
{
	void *buf[LIVE] = { 0 };
	size_t size[LIVE] = { 0 };
	phys_addr_t phys;

	for (int i = 0; i < 4000; i++) {
		int k = i % LIVE;
		size_t sz = 1 + rnd() % 0x10000, align;

		isa_dma_free(buf[k], size[k]);
		if (i % 500 == 0)
			sz = 0x10000;		/* the largest too */
		buf[k] = isa_dma_alloc(sz, GFP_KERNEL, &phys);
		size[k] = sz;
		KTEST_ASSERT_NOT_NULL(t, buf[k]);
		align = PAGE_SIZE << get_order(sz);
		KTEST_ASSERT_EQ(t, __pa(buf[k]), phys);
		KTEST_ASSERT_LE(t, phys + sz, (phys_addr_t)DMA_LIMIT);
		KTEST_ASSERT_EQ(t, phys & (align - 1), (phys_addr_t)0);
		KTEST_ASSERT_EQ(t, phys >> 16, (phys + sz - 1) >> 16);
		((volatile char *)buf[k])[0] = 1;
		((volatile char *)buf[k])[sz - 1] = 2;
	}
	for (int k = 0; k < LIVE; k++)
		isa_dma_free(buf[k], size[k]);
	cap_start();
	KTEST_EXPECT_NULL(t, isa_dma_alloc(0, GFP_KERNEL, &phys));
	KTEST_EXPECT_NULL(t, isa_dma_alloc(0x10001, GFP_KERNEL, &phys));
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "isa_dma_alloc: size 65537 out of range"));
}

/* Thousands of kmalloc(GFP_DMA) and alloc_pages(GFP_DMA) results: all below 16 MiB. */
static void dma_allocs_below_16m(struct ktest *t, int rounds)
{
	void *obj[LIVE] = { 0 };
	struct page *pg[LIVE] = { 0 };
	unsigned int ord[LIVE] = { 0 };

	for (int i = 0; i < rounds; i++) {
		int k = i % LIVE;
		size_t sz = 8 + rnd() % 8185;

		kfree(obj[k]);
		obj[k] = kmalloc(sz, GFP_KERNEL | GFP_DMA);
		KTEST_ASSERT_NOT_NULL(t, obj[k]);
		KTEST_ASSERT_LE(t, __pa(obj[k]) + sz, (phys_addr_t)DMA_LIMIT);
		if (pg[k])
			__free_pages(pg[k], ord[k]);
		ord[k] = rnd() % 4;
		pg[k] = alloc_pages(GFP_KERNEL | GFP_DMA, ord[k]);
		KTEST_ASSERT_NOT_NULL(t, pg[k]);
		KTEST_ASSERT_LE(t, page_to_pfn(pg[k]) + (1UL << ord[k]), MAX_DMA_PFN);
	}
	for (int k = 0; k < LIVE; k++) {
		kfree(obj[k]);
		if (pg[k])
			__free_pages(pg[k], ord[k]);
	}
	/* Give the dma-kmalloc caches' empty slabs back: later suites count free pages. */
	shrink_all(GFP_KERNEL);
}

static void gfp_dma_below_16m(struct ktest *t)
{
	dma_allocs_below_16m(t, 3000);
}

/* Could zone @z serve an order-@order GFP_KERNEL request at the low watermark? */
static bool zone_has_room(const struct zone *z, unsigned int order)
{
	long free = (long)z->free_pages - (1L << order) + 1;

	if (zone_is_empty(z) || free <= (long)(wmark_pages(z, WMARK_LOW) +
					       z->lowmem_reserve[ZONE_NORMAL]))
		return false;
	for (unsigned int o = order; o <= MAX_PAGE_ORDER; o++)
		if (z->free_area[o].nr_free)
			return true;
	return false;
}

struct held_block {
	struct held_block *next;
	unsigned int order;
};

/*
 * Fill DMA32 and Normal with GFP_KERNEL blocks, largest first, until each
 * order starts coming from ZONE_DMA: at that moment neither higher zone
 * may have had room. Return: the chain of held blocks.
 */
static struct held_block *fill_upper_zones(struct ktest *t, unsigned long *held_pages)
{
	struct held_block *chain = NULL;

	for (int order = MAX_PAGE_ORDER; order >= 0; order--) {
		struct page *page;

		while ((page = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY, order))) {
			struct held_block *b = page_address(page);

			if (page_to_pfn(page) < MAX_DMA_PFN) {
				__free_pages(page, order);
				/* A DMA page only when no higher zone could serve. */
				KTEST_EXPECT_FALSE(t, zone_has_room(&zones[ZONE_DMA32], order));
				KTEST_EXPECT_FALSE(t, zone_has_room(&zones[ZONE_NORMAL], order));
				break;
			}
			b->next = chain;
			b->order = order;
			chain = b;
			*held_pages += 1UL << order;
		}
	}
	return chain;
}

static void gfp_dma_under_pressure(struct ktest *t)
{
	unsigned long held = 0, dma_free = zones[ZONE_DMA].free_pages;
	struct held_block *chain = fill_upper_zones(t, &held);

	ktest_printf(t, "held %lu pages of DMA32/Normal; ZONE_DMA free %lu (was %lu)", held,
		     zones[ZONE_DMA].free_pages, dma_free);
	KTEST_EXPECT_GT(t, held, 0UL);
	/* The fill took nothing from ZONE_DMA (at most a watermark's worth moved). */
	KTEST_EXPECT_GE(t, zones[ZONE_DMA].free_pages + 64, dma_free);
	dma_allocs_below_16m(t, 2000);
	while (chain) {
		struct held_block *next = chain->next;

		free_pages((unsigned long)chain, chain->order);
		chain = next;
	}
}

/* Return: the number after @key in @text, or -1. */
static long field(const char *text, const char *key)
{
	const char *p = strstr(text, key);
	long v = 0;

	if (!p)
		return -1;
	p += strlen(key);
	while (*p == ' ')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (*p++ - '0');
	return v;
}

static long dma_free_kb(void)
{
	cap_start();
	show_meminfo();
	printk_capture_stop(&cap);
	return field(capbuf, "DmaFree:");
}

/* meminfo's DmaFree and zoneinfo's DMA zone follow isa_dma_alloc(). */
static void meminfo_shows_dma_use(struct ktest *t)
{
	void *buf[16];
	phys_addr_t phys;
	long before, during, after;

	before = dma_free_kb();
	KTEST_ASSERT_GT(t, before, 1024L);
	for (int i = 0; i < 16; i++)
		buf[i] = isa_dma_alloc(0x10000, GFP_KERNEL, &phys);
	during = dma_free_kb();
	cap_start();
	show_zoneinfo();
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "Node 0, zone      DMA\n"));
	KTEST_EXPECT_EQ(t, field(strstr(capbuf, "zone      DMA") ?: "", "pages free"),
			(long)zones[ZONE_DMA].free_pages);
	for (int i = 0; i < 16; i++) {
		KTEST_EXPECT_NOT_NULL(t, buf[i]);
		isa_dma_free(buf[i], 0x10000);
	}
	after = dma_free_kb();
	ktest_printf(t, "DmaFree %ld kB, %ld kB with 1 MiB of ISA DMA buffers, %ld kB after",
		     before, during, after);
	KTEST_EXPECT_EQ(t, before - during, 1024L);
	KTEST_EXPECT_EQ(t, after, before);
}

static const struct ktest_case isa_dma_cases[] = {
	KTEST_CASE(refuse_above_16m),
	KTEST_CASE(refuse_crossing_64k),
	KTEST_CASE(refuse_odd_16bit),
	KTEST_CASE(channel_in_use),
	KTEST_CASE(alloc_meets_constraints),
	KTEST_CASE(gfp_dma_below_16m),
	KTEST_CASE(gfp_dma_under_pressure),
	KTEST_CASE(meminfo_shows_dma_use),
};
KTEST_SUITE(isa_dma, isa_dma_cases);
