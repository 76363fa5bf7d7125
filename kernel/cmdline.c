// SPDX-License-Identifier: MIT
/*
 * Kernel command line: splitting it into parameters, dispatching them to
 * __setup() handlers and looking single keys up later.
 *
 * The syntax is Linux's (kernel/params.c): parameters are separated by
 * whitespace; "key=value" or a bare "flag"; double quotes protect spaces,
 * either around the value (key="a b") or around the whole parameter
 * ("key=a b"), and are removed. Keys compare with '-' and '_' treated as the
 * same character. A lone "--" ends the kernel's part of the line (Linux hands
 * the rest to init; we have no init, so it is dropped).
 */
#include <kernel/cmdline.h>
#include <kernel/compiler.h>
#include <kernel/printk.h>
#include <kernel/string.h>

/* Bounds of the .init.setup section, from the linker script. */
extern const struct kernel_param __setup_start[], __setup_end[];

char boot_command_line[COMMAND_LINE_SIZE];

static bool cmdline_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static char *cmdline_skip_spaces(char *s)
{
	while (cmdline_is_space(*s))
		s++;
	return s;
}

static char dash_to_underscore(char c)
{
	return c == '-' ? '_' : c;
}

/* Compare two keys, with '-' and '_' equal. */
static bool param_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		if (dash_to_underscore(*a) != dash_to_underscore(*b))
			return false;
	}
	return *a == *b;
}

/*
 * Find where the parameter starting at @args ends (the first whitespace
 * outside quotes, or the NUL) and where its first '=' is (-1 if none).
 */
static size_t param_span(const char *args, bool in_quote, long *equals)
{
	size_t i;

	*equals = -1;
	for (i = 0; args[i]; i++) {
		if (cmdline_is_space(args[i]) && !in_quote)
			break;
		if (args[i] == '=' && *equals < 0)
			*equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	return i;
}

/**
 * next_arg - split the first parameter off a command line
 * @args: the command line; modified in place (NULs written, quotes cut)
 * @param: set to the key
 * @val: set to the value, or NULL for a bare flag ("" for "key=")
 *
 * Leading whitespace is skipped. A quote opening the parameter and one
 * closing it are removed ("key=a b" gives key, "a b"), as are a quote opening
 * the value and the parameter's last character if it is a quote (key="a b").
 * On an empty or all-blank @args, @param is "" and @val NULL.
 *
 * Context: any; touches only @args.
 * Return: the rest of the line after this parameter, its leading
 * whitespace skipped ("" when nothing is left).
 */
char *next_arg(char *args, char **param, char **val)
{
	bool quoted;
	long equals;
	size_t end;

	args = cmdline_skip_spaces(args);
	quoted = *args == '"';
	if (quoted)
		args++;
	end = param_span(args, quoted, &equals);

	*param = args;
	*val = NULL;
	if (equals >= 0) {
		args[equals] = '\0';
		*val = args + equals + 1;
		if (**val == '"') {
			(*val)++;
			if (end > (size_t)equals + 1 && args[end - 1] == '"')
				args[end - 1] = '\0';
		}
	}
	if (quoted && end > 0 && args[end - 1] == '"')
		args[end - 1] = '\0';

	if (args[end])
		args[end++] = '\0';
	return cmdline_skip_spaces(args + end);
}

/* Call every handler named @param. Return: false if there is none. */
static bool parse_one(const char *param, const char *val,
		      const struct kernel_param *params, size_t num)
{
	bool found = false;
	size_t i;

	for (i = 0; i < num; i++) {
		if (!param_eq(param, params[i].name))
			continue;
		found = true;
		if (params[i].setup(val))
			pr_warn("Malformed kernel command line parameter %s%s%s\n",
				param, val ? "=" : "", val ? val : "");
	}
	return found;
}

/**
 * parse_args - dispatch every parameter of a command line to its handlers
 * @args: the command line; modified in place by next_arg()
 * @params: the handlers
 * @num: how many there are
 * @unknown: called with each parameter no handler is named after (may be NULL)
 *
 * Every handler whose name matches a key is called, in table order, once for
 * each time the key appears. A handler that returns an error gets a
 * "Malformed kernel command line parameter" warning; parsing goes on. A lone
 * "--" stops parsing. Empty keys (a stray "=x") count as unknown.
 *
 * Context: any context where printk works; the handlers decide the rest.
 * Return: the number of unknown parameters.
 */
int parse_args(char *args, const struct kernel_param *params, size_t num,
	       void (*unknown)(const char *param, const char *val))
{
	char *param, *val;
	int nr_unknown = 0;

	args = cmdline_skip_spaces(args);
	while (*args) {
		args = next_arg(args, &param, &val);
		if (!val && !strcmp(param, "--"))
			break;
		if (parse_one(param, val, params, num))
			continue;
		nr_unknown++;
		if (unknown)
			unknown(param, val);
	}
	return nr_unknown;
}

/* The unknown parameters, space-separated, for cmdline_init's warning. */
static char cmdline_unknown_list[COMMAND_LINE_SIZE] __initdata;
static size_t cmdline_unknown_len __initdata;

static void __init cmdline_note_unknown(const char *param, const char *val)
{
	char *end = cmdline_unknown_list + cmdline_unknown_len;
	size_t room = sizeof(cmdline_unknown_list) - cmdline_unknown_len;

	cmdline_unknown_len += scnprintf(end, room, "%s%s%s%s",
					 cmdline_unknown_len ? " " : "", param,
					 val ? "=" : "", val ? val : "");
}

/**
 * cmdline_init - record the boot loader's command line and run its handlers
 * @cmdline: the loader's command line (NULL is taken as "")
 *
 * Copies @cmdline into boot_command_line (warning if it had to be cut to
 * COMMAND_LINE_SIZE - 1 characters), prints it, then parses a copy against
 * every __setup() handler and warns once, listing them, about parameters
 * nobody handles.
 *
 * Context: boot only, once, single-threaded; may print.
 */
void __init cmdline_init(const char *cmdline)
{
	static char args[COMMAND_LINE_SIZE] __initdata;
	int nr_unknown;

	if (!cmdline)
		cmdline = "";
	if (strscpy(boot_command_line, cmdline, sizeof(boot_command_line)) < 0)
		pr_warn("Kernel command line truncated to %zu characters\n",
			sizeof(boot_command_line) - 1);
	pr_notice("Kernel command line: %s\n", boot_command_line);

	strscpy(args, boot_command_line, sizeof(args));
	cmdline_unknown_len = 0;
	cmdline_unknown_list[0] = '\0';
	nr_unknown = parse_args(args, __setup_start, __setup_end - __setup_start,
				cmdline_note_unknown);
	if (nr_unknown)
		pr_warn("Unknown kernel command line parameters \"%s\", will be ignored.\n",
			cmdline_unknown_list);
}

/**
 * cmdline_get - look a key up in boot_command_line
 * @key: the key ('-' and '_' match each other)
 *
 * Parses a private copy of boot_command_line, which is left untouched. If
 * the key appears more than once, the last one wins (as later handlers
 * override earlier ones).
 *
 * Context: any, but not concurrently with itself (one static buffer).
 * Return: its value in a static buffer overwritten by the next call, "" for a
 * bare flag, or NULL if @key is absent.
 */
const char *cmdline_get(const char *key)
{
	static char args[COMMAND_LINE_SIZE];
	const char *found = NULL;
	char *rest, *param, *val;

	strscpy(args, boot_command_line, sizeof(args));
	rest = cmdline_skip_spaces(args);
	while (*rest) {
		rest = next_arg(rest, &param, &val);
		if (!val && !strcmp(param, "--"))
			break;
		if (param_eq(param, key))
			found = val ? val : "";
	}
	return found;
}
