/* SPDX-License-Identifier: MIT */
/*
 * KFENCE, the Kernel Electric-Fence (mm/kfence.c), after Linux's
 * mm/kfence: a sampling memory-safety checker. Now and then a slab
 * allocation is served from a dedicated pool instead of its cache: each
 * pool object has a page of its own, between two guard pages that are
 * not mapped, and sits at the right or the left end of its page, so an
 * out-of-bounds access just past the object faults at once; a freed
 * object's page is unmapped too, so a use after free faults at once. The
 * rest of an object's page holds canary bytes, checked when it is freed
 * (an overflow that stayed inside the page). Every error is reported as
 * "BUG: KFENCE: <kind> in <function>" with the object, its cache and the
 * stacks that allocated and freed it, and execution goes on (the faulting
 * page is mapped again).
 *
 * Off by default (an optional switch, as the issue asks; Linux defaults
 * to 100 ms when built in). Command line:
 *   kfence.sample_interval=<ms>  one sampled allocation per interval
 *                                (Linux semantics; 0: off)
 *   kfence.sample_every=<n>      every n-th slab allocation (deterministic,
 *                                for tests; takes precedence; 0: off)
 * or kfence_set_sample() at run time.
 *
 * Cost while off: one load and a predictable branch in the slab
 * allocation fast path (kfence_alloc()); frees pay nothing (a pool page is
 * no slab page, so kfree() reaches kfence_free() only on its slow path).
 */
#pragma once

#include <arch/memlayout.h>
#include <kernel/compiler.h>
#include <kernel/types.h>
#include <mm/gfp.h>

struct kmem_cache;
struct pt_regs;

#define KFENCE_NUM_OBJECTS	255
/* Two guard pages in front, then object page and guard page alternating. */
#define KFENCE_POOL_PAGES	(2 * (KFENCE_NUM_OBJECTS + 1))
#define KFENCE_POOL_SIZE	(KFENCE_POOL_PAGES * PAGE_SIZE)

/* Set while the next slab allocation should ask KFENCE (mm/kfence.c). */
extern bool kfence_allocation_armed;
/* The pool, or NULL until KFENCE was first switched on. */
extern char *__kfence_pool;

/*
 * is_kfence_address - does @addr lie in the KFENCE pool (object, canary
 * or guard page)? Context: any.
 */
static __always_inline bool is_kfence_address(const void *addr)
{
	return (unsigned long)((const char *)addr - __kfence_pool) < KFENCE_POOL_SIZE &&
	       __kfence_pool;
}

void *__kfence_alloc(struct kmem_cache *s, size_t size, gfp_t gfp);

/*
 * kfence_alloc - the slab allocator's hook: a guarded object of @size
 * bytes for cache @s when this allocation is sampled.
 * Context: any (as the slab allocation it stands in for).
 * Return: the object (constructed, zeroed for __GFP_ZERO), or NULL: not
 * sampled, pool full or an unsuitable request; then allocate normally.
 */
static __always_inline void *kfence_alloc(struct kmem_cache *s, size_t size, gfp_t gfp)
{
	if (likely(!READ_ONCE(kfence_allocation_armed)))
		return NULL;
	return __kfence_alloc(s, size, gfp);
}

/*
 * __kfence_free - free the KFENCE object @addr: check its canary bytes,
 * unmap its page and record the freeing stack. A pointer that is not a
 * live pool object is reported ("invalid free") and nothing is freed.
 * Context: any.
 */
void __kfence_free(void *addr);

/*
 * kfence_free - the free paths' hook. Return: true if @addr was a pool
 * address and was handled here (freed or reported); false otherwise.
 */
static __always_inline bool kfence_free(void *addr)
{
	if (!is_kfence_address(addr))
		return false;
	__kfence_free(addr);
	return true;
}

/* Return: the size a live pool object @addr was allocated with, else 0. Context: any. */
size_t kfence_ksize(const void *addr);

/*
 * kfence_handle_page_fault - the page-fault handler's hook for a kernel
 * fault at @addr. A fault in the pool is reported (out-of-bounds,
 * use-after-free or invalid access) and the page is mapped again so the
 * access can be retried and succeeds.
 * Context: exception context, interrupts disabled.
 * Return: true if the fault was KFENCE's and the instruction may be retried.
 */
bool kfence_handle_page_fault(unsigned long addr, bool is_write, struct pt_regs *regs);

/*
 * kfence_shutdown_cache - @s is being destroyed: its pool objects forget
 * it; one still allocated is reported and counted as a zombie.
 * Context: process context.
 */
void kfence_shutdown_cache(struct kmem_cache *s);

/*
 * kfence_set_sample - switch sampling at run time: every @every-th slab
 * allocation if @every > 0, else one per @interval_ms milliseconds, else
 * off. The pool is allocated the first time sampling goes on.
 * Context: process context (may sleep).
 * Return: 0, or -ENOMEM if the pool cannot be set up (sampling stays off).
 */
int kfence_set_sample(unsigned long interval_ms, unsigned long every);
/* The current settings of kfence_set_sample() (either pointer may be NULL). */
void kfence_get_sample(unsigned long *interval_ms, unsigned long *every);

/*
 * kfence_show_stats - print the counters as Linux's
 * /sys/kernel/debug/kfence/stats: "enabled: 1", "currently allocated: N",
 * "total allocations: N", "total frees: N", "zombie allocations: N",
 * "total bugs: N", then the skipped allocations and the settings.
 * Context: any.
 */
void kfence_show_stats(void);

/* Counters for tests (the values kfence_show_stats() prints). */
struct kfence_stats {
	unsigned long allocated, allocs, frees, zombies, bugs;
	unsigned long skipped_incompat, skipped_capacity;
};
void kfence_get_stats(struct kfence_stats *st);

/*
 * kfence_init - set up the pool at boot if the command line switched
 * sampling on. Context: boot, after kmem_cache_init().
 */
void kfence_init(void);
