/* SPDX-License-Identifier: MIT */
/*
 * GFP ("get free pages") flags: how an allocation may behave. The bit
 * values are Linux's (include/linux/gfp_types.h). Zone modifiers are the
 * low bits only; everything else says what the allocator may do to find
 * memory.
 */
#pragma once

#include <kernel/types.h>

/* Zone modifiers (GFP_ZONEMASK). A request falls back downward only. */
#define __GFP_DMA		0x01u	/* ZONE_DMA only: ISA DMA reaches < 16 MiB */
#define __GFP_HIGHMEM		0x02u	/* 32-bit only; accepted and ignored */
#define __GFP_DMA32		0x04u	/* ZONE_DMA32 or below: devices limited to 4 GiB */
#define __GFP_MOVABLE		0x08u	/* may be migrated (no effect here) */
#define GFP_ZONEMASK		(__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)

#define __GFP_RECLAIMABLE	0x10u	/* slab pages that shrinkers can free */
#define __GFP_HIGH		0x20u	/* high priority: may use part of the min reserve */
#define __GFP_IO		0x40u	/* may start physical I/O */
#define __GFP_FS		0x80u	/* may call into a filesystem */
#define __GFP_ZERO		0x100u	/* return zeroed memory */
#define __GFP_DIRECT_RECLAIM	0x400u	/* may reclaim and sleep: the caller can block */
#define __GFP_KSWAPD_RECLAIM	0x800u	/* may wake background reclaim (never sleeps) */
#define __GFP_WRITE		0x1000u	/* page will be dirtied (no effect here) */
#define __GFP_NOWARN		0x2000u	/* no allocation-failure report */
#define __GFP_RETRY_MAYFAIL	0x4000u	/* retry hard, but may fail */
#define __GFP_NOFAIL		0x8000u	/* must not fail: retries forever */
#define __GFP_NORETRY		0x10000u	/* fail fast: one light reclaim attempt at most */
#define __GFP_MEMALLOC		0x20000u	/* may use all reserves (reclaim paths only) */
#define __GFP_COMP		0x40000u	/* make a compound page (head + tails) */
#define __GFP_NOMEMALLOC	0x80000u	/* never use reserves */
#define __GFP_ACCOUNT		0x400000u	/* memcg accounting (no effect here) */

#define __GFP_RECLAIM		(__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define __GFP_BITS_MASK		0xfffffffu

/*
 * GFP_KERNEL: the usual kernel allocation. May reclaim and sleep, so only
 * from process context with no spinlock held and interrupts on.
 */
#define GFP_KERNEL		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
/*
 * GFP_ATOMIC: cannot sleep and needs to succeed: interrupt handlers,
 * softirqs, tasklets, code holding a spinlock. May dip into the atomic
 * reserves below the min watermark (down to 37.5 % of it).
 */
#define GFP_ATOMIC		(__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
/* GFP_NOWAIT: cannot sleep, no reserves, no failure report. */
#define GFP_NOWAIT		(__GFP_KSWAPD_RECLAIM | __GFP_NOWARN)
#define GFP_NOIO		(__GFP_RECLAIM)
#define GFP_NOFS		(__GFP_RECLAIM | __GFP_IO)
#define GFP_USER		(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
/* GFP_DMA: memory an ISA DMA device can reach (< 16 MiB); combine with KERNEL or ATOMIC. */
#define GFP_DMA			__GFP_DMA
/* GFP_DMA32: memory below 4 GiB for 32-bit devices (pages only; kmalloc has no DMA32 caches). */
#define GFP_DMA32		__GFP_DMA32

/* Return: true if an allocation with @gfp may sleep. */
static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return !!(gfp & __GFP_DIRECT_RECLAIM);
}

/*
 * Format @gfp as Linux does in allocation-failure reports, e.g.
 * "0xcc0(GFP_KERNEL)" or "0x820(GFP_ATOMIC|__GFP_ZERO)".
 * Return: characters written.
 */
int gfp_flags_snprint(char *buf, size_t size, gfp_t gfp);
