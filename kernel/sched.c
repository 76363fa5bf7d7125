// SPDX-License-Identifier: MIT
/*
 * The scheduler: preemptive round robin over one run queue, as a small
 * Linux kernel/sched/core.c. A task that is switched away keeps its
 * registers on its own stack (switch_to.S); its preempt_count is saved in
 * the task and restored when it runs again, so a task that sleeps in an
 * atomic section (a bug that is reported) does not leak that state into
 * the next task.
 *
 * Preemption points: the return from an interrupt (preempt_schedule_irq),
 * preempt_enable() reaching zero (preempt_schedule), cond_resched(). The
 * tick sets need_resched when the running task's time slice is used up
 * and another task is runnable, or when the idle task runs and something
 * became runnable.
 *
 * Lock order: the run queue, the task list and every task's scheduler
 * fields are guarded by disabling interrupts (one CPU runs the kernel),
 * which is also what makes a wake-up from an interrupt handler safe.
 */
#define pr_fmt(fmt) "sched: " fmt

#include <arch/cpu.h>
#include <arch/irqflags.h>
#include <arch/stacktrace.h>
#include <kernel/jiffies.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/workqueue.h>
#include <mm/slab.h>

#include "sched_priv.h"

extern char boot_stack[], boot_stack_top[];

enum system_states system_state = SYSTEM_BOOTING;
unsigned int __preempt_count;
unsigned long preempt_disable_ip;
bool __need_resched;
unsigned long might_sleep_report_count;

/* The boot thread: pid 1 from the start (the idle task takes pid 0 in sched_init). */
static struct task_struct init_task = {
	.__state = TASK_RUNNING,
	.pid = 1,
	.comm = "init",
	.on_rq = true,
	.time_slice = SCHED_TIMESLICE_TICKS,
	.usage = 1,
};

struct task_struct *current_task = &init_task;
static struct task_struct *idle_task;

/* Guarded by disabling interrupts. */
static LIST_HEAD(runqueue);		/* runnable tasks other than current and idle */
static LIST_HEAD(all_tasks);
static LIST_HEAD(dead_tasks);		/* exited, stacks not yet freed */
static unsigned long nr_switches;
static int last_pid = 1;

static void reap_dead_tasks(struct work_struct *work);
static DECLARE_WORK(reap_work, reap_dead_tasks);

/* ---- switching ------------------------------------------------------- */

/* Pick the next task: the head of the run queue, else idle. Interrupts off. */
static struct task_struct *pick_next_task(void)
{
	struct task_struct *next;

	if (list_empty(&runqueue))
		return idle_task;
	next = list_first_entry(&runqueue, struct task_struct, run_list);
	list_del_init(&next->run_list);
	return next;
}

/* A dead task's stack is freed by the kworker (vfree may sleep). Interrupts off. */
static void finish_task_switch(struct task_struct *prev)
{
	__preempt_count = current->saved_preempt_count;
	preempt_disable_ip = current->saved_preempt_ip;
	if (task_state(prev) == TASK_DEAD) {
		list_del(&prev->tasks);
		list_add_tail(&prev->run_list, &dead_tasks);
		schedule_work(&reap_work);
	}
}

/*
 * __schedule - the core. @preempt: the task is being preempted, so it
 * stays runnable whatever its state (it may be between
 * set_current_state() and its own schedule(), and must not miss a wake-up).
 */
static void __schedule(bool preempt)
{
	struct task_struct *prev = current, *next;
	unsigned long flags;

	local_irq_save(flags);
	if (!preempt && task_state(prev) != TASK_RUNNING) {
		prev->on_rq = false;
	} else if (!is_idle_task(prev)) {
		list_add_tail(&prev->run_list, &runqueue);
	}
	next = pick_next_task();
	__need_resched = false;
	if (next != prev) {
		if (preempt)
			prev->nivcsw++;
		else
			prev->nvcsw++;
		nr_switches++;
		next->time_slice = SCHED_TIMESLICE_TICKS;
		prev->saved_preempt_count = __preempt_count;
		prev->saved_preempt_ip = preempt_disable_ip;
		current_task = next;
		prev = __switch_to_asm(prev, next);
		finish_task_switch(prev);
	}
	local_irq_restore(flags);
}

/* The first code a new task runs (from ret_from_kthread), interrupts off. */
void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	local_irq_enable();
}

static void schedule_bug(struct task_struct *prev)
{
	printk(KERN_ERR "BUG: scheduling while atomic: %s/%d/0x%08x\n", prev->comm, prev->pid,
	       preempt_count());
	if (preempt_count() & PREEMPT_MASK) {
		printk(KERN_ERR "Preemption disabled at:\n");
		printk(KERN_ERR "[<%016lx>] %pS\n", preempt_disable_ip, (void *)preempt_disable_ip);
	}
	dump_stack();
}

/**
 * schedule - see kernel/sched.h.
 * Context: process context, may sleep.
 */
void schedule(void)
{
	might_sleep();
	if (unlikely(in_atomic()))
		schedule_bug(current);
	__schedule(false);
}

/**
 * preempt_schedule - preempt_enable() reached zero with a reschedule due.
 * Context: any; does nothing unless preemptible().
 */
void preempt_schedule(void)
{
	if (likely(preempt_count() || irqs_disabled()))
		return;
	do {
		__schedule(true);
	} while (need_resched());
}

/**
 * preempt_schedule_irq - called on the way out of an interrupt that
 * interrupted preemptible code, with interrupts still disabled.
 * Context: interrupt return path, interrupts off, preempt_count zero.
 */
void preempt_schedule_irq(void)
{
	do {
		__schedule(true);
	} while (need_resched());
}

int cond_resched(void)
{
	if (!need_resched() || !preemptible())
		return 0;
	preempt_schedule();
	return 1;
}

void yield(void)
{
	__set_current_state(TASK_RUNNING);
	__schedule(false);
}

/* ---- waking ----------------------------------------------------------- */

bool wake_up_state(struct task_struct *p, unsigned int state)
{
	unsigned long flags;
	bool woken = false;

	local_irq_save(flags);
	if (task_state(p) & state) {
		WRITE_ONCE(p->__state, TASK_RUNNING);
		if (!p->on_rq) {
			p->on_rq = true;
			list_add_tail(&p->run_list, &runqueue);
			if (is_idle_task(current))
				set_need_resched();
		}
		woken = true;
	}
	local_irq_restore(flags);
	return woken;
}

bool wake_up_process(struct task_struct *p)
{
	return wake_up_state(p, TASK_NORMAL | TASK_NEW);
}

/**
 * scheduler_tick - use up the running task's time slice.
 * Context: hardirq (the tick).
 */
void scheduler_tick(void)
{
	struct task_struct *curr = current;

	if (is_idle_task(curr)) {
		if (!list_empty(&runqueue))
			set_need_resched();
		return;
	}
	if (curr->time_slice)
		curr->time_slice--;
	if (!curr->time_slice) {
		if (list_empty(&runqueue))
			curr->time_slice = SCHED_TIMESLICE_TICKS;
		else
			set_need_resched();
	}
}

/* ---- task life cycle --------------------------------------------------- */

void get_task_struct(struct task_struct *t)
{
	unsigned long flags;

	local_irq_save(flags);
	t->usage++;
	local_irq_restore(flags);
}

void put_task_struct(struct task_struct *t)
{
	unsigned long flags;
	int left;

	local_irq_save(flags);
	left = --t->usage;
	local_irq_restore(flags);
	if (WARN_ON_ONCE(left < 0) || left || t == &init_task)
		return;
	free_kthread_struct(t);
	kfree(t);
}

/*
 * wait_task_reaped - wait until @t has left the CPU for good and the
 * reaper has released its stack. The caller holds a reference to @t.
 * Context: process context, may sleep.
 */
void wait_task_reaped(struct task_struct *t)
{
	while (READ_ONCE(t->on_rq) || task_state(t) != TASK_DEAD)
		yield();
	flush_work(&reap_work);
}

static void reap_dead_tasks(struct work_struct *work)
{
	for (;;) {
		struct task_struct *t = NULL;
		unsigned long flags;

		local_irq_save(flags);
		if (!list_empty(&dead_tasks)) {
			t = list_first_entry(&dead_tasks, struct task_struct, run_list);
			list_del_init(&t->run_list);
		}
		local_irq_restore(flags);
		if (!t)
			break;
		free_thread_stack(t);
		put_task_struct(t);
	}
}

void sched_setup_thread(struct task_struct *t, int (*fn)(void *), void *arg, int pid)
{
	unsigned long *sp = (unsigned long *)((char *)t->stack + t->stack_size - 16);
	unsigned long flags;

	/* Popped by __switch_to_asm: r15 r14 r13 r12 rbx rbp, then ret. */
	*--sp = (unsigned long)ret_from_kthread;
	*--sp = 0;			/* rbp: ends backtraces */
	*--sp = (unsigned long)fn;	/* rbx */
	*--sp = (unsigned long)arg;	/* r12 */
	*--sp = 0;
	*--sp = 0;
	*--sp = 0;
	t->thread_sp = (unsigned long)sp;
	t->__state = TASK_NEW;
	t->time_slice = SCHED_TIMESLICE_TICKS;
	t->saved_preempt_count = 0;
	INIT_LIST_HEAD(&t->run_list);
	local_irq_save(flags);
	t->pid = pid >= 0 ? pid : ++last_pid;
	t->usage++;			/* the task's own reference, dropped when reaped */
	list_add_tail(&t->tasks, &all_tasks);
	local_irq_restore(flags);
}

/**
 * do_exit - see kernel/sched.h. The stack is freed after the switch away.
 */
void do_exit(int code)
{
	local_irq_disable();
	current->exit_code = code;
	current->flags |= PF_EXITING;
	WRITE_ONCE(current->__state, TASK_DEAD);
	__schedule(false);
	BUG();			/* a dead task never runs again */
	cpu_halt_forever();
}

/* ---- idle and init ------------------------------------------------------ */

static int idle_main(void *unused)
{
	for (;;) {
		local_irq_disable();
		if (need_resched()) {
			local_irq_enable();
			__schedule(false);
			continue;
		}
		/* sti; hlt: the interrupt that ends the hlt cannot slip in before it. */
		__asm__ __volatile__("sti; hlt" ::: "memory");
	}
	return 0;
}

bool task_stack_range_ok(unsigned long addr, size_t size)
{
	unsigned long lo = (unsigned long)current->stack;

	return lo && addr >= lo && addr + size <= lo + current->stack_size;
}

void sched_init(void)
{
	struct task_struct *idle;

	init_task.stack = boot_stack;
	init_task.stack_size = boot_stack_top - boot_stack;
	INIT_LIST_HEAD(&init_task.run_list);
	list_add_tail(&init_task.tasks, &all_tasks);
	stack_range_extra = task_stack_range_ok;

	idle = kzalloc(sizeof(*idle), GFP_KERNEL);
	if (!idle || alloc_thread_stack(idle))
		panic("sched: no memory for the idle task");
	strscpy(idle->comm, "swapper/0", sizeof(idle->comm));
	idle->flags = PF_IDLE | PF_KTHREAD;
	sched_setup_thread(idle, idle_main, NULL, 0);
	idle->__state = TASK_RUNNING;
	idle_task = idle;
	pr_info("round robin, %u ms time slices; boot thread is pid 1 \"init\", idle is pid 0 \"swapper/0\"\n",
		SCHED_TIMESLICE_TICKS * 1000 / HZ);
}

/* ---- statistics --------------------------------------------------------- */

unsigned long nr_context_switches(void)
{
	return READ_ONCE(nr_switches);
}

unsigned long nr_running(void)
{
	unsigned long n = 1, flags;
	struct task_struct *t;

	local_irq_save(flags);
	list_for_each_entry(t, &runqueue, run_list)
		n++;
	local_irq_restore(flags);
	return n;
}

static char task_state_char(const struct task_struct *t)
{
	unsigned int s = task_state(t);

	if (s == TASK_RUNNING)
		return 'R';
	if (s & TASK_DEAD)
		return 'X';
	if (s & TASK_NEW)
		return 'N';
	return s & TASK_UNINTERRUPTIBLE ? 'D' : 'S';
}

void show_tasks(void)
{
	struct task_struct *t;
	unsigned long flags;

	printk(KERN_INFO "  PID S      VCSW     IVCSW COMM\n");
	local_irq_save(flags);
	list_for_each_entry(t, &all_tasks, tasks)
		printk(KERN_INFO "%5d %c %9lu %9lu %s%s\n", t->pid, task_state_char(t), t->nvcsw,
		       t->nivcsw, t->comm, t == current ? " (current)" : "");
	local_irq_restore(flags);
}

/* ---- sleeping checks ------------------------------------------------------ */

/*
 * Is this might_sleep() nested inside the call that was reported last
 * (same task and context, and that call's frame is on the live chain of
 * frame pointers above this one)? Then its report already covers this
 * one. The chain is walked rather than trusting the old frame's stack
 * slots alone: a later call at the same depth finds the same return
 * address left there, and must still be reported.
 */
static bool might_sleep_folded(struct task_struct *t, unsigned long frame)
{
	unsigned long old = t->might_sleep_frame;
	unsigned long f = frame;

	if (!old || frame >= old || t->might_sleep_pc != preempt_count())
		return false;
	for (int depth = 0; f && f < old && depth < 64; depth++) {
		if (!stack_range_ok(f, 16))
			return false;
		f = ((unsigned long *)f)[0];
	}
	if (f != old || !stack_range_ok(old, 16))
		return false;
	return ((unsigned long *)old)[1] == t->might_sleep_ret;
}

/**
 * __might_sleep - report a call that may sleep from where sleeping is
 * invalid, in Linux's format (see kernel/sched.h).
 * Context: any (that is the point).
 */
void __might_sleep(const char *file, int line)
{
	struct task_struct *t = current;
	unsigned long frame = *(unsigned long *)__builtin_frame_address(0);

	if (system_state != SYSTEM_RUNNING || panic_in_progress)
		return;
	if (!in_atomic() && !irqs_disabled() && !is_idle_task(t))
		return;
	if (might_sleep_folded(t, frame))
		return;
	t->might_sleep_frame = frame;
	t->might_sleep_ret = stack_range_ok(frame, 16) ? ((unsigned long *)frame)[1] : 0;
	t->might_sleep_pc = preempt_count();
	might_sleep_report_count++;

	printk(KERN_ERR "BUG: sleeping function called from invalid context at %s:%d\n", file,
	       line);
	printk(KERN_ERR "in_atomic(): %d, irqs_disabled(): %d, non_block: %d, pid: %d, name: %s\n",
	       in_atomic(), irqs_disabled(), 0, t->pid, t->comm);
	printk(KERN_ERR "preempt_count: %x, expected: %x\n", preempt_count(), 0);
	if (preempt_count()) {
		printk(KERN_ERR "Preemption disabled at:\n");
		printk(KERN_ERR "[<%016lx>] %pS\n", preempt_disable_ip, (void *)preempt_disable_ip);
	}
	dump_stack();
}

void preempt_count_underflow(unsigned int val, unsigned long ip)
{
	WARN(1, "preempt_count underflow: %#x - %#x at %pS\n", __preempt_count, val, (void *)ip);
}
