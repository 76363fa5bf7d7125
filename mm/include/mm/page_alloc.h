/* SPDX-License-Identifier: MIT */
/*
 * The page allocator (mm/page_alloc.c): a buddy allocator per zone,
 * orders 0..MAX_PAGE_ORDER, naturally aligned blocks. Names and semantics
 * as in Linux's include/linux/gfp.h and mm.h.
 *
 * Context: allocations with a blocking gfp mask may sleep (they call
 * might_sleep()); GFP_ATOMIC and GFP_NOWAIT never sleep and may be used
 * from any context. Frees never sleep.
 */
#pragma once

#include <arch/memlayout.h>
#include <kernel/types.h>
#include <mm/gfp.h>
#include <mm/mm_types.h>
#include <mm/mmzone.h>

/* The struct page array, indexed by pfn, mapped only where RAM is. */
#define vmemmap ((struct page *)VMEMMAP_START)

extern unsigned long max_pfn;		/* one past the highest RAM pfn */
extern unsigned long totalram_pages;	/* pages given to the buddy allocator */
extern unsigned long bad_page_count;	/* "Bad page state" reports so far (tests count them) */

/* Return: true if @pfn has a struct page (RAM, or a hole inside a RAM section). */
static inline bool pfn_valid(unsigned long pfn)
{
	unsigned long sec = pfn >> PFN_SECTION_SHIFT;

	if (pfn >= max_pfn)
		return false;
	return mem_section_present[sec / 64] & (1UL << (sec % 64));
}

static inline struct page *pfn_to_page(unsigned long pfn)
{
	return vmemmap + pfn;
}

static inline unsigned long page_to_pfn(const struct page *page)
{
	return page - vmemmap;
}

static inline phys_addr_t page_to_phys(const struct page *page)
{
	return (phys_addr_t)page_to_pfn(page) << PAGE_SHIFT;
}

static inline void *__va(phys_addr_t phys)
{
	return (void *)(phys + PAGE_OFFSET);
}

/* Only for direct-map addresses; the kernel image uses __pa_symbol(). */
static inline phys_addr_t __pa(const void *virt)
{
	return (unsigned long)virt - PAGE_OFFSET;
}

static inline void *page_address(const struct page *page)
{
	return __va(page_to_phys(page));
}

static inline struct page *virt_to_page(const void *virt)
{
	return pfn_to_page(__pa(virt) >> PAGE_SHIFT);
}

/* Return: true if @addr lies in the direct map of RAM. */
static inline bool virt_addr_valid(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	if (a < PAGE_OFFSET || a >= PAGE_OFFSET + ((u64)max_pfn << PAGE_SHIFT))
		return false;
	return pfn_valid((a - PAGE_OFFSET) >> PAGE_SHIFT);
}

static inline int page_ref_count(const struct page *page)
{
	return page->_refcount;
}

static inline void set_page_count(struct page *page, int v)
{
	page->_refcount = v;
}

static inline void page_ref_inc(struct page *page)
{
	page->_refcount++;
}

/* Return: true if the count dropped to zero. */
bool page_ref_dec_and_test(struct page *page);

/* Take a reference on @page (its compound head). */
void get_page(struct page *page);
/* Drop a reference; the last one frees the page (block) to the allocator. */
void put_page(struct page *page);

/*
 * alloc_pages - allocate 2^@order physically contiguous, naturally aligned
 * pages from the highest zone @gfp allows, falling back NORMAL -> DMA32 ->
 * DMA, never upward.
 * Return: the first page (refcount 1), or NULL. Without __GFP_NOWARN a
 * failure prints a "page allocation failure" report.
 */
struct page *alloc_pages(gfp_t gfp, unsigned int order);
#define alloc_page(gfp) alloc_pages(gfp, 0)
/*
 * alloc_pages_bulk_array - fill the NULL entries of @array[0..@nr) with
 * order-0 pages (one interrupt-off section for as many as the per-CPU
 * list gives, then alloc_pages() for the rest, stopping at a failure).
 * Return: how many entries hold a page.
 */
unsigned long alloc_pages_bulk_array(gfp_t gfp, unsigned long nr, struct page **array);
/* Return: the direct-map address of 2^@order pages, or 0. */
unsigned long __get_free_pages(gfp_t gfp, unsigned int order);
#define __get_free_page(gfp) __get_free_pages(gfp, 0)
unsigned long get_zeroed_page(gfp_t gfp);

/*
 * __free_pages - drop a reference to a block from alloc_pages(); the last
 * reference returns it. Freeing a free page, a reserved page, an address
 * outside RAM, or with another order than it was allocated with is
 * reported ("BUG: Bad page state") and changes nothing.
 */
void __free_pages(struct page *page, unsigned int order);
#define __free_page(page) __free_pages(page, 0)
/* __free_page() on each of @nr pages, batched (same checks and reports). */
void free_pages_bulk(struct page **pages, unsigned long nr);
void free_pages(unsigned long addr, unsigned int order);
#define free_page(addr) free_pages(addr, 0)

/* Return: the order of a block holding @size bytes (size >= 1). */
unsigned int get_order(size_t size);

/* Reclaim hooks: called when a blocking allocation is short of memory. */
struct shrinker {
	const char *name;
	/* Return: objects that scan could free now. */
	unsigned long (*count_objects)(struct shrinker *s);
	/* Free up to @nr objects. Return: pages given back. */
	unsigned long (*scan_objects)(struct shrinker *s, unsigned long nr);
	struct shrinker *next;
};
void register_shrinker(struct shrinker *s);
void unregister_shrinker(struct shrinker *s);
/* Run every shrinker. Return: pages they reported freeing. */
unsigned long shrink_all(gfp_t gfp);

/* Free pages in all zones (buddy and per-CPU lists: see struct zone). */
unsigned long nr_free_pages(void);

/*
 * drain_all_pages - give the per-CPU page lists of @zone (all zones if
 * NULL) back to the buddy lists, so they merge: call before comparing
 * buddyinfo (free_area[].nr_free) figures. Context: any.
 */
void drain_all_pages(struct zone *zone);

/*
 * The buddy core on one zone, for tests that build a private zone from
 * pages borrowed from the real allocator (as Zircon's PMM tests do).
 * Context: interrupts disabled. No watermarks, no page preparation.
 */
struct page *zone_alloc_block(struct zone *zone, unsigned int order);
void zone_free_block(struct zone *zone, struct page *page, unsigned int order);
/* Initialise @zone empty, spanning [start_pfn, start_pfn + spanned). */
void zone_init_empty(struct zone *zone, const char *name, unsigned long start_pfn,
		     unsigned long spanned);
/* check_free_areas() for one zone. Return: problems found (each printed). */
unsigned long check_zone_free_area(const struct zone *zone);

/* Reports in Linux's /proc formats, printed with printk. */
void show_meminfo(void);
void show_buddyinfo(void);
void show_zoneinfo(void);
/* The Mem-Info block of a failure report: per-zone free and watermarks. */
void show_free_areas(void);

/*
 * Consistency check of every zone's free lists: each block is PG_buddy
 * with the list's order, naturally aligned, inside its zone, not
 * overlapping another, and nr_free/free_pages match the lists.
 * Return: the number of problems found (each is printed).
 */
unsigned long check_free_areas(void);
