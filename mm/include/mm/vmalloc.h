/* SPDX-License-Identifier: MIT */
/*
 * vmalloc: virtually contiguous kernel memory (mm/vmalloc.c), with the
 * names and semantics of Linux's include/linux/vmalloc.h.
 *
 * Memory is taken one page at a time from the buddy allocator (so it is
 * physically scattered) and mapped into [VMALLOC_START, VMALLOC_END) with
 * the arch page-table API. Every area is followed by one unmapped guard
 * page, so running off the end faults; a fault there or on a freed area is
 * reported with the area, its allocator and the distance past its end.
 *
 * Freed address space is reused only after a TLB flush: vfree() unmaps at
 * once and frees the pages, but queues the range ("lazy" areas); the queue
 * is flushed and given back in one batch when it passes lazy_max_pages()
 * (32 MiB worth) or when address space runs out.
 *
 * Context: vmalloc(), vzalloc(), vmap(), vunmap() and vfree() may sleep and
 * call might_sleep(); vfree() from interrupt context is deferred to process
 * context (vfree_atomic()). vmalloc_to_page(), is_vmalloc_addr(),
 * find_vm_area() and the report functions work in any context.
 */
#pragma once

#include <arch/memlayout.h>
#include <kernel/types.h>
#include <mm/gfp.h>

struct page;

/* vm_struct flags (bit values as in Linux). */
#define VM_IOREMAP	0x00000001	/* ioremap() and friends (unused here) */
#define VM_ALLOC	0x00000002	/* vmalloc(): pages owned and freed by vfree() */
#define VM_MAP		0x00000004	/* vmap(): pages belong to the caller */
#define VM_NO_GUARD	0x00000040	/* ***DANGEROUS*** no guard page (not supported) */

struct vm_struct {
	struct vm_struct *next;		/* on the deferred-free list */
	const void *free_caller;	/* deferred free: who called vfree() */
	void *addr;			/* first byte of the area */
	unsigned long size;		/* bytes, including the guard page */
	unsigned long flags;		/* VM_* */
	struct page **pages;		/* VM_ALLOC: the backing pages, in order */
	unsigned int nr_pages;
	const void *caller;		/* who allocated it (reports) */
	struct page *inline_pages[];	/* small areas: the page array lives here */
};

/* Areas of up to this many pages keep their page array inside the vm_struct. */
#define VM_INLINE_PAGES 16

/* Return: the usable size of @area (without its guard page). */
static inline size_t get_vm_area_size(const struct vm_struct *area)
{
	return area->size - PAGE_SIZE;
}

/*
 * vmalloc - @size bytes of virtually contiguous memory, page-aligned,
 * uninitialised. Context: process context; may sleep.
 * Return: the address, or NULL (reported as "vmalloc error: ...").
 */
void *vmalloc(unsigned long size);
/* vmalloc() that zeroes the memory. */
void *vzalloc(unsigned long size);
/*
 * __vmalloc - vmalloc() with gfp flags: GFP_KERNEL (or NOFS/NOIO),
 * optionally __GFP_ZERO, __GFP_NOWARN, __GFP_DMA32/__GFP_DMA for the
 * pages. A mask that may not sleep is refused with a warning (page tables
 * are allocated with GFP_KERNEL).
 */
void *__vmalloc(unsigned long size, gfp_t gfp);
/* __vmalloc() whose address is a multiple of @align (a power of two). */
void *__vmalloc_aligned(unsigned long size, unsigned long align, gfp_t gfp);
/* __vmalloc_aligned(@size, @align, GFP_KERNEL). */
void *vmalloc_align(unsigned long size, unsigned long align);
/* __vmalloc_aligned() recording @caller as the allocator (for wrappers). */
void *__vmalloc_node(unsigned long size, unsigned long align, gfp_t gfp,
		     const void *caller);
/*
 * __vmalloc_node_range - __vmalloc_node() in the space [@start, @end),
 * which must be the whole vmalloc space or the whole module area
 * [MODULES_VADDR, MODULES_END) (module_alloc(): within 2 GiB of the kernel
 * text), mapped with @prot (arch MMU flags). Freed with vfree().
 */
void *__vmalloc_node_range(unsigned long size, unsigned long align, unsigned long start,
			   unsigned long end, gfp_t gfp, unsigned int prot, const void *caller);

/*
 * vfree - free memory from vmalloc() (or unmap a vmap() area). NULL is
 * ignored. An address that is not the start of a live area (inside one, a
 * kmalloc pointer, any other address, an area already freed) is reported
 * as "Trying to vfree() ..." naming the address and the caller, and
 * nothing is freed. Context: may sleep in process context; from interrupt
 * context the free is deferred.
 */
void vfree(const void *addr);
/* vfree() that is always deferred to process context. Context: any. */
void vfree_atomic(const void *addr);

/*
 * vmap - map @count pages at consecutive virtual addresses with @prot
 * (arch MMU flags, e.g. PAGE_KERNEL); the pages stay the caller's. @flags:
 * extra VM_* flags (VM_MAP is implied).
 * Context: may sleep. Return: the address, or NULL.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags, unsigned int prot);
/* vunmap - undo vmap(); the pages are not freed. Context: may sleep. */
void vunmap(const void *addr);

/* Return: the page mapped at vmalloc address @addr, or NULL if none. */
struct page *vmalloc_to_page(const void *addr);
/* Return: its pfn, or 0 if nothing is mapped there. */
unsigned long vmalloc_to_pfn(const void *addr);
/* Return: true if @addr lies in [VMALLOC_START, VMALLOC_END) or the module area. */
bool is_vmalloc_addr(const void *addr);
/* Return: the live area containing @addr (guard page included), or NULL. */
struct vm_struct *find_vm_area(const void *addr);

/*
 * kvmalloc - kmalloc() if it can be had cheaply, else vmalloc(). Above a
 * page the kmalloc attempt gets __GFP_NOWARN | __GFP_NORETRY (unless
 * __GFP_RETRY_MAYFAIL) and no __GFP_NOFAIL; only a mask that may sleep
 * falls back to vmalloc. Free with kvfree().
 * Context: as @gfp allows. Return: the memory, or NULL.
 */
void *kvmalloc(size_t size, gfp_t gfp);
void *kvzalloc(size_t size, gfp_t gfp);
/* Return: @n * @size bytes, or NULL if the product overflows. */
void *kvmalloc_array(size_t n, size_t size, gfp_t gfp);
void *kvcalloc(size_t n, size_t size, gfp_t gfp);
/*
 * kvrealloc - resize @p (from kvmalloc) to @size, keeping the contents up
 * to the smaller size. NULL @p is kvmalloc(); on failure @p is untouched.
 * Return: the memory (possibly moved), or NULL.
 */
void *kvrealloc(const void *p, size_t size, gfp_t gfp);
/* kvfree - kfree() or vfree(), whichever @addr came from; NULL is fine. */
void kvfree(const void *addr);

/*
 * vm_unmap_aliases - flush the TLB for every lazily freed area and give
 * their address space back now. Context: may sleep.
 */
void vm_unmap_aliases(void);

/* Print every area as /proc/vmallocinfo does. Context: any. */
void show_vmallocinfo(void);

/*
 * vmalloc_report_fault - called by the page-fault report: if @addr is in
 * vmalloc space, print which area it hits (a guard page, or an area freed
 * recently), who allocated it and how far past the end the access is.
 * Context: exception handler, interrupts off.
 */
void vmalloc_report_fault(unsigned long addr);

/* Statistics and self-checks, for reports and tests. */
unsigned long vmalloc_nr_pages(void);		/* pages backing live VM_ALLOC areas */
unsigned long vmap_free_bytes(void);		/* free address space */
unsigned long vmap_lazy_pages(void);		/* lazily freed, not yet purged */
unsigned long lazy_max_pages(void);
/* vmap_space_check() of the kernel's space. Return: problems found (printed). */
unsigned int vmalloc_check(void);

/*
 * vmalloc_init - set up the address-space allocator over vmalloc space.
 * Context: boot, once, after kmem_cache_init().
 */
void vmalloc_init(void);
