// SPDX-License-Identifier: MIT
/*
 * Suite "slab": the kmalloc family and object caches (mm/slub.c,
 * mm/slab_common.c). Size classes, alignment and zones, zeroing, krealloc,
 * the size limits, GFP_DMA, constructors, invalid frees (each reported
 * once, nothing else harmed), slabinfo, shrinking, a randomized stress
 * case and the memory-efficiency figure. After every case all caches must
 * pass the validate walk.
 */
#include <arch/irqflags.h>
#include <arch/memlayout.h>
#include <arch/restart.h>
#include <kernel/ktest.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <kernel/jiffies.h>
#include <kernel/timer.h>
#include <mm/mmzone.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

#define SZ_16M (16UL << 20)

static char report[32768];
static struct printk_capture cap;

static void capture(void)
{
	printk_capture_start(&cap, report, sizeof(report));
}

static void uncapture(void)
{
	printk_capture_stop(&cap);
}

/* Return: how many times @needle occurs in @hay. */
static unsigned int count_str(const char *hay, const char *needle)
{
	unsigned int n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* Reports start with "BUG <cache> (": count them. */
static unsigned int nr_bugs(void)
{
	return count_str(report, "\nBUG ") + (strncmp(report, "BUG ", 4) == 0);
}

/* A byte pattern derived from the object's address, so misplaced data shows. */
static u8 pat(const void *obj, size_t i)
{
	unsigned long a = (unsigned long)obj;

	return (u8)((a >> 3) ^ (a >> 11) ^ (i * 131) ^ (i >> 8));
}

static void fill(void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		((u8 *)p)[i] = pat(p, i);
}

static bool check(const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (((const u8 *)p)[i] != pat(p, i))
			return false;
	return true;
}

/* A pattern that survives being moved (for krealloc). */
static void fill_seq(void *p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		((u8 *)p)[i] = (u8)(i * 7 + 3);
}

static bool check_seq(const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (((const u8 *)p)[i] != (u8)(i * 7 + 3))
			return false;
	return true;
}

static slab_flags_t slab_flags(struct kmem_cache *s)
{
	struct slabinfo info;

	kmem_cache_get_info(s, &info);
	return info.flags;
}

static const unsigned int classes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512,
					1024, 2048, 4096, 8192 };

static void kmalloc_size_classes(struct ktest *t)
{
	unsigned int prev = 0;
	char name[32];

	for (size_t c = 0; c < ARRAY_SIZE(classes); c++) {
		unsigned int cls = classes[c], align = cls & -cls;
		size_t sizes[2] = { prev + 1, cls };

		snprintf(name, sizeof(name), "kmalloc-%u", cls);
		for (int k = 0; k < 2; k++) {
			u8 *p = kmalloc(sizes[k], GFP_KERNEL);

			KTEST_ASSERT_NOT_NULL(t, p);
			KTEST_EXPECT_EQ(t, ksize(p), (size_t)cls);
			KTEST_EXPECT_EQ(t, kmalloc_size_roundup(sizes[k]), (size_t)cls);
			KTEST_EXPECT_EQ(t, (unsigned long)p % align, 0UL);
			KTEST_EXPECT_NE(t, page_zonenum(virt_to_page(p)), (unsigned int)ZONE_DMA);
			KTEST_EXPECT_STREQ(t, kmem_cache_name(kmalloc_slab(sizes[k], GFP_KERNEL)), name);
			memset(p, 0x5a, ksize(p));
			kfree(p);
		}
		prev = cls;
	}
	KTEST_EXPECT_NULL(t, kmalloc_slab(8193, GFP_KERNEL));
	KTEST_EXPECT_EQ(t, kmalloc_size_roundup(8193), (size_t)16384);
}

static void kmalloc_dma_below_16m(struct ktest *t)
{
	static const size_t large[] = { 8193, 65536, KMALLOC_MAX_SIZE };
	char name[32];

	for (size_t c = 0; c < ARRAY_SIZE(classes); c++) {
		u8 *p = kmalloc(classes[c], GFP_KERNEL | GFP_DMA);

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_EXPECT_LE(t, __pa(p) + classes[c], SZ_16M);
		KTEST_EXPECT_EQ(t, page_zonenum(virt_to_page(p)), (unsigned int)ZONE_DMA);
		snprintf(name, sizeof(name), "dma-kmalloc-%u", classes[c]);
		KTEST_EXPECT_STREQ(t, kmem_cache_name(kmalloc_slab(classes[c], GFP_DMA)), name);
		memset(p, 0x11, classes[c]);
		kfree(p);
	}
	for (size_t i = 0; i < ARRAY_SIZE(large); i++) {
		u8 *p = kmalloc(large[i], GFP_KERNEL | GFP_DMA);

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_EXPECT_LE(t, __pa(p) + large[i], SZ_16M);
		kfree(p);
	}
}

static void kzalloc_zeroes(struct ktest *t)
{
	static const size_t large[] = { 8193, 20000, KMALLOC_MAX_SIZE };
	u8 *p, *q;

	for (size_t c = 0; c < ARRAY_SIZE(classes); c++) {
		p = kmalloc(classes[c], GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, p);
		memset(p, 0xa5, classes[c]);
		kfree(p);
		q = kzalloc(classes[c], GFP_KERNEL);	/* most likely the same object */
		KTEST_ASSERT_NOT_NULL(t, q);
		KTEST_EXPECT_NULL(t, memchr_inv(q, 0, classes[c]));
		kfree(q);
	}
	for (size_t i = 0; i < ARRAY_SIZE(large); i++) {
		p = kmalloc(large[i], GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, p);
		memset(p, 0xa5, large[i]);
		kfree(p);
		q = kzalloc(large[i], GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, q);
		KTEST_EXPECT_NULL(t, memchr_inv(q, 0, large[i]));
		kfree(q);
	}
	p = kcalloc(3, 1000, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0, 3000));
	kfree(p);
}

static void krealloc_keeps_data(struct ktest *t)
{
	static const size_t steps[] = { 100, 5000, 20000, 100000, KMALLOC_MAX_SIZE };
	size_t have = 16;
	u8 *p = kmalloc(have, GFP_KERNEL), *q;

	KTEST_ASSERT_NOT_NULL(t, p);
	fill_seq(p, 0, have);
	for (size_t i = 0; i < ARRAY_SIZE(steps); i++) {	/* grow across classes and into pages */
		p = krealloc(p, steps[i], GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_EXPECT_TRUE(t, check_seq(p, have));
		fill_seq(p, have, steps[i]);
		have = steps[i];
	}
	q = krealloc(p, 3000, GFP_KERNEL);		/* shrinking stays in place */
	KTEST_EXPECT_PTR_EQ(t, q, p);
	KTEST_EXPECT_TRUE(t, check_seq(q, 3000));
	p = krealloc(q, KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN);
	KTEST_EXPECT_NULL(t, p);			/* failure leaves the old block alone */
	KTEST_EXPECT_TRUE(t, check_seq(q, 3000));
	KTEST_EXPECT_PTR_EQ(t, krealloc(q, 0, GFP_KERNEL), ZERO_SIZE_PTR);

	p = kmalloc(4096, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	fill_seq(p, 0, 4096);
	q = krealloc(p, 10, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(t, q, p);
	KTEST_EXPECT_TRUE(t, check_seq(q, 10));
	kfree(q);
	p = krealloc(NULL, 50, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, ksize(p), (size_t)64);
	kfree(p);
}

static void kcalloc_overflow(struct ktest *t)
{
	unsigned long warns = warn_count;

	KTEST_EXPECT_NULL(t, kcalloc(SIZE_MAX / 2, 4, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kmalloc_array(SIZE_MAX, 2, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kmalloc_array(1UL << 33, 1UL << 33, GFP_KERNEL));
	KTEST_EXPECT_EQ(t, warn_count, warns);
}

static void kmalloc_zero_size(struct ktest *t)
{
	unsigned long warns = warn_count;

	KTEST_EXPECT_PTR_EQ(t, kmalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KTEST_EXPECT_PTR_EQ(t, kzalloc(0, GFP_KERNEL), ZERO_SIZE_PTR);
	KTEST_EXPECT_PTR_EQ(t, kcalloc(0, 8, GFP_KERNEL), ZERO_SIZE_PTR);
	capture();
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	kfree_sensitive(NULL);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 0U);
	KTEST_EXPECT_EQ(t, ksize(ZERO_SIZE_PTR), (size_t)0);
	KTEST_EXPECT_EQ(t, ksize(NULL), (size_t)0);
	KTEST_EXPECT_EQ(t, warn_count, warns);
}

static void kmalloc_max_size(struct ktest *t)
{
	unsigned long warns = warn_count;
	u8 *p = kmalloc(KMALLOC_MAX_SIZE, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, ksize(p), (size_t)KMALLOC_MAX_SIZE);
	KTEST_EXPECT_EQ(t, (unsigned long)p % PAGE_SIZE, 0UL);
	memset(p, 0x77, KMALLOC_MAX_SIZE);
	kfree(p);

	capture();
	p = kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL);
	uncapture();
	KTEST_EXPECT_NULL(t, p);
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "exceed KMALLOC_MAX_SIZE"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "requested by kmalloc_max_size+0x"));

	KTEST_EXPECT_NULL(t, kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_NULL(t, kmalloc(SIZE_MAX, GFP_KERNEL | __GFP_NOWARN));
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);

	p = kmalloc(8193, GFP_KERNEL);			/* the first size from the page allocator */
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, ksize(p), (size_t)16384);
	kfree(p);
}

static void atomic_with_irqs_off(struct ktest *t)
{
	unsigned long flags;
	void *a, *b;

	local_irq_save(flags);
	a = kmalloc(64, GFP_ATOMIC);
	b = kmalloc(20000, GFP_ATOMIC);
	kfree(a);
	kfree(b);
	local_irq_restore(flags);
	KTEST_EXPECT_NOT_NULL(t, a);
	KTEST_EXPECT_NOT_NULL(t, b);
}

static void dup_and_sensitive(struct ktest *t)
{
	static const char text[] = "slab test string";
	char *s = kstrdup(text, GFP_KERNEL);
	u8 *p, *q;

	KTEST_ASSERT_NOT_NULL(t, s);
	KTEST_EXPECT_STREQ(t, s, text);
	KTEST_EXPECT_EQ(t, ksize(s), (size_t)32);
	kfree(s);
	KTEST_EXPECT_NULL(t, kstrdup(NULL, GFP_KERNEL));
	p = kmemdup(text, 5, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_MEMEQ(t, p, text, 5);
	kfree(p);

	p = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	memset(p, 0x5c, 64);
	kfree_sensitive(p);
	q = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	/* Without debugging the same object comes back, all zero (the free pointer is cleared). */
	if (q == p && !(slab_flags(kmalloc_slab(64, GFP_KERNEL)) & SLAB_DEBUG_FLAGS))
		KTEST_EXPECT_NULL(t, memchr_inv(q, 0, 64));
	kfree(q);
}

static unsigned long ctor_calls;

static void test_ctor(void *obj)
{
	ctor_calls++;
	memset(obj, 0x3c, 48);
}

static void ctor_runs_once_per_object(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-ctor", 48, 0, 0, test_ctor);
	struct slabinfo info;
	void *objs[200];
	unsigned int n;

	KTEST_ASSERT_NOT_NULL(t, s);
	kmem_cache_get_info(s, &info);
	n = min(3 * info.objects_per_slab, (unsigned int)ARRAY_SIZE(objs));
	ctor_calls = 0;
	for (unsigned int i = 0; i < n; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
		KTEST_EXPECT_NULL(t, memchr_inv(objs[i], 0x3c, 48));
	}
	kmem_cache_get_info(s, &info);
	KTEST_EXPECT_EQ(t, ctor_calls, info.num_objs);
	for (int round = 0; round < 2; round++) {
		for (unsigned int i = 0; i < n; i++)
			kmem_cache_free(s, objs[i]);
		for (unsigned int i = 0; i < n; i++)
			objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	}
	KTEST_EXPECT_EQ(t, ctor_calls, info.num_objs);	/* no slab was made again */
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
}

/* Free blocks per zone and order: the buddyinfo figures. */
static void buddy_snapshot(unsigned long snap[MAX_NR_ZONES][NR_PAGE_ORDERS])
{
	unsigned long flags;

	drain_all_pages(NULL);	/* pcp blocks merge back first */
	local_irq_save(flags);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			snap[z][o] = zones[z].free_area[o].nr_free;
	local_irq_restore(flags);
}

#define MANY 4000

static void many_objects_buddy_restored(struct ktest *t)
{
	static unsigned long before[MAX_NR_ZONES][NR_PAGE_ORDERS], after[MAX_NR_ZONES][NR_PAGE_ORDERS];
	struct kmem_cache *s = kmem_cache_create("test-many", 200, 0, 0, NULL);
	void **objs = kmalloc_array(MANY, sizeof(void *), GFP_KERNEL);
	struct slabinfo info;
	unsigned int bad = 0;

	KTEST_ASSERT_NOT_NULL(t, s);
	KTEST_ASSERT_NOT_NULL(t, objs);
	buddy_snapshot(before);
	for (int i = 0; i < MANY; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
		fill(objs[i], 200);
	}
	for (int i = 0; i < MANY; i++)	/* overlapping objects would have overwritten each other */
		bad += !check(objs[i], 200) || ((unsigned long)objs[i] & 7);
	KTEST_EXPECT_EQ(t, bad, 0U);
	kmem_cache_get_info(s, &info);
	KTEST_EXPECT_EQ(t, info.active_objs, (unsigned long)MANY);
	for (int i = 0; i < MANY; i++)
		kmem_cache_free(s, objs[i]);
	KTEST_EXPECT_EQ(t, kmem_cache_shrink(s), 0);
	kmem_cache_get_info(s, &info);
	KTEST_EXPECT_EQ(t, info.num_slabs, 0UL);
	buddy_snapshot(after);
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			KTEST_EXPECT_EQ(t, after[z][o], before[z][o]);
	kmem_cache_destroy(s);
	kfree(objs);
}

static void destroy_reports_leaked_objects(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-leak", 64, 0, 0, NULL);
	void *a, *b, *c, *d;
	char want[64];

	KTEST_ASSERT_NOT_NULL(t, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	c = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, c);
	fill(a, 64);
	fill(c, 64);
	kmem_cache_free(s, b);
	capture();
	kmem_cache_destroy(s);
	uncapture();
	KTEST_EXPECT_NOT_NULL(t, strstr(report,
		"kmem_cache_destroy test-leak: Slab cache still has objects"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "test-leak: 2 objects still allocated"));
	KTEST_EXPECT_NOT_NULL(t, strstr(report,
		"BUG test-leak (Not tainted): Objects remaining in test-leak"));
	snprintf(want, sizeof(want), "INFO: Object %p @offset=", a);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, want));
	snprintf(want, sizeof(want), "INFO: Object %p @offset=", c);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, want));
	/* Nothing was freed: the objects and the cache still work. */
	KTEST_EXPECT_TRUE(t, check(a, 64));
	KTEST_EXPECT_TRUE(t, check(c, 64));
	d = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_NOT_NULL(t, d);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_free(s, d);
	kmem_cache_free(s, a);
	kmem_cache_free(s, c);
	capture();
	kmem_cache_destroy(s);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 0U);
	KTEST_EXPECT_NULL(t, strstr(report, "WARNING"));
}

static void create_rejects_bad_arguments(struct ktest *t)
{
	capture();
	KTEST_EXPECT_NULL(t, kmem_cache_create(NULL, 64, 0, 0, NULL));
	KTEST_EXPECT_NULL(t, kmem_cache_create("test-bad", 0, 0, 0, NULL));
	KTEST_EXPECT_NULL(t, kmem_cache_create("test-bad", 64, 3, 0, NULL));
	KTEST_EXPECT_NULL(t, kmem_cache_create("test-bad", 64, 0, SLAB_KMALLOC, NULL));
	KTEST_EXPECT_NULL(t, kmem_cache_create("test-bad", KMALLOC_MAX_SIZE + 1, 0, 0, NULL));
	uncapture();
	KTEST_EXPECT_EQ(t, count_str(report, "failed with error -22"), 5U);
}

static void freelist_is_hardened(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-harden", 64, 0, 0, NULL);
	struct slabinfo info;
	unsigned long *a, *b;

	KTEST_ASSERT_NOT_NULL(t, s);
	kmem_cache_get_info(s, &info);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, b);
	kmem_cache_free(s, b);
	kmem_cache_free(s, a);		/* a's free pointer now leads to b */
	for (unsigned int i = 0; i < info.size / sizeof(long); i++)
		KTEST_EXPECT_NE(t, a[i], (unsigned long)b);
	KTEST_EXPECT_PTR_EQ(t, kmem_cache_alloc(s, GFP_KERNEL), a);
	KTEST_EXPECT_PTR_EQ(t, kmem_cache_alloc(s, GFP_KERNEL), b);
	kmem_cache_free(s, a);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
}

static void slabinfo_format(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-info", 100, 0, 0, NULL);
	struct slabinfo info;
	void *objs[3];
	char line[160];

	KTEST_ASSERT_NOT_NULL(t, s);
	for (int i = 0; i < 3; i++)
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_get_info(s, &info);
	KTEST_EXPECT_EQ(t, info.active_objs, 3UL);
	KTEST_EXPECT_EQ(t, info.num_objs, (unsigned long)info.objects_per_slab);
	KTEST_EXPECT_EQ(t, info.num_slabs, 1UL);
	KTEST_EXPECT_EQ(t, info.object_size, 100U);
	capture();
	show_slabinfo();
	uncapture();
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "slabinfo - version: 2.1\n# name            "
		"<active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables "
		"<limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> "
		"<sharedavail>\n"));
	snprintf(line, sizeof(line),
		 "\n%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n",
		 "test-info", 3UL, info.num_objs, info.size, info.objects_per_slab,
		 1 << info.cache_order, 0U, 0U, 0U, 1UL, 1UL, 0UL);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, line));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "\nkmalloc-64        "));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "\ndma-kmalloc-8192  "));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "\nkmem_cache        "));
	for (int i = 0; i < 3; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_destroy(s);
}

static void shrink_and_shrinker_free_empty_slabs(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-shrink", 512, 0, 0, NULL);
	struct slabinfo info, after;
	static void *objs[256];
	unsigned long free_before, freed, slab_pages;
	unsigned int n;

	KTEST_ASSERT_NOT_NULL(t, s);
	kmem_cache_get_info(s, &info);
	n = min(12 * info.objects_per_slab, (unsigned int)ARRAY_SIZE(objs));
	for (unsigned int i = 0; i < n; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
	}
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(s, objs[i]);
	/* Freeing released all but min_partial empty slabs (and the cpu slab). */
	kmem_cache_get_info(s, &info);
	KTEST_EXPECT_GT(t, info.num_slabs, 0UL);
	KTEST_EXPECT_LE(t, info.num_slabs, info.min_partial + 1);
	KTEST_EXPECT_EQ(t, info.active_objs, 0UL);
	slab_pages = info.num_slabs << info.cache_order;
	/* The page allocator's reclaim hook frees the rest. */
	free_before = nr_free_pages();
	freed = shrink_all(GFP_KERNEL);
	kmem_cache_get_info(s, &after);
	KTEST_EXPECT_EQ(t, after.num_slabs, 0UL);
	KTEST_EXPECT_GE(t, freed, slab_pages);
	KTEST_EXPECT_GE(t, nr_free_pages() - free_before, slab_pages);
	objs[0] = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_EQ(t, kmem_cache_shrink(s), 1);	/* one slab is in use */
	kmem_cache_free(s, objs[0]);
	KTEST_EXPECT_EQ(t, kmem_cache_shrink(s), 0);
	kmem_cache_destroy(s);
}

static u64 rng_state;

static u64 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Sizes spread evenly over the powers of two from 1 B to 8 KiB; 1 in 64 above. */
static size_t random_size(void)
{
	u64 r = rnd();
	unsigned int e = (r >> 8) % 13;

	if ((r & 63) == 0)
		return 8193 + (r >> 16) % (65536 - 8193);
	return (1UL << e) + (r >> 16) % (1UL << e) + 1;
}

#define STRESS_SLOTS 256
#define STRESS_OPS 6000

static void random_stress(struct ktest *t)
{
	static struct {
		u8 *p;
		size_t n;
	} slot[STRESS_SLOTS];
	unsigned int bad = 0, zero_bad = 0;

	rng_state = 0x9e3779b97f4a7c15ULL;
	for (int op = 0; op < STRESS_OPS; op++) {
		unsigned int i = rnd() % STRESS_SLOTS;
		u64 r = rnd();
		gfp_t gfp = (r & 3) ? GFP_KERNEL : GFP_ATOMIC;

		if (slot[i].p) {
			bad += !check(slot[i].p, slot[i].n);
			kfree(slot[i].p);
			slot[i].p = NULL;
			continue;
		}
		slot[i].n = random_size();
		if ((r & 12) == 0)
			gfp |= __GFP_ZERO;
		slot[i].p = kmalloc(slot[i].n, gfp);
		KTEST_ASSERT_NOT_NULL(t, slot[i].p);
		if (gfp & __GFP_ZERO)
			zero_bad += memchr_inv(slot[i].p, 0, slot[i].n) != NULL;
		fill(slot[i].p, slot[i].n);
	}
	for (unsigned int i = 0; i < STRESS_SLOTS; i++) {
		if (slot[i].p) {
			bad += !check(slot[i].p, slot[i].n);
			kfree(slot[i].p);
			slot[i].p = NULL;
		}
	}
	KTEST_EXPECT_EQ(t, bad, 0U);
	KTEST_EXPECT_EQ(t, zero_bad, 0U);
	KTEST_EXPECT_EQ(t, kmem_cache_validate_all(), 0);
}

#define EFF_OBJECTS 3000

/*
 * The memory-efficiency figure: a mixed workload of sizes from 8 B to
 * 8 KiB (evenly spread over the powers of two), bytes requested against
 * the pages it took from the buddy allocator.
 */
static void memory_efficiency(struct ktest *t)
{
	void **objs = kmalloc_array(EFF_OBJECTS, sizeof(void *), GFP_KERNEL);
	unsigned long requested = 0, before, pages, used;

	KTEST_ASSERT_NOT_NULL(t, objs);
	shrink_all(GFP_KERNEL);		/* no empty slabs to start with */
	before = nr_free_pages();
	rng_state = 0x243f6a8885a308d3ULL;
	for (int i = 0; i < EFF_OBJECTS; i++) {
		u64 r = rnd();
		unsigned int e = 3 + (r >> 8) % 10;
		size_t size = (1UL << e) + (r >> 16) % ((1UL << e) + 1);	/* 8 .. 8192 */

		objs[i] = kmalloc(size, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
		requested += size;
	}
	pages = before - nr_free_pages();
	used = requested * 100 / (pages * PAGE_SIZE);
	printk(KERN_INFO "slab: efficiency requested=%lu pages=%lu used=%lu%%\n", requested, pages,
	       used);
	for (int i = 0; i < EFF_OBJECTS; i++)
		kfree(objs[i]);
	kfree(objs);
	if (slab_flags(kmalloc_slab(64, GFP_KERNEL)) & SLAB_DEBUG_FLAGS)
		ktest_skip(t, "slub_debug= metadata: figure printed, not checked");
	KTEST_EXPECT_GE(t, used, 50UL);
	KTEST_EXPECT_LE(t, used, 100UL);
}

/*
 * Exhaust memory through a cache of 64 KiB objects: allocation fails
 * cleanly (NULL; with a report unless __GFP_NOWARN), and once everything
 * is freed the cache and the page allocator are back where they were.
 */
static void out_of_memory_fails_cleanly(struct ktest *t)
{
	const gfp_t quiet = GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN;
	struct kmem_cache *s = kmem_cache_create("test-oom", 65536, 0, 0, NULL);
	unsigned long free_before, n = 0;
	void **list = NULL, **obj;
	struct slabinfo info;

	KTEST_ASSERT_NOT_NULL(t, s);
	shrink_all(GFP_KERNEL);			/* no empty slabs anywhere to start with */
	free_before = nr_free_pages();
	while ((obj = kmem_cache_alloc(s, quiet))) {	/* each object links to the previous */
		*obj = list;
		list = obj;
		n++;
	}
	KTEST_EXPECT_GT(t, n, 0UL);
	capture();
	obj = kmem_cache_alloc(s, GFP_KERNEL | __GFP_NORETRY);
	uncapture();
	KTEST_EXPECT_NULL(t, obj);
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "SLUB: Unable to allocate memory on node -1, gfp="));
	KTEST_EXPECT_NOT_NULL(t, strstr(report, "  cache: test-oom, object size: 65536,"));
	while (list) {
		obj = *list;
		kmem_cache_free(s, list);
		list = obj;
	}
	KTEST_EXPECT_EQ(t, kmem_cache_shrink(s), 0);
	kmem_cache_get_info(s, &info);
	KTEST_EXPECT_EQ(t, info.num_slabs, 0UL);
	KTEST_EXPECT_EQ(t, nr_free_pages(), free_before);
	kmem_cache_destroy(s);
}

static void suite_exit(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, kmem_cache_validate_all(), 0);
}

/*
 * The lock-free fast paths (restartable sequences) against interrupts: a
 * thread frees and reallocates objects spread over several slabs (so frees
 * go to the cpu slab and to partial slabs) in a tight loop while every
 * tick an hrtimer callback allocates and frees GFP_ATOMIC from the same
 * cache. The loop
 * runs until interrupts have restarted a fast path a few times (or a
 * bound of ticks passed); no object may be handed out twice or lose its
 * contents, and the cache must end empty and valid.
 */
#define RS_IRQ_OBJS 8
#define RS_SIZE 64
#define RS_HELD 256		/* four slabs of 64 */

static struct kmem_cache *rs_cache;
static void *rs_irq_objs[RS_IRQ_OBJS];
static unsigned long rs_irq_runs, rs_irq_bad;

/* Allocate a new set first, then free the old one: the list really changes. */
static enum hrtimer_restart rs_timer_fn(struct hrtimer *timer)
{
	void *fresh[RS_IRQ_OBJS];

	for (int i = 0; i < RS_IRQ_OBJS; i++) {
		fresh[i] = kmem_cache_alloc(rs_cache, GFP_ATOMIC);
		if (fresh[i])
			fill(fresh[i], RS_SIZE);
	}
	for (int i = 0; i < RS_IRQ_OBJS; i++) {
		if (rs_irq_objs[i]) {
			rs_irq_bad += !check(rs_irq_objs[i], RS_SIZE);
			kmem_cache_free(rs_cache, rs_irq_objs[i]);
		}
		rs_irq_objs[i] = fresh[i];
	}
	rs_irq_runs++;
	hrtimer_forward_now(timer, ms_to_ktime(1));
	return HRTIMER_RESTART;
}

static void fast_paths_restart_under_interrupts(struct ktest *t)
{
	unsigned long restarts = restart_seq_restarts, bad = 0, end = jiffies + 2000;
	static void *held[RS_HELD];
	struct slabinfo info;
	struct hrtimer timer;

	rs_cache = kmem_cache_create("restart-test", RS_SIZE, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(t, rs_cache);
	rs_irq_runs = rs_irq_bad = 0;
	for (int i = 0; i < RS_HELD; i++) {
		held[i] = kmem_cache_alloc(rs_cache, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, held[i]);
		fill(held[i], RS_SIZE);
	}
	hrtimer_init(&timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	timer.function = rs_timer_fn;
	hrtimer_start(&timer, 1, HRTIMER_MODE_REL_HARD);
	for (unsigned long i = 0; time_before(jiffies, end) &&
	     (restart_seq_restarts - restarts < 8 || rs_irq_runs < 20); i++) {
		void **slot = &held[(i * 37) % RS_HELD];

		bad += !check(*slot, RS_SIZE);
		kmem_cache_free(rs_cache, *slot);
		*slot = kmem_cache_alloc(rs_cache, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, *slot);
		fill(*slot, RS_SIZE);
	}
	hrtimer_cancel(&timer);
	ktest_printf(t, "%lu restarts in %lu timer runs", restart_seq_restarts - restarts,
		     rs_irq_runs);
	KTEST_EXPECT_GT(t, restart_seq_restarts - restarts, 0UL);
	KTEST_EXPECT_GT(t, rs_irq_runs, 0UL);
	for (int i = 0; i < RS_HELD; i++) {
		bad += !check(held[i], RS_SIZE);
		kmem_cache_free(rs_cache, held[i]);
	}
	for (int i = 0; i < RS_IRQ_OBJS; i++) {
		if (rs_irq_objs[i]) {
			rs_irq_bad += !check(rs_irq_objs[i], RS_SIZE);
			kmem_cache_free(rs_cache, rs_irq_objs[i]);
			rs_irq_objs[i] = NULL;
		}
	}
	KTEST_EXPECT_EQ(t, bad, 0UL);
	KTEST_EXPECT_EQ(t, rs_irq_bad, 0UL);
	kmem_cache_get_info(rs_cache, &info);
	KTEST_EXPECT_EQ(t, info.active_objs, 0UL);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(rs_cache), 0);
	kmem_cache_destroy(rs_cache);
}

static const struct ktest_case slab_cases[] = {
	KTEST_CASE(kmalloc_size_classes),
	KTEST_CASE(kmalloc_dma_below_16m),
	KTEST_CASE(kzalloc_zeroes),
	KTEST_CASE(krealloc_keeps_data),
	KTEST_CASE(kcalloc_overflow),
	KTEST_CASE(kmalloc_zero_size),
	KTEST_CASE(kmalloc_max_size),
	KTEST_CASE(atomic_with_irqs_off),
	KTEST_CASE(dup_and_sensitive),
	KTEST_CASE(ctor_runs_once_per_object),
	KTEST_CASE(many_objects_buddy_restored),
	KTEST_CASE(destroy_reports_leaked_objects),
	KTEST_CASE(create_rejects_bad_arguments),
	KTEST_CASE(freelist_is_hardened),
	KTEST_CASE(slabinfo_format),
	KTEST_CASE(shrink_and_shrinker_free_empty_slabs),
	KTEST_CASE(random_stress),
	KTEST_CASE(fast_paths_restart_under_interrupts),
	KTEST_CASE(memory_efficiency),
	KTEST_CASE(out_of_memory_fails_cleanly),
};
KTEST_SUITE_FULL(slab, slab_cases, NULL, suite_exit);
