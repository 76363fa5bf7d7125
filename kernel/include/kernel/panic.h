/* SPDX-License-Identifier: MIT */
/*
 * panic, BUG and WARN, as in Linux. BUG() is for provably corrupt state and
 * ends in panic; WARN() prints a report with file:line and a backtrace and
 * goes on. In test mode (ktest= given) a panic ends the run through the
 * QEMU exit device with the failure code, after its report.
 * Context: any.
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/types.h>

__noreturn void panic(const char *fmt, ...) __printf(1, 2);
/* The report names the code after the call (its return address). */
__noreturn void __bug(const char *file, int line);
void __warn(const char *file, int line, const char *fmt, ...) __printf(3, 4);

/* Incremented by every WARN (tests compare it before and after). */
extern unsigned long warn_count;
/* Non-zero once a panic has started. */
extern int panic_in_progress;

#define BUG() __bug(__FILE__, __LINE__)
#define BUG_ON(cond)								\
	do {									\
		if (unlikely(cond))						\
			BUG();							\
	} while (0)

#define WARN(cond, fmt, ...)							\
	({									\
		bool __ret_warn = !!(cond);					\
		if (unlikely(__ret_warn))					\
			__warn(__FILE__, __LINE__, fmt, ##__VA_ARGS__);\
		unlikely(__ret_warn);						\
	})

#define WARN_ON(cond) WARN(cond, NULL)

#define WARN_ONCE(cond, fmt, ...)						\
	({									\
		static bool __warned;						\
		bool __ret_once = !!(cond);					\
		if (unlikely(__ret_once) && !__warned) {			\
			__warned = true;					\
			__warn(__FILE__, __LINE__, fmt, ##__VA_ARGS__);\
		}								\
		unlikely(__ret_once);						\
	})

#define WARN_ON_ONCE(cond) WARN_ONCE(cond, NULL)

/*
 * Hooks the exit path uses: set by the test runner so a panic during a
 * test run ends QEMU with the failure code.
 */
extern void (*panic_exit_hook)(void);
