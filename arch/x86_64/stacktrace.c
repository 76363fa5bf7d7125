// SPDX-License-Identifier: MIT
/*
 * Backtraces by frame pointer: each frame holds [saved rbp][return address].
 * The walker reads only inside known stacks, so a corrupt chain ends the
 * trace instead of faulting again.
 */
#include <arch/memlayout.h>
#include <arch/stacktrace.h>
#include <arch/traps.h>
#include <kernel/printk.h>

#define MAX_FRAMES 32

extern char boot_stack[], boot_stack_top[];

/* Extra stacks (kernel threads) register here later. */
bool (*stack_range_extra)(unsigned long addr, size_t size);

bool stack_range_ok(unsigned long addr, size_t size)
{
	unsigned long lo = (unsigned long)boot_stack, hi = (unsigned long)boot_stack_top;

	if (addr >= lo && addr + size <= hi)
		return true;
	if (stack_in_ist(addr, size))
		return true;
	return stack_range_extra && stack_range_extra(addr, size);
}

/**
 * show_stack_from - print a symbolized backtrace.
 * @rip: the first address to print (0: none).
 * @rbp: the frame pointer to start from.
 * Context: any.
 */
void show_stack_from(unsigned long rip, unsigned long rbp)
{
	printk(KERN_EMERG "Call Trace:\n");
	if (rip)
		printk(KERN_EMERG " %pS\n", (void *)rip);
	for (int i = 0; i < MAX_FRAMES; i++) {
		unsigned long *frame = (unsigned long *)rbp;
		unsigned long ret;

		if (!rbp || (rbp & 7) || !stack_range_ok(rbp, 16))
			break;
		ret = frame[1];
		if (!is_kernel_text(ret))
			break;
		printk(KERN_EMERG " %pS\n", (void *)ret);
		if (frame[0] <= rbp)	/* stacks grow down: callers are above */
			break;
		rbp = frame[0];
	}
}

unsigned int stack_trace_save_from(unsigned long *store, unsigned int size, unsigned long rip,
				   unsigned long rbp)
{
	unsigned int n = 0;

	if (rip && n < size)
		store[n++] = rip;
	while (n < size) {
		unsigned long *frame = (unsigned long *)rbp;

		if (!rbp || (rbp & 7) || !stack_range_ok(rbp, 16) || !is_kernel_text(frame[1]))
			break;
		store[n++] = frame[1];
		if (frame[0] <= rbp)	/* stacks grow down: callers are above */
			break;
		rbp = frame[0];
	}
	return n;
}

void dump_stack(void)
{
	show_stack_from(0, (unsigned long)__builtin_frame_address(0));
}
