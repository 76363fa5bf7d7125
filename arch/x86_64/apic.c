// SPDX-License-Identifier: MIT
/*
 * The boot CPU's local APIC, as a small Linux arch/x86/kernel/apic/apic.c:
 * enabled in xAPIC mode through its register page (mapped uncached at
 * FIX_APIC_BASE), or through MSRs if the firmware left it in x2APIC mode.
 * LINT0 is set to ExtINT and LINT1 to NMI ("virtual wire"): the 8259A's
 * interrupts keep arriving, and they need no local APIC EOI. The timer
 * runs periodic at HZ once calibrated against PIT channel 2 (tsc.c).
 *
 * Lock order: none; registers are touched with interrupts disabled.
 */
#define pr_fmt(fmt) "apic: " fmt

#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <kernel/cmdline.h>
#include <kernel/errno.h>
#include <kernel/hardirq.h>
#include <kernel/interrupt.h>
#include <kernel/printk.h>

#define MSR_IA32_APICBASE	0x1b
#define APICBASE_BSP		(1UL << 8)
#define APICBASE_X2APIC		(1UL << 10)
#define APICBASE_ENABLE		(1UL << 11)
#define APICBASE_ADDR_MASK	0xffffff000UL
#define X2APIC_MSR_BASE		0x800
#define CPUID_1_EDX_APIC	(1U << 9)

#define APIC_ID		0x20
#define APIC_LVR	0x30
#define APIC_TASKPRI	0x80
#define APIC_EOI	0xb0
#define APIC_SPIV	0xf0
#define APIC_ISR	0x100
#define APIC_ESR	0x280
#define APIC_LVTCMCI	0x2f0
#define APIC_LVTT	0x320
#define APIC_LVTTHMR	0x330
#define APIC_LVTPC	0x340
#define APIC_LVT0	0x350
#define APIC_LVT1	0x360
#define APIC_LVTERR	0x370
#define APIC_TMICT	0x380
#define APIC_TMCCT	0x390
#define APIC_TDCR	0x3e0

#define APIC_SPIV_ENABLED	(1U << 8)
#define APIC_LVT_MASKED		(1U << 16)
#define APIC_LVT_TIMER_PERIODIC	(1U << 17)
#define APIC_DM_NMI		0x400
#define APIC_DM_EXTINT		0x700
#define APIC_TDR_DIV_16		0x3

static volatile u32 *apic_mmio;
static bool x2apic_mode;
static bool apic_usable;
static bool nolapic;
static unsigned long apic_timer_hz;	/* timer counts per second after divide-by-16 */

static int __init nolapic_setup(const char *val)
{
	nolapic = true;
	return 0;
}
__setup("nolapic", nolapic_setup);

static u32 apic_read(u32 reg)
{
	if (x2apic_mode)
		return (u32)rdmsr(X2APIC_MSR_BASE + (reg >> 4));
	return apic_mmio[reg / 4];
}

static void apic_write(u32 reg, u32 val)
{
	if (x2apic_mode)
		wrmsr(X2APIC_MSR_BASE + (reg >> 4), val);
	else
		apic_mmio[reg / 4] = val;
}

bool lapic_present(void)
{
	return apic_usable;
}

void lapic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/* End whatever the firmware left in service (Linux's setup_local_APIC loop). */
static void apic_drain_isr(void)
{
	for (int tries = 0; tries < 256; tries++) {
		bool in_service = false;

		for (int i = 0; i < 8; i++)
			in_service |= apic_read(APIC_ISR + i * 0x10) != 0;
		if (!in_service)
			return;
		lapic_eoi();
	}
}

/* Mask every local interrupt source the firmware may have armed. */
static void apic_mask_lvts(unsigned int maxlvt)
{
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);
	if (maxlvt >= 4)
		apic_write(APIC_LVTPC, APIC_LVT_MASKED);
	if (maxlvt >= 5)
		apic_write(APIC_LVTTHMR, APIC_LVT_MASKED);
	if (maxlvt >= 6)
		apic_write(APIC_LVTCMCI, APIC_LVT_MASKED);
	apic_write(APIC_TMICT, 0);
}

static void spurious_interrupt(void)
{
	irq_stat_spurious++;	/* no EOI for the spurious vector */
}

static void error_interrupt(void)
{
	u32 v0, v1;

	v0 = apic_read(APIC_ESR);
	apic_write(APIC_ESR, 0);
	v1 = apic_read(APIC_ESR);
	lapic_eoi();
	irq_stat_apic_error++;
	pr_err("APIC error on CPU0: %02x(%02x)\n", v0, v1);
}

/* Find and map the registers. Return: true if there is a local APIC to use. */
static bool __init apic_map(u64 *base)
{
	u32 a, b, c, d;
	int err;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & CPUID_1_EDX_APIC)) {
		pr_info("no local APIC (CPUID)\n");
		return false;
	}
	*base = rdmsr(MSR_IA32_APICBASE);
	if (!(*base & APICBASE_ENABLE)) {
		*base |= APICBASE_ENABLE;	/* firmware left it off: on in xAPIC mode */
		wrmsr(MSR_IA32_APICBASE, *base);
	}
	x2apic_mode = *base & APICBASE_X2APIC;
	if (x2apic_mode)
		return true;
	err = arch_mmu_map(FIX_APIC_BASE, *base & APICBASE_ADDR_MASK, PAGE_SIZE,
			   PAGE_KERNEL_NOCACHE | MMU_SMALL);
	if (err && err != -EEXIST) {	/* -EEXIST: mapped before */
		pr_err("cannot map the local APIC at %#llx: error %d\n",
		       (unsigned long long)(*base & APICBASE_ADDR_MASK), err);
		return false;
	}
	apic_mmio = (volatile u32 *)FIX_APIC_BASE;
	return true;
}

/**
 * lapic_init - see arch/apic.h.
 */
bool __init lapic_init(void)
{
	unsigned int maxlvt;
	u64 base;

	if (nolapic) {
		pr_info("local APIC disabled by \"nolapic\"\n");
		return false;
	}
	if (!apic_map(&base))
		return false;
	maxlvt = (apic_read(APIC_LVR) >> 16) & 0xff;
	apic_mask_lvts(maxlvt);
	apic_write(APIC_TASKPRI, 0);
	apic_write(APIC_LVT0, APIC_DM_EXTINT);		/* the 8259A, virtual wire */
	apic_write(APIC_LVT1, APIC_DM_NMI);
	apic_write(APIC_LVTERR, ERROR_APIC_VECTOR);
	apic_write(APIC_SPIV, APIC_SPIV_ENABLED | SPURIOUS_APIC_VECTOR);
	apic_write(APIC_ESR, 0);
	apic_write(APIC_ESR, 0);
	apic_drain_isr();
	irq_set_system_vector(SPURIOUS_APIC_VECTOR, spurious_interrupt);
	irq_set_system_vector(ERROR_APIC_VECTOR, error_interrupt);
	apic_usable = true;
	pr_info("local APIC id %u version %#x at %#llx (%s mode), %u LVT entries%s\n",
		x2apic_mode ? apic_read(APIC_ID) : apic_read(APIC_ID) >> 24,
		apic_read(APIC_LVR) & 0xff, (unsigned long long)(base & APICBASE_ADDR_MASK),
		x2apic_mode ? "x2APIC" : "xAPIC", maxlvt + 1,
		(base & APICBASE_BSP) ? "" : " (not the BSP?)");
	return true;
}

void lapic_timer_free_run(void)
{
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_MASKED | LOCAL_TIMER_VECTOR);	/* one-shot, masked */
	apic_write(APIC_TMICT, 0xffffffff);
}

u32 lapic_timer_count(void)
{
	return apic_read(APIC_TMCCT);
}

void lapic_timer_stop(void)
{
	apic_write(APIC_TMICT, 0);
}

void lapic_timer_set_frequency(unsigned long hz)
{
	apic_timer_hz = hz;
}

unsigned long lapic_timer_frequency(void)
{
	return apic_timer_hz;
}

void lapic_timer_periodic(unsigned int hz)
{
	apic_write(APIC_TDCR, APIC_TDR_DIV_16);
	apic_write(APIC_LVTT, APIC_LVT_TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, (u32)((apic_timer_hz + hz / 2) / hz));
}
