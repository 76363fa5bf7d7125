/* SPDX-License-Identifier: MIT */
/*
 * boot_info: everything the boot loader told us, in one self-contained
 * structure (strings and small tables are copied out of the loader's block,
 * so it stays valid after that memory is reused). Filled once at boot by the
 * multiboot2 parser (arch/x86_64/multiboot2.c); read-only afterwards.
 */
#pragma once

#include <kernel/types.h>

/* Memory map entry types, as multiboot2 (and e820) number them. */
#define BOOT_MEM_AVAILABLE 1
#define BOOT_MEM_RESERVED 2
#define BOOT_MEM_ACPI_RECLAIMABLE 3
#define BOOT_MEM_NVS 4
#define BOOT_MEM_BADRAM 5

#define BOOT_MMAP_MAX 256
#define BOOT_MODULES_MAX 16
#define BOOT_CMDLINE_MAX 2048
#define BOOT_LOADER_NAME_MAX 64
#define BOOT_MODULE_CMDLINE_MAX 128

struct boot_mmap_entry {
	u64 addr;
	u64 len;
	u32 type;
};

struct boot_module {
	phys_addr_t start;
	phys_addr_t end;		/* exclusive */
	char cmdline[BOOT_MODULE_CMDLINE_MAX];
};

struct boot_framebuffer {
	bool present;
	phys_addr_t addr;
	u32 pitch;
	u32 width;
	u32 height;
	u8 bpp;
	u8 type;			/* 0 indexed, 1 direct RGB, 2 EGA text */
	u8 red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
};

struct boot_info {
	/* Where the loader's information block lies (to reserve it). */
	phys_addr_t info_start;
	phys_addr_t info_end;		/* exclusive */

	char cmdline[BOOT_CMDLINE_MAX];
	bool has_cmdline;
	char loader_name[BOOT_LOADER_NAME_MAX];

	bool has_basic_meminfo;
	u32 mem_lower_kb;
	u32 mem_upper_kb;

	struct boot_mmap_entry mmap[BOOT_MMAP_MAX];
	unsigned int nr_mmap;
	bool mmap_truncated;		/* more entries than BOOT_MMAP_MAX */

	struct boot_module modules[BOOT_MODULES_MAX];
	unsigned int nr_modules;
	bool modules_truncated;

	struct boot_framebuffer fb;

	/* ACPI RSDP copies (v1: 20 bytes; v2+: up to 36 bytes). */
	u8 rsdp_v1[20];
	bool has_rsdp_v1;
	u8 rsdp_v2[36];
	bool has_rsdp_v2;

	/* EFI memory map tag: left in place (the block is reserved). */
	phys_addr_t efi_mmap;		/* address of the first descriptor */
	u32 efi_mmap_size;		/* bytes of descriptors */
	u32 efi_desc_size;
	u32 efi_desc_version;
	bool has_efi_mmap;
	u64 efi64_system_table;
	bool efi_boot_services_active;	/* tag 18 seen */
	phys_addr_t load_base;		/* tag 21 */
	bool has_load_base;

	unsigned int nr_tags;		/* tags seen, including unknown */
	unsigned int nr_unknown_tags;
	int error;			/* 0, or -EINVAL if the block was malformed */
	const char *error_msg;		/* why parsing stopped early */
};

extern struct boot_info boot_info;
