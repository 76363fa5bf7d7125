// SPDX-License-Identifier: MIT
/*
 * The shell's argument parsing: words, numbers, sizes and GFP flag names.
 * Pure functions (no allocation, no output), tested by the "shell" suite.
 */
#include <kernel/errno.h>
#include <kernel/shell.h>
#include <kernel/string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int shell_split(char *line, char **argv, int max)
{
	int argc = 0;

	for (char *p = line; *p;) {
		while (is_blank(*p))
			*p++ = '\0';
		if (!*p)
			break;
		if (argc == max)
			return -E2BIG;
		argv[argc++] = p;
		while (*p && !is_blank(*p))
			p++;
	}
	return argc;
}

int shell_parse_ulong(const char *s, unsigned long *val)
{
	unsigned long long v;
	int ret;

	if (!s || !*s || *s == '-' || *s == '+')
		return -EINVAL;
	for (const char *p = s; *p; p++)	/* kstrtoull allows a trailing '\n' */
		if (*p == '\n')
			return -EINVAL;
	ret = kstrtoull(s, 0, &v);
	if (ret)
		return ret;
	*val = v;
	return 0;
}

int shell_parse_size(const char *s, unsigned long *val)
{
	char num[24];
	size_t n = s ? strlen(s) : 0;
	unsigned int shift = 0;
	unsigned long v;
	int ret;

	if (!n || n >= sizeof(num))
		return -EINVAL;
	switch (s[n - 1]) {
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	}
	memcpy(num, s, n + 1);
	if (shift)
		num[--n] = '\0';
	ret = shell_parse_ulong(num, &v);
	if (ret)
		return ret;
	if (shift && v > (~0UL >> shift))
		return -ERANGE;
	*val = v << shift;
	return 0;
}

struct gfp_name {
	const char *name;
	gfp_t flags;
};

static const struct gfp_name gfp_names[] = {
	{ "GFP_KERNEL", GFP_KERNEL },
	{ "GFP_ATOMIC", GFP_ATOMIC },
	{ "GFP_NOWAIT", GFP_NOWAIT },
	{ "GFP_NOIO", GFP_NOIO },
	{ "GFP_NOFS", GFP_NOFS },
	{ "GFP_USER", GFP_USER },
	{ "GFP_DMA", GFP_DMA },
	{ "GFP_DMA32", GFP_DMA32 },
	{ "__GFP_DMA", __GFP_DMA },
	{ "__GFP_HIGHMEM", __GFP_HIGHMEM },
	{ "__GFP_DMA32", __GFP_DMA32 },
	{ "__GFP_MOVABLE", __GFP_MOVABLE },
	{ "__GFP_RECLAIMABLE", __GFP_RECLAIMABLE },
	{ "__GFP_HIGH", __GFP_HIGH },
	{ "__GFP_IO", __GFP_IO },
	{ "__GFP_FS", __GFP_FS },
	{ "__GFP_ZERO", __GFP_ZERO },
	{ "__GFP_DIRECT_RECLAIM", __GFP_DIRECT_RECLAIM },
	{ "__GFP_KSWAPD_RECLAIM", __GFP_KSWAPD_RECLAIM },
	{ "__GFP_RECLAIM", __GFP_RECLAIM },
	{ "__GFP_WRITE", __GFP_WRITE },
	{ "__GFP_NOWARN", __GFP_NOWARN },
	{ "__GFP_RETRY_MAYFAIL", __GFP_RETRY_MAYFAIL },
	{ "__GFP_NOFAIL", __GFP_NOFAIL },
	{ "__GFP_NORETRY", __GFP_NORETRY },
	{ "__GFP_MEMALLOC", __GFP_MEMALLOC },
	{ "__GFP_COMP", __GFP_COMP },
	{ "__GFP_NOMEMALLOC", __GFP_NOMEMALLOC },
	{ "__GFP_ACCOUNT", __GFP_ACCOUNT },
};

/* One '|'-separated term of @len bytes at @s. */
static int parse_gfp_term(const char *s, size_t len, gfp_t *gfp)
{
	char num[24];
	unsigned long v;

	for (size_t i = 0; i < ARRAY_SIZE(gfp_names); i++) {
		if (strlen(gfp_names[i].name) == len && !strncmp(gfp_names[i].name, s, len)) {
			*gfp |= gfp_names[i].flags;
			return 0;
		}
	}
	if (!len || len >= sizeof(num))
		return -EINVAL;
	memcpy(num, s, len);
	num[len] = '\0';
	if (shell_parse_ulong(num, &v) || v & ~(unsigned long)__GFP_BITS_MASK)
		return -EINVAL;
	*gfp |= (gfp_t)v;
	return 0;
}

int shell_parse_gfp(const char *s, gfp_t *gfp)
{
	gfp_t flags = 0;

	if (!s || !*s)
		return -EINVAL;
	for (;;) {
		size_t n = strcspn(s, "|");

		if (parse_gfp_term(s, n, &flags))
			return -EINVAL;
		if (!s[n])
			break;
		s += n + 1;
	}
	*gfp = flags;
	return 0;
}
