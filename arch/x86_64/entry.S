/* SPDX-License-Identifier: MIT */
/*
 * Interrupt and exception entry. Every vector has a stub that pushes a
 * dummy error code where the CPU pushes none, then the vector number, and
 * jumps to the common path, which saves the registers as struct pt_regs
 * (arch/x86_64/include/arch/ptrace.h) and calls arch_handle_trap(regs).
 */

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
			(v) == 21 || (v) == 29 || (v) == 30)

	.section .text
	.balign 16
	.globl isr_stub_table_start
isr_stub_table_start:
	vec = 0
	.rept 256
	.balign 16
	.if !HAS_ERRCODE(vec)
	pushq	$0
	.endif
	pushq	$vec
	jmp	isr_common
	vec = vec + 1
	.endr

isr_common:
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rax
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
	movq	%rsp, %rdi
	call	arch_handle_trap
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	addq	$16, %rsp			/* vector and error code */
	iretq

/*
 * ktest_setjmp(env) / ktest_longjmp(env, val): save and restore the
 * callee-saved registers, the stack pointer and the return address, so a
 * failed KTEST_ASSERT can end its case from any depth.
 */
	.globl ktest_setjmp
ktest_setjmp:
	movq	%rbx, 0(%rdi)
	movq	%rbp, 8(%rdi)
	movq	%r12, 16(%rdi)
	movq	%r13, 24(%rdi)
	movq	%r14, 32(%rdi)
	movq	%r15, 40(%rdi)
	leaq	8(%rsp), %rax			/* the caller's stack pointer */
	movq	%rax, 48(%rdi)
	movq	(%rsp), %rax			/* the return address */
	movq	%rax, 56(%rdi)
	xorl	%eax, %eax
	ret

	.globl ktest_longjmp
ktest_longjmp:
	movq	0(%rdi), %rbx
	movq	8(%rdi), %rbp
	movq	16(%rdi), %r12
	movq	24(%rdi), %r13
	movq	32(%rdi), %r14
	movq	40(%rdi), %r15
	movq	48(%rdi), %rsp
	movl	%esi, %eax
	testl	%eax, %eax
	jnz	1f
	incl	%eax
1:	jmp	*56(%rdi)
