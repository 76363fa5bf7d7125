// SPDX-License-Identifier: MIT
/*
 * Multiboot2 boot information parser (GNU Multiboot2 specification 2.0,
 * section 3.6) and the Linux-style memory map printout.
 *
 * The information block is untrusted input: every read is checked against
 * both the block's own total_size and the number of bytes the caller says are
 * readable, fields are read with memcpy (no alignment assumptions), and the
 * first malformed tag stops the walk with a message naming the tag and its
 * offset. Everything parsed before that point stays in struct boot_info.
 *
 * Block layout: { u32 total_size; u32 reserved; } then tags, each starting
 * on an 8-byte boundary with { u32 type; u32 size; } (size includes this
 * header but not the padding), ending with a tag of type 0.
 */
#include <arch/multiboot2.h>
#include <kernel/bootinfo.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define MB2_INFO_HEADER_SIZE 8		/* total_size + reserved */
#define MB2_TAG_HEADER_SIZE 8		/* type + size */
#define MB2_INFO_MIN_SIZE (MB2_INFO_HEADER_SIZE + MB2_TAG_HEADER_SIZE)
#define MB2_TAG_ALIGN 8
#define MB2_MMAP_ENTRY_MIN 24		/* base_addr, length, type, reserved */
#define MB2_EFI_DESC_MIN 40		/* sizeof(EFI_MEMORY_DESCRIPTOR) */
#define MB2_RSDP_V1_SIZE 20
#define MB2_RSDP_V2_SIZE 36
#define MB2_FB_TYPE_RGB 1

struct boot_info boot_info;

/*
 * The walk's state. @base..@base + @total_size has been checked to be
 * readable before any tag is looked at.
 */
struct mb2_parser {
	const u8 *base;
	size_t total_size;
	phys_addr_t phys;		/* where @base lies physically */
	struct boot_info *bi;
};

/* One tag whose header and @size bytes are known to lie inside the block. */
struct mb2_tag {
	const u8 *p;			/* the tag's type field */
	u32 type;
	u32 size;			/* header included, padding excluded */
	size_t offset;			/* from the start of the block */
};

/* Holds bi->error_msg when it needs numbers; one parse at a time. */
static char mb2_error_buf[128];

static u32 mb2_u32(const u8 *p)
{
	u32 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static u64 mb2_u64(const u8 *p)
{
	u64 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

static __printf(2, 3) int mb2_fail(struct boot_info *bi, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(mb2_error_buf, sizeof(mb2_error_buf), fmt, args);
	va_end(args);
	bi->error = -EINVAL;
	bi->error_msg = mb2_error_buf;
	return -EINVAL;
}

/*
 * Copy the string of @len bytes at @src into @dst (@dst_size > 0 bytes),
 * stopping at its NUL or at @len, whichever comes first, and truncating to
 * fit: a string the loader forgot to terminate still comes out terminated.
 */
static void mb2_copy_string(char *dst, size_t dst_size, const u8 *src, size_t len)
{
	size_t n = strnlen((const char *)src, len);

	n = min(n, dst_size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int mb2_parse_cmdline(struct mb2_parser *mp, const struct mb2_tag *tag)
{
	mb2_copy_string(mp->bi->cmdline, sizeof(mp->bi->cmdline), tag->p + 8,
			tag->size - 8);
	mp->bi->has_cmdline = true;
	return 0;
}

static int mb2_parse_loader_name(struct mb2_parser *mp, const struct mb2_tag *tag)
{
	mb2_copy_string(mp->bi->loader_name, sizeof(mp->bi->loader_name),
			tag->p + 8, tag->size - 8);
	return 0;
}

/* { u32 mod_start; u32 mod_end; char string[]; } */
static int mb2_parse_module(struct mb2_parser *mp, const struct mb2_tag *tag)
{
	struct boot_info *bi = mp->bi;
	u32 start = mb2_u32(tag->p + 8);
	u32 end = mb2_u32(tag->p + 12);
	struct boot_module *mod;

	if (end < start)
		return mb2_fail(bi, "module tag at offset 0x%zx ends (0x%x) before it starts (0x%x)",
				tag->offset, end, start);
	if (bi->nr_modules == BOOT_MODULES_MAX) {
		bi->modules_truncated = true;
		return 0;
	}
	mod = &bi->modules[bi->nr_modules++];
	mod->start = start;
	mod->end = end;
	mb2_copy_string(mod->cmdline, sizeof(mod->cmdline), tag->p + 16,
			tag->size - 16);
	return 0;
}

/* { u32 mem_lower; u32 mem_upper; } in KiB */
static int mb2_parse_meminfo(struct mb2_parser *mp, const struct mb2_tag *tag)
{
	mp->bi->mem_lower_kb = mb2_u32(tag->p + 8);
	mp->bi->mem_upper_kb = mb2_u32(tag->p + 12);
	mp->bi->has_basic_meminfo = true;
	return 0;
}

/*
 * { u32 entry_size; u32 entry_version; entries[] } with each entry
 * { u64 base_addr; u64 length; u32 type; u32 reserved; } padded to
 * entry_size (which the spec promises is a multiple of 8). A second mmap
 * tag appends to the first. Bytes after the last whole entry are ignored.
 */
static int mb2_parse_mmap(struct mb2_parser *mp, const struct mb2_tag *tag)
{
	struct boot_info *bi = mp->bi;
	u32 entry_size = mb2_u32(tag->p + 8);
	struct boot_mmap_entry *e;
	size_t off;

	if (entry_size < MB2_MMAP_ENTRY_MIN || !IS_ALIGNED(entry_size, 8))
		return mb2_fail(bi, "mmap tag at offset 0x%zx has entry_size %u (want a multiple of 8, at least %u)",
				tag->offset, entry_size, MB2_MMAP_ENTRY_MIN);
	for (off = 16; off + entry_size <= tag->size; off += entry_size) {
		if (bi->nr_mmap == BOOT_MMAP_MAX) {
			bi->mmap_truncated = true;
			break;
		}
		e = &bi->mmap[bi->nr_mmap++];
		e->addr = mb2_u64(tag->p + off);
		e->len = mb2_u64(tag->p + off + 8);
		e->type = mb2_u32(tag->p + off + 16);
	}
	return 0;
}

/*
 * { u64 addr; u32 pitch; u32 width; u32 height; u8 bpp; u8 type;
 *   u16 reserved; color_info } - GRUB writes a u16 reserved field (the
 * spec's text says u8), so color_info starts at offset 32. Only the direct
 * RGB color_info (six u8: red pos/size, green pos/size, blue pos/size) is
 * kept; an indexed palette is left in the block.
 */
static int mb2_parse_framebuffer(struct mb2_parser *mp, const struct mb2_tag *tag)
{
	struct boot_framebuffer *fb = &mp->bi->fb;
	const u8 *color = tag->p + 32;

	fb->addr = mb2_u64(tag->p + 8);
	fb->pitch = mb2_u32(tag->p + 16);
	fb->width = mb2_u32(tag->p + 20);
	fb->height = mb2_u32(tag->p + 24);
	fb->bpp = tag->p[28];
	fb->type = tag->p[29];
	if (fb->type == MB2_FB_TYPE_RGB) {
		if (tag->size < 32 + 6)
			return mb2_fail(mp->bi, "framebuffer tag at offset 0x%zx has size %u, too small for RGB color info",
					tag->offset, tag->size);
		fb->red_pos = color[0];
		fb->red_size = color[1];
		fb->green_pos = color[2];
		fb->green_size = color[3];
		fb->blue_pos = color[4];
		fb->blue_size = color[5];
	}
	fb->present = true;
	return 0;
}

/* { u64 pointer; } to the EFI system table */
static int mb2_parse_efi64(struct mb2_parser *mp, const struct mb2_tag *tag)
{
	mp->bi->efi64_system_table = mb2_u64(tag->p + 8);
	return 0;
}

/* A copy of the ACPI 1.0 RSDP (20 bytes, RSDT address). */
static int mb2_parse_acpi_old(struct mb2_parser *mp, const struct mb2_tag *tag)
{
	memcpy(mp->bi->rsdp_v1, tag->p + 8, MB2_RSDP_V1_SIZE);
	mp->bi->has_rsdp_v1 = true;
	return 0;
}

/* A copy of the ACPI 2.0+ RSDP (36 bytes, XSDT address). */
static int mb2_parse_acpi_new(struct mb2_parser *mp, const struct mb2_tag *tag)
{
	memcpy(mp->bi->rsdp_v2, tag->p + 8, MB2_RSDP_V2_SIZE);
	mp->bi->has_rsdp_v2 = true;
	return 0;
}

/*
 * { u32 descr_size; u32 descr_vers; descriptors[] }. The descriptors stay
 * in the block (the caller reserves it); only where they are is recorded.
 */
static int mb2_parse_efi_mmap(struct mb2_parser *mp, const struct mb2_tag *tag)
{
	struct boot_info *bi = mp->bi;
	u32 desc_size = mb2_u32(tag->p + 8);

	if (desc_size < MB2_EFI_DESC_MIN || !IS_ALIGNED(desc_size, 8))
		return mb2_fail(bi, "EFI mmap tag at offset 0x%zx has descriptor size %u (want a multiple of 8, at least %u)",
				tag->offset, desc_size, MB2_EFI_DESC_MIN);
	bi->efi_desc_size = desc_size;
	bi->efi_desc_version = mb2_u32(tag->p + 12);
	bi->efi_mmap = mp->phys + tag->offset + 16;
	bi->efi_mmap_size = tag->size - 16;
	bi->has_efi_mmap = true;
	return 0;
}

static int mb2_parse_efi_bs(struct mb2_parser *mp,
			    const struct mb2_tag *tag __maybe_unused)
{
	mp->bi->efi_boot_services_active = true;
	return 0;
}

/* { u32 load_base_addr; } */
static int mb2_parse_load_base(struct mb2_parser *mp, const struct mb2_tag *tag)
{
	mp->bi->load_base = mb2_u32(tag->p + 8);
	mp->bi->has_load_base = true;
	return 0;
}

struct mb2_handler {
	u32 type;
	u32 min_size;			/* header + fixed fields */
	int (*parse)(struct mb2_parser *mp, const struct mb2_tag *tag);
};

static const struct mb2_handler mb2_handlers[] = {
	{ MB2_TAG_CMDLINE, 8, mb2_parse_cmdline },
	{ MB2_TAG_BOOTLOADER_NAME, 8, mb2_parse_loader_name },
	{ MB2_TAG_MODULE, 16, mb2_parse_module },
	{ MB2_TAG_BASIC_MEMINFO, 16, mb2_parse_meminfo },
	{ MB2_TAG_MMAP, 16, mb2_parse_mmap },
	{ MB2_TAG_FRAMEBUFFER, 32, mb2_parse_framebuffer },
	{ MB2_TAG_EFI64, 16, mb2_parse_efi64 },
	{ MB2_TAG_ACPI_OLD, 8 + MB2_RSDP_V1_SIZE, mb2_parse_acpi_old },
	{ MB2_TAG_ACPI_NEW, 8 + MB2_RSDP_V2_SIZE, mb2_parse_acpi_new },
	{ MB2_TAG_EFI_MMAP, 16, mb2_parse_efi_mmap },
	{ MB2_TAG_EFI_BS, 8, mb2_parse_efi_bs },
	{ MB2_TAG_LOAD_BASE_ADDR, 12, mb2_parse_load_base },
};

/*
 * Hand @tag to its parser. Types the spec defines but we do not use (boot
 * device, ELF sections, APM, SMBIOS, ...) are skipped quietly; only types
 * past the spec's last one count as unknown.
 */
static int mb2_parse_tag(struct mb2_parser *mp, const struct mb2_tag *tag)
{
	const struct mb2_handler *h;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mb2_handlers); i++) {
		h = &mb2_handlers[i];
		if (h->type != tag->type)
			continue;
		if (tag->size < h->min_size)
			return mb2_fail(mp->bi, "tag %u at offset 0x%zx has size %u, below the %u its fields need",
					tag->type, tag->offset, tag->size, h->min_size);
		return h->parse(mp, tag);
	}
	if (tag->type > MB2_TAG_LOAD_BASE_ADDR)
		mp->bi->nr_unknown_tags++;
	return 0;
}

/*
 * Read the tag header at @offset into @tag, checking that the header and
 * the whole tag lie inside the block.
 */
static int mb2_read_tag(struct mb2_parser *mp, size_t offset, struct mb2_tag *tag)
{
	size_t left = mp->total_size - offset;

	if (left == 0)
		return mb2_fail(mp->bi, "no end tag before total_size 0x%zx",
				mp->total_size);
	if (left < MB2_TAG_HEADER_SIZE)
		return mb2_fail(mp->bi, "tag header at offset 0x%zx runs past total_size 0x%zx",
				offset, mp->total_size);
	tag->p = mp->base + offset;
	tag->type = mb2_u32(tag->p);
	tag->size = mb2_u32(tag->p + 4);
	tag->offset = offset;
	if (tag->size < MB2_TAG_HEADER_SIZE)
		return mb2_fail(mp->bi, "tag %u at offset 0x%zx has size %u, below the minimum 8",
				tag->type, offset, tag->size);
	if (tag->size > left)
		return mb2_fail(mp->bi, "tag %u at offset 0x%zx runs past total_size 0x%zx",
				tag->type, offset, mp->total_size);
	return 0;
}

/* Walk the tags up to the end tag. */
static int mb2_walk(struct mb2_parser *mp)
{
	struct mb2_tag tag;
	size_t offset = MB2_INFO_HEADER_SIZE;
	int ret;

	for (;;) {
		ret = mb2_read_tag(mp, offset, &tag);
		if (ret)
			return ret;
		if (tag.type == MB2_TAG_END)
			return 0;
		mp->bi->nr_tags++;
		ret = mb2_parse_tag(mp, &tag);
		if (ret)
			return ret;
		/* The next tag starts on the next 8-byte boundary. */
		offset += ALIGN((size_t)tag.size, MB2_TAG_ALIGN);
		if (offset > mp->total_size)
			return mb2_fail(mp->bi, "no end tag before total_size 0x%zx",
					mp->total_size);
	}
}

/**
 * multiboot2_parse - fill @bi from the multiboot2 information block at @info
 * @info: the block, as the loader left it (its address in %rbx/%ebx)
 * @size: how many bytes at @info may be read; the block's total_size must
 *        not exceed it, and nothing past it is ever touched
 * @info_phys: the block's physical address (for bi->info_start/info_end and
 *             bi->efi_mmap)
 * @bi: zeroed, then filled
 *
 * Strings are copied (and NUL-terminated even if the loader did not), the
 * memory map and module lists are copied up to BOOT_MMAP_MAX and
 * BOOT_MODULES_MAX entries (setting mmap_truncated/modules_truncated past
 * that). bi->nr_tags counts the tags before the end tag; nr_unknown_tags
 * those whose type the spec does not define. bi->info_end is info_phys +
 * total_size whenever total_size could be read, even if it is bad, so the
 * caller reserves at least what the loader claimed.
 *
 * On a malformed block the walk stops at the first bad tag, bi->error is
 * -EINVAL and bi->error_msg says what was wrong and where, e.g. "tag 6 at
 * offset 0x48 runs past total_size 0x60". The message lives in a static
 * buffer, valid until the next call. Nothing is printed.
 *
 * Context: boot, or any context if calls are not concurrent (the error
 * message buffer is shared). Does not sleep.
 * Return: 0, or -EINVAL if the block was malformed.
 */
int multiboot2_parse(const void *info, size_t size, phys_addr_t info_phys,
		     struct boot_info *bi)
{
	struct mb2_parser mp = { .base = info, .phys = info_phys, .bi = bi };

	memset(bi, 0, sizeof(*bi));
	bi->info_start = info_phys;
	bi->info_end = info_phys;
	if (!info || size < MB2_INFO_HEADER_SIZE)
		return mb2_fail(bi, "only %zu readable bytes, too few for the block header",
				info ? size : 0);
	mp.total_size = mb2_u32(mp.base);
	bi->info_end = info_phys + mp.total_size;
	if (mp.total_size < MB2_INFO_MIN_SIZE)
		return mb2_fail(bi, "total_size 0x%zx is below the minimum 0x%x",
				mp.total_size, MB2_INFO_MIN_SIZE);
	if (mp.total_size > size)
		return mb2_fail(bi, "total_size 0x%zx exceeds the 0x%zx readable bytes",
				mp.total_size, size);
	return mb2_walk(&mp);
}

/**
 * boot_mem_type_name - name a memory map entry type as Linux names e820 types
 * @type: a BOOT_MEM_* value
 *
 * Context: any.
 * Return: "usable", "reserved", "ACPI data", "ACPI NVS" or "unusable";
 * "unknown" for any other type.
 */
const char *boot_mem_type_name(u32 type)
{
	switch (type) {
	case BOOT_MEM_AVAILABLE:
		return "usable";
	case BOOT_MEM_RESERVED:
		return "reserved";
	case BOOT_MEM_ACPI_RECLAIMABLE:
		return "ACPI data";
	case BOOT_MEM_NVS:
		return "ACPI NVS";
	case BOOT_MEM_BADRAM:
		return "unusable";
	default:
		return "unknown";
	}
}

static bool boot_mem_type_known(u32 type)
{
	return type >= BOOT_MEM_AVAILABLE && type <= BOOT_MEM_BADRAM;
}

static void boot_mmap_print_entry(const struct boot_mmap_entry *e)
{
	u64 last = e->addr + e->len - 1;

	if (last < e->addr)		/* wraps past 2^64: clamp */
		last = U64_MAX;
	if (boot_mem_type_known(e->type))
		pr_info("BIOS-e820: [mem 0x%016llx-0x%016llx] %s\n",
			(unsigned long long)e->addr, (unsigned long long)last,
			boot_mem_type_name(e->type));
	else
		pr_info("BIOS-e820: [mem 0x%016llx-0x%016llx] type %u\n",
			(unsigned long long)e->addr, (unsigned long long)last,
			e->type);
}

/**
 * boot_info_print_mmap - print the loader's memory map the way Linux prints
 * the BIOS e820 map
 * @bi: parsed boot information
 *
 * One line per entry, in the loader's order, end address inclusive:
 * "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable". An entry
 * of length zero describes no memory and has no inclusive end, so it gets no
 * line of its own; one summary line says how many were left out. A
 * truncated map is reported with a warning.
 *
 * Context: any context where printk works.
 */
void boot_info_print_mmap(const struct boot_info *bi)
{
	unsigned int i, empty = 0;

	pr_info("BIOS-provided physical RAM map:\n");
	if (!bi->nr_mmap)
		pr_warn("BIOS-e820: the boot loader gave no memory map\n");
	for (i = 0; i < bi->nr_mmap; i++) {
		if (!bi->mmap[i].len) {
			empty++;
			continue;
		}
		boot_mmap_print_entry(&bi->mmap[i]);
	}
	if (empty)
		pr_info("BIOS-e820: %u zero-length entries not shown\n", empty);
	if (bi->mmap_truncated)
		pr_warn("BIOS-e820: more than %d entries, only the first %d kept\n",
			BOOT_MMAP_MAX, BOOT_MMAP_MAX);
}
