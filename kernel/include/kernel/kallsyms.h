/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own symbol table, embedded at link time (tools/gen_ksyms.py),
 * so reports can print function+0xoff/0xsize.
 * Context: any.
 */
#pragma once

#include <kernel/types.h>

#define KSYM_NAME_LEN 128

/*
 * kallsyms_lookup - find the symbol containing @addr.
 * Return: true and fill @name, @offset, @size (any may be NULL), or false if
 * @addr lies in no known symbol.
 */
bool kallsyms_lookup(unsigned long addr, const char **name,
		     unsigned long *offset, unsigned long *size);
/* Return: the address of symbol @name, or 0 if there is none. */
unsigned long kallsyms_lookup_name(const char *name);
/* Format "name+0xoff/0xsize" (or "0x<addr>" if unknown). Return: length. */
int sprint_symbol(char *buf, size_t size, unsigned long addr);
/* As sprint_symbol, without "/0xsize" (the %ps format keeps only the name). */
int sprint_symbol_no_offset(char *buf, size_t size, unsigned long addr);
