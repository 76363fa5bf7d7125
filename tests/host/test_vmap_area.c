// SPDX-License-Identifier: MIT
/*
 * Host tests for mm/vmap_area.c, the vmap-area address-space allocator:
 * directed cases for each split and merge, exhaustion, alignment at the top
 * of the address space, node-allocation failure, and a randomized
 * differential test against a reference model (a sorted array of taken
 * ranges searched linearly), with vmap_space_check() after every step.
 */
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "../../mm/vmap_area.h"
#include "htest.h"

#define PG 4096UL

/* ---- Node allocation through malloc, with failure injection ---- */

static long nodes_live;
static int allocs_left = -1;	/* >= 0: node allocations that succeed before failing */

static struct vmap_area *test_alloc_node(void *priv __maybe_unused, gfp_t gfp __maybe_unused)
{
	if (allocs_left == 0)
		return NULL;
	if (allocs_left > 0)
		allocs_left--;
	nodes_live++;
	return calloc(1, sizeof(struct vmap_area));
}

static void test_free_node(void *priv __maybe_unused, struct vmap_area *va)
{
	nodes_live--;
	free(va);
}

static const struct vmap_area_ops test_ops = {
	.alloc_node = test_alloc_node,
	.free_node = test_free_node,
};

static void space_init(struct vmap_space *vs, unsigned long start, unsigned long end)
{
	HT_EXPECT_EQ(vmap_space_init(vs, start, end, &test_ops, NULL, 0), 0);
}

/* Preload, then allocate; returns the area's start or 0 on failure. */
static unsigned long alloc_at(struct vmap_space *vs, unsigned long size, unsigned long align,
			      struct vmap_area **out)
{
	struct vmap_area *va;

	HT_EXPECT_EQ(vmap_space_preload(vs, 0), 0);
	if (vmap_space_alloc(vs, size, align, &va))
		return 0;
	if (out)
		*out = va;
	return va->va_start;
}

static void space_done(struct vmap_space *vs)
{
	HT_EXPECT_EQ(vmap_space_check(vs), 0);
	vmap_space_destroy(vs);
	HT_EXPECT_EQ(nodes_live, 0);
}

/* ---- Directed cases ---- */

static void fit_types_split_right(void)
{
	struct vmap_space vs;
	struct vmap_area *a, *b, *c, *d;
	const unsigned long base = 0x100000;

	space_init(&vs, base, base + 64 * PG);
	/* LE_FIT: from the left of the only block. */
	HT_EXPECT_EQ(alloc_at(&vs, 4 * PG, PG, &a), base);
	HT_EXPECT_EQ(vs.nr_free, 1);
	/* NE_FIT: aligned to 16 pages, in the middle of [base+4p, base+64p). */
	HT_EXPECT_EQ(alloc_at(&vs, 2 * PG, 16 * PG, &b), base + 16 * PG);
	HT_EXPECT_EQ(vs.nr_free, 2);
	/* FL_FIT: exactly the hole [base+4p, base+16p). */
	HT_EXPECT_EQ(alloc_at(&vs, 12 * PG, PG, &c), base + 4 * PG);
	HT_EXPECT_EQ(vs.nr_free, 1);
	/* RE_FIT: the rest ends where the space ends. */
	HT_EXPECT_EQ(alloc_at(&vs, 46 * PG, PG, &d), base + 18 * PG);
	HT_EXPECT_EQ(vs.nr_free, 0);
	HT_EXPECT_EQ(vmap_space_largest_free(&vs), 0);
	HT_EXPECT_EQ(vmap_space_check(&vs), 0);
	HT_EXPECT_EQ(alloc_at(&vs, PG, PG, NULL), 0);
	HT_EXPECT(vmap_space_find(&vs, base + 17 * PG) == b);
	HT_EXPECT(vmap_space_find(&vs, base + 18 * PG) == d);
	HT_EXPECT(vmap_space_find(&vs, base - 1) == NULL);
	HT_EXPECT(vmap_space_find(&vs, base + 64 * PG) == NULL);
	space_done(&vs);
}

static void free_merges_neighbours(void)
{
	struct vmap_space vs;
	struct vmap_area *va[6];
	const unsigned long base = 0x200000;

	space_init(&vs, base, base + 6 * PG);
	for (int i = 0; i < 6; i++)
		HT_EXPECT_EQ(alloc_at(&vs, PG, PG, &va[i]), base + i * PG);
	HT_EXPECT_EQ(vs.nr_free, 0);
	HT_EXPECT_EQ(vmap_space_free(&vs, va[1]), 0);	/* no neighbour */
	HT_EXPECT_EQ(vmap_space_free(&vs, va[3]), 0);	/* no neighbour */
	HT_EXPECT_EQ(vs.nr_free, 2);
	HT_EXPECT_EQ(vmap_space_free(&vs, va[2]), 0);	/* both: 1..3 one block */
	HT_EXPECT_EQ(vs.nr_free, 1);
	HT_EXPECT_EQ(vmap_space_largest_free(&vs), 3 * PG);
	HT_EXPECT_EQ(vmap_space_free(&vs, va[0]), 0);	/* next only */
	HT_EXPECT_EQ(vmap_space_free(&vs, va[4]), 0);	/* prev only */
	HT_EXPECT_EQ(vs.nr_free, 1);
	HT_EXPECT_EQ(vmap_space_largest_free(&vs), 5 * PG);
	HT_EXPECT_EQ(vmap_space_check(&vs), 0);
	HT_EXPECT_EQ(vmap_space_free(&vs, va[5]), 0);
	HT_EXPECT_EQ(vs.nr_free, 1);
	HT_EXPECT_EQ(vs.free_bytes, 6 * PG);
	HT_EXPECT_EQ(vs.nr_busy, 0);
	space_done(&vs);
}

static void detached_range_is_not_reused(void)
{
	struct vmap_space vs;
	struct vmap_area *a, *b;
	const unsigned long base = 0x300000;

	space_init(&vs, base, base + 4 * PG);
	HT_EXPECT_EQ(alloc_at(&vs, 2 * PG, PG, &a), base);
	vmap_space_detach(&vs, a);
	HT_EXPECT(vmap_space_find(&vs, base) == NULL);
	HT_EXPECT_EQ(vmap_space_check(&vs), 0);
	/* Only [base+2p, base+4p) is free; the detached range is skipped. */
	HT_EXPECT_EQ(alloc_at(&vs, 2 * PG, PG, &b), base + 2 * PG);
	HT_EXPECT_EQ(alloc_at(&vs, PG, PG, NULL), 0);
	HT_EXPECT_EQ(vmap_space_release(&vs, a), 0);
	HT_EXPECT_EQ(alloc_at(&vs, PG, PG, NULL), base);
	space_done(&vs);
}

static void bad_release_changes_nothing(void)
{
	struct vmap_space vs;
	struct vmap_area fake = { .va_start = 0x400000 + PG, .va_end = 0x400000 + 2 * PG };
	struct printk_capture cap;
	char buf[256];
	unsigned long free_before;

	space_init(&vs, 0x400000, 0x400000 + 8 * PG);
	HT_EXPECT_EQ(alloc_at(&vs, PG, PG, NULL), 0x400000);
	free_before = vs.free_bytes;
	vs.detached_bytes += PG;	/* as if detached, to keep the books */
	printk_capture_start(&cap, buf, sizeof(buf));
	HT_EXPECT_EQ(vmap_space_release(&vs, &fake), -EINVAL);
	printk_capture_stop(&cap);
	vs.detached_bytes -= PG;
	HT_EXPECT(strstr(buf, "overlaps free space") != NULL);
	HT_EXPECT_EQ(vs.free_bytes, free_before);
	space_done(&vs);
}

static void exhaustion_and_full_recovery(void)
{
	struct vmap_space vs;
	struct vmap_area *va[256];
	const unsigned long base = 0x10000000;
	int n = 0;

	space_init(&vs, base, base + 256 * PG);
	while (n < 256 && alloc_at(&vs, PG, PG, &va[n]))
		n++;
	HT_EXPECT_EQ(n, 256);
	HT_EXPECT_EQ(alloc_at(&vs, PG, PG, NULL), 0);
	for (int i = 0; i < n; i += 2)
		HT_EXPECT_EQ(vmap_space_free(&vs, va[i]), 0);
	HT_EXPECT_EQ(vs.nr_free, 128);
	HT_EXPECT_EQ(alloc_at(&vs, 2 * PG, PG, NULL), 0);	/* fragmented */
	for (int i = 1; i < n; i += 2)
		HT_EXPECT_EQ(vmap_space_free(&vs, va[i]), 0);
	HT_EXPECT_EQ(vs.nr_free, 1);
	HT_EXPECT_EQ(vmap_space_largest_free(&vs), 256 * PG);
	HT_EXPECT_EQ(alloc_at(&vs, 256 * PG, PG, NULL), base);
	space_done(&vs);
}

static void alignment_at_the_top(void)
{
	struct vmap_space vs;
	const unsigned long start = 0xffffc90000000000UL, end = 0xffffe90000000000UL;
	struct vmap_area *va;

	space_init(&vs, start, end);
	HT_EXPECT_EQ(alloc_at(&vs, 5 * PG, 1UL << 40, NULL), start);
	HT_EXPECT_EQ(alloc_at(&vs, PG, 1UL << 44, NULL), 0xffffd00000000000UL);
	HT_EXPECT_EQ(alloc_at(&vs, PG, 1UL << 45, NULL), 0xffffe00000000000UL);
	HT_EXPECT_EQ(vmap_space_preload(&vs, 0), 0);
	HT_EXPECT_EQ(vmap_space_alloc(&vs, PG, 1UL << 46, &va), -ENOSPC);
	HT_EXPECT_EQ(vmap_space_alloc(&vs, PG, 1UL << 63, &va), -ENOSPC);
	HT_EXPECT_EQ(vmap_space_alloc(&vs, ULONG_MAX - PG, PG, &va), -ENOSPC);
	HT_EXPECT_EQ(vmap_space_alloc(&vs, 2 * PG, ULONG_MAX / 2 + 1, &va), -ENOSPC);
	HT_EXPECT_EQ(vmap_space_alloc(&vs, PG, 3 * PG, &va), -EINVAL);
	HT_EXPECT_EQ(vmap_space_alloc(&vs, 0, PG, &va), -EINVAL);
	HT_EXPECT_EQ(vmap_space_alloc(&vs, PG, 0, &va), -EINVAL);
	space_done(&vs);

	/* A space that ends at the last page of the address space. */
	space_init(&vs, 0xfffffffffff00000UL, 0xfffffffffffff000UL);
	HT_EXPECT_EQ(alloc_at(&vs, PG, 1UL << 62, NULL), 0);
	HT_EXPECT_EQ(alloc_at(&vs, PG, 1UL << 16, NULL), 0xfffffffffff00000UL);
	HT_EXPECT_EQ(alloc_at(&vs, PG, PG, NULL), 0xfffffffffff01000UL);
	space_done(&vs);
}

static void node_allocation_failure(void)
{
	struct vmap_space vs;
	struct vmap_area *va, *a;
	unsigned long before;

	allocs_left = 0;
	HT_EXPECT_EQ(vmap_space_init(&vs, 0x100000, 0x200000, &test_ops, NULL, 0), -ENOMEM);
	HT_EXPECT_EQ(nodes_live, 0);
	allocs_left = -1;
	space_init(&vs, 0x100000, 0x200000);
	/* Empty pool: an LE split needs one node. */
	HT_EXPECT_EQ(vmap_space_alloc(&vs, PG, PG, &va), -ENOMEM);
	HT_EXPECT_EQ(vs.nr_busy, 0);
	HT_EXPECT_EQ(vmap_space_check(&vs), 0);
	allocs_left = 0;
	HT_EXPECT_EQ(vmap_space_preload(&vs, 0), -ENOMEM);
	HT_EXPECT_EQ(vs.nr_spare, 0);
	allocs_left = 1;
	HT_EXPECT_EQ(vmap_space_preload(&vs, 0), -ENOMEM);	/* second of two fails */
	HT_EXPECT_EQ(vs.nr_spare, 1);
	allocs_left = -1;
	HT_EXPECT_EQ(vmap_space_alloc(&vs, PG, PG, &a), 0);	/* LE: one is enough */
	/* NE split needs two, the pool has none. */
	before = vs.free_bytes;
	HT_EXPECT_EQ(vmap_space_alloc(&vs, PG, 16 * PG, &va), -ENOMEM);
	HT_EXPECT_EQ(vs.free_bytes, before);
	HT_EXPECT_EQ(vmap_space_check(&vs), 0);
	/* Nodes handed in one at a time (what vmalloc does under its lock). */
	HT_EXPECT(vmap_space_add_spare(&vs, test_alloc_node(NULL, 0)));
	HT_EXPECT_EQ(vmap_space_alloc(&vs, PG, 16 * PG, &va), -ENOMEM);
	HT_EXPECT(vmap_space_add_spare(&vs, test_alloc_node(NULL, 0)));
	a = test_alloc_node(NULL, 0);
	HT_EXPECT(!vmap_space_add_spare(&vs, a));	/* the pool is full */
	test_free_node(NULL, a);
	HT_EXPECT_EQ(vmap_space_alloc(&vs, PG, 16 * PG, &va), 0);
	HT_EXPECT_EQ(va->va_start, 0x110000);
	space_done(&vs);
}

/*
 * Many blocks big enough but misaligned, then an exact aligned fit, then a
 * block sure to fit. Without a limit the walk reaches the exact fit; with
 * limit 0 it gives up on near-fits at once and takes the sure block.
 */
static void nearmiss_limit_bounds_the_walk(void)
{
	struct vmap_space vs;
	struct vmap_area *va[200];
	const unsigned long base = 0x1000000;
	int n;

	for (int limit = 0; limit < 2; limit++) {
		space_init(&vs, base, base + 1024 * PG);
		for (n = 0; n < 200; n++)
			HT_EXPECT_EQ(alloc_at(&vs, PG, PG, &va[n]), base + n * PG);
		/* 2-page holes at odd page offsets: none is 2-page aligned. */
		for (n = 1; n < 180; n += 4) {
			vmap_space_free(&vs, va[n]);
			vmap_space_free(&vs, va[n + 1]);
		}
		vmap_space_free(&vs, va[186]);	/* an aligned 2-page hole */
		vmap_space_free(&vs, va[187]);
		vmap_space_free(&vs, va[197]);	/* joins the free tail [200p, 1024p) */
		vmap_space_free(&vs, va[198]);
		vmap_space_free(&vs, va[199]);
		vs.nearmiss_limit = limit ? ULONG_MAX : 0;
		HT_EXPECT_EQ(alloc_at(&vs, 2 * PG, 2 * PG, NULL),
			     base + (limit ? 186 : 198) * PG);
		HT_EXPECT_EQ(vmap_space_check(&vs), 0);
		space_done(&vs);
	}
}

/* ---- Randomized differential test against a reference model ---- */

#define MODEL_MAX 4096

struct model_range {
	unsigned long start, end;
	struct vmap_area *va;	/* NULL: detached, waiting to be released */
};

static struct model_range model[MODEL_MAX];
static int model_n;
static unsigned long long rng;

static unsigned long rnd(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned long)(rng >> 33);
}

/* The model's answer: the lowest aligned fit, scanning gaps between taken ranges. */
static bool model_find(unsigned long lo, unsigned long hi, unsigned long size,
		       unsigned long align, unsigned long *addr)
{
	unsigned long gap_start = lo;

	for (int i = 0; i <= model_n; i++) {
		unsigned long gap_end = i < model_n ? model[i].start : hi;
		unsigned long a = (gap_start + align - 1) & ~(align - 1);

		if (a >= gap_start && a < gap_end && gap_end - a >= size) {
			*addr = a;
			return true;
		}
		if (i < model_n)
			gap_start = model[i].end;
	}
	return false;
}

/* Return: true if [start, end) leaves the space or meets a taken range. */
static bool model_overlaps(const struct vmap_space *vs, unsigned long start, unsigned long end)
{
	if (start < vs->start || end > vs->end || end <= start)
		return true;
	for (int i = 0; i < model_n; i++)
		if (start < model[i].end && model[i].start < end)
			return true;
	return false;
}

static void model_insert(unsigned long start, unsigned long end, struct vmap_area *va)
{
	int i = model_n;

	while (i > 0 && model[i - 1].start > start) {
		model[i] = model[i - 1];
		i--;
	}
	model[i] = (struct model_range){ start, end, va };
	model_n++;
}

static void model_remove(int i)
{
	memmove(&model[i], &model[i + 1], (model_n - i - 1) * sizeof(model[0]));
	model_n--;
}

/* Return: the model's busy range containing @addr, or NULL. */
static struct vmap_area *model_lookup(unsigned long addr)
{
	for (int i = 0; i < model_n; i++)
		if (model[i].va && addr >= model[i].start && addr < model[i].end)
			return model[i].va;
	return NULL;
}

static unsigned long random_size(void)
{
	switch (rnd() % 8) {
	case 0:
		return (1 + rnd() % 200) * PG;
	case 1:
		return (1 + rnd() % 4000) * PG;
	default:
		return (1 + rnd() % 8) * PG;
	}
}

static unsigned long random_align(void)
{
	switch (rnd() % 8) {
	case 0:
		return 1UL << (12 + rnd() % 12);
	case 1:
		return 1UL << (rnd() % 64);	/* sub-page and absurd ones too */
	default:
		return PG;
	}
}

struct diff_stats {
	unsigned long allocs, nospc, frees, releases, mismatches, bad_checks;
};

static void diff_alloc(struct vmap_space *vs, bool exact, struct diff_stats *st)
{
	unsigned long size = random_size(), align = random_align(), want = 0, got;
	bool fits = model_find(vs->start, vs->end, size, align, &want);
	struct vmap_area *va;
	int ret;

	if (model_n >= MODEL_MAX - 1)
		return;
	HT_EXPECT_EQ(vmap_space_preload(vs, 0), 0);
	ret = vmap_space_alloc(vs, size, align, &va);
	if (ret) {
		st->nospc++;
		if (ret != -ENOSPC || fits) {
			printf("# alloc %#lx align %#lx: %d, model %s %#lx\n", size, align, ret,
			       fits ? "fits at" : "no fit", want);
			st->mismatches++;
		}
		return;
	}
	got = va->va_start;
	st->allocs++;
	if (!fits || (exact && got != want) || (got & (align - 1)) ||
	    va->va_end - got != size || model_overlaps(vs, got, got + size)) {
		printf("# alloc %#lx align %#lx: got %#lx, model %#lx\n", size, align, got, want);
		st->mismatches++;
	}
	model_insert(got, got + size, va);
}

static void diff_free(struct vmap_space *vs, bool lazy, struct diff_stats *st)
{
	int i = (int)(rnd() % model_n);

	if (!model[i].va) {
		/* A detached one: release it (the "purge"). */
		struct vmap_area *va = calloc(1, sizeof(*va));

		nodes_live++;
		va->va_start = model[i].start;
		va->va_end = model[i].end;
		if (vmap_space_release(vs, va))
			st->mismatches++;
		model_remove(i);
		st->releases++;
		return;
	}
	if (lazy && rnd() % 2) {
		vmap_space_detach(vs, model[i].va);
		test_free_node(NULL, model[i].va);	/* the owner keeps its own record */
		model[i].va = NULL;
	} else {
		if (vmap_space_free(vs, model[i].va))
			st->mismatches++;
		model_remove(i);
	}
	st->frees++;
}

static void diff_lookup(struct vmap_space *vs, struct diff_stats *st)
{
	unsigned long addr = vs->start + rnd() % (vs->end - vs->start);

	if (model_n && rnd() % 2)
		addr = model[rnd() % model_n].start + rnd() % (2 * PG) - PG;
	if (vmap_space_find(vs, addr) != model_lookup(addr)) {
		printf("# lookup %#lx disagrees\n", addr);
		st->mismatches++;
	}
}

static void differential(unsigned long long seed, unsigned long pages, bool exact, bool lazy,
			 int steps)
{
	struct vmap_space vs;
	struct diff_stats st = { 0 };
	const unsigned long base = 0xffffc90000000000UL;

	rng = seed;
	model_n = 0;
	space_init(&vs, base, base + pages * PG);
	vs.nearmiss_limit = exact ? ULONG_MAX : rnd() % 3;
	for (int s = 0; s < steps; s++) {
		unsigned int op = rnd() % 16;

		if (op < 8)
			diff_alloc(&vs, exact, &st);
		else if (op < 15 && model_n)
			diff_free(&vs, lazy, &st);
		else
			diff_lookup(&vs, &st);
		if (vmap_space_check(&vs))
			st.bad_checks++;
		if (st.mismatches || st.bad_checks)
			break;
	}
	HT_EXPECT_EQ(st.mismatches, 0);
	HT_EXPECT_EQ(st.bad_checks, 0);
	HT_EXPECT(st.allocs > (unsigned long)steps / 8);
	HT_EXPECT(st.nospc > 0);	/* the space did run out sometimes */
	/* Free everything: one free block covering the whole range again. */
	while (model_n)
		diff_free(&vs, false, &st);
	HT_EXPECT_EQ(vs.nr_free, 1);
	HT_EXPECT_EQ(vs.free_bytes, pages * PG);
	HT_EXPECT_EQ(vs.detached_bytes, 0);
	printf("# seed %llu: %lu allocs, %lu no space, %lu frees, %lu releases\n", seed,
	       st.allocs, st.nospc, st.frees, st.releases);
	space_done(&vs);
}

static void differential_exact(void)
{
	differential(1, 8192, true, false, 20000);
	differential(2, 2048, true, false, 20000);
}

static void differential_lazy_release(void)
{
	differential(3, 8192, true, true, 20000);
	differential(4, 1024, true, true, 20000);
}

static void differential_nearmiss_limited(void)
{
	differential(5, 8192, false, true, 20000);
	differential(6, 4096, false, false, 20000);
}

int main(void)
{
	static const struct htest_case cases[] = {
		HT_CASE(fit_types_split_right),
		HT_CASE(free_merges_neighbours),
		HT_CASE(detached_range_is_not_reused),
		HT_CASE(bad_release_changes_nothing),
		HT_CASE(exhaustion_and_full_recovery),
		HT_CASE(alignment_at_the_top),
		HT_CASE(node_allocation_failure),
		HT_CASE(nearmiss_limit_bounds_the_walk),
		HT_CASE(differential_exact),
		HT_CASE(differential_lazy_release),
		HT_CASE(differential_nearmiss_limited),
	};

	return htest_main(cases, sizeof(cases) / sizeof(cases[0]));
}
