/* SPDX-License-Identifier: MIT */
/*
 * jiffies: timer ticks since boot, HZ per second (kernel/time.c).
 *
 * HZ is 250, Linux's default on x86 (CONFIG_HZ_250): a 4 ms tick, fine
 * enough for msleep() and the round-robin time slice, and cheap under
 * QEMU's TCG, where every tick is an emulated interrupt. The tick comes
 * from the local APIC timer where there is one, else from PIT channel 0.
 *
 * Unlike Linux, jiffies starts at 0 (Linux starts 5 minutes before the
 * 32-bit wrap to catch comparison bugs): always compare with time_after()
 * and friends anyway.
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/types.h>

#define HZ 250
#define TICK_NSEC (1000000000UL / HZ)
#define MAX_JIFFY_OFFSET ((LONG_MAX >> 1) - 1)

/* Incremented by the tick (hardirq); read it with READ_ONCE or get_jiffies_64(). */
extern volatile unsigned long jiffies;

static inline u64 get_jiffies_64(void)
{
	return READ_ONCE(jiffies);
}

/* Wrap-safe comparisons: is @a after @b? */
#define time_after(a, b)	((long)((b) - (a)) < 0)
#define time_before(a, b)	time_after(b, a)
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
#define time_before_eq(a, b)	time_after_eq(b, a)
#define time_is_before_jiffies(a)	time_after(jiffies, a)
#define time_is_after_jiffies(a)	time_before(jiffies, a)

/* Round up: a timeout never expires early. */
static inline unsigned long msecs_to_jiffies(unsigned int m)
{
	return ((unsigned long)m * HZ + 999) / 1000;
}

static inline unsigned long usecs_to_jiffies(unsigned int u)
{
	return ((unsigned long)u * HZ + 999999) / 1000000;
}

static inline unsigned int jiffies_to_msecs(unsigned long j)
{
	return (unsigned int)(j * (1000 / HZ));
}

static inline u64 jiffies_to_nsecs(unsigned long j)
{
	return (u64)j * TICK_NSEC;
}
