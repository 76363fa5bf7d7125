/* SPDX-License-Identifier: MIT */
/*
 * Delays, as Linux's include/linux/delay.h: udelay/ndelay/mdelay spin on
 * the TSC and never sleep (any context, but keep them short); msleep()
 * sleeps at least the time asked (kernel/time.c) and so may only be
 * called where sleeping is allowed (it calls might_sleep()).
 */
#pragma once

#include <kernel/types.h>

/* Busy-wait @usecs microseconds (TSC; before calibration, PIT-free I/O delays). */
void udelay(unsigned long usecs);
void ndelay(unsigned long nsecs);

static inline void mdelay(unsigned long msecs)
{
	while (msecs--)
		udelay(1000);
}

/*
 * msleep - sleep at least @msecs milliseconds (rounded up to whole
 * jiffies, plus one: the current tick may be nearly over).
 * Context: process context, may sleep.
 */
void msleep(unsigned int msecs);
/* msleep() that tells how much is left (always 0: there are no signals). */
unsigned long msleep_interruptible(unsigned int msecs);
