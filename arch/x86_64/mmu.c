// SPDX-License-Identifier: MIT
/*
 * The kernel's own page tables: paging_init() replaces head.S's early
 * tables (identity + PAGE_OFFSET + image, all RWX 2 MiB pages over the
 * first 4 GiB) with the real ones: the kernel image W^X, the direct map of
 * RAM at PAGE_OFFSET, nothing in the lower half. Also here: the CPU
 * features the MMU code needs, TLB flushes, and the boot-time page-table
 * page allocator (memblock).
 *
 * Lock order: none. paging_init() runs once at boot on one CPU.
 */
#define pr_fmt(fmt) "x86/mm: " fmt

#include <arch/cpu.h>
#include <arch/irqflags.h>
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <arch/pgtable.h>
#include <kernel/bootinfo.h>
#include <kernel/cmdline.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/memblock.h>

#include "mmu_priv.h"

#define SZ_1M (1UL << 20)
/* Linux's tlb_single_page_flush_ceiling: beyond this, flush everything. */
#define TLB_FLUSH_CEILING 33
/* PAGE_OFFSET .. VMALLOC_START holds at most 64 TiB of physical memory. */
#define MAX_DIRECT_MAP (1ULL << 46)

static phys_addr_t kernel_pgd;	/* 0 until paging_init() starts building */
static bool kernel_pgd_live;	/* CR3 holds kernel_pgd: the direct map is complete */
static bool nogbpages;		/* "nogbpages" on the command line */

/* ---------------------------------------------------------------------- */
/* CPU features */

static int __init nogbpages_setup(const char *val)
{
	nogbpages = true;
	return 0;
}
__setup("nogbpages", nogbpages_setup);

static u32 cpuid_max_extended(void)
{
	u32 a, b, c, d;

	cpuid(0x80000000, 0, &a, &b, &c, &d);
	return a;
}

/**
 * cpu_has_gbpages - may the MMU code use 1 GiB pages? CPUID
 * 0x80000001 EDX bit 26 (Page1GB), unless "nogbpages" was given.
 * Context: any.
 */
bool cpu_has_gbpages(void)
{
	static int has = -1;

	if (has < 0) {
		u32 a, b, c, d = 0;

		if (cpuid_max_extended() >= 0x80000001)
			cpuid(0x80000001, 0, &a, &b, &c, &d);
		has = !!(d & (1u << 26));
	}
	return has && !nogbpages;
}

/**
 * cpu_has_nx - does the CPU honour the NX bit? head.S found it in CPUID
 * and set EFER.NXE; without it bit 63 of an entry is reserved and must
 * never be set. Context: any.
 */
bool cpu_has_nx(void)
{
	return boot_cpu_has_nx != 0;
}

/**
 * cpu_phys_bits - the CPU's physical address width: CPUID 0x80000008
 * EAX[7:0], or 36 if the CPU does not say.
 * Context: any.
 */
unsigned int cpu_phys_bits(void)
{
	static unsigned int bits;

	if (!bits) {
		u32 a = 0, b, c, d;

		if (cpuid_max_extended() >= 0x80000008)
			cpuid(0x80000008, 0, &a, &b, &c, &d);
		bits = (a & 0xff) ? clamp(a & 0xff, 32u, 52u) : 36;
	}
	return bits;
}

/* ---------------------------------------------------------------------- */
/* TLB */

static inline void invlpg(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" : : "r"(addr) : "memory");
}

/**
 * flush_tlb_all - drop every TLB entry, global ones included: toggling
 * CR4.PGE does that (a CR3 reload keeps global entries). Also drops the
 * paging-structure caches.
 * Context: any.
 */
void flush_tlb_all(void)
{
	unsigned long flags, cr4;

	local_irq_save(flags);
	cr4 = read_cr4();
	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
	local_irq_restore(flags);
}

/**
 * flush_tlb_kernel_range - drop the TLB entries of [start, end): one
 * invlpg per page for up to TLB_FLUSH_CEILING pages (an invlpg anywhere in
 * a large page drops it; any invlpg drops the paging-structure caches),
 * flush_tlb_all() beyond.
 * Context: any.
 */
void flush_tlb_kernel_range(unsigned long start, unsigned long end)
{
	start = ALIGN_DOWN(start, PAGE_SIZE);
	if (end <= start)
		return;
	if ((end - start - 1) >> PAGE_SHIFT >= TLB_FLUSH_CEILING) {
		flush_tlb_all();
		return;
	}
	for (; start < end && start; start += PAGE_SIZE)
		invlpg(start);
}

/* ---------------------------------------------------------------------- */
/* The root of the tables, and where their pages come from at boot */

/**
 * mmu_kernel_pgd - the root every walk starts from: paging_init()'s PML4
 * once it started building, head.S's early one (CR3) before.
 * Context: any.
 */
phys_addr_t mmu_kernel_pgd(void)
{
	return kernel_pgd ? kernel_pgd : (read_cr3() & PTE_PFN_MASK);
}

/**
 * mmu_own_tables - may the tables be changed? Not before paging_init():
 * head.S's page directory is shared by the identity map, PAGE_OFFSET and
 * the image, so an edit to one would change all three.
 * Context: any.
 */
bool mmu_own_tables(void)
{
	return kernel_pgd != 0;
}

/*
 * Until the switch only head.S's early map of the first 4 GiB reaches a
 * page through PAGE_OFFSET; mm/init.c keeps memblock.current_limit there.
 */
static phys_addr_t memblock_pt_alloc(void)
{
	phys_addr_t pa = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);

	if (!pa)
		return 0;
	if (!kernel_pgd_live && pa + PAGE_SIZE > EARLY_MAP_SIZE) {
		pr_err("page-table page %#llx lies beyond the early map: keep memblock.current_limit below 4 GiB until paging_init() returns\n",
		       (unsigned long long)pa);
		memblock_free(pa, PAGE_SIZE);
		return 0;
	}
	memset(pt_va(pa), 0, PAGE_SIZE);
	return pa;
}

static void memblock_pt_free(phys_addr_t pa)
{
	memblock_free(pa, PAGE_SIZE);
}

const struct mmu_pt_allocator mmu_early_pt_allocator = {
	.alloc = memblock_pt_alloc,
	.free = memblock_pt_free,
};

/* ---------------------------------------------------------------------- */
/* paging_init */

struct pa_range {
	phys_addr_t start, end;
};

/*
 * Add [start, end) to the sorted list @r of @n disjoint ranges, merging
 * overlapping and touching ones. Return: the new count.
 */
static unsigned int __init range_add(struct pa_range *r, unsigned int n, unsigned int max,
				     phys_addr_t start, phys_addr_t end)
{
	unsigned int i, j;

	if (start >= end)
		return n;
	for (i = 0; i < n && r[i].end < start; i++)
		;
	for (j = i; j < n && r[j].start <= end; j++) {
		start = min(start, r[j].start);
		end = max(end, r[j].end);
	}
	if (j == i) {
		if (WARN_ON_ONCE(n == max))
			return n;
		memmove(&r[i + 1], &r[i], (n - i) * sizeof(*r));
		n++;
	} else {
		memmove(&r[i + 1], &r[j], (n - j) * sizeof(*r));
		n -= j - i - 1;
	}
	r[i].start = start;
	r[i].end = end;
	return n;
}

/*
 * What the direct map covers: RAM (memblock.memory), the first MiB (BIOS
 * data, the VGA text buffer the console writes through PAGE_OFFSET) and
 * the firmware's ACPI reclaimable and NVS ranges, page-aligned, merged.
 * Nothing else: a hole may be MMIO, which must never be mapped cacheable.
 */
static unsigned int __init direct_map_ranges(struct pa_range *r, unsigned int max)
{
	phys_addr_t limit = min(1ULL << cpu_phys_bits(), MAX_DIRECT_MAP);
	unsigned int n = range_add(r, 0, max, 0, SZ_1M);

	for (unsigned long i = 0; i < memblock.memory.cnt; i++) {
		const struct memblock_region *m = &memblock.memory.regions[i];

		n = range_add(r, n, max, ALIGN_DOWN(m->base, PAGE_SIZE),
			      ALIGN(m->base + m->size, PAGE_SIZE));
	}
	for (unsigned int i = 0; i < boot_info.nr_mmap; i++) {
		const struct boot_mmap_entry *e = &boot_info.mmap[i];
		u64 end = e->addr + e->len < e->addr ? limit : e->addr + e->len;

		if (e->type == BOOT_MEM_ACPI_RECLAIMABLE || e->type == BOOT_MEM_NVS)
			n = range_add(r, n, max, ALIGN_DOWN(e->addr, PAGE_SIZE),
				      ALIGN(min(end, limit), PAGE_SIZE));
	}
	while (n && r[n - 1].start >= limit)
		n--;
	if (n && r[n - 1].end > limit)
		r[n - 1].end = limit;
	return n;
}

/* Map the direct map with the largest pages that fit; NX, RW, global. */
static void __init map_direct_map(void)
{
	unsigned int max = memblock.memory.cnt + boot_info.nr_mmap + 1, n;
	size_t bytes = max * sizeof(struct pa_range);
	phys_addr_t buf = memblock_phys_alloc(bytes, PAGE_SIZE);
	struct pa_range *r = (struct pa_range *)pt_va(buf);

	if (!buf)
		panic("x86/mm: no memory to plan the direct map");
	n = direct_map_ranges(r, max);
	for (unsigned int i = 0; i < n; i++) {
		int err = arch_mmu_map(PAGE_OFFSET + r[i].start, r[i].start,
				       r[i].end - r[i].start, PAGE_KERNEL);

		pr_info("init_memory_mapping: [mem 0x%08llx-0x%08llx]\n",
			(unsigned long long)r[i].start, (unsigned long long)r[i].end - 1);
		if (err)
			panic("x86/mm: cannot map [mem %#llx-%#llx] at PAGE_OFFSET: error %d",
			      (unsigned long long)r[i].start, (unsigned long long)r[i].end - 1, err);
	}
	memblock_free(buf, bytes);
}

/* Map one kernel image segment [start, end) with @flags at its link address. */
static void __init map_image_segment(const char *start, const char *end, unsigned int flags,
				     const char *what)
{
	unsigned long s = (unsigned long)start, e = (unsigned long)end;
	int err;

	if (!IS_ALIGNED(s | e, PAGE_SIZE))
		panic("x86/mm: kernel %s [%#lx-%#lx) is not page-aligned (linker.ld)", what, s, e);
	if (e == s)
		return;
	err = arch_mmu_map(s, __pa_symbol(start), e - s, flags);
	if (err)
		panic("x86/mm: cannot map the kernel %s: error %d", what, err);
}

/*
 * The kernel image W^X, segment by segment as linker.ld lays it out; the
 * aligned middle of a segment gets 2 MiB pages.
 */
static void __init map_kernel_image(void)
{
	map_image_segment(_text, _etext, PAGE_KERNEL_EXEC, "text");
	map_image_segment(_etext, _erodata, PAGE_KERNEL_RO, "rodata");
	map_image_segment(_erodata, _ebss, PAGE_KERNEL, "data and bss");
	map_image_segment(_ebss, _end, PAGE_KERNEL_RO, "symbol table");
	pr_info("kernel image: %luK text (RX), %luK rodata (R, NX), %luK data+bss (RW, NX), %luK symbols (R, NX)\n",
		(unsigned long)(_etext - _text) >> 10, (unsigned long)(_erodata - _etext) >> 10,
		(unsigned long)(_ebss - _erodata) >> 10, (unsigned long)(_end - _ebss) >> 10);
}

/*
 * The direct map's alias of the kernel text and rodata becomes read-only,
 * so no writable view of code is left (as Linux's CPA does for aliases).
 */
static void __init protect_image_alias(void)
{
	if (arch_mmu_protect(PAGE_OFFSET + __pa_symbol(_text), _erodata - _text, PAGE_KERNEL_RO))
		pr_warn("the direct map's alias of the kernel text stays writable\n");
}

/* Return: true if the new tables map @addr with at least @flags. */
static bool __init new_tables_map(unsigned long addr, unsigned int flags)
{
	unsigned int got;

	return arch_mmu_query(addr, NULL, &got, NULL) && (got & flags) == flags;
}

/* Refuse to load tables that would not let this very code go on. */
static void __init check_new_tables(void)
{
	unsigned long sp = (unsigned long)__builtin_frame_address(0);

	if (!new_tables_map((unsigned long)check_new_tables, MMU_EXEC) ||
	    !new_tables_map(sp, MMU_WRITE) ||
	    !new_tables_map(PAGE_OFFSET + kernel_pgd, MMU_WRITE) ||
	    !new_tables_map(PAGE_OFFSET + 0xb8000, MMU_WRITE))
		panic("x86/mm: the new page tables do not map the running kernel");
}

/* Sum the direct map by page size, as /proc/meminfo's DirectMap lines. */
static void __init report_direct_map(void)
{
	unsigned long kb[3] = { 0, 0, 0 };
	unsigned long v = PAGE_OFFSET;

	while (v < PAGE_OFFSET + MAX_DIRECT_MAP) {
		size_t size;

		if (!arch_mmu_query(v, NULL, NULL, &size)) {
			struct mmu_walk w;

			arch_mmu_walk(v, &w);	/* skip the hole the walk stopped in */
			size = pg_level_size(PG_LEVEL_512G + 1 - w.levels);
			v = ALIGN_DOWN(v, size) + size;
			continue;
		}
		kb[size == PAGE_SIZE ? 0 : size == PMD_SIZE ? 1 : 2] += size >> 10;
		v += size;
	}
	pr_info("DirectMap4k: %lu kB, DirectMap2M: %lu kB, DirectMap1G: %lu kB; %lu page-table pages\n",
		kb[0], kb[1], kb[2], arch_mmu_pt_pages());
}

/**
 * paging_init - see arch/mmu.h. Builds the new tables while head.S's are
 * live (reaching table pages through the early PAGE_OFFSET map), checks
 * that they map the running code, stack and themselves, then loads CR3
 * and turns on global pages. The early boot stack is in .bss, so it stays
 * mapped at the same address.
 * Context: boot, once, interrupts off.
 */
void __init paging_init(void)
{
	phys_addr_t pgd = pt_alloc();

	if (!pgd)
		panic("x86/mm: no memory for the kernel page tables");
	kernel_pgd = pgd;
	map_kernel_image();
	map_direct_map();
	protect_image_alias();
	check_new_tables();
	write_cr3(pgd);
	kernel_pgd_live = true;
	write_cr4(read_cr4() | X86_CR4_PGE);	/* also flushes everything */
	if (arch_mmu_query(0, NULL, NULL, NULL))
		panic("x86/mm: virtual address 0 is still mapped");
	report_direct_map();
	pr_info("kernel page tables live: identity map removed, pages 4k/2M%s, NX %s\n",
		cpu_has_gbpages() ? "/1G" : "", cpu_has_nx() ? "on" : "off");
}
