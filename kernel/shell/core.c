// SPDX-License-Identifier: MIT
/*
 * The shell's line editor and command dispatch. Input is COM1 and the PS/2
 * keyboard, polled: the shell sleeps 10 ms whenever neither has a byte
 * waiting, so the rest of the system (timers, kthreads, workqueues) keeps
 * running. Output goes to every
 * console (console_write), not into the log buffer; the line is redrawn
 * with CR, spaces and backspaces only, which the VGA screen follows too.
 *
 * Keys: printable characters insert at the cursor; Backspace/DEL deletes
 * before it, ESC[3~ at it; Left/Right (ESC[D/ESC[C, ESC O D/C), Home/End
 * and Ctrl-A/Ctrl-E move; Up/Down walk the history; Ctrl-U kills the line;
 * Ctrl-C cancels it; Tab completes a command name. A line longer than
 * SHELL_LINE_MAX - 1 characters is refused as a whole when Enter comes.
 *
 * Lock order: none; only the init task runs the shell.
 */
#include <drivers/fbcon.h>
#include <drivers/i8042.h>
#include <drivers/serial.h>
#include <kernel/bootinfo.h>
#include <kernel/delay.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "shell_priv.h"

#define PROMPT		"mm> "
#define HISTORY_SIZE	16
#define IDLE_SLEEP_MS	10

#define KEY_UP		0x100
#define KEY_DOWN	0x101
#define KEY_RIGHT	0x102
#define KEY_LEFT	0x103
#define KEY_HOME	0x104
#define KEY_END		0x105
#define KEY_DELETE	0x106
#define CTRL(c)		((c) - '@')

struct shell_line {
	char buf[SHELL_LINE_MAX];
	unsigned int len;	/* characters in buf (NUL-terminated) */
	unsigned int pos;	/* the cursor, 0..len */
	unsigned int shown;	/* characters on the screen after the prompt */
	bool overflow;		/* more than SHELL_LINE_MAX - 1 typed: refuse on Enter */
	int hist;		/* history entry shown: -1 = the line being typed */
};

static char history[HISTORY_SIZE][SHELL_LINE_MAX];
static unsigned int hist_count;	/* entries ever added; newest at (hist_count - 1) % SIZE */

void shell_printf(const char *fmt, ...)
{
	char buf[1024];
	va_list args;
	int n;

	va_start(args, fmt);
	n = vscnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	console_write(buf, n);
}

/* Return: the next input byte; sleeps while there is none. */
static int shell_getc(void)
{
	int c;

	while ((c = serial_getc()) < 0 && (c = i8042_kbd_getc()) < 0)
		msleep(IDLE_SLEEP_MS);
	return c;
}

/* Read one key, decoding the VT100 escape sequences for the editing keys. */
static int shell_read_key(void)
{
	int c = shell_getc(), n = 0;

	if (c != 0x1b)
		return c;
	c = shell_getc();
	if (c != '[' && c != 'O')
		return -1;
	c = shell_getc();
	while (c >= '0' && c <= '9') {
		n = n * 10 + (c - '0');
		c = shell_getc();
	}
	switch (c) {
	case 'A': return KEY_UP;
	case 'B': return KEY_DOWN;
	case 'C': return KEY_RIGHT;
	case 'D': return KEY_LEFT;
	case 'H': return KEY_HOME;
	case 'F': return KEY_END;
	case '~': return n == 1 || n == 7 ? KEY_HOME : n == 4 || n == 8 ? KEY_END :
			 n == 3 ? KEY_DELETE : -1;
	}
	return -1;
}

/* Print @n copies of @c. */
static void put_run(char c, unsigned int n)
{
	char run[64];

	memset(run, c, sizeof(run));
	for (unsigned int k; n; n -= k) {
		k = min(n, (unsigned int)sizeof(run));
		console_write(run, k);
	}
}

/*
 * Redraw the prompt and the line, blank what is left of a longer one, and
 * put the cursor back: plain CR, spaces and BS, so that any terminal and
 * the VGA screen follow.
 */
static void redraw(struct shell_line *l)
{
	unsigned int pad = l->shown > l->len ? l->shown - l->len : 0;

	shell_printf("\r" PROMPT "%s", l->buf);
	put_run(' ', pad);
	put_run('\b', pad + l->len - l->pos);
	l->shown = l->len;
}

static void line_set(struct shell_line *l, const char *s)
{
	strscpy(l->buf, s, sizeof(l->buf));
	l->len = l->pos = strlen(l->buf);
	l->overflow = false;
}

static void line_insert(struct shell_line *l, char c)
{
	if (l->overflow || l->len == SHELL_LINE_MAX - 1) {
		l->overflow = true;	/* swallow the rest; refused on Enter */
		return;
	}
	memmove(l->buf + l->pos + 1, l->buf + l->pos, l->len - l->pos + 1);
	l->buf[l->pos++] = c;
	l->len++;
	if (l->pos == l->len) {
		shell_printf("%c", c);
		l->shown++;
	} else
		redraw(l);
}

/* Delete the character at @at (the one before the cursor for Backspace). */
static void line_delete(struct shell_line *l, unsigned int at)
{
	bool at_end = at + 1 == l->len && l->pos == l->len;

	memmove(l->buf + at, l->buf + at + 1, l->len - at);
	l->len--;
	if (l->pos > at)
		l->pos--;
	if (at_end) {
		shell_printf("\b \b");
		l->shown--;
	} else
		redraw(l);
}

static const char *history_get(unsigned int back)
{
	return history[(hist_count - 1 - back) % HISTORY_SIZE];
}

static void history_add(const char *s)
{
	if (hist_count && !strcmp(history_get(0), s))
		return;
	strscpy(history[hist_count % HISTORY_SIZE], s, SHELL_LINE_MAX);
	hist_count++;
}

static void history_move(struct shell_line *l, int dir)
{
	static char typed[SHELL_LINE_MAX];	/* the line before Up was pressed */
	unsigned int avail = min(hist_count, (unsigned int)HISTORY_SIZE);
	int next = l->hist + dir;

	if (next < -1 || next >= (int)avail)
		return;
	if (l->hist == -1)
		strscpy(typed, l->buf, sizeof(typed));
	l->hist = next;
	line_set(l, next == -1 ? typed : history_get(next));
	redraw(l);
}

/* Tab: complete the command name if the cursor ends the first word. */
static void complete(struct shell_line *l)
{
	const char *match = NULL;
	unsigned int nr = 0, common = 0;

	if (l->pos != l->len || strchr(l->buf, ' ') || l->overflow)
		return;
	for (unsigned int i = 0; i < shell_nr_cmds; i++) {
		const char *name = shell_cmds[i].name;

		if (strncmp(name, l->buf, l->len))
			continue;
		if (!nr++) {
			match = name;
			common = strlen(name);
		}
		while (common > l->len && strncmp(match, name, common))
			common--;
	}
	if (nr == 0)
		return;
	if (nr == 1 || common > l->len) {
		char tmp[SHELL_LINE_MAX];

		scnprintf(tmp, sizeof(tmp), "%.*s%s", common, match, nr == 1 ? " " : "");
		line_set(l, tmp);
		redraw(l);
		return;
	}
	shell_printf("\n");
	for (unsigned int i = 0; i < shell_nr_cmds; i++)
		if (!strncmp(shell_cmds[i].name, l->buf, l->len))
			shell_printf("%s  ", shell_cmds[i].name);
	shell_printf("\n");
	l->shown = 0;
	redraw(l);
}

/* Handle one key. Return: true when the line is complete (Enter). */
static bool edit_key(struct shell_line *l, int c)
{
	switch (c) {
	case '\r': case '\n':
		shell_printf("\n");
		return true;
	case CTRL('C'):
		shell_printf("^C\n");
		line_set(l, "");
		l->hist = -1;
		l->shown = 0;
		shell_printf(PROMPT);
		break;
	case CTRL('U'):
		line_set(l, "");
		redraw(l);
		break;
	case 0x7f: case '\b':
		if (l->pos > 0 && !l->overflow)
			line_delete(l, l->pos - 1);
		break;
	case KEY_DELETE:
		if (l->pos < l->len && !l->overflow)
			line_delete(l, l->pos);
		break;
	case KEY_LEFT:
		if (l->pos > 0 && !l->overflow) {
			l->pos--;
			shell_printf("\b");
		}
		break;
	case KEY_RIGHT:
		if (l->pos < l->len && !l->overflow)
			shell_printf("%c", l->buf[l->pos++]);
		break;
	case KEY_HOME: case CTRL('A'):
		l->pos = 0;
		redraw(l);
		break;
	case KEY_END: case CTRL('E'):
		l->pos = l->len;
		redraw(l);
		break;
	case KEY_UP: case KEY_DOWN:
		history_move(l, c == KEY_UP ? 1 : -1);
		break;
	case '\t':
		complete(l);
		break;
	default:
		if (c >= 0x20 && c < 0x7f)
			line_insert(l, (char)c);
		break;
	}
	return false;
}

static void read_line(struct shell_line *l)
{
	bool after_cr = false;

	line_set(l, "");
	l->hist = -1;
	l->shown = 0;
	shell_printf(PROMPT);
	for (;;) {
		int c = shell_read_key();

		if (c == '\n' && after_cr) {	/* CR LF from a terminal: one Enter */
			after_cr = false;
			continue;
		}
		after_cr = c == '\r';
		if (edit_key(l, c))
			return;
	}
}

static const struct shell_cmd *find_cmd(const char *name)
{
	for (unsigned int i = 0; i < shell_nr_cmds; i++)
		if (!strcmp(shell_cmds[i].name, name))
			return &shell_cmds[i];
	return NULL;
}

static void run_line(char *line)
{
	char *argv[SHELL_ARGS_MAX];
	const struct shell_cmd *cmd;
	int argc = shell_split(line, argv, SHELL_ARGS_MAX);

	if (argc == 0)
		return;
	if (argc < 0) {
		shell_printf("shell: too many words (at most %d)\n", SHELL_ARGS_MAX);
		return;
	}
	cmd = find_cmd(argv[0]);
	if (!cmd) {
		shell_printf("shell: unknown command '%s'; type 'help' for the list\n", argv[0]);
		return;
	}
	if (cmd->fn(argc, argv) == -EINVAL)
		shell_printf("usage: %s %s\n", cmd->name, cmd->usage);
}

void shell_run(void)
{
	static struct shell_line line;

	fbcon_init(&boot_info.fb);	/* the screen under UEFI, if there is one */
	shell_printf("\nmm kernel shell. Type 'help' for the commands.\n");
	for (;;) {
		read_line(&line);
		if (line.overflow) {
			shell_printf("shell: line too long (more than %d characters); ignored\n",
				     SHELL_LINE_MAX - 1);
			continue;
		}
		if (line.len)
			history_add(line.buf);
		run_line(line.buf);
	}
}
