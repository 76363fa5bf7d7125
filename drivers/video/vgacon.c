// SPDX-License-Identifier: MIT
/*
 * VGA text console: light grey on black, scrolls at the bottom, hardware
 * cursor follows the output. Only used under BIOS (UEFI has no text mode).
 */
#include <arch/io.h>
#include <drivers/vgacon.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define VGA_ATTR 0x07

static volatile u16 *vga;
static unsigned int vga_cols, vga_rows, cur_x, cur_y;

static void vga_set_cursor(void)
{
	u16 pos = cur_y * vga_cols + cur_x;

	outb(0x3d4, 0x0f);
	outb(0x3d5, pos & 0xff);
	outb(0x3d4, 0x0e);
	outb(0x3d5, pos >> 8);
}

static void vga_scroll(void)
{
	for (unsigned int i = 0; i < (vga_rows - 1) * vga_cols; i++)
		vga[i] = vga[i + vga_cols];
	for (unsigned int i = 0; i < vga_cols; i++)
		vga[(vga_rows - 1) * vga_cols + i] = (VGA_ATTR << 8) | ' ';
	cur_y = vga_rows - 1;
}

static void vga_putc(char c)
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
		cur_x = (cur_x + 8) & ~7u;
	} else {
		vga[cur_y * vga_cols + cur_x] = (VGA_ATTR << 8) | (u8)c;
		cur_x++;
	}
	if (cur_x >= vga_cols) {
		cur_x = 0;
		cur_y++;
	}
	if (cur_y >= vga_rows)
		vga_scroll();
}

static void vgacon_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	for (size_t i = 0; i < len; i++)
		vga_putc(s[i]);
	vga_set_cursor();
}

static struct console vga_console = {
	.name = "tty0",
	.write = vgacon_write,
};

void vgacon_init(void *vram, unsigned int cols, unsigned int rows)
{
	vga = vram;
	vga_cols = cols;
	vga_rows = rows;
	for (unsigned int i = 0; i < cols * rows; i++)
		vga[i] = (VGA_ATTR << 8) | ' ';
	cur_x = cur_y = 0;
	register_console(&vga_console);
}
