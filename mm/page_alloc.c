// SPDX-License-Identifier: MIT
/*
 * The buddy page allocator, as Linux's mm/page_alloc.c: per zone, per order
 * free lists of naturally aligned blocks; allocation splits a larger block,
 * freeing merges a block with its buddy (pfn ^ (1 << order)) while the
 * buddy is free, of the same order and in the same zone.
 *
 * Blocks of orders 0..PAGE_ALLOC_COSTLY_ORDER go through the per-CPU page
 * lists first (struct per_cpu_pages, mm/include/mm/mmzone.h), as Linux's
 * rmqueue_pcplist / free_unref_page: refilled with rmqueue_bulk, drained
 * with free_pcppages_bulk. Checks on free (free_pages_check) happen
 * before a block goes to a list, as Linux's free_pages_prepare.
 *
 * Lock order: zone free lists and the per-CPU lists are guarded by
 * disabling interrupts (one CPU); the slow path re-enables them around
 * reclaim.
 * Context: see mm/include/mm/page_alloc.h.
 */
#define pr_fmt(fmt) "page_alloc: " fmt

#include <arch/irqflags.h>
#include <arch/stacktrace.h>
#include <kernel/fault_inject.h>
#include <kernel/jiffies.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/wait.h>
#include <mm/page_alloc.h>

#include "internal.h"

#define MAX_RECLAIM_RETRIES 16

static void page_alloc_wake_waiters(void);

struct zone zones[MAX_NR_ZONES];
unsigned long max_pfn;
unsigned long totalram_pages;
unsigned long mem_section_present[NR_MEM_SECTIONS / 64];
unsigned long bad_page_count;

static struct zone *page_zone(const struct page *page)
{
	return &zones[page_zonenum(page)];
}

static bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return pfn >= zone->zone_start_pfn && pfn < zone_end_pfn(zone);
}

/* ---- free lists --------------------------------------------------------- */

/*
 * The buddy lists. zone->free_pages is not changed here: it counts the
 * pcp lists too, so only blocks entering or leaving the allocator as a
 * whole change it (see struct zone).
 */
static void add_to_free_list(struct page *page, struct zone *zone, unsigned int order)
{
	struct free_area *area = &zone->free_area[order];

	list_add(&page->lru, &area->free_list);
	area->nr_free++;
	page->private = order;
	SetPageBuddy(page);
}

static void del_from_free_list(struct page *page, struct zone *zone, unsigned int order)
{
	list_del(&page->lru);
	ClearPageBuddy(page);
	page->private = 0;
	zone->free_area[order].nr_free--;
}

/* Is @buddy the free head of a block of @order that we may merge with? */
static bool page_is_buddy(const struct zone *zone, const struct page *buddy,
			  unsigned long buddy_pfn, unsigned int order)
{
	return zone_spans_pfn(zone, buddy_pfn) && pfn_valid(buddy_pfn) && PageBuddy(buddy) &&
	       buddy->private == order;
}

/*
 * __free_one_page - put a block on the buddy lists, merging with free
 * buddies. zone->free_pages is the caller's. Context: interrupts disabled.
 */
static void __free_one_page(struct zone *zone, struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(page);

	while (order < MAX_PAGE_ORDER) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy = pfn_to_page(buddy_pfn);

		if (!page_is_buddy(zone, buddy, buddy_pfn, order))
			break;
		del_from_free_list(buddy, zone, order);
		pfn &= buddy_pfn;
		page = pfn_to_page(pfn);
		order++;
	}
	add_to_free_list(page, zone, order);
}

/**
 * zone_free_block - give a block back to @zone's buddy lists, merging with
 * free buddies. The block must be naturally aligned, inside the zone, and
 * its pages clean (no flags but the zone, refcount 0).
 * Context: interrupts disabled.
 */
void zone_free_block(struct zone *zone, struct page *page, unsigned int order)
{
	__free_one_page(zone, page, order);
	zone->free_pages += 1UL << order;
}

/* Put the upper halves of a split block back, from order @high down to @low. */
static void expand(struct zone *zone, struct page *page, unsigned int low, unsigned int high)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		add_to_free_list(&page[size], zone, high);
	}
}

/*
 * __rmqueue_smallest - take the smallest buddy block of at least @order and
 * split it down. zone->free_pages is the caller's.
 * Context: interrupts disabled.
 */
static struct page *__rmqueue_smallest(struct zone *zone, unsigned int order)
{
	for (unsigned int o = order; o <= MAX_PAGE_ORDER; o++) {
		struct page *page = list_first_entry_or_null(&zone->free_area[o].free_list,
							     struct page, lru);

		if (!page)
			continue;
		del_from_free_list(page, zone, o);
		expand(zone, page, order, o);
		return page;
	}
	return NULL;
}

/**
 * zone_alloc_block - take the smallest free buddy block of at least @order
 * from @zone and split it down. No watermark checks, no pcp lists.
 * Context: interrupts disabled.
 * Return: the block's first page (still uninitialised), or NULL.
 */
struct page *zone_alloc_block(struct zone *zone, unsigned int order)
{
	struct page *page = __rmqueue_smallest(zone, order);

	if (page)
		zone->free_pages -= 1UL << order;
	return page;
}

/* ---- per-CPU page lists -------------------------------------------------- */

static bool pcp_allowed_order(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER;
}

/*
 * rmqueue_bulk - move up to @count blocks of @order from the buddy lists
 * to @list. Return: blocks moved. Context: interrupts disabled.
 */
static int rmqueue_bulk(struct zone *zone, unsigned int order, int count, struct list_head *list)
{
	int i;

	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue_smallest(zone, order);

		if (!page)
			break;
		list_add_tail(&page->lru, list);
	}
	return i;
}

/*
 * free_pcppages_bulk - give at least @count pages (whole blocks) of @pcp
 * back to the buddy lists, the coldest (list tail) first, taking the
 * lists in turn from @pindex. Context: interrupts disabled.
 */
static void free_pcppages_bulk(struct zone *zone, int count, struct per_cpu_pages *pcp,
			       int pindex)
{
	count = min(count, pcp->count);
	while (count > 0) {
		struct list_head *list = &pcp->lists[pindex];
		struct page *page;

		if (list_empty(list)) {
			pindex = (pindex + 1) % NR_PCP_LISTS;
			continue;
		}
		page = list_last_entry(list, struct page, lru);
		list_del(&page->lru);
		pcp->count -= 1 << pindex;
		count -= 1 << pindex;
		__free_one_page(zone, page, pindex);
		pindex = (pindex + 1) % NR_PCP_LISTS;
	}
}

/*
 * __rmqueue_pcplist - a block of @order from this CPU's list, refilled
 * from the buddy lists when empty (Linux: batch >> order blocks, at
 * least 2, unless the zone's batch is 1).
 * Context: interrupts disabled; the watermark check passed.
 */
static struct page *__rmqueue_pcplist(struct zone *zone, unsigned int order,
				      struct per_cpu_pages *pcp)
{
	struct list_head *list = &pcp->lists[order];
	struct page *page;

	if (unlikely(list_empty(list))) {
		int batch = pcp->batch;

		if (batch > 1)
			batch = max(batch >> order, 2);
		pcp->count += rmqueue_bulk(zone, order, batch, list) << order;
		if (unlikely(list_empty(list)))
			return NULL;
	}
	page = list_first_entry(list, struct page, lru);
	list_del(&page->lru);
	pcp->count -= 1 << order;
	return page;
}

/*
 * rmqueue - take a block of @order from @zone: the pcp lists for small
 * orders, else (or if they could not be filled) the buddy lists.
 * Context: interrupts disabled; the watermark check passed.
 */
static struct page *rmqueue(struct zone *zone, unsigned int order)
{
	struct page *page = NULL;

	if (likely(pcp_allowed_order(order)))
		page = __rmqueue_pcplist(zone, order, this_cpu_pageset(zone));
	if (!page)
		page = __rmqueue_smallest(zone, order);
	if (page)
		zone->free_pages -= 1UL << order;
	return page;
}

/*
 * free_unref_page_commit - a block leaves the allocator's users: onto this
 * CPU's list, draining a batch once the list holds @high pages.
 * Context: interrupts disabled; the block passed free_pages_check().
 */
static void free_unref_page_commit(struct zone *zone, struct page *page, unsigned int order)
{
	struct per_cpu_pages *pcp = this_cpu_pageset(zone);

	zone->free_pages += 1UL << order;
	list_add(&page->lru, &pcp->lists[order]);
	pcp->count += 1 << order;
	if (unlikely(pcp->count >= pcp->high))
		free_pcppages_bulk(zone, pcp->high ? pcp->batch : pcp->count, pcp, order);
}

/* Return @zone's pcp pages to the buddy lists. Context: interrupts disabled. */
static void drain_zone_pages(struct zone *zone)
{
	struct per_cpu_pages *pcp = this_cpu_pageset(zone);

	if (pcp->count)
		free_pcppages_bulk(zone, pcp->count, pcp, 0);
}

/**
 * drain_all_pages - see mm/include/mm/page_alloc.h.
 * Context: any.
 */
void drain_all_pages(struct zone *zone)
{
	unsigned long flags;

	local_irq_save(flags);
	if (zone) {
		drain_zone_pages(zone);
	} else {
		for (int i = 0; i < MAX_NR_ZONES; i++)
			drain_zone_pages(&zones[i]);
	}
	local_irq_restore(flags);
}

/* Pages on the pcp lists of every zone (reports). Context: any. */
static unsigned long nr_pcp_pages(void)
{
	unsigned long n = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		n += zones[i].per_cpu_pageset.count;
	return n;
}

/*
 * zone_batchsize - Linux's: about a quarter of a thousandth of the zone,
 * at most 1 MiB / 4, rounded to 2^n - 1 (so batches do not always hit
 * the same cache colours); at least 1.
 */
static int zone_batchsize(const struct zone *zone)
{
	unsigned long batch = min(zone->managed_pages >> 10, (1UL << 20) / PAGE_SIZE);
	unsigned long r = 1;

	batch /= 4;
	if (batch < 1)
		batch = 1;
	while (r * 2 <= batch + batch / 2)
		r *= 2;		/* rounddown_pow_of_two() */
	return max(r - 1, 1UL);
}

/*
 * zone_pcp_update - set @zone's pcp batch and high as Linux's
 * zone_set_pageset_high_and_batch(): high is the low watermark (one CPU
 * shares the zone), at least 4 batches. An empty zone keeps nothing.
 * Context: boot or interrupts enabled; drains the lists first.
 */
static void zone_pcp_update(struct zone *zone)
{
	struct per_cpu_pages *pcp = this_cpu_pageset(zone);
	unsigned long flags;
	int batch = zone_batchsize(zone);
	int high = zone->managed_pages ? max((int)zone->watermark[WMARK_LOW], batch * 4) : 0;

	local_irq_save(flags);
	drain_zone_pages(zone);
	pcp->batch = batch;
	pcp->high = high;
	local_irq_restore(flags);
}

void zone_init_empty(struct zone *zone, const char *name, unsigned long start_pfn,
		     unsigned long spanned)
{
	memset(zone, 0, sizeof(*zone));
	zone->name = name;
	zone->zone_start_pfn = start_pfn;
	zone->spanned_pages = spanned;
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		INIT_LIST_HEAD(&zone->free_area[o].free_list);
	/* Linux's boot pageset: high 0, batch 1 - nothing stays on the lists. */
	for (int i = 0; i < NR_PCP_LISTS; i++)
		INIT_LIST_HEAD(&zone->per_cpu_pageset.lists[i]);
	zone->per_cpu_pageset.batch = 1;
}

/*
 * free_range_to_buddy - hand [start_pfn, end_pfn) to the zones, in the
 * largest naturally aligned blocks that fit (no per-page list work).
 * Context: boot.
 */
void free_range_to_buddy(unsigned long start_pfn, unsigned long end_pfn)
{
	while (start_pfn < end_pfn) {
		unsigned int order = MAX_PAGE_ORDER;
		struct page *page = pfn_to_page(start_pfn);
		struct zone *zone = page_zone(page);

		while (order && ((start_pfn & ((1UL << order) - 1)) ||
				 start_pfn + (1UL << order) > end_pfn ||
				 start_pfn + (1UL << order) > zone_end_pfn(zone)))
			order--;
		for (unsigned long i = 0; i < (1UL << order); i++) {
			ClearPageReserved(&page[i]);
			set_page_count(&page[i], 0);
		}
		zone->managed_pages += 1UL << order;
		totalram_pages += 1UL << order;
		zone_free_block(zone, page, order);
		start_pfn += 1UL << order;
	}
}

/* ---- watermarks ---------------------------------------------------------- */

/**
 * zone_watermark_ok - may an allocation of @order take pages from @z?
 * As Linux's __zone_watermark_ok: __GFP_HIGH (ALLOC_MIN_RESERVE) may use
 * half of the min reserve, a non-blocking __GFP_HIGH caller (GFP_ATOMIC,
 * ALLOC_NON_BLOCK too) a further quarter: down to 37.5 % of min.
 * lowmem_reserve keeps lower zones for callers that could not go higher.
 */
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags)
{
	long min = mark;
	long free = (long)z->free_pages - (1L << order) + 1;

	if (alloc_flags & ALLOC_NO_WATERMARKS)
		return z->free_pages >= (1UL << order);
	if (alloc_flags & ALLOC_MIN_RESERVE)
		min -= min / 2;
	if (alloc_flags & ALLOC_NON_BLOCK)
		min -= min / 4;
	if (free <= min + (long)z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;	/* free > min >= 0: some page is free */
	for (unsigned int o = order; o <= MAX_PAGE_ORDER; o++)
		if (z->free_area[o].nr_free)
			return true;
	/* A block of exactly @order may wait on this CPU's list. */
	return pcp_allowed_order(order) && !list_empty(&z->per_cpu_pageset.lists[order]);
}

/*
 * zone_watermark_fast - Linux's: an order-0 request with free pages above
 * the mark plus the lowmem reserve passes at once; anything else takes
 * the full check.
 */
static __always_inline bool zone_watermark_fast(struct zone *z, unsigned int order,
						unsigned long mark, int highest_zoneidx,
						unsigned int alloc_flags)
{
	if (!order && z->free_pages > mark + z->lowmem_reserve[highest_zoneidx])
		return true;
	return zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags);
}

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << 62;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

unsigned long min_free_kbytes;

/*
 * setup_per_zone_wmarks - as Linux: min_free_kbytes = clamp(sqrt(lowmem_kb
 * * 16), 128, 262144) split across zones by managed pages; low = min +
 * max(min / 4, managed / 1000), high = low + the same step.
 */
void setup_per_zone_wmarks(void)
{
	unsigned long lowmem_kb = totalram_pages * (PAGE_SIZE / 1024);
	unsigned long pages_min;

	min_free_kbytes = clamp(int_sqrt(lowmem_kb * 16), 128UL, 262144UL);
	pages_min = min_free_kbytes / (PAGE_SIZE / 1024);
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &zones[i];
		unsigned long tmp, step;

		if (!totalram_pages)
			break;
		tmp = pages_min * z->managed_pages / totalram_pages;
		step = max(tmp / 4, z->managed_pages * 10 / 10000);
		z->watermark[WMARK_MIN] = tmp;
		z->watermark[WMARK_LOW] = tmp + step;
		z->watermark[WMARK_HIGH] = tmp + 2 * step;
	}
	/* As Linux: the pcp limits follow the watermarks. */
	for (int i = 0; i < MAX_NR_ZONES; i++)
		zone_pcp_update(&zones[i]);
}

/* Linux's sysctl_lowmem_reserve_ratio defaults ("256, 32"): DMA, DMA32. */
static const unsigned long lowmem_reserve_ratio[MAX_NR_ZONES] = { 256, 32, 0 };

/*
 * setup_lowmem_reserve - zone i keeps (pages of the zones above it, up to
 * j) / ratio[i] free from allocations whose highest allowed zone is j.
 */
void setup_lowmem_reserve(void)
{
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long managed = 0;

		zones[i].lowmem_reserve[i] = 0;
		for (int j = i + 1; j < MAX_NR_ZONES; j++) {
			managed += zones[j].managed_pages;
			zones[i].lowmem_reserve[j] = lowmem_reserve_ratio[i] ?
				managed / lowmem_reserve_ratio[i] : 0;
		}
	}
}

enum zone_type gfp_zone(gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_DMA32)
		return ZONE_DMA32;
	return ZONE_NORMAL;
}

unsigned int gfp_to_alloc_flags(gfp_t gfp)
{
	unsigned int flags = ALLOC_WMARK_MIN;

	/*
	 * Linux (6.3+) also lets every non-blocking caller use 25 % of min;
	 * this project's rule is that GFP_NOWAIT stops at min and only
	 * __GFP_HIGH callers (GFP_ATOMIC) dip below it.
	 */
	if (gfp & __GFP_HIGH) {
		flags |= ALLOC_MIN_RESERVE;
		if (!gfpflags_allow_blocking(gfp))
			flags |= ALLOC_NON_BLOCK;
	}
	if ((gfp & __GFP_MEMALLOC) && !(gfp & __GFP_NOMEMALLOC))
		flags |= ALLOC_NO_WATERMARKS;
	return flags;
}

/* Try the zones from the highest allowed down to DMA (never upward). */
static struct page *get_page_from_freelist(gfp_t gfp, unsigned int order, unsigned int alloc_flags)
{
	int highest = gfp_zone(gfp);
	struct page *page;

	for (int i = highest; i >= 0; i--) {
		struct zone *z = &zones[i];

		if (!z->managed_pages)
			continue;
		if (!zone_watermark_fast(z, order, z->watermark[alloc_flags & ALLOC_WMARK_MASK],
					 highest, alloc_flags))
			continue;
		page = rmqueue(z, order);
		if (page)
			return page;
	}
	return NULL;
}

/* ---- bad pages ----------------------------------------------------------- */

static const char *const pageflag_names[NR_PAGEFLAGS] = {
	"reserved", "buddy", "slab", "head", "tail", "vmalloc", "pgtable", "large_kmalloc",
};

static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal" };

/*
 * bad_page - report a page in a state it must not be in, as Linux's
 * bad_page(): the page's fields, its flags by name, the reason and the
 * caller. The page is left alone (nothing is freed or changed).
 */
static void bad_page(const struct page *page, const char *reason, unsigned long caller)
{
	char flags[96];
	int n = 0;

	bad_page_count++;
	for (int i = 0; i < NR_PAGEFLAGS; i++)
		if (page->flags & (1UL << i))
			n += scnprintf(flags + n, sizeof(flags) - n, "%s%s", n ? "|" : "",
				       pageflag_names[i]);
	scnprintf(flags + n, sizeof(flags) - n, "%szone=%s", n ? "|" : "",
		  zone_names[page_zonenum(page) % MAX_NR_ZONES]);
	printk(KERN_ALERT "BUG: Bad page state in process swapper  pfn:%05lx\n",
	       page_to_pfn(page));
	printk(KERN_ALERT "page: refcount:%d mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x%lx\n",
	       page->_refcount, page_to_pfn(page));
	printk(KERN_ALERT "flags: 0x%lx(%s)\n", page->flags, flags);
	if (page->alloc_order != PAGE_ORDER_NONE && page->alloc_caller)
		printk(KERN_ALERT "page last allocated with order %u by %pS\n", page->alloc_order,
		       (void *)page->alloc_caller);
	printk(KERN_ALERT "page dumped because: %s\n", reason);
	printk(KERN_ALERT "caller: %pS\n", (void *)caller);
	dump_stack();
}

/* Is @page a pointer to a struct page of RAM? */
static bool page_ptr_valid(const struct page *page)
{
	unsigned long off = (unsigned long)page - VMEMMAP_START;

	if ((unsigned long)page < VMEMMAP_START || off % sizeof(struct page))
		return false;
	return pfn_valid(off / sizeof(struct page));
}

/*
 * free_pages_check - may @page be freed as a block of @order? Reports and
 * returns false for: not a page, reserved, already free (double free),
 * a slab or tail page, a refcount at zero, or an order that is not the
 * one it was allocated with.
 */
static bool free_pages_check(struct page *page, unsigned int order, unsigned long caller)
{
	char why[96];

	if (!page_ptr_valid(page)) {
		printk(KERN_ALERT "BUG: Bad page: %p is not a page of RAM (freed by %pS)\n", page,
		       (void *)caller);
		bad_page_count++;
		dump_stack();
		return false;
	}
	if (PageReserved(page)) {
		bad_page(page, "freeing a reserved page", caller);
		return false;
	}
	if (PageBuddy(page) || (page_ref_count(page) == 0 && page->alloc_order == PAGE_ORDER_NONE)) {
		bad_page(page, "page is already free (double free?)", caller);
		return false;
	}
	if (PageTail(page) || PageSlab(page)) {
		bad_page(page, PageSlab(page) ? "page belongs to the slab allocator"
					      : "freeing a tail page of a compound page", caller);
		return false;
	}
	if (page_ref_count(page) <= 0) {
		bad_page(page, "nonzero _refcount expected: refcount would go negative", caller);
		return false;
	}
	if (page->alloc_order != order) {
		scnprintf(why, sizeof(why), "freed with order %u but allocated with order %u", order,
			  page->alloc_order);
		bad_page(page, why, caller);
		return false;
	}
	return true;
}

/* A block's last reference went: its pages become clean (flags: zone only). */
static void free_page_clear(struct page *page, unsigned int order)
{
	if (PageHead(page)) {
		for (unsigned long i = 1; i < (1UL << order); i++) {
			page[i].flags &= ~((1UL << PG_tail) | (1UL << PG_head));
			page[i].compound_head = 0;
		}
	}
	page->flags &= 0xffUL << ZONES_SHIFT;
	page->alloc_order = PAGE_ORDER_NONE;
	page->compound_order = 0;
}

/* Return the block to its zone. */
static void __free_pages_ok(struct page *page, unsigned int order)
{
	unsigned long irqflags;

	free_page_clear(page, order);
	local_irq_save(irqflags);
	if (likely(pcp_allowed_order(order)))
		free_unref_page_commit(page_zone(page), page, order);
	else
		zone_free_block(page_zone(page), page, order);
	page_alloc_wake_waiters();	/* allocations sleeping for memory */
	local_irq_restore(irqflags);
}

bool page_ref_dec_and_test(struct page *page)
{
	return --page->_refcount == 0;
}

void __free_pages(struct page *page, unsigned int order)
{
	if (!free_pages_check(page, order, _RET_IP_))
		return;
	if (page_ref_dec_and_test(page))
		__free_pages_ok(page, order);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	if (!virt_addr_valid((void *)addr) || !IS_ALIGNED(addr, PAGE_SIZE)) {
		printk(KERN_ALERT "BUG: free_pages: %#lx is not a page-aligned direct-map address (caller %pS)\n",
		       addr, (void *)_RET_IP_);
		bad_page_count++;
		dump_stack();
		return;
	}
	__free_pages(virt_to_page((void *)addr), order);
}

/* Pages freed per interrupt-off section by free_pages_bulk(). */
#define FREE_BULK_BATCH 64

/**
 * free_pages_bulk - __free_page() on each of @pages[0..@nr), with the
 * same checks and reports, but one interrupt-off section and one wake-up
 * per FREE_BULK_BATCH pages (vfree()'s path).
 * Context: any; never sleeps.
 */
void free_pages_bulk(struct page **pages, unsigned long nr)
{
	unsigned long irqflags, i = 0;

	while (i < nr) {
		unsigned long end = min(nr, i + FREE_BULK_BATCH);

		local_irq_save(irqflags);
		for (; i < end; i++) {
			struct page *page = pages[i];

			if (!free_pages_check(page, 0, _RET_IP_) || !page_ref_dec_and_test(page))
				continue;
			free_page_clear(page, 0);
			free_unref_page_commit(page_zone(page), page, 0);
		}
		page_alloc_wake_waiters();
		local_irq_restore(irqflags);
	}
}

void get_page(struct page *page)
{
	page = compound_head(page);
	if (WARN_ON_ONCE(page_ref_count(page) <= 0))
		return;
	page_ref_inc(page);
}

void put_page(struct page *page)
{
	page = compound_head(page);
	if (page_ref_count(page) <= 0) {
		bad_page(page, "put_page: refcount would go negative", _RET_IP_);
		return;
	}
	if (page_ref_dec_and_test(page))
		__free_pages_ok(page, page->alloc_order == PAGE_ORDER_NONE ? 0 : page->alloc_order);
}

/* ---- allocation ----------------------------------------------------------- */

static bool check_new_page(struct page *page)
{
	if (page_ref_count(page) || (page->flags & ~(0xffUL << ZONES_SHIFT))) {
		bad_page(page, "allocating a page that is not clean", _RET_IP_);
		return false;
	}
	return true;
}

static void prep_new_page(struct page *page, unsigned int order, gfp_t gfp, unsigned long caller)
{
	set_page_count(page, 1);
	page->alloc_order = order;
	page->alloc_caller = caller;
	if (gfp & __GFP_ZERO)
		memset(page_address(page), 0, PAGE_SIZE << order);
	if ((gfp & __GFP_COMP) && order) {
		SetPageHead(page);
		page->compound_order = order;
		for (unsigned long i = 1; i < (1UL << order); i++) {
			page[i].flags |= 1UL << PG_tail;
			page[i].compound_head = (unsigned long)page | 1;
		}
	}
}

static struct shrinker *shrinkers;

void register_shrinker(struct shrinker *s)
{
	s->next = shrinkers;
	shrinkers = s;
}

void unregister_shrinker(struct shrinker *s)
{
	for (struct shrinker **pp = &shrinkers; *pp; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			return;
		}
	}
}

unsigned long shrink_all(gfp_t gfp)
{
	unsigned long freed = 0;

	(void)gfp;
	for (struct shrinker *s = shrinkers; s; s = s->next) {
		unsigned long n = s->count_objects(s);

		if (n)
			freed += s->scan_objects(s, n);
	}
	return freed;
}

/*
 * Sleeping for memory (the execution-contexts issue): a blocking
 * allocation that reclaim could not satisfy sleeps on page_alloc_wait
 * until a free wakes it (page_alloc_wake_waiters(), called from
 * __free_pages_ok) or PAGE_ALLOC_WAIT passes, then retries; after
 * MAX_RECLAIM_RETRIES rounds the caller fails with the warning.
 * __GFP_NOFAIL waits until the retry can succeed. Where sleeping is not
 * possible (atomic context, interrupts off, boot, the idle task) nothing
 * waits: only one more attempt is made (NOFAIL: all of them).
 */
#define PAGE_ALLOC_WAIT (HZ / 10)
static DECLARE_WAIT_QUEUE_HEAD(page_alloc_wait);
static unsigned long page_alloc_free_seq;	/* frees seen; interrupts off */

static void page_alloc_wake_waiters(void)
{
	page_alloc_free_seq++;
	if (waitqueue_active(&page_alloc_wait))
		wake_up_all(&page_alloc_wait);
}

/* Would get_page_from_freelist() succeed now? (NOFAIL's wait condition) */
static bool page_alloc_can_succeed(gfp_t gfp, unsigned int order)
{
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp);
	int highest = gfp_zone(gfp);

	for (int i = highest; i >= 0; i--) {
		struct zone *z = &zones[i];

		if (z->managed_pages &&
		    zone_watermark_ok(z, order, z->watermark[alloc_flags & ALLOC_WMARK_MASK],
				      highest, alloc_flags))
			return true;
	}
	return false;
}

/*
 * __alloc_pages_may_wait - a blocking allocation found nothing after
 * reclaim: wait for pages to be freed (see above).
 * Context: interrupts disabled on entry and exit (*@irqflags: the
 * caller's state); enabled while sleeping.
 * Return: true to retry.
 */
static bool __alloc_pages_may_wait(gfp_t gfp, unsigned int order, int retries,
				   unsigned long *irqflags)
{
	unsigned long seq = page_alloc_free_seq;

	if (!(*irqflags & X86_EFLAGS_IF) || in_atomic() || system_state != SYSTEM_RUNNING ||
	    is_idle_task(current))
		return (gfp & __GFP_NOFAIL) || retries < 1;
	local_irq_restore(*irqflags);
	do {
		wait_event_timeout(page_alloc_wait, READ_ONCE(page_alloc_free_seq) != seq,
				   PAGE_ALLOC_WAIT);
		seq = READ_ONCE(page_alloc_free_seq);
	} while ((gfp & __GFP_NOFAIL) && !page_alloc_can_succeed(gfp, order));
	local_irq_save(*irqflags);
	return true;
}

/*
 * The slow path: below the low watermark. Every caller may go down to min
 * (GFP_ATOMIC below it); blocking callers also reclaim and retry.
 * Context: interrupts disabled on entry and exit; enabled around reclaim.
 */
static struct page *__alloc_pages_slowpath(gfp_t gfp, unsigned int order, unsigned long *irqflags)
{
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp);
	struct page *page;
	int retries = 0;

	if (gfpflags_allow_blocking(gfp)) {
		/* Below the low watermark: run the reclaim hooks (Linux wakes kswapd). */
		local_irq_restore(*irqflags);
		shrink_all(gfp);
		local_irq_save(*irqflags);
	}
	page = get_page_from_freelist(gfp, order, alloc_flags);
	if (!page && nr_pcp_pages()) {
		/*
		 * Blocks waiting on the pcp lists do not merge: give them back
		 * and retry, as Linux's drain_all_pages() after direct reclaim
		 * (here for every caller: draining never sleeps).
		 */
		drain_all_pages(NULL);
		page = get_page_from_freelist(gfp, order, alloc_flags);
	}
	if (page || !gfpflags_allow_blocking(gfp))
		return page;
	for (;;) {
		local_irq_restore(*irqflags);
		shrink_all(gfp);
		local_irq_save(*irqflags);
		page = get_page_from_freelist(gfp, order, alloc_flags);
		if (page || (gfp & __GFP_NORETRY) || retries >= MAX_RECLAIM_RETRIES)
			break;
		if (!__alloc_pages_may_wait(gfp, order, retries++, irqflags))
			break;
		if ((gfp & __GFP_NOFAIL) && retries >= MAX_RECLAIM_RETRIES / 2) {
			/* As Linux's __GFP_NOFAIL fallback: the reserves, all of them. */
			page = get_page_from_freelist(gfp, order, ALLOC_NO_WATERMARKS);
			if (page)
				break;
		}
	}
	return page;
}

/**
 * alloc_pages - see mm/include/mm/page_alloc.h.
 * Context: may sleep if gfpflags_allow_blocking(@gfp); otherwise any.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	unsigned long irqflags;
	struct page *page;

	if (order > MAX_PAGE_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			WARN(1, "alloc_pages: order %u > MAX_PAGE_ORDER %u (caller %pS)\n", order,
			     MAX_PAGE_ORDER, (void *)_RET_IP_);
		return NULL;
	}
	might_sleep_if(gfpflags_allow_blocking(gfp));
	/* fault injection: fail_page_alloc= (probability 0, the default: never fails) */
	if (unlikely(READ_ONCE(fail_page_alloc.attr.probability)) &&
	    should_fail_alloc_page(gfp, order))
		goto fail;
	local_irq_save(irqflags);
	do {
		page = get_page_from_freelist(gfp, order, ALLOC_WMARK_LOW);
		if (!page)
			page = __alloc_pages_slowpath(gfp, order, &irqflags);
	} while (page && !check_new_page(page));
	local_irq_restore(irqflags);
	if (!page) {
fail:		/* fault injection: an injected failure is reported like a real one */
		if (!(gfp & __GFP_NOWARN))
			warn_alloc(gfp, order, _RET_IP_);
		return NULL;
	}
	prep_new_page(page, order, gfp, _RET_IP_);
	return page;
}

/*
 * The first zone, from the highest @gfp allows down, whose free pages
 * stay above its low watermark and lowmem reserve after @nr more are
 * taken (Linux's __alloc_pages_bulk: mark + nr_pages). Interrupts off.
 */
static struct zone *bulk_zone(gfp_t gfp, unsigned long nr)
{
	int highest = gfp_zone(gfp);

	for (int i = highest; i >= 0; i--) {
		struct zone *z = &zones[i];

		if (z->managed_pages &&
		    z->free_pages > z->watermark[WMARK_LOW] + z->lowmem_reserve[highest] + nr)
			return z;
	}
	return NULL;
}

/*
 * Fill @array[@i..) from one zone's pcp list until an entry is already
 * populated or the list cannot be refilled. Return: the index reached.
 * Context: interrupts disabled.
 */
static unsigned long bulk_fill_pcp(struct zone *z, unsigned long i, unsigned long nr,
				   struct page **array, unsigned long caller)
{
	struct per_cpu_pages *pcp = this_cpu_pageset(z);

	while (i < nr && !array[i]) {
		struct page *page = __rmqueue_pcplist(z, 0, pcp);

		if (!page)
			break;
		z->free_pages--;
		if (!check_new_page(page))
			continue;	/* reported; the page stays out, as in alloc_pages() */
		set_page_count(page, 1);
		page->alloc_order = 0;
		page->alloc_caller = caller;
		array[i++] = page;
	}
	return i;
}

/* Pages taken per interrupt-off section by alloc_pages_bulk_array(). */
#define ALLOC_BULK_BATCH 64

/**
 * alloc_pages_bulk_array - fill the NULL entries of @array[0..@nr) with
 * order-0 pages, as Linux's: runs of NULL entries are taken from the pcp
 * list of the first zone whose watermark leaves room for them, up to
 * ALLOC_BULK_BATCH pages per interrupt-off section (Linux's vmalloc asks
 * for at most 100 per call, to bound that time); every entry still NULL
 * after that gets alloc_pages(@gfp, 0), which reclaims, waits and falls
 * back like any allocation, until one fails. With fault injection armed
 * every page goes through alloc_pages(), so each can be failed.
 * Context: may sleep if gfpflags_allow_blocking(@gfp); otherwise any.
 * Return: the number of entries of @array that hold a page; the NULL
 * entries from the first failed alloc_pages() on stay NULL.
 */
unsigned long alloc_pages_bulk_array(gfp_t gfp, unsigned long nr, struct page **array)
{
	unsigned long irqflags, i = 0, got = 0;
	struct zone *z;

	might_sleep_if(gfpflags_allow_blocking(gfp));
	while (i < nr && likely(!READ_ONCE(fail_page_alloc.attr.probability))) {
		unsigned long end = min(nr, i + ALLOC_BULK_BATCH), filled;

		if (array[i]) {
			i++;
			continue;
		}
		local_irq_save(irqflags);
		z = bulk_zone(gfp, end - i);
		filled = z ? bulk_fill_pcp(z, i, end, array, _RET_IP_) : i;
		local_irq_restore(irqflags);
		for (unsigned long j = i; (gfp & __GFP_ZERO) && j < filled; j++)
			memset(page_address(array[j]), 0, PAGE_SIZE);
		if (filled == i)
			break;	/* the zones are short: the slow loop decides */
		i = filled;
	}
	for (i = 0; i < nr; i++) {
		if (!array[i] && !(array[i] = alloc_pages(gfp, 0)))
			break;
		got++;
	}
	for (; i < nr; i++)
		got += array[i] != NULL;
	return got;
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp & ~__GFP_HIGHMEM, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

unsigned int get_order(size_t size)
{
	unsigned int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

/* Free pages of all zones, the pcp lists included (see struct zone). */
unsigned long nr_free_pages(void)
{
	unsigned long n = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		n += zones[i].free_pages;
	return n;
}
