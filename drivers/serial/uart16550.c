// SPDX-License-Identifier: MIT
/*
 * Polled 16550 driver for COM1. Every wait is bounded, so a missing or
 * stuck UART slows output down at worst; it never hangs the kernel.
 */
#include <arch/io.h>
#include <drivers/serial.h>
#include <kernel/printk.h>

#define UART_RBR 0	/* receive buffer (read) */
#define UART_THR 0	/* transmit holding (write) */
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_DLL 0
#define UART_DLM 1

#define UART_LSR_DR 0x01	/* data ready */
#define UART_LSR_THRE 0x20	/* transmit holding register empty */
#define UART_LSR_TEMT 0x40	/* transmitter empty */
#define UART_MCR_LOOP 0x10

#define UART_SPIN_LIMIT 100000

static bool present;

static void uart_out(int reg, u8 v)
{
	outb(COM1_BASE + reg, v);
}

static u8 uart_in(int reg)
{
	return inb(COM1_BASE + reg);
}

/* Loopback test: a missing UART reads 0xff and cannot echo. */
static bool uart_probe(void)
{
	if (uart_in(UART_LSR) == 0xff)
		return false;
	uart_out(UART_MCR, UART_MCR_LOOP | 0x03);
	uart_out(UART_THR, 0xae);
	for (int i = 0; i < UART_SPIN_LIMIT; i++) {
		if (uart_in(UART_LSR) & UART_LSR_DR)
			return uart_in(UART_RBR) == 0xae;
	}
	return false;
}

static void serial_console_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	serial_write(s, len);
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_console_write,
};

/**
 * serial_init - detect and program COM1 and register it as a console.
 * Context: boot, interrupts off.
 * Return: true if a UART answered.
 */
bool serial_init(void)
{
	uart_out(UART_IER, 0x00);
	uart_out(UART_LCR, 0x80);		/* DLAB */
	uart_out(UART_DLL, 0x01);		/* 115200 baud */
	uart_out(UART_DLM, 0x00);
	uart_out(UART_LCR, 0x03);		/* 8N1 */
	uart_out(UART_FCR, 0xc7);		/* FIFO on, cleared, 14-byte threshold */
	present = uart_probe();
	uart_out(UART_MCR, 0x03);		/* DTR, RTS; loopback off */
	if (present)
		register_console(&serial_console);
	return present;
}

bool serial_present(void)
{
	return present;
}

void serial_putc(char c)
{
	if (!present)
		return;
	for (int i = 0; i < UART_SPIN_LIMIT; i++)
		if (uart_in(UART_LSR) & UART_LSR_THRE)
			break;
	uart_out(UART_THR, (u8)c);
}

void serial_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

int serial_getc(void)
{
	if (!present || !(uart_in(UART_LSR) & UART_LSR_DR))
		return -1;
	return uart_in(UART_RBR);
}

void serial_drain(void)
{
	if (!present)
		return;
	for (int i = 0; i < UART_SPIN_LIMIT * 10; i++)
		if (uart_in(UART_LSR) & UART_LSR_TEMT)
			return;
}
