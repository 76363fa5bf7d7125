// SPDX-License-Identifier: MIT
/*
 * compare: the kmalloc-vs-vmalloc table, measured on the running kernel.
 * For each allocator: is a fresh 64 KiB allocation physically contiguous
 * (every page looked up in the page tables, after fragmenting free
 * memory so that single pages come scattered), the largest size that
 * succeeds (doubling, then bisecting to 1/64 of it, with __GFP_NOWARN),
 * whether the call may block (GFP_KERNEL allows direct reclaim; vmalloc
 * always calls might_sleep), and TSC-timed ns per allocate+free pair.
 *
 * Lock order: none; only the init task runs the shell.
 */
#include <arch/mmu.h>
#include <arch/tsc.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/kbench.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "shell_priv.h"

#define CONTIG_SIZE	(64UL * 1024)
#define TIME_LOOPS	256
#define WARM_LOOPS	8
#define BISECT_STEPS	6
#define FRAG_PAGES	(CONTIG_SIZE / PAGE_SIZE)

struct allocator {
	const char *name;
	void *(*alloc)(size_t size, gfp_t gfp);
	void (*free)(const void *p);
	gfp_t gfp;		/* added to GFP_KERNEL */
};

static void *do_kmalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp);
}

static void *do_vmalloc(size_t size, gfp_t gfp)
{
	return __vmalloc(size, gfp);
}

static const struct allocator allocators[] = {
	{ "kmalloc", do_kmalloc, kfree, 0 },
	{ "kzalloc", do_kmalloc, kfree, __GFP_ZERO },
	{ "vmalloc", do_vmalloc, vfree, 0 },
	{ "vzalloc", do_vmalloc, vfree, __GFP_ZERO },
};

/* Return: the number of page boundaries in [p, p + size) that jump in physical memory, or -1. */
static int phys_breaks(const void *p, size_t size)
{
	phys_addr_t prev = 0, phys;
	unsigned int flags;
	size_t psize;
	int breaks = 0;

	for (size_t off = 0; off < size; off += PAGE_SIZE) {
		if (!arch_mmu_query((unsigned long)p + off, &phys, &flags, &psize))
			return -1;
		if (off && phys != prev + PAGE_SIZE)
			breaks++;
		prev = phys;
	}
	return breaks;
}

/*
 * Fragment free memory first: take 2 * FRAG_PAGES single pages and give
 * back every other one, so that single-page allocations (vmalloc's) get
 * scattered pages, as on a system that has been running for a while.
 */
static void fragment(struct page **held, bool undo)
{
	for (int i = 0; i < 2 * FRAG_PAGES; i++) {
		if (undo) {
			if (held[i] && (i & 1))
				__free_page(held[i]);
			continue;
		}
		held[i] = alloc_page(GFP_KERNEL | __GFP_NOWARN);
	}
	for (int i = 0; !undo && i < 2 * FRAG_PAGES; i += 2) {
		if (held[i])
			__free_page(held[i]);
	}
}

static void row_contiguous(void)
{
	static struct page *held[2 * FRAG_PAGES];

	fragment(held, false);
	shell_printf("%-22s", "physically contiguous");
	for (unsigned int i = 0; i < ARRAY_SIZE(allocators); i++) {
		const struct allocator *a = &allocators[i];
		void *p = a->alloc(CONTIG_SIZE, GFP_KERNEL | a->gfp);
		int breaks = p ? phys_breaks(p, CONTIG_SIZE) : -1;
		char cell[32];

		if (breaks < 0)
			scnprintf(cell, sizeof(cell), "?");
		else if (!breaks)
			scnprintf(cell, sizeof(cell), "yes");
		else
			scnprintf(cell, sizeof(cell), "no (%d jumps)", breaks);
		shell_printf(" %-14s", cell);
		a->free(p);
	}
	shell_printf("\n");
	fragment(held, true);
}

static bool try_size(const struct allocator *a, size_t size)
{
	void *p = a->alloc(size, GFP_KERNEL | __GFP_NOWARN | a->gfp);

	a->free(p);
	return p != NULL;
}

/* Return: the largest size that succeeded, to within 1/64 of it (0: none). */
static size_t largest(const struct allocator *a)
{
	size_t good = 0, bad, size = PAGE_SIZE;

	while (size && try_size(a, size)) {
		good = size;
		size <<= 1;
	}
	bad = size ? size : good * 2;
	for (int i = 0; i < BISECT_STEPS && good; i++) {
		size_t mid = good + (bad - good) / 2;

		mid &= PAGE_MASK;
		if (mid <= good)
			break;
		if (try_size(a, mid))
			good = mid;
		else
			bad = mid;
	}
	return good;
}

static void row_largest(void)
{
	shell_printf("%-22s", "largest that succeeds");
	for (unsigned int i = 0; i < ARRAY_SIZE(allocators); i++) {
		size_t n = largest(&allocators[i]);
		char cell[32];

		if (n >= 1UL << 20)
			scnprintf(cell, sizeof(cell), "%zu MiB", n >> 20);
		else
			scnprintf(cell, sizeof(cell), "%zu KiB", n >> 10);
		shell_printf(" %-14s", cell);
	}
	shell_printf("\n");
}

static void row_may_block(void)
{
	shell_printf("%-22s", "may block");
	for (unsigned int i = 0; i < ARRAY_SIZE(allocators); i++) {
		bool vm = allocators[i].alloc == do_vmalloc;

		shell_printf(" %-14s", vm ? "always" : gfpflags_allow_blocking(GFP_KERNEL) ?
			     "GFP_KERNEL:yes" : "no");
	}
	shell_printf("\n");
	shell_printf("%-22s %-14s %-14s %-14s %-14s\n", "  with GFP_ATOMIC",
		     gfpflags_allow_blocking(GFP_ATOMIC) ? "yes" : "no",
		     gfpflags_allow_blocking(GFP_ATOMIC) ? "yes" : "no", "not allowed", "not allowed");
}

static void row_time(size_t size)
{
	char label[32];

	scnprintf(label, sizeof(label), "ns/alloc+free %zu%s", size >= 1024 ? size >> 10 : size,
		  size >= 1024 ? "K" : "");
	shell_printf("%-22s", label);
	for (unsigned int i = 0; i < ARRAY_SIZE(allocators); i++) {
		const struct allocator *a = &allocators[i];
		u64 start, cycles;
		bool ok = true;

		for (int n = 0; n < WARM_LOOPS; n++)		/* warm the caches */
			a->free(a->alloc(size, GFP_KERNEL | a->gfp));
		start = kbench_now();

		for (int n = 0; n < TIME_LOOPS; n++) {
			void *p = a->alloc(kbench_opaque(size), GFP_KERNEL | a->gfp);

			ok &= p != NULL;
			a->free(p);
		}
		cycles = kbench_now() - start;
		if (ok)
			shell_printf(" %-14llu", (unsigned long long)(tsc_cycles_to_ns(cycles) / TIME_LOOPS));
		else
			shell_printf(" %-14s", "failed");
	}
	shell_printf("\n");
}

int cmd_compare(int argc, char **argv)
{
	if (argc != 1)
		return -EINVAL;
	shell_printf("%-22s %-14s %-14s %-14s %-14s\n", "", "kmalloc", "kzalloc", "vmalloc",
		     "vzalloc");
	row_contiguous();
	row_largest();
	row_may_block();
	row_time(64);
	row_time(4096);
	row_time(64 * 1024);
	return 0;
}
