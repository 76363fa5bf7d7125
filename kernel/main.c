// SPDX-License-Identifier: MIT
/*
 * start_kernel: the init order, one step per line. head.S calls it on the
 * boot stack in the higher half with the multiboot2 block's physical
 * address; the first 4 GiB are still identity-mapped and mapped at
 * PAGE_OFFSET by the early page tables.
 */
#include <arch/cpu.h>
#include <arch/irqflags.h>
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <arch/multiboot2.h>
#include <arch/traps.h>
#include <arch/tsc.h>
#include <drivers/serial.h>
#include <drivers/vgacon.h>
#include <kernel/bootinfo.h>
#include <kernel/cmdline.h>
#include <kernel/interrupt.h>
#include <kernel/kbench.h>
#include <kernel/ktest.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/shell.h>
#include <kernel/string.h>
#include <kernel/timer.h>
#include <kernel/workqueue.h>
#include <mm/mm.h>

#define MB2_INFO_MAX (1UL << 20)	/* a sane upper bound for total_size */

extern u32 mb2_magic;
u64 boot_tsc;			/* rdtsc() at kernel entry */
u64 init_done_tsc;		/* rdtsc() when init is done: the shell (or ktest=/kbench=) starts */

static void __init parse_boot_info(unsigned long mb2_phys)
{
	const void *info = (const void *)(PAGE_OFFSET + mb2_phys);
	size_t size;

	if (mb2_phys == 0 || mb2_phys >= EARLY_MAP_SIZE - 8 || (mb2_phys & 7)) {
		pr_err("multiboot2: information block at %#lx is unusable\n", mb2_phys);
		return;
	}
	size = min((size_t)*(const u32 *)info, (size_t)MB2_INFO_MAX);
	size = min(size, (size_t)(EARLY_MAP_SIZE - mb2_phys));
	if (multiboot2_parse(info, size, mb2_phys, &boot_info))
		pr_err("multiboot2: malformed boot information: %s; using what came before it\n",
		       boot_info.error_msg);
}

/* Under BIOS GRUB leaves the VGA text screen (an EGA-text framebuffer tag). */
static void __init console_init(void)
{
	const struct boot_framebuffer *fb = &boot_info.fb;

	if (fb->present && fb->type == 2 && fb->addr < EARLY_MAP_SIZE)
		vgacon_init((void *)(PAGE_OFFSET + fb->addr), fb->width, fb->height);
}

static void __init print_boot_info(void)
{
	pr_info("multiboot2: loader \"%s\", info block [%#llx-%#llx], %u tags (%u unknown)\n",
		boot_info.loader_name, (unsigned long long)boot_info.info_start,
		(unsigned long long)boot_info.info_end - 1, boot_info.nr_tags,
		boot_info.nr_unknown_tags);
	if (boot_info.fb.present)
		pr_info("multiboot2: framebuffer %ux%ux%u type %u at %#llx\n", boot_info.fb.width,
			boot_info.fb.height, boot_info.fb.bpp, boot_info.fb.type,
			(unsigned long long)boot_info.fb.addr);
	if (boot_info.has_efi_mmap)
		pr_info("multiboot2: EFI memory map, %u bytes of descriptors\n",
			boot_info.efi_mmap_size);
	boot_info_print_mmap(&boot_info);
}

void __noreturn start_kernel(unsigned long mb2_phys);

void __noreturn start_kernel(unsigned long mb2_phys)
{
	static char tests[COMMAND_LINE_SIZE];
	const char *val;

	boot_tsc = rdtsc();
	serial_init();			/* COM1, if there is one: the first console */
	pr_notice("Booting the mm kernel (x86_64, multiboot2 magic %#x)\n", mb2_magic);
	gdt_init();			/* GDT, TSS and IST stacks */
	idt_init();			/* exceptions are reported from here on */
	parse_boot_info(mb2_phys);	/* copy what the loader told us */
	console_init();			/* VGA text screen under BIOS */
	print_boot_info();		/* loader, framebuffer, BIOS-e820 lines */
	cmdline_init(boot_info.cmdline);	/* __setup handlers; warn on unknown keys */
	mm_init();			/* memblock, page tables, struct pages, buddy */
	init_IRQ();			/* 8259A remapped and masked, interrupt vectors */
	time_init();			/* TSC calibrated on the PIT; LAPIC (else PIT) tick at HZ */
	pr_info("mm: memory ready %llu us after kernel entry (%llu TSC cycles)\n",
		(unsigned long long)tsc_cycles_to_ns(mm_ready_tsc - boot_tsc) / 1000,
		(unsigned long long)(mm_ready_tsc - boot_tsc));
	sched_init();			/* the boot thread becomes task "init"; the idle task */
	softirq_init();			/* tasklets and ksoftirqd/0 */
	workqueue_init();		/* kworker/0:0 serves schedule_work() */
	local_irq_enable();		/* the tick starts: timers and preemption are live */
	system_state = SYSTEM_RUNNING;	/* might_sleep() checks are live from here */

	ptdump_check_wx();		/* after every boot-time mapping */
	init_done_tsc = rdtsc();	/* kbench "scale init" reports entry to here */
	val = cmdline_get("ktest");	/* a shared buffer: keep a copy */
	if (val && *val) {
		strscpy(tests, val, sizeof(tests));
		ktest_boot(tests);	/* runs the suites and exits QEMU */
	}
	val = cmdline_get("kbench");
	if (val && *val) {
		strscpy(tests, val, sizeof(tests));
		kbench_boot(tests);	/* runs the benchmarks and exits QEMU */
	}

	pr_notice("Boot complete in %llu us.\n",
		  (unsigned long long)tsc_cycles_to_ns(rdtsc() - boot_tsc) / 1000);
	shell_run();			/* the serial shell; never returns */
}
