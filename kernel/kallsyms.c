// SPDX-License-Identifier: MIT
/*
 * Symbol lookup over the table tools/gen_ksyms.py embeds in .ksyms:
 * addresses sorted ascending, one size and one name per address.
 */
#include <kernel/kallsyms.h>
#include <kernel/module.h>
#include <kernel/printk.h>
#include <kernel/string.h>

extern const unsigned long kallsyms_num;
extern const unsigned long kallsyms_addresses[];
extern const unsigned long kallsyms_sizes[];
extern const u32 kallsyms_name_offsets[];
extern const char kallsyms_names[];

/* Return: index of the last symbol starting at or below @addr, or -1. */
static long kallsyms_find(unsigned long addr)
{
	long lo = 0, hi = (long)kallsyms_num - 1, found = -1;

	while (lo <= hi) {
		long mid = lo + (hi - lo) / 2;

		if (kallsyms_addresses[mid] <= addr) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

bool kallsyms_lookup(unsigned long addr, const char **name, unsigned long *offset,
		     unsigned long *size)
{
	long i = kallsyms_find(addr);

	if (i < 0 || addr - kallsyms_addresses[i] >= kallsyms_sizes[i])
		return module_address_lookup(addr, name, offset, size);	/* loaded modules */
	if (name)
		*name = kallsyms_names + kallsyms_name_offsets[i];
	if (offset)
		*offset = addr - kallsyms_addresses[i];
	if (size)
		*size = kallsyms_sizes[i];
	return true;
}

unsigned long kallsyms_lookup_name(const char *name)
{
	for (unsigned long i = 0; i < kallsyms_num; i++)
		if (!strcmp(kallsyms_names + kallsyms_name_offsets[i], name))
			return kallsyms_addresses[i];
	return 0;
}

int sprint_symbol(char *buf, size_t size, unsigned long addr)
{
	return scnprintf(buf, size, "%pS", (void *)addr);
}

int sprint_symbol_no_offset(char *buf, size_t size, unsigned long addr)
{
	return scnprintf(buf, size, "%ps", (void *)addr);
}
