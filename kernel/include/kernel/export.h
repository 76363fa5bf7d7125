/* SPDX-License-Identifier: MIT */
/*
 * EXPORT_SYMBOL: the kernel's interface to loadable modules, as Linux's
 * include/linux/export.h. Each export is a { value, name } pair in the
 * __ksymtab (or __ksymtab_gpl) section; the module loader resolves a
 * module's undefined symbols against these tables only, so everything not
 * exported stays private to the kernel image.
 *
 * EXPORT_SYMBOL_GPL symbols are resolved only for modules whose
 * MODULE_LICENSE is GPL-compatible.
 */
#pragma once

#include <kernel/compiler.h>

struct kernel_symbol {
	unsigned long value;	/* the symbol's address */
	const char *name;
};

#define __EXPORT_SYMBOL(sym, sec)						\
	static const struct kernel_symbol __ksymtab_##sym			\
		__used __section(sec) __aligned(8) =				\
		{ (unsigned long)&(sym), #sym }

/* Export @sym (a function or object with external linkage) to every module. */
#define EXPORT_SYMBOL(sym) __EXPORT_SYMBOL(sym, "__ksymtab")
/* Export @sym to GPL-compatible modules only. */
#define EXPORT_SYMBOL_GPL(sym) __EXPORT_SYMBOL(sym, "__ksymtab_gpl")

/* The tables, from linker.ld. */
extern const struct kernel_symbol __start___ksymtab[], __stop___ksymtab[];
extern const struct kernel_symbol __start___ksymtab_gpl[], __stop___ksymtab_gpl[];
