// SPDX-License-Identifier: MIT
/*
 * panic(), BUG() and WARN(): reports in Linux's words ("Kernel panic - not
 * syncing:", "kernel BUG at file:line!", "WARNING: CPU: 0 PID: 0 at
 * file:line function+0x/0x"), each with a backtrace.
 */
#include <arch/cpu.h>
#include <arch/stacktrace.h>
#include <kernel/panic.h>
#include <kernel/printk.h>

unsigned long warn_count;
int panic_in_progress;
void (*panic_exit_hook)(void);

/**
 * panic - report a fatal error and stop.
 * Context: any. A panic inside a panic stops at once.
 */
void panic(const char *fmt, ...)
{
	char buf[256];
	va_list args;

	__asm__ __volatile__("cli");
	if (panic_in_progress++)
		cpu_halt_forever();
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", buf);
	dump_stack();
	printk(KERN_EMERG "---[ end Kernel panic - not syncing: %s ]---\n", buf);
	if (panic_exit_hook)
		panic_exit_hook();
	cpu_halt_forever();
}

void __bug(const char *file, int line)
{
	unsigned long caller = _RET_IP_;

	printk(KERN_EMERG "------------[ cut here ]------------\n");
	printk(KERN_EMERG "kernel BUG at %s:%d!\n", file, line);
	printk(KERN_EMERG "RIP: %pS\n", (void *)caller);
	panic("BUG at %s:%d", file, line);
}

void __warn(const char *file, int line, const char *fmt, ...)
{
	unsigned long caller = _RET_IP_;
	va_list args;

	warn_count++;
	printk(KERN_WARNING "------------[ cut here ]------------\n");
	if (fmt) {
		char buf[256];

		va_start(args, fmt);
		vsnprintf(buf, sizeof(buf), fmt, args);
		va_end(args);
		printk(KERN_WARNING "%s", buf);
	}
	printk(KERN_WARNING "WARNING: CPU: 0 PID: 0 at %s:%d %pS\n", file, line, (void *)caller);
	dump_stack();
	printk(KERN_WARNING "---[ end trace %016lx ]---\n", warn_count);
}
