/* SPDX-License-Identifier: MIT */
/*
 * preempt_count: what the CPU is doing, with Linux's field layout
 * (include/linux/preempt.h):
 *
 *         PREEMPT_MASK:	0x000000ff	preempt_disable() nesting
 *         SOFTIRQ_MASK:	0x0000ff00	bit 8: serving a softirq; 9-15: local_bh_disable() nesting
 *         HARDIRQ_MASK:	0x000f0000	hard interrupt nesting
 *             NMI_MASK:	0x00f00000	NMI nesting
 *
 * Non-zero means atomic: the scheduler will not switch away, and nothing
 * may sleep. Spinlocks raise the PREEMPT field, local_bh_disable() the
 * SOFTIRQ field by SOFTIRQ_DISABLE_OFFSET, irq_enter() the HARDIRQ field.
 * The count belongs to the CPU; the scheduler saves and restores it per
 * task around a switch.
 * Context: any.
 */
#pragma once

#include <arch/irqflags.h>
#include <kernel/compiler.h>
#include <kernel/types.h>

#define PREEMPT_BITS	8
#define SOFTIRQ_BITS	8
#define HARDIRQ_BITS	4
#define NMI_BITS	4

#define PREEMPT_SHIFT	0
#define SOFTIRQ_SHIFT	(PREEMPT_SHIFT + PREEMPT_BITS)
#define HARDIRQ_SHIFT	(SOFTIRQ_SHIFT + SOFTIRQ_BITS)
#define NMI_SHIFT	(HARDIRQ_SHIFT + HARDIRQ_BITS)

#define __IRQ_MASK(x)	((1U << (x)) - 1)

#define PREEMPT_MASK	(__IRQ_MASK(PREEMPT_BITS) << PREEMPT_SHIFT)
#define SOFTIRQ_MASK	(__IRQ_MASK(SOFTIRQ_BITS) << SOFTIRQ_SHIFT)
#define HARDIRQ_MASK	(__IRQ_MASK(HARDIRQ_BITS) << HARDIRQ_SHIFT)
#define NMI_MASK	(__IRQ_MASK(NMI_BITS) << NMI_SHIFT)

#define PREEMPT_OFFSET	(1U << PREEMPT_SHIFT)
#define SOFTIRQ_OFFSET	(1U << SOFTIRQ_SHIFT)
#define HARDIRQ_OFFSET	(1U << HARDIRQ_SHIFT)
#define NMI_OFFSET	(1U << NMI_SHIFT)

/* local_bh_disable() adds this; serving a softirq adds SOFTIRQ_OFFSET. */
#define SOFTIRQ_DISABLE_OFFSET	(2 * SOFTIRQ_OFFSET)
#define PREEMPT_DISABLE_OFFSET	PREEMPT_OFFSET
/* What a held spinlock adds (a might_sleep() expecting one lock passes this). */
#define PREEMPT_LOCK_OFFSET	PREEMPT_DISABLE_OFFSET
/* What spin_lock_bh() adds. */
#define SOFTIRQ_LOCK_OFFSET	(SOFTIRQ_DISABLE_OFFSET + PREEMPT_LOCK_OFFSET)

/* The CPU's count (one CPU runs the kernel; the others stay parked). */
extern unsigned int __preempt_count;
/* Where the count last left zero (printed by the might_sleep() report). */
extern unsigned long preempt_disable_ip;
/* Set by the tick or a wake-up: switch tasks at the next preemption point. */
extern bool __need_resched;

static __always_inline unsigned int preempt_count(void)
{
	return READ_ONCE(__preempt_count);
}

#define hardirq_count()	(preempt_count() & HARDIRQ_MASK)
#define softirq_count()	(preempt_count() & SOFTIRQ_MASK)
#define irq_count()	(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_MASK))

/* Are we in NMI, hard interrupt, softirq (or bh disabled), any interrupt context? */
#define in_nmi()		(preempt_count() & NMI_MASK)
#define in_hardirq()		(hardirq_count())
#define in_irq()		in_hardirq()
#define in_softirq()		(softirq_count())
#define in_serving_softirq()	(softirq_count() & SOFTIRQ_OFFSET)
#define in_interrupt()		(irq_count())
/* Plain task context: not NMI, not hardirq, not serving a softirq. */
#define in_task()	(!(preempt_count() & (NMI_MASK | HARDIRQ_MASK | SOFTIRQ_OFFSET)))
/* Anything that forbids sleeping through the count (irqs_disabled() is separate). */
#define in_atomic()	(preempt_count() != 0)
/* May the scheduler switch away from here right now? */
#define preemptible()	(preempt_count() == 0 && !irqs_disabled())

/* Report an unbalanced preempt_count_sub(). Out of line: the slow path. */
void preempt_count_underflow(unsigned int val, unsigned long ip);

static __always_inline void __preempt_count_add(unsigned int val, unsigned long ip)
{
	if (!__preempt_count)
		preempt_disable_ip = ip;
	__preempt_count += val;
	barrier();
}

static __always_inline void __preempt_count_sub(unsigned int val, unsigned long ip)
{
	barrier();
	if (unlikely(__preempt_count < val)) {
		preempt_count_underflow(val, ip);
		return;
	}
	__preempt_count -= val;
}

#define preempt_count_add(val)	__preempt_count_add(val, _THIS_IP_)
#define preempt_count_sub(val)	__preempt_count_sub(val, _THIS_IP_)
#define preempt_count_inc()	preempt_count_add(1)
#define preempt_count_dec()	preempt_count_sub(1)

static __always_inline bool need_resched(void)
{
	return unlikely(READ_ONCE(__need_resched));
}

static __always_inline void set_need_resched(void)
{
	WRITE_ONCE(__need_resched, true);
}

/* Switch tasks now if one is due and the count is zero (kernel/sched.c). */
void preempt_schedule(void);

#define preempt_disable()				\
	do {						\
		preempt_count_inc();			\
		barrier();				\
	} while (0)

#define preempt_enable_no_resched()			\
	do {						\
		barrier();				\
		preempt_count_dec();			\
	} while (0)

#define preempt_check_resched()				\
	do {						\
		if (need_resched())			\
			preempt_schedule();		\
	} while (0)

/* Re-enable preemption; a reschedule that came due meanwhile happens here. */
#define preempt_enable()				\
	do {						\
		barrier();				\
		preempt_count_dec();			\
		if (!preempt_count())			\
			preempt_check_resched();	\
	} while (0)
