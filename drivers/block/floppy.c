// SPDX-License-Identifier: MIT
/*
 * The floppy disk controller: an Intel 82077AA at 0x3f0, IRQ 6, ISA DMA
 * channel 2, drive A: as a 1.44 MB disk (see <drivers/floppy.h>).
 *
 * A command is written byte by byte to the FIFO when the main status
 * register says the controller wants one (RQM set, DIO clear); results
 * are read back the same way (RQM and DIO set). Seek, recalibrate, reset,
 * read and write end with IRQ 6; the handler only completes fdc_irq and
 * everything else happens in the sleeping caller. A missing controller
 * floats the bus (0xff: RQM and DIO both set), so the VERSION command
 * times out on the first byte and the driver reports "no controller".
 *
 * The motor is started (with a spin-up delay) by each read or write that
 * finds it off, and stopped by a timer 3 s after the last one ends.
 *
 * Lock order: fdc_busy (a sleeping lock built from fdc_lock and fdc_wait)
 * -> claim_dma_lock(). fdc_lock is a leaf.
 */
#define pr_fmt(fmt) "floppy: " fmt

#include <arch/io.h>
#include <arch/irqflags.h>
#include <drivers/dma.h>
#include <drivers/floppy.h>
#include <kernel/completion.h>
#include <kernel/delay.h>
#include <kernel/errno.h>
#include <kernel/interrupt.h>
#include <kernel/jiffies.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/timer.h>
#include <kernel/wait.h>

#define FD_DOR		0x3f2	/* digital output: drive select, reset, DMA gate, motors */
#define FD_MSR		0x3f4	/* main status (read) */
#define FD_FIFO		0x3f5
#define FD_DIR		0x3f7	/* digital input (read): bit 7 disk change */
#define FD_CCR		0x3f7	/* configuration control (write): data rate */

#define DOR_NRESET	0x04
#define DOR_DMAGATE	0x08	/* IRQ and DMA enabled */
#define DOR_MOTOR_A	0x10
#define MSR_RQM		0x80
#define MSR_DIO		0x40	/* controller to CPU */
#define DIR_DSKCHG	0x80

#define CMD_SPECIFY	0x03
#define CMD_RECAL	0x07
#define CMD_SENSEI	0x08
#define CMD_SEEK	0x0f
#define CMD_VERSION	0x10
#define CMD_READ	0xc6	/* MT | MFM | READ DATA */
#define CMD_WRITE	0xc5	/* MT | MFM | WRITE DATA */

#define ST0_IC		0xc0	/* interrupt code: 0 normal, 0x40 abnormal, 0x80 invalid, 0xc0 not ready */
#define ST0_SE		0x20	/* seek end */
#define ST1_MA		0x01	/* missing address mark */
#define ST1_NW		0x02	/* not writable */
#define ST1_ND		0x04	/* no data: sector not found */
#define ST1_OR		0x10	/* overrun/underrun: DMA too slow */
#define ST1_DE		0x20	/* data error: CRC */
#define ST1_EN		0x80	/* end of cylinder */
#define ST2_DD		0x20	/* CRC error in the data field */
#define ST2_MD		0x01	/* missing data address mark */

#define FD_BUF_SIZE	0x8000	/* one cylinder (18 KiB) fits; order 3, never crosses 64 KiB */
#define FD_RETRIES	3
#define FD_IRQ_TIMEOUT	msecs_to_jiffies(3000)
#define FD_BYTE_POLLS	20000	/* x 10 us: 200 ms per FIFO byte */
#define FD_SPINUP_MS	500	/* motor on to full speed */
#define FD_MOTOR_OFF	(3 * HZ)	/* idle time before the motor stops */

static DEFINE_SPINLOCK(fdc_lock);
static DECLARE_WAIT_QUEUE_HEAD(fdc_wait);
static bool fdc_busy;			/* guarded by fdc_lock */
static bool fdc_motor_on;		/* guarded by fdc_lock; changed only while !fdc_busy or by the holder */
static struct timer_list fdc_motor_timer;
static DECLARE_COMPLETION(fdc_irq);
static int fdc_state = 1;		/* 1: not probed; else floppy_init()'s result */
static const char *fdc_absent = "";
static u8 fdc_version, fdc_cmos;
static int fdc_track = -1;		/* where the head is, -1 unknown */
static void *fdc_buf;			/* the DMA bounce buffer */
static phys_addr_t fdc_buf_phys;
static struct floppy_stats fdc_stats;
static unsigned int fdc_stall_next;	/* floppy_inject_dma_stall() */

static irqreturn_t floppy_interrupt(int irq, void *dev_id)
{
	fdc_stats.irqs++;
	complete(&fdc_irq);
	return IRQ_HANDLED;
}

static void fdc_lock_dev(void)
{
	for (;;) {
		spin_lock_irq(&fdc_lock);
		if (!fdc_busy) {
			fdc_busy = true;
			spin_unlock_irq(&fdc_lock);
			return;
		}
		spin_unlock_irq(&fdc_lock);
		wait_event(fdc_wait, !READ_ONCE(fdc_busy));
	}
}

static void fdc_unlock_dev(void)
{
	spin_lock_irq(&fdc_lock);
	fdc_busy = false;
	spin_unlock_irq(&fdc_lock);
	wake_up(&fdc_wait);
}

static u8 fdc_dor(void)
{
	return DOR_NRESET | DOR_DMAGATE | (fdc_motor_on ? DOR_MOTOR_A : 0);
}

/* Timer (softirq): stop the motor unless a transfer is running. */
static void fdc_motor_off(struct timer_list *timer)
{
	unsigned long flags;

	spin_lock_irqsave(&fdc_lock, flags);
	if (!fdc_busy && fdc_motor_on) {
		fdc_motor_on = false;
		outb(FD_DOR, fdc_dor());
	}
	spin_unlock_irqrestore(&fdc_lock, flags);
}

/* With fdc_busy held: start the motor if it is off and let it spin up. */
static void fdc_motor_start(void)
{
	spin_lock_irq(&fdc_lock);
	if (fdc_motor_on) {
		spin_unlock_irq(&fdc_lock);
		return;
	}
	fdc_motor_on = true;
	outb(FD_DOR, fdc_dor());
	spin_unlock_irq(&fdc_lock);
	msleep(FD_SPINUP_MS);
}

static int fdc_wait_msr(u8 want)
{
	for (int i = 0; i < FD_BYTE_POLLS; i++) {
		if ((inb(FD_MSR) & (MSR_RQM | MSR_DIO)) == want)
			return 0;
		udelay(10);
	}
	return -ETIMEDOUT;
}

static int fdc_out(u8 byte)
{
	if (fdc_wait_msr(MSR_RQM)) {
		fdc_stats.timeouts++;
		return -ETIMEDOUT;
	}
	outb(FD_FIFO, byte);
	return 0;
}

static int fdc_in(u8 *byte)
{
	if (fdc_wait_msr(MSR_RQM | MSR_DIO)) {
		fdc_stats.timeouts++;
		return -ETIMEDOUT;
	}
	*byte = inb(FD_FIFO);
	return 0;
}

static int fdc_command(const u8 *cmd, int n)
{
	for (int i = 0; i < n; i++) {
		if (fdc_out(cmd[i])) {
			pr_err("timeout writing byte %d of command 0x%02x\n", i, cmd[0]);
			return -ETIMEDOUT;
		}
	}
	return 0;
}

static int fdc_wait_irq(const char *what)
{
	if (!wait_for_completion_timeout(&fdc_irq, FD_IRQ_TIMEOUT)) {
		fdc_stats.timeouts++;
		pr_err("timeout: no interrupt after %s\n", what);
		return -ETIMEDOUT;
	}
	return 0;
}

/* SENSE INTERRUPT STATUS: acknowledge a seek/recalibrate/reset interrupt. */
static int fdc_sense(u8 *st0, u8 *pcn)
{
	u8 cmd = CMD_SENSEI;

	if (fdc_command(&cmd, 1) || fdc_in(st0) || fdc_in(pcn)) {
		pr_err("timeout in SENSE INTERRUPT STATUS\n");
		return -ETIMEDOUT;
	}
	return 0;
}

static u8 cmos_read(u8 reg)
{
	unsigned long flags;
	u8 val;

	local_irq_save(flags);
	outb(0x70, reg);
	val = inb(0x71);
	local_irq_restore(flags);
	return val;
}

static int fdc_reset(void)
{
	u8 st0, pcn, spec[3] = { CMD_SPECIFY, 0xdf, 0x02 };	/* SRT 3 ms, HUT 240 ms, HLT 2 ms, DMA */
	int err;

	reinit_completion(&fdc_irq);
	outb(FD_DOR, 0);
	udelay(20);
	outb(FD_DOR, fdc_dor());
	err = fdc_wait_irq("reset");
	if (err)
		return err;
	for (int i = 0; i < 4; i++) {	/* one per drive after a reset */
		err = fdc_sense(&st0, &pcn);
		if (err)
			return err;
	}
	outb(FD_CCR, 0);		/* 500 kbit/s: 1.44 MB */
	fdc_track = -1;
	return fdc_command(spec, 3);
}

static int fdc_seek_cmd(const u8 *cmd, int n, u8 cyl, const char *what)
{
	u8 st0, pcn;
	int err;

	reinit_completion(&fdc_irq);
	err = fdc_command(cmd, n);
	if (!err)
		err = fdc_wait_irq(what);
	if (!err)
		err = fdc_sense(&st0, &pcn);
	if (err)
		return err;
	if ((st0 & (ST0_IC | ST0_SE)) != ST0_SE || pcn != cyl) {
		pr_err("%s to cylinder %u failed: ST0 0x%02x, at cylinder %u\n", what, cyl, st0, pcn);
		return -EIO;
	}
	fdc_track = cyl;
	return 0;
}

static int fdc_recalibrate(void)
{
	u8 cmd[2] = { CMD_RECAL, 0 };

	/* An 82077AA steps at most 79 times: a second try reaches track 0 from 80+. */
	if (fdc_seek_cmd(cmd, 2, 0, "recalibrate"))
		return fdc_seek_cmd(cmd, 2, 0, "recalibrate");
	return 0;
}

static int fdc_seek(u8 cyl, u8 head)
{
	u8 cmd[3] = { CMD_SEEK, (u8)(head << 2), cyl };

	if (fdc_track == cyl)
		return 0;
	return fdc_seek_cmd(cmd, 3, cyl, "seek");
}

/* The disk-change line stays set while no disk is in; a step clears it otherwise. */
static int fdc_check_disk(void)
{
	int err;

	if (!(inb(FD_DIR) & DIR_DSKCHG))
		return 0;
	err = fdc_seek(1, 0);
	if (!err)
		err = fdc_seek(0, 0);
	if (err)
		return err;
	if (inb(FD_DIR) & DIR_DSKCHG) {
		pr_err("no disk in drive A:\n");
		return -ENXIO;
	}
	return 0;
}

/**
 * floppy_result_error - decode ST0-ST2 of a read/write result phase.
 * Context: any.
 * Return: 0, -EIO, or -ENXIO (drive not ready).
 */
int floppy_result_error(const u8 st[3], unsigned int lba)
{
	const char *why;

	switch (st[0] & ST0_IC) {
	case 0:
		return 0;
	case 0x80:
		pr_err("sector %u: invalid command (ST0 0x%02x)\n", lba, st[0]);
		return -EIO;
	case 0xc0:
		pr_err("sector %u: drive not ready (ST0 0x%02x)\n", lba, st[0]);
		return -ENXIO;
	}
	if (st[1] & ST1_NW)
		why = "write protected";
	else if ((st[1] & ST1_DE) && (st[2] & ST2_DD))
		why = "CRC error in data field";
	else if (st[1] & ST1_DE)
		why = "CRC error in ID field";
	else if (st[1] & ST1_OR)
		why = "DMA overrun";
	else if ((st[1] & ST1_MA) || (st[2] & ST2_MD))
		why = "missing address mark";
	else if (st[1] & ST1_ND)
		why = "sector not found";
	else if (st[1] & ST1_EN)
		why = "end of cylinder";
	else
		why = "abnormal termination";
	pr_err("sector %u: %s (ST0 0x%02x ST1 0x%02x ST2 0x%02x)\n", lba, why, st[0], st[1], st[2]);
	return -EIO;
}

static int fdc_program_dma(bool write, size_t len)
{
	unsigned long flags = claim_dma_lock();
	int err;

	disable_dma(FLOPPY_DMA);
	clear_dma_ff(FLOPPY_DMA);
	set_dma_mode(FLOPPY_DMA, write ? DMA_MODE_WRITE : DMA_MODE_READ);
	err = set_dma_buffer(FLOPPY_DMA, fdc_buf_phys, len);
	if (!err && fdc_stall_next)
		fdc_stall_next--;	/* left masked: the controller waits for DMA */
	else if (!err)
		enable_dma(FLOPPY_DMA);
	release_dma_lock(flags);
	return err;
}

/* Mask channel 2 again. Return: the bytes it did not move. */
static int fdc_dma_finish(void)
{
	unsigned long flags = claim_dma_lock();
	int residue;

	disable_dma(FLOPPY_DMA);
	residue = get_dma_residue(FLOPPY_DMA);
	release_dma_lock(flags);
	return residue;
}

/* One READ/WRITE DATA command: @n sectors from @lba, inside one cylinder. */
static int fdc_transfer(bool write, unsigned int lba, unsigned int n)
{
	u8 cyl = lba / (FLOPPY_SECTORS * FLOPPY_HEADS);
	u8 head = (lba / FLOPPY_SECTORS) % FLOPPY_HEADS;
	u8 sect = lba % FLOPPY_SECTORS + 1;
	u8 cmd[9] = { write ? CMD_WRITE : CMD_READ, (u8)(head << 2), cyl, head, sect,
		      2 /* 512 bytes */, FLOPPY_SECTORS, 0x1b /* gap 3 */, 0xff };
	u8 res[7];
	int err, residue;

	err = fdc_seek(cyl, head);
	if (!err)
		err = fdc_program_dma(write, n * FLOPPY_SECTOR_SIZE);
	if (err)
		return err;
	reinit_completion(&fdc_irq);
	err = fdc_command(cmd, 9);
	if (!err)
		err = fdc_wait_irq(write ? "write" : "read");
	for (int i = 0; !err && i < 7; i++)
		err = fdc_in(&res[i]);
	residue = fdc_dma_finish();
	if (err)
		return err;
	err = floppy_result_error(res, lba);
	if (!err && residue) {
		pr_err("sector %u: %d of %u bytes not transferred\n", lba, residue,
		       n * FLOPPY_SECTOR_SIZE);
		err = -EIO;
	}
	if (err)
		return err;
	fdc_stats.transfers++;
	fdc_stats.bytes += n * FLOPPY_SECTOR_SIZE;
	if (n * FLOPPY_SECTOR_SIZE > fdc_stats.max_transfer)
		fdc_stats.max_transfer = n * FLOPPY_SECTOR_SIZE;
	return 0;
}

/* fdc_transfer() with retries: recalibrate (or reset) between tries. */
static int fdc_transfer_retry(bool write, unsigned int lba, unsigned int n)
{
	int err = 0;

	for (int try = 0; try <= FD_RETRIES; try++) {
		if (try) {
			fdc_stats.retries++;
			pr_warn("retrying sector %u (try %d of %d)\n", lba, try + 1, FD_RETRIES + 1);
			if (err == -ETIMEDOUT ? fdc_reset() || fdc_recalibrate() : fdc_recalibrate())
				continue;
		}
		err = fdc_check_disk();
		if (err == -ENXIO)
			return err;
		if (!err)
			err = fdc_transfer(write, lba, n);
		if (!err || err == -ENXIO)
			return err;
	}
	return err;
}

static int floppy_rw(bool write, unsigned int lba, unsigned int count, void *buf)
{
	const unsigned int per_cyl = FLOPPY_SECTORS * FLOPPY_HEADS;
	int err = 0;

	if (lba >= FLOPPY_TOTAL_SECTORS || count > FLOPPY_TOTAL_SECTORS - lba) {
		pr_err("%s of sectors %u+%u: beyond the disk (%u sectors)\n",
		       write ? "write" : "read", lba, count, FLOPPY_TOTAL_SECTORS);
		return -EINVAL;
	}
	err = floppy_init();
	if (err)
		return err;
	fdc_lock_dev();
	fdc_motor_start();
	while (count && !err) {
		unsigned int n = per_cyl - lba % per_cyl;
		size_t bytes;

		if (n > count)
			n = count;
		bytes = n * FLOPPY_SECTOR_SIZE;
		if (write)
			memcpy(fdc_buf, buf, bytes);
		err = fdc_transfer_retry(write, lba, n);
		if (!err && !write)
			memcpy(buf, fdc_buf, bytes);
		lba += n;
		count -= n;
		buf = (char *)buf + bytes;
	}
	mod_timer(&fdc_motor_timer, jiffies + FD_MOTOR_OFF);
	fdc_unlock_dev();
	return err;
}

/**
 * floppy_read - read sectors. See <drivers/floppy.h>.
 * Context: process context, may sleep.
 * Return: 0 or a negative errno.
 */
int floppy_read(unsigned int lba, unsigned int count, void *buf)
{
	return floppy_rw(false, lba, count, buf);
}

/**
 * floppy_write - write sectors. See <drivers/floppy.h>.
 * Context: process context, may sleep.
 * Return: 0 or a negative errno.
 */
int floppy_write(unsigned int lba, unsigned int count, const void *buf)
{
	return floppy_rw(true, lba, count, (void *)buf);
}

static int fdc_detect(void)
{
	u8 cmd = CMD_VERSION;

	fdc_cmos = cmos_read(0x10) >> 4;
	if (fdc_out(cmd) || fdc_in(&fdc_version)) {
		fdc_version = 0;
		fdc_absent = "no floppy controller (VERSION command timed out)";
		return -ENODEV;
	}
	pr_info("controller version 0x%02x%s, drive A: CMOS type %u\n", fdc_version,
		fdc_version == 0x90 ? " (82077AA)" : "", fdc_cmos);
	if (fdc_cmos == 0) {
		fdc_absent = "no floppy drive A: (CMOS type 0)";
		return -ENODEV;
	}
	if (fdc_cmos != 4 && fdc_cmos != 5) {	/* a 2.88 MB drive reads 1.44 MB disks too */
		fdc_absent = "drive A: cannot read 1.44 MB disks (CMOS type not 4 or 5)";
		return -ENODEV;
	}
	return 0;
}

static int fdc_setup(void)
{
	int err;

	fdc_buf = isa_dma_alloc(FD_BUF_SIZE, GFP_KERNEL, &fdc_buf_phys);
	if (!fdc_buf)
		return -ENOMEM;
	err = request_dma(FLOPPY_DMA, "floppy");
	if (err)
		goto free_buf;
	err = request_irq(FLOPPY_IRQ, floppy_interrupt, 0, "floppy", NULL);
	if (err)
		goto free_dma;
	timer_setup(&fdc_motor_timer, fdc_motor_off, 0);
	fdc_motor_start();		/* recalibrate steps the head */
	err = fdc_reset();
	if (!err)
		err = fdc_recalibrate();
	mod_timer(&fdc_motor_timer, jiffies + FD_MOTOR_OFF);
	if (!err) {
		pr_info("drive A: 1.44 MB disks, DMA buffer %#llx (%u bytes)\n",
			(unsigned long long)fdc_buf_phys, FD_BUF_SIZE);
		return 0;
	}
	del_timer_sync(&fdc_motor_timer);
	fdc_motor_on = false;
	outb(FD_DOR, 0);
	free_irq(FLOPPY_IRQ, NULL);
free_dma:
	free_dma(FLOPPY_DMA);
free_buf:
	isa_dma_free(fdc_buf, FD_BUF_SIZE);
	fdc_buf = NULL;
	return err;
}

/**
 * floppy_init - detect and set up the controller and drive A:, once.
 * Context: process context, may sleep.
 * Return: 0 or a negative errno (see <drivers/floppy.h>).
 */
int floppy_init(void)
{
	int err;

	fdc_lock_dev();
	if (fdc_state == 1) {
		err = fdc_detect();
		if (!err)
			err = fdc_setup();
		if (err && !*fdc_absent)
			fdc_absent = "the controller failed to initialise";
		fdc_state = err;
	}
	err = fdc_state;
	fdc_unlock_dev();
	return err;
}

/**
 * floppy_absent_reason - why there is no usable drive.
 * Context: any.
 * Return: a reason, or "" when floppy_init() succeeded or was not called.
 */
const char *floppy_absent_reason(void)
{
	return fdc_absent;
}

/**
 * floppy_version - the VERSION command's answer.
 * Context: any. Return: 0x90 for an 82077AA, 0 if there is no controller.
 */
u8 floppy_version(void)
{
	return fdc_version;
}

/**
 * floppy_cmos_type - drive A:'s type in CMOS register 0x10.
 * Context: any. Return: the type (4: 1.44 MB), 0 if none.
 */
u8 floppy_cmos_type(void)
{
	return fdc_cmos;
}

/**
 * floppy_inject_dma_stall - test hook: leave DMA channel 2 masked for the
 * next @n transfers, so the controller never finishes them.
 * Context: any.
 */
void floppy_inject_dma_stall(unsigned int n)
{
	WRITE_ONCE(fdc_stall_next, n);
}

/**
 * floppy_get_stats - copy the driver's counters.
 * Context: any.
 */
void floppy_get_stats(struct floppy_stats *st)
{
	*st = fdc_stats;
}
