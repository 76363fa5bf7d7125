/* SPDX-License-Identifier: MIT */
/*
 * x86_64 4-level page-table entries, named as in Linux's pgtable_types.h.
 *
 * For arch code, the shell's page-table dump and tests that inspect the raw
 * entries arch_mmu_walk() returns. Generic code (mm/) must not include this:
 * it speaks only the generic MMU_* flags of <arch/mmu.h>.
 *
 * Levels are numbered as Linux's enum pg_level: 1 = PTE (4 KiB pages),
 * 2 = PMD (page directory, 2 MiB pages), 3 = PUD (PDPT, 1 GiB pages),
 * 4 = PGD (PML4). Every table holds 512 8-byte entries.
 */
#pragma once

#include <arch/memlayout.h>
#include <kernel/types.h>

#define _PAGE_PRESENT	(1ULL << 0)
#define _PAGE_RW	(1ULL << 1)	/* writable; needed at every level */
#define _PAGE_USER	(1ULL << 2)	/* never set: there is no user space */
#define _PAGE_PWT	(1ULL << 3)	/* write-through */
#define _PAGE_PCD	(1ULL << 4)	/* cache disable */
#define _PAGE_ACCESSED	(1ULL << 5)
#define _PAGE_DIRTY	(1ULL << 6)
#define _PAGE_PSE	(1ULL << 7)	/* level 2/3: a 2 MiB / 1 GiB leaf */
#define _PAGE_PAT	(1ULL << 7)	/* level 1: PAT index bit (unused) */
#define _PAGE_GLOBAL	(1ULL << 8)	/* leaf: kept across CR3 loads (CR4.PGE) */
#define _PAGE_PAT_LARGE	(1ULL << 12)	/* level 2/3 leaf: PAT index bit (unused) */
#define _PAGE_NX	(1ULL << 63)	/* no execute; needs EFER.NXE */

/* Physical address bits of an entry (bits 12..51). */
#define PTE_PFN_MASK	0x000ffffffffff000ULL

/* Intermediate entries: permissions are decided by the leaf alone. */
#define _KERNPG_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

#define PTRS_PER_TABLE	512
#define PG_LEVEL_4K	1
#define PG_LEVEL_2M	2
#define PG_LEVEL_1G	3
#define PG_LEVEL_512G	4

#define PMD_SHIFT	21
#define PUD_SHIFT	30
#define PGDIR_SHIFT	39
#define PMD_SIZE	(1UL << PMD_SHIFT)	/* 2 MiB */
#define PUD_SIZE	(1UL << PUD_SHIFT)	/* 1 GiB */
#define PGDIR_SIZE	(1UL << PGDIR_SHIFT)	/* 512 GiB */

/* The kernel half of the canonical address space. */
#define KERNEL_HALF_START 0xffff800000000000UL

static inline unsigned int pg_level_shift(int level)
{
	return PAGE_SHIFT + 9 * (level - 1);
}

/* Return: the bytes one entry at @level maps (4 KiB, 2 MiB, 1 GiB, 512 GiB). */
static inline unsigned long pg_level_size(int level)
{
	return 1UL << pg_level_shift(level);
}

static inline unsigned int pg_index(unsigned long virt, int level)
{
	return (virt >> pg_level_shift(level)) & (PTRS_PER_TABLE - 1);
}

/* Return: true if @entry at @level maps memory itself (not a table). */
static inline bool pte_is_leaf(u64 entry, int level)
{
	return level == PG_LEVEL_4K || (level < PG_LEVEL_512G && (entry & _PAGE_PSE));
}

/* Return: the physical address @entry points to (a table or a leaf page). */
static inline phys_addr_t pte_phys(u64 entry, int level)
{
	phys_addr_t pa = entry & PTE_PFN_MASK;

	if (level > PG_LEVEL_4K && pte_is_leaf(entry, level))
		pa &= ~(phys_addr_t)(pg_level_size(level) - 1);
	return pa;
}
