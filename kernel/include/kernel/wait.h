/* SPDX-License-Identifier: MIT */
/*
 * Wait queues (kernel/wait.c), as Linux's include/linux/wait.h: a task
 * sleeps on a queue until a condition holds; whoever makes it true calls
 * wake_up() on the queue.
 *
 *	wait_event(wq, cond);			sleep until cond
 *	ret = wait_event_timeout(wq, cond, t);	0: timed out; else jiffies left (>= 1)
 *	... cond = true; wake_up(&wq);		from any context, interrupts included
 *
 * The condition is checked after the task is queued and its state set, so
 * a wake-up between the check and the sleep is never lost.
 * Context: waiting may sleep (process context; it calls might_sleep());
 * waking is allowed anywhere.
 */
#pragma once

#include <kernel/list.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/types.h>

#define WQ_FLAG_EXCLUSIVE	0x01	/* wake_up() wakes one exclusive waiter */
#define WQ_FLAG_WOKEN		0x02

struct wait_queue_entry;
typedef int (*wait_queue_func_t)(struct wait_queue_entry *wq_entry, unsigned int mode,
				 int flags, void *key);

struct wait_queue_entry {
	unsigned int flags;
	void *private;			/* the waiting task */
	wait_queue_func_t func;
	struct list_head entry;
};

struct wait_queue_head {
	struct spinlock lock;		/* guards head */
	struct list_head head;
};

#define __WAIT_QUEUE_HEAD_INITIALIZER(name)					\
	{ .lock = __SPIN_LOCK_UNLOCKED(name.lock), .head = LIST_HEAD_INIT(name.head) }
#define DECLARE_WAIT_QUEUE_HEAD(name)						\
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void init_waitqueue_head(struct wait_queue_head *wq_head);

/* Wake functions: the default wakes the task; autoremove also unqueues it. */
int default_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
			  void *key);
int autoremove_wake_function(struct wait_queue_entry *wq_entry, unsigned int mode, int flags,
			     void *key);

void init_wait_entry(struct wait_queue_entry *wq_entry, int flags);
#define DEFINE_WAIT(name)							\
	struct wait_queue_entry name = { .private = current,			\
		.func = autoremove_wake_function,				\
		.entry = LIST_HEAD_INIT((name).entry) }

void add_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);
void add_wait_queue_exclusive(struct wait_queue_head *wq_head,
			      struct wait_queue_entry *wq_entry);
void remove_wait_queue(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);

/* Queue @wq_entry (if not queued) and set the task state to @state. */
void prepare_to_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry,
		     int state);
void prepare_to_wait_exclusive(struct wait_queue_head *wq_head,
			       struct wait_queue_entry *wq_entry, int state);
/* Set TASK_RUNNING and unqueue @wq_entry if still queued. */
void finish_wait(struct wait_queue_head *wq_head, struct wait_queue_entry *wq_entry);

/*
 * __wake_up - wake the non-exclusive waiters and up to @nr_exclusive
 * exclusive ones (0: all) whose state is in @mode.
 * Context: any.
 */
void __wake_up(struct wait_queue_head *wq_head, unsigned int mode, int nr_exclusive,
	       void *key);
#define wake_up(x)			__wake_up(x, TASK_NORMAL, 1, NULL)
#define wake_up_nr(x, nr)		__wake_up(x, TASK_NORMAL, nr, NULL)
#define wake_up_all(x)			__wake_up(x, TASK_NORMAL, 0, NULL)
#define wake_up_interruptible(x)	__wake_up(x, TASK_INTERRUPTIBLE, 1, NULL)
#define wake_up_interruptible_all(x)	__wake_up(x, TASK_INTERRUPTIBLE, 0, NULL)

static inline bool waitqueue_active(const struct wait_queue_head *wq_head)
{
	return !list_empty(&wq_head->head);
}

/*
 * The core loop: queue, set @state, test @condition, run @cmd (a sleep)
 * until it holds or @cmd says stop (by setting __ret to 0 for timeouts).
 */
#define ___wait_event(wq_head, condition, state, exclusive, ret, cmd)		\
	({									\
		struct wait_queue_entry __wq_entry;				\
		long __ret = ret;						\
										\
		init_wait_entry(&__wq_entry, exclusive ? WQ_FLAG_EXCLUSIVE : 0);\
		for (;;) {							\
			if (exclusive)						\
				prepare_to_wait_exclusive(&(wq_head),		\
							  &__wq_entry, state);	\
			else							\
				prepare_to_wait(&(wq_head), &__wq_entry, state);\
			if (condition)						\
				break;						\
			cmd;							\
		}								\
		finish_wait(&(wq_head), &__wq_entry);				\
		__ret;								\
	})

/*
 * wait_event - sleep (TASK_UNINTERRUPTIBLE) until @condition is true.
 * Context: process context, may sleep.
 */
#define wait_event(wq_head, condition)						\
	do {									\
		might_sleep();							\
		if (condition)							\
			break;							\
		(void)___wait_event(wq_head, condition, TASK_UNINTERRUPTIBLE, 0,\
				    0, schedule());				\
	} while (0)

/* No signals exist here: the _interruptible form never returns -ERESTARTSYS. */
#define wait_event_interruptible(wq_head, condition)				\
	({									\
		wait_event(wq_head, condition);					\
		0;								\
	})

/* True if @condition holds; when the time ran out at the same moment, __ret becomes 1. */
#define ___wait_cond_timeout(condition)						\
	({									\
		bool __cond = (condition);					\
		if (__cond && !__ret)						\
			__ret = 1;						\
		__cond || !__ret;						\
	})

/*
 * wait_event_timeout - sleep until @condition or @timeout jiffies passed.
 * Return: 0 if @condition was still false when the time ran out, else the
 * jiffies left (at least 1).
 * Context: process context, may sleep.
 */
#define wait_event_timeout(wq_head, condition, timeout)				\
	({									\
		long __ret = timeout;						\
		might_sleep();							\
		if (!___wait_cond_timeout(condition))				\
			__ret = ___wait_event(wq_head,				\
					      ___wait_cond_timeout(condition),	\
					      TASK_UNINTERRUPTIBLE, 0, timeout,	\
					      __ret = schedule_timeout(__ret));	\
		__ret;								\
	})
