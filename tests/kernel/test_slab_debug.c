// SPDX-License-Identifier: MIT
/*
 * Suite "slab_debug": misuse and corruption of slab objects. Each kind
 * (invalid free, double free, wrong cache, overflow by one byte, write
 * before the object, write after free, a smashed free pointer) must give
 * exactly the expected report, counted here, and leave other live objects
 * and the cache working. After every case all caches must pass the
 * validate walk. Also: the debug layout itself and slub_debug= parsing.
 */
#include <arch/memlayout.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

#define FULL_DEBUG (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

static char report[32768];
static struct printk_capture cap;
static char want[160];

static void capture(void)
{
	printk_capture_start(&cap, report, sizeof(report));
}

static void uncapture(void)
{
	printk_capture_stop(&cap);
}

static unsigned int nr_bugs(void)
{
	unsigned int n = strncmp(report, "BUG ", 4) == 0;

	for (const char *p = strstr(report, "\nBUG "); p; p = strstr(p + 1, "\nBUG "))
		n++;
	return n;
}

/* Expect the capture to hold the text printf-formatted from @fmt. */
#define EXPECT_REPORT(t, fmt, ...)						\
	do {									\
		snprintf(want, sizeof(want), fmt, ##__VA_ARGS__);		\
		if (!strstr(report, want))					\
			ktest_printf(t, "missing from the report: \"%s\"", want);\
		KTEST_EXPECT_NOT_NULL(t, strstr(report, want));			\
	} while (0)

static u8 pat(const void *obj, size_t i)
{
	return (u8)(((unsigned long)obj >> 4) + i * 13);
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

static bool cache_is_debug(struct kmem_cache *s)
{
	struct slabinfo info;

	kmem_cache_get_info(s, &info);
	return info.flags & SLAB_DEBUG_FLAGS;
}

/* A cache with exactly @flags for debugging (slub_debug= may add more: then skip). */
static struct kmem_cache *create_exact(struct ktest *t, const char *name, unsigned int size,
				       slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_create(name, size, 0, flags, NULL);
	struct slabinfo info;

	KTEST_ASSERT_NOT_NULL(t, s);
	kmem_cache_get_info(s, &info);
	if ((info.flags & SLAB_DEBUG_FLAGS) != (flags & SLAB_DEBUG_FLAGS)) {
		kmem_cache_destroy(s);
		ktest_skip(t, "slub_debug= changed the debug flags this case needs");
	}
	return s;
}

/* ---- misuse caught in every cache ------------------------------------------ */

static void invalid_free_inside_object(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-inval", 64, 0, 0, NULL);
	u8 *a, *b;

	KTEST_ASSERT_NOT_NULL(t, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, b);
	fill(a, 64);
	fill(b, 64);
	capture();
	kfree(a + 8);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 1U);
	EXPECT_REPORT(t, "BUG test-inval (Not tainted): Invalid object pointer %p\n", a + 8);
	EXPECT_REPORT(t, "INFO: %p is 8 bytes into object %p (object size 64)\n", a + 8, a);
	EXPECT_REPORT(t, "INFO: Freed by invalid_free_inside_object+0x");
	EXPECT_REPORT(t, "FIX test-inval: Object at %p not freed\n", a + 8);
	KTEST_EXPECT_TRUE(t, check(a, 64));
	KTEST_EXPECT_TRUE(t, check(b, 64));
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kfree(a);
	kmem_cache_free(s, b);
	kmem_cache_destroy(s);
}

static void invalid_free_not_slab(struct ktest *t)
{
	static int image_var;
	struct page *pg = alloc_page(GFP_KERNEL);
	u8 *big = kmalloc(20000, GFP_KERNEL), *live = kmalloc(100, GFP_KERNEL);
	int on_stack = 0;
	const struct {
		const void *p;
		const char *what;	/* NULL: depends on where the stack is */
	} cases[] = {
		{ (void *)(VMALLOC_START + 0x1000), "a vmalloc address" },
		{ &image_var, "an address in the kernel image" },
		{ pg ? page_address(pg) : NULL, "a page-allocator page, not a kmalloc object" },
		{ big + PAGE_SIZE, "not the start of a large kmalloc block" },
		{ (void *)0x1000, "not a direct-map address of RAM" },
		{ &on_stack, NULL },
	};

	KTEST_ASSERT_NOT_NULL(t, pg);
	KTEST_ASSERT_NOT_NULL(t, big);
	KTEST_ASSERT_NOT_NULL(t, live);
	fill(live, 100);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		capture();
		kfree(cases[i].p);
		uncapture();
		KTEST_EXPECT_EQ(t, nr_bugs(), 1U);
		EXPECT_REPORT(t, "BUG <none> (Not tainted): Invalid free of %p: ", cases[i].p);
		if (cases[i].what)
			EXPECT_REPORT(t, "Invalid free of %p: %s\n", cases[i].p, cases[i].what);
		EXPECT_REPORT(t, "freed by invalid_free_not_slab+0x");
		EXPECT_REPORT(t, "FIX <none>: Pointer ignored, nothing freed\n");
	}
	/* Nothing was freed or harmed. */
	capture();
	__free_page(pg);
	kfree(big);
	uncapture();
	KTEST_EXPECT_NULL(t, strstr(report, "BUG"));
	/* A large kmalloc block freed twice: the second free finds a free page. */
	capture();
	kfree(big);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 1U);
	EXPECT_REPORT(t, "Invalid free of %p: a free page\n", big);
	KTEST_EXPECT_TRUE(t, check(live, 100));
	kfree(live);
}

static void double_free_refused(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("test-dfree", 64, 0, 0, NULL);
	struct slabinfo info;
	u8 *o[5], *x, *y, *never;

	KTEST_ASSERT_NOT_NULL(t, s);
	for (int i = 0; i < 5; i++) {
		o[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, o[i]);
		fill(o[i], 64);
	}
	kmem_cache_get_info(s, &info);
	/* 1. The object at the head of the free list (Linux's naive check). */
	kmem_cache_free(s, o[1]);
	capture();
	kmem_cache_free(s, o[1]);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 1U);
	EXPECT_REPORT(t, "BUG test-dfree (Not tainted): Object already free\n");
	EXPECT_REPORT(t, "INFO: Freed again by double_free_refused+0x");
	EXPECT_REPORT(t, "FIX test-dfree: Object at %p not freed\n", o[1]);
	x = kmem_cache_alloc(s, GFP_KERNEL);
	y = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(t, x, o[1]);
	KTEST_EXPECT_PTR_NE(t, y, x);		/* o[1] was on the free list once */
	/* 2. An object deeper in the free list. */
	kmem_cache_free(s, o[2]);
	kmem_cache_free(s, o[3]);
	capture();
	kfree(o[2]);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 1U);
	EXPECT_REPORT(t, "BUG test-dfree (Not tainted): Object already free\n");
	/* 3. An object that was never allocated. */
	never = o[0] + 7 * info.size;
	capture();
	kmem_cache_free(s, never);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 1U);
	EXPECT_REPORT(t, "FIX test-dfree: Object at %p not freed\n", never);
	KTEST_EXPECT_TRUE(t, check(o[0], 64));
	KTEST_EXPECT_TRUE(t, check(o[4], 64));
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_free(s, o[0]);
	kmem_cache_free(s, o[4]);
	kmem_cache_free(s, x);
	kmem_cache_free(s, y);
	capture();
	kmem_cache_destroy(s);			/* every object is free exactly once */
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 0U);
}

static void wrong_cache_refused(struct ktest *t)
{
	struct kmem_cache *s1 = kmem_cache_create("test-w1", 64, 0, 0, NULL);
	struct kmem_cache *s2 = kmem_cache_create("test-w2", 64, 0, 0, NULL);
	u8 *a;

	KTEST_ASSERT_NOT_NULL(t, s1);
	KTEST_ASSERT_NOT_NULL(t, s2);
	a = kmem_cache_alloc(s1, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, a);
	fill(a, 64);
	capture();
	kmem_cache_free(s2, a);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 1U);
	EXPECT_REPORT(t, "BUG test-w2 (Not tainted): Wrong slab cache. "
		      "test-w2 but object is from test-w1\n");
	EXPECT_REPORT(t, "called from wrong_cache_refused+0x");
	KTEST_EXPECT_TRUE(t, check(a, 64));
	capture();
	kmem_cache_free(s1, a);
	kmem_cache_destroy(s1);
	kmem_cache_destroy(s2);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 0U);
}

/* A use-after-free write over a free pointer, in a cache without debugging. */
static void freepointer_smashed_non_debug(struct ktest *t)
{
	/* Its lost objects keep it alive: it is not destroyed. */
	struct kmem_cache *s = kmem_cache_create("test-fp", 64, 0, 0, NULL);
	u8 *a, *b, *live, *x, *y;

	KTEST_ASSERT_NOT_NULL(t, s);
	if (cache_is_debug(s))
		ktest_skip(t, "slub_debug= made every cache a debug cache");
	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	live = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, live);
	fill(live, 64);
	kmem_cache_free(s, b);
	kmem_cache_free(s, a);		/* a -> b */
	memset(a, 0x22, 64);		/* write after free, free pointer included */
	capture();
	x = kmem_cache_alloc(s, GFP_KERNEL);
	y = kmem_cache_alloc(s, GFP_KERNEL);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 1U);
	EXPECT_REPORT(t, "BUG test-fp (Not tainted): Freepointer corrupt\n");
	EXPECT_REPORT(t, "FIX test-fp: Free list cut at %p", a);
	KTEST_EXPECT_PTR_EQ(t, x, a);
	KTEST_ASSERT_NOT_NULL(t, y);
	KTEST_EXPECT_PTR_NE(t, y, a);
	KTEST_EXPECT_PTR_NE(t, y, live);
	KTEST_EXPECT_TRUE(t, check(live, 64));
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_free(s, x);
	kmem_cache_free(s, y);
	kmem_cache_free(s, live);
}

/* ---- debug caches ---------------------------------------------------------- */

static void debug_layout_poison_and_redzones(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("dbg-layout", 60, 0, FULL_DEBUG, NULL);
	u8 *p;

	KTEST_ASSERT_NOT_NULL(t, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	/* Allocated: poisoned contents (uninitialised use shows), active red zones. */
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0x6b, 59));
	KTEST_EXPECT_EQ(t, p[59], 0xa5);
	KTEST_EXPECT_NULL(t, memchr_inv(p - 8, 0xcc, 8));
	KTEST_EXPECT_NULL(t, memchr_inv(p + 60, 0xcc, 4));
	kmem_cache_free(s, p);
	/* Free: poisoned, inactive red zones. */
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0x6b, 59));
	KTEST_EXPECT_EQ(t, p[59], 0xa5);
	KTEST_EXPECT_NULL(t, memchr_inv(p - 8, 0xbb, 8));
	KTEST_EXPECT_NULL(t, memchr_inv(p + 60, 0xbb, 4));
	p = kmem_cache_zalloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0, 60));
	KTEST_EXPECT_NULL(t, memchr_inv(p + 60, 0xcc, 4));
	kmem_cache_free(s, p);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
}

static void overflow_by_one_caught_on_free(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("dbg-overflow", 60, 0, FULL_DEBUG, NULL);
	u8 *live, *p, *q;

	KTEST_ASSERT_NOT_NULL(t, s);
	live = kmem_cache_alloc(s, GFP_KERNEL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	fill(live, 60);
	memset(p, 0x11, 60);
	p[60] = 0x41;				/* one byte past the end */
	capture();
	kmem_cache_free(s, p);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 1U);
	/* Linux's layout, in order. */
	KTEST_EXPECT_NOT_NULL(t, strstr(report,
		"=============================================================================\n"
		"BUG dbg-overflow (Not tainted): Right Redzone overwritten\n"
		"-----------------------------------------------------------------------------\n\n"
		"INFO: "));
	EXPECT_REPORT(t, "INFO: %p-%p @offset=", p + 60, p + 60);
	EXPECT_REPORT(t, ". First byte 0x41 instead of 0xcc\n");
	EXPECT_REPORT(t, "INFO: Allocated in overflow_by_one_caught_on_free+0x");
	EXPECT_REPORT(t, "INFO: Slab ");
	EXPECT_REPORT(t, "INFO: Object %p @offset=", p);
	EXPECT_REPORT(t, "Redzone  %016lx: cc cc cc cc cc cc cc cc", (unsigned long)(p - 8));
	EXPECT_REPORT(t, "Object   %016lx: 11 11", (unsigned long)p);
	EXPECT_REPORT(t, "Redzone  %016lx: 41 cc cc cc", (unsigned long)(p + 60));
	EXPECT_REPORT(t, "Call Trace:");
	EXPECT_REPORT(t, "FIX dbg-overflow: Restoring Right Redzone %p-%p=0xcc\n", p + 60, p + 60);
	/* The cache goes on: the object was freed, the neighbour is intact. */
	q = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_PTR_EQ(t, q, p);
	KTEST_EXPECT_TRUE(t, check(live, 60));
	kmem_cache_free(s, q);
	kmem_cache_free(s, live);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
}

static void overflow_caught_by_validate(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("dbg-validate", 64, 0, FULL_DEBUG, NULL);
	u8 *p;

	KTEST_ASSERT_NOT_NULL(t, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	p[64] = 0x00;
	p[-3] = 0x00;				/* and an underflow */
	capture();
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 2);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 2U);
	EXPECT_REPORT(t, "BUG dbg-validate (Not tainted): Right Redzone overwritten\n");
	EXPECT_REPORT(t, "BUG dbg-validate (Not tainted): Left Redzone overwritten\n");
	EXPECT_REPORT(t, "First byte 0x0 instead of 0xcc\n");
	capture();				/* repaired: freeing it is quiet */
	kmem_cache_free(s, p);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 0U);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
}

static void write_after_free_caught(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("dbg-uaf", 60, 0, FULL_DEBUG, NULL);
	u8 *live, *p, *q;

	KTEST_ASSERT_NOT_NULL(t, s);
	live = kmem_cache_alloc(s, GFP_KERNEL);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	fill(live, 60);
	kmem_cache_free(s, p);
	p[10] = 0x00;				/* write after free: the validate walk sees it */
	capture();
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 1);
	uncapture();
	EXPECT_REPORT(t, "BUG dbg-uaf (Not tainted): Poison overwritten\n");
	EXPECT_REPORT(t, "INFO: %p-%p @offset=", p + 10, p + 10);
	EXPECT_REPORT(t, ". First byte 0x0 instead of 0x6b\n");
	EXPECT_REPORT(t, "INFO: Freed in write_after_free_caught+0x");
	EXPECT_REPORT(t, "FIX dbg-uaf: Restoring Poison %p-%p=0x6b\n", p + 10, p + 10);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);

	p[20] = 0x99;				/* again: the next allocation of it sees it */
	p[21] = 0x99;
	capture();
	q = kmem_cache_alloc(s, GFP_KERNEL);
	uncapture();
	KTEST_EXPECT_PTR_EQ(t, q, p);
	KTEST_EXPECT_EQ(t, nr_bugs(), 1U);
	EXPECT_REPORT(t, "BUG dbg-uaf (Not tainted): Poison overwritten\n");
	EXPECT_REPORT(t, "INFO: %p-%p @offset=", p + 20, p + 21);
	KTEST_EXPECT_TRUE(t, check(live, 60));
	kmem_cache_free(s, q);
	kmem_cache_free(s, live);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
}

static void double_free_in_debug_cache(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("dbg-dfree", 100, 0, FULL_DEBUG, NULL);
	u8 *p, *x, *y;

	KTEST_ASSERT_NOT_NULL(t, s);
	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	kmem_cache_free(s, p);
	capture();
	kmem_cache_free(s, p);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 1U);
	EXPECT_REPORT(t, "BUG dbg-dfree (Not tainted): Object already free\n");
	EXPECT_REPORT(t, "INFO: Freed again by double_free_in_debug_cache+0x");
	EXPECT_REPORT(t, "INFO: Allocated in double_free_in_debug_cache+0x");
	EXPECT_REPORT(t, "INFO: Freed in double_free_in_debug_cache+0x");
	EXPECT_REPORT(t, "FIX dbg-dfree: Object at %p not freed\n", p);
	x = kmem_cache_alloc(s, GFP_KERNEL);
	y = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_EXPECT_PTR_NE(t, x, y);
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_free(s, x);
	kmem_cache_free(s, y);
	kmem_cache_destroy(s);
}

/* Red zones without poison keep the free pointer inside the object. */
static void freepointer_smashed_debug_recovered(struct ktest *t)
{
	struct kmem_cache *s = create_exact(t, "dbg-fp", 64, SLAB_RED_ZONE | SLAB_CONSISTENCY_CHECKS);
	struct slabinfo info;
	static u8 *objs[128];
	u8 *a, *b, *live;
	unsigned int n, bad = 0;

	a = kmem_cache_alloc(s, GFP_KERNEL);
	b = kmem_cache_alloc(s, GFP_KERNEL);
	live = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, live);
	fill(live, 64);
	kmem_cache_free(s, a);
	memset(a, 0x11, 64);			/* write after free over the free pointer */
	capture();
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 1);
	uncapture();
	EXPECT_REPORT(t, "BUG dbg-fp (Not tainted): Freechain corrupt\n");
	EXPECT_REPORT(t, "FIX dbg-fp: Isolate corrupted freechain\n");
	EXPECT_REPORT(t, "free objects behind the cut relinked\n");
	/* Every free object is still there: the whole slab can be allocated. */
	kmem_cache_get_info(s, &info);
	KTEST_EXPECT_EQ(t, info.active_objs, 2UL);
	n = min(info.objects_per_slab - 2, (unsigned int)ARRAY_SIZE(objs));
	for (unsigned int i = 0; i < n; i++) {
		objs[i] = kmem_cache_alloc(s, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
		fill(objs[i], 64);
	}
	kmem_cache_get_info(s, &info);
	KTEST_EXPECT_EQ(t, info.num_slabs, 1UL);
	for (unsigned int i = 0; i < n; i++)
		bad += !check(objs[i], 64);
	KTEST_EXPECT_EQ(t, bad, 0U);
	KTEST_EXPECT_TRUE(t, check(live, 64));
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(s, objs[i]);
	kmem_cache_free(s, b);
	kmem_cache_free(s, live);
	kmem_cache_destroy(s);
}

static void padding_overwrite_caught(struct ktest *t)
{
	/* 40 bytes, cache-line aligned: 40 object + 8 free pointer + 16 padding. */
	struct kmem_cache *s = create_exact(t, "dbg-pad", 40, SLAB_POISON | SLAB_HWCACHE_ALIGN);
	u8 *p;

	p = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	p[50] = 0x33;
	capture();
	kmem_cache_free(s, p);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 1U);
	EXPECT_REPORT(t, "BUG dbg-pad (Not tainted): Object padding overwritten\n");
	EXPECT_REPORT(t, ". First byte 0x33 instead of 0x5a\n");
	EXPECT_REPORT(t, "Padding  %016lx: 5a 5a 33 5a", (unsigned long)(p + 48));
	KTEST_EXPECT_EQ(t, kmem_cache_validate(s), 0);
	kmem_cache_destroy(s);
}

static void trace_prints_each_operation(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("dbg-trace", 32, 0, SLAB_TRACE, NULL);
	void *p;

	KTEST_ASSERT_NOT_NULL(t, s);
	capture();
	p = kmem_cache_alloc(s, GFP_KERNEL);
	kmem_cache_free(s, p);
	uncapture();
	EXPECT_REPORT(t, "TRACE dbg-trace alloc %p inuse=1 ", p);
	EXPECT_REPORT(t, "TRACE dbg-trace free %p inuse=1 ", p);
	kmem_cache_destroy(s);
}

static void kmalloc_redzone_past_request(struct ktest *t)
{
	struct slabinfo info;
	u8 *p;

	kmem_cache_get_info(kmalloc_slab(60, GFP_KERNEL), &info);
	if (!(info.flags & SLAB_RED_ZONE))
		ktest_skip(t, "needs slub_debug=Z for kmalloc-64");
	p = kmalloc(60, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	p[60] = 0x41;				/* inside the 64-byte object, past the request */
	capture();
	kfree(p);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 1U);
	EXPECT_REPORT(t, "BUG kmalloc-64 (Not tainted): kmalloc Redzone overwritten\n");
	p = kmalloc(60, GFP_KERNEL);		/* after ksize() all 64 bytes are the caller's */
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, ksize(p), (size_t)64);
	memset(p, 0x42, 64);
	capture();
	kfree(p);
	uncapture();
	KTEST_EXPECT_EQ(t, nr_bugs(), 0U);
}

static void slab_debug_option_parsing(struct ktest *t)
{
	const slab_flags_t fz = SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE;
	struct kmem_cache *s;
	struct slabinfo info;
	char saved[256];

	strscpy(saved, slab_debug_string(), sizeof(saved));
	KTEST_EXPECT_EQ(t, slab_debug_parse("FZ,dbg-parse-a,dbg-parse-b*;P"), 0);
	KTEST_EXPECT_EQ(t, kmem_cache_flags("dbg-parse-a", 0), fz);
	KTEST_EXPECT_EQ(t, kmem_cache_flags("dbg-parse-bee", 0), fz);
	KTEST_EXPECT_EQ(t, kmem_cache_flags("dbg-parse-ab", 0), SLAB_POISON);
	KTEST_EXPECT_EQ(t, kmem_cache_flags("kmalloc-64", SLAB_KMALLOC), SLAB_KMALLOC | SLAB_POISON);
	KTEST_EXPECT_EQ(t, slab_debug_parse(""), 0);
	KTEST_EXPECT_EQ(t, kmem_cache_flags("anything", 0), FULL_DEBUG);
	KTEST_EXPECT_EQ(t, slab_debug_parse("-"), 0);
	KTEST_EXPECT_EQ(t, kmem_cache_flags("anything", 0), 0U);
	KTEST_EXPECT_EQ(t, slab_debug_parse(",dbg-parse-a"), 0);
	KTEST_EXPECT_EQ(t, kmem_cache_flags("dbg-parse-a", 0), FULL_DEBUG);
	KTEST_EXPECT_EQ(t, kmem_cache_flags("dbg-parse-c", 0), 0U);
	capture();
	KTEST_EXPECT_EQ(t, slab_debug_parse("FX"), 0);
	uncapture();
	EXPECT_REPORT(t, "slab_debug option 'X' unknown. skipped\n");
	KTEST_EXPECT_EQ(t, kmem_cache_flags("anything", 0), SLAB_CONSISTENCY_CHECKS);
	/* A cache created now gets the options. */
	KTEST_EXPECT_EQ(t, slab_debug_parse("ZU,dbg-parse-cache"), 0);
	s = kmem_cache_create("dbg-parse-cache", 24, 0, 0, NULL);
	KTEST_EXPECT_EQ(t, slab_debug_parse(saved), 0);
	KTEST_EXPECT_STREQ(t, slab_debug_string(), saved);
	KTEST_ASSERT_NOT_NULL(t, s);
	kmem_cache_get_info(s, &info);
	KTEST_EXPECT_EQ(t, info.flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE | SLAB_STORE_USER);
	kmem_cache_free(s, kmem_cache_alloc(s, GFP_KERNEL));
	kmem_cache_destroy(s);
}

static void suite_exit(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, kmem_cache_validate_all(), 0);
}

static const struct ktest_case slab_debug_cases[] = {
	KTEST_CASE(invalid_free_inside_object),
	KTEST_CASE(invalid_free_not_slab),
	KTEST_CASE(double_free_refused),
	KTEST_CASE(wrong_cache_refused),
	KTEST_CASE(freepointer_smashed_non_debug),
	KTEST_CASE(debug_layout_poison_and_redzones),
	KTEST_CASE(overflow_by_one_caught_on_free),
	KTEST_CASE(overflow_caught_by_validate),
	KTEST_CASE(write_after_free_caught),
	KTEST_CASE(double_free_in_debug_cache),
	KTEST_CASE(freepointer_smashed_debug_recovered),
	KTEST_CASE(padding_overwrite_caught),
	KTEST_CASE(trace_prints_each_operation),
	KTEST_CASE(kmalloc_redzone_past_request),
	KTEST_CASE(slab_debug_option_parsing),
};
KTEST_SUITE_FULL(slab_debug, slab_debug_cases, NULL, suite_exit);
