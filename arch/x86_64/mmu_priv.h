/* SPDX-License-Identifier: MIT */
/*
 * Private to the x86_64 MMU code: pgtable.c (the table walker and the
 * map/unmap/protect core), mmu.c (CPU features, TLB flushes, paging_init)
 * and ptdump.c (the W+X check).
 *
 * Page-table pages are always reached through the direct map: before
 * paging_init() that is head.S's early PAGE_OFFSET mapping of the first
 * 4 GiB (so early page-table pages must come from below 4 GiB), afterwards
 * the real direct map of all RAM.
 */
#pragma once

#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <arch/pgtable.h>
#include <kernel/types.h>

#define MMU_ALL_FLAGS (MMU_WRITE | MMU_EXEC | MMU_GLOBAL | MMU_NOCACHE | MMU_SMALL)

/* The table at physical @phys, through the direct map. */
static inline u64 *pt_va(phys_addr_t phys)
{
	return (u64 *)(PAGE_OFFSET + phys);
}

/* mmu.c: the root (PML4) of the kernel tables; CR3's until paging_init. */
phys_addr_t mmu_kernel_pgd(void);
/*
 * mmu.c: true once paging_init() has started building the kernel's own
 * tables; map/unmap/protect refuse to edit head.S's early ones before.
 */
bool mmu_own_tables(void);
/* mmu.c: the default page-table page allocator (memblock). */
extern const struct mmu_pt_allocator mmu_early_pt_allocator;

/* pgtable.c: a zeroed page-table page, or 0; and giving one back. */
phys_addr_t pt_alloc(void);
void pt_free(phys_addr_t phys);

/* pgtable.c: generic flags <-> PTE bits, the one place they are translated. */
u64 mmu_pte_bits(unsigned int flags, int level);
unsigned int mmu_pte_flags(u64 pte);
