/* SPDX-License-Identifier: MIT */
/*
 * Tasks and the scheduler (kernel/sched.c), with Linux's names.
 *
 * Every thread of control is a kernel thread with its own stack: the boot
 * thread (pid 1, "init", which runs start_kernel to the end, then the tests
 * or the shell), the idle task (pid 0, "swapper/0", runs only when nothing
 * else can), and threads made with kthread_create() (kernel/kthread.h).
 * The scheduler is preemptive round robin: a runnable task runs for a time
 * slice of SCHED_TIMESLICE_TICKS ticks, then goes to the back of the run
 * queue; it is switched away at the next preemption point with
 * preempt_count zero (return from interrupt, preempt_enable(),
 * spin_unlock(), local_bh_enable()) or when it sleeps.
 *
 * Sleeping rules. might_sleep() marks a function that may sleep: called
 * where sleeping is invalid (in_atomic(): a spinlock held, preemption or
 * softirqs disabled, interrupt or softirq context; or interrupts off; or
 * in the idle task) it prints Linux's report
 *
 *   BUG: sleeping function called from invalid context at <file>:<line>
 *   in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 1, name: init
 *   preempt_count: 1, expected: 0
 *   Preemption disabled at:
 *   [<ffffffff80212345>] some_function+0x25/0x80
 *   Call Trace: ...
 *
 * The check is silent while system_state is SYSTEM_BOOTING (until
 * interrupts and the scheduler run), as in Linux. Linux prints at most
 * one report a second; here every offending call is reported once (the
 * nested might_sleep() calls inside that same call are folded into its
 * report), so tests can count them.
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/list.h>
#include <kernel/preempt.h>
#include <kernel/types.h>

enum system_states {
	SYSTEM_BOOTING,
	SYSTEM_RUNNING,
	SYSTEM_HALT,
};
extern enum system_states system_state;

/* Task states (Linux's values). */
#define TASK_RUNNING		0x0000
#define TASK_INTERRUPTIBLE	0x0001	/* sleeping; no signals here, so as UNINTERRUPTIBLE */
#define TASK_UNINTERRUPTIBLE	0x0002
#define TASK_DEAD		0x0080
#define TASK_NEW		0x0800	/* created, never woken */
#define TASK_NORMAL		(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* Task flags. */
#define PF_IDLE		0x00000002	/* the idle task */
#define PF_EXITING	0x00000004
#define PF_KTHREAD	0x00200000

#define TASK_COMM_LEN	16
#define THREAD_SIZE	(16UL * 1024)	/* kernel stack, as Linux on x86_64 */
#define SCHED_TIMESLICE_TICKS 5	/* 20 ms at HZ=250 */
#define MAX_SCHEDULE_TIMEOUT LONG_MAX

struct kthread;

struct task_struct {
	/* Saved stack pointer while switched out: offset 0 (switch_to.S). */
	unsigned long thread_sp;
	volatile unsigned int __state;	/* TASK_* */
	unsigned int flags;		/* PF_* */
	int pid;
	char comm[TASK_COMM_LEN];

	/* Scheduler (guarded by disabling interrupts). */
	bool on_rq;			/* runnable: running now or on the run queue */
	struct list_head run_list;	/* run queue link */
	unsigned int time_slice;	/* ticks left */
	unsigned int saved_preempt_count;	/* preempt_count while switched out */
	unsigned long saved_preempt_ip;
	unsigned long nvcsw;		/* voluntary switches (slept or yielded) */
	unsigned long nivcsw;		/* involuntary switches (preempted) */

	/* Stack: [stack, stack + THREAD_SIZE); vmalloc'd ones have a guard page below. */
	void *stack;
	unsigned long stack_size;
	bool stack_vmapped;

	struct list_head tasks;		/* all tasks (guarded by disabling interrupts) */
	int usage;			/* references: get_task_struct/put_task_struct */
	struct kthread *kthread;	/* kthread_create() bookkeeping, or NULL */
	int exit_code;

	/* might_sleep() folding of nested reports (see the top of this file). */
	unsigned long might_sleep_frame;	/* frame of the reported call */
	unsigned long might_sleep_ret;		/* its return address, to see it is still live */
	unsigned int might_sleep_pc;		/* preempt_count then */
};

/* The task running on this CPU (kernel/sched.c). */
extern struct task_struct *current_task;
static __always_inline struct task_struct *get_current(void)
{
	return current_task;
}
#define current get_current()

static inline int task_pid_nr(const struct task_struct *t)
{
	return t->pid;
}

static inline bool is_idle_task(const struct task_struct *t)
{
	return t->flags & PF_IDLE;
}

/* Plain store of the state (no barrier needed before a wake-up check on one CPU). */
#define __set_current_state(s)	WRITE_ONCE(current->__state, (s))
#define set_current_state(s)				\
	do {						\
		WRITE_ONCE(current->__state, (s));	\
		barrier();				\
	} while (0)
#define task_state(t) READ_ONCE((t)->__state)

/*
 * schedule - give the CPU to the next runnable task. If the current
 * state is not TASK_RUNNING, the task sleeps until woken.
 * Context: process context, may sleep; called with preempt_count != 0 it
 * prints "BUG: scheduling while atomic" and switches anyway.
 */
void schedule(void);
/*
 * schedule_timeout - sleep until woken or @timeout jiffies passed (set the
 * task state first; MAX_SCHEDULE_TIMEOUT: no timeout).
 * Return: jiffies left (0 if the time ran out).
 */
long schedule_timeout(long timeout);
long schedule_timeout_uninterruptible(long timeout);
long schedule_timeout_interruptible(long timeout);
/* Give up the CPU to the other runnable tasks (stay runnable). Context: process. */
void yield(void);
/* A voluntary preemption point. Return: 1 if it switched tasks. */
int cond_resched(void);

/*
 * wake_up_process - make @p runnable if it sleeps (or is new).
 * Return: true if it was woken, false if it was already runnable.
 * Context: any.
 */
bool wake_up_process(struct task_struct *p);
/* Wake @p only if its state is in @state. */
bool wake_up_state(struct task_struct *p, unsigned int state);

void get_task_struct(struct task_struct *t);
/* Drop a reference; the last one frees the task. Context: any. */
void put_task_struct(struct task_struct *t);

/*
 * sched_init - turn the boot thread into the task "init" (pid 1), create
 * the idle task (pid 0), and let the tick drive scheduler_tick().
 * Context: boot, once, interrupts off, after slab and vmalloc.
 */
void sched_init(void);
/* The tick's scheduler work: account the time slice. Context: hardirq. */
void scheduler_tick(void);
/* Preempt from the interrupt return path. Context: irqs off, count zero. */
void preempt_schedule_irq(void);

/*
 * task_stack_guard_hit - was the fault at @addr on the guard page of a
 * task's stack? If so print Linux's report, "BUG: TASK stack guard page
 * was hit at <addr> (stack is <lo>..<hi>)", naming the task.
 * Return: the task whose guard page was hit, or NULL.
 * Context: exception handler.
 */
struct task_struct *task_stack_guard_hit(unsigned long addr);
/* Does [addr, addr+size) lie inside some task's stack? (for backtraces) */
bool task_stack_range_ok(unsigned long addr, size_t size);

/*
 * do_exit - end the current task with @code (kthreads: their result).
 * Context: process context. Does not return.
 */
void __noreturn do_exit(int code);

/* Statistics for tests and the shell. */
unsigned long nr_context_switches(void);
unsigned long nr_running(void);
/* Print every task: pid, state, comm, switches (like a short ps). */
void show_tasks(void);

/* ---- sleeping checks -------------------------------------------------- */

void __might_sleep(const char *file, int line);
/* might_sleep() reports printed so far (tests compare it before and after). */
extern unsigned long might_sleep_report_count;

/* The inline part of the check: is sleeping invalid here (once running)? */
static __always_inline bool might_sleep_invalid(void)
{
	return system_state == SYSTEM_RUNNING &&
	       (preempt_count() || irqs_disabled() || is_idle_task(current));
}

#define might_sleep()								\
	do {									\
		if (might_sleep_invalid())					\
			__might_sleep(__FILE__, __LINE__);			\
	} while (0)
#define might_sleep_if(cond)							\
	do {									\
		if (cond)							\
			might_sleep();						\
	} while (0)
