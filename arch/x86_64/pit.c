// SPDX-License-Identifier: MIT
/*
 * The 8254 PIT (ports 0x40-0x43, gate and OUT2 of channel 2 on port 0x61).
 * Channel 0 is the fallback tick on IRQ 0; channel 2 times the calibration
 * windows of the TSC and the local APIC timer, polled, no interrupt.
 *
 * Lock order: none; callers disable interrupts.
 */
#include <arch/io.h>
#include <arch/pit.h>

#define PIT_CH0		0x40
#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define NMI_SC_PORT	0x61	/* bit 0: gate 2, bit 1: speaker, bit 5: OUT2 */

/* Mode/command bytes: channel, lobyte/hibyte access, mode, binary. */
#define PIT_CH0_RATEGEN	0x34	/* channel 0, mode 2 (rate generator) */
#define PIT_CH0_ONESHOT	0x30	/* channel 0, mode 0 (interrupt on terminal count) */
#define PIT_CH2_ONESHOT	0xb0	/* channel 2, mode 0 */
#define PIT_CH2_LATCH	0x80	/* channel 2, counter latch command */

void pit_clockevent_periodic(unsigned int hz)
{
	unsigned int latch = (PIT_TICK_RATE + hz / 2) / hz;

	outb(PIT_MODE, PIT_CH0_RATEGEN);
	outb(PIT_CH0, latch & 0xff);
	outb(PIT_CH0, latch >> 8);
}

void pit_clockevent_stop(void)
{
	/* Mode 0 with a count written once: one last interrupt at most, masked anyway. */
	outb(PIT_MODE, PIT_CH0_ONESHOT);
	outb(PIT_CH0, 0);
	outb(PIT_CH0, 0);
}

unsigned int pit_ch2_start(unsigned int ms)
{
	unsigned long latch = PIT_TICK_RATE * ms / 1000;

	/* Gate high, speaker off. */
	outb(NMI_SC_PORT, (inb(NMI_SC_PORT) & ~0x02) | 0x01);
	outb(PIT_MODE, PIT_CH2_ONESHOT);
	outb(PIT_CH2, latch & 0xff);
	outb(PIT_CH2, (latch >> 8) & 0xff);
	return latch;
}

bool pit_ch2_expired(void)
{
	return inb(NMI_SC_PORT) & 0x20;
}

u16 pit_ch2_read(void)
{
	u8 lo, hi;

	outb(PIT_MODE, PIT_CH2_LATCH);
	lo = inb(PIT_CH2);
	hi = inb(PIT_CH2);
	return (u16)(hi << 8 | lo);
}
