// SPDX-License-Identifier: MIT
/*
 * Interrupt descriptors and dispatch, as a small Linux kernel/irq/: one
 * descriptor per ISA line with a chain of handlers (shared lines), the
 * 8259A's mask-and-ack flow, spurious IRQ 7/15 detection, the system
 * vectors of the local APIC, and an end to vectors nobody claimed. Every interrupt enters through
 * common_interrupt(): irq_enter(), the handler, irq_exit() (which runs
 * softirqs), then a preemption check on the way back to the interrupted
 * code, as Linux's irqentry_exit().
 *
 * Lock order: irq_desc_lock (interrupts disabled) guards the handler
 * chains, depths and the PIC masks; the dispatch path runs with
 * interrupts disabled and so never contends with it.
 */
#define pr_fmt(fmt) "irq: " fmt

#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/i8259.h>
#include <arch/traps.h>
#include <kernel/errno.h>
#include <kernel/hardirq.h>
#include <kernel/interrupt.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <mm/slab.h>

struct irqaction {
	irq_handler_t handler;
	void *dev_id;
	const char *name;
	unsigned long flags;
	struct irqaction *next;
};

struct irq_desc {
	struct irqaction *action;	/* handler chain */
	unsigned int depth;		/* disable_irq() nesting */
	unsigned long count;		/* interrupts dispatched */
	unsigned long spurious;		/* spurious 7/15 seen */
	unsigned long unhandled;	/* every handler said IRQ_NONE */
};

static DEFINE_SPINLOCK(irq_desc_lock);
static struct irq_desc irq_desc[NR_IRQS];
static void (*system_vectors[256])(void);

unsigned long irq_stat_local_timer;
unsigned long irq_stat_spurious;
unsigned long irq_stat_apic_error;

/* ---- dispatch ----------------------------------------------------------- */

static void note_spurious(unsigned int irq)
{
	static u16 reported;

	irq_desc[irq].spurious++;
	irq_stat_spurious++;
	if (!(reported & (1U << irq))) {
		reported |= 1U << irq;
		printk(KERN_DEBUG "spurious 8259A interrupt: IRQ%u.\n", irq);
	}
}

/* Linux's handle_level_irq on the 8259A: mask and ack, run, unmask. */
static void handle_legacy_irq(unsigned int irq)
{
	struct irq_desc *desc = &irq_desc[irq];
	irqreturn_t ret = IRQ_NONE;

	if ((irq == 7 || irq == 15) && !i8259_irq_real(irq)) {
		note_spurious(irq);
		return;
	}
	i8259_mask_and_ack(irq);
	desc->count++;
	for (struct irqaction *a = desc->action; a; a = a->next)
		ret |= a->handler(irq, a->dev_id);
	if (ret == IRQ_NONE && desc->unhandled++ == 0)
		pr_err("irq %u: nobody cared\n", irq);
	if (desc->action && !desc->depth)
		i8259_unmask_irq(irq);
}

/*
 * A vector nobody asked for: something the firmware left armed or
 * pending (UEFI uses the local APIC and its own vectors before
 * ExitBootServices). End it at the local APIC, or its in-service bit
 * would hold back every interrupt of lower priority.
 */
static void unhandled_vector(unsigned int vector)
{
	static unsigned long reported[256 / 64];

	irq_stat_spurious++;
	if (!(reported[vector / 64] & (1UL << (vector % 64)))) {
		reported[vector / 64] |= 1UL << (vector % 64);
		pr_emerg("do_IRQ: 0.%u No irq handler for vector\n", vector);
	}
	if (lapic_present())
		lapic_eoi();
}

/* Every interrupt vector the kernel owns lands here (from arch_handle_trap). */
static void common_interrupt(struct pt_regs *regs)
{
	unsigned int vector = regs->vector;

	irq_enter();
	if (vector >= ISA_IRQ_VECTOR(0) && vector < ISA_IRQ_VECTOR(NR_IRQS_LEGACY))
		handle_legacy_irq(vector - ISA_IRQ_VECTOR(0));
	else if (system_vectors[vector])
		system_vectors[vector]();
	else
		unhandled_vector(vector);
	irq_exit();
	/* Back to preemptible code with a reschedule due: switch now. */
	if (!preempt_count() && need_resched() && (regs->rflags & X86_EFLAGS_IF))
		preempt_schedule_irq();
}

void irq_set_system_vector(unsigned int vector, void (*fn)(void))
{
	if (WARN_ON(vector < ISA_IRQ_VECTOR(NR_IRQS_LEGACY) || vector > 255))
		return;
	system_vectors[vector] = fn;
	arch_set_irq_handler(vector, common_interrupt);
}

/**
 * init_IRQ - see kernel/interrupt.h.
 */
void init_IRQ(void)
{
	init_8259A();
	for (unsigned int v = ISA_IRQ_VECTOR(0); v < 256; v++)
		arch_set_irq_handler(v, common_interrupt);
}

/* ---- registration ---------------------------------------------------------- */

static bool irq_valid(unsigned int irq)
{
	return irq < NR_IRQS && irq != PIC_CASCADE_IR;
}

int request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags, const char *name,
		void *dev_id)
{
	struct irqaction *action, **pp;
	struct irq_desc *desc;
	unsigned long irqflags;

	if (!irq_valid(irq) || !handler || ((flags & IRQF_SHARED) && !dev_id))
		return -EINVAL;
	action = kzalloc(sizeof(*action), GFP_KERNEL);
	if (!action)
		return -ENOMEM;
	*action = (struct irqaction){ handler, dev_id, name, flags, NULL };
	desc = &irq_desc[irq];
	spin_lock_irqsave(&irq_desc_lock, irqflags);
	if (desc->action && !(desc->action->flags & flags & IRQF_SHARED)) {
		spin_unlock_irqrestore(&irq_desc_lock, irqflags);
		pr_err("genirq: Flags mismatch irq %u. %08lx (%s) vs. %08lx (%s)\n", irq, flags,
		       name, desc->action->flags, desc->action->name);
		kfree(action);
		return -EBUSY;
	}
	for (pp = &desc->action; *pp; pp = &(*pp)->next)
		;
	*pp = action;
	if (desc->action == action) {
		desc->depth = 0;
		i8259_unmask_irq(irq);
	}
	spin_unlock_irqrestore(&irq_desc_lock, irqflags);
	return 0;
}

const void *free_irq(unsigned int irq, void *dev_id)
{
	struct irqaction *action = NULL, **pp;
	unsigned long irqflags;
	const char *name;

	if (!irq_valid(irq))
		return NULL;
	spin_lock_irqsave(&irq_desc_lock, irqflags);
	for (pp = &irq_desc[irq].action; *pp; pp = &(*pp)->next) {
		if ((*pp)->dev_id == dev_id) {
			action = *pp;
			*pp = action->next;
			break;
		}
	}
	if (action && !irq_desc[irq].action)
		i8259_mask_irq(irq);
	spin_unlock_irqrestore(&irq_desc_lock, irqflags);
	if (!action) {
		WARN(1, "Trying to free already-free IRQ %u\n", irq);
		return NULL;
	}
	name = action->name;
	kfree(action);
	return name;
}

void disable_irq(unsigned int irq)
{
	unsigned long irqflags;

	if (!irq_valid(irq))
		return;
	spin_lock_irqsave(&irq_desc_lock, irqflags);
	if (irq_desc[irq].depth++ == 0)
		i8259_mask_irq(irq);
	spin_unlock_irqrestore(&irq_desc_lock, irqflags);
}

void enable_irq(unsigned int irq)
{
	struct irq_desc *desc = &irq_desc[irq];
	unsigned long irqflags;

	if (!irq_valid(irq))
		return;
	spin_lock_irqsave(&irq_desc_lock, irqflags);
	if (!desc->depth)
		WARN(1, "Unbalanced enable for IRQ %u\n", irq);
	else if (--desc->depth == 0 && desc->action)
		i8259_unmask_irq(irq);
	spin_unlock_irqrestore(&irq_desc_lock, irqflags);
}

/* ---- statistics ------------------------------------------------------------- */

unsigned long kstat_irqs(unsigned int irq)
{
	return irq < NR_IRQS ? READ_ONCE(irq_desc[irq].count) : 0;
}

unsigned long irq_spurious_count(unsigned int irq)
{
	return irq < NR_IRQS ? READ_ONCE(irq_desc[irq].spurious) : 0;
}

/**
 * show_interrupts - the counts, as /proc/interrupts prints them.
 * Context: process context.
 */
void show_interrupts(void)
{
	unsigned long irqflags;

	printk(KERN_INFO "           CPU0\n");
	spin_lock_irqsave(&irq_desc_lock, irqflags);
	for (unsigned int irq = 0; irq < NR_IRQS; irq++) {
		struct irq_desc *desc = &irq_desc[irq];
		char names[64];
		int n = 0;

		if (!desc->action && !desc->count)
			continue;
		names[0] = '\0';
		for (struct irqaction *a = desc->action; a; a = a->next)
			n += scnprintf(names + n, sizeof(names) - n, "%s%s", n ? ", " : "", a->name);
		printk(KERN_INFO "%3u: %10lu    XT-PIC  %u-edge      %s\n", irq, desc->count, irq,
		       names);
	}
	spin_unlock_irqrestore(&irq_desc_lock, irqflags);
	printk(KERN_INFO "LOC: %10lu   Local timer interrupts\n", irq_stat_local_timer);
	printk(KERN_INFO "SPU: %10lu   Spurious interrupts\n", irq_stat_spurious);
	printk(KERN_INFO "ERR: %10lu\n", irq_stat_apic_error);
}
