// SPDX-License-Identifier: MIT
/*
 * Suite "floppy": the 82077AA driver moving real (emulated) data by ISA
 * DMA. With the image from tests/make_floppy_image.py attached as drive
 * A: (meson test floppy-pc), every sector is read across heads and
 * cylinders in transfers of many sizes and compared byte for byte, a few
 * sectors are written and read back, and the host checks them in the image
 * afterwards. Without a controller or drive (q35, real PCs) the cases that
 * need one skip with the reason; the status decoding is checked everywhere.
 */
#include <drivers/dma.h>
#include <drivers/floppy.h>
#include <kernel/errno.h>
#include <kernel/ktest.h>
#include <kernel/printk.h>
#include <kernel/string.h>
#include <mm/page_alloc.h>

/* Kept in step with WRITTEN_LBAS in tests/make_floppy_image.py. */
static const unsigned int written_lbas[] = { 5, 16, 17, 18, 19, 34, 35, 36, 37, 2877, 2878, 2879 };
#define SEED_PRISTINE	0
#define SEED_WRITTEN	0x5a
#define BUF_SIZE	0x10000		/* 128 sectors */

static char capbuf[2048];
static struct printk_capture cap;

/* The bytes of sector @lba, as make_floppy_image.py's sector(). */
static void make_sector(u8 *s, unsigned int lba, unsigned int seed)
{
	u32 h = 0x811c9dc5;

	memcpy(s, &lba, 4);
	for (unsigned int i = 4; i < 508; i++)
		s[i] = (u8)(lba * 7 + i * 13 + (lba >> 8) + seed * (i + 1));
	for (unsigned int i = 0; i < 508; i++)
		h = (h ^ s[i]) * 0x01000193;
	memcpy(s + 508, &h, 4);
}

static bool is_written(unsigned int lba)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(written_lbas); i++)
		if (written_lbas[i] == lba)
			return true;
	return false;
}

static void need_drive(struct ktest *t)
{
	int err = floppy_init();

	if (err == -ENODEV)
		ktest_skip(t, floppy_absent_reason());
	KTEST_ASSERT_EQ(t, err, 0);
}

/* Return: floppy_read() of sector 0 (-ENXIO: no disk), its message captured. */
static int probe_disk(void)
{
	static u8 sec[FLOPPY_SECTOR_SIZE];
	int err;

	capbuf[0] = 0;
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	err = floppy_read(0, 1, sec);
	printk_capture_stop(&cap);
	return err;
}

static void need_disk(struct ktest *t)
{
	need_drive(t);
	if (probe_disk() == -ENXIO)
		ktest_skip(t, "no disk in drive A:");
}

static void detect(struct ktest *t)
{
	need_drive(t);
	ktest_printf(t, "controller version %#x, drive A: CMOS type %u",
		     floppy_version(), floppy_cmos_type());
	KTEST_EXPECT_EQ(t, floppy_version(), (u8)0x90);
	KTEST_EXPECT_TRUE(t, floppy_cmos_type() == 4 || floppy_cmos_type() == 5);
	KTEST_EXPECT_STREQ(t, isa_dma_owner(FLOPPY_DMA), "floppy");
	/* A second user of DMA 2 is refused while the driver holds it. */
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	KTEST_EXPECT_EQ(t, request_dma(FLOPPY_DMA, "other"), -EBUSY);
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "channel 2 for other is busy (held by floppy)"));
}

/* An empty drive (QEMU's -M pc without a floppy image): a clear error. */
static void no_disk(struct ktest *t)
{
	static u8 sec[FLOPPY_SECTOR_SIZE];
	int err;

	need_drive(t);
	err = probe_disk();
	if (!err)
		ktest_skip(t, "a disk is in drive A:");
	KTEST_EXPECT_EQ(t, err, -ENXIO);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "floppy: no disk in drive A:"));
	KTEST_EXPECT_EQ(t, floppy_write(100, 1, sec), -ENXIO);
}

/* Compare sectors [@lba, @lba + @n) in @buf with the image's contents. */
static int verify(struct ktest *t, const u8 *buf, unsigned int lba, unsigned int n,
		  bool after_write)
{
	static u8 want[FLOPPY_SECTOR_SIZE];
	int bad = 0;

	for (unsigned int i = 0; i < n; i++) {
		unsigned int seed = after_write && is_written(lba + i) ? SEED_WRITTEN : SEED_PRISTINE;

		make_sector(want, lba + i, seed);
		if (memcmp(buf + i * FLOPPY_SECTOR_SIZE, want, FLOPPY_SECTOR_SIZE)) {
			if (bad++ < 4)
				ktest_printf(t, "sector %u differs from the image", lba + i);
		}
	}
	return bad;
}

/* Read the whole disk in transfers of varying sizes; every byte checked. */
static void read_whole_disk(struct ktest *t, bool after_write)
{
	static const unsigned int sizes[] = { 1, 17, 18, 2, 36, 53, 128, 5, 19, 71 };
	struct floppy_stats before, after;
	phys_addr_t phys;
	u8 *buf = isa_dma_alloc(BUF_SIZE, GFP_KERNEL, &phys);
	unsigned int lba = 0, k = 0;
	int bad = 0;

	KTEST_ASSERT_NOT_NULL(t, buf);
	floppy_get_stats(&before);
	while (lba < FLOPPY_TOTAL_SECTORS) {
		unsigned int n = sizes[k++ % ARRAY_SIZE(sizes)];

		if (n > FLOPPY_TOTAL_SECTORS - lba)
			n = FLOPPY_TOTAL_SECTORS - lba;
		memset(buf, 0xee, n * FLOPPY_SECTOR_SIZE);
		if (floppy_read(lba, n, buf)) {
			KTEST_EXPECT_EQ(t, floppy_read(lba, n, buf), 0);
			break;
		}
		bad += verify(t, buf, lba, n, after_write);
		lba += n;
	}
	floppy_get_stats(&after);
	isa_dma_free(buf, BUF_SIZE);
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_EQ(t, lba, (unsigned int)FLOPPY_TOTAL_SECTORS);
	KTEST_EXPECT_EQ(t, after.bytes - before.bytes,
			(unsigned long)FLOPPY_TOTAL_SECTORS * FLOPPY_SECTOR_SIZE);
	ktest_printf(t, "%lu DMA transfers, largest %lu bytes, %lu retries, %lu IRQs",
		     after.transfers - before.transfers, after.max_transfer,
		     after.retries - before.retries, after.irqs - before.irqs);
}

static void read_all_sectors(struct ktest *t)
{
	need_disk(t);
	read_whole_disk(t, false);
}

static void write_and_read_back(struct ktest *t)
{
	static u8 sec[FLOPPY_SECTOR_SIZE];
	phys_addr_t phys;
	u8 *buf;
	unsigned int i = 0;

	need_disk(t);
	buf = isa_dma_alloc(BUF_SIZE, GFP_KERNEL, &phys);
	KTEST_ASSERT_NOT_NULL(t, buf);
	/* Write runs of consecutive sectors in one call each. */
	while (i < ARRAY_SIZE(written_lbas)) {
		unsigned int first = written_lbas[i], n = 0;

		while (i < ARRAY_SIZE(written_lbas) && written_lbas[i] == first + n) {
			make_sector(buf + n * FLOPPY_SECTOR_SIZE, first + n, SEED_WRITTEN);
			n++;
			i++;
		}
		KTEST_EXPECT_EQ(t, floppy_write(first, n, buf), 0);
	}
	/* One sector back, then the whole disk: the rest must be untouched. */
	KTEST_EXPECT_EQ(t, floppy_read(35, 1, sec), 0);
	KTEST_EXPECT_EQ(t, verify(t, sec, 35, 1, true), 0);
	isa_dma_free(buf, BUF_SIZE);
	read_whole_disk(t, true);
}

static void beyond_the_disk(struct ktest *t)
{
	static u8 sec[FLOPPY_SECTOR_SIZE];

	need_drive(t);
	printk_capture_start(&cap, capbuf, sizeof(capbuf));
	KTEST_EXPECT_EQ(t, floppy_read(2880, 1, sec), -EINVAL);
	KTEST_EXPECT_EQ(t, floppy_write(2879, 2, sec), -EINVAL);
	printk_capture_stop(&cap);
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf,
		"floppy: read of sectors 2880+1: beyond the disk (2880 sectors)"));
	KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, "floppy: write of sectors 2879+2: beyond"));
}

/*
 * A transfer that never completes (DMA left masked): the driver times
 * out, resets, retries and then returns the right data; four stalls in a
 * row exhaust the retries and the read fails with -ETIMEDOUT.
 */
static void timeout_then_retry(struct ktest *t)
{
	static char log[4096];
	struct floppy_stats before, after;
	struct printk_capture c;
	phys_addr_t phys;
	u8 *buf;
	int err;

	need_disk(t);
	buf = isa_dma_alloc(BUF_SIZE, GFP_KERNEL, &phys);
	KTEST_ASSERT_NOT_NULL(t, buf);
	floppy_get_stats(&before);
	floppy_inject_dma_stall(1);
	printk_capture_start(&c, log, sizeof(log));
	err = floppy_read(40, 20, buf);
	printk_capture_stop(&c);
	floppy_get_stats(&after);
	KTEST_EXPECT_EQ(t, err, 0);
	KTEST_EXPECT_EQ(t, verify(t, buf, 40, 20, true), 0);
	KTEST_EXPECT_EQ(t, after.retries - before.retries, 1UL);
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "floppy: timeout: no interrupt after read"));
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "floppy: retrying sector 40 (try 2 of 4)"));

	floppy_inject_dma_stall(4);
	printk_capture_start(&c, log, sizeof(log));
	err = floppy_read(100, 1, buf);
	printk_capture_stop(&c);
	KTEST_EXPECT_EQ(t, err, -ETIMEDOUT);
	KTEST_EXPECT_NOT_NULL(t, strstr(log, "floppy: retrying sector 100 (try 4 of 4)"));
	/* The drive works again afterwards. */
	KTEST_EXPECT_EQ(t, floppy_read(100, 1, buf), 0);
	KTEST_EXPECT_EQ(t, verify(t, buf, 100, 1, true), 0);
	isa_dma_free(buf, BUF_SIZE);
}

/* ST0-ST2 decoding: what the controller reports becomes a clear error. */
static void status_decoding(struct ktest *t)
{
	static const struct {
		u8 st[3];
		int err;
		const char *msg;
	} cases[] = {
		{ { 0x00, 0x00, 0x00 }, 0, NULL },
		{ { 0x40, 0x20, 0x20 }, -EIO,
		  "floppy: sector 123: CRC error in data field (ST0 0x40 ST1 0x20 ST2 0x20)" },
		{ { 0x40, 0x20, 0x00 }, -EIO, "floppy: sector 123: CRC error in ID field" },
		{ { 0x40, 0x02, 0x00 }, -EIO, "floppy: sector 123: write protected" },
		{ { 0x40, 0x04, 0x00 }, -EIO, "floppy: sector 123: sector not found" },
		{ { 0x40, 0x01, 0x01 }, -EIO, "floppy: sector 123: missing address mark" },
		{ { 0x40, 0x10, 0x00 }, -EIO, "floppy: sector 123: DMA overrun" },
		{ { 0x80, 0x00, 0x00 }, -EIO, "floppy: sector 123: invalid command (ST0 0x80)" },
		{ { 0xc8, 0x00, 0x00 }, -ENXIO, "floppy: sector 123: drive not ready (ST0 0xc8)" },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		capbuf[0] = 0;
		printk_capture_start(&cap, capbuf, sizeof(capbuf));
		KTEST_EXPECT_EQ(t, floppy_result_error(cases[i].st, 123), cases[i].err);
		printk_capture_stop(&cap);
		if (cases[i].msg)
			KTEST_EXPECT_NOT_NULL(t, strstr(capbuf, cases[i].msg));
		else
			KTEST_EXPECT_EQ(t, capbuf[0], 0);
	}
}

static const struct ktest_case floppy_cases[] = {
	KTEST_CASE(status_decoding),
	KTEST_CASE(detect),
	KTEST_CASE(no_disk),
	KTEST_CASE(read_all_sectors),
	KTEST_CASE(write_and_read_back),
	KTEST_CASE(timeout_then_retry),
	KTEST_CASE(beyond_the_disk),
};
KTEST_SUITE(floppy, floppy_cases);
