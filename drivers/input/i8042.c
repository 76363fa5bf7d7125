// SPDX-License-Identifier: MIT
/*
 * Polled PS/2 keyboard for the shell. The firmware leaves the i8042 with
 * translation on, so the keyboard's codes arrive as scan code set 1: make
 * codes below 0x80, break codes with bit 7 set, 0xe0 before the extended
 * keys. US layout; Shift, Caps Lock and Ctrl are tracked. Mouse bytes
 * (status bit 5) are dropped.
 *
 * Lock order: none; only the shell reads (one task).
 */
#include <arch/io.h>
#include <drivers/i8042.h>
#include <kernel/compiler.h>

#define I8042_DATA	0x60
#define I8042_STATUS	0x64
#define I8042_STR_OBF	0x01	/* output buffer full: a byte to read */
#define I8042_STR_AUXDATA 0x20	/* ... and it came from the mouse */

#define SC_LCTRL	0x1d
#define SC_LSHIFT	0x2a
#define SC_RSHIFT	0x36
#define SC_CAPSLOCK	0x3a
#define SC_BREAK	0x80
#define SC_EXTENDED	0xe0

/* Set 1 make codes 0x00..0x39, unshifted and shifted. */
static const char keymap[2][0x3a] = {
	"\0\x1b" "1234567890-=\x7f\tqwertyuiop[]\r\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ",
	"\0\x1b" "!@#$%^&*()_+\x7f\tQWERTYUIOP{}\r\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ",
};

static bool shift, ctrl, capslock, extended;
static char pending[4];		/* the rest of an escape sequence */
static unsigned int npending, next_pending;

static void queue(const char *seq)
{
	npending = 0;
	next_pending = 0;
	while (seq[npending] && npending < sizeof(pending))
		pending[npending] = seq[npending], npending++;
}

/* An extended (0xe0-prefixed) make code: the VT100 sequence, queued. */
static int extended_key(u8 code)
{
	switch (code) {
	case 0x48: queue("\x1b[A"); break;
	case 0x50: queue("\x1b[B"); break;
	case 0x4d: queue("\x1b[C"); break;
	case 0x4b: queue("\x1b[D"); break;
	case 0x47: queue("\x1b[H"); break;
	case 0x4f: queue("\x1b[F"); break;
	case 0x53: queue("\x1b[3~"); break;
	case 0x1c: return '\r';		/* keypad Enter */
	case 0x35: return '/';		/* keypad / */
	case SC_LCTRL: ctrl = true; return -1;	/* right Ctrl */
	default: return -1;
	}
	return pending[next_pending++];
}

/* Return: the character for one set-1 code, or -1 (a modifier, a release, ...). */
static int translate(u8 code)
{
	bool ext = extended;
	char c;

	extended = false;
	if (code == SC_EXTENDED) {
		extended = true;
		return -1;
	}
	if (code & SC_BREAK) {
		code &= ~SC_BREAK;
		if (code == SC_LSHIFT || code == SC_RSHIFT)
			shift = false;
		else if (code == SC_LCTRL)
			ctrl = false;
		return -1;
	}
	if (ext)
		return extended_key(code);
	if (code == SC_LSHIFT || code == SC_RSHIFT || code == SC_LCTRL || code == SC_CAPSLOCK) {
		shift |= code == SC_LSHIFT || code == SC_RSHIFT;
		ctrl |= code == SC_LCTRL;
		capslock ^= code == SC_CAPSLOCK;
		return -1;
	}
	if (code >= sizeof(keymap[0]) || !(c = keymap[shift][code]))
		return -1;
	if (capslock && c >= 'a' && c <= 'z' && !shift)
		c -= 'a' - 'A';
	else if (capslock && c >= 'A' && c <= 'Z' && shift)
		c += 'a' - 'A';
	if (ctrl && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
		return c & 0x1f;
	return c;
}

int i8042_kbd_getc(void)
{
	u8 status;

	if (next_pending < npending)
		return pending[next_pending++];
	for (;;) {
		int c;

		status = inb(I8042_STATUS);
		if (status == 0xff || !(status & I8042_STR_OBF))
			return -1;	/* no controller, or nothing waiting */
		if (status & I8042_STR_AUXDATA) {
			inb(I8042_DATA);
			continue;
		}
		c = translate(inb(I8042_DATA));
		if (c >= 0)
			return c;
	}
}
