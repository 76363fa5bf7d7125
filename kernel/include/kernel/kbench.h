/* SPDX-License-Identifier: MIT */
/*
 * kbench: in-kernel benchmarks (DESIGN.md section 7). A benchmark is a
 * function registered with KBENCH(name, fn); it times its cases and prints
 * one line per case through kbench_report():
 *
 *   kbench: <name> size=<bytes> loops=<n> ns_per_op=<x> cycles_per_op=<y>
 *
 * kbench=all or kbench=name1,name2 on the command line runs them after boot
 * (three rounds, so medians can be taken), prints
 * "kbench: done failures=<n> total_ms=<ms>" and ends the run through the
 * QEMU exit device, as ktest= does.
 *
 * Rules for a case: warm up with a tenth of the loops, time the whole loop
 * with the TSC, do not touch the memory obtained, and hide the size from
 * the compiler (kbench_opaque()).
 * Context: process context, interrupts as the kernel normally runs them.
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/types.h>

struct kbench {
	const char *name;
	/* Run every case of this benchmark. Return: the number of failures. */
	int (*run)(void);
};

#define KBENCH(bname, fn)							\
	static const struct kbench __kbench_##bname = { #bname, fn };		\
	static const struct kbench *__kbench_ptr_##bname __used			\
		__section(".kbench") = &__kbench_##bname

/* A value the compiler cannot see through (sizes are run-time values). */
static inline size_t kbench_opaque(size_t v)
{
	__asm__ __volatile__("" : "+r"(v));
	return v;
}

/* Print one result line; @cycles is the TSC delta of the whole timed loop. */
void kbench_report(const char *name, size_t size, unsigned long loops, u64 cycles);

/* Return: TSC cycles now (serialising enough for whole-loop timing). */
u64 kbench_now(void);

/*
 * kbench_run - run the benchmarks named in @filter ("all" or a comma list)
 * @rounds times. Return: failures (unknown names count as failures).
 */
int kbench_run(const char *filter, int rounds);
/* The boot path's benchmark mode: run, print the done line, exit QEMU. */
void kbench_boot(const char *filter) __noreturn;
