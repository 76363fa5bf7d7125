/* SPDX-License-Identifier: MIT */
/* CPU tables (GDT, TSS, IDT) and exception handling. */
#pragma once

#include <arch/ptrace.h>
#include <kernel/types.h>

#define NR_EXCEPTIONS 32

#define X86_TRAP_DE 0
#define X86_TRAP_DB 1
#define X86_TRAP_NMI 2
#define X86_TRAP_BP 3
#define X86_TRAP_UD 6
#define X86_TRAP_DF 8
#define X86_TRAP_GP 13
#define X86_TRAP_PF 14
#define X86_TRAP_MC 18

/* IST slots (1-based, as in the TSS). */
#define IST_DOUBLEFAULT 1
#define IST_NMI 2
#define IST_MCE 3
#define IST_PAGEFAULT 4
#define IST_STACK_SIZE 16384

#define __KERNEL_CS 0x08
#define __KERNEL_DS 0x10
#define GDT_TSS 0x18

/* Load the GDT with a TSS and IST stacks. Context: boot, once. */
void gdt_init(void);
/* Build and load the IDT for all 256 vectors. Context: boot, once. */
void idt_init(void);

/* Return: the exception's name ("Page Fault"), or NULL if @vector >= 32. */
const char *exception_name(unsigned int vector);
/* Return: the short mnemonic ("#PF"), or NULL if @vector >= 32. */
const char *exception_mnemonic(unsigned int vector);

/*
 * Handlers for interrupts (vectors >= 32) are installed here by the
 * interrupt code; exceptions are handled in traps.c.
 */
typedef void (*arch_irq_handler_t)(struct pt_regs *regs);
void arch_set_irq_handler(unsigned int vector, arch_irq_handler_t fn);

/*
 * A hook a test may set to intercept one exception (for example a page
 * fault it provokes on purpose). Return true if handled; the handler may
 * change regs->rip to resume elsewhere.
 */
typedef bool (*trap_fixup_t)(struct pt_regs *regs);
void set_trap_fixup(unsigned int vector, trap_fixup_t fn);

/*
 * The report of a kernel page fault at @cr2, as Linux prints it ("BUG:
 * unable to handle page fault for address: ...", the access, the error
 * code, and which vmalloc area the address hits). A trap fixup that
 * expects a fault may print it before recovering. Context: exception.
 */
void show_page_fault(const struct pt_regs *regs, unsigned long cr2);

/* Print the registers as Linux's __show_regs does. Context: any. */
void show_regs(const struct pt_regs *regs);

void arch_handle_trap(struct pt_regs *regs);

/* Return: true if [addr, addr+size) lies inside one IST stack. */
bool stack_in_ist(unsigned long addr, size_t size);
