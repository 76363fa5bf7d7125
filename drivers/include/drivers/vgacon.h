/* SPDX-License-Identifier: MIT */
/* VGA text-mode console (80x25 at 0xb8000), used when booted in text mode. */
#pragma once

#include <kernel/types.h>

/*
 * vgacon_init - take over the EGA text buffer at @vram (virtual address of
 * a @cols x @rows text buffer), clear it and register it as a console.
 * Context: boot.
 */
void vgacon_init(void *vram, unsigned int cols, unsigned int rows);
