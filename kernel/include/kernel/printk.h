/* SPDX-License-Identifier: MIT */
/*
 * printk and friends, with Linux's log levels: a message may begin with
 * KERN_<LEVEL> (SOH + digit). Messages go to a ring buffer (read by dmesg)
 * and to every registered console.
 * Context: any, including interrupts and exception handlers; never sleeps.
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/types.h>

#define KERN_SOH "\001"
#define KERN_EMERG KERN_SOH "0"
#define KERN_ALERT KERN_SOH "1"
#define KERN_CRIT KERN_SOH "2"
#define KERN_ERR KERN_SOH "3"
#define KERN_WARNING KERN_SOH "4"
#define KERN_NOTICE KERN_SOH "5"
#define KERN_INFO KERN_SOH "6"
#define KERN_DEBUG KERN_SOH "7"
#define KERN_DEFAULT ""
#define KERN_CONT KERN_SOH "c"

#define LOGLEVEL_DEFAULT 4

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list args) __printf(1, 0);

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define pr_emerg(fmt, ...) printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...) printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...) printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...) printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...) printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...) printk(KERN_CONT fmt, ##__VA_ARGS__)

/*
 * vsnprintf - format into @buf of @size bytes (always NUL-terminated when
 * @size > 0). Supports %d %i %u %x %X %o %c %s %p %% with flags - 0 # + space,
 * width, precision (also *), length modifiers hh h l ll z t, %pS/%ps (symbol
 * with/without +off/size), %pa (phys_addr_t *). NULL %s prints "(null)".
 * Return: the length the full output would have had (as C99).
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args) __printf(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
/* Return: the number of characters actually written (excluding the NUL). */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list args) __printf(3, 0);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
int sprintf(char *buf, const char *fmt, ...) __printf(2, 3);

/* Console output sinks. write() must work in any context. */
struct console {
	const char *name;
	void (*write)(struct console *con, const char *s, size_t len);
	struct console *next;
};

void register_console(struct console *con);
/* Copy the newest @size bytes of the log (oldest first) into @buf. Return: bytes copied. */
size_t log_buf_read(char *buf, size_t size);
/* Write to the consoles without logging (the shell). Context: any. */
void console_write(const char *s, size_t len);
/* Print the whole log buffer to the consoles (the dmesg command). */
void dmesg(void);

/*
 * printk capture (for tests): while a capture is active, every message is
 * also appended to the caller's buffer, so a test can check that a report
 * was printed.
 */
struct printk_capture {
	char *buf;
	size_t size;
	size_t len;
	struct printk_capture *prev;
};
void printk_capture_start(struct printk_capture *cap, char *buf, size_t size);
void printk_capture_stop(struct printk_capture *cap);
/* Drop every active capture (the test runner, after a case that was cut short). */
void printk_capture_reset(void);

void hex_dump(const char *prefix, const void *addr, size_t len);
