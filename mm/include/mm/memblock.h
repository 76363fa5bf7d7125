/* SPDX-License-Identifier: MIT */
/*
 * memblock: the boot-time physical memory manager (Linux mm/memblock.c).
 * Two sorted, non-overlapping region arrays: 'memory' (usable RAM) and
 * 'reserved' (in use: kernel, boot data, early allocations). Free memory
 * is memory minus reserved. Used until the buddy allocator takes over.
 * Context: boot only, single-threaded.
 */
#pragma once

#include <kernel/bootinfo.h>
#include <kernel/types.h>

#define MEMBLOCK_MAX_REGIONS 256

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
};

struct memblock_type {
	unsigned long cnt;
	unsigned long max;
	struct memblock_region *regions;
	const char *name;
};

struct memblock {
	phys_addr_t current_limit;	/* allocations stay below this */
	struct memblock_type memory;
	struct memblock_type reserved;
};

extern struct memblock memblock;

/* Add / reserve / drop a range (merged with neighbours). Return: 0 or -ENOMEM. */
int memblock_add(phys_addr_t base, phys_addr_t size);
int memblock_reserve(phys_addr_t base, phys_addr_t size);
int memblock_remove(phys_addr_t base, phys_addr_t size);
int memblock_free(phys_addr_t base, phys_addr_t size);	/* undo a reservation */

/*
 * memblock_phys_alloc - reserve @size bytes aligned to @align (top-down,
 * below memblock.current_limit). Return: the physical address, or 0.
 */
phys_addr_t memblock_phys_alloc(phys_addr_t size, phys_addr_t align);
/* As above, zeroed, through the direct map. Return: virtual address or NULL. */
void *memblock_alloc(phys_addr_t size, phys_addr_t align);

phys_addr_t memblock_phys_mem_size(void);
phys_addr_t memblock_reserved_size(void);
phys_addr_t memblock_start_of_DRAM(void);
phys_addr_t memblock_end_of_DRAM(void);
bool memblock_is_memory(phys_addr_t addr);
bool memblock_is_reserved(phys_addr_t addr);
/* Return: true if [base, base+size) is entirely RAM. */
bool memblock_is_region_memory(phys_addr_t base, phys_addr_t size);

/*
 * Iterate over free ranges (memory minus reserved) in ascending order:
 *   u64 i = 0; phys_addr_t start, end;
 *   while (memblock_next_free_range(&i, &start, &end)) ...
 */
bool memblock_next_free_range(u64 *idx, phys_addr_t *start, phys_addr_t *end);

/*
 * memblock_init_from_map - build memblock.memory from a firmware map:
 * usable entries only, clipped to the CPU's physical address width,
 * overlaps resolved in favour of non-usable types, and every anomaly
 * (overlap, zero length, unsorted, beyond the address width) reported.
 * Return: the number of anomalies found.
 */
unsigned int memblock_init_from_map(const struct boot_mmap_entry *map, unsigned int n,
				    unsigned int phys_bits);
/* Reset to empty (for tests that feed synthetic maps). */
void memblock_reset(struct memblock *mb, struct memblock_region *mem,
		    struct memblock_region *res, unsigned long max);

/* Print both region arrays (at boot only with memblock=debug; the shell's memmap always). */
void memblock_dump_all(void);
extern bool memblock_debug;
