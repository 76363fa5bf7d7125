/* SPDX-License-Identifier: MIT */
/*
 * The module loader's private interfaces: the ELF64 structures it reads
 * (the System V gABI and the x86-64 psABI), what it knows about a file
 * while loading it, and the split of the work between kernel/module.c
 * (loading, the module list), kernel/module_elf.c (checking the file) and
 * kernel/params.c (module parameters).
 */
#pragma once

#include <kernel/module.h>
#include <kernel/types.h>

/* Bounds that keep a hostile file from asking for absurd amounts of memory. */
#define MODULE_MAX_IMAGE	(64UL << 20)	/* file length */
#define MODULE_MAX_SIZE		(64UL << 20)	/* module memory (text + data + bss) */

#define EI_NIDENT	16
#define EI_CLASS	4
#define EI_DATA		5
#define EI_VERSION	6
#define ELFMAG		"\177ELF"
#define SELFMAG		4
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define EV_CURRENT	1
#define ET_REL		1
#define EM_X86_64	62

#define SHT_NULL	0
#define SHT_PROGBITS	1
#define SHT_SYMTAB	2
#define SHT_STRTAB	3
#define SHT_RELA	4
#define SHT_NOBITS	8
#define SHT_REL		9

#define SHF_WRITE	0x1
#define SHF_ALLOC	0x2
#define SHF_EXECINSTR	0x4

#define SHN_UNDEF	0
#define SHN_LORESERVE	0xff00
#define SHN_ABS		0xfff1
#define SHN_COMMON	0xfff2

#define STB_LOCAL	0
#define STB_GLOBAL	1
#define STB_WEAK	2
#define ELF64_ST_BIND(i)	((i) >> 4)

#define ELF64_R_SYM(i)		((unsigned int)((i) >> 32))
#define ELF64_R_TYPE(i)		((unsigned int)((i) & 0xffffffff))

/* The x86-64 relocations the loader applies (psABI numbers). */
#define R_X86_64_NONE	0
#define R_X86_64_64	1	/* S + A */
#define R_X86_64_PC32	2	/* S + A - P, signed 32 */
#define R_X86_64_PLT32	4	/* L + A - P: no PLT here, so as PC32 */
#define R_X86_64_32	10	/* S + A, zero-extended 32 */
#define R_X86_64_32S	11	/* S + A, sign-extended 32 */

typedef struct {
	unsigned char e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	u32 sh_name;
	u32 sh_type;
	u64 sh_flags;
	u64 sh_addr;
	u64 sh_offset;
	u64 sh_size;
	u32 sh_link;
	u32 sh_info;
	u64 sh_addralign;
	u64 sh_entsize;
} Elf64_Shdr;

typedef struct {
	u32 st_name;
	u8 st_info;
	u8 st_other;
	u16 st_shndx;
	u64 st_value;
	u64 st_size;
} Elf64_Sym;

typedef struct {
	u64 r_offset;
	u64 r_info;
	s64 r_addend;
} Elf64_Rela;

/*
 * What load_module() knows about the file while it works. Everything
 * elf_validity_check() fills in points into the file and has been checked
 * against its length.
 */
struct load_info {
	const u8 *image;
	size_t len;
	const Elf64_Ehdr *hdr;
	const Elf64_Shdr *sechdrs;
	unsigned int shnum;		/* >= 1; sechdrs[0] is the null section */
	const char *secstrings;		/* every sh_name is a terminated string in it */
	unsigned int sym_idx;		/* the one SHT_SYMTAB */
	const Elf64_Sym *syms;
	unsigned int nsyms;		/* >= 1; every st_name lies in strtab */
	const char *strtab;		/* terminated */
	size_t strsize;
	unsigned int modinfo_idx;	/* .modinfo (never loaded), or 0 */
	/* Filled while loading (kernel/module.c). */
	unsigned long *secaddr;		/* where each section lives; 0: not loaded */
	unsigned long *secoff;		/* its offset in module memory */
	unsigned long *symval;		/* resolved symbol values */
	u8 *symok;			/* symval[i] may be used by a relocation */
};

/*
 * elf_validity_check - check the whole file before anything is allocated:
 * ELF header (magic, class, byte order, version, type, machine, section
 * header size), section header table and string table within the file,
 * every section's offset and size within the file, its alignment, no
 * W+X section, exactly one symbol table with a terminated string table,
 * every symbol name inside it, RELA sections well formed and pointing at
 * that symbol table, no REL sections. Prints what is wrong, Linux's words.
 * Context: any. Return: 0 (info filled in) or -ENOEXEC.
 */
int elf_validity_check(struct load_info *info);

/* Return: where an allocated section goes: 0 text, 1 rodata, 2 data/bss. */
int elf_section_part(const Elf64_Shdr *s);

/* Return: the bytes relocation @type writes (0 for R_X86_64_NONE and unknown types). */
unsigned int elf_rela_width(unsigned int type);

/*
 * kernel/module_kallsyms.c: keep @mod's defined functions and objects (with
 * their final addresses) for module_address_lookup(). Return: 0 or -ENOMEM
 * (what was allocated is freed by module_kallsyms_free()).
 */
int module_kallsyms_add(struct module *mod, const struct load_info *info);
void module_kallsyms_free(struct module *mod);
/* The symbol of @mod that holds @addr. Context: module_lock held. */
bool module_kallsyms_lookup(const struct module *mod, unsigned long addr, const char **name,
			    unsigned long *offset, unsigned long *size);

/* kernel/params.c: set @mod's parameters from mod->args (see there). */
int module_parse_args(struct module *mod);
