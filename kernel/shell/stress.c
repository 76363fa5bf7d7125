// SPDX-License-Identifier: MIT
/*
 * stress SECONDS: a randomized allocate/check/free load on kmalloc,
 * vmalloc and the page allocator. Each allocation is filled with a
 * pattern that is checked when it is freed, so corruption between
 * allocations shows up. A progress line every second; Ctrl-C on the
 * serial port stops early; everything is freed at the end and the free
 * page count is compared with the one before.
 *
 * Lock order: none; only the init task runs the shell.
 */
#include <arch/cpu.h>
#include <drivers/serial.h>
#include <kernel/errno.h>
#include <kernel/jiffies.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "shell_priv.h"

#define STRESS_SLOTS	256
#define STRESS_MAX_SECS	3600
#define CHECK_BYTES	64	/* checked at each end and in the middle */

enum stress_kind { ST_KMALLOC, ST_VMALLOC, ST_PAGES, ST_KINDS };

struct stress_slot {
	void *p;
	size_t size;
	enum stress_kind kind;
	u8 pattern;
};

struct stress_stats {
	unsigned long ops, allocs, frees, failed, corrupt;
};

static struct stress_slot slots[STRESS_SLOTS];
static u64 rng_state;

static u64 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static bool range_ok(const u8 *p, size_t len, u8 pattern)
{
	return !memchr_inv(p, pattern, len);
}

/* Check the pattern at both ends and the middle. Return: true if intact. */
static bool slot_intact(const struct stress_slot *s)
{
	size_t n = min(s->size, (size_t)CHECK_BYTES);
	const u8 *p = s->p;

	return range_ok(p, n, s->pattern) && range_ok(p + s->size - n, n, s->pattern) &&
	       range_ok(p + (s->size - n) / 2, n, s->pattern);
}

static void slot_free(struct stress_slot *s, struct stress_stats *st)
{
	static const char *const names[] = { "kmalloc", "vmalloc", "pages" };

	if (!slot_intact(s)) {
		st->corrupt++;
		shell_printf("stress: %s object 0x%lx (%zu bytes) lost its 0x%02x pattern\n",
			     names[s->kind], (unsigned long)s->p, s->size, s->pattern);
	}
	if (s->kind == ST_KMALLOC)
		kfree(s->p);
	else if (s->kind == ST_VMALLOC)
		vfree(s->p);
	else
		free_pages((unsigned long)s->p, get_order(s->size));
	s->p = NULL;
	st->frees++;
}

static void slot_alloc(struct stress_slot *s, struct stress_stats *st)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_NOWARN;
	u64 r = rnd();

	s->kind = r % ST_KINDS;
	if (s->kind == ST_KMALLOC) {
		s->size = 1 + (r >> 8) % ((r & 0x80) ? KMALLOC_MAX_SIZE : 512);
		s->p = kmalloc(s->size, gfp);
	} else if (s->kind == ST_VMALLOC) {
		s->size = 1 + (r >> 8) % (256 * 1024);
		s->p = __vmalloc(s->size, gfp);
	} else {
		s->size = PAGE_SIZE << ((r >> 8) % 4);
		s->p = (void *)__get_free_pages(gfp, get_order(s->size));
	}
	if (!s->p) {
		st->failed++;
		return;
	}
	s->pattern = (u8)(r >> 32) | 1;
	memset(s->p, s->pattern, s->size);
	st->allocs++;
}

static unsigned int live_slots(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < STRESS_SLOTS; i++)
		n += slots[i].p != NULL;
	return n;
}

static void progress(unsigned long secs, const struct stress_stats *st)
{
	shell_printf("stress: %lus: %lu ops (%lu allocs, %lu frees, %lu failed), %u live, %lu KiB free, %lu corrupt\n",
		     secs, st->ops, st->allocs, st->frees, st->failed, live_slots(),
		     nr_free_pages() << (PAGE_SHIFT - 10), st->corrupt);
}

int cmd_stress(int argc, char **argv)
{
	unsigned long secs, start = jiffies, next, before = nr_free_pages();
	struct stress_stats st = { 0 };

	if (argc != 2 || shell_parse_ulong(argv[1], &secs) || !secs || secs > STRESS_MAX_SECS)
		return -EINVAL;
	rng_state = rdtsc() | 1;
	next = start + HZ;
	shell_printf("stress: %lu s of random kmalloc/vmalloc/page allocations (Ctrl-C stops)\n", secs);
	while (time_before(jiffies, start + secs * HZ)) {
		struct stress_slot *s = &slots[rnd() % STRESS_SLOTS];

		if (s->p)
			slot_free(s, &st);
		else
			slot_alloc(s, &st);
		st.ops++;
		if (time_after_eq(jiffies, next)) {
			progress((next - start) / HZ, &st);
			next += HZ;
			if (serial_getc() == 0x03)
				break;
		}
		cond_resched();
	}
	for (unsigned int i = 0; i < STRESS_SLOTS; i++)
		if (slots[i].p)
			slot_free(&slots[i], &st);
	shell_printf("stress: done: %lu ops, %lu corrupt; free pages %lu before, %lu after (slab caches and page tables keep some)\n",
		     st.ops, st.corrupt, before, nr_free_pages());
	return 0;
}
