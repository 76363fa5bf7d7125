// SPDX-License-Identifier: MIT
/*
 * vmalloc: virtually contiguous memory from scattered pages (Linux
 * mm/vmalloc.c). The address space is a struct vmap_space over
 * [VMALLOC_START, VMALLOC_END) (mm/vmap_area.c); this file takes pages from
 * the buddy allocator one at a time, maps them with the arch MMU API, and
 * runs the life cycle of an area:
 *
 *   vmalloc: space for size + guard page -> pages -> map (4 KiB pages, NX)
 *   vfree:   detach from the busy tree -> unmap (no flush) -> free pages ->
 *            queue the range on vmap_purge_list ("lazy")
 *   purge:   when the queue passes lazy_max_pages() or space runs out, one
 *            TLB flush over the queued ranges, then they become free space
 *
 * So a freed range is never handed out again while a stale TLB entry could
 * still translate it. The pages themselves are freed at vfree() time, as
 * Linux does: nothing may touch a vmalloc address after vfree().
 *
 * vfree() from interrupt context (and vfree_atomic()) only queues the area
 * on vfree_deferred_list and schedules a work item: the kworker thread
 * drains the list in process context (so does the next
 * vmalloc/vfree/vmap/vunmap call, whichever comes first).
 *
 * Lock order:
 *   vmap_area_lock (interrupts off: one CPU, so that is the whole lock)
 *     guards vmap_space, vmap_purge_list, vmap_lazy_nr,
 *     vfree_deferred_list and the vfree ring. It is innermost: nothing is
 *     allocated, mapped or given to the page allocator while it is held;
 *     printk is fine.
 */
#define pr_fmt(fmt) "vmalloc: " fmt

#include <arch/irqflags.h>
#include <arch/mmu.h>
#include <arch/stacktrace.h>
#include <kernel/errno.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/workqueue.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "vmalloc_priv.h"

#define PAGE_ALIGNED(x) IS_ALIGNED((unsigned long)(x), PAGE_SIZE)
/* Flags that say how to allocate, not where or what: for metadata. */
#define GFP_RECLAIM_MASK (~(GFP_ZONEMASK | __GFP_ZERO | __GFP_COMP))

struct vmap_space vmap_space;		/* guarded by vmap_area_lock */
struct vmap_space module_vmap_space;	/* the module area (set up on first use); vmap_area_lock */
LIST_HEAD(vmap_purge_list);		/* guarded by vmap_area_lock */
static unsigned long vmap_lazy_nr;	/* pages on vmap_purge_list; vmap_area_lock */
/* The range the purge list spans (empty: start > end); vmap_area_lock. */
static unsigned long vmap_purge_start = ULONG_MAX, vmap_purge_end;
static struct vm_struct *vfree_deferred_list;	/* vmap_area_lock */
static unsigned long nr_vmalloc_pages;	/* atomic */
bool vmap_area_lock_held;
bool vmalloc_ready;
unsigned int vmalloc_fail_map_nth;
static struct kmem_cache *vmap_area_cachep;

static void vfree_drain_deferred(void);

/**
 * vmap_area_lock - take the vmalloc lock (interrupts off)
 *
 * Context: any; not recursive.
 * Return: the flags to pass to vmap_area_unlock().
 */
unsigned long vmap_area_lock(void)
{
	unsigned long flags;

	local_irq_save(flags);
	vmap_area_lock_held = true;
	return flags;
}

/**
 * vmap_area_unlock - drop the vmalloc lock
 * @flags: what vmap_area_lock() returned
 *
 * Context: vmap_area_lock held.
 */
void vmap_area_unlock(unsigned long flags)
{
	vmap_area_lock_held = false;
	local_irq_restore(flags);
}

/**
 * lazy_max_pages - how many lazily freed pages may wait for a TLB flush
 *
 * Linux: fls(num_online_cpus()) * 32 MiB worth of pages; one CPU here.
 * Context: any. Return: the threshold in pages.
 */
unsigned long lazy_max_pages(void)
{
	return (32UL << 20) / PAGE_SIZE;
}

static struct vmap_area *vmap_node_alloc(void *priv, gfp_t gfp)
{
	return kmem_cache_alloc(vmap_area_cachep, gfp & GFP_RECLAIM_MASK);
}

static void vmap_node_free(void *priv, struct vmap_area *va)
{
	kmem_cache_free(vmap_area_cachep, va);
}

static const struct vmap_area_ops vmap_node_ops = {
	.alloc_node = vmap_node_alloc,
	.free_node = vmap_node_free,
};

/* Move the purge list to the empty @list in O(1); the caller flushes and releases it. */
static bool take_purge_list(struct list_head *list, unsigned long *start, unsigned long *end)
{
	unsigned long flags;
	bool any;

	flags = vmap_area_lock();
	any = !list_empty(&vmap_purge_list);
	if (any) {
		list->next = vmap_purge_list.next;
		list->prev = vmap_purge_list.prev;
		list->next->prev = list;
		list->prev->next = list;
		INIT_LIST_HEAD(&vmap_purge_list);
	}
	*start = vmap_purge_start;
	*end = vmap_purge_end;
	vmap_purge_start = ULONG_MAX;
	vmap_purge_end = 0;
	vmap_lazy_nr = 0;
	vmap_area_unlock(flags);
	return any;
}

/* Areas released per lock hold: bounds the time with interrupts off. */
#define PURGE_BATCH 64

/*
 * purge_vmap_area_lazy - flush the TLB over every lazily freed range, then
 * make them free space. Return: the number of areas given back.
 */
static unsigned long purge_vmap_area_lazy(void)
{
	unsigned long start, end, flags, nr = 0;
	struct vmap_area *va;
	LIST_HEAD(list);

	if (!take_purge_list(&list, &start, &end))
		return 0;
	flush_tlb_kernel_range(start, end);
	while (!list_empty(&list)) {
		flags = vmap_area_lock();
		for (int i = 0; i < PURGE_BATCH && !list_empty(&list); i++, nr++) {
			va = list_first_entry(&list, struct vmap_area, list);
			list_del(&va->list);
			if (vmap_space_release(vmap_space_of(va->va_start), va))
				WARN_ONCE(1, "vmalloc: lost [%#lx-%#lx) on purge\n", va->va_start,
					  va->va_end);
		}
		vmap_area_unlock(flags);
	}
	return nr;
}

/**
 * vm_unmap_aliases - purge every lazily freed area now
 *
 * Context: process context; may sleep.
 */
void vm_unmap_aliases(void)
{
	might_sleep();
	vfree_drain_deferred();
	purge_vmap_area_lazy();
}

/*
 * Find space for @vm (its size includes the guard page); out of space,
 * purge the lazy areas once and retry. The spare-node pool is topped up
 * with a node allocated before taking the lock and handed in under the same
 * lock as the allocation, so the usual case takes the lock once.
 * Sets vm->addr. Return: 0 or -errno.
 */
static int alloc_vmap_area(struct vmap_space *vs, struct vm_struct *vm, unsigned long align,
			   gfp_t gfp)
{
	struct vmap_area *va, *node;
	unsigned long flags;
	bool purged = false;
	int ret;

	for (;;) {
		node = NULL;
		if (READ_ONCE(vs->nr_spare) < VMAP_SPARE_NODES) {	/* a hint */
			node = kmem_cache_alloc(vmap_area_cachep, gfp & GFP_RECLAIM_MASK);
			if (!node)
				return -ENOMEM;
		}
		flags = vmap_area_lock();
		if (node && vmap_space_add_spare(vs, node))
			node = NULL;
		ret = vmap_space_alloc(vs, vm->size, align, &va);
		if (!ret) {
			va->vm = vm;
			vm->addr = (void *)va->va_start;
		}
		vmap_area_unlock(flags);
		if (node)
			kmem_cache_free(vmap_area_cachep, node);
		if (ret == -ENOMEM)
			continue;	/* the split needs one more spare node */
		if (ret != -ENOSPC || purged)
			return ret;
		if (!purge_vmap_area_lazy())
			return ret;
		purged = true;
	}
}

/*
 * A vm_struct with address space for @size bytes (+ guard page), with room
 * for @inline_pages page pointers. Return: it or NULL.
 */
static struct vm_struct *__get_vm_area(struct vmap_space *vs, unsigned long size,
				       unsigned long align, unsigned long flags, gfp_t gfp,
				       const void *caller, unsigned int inline_pages)
{
	struct vm_struct *vm;

	if (!size || size > vs->end - vs->start || (align & (align - 1)))
		return NULL;
	/* Every field is set here (the page array is filled by its user). */
	vm = kmalloc(sizeof(*vm) + inline_pages * sizeof(struct page *), gfp & GFP_RECLAIM_MASK);
	if (!vm)
		return NULL;
	*vm = (struct vm_struct){ .flags = flags, .caller = caller,
				  .size = PAGE_ALIGN(size) + PAGE_SIZE };
	if (alloc_vmap_area(vs, vm, max(align, PAGE_SIZE), gfp)) {
		kfree(vm);
		return NULL;
	}
	return vm;
}

/* Pages handed to the arch per arch_mmu_map_pages() call (a stack batch). */
#define VMAP_BATCH 64

/*
 * Map @nr pages at @addr, VMAP_BATCH pages per arch call. On failure
 * nothing stays mapped (the caller flushes). Return: 0 or -errno.
 */
static int vmap_pages_range(unsigned long addr, struct page **pages, unsigned int nr,
			    unsigned int prot)
{
	phys_addr_t phys[VMAP_BATCH];
	unsigned int i = 0, n;
	int err;

	while (i < nr) {
		n = min(nr - i, VMAP_BATCH);
		for (unsigned int j = 0; j < n; j++)
			phys[j] = page_to_phys(pages[i + j]);
		err = arch_mmu_map_pages(addr + (unsigned long)i * PAGE_SIZE, phys, n, prot);
		if (vmalloc_fail_map_nth && !--vmalloc_fail_map_nth && !err) {
			arch_mmu_unmap(addr + (unsigned long)i * PAGE_SIZE,
				       (unsigned long)n * PAGE_SIZE);
			err = -ENOMEM;	/* injected */
		}
		if (err) {
			WARN_ON_ONCE(err == -EEXIST);	/* a stale mapping: a bug */
			if (i)
				arch_mmu_unmap(addr, (unsigned long)i * PAGE_SIZE);
			return err;
		}
		i += n;
	}
	return 0;
}

/* Queue the unmapped range of detached @va for the next purge. */
static void free_vmap_area_lazy(struct vmap_area *va)
{
	unsigned long flags;
	bool over;

	flags = vmap_area_lock();
	list_add_tail(&va->list, &vmap_purge_list);
	vmap_purge_start = min(vmap_purge_start, va->va_start);
	vmap_purge_end = max(vmap_purge_end, va->va_end);
	vmap_lazy_nr += va_size(va) >> PAGE_SHIFT;
	over = vmap_lazy_nr > lazy_max_pages();
	vmap_area_unlock(flags);
	if (over)
		purge_vmap_area_lazy();
}

/* Free the first @nr pages of @vm's page array. */
static void vm_free_pages(struct vm_struct *vm, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++)
		ClearPageVmalloc(vm->pages[i]);
	free_pages_bulk(vm->pages, nr);
	__atomic_sub_fetch(&nr_vmalloc_pages, nr, __ATOMIC_RELAXED);
}

static void vm_free_page_array(struct vm_struct *vm)
{
	if (vm->pages != vm->inline_pages)
		kvfree(vm->pages);
	vm->pages = NULL;
}

/*
 * Undo a __get_vm_area() whose range may have been mapped: flush it, give
 * the space back at once (no stale TLB entry is left) and free @vm.
 */
static void discard_vm_area(struct vm_struct *vm)
{
	unsigned long start = (unsigned long)vm->addr, flags;
	struct vmap_area *va;

	flush_tlb_kernel_range(start, start + vm->size);
	flags = vmap_area_lock();
	va = vmap_space_find(vmap_space_of(start), start);
	if (!WARN_ON_ONCE(!va || va->vm != vm))
		vmap_space_free(vmap_space_of(start), va);
	vmap_area_unlock(flags);
	kfree(vm);
}

static void vmalloc_warn(gfp_t gfp, unsigned long size, const char *what, const void *caller)
{
	char mode[160];

	if (gfp & __GFP_NOWARN)
		return;
	gfp_flags_snprint(mode, sizeof(mode), gfp);
	printk(KERN_WARNING "swapper: vmalloc error: size %lu, %s, mode:%s, nodemask=(null)\n",
	       size, what, mode);
	printk(KERN_WARNING "caller: %pS\n", caller);
	dump_stack();
	show_free_areas();
}

/*
 * Allocate @vm's page array and its pages, order 0 each (physically
 * scattered), in bulk as Linux's vm_area_alloc_pages(). Return: 0 or
 * -ENOMEM.
 */
static int vm_alloc_pages(struct vm_struct *vm, gfp_t gfp, const void *caller)
{
	size_t array = (size_t)vm->nr_pages * sizeof(struct page *);
	unsigned int i;

	if (vm->nr_pages <= VM_INLINE_PAGES)
		vm->pages = vm->inline_pages;
	else if (array > PAGE_SIZE)
		vm->pages = __vmalloc_node(array, 1, gfp & GFP_RECLAIM_MASK, caller);
	else
		vm->pages = kmalloc(array, gfp & GFP_RECLAIM_MASK);
	if (!vm->pages)
		return -ENOMEM;
	memset(vm->pages, 0, array);	/* the bulk allocator fills NULL entries */
	i = alloc_pages_bulk_array(gfp | __GFP_NOWARN, vm->nr_pages, vm->pages);
	for (unsigned int j = 0; j < i; j++)
		SetPageVmalloc(vm->pages[j]);
	__atomic_add_fetch(&nr_vmalloc_pages, i, __ATOMIC_RELAXED);
	if (i == vm->nr_pages)
		return 0;
	vm_free_pages(vm, i);
	vm_free_page_array(vm);
	return -ENOMEM;
}

/*
 * Set up the module area's space on first use (modules are rare; boot
 * stays as it was). Built on the stack, published under the lock.
 * Return: 0 or -ENOMEM.
 */
static int module_space_init(void)
{
	struct vmap_space vs;
	unsigned long flags;
	bool taken = false;

	if (READ_ONCE(module_vmap_space.end))
		return 0;
	if (vmap_space_init(&vs, MODULES_VADDR, MODULES_END, &vmap_node_ops, NULL, GFP_KERNEL))
		return -ENOMEM;
	flags = vmap_area_lock();
	if (!module_vmap_space.end) {
		module_vmap_space = vs;
		taken = true;
	}
	vmap_area_unlock(flags);
	if (!taken)
		vmap_space_destroy(&vs);
	return 0;
}

/**
 * __vmalloc_node_range - the vmalloc family's one allocator
 * @size: bytes (rounded up to pages)
 * @align: alignment of the address, a power of two (page at least)
 * @start: VMALLOC_START, or MODULES_VADDR for the module area (Linux's
 *         module_alloc() range, within 2 GiB of the kernel text)
 * @end: the matching VMALLOC_END or MODULES_END (only whole spaces)
 * @gfp: GFP_KERNEL-compatible mask, with optional __GFP_ZERO, __GFP_NOWARN,
 *       zone modifiers for the pages
 * @prot: arch MMU flags of the mapping (PAGE_KERNEL)
 * @caller: recorded as the allocator
 *
 * Context: process context; may sleep.
 * Return: the address, or NULL (reported unless __GFP_NOWARN).
 */
void *__vmalloc_node_range(unsigned long size, unsigned long align, unsigned long start,
			   unsigned long end, gfp_t gfp, unsigned int prot, const void *caller)
{
	unsigned long nr = PAGE_ALIGN(size) >> PAGE_SHIFT;
	struct vmap_space *vs = vmap_space_of(start);
	struct vm_struct *vm;
	const char *why;

	might_sleep();
	if (vs == &module_vmap_space && module_space_init())
		return NULL;
	if (WARN_ONCE(start != vs->start || end != vs->end,
		      "vmalloc: [%#lx-%#lx) is not a vmap space\n", start, end))
		return NULL;
	vfree_drain_deferred();
	if (WARN_ONCE(!gfpflags_allow_blocking(gfp), "vmalloc: gfp %#x may not sleep\n", gfp))
		return NULL;
	if (!size || PAGE_ALIGN(size) < size || (size >> PAGE_SHIFT) > totalram_pages) {
		vmalloc_warn(gfp, size, "exceeds total pages", caller);
		return NULL;
	}
	vm = __get_vm_area(vs, size, align, VM_ALLOC, gfp, caller,
			   nr <= VM_INLINE_PAGES ? nr : 0);
	if (!vm) {
		vmalloc_warn(gfp, size, "vm_struct allocation failed", caller);
		return NULL;
	}
	vm->nr_pages = nr;
	why = "failed to allocate pages";
	if (vm_alloc_pages(vm, gfp, caller))
		goto fail_area;
	why = "failed to map pages";
	if (vmap_pages_range((unsigned long)vm->addr, vm->pages, vm->nr_pages, prot))
		goto fail_pages;
	return vm->addr;

fail_pages:
	vm_free_pages(vm, vm->nr_pages);
	vm_free_page_array(vm);
fail_area:
	vmalloc_warn(gfp, size, why, caller);
	discard_vm_area(vm);
	return NULL;
}

/* __vmalloc_node_range() in vmalloc space, mapped RW+NX. */
void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp, const void *caller)
{
	return __vmalloc_node_range(size, align, VMALLOC_START, VMALLOC_END, gfp, PAGE_KERNEL,
				    caller);
}

/**
 * vmalloc - allocate virtually contiguous memory
 * @size: bytes
 *
 * Context: process context; may sleep.
 * Return: the address (page-aligned), or NULL.
 */
void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, 1, GFP_KERNEL, (void *)_RET_IP_);
}

/**
 * vzalloc - vmalloc() zeroed memory
 * @size: bytes
 *
 * Context: process context; may sleep.
 * Return: the address, or NULL.
 */
void *vzalloc(unsigned long size)
{
	return __vmalloc_node(size, 1, GFP_KERNEL | __GFP_ZERO, (void *)_RET_IP_);
}

/**
 * __vmalloc - vmalloc() with gfp flags
 * @size: bytes
 * @gfp: see __vmalloc_node()
 *
 * Context: process context; may sleep.
 * Return: the address, or NULL.
 */
void *__vmalloc(unsigned long size, gfp_t gfp)
{
	return __vmalloc_node(size, 1, gfp, (void *)_RET_IP_);
}

/**
 * __vmalloc_aligned - __vmalloc() at an address aligned to @align
 * @size: bytes
 * @align: a power of two
 * @gfp: see __vmalloc_node()
 *
 * Context: process context; may sleep.
 * Return: the address, or NULL (also for an @align that cannot be had).
 */
void *__vmalloc_aligned(unsigned long size, unsigned long align, gfp_t gfp)
{
	return __vmalloc_node(size, align, gfp, (void *)_RET_IP_);
}

/**
 * vmalloc_align - vmalloc() at an address aligned to @align
 * @size: bytes
 * @align: a power of two
 *
 * Context: process context; may sleep.
 * Return: the address, or NULL.
 */
void *vmalloc_align(unsigned long size, unsigned long align)
{
	return __vmalloc_node(size, align, GFP_KERNEL, (void *)_RET_IP_);
}

/*
 * Take the live area that starts at @addr out of the busy tree and record
 * its free. @deferred: called for an area vfree_atomic() queued.
 * Return: the area's node (its ->vm is the descriptor), or NULL if @addr
 * starts no live area (the caller reports it).
 */
static struct vmap_area *take_vm_area(const void *addr, const void *freer, bool deferred)
{
	struct vmap_area *va;
	unsigned long flags;

	flags = vmap_area_lock();
	va = vmap_space_find(vmap_space_of((unsigned long)addr), (unsigned long)addr);
	if (!va || va->va_start != (unsigned long)addr || !va->vm ||
	    !!(va->vm->flags & VM_DEFERRED_FREE) != deferred) {
		vmap_area_unlock(flags);
		return NULL;
	}
	vmap_space_detach(vmap_space_of(va->va_start), va);
	vfree_ring_add(va->vm, freer);
	vmap_area_unlock(flags);
	return va;
}

/* Unmap, free the pages (VM_ALLOC), queue the range, free the descriptor. */
static void free_vm_area(struct vmap_area *va)
{
	struct vm_struct *vm = va->vm;

	arch_mmu_unmap(va->va_start, get_vm_area_size(vm));
	if (vm->flags & VM_ALLOC) {
		vm_free_pages(vm, vm->nr_pages);
		vm_free_page_array(vm);
	}
	free_vmap_area_lazy(va);
	kfree(vm);
}

static void vfree_deferred_work_fn(struct work_struct *work)
{
	vfree_drain_deferred();
}
static DECLARE_WORK(vfree_deferred_work, vfree_deferred_work_fn);

/*
 * Make the deferred frees run soon in process context: the kworker thread
 * drains the list (and the next vmalloc/vfree/vmap/vunmap call does too).
 */
static void vfree_deferred_schedule(void)
{
	schedule_work(&vfree_deferred_work);
}

/* Free everything vfree_atomic() queued. Context: process context. */
static void vfree_drain_deferred(void)
{
	struct vm_struct *list, *vm;
	struct vmap_area *va;
	unsigned long flags;

	if (!READ_ONCE(vfree_deferred_list))
		return;
	flags = vmap_area_lock();
	list = vfree_deferred_list;
	vfree_deferred_list = NULL;
	vmap_area_unlock(flags);
	while (list) {
		vm = list;
		list = vm->next;
		va = take_vm_area(vm->addr, vm->free_caller, true);
		if (!WARN_ON_ONCE(!va))
			free_vm_area(va);
	}
}

static void __vfree_atomic(const void *addr, const void *caller)
{
	struct vmap_area *va;
	unsigned long flags;

	flags = vmap_area_lock();
	va = vmap_space_find(vmap_space_of((unsigned long)addr), (unsigned long)addr);
	if (va && va->va_start == (unsigned long)addr && va->vm &&
	    !(va->vm->flags & VM_DEFERRED_FREE)) {
		va->vm->flags |= VM_DEFERRED_FREE;
		va->vm->free_caller = caller;
		va->vm->next = vfree_deferred_list;
		vfree_deferred_list = va->vm;
		va = NULL;
	} else {
		va = (struct vmap_area *)1;	/* bad: report below */
	}
	vmap_area_unlock(flags);
	if (va)
		report_bad_vfree("vfree", addr, caller);
	else
		vfree_deferred_schedule();
}

/**
 * vfree_atomic - vfree() deferred to process context
 * @addr: start of a vmalloc() area, or NULL
 *
 * Context: any (no might_sleep()).
 */
void vfree_atomic(const void *addr)
{
	if (addr)
		__vfree_atomic(addr, (void *)_RET_IP_);
}

/**
 * vfree_caller - vfree() on behalf of @caller (kvfree() and friends)
 * @addr: what vmalloc() returned, or NULL
 * @caller: named in reports
 *
 * Context: as vfree().
 */
void vfree_caller(const void *addr, const void *caller)
{
	struct vmap_area *va;

	if (!addr)
		return;
	if (in_interrupt()) {
		__vfree_atomic(addr, caller);
		return;
	}
	might_sleep();
	vfree_drain_deferred();
	va = take_vm_area(addr, caller, false);
	if (!va) {
		report_bad_vfree("vfree", addr, caller);
		return;
	}
	free_vm_area(va);
}

/**
 * vfree - free a vmalloc() area (or unmap a vmap() one)
 * @addr: what vmalloc() returned, or NULL
 *
 * Context: process context (may sleep); from interrupt context the free is
 * deferred. A bad @addr is reported and nothing is freed.
 */
void vfree(const void *addr)
{
	vfree_caller(addr, (void *)_RET_IP_);
}

/**
 * vmap - map an array of pages at consecutive virtual addresses
 * @pages: @count pages (they stay the caller's)
 * @count: how many
 * @flags: extra VM_* flags
 * @prot: arch MMU flags (PAGE_KERNEL, PAGE_KERNEL_RO, ...)
 *
 * Context: process context; may sleep.
 * Return: the address, or NULL.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, unsigned int prot)
{
	const void *caller = (void *)_RET_IP_;
	struct vm_struct *vm;

	might_sleep();
	vfree_drain_deferred();
	if (!count || count > totalram_pages || !pages)
		return NULL;
	for (unsigned int i = 0; i < count; i++)
		if (WARN(!pages[i] || !pfn_valid(page_to_pfn(pages[i])),
			 "vmap(): pages[%u] = %p is not a page, from %pS\n", i, pages[i], caller))
			return NULL;
	vm = __get_vm_area(&vmap_space, (unsigned long)count << PAGE_SHIFT, 1, flags | VM_MAP,
			   GFP_KERNEL, caller, 0);
	if (!vm)
		return NULL;
	if (vmap_pages_range((unsigned long)vm->addr, pages, count, prot)) {
		discard_vm_area(vm);
		return NULL;
	}
	return vm->addr;
}

/**
 * vunmap - remove a vmap() mapping; the pages are not freed
 * @addr: what vmap() returned, or NULL
 *
 * Context: process context; may sleep. Misuse (not a vmap() area) is
 * reported and changes nothing.
 */
void vunmap(const void *addr)
{
	const void *caller = (void *)_RET_IP_;
	struct vm_struct *vm;
	struct vmap_area *va;

	if (!addr)
		return;
	might_sleep();
	vfree_drain_deferred();
	vm = find_vm_area(addr);
	if (vm && (vm->flags & VM_ALLOC)) {
		WARN(1, "Trying to vunmap() vmalloc() area (%p) from %pS: use vfree()\n", addr,
		     caller);
		return;
	}
	va = take_vm_area(addr, caller, false);
	if (!va) {
		report_bad_vfree("vunmap", addr, caller);
		return;
	}
	free_vm_area(va);
}

/**
 * vmalloc_nr_pages - pages backing live vmalloc() areas
 *
 * Context: any. Return: the count.
 */
unsigned long vmalloc_nr_pages(void)
{
	return READ_ONCE(nr_vmalloc_pages);
}

/**
 * vmap_lazy_pages - pages of lazily freed areas waiting for a purge
 *
 * Context: any. Return: the count.
 */
unsigned long vmap_lazy_pages(void)
{
	return READ_ONCE(vmap_lazy_nr);
}

/**
 * vmalloc_init - the vmap_area cache and the address space of vmalloc
 *
 * Context: boot, once, after kmem_cache_init().
 */
void __init vmalloc_init(void)
{
	vmap_area_cachep = kmem_cache_create("vmap_area", sizeof(struct vmap_area), 0,
					     SLAB_PANIC, NULL);
	if (vmap_space_init(&vmap_space, VMALLOC_START, VMALLOC_END, &vmap_node_ops, NULL,
			    GFP_KERNEL))
		panic("vmalloc: cannot set up the vmap space");
	vmalloc_ready = true;
	pr_info("%lu GiB of address space at [%#lx-%#lx), lazy purge above %lu pages\n",
		(VMALLOC_END - VMALLOC_START) >> 30, VMALLOC_START, VMALLOC_END,
		lazy_max_pages());
}
