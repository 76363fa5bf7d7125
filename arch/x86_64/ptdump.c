// SPDX-License-Identifier: MIT
/*
 * The W+X check of Linux's CONFIG_DEBUG_WX (arch/x86/mm/dump_pagetables.c):
 * walk every present entry of the kernel page tables, all levels, large
 * pages included, and count the pages that are writable (RW at every
 * level) and executable (NX at no level). Each run of such pages that are
 * contiguous in virtual memory is reported once, at its start.
 *
 * Lock order: none; a racing map or unmap may make the answer stale.
 */
#define pr_fmt(fmt) "x86/mm: " fmt

#include <arch/mmu.h>
#include <arch/pgtable.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>

#include "mmu_priv.h"

struct wx_state {
	unsigned long pages;	/* W+X pages found, in 4 KiB units */
	unsigned long next;	/* where the current W+X run ends */
	bool in_run;		/* the last leaf seen was W+X */
};

static void note_leaf(struct wx_state *st, unsigned long va, unsigned long size, bool wx)
{
	if (!wx) {
		st->in_run = false;
		return;
	}
	if (!st->in_run || va != st->next)
		pr_warn("Found insecure W+X mapping at address %pS\n", (void *)va);
	st->in_run = true;
	st->next = va + size;
	st->pages += size >> PAGE_SHIFT;
}

/* @w, @x: what the levels above allow (RW everywhere, NX nowhere). */
static void walk_table(struct wx_state *st, phys_addr_t table, int level, unsigned long base,
		       bool w, bool x)
{
	const u64 *t = pt_va(table);

	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++) {
		u64 e = READ_ONCE(t[i]);
		unsigned long va = base + ((unsigned long)i << pg_level_shift(level));
		bool ew = w && (e & _PAGE_RW), ex = x && !(e & _PAGE_NX);

		if (level == PG_LEVEL_512G && i >= PTRS_PER_TABLE / 2)
			va |= 0xffff000000000000UL;	/* the kernel half, sign-extended */
		if (!(e & _PAGE_PRESENT))
			continue;
		if (pte_is_leaf(e, level))
			note_leaf(st, va, pg_level_size(level), ew && ex);
		else
			walk_table(st, pte_phys(e, level), level - 1, va, ew, ex);
	}
}

/**
 * ptdump_check_wx - see arch/mmu.h.
 * Context: process context; walks the live tables without a lock.
 * Return: the number of W+X pages (0 when the CPU has no NX).
 */
unsigned long ptdump_check_wx(void)
{
	struct wx_state st = { 0 };

	if (!cpu_has_nx()) {
		pr_info("Checked W+X mappings: skipped, the CPU has no NX bit (everything is executable).\n");
		return 0;
	}
	walk_table(&st, mmu_kernel_pgd(), PG_LEVEL_512G, 0, true, true);
	if (st.pages)
		pr_warn("Checked W+X mappings: FAILED, %lu W+X pages found.\n", st.pages);
	else
		pr_info("Checked W+X mappings: passed, no W+X pages found.\n");
	return st.pages;
}
