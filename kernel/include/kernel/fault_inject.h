/* SPDX-License-Identifier: MIT */
/*
 * Fault injection (Linux's lib/fault-inject.c, fail_page_alloc, failslab).
 *
 * Boot parameters, Linux's names and syntax:
 *   fail_page_alloc=<interval>,<probability>,<space>,<times>
 *   failslab=<interval>,<probability>,<space>,<times>
 * probability: percent of eligible calls that fail (0..100);
 * interval: only every interval-th eligible call may fail (1 = any);
 * space: this many bytes (failslab) or pages (fail_page_alloc) are
 *   allocated without failure before injection starts;
 * times: failures left, -1 = unlimited (the default is 1, as Linux).
 * Seed of the pseudo-random generator (our addition; Linux uses
 * get_random_u32_below()): fault_inject.seed=<n> sets both,
 * fail_page_alloc.seed=<n> / failslab.seed=<n> set one. Default seed 1,
 * so a run is reproducible.
 *
 * Never failed, as Linux: __GFP_NOFAIL; by default (ignore-gfp-wait = Y,
 * ignore-gfp-highmem = Y for both) any allocation that may sleep
 * (__GFP_DIRECT_RECLAIM) and __GFP_HIGHMEM ones; page allocations below
 * min-order (default 1, so order-0 pages are never failed by default);
 * objects of the kmem_cache cache itself. Set ignore_gfp_reclaim = false
 * and min_order = 0 to fail everything.
 * Each injected failure prints "FAULT_INJECTION: forcing a failure." (and
 * a stack dump with verbose >= 2, rate limited) unless __GFP_NOWARN; the
 * caller then sees an ordinary failure with its ordinary report.
 */
#pragma once

#include <kernel/types.h>

struct fault_attr {
	const char *name;
	unsigned long probability;	/* percent */
	unsigned long interval;
	long times;			/* -1: unlimited */
	long space;
	unsigned long verbose;		/* 0 quiet, 1 line, 2 line + stack */
	unsigned long count;		/* eligible calls seen (for interval) */
	unsigned long injected;		/* failures injected since reset */
	u64 seed;
	u64 rnd_state;
	unsigned long rl_begin;		/* ratelimit window start (jiffies) */
	unsigned int rl_printed;
};

#define FAULT_ATTR_INITIALIZER(n) {						\
	.name = n, .interval = 1, .times = 1, .verbose = 2, .seed = 1,		\
	.rnd_state = 1 }

/* fail_page_alloc / failslab configuration (Linux's debugfs knobs). */
struct fail_page_alloc_attr {
	struct fault_attr attr;
	bool ignore_gfp_highmem;
	bool ignore_gfp_reclaim;
	unsigned int min_order;
};

struct failslab_attr {
	struct fault_attr attr;
	bool ignore_gfp_reclaim;
};

extern struct fail_page_alloc_attr fail_page_alloc;
extern struct failslab_attr failslab;

/* FAULT_NOWARN: no "FAULT_INJECTION" line for this call (__GFP_NOWARN). */
#define FAULT_NOWARN	0x1

/*
 * should_fail_ex - the decision of Linux's should_fail_ex(): times, space,
 * interval, then probability. Counts and prints an injected failure.
 * Context: any.
 * Return: true if the caller must fail this call.
 */
bool should_fail_ex(struct fault_attr *attr, ssize_t size, int flags);

static inline bool should_fail(struct fault_attr *attr, ssize_t size)
{
	return should_fail_ex(attr, size, 0);
}

/*
 * fault_attr_set - configure @attr at run time (tests): probability in
 * percent, interval, times (-1 unlimited), space; reseeds the generator
 * with @seed and zeroes the count and injected counters.
 * Context: any.
 */
void fault_attr_set(struct fault_attr *attr, unsigned long interval,
		    unsigned long probability, long space, long times, u64 seed);

/*
 * fault_inject_reset - restore both fail_page_alloc and failslab to the
 * boot defaults (no injection: probability 0) and Linux's ignore flags.
 * Context: any.
 */
void fault_inject_reset(void);

/*
 * setup_fault_attr - parse "<interval>,<probability>,<space>,<times>".
 * setup_fault_seed - parse a seed. Context: boot. Return: 0 or -EINVAL.
 */
int setup_fault_attr(struct fault_attr *attr, const char *str);
int setup_fault_seed(struct fault_attr *attr, const char *str);

struct kmem_cache;

/*
 * should_fail_alloc_page - fail_page_alloc's filter on @gfp and @order.
 * Context: any. Return: true to fail this page allocation.
 */
bool should_fail_alloc_page(gfp_t gfp, unsigned int order);

/*
 * should_failslab - failslab's filter for an object of @s.
 * Context: any. Return: true to fail this slab allocation.
 */
bool should_failslab(struct kmem_cache *s, gfp_t gfp);
