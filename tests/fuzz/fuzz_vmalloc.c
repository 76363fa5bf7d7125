// SPDX-License-Identifier: MIT
/*
 * Fuzz target: vmalloc (mm/vmalloc.c, mm/vmap_area.c, mm/vmalloc_report.c)
 * against a reference model. Each input is a sequence of operations:
 * vmalloc/vzalloc/__vmalloc_aligned of random sizes and alignments, vmap
 * of freshly allocated pages (read-write or read-only), kvmalloc,
 * vfree/vunmap/vfree_atomic/kvfree, running the deferred-free work, and
 * vm_unmap_aliases(). After every step:
 *  - live areas (with their guard page) do not overlap and are aligned;
 *  - each area's pattern is intact, read through the vmalloc address and
 *    through page_address() of the page vmalloc_to_page() names;
 *  - vmalloc_nr_pages() = start + pages of live vmalloc areas, and the
 *    recorder's mapped pages = start + every live area's pages;
 *  - vmalloc_check() finds nothing wrong.
 * At the end everything is freed and purged; pages mapped and vmalloc
 * pages are back to the start, and the free page count too, apart from
 * page-table pages, which stay as in the kernel.
 */
#include <arch/irqflags.h>
#include <arch/mmu.h>
#include <kernel/panic.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "../host/mm/host_mm.h"
#include "fuzz_common.h"

#define MAX_LIVE 64
#define MAX_VMAP 16

enum kind { VMALLOC, VMAP, KVMALLOC };

struct area {
	u8 *addr;
	unsigned long size;		/* bytes asked for */
	unsigned long align;
	enum kind kind;
	bool ro, deferred;
	struct page *pages[MAX_VMAP];	/* VMAP: ours */
	unsigned int nr;		/* VMAP: page count */
	u32 seed;
};

static struct area live[MAX_LIVE];
static unsigned int nr_live;
static unsigned long start_vpages, start_mapped, start_free, start_pt;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	host_mm_boot();
	host_printk_set_quiet(true);
	return 0;
}

static unsigned long npages(unsigned long size)
{
	return (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

/* Pages vmalloc() itself holds for an area: its own, plus a vmalloc'ed page array if large. */
static unsigned long vm_pages_of(const struct area *a)
{
	unsigned long nr = npages(a->size), array = nr * sizeof(struct page *);

	if (a->kind == VMAP || !is_vmalloc_addr(a->addr))
		return 0;
	return nr + (array > PAGE_SIZE ? npages(array) : 0);
}

/* The first and last byte of every page (and of the area). */
static void pattern(struct area *a, bool write)
{
	unsigned long len = a->kind == VMAP ? a->nr * PAGE_SIZE : a->size;

	for (unsigned long pg = 0; pg < len && !a->ro; pg += PAGE_SIZE) {
		unsigned long offs[2] = { pg, min(pg + PAGE_SIZE, len) - 1 };

		for (int k = 0; k < 2; k++) {
			if (write)
				a->addr[offs[k]] = fuzz_pattern(a->seed, offs[k]);
			else
				FUZZ_CHECK(a->addr[offs[k]] == fuzz_pattern(a->seed, offs[k]),
					   "area %p corrupt at +%#lx", a->addr, offs[k]);
		}
	}
}

static void check_alias(const struct area *a, unsigned long off)
{
	struct page *page;

	if (a->ro || !is_vmalloc_addr(a->addr))
		return;
	page = vmalloc_to_page(a->addr + off);
	FUZZ_CHECK(page, "no page behind %p", a->addr + off);
	FUZZ_CHECK(((u8 *)page_address(page))[off & (PAGE_SIZE - 1)] == a->addr[off],
		   "direct-map alias differs at %p", a->addr + off);
}

static void add_area(struct area *a)
{
	unsigned long span = npages(a->kind == VMAP ? a->nr * PAGE_SIZE : a->size) * PAGE_SIZE;

	FUZZ_CHECK(!((unsigned long)a->addr % a->align), "%p not aligned to %#lx", a->addr,
		   a->align);
	if (is_vmalloc_addr(a->addr)) {
		FUZZ_CHECK(!arch_mmu_query((unsigned long)a->addr + span, NULL, NULL, NULL),
			   "guard page after %p is mapped", a->addr);
		for (unsigned int i = 0; i < nr_live; i++) {
			u8 *q = live[i].addr;
			unsigned long qs = npages(live[i].kind == VMAP ? live[i].nr * PAGE_SIZE :
						  live[i].size) * PAGE_SIZE + PAGE_SIZE;

			if (!is_vmalloc_addr(q))
				continue;
			FUZZ_CHECK(q + qs <= a->addr || a->addr + span + PAGE_SIZE <= q,
				   "%p overlaps %p", a->addr, q);
		}
	}
	live[nr_live++] = *a;
	pattern(&live[nr_live - 1], true);
}

static void do_vmalloc(struct fuzz_in *in)
{
	u16 v = fuzz_u16(in);
	u8 f = fuzz_u8(in);
	struct area a = { .kind = VMALLOC, .align = PAGE_SIZE, .seed = v * 31u + f };

	if (nr_live == MAX_LIVE)
		return;
	a.size = (v & 0x8000) ? (unsigned long)(v & 0x7ff) * 700 : 1 + (v & 0x7fff);
	if (f & 0x80)
		a.align = 1UL << (12 + (f & 15));
	if ((f & 3) == 0)
		a.addr = vmalloc(a.size);
	else if ((f & 3) == 1)
		a.addr = vzalloc(a.size);
	else
		a.addr = __vmalloc_aligned(a.size, a.align, GFP_KERNEL | __GFP_NOWARN |
					   ((f & 0x40) ? __GFP_DMA32 : 0));
	if (!a.size)
		FUZZ_CHECK(!a.addr, "vmalloc(0) = %p", a.addr);
	if (!a.addr)
		return;
	if ((f & 3) == 1)
		for (unsigned long i = 0; i < a.size; i += 97)
			FUZZ_CHECK(!a.addr[i], "vzalloc not zero at +%#lx", i);
	if ((f & 3) != 2)
		a.align = PAGE_SIZE;
	add_area(&a);
}

static void do_vmap(struct fuzz_in *in)
{
	u8 f = fuzz_u8(in);
	struct area a = { .kind = VMAP, .align = PAGE_SIZE, .nr = 1 + f % MAX_VMAP,
			  .ro = f & 0x80, .seed = f };

	if (nr_live == MAX_LIVE)
		return;
	for (unsigned int i = 0; i < a.nr; i++) {
		a.pages[i] = alloc_page(GFP_KERNEL | __GFP_NOWARN | __GFP_ZERO);
		if (!a.pages[i]) {
			while (i--)
				__free_page(a.pages[i]);
			return;
		}
	}
	a.addr = vmap(a.pages, a.nr, 0, a.ro ? PAGE_KERNEL_RO : PAGE_KERNEL);
	if (!a.addr) {
		for (unsigned int i = 0; i < a.nr; i++)
			__free_page(a.pages[i]);
		return;
	}
	for (unsigned int i = 0; i < a.nr; i++)
		FUZZ_CHECK(vmalloc_to_page(a.addr + i * PAGE_SIZE) == a.pages[i], "vmap page %u", i);
	add_area(&a);
}

static void do_kvmalloc(struct fuzz_in *in)
{
	u16 v = fuzz_u16(in);
	struct area a = { .kind = KVMALLOC, .align = 8, .size = 1 + (unsigned long)v * 4,
			  .seed = v };

	if (nr_live == MAX_LIVE)
		return;
	a.addr = kvmalloc(a.size, GFP_KERNEL | __GFP_NOWARN);
	if (a.addr)
		add_area(&a);
}

static void drop(unsigned int idx, u8 how)
{
	struct area a = live[idx];

	pattern(&a, false);
	live[idx] = live[--nr_live];
	if (a.kind == VMAP) {
		vunmap(a.addr);
		FUZZ_CHECK(!arch_mmu_query((unsigned long)a.addr, NULL, NULL, NULL),
			   "vunmap left %p mapped", a.addr);
		for (unsigned int i = 0; i < a.nr; i++) {
			FUZZ_CHECK(page_ref_count(a.pages[i]) == 1, "vmap page refcount");
			__free_page(a.pages[i]);
		}
	} else if (a.kind == KVMALLOC) {
		kvfree(a.addr);
	} else if (how & 1) {
		vfree_atomic(a.addr);
		if (how & 2)
			host_run_work();
	} else {
		vfree(a.addr);
	}
}

static void check_state(void)
{
	unsigned long vpages = 0, mapped = 0;

	for (unsigned int i = 0; i < nr_live; i++) {
		struct area *a = &live[i];

		vpages += vm_pages_of(a);
		if (a->kind == VMAP)
			mapped += a->nr;
		else if (is_vmalloc_addr(a->addr))
			mapped += vm_pages_of(a);
		if (!a->ro && a->kind != VMAP && a->size) {
			FUZZ_CHECK(a->addr[0] == fuzz_pattern(a->seed, 0), "area %p first byte", a->addr);
			check_alias(a, 0);
			check_alias(a, a->size - 1);
		}
	}
	host_run_work();	/* deferred frees happen before the counts are compared */
	FUZZ_CHECK(vmalloc_nr_pages() == start_vpages + vpages, "vmalloc pages %lu, model %lu",
		   vmalloc_nr_pages(), start_vpages + vpages);
	FUZZ_CHECK(host_mmu_mapped_pages == start_mapped + mapped, "mapped pages %lu, model %lu",
		   host_mmu_mapped_pages, start_mapped + mapped);
	FUZZ_CHECK(vmalloc_check() == 0, "vmalloc_check");
	FUZZ_CHECK(!irqs_disabled() && !preempt_count(), "context not restored");
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size, 0 };

	vm_unmap_aliases();
	shrink_all(GFP_KERNEL);
	start_vpages = vmalloc_nr_pages();
	start_mapped = host_mmu_mapped_pages;
	start_free = nr_free_pages();
	start_pt = arch_mmu_pt_pages();
	while (fuzz_more(&in)) {
		u8 op = fuzz_u8(&in);

		switch (op % 8) {
		case 0: case 1: case 2:
			do_vmalloc(&in);
			break;
		case 3:
			do_vmap(&in);
			break;
		case 4:
			do_kvmalloc(&in);
			break;
		case 5: case 6:
			if (nr_live)
				drop(fuzz_u8(&in) % nr_live, op >> 3);
			break;
		case 7:
			vm_unmap_aliases();
			FUZZ_CHECK(vmap_lazy_pages() == 0, "lazy pages after a purge");
			break;
		}
		check_state();
	}
	while (nr_live)
		drop(nr_live - 1, 0);
	check_state();
	vm_unmap_aliases();
	shrink_all(GFP_KERNEL);
	FUZZ_CHECK(nr_free_pages() + (arch_mmu_pt_pages() - start_pt) == start_free,
		   "pages leaked: %lu free + %lu new page tables, %lu at the start", nr_free_pages(),
		   arch_mmu_pt_pages() - start_pt, start_free);
	return 0;
}
