/* SPDX-License-Identifier: MIT */
/*
 * struct page: one per physical page frame, 64 bytes, kept in the
 * virtually mapped array vmemmap[] (so pfn_to_page is one addition and
 * holes in the physical map cost no memory). Which union member is live
 * depends on what owns the page: the buddy allocator (PG_buddy), the slab
 * allocator (PG_slab) or a compound allocation (PG_head / tail).
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/list.h>
#include <kernel/types.h>

struct kmem_cache;

struct page {
	unsigned long flags;		/* PG_* bits; zone number in the top byte */
	union {
		struct {			/* page allocator */
			struct list_head lru;	/* free-list link while PG_buddy */
			unsigned long private;	/* free block order while PG_buddy */
		};
		struct {			/* slab (PG_slab, on the head page) */
			struct kmem_cache *slab_cache;
			struct list_head slab_list;	/* on the cache's partial/full list */
			/*
			 * First free object, hardened pointer chain. At offset
			 * 32, so that with counters and _refcount it is one
			 * aligned 16-byte word: mm/slub.c's restartable free
			 * commits both with one store.
			 */
			void *freelist;
		};
		struct {			/* tail pages of a compound page */
			unsigned long compound_head;	/* head page address | 1 */
		};
	};
	union {
		unsigned int counters;		/* slab: updated together */
		struct {
			u16 inuse;		/* slab: objects in use */
			u16 objects;		/* slab: objects in this slab */
		};
	};
	int _refcount;			/* users; 0 while free */
	u8 alloc_order;			/* order it was allocated with (head only), or PAGE_ORDER_NONE */
	u8 compound_order;		/* PG_head: order of the compound page */
	u16 pad;
	u32 pad2;
	unsigned long alloc_caller;	/* who allocated it (for reports) */
};

#define PAGE_ORDER_NONE 0xff

/* vmemmap sections hold exactly 2 MiB of struct pages (one large page). */
BUILD_BUG_ON(sizeof(struct page) != 64);

/* Page flags (bit numbers). */
enum pageflags {
	PG_reserved,	/* not managed by the allocator: firmware, kernel image, holes */
	PG_buddy,	/* free, the first page of a free block of order page->private */
	PG_slab,	/* owned by the slab allocator */
	PG_head,	/* first page of a compound allocation */
	PG_tail,	/* other pages of a compound allocation */
	PG_vmalloc,	/* backs a vmalloc area */
	PG_pgtable,	/* a page-table page */
	PG_large_kmalloc,	/* head of a kmalloc() above KMALLOC_MAX_CACHE_SIZE (mm/slab_common.c) */
	NR_PAGEFLAGS,
};

#define ZONES_SHIFT 56	/* zone number lives in flags bits 56..63 */

#define PAGEFLAG(name, bit)							\
	static inline bool Page##name(const struct page *p)			\
	{									\
		return p->flags & (1UL << (bit));				\
	}									\
	static inline void SetPage##name(struct page *p)			\
	{									\
		p->flags |= 1UL << (bit);					\
	}									\
	static inline void ClearPage##name(struct page *p)			\
	{									\
		p->flags &= ~(1UL << (bit));					\
	}

PAGEFLAG(Reserved, PG_reserved)
PAGEFLAG(Buddy, PG_buddy)
PAGEFLAG(Slab, PG_slab)
PAGEFLAG(Head, PG_head)
PAGEFLAG(Tail, PG_tail)
PAGEFLAG(Vmalloc, PG_vmalloc)
PAGEFLAG(Pgtable, PG_pgtable)
PAGEFLAG(LargeKmalloc, PG_large_kmalloc)

static inline unsigned int page_zonenum(const struct page *page)
{
	return page->flags >> ZONES_SHIFT;
}

/* Return: the head page of the compound page @page belongs to (or @page). */
static inline struct page *compound_head(struct page *page)
{
	if (page->flags & (1UL << PG_tail))
		return (struct page *)(page->compound_head & ~1UL);
	return page;
}

static inline unsigned int compound_order(const struct page *page)
{
	return PageHead(page) ? page->compound_order : 0;
}
