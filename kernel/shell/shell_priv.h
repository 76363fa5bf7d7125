/* SPDX-License-Identifier: MIT */
/* The shell's private interfaces: its output and the command table. */
#pragma once

#include <kernel/compiler.h>
#include <kernel/shell.h>
#include <kernel/types.h>

struct shell_cmd {
	const char *name;
	const char *usage;	/* the arguments, for "usage: NAME USAGE" */
	const char *help;	/* one line for help */
	/* Return: 0, or -EINVAL to print the usage line. */
	int (*fn)(int argc, char **argv);
};

extern const struct shell_cmd shell_cmds[];
extern const unsigned int shell_nr_cmds;

/* printf to the consoles, not into the log buffer (at most 1 KiB a call). Context: any. */
void shell_printf(const char *fmt, ...) __printf(1, 2);

/*
 * Command handlers (commands.c, cmd_mm.c, cmd_sys.c, compare.c, power.c,
 * stress.c):
 * run one command; @argv[0] is its name. Bad arguments change nothing.
 * Context: process context (the shell's task); may sleep.
 * Return: 0 (failures are printed), or -EINVAL to have the usage printed.
 * cmd_reboot and cmd_poweroff return only for bad arguments.
 */
int cmd_help(int argc, char **argv);
int cmd_meminfo(int argc, char **argv);
int cmd_buddyinfo(int argc, char **argv);
int cmd_zoneinfo(int argc, char **argv);
int cmd_slabinfo(int argc, char **argv);
int cmd_vmallocinfo(int argc, char **argv);
int cmd_kfence(int argc, char **argv);
int cmd_free(int argc, char **argv);
int cmd_kmalloc(int argc, char **argv);
int cmd_kfree(int argc, char **argv);
int cmd_vmalloc(int argc, char **argv);
int cmd_vfree(int argc, char **argv);
int cmd_alloc_pages(int argc, char **argv);
int cmd_free_pages(int argc, char **argv);
int cmd_slab_create(int argc, char **argv);
int cmd_slab_alloc(int argc, char **argv);
int cmd_slab_free(int argc, char **argv);
int cmd_slab_destroy(int argc, char **argv);
int cmd_dmesg(int argc, char **argv);
int cmd_memmap(int argc, char **argv);
int cmd_peek(int argc, char **argv);
int cmd_translate(int argc, char **argv);
int cmd_insmod(int argc, char **argv);	/* cmd_module.c */
int cmd_rmmod(int argc, char **argv);
int cmd_lsmod(int argc, char **argv);
int cmd_test(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_stress(int argc, char **argv);
int cmd_reboot(int argc, char **argv);
int cmd_poweroff(int argc, char **argv);
