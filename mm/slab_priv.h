/* SPDX-License-Identifier: MIT */
/*
 * Slab allocator internals shared by mm/slub.c (cache layout, slabs, the
 * fast and slow paths, kmalloc/kfree), mm/slub_debug.c (checks, reports,
 * the validate walk), mm/slab_debug_options.c (slub_debug=) and
 * mm/slab_common.c (cache lifecycle, large kmalloc, krealloc and friends,
 * slabinfo, the shrinker).
 * Not a public API: see mm/include/mm/slab.h. (Not named mm/slab.h as in
 * Linux: the build puts the source root on the include path before
 * mm/include, so <mm/slab.h> would find it instead of the public header.)
 *
 * A slab is a block of 2^order pages from the buddy allocator cut into
 * s->objects slots of s->size bytes. Its metadata lives in the head struct
 * page (PG_slab, slab_cache, freelist, inuse, objects, slab_list). A free
 * object holds the hardened address of the next free object at s->offset.
 *
 * One slot, offsets relative to the object address the user gets:
 *
 *   -red_left_pad  0        object_size    inuse    info_end             size - red_left_pad
 *   | left redzone | object | right redzone | [fp]  | alloc/free track | orig_size | padding |
 *
 * The red zones exist with SLAB_RED_ZONE; the free pointer lies outside
 * the object ("[fp]", at offset == inuse) when the object's contents must
 * survive while it is free (poison, ctor), otherwise in the middle of the
 * object; tracks with SLAB_STORE_USER; orig_size (the size kmalloc was
 * asked for, so the bytes past it are a red zone too) for kmalloc caches
 * with red zones.
 *
 * Lock order (one CPU; see mm/slub.c):
 *   slab_caches list (interrupts off: on one CPU that keeps other tasks
 *   out too; Linux's slab_mutex once there are several CPUs)
 *     -> a cache's interrupts-off section: its cpu slab and node lists
 *        (local_irq_save; kmem_cache_cpu would be per-CPU and n->list_lock a
 *        spinlock with SMP). The fast paths change the cpu free list's
 *        head without it, in restartable sequences (arch/restart.h):
 *        correct on one CPU only; SMP would need Linux's cmpxchg16b.
 *       -> the zone lock inside __free_pages (nested interrupts-off).
 * New slabs are allocated outside the interrupts-off section, with
 * interrupts as the caller had them, so GFP_KERNEL may reclaim and sleep.
 */
#pragma once

#include <arch/irqflags.h>
#include <kernel/compiler.h>
#include <kernel/list.h>
#include <kernel/types.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

/* Poison bytes, as Linux's include/linux/poison.h. */
#define POISON_INUSE		0x5a	/* padding, and kmalloc's unrequested tail */
#define POISON_FREE		0x6b	/* a free object */
#define POISON_END		0xa5	/* the last byte of a poisoned object */
#define SLUB_RED_INACTIVE	0xbb	/* red zone of a free object */
#define SLUB_RED_ACTIVE		0xcc	/* red zone of an allocated object */

/* Internal: poison the object itself (SLAB_POISON without a ctor). */
#define __OBJECT_POISON		0x80000000U

#define SLAB_FLAGS_PERMITTED						\
	(SLAB_DEBUG_FLAGS | SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA |	\
	 SLAB_CACHE_DMA32 | SLAB_RECLAIM_ACCOUNT | SLAB_PANIC)

#define SLUB_MAX_ORDER		PAGE_ALLOC_COSTLY_ORDER	/* largest slab: 8 pages */
#define MAX_OBJS_PER_PAGE	32767
#define MIN_PARTIAL		5	/* empty slabs a cache keeps at least... */
#define MAX_PARTIAL		10	/* ...and at most */
#define CACHE_LINE_SIZE		64
#define SLAB_NAME_LEN		32

/*
 * The CPU's current slab (one CPU). Guarded by disabling interrupts.
 * @freelist is the slab's free list while it is the cpu slab; the slab's
 * own page->freelist is then NULL. Debug caches never have a cpu slab:
 * every operation goes through the checked slow path, as in Linux.
 */
struct kmem_cache_cpu {
	void *freelist;
	struct page *slab;
	unsigned long base;		/* @slab's first object */
	unsigned long span;		/* objects * size: [base, base + span) holds them */
};

/*
 * The cache's slabs other than the cpu slab (Linux: kmem_cache_node of the
 * one node). Guarded by disabling interrupts. A slab with free objects is
 * on @partial, a slab without on @full (Linux keeps the full list only
 * when debugging; here it is always kept, for validate and destroy).
 */
struct kmem_cache_node {
	struct list_head partial;
	struct list_head full;
	unsigned long nr_partial;
	unsigned long nr_slabs;		/* cpu slab included */
	unsigned long total_objects;
};

struct kmem_cache {
	struct kmem_cache_cpu cpu_slab;	/* hot: first */
	slab_flags_t flags;
	unsigned int size;		/* slot size, metadata and red zones included */
	unsigned int object_size;	/* what the creator asked for */
	unsigned int offset;		/* free pointer, from the object */
	unsigned int inuse;		/* object + right red zone: where metadata starts */
	unsigned int align;
	unsigned int red_left_pad;
	unsigned int order, objects;	/* the preferred slab layout */
	unsigned int min_order, min_objects;	/* the fallback under memory pressure */
	u64 reciprocal_size;		/* 2^64 / size, rounded up: offset -> index */
	unsigned long random;		/* freelist hardening key */
	unsigned long min_partial;
	gfp_t allocflags;		/* added to every slab allocation */
	void (*ctor)(void *);
	struct kmem_cache_node node;
	struct list_head list;		/* on slab_caches */
	char name[SLAB_NAME_LEN];
};

/* Alloc/free owner tracking (SLAB_STORE_USER). */
enum track_item { TRACK_ALLOC, TRACK_FREE };
struct track {
	unsigned long addr;		/* the caller; 0: never */
	u64 when;			/* rdtsc() then (no jiffies yet) */
};

extern struct list_head slab_caches;
extern struct kmem_cache *kmem_cache;	/* the cache of struct kmem_cache */

static inline bool kmem_cache_debug(const struct kmem_cache *s)
{
	return s->flags & SLAB_DEBUG_FLAGS;
}

static inline bool freeptr_outside_object(const struct kmem_cache *s)
{
	return s->offset >= s->inuse;
}

/* kmalloc caches with red zones also guard the bytes past the requested size. */
static inline bool slub_debug_orig_size(const struct kmem_cache *s)
{
	return (s->flags & SLAB_KMALLOC) && (s->flags & SLAB_RED_ZONE);
}

/* Offset of the metadata after the object and the free pointer. */
static inline unsigned int get_info_end(const struct kmem_cache *s)
{
	return freeptr_outside_object(s) ? s->offset + sizeof(void *) : s->inuse;
}

/*
 * Hardened free pointers, as CONFIG_SLAB_FREELIST_HARDENED: stored as
 * ptr ^ s->random ^ swab(address of the slot), so a use-after-free write
 * or a leaked value cannot forge a pointer without the key.
 */
static inline unsigned long freelist_ptr_encode(const struct kmem_cache *s, const void *ptr,
						unsigned long slot)
{
	return (unsigned long)ptr ^ s->random ^ __builtin_bswap64(slot);
}

static inline void *get_freepointer(const struct kmem_cache *s, const void *object)
{
	unsigned long slot = (unsigned long)object + s->offset;

	return (void *)(*(unsigned long *)slot ^ s->random ^ __builtin_bswap64(slot));
}

static inline void set_freepointer(const struct kmem_cache *s, void *object, const void *fp)
{
	unsigned long slot = (unsigned long)object + s->offset;

	*(unsigned long *)slot = freelist_ptr_encode(s, fp, slot);
}

static inline void *slab_address(const struct page *page)
{
	return page_address(page);
}

static inline unsigned int slab_order(const struct page *page)
{
	return compound_order(page);
}

/* The first object of @page (past the left red zone). */
static inline void *slab_first_object(const struct kmem_cache *s, const struct page *page)
{
	return (char *)slab_address(page) + s->red_left_pad;
}

static inline unsigned int obj_to_index(const struct kmem_cache *s, const struct page *page,
					const void *obj)
{
	u64 off = (unsigned long)obj - (unsigned long)slab_first_object(s, page);

	return (unsigned int)(((unsigned __int128)off * s->reciprocal_size) >> 64);
}

/*
 * check_valid_pointer - is @object the start of an object slot of @page?
 * NULL is valid (the end of a free list).
 */
static inline bool check_valid_pointer(const struct kmem_cache *s, const struct page *page,
				       const void *object)
{
	unsigned long base = (unsigned long)slab_first_object(s, page);
	unsigned long off = (unsigned long)object - base;
	unsigned int idx;

	if (!object)
		return true;
	if ((unsigned long)object < base)
		return false;
	idx = (unsigned int)(((unsigned __int128)off * s->reciprocal_size) >> 64);
	return idx < page->objects && (unsigned long)idx * s->size == off;
}

/* Return: the head page of the slab or large kmalloc holding @x, or NULL. */
static __always_inline struct page *kobj_to_page(const void *x)
{
	struct page *page;

	if (unlikely(!virt_addr_valid(x)))
		return NULL;
	page = compound_head(virt_to_page(x));
	if (likely(PageSlab(page) && page->slab_cache))
		return page;
	if (PageLargeKmalloc(page) && x == page_address(page))
		return page;
	return NULL;
}

/* Node list helpers. Interrupts disabled. */
static inline void add_partial(struct kmem_cache_node *n, struct page *page, bool tail)
{
	n->nr_partial++;
	if (tail)
		list_add_tail(&page->slab_list, &n->partial);
	else
		list_add(&page->slab_list, &n->partial);
}

static inline void remove_partial(struct kmem_cache_node *n, struct page *page)
{
	list_del(&page->slab_list);
	n->nr_partial--;
}

/* ---- kmalloc caches (mm/slab_common.c) ----------------------------------- */

enum kmalloc_cache_type {
	KMALLOC_NORMAL,
	KMALLOC_DMA,		/* GFP_DMA: slabs in ZONE_DMA */
	NR_KMALLOC_TYPES
};

extern struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];
extern const u8 kmalloc_size_index[24];

/* The kmalloc_caches[] index of @size (1..KMALLOC_MAX_CACHE_SIZE), as Linux's. */
static __always_inline unsigned int kmalloc_index(size_t size)
{
	if (size <= 192)
		return kmalloc_size_index[(size - 1) / 8];
	return 64 - __builtin_clzl(size - 1);	/* fls(size - 1) */
}

static __always_inline enum kmalloc_cache_type kmalloc_type(gfp_t gfp)
{
	return (gfp & __GFP_DMA) ? KMALLOC_DMA : KMALLOC_NORMAL;
}

void *kmalloc_large(size_t size, gfp_t gfp, unsigned long caller);
void kfree_nonslab(const void *x, struct page *page, unsigned long caller);
void kmem_cache_free_bad(struct kmem_cache *s, const void *x, struct page *page,
			 unsigned long caller);
void report_bad_free(struct kmem_cache *s, const void *x, unsigned long caller);

#define for_each_object(p, s, page)						\
	for (p = slab_first_object(s, page);					\
	     (char *)p < (char *)slab_first_object(s, page) + (page)->objects * (s)->size; \
	     p = (char *)p + (s)->size)

/* ---- mm/slub.c ---------------------------------------------------------- */
int __kmem_cache_create(struct kmem_cache *s, const char *name, unsigned int size,
			unsigned int align, slab_flags_t flags, void (*ctor)(void *));
/* Out-of-line forms of the fast paths, for mm/slab_common.c. */
void *slab_alloc(struct kmem_cache *s, gfp_t gfp, unsigned long caller, size_t orig_size);
void slab_free(struct kmem_cache *s, struct page *page, void *object, unsigned long caller);
/* Is @object the start of an allocated object of @page? (irqs-off inside) */
bool slab_object_live(struct kmem_cache *s, struct page *page, const void *object);
/* Interrupts off: is the (valid) @object on a free list of @page? */
bool object_is_free(struct kmem_cache *s, struct page *page, const void *object);
/* Interrupts off: put the cpu slab back on the node lists. */
void flush_cpu_slab(struct kmem_cache *s);
/* Objects on the cpu free list (@cut: cut a corrupt list there). Interrupts off. */
unsigned int cpu_freelist_count(struct kmem_cache *s, bool cut);
void discard_slab(struct kmem_cache *s, struct page *page);

/* ---- mm/slab_common.c ---------------------------------------------------- */
unsigned long slab_random(void);
unsigned long kmem_cache_empty_slabs(struct kmem_cache *s);
/* Return: the number of objects still in use (0: all slabs freed). */
unsigned long __kmem_cache_shutdown(struct kmem_cache *s);
/* Retire the cpu slab and free every empty slab. Return: pages freed. */
unsigned long __kmem_cache_shrink(struct kmem_cache *s);

/* ---- mm/slub_debug.c ---------------------------------------------------- */
void slab_bug(const struct kmem_cache *s, const char *fmt, ...) __printf(2, 3);
void slab_fix(const struct kmem_cache *s, const char *fmt, ...) __printf(2, 3);
void print_slab_info(const struct page *page);
void object_err(struct kmem_cache *s, struct page *page, void *object, const char *reason);
void slab_err(struct kmem_cache *s, struct page *page, const char *fmt, ...) __printf(3, 4);
void slab_invalid_free(struct kmem_cache *s, struct page *page, const void *object,
		       unsigned long caller);
void slab_double_free(struct kmem_cache *s, struct page *page, void *object,
		      unsigned long caller);
void freelist_corrupt(struct kmem_cache *s, struct page *page, void *object);
void setup_object_debug(struct kmem_cache *s, void *object);
void setup_slab_debug(struct kmem_cache *s, struct page *page);
bool alloc_debug_processing(struct kmem_cache *s, struct page *page, void *object,
			    unsigned long caller, size_t orig_size);
void alloc_debug_done(struct kmem_cache *s, struct page *page, void *object,
		      unsigned long caller, size_t orig_size);
bool free_debug_processing(struct kmem_cache *s, struct page *page, void *object,
			   unsigned long caller);
bool slab_pad_check(struct kmem_cache *s, struct page *page);
void set_orig_size(struct kmem_cache *s, void *object, unsigned int orig_size);
unsigned int get_orig_size(struct kmem_cache *s, void *object);
void list_slab_objects(struct kmem_cache *s, struct page *page);
unsigned int repair_freelist(struct kmem_cache *s, struct page *page);
/* Number of "BUG" reports printed so far (validate counts its own). */
extern unsigned long slab_bug_count;
