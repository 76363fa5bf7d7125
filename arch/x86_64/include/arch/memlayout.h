/* SPDX-License-Identifier: MIT */
/*
 * The kernel's view of memory (4-level paging, as Linux lays it out).
 *
 * Virtual:
 *   0x0000000000000000 - 0x00007fffffffffff  user half: unused; the early
 *                                            identity map of the first 4 GiB
 *                                            lives here only during boot
 *   0xffff888000000000 (PAGE_OFFSET)         direct map of physical RAM (NX)
 *   0xffffc90000000000 - 0xffffe8ffffffffff  vmalloc space
 *   0xffffea0000000000 (VMEMMAP_START)       struct page array, mapped where RAM is
 *   0xffffffff80000000 (KERNEL_VMA)          kernel image (-mcmodel=kernel),
 *                                            loaded at KERNEL_PHYS = 2 MiB
 *   0xffffffffa0000000 - 0xfffffffffeffffff  module space
 *   0xffffffffff000000 (FIXADDR_START)       fixmap: fixed MMIO pages (local APIC)
 *
 * Physical:
 *   [0, 1 MiB)        real-mode area, BIOS data, VGA hole: never allocated
 *   [2 MiB, _end)     the kernel image
 *   [0, 16 MiB)       ZONE_DMA (ISA DMA reaches only 24-bit addresses)
 *   [16 MiB, 4 GiB)   ZONE_DMA32
 *   [4 GiB, ...)      ZONE_NORMAL
 */
#pragma once

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define KERNEL_VMA 0xffffffff80000000UL
#define KERNEL_PHYS 0x200000UL
#define PAGE_OFFSET 0xffff888000000000UL
#define VMALLOC_START 0xffffc90000000000UL
#define VMALLOC_END 0xffffe90000000000UL	/* exclusive */
#define VMEMMAP_START 0xffffea0000000000UL
#define MODULES_VADDR 0xffffffffa0000000UL
#define MODULES_END 0xffffffffff000000UL	/* exclusive */
#define FIXADDR_START 0xffffffffff000000UL
#define FIX_APIC_BASE FIXADDR_START	/* the local APIC's register page */

/* The boot code maps this much of low memory at PAGE_OFFSET and identity. */
#define EARLY_MAP_SIZE (4UL << 30)

#ifndef __ASSEMBLER__
#include <kernel/types.h>

extern char _text[], _etext[], _erodata[], _sdata[], _edata[];
extern char __bss_start[], __bss_stop[], _ebss[], _end[];

/* The kernel image's physical address <-> its link address. */
static inline phys_addr_t __pa_symbol(const void *x)
{
	return (unsigned long)x - KERNEL_VMA;
}

static inline bool is_kernel_image_addr(unsigned long addr)
{
	return addr >= (unsigned long)_text && addr < (unsigned long)_end;
}

static inline bool is_kernel_text(unsigned long addr)
{
	return addr >= (unsigned long)_text && addr < (unsigned long)_etext;
}
#endif
