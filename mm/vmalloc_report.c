// SPDX-License-Identifier: MIT
/*
 * vmalloc's lookups, reports and the kvmalloc family:
 *   - is_vmalloc_addr, vmalloc_to_page (a page-table walk), find_vm_area
 *   - the record of recently freed areas, and what it is for: naming the
 *     area a page fault or a bad vfree() hits ("... bytes past the end of
 *     the 4096-byte area [...) allocated by f+0x1c/0x40, freed by ...")
 *   - vmallocinfo, in /proc/vmallocinfo's format
 *   - kvmalloc/kvzalloc/kvmalloc_array/kvcalloc/kvrealloc/kvfree, with
 *     Linux's rules for when kmalloc is tried and when vmalloc takes over
 *
 * Lock order: vmap_area_lock only (see vmalloc.c); the fault report runs
 * with interrupts off and refuses to walk a tree someone is changing.
 */
#define pr_fmt(fmt) "vmalloc: " fmt

#include <arch/mmu.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "vmalloc_priv.h"

static struct vfree_record vfree_ring[VFREE_RING_SIZE];	/* vmap_area_lock */
static unsigned int vfree_ring_next;				/* vmap_area_lock */

/**
 * is_vmalloc_addr - does @addr lie in space vmalloc manages?
 * @addr: any pointer
 *
 * Here the module area is vmalloc memory too (module_alloc() takes it from
 * vmalloc, vfree() gives it back), so this is Linux's
 * is_vmalloc_or_module_addr().
 * Context: any. Return: true for [VMALLOC_START, VMALLOC_END) and
 * [MODULES_VADDR, MODULES_END).
 */
bool is_vmalloc_addr(const void *addr)
{
	unsigned long a = (unsigned long)addr;

	return (a >= VMALLOC_START && a < VMALLOC_END) || (a >= MODULES_VADDR && a < MODULES_END);
}

/**
 * vmalloc_to_page - the page mapped at a vmalloc address
 * @addr: an address in vmalloc space
 *
 * Walks the page tables (the mapping is the truth, not the vm_struct).
 * Context: any. Return: the page, or NULL if nothing is mapped there.
 */
struct page *vmalloc_to_page(const void *addr)
{
	phys_addr_t phys;

	if (WARN_ON_ONCE(!is_vmalloc_addr(addr)))
		return NULL;
	if (!arch_mmu_query((unsigned long)addr, &phys, NULL, NULL))
		return NULL;
	if (!pfn_valid(phys >> PAGE_SHIFT))
		return NULL;
	return pfn_to_page(phys >> PAGE_SHIFT);
}

/**
 * vmalloc_to_pfn - the pfn mapped at a vmalloc address
 * @addr: an address in vmalloc space
 *
 * Context: any. Return: the pfn, or 0 if nothing is mapped there.
 */
unsigned long vmalloc_to_pfn(const void *addr)
{
	struct page *page = vmalloc_to_page(addr);

	return page ? page_to_pfn(page) : 0;
}

/**
 * find_vm_area - the live area containing @addr
 * @addr: any address
 *
 * Context: any. Return: the descriptor (valid until the area is freed), or NULL.
 */
struct vm_struct *find_vm_area(const void *addr)
{
	struct vm_struct *vm = NULL;
	struct vmap_area *va;
	unsigned long flags;

	if (!is_vmalloc_addr(addr) || !vmalloc_ready)
		return NULL;
	flags = vmap_area_lock();
	va = vmap_space_find(vmap_space_of((unsigned long)addr), (unsigned long)addr);
	if (va)
		vm = va->vm;
	vmap_area_unlock(flags);
	return vm;
}

/**
 * vmap_free_bytes - free (allocatable now) vmalloc address space
 *
 * Context: any. Return: bytes.
 */
unsigned long vmap_free_bytes(void)
{
	return READ_ONCE(vmap_space.free_bytes) + READ_ONCE(module_vmap_space.free_bytes);
}

/**
 * vmalloc_check - consistency check of the kernel's vmap space
 *
 * Context: any; interrupts are off during the O(n) walk.
 * Return: the number of problems found (each is printed).
 */
unsigned int vmalloc_check(void)
{
	unsigned long flags;
	unsigned int bad;

	flags = vmap_area_lock();
	bad = vmap_space_check(&vmap_space);
	if (module_vmap_space.end)
		bad += vmap_space_check(&module_vmap_space);
	vmap_area_unlock(flags);
	return bad;
}

/**
 * vfree_ring_add - remember that @vm is being freed by @freer
 * @vm: the area (its range, size and allocator are copied)
 * @freer: who called vfree()
 *
 * Context: vmap_area_lock held.
 */
void vfree_ring_add(const struct vm_struct *vm, const void *freer)
{
	struct vfree_record *r = &vfree_ring[vfree_ring_next++ % VFREE_RING_SIZE];

	r->start = (unsigned long)vm->addr;
	r->end = r->start + vm->size;
	r->size = get_vm_area_size(vm);
	r->caller = vm->caller;
	r->freer = freer;
}

/**
 * vfree_ring_find - the newest freed-area record covering @addr
 * @addr: any address
 *
 * Context: vmap_area_lock held, or interrupts off.
 * Return: the record (guard page included in its range), or NULL.
 */
const struct vfree_record *vfree_ring_find(unsigned long addr)
{
	unsigned int n = min(vfree_ring_next, (unsigned int)VFREE_RING_SIZE);

	for (unsigned int i = 1; i <= n; i++) {
		const struct vfree_record *r =
			&vfree_ring[(vfree_ring_next - i) % VFREE_RING_SIZE];

		if (addr >= r->start && addr < r->end)
			return r;
	}
	return NULL;
}

/* "N bytes inside" / "N bytes past the end of" the area [start, start + size). */
static int describe_offset(char *buf, size_t len, unsigned long addr, unsigned long start,
			   unsigned long size)
{
	if (addr < start + size)
		return scnprintf(buf, len, "%lu bytes inside", addr - start);
	return scnprintf(buf, len, "%lu bytes past the end of", addr - (start + size));
}

/* Describe what @addr hits, for a report. Context: vmap_area_lock held. */
static void describe_vmalloc_addr(char *buf, size_t len, unsigned long addr)
{
	const struct vfree_record *r;
	struct vmap_area *va;
	int n;

	if (!is_vmalloc_addr((void *)addr)) {
		scnprintf(buf, len, "not a vmalloc address");
		return;
	}
	va = vmap_space_find(vmap_space_of(addr), addr);
	if (va && va->vm) {
		const struct vm_struct *vm = va->vm;

		if ((vm->flags & VM_DEFERRED_FREE) && addr == va->va_start) {
			scnprintf(buf, len, "the area is already queued for freeing by %pS",
				  vm->free_caller);
			return;
		}
		n = describe_offset(buf, len, addr, va->va_start, get_vm_area_size(vm));
		n += scnprintf(buf + n, len - n, " the %lu-byte area [%#lx-%#lx) allocated by %pS",
			       get_vm_area_size(vm), va->va_start,
			       va->va_start + get_vm_area_size(vm), vm->caller);
		if (addr >= va->va_start + get_vm_area_size(vm))
			scnprintf(buf + n, len - n, " (guard page)");
		return;
	}
	r = vfree_ring_find(addr);
	if (!r) {
		scnprintf(buf, len, "in no vmalloc area (nor a recently freed one)");
		return;
	}
	n = describe_offset(buf, len, addr, r->start, r->size);
	scnprintf(buf + n, len - n, " the %lu-byte area [%#lx-%#lx) allocated by %pS, freed by %pS",
		  r->size, r->start, r->start + r->size, r->caller, r->freer);
}

/**
 * report_bad_vfree - a vfree()/vunmap() of an address that starts no live area
 * @fn: "vfree" or "vunmap"
 * @addr: the address given
 * @caller: who called @fn
 *
 * Prints Linux's warning with the caller, then what @addr really is.
 * Context: process or interrupt context.
 */
void report_bad_vfree(const char *fn, const void *addr, const void *caller)
{
	unsigned long a = (unsigned long)addr, flags;
	const struct vfree_record *r;
	char what[256];

	flags = vmap_area_lock();
	r = vmap_space_find(vmap_space_of(a), a) ? NULL : vfree_ring_find(a);
	if (r && r->start == a)
		scnprintf(what, sizeof(what),
			  "double free: the %lu-byte area allocated by %pS was freed by %pS",
			  r->size, r->caller, r->freer);
	else
		describe_vmalloc_addr(what, sizeof(what), a);
	vmap_area_unlock(flags);
	WARN(1, "Trying to %s() %s (%p) from %pS\n", fn,
	     IS_ALIGNED(a, PAGE_SIZE) ? "nonexistent vm area" : "bad address", addr, caller);
	pr_err("%s(%p): %s\n", fn, addr, what);
}

/**
 * vmalloc_report_fault - say which vmalloc area a faulting address hits
 * @addr: the fault address (CR2)
 *
 * Prints nothing for addresses outside vmalloc space.
 * Context: the page-fault report, interrupts off.
 */
void vmalloc_report_fault(unsigned long addr)
{
	char what[256];

	if (!is_vmalloc_addr((void *)addr) || !vmalloc_ready)
		return;
	if (vmap_area_lock_held) {
		printk(KERN_ALERT "vmalloc: fault with vmap_area_lock held; areas not looked up\n");
		return;
	}
	describe_vmalloc_addr(what, sizeof(what), addr);
	printk(KERN_ALERT "vmalloc: %#lx is %s\n", addr, what);
}

/* One vmallocinfo line for busy @va. */
static void show_vm_area(const struct vmap_area *va)
{
	const struct vm_struct *vm = va->vm;
	char line[256];
	int n;

	n = scnprintf(line, sizeof(line), "0x%016lx-0x%016lx %7ld", va->va_start,
		      va->va_start + vm->size, (long)vm->size);
	if (vm->caller)
		n += scnprintf(line + n, sizeof(line) - n, " %pS", vm->caller);
	if (vm->nr_pages)
		n += scnprintf(line + n, sizeof(line) - n, " pages=%d", (int)vm->nr_pages);
	if (vm->flags & VM_IOREMAP)
		n += scnprintf(line + n, sizeof(line) - n, " ioremap");
	if (vm->flags & VM_ALLOC)
		n += scnprintf(line + n, sizeof(line) - n, " vmalloc");
	if (vm->flags & VM_MAP)
		n += scnprintf(line + n, sizeof(line) - n, " vmap");
	if (is_vmalloc_addr(vm->pages))
		scnprintf(line + n, sizeof(line) - n, " vpages");
	printk(KERN_INFO "%s\n", line);
}

/**
 * show_vmallocinfo - print every area as /proc/vmallocinfo does
 *
 * "0x<start>-0x<end> <size> <caller> pages=<n> vmalloc", size including
 * the guard page; lazily freed areas as "unpurged vm_area".
 * Context: any; interrupts are off during the walk.
 */
void show_vmallocinfo(void)
{
	struct vmap_area *va;
	unsigned long flags;

	flags = vmap_area_lock();
	for (va = vmap_space_first_busy(&vmap_space); va; va = vmap_space_next_busy(va))
		if (va->vm)
			show_vm_area(va);
	for (va = vmap_space_first_busy(&module_vmap_space); va; va = vmap_space_next_busy(va))
		if (va->vm)
			show_vm_area(va);
	list_for_each_entry(va, &vmap_purge_list, list)
		printk(KERN_INFO "0x%016lx-0x%016lx %7ld unpurged vm_area\n", va->va_start,
		       va->va_end, (long)va_size(va));
	vmap_area_unlock(flags);
}

/* The kmalloc attempt of kvmalloc: cheap above a page (Linux's kmalloc_gfp_adjust). */
static gfp_t kmalloc_gfp_adjust(gfp_t gfp, size_t size)
{
	if (size > PAGE_SIZE) {
		gfp |= __GFP_NOWARN;
		if (!(gfp & __GFP_RETRY_MAYFAIL))
			gfp |= __GFP_NORETRY;
		gfp &= ~__GFP_NOFAIL;
	}
	return gfp;
}

static void *__kvmalloc(size_t size, gfp_t gfp, const void *caller)
{
	void *p;

	if (size <= KMALLOC_MAX_SIZE) {
		p = __kmalloc_track_caller(size, kmalloc_gfp_adjust(gfp, size),
					   (unsigned long)caller);
		if (p || size <= PAGE_SIZE)
			return p;
	}
	/* vmalloc sleeps: only a mask that may sleep falls back to it. */
	if (!gfpflags_allow_blocking(gfp))
		return NULL;
	if (size > INT_MAX) {
		WARN_ON_ONCE(!(gfp & __GFP_NOWARN));
		return NULL;
	}
	return __vmalloc_node(size, 1, gfp, caller);
}

/**
 * kvmalloc - kmalloc() if cheap, else vmalloc()
 * @size: bytes
 * @gfp: GFP_KERNEL-compatible for the vmalloc fallback
 *
 * Context: as @gfp allows. Return: the memory (free with kvfree()), or NULL.
 */
void *kvmalloc(size_t size, gfp_t gfp)
{
	return __kvmalloc(size, gfp, (void *)_RET_IP_);
}

/**
 * kvzalloc - kvmalloc() of zeroed memory
 * @size: bytes
 * @gfp: as for kvmalloc()
 *
 * Context: as @gfp allows. Return: the memory, or NULL.
 */
void *kvzalloc(size_t size, gfp_t gfp)
{
	return __kvmalloc(size, gfp | __GFP_ZERO, (void *)_RET_IP_);
}

/**
 * kvmalloc_array - kvmalloc() of @n elements of @size bytes
 * @n: element count
 * @size: element size
 * @gfp: as for kvmalloc()
 *
 * Context: as @gfp allows. Return: the memory, or NULL (also on overflow).
 */
void *kvmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return __kvmalloc(bytes, gfp, (void *)_RET_IP_);
}

/**
 * kvcalloc - kvmalloc_array() of zeroed memory
 * @n: element count
 * @size: element size
 * @gfp: as for kvmalloc()
 *
 * Context: as @gfp allows. Return: the memory, or NULL.
 */
void *kvcalloc(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return __kvmalloc(bytes, gfp | __GFP_ZERO, (void *)_RET_IP_);
}

/* Resize a vmalloc() area: in place when it already holds @size. */
static void *vrealloc(const void *p, size_t size, gfp_t gfp, const void *caller)
{
	struct vm_struct *vm = find_vm_area(p);
	size_t old;
	void *n;

	if (!vm || vm->addr != p || !(vm->flags & VM_ALLOC)) {
		WARN(1, "Trying to vrealloc() nonexistent vm area (%p) from %pS\n", p, caller);
		return NULL;
	}
	if (!size) {
		vfree_caller(p, caller);
		return NULL;
	}
	old = get_vm_area_size(vm);
	if (size <= old) {
		if (gfp & __GFP_ZERO)
			memset((char *)p + size, 0, old - size);
		return (void *)p;
	}
	n = __vmalloc_node(size, 1, gfp, caller);
	if (!n)
		return NULL;
	memcpy(n, p, old);
	vfree_caller(p, caller);
	return n;
}

/**
 * kvrealloc - resize memory from kvmalloc()
 * @p: the memory, or NULL (then this is kvmalloc())
 * @size: new size in bytes
 * @gfp: as for kvmalloc()
 *
 * Contents are kept up to the smaller size; the memory may move between
 * kmalloc and vmalloc. @size 0 frees @p (kmalloc memory gives
 * ZERO_SIZE_PTR, as krealloc() does; vmalloc memory gives NULL).
 * Context: as @gfp allows. Return: the memory, or NULL with @p untouched.
 */
void *kvrealloc(const void *p, size_t size, gfp_t gfp)
{
	const void *caller = (void *)_RET_IP_;
	void *n;

	if (!p)
		return __kvmalloc(size, gfp, caller);
	if (is_vmalloc_addr(p))
		return vrealloc(p, size, gfp, caller);
	n = krealloc(p, size, kmalloc_gfp_adjust(gfp, size));
	if (n)
		return n;
	n = __kvmalloc(size, gfp, caller);
	if (!n)
		return NULL;
	memcpy(n, p, min(ksize(p), size));
	kfree(p);
	return n;
}

/**
 * kvfree - free memory from kvmalloc(), kmalloc() or vmalloc()
 * @addr: the memory, or NULL
 *
 * Context: as vfree() for vmalloc memory, else any.
 */
void kvfree(const void *addr)
{
	if (is_vmalloc_addr(addr))
		vfree_caller(addr, (void *)_RET_IP_);
	else
		kfree(addr);
}
