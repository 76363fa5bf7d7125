// SPDX-License-Identifier: MIT
/* Benchmarks of the page allocator (DESIGN.md section 7). */
#include <kernel/kbench.h>
#include <mm/page_alloc.h>

/* One op: __free_pages(alloc_pages(GFP_KERNEL, order), order). Return: 0 or 1 (failed). */
static int page_pairs(unsigned int order, unsigned long loops)
{
	for (unsigned long i = 0; i < loops; i++) {
		struct page *p = alloc_pages(GFP_KERNEL, order);

		if (unlikely(!p))
			return 1;
		__free_pages(p, order);
	}
	return 0;
}

static int bench_pages(const char *name, unsigned int order, unsigned long loops)
{
	unsigned int o = kbench_opaque(order);
	u64 t0, t1;
	int failed;

	page_pairs(o, loops / 10);		/* warm up */
	t0 = kbench_now();
	failed = page_pairs(o, loops);
	t1 = kbench_now();
	if (!failed)
		kbench_report(name, PAGE_SIZE << o, loops, t1 - t0);
	return failed;
}

static int bench_alloc_pages_order0(void)
{
	return bench_pages("alloc_pages_order0", 0, 100000);
}
KBENCH(alloc_pages_order0, bench_alloc_pages_order0);

static int bench_alloc_pages_order3(void)
{
	return bench_pages("alloc_pages_order3", 3, 100000);
}
KBENCH(alloc_pages_order3, bench_alloc_pages_order3);
