// SPDX-License-Identifier: MIT
/*
 * Benchmarks of the slab allocator (DESIGN.md section 7): kmalloc+kfree
 * pairs at 8, 64, 256, 1024 and 4096 bytes, batches of 1000 kmallocs then
 * 1000 kfrees in allocation order at 64 and 256 bytes, and kzalloc+kfree
 * pairs at 4096 bytes. Each case warms up with a tenth of its loops, times
 * the whole loop, never touches the memory it gets, and hides the size
 * from the compiler. (The memory-efficiency figure is printed by the
 * "slab" test suite's memory_efficiency case.)
 */
#include <kernel/kbench.h>
#include <mm/slab.h>

#define PAIR_LOOPS 100000
#define BATCH 1000
#define BATCH_ROUNDS 100

/* One op: kfree(kmalloc(size)), or kzalloc with @zero. Return: 1 if one failed. */
static int kmalloc_pairs(size_t size, unsigned long loops, bool zero)
{
	gfp_t gfp = zero ? GFP_KERNEL | __GFP_ZERO : GFP_KERNEL;

	for (unsigned long i = 0; i < loops; i++) {
		void *p = kmalloc(size, gfp);

		if (unlikely(!p))
			return 1;
		kfree(p);
	}
	return 0;
}

static int bench_pairs(const char *name, size_t size, unsigned long loops, bool zero)
{
	size_t sz = kbench_opaque(size);
	u64 t0, t1;
	int failed;

	kmalloc_pairs(sz, loops / 10, zero);	/* warm up */
	t0 = kbench_now();
	failed = kmalloc_pairs(sz, loops, zero);
	t1 = kbench_now();
	if (!failed)
		kbench_report(name, sz, loops, t1 - t0);
	return failed;
}

static int bench_kmalloc_pair(void)
{
	static const size_t sizes[] = { 8, 64, 256, 1024, 4096 };
	int failed = 0;

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		failed += bench_pairs("kmalloc_pair", sizes[i], PAIR_LOOPS, false);
	return failed;
}
KBENCH(kmalloc_pair, bench_kmalloc_pair);

static int bench_kzalloc_pair(void)
{
	return bench_pairs("kzalloc_pair", 4096, PAIR_LOOPS, true);
}
KBENCH(kzalloc_pair, bench_kzalloc_pair);

static void *batch[BATCH];

/* One round: BATCH kmallocs, then BATCH kfrees in allocation order; adds the cycles of each. */
static int batch_round(size_t size, u64 *alloc_cycles, u64 *free_cycles)
{
	int failed = 0;
	u64 t0, t1, t2;

	t0 = kbench_now();
	for (int i = 0; i < BATCH; i++)
		batch[i] = kmalloc(size, GFP_KERNEL);
	t1 = kbench_now();
	for (int i = 0; i < BATCH; i++) {
		failed |= !batch[i];
		kfree(batch[i]);
	}
	t2 = kbench_now();
	*alloc_cycles += t1 - t0;
	*free_cycles += t2 - t1;
	return failed;
}

static int bench_batch(size_t size)
{
	size_t sz = kbench_opaque(size);
	u64 alloc_cycles = 0, free_cycles = 0, dummy = 0;
	int failed = 0;

	for (int r = 0; r < BATCH_ROUNDS / 10; r++)	/* warm up */
		failed |= batch_round(sz, &dummy, &dummy);
	for (int r = 0; r < BATCH_ROUNDS; r++)
		failed |= batch_round(sz, &alloc_cycles, &free_cycles);
	if (failed)
		return 1;
	kbench_report("kmalloc_batch1000_alloc", sz, BATCH_ROUNDS * BATCH, alloc_cycles);
	kbench_report("kmalloc_batch1000_free", sz, BATCH_ROUNDS * BATCH, free_cycles);
	return 0;
}

static int bench_kmalloc_batch1000(void)
{
	return bench_batch(64) + bench_batch(256);
}
KBENCH(kmalloc_batch1000, bench_kmalloc_batch1000);
