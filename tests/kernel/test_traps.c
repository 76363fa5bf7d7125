// SPDX-License-Identifier: MIT
/* Suite "traps": the exception path works and names things right. */
#include <arch/cpu.h>
#include <arch/traps.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>

static void int3_returns(struct ktest *t)
{
	char buf[512];
	struct printk_capture cap;
	volatile int after = 0;

	printk_capture_start(&cap, buf, sizeof(buf));
	__asm__ __volatile__("int3");
	after = 1;
	printk_capture_stop(&cap);
	KTEST_EXPECT_EQ(t, after, 1);
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "int3 at int3_returns+0x"));
}

static void exception_names(struct ktest *t)
{
	KTEST_EXPECT_STREQ(t, exception_name(0), "Divide Error");
	KTEST_EXPECT_STREQ(t, exception_name(3), "Breakpoint");
	KTEST_EXPECT_STREQ(t, exception_name(8), "Double Fault");
	KTEST_EXPECT_STREQ(t, exception_name(13), "General Protection Fault");
	KTEST_EXPECT_STREQ(t, exception_name(14), "Page Fault");
	KTEST_EXPECT_STREQ(t, exception_mnemonic(14), "#PF");
	KTEST_EXPECT_STREQ(t, exception_mnemonic(6), "#UD");
	KTEST_EXPECT_NULL(t, exception_name(32));
	KTEST_EXPECT_NULL(t, exception_mnemonic(255));
	for (unsigned int v = 0; v < NR_EXCEPTIONS; v++)
		KTEST_EXPECT_NOT_NULL(t, exception_name(v));
}

static struct pt_regs fixup_regs;
static unsigned long fixup_cr2;
static int fixup_hits;

/* Skip the faulting 3-byte "mov (%rax), %rax" and record what we saw. */
static bool skip_faulting_load(struct pt_regs *regs)
{
	fixup_regs = *regs;
	fixup_cr2 = read_cr2();
	fixup_hits++;
	regs->rip += 3;
	regs->rax = 0x5a5a;
	return true;
}

static void page_fault_reports_address(struct ktest *t)
{
	/* Not mapped: above the 4 GiB the early tables cover. */
	unsigned long addr = 0x0000100000000000UL + 0x123, val = addr;

	fixup_hits = 0;
	set_trap_fixup(X86_TRAP_PF, skip_faulting_load);
	__asm__ __volatile__(".byte 0x48, 0x8b, 0x00" : "+a"(val) : : "memory");
	set_trap_fixup(X86_TRAP_PF, NULL);
	KTEST_EXPECT_EQ(t, fixup_hits, 1);
	KTEST_EXPECT_EQ(t, fixup_cr2, addr);
	KTEST_EXPECT_EQ(t, fixup_regs.vector, 14UL);
	KTEST_EXPECT_EQ(t, fixup_regs.error_code & 0x7, 0UL); /* not present, read, kernel */
	KTEST_EXPECT_EQ(t, val, 0x5a5aUL);
}

static bool skip_ud2(struct pt_regs *regs)
{
	fixup_regs = *regs;
	fixup_hits++;
	regs->rip += 2;
	return true;
}

static void invalid_opcode_is_vector_6(struct ktest *t)
{
	fixup_hits = 0;
	set_trap_fixup(X86_TRAP_UD, skip_ud2);
	__asm__ __volatile__("ud2");
	set_trap_fixup(X86_TRAP_UD, NULL);
	KTEST_EXPECT_EQ(t, fixup_hits, 1);
	KTEST_EXPECT_EQ(t, fixup_regs.vector, 6UL);
	KTEST_EXPECT_EQ(t, fixup_regs.cs, 0x08UL);
}

static const struct ktest_case traps_cases[] = {
	KTEST_CASE(int3_returns),
	KTEST_CASE(exception_names),
	KTEST_CASE(page_fault_reports_address),
	KTEST_CASE(invalid_opcode_is_vector_6),
};
KTEST_SUITE(traps, traps_cases);
