/* SPDX-License-Identifier: MIT */
/*
 * Timers (kernel/time.c), with Linux's two kinds:
 *
 * struct timer_list (include/linux/timer.h): jiffies resolution; the
 * callback runs from TIMER_SOFTIRQ, so in softirq context
 * (in_serving_softirq()): it must not sleep.
 *
 * struct hrtimer (include/linux/hrtimer.h), the subset this kernel needs:
 * ktime expiry, checked on every tick (Linux's low-resolution mode, so
 * tick resolution); the callback runs in the timer interrupt itself, in
 * hardirq context with interrupts disabled.
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/jiffies.h>
#include <kernel/ktime.h>
#include <kernel/list.h>
#include <kernel/types.h>

struct timer_list {
	struct list_head entry;		/* on the pending list, sorted by expiry */
	unsigned long expires;		/* in jiffies */
	void (*function)(struct timer_list *);
	u32 flags;
};

#define from_timer(var, callback_timer, timer_fieldname) \
	container_of(callback_timer, __typeof__(*var), timer_fieldname)

/* Initialise @timer to call @func (not pending). */
void timer_setup(struct timer_list *timer, void (*func)(struct timer_list *), u32 flags);

static inline bool timer_pending(const struct timer_list *timer)
{
	return timer->entry.next != NULL && timer->entry.next != &timer->entry;
}

/*
 * mod_timer - (re)arm @timer to fire at jiffies @expires.
 * Return: 1 if it was pending, 0 if not. Context: any.
 */
int mod_timer(struct timer_list *timer, unsigned long expires);
/* Arm a timer that is not pending (timer->expires set). Context: any. */
void add_timer(struct timer_list *timer);
/* Return: 1 if @timer was pending and is now stopped, else 0. Context: any. */
int del_timer(struct timer_list *timer);
/*
 * del_timer_sync - stop @timer and make sure its callback is not running
 * (on this single CPU a running callback cannot be interrupted by a
 * caller in process context, so this is del_timer()).
 * Context: not from the timer's own callback, not in hardirq.
 */
int del_timer_sync(struct timer_list *timer);
#define timer_delete(t)		del_timer(t)
#define timer_delete_sync(t)	del_timer_sync(t)

enum hrtimer_restart {
	HRTIMER_NORESTART,
	HRTIMER_RESTART,	/* the callback moved ->expires forward */
};

enum hrtimer_mode {
	HRTIMER_MODE_ABS = 0x00,
	HRTIMER_MODE_REL = 0x01,
	HRTIMER_MODE_HARD = 0x08,	/* hardirq expiry: the only kind here */
	HRTIMER_MODE_ABS_HARD = HRTIMER_MODE_ABS | HRTIMER_MODE_HARD,
	HRTIMER_MODE_REL_HARD = HRTIMER_MODE_REL | HRTIMER_MODE_HARD,
};

#define CLOCK_MONOTONIC 1

struct hrtimer {
	struct list_head node;		/* on the active list, sorted by expiry */
	ktime_t expires;
	enum hrtimer_restart (*function)(struct hrtimer *);
	bool active;
};

/* Initialise @timer (set ->function afterwards). */
void hrtimer_init(struct hrtimer *timer, int clock_id, enum hrtimer_mode mode);
/* Arm @timer: @tim is absolute (ktime_get()) or relative per @mode. Context: any. */
void hrtimer_start(struct hrtimer *timer, ktime_t tim, enum hrtimer_mode mode);
/*
 * hrtimer_cancel - disarm @timer. Return: 1 if it was active.
 * Context: not hardirq (a running callback cannot be waited for there).
 */
int hrtimer_cancel(struct hrtimer *timer);
/* Move ->expires forward by @interval past now. Return: intervals skipped. */
u64 hrtimer_forward_now(struct hrtimer *timer, ktime_t interval);

static inline bool hrtimer_active(const struct hrtimer *timer)
{
	return READ_ONCE(timer->active);
}

/*
 * time_init - calibrate the TSC against the PIT and start the tick at HZ:
 * the local APIC timer if there is one, else PIT channel 0 on IRQ 0.
 * Context: boot, once, interrupts off, after init_IRQ().
 */
void time_init(void);
/* Return: the tick source, "local APIC timer" or "PIT (IRQ 0)". */
const char *tick_source_name(void);
