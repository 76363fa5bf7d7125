// SPDX-License-Identifier: MIT
/*
 * The symbols loadable modules may use (kernel/module.c resolves a
 * module's undefined symbols against these and nothing else). Only public
 * APIs are exported: what a driver or a test module calls, never the
 * allocators' internals (zone_alloc_block, memblock, vmap_space, the
 * slab's private helpers, the page tables).
 *
 * Kept in one file, grouped by subsystem, so the interface is reviewed in
 * one place; the declarations come from the public headers.
 */
#include <kernel/export.h>
#include <kernel/delay.h>
#include <kernel/interrupt.h>
#include <kernel/ktest.h>
#include <kernel/panic.h>
#include <kernel/preempt.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <mm/gfp.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

/* mm: the buddy page allocator */
EXPORT_SYMBOL(alloc_pages);
EXPORT_SYMBOL(__get_free_pages);
EXPORT_SYMBOL(get_zeroed_page);
EXPORT_SYMBOL(__free_pages);
EXPORT_SYMBOL(free_pages);
EXPORT_SYMBOL(get_page);
EXPORT_SYMBOL(put_page);
EXPORT_SYMBOL(get_order);
EXPORT_SYMBOL(nr_free_pages);
EXPORT_SYMBOL(gfp_flags_snprint);
/* page_to_pfn()/pfn_valid() and friends are inline over these. */
EXPORT_SYMBOL(max_pfn);
EXPORT_SYMBOL(totalram_pages);
EXPORT_SYMBOL(mem_section_present);

/* mm: slab caches and the kmalloc family */
EXPORT_SYMBOL(kmem_cache_create);
EXPORT_SYMBOL(kmem_cache_destroy);
EXPORT_SYMBOL(kmem_cache_alloc);
EXPORT_SYMBOL(kmem_cache_free);
EXPORT_SYMBOL(kmem_cache_shrink);
EXPORT_SYMBOL(kmem_cache_size);
EXPORT_SYMBOL(kmem_cache_name);
EXPORT_SYMBOL(kmem_cache_get_info);
EXPORT_SYMBOL(kmalloc);
EXPORT_SYMBOL(__kmalloc_track_caller);
EXPORT_SYMBOL(krealloc);
EXPORT_SYMBOL(kfree);
EXPORT_SYMBOL(kfree_sensitive);
EXPORT_SYMBOL(ksize);
EXPORT_SYMBOL(kmalloc_size_roundup);
EXPORT_SYMBOL(kstrdup);
EXPORT_SYMBOL(kmemdup);

/* mm: vmalloc, vmap, kvmalloc */
EXPORT_SYMBOL(vmalloc);
EXPORT_SYMBOL(vzalloc);
EXPORT_SYMBOL(__vmalloc);
EXPORT_SYMBOL(vmalloc_align);
EXPORT_SYMBOL(vfree);
EXPORT_SYMBOL(vfree_atomic);
EXPORT_SYMBOL(vmap);
EXPORT_SYMBOL(vunmap);
EXPORT_SYMBOL(vmalloc_to_page);
EXPORT_SYMBOL(vmalloc_to_pfn);
EXPORT_SYMBOL(is_vmalloc_addr);
EXPORT_SYMBOL(find_vm_area);
EXPORT_SYMBOL(kvmalloc);
EXPORT_SYMBOL(kvzalloc);
EXPORT_SYMBOL(kvmalloc_array);
EXPORT_SYMBOL(kvcalloc);
EXPORT_SYMBOL(kvrealloc);
EXPORT_SYMBOL(kvfree);

/* printk, formatting, WARN/BUG/panic */
EXPORT_SYMBOL(printk);
EXPORT_SYMBOL(vprintk);
EXPORT_SYMBOL(snprintf);
EXPORT_SYMBOL(vsnprintf);
EXPORT_SYMBOL(scnprintf);
EXPORT_SYMBOL(vscnprintf);
EXPORT_SYMBOL(sprintf);
EXPORT_SYMBOL(hex_dump);
EXPORT_SYMBOL(__warn);
EXPORT_SYMBOL(__bug);
EXPORT_SYMBOL(panic);

/* lib/string.c */
EXPORT_SYMBOL(memcpy);
EXPORT_SYMBOL(memmove);
EXPORT_SYMBOL(memset);
EXPORT_SYMBOL(memcmp);
EXPORT_SYMBOL(memchr);
EXPORT_SYMBOL(memchr_inv);
EXPORT_SYMBOL(strlen);
EXPORT_SYMBOL(strnlen);
EXPORT_SYMBOL(strcmp);
EXPORT_SYMBOL(strncmp);
EXPORT_SYMBOL(strchr);
EXPORT_SYMBOL(strrchr);
EXPORT_SYMBOL(strstr);
EXPORT_SYMBOL(strscpy);
EXPORT_SYMBOL(strspn);
EXPORT_SYMBOL(strcspn);
EXPORT_SYMBOL(simple_strtoull);
EXPORT_SYMBOL(simple_strtoul);
EXPORT_SYMBOL(simple_strtol);
EXPORT_SYMBOL(kstrtoull);
EXPORT_SYMBOL(kstrtoll);

/* interrupts, softirqs, tasklets, spinlocks, sleeping */
EXPORT_SYMBOL(request_irq);
EXPORT_SYMBOL(free_irq);
EXPORT_SYMBOL(disable_irq);
EXPORT_SYMBOL(enable_irq);
EXPORT_SYMBOL(local_bh_disable);
EXPORT_SYMBOL(local_bh_enable);
EXPORT_SYMBOL(tasklet_init);
EXPORT_SYMBOL(tasklet_setup);
EXPORT_SYMBOL(tasklet_schedule);
EXPORT_SYMBOL(tasklet_hi_schedule);
EXPORT_SYMBOL(tasklet_kill);
EXPORT_SYMBOL(tasklet_disable);
EXPORT_SYMBOL(tasklet_enable);
EXPORT_SYMBOL(__spin_lock_init);
EXPORT_SYMBOL(_spin_lock);
EXPORT_SYMBOL(_spin_unlock);
EXPORT_SYMBOL(_spin_lock_irqsave);
EXPORT_SYMBOL(_spin_unlock_irqrestore);
EXPORT_SYMBOL(_spin_lock_irq);
EXPORT_SYMBOL(_spin_unlock_irq);
EXPORT_SYMBOL(_spin_lock_bh);
EXPORT_SYMBOL(_spin_unlock_bh);
EXPORT_SYMBOL(_spin_trylock);
/* preempt_count(), in_interrupt(), might_sleep() are inline over these. */
EXPORT_SYMBOL(__preempt_count);
EXPORT_SYMBOL(preempt_disable_ip);
EXPORT_SYMBOL(preempt_count_underflow);
EXPORT_SYMBOL(__might_sleep);
EXPORT_SYMBOL(cond_resched);
EXPORT_SYMBOL(schedule);
EXPORT_SYMBOL(msleep);
EXPORT_SYMBOL(udelay);

/* ktest: what KTEST_EXPECT_*()/KTEST_ASSERT_*() expand to (test modules) */
EXPORT_SYMBOL_GPL(__ktest_fail_int);
EXPORT_SYMBOL_GPL(__ktest_fail_ptr);
EXPORT_SYMBOL_GPL(__ktest_fail_bool);
EXPORT_SYMBOL_GPL(__ktest_fail_mem);
EXPORT_SYMBOL_GPL(__ktest_fail_str);
EXPORT_SYMBOL_GPL(ktest_printf);
EXPORT_SYMBOL_GPL(ktest_skip);
