/* SPDX-License-Identifier: MIT */
/*
 * ISA DMA through the two Intel 8237A controllers (drivers/dma/i8237.c),
 * with the API of Linux's arch/x86/include/asm/dma.h.
 *
 * Channels 0-3 are on the first (8-bit) controller: a transfer moves bytes,
 * at most 64 KiB, and may not cross a 64 KiB boundary (the page register
 * holds address bits 16-23 and does not count). Channels 5-7 are on the
 * second (16-bit) controller: words, at most 128 KiB, even addresses, no
 * 128 KiB boundary crossed. Channel 4 cascades the first controller into
 * the second and is never available. Both reach only the first 16 MiB
 * (24 address bits): ISA DMA buffers come from ZONE_DMA (GFP_DMA).
 *
 * Programming a channel, as Linux drivers do:
 *
 *	flags = claim_dma_lock();
 *	disable_dma(chan);
 *	clear_dma_ff(chan);
 *	set_dma_mode(chan, DMA_MODE_READ);
 *	err = set_dma_buffer(chan, phys, len);	(address + count, checked)
 *	if (!err)
 *		enable_dma(chan);
 *	release_dma_lock(flags);
 *
 * Linux's set_dma_addr() has no length and so cannot see a buffer that
 * crosses a boundary; here set_dma_addr() checks what it can (below
 * 16 MiB, even on 16-bit channels) and set_dma_buffer() checks the whole
 * buffer with isa_dma_check() before programming address and count. A
 * refused buffer is reported (naming the address) and nothing is written
 * to the controller.
 *
 * Context: request_dma/free_dma from process context; the channel
 * programming functions under claim_dma_lock() (any context).
 */
#pragma once

#include <kernel/types.h>
#include <mm/gfp.h>

#define MAX_DMA_CHANNELS	8
#define DMA_CASCADE_CHANNEL	4
#define MAX_DMA_ADDRESS_PHYS	(16UL << 20)	/* 24-bit addresses: the first 16 MiB */

/* Mode register values (single transfer, address increment). */
#define DMA_MODE_READ		0x44	/* device to memory (the 8237's "write" transfer) */
#define DMA_MODE_WRITE		0x48	/* memory to device */
#define DMA_MODE_CASCADE	0xc0	/* pass the requests through (channel 4) */
#define DMA_AUTOINIT		0x10	/* reload address and count at terminal count */

/*
 * request_dma - reserve channel @chan for @device_id (a name shown in
 * reports). Return: 0; -EINVAL (no such channel); -EBUSY (reserved by
 * someone else, or the cascade channel 4), reported with the holder's name.
 * Context: any (no sleeping).
 */
int request_dma(unsigned int chan, const char *device_id);
/* Release @chan (masked first). Freeing a free channel is reported. Context: any. */
void free_dma(unsigned int chan);
/* Return: the name @chan was requested with, or NULL if free. */
const char *isa_dma_owner(unsigned int chan);

/* Take / drop the lock that serialises programming of both controllers. */
unsigned long claim_dma_lock(void);
void release_dma_lock(unsigned long flags);

/* The channel operations below expect claim_dma_lock() held. */
void enable_dma(unsigned int chan);	/* unmask: requests are served */
void disable_dma(unsigned int chan);	/* mask */
void clear_dma_ff(unsigned int chan);	/* reset the low/high byte flip-flop */
void set_dma_mode(unsigned int chan, u8 mode);	/* @mode | chan & 3 */
void set_dma_page(unsigned int chan, u8 page);	/* address bits 16-23 */

/*
 * isa_dma_check - can channel @chan move @len bytes at physical @addr?
 * The buffer must lie below 16 MiB, not cross a 64 KiB (channels 0-3) or
 * 128 KiB (5-7) boundary, and on 5-7 start at an even address with an
 * even length. @len is 1..64 KiB (0-3) or 2..128 KiB (5-7).
 * Return: 0, or -EINVAL after printing why, naming the address.
 * Context: any.
 */
int isa_dma_check(unsigned int chan, phys_addr_t addr, size_t len);
/*
 * set_dma_addr - program the start address (page register included).
 * Refuses, reported and with nothing programmed, an address at or above
 * 16 MiB or an odd address on a 16-bit channel. Unlike Linux it returns
 * whether it did so. Return: 0 or -EINVAL.
 */
int set_dma_addr(unsigned int chan, phys_addr_t addr);
/* Program the transfer length in bytes (even on 5-7; the register counts units - 1). */
void set_dma_count(unsigned int chan, unsigned int count);
/*
 * set_dma_buffer - isa_dma_check() the whole buffer, then program its
 * address and count. Return: 0, or -EINVAL with nothing programmed.
 */
int set_dma_buffer(unsigned int chan, phys_addr_t addr, size_t len);
/* Return: bytes not yet transferred (0 after terminal count). Lock held. */
int get_dma_residue(unsigned int chan);
/*
 * isa_dma_read_addr - read the channel's current address back from the
 * controller (page register and address register through the flip-flop).
 * For tests: proves what was, or was not, programmed. Lock held.
 */
phys_addr_t isa_dma_read_addr(unsigned int chan);
/* Return: the number of buffers refused by isa_dma_check()/set_dma_addr() so far. */
unsigned long isa_dma_refused_count(void);

/*
 * isa_dma_alloc - a buffer any ISA DMA channel can reach in one transfer:
 * a naturally aligned buddy block of get_order(@size) pages from ZONE_DMA,
 * so below 16 MiB and never across a 64 KiB boundary. @size is
 * 1..64 KiB; @gfp adds flags (GFP_KERNEL, GFP_ATOMIC, __GFP_ZERO) to GFP_DMA.
 * Return: the buffer's kernel address with its physical address in
 * *@phys, or NULL (size out of range, or no DMA memory).
 * Context: as @gfp allows.
 */
void *isa_dma_alloc(size_t size, gfp_t gfp, phys_addr_t *phys);
/* Free a buffer from isa_dma_alloc() of the same @size. Context: any. */
void isa_dma_free(void *buf, size_t size);
