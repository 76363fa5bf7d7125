/* SPDX-License-Identifier: MIT */
/*
 * The 8253/8254 programmable interval timer: channel 0 drives IRQ 0 (the
 * tick when there is no local APIC timer), channel 2 is the gated one-shot
 * the TSC and the local APIC timer are calibrated against.
 * Context: interrupts disabled.
 */
#pragma once

#include <kernel/types.h>

#define PIT_TICK_RATE 1193182UL	/* Hz, the 14.31818 MHz crystal / 12 */

/* Channel 0 periodic (mode 2) at @hz interrupts per second. */
void pit_clockevent_periodic(unsigned int hz);
/* Stop channel 0's periodic interrupts (one-shot mode, never re-armed). */
void pit_clockevent_stop(void);

/*
 * Start channel 2 counting down @ms milliseconds (mode 0, gate high,
 * speaker off). Return: the count loaded (PIT ticks).
 */
unsigned int pit_ch2_start(unsigned int ms);
/* Return: true once channel 2 has reached zero (its OUT pin went high). */
bool pit_ch2_expired(void);
/* Return: channel 2's counter now (it keeps counting down past zero, wrapping). */
u16 pit_ch2_read(void);
