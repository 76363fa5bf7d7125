/* SPDX-License-Identifier: MIT */
/*
 * Loadable modules (kernel/module.c), after Linux's include/linux/module.h.
 *
 * A module is an ELF64 relocatable object (modules/NAME.c built into
 * NAME.ko with the kernel's flags and `ld -r`), handed over by GRUB as a
 * multiboot2 module ("module2 /boot/modules/NAME.ko NAME.ko"). Loading it
 * checks the ELF file (nothing in it is trusted), copies its allocated
 * sections into memory from the module area of vmalloc
 * ([MODULES_VADDR, MODULES_END), within 2 GiB of the kernel text, so
 * -mcmodel=kernel code works there), applies its x86_64 relocations,
 * resolves its undefined symbols against the kernel's exports
 * (<kernel/export.h>), makes text RX, rodata R+NX, data RW+NX, and calls
 * its init function.
 *
 * In module source:
 *
 *   static int __init hello_init(void) { ...; return 0; }
 *   static void __exit hello_exit(void) { ... }
 *   module_init(hello_init);
 *   module_exit(hello_exit);
 *   module_param(count, int, 0);
 *   MODULE_LICENSE("GPL");
 *   MODULE_DESCRIPTION("what it is");
 *
 * Locking: the module list is guarded by module_lock (a spinlock); loading
 * and unloading run outside it, a module in state COMING or GOING keeps
 * its name reserved and cannot be removed.
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/export.h>
#include <kernel/list.h>
#include <kernel/types.h>

#define MODULE_NAME_LEN 56	/* as Linux: 64 - sizeof(unsigned long) */

/* Linux's states, in its order. */
enum module_state {
	MODULE_STATE_LIVE,	/* init returned 0: usable */
	MODULE_STATE_COMING,	/* loaded, init running */
	MODULE_STATE_GOING,	/* being removed (or init failed) */
	MODULE_STATE_UNFORMED,	/* name reserved, still being set up */
};

/* module_param() types. */
enum kernel_param_type {
	PARAM_TYPE_int,
	PARAM_TYPE_uint,
	PARAM_TYPE_long,
	PARAM_TYPE_ulong,
	PARAM_TYPE_bool,
	PARAM_TYPE_charp,
};

/* One module_param(), in the module's __param section. */
struct kernel_param {
	const char *name;
	void *arg;		/* the variable */
	unsigned int type;	/* enum kernel_param_type */
	unsigned int perm;	/* kept for Linux source compatibility; unused */
};

struct ktest_suite;
struct mod_kallsyms;

struct module {
	enum module_state state;
	struct list_head list;		/* on the module list; module_lock */
	char name[MODULE_NAME_LEN];

	/*
	 * One vmalloc area in the module space: [base, base + size) holds
	 * text [0, text_size) RX, rodata [text_size, ro_size) R+NX, data and
	 * bss [ro_size, size) RW+NX; each part starts on a page boundary.
	 */
	void *base;
	unsigned long size;
	unsigned long text_size;
	unsigned long ro_size;

	int (*init)(void);
	void (*exit)(void);
	int refcnt;			/* try_module_get() holders; module_lock */

	/* From .modinfo (kmalloc'ed copies; NULL if absent) and insmod. */
	char *license;
	char *description;
	char *args;			/* the parameter string (charp params point into it) */
	bool gpl_compatible;

	/* Sections the kernel looks for, inside the module's memory. */
	const struct kernel_param *kp;
	unsigned int num_kp;
	const struct ktest_suite *const *ktest_suites;	/* KTEST_SUITE() in the module */
	unsigned int num_ktest_suites;

	struct mod_kallsyms *kallsyms;	/* its symbols, for %pS (module_kallsyms.c) */
};

/* ---- for module sources ---- */

#define __MODULE_CAT(a, b) a##b
#define __MODULE_ID(prefix, n) __MODULE_CAT(prefix, n)

/* A "tag=value" string in .modinfo (read by the loader, never loaded). */
#define MODULE_INFO(tag, info)							\
	static const char __MODULE_ID(__modinfo_##tag##_, __COUNTER__)[]	\
		__used __section(".modinfo") __aligned(1) = #tag "=" info

#define MODULE_LICENSE(l) MODULE_INFO(license, l)
#define MODULE_DESCRIPTION(d) MODULE_INFO(description, d)
#define MODULE_AUTHOR(a) MODULE_INFO(author, a)
#define MODULE_PARM_DESC(p, d) MODULE_INFO(parm, #p ":" d)

/* The module's name, set by the build (modules/meson.build) as Linux's modpost does. */
#if defined(MODULE) && defined(KBUILD_MODNAME)
MODULE_INFO(name, KBUILD_MODNAME);
#endif

#define __exit __section(".exit.text")

/*
 * module_init(fn): fn is the module's init, called once after loading;
 * returning non-zero (a -errno) undoes the load. module_exit(fn): called by
 * rmmod. A module without module_exit cannot be removed.
 */
#define module_init(initfn)							\
	static inline int (*__inittest(void))(void) { return initfn; }		\
	int init_module(void) __attribute__((alias(#initfn)))
#define module_exit(exitfn)							\
	static inline void (*__exittest(void))(void) { return exitfn; }	\
	void cleanup_module(void) __attribute__((alias(#exitfn)))

/* module_param(var, type, perm): "insmod NAME var=value" sets @var. */
#define module_param(var, type, perm)						\
	static inline __typeof__(var) *__param_check_##var(void)		\
	{ return &(var); }							\
	static const struct kernel_param __param_##var				\
		__used __section("__param") __aligned(8) =			\
		{ #var, &(var), PARAM_TYPE_##type, perm }

/* ---- for the kernel ---- */

/*
 * load_module - load the ELF image [@image, @image + @len) as a module
 * @image: the file (only read; may be anywhere)
 * @len: its length in bytes
 * @args: "name=value ..." parameters, or NULL
 * @file_name: names the module if its .modinfo has no "name=" (may be NULL)
 *
 * Every failure is printed in Linux's words and undone completely.
 * Context: process context; may sleep.
 * Return: 0; -ENOEXEC (malformed ELF, unsupported relocation, overflow),
 * -ENOENT (unknown symbol), -EEXIST (a module of that name is loaded),
 * -ENOMEM, or what the module's init returned.
 */
int load_module(const void *image, size_t len, const char *args, const char *file_name);

/*
 * load_boot_module - load the multiboot2 module called @name ("x" or
 * "x.ko", matched against the module's GRUB command line).
 * Context: process context. Return: as load_module(), or -ENOENT with
 * "module NAME not found" when no boot module has that name.
 */
int load_boot_module(const char *name, const char *args);

/*
 * delete_module - call @name's exit, unmap and free it.
 * Context: process context. Return: 0; -ENOENT (not loaded), -EBUSY (in
 * use, still coming/going, or it has no exit function).
 */
int delete_module(const char *name);

/*
 * find_module - the loaded module called @name, or NULL. The pointer is
 * valid until the module is removed (the caller makes sure it is not).
 * Context: any.
 */
struct module *find_module(const char *name);

/* Take/drop a reference that keeps @mod from being removed. Context: any. */
bool try_module_get(struct module *mod);
void module_put(struct module *mod);

/*
 * module_for_each - call @fn for every module (state any but UNFORMED),
 * oldest first, with module_lock held (@fn must not sleep); stops at the
 * first non-zero return. Return: that value, or 0.
 */
int module_for_each(int (*fn)(const struct module *mod, void *data), void *data);

struct boot_module;
/* Return: the multiboot2 module called @name ("x" or "x.ko"), or NULL. Context: any. */
const struct boot_module *find_boot_module(const char *name);

/* The boot modules (multiboot2) whose name ends in ".ko". Context: any. */
unsigned int nr_boot_ko_modules(void);

/* Return: the name of @state ("Live", "Loading", "Unloading", "Unformed"). */
const char *module_state_name(enum module_state state);

/* Return: the module whose memory holds @addr, or NULL. Context: any. */
struct module *module_of_addr(unsigned long addr);

/*
 * module_address_lookup - the module symbol holding @addr (kallsyms_lookup()
 * asks here for addresses outside the kernel image). Out pointers may be NULL.
 * Context: any; returns false if module_lock is busy (no deadlock in reports).
 */
bool module_address_lookup(unsigned long addr, const char **name, unsigned long *offset,
			   unsigned long *size);
