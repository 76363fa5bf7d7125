// SPDX-License-Identifier: MIT
/*
 * SLUB, after Linux's mm/slub.c: caches of equal-sized objects carved out
 * of page blocks ("slabs") from the buddy allocator.
 *
 * Each cache has a current "cpu slab" whose free list serves the common
 * case in a few instructions, without disabling interrupts: the pop and
 * the push are restartable sequences (arch/restart.h) that commit with one
 * store of the list head. As in Linux, the cpu slab is "frozen" while it
 * is installed: its inuse counts every object, the fast paths change only
 * the list, and the count is settled from the list when the slab is
 * flushed (cpu_freelist_count()). The other slabs sit on the partial list
 * (some objects free) or the full list (none free). Empty slabs beyond
 * min_partial go back to the buddy allocator at once, the rest on
 * kmem_cache_shrink() or when the page allocator runs the slab shrinker.
 * Slab metadata lives in the head struct page; the free pointer lives
 * inside free objects, hardened as CONFIG_SLAB_FREELIST_HARDENED does (see
 * mm/slab_priv.h).
 *
 * Checks that are always on, unlike Linux: a free must name the start of
 * a live object of the slab (else "Invalid object pointer"), and an
 * object that is already free is refused ("Object already free"). The
 * second check is cheap: an allocated object's free-pointer slot is
 * cleared when it is handed out, so only a slot that decodes to a pointer
 * into the slab (or NULL) needs the free list walked to confirm.
 *
 * Caches with debug flags (mm/slub_debug.c) take the slow path for every
 * operation, as in Linux, so each object can be checked and tracked.
 *
 * kmalloc(), kfree(), kmem_cache_alloc() and kmem_cache_free() live here
 * (as in Linux) so the fast paths inline into them; the rest of the
 * kmalloc family is in mm/slab_common.c.
 *
 * Lock order: see mm/slab_priv.h. In short, everything below runs with
 * interrupts disabled (the cpu slab and the node lists), except
 * new_slab(), which runs with interrupts as the caller had them, and the
 * two restartable sequences of the fast paths, which change only the cpu
 * free list's head, in one store, and are restarted by any interrupt that
 * arrives before it.
 */
#include <arch/cpu.h>
#include <arch/irqflags.h>
#include <arch/restart.h>
#include <kernel/errno.h>
#include <kernel/fault_inject.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <mm/kfence.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

#include "slab_priv.h"

/* GFP bits a slab allocation passes on to the page allocator. */
#define GFP_SLAB_PASS								\
	(__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN |	\
	 __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | __GFP_NORETRY | __GFP_MEMALLOC |	\
	 __GFP_NOMEMALLOC)

/* ---- cache geometry ------------------------------------------------------ */

static unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order, unsigned int fract_leftover)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned int slab_size = PAGE_SIZE << order;

		if (slab_size % size <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/*
 * calculate_order - Linux's choice of slab order: the smallest order
 * holding min_objects (4 * (fls(nr_cpus) + 1) = 8 on one CPU, fewer if
 * they do not fit in SLUB_MAX_ORDER) that wastes at most 1/16 of the slab,
 * accepting 1/8, then 1/4, then 1/2; objects too big for SLUB_MAX_ORDER
 * get the order that holds one.
 */
static int calculate_order(unsigned int size)
{
	unsigned int min_objects = 8, max_objects, min_order, order;

	max_objects = max(order_objects(SLUB_MAX_ORDER, size), 1U);
	min_objects = min(min_objects, max_objects);
	min_order = get_order((size_t)min_objects * size);
	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return get_order((size_t)size * MAX_OBJS_PER_PAGE) - 1;
	for (unsigned int fraction = 16; fraction > 1; fraction /= 2) {
		order = calc_slab_order(size, min_order, SLUB_MAX_ORDER, fraction);
		if (order <= SLUB_MAX_ORDER)
			return order;
	}
	order = get_order(size);
	return order <= MAX_PAGE_ORDER ? (int)order : -ENOSYS;
}

static unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
					unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = CACHE_LINE_SIZE;

		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	align = max(align, (unsigned int)ARCH_KMALLOC_MINALIGN);
	return ALIGN(align, (unsigned int)sizeof(void *));
}

/* Where the free pointer goes: outside the object when its contents must survive. */
static bool freeptr_goes_outside(const struct kmem_cache *s)
{
	return (s->flags & SLAB_POISON) || s->ctor ||
	       ((s->flags & SLAB_RED_ZONE) &&
		(s->object_size < sizeof(void *) || slub_debug_orig_size(s)));
}

/*
 * calculate_sizes - lay out one slot (see mm/slab_priv.h) and choose the
 * slab order. Return: false if no slab of any order can hold an object.
 */
static bool calculate_sizes(struct kmem_cache *s)
{
	unsigned int size = ALIGN(s->object_size, (unsigned int)sizeof(void *));
	int order;

	if ((s->flags & SLAB_POISON) && !s->ctor)
		s->flags |= __OBJECT_POISON;
	else
		s->flags &= ~__OBJECT_POISON;
	if ((s->flags & SLAB_RED_ZONE) && size == s->object_size)
		size += sizeof(void *);		/* a right red zone of at least a word */
	s->inuse = size;
	if (freeptr_goes_outside(s)) {
		s->offset = size;
		size += sizeof(void *);
	} else {
		s->offset = ALIGN_DOWN(s->object_size / 2, (unsigned int)sizeof(void *));
	}
	if (s->flags & SLAB_STORE_USER)
		size += 2 * sizeof(struct track);
	if (slub_debug_orig_size(s))
		size += sizeof(unsigned int);
	s->red_left_pad = 0;
	if (s->flags & SLAB_RED_ZONE) {
		s->red_left_pad = ALIGN((unsigned int)sizeof(void *), s->align);
		size += s->red_left_pad;
	}
	s->size = ALIGN(size, s->align);
	s->reciprocal_size = ~0ULL / s->size + 1;
	order = calculate_order(s->size);
	if (order < 0)
		return false;
	s->order = order;
	s->objects = order_objects(order, s->size);
	s->min_order = get_order(s->size);
	s->min_objects = order_objects(s->min_order, s->size);
	s->allocflags = __GFP_COMP;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= __GFP_DMA;
	if (s->flags & SLAB_CACHE_DMA32)
		s->allocflags |= __GFP_DMA32;
	return s->objects != 0;
}

/**
 * __kmem_cache_create - set up @s (zeroed by the caller) as a cache.
 * Context: process context or boot.
 * Return: 0, or -ENOSYS if no slab order can hold an object.
 */
int __kmem_cache_create(struct kmem_cache *s, const char *name, unsigned int size,
			unsigned int align, slab_flags_t flags, void (*ctor)(void *))
{
	strscpy(s->name, name, sizeof(s->name));
	s->flags = kmem_cache_flags(name, flags);
	s->object_size = size;
	s->ctor = ctor;
	s->align = calculate_alignment(flags, align, size);
	s->random = slab_random();
	if (!calculate_sizes(s))
		return -ENOSYS;
	s->min_partial = clamp((unsigned long)(63 - __builtin_clzl(s->size)) / 2,
			       (unsigned long)MIN_PARTIAL, (unsigned long)MAX_PARTIAL);
	INIT_LIST_HEAD(&s->node.partial);
	INIT_LIST_HEAD(&s->node.full);
	return 0;
}

/* ---- slabs ---------------------------------------------------------------- */

static struct page *alloc_slab_page(struct kmem_cache *s, gfp_t gfp, unsigned int *order)
{
	gfp_t flags = (gfp & GFP_SLAB_PASS) | s->allocflags;
	struct page *page = NULL;

	/* The preferred order only if it comes easily (as Linux). */
	*order = s->order;
	if (s->order > s->min_order)
		page = alloc_pages((flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL, s->order);
	if (!page) {
		*order = s->min_order;
		page = alloc_pages(flags, s->min_order);
	}
	return page;
}

/*
 * new_slab - a slab of fresh objects, linked in address order, each
 * constructed and (debug caches) poisoned and red-zoned. Not yet on any
 * list nor counted. Context: interrupts as the caller had them.
 */
static struct page *new_slab(struct kmem_cache *s, gfp_t gfp)
{
	unsigned int order;
	struct page *page = alloc_slab_page(s, gfp, &order);
	char *p, *first;

	if (!page)
		return NULL;
	page->slab_cache = s;
	page->objects = order_objects(order, s->size);
	page->inuse = 0;
	SetPageSlab(page);
	if (kmem_cache_debug(s))
		setup_slab_debug(s, page);
	first = slab_first_object(s, page);
	for (unsigned int i = 0; i < page->objects; i++) {
		p = first + (size_t)i * s->size;
		if (kmem_cache_debug(s))
			setup_object_debug(s, p);
		if (s->ctor)
			s->ctor(p);
		set_freepointer(s, p, i + 1 < page->objects ? p + s->size : NULL);
	}
	page->freelist = first;
	return page;
}

static void free_slab(struct kmem_cache *s, struct page *page)
{
	if (kmem_cache_debug(s))
		slab_pad_check(s, page);
	ClearPageSlab(page);
	page->slab_cache = NULL;
	page->freelist = NULL;
	__free_pages(page, slab_order(page));
}

/**
 * discard_slab - uncount @page (already off every list) and free it.
 * Context: interrupts disabled.
 */
void discard_slab(struct kmem_cache *s, struct page *page)
{
	s->node.nr_slabs--;
	s->node.total_objects -= page->objects;
	free_slab(s, page);
}

/* A slab that stopped being the cpu slab: free it, or file it by state. */
static void put_slab(struct kmem_cache *s, struct page *page)
{
	struct kmem_cache_node *n = &s->node;

	if (!page->inuse && n->nr_partial >= s->min_partial)
		discard_slab(s, page);
	else if (page->freelist)
		add_partial(n, page, !page->inuse);
	else
		list_add(&page->slab_list, &n->full);
}

/**
 * cpu_freelist_count - the objects on the cpu free list. A pointer on it
 * that is not an object of the cpu slab ends the count; with @cut, the
 * list is reported and cut there (the objects behind the cut stay counted
 * as used, as in cut_cpu_freelist()).
 * Context: interrupts disabled.
 */
unsigned int cpu_freelist_count(struct kmem_cache *s, bool cut)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;
	void *p = c->freelist, *prev = NULL;
	unsigned int n = 0;

	for (; p && n < c->slab->objects; n++, prev = p, p = get_freepointer(s, p)) {
		if (check_valid_pointer(s, c->slab, p))
			continue;
		if (cut && prev) {
			freelist_corrupt(s, c->slab, prev);
			set_freepointer(s, prev, NULL);
		} else if (cut) {
			c->freelist = NULL;
		}
		break;
	}
	return n;
}

/**
 * flush_cpu_slab - hand the cpu slab and its free list back to the lists.
 * Context: interrupts disabled.
 */
void flush_cpu_slab(struct kmem_cache *s)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;
	struct page *page = c->slab;

	if (!page)
		return;
	page->inuse = page->objects - cpu_freelist_count(s, true);	/* unfreeze */
	page->freelist = c->freelist;
	c->slab = NULL;
	c->freelist = NULL;
	put_slab(s, page);
}

static void install_cpu_slab(struct kmem_cache *s, struct page *page)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;

	c->slab = page;
	c->freelist = page->freelist;
	c->base = (unsigned long)slab_first_object(s, page);
	c->span = (unsigned long)page->objects * s->size;
	page->freelist = NULL;
	page->inuse = page->objects;	/* frozen: the list holds the free ones */
}

/* Does @p point into the cpu slab's objects (not necessarily at a start)? */
static __always_inline bool in_cpu_slab(const struct kmem_cache_cpu *c, const void *p)
{
	return (unsigned long)p - c->base < c->span;
}

/* Is @object the start of an object of the cpu slab? */
static __always_inline bool cpu_slab_object(const struct kmem_cache *s,
					    const struct kmem_cache_cpu *c, const void *object)
{
	u64 off = (unsigned long)object - c->base;

	return off < c->span &&
	       (u64)(((unsigned __int128)off * s->reciprocal_size) >> 64) * s->size == off;
}

/* ---- allocation ------------------------------------------------------------ */

/* A live object carries no free pointer (its slot is cleared): see object_is_free(). */
static __always_inline void clear_freepointer(const struct kmem_cache *s, void *object)
{
	*(unsigned long *)((char *)object + s->offset) = 0;
}

/*
 * The free pointer of @object, the head of the cpu free list, is corrupt:
 * report it and cut the list there. The free objects behind the cut are
 * lost and count as in use from now on. Interrupts disabled.
 */
static __noinline void cut_cpu_freelist(struct kmem_cache *s, struct page *page, void *object)
{
	freelist_corrupt(s, page, object);
}

/* Take the first object of the cpu free list. Interrupts disabled. */
static __always_inline void *cpu_freelist_pop(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	void *object = c->freelist;
	void *next = get_freepointer(s, object);

	/*
	 * A corrupt pointer decodes to noise: checking that it lands in the
	 * slab is enough here (the free path and validate check exactly).
	 */
	if (unlikely(next && !in_cpu_slab(c, next))) {
		cut_cpu_freelist(s, c->slab, object);
		next = NULL;
	}
	c->freelist = next;
	clear_freepointer(s, object);
	return object;
}

/*
 * cpu_freelist_pop_fast - cpu_freelist_pop() with interrupts on: a
 * restartable sequence (arch/restart.h) whose commit is the store of the
 * new list head. Gives up, returning NULL, when the list is empty or the
 * head's free pointer does not land in the cpu slab (the slow path looks
 * again with interrupts off, and cuts a corrupt list).
 * Context: any (one CPU).
 */
static __always_inline void *cpu_freelist_pop_fast(struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	unsigned long object, next, slot;

	__asm__ __volatile__("1:\tmov %[head], %[obj]\n\t"
			     "test %[obj], %[obj]\n\t"
			     "jz 4f\n\t"
			     "lea (%[obj], %[off]), %[slot]\n\t"
			     "mov (%[slot]), %[next]\n\t"		/* get_freepointer() */
			     "bswap %[slot]\n\t"
			     "xor %[rnd], %[next]\n\t"
			     "xor %[slot], %[next]\n\t"
			     "jz 2f\n\t"				/* the last free object */
			     "mov %[next], %[slot]\n\t"		/* in_cpu_slab(c, next) */
			     "sub %[base], %[slot]\n\t"
			     "cmp %[span], %[slot]\n\t"
			     "jae 3f\n"
			     "2:\tmov %[next], %[head]\n"		/* commit */
			     "5:\n\t"
			     RESTART_SEQ(1b, 5b)
			     "jmp 4f\n"
			     "3:\txor %k[obj], %k[obj]\n"
			     "4:\n"
			     : [obj] "=&r"(object), [next] "=&r"(next), [slot] "=&r"(slot),
			       [head] "+m"(c->freelist)
			     : [off] "r"((unsigned long)s->offset), [rnd] "m"(s->random),
			       [base] "m"(c->base), [span] "m"(c->span)
			     : "cc", "memory");
	return (void *)object;
}

/*
 * cpu_freelist_push_fast - put @object, a live object of @page, on the cpu
 * free list with interrupts on: a restartable sequence that encodes the
 * current head into @object's free pointer (idempotent: the object is the
 * caller's) and commits with the store of @object as the new head.
 * Return: false, changing nothing shared, if @page is not the cpu slab.
 * Context: any (one CPU).
 */
static __always_inline bool cpu_freelist_push_fast(struct kmem_cache *s, struct kmem_cache_cpu *c,
						   struct page *page, void *object)
{
	unsigned long slot = (unsigned long)object + s->offset;
	unsigned long key = s->random ^ __builtin_bswap64(slot), tmp;
	bool pushed;

	__asm__ __volatile__("1:\tmov %[head], %[tmp]\n\t"
			     "xor %[key], %[tmp]\n\t"			/* set_freepointer() */
			     "mov %[tmp], (%[slot])\n\t"
			     "cmp %[page], %[cslab]\n\t"
			     "jne 2f\n\t"
			     "mov %[obj], %[head]\n"			/* commit */
			     "2:\n\t"
			     RESTART_SEQ(1b, 2b)
			     : [tmp] "=&r"(tmp), [head] "+m"(c->freelist), "=@ccz"(pushed)
			     : [key] "r"(key), [slot] "r"(slot), [page] "r"(page),
			       [cslab] "m"(c->slab), [obj] "r"(object)
			     : "memory");
	return pushed;
}

/*
 * partial_slab_push_fast - __slab_free() of @object, a live object of
 * @page (not the cpu slab), with interrupts on, for the common case: the
 * slab keeps other objects in use and already has free ones, so no list
 * changes. A restartable sequence that encodes the slab's free-list head
 * into @object's free pointer (the caller's memory) and commits the new
 * head and inuse - 1 with one 16-byte store over freelist, counters and
 * _refcount (rewritten unchanged). A frozen cpu slab has no page freelist,
 * so it never qualifies.
 * Return: false, changing nothing shared, if the slab was full or would
 * become empty (the caller takes __slab_free() with interrupts off).
 * Context: any (one CPU).
 */
static __always_inline bool partial_slab_push_fast(struct kmem_cache *s, struct page *page,
						   void *object)
{
	unsigned long slot = (unsigned long)object + s->offset;
	unsigned long key = s->random ^ __builtin_bswap64(slot), head, counters, tmp;
	unsigned int pushed;

	BUILD_BUG_ON(offsetof(struct page, freelist) != 32);
	BUILD_BUG_ON(offsetof(struct page, counters) != 40 || offsetof(struct page, inuse) != 40);
	BUILD_BUG_ON(offsetof(struct page, _refcount) != 44);
	__asm__ __volatile__("1:\txor %[ok], %[ok]\n\t"
			     "mov 32(%[page]), %[head]\n\t"
			     "test %[head], %[head]\n\t"
			     "jz 2f\n\t"				/* full: list move */
			     "mov 40(%[page]), %[cnt]\n\t"
			     "cmpw $1, %w[cnt]\n\t"
			     "jbe 2f\n\t"				/* would be empty */
			     "mov %[head], %[tmp]\n\t"
			     "xor %[key], %[tmp]\n\t"			/* set_freepointer() */
			     "mov %[tmp], (%[slot])\n\t"
			     "dec %[cnt]\n\t"				/* inuse >= 2: no borrow */
			     "mov $1, %[ok]\n\t"
			     "movq %[obj], %%xmm0\n\t"
			     "movq %[cnt], %%xmm1\n\t"
			     "punpcklqdq %%xmm1, %%xmm0\n\t"
			     "movdqu %%xmm0, 32(%[page])\n"		/* commit */
			     "3:\n\t"
			     RESTART_SEQ(1b, 3b)
			     "2:\n"
			     : [head] "=&r"(head), [cnt] "=&r"(counters), [tmp] "=&r"(tmp),
			       [ok] "=&r"(pushed)
			     : [page] "r"(page), [key] "r"(key), [slot] "r"(slot), [obj] "r"(object)
			     : "cc", "memory" RESTART_SEQ_XMM_CLOBBERS);
	return pushed;
}

/* Move a fresh slab under the cache's accounting. Interrupts disabled. */
static void account_new_slab(struct kmem_cache *s, struct page *page)
{
	s->node.nr_slabs++;
	s->node.total_objects += page->objects;
}

/*
 * ___slab_alloc - the slow path: the cpu free list is empty. Retire the
 * cpu slab, take a partial slab, or make a new one (with interrupts as
 * the caller had them: it may sleep for GFP_KERNEL).
 * Context: interrupts disabled on entry and exit (*@flags: saved state).
 */
static void *___slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long *flags)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;
	struct kmem_cache_node *n = &s->node;
	struct page *page;

	for (;;) {
		if (c->freelist)
			return cpu_freelist_pop(s, c);
		flush_cpu_slab(s);
		page = list_first_entry_or_null(&n->partial, struct page, slab_list);
		if (page) {
			remove_partial(n, page);
			install_cpu_slab(s, page);
			continue;
		}
		local_irq_restore(*flags);
		page = new_slab(s, gfp);
		local_irq_save(*flags);
		if (!page)
			return NULL;
		account_new_slab(s, page);
		/* An interrupt may have installed a cpu slab meanwhile. */
		if (c->slab)
			add_partial(n, page, true);
		else
			install_cpu_slab(s, page);
	}
}

/* Take a checked object from the first partial slab. Interrupts disabled. */
static void *debug_partial_alloc(struct kmem_cache *s, struct page *page, unsigned long caller,
				 size_t orig_size)
{
	struct kmem_cache_node *n = &s->node;
	void *object = page->freelist;
	void *next;

	if (!alloc_debug_processing(s, page, object, caller, orig_size)) {
		/* The slab itself is corrupt: touch none of its objects again. */
		slab_fix(s, "Marking all objects used");
		page->inuse = page->objects;
		page->freelist = NULL;
		remove_partial(n, page);
		list_add(&page->slab_list, &n->full);
		return NULL;
	}
	next = get_freepointer(s, object);	/* checked (and cut if bad) above */
	page->freelist = next;
	page->inuse++;
	alloc_debug_done(s, page, object, caller, orig_size);
	/* The list ended early: it was cut, find the free objects behind the cut. */
	if (!next && page->inuse != page->objects)
		repair_freelist(s, page);
	if (!page->freelist) {
		remove_partial(n, page);
		list_add(&page->slab_list, &n->full);
	}
	clear_freepointer(s, object);
	return object;
}

/*
 * alloc_debug - allocation for debug caches: no cpu slab, every object
 * checked before it is handed out. Context: as ___slab_alloc().
 */
static void *alloc_debug(struct kmem_cache *s, gfp_t gfp, unsigned long caller,
			 size_t orig_size, unsigned long *flags)
{
	struct kmem_cache_node *n = &s->node;
	struct page *page;
	void *object;

	for (;;) {
		page = list_first_entry_or_null(&n->partial, struct page, slab_list);
		if (page) {
			object = debug_partial_alloc(s, page, caller, orig_size);
			if (object)
				return object;
			continue;
		}
		local_irq_restore(*flags);
		page = new_slab(s, gfp);
		local_irq_save(*flags);
		if (!page)
			return NULL;
		account_new_slab(s, page);
		add_partial(n, page, false);
	}
}

static void slab_out_of_memory(struct kmem_cache *s, gfp_t gfp)
{
	char buf[96];

	if (gfp & __GFP_NOWARN)
		return;
	gfp_flags_snprint(buf, sizeof(buf), gfp);
	printk(KERN_WARNING "SLUB: Unable to allocate memory on node -1, gfp=%s\n", buf);
	printk(KERN_WARNING "  cache: %s, object size: %u, buffer size: %u, "
	       "default order: %u, min order: %u\n",
	       s->name, s->object_size, s->size, s->order, s->min_order);
	printk(KERN_WARNING "  node 0: slabs: %lu, objs: %lu\n", s->node.nr_slabs,
	       s->node.total_objects);
}

/* Everything but the fast path. Interrupts disabled on entry and exit. */
static __noinline void *__slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller,
				     size_t orig_size, unsigned long *flags)
{
	if (kmem_cache_debug(s))
		return alloc_debug(s, gfp, caller, orig_size, flags);
	return ___slab_alloc(s, gfp, flags);
}

/*
 * slab_alloc_node - allocate an object of @s for @caller; @orig_size is
 * the size asked for (kmalloc) or s->object_size. The fast path takes the
 * head of the cpu free list with interrupts disabled for a few
 * instructions.
 * Context: may sleep if @gfp allows blocking; else any context.
 * Return: the object, or NULL (reported unless __GFP_NOWARN).
 */
static __always_inline void *slab_alloc_node(struct kmem_cache *s, gfp_t gfp,
					     unsigned long caller, size_t orig_size)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;
	unsigned long flags;
	void *object;

	might_sleep_if(gfpflags_allow_blocking(gfp));
	/* fault injection: failslab= (probability 0, the default: never fails) */
	if (unlikely(READ_ONCE(failslab.attr.probability)) && should_failslab(s, gfp))
		goto fail;
	object = kfence_alloc(s, orig_size, gfp);	/* KFENCE: a sampled, guarded object */
	if (unlikely(object))
		return object;
	object = cpu_freelist_pop_fast(s, c);
	if (likely(object)) {
		clear_freepointer(s, object);
	} else {
		local_irq_save(flags);
		object = __slab_alloc(s, gfp, caller, orig_size, &flags);
		local_irq_restore(flags);
	}
	if (unlikely(!object)) {
fail:		/* fault injection: an injected failure is reported like a real one */
		slab_out_of_memory(s, gfp);
		return NULL;
	}
	if (unlikely(gfp & __GFP_ZERO))
		memset(object, 0, slub_debug_orig_size(s) ? orig_size : s->object_size);
	return object;
}

/**
 * slab_alloc - slab_alloc_node() for the other files of the allocator.
 * Context: may sleep if @gfp allows blocking.
 */
void *slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller, size_t orig_size)
{
	return slab_alloc_node(s, gfp, caller, orig_size);
}

/**
 * kmem_cache_alloc - see mm/include/mm/slab.h.
 * Context: may sleep if @gfp allows blocking.
 */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp)
{
	return slab_alloc_node(s, gfp, _RET_IP_, s->object_size);
}

static __noinline void *kmalloc_too_early(unsigned long caller)
{
	WARN_ONCE(1, "kmalloc before kmem_cache_init() from %pS\n", (void *)caller);
	return NULL;
}

static __always_inline void *__do_kmalloc(size_t size, gfp_t gfp, unsigned long caller)
{
	struct kmem_cache *s;

	if (unlikely(size - 1 >= KMALLOC_MAX_CACHE_SIZE))	/* 0 too */
		return kmalloc_large(size, gfp, caller);
	s = kmalloc_caches[kmalloc_type(gfp)][kmalloc_index(size)];
	if (unlikely(!s))
		return kmalloc_too_early(caller);
	return slab_alloc_node(s, gfp, caller, size);
}

/**
 * __kmalloc_track_caller - kmalloc() on behalf of @caller.
 * Context: as kmalloc().
 */
void *__kmalloc_track_caller(size_t size, gfp_t gfp, unsigned long caller)
{
	return __do_kmalloc(size, gfp, caller);
}

/**
 * kmalloc - see mm/include/mm/slab.h.
 * Context: may sleep if @gfp allows blocking; else any.
 */
void *kmalloc(size_t size, gfp_t gfp)
{
	return __do_kmalloc(size, gfp, _RET_IP_);
}

/* ---- free ------------------------------------------------------------------- */

/* Interrupts disabled: is @object on @list (a free list of @page)? */
static bool on_list(struct kmem_cache *s, struct page *page, void *list, const void *object)
{
	for (unsigned int n = 0; list && n < page->objects; n++) {
		if (list == object)
			return true;
		if (!check_valid_pointer(s, page, list))
			return false;
		list = get_freepointer(s, list);
	}
	return false;
}

/**
 * object_is_free - is the valid object pointer @object free already?
 * Context: interrupts disabled.
 */
bool object_is_free(struct kmem_cache *s, struct page *page, const void *object)
{
	void *head = page == s->cpu_slab.slab ? s->cpu_slab.freelist : page->freelist;
	void *fp;

	/*
	 * Naive detection of double free, as Linux's BUG_ON(object == fp) in
	 * set_freepointer(). Linux BUGs; this kernel reports and refuses, so
	 * the free list stays intact and the caller goes on.
	 */
	if (unlikely(object == head))
		return true;
	/* A live object's slot was cleared: it cannot decode into the slab. */
	fp = get_freepointer(s, object);
	if (likely(fp && !check_valid_pointer(s, page, fp)))
		return false;
	return on_list(s, page, head, object);
}

/**
 * slab_object_live - is @object the start of an allocated object of @page?
 * Context: any.
 */
bool slab_object_live(struct kmem_cache *s, struct page *page, const void *object)
{
	unsigned long flags;
	bool live;

	local_irq_save(flags);
	live = check_valid_pointer(s, page, object) && object &&
	       !object_is_free(s, page, object);
	local_irq_restore(flags);
	return live;
}

/* Free to a slab that is not the cpu slab. Interrupts disabled. */
static void __slab_free(struct kmem_cache *s, struct page *page, void *object)
{
	struct kmem_cache_node *n = &s->node;
	bool was_full = !page->freelist;

	set_freepointer(s, object, page->freelist);
	page->freelist = object;
	page->inuse--;
	if (was_full) {
		list_del(&page->slab_list);
		add_partial(n, page, true);
	}
	if (!page->inuse && n->nr_partial > s->min_partial) {
		remove_partial(n, page);
		discard_slab(s, page);
	}
}

/* The free path with every check. Interrupts disabled. */
static __noinline void __slab_free_checked(struct kmem_cache *s, struct page *page, void *object,
					   unsigned long caller)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;

	/* The slab went away since the caller looked (a racing double free). */
	if (unlikely(!PageSlab(page) || page->slab_cache != s))
		report_bad_free(s, object, caller);
	else if (unlikely(!check_valid_pointer(s, page, object)))
		slab_invalid_free(s, page, object, caller);
	else if (unlikely(object_is_free(s, page, object)))
		slab_double_free(s, page, object, caller);
	else if (page == c->slab) {
		set_freepointer(s, object, c->freelist);
		c->freelist = object;
	} else if (!kmem_cache_debug(s) || free_debug_processing(s, page, object, caller)) {
		__slab_free(s, page, object);
	}
}

/*
 * Is @object, whose free-pointer slot decodes to @fp, surely a live object
 * of @page, a non-debug slab that is not the cpu slab? (Its slot was
 * cleared when it was handed out, so it decodes to no pointer into @page.)
 */
static __always_inline bool partial_slab_object_live(struct kmem_cache *s, struct page *page,
						     const void *object, const void *fp)
{
	return !kmem_cache_debug(s) && PageSlab(page) && check_valid_pointer(s, page, object) &&
	       fp && !check_valid_pointer(s, page, fp);
}

/*
 * do_slab_free - free @object of slab @page of cache @s for @caller. The
 * fast paths take an object that is surely live: the start of a slot
 * whose free-pointer slot does not decode to a pointer into the slab (a
 * live object's slot was cleared when it was handed out). Both are
 * restartable pushes with interrupts on: to the cpu slab (the checks read
 * its bounds unlocked, but those are fixed per slab page, and the push
 * fails unless @page is still the cpu slab), or to a partial slab that
 * stays partial. Anything else, and every free in a debug cache, takes
 * __slab_free() or the checked path with interrupts off, which reports
 * and refuses bad frees.
 * Context: any; never sleeps.
 */
static __always_inline void do_slab_free(struct kmem_cache *s, struct page *page, void *object,
					 unsigned long caller)
{
	struct kmem_cache_cpu *c = &s->cpu_slab;
	unsigned long flags;
	void *fp;

	fp = get_freepointer(s, object);
	if (likely(page == READ_ONCE(c->slab))) {
		if (likely(cpu_slab_object(s, c, object) && fp && !in_cpu_slab(c, fp)) &&
		    likely(cpu_freelist_push_fast(s, c, page, object)))
			return;
	} else if (likely(partial_slab_object_live(s, page, object, fp)) &&
		   likely(partial_slab_push_fast(s, page, object))) {
		return;	/* a live object can't be its slab's last: the slab stays */
	}
	/*
	 * Again with interrupts off: an interrupted push may have written the
	 * slot, and @page may have become the cpu slab. The cpu slab's objects
	 * that are not surely live take the checked path.
	 */
	local_irq_save(flags);
	fp = get_freepointer(s, object);
	if (page != c->slab && likely(partial_slab_object_live(s, page, object, fp))) {
		__slab_free(s, page, object);
		local_irq_restore(flags);
		return;
	}
	__slab_free_checked(s, page, object, caller);
	local_irq_restore(flags);
}

/**
 * slab_free - do_slab_free() for the other files of the allocator.
 * Context: any; never sleeps.
 */
void slab_free(struct kmem_cache *s, struct page *page, void *object, unsigned long caller)
{
	do_slab_free(s, page, object, caller);
}

/**
 * kfree - see mm/include/mm/slab.h.
 * Context: any; never sleeps.
 */
void kfree(const void *x)
{
	struct page *page;

	if (unlikely(ZERO_OR_NULL_PTR(x)))
		return;
	page = kobj_to_page(x);
	if (likely(page && PageSlab(page)))
		do_slab_free(page->slab_cache, page, (void *)x, _RET_IP_);
	else
		kfree_nonslab(x, page, _RET_IP_);
}

/**
 * kmem_cache_free - free @x, an object of @s. A pointer that is not a live
 * object of @s is reported and nothing is freed.
 * Context: any; never sleeps.
 */
void kmem_cache_free(struct kmem_cache *s, void *x)
{
	struct page *page;

	if (unlikely(!x))
		return;
	page = kobj_to_page(x);
	if (likely(page && PageSlab(page) && page->slab_cache == s))
		do_slab_free(s, page, x, _RET_IP_);
	else
		kmem_cache_free_bad(s, x, page, _RET_IP_);
}
