// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * kbench_linux: mm-kernel's benchmarks (DESIGN.md section 7) as a Linux
 * module, so that tools/bench --vs-linux can hold the two kernels against
 * each other in the same QEMU. Loading it runs every case three rounds in
 * the insmod process (process context, interrupts on, the tick running,
 * exactly like the kbench= boot of mm-kernel) and prints the same lines:
 *
 *   kbench: <name> size=<bytes> loops=<n> ns_per_op=<x> cycles_per_op=<y>
 *   Summary: <test> passed: N failed: N repeat: N loops: N avg: N usec
 *   kbench: done failures=<n> total_ms=<ms>
 *
 * Same cases, sizes, loop counts, warm-up (a tenth of the loops), order
 * and timing method as tests/kernel/bench_{page_alloc,scale,slab,vmalloc}.c:
 * the whole loop is timed with get_cycles() (RDTSC), ns come from the
 * kernel's own tsc_khz. The Summary: cases are lib/test_vmalloc.c's with
 * test_loop_count=10000, test_repeat_count=1, one worker. Debian does not
 * ship test_vmalloc.ko and does not export __vmalloc_node(), which the
 * three *_align_* cases need; it is found through kallsyms_lookup_name(),
 * whose address a kprobe reveals. Without CONFIG_KPROBES those three are
 * reported as failed.
 *
 * The module stays loaded; the initramfs's /init powers the machine off.
 */
#include <linux/gfp.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/timex.h>
#include <linux/vmalloc.h>
#include <asm/tsc.h>

#define ROUNDS 3
#define TEST_LOOP_COUNT 10000
#define TEST_REPEAT_COUNT 1
#define SCALE_LOOPS 10000

typedef void *(*vmalloc_node_fn)(unsigned long size, unsigned long align, gfp_t gfp,
				 int node, const void *caller);
static vmalloc_node_fn vmalloc_node_aligned;	/* Linux's __vmalloc_node, or NULL */

/* As kbench_report() in kernel/kbench.c: per-op figures with two decimals. */
static void kbench_report(const char *name, size_t size, unsigned long loops, u64 cycles)
{
	u64 per_op_c100 = loops ? div64_u64(cycles * 100, loops) : 0;
	u64 ns_x100 = tsc_khz ? div64_u64(per_op_c100 * 1000000, tsc_khz) : 0;

	pr_info("kbench: %s size=%zu loops=%lu ns_per_op=%llu.%02llu cycles_per_op=%llu.%02llu\n",
		name, size, loops, ns_x100 / 100, ns_x100 % 100, per_op_c100 / 100,
		per_op_c100 % 100);
}

static size_t opaque(size_t v)
{
	OPTIMIZER_HIDE_VAR(v);
	return v;
}

/* ---- alloc_pages_order0 / alloc_pages_order3 ---------------------------- */

static int page_pairs(unsigned int order, unsigned long loops)
{
	unsigned long i;

	for (i = 0; i < loops; i++) {
		struct page *p = alloc_pages(GFP_KERNEL, order);

		if (unlikely(!p))
			return 1;
		__free_pages(p, order);
	}
	return 0;
}

static int bench_pages(const char *name, unsigned int order, unsigned long loops)
{
	unsigned int o = opaque(order);
	u64 t0, t1;
	int failed;

	page_pairs(o, loops / 10);
	t0 = get_cycles();
	failed = page_pairs(o, loops);
	t1 = get_cycles();
	if (!failed)
		kbench_report(name, PAGE_SIZE << o, loops, t1 - t0);
	return failed;
}

/* ---- vmalloc_pair_live<N> (tests/kernel/bench_scale.c) ------------------- */

static int vmalloc_with_live(const char *name, int live)
{
	void **areas = vmalloc(live * sizeof(void *));
	size_t size = opaque(PAGE_SIZE);
	int failures = 0, i;
	unsigned long j;
	u64 t0, t1;

	if (!areas)
		return 1;
	for (i = 0; i < live; i++)
		failures += !(areas[i] = vmalloc(PAGE_SIZE));
	for (j = 0; j < SCALE_LOOPS / 10; j++)
		vfree(vmalloc(size));
	t0 = get_cycles();
	for (j = 0; j < SCALE_LOOPS; j++) {
		void *p = vmalloc(size);

		failures += !p;
		vfree(p);
	}
	t1 = get_cycles();
	if (!failures)
		kbench_report(name, size, SCALE_LOOPS, t1 - t0);
	for (i = 0; i < live; i++)
		vfree(areas[i]);
	vfree(areas);
	return failures;
}

static int bench_scale(void)
{
	return vmalloc_with_live("vmalloc_pair_live1", 1) +
	       vmalloc_with_live("vmalloc_pair_live1000", 1000) +
	       vmalloc_with_live("vmalloc_pair_live15000", 15000);
}

/* ---- kmalloc_pair, kzalloc_pair, kmalloc_batch1000 ----------------------- */

#define PAIR_LOOPS 100000
#define BATCH 1000
#define BATCH_ROUNDS 100

static int kmalloc_pairs(size_t size, unsigned long loops, bool zero)
{
	gfp_t gfp = zero ? GFP_KERNEL | __GFP_ZERO : GFP_KERNEL;
	unsigned long i;

	for (i = 0; i < loops; i++) {
		void *p = kmalloc(size, gfp);

		if (unlikely(!p))
			return 1;
		kfree(p);
	}
	return 0;
}

static int bench_pairs(const char *name, size_t size, unsigned long loops, bool zero)
{
	size_t sz = opaque(size);
	u64 t0, t1;
	int failed;

	kmalloc_pairs(sz, loops / 10, zero);
	t0 = get_cycles();
	failed = kmalloc_pairs(sz, loops, zero);
	t1 = get_cycles();
	if (!failed)
		kbench_report(name, sz, loops, t1 - t0);
	return failed;
}

static void *batch[BATCH];

static int batch_round(size_t size, u64 *alloc_cycles, u64 *free_cycles)
{
	int failed = 0, i;
	u64 t0, t1, t2;

	t0 = get_cycles();
	for (i = 0; i < BATCH; i++)
		batch[i] = kmalloc(size, GFP_KERNEL);
	t1 = get_cycles();
	for (i = 0; i < BATCH; i++) {
		failed |= !batch[i];
		kfree(batch[i]);
	}
	t2 = get_cycles();
	*alloc_cycles += t1 - t0;
	*free_cycles += t2 - t1;
	return failed;
}

static int bench_batch(size_t size)
{
	size_t sz = opaque(size);
	u64 alloc_cycles = 0, free_cycles = 0, dummy = 0;
	int failed = 0, r;

	for (r = 0; r < BATCH_ROUNDS / 10; r++)
		failed |= batch_round(sz, &dummy, &dummy);
	for (r = 0; r < BATCH_ROUNDS; r++)
		failed |= batch_round(sz, &alloc_cycles, &free_cycles);
	if (failed)
		return 1;
	kbench_report("kmalloc_batch1000_alloc", sz, BATCH_ROUNDS * BATCH, alloc_cycles);
	kbench_report("kmalloc_batch1000_free", sz, BATCH_ROUNDS * BATCH, free_cycles);
	return 0;
}

static int bench_kmalloc_pair(void)
{
	static const size_t sizes[] = { 8, 64, 256, 1024, 4096 };
	int failed = 0, i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		failed += bench_pairs("kmalloc_pair", sizes[i], PAIR_LOOPS, false);
	return failed;
}

/* ---- vmalloc_pair, vzalloc_pair, and lib/test_vmalloc.c's cases ---------- */

static unsigned long long prandom_state = 1;

/* The generator of tests/kernel/bench_vmalloc.c, so the sizes match. */
static unsigned int prandom_u32_lcg(void)
{
	prandom_state = prandom_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(prandom_state >> 32);
}

static int vpair_case(const char *name, size_t size, unsigned long loops, bool zero)
{
	unsigned long warm = loops / 10, i;
	int failures = 0;
	u64 t0;

	size = opaque(size);
	for (i = 0; i < warm; i++)
		vfree(zero ? vzalloc(size) : vmalloc(size));
	t0 = get_cycles();
	for (i = 0; i < loops; i++) {
		void *p = zero ? vzalloc(size) : vmalloc(size);

		failures += !p;
		vfree(p);
	}
	kbench_report(name, size, loops, get_cycles() - t0);
	return failures;
}

static int pair_with_busy_list(void)
{
	void **ptr = vmalloc(sizeof(void *) * 15000);
	int failures = 0, i;

	if (!ptr)
		return 1;
	for (i = 0; i < 15000; i++)
		failures += !(ptr[i] = vmalloc(PAGE_SIZE));
	failures += vpair_case("vmalloc_pair_15000_busy", PAGE_SIZE, 10000, false);
	for (i = 0; i < 15000; i++)
		vfree(ptr[i]);
	vfree(ptr);
	return failures;
}

static int fix_size_alloc_test(void)
{
	int i;

	for (i = 0; i < TEST_LOOP_COUNT; i++) {
		char *p = vmalloc(PAGE_SIZE);

		if (!p)
			return -1;
		*p = 1;
		vfree(p);
	}
	return 0;
}

static int full_fit_alloc_test(void)
{
	const int junk_length = (32 << 20) / PAGE_SIZE;	/* fls(1 CPU) * 32 MiB */
	void **ptr = vmalloc(sizeof(void *) * junk_length);
	void **junk = vmalloc(sizeof(void *) * junk_length);
	int rv = -1, i;

	if (!ptr || !junk)
		goto out;
	for (i = 0; i < junk_length; i++) {
		ptr[i] = vmalloc(PAGE_SIZE);
		junk[i] = vmalloc(PAGE_SIZE);
	}
	for (i = 0; i < junk_length; i++)
		vfree(junk[i]);
	for (i = 0; i < TEST_LOOP_COUNT; i++) {
		char *p = vmalloc(PAGE_SIZE);

		if (!p)
			goto free;
		*p = 1;
		vfree(p);
	}
	rv = 0;
free:
	for (i = 0; i < junk_length; i++)
		vfree(ptr[i]);
out:
	vfree(ptr);
	vfree(junk);
	return rv;
}

static int long_busy_list_alloc_test(void)
{
	void **ptr = vmalloc(sizeof(void *) * 15000);
	int rv = -1, i;

	if (!ptr)
		return rv;
	for (i = 0; i < 15000; i++)
		ptr[i] = vmalloc(PAGE_SIZE);
	for (i = 0; i < TEST_LOOP_COUNT; i++) {
		char *p1 = vmalloc(100 * PAGE_SIZE), *p2;

		if (!p1)
			goto leave;
		p2 = vmalloc(PAGE_SIZE);
		if (!p2) {
			vfree(p1);
			goto leave;
		}
		*p1 = 0;
		*p2 = 1;
		vfree(p1);
		vfree(p2);
	}
	rv = 0;
leave:
	for (i = 0; i < 15000; i++)
		vfree(ptr[i]);
	vfree(ptr);
	return rv;
}

static int random_size_alloc_test(void)
{
	int i;

	for (i = 0; i < TEST_LOOP_COUNT; i++) {
		unsigned int n = prandom_u32_lcg() % 100 + 1;
		char *p = vmalloc(n * PAGE_SIZE);

		if (!p)
			return -1;
		*p = 1;
		vfree(p);
	}
	return 0;
}

static void *aligned(unsigned long size, unsigned long align, gfp_t gfp)
{
	return vmalloc_node_aligned(size, align, gfp, NUMA_NO_NODE,
				    __builtin_return_address(0));
}

static int fix_align_alloc_test(void)
{
	int i;

	if (!vmalloc_node_aligned)
		return -1;
	for (i = 0; i < TEST_LOOP_COUNT; i++) {
		void *p = aligned(5 * PAGE_SIZE, THREAD_ALIGN << 1, GFP_KERNEL | __GFP_ZERO);

		if (!p)
			return -1;
		vfree(p);
	}
	return 0;
}

static int random_size_align_alloc_test(void)
{
	int i;

	if (!vmalloc_node_aligned)
		return -1;
	for (i = 0; i < TEST_LOOP_COUNT; i++) {
		unsigned int rnd = prandom_u32_lcg() & 0xff;
		unsigned long align = 1UL << (rnd % 23);
		unsigned long size = (rnd % 10 + 1) * PAGE_SIZE;
		void *p = aligned(size, align, GFP_KERNEL | __GFP_ZERO);

		if (!p)
			return -1;
		vfree(p);
	}
	return 0;
}

/* "This test case is supposed to be failed": alignments run out. */
static int align_shift_alloc_test(void)
{
	int i;

	if (!vmalloc_node_aligned)
		return -1;
	for (i = 0; i < BITS_PER_LONG; i++) {
		void *p = aligned(PAGE_SIZE, 1UL << i,
				  GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);

		if (!p)
			return -1;
		vfree(p);
	}
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(void);
	bool xfail;
	bool needs_node;
} test_cases[] = {
	{ "fix_size_alloc_test", fix_size_alloc_test, false, false },
	{ "full_fit_alloc_test", full_fit_alloc_test, false, false },
	{ "long_busy_list_alloc_test", long_busy_list_alloc_test, false, false },
	{ "random_size_alloc_test", random_size_alloc_test, false, false },
	{ "fix_align_alloc_test", fix_align_alloc_test, false, true },
	{ "random_size_align_alloc_test", random_size_align_alloc_test, false, true },
	{ "align_shift_alloc_test", align_shift_alloc_test, true, true },
};

static int test_vmalloc_cases(void)
{
	u64 all = get_cycles();
	int failures = 0, c, r;

	for (c = 0; c < ARRAY_SIZE(test_cases); c++) {
		int passed = 0, failed = 0;
		u64 t0 = get_cycles(), usec;

		for (r = 0; r < TEST_REPEAT_COUNT; r++) {
			if (test_cases[c].fn())
				failed++;
			else
				passed++;
		}
		vm_unmap_aliases();
		usec = tsc_khz ? div64_u64((get_cycles() - t0) * 1000, tsc_khz) / TEST_REPEAT_COUNT : 0;
		pr_info("Summary: %s passed: %d failed: %d repeat: %d loops: %d avg: %llu usec\n",
			test_cases[c].name, passed, failed, TEST_REPEAT_COUNT, TEST_LOOP_COUNT, usec);
		if (!test_cases[c].xfail || (test_cases[c].needs_node && !vmalloc_node_aligned))
			failures += failed;
	}
	pr_info("All test took worker0=%llu cycles\n", (u64)(get_cycles() - all));
	return failures;
}

static int bench_vmalloc(void)
{
	int failures = 0;

	failures += vpair_case("vmalloc_pair", PAGE_SIZE, 10000, false);
	failures += vpair_case("vmalloc_pair", 16 * PAGE_SIZE, 2000, false);
	failures += vpair_case("vmalloc_pair", 256 * PAGE_SIZE, 200, false);
	failures += vpair_case("vzalloc_pair", 64 << 10, 2000, true);
	failures += pair_with_busy_list();
	failures += test_vmalloc_cases();
	return failures;
}

/* ---- the runner ---------------------------------------------------------- */

/* __vmalloc_node is not exported: ask kallsyms, found through a kprobe. */
static void find_vmalloc_node(void)
{
#ifdef CONFIG_KPROBES
	unsigned long (*lookup)(const char *name);
	struct kprobe kp = { .symbol_name = "kallsyms_lookup_name" };

	if (register_kprobe(&kp) < 0) {
		pr_warn("kbench: no kprobe on kallsyms_lookup_name: *_align_* cases fail\n");
		return;
	}
	lookup = (void *)kp.addr;
	unregister_kprobe(&kp);
	vmalloc_node_aligned = (vmalloc_node_fn)lookup("__vmalloc_node");
#endif
	if (!vmalloc_node_aligned)
		pr_warn("kbench: __vmalloc_node not found: *_align_* cases fail\n");
}

static int __init kbench_linux_init(void)
{
	u64 start = get_cycles();
	int failures = 0, r;

	find_vmalloc_node();
	pr_info("kbench: tsc_khz=%u\n", tsc_khz);
	/* The order of mm-kernel's .kbench section (kbench=all). */
	for (r = 1; r <= ROUNDS; r++) {
		pr_info("kbench: round %d of %d\n", r, ROUNDS);
		failures += bench_pages("alloc_pages_order3", 3, 100000);
		failures += bench_pages("alloc_pages_order0", 0, 100000);
		failures += bench_scale();
		failures += bench_batch(64) + bench_batch(256);
		failures += bench_pairs("kzalloc_pair", 4096, PAIR_LOOPS, true);
		failures += bench_kmalloc_pair();
		failures += bench_vmalloc();
	}
	pr_info("kbench: done failures=%d total_ms=%llu\n", failures,
		tsc_khz ? div64_u64(get_cycles() - start, tsc_khz) : 0ULL);
	return 0;
}

static void __exit kbench_linux_exit(void)
{
}

module_init(kbench_linux_init);
module_exit(kbench_linux_exit);
MODULE_DESCRIPTION("mm-kernel's kbench cases on Linux");
MODULE_LICENSE("Dual MIT/GPL");
