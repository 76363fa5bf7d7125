/* SPDX-License-Identifier: MIT */
/*
 * Entering and leaving hard interrupt context (kernel/irq.c), as Linux's
 * include/linux/hardirq.h. Every interrupt handler runs between
 * irq_enter() and irq_exit(): in_hardirq() is true, nothing may sleep, and
 * irq_exit() runs pending softirqs once the outermost interrupt is done.
 */
#pragma once

#include <kernel/preempt.h>

/* Context: hardirq entry, interrupts disabled. */
void irq_enter(void);
/*
 * irq_exit - leave hardirq context; if this was the outermost interrupt
 * and softirqs are pending (and not disabled), run them now, with
 * interrupts enabled, before returning to the interrupted code.
 * Context: hardirq exit, interrupts disabled.
 */
void irq_exit(void);

/* Counters for show_interrupts(), like /proc/interrupts' extra rows. */
extern unsigned long irq_stat_local_timer;	/* LOC */
extern unsigned long irq_stat_spurious;		/* SPU: spurious APIC and 8259A interrupts */
extern unsigned long irq_stat_apic_error;	/* ERR */
