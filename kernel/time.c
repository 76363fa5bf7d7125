// SPDX-License-Identifier: MIT
/*
 * Time: the periodic tick (HZ = 250, see kernel/jiffies.h), jiffies,
 * timer_list and hrtimer expiry, schedule_timeout() and msleep().
 *
 * The tick source is chosen at boot: the local APIC timer when the CPU
 * has a usable local APIC (calibrated against PIT channel 2 together with
 * the TSC), else PIT channel 0 on IRQ 0 ("nolapic" forces the PIT). Every
 * tick, in hardirq context: jiffies++, expired hrtimers run, TIMER_SOFTIRQ
 * is raised if a timer_list is due, and the scheduler's time slice is
 * charged.
 *
 * Lock order: timer_lock and hrtimer_lock are taken with interrupts
 * disabled and never together; callbacks run with neither held.
 */
#define pr_fmt(fmt) "time: " fmt

#include <arch/apic.h>
#include <arch/pit.h>
#include <arch/tsc.h>
#include <kernel/delay.h>
#include <kernel/hardirq.h>
#include <kernel/interrupt.h>
#include <kernel/jiffies.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/timer.h>

volatile unsigned long jiffies;

/* Pending timer_lists, sorted by expiry; guarded by timer_lock. */
static DEFINE_SPINLOCK(timer_lock);
static LIST_HEAD(timer_pending_list);

/* Active hrtimers, sorted by expiry; guarded by hrtimer_lock. */
static DEFINE_SPINLOCK(hrtimer_lock);
static LIST_HEAD(hrtimer_active_list);

static const char *tick_source = "none";

/* ---- timer_list ---------------------------------------------------------- */

void timer_setup(struct timer_list *timer, void (*func)(struct timer_list *), u32 flags)
{
	INIT_LIST_HEAD(&timer->entry);
	timer->function = func;
	timer->flags = flags;
	timer->expires = 0;
}

/* Insert in expiry order (equal expiries keep their arming order). Lock held. */
static void enqueue_timer_locked(struct timer_list *timer)
{
	struct timer_list *pos;

	assert_spin_locked(&timer_lock);
	list_for_each_entry(pos, &timer_pending_list, entry) {
		if (time_after(pos->expires, timer->expires)) {
			list_add_tail(&timer->entry, &pos->entry);
			return;
		}
	}
	list_add_tail(&timer->entry, &timer_pending_list);
}

int mod_timer(struct timer_list *timer, unsigned long expires)
{
	unsigned long flags;
	int was_pending;

	spin_lock_irqsave(&timer_lock, flags);
	was_pending = timer_pending(timer);
	if (was_pending)
		list_del_init(&timer->entry);
	timer->expires = expires;
	enqueue_timer_locked(timer);
	spin_unlock_irqrestore(&timer_lock, flags);
	return was_pending;
}

void add_timer(struct timer_list *timer)
{
	WARN_ON(timer_pending(timer));
	mod_timer(timer, timer->expires);
}

int del_timer(struct timer_list *timer)
{
	unsigned long flags;
	int was_pending;

	spin_lock_irqsave(&timer_lock, flags);
	was_pending = timer_pending(timer);
	if (was_pending)
		list_del_init(&timer->entry);
	spin_unlock_irqrestore(&timer_lock, flags);
	return was_pending;
}

int del_timer_sync(struct timer_list *timer)
{
	WARN_ON_ONCE(in_hardirq());
	return del_timer(timer);
}

/* TIMER_SOFTIRQ: run every expired timer, oldest first, without the lock. */
static void run_timer_softirq(struct softirq_action *h)
{
	spin_lock_irq(&timer_lock);
	while (!list_empty(&timer_pending_list)) {
		struct timer_list *timer = list_first_entry(&timer_pending_list,
							    struct timer_list, entry);
		void (*fn)(struct timer_list *) = timer->function;

		if (time_after(timer->expires, jiffies))
			break;
		list_del_init(&timer->entry);
		spin_unlock_irq(&timer_lock);
		fn(timer);
		spin_lock_irq(&timer_lock);
	}
	spin_unlock_irq(&timer_lock);
}

static bool timer_due(void)
{
	struct timer_list *first;
	bool due;

	spin_lock(&timer_lock);
	first = list_first_entry_or_null(&timer_pending_list, struct timer_list, entry);
	due = first && !time_after(first->expires, jiffies);
	spin_unlock(&timer_lock);
	return due;
}

/* ---- hrtimer --------------------------------------------------------------- */

void hrtimer_init(struct hrtimer *timer, int clock_id, enum hrtimer_mode mode)
{
	INIT_LIST_HEAD(&timer->node);
	timer->expires = 0;
	timer->function = NULL;
	timer->active = false;
}

static void hrtimer_enqueue_locked(struct hrtimer *timer)
{
	struct hrtimer *pos;

	list_for_each_entry(pos, &hrtimer_active_list, node) {
		if (pos->expires > timer->expires) {
			list_add_tail(&timer->node, &pos->node);
			timer->active = true;
			return;
		}
	}
	list_add_tail(&timer->node, &hrtimer_active_list);
	timer->active = true;
}

void hrtimer_start(struct hrtimer *timer, ktime_t tim, enum hrtimer_mode mode)
{
	unsigned long flags;

	spin_lock_irqsave(&hrtimer_lock, flags);
	if (timer->active)
		list_del_init(&timer->node);
	timer->expires = (mode & HRTIMER_MODE_REL) ? ktime_add(ktime_get(), tim) : tim;
	hrtimer_enqueue_locked(timer);
	spin_unlock_irqrestore(&hrtimer_lock, flags);
}

int hrtimer_cancel(struct hrtimer *timer)
{
	unsigned long flags;
	int was_active;

	WARN_ON_ONCE(in_hardirq());
	spin_lock_irqsave(&hrtimer_lock, flags);
	was_active = timer->active;
	if (was_active)
		list_del_init(&timer->node);
	timer->active = false;
	spin_unlock_irqrestore(&hrtimer_lock, flags);
	return was_active;
}

u64 hrtimer_forward_now(struct hrtimer *timer, ktime_t interval)
{
	ktime_t now = ktime_get();
	u64 overruns;

	if (interval <= 0 || timer->expires > now)
		return 0;
	/* One division, as Linux's hrtimer_forward(): a tiny interval must not loop. */
	overruns = (u64)(now - timer->expires) / (u64)interval + 1;
	timer->expires += (ktime_t)(overruns * (u64)interval);
	return overruns;
}

/* Run the expired hrtimers. Context: the tick, hardirq, interrupts off. */
static void hrtimer_run_queues(void)
{
	ktime_t now = ktime_get();

	spin_lock(&hrtimer_lock);
	while (!list_empty(&hrtimer_active_list)) {
		struct hrtimer *timer = list_first_entry(&hrtimer_active_list, struct hrtimer,
							 node);
		enum hrtimer_restart restart;

		if (timer->expires > now)
			break;
		list_del_init(&timer->node);
		timer->active = false;
		spin_unlock(&hrtimer_lock);
		restart = timer->function(timer);
		spin_lock(&hrtimer_lock);
		if (restart == HRTIMER_RESTART && !timer->active)
			hrtimer_enqueue_locked(timer);
	}
	spin_unlock(&hrtimer_lock);
}

/* ---- the tick ---------------------------------------------------------------- */

/* Everything the tick does. Context: hardirq, interrupts off. */
static void tick_periodic(void)
{
	jiffies++;
	hrtimer_run_queues();
	if (timer_due())
		raise_softirq_irqoff(TIMER_SOFTIRQ);
	scheduler_tick();
}

/* The local APIC timer's vector handler (between irq_enter and irq_exit). */
static void local_apic_timer_interrupt(void)
{
	irq_stat_local_timer++;
	lapic_eoi();
	tick_periodic();
}

/* IRQ 0: PIT channel 0. */
static irqreturn_t timer_interrupt(int irq, void *dev_id)
{
	tick_periodic();
	return IRQ_HANDLED;
}

static void __init tick_setup_pit(void)
{
	if (request_irq(0, timer_interrupt, IRQF_TIMER, "timer", NULL))
		panic("time: cannot get IRQ 0 for the PIT tick");
	pit_clockevent_periodic(HZ);
	tick_source = "PIT (IRQ 0)";
}

/**
 * time_init - calibrate the TSC (and local APIC timer), then start the
 * tick at HZ from the best source. The tick runs once interrupts are
 * enabled.
 * Context: boot, once, interrupts off, after init_IRQ().
 */
void __init time_init(void)
{
	unsigned long apic_hz;

	lapic_init();
	tsc_init();
	open_softirq(TIMER_SOFTIRQ, run_timer_softirq);
	apic_hz = lapic_present() ? lapic_timer_frequency() : 0;
	if (apic_hz >= HZ * 16) {
		irq_set_system_vector(LOCAL_TIMER_VECTOR, local_apic_timer_interrupt);
		pit_clockevent_stop();
		lapic_timer_periodic(HZ);
		tick_source = "local APIC timer";
		pr_info("tick from the local APIC timer (vector %#x, %lu.%03lu MHz after divide-by-16), HZ=%d\n",
			LOCAL_TIMER_VECTOR, apic_hz / 1000000, apic_hz / 1000 % 1000, HZ);
	} else {
		tick_setup_pit();
		pr_info("tick from the PIT (IRQ 0, %lu Hz crystal), HZ=%d%s\n", PIT_TICK_RATE, HZ,
			lapic_present() ? ": local APIC timer did not calibrate" : "");
	}
}

const char *tick_source_name(void)
{
	return tick_source;
}

/* ---- sleeping ------------------------------------------------------------------ */

struct process_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void process_timeout(struct timer_list *t)
{
	struct process_timer *timeout = from_timer(timeout, t, timer);

	wake_up_process(timeout->task);
}

/**
 * schedule_timeout - see kernel/sched.h.
 */
long schedule_timeout(long timeout)
{
	struct process_timer timer;
	unsigned long expire;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout < 0) {
		pr_err("schedule_timeout: wrong timeout value %lx\n", (unsigned long)timeout);
		__set_current_state(TASK_RUNNING);
		return 0;
	}
	expire = jiffies + timeout;
	timer.task = current;
	timer_setup(&timer.timer, process_timeout, 0);
	mod_timer(&timer.timer, expire);
	schedule();
	del_timer_sync(&timer.timer);
	timeout = (long)(expire - jiffies);
	return timeout < 0 ? 0 : timeout;
}

long schedule_timeout_uninterruptible(long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}

long schedule_timeout_interruptible(long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}

void msleep(unsigned int msecs)
{
	unsigned long timeout = msecs_to_jiffies(msecs) + 1;

	might_sleep();
	while (timeout)
		timeout = schedule_timeout_uninterruptible(timeout);
}

unsigned long msleep_interruptible(unsigned int msecs)
{
	msleep(msecs);
	return 0;
}
