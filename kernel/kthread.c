// SPDX-License-Identifier: MIT
/*
 * Kernel threads, as Linux's kernel/kthread.c, and their stacks.
 *
 * Every thread's stack is THREAD_SIZE bytes of vmalloc space. vmalloc
 * leaves an unmapped guard page after every area, so the page just below
 * a stack is always the guard page of the area before it (or never
 * mapped): a stack that overflows faults there, and the page-fault
 * handler reports "BUG: TASK stack guard page was hit" naming the thread
 * (task_stack_guard_hit()), as Linux does with CONFIG_VMAP_STACK. The
 * stacks of dead threads are kept for reuse (two, as Linux's per-CPU
 * cache), and kthread_stop() returns only once the thread's stack has
 * been released, so no free happens behind the caller's back later.
 *
 * Lock order: the stack cache is guarded by disabling interrupts; the
 * task list belongs to kernel/sched.c.
 */
#define pr_fmt(fmt) "kthread: " fmt

#include <arch/memlayout.h>
#include <kernel/completion.h>
#include <kernel/errno.h>
#include <kernel/kthread.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "sched_priv.h"

struct kthread {
	int (*threadfn)(void *data);
	void *data;
	bool should_stop;		/* set by kthread_stop() */
	int result;			/* threadfn's return value */
	struct completion exited;	/* completed when the thread is done */
};

/* ---- stacks ------------------------------------------------------------ */

/*
 * Stacks of dead threads are kept for the next thread, as Linux keeps
 * NR_CACHED_STACKS per CPU: creating a thread then costs no vmalloc, and
 * a thread's death frees no memory behind the back of the next caller.
 * Guarded by disabling interrupts.
 */
#define NR_CACHED_STACKS 2
static void *cached_stacks[NR_CACHED_STACKS];

static void *stack_from_cache(void)
{
	unsigned long flags;
	void *stack = NULL;

	local_irq_save(flags);
	for (int i = 0; i < NR_CACHED_STACKS && !stack; i++) {
		stack = cached_stacks[i];
		cached_stacks[i] = NULL;
	}
	local_irq_restore(flags);
	return stack;
}

static bool stack_to_cache(void *stack)
{
	unsigned long flags;
	bool cached = false;

	local_irq_save(flags);
	for (int i = 0; i < NR_CACHED_STACKS && !cached; i++) {
		if (!cached_stacks[i]) {
			cached_stacks[i] = stack;
			cached = true;
		}
	}
	local_irq_restore(flags);
	return cached;
}

int alloc_thread_stack(struct task_struct *t)
{
	void *stack = stack_from_cache();

	if (stack)
		memset(stack, 0, THREAD_SIZE);	/* nothing of the dead thread leaks */
	else
		stack = vmalloc(THREAD_SIZE);
	if (!stack)
		return -ENOMEM;
	t->stack = stack;
	t->stack_size = THREAD_SIZE;
	t->stack_vmapped = true;
	return 0;
}

void free_thread_stack(struct task_struct *t)
{
	if (t->stack_vmapped && !stack_to_cache(t->stack))
		vfree(t->stack);
	t->stack = NULL;
}

/**
 * task_stack_guard_hit - see kernel/sched.h. Only the running task can
 * overflow its stack, so only its guard page is checked.
 */
struct task_struct *task_stack_guard_hit(unsigned long addr)
{
	struct task_struct *t = current;
	unsigned long lo = (unsigned long)t->stack;

	if (!t->stack_vmapped || addr >= lo || addr < lo - PAGE_SIZE)
		return NULL;
	printk(KERN_EMERG "BUG: TASK stack guard page was hit at %016lx (stack is %016lx..%016lx)\n",
	       addr, lo, lo + t->stack_size - 1);
	printk(KERN_EMERG "CPU: 0 PID: %d Comm: %s\n", t->pid, t->comm);
	return t;
}

/* ---- threads ------------------------------------------------------------ */

void free_kthread_struct(struct task_struct *t)
{
	kfree(t->kthread);
	t->kthread = NULL;
}

void kthread_exit(int result)
{
	struct kthread *k = current->kthread;

	if (k) {
		k->result = result;
		complete(&k->exited);
	}
	do_exit(result);
}

/* Every kthread starts here (from ret_from_kthread), interrupts on. */
static int kthread_main(void *arg)
{
	struct task_struct *t = arg;
	struct kthread *k = t->kthread;
	int ret = -EINTR;

	if (!READ_ONCE(k->should_stop))
		ret = k->threadfn(k->data);
	kthread_exit(ret);
}

/**
 * kthread_create - see kernel/kthread.h.
 */
struct task_struct *kthread_create(int (*threadfn)(void *data), void *data,
				   const char *namefmt, ...)
{
	struct task_struct *t;
	struct kthread *k;
	va_list args;

	might_sleep();
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!t || !k)
		goto free_structs;
	if (alloc_thread_stack(t))
		goto free_structs;
	va_start(args, namefmt);
	vsnprintf(t->comm, sizeof(t->comm), namefmt, args);
	va_end(args);
	k->threadfn = threadfn;
	k->data = data;
	init_completion(&k->exited);
	t->kthread = k;
	t->flags = PF_KTHREAD;
	sched_setup_thread(t, kthread_main, t, -1);
	return t;

free_structs:
	kfree(k);
	kfree(t);
	return NULL;
}

/**
 * kthread_stop - see kernel/kthread.h.
 */
int kthread_stop(struct task_struct *k)
{
	struct kthread *kt = k->kthread;
	int ret;

	if (WARN_ON(!kt))
		return -EINVAL;
	get_task_struct(k);
	WRITE_ONCE(kt->should_stop, true);
	wake_up_process(k);
	wait_for_completion(&kt->exited);
	ret = kt->result;
	wait_task_reaped(k);		/* gone for good, its stack released */
	put_task_struct(k);
	return ret;
}

bool kthread_should_stop(void)
{
	struct kthread *k = current->kthread;

	return k && READ_ONCE(k->should_stop);
}

void *kthread_data(struct task_struct *k)
{
	return k->kthread ? k->kthread->data : NULL;
}
