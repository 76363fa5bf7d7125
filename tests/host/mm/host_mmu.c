// SPDX-License-Identifier: MIT
/*
 * Fake physical memory, the direct map and the arch MMU API for the host
 * build of mm/ (see host_mm.h and include/arch/memlayout.h).
 *
 * The recorder keeps one 512-entry table per 2 MiB of kernel space that
 * was ever mapped (like an x86 PTE table): an entry is the physical
 * address of the page | HOST_PTE_PRESENT | the generic MMU_* flags << 1.
 * The host mapping follows every change: a present page is the memfd
 * mapped MAP_SHARED at the page's offset (PROT_READ, plus PROT_WRITE with
 * MMU_WRITE); anything else is the PROT_NONE reservation again, so an
 * access to an unmapped kernel address faults as it would on the machine.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <kernel/bootinfo.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/memblock.h>
#include <mm/mm.h>
#include <mm/page_alloc.h>

#include "host_mm.h"

#define HOST_PTE_PRESENT 1UL
#define HOST_PTE_FLAGS_SHIFT 1
#define HOST_PTRS_PER_TABLE 512
#define HOST_TABLE_SHIFT (PAGE_SHIFT + 9)	/* 2 MiB per table */
#define HOST_NR_TABLES ((HOST_KSPACE_END - HOST_KSPACE_START) >> HOST_TABLE_SHIFT)
#define MMU_ALL_FLAGS (MMU_WRITE | MMU_EXEC | MMU_GLOBAL | MMU_NOCACHE | MMU_SMALL)


u64 host_phys_size;
unsigned long host_tlb_flushes;
unsigned long host_mmu_mapped_pages;
u32 boot_cpu_has_nx = 1;

static int phys_fd = -1;
static u64 *tables[HOST_NR_TABLES];
static unsigned long pt_pages;		/* page-table pages taken from the pt allocator */
static bool paging_ready;

/* ---- the page-table page allocator (memblock until mm/ switches it) ---- */

static phys_addr_t memblock_pt_alloc(void)
{
	phys_addr_t phys = memblock_phys_alloc(PAGE_SIZE, PAGE_SIZE);

	if (phys)
		memset(__va(phys), 0, PAGE_SIZE);
	return phys;
}

static void memblock_pt_free(phys_addr_t phys __maybe_unused)
{
	/* Boot tables are kept, as the kernel's are. */
}

static const struct mmu_pt_allocator memblock_pt_allocator = {
	.alloc = memblock_pt_alloc,
	.free = memblock_pt_free,
};

static const struct mmu_pt_allocator *pt_allocator = &memblock_pt_allocator;

const struct mmu_pt_allocator *arch_mmu_set_pt_allocator(const struct mmu_pt_allocator *a)
{
	const struct mmu_pt_allocator *old = pt_allocator;

	pt_allocator = a ? a : &memblock_pt_allocator;
	return old;
}

unsigned long arch_mmu_pt_pages(void)
{
	return pt_pages;
}

/* ---- host mappings ---- */

static void host_die(const char *what)
{
	fprintf(stderr, "host_mmu: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void host_back(unsigned long virt, phys_addr_t phys, size_t size, unsigned int flags)
{
	int prot = PROT_READ | ((flags & MMU_WRITE) ? PROT_WRITE : 0);

	if (mmap((void *)virt, size, prot, MAP_SHARED | MAP_FIXED, phys_fd, (off_t)phys) ==
	    MAP_FAILED)
		host_die("mmap of fake physical memory");
}

static void host_unback(unsigned long virt, size_t size)
{
	if (mmap((void *)virt, size, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0) == MAP_FAILED)
		host_die("mmap of the reservation");
}

/* ---- the recorder ---- */

static unsigned long table_index(unsigned long virt)
{
	return (virt - HOST_KSPACE_START) >> HOST_TABLE_SHIFT;
}

static u64 *pte_of(unsigned long virt)
{
	u64 *t = tables[table_index(virt)];

	return t ? &t[(virt >> PAGE_SHIFT) & (HOST_PTRS_PER_TABLE - 1)] : NULL;
}

static bool in_direct_map(unsigned long virt)
{
	return virt >= PAGE_OFFSET && virt < PAGE_OFFSET + HOST_MAX_PHYS;
}

/*
 * Make sure the table for @virt exists. Outside the direct map a page-table
 * page is taken from the pt allocator, as x86 needs a PTE table there.
 * Return: 0 or -ENOMEM.
 */
static int table_get(unsigned long virt)
{
	unsigned long i = table_index(virt);

	if (tables[i])
		return 0;
	if (!in_direct_map(virt)) {
		if (!pt_allocator->alloc())
			return -ENOMEM;
		pt_pages++;
	}
	tables[i] = calloc(HOST_PTRS_PER_TABLE, sizeof(u64));
	if (!tables[i])
		host_die("calloc");
	return 0;
}

/* Common argument checks of map, unmap and protect. */
static int check_range(unsigned long virt, size_t size, unsigned int flags)
{
	if (!size || (virt | size) & ~PAGE_MASK || (flags & ~MMU_ALL_FLAGS))
		return -EINVAL;
	if (virt < HOST_KSPACE_START || virt >= HOST_KSPACE_END || size > HOST_KSPACE_END - virt)
		return -EINVAL;
	if ((flags & MMU_WRITE) && (flags & MMU_EXEC)) {
		WARN(1, "arch_mmu_map: refusing W^X violation at %#lx (flags %#x)\n", virt, flags);
		return -EINVAL;
	}
	return 0;
}

static void set_range(unsigned long virt, phys_addr_t phys, size_t size, unsigned int flags)
{
	for (size_t off = 0; off < size; off += PAGE_SIZE) {
		*pte_of(virt + off) = (phys + off) | HOST_PTE_PRESENT |
				      ((u64)(flags & ~MMU_SMALL) << HOST_PTE_FLAGS_SHIFT);
		if (!in_direct_map(virt + off))
			host_mmu_mapped_pages++;
	}
	host_back(virt, phys, size, flags);
}

static void clear_range(unsigned long virt, size_t size)
{
	for (size_t off = 0; off < size; off += PAGE_SIZE) {
		u64 *pte = pte_of(virt + off);

		if (pte && (*pte & HOST_PTE_PRESENT)) {
			*pte = 0;
			if (!in_direct_map(virt + off))
				host_mmu_mapped_pages--;
		}
	}
	host_unback(virt, size);
}

int arch_mmu_map(unsigned long virt, phys_addr_t phys, size_t size, unsigned int flags)
{
	int err = check_range(virt, size, flags);

	if (err)
		return err;
	if (phys & ~PAGE_MASK || phys + size > host_phys_size || phys + size < phys)
		return -EINVAL;
	if (!paging_ready) {
		WARN(1, "arch_mmu_map before paging_init\n");
		return -EBUSY;
	}
	for (size_t off = 0; off < size; off += PAGE_SIZE) {
		u64 *pte = pte_of(virt + off);

		if (pte && (*pte & HOST_PTE_PRESENT))
			return -EEXIST;
	}
	for (size_t off = 0; off < size; off += 1UL << HOST_TABLE_SHIFT) {
		if (table_get(virt + off))
			return -ENOMEM;	/* nothing mapped yet: tables stay, as in the kernel */
	}
	if (table_get(virt + size - 1))
		return -ENOMEM;
	set_range(virt, phys, size, flags);
	return 0;
}

int arch_mmu_map_pages(unsigned long virt, const phys_addr_t *phys, unsigned int nr,
		       unsigned int flags)
{
	int err = check_range(virt, (size_t)nr * PAGE_SIZE, flags);

	for (unsigned int i = 0; !err && i < nr; i++) {
		err = arch_mmu_map(virt + (unsigned long)i * PAGE_SIZE, phys[i], PAGE_SIZE,
				   flags | MMU_SMALL);
		if (err && i)
			clear_range(virt, (size_t)i * PAGE_SIZE);
	}
	return err;
}

int arch_mmu_unmap(unsigned long virt, size_t size)
{
	int err = check_range(virt, size, 0);

	if (err)
		return err;
	clear_range(virt, size);
	return 0;
}

int arch_mmu_protect(unsigned long virt, size_t size, unsigned int flags)
{
	int err = check_range(virt, size, flags);

	if (err)
		return err;
	for (size_t off = 0; off < size; off += PAGE_SIZE) {
		u64 *pte = pte_of(virt + off);

		if (!pte || !(*pte & HOST_PTE_PRESENT))
			return -EFAULT;
	}
	for (size_t off = 0; off < size; off += PAGE_SIZE) {
		u64 *pte = pte_of(virt + off);
		phys_addr_t phys = *pte & PAGE_MASK;

		*pte = phys | HOST_PTE_PRESENT |
		       ((u64)(flags & ~MMU_SMALL) << HOST_PTE_FLAGS_SHIFT);
		host_back(virt + off, phys, PAGE_SIZE, flags);
	}
	flush_tlb_kernel_range(virt, virt + size);
	return 0;
}

bool arch_mmu_query(unsigned long virt, phys_addr_t *phys, unsigned int *flags,
		    size_t *page_size)
{
	u64 *pte;

	if (virt < HOST_KSPACE_START || virt >= HOST_KSPACE_END)
		return false;
	pte = pte_of(virt);
	if (!pte || !(*pte & HOST_PTE_PRESENT))
		return false;
	if (phys)
		*phys = (*pte & PAGE_MASK) | (virt & ~PAGE_MASK);
	if (flags)
		*flags = (unsigned int)((*pte & ~PAGE_MASK) >> HOST_PTE_FLAGS_SHIFT);
	if (page_size)
		*page_size = PAGE_SIZE;
	return true;
}

/* Only the last level is real: present, RW, NX, global bits of an x86 PTE. */
void arch_mmu_walk(unsigned long virt, struct mmu_walk *walk)
{
	phys_addr_t phys;
	unsigned int flags;

	memset(walk, 0, sizeof(*walk));
	if (!arch_mmu_query(virt & PAGE_MASK, &phys, &flags, NULL))
		return;
	walk->levels = 4;
	for (int i = 0; i < 3; i++)
		walk->entry[i] = 0x63;
	walk->entry[3] = phys | 0x61 | ((flags & MMU_WRITE) ? 0x2 : 0) |
			 ((flags & MMU_GLOBAL) ? 0x100 : 0) | ((flags & MMU_EXEC) ? 0 : 1UL << 63);
	walk->entry_addr[3] = (unsigned long)pte_of(virt);
}

void flush_tlb_kernel_range(unsigned long start __maybe_unused, unsigned long end __maybe_unused)
{
	host_tlb_flushes++;
}

void flush_tlb_all(void)
{
	host_tlb_flushes++;
}

void paging_init(void)
{
	paging_ready = true;
}

unsigned long ptdump_check_wx(void)
{
	unsigned long wx = 0;

	for (unsigned long i = 0; i < HOST_NR_TABLES; i++)
		for (unsigned int j = 0; tables[i] && j < HOST_PTRS_PER_TABLE; j++) {
			u64 flags = tables[i][j] >> HOST_PTE_FLAGS_SHIFT;

			if ((tables[i][j] & HOST_PTE_PRESENT) && (flags & MMU_WRITE) &&
			    (flags & MMU_EXEC))
				wx++;
		}
	if (wx)
		printk(KERN_WARNING "x86/mm: Checked W+X mappings: FAILED, %lu W+X pages found.\n", wx);
	else
		printk(KERN_INFO "x86/mm: Checked W+X mappings: passed, no W+X pages found.\n");
	return wx;
}

bool cpu_has_gbpages(void)
{
	return false;
}

bool cpu_has_nx(void)
{
	return true;
}

unsigned int cpu_phys_bits(void)
{
	return 46;
}

/* ---- the machine ---- */

void host_arena_init(const struct boot_mmap_entry *map, unsigned int n)
{
	void *want = (void *)HOST_KSPACE_START;
	u64 top = 0;

	if (phys_fd >= 0)
		return;
	if (mmap(want, HOST_KSPACE_END - HOST_KSPACE_START, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0) != want)
		host_die("cannot reserve the kernel windows at 0x200000000000");
	for (unsigned int i = 0; i < n; i++)
		if (map[i].type == BOOT_MEM_AVAILABLE && map[i].addr + map[i].len > top)
			top = map[i].addr + map[i].len;
	host_phys_size = ALIGN(top, (u64)PAGE_SIZE);
	if (host_phys_size > HOST_MAX_PHYS) {
		fprintf(stderr, "host_mmu: fake RAM ends above HOST_MAX_PHYS\n");
		exit(1);
	}
	phys_fd = memfd_create("host-phys", MFD_CLOEXEC);
	if (phys_fd < 0 || ftruncate(phys_fd, (off_t)host_phys_size))
		host_die("memfd for fake physical memory");
	paging_ready = true;	/* the "early map" */
	for (unsigned int i = 0; i < n && i < BOOT_MMAP_MAX; i++) {
		u64 start = ALIGN(map[i].addr, (u64)PAGE_SIZE);
		u64 end = ALIGN_DOWN(map[i].addr + map[i].len, (u64)PAGE_SIZE);

		boot_info.mmap[i] = map[i];
		boot_info.nr_mmap = i + 1;
		if (map[i].type != BOOT_MEM_AVAILABLE || end <= start)
			continue;
		if (arch_mmu_map(PAGE_OFFSET + start, start, end - start, PAGE_KERNEL))
			host_die("direct map");
	}
	paging_ready = false;	/* until mm_init() calls paging_init() */
}

void host_mm_boot_sizes(unsigned long low_mb, unsigned long high_mb)
{
	static bool booted;
	struct boot_mmap_entry map[] = {
		{ 0, 0x9fc00, BOOT_MEM_AVAILABLE },
		{ 0x9fc00, 0x400, BOOT_MEM_RESERVED },
		{ 0xf0000, 0x10000, BOOT_MEM_RESERVED },
		{ 0x100000, (low_mb << 20) - 0x100000, BOOT_MEM_AVAILABLE },
		{ 4UL << 30, high_mb << 20, high_mb ? BOOT_MEM_AVAILABLE : BOOT_MEM_RESERVED },
	};

	if (booted)
		return;
	booted = true;
	host_arena_init(map, high_mb ? 5 : 4);
	/* Quiet: nothing may come before a test's "TAP version 13". */
	host_printk_set_quiet(true);
	mm_init();
	host_printk_set_quiet(false);
}

void host_mm_boot(void)
{
	host_mm_boot_sizes(HOST_MM_LOW_MB, HOST_MM_HIGH_MB);
}
