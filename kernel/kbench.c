// SPDX-License-Identifier: MIT
/*
 * The benchmark registry and runner (see kernel/include/kernel/kbench.h).
 * Times come from the TSC; ns are derived from tsc_khz (calibrated
 * against the PIT at boot). Under QEMU TCG the TSC is the host's.
 */
#include <arch/cpu.h>
#include <arch/tsc.h>
#include <drivers/qemu_exit.h>
#include <kernel/cmdline.h>
#include <kernel/kbench.h>
#include <kernel/printk.h>
#include <kernel/string.h>

extern const struct kbench *const __kbench_start[];
extern const struct kbench *const __kbench_end[];

u64 kbench_now(void)
{
	return rdtsc();
}

void kbench_report(const char *name, size_t size, unsigned long loops, u64 cycles)
{
	unsigned long long per_op_c100 = loops ? cycles * 100 / loops : 0;	/* 1/100 cycle */
	unsigned long long ns_x100 = tsc_khz ? per_op_c100 * 1000000 / tsc_khz : 0;

	printk(KERN_INFO "kbench: %s size=%zu loops=%lu ns_per_op=%llu.%02llu cycles_per_op=%llu.%02llu\n",
	       name, size, loops, ns_x100 / 100, ns_x100 % 100, per_op_c100 / 100,
	       per_op_c100 % 100);
}

static bool known(const char *name, size_t len)
{
	for (const struct kbench *const *b = __kbench_start; b < __kbench_end; b++)
		if (strlen((*b)->name) == len && !strncmp((*b)->name, name, len))
			return true;
	return false;
}

int kbench_run(const char *filter, int rounds)
{
	bool all = !strcmp(filter, "all");
	int failures = 0;

	for (const char *p = filter; !all && *p;) {
		size_t n = strcspn(p, ",");

		if (n && !known(p, n)) {
			printk(KERN_ERR "kbench: no benchmark named '%.*s'\n", (int)n, p);
			failures++;
		}
		p += n + (p[n] == ',');
	}
	for (int r = 1; r <= rounds; r++) {
		printk(KERN_INFO "kbench: round %d of %d\n", r, rounds);
		for (const struct kbench *const *b = __kbench_start; b < __kbench_end; b++)
			if (all || strlist_has(filter, (*b)->name))
				failures += (*b)->run();
	}
	return failures;
}

void kbench_boot(const char *filter)
{
	u64 start = rdtsc();
	int failures;

	printk(KERN_INFO "kbench: tsc_khz=%lu\n", tsc_khz);
	failures = kbench_run(filter, 3);
	printk(KERN_INFO "kbench: done failures=%d total_ms=%llu\n", failures,
	       tsc_khz ? (unsigned long long)(rdtsc() - start) / tsc_khz : 0ULL);
	qemu_exit(failures ? QEMU_EXIT_FAILURE : QEMU_EXIT_SUCCESS);
	cpu_halt_forever();
}

static int __init kbench_setup(const char *val)
{
	return val ? 0 : -1;	/* read by start_kernel through cmdline_get() */
}
__setup("kbench", kbench_setup);
