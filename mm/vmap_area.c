// SPDX-License-Identifier: MIT
/*
 * The vmap-area address-space allocator: see vmap_area.h for the model.
 *
 * Finding space. The free tree is ordered by address and every node knows
 * the largest free block in its subtree, so the lowest block of at least N
 * bytes is one walk down the tree: go left while the left subtree has one,
 * else take this node if it is big enough, else go right. Alignment makes
 * "big enough" fuzzy: a block of size + align - 1 bytes always fits, a
 * smaller one may fit or not depending on where it starts. We walk the
 * blocks of >= size bytes in address order and take the first that fits;
 * each step is O(log n). Misaligned near-fits are rare (vmalloc sizes and
 * alignments are page multiples, so with align <= PAGE_SIZE there are
 * none); after VMAP_NEARMISS_LIMIT of them we jump to the lowest block
 * sure to fit, which keeps the worst case O(log n) too. Only if no block is
 * sure to fit do we keep walking: the allocation never fails while some
 * block could hold it.
 *
 * Splitting the chosen free block [fs, fe) for the area [a, a + size):
 *   FL_FIT  a == fs, a + size == fe: the free node itself becomes busy
 *   LE_FIT  a == fs: the free block shrinks from the left
 *   RE_FIT  a + size == fe: it shrinks from the right
 *   NE_FIT  neither: it keeps the left part, a new node holds the right
 * Freeing merges with the free neighbours on both sides.
 *
 * Lock order: none here; the owner serializes every call on one space.
 */
#define pr_fmt(fmt) "vmalloc: " fmt

#include <kernel/errno.h>
#include <kernel/printk.h>

#include "vmap_area.h"

enum fit_type { FL_FIT, LE_FIT, RE_FIT, NE_FIT };

static inline unsigned long va_own_size(struct vmap_area *va)
{
	return va_size(va);
}

RB_DECLARE_CALLBACKS_MAX(static, free_va_callbacks, struct vmap_area, rb_node,
			 unsigned long, subtree_max_size, va_own_size);

static inline struct vmap_area *to_va(const struct rb_node *n)
{
	return rb_entry_safe(n, struct vmap_area, rb_node);
}

static inline unsigned long subtree_max(const struct rb_node *n)
{
	return n ? to_va(n)->subtree_max_size : 0;
}

static struct vmap_area *get_spare(struct vmap_space *vs)
{
	return vs->spare[--vs->nr_spare];
}

/* Keep a freed node for the next split, or give it back. */
static void put_node(struct vmap_space *vs, struct vmap_area *va)
{
	if (vs->nr_spare < VMAP_SPARE_NODES)
		vs->spare[vs->nr_spare++] = va;
	else
		vs->ops->free_node(vs->priv, va);
}

/**
 * vmap_space_preload - fill the spare-node pool of @vs
 * @vs: the space
 * @gfp: how the ops may allocate
 *
 * Context: whatever @gfp allows; not under the owner's lock if it sleeps.
 * Return: 0, or -ENOMEM if a node could not be had.
 */
int vmap_space_preload(struct vmap_space *vs, gfp_t gfp)
{
	while (vs->nr_spare < VMAP_SPARE_NODES) {
		struct vmap_area *va = vs->ops->alloc_node(vs->priv, gfp);

		if (!va)
			return -ENOMEM;
		vs->spare[vs->nr_spare++] = va;
	}
	return 0;
}

/**
 * vmap_space_add_spare - put a node the owner allocated into the spare pool
 * @vs: the space
 * @va: a node in no tree
 *
 * Context: caller serializes @vs.
 * Return: true if taken; false if the pool is full (@va stays the caller's).
 */
bool vmap_space_add_spare(struct vmap_space *vs, struct vmap_area *va)
{
	if (vs->nr_spare >= VMAP_SPARE_NODES)
		return false;
	vs->spare[vs->nr_spare++] = va;
	return true;
}

/* Link @va (a range no free node overlaps) into the free tree. */
static void free_tree_insert(struct vmap_space *vs, struct vmap_area *va)
{
	struct rb_node **link = &vs->free_root.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = va->va_start < to_va(parent)->va_start ? &parent->rb_left :
								&parent->rb_right;
	}
	va->subtree_max_size = va_size(va);
	rb_link_node(&va->rb_node, parent, link);
	free_va_callbacks.propagate(parent, NULL);
	rb_insert_augmented(&va->rb_node, &vs->free_root, &free_va_callbacks);
	vs->nr_free++;
}

static void free_tree_erase(struct vmap_space *vs, struct vmap_area *va)
{
	rb_erase_augmented(&va->rb_node, &vs->free_root, &free_va_callbacks);
	RB_CLEAR_NODE(&va->rb_node);
	vs->nr_free--;
}

static void busy_tree_insert(struct vmap_space *vs, struct vmap_area *va)
{
	struct rb_node **link = &vs->busy_root.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = va->va_start < to_va(parent)->va_start ? &parent->rb_left :
								&parent->rb_right;
	}
	rb_link_node(&va->rb_node, parent, link);
	rb_insert_color(&va->rb_node, &vs->busy_root);
	vs->nr_busy++;
	vs->busy_bytes += va_size(va);
}

/**
 * vmap_space_init - make @vs manage [@start, @end), all of it free
 * @vs: the space to set up
 * @start: first address
 * @end: one past the last address
 * @ops: where nodes come from
 * @priv: passed to @ops
 * @gfp: for the first node
 *
 * Context: as @gfp allows.
 * Return: 0, -EINVAL if the range is empty, -ENOMEM if no node was had.
 */
int vmap_space_init(struct vmap_space *vs, unsigned long start, unsigned long end,
		    const struct vmap_area_ops *ops, void *priv, gfp_t gfp)
{
	struct vmap_area *va;

	*vs = (struct vmap_space){ .start = start, .end = end, .ops = ops, .priv = priv,
				   .free_root = RB_ROOT, .busy_root = RB_ROOT,
				   .nearmiss_limit = VMAP_NEARMISS_LIMIT };
	if (start >= end)
		return -EINVAL;
	va = ops->alloc_node(priv, gfp);
	if (!va)
		return -ENOMEM;
	va->va_start = start;
	va->va_end = end;
	free_tree_insert(vs, va);
	vs->free_bytes = end - start;
	return 0;
}

static void destroy_tree(struct vmap_space *vs, struct rb_root *root)
{
	struct rb_node *n;

	while ((n = rb_first(root))) {
		rb_erase(n, root);
		vs->ops->free_node(vs->priv, to_va(n));
	}
}

/**
 * vmap_space_destroy - give every node of @vs back to its ops
 * @vs: the space; busy areas are dropped, detached ones stay the owner's
 *
 * Context: as the ops' free_node.
 */
void vmap_space_destroy(struct vmap_space *vs)
{
	destroy_tree(vs, &vs->free_root);
	destroy_tree(vs, &vs->busy_root);
	while (vs->nr_spare)
		vs->ops->free_node(vs->priv, get_spare(vs));
	vs->nr_free = vs->nr_busy = 0;
	vs->free_bytes = vs->busy_bytes = 0;
}

/* Return: true if [a, a + size) with a = @va's start aligned up fits in @va. */
static bool va_fits(const struct vmap_area *va, unsigned long size, unsigned long align,
		    unsigned long *addr)
{
	unsigned long a = (va->va_start + (align - 1)) & ~(align - 1);

	if (a < va->va_start || a >= va->va_end || va->va_end - a < size)
		return false;
	*addr = a;
	return true;
}

/* The lowest node of the subtree at @n with a block of >= @need bytes; max(n) >= need. */
static struct vmap_area *first_fit_below(struct rb_node *n, unsigned long need)
{
	for (;;) {
		if (subtree_max(n->rb_left) >= need)
			n = n->rb_left;
		else if (va_size(to_va(n)) >= need)
			return to_va(n);
		else
			n = n->rb_right;	/* it holds the maximum */
	}
}

static struct vmap_area *first_fit(const struct vmap_space *vs, unsigned long need)
{
	if (subtree_max(vs->free_root.rb_node) < need)
		return NULL;
	return first_fit_below(vs->free_root.rb_node, need);
}

/* The next node after @va, in address order, with a block of >= @need bytes. */
static struct vmap_area *next_fit(struct vmap_area *va, unsigned long need)
{
	struct rb_node *n = &va->rb_node, *parent;

	if (subtree_max(n->rb_right) >= need)
		return first_fit_below(n->rb_right, need);
	while ((parent = rb_parent(n))) {
		if (n == parent->rb_left) {
			if (va_size(to_va(parent)) >= need)
				return to_va(parent);
			if (subtree_max(parent->rb_right) >= need)
				return first_fit_below(parent->rb_right, need);
		}
		n = parent;
	}
	return NULL;
}

/* Find where to put @size bytes aligned to @align (see the top of the file). */
static struct vmap_area *find_lowest_fit(const struct vmap_space *vs, unsigned long size,
					 unsigned long align, unsigned long *addr)
{
	unsigned long sure = size + (align - 1), misses = 0;
	struct vmap_area *va, *safe;
	bool sure_tried = false;

	if (sure < size)
		sure = ULONG_MAX;	/* no block can be that big */
	for (va = first_fit(vs, size); va; va = next_fit(va, size)) {
		if (va_fits(va, size, align, addr))
			return va;
		if (sure_tried || ++misses <= vs->nearmiss_limit)
			continue;
		/* Every block up to va was tried: a sure one can only lie beyond. */
		sure_tried = true;
		safe = first_fit(vs, sure);
		if (safe && va_fits(safe, size, align, addr))
			return safe;
		/* None is sure to fit: walk on to the end. */
	}
	return NULL;
}

static enum fit_type classify_fit(const struct vmap_area *va, unsigned long a,
				  unsigned long size)
{
	if (a == va->va_start)
		return a + size == va->va_end ? FL_FIT : LE_FIT;
	return a + size == va->va_end ? RE_FIT : NE_FIT;
}

static const unsigned int nodes_needed[] = {
	[FL_FIT] = 0, [LE_FIT] = 1, [RE_FIT] = 1, [NE_FIT] = 2,
};

/* Cut [a, a + size) out of free block @va. Return: the busy node. */
static struct vmap_area *split_free(struct vmap_space *vs, struct vmap_area *va,
				    enum fit_type type, unsigned long a, unsigned long size)
{
	struct vmap_area *busy, *right;
	unsigned long end = va->va_end;

	if (type == FL_FIT) {
		free_tree_erase(vs, va);
		busy = va;
	} else {
		busy = get_spare(vs);
		if (type == LE_FIT)
			va->va_start = a + size;
		else
			va->va_end = a;
		free_va_callbacks.propagate(&va->rb_node, NULL);
		if (type == NE_FIT) {
			right = get_spare(vs);
			right->va_start = a + size;
			right->va_end = end;
			free_tree_insert(vs, right);
		}
	}
	busy->va_start = a;
	busy->va_end = a + size;
	busy->vm = NULL;
	INIT_LIST_HEAD(&busy->list);
	return busy;
}

/**
 * vmap_space_alloc - take the lowest block of @size bytes aligned to @align
 * @vs: the space
 * @size: bytes wanted, > 0
 * @align: a power of two
 * @out: set to the new busy area on success
 *
 * Context: caller serializes @vs; never allocates memory, never sleeps.
 * Return: 0; -EINVAL for a zero size or a bad alignment; -ENOSPC if no free
 * block can hold it; -ENOMEM if the split needs more spare nodes than the
 * pool has (call vmap_space_preload() and retry).
 */
int vmap_space_alloc(struct vmap_space *vs, unsigned long size, unsigned long align,
		     struct vmap_area **out)
{
	struct vmap_area *va, *busy;
	enum fit_type type;
	unsigned long a;

	if (!size || !align || (align & (align - 1)))
		return -EINVAL;
	va = find_lowest_fit(vs, size, align, &a);
	if (!va)
		return -ENOSPC;
	type = classify_fit(va, a, size);
	if (vs->nr_spare < nodes_needed[type])
		return -ENOMEM;
	busy = split_free(vs, va, type, a, size);
	vs->free_bytes -= size;
	busy_tree_insert(vs, busy);
	*out = busy;
	return 0;
}

/**
 * vmap_space_find - the busy area containing @addr
 * @vs: the space
 * @addr: any address
 *
 * Context: caller serializes @vs.
 * Return: the area (its range includes any guard page), or NULL.
 */
struct vmap_area *vmap_space_find(const struct vmap_space *vs, unsigned long addr)
{
	struct rb_node *n = vs->busy_root.rb_node;

	while (n) {
		struct vmap_area *va = to_va(n);

		if (addr < va->va_start)
			n = n->rb_left;
		else if (addr >= va->va_end)
			n = n->rb_right;
		else
			return va;
	}
	return NULL;
}

/**
 * vmap_space_detach - take busy @va out of the busy tree
 * @vs: its space
 * @va: a busy area of @vs
 *
 * The range stays unavailable until vmap_space_release().
 * Context: caller serializes @vs.
 */
void vmap_space_detach(struct vmap_space *vs, struct vmap_area *va)
{
	rb_erase(&va->rb_node, &vs->busy_root);
	RB_CLEAR_NODE(&va->rb_node);
	vs->nr_busy--;
	vs->busy_bytes -= va_size(va);
	vs->detached_bytes += va_size(va);
}

/* The free blocks just below and just above @va's range (either may be NULL). */
static void free_neighbours(const struct vmap_space *vs, const struct vmap_area *va,
			    struct vmap_area **prev, struct vmap_area **next)
{
	struct rb_node *n = vs->free_root.rb_node;

	*prev = *next = NULL;
	while (n) {
		if (va->va_start < to_va(n)->va_start) {
			*next = to_va(n);
			n = n->rb_left;
		} else {
			*prev = to_va(n);
			n = n->rb_right;
		}
	}
}

/**
 * vmap_space_release - give the range of detached @va back to the free tree
 * @vs: its space
 * @va: a detached area (its node is consumed on success)
 *
 * Merges with the free blocks on either side.
 * Context: caller serializes @vs; never sleeps.
 * Return: 0, or -EINVAL if the range lies outside the space or overlaps
 * free space (then nothing changes and @va stays the caller's).
 */
int vmap_space_release(struct vmap_space *vs, struct vmap_area *va)
{
	unsigned long size = va_size(va);
	struct vmap_area *prev, *next;
	bool merge_prev, merge_next;

	free_neighbours(vs, va, &prev, &next);
	if (va->va_start < vs->start || va->va_end > vs->end || !size ||
	    (prev && prev->va_end > va->va_start) || (next && next->va_start < va->va_end)) {
		pr_err("BUG: releasing [%#lx-%#lx), which overlaps free space\n",
		       va->va_start, va->va_end);
		return -EINVAL;
	}
	merge_prev = prev && prev->va_end == va->va_start;
	merge_next = next && next->va_start == va->va_end;
	vs->detached_bytes -= size;
	vs->free_bytes += size;
	if (merge_prev && merge_next) {
		unsigned long end = next->va_end;

		free_tree_erase(vs, next);
		put_node(vs, next);
		prev->va_end = end;
		free_va_callbacks.propagate(&prev->rb_node, NULL);
	} else if (merge_prev) {
		prev->va_end = va->va_end;
		free_va_callbacks.propagate(&prev->rb_node, NULL);
	} else if (merge_next) {
		next->va_start = va->va_start;	/* order is kept: nothing lies between */
		free_va_callbacks.propagate(&next->rb_node, NULL);
	} else {
		free_tree_insert(vs, va);
		return 0;
	}
	put_node(vs, va);
	return 0;
}

/**
 * vmap_space_free - vmap_space_detach() and vmap_space_release() of busy @va
 * @vs: its space
 * @va: a busy area of @vs
 *
 * Context: caller serializes @vs; never sleeps.
 * Return: as vmap_space_release().
 */
int vmap_space_free(struct vmap_space *vs, struct vmap_area *va)
{
	vmap_space_detach(vs, va);
	return vmap_space_release(vs, va);
}

/**
 * vmap_space_first_busy - the busy area with the lowest address
 * @vs: the space
 *
 * Context: caller serializes @vs.
 * Return: the area, or NULL if none is busy.
 */
struct vmap_area *vmap_space_first_busy(const struct vmap_space *vs)
{
	return to_va(rb_first(&vs->busy_root));
}

/**
 * vmap_space_next_busy - the busy area after @va in address order
 * @va: a busy area
 *
 * Context: caller serializes the space.
 * Return: the area, or NULL after the last.
 */
struct vmap_area *vmap_space_next_busy(const struct vmap_area *va)
{
	return to_va(rb_next(&va->rb_node));
}

/**
 * vmap_space_largest_free - the size of the largest free block of @vs
 * @vs: the space
 *
 * Context: caller serializes @vs.
 * Return: bytes, 0 if nothing is free.
 */
unsigned long vmap_space_largest_free(const struct vmap_space *vs)
{
	return subtree_max(vs->free_root.rb_node);
}

/* Return: the true largest block below @n; counts wrong cached values in *@bad. */
static unsigned long check_subtree_max(const struct rb_node *n, unsigned int *bad)
{
	unsigned long m, l, r;

	if (!n)
		return 0;
	l = check_subtree_max(n->rb_left, bad);
	r = check_subtree_max(n->rb_right, bad);
	m = max(va_size(to_va(n)), max(l, r));
	if (m != to_va(n)->subtree_max_size) {
		pr_err("check: free [%#lx-%#lx) subtree_max_size %#lx, should be %#lx\n",
		       to_va(n)->va_start, to_va(n)->va_end, to_va(n)->subtree_max_size, m);
		(*bad)++;
	}
	return m;
}

/* Walk one tree in order; check ranges and order; sum sizes and count nodes. */
static unsigned int check_tree(const struct vmap_space *vs, const struct rb_root *root,
			       bool free, unsigned long *bytes, unsigned long *count)
{
	const char *what = free ? "free" : "busy";
	unsigned long last_end = vs->start;
	unsigned int bad = 0;
	struct rb_node *n;

	*bytes = *count = 0;
	if (rb_check_structure(root) < 0) {
		pr_err("check: %s tree is not a valid red-black tree\n", what);
		return 1;
	}
	for (n = rb_first(root); n; n = rb_next(n)) {
		const struct vmap_area *va = to_va(n);

		if (va->va_start >= va->va_end || va->va_start < last_end ||
		    va->va_end > vs->end || (free && *count && va->va_start == last_end)) {
			pr_err("check: %s [%#lx-%#lx) is empty, out of range, overlaps or is unmerged\n",
			       what, va->va_start, va->va_end);
			bad++;
		}
		last_end = va->va_end;
		*bytes += va_size(va);
		(*count)++;
	}
	return bad;
}

/* No free block overlaps a busy one: merge the two address-ordered walks. */
static unsigned int check_no_overlap(const struct vmap_space *vs)
{
	struct rb_node *f = rb_first(&vs->free_root), *b = rb_first(&vs->busy_root);
	unsigned int bad = 0;

	while (f && b) {
		const struct vmap_area *fv = to_va(f), *bv = to_va(b);

		if (fv->va_start < bv->va_end && bv->va_start < fv->va_end) {
			pr_err("check: free [%#lx-%#lx) overlaps busy [%#lx-%#lx)\n",
			       fv->va_start, fv->va_end, bv->va_start, bv->va_end);
			bad++;
		}
		if (fv->va_end <= bv->va_end)
			f = rb_next(f);
		else
			b = rb_next(b);
	}
	return bad;
}

/**
 * vmap_space_check - check every invariant of @vs (see vmap_area.h)
 * @vs: the space
 *
 * Cost O(n), recursion depth the tree height: for tests.
 * Context: caller serializes @vs.
 * Return: the number of problems found (each is printed).
 */
unsigned int vmap_space_check(const struct vmap_space *vs)
{
	unsigned long free_bytes, busy_bytes, nr_free, nr_busy;
	unsigned int bad;

	bad = check_tree(vs, &vs->free_root, true, &free_bytes, &nr_free);
	bad += check_tree(vs, &vs->busy_root, false, &busy_bytes, &nr_busy);
	if (bad)
		return bad;
	check_subtree_max(vs->free_root.rb_node, &bad);
	bad += check_no_overlap(vs);
	if (free_bytes != vs->free_bytes || busy_bytes != vs->busy_bytes ||
	    nr_free != vs->nr_free || nr_busy != vs->nr_busy) {
		pr_err("check: counters free %lu/%lu busy %lu/%lu, trees hold %lu/%lu %lu/%lu\n",
		       vs->nr_free, vs->free_bytes, vs->nr_busy, vs->busy_bytes,
		       nr_free, free_bytes, nr_busy, busy_bytes);
		bad++;
	}
	if (free_bytes + busy_bytes + vs->detached_bytes != vs->end - vs->start) {
		pr_err("check: free %#lx + busy %#lx + detached %#lx != range %#lx\n",
		       free_bytes, busy_bytes, vs->detached_bytes, vs->end - vs->start);
		bad++;
	}
	return bad;
}
