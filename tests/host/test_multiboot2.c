// SPDX-License-Identifier: MIT
/*
 * Host tests for arch/x86_64/multiboot2.c, built natively with ASan/UBSan
 * and host_rename.h force-included.
 *
 * Every block handed to the parser lives in a malloc'd buffer of exactly the
 * size the parser is told it may read, so ASan reports any read past it.
 * Besides fixed cases, a fuzz loop mutates and truncates a valid block
 * thousands of times (fixed seed, so a failure reproduces) and checks the
 * parser's invariants after each run.
 */
#include <arch/multiboot2.h>
#include <kernel/bootinfo.h>
#include <kernel/compiler.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "htest.h"

#define TEST_PHYS 0x10000ULL
#define FUZZ_ROUNDS 200000
#define FUZZ_SEED 0x6d62325f66757a7aULL	/* "mb2_fuzz" */

static u64 mb_buf[1024];		/* the block being built, 8-byte aligned */
static size_t mb_len;
static struct boot_info bi;

static void put32(size_t off, u32 v)
{
	memcpy((u8 *)mb_buf + off, &v, sizeof(v));
}

static void put64(size_t off, u64 v)
{
	memcpy((u8 *)mb_buf + off, &v, sizeof(v));
}

static u32 get32(size_t off)
{
	u32 v;

	memcpy(&v, (u8 *)mb_buf + off, sizeof(v));
	return v;
}

static void mb_init(void)
{
	memset(mb_buf, 0, sizeof(mb_buf));
	mb_len = 8;
}

/* Append a tag header. Return: the offset of its payload. */
static size_t mb_tag(u32 type, u32 size)
{
	size_t off;

	mb_len = ALIGN(mb_len, 8);
	if (mb_len + size > sizeof(mb_buf)) {
		printf("Bail out! test block overflows its buffer\n");
		exit(1);
	}
	off = mb_len;
	put32(off, type);
	put32(off + 4, size);
	mb_len += size;
	return off + 8;
}

static void mb_bytes(size_t off, const void *p, size_t n)
{
	memcpy((u8 *)mb_buf + off, p, n);
}

static void mb_string(u32 type, const char *s)
{
	size_t n = strlen(s) + 1;

	mb_bytes(mb_tag(type, 8 + n), s, n);
}

static void mb_mmap_entry(size_t off, u64 addr, u64 len, u32 type)
{
	put64(off, addr);
	put64(off + 8, len);
	put32(off + 16, type);
}

static size_t mb_close(void)
{
	put32(0, mb_len);
	return mb_len;
}

static size_t mb_finish(void)
{
	mb_tag(MB2_TAG_END, 8);
	return mb_close();
}

/* Parse @size bytes of @src from an exactly-sized heap copy. */
static int parse_exact(const void *src, size_t size)
{
	void *copy = malloc(size ? size : 1);
	int ret;

	memcpy(copy, src, size);
	ret = multiboot2_parse(copy, size, TEST_PHYS, &bi);
	free(copy);
	return ret;
}

static int parse(size_t size)
{
	return parse_exact(mb_buf, size);
}

static const u8 rsdp_v1[20] = "RSD PTR \x11" "BOCHS ";
static const u8 rsdp_v2[36] = "RSD PTR \x22" "BOCHS \x02\0\0\0\0\x24";

static size_t build_full(void)
{
	size_t p;

	mb_init();
	mb_string(MB2_TAG_CMDLINE, "console=ttyS0 ktest=all");
	mb_string(MB2_TAG_BOOTLOADER_NAME, "GRUB 2.06");
	p = mb_tag(MB2_TAG_MMAP, 16 + 3 * 24);
	put32(p, 24);
	mb_mmap_entry(p + 8, 0, 0x9fc00, BOOT_MEM_AVAILABLE);
	mb_mmap_entry(p + 32, 0x9fc00, 0x400, BOOT_MEM_RESERVED);
	mb_mmap_entry(p + 56, 0x100000, 0x7ee0000, BOOT_MEM_AVAILABLE);
	p = mb_tag(MB2_TAG_MODULE, 16 + 11);
	put32(p, 0x200000);
	put32(p + 4, 0x201000);
	mb_bytes(p + 8, "initrd.img", 11);
	p = mb_tag(MB2_TAG_BASIC_MEMINFO, 16);
	put32(p, 639);
	put32(p + 4, 129920);
	p = mb_tag(MB2_TAG_FRAMEBUFFER, 38);
	put64(p, 0xfd000000);
	put32(p + 8, 4096);
	put32(p + 12, 1024);
	put32(p + 16, 768);
	mb_bytes(p + 20, "\x20\x01\0\0\x10\x08\x08\x08\x00\x08", 10);
	mb_bytes(mb_tag(MB2_TAG_ACPI_OLD, 28), rsdp_v1, 20);
	mb_bytes(mb_tag(MB2_TAG_ACPI_NEW, 44), rsdp_v2, 36);
	p = mb_tag(MB2_TAG_EFI_MMAP, 16 + 2 * 48);
	put32(p, 48);
	put32(p + 4, 1);
	put64(mb_tag(MB2_TAG_EFI64, 16), 0x7fe0c018);
	mb_tag(MB2_TAG_EFI_BS, 8);
	put32(mb_tag(MB2_TAG_LOAD_BASE_ADDR, 12), 0x100000);
	mb_tag(MB2_TAG_BOOTDEV, 20);
	mb_tag(99, 12);
	return mb_finish();
}

static void test_full_block(void)
{
	size_t size = build_full();

	HT_EXPECT_EQ(parse(size), 0);
	HT_EXPECT(bi.error_msg == NULL);
	HT_EXPECT_EQ(bi.info_start, TEST_PHYS);
	HT_EXPECT_EQ(bi.info_end, TEST_PHYS + size);
	HT_EXPECT_STREQ(bi.cmdline, "console=ttyS0 ktest=all");
	HT_EXPECT_STREQ(bi.loader_name, "GRUB 2.06");
	HT_EXPECT_EQ(bi.nr_mmap, 3);
	HT_EXPECT_EQ(bi.mmap[2].addr, 0x100000);
	HT_EXPECT_EQ(bi.mmap[2].len, 0x7ee0000);
	HT_EXPECT_EQ(bi.mmap[1].type, BOOT_MEM_RESERVED);
	HT_EXPECT_EQ(bi.nr_modules, 1);
	HT_EXPECT_EQ(bi.modules[0].end, 0x201000);
	HT_EXPECT_STREQ(bi.modules[0].cmdline, "initrd.img");
	HT_EXPECT_EQ(bi.mem_upper_kb, 129920);
	HT_EXPECT(bi.fb.present && bi.fb.width == 1024 && bi.fb.bpp == 32);
	HT_EXPECT(bi.fb.red_pos == 16 && bi.fb.blue_size == 8);
	HT_EXPECT(bi.has_rsdp_v1 && !memcmp(bi.rsdp_v1, rsdp_v1, 20));
	HT_EXPECT(bi.has_rsdp_v2 && !memcmp(bi.rsdp_v2, rsdp_v2, 36));
	HT_EXPECT(bi.has_efi_mmap && bi.efi_desc_size == 48 && bi.efi_mmap_size == 96);
	HT_EXPECT_EQ(get32(bi.efi_mmap - TEST_PHYS - 8), 48);
	HT_EXPECT_EQ(bi.efi64_system_table, 0x7fe0c018);
	HT_EXPECT(bi.efi_boot_services_active);
	HT_EXPECT(bi.has_load_base && bi.load_base == 0x100000);
	HT_EXPECT_EQ(bi.nr_tags, 14);
	HT_EXPECT_EQ(bi.nr_unknown_tags, 1);
}

/* Every prefix of a valid block, read from an exact-size buffer. */
static void test_every_truncation(void)
{
	size_t size = build_full();
	size_t cut;

	for (cut = 0; cut < size; cut++) {
		HT_EXPECT_EQ(parse(cut), -EINVAL);
		HT_EXPECT(bi.error_msg != NULL);
	}
	/* Same, but total_size shrunk to match: the end tag goes missing. */
	for (cut = 16; cut < size; cut++) {
		put32(0, cut);
		HT_EXPECT_EQ(parse(cut), -EINVAL);
		HT_EXPECT(bi.nr_tags <= 14);
	}
}

static void test_error_messages(void)
{
	size_t p;

	mb_init();
	mb_string(MB2_TAG_CMDLINE, "kept");
	p = mb_tag(MB2_TAG_MMAP, 16 + 2 * 24);
	put32(p, 24);
	mb_finish();
	put32(p - 4, 0x100);
	HT_EXPECT_EQ(parse(mb_len), -EINVAL);
	HT_EXPECT_STREQ(bi.error_msg, "tag 6 at offset 0x18 runs past total_size 0x60");
	HT_EXPECT_STREQ(bi.cmdline, "kept");
	HT_EXPECT_EQ(bi.nr_tags, 1);

	put32(p - 4, 16 + 2 * 24);
	put32(p, 20);
	HT_EXPECT_EQ(parse(mb_len), -EINVAL);
	HT_EXPECT_STREQ(bi.error_msg,
			"mmap tag at offset 0x18 has entry_size 20 (want a multiple of 8, at least 24)");
	HT_EXPECT_EQ(bi.nr_mmap, 0);

	HT_EXPECT_EQ(parse(mb_len - 1), -EINVAL);
	HT_EXPECT_STREQ(bi.error_msg, "total_size 0x60 exceeds the 0x5f readable bytes");
	HT_EXPECT_EQ(bi.info_end, TEST_PHYS + 0x60);

	HT_EXPECT_EQ(parse(7), -EINVAL);
	HT_EXPECT_STREQ(bi.error_msg, "only 7 readable bytes, too few for the block header");
}

static void test_malformed_tags(void)
{
	size_t p;

	mb_init();
	mb_tag(42, 8);
	mb_finish();
	put32(8 + 4, 7);
	HT_EXPECT_EQ(parse(mb_len), -EINVAL);
	HT_EXPECT_STREQ(bi.error_msg, "tag 42 at offset 0x8 has size 7, below the minimum 8");

	mb_init();
	mb_string(MB2_TAG_CMDLINE, "no end");
	HT_EXPECT_EQ(parse(mb_close()), -EINVAL);
	HT_EXPECT_STREQ(bi.error_msg, "no end tag before total_size 0x17");
	HT_EXPECT_STREQ(bi.cmdline, "no end");

	mb_init();
	p = mb_tag(MB2_TAG_MODULE, 16);
	put32(p, 0x2000);
	put32(p + 4, 0x1000);
	HT_EXPECT_EQ(parse(mb_finish()), -EINVAL);
	HT_EXPECT_EQ(bi.nr_modules, 0);

	mb_init();
	p = mb_tag(MB2_TAG_EFI_MMAP, 16);
	put32(p, 0);
	HT_EXPECT_EQ(parse(mb_finish()), -EINVAL);
	HT_EXPECT(!bi.has_efi_mmap);
}

static void test_mmap_truncated(void)
{
	size_t n = BOOT_MMAP_MAX + 10, p, i;

	mb_init();
	p = mb_tag(MB2_TAG_MMAP, 16 + 24 * n);
	put32(p, 24);
	for (i = 0; i < n; i++)
		mb_mmap_entry(p + 8 + 24 * i, i << 12, 0x1000, BOOT_MEM_AVAILABLE);
	mb_string(MB2_TAG_CMDLINE, "after");
	HT_EXPECT_EQ(parse(mb_finish()), 0);
	HT_EXPECT_EQ(bi.nr_mmap, BOOT_MMAP_MAX);
	HT_EXPECT(bi.mmap_truncated);
	HT_EXPECT_EQ(bi.mmap[BOOT_MMAP_MAX - 1].addr, (u64)(BOOT_MMAP_MAX - 1) << 12);
	HT_EXPECT_STREQ(bi.cmdline, "after");
}

static void test_unterminated_string(void)
{
	size_t p;

	mb_init();
	p = mb_tag(MB2_TAG_BOOTLOADER_NAME, 8 + 6);
	mb_bytes(p, "GRUBGRXX", 8);		/* 6 bytes, no NUL, dirty padding */
	HT_EXPECT_EQ(parse(mb_finish()), 0);
	HT_EXPECT_STREQ(bi.loader_name, "GRUBGR");
}

static void test_print_mmap(void)
{
	static char log[2048];
	struct printk_capture cap;

	build_full();
	HT_EXPECT_EQ(parse(mb_len), 0);
	bi.mmap[1].type = 20;
	bi.mmap[bi.nr_mmap++] = (struct boot_mmap_entry){ 0x200000, 0, 1 };
	bi.mmap[bi.nr_mmap++] = (struct boot_mmap_entry){ 0xfffffffffffff000ULL, 0x2000, 2 };
	bi.mmap_truncated = true;
	printk_capture_start(&cap, log, sizeof(log));
	boot_info_print_mmap(&bi);
	printk_capture_stop(&cap);
	HT_EXPECT(strstr(log, "BIOS-provided physical RAM map:\n"));
	HT_EXPECT(strstr(log, "BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"));
	HT_EXPECT(strstr(log, "BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] type 20\n"));
	HT_EXPECT(strstr(log, "BIOS-e820: [mem 0x0000000000100000-0x0000000007fdffff] usable\n"));
	HT_EXPECT(strstr(log, "BIOS-e820: [mem 0xfffffffffffff000-0xffffffffffffffff] reserved\n"));
	HT_EXPECT(strstr(log, "BIOS-e820: 1 zero-length entries not shown\n"));
	HT_EXPECT(strstr(log, "more than 256 entries"));
	HT_EXPECT(!strstr(log, "0x0000000000200000"));
}

static void test_mem_type_names(void)
{
	HT_EXPECT_STREQ(boot_mem_type_name(BOOT_MEM_AVAILABLE), "usable");
	HT_EXPECT_STREQ(boot_mem_type_name(BOOT_MEM_RESERVED), "reserved");
	HT_EXPECT_STREQ(boot_mem_type_name(BOOT_MEM_ACPI_RECLAIMABLE), "ACPI data");
	HT_EXPECT_STREQ(boot_mem_type_name(BOOT_MEM_NVS), "ACPI NVS");
	HT_EXPECT_STREQ(boot_mem_type_name(BOOT_MEM_BADRAM), "unusable");
	HT_EXPECT_STREQ(boot_mem_type_name(0), "unknown");
	HT_EXPECT_STREQ(boot_mem_type_name(0xffffffff), "unknown");
}

/* xorshift64*: small, fixed-seed, the same on every host. */
static u64 rng_state = FUZZ_SEED;

static u64 rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static u32 rng_below(u32 n)
{
	return n ? (u32)(rng() % n) : 0;
}

/* Values that sit on the parser's boundaries. */
static u32 interesting_u32(size_t len)
{
	static const u32 vals[] = { 0, 1, 7, 8, 9, 12, 15, 16, 20, 23, 24, 28, 32,
				    38, 40, 44, 48, 0x7fffffff, 0x80000000,
				    0xfffffff8, 0xffffffff };
	u32 r = rng_below(ARRAY_SIZE(vals) + 3);

	if (r < ARRAY_SIZE(vals))
		return vals[r];
	return (u32)len + rng_below(17) - 8;
}

/* Apply one to four random mutations to @blk (@len bytes). */
static void mutate(u8 *blk, size_t len)
{
	u32 n = 1 + rng_below(4), v, off;

	while (n--) {
		switch (rng_below(4)) {
		case 0:		/* a random byte */
			blk[rng_below(len)] = (u8)rng();
			break;
		case 1:		/* a boundary value in an aligned u32 */
			off = rng_below(len / 4) * 4;
			v = interesting_u32(len);
			memcpy(blk + off, &v, 4);
			break;
		case 2:		/* total_size */
			v = rng_below(2) ? interesting_u32(len) : rng_below(len + 16);
			memcpy(blk, &v, 4);
			break;
		default:	/* a tag size field: every tag header is 8-aligned */
			off = rng_below(len / 8) * 8 + 4;
			v = interesting_u32(len);
			memcpy(blk + off, &v, 4);
			break;
		}
	}
}

static bool terminated(const char *s, size_t size)
{
	return strnlen(s, size) < size;
}

/* What must hold after any parse, good or bad. */
static bool invariants_hold(int ret)
{
	size_t i;

	if (ret != bi.error || (ret != 0 && ret != -EINVAL))
		return false;
	if (ret && (!bi.error_msg || !bi.error_msg[0]))
		return false;
	if (!ret && bi.error_msg)
		return false;
	if (bi.info_start != TEST_PHYS)
		return false;
	if (bi.nr_mmap > BOOT_MMAP_MAX || bi.nr_modules > BOOT_MODULES_MAX)
		return false;
	if (!terminated(bi.cmdline, sizeof(bi.cmdline)) ||
	    !terminated(bi.loader_name, sizeof(bi.loader_name)))
		return false;
	for (i = 0; i < bi.nr_modules; i++) {
		if (!terminated(bi.modules[i].cmdline, sizeof(bi.modules[i].cmdline)) ||
		    bi.modules[i].end < bi.modules[i].start)
			return false;
	}
	return bi.nr_unknown_tags <= bi.nr_tags;
}

static void test_fuzz(void)
{
	static u8 blk[sizeof(mb_buf)];
	size_t len = build_full(), size;
	unsigned int round, errors = 0;
	int ret;

	for (round = 0; round < FUZZ_ROUNDS; round++) {
		memcpy(blk, mb_buf, len);
		mutate(blk, len);
		size = rng_below(4) ? len : rng_below(len + 1);
		ret = parse_exact(blk, size);
		errors += ret != 0;
		if (!invariants_hold(ret)) {
			printf("# round %u: invariant broken (ret %d, msg %s)\n",
			       round, ret, bi.error_msg ? bi.error_msg : "(none)");
			HT_EXPECT(0);
			return;
		}
	}
	printf("# %u rounds, %u rejected as malformed\n", FUZZ_ROUNDS, errors);
	/* The mutations must exercise both paths. */
	HT_EXPECT(errors > FUZZ_ROUNDS / 10 && errors < FUZZ_ROUNDS);
}

int main(void)
{
	static const struct htest_case cases[] = {
		HT_CASE(test_full_block),
		HT_CASE(test_every_truncation),
		HT_CASE(test_error_messages),
		HT_CASE(test_malformed_tags),
		HT_CASE(test_mmap_truncated),
		HT_CASE(test_unterminated_string),
		HT_CASE(test_print_mmap),
		HT_CASE(test_mem_type_names),
		HT_CASE(test_fuzz),
	};

	return htest_main(cases, ARRAY_SIZE(cases));
}
