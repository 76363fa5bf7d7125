// SPDX-License-Identifier: MIT
/*
 * SLUB debugging, after Linux's mm/slub.c (CONFIG_SLUB_DEBUG): poisoning,
 * red zones, owner tracking (switched on by slub_debug=, parsed in
 * mm/slab_common.c), the checks made on allocation and free, the validate
 * walk, and the reports in Linux's layout:
 *
 *   =============================================================================
 *   BUG kmalloc-64 (Not tainted): Right Redzone overwritten
 *   -----------------------------------------------------------------------------
 *
 *   INFO: 0x...-0x... @offset=1096. First byte 0x41 instead of 0xcc
 *   INFO: Allocated in foo+0x1c/0x80 age=... cpu=0 pid=0
 *   INFO: Slab 0x... objects=21 used=3 fp=0x... flags=0x...
 *   INFO: Object 0x... @offset=1032 fp=0x...
 *
 *   Redzone  ffff...: bb bb bb bb bb bb bb bb                          ........
 *   Object   ffff...: 6b 6b 6b ...
 *   Call Trace: ...
 *   FIX kmalloc-64: Restoring Right Redzone 0x...-0x...=0xcc
 *
 * Damage is repaired where the right bytes are known (red zones, poison,
 * padding), so the cache stays usable; a corrupt free pointer cuts the
 * free list, losing only the objects behind it.
 *
 * One difference from Linux: in a debug cache the object checks run on
 * every allocation and free, with or without F (SLAB_CONSISTENCY_CHECKS);
 * F adds the slab-level check_slab() to each operation.
 *
 * Context: every function here runs with interrupts disabled (called
 * from mm/slub.c's critical sections) unless it says otherwise.
 */
#include <arch/cpu.h>
#include <arch/irqflags.h>
#include <arch/stacktrace.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

#include "slab_priv.h"

#define MAX_DUMP_BYTES 256	/* an object dump stops here (Linux: a page) */

unsigned long slab_bug_count;

/* ---- metadata -------------------------------------------------------------- */

static struct track *get_track(struct kmem_cache *s, void *object, enum track_item alloc)
{
	return (struct track *)((char *)object + get_info_end(s)) + alloc;
}

static void set_track(struct kmem_cache *s, void *object, enum track_item alloc,
		      unsigned long addr)
{
	struct track *t = get_track(s, object, alloc);

	t->addr = addr;
	t->when = rdtsc();
}

static unsigned int *orig_size_slot(struct kmem_cache *s, void *object)
{
	unsigned int off = get_info_end(s);

	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	return (unsigned int *)((char *)object + off);
}

/**
 * set_orig_size - record the size kmalloc was asked for (kmalloc caches
 * with red zones; the bytes past it are a red zone). No-op otherwise.
 * Context: any.
 */
void set_orig_size(struct kmem_cache *s, void *object, unsigned int orig_size)
{
	if (slub_debug_orig_size(s))
		*orig_size_slot(s, object) = orig_size;
}

/**
 * get_orig_size - the size kmalloc was asked for.
 * Context: any.
 * Return: it, or s->object_size where it is not recorded.
 */
unsigned int get_orig_size(struct kmem_cache *s, void *object)
{
	if (!slub_debug_orig_size(s))
		return s->object_size;
	return *orig_size_slot(s, object);
}

/* Where the metadata ends and the padding of a slot begins. */
static unsigned int pad_start(const struct kmem_cache *s)
{
	unsigned int off = get_info_end(s);

	if (s->flags & SLAB_STORE_USER)
		off += 2 * sizeof(struct track);
	if (slub_debug_orig_size(s))
		off += sizeof(unsigned int);
	return off;
}

static unsigned int size_from_object(const struct kmem_cache *s)
{
	return s->size - s->red_left_pad;
}

/* ---- reports -------------------------------------------------------------- */

/**
 * slab_bug - the head of a report: "BUG <cache> (Not tainted): <what>".
 * @s may be NULL for a pointer that belongs to no cache ("<none>").
 * Context: any.
 */
void slab_bug(const struct kmem_cache *s, const char *fmt, ...)
{
	char buf[192];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	slab_bug_count++;
	printk(KERN_ERR "======================================"
			"=======================================\n");
	printk(KERN_ERR "BUG %s (Not tainted): %s\n", s ? s->name : "<none>", buf);
	printk(KERN_ERR "--------------------------------------"
			"---------------------------------------\n\n");
}

/**
 * slab_fix - the tail of a report: what was done about it.
 * Context: any.
 */
void slab_fix(const struct kmem_cache *s, const char *fmt, ...)
{
	char buf[192];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk(KERN_ERR "FIX %s: %s\n", s ? s->name : "<none>", buf);
}

static void print_section(const char *text, const void *addr, unsigned int length)
{
	if (length)
		hex_dump(text, addr, length);
}

static void print_track(const char *what, const struct track *t, u64 now)
{
	if (!t->addr)
		return;
	/* age is in TSC cycles until the kernel keeps jiffies. */
	printk(KERN_ERR "INFO: %s in %pS age=%llu cpu=0 pid=0\n", what, (void *)t->addr,
	       (unsigned long long)(now - t->when));
}

static void print_tracking(struct kmem_cache *s, void *object)
{
	u64 now = rdtsc();

	if (!(s->flags & SLAB_STORE_USER))
		return;
	print_track("Allocated", get_track(s, object, TRACK_ALLOC), now);
	print_track("Freed", get_track(s, object, TRACK_FREE), now);
}

/**
 * print_slab_info - "INFO: Slab <page> objects= used= fp= flags=".
 * Context: any.
 */
void print_slab_info(const struct page *page)
{
	printk(KERN_ERR "INFO: Slab %p objects=%u used=%u fp=%p flags=%#lx\n", page,
	       page->objects, page->inuse, page->freelist, page->flags);
}

static void print_trailer(struct kmem_cache *s, struct page *page, void *object)
{
	char *p = object, *addr = slab_address(page);
	unsigned int off = pad_start(s);

	print_tracking(s, p);
	print_slab_info(page);
	/* A live object's slot holds 0 (mm/slub.c), not an encoded pointer. */
	printk(KERN_ERR "INFO: Object %p @offset=%lu fp=%p\n\n", p, (unsigned long)(p - addr),
	       *(unsigned long *)(p + s->offset) ? get_freepointer(s, p) : NULL);
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p - s->red_left_pad, s->red_left_pad);
	else if (p >= addr + 16)
		print_section("Bytes b4 ", p - 16, 16);
	print_section("Object   ", p, min(s->object_size, (unsigned int)MAX_DUMP_BYTES));
	if (s->flags & SLAB_RED_ZONE)
		print_section("Redzone  ", p + s->object_size, s->inuse - s->object_size);
	if (off != size_from_object(s))
		print_section("Padding  ", p + off, size_from_object(s) - off);
	dump_stack();
}

/**
 * object_err - report a problem with one object, with its dump.
 * Context: any.
 */
void object_err(struct kmem_cache *s, struct page *page, void *object, const char *reason)
{
	slab_bug(s, "%s", reason);
	print_trailer(s, page, object);
}

/**
 * slab_err - report a problem with a whole slab.
 * Context: any.
 */
void slab_err(struct kmem_cache *s, struct page *page, const char *fmt, ...)
{
	char buf[192];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	slab_bug(s, "%s", buf);
	print_slab_info(page);
	dump_stack();
}

/**
 * slab_invalid_free - report a free of a pointer into @page that is not
 * the start of an object slot. Nothing is changed.
 * Context: any.
 */
void slab_invalid_free(struct kmem_cache *s, struct page *page, const void *object,
		       unsigned long caller)
{
	const char *first = slab_first_object(s, page), *p = object;
	unsigned int idx;

	slab_bug(s, "Invalid object pointer %p", object);
	print_slab_info(page);
	idx = p >= first ? obj_to_index(s, page, p) : page->objects;
	if (idx < page->objects)
		printk(KERN_ERR "INFO: %p is %lu bytes into object %p (object size %u)\n", p,
		       (unsigned long)(p - first) - (unsigned long)idx * s->size,
		       first + (unsigned long)idx * s->size, s->object_size);
	else
		printk(KERN_ERR "INFO: %p is outside the %u objects of this slab\n", p,
		       page->objects);
	printk(KERN_ERR "INFO: Freed by %pS\n", (void *)caller);
	dump_stack();
	slab_fix(s, "Object at %p not freed", object);
}

/**
 * slab_double_free - report a free of an object that is already free (or
 * was never allocated). The free list is left as it was.
 * Context: any.
 */
void slab_double_free(struct kmem_cache *s, struct page *page, void *object,
		      unsigned long caller)
{
	slab_bug(s, "Object already free");
	printk(KERN_ERR "INFO: Freed again by %pS\n", (void *)caller);
	print_trailer(s, page, object);
	slab_fix(s, "Object at %p not freed", object);
}

/**
 * freelist_corrupt - the free pointer in @object (being allocated) points
 * outside the slab: report it and cut the free list there.
 * Context: any.
 */
void freelist_corrupt(struct kmem_cache *s, struct page *page, void *object)
{
	object_err(s, page, object, "Freepointer corrupt");
	set_freepointer(s, object, NULL);
	slab_fix(s, "Free list cut at %p; the free objects after it are lost", object);
}

/* ---- object state --------------------------------------------------------- */

static void init_object(struct kmem_cache *s, void *object, u8 val)
{
	u8 *p = object;
	unsigned int poison_size = s->object_size;

	if (s->flags & SLAB_RED_ZONE) {
		memset(p - s->red_left_pad, val, s->red_left_pad);
		if (slub_debug_orig_size(s) && val == SLUB_RED_ACTIVE)
			poison_size = get_orig_size(s, object);
	}
	if ((s->flags & __OBJECT_POISON) && poison_size) {
		memset(p, POISON_FREE, poison_size - 1);
		p[poison_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + poison_size, val, s->inuse - poison_size);
}

/**
 * setup_slab_debug - a fresh slab: with poisoning, fill it with
 * POISON_INUSE so unused padding can be checked later.
 * Context: interrupts as the caller had them (a new, private slab).
 */
void setup_slab_debug(struct kmem_cache *s, struct page *page)
{
	if (s->flags & SLAB_POISON)
		memset(slab_address(page), POISON_INUSE, PAGE_SIZE << slab_order(page));
}

/**
 * setup_object_debug - a fresh object: free state, no owners.
 * Context: as setup_slab_debug().
 */
void setup_object_debug(struct kmem_cache *s, void *object)
{
	if (s->flags & SLAB_STORE_USER)
		memset(get_track(s, object, TRACK_ALLOC), 0, 2 * sizeof(struct track));
	set_orig_size(s, object, s->object_size);
	init_object(s, object, SLUB_RED_INACTIVE);
}

static bool check_bytes_and_report(struct kmem_cache *s, struct page *page, u8 *object,
				   const char *what, u8 *start, unsigned int value,
				   unsigned int bytes)
{
	u8 *fault, *end, *addr = slab_address(page);

	if (!bytes)
		return true;
	fault = memchr_inv(start, value, bytes);
	if (!fault)
		return true;
	end = start + bytes;
	while (end > fault && end[-1] == value)
		end--;
	slab_bug(s, "%s overwritten", what);
	printk(KERN_ERR "INFO: %p-%p @offset=%lu. First byte 0x%x instead of 0x%x\n", fault,
	       end - 1, (unsigned long)(fault - addr), fault[0], value);
	print_trailer(s, page, object);
	slab_fix(s, "Restoring %s %p-%p=0x%x", what, fault, end - 1, value);
	memset(fault, value, end - fault);
	return false;
}

static bool check_pad_bytes(struct kmem_cache *s, struct page *page, u8 *p)
{
	unsigned int off = pad_start(s);

	if (!(s->flags & SLAB_POISON) || size_from_object(s) == off)
		return true;
	return check_bytes_and_report(s, page, p, "Object padding", p + off, POISON_INUSE,
				      size_from_object(s) - off);
}

static bool check_redzones(struct kmem_cache *s, struct page *page, u8 *p, u8 val)
{
	bool ret = true;

	if (s->flags & SLAB_RED_ZONE) {
		ret &= check_bytes_and_report(s, page, p, "Left Redzone", p - s->red_left_pad, val,
					      s->red_left_pad);
		ret &= check_bytes_and_report(s, page, p, "Right Redzone", p + s->object_size, val,
					      s->inuse - s->object_size);
		if (slub_debug_orig_size(s) && val == SLUB_RED_ACTIVE) {
			unsigned int orig = get_orig_size(s, p);

			if (orig < s->object_size)
				ret &= check_bytes_and_report(s, page, p, "kmalloc Redzone", p + orig,
							      val, s->object_size - orig);
		}
	} else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse) {
		ret &= check_bytes_and_report(s, page, p, "Alignment padding", p + s->object_size,
					      POISON_INUSE, s->inuse - s->object_size);
	}
	return ret;
}

/*
 * check_object - red zones, poison, padding and free pointer of @object in
 * state @val (SLUB_RED_ACTIVE: allocated, SLUB_RED_INACTIVE: free). Each
 * problem is reported and repaired. Return: true if all was well.
 */
static bool check_object(struct kmem_cache *s, struct page *page, void *object, u8 val)
{
	u8 *p = object;
	bool ret = check_redzones(s, page, p, val);

	if ((s->flags & __OBJECT_POISON) && val != SLUB_RED_ACTIVE) {
		ret &= check_bytes_and_report(s, page, p, "Poison", p, POISON_FREE,
					      s->object_size - 1);
		ret &= check_bytes_and_report(s, page, p, "End Poison", p + s->object_size - 1,
					      POISON_END, 1);
	}
	ret &= check_pad_bytes(s, page, p);
	if (val == SLUB_RED_ACTIVE) {
		/* A live object's free-pointer slot is kept zero (mm/slub.c). */
		if (freeptr_outside_object(s))
			ret &= check_bytes_and_report(s, page, p, "Freepointer", p + s->offset, 0,
						      sizeof(void *));
	} else if (!check_valid_pointer(s, page, get_freepointer(s, p))) {
		object_err(s, page, p, "Freepointer corrupt");
		set_freepointer(s, p, NULL);
		slab_fix(s, "Free list cut at %p; the free objects after it are lost", p);
		ret = false;
	}
	return ret;
}

static bool check_slab(struct kmem_cache *s, struct page *page)
{
	unsigned int maxobj = (unsigned int)((PAGE_SIZE << slab_order(page)) / s->size);

	if (!PageSlab(page)) {
		slab_err(s, page, "Not a valid slab page");
		return false;
	}
	if (page->objects > maxobj) {
		slab_err(s, page, "objects %u > max %u", page->objects, maxobj);
		return false;
	}
	if (page->inuse > page->objects) {
		slab_err(s, page, "inuse %u > max %u", page->inuse, page->objects);
		return false;
	}
	return true;
}

static void trace(struct kmem_cache *s, struct page *page, void *object, bool alloc)
{
	if (s->flags & SLAB_TRACE)
		printk(KERN_INFO "TRACE %s %s %p inuse=%u fp=%p\n", s->name,
		       alloc ? "alloc" : "free", object, page->inuse, page->freelist);
}

/**
 * alloc_debug_processing - check @object, the head of @page's free list,
 * before it is handed out (damage is reported and repaired).
 * Return: false if the slab itself is corrupt and must not be used.
 */
bool alloc_debug_processing(struct kmem_cache *s, struct page *page, void *object,
			    unsigned long caller, size_t orig_size)
{
	if ((s->flags & SLAB_CONSISTENCY_CHECKS) && !check_slab(s, page))
		return false;
	if (!object || !check_valid_pointer(s, page, object)) {
		slab_err(s, page, "Freelist Pointer check fails");
		return false;
	}
	check_object(s, page, object, SLUB_RED_INACTIVE);
	return true;
}

/**
 * alloc_debug_done - @object was taken: record the owner and the
 * requested size, switch the red zones to active.
 */
void alloc_debug_done(struct kmem_cache *s, struct page *page, void *object,
		      unsigned long caller, size_t orig_size)
{
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_ALLOC, caller);
	set_orig_size(s, object, orig_size);
	init_object(s, object, SLUB_RED_ACTIVE);
	trace(s, page, object, true);
}

/**
 * free_debug_processing - check the live @object being freed (damage is
 * reported and repaired), record the free and poison it.
 * Return: false if it must not be freed (its slab is corrupt).
 */
bool free_debug_processing(struct kmem_cache *s, struct page *page, void *object,
			   unsigned long caller)
{
	if ((s->flags & SLAB_CONSISTENCY_CHECKS) && !check_slab(s, page)) {
		slab_fix(s, "Object at %p not freed", object);
		return false;
	}
	check_object(s, page, object, SLUB_RED_ACTIVE);
	if (s->flags & SLAB_STORE_USER)
		set_track(s, object, TRACK_FREE, caller);
	trace(s, page, object, false);
	init_object(s, object, SLUB_RED_INACTIVE);
	return true;
}

/**
 * slab_pad_check - the bytes past the last object of a poisoned slab must
 * still hold POISON_INUSE. Return: true if they do (else reported, repaired).
 */
bool slab_pad_check(struct kmem_cache *s, struct page *page)
{
	u8 *start = slab_address(page), *end, *pad, *fault;
	size_t length = PAGE_SIZE << slab_order(page);
	size_t remainder = length - (size_t)page->objects * s->size;

	if (!(s->flags & SLAB_POISON) || !remainder)
		return true;
	end = start + length;
	pad = end - remainder;
	fault = memchr_inv(pad, POISON_INUSE, remainder);
	if (!fault)
		return true;
	while (end > fault && end[-1] == POISON_INUSE)
		end--;
	slab_err(s, page, "Padding overwritten. %p-%p @offset=%lu", fault, end - 1,
		 (unsigned long)(fault - start));
	print_section("Padding  ", pad, (unsigned int)min(remainder, (size_t)MAX_DUMP_BYTES));
	slab_fix(s, "Restoring slab padding %p-%p=0x%x", fault, end - 1, POISON_INUSE);
	memset(fault, POISON_INUSE, end - fault);
	return false;
}

/* ---- the validate walk ---------------------------------------------------------- */

static u64 object_map[MAX_OBJS_PER_PAGE / 64 + 1];	/* guarded by interrupts off */

static bool map_test_and_set(unsigned int idx)
{
	u64 bit = 1ULL << (idx % 64);
	bool was = object_map[idx / 64] & bit;

	object_map[idx / 64] |= bit;
	return was;
}

static bool map_test(unsigned int idx)
{
	return object_map[idx / 64] & (1ULL << (idx % 64));
}

/* Cut the free list after @prev (or at its head). */
static void cut_freelist(struct kmem_cache *s, struct page *page, void *prev, const char *why)
{
	if (prev) {
		object_err(s, page, prev, why);
		set_freepointer(s, prev, NULL);
	} else {
		slab_err(s, page, "%s", why);
		page->freelist = NULL;
	}
	slab_fix(s, "Isolate corrupted freechain");
}

/*
 * Walk @page's free list, marking the free objects in object_map; cut the
 * list at a bad pointer or a loop. Return: the number of free objects,
 * *@cut set if the list had to be cut.
 */
static unsigned int walk_freelist(struct kmem_cache *s, struct page *page, bool *cut)
{
	void *fp = page->freelist, *prev = NULL;
	unsigned int nr = 0;

	*cut = false;
	memset(object_map, 0, (page->objects + 63) / 64 * sizeof(u64));
	while (fp) {
		if (!check_valid_pointer(s, page, fp)) {
			cut_freelist(s, page, prev, "Freechain corrupt");
			*cut = true;
			break;
		}
		if (map_test_and_set(obj_to_index(s, page, fp))) {
			cut_freelist(s, page, prev, "Freechain corrupt: loop");
			*cut = true;
			break;
		}
		nr++;
		prev = fp;
		fp = get_freepointer(s, fp);
	}
	return nr;
}

/* Can a free object be told from a live one by its bytes alone? */
static bool object_looks_free(struct kmem_cache *s, u8 *p)
{
	if (s->flags & SLAB_RED_ZONE)
		return !memchr_inv(p - s->red_left_pad, SLUB_RED_INACTIVE, s->red_left_pad) &&
		       !memchr_inv(p + s->object_size, SLUB_RED_INACTIVE, s->inuse - s->object_size);
	if (s->flags & __OBJECT_POISON)
		return !memchr_inv(p, POISON_FREE, s->object_size - 1) &&
		       p[s->object_size - 1] == POISON_END;
	return false;
}

/**
 * repair_freelist - after @page's free list was cut, find the free
 * objects behind the cut by their inactive red zones (or intact poison),
 * link them back, and set the in-use count to what is really in use.
 * Without red zones or poison they cannot be told apart and stay lost
 * (counted as in use). Return: the number of objects relinked.
 */
unsigned int repair_freelist(struct kmem_cache *s, struct page *page)
{
	unsigned int recovered = 0, idx = 0, nr;
	bool cut;
	void *p;

	nr = walk_freelist(s, page, &cut);
	for_each_object(p, s, page) {
		if (map_test(idx++) || !object_looks_free(s, p))
			continue;
		set_freepointer(s, p, page->freelist);
		page->freelist = p;
		map_test_and_set(idx - 1);
		recovered++;
	}
	page->inuse = page->objects - nr - recovered;
	if (recovered)
		slab_fix(s, "%u free objects behind the cut relinked", recovered);
	return recovered;
}

/* The free list of @page, checked and repaired; the in-use count made to match. */
static void validate_freelist(struct kmem_cache *s, struct page *page)
{
	unsigned int nr;
	bool cut;

	nr = walk_freelist(s, page, &cut);
	if (cut && kmem_cache_debug(s)) {
		repair_freelist(s, page);
		return;
	}
	if (page->inuse != page->objects - nr) {
		slab_err(s, page, "Wrong object count. Counter is %u but counted were %u",
			 page->inuse, page->objects - nr);
		page->inuse = page->objects - nr;
		slab_fix(s, "Object count adjusted");
	}
}

static void validate_slab(struct kmem_cache *s, struct page *page)
{
	unsigned int idx = 0;
	void *p;

	if (!check_slab(s, page))
		return;
	validate_freelist(s, page);
	if (!kmem_cache_debug(s))
		return;
	slab_pad_check(s, page);
	for_each_object(p, s, page)
		check_object(s, page, p, map_test(idx++) ? SLUB_RED_INACTIVE : SLUB_RED_ACTIVE);
}

static unsigned long validate_list(struct kmem_cache *s, struct list_head *list)
{
	unsigned long count = 0;
	struct page *page;

	list_for_each_entry(page, list, slab_list) {
		count++;
		validate_slab(s, page);
	}
	return count;
}

/* After repairs, file each slab on the list its free list calls for. */
static void refile_slabs(struct kmem_cache *s)
{
	struct kmem_cache_node *n = &s->node;
	struct page *page, *tmp;
	LIST_HEAD(to_partial);

	list_for_each_entry_safe(page, tmp, &n->full, slab_list)
		if (page->freelist)
			list_move_tail(&page->slab_list, &to_partial);
	list_for_each_entry_safe(page, tmp, &n->partial, slab_list) {
		if (!page->freelist) {
			list_move(&page->slab_list, &n->full);
			n->nr_partial--;
		}
	}
	list_for_each_entry_safe(page, tmp, &to_partial, slab_list) {
		list_move_tail(&page->slab_list, &n->partial);
		n->nr_partial++;
	}
}

/**
 * kmem_cache_validate - see mm/include/mm/slab.h.
 * Context: any; interrupts disabled during the walk.
 */
int kmem_cache_validate(struct kmem_cache *s)
{
	struct kmem_cache_node *n = &s->node;
	unsigned long flags, before, partial, full;

	local_irq_save(flags);
	before = slab_bug_count;
	flush_cpu_slab(s);
	full = validate_list(s, &n->full);
	partial = validate_list(s, &n->partial);
	if (partial != n->nr_partial) {
		slab_bug(s, "%lu partial slabs counted but counter=%lu", partial, n->nr_partial);
		n->nr_partial = partial;
		slab_fix(s, "Partial slab count adjusted");
	}
	if (partial + full != n->nr_slabs) {
		slab_bug(s, "%lu slabs counted but counter=%lu", partial + full, n->nr_slabs);
		n->nr_slabs = partial + full;
		slab_fix(s, "Slab count adjusted");
	}
	refile_slabs(s);
	local_irq_restore(flags);
	return (int)(slab_bug_count - before);
}

/**
 * kmem_cache_validate_all - see mm/include/mm/slab.h.
 * Context: any; interrupts disabled during the walk.
 */
int kmem_cache_validate_all(void)
{
	struct kmem_cache *s;
	unsigned long flags;
	int errors = 0;

	local_irq_save(flags);
	list_for_each_entry(s, &slab_caches, list)
		errors += kmem_cache_validate(s);
	local_irq_restore(flags);
	return errors;
}

/**
 * list_slab_objects - report the objects still allocated in @page (from
 * kmem_cache_destroy()).
 */
void list_slab_objects(struct kmem_cache *s, struct page *page)
{
	char *addr = slab_address(page);
	unsigned int idx = 0;
	void *p;

	validate_freelist(s, page);
	slab_err(s, page, "Objects remaining in %s on __kmem_cache_shutdown()", s->name);
	for_each_object(p, s, page) {
		if (map_test(idx++))
			continue;
		printk(KERN_ERR "INFO: Object %p @offset=%lu\n", p,
		       (unsigned long)((char *)p - addr));
		print_tracking(s, p);
	}
}
