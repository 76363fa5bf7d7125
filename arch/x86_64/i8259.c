// SPDX-License-Identifier: MIT
/*
 * The 8259A PIC pair, as Linux's arch/x86/kernel/i8259.c: ICW1-ICW4 remap
 * the master to ISA_IRQ_VECTOR(0) and the slave to ISA_IRQ_VECTOR(8),
 * cascade on IR2, 8086 mode, normal (not auto) EOI; OCW1 holds the masks,
 * OCW2 sends specific EOIs, OCW3 selects the in-service register for the
 * spurious-interrupt check.
 *
 * Lock order: none of its own; callers disable interrupts (one CPU).
 */
#define pr_fmt(fmt) "i8259: " fmt

#include <arch/i8259.h>
#include <arch/io.h>
#include <kernel/printk.h>

#define PIC_MASTER_CMD	0x20
#define PIC_MASTER_IMR	0x21
#define PIC_SLAVE_CMD	0xa0
#define PIC_SLAVE_IMR	0xa1

#define ICW1_INIT_ICW4	0x11	/* edge triggered, cascade, ICW4 follows */
#define ICW4_8086	0x01
#define OCW3_READ_ISR	0x0b
#define OCW3_READ_IRR	0x0a
#define PIC_SPECIFIC_EOI 0x60	/* OCW2: specific EOI, level in the low bits */

/* All lines masked except the cascade once a slave line is unmasked. */
static u16 cached_irq_mask = 0xffff;

static void write_masks(void)
{
	outb(PIC_MASTER_IMR, cached_irq_mask & 0xff);
	outb(PIC_SLAVE_IMR, cached_irq_mask >> 8);
}

/**
 * init_8259A - remap both PICs and mask every line.
 * The firmware (SeaBIOS: vectors 8 and 0x70; OVMF: 0x68 and 0x70) leaves
 * its own setup; whatever it was, masks go on first so no request arrives
 * at an old vector mid-way, then the ICW sequence, with io_delay()
 * between writes for old hardware.
 * Context: boot, once, interrupts off.
 */
void init_8259A(void)
{
	outb(PIC_MASTER_IMR, 0xff);
	outb(PIC_SLAVE_IMR, 0xff);

	outb(PIC_MASTER_CMD, ICW1_INIT_ICW4);
	io_delay();
	outb(PIC_MASTER_IMR, ISA_IRQ_VECTOR(0));	/* ICW2: vector base */
	io_delay();
	outb(PIC_MASTER_IMR, 1U << PIC_CASCADE_IR);	/* ICW3: slave on IR2 */
	io_delay();
	outb(PIC_MASTER_IMR, ICW4_8086);
	io_delay();

	outb(PIC_SLAVE_CMD, ICW1_INIT_ICW4);
	io_delay();
	outb(PIC_SLAVE_IMR, ISA_IRQ_VECTOR(8));
	io_delay();
	outb(PIC_SLAVE_IMR, PIC_CASCADE_IR);		/* ICW3: slave identity */
	io_delay();
	outb(PIC_SLAVE_IMR, ICW4_8086);
	io_delay();

	cached_irq_mask = 0xffff;
	write_masks();
	pr_info("8259A remapped to vectors %#x-%#x, all lines masked\n", ISA_IRQ_VECTOR(0),
		ISA_IRQ_VECTOR(15));
}

void i8259_mask_irq(unsigned int irq)
{
	cached_irq_mask |= 1U << irq;
	if (irq & 8)
		outb(PIC_SLAVE_IMR, cached_irq_mask >> 8);
	else
		outb(PIC_MASTER_IMR, cached_irq_mask & 0xff);
}

void i8259_unmask_irq(unsigned int irq)
{
	cached_irq_mask &= ~(1U << irq);
	if (irq & 8) {
		/* A slave line needs the cascade line open on the master. */
		cached_irq_mask &= ~(1U << PIC_CASCADE_IR);
		write_masks();
	} else {
		outb(PIC_MASTER_IMR, cached_irq_mask & 0xff);
	}
}

u16 i8259_get_mask(void)
{
	return cached_irq_mask;
}

void i8259_mask_and_ack(unsigned int irq)
{
	i8259_mask_irq(irq);
	if (irq & 8) {
		outb(PIC_SLAVE_CMD, PIC_SPECIFIC_EOI + (irq & 7));
		outb(PIC_MASTER_CMD, PIC_SPECIFIC_EOI + PIC_CASCADE_IR);
	} else {
		outb(PIC_MASTER_CMD, PIC_SPECIFIC_EOI + irq);
	}
}

static u8 read_isr(u16 cmd_port)
{
	u8 isr;

	outb(cmd_port, OCW3_READ_ISR);
	isr = inb(cmd_port);
	outb(cmd_port, OCW3_READ_IRR);	/* back to the default read */
	return isr;
}

bool i8259_irq_real(unsigned int irq)
{
	if (irq == 7)
		return read_isr(PIC_MASTER_CMD) & 0x80;
	if (irq == 15) {
		if (read_isr(PIC_SLAVE_CMD) & 0x80)
			return true;
		/* The master saw a real request on the cascade line: end it. */
		outb(PIC_MASTER_CMD, PIC_SPECIFIC_EOI + PIC_CASCADE_IR);
		return false;
	}
	return true;
}
