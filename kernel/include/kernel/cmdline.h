/* SPDX-License-Identifier: MIT */
/*
 * Kernel command line: "key=value" parameters and bare flags, separated by
 * spaces; a value may be double-quoted to hold spaces (key="a b").
 * Handlers register with __setup("key", fn) from any file; keys nobody
 * registered are warned about at boot, as Linux does.
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/types.h>

#define COMMAND_LINE_SIZE 2048

struct kernel_param {
	const char *name;		/* the key, without '=' */
	/* @val is the text after '=', or NULL for a bare flag. Return: 0 or -errno. */
	int (*setup)(const char *val);
};

#define __setup(str, fn)							\
	static const struct kernel_param __setup_##fn __used			\
		__section(".init.setup") __aligned(8) = { str, fn }

/* The command line as the boot loader gave it (read-only after boot). */
extern char boot_command_line[COMMAND_LINE_SIZE];

/*
 * next_arg - split off the first parameter of @args (Linux semantics):
 * leading spaces skipped, quotes removed, '=' splits key and value.
 * @param gets the key, @val the value or NULL for a bare flag.
 * Return: the rest of the string after this parameter.
 */
char *next_arg(char *args, char **param, char **val);

/*
 * parse_args - call the matching handler in [@params, @params + @num) for
 * every parameter of @args (which is modified in place). Parameters with no
 * handler go to @unknown (may be NULL).
 * Return: the number of unknown parameters.
 */
int parse_args(char *args, const struct kernel_param *params, size_t num,
	       void (*unknown)(const char *param, const char *val));

/*
 * cmdline_init - copy @cmdline into boot_command_line (truncating with a
 * warning), run every __setup handler and warn about unknown keys.
 * Context: boot only.
 */
void cmdline_init(const char *cmdline);

/*
 * cmdline_get - look @key up in boot_command_line.
 * Return: a pointer to a static copy of its value ("" for a bare flag), or
 * NULL if @key is absent. The copy is overwritten by the next call.
 */
const char *cmdline_get(const char *key);
