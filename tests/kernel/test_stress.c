// SPDX-License-Identifier: MIT
/*
 * ktest suite "stress": a randomized mix of every allocator API (pages of
 * every order and zone, kmalloc of every class including DMA, a kmem_cache
 * with a ctor, krealloc, vmalloc/vzalloc/vmap, kvmalloc) from two kernel
 * threads and, with GFP_ATOMIC, from hardirq, softirq and tasklet context,
 * holding up to a quarter of RAM. Every object is filled with a pattern
 * derived from its address and verified before it is freed (and across
 * krealloc). At the end everything is freed, caches are shrunk and lazily
 * freed vmap areas purged, and free pages, slab objects and vmalloc space
 * must be exactly what they were. Run three times: no injection, then 1 %
 * and 10 % of failslab / fail_page_alloc failures (every gfp, every order).
 * Each run prints
 *   stress: ops=<n> allocs=<n> frees=<n> injected_failures=<n> leaks=0 corruptions=0
 * The default run is bounded by an operation count (about a second of
 * TCG time per run); stress.seconds=<n> on the command line runs each
 * pass for n seconds instead.
 * Each context owns its own object table, so no table needs a lock.
 */
#define pr_fmt(fmt) "stress: " fmt

#include <arch/irqflags.h>
#include <arch/mmu.h>
#include <kernel/cmdline.h>
#include <kernel/completion.h>
#include <kernel/delay.h>
#include <kernel/errno.h>
#include <kernel/fault_inject.h>
#include <kernel/jiffies.h>
#include <kernel/kthread.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <mm/gfp.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "../../mm/slab_priv.h"	/* slab_caches */
#include "ctx_run.h"

#define STRESS_SLOTS		96
#define STRESS_THREAD_OPS	1200	/* per kernel thread, default run */
#define STRESS_ATOMIC_BATCH	12	/* ops per interrupt-context call */
#define STRESS_NOWARN		__GFP_NOWARN
#define STRESS_CTOR_BYTE	0x3c
#define STRESS_CTOR_SIZE	72

enum stress_kind { SK_PAGE, SK_KMALLOC, SK_CACHE, SK_VMALLOC, SK_VMAP, SK_KVMALLOC, SK_NR };

struct stress_obj {
	void *ptr;			/* NULL: free slot */
	struct page *page;		/* SK_PAGE */
	struct page **pages;		/* SK_VMAP */
	size_t size;
	u8 kind, order;
};

struct stress_ctx {
	struct stress_obj objs[STRESS_SLOTS];
	u64 rnd;
	bool atomic;			/* GFP_ATOMIC, no vmalloc */
	size_t held, limit;
	unsigned long ops, allocs, frees, fails, corruptions;
	unsigned long end;		/* jiffies deadline, 0: ops bound */
	unsigned long max_ops;
	struct completion done;
};

static struct kmem_cache *stress_cache;
static struct stress_ctx stress_ctxs[5];	/* 2 threads, hardirq, softirq, tasklet */

static u64 stress_rnd(struct stress_ctx *c)
{
	c->rnd ^= c->rnd << 13;
	c->rnd ^= c->rnd >> 7;
	c->rnd ^= c->rnd << 17;
	return c->rnd;
}

static inline u64 pat_word(unsigned long addr)
{
	return (addr * 0x9e3779b97f4a7c15ULL) ^ 0x5a17e55a5a17e55aULL;
}

/* Fill @n bytes at @p with the pattern of address @base (word aligned). */
static void pat_fill(void *p, size_t n, unsigned long base)
{
	u64 *w = p;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8)
		*w++ = pat_word(base + i);
	if (i < n) {
		u64 v = pat_word(base + i);

		memcpy(w, &v, n - i);
	}
}

/* Return: true if @n bytes at @p hold the pattern of address @base. */
static bool pat_check(const void *p, size_t n, unsigned long base)
{
	const u64 *w = p;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8)
		if (*w++ != pat_word(base + i))
			return false;
	if (i < n) {
		u64 v = pat_word(base + i);

		return !memcmp(w, &v, n - i);
	}
	return true;
}

static void stress_ctor(void *obj)
{
	memset(obj, STRESS_CTOR_BYTE, STRESS_CTOR_SIZE);
}

static gfp_t stress_gfp(struct stress_ctx *c, u64 r)
{
	static const gfp_t zones[] = { 0, GFP_DMA, GFP_DMA32, 0 };
	gfp_t gfp = c->atomic ? GFP_ATOMIC : GFP_KERNEL;

	return gfp | zones[r % 4] | STRESS_NOWARN;
}

/* Small sizes mostly, every kmalloc class and a few large ones. */
static size_t stress_size(struct stress_ctx *c, size_t max)
{
	u64 r = stress_rnd(c);
	size_t size = 1 + (r >> 8) % (1UL << (3 + r % 12));

	return size > max ? max : size;
}

static void *stress_alloc_vmap(struct stress_ctx *c, struct stress_obj *o)
{
	unsigned int n = 1 + stress_rnd(c) % 4, i;
	void *p = NULL;

	o->pages = kmalloc(n * sizeof(*o->pages), GFP_KERNEL | STRESS_NOWARN);
	if (!o->pages)
		return NULL;
	for (i = 0; i < n; i++) {
		o->pages[i] = alloc_pages(stress_gfp(c, stress_rnd(c)), 0);
		if (!o->pages[i])
			break;
	}
	if (i == n)
		p = vmap(o->pages, n, VM_MAP, PAGE_KERNEL);
	if (!p) {
		while (i--)
			__free_pages(o->pages[i], 0);
		kfree(o->pages);
		o->pages = NULL;
	}
	o->size = n * PAGE_SIZE;
	return p;
}

/* Allocate one object of kind @o->kind into @o. Return: it, or NULL. */
static void *stress_alloc_one(struct stress_ctx *c, struct stress_obj *o)
{
	u64 r = stress_rnd(c);
	size_t room = c->limit - c->held;

	switch (o->kind) {
	case SK_PAGE:
		o->order = r % NR_PAGE_ORDERS;
		while (o->order && (PAGE_SIZE << o->order) > room / 4)
			o->order--;
		o->size = PAGE_SIZE << o->order;
		o->page = alloc_pages(stress_gfp(c, r >> 8), o->order);
		return o->page ? page_address(o->page) : NULL;
	case SK_KMALLOC:
		o->size = stress_size(c, 3 * KMALLOC_MAX_CACHE_SIZE);
		return kmalloc(o->size, stress_gfp(c, r >> 8) & ~GFP_DMA32);
	case SK_CACHE:
		o->size = STRESS_CTOR_SIZE;
		return kmem_cache_alloc(stress_cache, stress_gfp(c, 0));
	case SK_VMALLOC:
		o->size = stress_size(c, 64 * 1024);
		return (r & 256) ? vzalloc(o->size) : vmalloc(o->size);
	case SK_VMAP:
		return stress_alloc_vmap(c, o);
	default:
		o->size = stress_size(c, 64 * 1024);
		return kvmalloc(o->size, GFP_KERNEL | STRESS_NOWARN);
	}
}

/* Checks the first contents an allocation must have. */
static bool stress_fresh_ok(struct stress_obj *o, u64 r)
{
	const u8 *b = o->ptr;

	if (o->kind == SK_CACHE) {
		for (size_t i = 0; i < STRESS_CTOR_SIZE; i++)
			if (b[i] != STRESS_CTOR_BYTE)
				return false;
	}
	(void)r;
	return true;
}

static void stress_alloc(struct stress_ctx *c, struct stress_obj *o)
{
	u64 r = stress_rnd(c);

	o->kind = c->atomic ? r % 3 : r % SK_NR;	/* atomic: page, kmalloc, cache */
	o->ptr = stress_alloc_one(c, o);
	if (!o->ptr) {
		c->fails++;
		return;
	}
	c->allocs++;
	if (!stress_fresh_ok(o, r))
		c->corruptions++;
	pat_fill(o->ptr, o->size, (unsigned long)o->ptr);
	c->held += o->size;
}

static void stress_free(struct stress_ctx *c, struct stress_obj *o)
{
	if (!pat_check(o->ptr, o->size, (unsigned long)o->ptr)) {
		pr_err("corrupted object %p kind %u size %zu\n", o->ptr, o->kind, o->size);
		c->corruptions++;
	}
	c->held -= o->size;
	c->frees++;
	switch (o->kind) {
	case SK_PAGE:
		__free_pages(o->page, o->order);
		break;
	case SK_KMALLOC:
		kfree(o->ptr);
		break;
	case SK_CACHE:
		stress_ctor(o->ptr);		/* back to the constructed state */
		kmem_cache_free(stress_cache, o->ptr);
		break;
	case SK_VMALLOC:
		vfree(o->ptr);
		break;
	case SK_VMAP:
		vunmap(o->ptr);
		for (size_t i = 0; i < o->size / PAGE_SIZE; i++)
			__free_pages(o->pages[i], 0);
		kfree(o->pages);
		break;
	default:
		kvfree(o->ptr);
	}
	o->ptr = NULL;
}

/* krealloc a kmalloc object: the common prefix must survive the move. */
static void stress_krealloc(struct stress_ctx *c, struct stress_obj *o)
{
	size_t size = stress_size(c, 3 * KMALLOC_MAX_CACHE_SIZE);
	size_t keep = size < o->size ? size : o->size;
	unsigned long old = (unsigned long)o->ptr;
	void *p;

	if (!pat_check(o->ptr, o->size, old)) {
		c->corruptions++;
		pat_fill(o->ptr, o->size, old);
	}
	p = krealloc(o->ptr, size, (c->atomic ? GFP_ATOMIC : GFP_KERNEL) | STRESS_NOWARN);
	if (!p) {
		c->fails++;
		return;
	}
	c->allocs++;			/* a new object ... */
	c->frees++;			/* ... and the old one freed */
	if (!pat_check(p, keep, old))
		c->corruptions++;
	c->held += size;
	c->held -= o->size;
	o->ptr = p;
	o->size = size;
	pat_fill(p, size, (unsigned long)p);
}

/* One random operation on a random slot. */
static void stress_op(struct stress_ctx *c)
{
	u64 r = stress_rnd(c);
	struct stress_obj *o = &c->objs[r % STRESS_SLOTS];

	c->ops++;
	if (!o->ptr) {
		if (c->held < c->limit)
			stress_alloc(c, o);
	} else if (o->kind == SK_KMALLOC && (r >> 32) % 4 == 0) {
		stress_krealloc(c, o);
	} else {
		stress_free(c, o);
	}
}

static void stress_drain(struct stress_ctx *c)
{
	for (int i = 0; i < STRESS_SLOTS; i++)
		if (c->objs[i].ptr)
			stress_free(c, &c->objs[i]);
}

static bool stress_over(struct stress_ctx *c)
{
	return c->end ? time_after(jiffies, c->end) : c->ops >= c->max_ops;
}

/* A kernel thread: its operations, then wait (alive) to be stopped. */
static int stress_thread(void *data)
{
	struct stress_ctx *c = data;

	while (!stress_over(c))
		stress_op(c);
	complete(&c->done);
	while (!kthread_should_stop())
		msleep(1);
	return 0;
}

static void stress_atomic_batch(void *data)
{
	struct stress_ctx *c = data;

	for (int i = 0; i < STRESS_ATOMIC_BATCH; i++)
		stress_op(c);
}

/* The figures that must come back exactly. */
struct stress_snap {
	unsigned long free_pages, vmap_free, vmalloc_pages, slab_objs;
};

static unsigned long stress_slab_objs(void)
{
	static const gfp_t types[] = { GFP_KERNEL, GFP_DMA };
	struct slabinfo info;
	unsigned long sum = 0;

	for (int t = 0; t < 2; t++) {
		for (size_t sz = 8; sz <= KMALLOC_MAX_CACHE_SIZE; sz += sz < 64 ? 8 : sz / 4) {
			kmem_cache_get_info(kmalloc_slab(sz, types[t]), &info);
			sum += info.active_objs;
		}
	}
	kmem_cache_get_info(stress_cache, &info);
	return sum + info.active_objs;
}

/*
 * Pages in vmap_area slabs. vmalloc keeps a pool of spare nodes and its
 * cache fragments with the history of the address space: not a leak (the
 * space itself is checked by vmap_free and vmalloc_pages), so these pages
 * count as free.
 */
static unsigned long stress_vmap_node_pages(void)
{
	struct slabinfo info;
	struct kmem_cache *s;
	unsigned long flags, n = 0;

	local_irq_save(flags);
	list_for_each_entry(s, &slab_caches, list) {
		if (strcmp(kmem_cache_name(s), "vmap_area"))
			continue;
		kmem_cache_get_info(s, &info);
		n += info.num_slabs << info.cache_order;
	}
	local_irq_restore(flags);
	return n;
}

static void stress_snapshot(struct stress_snap *s)
{
	vm_unmap_aliases();		/* purge lazily freed vmap areas */
	shrink_all(GFP_KERNEL);		/* empty slabs back to the buddy allocator */
	kmem_cache_shrink(stress_cache);
	/* Page tables made for new vmalloc ranges stay, as in Linux. */
	s->free_pages = nr_free_pages() + arch_mmu_pt_pages() + stress_vmap_node_pages();
	s->vmap_free = vmap_free_bytes();
	s->vmalloc_pages = vmalloc_nr_pages();
	s->slab_objs = stress_slab_objs();
}

static unsigned int stress_seconds;

static int __init setup_stress_seconds(const char *val)
{
	unsigned long long v;

	if (!val || kstrtoull(val, 0, &v))
		return -EINVAL;
	stress_seconds = v;
	return 0;
}
__setup("stress.seconds", setup_stress_seconds);

static void stress_ctx_init(struct stress_ctx *c, int i, bool atomic, size_t limit)
{
	memset(c, 0, sizeof(*c));
	c->rnd = 0x2545f4914f6cdd1dULL * (i + 1);
	c->atomic = atomic;
	c->limit = limit;
	c->max_ops = STRESS_THREAD_OPS;
	c->end = stress_seconds ? jiffies + stress_seconds * HZ : 0;
	init_completion(&c->done);
}

/* Interrupt-context batches until both threads are done. */
static void stress_interrupts(struct stress_ctx *ctxs)
{
	static const enum ctx_kind kinds[] = { CTX_HARDIRQ, CTX_SOFTIRQ, CTX_TASKLET };

	bool done0 = false, done1 = false;

	for (int round = 0; !done0 || !done1 || round < 40; round++) {
		done0 = done0 || try_wait_for_completion(&ctxs[0].done);
		done1 = done1 || try_wait_for_completion(&ctxs[1].done);
		for (int k = 0; k < 3; k++)
			ctx_run(kinds[k], stress_atomic_batch, &ctxs[2 + k]);
	}
}

static void stress_inject(unsigned long percent)
{
	fault_inject_reset();
	if (!percent)
		return;
	fault_attr_set(&failslab.attr, 1, percent, 0, -1, 0x5eed + percent);
	fault_attr_set(&fail_page_alloc.attr, 1, percent, 0, -1, 0xfeed + percent);
	failslab.attr.verbose = 0;
	fail_page_alloc.attr.verbose = 0;
	failslab.ignore_gfp_reclaim = false;		/* fail every allocation */
	fail_page_alloc.ignore_gfp_reclaim = false;
	fail_page_alloc.min_order = 0;
}

/* Return: how many of the figures differ (0: nothing leaked); shows them if any. */
static unsigned int stress_leaks(const struct stress_snap *b, const struct stress_snap *a)
{
	unsigned int leaks = (a->free_pages != b->free_pages) + (a->vmap_free != b->vmap_free) +
			     (a->vmalloc_pages != b->vmalloc_pages) + (a->slab_objs != b->slab_objs);

	if (leaks) {		/* show where the pages went */
		pr_info("before: free=%lu vmap_free=%lu vmalloc=%lu objs=%lu\n", b->free_pages,
			b->vmap_free, b->vmalloc_pages, b->slab_objs);
		pr_info("after:  free=%lu vmap_free=%lu vmalloc=%lu objs=%lu\n", a->free_pages,
			a->vmap_free, a->vmalloc_pages, a->slab_objs);
		show_slabinfo();
	}
	return leaks;
}

/* Free what is left, add the contexts' counters up into stress_ctxs[0]. */
static void stress_drain_all(void)
{
	struct stress_ctx *sum = &stress_ctxs[0];

	for (int i = 0; i < ARRAY_SIZE(stress_ctxs); i++) {
		stress_drain(&stress_ctxs[i]);
		if (!i)
			continue;
		sum->ops += stress_ctxs[i].ops;
		sum->allocs += stress_ctxs[i].allocs;
		sum->frees += stress_ctxs[i].frees;
		sum->corruptions += stress_ctxs[i].corruptions;
	}
}

/* One pass at @percent injected failures; checks and prints its figures. */
static void stress_run(struct ktest *t, unsigned long percent)
{
	size_t limit = totalram_pages * PAGE_SIZE / 4 / ARRAY_SIZE(stress_ctxs);
	struct stress_ctx *sum = &stress_ctxs[0];
	struct task_struct *threads[2];
	struct stress_snap before, after;
	unsigned long injected;
	unsigned int leaks;

	for (int i = 0; i < ARRAY_SIZE(stress_ctxs); i++)
		stress_ctx_init(&stress_ctxs[i], i, i >= 2, limit);
	threads[0] = kthread_create(stress_thread, &stress_ctxs[0], "stress/0");
	threads[1] = kthread_create(stress_thread, &stress_ctxs[1], "stress/1");
	KTEST_ASSERT_TRUE(t, threads[0] && threads[1]);
	stress_snapshot(&before);
	stress_inject(percent);
	wake_up_process(threads[0]);
	wake_up_process(threads[1]);
	stress_interrupts(stress_ctxs);
	injected = failslab.attr.injected + fail_page_alloc.attr.injected;
	fault_inject_reset();
	stress_drain_all();
	stress_snapshot(&after);	/* the threads still live: their stacks count */
	kthread_stop(threads[0]);
	kthread_stop(threads[1]);
	leaks = stress_leaks(&before, &after);
	pr_info("ops=%lu allocs=%lu frees=%lu injected_failures=%lu leaks=%u corruptions=%lu\n",
		sum->ops, sum->allocs, sum->frees, injected, leaks, sum->corruptions);
	KTEST_EXPECT_EQ(t, after.free_pages, before.free_pages);
	KTEST_EXPECT_EQ(t, after.vmap_free, before.vmap_free);
	KTEST_EXPECT_EQ(t, after.vmalloc_pages, before.vmalloc_pages);
	KTEST_EXPECT_EQ(t, after.slab_objs, before.slab_objs);
	KTEST_EXPECT_EQ(t, sum->corruptions, 0);
	KTEST_EXPECT_EQ(t, sum->allocs, sum->frees);
	KTEST_EXPECT_GT(t, sum->allocs, 0);
	if (percent)
		KTEST_EXPECT_GT(t, injected, 0);
}

static void stress_no_injection(struct ktest *t)
{
	stress_run(t, 0);
}

static void stress_inject_1pct(struct ktest *t)
{
	stress_run(t, 1);
}

static void stress_inject_10pct(struct ktest *t)
{
	stress_run(t, 10);
}

/* The pattern check can fail: one flipped byte is caught. */
static void stress_pattern_detects(struct ktest *t)
{
	u64 buf[9];

	pat_fill(buf, 67, (unsigned long)buf);
	KTEST_EXPECT_TRUE(t, pat_check(buf, 67, (unsigned long)buf));
	((u8 *)buf)[66] ^= 1;
	KTEST_EXPECT_FALSE(t, pat_check(buf, 67, (unsigned long)buf));
}

static int stress_init(struct ktest *t)
{
	stress_cache = kmem_cache_create("stress_ctor", STRESS_CTOR_SIZE, 0, 0, stress_ctor);
	return stress_cache ? 0 : -1;
}

static void stress_exit(struct ktest *t)
{
	fault_inject_reset();
	kmem_cache_destroy(stress_cache);
	ctx_case_exit(t);
}

static const struct ktest_case stress_cases[] = {
	KTEST_CASE(stress_pattern_detects),
	KTEST_CASE(stress_no_injection),
	KTEST_CASE(stress_inject_1pct),
	KTEST_CASE(stress_inject_10pct),
};
KTEST_SUITE_FULL(stress, stress_cases, stress_init, stress_exit);
