// SPDX-License-Identifier: MIT
/*
 * Module parameters (Linux kernel/params.c, the part modules need):
 * "insmod NAME a=1 b=text flag" sets the variables the module declared
 * with module_param(). Every parameter entry comes from the module's
 * __param section, so its name and variable are checked to lie inside
 * the module's own memory (the variable inside its data) before use.
 */
#include <kernel/errno.h>
#include <kernel/module.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "module_internal.h"

static bool in_module_data(const struct module *mod, const void *p, size_t size)
{
	unsigned long a = (unsigned long)p, base = (unsigned long)mod->base;

	return a >= base + mod->ro_size && a + size <= base + mod->size && a + size > a;
}

static size_t param_size(unsigned int type)
{
	switch (type) {
	case PARAM_TYPE_int:
	case PARAM_TYPE_uint:
		return sizeof(int);
	case PARAM_TYPE_long:
	case PARAM_TYPE_ulong:
	case PARAM_TYPE_charp:
		return sizeof(long);
	case PARAM_TYPE_bool:
		return sizeof(bool);
	default:
		return 0;
	}
}

/* Set parameter @kp from @val (NULL: a bare name, meaning true for bool). */
static int param_set(const struct kernel_param *kp, char *val)
{
	long long v;

	if (kp->type == PARAM_TYPE_bool) {
		if (!val || !strcmp(val, "1") || !strcmp(val, "y") || !strcmp(val, "Y"))
			*(bool *)kp->arg = true;
		else if (!strcmp(val, "0") || !strcmp(val, "n") || !strcmp(val, "N"))
			*(bool *)kp->arg = false;
		else
			return -EINVAL;
		return 0;
	}
	if (!val)
		return -EINVAL;
	if (kp->type == PARAM_TYPE_charp) {
		*(char **)kp->arg = val;
		return 0;
	}
	if (kstrtoll(val, 0, &v))
		return -EINVAL;
	switch (kp->type) {
	case PARAM_TYPE_int:
		if (v != (int)v)
			return -EINVAL;
		*(int *)kp->arg = v;
		return 0;
	case PARAM_TYPE_uint:
		if (v < 0 || v != (unsigned int)v)
			return -EINVAL;
		*(unsigned int *)kp->arg = v;
		return 0;
	case PARAM_TYPE_long:
		*(long *)kp->arg = v;
		return 0;
	case PARAM_TYPE_ulong:
		if (v < 0)
			return -EINVAL;
		*(unsigned long *)kp->arg = v;
		return 0;
	}
	return -EINVAL;
}

static const struct kernel_param *find_param(const struct module *mod, const char *name)
{
	for (unsigned int i = 0; i < mod->num_kp; i++) {
		const struct kernel_param *kp = &mod->kp[i];
		unsigned long a = (unsigned long)kp->name, base = (unsigned long)mod->base;

		/* The name must be a string inside the module's memory. */
		if (a < base || a >= base + mod->size ||
		    strnlen(kp->name, base + mod->size - a) == base + mod->size - a)
			continue;
		if (!strcmp(kp->name, name))
			return kp;
	}
	return NULL;
}

/**
 * module_parse_args - set @mod's parameters from mod->args
 * @mod: a relocated module, not yet initialised
 *
 * Linux's parse_args(): "name=value name ...". An unknown name is reported
 * and ignored; a bad value fails the load. charp parameters point into
 * mod->args, which lives as long as the module.
 * Context: process context. Return: 0 or -EINVAL (printed).
 */
int module_parse_args(struct module *mod)
{
	char *p = mod->args;

	while (p && *p) {
		char *name, *val = NULL;
		const struct kernel_param *kp;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		name = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
		val = strchr(name, '=');
		if (val)
			*val++ = '\0';
		kp = find_param(mod, name);
		if (!kp) {
			pr_warn("%s: unknown parameter '%s' ignored\n", mod->name, name);
			continue;
		}
		if (!param_size(kp->type) || !in_module_data(mod, kp->arg, param_size(kp->type)) ||
		    param_set(kp, val)) {
			pr_err("%s: '%s' invalid for parameter `%s'\n", mod->name,
			       val ? val : "", name);
			return -EINVAL;
		}
	}
	return 0;
}
