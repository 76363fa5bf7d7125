// SPDX-License-Identifier: MIT
/*
 * ktest suite "multiboot2": the boot information parser on synthetic tag
 * blocks, well-formed and malformed, built in an 8-byte aligned static
 * buffer (never the real boot_info).
 */
#include <arch/multiboot2.h>
#include <kernel/bootinfo.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define TEST_PHYS 0x10000ULL		/* a made-up physical address */

static u64 mb_buf[1024];		/* 8 KiB, 8-byte aligned */
static u64 mb_scratch[1024];		/* where a tag that does not fit goes */
static struct boot_info test_bi;	/* too big for the stack */

/* Appends tags to mb_buf; a tag that would not fit is dropped. */
struct mb_builder {
	u8 *buf;
	size_t cap;
	size_t len;
	bool overflow;
};

static void put32(u8 *p, u32 v)
{
	__builtin_memcpy(p, &v, sizeof(v));
}

static void put64(u8 *p, u64 v)
{
	__builtin_memcpy(p, &v, sizeof(v));
}

static u32 get32(const u8 *p)
{
	u32 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

/* Start an empty block (total_size is written by mb_finish). */
static void mb_init(struct mb_builder *b)
{
	b->buf = (u8 *)mb_buf;
	b->cap = sizeof(mb_buf);
	b->len = 8;
	b->overflow = false;
	memset(mb_buf, 0, sizeof(mb_buf));
}

/* Append a tag header; Return: where its payload goes (zeroed). */
static u8 *mb_tag(struct mb_builder *b, u32 type, u32 size)
{
	u8 *p;

	b->len = ALIGN(b->len, 8);
	if (size < 8 || b->len + size > b->cap) {
		b->overflow = true;
		return (u8 *)mb_scratch;
	}
	p = b->buf + b->len;
	put32(p, type);
	put32(p + 4, size);
	b->len += size;
	return p + 8;
}

static void mb_string(struct mb_builder *b, u32 type, const char *s)
{
	size_t n = strlen(s) + 1;

	memcpy(mb_tag(b, type, 8 + n), s, n);
}

/* Append an mmap tag with @n entries of 24 bytes. */
static void mb_mmap(struct mb_builder *b, const struct boot_mmap_entry *e, size_t n)
{
	u8 *p = mb_tag(b, MB2_TAG_MMAP, 16 + 24 * n);
	size_t i;

	put32(p, 24);
	for (i = 0; i < n; i++) {
		put64(p + 8 + 24 * i, e[i].addr);
		put64(p + 8 + 24 * i + 8, e[i].len);
		put32(p + 8 + 24 * i + 16, e[i].type);
	}
}

static void mb_module(struct mb_builder *b, u32 start, u32 end, const char *s)
{
	size_t n = strlen(s) + 1;
	u8 *p = mb_tag(b, MB2_TAG_MODULE, 16 + n);

	put32(p, start);
	put32(p + 4, end);
	memcpy(p + 8, s, n);
}

/* Set total_size to what was built (no end tag added). */
static size_t mb_close(struct mb_builder *b)
{
	put32(b->buf, b->len);
	return b->len;
}

/* Append the end tag and set total_size. Return: the block's size. */
static size_t mb_finish(struct mb_builder *b)
{
	mb_tag(b, MB2_TAG_END, 8);
	return mb_close(b);
}

static int parse(size_t size)
{
	return multiboot2_parse(mb_buf, size, TEST_PHYS, &test_bi);
}

static const struct boot_mmap_entry test_mmap[] = {
	{ 0x0, 0x9fc00, BOOT_MEM_AVAILABLE },
	{ 0x9fc00, 0x400, BOOT_MEM_RESERVED },
	{ 0x100000, 0x7ee0000, BOOT_MEM_AVAILABLE },
};

static const u8 test_rsdp_v1[20] = "RSD PTR \x11" "BOCHS \0\0\0\0\0";
static const u8 test_rsdp_v2[36] = "RSD PTR \x22" "BOCHS \x02\0\0\0\0\x24";

/* Every tag this parser reads, plus one it skips and one it does not know. */
static size_t mb_build_full(struct mb_builder *b)
{
	u8 *p;

	mb_init(b);
	mb_string(b, MB2_TAG_CMDLINE, "console=ttyS0 ktest=all");
	mb_string(b, MB2_TAG_BOOTLOADER_NAME, "GRUB 2.06");
	mb_mmap(b, test_mmap, ARRAY_SIZE(test_mmap));
	mb_module(b, 0x200000, 0x201000, "initrd.img");
	p = mb_tag(b, MB2_TAG_BASIC_MEMINFO, 16);
	put32(p, 639);
	put32(p + 4, 129920);
	p = mb_tag(b, MB2_TAG_FRAMEBUFFER, 38);
	put64(p, 0xfd000000);
	put32(p + 8, 4096);
	put32(p + 12, 1024);
	put32(p + 16, 768);
	p[20] = 32;
	p[21] = 1;
	memcpy(p + 24, "\x10\x08\x08\x08\x00\x08", 6);
	memcpy(mb_tag(b, MB2_TAG_ACPI_OLD, 28), test_rsdp_v1, 20);
	memcpy(mb_tag(b, MB2_TAG_ACPI_NEW, 44), test_rsdp_v2, 36);
	p = mb_tag(b, MB2_TAG_EFI_MMAP, 16 + 2 * 48);
	put32(p, 48);
	put32(p + 4, 1);
	put64(mb_tag(b, MB2_TAG_EFI64, 16), 0x7fe0c018);
	mb_tag(b, MB2_TAG_EFI_BS, 8);
	put32(mb_tag(b, MB2_TAG_LOAD_BASE_ADDR, 12), 0x100000);
	mb_tag(b, MB2_TAG_BOOTDEV, 20);
	mb_tag(b, 99, 12);
	return mb_finish(b);
}

static void full_block(struct ktest *t)
{
	struct mb_builder b;
	size_t size = mb_build_full(&b);

	KTEST_ASSERT_EQ(t, parse(size), 0);
	KTEST_EXPECT_EQ(t, test_bi.error, 0);
	KTEST_EXPECT_NULL(t, test_bi.error_msg);
	KTEST_EXPECT_EQ(t, test_bi.info_start, TEST_PHYS);
	KTEST_EXPECT_EQ(t, test_bi.info_end, TEST_PHYS + size);
	KTEST_EXPECT_TRUE(t, test_bi.has_cmdline);
	KTEST_EXPECT_STREQ(t, test_bi.cmdline, "console=ttyS0 ktest=all");
	KTEST_EXPECT_STREQ(t, test_bi.loader_name, "GRUB 2.06");
	KTEST_EXPECT_TRUE(t, test_bi.has_basic_meminfo);
	KTEST_EXPECT_EQ(t, test_bi.mem_lower_kb, 639U);
	KTEST_EXPECT_EQ(t, test_bi.mem_upper_kb, 129920U);
	KTEST_EXPECT_TRUE(t, test_bi.has_rsdp_v1);
	KTEST_EXPECT_MEMEQ(t, test_bi.rsdp_v1, test_rsdp_v1, 20);
	KTEST_EXPECT_TRUE(t, test_bi.has_rsdp_v2);
	KTEST_EXPECT_MEMEQ(t, test_bi.rsdp_v2, test_rsdp_v2, 36);
	KTEST_EXPECT_EQ(t, test_bi.efi64_system_table, 0x7fe0c018U);
	KTEST_EXPECT_TRUE(t, test_bi.efi_boot_services_active);
	KTEST_EXPECT_TRUE(t, test_bi.has_load_base);
	KTEST_EXPECT_EQ(t, test_bi.load_base, 0x100000U);
	/* 14 tags before the end tag; type 99 is the only unknown one. */
	KTEST_EXPECT_EQ(t, test_bi.nr_tags, 14U);
	KTEST_EXPECT_EQ(t, test_bi.nr_unknown_tags, 1U);
}

static void full_block_tables(struct ktest *t)
{
	struct mb_builder b;
	const u8 *desc;
	size_t i;

	KTEST_ASSERT_EQ(t, parse(mb_build_full(&b)), 0);
	KTEST_ASSERT_EQ(t, test_bi.nr_mmap, ARRAY_SIZE(test_mmap));
	KTEST_EXPECT_FALSE(t, test_bi.mmap_truncated);
	for (i = 0; i < ARRAY_SIZE(test_mmap); i++) {
		KTEST_EXPECT_EQ(t, test_bi.mmap[i].addr, test_mmap[i].addr);
		KTEST_EXPECT_EQ(t, test_bi.mmap[i].len, test_mmap[i].len);
		KTEST_EXPECT_EQ(t, test_bi.mmap[i].type, test_mmap[i].type);
	}
	KTEST_ASSERT_EQ(t, test_bi.nr_modules, 1U);
	KTEST_EXPECT_EQ(t, test_bi.modules[0].start, 0x200000U);
	KTEST_EXPECT_EQ(t, test_bi.modules[0].end, 0x201000U);
	KTEST_EXPECT_STREQ(t, test_bi.modules[0].cmdline, "initrd.img");
	KTEST_EXPECT_TRUE(t, test_bi.has_efi_mmap);
	KTEST_EXPECT_EQ(t, test_bi.efi_desc_size, 48U);
	KTEST_EXPECT_EQ(t, test_bi.efi_desc_version, 1U);
	KTEST_EXPECT_EQ(t, test_bi.efi_mmap_size, 96U);
	/* The descriptors lie 16 bytes into the tag, after type/size/descr_size/vers. */
	desc = b.buf + (test_bi.efi_mmap - TEST_PHYS);
	KTEST_EXPECT_EQ(t, get32(desc - 16), (u32)MB2_TAG_EFI_MMAP);
	KTEST_EXPECT_EQ(t, get32(desc - 8), 48U);
}

static void full_block_framebuffer(struct ktest *t)
{
	struct mb_builder b;
	const struct boot_framebuffer *fb = &test_bi.fb;

	KTEST_ASSERT_EQ(t, parse(mb_build_full(&b)), 0);
	KTEST_ASSERT_TRUE(t, fb->present);
	KTEST_EXPECT_EQ(t, fb->addr, 0xfd000000);
	KTEST_EXPECT_EQ(t, fb->pitch, 4096U);
	KTEST_EXPECT_EQ(t, fb->width, 1024U);
	KTEST_EXPECT_EQ(t, fb->height, 768U);
	KTEST_EXPECT_EQ(t, fb->bpp, 32);
	KTEST_EXPECT_EQ(t, fb->type, 1);
	KTEST_EXPECT_EQ(t, fb->red_pos, 16);
	KTEST_EXPECT_EQ(t, fb->red_size, 8);
	KTEST_EXPECT_EQ(t, fb->green_pos, 8);
	KTEST_EXPECT_EQ(t, fb->green_size, 8);
	KTEST_EXPECT_EQ(t, fb->blue_pos, 0);
	KTEST_EXPECT_EQ(t, fb->blue_size, 8);
}

static void minimal_block(struct ktest *t)
{
	struct mb_builder b;

	mb_init(&b);
	KTEST_ASSERT_EQ(t, parse(mb_finish(&b)), 0);
	KTEST_EXPECT_EQ(t, test_bi.nr_tags, 0U);
	KTEST_EXPECT_FALSE(t, test_bi.has_cmdline);
	KTEST_EXPECT_STREQ(t, test_bi.cmdline, "");
	KTEST_EXPECT_EQ(t, test_bi.nr_mmap, 0U);
	KTEST_EXPECT_FALSE(t, test_bi.fb.present);
}

static void unknown_tags_counted(struct ktest *t)
{
	struct mb_builder b;

	mb_init(&b);
	mb_tag(&b, 1000, 8);
	mb_tag(&b, 0xffffffff, 13);	/* padded to 16 */
	mb_tag(&b, MB2_TAG_ELF_SECTIONS, 40);	/* known, unused: skipped */
	mb_string(&b, MB2_TAG_CMDLINE, "after");
	KTEST_ASSERT_EQ(t, parse(mb_finish(&b)), 0);
	KTEST_EXPECT_EQ(t, test_bi.nr_tags, 4U);
	KTEST_EXPECT_EQ(t, test_bi.nr_unknown_tags, 2U);
	KTEST_EXPECT_STREQ(t, test_bi.cmdline, "after");
}

static void total_size_past_buffer(struct ktest *t)
{
	struct mb_builder b;
	size_t size = mb_build_full(&b);

	KTEST_EXPECT_EQ(t, parse(size - 8), -EINVAL);
	KTEST_EXPECT_EQ(t, test_bi.error, -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, test_bi.error_msg);
	KTEST_EXPECT_EQ(t, test_bi.nr_tags, 0U);
	KTEST_EXPECT_FALSE(t, test_bi.has_cmdline);
	/* The loader's claim is still what gets reserved. */
	KTEST_EXPECT_EQ(t, test_bi.info_end, TEST_PHYS + size);
}

static void total_size_too_small(struct ktest *t)
{
	struct mb_builder b;

	mb_init(&b);
	mb_finish(&b);
	put32(b.buf, 8);
	KTEST_EXPECT_EQ(t, parse(16), -EINVAL);
	KTEST_EXPECT_STREQ(t, test_bi.error_msg, "total_size 0x8 is below the minimum 0x10");
	KTEST_EXPECT_EQ(t, parse(4), -EINVAL);
	KTEST_EXPECT_EQ(t, multiboot2_parse(NULL, 64, 0, &test_bi), -EINVAL);
}

static void tag_runs_past_end(struct ktest *t)
{
	struct mb_builder b;
	u8 *p;

	mb_init(&b);
	mb_string(&b, MB2_TAG_CMDLINE, "kept");	/* offset 0x8, 16 bytes */
	mb_mmap(&b, test_mmap, 2);			/* offset 0x18 */
	p = b.buf + 0x18;
	put32(p + 4, 0x100);			/* claims more than the block */
	mb_finish(&b);
	KTEST_EXPECT_EQ(t, parse(b.len), -EINVAL);
	KTEST_EXPECT_STREQ(t, test_bi.error_msg, "tag 6 at offset 0x18 runs past total_size 0x60");
	KTEST_EXPECT_STREQ(t, test_bi.cmdline, "kept");
	KTEST_EXPECT_EQ(t, test_bi.nr_mmap, 0U);
	KTEST_EXPECT_EQ(t, test_bi.nr_tags, 1U);
}

static void tag_size_below_header(struct ktest *t)
{
	struct mb_builder b;

	mb_init(&b);
	mb_string(&b, MB2_TAG_CMDLINE, "x");	/* offset 0x8 */
	mb_tag(&b, 42, 8);				/* offset 0x18 */
	put32(b.buf + 0x18 + 4, 4);
	mb_finish(&b);
	KTEST_EXPECT_EQ(t, parse(b.len), -EINVAL);
	KTEST_EXPECT_STREQ(t, test_bi.error_msg, "tag 42 at offset 0x18 has size 4, below the minimum 8");
	KTEST_EXPECT_STREQ(t, test_bi.cmdline, "x");
}

/* A loader that forgot the padding: the next tag is not where we look. */
static void tag_misaligned(struct ktest *t)
{
	struct mb_builder b;
	u8 *p;

	mb_init(&b);
	p = mb_tag(&b, MB2_TAG_CMDLINE, 12);
	memcpy(p, "abc", 4);
	put32(p + 4, MB2_TAG_END);		/* end tag at offset 0x14 */
	put32(p + 8, 8);
	b.len = 0x1c;
	mb_close(&b);
	KTEST_EXPECT_EQ(t, parse(b.len), -EINVAL);
	KTEST_EXPECT_NOT_NULL(t, test_bi.error_msg);
	KTEST_EXPECT_STREQ(t, test_bi.cmdline, "abc");
}

static void tag_too_small_for_fields(struct ktest *t)
{
	struct mb_builder b;

	mb_init(&b);
	mb_tag(&b, MB2_TAG_BASIC_MEMINFO, 12);
	KTEST_EXPECT_EQ(t, parse(mb_finish(&b)), -EINVAL);
	KTEST_EXPECT_STREQ(t, test_bi.error_msg,
			   "tag 4 at offset 0x8 has size 12, below the 16 its fields need");
	KTEST_EXPECT_FALSE(t, test_bi.has_basic_meminfo);

	mb_init(&b);
	mb_tag(&b, MB2_TAG_FRAMEBUFFER, 32)[21] = 1;	/* RGB, no color info */
	KTEST_EXPECT_EQ(t, parse(mb_finish(&b)), -EINVAL);
	KTEST_EXPECT_FALSE(t, test_bi.fb.present);
}

static void missing_end_tag(struct ktest *t)
{
	struct mb_builder b;

	mb_init(&b);
	mb_string(&b, MB2_TAG_CMDLINE, "no end");
	mb_close(&b);
	KTEST_EXPECT_EQ(t, parse(b.len), -EINVAL);
	KTEST_EXPECT_STREQ(t, test_bi.error_msg, "no end tag before total_size 0x17");
	KTEST_EXPECT_STREQ(t, test_bi.cmdline, "no end");

	/* Room for half a tag header after the last tag. */
	mb_init(&b);
	mb_string(&b, MB2_TAG_CMDLINE, "no end");
	b.len = 0x1c;
	mb_close(&b);
	KTEST_EXPECT_EQ(t, parse(b.len), -EINVAL);
	KTEST_EXPECT_STREQ(t, test_bi.error_msg,
			   "tag header at offset 0x18 runs past total_size 0x1c");
}

static void tags_after_end_ignored(struct ktest *t)
{
	struct mb_builder b;

	mb_init(&b);
	mb_tag(&b, MB2_TAG_END, 8);
	mb_string(&b, MB2_TAG_CMDLINE, "ignored");
	KTEST_EXPECT_EQ(t, parse(mb_close(&b)), 0);
	KTEST_EXPECT_FALSE(t, test_bi.has_cmdline);
}

static void mmap_bad_entry_size(struct ktest *t)
{
	static const u32 bad[] = { 0, 8, 16, 20, 28 };
	struct mb_builder b;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		mb_init(&b);
		mb_mmap(&b, test_mmap, ARRAY_SIZE(test_mmap));
		put32(b.buf + 16, bad[i]);
		KTEST_EXPECT_EQ(t, parse(mb_finish(&b)), -EINVAL);
		KTEST_EXPECT_EQ(t, test_bi.nr_mmap, 0U);
	}
}

/* entry_size 32: the spec lets entries grow; the extra bytes are skipped. */
static void mmap_wide_entries(struct ktest *t)
{
	struct mb_builder b;
	u8 *p;

	mb_init(&b);
	p = mb_tag(&b, MB2_TAG_MMAP, 16 + 2 * 32 + 8);	/* 8 stray bytes */
	put32(p, 32);
	put64(p + 8, 0x1000);
	put64(p + 16, 0x2000);
	put32(p + 24, BOOT_MEM_NVS);
	put64(p + 8 + 32, 0x5000);
	put64(p + 16 + 32, 0x1000);
	put32(p + 24 + 32, BOOT_MEM_BADRAM);
	KTEST_ASSERT_EQ(t, parse(mb_finish(&b)), 0);
	KTEST_ASSERT_EQ(t, test_bi.nr_mmap, 2U);
	KTEST_EXPECT_EQ(t, test_bi.mmap[1].addr, 0x5000U);
	KTEST_EXPECT_EQ(t, test_bi.mmap[1].type, (u32)BOOT_MEM_BADRAM);
}

static void mmap_too_many_entries(struct ktest *t)
{
	static struct boot_mmap_entry many[BOOT_MMAP_MAX + 44];
	struct mb_builder b;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(many); i++) {
		many[i].addr = i * 0x1000;
		many[i].len = 0x1000;
		many[i].type = BOOT_MEM_AVAILABLE;
	}
	mb_init(&b);
	mb_mmap(&b, many, ARRAY_SIZE(many));
	mb_string(&b, MB2_TAG_CMDLINE, "after the map");
	KTEST_ASSERT_FALSE(t, b.overflow);
	KTEST_ASSERT_EQ(t, parse(mb_finish(&b)), 0);
	KTEST_EXPECT_EQ(t, test_bi.nr_mmap, (unsigned int)BOOT_MMAP_MAX);
	KTEST_EXPECT_TRUE(t, test_bi.mmap_truncated);
	KTEST_EXPECT_EQ(t, test_bi.mmap[BOOT_MMAP_MAX - 1].addr, (BOOT_MMAP_MAX - 1) * 0x1000ULL);
	KTEST_EXPECT_STREQ(t, test_bi.cmdline, "after the map");
}

static void modules_too_many(struct ktest *t)
{
	struct mb_builder b;
	u32 i;

	mb_init(&b);
	for (i = 0; i < BOOT_MODULES_MAX + 3; i++)
		mb_module(&b, i * 0x1000, i * 0x1000 + 0x800, "mod");
	KTEST_ASSERT_EQ(t, parse(mb_finish(&b)), 0);
	KTEST_EXPECT_EQ(t, test_bi.nr_modules, (unsigned int)BOOT_MODULES_MAX);
	KTEST_EXPECT_TRUE(t, test_bi.modules_truncated);
	KTEST_EXPECT_EQ(t, test_bi.modules[BOOT_MODULES_MAX - 1].end,
			(BOOT_MODULES_MAX - 1) * 0x1000 + 0x800ULL);

	mb_init(&b);
	mb_module(&b, 0x2000, 0x1000, "backwards");
	KTEST_EXPECT_EQ(t, parse(mb_finish(&b)), -EINVAL);
	KTEST_EXPECT_EQ(t, test_bi.nr_modules, 0U);
}

static void unterminated_strings(struct ktest *t)
{
	struct mb_builder b;
	u8 *p;

	mb_init(&b);
	p = mb_tag(&b, MB2_TAG_CMDLINE, 8 + 5);
	memcpy(p, "helloXXX", 8);		/* no NUL; padding not zero */
	p = mb_tag(&b, MB2_TAG_MODULE, 16 + 3);
	memcpy(p + 8, "modYYYYY", 8);
	KTEST_ASSERT_EQ(t, parse(mb_finish(&b)), 0);
	KTEST_EXPECT_STREQ(t, test_bi.cmdline, "hello");
	KTEST_EXPECT_STREQ(t, test_bi.modules[0].cmdline, "mod");
}

static void long_strings_truncated(struct ktest *t)
{
	static char name[BOOT_CMDLINE_MAX + 100];
	struct mb_builder b;

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	mb_init(&b);
	mb_string(&b, MB2_TAG_CMDLINE, name);
	mb_string(&b, MB2_TAG_BOOTLOADER_NAME, name + BOOT_CMDLINE_MAX - 100);
	KTEST_ASSERT_EQ(t, parse(mb_finish(&b)), 0);
	KTEST_EXPECT_EQ(t, strlen(test_bi.cmdline), BOOT_CMDLINE_MAX - 1UL);
	KTEST_EXPECT_EQ(t, strlen(test_bi.loader_name), BOOT_LOADER_NAME_MAX - 1UL);
}

static void mem_type_names(struct ktest *t)
{
	KTEST_EXPECT_STREQ(t, boot_mem_type_name(BOOT_MEM_AVAILABLE), "usable");
	KTEST_EXPECT_STREQ(t, boot_mem_type_name(BOOT_MEM_RESERVED), "reserved");
	KTEST_EXPECT_STREQ(t, boot_mem_type_name(BOOT_MEM_ACPI_RECLAIMABLE), "ACPI data");
	KTEST_EXPECT_STREQ(t, boot_mem_type_name(BOOT_MEM_NVS), "ACPI NVS");
	KTEST_EXPECT_STREQ(t, boot_mem_type_name(BOOT_MEM_BADRAM), "unusable");
	KTEST_EXPECT_STREQ(t, boot_mem_type_name(0), "unknown");
	KTEST_EXPECT_STREQ(t, boot_mem_type_name(12), "unknown");
}

static void print_mmap_format(struct ktest *t)
{
	static char log[1024];
	struct printk_capture cap;
	struct mb_builder b;

	KTEST_ASSERT_EQ(t, parse(mb_build_full(&b)), 0);
	test_bi.mmap[1].type = 20;
	test_bi.mmap[test_bi.nr_mmap++] = (struct boot_mmap_entry){ 0x200000, 0, 1 };
	printk_capture_start(&cap, log, sizeof(log));
	boot_info_print_mmap(&test_bi);
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(log,
		"BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log,
		"BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] type 20\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log,
		"BIOS-e820: [mem 0x0000000000100000-0x0000000007fdffff] usable\n"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "1 zero-length entries not shown"));
	KTEST_EXPECT_NULL(t, strstr(log, "0x0000000000200000"));
}

static const struct ktest_case multiboot2_cases[] = {
	KTEST_CASE(full_block),
	KTEST_CASE(full_block_tables),
	KTEST_CASE(full_block_framebuffer),
	KTEST_CASE(minimal_block),
	KTEST_CASE(unknown_tags_counted),
	KTEST_CASE(total_size_past_buffer),
	KTEST_CASE(total_size_too_small),
	KTEST_CASE(tag_runs_past_end),
	KTEST_CASE(tag_size_below_header),
	KTEST_CASE(tag_misaligned),
	KTEST_CASE(tag_too_small_for_fields),
	KTEST_CASE(missing_end_tag),
	KTEST_CASE(tags_after_end_ignored),
	KTEST_CASE(mmap_bad_entry_size),
	KTEST_CASE(mmap_wide_entries),
	KTEST_CASE(mmap_too_many_entries),
	KTEST_CASE(modules_too_many),
	KTEST_CASE(unterminated_strings),
	KTEST_CASE(long_strings_truncated),
	KTEST_CASE(mem_type_names),
	KTEST_CASE(print_mmap_format),
};

KTEST_SUITE(multiboot2, multiboot2_cases);
