// SPDX-License-Identifier: MIT
/*
 * The module loader (Linux kernel/module/main.c and arch/x86/kernel/module.c
 * in one small file). A module is an ELF64 relocatable object; loading it:
 *
 *   elf_validity_check   every header, offset and size checked against the
 *                        file: a truncated or hostile file is refused, never
 *                        trusted (the file is only read: the boot copy stays
 *                        pristine, so a module can be loaded again)
 *   add_unformed_module  reserve the name (a second load gets -EEXIST)
 *   layout_sections      text, then rodata, then data+bss, each part
 *                        page-aligned, so each gets its own permissions
 *   move_module          one vmalloc area in [MODULES_VADDR, MODULES_END),
 *                        within 2 GiB of the kernel text (-mcmodel=kernel)
 *   simplify_symbols     undefined symbols from the kernel's exports only
 *   apply_relocations    R_X86_64_64, PC32, PLT32, 32, 32S with overflow
 *                        checks; anything else is refused by number
 *   module_enable_*      text RX, rodata R+NX, data RW+NX (no W+X page)
 *   do_init_module       parameters, then the module's init
 *
 * Any failure undoes everything done so far: no area, no memory, no name.
 *
 * Lock order: module_lock (a spinlock, interrupts off) guards the module
 * list, each module's state and refcnt; it is innermost and never held
 * across allocation, mapping or a module's own code.
 */
#include <arch/irqflags.h>
#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <kernel/bootinfo.h>
#include <kernel/errno.h>
#include <kernel/module.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>

#include "module_internal.h"

#define MODINFO_MAX_STRING	256	/* license, description copies */
#define PAGE_ALIGN(x) ALIGN((x), PAGE_SIZE)

static DEFINE_SPINLOCK(module_lock);
static LIST_HEAD(modules);		/* module_lock */

/* ---- the module list ---- */

const char *module_state_name(enum module_state state)
{
	switch (state) {
	case MODULE_STATE_LIVE:
		return "Live";
	case MODULE_STATE_COMING:
		return "Loading";
	case MODULE_STATE_GOING:
		return "Unloading";
	default:
		return "Unformed";
	}
}

/* Return: the module named @name in any state. Context: module_lock held. */
static struct module *find_module_all_locked(const char *name)
{
	struct module *mod;

	lockdep_assert_held(&module_lock);
	list_for_each_entry(mod, &modules, list)
		if (!strcmp(mod->name, name))
			return mod;
	return NULL;
}

struct module *find_module(const char *name)
{
	struct module *mod;
	unsigned long flags;

	spin_lock_irqsave(&module_lock, flags);
	mod = find_module_all_locked(name);
	if (mod && mod->state == MODULE_STATE_UNFORMED)
		mod = NULL;
	spin_unlock_irqrestore(&module_lock, flags);
	return mod;
}

struct module *module_of_addr(unsigned long addr)
{
	struct module *mod, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&module_lock, flags);
	list_for_each_entry(mod, &modules, list) {
		if (mod->base && addr - (unsigned long)mod->base < mod->size) {
			found = mod;
			break;
		}
	}
	spin_unlock_irqrestore(&module_lock, flags);
	return found;
}

bool module_address_lookup(unsigned long addr, const char **name, unsigned long *offset,
			   unsigned long *size)
{
	struct module *mod;
	unsigned long flags;
	bool found = false;

	if (addr < MODULES_VADDR || addr >= MODULES_END)
		return false;
	local_irq_save(flags);
	if (!spin_trylock(&module_lock)) {
		local_irq_restore(flags);
		return false;
	}
	list_for_each_entry(mod, &modules, list) {
		if (mod->base && addr - (unsigned long)mod->base < mod->size) {
			found = module_kallsyms_lookup(mod, addr, name, offset, size);
			break;
		}
	}
	spin_unlock(&module_lock);
	local_irq_restore(flags);
	return found;
}

int module_for_each(int (*fn)(const struct module *mod, void *data), void *data)
{
	struct module *mod;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&module_lock, flags);
	list_for_each_entry(mod, &modules, list) {
		if (mod->state == MODULE_STATE_UNFORMED)
			continue;
		ret = fn(mod, data);
		if (ret)
			break;
	}
	spin_unlock_irqrestore(&module_lock, flags);
	return ret;
}

bool try_module_get(struct module *mod)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&module_lock, flags);
	ok = mod->state == MODULE_STATE_LIVE;
	if (ok)
		mod->refcnt++;
	spin_unlock_irqrestore(&module_lock, flags);
	return ok;
}

void module_put(struct module *mod)
{
	unsigned long flags;

	spin_lock_irqsave(&module_lock, flags);
	WARN_ON_ONCE(mod->refcnt <= 0);
	if (mod->refcnt > 0)
		mod->refcnt--;
	spin_unlock_irqrestore(&module_lock, flags);
}

/* Reserve @mod's name. Return: 0, or -EEXIST if a module of that name exists. */
static int add_unformed_module(struct module *mod)
{
	unsigned long flags;
	int err = 0;

	mod->state = MODULE_STATE_UNFORMED;
	spin_lock_irqsave(&module_lock, flags);
	if (find_module_all_locked(mod->name))
		err = -EEXIST;
	else
		list_add_tail(&mod->list, &modules);
	spin_unlock_irqrestore(&module_lock, flags);
	return err;
}

static void set_module_state(struct module *mod, enum module_state state)
{
	unsigned long flags;

	spin_lock_irqsave(&module_lock, flags);
	mod->state = state;
	spin_unlock_irqrestore(&module_lock, flags);
}

/* ---- module memory ---- */

/*
 * module_alloc - @size bytes of zeroed, RW+NX memory in the module area
 * (Linux: __vmalloc_node_range() over [MODULES_VADDR, MODULES_END)); the
 * area is recorded as allocated by our caller.
 */
static __noinline void *module_alloc(unsigned long size)
{
	return __vmalloc_node_range(size, PAGE_SIZE, MODULES_VADDR, MODULES_END,
				    GFP_KERNEL | __GFP_ZERO, PAGE_KERNEL,
				    __builtin_return_address(0));
}

/* Text RX, rodata R+NX; data stays RW+NX as vmalloc mapped it. */
static int module_enable_protections(const struct module *mod)
{
	unsigned long base = (unsigned long)mod->base;
	int err = 0;

	if (mod->ro_size > mod->text_size)
		err = arch_mmu_protect(base + mod->text_size, mod->ro_size - mod->text_size,
				       PAGE_KERNEL_RO);
	if (!err && mod->text_size)
		err = arch_mmu_protect(base, mod->text_size, PAGE_KERNEL_EXEC);
	return err;
}

/* Give module memory back: RW+NX again (as vmalloc handed it out), then vfree. */
static void module_memfree(struct module *mod)
{
	if (!mod->base)
		return;
	WARN_ON(arch_mmu_protect((unsigned long)mod->base, mod->size, PAGE_KERNEL));
	vfree(mod->base);
	mod->base = NULL;
}

/* Undo everything a load did to @mod (its memory, copies, list entry). */
static void free_module(struct module *mod)
{
	unsigned long flags;

	spin_lock_irqsave(&module_lock, flags);
	if (mod->list.next)
		list_del(&mod->list);
	spin_unlock_irqrestore(&module_lock, flags);
	module_kallsyms_free(mod);
	module_memfree(mod);
	kfree(mod->license);
	kfree(mod->description);
	kfree(mod->args);
	kfree(mod);
}

/* ---- the ELF file ---- */

static const Elf64_Shdr *shdr(const struct load_info *info, unsigned int i)
{
	return &info->sechdrs[i];
}

static const char *secname(const struct load_info *info, unsigned int i)
{
	return info->secstrings + shdr(info, i)->sh_name;
}

static bool sec_loaded(const struct load_info *info, unsigned int i)
{
	return info->secaddr[i] != 0;
}

/* The .modinfo value of @tag ("tag=value"), or NULL. Strings end inside the section. */
static const char *get_modinfo(const struct load_info *info, const char *tag)
{
	const Elf64_Shdr *s;
	const char *p, *end;
	size_t taglen = strlen(tag);

	if (!info->modinfo_idx)
		return NULL;
	s = shdr(info, info->modinfo_idx);
	p = (const char *)info->image + s->sh_offset;
	end = p + s->sh_size;
	while (p < end) {
		size_t n = strnlen(p, end - p);

		if (n == (size_t)(end - p))
			return NULL;	/* not terminated: ignore the rest */
		if (n > taglen && !strncmp(p, tag, taglen) && p[taglen] == '=')
			return p + taglen + 1;
		p += n + 1;
	}
	return NULL;
}

static char *modinfo_dup(const struct load_info *info, const char *tag)
{
	const char *v = get_modinfo(info, tag);
	char *copy;

	if (!v)
		return NULL;
	copy = kmalloc(MODINFO_MAX_STRING, GFP_KERNEL);
	if (copy)
		strscpy(copy, v, MODINFO_MAX_STRING);
	return copy;
}

/* Linux's license_is_gpl_compatible(). */
static bool license_is_gpl_compatible(const char *license)
{
	static const char *const ok[] = {
		"GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL",
		"Dual MIT/GPL", "Dual MPL/GPL",
	};

	for (unsigned int i = 0; license && i < ARRAY_SIZE(ok); i++)
		if (!strcmp(license, ok[i]))
			return true;
	return false;
}

static bool valid_module_name(const char *name)
{
	size_t n = strnlen(name, MODULE_NAME_LEN);

	if (n == 0 || n == MODULE_NAME_LEN)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return true;
}

/* The module's name: .modinfo "name=", else @file_name without ".ko". */
static int module_name_from(const struct load_info *info, const char *file_name, char *name)
{
	const char *n = get_modinfo(info, "name");
	size_t len;

	if (n) {
		strscpy(name, n, MODULE_NAME_LEN);
	} else if (file_name) {
		strscpy(name, file_name, MODULE_NAME_LEN);
		len = strlen(name);
		if (len > 3 && !strcmp(name + len - 3, ".ko"))
			name[len - 3] = '\0';
	} else {
		name[0] = '\0';
	}
	if (!valid_module_name(name)) {
		pr_err("module: invalid or missing module name\n");
		return -ENOEXEC;
	}
	return 0;
}

/*
 * Place every allocated section: text first, then rodata, then data and
 * bss, each part starting on a page. Fills info->secoff and mod's sizes.
 */
static int layout_sections(struct module *mod, struct load_info *info)
{
	unsigned long off = 0;

	for (int part = 0; part < 3; part++) {
		for (unsigned int i = 1; i < info->shnum; i++) {
			const Elf64_Shdr *s = shdr(info, i);
			unsigned long align = s->sh_addralign ? s->sh_addralign : 1;

			if (!(s->sh_flags & SHF_ALLOC) || i == info->modinfo_idx)
				continue;
			if (elf_section_part(s) != part)
				continue;
			off = ALIGN(off, align);
			info->secoff[i] = off;
			off += s->sh_size;
			if (off > MODULE_MAX_SIZE) {
				pr_err("%s: module is too large\n", mod->name);
				return -ENOEXEC;
			}
		}
		off = PAGE_ALIGN(off);
		if (part == 0)
			mod->text_size = off;
		else if (part == 1)
			mod->ro_size = off;
	}
	mod->size = off;
	return 0;
}

/* Allocate module memory and copy the allocated sections into it. */
static int move_module(struct module *mod, struct load_info *info)
{
	if (!mod->size) {
		pr_err("%s: module has nothing to load\n", mod->name);
		return -ENOEXEC;
	}
	mod->base = module_alloc(mod->size);
	if (!mod->base)
		return -ENOMEM;
	for (unsigned int i = 1; i < info->shnum; i++) {
		const Elf64_Shdr *s = shdr(info, i);

		if (!(s->sh_flags & SHF_ALLOC) || i == info->modinfo_idx)
			continue;
		info->secaddr[i] = (unsigned long)mod->base + info->secoff[i];
		if (s->sh_type != SHT_NOBITS)
			memcpy((void *)info->secaddr[i], info->image + s->sh_offset, s->sh_size);
	}
	return 0;
}

/* Return: the exported symbol @name (GPL-only ones for GPL modules), or 0. */
static unsigned long resolve_symbol(const char *name, bool gplok)
{
	for (const struct kernel_symbol *ks = __start___ksymtab; ks < __stop___ksymtab; ks++)
		if (!strcmp(ks->name, name))
			return ks->value;
	if (!gplok)
		return 0;
	for (const struct kernel_symbol *ks = __start___ksymtab_gpl; ks < __stop___ksymtab_gpl;
	     ks++)
		if (!strcmp(ks->name, name))
			return ks->value;
	return 0;
}

/* Resolve one symbol into info->symval[i]. Return: 0 or -errno (printed). */
static int simplify_symbol(struct module *mod, struct load_info *info, unsigned int i)
{
	const Elf64_Sym *sym = &info->syms[i];
	const char *name = info->strtab + sym->st_name;

	switch (sym->st_shndx) {
	case SHN_UNDEF:
		if (!name[0])
			return 0;
		info->symval[i] = resolve_symbol(name, mod->gpl_compatible);
		if (info->symval[i] || ELF64_ST_BIND(sym->st_info) == STB_WEAK) {
			info->symok[i] = 1;
			return 0;
		}
		pr_warn("%s: Unknown symbol %s (err %d)\n", mod->name, name, -ENOENT);
		return -ENOENT;
	case SHN_ABS:
		info->symval[i] = sym->st_value;
		info->symok[i] = 1;
		return 0;
	case SHN_COMMON:
		pr_warn("%s: please compile with -fno-common\n", mod->name);
		return -ENOEXEC;
	}
	if (sym->st_shndx >= info->shnum) {
		pr_err("%s: symbol %s has unknown section index %u\n", mod->name, name,
		       sym->st_shndx);
		return -ENOEXEC;
	}
	if (!sec_loaded(info, sym->st_shndx))
		return 0;	/* in a section that is not loaded: only relocations care */
	if (sym->st_value > shdr(info, sym->st_shndx)->sh_size) {
		pr_err("%s: symbol %s lies outside its section\n", mod->name, name);
		return -ENOEXEC;
	}
	info->symval[i] = info->secaddr[sym->st_shndx] + sym->st_value;
	info->symok[i] = 1;
	return 0;
}

/* Resolve every symbol; report every unknown one before failing. */
static int simplify_symbols(struct module *mod, struct load_info *info)
{
	int ret = 0, err;

	for (unsigned int i = 1; i < info->nsyms; i++) {
		err = simplify_symbol(mod, info, i);
		if (err && (!ret || ret == -ENOENT))
			ret = err;
	}
	return ret;
}

/* Apply one RELA entry at @loc (inside its section). Return: 0 or -ENOEXEC. */
static int apply_one_rela(struct module *mod, void *loc, unsigned int type, u64 val)
{
	switch (type) {
	case R_X86_64_NONE:
		return 0;
	case R_X86_64_64:
		if (*(u64 *)loc)
			goto invalid;
		*(u64 *)loc = val;
		return 0;
	case R_X86_64_32:
		if (*(u32 *)loc)
			goto invalid;
		if (val != (u32)val)
			goto overflow;
		*(u32 *)loc = val;
		return 0;
	case R_X86_64_32S:
		if (*(s32 *)loc)
			goto invalid;
		if ((s64)val != (s32)val)
			goto overflow;
		*(s32 *)loc = val;
		return 0;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
		if (*(s32 *)loc)
			goto invalid;
		val -= (u64)loc;
		if ((s64)val != (s32)val)
			goto overflow;
		*(s32 *)loc = val;
		return 0;
	default:
		pr_err("module: %s: Unknown rela relocation: %u\n", mod->name, type);
		return -ENOEXEC;
	}
invalid:
	pr_err("module: x86/modules: Skipping invalid relocation target, existing value is nonzero for type %u, loc %p, val %llx\n",
	       type, loc, (unsigned long long)val);
	return -ENOEXEC;
overflow:
	pr_err("module: overflow in relocation type %u val %llx\n", type, (unsigned long long)val);
	pr_err("module: `%s' likely not compiled with -mcmodel=kernel\n", mod->name);
	return -ENOEXEC;
}

/* Apply the RELA section @relsec to its (loaded) target section. */
static int apply_relocate_add(struct module *mod, struct load_info *info, unsigned int relsec)
{
	const Elf64_Shdr *rs = shdr(info, relsec);
	const Elf64_Shdr *target = shdr(info, rs->sh_info);
	const Elf64_Rela *rel = (const Elf64_Rela *)(info->image + rs->sh_offset);
	unsigned long n = rs->sh_size / sizeof(*rel);
	int err;

	for (unsigned long i = 0; i < n; i++) {
		unsigned int sym = ELF64_R_SYM(rel[i].r_info);
		unsigned int type = ELF64_R_TYPE(rel[i].r_info);
		unsigned int width = elf_rela_width(type);

		if (sym >= info->nsyms || !info->symok[sym]) {
			pr_err("module: %s: relocation %lu of %s uses symbol %u that is not loaded\n",
			       mod->name, i, secname(info, relsec), sym);
			return -ENOEXEC;
		}
		if (target->sh_type == SHT_NOBITS || rel[i].r_offset > target->sh_size ||
		    width > target->sh_size - rel[i].r_offset) {
			pr_err("module: %s: relocation %lu of %s lies outside its section\n",
			       mod->name, i, secname(info, relsec));
			return -ENOEXEC;
		}
		err = apply_one_rela(mod, (void *)(info->secaddr[rs->sh_info] + rel[i].r_offset),
				     type, info->symval[sym] + rel[i].r_addend);
		if (err)
			return err;
	}
	return 0;
}

static int apply_relocations(struct module *mod, struct load_info *info)
{
	int err;

	for (unsigned int i = 1; i < info->shnum; i++) {
		const Elf64_Shdr *s = shdr(info, i);

		if (s->sh_type != SHT_RELA || !sec_loaded(info, s->sh_info))
			continue;
		err = apply_relocate_add(mod, info, i);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Return: the loaded section called @name if its size is a multiple of
 * @entsize and it is aligned for it, else NULL (*@num = 0).
 */
static const void *section_objs(const struct load_info *info, const char *name,
				size_t entsize, unsigned int *num)
{
	*num = 0;
	for (unsigned int i = 1; i < info->shnum; i++) {
		if (!sec_loaded(info, i) || strcmp(secname(info, i), name))
			continue;
		if (shdr(info, i)->sh_size % entsize || !IS_ALIGNED(info->secaddr[i], 8))
			return NULL;
		*num = shdr(info, i)->sh_size / entsize;
		return (const void *)info->secaddr[i];
	}
	return NULL;
}

/* Return: the address of global function @name in the module's text, or 0. */
static unsigned long find_module_func(const struct module *mod, const struct load_info *info,
				      const char *name)
{
	for (unsigned int i = 1; i < info->nsyms; i++) {
		const Elf64_Sym *sym = &info->syms[i];
		unsigned long v = info->symval[i];

		if (sym->st_shndx == SHN_UNDEF || sym->st_shndx >= info->shnum ||
		    ELF64_ST_BIND(sym->st_info) != STB_GLOBAL || !info->symok[i] ||
		    strcmp(info->strtab + sym->st_name, name))
			continue;
		if (v - (unsigned long)mod->base >= mod->text_size)
			return 0;	/* not code: ignored */
		return v;
	}
	return 0;
}

static int find_module_sections(struct module *mod, struct load_info *info)
{
	mod->kp = section_objs(info, "__param", sizeof(*mod->kp), &mod->num_kp);
	mod->ktest_suites = section_objs(info, ".ktest_suites", sizeof(*mod->ktest_suites),
					 &mod->num_ktest_suites);
	mod->init = (int (*)(void))find_module_func(mod, info, "init_module");
	mod->exit = (void (*)(void))find_module_func(mod, info, "cleanup_module");
	return 0;
}

/* ---- loading ---- */

/* Per-section and per-symbol arrays of @info. Return: 0 or -ENOMEM. */
static int alloc_load_arrays(struct load_info *info)
{
	info->secaddr = kcalloc(info->shnum, sizeof(unsigned long), GFP_KERNEL);
	info->secoff = kcalloc(info->shnum, sizeof(unsigned long), GFP_KERNEL);
	info->symval = kvcalloc(info->nsyms, sizeof(unsigned long), GFP_KERNEL);
	info->symok = kvcalloc(info->nsyms, 1, GFP_KERNEL);
	if (!info->secaddr || !info->secoff || !info->symval || !info->symok)
		return -ENOMEM;
	return 0;
}

static void free_load_arrays(struct load_info *info)
{
	kfree(info->secaddr);
	kfree(info->secoff);
	kvfree(info->symval);
	kvfree(info->symok);
}

/* Read .modinfo into @mod: license, description. */
static int module_read_modinfo(struct module *mod, const struct load_info *info)
{
	const char *license = get_modinfo(info, "license");

	mod->gpl_compatible = license_is_gpl_compatible(license);
	if (!license)
		pr_warn("%s: module license 'unspecified' taints kernel.\n", mod->name);
	else if (!mod->gpl_compatible)
		pr_warn("%s: module license '%s' taints kernel.\n", mod->name, license);
	mod->license = modinfo_dup(info, "license");
	mod->description = modinfo_dup(info, "description");
	if ((license && !mod->license) ||
	    (get_modinfo(info, "description") && !mod->description))
		return -ENOMEM;
	return 0;
}

/* Call the module's init; on success it is Live. Return: 0 or init's error. */
static int do_init_module(struct module *mod)
{
	int ret = 0;

	set_module_state(mod, MODULE_STATE_COMING);
	if (mod->init)
		ret = mod->init();
	if (ret < 0) {
		pr_warn("%s: init failed (err %d), module not loaded\n", mod->name, ret);
		set_module_state(mod, MODULE_STATE_GOING);
		return ret;
	}
	if (ret > 0)
		pr_warn("%s: '%pS'->init suspiciously returned %d, it should follow 0/-E convention\n",
			mod->name, mod->init, ret);
	set_module_state(mod, MODULE_STATE_LIVE);
	return 0;
}

/* The steps between a checked file and a module ready to init. */
static int setup_module(struct module *mod, struct load_info *info, const char *args)
{
	int err;

	err = module_read_modinfo(mod, info);
	if (!err)
		err = layout_sections(mod, info);
	if (!err)
		err = move_module(mod, info);
	if (!err)
		err = simplify_symbols(mod, info);
	if (!err)
		err = apply_relocations(mod, info);
	if (!err)
		err = module_kallsyms_add(mod, info);
	if (!err)
		err = find_module_sections(mod, info);
	if (!err)
		err = module_enable_protections(mod);
	if (err)
		return err;
	mod->args = kstrdup(args ? args : "", GFP_KERNEL);
	if (!mod->args)
		return -ENOMEM;
	return module_parse_args(mod);
}

int load_module(const void *image, size_t len, const char *args, const char *file_name)
{
	struct load_info info = { .image = image, .len = len };
	struct module *mod;
	int err;

	might_sleep();
	err = elf_validity_check(&info);
	if (err)
		return err;
	mod = kzalloc(sizeof(*mod), GFP_KERNEL);
	if (!mod)
		return -ENOMEM;
	err = module_name_from(&info, file_name, mod->name);
	if (err) {
		kfree(mod);
		return err;
	}
	err = add_unformed_module(mod);
	if (err) {
		kfree(mod);
		return err;
	}
	err = alloc_load_arrays(&info);
	if (!err)
		err = setup_module(mod, &info, args);
	free_load_arrays(&info);
	if (!err)
		err = do_init_module(mod);
	if (err)
		free_module(mod);
	return err;
}

int delete_module(const char *name)
{
	struct module *mod;
	unsigned long flags;
	int err = 0;

	might_sleep();
	spin_lock_irqsave(&module_lock, flags);
	mod = find_module_all_locked(name);
	if (!mod || mod->state == MODULE_STATE_UNFORMED)
		err = -ENOENT;
	else if (mod->state != MODULE_STATE_LIVE || mod->refcnt)
		err = -EBUSY;
	else if (mod->init && !mod->exit)
		err = -EBUSY;	/* Linux: no exit, no unload (without force) */
	else
		mod->state = MODULE_STATE_GOING;
	spin_unlock_irqrestore(&module_lock, flags);
	if (err)
		return err;
	if (mod->exit)
		mod->exit();
	free_module(mod);
	return 0;
}

/* ---- multiboot2 modules ---- */

/* Does boot module @m's command line (its first word) name @name or @name.ko? */
static bool boot_module_is(const struct boot_module *m, const char *name)
{
	size_t n = strlen(name), w = strcspn(m->cmdline, " ");

	if (w == n && !strncmp(m->cmdline, name, n))
		return true;
	return w == n + 3 && !strncmp(m->cmdline, name, n) && !strncmp(m->cmdline + n, ".ko", 3);
}

unsigned int nr_boot_ko_modules(void)
{
	unsigned int nr = 0;

	for (unsigned int i = 0; i < boot_info.nr_modules; i++) {
		const char *c = boot_info.modules[i].cmdline;
		size_t w = strcspn(c, " ");

		if (w > 3 && !strncmp(c + w - 3, ".ko", 3))
			nr++;
	}
	return nr;
}

const struct boot_module *find_boot_module(const char *name)
{
	for (unsigned int i = 0; i < boot_info.nr_modules; i++)
		if (boot_module_is(&boot_info.modules[i], name))
			return &boot_info.modules[i];
	return NULL;
}

int load_boot_module(const char *name, const char *args)
{
	const struct boot_module *m = find_boot_module(name);
	char file[BOOT_MODULE_CMDLINE_MAX];
	size_t len;

	if (!m) {
		pr_err("module %s not found\n", name);
		return -ENOENT;
	}
	/* memblock reserved it; it is RAM, so the direct map covers it. */
	len = m->end - m->start;
	if (m->end <= m->start || len > MODULE_MAX_IMAGE ||
	    !arch_mmu_query((unsigned long)__va(m->start), NULL, NULL, NULL) ||
	    !arch_mmu_query((unsigned long)__va(m->end - 1), NULL, NULL, NULL)) {
		pr_err("module %s: boot module at [%#llx-%#llx) is unusable\n", name,
		       (unsigned long long)m->start, (unsigned long long)m->end);
		return -ENOEXEC;
	}
	strscpy(file, m->cmdline, sizeof(file));
	file[strcspn(file, " ")] = '\0';
	return load_module(__va(m->start), len, args, file);
}
