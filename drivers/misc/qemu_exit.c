// SPDX-License-Identifier: MIT
#include <arch/io.h>
#include <drivers/qemu_exit.h>
#include <drivers/serial.h>

/**
 * qemu_exit - end the run through the emulator's exit devices.
 * Waits for the UART's transmitter to drain first so no output is lost.
 * Context: any, interrupts off.
 */
void qemu_exit(u8 code)
{
	const char *s = "Shutdown";

	serial_drain();
	outb(QEMU_EXIT_PORT, code);
	while (*s)
		outb(0x8900, *s++);
}
