// SPDX-License-Identifier: MIT
/*
 * Suite "kfence": sampled guarded allocations (mm/kfence.c). Each case
 * runs with every slab allocation sampled (kfence_set_sample(0, 1); the
 * boot settings come back afterwards). Objects come from the pool with the
 * right size, alignment, constructor and zeroing; out-of-bounds accesses
 * on either side and a use after free fault and are reported with the
 * object, its cache and the allocating (and freeing) stack, then go on;
 * changed canary bytes are reported at free, a double free as an invalid
 * free. After every bad case exactly one report was printed, slab objects
 * allocated before it still hold their patterns, every cache validates and
 * the pool still serves allocations. A full pool falls back to the slab
 * silently; with sampling off nothing comes from the pool.
 *
 * The helpers here must not start with kmalloc/kfree/kfence_ and the like:
 * reports skip frames with those names (the allocator's own).
 */
#include <arch/irqflags.h>
#include <kernel/delay.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/kfence.h>
#include <mm/slab.h>

#define NR_BYSTANDERS 8

static char report[16384];
static struct printk_capture cap;
static char want[160];
static unsigned long saved_interval, saved_every;

/* Expect the capture to hold the text printf-formatted from @fmt. */
#define EXPECT_REPORT(t, fmt, ...)						\
	do {									\
		snprintf(want, sizeof(want), fmt, ##__VA_ARGS__);		\
		if (!strstr(report, want))					\
			ktest_printf(t, "missing from the report: \"%s\"", want);\
		KTEST_EXPECT_NOT_NULL(t, strstr(report, want));			\
	} while (0)

static void capture(void)
{
	report[0] = '\0';
	printk_capture_start(&cap, report, sizeof(report));
}

static void uncapture(void)
{
	printk_capture_stop(&cap);
}

static unsigned int nr_reports(void)
{
	unsigned int n = 0;

	for (const char *p = strstr(report, "BUG: KFENCE: "); p; p = strstr(p + 1, "BUG: KFENCE: "))
		n++;
	return n;
}

static unsigned long nr_bugs(void)
{
	struct kfence_stats st;

	kfence_get_stats(&st);
	return st.bugs;
}

static bool placed_right(const void *p)
{
	return ((unsigned long)p & (PAGE_SIZE - 1)) != 0;
}

/*
 * A pool object of @size bytes (from @s, or kmalloc if NULL) placed at the
 * right or the left end of its page: objects alternate, but other tasks
 * allocate too, so try a few.
 */
static void *get_placed(struct kmem_cache *s, size_t size, bool right)
{
	void *tried[8], *found = NULL;
	unsigned int n = 0;

	while (!found && n < ARRAY_SIZE(tried)) {
		void *p = s ? kmem_cache_alloc(s, GFP_KERNEL) : kmalloc(size, GFP_KERNEL);

		if (p && is_kfence_address(p) && placed_right(p) == right)
			found = p;
		else
			tried[n++] = p;
	}
	while (n--) {
		if (s)
			kmem_cache_free(s, tried[n]);
		else
			kfree(tried[n]);
	}
	return found;
}

static u8 pat(const void *obj, size_t i)
{
	return (u8)(((unsigned long)obj >> 4) + i * 13);
}

/* Slab objects that a bad case must leave alone (allocated with sampling off). */
struct bystanders {
	u8 *p[NR_BYSTANDERS];
	size_t size[NR_BYSTANDERS];
};

static void bystanders_get(struct ktest *t, struct bystanders *b)
{
	kfence_set_sample(0, 0);
	for (unsigned int i = 0; i < NR_BYSTANDERS; i++) {
		b->size[i] = 16UL << (i % 6);
		b->p[i] = kmalloc(b->size[i], GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, b->p[i]);
		KTEST_EXPECT_FALSE(t, is_kfence_address(b->p[i]));
		for (size_t j = 0; j < b->size[i]; j++)
			b->p[i][j] = pat(b->p[i], j);
	}
	kfence_set_sample(0, 1);
}

/* After a bad case: bystanders intact, caches consistent, the pool still works. */
static void after_bad_case(struct ktest *t, struct bystanders *b, unsigned long bugs_before)
{
	void *p;

	KTEST_EXPECT_EQ(t, nr_reports(), 1U);
	KTEST_EXPECT_EQ(t, nr_bugs(), bugs_before + 1);
	for (unsigned int i = 0; i < NR_BYSTANDERS; i++) {
		bool intact = true;

		for (size_t j = 0; j < b->size[i]; j++)
			intact &= b->p[i][j] == pat(b->p[i], j);
		KTEST_EXPECT_TRUE(t, intact);
		kfree(b->p[i]);
	}
	KTEST_EXPECT_EQ(t, kmem_cache_validate_all(), 0);
	p = kmalloc(24, GFP_KERNEL);
	KTEST_EXPECT_TRUE(t, is_kfence_address(p));
	memset(p, 0x11, 24);
	kfree(p);
	KTEST_EXPECT_EQ(t, nr_bugs(), bugs_before + 1);
}

/* ---- allocation ------------------------------------------------------------------ */

static void object_from_pool(struct ktest *t)
{
	struct kfence_stats before, after;
	u8 *p;

	kfence_get_stats(&before);
	p = kmalloc(32, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_TRUE(t, is_kfence_address(p));
	KTEST_EXPECT_EQ(t, ksize(p), 32UL);
	memset(p, 0x77, 32);
	kfree(p);
	KTEST_EXPECT_EQ(t, kfence_ksize(p), 0UL);	/* freed */
	kfence_get_stats(&after);
	KTEST_EXPECT_GE(t, after.allocs, before.allocs + 1);
	KTEST_EXPECT_GE(t, after.frees, before.frees + 1);
	KTEST_EXPECT_EQ(t, after.bugs, before.bugs);
}

static void placement_and_alignment(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("kfence-align", 100, 128, 0, NULL);
	u8 *left = get_placed(NULL, 40, false), *right = get_placed(NULL, 40, true);
	u8 *a;

	KTEST_ASSERT_NOT_NULL(t, left);
	KTEST_ASSERT_NOT_NULL(t, right);
	/* kmalloc-64 objects are 64-byte aligned; at the right end as far right as that allows. */
	KTEST_EXPECT_EQ(t, (unsigned long)left & (PAGE_SIZE - 1), 0UL);
	KTEST_EXPECT_EQ(t, (unsigned long)right & 63, 0UL);
	KTEST_EXPECT_EQ(t, PAGE_SIZE - ((unsigned long)right & (PAGE_SIZE - 1)), 64UL);
	KTEST_EXPECT_EQ(t, ksize(right), 40UL);
	kfree(left);
	kfree(right);
	KTEST_ASSERT_NOT_NULL(t, s);
	a = get_placed(s, 0, true);
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_EXPECT_EQ(t, (unsigned long)a & 127, 0UL);
	KTEST_EXPECT_EQ(t, PAGE_SIZE - ((unsigned long)a & (PAGE_SIZE - 1)), 128UL);
	kmem_cache_free(s, a);
	kmem_cache_destroy(s);
}

static void ctor_fill(void *obj)
{
	memset(obj, 0x5c, 72);
}

static void ctor_and_gfp_zero(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("kfence-ctor", 72, 0, 0, ctor_fill);
	u8 *a, *z;
	bool all = true;

	KTEST_ASSERT_NOT_NULL(t, s);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_EXPECT_TRUE(t, is_kfence_address(a));
	for (int i = 0; i < 72; i++)
		all &= a[i] == 0x5c;
	KTEST_EXPECT_TRUE(t, all);
	kmem_cache_free(s, a);
	kmem_cache_destroy(s);

	/* The pool page is full of canary bytes before: zeroing must happen. */
	z = kzalloc(300, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, z);
	KTEST_EXPECT_TRUE(t, is_kfence_address(z));
	all = true;
	for (int i = 0; i < 300; i++)
		all &= z[i] == 0;
	KTEST_EXPECT_TRUE(t, all);
	kfree(z);
}

static void ksize_and_krealloc(struct ktest *t)
{
	unsigned long bugs = nr_bugs();
	u8 *p = kmalloc(50, GFP_KERNEL), *q;

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_TRUE(t, is_kfence_address(p));
	KTEST_EXPECT_EQ(t, ksize(p), 50UL);
	for (int i = 0; i < 50; i++)
		p[i] = (u8)i;
	q = krealloc(p, 30, GFP_KERNEL);	/* fits: stays */
	KTEST_EXPECT_PTR_EQ(t, q, p);
	q = krealloc(p, 500, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_PTR_NE(t, q, p);
	for (int i = 0; i < 50; i++)
		KTEST_EXPECT_EQ(t, q[i], (u8)i);
	KTEST_EXPECT_EQ(t, kfence_ksize(p), 0UL);	/* the old one was freed */
	kfree_sensitive(q);
	KTEST_EXPECT_EQ(t, nr_bugs(), bugs);
}

static void sampling_every_nth(struct ktest *t)
{
	void *p[16];
	unsigned int from_pool = 0;
	unsigned long flags;

	kfence_set_sample(0, 4);
	local_irq_save(flags);		/* nobody else allocates in between */
	for (int i = 0; i < 16; i++)
		p[i] = kmalloc(64, GFP_ATOMIC);
	local_irq_restore(flags);
	for (int i = 0; i < 16; i++) {
		KTEST_EXPECT_NOT_NULL(t, p[i]);
		if (is_kfence_address(p[i])) {
			from_pool++;
			KTEST_EXPECT_EQ(t, i % 4, 3);	/* the 4th, 8th, ... */
		}
		kfree(p[i]);
	}
	KTEST_EXPECT_EQ(t, from_pool, 4U);
}

static void sampling_off_uses_slab(struct ktest *t)
{
	struct kfence_stats before, after;
	void *p[64];

	kfence_get_stats(&before);
	kfence_set_sample(0, 0);
	for (int i = 0; i < 64; i++) {
		p[i] = kmalloc(8 + i * 40, GFP_KERNEL);
		KTEST_EXPECT_NOT_NULL(t, p[i]);
		KTEST_EXPECT_FALSE(t, is_kfence_address(p[i]));
	}
	for (int i = 0; i < 64; i++)
		kfree(p[i]);
	kfence_get_stats(&after);
	KTEST_EXPECT_EQ(t, after.allocs, before.allocs);
	KTEST_EXPECT_FALSE(t, READ_ONCE(kfence_allocation_armed));
}

static void sampling_by_time(struct ktest *t)
{
	void *p, *q;
	int tries = 0;

	kfence_set_sample(20, 0);	/* armed now: the next allocation is sampled */
	p = kmalloc(48, GFP_KERNEL);
	q = kmalloc(48, GFP_KERNEL);	/* the gate closed again */
	KTEST_EXPECT_TRUE(t, is_kfence_address(p));
	KTEST_EXPECT_FALSE(t, is_kfence_address(q));
	kfree(p);
	kfree(q);
	/* The timer opens the gate again (someone else may take that sample). */
	do {
		msleep(10);
		p = kmalloc(48, GFP_KERNEL);
		q = p;
		kfree(p);
	} while (!is_kfence_address(q) && ++tries < 100);
	KTEST_EXPECT_TRUE(t, is_kfence_address(q));
}

static void pool_exhaustion_falls_back(struct ktest *t)
{
	static void *p[KFENCE_NUM_OBJECTS + 40];
	struct kfence_stats before, after;
	unsigned int pooled = 0;

	kfence_get_stats(&before);
	capture();
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++) {
		p[i] = kmalloc(16, GFP_KERNEL);
		KTEST_EXPECT_NOT_NULL(t, p[i]);
		pooled += is_kfence_address(p[i]);
	}
	uncapture();
	kfence_get_stats(&after);
	KTEST_EXPECT_LE(t, pooled, (unsigned int)KFENCE_NUM_OBJECTS);
	KTEST_EXPECT_GE(t, pooled, (unsigned int)KFENCE_NUM_OBJECTS - before.allocated - 8);
	KTEST_EXPECT_GT(t, after.skipped_capacity, before.skipped_capacity);
	KTEST_EXPECT_EQ(t, strlen(report), 0UL);	/* silently */
	for (unsigned int i = 0; i < ARRAY_SIZE(p); i++)
		kfree(p[i]);
	p[0] = kmalloc(16, GFP_KERNEL);
	KTEST_EXPECT_TRUE(t, is_kfence_address(p[0]));
	kfree(p[0]);
	KTEST_EXPECT_EQ(t, nr_bugs(), before.bugs);
}

/* ---- bad accesses ------------------------------------------------------------------ */

static void oob_right_read(struct ktest *t)
{
	unsigned long bugs = nr_bugs();
	struct bystanders b;
	u8 *p;

	bystanders_get(t, &b);
	p = get_placed(NULL, 64, true);
	KTEST_ASSERT_NOT_NULL(t, p);
	capture();
	(void)READ_ONCE(p[64]);		/* the first byte of the guard page */
	uncapture();
	EXPECT_REPORT(t, "BUG: KFENCE: out-of-bounds read in oob_right_read+0x");
	EXPECT_REPORT(t, "Out-of-bounds read at 0x%lx (64B right of kfence-#", (unsigned long)p + 64);
	EXPECT_REPORT(t, ": 0x%lx-0x%lx, size=64, cache=kmalloc-64\n", (unsigned long)p,
		      (unsigned long)p + 63);
	EXPECT_REPORT(t, "allocated by task ");
	EXPECT_REPORT(t, "\n get_placed+0x");		/* the allocation stack... */
	EXPECT_REPORT(t, "\n oob_right_read+0x");	/* ...and the access */
	KTEST_EXPECT_NULL(t, strstr(report, "freed by task"));
	kfree(p);
	after_bad_case(t, &b, bugs);
}

static void oob_left_write(struct ktest *t)
{
	unsigned long bugs = nr_bugs();
	struct bystanders b;
	u8 *p;

	bystanders_get(t, &b);
	p = get_placed(NULL, 128, false);
	KTEST_ASSERT_NOT_NULL(t, p);
	capture();
	WRITE_ONCE(p[-1], 0x42);
	uncapture();
	EXPECT_REPORT(t, "BUG: KFENCE: out-of-bounds write in oob_left_write+0x");
	EXPECT_REPORT(t, "Out-of-bounds write at 0x%lx (1B left of kfence-#", (unsigned long)p - 1);
	EXPECT_REPORT(t, ": 0x%lx-0x%lx, size=128, cache=kmalloc-128\n", (unsigned long)p,
		      (unsigned long)p + 127);
	EXPECT_REPORT(t, "allocated by task ");
	kfree(p);
	after_bad_case(t, &b, bugs);
}

static void use_after_free_read(struct ktest *t)
{
	unsigned long bugs = nr_bugs();
	struct bystanders b;
	const char *freed;
	u8 *p;

	bystanders_get(t, &b);
	p = kmalloc(32, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, is_kfence_address(p));
	kfree(p);
	capture();
	(void)READ_ONCE(p[0]);
	uncapture();
	EXPECT_REPORT(t, "BUG: KFENCE: use-after-free read in use_after_free_read+0x");
	EXPECT_REPORT(t, "Use-after-free read at 0x%lx (in kfence-#", (unsigned long)p);
	EXPECT_REPORT(t, ": 0x%lx-0x%lx, size=32, cache=kmalloc-32\n", (unsigned long)p,
		      (unsigned long)p + 31);
	EXPECT_REPORT(t, "allocated by task ");
	freed = strstr(report, "freed by task ");
	KTEST_EXPECT_NOT_NULL(t, freed);
	if (freed)	/* the free stack names this function too */
		KTEST_EXPECT_NOT_NULL(t, strstr(freed, "\n use_after_free_read+0x"));
	after_bad_case(t, &b, bugs);
}

static void canary_corruption_at_free(struct ktest *t)
{
	unsigned long bugs = nr_bugs();
	struct bystanders b;
	u8 *p;

	bystanders_get(t, &b);
	p = get_placed(NULL, 40, false);	/* the canary runs from p + 40 to the page end */
	KTEST_ASSERT_NOT_NULL(t, p);
	p[40] = 0xac;				/* inside the page: no fault */
	capture();
	kfree(p);
	uncapture();
	EXPECT_REPORT(t, "BUG: KFENCE: memory corruption in canary_corruption_at_free+0x");
	EXPECT_REPORT(t, "Corrupted memory at 0x%lx [ 0xac . . .", (unsigned long)p + 40);
	EXPECT_REPORT(t, ": 0x%lx-0x%lx, size=40, cache=kmalloc-64\n", (unsigned long)p,
		      (unsigned long)p + 39);
	EXPECT_REPORT(t, "freed by task ");
	KTEST_EXPECT_EQ(t, kfence_ksize(p), 0UL);	/* freed all the same */
	after_bad_case(t, &b, bugs);
}

static void double_free_is_invalid_free(struct ktest *t)
{
	unsigned long bugs = nr_bugs();
	struct bystanders b;
	u8 *p;

	bystanders_get(t, &b);
	p = kmalloc(32, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, is_kfence_address(p));
	kfree(p);
	capture();
	kfree(p);
	uncapture();
	EXPECT_REPORT(t, "BUG: KFENCE: invalid free in double_free_is_invalid_free+0x");
	EXPECT_REPORT(t, "Invalid free of 0x%lx (in kfence-#", (unsigned long)p);
	EXPECT_REPORT(t, "freed by task ");
	after_bad_case(t, &b, bugs);
}

static void free_inside_object_is_invalid_free(struct ktest *t)
{
	unsigned long bugs = nr_bugs();
	struct bystanders b;
	u8 *p;

	bystanders_get(t, &b);
	p = kmalloc(64, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, is_kfence_address(p));
	capture();
	kfree(p + 8);
	uncapture();
	EXPECT_REPORT(t, "BUG: KFENCE: invalid free in free_inside_object_is_invalid_free+0x");
	EXPECT_REPORT(t, "Invalid free of 0x%lx (in kfence-#", (unsigned long)p + 8);
	KTEST_EXPECT_EQ(t, kfence_ksize(p), 64UL);	/* still live */
	kfree(p);
	after_bad_case(t, &b, bugs);
}

/* ---- bookkeeping --------------------------------------------------------------------- */

static void destroyed_cache_leaves_zombie(struct ktest *t)
{
	struct kmem_cache *s = kmem_cache_create("kfence-zombie", 40, 0, 0, NULL);
	struct kfence_stats before, after;
	void *a;

	KTEST_ASSERT_NOT_NULL(t, s);
	kfence_get_stats(&before);
	a = kmem_cache_alloc(s, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, is_kfence_address(a));
	capture();
	kmem_cache_destroy(s);		/* the slab has no objects: the cache goes */
	uncapture();
	EXPECT_REPORT(t, "of cache kfence-zombie still allocated when the cache is destroyed");
	kfence_get_stats(&after);
	KTEST_EXPECT_EQ(t, after.zombies, before.zombies + 1);
	kfree(a);			/* KFENCE still frees it */
	KTEST_EXPECT_EQ(t, kfence_ksize(a), 0UL);
	KTEST_EXPECT_EQ(t, nr_bugs(), before.bugs);
}

static void stats_report(struct ktest *t)
{
	void *p = kmalloc(16, GFP_KERNEL);

	capture();
	kfence_show_stats();
	uncapture();
	EXPECT_REPORT(t, "enabled: 1\n");
	EXPECT_REPORT(t, "currently allocated: ");
	EXPECT_REPORT(t, "total allocations: ");
	EXPECT_REPORT(t, "total frees: ");
	EXPECT_REPORT(t, "zombie allocations: ");
	EXPECT_REPORT(t, "total bugs: %lu\n", nr_bugs());
	kfree(p);
	kfence_set_sample(0, 0);
	capture();
	kfence_show_stats();
	uncapture();
	EXPECT_REPORT(t, "enabled: 0\n");
}

static int kfence_suite_init(struct ktest *t)
{
	kfence_get_sample(&saved_interval, &saved_every);
	return kfence_set_sample(0, 1);
}

static void kfence_suite_exit(struct ktest *t)
{
	kfence_set_sample(saved_interval, saved_every);
}

static const struct ktest_case kfence_cases[] = {
	KTEST_CASE(object_from_pool),
	KTEST_CASE(placement_and_alignment),
	KTEST_CASE(ctor_and_gfp_zero),
	KTEST_CASE(ksize_and_krealloc),
	KTEST_CASE(sampling_every_nth),
	KTEST_CASE(sampling_off_uses_slab),
	KTEST_CASE(sampling_by_time),
	KTEST_CASE(pool_exhaustion_falls_back),
	KTEST_CASE(oob_right_read),
	KTEST_CASE(oob_left_write),
	KTEST_CASE(use_after_free_read),
	KTEST_CASE(canary_corruption_at_free),
	KTEST_CASE(double_free_is_invalid_free),
	KTEST_CASE(free_inside_object_is_invalid_free),
	KTEST_CASE(destroyed_cache_leaves_zombie),
	KTEST_CASE(stats_report),
};
KTEST_SUITE_FULL(kfence, kfence_cases, kfence_suite_init, kfence_suite_exit);
