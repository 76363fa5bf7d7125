/* SPDX-License-Identifier: MIT */
/* Registers saved on entry to an interrupt or exception (arch/x86_64/entry.S). */
#pragma once

#include <kernel/types.h>

struct pt_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	unsigned long rax, rcx, rdx, rsi, rdi;
	unsigned long vector;
	unsigned long error_code;
	/* Pushed by the CPU. */
	unsigned long rip, cs, rflags, rsp, ss;
};
