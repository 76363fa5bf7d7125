// SPDX-License-Identifier: MIT
/*
 * The slub_debug= / slab_debug= command-line option, with Linux's syntax
 * (Documentation/mm/slub.rst): which debug flags each cache gets when it
 * is created (kmem_cache_flags()). The checks themselves are in
 * mm/slub_debug.c.
 *
 * Lock order: none. The option is set at boot (or by a test) before the
 * caches it concerns are created.
 */
#include <kernel/cmdline.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/slab.h>

#include "slab_priv.h"

#define DEBUG_DEFAULT_FLAGS \
	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

/* The option string (blocks with cache lists are matched against it). */
static char slub_debug_str[256] = "-";
/* Flags for caches no block names. */
static slab_flags_t slub_debug;

/*
 * Parse one block "<letters>[,cache,cache...]" of @str. Return: the next
 * block; *@slabs points at the cache list, or is NULL if there is none.
 */
static const char *parse_slub_debug_flags(const char *str, slab_flags_t *flags,
					  const char **slabs, bool init)
{
	while (*str == ';')
		str++;
	*flags = *str == ',' ? DEBUG_DEFAULT_FLAGS : 0;	/* ",list": full debugging */
	for (; *str && *str != ',' && *str != ';'; str++) {
		switch (*str | 0x20) {
		case '-' | 0x20:
			*flags = 0;
			break;
		case 'f':
			*flags |= SLAB_CONSISTENCY_CHECKS;
			break;
		case 'z':
			*flags |= SLAB_RED_ZONE;
			break;
		case 'p':
			*flags |= SLAB_POISON;
			break;
		case 'u':
			*flags |= SLAB_STORE_USER;
			break;
		case 't':
			*flags |= SLAB_TRACE;
			break;
		case 'a':
		case 'o':
			if (init)
				printk(KERN_WARNING "slab_debug option '%c' not supported. skipped\n",
				       *str);
			break;
		default:
			if (init)
				printk(KERN_ERR "slab_debug option '%c' unknown. skipped\n", *str);
		}
	}
	*slabs = *str == ',' ? str + 1 : NULL;
	while (*str && *str != ';')
		str++;
	while (*str == ';')
		str++;
	return str;
}

/**
 * slab_debug_parse - see mm/include/mm/slab.h.
 * Context: boot (the __setup handlers) or a test; affects caches created later.
 */
int slab_debug_parse(const char *str)
{
	slab_flags_t flags, global = 0;
	const char *p, *slabs;

	if (!str)
		str = "";
	if (strlen(str) >= sizeof(slub_debug_str))
		return -EINVAL;
	if (!*str) {			/* a bare "slub_debug": everything on, for all caches */
		slub_debug = DEBUG_DEFAULT_FLAGS;
		strscpy(slub_debug_str, "", sizeof(slub_debug_str));
		return 0;
	}
	for (p = str; *p;) {
		p = parse_slub_debug_flags(p, &flags, &slabs, true);
		if (!slabs)
			global = flags;
	}
	slub_debug = global;
	strscpy(slub_debug_str, str, sizeof(slub_debug_str));
	return 0;
}

/**
 * slab_debug_string - see mm/include/mm/slab.h.
 * Context: any.
 */
const char *slab_debug_string(void)
{
	return slub_debug_str;
}

static int __init setup_slub_debug(const char *val)
{
	if (slab_debug_parse(val))
		printk(KERN_ERR "slab_debug: option string too long, ignored\n");
	return 0;
}
__setup("slub_debug", setup_slub_debug);

static int __init setup_slab_debug_option(const char *val)
{
	return setup_slub_debug(val);
}
__setup("slab_debug", setup_slab_debug_option);

/* Does @name match the list entry [@iter, @end) (a trailing '*' matches a prefix)? */
static bool cache_name_matches(const char *name, const char *iter, const char *end)
{
	const char *glob = memchr(iter, '*', end - iter);
	size_t len = strlen(name);

	if (glob)
		return !strncmp(name, iter, glob - iter);
	return (size_t)(end - iter) == len && !strncmp(name, iter, len);
}

/**
 * kmem_cache_flags - see mm/include/mm/slab.h.
 * Context: any.
 */
slab_flags_t kmem_cache_flags(const char *name, slab_flags_t flags)
{
	const char *next = slub_debug_str, *iter, *end;
	slab_flags_t block;

	while (*next) {
		next = parse_slub_debug_flags(next, &block, &iter, false);
		while (iter && *iter && *iter != ';') {
			for (end = iter; *end && *end != ',' && *end != ';'; end++)
				;
			if (cache_name_matches(name, iter, end))
				return flags | block;
			if (*end != ',')
				break;
			iter = end + 1;
		}
	}
	return flags | slub_debug;
}
