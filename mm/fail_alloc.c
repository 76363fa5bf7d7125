// SPDX-License-Identifier: MIT
/*
 * fail_page_alloc and failslab (Linux's mm/fail_page_alloc.c and
 * mm/failslab.c): the attrs, their boot parameters and the gfp filters
 * that decide which allocations may be failed at all. The decision itself
 * is kernel/fault_inject.c's; see kernel/include/kernel/fault_inject.h.
 *
 * Lock order: none (kernel/fault_inject.c disables interrupts).
 */
#define pr_fmt(fmt) "FAULT_INJECTION: " fmt

#include <kernel/cmdline.h>
#include <kernel/fault_inject.h>
#include <mm/gfp.h>

#include "slab_priv.h"

struct fail_page_alloc_attr fail_page_alloc = {
	.attr = FAULT_ATTR_INITIALIZER("fail_page_alloc"),
	.ignore_gfp_highmem = true,
	.ignore_gfp_reclaim = true,
	.min_order = 1,
};

struct failslab_attr failslab = {
	.attr = FAULT_ATTR_INITIALIZER("failslab"),
	.ignore_gfp_reclaim = true,
};

static bool page_seed_set, slab_seed_set;

static int __init setup_fail_page_alloc(const char *str)
{
	return setup_fault_attr(&fail_page_alloc.attr, str);
}
__setup("fail_page_alloc", setup_fail_page_alloc);

static int __init setup_failslab(const char *str)
{
	return setup_fault_attr(&failslab.attr, str);
}
__setup("failslab", setup_failslab);

static int __init setup_fail_page_alloc_seed(const char *str)
{
	page_seed_set = true;
	return setup_fault_seed(&fail_page_alloc.attr, str);
}
__setup("fail_page_alloc.seed", setup_fail_page_alloc_seed);

static int __init setup_failslab_seed(const char *str)
{
	slab_seed_set = true;
	return setup_fault_seed(&failslab.attr, str);
}
__setup("failslab.seed", setup_failslab_seed);

/* fault_inject.seed=: both generators, unless one was seeded by name. */
static int __init setup_fault_inject_seed(const char *str)
{
	int ret = 0;

	if (!page_seed_set)
		ret = setup_fault_seed(&fail_page_alloc.attr, str);
	if (!slab_seed_set && !ret)
		ret = setup_fault_seed(&failslab.attr, str);
	return ret;
}
__setup("fault_inject.seed", setup_fault_inject_seed);

/**
 * should_fail_alloc_page - see kernel/include/kernel/fault_inject.h.
 * Context: any.
 */
bool should_fail_alloc_page(gfp_t gfp, unsigned int order)
{
	if (gfp & __GFP_NOFAIL)
		return false;
	if (fail_page_alloc.ignore_gfp_highmem && (gfp & __GFP_HIGHMEM))
		return false;
	if (fail_page_alloc.ignore_gfp_reclaim && (gfp & __GFP_DIRECT_RECLAIM))
		return false;
	if (order < fail_page_alloc.min_order)
		return false;
	return should_fail_ex(&fail_page_alloc.attr, 1L << order,
			      (gfp & __GFP_NOWARN) ? FAULT_NOWARN : 0);
}

/**
 * should_failslab - see kernel/include/kernel/fault_inject.h.
 * Context: any.
 */
bool should_failslab(struct kmem_cache *s, gfp_t gfp)
{
	if (s == kmem_cache)		/* the cache of caches: never */
		return false;
	if (gfp & __GFP_NOFAIL)
		return false;
	if (failslab.ignore_gfp_reclaim && (gfp & __GFP_DIRECT_RECLAIM))
		return false;
	return should_fail_ex(&failslab.attr, s->object_size,
			      (gfp & __GFP_NOWARN) ? FAULT_NOWARN : 0);
}

/**
 * fault_inject_reset - see kernel/include/kernel/fault_inject.h.
 * Context: any.
 */
void fault_inject_reset(void)
{
	fault_attr_set(&fail_page_alloc.attr, 1, 0, 0, 1, 1);
	fail_page_alloc.attr.verbose = 2;
	fail_page_alloc.ignore_gfp_highmem = true;
	fail_page_alloc.ignore_gfp_reclaim = true;
	fail_page_alloc.min_order = 1;
	fault_attr_set(&failslab.attr, 1, 0, 0, 1, 1);
	failslab.attr.verbose = 2;
	failslab.ignore_gfp_reclaim = true;
}
