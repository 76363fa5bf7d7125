/* SPDX-License-Identifier: MIT */
/*
 * The local APIC of the boot CPU (xAPIC, memory-mapped), as Linux's
 * arch/x86/kernel/apic/apic.c: its timer is the preferred tick source.
 * The 8259A stays reachable through LINT0 in ExtINT mode ("virtual wire"),
 * so ISA interrupts work with the local APIC on. Other CPUs are never
 * started (they stay parked in the firmware).
 */
#pragma once

#include <kernel/types.h>

/* Vectors, as Linux's arch/x86/include/asm/irq_vectors.h. */
#define LOCAL_TIMER_VECTOR	0xec
#define ERROR_APIC_VECTOR	0xfe
#define SPURIOUS_APIC_VECTOR	0xff

/*
 * lapic_init - find the boot CPU's local APIC (CPUID, IA32_APIC_BASE),
 * map its registers, enable it with LINT0 as ExtINT and LINT1 as NMI.
 * "nolapic" on the command line skips it.
 * Context: boot, once, interrupts off, after the page tables are up.
 * Return: true if the local APIC is usable.
 */
bool lapic_init(void);
/* Return: true after a successful lapic_init(). */
bool lapic_present(void);
/* Signal end-of-interrupt to the local APIC. Context: hardirq. */
void lapic_eoi(void);

/*
 * Calibration (arch/x86_64/tsc.c reads the timer over the TSC's PIT
 * windows): run the timer free (divide by 16, masked, from 0xffffffff),
 * read its count, stop it, and keep the frequency found.
 */
void lapic_timer_free_run(void);
u32 lapic_timer_count(void);
void lapic_timer_stop(void);
/* Keep @hz (counts per second after divide-by-16) as the timer frequency. */
void lapic_timer_set_frequency(unsigned long hz);

/* Start the APIC timer periodic at @hz on LOCAL_TIMER_VECTOR. */
void lapic_timer_periodic(unsigned int hz);
/* Return: the calibrated APIC timer frequency in Hz (after divide), or 0. */
unsigned long lapic_timer_frequency(void);
