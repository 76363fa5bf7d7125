/* SPDX-License-Identifier: MIT */
/* Internals shared by the files of mm/ (not a public API). */
#pragma once

#include <kernel/types.h>
#include <mm/gfp.h>
#include <mm/mmzone.h>

/* Watermark selection and reserve access (Linux mm/internal.h). */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04	/* don't check watermarks at all */
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_NON_BLOCK		0x10	/* caller cannot block: 25 % more of min */
#define ALLOC_MIN_RESERVE	0x20	/* __GFP_HIGH: 50 % of min */

/* mm/page_alloc.c */
void free_range_to_buddy(unsigned long start_pfn, unsigned long end_pfn);
void setup_per_zone_wmarks(void);
void setup_lowmem_reserve(void);
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags);
unsigned int gfp_to_alloc_flags(gfp_t gfp);
enum zone_type gfp_zone(gfp_t gfp);

/* mm/page_report.c: the "page allocation failure" report. */
void warn_alloc(gfp_t gfp, unsigned int order, unsigned long caller);

/* mm/init.c */
void sparse_init_memmap(void);
