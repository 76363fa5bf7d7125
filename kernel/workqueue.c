// SPDX-License-Identifier: MIT
/*
 * The system workqueue: one FIFO list served by the kernel thread
 * "kworker/0:0", as a much smaller Linux kernel/workqueue.c. Work queued
 * before the thread exists waits for it.
 *
 * Lock order: wq_lock (interrupts disabled: work is queued from
 * interrupt handlers) -> wait queue locks.
 */
#define pr_fmt(fmt) "workqueue: " fmt

#include <kernel/kthread.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/wait.h>
#include <kernel/workqueue.h>

/* Guarded by wq_lock. */
static DEFINE_SPINLOCK(wq_lock);
static LIST_HEAD(worklist);
static struct work_struct *current_work;	/* running now, or NULL */
static unsigned long nr_queued;			/* ever queued */
static unsigned long nr_finished;		/* ever run or cancelled */

static DECLARE_WAIT_QUEUE_HEAD(worker_wait);	/* the worker sleeps here */
static DECLARE_WAIT_QUEUE_HEAD(work_done_wait);	/* flushers sleep here */
static struct task_struct *kworker;
unsigned long workqueue_work_done;

bool schedule_work(struct work_struct *work)
{
	unsigned long flags;

	spin_lock_irqsave(&wq_lock, flags);
	if (work->pending) {
		spin_unlock_irqrestore(&wq_lock, flags);
		return false;
	}
	work->pending = true;
	list_add_tail(&work->entry, &worklist);
	nr_queued++;
	spin_unlock_irqrestore(&wq_lock, flags);
	wake_up(&worker_wait);
	return true;
}

/* Take the next work item and mark it running. Return: it, or NULL. */
static struct work_struct *worker_next(void)
{
	struct work_struct *work = NULL;

	spin_lock_irq(&wq_lock);
	if (!list_empty(&worklist)) {
		work = list_first_entry(&worklist, struct work_struct, entry);
		list_del_init(&work->entry);
		work->pending = false;
		current_work = work;
	}
	spin_unlock_irq(&wq_lock);
	return work;
}

static int worker_thread(void *unused)
{
	for (;;) {
		struct work_struct *work;

		wait_event(worker_wait, !list_empty(&worklist));
		while ((work = worker_next())) {
			/* The function may free @work: it is not touched afterwards. */
			work->func(work);
			spin_lock_irq(&wq_lock);
			current_work = NULL;
			nr_finished++;
			workqueue_work_done++;
			spin_unlock_irq(&wq_lock);
			wake_up_all(&work_done_wait);
			cond_resched();
		}
	}
	return 0;
}

static bool work_busy(struct work_struct *work)
{
	unsigned long flags;
	bool busy;

	spin_lock_irqsave(&wq_lock, flags);
	busy = work->pending || current_work == work;
	spin_unlock_irqrestore(&wq_lock, flags);
	return busy;
}

bool flush_work(struct work_struct *work)
{
	might_sleep();
	if (!work_busy(work))
		return false;
	wait_event(work_done_wait, !work_busy(work));
	return true;
}

bool cancel_work_sync(struct work_struct *work)
{
	bool was_pending = false;

	might_sleep();
	spin_lock_irq(&wq_lock);
	if (work->pending) {
		list_del_init(&work->entry);
		work->pending = false;
		nr_finished++;
		was_pending = true;
	}
	spin_unlock_irq(&wq_lock);
	wait_event(work_done_wait, READ_ONCE(current_work) != work);
	return was_pending;
}

/*
 * Work is run first in, first out, and a cancelled item counts as
 * finished, so once nr_finished reaches the count at the call, every item
 * queued before it has run or been cancelled.
 */
void flush_scheduled_work(void)
{
	unsigned long target = READ_ONCE(nr_queued);

	might_sleep();
	wait_event(work_done_wait, (long)(READ_ONCE(nr_finished) - target) >= 0);
}

void workqueue_init(void)
{
	kworker = kthread_run(worker_thread, NULL, "kworker/0:0");
	if (!kworker)
		panic("workqueue: cannot create kworker/0:0");
}
