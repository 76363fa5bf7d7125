/* SPDX-License-Identifier: MIT */
/* Frame-pointer stack walking (the kernel is built with frame pointers). */
#pragma once

#include <kernel/types.h>

/*
 * Print "Call Trace:" and one "function+0xoff/0xsize" line per frame,
 * starting from frame pointer @rbp (0: the caller's own frame). Stops at a
 * frame pointer that leaves the known kernel stacks.
 * Context: any.
 */
void show_stack_from(unsigned long rip, unsigned long rbp);
void dump_stack(void);
/*
 * stack_trace_save_from - store @rip (if non-zero) and then the return
 * addresses of the frames from frame pointer @rbp, as show_stack_from()
 * walks them, into @store (at most @size entries).
 * Context: any. Return: the number of entries stored.
 */
unsigned int stack_trace_save_from(unsigned long *store, unsigned int size, unsigned long rip,
				   unsigned long rbp);
/* Return: true if [addr, addr+size) lies in a stack the walker may read. */
bool stack_range_ok(unsigned long addr, size_t size);

/* Set by code that owns further stacks (kernel threads) to widen stack_range_ok(). */
extern bool (*stack_range_extra)(unsigned long addr, size_t size);
