/* SPDX-License-Identifier: MIT */
/* PS/2 keyboard through the i8042 controller, polled (scan code set 1). */
#pragma once

#include <kernel/types.h>

/*
 * i8042_kbd_getc - the next character typed on the PS/2 keyboard: ASCII
 * (Ctrl-letter as control codes, Backspace as DEL), arrows, Home, End and
 * Delete as the VT100 sequences a terminal sends. Polled; never waits.
 * Context: process context (the shell), single reader.
 * Return: a byte, or -1 if none is waiting (or there is no controller).
 */
int i8042_kbd_getc(void);
