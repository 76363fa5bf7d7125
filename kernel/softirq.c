// SPDX-License-Identifier: MIT
/*
 * Softirqs and tasklets, and the hardirq entry/exit that runs them, as
 * Linux's kernel/softirq.c.
 *
 * A raised softirq runs at the end of the outermost interrupt (irq_exit),
 * at local_bh_enable(), or in ksoftirqd/0: when it was raised outside
 * interrupt context (nobody would otherwise run it soon), or when
 * softirqs keep re-raising themselves for more than MAX_SOFTIRQ_RESTART
 * rounds or 2 ms, so that interrupts cannot starve the tasks. While
 * ksoftirqd is runnable, irq_exit() leaves the work to it.
 *
 * Lock order: softirq_pending and both tasklet lists are guarded by
 * disabling interrupts (one CPU); tasklet state bits are atomic.
 */
#define pr_fmt(fmt) "softirq: " fmt

#include <kernel/hardirq.h>
#include <kernel/interrupt.h>
#include <kernel/kthread.h>
#include <kernel/ktime.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>

#define MAX_SOFTIRQ_RESTART	10
#define MAX_SOFTIRQ_TIME_NS	(2 * NSEC_PER_MSEC)
/* Softirqs that run at irq_exit() even while ksoftirqd has work (latency). */
#define SOFTIRQ_NOW_MASK	((1U << HI_SOFTIRQ) | (1U << TASKLET_SOFTIRQ))

static unsigned int softirq_pending;
static struct softirq_action softirq_vec[NR_SOFTIRQS];
static struct task_struct *ksoftirqd;
unsigned long softirq_count_run[NR_SOFTIRQS];

const char *const softirq_to_name[NR_SOFTIRQS] = { "HI", "TIMER", "TASKLET", "TEST" };

unsigned int local_softirq_pending(void)
{
	return READ_ONCE(softirq_pending);
}

void open_softirq(int nr, void (*action)(struct softirq_action *))
{
	softirq_vec[nr].action = action;
}

static void wakeup_softirqd(void)
{
	if (ksoftirqd)
		wake_up_process(ksoftirqd);
}

void raise_softirq_irqoff(unsigned int nr)
{
	softirq_pending |= 1U << nr;
	/* Outside interrupt context no irq_exit() is coming to run it. */
	if (!in_interrupt())
		wakeup_softirqd();
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

static void run_softirq_action(unsigned int nr)
{
	struct softirq_action *h = &softirq_vec[nr];
	unsigned int prev_count = preempt_count();

	if (!h->action) {
		pr_err("softirq %u (%s) raised with no handler\n", nr, softirq_to_name[nr]);
		return;
	}
	h->action(h);
	softirq_count_run[nr]++;
	if (unlikely(prev_count != preempt_count())) {
		pr_err("huh, entered softirq %u %s %pS with preempt_count %08x, exited with %08x?\n",
		       nr, softirq_to_name[nr], h->action, prev_count, preempt_count());
		__preempt_count = prev_count;
	}
}

/*
 * handle_softirqs - run the pending softirqs, with interrupts enabled and
 * in_serving_softirq() true; what is raised meanwhile runs in further
 * rounds, up to the limits, then goes to ksoftirqd.
 * Context: interrupts disabled on entry and on return.
 */
static void handle_softirqs(void)
{
	u64 end = ktime_get_ns() + MAX_SOFTIRQ_TIME_NS;
	int restart = MAX_SOFTIRQ_RESTART;
	unsigned int pending;

	__preempt_count_add(SOFTIRQ_OFFSET, _RET_IP_);
	for (;;) {
		pending = softirq_pending;
		softirq_pending = 0;
		local_irq_enable();
		for (unsigned int nr = 0; pending; nr++, pending >>= 1)
			if (pending & 1)
				run_softirq_action(nr);
		local_irq_disable();
		if (!softirq_pending)
			break;
		if (ktime_get_ns() >= end || !--restart) {
			wakeup_softirqd();
			break;
		}
	}
	__preempt_count_sub(SOFTIRQ_OFFSET, _RET_IP_);
}

void do_softirq(void)
{
	unsigned long flags;

	if (in_interrupt())
		return;
	local_irq_save(flags);
	if (softirq_pending)
		handle_softirqs();
	local_irq_restore(flags);
}

void __local_bh_disable_ip(unsigned long ip, unsigned int cnt)
{
	WARN_ON_ONCE(in_hardirq());
	__preempt_count_add(cnt, ip);
}

void __local_bh_enable_ip(unsigned long ip, unsigned int cnt)
{
	WARN_ON_ONCE(in_hardirq() || irqs_disabled());
	/* Keep preemption off while the pending softirqs run here. */
	__preempt_count_sub(cnt - 1, ip);
	if (!in_interrupt() && local_softirq_pending() && !irqs_disabled())
		do_softirq();
	__preempt_count_sub(1, ip);
	if (!preempt_count())
		preempt_check_resched();
}

void local_bh_disable(void)
{
	__local_bh_disable_ip(_RET_IP_, SOFTIRQ_DISABLE_OFFSET);
}

void local_bh_enable(void)
{
	__local_bh_enable_ip(_RET_IP_, SOFTIRQ_DISABLE_OFFSET);
}

/**
 * irq_enter - see kernel/hardirq.h.
 */
void irq_enter(void)
{
	__preempt_count_add(HARDIRQ_OFFSET, _RET_IP_);
}

/*
 * Once ksoftirqd has been woken, let it do its job: interrupts arriving
 * meanwhile leave the softirqs to it (as Linux 4.15-6.1), so a flood of
 * softirqs cannot keep the interrupted task from running. Tasklets still
 * run at once.
 */
static bool ksoftirqd_running(unsigned int pending)
{
	if (pending & SOFTIRQ_NOW_MASK)
		return false;
	return ksoftirqd && task_state(ksoftirqd) == TASK_RUNNING;
}

/**
 * irq_exit - see kernel/hardirq.h.
 */
void irq_exit(void)
{
	__preempt_count_sub(HARDIRQ_OFFSET, _RET_IP_);
	if (!in_interrupt() && softirq_pending && !ksoftirqd_running(softirq_pending))
		handle_softirqs();
}

static int run_ksoftirqd(void *unused)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!local_softirq_pending())
			schedule();
		__set_current_state(TASK_RUNNING);
		local_irq_disable();
		if (softirq_pending)
			handle_softirqs();
		local_irq_enable();
		cond_resched();
	}
	return 0;
}

/* ---- tasklets ---------------------------------------------------------- */

struct tasklet_head {
	struct tasklet_struct *head;
	struct tasklet_struct **tail;
};

/* Guarded by disabling interrupts. */
static struct tasklet_head tasklet_vec = { NULL, &tasklet_vec.head };
static struct tasklet_head tasklet_hi_vec = { NULL, &tasklet_hi_vec.head };

static bool test_and_set_state(struct tasklet_struct *t, int bit)
{
	return __atomic_fetch_or(&t->state, 1UL << bit, __ATOMIC_SEQ_CST) & (1UL << bit);
}

static bool test_and_clear_state(struct tasklet_struct *t, int bit)
{
	return __atomic_fetch_and(&t->state, ~(1UL << bit), __ATOMIC_SEQ_CST) & (1UL << bit);
}

static bool test_state(const struct tasklet_struct *t, int bit)
{
	return READ_ONCE(t->state) & (1UL << bit);
}

/* Append @t to @head and raise @nr. Interrupts off. */
static void tasklet_queue(struct tasklet_struct *t, struct tasklet_head *head, unsigned int nr)
{
	t->next = NULL;
	*head->tail = t;
	head->tail = &t->next;
	raise_softirq_irqoff(nr);
}

static void __tasklet_schedule_common(struct tasklet_struct *t, struct tasklet_head *head,
				      unsigned int nr)
{
	unsigned long flags;

	if (test_and_set_state(t, TASKLET_STATE_SCHED))
		return;
	local_irq_save(flags);
	tasklet_queue(t, head, nr);
	local_irq_restore(flags);
}

void tasklet_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, &tasklet_vec, TASKLET_SOFTIRQ);
}

void tasklet_hi_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, &tasklet_hi_vec, HI_SOFTIRQ);
}

static void tasklet_run(struct tasklet_struct *t)
{
	if (!test_and_clear_state(t, TASKLET_STATE_SCHED))
		WARN(1, "tasklet %pS ran without being scheduled\n",
		     t->use_callback ? (void *)t->callback : (void *)t->func);
	if (t->use_callback)
		t->callback(t);
	else
		t->func(t->data);
}

/* Run every tasklet on @head; disabled or running ones go back on the list. */
static void tasklet_action_common(struct tasklet_head *head, unsigned int nr)
{
	struct tasklet_struct *list;

	local_irq_disable();
	list = head->head;
	head->head = NULL;
	head->tail = &head->head;
	local_irq_enable();

	while (list) {
		struct tasklet_struct *t = list;

		list = list->next;
		if (!test_and_set_state(t, TASKLET_STATE_RUN)) {
			if (!READ_ONCE(t->count)) {
				tasklet_run(t);
				test_and_clear_state(t, TASKLET_STATE_RUN);
				continue;
			}
			test_and_clear_state(t, TASKLET_STATE_RUN);
		}
		local_irq_disable();
		tasklet_queue(t, head, nr);
		local_irq_enable();
	}
}

static void tasklet_action(struct softirq_action *a)
{
	tasklet_action_common(&tasklet_vec, TASKLET_SOFTIRQ);
}

static void tasklet_hi_action(struct softirq_action *a)
{
	tasklet_action_common(&tasklet_hi_vec, HI_SOFTIRQ);
}

void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data)
{
	t->next = NULL;
	t->state = 0;
	t->count = 0;
	t->use_callback = false;
	t->func = func;
	t->data = data;
}

void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *))
{
	t->next = NULL;
	t->state = 0;
	t->count = 0;
	t->use_callback = true;
	t->callback = callback;
	t->data = 0;
}

void tasklet_disable(struct tasklet_struct *t)
{
	__atomic_fetch_add(&t->count, 1, __ATOMIC_SEQ_CST);
}

void tasklet_enable(struct tasklet_struct *t)
{
	__atomic_fetch_sub(&t->count, 1, __ATOMIC_SEQ_CST);
}

/**
 * tasklet_kill - see kernel/interrupt.h. Pending softirqs are run here
 * (local_bh_enable) before giving the CPU to ksoftirqd.
 */
void tasklet_kill(struct tasklet_struct *t)
{
	if (in_interrupt())
		pr_notice("Attempt to kill tasklet from interrupt\n");
	while (test_and_set_state(t, TASKLET_STATE_SCHED)) {
		while (test_state(t, TASKLET_STATE_SCHED)) {
			local_bh_disable();
			local_bh_enable();
			if (test_state(t, TASKLET_STATE_SCHED))
				yield();
		}
	}
	while (test_state(t, TASKLET_STATE_RUN))
		yield();
	test_and_clear_state(t, TASKLET_STATE_SCHED);
}

/**
 * softirq_init - the tasklet softirqs and ksoftirqd/0.
 * Context: boot, after sched_init().
 */
void softirq_init(void)
{
	open_softirq(TASKLET_SOFTIRQ, tasklet_action);
	open_softirq(HI_SOFTIRQ, tasklet_hi_action);
	ksoftirqd = kthread_run(run_ksoftirqd, NULL, "ksoftirqd/0");
	if (!ksoftirqd)
		panic("softirq: cannot create ksoftirqd/0");
}
