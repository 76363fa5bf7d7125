/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the context, sched and irq suites (tests/kernel/ctx_run.c):
 * run a function for real in a given execution context and wait for it,
 * and count reports in a printk capture.
 */
#pragma once

#include <kernel/types.h>

enum ctx_kind {
	CTX_HARDIRQ,	/* an hrtimer callback: inside the timer interrupt */
	CTX_SOFTIRQ,	/* a timer_list callback: TIMER_SOFTIRQ */
	CTX_TASKLET,	/* a tasklet scheduled from the timer interrupt */
	CTX_KTHREAD,	/* a kernel thread of its own: may sleep */
};

/*
 * ctx_run - run @fn(@arg) once in context @kind and wait until it has
 * returned. Return: 0, or -ETIMEDOUT if it never ran (10 s: a hang guard,
 * not a timing check).
 * Context: process context, may sleep.
 */
int ctx_run(enum ctx_kind kind, void (*fn)(void *), void *arg);

/*
 * ctx_case_exit - the suites' per-case exit: run the queued work and
 * give empty slabs back, so no case leaves frees or reclaimable memory
 * behind for the next (other suites count free pages).
 */
struct ktest;
void ctx_case_exit(struct ktest *t);

/* Return: how often @needle occurs in @hay. */
unsigned int count_substr(const char *hay, const char *needle);

#define SLEEP_BUG "BUG: sleeping function called from invalid context"

/* Where the current context stands, for checks made inside it. */
struct ctx_snapshot {
	bool in_irq, in_softirq, in_serving_softirq, in_interrupt, in_atomic, in_task;
	bool irqs_disabled, preemptible;
	unsigned int preempt_count;
	char comm[16];
};
void ctx_snapshot_take(struct ctx_snapshot *s);
