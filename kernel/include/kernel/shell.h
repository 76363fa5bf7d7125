/* SPDX-License-Identifier: MIT */
/*
 * The serial shell: an interactive command line over the consoles (input
 * from COM1) to look at and drive the memory manager by hand.
 */
#pragma once

#include <kernel/compiler.h>
#include <kernel/types.h>
#include <mm/gfp.h>

#define SHELL_LINE_MAX	256	/* bytes of one input line, NUL included */
#define SHELL_ARGS_MAX	8	/* words of one command line */

/*
 * shell_run - print the prompt, read lines with editing and history, run
 * them; never returns.
 * Context: process context (the init task, end of boot); sleeps while idle.
 */
void shell_run(void) __noreturn;

/*
 * shell_split - split @line in place at blanks into at most @max words.
 * Return: the number of words, or -E2BIG if there are more than @max.
 */
int shell_split(char *line, char **argv, int max);

/*
 * shell_parse_ulong - a whole decimal, 0x-hex or 0-octal number.
 * Return: 0, or -EINVAL (not a number, trailing junk) / -ERANGE.
 */
int shell_parse_ulong(const char *s, unsigned long *val);

/*
 * shell_parse_size - a number with an optional K, M or G suffix (KiB, MiB,
 * GiB; case-insensitive). Return: 0, -EINVAL or -ERANGE (overflow).
 */
int shell_parse_size(const char *s, unsigned long *val);

/*
 * shell_parse_gfp - GFP flags by name joined with '|' (GFP_KERNEL,
 * __GFP_ZERO, ...), or a number. Return: 0, or -EINVAL for an unknown name.
 */
int shell_parse_gfp(const char *s, gfp_t *gfp);
