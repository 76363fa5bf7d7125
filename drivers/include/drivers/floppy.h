/* SPDX-License-Identifier: MIT */
/*
 * The PC floppy disk controller (drivers/block/floppy.c): an Intel 82077AA
 * (or compatible) at 0x3f0, interrupting on IRQ 6 and moving data on ISA
 * DMA channel 2, driving drive A: as a 1.44 MB 3.5" disk (80 cylinders,
 * 2 heads, 18 sectors of 512 bytes per track: 2880 sectors).
 *
 * Sectors are addressed by LBA: cylinder = lba / 36, head = (lba / 18) % 2,
 * sector = lba % 18 + 1. A transfer is cut at the end of each cylinder
 * (multi-track commands read both heads) and goes through a 32 KiB
 * isa_dma_alloc() bounce buffer, so any kernel buffer may be passed.
 *
 * Context: floppy_init/floppy_read/floppy_write sleep (process context);
 * they are serialised by the driver. The interrupt handler only completes
 * a completion.
 */
#pragma once

#include <kernel/types.h>

#define FLOPPY_SECTOR_SIZE	512
#define FLOPPY_SECTORS		18	/* per track */
#define FLOPPY_HEADS		2
#define FLOPPY_CYLINDERS	80
#define FLOPPY_TOTAL_SECTORS	(FLOPPY_SECTORS * FLOPPY_HEADS * FLOPPY_CYLINDERS)
#define FLOPPY_IRQ		6
#define FLOPPY_DMA		2

/*
 * floppy_init - find the controller (VERSION command, with a timeout) and
 * drive A: (CMOS register 0x10), take IRQ 6 and DMA 2, reset, specify and
 * recalibrate. Idempotent: later calls return the first result.
 * Drive types 4 (1.44 MB) and 5 (2.88 MB, QEMU's type for an empty
 * drive) are accepted; the disk itself is checked at each transfer.
 * Return: 0; -ENODEV (no controller, or no drive / not a 1.44 MB drive:
 * floppy_absent_reason() says which); -EBUSY (IRQ 6 or DMA 2 taken);
 * -ETIMEDOUT (the controller stopped answering); -ENOMEM.
 * Context: process context, may sleep.
 */
int floppy_init(void);
/* Return: why floppy_init() found nothing ("" if it found a drive). */
const char *floppy_absent_reason(void);
/* Return: the VERSION command's answer (0x90: 82077AA), 0 if none. */
u8 floppy_version(void);
/* Return: drive A:'s CMOS type (4: 1.44 MB 3.5", 5: 2.88 MB), 0 if none. */
u8 floppy_cmos_type(void);

/*
 * floppy_read / floppy_write - move @count sectors starting at @lba
 * between the disk and @buf, retrying failed transfers (recalibrating in
 * between) up to 3 times.
 * Return: 0; -EINVAL (beyond the disk); -ENODEV (no drive); -ENXIO (no
 * disk in the drive); -EIO (CRC error, sector not found, write protected,
 * ... as reported by ST0-ST2, each printed); -ETIMEDOUT (no interrupt or
 * no answer from the controller).
 * Context: process context, may sleep.
 */
int floppy_read(unsigned int lba, unsigned int count, void *buf);
int floppy_write(unsigned int lba, unsigned int count, const void *buf);

/*
 * floppy_result_error - decode the status bytes ST0, ST1, ST2 of a
 * read/write result phase; print the error, if any, naming @lba.
 * Return: 0 (normal termination), -EIO, or -ENXIO (drive not ready).
 * Context: any.
 */
int floppy_result_error(const u8 st[3], unsigned int lba);

struct floppy_stats {
	unsigned long transfers;	/* read/write commands completed */
	unsigned long bytes;		/* bytes moved by DMA */
	unsigned long max_transfer;	/* largest single DMA transfer, bytes */
	unsigned long retries;
	unsigned long irqs;		/* IRQ 6 interrupts taken */
	unsigned long timeouts;
};
void floppy_get_stats(struct floppy_stats *st);
/*
 * floppy_inject_dma_stall - for tests: leave DMA channel 2 masked during
 * the next @n read/write commands, so no data moves and no interrupt comes:
 * the driver must time out, reset the controller and retry.
 */
void floppy_inject_dma_stall(unsigned int n);
