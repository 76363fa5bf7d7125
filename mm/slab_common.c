// SPDX-License-Identifier: MIT
/*
 * The slab allocator's common layer, after Linux's mm/slab_common.c: the
 * cache list and kmem_cache_create/destroy; the kmalloc-<n> and
 * dma-kmalloc-<n> caches and, above 8 KiB, compound pages from the buddy
 * allocator (kmalloc() and kfree() themselves are in mm/slub.c); krealloc,
 * ksize and friends; the reports for frees of what is no slab object;
 * shrinking and teardown of a cache; the slabinfo report; the shrinker the page
 * allocator calls when short of memory; and the boot-time set-up.
 *
 * Lock order: see mm/slab_priv.h. slab_caches is changed and walked with
 * interrupts disabled (on this one CPU that also keeps other tasks out;
 * Linux's slab_mutex once there are CPUs to share it with).
 */
#define pr_fmt(fmt) "slab: " fmt

#include <arch/cpu.h>
#include <arch/irqflags.h>
#include <arch/memlayout.h>
#include <arch/stacktrace.h>
#include <kernel/errno.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <mm/kfence.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

#include "slab_priv.h"

LIST_HEAD(slab_caches);
struct kmem_cache *kmem_cache;
static struct kmem_cache boot_kmem_cache;

struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];

/* Index i holds 2^i bytes, except 1 (96) and 2 (192), as Linux's kmalloc_info[]. */
static const struct {
	const char *name[NR_KMALLOC_TYPES];
	unsigned int size;
} kmalloc_info[KMALLOC_SHIFT_HIGH + 1] = {
	[1] = { { "kmalloc-96", "dma-kmalloc-96" }, 96 },
	[2] = { { "kmalloc-192", "dma-kmalloc-192" }, 192 },
	[3] = { { "kmalloc-8", "dma-kmalloc-8" }, 8 },
	[4] = { { "kmalloc-16", "dma-kmalloc-16" }, 16 },
	[5] = { { "kmalloc-32", "dma-kmalloc-32" }, 32 },
	[6] = { { "kmalloc-64", "dma-kmalloc-64" }, 64 },
	[7] = { { "kmalloc-128", "dma-kmalloc-128" }, 128 },
	[8] = { { "kmalloc-256", "dma-kmalloc-256" }, 256 },
	[9] = { { "kmalloc-512", "dma-kmalloc-512" }, 512 },
	[10] = { { "kmalloc-1024", "dma-kmalloc-1024" }, 1024 },
	[11] = { { "kmalloc-2048", "dma-kmalloc-2048" }, 2048 },
	[12] = { { "kmalloc-4096", "dma-kmalloc-4096" }, 4096 },
	[13] = { { "kmalloc-8192", "dma-kmalloc-8192" }, 8192 },
};

/* The kmalloc index of sizes 1..192, by (size - 1) / 8 (Linux's size_index[]). */
const u8 kmalloc_size_index[24] = {
	3, 4, 5, 5, 6, 6, 6, 6,		/* 8 16 24 32 40 48 56 64 */
	1, 1, 1, 1, 7, 7, 7, 7,		/* 72 80 88 96 -> 96; 104..128 -> 128 */
	2, 2, 2, 2, 2, 2, 2, 2,		/* 136..192 -> 192 */
};

/**
 * kmalloc_slab - see mm/include/mm/slab.h.
 * Context: any.
 */
struct kmem_cache *kmalloc_slab(size_t size, gfp_t gfp)
{
	if (!size || size > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	return kmalloc_caches[kmalloc_type(gfp)][kmalloc_index(size)];
}

/**
 * kmalloc_size_roundup - see mm/include/mm/slab.h.
 * Context: any.
 */
size_t kmalloc_size_roundup(size_t size)
{
	if (!size)
		return 0;
	if (size <= KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_info[kmalloc_index(size)].size;
	if (size <= KMALLOC_MAX_SIZE)
		return PAGE_SIZE << get_order(size);
	return size;
}

/* ---- caches ---------------------------------------------------------------- */

static void slab_caches_add(struct kmem_cache *s)
{
	unsigned long flags;

	local_irq_save(flags);
	list_add(&s->list, &slab_caches);
	local_irq_restore(flags);
}

static int kmem_cache_sanity_check(const char *name, unsigned int size, unsigned int align,
				   slab_flags_t flags)
{
	if (!kmem_cache)
		return -EBUSY;		/* before kmem_cache_init() */
	if (!name || !*name || !size || size > KMALLOC_MAX_SIZE)
		return -EINVAL;
	if (align & (align - 1))
		return -EINVAL;
	if (flags & ~SLAB_FLAGS_PERMITTED)
		return -EINVAL;
	return 0;
}

/**
 * kmem_cache_create - see mm/include/mm/slab.h.
 * Context: process context; may sleep.
 */
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s = NULL;
	int err;

	might_sleep();
	err = kmem_cache_sanity_check(name, size, align, flags);
	if (!err) {
		s = kmem_cache_zalloc(kmem_cache, GFP_KERNEL);
		err = s ? __kmem_cache_create(s, name, size, align, flags, ctor) : -ENOMEM;
	}
	if (!err) {
		slab_caches_add(s);
		return s;
	}
	if (s)
		kmem_cache_free(kmem_cache, s);
	if (flags & SLAB_PANIC)
		panic("kmem_cache_create: Failed to create slab '%s'. Error %d", name, err);
	printk(KERN_WARNING "kmem_cache_create(%s) failed with error %d\n", name ? name : "(null)",
	       err);
	dump_stack();
	return NULL;
}

/**
 * kmem_cache_destroy - see mm/include/mm/slab.h.
 * Context: process context.
 */
void kmem_cache_destroy(struct kmem_cache *s)
{
	unsigned long remaining, flags;

	if (!s)
		return;
	if (WARN(s->flags & SLAB_KMALLOC || s == kmem_cache,
		 "kmem_cache_destroy %s: a kmalloc cache cannot be destroyed\n", s->name))
		return;
	remaining = __kmem_cache_shutdown(s);
	if (remaining) {
		WARN(1, "kmem_cache_destroy %s: Slab cache still has objects when called from %pS\n",
		     s->name, (void *)_RET_IP_);
		printk(KERN_ERR "kmem_cache_destroy %s: %lu objects still allocated; "
		       "the cache and their slabs are kept\n", s->name, remaining);
		return;
	}
	kfence_shutdown_cache(s);
	local_irq_save(flags);
	list_del(&s->list);
	local_irq_restore(flags);
	kmem_cache_free(kmem_cache, s);
}

/**
 * kmem_cache_size - see mm/include/mm/slab.h.
 * Context: any.
 */
unsigned int kmem_cache_size(const struct kmem_cache *s)
{
	return s->object_size;
}

/**
 * kmem_cache_name - the cache's name.
 * Context: any.
 */
const char *kmem_cache_name(const struct kmem_cache *s)
{
	return s->name;
}

static bool cpu_has_rdrand(void)
{
	u32 a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	return c & (1U << 30);
}

/**
 * slab_random - a freelist hardening key: RDRAND if the CPU has it, else
 * the jitter of timed loops.
 * Context: any.
 */
unsigned long slab_random(void)
{
	unsigned long v = 0;

	if (cpu_has_rdrand()) {
		for (int i = 0; i < 10; i++) {
			u8 ok;

			__asm__ __volatile__("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
			if (ok)
				return v;
		}
	}
	for (int i = 0; i < 64; i++) {
		u64 t = rdtsc();

		v = ((v << 7) | (v >> 57)) ^ t;
		for (volatile unsigned int k = 0; k < (t & 31); k++)
			;
	}
	return v * 0x9e3779b97f4a7c15UL;
}

/**
 * kmem_cache_empty_slabs - how many slabs __kmem_cache_shrink() would free.
 * Context: any.
 */
unsigned long kmem_cache_empty_slabs(struct kmem_cache *s)
{
	unsigned long flags, n = 0;
	struct page *page;

	local_irq_save(flags);
	if (s->cpu_slab.slab && cpu_freelist_count(s, false) == s->cpu_slab.slab->objects)
		n++;
	list_for_each_entry(page, &s->node.partial, slab_list)
		n += !page->inuse;
	local_irq_restore(flags);
	return n;
}

/**
 * kmem_cache_get_info - the slabinfo figures of @s.
 * Context: any.
 */
void kmem_cache_get_info(struct kmem_cache *s, struct slabinfo *info)
{
	struct kmem_cache_node *n = &s->node;
	unsigned long flags, nr_free = 0;
	struct page *page;

	local_irq_save(flags);
	if (s->cpu_slab.slab)
		nr_free += cpu_freelist_count(s, false);	/* frozen: inuse is all */
	list_for_each_entry(page, &n->partial, slab_list)
		nr_free += page->objects - page->inuse;
	info->num_objs = n->total_objects;
	info->active_objs = n->total_objects - nr_free;
	info->num_slabs = info->active_slabs = n->nr_slabs;
	info->nr_partial = n->nr_partial;
	local_irq_restore(flags);
	info->min_partial = s->min_partial;
	info->objects_per_slab = s->objects;
	info->cache_order = s->order;
	info->size = s->size;
	info->object_size = s->object_size;
	info->flags = s->flags & ~__OBJECT_POISON;
}

/* ---- shrinking and teardown ----------------------------------------------- */

/* Free every empty slab on the partial list. Interrupts disabled. Return: pages. */
static unsigned long free_empty_partials(struct kmem_cache *s)
{
	struct kmem_cache_node *n = &s->node;
	struct page *page, *tmp;
	unsigned long pages = 0;

	list_for_each_entry_safe(page, tmp, &n->partial, slab_list) {
		if (page->inuse)
			continue;
		pages += 1UL << slab_order(page);
		remove_partial(n, page);
		discard_slab(s, page);
	}
	return pages;
}

/**
 * __kmem_cache_shrink - retire the cpu slab and free all empty slabs.
 * Context: any; interrupts are disabled inside.
 * Return: the number of pages given back.
 */
unsigned long __kmem_cache_shrink(struct kmem_cache *s)
{
	unsigned long flags, pages;

	local_irq_save(flags);
	flush_cpu_slab(s);
	pages = free_empty_partials(s);
	local_irq_restore(flags);
	return pages;
}

/**
 * kmem_cache_shrink - see mm/include/mm/slab.h.
 * Context: any.
 */
int kmem_cache_shrink(struct kmem_cache *s)
{
	__kmem_cache_shrink(s);
	return READ_ONCE(s->node.nr_slabs) ? 1 : 0;
}

/**
 * __kmem_cache_shutdown - free every slab of @s; report the slabs that
 * still hold objects and keep them.
 * Context: process context.
 * Return: the number of objects still allocated.
 */
unsigned long __kmem_cache_shutdown(struct kmem_cache *s)
{
	struct kmem_cache_node *n = &s->node;
	unsigned long flags, remaining = 0;
	struct page *page;

	local_irq_save(flags);
	flush_cpu_slab(s);
	free_empty_partials(s);
	list_for_each_entry(page, &n->partial, slab_list) {
		remaining += page->inuse;
		list_slab_objects(s, page);
	}
	list_for_each_entry(page, &n->full, slab_list) {
		remaining += page->inuse;
		list_slab_objects(s, page);
	}
	local_irq_restore(flags);
	return remaining;
}

/* ---- what a pointer given to kfree is ---------------------------------------- */

static const char *describe_addr(const void *x)
{
	unsigned long a = (unsigned long)x;
	struct page *page;

	if (stack_range_ok(a, 1))
		return "a stack address";
	if (a >= VMALLOC_START && a < VMALLOC_END)
		return "a vmalloc address";
	if (a >= MODULES_VADDR && a < MODULES_END)
		return "a module address";
	if (is_kernel_image_addr(a))
		return "an address in the kernel image";
	if (!virt_addr_valid(x))
		return "not a direct-map address of RAM";
	page = compound_head(virt_to_page(x));
	if (PageReserved(page))
		return "a reserved page (firmware or kernel)";
	if (PageLargeKmalloc(page))
		return "not the start of a large kmalloc block";
	if (PageVmalloc(page) || PagePgtable(page))
		return "a page owned by vmalloc or the page tables";
	if (page_ref_count(page) == 0)
		return "a free page";
	return "a page-allocator page, not a kmalloc object";
}

/**
 * report_bad_free - report a free of @x, which no cache owns (@s: the
 * cache it was freed to, or NULL for kfree); nothing is freed.
 * Context: any.
 */
void report_bad_free(struct kmem_cache *s, const void *x, unsigned long caller)
{
	slab_bug(s, "Invalid free of %p: %s", x, describe_addr(x));
	printk(KERN_ERR "INFO: %p is not an object of %s; freed by %pS\n", x,
	       s ? s->name : "any slab cache", (void *)caller);
	dump_stack();
	slab_fix(s, "Pointer ignored, nothing freed");
}

/* ---- kmalloc ----------------------------------------------------------------- */

/**
 * kmalloc_large - kmalloc() of 0 or of more than KMALLOC_MAX_CACHE_SIZE
 * bytes: ZERO_SIZE_PTR, a compound page block, or NULL and a warning
 * naming @caller above KMALLOC_MAX_SIZE.
 * Context: may sleep if @gfp allows blocking.
 */
void *kmalloc_large(size_t size, gfp_t gfp, unsigned long caller)
{
	struct page *page;

	if (!size)
		return ZERO_SIZE_PTR;
	if (unlikely(size > KMALLOC_MAX_SIZE)) {
		WARN(!(gfp & __GFP_NOWARN),
		     "kmalloc: %zu bytes requested by %pS exceed KMALLOC_MAX_SIZE (%lu)\n", size,
		     (void *)caller, KMALLOC_MAX_SIZE);
		return NULL;
	}
	might_sleep_if(gfpflags_allow_blocking(gfp));
	page = alloc_pages(gfp | __GFP_COMP, get_order(size));
	if (!page)
		return NULL;
	SetPageLargeKmalloc(page);
	page->alloc_caller = caller;
	return page_address(page);
}

/**
 * kfree_nonslab - kfree() of @x that is no slab object: a large kmalloc
 * block (@page, its head) is freed, anything else (@page NULL) reported.
 * Context: any.
 */
void kfree_nonslab(const void *x, struct page *page, unsigned long caller)
{
	if (kfence_free((void *)x))	/* a KFENCE pool object (no slab page) */
		return;
	if (unlikely(!page)) {
		report_bad_free(NULL, x, caller);
		return;
	}
	ClearPageLargeKmalloc(page);
	__free_pages(page, compound_order(page));
}

/**
 * kmem_cache_free_bad - kmem_cache_free(@s, @x) of something that is not
 * an object of @s (@page: the slab or large kmalloc head of @x, or NULL):
 * report it, free nothing.
 * Context: any.
 */
void kmem_cache_free_bad(struct kmem_cache *s, const void *x, struct page *page,
			 unsigned long caller)
{
	if (kfence_free((void *)x))	/* a KFENCE pool object (no slab page) */
		return;
	if (!page || !PageSlab(page)) {
		report_bad_free(s, x, caller);
		return;
	}
	slab_bug(s, "Wrong slab cache. %s but object is from %s", s->name,
		 page->slab_cache->name);
	printk(KERN_ERR "INFO: kmem_cache_free(%s, %p) called from %pS\n", s->name, x,
	       (void *)caller);
	dump_stack();
	slab_fix(s, "Object at %p not freed", x);
}

/* kfree() for @caller. */
static void __kfree(const void *x, unsigned long caller)
{
	struct page *page;

	if (unlikely(ZERO_OR_NULL_PTR(x)))
		return;
	page = kobj_to_page(x);
	if (likely(page && PageSlab(page)))
		slab_free(page->slab_cache, page, (void *)x, caller);
	else
		kfree_nonslab(x, page, caller);
}

/* The usable size of a live kmalloc object, 0 if @x is not one. */
static size_t __ksize(const void *x, struct page **pagep)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(x))
		return 0;
	page = kobj_to_page(x);
	if (unlikely(!page && is_kfence_address(x))) {
		*pagep = virt_to_page(x);	/* a KFENCE page: not PageSlab() */
		return kfence_ksize(x);
	}
	*pagep = page;
	if (!page)
		return 0;
	if (PageLargeKmalloc(page))
		return PAGE_SIZE << compound_order(page);
	if (!slab_object_live(page->slab_cache, page, x))
		return 0;
	return page->slab_cache->object_size;
}

/**
 * ksize - see mm/include/mm/slab.h. The caller may use all of it, so a
 * kmalloc red zone past the requested size is given up.
 * Context: any.
 */
size_t ksize(const void *x)
{
	struct page *page = NULL;
	size_t size = __ksize(x, &page);

	if (!size) {
		WARN(!ZERO_OR_NULL_PTR(x), "ksize: %p is not a live kmalloc object (caller %pS)\n",
		     x, (void *)_RET_IP_);
		return 0;
	}
	if (PageSlab(page))
		set_orig_size(page->slab_cache, (void *)x, size);
	return size;
}

/* krealloc of a live object @p of usable size @ks. */
static void *__do_krealloc(const void *p, size_t ks, struct page *page, size_t new_size,
			   gfp_t gfp, unsigned long caller)
{
	void *ret;

	if (new_size <= ks) {
		/* It fits: stay in place (a kmalloc red zone moves to the new end). */
		if (PageSlab(page) && slub_debug_orig_size(page->slab_cache)) {
			unsigned int old = get_orig_size(page->slab_cache, (void *)p);

			if (new_size > old && (gfp & __GFP_ZERO))
				memset((char *)p + old, 0, new_size - old);
			if (new_size < old)
				memset((char *)p + new_size, SLUB_RED_ACTIVE, old - new_size);
			set_orig_size(page->slab_cache, (void *)p, new_size);
		}
		return (void *)p;
	}
	ret = __kmalloc_track_caller(new_size, gfp, caller);
	if (ret) {
		if (PageSlab(page))
			ks = get_orig_size(page->slab_cache, (void *)p);
		memcpy(ret, p, ks);
		__kfree(p, caller);
	}
	return ret;
}

/**
 * krealloc - see mm/include/mm/slab.h.
 * Context: may sleep if @gfp allows blocking.
 */
void *krealloc(const void *p, size_t new_size, gfp_t gfp)
{
	struct page *page = NULL;
	size_t ks;

	if (unlikely(!new_size)) {
		__kfree(p, _RET_IP_);
		return ZERO_SIZE_PTR;
	}
	if (ZERO_OR_NULL_PTR(p))
		return __kmalloc_track_caller(new_size, gfp, _RET_IP_);
	ks = __ksize(p, &page);
	if (!ks) {
		report_bad_free(NULL, p, _RET_IP_);
		return NULL;
	}
	return __do_krealloc(p, ks, page, new_size, gfp, _RET_IP_);
}

/**
 * kfree_sensitive - see mm/include/mm/slab.h.
 * Context: any.
 */
void kfree_sensitive(const void *p)
{
	struct page *page = NULL;
	size_t ks = __ksize(p, &page);

	if (ks) {
		memset((void *)p, 0, ks);
		barrier();	/* memzero_explicit: the stores must happen */
	}
	__kfree(p, _RET_IP_);
}

/**
 * kstrdup - a kmalloc'ed copy of @s. Return: the copy, or NULL (also for NULL @s).
 * Context: as kmalloc().
 */
char *kstrdup(const char *s, gfp_t gfp)
{
	size_t len;
	char *buf;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	buf = __kmalloc_track_caller(len, gfp, _RET_IP_);
	if (buf)
		memcpy(buf, s, len);
	return buf;
}

/**
 * kmemdup - a kmalloc'ed copy of @len bytes at @src. Return: it, or NULL.
 * Context: as kmalloc().
 */
void *kmemdup(const void *src, size_t len, gfp_t gfp)
{
	void *p = __kmalloc_track_caller(len, gfp, _RET_IP_);

	if (p && !ZERO_OR_NULL_PTR(p))
		memcpy(p, src, len);
	return p;
}

/* ---- reports and reclaim --------------------------------------------------------- */

/**
 * show_slabinfo - print every cache in /proc/slabinfo's version 2.1 format
 * (SLUB has no tunables: printed as 0).
 * Context: any; interrupts are disabled while the list is walked.
 */
void show_slabinfo(void)
{
	struct slabinfo info;
	struct kmem_cache *s;
	unsigned long flags;

	printk("slabinfo - version: 2.1\n");
	printk("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
	       " : tunables <limit> <batchcount> <sharedfactor>"
	       " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	local_irq_save(flags);
	list_for_each_entry(s, &slab_caches, list) {
		kmem_cache_get_info(s, &info);
		printk("%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n",
		       s->name, info.active_objs, info.num_objs, info.size, info.objects_per_slab,
		       1 << info.cache_order, 0U, 0U, 0U, info.active_slabs, info.num_slabs, 0UL);
	}
	local_irq_restore(flags);
}

static unsigned long slab_shrink_count(struct shrinker *sh)
{
	struct kmem_cache *s;
	unsigned long flags, n = 0;

	local_irq_save(flags);
	list_for_each_entry(s, &slab_caches, list)
		n += kmem_cache_empty_slabs(s);
	local_irq_restore(flags);
	return n;
}

/* Free every empty slab of every cache (the cpu slabs are retired too). */
static unsigned long slab_shrink_scan(struct shrinker *sh, unsigned long nr)
{
	struct kmem_cache *s;
	unsigned long flags, pages = 0;

	local_irq_save(flags);
	list_for_each_entry(s, &slab_caches, list)
		pages += __kmem_cache_shrink(s);
	local_irq_restore(flags);
	return pages;
}

static struct shrinker slab_shrinker = {
	.name = "slab",
	.count_objects = slab_shrink_count,
	.scan_objects = slab_shrink_scan,
};

/* ---- boot ------------------------------------------------------------------------- */

static struct kmem_cache *__init create_kmalloc_cache(const char *name, unsigned int size,
						      slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_zalloc(&boot_kmem_cache, GFP_NOWAIT);
	/* kmalloc guarantees the largest power of two dividing the size. */
	unsigned int align = 1U << __builtin_ctz(size);

	if (!s || __kmem_cache_create(s, name, size, align, flags | SLAB_KMALLOC, NULL))
		panic("kmem_cache_init: cannot create %s", name);
	slab_caches_add(s);
	return s;
}

/**
 * kmem_cache_init - see mm/include/mm/slab.h.
 * Context: boot, once, after the buddy allocator.
 */
void __init kmem_cache_init(void)
{
	if (__kmem_cache_create(&boot_kmem_cache, "kmem_cache", sizeof(struct kmem_cache), 0,
				SLAB_HWCACHE_ALIGN, NULL))
		panic("kmem_cache_init: cannot create the kmem_cache cache");
	slab_caches_add(&boot_kmem_cache);
	for (unsigned int i = 1; i <= KMALLOC_SHIFT_HIGH; i++) {
		if (!kmalloc_info[i].size)
			continue;
		kmalloc_caches[KMALLOC_NORMAL][i] =
			create_kmalloc_cache(kmalloc_info[i].name[KMALLOC_NORMAL],
					     kmalloc_info[i].size, 0);
		kmalloc_caches[KMALLOC_DMA][i] =
			create_kmalloc_cache(kmalloc_info[i].name[KMALLOC_DMA],
					     kmalloc_info[i].size, SLAB_CACHE_DMA);
	}
	kmem_cache = &boot_kmem_cache;	/* kmem_cache_create() works from here */
	register_shrinker(&slab_shrinker);
	printk(KERN_INFO "SLUB: HWalign=%d, Order=0-%d, MinObjects=0, CPUs=1, Nodes=1\n",
	       CACHE_LINE_SIZE, SLUB_MAX_ORDER);
	if (!*slab_debug_string())
		pr_info("slab_debug: FZPU for every cache\n");
	else if (strcmp(slab_debug_string(), "-"))
		pr_info("slab_debug: \"%s\"\n", slab_debug_string());
}
