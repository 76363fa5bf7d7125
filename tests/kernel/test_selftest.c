// SPDX-License-Identifier: MIT
/*
 * Suite "selftest": misbehaves on purpose, as ktest.selftest=<kind> asks,
 * so the host runner can prove it turns each kind of breakage into a
 * failure (tests/meson.build runs one boot per kind). "all" never selects
 * it; "noplan" is handled before the plan is printed (kernel/ktest.c).
 */
#include <arch/cpu.h>
#include <kernel/ktest.h>
#include <kernel/panic.h>
#include <kernel/string.h>

struct idt_null {
	u16 limit;
	u64 base;
} __packed;

static void selftest_trigger(struct ktest *t)
{
	const char *mode = ktest_selftest_mode();

	if (!strcmp(mode, "fail")) {
		KTEST_EXPECT_EQ(t, 1 + 1, 3);
	} else if (!strcmp(mode, "panic")) {
		panic("ktest.selftest=panic: deliberate panic");
	} else if (!strcmp(mode, "hang")) {
		cpu_halt_forever();
	} else if (!strcmp(mode, "triplefault")) {
		static const struct idt_null empty = { 0, 0 };

		/* No IDT: the breakpoint faults, the fault faults: reset. */
		__asm__ __volatile__("lidt %0; int3" : : "m"(empty));
	} else if (!strcmp(mode, "pagefault")) {
		*(volatile unsigned long *)0x0000100000000000UL = 1;
	} else {
		ktest_skip(t, "ktest.selftest= not set");
	}
}

static void selftest_passes(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, 2 + 2, 4);
}

static const struct ktest_case selftest_cases[] = {
	KTEST_CASE(selftest_passes),
	KTEST_CASE(selftest_trigger),
};
KTEST_SUITE(selftest, selftest_cases);
