// SPDX-License-Identifier: MIT
/*
 * The two Intel 8237A DMA controllers of the PC/AT (and of every chipset
 * since, QEMU's pc and q35 included), as Linux's arch/x86/include/asm/dma.h
 * and kernel/dma.c: channel reservation, channel programming with the
 * boundary checks the hardware cannot do itself, and ISA DMA buffers from
 * ZONE_DMA.
 *
 * Lock order: dma_spin_lock is a leaf (taken with interrupts disabled).
 */
#define pr_fmt(fmt) "isa_dma: " fmt

#include <arch/io.h>
#include <drivers/dma.h>
#include <kernel/errno.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/spinlock.h>
#include <mm/page_alloc.h>

/* First controller (8-bit, channels 0-3). */
#define DMA1_CMD_REG		0x08	/* command (w), status (r) */
#define DMA1_MASK_REG		0x0a	/* single channel mask */
#define DMA1_MODE_REG		0x0b
#define DMA1_CLEAR_FF_REG	0x0c
/* Second controller (16-bit, channels 4-7; ports are word-spaced). */
#define DMA2_MASK_REG		0xd4
#define DMA2_MODE_REG		0xd6
#define DMA2_CLEAR_FF_REG	0xd8

#define DMA_MASK_SET		0x04	/* with the channel number: mask it */

static const u8 dma_addr_port[MAX_DMA_CHANNELS] = {
	0x00, 0x02, 0x04, 0x06, 0xc0, 0xc4, 0xc8, 0xcc };
static const u8 dma_count_port[MAX_DMA_CHANNELS] = {
	0x01, 0x03, 0x05, 0x07, 0xc2, 0xc6, 0xca, 0xce };
static const u8 dma_page_port[MAX_DMA_CHANNELS] = {
	0x87, 0x83, 0x81, 0x82, 0x8f, 0x8b, 0x89, 0x8a };

static DEFINE_SPINLOCK(dma_spin_lock);
/* Guarded by dma_spin_lock. Channel 4 is the cascade, held forever. */
static const char *dma_chan_owner[MAX_DMA_CHANNELS] = {
	[DMA_CASCADE_CHANNEL] = "cascade" };
static unsigned long dma_refused;

static bool dma_16bit(unsigned int chan)
{
	return chan >= 4;
}

/**
 * request_dma - reserve an ISA DMA channel. See <drivers/dma.h>.
 * Context: any.
 * Return: 0, -EINVAL or -EBUSY.
 */
int request_dma(unsigned int chan, const char *device_id)
{
	unsigned long flags;
	const char *owner;

	if (chan >= MAX_DMA_CHANNELS) {
		pr_err("request_dma: no DMA channel %u (0-7)\n", chan);
		return -EINVAL;
	}
	spin_lock_irqsave(&dma_spin_lock, flags);
	owner = dma_chan_owner[chan];
	if (!owner)
		dma_chan_owner[chan] = device_id ? device_id : "?";
	spin_unlock_irqrestore(&dma_spin_lock, flags);
	if (owner) {
		pr_err("request_dma: channel %u for %s is busy (held by %s)\n", chan,
		       device_id ? device_id : "?", owner);
		return -EBUSY;
	}
	return 0;
}

/**
 * free_dma - release a channel from request_dma(); it is masked first.
 * Context: any.
 */
void free_dma(unsigned int chan)
{
	unsigned long flags;

	if (chan >= MAX_DMA_CHANNELS || chan == DMA_CASCADE_CHANNEL) {
		pr_err("free_dma: invalid channel %u\n", chan);
		return;
	}
	spin_lock_irqsave(&dma_spin_lock, flags);
	if (!dma_chan_owner[chan]) {
		spin_unlock_irqrestore(&dma_spin_lock, flags);
		pr_err("free_dma: trying to free free DMA%u\n", chan);
		return;
	}
	disable_dma(chan);
	dma_chan_owner[chan] = NULL;
	spin_unlock_irqrestore(&dma_spin_lock, flags);
}

/**
 * isa_dma_owner - who holds a channel.
 * Context: any.
 * Return: the request_dma() name, or NULL if the channel is free.
 */
const char *isa_dma_owner(unsigned int chan)
{
	return chan < MAX_DMA_CHANNELS ? READ_ONCE(dma_chan_owner[chan]) : NULL;
}

/**
 * claim_dma_lock - take the controllers' lock, interrupts disabled.
 * Context: any.
 * Return: the saved interrupt flags for release_dma_lock().
 */
unsigned long claim_dma_lock(void)
{
	unsigned long flags;

	spin_lock_irqsave(&dma_spin_lock, flags);
	return flags;
}

/**
 * release_dma_lock - drop the lock from claim_dma_lock().
 * Context: the holder.
 */
void release_dma_lock(unsigned long flags)
{
	spin_unlock_irqrestore(&dma_spin_lock, flags);
}

/**
 * enable_dma - unmask @chan. Context: claim_dma_lock() held.
 */
void enable_dma(unsigned int chan)
{
	if (dma_16bit(chan))
		outb(DMA2_MASK_REG, chan & 3);
	else
		outb(DMA1_MASK_REG, chan);
}

/**
 * disable_dma - mask @chan. Context: claim_dma_lock() held.
 */
void disable_dma(unsigned int chan)
{
	if (dma_16bit(chan))
		outb(DMA2_MASK_REG, (chan & 3) | DMA_MASK_SET);
	else
		outb(DMA1_MASK_REG, chan | DMA_MASK_SET);
}

/**
 * clear_dma_ff - the next address/count access is the low byte.
 * Context: claim_dma_lock() held.
 */
void clear_dma_ff(unsigned int chan)
{
	outb(dma_16bit(chan) ? DMA2_CLEAR_FF_REG : DMA1_CLEAR_FF_REG, 0);
}

/**
 * set_dma_mode - write the mode register (DMA_MODE_* | DMA_AUTOINIT).
 * Context: claim_dma_lock() held.
 */
void set_dma_mode(unsigned int chan, u8 mode)
{
	outb(dma_16bit(chan) ? DMA2_MODE_REG : DMA1_MODE_REG, mode | (chan & 3));
}

/**
 * set_dma_page - write address bits 16-23 (bit 16 is ignored on 5-7).
 * Context: claim_dma_lock() held.
 */
void set_dma_page(unsigned int chan, u8 page)
{
	outb(dma_page_port[chan], page);
}

static int dma_refuse(unsigned int chan, phys_addr_t addr, size_t len, const char *why)
{
	dma_refused++;
	pr_err("DMA%u: refusing buffer %#llx-%#llx (%zu bytes): %s\n", chan,
	       (unsigned long long)addr, (unsigned long long)(addr + len - 1), len, why);
	return -EINVAL;
}

/**
 * isa_dma_check - can @chan reach [@addr, @addr + @len) in one transfer?
 * Context: any.
 * Return: 0, or -EINVAL (reported, naming the address).
 */
int isa_dma_check(unsigned int chan, phys_addr_t addr, size_t len)
{
	size_t span = dma_16bit(chan) ? 0x20000 : 0x10000;

	if (chan >= MAX_DMA_CHANNELS || chan == DMA_CASCADE_CHANNEL) {
		pr_err("DMA%u: no such channel\n", chan);
		return -EINVAL;
	}
	if (len == 0 || len > span)
		return dma_refuse(chan, addr, len ? len : 1, dma_16bit(chan) ?
				  "length must be 2..131072 bytes" : "length must be 1..65536 bytes");
	if (addr >= MAX_DMA_ADDRESS_PHYS || addr + len > MAX_DMA_ADDRESS_PHYS)
		return dma_refuse(chan, addr, len, "above 16 MiB, out of ISA DMA reach");
	if (dma_16bit(chan) && ((addr | len) & 1))
		return dma_refuse(chan, addr, len, "odd address or length on a 16-bit channel");
	if ((addr & ~(phys_addr_t)(span - 1)) != ((addr + len - 1) & ~(phys_addr_t)(span - 1)))
		return dma_refuse(chan, addr, len, dma_16bit(chan) ?
				  "crosses a 128 KiB boundary" : "crosses a 64 KiB boundary");
	return 0;
}

static void dma_write_addr(unsigned int chan, phys_addr_t addr)
{
	u16 reg = dma_16bit(chan) ? (u16)(addr >> 1) : (u16)addr;

	set_dma_page(chan, (u8)(addr >> 16));
	outb(dma_addr_port[chan], reg & 0xff);
	outb(dma_addr_port[chan], reg >> 8);
}

/**
 * set_dma_addr - program the start address, refusing what no transfer
 * could use (>= 16 MiB; odd on 5-7). Call clear_dma_ff() first.
 * Context: claim_dma_lock() held.
 * Return: 0, or -EINVAL (reported, nothing programmed).
 */
int set_dma_addr(unsigned int chan, phys_addr_t addr)
{
	int err = isa_dma_check(chan, addr, dma_16bit(chan) ? 2 : 1);

	if (err)
		return err;
	dma_write_addr(chan, addr);
	return 0;
}

/**
 * set_dma_count - program the length in bytes (1..64 KiB on 0-3,
 * 2..128 KiB even on 5-7). Call clear_dma_ff() first.
 * Context: claim_dma_lock() held.
 */
void set_dma_count(unsigned int chan, unsigned int count)
{
	u16 reg = (u16)((dma_16bit(chan) ? count >> 1 : count) - 1);

	outb(dma_count_port[chan], reg & 0xff);
	outb(dma_count_port[chan], reg >> 8);
}

/**
 * set_dma_buffer - check the whole buffer, then program address and count.
 * Context: claim_dma_lock() held.
 * Return: 0, or -EINVAL (reported, nothing programmed).
 */
int set_dma_buffer(unsigned int chan, phys_addr_t addr, size_t len)
{
	int err = isa_dma_check(chan, addr, len);

	if (err)
		return err;
	clear_dma_ff(chan);
	dma_write_addr(chan, addr);
	set_dma_count(chan, len);
	return 0;
}

/**
 * get_dma_residue - bytes left of the programmed transfer.
 * Context: claim_dma_lock() held.
 * Return: 0 after terminal count, else the remaining bytes.
 */
int get_dma_residue(unsigned int chan)
{
	u16 count;

	clear_dma_ff(chan);
	count = 1 + inb(dma_count_port[chan]);
	count += inb(dma_count_port[chan]) << 8;
	return dma_16bit(chan) ? (int)count << 1 : (int)count;
}

/**
 * isa_dma_read_addr - the channel's current address as the controller
 * holds it.
 * Context: claim_dma_lock() held.
 * Return: the 24-bit physical address.
 */
phys_addr_t isa_dma_read_addr(unsigned int chan)
{
	phys_addr_t page = inb(dma_page_port[chan]);
	u16 reg;

	clear_dma_ff(chan);
	reg = inb(dma_addr_port[chan]);
	reg |= inb(dma_addr_port[chan]) << 8;
	if (dma_16bit(chan))
		return ((page & 0xfe) << 16) | ((phys_addr_t)reg << 1);
	return (page << 16) | reg;
}

/**
 * isa_dma_refused_count - buffers refused so far.
 * Context: any.
 * Return: the count.
 */
unsigned long isa_dma_refused_count(void)
{
	return READ_ONCE(dma_refused);
}

/**
 * isa_dma_alloc - an ISA DMA buffer from ZONE_DMA. See <drivers/dma.h>.
 * Context: as @gfp allows.
 * Return: the kernel address (physical in *@phys) or NULL.
 */
void *isa_dma_alloc(size_t size, gfp_t gfp, phys_addr_t *phys)
{
	struct page *page;
	phys_addr_t pa;

	if (size == 0 || size > 0x10000) {
		pr_err("isa_dma_alloc: size %zu out of range (1..65536)\n", size);
		return NULL;
	}
	page = alloc_pages((gfp & ~GFP_ZONEMASK) | GFP_DMA, get_order(size));
	if (!page)
		return NULL;
	pa = page_to_phys(page);
	/* A naturally aligned block below 16 MiB cannot fail this. */
	if (WARN_ON(isa_dma_check(0, pa, size))) {
		__free_pages(page, get_order(size));
		return NULL;
	}
	*phys = pa;
	return page_address(page);
}

/**
 * isa_dma_free - free an isa_dma_alloc() buffer of @size bytes.
 * Context: any.
 */
void isa_dma_free(void *buf, size_t size)
{
	if (buf)
		free_pages((unsigned long)buf, get_order(size));
}
