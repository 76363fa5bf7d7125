// SPDX-License-Identifier: MIT
/*
 * The kernel page tables: map, unmap, protect, query and walk kernel
 * ranges with 4 KiB, 2 MiB and (where the CPU has them) 1 GiB pages. The
 * generic MMU_* flags become PTE bits in one place, mmu_pte_bits(), and
 * come back in one place, mmu_pte_flags(). A request for a page that is
 * both writable and executable is refused.
 *
 * Page-table pages come from the allocator set with
 * arch_mmu_set_pt_allocator() (memblock at boot, the buddy allocator
 * later) and are reached through the direct map. Intermediate entries are
 * always present + writable + executable, so a leaf alone decides what its
 * page may do. Tables are not freed when a range is unmapped (the next
 * mapping there reuses them), except that a large page mapped over a
 * subtree of empty tables frees that subtree.
 *
 * Lock order: none of its own. Callers serialize changes to one range
 * (arch/mmu.h). The entries two ranges can share, the upper-level entries
 * that get populated or split, are installed with interrupts off after
 * re-checking them (single CPU), so a racing mapper of a neighbouring
 * range loses cleanly and frees its spare table. Table pages are
 * allocated with interrupts on: the buddy allocator may sleep.
 */
#define pr_fmt(fmt) "x86/mm: " fmt

#include <arch/irqflags.h>
#include <arch/mmu.h>
#include <arch/pgtable.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "mmu_priv.h"

static const struct mmu_pt_allocator *pt_allocator = &mmu_early_pt_allocator;
static unsigned long nr_pt_pages;	/* page-table pages handed out and not freed */

/**
 * arch_mmu_set_pt_allocator - choose where page-table pages come from.
 * @a: the new allocator (NULL: back to the default, memblock). Its alloc()
 *     returns a zeroed, page-aligned page below the CPU's physical limit
 *     and inside the direct map, or 0. Its free() may be handed a page an
 *     earlier allocator gave out (a boot-time memblock page) and must then
 *     keep it rather than free it.
 * Context: not while another CPU or thread maps or unmaps.
 * Return: the allocator used until now (so tests can put it back).
 */
const struct mmu_pt_allocator *arch_mmu_set_pt_allocator(const struct mmu_pt_allocator *a)
{
	const struct mmu_pt_allocator *old = pt_allocator;

	pt_allocator = a ? a : &mmu_early_pt_allocator;
	return old;
}

/**
 * pt_alloc - a page-table page from the current allocator.
 * Context: may sleep (the buddy allocator's GFP_KERNEL).
 * Return: its physical address (zeroed, reachable through the direct
 * map), or 0.
 */
phys_addr_t pt_alloc(void)
{
	phys_addr_t pa = pt_allocator->alloc();

	if (!pa)
		return 0;
	if (WARN_ONCE(pa & ~PTE_PFN_MASK, "page-table allocator returned %#llx\n",
		      (unsigned long long)pa))
		return 0;
	nr_pt_pages++;
	return pa;
}

/**
 * pt_free - give back a page-table page nothing points to any more (the
 * paging-structure caches already flushed).
 * Context: as the allocator's free(); never sleeps with the buddy allocator.
 */
void pt_free(phys_addr_t phys)
{
	nr_pt_pages--;
	pt_allocator->free(phys);
}

/**
 * arch_mmu_pt_pages - see arch/mmu.h.
 * Context: any.
 */
unsigned long arch_mmu_pt_pages(void)
{
	return nr_pt_pages;
}

/**
 * mmu_pte_bits - the PTE bits for generic @flags in a leaf at @level.
 * Leaves are accessed and dirty from the start (as Linux's __PAGE_KERNEL),
 * so the CPU never has to write them back.
 * Return: the entry without its physical address.
 */
u64 mmu_pte_bits(unsigned int flags, int level)
{
	u64 pte = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY;

	if (flags & MMU_WRITE)
		pte |= _PAGE_RW;
	if (!(flags & MMU_EXEC) && cpu_has_nx())
		pte |= _PAGE_NX;
	if (flags & MMU_GLOBAL)
		pte |= _PAGE_GLOBAL;
	if (flags & MMU_NOCACHE)
		pte |= _PAGE_PCD | _PAGE_PWT;
	if (level > PG_LEVEL_4K)
		pte |= _PAGE_PSE;
	return pte;
}

/**
 * mmu_pte_flags - the generic flags of the present leaf @pte (the inverse
 * of mmu_pte_bits(); without NX every page is executable).
 * Return: MMU_* flags, never MMU_SMALL.
 */
unsigned int mmu_pte_flags(u64 pte)
{
	unsigned int flags = 0;

	if (pte & _PAGE_RW)
		flags |= MMU_WRITE;
	if (!(pte & _PAGE_NX) || !cpu_has_nx())
		flags |= MMU_EXEC;
	if (pte & _PAGE_GLOBAL)
		flags |= MMU_GLOBAL;
	if (pte & _PAGE_PCD)
		flags |= MMU_NOCACHE;
	return flags;
}

static u64 *pt_entry(phys_addr_t table, unsigned long virt, int level)
{
	return pt_va(table) + pg_index(virt, level);
}

/* Walk to the entry that decides @virt: a non-present entry or a leaf. */
static u64 *pt_lookup(unsigned long virt, int *level)
{
	phys_addr_t table = mmu_kernel_pgd();
	u64 *e;
	int l;

	for (l = PG_LEVEL_512G;; l--) {
		u64 v;

		e = pt_entry(table, virt, l);
		v = READ_ONCE(*e);
		if (!(v & _PAGE_PRESENT) || pte_is_leaf(v, l))
			break;
		table = pte_phys(v, l);
	}
	*level = l;
	return e;
}

/* Return: the end of the @level block holding @virt, or @end if that comes first. */
static unsigned long next_block(unsigned long virt, int level, unsigned long end)
{
	unsigned long next = (virt | (pg_level_size(level) - 1)) + 1;

	return (next == 0 || next > end) ? end : next;
}

/* Return: true if some page of [virt, end) is mapped (@present) or unmapped (!@present). */
static bool range_any(unsigned long virt, unsigned long end, bool present)
{
	while (virt < end) {
		int level;
		u64 *e = pt_lookup(virt, &level);

		if (!!(READ_ONCE(*e) & _PAGE_PRESENT) == present)
			return true;
		virt = next_block(virt, level, end);
	}
	return false;
}

static bool is_canonical(unsigned long virt)
{
	return (unsigned long)((long)(virt << 16) >> 16) == virt;
}

/* Kernel-half, page-aligned, non-empty, not wrapping, and our own tables. */
static int check_range(unsigned long virt, size_t size)
{
	if (!size || !IS_ALIGNED(virt | size, PAGE_SIZE))
		return -EINVAL;
	if (virt < KERNEL_HALF_START || virt + size <= virt)
		return -EINVAL;
	/* head.S's early tables share one page directory among three mappings. */
	if (WARN_ONCE(!mmu_own_tables(), "page tables changed before paging_init()\n"))
		return -EBUSY;
	return 0;
}

static int check_flags(unsigned long virt, size_t size, unsigned int flags,
		       unsigned long caller)
{
	if (flags & ~MMU_ALL_FLAGS)
		return -EINVAL;
	if ((flags & (MMU_WRITE | MMU_EXEC)) == (MMU_WRITE | MMU_EXEC)) {
		pr_warn("refusing W^X violation: 0x%016lx - 0x%016lx requested writable and executable by %pS\n",
			virt, virt + size - 1, (void *)caller);
		return -EINVAL;
	}
	return 0;
}

/* Point the empty entry @e at a new table. Return: 0 or -ENOMEM. */
static int pt_populate(u64 *e)
{
	phys_addr_t table = pt_alloc();
	unsigned long irqflags;
	bool lost;

	if (!table)
		return -ENOMEM;
	local_irq_save(irqflags);
	lost = READ_ONCE(*e) & _PAGE_PRESENT;
	if (!lost)
		WRITE_ONCE(*e, table | _KERNPG_TABLE);
	local_irq_restore(irqflags);
	if (lost)
		pt_free(table);
	return 0;
}

/*
 * Replace the large leaf @e at @level by a table of 512 leaves one level
 * down with the same frames and bits: the translation does not change, so
 * no flush is needed until a part of it is changed.
 */
static int pt_split(u64 *e, int level)
{
	u64 old = READ_ONCE(*e), bits = old & ~PTE_PFN_MASK;
	unsigned long step = pg_level_size(level - 1), irqflags;
	phys_addr_t table = pt_alloc(), pa = pte_phys(old, level);
	bool lost;
	u64 *t;

	if (!table)
		return -ENOMEM;
	if (level - 1 == PG_LEVEL_4K)
		bits &= ~_PAGE_PSE;
	t = pt_va(table);
	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++)
		t[i] = (pa + i * step) | bits;
	local_irq_save(irqflags);
	lost = READ_ONCE(*e) != old;
	if (!lost)
		WRITE_ONCE(*e, table | _KERNPG_TABLE);
	local_irq_restore(irqflags);
	if (lost)
		pt_free(table);
	return 0;
}

/* Return: true if the table at @level maps nothing (empty sub-tables allowed). */
static bool pt_table_empty(phys_addr_t table, int level)
{
	const u64 *t = pt_va(table);

	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		u64 v = READ_ONCE(t[i]);

		if (!(v & _PAGE_PRESENT))
			continue;
		if (pte_is_leaf(v, level) || !pt_table_empty(pte_phys(v, level), level - 1))
			return false;
	}
	return true;
}

static void pt_free_tree(phys_addr_t table, int level)
{
	const u64 *t = pt_va(table);

	for (unsigned int i = 0; level > PG_LEVEL_4K && i < PTRS_PER_TABLE; i++)
		if (t[i] & _PAGE_PRESENT)
			pt_free_tree(pte_phys(t[i], level), level - 1);
	pt_free(table);
}

/*
 * Install the large leaf @val at @e, which points to a table: the subtree
 * must map nothing. The old subtree is freed after the paging-structure
 * caches forgot it (invlpg drops them all).
 */
static int pt_replace_empty_table(u64 *e, int level, unsigned long virt, u64 val)
{
	phys_addr_t old = pte_phys(*e, level);

	if (!pt_table_empty(old, level - 1))
		return -EEXIST;
	WRITE_ONCE(*e, val);
	flush_tlb_kernel_range(virt, virt + PAGE_SIZE);
	pt_free_tree(old, level - 1);
	return 0;
}

/*
 * Walk from the top to the table of @level that holds @virt's entry,
 * creating the tables above it. Return: 0 and *@table, -EEXIST (a large
 * page covers @virt) or -ENOMEM.
 */
static int pt_walk_create(unsigned long virt, int level, phys_addr_t *table)
{
	phys_addr_t t = mmu_kernel_pgd();
	u64 *e;
	int err;

	for (int l = PG_LEVEL_512G; l > level; l--) {
		e = pt_entry(t, virt, l);
		if (!(READ_ONCE(*e) & _PAGE_PRESENT)) {
			err = pt_populate(e);
			if (err)
				return err;
		}
		if (pte_is_leaf(READ_ONCE(*e), l))
			return -EEXIST;		/* a racing mapper got there first */
		t = pte_phys(READ_ONCE(*e), l);
	}
	*table = t;
	return 0;
}

/* Map one page of @level at @virt, creating the tables above it. */
static int pt_install(unsigned long virt, phys_addr_t phys, int level, unsigned int flags)
{
	u64 *e, val = phys | mmu_pte_bits(flags, level);
	phys_addr_t table;
	int err;

	err = pt_walk_create(virt, level, &table);
	if (err)
		return err;
	e = pt_entry(table, virt, level);
	if (READ_ONCE(*e) & _PAGE_PRESENT) {
		if (pte_is_leaf(*e, level))
			return -EEXIST;
		return pt_replace_empty_table(e, level, virt, val);
	}
	WRITE_ONCE(*e, val);
	return 0;
}

/* The largest page that fits at @virt/@phys with @end left, as @flags allow. */
static int map_level(unsigned long virt, phys_addr_t phys, unsigned long end,
		     unsigned int flags)
{
	int level = PG_LEVEL_4K;

	if (!(flags & MMU_SMALL))
		level = cpu_has_gbpages() ? PG_LEVEL_1G : PG_LEVEL_2M;
	for (; level > PG_LEVEL_4K; level--) {
		unsigned long size = pg_level_size(level);

		if (IS_ALIGNED(virt | phys, size) && end - virt >= size)
			break;
	}
	return level;
}

/*
 * Remove every mapping in [virt, end), splitting large pages at the edges.
 * Inside a page table (4 KiB leaves) the rest of the table's part of the
 * range is cleared in one pass, without walking down again per page.
 */
static int unmap_range(unsigned long virt, unsigned long end)
{
	while (virt < end) {
		int level, err;
		u64 *e = pt_lookup(virt, &level);
		unsigned long next = next_block(virt, level, end);

		if (level == PG_LEVEL_4K) {
			next = next_block(virt, PG_LEVEL_2M, end);
			for (; virt < next; virt += PAGE_SIZE, e++)
				if (READ_ONCE(*e))
					WRITE_ONCE(*e, 0);
		} else if (!(READ_ONCE(*e) & _PAGE_PRESENT)) {
			virt = next;
		} else if (IS_ALIGNED(virt, pg_level_size(level)) &&
			   next - virt == pg_level_size(level)) {
			WRITE_ONCE(*e, 0);
			virt = next;
		} else {
			err = pt_split(e, level);
			if (err)
				return err;
		}
	}
	return 0;
}

/**
 * arch_mmu_map - see arch/mmu.h. Checks first that nothing in the range
 * is mapped, then maps from the bottom up with the largest pages that fit.
 * Context: may sleep (page-table pages); not from interrupt context.
 */
int arch_mmu_map(unsigned long virt, phys_addr_t phys, size_t size, unsigned int flags)
{
	phys_addr_t limit = 1ULL << cpu_phys_bits();
	unsigned long end = virt + size, cur = virt;
	int err;

	err = check_range(virt, size);
	if (!err)
		err = check_flags(virt, size, flags, _RET_IP_);
	if (!err && (!IS_ALIGNED(phys, PAGE_SIZE) || phys >= limit || size > limit - phys))
		err = -EINVAL;
	if (err)
		return err;
	/*
	 * One small page (vmalloc's usual case): pt_install() itself refuses
	 * a present leaf at any level before changing anything, so the
	 * separate walk of range_any() is not needed.
	 */
	if (size == PAGE_SIZE)
		return pt_install(virt, phys, PG_LEVEL_4K, flags);
	if (range_any(virt, end, true))
		return -EEXIST;
	while (cur < end) {
		int level = map_level(cur, phys + (cur - virt), end, flags);

		err = pt_install(cur, phys + (cur - virt), level, flags);
		if (err)
			goto undo;
		cur += pg_level_size(level);
	}
	return 0;

undo:
	if (cur > virt) {
		unmap_range(virt, cur);	/* whole leaves only: never needs a split */
		flush_tlb_kernel_range(virt, cur);
	}
	return err;
}

/*
 * Fill the entries of the page table @pte for @nr pages from @phys[0]:
 * all must be empty. Return: 0 or -EEXIST (nothing written).
 */
static int pt_fill(u64 *pte, const phys_addr_t *phys, unsigned int nr, u64 bits)
{
	for (unsigned int i = 0; i < nr; i++)
		if (READ_ONCE(pte[i]) & _PAGE_PRESENT)
			return -EEXIST;
	for (unsigned int i = 0; i < nr; i++)
		WRITE_ONCE(pte[i], phys[i] | bits);
	return 0;
}

/**
 * arch_mmu_map_pages - see arch/mmu.h. One walk per page table (2 MiB of
 * range), not one per page: vmalloc's mapping cost is then a store per
 * page, as Linux's vmap_pages_range() loops over a pte table.
 * Context: may sleep (page-table pages); not from interrupt context.
 */
int arch_mmu_map_pages(unsigned long virt, const phys_addr_t *phys, unsigned int nr,
		       unsigned int flags)
{
	phys_addr_t limit = 1ULL << cpu_phys_bits(), table;
	u64 bits = mmu_pte_bits(flags, PG_LEVEL_4K);
	unsigned int done = 0;
	int err;

	err = check_range(virt, (size_t)nr << PAGE_SHIFT);
	if (!err)
		err = check_flags(virt, (size_t)nr << PAGE_SHIFT, flags, _RET_IP_);
	for (unsigned int i = 0; !err && i < nr; i++)
		if (!IS_ALIGNED(phys[i], PAGE_SIZE) || phys[i] >= limit)
			err = -EINVAL;
	if (err)
		return err;
	while (done < nr) {
		unsigned long cur = virt + ((unsigned long)done << PAGE_SHIFT);
		unsigned int idx = pg_index(cur, PG_LEVEL_4K);
		unsigned int n = min(nr - done, PTRS_PER_TABLE - idx);

		err = pt_walk_create(cur, PG_LEVEL_4K, &table);
		if (!err)
			err = pt_fill(pt_va(table) + idx, phys + done, n, bits);
		if (err)
			goto undo;
		done += n;
	}
	return 0;

undo:
	if (done) {
		unmap_range(virt, virt + ((unsigned long)done << PAGE_SHIFT));
		flush_tlb_kernel_range(virt, virt + ((unsigned long)done << PAGE_SHIFT));
	}
	return err;
}

/**
 * arch_mmu_unmap - see arch/mmu.h.
 * Context: may sleep (a split needs a page-table page); no TLB flush.
 */
int arch_mmu_unmap(unsigned long virt, size_t size)
{
	int err = check_range(virt, size);

	return err ? err : unmap_range(virt, virt + size);
}

static int protect_range(unsigned long virt, unsigned long end, unsigned int flags)
{
	while (virt < end) {
		int level, err;
		u64 *e = pt_lookup(virt, &level);
		unsigned long next = next_block(virt, level, end);

		if (!(READ_ONCE(*e) & _PAGE_PRESENT))
			return -EFAULT;		/* unmapped under us: the caller broke the rules */
		if (IS_ALIGNED(virt, pg_level_size(level)) && next - virt == pg_level_size(level)) {
			WRITE_ONCE(*e, pte_phys(*e, level) | mmu_pte_bits(flags, level));
			virt = next;
		} else {
			err = pt_split(e, level);
			if (err)
				return err;
		}
	}
	return 0;
}

/**
 * arch_mmu_protect - give every page of [virt, virt+size) the generic
 * @flags (MMU_SMALL is ignored), splitting large pages at the edges, and
 * flush the TLB for the range.
 * Context: may sleep (a split needs a page-table page).
 * Return: 0; -EINVAL (misaligned, W+X, unknown flags); -EFAULT (part of
 * the range is not mapped: nothing changed); -ENOMEM (a split failed: the
 * pages before it have the new flags).
 */
int arch_mmu_protect(unsigned long virt, size_t size, unsigned int flags)
{
	unsigned long end = virt + size;
	int err;

	err = check_range(virt, size);
	if (!err)
		err = check_flags(virt, size, flags, _RET_IP_);
	if (err)
		return err;
	if (range_any(virt, end, false))
		return -EFAULT;
	err = protect_range(virt, end, flags & ~MMU_SMALL);
	flush_tlb_kernel_range(virt, end);
	return err;
}

/**
 * arch_mmu_walk - read the entries that translate @virt, top down, into
 * @walk; see arch/mmu.h. A non-canonical @virt reads nothing (levels 0).
 * Context: any; the answer may be stale if another thread changes it.
 */
void arch_mmu_walk(unsigned long virt, struct mmu_walk *walk)
{
	phys_addr_t table = mmu_kernel_pgd();

	memset(walk, 0, sizeof(*walk));
	if (!is_canonical(virt))
		return;
	for (int l = PG_LEVEL_512G, i = 0; l >= PG_LEVEL_4K; l--, i++) {
		u64 *e = pt_entry(table, virt, l);
		u64 v = READ_ONCE(*e);

		walk->entry[i] = v;
		walk->entry_addr[i] = (unsigned long)e;
		walk->levels = i + 1;
		if (!(v & _PAGE_PRESENT) || pte_is_leaf(v, l))
			break;
		table = pte_phys(v, l);
	}
}

/**
 * arch_mmu_query - see arch/mmu.h. The flags are the effective ones:
 * writable only if every level allows it, executable only if no level
 * forbids it.
 * Context: any.
 */
bool arch_mmu_query(unsigned long virt, phys_addr_t *phys, unsigned int *flags,
		    size_t *page_size)
{
	struct mmu_walk w;
	u64 leaf, rw = _PAGE_RW, nx = 0;
	int level;

	arch_mmu_walk(virt, &w);
	if (!w.levels || !(w.entry[w.levels - 1] & _PAGE_PRESENT))
		return false;
	leaf = w.entry[w.levels - 1];
	level = PG_LEVEL_512G + 1 - w.levels;
	for (int i = 0; i < w.levels; i++) {
		rw &= w.entry[i];
		nx |= w.entry[i] & _PAGE_NX;
	}
	leaf = (leaf & ~(_PAGE_RW | _PAGE_NX)) | rw | nx;
	if (phys)
		*phys = pte_phys(leaf, level) + (virt & (pg_level_size(level) - 1));
	if (flags)
		*flags = mmu_pte_flags(leaf);
	if (page_size)
		*page_size = pg_level_size(level);
	return true;
}
