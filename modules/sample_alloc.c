// SPDX-License-Identifier: MIT
/*
 * sample_alloc: a module that uses the allocators from module code. Its
 * init creates a kmem_cache with a constructor, takes objects from it,
 * kmalloc()s and kzalloc()s buffers, vmalloc()s an area and prints what
 * it got; its exit gives everything back. So the module suite can check
 * that a load + unload leaves free pages, slab objects and vmalloc space
 * as they were, and that the module's code really runs in the module area.
 *
 * Parameters: nr_objs=N (objects from the cache, default 8), vmalloc_kb=N
 * (size of the vmalloc area, default 64), verbose=0 (print nothing).
 */
#include <kernel/errno.h>
#include <kernel/module.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#define SAMPLE_MAX_OBJS 64
#define SAMPLE_MAGIC 0x5a17a110c0ffee00UL

struct sample_obj {
	unsigned long magic;	/* set by the constructor */
	unsigned int index;
	char note[48];
};

static int nr_objs = 8;
module_param(nr_objs, int, 0444);
MODULE_PARM_DESC(nr_objs, "objects taken from the module's cache");
static unsigned int vmalloc_kb = 64;
module_param(vmalloc_kb, uint, 0444);
MODULE_PARM_DESC(vmalloc_kb, "KiB to vmalloc");

static bool verbose = true;
module_param(verbose, bool, 0644);
MODULE_PARM_DESC(verbose, "print what init and exit did");

static struct kmem_cache *sample_cache;
static struct sample_obj *objs[SAMPLE_MAX_OBJS];
static char *kbuf;		/* kmalloc(200) */
static unsigned long *zbuf;	/* kzalloc(1000) */
static u8 *vbuf;		/* vmalloc(vmalloc_kb KiB) */
static unsigned int ctor_calls;	/* .bss: zero at load */

/* Shared with the module suite: run from module text, data in module data. */
unsigned long sample_alloc_checksum;

static void sample_ctor(void *p)
{
	struct sample_obj *o = p;

	o->magic = SAMPLE_MAGIC;
	ctor_calls++;
}

static void sample_free_all(void)
{
	for (int i = 0; i < SAMPLE_MAX_OBJS; i++) {
		if (objs[i])
			kmem_cache_free(sample_cache, objs[i]);
		objs[i] = NULL;
	}
	kmem_cache_destroy(sample_cache);
	sample_cache = NULL;
	kfree(kbuf);
	kfree(zbuf);
	vfree(vbuf);
	kbuf = NULL;
	zbuf = NULL;
	vbuf = NULL;
}

static int sample_alloc_objs(void)
{
	sample_cache = kmem_cache_create("sample_alloc_obj", sizeof(struct sample_obj), 0, 0,
					 sample_ctor);
	if (!sample_cache)
		return -ENOMEM;
	for (int i = 0; i < nr_objs; i++) {
		objs[i] = kmem_cache_alloc(sample_cache, GFP_KERNEL);
		if (!objs[i] || objs[i]->magic != SAMPLE_MAGIC)
			return -ENOMEM;
		objs[i]->index = i;
		snprintf(objs[i]->note, sizeof(objs[i]->note), "object %d of %d", i, nr_objs);
	}
	return 0;
}

static int sample_alloc_buffers(void)
{
	kbuf = kmalloc(200, GFP_KERNEL);
	zbuf = kzalloc(1000, GFP_KERNEL);
	vbuf = vmalloc(vmalloc_kb * 1024UL);
	if (!kbuf || !zbuf || !vbuf)
		return -ENOMEM;
	strscpy(kbuf, "kmalloc'ed from module code", 200);
	for (unsigned int i = 0; i < 1000 / sizeof(*zbuf); i++)
		if (zbuf[i])
			return -EINVAL;	/* kzalloc() must zero */
	memset(vbuf, 0xa5, vmalloc_kb * 1024UL);
	for (unsigned long i = 0; i < vmalloc_kb * 1024UL; i += 4096)
		sample_alloc_checksum += vbuf[i];
	return 0;
}

static int __init sample_alloc_init(void)
{
	int err;

	if (nr_objs < 0 || nr_objs > SAMPLE_MAX_OBJS || !vmalloc_kb)
		return -EINVAL;
	err = sample_alloc_objs();
	if (!err)
		err = sample_alloc_buffers();
	if (err) {
		sample_free_all();
		return err;
	}
	if (!verbose)
		return 0;
	pr_info("sample_alloc: init at %pS (%p)\n", sample_alloc_init, sample_alloc_init);
	pr_info("sample_alloc: cache %s: %d objects of %u bytes, ctor ran %u times\n",
		kmem_cache_name(sample_cache), nr_objs, kmem_cache_size(sample_cache), ctor_calls);
	pr_info("sample_alloc: kmalloc(200) = %p (ksize %zu), kzalloc(1000) = %p, vmalloc(%u KiB) = %p\n",
		kbuf, ksize(kbuf), zbuf, vmalloc_kb, vbuf);
	return 0;
}

static void __exit sample_alloc_exit(void)
{
	sample_free_all();
	if (verbose)
		pr_info("sample_alloc: everything freed\n");
}

module_init(sample_alloc_init);
module_exit(sample_alloc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("allocators from module code: kmem_cache with ctor, kmalloc, kzalloc, vmalloc");
