// SPDX-License-Identifier: MIT
/*
 * The shell's memory commands: the /proc-style reports, and allocate/free
 * by hand. Frees pass the address straight to the allocator, so a bad one
 * is reported by the allocator's own checks.
 *
 * Lock order: none; only the init task runs the shell.
 */
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/kfence.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "shell_priv.h"

#define SHELL_CACHES_MAX 8

/* Caches made with slab_create (name kept by the allocator's copy). */
static struct kmem_cache *shell_caches[SHELL_CACHES_MAX];

static int no_args(int argc, void (*show)(void))
{
	if (argc != 1)
		return -EINVAL;
	show();
	return 0;
}

int cmd_meminfo(int argc, char **argv)
{
	return no_args(argc, show_meminfo);
}

int cmd_buddyinfo(int argc, char **argv)
{
	return no_args(argc, show_buddyinfo);
}

int cmd_zoneinfo(int argc, char **argv)
{
	return no_args(argc, show_zoneinfo);
}

int cmd_slabinfo(int argc, char **argv)
{
	return no_args(argc, show_slabinfo);
}

int cmd_vmallocinfo(int argc, char **argv)
{
	return no_args(argc, show_vmallocinfo);
}

int cmd_kfence(int argc, char **argv)
{
	return no_args(argc, kfence_show_stats);
}

int cmd_free(int argc, char **argv)
{
	unsigned long total = totalram_pages << (PAGE_SHIFT - 10);
	unsigned long free = nr_free_pages() << (PAGE_SHIFT - 10);

	if (argc != 1)
		return -EINVAL;
	shell_printf("%-8s %12s %12s %12s\n", "KiB", "total", "used", "free");
	shell_printf("%-8s %12lu %12lu %12lu\n", "Mem:", total, total - free, free);
	shell_printf("%-8s %12lu (pages backing live vmalloc areas)\n", "vmalloc:",
		     vmalloc_nr_pages() << (PAGE_SHIFT - 10));
	return 0;
}

/* Parse an optional FLAGS argument at argv[i] (default GFP_KERNEL). */
static int opt_gfp(int argc, char **argv, int i, gfp_t *gfp)
{
	*gfp = GFP_KERNEL;
	return i < argc ? shell_parse_gfp(argv[i], gfp) : 0;
}

static void print_alloc(const char *what, const char *arg, gfp_t gfp, const void *p)
{
	char flags[128];

	gfp_flags_snprint(flags, sizeof(flags), gfp);
	if (p)
		shell_printf("%s(%s, %s) = 0x%lx\n", what, arg, flags, (unsigned long)p);
	else
		shell_printf("%s(%s, %s) failed: NULL\n", what, arg, flags);
}

int cmd_kmalloc(int argc, char **argv)
{
	unsigned long size;
	gfp_t gfp;
	void *p;

	if (argc < 2 || argc > 3 || shell_parse_size(argv[1], &size) || opt_gfp(argc, argv, 2, &gfp))
		return -EINVAL;
	p = kmalloc(size, gfp);
	print_alloc("kmalloc", argv[1], gfp, p);
	if (!ZERO_OR_NULL_PTR(p))
		shell_printf("ksize = %zu\n", ksize(p));
	return 0;
}

int cmd_kfree(int argc, char **argv)
{
	unsigned long addr;

	if (argc != 2 || shell_parse_ulong(argv[1], &addr))
		return -EINVAL;
	kfree((void *)addr);
	shell_printf("kfree(0x%lx) returned\n", addr);
	return 0;
}

int cmd_vmalloc(int argc, char **argv)
{
	unsigned long size;

	if (argc != 2 || shell_parse_size(argv[1], &size))
		return -EINVAL;
	print_alloc("vmalloc", argv[1], GFP_KERNEL, vmalloc(size));
	return 0;
}

int cmd_vfree(int argc, char **argv)
{
	unsigned long addr;

	if (argc != 2 || shell_parse_ulong(argv[1], &addr))
		return -EINVAL;
	vfree((void *)addr);
	shell_printf("vfree(0x%lx) returned\n", addr);
	return 0;
}

int cmd_alloc_pages(int argc, char **argv)
{
	unsigned long order;
	gfp_t gfp;

	if (argc < 2 || argc > 3 || shell_parse_ulong(argv[1], &order) || order > 31 ||
	    opt_gfp(argc, argv, 2, &gfp))
		return -EINVAL;
	print_alloc("__get_free_pages", argv[1], gfp, (void *)__get_free_pages(gfp, order));
	return 0;
}

int cmd_free_pages(int argc, char **argv)
{
	unsigned long addr, order;

	if (argc != 3 || shell_parse_ulong(argv[1], &addr) || shell_parse_ulong(argv[2], &order) ||
	    order > 31)
		return -EINVAL;
	free_pages(addr, order);
	shell_printf("free_pages(0x%lx, %lu) returned\n", addr, order);
	return 0;
}

static int find_cache(const char *name)
{
	for (int i = 0; i < SHELL_CACHES_MAX; i++)
		if (shell_caches[i] && !strcmp(kmem_cache_name(shell_caches[i]), name))
			return i;
	return -1;
}

int cmd_slab_create(int argc, char **argv)
{
	unsigned long size;
	int i;

	if (argc != 3 || shell_parse_size(argv[2], &size) || !size || size > KMALLOC_MAX_SIZE)
		return -EINVAL;
	if (find_cache(argv[1]) >= 0) {
		shell_printf("slab_create: '%s' exists already\n", argv[1]);
		return 0;
	}
	for (i = 0; i < SHELL_CACHES_MAX && shell_caches[i]; i++)
		;
	if (i == SHELL_CACHES_MAX) {
		shell_printf("slab_create: at most %d shell caches\n", SHELL_CACHES_MAX);
		return 0;
	}
	shell_caches[i] = kmem_cache_create(argv[1], size, 0, 0, NULL);
	shell_printf("kmem_cache_create(%s, %lu) %s\n", argv[1], size,
		     shell_caches[i] ? "done: see slabinfo" : "failed");
	return 0;
}

/* Return: the shell cache named @name, or NULL after saying so. */
static struct kmem_cache *lookup_cache(const char *name)
{
	int i = find_cache(name);

	if (i < 0) {
		shell_printf("no shell-made cache '%s' (make one with slab_create)\n", name);
		return NULL;
	}
	return shell_caches[i];
}

int cmd_slab_alloc(int argc, char **argv)
{
	struct kmem_cache *s;
	gfp_t gfp;

	if (argc < 2 || argc > 3 || opt_gfp(argc, argv, 2, &gfp))
		return -EINVAL;
	s = lookup_cache(argv[1]);
	if (s)
		print_alloc("kmem_cache_alloc", argv[1], gfp, kmem_cache_alloc(s, gfp));
	return 0;
}

int cmd_slab_free(int argc, char **argv)
{
	struct kmem_cache *s;
	unsigned long addr;

	if (argc != 3 || shell_parse_ulong(argv[2], &addr))
		return -EINVAL;
	s = lookup_cache(argv[1]);
	if (s) {
		kmem_cache_free(s, (void *)addr);
		shell_printf("kmem_cache_free(%s, 0x%lx) returned\n", argv[1], addr);
	}
	return 0;
}

int cmd_slab_destroy(int argc, char **argv)
{
	int i;

	if (argc != 2)
		return -EINVAL;
	i = find_cache(argv[1]);
	if (i < 0) {
		lookup_cache(argv[1]);
		return 0;
	}
	kmem_cache_destroy(shell_caches[i]);
	shell_caches[i] = NULL;
	shell_printf("kmem_cache_destroy(%s) returned\n", argv[1]);
	return 0;
}
