// SPDX-License-Identifier: MIT
/*
 * Suite "irq": the tick, a real device interrupt through the slave 8259A
 * (the CMOS RTC's periodic interrupt on IRQ 8), request_irq() rules,
 * spurious IRQ 7/15, softirqs, tasklets, timers and hrtimers, each
 * checked for the context it runs in.
 */
#include <arch/io.h>
#include <kernel/completion.h>
#include <kernel/delay.h>
#include <kernel/errno.h>
#include <kernel/interrupt.h>
#include <kernel/jiffies.h>
#include <kernel/ktest.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/timer.h>
#include <kernel/wait.h>

#include "ctx_run.h"

#define HANG_GUARD (10 * HZ)

static char capbuf[8192];
static struct printk_capture cap;

static void tick_is_running(struct ktest *t)
{
	unsigned long j0 = jiffies, loc0 = irq_stat_local_timer, pit0 = kstat_irqs(0);
	bool lapic = !strcmp(tick_source_name(), "local APIC timer");

	KTEST_EXPECT_TRUE(t, lapic || !strcmp(tick_source_name(), "PIT (IRQ 0)"));
	KTEST_EXPECT_TRUE(t, preemptible());
	KTEST_EXPECT_TRUE(t, in_task());
	msleep(20);
	KTEST_EXPECT_GE(t, jiffies - j0, 5UL);
	if (lapic)
		KTEST_EXPECT_GE(t, irq_stat_local_timer - loc0, 5UL);
	else
		KTEST_EXPECT_GE(t, kstat_irqs(0) - pit0, 5UL);
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	show_interrupts();
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, lapic ? "LOC: " : "XT-PIC  0-edge      timer"));
}

/* ---- the CMOS RTC on IRQ 8 ------------------------------------------------- */

#define RTC_INDEX	0x70
#define RTC_DATA	0x71
#define RTC_REG_A	0x0a
#define RTC_REG_B	0x0b
#define RTC_REG_C	0x0c
#define RTC_PIE		0x40	/* register B: periodic interrupt enable */
#define RTC_RATE_1024HZ	0x06	/* register A, low nibble */
#define RTC_IRQ		8

static u8 cmos_read(u8 reg)
{
	outb(RTC_INDEX, reg);
	return inb(RTC_DATA);
}

static void cmos_write(u8 reg, u8 val)
{
	outb(RTC_INDEX, reg);
	outb(RTC_DATA, val);
}

struct rtc_probe {
	volatile unsigned int count;
	bool all_hardirq;		/* every call: in_hardirq(), interrupts off */
	struct wait_queue_head wq;
};

static irqreturn_t rtc_interrupt(int irq, void *dev_id)
{
	struct rtc_probe *p = dev_id;

	cmos_read(RTC_REG_C);		/* acknowledge, or it never fires again */
	if (!in_hardirq() || !irqs_disabled() || in_serving_softirq() || irq != RTC_IRQ)
		p->all_hardirq = false;
	p->count++;
	wake_up(&p->wq);
	return IRQ_HANDLED;
}

static void rtc_interrupt_through_slave_pic(struct ktest *t)
{
	struct rtc_probe p = { .all_hardirq = true };
	unsigned long before = kstat_irqs(RTC_IRQ), flags;
	long left;
	u8 b;

	init_waitqueue_head(&p.wq);
	KTEST_ASSERT_EQ(t, request_irq(RTC_IRQ, rtc_interrupt, 0, "rtc0", &p), 0);
	local_irq_save(flags);
	cmos_write(RTC_REG_A, (cmos_read(RTC_REG_A) & 0xf0) | RTC_RATE_1024HZ);
	b = cmos_read(RTC_REG_B);
	cmos_write(RTC_REG_B, b | RTC_PIE);
	cmos_read(RTC_REG_C);
	local_irq_restore(flags);
	left = wait_event_timeout(p.wq, p.count >= 8, HANG_GUARD);
	local_irq_save(flags);
	cmos_write(RTC_REG_B, b & ~RTC_PIE);
	cmos_read(RTC_REG_C);
	local_irq_restore(flags);
	KTEST_EXPECT_STREQ(t, free_irq(RTC_IRQ, &p), "rtc0");
	KTEST_EXPECT_GT(t, left, 0L);
	KTEST_EXPECT_GE(t, p.count, 8U);
	KTEST_EXPECT_TRUE(t, p.all_hardirq);
	KTEST_EXPECT_GE(t, kstat_irqs(RTC_IRQ) - before, 8UL);
}

static irqreturn_t never_called(int irq, void *dev_id)
{
	return IRQ_NONE;
}

static void request_irq_rules(struct ktest *t)
{
	int a, b;
	unsigned long warns = warn_count;

	KTEST_EXPECT_EQ(t, request_irq(2, never_called, 0, "cascade", &a), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(16, never_called, 0, "nope", &a), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(5, NULL, 0, "nope", &a), -EINVAL);
	KTEST_EXPECT_EQ(t, request_irq(5, never_called, IRQF_SHARED, "nope", NULL), -EINVAL);

	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	KTEST_ASSERT_EQ(t, request_irq(5, never_called, 0, "solo", &a), 0);
	KTEST_EXPECT_EQ(t, request_irq(5, never_called, IRQF_SHARED, "other", &b), -EBUSY);
	KTEST_EXPECT_STREQ(t, free_irq(5, &a), "solo");
	KTEST_ASSERT_EQ(t, request_irq(5, never_called, IRQF_SHARED, "share-a", &a), 0);
	KTEST_EXPECT_EQ(t, request_irq(5, never_called, IRQF_SHARED, "share-b", &b), 0);
	KTEST_EXPECT_STREQ(t, free_irq(5, &b), "share-b");
	KTEST_EXPECT_STREQ(t, free_irq(5, &a), "share-a");
	KTEST_EXPECT_NULL(t, free_irq(5, &a));		/* already free: a WARN */
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "genirq: Flags mismatch irq 5. 00000080 (other) vs. 00000000 (solo)"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "Trying to free already-free IRQ 5"));
	KTEST_EXPECT_EQ(t, warn_count, warns + 1);
}

static void spurious_irq7_and_irq15_are_recognised(struct ktest *t)
{
	unsigned long s7 = irq_spurious_count(7), s15 = irq_spurious_count(15);
	unsigned long c7 = kstat_irqs(7), c15 = kstat_irqs(15);

	/* A request the PIC no longer has in service: what a glitch on the line looks like. */
	__asm__ __volatile__("int $0x27");
	__asm__ __volatile__("int $0x2f");
	KTEST_EXPECT_EQ(t, irq_spurious_count(7), s7 + 1);
	KTEST_EXPECT_EQ(t, irq_spurious_count(15), s15 + 1);
	KTEST_EXPECT_EQ(t, kstat_irqs(7), c7);		/* no handler dispatch */
	KTEST_EXPECT_EQ(t, kstat_irqs(15), c15);
	/* The PIC still works: the tick goes on. */
	msleep(10);
}

static void unclaimed_vector_is_reported_and_ended(struct ktest *t)
{
	unsigned long spurious = irq_stat_spurious;

	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	__asm__ __volatile__("int $0x81");
	__asm__ __volatile__("int $0x81");	/* reported once */
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, "do_IRQ: 0.129 No irq handler for vector\n"), 1U);
	KTEST_EXPECT_EQ(t, irq_stat_spurious, spurious + 2);
	msleep(10);				/* the tick is not held back */
}

/* ---- softirqs -------------------------------------------------------------- */

struct softirq_probe {
	struct ctx_snapshot snap;
	volatile unsigned int runs;
	struct completion done;
};

static struct softirq_probe sp;

static void test_softirq_action(struct softirq_action *h)
{
	ctx_snapshot_take(&sp.snap);
	sp.runs++;
	complete(&sp.done);
}

static void raise_test_softirq(void *unused)
{
	raise_softirq(TEST_SOFTIRQ);
}

static void softirq_prepare(void)
{
	memset(&sp, 0, sizeof(sp));
	init_completion(&sp.done);
	open_softirq(TEST_SOFTIRQ, test_softirq_action);
}

static void softirq_raised_in_irq_runs_on_irq_exit(struct ktest *t)
{
	softirq_prepare();
	KTEST_EXPECT_EQ(t, ctx_run(CTX_HARDIRQ, raise_test_softirq, NULL), 0);
	KTEST_EXPECT_GT(t, wait_for_completion_timeout(&sp.done, HANG_GUARD), 0UL);
	KTEST_EXPECT_EQ(t, sp.runs, 1U);
	KTEST_EXPECT_TRUE(t, sp.snap.in_serving_softirq);
	KTEST_EXPECT_FALSE(t, sp.snap.in_irq);
	KTEST_EXPECT_FALSE(t, sp.snap.irqs_disabled);	/* softirqs run with interrupts on */
	KTEST_EXPECT_EQ(t, sp.snap.preempt_count & SOFTIRQ_MASK, SOFTIRQ_OFFSET);
}

static void softirq_raised_in_task_runs_in_ksoftirqd(struct ktest *t)
{
	softirq_prepare();
	raise_softirq(TEST_SOFTIRQ);
	KTEST_EXPECT_GT(t, wait_for_completion_timeout(&sp.done, HANG_GUARD), 0UL);
	KTEST_EXPECT_STREQ(t, sp.snap.comm, "ksoftirqd/0");
	KTEST_EXPECT_TRUE(t, sp.snap.in_serving_softirq);
}

static void local_bh_disable_holds_softirqs_back(struct ktest *t)
{
	unsigned int runs;

	softirq_prepare();
	local_bh_disable();
	KTEST_EXPECT_TRUE(t, in_softirq());
	KTEST_EXPECT_FALSE(t, in_serving_softirq());
	raise_softirq(TEST_SOFTIRQ);
	udelay(10000);				/* ticks come and go: none may run it */
	runs = sp.runs;
	local_bh_enable();			/* runs it, here */
	KTEST_EXPECT_EQ(t, runs, 0U);
	KTEST_EXPECT_EQ(t, sp.runs, 1U);
	KTEST_EXPECT_STREQ(t, sp.snap.comm, "init");
	KTEST_EXPECT_EQ(t, preempt_count(), 0U);
}

/* ---- tasklets ------------------------------------------------------------------ */

struct tasklet_probe {
	struct tasklet_struct tasklet;
	struct ctx_snapshot snap;
	volatile unsigned int runs;
	unsigned long data;
};

static struct tasklet_probe tp;

static void tasklet_fn(unsigned long data)
{
	ctx_snapshot_take(&tp.snap);
	tp.data = data;
	tp.runs++;
}

static void schedule_three_times(void *arg)
{
	tasklet_schedule(arg);
	tasklet_schedule(arg);
	tasklet_schedule(arg);
}

static void tasklet_runs_once_per_scheduling(struct ktest *t)
{
	memset(&tp, 0, sizeof(tp));
	tasklet_init(&tp.tasklet, tasklet_fn, 0xabcd);
	KTEST_EXPECT_EQ(t, ctx_run(CTX_HARDIRQ, schedule_three_times, &tp.tasklet), 0);
	tasklet_kill(&tp.tasklet);		/* waits until it ran */
	KTEST_EXPECT_EQ(t, tp.runs, 1U);
	KTEST_EXPECT_EQ(t, tp.data, 0xabcdUL);
	KTEST_EXPECT_TRUE(t, tp.snap.in_serving_softirq);
	KTEST_EXPECT_FALSE(t, tp.snap.irqs_disabled);

	/* Disabled: stays scheduled, runs after enable. */
	tasklet_disable(&tp.tasklet);
	tasklet_schedule(&tp.tasklet);
	msleep(10);
	KTEST_EXPECT_EQ(t, tp.runs, 1U);
	tasklet_enable(&tp.tasklet);
	tasklet_kill(&tp.tasklet);
	KTEST_EXPECT_EQ(t, tp.runs, 2U);
}

/* ---- timers ------------------------------------------------------------------------ */

struct timer_probe {
	struct timer_list timer;
	struct ctx_snapshot snap;
	unsigned long ran_at;
	int order;
};

static int timer_seq;

static void timer_fn(struct timer_list *tl)
{
	struct timer_probe *p = from_timer(p, tl, timer);

	ctx_snapshot_take(&p->snap);
	p->ran_at = jiffies;
	p->order = ++timer_seq;
}

static void timer_list_fires_in_softirq_in_order(struct ktest *t)
{
	struct timer_probe a = { 0 }, b = { 0 }, c = { 0 };
	unsigned long start = jiffies;

	timer_seq = 0;
	timer_setup(&a.timer, timer_fn, 0);
	timer_setup(&b.timer, timer_fn, 0);
	timer_setup(&c.timer, timer_fn, 0);
	KTEST_EXPECT_EQ(t, mod_timer(&b.timer, start + 6), 0);
	KTEST_EXPECT_EQ(t, mod_timer(&a.timer, start + 3), 0);
	KTEST_EXPECT_EQ(t, mod_timer(&c.timer, start + 4), 0);
	KTEST_EXPECT_EQ(t, mod_timer(&c.timer, start + 400), 1);	/* re-armed */
	KTEST_EXPECT_TRUE(t, timer_pending(&c.timer));
	KTEST_EXPECT_EQ(t, del_timer(&c.timer), 1);
	KTEST_EXPECT_EQ(t, del_timer(&c.timer), 0);
	msleep(60);
	KTEST_EXPECT_EQ(t, a.order, 1);
	KTEST_EXPECT_EQ(t, b.order, 2);
	KTEST_EXPECT_EQ(t, c.order, 0);
	KTEST_EXPECT_TRUE(t, time_after_eq(a.ran_at, start + 3));
	KTEST_EXPECT_TRUE(t, time_after_eq(b.ran_at, start + 6));
	KTEST_EXPECT_TRUE(t, a.snap.in_serving_softirq);
	KTEST_EXPECT_FALSE(t, a.snap.in_irq);
	KTEST_EXPECT_FALSE(t, timer_pending(&a.timer));
}

struct hr_probe {
	struct hrtimer timer;
	struct ctx_snapshot snap;
	volatile unsigned int fired;
	ktime_t first_at;
	ktime_t armed_for;
};

static enum hrtimer_restart hr_fn(struct hrtimer *h)
{
	struct hr_probe *p = container_of(h, struct hr_probe, timer);

	if (!p->fired)
		p->first_at = ktime_get();
	ctx_snapshot_take(&p->snap);
	if (++p->fired == 3)
		return HRTIMER_NORESTART;
	hrtimer_forward_now(h, ms_to_ktime(5));
	return HRTIMER_RESTART;
}

static void hrtimer_fires_in_hardirq(struct ktest *t)
{
	struct hr_probe p = { 0 };

	hrtimer_init(&p.timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	p.timer.function = hr_fn;
	p.armed_for = ktime_add(ktime_get(), ms_to_ktime(8));
	hrtimer_start(&p.timer, ms_to_ktime(8), HRTIMER_MODE_REL_HARD);
	KTEST_EXPECT_TRUE(t, hrtimer_active(&p.timer));
	for (int i = 0; i < 1000 && p.fired < 3; i++)
		msleep(1);
	KTEST_EXPECT_EQ(t, p.fired, 3U);
	KTEST_EXPECT_GE(t, p.first_at, p.armed_for);
	KTEST_EXPECT_TRUE(t, p.snap.in_irq);
	KTEST_EXPECT_TRUE(t, p.snap.irqs_disabled);
	KTEST_EXPECT_FALSE(t, hrtimer_active(&p.timer));
	KTEST_EXPECT_EQ(t, hrtimer_cancel(&p.timer), 0);
}

/*
 * hrtimer_forward_now() skips every missed interval in one step, as
 * Linux's: a 1 ns interval a second behind used to loop a billion times.
 */
static void hrtimer_forward_skips_in_one_step(struct ktest *t)
{
	struct hrtimer h;
	ktime_t before, after;
	u64 overruns;

	hrtimer_init(&h, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	before = ktime_get();
	h.expires = before - ms_to_ktime(1000);
	overruns = hrtimer_forward_now(&h, 1);
	after = ktime_get();
	KTEST_EXPECT_GE(t, overruns, (u64)ms_to_ktime(1000));
	KTEST_EXPECT_GT(t, h.expires, before);
	KTEST_EXPECT_LE(t, h.expires, after + 1);
	h.expires = ktime_get() + ms_to_ktime(100);
	KTEST_EXPECT_EQ(t, hrtimer_forward_now(&h, ms_to_ktime(5)), 0ULL);	/* not due yet */
	h.expires = ktime_get() - ms_to_ktime(12);
	overruns = hrtimer_forward_now(&h, ms_to_ktime(5));
	KTEST_EXPECT_TRUE(t, overruns == 3 || overruns == 4);	/* 12 ms late plus the read */
}

/* ---- the classic deadlock: an interrupt handler takes a lock the task holds ---- */

static DEFINE_SPINLOCK(shared_lock);

static __noinline void take_shared_lock(void *unused)
{
	spin_lock(&shared_lock);		/* held by the interrupted task */
	spin_unlock(&shared_lock);
}

struct irq_lock_probe {
	struct hrtimer timer;
	volatile bool done;
};

static enum hrtimer_restart lock_in_irq(struct hrtimer *h)
{
	take_shared_lock(NULL);
	container_of(h, struct irq_lock_probe, timer)->done = true;
	return HRTIMER_NORESTART;
}

static void irq_taking_held_lock_is_reported(struct ktest *t)
{
	struct irq_lock_probe p = { .done = false };
	unsigned long bugs = spinlock_bug_count;

	hrtimer_init(&p.timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	p.timer.function = lock_in_irq;
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	spin_lock(&shared_lock);		/* should have been spin_lock_irqsave */
	hrtimer_start(&p.timer, 1, HRTIMER_MODE_REL_HARD);
	for (unsigned long i = 0; i < 1000000000UL && !p.done; i++)
		cpu_relax();			/* preemption is off: wait for the tick */
	spin_unlock(&shared_lock);
	printk_capture_stop(&cap);
	hrtimer_cancel(&p.timer);
	KTEST_EXPECT_TRUE(t, p.done);
	KTEST_EXPECT_EQ(t, spinlock_bug_count, bugs + 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "BUG: spinlock recursion on CPU#0, init/1\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, " lock: shared_lock+0x0/"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, " take_shared_lock+0x"));
	KTEST_EXPECT_FALSE(t, spin_is_locked(&shared_lock));
	/* The same from a handler, with the lock taken properly: no report. */
	KTEST_EXPECT_EQ(t, ctx_run(CTX_HARDIRQ, take_shared_lock, NULL), 0);
	KTEST_EXPECT_EQ(t, spinlock_bug_count, bugs + 1);
}

static const struct ktest_case irq_cases[] = {
	KTEST_CASE(tick_is_running),
	KTEST_CASE(rtc_interrupt_through_slave_pic),
	KTEST_CASE(request_irq_rules),
	KTEST_CASE(spurious_irq7_and_irq15_are_recognised),
	KTEST_CASE(unclaimed_vector_is_reported_and_ended),
	KTEST_CASE(softirq_raised_in_irq_runs_on_irq_exit),
	KTEST_CASE(softirq_raised_in_task_runs_in_ksoftirqd),
	KTEST_CASE(local_bh_disable_holds_softirqs_back),
	KTEST_CASE(tasklet_runs_once_per_scheduling),
	KTEST_CASE(timer_list_fires_in_softirq_in_order),
	KTEST_CASE(hrtimer_fires_in_hardirq),
	KTEST_CASE(hrtimer_forward_skips_in_one_step),
	KTEST_CASE(irq_taking_held_lock_is_reported),
};

KTEST_SUITE_FULL(irq, irq_cases, NULL, ctx_case_exit);
