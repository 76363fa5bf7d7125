// SPDX-License-Identifier: MIT
/*
 * Suite "memblock": the firmware map is validated and turned into
 * memblock.memory; reservations and early allocations. Each case runs on
 * private region arrays (the real memblock is saved and restored).
 */
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/memblock.h>
#include <mm/page_alloc.h>

#define MB(x) ((u64)(x) << 20)

static struct memblock saved;
static struct memblock_region mem[16], res[16];
static char report[4096];
static struct printk_capture cap;

static int memblock_test_init(struct ktest *t)
{
	saved = memblock;
	memblock_reset(&memblock, mem, res, ARRAY_SIZE(mem));
	printk_capture_start(&cap, report, sizeof(report));
	return 0;
}

static void memblock_test_exit(struct ktest *t)
{
	printk_capture_stop(&cap);
	memblock = saved;
}

#define E(a, l, ty) { .addr = (a), .len = (l), .type = (ty) }

static void expect_regions(struct ktest *t, const struct memblock_type *type,
			   const struct memblock_region *want, unsigned long n)
{
	KTEST_ASSERT_EQ(t, type->cnt, n);
	for (unsigned long i = 0; i < n; i++) {
		KTEST_EXPECT_EQ(t, type->regions[i].base, want[i].base);
		KTEST_EXPECT_EQ(t, type->regions[i].size, want[i].size);
	}
}

static void adjacent_entries_merge(struct ktest *t)
{
	static const struct boot_mmap_entry map[] = {
		E(0, 0x9fc00, 1), E(MB(1), MB(1), 1), E(MB(2), MB(6), 1),
	};
	static const struct memblock_region want[] = { { 0, 0x9f000 }, { MB(1), MB(7) } };

	KTEST_EXPECT_EQ(t, memblock_init_from_map(map, ARRAY_SIZE(map), 46), 0U);
	expect_regions(t, &memblock.memory, want, ARRAY_SIZE(want));
}

static void unsorted_map_is_sorted_and_reported(struct ktest *t)
{
	static const struct boot_mmap_entry map[] = {
		E(MB(8), MB(8), 1), E(MB(1), MB(3), 1), E(MB(4), MB(4), 2),
	};
	static const struct memblock_region want[] = { { MB(1), MB(3) }, { MB(8), MB(8) } };

	KTEST_EXPECT_EQ(t, memblock_init_from_map(map, ARRAY_SIZE(map), 46), 1U);
	expect_regions(t, &memblock.memory, want, ARRAY_SIZE(want));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "not sorted"));
}

static void reserved_wins_over_usable(struct ktest *t)
{
	static const struct boot_mmap_entry map[] = {
		E(MB(1), MB(15), 1), E(MB(4), MB(1), 2), E(MB(15), MB(2), 4),
	};
	static const struct memblock_region want[] = { { MB(1), MB(3) }, { MB(5), MB(10) } };

	KTEST_EXPECT_EQ(t, memblock_init_from_map(map, ARRAY_SIZE(map), 46), 2U);
	expect_regions(t, &memblock.memory, want, ARRAY_SIZE(want));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "overlap"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "kept reserved"));
	KTEST_EXPECT_FALSE(t, memblock_is_memory(MB(4) + 5));
	KTEST_EXPECT_TRUE(t, memblock_is_memory(MB(5)));
}

static void zero_length_and_partial_pages(struct ktest *t)
{
	static const struct boot_mmap_entry map[] = {
		E(0x1800, 0x4000, 1), E(MB(2), 0x1fff, 1), E(MB(4), 0, 1),
	};
	static const struct memblock_region want[] = { { 0x2000, 0x3000 }, { MB(2), 0x1000 } };

	KTEST_EXPECT_EQ(t, memblock_init_from_map(map, ARRAY_SIZE(map), 46), 1U);
	expect_regions(t, &memblock.memory, want, ARRAY_SIZE(want));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "zero-length"));
}

static void entries_beyond_address_width(struct ktest *t)
{
	static const struct boot_mmap_entry map[] = {
		E(MB(1), MB(15), 1), E((1ULL << 36) - MB(2), MB(4), 1), E(1ULL << 40, MB(64), 1),
		E(~0ULL - 0xfff, 0x2000, 1),
	};
	static const struct memblock_region want[] = {
		{ MB(1), MB(15) }, { (1ULL << 36) - MB(2), MB(2) },
	};

	KTEST_EXPECT_EQ(t, memblock_init_from_map(map, ARRAY_SIZE(map), 36), 3U);
	expect_regions(t, &memblock.memory, want, ARRAY_SIZE(want));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "physical address width"));
}

static void reserve_and_free_ranges(struct ktest *t)
{
	static const struct boot_mmap_entry map[] = { E(0, MB(32), 1) };
	phys_addr_t start, end;
	u64 i = 0;
	int n = 0;

	memblock_init_from_map(map, 1, 46);
	memblock_reserve(0, MB(1));
	memblock_reserve(MB(4), MB(1));
	memblock_reserve(MB(5), MB(1));		/* adjacent: merges */
	KTEST_EXPECT_EQ(t, memblock.reserved.cnt, 2UL);
	KTEST_EXPECT_EQ(t, memblock_reserved_size(), MB(3));
	while (memblock_next_free_range(&i, &start, &end)) {
		if (n == 0) {
			KTEST_EXPECT_EQ(t, start, MB(1));
			KTEST_EXPECT_EQ(t, end, MB(4));
		} else if (n == 1) {
			KTEST_EXPECT_EQ(t, start, MB(6));
			KTEST_EXPECT_EQ(t, end, MB(32));
		}
		n++;
	}
	KTEST_EXPECT_EQ(t, n, 2);
	memblock_free(MB(4), MB(1));
	KTEST_EXPECT_FALSE(t, memblock_is_reserved(MB(4)));
	KTEST_EXPECT_TRUE(t, memblock_is_reserved(MB(5)));
}

static void phys_alloc_top_down_aligned(struct ktest *t)
{
	static const struct boot_mmap_entry map[] = { E(0, MB(16), 1), E(MB(20), MB(4), 1) };
	phys_addr_t a, b, c;

	memblock_init_from_map(map, ARRAY_SIZE(map), 46);
	memblock_reserve(MB(23), MB(1));
	a = memblock_phys_alloc(0x3000, 0x1000);
	KTEST_EXPECT_EQ(t, a, MB(23) - 0x3000);
	b = memblock_phys_alloc(MB(2), MB(2));
	KTEST_EXPECT_EQ(t, b, MB(20));			/* the only 2 MiB-aligned fit up there */
	c = memblock_phys_alloc(MB(8), MB(2));
	KTEST_EXPECT_EQ(t, c, MB(8));
	KTEST_EXPECT_TRUE(t, memblock_is_reserved(a) && memblock_is_reserved(b + MB(2) - 1));
	KTEST_EXPECT_EQ(t, memblock_phys_alloc(MB(64), PAGE_SIZE), 0ULL);
	memblock.current_limit = MB(2);
	KTEST_EXPECT_EQ(t, memblock_phys_alloc(MB(2), PAGE_SIZE), 0ULL); /* first MiB is never used */
}

static void remove_splits_region(struct ktest *t)
{
	static const struct boot_mmap_entry map[] = { E(0, MB(16), 1) };
	static const struct memblock_region want[] = { { 0, MB(4) }, { MB(5), MB(11) } };

	memblock_init_from_map(map, 1, 46);
	KTEST_EXPECT_EQ(t, memblock_remove(MB(4), MB(1)), 0);
	expect_regions(t, &memblock.memory, want, ARRAY_SIZE(want));
	KTEST_EXPECT_TRUE(t, memblock_is_region_memory(MB(5), MB(11)));
	KTEST_EXPECT_FALSE(t, memblock_is_region_memory(MB(3), MB(2)));
}

/* The real boot: memory equals the usable entries of the firmware map. */
static void boot_map_totals(struct ktest *t)
{
	u64 usable = 0;

	for (unsigned int i = 0; i < boot_info.nr_mmap; i++) {
		const struct boot_mmap_entry *e = &boot_info.mmap[i];

		if (e->type == BOOT_MEM_AVAILABLE)
			usable += ALIGN_DOWN(e->addr + e->len, PAGE_SIZE) - ALIGN(e->addr, PAGE_SIZE);
	}
	KTEST_EXPECT_EQ(t, saved.memory.cnt > 0, true);
	memblock = saved;	/* look at the real one */
	KTEST_EXPECT_EQ(t, memblock_phys_mem_size(), usable);
	KTEST_EXPECT_TRUE(t, memblock_is_reserved(__pa_symbol(_text)));
	KTEST_EXPECT_TRUE(t, memblock_is_reserved(0));
	KTEST_EXPECT_TRUE(t, memblock_is_reserved(boot_info.info_start));
}

static const struct ktest_case memblock_cases[] = {
	KTEST_CASE(adjacent_entries_merge),
	KTEST_CASE(unsorted_map_is_sorted_and_reported),
	KTEST_CASE(reserved_wins_over_usable),
	KTEST_CASE(zero_length_and_partial_pages),
	KTEST_CASE(entries_beyond_address_width),
	KTEST_CASE(reserve_and_free_ranges),
	KTEST_CASE(phys_alloc_top_down_aligned),
	KTEST_CASE(remove_splits_region),
	KTEST_CASE(boot_map_totals),
};
KTEST_SUITE_FULL(memblock, memblock_cases, memblock_test_init, memblock_test_exit);
