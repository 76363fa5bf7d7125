/* SPDX-License-Identifier: MIT */
/*
 * The narrow MMU interface: map, unmap, protect, query, flush, with
 * generic flags translated to x86 PTE bits in one place (arch/x86_64/pgtable.c).
 * Generic code (mm/, vmalloc) never sees a PTE.
 *
 * Locking: callers serialize changes to one range; the page-table pages
 * themselves are guarded by disabling interrupts (single CPU for now).
 * Context: may allocate page-table pages (GFP_KERNEL once the buddy
 * allocator is up), so not from interrupt context.
 */
#pragma once

#include <kernel/types.h>

/* Generic mapping flags. A mapping is always present and readable. */
#define MMU_WRITE	(1u << 0)	/* writable */
#define MMU_EXEC	(1u << 1)	/* executable (no NX bit) */
#define MMU_GLOBAL	(1u << 2)	/* survives CR3 reloads (kernel mappings) */
#define MMU_NOCACHE	(1u << 3)	/* PCD|PWT: uncached, for MMIO */
#define MMU_SMALL	(1u << 4)	/* map: use 4 KiB pages only */

#define PAGE_KERNEL		(MMU_WRITE | MMU_GLOBAL)
#define PAGE_KERNEL_RO		(MMU_GLOBAL)
#define PAGE_KERNEL_EXEC	(MMU_EXEC | MMU_GLOBAL)	/* read + execute, never write */
#define PAGE_KERNEL_NOCACHE	(MMU_WRITE | MMU_GLOBAL | MMU_NOCACHE)

/*
 * arch_mmu_map - map [virt, virt+size) to [phys, phys+size) in the kernel
 * page tables, with 1 GiB / 2 MiB pages where alignment and the CPU allow
 * (unless MMU_SMALL), else 4 KiB. All three must be page-aligned, @virt in
 * the kernel half (>= 0xffff800000000000; the range may not wrap past the
 * top), @phys + @size within the CPU's physical address width. A W+X
 * request is refused with a "refusing W^X violation" warning. No TLB flush
 * is needed (nothing was mapped there). Only after paging_init() started.
 * Return: 0, -EINVAL (misaligned, empty, outside the kernel half, unknown
 * flags, W+X), -EEXIST (something is already mapped there: nothing is
 * changed), -ENOMEM (page-table allocation failed: whatever was mapped by
 * this call is undone), -EBUSY (before paging_init(), with a warning).
 */
int arch_mmu_map(unsigned long virt, phys_addr_t phys, size_t size, unsigned int flags);

/*
 * arch_mmu_map_pages - map @nr 4 KiB pages at @virt, page i at @phys[i]
 * (each page-aligned and within the CPU's physical address width), with
 * @flags (MMU_SMALL is implied). The checks and errors of arch_mmu_map():
 * -EEXIST if any page of the range is mapped, -ENOMEM if a page table
 * could not be had; on any error nothing this call mapped stays mapped.
 * No TLB flush is needed.
 */
int arch_mmu_map_pages(unsigned long virt, const phys_addr_t *phys, unsigned int nr,
		       unsigned int flags);

/*
 * arch_mmu_unmap - remove every mapping in [virt, virt+size); large pages
 * that straddle the edges are split first. Does NOT flush the TLB: call
 * flush_tlb_kernel_range() before reusing the range or freeing the pages.
 * Return: 0, -EINVAL (as for map), or -ENOMEM if a split needed a page
 * table and none was left (the part below the failure is unmapped).
 */
int arch_mmu_unmap(unsigned long virt, size_t size);

/*
 * arch_mmu_protect - give mapped [virt, virt+size) the generic @flags
 * (large pages straddling the edges are split; MMU_SMALL is ignored), then
 * flush the TLB for the range.
 * Return: 0, -EINVAL (as for map), -EFAULT (part of the range is not
 * mapped: nothing is changed), -ENOMEM (a split failed; pages below the
 * failure have the new flags).
 */
int arch_mmu_protect(unsigned long virt, size_t size, unsigned int flags);

/*
 * arch_mmu_query - walk the tables for @virt.
 * Return: true if mapped; then *@phys is the physical address of @virt,
 * *@flags its generic flags and *@page_size the size of the mapping page
 * (4 KiB, 2 MiB or 1 GiB). Any out pointer may be NULL.
 */
bool arch_mmu_query(unsigned long virt, phys_addr_t *phys, unsigned int *flags,
		    size_t *page_size);

/*
 * The raw entry at each level for @virt (for the shell's translate, and
 * tests that must write an entry the API refuses to make); decode them
 * with <arch/pgtable.h>. A non-canonical @virt reads nothing (levels 0).
 */
struct mmu_walk {
	u64 entry[4];		/* PML4E, PDPTE, PDE, PTE */
	unsigned long entry_addr[4];	/* virtual address of each entry */
	int levels;		/* how many entries were read (stops at !present or a large page) */
};
void arch_mmu_walk(unsigned long virt, struct mmu_walk *walk);

/*
 * Drop the TLB entries of [start, end): invlpg per page for up to 33
 * pages, else flush_tlb_all(). flush_tlb_all() also drops global entries
 * (kernel mappings are global, so it toggles CR4.PGE). Context: any.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end);
void flush_tlb_all(void);

/*
 * Page-table pages: from memblock during early boot (the default), from
 * the buddy allocator once mm is up (mm/ switches the allocator). alloc()
 * returns a zeroed page inside the direct map, or 0; it may sleep. free()
 * may be handed a page an earlier allocator gave out (a boot-time memblock
 * page) and must then keep it. Tables are freed only when a large page is
 * mapped over a subtree of empty tables.
 */
struct mmu_pt_allocator {
	phys_addr_t (*alloc)(void);	/* a zeroed page, or 0 */
	void (*free)(phys_addr_t);
};
/* Return: the previous allocator. @a == NULL restores the default (memblock). */
const struct mmu_pt_allocator *arch_mmu_set_pt_allocator(const struct mmu_pt_allocator *a);
/*
 * Return: page-table pages the kernel tables hold now (boot and later).
 * Tables stay when their range is unmapped (as Linux's vmalloc tables do),
 * so a test counting free pages across a first map of a new range sees
 * them; meminfo can print it as PageTables.
 */
unsigned long arch_mmu_pt_pages(void);

/*
 * paging_init - build the kernel's own page tables and switch to them: the
 * kernel image W^X (text RX, rodata R+NX, data/bss RW+NX), the direct map
 * of RAM at PAGE_OFFSET (NX; memblock.memory, the first MiB and the ACPI
 * ranges of the firmware map; never holes or MMIO; the alias of the kernel
 * text and rodata read-only), no identity map (a NULL dereference
 * faults); kernel mappings are global (CR4.PGE). Page-table pages come
 * from memblock, which must keep them below 4 GiB (memblock.current_limit)
 * until this returns: only the early map of the first 4 GiB is live before.
 * Context: boot, once, after memblock is set up. Panics if it cannot.
 */
void paging_init(void);

/*
 * ptdump_check_wx - walk every kernel page table and report pages that are
 * both writable and executable, as Linux's CONFIG_DEBUG_WX does: prints
 * "x86/mm: Checked W+X mappings: passed, no W+X pages found." or, for each
 * offending range, "x86/mm: Found insecure W+X mapping at address %pS"
 * and then "x86/mm: Checked W+X mappings: FAILED, N W+X pages found."
 * Without NX every page is executable: it says the check was skipped.
 * Context: any but interrupt (it walks tables others may change).
 * Return: the number of W+X pages (4 KiB units).
 */
unsigned long ptdump_check_wx(void);

/* CPU features the MMU code uses (from CPUID at boot). */
bool cpu_has_gbpages(void);
bool cpu_has_nx(void);
unsigned int cpu_phys_bits(void);
