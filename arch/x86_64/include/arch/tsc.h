/* SPDX-License-Identifier: MIT */
/*
 * The time stamp counter, calibrated at boot against PIT channel 2
 * (arch/x86_64/tsc.c). ktime_get_ns() (kernel/ktime.h) and udelay()
 * (kernel/delay.h) are built on it. Under QEMU TCG the TSC is the host's.
 */
#pragma once

#include <arch/cpu.h>
#include <kernel/types.h>

/* TSC frequency in kHz; 0 until tsc_init() has run. */
extern unsigned long tsc_khz;

/*
 * tsc_init - measure the TSC against PIT channel 2 (the most precise of
 * three 5 ms windows; CPUID leaf 0x15/0x16 if the PIT does not count),
 * the local APIC timer over the same windows, and print
 * "tsc: Detected <MHz> MHz processor", as Linux does.
 * Context: boot, once, interrupts off.
 */
void tsc_init(void);

/* Return: nanoseconds for @cycles TSC cycles (0 before calibration). */
u64 tsc_cycles_to_ns(u64 cycles);
