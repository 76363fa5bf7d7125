// SPDX-License-Identifier: MIT
/*
 * Symbols of loaded modules, so %pS and backtraces name module code
 * (Linux kernel/module/kallsyms.c, much reduced): at load, the module's
 * defined functions and objects are copied into a small table with their
 * final addresses and a copy of the string table; kallsyms_lookup() asks
 * here when an address is not in the kernel image.
 *
 * Locking: the table is built before the module is visible to lookups and
 * freed after it left the list; lookups take module_lock with trylock, so
 * a report from inside the loader cannot deadlock (it prints an address).
 */
#include <kernel/errno.h>
#include <kernel/module.h>
#include <kernel/string.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "module_internal.h"

#define ELF64_ST_TYPE(i)	((i) & 0xf)
#define STT_OBJECT		1
#define STT_FUNC		2

struct mod_sym {
	unsigned long addr;
	unsigned long size;
	u32 name;			/* offset in mod_kallsyms.strtab */
};

struct mod_kallsyms {
	unsigned int num;
	struct mod_sym *syms;
	char *strtab;
};

static bool keep_symbol(const struct load_info *info, unsigned int i)
{
	const Elf64_Sym *sym = &info->syms[i];
	unsigned int type = ELF64_ST_TYPE(sym->st_info);

	return info->symok[i] && sym->st_shndx != SHN_UNDEF && sym->st_shndx < info->shnum &&
	       (type == STT_FUNC || type == STT_OBJECT) && sym->st_size &&
	       info->strtab[sym->st_name];
}

int module_kallsyms_add(struct module *mod, const struct load_info *info)
{
	struct mod_kallsyms *ks;
	unsigned int n = 0;

	for (unsigned int i = 1; i < info->nsyms; i++)
		n += keep_symbol(info, i);
	ks = kzalloc(sizeof(*ks), GFP_KERNEL);
	if (!ks)
		return -ENOMEM;
	mod->kallsyms = ks;
	ks->syms = kvmalloc_array(n ? n : 1, sizeof(*ks->syms), GFP_KERNEL);
	ks->strtab = kvmalloc(info->strsize, GFP_KERNEL);
	if (!ks->syms || !ks->strtab)
		return -ENOMEM;	/* the caller frees through module_kallsyms_free() */
	memcpy(ks->strtab, info->strtab, info->strsize);
	for (unsigned int i = 1; i < info->nsyms; i++) {
		if (!keep_symbol(info, i))
			continue;
		ks->syms[ks->num++] = (struct mod_sym){ .addr = info->symval[i],
							.size = info->syms[i].st_size,
							.name = info->syms[i].st_name };
	}
	return 0;
}

void module_kallsyms_free(struct module *mod)
{
	struct mod_kallsyms *ks = mod->kallsyms;

	if (!ks)
		return;
	kvfree(ks->syms);
	kvfree(ks->strtab);
	kfree(ks);
	mod->kallsyms = NULL;
}

bool module_kallsyms_lookup(const struct module *mod, unsigned long addr, const char **name,
			    unsigned long *offset, unsigned long *size)
{
	const struct mod_kallsyms *ks = mod->kallsyms;

	for (unsigned int i = 0; ks && i < ks->num; i++) {
		const struct mod_sym *s = &ks->syms[i];

		if (addr - s->addr >= s->size)
			continue;
		if (name)
			*name = ks->strtab + s->name;
		if (offset)
			*offset = addr - s->addr;
		if (size)
			*size = s->size;
		return true;
	}
	return false;
}
