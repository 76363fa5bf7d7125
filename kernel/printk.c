// SPDX-License-Identifier: MIT
/*
 * printk: format, keep in the log ring buffer (for dmesg), and write to
 * every registered console whose level allows it.
 *
 * Lock order: none; printk runs with interrupts off for the duration of
 * one message, so it is safe from any context on this single CPU.
 */
#include <arch/cpu.h>
#include <kernel/cmdline.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define LOG_BUF_SIZE (64 * 1024)
#define PRINTK_MSG_MAX 1024

static char log_buf[LOG_BUF_SIZE];
static size_t log_head;		/* next write position */
static size_t log_len;		/* bytes held, <= LOG_BUF_SIZE */
static struct console *consoles;
static struct printk_capture *capture;
static int console_loglevel = 7;	/* print levels below this */

static int __init loglevel_setup(const char *val)
{
	if (!val || val[0] < '0' || val[0] > '9' || val[1])
		return -1;
	console_loglevel = val[0] - '0';
	return 0;
}
__setup("loglevel", loglevel_setup);

static int __init quiet_setup(const char *val)
{
	(void)val;
	console_loglevel = 4;
	return 0;
}
__setup("quiet", quiet_setup);

static void log_store(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		log_buf[log_head] = s[i];
		log_head = (log_head + 1) % LOG_BUF_SIZE;
	}
	log_len = min(log_len + len, (size_t)LOG_BUF_SIZE);
}

static void capture_store(const char *s, size_t len)
{
	for (struct printk_capture *c = capture; c; c = c->prev) {
		size_t room = c->size - 1 - c->len;
		size_t n = min(room, len);

		memcpy(c->buf + c->len, s, n);
		c->len += n;
		c->buf[c->len] = '\0';
	}
}

static void console_emit(const char *s, size_t len)
{
	for (struct console *con = consoles; con; con = con->next)
		con->write(con, s, len);
}

/* Split a leading KERN_<LEVEL> off @text. Return: the level, or -1 (default). */
static int printk_get_level(const char **text)
{
	const char *s = *text;
	int level = -1;

	while (s[0] == KERN_SOH[0] && s[1]) {
		if (s[1] >= '0' && s[1] <= '7')
			level = s[1] - '0';
		s += 2;
	}
	*text = s;
	return level;
}

/**
 * vprintk - format and emit one message.
 * Context: any; interrupts are disabled while the message is emitted.
 * Return: the number of characters of the message (without its level).
 */
int vprintk(const char *fmt, va_list args)
{
	char buf[PRINTK_MSG_MAX];
	const char *text = buf;
	unsigned long flags = native_save_fl();
	int level, len;

	vscnprintf(buf, sizeof(buf), fmt, args);
	level = printk_get_level(&text);
	if (level < 0)
		level = LOGLEVEL_DEFAULT;
	len = strlen(text);

	__asm__ __volatile__("cli" ::: "memory");
	log_store(text, len);
	capture_store(text, len);
	if (level < console_loglevel)
		console_emit(text, len);
	if (flags & X86_EFLAGS_IF)
		__asm__ __volatile__("sti" ::: "memory");
	return len;
}

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

/**
 * register_console - add @con to the consoles and replay nothing: messages
 * printed before it registered stay in the log buffer (dmesg).
 * Context: boot.
 */
void register_console(struct console *con)
{
	struct console **pp = &consoles;

	while (*pp)
		pp = &(*pp)->next;
	con->next = NULL;
	*pp = con;
}

size_t log_buf_read(char *buf, size_t size)
{
	size_t n = min(size, log_len);
	size_t start = (log_head + LOG_BUF_SIZE - n) % LOG_BUF_SIZE;

	for (size_t i = 0; i < n; i++)
		buf[i] = log_buf[(start + i) % LOG_BUF_SIZE];
	return n;
}

/**
 * console_write - write @len bytes to every console, bypassing the log
 * buffer (the shell's echo and command output).
 * Context: any; interrupts are disabled while the bytes are written.
 */
void console_write(const char *s, size_t len)
{
	unsigned long flags = native_save_fl();

	__asm__ __volatile__("cli" ::: "memory");
	console_emit(s, len);
	if (flags & X86_EFLAGS_IF)
		__asm__ __volatile__("sti" ::: "memory");
}

void dmesg(void)
{
	size_t start = (log_head + LOG_BUF_SIZE - log_len) % LOG_BUF_SIZE;

	if (start + log_len <= LOG_BUF_SIZE) {
		console_emit(log_buf + start, log_len);
	} else {
		console_emit(log_buf + start, LOG_BUF_SIZE - start);
		console_emit(log_buf, log_head);
	}
}

/**
 * printk_capture_start - also copy every following message into @buf
 * (NUL-terminated, silently cut at @size) until printk_capture_stop().
 * Captures nest. Context: process context (tests).
 */
void printk_capture_start(struct printk_capture *cap, char *buf, size_t size)
{
	cap->buf = buf;
	cap->size = size;
	cap->len = 0;
	buf[0] = '\0';
	cap->prev = capture;
	capture = cap;
}

void printk_capture_stop(struct printk_capture *cap)
{
	capture = cap->prev;
}

void printk_capture_reset(void)
{
	capture = NULL;
}

/**
 * hex_dump - print @len bytes at @addr, 16 per line, with their address
 * and ASCII, as Linux's print_hex_dump(DUMP_PREFIX_ADDRESS).
 * Context: any.
 */
void hex_dump(const char *prefix, const void *addr, size_t len)
{
	const u8 *p = addr;

	for (size_t off = 0; off < len; off += 16) {
		char line[128];
		int n = scnprintf(line, sizeof(line), "%s%016lx: ", prefix,
				  (unsigned long)(p + off));

		for (size_t i = 0; i < 16; i++)
			n += off + i < len ? scnprintf(line + n, sizeof(line) - n, "%02x ", p[off + i])
					   : scnprintf(line + n, sizeof(line) - n, "   ");
		n += scnprintf(line + n, sizeof(line) - n, " ");
		for (size_t i = 0; i < 16 && off + i < len; i++) {
			u8 c = p[off + i];

			n += scnprintf(line + n, sizeof(line) - n, "%c",
				       c >= 0x20 && c < 0x7f ? c : '.');
		}
		printk(KERN_ERR "%s\n", line);
	}
}
