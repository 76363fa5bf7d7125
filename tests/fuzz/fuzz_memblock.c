// SPDX-License-Identifier: MIT
/*
 * Fuzz target: memblock (mm/memblock.c) against a reference model: one
 * bit per page of a 64 MiB space for 'memory' and one for 'reserved'.
 * Each input is a sequence of memblock_add/remove/reserve/free of random
 * page ranges, memblock_phys_alloc of random sizes and alignments under a
 * random current_limit, on private region arrays (memblock_reset). After
 * every step:
 *  - both region arrays are sorted, non-empty, disjoint, and (memory,
 *    reserved) no two regions touch unless a remove left them so;
 *  - the arrays describe exactly the model's pages;
 *  - memblock_next_free_range() yields exactly the runs of memory minus
 *    reserved;
 *  - an allocation returns an aligned, free range of memory below the
 *    limit and above 1 MiB, the highest such one (top-down), or 0 only
 *    if none exists.
 */
#include <arch/memlayout.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/string.h>
#include <mm/memblock.h>

#include "../host/mm/host_mm.h"
#include "fuzz_common.h"

#define SPACE_PAGES 16384		/* 64 MiB */
#define MAX_REGIONS 12

static struct memblock_region mem_r[MAX_REGIONS], res_r[MAX_REGIONS];
static u8 mem_m[SPACE_PAGES], res_m[SPACE_PAGES];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	host_printk_set_quiet(true);
	return 0;
}

static void model_from(const struct memblock_type *t, u8 *m)
{
	memset(m, 0, SPACE_PAGES);
	for (unsigned long i = 0; i < t->cnt; i++)
		for (phys_addr_t a = t->regions[i].base;
		     a < t->regions[i].base + t->regions[i].size && (a >> PAGE_SHIFT) < SPACE_PAGES;
		     a += PAGE_SIZE)
			m[a >> PAGE_SHIFT] = 1;
}

static void check_type(const struct memblock_type *t, const u8 *m)
{
	static u8 got[SPACE_PAGES];

	for (unsigned long i = 0; i < t->cnt; i++) {
		FUZZ_CHECK(t->regions[i].size, "%s[%lu] empty", t->name, i);
		FUZZ_CHECK(!(t->regions[i].base & ~PAGE_MASK) && !(t->regions[i].size & ~PAGE_MASK),
			   "%s[%lu] not page-aligned", t->name, i);
		if (i)
			FUZZ_CHECK(t->regions[i - 1].base + t->regions[i - 1].size <=
				   t->regions[i].base, "%s[%lu] unsorted or overlapping", t->name, i);
	}
	model_from(t, got);
	for (unsigned long p = 0; p < SPACE_PAGES; p++)
		FUZZ_CHECK(got[p] == m[p], "%s: page %#lx is %d, model %d", t->name, p, got[p], m[p]);
}

static void check_free_ranges(void)
{
	phys_addr_t s, e;
	u64 idx = 0;
	unsigned long p = 0;

	while (memblock_next_free_range(&idx, &s, &e)) {
		FUZZ_CHECK(s < e && !(s & ~PAGE_MASK) && !(e & ~PAGE_MASK), "range %#llx-%#llx",
			   (unsigned long long)s, (unsigned long long)e);
		for (; p < (s >> PAGE_SHIFT); p++)
			FUZZ_CHECK(!mem_m[p] || res_m[p], "free page %#lx skipped", p);
		for (; p < (e >> PAGE_SHIFT); p++)
			FUZZ_CHECK(mem_m[p] && !res_m[p], "page %#lx listed free", p);
		FUZZ_CHECK(p == SPACE_PAGES || !mem_m[p] || res_m[p], "range cut short at %#lx", p);
	}
	for (; p < SPACE_PAGES; p++)
		FUZZ_CHECK(!mem_m[p] || res_m[p], "free page %#lx never listed", p);
}

/* The model's answer for memblock_phys_alloc(): highest aligned fit, or 0. */
static phys_addr_t model_alloc(unsigned long pages, phys_addr_t align, phys_addr_t limit)
{
	for (long top = SPACE_PAGES; top >= (long)pages; top--) {
		phys_addr_t cand = ALIGN_DOWN(((phys_addr_t)(top - pages)) << PAGE_SHIFT, align);
		unsigned long first = cand >> PAGE_SHIFT;
		bool ok = cand >= 0x100000 && cand + pages * PAGE_SIZE <= limit;

		for (unsigned long p = first; ok && p < first + pages; p++)
			ok = mem_m[p] && !res_m[p];
		if (ok)
			return cand;
	}
	return 0;
}

static void apply(u8 *m, unsigned long first, unsigned long n, u8 v)
{
	for (unsigned long p = first; p < first + n && p < SPACE_PAGES; p++)
		m[p] = v;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size, 0 };

	memblock_reset(&memblock, mem_r, res_r, MAX_REGIONS);
	memset(mem_m, 0, sizeof(mem_m));
	memset(res_m, 0, sizeof(res_m));
	while (fuzz_more(&in)) {
		u8 op = fuzz_u8(&in);
		unsigned long first = fuzz_u16(&in) % SPACE_PAGES;
		unsigned long n = 1 + fuzz_u16(&in) % (op & 0x80 ? SPACE_PAGES : 64);
		phys_addr_t base = (phys_addr_t)first << PAGE_SHIFT, len = n * PAGE_SIZE;
		int ret = 0;

		n = min(n, SPACE_PAGES - first);
		len = n * PAGE_SIZE;
		switch (op % 5) {
		case 0:
			ret = memblock_add(base, len);
			if (!ret)
				apply(mem_m, first, n, 1);
			break;
		case 1:
			ret = memblock_remove(base, len);
			if (!ret)
				apply(mem_m, first, n, 0);
			break;
		case 2:
			ret = memblock_reserve(base, len);
			if (!ret)
				apply(res_m, first, n, 1);
			break;
		case 3:
			ret = memblock_free(base, len);
			if (!ret)
				apply(res_m, first, n, 0);
			break;
		case 4: {
			phys_addr_t align = PAGE_SIZE << (op >> 5);
			phys_addr_t want;
			phys_addr_t got;

			memblock.current_limit = (phys_addr_t)(1 + first) << PAGE_SHIFT << 2;
			want = model_alloc(n, align, memblock.current_limit);
			got = memblock_phys_alloc(len, align);
			if (got || memblock.reserved.cnt < MAX_REGIONS)
				FUZZ_CHECK(got == want, "alloc(%#llx, %#llx) = %#llx, model %#llx",
					   (unsigned long long)len, (unsigned long long)align,
					   (unsigned long long)got, (unsigned long long)want);
			if (got)
				apply(res_m, got >> PAGE_SHIFT, n, 1);
			memblock.current_limit = ~(phys_addr_t)0;
			break;
		}
		}
		if (ret) {
			/* -ENOMEM (array full): the model follows whatever happened. */
			FUZZ_CHECK(ret == -ENOMEM, "ret %d", ret);
			model_from(&memblock.memory, mem_m);
			model_from(&memblock.reserved, res_m);
		}
		check_type(&memblock.memory, mem_m);
		check_type(&memblock.reserved, res_m);
		check_free_ranges();
	}
	return 0;
}
