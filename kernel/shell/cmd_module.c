// SPDX-License-Identifier: MIT
/*
 * insmod, rmmod, lsmod: the module loader from the shell. Modules are the
 * multiboot2 modules GRUB loaded (module2 /boot/modules/NAME.ko NAME.ko);
 * failures are printed as the user-space tools print them, after the
 * kernel's own message.
 */
#include <kernel/errno.h>
#include <kernel/module.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "shell_priv.h"

/* Linux's strerror() text for the errors loading can return. */
static const char *module_strerror(int err)
{
	switch (err) {
	case -ENOENT:
		return "Unknown symbol in module, or unknown parameter (see dmesg)";
	case -ENOEXEC:
		return "Invalid module format";
	case -EEXIST:
		return "File exists";
	case -ENOMEM:
		return "Cannot allocate memory";
	case -EINVAL:
		return "Invalid parameters";
	case -EBUSY:
		return "Device or resource busy";
	case -ENODEV:
		return "No such device";
	default:
		return "Operation failed";
	}
}

int cmd_insmod(int argc, char **argv)
{
	char args[256] = "";
	size_t n = 0;
	int err;

	if (argc < 2)
		return -EINVAL;
	for (int i = 2; i < argc; i++)
		n += scnprintf(args + n, sizeof(args) - n, "%s%s", i > 2 ? " " : "", argv[i]);
	if (!find_boot_module(argv[1])) {
		shell_printf("insmod: ERROR: could not load module %s: No such file or directory\n",
			     argv[1]);
		return 0;
	}
	err = load_boot_module(argv[1], args);
	if (err)
		shell_printf("insmod: ERROR: could not insert module %s: %s\n", argv[1],
			     module_strerror(err));
	return 0;
}

int cmd_rmmod(int argc, char **argv)
{
	int err;

	if (argc != 2)
		return -EINVAL;
	err = delete_module(argv[1]);
	if (err == -ENOENT)
		shell_printf("rmmod: ERROR: Module %s is not currently loaded\n", argv[1]);
	else if (err == -EBUSY)
		shell_printf("rmmod: ERROR: Module %s is in use or cannot be removed\n", argv[1]);
	else if (err)
		shell_printf("rmmod: ERROR: could not remove module %s: %d\n", argv[1], err);
	return 0;
}

static int lsmod_one(const struct module *mod, void *data)
{
	unsigned long base = (unsigned long)mod->base;

	shell_printf("%-20s %7lu  %-7d %-9s 0x%016lx-0x%016lx %s%s%s\n", mod->name, mod->size,
		     mod->refcnt, module_state_name(mod->state), base, base + mod->size,
		     mod->license ? mod->license : "-", mod->description ? ": " : "",
		     mod->description ? mod->description : "");
	return 0;
}

int cmd_lsmod(int argc, char **argv)
{
	if (argc != 1)
		return -EINVAL;
	shell_printf("%-20s %7s  %-7s %-9s %-37s %s\n", "Module", "Size", "Used by", "State",
		     "Address range", "License: description");
	module_for_each(lsmod_one, NULL);
	return 0;
}
