// SPDX-License-Identifier: MIT
/*
 * Host tests of vmalloc (mm/vmalloc.c, mm/vmalloc_report.c) on the fake
 * machine of host_mm.h, where a vmalloc page really is the same memory as
 * its direct-map alias (both map the fake-RAM memfd).
 */
#include <arch/mmu.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "host_mm.h"
#include "htest.h"

static void test_vmalloc_both_mappings(void)
{
	const unsigned long size = 37 * PAGE_SIZE + 100;
	unsigned long pages_before = vmalloc_nr_pages();
	unsigned char *v = vmalloc(size);
	bool same = true;

	HT_EXPECT(v != NULL);
	if (!v)
		return;
	HT_EXPECT(is_vmalloc_addr(v));
	HT_EXPECT_EQ((unsigned long)v % PAGE_SIZE, 0);
	HT_EXPECT_EQ(vmalloc_nr_pages(), pages_before + 38);
	for (unsigned long i = 0; i < size; i++)
		v[i] = (unsigned char)(i * 13 + 1);
	for (unsigned long pg = 0; pg < 38; pg++) {
		struct page *page = vmalloc_to_page(v + pg * PAGE_SIZE);
		const unsigned char *d;

		HT_EXPECT(page != NULL);
		if (!page)
			continue;
		HT_EXPECT(PageVmalloc(page));
		d = page_address(page);
		for (unsigned long i = 0; i < PAGE_SIZE && pg * PAGE_SIZE + i < size; i++)
			same &= d[i] == (unsigned char)((pg * PAGE_SIZE + i) * 13 + 1);
		/* And the other way round. */
		((unsigned char *)page_address(page))[7] = 0xee;
		same &= v[pg * PAGE_SIZE + 7] == 0xee;
	}
	HT_EXPECT(same);
	vfree(v);
	HT_EXPECT_EQ(vmalloc_nr_pages(), pages_before);
	HT_EXPECT(!arch_mmu_query((unsigned long)v, NULL, NULL, NULL));
	HT_EXPECT_EQ(vmalloc_check(), 0);
}

static void test_guard_page(void)
{
	unsigned long size = 5 * PAGE_SIZE;
	char *v = vmalloc(size);
	struct vm_struct *vm;
	unsigned int flags;

	HT_EXPECT(v != NULL);
	if (!v)
		return;
	vm = find_vm_area(v);
	HT_EXPECT(vm != NULL);
	if (vm) {
		HT_EXPECT_EQ(vm->size, size + PAGE_SIZE);
		HT_EXPECT_EQ(get_vm_area_size(vm), size);
		HT_EXPECT(vm->flags & VM_ALLOC);
	}
	for (unsigned long off = 0; off < size; off += PAGE_SIZE) {
		HT_EXPECT(arch_mmu_query((unsigned long)v + off, NULL, &flags, NULL));
		HT_EXPECT(flags & MMU_WRITE);
		HT_EXPECT(!(flags & MMU_EXEC));
	}
	HT_EXPECT(!arch_mmu_query((unsigned long)v + size, NULL, NULL, NULL));	/* the guard */
	HT_EXPECT(find_vm_area(v + size) == vm);	/* the guard belongs to the area */
	HT_EXPECT(vmalloc_to_page(v + size) == NULL);
	vfree(v);
}

static void test_vzalloc_and_align(void)
{
	unsigned long aligns[] = { PAGE_SIZE, 2 * PAGE_SIZE, 64UL << 10, 2UL << 20, 1UL << 30 };

	for (size_t i = 0; i < ARRAY_SIZE(aligns); i++) {
		unsigned char *v = vmalloc_align(3 * PAGE_SIZE, aligns[i]);

		HT_EXPECT(v != NULL);
		if (!v)
			continue;
		HT_EXPECT_EQ((unsigned long)v % aligns[i], 0);
		memset(v, 0xff, 3 * PAGE_SIZE);
		vfree(v);
	}
	for (int round = 0; round < 3; round++) {
		unsigned char *z = vzalloc(9 * PAGE_SIZE);
		bool zero = true;

		HT_EXPECT(z != NULL);
		if (!z)
			continue;
		for (unsigned long i = 0; i < 9 * PAGE_SIZE; i++)
			zero &= z[i] == 0;
		HT_EXPECT(zero);
		memset(z, 0x99, 9 * PAGE_SIZE);		/* dirty the pages for the next round */
		vfree(z);
	}
}

static void test_vmap(void)
{
	struct page *pages[6];
	unsigned char *v;
	bool same = true;

	for (int i = 0; i < 6; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		HT_EXPECT(pages[i] != NULL);
		if (!pages[i])
			return;
		memset(page_address(pages[i]), i + 1, PAGE_SIZE);
	}
	v = vmap(pages, 6, 0, PAGE_KERNEL);
	HT_EXPECT(v != NULL);
	if (v) {
		for (int i = 0; i < 6; i++)
			same &= v[i * PAGE_SIZE] == i + 1 && v[i * PAGE_SIZE + PAGE_SIZE - 1] == i + 1;
		v[2 * PAGE_SIZE + 5] = 0x42;
		same &= ((unsigned char *)page_address(pages[2]))[5] == 0x42;
		HT_EXPECT(same);
		HT_EXPECT(vmalloc_to_page(v + 4 * PAGE_SIZE) == pages[4]);
		HT_EXPECT(find_vm_area(v) && (find_vm_area(v)->flags & VM_MAP));
		vunmap(v);
		HT_EXPECT(!arch_mmu_query((unsigned long)v, NULL, NULL, NULL));
	}
	/* The pages stay the caller's. */
	for (int i = 0; i < 6; i++) {
		HT_EXPECT_EQ(page_ref_count(pages[i]), 1);
		__free_page(pages[i]);
	}
	/* Read-only vmap. */
	pages[0] = alloc_page(GFP_KERNEL);
	v = vmap(pages, 1, 0, PAGE_KERNEL_RO);
	HT_EXPECT(v != NULL);
	if (v) {
		unsigned int flags = 0;

		HT_EXPECT(arch_mmu_query((unsigned long)v, NULL, &flags, NULL));
		HT_EXPECT(!(flags & MMU_WRITE));
		vunmap(v);
	}
	__free_page(pages[0]);
}

static void test_bad_vfree(void)
{
	unsigned long warns = warn_count;
	char log[4096];
	struct printk_capture cap;
	char *v = vmalloc(2 * PAGE_SIZE);
	void *k = kmalloc(32, GFP_KERNEL);

	HT_EXPECT(v && k);
	if (!v || !k)
		return;
	printk_capture_start(&cap, log, sizeof(log));
	vfree(v + PAGE_SIZE);			/* inside an area */
	vfree(k);				/* a kmalloc pointer */
	printk_capture_stop(&cap);
	HT_EXPECT(strstr(log, "Trying to vfree()") != NULL);
	HT_EXPECT(vmalloc_to_page(v) != NULL);	/* nothing was freed */
	vfree(v);
	printk_capture_start(&cap, log, sizeof(log));
	vfree(v);				/* double free */
	printk_capture_stop(&cap);
	HT_EXPECT(strstr(log, "Trying to vfree()") != NULL);
	/* vunmap() of a vmalloc() area is refused. */
	v = vmalloc(PAGE_SIZE);
	warns = warn_count;
	vunmap(v);
	HT_EXPECT_EQ(warn_count, warns + 1);
	HT_EXPECT(vmalloc_to_page(v) != NULL);
	vfree(v);
	kfree(k);
	HT_EXPECT_EQ(vmalloc_check(), 0);
}

/* vfree() unmaps at once but flushes the TLB and reuses the range only at a purge. */
static void test_lazy_purge(void)
{
	unsigned long flushes, lazy = vmap_lazy_pages();
	char *v = vmalloc(4 * PAGE_SIZE);

	HT_EXPECT(v != NULL);
	if (!v)
		return;
	flushes = host_tlb_flushes;
	vfree(v);
	HT_EXPECT_EQ(host_tlb_flushes, flushes);
	HT_EXPECT_EQ(vmap_lazy_pages(), lazy + 5);
	vm_unmap_aliases();
	HT_EXPECT_EQ(host_tlb_flushes, flushes + 1);
	HT_EXPECT_EQ(vmap_lazy_pages(), 0);
	HT_EXPECT_EQ(vmalloc_check(), 0);
}

/* vfree_atomic() only queues; the work item (or the next vmalloc call) frees. */
static void test_vfree_atomic(void)
{
	unsigned long pages = vmalloc_nr_pages();
	char *v = vmalloc(3 * PAGE_SIZE);

	HT_EXPECT(v != NULL);
	if (!v)
		return;
	vfree_atomic(v);
	HT_EXPECT_EQ(vmalloc_nr_pages(), pages + 3);
	HT_EXPECT_EQ(host_run_work(), 1);
	HT_EXPECT_EQ(vmalloc_nr_pages(), pages);
	HT_EXPECT_EQ(vmalloc_check(), 0);
}

static void test_kvmalloc(void)
{
	char *small = kvmalloc(100, GFP_KERNEL);
	char *big = kvmalloc(KMALLOC_MAX_SIZE * 4, GFP_KERNEL);
	char *grown;

	HT_EXPECT(small && big);
	if (!small || !big)
		return;
	HT_EXPECT(!is_vmalloc_addr(small));
	HT_EXPECT(is_vmalloc_addr(big));
	memset(small, 0x61, 100);
	grown = kvrealloc(small, 3 * KMALLOC_MAX_SIZE, GFP_KERNEL);
	HT_EXPECT(grown != NULL);
	if (grown) {
		HT_EXPECT(grown[0] == 0x61 && grown[99] == 0x61);
		kvfree(grown);
	}
	kvfree(big);
	HT_EXPECT(kvmalloc_array(SIZE_MAX / 4, 8, GFP_KERNEL) == NULL);
}

/* Pages come back to the buddy allocator; page tables stay (as in the kernel). */
static void test_pages_returned(void)
{
	unsigned long free_before, pt_before;
	void *v[8];

	vm_unmap_aliases();
	free_before = nr_free_pages();
	pt_before = arch_mmu_pt_pages();
	for (int i = 0; i < 8; i++)
		v[i] = vmalloc((unsigned long)(i + 1) * 3 * PAGE_SIZE);
	for (int i = 0; i < 8; i++)
		vfree(v[i]);
	vm_unmap_aliases();
	/* Slab pages of vm_struct/vmap_area may stay cached: allow a few. */
	HT_EXPECT(nr_free_pages() + (arch_mmu_pt_pages() - pt_before) + 8 >= free_before);
	HT_EXPECT(nr_free_pages() <= free_before);
	HT_EXPECT_EQ(vmalloc_check(), 0);
}

static void test_refuses(void)
{
	unsigned long warns = warn_count;

	HT_EXPECT(__vmalloc(PAGE_SIZE, GFP_ATOMIC) == NULL);	/* may not sleep */
	HT_EXPECT_EQ(warn_count, warns + 1);
	HT_EXPECT(__vmalloc(0, GFP_KERNEL | __GFP_NOWARN) == NULL);
	HT_EXPECT(__vmalloc(1UL << 40, GFP_KERNEL | __GFP_NOWARN) == NULL);
	HT_EXPECT(vmalloc_align(PAGE_SIZE, 3 * PAGE_SIZE) == NULL);	/* not a power of two */
	HT_EXPECT(vmap(NULL, 1, 0, PAGE_KERNEL) == NULL);
	HT_EXPECT_EQ(vmalloc_check(), 0);
}

int main(void)
{
	static const struct htest_case cases[] = {
		HT_CASE(test_vmalloc_both_mappings),
		HT_CASE(test_guard_page),
		HT_CASE(test_vzalloc_and_align),
		HT_CASE(test_vmap),
		HT_CASE(test_bad_vfree),
		HT_CASE(test_lazy_purge),
		HT_CASE(test_vfree_atomic),
		HT_CASE(test_kvmalloc),
		HT_CASE(test_pages_returned),
		HT_CASE(test_refuses),
	};

	host_mm_boot();
	return htest_main(cases, ARRAY_SIZE(cases));
}
