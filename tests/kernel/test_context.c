// SPDX-License-Identifier: MIT
/*
 * Suite "context": the GFP rule table, made for real from each context.
 *
 *   context                                   may sleep  flags
 *   kernel thread                             yes        GFP_KERNEL
 *   spinlock held / preemption or irqs off    no         GFP_ATOMIC
 *   timer interrupt handler (hardirq)         no         GFP_ATOMIC
 *   softirq (timer_list callback)             no         GFP_ATOMIC
 *   tasklet                                   no         GFP_ATOMIC
 *   DMA, may sleep                            yes        GFP_DMA | GFP_KERNEL
 *   DMA, must not sleep                       no         GFP_DMA | GFP_ATOMIC
 *
 * In every atomic row the right flags succeed without a report, and the
 * wrong ones (GFP_KERNEL kmalloc, vmalloc) each print exactly one
 * "sleeping function called from invalid context" report, counted from a
 * printk capture; allocations made before stay intact. Also: vfree() from
 * an interrupt handler is deferred to the workqueue, and a GFP_KERNEL
 * allocation under memory pressure sleeps until memory is freed.
 */
#include <arch/memlayout.h>
#include <kernel/completion.h>
#include <kernel/delay.h>
#include <kernel/interrupt.h>
#include <kernel/kthread.h>
#include <kernel/ktest.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/workqueue.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "ctx_run.h"

#define SENTINEL_BYTE 0x3c
#define SENTINEL_SIZE 200
#define SENTINEL_VSIZE (2 * PAGE_SIZE)

static char capbuf[16384];
static struct printk_capture cap;

/* Live allocations that every misuse must leave alone. */
struct sentinels {
	u8 *k;
	u8 *v;
};

static void sentinels_make(struct ktest *t, struct sentinels *s)
{
	s->k = kmalloc(SENTINEL_SIZE, GFP_KERNEL);
	s->v = vmalloc(SENTINEL_VSIZE);
	KTEST_ASSERT_NOT_NULL(t, s->k);
	KTEST_ASSERT_NOT_NULL(t, s->v);
	memset(s->k, SENTINEL_BYTE, SENTINEL_SIZE);
	memset(s->v, SENTINEL_BYTE, SENTINEL_VSIZE);
}

static bool all_bytes(const u8 *p, size_t n, u8 v)
{
	return !memchr_inv(p, v, n);
}

static void sentinels_check(struct ktest *t, struct sentinels *s)
{
	KTEST_EXPECT_TRUE(t, all_bytes(s->k, SENTINEL_SIZE, SENTINEL_BYTE));
	KTEST_EXPECT_TRUE(t, all_bytes(s->v, SENTINEL_VSIZE, SENTINEL_BYTE));
	KTEST_EXPECT_EQ(t, ksize(s->k), (size_t)256);
	kfree(s->k);
	vfree(s->v);
}

/* What a context did: its predicates, its allocations, and the reports. */
struct ctx_result {
	struct ctx_snapshot snap;
	bool wrong_flags;		/* also try GFP_KERNEL and vmalloc */
	gfp_t extra;			/* e.g. GFP_DMA */
	void *atomic_obj, *kernel_obj;
	void *vm;
	unsigned int reports_atomic;	/* reports printed by the GFP_ATOMIC call */
};

/* The body run inside each context. */
static void alloc_in_context(void *arg)
{
	struct ctx_result *r = arg;
	unsigned long before = might_sleep_report_count;

	ctx_snapshot_take(&r->snap);
	r->atomic_obj = kmalloc(96, GFP_ATOMIC | r->extra);
	r->reports_atomic = might_sleep_report_count - before;
	if (!r->wrong_flags)
		return;
	r->kernel_obj = kmalloc(96, GFP_KERNEL | r->extra);	/* wrong: may sleep */
	r->vm = vmalloc(3 * PAGE_SIZE);				/* wrong: may sleep */
	if (r->vm)
		memset(r->vm, 0x77, 3 * PAGE_SIZE);
}

/* Process-context cleanup of what alloc_in_context() got. */
static void ctx_result_free(struct ctx_result *r)
{
	kfree(r->atomic_obj);
	kfree(r->kernel_obj);
	vfree(r->vm);
}

/* Run the atomic row @kind; check the predicates given and the report count. */
static void atomic_row(struct ktest *t, enum ctx_kind kind, struct ctx_result *r)
{
	struct sentinels s;

	sentinels_make(t, &s);
	r->wrong_flags = true;
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	KTEST_EXPECT_EQ(t, ctx_run(kind, alloc_in_context, r), 0);
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, r->atomic_obj);
	KTEST_EXPECT_EQ(t, r->reports_atomic, 0U);
	/* The wrong calls still get memory (there is plenty), but each is reported once. */
	KTEST_EXPECT_NOT_NULL(t, r->kernel_obj);
	KTEST_EXPECT_NOT_NULL(t, r->vm);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, SLEEP_BUG), 2U);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, "/vmalloc.c:"), 1U);	/* the other is kmalloc's */
	KTEST_EXPECT_TRUE(t, r->vm && all_bytes(r->vm, 3 * PAGE_SIZE, 0x77));
	ctx_result_free(r);
	sentinels_check(t, &s);
}

static void row_kernel_thread_gfp_kernel(struct ktest *t)
{
	struct ctx_result r = { 0 };
	struct sentinels s;
	void *big;

	sentinels_make(t, &s);
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	KTEST_EXPECT_EQ(t, ctx_run(CTX_KTHREAD, alloc_in_context, &r), 0);
	printk_capture_stop(&cap);
	KTEST_EXPECT_TRUE(t, r.snap.in_task);
	KTEST_EXPECT_TRUE(t, r.snap.preemptible);
	KTEST_EXPECT_FALSE(t, r.snap.in_atomic);
	KTEST_EXPECT_STREQ(t, r.snap.comm, "ctx-test");
	ctx_result_free(&r);

	/* The thread's own kind of allocation, from a kernel thread: no report. */
	r = (struct ctx_result){ .wrong_flags = true };
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	KTEST_EXPECT_EQ(t, ctx_run(CTX_KTHREAD, alloc_in_context, &r), 0);
	big = vzalloc(5 * PAGE_SIZE);
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, r.kernel_obj);
	KTEST_EXPECT_NOT_NULL(t, r.vm);
	KTEST_EXPECT_NOT_NULL(t, big);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, SLEEP_BUG), 0U);
	vfree(big);
	ctx_result_free(&r);
	sentinels_check(t, &s);
}

static DEFINE_SPINLOCK(row_lock);

static void row_spinlock_gfp_atomic(struct ktest *t)
{
	struct ctx_result r = { .wrong_flags = true };
	struct sentinels s;

	sentinels_make(t, &s);
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	spin_lock(&row_lock);
	alloc_in_context(&r);
	spin_unlock(&row_lock);
	printk_capture_stop(&cap);
	KTEST_EXPECT_TRUE(t, r.snap.in_atomic);
	KTEST_EXPECT_FALSE(t, r.snap.in_interrupt);
	KTEST_EXPECT_FALSE(t, r.snap.preemptible);
	KTEST_EXPECT_FALSE(t, r.snap.irqs_disabled);
	KTEST_EXPECT_EQ(t, r.snap.preempt_count, 1U);
	KTEST_EXPECT_NOT_NULL(t, r.atomic_obj);
	KTEST_EXPECT_EQ(t, r.reports_atomic, 0U);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, SLEEP_BUG), 2U);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: init"), 2U);
	/* Linux's "Preemption disabled at:" names where the lock was taken. */
	KTEST_EXPECT_EQ(t, count_substr(capbuf, "] row_spinlock_gfp_atomic+0x"), 2U);
	ctx_result_free(&r);
	sentinels_check(t, &s);
}

static void row_spinlock_irqsave_gfp_atomic(struct ktest *t)
{
	struct ctx_result r = { .wrong_flags = true };
	unsigned long flags;
	struct sentinels s;

	sentinels_make(t, &s);
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	spin_lock_irqsave(&row_lock, flags);
	alloc_in_context(&r);
	spin_unlock_irqrestore(&row_lock, flags);
	printk_capture_stop(&cap);
	KTEST_EXPECT_TRUE(t, r.snap.irqs_disabled);
	KTEST_EXPECT_NOT_NULL(t, r.atomic_obj);
	KTEST_EXPECT_EQ(t, r.reports_atomic, 0U);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, SLEEP_BUG), 2U);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, "in_atomic(): 1, irqs_disabled(): 1,"), 2U);
	ctx_result_free(&r);
	sentinels_check(t, &s);
}

static void row_timer_interrupt_gfp_atomic(struct ktest *t)
{
	struct ctx_result r = { 0 };

	atomic_row(t, CTX_HARDIRQ, &r);
	KTEST_EXPECT_TRUE(t, r.snap.in_irq);
	KTEST_EXPECT_TRUE(t, r.snap.in_interrupt);
	KTEST_EXPECT_FALSE(t, r.snap.in_softirq);
	KTEST_EXPECT_TRUE(t, r.snap.irqs_disabled);
	KTEST_EXPECT_EQ(t, r.snap.preempt_count & HARDIRQ_MASK, HARDIRQ_OFFSET);
	/*
	 * HARDIRQ_OFFSET is 0x10000; the tick may land inside a section with
	 * preemption disabled (hrtimer_start), so the low digits may be 1.
	 */
	KTEST_EXPECT_EQ(t, count_substr(capbuf, "preempt_count: 1000"), 2U);
}

static void row_softirq_gfp_atomic(struct ktest *t)
{
	struct ctx_result r = { 0 };

	atomic_row(t, CTX_SOFTIRQ, &r);
	KTEST_EXPECT_TRUE(t, r.snap.in_serving_softirq);
	KTEST_EXPECT_FALSE(t, r.snap.in_irq);
	KTEST_EXPECT_FALSE(t, r.snap.irqs_disabled);
	KTEST_EXPECT_FALSE(t, r.snap.in_task);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, "in_atomic(): 1, irqs_disabled(): 0,"), 2U);
}

static void row_tasklet_gfp_atomic(struct ktest *t)
{
	struct ctx_result r = { 0 };

	atomic_row(t, CTX_TASKLET, &r);
	KTEST_EXPECT_TRUE(t, r.snap.in_serving_softirq);
	KTEST_EXPECT_FALSE(t, r.snap.in_irq);
	KTEST_EXPECT_FALSE(t, r.snap.irqs_disabled);
}

static bool below_16m(const void *p)
{
	return p && virt_addr_valid(p) && __pa(p) + 96 <= (16UL << 20);
}

static void row_dma_may_sleep(struct ktest *t)
{
	struct ctx_result r = { .wrong_flags = true, .extra = GFP_DMA };

	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	KTEST_EXPECT_EQ(t, ctx_run(CTX_KTHREAD, alloc_in_context, &r), 0);
	printk_capture_stop(&cap);
	KTEST_EXPECT_TRUE(t, below_16m(r.kernel_obj));
	KTEST_EXPECT_TRUE(t, below_16m(r.atomic_obj));
	KTEST_EXPECT_EQ(t, count_substr(capbuf, SLEEP_BUG), 0U);
	ctx_result_free(&r);
}

static void row_dma_must_not_sleep(struct ktest *t)
{
	struct ctx_result r = { .extra = GFP_DMA };
	struct sentinels s;
	unsigned long flags;
	void *wrong;

	sentinels_make(t, &s);
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	spin_lock_irqsave(&row_lock, flags);
	alloc_in_context(&r);
	wrong = kmalloc(96, GFP_DMA | GFP_KERNEL);
	spin_unlock_irqrestore(&row_lock, flags);
	printk_capture_stop(&cap);
	KTEST_EXPECT_TRUE(t, below_16m(r.atomic_obj));
	KTEST_EXPECT_EQ(t, r.reports_atomic, 0U);
	KTEST_EXPECT_TRUE(t, below_16m(wrong));
	KTEST_EXPECT_EQ(t, count_substr(capbuf, SLEEP_BUG), 1U);
	kfree(wrong);
	ctx_result_free(&r);
	sentinels_check(t, &s);
}

/* ---- vfree from interrupt context -------------------------------------- */

#define VFREE_PAGES 8

struct vfree_irq {
	void *addr;
	unsigned long nr_before, nr_after;	/* vmalloc_nr_pages() around the vfree */
	bool still_mapped;
};

static void vfree_in_irq(void *arg)
{
	struct vfree_irq *v = arg;

	v->nr_before = vmalloc_nr_pages();
	vfree(v->addr);
	v->nr_after = vmalloc_nr_pages();
	v->still_mapped = vmalloc_to_page(v->addr) != NULL;
}

static void vfree_from_interrupt_is_deferred(struct ktest *t)
{
	struct vfree_irq v = { 0 };
	struct page *pages[VFREE_PAGES];

	v.addr = vmalloc(VFREE_PAGES * PAGE_SIZE);
	KTEST_ASSERT_NOT_NULL(t, v.addr);
	for (int i = 0; i < VFREE_PAGES; i++)
		pages[i] = vmalloc_to_page((char *)v.addr + i * PAGE_SIZE);
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	KTEST_EXPECT_EQ(t, ctx_run(CTX_HARDIRQ, vfree_in_irq, &v), 0);
	/* In the handler nothing was freed: the area waits for process context. */
	KTEST_EXPECT_EQ(t, v.nr_after, v.nr_before);
	KTEST_EXPECT_TRUE(t, v.still_mapped);
	flush_scheduled_work();
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, SLEEP_BUG), 0U);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, "vfree"), 0U);
	/* After the kworker ran: unmapped, and every page back in the allocator. */
	KTEST_EXPECT_NULL(t, find_vm_area(v.addr));
	KTEST_EXPECT_NULL(t, vmalloc_to_page(v.addr));
	KTEST_EXPECT_EQ(t, vmalloc_nr_pages(), v.nr_before - VFREE_PAGES);
	for (int i = 0; i < VFREE_PAGES; i++)
		KTEST_EXPECT_EQ(t, page_ref_count(pages[i]), 0);
}

/* ---- memory pressure ------------------------------------------------------ */

/* Pages taken to bring the free count down to the min watermark, by order. */
static struct list_head drained[NR_PAGE_ORDERS];

/* Take everything GFP_NOWAIT may have (it stops at min); reclaim first. */
static unsigned long drain_to_min_watermark(void)
{
	unsigned long taken = 0;

	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		INIT_LIST_HEAD(&drained[o]);
	do {
		for (int o = MAX_PAGE_ORDER; o >= 0; o--) {
			struct page *p;

			while ((p = alloc_pages(GFP_NOWAIT | __GFP_NOWARN, o))) {
				list_add(&p->lru, &drained[o]);
				taken += 1UL << o;
			}
		}
	} while (shrink_all(GFP_KERNEL));
	return taken;
}

/* Give back up to @nr pages (all if ~0UL), smallest blocks first. Return: pages freed. */
static unsigned long undrain(unsigned long nr)
{
	unsigned long freed = 0;

	for (int o = 0; o < NR_PAGE_ORDERS && freed < nr; o++) {
		while (!list_empty(&drained[o]) && freed < nr) {
			struct page *p = list_first_entry(&drained[o], struct page, lru);

			list_del(&p->lru);
			__free_pages(p, o);
			freed += 1UL << o;
		}
	}
	return freed;
}

static void drained_state_atomic_and_nowait(struct ktest *t)
{
	struct page *atomic_page, *nowait_page;
	unsigned long warns = warn_count;

	KTEST_ASSERT_GT(t, drain_to_min_watermark(), 0UL);
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	nowait_page = alloc_page(GFP_NOWAIT);		/* no reserves, no sleep: NULL */
	atomic_page = alloc_page(GFP_ATOMIC);		/* may dip below min */
	printk_capture_stop(&cap);
	undrain(~0UL);
	KTEST_EXPECT_NULL(t, nowait_page);
	KTEST_EXPECT_NOT_NULL(t, atomic_page);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, "page allocation failure"), 0U);	/* NOWARN */
	KTEST_EXPECT_EQ(t, warn_count, warns);
	if (atomic_page)
		__free_page(atomic_page);
	if (nowait_page)
		__free_page(nowait_page);
}

struct sleeper {
	struct completion started;
	volatile bool allocating;
	struct page *page;
};

static int sleeping_allocator(void *arg)
{
	struct sleeper *s = arg;

	s->allocating = true;
	complete(&s->started);
	s->page = alloc_page(GFP_KERNEL);	/* nothing above min: sleeps */
	s->allocating = false;
	return 0;
}

static void gfp_kernel_sleeps_until_memory_is_freed(struct ktest *t)
{
	struct sleeper s = { 0 };
	struct task_struct *k;
	unsigned int state = TASK_RUNNING;

	init_completion(&s.started);
	k = kthread_create(sleeping_allocator, &s, "allocator");	/* before the drain */
	KTEST_ASSERT_NOT_NULL(t, k);
	get_task_struct(k);
	KTEST_ASSERT_GT(t, drain_to_min_watermark(), 0UL);
	wake_up_process(k);
	wait_for_completion(&s.started);
	/* Observe it asleep inside the allocator (bounded: a hang guard). */
	for (int i = 0; i < 1000 && s.allocating; i++) {
		state = task_state(k);
		if (state == TASK_UNINTERRUPTIBLE)
			break;
		msleep(1);
	}
	KTEST_EXPECT_EQ(t, state, (unsigned int)TASK_UNINTERRUPTIBLE);
	KTEST_EXPECT_TRUE(t, s.allocating);
	KTEST_EXPECT_NULL(t, s.page);
	undrain(64);				/* the free wakes it */
	kthread_stop(k);			/* waits for it to finish */
	undrain(~0UL);
	KTEST_EXPECT_NOT_NULL(t, s.page);
	KTEST_EXPECT_FALSE(t, s.allocating);
	if (s.page)
		__free_page(s.page);
	put_task_struct(k);
}

/* ---- the report itself ----------------------------------------------------- */

static void might_sleep_report_format(struct ktest *t)
{
	unsigned long flags;
	char expect[128];
	int line;

	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	preempt_disable();
	line = __LINE__ + 1;
	might_sleep();
	preempt_enable();
	local_irq_save(flags);
	might_sleep();
	local_irq_restore(flags);
	might_sleep();				/* valid here: silent */
	printk_capture_stop(&cap);
	snprintf(expect, sizeof(expect), "tests/kernel/test_context.c:%d\n", line);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, SLEEP_BUG " at "));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, expect));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf,
		"in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: init\n"
		"preempt_count: 1, expected: 0\nPreemption disabled at:\n[<"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf,
		"in_atomic(): 0, irqs_disabled(): 1, non_block: 0, pid: 1, name: init\n"
		"preempt_count: 0, expected: 0\nCall Trace:\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, " might_sleep_report_format+0x"));
	KTEST_EXPECT_EQ(t, count_substr(capbuf, SLEEP_BUG), 2U);
}

static const struct ktest_case context_cases[] = {
	KTEST_CASE(row_kernel_thread_gfp_kernel),
	KTEST_CASE(row_spinlock_gfp_atomic),
	KTEST_CASE(row_spinlock_irqsave_gfp_atomic),
	KTEST_CASE(row_timer_interrupt_gfp_atomic),
	KTEST_CASE(row_softirq_gfp_atomic),
	KTEST_CASE(row_tasklet_gfp_atomic),
	KTEST_CASE(row_dma_may_sleep),
	KTEST_CASE(row_dma_must_not_sleep),
	KTEST_CASE(vfree_from_interrupt_is_deferred),
	KTEST_CASE(drained_state_atomic_and_nowait),
	KTEST_CASE(gfp_kernel_sleeps_until_memory_is_freed),
	KTEST_CASE(might_sleep_report_format),
};

KTEST_SUITE_FULL(context, context_cases, NULL, ctx_case_exit);
