// SPDX-License-Identifier: MIT
/* The shell's command table (help prints it in this order) and help. */
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#include "shell_priv.h"

const struct shell_cmd shell_cmds[] = {
	{ "help", "", "list the commands", cmd_help },
	{ "meminfo", "", "memory usage summary (/proc/meminfo)", cmd_meminfo },
	{ "buddyinfo", "", "free blocks per order and zone (/proc/buddyinfo)", cmd_buddyinfo },
	{ "zoneinfo", "", "per-zone counters and watermarks (/proc/zoneinfo)", cmd_zoneinfo },
	{ "slabinfo", "", "slab caches (/proc/slabinfo)", cmd_slabinfo },
	{ "vmallocinfo", "", "vmalloc areas (/proc/vmallocinfo)", cmd_vmallocinfo },
	{ "kfence", "", "KFENCE counters (/sys/kernel/debug/kfence/stats)", cmd_kfence },
	{ "free", "", "short memory summary in KiB", cmd_free },
	{ "dmesg", "", "the kernel log buffer", cmd_dmesg },
	{ "memmap", "", "firmware memory map and memblock regions", cmd_memmap },
	{ "kmalloc", "SIZE [FLAGS]", "kmalloc(SIZE, FLAGS=GFP_KERNEL), print the address", cmd_kmalloc },
	{ "kfree", "ADDR", "kfree(ADDR)", cmd_kfree },
	{ "vmalloc", "SIZE", "vmalloc(SIZE), print the address", cmd_vmalloc },
	{ "vfree", "ADDR", "vfree(ADDR)", cmd_vfree },
	{ "alloc_pages", "ORDER [FLAGS]", "__get_free_pages(FLAGS=GFP_KERNEL, ORDER)", cmd_alloc_pages },
	{ "free_pages", "ADDR ORDER", "free_pages(ADDR, ORDER)", cmd_free_pages },
	{ "slab_create", "NAME SIZE", "kmem_cache_create(NAME, SIZE)", cmd_slab_create },
	{ "slab_alloc", "NAME [FLAGS]", "kmem_cache_alloc() from a shell-made cache", cmd_slab_alloc },
	{ "slab_free", "NAME ADDR", "kmem_cache_free() to a shell-made cache", cmd_slab_free },
	{ "slab_destroy", "NAME", "kmem_cache_destroy() a shell-made cache", cmd_slab_destroy },
	{ "peek", "ADDR [LEN]", "hex dump of mapped memory (LEN <= 4096, default 64)", cmd_peek },
	{ "insmod", "NAME [ARGS...]", "load boot module NAME.ko (module2 in grub.cfg)", cmd_insmod },
	{ "rmmod", "NAME", "unload module NAME (its exit, then free everything)", cmd_rmmod },
	{ "lsmod", "", "loaded modules: size, users, state, address range", cmd_lsmod },
	{ "translate", "ADDR|SYMBOL", "page-table walk: each level's entry and flags", cmd_translate },
	{ "test", "[SUITE...]", "run in-kernel test suites (KTAP; default all)", cmd_test },
	{ "bench", "[NAME...]", "run benchmarks, one round (default all)", cmd_bench },
	{ "compare", "", "kmalloc vs vmalloc, measured now", cmd_compare },
	{ "stress", "SECONDS", "random allocate/check/free load, a line a second", cmd_stress },
	{ "reboot", "", "reset the machine", cmd_reboot },
	{ "poweroff", "", "switch off (QEMU/Bochs ACPI ports, QEMU exit), else halt", cmd_poweroff },
};
const unsigned int shell_nr_cmds = ARRAY_SIZE(shell_cmds);

int cmd_help(int argc, char **argv)
{
	if (argc != 1)
		return -EINVAL;
	for (unsigned int i = 0; i < shell_nr_cmds; i++) {
		char left[40];

		scnprintf(left, sizeof(left), "%s %s", shell_cmds[i].name, shell_cmds[i].usage);
		shell_printf("  %-26s %s\n", left, shell_cmds[i].help);
	}
	shell_printf("Keys: Tab completes, Up/Down history, Left/Right move, Ctrl-U kills, Ctrl-C cancels.\n");
	return 0;
}
