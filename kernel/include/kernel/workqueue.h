/* SPDX-License-Identifier: MIT */
/*
 * A simple workqueue (kernel/workqueue.c), as Linux's system_wq: work
 * items run one after another in the kernel thread "kworker/0:0", in
 * process context, so they may sleep and use GFP_KERNEL. It is how
 * interrupt handlers and other atomic code hand off work that may sleep
 * (vfree() from interrupt context queues its freeing here).
 *
 *	static void fn(struct work_struct *w) { ... }
 *	static DECLARE_WORK(my_work, fn);
 *	schedule_work(&my_work);	// from any context
 */
#pragma once

#include <kernel/list.h>
#include <kernel/types.h>

struct work_struct;
typedef void (*work_func_t)(struct work_struct *work);

struct work_struct {
	struct list_head entry;		/* on the queue while pending */
	work_func_t func;
	bool pending;			/* queued, not yet started */
};

#define __WORK_INITIALIZER(n, f)						\
	{ .entry = LIST_HEAD_INIT((n).entry), .func = (f), .pending = false }
#define DECLARE_WORK(n, f) struct work_struct n = __WORK_INITIALIZER(n, f)
#define INIT_WORK(_work, _func)							\
	do {									\
		INIT_LIST_HEAD(&(_work)->entry);				\
		(_work)->func = (_func);					\
		(_work)->pending = false;					\
	} while (0)

static inline bool work_pending(const struct work_struct *work)
{
	return READ_ONCE(work->pending);
}

/*
 * schedule_work - queue @work to run in the kworker thread.
 * Return: false if it was already pending (it then runs once), else true.
 * Context: any (interrupts and spinlocks included).
 */
bool schedule_work(struct work_struct *work);
/*
 * flush_work - wait until @work is neither pending nor running.
 * Return: true if it had to wait. Context: process context, may sleep.
 */
bool flush_work(struct work_struct *work);
/* Take @work off the queue if pending, then wait if it runs. Return: true if it was pending. */
bool cancel_work_sync(struct work_struct *work);
/* Wait until every work queued before the call has run. Context: may sleep. */
void flush_scheduled_work(void);
/* Start the kworker thread. Context: boot, after sched_init(). */
void workqueue_init(void);
/* Work items run so far. */
extern unsigned long workqueue_work_done;
