// SPDX-License-Identifier: MIT
/*
 * printk for host tests: messages are formatted with the kernel's own
 * vsnprintf (kern_vsnprintf through host_rename.h), their KERN_<LEVEL>
 * prefix is dropped, and each line goes to stdout as a TAP diagnostic
 * ("# ..."), so nothing a kernel file prints can look like a test result.
 * printk_capture_start/stop work as in the kernel, so a host test can check
 * what was printed.
 */
#include <kernel/compiler.h>
#include <kernel/kallsyms.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define HOST_PRINTK_MAX 1024

static bool host_at_line_start = true;	/* the next character opens a line */
static struct printk_capture *host_capture;	/* innermost active capture */

/*
 * Skip every leading KERN_SOH + level pair ("\0016", "\001c", ...).
 * Return: the text; *@cont says whether KERN_CONT was among them.
 */
static const char *host_strip_level(const char *s, bool *cont)
{
	*cont = false;
	while (s[0] == KERN_SOH[0] && s[1]) {
		if (s[1] == KERN_CONT[1])
			*cont = true;
		s += 2;
	}
	return s;
}

static void host_capture_append(const char *s, size_t len)
{
	struct printk_capture *cap;
	size_t n;

	for (cap = host_capture; cap; cap = cap->prev) {
		if (!cap->size || cap->len >= cap->size - 1)
			continue;
		n = min(len, cap->size - 1 - cap->len);
		memcpy(cap->buf + cap->len, s, n);
		cap->len += n;
		cap->buf[cap->len] = '\0';
	}
}

/* Write @s to stdout, opening every line with "# ". */
static void host_write_diag(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (host_at_line_start)
			fputs("# ", stdout);
		putchar(s[i]);
		host_at_line_start = s[i] == '\n';
	}
	fflush(stdout);
}

/**
 * vprintk - format a kernel message and print it as TAP diagnostics
 * @fmt: format, optionally opening with KERN_<LEVEL> (ignored here)
 * @args: its arguments
 *
 * A message that is not KERN_CONT starts on a new line even if the last one
 * did not end its line. A message longer than HOST_PRINTK_MAX - 1 characters
 * is cut and its line ended, so the TAP line that follows starts in column 0.
 * Context: host tests; single-threaded.
 * Return: the number of characters printed.
 */
int vprintk(const char *fmt, va_list args)
{
	char buf[HOST_PRINTK_MAX];
	const char *text;
	bool cont;
	size_t len;

	if (vsnprintf(buf, sizeof(buf), fmt, args) >= (int)sizeof(buf))
		buf[sizeof(buf) - 2] = '\n';	/* cut: still end the line */
	text = host_strip_level(buf, &cont);
	len = strlen(text);
	if (!cont && !host_at_line_start)
		host_write_diag("\n", 1);
	host_capture_append(text, len);
	host_write_diag(text, len);
	return (int)len;
}

/**
 * printk - vprintk() with variable arguments
 * @fmt: format, optionally opening with KERN_<LEVEL>
 *
 * Context: host tests; single-threaded.
 * Return: the number of characters printed.
 */
int printk(const char *fmt, ...)
{
	va_list args;
	int ret;

	va_start(args, fmt);
	ret = vprintk(fmt, args);
	va_end(args);
	return ret;
}

/**
 * printk_capture_start - also append every message to @buf until stopped
 * @cap: the capture's state, owned by the caller until printk_capture_stop()
 * @buf: where messages go (level prefixes removed), always NUL-terminated
 * @size: bytes at @buf; text past @size - 1 is dropped
 *
 * Captures nest; every active one receives every message.
 * Context: host tests; single-threaded.
 */
void printk_capture_start(struct printk_capture *cap, char *buf, size_t size)
{
	cap->buf = buf;
	cap->size = size;
	cap->len = 0;
	if (size)
		buf[0] = '\0';
	cap->prev = host_capture;
	host_capture = cap;
}

/**
 * printk_capture_stop - end the innermost capture, @cap
 * @cap: the capture printk_capture_start() began last
 *
 * Context: host tests; single-threaded.
 */
void printk_capture_stop(struct printk_capture *cap)
{
	if (host_capture == cap)
		host_capture = cap->prev;
}

/**
 * kallsyms_lookup - host stand-in: no symbol table, so no address is known
 *
 * Weak, so a test with its own fake table (test_vsnprintf.c) overrides it.
 * Context: any.
 * Return: false.
 */
__weak bool kallsyms_lookup(unsigned long addr __maybe_unused,
			    const char **name __maybe_unused,
			    unsigned long *offset __maybe_unused,
			    unsigned long *size __maybe_unused)
{
	return false;
}
