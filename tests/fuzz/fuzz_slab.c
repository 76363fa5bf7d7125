// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the slab allocator and the kmalloc family (mm/slub.c,
 * mm/slab_common.c, mm/slub_debug.c) against a reference model. Each
 * input is a sequence of operations: kmalloc/kzalloc/kcalloc of random
 * sizes (0 to past KMALLOC_MAX_SIZE) and flags, krealloc to random sizes,
 * kfree/kfree_sensitive, and kmem_cache_alloc/free on three caches (plain,
 * with a constructor, with slub_debug=FZPU); plus deliberate double and
 * interior frees, which must be reported and change nothing. After every
 * step:
 *  - live objects do not overlap ([p, p + ksize) ranges are disjoint),
 *    each is aligned as promised, ksize covers what was asked;
 *  - every live object's first and last byte still hold its pattern
 *    (the whole object is checked before it is freed or reallocated);
 *  - each cache's active object count is its start value + live objects;
 *  - slab_bug_count moved only for the deliberate bad frees.
 * At the end everything is freed, every cache validates clean, and after
 * shrinking, the free page count is back to its value at the start.
 */
#include <arch/irqflags.h>
#include <kernel/panic.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

#include "../../mm/slab_priv.h"
#include "../host/mm/host_mm.h"
#include "fuzz_common.h"

#define MAX_LIVE 512
#define NR_CACHES 3

struct obj {
	u8 *p;
	size_t size;			/* bytes the pattern covers (what was asked) */
	struct kmem_cache *cache;	/* the slab cache, or NULL for a large kmalloc */
	int own;			/* index into caches[] for kmem_cache_alloc, else -1 */
	u32 seed;
};

static struct obj live[MAX_LIVE];
static unsigned int nr_live;
static struct kmem_cache *caches[NR_CACHES];
static const unsigned int cache_size[NR_CACHES] = { 72, 200, 40 };
static unsigned long start_free, start_bugs;

static void ctor(void *p)
{
	memset(p, 0xc7, 200);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	host_mm_boot();
	host_printk_set_quiet(true);
	caches[0] = kmem_cache_create("fuzz-plain", cache_size[0], 0, 0, NULL);
	caches[1] = kmem_cache_create("fuzz-ctor", cache_size[1], 0, SLAB_HWCACHE_ALIGN, ctor);
	slab_debug_parse("FZPU,fuzz-debug");
	caches[2] = kmem_cache_create("fuzz-debug", cache_size[2], 8, 0, NULL);
	slab_debug_parse("-");
	if (!caches[0] || !caches[1] || !caches[2])
		abort();
	return 0;
}

static void pattern_write(struct obj *o)
{
	for (size_t i = 0; i < o->size; i++)
		o->p[i] = fuzz_pattern(o->seed, i);
}

static void pattern_check(const struct obj *o, size_t upto)
{
	for (size_t i = 0; i < upto && i < o->size; i++)
		FUZZ_CHECK(o->p[i] == fuzz_pattern(o->seed, i), "object %p (%zu bytes) corrupt at +%zu",
			   o->p, o->size, i);
}

static struct kmem_cache *cache_of(const void *p)
{
	struct page *page = compound_head(virt_to_page(p));

	return PageSlab(page) ? page->slab_cache : NULL;
}

static size_t obj_span(const struct obj *o)
{
	return o->own >= 0 ? cache_size[o->own] : ksize(o->p);
}

/* A new object at @p: check it against every live one and record it. */
static void add_obj(void *p, size_t size, int own, u32 seed, bool zeroed)
{
	struct obj *o;
	size_t span;

	FUZZ_CHECK(virt_addr_valid(p), "%p is not a direct-map address", p);
	if (zeroed)
		for (size_t i = 0; i < size; i++)
			FUZZ_CHECK(!((u8 *)p)[i], "zeroed object %p not zero at +%zu", p, i);
	if (own == 1)
		for (size_t i = 0; i < cache_size[1]; i++)
			FUZZ_CHECK(((u8 *)p)[i] == 0xc7, "object %p not constructed", p);
	o = &live[nr_live++];
	*o = (struct obj){ p, size, cache_of(p), own, seed };
	span = obj_span(o);
	FUZZ_CHECK(span >= size, "ksize %zu < size %zu", span, size);
	FUZZ_CHECK((unsigned long)p % 8 == 0, "%p not 8-byte aligned", p);
	if (own < 0 && size <= KMALLOC_MAX_CACHE_SIZE && !(span & (span - 1)))
		FUZZ_CHECK((unsigned long)p % span == 0, "%p not aligned to its size %zu", p, span);
	for (unsigned int i = 0; i + 1 < nr_live; i++) {
		u8 *q = live[i].p;

		FUZZ_CHECK(q + obj_span(&live[i]) <= (u8 *)p || (u8 *)p + span <= q,
			   "%p+%zu overlaps live %p+%zu", p, span, q, obj_span(&live[i]));
	}
	pattern_write(o);
}

static void drop(unsigned int idx, u8 how)
{
	struct obj o = live[idx];

	pattern_check(&o, o.size);
	live[idx] = live[--nr_live];
	if (o.own >= 0) {
		if (o.own == 1)
			memset(o.p, 0xc7, cache_size[1]);	/* freed in the constructed state */
		kmem_cache_free(caches[o.own], o.p);
	} else if (how & 1) {
		kfree_sensitive(o.p);
	} else {
		kfree(o.p);
	}
}

static size_t pick_size(struct fuzz_in *in)
{
	u16 v = fuzz_u16(in);

	switch (v >> 14) {
	case 0:
		return v & 0xff;			/* 0..255 */
	case 1:
		return v & 0x1fff;			/* up to 8 KiB */
	case 2:
		return KMALLOC_MAX_CACHE_SIZE - 8 + (v & 0xf);	/* the edge */
	default:
		return (size_t)(v & 0x3fff) * 9;	/* large, up to past KMALLOC_MAX_SIZE */
	}
}

static gfp_t pick_gfp(u8 f)
{
	static const gfp_t base[] = { GFP_KERNEL, GFP_ATOMIC, GFP_NOWAIT, GFP_KERNEL | GFP_DMA };

	return base[f & 3] | (f & 4 ? __GFP_ZERO : 0) | __GFP_NOWARN;
}

static void do_kmalloc(struct fuzz_in *in)
{
	size_t size = pick_size(in);
	u8 f = fuzz_u8(in);
	gfp_t gfp = pick_gfp(f);
	void *p;

	if (nr_live == MAX_LIVE)
		return;
	if (f & 8) {
		size_t n = 1 + (f >> 4);

		p = kcalloc(n, size, gfp);
		size *= n;
		gfp |= __GFP_ZERO;
	} else {
		p = kmalloc(size, gfp);
	}
	if (!size) {
		FUZZ_CHECK(p == ZERO_SIZE_PTR, "kmalloc(0) = %p", p);
		return;
	}
	if (size > KMALLOC_MAX_SIZE)
		FUZZ_CHECK(!p, "kmalloc(%zu) succeeded", size);
	if (!p)
		return;
	if (gfp & __GFP_DMA)
		FUZZ_CHECK(__pa(p) < (16UL << 20), "GFP_DMA object at %#lx", __pa(p));
	add_obj(p, size, -1, (u32)(unsigned long)p ^ f, gfp & __GFP_ZERO);
}

static void do_krealloc(struct fuzz_in *in)
{
	size_t size = pick_size(in);
	u8 f = fuzz_u8(in);
	struct obj o;
	unsigned int idx;
	u8 *p;

	if (!nr_live)
		return;
	idx = f % nr_live;
	if (live[idx].own >= 0)
		return;
	o = live[idx];
	pattern_check(&o, o.size);
	p = krealloc(o.p, size, GFP_KERNEL | __GFP_NOWARN);
	if (!size) {
		FUZZ_CHECK(p == ZERO_SIZE_PTR, "krealloc(p, 0) = %p", p);
		live[idx] = live[--nr_live];
		return;
	}
	if (!p) {		/* failed: the old object is untouched */
		pattern_check(&o, o.size);
		return;
	}
	for (size_t i = 0; i < min(size, o.size); i++)
		FUZZ_CHECK(p[i] == fuzz_pattern(o.seed, i), "krealloc lost byte %zu", i);
	live[idx] = live[--nr_live];
	add_obj(p, size, -1, o.seed + 1, false);
}

static void do_cache_alloc(struct fuzz_in *in)
{
	u8 f = fuzz_u8(in);
	int c = f % NR_CACHES;
	void *p;

	if (nr_live == MAX_LIVE)
		return;
	p = kmem_cache_alloc(caches[c], pick_gfp(f >> 2) & ~__GFP_ZERO);
	if (p)
		add_obj(p, c == 1 ? 0 : cache_size[c], c, f * 77u, false);
}

/* Deliberate bad frees (interior pointer, double free): one report each, nothing freed. */
static void do_bad_free(struct fuzz_in *in)
{
	u8 f = fuzz_u8(in);
	unsigned long bugs = slab_bug_count;
	unsigned int idx;
	u8 *p;

	if (!nr_live)
		return;
	idx = f % nr_live;
	p = live[idx].p;
	if (!live[idx].cache || live[idx].size < 16 || live[idx].own >= 0)
		return;
	if (f & 0x80) {
		kfree(p + 8);
	} else {
		drop(idx, 0);
		bugs = slab_bug_count;
		kfree(p);
	}
	FUZZ_CHECK(slab_bug_count == bugs + 1, "bad free of %p not reported", p);
	start_bugs += 1;
}

static void check_state(void)
{
	for (unsigned int i = 0; i < nr_live; i++) {
		const struct obj *o = &live[i];

		if (o->size)
			FUZZ_CHECK(o->p[0] == fuzz_pattern(o->seed, 0) &&
				   o->p[o->size - 1] == fuzz_pattern(o->seed, o->size - 1),
				   "live object %p (%zu bytes) corrupt", o->p, o->size);
	}
	for (int c = 0; c < NR_CACHES; c++) {
		struct slabinfo info;
		unsigned long n = 0;

		for (unsigned int i = 0; i < nr_live; i++)
			n += live[i].own == c;
		kmem_cache_get_info(caches[c], &info);
		FUZZ_CHECK(info.active_objs == n, "cache %d: %lu active, model %lu", c,
			   info.active_objs, n);
	}
	FUZZ_CHECK(slab_bug_count == start_bugs, "unexpected slab report");
	FUZZ_CHECK(!irqs_disabled() && !preempt_count(), "context not restored");
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct fuzz_in in = { data, size, 0 };

	shrink_all(GFP_KERNEL);
	start_free = nr_free_pages();
	start_bugs = slab_bug_count;
	while (fuzz_more(&in)) {
		u8 op = fuzz_u8(&in);

		switch (op % 10) {
		case 0: case 1: case 2:
			do_kmalloc(&in);
			break;
		case 3:
			do_krealloc(&in);
			break;
		case 4: case 5:
			do_cache_alloc(&in);
			break;
		case 6: case 7: case 8:
			if (nr_live)
				drop(fuzz_u8(&in) % nr_live, op >> 4);
			break;
		case 9:
			do_bad_free(&in);
			break;
		}
		check_state();
	}
	while (nr_live)
		drop(nr_live - 1, 0);
	check_state();
	FUZZ_CHECK(kmem_cache_validate_all() == 0, "validate found problems");
	shrink_all(GFP_KERNEL);
	FUZZ_CHECK(nr_free_pages() == start_free, "pages leaked: %lu free, %lu at the start",
		   nr_free_pages(), start_free);
	return 0;
}
