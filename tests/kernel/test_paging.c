// SPDX-License-Identifier: MIT
/*
 * Suite "paging": the kernel page tables paging_init() built, and the
 * arch_mmu_* interface on them. Runs after boot (real tables, the buddy
 * allocator backing both the test pages and the page-table pages).
 *
 * Every case works in the last GiB of the vmalloc space, [VMALLOC_END -
 * 1 GiB, VMALLOC_END): the vmalloc allocator hands out addresses from the
 * bottom of its 32 TiB and never gets near it in tests. The suite's exit
 * hook unmaps that whole GiB, flushes, and puts the trap fixup and the
 * page-table allocator back, so a failed case leaves nothing behind.
 */
#include <arch/cpu.h>
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <arch/pgtable.h>
#include <arch/ptrace.h>
#include <arch/traps.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>

#define TEST_BASE (VMALLOC_END - PUD_SIZE)
#define PF_PROT (1UL << 0)	/* page-fault error code: the page was present */
#define PF_WRITE (1UL << 1)
#define PF_INSTR (1UL << 4)

/* ---------------------------------------------------------------------- */
/* Probing an address: a load, a store or a call that may fault */

static unsigned long probe_ip;		/* the instruction allowed to fault */
static unsigned long probe_cr2, probe_error;
static int probe_faults;

static bool probe_fixup(struct pt_regs *regs)
{
	if (regs->rip == probe_ip) {		/* a 3-byte load or store: skip it */
		regs->rip += 3;
	} else if (probe_ip == 1 && (regs->error_code & PF_INSTR) && regs->rip == read_cr2()) {
		regs->rip = *(unsigned long *)regs->rsp;	/* a call into NX: return */
		regs->rsp += 8;
	} else {
		return false;			/* not ours: report it */
	}
	probe_cr2 = read_cr2();
	probe_error = regs->error_code;
	probe_faults++;
	return true;
}

static void probe_begin(void)
{
	probe_faults = 0;
	probe_cr2 = probe_error = 0;
	set_trap_fixup(X86_TRAP_PF, probe_fixup);
}

/* Return: true if reading @addr faulted; else *@val is what was read. */
static bool probe_read(unsigned long addr, unsigned long *val)
{
	unsigned long v = addr;

	probe_begin();
	__asm__ __volatile__("leaq 1f(%%rip), %%rcx\n\t"
			     "movq %%rcx, %1\n"
			     "1:\t.byte 0x48, 0x8b, 0x00"	/* movq (%rax), %rax */
			     : "+a"(v), "=m"(probe_ip)
			     :
			     : "rcx", "memory");
	set_trap_fixup(X86_TRAP_PF, NULL);
	if (val)
		*val = v;
	return probe_faults;
}

/* Return: true if writing @val to @addr faulted. */
static bool probe_write(unsigned long addr, unsigned long val)
{
	probe_begin();
	__asm__ __volatile__("leaq 1f(%%rip), %%rcx\n\t"
			     "movq %%rcx, %0\n"
			     "1:\t.byte 0x48, 0x89, 0x10"	/* movq %rdx, (%rax) */
			     : "=m"(probe_ip)
			     : "a"(addr), "d"(val)
			     : "rcx", "memory");
	set_trap_fixup(X86_TRAP_PF, NULL);
	return probe_faults;
}

/* Return: true if calling @addr (which holds a "ret") faulted. */
static bool probe_exec(unsigned long addr)
{
	void (*fn)(void) = (void (*)(void))addr;

	probe_begin();
	probe_ip = 1;
	fn();
	set_trap_fixup(X86_TRAP_PF, NULL);
	probe_ip = 0;
	return probe_faults;
}

/* ---------------------------------------------------------------------- */
/* Helpers */

static const struct mmu_pt_allocator *saved_pt_allocator;

static int paging_init_case(struct ktest *t)
{
	saved_pt_allocator = arch_mmu_set_pt_allocator(NULL);
	arch_mmu_set_pt_allocator(saved_pt_allocator);
	return arch_mmu_unmap(TEST_BASE, PUD_SIZE);
}

static void paging_exit_case(struct ktest *t)
{
	set_trap_fixup(X86_TRAP_PF, NULL);
	arch_mmu_set_pt_allocator(saved_pt_allocator);
	arch_mmu_unmap(TEST_BASE, PUD_SIZE);
	flush_tlb_all();
}

static struct page *get_pages(struct ktest *t, unsigned int order)
{
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_ZERO, order);

	KTEST_ASSERT_NOT_NULL(t, page);
	return page;
}

/* Unmap, flush, then give the pages back (never free a page still mapped). */
static void unmap_and_free(unsigned long va, struct page *page, unsigned int order)
{
	arch_mmu_unmap(va, PAGE_SIZE << order);
	flush_tlb_kernel_range(va, va + (PAGE_SIZE << order));
	__free_pages(page, order);
}

static bool mapped_as(unsigned long va, phys_addr_t want_phys, unsigned int want_flags,
		      size_t want_size)
{
	phys_addr_t phys;
	unsigned int flags;
	size_t size;

	return arch_mmu_query(va, &phys, &flags, &size) && phys == want_phys &&
	       flags == want_flags && size == want_size;
}

/* ---------------------------------------------------------------------- */
/* Map, query, unmap */

static void map_query_unmap_4k(struct ktest *t)
{
	struct page *page = get_pages(t, 0);
	unsigned long va = TEST_BASE + PAGE_SIZE, val;
	phys_addr_t phys;
	unsigned int flags;
	size_t size;

	KTEST_ASSERT_EQ(t, arch_mmu_map(va, page_to_phys(page), PAGE_SIZE, PAGE_KERNEL), 0);
	KTEST_ASSERT_TRUE(t, arch_mmu_query(va + 0x123, &phys, &flags, &size));
	KTEST_EXPECT_EQ(t, phys, page_to_phys(page) + 0x123);
	KTEST_EXPECT_EQ(t, flags, PAGE_KERNEL);
	KTEST_EXPECT_EQ(t, size, PAGE_SIZE);
	KTEST_EXPECT_FALSE(t, arch_mmu_query(va - PAGE_SIZE, NULL, NULL, NULL));
	KTEST_EXPECT_FALSE(t, arch_mmu_query(va + PAGE_SIZE, NULL, NULL, NULL));

	*(volatile unsigned long *)(va + 8) = 0x1234abcdUL;	/* through the new mapping */
	KTEST_EXPECT_EQ(t, ((unsigned long *)page_address(page))[1], 0x1234abcdUL);

	KTEST_EXPECT_EQ(t, arch_mmu_unmap(va, PAGE_SIZE), 0);
	flush_tlb_kernel_range(va, va + PAGE_SIZE);
	KTEST_EXPECT_FALSE(t, arch_mmu_query(va, NULL, NULL, NULL));
	KTEST_EXPECT_TRUE(t, probe_read(va + 8, &val));
	KTEST_EXPECT_EQ(t, probe_cr2, va + 8);
	KTEST_EXPECT_EQ(t, probe_error & PF_PROT, 0UL);
	__free_pages(page, 0);
}

static void map_query_unmap_2m(struct ktest *t)
{
	struct page *block = get_pages(t, 9);
	phys_addr_t pa = page_to_phys(block);
	unsigned long va = TEST_BASE + 4 * PMD_SIZE, val = 0, tables;

	KTEST_ASSERT_EQ(t, arch_mmu_map(va, pa, PMD_SIZE, PAGE_KERNEL), 0);
	KTEST_EXPECT_TRUE(t, mapped_as(va, pa, PAGE_KERNEL, PMD_SIZE));
	KTEST_EXPECT_TRUE(t, mapped_as(va + PMD_SIZE - PAGE_SIZE, pa + PMD_SIZE - PAGE_SIZE,
				       PAGE_KERNEL, PMD_SIZE));
	((unsigned long *)page_address(block))[PMD_SIZE / 8 - 1] = 0x600dUL;
	KTEST_EXPECT_FALSE(t, probe_read(va + PMD_SIZE - 8, &val));
	KTEST_EXPECT_EQ(t, val, 0x600dUL);
	KTEST_EXPECT_EQ(t, arch_mmu_unmap(va, PMD_SIZE), 0);
	flush_tlb_kernel_range(va, va + PMD_SIZE);
	KTEST_EXPECT_FALSE(t, arch_mmu_query(va, NULL, NULL, NULL));
	KTEST_EXPECT_TRUE(t, probe_read(va, NULL));

	/* MMU_SMALL: the same range in 4 KiB pages. */
	KTEST_ASSERT_EQ(t, arch_mmu_map(va, pa, PMD_SIZE, PAGE_KERNEL | MMU_SMALL), 0);
	KTEST_EXPECT_TRUE(t, mapped_as(va + 5 * PAGE_SIZE, pa + 5 * PAGE_SIZE, PAGE_KERNEL,
				       PAGE_SIZE));
	KTEST_EXPECT_FALSE(t, probe_read(va + PMD_SIZE - 8, &val));
	KTEST_EXPECT_EQ(t, val, 0x600dUL);

	/* Unmapped again, the empty table (kept so far) gives way to a 2 MiB page. */
	KTEST_EXPECT_EQ(t, arch_mmu_unmap(va, PMD_SIZE), 0);
	flush_tlb_kernel_range(va, va + PMD_SIZE);
	tables = arch_mmu_pt_pages();
	KTEST_ASSERT_EQ(t, arch_mmu_map(va, pa, PMD_SIZE, PAGE_KERNEL_RO), 0);
	KTEST_EXPECT_TRUE(t, mapped_as(va + PAGE_SIZE, pa + PAGE_SIZE, PAGE_KERNEL_RO, PMD_SIZE));
	KTEST_EXPECT_EQ(t, arch_mmu_pt_pages(), tables - 1);
	unmap_and_free(va, block, 9);
}

/* 1 GiB pages (qemu64 has none): uncached and never touched, so any frames do. */
static void map_1g_and_split(struct ktest *t)
{
	unsigned long va = TEST_BASE, hole = TEST_BASE + PUD_SIZE - PAGE_SIZE;
	phys_addr_t pa = 0;

	if (!cpu_has_gbpages())
		ktest_skip(t, "no 1 GiB pages (CPU without them, or nogbpages)");
	KTEST_ASSERT_EQ(t, arch_mmu_map(va, pa, PUD_SIZE, PAGE_KERNEL_NOCACHE), 0);
	KTEST_EXPECT_TRUE(t, mapped_as(va + 3 * PMD_SIZE, pa + 3 * PMD_SIZE, PAGE_KERNEL_NOCACHE,
				       PUD_SIZE));
	/* Unmapping the last 4 KiB splits 1 GiB -> 2 MiB -> 4 KiB. */
	KTEST_EXPECT_EQ(t, arch_mmu_unmap(hole, PAGE_SIZE), 0);
	flush_tlb_kernel_range(hole, hole + PAGE_SIZE);
	KTEST_EXPECT_FALSE(t, arch_mmu_query(hole, NULL, NULL, NULL));
	KTEST_EXPECT_TRUE(t, mapped_as(va + 3 * PMD_SIZE, pa + 3 * PMD_SIZE, PAGE_KERNEL_NOCACHE,
				       PMD_SIZE));
	KTEST_EXPECT_TRUE(t, mapped_as(hole - PAGE_SIZE, pa + PUD_SIZE - 2 * PAGE_SIZE,
				       PAGE_KERNEL_NOCACHE, PAGE_SIZE));
	KTEST_EXPECT_EQ(t, arch_mmu_unmap(va, PUD_SIZE), 0);
	flush_tlb_all();
	KTEST_EXPECT_FALSE(t, arch_mmu_query(va, NULL, NULL, NULL));
}

/* ---------------------------------------------------------------------- */
/* Refused requests change nothing */

static void double_map_is_eexist(struct ktest *t)
{
	struct page *a = get_pages(t, 0), *b = get_pages(t, 1);
	unsigned long va = TEST_BASE + 8 * PMD_SIZE + PAGE_SIZE;

	KTEST_ASSERT_EQ(t, arch_mmu_map(va, page_to_phys(a), PAGE_SIZE, PAGE_KERNEL), 0);
	/* Overlaps the mapped page with its second half: refused as a whole. */
	KTEST_EXPECT_EQ(t, arch_mmu_map(va - PAGE_SIZE, page_to_phys(b), 2 * PAGE_SIZE,
					PAGE_KERNEL_RO), -EEXIST);
	KTEST_EXPECT_EQ(t, arch_mmu_map(va, page_to_phys(b), PAGE_SIZE, PAGE_KERNEL), -EEXIST);
	KTEST_EXPECT_FALSE(t, arch_mmu_query(va - PAGE_SIZE, NULL, NULL, NULL));
	KTEST_EXPECT_TRUE(t, mapped_as(va, page_to_phys(a), PAGE_KERNEL, PAGE_SIZE));
	/* A 2 MiB request over the 4 KiB page, too. */
	KTEST_EXPECT_EQ(t, arch_mmu_map(va - PAGE_SIZE, 0, PMD_SIZE, PAGE_KERNEL_RO), -EEXIST);
	KTEST_EXPECT_FALSE(t, arch_mmu_query(va - PAGE_SIZE, NULL, NULL, NULL));
	unmap_and_free(va, a, 0);
	__free_pages(b, 1);
}

/*
 * arch_mmu_map_pages: scattered frames, across a page-table boundary;
 * a range with one page already mapped, or a bad frame, changes nothing.
 */
static void map_pages_scattered(struct ktest *t)
{
	unsigned long va = TEST_BASE + 30 * PMD_SIZE - 3 * PAGE_SIZE, val = 0;
	struct page *pages[6];
	phys_addr_t phys[6], keep;

	for (int i = 0; i < 6; i++) {
		pages[i] = get_pages(t, 0);
		phys[5 - i] = page_to_phys(pages[i]);	/* backwards: never one run */
		*(unsigned long *)page_address(pages[i]) = 0x5ca7UL + i;
	}
	KTEST_ASSERT_EQ(t, arch_mmu_map_pages(va, phys, 6, PAGE_KERNEL), 0);
	for (int i = 0; i < 6; i++) {
		KTEST_EXPECT_TRUE(t, mapped_as(va + i * PAGE_SIZE, phys[i], PAGE_KERNEL, PAGE_SIZE));
		KTEST_EXPECT_FALSE(t, probe_read(va + i * PAGE_SIZE, &val));
		KTEST_EXPECT_EQ(t, val, 0x5ca7UL + 5 - i);
	}
	KTEST_EXPECT_FALSE(t, arch_mmu_query(va - PAGE_SIZE, NULL, NULL, NULL));
	KTEST_EXPECT_FALSE(t, arch_mmu_query(va + 6 * PAGE_SIZE, NULL, NULL, NULL));
	KTEST_EXPECT_EQ(t, arch_mmu_unmap(va, 6 * PAGE_SIZE), 0);
	flush_tlb_kernel_range(va, va + 6 * PAGE_SIZE);

	/* Page 4 (in the second table) mapped already: the first table is undone. */
	keep = phys[4];
	KTEST_ASSERT_EQ(t, arch_mmu_map(va + 4 * PAGE_SIZE, keep, PAGE_SIZE, PAGE_KERNEL_RO), 0);
	KTEST_EXPECT_EQ(t, arch_mmu_map_pages(va, phys, 6, PAGE_KERNEL), -EEXIST);
	for (int i = 0; i < 6; i++)
		if (i != 4)
			KTEST_EXPECT_FALSE(t, arch_mmu_query(va + i * PAGE_SIZE, NULL, NULL, NULL));
	KTEST_EXPECT_TRUE(t, mapped_as(va + 4 * PAGE_SIZE, keep, PAGE_KERNEL_RO, PAGE_SIZE));
	KTEST_EXPECT_EQ(t, arch_mmu_unmap(va + 4 * PAGE_SIZE, PAGE_SIZE), 0);
	flush_tlb_kernel_range(va, va + 6 * PAGE_SIZE);

	/* A frame that is not page-aligned, or beyond the physical width. */
	phys[2] += 8;
	KTEST_EXPECT_EQ(t, arch_mmu_map_pages(va, phys, 6, PAGE_KERNEL), -EINVAL);
	phys[2] = 1ULL << 52;
	KTEST_EXPECT_EQ(t, arch_mmu_map_pages(va, phys, 6, PAGE_KERNEL), -EINVAL);
	for (int i = 0; i < 6; i++)
		KTEST_EXPECT_FALSE(t, arch_mmu_query(va + i * PAGE_SIZE, NULL, NULL, NULL));
	for (int i = 0; i < 6; i++)
		__free_pages(pages[i], 0);
}

static void bad_requests_are_einval(struct ktest *t)
{
	struct page *page = get_pages(t, 0);
	phys_addr_t pa = page_to_phys(page);
	unsigned long va = TEST_BASE + 10 * PMD_SIZE;
	struct printk_capture cap;
	char buf[512];
	int err;

	KTEST_ASSERT_EQ(t, arch_mmu_map(va, pa, PAGE_SIZE, PAGE_KERNEL), 0);

	printk_capture_start(&cap, buf, sizeof(buf));
	err = arch_mmu_map(va + PAGE_SIZE, pa, PAGE_SIZE, MMU_WRITE | MMU_EXEC | MMU_GLOBAL);
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, err, -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "x86/mm: refusing W^X violation: "));
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "by bad_requests_are_einval+0x"));
	KTEST_EXPECT_FALSE(t, arch_mmu_query(va + PAGE_SIZE, NULL, NULL, NULL));
	KTEST_EXPECT_EQ(t, arch_mmu_protect(va, PAGE_SIZE, PAGE_KERNEL | MMU_EXEC), -EINVAL);

	KTEST_EXPECT_EQ(t, arch_mmu_map(va + 8, pa, PAGE_SIZE, PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(t, arch_mmu_map(va + PAGE_SIZE, pa + 8, PAGE_SIZE, PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(t, arch_mmu_map(va + PAGE_SIZE, pa, 100, PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(t, arch_mmu_map(va + PAGE_SIZE, pa, 0, PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(t, arch_mmu_map(va + PAGE_SIZE, pa, PAGE_SIZE, 1u << 30), -EINVAL);
	KTEST_EXPECT_EQ(t, arch_mmu_map(0, pa, PAGE_SIZE, PAGE_KERNEL), -EINVAL);	/* NULL */
	KTEST_EXPECT_EQ(t, arch_mmu_map(-PAGE_SIZE, pa, PAGE_SIZE, PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(t, arch_mmu_map(va + PAGE_SIZE, 1ULL << cpu_phys_bits(), PAGE_SIZE,
					PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_EQ(t, arch_mmu_unmap(va + 8, PAGE_SIZE), -EINVAL);
	KTEST_EXPECT_EQ(t, arch_mmu_protect(va, PAGE_SIZE - 8, PAGE_KERNEL), -EINVAL);
	KTEST_EXPECT_FALSE(t, arch_mmu_query(0, NULL, NULL, NULL));
	KTEST_EXPECT_FALSE(t, arch_mmu_query(va + PAGE_SIZE, NULL, NULL, NULL));

	/* The live mapping next door is untouched. */
	KTEST_EXPECT_TRUE(t, mapped_as(va, pa, PAGE_KERNEL, PAGE_SIZE));
	*(volatile unsigned long *)va = 42;
	KTEST_EXPECT_EQ(t, *(unsigned long *)page_address(page), 42UL);
	unmap_and_free(va, page, 0);
}

/* ---------------------------------------------------------------------- */
/* Protect, split, running out of page tables */

static void protect_changes_flags(struct ktest *t)
{
	struct page *block = get_pages(t, 9);
	phys_addr_t pa = page_to_phys(block);
	unsigned long va = TEST_BASE + 12 * PMD_SIZE, page3 = va + 3 * PAGE_SIZE;

	KTEST_ASSERT_EQ(t, arch_mmu_map(va, pa, PMD_SIZE, PAGE_KERNEL), 0);
	KTEST_EXPECT_FALSE(t, probe_write(page3, 7));

	/* One page read-only: the 2 MiB page is split around it. */
	KTEST_EXPECT_EQ(t, arch_mmu_protect(page3, PAGE_SIZE, PAGE_KERNEL_RO), 0);
	KTEST_EXPECT_TRUE(t, mapped_as(page3, pa + 3 * PAGE_SIZE, PAGE_KERNEL_RO, PAGE_SIZE));
	KTEST_EXPECT_TRUE(t, mapped_as(page3 + PAGE_SIZE, pa + 4 * PAGE_SIZE, PAGE_KERNEL,
				       PAGE_SIZE));
	KTEST_EXPECT_TRUE(t, probe_write(page3, 8));
	KTEST_EXPECT_EQ(t, probe_error & (PF_PROT | PF_WRITE), PF_PROT | PF_WRITE);
	KTEST_EXPECT_EQ(t, probe_cr2, page3);
	KTEST_EXPECT_EQ(t, ((unsigned long *)page_address(block))[3 * PAGE_SIZE / 8], 7UL);
	KTEST_EXPECT_FALSE(t, probe_write(page3 + PAGE_SIZE, 9));

	/* Back to writable; then all of it executable and read-only. */
	KTEST_EXPECT_EQ(t, arch_mmu_protect(page3, PAGE_SIZE, PAGE_KERNEL), 0);
	KTEST_EXPECT_FALSE(t, probe_write(page3, 10));
	KTEST_EXPECT_EQ(t, arch_mmu_protect(va, PMD_SIZE, PAGE_KERNEL_EXEC), 0);
	KTEST_EXPECT_TRUE(t, mapped_as(va + PMD_SIZE - PAGE_SIZE, pa + PMD_SIZE - PAGE_SIZE,
				       PAGE_KERNEL_EXEC, PAGE_SIZE));

	/* Part of the range unmapped: -EFAULT, and nothing changes. */
	KTEST_EXPECT_EQ(t, arch_mmu_protect(va + PMD_SIZE - PAGE_SIZE, 2 * PAGE_SIZE,
					    PAGE_KERNEL_RO), -EFAULT);
	KTEST_EXPECT_TRUE(t, mapped_as(va + PMD_SIZE - PAGE_SIZE, pa + PMD_SIZE - PAGE_SIZE,
				       PAGE_KERNEL_EXEC, PAGE_SIZE));
	unmap_and_free(va, block, 9);
}

static void split_2m_keeps_other_511(struct ktest *t)
{
	struct page *block = get_pages(t, 9);
	phys_addr_t pa = page_to_phys(block);
	unsigned long va = TEST_BASE + 14 * PMD_SIZE, hole = va + 100 * PAGE_SIZE;
	unsigned long *direct = page_address(block), bad = 0, val;

	for (unsigned long i = 0; i < 512; i++)
		direct[i * PAGE_SIZE / 8] = 0xc0de0000UL + i;
	KTEST_ASSERT_EQ(t, arch_mmu_map(va, pa, PMD_SIZE, PAGE_KERNEL), 0);
	KTEST_ASSERT_TRUE(t, mapped_as(va, pa, PAGE_KERNEL, PMD_SIZE));
	KTEST_EXPECT_FALSE(t, probe_read(hole, &val));	/* the 2 MiB TLB entry is cached */

	KTEST_EXPECT_EQ(t, arch_mmu_unmap(hole, PAGE_SIZE), 0);
	flush_tlb_kernel_range(hole, hole + PAGE_SIZE);
	KTEST_EXPECT_FALSE(t, arch_mmu_query(hole, NULL, NULL, NULL));
	KTEST_EXPECT_TRUE(t, probe_read(hole, NULL));
	KTEST_EXPECT_EQ(t, probe_cr2, hole);
	for (unsigned long i = 0; i < 512; i++) {
		unsigned long v = va + i * PAGE_SIZE;

		if (v == hole)
			continue;
		if (!mapped_as(v, pa + i * PAGE_SIZE, PAGE_KERNEL, PAGE_SIZE) ||
		    *(volatile unsigned long *)v != 0xc0de0000UL + i)
			bad++;
	}
	KTEST_EXPECT_EQ(t, bad, 0UL);
	unmap_and_free(va, block, 9);
}

static const struct mmu_pt_allocator *real_pt;
static int pt_budget;

static phys_addr_t budget_pt_alloc(void)
{
	if (pt_budget <= 0)
		return 0;
	pt_budget--;
	return real_pt->alloc();
}

static void budget_pt_free(phys_addr_t pa)
{
	real_pt->free(pa);
}

static const struct mmu_pt_allocator budget_pt_allocator = {
	.alloc = budget_pt_alloc,
	.free = budget_pt_free,
};

static void enomem_undoes_everything(struct ktest *t)
{
	struct page *pages = get_pages(t, 1), *block = get_pages(t, 9);
	unsigned long edge = TEST_BASE + 384 * PMD_SIZE;	/* a PMD boundary no case uses */
	unsigned long va = TEST_BASE + 16 * PMD_SIZE, tables;
	int err;

	/* Make sure the PMD table of the test GiB exists: one page table per side then. */
	KTEST_ASSERT_EQ(t, arch_mmu_map(TEST_BASE, 0, PMD_SIZE, PAGE_KERNEL_RO), 0);
	tables = arch_mmu_pt_pages();
	real_pt = arch_mmu_set_pt_allocator(&budget_pt_allocator);
	pt_budget = 1;
	err = arch_mmu_map(edge - PAGE_SIZE, page_to_phys(pages), 2 * PAGE_SIZE, PAGE_KERNEL);
	arch_mmu_set_pt_allocator(real_pt);
	KTEST_EXPECT_EQ(t, err, -ENOMEM);
	KTEST_EXPECT_EQ(t, pt_budget, 0);	/* the first page was mapped, then undone */
	KTEST_EXPECT_EQ(t, arch_mmu_pt_pages(), tables + 1);	/* its table stays */
	KTEST_EXPECT_FALSE(t, arch_mmu_query(edge - PAGE_SIZE, NULL, NULL, NULL));
	KTEST_EXPECT_FALSE(t, arch_mmu_query(edge, NULL, NULL, NULL));

	/* A split with no page table left fails and leaves the 2 MiB page whole. */
	KTEST_ASSERT_EQ(t, arch_mmu_map(va, page_to_phys(block), PMD_SIZE, PAGE_KERNEL), 0);
	arch_mmu_set_pt_allocator(&budget_pt_allocator);
	pt_budget = 0;
	err = arch_mmu_unmap(va + PAGE_SIZE, PAGE_SIZE);
	arch_mmu_set_pt_allocator(real_pt);
	KTEST_EXPECT_EQ(t, err, -ENOMEM);
	KTEST_EXPECT_TRUE(t, mapped_as(va + PAGE_SIZE, page_to_phys(block) + PAGE_SIZE,
				       PAGE_KERNEL, PMD_SIZE));
	unmap_and_free(va, block, 9);
	arch_mmu_unmap(TEST_BASE, PMD_SIZE);
	flush_tlb_kernel_range(TEST_BASE, TEST_BASE + PMD_SIZE);
	__free_pages(pages, 1);
}

/* After unmap + flush, the same address reaches the new frame, not a stale one. */
static void flush_after_remap(struct ktest *t)
{
	struct page *a = get_pages(t, 0), *b = get_pages(t, 0);
	unsigned long va = TEST_BASE + 18 * PMD_SIZE, val = 0;

	*(unsigned long *)page_address(a) = 0xaaaa;
	*(unsigned long *)page_address(b) = 0xbbbb;
	KTEST_ASSERT_EQ(t, arch_mmu_map(va, page_to_phys(a), PAGE_SIZE, PAGE_KERNEL), 0);
	KTEST_EXPECT_EQ(t, *(volatile unsigned long *)va, 0xaaaaUL);	/* now in the TLB */
	arch_mmu_unmap(va, PAGE_SIZE);
	flush_tlb_kernel_range(va, va + PAGE_SIZE);
	KTEST_ASSERT_EQ(t, arch_mmu_map(va, page_to_phys(b), PAGE_SIZE, PAGE_KERNEL), 0);
	KTEST_EXPECT_FALSE(t, probe_read(va, &val));
	KTEST_EXPECT_EQ(t, val, 0xbbbbUL);

	arch_mmu_unmap(va, PAGE_SIZE);	/* and the same with a full flush (global entries) */
	flush_tlb_all();
	KTEST_ASSERT_EQ(t, arch_mmu_map(va, page_to_phys(a), PAGE_SIZE, PAGE_KERNEL), 0);
	KTEST_EXPECT_FALSE(t, probe_read(va, &val));
	KTEST_EXPECT_EQ(t, val, 0xaaaaUL);
	unmap_and_free(va, a, 0);
	__free_pages(b, 0);
}

/* ---------------------------------------------------------------------- */
/* The tables paging_init() built */

static void null_and_identity_are_unmapped(struct ktest *t)
{
	KTEST_EXPECT_FALSE(t, arch_mmu_query(0, NULL, NULL, NULL));
	KTEST_EXPECT_FALSE(t, arch_mmu_query(0x100000, NULL, NULL, NULL));
	KTEST_EXPECT_FALSE(t, arch_mmu_query(__pa_symbol(_text), NULL, NULL, NULL));
	KTEST_EXPECT_TRUE(t, probe_read(0, NULL));
	KTEST_EXPECT_EQ(t, probe_cr2, 0UL);
	KTEST_EXPECT_EQ(t, probe_error & PF_PROT, 0UL);
	KTEST_EXPECT_TRUE(t, probe_read(__pa_symbol(_text), NULL));	/* the old identity map */
}

extern char boot_stack[];			/* head.S, in .bss */

static unsigned long test_data_word = 1;	/* .data */
static unsigned long test_bss_word;		/* .bss */
static const unsigned long test_rodata_word = 2;
static u8 ret_insn_data[16] = { 0xc3 };		/* a "ret" in .data */

static bool flags_are(unsigned long va, unsigned int mask, unsigned int want)
{
	unsigned int flags = 0;

	return arch_mmu_query(va, NULL, &flags, NULL) && (flags & mask) == want;
}

static void kernel_image_is_w_xor_x(struct ktest *t)
{
	const unsigned int wx = MMU_WRITE | MMU_EXEC;
	unsigned long text = (unsigned long)probe_fixup, word;
	struct page *page = get_pages(t, 0);
	u8 *direct = page_address(page);

	KTEST_EXPECT_TRUE(t, read_cr4() & X86_CR4_PGE);	/* global mappings are in force */
	KTEST_EXPECT_TRUE(t, flags_are(text, wx | MMU_GLOBAL, MMU_EXEC | MMU_GLOBAL));
	KTEST_EXPECT_TRUE(t, flags_are((unsigned long)&test_rodata_word, wx, 0));
	KTEST_EXPECT_TRUE(t, flags_are((unsigned long)&test_data_word, wx, MMU_WRITE));
	KTEST_EXPECT_TRUE(t, flags_are((unsigned long)&test_bss_word, wx, MMU_WRITE));
	KTEST_EXPECT_TRUE(t, flags_are((unsigned long)boot_stack, wx, MMU_WRITE));
	if ((unsigned long)_end > (unsigned long)_ebss)
		KTEST_EXPECT_TRUE(t, flags_are((unsigned long)_ebss, wx, 0));
	KTEST_EXPECT_TRUE(t, flags_are((unsigned long)direct, wx | MMU_GLOBAL,
				       MMU_WRITE | MMU_GLOBAL));
	/* The direct map's alias of the text is read-only too. */
	KTEST_EXPECT_TRUE(t, flags_are(PAGE_OFFSET + __pa_symbol((void *)text), wx, 0));

	/* Writing the text faults (the word written is the one already there). */
	word = *(unsigned long *)text;
	KTEST_EXPECT_TRUE(t, probe_write(text, word));
	KTEST_EXPECT_EQ(t, probe_error & (PF_PROT | PF_WRITE), PF_PROT | PF_WRITE);
	KTEST_EXPECT_TRUE(t, probe_write(PAGE_OFFSET + __pa_symbol((void *)text), word));
	KTEST_EXPECT_TRUE(t, probe_write((unsigned long)&test_rodata_word, 2));

	/* Executing data or the direct map faults (NX). */
	direct[0] = 0xc3;
	KTEST_EXPECT_TRUE(t, probe_exec((unsigned long)ret_insn_data));
	KTEST_EXPECT_EQ(t, probe_error & (PF_PROT | PF_INSTR), PF_PROT | PF_INSTR);
	KTEST_EXPECT_TRUE(t, probe_exec((unsigned long)direct));
	KTEST_EXPECT_EQ(t, probe_cr2, (unsigned long)direct);
	__free_pages(page, 0);
}

static void walk_reports_entries(struct ktest *t)
{
	struct page *page = get_pages(t, 0);
	unsigned long va = TEST_BASE + 20 * PMD_SIZE + 7 * PAGE_SIZE;
	struct mmu_walk w;

	KTEST_ASSERT_EQ(t, arch_mmu_map(va, page_to_phys(page), PAGE_SIZE, PAGE_KERNEL), 0);
	arch_mmu_walk(va, &w);
	KTEST_ASSERT_EQ(t, w.levels, 4);
	for (int i = 0; i < 4; i++) {
		KTEST_EXPECT_EQ(t, *(u64 *)w.entry_addr[i], w.entry[i]);
		KTEST_EXPECT_TRUE(t, w.entry[i] & _PAGE_PRESENT);
	}
	KTEST_EXPECT_EQ(t, w.entry[3] & PTE_PFN_MASK, page_to_phys(page));
	KTEST_EXPECT_EQ(t, w.entry[3] & (_PAGE_RW | _PAGE_NX | _PAGE_GLOBAL),
			_PAGE_RW | _PAGE_NX | _PAGE_GLOBAL);
	unmap_and_free(va, page, 0);

	arch_mmu_walk(va, &w);	/* the page table stays, its entry is empty */
	KTEST_EXPECT_EQ(t, w.levels, 4);
	KTEST_EXPECT_EQ(t, w.entry[3], 0ULL);
	arch_mmu_walk(KERNEL_HALF_START, &w);	/* an empty PML4 slot */
	KTEST_EXPECT_EQ(t, w.levels, 1);
	KTEST_EXPECT_EQ(t, w.entry[0], 0ULL);
	arch_mmu_walk(0x0000800000000000UL, &w);	/* not canonical */
	KTEST_EXPECT_EQ(t, w.levels, 0);
	KTEST_EXPECT_FALSE(t, arch_mmu_query(0x0000800000000000UL, NULL, NULL, NULL));
}

/* ---------------------------------------------------------------------- */
/* The W+X check */

static void wx_check_passes(struct ktest *t)
{
	struct printk_capture cap;
	unsigned long n;
	char buf[256];

	printk_capture_start(&cap, buf, sizeof(buf));
	n = ptdump_check_wx();
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, n, 0UL);
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "x86/mm: Checked W+X mappings: passed, no W+X pages found.\n"));
	KTEST_EXPECT_NULL(t, strstr(buf, "insecure"));
}

/* Clear NX in the leaf that maps @va: a W+X page the API would refuse to make. */
static void plant_wx(struct ktest *t, unsigned long va, int want_levels)
{
	struct mmu_walk w;

	arch_mmu_walk(va, &w);
	KTEST_ASSERT_EQ(t, w.levels, want_levels);
	*(volatile u64 *)w.entry_addr[want_levels - 1] &= ~_PAGE_NX;
	flush_tlb_kernel_range(va, va + PAGE_SIZE);
}

static void wx_check_finds_planted_pages(struct ktest *t)
{
	struct page *page = get_pages(t, 0), *block = get_pages(t, 9);
	unsigned long va = TEST_BASE + 22 * PMD_SIZE, big = TEST_BASE + 24 * PMD_SIZE;
	struct printk_capture cap;
	char buf[1024], want[96];
	unsigned long n;

	KTEST_ASSERT_EQ(t, arch_mmu_map(va, page_to_phys(page), PAGE_SIZE, PAGE_KERNEL), 0);
	KTEST_ASSERT_EQ(t, arch_mmu_map(big, page_to_phys(block), PMD_SIZE, PAGE_KERNEL), 0);
	plant_wx(t, va, 4);
	plant_wx(t, big, 3);
	KTEST_EXPECT_TRUE(t, flags_are(va, MMU_WRITE | MMU_EXEC, MMU_WRITE | MMU_EXEC));

	printk_capture_start(&cap, buf, sizeof(buf));
	n = ptdump_check_wx();
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, n, 513UL);
	snprintf(want, sizeof(want), "x86/mm: Found insecure W+X mapping at address 0x%lx\n", va);
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, want));
	snprintf(want, sizeof(want), "x86/mm: Found insecure W+X mapping at address 0x%lx\n", big);
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, want));
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "x86/mm: Checked W+X mappings: FAILED, 513 W+X pages found.\n"));

	/* Gone again: the check passes. */
	unmap_and_free(va, page, 0);
	unmap_and_free(big, block, 9);
	KTEST_EXPECT_EQ(t, ptdump_check_wx(), 0UL);
}

/* Issue 3: the boot log carries the check's verdict. */
static void boot_log_says_wx_passed(struct ktest *t)
{
	struct page *pages = get_pages(t, 4);
	char *log = page_address(pages);
	size_t len = log_buf_read(log, (PAGE_SIZE << 4) - 1);
	char *tests_start;
	bool whole;

	log[len] = '\0';
	tests_start = strstr(log, "KTAP version 1");	/* only what boot printed */
	if (tests_start)
		*tests_start = '\0';
	whole = strstr(log, "Booting the mm kernel") != NULL;
	if (whole) {
		KTEST_EXPECT_NOT_NULL(t, strstr(log, "x86/mm: Checked W+X mappings: passed, no W+X pages found.\n"));
		KTEST_EXPECT_NULL(t, strstr(log, "Found insecure W+X mapping"));
	}
	__free_pages(pages, 4);
	if (!whole)
		ktest_skip(t, "the boot messages have left the log buffer");
}

static const struct ktest_case paging_cases[] = {
	KTEST_CASE(map_query_unmap_4k),
	KTEST_CASE(map_query_unmap_2m),
	KTEST_CASE(map_1g_and_split),
	KTEST_CASE(double_map_is_eexist),
	KTEST_CASE(map_pages_scattered),
	KTEST_CASE(bad_requests_are_einval),
	KTEST_CASE(protect_changes_flags),
	KTEST_CASE(split_2m_keeps_other_511),
	KTEST_CASE(enomem_undoes_everything),
	KTEST_CASE(flush_after_remap),
	KTEST_CASE(null_and_identity_are_unmapped),
	KTEST_CASE(kernel_image_is_w_xor_x),
	KTEST_CASE(walk_reports_entries),
	KTEST_CASE(wx_check_passes),
	KTEST_CASE(wx_check_finds_planted_pages),
	KTEST_CASE(boot_log_says_wx_passed),
};
KTEST_SUITE_FULL(paging, paging_cases, paging_init_case, paging_exit_case);
