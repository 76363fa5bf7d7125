/* SPDX-License-Identifier: MIT */
/*
 * Restartable sequences on one CPU (the idea of Linux's user-space rseq,
 * used inside the kernel): a short instruction sequence whose only effect
 * on shared state is its last instruction, one store (the commit), is
 * atomic with respect to interrupts without disabling them. An interrupt
 * that arrives before the commit retired returns to the start of the
 * sequence (restart_seq_fixup() on interrupt entry), and the sequence
 * reads everything again; once the commit retired, it is done.
 *
 * Why: the slab fast paths disabled interrupts around a free-list pop or
 * push. Under QEMU's TCG the "sti" that ends such a section also ends the
 * translation block (about 25 ns each, half a kmalloc+kfree pair's
 * budget), and Linux's way, cmpxchg16b on a (freelist, tid) pair, costs
 * as much there. Only a uniprocessor may rely on this: another CPU is not
 * an interrupt. Preemption is covered too: a thread is only ever
 * preempted from an interrupt, whose entry restarts the sequence first.
 *
 * Rules for a sequence (inline assembly):
 *  - it starts at a label S and ends at a label E right after the commit
 *    instruction; RESTART_SEQ(S, E) records the pair in .restart_seq;
 *  - its inputs are registers it does not change and memory it reads
 *    again from S; everything it computes is recomputed from S;
 *  - stores before the commit go only to memory the caller owns and are
 *    idempotent (doing them again from S is harmless);
 *  - it takes no exception in normal operation (a restart after a fault
 *    handler returned would only fault again).
 * On the host build (tests/host) nothing interrupts, and the table is
 * simply unused.
 *
 * A commit wider than 8 bytes uses one SSE store (movdqu of %xmm0): the
 * kernel is built without SSE and keeps no SSE state, so %xmm0/%xmm1 are
 * scratch registers of these sequences only; a sequence loads them before
 * use, and an interrupt that clobbers them restarts it. List
 * RESTART_SEQ_XMM_CLOBBERS after the other clobbers (the host build's
 * compiler does use SSE registers).
 */
#pragma once

#define RESTART_SEQ(start, end)						\
	".pushsection .restart_seq, \"aw\"\n\t"				\
	".balign 8\n\t"							\
	".quad " #start ", " #end "\n\t"				\
	".popsection\n\t"

#ifdef __SSE2__
#define RESTART_SEQ_XMM_CLOBBERS , "xmm0", "xmm1"
#else
#define RESTART_SEQ_XMM_CLOBBERS
#endif

struct pt_regs;

/*
 * restart_seq_fixup - if @regs (an interrupted kernel context) stopped
 * inside a sequence before its commit retired, point it back at the start.
 * Context: interrupt entry, interrupts disabled.
 */
void restart_seq_fixup(struct pt_regs *regs);

/* How many times an interrupt restarted a sequence (for the tests). */
extern unsigned long restart_seq_restarts;
