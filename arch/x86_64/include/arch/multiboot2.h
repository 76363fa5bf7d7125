/* SPDX-License-Identifier: MIT */
/*
 * Multiboot2 (GNU Multiboot2 specification, version 2.0) constants and the
 * parser that turns the loader's information block into struct boot_info.
 */
#pragma once

#include <kernel/bootinfo.h>
#include <kernel/types.h>

#define MB2_HEADER_MAGIC 0xe85250d6
#define MB2_BOOTLOADER_MAGIC 0x36d76289
#define MB2_ARCH_I386 0

/* Header tags (in the kernel image). */
#define MB2_HEADER_TAG_END 0
#define MB2_HEADER_TAG_INFO_REQUEST 1
#define MB2_HEADER_TAG_ADDRESS 2
#define MB2_HEADER_TAG_ENTRY_ADDRESS 3
#define MB2_HEADER_TAG_CONSOLE_FLAGS 4
#define MB2_HEADER_TAG_FRAMEBUFFER 5
#define MB2_HEADER_TAG_MODULE_ALIGN 6

/* Boot information tags (from the loader). */
#define MB2_TAG_END 0
#define MB2_TAG_CMDLINE 1
#define MB2_TAG_BOOTLOADER_NAME 2
#define MB2_TAG_MODULE 3
#define MB2_TAG_BASIC_MEMINFO 4
#define MB2_TAG_BOOTDEV 5
#define MB2_TAG_MMAP 6
#define MB2_TAG_VBE 7
#define MB2_TAG_FRAMEBUFFER 8
#define MB2_TAG_ELF_SECTIONS 9
#define MB2_TAG_APM 10
#define MB2_TAG_EFI32 11
#define MB2_TAG_EFI64 12
#define MB2_TAG_SMBIOS 13
#define MB2_TAG_ACPI_OLD 14
#define MB2_TAG_ACPI_NEW 15
#define MB2_TAG_NETWORK 16
#define MB2_TAG_EFI_MMAP 17
#define MB2_TAG_EFI_BS 18
#define MB2_TAG_EFI32_IH 19
#define MB2_TAG_EFI64_IH 20
#define MB2_TAG_LOAD_BASE_ADDR 21

/*
 * multiboot2_parse - parse the information block at @info (@size bytes are
 * readable; the block's own total_size must fit in it) into @bi.
 * @info_phys is the block's physical address, recorded for reservation.
 * Unknown tags are counted and skipped. A malformed block (total_size too
 * small or too large, a tag running past the end, a tag size below 8, a
 * missing end tag) stops parsing at the last good tag and sets bi->error and
 * bi->error_msg; what was parsed before stays valid.
 * Context: boot, or any (pure function of its inputs).
 * Return: 0, or -EINVAL if the block was malformed.
 */
int multiboot2_parse(const void *info, size_t size, phys_addr_t info_phys,
		     struct boot_info *bi);

/* Print the memory map as Linux prints the e820 map ("BIOS-e820: [mem ...]"). */
void boot_info_print_mmap(const struct boot_info *bi);
/* Return: a short name for a memory map type ("usable", "reserved", ...). */
const char *boot_mem_type_name(u32 type);
