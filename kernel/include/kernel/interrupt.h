/* SPDX-License-Identifier: MIT */
/*
 * Interrupt handlers, softirqs and tasklets, as Linux's
 * include/linux/interrupt.h (kernel/irq.c, kernel/softirq.c).
 *
 * Hard interrupts: request_irq() attaches a handler to an ISA IRQ line
 * (0-15, through the 8259A). Handlers run in hardirq context with
 * interrupts disabled: in_hardirq() is true, nothing may sleep, memory
 * comes with GFP_ATOMIC. The line is masked and acknowledged before the
 * handler runs and unmasked after it (Linux's handle_level_irq), so a
 * handler is never re-entered. Spurious IRQ 7 and 15 (a request that
 * vanished before the CPU acknowledged it) are recognised from the
 * 8259A's in-service register, counted, and not acknowledged.
 *
 * Softirqs: a fixed set of bottom halves, raised with raise_softirq() and
 * run on the way out of the outermost interrupt (irq_exit()), when
 * local_bh_enable() re-enables them, or by the ksoftirqd/0 thread when
 * they keep coming back or were raised outside interrupt context. They run
 * with interrupts enabled and in_serving_softirq() true: nothing may sleep.
 * Timers (kernel/timer.h) run from TIMER_SOFTIRQ.
 *
 * Tasklets: work scheduled on TASKLET_SOFTIRQ (or HI_SOFTIRQ). A tasklet
 * is never run twice at once, and runs once however often it was
 * scheduled before it ran.
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/hardirq.h>
#include <kernel/types.h>

/* ---- hard interrupts --------------------------------------------------- */

enum irqreturn {
	IRQ_NONE = 0,		/* not our device */
	IRQ_HANDLED = 1,
};
typedef int irqreturn_t;
typedef irqreturn_t (*irq_handler_t)(int irq, void *dev_id);

#define IRQF_SHARED	0x00000080	/* several devices on the line */
#define IRQF_TIMER	0x00000200	/* the tick */

#define NR_IRQS		16		/* the ISA lines of the two 8259As */

/*
 * request_irq - install @handler on @irq and unmask the line.
 * @name shows in show_interrupts(); @dev_id is passed to the handler and
 * names this handler to free_irq() (required with IRQF_SHARED).
 * Return: 0; -EINVAL (bad irq, no handler, shared without dev_id, the
 * cascade line 2); -EBUSY (the line is taken and not shared by both);
 * -ENOMEM.
 * Context: process context, may sleep (GFP_KERNEL).
 */
int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
		const char *name, void *dev_id);
/*
 * free_irq - remove the handler registered with @dev_id; the line is
 * masked when no handler is left. Waits for a running handler to finish.
 * Return: the name given to request_irq(), or NULL (reported) if none matched.
 * Context: process context.
 */
const void *free_irq(unsigned int irq, void *dev_id);
/* Mask / unmask a line, nesting like Linux's disable_irq/enable_irq. */
void disable_irq(unsigned int irq);
void enable_irq(unsigned int irq);

/*
 * init_IRQ - remap and mask the 8259As and take every vector from 0x20
 * up (ISA lines, local APIC vectors, and the rest, which are reported
 * once and acknowledged: firmware leftovers).
 * Context: boot, once, interrupts off.
 */
void init_IRQ(void);
/*
 * Route a CPU vector (>= 0x30, not an ISA line) to @fn, called between
 * irq_enter() and irq_exit(); fn acknowledges its own interrupt.
 */
void irq_set_system_vector(unsigned int vector, void (*fn)(void));
/* Print the interrupt counts, as /proc/interrupts. */
void show_interrupts(void);
/* Return: interrupts handled on @irq so far. */
unsigned long kstat_irqs(unsigned int irq);
/* Return: spurious interrupts seen on @irq (7 or 15). */
unsigned long irq_spurious_count(unsigned int irq);

/* ---- softirqs ---------------------------------------------------------- */

enum {
	HI_SOFTIRQ = 0,		/* high-priority tasklets */
	TIMER_SOFTIRQ,		/* timer_list callbacks */
	TASKLET_SOFTIRQ,	/* tasklets */
	TEST_SOFTIRQ,		/* no owner: for tests (open_softirq) */
	NR_SOFTIRQS
};

struct softirq_action {
	void (*action)(struct softirq_action *);
};

/* Set the handler of softirq @nr. Context: boot, or a test before raising it. */
void open_softirq(int nr, void (*action)(struct softirq_action *));
/* Mark softirq @nr pending; it runs at the next irq_exit() or in ksoftirqd. Context: any. */
void raise_softirq(unsigned int nr);
/* As raise_softirq() with interrupts already disabled. */
void raise_softirq_irqoff(unsigned int nr);
/* Return: the pending softirq bits. */
unsigned int local_softirq_pending(void);
/* Run pending softirqs now unless in interrupt context. Context: not hardirq. */
void do_softirq(void);
/* Create ksoftirqd/0. Context: boot, after sched_init(). */
void softirq_init(void);
/* Softirq handlers run so far, per softirq (for tests and the shell). */
extern unsigned long softirq_count_run[NR_SOFTIRQS];
/* Names ("HI", "TIMER", ...), as /proc/softirqs. */
extern const char *const softirq_to_name[NR_SOFTIRQS];

/*
 * local_bh_disable / local_bh_enable - keep softirqs (and tasklets and
 * timers) from running on this CPU, nesting. local_bh_enable() runs the
 * ones that became pending meanwhile.
 * Context: process or softirq context; not in hardirq context, not with
 * interrupts disabled (local_bh_enable warns).
 */
void local_bh_disable(void);
void local_bh_enable(void);
/* The cores, also for spin_lock_bh(): add/remove @cnt; @ip is the caller. */
void __local_bh_disable_ip(unsigned long ip, unsigned int cnt);
void __local_bh_enable_ip(unsigned long ip, unsigned int cnt);

/* ---- tasklets ---------------------------------------------------------- */

enum {
	TASKLET_STATE_SCHED,	/* scheduled to run */
	TASKLET_STATE_RUN,	/* running */
};

struct tasklet_struct {
	struct tasklet_struct *next;
	unsigned long state;	/* TASKLET_STATE_* bits */
	int count;		/* disable nesting: runs only at 0 */
	bool use_callback;
	union {
		void (*func)(unsigned long data);
		void (*callback)(struct tasklet_struct *t);
	};
	unsigned long data;
};

#define DECLARE_TASKLET(name, _callback)					\
	struct tasklet_struct name = { .count = 0, .use_callback = true,	\
				       .callback = _callback }

/* Initialise with an old-style function taking @data. */
void tasklet_init(struct tasklet_struct *t, void (*func)(unsigned long), unsigned long data);
/* Initialise with a callback taking the tasklet (use from_tasklet()). */
void tasklet_setup(struct tasklet_struct *t, void (*callback)(struct tasklet_struct *));
#define from_tasklet(var, callback_tasklet, tasklet_fieldname) \
	container_of(callback_tasklet, __typeof__(*var), tasklet_fieldname)

/* Schedule @t on TASKLET_SOFTIRQ (HI_SOFTIRQ); no effect if already scheduled. Context: any. */
void tasklet_schedule(struct tasklet_struct *t);
void tasklet_hi_schedule(struct tasklet_struct *t);
/*
 * tasklet_kill - wait until @t is neither scheduled nor running, and
 * keep it from running again until it is scheduled anew.
 * Context: process context (may sleep); must not be disabled.
 */
void tasklet_kill(struct tasklet_struct *t);
/* Keep @t from running (it stays scheduled); nests. */
void tasklet_disable(struct tasklet_struct *t);
void tasklet_enable(struct tasklet_struct *t);
