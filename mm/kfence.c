// SPDX-License-Identifier: MIT
/*
 * KFENCE, after Linux's mm/kfence/core.c and report.c (see
 * mm/include/mm/kfence.h for what it is and how it is switched on).
 *
 * The pool: KFENCE_POOL_PAGES pages of the direct map, taken from the
 * buddy allocator the first time sampling is switched on and never given
 * back. Page 0 and 1 are guard pages, then object page and guard page
 * alternate: object i owns page 2i + 2, its right guard is page 2i + 3.
 * Guard pages are always unmapped (arch_mmu_unmap on the direct map; the
 * first unmap splits the large page, so later changes need no page-table
 * page and work in any context); an object page is mapped while its
 * object is allocated and unmapped once it is freed. An object sits at
 * the left end of its page or, aligned down to its cache's alignment, at
 * the right end, alternately; the other bytes of the page hold a canary
 * pattern that must still be there when it is freed.
 *
 * A pool page is no slab page (no PG_slab): kfree() and kmem_cache_free()
 * find no slab for it and reach kfence_free() from their slow paths, so
 * a pool object never reaches the slab free path.
 *
 * After a fault is reported the page is mapped again and the access is
 * retried, as Linux does: execution goes on. A guard page mapped that way
 * is unmapped again when one of its neighbours is next allocated.
 *
 * Lock order: one CPU. The free list, the object states and the counters
 * are guarded by disabling interrupts; an object taken off the free list
 * belongs to its allocator until it is freed.
 */
#define pr_fmt(fmt) "kfence: " fmt

#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <arch/ptrace.h>
#include <arch/stacktrace.h>
#include <arch/traps.h>
#include <kernel/cmdline.h>
#include <kernel/errno.h>
#include <kernel/kallsyms.h>
#include <kernel/ktime.h>
#include <kernel/list.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/timer.h>
#include <mm/kfence.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

#include "slab_priv.h"

#define KFENCE_STACK_DEPTH	16
/* The canary byte at @addr: differs from byte to byte, so a shifted copy shows. */
#define KFENCE_CANARY_PATTERN_U8(addr) ((u8)0xaa ^ (u8)((unsigned long)(addr) & 0x7))

enum kfence_object_state {
	KFENCE_OBJECT_UNUSED,		/* never allocated */
	KFENCE_OBJECT_ALLOCATED,
	KFENCE_OBJECT_FREED,		/* page unmapped */
};

enum kfence_error_type {
	KFENCE_ERROR_OOB,		/* a fault in a guard page next to an object */
	KFENCE_ERROR_UAF,		/* a fault in a freed object's page */
	KFENCE_ERROR_CORRUPTION,	/* canary bytes changed, found at free */
	KFENCE_ERROR_INVALID,		/* a fault in the pool nowhere near a live object */
	KFENCE_ERROR_INVALID_FREE,	/* a free of no live object's start */
};

/* Who allocated or freed an object. */
struct kfence_track {
	int pid;
	u64 ts_nsec;
	unsigned int num_stack_entries;
	unsigned long stack_entries[KFENCE_STACK_DEPTH];
};

struct kfence_metadata {
	struct list_head list;		/* on kfence_freelist unless allocated */
	enum kfence_object_state state;
	unsigned long addr;		/* the object (set when allocated) */
	size_t size;
	struct kmem_cache *cache;	/* NULL once the cache was destroyed */
	struct kfence_track alloc_track;
	struct kfence_track free_track;
};

enum kfence_counter_id {
	KFENCE_COUNTER_ALLOCATED,
	KFENCE_COUNTER_ALLOCS,
	KFENCE_COUNTER_FREES,
	KFENCE_COUNTER_ZOMBIES,
	KFENCE_COUNTER_BUGS,
	KFENCE_COUNTER_SKIP_INCOMPAT,
	KFENCE_COUNTER_SKIP_CAPACITY,
	KFENCE_COUNTER_COUNT,
};

char *__kfence_pool;
bool kfence_allocation_armed;

/* All guarded by disabling interrupts. */
static struct kfence_metadata kfence_metadata[KFENCE_NUM_OBJECTS];
static LIST_HEAD(kfence_freelist);	/* FIFO: a freed object is reused last */
static unsigned long counters[KFENCE_COUNTER_COUNT];
static unsigned long sample_interval;	/* ms; 0: not time-based */
static unsigned long sample_every;	/* every n-th allocation; 0: not count-based */
static unsigned long sample_count;	/* allocations since the last sampled one */
static bool place_right;		/* where the next object goes in its page */
static struct timer_list kfence_timer;	/* re-arms time-based sampling */

/* ---- the pool ---------------------------------------------------------------- */

static inline unsigned long kfence_page_addr(unsigned long addr)
{
	return ALIGN_DOWN(addr, PAGE_SIZE);
}

static inline long kfence_meta_index(const struct kfence_metadata *meta)
{
	return meta - kfence_metadata;
}

/* The page object @meta lives in. */
static inline unsigned long kfence_meta_page(const struct kfence_metadata *meta)
{
	return (unsigned long)__kfence_pool + (2 * kfence_meta_index(meta) + 2) * PAGE_SIZE;
}

/* The object whose page, or whose right guard page, holds @addr; NULL for pages 0 and 1. */
static struct kfence_metadata *kfence_addr_to_metadata(unsigned long addr)
{
	long index;

	if (!is_kfence_address((void *)addr))
		return NULL;
	index = (long)((addr - (unsigned long)__kfence_pool) / (PAGE_SIZE * 2)) - 1;
	if (index < 0 || index >= KFENCE_NUM_OBJECTS)
		return NULL;
	return &kfence_metadata[index];
}

/* Unmap the pool page at @addr (a no-op if it is not mapped). Context: any. */
static bool kfence_protect(unsigned long addr)
{
	unsigned long page = kfence_page_addr(addr);

	if (!arch_mmu_query(page, NULL, NULL, NULL))
		return true;
	if (WARN_ON_ONCE(arch_mmu_unmap(page, PAGE_SIZE)))
		return false;
	flush_tlb_kernel_range(page, page + PAGE_SIZE);
	return true;
}

/* Map the pool page at @addr again (a no-op if it is mapped). Context: any. */
static bool kfence_unprotect(unsigned long addr)
{
	unsigned long page = kfence_page_addr(addr);

	if (arch_mmu_query(page, NULL, NULL, NULL))
		return true;
	return !WARN_ON_ONCE(arch_mmu_map(page, __pa((void *)page), PAGE_SIZE,
					  PAGE_KERNEL | MMU_SMALL));
}

static bool kfence_page_is_guard(unsigned long i)
{
	return i < 2 || (i & 1);
}

static void kfence_timer_fn(struct timer_list *t)
{
	WRITE_ONCE(kfence_allocation_armed, true);
}

/*
 * Take the pool from the buddy allocator and unmap its guard pages.
 * Context: process context or boot. Return: 0 or -ENOMEM.
 */
static int kfence_init_pool(void)
{
	struct page *page = alloc_pages(GFP_KERNEL | __GFP_NOWARN, get_order(KFENCE_POOL_SIZE));
	unsigned long pool, i;

	if (!page)
		return -ENOMEM;
	pool = (unsigned long)page_address(page);
	for (i = 0; i < KFENCE_POOL_PAGES; i++) {
		if (kfence_page_is_guard(i) && arch_mmu_unmap(pool + i * PAGE_SIZE, PAGE_SIZE))
			goto undo;
	}
	flush_tlb_kernel_range(pool, pool + KFENCE_POOL_SIZE);
	for (i = 0; i < KFENCE_NUM_OBJECTS; i++)
		list_add_tail(&kfence_metadata[i].list, &kfence_freelist);
	timer_setup(&kfence_timer, kfence_timer_fn, 0);
	WRITE_ONCE(__kfence_pool, (char *)pool);
	pr_info("initialized - using %lu bytes for %d objects at 0x%lx-0x%lx\n",
		(unsigned long)KFENCE_POOL_SIZE, KFENCE_NUM_OBJECTS, pool,
		pool + KFENCE_POOL_SIZE);
	return 0;

undo:
	while (i--)
		if (kfence_page_is_guard(i))
			arch_mmu_map(pool + i * PAGE_SIZE, __pa((void *)(pool + i * PAGE_SIZE)),
				     PAGE_SIZE, PAGE_KERNEL | MMU_SMALL);
	__free_pages(page, get_order(KFENCE_POOL_SIZE));
	pr_err("cannot unmap the guard pages; disabled\n");
	return -ENOMEM;
}

/* ---- stacks -------------------------------------------------------------------- */

/* Entry points of the allocators and KFENCE itself: not what a report should name. */
static const char *const kfence_skip_prefixes[] = {
	"kfence_", "__kfence_", "kmalloc", "__kmalloc", "kzalloc", "kcalloc", "krealloc",
	"__do_krealloc", "kstrdup", "kmemdup", "kmem_cache_alloc", "kmem_cache_zalloc",
	"kmem_cache_free", "kfree", "__kfree", "slab_alloc", "slab_free",
};

static bool kfence_internal_frame(unsigned long ip)
{
	const char *name;

	if (!kallsyms_lookup(ip, &name, NULL, NULL))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(kfence_skip_prefixes); i++)
		if (!strncmp(name, kfence_skip_prefixes[i], strlen(kfence_skip_prefixes[i])))
			return true;
	return false;
}

/* Return: how many leading entries of @entries are allocator internals. */
static unsigned int kfence_stack_skipnr(const unsigned long *entries, unsigned int num)
{
	unsigned int skip = 0;

	while (skip < num && kfence_internal_frame(entries[skip]))
		skip++;
	return skip < num ? skip : 0;
}

static __noinline void kfence_save_track(struct kfence_track *track)
{
	struct task_struct *task = current;

	track->pid = task ? task->pid : 0;
	track->ts_nsec = (u64)ktime_to_ns(ktime_get());
	track->num_stack_entries = stack_trace_save_from(track->stack_entries,
							 KFENCE_STACK_DEPTH, 0,
							 (unsigned long)__builtin_frame_address(0));
}

static void kfence_print_stack(const unsigned long *entries, unsigned int num)
{
	for (unsigned int i = kfence_stack_skipnr(entries, num); i < num; i++)
		printk(KERN_ERR " %pS\n", (void *)entries[i]);
}

static void kfence_print_track(const struct kfence_track *track, const char *what)
{
	u64 ts = track->ts_nsec;

	printk(KERN_ERR "%s by task %d on cpu 0 at %lu.%06lus:\n", what, track->pid,
	       (unsigned long)(ts / 1000000000), (unsigned long)(ts % 1000000000) / 1000);
	kfence_print_stack(track->stack_entries, track->num_stack_entries);
}

/* "kfence-#N: start-end, size=, cache=" and who allocated (and freed) it. */
static void kfence_print_object(const struct kfence_metadata *meta)
{
	printk(KERN_ERR "kfence-#%ld: 0x%lx-0x%lx, size=%zu, cache=%s\n\n",
	       kfence_meta_index(meta), meta->addr, meta->addr + meta->size - 1, meta->size,
	       meta->cache ? meta->cache->name : "<destroyed>");
	kfence_print_track(&meta->alloc_track, "allocated");
	if (meta->state == KFENCE_OBJECT_FREED) {
		printk(KERN_ERR "\n");
		kfence_print_track(&meta->free_track, "freed");
	}
}

/* ---- reports --------------------------------------------------------------------- */

static const char *kfence_access_type(bool is_write)
{
	return is_write ? "write" : "read";
}

/* Up to 16 bytes from @address, canary bytes as '.', others in hex (Linux's format). */
static void kfence_print_diff_canary(char *buf, size_t size, unsigned long address,
				     const struct kfence_metadata *meta)
{
	unsigned long end = address + 16;
	size_t len = 0;

	end = address < meta->addr ? min(end, meta->addr)
				   : min(end, kfence_page_addr(address) + PAGE_SIZE);
	len += scnprintf(buf + len, size - len, "[");
	for (unsigned long a = address; a < end; a++) {
		u8 b = *(const u8 *)a;

		if (b == KFENCE_CANARY_PATTERN_U8(a))
			len += scnprintf(buf + len, size - len, " .");
		else
			len += scnprintf(buf + len, size - len, " 0x%02x", b);
	}
	scnprintf(buf + len, size - len, " ]");
}

/* The title line and the line that says what was hit. */
static void kfence_print_title(enum kfence_error_type type, unsigned long address,
			       bool is_write, const struct kfence_metadata *meta,
			       unsigned long where)
{
	const char *rw = kfence_access_type(is_write);
	long idx = meta ? kfence_meta_index(meta) : -1;
	char diff[96];

	switch (type) {
	case KFENCE_ERROR_OOB: {
		bool left = address < meta->addr;

		printk(KERN_ERR "BUG: KFENCE: out-of-bounds %s in %pS\n\n", rw, (void *)where);
		printk(KERN_ERR "Out-of-bounds %s at 0x%lx (%luB %s of kfence-#%ld):\n", rw,
		       address, left ? meta->addr - address : address - meta->addr,
		       left ? "left" : "right", idx);
		break;
	}
	case KFENCE_ERROR_UAF:
		printk(KERN_ERR "BUG: KFENCE: use-after-free %s in %pS\n\n", rw, (void *)where);
		printk(KERN_ERR "Use-after-free %s at 0x%lx (in kfence-#%ld):\n", rw, address, idx);
		break;
	case KFENCE_ERROR_CORRUPTION:
		kfence_print_diff_canary(diff, sizeof(diff), address, meta);
		printk(KERN_ERR "BUG: KFENCE: memory corruption in %pS\n\n", (void *)where);
		printk(KERN_ERR "Corrupted memory at 0x%lx %s (in kfence-#%ld):\n", address, diff,
		       idx);
		break;
	case KFENCE_ERROR_INVALID:
		printk(KERN_ERR "BUG: KFENCE: invalid %s in %pS\n\n", rw, (void *)where);
		printk(KERN_ERR "Invalid %s at 0x%lx:\n", rw, address);
		break;
	case KFENCE_ERROR_INVALID_FREE:
		printk(KERN_ERR "BUG: KFENCE: invalid free in %pS\n\n", (void *)where);
		if (meta)
			printk(KERN_ERR "Invalid free of 0x%lx (in kfence-#%ld):\n", address, idx);
		else
			printk(KERN_ERR "Invalid free of 0x%lx:\n", address);
		break;
	}
}

/*
 * kfence_report_error - the report, in the layout of Linux's
 * kfence_report_error(). @regs: the fault's registers (the stack starts at
 * the faulting instruction), or NULL (the stack of the caller).
 */
static __noinline void kfence_report_error(unsigned long address, bool is_write,
					   struct pt_regs *regs,
					   const struct kfence_metadata *meta,
					   enum kfence_error_type type)
{
	unsigned long entries[KFENCE_STACK_DEPTH];
	struct task_struct *task = current;
	unsigned int num, skip;

	if (regs)
		num = stack_trace_save_from(entries, KFENCE_STACK_DEPTH, regs->rip, regs->rbp);
	else
		num = stack_trace_save_from(entries, KFENCE_STACK_DEPTH, 0,
					    (unsigned long)__builtin_frame_address(0));
	skip = kfence_stack_skipnr(entries, num);
	counters[KFENCE_COUNTER_BUGS]++;
	printk(KERN_ERR "==================================================================\n");
	kfence_print_title(type, address, is_write, meta, num ? entries[skip] : 0);
	kfence_print_stack(entries, num);
	if (meta && type != KFENCE_ERROR_INVALID && meta->state != KFENCE_OBJECT_UNUSED) {
		printk(KERN_ERR "\n");
		kfence_print_object(meta);
	}
	printk(KERN_ERR "\nCPU: 0 PID: %d Comm: %s\n", task ? task->pid : 0,
	       task ? task->comm : "swapper");
	if (regs)
		show_regs(regs);
	printk(KERN_ERR "==================================================================\n");
}

/* ---- allocation and free --------------------------------------------------------- */

/* Can a pool object stand in for an object of @s of @size bytes? */
static bool kfence_compatible(const struct kmem_cache *s, size_t size, gfp_t gfp)
{
	if (!size || size > PAGE_SIZE || s->align > PAGE_SIZE)
		return false;
	/* The pool lies anywhere in RAM: not for callers that need low memory. */
	return !(gfp & (__GFP_DMA | __GFP_DMA32)) &&
	       !(s->flags & (SLAB_CACHE_DMA | SLAB_CACHE_DMA32));
}

/* Is this allocation the sampled one? Interrupts disabled. */
static bool kfence_take_sample(void)
{
	if (sample_every) {
		if (++sample_count < sample_every)
			return false;
		sample_count = 0;
		return true;
	}
	WRITE_ONCE(kfence_allocation_armed, false);
	if (!sample_interval)
		return false;		/* switched off while the timer was pending */
	mod_timer(&kfence_timer, jiffies + msecs_to_jiffies((unsigned int)sample_interval));
	return true;
}

/* Set up the object of @meta, taken off the free list, for @s. */
static void *kfence_guarded_alloc(struct kfence_metadata *meta, struct kmem_cache *s,
				  size_t size, gfp_t gfp, bool right)
{
	unsigned long page = kfence_meta_page(meta), addr = page;
	unsigned long flags;

	kfence_unprotect(page);
	/* A fault may have mapped a guard page again: close it. */
	kfence_protect(page - PAGE_SIZE);
	kfence_protect(page + PAGE_SIZE);
	if (right)
		addr = ALIGN_DOWN(page + PAGE_SIZE - size, (unsigned long)s->align);
	for (u8 *p = (u8 *)page; p < (u8 *)page + PAGE_SIZE; p++)
		*p = KFENCE_CANARY_PATTERN_U8(p);
	meta->addr = addr;
	meta->size = size;
	meta->cache = s;
	kfence_save_track(&meta->alloc_track);
	meta->free_track.num_stack_entries = 0;
	if (s->ctor)
		s->ctor((void *)addr);
	if (gfp & __GFP_ZERO)
		memset((void *)addr, 0, size);
	local_irq_save(flags);
	WRITE_ONCE(meta->state, KFENCE_OBJECT_ALLOCATED);
	counters[KFENCE_COUNTER_ALLOCATED]++;
	counters[KFENCE_COUNTER_ALLOCS]++;
	local_irq_restore(flags);
	return (void *)addr;
}

/**
 * __kfence_alloc - see kfence_alloc() in mm/include/mm/kfence.h.
 * Context: any.
 */
void *__kfence_alloc(struct kmem_cache *s, size_t size, gfp_t gfp)
{
	struct kfence_metadata *meta;
	unsigned long flags;
	bool right;

	if (!kfence_compatible(s, size, gfp)) {
		counters[KFENCE_COUNTER_SKIP_INCOMPAT]++;
		return NULL;
	}
	local_irq_save(flags);
	if (!kfence_take_sample()) {
		local_irq_restore(flags);
		return NULL;
	}
	meta = list_first_entry_or_null(&kfence_freelist, struct kfence_metadata, list);
	if (!meta) {
		counters[KFENCE_COUNTER_SKIP_CAPACITY]++;
		local_irq_restore(flags);
		return NULL;
	}
	list_del_init(&meta->list);
	right = place_right;
	place_right = !place_right;
	local_irq_restore(flags);
	return kfence_guarded_alloc(meta, s, size, gfp, right);
}

/* Check one side of the object; report the first changed canary byte. */
static void kfence_check_canary_range(const struct kfence_metadata *meta, unsigned long start,
				      unsigned long end)
{
	for (unsigned long a = start; a < end; a++) {
		if (*(const u8 *)a != KFENCE_CANARY_PATTERN_U8(a)) {
			kfence_report_error(a, true, NULL, meta, KFENCE_ERROR_CORRUPTION);
			return;
		}
	}
}

static void kfence_check_canary(const struct kfence_metadata *meta)
{
	unsigned long page = kfence_meta_page(meta);

	kfence_check_canary_range(meta, page, meta->addr);
	kfence_check_canary_range(meta, meta->addr + meta->size, page + PAGE_SIZE);
}

/**
 * __kfence_free - see mm/include/mm/kfence.h.
 * Context: any.
 */
void __kfence_free(void *addr)
{
	struct kfence_metadata *meta = kfence_addr_to_metadata((unsigned long)addr);
	unsigned long flags;

	local_irq_save(flags);
	if (!meta || meta->state != KFENCE_OBJECT_ALLOCATED || meta->addr != (unsigned long)addr) {
		local_irq_restore(flags);
		kfence_report_error((unsigned long)addr, false, NULL, meta,
				    KFENCE_ERROR_INVALID_FREE);
		return;
	}
	WRITE_ONCE(meta->state, KFENCE_OBJECT_FREED);	/* a racing second free is invalid */
	local_irq_restore(flags);
	kfence_save_track(&meta->free_track);
	kfence_check_canary(meta);
	kfence_protect(meta->addr);
	local_irq_save(flags);
	list_add_tail(&meta->list, &kfence_freelist);
	counters[KFENCE_COUNTER_ALLOCATED]--;
	counters[KFENCE_COUNTER_FREES]++;
	local_irq_restore(flags);
}

/**
 * kfence_ksize - see mm/include/mm/kfence.h.
 * Context: any.
 */
size_t kfence_ksize(const void *addr)
{
	struct kfence_metadata *meta = kfence_addr_to_metadata((unsigned long)addr);

	if (!meta || READ_ONCE(meta->state) != KFENCE_OBJECT_ALLOCATED ||
	    meta->addr != (unsigned long)addr)
		return 0;
	return meta->size;
}

/* ---- faults ------------------------------------------------------------------------ */

/* The live object next to guard page @addr that is nearer to it, or NULL. */
static struct kfence_metadata *kfence_oob_object(unsigned long addr)
{
	struct kfence_metadata *left = kfence_addr_to_metadata(addr - PAGE_SIZE);
	struct kfence_metadata *right = kfence_addr_to_metadata(addr + PAGE_SIZE);
	struct kfence_metadata *found = NULL;
	unsigned long distance = 0;

	if (left && READ_ONCE(left->state) == KFENCE_OBJECT_ALLOCATED) {
		found = left;
		distance = addr - (left->addr + left->size);
	}
	if (right && READ_ONCE(right->state) == KFENCE_OBJECT_ALLOCATED &&
	    (!found || distance > right->addr - addr))
		found = right;
	return found;
}

/**
 * kfence_handle_page_fault - see mm/include/mm/kfence.h.
 * Context: exception context, interrupts disabled.
 */
bool kfence_handle_page_fault(unsigned long addr, bool is_write, struct pt_regs *regs)
{
	unsigned long index;
	struct kfence_metadata *meta;
	enum kfence_error_type type;

	/* Only a fault on an unmapped pool page is ours (not, say, an NX fetch). */
	if (!is_kfence_address((void *)addr) ||
	    arch_mmu_query(kfence_page_addr(addr), NULL, NULL, NULL))
		return false;
	index = (addr - (unsigned long)__kfence_pool) / PAGE_SIZE;
	if (kfence_page_is_guard(index)) {
		meta = kfence_oob_object(addr);
		type = KFENCE_ERROR_OOB;
	} else {
		meta = kfence_addr_to_metadata(addr);
		type = KFENCE_ERROR_UAF;
	}
	if (!meta || (type == KFENCE_ERROR_UAF && meta->state != KFENCE_OBJECT_FREED))
		type = KFENCE_ERROR_INVALID;	/* may be either: we cannot be sure */
	kfence_report_error(addr, is_write, regs, meta, type);
	return kfence_unprotect(addr);		/* let the access proceed */
}

/**
 * kfence_shutdown_cache - see mm/include/mm/kfence.h.
 * Context: process context.
 */
void kfence_shutdown_cache(struct kmem_cache *s)
{
	unsigned long flags;

	if (!READ_ONCE(__kfence_pool))
		return;
	local_irq_save(flags);
	for (unsigned int i = 0; i < KFENCE_NUM_OBJECTS; i++) {
		struct kfence_metadata *meta = &kfence_metadata[i];

		if (meta->cache != s)
			continue;
		if (meta->state == KFENCE_OBJECT_ALLOCATED) {
			pr_err("kfence-#%u of cache %s still allocated when the cache is destroyed\n",
			       i, s->name);
			counters[KFENCE_COUNTER_ZOMBIES]++;
		}
		meta->cache = NULL;
	}
	local_irq_restore(flags);
}

/* ---- switches and statistics ------------------------------------------------------- */

/**
 * kfence_set_sample - see mm/include/mm/kfence.h.
 * Context: process context.
 */
int kfence_set_sample(unsigned long interval_ms, unsigned long every)
{
	unsigned long flags;

	if ((interval_ms || every) && !__kfence_pool) {
		int err = kfence_init_pool();

		if (err)
			return err;
	}
	local_irq_save(flags);
	sample_interval = interval_ms;
	sample_every = every;
	sample_count = 0;
	WRITE_ONCE(kfence_allocation_armed, interval_ms || every);
	local_irq_restore(flags);
	if (__kfence_pool && !interval_ms)
		del_timer(&kfence_timer);
	return 0;
}

/**
 * kfence_get_sample - see mm/include/mm/kfence.h.
 * Context: any.
 */
void kfence_get_sample(unsigned long *interval_ms, unsigned long *every)
{
	if (interval_ms)
		*interval_ms = READ_ONCE(sample_interval);
	if (every)
		*every = READ_ONCE(sample_every);
}

/**
 * kfence_get_stats - see mm/include/mm/kfence.h.
 * Context: any.
 */
void kfence_get_stats(struct kfence_stats *st)
{
	unsigned long flags;

	local_irq_save(flags);
	st->allocated = counters[KFENCE_COUNTER_ALLOCATED];
	st->allocs = counters[KFENCE_COUNTER_ALLOCS];
	st->frees = counters[KFENCE_COUNTER_FREES];
	st->zombies = counters[KFENCE_COUNTER_ZOMBIES];
	st->bugs = counters[KFENCE_COUNTER_BUGS];
	st->skipped_incompat = counters[KFENCE_COUNTER_SKIP_INCOMPAT];
	st->skipped_capacity = counters[KFENCE_COUNTER_SKIP_CAPACITY];
	local_irq_restore(flags);
}

/**
 * kfence_show_stats - see mm/include/mm/kfence.h.
 * Context: any.
 */
void kfence_show_stats(void)
{
	struct kfence_stats st;

	kfence_get_stats(&st);
	printk("enabled: %d\n", __kfence_pool && (sample_interval || sample_every));
	printk("currently allocated: %lu\n", st.allocated);
	printk("total allocations: %lu\n", st.allocs);
	printk("total frees: %lu\n", st.frees);
	printk("zombie allocations: %lu\n", st.zombies);
	printk("total bugs: %lu\n", st.bugs);
	printk("skipped allocations (incompatible): %lu\n", st.skipped_incompat);
	printk("skipped allocations (capacity): %lu\n", st.skipped_capacity);
	printk("sample_interval: %lu ms, sample_every: %lu, pool: %d objects\n",
	       sample_interval, sample_every, __kfence_pool ? KFENCE_NUM_OBJECTS : 0);
}

/* ---- boot ---------------------------------------------------------------------------- */

static unsigned long boot_interval, boot_every;

static int __init kfence_parse_ulong(const char *str, unsigned long *val)
{
	unsigned long long v;

	if (!str || kstrtoull(str, 0, &v))
		return -EINVAL;
	*val = (unsigned long)v;
	return 0;
}

static int __init setup_kfence_sample_interval(const char *str)
{
	return kfence_parse_ulong(str, &boot_interval);
}
__setup("kfence.sample_interval", setup_kfence_sample_interval);

static int __init setup_kfence_sample_every(const char *str)
{
	return kfence_parse_ulong(str, &boot_every);
}
__setup("kfence.sample_every", setup_kfence_sample_every);

/**
 * kfence_init - see mm/include/mm/kfence.h.
 * Context: boot.
 */
void __init kfence_init(void)
{
	if (!boot_interval && !boot_every)
		return;
	if (kfence_set_sample(boot_interval, boot_every))
		pr_err("cannot allocate the pool; KFENCE stays off\n");
	else if (boot_every)
		pr_info("sampling every %lu slab allocations\n", boot_every);
	else
		pr_info("sampling one slab allocation every %lu ms\n", boot_interval);
}
