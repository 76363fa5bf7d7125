// SPDX-License-Identifier: MIT
/*
 * GDT and TSS. The TSS exists for its Interrupt Stack Table: a double
 * fault, NMI, machine check or page fault switches to its own stack, so a
 * kernel stack overflow (a page fault on the guard page below the stack)
 * can still be reported.
 */
#include <arch/traps.h>
#include <kernel/compiler.h>
#include <kernel/string.h>

struct tss64 {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

struct gdt_ptr {
	u16 limit;
	u64 base;
} __packed;

static struct tss64 tss __aligned(16);
static u64 gdt[5] __aligned(16);
static u8 ist_stacks[4][IST_STACK_SIZE] __aligned(4096);

bool stack_in_ist(unsigned long addr, size_t size)
{
	unsigned long lo = (unsigned long)ist_stacks;
	unsigned long hi = lo + sizeof(ist_stacks);

	return addr >= lo && addr + size <= hi;
}

static void set_tss_descriptor(u64 *slot, u64 base, u32 limit)
{
	slot[0] = (limit & 0xffffULL) | ((base & 0xffffffULL) << 16) |
		  (0x89ULL << 40) /* present, 64-bit available TSS */ |
		  ((u64)((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xffULL) << 56);
	slot[1] = base >> 32;
}

/**
 * gdt_init - install the final GDT (kernel code/data and the TSS) and load
 * the task register.
 * Context: boot, once, interrupts off.
 */
void gdt_init(void)
{
	struct gdt_ptr ptr;

	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffffULL;	/* __KERNEL_CS: 64-bit code */
	gdt[2] = 0x00cf92000000ffffULL;	/* __KERNEL_DS */
	for (int i = 0; i < 4; i++)
		tss.ist[i] = (u64)&ist_stacks[i][IST_STACK_SIZE];
	tss.iomap_base = sizeof(tss);	/* no I/O bitmap */
	set_tss_descriptor(&gdt[3], (u64)&tss, sizeof(tss) - 1);

	ptr.limit = sizeof(gdt) - 1;
	ptr.base = (u64)gdt;
	__asm__ __volatile__("lgdt %0\n\t"
			     "pushq %1\n\t"
			     "leaq 1f(%%rip), %%rax\n\t"
			     "pushq %%rax\n\t"
			     "lretq\n"
			     "1:\n\t"
			     "movw %w2, %%ds\n\t"
			     "movw %w2, %%es\n\t"
			     "movw %w2, %%ss\n\t"
			     "ltr %w3"
			     :
			     : "m"(ptr), "i"(__KERNEL_CS), "r"(__KERNEL_DS), "r"(GDT_TSS)
			     : "rax", "memory");
}
