/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for arch/x86_64/include/arch/cpu.h: the same names. CPUID,
 * RDTSC and PAUSE are real (they work in user space); the interrupt flag
 * is a variable (host_eflags, tests/host/mm/host_kernel.c); control
 * registers and MSRs read back what was last written.
 */
#pragma once

#include <stdlib.h>

#include <kernel/compiler.h>
#include <kernel/types.h>

#define X86_EFLAGS_IF (1UL << 9)
#define X86_CR0_WP (1UL << 16)
#define X86_CR4_PGE (1UL << 7)
#define MSR_EFER 0xc0000080
#define EFER_NXE (1UL << 11)

/* The fake RFLAGS (only IF is meaningful) and control registers. */
extern unsigned long host_eflags;
extern unsigned long host_cr[5];

static inline unsigned long read_cr0(void)
{
	return host_cr[0];
}

static inline unsigned long read_cr2(void)
{
	return host_cr[2];
}

static inline unsigned long read_cr3(void)
{
	return host_cr[3];
}

static inline void write_cr3(unsigned long v)
{
	host_cr[3] = v;
}

static inline unsigned long read_cr4(void)
{
	return host_cr[4];
}

static inline void write_cr4(unsigned long v)
{
	host_cr[4] = v;
}

static inline void cpuid(u32 leaf, u32 subleaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ __volatile__("cpuid"
			     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			     : "a"(leaf), "c"(subleaf));
}

static inline u64 rdmsr(u32 msr)
{
	return msr == MSR_EFER ? EFER_NXE : 0;
}

static inline void wrmsr(u32 msr __maybe_unused, u64 v __maybe_unused)
{
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline unsigned long native_save_fl(void)
{
	return READ_ONCE(host_eflags);
}

static inline void cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

/* Nothing would ever wake a halted host CPU: stop here. */
static inline void halt(void)
{
	abort();
}

static inline __noreturn void cpu_halt_forever(void)
{
	abort();
}

extern u32 boot_cpu_has_nx;
