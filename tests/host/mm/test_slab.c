// SPDX-License-Identifier: MIT
/*
 * Host tests of the slab allocator and the kmalloc family (mm/slub.c,
 * mm/slub_debug.c, mm/slab_common.c) on the fake machine of host_mm.h.
 */
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

#include "../../../mm/slab_priv.h"
#include "host_mm.h"
#include "htest.h"

static const size_t class_sizes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192 };

static bool is_pow2(size_t x)
{
	return x && !(x & (x - 1));
}

static void fill(void *p, size_t n, unsigned char seed)
{
	for (size_t i = 0; i < n; i++)
		((unsigned char *)p)[i] = (unsigned char)(seed + i * 7);
}

static bool check(const void *p, size_t n, unsigned char seed)
{
	for (size_t i = 0; i < n; i++)
		if (((const unsigned char *)p)[i] != (unsigned char)(seed + i * 7))
			return false;
	return true;
}

/* Every size 1..8192 lands in the smallest class that holds it, properly aligned. */
static void test_every_size_class(void)
{
	unsigned long bugs = slab_bug_count;

	for (size_t size = 1; size <= KMALLOC_MAX_CACHE_SIZE; size++) {
		size_t want = 0;
		void *p;

		for (size_t i = 0; i < ARRAY_SIZE(class_sizes); i++) {
			if (class_sizes[i] >= size) {
				want = class_sizes[i];
				break;
			}
		}
		/* 96 and 192 exist, but only serve sizes 65..96 and 129..192. */
		HT_EXPECT_EQ(kmalloc_size_roundup(size), want);
		p = kmalloc(size, GFP_KERNEL);
		HT_EXPECT(p != NULL);
		if (!p)
			continue;
		HT_EXPECT_EQ(ksize(p), want);
		HT_EXPECT_EQ((unsigned long)p % ARCH_KMALLOC_MINALIGN, 0);
		if (is_pow2(want))
			HT_EXPECT_EQ((unsigned long)p % want, 0);
		HT_EXPECT(kmalloc_slab(size, GFP_KERNEL) != NULL);
		fill(p, want, (unsigned char)size);
		HT_EXPECT(check(p, want, (unsigned char)size));
		kfree(p);
	}
	HT_EXPECT_EQ(slab_bug_count, bugs);
	HT_EXPECT_EQ(kmem_cache_validate_all(), 0);
}

static void test_zero_and_null(void)
{
	unsigned long bugs = slab_bug_count, warns = warn_count;

	HT_EXPECT(kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	HT_EXPECT(kzalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	kfree(NULL);
	kfree(ZERO_SIZE_PTR);
	HT_EXPECT_EQ(ksize(NULL), 0);
	HT_EXPECT_EQ(ksize(ZERO_SIZE_PTR), 0);
	HT_EXPECT(krealloc(NULL, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
	HT_EXPECT_EQ(slab_bug_count, bugs);
	HT_EXPECT_EQ(warn_count, warns);
}

static void test_large_kmalloc(void)
{
	unsigned long free_before = nr_free_pages(), warns = warn_count;
	void *p = kmalloc(KMALLOC_MAX_CACHE_SIZE + 1, GFP_KERNEL);
	void *q = kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL);

	HT_EXPECT(p && q);
	HT_EXPECT_EQ(ksize(p), 4 * PAGE_SIZE);
	HT_EXPECT_EQ(ksize(q), KMALLOC_MAX_SIZE);
	HT_EXPECT_EQ((unsigned long)q % PAGE_SIZE, 0);
	if (q)
		memset(q, 0x11, KMALLOC_MAX_SIZE);
	kfree(p);
	kfree(q);
	HT_EXPECT_EQ(nr_free_pages(), free_before);
	HT_EXPECT(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL) == NULL);
	HT_EXPECT_EQ(warn_count, warns + 1);
	HT_EXPECT(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN) == NULL);
	HT_EXPECT_EQ(warn_count, warns + 1);
}

static void test_krealloc_keeps_contents(void)
{
	size_t sizes[] = { 5, 40, 100, 700, 3000, 8192, 9000, 70000, 64, 1 };
	size_t cur = 1;
	char *p = kmalloc(1, GFP_KERNEL);

	HT_EXPECT(p != NULL);
	if (!p)
		return;
	fill(p, 1, 3);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t keep = min(cur, sizes[i]);
		char *q = krealloc(p, sizes[i], GFP_KERNEL);

		HT_EXPECT(q != NULL);
		if (!q)
			break;
		HT_EXPECT(check(q, keep, 3));
		HT_EXPECT(ksize(q) >= sizes[i]);
		fill(q, sizes[i], 3);
		p = q;
		cur = sizes[i];
	}
	/* Shrinking stays in place. */
	{
		char *q = krealloc(p, 1, GFP_KERNEL);

		HT_EXPECT(q == p);
		p = q;
	}
	HT_EXPECT(krealloc(p, 0, GFP_KERNEL) == ZERO_SIZE_PTR);	/* frees p */
	HT_EXPECT_EQ(kmem_cache_validate_all(), 0);
}

static void test_kcalloc(void)
{
	unsigned char *p = kcalloc(10, 100, GFP_KERNEL);
	bool zero = true;

	HT_EXPECT(p != NULL);
	if (p) {
		for (int i = 0; i < 1000; i++)
			zero &= p[i] == 0;
		HT_EXPECT(zero);
		kfree(p);
	}
	HT_EXPECT(kcalloc(SIZE_MAX / 2, 3, GFP_KERNEL) == NULL);
	HT_EXPECT(kmalloc_array(1UL << 40, 1UL << 30, GFP_KERNEL) == NULL);
	HT_EXPECT(kmalloc_array(0, 8, GFP_KERNEL) == ZERO_SIZE_PTR);
}

static int ctor_calls;

static void test_ctor_fn(void *obj)
{
	ctor_calls++;
	memset(obj, 0x3c, 48);
}

static void test_cache_ctor(void)
{
	struct kmem_cache *s = kmem_cache_create("host-ctor", 48, 0, 0, test_ctor_fn);
	void *objs[100];
	struct slabinfo info;
	bool constructed = true;

	HT_EXPECT(s != NULL);
	if (!s)
		return;
	for (int i = 0; i < 100; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		HT_EXPECT(objs[i] != NULL);
		for (int j = 0; objs[i] && j < 48; j++)
			constructed &= ((unsigned char *)objs[i])[j] == 0x3c;
	}
	HT_EXPECT(constructed);
	/* The ctor runs once per object when its slab is made, not per allocation. */
	kmem_cache_get_info(s, &info);
	HT_EXPECT_EQ(ctor_calls, (int)info.num_objs);
	HT_EXPECT_EQ(info.active_objs, 100);
	HT_EXPECT_EQ(kmem_cache_size(s), 48);
	for (int i = 0; i < 100; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_get_info(s, &info);
	HT_EXPECT_EQ(info.active_objs, 0);
	HT_EXPECT_EQ(kmem_cache_shrink(s), 0);
	kmem_cache_destroy(s);
}

static void test_cache_alignment(void)
{
	unsigned int aligns[] = { 0, 8, 16, 64, 256, 4096 };

	for (size_t i = 0; i < ARRAY_SIZE(aligns); i++) {
		struct kmem_cache *s = kmem_cache_create("host-align", 40, aligns[i],
							 SLAB_HWCACHE_ALIGN, NULL);
		void *p[20];

		HT_EXPECT(s != NULL);
		if (!s)
			continue;
		for (int j = 0; j < 20; j++) {
			p[j] = kmem_cache_alloc(s, GFP_KERNEL);
			HT_EXPECT(p[j] != NULL);
			HT_EXPECT_EQ((unsigned long)p[j] % max(aligns[i], 64u), 0);
		}
		for (int j = 0; j < 20; j++)
			kmem_cache_free(s, p[j]);
		kmem_cache_destroy(s);
	}
	HT_EXPECT(kmem_cache_create("host-bad", 40, 24, 0, NULL) == NULL);	/* not a power of two */
	HT_EXPECT(kmem_cache_create("host-bad", 0, 0, 0, NULL) == NULL);
}

static void test_double_free_detected(void)
{
	unsigned long bugs = slab_bug_count;
	char *a = kmalloc(64, GFP_KERNEL), *b, *c;

	HT_EXPECT(a != NULL);
	if (!a)
		return;
	kfree(a);
	kfree(a);		/* reported, refused */
	HT_EXPECT_EQ(slab_bug_count, bugs + 1);
	/* The free list is intact: the next two allocations differ. */
	b = kmalloc(64, GFP_KERNEL);
	c = kmalloc(64, GFP_KERNEL);
	HT_EXPECT(b && c && b != c);
	kfree(b);
	kfree(c);
	HT_EXPECT_EQ(kmem_cache_validate_all(), 0);
}

static void test_invalid_frees_detected(void)
{
	unsigned long bugs = slab_bug_count;
	char *a = kmalloc(128, GFP_KERNEL);
	struct kmem_cache *s = kmem_cache_create("host-other", 128, 0, 0, NULL);
	int local;

	HT_EXPECT(a && s);
	if (!a || !s)
		return;
	kfree(a + 8);				/* middle of an object */
	HT_EXPECT_EQ(slab_bug_count, bugs + 1);
	kfree(&local);				/* a stack address */
	HT_EXPECT_EQ(slab_bug_count, bugs + 2);
	kmem_cache_free(s, a);			/* wrong cache */
	HT_EXPECT_EQ(slab_bug_count, bugs + 3);
	HT_EXPECT_EQ(ksize(a), 128);		/* still live */
	kfree(a);
	HT_EXPECT_EQ(slab_bug_count, bugs + 3);
	kmem_cache_destroy(s);
	HT_EXPECT_EQ(kmem_cache_validate_all(), 0);
}

/* slub_debug=FZPU on one cache: a write past the object is caught at free. */
static void test_debug_redzone(void)
{
	unsigned long bugs = slab_bug_count;
	struct kmem_cache *s;
	char *p;

	HT_EXPECT_EQ(slab_debug_parse("FZPU,host-dbg"), 0);
	s = kmem_cache_create("host-dbg", 24, 0, 0, NULL);
	HT_EXPECT(s != NULL);
	if (!s)
		return;
	p = kmem_cache_alloc(s, GFP_KERNEL);
	HT_EXPECT(p != NULL);
	if (p) {
		memset(p, 1, 24);
		kmem_cache_free(s, p);
		HT_EXPECT_EQ(slab_bug_count, bugs);
		p = kmem_cache_alloc(s, GFP_KERNEL);
		p[24] = 0x77;			/* one byte into the right red zone */
		kmem_cache_free(s, p);
		HT_EXPECT(slab_bug_count > bugs);
	}
	bugs = slab_bug_count;
	/* Use after free: poison overwritten, caught by validate. */
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	p[3] = 0;
	HT_EXPECT(kmem_cache_validate(s) > 0);
	HT_EXPECT_EQ(kmem_cache_validate(s), 0);	/* repaired */
	kmem_cache_destroy(s);
	HT_EXPECT_EQ(slab_debug_parse("-"), 0);
}

static void test_dma_kmalloc(void)
{
	void *p = kmalloc(200, GFP_KERNEL | GFP_DMA);

	HT_EXPECT(p != NULL);
	if (!p)
		return;
	HT_EXPECT(__pa(p) < (16UL << 20));
	HT_EXPECT(kmalloc_slab(200, GFP_DMA) != kmalloc_slab(200, GFP_KERNEL));
	kfree(p);
}

static void test_destroy_with_objects(void)
{
	struct kmem_cache *s = kmem_cache_create("host-leak", 100, 0, 0, NULL);
	unsigned long warns = warn_count;
	void *p;

	HT_EXPECT(s != NULL);
	if (!s)
		return;
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_destroy(s);			/* reported; cache kept */
	HT_EXPECT_EQ(warn_count, warns + 1);
	kmem_cache_free(s, p);
	kmem_cache_destroy(s);
	HT_EXPECT_EQ(warn_count, warns + 1);
}

/* Many objects, freed in a scrambled order: counters and contents agree. */
static void test_many_objects(void)
{
	enum { N = 5000 };
	static char *objs[N];
	static size_t sizes[N];
	unsigned long seed = 99;

	for (int i = 0; i < N; i++) {
		seed = seed * 6364136223846793005UL + 1;
		sizes[i] = 1 + (seed >> 40) % 2048;
		objs[i] = kmalloc(sizes[i], GFP_KERNEL);
		HT_EXPECT(objs[i] != NULL);
		if (objs[i])
			fill(objs[i], sizes[i], (unsigned char)i);
	}
	for (int k = 0; k < N; k++) {
		int i = (int)(((unsigned long)k * 7919) % N);

		if (!objs[i])
			continue;
		HT_EXPECT(check(objs[i], sizes[i], (unsigned char)i));
		kfree(objs[i]);
	}
	HT_EXPECT_EQ(kmem_cache_validate_all(), 0);
}

int main(void)
{
	static const struct htest_case cases[] = {
		HT_CASE(test_every_size_class),
		HT_CASE(test_zero_and_null),
		HT_CASE(test_large_kmalloc),
		HT_CASE(test_krealloc_keeps_contents),
		HT_CASE(test_kcalloc),
		HT_CASE(test_cache_ctor),
		HT_CASE(test_cache_alignment),
		HT_CASE(test_double_free_detected),
		HT_CASE(test_invalid_frees_detected),
		HT_CASE(test_debug_redzone),
		HT_CASE(test_dma_kmalloc),
		HT_CASE(test_destroy_with_objects),
		HT_CASE(test_many_objects),
	};

	host_mm_boot();
	return htest_main(cases, ARRAY_SIZE(cases));
}
