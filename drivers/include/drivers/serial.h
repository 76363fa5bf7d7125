/* SPDX-License-Identifier: MIT */
/*
 * 16550 UART on COM1 (0x3f8), 115200 8N1, polled. Many real PCs have no
 * COM1: serial_init() detects that with a loopback test and everything
 * else then does nothing, never waiting on a port that is not there.
 */
#pragma once

#include <kernel/types.h>

#define COM1_BASE 0x3f8

/* Probe and program COM1, register it as a console. Return: true if present. */
bool serial_init(void);
bool serial_present(void);
void serial_putc(char c);
void serial_write(const char *s, size_t len);
/* Return: the next received byte, or -1 if none is waiting. */
int serial_getc(void);
/* Wait (bounded) until the transmitter is empty (LSR bit 6). */
void serial_drain(void);
