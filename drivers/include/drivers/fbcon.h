/* SPDX-License-Identifier: MIT */
/*
 * Framebuffer text console for the multiboot2 linear framebuffer (UEFI
 * GOP, or a VBE mode): light grey on black in 8x16 cells, scrolling.
 */
#pragma once

#include <kernel/bootinfo.h>
#include <kernel/types.h>

#define FONT_FIRST	0x20	/* the font covers 0x20..0x7e */
#define FONT_GLYPHS	95
#define FONT_ROWS	7
#define FONT_COLS	5

extern const char font_5x7[FONT_GLYPHS][FONT_ROWS][FONT_COLS + 1];

/*
 * fbcon_init - map @fb (direct RGB, 16/24/32 bpp), clear it, register a
 * console on it and replay the log buffer onto it.
 * Context: process context after paging_init(); once.
 * Return: true if the console was registered.
 */
bool fbcon_init(const struct boot_framebuffer *fb);
