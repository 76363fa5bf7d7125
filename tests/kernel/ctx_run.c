// SPDX-License-Identifier: MIT
/* Test helpers: run code in hardirq, softirq, tasklet or kthread context. */
#include <kernel/completion.h>
#include <kernel/errno.h>
#include <kernel/interrupt.h>
#include <kernel/kthread.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/timer.h>
#include <kernel/workqueue.h>
#include <mm/page_alloc.h>

#include "ctx_run.h"

struct ctx_call {
	void (*fn)(void *);
	void *arg;
	struct completion done;
	struct hrtimer hrtimer;
	struct timer_list timer;
	struct tasklet_struct tasklet;
};

static void ctx_call_run(struct ctx_call *c)
{
	c->fn(c->arg);
	complete(&c->done);
}

static enum hrtimer_restart ctx_hardirq(struct hrtimer *h)
{
	ctx_call_run(container_of(h, struct ctx_call, hrtimer));
	return HRTIMER_NORESTART;
}

static void ctx_softirq(struct timer_list *t)
{
	ctx_call_run(container_of(t, struct ctx_call, timer));
}

static void ctx_tasklet(struct tasklet_struct *t)
{
	ctx_call_run(container_of(t, struct ctx_call, tasklet));
}

/* Schedule the tasklet from the timer interrupt, as a driver's top half would. */
static enum hrtimer_restart ctx_tasklet_top_half(struct hrtimer *h)
{
	tasklet_schedule(&container_of(h, struct ctx_call, hrtimer)->tasklet);
	return HRTIMER_NORESTART;
}

static int ctx_kthread(void *arg)
{
	ctx_call_run(arg);
	return 0;
}

int ctx_run(enum ctx_kind kind, void (*fn)(void *), void *arg)
{
	struct ctx_call c = { .fn = fn, .arg = arg };
	struct task_struct *k = NULL;

	init_completion(&c.done);
	hrtimer_init(&c.hrtimer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_HARD);
	timer_setup(&c.timer, ctx_softirq, 0);
	tasklet_setup(&c.tasklet, ctx_tasklet);
	switch (kind) {
	case CTX_HARDIRQ:
		c.hrtimer.function = ctx_hardirq;
		hrtimer_start(&c.hrtimer, 1, HRTIMER_MODE_REL_HARD);
		break;
	case CTX_SOFTIRQ:
		mod_timer(&c.timer, jiffies + 1);
		break;
	case CTX_TASKLET:
		c.hrtimer.function = ctx_tasklet_top_half;
		hrtimer_start(&c.hrtimer, 1, HRTIMER_MODE_REL_HARD);
		break;
	case CTX_KTHREAD:
		k = kthread_run(ctx_kthread, &c, "ctx-test");
		if (!k)
			return -ENOMEM;
		get_task_struct(k);
		break;
	}
	if (!wait_for_completion_timeout(&c.done, 10 * HZ)) {
		hrtimer_cancel(&c.hrtimer);
		del_timer_sync(&c.timer);
		tasklet_kill(&c.tasklet);
		return -ETIMEDOUT;
	}
	/* Nothing may still point at @c (on our stack) when we return. */
	hrtimer_cancel(&c.hrtimer);
	tasklet_kill(&c.tasklet);
	if (k) {
		kthread_stop(k);	/* it has ended: this waits until it is reaped */
		put_task_struct(k);
	}
	return 0;
}

void ctx_case_exit(struct ktest *t)
{
	flush_scheduled_work();
	shrink_all(GFP_KERNEL);
}

unsigned int count_substr(const char *hay, const char *needle)
{
	unsigned int n = 0;
	size_t len = strlen(needle);

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += len;
	}
	return n;
}

void ctx_snapshot_take(struct ctx_snapshot *s)
{
	s->in_irq = in_irq();
	s->in_softirq = in_softirq();
	s->in_serving_softirq = in_serving_softirq();
	s->in_interrupt = in_interrupt();
	s->in_atomic = in_atomic();
	s->in_task = in_task();
	s->irqs_disabled = irqs_disabled();
	s->preemptible = preemptible();
	s->preempt_count = preempt_count();
	strscpy(s->comm, current->comm, sizeof(s->comm));
}
