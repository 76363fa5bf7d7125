// SPDX-License-Identifier: MIT
/*
 * Framebuffer text console: what the serial console shows, on the screen
 * of a machine booted through UEFI (GOP) or into a VBE graphics mode.
 * 8x16 cells with the 5x7 font (font_5x7.c) drawn one pixel wide and two
 * high; light grey on black; scrolls by moving the framebuffer up one row
 * of cells; an underline cursor. \n, \r, \b and \t are honoured.
 *
 * The framebuffer usually lies outside RAM, so it is mapped (uncached) at
 * its direct-map address.
 *
 * Lock order: none; console writes run with interrupts off (printk).
 */
#define pr_fmt(fmt) "fbcon: " fmt

#include <arch/memlayout.h>
#include <arch/mmu.h>
#include <drivers/fbcon.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define CELL_W		8
#define CELL_H		16
#define REPLAY_BYTES	4096

static u8 *fb_base;
static u32 fb_pitch, fb_bpp_bytes, fg_pixel;
static unsigned int cols, rows, cur_x, cur_y;

static u32 channel(u8 value, u8 pos, u8 size)
{
	return size ? ((u32)value >> (8 - min(size, (u8)8))) << pos : 0;
}

static void put_pixel(unsigned int x, unsigned int y, u32 pixel)
{
	u8 *p = fb_base + (size_t)y * fb_pitch + x * fb_bpp_bytes;

	if (fb_bpp_bytes == 4)
		*(volatile u32 *)p = pixel;
	else if (fb_bpp_bytes == 2)
		*(volatile u16 *)p = (u16)pixel;
	else
		for (u32 i = 0; i < fb_bpp_bytes; i++)
			((volatile u8 *)p)[i] = pixel >> (8 * i);
}

static bool glyph_ink(char c, unsigned int px, unsigned int py)
{
	unsigned int row = (py - 1) / 2, col = px - 1;

	if (c < FONT_FIRST || c >= FONT_FIRST + FONT_GLYPHS || py == 0 || px == 0 ||
	    row >= FONT_ROWS || col >= FONT_COLS)
		return false;
	return font_5x7[c - FONT_FIRST][row][col] == '#';
}

static void draw_cell(unsigned int cx, unsigned int cy, char c, bool cursor)
{
	for (unsigned int py = 0; py < CELL_H; py++)
		for (unsigned int px = 0; px < CELL_W; px++) {
			bool ink = glyph_ink(c, px, py) || (cursor && py >= CELL_H - 2);

			put_pixel(cx * CELL_W + px, cy * CELL_H + py, ink ? fg_pixel : 0);
		}
}

static void scroll(void)
{
	size_t row_bytes = (size_t)fb_pitch * CELL_H;

	memmove(fb_base, fb_base + row_bytes, row_bytes * (rows - 1));
	memset(fb_base + row_bytes * (rows - 1), 0, row_bytes);
	cur_y = rows - 1;
}

static void fb_putc(char c)
{
	if (c == '\n') {
		cur_x = 0;
		cur_y++;
	} else if (c == '\r') {
		cur_x = 0;
	} else if (c == '\b') {
		if (cur_x)
			cur_x--;
	} else if (c == '\t') {
		cur_x = min((cur_x + 8) & ~7u, cols - 1);
	} else if (c >= FONT_FIRST && c < FONT_FIRST + FONT_GLYPHS) {
		draw_cell(cur_x, cur_y, c, false);
		cur_x++;
	}
	if (cur_x >= cols) {
		cur_x = 0;
		cur_y++;
	}
	if (cur_y >= rows)
		scroll();
}

/* Cells hold no copy of their character: the cursor cell is redrawn blank. */
static void fbcon_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	draw_cell(cur_x, cur_y, ' ', false);
	for (size_t i = 0; i < len; i++)
		fb_putc(s[i]);
	draw_cell(cur_x, cur_y, ' ', true);
}

static struct console fb_console = {
	.name = "fb0",
	.write = fbcon_write,
};

/* Map the framebuffer at its direct-map address unless it is mapped already. */
static bool map_framebuffer(phys_addr_t phys, size_t size)
{
	unsigned long va = (PAGE_OFFSET + phys) & PAGE_MASK;
	size_t len = ((PAGE_OFFSET + phys + size + PAGE_SIZE - 1) & PAGE_MASK) - va;
	phys_addr_t pa;
	unsigned int flags;
	size_t psize;
	int err = arch_mmu_map(va, va - PAGE_OFFSET, len, PAGE_KERNEL_NOCACHE);

	if (err != -EEXIST)
		return err == 0;
	for (unsigned long p = va; p < va + len; p += PAGE_SIZE)
		if (!arch_mmu_query(p, &pa, &flags, &psize) || !(flags & MMU_WRITE))
			return false;
	return true;
}

bool fbcon_init(const struct boot_framebuffer *fb)
{
	static char replay[REPLAY_BYTES];
	size_t n;

	if (fb_base || !fb->present || fb->type != 1 || (fb->bpp != 16 && fb->bpp != 24 &&
	    fb->bpp != 32) || fb->width < CELL_W || fb->height < CELL_H)
		return false;
	if (!map_framebuffer(fb->addr, (size_t)fb->pitch * fb->height)) {
		pr_warn("cannot map the framebuffer at %#llx\n", (unsigned long long)fb->addr);
		return false;
	}
	fb_base = (u8 *)(PAGE_OFFSET + fb->addr);
	fb_pitch = fb->pitch;
	fb_bpp_bytes = fb->bpp / 8;
	fg_pixel = channel(0xaa, fb->red_pos, fb->red_size) |
		   channel(0xaa, fb->green_pos, fb->green_size) |
		   channel(0xaa, fb->blue_pos, fb->blue_size);
	cols = fb->width / CELL_W;
	rows = fb->height / CELL_H;
	for (u32 y = 0; y < fb->height; y++)
		memset(fb_base + (size_t)y * fb_pitch, 0, (size_t)fb->width * fb_bpp_bytes);
	n = log_buf_read(replay, sizeof(replay));
	fbcon_write(&fb_console, replay, n);
	register_console(&fb_console);
	pr_info("%ux%u text console on the %ux%ux%u framebuffer\n", cols, rows,
		fb->width, fb->height, fb->bpp);
	return true;
}
