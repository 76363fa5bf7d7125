// SPDX-License-Identifier: MIT
/*
 * Host tests of memblock (mm/memblock.c): region merging, reservations,
 * top-down allocation, removal and the free-range iterator, on private
 * region arrays (memblock_reset), without booting the fake machine for
 * most cases; the last case checks the boot of host_mm_boot().
 */
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/memblock.h>
#include <mm/page_alloc.h>

#include "host_mm.h"
#include "htest.h"

#define MB (1UL << 20)

static struct memblock_region mem_r[8], res_r[8];

static void reset(void)
{
	memblock_reset(&memblock, mem_r, res_r, ARRAY_SIZE(mem_r));
}

static bool region_is(const struct memblock_type *t, unsigned long i, phys_addr_t base,
		      phys_addr_t size)
{
	return i < t->cnt && t->regions[i].base == base && t->regions[i].size == size;
}

static void test_add_merges(void)
{
	reset();
	HT_EXPECT_EQ(memblock_add(10 * MB, MB), 0);
	HT_EXPECT_EQ(memblock_add(2 * MB, MB), 0);
	HT_EXPECT_EQ(memblock.memory.cnt, 2);
	HT_EXPECT(region_is(&memblock.memory, 0, 2 * MB, MB));	/* sorted */
	HT_EXPECT_EQ(memblock_add(3 * MB, MB), 0);		/* adjacent: merged */
	HT_EXPECT_EQ(memblock.memory.cnt, 2);
	HT_EXPECT(region_is(&memblock.memory, 0, 2 * MB, 2 * MB));
	HT_EXPECT_EQ(memblock_add(3 * MB, 8 * MB), 0);		/* overlaps both */
	HT_EXPECT_EQ(memblock.memory.cnt, 1);
	HT_EXPECT(region_is(&memblock.memory, 0, 2 * MB, 9 * MB));
	HT_EXPECT_EQ(memblock_add(5 * MB, 0), 0);		/* empty: nothing */
	HT_EXPECT_EQ(memblock.memory.cnt, 1);
	HT_EXPECT_EQ(memblock_phys_mem_size(), 9 * MB);
	HT_EXPECT_EQ(memblock_start_of_DRAM(), 2 * MB);
	HT_EXPECT_EQ(memblock_end_of_DRAM(), 11 * MB);
}

static void test_array_full(void)
{
	reset();
	for (unsigned long i = 0; i < ARRAY_SIZE(mem_r); i++)
		HT_EXPECT_EQ(memblock_add(i * 4 * MB, MB), 0);
	HT_EXPECT_EQ(memblock_add(100 * MB, MB), -ENOMEM);
	HT_EXPECT_EQ(memblock.memory.cnt, ARRAY_SIZE(mem_r));
	/* Merging into an existing region still works when full. */
	HT_EXPECT_EQ(memblock_add(MB, MB), 0);
	HT_EXPECT(region_is(&memblock.memory, 0, 0, 2 * MB));
}

static void test_remove_splits(void)
{
	reset();
	memblock_add(0, 16 * MB);
	HT_EXPECT_EQ(memblock_remove(4 * MB, 2 * MB), 0);
	HT_EXPECT_EQ(memblock.memory.cnt, 2);
	HT_EXPECT(region_is(&memblock.memory, 0, 0, 4 * MB));
	HT_EXPECT(region_is(&memblock.memory, 1, 6 * MB, 10 * MB));
	HT_EXPECT_EQ(memblock_remove(3 * MB, 4 * MB), 0);	/* trims both sides */
	HT_EXPECT(region_is(&memblock.memory, 0, 0, 3 * MB));
	HT_EXPECT(region_is(&memblock.memory, 1, 7 * MB, 9 * MB));
	HT_EXPECT_EQ(memblock_remove(0, 100 * MB), 0);
	HT_EXPECT_EQ(memblock.memory.cnt, 0);
}

static void test_reserve_and_free_ranges(void)
{
	phys_addr_t s, e;
	u64 idx = 0;
	int n = 0;

	reset();
	memblock_add(0, 8 * MB);
	memblock_add(16 * MB, 8 * MB);
	memblock_reserve(MB, MB);
	memblock_reserve(7 * MB, 10 * MB);	/* spans the hole */
	HT_EXPECT(memblock_is_reserved(MB));
	HT_EXPECT(!memblock_is_reserved(2 * MB));
	HT_EXPECT(memblock_is_memory(17 * MB));
	HT_EXPECT(!memblock_is_memory(9 * MB));
	HT_EXPECT(memblock_is_region_memory(MB, 2 * MB));
	HT_EXPECT(!memblock_is_region_memory(7 * MB, 2 * MB));
	while (memblock_next_free_range(&idx, &s, &e)) {
		if (n == 0)
			HT_EXPECT(s == 0 && e == MB);
		if (n == 1)
			HT_EXPECT(s == 2 * MB && e == 7 * MB);
		if (n == 2)
			HT_EXPECT(s == 17 * MB && e == 24 * MB);
		n++;
	}
	HT_EXPECT_EQ(n, 3);
	HT_EXPECT_EQ(memblock_reserved_size(), 11 * MB);
	HT_EXPECT_EQ(memblock_free(7 * MB, 10 * MB), 0);
	HT_EXPECT_EQ(memblock_reserved_size(), MB);
}

static void test_alloc_top_down(void)
{
	phys_addr_t a, b, c;

	reset();
	memblock_add(0, 64 * MB);
	memblock_reserve(60 * MB, 4 * MB);
	a = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);
	HT_EXPECT_EQ(a, 60 * MB - PAGE_SIZE);		/* highest free page */
	b = memblock_phys_alloc(3 * MB, 2 * MB);
	HT_EXPECT_EQ(b % (2 * MB), 0);
	HT_EXPECT(b + 3 * MB <= a);
	memblock.current_limit = 16 * MB;
	c = memblock_phys_alloc(100, 8);		/* rounded up to a page */
	HT_EXPECT(c && c + PAGE_SIZE <= 16 * MB);
	HT_EXPECT(memblock_is_reserved(c));
	HT_EXPECT(memblock_is_reserved(c + PAGE_SIZE - 1));
	/* Never the first MiB; nothing fits: 0. */
	memblock.current_limit = MB + PAGE_SIZE;
	HT_EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), MB);
	HT_EXPECT_EQ(memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE), 0);
	memblock.current_limit = ~(phys_addr_t)0;
	HT_EXPECT_EQ(memblock_phys_alloc(128 * MB, PAGE_SIZE), 0);
}

static void test_init_from_map(void)
{
	static const struct boot_mmap_entry map[] = {
		{ 0, 0x9fc00, BOOT_MEM_AVAILABLE },
		{ 0x100000, 31 * MB, BOOT_MEM_AVAILABLE },
		{ 8 * MB, MB, BOOT_MEM_RESERVED },		/* inside usable RAM: wins */
		{ 40 * MB, 0, BOOT_MEM_AVAILABLE },		/* zero length */
		{ 1UL << 50, MB, BOOT_MEM_AVAILABLE },		/* beyond 46 bits */
	};

	reset();
	HT_EXPECT_EQ(memblock_init_from_map(map, ARRAY_SIZE(map), 46), 3);
	HT_EXPECT_EQ(memblock.memory.cnt, 3);
	HT_EXPECT(region_is(&memblock.memory, 0, 0, 0x9f000));
	HT_EXPECT(region_is(&memblock.memory, 1, MB, 7 * MB));
	HT_EXPECT(region_is(&memblock.memory, 2, 9 * MB, 23 * MB));
}

int main(void)
{
	static const struct htest_case cases[] = {
		HT_CASE(test_add_merges),
		HT_CASE(test_array_full),
		HT_CASE(test_remove_splits),
		HT_CASE(test_reserve_and_free_ranges),
		HT_CASE(test_alloc_top_down),
		HT_CASE(test_init_from_map),
	};

	return htest_main(cases, ARRAY_SIZE(cases));
}
