/* SPDX-License-Identifier: MIT */
/*
 * Boot entry. GRUB (multiboot2) enters _start32 in 32-bit protected mode,
 * paging off, EAX = multiboot2 magic, EBX = physical address of the boot
 * information block. We check the magic and that the CPU can run 64-bit
 * code (saying clearly what is missing, on serial and the VGA text screen,
 * rather than triple-faulting), build early page tables, enable PAE, long
 * mode and NX, and jump to start_kernel() in the higher half.
 *
 * Early page tables (2 MiB pages):
 *   identity    [0, 4 GiB)          -> [0, 4 GiB)   removed after boot
 *   PAGE_OFFSET [0, 4 GiB)          -> [0, 4 GiB)   replaced by the real direct map
 *   KERNEL_VMA  [0, 1 GiB)          -> [0, 1 GiB)   the kernel image
 */
#include <arch/memlayout.h>

#define PHYS(x) ((x) - KERNEL_VMA)

#define MB2_MAGIC 0xe85250d6
#define MB2_LOADER_MAGIC 0x36d76289
#define MB2_HDR_LEN (mb2_header_end - mb2_header)

#define COM1 0x3f8
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)

/* ---------------------------------------------------------------------- */
	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long 0				/* architecture: i386 protected mode */
	.long MB2_HDR_LEN
	.long 0x100000000 - (MB2_MAGIC + MB2_HDR_LEN)

	/* Entry address tag: jump to the 32-bit entry's physical address. */
	.balign 8
	.word 3, 0
	.long 12
	.long PHYS(_start32)

	/* Console flags (optional): we can drive an EGA text console. */
	.balign 8
	.word 4, 1
	.long 12
	.long 2

	/*
	 * No framebuffer tag: GRUB turns one into gfxpayload, overriding the
	 * text mode grub.cfg asks for under BIOS. UEFI has no text mode, so
	 * GRUB sets up a framebuffer there anyway (grub.cfg loads all_video).
	 */

	.balign 8
	.word 0, 0
	.long 8
mb2_header_end:

/* ---------------------------------------------------------------------- */
	.section .text.boot32, "ax"
	.code32
	.globl _start32
_start32:
	cli
	cld
	movl	%eax, %edx			/* keep the magic */

	/* Clear .bss (GRUB does, but do not rely on any loader for it). */
	movl	$PHYS(__bss_start), %edi
	movl	$PHYS(__bss_stop), %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	movl	$PHYS(boot_stack_top), %esp
	movl	%ebx, PHYS(mb2_info_phys)
	movl	%edx, PHYS(mb2_magic)

	cmpl	$MB2_LOADER_MAGIC, %edx
	jne	.Lno_multiboot

	/* CPUID exists if EFLAGS.ID (bit 21) can be toggled. */
	pushfl
	popl	%eax
	movl	%eax, %ecx
	xorl	$(1 << 21), %eax
	pushl	%eax
	popfl
	pushfl
	popl	%eax
	pushl	%ecx
	popfl
	xorl	%ecx, %eax
	jz	.Lno_cpuid

	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	.Lno_long_mode
	movl	$0x80000001, %eax
	cpuid
	testl	$(1 << 29), %edx		/* LM */
	jz	.Lno_long_mode
	testl	$(1 << 20), %edx		/* NX */
	jz	1f
	movl	$1, PHYS(boot_cpu_has_nx)
1:
	movl	$1, %eax
	cpuid
	testl	$(1 << 6), %edx			/* PAE */
	jz	.Lno_long_mode

	call	setup_early_page_tables

	movl	%cr4, %eax
	orl	$(1 << 5), %eax			/* PAE */
	orl	$(3 << 9), %eax			/* OSFXSR | OSXMMEXCPT: SSE (arch/restart.h) */
	movl	%eax, %cr4
	movl	$PHYS(early_pml4), %eax
	movl	%eax, %cr3

	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	cmpl	$0, PHYS(boot_cpu_has_nx)
	je	2f
	orl	$EFER_NXE, %eax
2:	wrmsr

	movl	%cr0, %eax
	andl	$~(1 << 2), %eax		/* EM off: SSE instructions do not trap */
	orl	$0x80010003, %eax		/* PG | WP | MP | PE */
	movl	%eax, %cr0

	lgdt	PHYS(early_gdt_ptr)
	ljmp	$0x08, $PHYS(start64_low)

/*
 * Fill the early tables: 2048 2 MiB pages mapping [0, 4 GiB), shared by
 * the identity map, PAGE_OFFSET, and (first GiB) the kernel image.
 */
setup_early_page_tables:
	movl	$PHYS(early_pd), %edi
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$0x83, %eax			/* present, writable, 2 MiB */
	movl	%eax, (%edi, %ecx, 8)
	movl	$0, 4(%edi, %ecx, 8)
	incl	%ecx
	cmpl	$2048, %ecx
	jb	1b

	movl	$PHYS(early_pdpt_low), %edi
	movl	$PHYS(early_pd), %eax
	orl	$3, %eax
	xorl	%ecx, %ecx
2:	movl	%eax, (%edi, %ecx, 8)
	addl	$4096, %eax
	incl	%ecx
	cmpl	$4, %ecx
	jb	2b

	movl	$PHYS(early_pd), %eax
	orl	$3, %eax
	movl	%eax, PHYS(early_pdpt_high) + 510 * 8

	movl	$PHYS(early_pdpt_low), %eax
	orl	$3, %eax
	movl	%eax, PHYS(early_pml4)			/* identity */
	movl	%eax, PHYS(early_pml4) + 273 * 8	/* PAGE_OFFSET */
	movl	$PHYS(early_pdpt_high), %eax
	orl	$3, %eax
	movl	%eax, PHYS(early_pml4) + 511 * 8	/* KERNEL_VMA */
	ret

.Lno_multiboot:
	movl	$PHYS(msg_no_multiboot), %esi
	jmp	early_fail32
.Lno_cpuid:
	movl	$PHYS(msg_no_cpuid), %esi
	jmp	early_fail32
.Lno_long_mode:
	movl	$PHYS(msg_no_long_mode), %esi
	jmp	early_fail32

/*
 * early_fail32 - print the message at %esi on COM1 (if the port exists)
 * and on the VGA text screen (white on red, top line), then halt.
 */
early_fail32:
	/* A missing UART reads 0xff from its line status register. */
	movw	$COM1 + 5, %dx
	inb	%dx, %al
	cmpb	$0xff, %al
	je	3f
	movb	$0x00, %al; movw $COM1 + 1, %dx; outb %al, %dx	/* no interrupts */
	movb	$0x80, %al; movw $COM1 + 3, %dx; outb %al, %dx	/* DLAB */
	movb	$0x01, %al; movw $COM1 + 0, %dx; outb %al, %dx	/* 115200 */
	movb	$0x00, %al; movw $COM1 + 1, %dx; outb %al, %dx
	movb	$0x03, %al; movw $COM1 + 3, %dx; outb %al, %dx	/* 8N1 */
	movb	$0xc7, %al; movw $COM1 + 2, %dx; outb %al, %dx	/* FIFO */
	movb	$0x03, %al; movw $COM1 + 4, %dx; outb %al, %dx	/* DTR RTS */
	movl	%esi, %ebx
1:	movb	(%ebx), %ah
	testb	%ah, %ah
	jz	3f
	movl	$100000, %ecx			/* never wait forever */
	movw	$COM1 + 5, %dx
2:	inb	%dx, %al
	testb	$0x20, %al
	jnz	4f
	loop	2b
4:	movb	%ah, %al
	movw	$COM1, %dx
	outb	%al, %dx
	incl	%ebx
	jmp	1b
3:	/* VGA text (lost harmlessly under UEFI, which has no text buffer). */
	movl	$0xb8000, %edi
5:	movb	(%esi), %al
	testb	%al, %al
	jz	6f
	cmpb	$'\r', %al
	je	7f
	cmpb	$'\n', %al
	je	7f
	movb	$0x4f, %ah
	movw	%ax, (%edi)
	addl	$2, %edi
7:	incl	%esi
	jmp	5b
6:	cli
	hlt
	jmp	6b

	.code64
start64_low:
	movabsq	$start64_high, %rax
	jmp	*%rax

/* ---------------------------------------------------------------------- */
	.section .text
start64_high:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	movabsq	$boot_stack_top, %rsp
	xorl	%ebp, %ebp
	movl	mb2_info_phys(%rip), %edi
	call	start_kernel
1:	cli
	hlt
	jmp	1b

/* ---------------------------------------------------------------------- */
	.section .rodata
	.balign 8
early_gdt:
	.quad	0
	.quad	0x00af9a000000ffff		/* 0x08: 64-bit kernel code */
	.quad	0x00cf92000000ffff		/* 0x10: kernel data */
early_gdt_end:
early_gdt_ptr:
	.word	early_gdt_end - early_gdt - 1
	.long	PHYS(early_gdt)

msg_no_multiboot:
	.asciz	"boot: not started by a multiboot2 boot loader (bad magic in EAX); boot this kernel with GRUB 2 (multiboot2). Halted.\r\n"
msg_no_cpuid:
	.asciz	"boot: this CPU has no CPUID instruction; a 64-bit (x86_64) CPU is required. Halted.\r\n"
msg_no_long_mode:
	.asciz	"boot: this CPU does not support long mode (x86_64) with PAE; a 64-bit CPU is required. Halted.\r\n"

	.section .data
	.balign 8
	.globl mb2_info_phys, mb2_magic, boot_cpu_has_nx
mb2_info_phys:	.quad 0
mb2_magic:	.long 0
boot_cpu_has_nx: .long 0

	.section .bss.page_aligned, "aw", @nobits
	.balign 4096
	.globl early_pml4
early_pml4:	.skip 4096
early_pdpt_low:	.skip 4096
early_pdpt_high: .skip 4096
early_pd:	.skip 4 * 4096
	.globl boot_stack, boot_stack_top
boot_stack:	.skip 16384
boot_stack_top:
