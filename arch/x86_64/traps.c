// SPDX-License-Identifier: MIT
/*
 * IDT and exception handling. Every exception prints its name, error code,
 * RIP as symbol+offset, the registers and a symbolized backtrace (a page
 * fault also CR2 and its decoded error bits), then panics, except int3,
 * which returns (so the path can be tested), and exceptions a test has
 * claimed with set_trap_fixup().
 */
#include <arch/cpu.h>
#include <arch/restart.h>
#include <arch/stacktrace.h>
#include <arch/traps.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <mm/kfence.h>
#include <mm/vmalloc.h>

struct idt_entry {
	u16 offset_low;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_high;
	u32 zero;
} __packed;

struct idt_ptr {
	u16 limit;
	u64 base;
} __packed;

static struct idt_entry idt[256] __aligned(16);
static arch_irq_handler_t irq_handlers[256];
static trap_fixup_t trap_fixups[NR_EXCEPTIONS];
static unsigned int oops_count;

extern char isr_stub_table_start[];

static const struct {
	const char *mnemonic;
	const char *name;
} exceptions[NR_EXCEPTIONS] = {
	{ "#DE", "Divide Error" },
	{ "#DB", "Debug" },
	{ "NMI", "Non-maskable Interrupt" },
	{ "#BP", "Breakpoint" },
	{ "#OF", "Overflow" },
	{ "#BR", "BOUND Range Exceeded" },
	{ "#UD", "Invalid Opcode" },
	{ "#NM", "Device Not Available" },
	{ "#DF", "Double Fault" },
	{ "#MF", "Coprocessor Segment Overrun" },
	{ "#TS", "Invalid TSS" },
	{ "#NP", "Segment Not Present" },
	{ "#SS", "Stack-Segment Fault" },
	{ "#GP", "General Protection Fault" },
	{ "#PF", "Page Fault" },
	{ "#15", "Reserved (15)" },
	{ "#MF", "x87 Floating-Point Exception" },
	{ "#AC", "Alignment Check" },
	{ "#MC", "Machine Check" },
	{ "#XM", "SIMD Floating-Point Exception" },
	{ "#VE", "Virtualization Exception" },
	{ "#CP", "Control Protection Exception" },
	{ "#22", "Reserved (22)" },
	{ "#23", "Reserved (23)" },
	{ "#24", "Reserved (24)" },
	{ "#25", "Reserved (25)" },
	{ "#26", "Reserved (26)" },
	{ "#27", "Reserved (27)" },
	{ "#HV", "Hypervisor Injection Exception" },
	{ "#VC", "VMM Communication Exception" },
	{ "#SX", "Security Exception" },
	{ "#31", "Reserved (31)" },
};

const char *exception_name(unsigned int vector)
{
	return vector < NR_EXCEPTIONS ? exceptions[vector].name : NULL;
}

const char *exception_mnemonic(unsigned int vector)
{
	return vector < NR_EXCEPTIONS ? exceptions[vector].mnemonic : NULL;
}

static void set_gate(unsigned int vector, unsigned long handler, u8 ist)
{
	struct idt_entry *e = &idt[vector];

	e->offset_low = handler & 0xffff;
	e->selector = __KERNEL_CS;
	e->ist = ist;
	e->type_attr = 0x8e;	/* present, DPL 0, 64-bit interrupt gate */
	e->offset_mid = (handler >> 16) & 0xffff;
	e->offset_high = handler >> 32;
	e->zero = 0;
}

/**
 * idt_init - point all 256 vectors at their entry stubs and load the IDT.
 * Double fault, NMI, machine check and page fault run on IST stacks.
 * Context: boot, once, interrupts off.
 */
void idt_init(void)
{
	struct idt_ptr ptr;

	for (unsigned int v = 0; v < 256; v++) {
		u8 ist = 0;

		if (v == X86_TRAP_DF)
			ist = IST_DOUBLEFAULT;
		else if (v == X86_TRAP_NMI)
			ist = IST_NMI;
		else if (v == X86_TRAP_MC)
			ist = IST_MCE;
		else if (v == X86_TRAP_PF)
			ist = IST_PAGEFAULT;
		set_gate(v, (unsigned long)isr_stub_table_start + 16 * v, ist);
	}
	ptr.limit = sizeof(idt) - 1;
	ptr.base = (u64)idt;
	__asm__ __volatile__("lidt %0" : : "m"(ptr));
}

void arch_set_irq_handler(unsigned int vector, arch_irq_handler_t fn)
{
	if (WARN_ON(vector < NR_EXCEPTIONS || vector > 255))
		return;
	irq_handlers[vector] = fn;
}

void set_trap_fixup(unsigned int vector, trap_fixup_t fn)
{
	if (WARN_ON(vector >= NR_EXCEPTIONS))
		return;
	trap_fixups[vector] = fn;
}

/**
 * show_regs - print the registers in the layout of Linux's __show_regs.
 * Context: any.
 */
void show_regs(const struct pt_regs *regs)
{
	printk(KERN_EMERG "RIP: %04lx:%pS\n", regs->cs, (void *)regs->rip);
	printk(KERN_EMERG "RSP: %04lx:%016lx EFLAGS: %08lx\n", regs->ss, regs->rsp,
	       regs->rflags);
	printk(KERN_EMERG "RAX: %016lx RBX: %016lx RCX: %016lx\n", regs->rax, regs->rbx,
	       regs->rcx);
	printk(KERN_EMERG "RDX: %016lx RSI: %016lx RDI: %016lx\n", regs->rdx, regs->rsi,
	       regs->rdi);
	printk(KERN_EMERG "RBP: %016lx R08: %016lx R09: %016lx\n", regs->rbp, regs->r8,
	       regs->r9);
	printk(KERN_EMERG "R10: %016lx R11: %016lx R12: %016lx\n", regs->r10, regs->r11,
	       regs->r12);
	printk(KERN_EMERG "R13: %016lx R14: %016lx R15: %016lx\n", regs->r13, regs->r14,
	       regs->r15);
	printk(KERN_EMERG "CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n", read_cr0(),
	       read_cr2(), read_cr3(), read_cr4());
}

void show_page_fault(const struct pt_regs *regs, unsigned long cr2)
{
	unsigned long ec = regs->error_code;

	if (cr2 < 4096)
		printk(KERN_ALERT "BUG: kernel NULL pointer dereference, address: %016lx\n", cr2);
	else
		printk(KERN_ALERT "BUG: unable to handle page fault for address: %016lx\n", cr2);
	printk(KERN_ALERT "#PF: %s %s access in %s mode\n",
	       (ec & 4) ? "user" : "supervisor",
	       (ec & 16) ? "instruction fetch" : (ec & 2) ? "write" : "read",
	       (ec & 4) ? "user" : "kernel");
	printk(KERN_ALERT "#PF: error_code(0x%04lx) - %s%s\n", ec,
	       (ec & 1) ? "permissions violation" : "not-present page",
	       (ec & 8) ? ", reserved bit set" : "");
	vmalloc_report_fault(cr2);	/* a guard page or a freed vmalloc area? */
}

static __noreturn void die(const char *str, struct pt_regs *regs)
{
	oops_count++;
	printk(KERN_EMERG "Oops: %s: %04lx [#%u] NOPTI\n", str, regs->error_code, oops_count);
	show_regs(regs);
	show_stack_from(regs->rip, regs->rbp);
	panic("Fatal exception");
}

static void handle_exception(struct pt_regs *regs)
{
	unsigned int v = regs->vector;
	unsigned long cr2 = read_cr2();

	if (trap_fixups[v] && trap_fixups[v](regs))
		return;
	if (v == X86_TRAP_BP) {
		printk(KERN_INFO "traps: int3 at %pS, returning\n", (void *)(regs->rip - 1));
		return;
	}
	if (v == X86_TRAP_PF && kfence_handle_page_fault(cr2, regs->error_code & 2, regs))
		return;		/* reported; the page is mapped again: retry the access */
	if (v == X86_TRAP_PF && task_stack_guard_hit(cr2))
		die("stack guard page", regs);	/* a kernel stack overflowed */
	if (v == X86_TRAP_PF)
		show_page_fault(regs, cr2);
	else
		printk(KERN_EMERG "traps: %s (%s, vector %u) error_code: 0x%lx at %pS\n",
		       exceptions[v].name, exceptions[v].mnemonic, v, regs->error_code,
		       (void *)regs->rip);
	die(exceptions[v].mnemonic, regs);
}

struct restart_seq {
	unsigned long start, end;	/* [start, end): end is just past the commit */
};

extern const struct restart_seq __start_restart_seq[], __stop_restart_seq[];
unsigned long restart_seq_restarts;

/**
 * restart_seq_fixup - see arch/restart.h. A handful of entries (one per
 * inlined slab fast path), so a linear scan.
 * Context: interrupt entry, interrupts disabled.
 */
void restart_seq_fixup(struct pt_regs *regs)
{
	for (const struct restart_seq *r = __start_restart_seq; r < __stop_restart_seq; r++) {
		if (regs->rip - r->start < r->end - r->start) {
			regs->rip = r->start;
			restart_seq_restarts++;
			return;
		}
	}
}

/* Called from entry.S for every vector, interrupts off. */
void arch_handle_trap(struct pt_regs *regs)
{
	unsigned int v = regs->vector;

	if (v < NR_EXCEPTIONS) {
		handle_exception(regs);
		return;
	}
	restart_seq_fixup(regs);	/* before the handler can touch what a sequence reads */
	if (irq_handlers[v]) {
		irq_handlers[v](regs);
		return;
	}
	printk(KERN_WARNING "traps: unexpected interrupt on vector %u\n", v);
}
