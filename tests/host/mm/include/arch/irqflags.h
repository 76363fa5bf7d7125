/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for arch/x86_64/include/arch/irqflags.h: the same names and
 * semantics, on the fake RFLAGS.IF in host_eflags (one CPU, no interrupts
 * ever arrive; tests read irqs_disabled() to check the allocators restore
 * the caller's state).
 */
#pragma once

#include <arch/cpu.h>

static inline void local_irq_disable(void)
{
	barrier();
	WRITE_ONCE(host_eflags, host_eflags & ~X86_EFLAGS_IF);
	barrier();
}

static inline void local_irq_enable(void)
{
	barrier();
	WRITE_ONCE(host_eflags, host_eflags | X86_EFLAGS_IF);
	barrier();
}

static inline bool irqs_disabled(void)
{
	return !(native_save_fl() & X86_EFLAGS_IF);
}

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = native_save_fl();

	local_irq_disable();
	return flags;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		local_irq_enable();
}

#define local_irq_save(flags) ((flags) = arch_local_irq_save())
#define local_irq_restore(flags) arch_local_irq_restore(flags)
