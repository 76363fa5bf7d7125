/* SPDX-License-Identifier: MIT */
/*
 * Context switch between kernel threads (kernel/sched.c).
 *
 * struct task_struct *__switch_to_asm(struct task_struct *prev,
 *				       struct task_struct *next)
 *
 * Pushes the callee-saved registers on prev's stack, saves the stack
 * pointer in prev->thread_sp (offset 0), loads next's, pops next's
 * registers and returns on next's stack. The caller-saved registers need
 * no saving: the switch is a function call. Returns the task switched
 * away from (in the context that resumes, %rdi still holds it), which
 * finish_task_switch() needs.
 */
#define TASK_THREAD_SP 0

	.section .text
	.globl __switch_to_asm
__switch_to_asm:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, TASK_THREAD_SP(%rdi)
	movq	TASK_THREAD_SP(%rsi), %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	movq	%rdi, %rax
	ret

/*
 * A new thread's first return lands here (sched_setup_thread() built the
 * frame): %rax is the previous task, %rbx the function, %r12 its argument.
 * The function never returns (it ends in do_exit()).
 */
	.globl ret_from_kthread
ret_from_kthread:
	movq	%rax, %rdi
	call	schedule_tail
	movq	%r12, %rdi
	call	*%rbx
	ud2
