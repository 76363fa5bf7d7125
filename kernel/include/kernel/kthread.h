/* SPDX-License-Identifier: MIT */
/*
 * Kernel threads (kernel/kthread.c), as Linux's include/linux/kthread.h.
 * A thread runs threadfn(data) on its own THREAD_SIZE stack (vmalloc'd,
 * with a guard page below it: an overflow is a page fault reported with
 * the thread's name, not silent corruption). When threadfn returns, the
 * thread exits with its return value.
 *
 *	t = kthread_run(fn, data, "worker/%d", n);
 *	...
 *	ret = kthread_stop(t);	// fn must poll kthread_should_stop()
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/sched.h>
#include <kernel/types.h>

/*
 * kthread_create - make a thread that will run @threadfn(@data), named
 * from @namefmt (cut to TASK_COMM_LEN - 1). It does not run until
 * wake_up_process() (or kthread_run()).
 * Return: the task, or NULL when there is no memory for it.
 * Context: process context, may sleep.
 */
struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *namefmt, ...) __printf(3, 4);

/* kthread_create() and wake it up. Return: the task, or NULL. */
#define kthread_run(threadfn, data, namefmt, ...)				\
	({									\
		struct task_struct *__k =					\
			kthread_create(threadfn, data, namefmt, ##__VA_ARGS__);	\
		if (__k)							\
			wake_up_process(__k);					\
		__k;								\
	})

/*
 * kthread_stop - tell @k to stop (kthread_should_stop() becomes true),
 * wake it, and wait until it has exited and its stack is released. A
 * thread that never ran does not run threadfn at all.
 * Return: threadfn's return value, or -EINTR if it never ran.
 * Context: process context, may sleep. @k must not have exited by itself
 * unless the caller holds a reference (get_task_struct()).
 */
int kthread_stop(struct task_struct *k);
/* Return: true once kthread_stop() was called on the current thread. */
bool kthread_should_stop(void);
/* Return: the data given to kthread_create() for @k. */
void *kthread_data(struct task_struct *k);
/* End the current kthread with @result, as if threadfn returned it. */
void __noreturn kthread_exit(int result);
