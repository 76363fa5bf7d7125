/* SPDX-License-Identifier: MIT */
/* Host stand-in for arch/x86_64/include/arch/tsc.h (host_kernel.c calibrates nothing). */
#pragma once

#include <arch/cpu.h>
#include <kernel/types.h>

/* A fixed 1 GHz: one cycle per nanosecond. */
extern unsigned long tsc_khz;

void tsc_init(void);
u64 tsc_cycles_to_ns(u64 cycles);
