// SPDX-License-Identifier: MIT
/*
 * Suite "vmalloc": mappings, zeroing, alignment, vmap, kvmalloc, reuse
 * without leaks, the lazy TLB purge, partial failures, bad vfree()s, the
 * guard page, deferred frees and vmallocinfo. Every case ends with the
 * vmap-space consistency walker (suite exit).
 */
#include <arch/cpu.h>
#include <arch/irqflags.h>
#include <arch/mmu.h>
#include <arch/traps.h>
#include <kernel/errno.h>
#include <kernel/interrupt.h>
#include <kernel/ktest.h>
#include <kernel/preempt.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "../../mm/vmalloc_priv.h"

static char report[4096];
static struct printk_capture cap;

static int vm_init(struct ktest *t)
{
	vm_unmap_aliases();	/* start every case from a purged space */
	return 0;
}

static void vm_exit(struct ktest *t)
{
	printk_capture_stop(&cap);
	set_trap_fixup(X86_TRAP_PF, NULL);
	vmalloc_fail_map_nth = 0;
	if (vmalloc_check()) {
		t->failed = true;
		ktest_printf(t, "vmap space inconsistent after the case");
	}
}

static void capture(void)
{
	printk_capture_start(&cap, report, sizeof(report));
}

static void capture_end(void)
{
	printk_capture_stop(&cap);
}

/* Free pages after giving empty slabs back, so slab caching does not count. */
static unsigned long settled_free_pages(void)
{
	vm_unmap_aliases();
	shrink_all(GFP_KERNEL);
	return nr_free_pages();
}

/* Leave @n order-0 holes in physical memory. Return: the pages kept (free them later). */
static unsigned int fragment(struct page **keep, unsigned int n)
{
	unsigned int kept = 0;

	/*
	 * Empty the per-CPU page lists first: the pages freed below are then
	 * the ones on top of them, handed out again before any other.
	 */
	drain_all_pages(NULL);
	for (unsigned int i = 0; i < 2 * n; i++) {
		struct page *p = alloc_page(GFP_KERNEL);

		if (!p)
			break;
		if (i % 2)
			__free_page(p);
		else
			keep[kept++] = p;
	}
	return kept;
}

static void unfragment(struct page **keep, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		__free_page(keep[i]);
}

static void mapping_present_writable_nx(struct ktest *t)
{
	static struct page *keep[64];
	const unsigned int nr = 256;
	unsigned int kept = fragment(keep, 64), breaks = 0;
	char *p = vmalloc(nr * PAGE_SIZE);
	struct vm_struct *vm;

	KTEST_ASSERT_NOT_NULL(t, p);
	vm = find_vm_area(p);
	KTEST_ASSERT_NOT_NULL(t, vm);
	KTEST_EXPECT_PTR_EQ(t, vm->addr, p);
	KTEST_EXPECT_EQ(t, vm->size, (nr + 1) * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, vm->nr_pages, nr);
	KTEST_EXPECT_TRUE(t, vm->flags & VM_ALLOC);
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr(p));
	for (unsigned int i = 0; i < nr; i++) {
		unsigned long addr = (unsigned long)p + i * PAGE_SIZE;
		unsigned int flags = 0;
		phys_addr_t phys = 0;
		size_t psize = 0;

		KTEST_ASSERT_TRUE(t, arch_mmu_query(addr, &phys, &flags, &psize));
		KTEST_EXPECT_TRUE(t, flags & MMU_WRITE);
		KTEST_EXPECT_FALSE(t, flags & MMU_EXEC);
		KTEST_EXPECT_EQ(t, psize, PAGE_SIZE);
		KTEST_EXPECT_PTR_EQ(t, vmalloc_to_page((void *)addr), pfn_to_page(phys >> PAGE_SHIFT));
		KTEST_EXPECT_PTR_EQ(t, vmalloc_to_page((void *)addr), vm->pages[i]);
		KTEST_EXPECT_EQ(t, vmalloc_to_pfn((void *)addr), phys >> PAGE_SHIFT);
		KTEST_EXPECT_TRUE(t, PageVmalloc(vm->pages[i]));
		p[i * PAGE_SIZE] = (char)i;
		p[i * PAGE_SIZE + PAGE_SIZE - 1] = (char)~i;
		if (i && page_to_pfn(vm->pages[i]) != page_to_pfn(vm->pages[i - 1]) + 1)
			breaks++;
	}
	/* Virtually contiguous; physically not (the holes came first). */
	for (unsigned int i = 0; i < nr; i++)
		KTEST_EXPECT_EQ(t, *(char *)((char *)page_address(vm->pages[i])), (char)i);
	KTEST_EXPECT_GT(t, breaks, 0U);
	KTEST_EXPECT_FALSE(t, arch_mmu_query((unsigned long)p + nr * PAGE_SIZE, NULL, NULL, NULL));
	KTEST_EXPECT_PTR_EQ(t, find_vm_area(p + nr * PAGE_SIZE), vm);	/* guard page is the area's */
	vfree(p);
	KTEST_EXPECT_NULL(t, find_vm_area(p));
	KTEST_EXPECT_FALSE(t, arch_mmu_query((unsigned long)p, NULL, NULL, NULL));
	unfragment(keep, kept);
}

static void vzalloc_zeroes(struct ktest *t)
{
	char *p = vmalloc(64 << 10);

	KTEST_ASSERT_NOT_NULL(t, p);
	memset(p, 0xaa, 64 << 10);
	vfree(p);
	vm_unmap_aliases();
	p = vzalloc(64 << 10);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0, 64 << 10));
	vfree(p);
	p = __vmalloc(3 * PAGE_SIZE + 5, GFP_KERNEL | __GFP_ZERO);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0, 4 * PAGE_SIZE));
	KTEST_EXPECT_EQ(t, find_vm_area(p)->nr_pages, 4U);
	vfree(p);
}

static void alignment_variants(struct ktest *t)
{
	for (unsigned int shift = PAGE_SHIFT; shift <= 24; shift++) {
		unsigned long align = 1UL << shift;
		char *p = vmalloc_align(3 * PAGE_SIZE, align);
		char *z = __vmalloc_aligned(5 * PAGE_SIZE, align, GFP_KERNEL | __GFP_ZERO);

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_ASSERT_NOT_NULL(t, z);
		KTEST_EXPECT_EQ(t, (unsigned long)p & (align - 1), 0UL);
		KTEST_EXPECT_EQ(t, (unsigned long)z & (align - 1), 0UL);
		KTEST_EXPECT_NULL(t, memchr_inv(z, 0, 5 * PAGE_SIZE));
		p[3 * PAGE_SIZE - 1] = 1;
		vfree(p);
		vfree(z);
	}
	/* Not a power of two, and an alignment no address in the space has. */
	KTEST_EXPECT_NULL(t, __vmalloc_aligned(PAGE_SIZE, 3 * PAGE_SIZE, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_NULL(t, __vmalloc_aligned(PAGE_SIZE, 1UL << 46, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_NULL(t, __vmalloc(0, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_NULL(t, __vmalloc(~0UL - 10, GFP_KERNEL | __GFP_NOWARN));
}

static void vmap_maps_those_pages(struct ktest *t)
{
	struct page *pages[8];
	unsigned int flags;
	char *v;

	for (int i = 0; i < 8; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, pages[i]);
		memset(page_address(pages[i]), 'a' + i, PAGE_SIZE);
	}
	v = vmap(pages, 8, 0, PAGE_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, v);
	KTEST_EXPECT_TRUE(t, find_vm_area(v)->flags & VM_MAP);
	for (int i = 0; i < 8; i++) {
		KTEST_EXPECT_PTR_EQ(t, vmalloc_to_page(v + i * PAGE_SIZE), pages[i]);
		KTEST_EXPECT_EQ(t, v[i * PAGE_SIZE + 100], 'a' + i);
	}
	v[5 * PAGE_SIZE] = 'Z';
	KTEST_EXPECT_EQ(t, *(char *)page_address(pages[5]), 'Z');
	vunmap(v);
	KTEST_EXPECT_NULL(t, find_vm_area(v));
	/* The pages are still the caller's, contents intact; read-only vmap. */
	KTEST_EXPECT_EQ(t, page_ref_count(pages[0]), 1);
	v = vmap(pages, 8, 0, PAGE_KERNEL_RO);
	KTEST_ASSERT_NOT_NULL(t, v);
	KTEST_EXPECT_TRUE(t, arch_mmu_query((unsigned long)v, NULL, &flags, NULL));
	KTEST_EXPECT_FALSE(t, flags & MMU_WRITE);
	KTEST_EXPECT_EQ(t, v[5 * PAGE_SIZE], 'Z');
	vfree(v);	/* vfree of a vmap area unmaps it, as in Linux */
	KTEST_EXPECT_NULL(t, vmap(pages, 0, 0, PAGE_KERNEL));
	for (int i = 0; i < 8; i++)
		__free_page(pages[i]);
}

static void kvmalloc_picks_allocator(struct ktest *t)
{
	unsigned long vpages = vmalloc_nr_pages();
	char *small = kvmalloc(100, GFP_KERNEL);
	char *page = kvmalloc(PAGE_SIZE, GFP_KERNEL);
	char *big = kvzalloc(1 << 20, GFP_KERNEL);
	char *r;

	KTEST_ASSERT_NOT_NULL(t, small);
	KTEST_ASSERT_NOT_NULL(t, page);
	KTEST_ASSERT_NOT_NULL(t, big);
	KTEST_EXPECT_FALSE(t, is_vmalloc_addr(small));
	KTEST_EXPECT_FALSE(t, is_vmalloc_addr(page));
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr(big));
	KTEST_EXPECT_NULL(t, memchr_inv(big, 0, 1 << 20));
	KTEST_EXPECT_NULL(t, kvmalloc_array(1UL << 62, 8, GFP_KERNEL));
	/* No vmalloc fallback for a mask that may not sleep. */
	KTEST_EXPECT_NULL(t, kvmalloc(1 << 20, GFP_ATOMIC | __GFP_NOWARN));
	/* kvrealloc: kmalloc -> vmalloc keeps the contents, vmalloc shrinks in place. */
	memset(small, 's', 100);
	r = kvrealloc(small, 512 << 10, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, r);
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr(r));
	KTEST_EXPECT_NULL(t, memchr_inv(r, 's', 100));
	KTEST_EXPECT_PTR_EQ(t, kvrealloc(r, 4000, GFP_KERNEL), r);
	r = kvrealloc(r, 1 << 20, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, r);
	KTEST_EXPECT_NULL(t, memchr_inv(r, 's', 100));
	kvfree(r);
	kvfree(page);
	kvfree(big);
	kvfree(NULL);
	KTEST_EXPECT_EQ(t, vmalloc_nr_pages(), vpages);
}

static unsigned long long rng_state;

static unsigned int rnd(unsigned int n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(rng_state >> 33) % n;
}

/* 10,000 mixed alloc/free cycles with up to 32 live areas. Return: failures. */
static unsigned int churn(unsigned long long seed)
{
	void *slot[32] = { 0 };
	unsigned int failures = 0;

	rng_state = seed;
	for (int i = 0; i < 10000; i++) {
		unsigned int s = rnd(32);

		if (slot[s]) {
			vfree(slot[s]);
			slot[s] = NULL;
		} else {
			unsigned long size = (1 + rnd(rnd(4) ? 4 : 64)) * PAGE_SIZE - rnd(100);

			slot[s] = rnd(2) ? vmalloc(size) : vzalloc(size);
			failures += !slot[s];
		}
	}
	for (int s = 0; s < 32; s++)
		vfree(slot[s]);
	return failures;
}

static void reuse_without_leaks(struct ktest *t)
{
	unsigned long pages, space, vpages = vmalloc_nr_pages();

	/* A first run maps the page tables the second one will use. */
	KTEST_EXPECT_EQ(t, churn(42), 0U);
	pages = settled_free_pages();
	space = vmap_free_bytes();
	KTEST_EXPECT_EQ(t, churn(42), 0U);
	KTEST_EXPECT_EQ(t, settled_free_pages(), pages);
	KTEST_EXPECT_EQ(t, vmap_free_bytes(), space);
	KTEST_EXPECT_EQ(t, vmalloc_nr_pages(), vpages);
	KTEST_EXPECT_EQ(t, vmalloc_check(), 0U);
}

static void long_busy_list(struct ktest *t)
{
	const unsigned int n = 15000;
	void **ptr;
	unsigned int got = 0;
	void *a, *b;

	/* 15,000 one-page areas need about 70 MiB with their metadata. */
	if (nr_free_pages() < 2 * n)
		ktest_skip(t, "needs more than 120 MiB of free memory");
	ptr = vmalloc(n * sizeof(void *));
	KTEST_ASSERT_NOT_NULL(t, ptr);
	for (got = 0; got < n; got++) {
		ptr[got] = vmalloc(PAGE_SIZE);
		if (!ptr[got])
			break;
	}
	KTEST_EXPECT_EQ(t, got, n);
	KTEST_EXPECT_EQ(t, vmalloc_check(), 0U);
	a = vmalloc(100 * PAGE_SIZE);
	b = vmalloc(PAGE_SIZE);
	KTEST_EXPECT_NOT_NULL(t, a);
	KTEST_EXPECT_NOT_NULL(t, b);
	vfree(a);
	vfree(b);
	while (got)
		vfree(ptr[--got]);
	vfree(ptr);
}

/*
 * Page tables stay once made, and which slab pages the allocator's own
 * metadata ends up on depends on history: a first identical run settles
 * both, so the page count after the second must equal the count before it.
 */
static void sixty_four_mib(struct ktest *t)
{
	const unsigned long size = 64UL << 20;
	unsigned long before = settled_free_pages();
	char *p;

	if ((size >> PAGE_SHIFT) + 2048 > before)
		ktest_skip(t, "less than 72 MiB free");
	vfree(vmalloc(size));
	before = settled_free_pages();
	p = vmalloc(size);
	KTEST_ASSERT_NOT_NULL(t, p);
	for (unsigned long off = 0; off < size; off += PAGE_SIZE)
		p[off] = (char)(off >> PAGE_SHIFT);
	for (unsigned long off = 0; off < size; off += PAGE_SIZE)
		if (p[off] != (char)(off >> PAGE_SHIFT))
			KTEST_ASSERT_EQ(t, p[off], (char)(off >> PAGE_SHIFT));
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr(find_vm_area(p)->pages));	/* vpages */
	vfree(p);
	KTEST_EXPECT_EQ(t, settled_free_pages(), before);
}

static void page_failure_frees_everything(struct ktest *t)
{
	unsigned long size = (settled_free_pages() + 64) * PAGE_SIZE, before, space;
	unsigned long vpages = vmalloc_nr_pages();

	if ((size >> PAGE_SHIFT) > totalram_pages)
		ktest_skip(t, "cannot ask for more than is free without passing total RAM");
	KTEST_EXPECT_NULL(t, __vmalloc(size, GFP_KERNEL | __GFP_NOWARN));	/* settles, as above */
	before = settled_free_pages();
	space = vmap_free_bytes();
	capture();
	KTEST_EXPECT_NULL(t, vmalloc(size));
	capture_end();
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "vmalloc error: size"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "failed to allocate pages"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "page_failure_frees_everything+0x"));
	KTEST_EXPECT_EQ(t, settled_free_pages(), before);
	KTEST_EXPECT_EQ(t, vmap_free_bytes(), space);
	KTEST_EXPECT_EQ(t, vmalloc_nr_pages(), vpages);
	/* Too big for RAM at all: refused before anything is taken. */
	KTEST_EXPECT_NULL(t, __vmalloc((totalram_pages + 1) * PAGE_SIZE, GFP_KERNEL | __GFP_NOWARN));
}

static void map_failure_leaves_no_mapping(struct ktest *t)
{
	static struct page *keep[32];
	const unsigned long size = 96 * PAGE_SIZE;
	unsigned int kept = fragment(keep, 32);
	unsigned long before = settled_free_pages(), vpages = vmalloc_nr_pages();
	char *p = vmalloc(size), *q;

	/* The lowest fit is deterministic: the failing vmalloc gets p again. */
	KTEST_ASSERT_NOT_NULL(t, p);
	vfree(p);
	vm_unmap_aliases();
	vmalloc_fail_map_nth = 2;	/* pages 0-63 are mapped, then 64-95 fail */
	capture();
	q = vmalloc(size);
	capture_end();
	vmalloc_fail_map_nth = 0;
	KTEST_EXPECT_NULL(t, q);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "failed to map pages"));
	for (unsigned long off = 0; off <= size; off += PAGE_SIZE)
		KTEST_EXPECT_FALSE(t, arch_mmu_query((unsigned long)p + off, NULL, NULL, NULL));
	KTEST_EXPECT_EQ(t, settled_free_pages(), before);
	KTEST_EXPECT_EQ(t, vmalloc_nr_pages(), vpages);
	q = vmalloc(size);	/* the space was given back at once */
	KTEST_EXPECT_PTR_EQ(t, q, p);
	vfree(q);
	unfragment(keep, kept);
}

/* One bad call: the report names @addr, @what it is and the caller; nothing changes. */
static __noinline void expect_bad_vfree(struct ktest *t, void (*fn)(const void *),
				       const void *addr, const char *what, char *live,
				       size_t live_size)
{
	unsigned long warns = warn_count, vpages = vmalloc_nr_pages();
	char addr_str[32];

	snprintf(addr_str, sizeof(addr_str), "%p", addr);
	capture();
	fn(addr);
	capture_end();
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "Trying to v"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, addr_str));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, what));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "from expect_bad_vfree"));	/* the caller */
	KTEST_EXPECT_EQ(t, vmalloc_nr_pages(), vpages);
	KTEST_EXPECT_NOT_NULL(t, find_vm_area(live));
	KTEST_EXPECT_NULL(t, memchr_inv(live, 0x5c, live_size));
}

static void bad_vfree_reported(struct ktest *t)
{
	const size_t size = 4 * PAGE_SIZE;
	char *a = vmalloc(size), *b = vmalloc(size), *k = kmalloc(64, GFP_KERNEL), *c;

	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_ASSERT_NOT_NULL(t, b);
	KTEST_ASSERT_NOT_NULL(t, k);
	memset(a, 0x5c, size);
	memset(b, 0x5c, size);
	expect_bad_vfree(t, vfree, a + PAGE_SIZE, "4096 bytes inside the 16384-byte area", a, size);
	expect_bad_vfree(t, vfree, a + 16, "bad address", a, size);
	expect_bad_vfree(t, vfree, k, "not a vmalloc address", b, size);
	expect_bad_vfree(t, vfree, (void *)(VMALLOC_END - 64 * PAGE_SIZE), "in no vmalloc area",
			 a, size);
	expect_bad_vfree(t, vunmap, b, "use vfree()", b, size);
	c = vmalloc(PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(t, c);
	vfree(c);
	expect_bad_vfree(t, vfree, c, "double free", a, size);
	KTEST_EXPECT_EQ(t, vmalloc_check(), 0U);
	kfree(k);
	vfree(a);
	vfree(b);
}

/* Misuse other than vfree: reported, refused, and nothing live is touched. */
static void other_misuse_reported(struct ktest *t)
{
	char *live = vmalloc(2 * PAGE_SIZE);
	struct page *pages[2] = { alloc_page(GFP_KERNEL), NULL };
	unsigned long warns = warn_count, vpages;

	KTEST_ASSERT_NOT_NULL(t, live);
	KTEST_ASSERT_NOT_NULL(t, pages[0]);
	memset(live, 0x5c, 2 * PAGE_SIZE);
	vpages = vmalloc_nr_pages();
	capture();
	KTEST_EXPECT_NULL(t, kvrealloc(live + PAGE_SIZE, 3 * PAGE_SIZE, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, __vmalloc(PAGE_SIZE, GFP_ATOMIC));
	KTEST_EXPECT_NULL(t, vmap(pages, 2, 0, PAGE_KERNEL));
	KTEST_EXPECT_NULL(t, vmap(pages, 1, 0, PAGE_KERNEL | MMU_EXEC));	/* W+X */
	capture_end();
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "Trying to vrealloc() nonexistent vm area"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "from other_misuse_reported+0x"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "may not sleep"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "vmap(): pages[1] = 0x0000000000000000 is not a page"));
	KTEST_EXPECT_GE(t, warn_count, warns + 3);
	KTEST_EXPECT_EQ(t, vmalloc_nr_pages(), vpages);
	KTEST_EXPECT_PTR_EQ(t, find_vm_area(live)->addr, live);
	KTEST_EXPECT_NULL(t, memchr_inv(live, 0x5c, 2 * PAGE_SIZE));
	KTEST_EXPECT_EQ(t, page_ref_count(pages[0]), 1);
	__free_page(pages[0]);
	vfree(live);
}

static unsigned long fault_lo, fault_hi;
static int fault_hits;

/* The expected fault: print the real report, then skip the 3-byte load. */
static bool vmalloc_fault_fixup(struct pt_regs *regs)
{
	unsigned long cr2 = read_cr2();

	if (cr2 < fault_lo || cr2 >= fault_hi)
		return false;	/* not ours: the normal oops */
	show_page_fault(regs, cr2);
	fault_hits++;
	regs->rip += 3;
	regs->rax = 0;
	return true;
}

/* "mov (%rax), %rax": a load of known length the fixup can skip. */
static unsigned long faulting_load(unsigned long addr)
{
	unsigned long val = addr;

	__asm__ __volatile__(".byte 0x48, 0x8b, 0x00" : "+a"(val) : : "memory");
	return val;
}

static void guard_page_overflow_caught(struct ktest *t)
{
	char *p = vmalloc(2 * PAGE_SIZE), *other = vmalloc(PAGE_SIZE);
	char want[96];

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_NOT_NULL(t, other);
	memset(other, 0x5c, PAGE_SIZE);
	fault_lo = (unsigned long)p;
	fault_hi = fault_lo + 3 * PAGE_SIZE;
	fault_hits = 0;
	set_trap_fixup(X86_TRAP_PF, vmalloc_fault_fixup);
	capture();
	faulting_load((unsigned long)p + 2 * PAGE_SIZE + 8);	/* 8 bytes into the guard page */
	capture_end();
	KTEST_EXPECT_EQ(t, fault_hits, 1);
	snprintf(want, sizeof(want), "BUG: unable to handle page fault for address: %016lx",
		 (unsigned long)p + 2 * PAGE_SIZE + 8);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, want));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "is 8 bytes past the end of the 8192-byte area"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "allocated by guard_page_overflow_caught+0x"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "(guard page)"));
	/* A use after free, once the TLB is flushed: the freed area is named. */
	vfree(p);
	vm_unmap_aliases();
	capture();
	faulting_load((unsigned long)p + 16);
	capture_end();
	set_trap_fixup(X86_TRAP_PF, NULL);
	KTEST_EXPECT_EQ(t, fault_hits, 2);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "is 16 bytes inside the 8192-byte area"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "freed by guard_page_overflow_caught+0x"));
	KTEST_EXPECT_NULL(t, memchr_inv(other, 0x5c, PAGE_SIZE));
	vfree(other);
}

static void vfree_atomic_is_deferred(struct ktest *t)
{
	char *p = vmalloc(PAGE_SIZE), *q;
	unsigned long warns = warn_count;

	KTEST_ASSERT_NOT_NULL(t, p);
	preempt_disable();			/* the kworker must not drain it yet */
	vfree_atomic(p);
	KTEST_EXPECT_NOT_NULL(t, find_vm_area(p));	/* queued, not freed yet */
	capture();
	vfree_atomic(p);
	capture_end();
	preempt_enable();
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "already queued for freeing"));
	q = vmalloc(PAGE_SIZE);			/* drained by now (kworker or here) */
	KTEST_EXPECT_NULL(t, find_vm_area(p));
	KTEST_EXPECT_PTR_NE(t, q, p);		/* p waits for its TLB flush */
	vfree(q);
	vfree(NULL);
	vfree_atomic(NULL);
}

static bool tasklet_ran;
static bool tasklet_saw_interrupt;

static void vfree_from_tasklet(unsigned long data)
{
	tasklet_saw_interrupt = in_interrupt();
	vfree((void *)data);
	tasklet_ran = true;
}

/* A real softirq: vfree() there queues the area; process context frees it. */
static void vfree_in_softirq_is_deferred(struct ktest *t)
{
	static struct tasklet_struct tl;
	char *p = vmalloc(PAGE_SIZE), *q;
	unsigned long warns = warn_count;

	KTEST_ASSERT_NOT_NULL(t, p);
	tasklet_ran = false;
	tasklet_init(&tl, vfree_from_tasklet, (unsigned long)p);
	capture();
	preempt_disable();	/* the kworker must not drain it before the check */
	local_bh_disable();
	tasklet_schedule(&tl);
	local_bh_enable();	/* runs the tasklet here */
	capture_end();
	KTEST_EXPECT_NOT_NULL(t, find_vm_area(p));	/* queued */
	preempt_enable();
	KTEST_ASSERT_TRUE(t, tasklet_ran);
	KTEST_EXPECT_TRUE(t, tasklet_saw_interrupt);
	KTEST_EXPECT_NULL(t, strstr(report, "sleeping function"));
	KTEST_EXPECT_EQ(t, warn_count, warns);
	q = vmalloc(PAGE_SIZE);
	KTEST_EXPECT_NULL(t, find_vm_area(p));	/* drained */
	vfree(q);
	tasklet_kill(&tl);
}

static void lazy_purge_before_reuse(struct ktest *t)
{
	unsigned long peak = 0, max_lazy = lazy_max_pages();
	char *p = vmalloc(PAGE_SIZE), *q;
	bool dropped = false;

	KTEST_ASSERT_NOT_NULL(t, p);
	vfree(p);
	KTEST_EXPECT_EQ(t, vmap_lazy_pages(), 2UL);	/* area + guard page */
	q = vmalloc(PAGE_SIZE);
	KTEST_EXPECT_PTR_NE(t, q, p);			/* not reused before the flush */
	vfree(q);
	vm_unmap_aliases();
	KTEST_EXPECT_EQ(t, vmap_lazy_pages(), 0UL);
	q = vmalloc(PAGE_SIZE);
	KTEST_EXPECT_PTR_EQ(t, q, p);			/* lowest fit, now flushed */
	vfree(q);
	/* Past the threshold the queue is purged by itself. */
	for (unsigned long i = 0; i < max_lazy; i++) {
		unsigned long before = vmap_lazy_pages();

		vfree(vmalloc(PAGE_SIZE));
		peak = max(peak, vmap_lazy_pages());
		dropped |= vmap_lazy_pages() < before;
	}
	KTEST_EXPECT_TRUE(t, dropped);
	KTEST_EXPECT_LE(t, peak, max_lazy);
}

static void out_of_space_purges(struct ktest *t)
{
	/* 2^45 alignment: one address in the whole space has it. */
	char *p = __vmalloc_aligned(PAGE_SIZE, 1UL << 45, GFP_KERNEL), *q;

	KTEST_ASSERT_NOT_NULL(t, p);
	vfree(p);
	KTEST_EXPECT_GT(t, vmap_lazy_pages(), 0UL);
	q = __vmalloc_aligned(PAGE_SIZE, 1UL << 45, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(t, q, p);
	KTEST_EXPECT_EQ(t, vmap_lazy_pages(), 0UL);
	vfree(q);
}

static void vmallocinfo_format(struct ktest *t)
{
	struct page *page = alloc_page(GFP_KERNEL);
	char *p = vmalloc(3 * PAGE_SIZE), *v, *f = vmalloc(PAGE_SIZE);
	char want[128];

	KTEST_ASSERT_NOT_NULL(t, page);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_NOT_NULL(t, f);
	v = vmap(&page, 1, 0, PAGE_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, v);
	vfree(f);
	capture();
	show_vmallocinfo();
	capture_end();
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx   16384 vmallocinfo_format+0x",
		 (unsigned long)p, (unsigned long)p + 4 * PAGE_SIZE);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, want));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, " pages=3 vmalloc\n"));
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx    8192 vmallocinfo_format+0x",
		 (unsigned long)v, (unsigned long)v + 2 * PAGE_SIZE);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, want));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, " vmap\n"));
	snprintf(want, sizeof(want), "0x%016lx-0x%016lx    8192 unpurged vm_area",
		 (unsigned long)f, (unsigned long)f + 2 * PAGE_SIZE);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, want));
	vunmap(v);
	vfree(p);
	__free_page(page);
}

static void might_sleep_reported(struct ktest *t)
{
	enum system_states saved = system_state;
	unsigned long flags;
	void *p;

	p = vmalloc(PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(t, p);
	system_state = SYSTEM_RUNNING;
	capture();
	local_irq_save(flags);
	vfree(p);
	local_irq_restore(flags);
	capture_end();
	system_state = saved;
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "BUG: sleeping function called from invalid context"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "mm/vmalloc.c:"));
	KTEST_EXPECT_NULL(t, find_vm_area(p));	/* reported, and still freed */
}

static struct vmap_area *test_node_alloc(void *priv, gfp_t gfp)
{
	return kmalloc(sizeof(struct vmap_area), gfp);
}

static void test_node_free(void *priv, struct vmap_area *va)
{
	kfree(va);
}

static const struct vmap_area_ops test_node_ops = {
	.alloc_node = test_node_alloc,
	.free_node = test_node_free,
};

/* The allocator as an instance: a private space over a fake range. */
static void private_vmap_space(struct ktest *t)
{
	struct vmap_space vs;
	struct vmap_area *va[64];

	KTEST_ASSERT_EQ(t, vmap_space_init(&vs, 0x100000000UL, 0x100000000UL + 64 * PAGE_SIZE,
					   &test_node_ops, NULL, GFP_KERNEL), 0);
	for (int i = 0; i < 64; i++) {
		KTEST_ASSERT_EQ(t, vmap_space_preload(&vs, GFP_KERNEL), 0);
		KTEST_ASSERT_EQ(t, vmap_space_alloc(&vs, PAGE_SIZE, PAGE_SIZE, &va[i]), 0);
		KTEST_EXPECT_EQ(t, va[i]->va_start, 0x100000000UL + i * PAGE_SIZE);
	}
	KTEST_EXPECT_EQ(t, vmap_space_alloc(&vs, PAGE_SIZE, PAGE_SIZE, &va[0]), -ENOSPC);
	for (int i = 0; i < 64; i += 2)
		KTEST_EXPECT_EQ(t, vmap_space_free(&vs, va[i]), 0);
	KTEST_EXPECT_EQ(t, vs.nr_free, 32UL);
	for (int i = 1; i < 64; i += 2)
		KTEST_EXPECT_EQ(t, vmap_space_free(&vs, va[i]), 0);
	KTEST_EXPECT_EQ(t, vs.nr_free, 1UL);
	KTEST_EXPECT_EQ(t, vmap_space_check(&vs), 0U);
	vmap_space_destroy(&vs);
}

static const struct ktest_case vmalloc_cases[] = {
	KTEST_CASE(mapping_present_writable_nx),
	KTEST_CASE(vzalloc_zeroes),
	KTEST_CASE(alignment_variants),
	KTEST_CASE(vmap_maps_those_pages),
	KTEST_CASE(kvmalloc_picks_allocator),
	KTEST_CASE(reuse_without_leaks),
	KTEST_CASE(long_busy_list),
	KTEST_CASE(sixty_four_mib),
	KTEST_CASE(page_failure_frees_everything),
	KTEST_CASE(map_failure_leaves_no_mapping),
	KTEST_CASE(bad_vfree_reported),
	KTEST_CASE(other_misuse_reported),
	KTEST_CASE(guard_page_overflow_caught),
	KTEST_CASE(vfree_atomic_is_deferred),
	KTEST_CASE(vfree_in_softirq_is_deferred),
	KTEST_CASE(lazy_purge_before_reuse),
	KTEST_CASE(out_of_space_purges),
	KTEST_CASE(vmallocinfo_format),
	KTEST_CASE(might_sleep_reported),
	KTEST_CASE(private_vmap_space),
};
KTEST_SUITE_FULL(vmalloc, vmalloc_cases, vm_init, vm_exit);
