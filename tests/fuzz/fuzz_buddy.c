// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the buddy allocator (mm/page_alloc.c) against a reference
 * model. Each input is a sequence of operations: allocations of random
 * order, zone modifiers and flags; frees (by __free_pages, free_pages or
 * put_page); deliberate bad frees (wrong order, double free), which must
 * be reported without changing anything. After every step:
 *  - no two live blocks share a page, each is aligned to its order and in
 *    a zone its gfp allowed;
 *  - the pattern written into every live block is intact;
 *  - per zone, free pages + live pages = what was free at the start, and
 *    check_free_areas() finds nothing wrong;
 *  - interrupts are on and the preempt count is zero.
 * At the end everything is freed and every zone's free lists (blocks per
 * order) are exactly as at the start.
 */
#include <arch/irqflags.h>
#include <kernel/panic.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>

#include "../host/mm/host_mm.h"
#include "fuzz_common.h"

#define MAX_LIVE 256

struct block {
	struct page *page;
	unsigned int order;
	u32 seed;
	bool comp;
};

static struct block live[MAX_LIVE];
static unsigned int nr_live;
static u8 *owner;			/* one byte per pfn: 1 while in a live block */
static unsigned long start_free[MAX_NR_ZONES];
static unsigned long start_nr_free[MAX_NR_ZONES][NR_PAGE_ORDERS];

static const gfp_t gfps[] = {
	GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT, GFP_KERNEL | GFP_DMA, GFP_KERNEL | GFP_DMA32,
	GFP_ATOMIC | GFP_DMA, GFP_NOWAIT | GFP_DMA32, GFP_KERNEL | __GFP_NORETRY,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	host_mm_boot();
	host_printk_set_quiet(true);
	shrink_all(GFP_KERNEL);		/* no empty slabs left for reclaim to find later */
	owner = calloc(max_pfn, 1);
	return 0;
}

/* Where the pattern is checked: the first and last 16 bytes of every page. */
static void pattern_apply(const struct block *b, bool write)
{
	u8 *base = page_address(b->page);
	unsigned long len = PAGE_SIZE << b->order;

	for (unsigned long pg = 0; pg < len; pg += PAGE_SIZE) {
		for (unsigned long i = 0; i < 16; i++) {
			unsigned long offs[2] = { pg + i, pg + PAGE_SIZE - 16 + i };

			for (int k = 0; k < 2; k++) {
				if (write)
					base[offs[k]] = fuzz_pattern(b->seed, offs[k]);
				else
					FUZZ_CHECK(base[offs[k]] == fuzz_pattern(b->seed, offs[k]),
						   "block pfn %#lx order %u corrupted at +%#lx",
						   page_to_pfn(b->page), b->order, offs[k]);
			}
		}
	}
}

static void do_alloc(struct fuzz_in *in)
{
	u8 a = fuzz_u8(in), f = fuzz_u8(in);
	unsigned int order = (a & 0x80) ? a % (MAX_PAGE_ORDER + 2) : a % 4;	/* mostly small */
	gfp_t gfp = gfps[f % ARRAY_SIZE(gfps)] | __GFP_NOWARN;
	struct block *b;
	struct page *page;
	unsigned long pfn;

	if (f & 0x40)
		gfp |= __GFP_ZERO;
	if (f & 0x80)
		gfp |= __GFP_COMP;
	if (nr_live == MAX_LIVE)
		return;
	page = alloc_pages(gfp, order);
	if (order > MAX_PAGE_ORDER)
		FUZZ_CHECK(!page, "order %u succeeded", order);
	if (!page)
		return;
	pfn = page_to_pfn(page);
	FUZZ_CHECK(!(pfn & ((1UL << order) - 1)), "pfn %#lx not aligned to order %u", pfn, order);
	FUZZ_CHECK(page_zonenum(page) <= (gfp & __GFP_DMA ? ZONE_DMA :
					  gfp & __GFP_DMA32 ? ZONE_DMA32 : ZONE_NORMAL),
		   "gfp %#x got zone %u", gfp, page_zonenum(page));
	FUZZ_CHECK(page_ref_count(page) == 1, "refcount %d", page_ref_count(page));
	for (unsigned long i = 0; i < (1UL << order); i++) {
		FUZZ_CHECK(!owner[pfn + i], "pfn %#lx handed out twice", pfn + i);
		owner[pfn + i] = 1;
	}
	if (gfp & __GFP_ZERO) {
		const u8 *p = page_address(page);

		for (unsigned long i = 0; i < (PAGE_SIZE << order); i += 61)
			FUZZ_CHECK(!p[i], "__GFP_ZERO block not zero at +%#lx", i);
	}
	b = &live[nr_live++];
	b->page = page;
	b->order = order;
	b->seed = (u32)(pfn * 2654435761u) ^ a ^ (u32)f << 8;
	b->comp = (gfp & __GFP_COMP) && order;
	pattern_apply(b, true);
}

static void release(unsigned int idx, u8 how)
{
	struct block b = live[idx];
	unsigned long pfn = page_to_pfn(b.page);

	pattern_apply(&b, false);
	live[idx] = live[--nr_live];
	for (unsigned long i = 0; i < (1UL << b.order); i++)
		owner[pfn + i] = 0;
	if (b.comp && (how & 1)) {
		get_page(b.page + (how % (1U << b.order)));	/* through a tail */
		put_page(b.page);
		put_page(b.page + (how >> 1) % (1U << b.order));
	} else if (how & 2) {
		free_pages((unsigned long)page_address(b.page), b.order);
	} else {
		__free_pages(b.page, b.order);
	}
}

/* A bad free must be reported and change nothing. */
static void do_bad_free(struct fuzz_in *in)
{
	u8 a = fuzz_u8(in);
	unsigned long bad = bad_page_count;
	unsigned long free_now = nr_free_pages();
	struct block b;

	if (!nr_live)
		return;
	b = live[a % nr_live];
	if (a & 0x80) {			/* double free */
		release(a % nr_live, 0);
		free_now = nr_free_pages();
		__free_pages(b.page, b.order);
	} else {			/* wrong order */
		__free_pages(b.page, (b.order + 1 + a % 3) % (MAX_PAGE_ORDER + 1));
	}
	FUZZ_CHECK(bad_page_count == bad + 1, "bad free not reported (order %u)", b.order);
	FUZZ_CHECK(nr_free_pages() == free_now, "bad free changed the free count");
}

static void check_state(void)
{
	unsigned long live_pages[MAX_NR_ZONES] = { 0 };

	for (unsigned int i = 0; i < nr_live; i++) {
		live_pages[page_zonenum(live[i].page)] += 1UL << live[i].order;
		FUZZ_CHECK(page_address(live[i].page) &&
			   *(u8 *)page_address(live[i].page) == fuzz_pattern(live[i].seed, 0),
			   "live block %u first byte", i);
	}
	for (int z = 0; z < MAX_NR_ZONES; z++)
		FUZZ_CHECK(zones[z].free_pages + live_pages[z] == start_free[z],
			   "zone %s: free %lu + live %lu != %lu", zones[z].name, zones[z].free_pages,
			   live_pages[z], start_free[z]);
	FUZZ_CHECK(check_free_areas() == 0, "check_free_areas");
	FUZZ_CHECK(!irqs_disabled() && !preempt_count(), "context not restored");
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size, 0 };

	drain_all_pages(NULL);	/* per-CPU lists back to the buddy lists */
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		start_free[z] = zones[z].free_pages;
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			start_nr_free[z][o] = zones[z].free_area[o].nr_free;
	}
	while (fuzz_more(&in)) {
		u8 op = fuzz_u8(&in);

		switch (op % 8) {
		case 0: case 1: case 2: case 3:
			do_alloc(&in);
			break;
		case 4: case 5: case 6:
			if (nr_live) {
				u8 a = fuzz_u8(&in);

				release(a % nr_live, fuzz_u8(&in));
			}
			break;
		case 7:
			do_bad_free(&in);
			break;
		}
		check_state();
	}
	while (nr_live)
		release(nr_live - 1, 0);
	check_state();
	drain_all_pages(NULL);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			FUZZ_CHECK(zones[z].free_area[o].nr_free == start_nr_free[z][o],
				   "zone %s order %d: %lu free blocks, %lu at the start",
				   zones[z].name, o, zones[z].free_area[o].nr_free,
				   start_nr_free[z][o]);
	return 0;
}
