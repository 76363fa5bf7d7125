/* SPDX-License-Identifier: MIT */
/*
 * The vmap-area address-space allocator (private to mm/; the model is
 * Linux mm/vmalloc.c, "improve vmap allocation", Uladzislau Rezki 2019).
 *
 * A struct vmap_space hands out ranges of one virtual address range
 * [start, end). It knows nothing of page tables: vmalloc.c maps what it
 * gets. Because it is an instance, host tests and in-kernel tests build
 * private spaces over fake ranges.
 *
 * Every byte of the range is in exactly one of three states:
 *   free      in free_root, an rb-tree by address augmented with
 *             subtree_max_size (the largest free block in the subtree), so
 *             the lowest block that fits is found in O(log n); adjacent
 *             free blocks are always merged
 *   busy      in busy_root, an rb-tree by address: lookup in O(log n)
 *   detached  taken out of busy_root by vmap_space_detach() but not yet
 *             given back (vmalloc's lazily freed areas, waiting for a TLB
 *             flush before the range may be reused)
 *
 * Nodes come from the owner through struct vmap_area_ops, only in
 * vmap_space_init() and vmap_space_preload(), never under the owner's
 * lock: the allocation itself takes nodes from a small spare pool (at most
 * two per allocation: the busy area and, for a split in the middle of a
 * free block, a second free block) and fails with -ENOMEM when the pool is
 * short, so the caller preloads and retries.
 *
 * Locking: none inside. The owner serializes all calls on one space
 * (vmalloc.c: vmap_area_lock, interrupts off).
 */
#pragma once

#include <kernel/list.h>
#include <kernel/rbtree.h>
#include <kernel/types.h>

struct vm_struct;

struct vmap_area {
	unsigned long va_start;
	unsigned long va_end;			/* exclusive */
	struct rb_node rb_node;			/* in free_root or busy_root */
	struct list_head list;			/* the owner's (vmalloc: purge list) */
	union {
		unsigned long subtree_max_size;	/* free: largest free block below */
		struct vm_struct *vm;		/* busy: the owner's descriptor */
	};
};

struct vmap_area_ops {
	/* Return: a node, or NULL. Called with no lock of the space's owner held. */
	struct vmap_area *(*alloc_node)(void *priv, gfp_t gfp);
	void (*free_node)(void *priv, struct vmap_area *va);
};

#define VMAP_SPARE_NODES 2
/* Misaligned near-fits tried before taking a block sure to fit (see .c). */
#define VMAP_NEARMISS_LIMIT 32

struct vmap_space {
	unsigned long start, end;		/* the range managed: [start, end) */
	struct rb_root free_root;
	struct rb_root busy_root;
	unsigned long nr_free, nr_busy;		/* nodes in each tree */
	unsigned long free_bytes, busy_bytes, detached_bytes;
	unsigned long nearmiss_limit;
	struct vmap_area *spare[VMAP_SPARE_NODES];
	unsigned int nr_spare;
	const struct vmap_area_ops *ops;
	void *priv;
};

static inline unsigned long va_size(const struct vmap_area *va)
{
	return va->va_end - va->va_start;
}

/*
 * vmap_space_init - make @vs manage [@start, @end), all free; the first
 * node is allocated with @gfp.
 * Context: as @gfp allows.
 * Return: 0, -EINVAL (empty range), -ENOMEM (no node).
 */
int vmap_space_init(struct vmap_space *vs, unsigned long start, unsigned long end,
		    const struct vmap_area_ops *ops, void *priv, gfp_t gfp);
/* Give every node back to the ops (busy areas are dropped). Context: as init. */
void vmap_space_destroy(struct vmap_space *vs);
/* Fill the spare pool through the ops. Context: as @gfp allows. Return: 0 or -ENOMEM. */
int vmap_space_preload(struct vmap_space *vs, gfp_t gfp);
/*
 * Owners that allocate nodes outside their lock hand them in one at a time.
 * Return: true if @va joined the pool, false if the pool is full (@va stays
 * the caller's).
 */
bool vmap_space_add_spare(struct vmap_space *vs, struct vmap_area *va);

/*
 * vmap_space_alloc - take the lowest block of @size bytes aligned to @align
 * @vs: the space
 * @size: bytes, > 0 (vmalloc passes the guard page in it)
 * @align: a power of two
 * @out: the new busy area
 *
 * Context: caller serializes @vs; never allocates, never sleeps.
 * Return: 0; -EINVAL (bad size/align), -ENOSPC (no free block fits),
 * -ENOMEM (the spare pool is short: preload and retry).
 */
int vmap_space_alloc(struct vmap_space *vs, unsigned long size, unsigned long align,
		     struct vmap_area **out);

/* Return: the busy area containing @addr, or NULL. O(log n). */
struct vmap_area *vmap_space_find(const struct vmap_space *vs, unsigned long addr);
/* Take busy @va out of the busy tree; its range stays taken until released. */
void vmap_space_detach(struct vmap_space *vs, struct vmap_area *va);
/*
 * vmap_space_release - return the range of a detached @va to the free tree,
 * merged with its free neighbours; @va's node is consumed.
 * Return: 0, or -EINVAL if the range is not inside the space or overlaps
 * free space (a corrupt caller: nothing is changed, @va is not consumed).
 */
int vmap_space_release(struct vmap_space *vs, struct vmap_area *va);
/* vmap_space_detach() + vmap_space_release(). */
int vmap_space_free(struct vmap_space *vs, struct vmap_area *va);

/* Walk busy areas by address. Return: the area, or NULL at the end. */
struct vmap_area *vmap_space_first_busy(const struct vmap_space *vs);
struct vmap_area *vmap_space_next_busy(const struct vmap_area *va);

/* Return: the largest free block, in bytes (0 if none). */
unsigned long vmap_space_largest_free(const struct vmap_space *vs);

/*
 * vmap_space_check - consistency walker for tests: both trees valid
 * red-black trees in address order, every subtree_max_size right, free
 * blocks inside the range, non-empty and merged, no overlap between any
 * two areas, counters equal to what the trees hold, and
 * free + busy + detached == the whole range. Prints each problem.
 * Context: caller serializes @vs. Return: the number of problems found.
 */
unsigned int vmap_space_check(const struct vmap_space *vs);
