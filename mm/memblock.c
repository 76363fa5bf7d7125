// SPDX-License-Identifier: MIT
/*
 * memblock: boot-time physical memory, as Linux's mm/memblock.c. Two
 * sorted arrays of disjoint, non-adjacent regions: memory (usable RAM) and
 * reserved (kernel image, boot data, early allocations). The firmware map
 * is validated here and never trusted blindly.
 *
 * Context: boot only (and tests that swap in their own arrays), single
 * threaded; no locking.
 */
#define pr_fmt(fmt) "memblock: " fmt

#include <arch/memlayout.h>
#include <arch/multiboot2.h>
#include <kernel/cmdline.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/memblock.h>
#include <mm/page_alloc.h>

static struct memblock_region memory_init[MEMBLOCK_MAX_REGIONS];
static struct memblock_region reserved_init[MEMBLOCK_MAX_REGIONS];

struct memblock memblock = {
	.current_limit = ~(phys_addr_t)0,
	.memory = { 0, MEMBLOCK_MAX_REGIONS, memory_init, "memory" },
	.reserved = { 0, MEMBLOCK_MAX_REGIONS, reserved_init, "reserved" },
};

void memblock_reset(struct memblock *mb, struct memblock_region *mem,
		    struct memblock_region *res, unsigned long max)
{
	mb->current_limit = ~(phys_addr_t)0;
	mb->memory = (struct memblock_type){ 0, max, mem, "memory" };
	mb->reserved = (struct memblock_type){ 0, max, res, "reserved" };
}

static void region_remove(struct memblock_type *type, unsigned long i)
{
	memmove(&type->regions[i], &type->regions[i + 1],
		(type->cnt - i - 1) * sizeof(type->regions[0]));
	type->cnt--;
}

/* Add [base, end) to @type, merging with every region it touches. */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size;
	unsigned long i = 0;

	if (!size)
		return 0;
	if (end < base)		/* wraps: clip at the top of the address space */
		end = ~(phys_addr_t)0 & PAGE_MASK;
	while (i < type->cnt && type->regions[i].base + type->regions[i].size < base)
		i++;
	/* Merge every region overlapping or adjacent to [base, end). */
	while (i < type->cnt && type->regions[i].base <= end) {
		struct memblock_region *r = &type->regions[i];

		base = min(base, r->base);
		end = max(end, r->base + r->size);
		region_remove(type, i);
	}
	if (type->cnt == type->max) {
		pr_err("%s array full (%lu regions): [mem 0x%016llx-0x%016llx] dropped\n",
		       type->name, type->max, (unsigned long long)base,
		       (unsigned long long)end - 1);
		return -ENOMEM;
	}
	memmove(&type->regions[i + 1], &type->regions[i],
		(type->cnt - i) * sizeof(type->regions[0]));
	type->regions[i].base = base;
	type->regions[i].size = end - base;
	type->cnt++;
	return 0;
}

/* Remove [base, base+size) from @type, splitting a region if needed. */
static int memblock_remove_range(struct memblock_type *type, phys_addr_t base, phys_addr_t size)
{
	phys_addr_t end = base + size;

	if (end < base)
		end = ~(phys_addr_t)0;
	for (unsigned long i = 0; i < type->cnt; i++) {
		struct memblock_region *r = &type->regions[i];
		phys_addr_t rend = r->base + r->size;

		if (rend <= base || r->base >= end)
			continue;
		if (r->base < base && rend > end) {	/* split in two */
			if (type->cnt == type->max)
				return -ENOMEM;
			memmove(&type->regions[i + 1], &type->regions[i],
				(type->cnt - i) * sizeof(*r));
			type->cnt++;
			r->size = base - r->base;
			type->regions[i + 1].base = end;
			type->regions[i + 1].size = rend - end;
			return 0;
		}
		if (r->base < base) {
			r->size = base - r->base;
		} else if (rend > end) {
			r->size = rend - end;
			r->base = end;
		} else {
			region_remove(type, i--);
		}
	}
	return 0;
}

int memblock_add(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.memory, base, size);
}

int memblock_remove(phys_addr_t base, phys_addr_t size)
{
	return memblock_remove_range(&memblock.memory, base, size);
}

int memblock_reserve(phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&memblock.reserved, base, size);
}

int memblock_free(phys_addr_t base, phys_addr_t size)
{
	return memblock_remove_range(&memblock.reserved, base, size);
}

/* Return: the index of the region of @type containing @addr, or -1. */
static long memblock_search(const struct memblock_type *type, phys_addr_t addr)
{
	long lo = 0, hi = (long)type->cnt - 1;

	while (lo <= hi) {
		long mid = (lo + hi) / 2;
		const struct memblock_region *r = &type->regions[mid];

		if (addr < r->base)
			hi = mid - 1;
		else if (addr >= r->base + r->size)
			lo = mid + 1;
		else
			return mid;
	}
	return -1;
}

bool memblock_is_memory(phys_addr_t addr)
{
	return memblock_search(&memblock.memory, addr) >= 0;
}

bool memblock_is_reserved(phys_addr_t addr)
{
	return memblock_search(&memblock.reserved, addr) >= 0;
}

bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size)
{
	long i = memblock_search(&memblock.memory, base);

	if (i < 0)
		return false;
	return base + size <= memblock.memory.regions[i].base + memblock.memory.regions[i].size;
}

/* Return: the index of the first region of @type ending above @addr (may be cnt). */
static unsigned long first_region_ending_after(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long lo = 0, hi = type->cnt;

	while (lo < hi) {
		unsigned long mid = (lo + hi) / 2;

		if (type->regions[mid].base + type->regions[mid].size <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/**
 * memblock_next_free_range - the next range of memory not reserved.
 * @idx: iterator state: the address to continue from (0 to start).
 * Return: false when there are no more ranges.
 */
bool memblock_next_free_range(u64 *idx, phys_addr_t *out_start, phys_addr_t *out_end)
{
	const struct memblock_type *mem = &memblock.memory, *res = &memblock.reserved;
	phys_addr_t addr = *idx;

	for (unsigned long mi = first_region_ending_after(mem, addr); mi < mem->cnt; mi++) {
		phys_addr_t mend = mem->regions[mi].base + mem->regions[mi].size;
		unsigned long ri;

		addr = max(addr, mem->regions[mi].base);
		ri = first_region_ending_after(res, addr);
		/* Skip reserved regions covering addr (they are disjoint and sorted). */
		while (ri < res->cnt && res->regions[ri].base <= addr) {
			addr = res->regions[ri].base + res->regions[ri].size;
			ri++;
		}
		if (addr >= mend)
			continue;
		*out_start = addr;
		*out_end = ri < res->cnt ? min(mend, res->regions[ri].base) : mend;
		*idx = *out_end;
		return true;
	}
	return false;
}

/**
 * memblock_phys_alloc - find and reserve free memory, highest first, below
 * memblock.current_limit.
 * Return: the physical address, or 0 if nothing fits.
 */
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align)
{
	phys_addr_t start, end, found = 0;
	u64 i = 0;

	size = ALIGN(size, PAGE_SIZE);
	while (memblock_next_free_range(&i, &start, &end)) {
		phys_addr_t cand;

		end = min(end, memblock.current_limit);
		if (end <= start || end - start < size)
			continue;
		cand = ALIGN_DOWN(end - size, align);
		if (cand >= start && cand >= 0x100000)	/* never the first MiB */
			found = cand;
	}
	if (found && memblock_reserve(found, size))
		return 0;
	return found;
}

void *memblock_alloc(phys_addr_t size, phys_addr_t align)
{
	phys_addr_t pa = memblock_phys_alloc(size, align);
	void *va;

	if (!pa)
		return NULL;
	va = __va(pa);
	memset(va, 0, ALIGN(size, PAGE_SIZE));
	return va;
}

static phys_addr_t type_size(const struct memblock_type *type)
{
	phys_addr_t total = 0;

	for (unsigned long i = 0; i < type->cnt; i++)
		total += type->regions[i].size;
	return total;
}

phys_addr_t memblock_phys_mem_size(void)
{
	return type_size(&memblock.memory);
}

phys_addr_t memblock_reserved_size(void)
{
	return type_size(&memblock.reserved);
}

phys_addr_t memblock_start_of_DRAM(void)
{
	return memblock.memory.cnt ? memblock.memory.regions[0].base : 0;
}

phys_addr_t memblock_end_of_DRAM(void)
{
	const struct memblock_type *m = &memblock.memory;

	return m->cnt ? m->regions[m->cnt - 1].base + m->regions[m->cnt - 1].size : 0;
}

static void dump_type(const struct memblock_type *type)
{
	printk(KERN_INFO " %s.cnt  = 0x%lx\n", type->name, type->cnt);
	for (unsigned long i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		printk(KERN_INFO " %s[0x%lx]\t[0x%016llx-0x%016llx], 0x%016llx bytes\n", type->name,
		       i, (unsigned long long)r->base, (unsigned long long)(r->base + r->size - 1),
		       (unsigned long long)r->size);
	}
}

bool memblock_debug;

/* memblock=debug: print the regions at boot, as Linux's memblock_debug. */
static int __init memblock_debug_setup(const char *val)
{
	if (!val || strcmp(val, "debug"))
		return -1;
	memblock_debug = true;
	return 0;
}
__setup("memblock", memblock_debug_setup);

void memblock_dump_all(void)
{
	printk(KERN_INFO "MEMBLOCK configuration:\n");
	printk(KERN_INFO " memory size = 0x%llx reserved size = 0x%llx\n",
	       (unsigned long long)memblock_phys_mem_size(),
	       (unsigned long long)memblock_reserved_size());
	dump_type(&memblock.memory);
	dump_type(&memblock.reserved);
}

static void report_entry(const char *what, const struct boot_mmap_entry *e)
{
	pr_warn("firmware map: %s: [mem 0x%016llx-0x%016llx] %s\n", what,
		(unsigned long long)e->addr, (unsigned long long)(e->addr + e->len - 1),
		boot_mem_type_name(e->type));
}

/* Count (and report) pairs of overlapping entries; the map may be unsorted. */
static unsigned int report_overlaps(const struct boot_mmap_entry *map, unsigned int n)
{
	unsigned int found = 0;

	for (unsigned int i = 0; i < n; i++) {
		for (unsigned int j = i + 1; j < n; j++) {
			const struct boot_mmap_entry *a = &map[i], *b = &map[j];

			if (!a->len || !b->len || a->addr >= b->addr + b->len ||
			    b->addr >= a->addr + a->len)
				continue;
			found++;
			pr_warn("firmware map: entries %u and %u overlap: [mem 0x%016llx-0x%016llx] %s / [mem 0x%016llx-0x%016llx] %s; %s\n",
				i, j, (unsigned long long)a->addr,
				(unsigned long long)(a->addr + a->len - 1), boot_mem_type_name(a->type),
				(unsigned long long)b->addr, (unsigned long long)(b->addr + b->len - 1),
				boot_mem_type_name(b->type),
				a->type == b->type ? "merged" : "the non-usable type wins");
		}
	}
	return found;
}

/**
 * memblock_init_from_map - see mm/include/mm/memblock.h.
 * Usable ranges are added rounded inward to whole pages; every non-usable
 * range is then removed, so a reserved range always wins over usable.
 * Context: boot (and tests).
 */
unsigned int memblock_init_from_map(const struct boot_mmap_entry *map, unsigned int n,
				    unsigned int phys_bits)
{
	phys_addr_t limit = phys_bits >= 64 ? ~(phys_addr_t)0 : ((phys_addr_t)1 << phys_bits);
	unsigned int anomalies = 0;
	bool sorted = true;

	for (unsigned int i = 0; i < n; i++) {
		const struct boot_mmap_entry *e = &map[i];
		phys_addr_t start = e->addr, end = e->addr + e->len;

		if (i && e->addr < map[i - 1].addr)
			sorted = false;
		if (!e->len) {
			report_entry("zero-length entry ignored", e);
			anomalies++;
			continue;
		}
		if (end < start || end > limit) {
			report_entry(start >= limit ? "entry beyond the physical address width ignored"
						    : "entry clipped to the physical address width", e);
			anomalies++;
			end = end < start ? limit : min(end, limit);
			if (start >= end)
				continue;
		}
		if (e->type != BOOT_MEM_AVAILABLE)
			continue;
		start = ALIGN(start, PAGE_SIZE);
		end = ALIGN_DOWN(end, PAGE_SIZE);
		if (end > start)
			memblock_add(start, end - start);
	}
	if (!sorted) {
		pr_warn("firmware map: entries are not sorted by address\n");
		anomalies++;
	}
	anomalies += report_overlaps(map, n);
	for (unsigned int i = 0; i < n; i++) {
		const struct boot_mmap_entry *e = &map[i];

		if (e->type == BOOT_MEM_AVAILABLE || !e->len || e->addr >= limit)
			continue;
		memblock_remove(ALIGN_DOWN(e->addr, PAGE_SIZE),
				ALIGN(e->addr + e->len, PAGE_SIZE) - ALIGN_DOWN(e->addr, PAGE_SIZE));
		if (e->type == BOOT_MEM_ACPI_RECLAIMABLE || e->type == BOOT_MEM_NVS)
			pr_info("%s [mem 0x%016llx-0x%016llx] kept reserved\n",
				boot_mem_type_name(e->type), (unsigned long long)e->addr,
				(unsigned long long)(e->addr + e->len - 1));
	}
	return anomalies;
}
