/* SPDX-License-Identifier: MIT */
/*
 * ktime: monotonic nanoseconds since the TSC was calibrated (kernel/time.c
 * and arch/x86_64/tsc.c), as Linux's include/linux/ktime.h. Resolution is
 * the TSC's; before calibration ktime_get_ns() returns 0.
 * Context: any.
 */
#pragma once

#include <kernel/types.h>

typedef s64 ktime_t;

#define NSEC_PER_USEC	1000L
#define NSEC_PER_MSEC	1000000L
#define NSEC_PER_SEC	1000000000L
#define USEC_PER_SEC	1000000L
#define MSEC_PER_SEC	1000L

/* Return: nanoseconds of CLOCK_MONOTONIC (since TSC calibration). */
u64 ktime_get_ns(void);

static inline ktime_t ktime_get(void)
{
	return (ktime_t)ktime_get_ns();
}

static inline ktime_t ns_to_ktime(u64 ns)
{
	return (ktime_t)ns;
}

static inline ktime_t ms_to_ktime(u64 ms)
{
	return (ktime_t)(ms * NSEC_PER_MSEC);
}

static inline ktime_t us_to_ktime(u64 us)
{
	return (ktime_t)(us * NSEC_PER_USEC);
}

static inline ktime_t ktime_set(s64 secs, unsigned long nsecs)
{
	return secs * NSEC_PER_SEC + (s64)nsecs;
}

#define ktime_add(a, b)		((a) + (b))
#define ktime_sub(a, b)		((a) - (b))
#define ktime_add_ns(kt, ns)	((kt) + (s64)(ns))
#define ktime_compare(a, b)	((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

static inline s64 ktime_to_ns(ktime_t kt)
{
	return kt;
}

static inline s64 ktime_to_us(ktime_t kt)
{
	return kt / NSEC_PER_USEC;
}

static inline s64 ktime_to_ms(ktime_t kt)
{
	return kt / NSEC_PER_MSEC;
}

static inline s64 ktime_us_delta(ktime_t later, ktime_t earlier)
{
	return ktime_to_us(later - earlier);
}

static inline s64 ktime_ms_delta(ktime_t later, ktime_t earlier)
{
	return ktime_to_ms(later - earlier);
}
