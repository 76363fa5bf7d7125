// SPDX-License-Identifier: MIT
/*
 * Page allocator reports in Linux's formats: /proc/meminfo, buddyinfo and
 * zoneinfo, the "page allocation failure" warning with its Mem-Info block,
 * and the free-list consistency checker the tests run after each case.
 * Context: any (they only read; interrupts are disabled while walking).
 */
#include <arch/irqflags.h>
#include <arch/stacktrace.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>

#include "internal.h"

#define K(pages) ((pages) * (PAGE_SIZE / 1024))

static const struct {
	gfp_t mask;
	const char *name;
} gfp_names[] = {
	/* Combinations first, so the shortest description wins. */
	{ GFP_KERNEL, "GFP_KERNEL" },
	{ GFP_ATOMIC, "GFP_ATOMIC" },
	{ GFP_NOWAIT, "GFP_NOWAIT" },
	{ GFP_NOFS, "GFP_NOFS" },
	{ GFP_NOIO, "GFP_NOIO" },
	{ __GFP_DMA, "GFP_DMA" },
	{ __GFP_DMA32, "GFP_DMA32" },
	{ __GFP_HIGHMEM, "__GFP_HIGHMEM" },
	{ __GFP_MOVABLE, "__GFP_MOVABLE" },
	{ __GFP_RECLAIMABLE, "__GFP_RECLAIMABLE" },
	{ __GFP_HIGH, "__GFP_HIGH" },
	{ __GFP_IO, "__GFP_IO" },
	{ __GFP_FS, "__GFP_FS" },
	{ __GFP_ZERO, "__GFP_ZERO" },
	{ __GFP_RECLAIM, "__GFP_RECLAIM" },
	{ __GFP_DIRECT_RECLAIM, "__GFP_DIRECT_RECLAIM" },
	{ __GFP_KSWAPD_RECLAIM, "__GFP_KSWAPD_RECLAIM" },
	{ __GFP_WRITE, "__GFP_WRITE" },
	{ __GFP_NOWARN, "__GFP_NOWARN" },
	{ __GFP_RETRY_MAYFAIL, "__GFP_RETRY_MAYFAIL" },
	{ __GFP_NOFAIL, "__GFP_NOFAIL" },
	{ __GFP_NORETRY, "__GFP_NORETRY" },
	{ __GFP_MEMALLOC, "__GFP_MEMALLOC" },
	{ __GFP_COMP, "__GFP_COMP" },
	{ __GFP_NOMEMALLOC, "__GFP_NOMEMALLOC" },
	{ __GFP_ACCOUNT, "__GFP_ACCOUNT" },
};

/**
 * gfp_flags_snprint - "0xcc0(GFP_KERNEL)", "0xa20(GFP_ATOMIC)",
 * "0xdc1(GFP_KERNEL|__GFP_ZERO|GFP_DMA)", as Linux's %pGg.
 * Return: characters written.
 */
int gfp_flags_snprint(char *buf, size_t size, gfp_t gfp)
{
	gfp_t left = gfp;
	int n = scnprintf(buf, size, "%#x(", gfp);
	bool first = true;

	for (size_t i = 0; i < ARRAY_SIZE(gfp_names) && left; i++) {
		if ((left & gfp_names[i].mask) != gfp_names[i].mask)
			continue;
		n += scnprintf(buf + n, size - n, "%s%s", first ? "" : "|", gfp_names[i].name);
		left &= ~gfp_names[i].mask;
		first = false;
	}
	if (left)
		n += scnprintf(buf + n, size - n, "%s%#x", first ? "" : "|", left);
	else if (first)
		n += scnprintf(buf + n, size - n, "none");
	n += scnprintf(buf + n, size - n, ")");
	return n;
}

/* Pages on the buddy lists of @z (free_pages less the pcp lists). */
static unsigned long zone_buddy_pages(const struct zone *z)
{
	return z->free_pages - z->per_cpu_pageset.count;
}

static void show_one_zone_free(const struct zone *z)
{
	unsigned long pcp = z->per_cpu_pageset.count;
	char line[256];
	int n;

	printk(KERN_INFO "Node 0 %s free:%lukB boost:0kB min:%lukB low:%lukB high:%lukB present:%lukB managed:%lukB free_pcp:%lukB local_pcp:%lukB\n",
	       z->name, K(z->free_pages), K(z->watermark[WMARK_MIN]), K(z->watermark[WMARK_LOW]),
	       K(z->watermark[WMARK_HIGH]), K(z->present_pages), K(z->managed_pages), K(pcp),
	       K(pcp));
	printk(KERN_INFO "lowmem_reserve[]: %lu %lu %lu\n", z->lowmem_reserve[0],
	       z->lowmem_reserve[1], z->lowmem_reserve[2]);
	n = scnprintf(line, sizeof(line), "Node 0 %s: ", z->name);
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		n += scnprintf(line + n, sizeof(line) - n, "%lu*%lukB ", z->free_area[o].nr_free,
			       K(1UL << o));
	scnprintf(line + n, sizeof(line) - n, "= %lukB", K(zone_buddy_pages(z)));
	printk(KERN_INFO "%s\n", line);
}

void show_free_areas(void)
{
	printk(KERN_INFO "Mem-Info:\n");
	for (int i = 0; i < MAX_NR_ZONES; i++)
		if (!zone_is_empty(&zones[i]))
			show_one_zone_free(&zones[i]);
	printk(KERN_INFO "%lu pages RAM, %lu pages free\n", totalram_pages, nr_free_pages());
}

/**
 * warn_alloc - the "page allocation failure" report of a failed allocation
 * without __GFP_NOWARN: mode, order, caller, backtrace and the free lists.
 */
void warn_alloc(gfp_t gfp, unsigned int order, unsigned long caller)
{
	char mode[160];

	gfp_flags_snprint(mode, sizeof(mode), gfp);
	printk(KERN_WARNING "swapper: page allocation failure: order:%u, mode:%s, nodemask=(null)\n",
	       order, mode);
	printk(KERN_WARNING "caller: %pS\n", (void *)caller);
	dump_stack();
	show_free_areas();
	zones[gfp_zone(gfp)].alloc_fail++;
}

void show_buddyinfo(void)
{
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &zones[i];
		char line[160];
		int n;

		if (zone_is_empty(z))
			continue;
		n = scnprintf(line, sizeof(line), "Node 0, zone %8s ", z->name);
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			n += scnprintf(line + n, sizeof(line) - n, "%6lu ", z->free_area[o].nr_free);
		printk(KERN_INFO "%s\n", line);
	}
}

void show_zoneinfo(void)
{
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		const struct zone *z = &zones[i];

		printk(KERN_INFO "Node 0, zone %8s\n", z->name);
		printk(KERN_INFO "  pages free     %lu\n", z->free_pages);
		printk(KERN_INFO "        boost    0\n");
		printk(KERN_INFO "        min      %lu\n", z->watermark[WMARK_MIN]);
		printk(KERN_INFO "        low      %lu\n", z->watermark[WMARK_LOW]);
		printk(KERN_INFO "        high     %lu\n", z->watermark[WMARK_HIGH]);
		printk(KERN_INFO "        spanned  %lu\n", z->spanned_pages);
		printk(KERN_INFO "        present  %lu\n", z->present_pages);
		printk(KERN_INFO "        managed  %lu\n", z->managed_pages);
		printk(KERN_INFO "        cma      0\n");
		printk(KERN_INFO "        protection: (%lu, %lu, %lu)\n", z->lowmem_reserve[0],
		       z->lowmem_reserve[1], z->lowmem_reserve[2]);
		/* Linux's pagesets section: this CPU's pcp lists. */
		printk(KERN_INFO "  pagesets\n");
		printk(KERN_INFO "    cpu: 0\n");
		printk(KERN_INFO "              count: %d\n", z->per_cpu_pageset.count);
		printk(KERN_INFO "              high:  %d\n", z->per_cpu_pageset.high);
		printk(KERN_INFO "              batch: %d\n", z->per_cpu_pageset.batch);
		printk(KERN_INFO "  start_pfn:           %lu\n", z->zone_start_pfn);
	}
}

void show_meminfo(void)
{
	unsigned long free = nr_free_pages(), reserve = 0;

	for (int i = 0; i < MAX_NR_ZONES; i++)
		reserve += zones[i].watermark[WMARK_HIGH];
	printk(KERN_INFO "MemTotal:       %8lu kB\n", K(totalram_pages));
	printk(KERN_INFO "MemFree:        %8lu kB\n", K(free));
	printk(KERN_INFO "MemAvailable:   %8lu kB\n", K(free > reserve ? free - reserve : 0));
	printk(KERN_INFO "DmaFree:        %8lu kB\n", K(zones[ZONE_DMA].free_pages));
	printk(KERN_INFO "DmaTotal:       %8lu kB\n", K(zones[ZONE_DMA].managed_pages));
}

/* The pcp lists of @z (see check_zone_free_area()). Return: problems found. */
static unsigned long check_zone_pcp(const struct zone *z)
{
	const struct per_cpu_pages *pcp = &z->per_cpu_pageset;
	unsigned long problems = 0, pages = 0;

	for (int o = 0; o < NR_PCP_LISTS; o++) {
		unsigned long count = 0;
		struct page *page;

		list_for_each_entry(page, &pcp->lists[o], lru) {
			unsigned long pfn = page_to_pfn(page);

			if (PageBuddy(page) || page_ref_count(page) || (pfn & ((1UL << o) - 1)) ||
			    pfn < z->zone_start_pfn || pfn + (1UL << o) > zone_end_pfn(z)) {
				problems++;
				printk(KERN_ERR "check_free_areas: zone %s pcp order %d: bad block at pfn %#lx (flags %#lx)\n",
				       z->name, o, pfn, page->flags);
			}
			pages += 1UL << o;
			if (++count > z->managed_pages)
				break;	/* a corrupt list must not loop forever */
		}
	}
	if (pages != (unsigned long)pcp->count) {
		problems++;
		printk(KERN_ERR "check_free_areas: zone %s: pcp count %d but %lu on the lists\n",
		       z->name, pcp->count, pages);
	}
	return problems;
}

/**
 * check_zone_free_area - walk one zone's free lists: every block is
 * PG_buddy with its list's order, naturally aligned, inside the zone, and
 * blocks do not overlap (a free block's pages other than its head are not
 * PG_buddy); blocks on the per-CPU lists are clean (not PG_buddy,
 * refcount 0, aligned, in the zone) and add up to pcp->count; nr_free and
 * free_pages match. Return: problems found.
 */
unsigned long check_zone_free_area(const struct zone *z)
{
	unsigned long problems = 0, pages = 0;

	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		const struct free_area *area = &z->free_area[o];
		unsigned long count = 0;
		struct page *page;

		list_for_each_entry(page, &area->free_list, lru) {
			unsigned long pfn = page_to_pfn(page);
			bool bad = !PageBuddy(page) || page->private != (unsigned long)o ||
				   (pfn & ((1UL << o) - 1)) || pfn < z->zone_start_pfn ||
				   pfn + (1UL << o) > zone_end_pfn(z) || page_ref_count(page);

			for (unsigned long i = 1; i < (1UL << o) && !bad; i++)
				bad = PageBuddy(&page[i]) || page_ref_count(&page[i]);
			if (bad) {
				problems++;
				printk(KERN_ERR "check_free_areas: zone %s order %d: bad block at pfn %#lx (flags %#lx order %lu)\n",
				       z->name, o, pfn, page->flags, page->private);
			}
			if (++count > area->nr_free + 1)
				break;	/* a corrupt list must not loop forever */
		}
		if (count != area->nr_free) {
			problems++;
			printk(KERN_ERR "check_free_areas: zone %s order %d: nr_free %lu but %lu on the list\n",
			       z->name, o, area->nr_free, count);
		}
		pages += count << o;
	}
	problems += check_zone_pcp(z);
	pages += z->per_cpu_pageset.count;
	if (pages != z->free_pages) {
		problems++;
		printk(KERN_ERR "check_free_areas: zone %s: free_pages %lu but %lu on the lists\n",
		       z->name, z->free_pages, pages);
	}
	return problems;
}

unsigned long check_free_areas(void)
{
	unsigned long flags, problems = 0;

	local_irq_save(flags);
	for (int i = 0; i < MAX_NR_ZONES; i++)
		problems += check_zone_free_area(&zones[i]);
	local_irq_restore(flags);
	return problems;
}
