/* SPDX-License-Identifier: MIT */
/*
 * The two cascaded 8259A programmable interrupt controllers (ISA IRQs
 * 0-15, the slave on the master's IRQ 2), as Linux's arch/x86/kernel/i8259.c.
 * Remapped to vectors ISA_IRQ_VECTOR(0..15) so they never collide with
 * CPU exceptions; every line starts masked. Under UEFI the firmware leaves
 * its own vector base and mask: init_8259A() replaces both.
 * Context: interrupts disabled (callers hold the irq descriptor lock).
 */
#pragma once

#include <kernel/types.h>

#define NR_IRQS_LEGACY 16
#define PIC_CASCADE_IR 2
#define ISA_IRQ_VECTOR_BASE 0x20
#define ISA_IRQ_VECTOR(irq) (ISA_IRQ_VECTOR_BASE + (irq))

/* Remap both PICs to ISA_IRQ_VECTOR(0..15) and mask every line. Context: boot. */
void init_8259A(void);
void i8259_mask_irq(unsigned int irq);
void i8259_unmask_irq(unsigned int irq);
/* Mask @irq and send the end-of-interrupt (to the slave and master for 8-15). */
void i8259_mask_and_ack(unsigned int irq);
/*
 * i8259_irq_real - is @irq (7 or 15, the lines that see spurious requests)
 * really in service? A spurious IRQ 15 still needs an EOI to the master
 * (the cascade line was raised); i8259 handles that here.
 * Return: false for a spurious request (then no EOI to the PIC that raised it).
 */
bool i8259_irq_real(unsigned int irq);
/* Return: the current mask of all 16 lines (bit set = masked). */
u16 i8259_get_mask(void);
