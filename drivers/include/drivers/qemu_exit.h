/* SPDX-License-Identifier: MIT */
/*
 * Ending a test run: QEMU's isa-debug-exit device (port 0xf4) makes QEMU
 * exit with status (code << 1) | 1, and Bochs stops on "Shutdown" written
 * to port 0x8900. On hardware with neither, both writes are ignored and
 * the caller halts.
 */
#pragma once

#include <kernel/types.h>

#define QEMU_EXIT_PORT 0xf4
#define QEMU_EXIT_SUCCESS 0x10	/* QEMU exits 33 */
#define QEMU_EXIT_FAILURE 0x11	/* QEMU exits 35 */

/* Drain the UART, then signal @code. Returns only if no device stopped us. */
void qemu_exit(u8 code);
