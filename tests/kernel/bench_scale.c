// SPDX-License-Identifier: MIT
/*
 * Benchmark "scale" (kbench=scale): how the kernel's costs grow with the
 * machine and with the number of live objects. tools/bench --scale boots
 * it at 128 MiB, 1 GiB, 4 GiB and 8 GiB. Lines (one set per round):
 *
 *   kbench: scale init ram_bytes=<R> init_us=<us>
 *	start_kernel's entry to the end of init (where the shell, or this
 *	benchmark, starts), from the TSC; R is the RAM memblock knows.
 *   kbench: scale struct_page ram_bytes=<R> memmap_bytes=<M> overhead_pct=<x.xx>
 *	M: bytes of the vmemmap range actually backed by page tables (found
 *	by walking them, so holes and unpopulated sections count as 0).
 *   kbench: scale slab_mixed objects=<n> requested_bytes=<Q> slab_bytes=<S> efficiency_pct=<x.xx>
 *	n kmallocs of 8..8192 bytes (log-uniform, fixed seed); S is the
 *	pages the page allocator lost meanwhile (empty slabs shrunk first).
 *   kbench: vmalloc_pair_live<N> size=4096 loops=10000 ns_per_op=... cycles_per_op=...
 *	vfree(vmalloc(4096)) while N = 1, 1000, 15000 one-page areas are
 *	live: with an O(log n) search the three stay level.
 */
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <arch/tsc.h>
#include <kernel/kbench.h>
#include <kernel/printk.h>
#include <mm/memblock.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#define SLAB_OBJECTS 20000
#define VMALLOC_LOOPS 10000

extern u64 boot_tsc;		/* kernel/main.c: rdtsc() at start_kernel */
extern u64 init_done_tsc;	/* kernel/main.c: rdtsc() where the shell would start */

/* @num / @den as a percentage with two decimals, for "%llu.%02llu". */
static void pct(u64 num, u64 den, unsigned long long *whole, unsigned long long *frac)
{
	u64 x = den ? num * 10000 / den : 0;

	*whole = x / 100;
	*frac = x % 100;
}

static void report_init(void)
{
	u64 ns = tsc_cycles_to_ns(init_done_tsc - boot_tsc);

	printk(KERN_INFO "kbench: scale init ram_bytes=%llu init_us=%llu\n",
	       (unsigned long long)memblock_phys_mem_size(), (unsigned long long)ns / 1000);
}

/* Bytes of [vmemmap, vmemmap + max_pfn struct pages) that are mapped. */
static u64 memmap_backed_bytes(void)
{
	unsigned long start = VMEMMAP_START;
	unsigned long end = start + max_pfn * sizeof(struct page);
	u64 backed = 0;

	for (unsigned long va = start; va < end;) {
		size_t size = PAGE_SIZE;

		if (arch_mmu_query(va, NULL, NULL, &size))
			backed += size;
		else
			size = PAGE_SIZE;
		va = (va & ~(size - 1)) + size;
	}
	return backed;
}

static void report_struct_page(void)
{
	u64 ram = memblock_phys_mem_size(), memmap = memmap_backed_bytes();
	unsigned long long w, f;

	pct(memmap, ram, &w, &f);
	printk(KERN_INFO "kbench: scale struct_page ram_bytes=%llu memmap_bytes=%llu overhead_pct=%llu.%02llu\n",
	       (unsigned long long)ram, (unsigned long long)memmap, w, f);
}

static u64 rng_state;

static u64 rnd(void)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return rng_state >> 16;
}

/* A mixed-size kmalloc workload. Return: 1 if an allocation failed. */
static int report_slab_mixed(void)
{
	void **objs = vmalloc(SLAB_OBJECTS * sizeof(void *));
	unsigned long long requested = 0, used, w, f;
	unsigned long before;
	int failed = 0, n;

	if (!objs)
		return 1;
	shrink_all(GFP_KERNEL);		/* no empty slabs to start with */
	before = nr_free_pages();
	rng_state = 0x243f6a8885a308d3ULL;
	for (n = 0; n < SLAB_OBJECTS; n++) {
		u64 r = rnd();
		unsigned int e = 3 + (r >> 8) % 10;
		size_t size = (1UL << e) + (r >> 16) % ((1UL << e) + 1);	/* 8 .. 8192 */

		objs[n] = kmalloc(size, GFP_KERNEL | __GFP_NOWARN);
		if (!objs[n]) {
			failed = 1;
			break;
		}
		requested += size;
	}
	used = (unsigned long long)(before - nr_free_pages()) << PAGE_SHIFT;
	while (n--)
		kfree(objs[n]);
	vfree(objs);
	if (failed)
		return 1;
	pct(requested, used, &w, &f);
	printk(KERN_INFO "kbench: scale slab_mixed objects=%d requested_bytes=%llu slab_bytes=%llu efficiency_pct=%llu.%02llu\n",
	       SLAB_OBJECTS, requested, used, w, f);
	return 0;
}

/* One vfree(vmalloc(4096)) case with @live one-page areas live. Return: failures. */
static int vmalloc_with_live(const char *name, int live)
{
	void **areas = vmalloc(live * sizeof(void *));
	size_t size = kbench_opaque(PAGE_SIZE);
	int failures = 0, i;
	u64 t0, t1;

	if (!areas)
		return 1;
	for (i = 0; i < live; i++)
		failures += !(areas[i] = vmalloc(PAGE_SIZE));
	for (unsigned long j = 0; j < VMALLOC_LOOPS / 10; j++)	/* warm up */
		vfree(vmalloc(size));
	t0 = kbench_now();
	for (unsigned long j = 0; j < VMALLOC_LOOPS; j++) {
		void *p = vmalloc(size);

		failures += !p;
		vfree(p);
	}
	t1 = kbench_now();
	if (!failures)
		kbench_report(name, size, VMALLOC_LOOPS, t1 - t0);
	for (i = 0; i < live; i++)
		vfree(areas[i]);
	vfree(areas);
	return failures;
}

static int bench_scale(void)
{
	int failures = 0;

	report_init();
	report_struct_page();
	failures += report_slab_mixed();
	failures += vmalloc_with_live("vmalloc_pair_live1", 1);
	failures += vmalloc_with_live("vmalloc_pair_live1000", 1000);
	failures += vmalloc_with_live("vmalloc_pair_live15000", 15000);
	return failures;
}
KBENCH(scale, bench_scale);
