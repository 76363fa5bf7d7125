// SPDX-License-Identifier: MIT
/*
 * Checking a module file before the loader believes a byte of it (Linux
 * kernel/module/main.c: elf_validity_check and its helpers). Nothing is
 * allocated and nothing is written; afterwards every offset, size, index
 * and name the loader follows is known to lie inside the file, so a
 * truncated, bit-flipped or hostile file is refused here or later with a
 * clear message, never followed out of bounds.
 *
 * Messages use Linux's words, without a prefix (the module's name is not
 * known yet).
 */
#include <arch/memlayout.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "module_internal.h"

int elf_section_part(const Elf64_Shdr *s)
{
	if (s->sh_flags & SHF_EXECINSTR)
		return 0;
	return (s->sh_flags & SHF_WRITE) ? 2 : 1;
}

unsigned int elf_rela_width(unsigned int type)
{
	switch (type) {
	case R_X86_64_64:
		return 8;
	case R_X86_64_PC32:
	case R_X86_64_PLT32:
	case R_X86_64_32:
	case R_X86_64_32S:
		return 4;
	default:
		return 0;
	}
}

/* Is [off, off + size) inside the file? (No overflow for any values.) */
static bool in_file(const struct load_info *info, u64 off, u64 size)
{
	return off <= info->len && size <= info->len - off;
}

static int elf_check_header(struct load_info *info)
{
	const Elf64_Ehdr *hdr = info->hdr;

	if (info->len < sizeof(*hdr)) {
		pr_err("Invalid ELF header len %zu\n", info->len);
		return -ENOEXEC;
	}
	if (!IS_ALIGNED((unsigned long)info->image, 8)) {
		pr_err("Invalid ELF image alignment\n");
		return -ENOEXEC;
	}
	if (memcmp(hdr->e_ident, ELFMAG, SELFMAG)) {
		pr_err("Invalid ELF header magic: != \\x7fELF\n");
		return -ENOEXEC;
	}
	if (hdr->e_ident[EI_CLASS] != ELFCLASS64 || hdr->e_ident[EI_DATA] != ELFDATA2LSB ||
	    hdr->e_ident[EI_VERSION] != EV_CURRENT || hdr->e_version != EV_CURRENT) {
		pr_err("Invalid ELF header class/data/version: %u/%u/%u != %u/%u/%u\n",
		       hdr->e_ident[EI_CLASS], hdr->e_ident[EI_DATA], hdr->e_version, ELFCLASS64,
		       ELFDATA2LSB, EV_CURRENT);
		return -ENOEXEC;
	}
	if (hdr->e_type != ET_REL) {
		pr_err("Invalid ELF header type: %u != %u\n", hdr->e_type, ET_REL);
		return -ENOEXEC;
	}
	if (hdr->e_machine != EM_X86_64) {
		pr_err("Invalid architecture in ELF header: %u\n", hdr->e_machine);
		return -ENOEXEC;
	}
	if (hdr->e_shentsize != sizeof(Elf64_Shdr)) {
		pr_err("Invalid ELF section header size\n");
		return -ENOEXEC;
	}
	if (hdr->e_shnum == 0 || hdr->e_shnum >= SHN_LORESERVE ||
	    !in_file(info, hdr->e_shoff, (u64)hdr->e_shnum * sizeof(Elf64_Shdr)) ||
	    !IS_ALIGNED(hdr->e_shoff, 8)) {
		pr_err("Invalid ELF section header overflow\n");
		return -ENOEXEC;
	}
	return 0;
}

/* The section name table: a string table inside the file, ending in NUL. */
static int elf_check_secstrings(struct load_info *info)
{
	const Elf64_Ehdr *hdr = info->hdr;
	const Elf64_Shdr *strhdr;

	if (hdr->e_shstrndx == SHN_UNDEF || hdr->e_shstrndx >= hdr->e_shnum) {
		pr_err("Invalid ELF section name index: %d || e_shstrndx (%d) >= e_shnum (%d)\n",
		       hdr->e_shstrndx, hdr->e_shstrndx, hdr->e_shnum);
		return -ENOEXEC;
	}
	strhdr = &info->sechdrs[hdr->e_shstrndx];
	if (strhdr->sh_type != SHT_STRTAB || strhdr->sh_size == 0 ||
	    !in_file(info, strhdr->sh_offset, strhdr->sh_size)) {
		pr_err("Invalid ELF section name table\n");
		return -ENOEXEC;
	}
	info->secstrings = (const char *)info->image + strhdr->sh_offset;
	if (info->secstrings[strhdr->sh_size - 1] != '\0') {
		pr_err("ELF Spec violation: section name table isn't null terminated\n");
		return -ENOEXEC;
	}
	return 0;
}

/* One section header: in the file, a sane alignment, not W+X, a valid name. */
static int elf_check_section(struct load_info *info, unsigned int i)
{
	const Elf64_Shdr *s = &info->sechdrs[i];
	const Elf64_Shdr *strhdr = &info->sechdrs[info->hdr->e_shstrndx];

	if (s->sh_name >= strhdr->sh_size) {
		pr_err("Module section %u has invalid name\n", i);
		return -ENOEXEC;
	}
	if (s->sh_type != SHT_NOBITS && !in_file(info, s->sh_offset, s->sh_size)) {
		pr_err("Module len %zu truncated\n", info->len);
		return -ENOEXEC;
	}
	if (!(s->sh_flags & SHF_ALLOC))
		return 0;
	if (s->sh_addralign & (s->sh_addralign - 1) || s->sh_addralign > PAGE_SIZE ||
	    s->sh_size > MODULE_MAX_SIZE) {
		pr_err("Module section %s (index %u) has invalid size or alignment\n",
		       info->secstrings + s->sh_name, i);
		return -ENOEXEC;
	}
	if ((s->sh_flags & (SHF_WRITE | SHF_EXECINSTR)) == (SHF_WRITE | SHF_EXECINSTR)) {
		pr_err("section %s (index %u) has invalid WRITE|EXEC flags\n",
		       info->secstrings + s->sh_name, i);
		return -ENOEXEC;
	}
	return 0;
}

/* The symbol table and its string table; every symbol name inside it. */
static int elf_check_symtab(struct load_info *info)
{
	const Elf64_Shdr *sym = &info->sechdrs[info->sym_idx], *str;

	if (sym->sh_entsize != sizeof(Elf64_Sym) || sym->sh_size % sizeof(Elf64_Sym) ||
	    sym->sh_size < sizeof(Elf64_Sym) || sym->sh_size / sizeof(Elf64_Sym) > UINT_MAX ||
	    !IS_ALIGNED(sym->sh_offset, 8) || sym->sh_link == SHN_UNDEF ||
	    sym->sh_link >= info->shnum) {
		pr_err("Invalid ELF symbol table\n");
		return -ENOEXEC;
	}
	str = &info->sechdrs[sym->sh_link];
	if (str->sh_type != SHT_STRTAB || str->sh_size == 0) {
		pr_err("Invalid ELF symbol string table\n");
		return -ENOEXEC;
	}
	info->syms = (const Elf64_Sym *)(info->image + sym->sh_offset);
	info->nsyms = sym->sh_size / sizeof(Elf64_Sym);
	info->strtab = (const char *)info->image + str->sh_offset;
	info->strsize = str->sh_size;
	if (info->strtab[info->strsize - 1] != '\0') {
		pr_err("ELF Spec violation: symbol string table isn't null terminated\n");
		return -ENOEXEC;
	}
	for (unsigned int i = 0; i < info->nsyms; i++) {
		if (info->syms[i].st_name >= info->strsize) {
			pr_err("Module symbol %u has invalid name\n", i);
			return -ENOEXEC;
		}
	}
	return 0;
}

/* A RELA section: entries of the right size, aimed at the symbol table. */
static int elf_check_rela(const struct load_info *info, unsigned int i)
{
	const Elf64_Shdr *s = &info->sechdrs[i];

	if (s->sh_entsize != sizeof(Elf64_Rela) || s->sh_size % sizeof(Elf64_Rela) ||
	    !IS_ALIGNED(s->sh_offset, 8) || s->sh_link != info->sym_idx ||
	    s->sh_info == SHN_UNDEF || s->sh_info >= info->shnum) {
		pr_err("Invalid ELF relocation section %s (index %u)\n",
		       info->secstrings + s->sh_name, i);
		return -ENOEXEC;
	}
	return 0;
}

/* Find the symbol table and .modinfo, refuse REL; check the RELA sections. */
static int elf_find_sections(struct load_info *info)
{
	int err;

	for (unsigned int i = 1; i < info->shnum; i++) {
		const Elf64_Shdr *s = &info->sechdrs[i];

		if (s->sh_type == SHT_SYMTAB) {
			if (info->sym_idx) {
				pr_err("Module has multiple symbol tables\n");
				return -ENOEXEC;
			}
			info->sym_idx = i;
		} else if (s->sh_type == SHT_REL) {
			pr_err("module: REL relocation unsupported (section %s)\n",
			       info->secstrings + s->sh_name);
			return -ENOEXEC;
		}
		if (!info->modinfo_idx && s->sh_type == SHT_PROGBITS &&
		    !strcmp(info->secstrings + s->sh_name, ".modinfo"))
			info->modinfo_idx = i;
	}
	if (!info->sym_idx) {
		pr_err("Module has no symbols (stripped?)\n");
		return -ENOEXEC;
	}
	err = elf_check_symtab(info);
	for (unsigned int i = 1; !err && i < info->shnum; i++)
		if (info->sechdrs[i].sh_type == SHT_RELA)
			err = elf_check_rela(info, i);
	return err;
}

int elf_validity_check(struct load_info *info)
{
	int err;

	info->hdr = (const Elf64_Ehdr *)info->image;
	err = elf_check_header(info);
	if (err)
		return err;
	info->sechdrs = (const Elf64_Shdr *)(info->image + info->hdr->e_shoff);
	info->shnum = info->hdr->e_shnum;
	err = elf_check_secstrings(info);
	if (err)
		return err;
	if (info->sechdrs[0].sh_type != SHT_NULL) {
		pr_err("ELF Spec violation: section 0 type(%u) is invalid\n",
		       info->sechdrs[0].sh_type);
		return -ENOEXEC;
	}
	for (unsigned int i = 1; i < info->shnum; i++) {
		err = elf_check_section(info, i);
		if (err)
			return err;
	}
	return elf_find_sections(info);
}
