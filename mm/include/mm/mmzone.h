/* SPDX-License-Identifier: MIT */
/*
 * Zones: ranges of physical memory with different reach, each with its own
 * buddy free lists and watermarks. Public for reports and tests; only
 * mm/page_alloc.c changes them.
 */
#pragma once

#include <kernel/list.h>
#include <kernel/types.h>
#include <mm/mm_types.h>

enum zone_type {
	ZONE_DMA,	/* [0, 16 MiB): the 8237 ISA DMA controller reaches only 24-bit addresses */
	ZONE_DMA32,	/* [16 MiB, 4 GiB): devices limited to 32-bit addresses */
	ZONE_NORMAL,	/* [4 GiB, end of RAM) */
	MAX_NR_ZONES
};

#define MAX_PAGE_ORDER 10			/* largest block: 1024 pages = 4 MiB */
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)
#define MAX_ORDER_NR_PAGES (1UL << MAX_PAGE_ORDER)
#define PAGE_ALLOC_COSTLY_ORDER 3

/* Sections: 2^15 pages (128 MiB); a section with any RAM has a memmap. */
#define PFN_SECTION_SHIFT 15
#define PAGES_PER_SECTION (1UL << PFN_SECTION_SHIFT)
#define MAX_PHYSMEM_BITS 46
#define NR_MEM_SECTIONS (1UL << (MAX_PHYSMEM_BITS - 12 - PFN_SECTION_SHIFT))

/* One bit per section: set if it holds RAM (and so has struct pages). */
extern unsigned long mem_section_present[NR_MEM_SECTIONS / 64];

#define MAX_DMA_PFN ((16UL << 20) >> 12)	/* 16 MiB */
#define MAX_DMA32_PFN ((4UL << 30) >> 12)	/* 4 GiB */

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	NR_WMARK
};

struct free_area {
	struct list_head free_list;	/* blocks of this order, linked by page->lru */
	unsigned long nr_free;		/* blocks (not pages) on free_list */
};

/*
 * Per-CPU page lists (Linux's struct per_cpu_pages): a cache of free
 * blocks of orders 0..PAGE_ALLOC_COSTLY_ORDER in front of the buddy
 * lists, so most allocations and frees of small blocks are a list
 * operation. Filled with @batch blocks' worth of pages at a time
 * (rmqueue_bulk), drained in @batch pages once @count reaches @high
 * (free_pcppages_bulk). Pages on these lists are free but not PG_buddy:
 * they do not merge until drained (drain_all_pages()).
 * Locking: this CPU's lists, guarded by disabling interrupts (Linux's
 * pcp local_lock; the kernel runs on the boot CPU only).
 */
#define NR_PCP_LISTS (PAGE_ALLOC_COSTLY_ORDER + 1)	/* one per order: no migratetypes */

struct per_cpu_pages {
	int count;		/* pages (not blocks) on the lists */
	int high;		/* drain when count reaches this; 0: keep nothing */
	int batch;		/* pages moved to or from the buddy lists at once */
	struct list_head lists[NR_PCP_LISTS];	/* blocks by order, linked by page->lru */
};

/*
 * Locking: every field below 'free_area' is guarded by disabling
 * interrupts on this single CPU (zone->lock once there are several).
 */
struct zone {
	const char *name;
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;	/* pfns in [start, end), holes included */
	unsigned long present_pages;	/* RAM pages in the span */
	unsigned long managed_pages;	/* pages given to the buddy allocator */
	unsigned long watermark[NR_WMARK];
	/* Pages kept free from allocations that could have used a higher zone. */
	unsigned long lowmem_reserve[MAX_NR_ZONES];
	struct free_area free_area[NR_PAGE_ORDERS];
	/*
	 * Free pages of the zone: the buddy lists (sum of nr_free << order)
	 * plus the per-CPU lists. Unlike Linux's NR_FREE_PAGES, the pcp
	 * pages count: watermarks and MemFree then see exactly the pages not
	 * allocated, so a pcp list never makes an allocation fail (or a leak
	 * check differ) where the plain buddy allocator would not.
	 */
	unsigned long free_pages;
	unsigned long alloc_fail;	/* failed allocations (statistics) */
	struct per_cpu_pages per_cpu_pageset;	/* the boot CPU's (see above) */
};

/* This CPU's page lists of @z. Context: interrupts disabled. */
static inline struct per_cpu_pages *this_cpu_pageset(struct zone *z)
{
	return &z->per_cpu_pageset;
}

extern struct zone zones[MAX_NR_ZONES];

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}

static inline bool zone_is_empty(const struct zone *z)
{
	return z->spanned_pages == 0;
}

static inline unsigned long wmark_pages(const struct zone *z, enum zone_watermarks w)
{
	return z->watermark[w];
}
