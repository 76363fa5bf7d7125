/* SPDX-License-Identifier: MIT */
/* Scheduler internals shared by kernel/sched.c, kthread.c and time.c (not a public API). */
#pragma once

#include <kernel/sched.h>

/*
 * sched_setup_thread - give @t a first stack frame so that, the first
 * time the scheduler switches to it, it enables interrupts and calls
 * @fn(@arg) (through ret_from_kthread in switch_to.S); then add it to the
 * task list in state TASK_NEW with a fresh pid (@pid < 0) or @pid.
 * Context: process context or boot; @t->stack is set.
 */
void sched_setup_thread(struct task_struct *t, int (*fn)(void *), void *arg, int pid);

/*
 * Kernel stacks: THREAD_SIZE bytes from vmalloc (an unmapped guard page
 * lies below every area, so an overflow faults). Sets t->stack.
 * Return: 0 or -ENOMEM. Context: process context, may sleep.
 */
int alloc_thread_stack(struct task_struct *t);
/* Context: process context (vfree may sleep). */
void free_thread_stack(struct task_struct *t);

/*
 * Wait until @t (dead or dying, a reference held) has been switched away
 * for the last time and its stack released. Context: may sleep.
 */
void wait_task_reaped(struct task_struct *t);

/* kernel/kthread.c: free a task's kthread bookkeeping (last reference). */
void free_kthread_struct(struct task_struct *t);

/* switch_to.S */
struct task_struct *__switch_to_asm(struct task_struct *prev, struct task_struct *next);
void ret_from_kthread(void);
/* Called by ret_from_kthread: finish the switch, enable interrupts. */
void schedule_tail(struct task_struct *prev);
