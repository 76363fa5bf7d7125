// SPDX-License-Identifier: MIT
/*
 * Suite "sched": kernel threads, preemption, sleeping, wait queues,
 * completions, the workqueue, spinlock checks, and a stack overflow that
 * hits the guard page below a thread's vmalloc'd stack.
 *
 * No case checks how fast anything is: waits are bounded only to turn a
 * hang into a failure (10 s), and msleep() is checked for its contract,
 * a lower bound.
 */
#include <arch/cpu.h>
#include <arch/traps.h>
#include <kernel/completion.h>
#include <kernel/delay.h>
#include <kernel/errno.h>
#include <kernel/jiffies.h>
#include <kernel/kthread.h>
#include <kernel/ktest.h>
#include <kernel/ktime.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/wait.h>
#include <kernel/workqueue.h>

#include "ctx_run.h"

#define HANG_GUARD (10 * HZ)

static char capbuf[8192];
static struct printk_capture cap;

/* ---- kernel threads ---------------------------------------------------- */

struct simple {
	volatile bool ran;
	volatile bool stop_seen;
	char comm[TASK_COMM_LEN];
	int pid;
};

static int simple_thread(void *arg)
{
	struct simple *s = arg;

	s->ran = true;
	strscpy(s->comm, current->comm, sizeof(s->comm));
	s->pid = current->pid;
	while (!kthread_should_stop())
		msleep(1);
	s->stop_seen = true;
	return 42;
}

static void kthread_run_and_stop(struct ktest *t)
{
	struct simple s = { 0 };
	struct task_struct *k = kthread_run(simple_thread, &s, "simple/%d", 7);

	KTEST_ASSERT_NOT_NULL(t, k);
	KTEST_EXPECT_STREQ(t, k->comm, "simple/7");
	KTEST_EXPECT_GT(t, k->pid, 1);
	KTEST_EXPECT_PTR_EQ(t, kthread_data(k), &s);
	for (int i = 0; i < 1000 && !s.ran; i++)
		msleep(1);			/* stopped before it ran, it would not run at all */
	KTEST_EXPECT_EQ(t, kthread_stop(k), 42);
	KTEST_EXPECT_TRUE(t, s.ran);
	KTEST_EXPECT_TRUE(t, s.stop_seen);
	KTEST_EXPECT_STREQ(t, s.comm, "simple/7");
}

static void kthread_stop_before_it_ran(struct ktest *t)
{
	struct simple s = { 0 };
	struct task_struct *k = kthread_create(simple_thread, &s, "never");

	KTEST_ASSERT_NOT_NULL(t, k);
	KTEST_EXPECT_EQ(t, task_state(k), (unsigned int)TASK_NEW);
	KTEST_EXPECT_EQ(t, kthread_stop(k), -EINTR);
	KTEST_EXPECT_FALSE(t, s.ran);
}

/* ---- preemption: two threads that never yield still interleave ---------- */

struct spinner {
	volatile unsigned long turns;	/* times it found the other one had run */
	volatile unsigned long count;
};

static struct spinner spinners[2];
static volatile int last_runner = -1;
static DECLARE_WAIT_QUEUE_HEAD(spin_wait);

static int spin_thread(void *arg)
{
	int me = (int)(long)arg;

	while (!kthread_should_stop()) {
		spinners[me].count++;
		if (last_runner != me) {
			last_runner = me;
			if (++spinners[me].turns == 4)
				wake_up(&spin_wait);
		}
		cpu_relax();
	}
	return 0;
}

static void threads_interleave_by_preemption(struct ktest *t)
{
	struct task_struct *a, *b;
	unsigned long switches = nr_context_switches();
	long left;

	memset(spinners, 0, sizeof(spinners));
	last_runner = -1;
	a = kthread_run(spin_thread, (void *)0L, "spin-a");
	b = kthread_run(spin_thread, (void *)1L, "spin-b");
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_ASSERT_NOT_NULL(t, b);
	left = wait_event_timeout(spin_wait, spinners[0].turns >= 4 && spinners[1].turns >= 4,
				  HANG_GUARD);
	get_task_struct(a);
	get_task_struct(b);
	kthread_stop(a);
	kthread_stop(b);
	KTEST_EXPECT_GT(t, left, 0L);
	/* Each took over from the other at least 4 times without ever yielding. */
	KTEST_EXPECT_GE(t, spinners[0].turns, 4UL);
	KTEST_EXPECT_GE(t, spinners[1].turns, 4UL);
	KTEST_EXPECT_GT(t, a->nivcsw, 0UL);
	KTEST_EXPECT_GT(t, b->nivcsw, 0UL);
	KTEST_EXPECT_GT(t, nr_context_switches(), switches + 8);
	put_task_struct(a);
	put_task_struct(b);
}

static void msleep_sleeps_at_least_as_asked(struct ktest *t)
{
	static const unsigned int ms[] = { 1, 4, 10, 25 };

	for (size_t i = 0; i < ARRAY_SIZE(ms); i++) {
		unsigned long j0 = jiffies;
		u64 t0 = ktime_get_ns();
		u64 elapsed;

		msleep(ms[i]);
		elapsed = ktime_get_ns() - t0;
		KTEST_EXPECT_GE(t, elapsed, (u64)ms[i] * NSEC_PER_MSEC);
		KTEST_EXPECT_GE(t, jiffies - j0, msecs_to_jiffies(ms[i]));
	}
}

static void udelay_and_ktime_agree(struct ktest *t)
{
	u64 t0 = ktime_get_ns();

	udelay(500);
	KTEST_EXPECT_GE(t, ktime_get_ns() - t0, 500 * (u64)NSEC_PER_USEC);
}

/* ---- wait queues and completions ------------------------------------------ */

struct waiter {
	struct wait_queue_head wq;
	volatile bool cond;
	volatile bool woke;
	struct completion done;
};

static int wait_thread(void *arg)
{
	struct waiter *w = arg;

	wait_event(w->wq, w->cond);
	w->woke = true;
	complete(&w->done);
	return 0;
}

static void wait_queue_wakes_sleeper(struct ktest *t)
{
	struct waiter w = { .cond = false };
	struct task_struct *k;
	unsigned int state = TASK_RUNNING;

	init_waitqueue_head(&w.wq);
	init_completion(&w.done);
	k = kthread_run(wait_thread, &w, "waiter");
	KTEST_ASSERT_NOT_NULL(t, k);
	get_task_struct(k);
	for (int i = 0; i < 1000 && state != TASK_UNINTERRUPTIBLE; i++) {
		msleep(1);
		state = task_state(k);
	}
	KTEST_EXPECT_EQ(t, state, (unsigned int)TASK_UNINTERRUPTIBLE);
	KTEST_EXPECT_TRUE(t, waitqueue_active(&w.wq));
	wake_up(&w.wq);				/* condition still false: back to sleep */
	msleep(2);
	KTEST_EXPECT_FALSE(t, w.woke);
	w.cond = true;
	wake_up(&w.wq);
	KTEST_EXPECT_GT(t, wait_for_completion_timeout(&w.done, HANG_GUARD), 0UL);
	KTEST_EXPECT_TRUE(t, w.woke);
	KTEST_EXPECT_FALSE(t, waitqueue_active(&w.wq));
	kthread_stop(k);
	put_task_struct(k);
}

static void wait_event_timeout_returns(struct ktest *t)
{
	DECLARE_WAIT_QUEUE_HEAD(wq);
	unsigned long j0 = jiffies;
	long ret;

	ret = wait_event_timeout(wq, false, 5);
	KTEST_EXPECT_EQ(t, ret, 0L);
	KTEST_EXPECT_GE(t, jiffies - j0, 5UL);
	ret = wait_event_timeout(wq, true, 5);
	KTEST_EXPECT_EQ(t, ret, 5L);
}

static void complete_from_irq(void *arg)
{
	complete(arg);
}

static void completion_semantics(struct ktest *t)
{
	DECLARE_COMPLETION(c);

	KTEST_EXPECT_FALSE(t, try_wait_for_completion(&c));
	KTEST_EXPECT_EQ(t, wait_for_completion_timeout(&c, 2), 0UL);
	complete(&c);
	complete(&c);
	KTEST_EXPECT_TRUE(t, completion_done(&c));
	wait_for_completion(&c);
	KTEST_EXPECT_TRUE(t, try_wait_for_completion(&c));
	KTEST_EXPECT_FALSE(t, completion_done(&c));
	complete_all(&c);
	wait_for_completion(&c);
	wait_for_completion(&c);
	KTEST_EXPECT_TRUE(t, completion_done(&c));
	reinit_completion(&c);
	KTEST_EXPECT_FALSE(t, completion_done(&c));
	/* Completed from the timer interrupt. */
	KTEST_EXPECT_EQ(t, ctx_run(CTX_HARDIRQ, complete_from_irq, &c), 0);
	KTEST_EXPECT_GT(t, wait_for_completion_timeout(&c, HANG_GUARD), 0UL);
}

static int flag_thread(void *arg)
{
	*(volatile bool *)arg = true;
	return 0;
}

static void yield_lets_others_run(struct ktest *t)
{
	volatile bool flag = false;
	struct task_struct *k;
	int i;

	k = kthread_run(flag_thread, (void *)&flag, "yield-test");
	KTEST_ASSERT_NOT_NULL(t, k);
	get_task_struct(k);
	for (i = 0; i < 100 && !flag; i++)
		yield();
	kthread_stop(k);			/* reaps it (it ended by itself) */
	put_task_struct(k);
	KTEST_EXPECT_TRUE(t, flag);
	KTEST_EXPECT_LT(t, i, 100);
}

/* ---- workqueue ---------------------------------------------------------------- */

struct work_probe {
	struct work_struct work;
	int runs;
	char comm[TASK_COMM_LEN];
	bool could_sleep;
};

static void probe_fn(struct work_struct *w)
{
	struct work_probe *p = container_of(w, struct work_probe, work);

	p->runs++;
	strscpy(p->comm, current->comm, sizeof(p->comm));
	p->could_sleep = preemptible() && in_task();
	msleep(1);				/* work may sleep */
}

static void workqueue_runs_in_kworker(struct ktest *t)
{
	struct work_probe p = { 0 };

	INIT_WORK(&p.work, probe_fn);
	preempt_disable();			/* keep the kworker from running in between */
	KTEST_EXPECT_TRUE(t, schedule_work(&p.work));
	KTEST_EXPECT_FALSE(t, schedule_work(&p.work));	/* already pending */
	KTEST_EXPECT_TRUE(t, work_pending(&p.work));
	preempt_enable();
	KTEST_EXPECT_TRUE(t, flush_work(&p.work));
	KTEST_EXPECT_EQ(t, p.runs, 1);
	KTEST_EXPECT_STREQ(t, p.comm, "kworker/0:0");
	KTEST_EXPECT_TRUE(t, p.could_sleep);
	KTEST_EXPECT_FALSE(t, flush_work(&p.work));
	KTEST_EXPECT_TRUE(t, schedule_work(&p.work));
	KTEST_EXPECT_TRUE(t, cancel_work_sync(&p.work) || p.runs == 2);
	flush_scheduled_work();
}

/* ---- atomic-context checks ------------------------------------------------------ */

static void sleeping_while_atomic_is_reported(struct ktest *t)
{
	unsigned long sleeps = might_sleep_report_count;

	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	preempt_disable();
	msleep(1);				/* a bug: reported, and it still sleeps */
	KTEST_EXPECT_EQ(t, preempt_count(), 1U);	/* our count came back with us */
	preempt_enable();
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, SLEEP_BUG), 1U);
	KTEST_EXPECT_EQ(t, might_sleep_report_count, sleeps + 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "BUG: scheduling while atomic: init/1/0x00000001\n"));
	KTEST_EXPECT_EQ(t, preempt_count(), 0U);
}

static DEFINE_SPINLOCK(rec_lock);
static DEFINE_SPINLOCK(other_lock);

static void spinlock_recursion_is_reported(struct ktest *t)
{
	unsigned long bugs = spinlock_bug_count;

	spin_lock(&other_lock);
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	spin_lock(&rec_lock);
	KTEST_EXPECT_EQ(t, preempt_count(), 2U);
	spin_lock(&rec_lock);			/* would hang forever on real hardware */
	spin_unlock(&rec_lock);			/* undoes the absorbed one only */
	KTEST_EXPECT_TRUE(t, spin_is_locked(&rec_lock));
	spin_unlock(&rec_lock);
	printk_capture_stop(&cap);
	KTEST_EXPECT_FALSE(t, spin_is_locked(&rec_lock));
	KTEST_EXPECT_TRUE(t, spin_is_locked(&other_lock));	/* untouched */
	spin_unlock(&other_lock);
	KTEST_EXPECT_EQ(t, preempt_count(), 0U);
	KTEST_EXPECT_EQ(t, spinlock_bug_count, bugs + 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "BUG: spinlock recursion on CPU#0, init/1\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, " lock: rec_lock+0x0/"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, ".owner: init/1, .owner_cpu: 0"));

	/* Unlocking a free lock is reported too, and changes nothing. */
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	preempt_disable();
	spin_unlock(&rec_lock);
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "BUG: spinlock already unlocked on CPU#0"));
	KTEST_EXPECT_EQ(t, preempt_count(), 0U);
}

static void spinlock_flavours_set_the_context(struct ktest *t)
{
	struct ctx_snapshot s;
	unsigned long flags;

	spin_lock(&rec_lock);
	ctx_snapshot_take(&s);
	spin_unlock(&rec_lock);
	KTEST_EXPECT_TRUE(t, s.in_atomic && !s.preemptible && !s.irqs_disabled && !s.in_interrupt);

	spin_lock_irqsave(&rec_lock, flags);
	ctx_snapshot_take(&s);
	spin_unlock_irqrestore(&rec_lock, flags);
	KTEST_EXPECT_TRUE(t, s.in_atomic && s.irqs_disabled);
	KTEST_EXPECT_FALSE(t, irqs_disabled());

	spin_lock_bh(&rec_lock);
	ctx_snapshot_take(&s);
	spin_unlock_bh(&rec_lock);
	KTEST_EXPECT_TRUE(t, s.in_softirq && !s.in_serving_softirq && s.in_interrupt);
	KTEST_EXPECT_EQ(t, s.preempt_count, SOFTIRQ_LOCK_OFFSET);

	ctx_snapshot_take(&s);
	KTEST_EXPECT_TRUE(t, s.preemptible && s.in_task && !s.in_atomic);
	KTEST_EXPECT_EQ(t, s.preempt_count, 0U);
}

/* ---- stack overflow -------------------------------------------------------------- */

static struct task_struct *overflow_task;
static volatile int overflow_limit = INT_MAX;	/* never reached: keeps GCC quiet */
static volatile int overflow_depth;

static __noinline int recurse(int n)
{
	volatile char frame[512];

	frame[0] = (char)n;
	overflow_depth = n;
	if (n >= overflow_limit)
		return 0;
	return recurse(n + 1) + frame[0];
}

static int overflow_thread(void *arg)
{
	return recurse(0);
}

/* The overflowing thread resumes here on a fresh stack and exits. */
static void __noreturn overflow_exit(void)
{
	kthread_exit(-EFAULT);
}

/*
 * The page fault on the guard page: print the report the kernel prints
 * (which names the thread), then end the thread instead of the kernel.
 */
static bool overflow_fixup(struct pt_regs *regs)
{
	struct task_struct *t = task_stack_guard_hit(read_cr2());
	unsigned long top;

	if (!t || t != overflow_task)
		return false;
	top = ALIGN_DOWN((unsigned long)t->stack + t->stack_size - 64, 16);
	regs->rsp = top - 8;			/* as after a call */
	regs->rbp = 0;
	regs->rip = (unsigned long)overflow_exit;
	return true;
}

static void stack_overflow_hits_guard_page(struct ktest *t)
{
	struct task_struct *k;
	int ret;

	k = kthread_create(overflow_thread, NULL, "stackhog");
	KTEST_ASSERT_NOT_NULL(t, k);
	KTEST_ASSERT_TRUE(t, k->stack_vmapped);
	get_task_struct(k);
	overflow_task = k;
	set_trap_fixup(X86_TRAP_PF, overflow_fixup);
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	wake_up_process(k);
	for (int i = 0; i < 10000 && task_state(k) != TASK_DEAD; i++)
		msleep(1);			/* it ends by itself, on the guard page */
	ret = kthread_stop(k);			/* we hold a reference: collects the result */
	printk_capture_stop(&cap);
	set_trap_fixup(X86_TRAP_PF, NULL);
	overflow_task = NULL;
	KTEST_EXPECT_EQ(t, ret, -EFAULT);
	KTEST_EXPECT_EQ(t, count_substr(capbuf, "BUG: TASK stack guard page was hit at "), 1U);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "Comm: stackhog"));
	/* 16 KiB of 512-byte frames: it got deep before it hit the guard. */
	KTEST_EXPECT_GT(t, overflow_depth, 16);
	put_task_struct(k);
}

static void show_tasks_lists_the_system_threads(struct ktest *t)
{
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	show_tasks();
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "  PID S      VCSW     IVCSW COMM\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, " swapper/0\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, " init (current)\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, " ksoftirqd/0\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, " kworker/0:0\n"));
	KTEST_EXPECT_EQ(t, count_substr(capbuf, "swapper/0"), 1U);
}

static const struct ktest_case sched_cases[] = {
	KTEST_CASE(show_tasks_lists_the_system_threads),
	KTEST_CASE(kthread_run_and_stop),
	KTEST_CASE(kthread_stop_before_it_ran),
	KTEST_CASE(threads_interleave_by_preemption),
	KTEST_CASE(msleep_sleeps_at_least_as_asked),
	KTEST_CASE(udelay_and_ktime_agree),
	KTEST_CASE(wait_queue_wakes_sleeper),
	KTEST_CASE(wait_event_timeout_returns),
	KTEST_CASE(completion_semantics),
	KTEST_CASE(yield_lets_others_run),
	KTEST_CASE(workqueue_runs_in_kworker),
	KTEST_CASE(sleeping_while_atomic_is_reported),
	KTEST_CASE(spinlock_recursion_is_reported),
	KTEST_CASE(spinlock_flavours_set_the_context),
	KTEST_CASE(stack_overflow_hits_guard_page),
};

KTEST_SUITE_FULL(sched, sched_cases, NULL, ctx_case_exit);
