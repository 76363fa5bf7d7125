/* SPDX-License-Identifier: MIT */
/*
 * vmalloc internals shared by mm/vmalloc.c (the allocator) and
 * mm/vmalloc_report.c (vmallocinfo, fault and bad-vfree reports, kvmalloc),
 * and the fault-injection knob the vmalloc suite uses.
 */
#pragma once

#include <kernel/preempt.h>	/* in_interrupt() */
#include <kernel/types.h>
#include <mm/vmalloc.h>

#include "vmap_area.h"

#ifndef PAGE_ALIGN
#define PAGE_ALIGN(x) ALIGN((x), PAGE_SIZE)
#endif

/* Internal vm_struct flag: queued by vfree_atomic(), not yet freed. */
#define VM_DEFERRED_FREE	0x80000000UL

/*
 * The kernel's vmap space and everything below are guarded by
 * vmap_area_lock (see the lock order in vmalloc.c).
 */
extern struct vmap_space vmap_space;
/* The module area [MODULES_VADDR, MODULES_END): module_alloc()'s vmalloc space. */
extern struct vmap_space module_vmap_space;

/* Return: the space that manages @addr (the module area, else vmalloc space). */
static inline struct vmap_space *vmap_space_of(unsigned long addr)
{
	return addr >= MODULES_VADDR ? &module_vmap_space : &vmap_space;
}
extern bool vmap_area_lock_held;	/* for the fault report: do not walk a tree mid-change */
extern bool vmalloc_ready;
extern struct list_head vmap_purge_list;	/* lazily freed areas, by vmap_area.list */

unsigned long vmap_area_lock(void);
void vmap_area_unlock(unsigned long flags);

/* A small record of recently freed areas, for fault and double-free reports. */
#define VFREE_RING_SIZE 32
struct vfree_record {
	unsigned long start;		/* area start */
	unsigned long end;		/* end of the area including its guard page */
	unsigned long size;		/* usable bytes */
	const void *caller;		/* who allocated it */
	const void *freer;		/* who freed it */
};
/* Record a free. Context: vmap_area_lock held. */
void vfree_ring_add(const struct vm_struct *vm, const void *freer);
/* Return: the newest record whose range holds @addr, or NULL. Lock held or irqs off. */
const struct vfree_record *vfree_ring_find(unsigned long addr);

/* vfree() naming @caller in reports and the freed-area record. */
void vfree_caller(const void *addr, const void *caller);

/* Report a vfree()/vunmap() of @addr that matches no live area. */
void report_bad_vfree(const char *fn, const void *addr, const void *caller);

/*
 * Fault injection for the tests: when non-zero, the n-th arch_mmu_map_pages()
 * call (one per VMAP_BATCH = 64 pages) vmalloc makes from now on fails with
 * -ENOMEM (then the knob resets).
 */
extern unsigned int vmalloc_fail_map_nth;
