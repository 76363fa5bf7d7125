// SPDX-License-Identifier: MIT
/*
 * Suite "module": the module loader (kernel/module.c) with the modules the
 * build puts on the ISO as multiboot2 modules (modules/meson.build):
 *
 *   sample_alloc  load, run, unload: code in the module area, text RX,
 *                 rodata R+NX, data RW+NX, W^X check, vmallocinfo, and
 *                 free pages, slab objects and vmalloc space exactly as
 *                 before; parameters; a second load refused; 50 loads
 *   ktest_mod     its KTEST_SUITE() is found and run here
 *   bad_*, init_fail, truncated
 *                 each refused with its message, nothing left behind
 *   fuzz          truncated and bit-flipped copies of ktest_mod.ko (which
 *                 has no init, so a flip never runs module code): each
 *                 either refused or loaded and removed cleanly, no leak
 *
 * Booted without the modules (runner.py --kernel without --module) every
 * case is skipped with the reason.
 */
#include <arch/irqflags.h>
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <kernel/bootinfo.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/module.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include "../../mm/slab_priv.h"	/* slab_caches */

#define CAPTURE_SIZE 8192

/* The figures a load + unload must leave exactly as they were. */
struct mod_snap {
	unsigned long free_pages;
	unsigned long vmap_free;
	unsigned long vmalloc_pages;
	unsigned long slab_objs;
	unsigned long nr_caches;
};

/* Objects in use over every cache, and how many caches exist. */
static void slab_totals(unsigned long *objs, unsigned long *caches, unsigned long *vmap_pages)
{
	struct slabinfo info;
	struct kmem_cache *s;
	unsigned long flags;

	*objs = *caches = *vmap_pages = 0;
	local_irq_save(flags);
	list_for_each_entry(s, &slab_caches, list) {
		kmem_cache_get_info(s, &info);
		(*caches)++;
		/* vmalloc's node cache fragments with history: its pages count as free. */
		if (!strcmp(kmem_cache_name(s), "vmap_area"))
			*vmap_pages += info.num_slabs << info.cache_order;
		else
			*objs += info.active_objs;
	}
	local_irq_restore(flags);
}

static void mod_snapshot(struct mod_snap *s)
{
	unsigned long vmap_pages;

	vm_unmap_aliases();		/* lazily freed areas become free space */
	shrink_all(GFP_KERNEL);		/* empty slabs back to the buddy allocator */
	slab_totals(&s->slab_objs, &s->nr_caches, &vmap_pages);
	/* Page tables made for a new range stay, as in Linux: count them as free. */
	s->free_pages = nr_free_pages() + arch_mmu_pt_pages() + vmap_pages;
	s->vmap_free = vmap_free_bytes();
	s->vmalloc_pages = vmalloc_nr_pages();
}

static void expect_same(struct ktest *t, const struct mod_snap *before)
{
	struct mod_snap after;

	mod_snapshot(&after);
	KTEST_EXPECT_EQ(t, after.free_pages, before->free_pages);
	KTEST_EXPECT_EQ(t, after.vmap_free, before->vmap_free);
	KTEST_EXPECT_EQ(t, after.vmalloc_pages, before->vmalloc_pages);
	KTEST_EXPECT_EQ(t, after.slab_objs, before->slab_objs);
	KTEST_EXPECT_EQ(t, after.nr_caches, before->nr_caches);
	KTEST_EXPECT_EQ(t, vmalloc_check(), 0U);
}

static void need_module(struct ktest *t, const char *name)
{
	if (!find_boot_module(name))
		ktest_skip(t, "modules not on this ISO (mkiso.py --module; runner.py --module)");
}

/* Load and unload once, so page tables and caches exist before measuring. */
static void warm_up(struct ktest *t, const char *name)
{
	KTEST_ASSERT_EQ(t, load_boot_module(name, NULL), 0);
	KTEST_ASSERT_EQ(t, delete_module(name), 0);
}

/* Every page of [start, start + size) mapped with exactly @want (W and X bits). */
static void expect_prot(struct ktest *t, unsigned long start, unsigned long size,
			unsigned int want, const char *what)
{
	for (unsigned long a = start; a < start + size; a += PAGE_SIZE) {
		unsigned int flags = 0;

		if (!arch_mmu_query(a, NULL, &flags, NULL) ||
		    (flags & (MMU_WRITE | MMU_EXEC)) != want) {
			ktest_printf(t, "%s page %#lx: flags %#x, want %#x", what, a, flags, want);
			KTEST_EXPECT_TRUE(t, false);
			return;
		}
	}
}

/* The loaded module's memory: where it is and how it is mapped. */
static void check_loaded(struct ktest *t, const struct module *mod)
{
	unsigned long base = (unsigned long)mod->base;
	struct vm_struct *vm = find_vm_area(mod->base);

	KTEST_EXPECT_EQ(t, mod->state, MODULE_STATE_LIVE);
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr(mod->base));
	KTEST_EXPECT_GE(t, base, MODULES_VADDR);
	KTEST_EXPECT_LE(t, base + mod->size, MODULES_END);
	/* Its init ran from here: the module area, which vmalloc manages. */
	KTEST_ASSERT_NOT_NULL(t, mod->init);
	KTEST_EXPECT_TRUE(t, is_vmalloc_addr(mod->init));
	KTEST_EXPECT_LT(t, (unsigned long)mod->init - base, mod->text_size);
	KTEST_ASSERT_NOT_NULL(t, vm);
	KTEST_EXPECT_PTR_EQ(t, vm->addr, mod->base);
	KTEST_EXPECT_TRUE(t, is_kernel_text((unsigned long)vm->caller));
	KTEST_EXPECT_GT(t, mod->text_size, 0UL);
	KTEST_EXPECT_GT(t, mod->ro_size, mod->text_size);
	KTEST_EXPECT_GT(t, mod->size, mod->ro_size);
	expect_prot(t, base, mod->text_size, MMU_EXEC, "text");
	expect_prot(t, base + mod->text_size, mod->ro_size - mod->text_size, 0, "rodata");
	expect_prot(t, base + mod->ro_size, mod->size - mod->ro_size, MMU_WRITE, "data");
	KTEST_EXPECT_FALSE(t, arch_mmu_query(base + mod->size, NULL, NULL, NULL)); /* guard */
	KTEST_EXPECT_EQ(t, ptdump_check_wx(), 0UL);
	KTEST_EXPECT_STREQ(t, mod->license, "GPL");
	KTEST_EXPECT_NOT_NULL(t, mod->description);
}

/* Does vmallocinfo list an area at @base, allocated by the module loader? */
static bool vmallocinfo_shows(unsigned long base, char *buf)
{
	struct printk_capture cap;
	char want[24];
	const char *line;

	printk_capture_start(&cap, buf, CAPTURE_SIZE);
	show_vmallocinfo();
	printk_capture_stop(&cap);
	snprintf(want, sizeof(want), "0x%016lx-", base);
	line = strstr(buf, want);
	if (!line)
		return false;
	line = strstr(line, "_module+");	/* load_module/move_module: the loader */
	return line && line < strchr(strstr(buf, want), '\n');
}

static void sample_load_run_unload(struct ktest *t)
{
	struct mod_snap before;
	struct module *mod;
	unsigned long base;
	char *buf;

	need_module(t, "sample_alloc");
	warm_up(t, "sample_alloc");
	buf = kzalloc(CAPTURE_SIZE, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, buf);
	mod_snapshot(&before);
	KTEST_ASSERT_EQ(t, load_boot_module("sample_alloc", NULL), 0);
	mod = find_module("sample_alloc");
	KTEST_ASSERT_NOT_NULL(t, mod);
	base = (unsigned long)mod->base;
	check_loaded(t, mod);
	KTEST_EXPECT_TRUE(t, vmallocinfo_shows(base, buf));
	KTEST_EXPECT_EQ(t, delete_module("sample_alloc"), 0);
	KTEST_EXPECT_NULL(t, find_module("sample_alloc"));
	KTEST_EXPECT_FALSE(t, arch_mmu_query(base, NULL, NULL, NULL));
	expect_same(t, &before);
	memset(buf, 0, CAPTURE_SIZE);
	KTEST_EXPECT_FALSE(t, vmallocinfo_shows(base, buf));
	kfree(buf);
}

static void sample_parameters(struct ktest *t)
{
	struct printk_capture cap;
	char buf[512] = "";

	need_module(t, "sample_alloc");
	printk_capture_start(&cap, buf, sizeof(buf));
	KTEST_EXPECT_EQ(t, load_boot_module("sample_alloc", "nr_objs=3 vmalloc_kb=16 bogus=1"), 0);
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "sample_alloc: unknown parameter 'bogus' ignored"));
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "3 objects"));
	KTEST_EXPECT_NOT_NULL(t, strstr(buf, "vmalloc(16 KiB)"));
	KTEST_EXPECT_EQ(t, delete_module("sample_alloc"), 0);
	/* A bad value fails the load; init's own check too. */
	KTEST_EXPECT_EQ(t, load_boot_module("sample_alloc", "nr_objs=many"), -EINVAL);
	KTEST_EXPECT_EQ(t, load_boot_module("sample_alloc", "nr_objs=1000"), -EINVAL);
	KTEST_EXPECT_NULL(t, find_module("sample_alloc"));
}

static void load_twice_refused(struct ktest *t)
{
	need_module(t, "sample_alloc");
	KTEST_ASSERT_EQ(t, load_boot_module("sample_alloc", NULL), 0);
	KTEST_EXPECT_EQ(t, load_boot_module("sample_alloc.ko", NULL), -EEXIST);
	KTEST_EXPECT_EQ(t, delete_module("sample_alloc"), 0);
	KTEST_EXPECT_EQ(t, delete_module("sample_alloc"), -ENOENT);
	KTEST_EXPECT_EQ(t, delete_module("never_loaded"), -ENOENT);
	KTEST_EXPECT_EQ(t, load_boot_module("no_such_module", NULL), -ENOENT);
}

static void load_unload_50_times(struct ktest *t)
{
	struct mod_snap before;

	need_module(t, "sample_alloc");
	warm_up(t, "sample_alloc");
	mod_snapshot(&before);
	for (int i = 0; i < 50; i++) {
		KTEST_ASSERT_EQ(t, load_boot_module("sample_alloc", "verbose=0"), 0);
		KTEST_ASSERT_EQ(t, delete_module("sample_alloc"), 0);
	}
	expect_same(t, &before);
}

/* Run case @c of a module's suite @s as ktest's runner does, into @sub. */
static void run_module_case(const struct ktest_suite *s, const struct ktest_case *c,
			    struct ktest *sub)
{
	if (c->skip_reason)
		return;
	if (ktest_setjmp(&sub->abort) == 0) {
		if (s->init && s->init(sub))
			sub->failed = true;
		else
			c->run(sub);
	}
	if (s->exit)
		s->exit(sub);
}

/* Run one suite of a module's cases inside this case; report each. */
static void run_module_suite(struct ktest *t, const struct ktest_suite *s)
{
	for (size_t i = 0; i < s->nr_cases; i++) {
		const struct ktest_case *c = &s->cases[i];
		struct ktest sub = { .name = c->name, .skip_reason = c->skip_reason };

		run_module_case(s, c, &sub);
		ktest_printf(t, "%s.%s: %s%s", s->name, c->name,
			     sub.failed ? "FAILED" : sub.skip_reason ? "SKIP " : "ok",
			     !sub.failed && sub.skip_reason ? sub.skip_reason : "");
		KTEST_EXPECT_FALSE(t, sub.failed);
	}
}

static void ktest_mod_suite(struct ktest *t)
{
	struct module *mod;

	need_module(t, "ktest_mod");
	KTEST_ASSERT_EQ(t, load_boot_module("ktest_mod", NULL), 0);
	mod = find_module("ktest_mod");
	KTEST_ASSERT_NOT_NULL(t, mod);
	KTEST_EXPECT_EQ(t, mod->num_ktest_suites, 1U);
	for (unsigned int i = 0; i < mod->num_ktest_suites; i++) {
		KTEST_EXPECT_STREQ(t, mod->ktest_suites[i]->name, "ktest_mod");
		KTEST_EXPECT_EQ(t, mod->ktest_suites[i]->nr_cases, (size_t)4);
		run_module_suite(t, mod->ktest_suites[i]);
	}
	KTEST_EXPECT_EQ(t, delete_module("ktest_mod"), 0);
}

static const struct broken_case {
	const char *name;
	int err;
	const char *msg[2];
} broken_cases[] = {
	{ "bad_symbol", -ENOENT, { "bad_symbol: Unknown symbol no_such_function (err -2)",
				   "bad_symbol: Unknown symbol memblock_dump_all (err -2)" } },
	{ "bad_reloc", -ENOEXEC, { "module: bad_reloc: Unknown rela relocation: 42" } },
	{ "init_fail", -ENODEV, { "init_fail: init failed (err -19)" } },
	{ "bad_magic", -ENOEXEC, { "Invalid ELF header magic: != \\x7fELF" } },
	{ "truncated", -ENOEXEC, { "Invalid ELF section header overflow" } },
	{ "bad_section", -ENOEXEC, { "Module len ", " truncated" } },
	{ "bad_rel", -ENOEXEC, { "REL relocation unsupported" } },
	{ "bad_wx", -ENOEXEC, { "section .text (index 1) has invalid WRITE|EXEC flags" } },
};

static void broken_modules_refused(struct ktest *t)
{
	struct printk_capture cap;
	struct mod_snap before;
	char buf[512];

	need_module(t, "bad_symbol");
	warm_up(t, "sample_alloc");
	mod_snapshot(&before);
	for (size_t i = 0; i < ARRAY_SIZE(broken_cases); i++) {
		const struct broken_case *b = &broken_cases[i];

		buf[0] = '\0';
		printk_capture_start(&cap, buf, sizeof(buf));
		KTEST_EXPECT_EQ(t, load_boot_module(b->name, NULL), b->err);
		printk_capture_stop(&cap);
		for (int m = 0; m < 2; m++) {
			if (b->msg[m] && !strstr(buf, b->msg[m])) {
				ktest_printf(t, "%s: no \"%s\" in: %s", b->name, b->msg[m], buf);
				KTEST_EXPECT_TRUE(t, false);
			}
		}
		KTEST_EXPECT_NULL(t, find_module(b->name));
	}
	expect_same(t, &before);
}

/* Remove every module not named in @keep (after a fuzzed load succeeded). */
static int collect_name(const struct module *mod, void *data)
{
	strscpy(data, mod->name, MODULE_NAME_LEN);
	return 1;
}

static unsigned int remove_all_modules(void)
{
	char name[MODULE_NAME_LEN];
	unsigned int n = 0;

	while (module_for_each(collect_name, name) && !delete_module(name))
		n++;
	return n;
}

static u64 fuzz_rand(u64 *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static void fuzz_truncated_and_bitflipped(struct ktest *t)
{
	const struct boot_module *bm;
	struct mod_snap before;
	unsigned int loaded = 0, refused = 0;
	u64 rnd = 0x9e3779b97f4a7c15ULL;
	size_t len, step;
	u8 *copy;

	need_module(t, "ktest_mod");
	bm = find_boot_module("ktest_mod");
	len = bm->end - bm->start;
	KTEST_ASSERT_EQ(t, remove_all_modules(), 0U);
	warm_up(t, "ktest_mod");
	mod_snapshot(&before);
	copy = vmalloc(len);
	KTEST_ASSERT_NOT_NULL(t, copy);
	/* Every cut refuses: the section table is at the end of the file. */
	step = len / 40 ? len / 40 : 1;
	for (size_t cut = 0; cut < len + step; cut += step) {
		size_t n = min(cut, len - 1);	/* the last round: one byte short */

		memcpy(copy, __va(bm->start), n);
		KTEST_EXPECT_NE(t, load_module(copy, n, NULL, "fuzz.ko"), 0);
	}
	for (int i = 0; i < 150; i++) {
		memcpy(copy, __va(bm->start), len);
		for (int flips = 1 + fuzz_rand(&rnd) % 3; flips; flips--) {
			u64 r = fuzz_rand(&rnd);

			copy[r % len] ^= 1 << ((r >> 32) % 8);
		}
		if (load_module(copy, len, NULL, "fuzz.ko"))
			refused++;
		else
			loaded += remove_all_modules();
	}
	ktest_printf(t, "150 bit-flipped copies: %u refused, %u loaded and removed", refused,
		     loaded);
	KTEST_EXPECT_EQ(t, remove_all_modules(), 0U);
	/* The pristine image still loads. */
	memcpy(copy, __va(bm->start), len);
	KTEST_EXPECT_EQ(t, load_module(copy, len, NULL, "fuzz.ko"), 0);
	KTEST_EXPECT_EQ(t, remove_all_modules(), 1U);
	vfree(copy);
	expect_same(t, &before);
}

static const struct ktest_case module_cases[] = {
	KTEST_CASE(sample_load_run_unload),
	KTEST_CASE(sample_parameters),
	KTEST_CASE(load_twice_refused),
	KTEST_CASE(load_unload_50_times),
	KTEST_CASE(ktest_mod_suite),
	KTEST_CASE(broken_modules_refused),
	KTEST_CASE(fuzz_truncated_and_bitflipped),
};
KTEST_SUITE(module, module_cases);
