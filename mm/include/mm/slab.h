/* SPDX-License-Identifier: MIT */
/*
 * The slab allocator and the kmalloc family (mm/slub.c, mm/slub_debug.c,
 * mm/slab_common.c), with the names and semantics of Linux's
 * include/linux/slab.h and the SLUB design: object caches carved out of
 * page blocks from the buddy allocator, a per-CPU "current slab" fast path,
 * partial and full slab lists, and the debugging switches of slub_debug=.
 *
 * Context: allocations with a blocking gfp mask (GFP_KERNEL) may sleep and
 * call might_sleep(); GFP_ATOMIC and GFP_NOWAIT never sleep and may be used
 * from interrupts. Frees never sleep and may be called from any context.
 *
 * Misuse is reported, never silently absorbed: freeing a pointer that is
 * not the start of a live object (middle of an object, already free, never
 * allocated, a vmalloc, stack or page-allocator address) prints a "BUG
 * <cache>" report naming the pointer, the cache and the caller, and frees
 * nothing.
 */
#pragma once

#include <arch/memlayout.h>
#include <kernel/compiler.h>
#include <kernel/types.h>
#include <mm/gfp.h>

typedef unsigned int slab_flags_t;

/* Cache flags for kmem_cache_create(); bit values as in Linux. */
#define SLAB_CONSISTENCY_CHECKS	0x00000100U	/* F: check slab state on every alloc and free */
#define SLAB_RED_ZONE		0x00000400U	/* Z: guard bytes around objects (0xbb free, 0xcc used) */
#define SLAB_POISON		0x00000800U	/* P: fill free objects with 0x6b, last byte 0xa5 */
#define SLAB_KMALLOC		0x00001000U	/* a kmalloc-<n> cache (set by the allocator only) */
#define SLAB_HWCACHE_ALIGN	0x00002000U	/* align objects on cache lines (64 bytes) */
#define SLAB_CACHE_DMA		0x00004000U	/* slabs come from ZONE_DMA (< 16 MiB) */
#define SLAB_CACHE_DMA32	0x00008000U	/* slabs come from below 4 GiB */
#define SLAB_STORE_USER		0x00010000U	/* U: record who allocated and freed each object */
#define SLAB_RECLAIM_ACCOUNT	0x00020000U	/* objects are reclaimable (accepted; no effect) */
#define SLAB_PANIC		0x00040000U	/* panic if kmem_cache_create() fails */
#define SLAB_TRACE		0x00200000U	/* T: print every allocation and free */

/* The flags slub_debug= can switch on. */
#define SLAB_DEBUG_FLAGS \
	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE)

/*
 * kmalloc size classes: kmalloc-8 ... kmalloc-8192 (plus 96 and 192) are
 * slab caches; larger requests are compound pages from the buddy
 * allocator, up to KMALLOC_MAX_SIZE. KMALLOC_SHIFT_MAX is the one constant
 * that sets the limit: 17 gives this project's documented 128 KiB (32
 * pages); Linux today uses MAX_PAGE_ORDER + PAGE_SHIFT (4 MiB).
 */
#define KMALLOC_SHIFT_LOW	3
#define KMALLOC_SHIFT_HIGH	(PAGE_SHIFT + 1)
#define KMALLOC_SHIFT_MAX	17
#define KMALLOC_MIN_SIZE	(1UL << KMALLOC_SHIFT_LOW)
#define KMALLOC_MAX_CACHE_SIZE	(1UL << KMALLOC_SHIFT_HIGH)	/* 8 KiB */
#define KMALLOC_MAX_SIZE	(1UL << KMALLOC_SHIFT_MAX)	/* 128 KiB */
#define KMALLOC_MAX_ORDER	(KMALLOC_SHIFT_MAX - PAGE_SHIFT)
/* Every kmalloc object is at least this aligned; power-of-two sizes to their size. */
#define ARCH_KMALLOC_MINALIGN	8

/*
 * kmalloc(0) returns ZERO_SIZE_PTR: not NULL (it is not a failure) but
 * faulting on any access. kfree() and ksize() accept it.
 */
#define ZERO_SIZE_PTR ((void *)16)
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= (unsigned long)ZERO_SIZE_PTR)

struct kmem_cache;

/*
 * kmem_cache_create - a cache of @size-byte objects aligned to @align
 * (0: 8 bytes; SLAB_HWCACHE_ALIGN: a cache line for objects big enough).
 * @ctor, if given, runs once on every object when its slab is created, so
 * objects are handed out in their constructed state and must be freed in
 * it. @name is copied.
 * Context: process context; may sleep.
 * Return: the cache, or NULL on bad arguments or no memory (a panic with
 * SLAB_PANIC).
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *));
/*
 * kmem_cache_destroy - release an empty cache. If objects are still
 * allocated it reports them (cache, count, each object) and keeps the
 * cache and those slabs: nothing in use is freed. NULL is ignored.
 * Context: process context.
 */
void kmem_cache_destroy(struct kmem_cache *s);
/* Return: an object of @s, or NULL (reported unless __GFP_NOWARN). */
void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *s, void *obj);
/*
 * kmem_cache_shrink - give @s's empty slabs back to the page allocator.
 * Return: 0 if @s holds no slab afterwards, 1 if some are still in use.
 */
int kmem_cache_shrink(struct kmem_cache *s);
/* Return: the object size the cache was created with. */
unsigned int kmem_cache_size(const struct kmem_cache *s);
const char *kmem_cache_name(const struct kmem_cache *s);

static __always_inline void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t gfp)
{
	return kmem_cache_alloc(s, gfp | __GFP_ZERO);
}

/* Statistics of one cache (the columns of slabinfo). */
struct slabinfo {
	unsigned long active_objs;	/* objects allocated */
	unsigned long num_objs;		/* objects in all slabs */
	unsigned long active_slabs;
	unsigned long num_slabs;
	unsigned long nr_partial;	/* slabs on the partial list */
	unsigned long min_partial;	/* empty slabs kept before freeing to the buddy allocator */
	unsigned int objects_per_slab;
	unsigned int cache_order;	/* pages per slab = 1 << cache_order */
	unsigned int size;		/* bytes per object slot, metadata included */
	unsigned int object_size;
	slab_flags_t flags;		/* after slub_debug= was applied */
};
void kmem_cache_get_info(struct kmem_cache *s, struct slabinfo *info);

/*
 * kmem_cache_validate - walk every slab of @s: slab counters, the free
 * list, and (for debug caches) red zones, poison and padding of every
 * object. Problems are reported in the usual format and repaired where
 * possible (FIX lines).
 * Context: any; interrupts are disabled during the walk.
 * Return: the number of problems found (0: consistent).
 */
int kmem_cache_validate(struct kmem_cache *s);
/* As above for every cache. Return: the total number of problems. */
int kmem_cache_validate_all(void);

/* The slabinfo report, "slabinfo - version: 2.1", as /proc/slabinfo. */
void show_slabinfo(void);

/* ---- kmalloc ---------------------------------------------------------- */

/*
 * kmalloc - @size bytes, at least 8-byte aligned (power-of-two sizes up to
 * 8 KiB aligned to their size). GFP_DMA gives memory below 16 MiB.
 * Return: the memory; ZERO_SIZE_PTR for @size 0; NULL on failure, and
 * NULL with a warning naming the caller (unless __GFP_NOWARN) for @size >
 * KMALLOC_MAX_SIZE.
 */
void *kmalloc(size_t size, gfp_t gfp);
/* kmalloc() that records @caller instead of its own caller (for wrappers). */
void *__kmalloc_track_caller(size_t size, gfp_t gfp, unsigned long caller);
#define kmalloc_track_caller(size, gfp) __kmalloc_track_caller(size, gfp, _RET_IP_)

static __always_inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

/* Return: @n * @size bytes, or NULL if the product overflows. */
static __always_inline void *kmalloc_array(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (unlikely(__builtin_mul_overflow(n, size, &bytes)))
		return NULL;
	return kmalloc(bytes, gfp);
}

static __always_inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(n, size, gfp | __GFP_ZERO);
}

/*
 * krealloc - resize @p to @new_size, keeping its contents (up to the
 * smaller size). Stays in place when the object already holds @new_size.
 * krealloc(NULL, n) is kmalloc(n); krealloc(p, 0) frees p and returns
 * ZERO_SIZE_PTR. On failure @p is untouched and NULL returned.
 */
void *krealloc(const void *p, size_t new_size, gfp_t gfp);
/* kfree - free a kmalloc object; NULL and ZERO_SIZE_PTR are ignored. */
void kfree(const void *p);
/* kfree_sensitive - zero the whole object (ksize bytes), then free it. */
void kfree_sensitive(const void *p);
/*
 * ksize - the usable size of a kmalloc object, which the caller may then
 * use in full. Return: 0 for NULL, ZERO_SIZE_PTR and invalid pointers.
 */
size_t ksize(const void *p);
/* Return: the size kmalloc(@size) really allocates (its class). */
size_t kmalloc_size_roundup(size_t size);
char *kstrdup(const char *s, gfp_t gfp);
void *kmemdup(const void *src, size_t len, gfp_t gfp);

/*
 * kmalloc_slab - the cache kmalloc(@size, @gfp) uses (dma-kmalloc-<n> for
 * GFP_DMA). Return: NULL for 0 or sizes above KMALLOC_MAX_CACHE_SIZE.
 */
struct kmem_cache *kmalloc_slab(size_t size, gfp_t gfp);

/* ---- debugging: slub_debug= / slab_debug= ------------------------------ */

/*
 * slab_debug_parse - set the debug options as the command line does:
 * "FZPU" (all caches), "FZ,cache1,cache2" (those caches; a trailing '*'
 * matches a prefix), blocks separated by ';', "-" to turn debugging off,
 * "" for the defaults FZPU. Letters: F checks, Z red zones, P poison,
 * U user tracking, T trace. Applies to caches created afterwards.
 * Return: 0, or -EINVAL for an unusable string (the old options stay).
 */
int slab_debug_parse(const char *str);
/* Return: a string that slab_debug_parse() turns back into the current options ("-": off). */
const char *slab_debug_string(void);
/* Return: @flags with the debug flags slub_debug= gives cache @name. */
slab_flags_t kmem_cache_flags(const char *name, slab_flags_t flags);

/*
 * kmem_cache_init - create the kmem_cache cache and the kmalloc and
 * dma-kmalloc caches, and register the slab shrinker with the page
 * allocator. Context: boot, once, right after the buddy allocator is up.
 */
void kmem_cache_init(void);
