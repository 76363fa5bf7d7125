/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for arch/x86_64/include/arch/memlayout.h, first on the
 * include path of the host mm build (tests/host/mm), so that the files of
 * mm/ compile unchanged as a Linux user-space program.
 *
 * The kernel's windows become fixed addresses in the user half, all inside
 * one reservation that tests/host/mm/host_mmu.c makes at start-up
 * (PROT_NONE, MAP_NORESERVE, MAP_FIXED_NOREPLACE):
 *
 *   HOST_KSPACE_START = PAGE_OFFSET   direct map of the fake physical memory
 *                                     (a memfd: fake phys X is file offset X)
 *   VMALLOC_START .. VMALLOC_END      vmalloc space (16 GiB)
 *   VMEMMAP_START                     struct page array (256 MiB: 16 GiB of RAM)
 *   MODULES_VADDR .. MODULES_END      module space (unused)
 *   FIXADDR_START .. HOST_KSPACE_END  fixmap (unused)
 *
 * Everything but the direct map is backed only where arch_mmu_map() put a
 * page: it maps the memfd at the page's offset (MAP_SHARED), so one fake
 * physical page shows the same bytes at its direct-map address and at
 * every vmalloc/vmap alias, as on the real machine. The "kernel image" is
 * [KERNEL_PHYS, KERNEL_PHYS + HOST_KIMAGE_SIZE) of the fake RAM: its link
 * address is its direct-map address (KERNEL_VMA == PAGE_OFFSET), so
 * __pa_symbol() keeps its definition.
 * The constants are compile-time constants, as in the kernel. Their values
 * lie below the ASan heap (0x600000000000) and above its shadow gap.
 */
#pragma once

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))

#define HOST_KSPACE_START 0x200000000000UL
#define HOST_MAX_PHYS (16UL << 30)			/* direct map span */
#define PAGE_OFFSET HOST_KSPACE_START
#define VMALLOC_START (PAGE_OFFSET + HOST_MAX_PHYS)
#define VMALLOC_END (VMALLOC_START + (16UL << 30))	/* exclusive */
#define VMEMMAP_START VMALLOC_END
#define HOST_VMEMMAP_SIZE ((HOST_MAX_PHYS >> PAGE_SHIFT) * 64)
#define MODULES_VADDR (VMEMMAP_START + (1UL << 30))
#define MODULES_END (MODULES_VADDR + (1UL << 30))	/* exclusive */
#define FIXADDR_START MODULES_END
#define FIX_APIC_BASE FIXADDR_START
#define HOST_KSPACE_END (FIXADDR_START + (2UL << 20))

#define KERNEL_PHYS 0x200000UL
#define KERNEL_VMA PAGE_OFFSET
#define HOST_KIMAGE_SIZE (2UL << 20)

/* The boot code maps this much of low memory at PAGE_OFFSET and identity. */
#define EARLY_MAP_SIZE (4UL << 30)

#ifndef __ASSEMBLER__
#include <kernel/types.h>

/* The image's section bounds: text 1 MiB, rodata 512 KiB, data+bss 512 KiB. */
#define _text ((char *)(KERNEL_VMA + KERNEL_PHYS))
#define _etext (_text + (1UL << 20))
#define _erodata (_etext + (512UL << 10))
#define _sdata _erodata
#define _edata (_sdata + (256UL << 10))
#define __bss_start _edata
#define __bss_stop (_text + HOST_KIMAGE_SIZE)
#define _ebss __bss_stop
#define _end __bss_stop

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
