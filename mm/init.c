// SPDX-License-Identifier: MIT
/*
 * Memory initialisation, in order: memblock from the firmware map and the
 * boot reservations, the kernel's own page tables (direct map, W^X image),
 * the struct page array (vmemmap), the zones, and the hand-over of every
 * free range to the buddy allocator.
 * Context: boot only.
 */
#define pr_fmt(fmt) "mm: " fmt

#include <arch/cpu.h>
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <kernel/bootinfo.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/kfence.h>
#include <mm/memblock.h>
#include <mm/mm.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "internal.h"

#define PFN_UP(x) (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)
#define SZ_2M (2UL << 20)

u64 mm_ready_tsc;

static void __init reserve_boot_memory(void)
{
	/* Real-mode area, BIOS data, EBDA, VGA and option ROMs. */
	memblock_reserve(0, 0x100000);
	memblock_reserve(__pa_symbol(_text), __pa_symbol(_end) - __pa_symbol(_text));
	if (boot_info.info_end > boot_info.info_start)
		memblock_reserve(ALIGN_DOWN(boot_info.info_start, PAGE_SIZE),
				 ALIGN(boot_info.info_end, PAGE_SIZE) -
					 ALIGN_DOWN(boot_info.info_start, PAGE_SIZE));
	for (unsigned int i = 0; i < boot_info.nr_modules; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		memblock_reserve(ALIGN_DOWN(m->start, PAGE_SIZE),
				 ALIGN(m->end, PAGE_SIZE) - ALIGN_DOWN(m->start, PAGE_SIZE));
	}
}

static void mark_section_present(unsigned long sec)
{
	mem_section_present[sec / 64] |= 1UL << (sec % 64);
}

static enum zone_type zone_of_pfn(unsigned long pfn)
{
	if (pfn < MAX_DMA_PFN)
		return ZONE_DMA;
	return pfn < MAX_DMA32_PFN ? ZONE_DMA32 : ZONE_NORMAL;
}

/*
 * A reserved page: refcount 1, no allocation order, zone in the flags.
 * The memmap is the one per-page cost of boot, so this is eight plain
 * 64-bit stores (under TCG a memset plus field stores, or a struct copy,
 * took 40 % longer); the layout is pinned by the BUILD_BUG_ONs.
 */
static inline void init_reserved_page(struct page *page, enum zone_type zone)
{
	u64 *w = (u64 *)page;

	BUILD_BUG_ON(offsetof(struct page, counters) != 40);
	BUILD_BUG_ON(offsetof(struct page, _refcount) != 44);
	BUILD_BUG_ON(offsetof(struct page, alloc_order) != 48);
	BUILD_BUG_ON(offsetof(struct page, alloc_caller) != 56);
	w[0] = (1UL << PG_reserved) | ((unsigned long)zone << ZONES_SHIFT);
	w[1] = w[2] = w[3] = w[4] = 0;
	w[5] = 1ULL << 32;		/* counters 0, _refcount 1 */
	w[6] = PAGE_ORDER_NONE;		/* alloc_order; compound_order and padding 0 */
	w[7] = 0;			/* alloc_caller */
}

/*
 * Back one section's struct pages with memory and mark them all reserved.
 * Return: bytes of struct pages.
 */
static size_t __init memmap_init_section(unsigned long sec)
{
	unsigned long start = sec << PFN_SECTION_SHIFT;
	unsigned long end = min(start + PAGES_PER_SECTION, max_pfn);
	size_t bytes = ALIGN((end - start) * sizeof(struct page), PAGE_SIZE);
	phys_addr_t phys = memblock_phys_alloc(bytes, bytes == SZ_2M ? SZ_2M : PAGE_SIZE);
	struct page *map = pfn_to_page(start);

	if (!phys || arch_mmu_map((unsigned long)map, phys, bytes, PAGE_KERNEL))
		panic("mm: no memory for the struct pages of section %lu", sec);
	for (unsigned long pfn = start; pfn < end; pfn++)
		init_reserved_page(&map[pfn - start], zone_of_pfn(pfn));
	memset(&map[end - start], 0, bytes - (end - start) * sizeof(struct page));
	return bytes;
}

/* The struct page array: mapped at vmemmap only for sections that hold RAM. */
void __init sparse_init_memmap(void)
{
	const struct memblock_type *mem = &memblock.memory;
	unsigned long sections = 0, memmap_bytes = 0;

	max_pfn = PFN_DOWN(memblock_end_of_DRAM());
	for (unsigned long i = 0; i < mem->cnt; i++) {
		unsigned long first = PFN_DOWN(mem->regions[i].base) >> PFN_SECTION_SHIFT;
		unsigned long last = (PFN_UP(mem->regions[i].base + mem->regions[i].size) - 1) >>
				     PFN_SECTION_SHIFT;

		for (unsigned long sec = first; sec <= last; sec++)
			mark_section_present(sec);
	}
	for (unsigned long sec = 0; sec <= (max_pfn - 1) >> PFN_SECTION_SHIFT; sec++) {
		if (pfn_valid(sec << PFN_SECTION_SHIFT)) {
			memmap_bytes += memmap_init_section(sec);
			sections++;
		}
	}
	pr_info("vmemmap: %lu sections of %lu MiB, struct page %zu bytes, %lu KiB of struct pages (%lu.%02lu%% of RAM)\n",
		sections, (PAGES_PER_SECTION * PAGE_SIZE) >> 20, sizeof(struct page), memmap_bytes >> 10,
		memmap_bytes * 100 / (max_pfn << PAGE_SHIFT),
		memmap_bytes * 10000 / (max_pfn << PAGE_SHIFT) % 100);
}

static unsigned long __init present_pages_in(unsigned long start_pfn, unsigned long end_pfn)
{
	const struct memblock_type *mem = &memblock.memory;
	unsigned long n = 0;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		unsigned long s = max(PFN_UP(mem->regions[i].base), start_pfn);
		unsigned long e = min(PFN_DOWN(mem->regions[i].base + mem->regions[i].size), end_pfn);

		if (e > s)
			n += e - s;
	}
	return n;
}

static void __init zones_init(void)
{
	static const char *const names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal" };
	static const unsigned long bounds[MAX_NR_ZONES + 1] = { 0, MAX_DMA_PFN, MAX_DMA32_PFN,
								~0UL };

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long start = bounds[i], end = min(bounds[i + 1], max_pfn);

		zone_init_empty(&zones[i], names[i], start, end > start ? end - start : 0);
		zones[i].present_pages = present_pages_in(start, end > start ? end : start);
	}
}

static void __init free_memblock_to_buddy(void)
{
	phys_addr_t start, end;
	u64 i = 0;

	while (memblock_next_free_range(&i, &start, &end))
		if (PFN_UP(start) < PFN_DOWN(end))
			free_range_to_buddy(PFN_UP(start), PFN_DOWN(end));
}

static phys_addr_t buddy_pt_alloc(void)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		return 0;
	SetPagePgtable(page);
	return page_to_phys(page);
}

static void buddy_pt_free(phys_addr_t phys)
{
	struct page *page = pfn_to_page(phys >> PAGE_SHIFT);

	if (PageReserved(page))		/* a table memblock gave out at boot: kept */
		return;
	__free_page(page);
}

static const struct mmu_pt_allocator buddy_pt_allocator = {
	.alloc = buddy_pt_alloc,
	.free = buddy_pt_free,
};

static void __init mem_print_info(void)
{
	unsigned long code = (_etext - _text) >> 10, ro = (_erodata - _etext) >> 10;
	unsigned long rw = (_end - _erodata) >> 10;
	unsigned long physpages = PFN_DOWN(memblock_phys_mem_size());

	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK reserved)\n",
		totalram_pages << 2, physpages << 2, code, rw, ro,
		(physpages - totalram_pages) << 2);
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		if (zone_is_empty(&zones[i]))
			pr_info("  %-6s empty\n", zones[i].name);
		else
			pr_info("  %-6s [mem 0x%016lx-0x%016lx] present %lu managed %lu pages\n",
				zones[i].name, zones[i].zone_start_pfn << PAGE_SHIFT,
				(zone_end_pfn(&zones[i]) << PAGE_SHIFT) - 1, zones[i].present_pages,
				zones[i].managed_pages);
	}
}

/**
 * mm_init - bring up physical memory management; see the file comment.
 * Context: boot, once, interrupts off, after the boot info is parsed.
 */
void __init mm_init(void)
{
	unsigned int anomalies;

	memblock.current_limit = EARLY_MAP_SIZE;	/* the early tables map 4 GiB */
	anomalies = memblock_init_from_map(boot_info.mmap, boot_info.nr_mmap, cpu_phys_bits());
	if (anomalies)
		pr_warn("firmware memory map: %u anomalies handled (see above)\n", anomalies);
	if (!memblock.memory.cnt)
		panic("mm: the firmware map lists no usable RAM");
	reserve_boot_memory();
	if (memblock_debug)
		memblock_dump_all();	/* serial output is slow: only when asked */
	paging_init();			/* direct map, W^X image, identity map gone */
	memblock.current_limit = ~(phys_addr_t)0;
	sparse_init_memmap();		/* struct pages for every section with RAM */
	zones_init();
	free_memblock_to_buddy();	/* the buddy allocator takes over */
	setup_lowmem_reserve();
	setup_per_zone_wmarks();
	arch_mmu_set_pt_allocator(&buddy_pt_allocator);
	kmem_cache_init();		/* the kmalloc caches, on top of the buddy allocator */
	kfence_init();			/* the KFENCE pool, if kfence.sample_* asked for it */
	vmalloc_init();			/* vmap areas over VMALLOC_START..VMALLOC_END */
	mm_ready_tsc = rdtsc();
	mem_print_info();
}
